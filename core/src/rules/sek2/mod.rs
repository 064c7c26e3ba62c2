//! After Sekundarstufe I: gymnasiale Oberstufe (G8/G9), Berufskolleg (APO-BK Anlagen A–E),
//! dual training and Berufsschulpflicht, Hochschulzugang, Weiterbildungskolleg, work, the
//! practical part of the FHR, and the KAoA calendar.
//!
//! Every pack first computes an [`Assessment`] (outcome, checks by rule index, static notes,
//! what the step would award); [`super::RuleBook::evaluate`] renders it into a [`Decision`].
//! The pathway search runs the same decision logic without recording the explanation
//! ([`decide`]), so a route is valid under exactly the rules that explain each of its steps.

pub(crate) mod bbs_rlp;
mod beruf;
pub(crate) mod bk;
pub(crate) mod codes;
pub(crate) mod gost;
mod hzb;
mod kaoa;
mod mss_rlp;
mod oberstufe;
mod wbk;

use smallvec::SmallVec;
use std::borrow::Cow;
use std::collections::BTreeMap;

pub use bbs_rlp::{BbsBildungsgang, BbsEntry};
pub use bk::Bildungsgang;
pub use gost::{
    CourseType, EfSheet, EfSubject, GostFacts, HalfYear, Points, QCourse, SubjectGroup,
};

use super::{
    CheckResult, Decision, Land, LearnerFacts, Outcome, RowDecision, RuleBook, RuleError, Stage,
    Transition,
};
use crate::calendar::{Date, SchoolYear};
use crate::rules::stage::{BerufskollegAnlage, Schulform};

pub(crate) fn transition_id(t: Transition) -> &'static str {
    match t {
        Transition::OberstufeEntry => "oberstufe_entry",
        Transition::OberstufeVersetzungQ1 => "oberstufe_versetzung_q1",
        Transition::FhrSchulischerTeil => "fhr_schulischer_teil",
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
        Transition::BbsRlp => "bbs_rlp",
        Transition::KitaClaim
        | Transition::SchoolEntry
        | Transition::SchoolEntryDeferral
        | Transition::SchoolEntryEarly
        | Transition::GanztagClaim
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

/// The gymnasiale Oberstufe alone (its inner steps start and end there).
const OST: &[Stage] = &[Stage::GymnasialeOberstufe];

pub(crate) fn from_stages(t: Transition) -> &'static [Stage] {
    match t {
        Transition::OberstufeEntry | Transition::Kaoa => SEK_I,
        Transition::OberstufeVersetzungQ1 | Transition::FhrSchulischerTeil => OST,
        Transition::StudiumUniversitaet | Transition::StudiumFachhochschule => HZB,
        Transition::WbkAbendrealschule | Transition::WbkAbendgymnasium | Transition::WbkKolleg => {
            ADULT
        }
        _ => AFTER_SEK_I,
    }
}

/// The stages of Rheinland-Pfalz's berufsbildende Schule: its Bildungsgänge are the KMK types
/// the Berufskolleg stages name (Berufsvorbereitung and Berufsfachschule, Fachoberschule and
/// Berufsoberschule, berufliches Gymnasium).
const BBS_RLP: &[Stage] = &[
    Stage::Berufskolleg(BerufskollegAnlage::A),
    Stage::Berufskolleg(BerufskollegAnlage::B),
    Stage::Berufskolleg(BerufskollegAnlage::C),
    Stage::Berufskolleg(BerufskollegAnlage::D),
    Stage::DualeAusbildung,
];

