//! Newly arrived children and young people (Seiteneinsteiger): since when they are schulpflichtig
//! in the Land (§ 34 Abs. 1 and 6 SchulG NRW, § 56 Abs. 1 and 2 SchulG RLP: from taking residence
//! in the Land, for asylum seekers from the assignment to a Gemeinde — not from the arrival in
//! Germany), up to when (NRW § 38 Abs. 3: the school year in which the 18th year of life is
//! completed; RLP: twelve school years), whether the duty rests (§ 40 SchulG NRW, § 60 Abs. 1
//! SchulG RLP), and in NRW a suggested class by age and the Deutschförderung of the RdErl. of
//! 15.10.2018 as amended 06.12.2023 (BASS 13-63 Nr. 3).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::decision::Detail;
use super::decision::de_date;
use super::law::Value;
use super::schulpflicht::{
    NRW_WOHNSITZ, RLP_WOHNSITZ, ground_name, resident_in, resting, shifted, year_completed,
};
use super::{
    CheckResult, Decision, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition,
    einschulung,
};
use crate::calendar::{Date, SchoolYear};

const ASYL: &str = "nrw.schulpflicht.asyl";
const RLP_ASYL: &str = "rlp.schulpflicht.asyl";
const RLP_ZWOELF: &str = "rlp.berufsschulpflicht";
const KLASSE: &str = "nrw.seiteneinstieg.klasse";
const ERSTFOERDERUNG: &str = "nrw.seiteneinstieg.erstfoerderung";
const DAUER: &str = "nrw.vollzeitschulpflicht.dauer";
const SEK2: &str = "nrw.schulpflicht.sek2";
const BIS18: &str = "nrw.berufsschulpflicht.ohne_ausbildung";
/// The version of the Erlass that sets the B1 target and the Erstalphabetisierung.
const AMENDED_2023: (i32, u32, u32) = (2023, 12, 6);

/// Where the start of the duty by place comes from.
enum PlaceStart {
    /// The day is known (with the rule that names it).
    Known(Date, u16),
    /// Facts are missing (with the rule that needs them).
    Missing(Vec<&'static str>, u16),
}

pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    // The NRW and RLP packs cover newly arrived children; without a Land, NRW.
    let land = match facts.land {
        None | Some(Land::NW) => Land::NW,
        Some(Land::RP) => Land::RP,
        Some(other) => {
            return Err(RuleError::NotCovered {
                transition: Transition::Seiteneinstieg.id(),
                land: other.code(),
            });
        }
    };
    let nrw = land == Land::NW;
    let (in_de, in_en) = if nrw {
        ("in NRW", "in NRW")
    } else {
        ("in Rheinland-Pfalz", "in Rhineland-Palatinate")
    };
    let wohnsitz = book.require(if nrw { NRW_WOHNSITZ } else { RLP_WOHNSITZ }, as_of)?;
    let cite_place = book.citation(wohnsitz);
    let y = SchoolYear::containing(as_of);
    let mut d = Decision {
        transition: Transition::Seiteneinstieg,
        land: Some(land),
        as_of,
        school_year: Some(y),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::with_capacity(4),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };

    // Residence (or habitual abode) in the Land.
    let resident = resident_in(facts, land);
    if resident == Some(false) {
        d.checks.push(book.check_as(
            detail,
            wohnsitz,
            &["residence_ags"],
            CheckResult::NotSatisfied,
            true,
            || "residence is not in the Land",
        ));
        d.outcome = Outcome::NotEligible;
        d.explanation_de = detail.text(|| format!(
            "Schulpflichtig {in_de} ist, wer dort Wohnsitz oder gewöhnlichen Aufenthalt hat ({cite_place}); der angegebene Wohnort liegt nicht {in_de}."
        ));
        d.explanation_en = detail.text(|| format!(
            "Schulpflicht {in_en} applies to whoever lives there ({cite_place}); the residence given is not {in_en}."
        ));
        return Ok(d);
    }
    let place = place_start(book, land, facts, as_of, wohnsitz)?;
    let Some(birth) = facts.birth_date else {
        d.missing_facts.push("birth_date".into());
        if resident.is_none() {
            d.missing_facts.push("residence_ags".into());
        }
        if let PlaceStart::Missing(m, _) = &place {
            d.missing_facts.extend(m.iter().map(|f| Cow::Borrowed(*f)));
        }
        d.missing_facts.sort();
        d.checks.push(book.check_as(
            detail,
            wohnsitz,
            &["residence_ags", "land", "birth_date"],
            CheckResult::MissingFacts,
            true,
            || "Schulpflicht depends on residence and age",
        ));
        d.explanation_de = detail.text(|| format!(
            "Für die Schulpflicht werden Geburtsdatum, Wohnort (Kommune) und der Beginn des Wohnsitzes {in_de} benötigt."
        ));
        d.explanation_en = detail.text(|| format!(
            "Schulpflicht depends on the date of birth, the place of residence (Kommune) and since when the child lives {in_en}."
        ));
        return Ok(d);
    };

