//! The eligibility engine: given a learner's facts, a [`Transition`] and a date, say whether the
//! person is eligible, from when, on which legal basis and why.
//!
//! * Law is data: every rule has a stable id, dated versions with citations and source notes, and
//!   (where the law sets one) a parameter value. The embedded law files are in
//!   `core/src/rules/params/`; a caller can layer a what-if set over them with
//!   [`RuleBook::with_overrides`].
//! * An evaluation asks "as of which date?" and uses the law in force on the dates the question
//!   needs (for school entry: the version in force on 1 August of each school year considered).
//! * A [`Decision`] carries the outcome, the effective date, the checks with rule id and citation,
//!   the missing facts and a German and an English sentence.
//! * Batch first: [`RuleBook::school_entry_batch`] answers school-entry questions for columns of
//!   birth days (Arrow `date32`) with a precomputed table, so the inner loop is a lookup;
//!   [`RuleBook::evaluate_rows`] decides any transition for a table of learners, one
//!   [`RowDecision`] per row (read a table's text columns with [`LearnerColumns`], a CSV file
//!   that may hold bad rows with [`read_text_table_csv`]).
//!
//! ## Law files
//!
//! `params/*.json` hold rules by stable id (`nrw.einschulung.stichtag`), each with versions
//! `{from, until, value?, citation, short_citation?, source}`; `[U]` in a source note marks what
//! was not verified against the legal text, and the note says which text was followed. Periods
//! of one rule must not overlap within a file. See [`law`] for the value types.
//!
//! ## Lean codes (batch paths, C ABI, Arrow)
//!
//! | column | type | values |
//! |---|---|---|
//! | outcome | `u8` | 0 not eligible, 1 eligible, 2 discretionary, 3 undetermined (null input), 255 no answer ([`OUTCOME_ERROR`]) |
//! | effective day | `i32` | days since 1970-01-01 (`date32`), [`NO_DATE`] = none |
//! | rule | `u16` | row of the rule table, resolved by [`RuleBook::rule`]; [`NO_RULE`] = none |
//!
//! ## Adding a rule pack
//!
//! Add the rules (with citations and validity) to a law file, a [`Transition`] variant with its
//! stable id and stages, a module with `evaluate(book, facts, as_of, detail)` (its notes and
//! sentences made only through `Detail::text` and `RuleBook::check_as`, so that table rows
//! skip them), a dispatch arm in `RuleBook::decide`, and conformance cases in
//! `tests/conformance/`.
//!
//! ```
//! use bildungsnetz::calendar::{Date, SchoolYear};
//! use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
//! let book = RuleBook::embedded()?;
//! let child = LearnerFacts::born(Date::from_ymd(2019, 10, 1)?, Land::NW);
//! let d = book.school_entry(&child, SchoolYear::starting(2025)?)?;
//! assert_eq!(d.outcome, Outcome::NotEligible);
//! // Not eligible: no effective date; the later day the law names is `eligible_from`.
//! assert_eq!(d.effective_date, None);
//! assert_eq!(d.eligible_from, Some(Date::from_ymd(2026, 8, 1)?));
//! // The same child in Rheinland-Pfalz (cut-off 31 August): also 2026.
//! let rp = LearnerFacts::born(Date::from_ymd(2019, 10, 1)?, Land::RP);
//! assert_eq!(book.school_entry(&rp, SchoolYear::starting(2026)?)?.outcome, Outcome::Eligible);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cohort;
pub mod conformance;
mod decision;
mod einschulung;
mod facts;
mod kita;
pub mod law;
mod loaders;
pub mod pathways;
mod rows;
mod schulpflicht;
mod seiteneinstieg;
pub mod sek1;
mod sek2;
mod stage;

use std::borrow::Cow;

pub use cohort::{CohortChild, CohortPlan, CohortRow, Scenario};
pub use decision::{
    Check, CheckResult, Decision, LeanDecision, NO_DATE, NO_RULE, OUTCOME_ERROR, Outcome,
};
pub use einschulung::{EntryMemo, InYearMemo, LeanColumns};
pub use facts::{DeferralGround, GymnasiumTrack, LearnerFacts, RestingGround, SchoolDoctorOpinion};
pub use law::RuleRef;
pub use loaders::{
    FactCell, LearnerColumns, TextRow, TextTable, read_learners_csv, read_learners_jsonl,
    read_text_table_csv,
};
pub use pathways::{Goal, NextStep, Route, RouteOptions, RouteStep};
pub use rows::{RowDecider, RowDecision};
pub use sek2::Bildungsgang;
pub use sek2::codes::{Abschluss, Grade, Jahrgang};
pub use sek2::{BbsBildungsgang, BbsEntry};
pub use sek2::{
    CourseType, EfSheet, EfSubject, GostFacts, HalfYear, Points, QCourse, SubjectGroup,
};
pub use stage::{BerufskollegAnlage, Land, Schulform, Stage, Transition};

