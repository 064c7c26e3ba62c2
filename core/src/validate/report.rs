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

impl Code {
    /// What the problem is, in German, in general terms (no value of the document).
    ///
    /// ```
    /// use bildungsnetz::validate::Code;
    /// assert_eq!(Code::SozialindexOutOfRange.message_de(), "Der Sozialindex liegt nicht zwischen 1 und 9");
    /// ```
    pub fn message_de(self) -> &'static str {
        match self {
            Code::JsonSyntax => {
                "Die Datei ist kein gültiges JSON (oder nicht in UTF-8 gespeichert)"
            }
            Code::DocumentTooLarge => "Das Dokument ist größer als erlaubt",
            Code::UnsupportedSchemaVersion => {
                "Die Angabe schema_version fehlt oder nennt eine Version, die diese Bibliothek nicht liest"
            }
            Code::InvalidStructure => {
                "Ein Wert hat den falschen Typ, ein Pflichtfeld fehlt oder ein Feld ist unbekannt"
            }
            Code::EmptyField => "Eine Kennung oder ein Pflichtname ist leer",
            Code::DuplicateId => "Diese Kennung ist im Dokument schon vergeben",
            Code::DanglingReference => {
                "Der Verweis nennt kein Objekt der erwarteten Art in diesem Dokument"
            }
            Code::ReferenceWrongKind => "Der Verweis nennt ein Objekt der falschen Art",
            Code::SchulnummerFormat => "Die Schulnummer hat nicht genau 6 Ziffern",
            Code::DuplicateSchulnummer => {
                "Diese Schulnummer ist schon einer anderen Einrichtung zugeordnet"
            }
            Code::GemeindeschluesselFormat => "Der Gemeindeschlüssel hat nicht genau 8 Ziffern",
            Code::GemeindeschluesselWrongLand => {
                "Der Gemeindeschlüssel gehört zu einem anderen Land als das Netzwerk"
            }
            Code::KommuneOutsideTerritory => "Die Kommune gehört nicht zum Gebiet des Netzwerks",
            Code::UnknownSchulform => {
                "Dieser Schulform-Schlüssel steht nicht in der amtlichen Liste für NRW"
            }
            Code::SchulformExpired => "Dieser Schulform-Schlüssel ist nicht mehr gültig",
            Code::SchulformKindMismatch => {
                "Schulform und Art der Einrichtung passen nicht zusammen"
            }
            Code::LenkungskreisMissingMandatoryRole => {
                "Im Lenkungskreis fehlt ein Mitglied, das § 78a SchulG NRW und das Kooperationsvertragsmodell vorschreiben"
            }
            Code::LenkungskreisMissingContractRole => {
                "Im Lenkungskreis fehlt ein Mitglied, das der Kooperationsvertrag verlangt"
            }
            Code::LenkungskreisTooFewSchulformen => {
                "Im Lenkungskreis sitzen Schulleitungen von weniger als zwei verschiedenen Schulformen"
            }
            Code::BildungsbueroMissingLandStaff => {
                "Im Regionalen Bildungsbüro in NRW arbeiten keine Lehrkräfte des Landes"
            }
            Code::BildungsbueroMissingMunicipalStaff => {
                "Das Bildungsbüro hat keine Beschäftigten der Kommune"
            }
            Code::PostShareOutOfRange => "Der Stellenanteil liegt nicht zwischen 0 und 1",
            Code::PeriodReversed => "Der Zeitraum endet, bevor er beginnt",
            Code::DateBeforeAgreement => {
                "Das Datum liegt vor dem Kooperationsvertrag, der das Netzwerk gegründet hat"
            }
            Code::DecisionBeforeRecommendation => {
                "Der Beschluss des Lenkungskreises ist älter als die Empfehlung, auf die er antwortet"
            }
            Code::HandlungsfeldNotAgreed => "Das Handlungsfeld steht nicht im Kooperationsvertrag",
            Code::AgeRangeReversed => "Das Mindestalter liegt über dem Höchstalter",
            Code::SozialindexOutOfRange => "Der Sozialindex liegt nicht zwischen 1 und 9",
            Code::ParticipantsOverCapacity => {
                "Es sind mehr Teilnehmende gezählt, als die Veranstaltung Plätze hat"
            }
            Code::DecisionWithoutRecommendation => {
                "Der Beschluss antwortet auf keine Empfehlung der Bildungskonferenz"
            }
            Code::ApplicantNotEligible => {
                "Eine Einrichtung dieser Art ist im Förderprogramm nicht antragsberechtigt"
            }
            Code::AmountOverMaximum => {
                "Der beantragte Betrag liegt über dem Höchstbetrag des Programms je Projekt"
            }
            Code::ApplicationOutsidePeriod => "Das Projekt läuft außerhalb des Förderzeitraums",
            Code::RequiredFieldMissing => "Im Antrag fehlt eine Angabe, die das Programm verlangt",
            Code::PaymentsOverAmount => "Es wurde mehr Geld weitergeleitet, als beantragt war",
        }
    }

    /// How to fix a problem of this code, in German.
    pub fn hint_de(self) -> &'static str {
        match self {
            Code::JsonSyntax => {
                "Prüfen Sie die angegebene Zeile und Spalte auf fehlende Kommas, Klammern oder Anführungszeichen; speichern Sie die Datei als UTF-8."
            }
            Code::DocumentTooLarge => "Teilen Sie das Dokument auf oder erhöhen Sie die Grenze.",
            Code::UnsupportedSchemaVersion => "Tragen Sie \"schema_version\": 1 ein.",
            Code::InvalidStructure => {
                "Vergleichen Sie die Stelle mit dem JSON-Schema des Dokuments (core/schemas/)."
            }
            Code::EmptyField => {
                "Geben Sie jedem Objekt eine eindeutige, nicht leere Kennung und einen Namen."
            }
            Code::DuplicateId => "Kennungen müssen im ganzen Dokument eindeutig sein.",
            Code::DanglingReference => {
                "Prüfen Sie die Schreibweise der Kennung oder legen Sie das Objekt an."
            }
            Code::ReferenceWrongKind => {
                "Verweisen Sie auf ein Objekt der Art, die an dieser Stelle erwartet wird."
            }
            Code::SchulnummerFormat => {
                "Schulnummern in NRW haben 6 Ziffern; eine führende Null darf nicht fehlen."
            }
            Code::DuplicateSchulnummer => {
                "Jede Schule hat ihre eigene Schulnummer; prüfen Sie auf doppelte Einträge."
            }
            Code::GemeindeschluesselFormat => {
                "Der Amtliche Gemeindeschlüssel hat 8 Ziffern; in NRW beginnt er mit 05."
            }
            Code::GemeindeschluesselWrongLand => {
                "Die ersten beiden Ziffern des Gemeindeschlüssels nennen das Land (NRW: 05, Rheinland-Pfalz: 07)."
            }
            Code::KommuneOutsideTerritory => {
                "Die Kommunen eines Kreises haben Schlüssel, die mit den ersten 5 Ziffern des Kreises beginnen; eine Stadt umfasst nur ihren eigenen Schlüssel."
            }
            Code::UnknownSchulform => {
                "Verwenden Sie den zweistelligen Schlüssel der amtlichen Liste (z. B. 02 Grundschule, 20 Gymnasium)."
            }
            Code::SchulformExpired => {
                "Prüfen Sie, ob die Schule inzwischen einer anderen Schulform angehört."
            }
            Code::SchulformKindMismatch => {
                "Eine Schule braucht einen Schulform-Schlüssel; andere Einrichtungen haben keinen."
            }
            Code::LenkungskreisMissingMandatoryRole => {
                "Ergänzen Sie Mitglieder für Schulaufsicht, Kreis bzw. kreisfreie Stadt und – in einem Kreis – die Städte und Gemeinden."
            }
            Code::LenkungskreisMissingContractRole => {
                "Ergänzen Sie ein Mitglied in der genannten Rolle oder passen Sie den Vertrag an."
            }
            Code::LenkungskreisTooFewSchulformen => {
                "Ergänzen Sie Schulleitungen (Rolle schulleitung), die Schulen verschiedener Schulformen vertreten."
            }
            Code::BildungsbueroMissingLandStaff => {
                "Tragen Sie die Landesbediensteten mit employer \"land\" ein."
            }
            Code::BildungsbueroMissingMunicipalStaff => {
                "Tragen Sie die kommunalen Beschäftigten mit employer \"kommune\" ein."
            }
            Code::PostShareOutOfRange => {
                "Schreiben Sie 0.5 für eine halbe Stelle und 1 für eine volle."
            }
            Code::PeriodReversed => "Prüfen Sie Anfangs- und Enddatum.",
            Code::DateBeforeAgreement => "Prüfen Sie das Datum oder das Datum des Vertrags.",
            Code::DecisionBeforeRecommendation => {
                "Prüfen Sie das Datum des Beschlusses und den Verweis auf die Empfehlung."
            }
            Code::HandlungsfeldNotAgreed => {
                "Ergänzen Sie es unter /kooperationsvertrag/handlungsfelder oder prüfen Sie den Verweis."
            }
            Code::AgeRangeReversed => "Prüfen Sie min_age und max_age.",
            Code::SozialindexOutOfRange => "Der Schulsozialindex in NRW hat die Stufen 1 bis 9.",
            Code::ParticipantsOverCapacity => {
                "Prüfen Sie die Teilnehmerzahl oder die Zahl der Plätze."
            }
            Code::DecisionWithoutRecommendation => {
                "Nennen Sie die Empfehlung, die der Beschluss aufgreift, falls es eine gibt."
            }
            Code::ApplicantNotEligible => "Prüfen Sie die Antragsberechtigten des Programms.",
            Code::AmountOverMaximum => "Senken Sie den Betrag auf den Höchstbetrag oder darunter.",
            Code::ApplicationOutsidePeriod => {
                "Passen Sie die Projektlaufzeit an den Förderzeitraum an."
            }
            Code::RequiredFieldMissing => "Füllen Sie das genannte Feld aus.",
            Code::PaymentsOverAmount => "Prüfen Sie die Zahlungen und den beantragten Betrag.",
        }
    }
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

