//! Sekundarstufe I: the transition from the Grundschule ([`Transition::Sek1Entry`]), the G8/G9
//! regime of a Gymnasium pupil ([`gymnasium_track`]) and the school-leaving qualifications of the
//! NRW APO-S I ([`Transition::Sek1Qualification`], [`Sek1Engine`]).
//!
//! The qualifications, lowest first: Erster Schulabschluss (ESA, until 2021/22
//! Hauptschulabschluss, HA9), Erweiterter Erster Schulabschluss (EESA, formerly HA10), Mittlerer
//! Schulabschluss (MSA, Fachoberschulreife) and the MSA with the Berechtigung zum Besuch der
//! gymnasialen Oberstufe (MSA_Q). Each result names its rule (stable id, citation of the version
//! applied) and, where it was missed, the subjects in which a Nachprüfung could still earn it.
//!
//! ```
//! use bildungsnetz::calendar::Date;
//! use bildungsnetz::rules::RuleBook;
//! use bildungsnetz::rules::sek1::{GradeSheet, Qualification, Status};
//! let book = RuleBook::embedded()?;
//! let sheet: GradeSheet = serde_json::from_str(r#"{"schulform":"realschule","jahrgang":10,
//!   "subjects":[{"kuerzel":"D","grade":2},{"kuerzel":"M","grade":4},{"kuerzel":"E","grade":3},
//!   {"kuerzel":"WP","grade":3},{"kuerzel":"BI","grade":3},{"kuerzel":"GE","grade":3}]}"#)?;
//! let r = book.sek1_engine(Date::from_ymd(2025, 7, 1)?)?.evaluate(&sheet)?;
//! assert_eq!(r.best, Some(Qualification::MsaQ));
//! assert_eq!(r.result(Qualification::Msa).map(|q| q.status), Some(Status::Earned));
//! assert_eq!(r.best_code.as_ref().map(|c| c.kuerzel), Some("MSA_Q"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apo;
mod entry;
mod names;
pub mod rlp;

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::law::Value;
use super::{
    Check, CheckResult, Decision, GymnasiumTrack, Land, LearnerFacts, Outcome, RecordErrorKind,
    RuleBook, RuleError, Schulform, Transition, short_citation,
};
use crate::calendar::{Date, SchoolYear};
use apo::{Form, Koop, Kurs, Lean, Params, Role, Sheet, Subj, Verdict};
use names::Name;

pub use entry::{Empfehlung, gymnasium_track};

/// The course level of a subject with Fachleistungsdifferenzierung (Gesamtschule, Sekundarschule,
/// Hauptschule): `"E"` (Erweiterungskurs) or `"G"` (Grundkurs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Course {
    /// Erweiterungskurs.
    E,
    /// Grundkurs.
    G,
    /// Erweiterungskurs on the lower E level (Integrierte Gesamtschule in Rheinland-Pfalz,
    /// from class 9: G, E1, E2).
    E1,
    /// Erweiterungskurs on the upper E level (Integrierte Gesamtschule in Rheinland-Pfalz).
    E2,
}

/// The Bildungsgang of a Sekundarschule pupil: integrated (§ 20 Abs. 5, 6 APO-S I: the
/// Gesamtschule's rules), at a cooperative Sekundarschule (§ 20 Abs. 8 Nr. 1) the Bildungsgang of
/// a form, or at a teilintegrierte Sekundarschule (§ 20 Abs. 8 Nr. 2) the Erweiterungsebene or the
/// Grundebene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Bildungsgang {
    /// Integrated (§ 20 Abs. 5, 6): rules of the Gesamtschule.
    Integriert,
    /// Cooperative form (§ 20 Abs. 8 Nr. 1): Bildungsgang der Hauptschule.
    Hauptschule,
    /// Cooperative form: Bildungsgang der Realschule.
    Realschule,
    /// Cooperative form: Bildungsgang des Gymnasiums (G9 rules).
    Gymnasium,
    /// Teilintegrierte form (§ 20 Abs. 8 Nr. 2), Erweiterungsebene: the Berechtigung zum Besuch
    /// der gymnasialen Oberstufe is judged under § 43 Abs. 1.
    TeilintegriertErweiterung,
    /// Teilintegrierte form, Grundebene.
    TeilintegriertGrund,
}

/// Hauptschule class 10: Typ A (towards the EESA) or Typ B (towards the MSA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum HauptschuleTyp {
    /// Klasse 10 Typ A.
    A,
    /// Klasse 10 Typ B.
    B,
}

/// One subject on a grade sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectGrade {
    /// The subject's abbreviation as in SVWS/SchILD: `D`, `M`, `E`, `WP`, `LBNW`, `LBAL`, `BI`,
    /// `CH`, `PH`, `AT`, `AW`, `AH`, `GL`, `SP`, …; matched case-insensitively.
    pub kuerzel: String,
    /// The end-of-year grade, 1 (sehr gut) to 6 (ungenügend).
    pub grade: u8,
    /// E or G course, where the subject is differentiated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub course: Option<Course>,
    /// Whether the subject is a foreign language (English is always one).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub foreign_language: bool,
    /// For a foreign language: its place in the pupil's order of languages (1 = first foreign
    /// language, 2 = second, 3 = third …); implies `foreign_language`. At the Gymnasium only the
    /// first and second belong to Fächergruppe I (§ 27 APO-S I). When no subject gives it,
    /// English is the first and a single other foreign language the second.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_order: Option<u8>,
}

/// A pupil's end-of-year grade sheet in Sekundarstufe I. Unknown fields are rejected.
///
/// ```
/// use bildungsnetz::rules::sek1::GradeSheet;
/// let ok = r#"{"schulform":"gesamtschule","jahrgang":9,"subjects":[{"kuerzel":"D","grade":4,"course":"G"}]}"#;
/// assert!(serde_json::from_str::<GradeSheet>(ok).is_ok());
/// assert!(serde_json::from_str::<GradeSheet>(&ok.replace("jahrgang", "klasse")).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeSheet {
    /// The Schulform attended.
    pub schulform: Schulform,
    /// The class (Jahrgang) whose end-of-year grades these are, 5–10.
    pub jahrgang: u8,
    /// G8 or G9 (Gymnasium); derived from the class-5 year when absent, see [`Sek1Facts`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gymnasium_track: Option<GymnasiumTrack>,
    /// Sekundarschule: the Bildungsgang (default: integrated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bildungsgang: Option<Bildungsgang>,
    /// Hauptschule class 10: Typ A or B (default B). (Typ B needs the Berechtigung of
    /// § 25 Abs. 3 APO-S I, decided from the class-9 sheet.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hauptschule_typ: Option<HauptschuleTyp>,
    /// A qualification already held (e.g. the ESA with the Versetzung into class 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<Qualification>,
    /// The subjects and grades.
    pub subjects: Vec<SubjectGrade>,
}

/// A Sek-I qualification, ordered lowest first.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// Erster Schulabschluss (until 2021/22: Hauptschulabschluss, HA9).
    Esa,
    /// Erweiterter Erster Schulabschluss (until 2021/22: Hauptschulabschluss nach Klasse 10, HA10).
    Eesa,
    /// Mittlerer Schulabschluss (Fachoberschulreife).
    Msa,
    /// Mittlerer Schulabschluss with the Berechtigung zum Besuch der gymnasialen Oberstufe.
    MsaQ,
}

impl Qualification {
    /// All four, lowest first.
    pub const ALL: [Qualification; 4] = [
        Qualification::Esa,
        Qualification::Eesa,
        Qualification::Msa,
        Qualification::MsaQ,
    ];

    fn index(self) -> usize {
        match self {
            Qualification::Esa => apo::ESA,
            Qualification::Eesa => apo::EESA,
            Qualification::Msa => apo::MSA,
            Qualification::MsaQ => apo::MSA_Q,
        }
    }

