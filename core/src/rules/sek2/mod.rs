//! After Sekundarstufe I: gymnasiale Oberstufe (G8/G9), Berufskolleg (APO-BK Anlagen A–E),
//! dual training and Berufsschulpflicht, Hochschulzugang, Weiterbildungskolleg, work, the
//! practical part of the FHR, and the KAoA calendar.
//!
//! Every pack first computes a lean [`Assessment`] (outcome, checks by rule index, static
//! notes, what the step would award); [`super::RuleBook::evaluate`] renders it into a
//! [`Decision`], and the pathway search uses the same assessment without rendering, so a route
//! is valid under exactly the rules that explain each of its steps.

mod beruf;
pub(crate) mod bk;
pub(crate) mod codes;
mod hzb;
mod kaoa;
mod oberstufe;
mod wbk;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use bk::Bildungsgang;

use super::{
    CheckResult, Decision, Land, LearnerFacts, Outcome, RuleBook, RuleError, Stage, Transition,
};
use crate::calendar::{Date, SchoolYear};
use crate::rules::stage::{BerufskollegAnlage, Schulform};

pub(crate) fn transition_id(t: Transition) -> &'static str {
    match t {
        Transition::OberstufeEntry => "oberstufe_entry",
        Transition::BerufskollegA => "berufskolleg_a",
        Transition::BerufskollegB => "berufskolleg_b",
        Transition::BerufskollegC => "berufskolleg_c",
        Transition::BerufskollegD => "berufskolleg_d",
        Transition::BerufskollegE => "berufskolleg_e",
        Transition::DualeAusbildung => "duale_ausbildung",
        Transition::Berufsschulpflicht => "berufsschulpflicht",
        Transition::StudiumUniversitaet => "studium_universitaet",
        Transition::StudiumFachhochschule => "studium_fachhochschule",
        Transition::WbkAbendrealschule => "wbk_abendrealschule",
        Transition::WbkAbendgymnasium => "wbk_abendgymnasium",
        Transition::WbkKolleg => "wbk_kolleg",
        Transition::Erwerbstaetigkeit => "erwerbstaetigkeit",
        Transition::FhrPraktikum => "fhr_praktikum",
        Transition::Kaoa => "kaoa",
        Transition::KitaClaim
        | Transition::SchoolEntry
        | Transition::Seiteneinstieg
        | Transition::EndOfFullTimeSchooling
        | Transition::Sek1Entry
        | Transition::Sek1Qualification => "",
    }
}

const SEK_I: &[Stage] = &[
    Stage::SekI(Schulform::Hauptschule),
    Stage::SekI(Schulform::Realschule),
    Stage::SekI(Schulform::Gymnasium),
    Stage::SekI(Schulform::Gesamtschule),
    Stage::SekI(Schulform::Sekundarschule),
    Stage::SekI(Schulform::Primus),
    Stage::SekI(Schulform::Foerderschule),
    Stage::SekI(Schulform::Waldorf),
    Stage::SekI(Schulform::RealschulePlus),
];
const AFTER_SEK_I: &[Stage] = &[
    Stage::SekI(Schulform::Hauptschule),
    Stage::SekI(Schulform::Realschule),
    Stage::SekI(Schulform::Gymnasium),
    Stage::SekI(Schulform::Gesamtschule),
    Stage::SekI(Schulform::Sekundarschule),
    Stage::SekI(Schulform::Primus),
    Stage::SekI(Schulform::Foerderschule),
    Stage::SekI(Schulform::Waldorf),
    Stage::SekI(Schulform::RealschulePlus),
    Stage::GymnasialeOberstufe,
    Stage::Berufskolleg(BerufskollegAnlage::A),
    Stage::Berufskolleg(BerufskollegAnlage::B),
    Stage::Berufskolleg(BerufskollegAnlage::C),
    Stage::Berufskolleg(BerufskollegAnlage::D),
    Stage::Berufskolleg(BerufskollegAnlage::E),
    Stage::DualeAusbildung,
    Stage::Weiterbildung,
    Stage::Erwerbsleben,
];
const ADULT: &[Stage] = &[
    Stage::Berufskolleg(BerufskollegAnlage::A),
    Stage::Berufskolleg(BerufskollegAnlage::B),
    Stage::Berufskolleg(BerufskollegAnlage::C),
    Stage::DualeAusbildung,
    Stage::Erwerbsleben,
];
const HZB: &[Stage] = &[
    Stage::GymnasialeOberstufe,
    Stage::Berufskolleg(BerufskollegAnlage::C),
    Stage::Berufskolleg(BerufskollegAnlage::D),
    Stage::Berufskolleg(BerufskollegAnlage::E),
    Stage::DualeAusbildung,
    Stage::Weiterbildung,
    Stage::Erwerbsleben,
];