impl Problem {
    /// The message in German: the code's German sentence ([`Code::message_de`]), followed by
    /// the document's values that the English message quotes (ids, keys, roles).
    ///
    /// ```
    /// use bildungsnetz::validate::{Code, Validator};
    /// let report = Validator::new()?.check(&std::fs::read("../examples/data/broken.json")?);
    /// let dangling = report.problems().iter().find(|p| p.code == Code::DanglingReference).unwrap();
    /// assert!(dangling.message_de().starts_with("Der Verweis nennt kein Objekt der erwarteten Art"));
    /// assert!(dangling.message_de().contains('„'));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn message_de(&self) -> String {
        let mut text = self.code.message_de().to_owned();
        let quoted: Vec<&str> = quoted(&self.message).collect();
        if !quoted.is_empty() {
            text.push_str(": ");
            for (i, value) in quoted.iter().enumerate() {
                if i > 0 {
                    text.push_str(", ");
                }
                text.push('„');
                text.push_str(value);
                text.push('“');
            }
        }
        text.push('.');
        text
    }

    /// How to fix it, in German: the suggestion the English hint makes ("did you mean …?"),
    /// else the code's German hint ([`Code::hint_de`]).
    ///
    /// ```
    /// use bildungsnetz::validate::{Code, Problem, Severity};
    /// let p = Problem { code: Code::DanglingReference, severity: Severity::Error,
    ///     path: "/institutions/3/kommune".into(), message: "`k-achen` does not name a Kommune".into(),
    ///     hint: Some("did you mean `k-aachen`?".into()), line: None, column: None };
    /// assert_eq!(p.hint_de(), "Meinten Sie „k-aachen“?");
    /// # let q = Problem { hint: None, ..p };
    /// # assert_eq!(q.hint_de(), Code::DanglingReference.hint_de());
    /// ```
    pub fn hint_de(&self) -> String {
        let hint = self.hint.as_deref().unwrap_or_default();
        let suggestion = quoted(hint).next();
        match suggestion {
            Some(s) if hint.starts_with("did you mean") => format!("Meinten Sie „{s}“?"),
            Some(s) if hint.starts_with("a leading zero may have been lost") => {
                format!("Ist eine führende Null verloren gegangen? Gemeint ist wohl „{s}“.")
            }
            _ => self.code.hint_de().to_owned(),
        }
    }
}

/// The parts of a text between backticks: the values an English message quotes.
fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_german_text() {
        for code in Code::ALL {
            assert!(!code.message_de().is_empty(), "{code}");
            assert!(code.hint_de().ends_with(['.', '?']), "{code}");
        }
    }

    #[test]
    fn german_messages_keep_the_quoted_values() {
        let p = Problem {
            code: Code::DuplicateId,
            severity: Severity::Error,
            path: "/kommunen/1/id".into(),
            message: "the id `k-aachen` is already used at /kommunen/0".into(),
            hint: Some("ids must be unique within the document".into()),
            line: None,
            column: None,
        };
        assert_eq!(
            p.message_de(),
            "Diese Kennung ist im Dokument schon vergeben: „k-aachen“."
        );
        assert_eq!(p.hint_de(), Code::DuplicateId.hint_de());
        let zero = Problem {
            code: Code::GemeindeschluesselFormat,
            message: "`5334002` is not an 8-digit Gemeindeschlüssel".into(),
            hint: Some("a leading zero may have been lost: `05334002`?".into()),
            ..p
        };
        assert!(zero.hint_de().contains("„05334002“"));
    }
}
