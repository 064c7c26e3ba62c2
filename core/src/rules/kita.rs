//! Claims to early childhood education and care (§ 24 Abs. 1-3 SGB VIII, since 1996) and the
//! claim of primary-school children to all-day support (§ 24 Abs. 4 SGB VIII as amended by the
//! Ganztagsförderungsgesetz of 02.10.2021, from 01.08.2026).
//!
//! Dates follow the one meaning of [`Decision`]: `effective_date` is the day the claim began
//! (eligible), `eligible_from` the later day from which the law gives it (not eligible).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::Detail;
use super::decision::de_date;
use super::law::Value;
use super::{
    CheckResult, Decision, Jahrgang, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition,
    einschulung,
};
use crate::calendar::{Date, SchoolYear};

const ABS1: &str = "federal.sgb8.24.abs1";
const ABS2: &str = "federal.sgb8.24.abs2";
const ABS3: &str = "federal.sgb8.24.abs3";
const ABS3_TRANSITION: &str = "federal.sgb8.24a.1996";
const ABS4: &str = "federal.sgb8.24.abs4";
const ABS4_COHORT: &str = "federal.sgb8.24.abs4.kohorte";

fn age_bounds(book: &RuleBook, idx: u16) -> (u32, Option<u32>) {
    match book.value(idx) {
        Some(Value::AgeRange {
            from_years,
            until_years,
        }) => (*from_years, *until_years),
        _ => (u32::MAX, None),
    }
}

fn later(a: Date, b: Date) -> Date {
    if a > b { a } else { b }
}

fn no_law(rule_id: &str) -> RuleError {
    RuleError::NoLawInForce {
        rule_id: rule_id.to_owned(),
    }
}

/// `(from, until)` of a rule version.
fn period(book: &RuleBook, idx: u16) -> Option<(Date, Option<Date>)> {
    book.table()
        .row(idx)
        .map(|r| (r.version.from, r.version.until))
}

/// The first version of a rule (the earliest `from`).
fn first_version(book: &RuleBook, rule_id: &str) -> Option<u16> {
    book.table()
        .versions(rule_id)
        .iter()
        .copied()
        .min_by_key(|&i| period(book, i).map(|(f, _)| f))
}

/// The first day of the unbroken run of versions that ends with version `idx`: a claim that
/// began under an older wording continues under the newer one.
fn chain_start(book: &RuleBook, rule_id: &str, idx: u16) -> Option<Date> {
    let (mut start, _) = period(book, idx)?;
    let list = book.table().versions(rule_id);
    // At most as many steps as versions.
    for _ in 0..list.len() {
        let before = start.pred();
        match book.table().in_force_of(list, before) {
            Some(prev) => match period(book, prev) {
                Some((from, _)) if from < start => start = from,
                _ => break,
            },
            None => break,
        }
    }
    Some(start)
}

/// The version in force on `date`, or else the first version (for citing the law that will
/// apply or applied).
fn in_force_or_first(book: &RuleBook, rule_id: &str, date: Date) -> Option<u16> {
    book.table()
        .in_force(rule_id, date)
        .or_else(|| first_version(book, rule_id))
}

/// `date` plus `months` calendar months, clamped to the month's last day.
fn add_months(date: Date, months: u32) -> Option<Date> {
    let (y, m, d) = date.ymd();
    let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    (0..4).find_map(|k| Date::from_ymd(year, month, d.saturating_sub(k)).ok())
}

/// Whether the child attends school on `day`: `Some(true)`/`Some(false)` when the facts show
/// it, `None` when they do not. Without a recorded entry date the library assumes that no child
/// enters school before the school year preceding its regular start (the earliest early entry
/// it reckons with) and that every child attends school from the school year after its regular
/// start (the latest start the Schulpflicht allows, after one deferral); where no cut-off
/// applies, it assumes school from the age of eight and none before five.
fn in_school_on(
    book: &RuleBook,
    facts: &LearnerFacts,
    birth: Date,
    day: Date,
    as_of: Date,
) -> Option<bool> {
    if let Some(entry) = facts.school_entry_date {
        return Some(entry <= day);
    }
    if day == as_of
        && (facts.school_years_attended.is_some_and(|n| n > 0) || facts.jahrgang.is_some())
    {
        return Some(true);
    }
    let regular = match facts.land {
        Some(land @ (Land::NW | Land::RP)) => einschulung::regular_start(book, land, birth)
            .ok()
            .map(|(s, _)| s),
        _ => None,
    };
    if let Some(s) = regular {
        if facts.deferred_before == Some(true) {
            return Some(day >= s.next().start());
        }
        let earliest =
            SchoolYear::starting(s.start_year() - 1).map_or(s.start(), SchoolYear::start);
        // From the school year after the regular start even a deferred child attends school.
        let latest = s.next().start();
        return if day < earliest {
            Some(false)
        } else if day >= latest {
            Some(true)
        } else {
            None
        };
    }
    match birth.age_on(day) {
        a if a < 5 => Some(false),
        a if a >= 8 => Some(true),
        _ => None,
    }
}

fn skeleton(transition: Transition, facts: &LearnerFacts, as_of: Date) -> Decision {
    Decision {
        transition,
        land: facts.land,
        as_of,
        school_year: None,
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::with_capacity(2),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    }
}