    /// The snake_case name used in JSON and decision details (`esa`, `eesa`, `msa`, `msa_q`).
    pub fn name(self) -> &'static str {
        match self {
            Qualification::Esa => "esa",
            Qualification::Eesa => "eesa",
            Qualification::Msa => "msa",
            Qualification::MsaQ => "msa_q",
        }
    }

    /// The qualification as the Sek-II rules and the vocabulary name it (its SVWS key, the
    /// canonical code; see [`crate::vocabulary`]).
    ///
    /// ```
    /// use bildungsnetz::rules::Abschluss;
    /// use bildungsnetz::rules::sek1::Qualification;
    /// assert_eq!(Qualification::Eesa.abschluss(), Abschluss::HA10);
    /// ```
    pub fn abschluss(self) -> super::Abschluss {
        match self {
            Qualification::Esa => super::Abschluss::HA9,
            Qualification::Eesa => super::Abschluss::HA10,
            Qualification::Msa => super::Abschluss::MSA,
            Qualification::MsaQ => super::Abschluss::MSA_Q,
        }
    }

    /// The official code (SVWS catalogue `SchulabschlussAllgemeinbildend.json`) in force on a
    /// day: HA9/HA10 until 31.07.2022, ESA/EESA from the school year 2022/23.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::sek1::Qualification;
    /// assert_eq!(Qualification::Esa.code_on(Date::from_ymd(2021, 7, 1)?).kuerzel, "HA9");
    /// let c = Qualification::Eesa.code_on(Date::from_ymd(2022, 8, 1)?);
    /// assert_eq!((c.kuerzel, c.schluessel, c.id_statistik), ("EESA", "D", "6"));
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn code_on(self, date: Date) -> QualificationCode {
        let (y, m, _) = date.ymd();
        let renamed = y > 2022 || (y == 2022 && m >= 8);
        let (kuerzel, schluessel, id_statistik, text) = match (self, renamed) {
            (Qualification::Esa, false) => (
                "HA9",
                "C",
                "3",
                "Hauptschulabschluss nach Klasse 9 (mit Berechtigung zum Besuch der Klasse 10 Typ B)",
            ),
            (Qualification::Esa, true) => (
                "ESA",
                "C",
                "3",
                "Erster Schulabschluss (mit Berechtigung zum Besuch der Klasse 10 Typ B)",
            ),
            (Qualification::Eesa, false) => {
                ("HA10", "D", "6", "Hauptschulabschluss nach Klasse 10")
            }
            (Qualification::Eesa, true) => ("EESA", "D", "6", "Erweiterter Erster Schulabschluss"),
            (Qualification::Msa, _) => (
                "MSA",
                "F",
                "8",
                "Mittlerer Schulabschluss - Fachoberschulreife ohne Berechtigung zum Besuch der gymnasialen Oberstufe",
            ),
            (Qualification::MsaQ, _) => (
                "MSA_Q",
                "G",
                "9",
                "Mittlerer Schulabschluss - Fachoberschulreife mit Berechtigung zum Besuch der gymnasialen Oberstufe",
            ),
        };
        QualificationCode {
            kuerzel,
            schluessel,
            id_statistik,
            text,
        }
    }
}

impl Qualification {
    /// The official code on `date`, where the ESA is coded without the Berechtigung zum Besuch
    /// der Klasse 10 Typ B (`ESAA`, `HA9A`) when `without_10b` says that it was not earned.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::sek1::Qualification;
    /// let day = Date::from_ymd(2024, 7, 1)?;
    /// assert_eq!(Qualification::Esa.code_given_10b(day, true).kuerzel, "ESAA");
    /// assert_eq!(Qualification::Esa.code_given_10b(day, false).kuerzel, "ESA");
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn code_given_10b(self, date: Date, without_10b: bool) -> QualificationCode {
        if self == Qualification::Esa && without_10b {
            Qualification::esa_without_10b(date)
        } else {
            self.code_on(date)
        }
    }

    /// The code of the Erster Schulabschluss without the Berechtigung zum Besuch der Klasse 10
    /// Typ B (§ 25 Abs. 3 APO-S I): `HA9A` until 2021/22, `ESAA` from 2022/23.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::sek1::Qualification;
    /// let c = Qualification::esa_without_10b(Date::from_ymd(2024, 7, 1)?);
    /// assert_eq!((c.kuerzel, c.schluessel, c.id_statistik), ("ESAA", "B", "2"));
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn esa_without_10b(date: Date) -> QualificationCode {
        let (y, m, _) = date.ymd();
        let renamed = y > 2022 || (y == 2022 && m >= 8);
        if renamed {
            QualificationCode {
                kuerzel: "ESAA",
                schluessel: "B",
                id_statistik: "2",
                text: "Erster Schulabschluss (ohne Berechtigung zum Besuch der Klasse 10 Typ B)",
            }
        } else {
            QualificationCode {
                kuerzel: "HA9A",
                schluessel: "B",
                id_statistik: "2",
                text: "Hauptschulabschluss nach Klasse 9 (ohne Berechtigung zum Besuch der Klasse 10 Typ B)",
            }
        }
    }
}

/// An official qualification code (SVWS `SchulabschlussAllgemeinbildend`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QualificationCode {
    /// Kürzel, e.g. `ESA`, `HA10`, `MSA_Q`; `OA` = ohne Abschluss.
    pub kuerzel: &'static str,
    /// Statistics key letter (`C`, `D`, `F`, `G`; `A` for OA).
    pub schluessel: &'static str,
    /// `idStatistik`.
    pub id_statistik: &'static str,
    /// The official text.
    pub text: &'static str,
}

/// The code for "no qualification" (`OA`).
pub const OHNE_ABSCHLUSS: QualificationCode = QualificationCode {
    kuerzel: "OA",
    schluessel: "A",
    id_statistik: "1",
    text: "Ohne Abschluss",
};

/// What a rule found for one qualification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Earned with these grades.
    Earned,
    /// Not earned (see the Nachprüfung subjects).
    NotEarned,
    /// A grade the rule needs is missing (e.g. a Lernbereich grade).
    Undetermined,
    /// Not awarded at this Jahrgang and Schulform.
    NotApplicable,
}

impl Status {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Status::Earned => "earned",
            Status::NotEarned => "not_earned",
            Status::Undetermined => "undetermined",
            Status::NotApplicable => "not_applicable",
        }
    }
}

/// The result for one qualification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QualificationResult {
    /// Which qualification.
    pub qualification: Qualification,
    /// What the rule found.
    pub status: Status,
    /// Subjects (Kürzel as given) in which a Nachprüfung could still earn it; empty if earned or
    /// if none could.
    pub nachpruefung: Vec<String>,
    /// The rule applied (empty when not applicable).
    pub rule_id: &'static str,
    /// The citation of the version applied.
    pub citation: String,
}

/// The result for an entitlement that is not a qualification of its own: the Berechtigung zum
/// Besuch der Klasse 10 Typ B (§ 25 Abs. 3 APO-S I).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntitlementResult {
    /// What the rule found.
    pub status: Status,
    /// Subjects in which a Nachprüfung could still earn it.
    pub nachpruefung: Vec<String>,
    /// The rule applied.
    pub rule_id: &'static str,
    /// The citation of the version applied.
    pub citation: String,
}

/// All qualifications for one grade sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sek1Qualifications {
    /// The day whose law was applied.
    pub as_of: Date,
    /// One result per qualification, lowest first.
    pub results: Vec<QualificationResult>,
    /// Hauptschule (or its Bildungsgang) class 9: the Berechtigung zum Besuch der Klasse 10 Typ B
    /// (§ 25 Abs. 3); `None` elsewhere. Without it the ESA is coded `ESAA` (`HA9A`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub berechtigung_10b: Option<EntitlementResult>,
    /// The highest qualification earned now or held before.
    pub best: Option<Qualification>,
    /// The official code of `best` on `as_of` (`None` = ohne Abschluss, code `OA`).
    pub best_code: Option<QualificationCode>,
    /// The Nachprüfung subjects of the next qualification above `best` (the "Prognose").
    pub nachpruefung: Vec<String>,
    /// A sentence in German.
    pub explanation_de: String,
    /// The same in English.
    pub explanation_en: String,
}

impl Sek1Qualifications {
    /// The result for a qualification.
    pub fn result(&self, q: Qualification) -> Option<&QualificationResult> {
        self.results.iter().find(|r| r.qualification == q)
    }
}

/// Why a grade sheet cannot be evaluated. Messages name the field or subject position, never a
/// grade or a subject's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GradeSheetError {
    /// A field has an invalid value (the value is not reported).
    #[error("grade sheet field {field}: {problem}")]
    Invalid {
        /// JSON path of the field, e.g. `subjects[3].grade`.
        field: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// The sheet is not JSON of the expected shape.
    #[error("grade sheet is not valid ({0})")]
    Syntax(String),
    /// The Schulform has no APO-S I rules here.
    #[error("Schulform is not covered by the APO-S I rules of this crate")]
    NotCovered,
}

impl From<GradeSheetError> for RuleError {
    fn from(e: GradeSheetError) -> RuleError {
        let field = match &e {
            GradeSheetError::Invalid { field, .. } => Some(format!("sek1.grade_sheet.{field}")),
            _ => Some("sek1.grade_sheet".to_owned()),
        };
        match e {
            GradeSheetError::NotCovered => RuleError::NotCovered {
                transition: Transition::Sek1Qualification.id(),
                land: "NW",
            },
            _ => RuleError::Record {
                line: 0,
                field,
                kind: RecordErrorKind::InvalidValue,
            },
        }
    }
}

