//! Claims to early childhood education and care, § 24 SGB VIII.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::de_date;
use super::law::Value;
use super::{
    CheckResult, Decision, LearnerFacts, Outcome, RuleBook, RuleError, Transition, einschulung,
};
use crate::calendar::Date;

const ABS1: &str = "federal.sgb8.24.abs1";
const ABS2: &str = "federal.sgb8.24.abs2";
const ABS3: &str = "federal.sgb8.24.abs3";

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

pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    let t = book.table();
    let abs1 = t.in_force(ABS1, as_of);
    let abs2 = t.in_force(ABS2, as_of);
    let abs3 = book.require(ABS3, as_of)?;
    let mut decision = Decision {
        transition: Transition::KitaClaim,
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
    };
    let Some(birth) = facts.birth_date else {
        for idx in [abs2, Some(abs3)].into_iter().flatten() {
            decision.checks.push(book.check(
                idx,
                &["birth_date"],
                CheckResult::MissingFacts,
                true,
                "the claim depends on the child's age".to_owned(),
            ));
        }
        decision.missing_facts.push("birth_date".into());
        decision.explanation_de =
            "Ohne das Geburtsdatum lässt sich der Anspruch auf einen Betreuungsplatz nicht bestimmen."
                .to_owned();
        decision.explanation_en =
            "Without the date of birth the claim to a childcare place cannot be determined."
                .to_owned();
        return Ok(decision);
    };
    let age = birth.age_on(as_of);
    let born = as_of >= birth;
    let (a3_from, _) = age_bounds(book, abs3);
    let cite3 = book.citation(abs3);

    // From three until school entry: a Kita place.
    if born && age >= a3_from {
        let since = later(
            birth.anniversary(a3_from).unwrap_or(birth),
            t.row(abs3).map_or(as_of, |r| r.version.from),
        );
        // Has the child entered school?
        let in_school = match facts.school_years_attended {
            Some(n) => Some(n > 0),
            None if age < 5 => Some(false),
            None => match facts.land {
                Some(land) => einschulung::regular_start(book, land, birth)
                    .ok()
                    .and_then(|(s, _)| (as_of < s.start()).then_some(false)),
                None => None,
            },
        };
        match in_school {
            Some(false) => {
                decision.checks.push(book.check(
                    abs3,
                    &["birth_date", "school_years_attended"],
                    CheckResult::Satisfied,
                    true,
                    format!(
                        "aged {age}, not yet in school: claim to a place in a Tageseinrichtung"
                    ),
                ));
                decision.outcome = Outcome::Eligible;
                decision.effective_date = Some(since);
                decision
                    .details
                    .insert(Cow::Borrowed("place"), Cow::Borrowed("kita"));
                decision.explanation_de = format!(
                    "Das Kind hat seit dem {} bis zum Schuleintritt einen Anspruch auf Förderung in einer Tageseinrichtung (Kita-Platz) ({cite3}).",
                    de_date(since)
                );
                decision.explanation_en = format!(
                    "Since {} and until school entry the child has a claim to a place in a day-care centre (Kita) ({cite3}).",
                    since
                );
            }
            Some(true) => {
                decision.checks.push(book.check(
                    abs3,
                    &["birth_date", "school_years_attended"],
                    CheckResult::NotSatisfied,
                    true,
                    "the child attends school: the claim ends with school entry".to_owned(),
                ));
                decision.outcome = Outcome::NotEligible;
                decision.explanation_de = format!(
                    "Der Anspruch auf einen Kita-Platz besteht nur bis zum Schuleintritt ({cite3}); das Kind besucht bereits die Schule."
                );
                decision.explanation_en = format!(
                    "The claim to a Kita place lasts only until school entry ({cite3}); the child already attends school."
                );
            }
            None => {
                decision.checks.push(book.check(
                    abs3,
                    &["birth_date", "school_years_attended", "land"],
                    CheckResult::MissingFacts,
                    true,
                    "the claim lasts until school entry; whether the child attends school is unknown".to_owned(),
                ));
                decision.missing_facts.push("school_years_attended".into());
                decision.explanation_de = format!(
                    "Der Anspruch auf einen Kita-Platz besteht bis zum Schuleintritt ({cite3}); bitte angeben, ob das Kind bereits die Schule besucht."
                );
                decision.explanation_en = format!(
                    "The claim to a Kita place lasts until school entry ({cite3}); please state whether the child already attends school."
                );
            }
        }
        return Ok(decision);
    }

    // One and two: Kita or Kindertagespflege.
    if let Some(abs2) = abs2 {
        let (from, until) = age_bounds(book, abs2);
        let cite2 = book.citation(abs2);
        if born && age >= from && until.is_none_or(|u| age < u) {
            let since = later(
                birth.anniversary(from).unwrap_or(birth),
                t.row(abs2).map_or(as_of, |r| r.version.from),
            );
            decision.checks.push(book.check(
                abs2,
                &["birth_date"],
                CheckResult::Satisfied,
                true,
                format!("aged {age}: claim to early support in a Kita or in Kindertagespflege"),
            ));
            decision.outcome = Outcome::Eligible;
            decision.effective_date = Some(since);
            decision.details.insert(
                Cow::Borrowed("place"),
                Cow::Borrowed("kita_or_kindertagespflege"),
            );
            decision.explanation_de = format!(
                "Das Kind hat seit dem {} einen Anspruch auf frühkindliche Förderung in einer Kita oder in Kindertagespflege ({cite2}); ab dem dritten Geburtstag auf einen Kita-Platz.",
                de_date(since)
            );
            decision.explanation_en = format!(
                "Since {since} the child has a claim to early childhood support in a Kita or in Kindertagespflege ({cite2}); from the third birthday to a Kita place."
            );
            return Ok(decision);
        }
        // Under one (or not yet born).
        let from_date = birth.anniversary(from).ok_or(RuleError::DateOutOfRange)?;
        if !born {
            decision.checks.push(book.check(
                abs2,
                &["birth_date"],
                CheckResult::NotSatisfied,
                true,
                format!("not yet born; claim from {from_date}"),
            ));
            decision.outcome = Outcome::NotEligible;
            decision.effective_date = Some(from_date);
            decision.explanation_de = format!(
                "Ein Rechtsanspruch auf frühkindliche Förderung besteht ab dem ersten Geburtstag, dem {} ({cite2}).",
                de_date(from_date)
            );
            decision.explanation_en = format!(
                "A legal claim to early childhood support exists from the first birthday, {from_date} ({cite2})."
            );
            return Ok(decision);
        }
        if let Some(abs1) = abs1 {
            let cite1 = book.citation(abs1);
            decision.checks.push(book.check(
                abs1,
                &["birth_date"],
                CheckResult::Discretionary,
                true,
                "under one: a place must be provided if the child's development or the parents' work, training or job search require it".to_owned(),
            ));
            decision.checks.push(book.check(
                abs2,
                &["birth_date"],
                CheckResult::NotSatisfied,
                true,
                format!("unconditional claim from {from_date}"),
            ));
            decision.outcome = Outcome::Discretionary;
            decision.effective_date = Some(from_date);
            decision.explanation_de = format!(
                "Vor dem ersten Geburtstag ist ein Platz zu vermitteln, wenn die Entwicklung des Kindes es erfordert oder die Eltern erwerbstätig, in Ausbildung oder arbeitsuchend sind; das Jugendamt prüft ({cite1}). Ab dem {} besteht ein Rechtsanspruch ({cite2}).",
                de_date(from_date)
            );
            decision.explanation_en = format!(
                "Before the first birthday a place must be provided if the child's development requires it or the parents work, train or seek work; the youth welfare office decides ({cite1}). From {from_date} there is a legal claim ({cite2})."
            );
            return Ok(decision);
        }
    }

    // No claim in force for this age on this date (before 01.08.2013 for ages under three).
    let three = birth
        .anniversary(a3_from)
        .ok_or(RuleError::DateOutOfRange)?;
    // The first day a claim exists: the later start of Abs. 2 (if it applies before three) or three.
    let next = book
        .table()
        .by_id
        .get(ABS2)
        .and_then(|l| {
            l.iter()
                .filter_map(|&i| t.row(i))
                .map(|r| r.version.from)
                .min()
        })
        .map(|abs2_from| {
            let one = birth.anniversary(1).unwrap_or(three);
            let start = later(one, abs2_from);
            if start < three { start } else { three }
        })
        .unwrap_or(three);
    decision.checks.push(book.check(
        abs3,
        &["birth_date"],
        CheckResult::NotSatisfied,
        true,
        format!("aged {age}: under {a3_from}, and no claim for this age was in force on this date"),
    ));
    decision.outcome = Outcome::NotEligible;
    decision.effective_date = Some(next);
    decision.explanation_de = format!(
        "Am {} besteht für ein Kind dieses Alters kein Rechtsanspruch; ein Anspruch besteht ab dem {} ({cite3}).",
        de_date(as_of),
        de_date(next)
    );
    decision.explanation_en = format!(
        "On {as_of} a child of this age has no legal claim; a claim exists from {next} ({cite3})."
    );
    Ok(decision)
}

// PLACEHOLDER (to be replaced before commit): § 24 Abs. 4 SGB VIII.
pub(crate) fn evaluate_ganztag(
    _book: &RuleBook,
    _facts: &LearnerFacts,
    _as_of: Date,
) -> Result<Decision, RuleError> {
    Err(RuleError::UnknownTransition)
}