/// The first day from `birth` on which the child has a claim under Abs. 2 or Abs. 3 (the
/// unconditional claims), if the law names one before school entry.
fn next_claim_day(book: &RuleBook, facts: &LearnerFacts, birth: Date, as_of: Date) -> Option<Date> {
    let mut best: Option<Date> = None;
    if let Some(i2) = first_version(book, ABS2) {
        let (from, until) = age_bounds(book, i2);
        if let (Some(a), Some((v_from, _))) = (birth.anniversary(from), period(book, i2)) {
            let start = later(a, v_from);
            let end = until.and_then(|u| birth.anniversary(u));
            if end.is_none_or(|e| start < e) {
                best = Some(start);
            }
        }
    }
    if let Some(i3) = first_version(book, ABS3) {
        let (from, _) = age_bounds(book, i3);
        if let (Some(a), Some((v_from, _))) = (birth.anniversary(from), period(book, i3)) {
            let start = later(a, v_from);
            let not_in_school = match in_school_on(book, facts, birth, start, as_of) {
                Some(in_school) => !in_school,
                // Unknown school entry: only while the child is younger than six.
                None => birth.age_on(start) < 6,
            };
            if not_in_school && best.is_none_or(|b| start < b) {
                best = Some(start);
            }
        }
    }
    best.filter(|&d| d > as_of)
}

/// § 24 Abs. 1-3 SGB VIII: is there a claim on `as_of`, since when (or from when)?
pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let mut decision = skeleton(Transition::KitaClaim, facts, as_of);
    let Some(birth) = facts.birth_date else {
        for rule in [ABS2, ABS3] {
            if let Some(idx) = in_force_or_first(book, rule, as_of) {
                decision.checks.push(book.check_as(
                    detail,
                    idx,
                    &["birth_date"],
                    CheckResult::MissingFacts,
                    true,
                    || "the claim depends on the child's age",
                ));
            }
        }
        if decision.checks.is_empty() {
            return Err(no_law(ABS3));
        }
        decision.missing_facts.push("birth_date".into());
        decision.explanation_de =
            detail.text(|| "Ohne das Geburtsdatum lässt sich der Anspruch auf einen Betreuungsplatz nicht bestimmen."
                .to_owned());
        decision.explanation_en = detail.text(|| {
            "Without the date of birth the claim to a childcare place cannot be determined."
                .to_owned()
        });
        return Ok(decision);
    };
    let i3_any = first_version(book, ABS3).ok_or_else(|| no_law(ABS3))?;
    let (a3_from, _) = age_bounds(book, in_force_or_first(book, ABS3, as_of).unwrap_or(i3_any));
    let age = birth.age_on(as_of);
    let born = as_of >= birth;

    // Not yet born.
    if !born {
        return Ok(unborn(book, facts, birth, as_of, decision, detail));
    }

    // From three until school entry.
    if age >= a3_from {
        return abs3(book, facts, birth, as_of, decision, detail);
    }

    // One and two: Abs. 2.
    if let Some(i2) = book.table().in_force(ABS2, as_of) {
        let (from, until) = age_bounds(book, i2);
        if age >= from && until.is_none_or(|u| age < u) {
            let cite2 = book.citation(i2);
            let since = later(
                birth.anniversary(from).unwrap_or(birth),
                chain_start(book, ABS2, i2).unwrap_or(as_of),
            );
            decision.checks.push(book.check_as(detail,
                i2,
                &["birth_date"],
                CheckResult::Satisfied,
                true,
                || format!("aged {age}: claim to early support in a Kita or in Kindertagespflege since {since}"),
            ));
            decision.outcome = Outcome::Eligible;
            decision.effective_date = Some(since);
            decision.details.insert(
                Cow::Borrowed("place"),
                Cow::Borrowed("kita_or_kindertagespflege"),
            );
            decision.explanation_de = detail.text(|| format!(
                "Das Kind hat seit dem {} einen Anspruch auf frühkindliche Förderung in einer Kita oder in Kindertagespflege ({cite2}); ab dem dritten Geburtstag auf einen Kita-Platz.",
                de_date(since)
            ));
            decision.explanation_en = detail.text(|| format!(
                "Since {since} the child has a claim to early childhood support in a Kita or in Kindertagespflege ({cite2}); from the third birthday to a Kita place."
            ));
            return Ok(decision);
        }
    }

    // Under one: Abs. 1 (a duty tied to conditions).
    if age == 0 {
        if let Some(i1) = book.table().in_force(ABS1, as_of) {
            return Ok(abs1(book, facts, birth, as_of, i1, decision, detail));
        }
    }

    // No claim for this age in force on this date (before 01.08.2013 for children under three).
    let next = next_claim_day(book, facts, birth, as_of);
    let idx = next
        .and_then(|d| {
            book.table()
                .in_force(ABS2, d)
                .filter(|&i| {
                    let (f, u) = age_bounds(book, i);
                    let a = birth.age_on(d);
                    a >= f && u.is_none_or(|u| a < u)
                })
                .or_else(|| book.table().in_force(ABS3, d))
        })
        .or_else(|| in_force_or_first(book, ABS2, as_of))
        .unwrap_or(i3_any);
    let cite = book.citation(idx);
    decision.checks.push(book.check_as(
        detail,
        idx,
        &["birth_date"],
        CheckResult::NotSatisfied,
        true,
        || match next {
            Some(d) => {
                format!("aged {age}: no claim for this age in force on this date; claim from {d}")
            }
            None => format!("aged {age}: no claim for this age in force on this date"),
        },
    ));
    decision.outcome = Outcome::NotEligible;
    decision.eligible_from = next;
    match next {
        Some(d) => {
            decision.explanation_de = detail.text(|| format!(
                "Am {} besteht für ein Kind dieses Alters kein Rechtsanspruch auf einen Betreuungsplatz; ein Anspruch besteht ab dem {} ({cite}).",
                de_date(as_of),
                de_date(d)
            ));
            decision.explanation_en = detail.text(|| format!(
                "On {as_of} a child of this age has no legal claim to a childcare place; a claim exists from {d} ({cite})."
            ));
        }
        None => {
            decision.explanation_de = detail.text(|| format!(
                "Am {} besteht für ein Kind dieses Alters kein Rechtsanspruch auf einen Betreuungsplatz ({cite}).",
                de_date(as_of)
            ));
            decision.explanation_en = detail.text(|| format!(
                "On {as_of} a child of this age has no legal claim to a childcare place ({cite})."
            ));
        }
    }
    Ok(decision)
}