use crate::calendar::{Date, SchoolYear};
use decision::Detail;
use law::{LawFile, RuleTable};

/// Why an evaluation, a law file or a record could not be processed. Messages never contain
/// personal values (dates of birth, names, ids): they name the field and the position only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A law file (embedded or override) is malformed.
    #[error("law file {source_name}: {message}")]
    Law {
        /// Which file.
        source_name: String,
        /// What is wrong (structure only).
        message: String,
    },
    /// No version of a rule needed by the question is in force on a date it needs (the law of
    /// that time is not encoded).
    #[error("no version of rule {rule_id} is in force on a date this question needs")]
    NoLawInForce {
        /// The rule.
        rule_id: String,
    },
    /// The transition has no rule pack for the Land.
    #[error("transition {transition} is not covered for Land {land}")]
    NotCovered {
        /// Transition id.
        transition: &'static str,
        /// Land code.
        land: &'static str,
    },
    /// A transition id that does not exist.
    #[error("unknown transition id")]
    UnknownTransition,
    /// A Land code that is none of the sixteen.
    #[error("unknown Land code (expected a two-letter code such as NW or RP)")]
    UnknownLand,
    /// A computed date fell outside the calendar's range (years 1800–2200).
    #[error("a date needed by the question lies outside the supported calendar range")]
    DateOutOfRange,
    /// Output columns of a batch call do not have the input's length.
    #[error("batch column {column} has length {found}, expected {expected}")]
    LengthMismatch {
        /// Which output column.
        column: &'static str,
        /// The input length.
        expected: usize,
        /// The column's length.
        found: usize,
    },
    /// A learner record could not be read.
    #[error("record at line {line}{}: {kind}", field.as_ref().map(|f| format!(", field {f}")).unwrap_or_default())]
    Record {
        /// 1-based line number in the input.
        line: u64,
        /// The field, when one field is at fault.
        field: Option<String>,
        /// What is wrong.
        kind: RecordErrorKind,
    },
    /// Reading the input failed.
    #[error("input could not be read ({0:?})")]
    Io(std::io::ErrorKind),
    /// A conformance case file or case is malformed.
    #[error("conformance file {source_name}{}: {message}", case.as_ref().map(|c| format!(", case {c}")).unwrap_or_default())]
    Case {
        /// Which file.
        source_name: String,
        /// Which case (id or index), if one.
        case: Option<String>,
        /// What is wrong.
        message: String,
    },
}

impl RuleError {
    /// A stable code per variant, for the bindings and conformance cases.
    ///
    /// ```
    /// use bildungsnetz::rules::RuleError;
    /// assert_eq!(RuleError::UnknownLand.code(), "unknown_land");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::Law { .. } => "law_file",
            RuleError::NoLawInForce { .. } => "no_law_in_force",
            RuleError::NotCovered { .. } => "not_covered",
            RuleError::UnknownTransition => "unknown_transition",
            RuleError::UnknownLand => "unknown_land",
            RuleError::DateOutOfRange => "date_out_of_range",
            RuleError::LengthMismatch { .. } => "length_mismatch",
            RuleError::Record { .. } => "record",
            RuleError::Io(_) => "io",
            RuleError::Case { .. } => "case_file",
        }
    }
}

