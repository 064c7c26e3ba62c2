//! Validation of network documents: every problem at once, each with a stable [`Code`], a JSON
//! pointer, a message and, where there is something specific to say, a hint.
//!
//! ```
//! use bildungsnetz::model::Network;
//! use bildungsnetz::validate::{Code, Validator};
//! let network = Network::from_path("../examples/data/hagen.json")?;
//! let report = Validator::new()?.validate(&network);
//! assert!(report.is_ok(), "{report}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod network;
mod report;

pub(crate) use report::pointer_push;
pub use report::{Code, Problem, Report, Severity};

use crate::calendar::SchoolYear;
use crate::catalogue::{CatalogueError, Schulformen};
use crate::io::document::{DEFAULT_MAX_BYTES, DocumentError, parse};
use crate::model::Network;

/// Checks network documents against the rules of the domain. Build once, use for many
/// documents; a `Validator` is immutable and can be shared between threads.
#[derive(Clone, Debug)]
pub struct Validator {
    schulformen: Schulformen,
    school_year: Option<SchoolYear>,
    max_bytes: usize,
}

impl Validator {
    /// A validator with the official code lists embedded in the crate.
    pub fn new() -> Result<Validator, CatalogueError> {
        Ok(Validator {
            schulformen: Schulformen::official()?,
            school_year: None,
            max_bytes: DEFAULT_MAX_BYTES,
        })
    }

    /// Checks Schulform keys against the school year given rather than flagging every key whose
    /// validity has ended at some time.
    ///
    /// ```
    /// use bildungsnetz::validate::Validator;
    /// let v = Validator::new()?.in_school_year("2021/22".parse()?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn in_school_year(mut self, year: SchoolYear) -> Validator {
        self.school_year = Some(year);
        self
    }

    /// Refuses documents larger than `max_bytes` in [`Validator::check`].
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Validator {
        self.max_bytes = max_bytes;
        self
    }

    /// Validates a network already read.
    pub fn validate(&self, network: &Network) -> Report {
        network::check(self, network)
    }

    /// Reads and validates a network document in one go: syntax, structure and the domain's
    /// rules, all in one report.
    pub fn check(&self, bytes: &[u8]) -> Report {
        match parse::<Network>(bytes, self.max_bytes) {
            Ok(network) => self.validate(&network),
            Err(DocumentError::Invalid(report)) => report,
            // Parsing bytes performs no I/O.
            Err(DocumentError::Io { .. }) => Report::new(),
        }
    }

    pub(crate) fn schulformen(&self) -> &Schulformen {
        &self.schulformen
    }

    pub(crate) fn school_year(&self) -> Option<SchoolYear> {
        self.school_year
    }
}
