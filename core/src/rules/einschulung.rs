//! School entry (Einschulung): beginning of the Schulpflicht, vorzeitige Einschulung and
//! Zurückstellung — § 35 SchulG NRW with its cut-off history, §§ 57, 58 SchulG RLP.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::Detail;
use super::decision::{
    NO_DATE, NO_RULE, OUTCOME_ERROR, de_date, iso, push_de, push_iso, push_num, push_sy,
};
use super::law::{Counting, Value};
use super::{
    Check, CheckResult, Decision, DeferralGround, Land, LeanDecision, LearnerFacts, Outcome,
    RuleBook, RuleError, SchoolDoctorOpinion, Transition,
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
    /// The Erlass on specialist reports in deferral decisions (NRW only).
    pub fachgutachten: Option<&'static str>,
}

pub(crate) fn ids(land: Land) -> EntryIds {
    match land {
        Land::NW => EntryIds {
            stichtag: "nrw.einschulung.stichtag",
            vorzeitig: "nrw.einschulung.vorzeitig",
            zurueckstellung: "nrw.einschulung.zurueckstellung",
            fachgutachten: Some("nrw.einschulung.zurueckstellung.fachgutachten"),
        },
        Land::RP => EntryIds {
            stichtag: "rlp.einschulung.stichtag",
            vorzeitig: "rlp.einschulung.vorzeitig",
            zurueckstellung: "rlp.einschulung.zurueckstellung",
            fachgutachten: None,
        },
        // No law file defines these ids: every lookup for a Land without a pack fails rather
        // than borrowing another Land's law. Entry points refuse such Länder first.
        _ => EntryIds {
            stichtag: "uncovered.einschulung.stichtag",
            vorzeitig: "uncovered.einschulung.vorzeitig",
            zurueckstellung: "uncovered.einschulung.zurueckstellung",
            fachgutachten: None,
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
    transition: Transition,
    lands: &[Land],
    facts: &LearnerFacts,
    as_of: Date,
    missing: &'static str,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let y = SchoolYear::containing(as_of);
    let mut checks = Vec::new();
    for &land in lands {
        let id = ids(land);
        let rule = match transition {
            Transition::SchoolEntryDeferral => id.zurueckstellung,
            Transition::SchoolEntryEarly => id.vorzeitig,
            _ => id.stichtag,
        };
        if let Some(idx) = book.table().in_force(rule, y.start()) {
            checks.push(book.check_as(
                detail,
                idx,
                &["birth_date", "land"],
                CheckResult::MissingFacts,
                true,
                || format!("{missing} is needed to apply the cut-off"),
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
            "Ob und ab wann das Kind schulpflichtig ist, hängt vom Land ab (Nordrhein-Westfalen oder Rheinland-Pfalz); bitte den Wohnort angeben.",
            "Whether and from when the child is schulpflichtig depends on the Land (North Rhine-Westphalia or Rhineland-Palatinate); please state where the child lives.",
        ),
        _ => (
            "Ohne das Geburtsdatum lässt sich der Beginn der Schulpflicht nicht bestimmen.",
            "Without the date of birth the start of compulsory schooling cannot be determined.",
        ),
    };
    Ok(Decision {
        transition,
        land: facts.land,
        as_of,
        school_year: Some(y),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks,
        missing_facts: vec![missing.into()],
        details: BTreeMap::new(),
        explanation_de: detail.text(|| de.to_owned()),
        explanation_en: detail.text(|| en.to_owned()),
    })
}

/// What every school-entry question starts from: the Land, the birth date, the school year
/// asked (the one containing `as_of`), the regular start and the cut-off check.
struct Entry {
    land: Land,
    birth: Date,
    y: SchoolYear,
    /// School year in which the regular Schulpflicht begins, and the cut-off version.
    s: SchoolYear,
    idx_s: u16,
}

/// The common start of every school-entry question; `Err(Ok(decision))` when a fact is missing.
fn entry(
    book: &RuleBook,
    transition: Transition,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Result<Entry, Decision>, RuleError> {
    let Some(land) = facts.land else {
        return undetermined(
            book,
            transition,
            &[Land::NW, Land::RP],
            facts,
            as_of,
            "land",
            detail,
        )
        .map(Err);
    };
    let land = covered(land, transition)?;
    let Some(birth) = facts.birth_date else {
        return undetermined(
            book,
            transition,
            &[land],
            facts,
            as_of,
            "birth_date",
            detail,
        )
        .map(Err);
    };
    let y = SchoolYear::containing(as_of);
    let (s, idx_s) = regular_start(book, land, birth)?;
    Ok(Ok(Entry {
        land,
        birth,
        y,
        s,
        idx_s,
    }))
}

/// The check of the cut-off that fixes the regular start (and, if the school year asked falls
/// under another version, that version too).
fn cutoff_checks(book: &RuleBook, e: &Entry, checks: &mut Vec<Check>, detail: Detail) {
    let ids = ids(e.land);
    let meets_y = e.s <= e.y;
    checks.push(book.check_as(
        detail,
        e.idx_s,
        &["birth_date", "land"],
        if meets_y {
            CheckResult::Satisfied
        } else {
            CheckResult::NotSatisfied
        },
        true,
        || {
            let mut note = String::with_capacity(112);
            note.push_str("regular Schulpflicht from ");
            push_iso(&mut note, e.s.start_year(), 8, 1);
            note.push_str(" (school year ");
            push_sy(&mut note, e.s);
            note.push_str("): the child ");
            push_cutoff(&mut note, book, e.idx_s, e.s.start_year(), false);
            note
        },
    ));
    if !meets_y {
        // The cut-off in force for the school year asked about, if it is another version.
        if let Some(idx_y) = book.table().in_force(ids.stichtag, e.y.start()) {
            if idx_y != e.idx_s {
                checks.push(book.check_as(
                    detail,
                    idx_y,
                    &["birth_date", "land"],
                    CheckResult::NotSatisfied,
                    true,
                    || {
                        let mut note = String::with_capacity(112);
                        note.push_str("for school year ");
                        push_sy(&mut note, e.y);
                        note.push_str(" a child ");
                        push_cutoff(&mut note, book, idx_y, e.y.start_year(), false);
                        note.push_str("; not met");
                        note
                    },
                ));
            }
        }
    }
}

/// Full school-entry decision for the school year containing `as_of`: is the child
/// schulpflichtig (and due to enter school) in that school year, and from which day?
///
/// Decided facts only: the cut-off, a granted deferral (`deferred_before`) and an early
/// admission that took place (`school_entry_date` before the regular start: the Schulpflicht
/// begins with the admission, § 35 Abs. 2 Satz 1 SchulG NRW). Pending applications are the
/// questions `school_entry_deferral` and `school_entry_early`.
pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let e = match entry(book, Transition::SchoolEntry, facts, as_of, detail)? {
        Ok(e) => e,
        Err(d) => return Ok(d),
    };
    let (land, y, s, idx_s) = (e.land, e.y, e.s, e.idx_s);
    let ids = ids(land);
    let nrw = land == Land::NW;
    let cite_s = book.citation(idx_s);

    let mut checks: Vec<Check> = Vec::with_capacity(3);
    let mut details = BTreeMap::new();

    // Admitted early: schulpflichtig with the admission.
    let early = facts
        .school_entry_date
        .filter(|&d| d < s.start() && facts.deferred_before != Some(true));
    if let Some(admitted) = early {
        let ya = SchoolYear::containing(admitted);
        let idx = book.require(ids.vorzeitig, ya.start())?;
        let cite = book.citation(idx);
        checks.push(book.check_as(
            detail,
            idx_s,
            &["birth_date", "land"],
            CheckResult::NotSatisfied,
            false,
            || format!("regular Schulpflicht only from {}", s.start()),
        ));
        checks.push(book.check_as(
            detail,
            idx,
            &["school_entry_date", "birth_date"],
            CheckResult::Satisfied,
            true,
            || format!("admitted early on {admitted}: schulpflichtig with the admission"),
        ));
        let (outcome, effective, eligible_from, de, en);
        if ya <= y {
            outcome = Outcome::Eligible;
            effective = Some(admitted);
            eligible_from = None;
            de = detail.text(|| format!(
                "Das Kind wurde am {} vorzeitig in die Schule aufgenommen und ist mit der Aufnahme schulpflichtig ({cite}).",
                de_date(admitted)
            ));
            en = detail.text(|| format!(
                "The child was admitted to school early on {} and is schulpflichtig with the admission ({cite}).",
                iso(admitted)
            ));
            if nrw && ya == y {
                details.insert(Cow::Borrowed("einschulungsart"), Cow::Borrowed("52"));
            }
        } else {
            outcome = Outcome::NotEligible;
            effective = None;
            eligible_from = Some(admitted);
            de = detail.text(|| format!(
                "Das Kind wird am {} vorzeitig aufgenommen und ist ab der Aufnahme schulpflichtig ({cite}).",
                de_date(admitted)
            ));
            en = detail.text(|| format!(
                "The child is admitted early on {} and is schulpflichtig from the admission ({cite}).",
                iso(admitted)
            ));
        }
        return Ok(Decision {
            transition: Transition::SchoolEntry,
            land: Some(land),
            as_of,
            school_year: Some(y),
            outcome,
            effective_date: effective,
            eligible_from,
            checks,
            missing_facts: Vec::new(),
            details,
            explanation_de: de,
            explanation_en: en,
        });
    }

    cutoff_checks(book, &e, &mut checks, detail);
    let deferred_before = facts.deferred_before == Some(true);
    // Start of school attendance after a granted deferral.
    let start = if deferred_before { s.next() } else { s };
    if deferred_before {
        let idx = book.require(ids.zurueckstellung, s.start())?;
        checks.push(book.check_as(
            detail,
            idx,
            &["deferred_before"],
            CheckResult::Satisfied,
            true,
            || {
                format!(
                    "deferred once from school year {s}; school entry in {}",
                    s.next()
                )
            },
        ));
    }

    let (outcome, effective, eligible_from, de, en);
    if start <= y {
        outcome = Outcome::Eligible;
        effective = Some(start.start());
        eligible_from = None;
        if deferred_before {
            de = detail.text(|| format!(
                "Das Kind wurde einmal zurückgestellt und ist ab dem {} schulpflichtig ({cite_s}).",
                de_date(start.start())
            ));
            en = detail.text(|| {
                format!(
                    "The child was deferred once and is schulpflichtig from {} ({cite_s}).",
                    iso(start.start())
                )
            });
        } else {
            de = detail.text(|| {
                let mut text = String::with_capacity(160);
                text.push_str("Das Kind ist ab dem ");
                push_de(&mut text, start.start_year(), 8, 1);
                text.push_str(" schulpflichtig (");
                text.push_str(cite_s);
                text.push_str("): es hat ");
                push_cutoff(&mut text, book, idx_s, s.start_year(), true);
                text.push('.');
                text
            });
            en = detail.text(|| {
                let mut text = String::with_capacity(160);
                text.push_str("The child is schulpflichtig from ");
                push_iso(&mut text, start.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str("): it ");
                push_cutoff(&mut text, book, idx_s, s.start_year(), false);
                text.push('.');
                text
            });
        }
        if nrw && start == y {
            details.insert(
                Cow::Borrowed("einschulungsart"),
                Cow::Borrowed(if deferred_before { "53" } else { "51" }),
            );
        }
    } else {
        outcome = Outcome::NotEligible;
        effective = None;
        eligible_from = Some(start.start());
        if deferred_before && s == y {
            de = detail.text(|| format!(
                "Das Kind ist für dieses Schuljahr zurückgestellt; der Schulbesuch beginnt am {}.",
                de_date(start.start())
            ));
            en = detail.text(|| {
                format!(
                    "The child is deferred for this school year; school attendance begins on {}.",
                    iso(start.start())
                )
            });
        } else {
            de = detail.text(|| {
                let mut text = String::with_capacity(160);
                text.push_str("Das Kind ist im Schuljahr ");
                push_sy(&mut text, y);
                text.push_str(" noch nicht schulpflichtig; die Schulpflicht beginnt am ");
                push_de(&mut text, start.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str(").");
                text
            });
            en = detail.text(|| {
                let mut text = String::with_capacity(160);
                text.push_str("The child is not yet schulpflichtig in school year ");
                push_sy(&mut text, y);
                text.push_str("; the Schulpflicht begins on ");
                push_iso(&mut text, start.start_year(), 8, 1);
                text.push_str(" (");
                text.push_str(cite_s);
                text.push_str(").");
                text
            });
        }
    }

    Ok(Decision {
        transition: Transition::SchoolEntry,
        land: Some(land),
        as_of,
        school_year: Some(y),
        outcome,
        effective_date: effective,
        eligible_from,
        checks,
        missing_facts: Vec::new(),
        details,
        explanation_de: de,
        explanation_en: en,
    })
}

// ---------------------------------------------------------------------------------------------
// Applications: deferral (Zurückstellung) and early entry (vorzeitige Aufnahme)
// ---------------------------------------------------------------------------------------------

/// A decision for an application question, with the cut-off checks already made.
fn application(transition: Transition, e: &Entry, as_of: Date, checks: Vec<Check>) -> Decision {
    Decision {
        transition,
        land: Some(e.land),
        as_of,
        school_year: Some(e.y),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks,
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    }
}

fn sy_de(sy: SchoolYear) -> String {
    let mut s = String::with_capacity(7);
    push_sy(&mut s, sy);
    s
}

/// "Can the child be deferred from school entry in the school year containing `as_of`?" The
/// outcome speaks about the application: `discretionary` where the Schulleitung can grant it
/// (effective date: the 1 August on which the child would then start school), `not_eligible`
/// where the law excludes it, `undetermined` where the facts that decide are missing.
///
/// NRW (§ 35 Abs. 3 SchulG NRW): only schulpflichtige children, once, for one year, only for
/// substantial health reasons, on the basis of the school doctor's report; since the Erlass of
/// 05.10.2017 (registrations for 2018/19 on) the Schulleitung also weighs specialist reports the
/// parents submit. RLP (§ 58 Abs. 2 SchulG RLP): once, on the parents' application, for an
/// important reason, as a rule a health reason.
pub(crate) fn evaluate_deferral(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let t = Transition::SchoolEntryDeferral;
    let e = match entry(book, t, facts, as_of, detail)? {
        Ok(e) => e,
        Err(d) => return Ok(d),
    };
    let ids = ids(e.land);
    let (y, s) = (e.y, e.s);
    let idx = book.require(ids.zurueckstellung, y.start())?;
    let cite = book.citation(idx);
    let mut checks = Vec::with_capacity(4);
    cutoff_checks(book, &e, &mut checks, detail);
    let mut d = application(t, &e, as_of, checks);
    let deferred_before = facts.deferred_before == Some(true);
    let if_granted = y.next().start();

    // Already at school (entered in an earlier school year).
    if let Some(entered) = facts.school_entry_date.filter(|&x| x < y.start()) {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["school_entry_date"],
            CheckResult::NotApplicable,
            true,
            || format!("entered school on {entered}: nothing to defer"),
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| format!(
            "Das Kind besucht seit dem {} die Schule; eine Zurückstellung kommt nur vor dem Schulbeginn in Betracht ({cite}).",
            de_date(entered)
        ));
        d.explanation_en = detail.text(|| format!(
            "The child has attended school since {}; a deferral is possible only before school entry ({cite}).",
            iso(entered)
        ));
        return Ok(d);
    }
    // Not yet schulpflichtig in the school year asked.
    if s > y {
        d.checks.push(book.check_as(detail,
            idx,
            &["birth_date"],
            CheckResult::NotApplicable,
            true,
            || format!("not schulpflichtig in {y}: only schulpflichtige children can be deferred; schulpflichtig from {}", s.start()),
        ));
        d.outcome = Outcome::NotEligible;
        d.eligible_from = Some(s.start());
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist im Schuljahr {} noch nicht schulpflichtig; zurückgestellt werden können nur schulpflichtige Kinder ({cite}). Die Schulpflicht beginnt am {}.",
            sy_de(y),
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is not yet schulpflichtig in school year {y}; only schulpflichtige children can be deferred ({cite}). The Schulpflicht begins on {}.",
            iso(s.start())
        ));
        return Ok(d);
    }
    // Deferred once already, or schulpflichtig since an earlier school year.
    if deferred_before || s < y {
        let once = deferred_before;
        d.checks.push(book.check_as(detail,
            idx,
            &["deferred_before", "birth_date"],
            CheckResult::NotSatisfied,
            true,
            || if once {
                "a deferral is possible only once, for one year".to_owned()
            } else {
                format!("schulpflichtig since {}: a deferral concerns the first school year of the Schulpflicht", s.start())
            },
        ));
        d.outcome = Outcome::NotEligible;
        if once {
            d.explanation_de = detail.text(|| format!(
                "Das Kind wurde bereits einmal zurückgestellt; eine Zurückstellung ist nur einmal für ein Jahr möglich ({cite})."
            ));
            d.explanation_en = detail.text(|| format!(
                "The child has already been deferred once; a deferral is possible only once, for one year ({cite})."
            ));
        } else {
            d.explanation_de = detail.text(|| format!(
                "Das Kind ist seit dem {} schulpflichtig; eine Zurückstellung kommt nur vor dem Beginn des Schulbesuchs im ersten Jahr der Schulpflicht in Betracht ({cite}).",
                de_date(s.start())
            ));
            d.explanation_en = detail.text(|| format!(
                "The child has been schulpflichtig since {}; a deferral is possible only before school attendance begins in the first year of the Schulpflicht ({cite}).",
                iso(s.start())
            ));
        }
        return Ok(d);
    }

    if e.land == Land::RP {
        if facts.deferral_application == Some(false) {
            d.checks.push(book.check_as(
                detail,
                idx,
                &["deferral_application"],
                CheckResult::NotSatisfied,
                true,
                || "a deferral requires the parents' application",
            ));
            d.outcome = Outcome::NotEligible;
            d.explanation_de = detail.text(|| format!(
                "In Rheinland-Pfalz ist eine Zurückstellung nur auf Antrag der Eltern möglich ({cite}); ein Antrag liegt nicht vor."
            ));
            d.explanation_en = detail.text(|| format!(
                "In Rhineland-Palatinate a deferral requires the parents' application ({cite}); there is none."
            ));
            return Ok(d);
        }
        let health = facts.deferral_ground == Some(DeferralGround::Health)
            || facts.school_doctor == Some(SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende);
        let note = match (health, facts.deferral_ground) {
            (true, _) => {
                "once, on the parents' application, for an important reason: a health reason, the regular case; the Schulleitung decides in consultation with the school doctor"
            }
            (false, Some(_)) => {
                "once, on the parents' application, for an important reason; a ground other than health only in an atypical case ('soll in der Regel nur ... aus gesundheitlichen Gründen'); the Schulleitung decides in consultation with the school doctor"
            }
            (false, None) => {
                "once, on the parents' application, for an important reason (as a rule health); the Schulleitung decides in consultation with the school doctor"
            }
        };
        d.checks.push(book.check_as(
            detail,
            idx,
            &["deferral_application", "deferral_ground", "deferred_before"],
            CheckResult::Discretionary,
            true,
            || note,
        ));
        d.outcome = Outcome::Discretionary;
        d.effective_date = Some(if_granted);
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist ab dem {} schulpflichtig. Auf Antrag der Eltern kann es einmal aus wichtigem Grund zurückgestellt werden; das soll in der Regel nur aus gesundheitlichen Gründen geschehen. Die Schulleitung entscheidet im Benehmen mit der Schulärztin oder dem Schularzt ({cite}). Wird zurückgestellt, beginnt der Schulbesuch am {}.",
            de_date(s.start()),
            de_date(if_granted)
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is schulpflichtig from {}. On the parents' application it can be deferred once for an important reason, as a rule only for health reasons; the Schulleitung decides in consultation with the school doctor ({cite}). If deferred, school attendance begins on {}.",
            iso(s.start()),
            iso(if_granted)
        ));
        return Ok(d);
    }

    // NRW: only substantial health reasons.
    let doctor = facts.school_doctor;
    let doctor_names_ground = doctor == Some(SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende);
    let ground = facts.deferral_ground;
    let erlass = ids
        .fachgutachten
        .and_then(|id| book.table().in_force(id, y.start()));
    let reports = facts.specialist_reports_submitted;
    let used: &[&'static str] = &[
        "deferral_ground",
        "school_doctor",
        "specialist_reports_submitted",
        "deferred_before",
    ];
    let discretionary = |d: &mut Decision, why: &str, why_en: &str| {
        d.outcome = Outcome::Discretionary;
        d.effective_date = Some(if_granted);
        d.details
            .insert(Cow::Borrowed("einschulungsart"), Cow::Borrowed("53"));
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist ab dem {} schulpflichtig. Aus erheblichen gesundheitlichen Gründen kann die Schulleitung es für ein Jahr zurückstellen; {why}. Die Eltern werden angehört ({cite}). Wird zurückgestellt, beginnt der Schulbesuch am {}.",
            de_date(s.start()),
            de_date(if_granted)
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is schulpflichtig from {}. For substantial health reasons the Schulleitung can defer it for one year; {why_en}. The parents are heard ({cite}). If deferred, school attendance begins on {}.",
            iso(s.start()),
            iso(if_granted)
        ));
    };
    if let Some(g) = ground.filter(|&g| g != DeferralGround::Health && !doctor_names_ground) {
        let what = match g {
            DeferralGround::Disability => "a disability",
            DeferralGround::Development => "the child's development",
            _ => "a ground other than health",
        };
        d.checks.push(book.check_as(
            detail,
            idx,
            &["deferral_ground", "school_doctor"],
            CheckResult::NotSatisfied,
            true,
            || format!("{what} is no substantial health reason: no ground for a deferral"),
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist ab dem {} schulpflichtig. Zurückgestellt werden kann nur aus erheblichen gesundheitlichen Gründen; eine Behinderung, eine Lern- oder Entwicklungsverzögerung oder ein anderer Grund allein genügt nicht ({cite}).",
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is schulpflichtig from {}. A deferral is possible only for substantial health reasons; a disability, a learning or developmental delay or another ground alone does not suffice ({cite}).",
            iso(s.start())
        ));
        return Ok(d);
    }
    if doctor_names_ground {
        d.checks.push(book.check_as(detail,
            idx,
            used,
            CheckResult::Discretionary,
            true,
            || "the school doctor reports substantial health reasons: the Schulleitung decides on that basis, the parents are heard",
        ));
        discretionary(
            &mut d,
            "das schulärztliche Gutachten nennt solche Gründe",
            "the school doctor's report names such reasons",
        );
        return Ok(d);
    }
    if let Some(ie) = erlass {
        if reports == Some(true) {
            if ground == Some(DeferralGround::Health) {
                d.checks.push(book.check_as(detail,
                    ie,
                    used,
                    CheckResult::Discretionary,
                    true,
                    || "specialist reports with a documented health relation were submitted: the Schulleitung weighs them with the school doctor's report, preventive aspects included",
                ));
                discretionary(
                    &mut d,
                    "sie wägt die von den Eltern vorgelegten fachärztlichen oder fachtherapeutischen Stellungnahmen mit dem schulärztlichen Gutachten ab, auch unter präventiven Gesichtspunkten",
                    "it weighs the specialist medical or therapeutic reports the parents submitted together with the school doctor's report, preventive aspects included",
                );
                d.checks.push(book.check_as(
                    detail,
                    idx,
                    &["deferral_ground"],
                    CheckResult::Satisfied,
                    true,
                    || "the ground stated is a health ground",
                ));
            } else {
                d.missing_facts.push("deferral_ground".into());
                d.checks.push(book.check_as(detail,
                    ie,
                    used,
                    CheckResult::MissingFacts,
                    true,
                    || "specialist reports were submitted; whether they name a health ground is unknown",
                ));
                d.explanation_de = detail.text(|| format!(
                    "Zurückgestellt werden kann nur aus erheblichen gesundheitlichen Gründen ({cite}); bitte angeben, welchen Grund die vorgelegten Stellungnahmen nennen."
                ));
                d.explanation_en = detail.text(|| format!(
                    "A deferral is possible only for substantial health reasons ({cite}); please state which ground the submitted reports name."
                ));
            }
            return Ok(d);
        }
    }
    match doctor {
        Some(_) if erlass.is_none() || reports == Some(false) => {
            d.checks.push(book.check_as(detail,
                idx,
                used,
                CheckResult::NotSatisfied,
                true,
                || if erlass.is_none() {
                    "the school doctor's report, the basis of the decision, names no substantial health reasons"
                } else {
                    "neither the school doctor's report nor specialist reports name substantial health reasons"
                },
            ));
            if let Some(ie) = erlass {
                d.checks.push(book.check_as(
                    detail,
                    ie,
                    &["specialist_reports_submitted"],
                    CheckResult::NotSatisfied,
                    true,
                    || "no specialist reports submitted",
                ));
            }
            d.outcome = Outcome::NotEligible;
            d.explanation_de = detail.text(|| format!(
                "Das Kind ist ab dem {} schulpflichtig. Zurückgestellt werden kann nur aus erheblichen gesundheitlichen Gründen auf der Grundlage des schulärztlichen Gutachtens{}; {} nennt keine solchen Gründe ({cite}).",
                de_date(s.start()),
                if erlass.is_some() {
                    " und vorgelegter Fachgutachten"
                } else {
                    ""
                },
                if erlass.is_some() {
                    "keines davon"
                } else {
                    "das Gutachten"
                }
            ));
            d.explanation_en = detail.text(|| format!(
                "The child is schulpflichtig from {}. A deferral is possible only for substantial health reasons on the basis of the school doctor's report{}; {} names none ({cite}).",
                iso(s.start()),
                if erlass.is_some() {
                    " and submitted specialist reports"
                } else {
                    ""
                },
                if erlass.is_some() {
                    "neither"
                } else {
                    "the report"
                }
            ));
        }
        _ => {
            let mut used_missing: Vec<&'static str> = Vec::new();
            if doctor.is_none() {
                d.missing_facts.push("school_doctor".into());
                used_missing.push("school_doctor");
            }
            if erlass.is_some() && reports.is_none() {
                d.missing_facts.push("specialist_reports_submitted".into());
                used_missing.push("specialist_reports_submitted");
            }
            d.checks.push(book.check_as(detail,
                erlass.unwrap_or(idx),
                &used_missing,
                CheckResult::MissingFacts,
                true,
                || "the decision rests on the school doctor's report (and, since the Erlass of 05.10.2017, on specialist reports the parents submit); not known",
            ));
            d.explanation_de = detail.text(|| format!(
                "Das Kind ist ab dem {} schulpflichtig. Ob es aus erheblichen gesundheitlichen Gründen zurückgestellt werden kann, entscheidet die Schulleitung auf der Grundlage des schulärztlichen Gutachtens{}; das fehlt noch ({cite}).",
                de_date(s.start()),
                if erlass.is_some() {
                    " und vorgelegter fachärztlicher oder fachtherapeutischer Stellungnahmen"
                } else {
                    ""
                }
            ));
            d.explanation_en = detail.text(|| format!(
                "The child is schulpflichtig from {}. Whether it can be deferred for substantial health reasons, the Schulleitung decides on the basis of the school doctor's report{}; it is still missing ({cite}).",
                iso(s.start()),
                if erlass.is_some() {
                    " and of specialist reports the parents submit"
                } else {
                    ""
                }
            ));
        }
    }
    Ok(d)
}