/// A child not yet born: the claim comes with the first birthday (Abs. 2), or with the birth
/// where the conditions of Abs. 1 are known to hold.
fn unborn(
    book: &RuleBook,
    facts: &LearnerFacts,
    birth: Date,
    as_of: Date,
    mut decision: Decision,
    detail: Detail,
) -> Decision {
    let abs1_met = facts.development_requires_support == Some(true)
        || facts.parents_working_training_or_seeking_work == Some(true);
    let i1_at_birth = book.table().in_force(ABS1, birth);
    let (from, idx) = match i1_at_birth {
        Some(i1) if abs1_met => (Some(birth), Some(i1)),
        _ => {
            let next = next_claim_day(book, facts, birth, as_of);
            let idx = next
                .and_then(|d| {
                    book.table()
                        .in_force(ABS2, d)
                        .or_else(|| book.table().in_force(ABS3, d))
                })
                .or_else(|| in_force_or_first(book, ABS2, as_of))
                .or_else(|| first_version(book, ABS3));
            (next, idx)
        }
    };
    let cite = idx.map_or("", |i| book.citation(i));
    if let Some(idx) = idx {
        decision.checks.push(book.check_as(
            detail,
            idx,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            || match from {
                Some(d) => format!("not yet born; claim from {d}"),
                None => "not yet born".to_owned(),
            },
        ));
    }
    decision.outcome = Outcome::NotEligible;
    decision.eligible_from = from;
    match from {
        Some(d) => {
            decision.explanation_de = detail.text(|| format!(
                "Das Kind ist noch nicht geboren; ein Anspruch auf Förderung besteht ab dem {} ({cite}).",
                de_date(d)
            ));
            decision.explanation_en = detail.text(|| {
                format!("The child is not yet born; a claim to support exists from {d} ({cite}).")
            });
        }
        None => {
            decision.explanation_de = detail.text(|| {
                format!(
                    "Das Kind ist noch nicht geboren; ein Anspruch besteht noch nicht ({cite})."
                )
            });
            decision.explanation_en = detail
                .text(|| format!("The child is not yet born; there is no claim yet ({cite})."));
        }
    }
    decision
}

