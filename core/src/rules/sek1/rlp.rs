//! Rheinland-Pfalz, Sekundarstufe I under the SchulG RLP and the Übergreifende Schulordnung
//! (ÜSchO): the qualifications of the Realschule plus and the Integrierte Gesamtschule from a grade
//! sheet — Berufsreife, qualifizierter Sekundarabschluss I and the Berechtigung zum Übergang in
//! die gymnasiale Oberstufe (Mainzer Studienstufe, MSS) — and the end of the Orientierungsstufe.
//!
//! The results use the library's one vocabulary where the KMK equates the qualifications:
//! Berufsreife ≙ Erster Schulabschluss ([`Qualification::Esa`], code `HA9`/`ESA`), qualifizierter
//! Sekundarabschluss I ≙ Mittlerer Schulabschluss ([`Qualification::Msa`], `MSA`), the Berechtigung
//! ≙ the Qualifikationsvermerk ([`Qualification::MsaQ`], `MSA_Q`). The Rheinland-Pfalz names are
//! in [`RlpResult::name_de`] and in the decision details (`abschluss_rlp`). There is no Erweiterter
//! Erster Schulabschluss in Rheinland-Pfalz: [`Qualification::Eesa`] is never applicable.
//!
//! ## The grade sheet in Rheinland-Pfalz
//!
//! * `schulform`: `realschule_plus`, `gesamtschule` (Integrierte Gesamtschule) or `gymnasium`.
//! * `bildungsgang` (Realschule plus only): `hauptschule` = abschlussbezogene Klasse of the
//!   Bildungsgang zur Erlangung der Berufsreife, `realschule` = of the Bildungsgang zur Erlangung
//!   des qualifizierten Sekundarabschlusses I, `integriert` (or none with courses) = integrative
//!   Realschule plus with courses.
//! * `course`: `E` = Erweiterungskurs / obere Leistungsebene (at the IGS: E1 or E2, which the sheet
//!   cannot tell apart — a result that depends on it is `undetermined`), `G` = Grundkurs / untere
//!   Leistungsebene.
//! * Kürzel: `D`, `M`, the first foreign language `E` (else the first subject marked as a foreign
//!   language), the Wahlpflichtfach `WP`/`WPF`, Naturwissenschaften (class 6) `NW`/`NAWI`, and
//!   `MU`, `BK`/`KU`, `SP` (Musik, Bildende Kunst, Sport).
//! * Gymnasium: the qualifications follow the Versetzung (§ 66 ÜSchO), read from
//!   `LearnerFacts::promoted`.
//!
//! ```
//! use bildungsnetz::calendar::Date;
//! use bildungsnetz::rules::RuleBook;
//! use bildungsnetz::rules::sek1::{GradeSheet, Qualification, Status};
//! let book = RuleBook::embedded()?;
//! // Realschule plus, class 9 of the Berufsreife track: Deutsch and Mathematik both "mangelhaft",
//! // Englisch "gut" compensates one of them (§ 65 Abs. 2 Satz 3 ÜSchO).
//! let sheet: GradeSheet = serde_json::from_str(r#"{"schulform":"realschule_plus","jahrgang":9,
//!   "bildungsgang":"hauptschule","subjects":[{"kuerzel":"D","grade":5},{"kuerzel":"M","grade":5},
//!   {"kuerzel":"E","grade":2},{"kuerzel":"WPF","grade":4},{"kuerzel":"BI","grade":4}]}"#)?;
//! let r = book.sek1_rlp_qualifications(&sheet, None, Date::from_ymd(2025, 7, 1)?)?;
//! assert_eq!(r.best, Some(Qualification::Esa));
//! assert_eq!(r.result(Qualification::Esa).map(|x| x.name_de), Some("Berufsreife"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::names::{Name, repeated};
use super::{
    Asked, Bildungsgang, Course, GradeSheet, GradeSheetError, OHNE_ABSCHLUSS, Qualification,
    QualificationCode, Status, read_names,
};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::Detail;
use crate::rules::sek2::codes::Jahrgang;
use crate::rules::{
    CheckResult, Decision, GymnasiumTrack, LearnerFacts, Outcome, RuleBook, RuleError, Schulform,
    Transition, short_citation,
};

/// Rheinland-Pfalz, Orientierungsstufe: the Klassenkonferenz's recommendations to a Gymnasium
/// pupil to change to the Realschule plus (§ 19 Abs. 1, 2 and § 20 Abs. 1 ÜSchO), carried in
/// `Sek1Facts::orientierungsstufe`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Orientierungsstufe {
    /// At the end of class 5 the Realschule plus was recommended instead of the Gymnasium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empfehlung_realschule_plus_klasse5: Option<bool>,
    /// At the end of class 6 the Realschule plus was recommended instead of the Gymnasium.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empfehlung_realschule_plus_klasse6: Option<bool>,
}

pub(crate) const R_OS: &str = "rlp.sek1.orientierungsstufe";
const R_OS_END: &str = "rlp.uescho.orientierungsstufe_ende";
const R_VBR: &str = "rlp.uescho.versetzung_berufsreife";
const R_AUSGL: &str = "rlp.uescho.ausgleich";
const R_BR: &str = "rlp.uescho.berufsreife";
const R_SEK1: &str = "rlp.uescho.sekundarabschluss_i";
const R_Q_RS: &str = "rlp.uescho.berechtigung_rsplus";
const R_Q_IGS: &str = "rlp.uescho.berechtigung_igs";
const R_GY: &str = "rlp.uescho.gymnasium";
const R_NAMES: &str = "rlp.schulg.abschluesse";

/// The result for one qualification in Rheinland-Pfalz.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RlpResult {
    /// Which qualification (the KMK equivalent).
    pub qualification: Qualification,
    /// What the rule found.
    pub status: Status,
    /// The Rheinland-Pfalz name ("Berufsreife", "qualifizierter Sekundarabschluss I", …).
    pub name_de: &'static str,
    /// The rule applied (empty when not applicable).
    pub rule_id: &'static str,
    /// The citation of the version applied.
    pub citation: String,
    /// The result needed an Ausgleich (compensation) of a grade.
    pub ausgleich: bool,
}

/// All qualifications of a Rheinland-Pfalz grade sheet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RlpQualifications {
    /// The day whose law was applied.
    pub as_of: Date,
    /// One result per qualification, lowest first (ESA, EESA, MSA, MSA_Q).
    pub results: Vec<RlpResult>,
    /// The highest qualification earned now or held before.
    pub best: Option<Qualification>,
    /// The official code of `best` on `as_of` (`None` = ohne Abschluss).
    pub best_code: Option<QualificationCode>,
    /// The Rheinland-Pfalz name of `best`.
    pub best_name_de: Option<&'static str>,
    /// Facts a result needed but did not have.
    pub missing: Vec<&'static str>,
    /// A sentence in German.
    pub explanation_de: String,
    /// The same in English.
    pub explanation_en: String,
}

