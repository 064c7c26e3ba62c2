//! Dual training (§ 10 BBiG), Berufsschulpflicht (§ 38 SchulG NRW; §§ 64, 65 SchulG RLP),
//! taking up work (§§ 2, 5 JArbSchG) and the practical part of the Fachhochschulreife.

use super::codes::{Abschluss, has, held_mask};
use super::{Assessment, Explain, LandOr, land, next_entry, vollzeit_years, years_value};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::push_sy;
use crate::rules::{CheckResult, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition};

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    match t {
        Transition::DualeAusbildung => duale(book, facts, as_of),
        Transition::Berufsschulpflicht => berufsschulpflicht(book, facts, as_of),
        Transition::Erwerbstaetigkeit => arbeit(book, facts, as_of),
        _ => praktikum(book, facts, as_of),
    }
}

/// Whether the Vollzeitschulpflicht is still running: `Some(true)` still running,
/// `Some(false)` fulfilled, `None` unknown. Adults (18+) are never vollzeitschulpflichtig.
fn still_vollzeit(
    book: &RuleBook,
    l: Land,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<(u16, Option<bool>), RuleError> {
    let (idx, years) = vollzeit_years(book, l, facts, as_of)?;
    if facts.birth_date.is_some_and(|b| b.age_on(as_of) >= 18) {
        return Ok((idx, Some(false)));
    }
    Ok((idx, facts.school_years_attended.map(|n| n < years)))
}

fn duale<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::DualeAusbildung;
    let l = match land(
        book,
        T,
        facts,
        as_of,
        true,
        "federal.bbig.ausbildungsvertrag",
    )? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let bbig = book.require("federal.bbig.ausbildungsvertrag", as_of)?;
    let mut a = Assessment::new(T, Some(l), as_of);
    let (vz, still) = still_vollzeit(book, l, facts, as_of)?;
    if still == Some(true) {
        a.check(
            vz,
            &["school_years_attended"],
            CheckResult::NotSatisfied,
            true,
            "the Vollzeitschulpflicht is not yet fulfilled",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Eine Ausbildung beginnt nach Erfüllung der Vollzeitschulpflicht",
            "A dual training begins after the Vollzeitschulpflicht",
        ));
    }
    let bsp = match l {
        Land::RP => "rlp.berufsschulpflicht",
        _ => "nrw.berufsschulpflicht.ausbildung",
    };
    let years = years_value(book, bbig).unwrap_or(3);
    a.gains.vocational_years = years;
    a.gains.months = years * 12;
    if l == Land::NW {
        // Berufsschulabschluss: equivalent to the EESA (APO-BK Anlage A) [U].
        a.gains.mask = Abschluss::HA10.implied_mask();
    }
    a.effective = Some(next_entry(as_of));
    let outcome = if facts.training_contract == Some(true) {
        a.check(
            bbig,
            &["training_contract"],
            CheckResult::Satisfied,
            true,
            "training contract concluded",
        );
        Outcome::Eligible
    } else {
        a.check(
            bbig,
            &["training_contract"],
            CheckResult::Discretionary,
            true,
            "no school qualification required; the company decides by the contract",
        );
        Outcome::Discretionary
    };
    if let Some(idx) = book.table().in_force(bsp, as_of) {
        a.check(
            idx,
            &[],
            CheckResult::Satisfied,
            false,
            "Berufsschule for the duration of the training",
        );
    }
    Ok(if outcome == Outcome::Eligible {
        a.finish(
            outcome,
            "Mit dem Ausbildungsvertrag beginnt die duale Ausbildung; für ihre Dauer besteht Berufsschulpflicht",
            "With the training contract the dual training begins; the Berufsschule is compulsory for its duration",
        )
    } else {
        a.finish(
            outcome,
            "Eine duale Ausbildung setzt keinen Schulabschluss voraus, aber einen Ausbildungsvertrag; über ihn entscheidet der Betrieb",
            "A dual training needs no school qualification but a training contract, which the company decides on",
        )
    })
}