/// "Can the child be admitted to school early, at the start of the school year containing
/// `as_of`?" `discretionary` (the Schulleitung decides; effective date: that 1 August) for a
/// child not yet schulpflichtig; `not_eligible` for a child that is schulpflichtig anyway, that
/// already attends school, where the parents do not apply, or (NRW until 31.07.1999) that is
/// younger than the early-entry cut-off (then `eligible_from` names the first 1 August it meets).
pub(crate) fn evaluate_early(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let t = Transition::SchoolEntryEarly;
    let e = match entry(book, t, facts, as_of, detail)? {
        Ok(e) => e,
        Err(d) => return Ok(d),
    };
    let ids = ids(e.land);
    let (y, s) = (e.y, e.s);
    let nrw = e.land == Land::NW;
    let idx = book.require(ids.vorzeitig, y.start())?;
    let cite = book.citation(idx);
    let mut checks = Vec::with_capacity(3);
    cutoff_checks(book, &e, &mut checks, detail);
    let mut d = application(t, &e, as_of, checks);

    if let Some(entered) = facts.school_entry_date.filter(|&x| x < y.start()) {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["school_entry_date"],
            CheckResult::NotApplicable,
            true,
            || format!("entered school on {entered}"),
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| {
            format!(
                "Das Kind besucht seit dem {} die Schule ({cite}).",
                de_date(entered)
            )
        });
        d.explanation_en = detail.text(|| {
            format!(
                "The child has attended school since {} ({cite}).",
                iso(entered)
            )
        });
        return Ok(d);
    }
    if s <= y || facts.deferred_before == Some(true) {
        d.checks.push(book.check_as(detail,
            idx,
            &["birth_date", "deferred_before"],
            CheckResult::NotApplicable,
            true,
            || format!("schulpflichtig from {}: early admission concerns children who are not yet schulpflichtig", s.start()),
        ));
        d.outcome = Outcome::NotEligible;
        d.details.insert(
            Cow::Borrowed("schulpflichtig_from"),
            Cow::Owned(iso(s.start()).as_str().to_owned()),
        );
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist ab dem {} ohnehin schulpflichtig; eine vorzeitige Aufnahme kommt nur für noch nicht schulpflichtige Kinder in Betracht ({cite}).",
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is schulpflichtig from {} anyway; early admission concerns only children who are not yet schulpflichtig ({cite}).",
            iso(s.start())
        ));
        return Ok(d);
    }
    // A lower age limit, where the law in force set one (NRW until 31.07.1999: sixth year of
    // life completed by 31 December).
    if let Some(Value::Cutoff { age, .. }) = book.value(idx) {
        let meets = |yr: i32| -> Option<bool> {
            let r = book.value(idx)?.reference_day(yr)?;
            Some(e.birth.age_on(r) >= *age)
        };
        if meets(y.start_year()) == Some(false) {
            let first = (y.start_year() + 1..s.start_year())
                .find(|&yr| {
                    SchoolYear::starting(yr).is_ok_and(|sy| {
                        book.table()
                            .in_force(ids.vorzeitig, sy.start())
                            .is_some_and(|i| match book.value(i) {
                                Some(v @ Value::Cutoff { age, .. }) => v
                                    .reference_day(yr)
                                    .is_some_and(|r| e.birth.age_on(r) >= *age),
                                _ => true,
                            })
                    })
                })
                .and_then(|yr| SchoolYear::starting(yr).ok())
                .map(SchoolYear::start);
            d.checks.push(book.check_as(
                detail,
                idx,
                &["birth_date", "early_entry_application"],
                CheckResult::NotSatisfied,
                true,
                || {
                    let mut note = String::from("early admission only for a child that ");
                    push_cutoff(&mut note, book, idx, y.start_year(), false);
                    note
                },
            ));
            d.outcome = Outcome::NotEligible;
            d.eligible_from = first;
            d.explanation_de = detail.text(|| {
                let mut text =
                    String::from("Vorzeitig aufgenommen werden konnte nur ein Kind, das ");
                push_cutoff(&mut text, book, idx, y.start_year(), true);
                text.push_str(&format!(" ({cite})."));
                text
            });
            d.explanation_en = detail.text(|| {
                let mut text = String::from("Early admission was open only to a child that ");
                push_cutoff(&mut text, book, idx, y.start_year(), false);
                text.push_str(&format!(" ({cite})."));
                text
            });
            return Ok(d);
        }
    }
    if facts.early_entry_application == Some(false) {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["early_entry_application"],
            CheckResult::NotSatisfied,
            true,
            || "early admission requires the parents' application",
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| format!(
            "Eine vorzeitige Aufnahme setzt einen Antrag der Eltern voraus ({cite}); ein Antrag liegt nicht vor. Die Schulpflicht beginnt am {}.",
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "Early admission requires the parents' application ({cite}); there is none. The Schulpflicht begins on {}.",
            iso(s.start())
        ));
        return Ok(d);
    }
    let doctor_note = match facts.school_doctor {
        Some(SchoolDoctorOpinion::NichtSchulfaehig) => {
            "; the school doctor finds the child not yet schulfähig, which weighs against admission but does not bind the Schulleitung"
        }
        Some(_) => "; the school doctor's report is in favour",
        None => "; the school doctor's report is still missing",
    };
    let note = || {
        if nrw {
            format!(
                "on the parents' application, if schulfähig; the Schulleitung decides taking the school doctor's report into account{doctor_note}"
            )
        } else {
            format!(
                "on the parents' application, if the child's development lets it follow lessons successfully; the Schulleitung decides in consultation with the school doctor{doctor_note}"
            )
        }
    };
    d.checks.push(book.check_as(
        detail,
        idx,
        &["early_entry_application", "school_doctor", "birth_date"],
        CheckResult::Discretionary,
        true,
        note,
    ));
    if facts.school_doctor.is_none() {
        d.missing_facts.push("school_doctor".into());
    }
    d.outcome = Outcome::Discretionary;
    d.effective_date = Some(y.start());
    d.details.insert(
        Cow::Borrowed("schulpflichtig_from"),
        Cow::Owned(iso(s.start()).as_str().to_owned()),
    );
    if nrw {
        d.details
            .insert(Cow::Borrowed("einschulungsart"), Cow::Borrowed("52"));
        d.explanation_de = detail.text(|| format!(
            "Das Kind kann auf Antrag der Eltern zum {} vorzeitig aufgenommen werden, wenn es schulfähig ist; die Schulleitung entscheidet unter Berücksichtigung des schulärztlichen Gutachtens ({cite}). Mit der Aufnahme wird es schulpflichtig; sonst beginnt die Schulpflicht am {}.",
            de_date(y.start()),
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "On the parents' application the child can be admitted early on {} if it is schulfähig; the Schulleitung decides taking the school doctor's report into account ({cite}). With the admission it becomes schulpflichtig; otherwise the Schulpflicht begins on {}.",
            iso(y.start()),
            iso(s.start())
        ));
    } else {
        d.explanation_de = detail.text(|| format!(
            "Das Kind kann auf Antrag der Eltern zum {} in die Schule aufgenommen werden, wenn aufgrund seiner Entwicklung zu erwarten ist, dass es mit Erfolg am Unterricht teilnimmt; die Schulleitung entscheidet im Benehmen mit der Schulärztin oder dem Schularzt ({cite}). Sonst beginnt die Schulpflicht am {}.",
            de_date(y.start()),
            de_date(s.start())
        ));
        d.explanation_en = detail.text(|| format!(
            "On the parents' application the child can be admitted on {} if its development lets it be expected to follow lessons successfully; the Schulleitung decides in consultation with the school doctor ({cite}). Otherwise the Schulpflicht begins on {}.",
            iso(y.start()),
            iso(s.start())
        ));
    }
    Ok(d)
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

