//! School entry (Einschulung): beginning of the Schulpflicht, vorzeitige Einschulung and
//! Zurückstellung — § 35 SchulG NRW with its cut-off history, §§ 57, 58 SchulG RLP.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::{
    NO_DATE, NO_RULE, OUTCOME_ERROR, de_date, iso, push_de, push_iso, push_num, push_sy,
};
use super::law::{Counting, Value};
use super::{
    Check, CheckResult, Decision, Land, LearnerFacts, Outcome, RuleBook, RuleError,
    SchoolDoctorOpinion, Transition,
};
use crate::calendar::{Date, MAX_YEAR, MIN_YEAR, SchoolYear};

/// Output columns of [`RuleBook::school_entry_batch`], each as long as the input.
#[derive(Debug)]
pub struct LeanColumns<'a> {
    /// Outcome codes ([`super::Outcome::code`], or [`OUTCOME_ERROR`]).
    pub outcome: &'a mut [u8],
    /// 1 August on which the Schulpflicht begins, as a day number, or [`NO_DATE`].
    pub effective_day: &'a mut [i32],
    /// Index of the determining cut-off version ([`RuleBook::rule`]), or [`NO_RULE`].
    pub rule: &'a mut [u16],
}

/// Rule ids of a Land's school-entry pack.
pub(crate) struct EntryIds {
    pub stichtag: &'static str,
    pub vorzeitig: &'static str,
    pub zurueckstellung: &'static str,
}

pub(crate) fn ids(land: Land) -> EntryIds {
    match land {
        Land::NW => EntryIds {
            stichtag: "nrw.einschulung.stichtag",
            vorzeitig: "nrw.einschulung.vorzeitig",
            zurueckstellung: "nrw.einschulung.zurueckstellung",
        },
        Land::RP => EntryIds {
            stichtag: "rlp.einschulung.stichtag",
            vorzeitig: "rlp.einschulung.vorzeitig",
            zurueckstellung: "rlp.einschulung.zurueckstellung",
        },
        // No law file defines these ids: every lookup for a Land without a pack fails rather
        // than borrowing another Land's law. Entry points refuse such Länder first.
        _ => EntryIds {
            stichtag: "uncovered.einschulung.stichtag",
            vorzeitig: "uncovered.einschulung.vorzeitig",
            zurueckstellung: "uncovered.einschulung.zurueckstellung",
        },
    }
}

/// The Land, if it has a school-law pack (NW, RP); otherwise `not_covered`.
pub(crate) fn covered(land: Land, transition: Transition) -> Result<Land, RuleError> {
    match land {
        Land::NW | Land::RP => Ok(land),
        other => Err(RuleError::NotCovered {
            transition: transition.id(),
            land: other.code(),
        }),
    }
}

fn no_law(rule_id: &str) -> RuleError {
    RuleError::NoLawInForce {
        rule_id: rule_id.to_owned(),
    }
}

/// A Land's school-entry cut-off versions and the range of ages they require, resolved when
/// the book is built so that each decision skips the rule lookup.
#[derive(Clone, Debug, Default)]
pub(crate) struct CutoffCache {
    list: Vec<u16>,
    /// `None` if no version carries a cut-off value.
    ages: Option<(i32, i32)>,
}

impl CutoffCache {
    pub(crate) fn new(table: &super::law::RuleTable, land: Land) -> CutoffCache {
        let list = table.versions(ids(land).stichtag).to_vec();
        let ages = list
            .iter()
            .filter_map(
                |&i| match table.row(i).and_then(|r| r.version.value.as_ref()) {
                    Some(Value::Cutoff { age, .. }) => i32::try_from(*age).ok(),
                    _ => None,
                },
            )
            .fold(None, |acc: Option<(i32, i32)>, a| {
                Some(acc.map_or((a, a), |(lo, hi)| (lo.min(a), hi.max(a))))
            });
        CutoffCache { list, ages }
    }
}

