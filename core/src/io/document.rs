//! Reading network and institution-list documents: versioned JSON, from a path, text or bytes.
//!
//! Reading checks syntax, `schema_version` and structure. Structural problems are gathered per
//! object, so a document with three malformed institutions reports all three at once; the rules
//! of the domain are checked afterwards by [`crate::validate::Validator`].

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::{InstitutionList, Network, SCHEMA_VERSION};
use crate::validate::{Code, Problem, Report, Severity, pointer_push};

/// Documents larger than this are refused unless the caller sets another limit.
pub const DEFAULT_MAX_BYTES: usize = crate::io::limits::DOCUMENT_BYTES;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
    /// The document is not valid JSON of the expected shape; the report says where and what.
    #[error("invalid document:\n{0}")]
    Invalid(Report),
}

impl DocumentError {
    /// The problems, when the document was read but is invalid.
    pub fn report(&self) -> Option<&Report> {
        match self {
            DocumentError::Invalid(report) => Some(report),
            DocumentError::Io { .. } => None,
        }
    }
}

/// A kind of document this library reads.
pub trait Document: DeserializeOwned {
    /// Top-level parts checked one by one before the whole: their key, and how to check them.
    fn parts() -> &'static [(&'static str, Part)];

    /// The document's format version.
    fn schema_version(&self) -> u32;
}

/// How a top-level part of a document is checked for structural problems.
#[derive(Clone, Copy)]
pub enum Part {
    /// An optional object, checked as a whole.
    Object(fn(&Value, &str, &mut Report)),
    /// An array, checked element by element so that every bad element is reported.
    List(fn(&Value, &str, &mut Report)),
}

fn check_as<T: DeserializeOwned>(value: &Value, pointer: &str, report: &mut Report) {
    if let Err(err) = serde_path_to_error::deserialize::<_, T>(value) {
        report.push_problem(structure_problem(pointer, &err));
    }
}

fn check_each<T: DeserializeOwned>(value: &Value, pointer: &str, report: &mut Report) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_as::<T>(item, &pointer_push(pointer, &i.to_string()), report);
            }
        }
        _ => check_as::<Vec<T>>(value, pointer, report),
    }
}

impl Document for Network {
    fn schema_version(&self) -> u32 {
        self.schema_version
    }

    fn parts() -> &'static [(&'static str, Part)] {
        use crate::model as m;
        &[
            ("kommunen", Part::List(check_each::<m::Kommune>)),
            (
                "kooperationsvertrag",
                Part::Object(check_as::<m::Kooperationsvertrag>),
            ),
            (
                "bildungskonferenz",
                Part::Object(check_as::<m::Bildungskonferenz>),
            ),
            ("lenkungskreis", Part::Object(check_as::<m::Lenkungskreis>)),
            ("bildungsbuero", Part::Object(check_as::<m::Bildungsbuero>)),
            ("fachforen", Part::List(check_each::<m::Fachforum>)),
            (
                "handlungsfelder",
                Part::List(check_each::<m::Handlungsfeld>),
            ),
            ("institutions", Part::List(check_each::<m::Institution>)),
            ("offers", Part::List(check_each::<m::Offer>)),
            ("events", Part::List(check_each::<m::Event>)),
            ("programmes", Part::List(check_each::<m::Programme>)),
            ("services", Part::List(check_each::<m::Service>)),
        ]
    }
}

impl Document for InstitutionList {
    fn schema_version(&self) -> u32 {
        self.schema_version
    }

    fn parts() -> &'static [(&'static str, Part)] {
        &[(
            "institutions",
            Part::List(check_each::<crate::model::Institution>),
        )]
    }
}

