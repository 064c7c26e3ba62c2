//! Weiterbildungskolleg NRW (second-chance education): Abendrealschule, Abendgymnasium,
//! Kolleg (§ 3 APO-WbK).

use super::codes::{Abschluss, has, held_mask};
use super::{Assessment, Explain, LandOr, land, next_entry, vollzeit_years, years_value};
use crate::calendar::{Date, SchoolYear};
use crate::rules::{CheckResult, LearnerFacts, Outcome, RuleBook, RuleError, Transition};

/// Years of work that replace a completed vocational training (§ 3 Abs. 2 Nr. 2 APO-WbK).
const WORK_YEARS: u32 = 3;

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    let main = if t == Transition::WbkAbendrealschule {
        "nrw.apowbk.abendrealschule"
    } else {
        "nrw.apowbk.abendgymnasium_kolleg"
    };
    let l = match land(book, t, facts, as_of, false, main)? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let idx = book.require(main, as_of)?;
    let mut a = Assessment::new(t, Some(l), as_of);
    let mask = held_mask(&facts.qualifications);
    let entry = next_entry(as_of);
    if t == Transition::WbkAbendrealschule {
        const FU: &[&str] = &["school_years_attended", "birth_date", "qualifications"];
        if has(mask, Abschluss::MSA_Q) {
            a.check(
                idx,
                FU,
                CheckResult::NotSatisfied,
                true,
                "already holds the MSA with Q-Vermerk",
            );
            return Ok(a.finish(
                Outcome::NotEligible,
                "Die Abendrealschule führt zu keinem höherwertigen Abschluss als dem bereits erworbenen",
                "The Abendrealschule leads to no higher qualification than the one held",
            ));
        }
        let (_, years) = vollzeit_years(book, l, facts, as_of)?;
        let adult = facts.birth_date.is_some_and(|b| b.age_on(entry) >= 18);
        let done = if adult {
            Some(true)
        } else {
            facts.school_years_attended.map(|n| n >= years)
        };
        return Ok(match done {
            Some(true) => {
                a.check(
                    idx,
                    FU,
                    CheckResult::Satisfied,
                    true,
                    "Vollzeitschulpflicht fulfilled",
                );
                a.effective = Some(entry);
                a.gains.mask = Abschluss::MSA.implied_mask();
                a.gains.months = 24;
                a.finish(
                    Outcome::Eligible,
                    "Nach Erfüllung der Vollzeitschulpflicht kann an der Abendrealschule der Mittlere Schulabschluss erworben werden",
                    "After the Vollzeitschulpflicht the Abendrealschule leads to the Mittlerer Schulabschluss",
                )
            }
            Some(false) => {
                a.check(
                    idx,
                    FU,
                    CheckResult::NotSatisfied,
                    true,
                    "Vollzeitschulpflicht not fulfilled",
                );
                a.finish(
                    Outcome::NotEligible,
                    "Die Abendrealschule setzt die erfüllte Vollzeitschulpflicht voraus",
                    "The Abendrealschule requires the Vollzeitschulpflicht to be fulfilled",
                )
            }
            None => {
                a.check(
                    idx,
                    FU,
                    CheckResult::MissingFacts,
                    true,
                    "Vollzeitschulpflicht unknown",
                );
                a.missing("school_years_attended");
                a.finish(
                    Outcome::Undetermined,
                    "Die Abendrealschule setzt die erfüllte Vollzeitschulpflicht voraus; bitte die besuchten Schuljahre angeben",
                    "The Abendrealschule requires the Vollzeitschulpflicht to be fulfilled; please state the school years attended",
                )
            }
        });
    }
    const FU: &[&str] = &[
        "birth_date",
        "vocational_training_completed",
        "work_experience_years",
    ];
    if has(mask, Abschluss::ABITUR) {
        a.check(
            idx,
            &["qualifications"],
            CheckResult::NotSatisfied,
            true,
            "already holds the AHR",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Allgemeine Hochschulreife ist bereits erworben",
            "The Allgemeine Hochschulreife is already held",
        ));
    }
    let min_age = super::age_value(book, idx).map_or(19, |(f, _)| f);
    let Some(birth) = facts.birth_date else {
        a.check(idx, FU, CheckResult::MissingFacts, true, "age needed");
        a.missing("birth_date");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Aufgenommen wird, wer bei Eintritt mindestens 19 Jahre alt ist und eine Berufsausbildung oder drei Jahre Berufstätigkeit nachweist; bitte das Geburtsdatum angeben",
            "Admission needs an age of 19 on entry and a vocational training or three years of work; please state the date of birth",
        ));
    };
    if birth.age_on(entry) < min_age {
        a.check(
            idx,
            FU,
            CheckResult::NotSatisfied,
            true,
            "younger than 19 on entry",
        );
        // The first 1 August on which the person is old enough.
        a.effective = birth
            .anniversary(min_age)
            .map(|d| next_entry(SchoolYear::containing(d).start().max(d)));
        return Ok(a.finish(
            Outcome::NotEligible,
            "Bei Eintritt in das erste Semester ist ein Mindestalter von 19 Jahren erforderlich",
            "An age of at least 19 on entry into the first semester is required",
        ));
    }
    let training = facts.vocational_training_completed == Some(true);
    let work = facts.work_experience_years.map(|w| w >= WORK_YEARS);
    if !training && work != Some(true) {
        if facts.vocational_training_completed.is_none() || work.is_none() {
            a.check(
                idx,
                FU,
                CheckResult::MissingFacts,
                true,
                "training or work needed",
            );
            if facts.vocational_training_completed.is_none() {
                a.missing("vocational_training_completed");
            }
            if work.is_none() {
                a.missing("work_experience_years");
            }
            return Ok(a.finish(
                Outcome::Undetermined,
                "Erforderlich ist eine abgeschlossene Berufsausbildung oder mindestens drei Jahre Berufstätigkeit (Familienarbeit zählt); bitte angeben",
                "A completed vocational training or at least three years of work (family work counts) is required; please state it",
            ));
        }
        a.check(
            idx,
            FU,
            CheckResult::NotSatisfied,
            true,
            "neither training nor three years of work",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Erforderlich ist eine abgeschlossene Berufsausbildung oder mindestens drei Jahre Berufstätigkeit (Familienarbeit zählt)",
            "A completed vocational training or at least three years of work (family work counts) is required",
        ));
    }
    a.check(
        idx,
        FU,
        CheckResult::Satisfied,
        true,
        "age and vocational experience",
    );
    if t == Transition::WbkAbendgymnasium {
        let job = book.require("nrw.apowbk.berufstaetigkeit", as_of)?;
        match facts.currently_employed {
            Some(true) => a.check(
                job,
                &["currently_employed"],
                CheckResult::Satisfied,
                false,
                "employed",
            ),
            Some(false) => {
                a.undetermine_last();
                a.check(
                    job,
                    &["currently_employed"],
                    CheckResult::NotSatisfied,
                    true,
                    "must be employed until the third semester",
                );
                return Ok(a.finish(
                    Outcome::NotEligible,
                    "Am Abendgymnasium muss bis zum dritten Semester eine Berufstätigkeit bestehen; das Kolleg (Vollzeit) setzt das nicht voraus",
                    "The Abendgymnasium requires employment up to the third semester; the full-time Kolleg does not",
                ));
            }
            None => {
                a.check(
                    job,
                    &["currently_employed"],
                    CheckResult::MissingFacts,
                    true,
                    "employment needed",
                );
                a.missing("currently_employed");
                return Ok(a.finish(
                    Outcome::Undetermined,
                    "Am Abendgymnasium muss bis zum dritten Semester eine Berufstätigkeit bestehen; bitte angeben",
                    "The Abendgymnasium requires employment up to the third semester; please state it",
                ));
            }
        }
    }
    let years = book
        .table()
        .in_force("nrw.apowbk.dauer", as_of)
        .and_then(|i| years_value(book, i))
        .unwrap_or(3);
    let vorkurs = if has(mask, Abschluss::MSA) { 0 } else { 6 };
    a.gains.mask = Abschluss::ABITUR.implied_mask();
    a.gains.months = years * 12 + vorkurs;
    if t == Transition::WbkKolleg {
        a.gains.school_years = years;
    }
    a.effective = Some(entry);
    Ok(a.finish(
        Outcome::Eligible,
        if t == Transition::WbkKolleg {
            "Das Kolleg führt in sechs Semestern zur Allgemeinen Hochschulreife"
        } else {
            "Das Abendgymnasium führt berufsbegleitend in sechs Semestern zur Allgemeinen Hochschulreife"
        },
        if t == Transition::WbkKolleg {
            "The Kolleg leads to the Allgemeine Hochschulreife in six semesters"
        } else {
            "The Abendgymnasium leads to the Allgemeine Hochschulreife in six semesters alongside work"
        },
    ))
}
