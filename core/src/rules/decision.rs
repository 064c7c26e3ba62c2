//! Decisions: the outcome, its effective date and the trace of checks that explain it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::stage::{Land, Transition};
use crate::calendar::{Date, SchoolYear};

/// The result of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The person is eligible (for school entry: schulpflichtig) on the date asked.
    Eligible,
    /// The person is not eligible on the date asked.
    NotEligible,
    /// An authority decides (Schulleitung, Jugendamt); the checks say under which conditions.
    Discretionary,
    /// Facts are missing; `missing_facts` names them.
    Undetermined,
}

impl Outcome {
    /// The code used by the lean batch paths and the C ABI: 0 not eligible, 1 eligible,
    /// 2 discretionary, 3 undetermined. ([`OUTCOME_ERROR`] = 255 marks an input without answer.)
    ///
    /// ```
    /// use bildungsnetz::rules::Outcome;
    /// assert_eq!(Outcome::Eligible.code(), 1);
    /// assert_eq!(Outcome::from_code(2), Some(Outcome::Discretionary));
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Outcome::NotEligible => 0,
            Outcome::Eligible => 1,
            Outcome::Discretionary => 2,
            Outcome::Undetermined => 3,
        }
    }

    /// The outcome for a code, if it is one.
    pub fn from_code(code: u8) -> Option<Outcome> {
        match code {
            0 => Some(Outcome::NotEligible),
            1 => Some(Outcome::Eligible),
            2 => Some(Outcome::Discretionary),
            3 => Some(Outcome::Undetermined),
            _ => None,
        }
    }

    /// The snake_case name, as in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Eligible => "eligible",
            Outcome::NotEligible => "not_eligible",
            Outcome::Discretionary => "discretionary",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// Outcome code of a lean decision for an input that has no answer (law not encoded for the
/// dates needed, date outside the calendar range).
pub const OUTCOME_ERROR: u8 = 255;
/// Effective-date value of a lean decision without an effective date.
pub const NO_DATE: i32 = i32::MIN;
/// Rule-index value of a lean decision without a determining rule.
pub const NO_RULE: u16 = u16::MAX;

/// What a single check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckResult {
    /// The rule's condition holds.
    Satisfied,
    /// The rule's condition does not hold.
    NotSatisfied,
    /// An authority decides under this rule.
    Discretionary,
    /// The rule does not apply to these facts.
    NotApplicable,
    /// Facts needed by the rule are missing.
    MissingFacts,
}

/// One rule applied to the facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// Stable rule id, e.g. `nrw.einschulung.stichtag`.
    pub rule_id: Cow<'static, str>,
    /// Legal citation of the version applied.
    pub citation: String,
    /// Names of the facts the check used.
    pub facts_used: Vec<Cow<'static, str>>,
    /// What the check found.
    pub result: CheckResult,
    /// Whether this check determined the outcome or the effective date.
    pub determining: bool,
    /// A short English note (may contain values: a decision goes to its caller only).
    pub note: String,
}

/// An explained decision.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
/// let book = RuleBook::embedded()?;
/// let child = LearnerFacts::born(Date::from_ymd(2019, 9, 30)?, Land::NordrheinWestfalen);
/// let d = book.evaluate(Transition::SchoolEntry, &child, Date::from_ymd(2025, 8, 1)?)?;
/// assert_eq!(d.outcome, Outcome::Eligible);
/// assert_eq!(d.effective_date, Some(Date::from_ymd(2025, 8, 1)?));
/// assert_eq!(d.determining_rules().next().map(|c| &*c.rule_id), Some("nrw.einschulung.stichtag"));
/// assert!(d.explanation_de.contains("schulpflichtig"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The transition asked about.
    pub transition: Transition,
    /// The Land whose law was applied (`None` for federal-only decisions without a Land).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land: Option<Land>,
    /// The day asked about.
    pub as_of: Date,
    /// The school year asked about, where the question is about a school year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_year: Option<SchoolYear>,
    /// The outcome on `as_of`.
    pub outcome: Outcome,
    /// From when the outcome's consequence applies (e.g. the 1 August on which the Schulpflicht
    /// begins, even if that is after `as_of`).
    #[serde(default)]
    pub effective_date: Option<Date>,
    /// The rules applied, in order.
    pub checks: Vec<Check>,
    /// Facts that were missing and would be needed to decide (or decide more precisely).
    pub missing_facts: Vec<Cow<'static, str>>,
    /// Further results by name, e.g. `suggested_grade`, `einschulungsart`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
    /// A sentence in German for the person at the counter.
    pub explanation_de: String,
    /// The same in English.
    pub explanation_en: String,
}

impl Decision {
    /// The checks that determined the outcome or the effective date.
    pub fn determining_rules(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| c.determining)
    }

    /// The ids of the determining rules, sorted and without duplicates.
    pub fn determining_rule_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.determining_rules().map(|c| &*c.rule_id).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// A decision without its trace, as the lean batch paths compute it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct LeanDecision {
    /// [`Outcome::code`] or [`OUTCOME_ERROR`].
    pub outcome: u8,
    /// Effective date as a day number (days since 1970-01-01), or [`NO_DATE`].
    pub effective_day: i32,
    /// Index of the determining rule version in [`super::RuleBook::rule`], or [`NO_RULE`].
    pub rule: u16,
}

/// A date as Germans write it, `30.09.2025`.
pub(crate) fn de_date(d: Date) -> String {
    let (y, m, day) = d.ymd();
    format!("{day:02}.{m:02}.{y:04}")
}
