//! End of the Vollzeitschulpflicht: § 37 SchulG NRW (ten school years, nine at a G8 Gymnasium),
//! § 64 SchulG RLP.

use std::collections::BTreeMap;

use super::decision::de_date;
use super::law::Value;
use super::{
    CheckResult, Decision, GymnasiumTrack, Land, LearnerFacts, Outcome, RuleBook, RuleError,
    Schulform, Transition,
};
use crate::calendar::{Date, SchoolYear};

pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    let y = SchoolYear::containing(as_of);
    let mut d = Decision {
        transition: Transition::EndOfFullTimeSchooling,
        land: facts.land,
        as_of,
        school_year: Some(y),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::with_capacity(2),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };
    let Some(land) = facts.land else {
        for id in [
            "nrw.vollzeitschulpflicht.dauer",
            "rlp.vollzeitschulpflicht.dauer",
        ] {
            if let Some(idx) = book.table().in_force(id, as_of) {
                d.checks.push(book.check(
                    idx,
                    &["land"],
                    CheckResult::MissingFacts,
                    true,
                    "the duration depends on the Land".to_owned(),
                ));
            }
        }
        if d.checks.is_empty() {
            return Err(RuleError::NoLawInForce {
                rule_id: "nrw.vollzeitschulpflicht.dauer".to_owned(),
            });
        }
        d.missing_facts.push("land".into());
        if facts.school_years_attended.is_none() {
            d.missing_facts.push("school_years_attended".into());
        }
        d.explanation_de =
            "Die Dauer der Vollzeitschulpflicht hängt vom Land ab; bitte das Land angeben."
                .to_owned();
        d.explanation_en =
            "The length of full-time Schulpflicht depends on the Land; please state the Land."
                .to_owned();
        return Ok(d);
    };
    let land = super::einschulung::covered(land, Transition::EndOfFullTimeSchooling)?;
    let nrw = land == Land::NW;
    let gymnasium = facts.schulform == Some(Schulform::Gymnasium);
    let (rule_id, facts_used): (&str, &[&'static str]) = if nrw && gymnasium {
        match facts.gymnasium_track {
            Some(GymnasiumTrack::G8) => (
                "nrw.vollzeitschulpflicht.dauer_g8",
                &["school_years_attended", "schulform", "gymnasium_track"],
            ),
            Some(GymnasiumTrack::G9) => (
                "nrw.vollzeitschulpflicht.dauer",
                &["school_years_attended", "schulform", "gymnasium_track"],
            ),
            None => {
                d.missing_facts.push("gymnasium_track".into());
                (
                    "nrw.vollzeitschulpflicht.dauer",
                    &["school_years_attended", "schulform"],
                )
            }
        }
    } else if nrw {
        (
            "nrw.vollzeitschulpflicht.dauer",
            &["school_years_attended", "schulform"],
        )
    } else {
        ("rlp.vollzeitschulpflicht.dauer", &["school_years_attended"])
    };
    let idx = book.require(rule_id, as_of)?;
    let required = match book.value(idx) {
        Some(Value::Years { years }) => *years,
        _ => {
            return Err(RuleError::NoLawInForce {
                rule_id: rule_id.to_owned(),
            });
        }
    };
    let cite = book.citation(idx);
    let Some(done) = facts.school_years_attended else {
        d.missing_facts.insert(0, "school_years_attended".into());
        d.checks.push(book.check(
            idx,
            facts_used,
            CheckResult::MissingFacts,
            true,
            format!("{required} school years required"),
        ));
        d.explanation_de = format!(
            "Die Vollzeitschulpflicht dauert {required} Schuljahre ({cite}); bitte die Zahl der besuchten Schuljahre angeben."
        );
        d.explanation_en = format!(
            "Full-time Schulpflicht lasts {required} school years ({cite}); please state the number of school years attended."
        );
        return Ok(d);
    };
    if !d.missing_facts.is_empty() {
        // Gymnasium without track: G8 would need nine, G9 ten years.
        d.checks.push(book.check(
            idx,
            facts_used,
            CheckResult::MissingFacts,
            true,
            "at a Gymnasium the duration depends on G8 or G9".to_owned(),
        ));
        d.explanation_de = format!(
            "Am Gymnasium hängt die Dauer der Vollzeitschulpflicht vom Bildungsgang ab (G8: neun, sonst zehn Schuljahre, {cite}); bitte G8 oder G9 angeben."
        );
        d.explanation_en = format!(
            "At a Gymnasium the length of full-time Schulpflicht depends on the course (G8: nine, otherwise ten school years, {cite}); please state G8 or G9."
        );
        return Ok(d);
    }
    let diff = i64::from(done) - i64::from(required);
    let start_year = i64::from(y.start_year()) - diff.max(0) + (-diff).max(0);
    let effective = i32::try_from(start_year)
        .ok()
        .and_then(|sy| SchoolYear::starting(sy).ok())
        .ok_or(RuleError::DateOutOfRange)?
        .start();
    d.effective_date = Some(effective);
    let (sek2_de, sek2_en) = if nrw {
        let sek2 = book.require("nrw.schulpflicht.sek2", as_of)?;
        d.checks.push(book.check(
            sek2,
            &["school_years_attended"],
            CheckResult::Satisfied,
            false,
            "Schulpflicht in Sek II follows (Berufsschule or another school of Sek II)".to_owned(),
        ));
        let c = book.citation(sek2);
        (
            format!(" Danach besteht Schulpflicht in der Sekundarstufe II ({c})."),
            format!(" Schulpflicht in upper secondary follows ({c})."),
        )
    } else {
        (
            " Danach besteht Berufsschulpflicht.".to_owned(),
            " Compulsory vocational schooling follows.".to_owned(),
        )
    };
    if diff >= 0 {
        d.checks.insert(
            0,
            book.check(
                idx,
                facts_used,
                CheckResult::Satisfied,
                true,
                format!("{done} of {required} school years completed"),
            ),
        );
        d.outcome = Outcome::Eligible;
        d.explanation_de = format!(
            "Die Vollzeitschulpflicht von {required} Schuljahren ist erfüllt ({cite}).{sek2_de}"
        );
        d.explanation_en = format!(
            "The full-time Schulpflicht of {required} school years is fulfilled ({cite}).{sek2_en}"
        );
    } else {
        d.checks.insert(
            0,
            book.check(
                idx,
                facts_used,
                CheckResult::NotSatisfied,
                true,
                format!("{done} of {required} school years completed"),
            ),
        );
        d.outcome = Outcome::NotEligible;
        d.explanation_de = format!(
            "Die Vollzeitschulpflicht dauert {required} Schuljahre ({cite}); sie endet voraussichtlich vor dem {}.{sek2_de}",
            de_date(effective)
        );
        d.explanation_en = format!(
            "Full-time Schulpflicht lasts {required} school years ({cite}); it is expected to end before {effective}.{sek2_en}"
        );
    }
    Ok(d)
}