/// The range of ages (completed years) over all versions of a Land's cut-off rule.
fn age_range(book: &RuleBook, land: Land) -> Result<(i32, i32), RuleError> {
    book.cutoffs(land)
        .ages
        .ok_or_else(|| no_law(ids(land).stichtag))
}

/// The cut-off of school year `y`: (reference day, required age, rule index).
fn cutoff_for(book: &RuleBook, rule_id: &str, y: i32) -> Result<(Date, u32, u16), RuleError> {
    cutoff_in(book, book.table().versions(rule_id), rule_id, y)
}

/// [`cutoff_for`] with the rule's versions already looked up.
fn cutoff_in(
    book: &RuleBook,
    list: &[u16],
    rule_id: &str,
    y: i32,
) -> Result<(Date, u32, u16), RuleError> {
    let sy = SchoolYear::starting(y).map_err(|_| RuleError::DateOutOfRange)?;
    let idx = book
        .table()
        .in_force_of(list, sy.start())
        .ok_or_else(|| no_law(rule_id))?;
    match book.value(idx) {
        Some(v @ Value::Cutoff { age, .. }) => {
            let r = v.reference_day(y).ok_or(RuleError::DateOutOfRange)?;
            Ok((r, *age, idx))
        }
        _ => Err(no_law(rule_id)),
    }
}

/// The school year in which the regular Schulpflicht begins, and the cut-off version that
/// fixed it: the first school year whose cut-off (in force on its 1 August) the child meets.
pub(crate) fn regular_start(
    book: &RuleBook,
    land: Land,
    birth: Date,
) -> Result<(SchoolYear, u16), RuleError> {
    let rule_id = ids(land).stichtag;
    let (min_age, max_age) = age_range(book, land)?;
    let list = &book.cutoffs(land).list;
    let by = birth.year();
    for y in (by + min_age)..=(by + max_age + 1) {
        let (r, age, idx) = cutoff_in(book, list, rule_id, y)?;
        if birth.age_on(r) >= age {
            let sy = SchoolYear::starting(y).map_err(|_| RuleError::DateOutOfRange)?;
            return Ok((sy, idx));
        }
    }
    Err(no_law(rule_id))
}

/// Appends how the cut-off of a version reads for `year`, in German or English.
fn push_cutoff(s: &mut String, book: &RuleBook, idx: u16, year: i32, german: bool) {
    if let Some(Value::Cutoff {
        age,
        month,
        day,
        counting,
    }) = book.value(idx)
    {
        let start = *counting == Counting::StartOfDay;
        if german {
            s.push_str("das ");
            push_num(s, *age);
            s.push_str(if start {
                ". Lebensjahr bis zum Beginn des "
            } else {
                ". Lebensjahr bis zum Ablauf des "
            });
            push_de(s, year, *month, *day);
            s.push_str(" vollendet");
        } else {
            s.push_str("completes year ");
            push_num(s, *age);
            s.push_str(if start {
                " of life by the start of "
            } else {
                " of life by the end of "
            });
            push_iso(s, year, *month, *day);
        }
    }
}

fn undetermined(
    book: &RuleBook,
    lands: &[Land],
    facts: &LearnerFacts,
    as_of: Date,
    missing: &'static str,
) -> Result<Decision, RuleError> {
    let y = SchoolYear::containing(as_of);
    let mut checks = Vec::new();
    for &land in lands {
        if let Some(idx) = book.table().in_force(ids(land).stichtag, y.start()) {
            checks.push(book.check(
                idx,
                &["birth_date", "land"],
                CheckResult::MissingFacts,
                true,
                format!("{missing} is needed to apply the cut-off"),
            ));
        }
    }
    if checks.is_empty() {
        let first = lands
            .first()
            .map_or("nrw.einschulung.stichtag", |&l| ids(l).stichtag);
        return Err(no_law(first));
    }
    let (de, en) = match missing {
        "land" => (
            "Ob das Kind schulpflichtig ist, hängt vom Land ab (Nordrhein-Westfalen oder Rheinland-Pfalz); bitte den Wohnort angeben.",
            "Whether the child is schulpflichtig depends on the Land (North Rhine-Westphalia or Rhineland-Palatinate); please state where the child lives.",
        ),
        _ => (
            "Ohne das Geburtsdatum lässt sich der Beginn der Schulpflicht nicht bestimmen.",
            "Without the date of birth the start of compulsory schooling cannot be determined.",
        ),
    };
    Ok(Decision {
        transition: Transition::SchoolEntry,
        land: facts.land,
        as_of,
        school_year: Some(y),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks,
        missing_facts: vec![missing.into()],
        details: BTreeMap::new(),
        explanation_de: de.to_owned(),
        explanation_en: en.to_owned(),
    })
}