impl RlpQualifications {
    /// The result for a qualification.
    pub fn result(&self, q: Qualification) -> Option<&RlpResult> {
        self.results.iter().find(|r| r.qualification == q)
    }
}

/// The Rheinland-Pfalz name of a qualification (German, as on the certificate) and the name of
/// its KMK equivalent (German, English).
pub fn name_rlp(q: Qualification) -> (&'static str, &'static str) {
    match q {
        Qualification::Esa => ("Berufsreife", "Berufsreife"),
        Qualification::Eesa => (
            "Erweiterter Erster Schulabschluss (in Rheinland-Pfalz nicht vergeben)",
            "Erweiterter Erster Schulabschluss (not awarded in Rheinland-Pfalz)",
        ),
        Qualification::Msa => (
            "qualifizierter Sekundarabschluss I",
            "qualifizierter Sekundarabschluss I",
        ),
        Qualification::MsaQ => (
            "qualifizierter Sekundarabschluss I mit der Berechtigung zum Übergang in die gymnasiale Oberstufe (MSS)",
            "qualifizierter Sekundarabschluss I with the Berechtigung zum Übergang in die gymnasiale Oberstufe (MSS)",
        ),
    }
}

/// The KMK equivalent's name (German, English).
fn name_kmk(q: Qualification) -> (&'static str, &'static str) {
    match q {
        Qualification::Esa => ("Erster Schulabschluss", "Erster Schulabschluss"),
        Qualification::Eesa => (
            "Erweiterter Erster Schulabschluss",
            "Erweiterter Erster Schulabschluss",
        ),
        Qualification::Msa => ("Mittlerer Schulabschluss", "Mittlerer Schulabschluss"),
        Qualification::MsaQ => (
            "Mittlerer Schulabschluss mit Qualifikationsvermerk",
            "Mittlerer Schulabschluss with the Qualifikationsvermerk",
        ),
    }
}

fn name_key(q: Qualification) -> &'static str {
    match q {
        Qualification::Esa => "berufsreife",
        Qualification::Eesa => "",
        Qualification::Msa => "qualifizierter_sekundarabschluss_i",
        Qualification::MsaQ => "qualifizierter_sekundarabschluss_i_mit_berechtigung",
    }
}

// ---- the grade sheet in the engine's form ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    D,
    M,
    Fl1,
    Wp,
    Nw,
    /// Musik, Bildende Kunst, Sport.
    Mbs,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Item {
    role: Role,
    grade: u8,
    course: Option<Course>,
}

impl Item {
    fn core(self) -> bool {
        matches!(self.role, Role::D | Role::M | Role::Fl1)
    }
}

/// The track of a Realschule plus sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Track {
    Berufsreife,
    SekI,
    /// Integrative (courses), or a sheet that names no track.
    Open,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Rs { track: Track },
    Igs,
    Gy { g8: bool },
}

fn classify(name: &Name<'_>) -> Role {
    use super::names::code;
    const D: u64 = code(b"D");
    const M: u64 = code(b"M");
    const FL1: [u64; 2] = [code(b"E"), code(b"EN")];
    const WP: [u64; 5] = [
        code(b"WP"),
        code(b"WPF"),
        code(b"WP1"),
        code(b"WPI"),
        code(b"WPF1"),
    ];
    const NW: [u64; 3] = [code(b"NW"), code(b"NAWI"), code(b"NAT")];
    const MBS: [u64; 4] = [code(b"MU"), code(b"BK"), code(b"KU"), code(b"SP")];
    match name.code() {
        Some(D) => Role::D,
        Some(M) => Role::M,
        Some(c) if FL1.contains(&c) => Role::Fl1,
        Some(c) if WP.contains(&c) => Role::Wp,
        Some(c) if NW.contains(&c) => Role::Nw,
        Some(c) if MBS.contains(&c) => Role::Mbs,
        _ => Role::Other,
    }
}

struct Prepared {
    form: Form,
    jahrgang: u8,
    items: Vec<Item>,
}

fn invalid(field: String, problem: &'static str) -> GradeSheetError {
    GradeSheetError::Invalid { field, problem }
}

fn not_covered() -> RuleError {
    RuleError::NotCovered {
        transition: Transition::Sek1Qualification.id(),
        land: "RP",
    }
}

fn prepare(sheet: &GradeSheet, track: Option<GymnasiumTrack>) -> Result<Prepared, RuleError> {
    if !(5..=10).contains(&sheet.jahrgang) {
        return Err(invalid("jahrgang".to_owned(), "must be 5 to 10").into());
    }
    if sheet.subjects.len() > 32 {
        return Err(invalid("subjects".to_owned(), "more than 32 subjects").into());
    }
    let form = match (sheet.schulform, sheet.bildungsgang) {
        (Schulform::RealschulePlus, Some(Bildungsgang::Hauptschule)) => Form::Rs {
            track: Track::Berufsreife,
        },
        (Schulform::RealschulePlus, Some(Bildungsgang::Realschule)) => {
            Form::Rs { track: Track::SekI }
        }
        (Schulform::RealschulePlus, None | Some(Bildungsgang::Integriert)) => {
            Form::Rs { track: Track::Open }
        }
        (Schulform::Gesamtschule, None) => Form::Igs,
        (Schulform::Gymnasium, None) => Form::Gy {
            g8: sheet.gymnasium_track.or(track) == Some(GymnasiumTrack::G8),
        },
        (Schulform::RealschulePlus | Schulform::Gesamtschule | Schulform::Gymnasium, Some(_)) => {
            return Err(invalid(
                "bildungsgang".to_owned(),
                "in Rheinland-Pfalz only hauptschule, realschule or integriert at a Realschule plus",
            )
            .into());
        }
        _ => return Err(not_covered()),
    };
    if sheet.hauptschule_typ.is_some() {
        return Err(invalid(
            "hauptschule_typ".to_owned(),
            "there is no Hauptschule in Rheinland-Pfalz",
        )
        .into());
    }
    let courses_allowed = matches!(form, Form::Igs) || form == (Form::Rs { track: Track::Open });
    let mut items = Vec::with_capacity(sheet.subjects.len());
    let names = read_names(&sheet.subjects);
    for (i, (s, name)) in sheet.subjects.iter().zip(&names).enumerate() {
        if !(1..=6).contains(&s.grade) {
            return Err(invalid(format!("subjects[{i}].grade"), "must be 1 to 6").into());
        }
        if name.is_empty() {
            return Err(invalid(format!("subjects[{i}].kuerzel"), "is empty").into());
        }
        if repeated(name, names.get(..i).unwrap_or_default()) {
            return Err(invalid(format!("subjects[{i}].kuerzel"), "appears twice").into());
        }
        if matches!(s.course, Some(Course::E1 | Course::E2)) && form != Form::Igs {
            return Err(invalid(
                format!("subjects[{i}].course"),
                "E1 and E2 exist only at an Integrierte Gesamtschule; elsewhere a course is E or G",
            )
            .into());
        }
        if s.course.is_some() && !courses_allowed {
            return Err(invalid(
                format!("subjects[{i}].course"),
                "courses exist only at an integrative Realschule plus and an Integrierte Gesamtschule",
            )
            .into());
        }
        items.push(Item {
            role: classify(name),
            grade: s.grade,
            course: s.course,
        });
    }
    // Without an `E`, the first subject marked as a foreign language is the first one.
    if !items.iter().any(|x| x.role == Role::Fl1) {
        if let Some((item, _)) = items
            .iter_mut()
            .zip(&sheet.subjects)
            .find(|(x, s)| s.foreign_language && x.role == Role::Other)
        {
            item.role = Role::Fl1;
        }
    }
    Ok(Prepared {
        form,
        jahrgang: sheet.jahrgang,
        items,
    })
}