/// What is wrong with a learner record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordErrorKind {
    /// The line is not valid JSON / CSV.
    #[error("malformed syntax")]
    Syntax,
    /// The line is valid JSON but not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A field the format does not know; `known` lists the fields it does know.
    #[error("unknown field; known fields: {}", known.join(", "))]
    UnknownField {
        /// The field names of the format ([`LearnerFacts::FIELDS`],
        /// [`crate::monitor::record::MonitoringRecord::FIELDS`]).
        known: &'static [&'static str],
    },
    /// A field's value has the wrong form (the value itself is not reported).
    #[error("invalid value")]
    InvalidValue,
    /// A CSV record with a different number of fields than the header.
    #[error("wrong number of fields")]
    FieldCount,
    /// A CSV line with a quote that is not closed on it, or with text right after a closing
    /// quote. Reading stops here rather than let the quote swallow the lines after it.
    #[error(
        "unbalanced quote (a quoted field not closed on its line, or text after a closing quote)"
    )]
    Quote,
    /// A CSV header cell that is not a field name. The cell is not echoed: in a file without a
    /// header it would be a person's value. `suggestion` is a field name close to it.
    #[error("column {column} of the header is not a field name{}", suggestion.map(|s| format!(" (did you mean {s}?)")).unwrap_or_default())]
    UnknownColumn {
        /// 1-based column.
        column: usize,
        /// A known field name within two edits of the cell, if any.
        suggestion: Option<&'static str>,
    },
    /// A code field (Land, qualification, Schulform, Kommune) with a spelling the vocabulary
    /// does not know; the message lists accepted codes, never the value.
    #[error("{0}")]
    UnknownCode(crate::vocabulary::UnknownCode),
    /// A Schulform key the official list does not have in the record's school year (the
    /// Gemeinschaftsschule, `16`, ends with 2022/23).
    #[error("Schulform not in the official list of the record's school year")]
    SchulformNotInYear,
}

const EMBEDDED: [(&str, &str); 8] = [
    ("federal.json", include_str!("params/federal.json")),
    ("nrw.json", include_str!("params/nrw.json")),
    ("rlp.json", include_str!("params/rlp.json")),
    ("sek1_nrw.json", include_str!("params/sek1_nrw.json")),
    ("sek1_rlp.json", include_str!("params/sek1_rlp.json")),
    (
        "sek2_federal.json",
        include_str!("params/sek2_federal.json"),
    ),
    ("sek2_nrw.json", include_str!("params/sek2_nrw.json")),
    ("sek2_rlp.json", include_str!("params/sek2_rlp.json")),
];

/// The law the engine applies: the embedded rule packs, optionally with overrides.
///
/// Load once and share: evaluation takes `&self` and the book is `Send + Sync`.
///
/// ```
/// use bildungsnetz::rules::RuleBook;
/// let book = RuleBook::embedded()?;
/// assert!(book.rule_ids().any(|id| id == "nrw.einschulung.stichtag"));
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
#[derive(Clone, Debug)]
pub struct RuleBook {
    table: RuleTable,
    /// Per Land (NW, RP, and an empty one for Länder without a pack): the school-entry
    /// cut-off versions, resolved once.
    cutoffs: [einschulung::CutoffCache; 3],
    /// The rule versions of the Berufskolleg catalogue's rows, resolved once.
    bk_rules: sek2::bk::RowRules,
}

impl RuleBook {
    /// The law files compiled into the crate. Returns an error (never panics) if they are
    /// malformed.
    pub fn embedded() -> Result<RuleBook, RuleError> {
        let mut table = RuleTable::default();
        for (name, text) in EMBEDDED {
            let first = table.rows.len();
            table.add(LawFile::parse(name, text)?, false)?;
            // Ids and citations of the embedded law can be borrowed from the file's text
            // (unless JSON escapes changed them), so decisions need not copy them.
            for row in table.rows.get_mut(first..).unwrap_or_default() {
                let quoted = format!("\"{}\"", row.rule_id);
                row.static_id = text
                    .find(&quoted)
                    .and_then(|i| text.get(i + 1..i + 1 + row.rule_id.len()));
                let c = row.version.citation.as_str();
                row.static_citation = text.find(c).and_then(|i| text.get(i..i + c.len()));
            }
        }
        Ok(RuleBook::from_table(table))
    }