/// Full school-entry decision for the school year containing `as_of`.
pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    let Some(land) = facts.land else {
        return undetermined(book, &[Land::NW, Land::RP], facts, as_of, "land");
    };
    let land = covered(land, Transition::SchoolEntry)?;
    let Some(birth) = facts.birth_date else {
        return undetermined(book, &[land], facts, as_of, "birth_date");
    };
    let ids = ids(land);
    let y = SchoolYear::containing(as_of);
    let (s, idx_s) = regular_start(book, land, birth)?;
    let nrw = land == Land::NW;

    let mut checks: Vec<Check> = Vec::with_capacity(3);
    let mut missing = Vec::new();
    let mut details = BTreeMap::new();

    // 1. The cut-off that fixes the regular start.
    let cite_s = book.citation(idx_s);
    let meets_y = s <= y;
    let mut note = String::with_capacity(112);
    note.push_str("regular Schulpflicht from ");
    push_iso(&mut note, s.start_year(), 8, 1);
    note.push_str(" (school year ");
    push_sy(&mut note, s);
    note.push_str("): the child ");
    push_cutoff(&mut note, book, idx_s, s.start_year(), false);
    checks.push(book.check(
        idx_s,
        &["birth_date", "land"],
        if meets_y {
            CheckResult::Satisfied
        } else {
            CheckResult::NotSatisfied
        },
        true,
        note,
    ));
    if !meets_y {
        // The cut-off in force for the school year asked about, if it is another version.
        if let Some(idx_y) = book.table().in_force(ids.stichtag, y.start()) {
            if idx_y != idx_s {
                let mut note = String::with_capacity(112);
                note.push_str("for school year ");
                push_sy(&mut note, y);
                note.push_str(" a child ");
                push_cutoff(&mut note, book, idx_y, y.start_year(), false);
                note.push_str("; not met");
                checks.push(book.check(
                    idx_y,
                    &["birth_date", "land"],
                    CheckResult::NotSatisfied,
                    true,
                    note,
                ));
            }
        }
    }

    let deferred_before = facts.deferred_before == Some(true);
    // Effective start after a granted deferral.
    let e = if deferred_before { s.next() } else { s };
    if deferred_before {
        let idx = book.require(ids.zurueckstellung, s.start())?;
        checks.push(book.check(
            idx,
            &["deferred_before"],
            CheckResult::Satisfied,
            true,
            format!(
                "deferred once from school year {s}; school entry in {}",
                s.next()
            ),
        ));
    }

    let (outcome, effective, de, en);
    if e <= y {
        let wants_deferral = facts.deferral_application == Some(true) && e == y;
        if wants_deferral {
            let idx = book.require(ids.zurueckstellung, y.start())?;
            let cite = book.citation(idx);
            if deferred_before {
                checks.push(book.check(
                    idx,
                    &["deferral_application", "deferred_before"],
                    CheckResult::NotSatisfied,
                    true,
                    "a deferral is possible only once".to_owned(),
                ));
                outcome = Outcome::Eligible;
                de = format!(
                    "Das Kind ist ab dem {} schulpflichtig. Eine erneute Zurückstellung ist nicht möglich, da das Kind bereits einmal zurückgestellt wurde ({cite}).",
                    de_date(e.start())
                );
                en = format!(
                    "The child is schulpflichtig from {}. It cannot be deferred again: it has already been deferred once ({cite}).",
                    iso(e.start())
                );
            } else if nrw {
                match facts.school_doctor {
                    Some(SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende) => {
                        checks.push(book.check(idx, &["deferral_application", "school_doctor", "deferred_before"], CheckResult::Discretionary, true,
                            "significant health reasons reported by the school doctor: the Schulleitung decides, parents are heard".to_owned()));
                        outcome = Outcome::Discretionary;
                        de = format!(
                            "Das Kind ist ab dem {} schulpflichtig. Wegen erheblicher gesundheitlicher Gründe kann die Schulleitung es auf Grundlage des schulärztlichen Gutachtens für ein Jahr zurückstellen; die Eltern werden angehört ({cite}).",
                            de_date(e.start())
                        );
                        en = format!(
                            "The child is schulpflichtig from {}. Because of significant health reasons the Schulleitung may defer it for one year on the basis of the school doctor's report; the parents are heard ({cite}).",
                            iso(e.start())
                        );
                        details.insert(
                            Cow::Borrowed("if_deferred_effective_date"),
                            Cow::Owned(iso(y.next().start()).as_str().to_owned()),
                        );
                    }
                    Some(_) => {
                        checks.push(book.check(idx, &["deferral_application", "school_doctor"], CheckResult::NotSatisfied, true,
                            "no significant health reasons in the school doctor's report: no ground for deferral".to_owned()));
                        outcome = Outcome::Eligible;
                        de = format!(
                            "Das Kind ist ab dem {} schulpflichtig. Eine Zurückstellung ist nur aus erheblichen gesundheitlichen Gründen möglich; das schulärztliche Gutachten nennt keine ({cite}).",
                            de_date(e.start())
                        );
                        en = format!(
                            "The child is schulpflichtig from {}. A deferral requires significant health reasons; the school doctor's report names none ({cite}).",
                            iso(e.start())
                        );
                    }
                    None => {
                        checks.push(book.check(idx, &["deferral_application", "school_doctor"], CheckResult::Discretionary, true,
                            "deferral only for significant health reasons, on the school doctor's report; the report is missing".to_owned()));
                        missing.push("school_doctor".into());
                        outcome = Outcome::Discretionary;
                        de = format!(
                            "Das Kind ist ab dem {} schulpflichtig. Über eine Zurückstellung entscheidet die Schulleitung nur aus erheblichen gesundheitlichen Gründen auf Grundlage des schulärztlichen Gutachtens, das noch fehlt ({cite}).",
                            de_date(e.start())
                        );
                        en = format!(
                            "The child is schulpflichtig from {}. The Schulleitung can defer it only for significant health reasons, on the basis of the school doctor's report, which is still missing ({cite}).",
                            iso(e.start())
                        );
                        details.insert(
                            Cow::Borrowed("if_deferred_effective_date"),
                            Cow::Owned(iso(y.next().start()).as_str().to_owned()),
                        );
                    }
                }
            } else {
                checks.push(book.check(idx, &["deferral_application", "deferred_before"], CheckResult::Discretionary, true,
                    "deferral once on the parents' application for an important reason (as a rule health); the Schulleitung decides".to_owned()));
                outcome = Outcome::Discretionary;
                de = format!(
                    "Das Kind ist ab dem {} schulpflichtig. Auf Antrag der Eltern kann es aus wichtigem Grund (in der Regel gesundheitlich) einmal zurückgestellt werden; die Schulleitung entscheidet ({cite}).",
                    de_date(e.start())
                );
                en = format!(
                    "The child is schulpflichtig from {}. On the parents' application it can be deferred once for an important reason (as a rule health); the Schulleitung decides ({cite}).",
                    iso(e.start())
                );
                details.insert(
                    Cow::Borrowed("if_deferred_effective_date"),
                    Cow::Owned(iso(y.next().start()).as_str().to_owned()),
                );
            }
        } else {
            outcome = Outcome::Eligible;
            if deferred_before {
                de = format!(
                    "Das Kind wurde einmal zurückgestellt und ist ab dem {} schulpflichtig ({cite_s}).",
                    de_date(e.start())
                );
                en = format!(
                    "The child was deferred once and is schulpflichtig from {} ({cite_s}).",
                    iso(e.start())
                );
            } else {
                let mut text = String::with_capacity(160);
                text.push_str("Das Kind ist ab dem ");
                push_de(&mut text, e.start_year(), 8, 1);
                text.push_str(" schulpflichtig (");
                text.push_str(cite_s);
                text.push_str("): es hat ");
                push_cutoff(&mut text, book, idx_s, s.start_year(), true);
                text.push('.');
                de = text;
                let mut text = String::with_capacity(160);
                text.push_str("The child is schulpflichtig from ");
                push_iso(&mut text, e.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str("): it ");
                push_cutoff(&mut text, book, idx_s, s.start_year(), false);
                text.push('.');
                en = text;
            }
        }
        effective = e.start();
        if nrw && e == y {
            details.insert(
                Cow::Borrowed("einschulungsart"),
                Cow::Borrowed(if deferred_before { "53" } else { "51" }),
            );
        }
    } else {
        effective = e.start();
        let early_possible = !deferred_before && e == y.next();
        if facts.early_entry_application == Some(true) {
            let idx = book.require(ids.vorzeitig, y.start())?;
            let cite = book.citation(idx);
            if !early_possible {
                checks.push(book.check(idx, &["early_entry_application", "birth_date"], CheckResult::NotApplicable, true,
                    "early entry is considered only for the school year before the regular start".to_owned()));
                outcome = Outcome::NotEligible;
                de = format!(
                    "Das Kind ist erst ab dem {} schulpflichtig ({cite_s}); eine vorzeitige Aufnahme kommt nur für das Schuljahr vor Beginn der Schulpflicht in Betracht ({cite}).",
                    de_date(e.start())
                );
                en = format!(
                    "The child is schulpflichtig only from {} ({cite_s}); early admission is considered only for the school year before the Schulpflicht begins ({cite}).",
                    iso(e.start())
                );
            } else if facts.school_doctor == Some(SchoolDoctorOpinion::NichtSchulfaehig) {
                checks.push(book.check(
                    idx,
                    &["early_entry_application", "school_doctor"],
                    CheckResult::NotSatisfied,
                    true,
                    "the school doctor finds the child not yet schulfähig".to_owned(),
                ));
                outcome = Outcome::NotEligible;
                de = format!(
                    "Eine vorzeitige Aufnahme setzt Schulfähigkeit voraus, die das schulärztliche Gutachten nicht feststellt ({cite}); die Schulpflicht beginnt am {}.",
                    de_date(e.start())
                );
                en = format!(
                    "Early admission requires the child to be schulfähig, which the school doctor's report does not find ({cite}); the Schulpflicht begins on {}.",
                    iso(e.start())
                );
            } else {
                let note = if nrw {
                    "on the parents' application, if schulfähig; the Schulleitung decides taking the school doctor's report into account"
                } else {
                    "on the parents' application, if the child's development lets it follow lessons; the Schulleitung decides with the school doctor"
                };
                checks.push(book.check(
                    idx,
                    &["early_entry_application", "school_doctor", "birth_date"],
                    CheckResult::Discretionary,
                    true,
                    note.to_owned(),
                ));
                if facts.school_doctor.is_none() {
                    missing.push("school_doctor".into());
                }
                outcome = Outcome::Discretionary;
                de = format!(
                    "Das Kind kann auf Antrag der Eltern zum {} vorzeitig aufgenommen werden, wenn es schulfähig ist; die Schulleitung entscheidet unter Berücksichtigung des schulärztlichen Gutachtens ({cite}). Sonst beginnt die Schulpflicht am {}.",
                    de_date(y.start()),
                    de_date(e.start())
                );
                en = format!(
                    "On the parents' application the child can be admitted early on {} if it is schulfähig; the Schulleitung decides taking the school doctor's report into account ({cite}). Otherwise the Schulpflicht begins on {}.",
                    y.start(),
                    iso(e.start())
                );
                details.insert(
                    Cow::Borrowed("if_admitted_effective_date"),
                    Cow::Owned(iso(y.start()).as_str().to_owned()),
                );
                if nrw {
                    details.insert(Cow::Borrowed("einschulungsart"), Cow::Borrowed("52"));
                }
            }
        } else {
            outcome = Outcome::NotEligible;
            if deferred_before && s == y {
                de = format!(
                    "Das Kind ist für dieses Schuljahr zurückgestellt; die Schulpflicht beginnt am {}.",
                    de_date(e.start())
                );
                en = format!(
                    "The child is deferred for this school year; the Schulpflicht begins on {}.",
                    iso(e.start())
                );
            } else {
                let mut text = String::with_capacity(160);
                text.push_str("Das Kind ist im Schuljahr ");
                push_sy(&mut text, y);
                text.push_str(" noch nicht schulpflichtig; die Schulpflicht beginnt am ");
                push_de(&mut text, e.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str(").");
                de = text;
                let mut text = String::with_capacity(160);
                text.push_str("The child is not yet schulpflichtig in school year ");
                push_sy(&mut text, y);
                text.push_str("; the Schulpflicht begins on ");
                push_iso(&mut text, e.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str(").");
                en = text;
            }
        }
    }

    Ok(Decision {
        transition: Transition::SchoolEntry,
        land: Some(land),
        as_of,
        school_year: Some(y),
        outcome,
        effective_date: Some(effective),
        eligible_from: None,
        checks,
        missing_facts: missing,
        details,
        explanation_de: de,
        explanation_en: en,
    })
}

// ---------------------------------------------------------------------------------------------
// Lean batch path
// ---------------------------------------------------------------------------------------------

fn day_bounds() -> (i32, i32) {
    let lo = Date::from_ymd(MIN_YEAR, 1, 1).map_or(i32::MIN, Date::day_number);
    let hi = Date::from_ymd(MAX_YEAR, 12, 31).map_or(i32::MIN, Date::day_number);
    (lo, hi)
}

/// The latest day of birth that has completed `age` years at the start of `r`.
fn threshold(r: Date, age: u32) -> Option<i32> {
    let (ry, rm, rd) = r.ymd();
    let year = ry.checked_sub(i32::try_from(age).ok()?)?;
    let mut c = Date::from_ymd(year, rm, rd.min(28)).ok()?.day_number();
    let meets = |day: i32| Date::from_day_number(day).is_ok_and(|b| b.age_on(r) >= age);
    // Converge from the candidate; at most a few steps (29 February, 28/29 adjustments).
    for _ in 0..8 {
        if meets(c) {
            if meets(c + 1) {
                c += 1;
            } else {
                return Some(c);
            }
        } else {
            c -= 1;
        }
    }
    None
}

/// Per school year: threshold birth day, rule index; `None` where the law is not encoded.
struct Thresholds {
    first_year: i32,
    rows: Vec<Option<(i32, u16)>>,
}

impl Thresholds {
    fn build(book: &RuleBook, rule_id: &str, first_year: i32, last_year: i32) -> Thresholds {
        let rows = (first_year..=last_year)
            .map(|y| {
                let (r, age, idx) = cutoff_for(book, rule_id, y).ok()?;
                Some((threshold(r, age)?, idx))
            })
            .collect();
        Thresholds { first_year, rows }
    }

    fn get(&self, y: i32) -> Option<(i32, u16)> {
        let k = usize::try_from(y.checked_sub(self.first_year)?).ok()?;
        self.rows.get(k).copied().flatten()
    }
}

/// Per birth day in `[lo, hi]`: (effective day, rule index), or `(NO_DATE, NO_RULE)` where the
/// full path has no answer.
fn start_table(
    book: &RuleBook,
    land: Land,
    lo: i32,
    hi: i32,
) -> Result<Vec<(i32, u16)>, RuleError> {
    let rule_id = ids(land).stichtag;
    let (min_age, max_age) = age_range(book, land)?;
    let (Ok(first), Ok(last)) = (Date::from_day_number(lo), Date::from_day_number(hi)) else {
        return Err(RuleError::DateOutOfRange);
    };
    let t = Thresholds::build(
        book,
        rule_id,
        first.year() + min_age,
        last.year() + max_age + 1,
    );
    let len = usize::try_from(i64::from(hi) - i64::from(lo) + 1)
        .map_err(|_| RuleError::DateOutOfRange)?;
    let mut table = Vec::with_capacity(len);
    let mut day = lo;
    let mut date = first;
    while day <= hi {
        let by = date.year();
        let mut entry = (NO_DATE, NO_RULE);
        for y in (by + min_age)..=(by + max_age + 1) {
            match t.get(y) {
                None => break,
                Some((th, idx)) if day <= th => {
                    entry = SchoolYear::starting(y)
                        .map_or((NO_DATE, NO_RULE), |sy| (sy.start().day_number(), idx));
                    break;
                }
                Some(_) => {}
            }
        }
        table.push(entry);
        day += 1;
        date = date.succ();
    }
    Ok(table)
}

fn check_len(column: &'static str, expected: usize, found: usize) -> Result<(), RuleError> {
    if expected == found {
        Ok(())
    } else {
        Err(RuleError::LengthMismatch {
            column,
            expected,
            found,
        })
    }
}

fn valid_span(birth_days: &[i32]) -> Option<(i32, i32)> {
    let (dlo, dhi) = day_bounds();
    let (lo, hi) = birth_days
        .iter()
        .filter(|&&b| b >= dlo && b <= dhi)
        .fold((i32::MAX, i32::MIN), |(lo, hi), &b| (lo.min(b), hi.max(b)));
    (lo <= hi).then_some((lo, hi))
}

pub(crate) fn batch(
    book: &RuleBook,
    land: Land,
    school_year: SchoolYear,
    birth_days: &[i32],
    out: LeanColumns<'_>,
) -> Result<(), RuleError> {
    let land = covered(land, Transition::SchoolEntry)?;
    let n = birth_days.len();
    check_len("outcome", n, out.outcome.len())?;
    check_len("effective_day", n, out.effective_day.len())?;
    check_len("rule", n, out.rule.len())?;
    let table = match valid_span(birth_days) {
        Some((lo, hi)) => Some((lo, start_table(book, land, lo, hi)?)),
        None => None,
    };
    let y_start = school_year.start().day_number();
    let rows = birth_days
        .iter()
        .zip(out.outcome.iter_mut())
        .zip(out.effective_day.iter_mut())
        .zip(out.rule.iter_mut());
    for (((&b, o), e), r) in rows {
        let hit = table.as_ref().and_then(|(lo, t)| {
            let k = usize::try_from(i64::from(b) - i64::from(*lo)).ok()?;
            t.get(k).copied()
        });
        match hit {
            Some((eff, idx)) if eff != NO_DATE => {
                *o = u8::from(eff <= y_start);
                *e = eff;
                *r = idx;
            }
            _ => {
                *o = if b == NO_DATE {
                    Outcome::Undetermined.code()
                } else {
                    OUTCOME_ERROR
                };
                *e = NO_DATE;
                *r = NO_RULE;
            }
        }
    }
    Ok(())
}

pub(crate) fn in_year_batch(
    book: &RuleBook,
    land: Land,
    school_year: SchoolYear,
    birth_days: &[i32],
    out: &mut [u8],
) -> Result<u16, RuleError> {
    let land = covered(land, Transition::SchoolEntry)?;
    check_len("outcome", birth_days.len(), out.len())?;
    let rule_id = ids(land).stichtag;
    let y = school_year.start_year();
    let (_, _, idx) = cutoff_for(book, rule_id, y)?;
    let t = Thresholds::build(book, rule_id, y - 20, y);
    let limit = (y - 20..=y)
        .filter_map(|k| t.get(k).map(|(th, _)| th))
        .max()
        .ok_or_else(|| no_law(rule_id))?;
    let (dlo, dhi) = day_bounds();
    for (&b, o) in birth_days.iter().zip(out.iter_mut()) {
        *o = if b == NO_DATE {
            Outcome::Undetermined.code()
        } else if b < dlo || b > dhi {
            OUTCOME_ERROR
        } else {
            u8::from(b <= limit)
        };
    }
    Ok(idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn nrw_cutoff_history() {
        let book = RuleBook::embedded().unwrap();
        let nw = Land::NW;
        // 30.06 (end of day): born 01.07 included, 02.07 not.
        assert_eq!(
            regular_start(&book, nw, d(2000, 7, 1))
                .unwrap()
                .0
                .start_year(),
            2006
        );
        assert_eq!(
            regular_start(&book, nw, d(2000, 7, 2))
                .unwrap()
                .0
                .start_year(),
            2007
        );
        // 2010/11: 31.08, born 01.09.2004 included (MSW 2009).
        assert_eq!(
            regular_start(&book, nw, d(2004, 9, 1))
                .unwrap()
                .0
                .start_year(),
            2010
        );
        assert_eq!(
            regular_start(&book, nw, d(2004, 9, 2))
                .unwrap()
                .0
                .start_year(),
            2011
        );
        // Since 2011/12: by the start of 30.09.
        assert_eq!(
            regular_start(&book, nw, d(2019, 9, 30))
                .unwrap()
                .0
                .start_year(),
            2025
        );
        assert_eq!(
            regular_start(&book, nw, d(2019, 10, 1))
                .unwrap()
                .0
                .start_year(),
            2026
        );
    }

    #[test]
    fn thresholds_match_full_path() {
        let book = RuleBook::embedded().unwrap();
        for land in [Land::NW, Land::RP] {
            let lo = d(1999, 1, 1).day_number();
            let hi = d(2024, 12, 31).day_number();
            let table = start_table(&book, land, lo, hi).unwrap();
            for (k, &(eff, idx)) in table.iter().enumerate() {
                let b = Date::from_day_number(lo + k as i32).unwrap();
                match regular_start(&book, land, b) {
                    Ok((sy, i)) => assert_eq!((eff, idx), (sy.start().day_number(), i), "{b}"),
                    Err(_) => assert_eq!(eff, NO_DATE, "{b}"),
                }
            }
        }
    }

    #[test]
    fn leap_day_threshold() {
        // Cut-off 28.02 counted to the end of the day: reference 29.02 in leap years.
        let r = d(2024, 2, 29);
        let th = Date::from_day_number(threshold(r, 6).unwrap()).unwrap();
        assert_eq!(th, d(2018, 2, 28));
    }
}

// PLACEHOLDER (to be replaced before commit): the deferral and early-entry questions.
pub(crate) fn evaluate_deferral(
    _book: &RuleBook,
    _facts: &LearnerFacts,
    _as_of: Date,
) -> Result<Decision, RuleError> {
    Err(RuleError::UnknownTransition)
}

// PLACEHOLDER (to be replaced before commit).
pub(crate) fn evaluate_early(
    _book: &RuleBook,
    _facts: &LearnerFacts,
    _as_of: Date,
) -> Result<Decision, RuleError> {
    Err(RuleError::UnknownTransition)
}