pub(crate) fn from_stages(t: Transition) -> &'static [Stage] {
    match t {
        Transition::OberstufeEntry | Transition::Kaoa => SEK_I,
        Transition::StudiumUniversitaet | Transition::StudiumFachhochschule => HZB,
        Transition::WbkAbendrealschule | Transition::WbkAbendgymnasium | Transition::WbkKolleg => {
            ADULT
        }
        _ => AFTER_SEK_I,
    }
}

pub(crate) fn to_stages(t: Transition) -> &'static [Stage] {
    const OST: &[Stage] = &[Stage::GymnasialeOberstufe];
    const A: &[Stage] = &[Stage::Berufskolleg(BerufskollegAnlage::A)];
    const B: &[Stage] = &[Stage::Berufskolleg(BerufskollegAnlage::B)];
    const C: &[Stage] = &[Stage::Berufskolleg(BerufskollegAnlage::C)];
    const D: &[Stage] = &[Stage::Berufskolleg(BerufskollegAnlage::D)];
    const E: &[Stage] = &[Stage::Berufskolleg(BerufskollegAnlage::E)];
    const DUAL: &[Stage] = &[Stage::DualeAusbildung];
    const BSP: &[Stage] = &[
        Stage::DualeAusbildung,
        Stage::Berufskolleg(BerufskollegAnlage::A),
    ];
    const HS: &[Stage] = &[Stage::Hochschule];
    const WB: &[Stage] = &[Stage::Weiterbildung];
    const WORK: &[Stage] = &[Stage::Erwerbsleben];
    match t {
        Transition::OberstufeEntry => OST,
        Transition::BerufskollegA => A,
        Transition::BerufskollegB => B,
        Transition::BerufskollegC => C,
        Transition::BerufskollegD => D,
        Transition::BerufskollegE => E,
        Transition::DualeAusbildung => DUAL,
        Transition::Berufsschulpflicht => BSP,
        Transition::StudiumUniversitaet | Transition::StudiumFachhochschule => HS,
        Transition::WbkAbendrealschule | Transition::WbkAbendgymnasium | Transition::WbkKolleg => {
            WB
        }
        Transition::Erwerbstaetigkeit | Transition::FhrPraktikum => WORK,
        Transition::Kaoa => SEK_I,
        _ => &[],
    }
}

/// One check of an assessment, by rule index.
#[derive(Clone, Debug)]
pub(crate) struct Ck {
    pub idx: u16,
    pub facts: &'static [&'static str],
    pub result: CheckResult,
    pub determining: bool,
    pub note: Cow<'static, str>,
}

/// What a step awards when completed, for the pathway search.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Gains {
    /// Qualifications (bits over `Abschluss::ALL`, as `implied_mask`).
    pub mask: u32,
    /// A completed vocational training (with its length in years).
    pub vocational_years: u32,
    /// An Aufstiegsfortbildung (Fachschulabschluss).
    pub aufstieg: bool,
    /// Years of work.
    pub work_years: u32,
    /// Months the step takes.
    pub months: u32,
    /// Full-time school years (count towards the Vollzeitschulpflicht).
    pub school_years: u32,
}

/// A lean decision: everything a [`Decision`] says, with static texts.
#[derive(Clone, Debug)]
pub(crate) struct Assessment {
    pub transition: Transition,
    pub land: Option<Land>,
    pub as_of: Date,
    pub outcome: Outcome,
    pub checks: Vec<Ck>,
    pub missing: Vec<&'static str>,
    pub de: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub effective: Option<Date>,
    pub details: Vec<(&'static str, Cow<'static, str>)>,
    pub gains: Gains,
}