    /// A copy of this book with an override file layered on top: its versions take precedence
    /// for the days they cover; every other day keeps the law of this book.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook};
    /// // What if NRW moved the cut-off back to 30 June from 2030/31?
    /// let what_if = r#"{"schema_version":1,"jurisdiction":"what-if","rules":{
    ///   "nrw.einschulung.stichtag":{"description":"what-if","versions":[{"from":"2030-08-01",
    ///   "value":{"type":"cutoff","age":6,"month":6,"day":30,"counting":"start_of_day"},
    ///   "citation":"hypothetical","source":"scenario"}]}}}"#;
    /// let book = RuleBook::embedded()?.with_overrides(what_if)?;
    /// let child = LearnerFacts::born(Date::from_ymd(2024, 9, 1)?, Land::NW);
    /// let d = book.school_entry(&child, SchoolYear::starting(2030)?)?;
    /// assert_eq!(d.outcome, Outcome::NotEligible);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_overrides(&self, json: &str) -> Result<RuleBook, RuleError> {
        let file = LawFile::parse("overrides", json)?;
        let mut table = self.table.clone();
        table.add(file, true)?;
        Ok(RuleBook::from_table(table))
    }

    /// The ids of all rules, sorted.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        self.table.by_id.keys().map(String::as_str)
    }

    /// The number of rule versions (rows of the rule table).
    pub fn rule_count(&self) -> usize {
        self.table.rows.len()
    }

    /// The rule version with the given index, as the lean batch paths report it.
    ///
    /// ```
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let first = book.rule(0).expect("at least one rule");
    /// assert!(!first.citation.is_empty());
    /// assert!(book.rule(u16::MAX).is_none());
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn rule(&self, index: u16) -> Option<RuleRef> {
        let row = self.table.row(index)?;
        Some(RuleRef {
            rule_id: row.rule_id.clone(),
            citation: row.version.citation.clone(),
            validity: row.version.validity(),
            overridden: row.overridden,
        })
    }

    /// The version of a rule in force on a date, with its index.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let (_, v) = book.rule_in_force("nrw.einschulung.stichtag", Date::from_ymd(2010, 8, 1)?)
    ///     .expect("encoded");
    /// assert!(v.citation.contains("2. SchRÄG"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule_in_force(&self, rule_id: &str, date: Date) -> Option<(u16, &law::RuleVersion)> {
        let i = self.table.in_force(rule_id, date)?;
        Some((i, &self.table.row(i)?.version))
    }

    /// What a rule says (English, from its law file), if the book has the rule.
    ///
    /// ```
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// assert!(book.rule_description("nrw.einschulung.stichtag").is_some_and(|d| d.contains("cut-off")));
    /// assert!(book.rule_description("no.such.rule").is_none());
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn rule_description(&self, rule_id: &str) -> Option<&str> {
        self.table.descriptions.get(rule_id).map(String::as_str)
    }

    /// Every version of a rule with its index, override versions first, then oldest first.
    ///
    /// ```
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let versions: Vec<_> = book.rule_versions("nrw.einschulung.stichtag").collect();
    /// assert!(versions.len() >= 4);
    /// assert!(versions.iter().all(|(_, v)| !v.source.is_empty()));
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn rule_versions(&self, rule_id: &str) -> impl Iterator<Item = (u16, &law::RuleVersion)> {
        self.table
            .versions(rule_id)
            .iter()
            .filter_map(|&i| Some((i, &self.table.row(i)?.version)))
    }

    /// Decides a transition for one learner as of a date.
    ///
    /// For `school_entry` the question is "is the child schulpflichtig in the school year that
    /// contains `as_of`, and from which day?" (decided facts only: the cut-off, a granted
    /// deferral, an early admission that took place); for `school_entry_deferral` and
    /// `school_entry_early` "can an application to defer, or to admit early, be granted for the
    /// school year that contains `as_of`?" (`discretionary`: the Schulleitung decides, and
    /// `effective_date` is the 1 August on which the child would then start school); for
    /// `kita_claim` "is there a claim to a childcare place on `as_of` (§ 24 Abs. 1-3 SGB VIII),
    /// since when?"; for `ganztag_claim` "does the primary-school child have the claim to all-day
    /// support on `as_of` (§ 24 Abs. 4 SGB VIII, from 01.08.2026), since when?"; for
    /// `seiteneinstieg` "is the newly arrived child schulpflichtig on `as_of`, in
    /// which grade?"; for `end_of_full_time_schooling` "has the Vollzeitschulpflicht ended by the
    /// school year of `as_of`?"; for `oberstufe_versetzung_q1` "do the results at the end of the
    /// Einführungsphase (the school year of `as_of`) earn the Versetzung into Q1, from which 1
    /// August?"; for `fhr_schulischer_teil` "do two consecutive half-years of the
    /// Qualifikationsphase earn the schulischer Teil der Fachhochschulreife?" (a qualification:
    /// no effective date).
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let facts = LearnerFacts { land: Some(Land::NW), ..LearnerFacts::default() };
    /// let d = book.evaluate(Transition::SchoolEntry, &facts, Date::from_ymd(2025, 8, 1)?)?;
    /// assert_eq!(d.outcome, Outcome::Undetermined);
    /// assert!(d.missing_facts.iter().any(|f| f == "birth_date"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(
        &self,
        transition: Transition,
        facts: &LearnerFacts,
        as_of: Date,
    ) -> Result<Decision, RuleError> {
        self.decide(transition, facts, as_of, Detail::Explained)
    }

    /// [`RuleBook::evaluate`] building as much of the decision as `detail` asks. The Sek-I
    /// qualification and the Sek-II packs always explain (their table rows have lean paths of
    /// their own).
    pub(crate) fn decide(
        &self,
        transition: Transition,
        facts: &LearnerFacts,
        as_of: Date,
        detail: Detail,
    ) -> Result<Decision, RuleError> {
        match transition {
            Transition::KitaClaim => kita::evaluate(self, facts, as_of, detail),
            Transition::SchoolEntry => einschulung::evaluate(self, facts, as_of, detail),
            Transition::SchoolEntryDeferral => {
                einschulung::evaluate_deferral(self, facts, as_of, detail)
            }
            Transition::SchoolEntryEarly => einschulung::evaluate_early(self, facts, as_of, detail),
            Transition::GanztagClaim => kita::evaluate_ganztag(self, facts, as_of, detail),
            Transition::Seiteneinstieg => seiteneinstieg::evaluate(self, facts, as_of, detail),
            Transition::EndOfFullTimeSchooling => {
                schulpflicht::evaluate(self, facts, as_of, detail)
            }
            Transition::Sek1Entry => sek1::evaluate_entry(self, facts, as_of, detail),
            Transition::Sek1Qualification => sek1::evaluate_qualification(self, facts, as_of),
            other => sek2::evaluate(self, other, facts, as_of),
        }
    }

    /// [`RuleBook::evaluate`] for many learners: one result per learner, in order (an error
    /// for one learner does not stop the others).
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let kids = [
    ///     LearnerFacts::born(Date::from_ymd(2022, 3, 1)?, Land::NW),
    ///     LearnerFacts::default(),
    /// ];
    /// let r = book.evaluate_many(Transition::KitaClaim, &kids, Date::from_ymd(2025, 3, 1)?);
    /// assert_eq!(r[0].as_ref().map(|d| d.outcome), Ok(Outcome::Eligible));
    /// assert_eq!(r[1].as_ref().map(|d| d.outcome), Ok(Outcome::Undetermined));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_many(
        &self,
        transition: Transition,
        learners: &[LearnerFacts],
        as_of: Date,
    ) -> Vec<Result<Decision, RuleError>> {
        learners
            .iter()
            .map(|f| self.evaluate(transition, f, as_of))
            .collect()
    }

    /// School entry for a school year: [`RuleBook::evaluate`] with `as_of` = 1 August.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, SchoolDoctorOpinion, Transition};
    /// let book = RuleBook::embedded()?;
    /// // A child born after the cut-off is not schulpflichtig in 2025/26 ...
    /// let child = LearnerFacts {
    ///     early_entry_application: Some(true),
    ///     school_doctor: Some(SchoolDoctorOpinion::Schulfaehig),
    ///     ..LearnerFacts::born(Date::from_ymd(2019, 11, 2)?, Land::NW)
    /// };
    /// let sy = SchoolYear::starting(2025)?;
    /// assert_eq!(book.school_entry(&child, sy)?.outcome, Outcome::NotEligible);
    /// // ... but on the parents' application the Schulleitung can admit it early.
    /// let d = book.evaluate(Transition::SchoolEntryEarly, &child, sy.start())?;
    /// assert_eq!(d.outcome, Outcome::Discretionary);
    /// assert_eq!(d.effective_date, Some(sy.start()));
    /// assert_eq!(d.determining_rule_ids(), ["nrw.einschulung.stichtag", "nrw.einschulung.vorzeitig"]);
    /// assert_eq!(d.details.get("einschulungsart").map(|v| v.as_ref()), Some("52"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn school_entry(
        &self,
        facts: &LearnerFacts,
        school_year: SchoolYear,
    ) -> Result<Decision, RuleError> {
        einschulung::evaluate(self, facts, school_year.start(), Detail::Explained)
    }

    /// Lean school-entry decisions for a column of birth days (days since 1970-01-01, Arrow
    /// `date32`; `i32::MIN` = null), written into caller-provided columns of the same length:
    /// outcome code ([`Outcome::code`], [`OUTCOME_ERROR`] where the law needed is not encoded),
    /// the 1 August on which the Schulpflicht begins (day number, [`NO_DATE`] if none: the full
    /// decision's `effective_date` when schulpflichtig, its `eligible_from` when not yet) and the
    /// index of the cut-off version that fixed it ([`RuleBook::rule`]).
    ///
    /// The outcome answers "schulpflichtig in `school_year`?" for a child with no applications;
    /// it equals the outcome of [`RuleBook::school_entry`] for the same birth date and Land.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, LeanColumns, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let births = [Date::from_ymd(2019, 9, 30)?.day_number(), Date::from_ymd(2019, 10, 1)?.day_number()];
    /// let (mut outcome, mut effective, mut rule) = ([0u8; 2], [0i32; 2], [0u16; 2]);
    /// book.school_entry_batch(Land::NW, SchoolYear::starting(2025)?, &births,
    ///     LeanColumns { outcome: &mut outcome, effective_day: &mut effective, rule: &mut rule })?;
    /// assert_eq!(outcome, [1, 0]);
    /// assert_eq!(effective[1], Date::from_ymd(2026, 8, 1)?.day_number());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn school_entry_batch(
        &self,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
        out: LeanColumns<'_>,
    ) -> Result<(), RuleError> {
        einschulung::batch(self, land, school_year, birth_days, out)
    }

    /// The lean school-entry answers for one Land and school year, memoised for the birth days
    /// of a column: [`EntryMemo::decide`] gives each row's answer, that of
    /// [`RuleBook::school_entry_batch`], for callers that write their own output columns. Each
    /// distinct birth day is decided once when the column's days span few days against its
    /// length. Errors: [`RuleError::NotCovered`] for a Land without a school-entry pack,
    /// [`RuleError::NoLawInForce`] where the law for the column's days is not encoded.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let births = [Date::from_ymd(2004, 9, 1)?.day_number(); 3];
    /// let memo = book.school_entry_memo(Land::NW, SchoolYear::starting(2010)?, &births)?;
    /// let answer = memo.decide(births[0]);
    /// assert_eq!(answer.outcome, 1);
    /// assert!(book.school_entry_rules(Land::NW)?.contains(&answer.rule));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn school_entry_memo(
        &self,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
    ) -> Result<EntryMemo<'_>, RuleError> {
        EntryMemo::new(self, land, school_year, birth_days)
    }

    /// Every rule index ([`RuleBook::rule`]) a lean school-entry answer for `land` can carry:
    /// the versions of the Land's cut-off rule. [`RuleError::NotCovered`] for a Land without a
    /// school-entry pack.
    ///
    /// ```
    /// use bildungsnetz::rules::{Land, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let ids: Vec<String> = book.school_entry_rules(Land::NW)?.iter()
    ///     .filter_map(|&i| book.rule(i)).map(|r| r.rule_id).collect();
    /// assert!(!ids.is_empty() && ids.iter().all(|id| id == "nrw.einschulung.stichtag"));
    /// assert!(book.school_entry_rules(Land::BY).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn school_entry_rules(&self, land: Land) -> Result<&[u16], RuleError> {
        einschulung::rules(self, land)
    }

    /// The same as [`RuleBook::school_entry_batch`], returning a vector.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, NO_DATE, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let births = [Date::from_ymd(2004, 9, 1)?.day_number(), NO_DATE];
    /// let lean = book.school_entry_lean(Land::NW, SchoolYear::starting(2010)?, &births)?;
    /// assert_eq!((lean[0].outcome, lean[1].outcome), (1, 3)); // eligible; null birth: undetermined
    /// let rule = book.rule(lean[0].rule).expect("a rule version");
    /// assert!(rule.citation.contains("31. August"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn school_entry_lean(
        &self,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
    ) -> Result<Vec<LeanDecision>, RuleError> {
        let n = birth_days.len();
        let (mut o, mut e, mut r) = (vec![0u8; n], vec![0i32; n], vec![0u16; n]);
        self.school_entry_batch(
            land,
            school_year,
            birth_days,
            LeanColumns {
                outcome: &mut o,
                effective_day: &mut e,
                rule: &mut r,
            },
        )?;
        Ok(o.into_iter()
            .zip(e)
            .zip(r)
            .map(|((outcome, effective_day), rule)| LeanDecision {
                outcome,
                effective_day,
                rule,
            })
            .collect())
    }

    /// "Schulpflichtig in `school_year`?" only, memoised for the birth days of a column:
    /// [`InYearMemo::decide`] gives each row's outcome and the cut-off version that fixed the
    /// regular start, those of [`RuleBook::school_entry_memo`] (and of the full decision)
    /// without the effective day, in a byte lookup per row where the column is dense in birth
    /// days. A row whose regular start needs law that is not encoded gets [`OUTCOME_ERROR`];
    /// a school year without encoded law of its own is no error. Errors:
    /// [`RuleError::NotCovered`] for a Land without a school-entry pack.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, NO_DATE, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let births = [Date::from_ymd(2004, 9, 1)?.day_number(), Date::from_ymd(2019, 9, 30)?.day_number()];
    /// // 2025/26 asked; the first child's regular start (2010/11) was fixed by an older version.
    /// let sy = SchoolYear::starting(2025)?;
    /// let memo = book.schulpflichtig_in_memo(Land::NW, sy, &births)?;
    /// let full = book.school_entry_memo(Land::NW, sy, &births)?;
    /// for &b in &births {
    ///     assert_eq!((memo.decide(b).outcome, memo.decide(b).rule), (full.decide(b).outcome, full.decide(b).rule));
    ///     assert_eq!(memo.decide(b).effective_day, NO_DATE);
    /// }
    /// assert_ne!(memo.decide(births[0]).rule, memo.decide(births[1]).rule);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schulpflichtig_in_memo(
        &self,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
    ) -> Result<InYearMemo<'_>, RuleError> {
        InYearMemo::new(self, land, school_year, birth_days)
    }

    /// "Schulpflichtig in `school_year`?" only, for a column of birth days: the outcome codes
    /// of [`RuleBook::schulpflichtig_in_memo`] (those of [`RuleBook::school_entry_batch`]),
    /// written into `out_outcome`. Errors: [`RuleError::NotCovered`] for a Land without a
    /// school-entry pack, [`RuleError::LengthMismatch`] for a column of another length.
    ///
    /// ```
    /// use bildungsnetz::calendar::{Date, SchoolYear};
    /// use bildungsnetz::rules::{Land, OUTCOME_ERROR, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let births = [Date::from_ymd(2019, 9, 30)?.day_number(), Date::from_ymd(2019, 10, 1)?.day_number(),
    ///     Date::from_ymd(1960, 5, 1)?.day_number()];
    /// let mut outcome = [0u8; 3];
    /// book.schulpflichtig_in_batch(Land::NW, SchoolYear::starting(2025)?, &births, &mut outcome)?;
    /// assert_eq!(outcome, [1, 0, OUTCOME_ERROR]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schulpflichtig_in_batch(
        &self,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
        out_outcome: &mut [u8],
    ) -> Result<(), RuleError> {
        einschulung::in_year_batch(self, land, school_year, birth_days, out_outcome)
    }

    // ---- helpers for the packs ----

    fn from_table(table: RuleTable) -> RuleBook {
        let cutoffs = [
            einschulung::CutoffCache::new(&table, Land::NW),
            einschulung::CutoffCache::new(&table, Land::RP),
            einschulung::CutoffCache::new(&table, Land::BY),
        ];
        let bk_rules = sek2::bk::RowRules::new(&table);
        RuleBook {
            table,
            cutoffs,
            bk_rules,
        }
    }

    pub(crate) fn bk_rules(&self) -> &sek2::bk::RowRules {
        &self.bk_rules
    }

    pub(crate) fn cutoffs(&self, land: Land) -> &einschulung::CutoffCache {
        match land {
            Land::NW => &self.cutoffs[0],
            Land::RP => &self.cutoffs[1],
            // Empty: a Land without a pack finds no cut-off (entry points refuse it first).
            _ => &self.cutoffs[2],
        }
    }

    pub(crate) fn table(&self) -> &RuleTable {
        &self.table
    }

    /// The version in force or an error naming the rule.
    pub(crate) fn require(&self, rule_id: &str, date: Date) -> Result<u16, RuleError> {
        self.table
            .in_force(rule_id, date)
            .ok_or_else(|| RuleError::NoLawInForce {
                rule_id: rule_id.to_owned(),
            })
    }

    /// Builds a check for a rule version.
    pub(crate) fn check(
        &self,
        index: u16,
        facts_used: &[&'static str],
        result: CheckResult,
        determining: bool,
        note: impl Into<Cow<'static, str>>,
    ) -> Check {
        self.check_as(
            Detail::Explained,
            index,
            facts_used,
            result,
            determining,
            || note,
        )
    }

    /// [`RuleBook::check`] as `detail` asks: a lean check holds the rule and what it found
    /// only, and its note is never made.
    pub(crate) fn check_as<N: Into<Cow<'static, str>>>(
        &self,
        detail: Detail,
        index: u16,
        facts_used: &[&'static str],
        result: CheckResult,
        determining: bool,
        note: impl FnOnce() -> N,
    ) -> Check {
        if detail == Detail::Lean {
            return Check {
                rule_id: self.rule_id_of(index),
                citation: Cow::Borrowed(""),
                facts_used: Vec::new(),
                result,
                determining,
                note: Cow::Borrowed(""),
            };
        }
        let citation = self.table.row(index).map_or(Cow::Borrowed(""), |row| {
            row.static_citation
                .map_or_else(|| Cow::Owned(row.version.citation.clone()), Cow::Borrowed)
        });
        let rule_id = self.rule_id_of(index);
        Check {
            rule_id,
            citation,
            facts_used: facts_used.iter().map(|f| Cow::Borrowed(*f)).collect(),
            result,
            determining,
            note: note().into(),
        }
    }

    /// The id of the rule of a version, borrowed where the embedded law has it.
    pub(crate) fn rule_id_of(&self, index: u16) -> Cow<'static, str> {
        match self.table.row(index) {
            Some(row) => row
                .static_id
                .map_or_else(|| Cow::Owned(row.rule_id.clone()), Cow::Borrowed),
            None => Cow::Borrowed("unknown"),
        }
    }

    /// The short citation of a rule version ("§ 35 Abs. 1 SchulG NRW").
    pub(crate) fn citation(&self, index: u16) -> &str {
        self.table
            .row(index)
            .map_or("", |r| r.short_citation.as_str())
    }

    pub(crate) fn value(&self, index: u16) -> Option<&law::Value> {
        self.table.row(index)?.version.value.as_ref()
    }
}