/// Runs of birth days in `[lo, hi]` with one lean answer for a school year starting on
/// `y_start` (outcome error where the full path has no answer): the last day of each run and
/// its answer, ascending, together covering `[lo, hi]`. Within a birth year the answer changes
/// only at the thresholds of the school years the child can start in, so the walk of
/// [`regular_start`] is taken once per threshold instead of once per day.
fn start_runs(
    book: &RuleBook,
    land: Land,
    y_start: i32,
    lo: i32,
    hi: i32,
) -> Result<Vec<(i32, LeanDecision)>, RuleError> {
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
    let mut runs: Vec<(i32, LeanDecision)> = Vec::new();
    for by in first.year()..=last.year() {
        let year_first = Date::from_ymd(by, 1, 1)
            .map_or(lo, Date::day_number)
            .max(lo);
        let year_last = Date::from_ymd(by, 12, 31)
            .map_or(hi, Date::day_number)
            .min(hi);
        let mut from = year_first;
        for y in (by + min_age)..=(by + max_age + 1) {
            let Some((th, idx)) = t.get(y) else { break };
            if th < from {
                continue;
            }
            let Ok(sy) = SchoolYear::starting(y) else {
                break;
            };
            let until = th.min(year_last);
            extend_runs(
                &mut runs,
                until,
                lean_start(sy.start().day_number(), idx, y_start),
            );
            from = until + 1;
            if from > year_last {
                break;
            }
        }
        if from <= year_last {
            extend_runs(&mut runs, year_last, NO_ANSWER);
        }
    }
    Ok(runs)
}