/// Facts for the Sek-I transitions, carried in [`LearnerFacts::sek1`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sek1Facts {
    /// The Grundschule's Schulformempfehlung (code as in `Uebergangsempfehlung.json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Empfehlung>,
    /// The Schulform the parents choose for class 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_schulform: Option<Schulform>,
    /// The first year of the school year in which the pupil entered class 5 (for G8/G9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class5_start_year: Option<i32>,
    /// The Gymnasium kept G8 by a Schulkonferenz vote (by 31.01.2019).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_kept_g8: Option<bool>,
    /// The end-of-year grade sheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade_sheet: Option<GradeSheet>,
    /// A named question for [`Transition::Sek1Qualification`]: "does this sheet earn X?". The
    /// outcome is then about X alone (`eligible` if earned or held, `not_eligible` with the
    /// Nachprüfung subjects that could still earn it, `undetermined` if a grade is missing);
    /// without it the outcome is about the best qualification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked: Option<Asked>,
    /// Rheinland-Pfalz: the Klassenkonferenz's recommendations in the Orientierungsstufe
    /// (§§ 19, 20 ÜSchO; see [`rlp`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orientierungsstufe: Option<rlp::Orientierungsstufe>,
}

/// What [`Sek1Facts::asked`] can ask about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Asked {
    /// The Erster Schulabschluss (§ 40 APO-S I).
    Esa,
    /// The Berechtigung zum Besuch der Klasse 10 Typ B (Hauptschule, § 25 Abs. 3).
    #[serde(rename = "klasse_10b")]
    Klasse10b,
    /// The Erweiterter Erster Schulabschluss (§ 41).
    Eesa,
    /// The Mittlerer Schulabschluss (§ 42).
    Msa,
    /// The Berechtigung zum Besuch der gymnasialen Oberstufe (Qualifikationsvermerk, § 43; at a
    /// G8 Gymnasium: the Versetzung into the Einführungsphase at the end of class 9).
    #[serde(alias = "qualifikationsvermerk", alias = "berechtigung_oberstufe")]
    MsaQ,
}

/// The other names serde reads for [`Asked::MsaQ`] (its `alias` attributes), for the schema.
const ASKED_MSA_Q_ALIASES: [&str; 2] = ["qualifikationsvermerk", "berechtigung_oberstufe"];

// By hand rather than derived: the derive leaves serde's aliases out of the schema.
impl schemars::JsonSchema for Asked {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Asked".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names = [
            Asked::Esa,
            Asked::Klasse10b,
            Asked::Eesa,
            Asked::Msa,
            Asked::MsaQ,
        ]
        .map(Asked::name);
        let accepted: Vec<&str> = names.into_iter().chain(ASKED_MSA_Q_ALIASES).collect();
        schemars::json_schema!({
            "description": "The qualification asked about: esa (Erster Schulabschluss, § 40 APO-S I), klasse_10b (Berechtigung zum Besuch der Klasse 10 Typ B, § 25 Abs. 3), eesa (Erweiterter Erster Schulabschluss, § 41), msa (Mittlerer Schulabschluss, § 42), msa_q (Berechtigung zum Besuch der gymnasialen Oberstufe, § 43; also written qualifikationsvermerk or berechtigung_oberstufe).",
            "type": "string",
            "enum": accepted
        })
    }
}

impl Asked {
    /// The snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Asked::Esa => "esa",
            Asked::Klasse10b => "klasse_10b",
            Asked::Eesa => "eesa",
            Asked::Msa => "msa",
            Asked::MsaQ => "msa_q",
        }
    }

    fn qualification(self) -> Option<Qualification> {
        match self {
            Asked::Esa => Some(Qualification::Esa),
            Asked::Klasse10b => None,
            Asked::Eesa => Some(Qualification::Eesa),
            Asked::Msa => Some(Qualification::Msa),
            Asked::MsaQ => Some(Qualification::MsaQ),
        }
    }
}

const R_ESA_GE: &str = "nrw.apo_si.esa.ge";
const R_ESA_HS: &str = "nrw.apo_si.esa.hs";
const R_ESA_RSGY: &str = "nrw.apo_si.esa.rs_gy";
const R_VV40: &str = "nrw.apo_si.esa.vv40_4";
const R_EESA_GE: &str = "nrw.apo_si.eesa.ge";
const R_EESA_HS: &str = "nrw.apo_si.eesa.hs";
const R_EESA_RSGY: &str = "nrw.apo_si.eesa.rs_gy";
const R_MSA_GE: &str = "nrw.apo_si.msa.ge";
const R_MSA_HS: &str = "nrw.apo_si.msa.hs";
const R_MSA_RS: &str = "nrw.apo_si.msa.rs";
const R_MSA_GY: &str = "nrw.apo_si.msa.gy";
const R_Q_GE: &str = "nrw.apo_si.msa_q.ge";
const R_Q_RS: &str = "nrw.apo_si.msa_q.rs";
const R_Q_GY: &str = "nrw.apo_si.msa_q.gy";
const R_Q_GY_G8: &str = "nrw.apo_si.msa_q.gy_g8";
const R_EESA_SK: &str = "nrw.apo_si.eesa.sk_koop";
const R_10B: &str = "nrw.apo_si.klasse10b";
pub(crate) const R_NP: &str = "nrw.apo_si.nachpruefung";
const R_NAMES: &str = "nrw.apo_si.bezeichnungen";

fn rule_id(form: Form, q: Qualification) -> &'static str {
    match (form, q) {
        (Form::SkKoop(_), Qualification::Eesa) => R_EESA_SK,
        (Form::SkKoop(_), _) => rule_id(form.base(), q),
        (Form::SkTeil { .. }, Qualification::Esa) => R_ESA_RSGY,
        (Form::SkTeil { .. }, Qualification::Eesa) => R_EESA_GE,
        (Form::SkTeil { .. }, Qualification::Msa) => R_MSA_GE,
        (Form::SkTeil { .. }, Qualification::MsaQ) => R_Q_RS,
        (Form::Ge, Qualification::Esa) => R_ESA_GE,
        (Form::Hs { .. }, Qualification::Esa) => R_ESA_HS,
        (_, Qualification::Esa) => R_ESA_RSGY,
        (Form::Ge, Qualification::Eesa) => R_EESA_GE,
        (Form::Hs { .. }, Qualification::Eesa) => R_EESA_HS,
        (_, Qualification::Eesa) => R_EESA_RSGY,
        (Form::Ge, Qualification::Msa) => R_MSA_GE,
        (Form::Hs { .. }, Qualification::Msa) => R_MSA_HS,
        (Form::Rs, Qualification::Msa) => R_MSA_RS,
        (Form::Gy { .. }, Qualification::Msa) => R_MSA_GY,
        (Form::Ge, Qualification::MsaQ) => R_Q_GE,
        (Form::Gy { .. }, Qualification::MsaQ) => R_Q_GY,
        (_, Qualification::MsaQ) => R_Q_RS,
    }
}

/// A grade sheet prepared for the lean path: subjects classified, checked and packed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreparedSheet {
    sheet: Sheet,
    form: Form,
    jahrgang: u8,
    prior: Option<Qualification>,
}

/// The lean result of one sheet: per qualification a status code and a bit set of Nachprüfung
/// subjects (bit i = the i-th subject of the sheet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LeanSek1 {
    /// Per qualification (ESA, EESA, MSA, MSA_Q): 0 not earned, 1 earned, 3 undetermined,
    /// 4 not applicable (the codes of [`Outcome::code`] where they agree).
    pub status: [u8; 4],
    /// Per qualification: the Nachprüfung subjects as a bit set over the sheet's subjects.
    pub nachpruefung: [u32; 4],
    /// The Berechtigung zum Besuch der Klasse 10 Typ B (§ 25 Abs. 3), same codes (4 where it is
    /// not decided: every sheet but Hauptschule class 9).
    pub klasse_10b: u8,
    /// Its Nachprüfung subjects.
    pub nachpruefung_10b: u32,
}