// ---- the rules on grades ----

/// A grade moved by `steps` (negative = better), kept within 1–6.
fn shift(grade: u8, steps: i8) -> u8 {
    let g = i16::from(grade) + i16::from(steps);
    u8::try_from(g.clamp(1, 6)).unwrap_or(grade)
}

/// The grades counted on one level: `e` steps for an E course, `g` steps for a G course.
fn leveled(items: &[Item], e: i8, g: i8) -> Vec<Item> {
    igs_leveled(items, (e, e), e, g)
}

/// The grades counted at the IGS: `e1` and `e2` steps for a course on the E1 and E2 level,
/// `e` for an E course whose level the sheet does not give, `g` for a G course.
fn igs_leveled(items: &[Item], (e1, e2): (i8, i8), e: i8, g: i8) -> Vec<Item> {
    items
        .iter()
        .map(|x| Item {
            grade: match x.course {
                Some(Course::E) => shift(x.grade, e),
                Some(Course::E1) => shift(x.grade, e1),
                Some(Course::E2) => shift(x.grade, e2),
                Some(Course::G) => shift(x.grade, g),
                None => x.grade,
            },
            ..*x
        })
        .collect()
}

/// What a rule found on the grades.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum V {
    Fail,
    /// Passed, needing an Ausgleich.
    PassAusgleich,
    Pass,
}

impl V {
    fn passed(self) -> bool {
        self != V::Fail
    }
}

/// How one deficit may be compensated: one donor with a grade at most `single`, or (if `pair`
/// is not 0) two donors with grades at most `pair`.
#[derive(Clone, Copy)]
struct Need {
    idx: usize,
    single: u8,
    pair: u8,
}

/// § 65 Abs. 5 ÜSchO: "ungenügend" by a "sehr gut" or two "gut", "mangelhaft" by a "gut" or two
/// "befriedigend".
fn need_of(items: &[Item], idx: usize) -> Need {
    let g = items.get(idx).map_or(6, |x| x.grade);
    if g >= 6 {
        Need {
            idx,
            single: 1,
            pair: 2,
        }
    } else {
        Need {
            idx,
            single: 2,
            pair: 3,
        }
    }
}

/// Whether every need can be met by distinct donors (subjects not in `exclude`) that `allowed`
/// admits for the deficit.
fn compensate(
    items: &[Item],
    needs: &[Need],
    exclude: u64,
    allowed: &dyn Fn(Item, Item) -> bool,
) -> bool {
    let Some((first, rest)) = needs.split_first() else {
        return true;
    };
    let Some(&deficit) = items.get(first.idx) else {
        return false;
    };
    let usable = |j: usize, used: u64, max: u8| -> bool {
        j < 64
            && used & (1 << j) == 0
            && items
                .get(j)
                .is_some_and(|d| d.grade <= max && allowed(*d, deficit))
    };
    // Donors with the same grade and role are interchangeable: try the first of each kind.
    let first_of_kind = |j: usize, used: u64, max: u8| -> bool {
        let Some(d) = items.get(j) else { return false };
        usable(j, used, max)
            && !(0..j).any(|k| {
                usable(k, used, max)
                    && items
                        .get(k)
                        .is_some_and(|o| o.grade == d.grade && o.role == d.role)
            })
    };
    let n = items.len();
    for j in 0..n {
        if first_of_kind(j, exclude, first.single)
            && compensate(items, rest, exclude | (1 << j), allowed)
        {
            return true;
        }
    }
    if first.pair > 0 {
        for j in 0..n {
            if !first_of_kind(j, exclude, first.pair) {
                continue;
            }
            let used = exclude | (1 << j);
            for k in (j + 1)..n {
                if first_of_kind(k, used, first.pair)
                    && compensate(items, rest, used | (1 << k), allowed)
                {
                    return true;
                }
            }
        }
    }
    false
}

fn mask_of(idx: &[usize]) -> u64 {
    idx.iter()
        .filter(|&&i| i < 64)
        .fold(0, |m, &i| m | (1u64 << i))
}

/// § 65 Abs. 2 and 3 ÜSchO (Versetzung in the Berufsreife track; the Berufsreife; the end of
/// class 6 at the Realschule plus).
fn versetzung_br(items: &[Item], class6: bool) -> V {
    let def: Vec<usize> = (0..items.len())
        .filter(|&i| items.get(i).is_some_and(|x| x.grade >= 5))
        .collect();
    if def.len() > 3 {
        return V::Fail;
    }
    let pos = |r: Role| {
        def.iter()
            .copied()
            .find(|&i| items.get(i).is_some_and(|x| x.role == r))
    };
    let exclude = mask_of(&def);
    if let (Some(d), Some(m)) = (pos(Role::D), pos(Role::M)) {
        // Deutsch or Mathematik compensated, only by Englisch, the Wahlpflichtfach or (class 6)
        // Naturwissenschaften.
        let allowed = |donor: Item, _: Item| {
            matches!(donor.role, Role::Fl1 | Role::Wp) || (class6 && donor.role == Role::Nw)
        };
        let ok = [d, m]
            .into_iter()
            .any(|x| compensate(items, &[need_of(items, x)], exclude, &allowed));
        return if ok { V::PassAusgleich } else { V::Fail };
    }
    if def.len() <= 2 {
        return V::Pass;
    }
    // Three grades below "ausreichend": one compensated, an "ungenügend" first.
    let any_six = def
        .iter()
        .any(|&i| items.get(i).is_some_and(|x| x.grade >= 6));
    let ok = def
        .iter()
        .filter(|&&i| !any_six || items.get(i).is_some_and(|x| x.grade >= 6))
        .any(|&i| compensate(items, &[need_of(items, i)], exclude, &|_, _| true));
    if ok { V::PassAusgleich } else { V::Fail }
}