    // School age (§ 35 Abs. 1 SchulG NRW, § 57 SchulG RLP).
    let (s, idx_s) = einschulung::regular_start(book, land, birth)?;

    // Up to when: NRW without a training relationship until the end of the school year in
    // which the 18th year of life is completed (§ 38 Abs. 3 Satz 1); RLP twelve school years,
    // counted from the regular school start.
    let (end_rule, duty_end) = if nrw {
        let idx = book.require(BIS18, as_of)?;
        (
            idx,
            SchoolYear::containing(year_completed(birth, 18)?).end(),
        )
    } else {
        let idx = book.require(RLP_ZWOELF, as_of)?;
        let total = match book.value(idx) {
            Some(Value::Years { years }) => *years,
            _ => 12,
        };
        (idx, shifted(s, i64::from(total))?.pred())
    };
    if duty_end < as_of {
        d.checks.push(book.check_as(
            detail,
            end_rule,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            || {
                if nrw {
                    "the school year in which the 18th year of life was completed has ended"
                } else {
                    "twelve school years from the regular school start have passed"
                }
            },
        ));
        d.outcome = Outcome::NotEligible;
        d.details
            .insert("suggested_stage".into(), "weiterbildung".into());
        let cite = book.citation(end_rule);
        if nrw {
            d.explanation_de = detail.text(|| format!(
                "Die Schulpflicht endet mit dem Schuljahr, in dem das 18. Lebensjahr vollendet wird ({cite}); in Betracht kommen Angebote der Weiterbildung (z. B. Weiterbildungskolleg) oder eine Berufsausbildung mit Besuch des Berufskollegs."
            ));
            d.explanation_en = detail.text(|| format!(
                "Schulpflicht ends with the school year in which the 18th year of life is completed ({cite}); second-chance education (e.g. Weiterbildungskolleg) or a vocational training with the Berufskolleg can follow."
            ));
        } else {
            d.explanation_de = detail.text(|| format!(
                "Die Pflicht zum Schulbesuch dauert zwölf Schuljahre ({cite}); nach dem Alter sind sie abgelaufen. In Betracht kommen eine Berufsausbildung mit Besuch der berufsbildenden Schule (BBS) oder Angebote der Weiterbildung."
            ));
            d.explanation_en = detail.text(|| format!(
                "The duty to attend school lasts twelve school years ({cite}); by age they have passed. A vocational training with the berufsbildende Schule (BBS) or further education can follow."
            ));
        }
        return Ok(d);
    }