/// The part of a citation before its amendment details ("§ 35 Abs. 1 SchulG NRW").
pub(crate) fn short_citation(citation: &str) -> &str {
    let mut end = citation.len();
    for marker in [" i.d.F.", " i.V.m.", " vom ", ":", " ("] {
        if let Some(i) = citation.find(marker) {
            end = end.min(i);
        }
    }
    citation.get(..end).unwrap_or(citation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_law_loads_and_has_citations() {
        let book = RuleBook::embedded().unwrap();
        assert!(book.rule_count() >= 15);
        for i in 0..book.rule_count() {
            let r = book.rule(u16::try_from(i).unwrap()).unwrap();
            assert!(!r.citation.is_empty(), "{}", r.rule_id);
        }
    }

    #[test]
    fn overlapping_versions_are_rejected() {
        let bad = r#"{"schema_version":1,"jurisdiction":"x","rules":{"a.b":{"description":"",
          "versions":[{"from":"2000-01-01","citation":"c","source":"s"},
                      {"from":"2001-01-01","citation":"c","source":"s"}]}}}"#;
        let err = RuleBook::embedded()
            .unwrap()
            .with_overrides(bad)
            .unwrap_err();
        assert_eq!(err.code(), "law_file");
        assert!(err.to_string().contains("overlap"));
    }

    #[test]
    fn short_citations() {
        assert_eq!(
            short_citation("§ 35 Abs. 1 SchulG NRW i.d.F. des 5. SchRÄG vom 05.04.2011"),
            "§ 35 Abs. 1 SchulG NRW"
        );
        assert_eq!(
            short_citation("§ 57 SchulG RLP vom 30.03.2004"),
            "§ 57 SchulG RLP"
        );
    }
}
