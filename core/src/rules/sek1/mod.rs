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

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::law::Value;
use super::{
    Check, CheckResult, Decision, GymnasiumTrack, Land, LearnerFacts, Outcome, RecordErrorKind,
    RuleBook, RuleError, Schulform, Transition, short_citation,
};
use crate::calendar::{Date, SchoolYear};
use apo::{Form, Kurs, Lean, Params, Role, Sheet, Subj, Verdict};

pub use entry::{Empfehlung, gymnasium_track};

/// The course level of a subject with Fachleistungsdifferenzierung (Gesamtschule, Sekundarschule,
/// Hauptschule): `"E"` (Erweiterungskurs) or `"G"` (Grundkurs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Course {
    /// Erweiterungskurs.
    E,
    /// Grundkurs.
    G,
}

/// The Bildungsgang of a Sekundarschule pupil: integrated (the Gesamtschule's rules) or, at a
/// cooperative Sekundarschule (§ 20 Abs. 8 Nr. 1 APO-S I), the Bildungsgang of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bildungsgang {
    /// Integrated (§ 20 Abs. 5, 6): rules of the Gesamtschule.
    Integriert,
    /// Bildungsgang der Hauptschule.
    Hauptschule,
    /// Bildungsgang der Realschule.
    Realschule,
    /// Bildungsgang des Gymnasiums (G9 rules).
    Gymnasium,
}

/// Hauptschule class 10: Typ A (towards the EESA) or Typ B (towards the MSA).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HauptschuleTyp {
    /// Klasse 10 Typ A.
    A,
    /// Klasse 10 Typ B.
    B,
}

/// One subject on a grade sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// A pupil's end-of-year grade sheet in Sekundarstufe I. Unknown fields are rejected.
///
/// ```
/// use bildungsnetz::rules::sek1::GradeSheet;
/// let ok = r#"{"schulform":"gesamtschule","jahrgang":9,"subjects":[{"kuerzel":"D","grade":4,"course":"G"}]}"#;
/// assert!(serde_json::from_str::<GradeSheet>(ok).is_ok());
/// assert!(serde_json::from_str::<GradeSheet>(&ok.replace("jahrgang", "klasse")).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Hauptschule class 10: Typ A or B (default B).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hauptschule_typ: Option<HauptschuleTyp>,
    /// A qualification already held (e.g. the ESA with the Versetzung into class 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<Qualification>,
    /// The subjects and grades.
    pub subjects: Vec<SubjectGrade>,
}

/// A Sek-I qualification, ordered lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

/// All qualifications for one grade sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sek1Qualifications {
    /// The day whose law was applied.
    pub as_of: Date,
    /// One result per qualification, lowest first.
    pub results: Vec<QualificationResult>,
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub(crate) const R_NP: &str = "nrw.apo_si.nachpruefung";
const R_NAMES: &str = "nrw.apo_si.bezeichnungen";

