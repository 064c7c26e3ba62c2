//! Rheinland-Pfalz, berufsbildende Schule (§ 11 SchulG RLP): the Bildungsgänge a counsellor in
//! Koblenz is asked about, each with its entry requirement and what it leads to, under the
//! transition [`Transition::BbsRlp`] (`bbs_rlp`). The Bildungsgang is named by
//! `LearnerFacts::bildungsgang` with a code of this module's list ([`BbsBildungsgang::all`]);
//! without one, every Bildungsgang offered on the day is checked.
//!
//! | code | Bildungsgang | entry | leads to |
//! |---|---|---|---|
//! | `BVJ` | Berufsvorbereitungsjahr (1 year) | nine school years, no Berufsreife, no training contract | Berufsreife (`HA9`) |
//! | `BF1` | Berufsfachschule I (1 year) | Berufsreife | berufliche Grundbildung; BF II with a qualified result |
//! | `BF2` | Berufsfachschule II (1 year) | BF I with a qualified result (`completed_bildungsgaenge` contains `BF1`) | qualifizierter Sekundarabschluss I (`MSA`) |
//! | `BF` | BF I and BF II in sequence (2 years; the path the route search takes) | Berufsreife | `MSA` |
//! | `HBF` | höhere Berufsfachschule (2 years) | `MSA` | Assistentin/Assistent; with the FHR-Prüfung and a Praktikum the FHR |
//! | `FOS` | Fachoberschule (classes 11–12, at a Realschule plus) | `MSA` with average ≤ 3.0 (D, first foreign language, M at least 4), or the Berechtigung; no completed training | `FHR` |
//! | `BOS1` | Berufsoberschule I (1 year) | `MSA` and a ≥ 2-year training or 5 years of work | `FHR` |
//! | `BOS2` | Berufsoberschule II (1 year) | `FHR` and a ≥ 2-year training, or the FHR of a two-year FOS | `FGHR`; with a second foreign language `ABITUR` |
//! | `DBOS` | duale Berufsoberschule (2 years part-time) | `MSA` and a ≥ 2-year training | `FHR` |
//! | `BGY` | berufliches Gymnasium (3 years) | `MSA` with average ≤ 3.0 (D, first foreign language, M at least 4), or the Berechtigung | `ABITUR` |
//! | `BS` | Berufsschule (dual training, part-time) | a training contract | Berufsreife; `MSA` with a qualified result, the training and five years of a foreign language; `FHR` with the FHR-Unterricht |
//!
//! Qualifications use the library's codes where the KMK equates them: Berufsreife = `HA9`,
//! qualifizierter Sekundarabschluss I = `MSA`, its Berechtigung zum Übergang in die gymnasiale
//! Oberstufe = `MSA_Q`. Each row's rule (dated, with citations, in `params/sek2_rlp.json`) tells
//! from when it is offered.

use serde::Serialize;
use smallvec::SmallVec;

use super::codes::{Abschluss, has, has_q, held_mask};
use super::{Assessment, Explain, Gains, join};
use crate::calendar::Date;
use crate::rules::sek1::{Course, GradeSheet};
use crate::rules::{CheckResult, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition};

const T: Transition = Transition::BbsRlp;

/// What a Bildungsgang of the berufsbildende Schule requires for admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BbsEntry {
    /// Berufsvorbereitungsjahr: the Vollzeitschulpflicht (nine school years) completed, no
    /// Berufsreife, no training contract.
    Bvj,
    /// The Berufsreife (`HA9` or any qualification that includes it).
    Berufsreife,
    /// The Berufsfachschule I completed with a qualified result.
    Bf1Qualified,
    /// The qualifizierter Sekundarabschluss I (`MSA`).
    SekundarabschlussI,
    /// Fachoberschule: the qualifizierter Sekundarabschluss I with an average of 3.0 or better
    /// (Deutsch, first foreign language, Mathematik at least "ausreichend"), or the Versetzung
    /// into the Oberstufe / the Berechtigung; no completed vocational training.
    Fachoberschule,
    /// Berufliches Gymnasium: as the Fachoberschule, without the training condition.
    BeruflichesGymnasium,
    /// Berufsoberschule I: the qualifizierter Sekundarabschluss I and a training of at least two
    /// years or five years of work.
    Berufsoberschule1,
    /// Berufsoberschule II: the Fachhochschulreife and a training of at least two years, or the
    /// Fachhochschulreife of a two-year Fachoberschule.
    Berufsoberschule2,
    /// Duale Berufsoberschule: the qualifizierter Sekundarabschluss I and a training of at least
    /// two years.
    DualeBerufsoberschule,
    /// A training contract (Berufsschule).
    Contract,
}

