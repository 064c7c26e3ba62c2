//! The Schulpflicht after school entry: the end of the Vollzeitschulpflicht (§ 37 SchulG NRW with
//! § 2 Abs. 2 AO-GS; § 59 Abs. 2 SchulG RLP), and what the Sek-II duty (§ 38 SchulG NRW,
//! §§ 59–61 SchulG RLP) and the newly arrived (§ 34 SchulG NRW) share: the day a year of life is
//! completed, the Vollzeitschulpflicht in time, the place and the resting of the duty (§ 40
//! SchulG NRW, § 60 Abs. 1 SchulG RLP).
//!
//! Dates: a duty that ends with a school year ends on 31 July; the status "over" begins on the
//! following 1 August, and that day is what a decision reports.

use std::collections::BTreeMap;

use super::decision::Detail;
use super::decision::de_date;
use super::law::Value;
use super::sek2::codes::{Abschluss, has, held_mask};
use super::{
    CheckResult, Decision, GymnasiumTrack, Land, LearnerFacts, Outcome, RestingGround, RuleBook,
    RuleError, Schulform, Transition,
};
use crate::calendar::{Date, SchoolYear};

const NRW_DAUER: &str = "nrw.vollzeitschulpflicht.dauer";
const NRW_DAUER_G8: &str = "nrw.vollzeitschulpflicht.dauer_g8";
const NRW_SEP: &str = "nrw.vollzeitschulpflicht.schuleingangsphase";
const NRW_VORZEITIG: &str = "nrw.vollzeitschulpflicht.vorzeitig";
const NRW_AUSBILDUNG: &str = "nrw.vollzeitschulpflicht.ausbildung";
const NRW_SEK2: &str = "nrw.schulpflicht.sek2";
const RLP_DAUER: &str = "rlp.vollzeitschulpflicht.dauer";
pub(crate) const NRW_WOHNSITZ: &str = "nrw.schulpflicht.wohnsitz";
pub(crate) const NRW_RUHEN: &str = "nrw.schulpflicht.ruhen";
pub(crate) const RLP_WOHNSITZ: &str = "rlp.schulpflicht.wohnsitz";
pub(crate) const RLP_BEFREIUNG: &str = "rlp.schulpflicht.befreiung";

/// The day at whose end the `n`-th year of life is completed (BGB §§ 187 Abs. 2, 188 Abs. 2): the
/// day before the `n`-th birthday (28 February for a birthday on 29 February in a common year).
///
/// "Vor Vollendung des 21. Lebensjahres" is any day up to and including this one; "das Schuljahr,
/// in dem sie das 18. Lebensjahr vollenden" is the school year containing it.
pub(crate) fn year_completed(birth: Date, n: u32) -> Result<Date, RuleError> {
    Ok(birth
        .anniversary(n)
        .ok_or(RuleError::DateOutOfRange)?
        .pred())
}

/// The 1 August `k` school years after (`k < 0`: before) the start of `y`.
pub(crate) fn shifted(y: SchoolYear, k: i64) -> Result<Date, RuleError> {
    i32::try_from(i64::from(y.start_year()) + k)
        .ok()
        .and_then(|s| SchoolYear::starting(s).ok())
        .map(SchoolYear::start)
        .ok_or(RuleError::DateOutOfRange)
}

fn years(book: &RuleBook, idx: u16, id: &str) -> Result<u32, RuleError> {
    match book.value(idx) {
        Some(Value::Years { years }) => Ok(*years),
        _ => Err(RuleError::NoLawInForce {
            rule_id: id.to_owned(),
        }),
    }
}

/// The Vollzeitschulpflicht of a learner as of a day.
#[derive(Clone, Debug)]
pub(crate) struct Vollzeit {
    /// The duration rule applied.
    pub rule: u16,
    /// Its number of school years.
    pub required: u32,
    /// The facts the duration rule read.
    pub facts: &'static [&'static str],
    /// A fact without which the end cannot be dated.
    pub missing: Option<&'static str>,
    /// School years that count (attended years less an uncounted Schuleingangsphase year).
    pub counted: u32,
    /// The Schuleingangsphase rule, when a year of it was not counted.
    pub sep: Option<u16>,
    /// The early end with a class-10 Abschluss (§ 37 Abs. 1 SchulG NRW), when it applied.
    pub early: Option<u16>,
    /// The tenth year fulfilled in the Fachklasse (§ 37 Abs. 2 SchulG NRW), when it applies.
    pub tenth_in_training: Option<u16>,
    /// The first day without the duty to attend a full-time school: the 1 August after the last
    /// counted year, or for § 37 Abs. 2 the start of the training. `None` when `missing`.
    pub end: Option<Date>,
}