    // Missing place facts: the start of the duty cannot be dated.
    if resident.is_none() || matches!(place, PlaceStart::Missing(..)) {
        if resident.is_none() {
            d.missing_facts.push("residence_ags".into());
        }
        let rule = match &place {
            PlaceStart::Missing(m, idx) => {
                d.missing_facts.extend(m.iter().map(|f| Cow::Borrowed(*f)));
                *idx
            }
            PlaceStart::Known(_, idx) => *idx,
        };
        d.missing_facts.sort();
        d.checks.push(book.check_as(detail,
            rule,
            &[
                "residence_ags",
                "land_residence_start",
                "asylum_seeker",
                "gemeinde_assignment_date",
            ],
            CheckResult::MissingFacts,
            true,
            || "the Schulpflicht begins with residence in the Land (asylum seekers: with the assignment to a Gemeinde)",
        ));
        d.explanation_de = detail.text(|| format!(
            "Die Schulpflicht {in_de} beginnt mit dem Wohnsitz oder gewöhnlichen Aufenthalt {in_de} ({cite_place}), bei Asylsuchenden mit der Zuweisung an eine Gemeinde, nicht mit der Einreise nach Deutschland; bitte diese Angaben ergänzen."
        ));
        d.explanation_en = detail.text(|| format!(
            "The Schulpflicht {in_en} begins with residence or habitual abode {in_en} ({cite_place}), for asylum seekers with the assignment to a Gemeinde, not with the arrival in Germany; please add these facts."
        ));
        return Ok(d);
    }
    let PlaceStart::Known(place_day, place_rule) = place else {
        return Err(RuleError::DateOutOfRange);
    };

    let start = place_day.max(s.start());
    if y < s {
        d.checks.push(book.check_as(
            detail,
            idx_s,
            &["birth_date"],
            CheckResult::NotSatisfied,
            true,
            || format!("regular Schulpflicht from {}", s.start()),
        ));
        d.outcome = Outcome::NotEligible;
        d.eligible_from = Some(start);
        let cite = book.citation(idx_s);
        d.explanation_de = detail.text(|| format!(
            "Das Kind ist noch nicht schulpflichtig; die Schulpflicht beginnt am {} ({cite}). Bis dahin besteht ein Anspruch auf einen Kita-Platz.",
            de_date(start)
        ));
        d.explanation_en = detail.text(|| format!(
            "The child is not yet schulpflichtig; the Schulpflicht begins on {start} ({cite}). Until then there is a claim to a Kita place."
        ));
        return Ok(d);
    }
    if place_day > as_of {
        d.checks.push(book.check_as(
            detail,
            place_rule,
            &[
                "land_residence_start",
                "asylum_seeker",
                "gemeinde_assignment_date",
            ],
            CheckResult::NotSatisfied,
            true,
            || format!("schulpflichtig in the Land from {place_day}"),
        ));
        d.outcome = Outcome::NotEligible;
        d.eligible_from = (start <= duty_end).then_some(start);
        let cite = book.citation(place_rule);
        let (extra_de, extra_en) = if nrw || place_rule == wohnsitz {
            ("", "")
        } else {
            (
                " Bis zur Zuweisung besteht das Recht, ein schulisches Angebot in der Aufnahmeeinrichtung zu besuchen.",
                " Until the assignment there is a right to attend a school offer in the reception facility.",
            )
        };
        d.explanation_de = detail.text(|| {
            format!(
                "Die Schulpflicht {in_de} beginnt erst am {} ({cite}).{extra_de}",
                de_date(place_day)
            )
        });
        d.explanation_en = detail.text(|| {
            format!("The Schulpflicht {in_en} begins only on {place_day} ({cite}).{extra_en}")
        });
        return Ok(d);
    }

    // The duty rests (§ 40 SchulG NRW) or the person is exempt (§ 60 Abs. 1 SchulG RLP).
    if let Some(ground) = facts.schulpflicht_resting_ground {
        let (idx, rests) = resting(book, land, ground, as_of)?;
        d.checks.push(book.check_as(
            detail,
            idx,
            &["schulpflicht_resting_ground"],
            if rests {
                CheckResult::Satisfied
            } else {
                CheckResult::NotApplicable
            },
            rests,
            || {
                if rests {
                    "the Schulpflicht rests (NRW) or the person is exempt (RLP)"
                } else {
                    "not a ground the law names"
                }
            },
        ));
        if rests {
            d.outcome = Outcome::NotEligible;
            d.details
                .insert("resting_ground".into(), ground_name(ground).into());
            let cite = book.citation(idx);
            d.explanation_de = detail.text(|| format!(
                "Die Schulpflicht {in_de} besteht seit dem {}, ruht aber bzw. es besteht Befreiung, solange der angegebene Grund besteht ({cite}); das verlängert sie nicht.",
                de_date(start)
            ));
            d.explanation_en = detail.text(|| format!(
                "The Schulpflicht {in_en} has applied since {start} but rests (or the person is exempt) while the ground given lasts ({cite}); this does not prolong it."
            ));
            return Ok(d);
        }
    }

