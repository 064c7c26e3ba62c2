//! The gymnasiale Oberstufe in NRW after the entry (APO-GOSt, SGV. NRW. 223, BASS 13-32 Nr. 3.1):
//! the Versetzung from the Einführungsphase into the Qualifikationsphase
//! ([`Transition::OberstufeVersetzungQ1`]) and the schulischer Teil der Fachhochschulreife from
//! two consecutive half-years of the Qualifikationsphase ([`Transition::FhrSchulischerTeil`]).
//!
//! The facts travel in [`LearnerFacts::gost`] ([`GostFacts`]): the end-of-year points of the EF
//! and the half-year courses of Q1/Q2.
//!
//! ```
//! use bildungsnetz::calendar::Date;
//! use bildungsnetz::rules::{LearnerFacts, Outcome, RuleBook, Transition};
//! let book = RuleBook::embedded()?;
//! let facts = LearnerFacts::from_json(r#"{"land":"NW","schulform":"gymnasium","gost":{"ef_sheet":{"subjects":[
//!   {"kuerzel":"D","points":8},{"kuerzel":"M","points":2},{"kuerzel":"E","points":9},
//!   {"kuerzel":"GE","points":7},{"kuerzel":"BI","points":6}]}}}"#)?;
//! let d = book.evaluate(Transition::OberstufeVersetzungQ1, &facts, Date::from_ymd(2025, 6, 20)?)?;
//! // Mathematik mangelhaft (2 Punkte) is offset by Englisch befriedigend (9 Punkte).
//! assert_eq!(d.outcome, Outcome::Eligible);
//! assert_eq!(d.effective_date, Some(Date::from_ymd(2025, 8, 1)?));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::Jahrgang;
use super::{Assessment, Explain, LandOr, land};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::push_sy;
use crate::rules::{
    CheckResult, GymnasiumTrack, LearnerFacts, Outcome, RecordErrorKind, RuleBook, RuleError,
    Schulform, Transition,
};

/// Half-year points of the gymnasiale Oberstufe, 0 to 15 (§ 16 APO-GOSt: 15–13 sehr gut, 12–10
/// gut, 9–7 befriedigend, 6–4 ausreichend, 3–1 mangelhaft, 0 ungenügend). Other numbers are
/// refused when read.
///
/// ```
/// use bildungsnetz::rules::Points;
/// assert_eq!(Points::new(4).map(Points::notenstufe), Some(4));
/// assert_eq!(Points::new(3).map(Points::notenstufe), Some(5));
/// assert!(Points::new(16).is_none());
/// assert!(serde_json::from_str::<Points>("16").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Points(u8);

impl Points {
    /// Points from 0 to 15; `None` otherwise.
    pub fn new(points: u8) -> Option<Points> {
        (points <= 15).then_some(Points(points))
    }

    /// The number of points.
    pub fn value(self) -> u8 {
        self.0
    }

    /// The Notenstufe (1 sehr gut … 6 ungenügend) the points stand for.
    pub fn notenstufe(self) -> u8 {
        match self.0 {
            13..=15 => 1,
            10..=12 => 2,
            7..=9 => 3,
            4..=6 => 4,
            1..=3 => 5,
            _ => 6,
        }
    }
}

impl TryFrom<u8> for Points {
    type Error = &'static str;
    fn try_from(points: u8) -> Result<Points, &'static str> {
        Points::new(points).ok_or("points must lie between 0 and 15")
    }
}

impl From<Points> for u8 {
    fn from(p: Points) -> u8 {
        p.0
    }
}

impl schemars::JsonSchema for Points {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Points".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Punkte of the Oberstufe, 0 (ungenügend) to 15 (sehr gut plus).",
            "type": "integer",
            "minimum": 0,
            "maximum": 15
        })
    }
}

/// The group a subject belongs to for the rules of the Oberstufe. Given on a subject it overrides
/// the group read from the Kürzel (`D`; `M`; a foreign language `E`, `F`, `L`, `S`, `I`, `N`,
/// `R`, `G`, `H`, `C`, `J`, `T`, `O`, also with a digit such as `F6`; Gesellschaftswissenschaften
/// `GE`, `EK`, `SW`, `PL`, `PA`, `PS`, `WI`; Naturwissenschaften `BI`, `CH`, `PH`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectGroup {
    /// Deutsch.
    Deutsch,
    /// Mathematik.
    Mathematik,
    /// A foreign language.
    Fremdsprache,
    /// A Gesellschaftswissenschaft (Geschichte, Erdkunde, Sozialwissenschaften, Philosophie, …).
    Gesellschaftswissenschaft,
    /// A Naturwissenschaft in the sense of the FHR rule: Biologie, Chemie or Physik.
    Naturwissenschaft,
    /// Any other subject.
    Andere,
}

