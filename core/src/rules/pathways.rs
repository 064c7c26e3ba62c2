//! Pathways: what a person can do next, and the shortest routes to a goal.
//!
//! * [`RuleBook::next_steps`] evaluates every transition after Sek I for a person (the
//!   counselling view: "what can this person do next?"), each with its explained decision.
//! * [`RuleBook::routes`] searches the transition graph for the shortest routes (by months,
//!   then discretionary steps, then number of steps, then a fixed action order) to a [`Goal`]
//!   such as the Abitur or a Fachhochschule study place. Each step is decided by the same
//!   rules as [`RuleBook::evaluate`] on the facts the person would have at that step, and
//!   carries those facts and its decision, so a route can be re-checked step by step.
//! * [`RuleBook::pathways_json`] is the JSON-in/JSON-out entry point for the C ABI and Python.
//!
//! ```
//! use bildungsnetz::calendar::Date;
//! use bildungsnetz::rules::{Abschluss, Goal, Land, LearnerFacts, RouteOptions, RuleBook};
//! let book = RuleBook::embedded()?;
//! let person = LearnerFacts {
//!     qualifications: vec![Abschluss::HA10],
//!     school_years_attended: Some(10),
//!     ..LearnerFacts::born(Date::from_ymd(2009, 5, 1)?, Land::NW)
//! };
//! let as_of = Date::from_ymd(2025, 6, 1)?;
//! let next = book.next_steps(&person, as_of)?;
//! assert!(next.iter().any(|s| s.transition.id() == "berufskolleg_b"));
//! let routes = book.routes(&person, as_of, Goal::Qualification(Abschluss::ABITUR), &RouteOptions::default())?;
//! let first = &routes[0];
//! assert!(first.steps.last().is_some());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use serde::{Deserialize, Serialize};

use super::sek2::bk::Day;
use super::sek2::codes::{Abschluss, held_mask};
use super::sek2::{self, Assessment, BbsBildungsgang, Bildungsgang, Gains};
use super::{
    Decision, Land, LearnerFacts, Outcome, RowDecision, RuleBook, RuleError, Stage, Transition,
};
use crate::calendar::Date;

/// What a person wants to reach.
///
/// ```
/// use bildungsnetz::rules::{Abschluss, Goal};
/// let g: Goal = serde_json::from_str(r#"{"qualification":"ABITUR"}"#)?;
/// assert_eq!(g, Goal::Qualification(Abschluss::ABITUR));
/// assert_eq!(serde_json::to_string(&Goal::Fachhochschule)?, r#""fachhochschule""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Goal {
    /// Holding a school-leaving qualification (or one that includes it).
    Qualification(Abschluss),
    /// Access to a university study programme (possibly subject-bound).
    Universitaet,
    /// Access to a Fachhochschule study programme.
    Fachhochschule,
    /// A completed vocational training.
    VocationalTraining,
}

/// How routes are searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouteOptions {
    /// Most steps in a route (the final access step included).
    pub max_steps: u8,
    /// How many routes to return, shortest first.
    pub max_routes: u8,
    /// Whether steps an authority or company decides (e.g. a training contract) may be used.
    pub allow_discretionary: bool,
}

impl Default for RouteOptions {
    fn default() -> RouteOptions {
        RouteOptions {
            max_steps: 5,
            max_routes: 3,
            allow_discretionary: true,
        }
    }
}

/// One possible next step with its decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NextStep {
    /// The transition.
    pub transition: Transition,
    /// The stages it leads to.
    pub to: &'static [Stage],
    /// The explained decision.
    pub decision: Decision,
}

/// One step of a route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteStep {
    /// The transition taken.
    pub transition: Transition,
    /// The Bildungsgang, for Berufskolleg steps (SVWS key) and steps of Rheinland-Pfalz's
    /// berufsbildende Schule (`bbs_rlp` code).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bildungsgang: Option<&'static str>,
    /// The day the step is decided on (the law in force then applies).
    pub as_of: Date,
    /// The step's regular duration in months (0 for an access decision).
    pub months: u32,
    /// What the step awards on completion (SVWS codes).
    pub awards: Vec<Abschluss>,
    /// The facts the person has when taking the step.
    pub facts: LearnerFacts,
    /// The decision for the step, with what it requires.
    pub decision: Decision,
}

/// A route to a goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    /// The steps, in order.
    pub steps: Vec<RouteStep>,
    /// The total regular duration in months.
    pub total_months: u32,
    /// Steps whose decision is discretionary (a school, company or Hochschule decides).
    pub discretionary_steps: u32,
}

/// A next step as a table row, without its rules and missing facts (see [`StepRows`]).
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::pathways::StepRows;
/// use bildungsnetz::rules::{Abschluss, Land, LearnerFacts, Outcome, RuleBook, Transition};
/// let book = RuleBook::embedded()?;
/// let leaver = LearnerFacts {
///     land: Some(Land::NW),
///     qualifications: vec![Abschluss::MSA_Q],
///     ..LearnerFacts::default()
/// };
/// let mut rows = StepRows::default();
/// book.next_step_rows_into(&leaver, Date::from_ymd(2025, 7, 1)?, &mut rows)?;
/// let (gost, _, _) = rows.iter().next().expect("a step");
/// assert_eq!((gost.transition, gost.outcome), (Transition::OberstufeEntry, Outcome::Eligible));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepRow {
    /// The transition.
    pub transition: Transition,
    /// The outcome.
    pub outcome: Outcome,
    /// [`Decision::effective_date`].
    pub effective_date: Option<Date>,
    /// [`Decision::eligible_from`].
    pub eligible_from: Option<Date>,
}

/// The next steps of one learner as table rows ([`RuleBook::next_step_rows_into`]): each
/// step's row with the indices of its determining rule versions (in the order checked) and
/// its missing facts (sorted). Reused from learner to learner, it allocates only to grow.
///
/// ```
/// use bildungsnetz::rules::pathways::StepRows;
/// let rows = StepRows::default();
/// assert!(rows.is_empty());
/// assert_eq!(rows.len(), 0);
/// assert_eq!(rows.iter().count(), 0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct StepRows {
    rows: Vec<(StepRow, std::ops::Range<usize>, std::ops::Range<usize>)>,
    rules: Vec<u16>,
    missing: Vec<&'static str>,
}