impl Vollzeit {
    /// Whether full-time schooling is over on `day` (`None`: unknown).
    pub(crate) fn over_on(&self, day: Date) -> Option<bool> {
        self.end.map(|e| e <= day)
    }
}

/// The Vollzeitschulpflicht as of `as_of`: `school_years_attended` are the school years
/// completed before the school year of `as_of`.
pub(crate) fn vollzeit(
    book: &RuleBook,
    land: Land,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Vollzeit, RuleError> {
    let y = SchoolYear::containing(as_of);
    if land == Land::RP {
        let rule = book.require(RLP_DAUER, as_of)?;
        let required = years(book, rule, RLP_DAUER)?;
        let mut v = Vollzeit {
            rule,
            required,
            facts: &["school_years_attended"],
            missing: None,
            counted: 0,
            sep: None,
            early: None,
            tenth_in_training: None,
            end: None,
        };
        match facts.school_years_attended {
            None => v.missing = Some("school_years_attended"),
            Some(done) => {
                v.counted = done;
                v.end = Some(shifted(y, i64::from(required) - i64::from(done))?);
            }
        }
        return Ok(v);
    }
    let gym = facts.schulform == Some(Schulform::Gymnasium);
    let (id, used): (&str, &'static [&'static str]) = match (gym, facts.gymnasium_track) {
        (true, Some(GymnasiumTrack::G8)) => (
            NRW_DAUER_G8,
            &["school_years_attended", "schulform", "gymnasium_track"],
        ),
        (true, _) => (
            NRW_DAUER,
            &["school_years_attended", "schulform", "gymnasium_track"],
        ),
        (false, _) => (NRW_DAUER, &["school_years_attended", "schulform"]),
    };
    let rule = book.require(id, as_of)?;
    let required = years(book, rule, id)?;
    let mut v = Vollzeit {
        rule,
        required,
        facts: used,
        missing: None,
        counted: 0,
        sep: None,
        early: None,
        tenth_in_training: None,
        end: None,
    };
    let Some(done) = facts.school_years_attended else {
        v.missing = Some("school_years_attended");
        return Ok(v);
    };
    // § 2 Abs. 2 AO-GS: a third year in the Schuleingangsphase does not count.
    let mut counted = done;
    if let Some(sep_years) = facts.schuleingangsphase_years {
        if let Some(idx) = book.table().in_force(NRW_SEP, as_of) {
            let counts = years(book, idx, NRW_SEP)?;
            let uncounted = sep_years.saturating_sub(counts).min(done);
            if uncounted > 0 {
                counted = done - uncounted;
                v.sep = Some(idx);
            }
        }
    }
    v.counted = counted;
    if counted >= required {
        v.end = Some(shifted(y, -i64::from(counted - required))?);
        return Ok(v);
    }
    // § 37 Abs. 1 SchulG NRW: a class-10 Abschluss in fewer than ten years ends it early.
    if has(held_mask(&facts.qualifications), Abschluss::HA10) {
        if let Some(idx) = book.table().in_force(NRW_VORZEITIG, as_of) {
            v.early = Some(idx);
            v.end = Some(y.start());
            return Ok(v);
        }
    }
    if gym && facts.gymnasium_track.is_none() {
        // G8 ends after nine years, G9 after ten.
        v.missing = Some("gymnasium_track");
        return Ok(v);
    }
    // § 37 Abs. 2 SchulG NRW: a training entered at the end of the ninth year fulfils the tenth
    // in the Fachklasse.
    if required == 10 && counted + 1 == required && facts.training_contract == Some(true) {
        // The training must begin in the tenth school year (at the end of the ninth).
        let start = facts
            .training_start_date
            .filter(|s| y.start() <= *s && *s <= y.end());
        if let Some(start) = start {
            if let Some(idx) = book.table().in_force(NRW_AUSBILDUNG, as_of) {
                v.tenth_in_training = Some(idx);
                v.end = Some(start);
                return Ok(v);
            }
        }
    }
    v.end = Some(shifted(y, i64::from(required - counted))?);
    Ok(v)
}