/// § 24 Abs. 1: under one, to be supported if Nr. 1 or Nr. 2 holds.
fn abs1(
    book: &RuleBook,
    facts: &LearnerFacts,
    birth: Date,
    as_of: Date,
    i1: u16,
    mut decision: Decision,
    detail: Detail,
) -> Decision {
    let cite1 = book.citation(i1);
    let nr1 = facts.development_requires_support;
    let nr2 = facts.parents_working_training_or_seeking_work;
    let first_birthday = birth.anniversary(1);
    let i2 = first_birthday.and_then(|d| book.table().in_force(ABS2, d));
    if nr1 == Some(true) || nr2 == Some(true) {
        let mut used: Vec<&'static str> = vec!["birth_date"];
        if nr1 == Some(true) {
            used.push("development_requires_support");
        }
        if nr2 == Some(true) {
            used.push("parents_working_training_or_seeking_work");
        }
        let since = later(birth, chain_start(book, ABS1, i1).unwrap_or(as_of));
        decision.checks.push(book.check_as(
            detail,
            i1,
            &used,
            CheckResult::Satisfied,
            true,
            || {
                if nr1 == Some(true) {
                    "under one, and the support is called for by the child's development (Nr. 1)"
                } else {
                    "under one, and the parents work, train or seek work (Nr. 2)"
                }
            },
        ));
        decision.outcome = Outcome::Eligible;
        decision.effective_date = Some(since);
        decision.details.insert(
            Cow::Borrowed("place"),
            Cow::Borrowed("kita_or_kindertagespflege"),
        );
        decision.explanation_de = detail.text(|| format!(
            "Das Kind ist in einer Kita oder in Kindertagespflege zu fördern, weil {} ({cite1}); die Pflicht besteht seit dem {}, sofern die Voraussetzung seither vorliegt. Den Umfang bestimmt der individuelle Bedarf.",
            if nr1 == Some(true) {
                "seine Entwicklung die Förderung erfordert"
            } else {
                "die Eltern erwerbstätig, in Ausbildung oder arbeitsuchend sind"
            },
            de_date(since)
        ));
        decision.explanation_en = detail.text(|| format!(
            "The child is to be supported in a Kita or in Kindertagespflege because {} ({cite1}); the duty exists since {since}, as far as the condition has held since then. The extent follows the individual need.",
            if nr1 == Some(true) {
                "its development calls for it"
            } else {
                "the parents work, train or seek work"
            }
        ));
        return decision;
    }
    if nr1 == Some(false) && nr2 == Some(false) {
        let from = first_birthday.filter(|_| i2.is_some());
        decision.checks.push(book.check_as(detail,
            i1,
            &[
                "birth_date",
                "development_requires_support",
                "parents_working_training_or_seeking_work",
            ],
            CheckResult::NotSatisfied,
            true,
            || "under one: neither the child's development (Nr. 1) nor the parents' work, training or job search (Nr. 2) calls for a place",
        ));
        if let (Some(i2), Some(d)) = (i2, from) {
            decision.checks.push(book.check_as(
                detail,
                i2,
                &["birth_date"],
                CheckResult::NotSatisfied,
                true,
                || format!("unconditional claim from the first birthday, {d}"),
            ));
        }
        decision.outcome = Outcome::NotEligible;
        decision.eligible_from = from;
        let cite2 = i2.map_or("", |i| book.citation(i));
        match from {
            Some(d) => {
                decision.explanation_de = detail.text(|| format!(
                    "Vor dem ersten Geburtstag ist ein Kind nur zu fördern, wenn seine Entwicklung es erfordert oder die Eltern erwerbstätig, in Ausbildung oder arbeitsuchend sind ({cite1}); beides liegt nicht vor. Ab dem {} besteht ein Rechtsanspruch ({cite2}).",
                    de_date(d)
                ));
                decision.explanation_en = detail.text(|| format!(
                    "Before the first birthday a child is to be supported only if its development calls for it or the parents work, train or seek work ({cite1}); neither holds. From {d} there is a legal claim ({cite2})."
                ));
            }
            None => {
                decision.explanation_de = detail.text(|| format!(
                    "Vor dem ersten Geburtstag ist ein Kind nur zu fördern, wenn seine Entwicklung es erfordert oder die Eltern erwerbstätig, in Ausbildung oder arbeitsuchend sind ({cite1}); beides liegt nicht vor."
                ));
                decision.explanation_en = detail.text(|| format!(
                    "Before the first birthday a child is to be supported only if its development calls for it or the parents work, train or seek work ({cite1}); neither holds."
                ));
            }
        }
        return decision;
    }
    // Neither condition known to hold, at least one unknown.
    let mut used: Vec<&'static str> = vec!["birth_date"];
    if nr1.is_none() {
        used.push("development_requires_support");
        decision
            .missing_facts
            .push("development_requires_support".into());
    }
    if nr2.is_none() {
        used.push("parents_working_training_or_seeking_work");
        decision
            .missing_facts
            .push("parents_working_training_or_seeking_work".into());
    }
    decision.checks.push(book.check_as(detail,
        i1,
        &used,
        CheckResult::MissingFacts,
        true,
        || "under one: a place is due if the child's development calls for it or the parents work, train or seek work; not known",
    ));
    decision.explanation_de = detail.text(|| format!(
        "Vor dem ersten Geburtstag ist ein Kind zu fördern, wenn seine Entwicklung es erfordert oder die Eltern erwerbstätig, in Ausbildung oder arbeitsuchend sind ({cite1}); bitte angeben, ob das zutrifft."
    ));
    decision.explanation_en = detail.text(|| format!(
        "Before the first birthday a child is to be supported if its development calls for it or the parents work, train or seek work ({cite1}); please state whether this is so."
    ));
    decision
}

/// The latest day on which a claim that the federal rule dates `since` could have begun in a
/// Land that used § 24a SGB VIII a.F. (general dates until 01.08.1996; local dates at most six,
/// in 1998 four months apart; none after 31.12.1998).
fn latest_start_24a(book: &RuleBook, since: Date) -> Option<(u16, Date)> {
    let idx = book.table().in_force(ABS3_TRANSITION, since)?;
    let (from, until) = period(book, idx)?;
    let end = until?.succ();
    let general = Date::from_ymd(from.year(), 8, 1).ok()?;
    let latest = if since <= general {
        general
    } else if since.year() >= end.year() - 1 {
        add_months(since, 4)?
    } else {
        add_months(since, 6)?
    };
    Some((idx, if latest < end { latest } else { end }))
}