/// The qualifizierter Sekundarabschluss I (§ 75 with § 65 Abs. 4, 5 ÜSchO, as read).
fn sekundarabschluss(items: &[Item]) -> V {
    let def: Vec<usize> = (0..items.len())
        .filter(|&i| items.get(i).is_some_and(|x| x.grade >= 5))
        .collect();
    if def.len() > 3 {
        return V::Fail;
    }
    let core = def
        .iter()
        .filter(|&&i| items.get(i).is_some_and(|x| x.core()))
        .count();
    if core >= 2 {
        return V::Fail;
    }
    if def.len() <= 1 {
        return V::Pass;
    }
    let needs: Vec<Need> = def.iter().map(|&i| need_of(items, i)).collect();
    let allowed =
        |donor: Item, deficit: Item| !deficit.core() || donor.core() || donor.role == Role::Wp;
    if compensate(items, &needs, mask_of(&def), &allowed) {
        V::PassAusgleich
    } else {
        V::Fail
    }
}

/// § 30 Abs. 2 ÜSchO: the Berechtigung at the Realschule plus.
fn berechtigung_rs(items: &[Item]) -> V {
    if items.iter().any(|x| x.grade >= 5) {
        return V::Fail;
    }
    let attempt = |skip_mbs: bool| -> V {
        let fours: Vec<usize> = (0..items.len())
            .filter(|&i| {
                items
                    .get(i)
                    .is_some_and(|x| x.grade == 4 && !(skip_mbs && x.role == Role::Mbs))
            })
            .collect();
        if fours.is_empty() {
            return V::Pass;
        }
        if fours.len() > 2
            || fours
                .iter()
                .filter(|&&i| items.get(i).is_some_and(|x| x.core()))
                .count()
                > 1
        {
            return V::Fail;
        }
        let needs: Vec<Need> = fours
            .iter()
            .map(|&idx| Need {
                idx,
                single: 2,
                pair: 0,
            })
            .collect();
        let allowed = |donor: Item, _: Item| !(skip_mbs && donor.role == Role::Mbs);
        if compensate(items, &needs, mask_of(&fours), &allowed) {
            V::PassAusgleich
        } else {
            V::Fail
        }
    };
    match attempt(false) {
        V::Fail => attempt(true),
        v => v,
    }
}

/// IGS, § 30 Abs. 3 (three E2 courses, two of them in D, M or the first foreign
/// language): `Some` when the sheet decides it — on the courses known to be E2, or ruled
/// out even if every E course of unknown level were E2 — `None` when the levels would.
fn berechtigung_igs(items: &[Item]) -> Option<bool> {
    let enough = |level: &dyn Fn(&Item) -> bool| {
        let e: Vec<&Item> = items.iter().filter(|x| level(x)).collect();
        e.len() >= 3 && e.iter().filter(|x| x.core()).count() >= 2
    };
    if enough(&|x| x.course == Some(Course::E2)) {
        Some(true)
    } else if !enough(&|x| matches!(x.course, Some(Course::E2 | Course::E))) {
        Some(false)
    } else {
        None
    }
}

/// IGS: at least two "befriedigend" among the subjects without courses (§ 75 Abs. 2, as read).
fn igs_two_threes(items: &[Item]) -> bool {
    items
        .iter()
        .filter(|x| x.course.is_none() && x.grade <= 3)
        .count()
        >= 2
}

/// One qualification's finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Found {
    status: Status,
    rule: &'static str,
    ausgleich: bool,
    /// The fact that would decide an undetermined result.
    missing: Option<&'static str>,
}

const NA: Found = Found {
    status: Status::NotApplicable,
    rule: "",
    ausgleich: false,
    missing: None,
};

fn found(v: V, rule: &'static str) -> Found {
    Found {
        status: if v.passed() {
            Status::Earned
        } else {
            Status::NotEarned
        },
        rule,
        ausgleich: v == V::PassAusgleich,
        missing: None,
    }
}

/// What decides an undetermined IGS result: the level (E1 or E2) of the E courses.
const E2: &str = "sek1.grade_sheet.subjects.course";

/// Earned on the lower reading, undetermined if only the higher (E2) reading earns it.
fn two_readings(lower: V, higher: V, rule: &'static str, has_e: bool) -> Found {
    if lower.passed() || !has_e || !higher.passed() {
        found(lower, rule)
    } else {
        Found {
            status: Status::Undetermined,
            rule,
            ausgleich: higher == V::PassAusgleich,
            missing: Some(E2),
        }
    }
}

/// The four findings (ESA, EESA, MSA, MSA_Q) of a prepared sheet.
fn findings(p: &Prepared, promoted: Option<bool>) -> [Found; 4] {
    let mut out = [NA; 4];
    let items = &p.items;
    // Only an E course without its level (E1 or E2) leaves two readings.
    let has_e = items.iter().any(|x| x.course == Some(Course::E));
    match p.form {
        Form::Gy { g8 } => {
            let last = if g8 { 9 } else { 10 };
            let status = match promoted {
                Some(true) => Status::Earned,
                Some(false) => Status::NotEarned,
                None => Status::Undetermined,
            };
            let f = Found {
                status,
                rule: R_GY,
                ausgleich: false,
                missing: (status == Status::Undetermined).then_some("promoted"),
            };
            if p.jahrgang == last {
                out[2] = f;
                out[3] = f;
                if status == Status::Earned {
                    out[0] = f;
                }
            } else if !g8 && p.jahrgang == 9 {
                out[0] = f;
            }
        }
        Form::Rs { track } => {
            if p.jahrgang == 9 {
                // Berufsreife: § 74 with § 65 Abs. 2, 3 — the higher level counts one step better.
                let v = versetzung_br(&leveled(items, -1, 0), false);
                out[0] = found(v, R_BR);
            } else if p.jahrgang == 10 && track != Track::Berufsreife {
                let sek = leveled(items, 0, 1);
                let msa = found(sekundarabschluss(&sek), R_SEK1);
                out[2] = msa;
                if msa.status == Status::Earned {
                    out[0] = Found {
                        ausgleich: false,
                        ..msa
                    };
                    out[3] = found(berechtigung_rs(&sek), R_Q_RS);
                } else {
                    out[3] = Found {
                        status: Status::NotEarned,
                        rule: R_Q_RS,
                        ausgleich: false,
                        missing: None,
                    };
                }
            }
        }
        Form::Igs => {
            if p.jahrgang == 9 {
                let lower = versetzung_br(&igs_leveled(items, (-1, -2), -1, 0), false);
                let higher = versetzung_br(&igs_leveled(items, (-1, -2), -2, 0), false);
                out[0] = two_readings(lower, higher, R_BR, has_e);
            } else if p.jahrgang == 10 {
                let extra = igs_two_threes(items);
                let lower = if extra {
                    sekundarabschluss(&igs_leveled(items, (0, -1), 0, 1))
                } else {
                    V::Fail
                };
                let higher = if extra {
                    sekundarabschluss(&igs_leveled(items, (0, -1), -1, 1))
                } else {
                    V::Fail
                };
                let msa = two_readings(lower, higher, R_SEK1, has_e);
                out[2] = msa;
                if msa.status == Status::Earned {
                    out[0] = Found {
                        ausgleich: false,
                        ..msa
                    };
                }
                let (status, missing) = match (msa.status, berechtigung_igs(items)) {
                    (Status::NotEarned, _) | (_, Some(false)) => (Status::NotEarned, None),
                    (Status::Earned, Some(true)) => (Status::Earned, None),
                    (_, None) => (Status::Undetermined, Some(E2)),
                    (status, Some(true)) => (status, msa.missing),
                };
                out[3] = Found {
                    status,
                    rule: R_Q_IGS,
                    ausgleich: false,
                    missing,
                };
            }
        }
    }
    out
}

