//! Newly arrived children and young people (Seiteneinsteiger), NRW: Schulpflicht by residence
//! (§ 34 SchulG NRW), a suggested grade by age and Erstförderung (BASS 13-63 Nr. 3).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::de_date;
use super::law::Value;
use super::{
    CheckResult, Decision, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition,
    einschulung,
};
use crate::calendar::{Date, SchoolYear};

const WOHNSITZ: &str = "nrw.schulpflicht.wohnsitz";
const KLASSE: &str = "nrw.seiteneinstieg.klasse";
const ERSTFOERDERUNG: &str = "nrw.seiteneinstieg.erstfoerderung";
const DAUER: &str = "nrw.vollzeitschulpflicht.dauer";
const SEK2: &str = "nrw.schulpflicht.sek2";

pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    // Only the NRW pack covers newly arrived children so far.
    if let Some(land) = facts.land.filter(|l| *l != Land::NW) {
        return Err(RuleError::NotCovered {
            transition: Transition::Seiteneinstieg.id(),
            land: land.code(),
        });
    }
    let wohnsitz = book.require(WOHNSITZ, as_of)?;
    let cite34 = book.citation(wohnsitz);
    let mut d = Decision {
        transition: Transition::Seiteneinstieg,
        land: Some(Land::NW),
        as_of,
        school_year: Some(SchoolYear::containing(as_of)),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::with_capacity(4),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };

    // Residence in NRW.
    let resident = match (&facts.residence_ags, facts.land) {
        (Some(ags), _) => Some(ags.len() == 8 && ags.starts_with(Land::NW.ags_prefix())),
        (None, Some(Land::NW)) => Some(true),
        (None, _) => None,
    };
    match resident {
        None => d.missing_facts.push("residence_ags".into()),
        Some(false) => {
            d.checks.push(book.check(
                wohnsitz,
                &["residence_ags"],
                CheckResult::NotSatisfied,
                true,
                "residence is not in NRW".to_owned(),
            ));
            d.outcome = Outcome::NotEligible;
            d.explanation_de = format!(
                "Schulpflichtig in Nordrhein-Westfalen ist, wer dort Wohnsitz oder gewöhnlichen Aufenthalt hat ({cite34}); der angegebene Wohnort liegt nicht in NRW."
            );
            d.explanation_en = format!(
                "Schulpflicht in North Rhine-Westphalia applies to whoever lives there ({cite34}); the residence given is not in NRW."
            );
            return Ok(d);
        }
        Some(true) => {}
    }
    let Some(birth) = facts.birth_date else {
        d.missing_facts.push("birth_date".into());
        d.checks.push(book.check(
            wohnsitz,
            &["residence_ags", "land", "birth_date"],
            CheckResult::MissingFacts,
            true,
            "Schulpflicht depends on residence and age".to_owned(),
        ));
        d.missing_facts.sort();
        d.explanation_de =
            "Für die Schulpflicht werden Geburtsdatum und Wohnort (Kommune) benötigt.".to_owned();
        d.explanation_en =
            "Schulpflicht depends on the date of birth and the place of residence (Kommune)."
                .to_owned();
        return Ok(d);
    };
    if resident.is_none() {
        d.checks.push(book.check(
            wohnsitz,
            &["residence_ags", "land"],
            CheckResult::MissingFacts,
            true,
            "Schulpflicht depends on residence in NRW".to_owned(),
        ));
        d.explanation_de = format!(
            "Schulpflichtig in Nordrhein-Westfalen ist, wer dort Wohnsitz oder gewöhnlichen Aufenthalt hat ({cite34}); bitte den Wohnort angeben."
        );
        d.explanation_en = format!(
            "Schulpflicht in North Rhine-Westphalia applies to whoever lives there ({cite34}); please state the place of residence."
        );
        return Ok(d);
    }

    let y = SchoolYear::containing(as_of);
    let (s, idx_s) = einschulung::regular_start(book, Land::NW, birth)?;
    if y < s {
        d.checks.push(book.check(
            idx_s,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            format!("regular Schulpflicht from {}", s.start()),
        ));
        d.outcome = Outcome::NotEligible;
        d.effective_date = Some(s.start());
        let cite = book.citation(idx_s);
        d.explanation_de = format!(
            "Das Kind ist noch nicht schulpflichtig; die Schulpflicht beginnt am {} ({cite}). Bis dahin besteht ein Anspruch auf einen Kita-Platz.",
            de_date(s.start())
        );
        d.explanation_en = format!(
            "The child is not yet schulpflichtig; the Schulpflicht begins on {} ({cite}). Until then there is a claim to a Kita place.",
            s.start()
        );
        return Ok(d);
    }

    // Sek II Schulpflicht lasts until the end of the school year in which the person turns 18.
    let sek2 = book.require(SEK2, as_of)?;
    let eighteen = birth.anniversary(18).ok_or(RuleError::DateOutOfRange)?;
    if SchoolYear::containing(eighteen) < y {
        d.checks.push(book.check(
            sek2,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            "the school year in which the person turned 18 has ended".to_owned(),
        ));
        d.outcome = Outcome::NotEligible;
        d.details.insert(
            Cow::Borrowed("suggested_stage"),
            Cow::Borrowed("weiterbildung"),
        );
        d.explanation_de = "Die Schulpflicht endet mit dem Schuljahr, in dem das 18. Lebensjahr vollendet wird; in Betracht kommen Angebote der Weiterbildung (z. B. Weiterbildungskolleg).".to_owned();
        d.explanation_en = "Schulpflicht ends with the school year in which the person turns 18; second-chance education (e.g. Weiterbildungskolleg) can follow.".to_owned();
        return Ok(d);
    }

    d.checks.push(book.check(
        wohnsitz,
        &["residence_ags", "land", "birth_date"],
        CheckResult::Satisfied,
        true,
        "resident in NRW and of school age: schulpflichtig".to_owned(),
    ));
    let effective = match facts.arrival_date {
        Some(a) if a > s.start() => a,
        Some(_) => s.start(),
        None => {
            d.missing_facts.push("arrival_date".into());
            as_of
        }
    };
    d.outcome = Outcome::Eligible;
    d.effective_date = Some(effective);

    // Grade by age: school years since the regular start, plus one.
    let klasse = book.require(KLASSE, as_of)?;
    let dauer = book.require(DAUER, as_of)?;
    let years_full_time = match book.value(dauer) {
        Some(Value::Years { years }) => *years,
        _ => 10,
    };
    let cohort_grade = u32::try_from(y.start_year() - s.start_year() + 1).unwrap_or(1);
    let (de, en);
    if cohort_grade > years_full_time {
        d.checks.push(book.check(
            sek2,
            &["birth_date"],
            CheckResult::Satisfied,
            true,
            "beyond the years of Vollzeitschulpflicht by age: Schulpflicht in Sek II (Berufskolleg)".to_owned(),
        ));
        d.details.insert(
            Cow::Borrowed("suggested_stage"),
            Cow::Borrowed("berufskolleg"),
        );
        let cite = book.citation(sek2);
        de = format!(
            "Der junge Mensch ist in NRW schulpflichtig ({cite34}); nach seinem Alter in der Sekundarstufe II, in der Regel am Berufskolleg ({cite})."
        );
        en = format!(
            "The young person is schulpflichtig in NRW ({cite34}); by age in upper secondary, as a rule at a Berufskolleg ({cite})."
        );
    } else {
        let (lo, hi) = match book.value(klasse) {
            Some(Value::GradeRange { min, max }) => (*min, *max),
            _ => (1, 10),
        };
        let grade = cohort_grade.clamp(lo, hi);
        d.checks.push(book.check(
            klasse,
            &["birth_date"],
            CheckResult::Satisfied,
            false,
            format!("age cohort of grade {grade}"),
        ));
        d.details.insert(
            Cow::Borrowed("suggested_grade"),
            Cow::Owned(grade.to_string()),
        );
        d.details.insert(
            Cow::Borrowed("suggested_stage"),
            Cow::Borrowed(if grade <= 4 { "primarstufe" } else { "sek_i" }),
        );
        let cite_k = book.citation(klasse);
        let (sek_de, sek_en) = if grade >= 5 {
            (
                format!(
                    " Eine Feststellungsprüfung in der Herkunftssprache kann eine Pflichtfremdsprache ersetzen ({cite_k})."
                ),
                format!(
                    " A Feststellungsprüfung in the language of origin can replace a compulsory foreign language ({cite_k})."
                ),
            )
        } else {
            (String::new(), String::new())
        };
        de = format!(
            "Das Kind ist in NRW schulpflichtig ({cite34}). Nach dem Alter entspricht es der Klasse {grade}; über die Aufnahme entscheidet die Schule mit dem Kommunalen Integrationszentrum bzw. Schulamt.{sek_de}"
        );
        en = format!(
            "The child is schulpflichtig in NRW ({cite34}). By age it belongs in grade {grade}; the school decides on placement with the Kommunales Integrationszentrum or Schulamt.{sek_en}"
        );
    }
    let mut de = de;
    let mut en = en;
    if let Some(arrival) = facts.arrival_date {
        if let Some(ef) = book.table().in_force(ERSTFOERDERUNG, arrival) {
            if let Some(Value::Years { years }) = book.value(ef) {
                let until = arrival
                    .anniversary(*years)
                    .ok_or(RuleError::DateOutOfRange)?
                    .pred();
                let active = as_of <= until;
                d.checks.push(book.check(
                    ef,
                    &["arrival_date"],
                    if active {
                        CheckResult::Satisfied
                    } else {
                        CheckResult::NotSatisfied
                    },
                    false,
                    format!("Erstförderung up to {years} years after arrival, until {until}"),
                ));
                if active {
                    d.details.insert(
                        Cow::Borrowed("erstfoerderung_until"),
                        Cow::Owned(until.to_string()),
                    );
                    let cite = book.citation(ef);
                    de.push_str(&format!(
                        " Erstförderung in Deutsch ist bis zum {} möglich ({cite}).",
                        de_date(until)
                    ));
                    en.push_str(&format!(
                        " Initial German support (Erstförderung) is available until {until} ({cite})."
                    ));
                }
            }
        }
    }
    d.explanation_de = de;
    d.explanation_en = en;
    Ok(d)
}