/// § 24 Abs. 3 (and its predecessors since 1996): from three until school entry.
fn abs3(
    book: &RuleBook,
    facts: &LearnerFacts,
    birth: Date,
    as_of: Date,
    mut decision: Decision,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let Some(i3) = book.table().in_force(ABS3, as_of) else {
        // Before the claim existed (01.01.1996).
        let next = next_claim_day(book, facts, birth, as_of);
        let idx = first_version(book, ABS3).ok_or_else(|| no_law(ABS3))?;
        let cite = book.citation(idx);
        let from = period(book, idx).map_or(as_of, |(f, _)| f);
        decision.checks.push(book.check_as(
            detail,
            idx,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            || format!("the claim from the third birthday exists only from {from}"),
        ));
        decision.outcome = Outcome::NotEligible;
        decision.eligible_from = next;
        decision.explanation_de = detail.text(|| match next {
            Some(d) => format!(
                "Am {} bestand noch kein Rechtsanspruch auf einen Kindergartenplatz; er besteht ab dem {} ({cite}).",
                de_date(as_of),
                de_date(d)
            ),
            None => format!(
                "Am {} bestand noch kein Rechtsanspruch auf einen Kindergartenplatz ({cite}).",
                de_date(as_of)
            ),
        });
        decision.explanation_en = detail.text(|| match next {
            Some(d) => format!(
                "On {as_of} there was no legal claim to a Kindergarten place yet; it exists from {d} ({cite})."
            ),
            None => {
                format!("On {as_of} there was no legal claim to a Kindergarten place yet ({cite}).")
            }
        });
        return Ok(decision);
    };
    let (a3_from, _) = age_bounds(book, i3);
    let cite3 = book.citation(i3);
    match in_school_on(book, facts, birth, as_of, as_of) {
        Some(true) => {
            decision.checks.push(book.check_as(
                detail,
                i3,
                &["birth_date", "school_entry_date"],
                CheckResult::NotSatisfied,
                true,
                || "the child has entered school: the claim ended with school entry",
            ));
            decision.outcome = Outcome::NotEligible;
            if let Some(e) = facts.school_entry_date {
                decision
                    .details
                    .insert(Cow::Borrowed("claim_ended"), Cow::Owned(e.to_string()));
            }
            decision.explanation_de = detail.text(|| format!(
                "Der Anspruch auf einen Kita-Platz besteht nur bis zum Schuleintritt ({cite3}); das Kind besucht bereits die Schule."
            ));
            decision.explanation_en = detail.text(|| format!(
                "The claim to a Kita place lasts only until school entry ({cite3}); the child already attends school."
            ));
        }
        None => {
            decision.checks.push(book.check_as(detail,
                i3,
                &["birth_date", "school_entry_date", "land"],
                CheckResult::MissingFacts,
                true,
                || "the claim lasts until school entry; whether the child has entered school is unknown",
            ));
            decision.missing_facts.push("school_entry_date".into());
            decision.explanation_de = detail.text(|| format!(
                "Der Anspruch auf einen Kita-Platz besteht bis zum Schuleintritt ({cite3}); bitte angeben, ob und wann das Kind eingeschult wurde."
            ));
            decision.explanation_en = detail.text(|| format!(
                "The claim to a Kita place lasts until school entry ({cite3}); please state whether and when the child entered school."
            ));
        }
        Some(false) => {
            let since = later(
                birth.anniversary(a3_from).unwrap_or(birth),
                chain_start(book, ABS3, i3).unwrap_or(as_of),
            );
            decision.checks.push(book.check_as(detail,
                i3,
                &["birth_date", "school_entry_date"],
                CheckResult::Satisfied,
                true,
                || format!("aged {}, not yet in school: claim to a place in a Tageseinrichtung since {since}", birth.age_on(as_of)),
            ));
            if let Some((i24a, latest)) = latest_start_24a(book, since) {
                decision.checks.push(book.check_as(detail,
                    i24a,
                    &["birth_date", "land"],
                    CheckResult::NotApplicable,
                    false,
                    || format!(
                        "until 31.12.1998 Landesrecht could postpone the start to a general date; a Land rule could have set it as late as {latest} (not encoded)"
                    ),
                ));
                decision.details.insert(
                    Cow::Borrowed("latest_start_if_land_used_24a"),
                    Cow::Owned(latest.to_string()),
                );
            }
            decision.outcome = Outcome::Eligible;
            decision.effective_date = Some(since);
            decision
                .details
                .insert(Cow::Borrowed("place"), Cow::Borrowed("kita"));
            decision.explanation_de = detail.text(|| format!(
                "Das Kind hat seit dem {} bis zum Schuleintritt einen Anspruch auf Förderung in einer Tageseinrichtung (Kita-Platz) ({cite3}).",
                de_date(since)
            ));
            decision.explanation_en = detail.text(|| format!(
                "Since {since} and until school entry the child has a claim to a place in a day-care centre (Kita) ({cite3})."
            ));
        }
    }
    Ok(decision)
}

// ---------------------------------------------------------------------------------------------
// § 24 Abs. 4: the Ganztag claim of primary-school children
// ---------------------------------------------------------------------------------------------

/// The class number of a Jahrgang (EF, Q1, Q2 count as 11-13).
fn class_number(j: Jahrgang) -> i32 {
    match j {
        Jahrgang::Klasse(n) => i32::from(n),
        Jahrgang::EF => 11,
        Jahrgang::Q1 => 12,
        _ => 13,
    }
}

/// The cohort condition: (version index, first school year of the cohort, last day).
struct Cohort {
    idx: u16,
    first_year: i32,
    from: Date,
    until: Option<Date>,
}

fn cohort(book: &RuleBook) -> Option<Cohort> {
    let idx = first_version(book, ABS4_COHORT)?;
    let (from, until) = period(book, idx)?;
    Some(Cohort {
        idx,
        first_year: SchoolYear::containing(from).start_year(),
        from,
        until,
    })
}

/// Whether the child belongs to the cohort ("attends class 1 in the first school year or a later
/// one"), as far as the facts show. `class_now` is the class in school year `y`, if known.
fn in_cohort(
    facts: &LearnerFacts,
    first_year: i32,
    y: i32,
    class_now: Option<i32>,
) -> Option<bool> {
    if let Some(c1) = facts.in_class1_school_year {
        return Some(i32::from(c1) >= first_year);
    }
    let entry_year = facts
        .school_entry_date
        .map(|e| SchoolYear::containing(e).start_year());
    if entry_year.is_some_and(|e| e >= first_year) {
        return Some(true);
    }
    match class_now {
        Some(1) if y >= first_year => Some(true),
        // In class 2 or higher in `y`: class 1 was in `y - 1` or earlier.
        Some(k) if k >= 2 && y - 1 < first_year => Some(false),
        Some(k) => match entry_year {
            // One class per school year since entry: class 1 only in the entry year.
            Some(e) if k > y - e => Some(e >= first_year),
            _ => None,
        },
        None => None,
    }
}