impl RuleBook {
    /// The Rheinland-Pfalz Sek-I qualifications of a grade sheet (Realschule plus, Integrierte
    /// Gesamtschule, Gymnasium) under the law in force on `as_of`. `promoted` is the Versetzung
    /// (needed at a Gymnasium only). Errors name the field, never its value.
    pub fn sek1_rlp_qualifications(
        &self,
        sheet: &GradeSheet,
        promoted: Option<bool>,
        as_of: Date,
    ) -> Result<RlpQualifications, RuleError> {
        let p = prepare(sheet, None)?;
        explain(self, sheet, &p, promoted, as_of)
    }
}

fn explain(
    book: &RuleBook,
    sheet: &GradeSheet,
    p: &Prepared,
    promoted: Option<bool>,
    as_of: Date,
) -> Result<RlpQualifications, RuleError> {
    let f = findings(p, promoted);
    let mut results = Vec::with_capacity(4);
    let mut missing = Vec::new();
    for (q, x) in Qualification::ALL.into_iter().zip(f) {
        let citation = if x.rule.is_empty() {
            String::new()
        } else {
            book.citation(book.require(x.rule, as_of)?).to_owned()
        };
        if let Some(m) = x.missing {
            if !missing.contains(&m) {
                missing.push(m);
            }
        }
        results.push(RlpResult {
            qualification: q,
            status: x.status,
            name_de: name_rlp(q).0,
            rule_id: x.rule,
            citation,
            ausgleich: x.ausgleich,
        });
    }
    let earned = results
        .iter()
        .filter(|r| r.status == Status::Earned)
        .map(|r| r.qualification)
        .max();
    let best = match (earned, sheet.prior) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let best_code = best.map(|q| q.code_on(as_of));
    let best_name_de = best.map(|q| name_rlp(q).0);
    let (mut de, mut en) = match best {
        Some(q) => {
            let cite = results
                .iter()
                .find(|r| r.qualification == q && !r.citation.is_empty())
                .map(|r| short_citation(&r.citation).to_owned())
                .unwrap_or_default();
            let code = best_code.map_or("", |c| c.kuerzel);
            let (nde, nen) = name_rlp(q);
            let (kde, ken) = name_kmk(q);
            (
                format!("Erreichter Abschluss: {nde} (≙ {kde}, {code}; {cite})."),
                format!("Qualification reached: {nen} (≙ {ken}, {code}; {cite})."),
            )
        }
        None => (
            "Mit diesen Noten wird kein Abschluss der Sekundarstufe I erreicht.".to_owned(),
            "These grades do not earn a Sek-I qualification.".to_owned(),
        ),
    };
    if !missing.is_empty() {
        if missing.contains(&E2) {
            de.push_str(" Ob ein Kurs auf E1- oder E2-Niveau besucht wurde, entscheidet über einen weiteren Abschluss oder die Berechtigung.");
            en.push_str(" Whether a course was on the E1 or the E2 level decides a further qualification or the entitlement.");
        }
        if missing.contains(&"promoted") {
            de.push_str(" Am Gymnasium entscheidet die Versetzung (§ 66 ÜSchO).");
            en.push_str(" At the Gymnasium the Versetzung decides (§ 66 ÜSchO).");
        }
    }
    Ok(RlpQualifications {
        as_of,
        results,
        best,
        best_code,
        best_name_de,
        missing,
        explanation_de: de,
        explanation_en: en,
    })
}

fn new_decision(t: Transition, facts: &LearnerFacts, as_of: Date) -> Decision {
    Decision {
        transition: t,
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
    }
}

