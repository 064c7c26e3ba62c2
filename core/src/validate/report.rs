use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document is usable, but something looks wrong or incomplete.
    Warning,
    /// The document breaks a rule; it must be fixed.
    Error,
}

/// The stable code of a problem. Codes are never renamed or reused; new ones are added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    /// The bytes are not JSON (or not UTF-8).
    JsonSyntax,
    /// The document is larger than the configured limit.
    DocumentTooLarge,
    /// `schema_version` is missing or names a version this library does not read.
    UnsupportedSchemaVersion,
    /// A value has the wrong type, a required field is missing or a field is unknown.
    InvalidStructure,
    /// An id, or a required name, is empty.
    EmptyField,
    /// Two objects share an id.
    DuplicateId,
    /// A reference names an id that does not exist.
    DanglingReference,
    /// A reference names an object of the wrong kind (e.g. a Kommune where an institution belongs).
    ReferenceWrongKind,
    /// A Schulnummer is not 6 digits.
    SchulnummerFormat,
    /// Two institutions share a Schulnummer.
    DuplicateSchulnummer,
    /// A Gemeindeschlüssel is not 8 digits.
    GemeindeschluesselFormat,
    /// A Gemeindeschlüssel belongs to another Land than the network's.
    GemeindeschluesselWrongLand,
    /// A Kommune does not belong to the network's territory.
    KommuneOutsideTerritory,
    /// A Schulform key that the official list does not know.
    UnknownSchulform,
    /// A Schulform key whose validity has ended.
    SchulformExpired,
    /// A school without a Schulform, or a Schulform on an institution that is not a school.
    SchulformKindMismatch,
    /// A Lenkungskreis lacks a member the § 78a / Köln model makes mandatory.
    LenkungskreisMissingMandatoryRole,
    /// A Lenkungskreis lacks a member the Kooperationsvertrag requires.
    LenkungskreisMissingContractRole,
    /// A Lenkungskreis with school heads of fewer than two different Schulformen.
    LenkungskreisTooFewSchulformen,
    /// An NRW Bildungsbüro without staff employed by the Land (teachers).
    BildungsbueroMissingLandStaff,
    /// A Bildungsbüro without staff employed by the Kommune.
    BildungsbueroMissingMunicipalStaff,
    /// A share of a post outside (0, 1].
    PostShareOutOfRange,
    /// A period ends before it starts.
    PeriodReversed,
    /// A dated object lies before the Kooperationsvertrag that founded the network.
    DateBeforeAgreement,
    /// A Lenkungskreis decision is dated before the recommendation it answers.
    DecisionBeforeRecommendation,
    /// A body or measure works on a Handlungsfeld the Kooperationsvertrag does not name.
    HandlungsfeldNotAgreed,
    /// An offer's youngest age is above its oldest.
    AgeRangeReversed,
    /// A Sozialindex outside 1–9.
    SozialindexOutOfRange,
    /// More participants counted than an event has places.
    ParticipantsOverCapacity,
    /// A Lenkungskreis decision that answers no recommendation of the Bildungskonferenz.
    DecisionWithoutRecommendation,
    /// An applicant of a kind the programme does not fund.
    ApplicantNotEligible,
    /// An application for more than the programme's maximum per project.
    AmountOverMaximum,
    /// A project running outside the programme's funding period.
    ApplicationOutsidePeriod,
    /// An application without a field the programme requires.
    RequiredFieldMissing,
    /// More money forwarded than the application was for.
    PaymentsOverAmount,
}