/// A Bildungsgang of the berufsbildende Schule in Rheinland-Pfalz.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct BbsBildungsgang {
    /// The code of this module's list, e.g. `BF2`.
    pub code: &'static str,
    /// The German name.
    pub name_de: &'static str,
    /// The rule that governs it (its versions date the offer).
    pub rule_id: &'static str,
    /// Entry requirement.
    pub entry: BbsEntry,
    /// Qualifications awarded on regular completion.
    pub awards: &'static [Abschluss],
    /// Qualifications that can be awarded with further conditions (an additional examination,
    /// a Praktikum, a second foreign language, a qualified result).
    pub also_possible: &'static [Abschluss],
    /// Regular length in years of the vocational qualification awarded (0 = none).
    pub vocational_years: u32,
    /// Regular duration in months.
    pub months: u32,
    /// Full-time (Vollzeit) or part-time (Teilzeit).
    pub full_time: bool,
    /// Whether pathway routes consider it (full-time, needs no contract).
    pub in_routes: bool,
}

impl BbsBildungsgang {
    /// The row for a code (case-insensitive).
    ///
    /// ```
    /// use bildungsnetz::rules::{Abschluss, BbsBildungsgang};
    /// let fos = BbsBildungsgang::find("fos").expect("in the list");
    /// assert_eq!(fos.awards, &[Abschluss::FHR]);
    /// assert_eq!(BbsBildungsgang::all().len(), 11);
    /// ```
    pub fn find(code: &str) -> Option<&'static BbsBildungsgang> {
        TABLE
            .iter()
            .find(|b| b.code.eq_ignore_ascii_case(code.trim()))
    }

    /// Every row.
    pub fn all() -> &'static [BbsBildungsgang] {
        TABLE
    }
}

use Abschluss as Q;

const BVJ: &str = "rlp.bbs.berufsvorbereitungsjahr";
const BF1: &str = "rlp.bbs.berufsfachschule_1";
const BF2: &str = "rlp.bbs.berufsfachschule_2";
const HBF: &str = "rlp.bbs.hoehere_berufsfachschule";
const FOS: &str = "rlp.bbs.fachoberschule";
const BOS1: &str = "rlp.bbs.berufsoberschule_1";
const BOS2: &str = "rlp.bbs.berufsoberschule_2";
const DBOS: &str = "rlp.bbs.duale_berufsoberschule";
const BGY: &str = "rlp.bbs.berufliches_gymnasium";
const BS: &str = "rlp.bbs.berufsschule";

#[allow(clippy::too_many_arguments)]
const fn row(
    code: &'static str,
    name_de: &'static str,
    rule_id: &'static str,
    entry: BbsEntry,
    awards: &'static [Abschluss],
    also_possible: &'static [Abschluss],
    vocational_years: u32,
    months: u32,
    full_time: bool,
    in_routes: bool,
) -> BbsBildungsgang {
    BbsBildungsgang {
        code,
        name_de,
        rule_id,
        entry,
        awards,
        also_possible,
        vocational_years,
        months,
        full_time,
        in_routes,
    }
}

#[rustfmt::skip]
static TABLE: &[BbsBildungsgang] = &[
    row("BVJ", "Berufsvorbereitungsjahr", BVJ, BbsEntry::Bvj, &[Q::HA9], &[], 0, 12, true, true),
    row("BF1", "Berufsfachschule I", BF1, BbsEntry::Berufsreife, &[], &[], 0, 12, true, false),
    row("BF2", "Berufsfachschule II", BF2, BbsEntry::Bf1Qualified, &[Q::MSA], &[], 0, 12, true, false),
    row("BF", "Berufsfachschule I und II", BF2, BbsEntry::Berufsreife, &[Q::MSA], &[], 0, 24, true, true),
    row("HBF", "Höhere Berufsfachschule", HBF, BbsEntry::SekundarabschlussI, &[], &[Q::FHR], 2, 24, true, true),
    row("FOS", "Fachoberschule", FOS, BbsEntry::Fachoberschule, &[Q::FHR], &[], 0, 24, true, true),
    row("BOS1", "Berufsoberschule I", BOS1, BbsEntry::Berufsoberschule1, &[Q::FHR], &[], 0, 12, true, true),
    row("BOS2", "Berufsoberschule II", BOS2, BbsEntry::Berufsoberschule2, &[Q::FGHR], &[Q::ABITUR], 0, 12, true, true),
    row("DBOS", "Duale Berufsoberschule", DBOS, BbsEntry::DualeBerufsoberschule, &[Q::FHR], &[], 0, 24, false, false),
    row("BGY", "Berufliches Gymnasium", BGY, BbsEntry::BeruflichesGymnasium, &[Q::ABITUR], &[], 0, 36, true, true),
    row("BS", "Berufsschule (duale Ausbildung)", BS, BbsEntry::Contract, &[Q::HA9], &[Q::MSA, Q::FHR], 0, 36, false, false),
];

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Met {
    No,
    Missing,
    Yes,
}