impl LeanSek1 {
    /// The official code of qualification `q` on `date` for this sheet: the ESA is coded
    /// `ESAA` (`HA9A`) where the Berechtigung zum Besuch der Klasse 10 Typ B was decided and not
    /// earned, as in the explained result.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::sek1::{LeanSek1, Qualification};
    /// let lean = LeanSek1 { status: [1, 0, 0, 0], nachpruefung: [0; 4], klasse_10b: 0, nachpruefung_10b: 0 };
    /// let day = Date::from_ymd(2024, 7, 1)?;
    /// assert_eq!(lean.code_of(Qualification::Esa, day).kuerzel, "ESAA");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn code_of(&self, q: Qualification, date: Date) -> QualificationCode {
        // 0 not earned, 3 undetermined: the Berechtigung is not shown to be earned.
        q.code_given_10b(date, matches!(self.klasse_10b, 0 | 3))
    }
}

/// The APO-S I rules as in force on one day, ready to evaluate many sheets.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::RuleBook;
/// let book = RuleBook::embedded()?;
/// let engine = book.sek1_engine(Date::from_ymd(2021, 7, 1)?)?;
/// assert_eq!(engine.as_of(), Date::from_ymd(2021, 7, 1)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Sek1Engine<'a> {
    book: &'a RuleBook,
    as_of: Date,
    params: Params,
    /// Row index per rule id in force on `as_of`.
    rows: BTreeMap<&'static str, u16>,
}

const ALL_RULES: [&str; 19] = [
    R_ESA_GE,
    R_ESA_HS,
    R_ESA_RSGY,
    R_VV40,
    R_EESA_GE,
    R_EESA_HS,
    R_EESA_RSGY,
    R_MSA_GE,
    R_MSA_HS,
    R_MSA_RS,
    R_MSA_GY,
    R_Q_GE,
    R_Q_RS,
    R_Q_GY,
    R_NP,
    R_NAMES,
    R_Q_GY_G8,
    R_EESA_SK,
    R_10B,
];

impl RuleBook {
    /// The APO-S I rules in force on `as_of` (the day of the Zeugniskonferenz, usually the end of
    /// the school year).
    pub fn sek1_engine(&self, as_of: Date) -> Result<Sek1Engine<'_>, RuleError> {
        let mut rows = BTreeMap::new();
        for id in ALL_RULES {
            if let Some(i) = self.table().in_force(id, as_of) {
                rows.insert(id, i);
            } else if id != R_VV40 {
                return Err(RuleError::NoLawInForce {
                    rule_id: id.to_owned(),
                });
            }
        }
        let lb = rows
            .get(R_EESA_GE)
            .and_then(|&i| match self.value(i) {
                Some(Value::Years { years }) => Some(*years),
                _ => None,
            })
            .unwrap_or(2);
        Ok(Sek1Engine {
            book: self,
            as_of,
            params: Params {
                ge_lernbereiche_fg1: lb,
                vv40_4: rows.contains_key(R_VV40),
            },
            rows,
        })
    }

    /// Grade sheet JSON in, qualifications JSON out (for the C ABI and Python).
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let out = book.sek1_qualifications_json(
    ///     r#"{"schulform":"hauptschule","jahrgang":9,"subjects":[{"kuerzel":"D","grade":4},{"kuerzel":"M","grade":5},{"kuerzel":"E","grade":4}]}"#,
    ///     Date::from_ymd(2024, 7, 1)?)?;
    /// // The ESA, without the Berechtigung zum Besuch der Klasse 10 Typ B (§ 25 Abs. 3 APO-S I):
    /// // the SVWS key for that is `ESAA`.
    /// assert!(out.contains(r#""kuerzel":"ESAA""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sek1_qualifications_json(&self, sheet: &str, as_of: Date) -> Result<String, RuleError> {
        let sheet: GradeSheet = serde_json::from_str(sheet).map_err(|e| {
            RuleError::from(GradeSheetError::Syntax(format!(
                "{:?} at line {}, column {}",
                e.classify(),
                e.line(),
                e.column()
            )))
        })?;
        let r = self
            .sek1_engine(as_of)?
            .evaluate(&sheet)
            .map_err(RuleError::from)?;
        serde_json::to_string(&r).map_err(|_| RuleError::Io(std::io::ErrorKind::InvalidData))
    }
}

fn classify(name: &Name<'_>, foreign: bool) -> Role {
    use names::code;
    const D: u64 = code(b"D");
    const M: u64 = code(b"M");
    const E: u64 = code(b"E");
    const WP: u64 = code(b"WP");
    const WP1: u64 = code(b"WP1");
    const WPI: u64 = code(b"WPI");
    const LBNW: u64 = code(b"LBNW");
    const LBAL: u64 = code(b"LBAL");
    const LBWAW: u64 = code(b"LBWAW");
    const LBWA: u64 = code(b"LBWA");
    const BI: u64 = code(b"BI");
    const CH: u64 = code(b"CH");
    const PH: u64 = code(b"PH");
    const NW: u64 = code(b"NW");
    const AT: u64 = code(b"AT");
    const AW: u64 = code(b"AW");
    const AH: u64 = code(b"AH");
    const AL: u64 = code(b"AL");
    const HW: u64 = code(b"HW");
    const TC: u64 = code(b"TC");
    const WL: u64 = code(b"WL");
    const WAW: u64 = code(b"WAW");
    match name.code() {
        Some(D) => Role::D,
        Some(M) => Role::M,
        Some(E) => Role::E,
        Some(WP | WP1 | WPI) => Role::Wp,
        Some(LBNW) => Role::Lbnw,
        Some(LBAL | LBWAW | LBWA) => Role::Lbal,
        Some(BI | CH | PH | NW) => Role::Nw,
        Some(AT | AW | AH | AL | HW | TC | WL | WAW) => Role::Al,
        _ if foreign => Role::Fl2,
        _ => Role::Other,
    }
}

/// One subject as the packing reads it, from an owned [`SubjectGrade`] or a borrowed
/// [`SubjectView`].
pub(crate) trait SubjectFields {
    fn kuerzel(&self) -> &str;
    fn grade(&self) -> u8;
    fn course(&self) -> Option<Course>;
    fn foreign_language(&self) -> bool;
    fn language_order(&self) -> Option<u8>;
}

impl SubjectFields for SubjectGrade {
    fn kuerzel(&self) -> &str {
        &self.kuerzel
    }
    fn grade(&self) -> u8 {
        self.grade
    }
    fn course(&self) -> Option<Course> {
        self.course
    }
    fn foreign_language(&self) -> bool {
        self.foreign_language
    }
    fn language_order(&self) -> Option<u8> {
        self.language_order
    }
}

impl SubjectFields for SubjectView<'_> {
    fn kuerzel(&self) -> &str {
        self.kuerzel
    }
    fn grade(&self) -> u8 {
        self.grade
    }
    fn course(&self) -> Option<Course> {
        self.course
    }
    fn foreign_language(&self) -> bool {
        self.foreign_language
    }
    fn language_order(&self) -> Option<u8> {
        self.language_order
    }
}

/// One subject of a [`SheetView`]: the fields of [`SubjectGrade`], the name borrowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubjectView<'a> {
    /// As [`SubjectGrade::kuerzel`](field@SubjectGrade::kuerzel).
    pub kuerzel: &'a str,
    /// As [`SubjectGrade::grade`](field@SubjectGrade::grade).
    pub grade: u8,
    /// As [`SubjectGrade::course`](field@SubjectGrade::course).
    pub course: Option<Course>,
    /// As [`SubjectGrade::foreign_language`](field@SubjectGrade::foreign_language).
    pub foreign_language: bool,
    /// As [`SubjectGrade::language_order`](field@SubjectGrade::language_order).
    pub language_order: Option<u8>,
}

