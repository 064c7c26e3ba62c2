//! Bildungsmonitoring: indicators over learner-level records and the school directory,
//! protected by statistical disclosure control before they leave the library.
//!
//! * [`record`]: the monitoring record and its JSON Lines / CSV loaders.
//! * [`indicator`]: indicators as declarative specifications ([`indicator::IndicatorSpec`]),
//!   the standard set, per-Land conventions, counting into mergeable partials.
//! * [`cube`]: the mergeable partial aggregate — count per batch or partition, merge, protect
//!   once; the protected table is the same as on one machine.
//! * [`sdc`]: primary suppression (minimum frequency, dominance), secondary suppression by exact
//!   integer Gaussian elimination, the interval audit, rounding to base 5.
//! * [`table`]: columnar output tables with a margin column: CSV for publication (`.` for
//!   suppressed cells) and JSON for the producer (with each cell's status).
//! * [`directory`]: schools and pupils per Schulform and Kommune from the school directory.
//! * [`register`]: the register of what earlier releases published, which each new release
//!   is protected against.
//!
//! ```
//! use bildungsnetz::monitor::indicator::{standard_indicators, IfEmpty, IndicatorSet, LandConvention};
//! use bildungsnetz::monitor::record::read_records_jsonl;
//! use bildungsnetz::monitor::sdc::Protection;
//! let mut lines = String::new();
//! for (i, form) in ["20", "20", "20", "20", "15", "15", "15", "10", "10", "10", "04"].iter().enumerate() {
//!     let ags = if i % 2 == 0 { "05334002" } else { "05334004" };
//!     lines.push_str(&format!(
//!         "{{\"school_year\":\"2024/25\",\"school_ags\":\"{ags}\",\"grade\":4,\"transition_schulform\":\"{form}\"}}\n"));
//! }
//! let records = read_records_jsonl(lines.as_bytes())?;
//! let specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
//! let set = IndicatorSet::new(specs, &["05334002".into(), "05334004".into()])?;
//! let partials = set.count(&records)?;
//! // Only the Übergangsquote has records here: the other indicators' tables are empty.
//! let results = set.publish(&partials, &Protection::default(), IfEmpty::Publish)?;
//! let quote = &results[0].tables[0];
//! let total = quote.find(&[None, None]).unwrap(); // summed over Kommune and Schulform
//! assert_eq!(quote.value[total], Some(11));
//! assert_eq!(quote.margin[total].as_deref(), Some("kommune+transition_schulform"));
//! let hs = quote.find(&[Some("05334002"), Some("04")]).unwrap();
//! assert_eq!(quote.value[hs], None); // one pupil: suppressed
//! assert!(quote.to_csv().contains(",.,"));
//! assert_eq!(results[0].counted, 11);
//! assert_eq!(results[4].uncounted[0].to_string(), "11 without qualification");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod cube;
pub mod directory;
pub mod indicator;
pub mod record;
pub mod register;
pub mod sdc;
pub mod table;

use crate::rules::RecordErrorKind;

fn reasons(list: &[indicator::Uncounted]) -> String {
    if list.is_empty() {
        return "no records at all".to_owned();
    }
    list.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why monitoring input or a specification could not be processed. Messages never contain a
/// person's values: they name the position and the field only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MonitorError {
    /// A record in a file could not be read.
    #[error("record at line {line}{}: {kind}", field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
    Record {
        /// 1-based line number.
        line: u64,
        /// The field, when one field is at fault.
        field: Option<String>,
        /// What is wrong.
        kind: RecordErrorKind,
    },
    /// An indicator counted no record and empty tables were not asked for.
    #[error(
        "indicator {indicator} counted no record ({}); ask for empty tables explicitly \
         (allow_empty) to publish it",
        reasons(main_reasons)
    )]
    EmptyPopulation {
        /// The indicator's id.
        indicator: String,
        /// The most frequent reasons the records were not counted (at most three).
        main_reasons: Vec<indicator::Uncounted>,
    },
    /// Reading the input failed.
    #[error("input could not be read ({0:?})")]
    Io(std::io::ErrorKind),
    /// Partial aggregates of different layouts.
    #[error("partial aggregates have different layouts and cannot be merged")]
    LayoutMismatch,
    /// An invalid specification or setting.
    #[error("invalid specification: {0}")]
    Spec(String),
    /// The exact elimination's integers overflowed (no wrong answer is given).
    #[error("integer overflow in the exact elimination")]
    Overflow,
    /// A count or a sum of contributions (e.g. pupils) would not fit in 64 bits; nothing was
    /// added.
    #[error("a count or sum of contributions does not fit in 64 bits")]
    SumOverflow,
    /// The audit's linear program failed.
    #[error("the audit's linear program failed: {0}")]
    Solver(String),
    /// A cell whose status an earlier release fixed cannot keep it (see
    /// [`sdc::protect_fixed`]): `cell` is the distinct cell of the publication.
    #[error("cell {cell} of the publication: {conflict}")]
    Fixed {
        /// The distinct cell.
        cell: usize,
        /// Why.
        conflict: sdc::Conflict,
    },
    /// A cell of a table in the register of earlier releases cannot keep its status (see
    /// [`register`]). Names the table, the cell's labels (codes, no person's values) and the
    /// release that fixed it, if one did.
    #[error("table {table}{}{}: {conflict}",
        if labels.is_empty() { String::new() } else { format!(", cell [{}]", labels.join(", ")) },
        release.as_ref().map(|r| format!(", release \"{r}\"")).unwrap_or_default())]
    Register {
        /// The table's id.
        table: String,
        /// The cell's labels, one per dimension (empty: the whole table).
        labels: Vec<String>,
        /// The earlier release that showed the cell, if the conflict is about one.
        release: Option<String>,
        /// Why.
        conflict: sdc::Conflict,
    },
    /// A register file that cannot be read: where (a JSON pointer, `""` for the whole
    /// document) and what.
    #[error("register at {pointer:?}: {message}")]
    RegisterFile {
        /// The JSON pointer (RFC 6901).
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A broken internal invariant (a bug; reported, never a panic).
    #[error("internal error in the disclosure control")]
    Internal,
}