/// The facts an entry requirement found missing (at most three).
#[derive(Clone, Copy, Default)]
struct Lacking([Option<&'static str>; 3]);

impl Lacking {
    fn push(&mut self, fact: &'static str) {
        if self.0.iter().flatten().any(|f| *f == fact) {
            return;
        }
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = Some(fact);
        }
    }

    fn iter(self) -> impl Iterator<Item = &'static str> {
        self.0.into_iter().flatten()
    }
}

fn facts_of(entry: BbsEntry) -> &'static [&'static str] {
    match entry {
        BbsEntry::Bvj => &[
            "qualifications",
            "training_contract",
            "vollzeitschulpflicht_completed",
        ],
        BbsEntry::Berufsreife | BbsEntry::SekundarabschlussI => &["qualifications"],
        BbsEntry::Bf1Qualified => &["qualifications", "completed_bildungsgaenge"],
        BbsEntry::Fachoberschule => &[
            "qualifications",
            "sek1.grade_sheet",
            "vocational_training_completed",
        ],
        BbsEntry::BeruflichesGymnasium => &["qualifications", "sek1.grade_sheet"],
        BbsEntry::Berufsoberschule1 => &[
            "qualifications",
            "vocational_training_completed",
            "work_experience_years",
        ],
        BbsEntry::Berufsoberschule2 => &[
            "qualifications",
            "vocational_training_completed",
            "completed_bildungsgaenge",
        ],
        BbsEntry::DualeBerufsoberschule => &["qualifications", "vocational_training_completed"],
        BbsEntry::Contract => &["training_contract"],
    }
}

/// The grade condition of the FOS and the BGY on a class-10 sheet: the average of all subjects
/// 3.0 or better, Deutsch, the first foreign language and Mathematik at least "ausreichend".
fn average_condition(sheet: &GradeSheet) -> bool {
    if sheet.jahrgang != 10 || sheet.subjects.is_empty() {
        return false;
    }
    let sum: u32 = sheet.subjects.iter().map(|s| u32::from(s.grade)).sum();
    let n = u32::try_from(sheet.subjects.len()).unwrap_or(u32::MAX);
    let core = |k: &str| {
        k.eq_ignore_ascii_case("D") || k.eq_ignore_ascii_case("M") || k.eq_ignore_ascii_case("E")
    };
    // Grundkurs grades count one step worse at a school with courses (as for the Sek I).
    let level = |s: &crate::rules::sek1::SubjectGrade| {
        if s.course == Some(Course::G) {
            s.grade.saturating_add(1).min(6)
        } else {
            s.grade
        }
    };
    sum <= 3 * n
        && sheet
            .subjects
            .iter()
            .filter(|s| core(s.kuerzel.trim()))
            .all(|s| level(s) <= 4)
}

/// A completed training of at least two years.
fn training(facts: &LearnerFacts, m: &mut Lacking) -> Met {
    match facts.vocational_training_completed {
        Some(true) => match facts.vocational_training_years {
            Some(y) if y >= 2 => Met::Yes,
            Some(_) => Met::No,
            None => {
                m.push("vocational_training_years");
                Met::Missing
            }
        },
        Some(false) => Met::No,
        None => {
            m.push("vocational_training_completed");
            Met::Missing
        }
    }
}

fn completed(facts: &LearnerFacts, code: &str) -> bool {
    facts
        .completed_bildungsgaenge
        .iter()
        .any(|c| c.trim().eq_ignore_ascii_case(code))
}