impl SubjectGroup {
    /// The group of a Kürzel, matched case-insensitively.
    ///
    /// ```
    /// use bildungsnetz::rules::SubjectGroup;
    /// assert_eq!(SubjectGroup::of_kuerzel("f6"), SubjectGroup::Fremdsprache);
    /// assert_eq!(SubjectGroup::of_kuerzel("IF"), SubjectGroup::Andere);
    /// ```
    pub fn of_kuerzel(kuerzel: &str) -> SubjectGroup {
        let k = kuerzel.trim().to_ascii_uppercase();
        let letters = k.trim_end_matches(|c: char| c.is_ascii_digit());
        match letters {
            "D" => SubjectGroup::Deutsch,
            "M" => SubjectGroup::Mathematik,
            "E" | "F" | "L" | "S" | "I" | "N" | "R" | "G" | "H" | "C" | "J" | "T" | "O" => {
                SubjectGroup::Fremdsprache
            }
            "GE" | "EK" | "SW" | "PL" | "PA" | "PS" | "WI" => {
                SubjectGroup::Gesellschaftswissenschaft
            }
            "BI" | "CH" | "PH" => SubjectGroup::Naturwissenschaft,
            _ => SubjectGroup::Andere,
        }
    }
}

/// One subject on the end-of-year sheet of the Einführungsphase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EfSubject {
    /// The subject's Kürzel as in SVWS/SchILD (`D`, `M`, `E`, `F6`, `GE`, `BI`, …).
    pub kuerzel: String,
    /// The end-of-year points (0–15).
    pub points: Points,
    /// The subject's group, when the Kürzel does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<SubjectGroup>,
    /// A foreign language begun in the Einführungsphase (neu einsetzend): never the continued
    /// language that belongs with Deutsch and Mathematik.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub new_language: bool,
    /// For a foreign language: its place in the order of languages (1 = first). The continued
    /// language of § 8 Abs. 2 Satz 1 APO-GOSt, grouped with Deutsch and Mathematik, is the one
    /// with order 1; without orders English, or else the only continued language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_order: Option<u8>,
}

/// The end-of-year results of the Einführungsphase: the subjects relevant for the Versetzung.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EfSheet {
    /// The subjects with their points.
    pub subjects: Vec<EfSubject>,
    /// The Einführungsphase is being attended for the second time (no Nachprüfung then,
    /// § 10 Abs. 1 APO-GOSt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeated: Option<bool>,
}

/// The kind of a course of the Qualifikationsphase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum CourseType {
    /// Leistungskurs (counted twice for the Fachhochschulreife).
    LK,
    /// Grundkurs.
    GK,
}

/// A half-year of the Qualifikationsphase.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
pub enum HalfYear {
    /// First half-year of Q1.
    #[serde(rename = "Q1.1")]
    Q11,
    /// Second half-year of Q1.
    #[serde(rename = "Q1.2")]
    Q12,
    /// First half-year of Q2.
    #[serde(rename = "Q2.1")]
    Q21,
    /// Second half-year of Q2.
    #[serde(rename = "Q2.2")]
    Q22,
}

impl HalfYear {
    /// All four, in order.
    pub const ALL: [HalfYear; 4] = [HalfYear::Q11, HalfYear::Q12, HalfYear::Q21, HalfYear::Q22];

    /// The name as written on a report, `"Q1.1"`.
    pub fn name(self) -> &'static str {
        match self {
            HalfYear::Q11 => "Q1.1",
            HalfYear::Q12 => "Q1.2",
            HalfYear::Q21 => "Q2.1",
            HalfYear::Q22 => "Q2.2",
        }
    }
}

impl fmt::Display for HalfYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One half-year course of the Qualifikationsphase with its points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QCourse {
    /// The subject's Kürzel (`D`, `M`, `E`, `GE`, `BI`, `KU`, …).
    pub kuerzel: String,
    /// Leistungskurs or Grundkurs.
    pub course_type: CourseType,
    /// The half-year.
    pub half_year: HalfYear,
    /// The points (0–15); a course with 0 points counts as not taken.
    pub points: Points,
    /// The subject's group, when the Kürzel does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<SubjectGroup>,
}

/// Facts of the gymnasiale Oberstufe (NRW APO-GOSt), carried in [`LearnerFacts::gost`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GostFacts {
    /// The end-of-year results of the Einführungsphase (for the Versetzung into Q1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ef_sheet: Option<EfSheet>,
    /// The courses of the Qualifikationsphase (for the schulischer Teil der Fachhochschulreife).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub courses: Vec<QCourse>,
    /// The pupil leaves (or has left) the gymnasiale Oberstufe: the schulischer Teil der
    /// Fachhochschulreife is awarded to leavers (§ 40a Abs. 1 APO-GOSt). `false`: staying on, so
    /// not awarded now; absent: the courses alone are judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaves_oberstufe: Option<bool>,
}

/// More subjects or courses than any Oberstufe has: refused rather than searched.
const MAX_ITEMS: usize = 64;