impl Code {
    /// The code as it appears in JSON and in the C and Python APIs (e.g. `"duplicate_id"`).
    ///
    /// ```
    /// use bildungsnetz::validate::Code;
    /// assert_eq!(Code::DuplicateId.as_str(), "duplicate_id");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Code::JsonSyntax => "json_syntax",
            Code::DocumentTooLarge => "document_too_large",
            Code::UnsupportedSchemaVersion => "unsupported_schema_version",
            Code::InvalidStructure => "invalid_structure",
            Code::EmptyField => "empty_field",
            Code::DuplicateId => "duplicate_id",
            Code::DanglingReference => "dangling_reference",
            Code::ReferenceWrongKind => "reference_wrong_kind",
            Code::SchulnummerFormat => "schulnummer_format",
            Code::DuplicateSchulnummer => "duplicate_schulnummer",
            Code::GemeindeschluesselFormat => "gemeindeschluessel_format",
            Code::GemeindeschluesselWrongLand => "gemeindeschluessel_wrong_land",
            Code::KommuneOutsideTerritory => "kommune_outside_territory",
            Code::UnknownSchulform => "unknown_schulform",
            Code::SchulformExpired => "schulform_expired",
            Code::SchulformKindMismatch => "schulform_kind_mismatch",
            Code::LenkungskreisMissingMandatoryRole => "lenkungskreis_missing_mandatory_role",
            Code::LenkungskreisMissingContractRole => "lenkungskreis_missing_contract_role",
            Code::LenkungskreisTooFewSchulformen => "lenkungskreis_too_few_schulformen",
            Code::BildungsbueroMissingLandStaff => "bildungsbuero_missing_land_staff",
            Code::BildungsbueroMissingMunicipalStaff => "bildungsbuero_missing_municipal_staff",
            Code::PostShareOutOfRange => "post_share_out_of_range",
            Code::PeriodReversed => "period_reversed",
            Code::DateBeforeAgreement => "date_before_agreement",
            Code::DecisionBeforeRecommendation => "decision_before_recommendation",
            Code::HandlungsfeldNotAgreed => "handlungsfeld_not_agreed",
            Code::AgeRangeReversed => "age_range_reversed",
            Code::SozialindexOutOfRange => "sozialindex_out_of_range",
            Code::ParticipantsOverCapacity => "participants_over_capacity",
            Code::DecisionWithoutRecommendation => "decision_without_recommendation",
            Code::ApplicantNotEligible => "applicant_not_eligible",
            Code::AmountOverMaximum => "amount_over_maximum",
            Code::ApplicationOutsidePeriod => "application_outside_period",
            Code::RequiredFieldMissing => "required_field_missing",
            Code::PaymentsOverAmount => "payments_over_amount",
        }
    }

    /// Every code, in declaration order.
    pub const ALL: [Code; 35] = [
        Code::JsonSyntax,
        Code::DocumentTooLarge,
        Code::UnsupportedSchemaVersion,
        Code::InvalidStructure,
        Code::EmptyField,
        Code::DuplicateId,
        Code::DanglingReference,
        Code::ReferenceWrongKind,
        Code::SchulnummerFormat,
        Code::DuplicateSchulnummer,
        Code::GemeindeschluesselFormat,
        Code::GemeindeschluesselWrongLand,
        Code::KommuneOutsideTerritory,
        Code::UnknownSchulform,
        Code::SchulformExpired,
        Code::SchulformKindMismatch,
        Code::LenkungskreisMissingMandatoryRole,
        Code::LenkungskreisMissingContractRole,
        Code::LenkungskreisTooFewSchulformen,
        Code::BildungsbueroMissingLandStaff,
        Code::BildungsbueroMissingMunicipalStaff,
        Code::PostShareOutOfRange,
        Code::PeriodReversed,
        Code::DateBeforeAgreement,
        Code::DecisionBeforeRecommendation,
        Code::HandlungsfeldNotAgreed,
        Code::AgeRangeReversed,
        Code::SozialindexOutOfRange,
        Code::ParticipantsOverCapacity,
        Code::DecisionWithoutRecommendation,
        Code::ApplicantNotEligible,
        Code::AmountOverMaximum,
        Code::ApplicationOutsidePeriod,
        Code::RequiredFieldMissing,
        Code::PaymentsOverAmount,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Where: a JSON pointer into the document (RFC 6901), `""` for the whole document.
    pub path: String,
    /// What is wrong, in English.
    pub message: String,
    /// How to fix it, if there is something specific to say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Line and column in the source text, where known (syntax errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column in the source text, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let at = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{level}[{}] at {at}", self.code)?;
        if let (Some(line), Some(col)) = (self.line, self.column) {
            write!(f, " (line {line}, column {col})")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

/// All problems found in a document, in a deterministic order.
///
/// ```
/// use bildungsnetz::validate::Validator;
/// let report = Validator::new()?.check(br#"{"schema_version": 1"#);
/// assert!(!report.is_ok());
/// assert_eq!(report.problems()[0].code.as_str(), "json_syntax");
/// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    problems: Vec<Problem>,
}

impl Report {
    /// A report with no problems.
    pub fn new() -> Report {
        Report::default()
    }

    /// Adds a problem.
    pub fn push(
        &mut self,
        code: Code,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.problems.push(Problem {
            code,
            severity,
            path: path.into(),
            message: message.into(),
            hint,
            line: None,
            column: None,
        });
    }

    pub(crate) fn push_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// True when there are no errors (warnings allowed).
    pub fn is_ok(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// All problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// Whether any problem carries `code`.
    pub fn has(&self, code: Code) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// The report as a JSON text: `{"ok": bool, "problems": [...]}`.
    pub fn to_json(&self) -> String {
        let value = serde_json::json!({ "ok": self.is_ok(), "problems": self.problems });
        value.to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.problems {
            writeln!(f, "{p}")?;
        }
        Ok(())
    }
}

/// Appends a reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn pointer_push(base: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{base}/{escaped}")
}
