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
    pub const fn code(self) -> u8 {
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
    pub citation: Cow<'static, str>,
    /// Names of the facts the check used.
    pub facts_used: Vec<Cow<'static, str>>,
    /// What the check found.
    pub result: CheckResult,
    /// Whether this check determined the outcome or the effective date.
    pub determining: bool,
    /// A short English note (may contain values: a decision goes to its caller only).
    pub note: Cow<'static, str>,
}

/// An explained decision.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
/// let book = RuleBook::embedded()?;
/// let child = LearnerFacts::born(Date::from_ymd(2019, 9, 30)?, Land::NW);
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
    /// The day the asked status begins (eligible) or would begin if granted (discretionary),
    /// even if that is after `as_of` — e.g. the 1 August on which the Schulpflicht begins, or
    /// on which a deferred child would then start school. `None` when not eligible, when
    /// undetermined, and where the law attaches no date of its own (access rights,
    /// qualifications).
    #[serde(default)]
    pub effective_date: Option<Date>,
    /// For a person who is not eligible: the later day from which the law gives the status,
    /// where it names one (a child too young for a claim: the birthday that brings it).
    #[serde(default)]
    pub eligible_from: Option<Date>,
    /// The rules applied, in order.
    pub checks: Vec<Check>,
    /// Facts that were missing and would be needed to decide (or decide more precisely).
    pub missing_facts: Vec<Cow<'static, str>>,
    /// Further results by name, e.g. `suggested_grade`, `einschulungsart`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<Cow<'static, str>, Cow<'static, str>>,
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

/// How much of a decision a rule builds. One rule logic serves both: the rule formats its
/// notes and sentences only through [`Detail::text`] and [`super::RuleBook::check_as`], which a
/// lean decision skips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Everything: each check with its citation, facts and note, and both sentences.
    Explained,
    /// What a table row returns: outcome, dates, missing facts, details and each check's rule
    /// and result; no citation, facts, note or sentence.
    Lean,
}

impl Detail {
    /// The text `build` makes when explaining; an empty string (nothing formatted, nothing
    /// allocated) for a lean decision.
    pub(crate) fn text(self, build: impl FnOnce() -> String) -> String {
        match self {
            Detail::Explained => build(),
            Detail::Lean => String::new(),
        }
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

/// Short text on the stack (dates, school years, small numbers) for building explanations
/// without the formatting machinery: the full decision path formats millions of them.
#[derive(Clone, Copy)]
pub(crate) struct Text<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    fn new() -> Self {
        Text {
            buf: [b' '; N],
            len: 0,
        }
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn digits(&mut self, value: u32, width: usize) {
        let mut tmp = [b'0'; 10];
        let mut v = value;
        let mut n = 0;
        while v > 0 || n < width.max(1) {
            if let Some(slot) = tmp.get_mut(n) {
                *slot = b'0' + (v % 10) as u8;
            }
            v /= 10;
            n += 1;
            if n >= tmp.len() {
                break;
            }
        }
        for i in (0..n).rev() {
            self.push(tmp.get(i).copied().unwrap_or(b'0'));
        }
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        self.buf
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl<const N: usize> Default for Text<N> {
    fn default() -> Self {
        Text::new()
    }
}

impl<const N: usize> std::fmt::Display for Text<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date as Germans write it, `30.09.2025`.
pub(crate) fn de_date(d: Date) -> Text<10> {
    let (y, m, day) = d.ymd();
    let mut t = Text::new();
    t.digits(day, 2);
    t.push(b'.');
    t.digits(m, 2);
    t.push(b'.');
    t.digits(y.unsigned_abs(), 4);
    t
}

/// A date in ISO 8601, `2025-09-30` (as [`Date`]'s `Display`).
pub(crate) fn iso(d: Date) -> Text<10> {
    let (y, m, day) = d.ymd();
    let mut t = Text::new();
    t.digits(y.unsigned_abs(), 4);
    t.push(b'-');
    t.digits(m, 2);
    t.push(b'-');
    t.digits(day, 2);
    t
}

fn push_digit(s: &mut String, x: u32) {
    s.push(char::from(b'0' + (x % 10) as u8));
}

/// Appends a number in decimal.
pub(crate) fn push_num(s: &mut String, n: u32) {
    if n >= 10 {
        push_num(s, n / 10);
    }
    push_digit(s, n);
}

fn push_fixed(s: &mut String, n: u32, width: u32) {
    for k in (0..width).rev() {
        push_digit(s, n / 10u32.pow(k));
    }
}

/// Appends `DD.MM.YYYY`.
pub(crate) fn push_de(s: &mut String, y: i32, m: u32, d: u32) {
    push_fixed(s, d, 2);
    s.push('.');
    push_fixed(s, m, 2);
    s.push('.');
    push_fixed(s, y.unsigned_abs(), 4);
}

/// Appends `YYYY-MM-DD`.
pub(crate) fn push_iso(s: &mut String, y: i32, m: u32, d: u32) {
    push_fixed(s, y.unsigned_abs(), 4);
    s.push('-');
    push_fixed(s, m, 2);
    s.push('-');
    push_fixed(s, d, 2);
}

/// Appends `YYYY/YY`.
pub(crate) fn push_sy(s: &mut String, sy: SchoolYear) {
    let y = sy.start_year();
    push_fixed(s, y.unsigned_abs(), 4);
    s.push('/');
    push_fixed(s, (y + 1).rem_euclid(100).unsigned_abs(), 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_texts_match_display() {
        for (y, m, d) in [(2025, 9, 30), (1800, 1, 1), (2200, 12, 31), (2000, 2, 29)] {
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(iso(date).as_str(), date.to_string());
            assert_eq!(de_date(date).as_str(), format!("{d:02}.{m:02}.{y}"));
        }
        let mut s = String::new();
        push_de(&mut s, 2025, 8, 1);
        s.push(' ');
        push_iso(&mut s, 1800, 12, 31);
        s.push(' ');
        push_sy(&mut s, SchoolYear::starting(2099).unwrap());
        s.push(' ');
        push_num(&mut s, 1203);
        push_num(&mut s, 0);
        assert_eq!(s, "01.08.2025 1800-12-31 2099/00 12030");
    }
}