impl StepRows {
    /// The number of steps.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no step (no rule pack for the learner's Land).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each step: its row, its determining rule versions and its missing facts.
    pub fn iter(&self) -> impl Iterator<Item = (&StepRow, &[u16], &[&'static str])> {
        self.rows.iter().map(|(row, rules, missing)| {
            (
                row,
                self.rules.get(rules.clone()).unwrap_or_default(),
                self.missing.get(missing.clone()).unwrap_or_default(),
            )
        })
    }

    fn clear(&mut self) {
        self.rows.clear();
        self.rules.clear();
        self.missing.clear();
    }

    fn push(&mut self, transition: Transition, a: &Assessment<sek2::RowTrace>) {
        let (effective_date, eligible_from) = a.dates();
        let rules = self.rules.len();
        self.rules.extend(
            a.texts
                .checks
                .iter()
                .filter(|(_, determining)| *determining)
                .map(|(idx, _)| *idx),
        );
        let missing = self.missing.len();
        self.missing.extend_from_slice(&a.texts.missing);
        if let Some(added) = self.missing.get_mut(missing..) {
            added.sort_unstable();
        }
        self.rows.push((
            StepRow {
                transition,
                outcome: a.outcome,
                effective_date,
                eligible_from,
            },
            rules..self.rules.len(),
            missing..self.missing.len(),
        ));
    }
}

/// The transitions after Sek I, in the order [`RuleBook::next_steps`] reports them.
pub const PATHWAY_TRANSITIONS: [Transition; 16] = [
    Transition::OberstufeEntry,
    Transition::BerufskollegA,
    Transition::BerufskollegB,
    Transition::BerufskollegC,
    Transition::BerufskollegD,
    Transition::BerufskollegE,
    Transition::BbsRlp,
    Transition::DualeAusbildung,
    Transition::Berufsschulpflicht,
    Transition::StudiumUniversitaet,
    Transition::StudiumFachhochschule,
    Transition::WbkAbendrealschule,
    Transition::WbkAbendgymnasium,
    Transition::WbkKolleg,
    Transition::Erwerbstaetigkeit,
    Transition::FhrPraktikum,
];

/// A step the search may take; a Berufskolleg row (NRW) or a row of the berufsbildende Schule
/// (Rheinland-Pfalz) carries its rule's versions (looked up once per search).
#[derive(Clone, Copy)]
enum Action<'b> {
    T(Transition),
    Bg(&'static Bildungsgang, &'b [u16]),
    Bbs(&'static BbsBildungsgang, &'b [u16]),
}

const ROUTE_TRANSITIONS: [Transition; 7] = [
    Transition::OberstufeEntry,
    Transition::DualeAusbildung,
    Transition::WbkAbendrealschule,
    Transition::WbkAbendgymnasium,
    Transition::WbkKolleg,
    Transition::FhrPraktikum,
    Transition::Erwerbstaetigkeit,
];

/// The actions for a person of `land`: the transitions after Sek I and the school Bildungsgänge
/// of the Land (Rheinland-Pfalz: the berufsbildende Schule; otherwise the NRW Berufskolleg,
/// which answers `not_covered` or asks for the Land where it does not apply).
fn actions(book: &RuleBook, land: Option<Land>) -> Vec<Action<'_>> {
    let mut v: Vec<Action<'_>> = ROUTE_TRANSITIONS.iter().map(|t| Action::T(*t)).collect();
    if land == Some(Land::RP) {
        v.extend(
            BbsBildungsgang::all()
                .iter()
                .filter(|b| b.in_routes)
                .map(|b| Action::Bbs(b, book.table().versions(b.rule_id))),
        );
    } else {
        v.extend(
            Bildungsgang::all()
                .iter()
                .filter(|b| b.in_routes)
                .map(|b| Action::Bg(b, book.table().versions(b.rule_id))),
        );
    }
    v
}

fn bk_transition(b: &Bildungsgang) -> Transition {
    use super::BerufskollegAnlage as A;
    match b.anlage {
        A::A => Transition::BerufskollegA,
        A::B => Transition::BerufskollegB,
        A::C => Transition::BerufskollegC,
        A::D => Transition::BerufskollegD,
        A::E => Transition::BerufskollegE,
    }
}

/// What an action can award at most (for pruning actions that add nothing).
fn potential(a: Action<'_>) -> Gains {
    match a {
        Action::Bg(b, _) => Gains {
            mask: b.awards.iter().fold(0, |m, q| m | q.implied_mask()),
            vocational_years: b.vocational_years,
            aufstieg: b.aufstieg,
            ..Gains::default()
        },
        Action::Bbs(b, _) => Gains {
            mask: b.awards.iter().fold(0, |m, q| m | q.implied_mask()),
            vocational_years: b.vocational_years,
            ..Gains::default()
        },
        Action::T(t) => match t {
            Transition::OberstufeEntry | Transition::WbkAbendgymnasium | Transition::WbkKolleg => {
                Gains {
                    mask: Abschluss::ABITUR.implied_mask(),
                    ..Gains::default()
                }
            }
            Transition::WbkAbendrealschule => Gains {
                mask: Abschluss::MSA.implied_mask(),
                ..Gains::default()
            },
            Transition::FhrPraktikum => Gains {
                mask: Abschluss::FHR.implied_mask(),
                ..Gains::default()
            },
            Transition::DualeAusbildung => Gains {
                mask: Abschluss::HA10.implied_mask(),
                vocational_years: 3,
                ..Gains::default()
            },
            _ => Gains {
                work_years: 1,
                ..Gains::default()
            },
        },
    }
}

/// Years of work beyond which more work opens nothing new.
const WORK_CAP: u32 = 3;

fn useful(a: Action<'_>, f: &LearnerFacts, mask: u32) -> bool {
    let g = potential(a);
    if g.work_years > 0 {
        return f.work_experience_years.unwrap_or(0) < WORK_CAP;
    }
    (g.mask & !mask) != 0
        || (g.vocational_years > 0 && f.vocational_training_completed != Some(true))
        || (g.aufstieg && f.advanced_vocational_qualification != Some(true))
}

/// What the search needs of a decision: outcome, effective date and what the step awards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Lean {
    outcome: Outcome,
    effective: Option<Date>,
    gains: Gains,
}