/// Appends the days up to `until` with `answer` to `runs`, merged into the last run if it has
/// the same answer.
fn extend_runs(runs: &mut Vec<(i32, LeanDecision)>, until: i32, answer: LeanDecision) {
    match runs.last_mut() {
        Some((last, a)) if *a == answer => *last = until,
        _ => runs.push((until, answer)),
    }
}

/// Per birth day in `[lo, hi]`: the lean answer of [`start_runs`].
fn start_table(
    book: &RuleBook,
    land: Land,
    y_start: i32,
    lo: i32,
    hi: i32,
) -> Result<Vec<LeanDecision>, RuleError> {
    let days = usize::try_from(i64::from(hi) - i64::from(lo) + 1)
        .map_err(|_| RuleError::DateOutOfRange)?;
    let mut table = Vec::with_capacity(days);
    let mut day = lo;
    for (last, answer) in start_runs(book, land, y_start, lo, hi)? {
        let len = usize::try_from(i64::from(last) - i64::from(day) + 1).unwrap_or(0);
        table.resize(table.len() + len, answer);
        day = last.saturating_add(1);
    }
    Ok(table)
}

/// A row without an answer: the law needed is not encoded, or the date lies outside the
/// calendar.
const NO_ANSWER: LeanDecision = LeanDecision {
    outcome: OUTCOME_ERROR,
    effective_day: NO_DATE,
    rule: NO_RULE,
};