/// The decision for [`Transition::Sek1Qualification`] in Rheinland-Pfalz: `eligible` if a
/// qualification is earned (or held), `not_eligible` if none, `undetermined` if the grade sheet
/// (or a fact a result needs) is missing. A qualification carries no date of its own.
pub(crate) fn evaluate_qualification(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    let mut d = new_decision(Transition::Sek1Qualification, facts, as_of);
    let sek1 = facts.sek1.as_deref();
    let Some(sheet) = sek1.and_then(|s| s.grade_sheet.as_ref()) else {
        let row = book.require(R_SEK1, as_of)?;
        d.checks.push(book.check(
            row,
            &["sek1.grade_sheet"],
            CheckResult::MissingFacts,
            true,
            "qualifications are decided on the end-of-year grades",
        ));
        d.missing_facts.push(Cow::Borrowed("sek1.grade_sheet"));
        d.explanation_de =
            "Ohne Zeugnisnoten kann kein Abschluss bestimmt werden (Übergreifende Schulordnung)."
                .to_owned();
        d.explanation_en =
            "Without the end-of-year grades no qualification can be decided (Übergreifende Schulordnung)."
                .to_owned();
        return Ok(d);
    };
    let p = prepare(sheet, facts.gymnasium_track)?;
    let r = explain(book, sheet, &p, facts.promoted, as_of)?;
    let mut any_undetermined = false;
    for res in &r.results {
        d.details.insert(
            Cow::Borrowed(res.qualification.name()),
            Cow::Borrowed(res.status.name()),
        );
        if res.status == Status::NotApplicable || res.rule_id.is_empty() {
            continue;
        }
        any_undetermined |= res.status == Status::Undetermined;
        let row = book.require(res.rule_id, as_of)?;
        let result = match res.status {
            Status::Earned => CheckResult::Satisfied,
            Status::Undetermined => CheckResult::MissingFacts,
            _ => CheckResult::NotSatisfied,
        };
        let facts_used: &[&'static str] = if res.rule_id == R_GY {
            &["sek1.grade_sheet", "promoted"]
        } else {
            &["sek1.grade_sheet"]
        };
        // A rule shared by two results (the Gymnasium) is checked once.
        if !d.checks.iter().any(|c| c.rule_id == res.rule_id) {
            d.checks.push(book.check(
                row,
                facts_used,
                result,
                true,
                format!(
                    "{} ({}): {}",
                    res.name_de,
                    res.qualification.name(),
                    res.status.name()
                ),
            ));
        }
    }
    if r.results
        .iter()
        .any(|x| x.ausgleich && x.status == Status::Earned)
    {
        let row = book.require(R_AUSGL, as_of)?;
        d.checks.push(book.check(
            row,
            &["sek1.grade_sheet"],
            CheckResult::Satisfied,
            true,
            "a grade below 'ausreichend' was compensated",
        ));
        d.details.insert("ausgleich".into(), "true".into());
    }
    if r.results.iter().all(|x| x.status == Status::NotApplicable) {
        let row = book.require(
            match p.form {
                Form::Gy { .. } => R_GY,
                _ => R_SEK1,
            },
            as_of,
        )?;
        d.checks.push(book.check(
            row,
            &["sek1.grade_sheet.jahrgang"],
            CheckResult::NotApplicable,
            true,
            "no Sek-I qualification is awarded at this Klassenstufe and Schulform",
        ));
    }
    if let Some(row) = book.table().in_force(R_NAMES, as_of) {
        d.checks.push(book.check(
            row,
            &[],
            CheckResult::Satisfied,
            false,
            "Rheinland-Pfalz names and their KMK equivalents",
        ));
    }
    for m in &r.missing {
        d.missing_facts.push(Cow::Borrowed(*m));
    }
    let code = r.best_code.unwrap_or(OHNE_ABSCHLUSS);
    d.details
        .insert("abschluss".into(), Cow::Borrowed(code.kuerzel));
    d.details.insert(
        "abschluss_schluessel".into(),
        Cow::Borrowed(code.schluessel),
    );
    d.details.insert(
        "abschluss_rlp".into(),
        Cow::Borrowed(r.best.map_or("ohne_abschluss", name_key)),
    );
    d.outcome = match (r.best, any_undetermined) {
        (Some(_), _) => Outcome::Eligible,
        (None, true) => Outcome::Undetermined,
        (None, false) => Outcome::NotEligible,
    };
    d.explanation_de = r.explanation_de.clone();
    d.explanation_en = r.explanation_en.clone();
    if let Some(a) = sek1.and_then(|s| s.asked) {
        answer_asked(book, sheet, &p, &r, a, as_of, &mut d)?;
    }
    Ok(d)
}

/// A named question (`sek1.asked`): the outcome about the asked qualification alone. The
/// Berechtigung zum Besuch der Klasse 10 Typ B and the EESA do not exist in Rheinland-Pfalz.
fn answer_asked(
    book: &RuleBook,
    sheet: &GradeSheet,
    p: &Prepared,
    r: &RlpQualifications,
    a: Asked,
    as_of: Date,
    d: &mut Decision,
) -> Result<(), RuleError> {
    let q = match a {
        Asked::Esa => Some(Qualification::Esa),
        Asked::Msa => Some(Qualification::Msa),
        Asked::MsaQ => Some(Qualification::MsaQ),
        _ => None,
    };
    let res = q.and_then(|q| r.result(q));
    let held = q.is_some_and(|q| sheet.prior.is_some_and(|x| x >= q));
    let status = if held {
        Status::Earned
    } else {
        res.map_or(Status::NotApplicable, |x| x.status)
    };
    let rule = res.map(|x| x.rule_id).filter(|id| !id.is_empty());
    for c in &mut d.checks {
        if Some(&*c.rule_id) != rule && c.rule_id != R_AUSGL {
            c.determining = false;
        }
    }
    if status == Status::NotApplicable {
        let id = match (p.form, q) {
            (Form::Gy { .. }, _) => R_GY,
            (_, Some(Qualification::Esa)) => R_BR,
            (Form::Igs, Some(Qualification::MsaQ)) => R_Q_IGS,
            (_, Some(Qualification::MsaQ)) => R_Q_RS,
            _ => R_SEK1,
        };
        let row = book.require(id, as_of)?;
        d.checks.push(book.check(
            row,
            &["sek1.grade_sheet.jahrgang", "sek1.asked"],
            CheckResult::NotApplicable,
            true,
            "not awarded at this Klassenstufe and Schulform in Rheinland-Pfalz",
        ));
    }
    if status != Status::Undetermined {
        d.missing_facts.clear();
    }
    d.details.insert("asked".into(), Cow::Borrowed(a.name()));
    d.details
        .insert("asked_status".into(), Cow::Borrowed(status.name()));
    d.outcome = match status {
        Status::Earned => Outcome::Eligible,
        Status::Undetermined => Outcome::Undetermined,
        Status::NotEarned | Status::NotApplicable => Outcome::NotEligible,
    };
    let (de_name, en_name) = match q {
        Some(q) => name_rlp(q),
        None => (
            "dieser Abschluss (in Rheinland-Pfalz nicht vergeben)",
            "this qualification (not awarded in Rheinland-Pfalz)",
        ),
    };
    let cite = res
        .map(|x| short_citation(&x.citation).to_owned())
        .unwrap_or_default();
    let (de, en) = match status {
        Status::Earned if held => (
            format!("Bereits erworben: {de_name}."),
            format!("Already held: {en_name}."),
        ),
        Status::Earned => (
            format!("Mit diesen Noten wird erreicht: {de_name} ({cite})."),
            format!("These grades earn {en_name} ({cite})."),
        ),
        Status::NotEarned => (
            format!("Mit diesen Noten wird nicht erreicht: {de_name} ({cite})."),
            format!("These grades do not earn {en_name} ({cite})."),
        ),
        Status::Undetermined => (
            format!("Ob erreicht wird: {de_name}, hängt von fehlenden Angaben ab ({cite})."),
            format!(
                "Whether these grades earn {en_name} depends on facts that are missing ({cite})."
            ),
        ),
        Status::NotApplicable => (
            format!("In dieser Klassenstufe und Schulform wird nicht vergeben: {de_name}."),
            format!("{en_name} is not awarded in this class and Schulform."),
        ),
    };
    d.explanation_de = de;
    d.explanation_en = en;
    Ok(())
}

// ---- the end of the Orientierungsstufe (class 6 → 7) ----

fn next_first_august(as_of: Date) -> Date {
    let sy = SchoolYear::containing(as_of);
    if sy.start() == as_of {
        as_of
    } else {
        sy.next().start()
    }
}