/// Whether the duty rests (NRW, § 40) or the person is exempt by law (RLP, § 60 Abs. 1) on the
/// ground given: the rule and whether the ground is one of it.
pub(crate) fn resting(
    book: &RuleBook,
    land: Land,
    ground: RestingGround,
    as_of: Date,
) -> Result<(u16, bool), RuleError> {
    use RestingGround as G;
    if land == Land::RP {
        let idx = book.require(RLP_BEFREIUNG, as_of)?;
        let rests = matches!(
            ground,
            G::MilitaryOrCivilianService | G::VoluntaryService | G::MaternityProtection
        );
        return Ok((idx, rests));
    }
    let idx = book.require(NRW_RUHEN, as_of)?;
    Ok((idx, !matches!(ground, G::Other)))
}

/// The snake_case name of a resting ground, for details.
pub(crate) fn ground_name(ground: RestingGround) -> &'static str {
    use RestingGround as G;
    match ground {
        G::University => "university",
        G::MilitaryOrCivilianService => "military_or_civilian_service",
        G::VoluntaryService => "voluntary_service",
        G::PublicServiceTraining => "public_service_training",
        G::MaternityProtection => "maternity_protection",
        G::ParentalCare => "parental_care",
        G::HealthProfessionSchool => "health_profession_school",
        G::LanguageCourse => "language_course",
        G::EveningSchool => "evening_school",
        G::SupportExhausted => "support_exhausted",
        _ => "other",
    }
}

/// Whether the person lives in the Land by the facts: from the AGS when given, else from the
/// Land named (read as the Land of residence).
pub(crate) fn resident_in(facts: &LearnerFacts, land: Land) -> Option<bool> {
    match (&facts.residence_ags, facts.land) {
        (Some(ags), _) => Some(ags.len() == 8 && ags.starts_with(land.ags_prefix())),
        (None, Some(l)) => Some(l == land),
        (None, None) => None,
    }
}

