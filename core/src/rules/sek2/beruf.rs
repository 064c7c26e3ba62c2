//! Dual training (§ 10 BBiG), the Schulpflicht in Sekundarstufe II / Berufsschulpflicht (§ 38
//! SchulG NRW; §§ 59–61 SchulG RLP), taking up work (§§ 2, 5 JArbSchG) and the practical part of
//! the Fachhochschulreife.

use super::codes::{Abschluss, has, held_mask};
use super::{Assessment, Explain, LandOr, land, next_entry, years_value};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::push_sy;
use crate::rules::schulpflicht;
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

/// Whether the duty to attend a full-time school is still running: `Some(true)` still running,
/// `Some(false)` over (fulfilled, ended early with a class-10 Abschluss, or the tenth year
/// fulfilled in the Fachklasse after a training entered at the end of the ninth, § 37 SchulG NRW),
/// `None` unknown. Adults (18+) are never vollzeitschulpflichtig.
fn still_vollzeit(
    book: &RuleBook,
    l: Land,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<(u16, Option<bool>), RuleError> {
    let v = schulpflicht::vollzeit(book, l, facts, as_of)?;
    if facts.birth_date.is_some_and(|b| b.age_on(as_of) >= 18) {
        return Ok((v.rule, Some(false)));
    }
    Ok((v.rule, v.over_on(as_of).map(|over| !over)))
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

/// "Does the Schulpflicht in Sekundarstufe II (Berufsschulpflicht) apply on `as_of`?" NRW:
/// § 34 Abs. 1 (place), § 37 (the Vollzeitschulpflicht before it), § 38 Abs. 2 (training begun
/// before completing the 21st year: until its end), Abs. 3 (otherwise until the school year of
/// the 18th year; earlier end with a full-time Sek-II Bildungsgang), Abs. 5 (later training: a
/// right), § 40 (resting). RLP: §§ 56, 59–61 SchulG RLP (twelve school years; exemptions; a
/// training existing after twelve years; later training: a right up to 25).
fn berufsschulpflicht<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::Berufsschulpflicht;
    let l = match land(book, T, facts, as_of, true, BSP_AUSBILDUNG)? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    if l == Land::RP {
        bsp_rlp(book, facts, as_of)
    } else {
        bsp_nrw(book, facts, as_of)
    }
}

const BSP_AUSBILDUNG: &str = "nrw.berufsschulpflicht.ausbildung";
const BSP_OHNE: &str = "nrw.berufsschulpflicht.ohne_ausbildung";
const BSP_VOLLZEIT_ABSCHLUSS: &str = "nrw.berufsschulpflicht.vollzeit_abschluss";
const BSP_BERECHTIGUNG: &str = "nrw.berufsschulpflicht.berechtigung";
const RLP_BSP: &str = "rlp.berufsschulpflicht";
const RLP_BEFREIUNG2: &str = "rlp.berufsschulpflicht.befreiung";
const RLP_VERLAENGERUNG: &str = "rlp.berufsschulpflicht.verlaengerung";
const RLP_BERECHTIGUNG: &str = "rlp.berufsschulpflicht.berechtigung";

/// A period of duty: first day and last day (`None`: open, until the training ends).
#[derive(Clone, Copy)]
struct Span {
    from: Date,
    to: Option<Date>,
}

impl Span {
    fn contains(self, d: Date) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }
}

/// The first day of the uninterrupted duty that contains `day`, from the age-based period `a`
/// and the training period `t` (each known to contain `day` or not).
fn continuous_start(a: Option<Span>, t: Option<Span>, day: Date) -> Option<Date> {
    let in_a = a.filter(|s| s.contains(day));
    let in_t = t.filter(|s| s.contains(day));
    match (in_a, in_t) {
        (Some(a), Some(t)) => Some(a.from.min(t.from)),
        (Some(a), None) => Some(a.from),
        (None, Some(t)) => Some(match a {
            // An age-based period that ran into the training joins it.
            Some(a) if a.from < t.from && a.to.is_some_and(|e| e.succ() >= t.from) => a.from,
            _ => t.from,
        }),
        (None, None) => None,
    }
}