/// A row without a birth date.
const NO_BIRTH_DATE: LeanDecision = LeanDecision {
    outcome: Outcome::Undetermined.code(),
    effective_day: NO_DATE,
    rule: NO_RULE,
};

/// The answer for a child without a birth date, as the full decision gives it: undetermined
/// where the school year's cut-off is encoded (the decision names it as the rule the birth
/// date is needed for), no answer where it is not.
fn unknown_birth(book: &RuleBook, land: Land, school_year: SchoolYear) -> LeanDecision {
    match book
        .table()
        .in_force(ids(land).stichtag, school_year.start())
    {
        Some(_) => NO_BIRTH_DATE,
        None => NO_ANSWER,
    }
}

/// Schulpflichtig in the school year starting on `y_start` when the Schulpflicht begins on
/// `start` (both 1 August).
fn lean_start(start: i32, rule: u16, y_start: i32) -> LeanDecision {
    LeanDecision {
        outcome: u8::from(start <= y_start),
        effective_day: start,
        rule,
    }
}

/// Birth days of the memo's table per row of the batch: above this, the rows are decided one
/// by one (a table entry costs about a tenth of a row decided on its own, so the table pays off
/// long before this).
const MEMO_DAYS_PER_ROW: usize = 4;

/// Lean school-entry answers for one Land and school year, built by
/// [`RuleBook::school_entry_memo`] for a column of birth days. The answer is a function of the
/// birth day alone, so where the column's days span few days against its length each day is
/// decided once, into a table, and a row is a lookup; otherwise (and for days outside the
/// table) each row is decided on its own. Either way the answer is that of
/// [`RuleBook::school_entry_batch`].
///
/// ```
/// use bildungsnetz::calendar::{Date, SchoolYear};
/// use bildungsnetz::rules::{Land, NO_DATE, Outcome, RuleBook};
/// let book = RuleBook::embedded()?;
/// let births = [Date::from_ymd(2019, 9, 30)?.day_number(), Date::from_ymd(2019, 10, 1)?.day_number()];
/// let memo = book.school_entry_memo(Land::NW, SchoolYear::starting(2025)?, &births)?;
/// assert_eq!(memo.decide(births[0]).outcome, Outcome::Eligible.code());
/// assert_eq!(memo.decide(births[1]).effective_day, Date::from_ymd(2026, 8, 1)?.day_number());
/// assert_eq!(memo.decide(NO_DATE).outcome, Outcome::Undetermined.code());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct EntryMemo<'a> {
    book: &'a RuleBook,
    land: Land,
    y_start: i32,
    /// The answer for [`NO_DATE`].
    unknown_birth: LeanDecision,
    /// The first birth day of `by_day`.
    lo: i32,
    by_day: Vec<LeanDecision>,
}