impl<E> From<Assessment<E>> for Lean {
    fn from(a: Assessment<E>) -> Lean {
        Lean {
            outcome: a.outcome,
            effective: a.effective,
            gains: a.gains,
        }
    }
}

/// The lean check of an action for the search (`sek2::decide`: the decision without its
/// explanation); a Berufskolleg step is checked for its Bildungsgang row directly (as if
/// `bildungsgang` named it; no other transition after Sek I reads it). [`RuleBook::routes`]
/// builds the full decision of each step returned with `sek2::assess`, which agrees on
/// outcome, effective date and gains.
fn assess_action(
    book: &RuleBook,
    a: Action<'_>,
    f: &LearnerFacts,
    day: Day,
) -> Result<Lean, RuleError> {
    match a {
        Action::T(t) => sek2::decide(book, t, f, day.date()).map(Lean::from),
        Action::Bg(b, versions) => {
            sek2::bk::check_row(book, bk_transition(b), f, day, b, versions).map(Lean::from)
        }
        Action::Bbs(b, versions) => {
            sek2::bbs_rlp::check_row(book, f, day.date(), b, versions).map(Lean::from)
        }
    }
}

fn bit(a: Abschluss) -> u32 {
    1 << (a as u32)
}

/// The maximal codes of a mask (those no other code in it implies).
fn top_mask(mask: u32) -> u32 {
    // Every code in the mask implied by another code in it. Codes that imply each other (HA9
    // and HA9_FOE: both are the ESA) keep the first in `Abschluss::ALL` order: a code already
    // covered covers nothing more, since whatever covers it implies all it implies.
    let covered = Abschluss::ALL
        .into_iter()
        .filter(|b| mask & bit(*b) != 0)
        .fold(0, |c, b| {
            if c & bit(b) != 0 {
                c
            } else {
                c | (b.implied_mask() & !bit(b))
            }
        });
    mask & !covered
}

/// The codes of a mask, in `Abschluss::ALL` order.
fn codes_of(mask: u32) -> impl Iterator<Item = Abschluss> {
    Abschluss::ALL
        .into_iter()
        .filter(move |a| mask & bit(*a) != 0)
}

/// The maximal codes of a mask.
fn top_codes(mask: u32) -> Vec<Abschluss> {
    codes_of(top_mask(mask)).collect()
}

fn apply(f: &mut LearnerFacts, g: &Gains) {
    let new = top_mask(g.mask) & !held_mask(&f.qualifications);
    f.qualifications
        .reserve_exact(usize::try_from(new.count_ones()).unwrap_or(0));
    f.qualifications.extend(codes_of(new));
    if g.vocational_years > 0 {
        f.vocational_training_completed = Some(true);
        f.vocational_training_years = Some(
            f.vocational_training_years
                .unwrap_or(0)
                .max(g.vocational_years),
        );
    }
    if g.aufstieg {
        f.advanced_vocational_qualification = Some(true);
    }
    if g.work_years > 0 {
        f.work_experience_years = Some(f.work_experience_years.unwrap_or(0) + g.work_years);
        f.currently_employed = Some(true);
    }
    if g.school_years > 0 {
        f.school_years_attended = f.school_years_attended.map(|n| n + g.school_years);
    }
    f.jahrgang = None;
    f.promoted = None;
    f.bildungsgang = None;
    f.schulform = None;
    f.gymnasium_track = None;
}

/// The day a step that starts after `at` and lasts `months` ends (the next step's day).
fn after(at: Date, months: u32) -> Date {
    let start = if months >= 12 {
        sek2::next_entry(at)
    } else {
        at
    };
    let (y, m, _) = start.ymd();
    let total = i64::from(y) * 12 + i64::from(m) - 1 + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(y);
    let month = u32::try_from(total.rem_euclid(12) + 1).unwrap_or(m);
    Date::from_ymd(year, month, 1).unwrap_or(start)
}

struct Node {
    /// The facts and the day of the node: built when the node is taken from the queue, as most
    /// nodes queued never are.
    state: Option<(LearnerFacts, Date)>,
    /// What the step from the parent awards.
    gains: Gains,
    months: u32,
    /// The node this one was reached from and the action taken there.
    parent: Option<(usize, usize)>,
}

/// The facts and day of node `id`, built from its parent's (taken from the queue before it)
/// on first use.
fn state(nodes: &mut [Node], id: usize) -> Option<(&LearnerFacts, Date)> {
    let node = nodes.get(id)?;
    if node.state.is_none() {
        let ((p, _), g) = (node.parent?, node.gains);
        let (from, day) = nodes.get(p)?.state.as_ref()?;
        let mut facts = from.clone();
        apply(&mut facts, &g);
        let at = after(*day, g.months);
        nodes.get_mut(id)?.state = Some((facts, at));
    }
    let (facts, at) = nodes.get(id)?.state.as_ref()?;
    Some((facts, *at))
}

type Key = (u32, bool, bool, u32);

/// Months, discretionary steps, steps, action order, node id.
type QueueKey = (u32, u32, usize, Vec<usize>, usize);

fn key(f: &LearnerFacts) -> Key {
    (
        held_mask(&f.qualifications),
        f.vocational_training_completed == Some(true),
        f.advanced_vocational_qualification == Some(true),
        f.work_experience_years.unwrap_or(0).min(WORK_CAP),
    )
}

/// `key` of the facts after `apply(f, g)`, without building them (`held` is
/// `held_mask(&f.qualifications)`).
fn key_after(f: &LearnerFacts, held: u32, g: &Gains) -> Key {
    // Most steps award nothing not held (the maximal codes of the award are among its codes).
    let mask = if g.mask & !held == 0 {
        held
    } else {
        codes_of(top_mask(g.mask) & !held).fold(held, |m, q| m | q.implied_mask())
    };
    let work = if g.work_years > 0 {
        f.work_experience_years.unwrap_or(0) + g.work_years
    } else {
        f.work_experience_years.unwrap_or(0)
    };
    (
        mask,
        g.vocational_years > 0 || f.vocational_training_completed == Some(true),
        g.aufstieg || f.advanced_vocational_qualification == Some(true),
        work.min(WORK_CAP),
    )
}