fn berufsschulpflicht<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::Berufsschulpflicht;
    let l = match land(
        book,
        T,
        facts,
        as_of,
        true,
        "nrw.berufsschulpflicht.ausbildung",
    )? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let (with_id, without_id) = match l {
        Land::RP => ("rlp.berufsschulpflicht", "rlp.berufsschulpflicht"),
        _ => (
            "nrw.berufsschulpflicht.ausbildung",
            "nrw.berufsschulpflicht.ohne_ausbildung",
        ),
    };
    let mut a = Assessment::new(T, Some(l), as_of);
    let (vz, still) = still_vollzeit(book, l, facts, as_of)?;
    match still {
        Some(true) => {
            a.check(
                vz,
                &["school_years_attended"],
                CheckResult::NotSatisfied,
                true,
                "the Vollzeitschulpflicht is still running",
            );
            return Ok(a.finish(
                Outcome::NotEligible,
                "Die Vollzeitschulpflicht dauert noch an; die Schulpflicht in der Sekundarstufe II folgt danach",
                "The Vollzeitschulpflicht is still running; Schulpflicht in Sek II follows it",
            ));
        }
        None => {
            a.check(
                vz,
                &["school_years_attended"],
                CheckResult::MissingFacts,
                true,
                "the Vollzeitschulpflicht must be fulfilled first",
            );
            a.missing("school_years_attended");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Die Berufsschulpflicht beginnt nach der Vollzeitschulpflicht; bitte die besuchten Schuljahre angeben",
                "Compulsory Berufsschule begins after the Vollzeitschulpflicht; please state the school years attended",
            ));
        }
        Some(false) => {}
    }
    if facts.training_contract == Some(true) {
        let idx = book.require(with_id, as_of)?;
        a.check(
            idx,
            &["training_contract"],
            CheckResult::Satisfied,
            true,
            "schulpflichtig for the duration of the training",
        );
        a.detail("until", "end_of_training");
        return Ok(a.finish(
            Outcome::Eligible,
            "Mit einem Ausbildungsverhältnis besteht für dessen Dauer Berufsschulpflicht",
            "With a training relationship the Berufsschule is compulsory for its duration",
        ));
    }
    let idx = book.require(without_id, as_of)?;
    let Some(birth) = facts.birth_date else {
        a.check(
            idx,
            &["birth_date", "training_contract"],
            CheckResult::MissingFacts,
            true,
            "without a training relationship the age decides",
        );
        a.missing("birth_date");
        if facts.training_contract.is_none() {
            a.missing("training_contract");
        }
        return Ok(a.finish(
            Outcome::Undetermined,
            "Ohne Ausbildungsverhältnis dauert die Schulpflicht bis zum Ende des Schuljahres, in dem das 18. Lebensjahr vollendet wird; bitte das Geburtsdatum angeben",
            "Without a training relationship Schulpflicht lasts until the end of the school year in which the person turns 18; please state the date of birth",
        ));
    };
    let limit = match super::age_value(book, idx) {
        Some((_, Some(u))) => u,
        _ => 18,
    };
    let until = SchoolYear::containing(birth.anniversary(limit).ok_or(RuleError::DateOutOfRange)?);
    a.detail_with("until_school_year", || {
        let mut sy = String::new();
        push_sy(&mut sy, until);
        sy
    });
    if SchoolYear::containing(as_of) <= until {
        a.check(
            idx,
            &["birth_date", "training_contract"],
            CheckResult::Satisfied,
            true,
            "schulpflichtig until the end of the school year of the 18th birthday",
        );
        Ok(a.finish(
            Outcome::Eligible,
            "Ohne Ausbildungsverhältnis besteht die Schulpflicht bis zum Ende des Schuljahres, in dem das 18. Lebensjahr vollendet wird (Berufskolleg, z. B. Ausbildungsvorbereitung)",
            "Without a training relationship Schulpflicht lasts until the end of the school year in which the person turns 18 (Berufskolleg, e.g. Ausbildungsvorbereitung)",
        ))
    } else {
        a.check(
            idx,
            &["birth_date", "training_contract"],
            CheckResult::NotSatisfied,
            true,
            "the school year of the 18th birthday has ended",
        );
        Ok(a.finish(
            Outcome::NotEligible,
            "Die Schulpflicht ist beendet; der Besuch von Bildungsgängen bleibt möglich",
            "Schulpflicht has ended; programmes can still be attended",
        ))
    }
}