impl<'a> EntryMemo<'a> {
    pub(crate) fn new(
        book: &'a RuleBook,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
    ) -> Result<EntryMemo<'a>, RuleError> {
        let land = covered(land, Transition::SchoolEntry)?;
        let y_start = school_year.start().day_number();
        let worth_a_table = valid_span(birth_days).filter(|&(lo, hi)| {
            let days = usize::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(usize::MAX);
            days <= birth_days.len().saturating_mul(MEMO_DAYS_PER_ROW)
        });
        let (lo, by_day) = match worth_a_table {
            Some((lo, hi)) => (lo, start_table(book, land, y_start, lo, hi)?),
            None => (0, Vec::new()),
        };
        Ok(EntryMemo {
            book,
            land,
            y_start,
            unknown_birth: unknown_birth(book, land, school_year),
            lo,
            by_day,
        })
    }

    /// The lean answer for a child born on day `birth_day` (days since 1970-01-01; [`NO_DATE`]
    /// for an unknown birth date: outcome undetermined, or [`OUTCOME_ERROR`] in a school year
    /// before the encoded cut-off).
    #[inline]
    pub fn decide(&self, birth_day: i32) -> LeanDecision {
        let row = usize::try_from(i64::from(birth_day) - i64::from(self.lo)).ok();
        match row.and_then(|k| self.by_day.get(k)) {
            Some(&answer) => answer,
            None => self.decide_alone(birth_day),
        }
    }

    /// A day outside the table: the full path's cut-off search for this one child.
    #[inline(never)]
    fn decide_alone(&self, birth_day: i32) -> LeanDecision {
        if birth_day == NO_DATE {
            return self.unknown_birth;
        }
        decide_alone(self.book, self.land, self.y_start, birth_day)
    }
}