impl<'a> SubjectView<'a> {
    /// A subject with a name and a grade only.
    pub fn new(kuerzel: &'a str, grade: u8) -> SubjectView<'a> {
        SubjectView {
            kuerzel,
            grade,
            course: None,
            foreign_language: false,
            language_order: None,
        }
    }
}

/// A grade sheet whose subject names are borrowed, for a caller that holds names and grades in
/// its own buffers (a table, a parser's input) and decides many sheets: packing it
/// ([`prepare_view`]) allocates nothing. It means what the [`GradeSheet`] with the same fields
/// means, and gives the same results and the same errors.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::{RuleBook, Schulform};
/// use bildungsnetz::rules::sek1::{SheetView, SubjectView, prepare_view};
/// let book = RuleBook::embedded()?;
/// let engine = book.sek1_engine(Date::from_ymd(2025, 7, 1)?)?;
/// let subjects = [("D", 2), ("M", 4), ("E", 3), ("WP", 3), ("BI", 3), ("GE", 3)]
///     .map(|(k, g)| SubjectView::new(k, g));
/// let sheet = SheetView::new(Schulform::Realschule, 10, &subjects);
/// let lean = engine.evaluate_lean(&prepare_view(&sheet, None)?);
/// // The ESA belongs to class 9 at the Realschule (not applicable: 4); EESA, MSA, MSA_Q earned.
/// assert_eq!(lean.status, [4, 1, 1, 1]);
/// let twice = [SubjectView::new("D", 2), SubjectView::new(" d ", 3)];
/// let err = prepare_view(&SheetView::new(Schulform::Realschule, 10, &twice), None).unwrap_err();
/// assert_eq!(err.to_string(), "grade sheet field subjects[1].kuerzel: appears twice");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SheetView<'a> {
    /// As [`GradeSheet::schulform`].
    pub schulform: Schulform,
    /// As [`GradeSheet::jahrgang`].
    pub jahrgang: u8,
    /// As [`GradeSheet::gymnasium_track`].
    pub gymnasium_track: Option<GymnasiumTrack>,
    /// As [`GradeSheet::bildungsgang`].
    pub bildungsgang: Option<Bildungsgang>,
    /// As [`GradeSheet::hauptschule_typ`].
    pub hauptschule_typ: Option<HauptschuleTyp>,
    /// As [`GradeSheet::prior`].
    pub prior: Option<Qualification>,
    /// As [`GradeSheet::subjects`].
    pub subjects: &'a [SubjectView<'a>],
}

impl<'a> SheetView<'a> {
    /// A sheet of a Schulform and class with these subjects and no other field.
    pub fn new(schulform: Schulform, jahrgang: u8, subjects: &'a [SubjectView<'a>]) -> Self {
        SheetView {
            schulform,
            jahrgang,
            gymnasium_track: None,
            bildungsgang: None,
            hauptschule_typ: None,
            prior: None,
            subjects,
        }
    }
}

/// The fields of a sheet besides its subjects.
#[derive(Clone, Copy)]
pub(crate) struct Head {
    pub schulform: Schulform,
    pub jahrgang: u8,
    pub gymnasium_track: Option<GymnasiumTrack>,
    pub bildungsgang: Option<Bildungsgang>,
    pub hauptschule_typ: Option<HauptschuleTyp>,
    pub prior: Option<Qualification>,
}

impl GradeSheet {
    pub(crate) fn head(&self) -> Head {
        Head {
            schulform: self.schulform,
            jahrgang: self.jahrgang,
            gymnasium_track: self.gymnasium_track,
            bildungsgang: self.bildungsgang,
            hauptschule_typ: self.hauptschule_typ,
            prior: self.prior,
        }
    }
}

impl SheetView<'_> {
    pub(crate) fn head(&self) -> Head {
        Head {
            schulform: self.schulform,
            jahrgang: self.jahrgang,
            gymnasium_track: self.gymnasium_track,
            bildungsgang: self.bildungsgang,
            hauptschule_typ: self.hauptschule_typ,
            prior: self.prior,
        }
    }
}

/// Reads every subject's name once; the caller has checked that there are at most
/// [`apo::MAX_SUBJECTS`].
pub(crate) fn read_names<S: SubjectFields>(subjects: &[S]) -> [Name<'_>; apo::MAX_SUBJECTS] {
    let mut names = [Name::new(""); apo::MAX_SUBJECTS];
    for (slot, s) in names.iter_mut().zip(subjects) {
        *slot = Name::new(s.kuerzel());
    }
    names
}

/// Checks and packs a grade sheet. The Gymnasium track must be known (pass it in the sheet or
/// as `track`).
pub fn prepare(
    sheet: &GradeSheet,
    track: Option<GymnasiumTrack>,
) -> Result<PreparedSheet, GradeSheetError> {
    pack(sheet.head(), &sheet.subjects, track)
}

/// [`prepare`] for a sheet with borrowed subject names: the same checks, the same packed sheet,
/// no allocation (unless there is an error to report).
pub fn prepare_view(
    sheet: &SheetView<'_>,
    track: Option<GymnasiumTrack>,
) -> Result<PreparedSheet, GradeSheetError> {
    pack(sheet.head(), sheet.subjects, track)
}

