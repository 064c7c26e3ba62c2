//! Grundschule → Sekundarstufe I: which Schulformen a child may enter, the Schulformempfehlung
//! (binding only in its historic years) and the counselling duty; the G8/G9 regime.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::super::decision::Detail;
use super::super::law::Value;
use super::super::{
    CheckResult, Decision, GymnasiumTrack, Land, LearnerFacts, Outcome, RuleBook, RuleError,
    Schulform, Transition, short_citation,
};
use crate::calendar::{Date, SchoolYear};

/// The Grundschule's Schulformempfehlung, with the official codes of
/// `Uebergangsempfehlung.json`: `H`, `H/R`, `R`, `R/GY`, `GY`, `OHNE`.
///
/// ```
/// use bildungsnetz::rules::sek1::Empfehlung;
/// let e: Empfehlung = "R/GY".parse()?;
/// assert_eq!(e, Empfehlung::RealschuleGymnasium);
/// assert_eq!(serde_json::to_string(&e)?, r#""R/GY""#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Empfehlung {
    /// `H`: Hauptschule.
    Hauptschule,
    /// `H/R`: Hauptschule / Realschule (eingeschränkt).
    HauptschuleRealschule,
    /// `R`: Realschule.
    Realschule,
    /// `R/GY`: Realschule / Gymnasium (eingeschränkt).
    RealschuleGymnasium,
    /// `GY`: Gymnasium.
    Gymnasium,
    /// `OHNE`: no recommendation.
    Ohne,
}

impl Empfehlung {
    /// All codes.
    pub const ALL: [Empfehlung; 6] = [
        Empfehlung::Hauptschule,
        Empfehlung::HauptschuleRealschule,
        Empfehlung::Realschule,
        Empfehlung::RealschuleGymnasium,
        Empfehlung::Gymnasium,
        Empfehlung::Ohne,
    ];

    /// The official Kürzel.
    pub fn code(self) -> &'static str {
        match self {
            Empfehlung::Hauptschule => "H",
            Empfehlung::HauptschuleRealschule => "H/R",
            Empfehlung::Realschule => "R",
            Empfehlung::RealschuleGymnasium => "R/GY",
            Empfehlung::Gymnasium => "GY",
            Empfehlung::Ohne => "OHNE",
        }
    }

    /// Whether the recommendation covers a Schulform (the named form and every form below it;
    /// Gesamtschule, Sekundarschule and PRIMUS admit every child).
    ///
    /// ```
    /// use bildungsnetz::rules::Schulform;
    /// use bildungsnetz::rules::sek1::Empfehlung;
    /// assert!(Empfehlung::RealschuleGymnasium.covers(Schulform::Gymnasium));
    /// assert!(!Empfehlung::HauptschuleRealschule.covers(Schulform::Gymnasium));
    /// assert!(Empfehlung::Ohne.covers(Schulform::Gesamtschule));
    /// ```
    pub fn covers(self, form: Schulform) -> bool {
        let level = match self {
            Empfehlung::Ohne => 0,
            Empfehlung::Hauptschule => 1,
            Empfehlung::HauptschuleRealschule | Empfehlung::Realschule => 2,
            Empfehlung::RealschuleGymnasium | Empfehlung::Gymnasium => 3,
        };
        match form {
            Schulform::Gesamtschule | Schulform::Sekundarschule | Schulform::Primus => true,
            Schulform::Hauptschule => level >= 1,
            Schulform::Realschule | Schulform::RealschulePlus => level >= 2,
            Schulform::Gymnasium => level >= 3,
            _ => false,
        }
    }

    /// A limited ("eingeschränkte") recommendation for this form: `H/R` for the Realschule,
    /// `R/GY` for the Gymnasium.
    pub fn limited_for(self, form: Schulform) -> bool {
        matches!(
            (self, form),
            (Empfehlung::HauptschuleRealschule, Schulform::Realschule)
                | (Empfehlung::RealschuleGymnasium, Schulform::Gymnasium)
        )
    }
}