    d.checks.push(book.check_as(
        detail,
        wohnsitz,
        &[
            "residence_ags",
            "land",
            "land_residence_start",
            "birth_date",
        ],
        CheckResult::Satisfied,
        true,
        || "resident in the Land and of school age: schulpflichtig",
    ));
    if place_rule != wohnsitz {
        d.checks.push(book.check_as(
            detail,
            place_rule,
            &["asylum_seeker", "gemeinde_assignment_date"],
            CheckResult::Satisfied,
            true,
            || format!("assigned to a Gemeinde on {place_day}"),
        ));
    }
    d.outcome = Outcome::Eligible;
    d.effective_date = Some(start);
    let from_de = de_date(start);
    if !nrw {
        d.explanation_de = detail.text(|| format!(
            "Das Kind bzw. der junge Mensch ist seit dem {from_de} in Rheinland-Pfalz zum Schulbesuch verpflichtet ({cite_place}); über Aufnahme und Sprachförderung entscheidet die Schule bzw. die Schulbehörde. Nach neun Schuljahren ist die Berufsschule (auch das Berufsvorbereitungsjahr, BVJ, an der berufsbildenden Schule, BBS) oder eine andere Schule zu besuchen."
        ));
        d.explanation_en = detail.text(|| format!(
            "The child or young person has been obliged to attend school in Rhineland-Palatinate since {start} ({cite_place}); the school or the Schulbehörde decides on admission and language support. After nine school years the Berufsschule (including the Berufsvorbereitungsjahr, BVJ, at the berufsbildende Schule, BBS) or another school is attended."
        ));
        return Ok(d);
    }
    let cite34 = cite_place;

    // Class by age: school years since the regular start, plus one.
    let klasse = book.require(KLASSE, as_of)?;
    let dauer = book.require(DAUER, as_of)?;
    let years_full_time = match book.value(dauer) {
        Some(Value::Years { years }) => *years,
        _ => 10,
    };
    let cohort_grade = u32::try_from(y.start_year() - s.start_year() + 1).unwrap_or(1);
    let (mut de, mut en);
    if cohort_grade > years_full_time {
        let sek2 = book.require(SEK2, as_of)?;
        d.checks.push(book.check_as(detail,
            sek2,
            &["birth_date"],
            CheckResult::Satisfied,
            true,
            || "beyond the years of Vollzeitschulpflicht by age: Schulpflicht in Sek II (Berufskolleg)",
        ));
        d.details
            .insert("suggested_stage".into(), "berufskolleg".into());
        let cite = book.citation(sek2);
        de = detail.text(|| format!(
            "Der junge Mensch ist seit dem {from_de} in NRW schulpflichtig ({cite34}); nach seinem Alter in der Sekundarstufe II, in der Regel am Berufskolleg ({cite}), bis zum Ende des Schuljahres, in dem das 18. Lebensjahr vollendet wird."
        ));
        en = detail.text(|| format!(
            "The young person has been schulpflichtig in NRW since {start} ({cite34}); by age in upper secondary, as a rule at a Berufskolleg ({cite}), until the end of the school year in which the 18th year of life is completed."
        ));
    } else {
        let (lo, hi) = match book.value(klasse) {
            Some(Value::GradeRange { min, max }) => (*min, *max),
            _ => (1, 10),
        };
        let grade = cohort_grade.clamp(lo, hi);
        d.checks.push(book.check_as(
            detail,
            klasse,
            &["birth_date"],
            CheckResult::Satisfied,
            false,
            || format!("age cohort of grade {grade}"),
        ));
        d.details
            .insert("suggested_grade".into(), grade.to_string().into());
        d.details.insert(
            "suggested_stage".into(),
            if grade <= 4 { "primarstufe" } else { "sek_i" }.into(),
        );
        de = detail.text(|| format!(
            "Das Kind ist seit dem {from_de} in NRW schulpflichtig ({cite34}). Nach dem Alter entspricht es der Klasse {grade}; über die Aufnahme entscheidet die Schule mit dem Kommunalen Integrationszentrum bzw. Schulamt."
        ));
        en = detail.text(|| format!(
            "The child has been schulpflichtig in NRW since {start} ({cite34}). By age it belongs in grade {grade}; the school decides on placement with the Kommunales Integrationszentrum or Schulamt."
        ));
    }