fn pack<S: SubjectFields>(
    sheet: Head,
    subjects: &[S],
    track: Option<GymnasiumTrack>,
) -> Result<PreparedSheet, GradeSheetError> {
    let invalid =
        |field: String, problem: &'static str| GradeSheetError::Invalid { field, problem };
    if !(5..=10).contains(&sheet.jahrgang) {
        return Err(invalid("jahrgang".to_owned(), "must be 5 to 10"));
    }
    if subjects.len() > apo::MAX_SUBJECTS {
        return Err(invalid("subjects".to_owned(), "more than 32 subjects"));
    }
    let form = match (sheet.schulform, sheet.bildungsgang) {
        (Schulform::Gesamtschule, None | Some(Bildungsgang::Integriert))
        | (Schulform::Sekundarschule, None | Some(Bildungsgang::Integriert)) => Form::Ge,
        (Schulform::Hauptschule, None) => Form::Hs {
            typ_a: sheet.hauptschule_typ == Some(HauptschuleTyp::A),
        },
        (Schulform::Sekundarschule, Some(Bildungsgang::Hauptschule)) => Form::SkKoop(Koop::Hs),
        (Schulform::Realschule, None) => Form::Rs,
        (Schulform::Sekundarschule, Some(Bildungsgang::Realschule)) => Form::SkKoop(Koop::Rs),
        (Schulform::Sekundarschule, Some(Bildungsgang::Gymnasium)) => Form::SkKoop(Koop::Gy),
        (Schulform::Sekundarschule, Some(Bildungsgang::TeilintegriertErweiterung)) => {
            Form::SkTeil { erweiterung: true }
        }
        (Schulform::Sekundarschule, Some(Bildungsgang::TeilintegriertGrund)) => {
            Form::SkTeil { erweiterung: false }
        }
        (Schulform::Gymnasium, None) => match sheet.gymnasium_track.or(track) {
            Some(t) => Form::Gy {
                g8: t == GymnasiumTrack::G8,
            },
            None => {
                return Err(invalid(
                    "gymnasium_track".to_owned(),
                    "needed at a Gymnasium (or the class-5 year)",
                ));
            }
        },
        (_, Some(_)) => {
            return Err(invalid(
                "bildungsgang".to_owned(),
                "only at a Sekundarschule",
            ));
        }
        _ => return Err(GradeSheetError::NotCovered),
    };
    let differentiated = matches!(
        form,
        Form::Ge | Form::Hs { .. } | Form::SkKoop(Koop::Hs) | Form::SkTeil { .. }
    );
    let names = read_names(subjects);
    let mut packed = Sheet::default();
    // One pass over the subjects. A problem with a language order is reported before any other
    // (the places are checked across the sheet first), so both kinds are kept until the end.
    let mut order_problem: Option<(usize, &'static str)> = None;
    let mut problem: Option<(usize, &'static str, &'static str)> = None;
    // The foreign languages of Fächergruppe I (§ 27): explicit places first; English without
    // one takes the lowest free place, then a single other language without one the next.
    let mut taken = [false; 3];
    // Bit o: place o was given by an earlier subject.
    let mut places_seen = 0u16;
    let mut english = None;
    // The foreign languages other than English without a place: the first, and whether there
    // is more than one.
    let (mut unordered, mut unordered_more) = (None, false);
    let mut seen = names::Seen::default();
    for (i, ((s, name), slot)) in subjects
        .iter()
        .zip(&names)
        .zip(packed.subj.iter_mut())
        .enumerate()
    {
        let order = s.language_order();
        match order {
            Some(o) if order_problem.is_none() => {
                if o == 0 || o > 9 {
                    order_problem = Some((i, "must be 1 to 9"));
                } else if places_seen & (1 << o) != 0 {
                    order_problem = Some((i, "appears twice"));
                } else {
                    places_seen |= 1 << o;
                    if let Some(t) = taken.get_mut(usize::from(o)) {
                        *t = true;
                    }
                }
            }
            Some(_) => {}
            None if name.upper() == Some(b"E") => {
                english = english.or(Some(i));
            }
            None if s.foreign_language() => {
                unordered_more |= unordered.is_some();
                unordered = unordered.or(Some(i));
            }
            None => {}
        }
        if problem.is_some() {
            continue;
        }
        if !(1..=6).contains(&s.grade()) {
            problem = Some((i, "grade", "must be 1 to 6"));
            continue;
        }
        if name.is_empty() {
            problem = Some((i, "kuerzel", "is empty"));
            continue;
        }
        if seen.insert(name) && names::repeated(name, names.get(..i).unwrap_or_default()) {
            problem = Some((i, "kuerzel", "appears twice"));
            continue;
        }
        let role = classify(name, s.foreign_language() || order.is_some());
        let kurs = match s.course() {
            Some(Course::E) => Kurs::E,
            Some(Course::G) => Kurs::G,
            Some(Course::E1 | Course::E2) => {
                problem = Some((
                    i,
                    "course",
                    "E1 and E2 exist only at an Integrierte Gesamtschule in Rheinland-Pfalz; in NRW a course is E or G",
                ));
                continue;
            }
            None => Kurs::None,
        };
        if kurs != Kurs::None && !differentiated {
            problem = Some((
                i,
                "course",
                "courses exist only at Gesamtschule, Sekundarschule and Hauptschule",
            ));
            continue;
        }
        *slot = Subj {
            grade: s.grade(),
            kurs,
            role,
            fld: kurs != Kurs::None && !matches!(role, Role::D | Role::M | Role::E),
            fg1_lang: order.is_some_and(|o| o <= 2),
        };
    }
    if let Some((i, what)) = order_problem {
        return Err(invalid(format!("subjects[{i}].language_order"), what));
    }
    if let Some((i, field, what)) = problem {
        return Err(invalid(format!("subjects[{i}].{field}"), what));
    }
    let mut next_free = || {
        let k = (1..=2).find(|&k| !taken.get(k).copied().unwrap_or(true))?;
        taken.get_mut(k).map(|t| *t = true)
    };
    if let Some(i) = english {
        if next_free().is_some() {
            if let Some(s) = packed.subj.get_mut(i) {
                s.fg1_lang = true;
            }
        }
    }
    if let Some(i) = unordered {
        if unordered_more {
            // Which of them is the second foreign language matters only if a place is free.
            packed.lang_unclear = taken.get(1..=2).is_some_and(|t| t.contains(&false));
        } else if taken.get(1..=2).is_some_and(|t| t.contains(&false)) {
            if let Some(s) = packed.subj.get_mut(i) {
                s.fg1_lang = true;
            }
        }
    }
    packed.n = subjects.len();
    packed.finish();
    Ok(PreparedSheet {
        sheet: packed,
        form,
        jahrgang: sheet.jahrgang,
        prior: sheet.prior,
    })
}

fn names(sheet: &GradeSheet, mask: u32) -> Vec<String> {
    let mut v: Vec<String> = sheet
        .subjects
        .iter()
        .enumerate()
        .filter(|(i, _)| u32::try_from(*i).is_ok_and(|i| i < 32 && mask & (1 << i) != 0))
        .map(|(_, s)| s.kuerzel.clone())
        .collect();
    v.sort_by_key(|k| k.to_ascii_uppercase());
    v
}

impl<'a> Sek1Engine<'a> {
    /// The day whose law is applied.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The lean evaluation of a prepared sheet (no allocation).
    pub fn evaluate_lean(&self, p: &PreparedSheet) -> LeanSek1 {
        let lean = apo::evaluate(&p.sheet, p.form, p.jahrgang, self.params);
        to_lean(&lean)
    }

    /// All qualifications of a grade sheet, explained. Errors name the field, never its value.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::RuleBook;
    /// use bildungsnetz::rules::sek1::GradeSheet;
    /// let book = RuleBook::embedded()?;
    /// let sheet: GradeSheet = serde_json::from_str(
    ///     r#"{"schulform":"realschule","jahrgang":9,"subjects":[{"kuerzel":"D","grade":9}]}"#)?;
    /// let err = book.sek1_engine(Date::from_ymd(2025, 7, 1)?)?.evaluate(&sheet).unwrap_err();
    /// assert_eq!(err.to_string(), "grade sheet field subjects[0].grade: must be 1 to 6");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, sheet: &GradeSheet) -> Result<Sek1Qualifications, GradeSheetError> {
        let p = prepare(sheet, None)?;
        Ok(self.explain(sheet, &p))
    }

    fn citation(&self, id: &str) -> String {
        self.rows
            .get(id)
            .map(|&i| self.book.citation(i).to_owned())
            .unwrap_or_default()
    }

    fn explain(&self, sheet: &GradeSheet, p: &PreparedSheet) -> Sek1Qualifications {
        let lean = apo::evaluate(&p.sheet, p.form, p.jahrgang, self.params);
        let mut results = Vec::with_capacity(4);
        for q in Qualification::ALL {
            let v = lean.verdict.get(q.index()).copied().flatten();
            let np = lean.np.get(q.index()).copied().unwrap_or(0);
            let status = status_of(v);
            let id = if status == Status::NotApplicable {
                ""
            } else {
                rule_id(p.form, q)
            };
            results.push(QualificationResult {
                qualification: q,
                status,
                nachpruefung: names(sheet, np),
                rule_id: id,
                citation: self.citation(id),
            });
        }
        let earned = results
            .iter()
            .filter(|r| r.status == Status::Earned)
            .map(|r| r.qualification)
            .max();
        let best = match (earned, p.prior) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        // The Prognose: the Nachprüfung subjects of the lowest evaluated qualification above best.
        let nachpruefung = results
            .iter()
            .filter(|r| Some(r.qualification) > best && r.status != Status::NotApplicable)
            .find(|r| r.status != Status::Earned)
            .map(|r| r.nachpruefung.clone())
            .unwrap_or_default();
        let berechtigung_10b = lean.b10.map(|v| EntitlementResult {
            status: status_of(Some(v)),
            nachpruefung: names(sheet, lean.np_b10),
            rule_id: R_10B,
            citation: self.citation(R_10B),
        });
        let without_10b = berechtigung_10b
            .as_ref()
            .is_some_and(|b| b.status != Status::Earned);
        let best_code = best.map(|q| q.code_given_10b(self.as_of, without_10b));
        let label = best_code.map_or(OHNE_ABSCHLUSS.kuerzel, |c| c.kuerzel);
        let cite = best
            .map(|q| short_citation(&self.citation(rule_id(p.form, q))).to_owned())
            .unwrap_or_default();
        let (mut de, mut en) = match best {
            Some(_) => (
                format!("Erreichter Abschluss: {label} ({cite})."),
                format!("Qualification reached: {label} ({cite})."),
            ),
            None => (
                "Mit diesen Noten wird kein Abschluss der Sekundarstufe I erreicht.".to_owned(),
                "These grades do not earn a Sek-I qualification.".to_owned(),
            ),
        };
        if !nachpruefung.is_empty() {
            let list = nachpruefung.join(", ");
            let np = short_citation(&self.citation(R_NP)).to_owned();
            de.push_str(&format!(
                " Eine Nachprüfung in einem dieser Fächer könnte den nächsthöheren Abschluss ermöglichen: {list} ({np})."
            ));
            en.push_str(&format!(
                " A Nachprüfung in one of these subjects could earn the next qualification: {list} ({np})."
            ));
        }
        if results.iter().any(|r| r.status == Status::Undetermined) {
            de.push_str(" Für eine Prüfung fehlen Noten (z. B. Lernbereichsnoten).");
            en.push_str(" Grades needed by a check are missing (e.g. the Lernbereich grades).");
        }
        if let Some(b) = &berechtigung_10b {
            let c = short_citation(&b.citation).to_owned();
            let (d, e) = match b.status {
                Status::Earned => (
                    "Die Berechtigung zum Besuch der Klasse 10 Typ B ist erreicht",
                    "The entitlement to class 10 Typ B is earned",
                ),
                Status::Undetermined => (
                    "Ob die Berechtigung zum Besuch der Klasse 10 Typ B erreicht ist, hängt davon ab, ob Englisch oder Mathematik im Erweiterungskurs belegt wurde",
                    "Whether the entitlement to class 10 Typ B is earned depends on English or Mathematics being taken as an Erweiterungskurs",
                ),
                _ => (
                    "Die Berechtigung zum Besuch der Klasse 10 Typ B ist nicht erreicht",
                    "The entitlement to class 10 Typ B is not earned",
                ),
            };
            de.push_str(&format!(" {d} ({c})."));
            en.push_str(&format!(" {e} ({c})."));
        }
        Sek1Qualifications {
            as_of: self.as_of,
            results,
            berechtigung_10b,
            best,
            best_code,
            nachpruefung,
            explanation_de: de,
            explanation_en: en,
        }
    }
}

fn status_of(v: Option<Verdict>) -> Status {
    match v {
        None => Status::NotApplicable,
        Some(Verdict::Earned) => Status::Earned,
        Some(Verdict::Missed | Verdict::Barred) => Status::NotEarned,
        Some(Verdict::Missing) => Status::Undetermined,
    }
}