fn rule_id(form: Form, q: Qualification) -> &'static str {
    match (form, q) {
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

const ALL_RULES: [&str; 16] = [
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
    /// assert!(out.contains(r#""kuerzel":"ESA""#));
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

fn classify(kuerzel: &str, foreign: bool) -> Role {
    let k = kuerzel.trim();
    let is = |s: &str| k.eq_ignore_ascii_case(s);
    if is("D") {
        Role::D
    } else if is("M") {
        Role::M
    } else if is("E") {
        Role::E
    } else if is("WP") || is("WP1") || is("WPI") {
        Role::Wp
    } else if is("LBNW") {
        Role::Lbnw
    } else if is("LBAL") {
        Role::Lbal
    } else if ["BI", "CH", "PH", "NW"].iter().any(|s| is(s)) {
        Role::Nw
    } else if ["AT", "AW", "AH", "AL", "HW", "TC", "WL"]
        .iter()
        .any(|s| is(s))
    {
        Role::Al
    } else if foreign {
        Role::Fl2
    } else {
        Role::Other
    }
}

/// Checks and packs a grade sheet. The Gymnasium track must be known (pass it in the sheet or
/// as `track`).
pub fn prepare(
    sheet: &GradeSheet,
    track: Option<GymnasiumTrack>,
) -> Result<PreparedSheet, GradeSheetError> {
    let invalid =
        |field: String, problem: &'static str| GradeSheetError::Invalid { field, problem };
    if !(5..=10).contains(&sheet.jahrgang) {
        return Err(invalid("jahrgang".to_owned(), "must be 5 to 10"));
    }
    if sheet.subjects.len() > apo::MAX_SUBJECTS {
        return Err(invalid("subjects".to_owned(), "more than 32 subjects"));
    }
    let form = match (sheet.schulform, sheet.bildungsgang) {
        (Schulform::Gesamtschule, None | Some(Bildungsgang::Integriert))
        | (Schulform::Sekundarschule, None | Some(Bildungsgang::Integriert)) => Form::Ge,
        (Schulform::Hauptschule, None)
        | (Schulform::Sekundarschule, Some(Bildungsgang::Hauptschule)) => Form::Hs {
            typ_a: sheet.hauptschule_typ == Some(HauptschuleTyp::A),
        },
        (Schulform::Realschule, None)
        | (Schulform::Sekundarschule, Some(Bildungsgang::Realschule)) => Form::Rs,
        (Schulform::Sekundarschule, Some(Bildungsgang::Gymnasium)) => Form::Gy { g8: false },
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
    let differentiated = matches!(form, Form::Ge | Form::Hs { .. });
    let mut packed = Sheet::default();
    for (i, (s, slot)) in sheet
        .subjects
        .iter()
        .zip(packed.subj.iter_mut())
        .enumerate()
    {
        if !(1..=6).contains(&s.grade) {
            return Err(invalid(format!("subjects[{i}].grade"), "must be 1 to 6"));
        }
        if s.kuerzel.trim().is_empty() {
            return Err(invalid(format!("subjects[{i}].kuerzel"), "is empty"));
        }
        if sheet
            .subjects
            .iter()
            .take(i)
            .any(|o| o.kuerzel.trim().eq_ignore_ascii_case(s.kuerzel.trim()))
        {
            return Err(invalid(format!("subjects[{i}].kuerzel"), "appears twice"));
        }
        let role = classify(&s.kuerzel, s.foreign_language);
        let kurs = match s.course {
            Some(Course::E) => Kurs::E,
            Some(Course::G) => Kurs::G,
            None => Kurs::None,
        };
        if kurs != Kurs::None && !differentiated {
            return Err(invalid(
                format!("subjects[{i}].course"),
                "courses exist only at Gesamtschule, Sekundarschule and Hauptschule",
            ));
        }
        *slot = Subj {
            grade: s.grade,
            kurs,
            role,
            fld: kurs != Kurs::None && !matches!(role, Role::D | Role::M | Role::E),
        };
    }
    packed.n = sheet.subjects.len();
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
        let best_code = best.map(|q| q.code_on(self.as_of));
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
        Sek1Qualifications {
            as_of: self.as_of,
            results,
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
    let mut out = LeanSek1 {
        status: [4; 4],
        nachpruefung: l.np,
    };
    for (slot, v) in out.status.iter_mut().zip(l.verdict) {
        *slot = match status_of(v) {
            Status::Earned => 1,
            Status::NotEarned => 0,
            Status::Undetermined => 3,
            Status::NotApplicable => 4,
        };
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
    if facts.land.is_some_and(|l| l != Land::NW) {
        return Err(RuleError::NotCovered {
            transition: Transition::Sek1Qualification.id(),
            land: facts.land.map_or("", Land::code),
        });
    }
    let engine = book.sek1_engine(as_of)?;
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
            d.checks.push(book.check(
                i,
                &["sek1.grade_sheet"],
                result,
                true,
                format!("{}: {}", res.qualification.name(), res.status.name()),
            ));
        }
        if res.status == Status::Undetermined {
            d.missing_facts
                .push(Cow::Borrowed("sek1.grade_sheet.lernbereich"));
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
    if !r.nachpruefung.is_empty() {
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
    d.explanation_de = r.explanation_de;
    d.explanation_en = r.explanation_en;
    Ok(d)
}

pub(crate) use entry::evaluate_entry;

#[allow(dead_code)]
fn _checks_are_used(_: &Check) {}