impl fmt::Display for Empfehlung {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Empfehlung {
    type Err = RuleError;
    fn from_str(s: &str) -> Result<Empfehlung, RuleError> {
        Empfehlung::ALL
            .into_iter()
            .find(|e| e.code().eq_ignore_ascii_case(s.trim()))
            .ok_or(RuleError::Record {
                line: 0,
                field: Some("sek1.recommendation".to_owned()),
                kind: super::super::RecordErrorKind::InvalidValue,
            })
    }
}

impl Serialize for Empfehlung {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Empfehlung {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Empfehlung, D::Error> {
        let text = <Cow<'de, str>>::deserialize(d)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom("expected H, H/R, R, R/GY, GY or OHNE"))
    }
}

impl schemars::JsonSchema for Empfehlung {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Empfehlung".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Empfehlung::ALL.into_iter().map(Empfehlung::code).collect();
        schemars::json_schema!({
            "description": "The Grundschule's Schulformempfehlung by its code (Uebergangsempfehlung.json): H Hauptschule, H/R Hauptschule or Realschule (eingeschränkt), R Realschule, R/GY Realschule or Gymnasium (eingeschränkt), GY Gymnasium, OHNE none; matched case-insensitively.",
            "type": "string",
            "enum": codes
        })
    }
}

const R_EMPF: &str = "nrw.sek1.empfehlung";
const R_BERATUNG: &str = "nrw.sek1.beratungspflicht";
const R_AUFNAHME: &str = "nrw.sek1.aufnahme";
const R_RLP: &str = "rlp.sek1.orientierungsstufe";
const R_TRACK: &str = "nrw.gymnasium.bildungsgang";

/// G8 or G9 for a pupil who entered class 5 of an NRW Gymnasium in the school year starting in
/// `class5_start_year`, with the school's choice (`school_kept_g8`: the Schulkonferenz kept G8 by
/// 31.01.2019; only relevant for the G9 cohorts). Returns the track and the id and citation of
/// the rule version applied.
///
/// ```
/// use bildungsnetz::rules::{GymnasiumTrack, RuleBook};
/// use bildungsnetz::rules::sek1::gymnasium_track;
/// let book = RuleBook::embedded()?;
/// assert_eq!(gymnasium_track(&book, 2004, None)?.0, GymnasiumTrack::G9);
/// assert_eq!(gymnasium_track(&book, 2010, None)?.0, GymnasiumTrack::G8);
/// assert_eq!(gymnasium_track(&book, 2018, None)?.0, GymnasiumTrack::G9);
/// assert_eq!(gymnasium_track(&book, 2020, Some(true))?.0, GymnasiumTrack::G8);
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn gymnasium_track(
    book: &RuleBook,
    class5_start_year: i32,
    school_kept_g8: Option<bool>,
) -> Result<(GymnasiumTrack, String), RuleError> {
    let (t, row) = track_for(book, class5_start_year, school_kept_g8)?;
    Ok((t, book.citation(row).to_owned()))
}

pub(crate) fn track_for(
    book: &RuleBook,
    class5_start_year: i32,
    school_kept_g8: Option<bool>,
) -> Result<(GymnasiumTrack, u16), RuleError> {
    let start = SchoolYear::starting(class5_start_year)
        .map_err(|_| RuleError::DateOutOfRange)?
        .start();
    let row = book.require(R_TRACK, start)?;
    let years = match book.value(row) {
        Some(Value::Years { years }) => *years,
        _ => 9,
    };
    let track = if years == 8 || (school_kept_g8 == Some(true) && class5_start_year >= 2018) {
        GymnasiumTrack::G8
    } else {
        GymnasiumTrack::G9
    };
    Ok((track, row))
}

fn form_name(f: Schulform) -> (&'static str, &'static str) {
    match f {
        Schulform::Hauptschule => ("Hauptschule", "Hauptschule"),
        Schulform::Realschule => ("Realschule", "Realschule"),
        Schulform::Gymnasium => ("Gymnasium", "Gymnasium"),
        Schulform::Gesamtschule => ("Gesamtschule", "Gesamtschule"),
        Schulform::Sekundarschule => ("Sekundarschule", "Sekundarschule"),
        Schulform::Primus => ("PRIMUS-Schule", "PRIMUS school"),
        Schulform::Foerderschule => ("Förderschule", "Förderschule"),
        Schulform::Waldorf => ("Waldorfschule", "Waldorf school"),
        Schulform::RealschulePlus => ("Realschule plus", "Realschule plus"),
    }
}

/// The decision for [`Transition::Sek1Entry`]: may the child enter class 5 of the chosen
/// Schulform in the school year of `as_of`?
pub(crate) fn evaluate_entry(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    detail: Detail,
) -> Result<Decision, RuleError> {
    let mut d = Decision {
        transition: Transition::Sek1Entry,
        land: facts.land,
        as_of,
        school_year: Some(SchoolYear::containing(as_of)),
        outcome: Outcome::Undetermined,
        effective_date: None,
        eligible_from: None,
        checks: Vec::new(),
        missing_facts: Vec::new(),
        details: BTreeMap::new(),
        explanation_de: String::new(),
        explanation_en: String::new(),
    };
    let sek1 = facts.sek1.as_deref();
    let Some(land) = facts.land else {
        d.missing_facts.push(Cow::Borrowed("land"));
        d.explanation_de = detail.text(|| "Das Land ist nicht bekannt.".to_owned());
        d.explanation_en = detail.text(|| "The Land is not known.".to_owned());
        let row = book.require(R_AUFNAHME, as_of)?;
        d.checks.push(book.check_as(
            detail,
            row,
            &["land"],
            CheckResult::MissingFacts,
            true,
            || "the Land decides the rules".to_owned(),
        ));
        return Ok(d);
    };
    let land = crate::rules::einschulung::covered(land, Transition::Sek1Entry)?;
    let Some(target) = sek1.and_then(|s| s.target_schulform) else {
        let row = match land {
            Land::NW => book.require(R_AUFNAHME, as_of)?,
            // Only NW and RP pass `covered` above.
            _ => book.require(R_RLP, as_of)?,
        };
        d.checks.push(book.check_as(
            detail,
            row,
            &["sek1.target_schulform"],
            CheckResult::MissingFacts,
            true,
            || "the chosen Schulform is needed".to_owned(),
        ));
        d.missing_facts.push(Cow::Borrowed("sek1.target_schulform"));
        d.explanation_de = detail.text(|| "Die gewählte Schulform ist nicht bekannt.".to_owned());
        d.explanation_en = detail.text(|| "The chosen Schulform is not known.".to_owned());
        return Ok(d);
    };
    let rec = sek1.and_then(|s| s.recommendation);
    let (de_form, en_form) = form_name(target);
    // Entry is on the next 1 August (as_of itself if it is one).
    let current = SchoolYear::containing(as_of);
    let entry_day = if current.start() == as_of {
        as_of
    } else {
        current.next().start()
    };
    d.effective_date = Some(entry_day);
    if let Some(r) = rec {
        d.details
            .insert("recommendation".into(), Cow::from(r.code().to_owned()));
    }
    if land == Land::RP {
        // The end of the Orientierungsstufe (class 6 → 7), § 20 ÜSchO.
        if let Some(end) = super::rlp::orientierungsstufe_end(book, facts, as_of, target, detail)? {
            return Ok(end);
        }
        let row = book.require(R_RLP, as_of)?;
        let cite = short_citation(book.citation(row));
        let exists = matches!(
            target,
            Schulform::RealschulePlus | Schulform::Gymnasium | Schulform::Gesamtschule
        );
        if exists {
            d.outcome = Outcome::Eligible;
            d.details
                .insert("orientierungsstufe".into(), Cow::from("5-6".to_owned()));
            d.checks.push(book.check_as(
                detail,
                row,
                &["land", "sek1.target_schulform"],
                CheckResult::Satisfied,
                true,
                || "Orientierungsstufe 5-6; the recommendation does not bind".to_owned(),
            ));
            d.explanation_de = detail.text(|| format!(
                "Die Eltern wählen die Schulform; Klassen 5 und 6 bilden die Orientierungsstufe, die Empfehlung der Grundschule ist nicht bindend ({cite}). Aufnahme in die {de_form} möglich."
            ));
            d.explanation_en = detail.text(|| format!(
                "The parents choose; classes 5 and 6 form the Orientierungsstufe and the Grundschule recommendation does not bind ({cite}). Entry to the {en_form} is possible."
            ));
        } else {
            d.outcome = Outcome::NotEligible;
            d.effective_date = None;
            d.checks.push(book.check_as(
                detail,
                row,
                &["land", "sek1.target_schulform"],
                CheckResult::NotSatisfied,
                true,
                || "this Schulform does not exist in Rheinland-Pfalz".to_owned(),
            ));
            d.explanation_de = detail.text(|| {
                format!("Die Schulform {de_form} gibt es in Rheinland-Pfalz nicht ({cite}).")
            });
            d.explanation_en = detail.text(|| {
                format!("The Schulform {en_form} does not exist in Rheinland-Pfalz ({cite}).")
            });
        }
        return Ok(d);
    }
    let aufnahme = book.require(R_AUFNAHME, as_of)?;
    let acite = short_citation(book.citation(aufnahme));
    match target {
        Schulform::RealschulePlus => {
            d.outcome = Outcome::NotEligible;
            d.effective_date = None;
            d.checks.push(book.check_as(
                detail,
                aufnahme,
                &["sek1.target_schulform"],
                CheckResult::NotSatisfied,
                true,
                || "the Realschule plus exists only in Rheinland-Pfalz".to_owned(),
            ));
            d.explanation_de = detail
                .text(|| "Die Realschule plus gibt es in Nordrhein-Westfalen nicht.".to_owned());
            d.explanation_en = detail
                .text(|| "The Realschule plus does not exist in Nordrhein-Westfalen.".to_owned());
            return Ok(d);
        }
        Schulform::Foerderschule | Schulform::Waldorf => {
            d.outcome = Outcome::Discretionary;
            d.checks.push(book.check_as(
                detail,
                aufnahme,
                &["sek1.target_schulform"],
                CheckResult::Discretionary,
                true,
                || "admission by a separate procedure (AO-SF) or by the private school".to_owned(),
            ));
            d.explanation_de = detail.text(|| format!(
                "Über die Aufnahme in die {de_form} wird gesondert entschieden (AO-SF bzw. Ersatzschule; {acite})."
            ));
            d.explanation_en = detail.text(|| format!(
                "Admission to the {en_form} is decided separately (AO-SF or the private school; {acite})."
            ));
            return Ok(d);
        }
        Schulform::Gesamtschule | Schulform::Sekundarschule | Schulform::Primus => {
            d.outcome = Outcome::Eligible;
            d.checks.push(book.check_as(
                detail,
                aufnahme,
                &["sek1.target_schulform"],
                CheckResult::Satisfied,
                true,
                || "admits children with every recommendation, within capacity".to_owned(),
            ));
            d.explanation_de = detail.text(|| format!(
                "Die {de_form} nimmt Kinder mit jeder Empfehlung auf, im Rahmen ihrer Kapazität ({acite})."
            ));
            d.explanation_en = detail.text(|| format!(
                "The {en_form} admits children with any recommendation, within its capacity ({acite})."
            ));
            return Ok(d);
        }
        _ => {}
    }
    // Binding or not is fixed by the school year of entry into class 5, not by the day asked.
    let empf = book.require(R_EMPF, entry_day)?;
    let ecite = short_citation(book.citation(empf));
    let binding = book
        .table()
        .row(empf)
        .is_some_and(|r| r.version.citation.contains("(verbindliche Empfehlung"));
    let Some(r) = rec else {
        if binding && target != Schulform::Hauptschule {
            d.outcome = Outcome::Undetermined;
            d.effective_date = None;
            d.missing_facts.push(Cow::Borrowed("sek1.recommendation"));
            d.checks.push(book.check_as(
                detail,
                empf,
                &["sek1.recommendation"],
                CheckResult::MissingFacts,
                true,
                || "the binding recommendation is needed".to_owned(),
            ));
            d.explanation_de = detail.text(|| format!(
                "In diesem Schuljahr ist die Schulformempfehlung verbindlich ({ecite}); sie ist nicht bekannt."
            ));
            d.explanation_en = detail.text(|| {
                format!(
                    "In this school year the recommendation is binding ({ecite}); it is not known."
                )
            });
            return Ok(d);
        }
        d.outcome = Outcome::Eligible;
        d.checks.push(book.check_as(
            detail,
            aufnahme,
            &["sek1.target_schulform"],
            CheckResult::Satisfied,
            true,
            || "parents choose within capacity".to_owned(),
        ));
        d.explanation_de = detail.text(|| format!(
            "Die Eltern wählen die Schulform; Aufnahme in die {de_form} im Rahmen der Kapazität ({acite})."
        ));
        d.explanation_en = detail.text(|| {
            format!("The parents choose; entry to the {en_form} within capacity ({acite}).")
        });
        return Ok(d);
    };
    let covered = r.covers(target);
    if binding {
        if covered {
            d.outcome = Outcome::Eligible;
            d.checks.push(book.check_as(
                detail,
                empf,
                &["sek1.recommendation", "sek1.target_schulform"],
                CheckResult::Satisfied,
                true,
                || format!("binding recommendation {r} covers the form"),
            ));
            if r.limited_for(target) {
                d.details
                    .insert("eingeschraenkt".into(), Cow::from("true".to_owned()));
            }
            d.explanation_de = detail.text(|| {
                format!("Die verbindliche Empfehlung {r} umfasst die {de_form} ({ecite}).")
            });
            d.explanation_en = detail
                .text(|| format!("The binding recommendation {r} covers the {en_form} ({ecite})."));
        } else {
            d.outcome = Outcome::Discretionary;
            d.details
                .insert("prognoseunterricht".into(), Cow::from("true".to_owned()));
            d.checks.push(book.check_as(detail, empf, &["sek1.recommendation", "sek1.target_schulform"], CheckResult::Discretionary, true,
                || format!("binding recommendation {r} does not cover the form: three-day Prognoseunterricht decides")));
            d.explanation_de = detail.text(|| format!(
                "Die Empfehlung {r} ist in diesem Schuljahr verbindlich und umfasst die {de_form} nicht; über die Aufnahme entscheidet der dreitägige Prognoseunterricht ({ecite})."
            ));
            d.explanation_en = detail.text(|| format!(
                "The recommendation {r} is binding in this school year and does not cover the {en_form}; a three-day Prognoseunterricht decides ({ecite})."
            ));
        }
        return Ok(d);
    }
    d.outcome = Outcome::Eligible;
    d.checks.push(book.check_as(
        detail,
        empf,
        &["sek1.recommendation"],
        CheckResult::Satisfied,
        true,
        || format!("recommendation {r} is advisory; the parents choose"),
    ));
    d.explanation_de = detail.text(|| {
        format!("Die Empfehlung {r} ist nicht bindend; die Eltern wählen die {de_form} ({ecite}).")
    });
    d.explanation_en = detail.text(|| {
        format!("The recommendation {r} is advisory; the parents choose the {en_form} ({ecite}).")
    });
    if !covered {
        if let Some(b) = book.table().in_force(R_BERATUNG, entry_day) {
            let bcite = short_citation(book.citation(b));
            d.details
                .insert("beratung".into(), Cow::from("soll".to_owned()));
            d.checks.push(book.check_as(
                detail,
                b,
                &["sek1.recommendation", "sek1.target_schulform"],
                CheckResult::Satisfied,
                false,
                || "the receiving school should (soll) counsel the parents".to_owned(),
            ));
            if detail == Detail::Explained {
                d.explanation_de.push_str(&format!(" Da keine Empfehlung für diese Schulform vorliegt, soll die aufnehmende Schule die Eltern beraten ({bcite})."));
                d.explanation_en.push_str(&format!(" As the child has no recommendation for this form, the receiving school should counsel the parents ({bcite})."));
            }
        }
    }
    Ok(d)
}