fn meets(
    book: &RuleBook,
    entry: BbsEntry,
    facts: &LearnerFacts,
    mask: u32,
    date: Date,
) -> (Met, Lacking) {
    let mut lacking = Lacking::default();
    let m = &mut lacking;
    let qual = |ok: bool, m: &mut Lacking| -> Met {
        if ok {
            Met::Yes
        } else if facts.qualifications.is_empty() {
            m.push("qualifications");
            Met::Missing
        } else {
            Met::No
        }
    };
    let grades = |m: &mut Lacking| -> Met {
        if has_q(mask) {
            return Met::Yes;
        }
        match facts.sek1.as_deref().and_then(|s| s.grade_sheet.as_ref()) {
            Some(sheet) if sheet.jahrgang == 10 => {
                if average_condition(sheet) {
                    Met::Yes
                } else {
                    Met::No
                }
            }
            _ => {
                m.push("sek1.grade_sheet");
                Met::Missing
            }
        }
    };
    let met = match entry {
        BbsEntry::Bvj => {
            let no_br = if has(mask, Q::HA9) {
                Met::No
            } else if facts.qualifications.is_empty() {
                m.push("qualifications");
                Met::Missing
            } else {
                Met::Yes
            };
            let contract = if facts.training_contract == Some(true) {
                Met::No
            } else {
                Met::Yes
            };
            let done = match facts.vollzeitschulpflicht_completed {
                Some(true) => Met::Yes,
                Some(false) => Met::No,
                None => match (
                    facts.school_years_attended,
                    super::vollzeit_years(book, Land::RP, facts, date),
                ) {
                    (Some(n), Ok((_, years))) if n >= years => Met::Yes,
                    (Some(_), Ok(_)) => Met::No,
                    _ => {
                        m.push("vollzeitschulpflicht_completed");
                        Met::Missing
                    }
                },
            };
            no_br.min(contract).min(done)
        }
        BbsEntry::Berufsreife => qual(has(mask, Q::HA9), m),
        BbsEntry::SekundarabschlussI => qual(has(mask, Q::MSA), m),
        BbsEntry::Bf1Qualified => {
            let q = qual(has(mask, Q::HA9), m);
            let bf1 = if completed(facts, "BF1") {
                Met::Yes
            } else if facts.completed_bildungsgaenge.is_empty() {
                m.push("completed_bildungsgaenge");
                Met::Missing
            } else {
                Met::No
            };
            q.min(bf1)
        }
        BbsEntry::Fachoberschule => {
            let q = qual(has(mask, Q::MSA), m);
            let no_training = if facts.vocational_training_completed == Some(true) {
                Met::No
            } else {
                Met::Yes
            };
            let g = if q == Met::Yes { grades(m) } else { Met::Yes };
            q.min(no_training).min(g)
        }
        BbsEntry::BeruflichesGymnasium => {
            let q = qual(has(mask, Q::MSA), m);
            let g = if q == Met::Yes { grades(m) } else { Met::Yes };
            q.min(g)
        }
        BbsEntry::Berufsoberschule1 => {
            let q = qual(has(mask, Q::MSA), m);
            let practice = if facts.work_experience_years.is_some_and(|w| w >= 5) {
                Met::Yes
            } else {
                match (training(facts, m), facts.work_experience_years) {
                    (Met::Yes, _) => Met::Yes,
                    (_, None) => {
                        m.push("work_experience_years");
                        Met::Missing
                    }
                    (other, Some(_)) => other,
                }
            };
            q.min(practice)
        }
        BbsEntry::Berufsoberschule2 => {
            let q = qual(has(mask, Q::FHR), m);
            let practice = if completed(facts, "FOS") {
                Met::Yes
            } else {
                training(facts, m)
            };
            q.min(practice)
        }
        BbsEntry::DualeBerufsoberschule => {
            let q = qual(has(mask, Q::MSA), m);
            q.min(training(facts, m))
        }
        BbsEntry::Contract => match facts.training_contract {
            Some(true) => Met::Yes,
            Some(false) => Met::No,
            None => {
                m.push("training_contract");
                Met::Missing
            }
        },
    };
    (met, lacking)
}

fn codes(list: &[Abschluss]) -> String {
    join(list.iter().map(|a| a.code()))
}

fn gains_of(bg: &BbsBildungsgang) -> Gains {
    Gains {
        mask: bg.awards.iter().fold(0, |m, q| m | q.implied_mask()),
        vocational_years: bg.vocational_years,
        aufstieg: false,
        work_years: 0,
        months: bg.months,
        school_years: if bg.full_time { bg.months / 12 } else { 0 },
    }
}