const R_VERS: &str = "nrw.gost.versetzung_q1";
const R_MSA_G8: &str = "nrw.gost.msa_g8";
const R_NP: &str = "nrw.gost.nachpruefung_ef";
const R_NP_2021: &str = "nrw.gost.nachpruefung_ef_2021";
const R_FHR: &str = "nrw.gost.fhr_schulisch";

fn invalid(field: String) -> RuleError {
    RuleError::Record {
        line: 0,
        field: Some(field),
        kind: RecordErrorKind::InvalidValue,
    }
}

fn key(kuerzel: &str) -> String {
    kuerzel.trim().to_ascii_uppercase()
}

// ---------------------------------------------------------------------------------------------
// Versetzung into the Qualifikationsphase

/// One subject of the EF sheet, classified.
#[derive(Clone, Copy, Debug)]
struct Grade {
    /// Deutsch, Mathematik or the continued foreign language of § 8 Abs. 2 Satz 1.
    core: bool,
    /// Notenstufe 1–6.
    note: u8,
}

/// § 9 Abs. 3 APO-GOSt: all courses ausreichend or better, or one mangelhaft (none ungenügend);
/// a mangelhaft in Deutsch, Mathematik or the continued foreign language is offset by at least
/// befriedigend in another of them; all other cases are not versetzt.
fn versetzt(g: &[Grade]) -> bool {
    if g.iter().any(|x| x.note == 6) {
        return false;
    }
    let mut def = g.iter().filter(|x| x.note == 5);
    match (def.next(), def.next()) {
        (None, _) => true,
        (Some(d), None) => !d.core || g.iter().any(|x| x.core && x.note <= 3),
        _ => false,
    }
}

/// The G8/G9 course of a Gymnasium pupil, and the rule that fixed it when it was derived.
struct Cohort {
    track: Option<GymnasiumTrack>,
    track_rule: Option<u16>,
}

/// The G8/G9 course of a Gymnasium pupil in the EF that begins in `ef_year`: the fact, or the
/// only course whose class-5 cohort (`nrw.gymnasium.g8`, `nrw.gymnasium.g9`) reaches the EF in
/// that year (G8: class 5 five years before; G9: six years before). None when no or both
/// regular cohorts are in the EF (2010/11, 2023/24).
fn gymnasium_track(book: &RuleBook, facts: &LearnerFacts, ef_year: i32, as_of: Date) -> Cohort {
    if let Some(t) = facts.gymnasium_track {
        return Cohort {
            track: Some(t),
            track_rule: None,
        };
    }
    let threshold = |id: &str| -> Option<(u16, i32)> {
        let (idx, v) = book.rule_in_force(id, as_of)?;
        let (_, max) = super::range_value(book, idx)?;
        let max = i32::try_from(max).ok()?;
        Some((idx, v.from.year() - (max - 5)))
    };
    let Some((i8, t8)) = threshold("nrw.gymnasium.g8") else {
        return Cohort {
            track: Some(GymnasiumTrack::G9),
            track_rule: None,
        };
    };
    let g9 = threshold("nrw.gymnasium.g9");
    let t9 = g9.map_or(i32::MAX, |(_, t)| t);
    let g8_cohort = |y5: i32| y5 >= t8 && y5 < t9;
    let g8_possible = g8_cohort(ef_year - 5);
    let g9_possible = !g8_cohort(ef_year - 6);
    let g9_rule = if ef_year - 6 >= t9 {
        g9.map(|(i, _)| i)
    } else {
        Some(i8)
    };
    match (g8_possible, g9_possible) {
        (true, false) => Cohort {
            track: Some(GymnasiumTrack::G8),
            track_rule: Some(i8),
        },
        (false, true) => Cohort {
            track: Some(GymnasiumTrack::G9),
            track_rule: g9_rule,
        },
        _ => Cohort {
            track: None,
            track_rule: None,
        },
    }
}

fn track_name(t: GymnasiumTrack) -> &'static str {
    match t {
        GymnasiumTrack::G8 => "g8",
        GymnasiumTrack::G9 => "g9",
    }
}