fn to_lean(l: &Lean) -> LeanSek1 {
    let code = |v: Option<Verdict>| match status_of(v) {
        Status::Earned => 1,
        Status::NotEarned => 0,
        Status::Undetermined => 3,
        Status::NotApplicable => 4,
    };
    let mut out = LeanSek1 {
        status: [4; 4],
        nachpruefung: l.np,
        klasse_10b: code(l.b10),
        nachpruefung_10b: l.np_b10,
    };
    for (slot, v) in out.status.iter_mut().zip(l.verdict) {
        *slot = code(v);
    }
    out
}

/// The decision for [`Transition::Sek1Qualification`]: outcome `eligible` if a qualification is
/// earned (or held), `not_eligible` if none, `undetermined` if the grade sheet is missing.
pub(crate) fn evaluate_qualification(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    evaluate_qualification_with(book, facts, as_of, None)
}

/// [`evaluate_qualification`] with the NRW engine of `as_of` (or the error building it gave)
/// built before: a table of learners builds it once. `None` builds it when needed.
pub(crate) fn evaluate_qualification_with(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    built: Option<&Result<Sek1Engine<'_>, RuleError>>,
) -> Result<Decision, RuleError> {
    let mut d = Decision {
        transition: Transition::Sek1Qualification,
        land: facts.land,
        as_of,
        school_year: Some(SchoolYear::containing(as_of)),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::new(),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };
    if facts.land == Some(Land::RP) {
        return rlp::evaluate_qualification(book, facts, as_of);
    }
    if facts.land.is_some_and(|l| l != Land::NW) {
        return Err(RuleError::NotCovered {
            transition: Transition::Sek1Qualification.id(),
            land: facts.land.map_or("", Land::code),
        });
    }
    let own;
    let engine = match built {
        Some(Ok(engine)) => engine,
        Some(Err(e)) => return Err(e.clone()),
        None => {
            own = book.sek1_engine(as_of)?;
            &own
        }
    };
    let names_row = engine.rows.get(R_NAMES).copied();
    let sek1 = facts.sek1.as_deref();
    let Some(sheet) = sek1.and_then(|s| s.grade_sheet.as_ref()) else {
        d.missing_facts.push(Cow::Borrowed("sek1.grade_sheet"));
        if let Some(i) = engine.rows.get(R_MSA_RS) {
            d.checks.push(book.check(
                *i,
                &["sek1.grade_sheet"],
                CheckResult::MissingFacts,
                true,
                "qualifications are decided on the end-of-year grades".to_owned(),
            ));
        }
        d.explanation_de = "Ohne Zeugnisnoten kann kein Abschluss bestimmt werden.".to_owned();
        d.explanation_en =
            "Without the end-of-year grades no qualification can be decided.".to_owned();
        return Ok(d);
    };
    let mut track = sheet.gymnasium_track.or(facts.gymnasium_track);
    if sheet.schulform == Schulform::Gymnasium && track.is_none() {
        if let Some(year) = sek1.and_then(|s| s.class5_start_year) {
            let (t, row) = entry::track_for(book, year, sek1.and_then(|s| s.school_kept_g8))?;
            d.checks.push(book.check(
                row,
                &["sek1.class5_start_year", "sek1.school_kept_g8"],
                CheckResult::Satisfied,
                true,
                format!("class 5 entered in {year}/{}: {t:?}", year + 1),
            ));
            d.details.insert(
                "gymnasium_track".into(),
                Cow::from(format!("{t:?}").to_lowercase()),
            );
            track = Some(t);
        } else {
            let row = book.require("nrw.gymnasium.bildungsgang", as_of)?;
            d.checks.push(book.check(
                row,
                &["gymnasium_track", "sek1.class5_start_year"],
                CheckResult::MissingFacts,
                true,
                "G8 or G9 decides the qualifications at a Gymnasium".to_owned(),
            ));
            d.missing_facts.push(Cow::Borrowed("gymnasium_track"));
            d.explanation_de = "An einem Gymnasium hängt der Abschluss von G8 oder G9 ab; beides ist nicht bekannt.".to_owned();
            d.explanation_en =
                "At a Gymnasium the qualification depends on G8 or G9, which is not known."
                    .to_owned();
            return Ok(d);
        }
    }
    let p = prepare(sheet, track)?;
    let r = engine.explain(sheet, &p);
    let asked = sek1.and_then(|s| s.asked);
    let mut any_undetermined = false;
    for res in &r.results {
        d.details.insert(
            Cow::Borrowed(res.qualification.name()),
            Cow::Borrowed(res.status.name()),
        );
        if !res.nachpruefung.is_empty() {
            d.details.insert(
                format!("np_{}", res.qualification.name()).into(),
                res.nachpruefung.join(",").into(),
            );
        }
        if res.status == Status::NotApplicable {
            continue;
        }
        any_undetermined |= res.status == Status::Undetermined;
        if let Some(&i) = engine.rows.get(res.rule_id) {
            let result = match res.status {
                Status::Earned => CheckResult::Satisfied,
                Status::Undetermined => CheckResult::MissingFacts,
                _ => CheckResult::NotSatisfied,
            };
            let determining = asked.is_none_or(|a| a.qualification() == Some(res.qualification));
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                result,
                determining,
                format!("{}: {}", res.qualification.name(), res.status.name()),
            ));
        }
        if res.status == Status::Undetermined
            && asked.is_none_or(|a| a.qualification() == Some(res.qualification))
        {
            d.missing_facts
                .push(Cow::Borrowed("sek1.grade_sheet.lernbereich"));
        }
    }
    if let Some(b) = &r.berechtigung_10b {
        d.details
            .insert("klasse_10b".into(), Cow::Borrowed(b.status.name()));
        if !b.nachpruefung.is_empty() {
            d.details
                .insert("np_klasse_10b".into(), b.nachpruefung.join(",").into());
        }
        if let Some(&i) = engine.rows.get(R_10B) {
            let result = match b.status {
                Status::Earned => CheckResult::Satisfied,
                Status::Undetermined => CheckResult::MissingFacts,
                _ => CheckResult::NotSatisfied,
            };
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                result,
                asked.is_none_or(|a| a == Asked::Klasse10b),
                format!("Berechtigung Klasse 10 Typ B: {}", b.status.name()),
            ));
        }
        if b.status == Status::Undetermined {
            d.missing_facts
                .push(Cow::Borrowed("sek1.grade_sheet.course"));
        }
    }
    if r.results.iter().all(|x| x.status == Status::NotApplicable) {
        // Nothing is awarded at this Jahrgang (classes 5-8, G8 class 10 = Einführungsphase).
        if let Some(&i) = engine.rows.get(rule_id(p.form, Qualification::Msa)) {
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet.jahrgang"],
                CheckResult::NotApplicable,
                true,
                "no Sek-I qualification is awarded at this Jahrgang and Schulform".to_owned(),
            ));
        }
    }
    if !r.nachpruefung.is_empty() && asked.is_none() {
        if let Some(&i) = engine.rows.get(R_NP) {
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                CheckResult::Satisfied,
                true,
                format!("Nachprüfung possible in {}", r.nachpruefung.join(", ")),
            ));
        }
        d.details
            .insert("nachpruefung".into(), Cow::from(r.nachpruefung.join(",")));
    }
    if let Some(i) = names_row {
        d.checks.push(book.check(
            i,
            &[],
            CheckResult::Satisfied,
            false,
            "official names and codes of the qualifications".to_owned(),
        ));
    }
    let code = r.best_code.unwrap_or(OHNE_ABSCHLUSS);
    d.details
        .insert("abschluss".into(), Cow::from(code.kuerzel.to_owned()));
    d.details.insert(
        "abschluss_schluessel".into(),
        Cow::from(code.schluessel.to_owned()),
    );
    d.outcome = match (r.best, any_undetermined) {
        (Some(_), _) => Outcome::Eligible,
        (None, true) => Outcome::Undetermined,
        (None, false) => Outcome::NotEligible,
    };
    // A qualification carries no date of its own: `effective_date` stays `None`.
    d.explanation_de.clone_from(&r.explanation_de);
    d.explanation_en.clone_from(&r.explanation_en);
    if let Some(a) = asked {
        answer_asked(book, engine, sheet, &p, &r, a, &mut d);
    }
    Ok(d)
}