fn arbeit<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::Erwerbstaetigkeit;
    let l = match land(
        book,
        T,
        facts,
        as_of,
        true,
        "federal.jarbschg.beschaeftigung",
    )? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let idx = book.require("federal.jarbschg.beschaeftigung", as_of)?;
    let min = super::age_value(book, idx).map_or(15, |(f, _)| f);
    let mut a = Assessment::new(T, Some(l), as_of);
    a.gains.work_years = 1;
    a.gains.months = 12;
    let Some(birth) = facts.birth_date else {
        a.check(
            idx,
            &["birth_date"],
            CheckResult::MissingFacts,
            true,
            "the age decides",
        );
        a.missing("birth_date");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Ob eine Beschäftigung erlaubt ist, hängt vom Alter und der Vollzeitschulpflicht ab; bitte das Geburtsdatum angeben",
            "Whether employment is allowed depends on age and the Vollzeitschulpflicht; please state the date of birth",
        ));
    };
    if birth.age_on(as_of) < min {
        a.check(
            idx,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            "younger than 15",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Beschäftigung von Kindern ist verboten",
            "Employing children is prohibited",
        ));
    }
    let (vz, still) = still_vollzeit(book, l, facts, as_of)?;
    match still {
        Some(false) => {
            a.check(
                idx,
                &["birth_date", "school_years_attended"],
                CheckResult::Satisfied,
                true,
                "15 or older and no longer vollzeitschulpflichtig",
            );
            a.effective = Some(as_of);
            Ok(a.finish(
                Outcome::Eligible,
                "Jugendliche ab 15 Jahren, die nicht mehr vollzeitschulpflichtig sind, dürfen beschäftigt werden",
                "Young people of 15 or older who are no longer vollzeitschulpflichtig may be employed",
            ))
        }
        Some(true) => {
            a.check(
                idx,
                &["birth_date", "school_years_attended"],
                CheckResult::NotSatisfied,
                true,
                "still vollzeitschulpflichtig",
            );
            a.check(
                vz,
                &["school_years_attended"],
                CheckResult::NotSatisfied,
                false,
                "Vollzeitschulpflicht running",
            );
            Ok(a.finish(
                Outcome::NotEligible,
                "Für Vollzeitschulpflichtige gelten die Regeln für Kinder; eine Beschäftigung ist erst danach möglich",
                "The rules for children apply while the Vollzeitschulpflicht runs; employment is possible afterwards",
            ))
        }
        None => {
            a.check(
                idx,
                &["birth_date", "school_years_attended"],
                CheckResult::MissingFacts,
                true,
                "the Vollzeitschulpflicht decides",
            );
            a.missing("school_years_attended");
            Ok(a.finish(
                Outcome::Undetermined,
                "Ob die Vollzeitschulpflicht erfüllt ist, entscheidet; bitte die besuchten Schuljahre angeben",
                "Whether the Vollzeitschulpflicht is fulfilled decides; please state the school years attended",
            ))
        }
    }
}

fn praktikum<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::FhrPraktikum;
    let l = match land(book, T, facts, as_of, false, "nrw.hzb.fhr_praxis")? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let idx = book.require("nrw.hzb.fhr_praxis", as_of)?;
    let years = years_value(book, idx).unwrap_or(1);
    let mut a = Assessment::new(T, Some(l), as_of);
    let mask = held_mask(&facts.qualifications);
    if has(mask, Abschluss::FHR) {
        a.check(
            idx,
            &["qualifications"],
            CheckResult::NotApplicable,
            true,
            "the Fachhochschulreife is already complete",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Fachhochschulreife ist bereits vollständig erworben",
            "The Fachhochschulreife is already complete",
        ));
    }
    if has(mask, Abschluss::FHR_S) {
        a.check(
            idx,
            &["qualifications"],
            CheckResult::Satisfied,
            true,
            "school part held; the practical part completes the FHR",
        );
        a.gains.mask = Abschluss::FHR.implied_mask();
        a.gains.months = years * 12;
        a.effective = Some(as_of);
        return Ok(a.finish(
            Outcome::Eligible,
            "Mit dem schulischen Teil der Fachhochschulreife vervollständigt ein einjähriges gelenktes Praktikum (oder eine Berufsausbildung) die Fachhochschulreife",
            "With the school part of the Fachhochschulreife a one-year guided internship (or a vocational training) completes it",
        ));
    }
    if facts.qualifications.is_empty() {
        a.check(
            idx,
            &["qualifications"],
            CheckResult::MissingFacts,
            true,
            "the school part of the FHR is needed",
        );
        a.missing("qualifications");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Der praktische Teil setzt den schulischen Teil der Fachhochschulreife voraus; bitte die Abschlüsse angeben",
            "The practical part follows the school part of the Fachhochschulreife; please state the qualifications held",
        ));
    }
    a.check(
        idx,
        &["qualifications"],
        CheckResult::NotSatisfied,
        true,
        "no school part of the FHR",
    );
    Ok(a.finish(
        Outcome::NotEligible,
        "Der praktische Teil setzt den schulischen Teil der Fachhochschulreife voraus",
        "The practical part follows the school part of the Fachhochschulreife",
    ))
}