/// "Has the Vollzeitschulpflicht ended by `as_of`?"
pub(crate) fn evaluate(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
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
        checks: Vec::with_capacity(3),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };
    let Some(land) = facts.land else {
        for id in [NRW_DAUER, RLP_DAUER] {
            if let Some(idx) = book.table().in_force(id, as_of) {
                d.checks.push(book.check_as(
                    detail,
                    idx,
                    &["land"],
                    CheckResult::MissingFacts,
                    true,
                    || "the duration depends on the Land",
                ));
            }
        }
        if d.checks.is_empty() {
            return Err(RuleError::NoLawInForce {
                rule_id: NRW_DAUER.to_owned(),
            });
        }
        d.missing_facts.push("land".into());
        if facts.school_years_attended.is_none() {
            d.missing_facts.push("school_years_attended".into());
        }
        d.explanation_de = detail.text(|| {
            "Die Dauer der Vollzeitschulpflicht hängt vom Land ab; bitte das Land angeben."
                .to_owned()
        });
        d.explanation_en = detail.text(|| {
            "The length of full-time Schulpflicht depends on the Land; please state the Land."
                .to_owned()
        });
        return Ok(d);
    };
    let land = super::einschulung::covered(land, Transition::EndOfFullTimeSchooling)?;
    let nrw = land == Land::NW;
    let v = vollzeit(book, land, facts, as_of)?;
    let required = v.required;
    let cite = book.citation(v.rule);
    if let Some(fact) = v.missing {
        d.missing_facts.push(fact.into());
        d.checks.push(book.check_as(
            detail,
            v.rule,
            v.facts,
            CheckResult::MissingFacts,
            true,
            || format!("{required} school years required"),
        ));
        if fact == "gymnasium_track" {
            d.explanation_de = detail.text(|| format!(
                "Am Gymnasium hängt die Dauer der Vollzeitschulpflicht vom Bildungsgang ab (G8: neun, G9: zehn Schuljahre, {cite}); bitte G8 oder G9 angeben."
            ));
            d.explanation_en = detail.text(|| format!(
                "At a Gymnasium the length of full-time Schulpflicht depends on the course (G8: nine, G9: ten school years, {cite}); please state G8 or G9."
            ));
        } else if nrw {
            d.explanation_de = detail.text(|| format!(
                "Die Vollzeitschulpflicht dauert {required} Schuljahre ({cite}); bitte die Zahl der besuchten Schuljahre angeben."
            ));
            d.explanation_en = detail.text(|| format!(
                "Full-time Schulpflicht lasts {required} school years ({cite}); please state the number of school years attended."
            ));
        } else {
            d.explanation_de = detail.text(|| format!(
                "Nach {required} Schuljahren kann eine Schule der Sekundarstufe II oder die Berufsschule besucht werden ({cite}); bitte die Zahl der besuchten Schuljahre angeben."
            ));
            d.explanation_en = detail.text(|| format!(
                "After {required} school years a school of upper secondary or the Berufsschule can be attended ({cite}); please state the number of school years attended."
            ));
        }
        return Ok(d);
    }
    let end = v.end.ok_or(RuleError::DateOutOfRange)?;
    let counted = v.counted;
    let over = end <= as_of;
    let years_check = book.check_as(
        detail,
        v.rule,
        v.facts,
        if counted >= required {
            CheckResult::Satisfied
        } else {
            CheckResult::NotSatisfied
        },
        v.early.is_none() && v.tenth_in_training.is_none(),
        || format!("{counted} of {required} school years counted"),
    );
    d.checks.push(years_check);
    if let Some(idx) = v.sep {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["schuleingangsphase_years"],
            CheckResult::Satisfied,
            true,
            || "a third year in the Schuleingangsphase is not counted",
        ));
        d.details
            .insert("counted_school_years".into(), counted.to_string().into());
    }
    if let Some(idx) = v.early {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["qualifications", "school_years_attended"],
            CheckResult::Satisfied,
            true,
            || "a class-10 Abschluss reached in fewer than ten school years",
        ));
    }
    if let Some(idx) = v.tenth_in_training {
        d.checks.push(book.check_as(
            detail,
            idx,
            &["training_contract", "training_start_date"],
            if over {
                CheckResult::Satisfied
            } else {
                CheckResult::NotSatisfied
            },
            true,
            || "training entered after the ninth year: the tenth is fulfilled in the Fachklasse",
        ));
        d.details
            .insert("tenth_year_in".into(), "fachklasse".into());
    }
    let (sek2_de, sek2_en) = if nrw {
        let sek2 = book.require(NRW_SEK2, as_of)?;
        d.checks.push(book.check_as(
            detail,
            sek2,
            &["school_years_attended"],
            CheckResult::Satisfied,
            false,
            || "Schulpflicht in Sek II follows (Berufsschule or another school of Sek II)",
        ));
        let c = book.citation(sek2);
        (
            detail.text(|| format!(" Danach besteht Schulpflicht in der Sekundarstufe II ({c}).")),
            detail.text(|| format!(" Schulpflicht in upper secondary follows ({c}).")),
        )
    } else {
        (
            detail.text(|| " Danach ist die Berufsschule (auch das Berufsvorbereitungsjahr, BVJ) oder eine andere Schule bis zum Ende des zwölften Schuljahres zu besuchen (Berufsschulpflicht), soweit nicht § 60 Abs. 2 SchulG RLP befreit.".to_owned()),
            detail.text(|| " Afterwards the Berufsschule (including the Berufsvorbereitungsjahr, BVJ) or another school is attended until the end of the twelfth school year (Berufsschulpflicht), unless § 60 Abs. 2 SchulG RLP exempts.".to_owned()),
        )
    };
    let day_de = de_date(end);
    if over {
        d.outcome = Outcome::Eligible;
        d.effective_date = Some(end);
        if let Some(idx) = v.early {
            let c = book.citation(idx);
            d.explanation_de = detail.text(|| format!(
                "Die Vollzeitschulpflicht endet vorzeitig mit einem Abschluss nach Klasse 10, der in weniger als zehn Schuljahren erreicht wurde ({c}); sie ist seit dem {day_de} beendet.{sek2_de}"
            ));
            d.explanation_en = detail.text(|| format!(
                "Full-time Schulpflicht ends early with a class-10 qualification reached in fewer than ten school years ({c}); it has been over since {end}.{sek2_en}"
            ));
        } else if let Some(idx) = v.tenth_in_training {
            let c = book.citation(idx);
            d.explanation_de = detail.text(|| format!(
                "Mit dem Berufsausbildungsverhältnis nach dem neunten Schuljahr wird das zehnte Jahr der Vollzeitschulpflicht durch den Besuch der Fachklasse des Berufskollegs erfüllt ({c}); eine Vollzeitschule ist seit dem {day_de} nicht mehr zu besuchen. Wird die Ausbildung abgebrochen, ist ein vollzeitschulischer Bildungsgang des Berufskollegs zu besuchen."
            ));
            d.explanation_en = detail.text(|| format!(
                "With the training relationship entered after the ninth school year, the tenth year of full-time Schulpflicht is fulfilled in the Fachklasse of the Berufskolleg ({c}); no full-time school is required since {end}. If the training is broken off, a full-time course of the Berufskolleg is to be attended."
            ));
        } else if nrw {
            d.explanation_de = detail.text(|| format!(
                "Die Vollzeitschulpflicht von {required} Schuljahren ist erfüllt ({cite}); sie ist seit dem {day_de} beendet.{sek2_de}"
            ));
            d.explanation_en = detail.text(|| format!(
                "The full-time Schulpflicht of {required} school years is fulfilled ({cite}); it has been over since {end}.{sek2_en}"
            ));
        } else {
            d.explanation_de = detail.text(|| format!(
                "Nach {required} Schuljahren kann seit dem {day_de} eine Schule der Sekundarstufe II oder die berufsbildende Schule (BBS) besucht werden ({cite}).{sek2_de}"
            ));
            d.explanation_en = detail.text(|| format!(
                "After {required} school years a school of upper secondary or the berufsbildende Schule (BBS) can be attended since {end} ({cite}).{sek2_en}"
            ));
        }
    } else {
        d.outcome = Outcome::NotEligible;
        d.eligible_from = Some(end);
        if nrw {
            d.explanation_de = detail.text(|| format!(
                "Die Vollzeitschulpflicht dauert {required} Schuljahre ({cite}); gezählt sind {counted}. Sie endet voraussichtlich mit Ablauf des Schuljahres; ab dem {day_de} besteht keine Vollzeitschulpflicht mehr.{sek2_de}"
            ));
            d.explanation_en = detail.text(|| format!(
                "Full-time Schulpflicht lasts {required} school years ({cite}); {counted} are counted. It is expected to end with the school year; from {end} it no longer applies.{sek2_en}"
            ));
        } else {
            d.explanation_de = detail.text(|| format!(
                "Eine Schule der Sekundarstufe II oder die berufsbildende Schule (BBS) kann erst nach {required} Schuljahren besucht werden ({cite}); gezählt sind {counted}, voraussichtlich ab dem {day_de}.{sek2_de}"
            ));
            d.explanation_en = detail.text(|| format!(
                "A school of upper secondary or the berufsbildende Schule (BBS) can be attended only after {required} school years ({cite}); {counted} are counted, expected from {end}.{sek2_en}"
            ));
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn book() -> RuleBook {
        RuleBook::embedded().unwrap()
    }

    #[test]
    fn year_completed_is_the_day_before_the_birthday() {
        let b = Date::from_ymd(2007, 8, 1).unwrap();
        assert_eq!(
            year_completed(b, 18).unwrap(),
            Date::from_ymd(2025, 7, 31).unwrap()
        );
        let leap = Date::from_ymd(2008, 2, 29).unwrap();
        assert_eq!(
            year_completed(leap, 18).unwrap(),
            Date::from_ymd(2026, 2, 28).unwrap()
        );
    }

    proptest! {
        /// More completed school years never revive the Vollzeitschulpflicht: once over, it stays
        /// over, and the day it ended does not move later.
        #[test]
        fn more_years_never_revive(
            years in 0u32..16,
            sep in proptest::option::of(1u32..4),
            land_rp in any::<bool>(),
            g8 in any::<bool>(),
            msa in any::<bool>(),
            y in 2006i32..2040,
            m in 1u32..13,
        ) {
            let book = book();
            let as_of = Date::from_ymd(y, m, 15).unwrap();
            let land = if land_rp { Land::RP } else { Land::NW };
            let mut f = LearnerFacts { land: Some(land), ..LearnerFacts::default() };
            f.schuleingangsphase_years = sep;
            if g8 {
                f.schulform = Some(Schulform::Gymnasium);
                f.gymnasium_track = Some(GymnasiumTrack::G8);
            }
            if msa {
                f.qualifications = vec![Abschluss::MSA];
            }
            f.school_years_attended = Some(years);
            let a = evaluate(&book, &f, as_of, Detail::Explained).unwrap();
            f.school_years_attended = Some(years + 1);
            let b = evaluate(&book, &f, as_of, Detail::Explained).unwrap();
            if a.outcome == Outcome::Eligible {
                prop_assert_eq!(b.outcome, Outcome::Eligible);
                prop_assert!(b.effective_date <= a.effective_date);
            }
            if b.outcome == Outcome::NotEligible {
                prop_assert_eq!(a.outcome, Outcome::NotEligible);
            }
        }

        /// The Berufsschulpflicht never lasts beyond the end of the training relationship: once
        /// the duty by age (NRW) or by the twelve school years (RLP) is over, a person whose
        /// training has ended is not berufsschulpflichtig; while a training begun before the 21st
        /// year (NRW) or within the twelve years (RLP) runs, they are.
        #[test]
        fn berufsschulpflicht_ends_with_the_training(
            by in 1990i32..2005, bm in 1u32..13, bd in 1u32..29,
            start_age in 16u32..21, extra in 13u32..16,
            ay in 2026i32..2031, am in 1u32..13,
            land_rp in any::<bool>(),
            done in any::<bool>(),
        ) {
            let book = book();
            let birth = Date::from_ymd(by, bm, bd).unwrap();
            let as_of = Date::from_ymd(ay, am, 10).unwrap();
            let start = birth.anniversary(start_age).unwrap();
            let land = if land_rp { Land::RP } else { Land::NW };
            let mut f = LearnerFacts::born(birth, land);
            // RLP: the twelve years ended after the training began (school years since
            // the regular start at about six).
            let years_by_now = u32::try_from(as_of.year() - start.year()).unwrap_or(0) + start_age - 6;
            f.school_years_attended = Some(if land_rp { years_by_now.max(extra) } else { extra });
            f.training_start_date = Some(start);
            f.vocational_training_completed = Some(done);
            f.training_contract = Some(false);
            let ended = book
                .evaluate(Transition::Berufsschulpflicht, &f, as_of)
                .unwrap();
            prop_assert_ne!(ended.outcome, Outcome::Eligible);
            f.training_contract = Some(true);
            let running = book
                .evaluate(Transition::Berufsschulpflicht, &f, as_of)
                .unwrap();
            if !land_rp {
                prop_assert_eq!(running.outcome, Outcome::Eligible);
                prop_assert!(running.effective_date.is_some_and(|d| d <= as_of));
            }
        }

        /// Newly arrived children are never dated from the arrival in Germany: an eligible
        /// decision starts no earlier than the start of residence in the Land.
        #[test]
        fn newcomers_dated_from_residence(
            age in 6i32..17, arrival_gap in 0i32..400, resid_gap in 0i32..400,
            ay in 2020i32..2026, am in 1u32..13,
        ) {
            let book = book();
            let as_of = Date::from_ymd(ay, am, 15).unwrap();
            let birth = Date::from_ymd(ay - age, 3, 3).unwrap();
            let residence = Date::from_day_number(as_of.day_number() - resid_gap).unwrap();
            let arrival = Date::from_day_number(residence.day_number() - arrival_gap).unwrap();
            let f = LearnerFacts {
                arrival_date: Some(arrival),
                land_residence_start: Some(residence),
                asylum_seeker: Some(false),
                ..LearnerFacts::born(birth, Land::NW)
            };
            let d = book.evaluate(Transition::Seiteneinstieg, &f, as_of).unwrap();
            if d.outcome == Outcome::Eligible {
                prop_assert!(d.effective_date.is_some_and(|e| e >= residence));
            }
        }
    }
}