fn bsp_nrw<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::Berufsschulpflicht;
    let mut a = Assessment::new(T, Some(Land::NW), as_of);
    let wohnsitz = book.require(schulpflicht::NRW_WOHNSITZ, as_of)?;
    let ausbildung = book.require(BSP_AUSBILDUNG, as_of)?;
    let ohne = book.require(BSP_OHNE, as_of)?;
    let training = facts.training_contract == Some(true);

    // § 34 Abs. 1: residence, habitual abode, or the place of training or work in NRW.
    let resident = schulpflicht::resident_in(facts, Land::NW) != Some(false);
    let works_here = facts.training_or_work_land == Some(Land::NW);
    if !resident && !works_here {
        if facts.training_or_work_land.is_none() {
            a.check(
                wohnsitz,
                &["residence_ags", "training_or_work_land"],
                CheckResult::MissingFacts,
                true,
                "not resident in NRW: the place of training or work decides",
            );
            a.missing("training_or_work_land");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Wer nicht in NRW wohnt, ist dort schulpflichtig, wenn die Ausbildungs- oder Arbeitsstätte in NRW liegt; bitte das Land der Ausbildungs- oder Arbeitsstätte angeben",
                "Whoever does not live in NRW is schulpflichtig there if the place of training or work is in NRW; please state its Land",
            ));
        }
        a.check(
            wohnsitz,
            &["residence_ags", "training_or_work_land"],
            CheckResult::NotSatisfied,
            true,
            "neither residence nor place of training or work in NRW",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Schulpflichtig in NRW ist nur, wer dort Wohnsitz, gewöhnlichen Aufenthalt oder Ausbildungs- oder Arbeitsstätte hat",
            "Only whoever lives, trains or works in NRW is schulpflichtig there",
        ));
    }
    // The first day of the duty by place, where known: the start of residence, or (place of
    // training only) the start of the training.
    let place_start = if resident {
        facts.land_residence_start
    } else if training {
        facts.training_start_date
    } else {
        None
    };

    let Some(birth) = facts.birth_date else {
        a.check(
            if training { ausbildung } else { ohne },
            &["birth_date", "training_contract"],
            CheckResult::MissingFacts,
            true,
            "the age decides (18th year; training begun before the 21st)",
        );
        a.missing("birth_date");
        if training && facts.training_start_date.is_none() {
            a.missing("training_start_date");
        }
        if facts.training_contract.is_none() {
            a.missing("training_contract");
        }
        return Ok(a.finish(
            Outcome::Undetermined,
            "Ohne Ausbildungsverhältnis dauert die Schulpflicht bis zum Ende des Schuljahres, in dem das 18. Lebensjahr vollendet wird, mit einem vor Vollendung des 21. Lebensjahres begonnenen bis zu dessen Ende; bitte das Geburtsdatum angeben",
            "Without a training relationship Schulpflicht lasts until the end of the school year in which the 18th year of life is completed, with one begun before completing the 21st year until it ends; please state the date of birth",
        ));
    };
    let age_end = SchoolYear::containing(schulpflicht::year_completed(birth, 18)?).end();
    let last21 = schulpflicht::year_completed(birth, 21)?;
    a.detail_with("until_school_year", || {
        let mut sy = String::new();
        push_sy(&mut sy, SchoolYear::containing(age_end));
        sy
    });

    // § 38 Abs. 2: a training begun before completing the 21st year.
    let mut before21 = None;
    let mut t_span = None;
    if training {
        match facts.training_start_date {
            Some(ts) => {
                before21 = Some(ts <= last21);
                if ts <= last21 {
                    t_span = Some(Span {
                        from: place_start.map_or(ts, |p| p.max(ts)),
                        to: None,
                    });
                }
            }
            // Still under 21: whenever it began, it began before.
            None if as_of <= last21 => before21 = Some(true),
            None => {
                a.check(
                    ausbildung,
                    &["birth_date", "training_contract", "training_start_date"],
                    CheckResult::MissingFacts,
                    true,
                    "whether the training began before the 21st year was completed",
                );
                a.missing("training_start_date");
                return Ok(a.finish(
                    Outcome::Undetermined,
                    "Schulpflichtig ist, wer vor Vollendung des 21. Lebensjahres ein Berufsausbildungsverhältnis beginnt; bitte den Beginn der Ausbildung angeben",
                    "Schulpflicht applies to whoever begins a training relationship before completing the 21st year of life; please state when the training began",
                ));
            }
        }
    }
    let full_time_done = facts.full_time_sek2_completed == Some(true);
    // The age-based duty matters unless it is over by age or by a full-time Bildungsgang.
    let age_matters = as_of <= age_end && !full_time_done;

    // The Vollzeitschulpflicht comes first (§ 38 Abs. 1).
    let vz = schulpflicht::vollzeit(book, Land::NW, facts, as_of)?;
    // The age-based period, also once over (it may have run into a training).
    let a_span = match (vz.missing, vz.end) {
        (None, Some(s2)) if !full_time_done && s2 <= age_end => Some(Span {
            from: place_start.map_or(s2, |p| p.max(s2)),
            to: Some(age_end),
        }),
        _ => None,
    };
    if age_matters {
        match (vz.missing, vz.end) {
            (None, Some(s2)) => {
                if s2 > as_of && vz.tenth_in_training.is_none() {
                    a.check(
                        vz.rule,
                        vz.facts,
                        CheckResult::NotSatisfied,
                        true,
                        "the Vollzeitschulpflicht is still running",
                    );
                    if s2 <= age_end {
                        a.effective = Some(s2);
                    }
                    return Ok(a.finish(
                        Outcome::NotEligible,
                        "Die Vollzeitschulpflicht dauert noch an; die Schulpflicht in der Sekundarstufe II (Berufskolleg oder eine andere Schule der Sekundarstufe II) folgt danach",
                        "The Vollzeitschulpflicht is still running; Schulpflicht in upper secondary (Berufskolleg or another school of Sek II) follows it",
                    ));
                }
                if let Some(idx) = vz.tenth_in_training {
                    a.check(
                        idx,
                        &["school_years_attended", "training_contract"],
                        CheckResult::Satisfied,
                        false,
                        "the tenth year of the Vollzeitschulpflicht is fulfilled in the Fachklasse",
                    );
                }
            }
            (missing, _) => {
                let fact = missing.unwrap_or("school_years_attended");
                if before21 == Some(true) {
                    // Schulpflichtig by the training either way; only the first day is open.
                    if t_span.is_some_and(|t: Span| t.contains(as_of))
                        || facts.training_start_date.is_none()
                    {
                        if facts.training_start_date.is_none() {
                            a.missing("training_start_date");
                        }
                        a.check(
                            ausbildung,
                            &["birth_date", "training_contract", "training_start_date"],
                            CheckResult::Satisfied,
                            true,
                            "training begun before completing the 21st year",
                        );
                        a.missing(fact);
                        a.detail("until", "end_of_training");
                        return Ok(a.finish(
                            Outcome::Eligible,
                            "Wer vor Vollendung des 21. Lebensjahres ein Berufsausbildungsverhältnis beginnt, ist bis zu dessen Ende schulpflichtig (Fachklasse des Berufskollegs); seit wann, hängt auch von der Vollzeitschulpflicht ab",
                            "Whoever begins a training relationship before completing the 21st year of life is schulpflichtig until it ends (Fachklasse of the Berufskolleg); since when depends on the Vollzeitschulpflicht too",
                        ));
                    }
                }
                a.check(
                    vz.rule,
                    vz.facts,
                    CheckResult::MissingFacts,
                    true,
                    "the Vollzeitschulpflicht must be fulfilled first",
                );
                a.missing(fact);
                return Ok(a.finish(
                    Outcome::Undetermined,
                    "Die Schulpflicht in der Sekundarstufe II beginnt nach der Vollzeitschulpflicht; bitte die besuchten Schuljahre (am Gymnasium G8 oder G9) angeben",
                    "Schulpflicht in upper secondary begins after the Vollzeitschulpflicht; please state the school years attended (at a Gymnasium G8 or G9)",
                ));
            }
        }
    }

    let in_a = a_span.is_some_and(|s| s.contains(as_of));
    let in_t = t_span.is_some_and(|s| s.contains(as_of));
    // Under 21 with a training whose start is not known: begun before the 21st year whenever.
    let t_unknown = training && before21 == Some(true) && facts.training_start_date.is_none();
    if in_a || in_t || t_unknown {
        // § 40: the duty rests.
        if let Some(ground) = facts.schulpflicht_resting_ground {
            let (idx, rests) = schulpflicht::resting(book, Land::NW, ground, as_of)?;
            if rests {
                a.check(
                    idx,
                    &["schulpflicht_resting_ground"],
                    CheckResult::Satisfied,
                    true,
                    "the Schulpflicht rests",
                );
                a.detail("resting_ground", schulpflicht::ground_name(ground));
                return Ok(a.finish(
                    Outcome::NotEligible,
                    "Die Schulpflicht ruht, solange der angegebene Grund besteht (z. B. Mutterschutz, Freiwilligendienst, Abendrealschule); das Ruhen wird auf ihre Dauer angerechnet und verlängert sie nicht",
                    "The Schulpflicht rests while the ground given lasts (e.g. maternity protection, voluntary service, Abendrealschule); the time counts towards it and does not prolong it",
                ));
            }
            a.check(
                idx,
                &["schulpflicht_resting_ground"],
                CheckResult::NotApplicable,
                false,
                "no ground of § 40",
            );
        }
        a.effective = continuous_start(a_span, t_span, as_of);
        if in_t || (t_unknown && !in_a) {
            if a.effective.is_none() {
                a.missing("training_start_date");
            }
            a.check(
                ausbildung,
                &["birth_date", "training_contract", "training_start_date"],
                CheckResult::Satisfied,
                true,
                "training begun before completing the 21st year: schulpflichtig until it ends",
            );
            if in_a {
                a.check(
                    ohne,
                    &["birth_date", "school_years_attended"],
                    CheckResult::Satisfied,
                    false,
                    "also within the school year of the 18th year",
                );
            }
            a.detail("until", "end_of_training");
            return Ok(a.finish(
                Outcome::Eligible,
                "Wer vor Vollendung des 21. Lebensjahres ein Berufsausbildungsverhältnis beginnt, ist bis zu dessen Ende schulpflichtig: Besuch der Fachklasse des Berufskollegs",
                "Whoever begins a training relationship before completing the 21st year of life is schulpflichtig until it ends: the Fachklasse of the Berufskolleg",
            ));
        }
        if t_unknown {
            // Under 21 with a training whose start is not known: schulpflichtig either way.
            a.check(
                ausbildung,
                &["birth_date", "training_contract"],
                CheckResult::Satisfied,
                false,
                "training begun before completing the 21st year",
            );
            a.detail("until", "end_of_training");
        }
        a.check(
            ohne,
            &["birth_date", "school_years_attended"],
            CheckResult::Satisfied,
            true,
            "schulpflichtig until the end of the school year in which the 18th year is completed",
        );
        return Ok(a.finish(
            Outcome::Eligible,
            "Die Schulpflicht in der Sekundarstufe II besteht bis zum Ende des Schuljahres, in dem das 18. Lebensjahr vollendet wird; sie wird am Berufskolleg (Fachklasse, Ausbildungsvorbereitung oder ein vollzeitschulischer Bildungsgang) oder an einer anderen Schule der Sekundarstufe II erfüllt",
            "Schulpflicht in upper secondary lasts until the end of the school year in which the 18th year of life is completed; it is fulfilled at the Berufskolleg (Fachklasse, Ausbildungsvorbereitung or a full-time course) or another school of Sek II",
        ));
    }

    // Not schulpflichtig on `as_of`.
    if let Some(t) = t_span.filter(|s| s.from > as_of) {
        // The training (or the duty by place) begins later.
        a.check(
            ausbildung,
            &["birth_date", "training_contract", "training_start_date"],
            CheckResult::NotSatisfied,
            true,
            "the training has not begun yet",
        );
        a.effective = Some(t.from);
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Schulpflicht beginnt mit dem Beginn des Berufsausbildungsverhältnisses",
            "The Schulpflicht begins with the training relationship",
        ));
    }
    if let Some(s) = a_span.filter(|s| s.from > as_of) {
        a.check(
            wohnsitz,
            &["land_residence_start"],
            CheckResult::NotSatisfied,
            true,
            "schulpflichtig in NRW only from the start of residence",
        );
        a.effective = Some(s.from);
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Schulpflicht in NRW beginnt erst mit dem Wohnsitz in NRW",
            "The Schulpflicht in NRW begins only with residence in NRW",
        ));
    }
    if training && before21 == Some(false) {
        let idx = book.require(BSP_BERECHTIGUNG, as_of)?;
        a.check(
            ausbildung,
            &["birth_date", "training_start_date"],
            CheckResult::NotSatisfied,
            true,
            "training begun after completing the 21st year",
        );
        a.check(
            idx,
            &["training_contract"],
            CheckResult::Satisfied,
            false,
            "a right to attend the Berufsschule while the training lasts",
        );
        a.detail("right_to_attend", "true");
        return Ok(a.finish(
            Outcome::NotEligible,
            "Wer nach Vollendung des 21. Lebensjahres eine Berufsausbildung beginnt, ist nicht mehr schulpflichtig, aber berechtigt, die Berufsschule (Fachklasse des Berufskollegs) zu besuchen, solange das Berufsausbildungsverhältnis besteht",
            "Whoever begins a training after completing the 21st year of life is not schulpflichtig but may attend the Berufsschule (Fachklasse of the Berufskolleg) while the training relationship lasts",
        ));
    }
    if facts.training_contract.is_none() {
        a.check(
            ausbildung,
            &["training_contract"],
            CheckResult::MissingFacts,
            true,
            "over by age: only a training relationship begun before the 21st year could found it",
        );
        a.missing("training_contract");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Die Schulpflicht ohne Ausbildungsverhältnis ist beendet; mit einem vor Vollendung des 21. Lebensjahres begonnenen Berufsausbildungsverhältnis bestünde sie bis zu dessen Ende; bitte angeben, ob ein Ausbildungsverhältnis besteht",
            "Schulpflicht without a training relationship is over; with one begun before completing the 21st year it would last until the training ends; please state whether there is a training relationship",
        ));
    }
    if full_time_done && as_of <= age_end {
        let idx = book.require(BSP_VOLLZEIT_ABSCHLUSS, as_of)?;
        a.check(
            idx,
            &["full_time_sek2_completed"],
            CheckResult::Satisfied,
            true,
            "ended early with a full-time Bildungsgang of Sek II",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Schulpflicht endete vorzeitig mit dem erfolgreichen Abschluss eines vollzeitschulischen Bildungsganges der Sekundarstufe II; ein vor Vollendung des 21. Lebensjahres begonnenes Berufsausbildungsverhältnis begründet sie neu",
            "The Schulpflicht ended early with the successful completion of a full-time Bildungsgang of upper secondary; a training relationship begun before completing the 21st year founds it again",
        ));
    }
    a.check(
        ohne,
        &["birth_date", "training_contract"],
        CheckResult::NotSatisfied,
        true,
        "the school year in which the 18th year was completed has ended",
    );
    Ok(a.finish(
        Outcome::NotEligible,
        "Die Schulpflicht ist beendet (Schuljahr der Vollendung des 18. Lebensjahres abgelaufen); Bildungsgänge des Berufskollegs und des Weiterbildungskollegs bleiben offen",
        "Schulpflicht has ended (the school year in which the 18th year was completed is over); courses of the Berufskolleg and the Weiterbildungskolleg remain open",
    ))
}