/// The Versetzung from the Einführungsphase into the Qualifikationsphase.
pub(crate) fn assess_versetzung<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::OberstufeVersetzungQ1;
    let l = match land(book, T, facts, as_of, false, R_VERS)? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let ef = SchoolYear::containing(as_of);
    let q1_start = ef.next().start();
    // The version in force when the EF began.
    let rule = book.require(R_VERS, ef.start())?;
    let gymnasium = facts.schulform == Some(Schulform::Gymnasium);
    let cohort = if gymnasium {
        gymnasium_track(book, facts, ef.start_year(), as_of)
    } else {
        Cohort {
            track: None,
            track_rule: None,
        }
    };
    let mut a = Assessment::new(T, Some(l), as_of);
    if let Some(idx) = cohort.track_rule {
        a.check(
            idx,
            &["schulform"],
            CheckResult::Satisfied,
            false,
            "the cohort's course (G8/G9) follows from the school year of the EF",
        );
    }
    a.detail_with("q1_school_year", || {
        let mut s = String::new();
        push_sy(&mut s, ef.next());
        s
    });
    if let Some(t) = cohort.track {
        a.detail("track", track_name(t));
    }
    let ef_class: Option<u8> = match (gymnasium, cohort.track) {
        (true, Some(GymnasiumTrack::G8)) => Some(10),
        (true, Some(GymnasiumTrack::G9)) => Some(11),
        (true, None) => None,
        // Outside the Gymnasium the Oberstufe follows class 10 (Gesamtschule: 13 years).
        (false, _) => facts.schulform.map(|_| 11),
    };
    if let Some(c) = ef_class {
        a.detail_with("ef_class", || c.to_string());
        a.detail_with("q1_class", || (c + 1).to_string());
    }
    // A class named outside the EF: the question does not arise this year.
    let in_ef = match facts.jahrgang {
        None | Some(Jahrgang::EF) => true,
        Some(Jahrgang::Klasse(n)) => ef_class.is_none_or(|c| c == n),
        Some(Jahrgang::Q1 | Jahrgang::Q2) => false,
    };
    if !in_ef {
        a.check(
            rule,
            &["jahrgang"],
            CheckResult::NotApplicable,
            true,
            "the pupil is not in the Einführungsphase this school year",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Person besucht in diesem Schuljahr nicht die Einführungsphase; über die Versetzung in die Qualifikationsphase wird am Ende der Einführungsphase entschieden",
            "The person is not in the Einführungsphase this school year; the Versetzung into the Qualifikationsphase is decided at its end",
        ));
    }
    let Some(sheet) = facts.gost.as_ref().and_then(|g| g.ef_sheet.as_ref()) else {
        a.check(
            rule,
            &["gost.ef_sheet"],
            CheckResult::MissingFacts,
            true,
            "the end-of-year results of the EF decide",
        );
        a.missing("gost.ef_sheet");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Über die Versetzung in die Qualifikationsphase entscheiden die Leistungen am Ende der Einführungsphase; bitte das Zeugnis angeben",
            "The results at the end of the Einführungsphase decide the Versetzung into the Qualifikationsphase; please give them",
        ));
    };
    let Some(grades) = classify(sheet)? else {
        a.check(
            rule,
            &["gost.ef_sheet"],
            CheckResult::MissingFacts,
            true,
            "the sheet lists no subject, or several continued foreign languages without their order",
        );
        a.missing("gost.ef_sheet");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Das Zeugnis der Einführungsphase nennt keine Fächer oder mehrere fortgeführte Fremdsprachen ohne ihre Reihenfolge (language_order)",
            "The Einführungsphase sheet lists no subjects, or several continued foreign languages without their order (language_order)",
        ));
    };
    const F: &[&str] = &["gost.ef_sheet"];
    if versetzt(&grades) {
        a.check(
            rule,
            F,
            CheckResult::Satisfied,
            true,
            "the Versetzung conditions are met",
        );
        a.effective = Some(q1_start);
        a.gains.months = 24;
        a.gains.school_years = 2;
        // § 40 Abs. 2: at the G8 Gymnasium the Versetzung into Q1 carries the MSA.
        if gymnasium && cohort.track == Some(GymnasiumTrack::G8) {
            if let Some(msa) = book.table().in_force(R_MSA_G8, ef.end()) {
                a.check(
                    msa,
                    F,
                    CheckResult::Satisfied,
                    false,
                    "G8: the Versetzung into Q1 awards the mittlerer Schulabschluss",
                );
                a.detail("abschluss", "MSA");
            }
        }
        return Ok(a.finish(
            Outcome::Eligible,
            "Mit diesen Leistungen wird die Schülerin oder der Schüler in die Qualifikationsphase versetzt; sie beginnt am 1. August",
            "These results earn the Versetzung into the Qualifikationsphase, which begins on 1 August",
        ));
    }
    a.check(
        rule,
        F,
        CheckResult::NotSatisfied,
        true,
        "the Versetzung conditions are not met",
    );
    // § 10 Abs. 1: a Nachprüfung where raising the one mangelhaft subject by one Notenstufe
    // meets the conditions, not in a repeated EF; in 2020/21 (§ 47 Abs. 4) also in several
    // subjects and in a repeated EF.
    let corona = book.table().in_force(R_NP_2021, ef.end());
    let np_rule = corona.or_else(|| book.table().in_force(R_NP, ef.end()));
    let repeated = sheet.repeated == Some(true);
    let mut np: Vec<usize> = Vec::new();
    if let Some(np_idx) = np_rule {
        if corona.is_some() || !repeated {
            let raised = |which: &dyn Fn(usize) -> bool| -> Vec<Grade> {
                grades
                    .iter()
                    .enumerate()
                    .map(|(i, g)| {
                        let mut g = *g;
                        if g.note == 5 && which(i) {
                            g.note = 4;
                        }
                        g
                    })
                    .collect()
            };
            for (i, g) in grades.iter().enumerate() {
                if g.note == 5 && versetzt(&raised(&|j| j == i)) {
                    np.push(i);
                }
            }
            if np.is_empty() && corona.is_some() && versetzt(&raised(&|_| true)) {
                np = (0..grades.len())
                    .filter(|&i| grades.get(i).is_some_and(|g| g.note == 5))
                    .collect();
            }
        }
        a.check(
            np_idx,
            &["gost.ef_sheet"],
            if np.is_empty() {
                CheckResult::NotSatisfied
            } else {
                CheckResult::Satisfied
            },
            false,
            if np.is_empty() {
                "no Nachprüfung can earn the Versetzung"
            } else {
                "a Nachprüfung can still earn the Versetzung"
            },
        );
    }
    if np.is_empty() {
        return Ok(a.finish(
            Outcome::NotEligible,
            "Mit diesen Leistungen wird die Schülerin oder der Schüler nicht in die Qualifikationsphase versetzt",
            "These results do not earn the Versetzung into the Qualifikationsphase",
        ));
    }
    a.detail_with("nachpruefung", || {
        super::join(
            np.iter()
                .filter_map(|&i| sheet.subjects.get(i).map(|s| s.kuerzel.trim())),
        )
    });
    Ok(a.finish(
        Outcome::NotEligible,
        "Mit diesen Leistungen wird die Schülerin oder der Schüler nicht versetzt; eine Nachprüfung in einem der genannten Fächer (Detail nachpruefung) könnte die Versetzung noch ermöglichen",
        "These results do not earn the Versetzung; a Nachprüfung in one of the subjects listed (detail nachpruefung) could still earn it",
    ))
}