/// § 24 Abs. 4 SGB VIII: does the child have the Ganztag claim on `as_of`?
pub(crate) fn evaluate_ganztag(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let t = book.table();
    let mut d = skeleton(Transition::GanztagClaim, facts, as_of);
    let y = SchoolYear::containing(as_of);
    d.school_year = Some(y);
    let first4 = first_version(book, ABS4).ok_or_else(|| no_law(ABS4))?;
    let (claim_from, _) = period(book, first4).ok_or_else(|| no_law(ABS4))?;
    let coh = cohort(book);
    // The first day of the version without a cohort condition.
    let universal = coh
        .as_ref()
        .and_then(|c| c.until)
        .map(Date::succ)
        .filter(|&u| t.in_force(ABS4, u).is_some());
    let max_class = match book.value(first4) {
        Some(Value::GradeRange { max, .. }) => i32::try_from(*max).unwrap_or(4),
        _ => 4,
    };
    let i4_now = t.in_force(ABS4, as_of);
    let cite_idx = i4_now.unwrap_or(first4);
    let cite4 = book.citation(cite_idx);
    let entry = facts.school_entry_date;
    let y0 = y.start_year();

    // The class on `as_of`: given, or reckoned from the entry date (one class per school year).
    let given = facts.jahrgang.map(class_number);
    let (class_now, reckoned) = match (entry, given) {
        (Some(e), _) if e > as_of => (None, false),
        (_, Some(k)) => (Some(k), false),
        (Some(e), None) => (Some(y0 - SchoolYear::containing(e).start_year() + 1), true),
        (None, None) => (None, false),
    };

    // The first day of the claim for a child that enters school on `e`, on normal progression.
    let start_for_entry = |e: Date| -> Option<Date> {
        let ey = SchoolYear::containing(e).start_year();
        let covered_by_cohort = coh.as_ref().is_some_and(|c| ey >= c.first_year);
        if coh.is_none() || covered_by_cohort {
            return Some(later(e, claim_from));
        }
        let u = universal?;
        let class_then = SchoolYear::containing(u).start_year() - ey + 1;
        (class_then <= max_class).then(|| later(e, u))
    };
    // For a child in class `k` in school year `y0`: when the universal version reaches it.
    let universal_for_class = |k: i32| -> Option<Date> {
        let u = universal?;
        let class_then = k + SchoolYear::containing(u).start_year() - y0;
        (class_then <= max_class && u > as_of).then_some(u)
    };
    let hours = |d: &mut Decision| {
        d.details
            .insert(Cow::Borrowed("hours_per_working_day"), Cow::Borrowed("8"));
        d.details.insert(
            Cow::Borrowed("max_holiday_closure_weeks"),
            Cow::Borrowed("4"),
        );
    };

    // Not yet in school.
    if class_now.is_none() {
        match entry {
            Some(e) => {
                let from = start_for_entry(e);
                d.checks.push(book.check_as(
                    detail,
                    cite_idx,
                    &["school_entry_date"],
                    CheckResult::NotSatisfied,
                    true,
                    || match from {
                        Some(f) => {
                            format!("not yet in school: the claim runs from school entry; from {f}")
                        }
                        None => "not yet in school: the claim runs from school entry".to_owned(),
                    },
                ));
                d.outcome = Outcome::NotEligible;
                d.eligible_from = from;
                d.explanation_de = detail.text(|| match from {
                    Some(f) => format!(
                        "Der Anspruch auf ganztägige Förderung besteht ab dem Schuleintritt bis zum Beginn der fünften Klasse ({cite4}); das Kind hat ihn ab dem {}.",
                        de_date(f)
                    ),
                    None => format!(
                        "Der Anspruch auf ganztägige Förderung besteht ab dem Schuleintritt bis zum Beginn der fünften Klasse ({cite4}); das Kind ist noch nicht eingeschult."
                    ),
                });
                d.explanation_en = detail.text(|| match from {
                    Some(f) => format!(
                        "The claim to all-day support runs from school entry until the beginning of class 5 ({cite4}); the child has it from {f}."
                    ),
                    None => format!(
                        "The claim to all-day support runs from school entry until the beginning of class 5 ({cite4}); the child has not entered school yet."
                    ),
                });
            }
            None => {
                d.missing_facts.push("school_entry_date".into());
                d.checks.push(book.check_as(detail,
                    cite_idx,
                    &["school_entry_date", "jahrgang"],
                    if i4_now.is_some() {
                        CheckResult::MissingFacts
                    } else {
                        CheckResult::NotSatisfied
                    },
                    true,
                    || "the claim runs from school entry until the beginning of class 5; school entry and class unknown",
                ));
                if i4_now.is_none() {
                    d.outcome = Outcome::NotEligible;
                    d.explanation_de = detail.text(|| format!(
                        "Am {} besteht noch kein Anspruch auf ganztägige Förderung; er gilt ab dem {} ab dem Schuleintritt ({cite4}). Bitte das Datum der Einschulung angeben.",
                        de_date(as_of),
                        de_date(claim_from)
                    ));
                    d.explanation_en = detail.text(|| format!(
                        "On {as_of} there is no claim to all-day support yet; it applies from {claim_from}, from school entry ({cite4}). Please state the date of school entry."
                    ));
                } else {
                    d.explanation_de = detail.text(|| format!(
                        "Der Anspruch auf ganztägige Förderung besteht ab dem Schuleintritt bis zum Beginn der fünften Klasse ({cite4}); bitte Einschulungsdatum oder Klasse angeben."
                    ));
                    d.explanation_en = detail.text(|| format!(
                        "The claim to all-day support runs from school entry until the beginning of class 5 ({cite4}); please state the date of school entry or the class."
                    ));
                }
            }
        }
        return Ok(d);
    }
    let k = class_now.unwrap_or(1);
    let mut used: Vec<&'static str> = vec!["school_entry_date"];
    if given.is_some() {
        used.push("jahrgang");
    }

    // Class 5 or higher: the claim has ended.
    if k > max_class {
        if reckoned {
            d.missing_facts.push("jahrgang".into());
            d.checks.push(book.check_as(
                detail,
                cite_idx,
                &used,
                CheckResult::MissingFacts,
                true,
                || {
                    format!(
                        "in the {k}th school year since entry: whether class 5 has begun is unknown"
                    )
                },
            ));
            d.explanation_de = detail.text(|| format!(
                "Der Anspruch besteht bis zum Beginn der fünften Klasse ({cite4}); das Kind ist im {k}. Schulbesuchsjahr. Bitte die Klasse angeben."
            ));
            d.explanation_en = detail.text(|| format!(
                "The claim lasts until the beginning of class 5 ({cite4}); the child is in its school year no. {k}. Please state the class."
            ));
            return Ok(d);
        }
        d.checks.push(book.check_as(
            detail,
            cite_idx,
            &used,
            CheckResult::NotSatisfied,
            true,
            || format!("class {k}: the claim ends with the beginning of class 5"),
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| format!(
            "Der Anspruch auf ganztägige Förderung besteht nur bis zum Beginn der fünften Klasse ({cite4}); das Kind besucht die Klasse {k}."
        ));
        d.explanation_en = detail.text(|| format!(
            "The claim to all-day support lasts only until the beginning of class 5 ({cite4}); the child attends class {k}."
        ));
        return Ok(d);
    }

    let cohort_now = coh
        .as_ref()
        .filter(|_| t.in_force(ABS4_COHORT, as_of).is_some());
    // A class reckoned from the entry date says nothing about repeated years: not used here.
    let member = coh
        .as_ref()
        .map(|c| in_cohort(facts, c.first_year, y0, class_now.filter(|_| !reckoned)));

    // Before the claim is in force.
    let Some(i4) = i4_now else {
        let from = match (&coh, member.flatten()) {
            (Some(c), Some(true)) => Some(later(entry.unwrap_or(c.from), c.from)),
            (None, _) => Some(later(entry.unwrap_or(claim_from), claim_from)),
            _ => universal_for_class(k),
        };
        d.checks.push(book.check_as(detail,
            first4,
            &used,
            CheckResult::NotSatisfied,
            true,
            || match from {
                Some(f) => format!("not yet in force on this date; claim from {f}"),
                None => "not yet in force on this date; on normal progression the child reaches class 5 before it applies".to_owned(),
            },
        ));
        d.outcome = Outcome::NotEligible;
        d.eligible_from = from;
        d.explanation_de = detail.text(|| match from {
            Some(f) => format!(
                "Der Anspruch auf ganztägige Förderung gilt erst ab dem {} ({cite4}); das Kind hat ihn ab dem {}.",
                de_date(claim_from),
                de_date(f)
            ),
            None => format!(
                "Der Anspruch auf ganztägige Förderung gilt erst ab dem {} ({cite4}); bei regulärem Durchlaufen der Klassen erreicht er das Kind nicht mehr.",
                de_date(claim_from)
            ),
        });
        d.explanation_en = detail.text(|| match from {
            Some(f) => format!(
                "The claim to all-day support applies only from {claim_from} ({cite4}); the child has it from {f}."
            ),
            None => format!(
                "The claim to all-day support applies only from {claim_from} ({cite4}); on normal progression through the classes it will not reach the child."
            ),
        });
        return Ok(d);
    };

    // In force; the cohort condition applies until the universal wording.
    if let Some(c) = cohort_now {
        match member.flatten() {
            None => {
                d.missing_facts.push("in_class1_school_year".into());
                d.checks.push(book.check_as(detail,
                    c.idx,
                    &["in_class1_school_year", "school_entry_date", "jahrgang"],
                    CheckResult::MissingFacts,
                    true,
                    || "the claim requires class 1 in 2026/27 or later; when the child attended class 1 is unknown",
                ));
                d.explanation_de = detail.text(|| format!(
                    "Bis zum 31.07.2029 haben nur Kinder, die im Schuljahr {}/{} oder später die erste Klasse besuchen, den Anspruch ({}); bitte angeben, in welchem Schuljahr das Kind (zuletzt) die erste Klasse besucht hat.",
                    c.first_year,
                    (c.first_year + 1) % 100,
                    book.citation(c.idx)
                ));
                d.explanation_en = detail.text(|| format!(
                    "Until 31 July 2029 only children who attend class 1 in the school year {}/{} or later have the claim ({}); please state in which school year the child (last) attended class 1.",
                    c.first_year,
                    (c.first_year + 1) % 100,
                    book.citation(c.idx)
                ));
                return Ok(d);
            }
            Some(false) => {
                let from = universal_for_class(k);
                d.checks.push(book.check_as(
                    detail,
                    c.idx,
                    &["in_class1_school_year", "school_entry_date", "jahrgang"],
                    CheckResult::NotSatisfied,
                    true,
                    || match from {
                        Some(f) => format!(
                            "attended class 1 before {}/{}: no claim until {f}",
                            c.first_year,
                            (c.first_year + 1) % 100
                        ),
                        None => format!(
                            "attended class 1 before {}/{}: no claim",
                            c.first_year,
                            (c.first_year + 1) % 100
                        ),
                    },
                ));
                d.outcome = Outcome::NotEligible;
                d.eligible_from = from;
                d.explanation_de = detail.text(|| match from {
                    Some(f) => format!(
                        "Den Anspruch auf ganztägige Förderung haben bis zum 31.07.2029 nur Kinder, die im Schuljahr {}/{} oder später die erste Klasse besuchen ({}); für das Kind gilt er ab dem {} ({cite4}).",
                        c.first_year,
                        (c.first_year + 1) % 100,
                        book.citation(c.idx),
                        de_date(f)
                    ),
                    None => format!(
                        "Den Anspruch auf ganztägige Förderung haben bis zum 31.07.2029 nur Kinder, die im Schuljahr {}/{} oder später die erste Klasse besuchen ({}); das Kind hat die erste Klasse früher besucht.",
                        c.first_year,
                        (c.first_year + 1) % 100,
                        book.citation(c.idx)
                    ),
                });
                d.explanation_en = detail.text(|| match from {
                    Some(f) => format!(
                        "Until 31 July 2029 only children who attend class 1 in {}/{} or later have the claim to all-day support ({}); the child has it from {f} ({cite4}).",
                        c.first_year,
                        (c.first_year + 1) % 100,
                        book.citation(c.idx)
                    ),
                    None => format!(
                        "Until 31 July 2029 only children who attend class 1 in {}/{} or later have the claim to all-day support ({}); the child attended class 1 earlier.",
                        c.first_year,
                        (c.first_year + 1) % 100,
                        book.citation(c.idx)
                    ),
                });
                return Ok(d);
            }
            Some(true) => {
                d.checks.push(book.check_as(
                    detail,
                    c.idx,
                    &["in_class1_school_year", "school_entry_date", "jahrgang"],
                    CheckResult::Satisfied,
                    true,
                    || {
                        format!(
                            "attends (or attended) class 1 in {}/{} or later",
                            c.first_year,
                            (c.first_year + 1) % 100
                        )
                    },
                ));
            }
        }
    }

    // Eligible. Since when: the claim began with school entry, at the earliest when the wording
    // that covers the child came into force.
    let entry_day = match entry {
        Some(e) => e,
        None => SchoolYear::starting(y0 - (k - 1)).map_or(claim_from, SchoolYear::start),
    };
    if entry.is_none() {
        d.missing_facts.push("school_entry_date".into());
    }
    let since = match (&coh, member.flatten()) {
        (Some(c), Some(true)) => later(entry_day, c.from),
        (Some(_), Some(false)) => later(entry_day, universal.unwrap_or(claim_from)),
        (Some(c), None) => {
            // Under the universal wording without the class-1 year: the later candidate, and
            // the fact that would decide between them.
            let early = later(entry_day, c.from);
            let late = later(entry_day, universal.unwrap_or(c.from));
            if early != late {
                d.missing_facts.push("in_class1_school_year".into());
            }
            late
        }
        (None, _) => later(entry_day, claim_from),
    };
    let until = SchoolYear::starting(y0 + (max_class + 1 - k))
        .ok()
        .map(SchoolYear::start);
    d.checks.push(
        book.check_as(detail, i4, &used, CheckResult::Satisfied, true, || {
            format!(
                "class {k}: claim from school entry until the beginning of class 5, since {since}"
            )
        }),
    );
    d.outcome = Outcome::Eligible;
    d.effective_date = Some(since);
    hours(&mut d);
    if let Some(u) = until {
        d.details
            .insert(Cow::Borrowed("until_normally"), Cow::Owned(u.to_string()));
    }
    d.explanation_de = detail.text(|| format!(
        "Das Kind hat seit dem {} bis zum Beginn der fünften Klasse einen Anspruch auf Förderung in einer Tageseinrichtung an Werktagen im Umfang von acht Stunden täglich; Unterricht und Angebote der (offenen) Ganztagsgrundschule werden angerechnet, in den Schulferien ist eine Schließzeit von bis zu vier Wochen möglich ({cite4}).",
        de_date(since)
    ));
    d.explanation_en = detail.text(|| format!(
        "Since {since} and until the beginning of class 5 the child has a claim to support in a day-care facility on working days, eight hours a day; lessons and (open) all-day primary school offers count towards it, and up to four weeks' closure in the school holidays are possible ({cite4})."
    ));
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn chain_of_abs3_versions_starts_1996() {
        let book = RuleBook::embedded().unwrap();
        let idx = book.table().in_force(ABS3, d(2020, 1, 1)).unwrap();
        assert_eq!(chain_start(&book, ABS3, idx), Some(d(1996, 1, 1)));
    }

    #[test]
    fn months_are_added_calendar_wise() {
        assert_eq!(add_months(d(1997, 8, 31), 6), Some(d(1998, 2, 28)));
        assert_eq!(add_months(d(1998, 11, 15), 4), Some(d(1999, 3, 15)));
    }
}