/// The outcome of a named question ([`Sek1Facts::asked`]): about the asked qualification alone.
fn answer_asked(
    book: &RuleBook,
    engine: &Sek1Engine<'_>,
    sheet: &GradeSheet,
    p: &PreparedSheet,
    r: &Sek1Qualifications,
    a: Asked,
    d: &mut Decision,
) {
    // (status, Nachprüfung subjects, rule id)
    let (status, np, id): (Status, Vec<String>, &'static str) = match a {
        Asked::Klasse10b => match &r.berechtigung_10b {
            Some(b) => (b.status, b.nachpruefung.clone(), R_10B),
            None => (Status::NotApplicable, Vec::new(), R_10B),
        },
        Asked::MsaQ if matches!(p.form, Form::Gy { g8: true }) && p.jahrgang == 9 => {
            let (v, mask) = apo::ef_versetzung_g8(&p.sheet);
            (status_of(Some(v)), names(sheet, mask), R_Q_GY_G8)
        }
        _ => {
            let q = a.qualification().unwrap_or(Qualification::Esa);
            match r.result(q) {
                Some(res) => (res.status, res.nachpruefung.clone(), res.rule_id),
                None => (Status::NotApplicable, Vec::new(), ""),
            }
        }
    };
    let held = a
        .qualification()
        .is_some_and(|q| p.prior.is_some_and(|x| x >= q));
    let status = if held { Status::Earned } else { status };
    let id = if id.is_empty() {
        rule_id(p.form, a.qualification().unwrap_or(Qualification::Esa))
    } else {
        id
    };
    d.details.insert("asked".into(), Cow::Borrowed(a.name()));
    d.details
        .insert("asked_status".into(), Cow::Borrowed(status.name()));
    if !np.is_empty() {
        d.details
            .insert("nachpruefung".into(), Cow::from(np.join(",")));
    } else {
        d.details.remove("nachpruefung");
    }
    let row = engine.rows.get(id).copied();
    if id == R_Q_GY_G8 {
        if let Some(i) = row {
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                match status {
                    Status::Earned => CheckResult::Satisfied,
                    Status::Undetermined => CheckResult::MissingFacts,
                    _ => CheckResult::NotSatisfied,
                },
                true,
                format!("Versetzung into the Einführungsphase: {}", status.name()),
            ));
        }
    }
    if status == Status::NotApplicable {
        if let Some(i) = row {
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet.jahrgang", "sek1.asked"],
                CheckResult::NotApplicable,
                true,
                "not awarded at this Jahrgang and Schulform".to_owned(),
            ));
        }
    }
    if !np.is_empty() {
        if let Some(&i) = engine.rows.get(R_NP) {
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                CheckResult::Satisfied,
                false,
                format!("Nachprüfung possible in {}", np.join(", ")),
            ));
        }
    }
    d.missing_facts.retain(|m| {
        status == Status::Undetermined
            && (m != "sek1.grade_sheet.course" || a == Asked::Klasse10b)
            && (m != "sek1.grade_sheet.lernbereich" || a != Asked::Klasse10b)
    });
    if status == Status::Undetermined && d.missing_facts.is_empty() {
        d.missing_facts.push(Cow::Borrowed("sek1.grade_sheet"));
    }
    d.outcome = match status {
        Status::Earned => Outcome::Eligible,
        Status::Undetermined => Outcome::Undetermined,
        Status::NotEarned | Status::NotApplicable => Outcome::NotEligible,
    };
    let (de_name, en_name) = match a {
        Asked::Esa => ("der Erste Schulabschluss", "the Erster Schulabschluss"),
        Asked::Klasse10b => (
            "die Berechtigung zum Besuch der Klasse 10 Typ B",
            "the entitlement to class 10 Typ B",
        ),
        Asked::Eesa => (
            "der Erweiterte Erste Schulabschluss",
            "the Erweiterter Erster Schulabschluss",
        ),
        Asked::Msa => (
            "der Mittlere Schulabschluss",
            "the Mittlerer Schulabschluss",
        ),
        Asked::MsaQ => (
            "die Berechtigung zum Besuch der gymnasialen Oberstufe",
            "the entitlement to the gymnasiale Oberstufe",
        ),
    };
    let cite = row.map_or("", |i| book.citation(i));
    let cite = short_citation(cite);
    let (mut de, mut en) = match status {
        Status::Earned if held => (
            format!("Bereits erworben: {de_name}."),
            format!("Already held: {en_name}."),
        ),
        Status::Earned => (
            format!("Mit diesen Noten wird {de_name} erreicht ({cite})."),
            format!("These grades earn {en_name} ({cite})."),
        ),
        Status::NotEarned => (
            format!("Mit diesen Noten wird {de_name} nicht erreicht ({cite})."),
            format!("These grades do not earn {en_name} ({cite})."),
        ),
        Status::Undetermined => (
            format!("Ob {de_name} erreicht wird, hängt von Angaben ab, die fehlen ({cite})."),
            format!(
                "Whether these grades earn {en_name} depends on facts that are missing ({cite})."
            ),
        ),
        Status::NotApplicable => (
            format!("In dieser Klasse und Schulform wird {de_name} nicht vergeben ({cite})."),
            format!("{en_name} is not awarded in this class and Schulform ({cite})."),
        ),
    };
    if !np.is_empty() {
        let list = np.join(", ");
        de.push_str(&format!(
            " Eine Nachprüfung in einem dieser Fächer könnte ihn erreichbar machen: {list}."
        ));
        en.push_str(&format!(
            " A Nachprüfung in one of these subjects could still earn it: {list}."
        ));
    }
    d.explanation_de = de;
    d.explanation_en = en;
}

/// The Berechtigung zum Besuch der gymnasialen Oberstufe decided from a grade sheet (for
/// `oberstufe_entry`): the status, the Nachprüfung subjects, the rule row applied, and the
/// Gymnasium track when it was derived.
pub(crate) struct OberstufeFromSheet {
    pub status: Status,
    pub nachpruefung: Vec<String>,
    pub row: Option<u16>,
    /// The last Sek-I class of the form (9 for G8, else 10) and the sheet's class.
    pub last_class: u8,
    pub jahrgang: u8,
}

pub(crate) fn oberstufe_from_sheet(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Option<OberstufeFromSheet>, RuleError> {
    let sek1 = facts.sek1.as_deref();
    let Some(sheet) = sek1.and_then(|s| s.grade_sheet.as_ref()) else {
        return Ok(None);
    };
    let mut track = sheet.gymnasium_track.or(facts.gymnasium_track);
    if sheet.schulform == Schulform::Gymnasium && track.is_none() {
        if let Some(year) = sek1.and_then(|s| s.class5_start_year) {
            track = Some(entry::track_for(book, year, sek1.and_then(|s| s.school_kept_g8))?.0);
        }
    }
    let engine = book.sek1_engine(as_of)?;
    let p = match prepare(sheet, track) {
        Ok(p) => p,
        Err(GradeSheetError::Invalid { field, .. }) if field == "gymnasium_track" => {
            return Ok(Some(OberstufeFromSheet {
                status: Status::Undetermined,
                nachpruefung: Vec::new(),
                row: engine.rows.get(R_Q_GY).copied(),
                last_class: 10,
                jahrgang: sheet.jahrgang,
            }));
        }
        Err(e) => return Err(e.into()),
    };
    if matches!(p.form, Form::Gy { g8: true }) {
        let row = engine.rows.get(R_Q_GY_G8).copied();
        if p.jahrgang != 9 {
            return Ok(Some(OberstufeFromSheet {
                status: Status::NotApplicable,
                nachpruefung: Vec::new(),
                row,
                last_class: 9,
                jahrgang: p.jahrgang,
            }));
        }
        let (v, mask) = apo::ef_versetzung_g8(&p.sheet);
        return Ok(Some(OberstufeFromSheet {
            status: status_of(Some(v)),
            nachpruefung: names(sheet, mask),
            row,
            last_class: 9,
            jahrgang: p.jahrgang,
        }));
    }
    let r = engine.explain(sheet, &p);
    let (status, np, id) = match r.result(Qualification::MsaQ) {
        Some(res) => (res.status, res.nachpruefung.clone(), res.rule_id),
        None => (Status::NotApplicable, Vec::new(), ""),
    };
    let id = if id.is_empty() {
        rule_id(p.form, Qualification::MsaQ)
    } else {
        id
    };
    Ok(Some(OberstufeFromSheet {
        status: if p.prior == Some(Qualification::MsaQ) {
            Status::Earned
        } else {
            status
        },
        nachpruefung: np,
        row: engine.rows.get(id).copied(),
        last_class: 10,
        jahrgang: p.jahrgang,
    }))
}

pub(crate) use entry::evaluate_entry;

#[allow(dead_code)]
fn _checks_are_used(_: &Check) {}