/// The sheet's subjects, classified; `None` when there is none, or when the continued foreign
/// language of § 8 Abs. 2 Satz 1 cannot be told (several continued languages, none with order
/// 1, none of them English). Errors name the field, never a value.
fn classify(sheet: &EfSheet) -> Result<Option<Vec<Grade>>, RuleError> {
    if sheet.subjects.len() > MAX_ITEMS {
        return Err(invalid("gost.ef_sheet.subjects".to_owned()));
    }
    let mut keys: Vec<String> = Vec::with_capacity(sheet.subjects.len());
    for (i, s) in sheet.subjects.iter().enumerate() {
        let k = key(&s.kuerzel);
        if k.is_empty() || keys.contains(&k) {
            return Err(invalid(format!("gost.ef_sheet.subjects[{i}].kuerzel")));
        }
        keys.push(k);
    }
    if keys.is_empty() {
        return Ok(None);
    }
    let group = |i: usize, s: &EfSubject| {
        s.group
            .unwrap_or_else(|| SubjectGroup::of_kuerzel(keys.get(i).map_or("", String::as_str)))
    };
    // The continued foreign languages; the one of § 8 Abs. 2 Satz 1 is the first (order 1), else
    // English, else the only one.
    let continued: Vec<usize> = sheet
        .subjects
        .iter()
        .enumerate()
        .filter(|(i, s)| group(*i, s) == SubjectGroup::Fremdsprache && !s.new_language)
        .map(|(i, _)| i)
        .collect();
    let by_order = continued.iter().copied().find(|&i| {
        sheet
            .subjects
            .get(i)
            .is_some_and(|s| s.language_order == Some(1))
    });
    let english = continued.iter().copied().find(|&i| {
        keys.get(i)
            .is_some_and(|k| k.trim_end_matches(|c: char| c.is_ascii_digit()) == "E")
    });
    let core_language = match (by_order, english, continued.as_slice()) {
        (Some(i), _, _) | (None, Some(i), _) | (None, None, &[i]) => Some(i),
        (None, None, []) => None,
        (None, None, _) => return Ok(None),
    };
    Ok(Some(
        sheet
            .subjects
            .iter()
            .enumerate()
            .map(|(i, s)| Grade {
                core: matches!(
                    group(i, s),
                    SubjectGroup::Deutsch | SubjectGroup::Mathematik
                ) || core_language == Some(i),
                note: s.points.notenstufe(),
            })
            .collect(),
    ))
}

// ---------------------------------------------------------------------------------------------
// Schulischer Teil der Fachhochschulreife

/// One course of a half-year pair, classified.
#[derive(Clone, Copy, Debug)]
struct Course {
    subject: usize,
    points: u8,
}

/// What failed for a half-year pair (for the explanation).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Failed {
    lk_courses: bool,
    lk_points: bool,
    lk_five: bool,
    required: bool,
    gk_courses: bool,
    gk_points: bool,
    gk_five: bool,
}