/// [`Transition::Sek1Entry`] in Rheinland-Pfalz for a pupil at the end of class 6 (the facts
/// name class 6 in `jahrgang` or in a class-6 grade sheet, and the Schulform attended): may the
/// pupil go on to class 7 of `target`? `None` when the facts describe an entry into class 5.
pub(crate) fn orientierungsstufe_end(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    target: Schulform,
    detail: Detail,
) -> Result<Option<Decision>, RuleError> {
    let sek1 = facts.sek1.as_deref();
    let sheet = sek1
        .and_then(|s| s.grade_sheet.as_ref())
        .filter(|s| s.jahrgang == 6);
    let in_class6 = facts.jahrgang == Some(Jahrgang::Klasse(6)) || sheet.is_some();
    let Some(current) = facts.schulform.or(sheet.map(|s| s.schulform)) else {
        return Ok(None);
    };
    if !in_class6 {
        return Ok(None);
    }
    let row = book.require(R_OS_END, as_of)?;
    let cite = short_citation(book.citation(row)).to_owned();
    let mut d = new_decision(Transition::Sek1Entry, facts, as_of);
    let entry = next_first_august(as_of);
    d.details.insert("klasse".into(), "7".into());
    let os = sek1.and_then(|s| s.orientierungsstufe.as_ref());
    let mut de = String::new();
    let mut en = String::new();
    match (current, target) {
        (Schulform::Gymnasium, Schulform::Gymnasium) => match facts.promoted {
            Some(true) => {
                d.outcome = Outcome::Eligible;
                d.effective_date = Some(entry);
                d.checks.push(book.check_as(detail,
                    row,
                    &["schulform", "jahrgang", "promoted"],
                    CheckResult::Satisfied,
                    true,
                    || "promoted: the Gymnasium may be attended further, even against a recommendation",
                ));
                de.push_str("Mit der Versetzung kann das Gymnasium in Klassenstufe 7 weiter besucht werden, auch bei abweichender Empfehlung");
                en.push_str("With the Versetzung the pupil may go on to class 7 of the Gymnasium, even against the class conference's recommendation");
            }
            Some(false) => {
                d.outcome = Outcome::NotEligible;
                let both = os.map(|o| {
                    (
                        o.empfehlung_realschule_plus_klasse5,
                        o.empfehlung_realschule_plus_klasse6,
                    )
                });
                match both {
                    Some((Some(true), Some(true))) => {
                        d.details
                            .insert("weiter".into(), "realschule_plus_oder_igs_klasse_7".into());
                        d.checks.push(book.check_as(detail,
                            row,
                            &[
                                "promoted",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse5",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse6",
                            ],
                            CheckResult::NotSatisfied,
                            true,
                            || "not promoted after recommendations for the Realschule plus after classes 5 and 6: class 7 of the Realschule plus or (within capacity) an IGS",
                        ));
                        de.push_str("Ohne Versetzung und nach der Empfehlung der Realschule plus am Ende der Klassenstufen 5 und 6 wird die Klassenstufe 7 der Realschule plus oder, im Rahmen der Kapazität, einer Integrierten Gesamtschule besucht");
                        en.push_str("Not promoted, and recommended the Realschule plus at the end of classes 5 and 6: the pupil goes on to class 7 of a Realschule plus or, within its capacity, an Integrierte Gesamtschule");
                    }
                    Some((Some(false), _) | (_, Some(false))) => {
                        d.details
                            .insert("weiter".into(), "wiederholung_klasse_6".into());
                        d.checks.push(book.check_as(
                            detail,
                            row,
                            &[
                                "promoted",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse5",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse6",
                            ],
                            CheckResult::NotSatisfied,
                            true,
                            || "not promoted: class 6 may be repeated at the Gymnasium",
                        ));
                        de.push_str("Ohne Versetzung kann die Klassenstufe 6 des Gymnasiums wiederholt werden; ein Wechsel ist nicht vorgeschrieben");
                        en.push_str("Not promoted: class 6 of the Gymnasium may be repeated; a change of school is not required");
                    }
                    _ => {
                        d.checks.push(book.check_as(detail,
                            row,
                            &[
                                "promoted",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse5",
                                "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse6",
                            ],
                            CheckResult::NotSatisfied,
                            true,
                            || "not promoted; the recommendations after classes 5 and 6 decide between repeating class 6 and changing school",
                        ));
                        d.missing_facts.push(Cow::Borrowed(
                            "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse5",
                        ));
                        d.missing_facts.push(Cow::Borrowed(
                            "sek1.orientierungsstufe.empfehlung_realschule_plus_klasse6",
                        ));
                        de.push_str("Ohne Versetzung ist die Klassenstufe 7 des Gymnasiums nicht erreicht; ob Klasse 6 wiederholt oder die Realschule plus besucht wird, hängt von den Empfehlungen am Ende der Klassenstufen 5 und 6 ab");
                        en.push_str("Without the Versetzung class 7 of the Gymnasium is not reached; whether class 6 is repeated or the Realschule plus attended depends on the recommendations at the end of classes 5 and 6");
                    }
                }
            }
            None => {
                d.checks.push(book.check_as(
                    detail,
                    row,
                    &["promoted"],
                    CheckResult::MissingFacts,
                    true,
                    || "the Versetzung (§ 66 ÜSchO) decides",
                ));
                d.missing_facts.push(Cow::Borrowed("promoted"));
                de.push_str("Am Ende der Orientierungsstufe entscheidet die Versetzung durch die Klassenkonferenz (§ 66 ÜSchO)");
                en.push_str("At the end of the Orientierungsstufe the class conference's Versetzung decides (§ 66 ÜSchO)");
            }
        },
        (Schulform::Gymnasium, Schulform::RealschulePlus) => {
            d.outcome = Outcome::Eligible;
            d.effective_date = Some(entry);
            d.checks.push(book.check_as(
                detail,
                row,
                &["schulform", "sek1.target_schulform"],
                CheckResult::Satisfied,
                true,
                || "change of Schullaufbahn into class 7 of the Realschule plus",
            ));
            de.push_str(
                "Der Wechsel vom Gymnasium in die Klassenstufe 7 der Realschule plus ist möglich",
            );
            en.push_str(
                "The pupil may change from the Gymnasium to class 7 of the Realschule plus",
            );
        }
        (Schulform::Gymnasium | Schulform::RealschulePlus, Schulform::Gesamtschule) => {
            d.outcome = Outcome::Discretionary;
            d.effective_date = Some(entry);
            d.checks.push(book.check_as(
                detail,
                row,
                &["schulform", "sek1.target_schulform"],
                CheckResult::Discretionary,
                true,
                || "an Integrierte Gesamtschule admits within its capacity",
            ));
            de.push_str("Die Integrierte Gesamtschule nimmt in Klassenstufe 7 im Rahmen ihrer Kapazität auf");
            en.push_str("The Integrierte Gesamtschule admits to class 7 within its capacity");
        }
        (Schulform::RealschulePlus, Schulform::RealschulePlus) => {
            let versetzt = match sheet {
                Some(s) => {
                    let p = prepare(s, None)?;
                    let v = versetzung_br(&leveled(&p.items, -1, 0), true);
                    if v == V::PassAusgleich {
                        d.details.insert("ausgleich".into(), "true".into());
                    }
                    Some(v.passed())
                }
                None => facts.promoted,
            };
            let vbr = book.require(R_VBR, as_of)?;
            d.checks.push(book.check_as(
                detail,
                row,
                &["schulform", "jahrgang"],
                CheckResult::Satisfied,
                false,
                || "at the Realschule plus the Versetzung follows § 65 Abs. 2 and 3",
            ));
            let used: &[&'static str] = if sheet.is_some() {
                &["sek1.grade_sheet"]
            } else {
                &["promoted"]
            };
            match versetzt {
                Some(true) => {
                    d.outcome = Outcome::Eligible;
                    d.effective_date = Some(entry);
                    d.checks.push(book.check_as(
                        detail,
                        vbr,
                        used,
                        CheckResult::Satisfied,
                        true,
                        || "promoted into class 7",
                    ));
                    de.push_str(
                        "Die Versetzung in die Klassenstufe 7 der Realschule plus ist erreicht",
                    );
                    en.push_str("The Versetzung into class 7 of the Realschule plus is reached");
                }
                Some(false) => {
                    d.outcome = Outcome::NotEligible;
                    d.details
                        .insert("weiter".into(), "wiederholung_klasse_6".into());
                    d.checks.push(book.check_as(
                        detail,
                        vbr,
                        used,
                        CheckResult::NotSatisfied,
                        true,
                        || "not promoted into class 7",
                    ));
                    de.push_str("Die Versetzung in die Klassenstufe 7 ist nicht erreicht (mehr als drei Noten unter „ausreichend“ oder Deutsch und Mathematik ohne Ausgleich)");
                    en.push_str("The Versetzung into class 7 is not reached (more than three grades below 'ausreichend', or Deutsch and Mathematik without compensation)");
                }
                None => {
                    d.checks.push(book.check_as(
                        detail,
                        vbr,
                        &["sek1.grade_sheet", "promoted"],
                        CheckResult::MissingFacts,
                        true,
                        || "the class-6 grades or the Versetzung are needed",
                    ));
                    d.missing_facts.push(Cow::Borrowed("sek1.grade_sheet"));
                    de.push_str("Für die Versetzung in die Klassenstufe 7 werden die Noten der Klassenstufe 6 benötigt");
                    en.push_str("The class-6 grades are needed for the Versetzung into class 7");
                }
            }
        }
        (Schulform::RealschulePlus, Schulform::Gymnasium) => {
            d.outcome = Outcome::Discretionary;
            d.effective_date = Some(entry);
            d.checks.push(book.check_as(detail,
                row,
                &["schulform", "sek1.target_schulform"],
                CheckResult::Discretionary,
                true,
                || "a change to the Gymnasium after the Orientierungsstufe is decided on the class conference's recommendation",
            ));
            de.push_str("Über einen Wechsel an das Gymnasium nach der Orientierungsstufe wird auf Empfehlung der Klassenkonferenz entschieden");
            en.push_str("A change to the Gymnasium after the Orientierungsstufe is decided on the class conference's recommendation");
        }
        (Schulform::Gesamtschule, Schulform::Gesamtschule) => {
            d.outcome = Outcome::Eligible;
            d.effective_date = Some(entry);
            d.checks.push(book.check_as(
                detail,
                row,
                &["schulform", "jahrgang"],
                CheckResult::Satisfied,
                true,
                || "at the IGS the pupils go on to class 7",
            ));
            de.push_str("An der Integrierten Gesamtschule geht es in die Klassenstufe 7");
            en.push_str("At the Integrierte Gesamtschule the pupil goes on to class 7");
        }
        (Schulform::Gesamtschule, _) => {
            d.outcome = Outcome::Discretionary;
            d.effective_date = Some(entry);
            d.checks.push(book.check_as(detail,
                row,
                &["schulform", "sek1.target_schulform"],
                CheckResult::Discretionary,
                true,
                || "a change of school after the Orientierungsstufe is decided by the receiving school",
            ));
            de.push_str("Über einen Schulwechsel nach der Orientierungsstufe entscheidet die aufnehmende Schule");
            en.push_str("A change of school after the Orientierungsstufe is decided by the receiving school");
        }
        _ => {
            d.outcome = Outcome::NotEligible;
            let os_row = book.require(R_OS, as_of)?;
            d.checks.push(book.check_as(
                detail,
                os_row,
                &["schulform", "sek1.target_schulform"],
                CheckResult::NotSatisfied,
                true,
                || "this Schulform does not exist in Rheinland-Pfalz",
            ));
            de.push_str("Diese Schulform gibt es in Rheinland-Pfalz nicht");
            en.push_str("This Schulform does not exist in Rheinland-Pfalz");
        }
    }
    d.explanation_de = detail.text(|| format!("{de} ({cite})."));
    d.explanation_en = detail.text(|| format!("{en} ({cite})."));
    Ok(Some(d))
}