/// The lean answer for one child born on a known day, by the full path's cut-off search.
fn decide_alone(book: &RuleBook, land: Land, y_start: i32, birth_day: i32) -> LeanDecision {
    let (dlo, dhi) = day_bounds();
    if birth_day < dlo || birth_day > dhi {
        return NO_ANSWER;
    }
    Date::from_day_number(birth_day)
        .ok()
        .and_then(|born| regular_start(book, land, born).ok())
        .map_or(NO_ANSWER, |(sy, idx)| {
            lean_start(sy.start().day_number(), idx, y_start)
        })
}

/// A lean answer without its effective day: "schulpflichtig in the year?" and the cut-off
/// version that fixed the regular start.
fn in_year_only(full: LeanDecision) -> LeanDecision {
    LeanDecision {
        effective_day: NO_DATE,
        ..full
    }
}

/// "Schulpflichtig in the school year?" for one Land and school year, built by
/// [`RuleBook::schulpflichtig_in_memo`] for a column of birth days: per birth day the outcome
/// and the cut-off version that fixed the regular start, as [`EntryMemo`] answers them, without
/// the effective day. Such answers are few (either outcome with each version of the Land's
/// cut-off, no answer, unknown birth date), so they are listed once ([`InYearMemo::answers`])
/// and a row gets the index of its answer ([`InYearMemo::decide_index`]), for callers that
/// prepare their output per answer. The column's span is cut into runs of days with one answer;
/// where the span is short against the column's length each day also gets its index (one
/// byte), and a row is a lookup. Days outside the span are decided on their own. A child whose
/// regular start needs law that is not encoded gets [`OUTCOME_ERROR`], as in the full
/// decision; a school year without encoded law of its own fails no row that the full decision
/// answers.
///
/// ```
/// use bildungsnetz::calendar::{Date, SchoolYear};
/// use bildungsnetz::rules::{Land, NO_DATE, OUTCOME_ERROR, Outcome, RuleBook};
/// let book = RuleBook::embedded()?;
/// let births = [Date::from_ymd(2019, 9, 30)?.day_number(), Date::from_ymd(1960, 5, 1)?.day_number()];
/// let memo = book.schulpflichtig_in_memo(Land::NW, SchoolYear::starting(2025)?, &births)?;
/// assert_eq!(memo.decide(births[0]).outcome, Outcome::Eligible.code());
/// assert_eq!(memo.decide(births[0]).effective_day, NO_DATE);
/// // NRW's cut-off is encoded from 1967/68: no answer for a child due in 1966.
/// assert_eq!(memo.decide(births[1]).outcome, OUTCOME_ERROR);
/// let k = usize::from(memo.decide_index(births[0]));
/// assert_eq!(memo.answers().get(k), Some(&memo.decide(births[0])));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct InYearMemo<'a> {
    book: &'a RuleBook,
    land: Land,
    y_start: i32,
    /// Every answer a row can get; no answer first.
    answers: Vec<LeanDecision>,
    /// The index of the answer for [`NO_DATE`].
    unknown_birth: u8,
    /// Runs of the column's span of valid birth days with one answer (see [`start_runs`]):
    /// the last day and the answer's index.
    runs: Vec<(i32, u8)>,
    /// The first day of the first run.
    lo: i32,
    /// Per birth day from `lo`: the index of its answer.
    by_day: Vec<u8>,
}