fn bsp_rlp<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    const T: Transition = Transition::Berufsschulpflicht;
    let mut a = Assessment::new(T, Some(Land::RP), as_of);
    let bsp = book.require(RLP_BSP, as_of)?;
    let total = years_value(book, bsp).unwrap_or(12);
    let training = facts.training_contract == Some(true);

    // § 56 Abs. 1 SchulG RLP: residence or habitual abode in Rheinland-Pfalz.
    if schulpflicht::resident_in(facts, Land::RP) == Some(false) {
        let idx = book.require(schulpflicht::RLP_WOHNSITZ, as_of)?;
        a.check(
            idx,
            &["residence_ags"],
            CheckResult::NotSatisfied,
            true,
            "residence is not in Rheinland-Pfalz",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Pflicht zum Schulbesuch in Rheinland-Pfalz gilt für Kinder, Jugendliche und Heranwachsende mit Wohnsitz oder gewöhnlichem Aufenthalt in Rheinland-Pfalz",
            "The duty to attend school in Rheinland-Pfalz applies to those whose residence or habitual abode is in Rheinland-Pfalz",
        ));
    }
    let vz = schulpflicht::vollzeit(book, Land::RP, facts, as_of)?;
    let (Some(s2), None) = (vz.end, vz.missing) else {
        a.check(
            bsp,
            &["school_years_attended"],
            CheckResult::MissingFacts,
            true,
            "the twelve school years are counted from school entry",
        );
        a.missing("school_years_attended");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Die Pflicht zum Schulbesuch dauert zwölf Schuljahre; nach neun Schuljahren ist die Berufsschule (auch das Berufsvorbereitungsjahr, BVJ) oder eine andere Schule zu besuchen; bitte die Zahl der Schuljahre angeben",
            "The duty to attend school lasts twelve school years; after nine the Berufsschule (including the Berufsvorbereitungsjahr, BVJ) or another school is attended; please state the number of school years",
        ));
    };
    let y = SchoolYear::containing(as_of);
    let done = vz.counted;
    // The first day after the twelfth school year.
    let after12 = schulpflicht::shifted(y, i64::from(total) - i64::from(done))?;
    a.detail_with("until_school_year", || {
        let mut sy = String::new();
        push_sy(&mut sy, SchoolYear::containing(after12.pred()));
        sy
    });
    if s2 > as_of {
        a.check(
            vz.rule,
            vz.facts,
            CheckResult::NotSatisfied,
            true,
            "fewer than nine school years",
        );
        a.effective = Some(s2);
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Berufsschule oder eine Schule der Sekundarstufe II wird erst nach neun Schuljahren besucht; bis dahin Grundschule und weiterführende Schule",
            "The Berufsschule or a school of upper secondary is attended only after nine school years; until then primary and secondary school",
        ));
    }
    // § 60 Abs. 2 Nr. 1-3: exempt unless a (new) training relationship is begun.
    let befreiung = book.require(RLP_BEFREIUNG2, as_of)?;
    let two_years = facts.vocational_training_completed == Some(true)
        && facts.vocational_training_years.is_some_and(|y| y >= 2);
    let bf = facts.full_time_sek2_completed == Some(true);
    let tenth = has(held_mask(&facts.qualifications), Abschluss::MSA);
    let exempt = two_years || bf || tenth;
    let ts = facts.training_start_date;

    // § 60 Abs. 1 Nr. 2, 3: exempt during the services and the Mutterschutz.
    let rests = |a: &mut Assessment<E>| -> Result<bool, RuleError> {
        if let Some(ground) = facts.schulpflicht_resting_ground {
            let (idx, rests) = schulpflicht::resting(book, Land::RP, ground, as_of)?;
            if rests {
                a.check(
                    idx,
                    &["schulpflicht_resting_ground"],
                    CheckResult::Satisfied,
                    true,
                    "exempt from attending school",
                );
                a.detail("resting_ground", schulpflicht::ground_name(ground));
                return Ok(true);
            }
        }
        Ok(false)
    };
    const RESTS_DE: &str = "Vom Besuch der Schule ist befreit, wer Wehrdienst, einen Jugendfreiwilligendienst oder den Bundesfreiwilligendienst leistet, und eine Schülerin in den Mutterschutzfristen";
    const RESTS_EN: &str = "Exempt from attending school is whoever does military service, a Jugendfreiwilligendienst or the Bundesfreiwilligendienst, and a pupil within the maternity protection periods";

    if as_of < after12 {
        // School years ten to twelve.
        if exempt && !training {
            a.check(
                befreiung,
                &[
                    "qualifications",
                    "full_time_sek2_completed",
                    "vocational_training_completed",
                    "training_contract",
                ],
                CheckResult::Satisfied,
                true,
                "exempt: two-year training, BF I/II or a successful 10th school year, and no training relationship",
            );
            return Ok(a.finish(
                Outcome::NotEligible,
                "Vom weiteren Schulbesuch befreit ist, wer eine mindestens zweijährige Ausbildung, die Berufsfachschule I oder II (BF I/II) oder das 10. Schuljahr einer Realschule plus, Integrierten Gesamtschule oder eines Gymnasiums erfolgreich abgeschlossen hat, solange kein Berufsausbildungsverhältnis begründet wird; mit einem Ausbildungsverhältnis ist die Berufsschule (BBS) wieder zu besuchen",
                "Exempt from further attendance is whoever successfully completed a training of at least two years, the Berufsfachschule I or II (BF I/II) or the 10th school year of a Realschule plus, IGS or Gymnasium, as long as no training relationship is begun; with one the Berufsschule (BBS) is to be attended again",
            ));
        }
        if rests(&mut a)? {
            return Ok(a.finish(Outcome::NotEligible, RESTS_DE, RESTS_EN));
        }
        a.effective = if exempt { ts } else { Some(s2) };
        if exempt {
            a.check(
                befreiung,
                &["training_contract"],
                CheckResult::NotSatisfied,
                false,
                "the exemption ends with a new training relationship",
            );
            if ts.is_none() {
                a.missing("training_start_date");
            }
        }
        a.check(
            bsp,
            &["school_years_attended", "training_contract"],
            CheckResult::Satisfied,
            true,
            "within twelve school years",
        );
        if training {
            a.detail("until", "end_of_training");
            return Ok(a.finish(
                Outcome::Eligible,
                "Mit einem Berufsausbildungsverhältnis ist die Berufsschule (Teilzeit an der berufsbildenden Schule, BBS) zu besuchen; besteht es nach zwölf Schuljahren noch, bis zu seinem Abschluss",
                "With a training relationship the Berufsschule (part-time at the berufsbildende Schule, BBS) is to be attended; if it still exists after twelve school years, until it is completed",
            ));
        }
        return Ok(a.finish(
            Outcome::Eligible,
            "Die Pflicht zum Schulbesuch dauert zwölf Schuljahre: nach neun Schuljahren ist die Berufsschule (Teilzeit oder Berufsvorbereitungsjahr, BVJ, an der berufsbildenden Schule, BBS) oder eine andere Schule (z. B. Berufsfachschule I/II, gymnasiale Oberstufe) zu besuchen",
            "The duty to attend school lasts twelve school years: after nine the Berufsschule (part-time or the Berufsvorbereitungsjahr, BVJ, at the berufsbildende Schule, BBS) or another school (e.g. Berufsfachschule I/II, gymnasiale Oberstufe) is attended",
        ));
    }

    // Twelve school years have passed.
    if !training {
        if facts.training_contract.is_none() {
            a.check(
                bsp,
                &["school_years_attended", "training_contract"],
                CheckResult::MissingFacts,
                true,
                "after twelve school years only a training relationship decides",
            );
            a.missing("training_contract");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Nach zwölf Schuljahren besteht die Berufsschulpflicht nur für ein Berufsausbildungsverhältnis fort, das dann noch besteht; bitte angeben, ob ein Ausbildungsverhältnis besteht",
                "After twelve school years the Berufsschulpflicht continues only for a training relationship that still exists then; please state whether there is one",
            ));
        }
        a.check(
            bsp,
            &["school_years_attended", "training_contract"],
            CheckResult::NotSatisfied,
            true,
            "twelve school years have passed",
        );
        return Ok(a.finish(
            Outcome::NotEligible,
            "Die Pflicht zum Schulbesuch von zwölf Schuljahren ist erfüllt",
            "The duty to attend school for twelve school years is fulfilled",
        ));
    }
    let verlaengerung = book.require(RLP_VERLAENGERUNG, as_of)?;
    let Some(start) = ts else {
        a.check(
            verlaengerung,
            &["training_contract", "training_start_date"],
            CheckResult::MissingFacts,
            true,
            "whether the training existed when the twelve school years ended",
        );
        a.missing("training_start_date");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Besteht nach Ablauf von zwölf Schuljahren noch ein Berufsausbildungsverhältnis, ist die Berufsschule bis zu dessen Abschluss zu besuchen; ein später begründetes berechtigt nur zum Besuch; bitte den Beginn der Ausbildung angeben",
            "A training relationship that still exists after twelve school years keeps the duty to attend the Berufsschule until it is completed; one begun later gives only a right; please state when the training began",
        ));
    };
    if start < after12 {
        if rests(&mut a)? {
            return Ok(a.finish(Outcome::NotEligible, RESTS_DE, RESTS_EN));
        }
        a.check(
            verlaengerung,
            &[
                "training_contract",
                "training_start_date",
                "school_years_attended",
            ],
            CheckResult::Satisfied,
            true,
            "the training existed when the twelve school years ended",
        );
        a.effective = Some(if exempt { start } else { s2.min(start) });
        a.detail("until", "end_of_training");
        return Ok(a.finish(
            Outcome::Eligible,
            "Das Berufsausbildungsverhältnis bestand beim Ablauf der zwölf Schuljahre; die Berufsschule (BBS) ist bis zu seinem Abschluss zu besuchen",
            "The training relationship existed when the twelve school years ended; the Berufsschule (BBS) is to be attended until it is completed",
        ));
    }
    let berechtigung = book.require(RLP_BERECHTIGUNG, as_of)?;
    let limit = super::age_value(book, berechtigung)
        .and_then(|(_, u)| u)
        .unwrap_or(25);
    a.check(
        verlaengerung,
        &["training_start_date", "school_years_attended"],
        CheckResult::NotSatisfied,
        true,
        "training begun after the end of the duty",
    );
    match facts.birth_date {
        Some(birth) => {
            let right = as_of <= schulpflicht::year_completed(birth, limit)?;
            a.check(
                berechtigung,
                &["birth_date", "training_contract"],
                if right {
                    CheckResult::Satisfied
                } else {
                    CheckResult::NotSatisfied
                },
                false,
                "a right to attend until the training is completed, at most until the 25th year",
            );
            a.detail("right_to_attend", if right { "true" } else { "false" });
        }
        None => {
            a.check(
                berechtigung,
                &["birth_date", "training_contract"],
                CheckResult::MissingFacts,
                false,
                "the right to attend ends with the 25th year",
            );
        }
    }
    Ok(a.finish(
        Outcome::NotEligible,
        "Wer ein Berufsausbildungsverhältnis erst nach dem Ende der Pflicht zum Schulbesuch begründet, ist nicht berufsschulpflichtig, aber bis zu dessen Abschluss, längstens bis zur Vollendung des 25. Lebensjahres, zum Besuch der Berufsschule (BBS) berechtigt",
        "Whoever begins a training relationship after the duty to attend school has ended is not berufsschulpflichtig but may attend the Berufsschule (BBS) until it is completed, at most until completing the 25th year of life",
    ))
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