impl Assessment {
    pub(crate) fn new(transition: Transition, land: Option<Land>, as_of: Date) -> Assessment {
        Assessment {
            transition,
            land,
            as_of,
            outcome: Outcome::Undetermined,
            checks: Vec::with_capacity(3),
            missing: Vec::new(),
            de: Cow::Borrowed(""),
            en: Cow::Borrowed(""),
            effective: None,
            details: Vec::new(),
            gains: Gains::default(),
        }
    }

    pub(crate) fn check(
        &mut self,
        idx: u16,
        facts: &'static [&'static str],
        result: CheckResult,
        determining: bool,
        note: impl Into<Cow<'static, str>>,
    ) {
        self.checks.push(Ck {
            idx,
            facts,
            result,
            determining,
            note: note.into(),
        });
    }

    pub(crate) fn finish(
        mut self,
        outcome: Outcome,
        de: impl Into<Cow<'static, str>>,
        en: impl Into<Cow<'static, str>>,
    ) -> Assessment {
        self.outcome = outcome;
        self.de = de.into();
        self.en = en.into();
        self
    }

    pub(crate) fn detail(&mut self, key: &'static str, value: impl Into<Cow<'static, str>>) {
        self.details.push((key, value.into()));
    }

    pub(crate) fn missing(&mut self, fact: &'static str) {
        if !self.missing.contains(&fact) {
            self.missing.push(fact);
        }
    }

    /// Renders the assessment as an explained decision.
    pub(crate) fn render(self, book: &RuleBook) -> Decision {
        let cite = self
            .checks
            .iter()
            .find(|c| c.determining)
            .or_else(|| self.checks.first())
            .map_or("", |c| book.citation(c.idx));
        let explanation_de = sentence(&self.de, cite);
        let explanation_en = sentence(&self.en, cite);
        let checks = self
            .checks
            .into_iter()
            .map(|c| book.check(c.idx, c.facts, c.result, c.determining, c.note))
            .collect();
        let mut missing: Vec<Cow<'static, str>> =
            self.missing.into_iter().map(Cow::Borrowed).collect();
        missing.sort();
        let details: BTreeMap<Cow<'static, str>, Cow<'static, str>> = self
            .details
            .into_iter()
            .map(|(k, v)| (Cow::Borrowed(k), v))
            .collect();
        Decision {
            transition: self.transition,
            land: self.land,
            as_of: self.as_of,
            school_year: Some(SchoolYear::containing(self.as_of)),
            outcome: self.outcome,
            effective_date: self.effective,
            checks,
            missing_facts: missing,
            details,
            explanation_de,
            explanation_en,
        }
    }
}

/// `text (cite).`, or `text.` without a citation; built by hand, as `format!` costs several
/// times more and every decision of `next_steps` carries two.
fn sentence(text: &str, cite: &str) -> String {
    let mut s = String::with_capacity(text.len() + cite.len() + 4);
    s.push_str(text);
    if !cite.is_empty() {
        s.push_str(" (");
        s.push_str(cite);
        s.push(')');
    }
    s.push('.');
    s
}

/// The Land pack that answers, or an assessment asking for the Land.
pub(crate) enum LandOr {
    Land(Land),
    Missing(Assessment),
}

/// Resolves the Land: NW (and RP when `rp` is true) have packs; others get `NotCovered`.
/// Without a Land the assessment is undetermined, naming `rule_id` (NRW) as the rule waiting.
pub(crate) fn land(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
    rp: bool,
    rule_id: &str,
) -> Result<LandOr, RuleError> {
    match facts.land {
        Some(Land::NW) => Ok(LandOr::Land(Land::NW)),
        Some(Land::RP) if rp => Ok(LandOr::Land(Land::RP)),
        Some(other) => Err(RuleError::NotCovered {
            transition: t.id(),
            land: other.code(),
        }),
        None => {
            let idx = book.require(rule_id, as_of)?;
            let mut a = Assessment::new(t, None, as_of);
            a.check(
                idx,
                &["land"],
                CheckResult::MissingFacts,
                true,
                "the rules depend on the Land",
            );
            a.missing("land");
            Ok(LandOr::Missing(a.finish(
                Outcome::Undetermined,
                "Die Regeln hängen vom Land ab; bitte das Land angeben",
                "The rules depend on the Land; please state the Land",
            )))
        }
    }
}