impl Failed {
    fn count(self) -> usize {
        [
            self.lk_courses,
            self.lk_points,
            self.lk_five,
            self.required,
            self.gk_courses,
            self.gk_points,
            self.gk_five,
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    fn names(self) -> String {
        let mut v = Vec::new();
        for (on, name) in [
            (self.lk_courses, "lk_kurse"),
            (self.lk_points, "lk_punkte"),
            (self.lk_five, "lk_defizite"),
            (self.required, "pflichtfaecher"),
            (self.gk_courses, "gk_kurse"),
            (self.gk_points, "gk_punkte"),
            (self.gk_five, "gk_defizite"),
        ] {
            if on {
                v.push(name);
            }
        }
        super::join(v)
    }
}

/// The result for one pair of consecutive half-years: the total points (LK doubled) when the
/// conditions are met, or what failed.
fn fhr_pair(
    subjects: &[(String, SubjectGroup)],
    lk: &[Vec<Course>],
    gk: &[Vec<Course>],
) -> Result<u32, Failed> {
    let mut failed = Failed::default();
    // Nr. 1: both LK subjects, two courses each, 40 points in double weight.
    let lk_subjects: Vec<usize> = {
        let mut v: Vec<usize> = lk.iter().flatten().map(|c| c.subject).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let lk_courses: Vec<&Course> = lk.iter().flatten().filter(|c| c.points > 0).collect();
    let each_two = lk_subjects.len() == 2
        && lk_subjects.iter().all(|s| {
            lk.iter()
                .all(|h| h.iter().filter(|c| c.subject == *s && c.points > 0).count() == 1)
        });
    let lk_sum: u32 = lk_courses.iter().map(|c| u32::from(c.points)).sum();
    if !each_two {
        failed.lk_courses = true;
    }
    if lk_sum * 2 < 40 {
        failed.lk_points = true;
    }
    // Nr. 4: two of the four LK courses with at least 5 points.
    if lk_courses.iter().filter(|c| c.points >= 5).count() < 2 {
        failed.lk_five = true;
    }
    // Nr. 3: two courses each in Deutsch, a foreign language, a Gesellschaftswissenschaft,
    // Mathematik, a Naturwissenschaft; an LK subject covers its group.
    let group_of = |s: usize| subjects.get(s).map_or(SubjectGroup::Andere, |x| x.1);
    let both = |s: usize| {
        gk.iter()
            .all(|h| h.iter().any(|c| c.subject == s && c.points > 0))
    };
    let required = [
        SubjectGroup::Deutsch,
        SubjectGroup::Fremdsprache,
        SubjectGroup::Gesellschaftswissenschaft,
        SubjectGroup::Mathematik,
        SubjectGroup::Naturwissenschaft,
    ];
    let mut choices: Vec<Vec<usize>> = Vec::new();
    // An LK subject with its two courses (not 0 points) gives the group its two courses.
    let lk_pair = |s: usize| {
        lk.iter()
            .all(|h| h.iter().any(|c| c.subject == s && c.points > 0))
    };
    for g in required {
        if lk_subjects.iter().any(|&s| group_of(s) == g && lk_pair(s)) {
            continue;
        }
        let cands: Vec<usize> = (0..subjects.len())
            .filter(|&s| group_of(s) == g && !lk_subjects.contains(&s) && both(s))
            .collect();
        if cands.is_empty() {
            failed.required = true;
        } else {
            choices.push(cands);
        }
    }
    let gk_all: Vec<Course> = gk
        .iter()
        .flatten()
        .filter(|c| c.points > 0 && !lk_subjects.contains(&c.subject))
        .copied()
        .collect();
    // Nr. 2 and 4: eleven Grundkurse, 55 points, seven of them with at least 5 points. For a
    // fixed choice of required subjects the best filling is the remaining courses with the most
    // points (it maximises both the sum and the courses with 5 points); every choice is tried.
    let mut best_gk: Option<(u32, usize)> = None;
    let mut pick = vec![0usize; choices.len()];
    // (Groups without a candidate are already failed; the others are still tried, so the
    // explanation names the Grundkurs conditions as well.)
    loop {
        let chosen: Vec<usize> = choices
            .iter()
            .zip(&pick)
            .filter_map(|(c, &i)| c.get(i).copied())
            .collect();
        let (mandatory, mut rest): (Vec<Course>, Vec<Course>) =
            gk_all.iter().partition(|c| chosen.contains(&c.subject));
        rest.sort_by_key(|c| std::cmp::Reverse(c.points));
        if mandatory.len() <= 11 && mandatory.len() + rest.len() >= 11 {
            let counted: Vec<&Course> = mandatory
                .iter()
                .chain(rest.iter().take(11 - mandatory.len()))
                .collect();
            let sum: u32 = counted.iter().map(|c| u32::from(c.points)).sum();
            let five = counted.iter().filter(|c| c.points >= 5).count();
            let better = best_gk.is_none_or(|(bs, bf)| {
                let ok = |s: u32, f: usize| s >= 55 && f >= 7;
                (ok(sum, five), sum, five) > (ok(bs, bf), bs, bf)
            });
            if better {
                best_gk = Some((sum, five));
            }
        }
        // Next combination.
        let mut k = 0;
        while let Some(p) = pick.get_mut(k) {
            *p += 1;
            if *p < choices.get(k).map_or(0, Vec::len) {
                break;
            }
            *p = 0;
            k += 1;
        }
        if k >= pick.len() {
            break;
        }
    }
    match best_gk {
        None => failed.gk_courses = true,
        Some((sum, five)) => {
            if sum < 55 {
                failed.gk_points = true;
            }
            if five < 7 {
                failed.gk_five = true;
            }
        }
    }
    if failed == Failed::default() {
        Ok(lk_sum * 2 + best_gk.map_or(0, |(s, _)| s))
    } else {
        Err(failed)
    }
}

/// The schulischer Teil der Fachhochschulreife from the courses of the Qualifikationsphase.
pub(crate) fn assess_fhr<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::FhrSchulischerTeil;
    let l = match land(book, T, facts, as_of, false, R_FHR)? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let rule = book.require(R_FHR, as_of)?;
    let mut a: Assessment<E> = Assessment::new(T, Some(l), as_of);
    let courses = facts
        .gost
        .as_ref()
        .map_or(&[][..], |g| g.courses.as_slice());
    if courses.len() > MAX_ITEMS {
        return Err(invalid("gost.courses".to_owned()));
    }
    // Subjects by Kürzel; a course must not appear twice in a half-year, nor a subject as LK and
    // GK in the same half-year.
    let mut subjects: Vec<(String, SubjectGroup)> = Vec::new();
    let mut seen: Vec<(usize, HalfYear)> = Vec::new();
    let mut by_half: [(Vec<Course>, Vec<Course>); 4] = Default::default();
    for (i, c) in courses.iter().enumerate() {
        let k = key(&c.kuerzel);
        if k.is_empty() {
            return Err(invalid(format!("gost.courses[{i}].kuerzel")));
        }
        let group = c.group.unwrap_or_else(|| SubjectGroup::of_kuerzel(&k));
        let s = match subjects.iter().position(|(name, _)| *name == k) {
            Some(s) => s,
            None => {
                subjects.push((k, group));
                subjects.len() - 1
            }
        };
        if seen.contains(&(s, c.half_year)) {
            return Err(invalid(format!("gost.courses[{i}]")));
        }
        seen.push((s, c.half_year));
        let h = HalfYear::ALL
            .iter()
            .position(|x| *x == c.half_year)
            .unwrap_or(0);
        if let Some((lk, gk)) = by_half.get_mut(h) {
            let course = Course {
                subject: s,
                points: c.points.value(),
            };
            match c.course_type {
                CourseType::LK => lk.push(course),
                CourseType::GK => gk.push(course),
            }
        }
    }
    const F: &[&str] = &["gost.courses"];
    let mut best: Option<(u32, usize)> = None;
    let mut worst: Option<(Failed, usize)> = None;
    for h in 0..3 {
        let (Some(x), Some(y)) = (by_half.get(h), by_half.get(h + 1)) else {
            continue;
        };
        if (x.0.is_empty() && x.1.is_empty()) || (y.0.is_empty() && y.1.is_empty()) {
            continue;
        }
        let lk = [x.0.clone(), y.0.clone()];
        let gk = [x.1.clone(), y.1.clone()];
        match fhr_pair(&subjects, &lk, &gk) {
            Ok(p) => {
                if best.is_none_or(|(bp, _)| p > bp) {
                    best = Some((p, h));
                }
            }
            Err(f) => {
                if worst.is_none_or(|(w, _)| f.count() < w.count()) {
                    worst = Some((f, h));
                }
            }
        }
    }
    let pair_name = |h: usize| {
        let first = HalfYear::ALL.get(h).map_or("", |x| x.name());
        let second = HalfYear::ALL.get(h + 1).map_or("", |x| x.name());
        format!("{first},{second}")
    };
    let leaves = facts.gost.as_ref().and_then(|g| g.leaves_oberstufe);
    if let Some((p, h)) = best {
        a.detail_with("halbjahre", || pair_name(h));
        a.detail_with("gesamtpunktzahl", || p.to_string());
        a.detail_with("durchschnittsnote", || durchschnittsnote(p));
        if leaves == Some(false) {
            a.check(
                rule,
                &["gost.courses", "gost.leaves_oberstufe"],
                CheckResult::NotSatisfied,
                true,
                "the conditions are met, but the part is awarded to pupils leaving the Oberstufe",
            );
            a.detail("bedingungen_erfuellt", "true");
            return Ok(a.finish(
                Outcome::NotEligible,
                "Die Kurse erfüllen die Bedingungen; der schulische Teil der Fachhochschulreife wird aber erst beim Verlassen der gymnasialen Oberstufe zuerkannt",
                "The courses meet the conditions; the school part of the Fachhochschulreife is awarded only on leaving the gymnasiale Oberstufe",
            ));
        }
        a.check(
            rule,
            F,
            CheckResult::Satisfied,
            true,
            "two consecutive half-years meet the conditions",
        );
        return Ok(a.finish(
            Outcome::Eligible,
            "Mit diesen Kursen ist der schulische Teil der Fachhochschulreife erworben (er wird beim Verlassen der gymnasialen Oberstufe mit dem Abgangszeugnis zuerkannt; die Fachhochschulreife verlangt zusätzlich den praktischen Teil)",
            "These courses earn the school part of the Fachhochschulreife (awarded with the leaving report on leaving the gymnasiale Oberstufe; the Fachhochschulreife also needs the practical part)",
        ));
    }
    let Some((f, h)) = worst else {
        if leaves == Some(true) {
            // Left without two consecutive half-years of the Qualifikationsphase.
            a.check(
                rule,
                &["gost.courses", "gost.leaves_oberstufe"],
                CheckResult::NotSatisfied,
                true,
                "the pupil leaves without two consecutive half-years of the Qualifikationsphase",
            );
            a.detail("nicht_erfuellt", "zwei_halbjahre");
            return Ok(a.finish(
                Outcome::NotEligible,
                "Ohne zwei aufeinander folgende Halbjahre der Qualifikationsphase wird der schulische Teil der Fachhochschulreife nicht erworben",
                "Without two consecutive half-years of the Qualifikationsphase the school part of the Fachhochschulreife is not earned",
            ));
        }
        a.check(
            rule,
            F,
            CheckResult::MissingFacts,
            true,
            "the courses of two consecutive half-years of the Qualifikationsphase decide",
        );
        a.missing("gost.courses");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Über den schulischen Teil der Fachhochschulreife entscheiden die Kurse zweier aufeinander folgender Halbjahre der Qualifikationsphase; bitte die Kurse angeben",
            "The courses of two consecutive half-years of the Qualifikationsphase decide the school part of the Fachhochschulreife; please give them",
        ));
    };
    a.check(
        rule,
        F,
        CheckResult::NotSatisfied,
        true,
        "no two consecutive half-years meet the conditions",
    );
    a.detail_with("halbjahre", || pair_name(h));
    a.detail_with("nicht_erfuellt", || f.names());
    Ok(a.finish(
        Outcome::NotEligible,
        "Mit diesen Kursen ist der schulische Teil der Fachhochschulreife nicht erworben (Detail nicht_erfuellt nennt die Bedingungen)",
        "These courses do not earn the school part of the Fachhochschulreife (detail nicht_erfuellt names the conditions)",
    ))
}