/// The bits of the qualification goals (as `held_mask`), and of the other goals above them.
const QUALIFICATION_BITS: u32 = (1 << Abschluss::ALL.len()) - 1;
const UNIVERSITAET_BIT: u32 = 1 << 29;
const FACHHOCHSCHULE_BIT: u32 = 1 << 30;
const VOCATIONAL_TRAINING_BIT: u32 = 1 << 31;
/// The goals besides qualifications, by their bits.
const OTHER_GOALS: [(u32, Goal); 3] = [
    (UNIVERSITAET_BIT, Goal::Universitaet),
    (FACHHOCHSCHULE_BIT, Goal::Fachhochschule),
    (VOCATIONAL_TRAINING_BIT, Goal::VocationalTraining),
];

fn goal_access(goal: Goal) -> Option<Transition> {
    match goal {
        Goal::Universitaet => Some(Transition::StudiumUniversitaet),
        Goal::Fachhochschule => Some(Transition::StudiumFachhochschule),
        _ => None,
    }
}

fn holds(goal: Goal, f: &LearnerFacts) -> bool {
    match goal {
        Goal::Qualification(q) => held_mask(&f.qualifications) & (1 << (q as u32)) != 0,
        Goal::VocationalTraining => f.vocational_training_completed == Some(true),
        Goal::Universitaet | Goal::Fachhochschule => false,
    }
}

fn passable(o: Outcome, allow_discretionary: bool) -> bool {
    o == Outcome::Eligible || (allow_discretionary && o == Outcome::Discretionary)
}