impl<'a> InYearMemo<'a> {
    pub(crate) fn new(
        book: &'a RuleBook,
        land: Land,
        school_year: SchoolYear,
        birth_days: &[i32],
    ) -> Result<InYearMemo<'a>, RuleError> {
        let land = covered(land, Transition::SchoolEntry)?;
        let y_start = school_year.start().day_number();
        let mut answers = vec![NO_ANSWER, NO_BIRTH_DATE];
        for &rule in &book.cutoffs(land).list {
            for outcome in [Outcome::NotEligible.code(), Outcome::Eligible.code()] {
                answers.push(LeanDecision {
                    outcome,
                    effective_day: NO_DATE,
                    rule,
                });
            }
        }
        if answers.len() > usize::from(u8::MAX) + 1 {
            return Err(RuleError::Law {
                source_name: ids(land).stichtag.to_owned(),
                message: "more versions of the cut-off than a batch can index (127)".to_owned(),
            });
        }
        let mut memo = InYearMemo {
            book,
            land,
            y_start,
            answers,
            unknown_birth: 0,
            runs: Vec::new(),
            lo: 0,
            by_day: Vec::new(),
        };
        memo.unknown_birth = memo.index_of(unknown_birth(book, land, school_year));
        let Some((lo, hi)) = valid_span(birth_days) else {
            return Ok(memo);
        };
        let mut runs: Vec<(i32, u8)> = Vec::new();
        for (last, answer) in start_runs(book, land, y_start, lo, hi)? {
            let k = memo.index_of(in_year_only(answer));
            match runs.last_mut() {
                Some((end, a)) if *a == k => *end = last,
                _ => runs.push((last, k)),
            }
        }
        memo.lo = lo;
        let days = usize::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(usize::MAX);
        if days <= birth_days.len().saturating_mul(MEMO_DAYS_PER_ROW) {
            memo.by_day.reserve_exact(days);
            let mut day = lo;
            for &(last, k) in &runs {
                let len = usize::try_from(i64::from(last) - i64::from(day) + 1).unwrap_or(0);
                memo.by_day.resize(memo.by_day.len() + len, k);
                day = last.saturating_add(1);
            }
        }
        memo.runs = runs;
        Ok(memo)
    }

    /// The index of an answer in `answers`, which lists every answer of the in-year path (no
    /// answer, at 0, for anything else).
    fn index_of(&self, answer: LeanDecision) -> u8 {
        self.answers
            .iter()
            .position(|&a| a == answer)
            .and_then(|k| u8::try_from(k).ok())
            .unwrap_or(0)
    }

    /// Every answer a row can get, indexed by [`InYearMemo::decide_index`]: no answer
    /// ([`OUTCOME_ERROR`]) first, then an unknown birth date (undetermined), then each version
    /// of the Land's cut-off not yet and already schulpflichtig. At most 256.
    pub fn answers(&self) -> &[LeanDecision] {
        &self.answers
    }

    /// The answer for a child born on day `birth_day` (days since 1970-01-01; [`NO_DATE`] for
    /// an unknown birth date: that of [`EntryMemo::decide`]). Its `effective_day` is always
    /// [`NO_DATE`].
    #[inline]
    pub fn decide(&self, birth_day: i32) -> LeanDecision {
        self.answers
            .get(usize::from(self.decide_index(birth_day)))
            .copied()
            .unwrap_or(NO_ANSWER)
    }

    /// The index in [`InYearMemo::answers`] of the answer for a child born on `birth_day`.
    #[inline]
    pub fn decide_index(&self, birth_day: i32) -> u8 {
        let row = usize::try_from(i64::from(birth_day) - i64::from(self.lo)).ok();
        match row.and_then(|k| self.by_day.get(k)) {
            Some(&k) => k,
            None => self.index_by_runs(birth_day),
        }
    }

    /// A day without a per-day entry: its run, or (outside the span) the full path's search.
    #[inline(never)]
    fn index_by_runs(&self, birth_day: i32) -> u8 {
        if birth_day == NO_DATE {
            return self.unknown_birth;
        }
        let k = self.runs.partition_point(|&(last, _)| last < birth_day);
        match self.runs.get(k) {
            Some(&(_, answer)) if birth_day >= self.lo => answer,
            _ => self.index_of(in_year_only(decide_alone(
                self.book,
                self.land,
                self.y_start,
                birth_day,
            ))),
        }
    }
}

/// The versions of a Land's cut-off rule: every rule index a lean school-entry answer can carry.
pub(crate) fn rules(book: &RuleBook, land: Land) -> Result<&[u16], RuleError> {
    let land = covered(land, Transition::SchoolEntry)?;
    Ok(&book.cutoffs(land).list)
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
    let n = birth_days.len();
    check_len("outcome", n, out.outcome.len())?;
    check_len("effective_day", n, out.effective_day.len())?;
    check_len("rule", n, out.rule.len())?;
    let memo = EntryMemo::new(book, land, school_year, birth_days)?;
    let rows = birth_days
        .iter()
        .zip(out.outcome.iter_mut())
        .zip(out.effective_day.iter_mut())
        .zip(out.rule.iter_mut());
    for (((&b, o), e), r) in rows {
        let answer = memo.decide(b);
        *o = answer.outcome;
        *e = answer.effective_day;
        *r = answer.rule;
    }
    Ok(())
}

pub(crate) fn in_year_batch(
    book: &RuleBook,
    land: Land,
    school_year: SchoolYear,
    birth_days: &[i32],
    out: &mut [u8],
) -> Result<(), RuleError> {
    check_len("outcome", birth_days.len(), out.len())?;
    let memo = InYearMemo::new(book, land, school_year, birth_days)?;
    for (&b, o) in birth_days.iter().zip(out.iter_mut()) {
        *o = memo.decide(b).outcome;
    }
    Ok(())
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
            let y_start = d(2012, 8, 1).day_number();
            let table = start_table(&book, land, y_start, lo, hi).unwrap();
            for (k, &lean) in table.iter().enumerate() {
                let b = Date::from_day_number(lo + k as i32).unwrap();
                match regular_start(&book, land, b) {
                    Ok((sy, i)) => {
                        let start = sy.start().day_number();
                        assert_eq!(lean, lean_start(start, i, y_start), "{b}");
                        assert_eq!(lean.outcome, u8::from(start <= y_start), "{b}");
                    }
                    Err(_) => assert_eq!(lean, NO_ANSWER, "{b}"),
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