/// § 40a Abs. 3 APO-GOSt: N = 5 2/3 - P/57, to one decimal, not rounded; over 260 points 1,0.
/// Written with a decimal comma.
fn durchschnittsnote(p: u32) -> String {
    let tenths = if p > 260 {
        10
    } else {
        // (323 - P) / 57 in tenths, truncated.
        (3230u32.saturating_sub(10 * p)) / 57
    };
    format!("{},{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(core: bool, note: u8) -> Grade {
        Grade { core, note }
    }

    #[test]
    fn one_mangelhaft_at_most() {
        assert!(versetzt(&[g(false, 5), g(true, 4)]));
        assert!(!versetzt(&[g(false, 6), g(true, 1)]));
        assert!(!versetzt(&[g(false, 5), g(false, 5), g(true, 1)]));
        assert!(versetzt(&[g(true, 5), g(true, 3)]));
        assert!(!versetzt(&[g(true, 5), g(false, 1)]));
    }

    #[test]
    fn durchschnittsnote_follows_the_formula() {
        assert_eq!(durchschnittsnote(95), "4,0");
        assert_eq!(durchschnittsnote(152), "3,0");
        assert_eq!(durchschnittsnote(260), "1,1");
        assert_eq!(durchschnittsnote(261), "1,0");
        assert_eq!(durchschnittsnote(285), "1,0");
    }

    #[test]
    fn the_core_language_is_one() {
        let sheet = |json: &str| serde_json::from_str::<EfSheet>(json).unwrap();
        let two = sheet(
            r#"{"subjects":[{"kuerzel":"D","points":8},{"kuerzel":"F","points":8},{"kuerzel":"L","points":8}]}"#,
        );
        assert!(classify(&two).unwrap().is_none());
        let ordered = sheet(
            r#"{"subjects":[{"kuerzel":"F","points":8},{"kuerzel":"L","points":8,"language_order":1}]}"#,
        );
        let c = classify(&ordered).unwrap().unwrap();
        assert!(!c[0].core && c[1].core);
        let dup = sheet(r#"{"subjects":[{"kuerzel":"D","points":8},{"kuerzel":" d","points":8}]}"#);
        assert_eq!(
            classify(&dup).unwrap_err().to_string(),
            "record at line 0, field gost.ef_sheet.subjects[1].kuerzel: invalid value"
        );
    }
}