    // Deutschförderung: as a rule two years from the arrival (else from the start of the duty).
    if let Some(ef) = book.table().in_force(ERSTFOERDERUNG, as_of) {
        if let Some(Value::Years { years }) = book.value(ef) {
            let from = facts.arrival_date.unwrap_or(start);
            let until = from
                .anniversary(*years)
                .ok_or(RuleError::DateOutOfRange)?
                .pred();
            let active = as_of <= until;
            d.checks.push(book.check_as(
                detail,
                ef,
                &["arrival_date"],
                if active {
                    CheckResult::Satisfied
                } else {
                    CheckResult::NotSatisfied
                },
                false,
                || {
                    format!(
                        "Erstförderung as a rule up to {years} years after arrival, until {until}"
                    )
                },
            ));
            if active {
                d.details
                    .insert("erstfoerderung_until".into(), until.to_string().into());
                let cite = book.citation(ef);
                let explained = detail == Detail::Explained;
                if explained {
                    de.push_str(&format!(
                    " Deutschförderung (Erstförderung) ist in der Regel bis zum {} vorgesehen ({cite}).",
                    de_date(until)
                ));
                    en.push_str(&format!(
                    " Deutschförderung (Erstförderung) is foreseen as a rule until {until} ({cite})."
                ));
                }
                let amended = Date::from_ymd(AMENDED_2023.0, AMENDED_2023.1, AMENDED_2023.2)
                    .map_err(|_| RuleError::DateOutOfRange)?;
                if book
                    .table()
                    .row(ef)
                    .is_some_and(|r| r.version.from >= amended)
                {
                    d.details
                        .insert("deutschfoerderung_target".into(), "B1".into());
                    d.details
                        .insert("erstalphabetisierung_up_to_years".into(), "1".into());
                    if explained {
                        de.push_str(" Ziel ist das Sprachniveau B1; wer nicht im lateinischen Schriftsystem alphabetisiert ist, kann zunächst bis zu einem Jahr eine Lerngruppe zur Erstalphabetisierung besuchen.");
                        en.push_str(" The target is level B1; pupils not literate in the Latin script can first attend a literacy group (Erstalphabetisierung) for up to one year.");
                    }
                }
            }
        }
    }
    d.explanation_de = de;
    d.explanation_en = en;
    Ok(d)
}

/// The first day of the duty by place: the assignment to a Gemeinde for an asylum seeker
/// (§ 34 Abs. 6 SchulG NRW, § 56 Abs. 2 SchulG RLP), else the start of residence in the Land
/// (§ 34 Abs. 1 SchulG NRW, § 56 Abs. 1 SchulG RLP).
fn place_start(
    book: &RuleBook,
    land: Land,
    facts: &LearnerFacts,
    as_of: Date,
    wohnsitz: u16,
) -> Result<PlaceStart, RuleError> {
    let asylum = facts
        .asylum_seeker
        .or(facts.gemeinde_assignment_date.map(|_| true));
    Ok(match asylum {
        Some(true) => {
            let asyl = book.require(if land == Land::RP { RLP_ASYL } else { ASYL }, as_of)?;
            match facts.gemeinde_assignment_date {
                Some(day) => PlaceStart::Known(day, asyl),
                None => PlaceStart::Missing(vec!["gemeinde_assignment_date"], asyl),
            }
        }
        Some(false) => match facts.land_residence_start {
            Some(day) => PlaceStart::Known(day, wohnsitz),
            None => PlaceStart::Missing(vec!["land_residence_start"], wohnsitz),
        },
        None => {
            let mut m = vec!["asylum_seeker"];
            if facts.land_residence_start.is_none() {
                m.push("land_residence_start");
            }
            PlaceStart::Missing(m, wohnsitz)
        }
    })
}