/// The Land: Rheinland-Pfalz only; without a Land the decision waits for it.
fn rp_or<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Option<Assessment<E>>, RuleError> {
    match facts.land {
        Some(Land::RP) => Ok(None),
        Some(other) => Err(RuleError::NotCovered {
            transition: T.id(),
            land: other.code(),
        }),
        None => {
            let idx = book.require(BS, as_of)?;
            let mut a = Assessment::new(T, None, as_of);
            a.check(
                idx,
                &["land"],
                CheckResult::MissingFacts,
                true,
                "the berufsbildende Schule of Rheinland-Pfalz: the Land is needed",
            );
            a.missing("land");
            Ok(Some(a.finish(
                Outcome::Undetermined,
                "Die Bildungsgänge der berufsbildenden Schule sind Landesrecht; bitte das Land angeben",
                "The Bildungsgänge of the berufsbildende Schule are Land law; please state the Land",
            )))
        }
    }
}

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    if let Some(a) = rp_or(book, facts, as_of)? {
        return Ok(a);
    }
    let mut a = Assessment::new(T, Some(Land::RP), as_of);
    if let Some(code) = facts.bildungsgang.as_deref() {
        let Some(bg) = BbsBildungsgang::find(code) else {
            let idx = book.require(BS, as_of)?;
            a.check(
                idx,
                &["bildungsgang"],
                CheckResult::MissingFacts,
                true,
                "not a code of the Rheinland-Pfalz list (BVJ, BF1, BF2, BF, HBF, FOS, BOS1, BOS2, DBOS, BGY, BS)",
            );
            a.missing("bildungsgang");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Der angegebene Bildungsgang ist keiner der berufsbildenden Schule in Rheinland-Pfalz; bitte einen Schlüssel wie BF2, HBF, FOS, BOS1 angeben",
                "The Bildungsgang given is none of the berufsbildende Schule in Rheinland-Pfalz; please use a code such as BF2, HBF, FOS, BOS1",
            ));
        };
        let idx = book.require(bg.rule_id, as_of)?;
        return Ok(decide_row(book, a, facts, bg, idx));
    }
    // The Berufsschule is the oldest Bildungsgang encoded: before it no law of this pack is.
    book.require(BS, as_of)?;
    let mask = held_mask(&facts.qualifications);
    let mut best = Met::No;
    // What the explanation names: the programmes open and what they lead to.
    let mut open: SmallVec<[&'static str; 8]> = SmallVec::new();
    let mut leads: u32 = 0;
    // Per rule: its version in force and the best result among its rows (a rule's rows are
    // neighbours, so the last one is found first).
    let mut per_rule: SmallVec<[RuleBest; 8]> = SmallVec::new();
    let mut missing: SmallVec<[&'static str; 8]> = SmallVec::new();
    for bg in TABLE {
        let known = per_rule.iter().rposition(|(r, ..)| *r == bg.rule_id);
        let idx = match known.and_then(|k| per_rule.get(k)) {
            Some(&(_, idx, ..)) => idx,
            None => match book.table().in_force(bg.rule_id, as_of) {
                Some(idx) => idx,
                None => continue,
            },
        };
        let (met, lacking) = meets(book, bg.entry, facts, mask, as_of);
        for fact in lacking.iter() {
            if !missing.contains(&fact) {
                missing.push(fact);
            }
        }
        if E::ON && met == Met::Yes {
            open.push(bg.code);
            leads |= bg.awards.iter().fold(0, |m, q| m | (1 << (*q as u32)));
        }
        best = best.max(met);
        match known.and_then(|k| per_rule.get_mut(k)) {
            Some(e) => e.2 = e.2.max(met),
            None => per_rule.push((bg.rule_id, idx, met, facts_of(bg.entry))),
        }
    }
    for (_, idx, met, fu) in per_rule {
        let (result, note) = match met {
            Met::Yes => (CheckResult::Satisfied, "entry requirement met"),
            Met::Missing => (CheckResult::MissingFacts, "facts missing"),
            Met::No => (CheckResult::NotSatisfied, "entry requirement not met"),
        };
        a.check(idx, fu, result, met == best, note);
    }
    match best {
        Met::Yes => {
            a.detail_with("bildungsgaenge", || join(open.iter().copied()));
            let leads_to: Vec<&str> = Abschluss::ALL
                .iter()
                .filter(|q| leads & (1 << (**q as u32)) != 0)
                .map(|q| q.code())
                .collect();
            if !leads_to.is_empty() {
                a.detail_with("leads_to", || join(leads_to));
            }
            a.effective = Some(super::next_entry(as_of));
            Ok(a.finish(
                Outcome::Eligible,
                "Die Aufnahmevoraussetzungen mindestens eines Bildungsgangs der berufsbildenden Schule sind erfüllt",
                "The entry requirements of at least one Bildungsgang of the berufsbildende Schule are met",
            ))
        }
        Met::Missing => {
            missing.sort_unstable();
            for m in missing {
                a.missing(m);
            }
            Ok(a.finish(
                Outcome::Undetermined,
                "Für die Aufnahmevoraussetzungen der Bildungsgänge der berufsbildenden Schule fehlen Angaben",
                "Facts are missing to check the entry requirements of the berufsbildende Schule's Bildungsgänge",
            ))
        }
        Met::No => Ok(a.finish(
            Outcome::NotEligible,
            "Die Aufnahmevoraussetzungen der Bildungsgänge der berufsbildenden Schule sind nicht erfüllt",
            "The entry requirements of the berufsbildende Schule's Bildungsgänge are not met",
        )),
    }
}

/// A rule of the catalogue in a decision: its id, its version in force, the best result among
/// its rows and the facts they read.
type RuleBest = (&'static str, u16, Met, &'static [&'static str]);

/// The lean decision for one row on `date`, for the pathway search: [`assess`] with
/// `facts.bildungsgang` naming the row (the same decision, the same errors). `versions` are the
/// row's rule versions, looked up once per search.
pub(crate) fn check_row(
    book: &RuleBook,
    facts: &LearnerFacts,
    date: Date,
    bg: &'static BbsBildungsgang,
    versions: &[u16],
) -> Result<Assessment<()>, RuleError> {
    if let Some(a) = rp_or(book, facts, date)? {
        return Ok(a);
    }
    let idx = book
        .table()
        .in_force_of(versions, date)
        .ok_or_else(|| RuleError::NoLawInForce {
            rule_id: bg.rule_id.to_owned(),
        })?;
    Ok(decide_row(
        book,
        Assessment::new(T, Some(Land::RP), date),
        facts,
        bg,
        idx,
    ))
}

fn decide_row<E: Explain>(
    book: &RuleBook,
    mut a: Assessment<E>,
    facts: &LearnerFacts,
    bg: &'static BbsBildungsgang,
    idx: u16,
) -> Assessment<E> {
    a.detail("bildungsgang", bg.code);
    a.detail("bildungsgang_name", bg.name_de);
    if !bg.awards.is_empty() {
        a.detail_with("leads_to", || codes(bg.awards));
    }
    if !bg.also_possible.is_empty() {
        a.detail_with("also_possible", || codes(bg.also_possible));
    }
    a.detail_with("duration_months", || bg.months.to_string());
    if bg.vocational_years > 0 {
        a.detail(
            "berufsabschluss",
            "staatlich geprüfte Assistentin / staatlich geprüfter Assistent",
        );
    }
    let date = a.as_of;
    let (met, lacking) = meets(
        book,
        bg.entry,
        facts,
        held_mask(&facts.qualifications),
        date,
    );
    let fu = facts_of(bg.entry);
    match met {
        Met::Yes => {
            a.check(
                idx,
                fu,
                CheckResult::Satisfied,
                true,
                "entry requirement met",
            );
            if bg.entry == BbsEntry::Fachoberschule {
                a.detail("praktikumsvertrag", "erforderlich");
            }
            a.effective = Some(super::next_entry(date));
            a.gains = gains_of(bg);
            a.finish(
                Outcome::Eligible,
                "Die Aufnahmevoraussetzung des Bildungsgangs der berufsbildenden Schule ist erfüllt",
                "The entry requirement of the Bildungsgang of the berufsbildende Schule is met",
            )
        }
        Met::Missing => {
            a.check(idx, fu, CheckResult::MissingFacts, true, "facts missing");
            for m in lacking.iter() {
                a.missing(m);
            }
            a.finish(
                Outcome::Undetermined,
                "Für die Aufnahmevoraussetzung des Bildungsgangs der berufsbildenden Schule fehlen Angaben",
                "Facts are missing to check the entry requirement of the Bildungsgang",
            )
        }
        Met::No => {
            a.check(
                idx,
                fu,
                CheckResult::NotSatisfied,
                true,
                "entry requirement not met",
            );
            a.finish(
                Outcome::NotEligible,
                "Die Aufnahmevoraussetzung des Bildungsgangs der berufsbildenden Schule ist nicht erfüllt",
                "The entry requirement of the Bildungsgang of the berufsbildende Schule is not met",
            )
        }
    }
}