impl RuleBook {
    /// Every transition after Sek I with its decision for this person on `as_of`, in the
    /// order of [`PATHWAY_TRANSITIONS`]. Transitions without a pack for the person's Land (or
    /// without law in force on `as_of`) are left out.
    pub fn next_steps(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
    ) -> Result<Vec<NextStep>, RuleError> {
        let mut out = Vec::with_capacity(PATHWAY_TRANSITIONS.len());
        for t in PATHWAY_TRANSITIONS {
            match sek2::assess(self, t, facts, as_of) {
                Ok(a) => out.push(NextStep {
                    transition: t,
                    to: t.to_stages(),
                    decision: a.render(self),
                }),
                Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// [`RuleBook::next_steps`] as table rows: each transition after Sek I with its
    /// [`RowDecision`] (decided without rendering the explanation), in the same order and
    /// leaving out the same transitions. Missing facts make a step `undetermined` and are
    /// named in its row.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Abschluss, Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let leaver = LearnerFacts {
    ///     land: Some(Land::NW),
    ///     qualifications: vec![Abschluss::MSA_Q],
    ///     ..LearnerFacts::default()
    /// };
    /// let rows = book.next_step_rows(&leaver, Date::from_ymd(2025, 7, 1)?)?;
    /// let (t, gost) = &rows[0];
    /// assert_eq!(*t, Transition::OberstufeEntry);
    /// assert_eq!(gost.outcome, Outcome::Eligible);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_step_rows(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
    ) -> Result<Vec<(Transition, RowDecision)>, RuleError> {
        let mut rows = StepRows::default();
        self.next_step_rows_into(facts, as_of, &mut rows)?;
        Ok(rows
            .iter()
            .map(|(step, rules, missing)| {
                let row = RowDecision {
                    outcome: step.outcome,
                    rule_ids: self.rule_ids_of(rules),
                    effective_date: step.effective_date,
                    eligible_from: step.eligible_from,
                    missing_facts: missing.iter().map(|m| Cow::Borrowed(*m)).collect(),
                };
                (step.transition, row)
            })
            .collect())
    }

    /// [`RuleBook::next_step_rows`] into reusable buffers, the determining rules by index
    /// ([`RuleBook::rule_ids_of`] names them): a batch decides learner after learner without
    /// allocating per step. `rows` is cleared first; on an error it holds no row.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::pathways::StepRows;
    /// use bildungsnetz::rules::{Land, LearnerFacts, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let as_of = Date::from_ymd(2025, 7, 1)?;
    /// let leaver = LearnerFacts { land: Some(Land::NW), ..LearnerFacts::default() };
    /// let mut rows = StepRows::default();
    /// book.next_step_rows_into(&leaver, as_of, &mut rows)?;
    /// let named = book.next_step_rows(&leaver, as_of)?;
    /// assert_eq!(rows.len(), named.len());
    /// for ((step, rules, missing), (t, row)) in rows.iter().zip(&named) {
    ///     assert_eq!((step.transition, step.outcome), (*t, row.outcome));
    ///     assert_eq!(book.rule_ids_of(rules), row.rule_ids);
    ///     assert_eq!(missing.len(), row.missing_facts.len());
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_step_rows_into(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
        rows: &mut StepRows,
    ) -> Result<(), RuleError> {
        rows.clear();
        for t in PATHWAY_TRANSITIONS {
            match sek2::assess_row(self, t, facts, as_of) {
                Ok(a) => rows.push(t, &a),
                Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {}
                Err(e) => {
                    rows.clear();
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// The ids of rule versions (by index, as [`StepRows`] gives them), sorted, without
    /// duplicates: [`RowDecision::rule_ids`].
    ///
    /// ```
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let id = book.rule(0).expect("a rule").rule_id;
    /// assert_eq!(book.rule_ids_of(&[0, 0]), vec![id]);
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn rule_ids_of(&self, rules: &[u16]) -> Vec<Cow<'static, str>> {
        let mut ids: Vec<Cow<'static, str>> = rules.iter().map(|&r| self.rule_id_of(r)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The shortest routes from the person's facts on `as_of` to `goal`: at most
    /// `options.max_routes`, shortest first (months, then discretionary steps, then steps).
    /// A goal already reached gives one empty route (for study goals: the access decision).
    pub fn routes(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
        goal: Goal,
        options: &RouteOptions,
    ) -> Result<Vec<Route>, RuleError> {
        let acts = actions(self, facts.land);
        let mut heap: BinaryHeap<Reverse<QueueKey>> = BinaryHeap::with_capacity(64);
        let mut best: Vec<(Key, u32, u32, usize, Gains)> = Vec::with_capacity(acts.len());
        let mut nodes: Vec<Node> = vec![Node {
            state: Some((facts.clone(), as_of)),
            gains: Gains::default(),
            months: 0,
            parent: None,
        }];
        heap.push(Reverse((0, 0, 0, Vec::new(), 0)));
        let mut visits: BTreeMap<Key, u8> = BTreeMap::new();
        let mut found: Vec<Route> = Vec::new();
        let max_routes = usize::from(options.max_routes.max(1));
        let max_steps = usize::from(options.max_steps);
        let access = goal_access(goal);
        while let Some(Reverse((months, disc, steps, order, id))) = heap.pop() {
            let Some((facts, at)) = state(&mut nodes, id) else {
                continue;
            };
            // Goal reached?
            let done = if let Some(t) = access {
                match sek2::decide(self, t, facts, at) {
                    Ok(a) if passable(a.outcome, options.allow_discretionary) => Some(Some(t)),
                    Ok(_) => None,
                    Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => None,
                    Err(e) => return Err(e),
                }
            } else if holds(goal, facts) {
                Some(None)
            } else {
                None
            };
            if let Some(last) = done {
                found.push(self.build_route(&acts, &nodes, id, last)?);
                if found.len() >= max_routes {
                    break;
                }
                continue;
            }
            let seen = visits.entry(key(facts)).or_insert(0);
            if usize::from(*seen) >= max_routes {
                continue;
            }
            *seen += 1;
            if steps + usize::from(access.is_some()) >= max_steps {
                continue;
            }
            let mask = held_mask(&facts.qualifications);
            let day = Day::new(at);
            // Per resulting state, only the best step from here (months, discretion, order).
            best.clear();
            for (i, act) in acts.iter().enumerate() {
                if !useful(*act, facts, mask) {
                    continue;
                }
                let a = match assess_action(self, *act, facts, day) {
                    Ok(a) => a,
                    Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                if !passable(a.outcome, options.allow_discretionary) {
                    continue;
                }
                let k = key_after(facts, mask, &a.gains);
                let d = u32::from(a.outcome == Outcome::Discretionary);
                let m = a.gains.months;
                match best.iter_mut().find(|e| e.0 == k) {
                    Some(e) if (m, d) < (e.1, e.2) => {
                        *e = (k, m, d, i, a.gains);
                    }
                    Some(_) => {}
                    None => best.push((k, m, d, i, a.gains)),
                }
            }
            for &(_, m, d, i, gains) in &best {
                let mut ord = Vec::with_capacity(order.len() + 1);
                ord.extend_from_slice(&order);
                ord.push(i);
                heap.push(Reverse((months + m, disc + d, steps + 1, ord, nodes.len())));
                nodes.push(Node {
                    state: None,
                    gains,
                    months: months + m,
                    parent: Some((id, i)),
                });
            }
        }
        Ok(found)
    }

    fn build_route(
        &self,
        acts: &[Action<'_>],
        nodes: &[Node],
        id: usize,
        last: Option<Transition>,
    ) -> Result<Route, RuleError> {
        // Walk back to the start.
        let mut chain: Vec<(usize, usize)> = Vec::new();
        let mut cur = id;
        while let Some((p, i)) = nodes.get(cur).and_then(|n| n.parent) {
            chain.push((p, i));
            cur = p;
        }
        chain.reverse();
        let mut steps = Vec::with_capacity(chain.len() + 1);
        let mut disc = 0;
        for (p, i) in chain {
            let (Some(act), Some((from, at))) = (
                acts.get(i).copied(),
                nodes.get(p).and_then(|n| n.state.as_ref()),
            ) else {
                continue;
            };
            let mut f = from.clone();
            let (t, bg) = match act {
                Action::T(t) => (t, None),
                Action::Bg(b, _) => {
                    f.bildungsgang = Some(b.code.to_owned());
                    (bk_transition(b), Some(b.code))
                }
                Action::Bbs(b, _) => {
                    f.bildungsgang = Some(b.code.to_owned());
                    (Transition::BbsRlp, Some(b.code))
                }
            };
            let a = sek2::assess(self, t, &f, *at)?;
            disc += u32::from(a.outcome == Outcome::Discretionary);
            steps.push(RouteStep {
                transition: t,
                bildungsgang: bg,
                as_of: *at,
                months: a.gains.months,
                awards: top_codes(a.gains.mask),
                facts: f,
                decision: a.render(self),
            });
        }
        let end = nodes.get(id);
        if let (Some(t), Some((facts, at))) = (last, end.and_then(|n| n.state.as_ref())) {
            let a = sek2::assess(self, t, facts, *at)?;
            disc += u32::from(a.outcome == Outcome::Discretionary);
            steps.push(RouteStep {
                transition: t,
                bildungsgang: None,
                as_of: *at,
                months: 0,
                awards: Vec::new(),
                facts: facts.clone(),
                decision: a.render(self),
            });
        }
        Ok(Route {
            total_months: end.map_or(0, |n| n.months),
            discretionary_steps: disc,
            steps,
        })
    }

    /// Every goal the person can reach within `options.max_steps` steps (qualifications with
    /// all they include, a vocational training, access to universities and Fachhochschulen).
    ///
    /// A breadth-first search over the states of [`RuleBook::routes`]: a state is expanded
    /// unless one with the same search key was reached before in no more months.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Abschluss, Goal, Land, LearnerFacts, RouteOptions, RuleBook};
    /// let book = RuleBook::embedded()?;
    /// let person = LearnerFacts {
    ///     qualifications: vec![Abschluss::MSA_Q],
    ///     school_years_attended: Some(10),
    ///     ..LearnerFacts::born(Date::from_ymd(2009, 5, 1)?, Land::NW)
    /// };
    /// let goals = book.reachable_goals(&person, Date::from_ymd(2025, 6, 1)?, &RouteOptions::default())?;
    /// assert!(goals.contains(&Goal::Qualification(Abschluss::ABITUR)));
    /// assert!(goals.contains(&Goal::Universitaet));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reachable_goals(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
        options: &RouteOptions,
    ) -> Result<BTreeSet<Goal>, RuleError> {
        let found = self.reachable_goal_bits(facts, as_of, options)?;
        let mut goals: BTreeSet<Goal> = codes_of(found & QUALIFICATION_BITS)
            .map(Goal::Qualification)
            .collect();
        for (bit, goal) in OTHER_GOALS {
            if found & bit != 0 {
                goals.insert(goal);
            }
        }
        Ok(goals)
    }

    /// [`RuleBook::reachable_goals`] as bits: the qualifications as in `held_mask`, the other
    /// goals as [`OTHER_GOALS`] names them.
    fn reachable_goal_bits(
        &self,
        facts: &LearnerFacts,
        as_of: Date,
        options: &RouteOptions,
    ) -> Result<u32, RuleError> {
        let acts = actions(self, facts.land);
        let max_depth = usize::from(options.max_steps);
        let mut goals = 0u32;
        // Per key, the fewest months of a state expanded or queued with it. A state is queued
        // only with fewer months than every state before it with its key: one with as many
        // would be passed over when its turn came (the months queued with a key only fall),
        // so it is neither built nor decided.
        let mut fewest: Vec<(Key, u32)> = vec![(key(facts), 0)];
        let mut frontier = vec![(Cow::Borrowed(facts), as_of, 0u32)];
        let mut next_frontier = Vec::new();
        for depth in 0..=max_depth {
            for (f, at, months) in frontier.drain(..) {
                let held = held_mask(&f.qualifications);
                goals |= held;
                if f.vocational_training_completed == Some(true) {
                    goals |= VOCATIONAL_TRAINING_BIT;
                }
                for (bit, t) in [
                    (UNIVERSITAET_BIT, Transition::StudiumUniversitaet),
                    (FACHHOCHSCHULE_BIT, Transition::StudiumFachhochschule),
                ] {
                    if goals & bit != 0 {
                        continue;
                    }
                    match sek2::decide(self, t, &f, at) {
                        Ok(a) if passable(a.outcome, options.allow_discretionary) => goals |= bit,
                        Ok(_)
                        | Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {}
                        Err(e) => return Err(e),
                    }
                }
                if depth == max_depth {
                    continue;
                }
                let day = Day::new(at);
                for act in &acts {
                    let a = match assess_action(self, *act, &f, day) {
                        Ok(a) => a,
                        Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    if !passable(a.outcome, options.allow_discretionary) {
                        continue;
                    }
                    let m = months + a.gains.months;
                    let k = key_after(&f, held, &a.gains);
                    match fewest.iter_mut().find(|(seen, _)| *seen == k) {
                        Some((_, least)) if *least <= m => continue,
                        Some((_, least)) => *least = m,
                        None => fewest.push((k, m)),
                    }
                    let mut n = f.as_ref().clone();
                    apply(&mut n, &a.gains);
                    next_frontier.push((Cow::Owned(n), after(at, a.gains.months), m));
                }
            }
            std::mem::swap(&mut frontier, &mut next_frontier);
        }
        Ok(goals)
    }

    /// JSON in, JSON out, for the C ABI and Python: the request
    /// `{"facts": {...}, "as_of": "YYYY-MM-DD", "goal": {...}?, "options": {...}?}` gives
    /// `{"next_steps": [...], "routes": [...]}` (`routes` only with a goal). Errors name the
    /// field at fault, never a value.
    ///
    /// ```
    /// use bildungsnetz::rules::RuleBook;
    /// let book = RuleBook::embedded()?;
    /// let out = book.pathways_json(r#"{"facts":{"land":"NW","qualifications":["FHR_S"]},
    ///     "as_of":"2025-07-01","goal":"fachhochschule"}"#)?;
    /// let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    /// assert_eq!(v["routes"][0]["steps"][0]["transition"], "fhr_praktikum");
    /// assert!(book.pathways_json(r#"{"facts":{"land":"NW"},"as_of":"2025-02-30"}"#).is_err());
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn pathways_json(&self, request: &str) -> Result<String, RuleError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Request {
            facts: LearnerFacts,
            as_of: Date,
            #[serde(default)]
            goal: Option<Goal>,
            #[serde(default)]
            options: RouteOptions,
        }
        #[derive(Serialize)]
        struct Response {
            next_steps: Vec<NextStep>,
            #[serde(skip_serializing_if = "Option::is_none")]
            routes: Option<Vec<Route>>,
        }
        let de = &mut serde_json::Deserializer::from_str(request);
        let req: Request = serde_path_to_error::deserialize(de).map_err(|e| RuleError::Record {
            line: 1,
            field: Some(e.path().to_string()).filter(|p| p != "." && !p.is_empty()),
            kind: super::RecordErrorKind::InvalidValue,
        })?;
        let next_steps = self.next_steps(&req.facts, req.as_of)?;
        let routes = match req.goal {
            Some(g) => Some(self.routes(&req.facts, req.as_of, g, &req.options)?),
            None => None,
        };
        serde_json::to_string(&Response { next_steps, routes }).map_err(|_| RuleError::Record {
            line: 1,
            field: None,
            kind: super::RecordErrorKind::InvalidValue,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "tests")]
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::*;
    use crate::rules::Land;

    #[test]
    fn step_rows_equal_the_explained_next_steps() {
        let book = RuleBook::embedded().unwrap();
        let as_of = Date::from_ymd(2025, 7, 1).unwrap();
        let quals = [
            vec![],
            vec![Abschluss::HA9],
            vec![Abschluss::MSA],
            vec![Abschluss::MSA_Q],
            vec![Abschluss::FHR_S],
            vec![Abschluss::ABITUR],
        ];
        let mut learners = vec![LearnerFacts::default()];
        for land in [Some(Land::NW), Some(Land::RP), None] {
            for q in &quals {
                for training in [None, Some(true)] {
                    learners.push(LearnerFacts {
                        land,
                        qualifications: q.clone(),
                        vocational_training_completed: training,
                        birth_date: Date::from_ymd(2008, 3, 1).ok(),
                        ..LearnerFacts::default()
                    });
                }
            }
        }
        for f in &learners {
            let rows = book.next_step_rows(f, as_of);
            let steps = book.next_steps(f, as_of).map(|steps| {
                steps
                    .into_iter()
                    .map(|s| (s.transition, RowDecision::from(s.decision)))
                    .collect::<Vec<_>>()
            });
            assert_eq!(rows, steps, "{f:?}");
        }
        // Without a Land every step is undetermined and names it.
        let rows = book
            .next_step_rows(&LearnerFacts::default(), as_of)
            .unwrap();
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|(_, r)| r.outcome == Outcome::Undetermined
            && r.missing_facts.iter().any(|m| m == "land")));
    }

    /// The search of `RuleBook::reachable_goals` without pruning at the queue: every successor
    /// built and queued, passed over when taken if its key was seen in no more months.
    fn plain_reachable_goals(
        book: &RuleBook,
        facts: &LearnerFacts,
        as_of: Date,
        options: &RouteOptions,
    ) -> Result<BTreeSet<Goal>, RuleError> {
        let acts = actions(book, facts.land);
        let mut goals = BTreeSet::new();
        let mut seen: HashMap<Key, u32> = HashMap::new();
        let mut frontier = vec![(facts.clone(), as_of, 0u32)];
        for depth in 0..=usize::from(options.max_steps) {
            let mut next_frontier = Vec::new();
            for (f, at, months) in frontier {
                let k = key(&f);
                if seen.get(&k).is_some_and(|m| *m <= months) && depth > 0 {
                    continue;
                }
                seen.insert(k, months);
                let mask = held_mask(&f.qualifications);
                for q in Abschluss::ALL {
                    if mask & (1 << (q as u32)) != 0 {
                        goals.insert(Goal::Qualification(q));
                    }
                }
                if f.vocational_training_completed == Some(true) {
                    goals.insert(Goal::VocationalTraining);
                }
                for (g, t) in [
                    (Goal::Universitaet, Transition::StudiumUniversitaet),
                    (Goal::Fachhochschule, Transition::StudiumFachhochschule),
                ] {
                    if !goals.contains(&g) {
                        match sek2::decide(book, t, &f, at) {
                            Ok(a) if passable(a.outcome, options.allow_discretionary) => {
                                goals.insert(g);
                            }
                            Ok(_)
                            | Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {
                            }
                            Err(e) => return Err(e),
                        }
                    }
                }
                if depth == usize::from(options.max_steps) {
                    continue;
                }
                let day = Day::new(at);
                for act in &acts {
                    let a = match assess_action(book, *act, &f, day) {
                        Ok(a) => a,
                        Err(RuleError::NotCovered { .. } | RuleError::NoLawInForce { .. }) => {
                            continue;
                        }
                        Err(e) => return Err(e),
                    };
                    if !passable(a.outcome, options.allow_discretionary) {
                        continue;
                    }
                    let mut n = f.clone();
                    apply(&mut n, &a.gains);
                    next_frontier.push((n, after(at, a.gains.months), months + a.gains.months));
                }
            }
            frontier = next_frontier;
        }
        Ok(goals)
    }

    fn learner() -> impl Strategy<Value = LearnerFacts> {
        use crate::rules::Schulform;
        let day = |y0: i32, y1: i32| {
            let lo = Date::from_ymd(y0, 1, 1).unwrap().day_number();
            let hi = Date::from_ymd(y1, 1, 1).unwrap().day_number();
            (lo..hi).prop_map(|d| Date::from_day_number(d).unwrap())
        };
        (
            (
                proptest::option::of(day(1975, 2015)),
                proptest::option::of(prop_oneof![Just(Land::NW), Just(Land::RP), Just(Land::BY)]),
                proptest::collection::vec(proptest::sample::select(Abschluss::ALL.to_vec()), 0..3),
                proptest::option::of(0u32..14),
                proptest::option::of(prop_oneof![
                    Just(Schulform::Gymnasium),
                    Just(Schulform::Realschule),
                    Just(Schulform::Hauptschule),
                ]),
            ),
            (
                proptest::option::of(any::<bool>()),
                proptest::option::of(0u32..5),
                proptest::option::of(any::<bool>()),
                proptest::option::of(0u32..6),
                proptest::option::of(any::<bool>()),
                proptest::option::of(0u32..24),
                proptest::option::of(day(2015, 2030)),
            ),
        )
            .prop_map(
                |(
                    (birth_date, land, qualifications, years, schulform),
                    (voc, voc_years, aufstieg, work, contract, internship, start),
                )| LearnerFacts {
                    birth_date,
                    land,
                    qualifications,
                    school_years_attended: years,
                    schulform,
                    vocational_training_completed: voc,
                    vocational_training_years: voc_years,
                    advanced_vocational_qualification: aufstieg,
                    work_experience_years: work,
                    training_contract: contract,
                    internship_months: internship,
                    training_start_date: start,
                    ..LearnerFacts::default()
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            if cfg!(debug_assertions) { 64 } else { 512 }
        ))]

        /// The search that prunes at the queue finds what the plain search finds (the same
        /// goals, the same error).
        #[test]
        fn pruned_search_equals_the_plain_search(
            facts in learner(),
            as_of in (Date::from_ymd(2012, 1, 1).unwrap().day_number()
                ..Date::from_ymd(2032, 1, 1).unwrap().day_number())
                .prop_map(|d| Date::from_day_number(d).unwrap()),
            max_steps in 0u8..=5,
            allow_discretionary in any::<bool>(),
        ) {
            let book = RuleBook::embedded().unwrap();
            let options = RouteOptions { max_steps, allow_discretionary, ..RouteOptions::default() };
            prop_assert_eq!(
                book.reachable_goals(&facts, as_of, &options),
                plain_reachable_goals(&book, &facts, as_of, &options)
            );
        }
    }

    /// The top of what a code implies is the code itself, or for codes that imply each other
    /// (HA9_FOE is the ESA) the first of them: a step's award is never lost.
    #[test]
    fn a_code_is_the_top_of_what_it_implies() {
        for a in Abschluss::ALL {
            let top = top_codes(a.implied_mask());
            assert_eq!(top.len(), 1, "{a:?}");
            assert_eq!(top[0].implied_mask(), a.implied_mask(), "{a:?}");
            let mut f = LearnerFacts::born(Date::from_ymd(2008, 1, 1).unwrap(), Land::NW);
            apply(
                &mut f,
                &Gains {
                    mask: a.implied_mask(),
                    ..Gains::default()
                },
            );
            assert_eq!(f.qualifications, top, "{a:?}");
        }
    }

    /// The full decision path: `sek2::assess` with the Bildungsgang named in the facts.
    fn full(
        book: &RuleBook,
        a: Action,
        f: &LearnerFacts,
        at: Date,
    ) -> Result<Assessment, RuleError> {
        match a {
            Action::T(t) => sek2::assess(book, t, f, at),
            Action::Bg(b, _) => {
                let mut f = f.clone();
                f.bildungsgang = Some(b.code.to_owned());
                sek2::assess(book, bk_transition(b), &f, at)
            }
            Action::Bbs(b, _) => {
                let mut f = f.clone();
                f.bildungsgang = Some(b.code.to_owned());
                sek2::assess(book, Transition::BbsRlp, &f, at)
            }
        }
    }

    /// Facts beyond the search state that the Sek-II decisions read, in a few profiles.
    fn profiles() -> [fn(&mut LearnerFacts); 4] {
        use crate::rules::sek2::codes::Jahrgang;
        use crate::rules::{GymnasiumTrack, Schulform};
        [
            |_| {},
            |f| {
                f.birth_date = None;
                f.school_years_attended = Some(9);
            },
            |f| {
                f.birth_date = Date::from_ymd(2010, 9, 1).ok();
                f.schulform = Some(Schulform::Gymnasium);
                f.jahrgang = Some(Jahrgang::Klasse(10));
                f.gymnasium_track = Some(GymnasiumTrack::G9);
                f.promoted = Some(true);
                f.school_years_attended = Some(10);
            },
            |f| {
                f.training_contract = Some(true);
                f.vocational_training_years = Some(3);
                f.currently_employed = Some(false);
                f.study_related_to_training = Some(false);
                f.advanced_vocational_qualification = Some(false);
                f.internship_months = Some(12);
                f.school_years_attended = Some(10);
            },
        ]
    }

    /// Rheinland-Pfalz: the routes run through the berufsbildende Schule (§ 11 SchulG RLP), not
    /// the NRW Berufskolleg.
    #[test]
    fn rlp_routes_use_the_berufsbildende_schule() {
        let book = RuleBook::embedded().unwrap();
        let as_of = Date::from_ymd(2025, 6, 1).unwrap();
        let person = LearnerFacts {
            qualifications: vec![Abschluss::MSA_Q],
            school_years_attended: Some(10),
            ..LearnerFacts::born(Date::from_ymd(2009, 5, 1).unwrap(), Land::RP)
        };
        let routes = book
            .routes(
                &person,
                as_of,
                Goal::Fachhochschule,
                &RouteOptions::default(),
            )
            .unwrap();
        let first = &routes[0];
        assert_eq!(first.steps[0].transition, Transition::BbsRlp);
        assert_eq!(first.steps[0].bildungsgang, Some("FOS"));
        assert_eq!(first.total_months, 24);
        assert!(routes.iter().all(|r| {
            r.steps
                .iter()
                .all(|s| !s.transition.id().starts_with("berufskolleg"))
        }));
        // With the Berufsreife only: the two-year Berufsfachschule gives the MSA on the way.
        let br = LearnerFacts {
            qualifications: vec![Abschluss::HA9],
            ..person.clone()
        };
        let goals = book
            .reachable_goals(&br, as_of, &RouteOptions::default())
            .unwrap();
        assert!(goals.contains(&Goal::Qualification(Abschluss::MSA)));
        assert!(goals.contains(&Goal::Fachhochschule));
        let next = book.next_steps(&person, as_of).unwrap();
        assert!(next.iter().any(|s| s.transition == Transition::BbsRlp));
        assert!(
            !next
                .iter()
                .any(|s| s.transition == Transition::BerufskollegB)
        );
    }

    #[test]
    fn key_after_is_the_key_of_the_applied_facts_for_any_codes() {
        for held in Abschluss::ALL {
            for a in Abschluss::ALL {
                for b in Abschluss::ALL {
                    let f = LearnerFacts {
                        qualifications: vec![held],
                        ..LearnerFacts::default()
                    };
                    let g = Gains {
                        mask: a.implied_mask() | b.implied_mask(),
                        ..Gains::default()
                    };
                    let mut next = f.clone();
                    apply(&mut next, &g);
                    assert_eq!(key_after(&f, held_mask(&f.qualifications), &g), key(&next));
                }
            }
        }
    }

    #[test]
    fn lean_search_assessments_agree_with_full_decisions() {
        use Abschluss as Q;
        let book = RuleBook::embedded().unwrap();
        // The search's actions, and every other transition decided leanly (goal access).
        let mut acts = actions(&book, None);
        acts.extend(actions(&book, Some(Land::RP)));
        acts.extend(
            PATHWAY_TRANSITIONS
                .into_iter()
                .chain([Transition::Kaoa])
                .filter(|t| !ROUTE_TRANSITIONS.contains(t))
                .map(Action::T),
        );
        let born = Date::from_ymd(2005, 3, 1).unwrap();
        let mut n = 0;
        for quals in [
            vec![],
            vec![Q::HA9],
            vec![Q::HA10],
            vec![Q::MSA],
            vec![Q::MSA_Q],
            vec![Q::VS_11],
            vec![Q::FHR_S],
            vec![Q::FHR],
            vec![Q::FGHR],
            vec![Q::ABITUR],
        ] {
            for voc in [None, Some(false), Some(true)] {
                for work in [None, Some(0), Some(2), Some(3)] {
                    for land in [Some(Land::NW), Some(Land::RP), Some(Land::BY), None] {
                        for bg in [None, Some("B06".to_owned())] {
                            for profile in profiles() {
                                let mut f = LearnerFacts::born(born, Land::NW);
                                f.land = land;
                                f.qualifications.clone_from(&quals);
                                f.vocational_training_completed = voc;
                                f.work_experience_years = work;
                                f.bildungsgang.clone_from(&bg);
                                profile(&mut f);
                                n += agree(&book, &acts, &f);
                            }
                        }
                    }
                }
            }
        }
        assert!(n > 100_000);
    }

    /// Checks every action for `f` on a few days, lean against full; returns the cases checked.
    fn agree(book: &RuleBook, acts: &[Action<'_>], f: &LearnerFacts) -> usize {
        let mut n = 0;
        for (y, m) in [(2014, 6), (2016, 8), (2019, 9), (2025, 6), (2031, 2)] {
            let at = Date::from_ymd(y, m, 1).unwrap();
            for act in acts {
                let lean = assess_action(book, *act, f, Day::new(at));
                let reference = full(book, *act, f, at);
                n += 1;
                match (lean, reference) {
                    (Ok(l), Ok(r)) => {
                        let mut next = f.clone();
                        apply(&mut next, &l.gains);
                        assert_eq!(
                            key_after(f, held_mask(&f.qualifications), &l.gains),
                            key(&next)
                        );
                        assert_eq!(l, Lean::from(r));
                    }
                    (Err(l), Err(r)) => assert_eq!(l, r),
                    (l, r) => panic!("{l:?} vs {r:?}"),
                }
            }
        }
        n
    }
}