/// The first 1 August on or after `as_of`.
pub(crate) fn next_entry(as_of: Date) -> Date {
    let sy = SchoolYear::containing(as_of);
    if sy.start() == as_of {
        as_of
    } else {
        sy.next().start()
    }
}

/// Assesses a Sek-II transition (lean).
pub(crate) fn assess(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment, RuleError> {
    match t {
        Transition::OberstufeEntry => oberstufe::assess(book, facts, as_of),
        Transition::BerufskollegA
        | Transition::BerufskollegB
        | Transition::BerufskollegC
        | Transition::BerufskollegD
        | Transition::BerufskollegE => bk::assess(book, t, facts, as_of),
        Transition::DualeAusbildung
        | Transition::Berufsschulpflicht
        | Transition::Erwerbstaetigkeit
        | Transition::FhrPraktikum => beruf::assess(book, t, facts, as_of),
        Transition::StudiumUniversitaet | Transition::StudiumFachhochschule => {
            hzb::assess(book, t, facts, as_of)
        }
        Transition::WbkAbendrealschule | Transition::WbkAbendgymnasium | Transition::WbkKolleg => {
            wbk::assess(book, t, facts, as_of)
        }
        Transition::Kaoa => kaoa::assess(book, facts, as_of),
        Transition::KitaClaim
        | Transition::SchoolEntry
        | Transition::Seiteneinstieg
        | Transition::EndOfFullTimeSchooling
        | Transition::Sek1Entry
        | Transition::Sek1Qualification => Err(RuleError::UnknownTransition),
    }
}

/// Evaluates a Sek-II transition with its explanation.
pub(crate) fn evaluate(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Decision, RuleError> {
    Ok(assess(book, t, facts, as_of)?.render(book))
}

/// The Vollzeitschulpflicht in years for a Land and school course (rule index, years).
pub(crate) fn vollzeit_years(
    book: &RuleBook,
    land: Land,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<(u16, u32), RuleError> {
    let id = match land {
        Land::RP => "rlp.vollzeitschulpflicht.dauer",
        _ if facts.schulform == Some(Schulform::Gymnasium)
            && facts.gymnasium_track == Some(super::GymnasiumTrack::G8) =>
        {
            "nrw.vollzeitschulpflicht.dauer_g8"
        }
        _ => "nrw.vollzeitschulpflicht.dauer",
    };
    let idx = book.require(id, as_of)?;
    match book.value(idx) {
        Some(super::law::Value::Years { years }) => Ok((idx, *years)),
        _ => Err(RuleError::NoLawInForce {
            rule_id: id.to_owned(),
        }),
    }
}

/// A rule's `years` value.
pub(crate) fn years_value(book: &RuleBook, idx: u16) -> Option<u32> {
    match book.value(idx) {
        Some(super::law::Value::Years { years }) => Some(*years),
        _ => None,
    }
}

/// A rule's `grade_range` value.
pub(crate) fn range_value(book: &RuleBook, idx: u16) -> Option<(u32, u32)> {
    match book.value(idx) {
        Some(super::law::Value::GradeRange { min, max }) => Some((*min, *max)),
        _ => None,
    }
}

/// A rule's lower age bound.
pub(crate) fn age_value(book: &RuleBook, idx: u16) -> Option<(u32, Option<u32>)> {
    match book.value(idx) {
        Some(super::law::Value::AgeRange {
            from_years,
            until_years,
        }) => Some((*from_years, *until_years)),
        _ => None,
    }
}

/// Comma-joined codes.
pub(crate) fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::new();
    for (i, it) in items.into_iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(it);
    }
    s
}