pub(crate) fn to_stages(t: Transition) -> &'static [Stage] {
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
    const FHR_PRAXIS: &[Stage] = &[Stage::DualeAusbildung, Stage::Erwerbsleben];
    match t {
        Transition::OberstufeEntry | Transition::OberstufeVersetzungQ1 => OST,
        // The school part leads to the practical part: a training or work.
        Transition::FhrSchulischerTeil => FHR_PRAXIS,
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
        Transition::BbsRlp => BBS_RLP,
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

/// What an assessment records besides its outcome, effective date and gains: the explanation
/// ([`Texts`]) for a rendered decision, or nothing (`()`) for the pathway search. Each pack
/// decides once, generic over this, so the search and the explained decisions share one
/// decision logic; without texts the recording compiles away.
pub(crate) trait Explain {
    /// Whether anything is recorded (guards details that must be computed).
    const ON: bool;
    fn new() -> Self;
    fn check(&mut self, ck: Ck);
    fn missing(&mut self, fact: &'static str);
    fn texts(&mut self, de: Cow<'static, str>, en: Cow<'static, str>);
    fn detail(&mut self, key: &'static str, value: Cow<'static, str>);
    /// The last check no longer determines the outcome (the next one does).
    fn undetermine_last(&mut self);
}

/// The explanation of a decision: checks by rule index, static texts.
#[derive(Clone, Debug)]
pub(crate) struct Texts {
    checks: Vec<Ck>,
    missing: Vec<&'static str>,
    de: Cow<'static, str>,
    en: Cow<'static, str>,
    details: Vec<(&'static str, Cow<'static, str>)>,
}

impl Explain for Texts {
    const ON: bool = true;
    fn new() -> Texts {
        Texts {
            checks: Vec::with_capacity(3),
            missing: Vec::new(),
            de: Cow::Borrowed(""),
            en: Cow::Borrowed(""),
            details: Vec::new(),
        }
    }
    fn check(&mut self, ck: Ck) {
        self.checks.push(ck);
    }
    fn missing(&mut self, fact: &'static str) {
        if !self.missing.contains(&fact) {
            self.missing.push(fact);
        }
    }
    fn texts(&mut self, de: Cow<'static, str>, en: Cow<'static, str>) {
        self.de = de;
        self.en = en;
    }
    fn detail(&mut self, key: &'static str, value: Cow<'static, str>) {
        self.details.push((key, value));
    }
    fn undetermine_last(&mut self) {
        if let Some(c) = self.checks.last_mut() {
            c.determining = false;
        }
    }
}

/// No explanation: the pathway search's lean decisions.
impl Explain for () {
    const ON: bool = false;
    fn new() {}
    fn check(&mut self, _: Ck) {}
    fn missing(&mut self, _: &'static str) {}
    fn texts(&mut self, _: Cow<'static, str>, _: Cow<'static, str>) {}
    fn detail(&mut self, _: &'static str, _: Cow<'static, str>) {}
    fn undetermine_last(&mut self) {}
}

/// What a table row records of a decision: the rule version of each check with whether it
/// determines the outcome, and the missing facts; no texts. Held inline (a decision has a few
/// of each): a batch decides millions without allocating for them.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowTrace {
    pub checks: SmallVec<[(u16, bool); 8]>,
    pub missing: SmallVec<[&'static str; 4]>,
}

impl Explain for RowTrace {
    const ON: bool = false;
    fn new() -> RowTrace {
        RowTrace::default()
    }
    fn check(&mut self, ck: Ck) {
        self.checks.push((ck.idx, ck.determining));
    }
    fn missing(&mut self, fact: &'static str) {
        if !self.missing.contains(&fact) {
            self.missing.push(fact);
        }
    }
    fn texts(&mut self, _: Cow<'static, str>, _: Cow<'static, str>) {}
    fn detail(&mut self, _: &'static str, _: Cow<'static, str>) {}
    fn undetermine_last(&mut self) {
        if let Some(c) = self.checks.last_mut() {
            c.1 = false;
        }
    }
}

/// A decision before rendering: outcome, effective date, what the step would award, and (with
/// [`Texts`]) everything a [`Decision`] says, with static texts.
#[derive(Clone, Debug)]
pub(crate) struct Assessment<E = Texts> {
    pub transition: Transition,
    pub land: Option<Land>,
    pub as_of: Date,
    pub outcome: Outcome,
    pub effective: Option<Date>,
    pub gains: Gains,
    pub texts: E,
}

impl<E: Explain> Assessment<E> {
    pub(crate) fn new(transition: Transition, land: Option<Land>, as_of: Date) -> Assessment<E> {
        Assessment {
            transition,
            land,
            as_of,
            outcome: Outcome::Undetermined,
            effective: None,
            gains: Gains::default(),
            texts: E::new(),
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
        self.texts.check(Ck {
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
    ) -> Assessment<E> {
        self.outcome = outcome;
        self.texts.texts(de.into(), en.into());
        self
    }

    pub(crate) fn detail(&mut self, key: &'static str, value: &'static str) {
        self.texts.detail(key, Cow::Borrowed(value));
    }

    /// A detail whose value is computed only when the explanation is recorded.
    pub(crate) fn detail_with(&mut self, key: &'static str, value: impl FnOnce() -> String) {
        if E::ON {
            self.texts.detail(key, Cow::Owned(value()));
        }
    }

    pub(crate) fn missing(&mut self, fact: &'static str) {
        self.texts.missing(fact);
    }

    pub(crate) fn undetermine_last(&mut self) {
        self.texts.undetermine_last();
    }
}

impl Assessment {
    /// Renders the assessment as an explained decision.
    pub(crate) fn render(self, book: &RuleBook) -> Decision {
        let (effective_date, eligible_from) = self.dates();
        let Texts {
            checks,
            missing,
            de,
            en,
            details,
        } = self.texts;
        let cite = checks
            .iter()
            .find(|c| c.determining)
            .or_else(|| checks.first())
            .map_or("", |c| book.citation(c.idx));
        let explanation_de = sentence(&de, cite);
        let explanation_en = sentence(&en, cite);
        let checks = checks
            .into_iter()
            .map(|c| book.check(c.idx, c.facts, c.result, c.determining, c.note))
            .collect();
        let mut missing: Vec<Cow<'static, str>> = missing.into_iter().map(Cow::Borrowed).collect();
        missing.sort();
        let details: BTreeMap<Cow<'static, str>, Cow<'static, str>> = details
            .into_iter()
            .map(|(k, v)| (Cow::Borrowed(k), v))
            .collect();
        Decision {
            transition: self.transition,
            land: self.land,
            as_of: self.as_of,
            school_year: Some(SchoolYear::containing(self.as_of)),
            outcome: self.outcome,
            effective_date,
            eligible_from,
            checks,
            missing_facts: missing,
            details,
            explanation_de,
            explanation_en,
        }
    }
}

impl Assessment<RowTrace> {
    /// The table row of the decision [`Assessment::render`] would give: the same decision
    /// logic, recording only the checks' rule versions and the missing facts.
    pub(crate) fn row(self, book: &RuleBook) -> RowDecision {
        let (effective_date, eligible_from) = self.dates();
        let mut rule_ids: Vec<Cow<'static, str>> = self
            .texts
            .checks
            .iter()
            .filter(|(_, determining)| *determining)
            .map(|(idx, _)| book.rule_id_of(*idx))
            .collect();
        rule_ids.sort_unstable();
        rule_ids.dedup();
        let mut missing_facts: Vec<Cow<'static, str>> =
            self.texts.missing.into_iter().map(Cow::Borrowed).collect();
        missing_facts.sort();
        RowDecision {
            outcome: self.outcome,
            rule_ids,
            effective_date,
            eligible_from,
            missing_facts,
        }
    }
}

impl<E> Assessment<E> {
    /// `Decision::effective_date` and `Decision::eligible_from`. The search times its steps by
    /// `effective`; the decision gives it the one meaning of `Decision::effective_date`: access
    /// to a Hochschule is a right without a date of its own, and a later start for someone not
    /// eligible is `eligible_from`.
    pub(crate) fn dates(&self) -> (Option<Date>, Option<Date>) {
        match self.outcome {
            Outcome::Eligible | Outcome::Discretionary
                if !matches!(
                    self.transition,
                    Transition::StudiumUniversitaet | Transition::StudiumFachhochschule
                ) =>
            {
                (self.effective, None)
            }
            Outcome::NotEligible => (None, self.effective.filter(|d| *d > self.as_of)),
            _ => (None, None),
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
pub(crate) enum LandOr<E> {
    Land(Land),
    Missing(Assessment<E>),
}

/// Resolves the Land: NW (and RP when `rp` is true) have packs; others get `NotCovered`.
/// Without a Land the assessment is undetermined, naming `rule_id` (NRW) as the rule waiting.
pub(crate) fn land<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
    rp: bool,
    rule_id: &str,
) -> Result<LandOr<E>, RuleError> {
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

/// Assesses a Sek-II transition with its explanation (to be rendered).
pub(crate) fn assess(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment, RuleError> {
    assess_as(book, t, facts, as_of)
}

/// The lean decision of a Sek-II transition for the pathway search: the outcome, effective
/// date and gains of [`assess`] (the same decision logic, the same errors) without recording
/// the explanation.
pub(crate) fn decide(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<()>, RuleError> {
    assess_as(book, t, facts, as_of)
}

/// A Sek-II transition decided for a table row: the outcome, dates, determining rules and
/// missing facts of [`assess`], without texts.
pub(crate) fn assess_row(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<RowTrace>, RuleError> {
    assess_as(book, t, facts, as_of)
}

fn assess_as<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    match t {
        Transition::OberstufeEntry => oberstufe::assess(book, facts, as_of),
        Transition::OberstufeVersetzungQ1 => gost::assess_versetzung(book, facts, as_of),
        Transition::FhrSchulischerTeil => gost::assess_fhr(book, facts, as_of),
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
        Transition::BbsRlp => bbs_rlp::assess(book, facts, as_of),
        Transition::KitaClaim
        | Transition::SchoolEntry
        | Transition::SchoolEntryDeferral
        | Transition::SchoolEntryEarly
        | Transition::GanztagClaim
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