/// Turns a serde error at a path into a problem whose pointer names the place.
fn structure_problem(base: &str, err: &serde_path_to_error::Error<serde_json::Error>) -> Problem {
    let mut pointer = base.to_string();
    for segment in err.path().iter() {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    Problem {
        code: Code::InvalidStructure,
        severity: Severity::Error,
        path: pointer,
        message: err.inner().to_string(),
        hint: None,
        line: None,
        column: None,
    }
}

/// Reads a document from bytes, refusing more than `max_bytes`.
///
/// ```
/// use bildungsnetz::io::document::{parse, DEFAULT_MAX_BYTES};
/// use bildungsnetz::model::Network;
/// let err = parse::<Network>(br#"{"schema_version": 7}"#, DEFAULT_MAX_BYTES).unwrap_err();
/// let report = err.report().unwrap();
/// assert_eq!(report.problems()[0].code.as_str(), "unsupported_schema_version");
/// ```
pub fn parse<T: Document>(bytes: &[u8], max_bytes: usize) -> Result<T, DocumentError> {
    let mut report = Report::new();
    if bytes.len() > max_bytes {
        report.push(
            Code::DocumentTooLarge,
            Severity::Error,
            "",
            format!("the document is larger than the limit; the limit is {max_bytes} bytes"),
            Some("split the document or raise the limit".into()),
        );
        return Err(DocumentError::Invalid(report));
    }
    // The common case — a well-formed document — takes the direct typed path; only a document
    // with problems pays for the slower walk that locates every one of them.
    if let Ok(doc) = serde_json::from_slice::<T>(bytes) {
        if doc.schema_version() == SCHEMA_VERSION {
            return Ok(doc);
        }
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(err) => {
            report.push_problem(Problem {
                code: Code::JsonSyntax,
                severity: Severity::Error,
                path: String::new(),
                message: syntax_message(&err),
                hint: None,
                line: Some(err.line()),
                column: Some(err.column()),
            });
            return Err(DocumentError::Invalid(report));
        }
    };
    let Value::Object(fields) = &value else {
        report.push(
            Code::InvalidStructure,
            Severity::Error,
            "",
            "the document must be a JSON object",
            None,
        );
        return Err(DocumentError::Invalid(report));
    };
    match fields.get("schema_version").and_then(Value::as_u64) {
        Some(v) if v == u64::from(SCHEMA_VERSION) => {}
        found => {
            let message = match found {
                Some(v) => format!("schema_version {v} is not supported"),
                None => "schema_version is missing or not a number".to_string(),
            };
            report.push(
                Code::UnsupportedSchemaVersion,
                Severity::Error,
                "/schema_version",
                message,
                Some(format!(
                    "this library reads schema_version {SCHEMA_VERSION}"
                )),
            );
            return Err(DocumentError::Invalid(report));
        }
    }
    for (key, part) in T::parts() {
        if let Some(value) = fields.get(*key) {
            let (Part::Object(check) | Part::List(check)) = part;
            check(value, &pointer_push("", key), &mut report);
        }
    }
    if report.problems().is_empty() {
        // Elements are fine; what remains are top-level fields (missing, mistyped, unknown).
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(doc) => return Ok(doc),
            Err(err) => report.push_problem(structure_problem("", &err)),
        }
    } else {
        // The parts were reported; check the rest with each present part made neutral.
        let mut header = fields.clone();
        for (key, part) in T::parts() {
            if header.contains_key(*key) {
                match part {
                    Part::Object(_) => header.remove(*key),
                    Part::List(_) => header.insert((*key).to_string(), Value::Array(Vec::new())),
                };
            }
        }
        if let Err(err) = serde_path_to_error::deserialize::<_, T>(Value::Object(header)) {
            report.push_problem(structure_problem("", &err));
        }
    }
    Err(DocumentError::Invalid(report))
}

/// serde_json's syntax messages name no values, only what was expected; keep them as they are
/// but without the trailing position, which the problem carries separately.
fn syntax_message(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    }
}

/// Reads a document from a file.
///
/// The file is read as a stream, never more than `max_bytes + 1` bytes of it (a FIFO or a
/// device such as `/dev/zero` too); a longer file is reported like a longer input to [`parse`].
pub fn read_path<T: Document>(path: &Path, max_bytes: usize) -> Result<T, DocumentError> {
    let io = |source| DocumentError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            file,
            u64::try_from(max_bytes)
                .unwrap_or(u64::MAX)
                .saturating_add(1),
        ),
        &mut bytes,
    )
    .map_err(io)?;
    parse(&bytes, max_bytes)
}

macro_rules! loaders {
    ($ty:ty, $example:literal) => {
        impl $ty {
            /// Reads the document from JSON text.
            ///
            /// ```
            #[doc = concat!("let doc = bildungsnetz::model::", stringify!($ty), "::from_json_str(", $example, ");")]
            /// assert!(doc.is_ok());
            /// ```
            pub fn from_json_str(text: &str) -> Result<Self, DocumentError> {
                parse(text.as_bytes(), DEFAULT_MAX_BYTES)
            }

            /// Reads the document from JSON bytes (UTF-8).
            pub fn from_json_slice(bytes: &[u8]) -> Result<Self, DocumentError> {
                parse(bytes, DEFAULT_MAX_BYTES)
            }

            /// Reads the document from a JSON file.
            pub fn from_path(path: impl AsRef<Path>) -> Result<Self, DocumentError> {
                read_path(path.as_ref(), DEFAULT_MAX_BYTES)
            }

            /// The document as pretty-printed JSON.
            pub fn to_json_pretty(&self) -> String {
                // Serialising plain data with string keys cannot fail.
                serde_json::to_string_pretty(self).unwrap_or_default()
            }
        }
    };
}

loaders!(
    Network,
    r##"r#"{"schema_version": 1, "id": "n", "name": "N", "land": "NW", "territory": "kreisfreie_stadt", "gemeindeschluessel": "05914000", "kommunen": []}"#"##
);
loaders!(
    InstitutionList,
    r##"r#"{"schema_version": 1, "institutions": []}"#"##
);