/// The Berechtigung zum Übergang in die gymnasiale Oberstufe (MSS) decided from a grade sheet,
/// for `oberstufe_entry`.
pub(crate) struct MssFromSheet {
    /// What the rule found (`NotApplicable` before the last Sek-I class).
    pub status: Status,
    /// The rule applied.
    pub rule: &'static str,
    /// The last Sek-I class (9 at a G8 Gymnasium, else 10) and the sheet's class.
    pub last_class: u8,
    pub jahrgang: u8,
    /// The fact that would decide an undetermined result.
    pub missing: Option<&'static str>,
}

pub(crate) fn mss_from_sheet(
    sheet: &GradeSheet,
    facts: &LearnerFacts,
) -> Result<MssFromSheet, RuleError> {
    let p = prepare(sheet, facts.gymnasium_track)?;
    let f = findings(&p, facts.promoted);
    let q = f[3];
    let (last_class, rule) = match p.form {
        Form::Gy { g8 } => (if g8 { 9 } else { 10 }, R_GY),
        Form::Igs => (10, R_Q_IGS),
        Form::Rs { .. } => (10, R_Q_RS),
    };
    Ok(MssFromSheet {
        status: q.status,
        rule: if q.rule.is_empty() { rule } else { q.rule },
        last_class,
        jahrgang: p.jahrgang,
        missing: q.missing,
    })
}
