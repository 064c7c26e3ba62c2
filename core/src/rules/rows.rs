//! Decisions for whole tables of learners: one lean row per learner (the outcome and its dates,
//! the determining rules, the missing facts, or why there is no answer), for every transition.
//! The bindings build their columns from these rows (Arrow in Python, JSON in C).

use std::borrow::Cow;

use super::{Decision, LearnerFacts, Outcome, RuleBook, RuleError, Transition};
use crate::calendar::Date;

/// What a table row needs of a [`Decision`]: everything but the checks' trace and the
/// sentences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowDecision {
    /// The outcome.
    pub outcome: Outcome,
    /// The ids of the determining rules, sorted, without duplicates
    /// ([`Decision::determining_rule_ids`]).
    pub rule_ids: Vec<Cow<'static, str>>,
    /// [`Decision::effective_date`].
    pub effective_date: Option<Date>,
    /// [`Decision::eligible_from`].
    pub eligible_from: Option<Date>,
    /// [`Decision::missing_facts`], in the decision's order.
    pub missing_facts: Vec<Cow<'static, str>>,
}

impl From<Decision> for RowDecision {
    fn from(d: Decision) -> RowDecision {
        let mut rule_ids: Vec<Cow<'static, str>> = d
            .checks
            .into_iter()
            .filter(|c| c.determining)
            .map(|c| c.rule_id)
            .collect();
        rule_ids.sort_unstable();
        rule_ids.dedup();
        RowDecision {
            outcome: d.outcome,
            rule_ids,
            effective_date: d.effective_date,
            eligible_from: d.eligible_from,
            missing_facts: d.missing_facts,
        }
    }
}

impl RuleBook {
    /// Decides one transition for a table of learners as of one date: one row per learner, in
    /// order. A learner without an answer (the law of a date it needs is not encoded, a Land
    /// without the rule pack) gets its error; the others are decided all the same. Each row
    /// equals what [`RuleBook::evaluate`] decides for that learner.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let kids = [
    ///     LearnerFacts::born(Date::from_ymd(2019, 9, 30)?, Land::NW),
    ///     LearnerFacts { land: Some(Land::NW), ..LearnerFacts::default() },
    /// ];
    /// let rows = book.evaluate_rows(Transition::SchoolEntry, &kids, Date::from_ymd(2025, 8, 1)?);
    /// let first = rows[0].as_ref().expect("decided");
    /// assert_eq!(first.outcome, Outcome::Eligible);
    /// assert_eq!(first.rule_ids, ["nrw.einschulung.stichtag"]);
    /// assert_eq!(first.effective_date, Some(Date::from_ymd(2025, 8, 1)?));
    /// let second = rows[1].as_ref().expect("decided");
    /// assert_eq!(second.outcome, Outcome::Undetermined);
    /// assert!(second.missing_facts.iter().any(|f| f == "birth_date"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_rows(
        &self,
        transition: Transition,
        learners: &[LearnerFacts],
        as_of: Date,
    ) -> Vec<Result<RowDecision, RuleError>> {
        learners
            .iter()
            .map(|f| self.evaluate_row(transition, f, as_of))
            .collect()
    }

    /// One row of [`RuleBook::evaluate_rows`], for a caller that reads and decides learners one
    /// at a time. The Sek-II packs give it without rendering their explanation; the others
    /// through [`RuleBook::evaluate`].
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let leaver = LearnerFacts { land: Some(Land::NW), ..LearnerFacts::default() };
    /// let row = book.evaluate_row(Transition::BerufskollegB, &leaver, Date::from_ymd(2025, 6, 1)?)?;
    /// assert_eq!(row.outcome, Outcome::Undetermined);
    /// assert!(!row.missing_facts.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_row(
        &self,
        transition: Transition,
        facts: &LearnerFacts,
        as_of: Date,
    ) -> Result<RowDecision, RuleError> {
        match transition {
            Transition::KitaClaim
            | Transition::SchoolEntry
            | Transition::SchoolEntryDeferral
            | Transition::SchoolEntryEarly
            | Transition::GanztagClaim
            | Transition::Seiteneinstieg
            | Transition::EndOfFullTimeSchooling
            | Transition::Sek1Entry
            | Transition::Sek1Qualification => self
                .evaluate(transition, facts, as_of)
                .map(RowDecision::from),
            sek2 => super::sek2::assess(self, sek2, facts, as_of).map(|a| a.row(self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Land;

    #[test]
    fn rows_equal_the_explained_decisions() {
        let book = RuleBook::embedded().unwrap();
        let as_of = Date::from_ymd(2025, 8, 1).unwrap();
        let learners = [
            LearnerFacts::born(Date::from_ymd(2019, 9, 30).unwrap(), Land::NW),
            LearnerFacts::born(Date::from_ymd(2019, 10, 1).unwrap(), Land::NW),
            LearnerFacts::born(Date::from_ymd(2019, 10, 1).unwrap(), Land::BY),
            LearnerFacts::default(),
        ];
        for t in Transition::ALL {
            let rows = book.evaluate_rows(t, &learners, as_of);
            assert_eq!(rows.len(), learners.len());
            for (f, row) in learners.iter().zip(rows) {
                match (book.evaluate(t, f, as_of), row) {
                    (Ok(d), Ok(r)) => {
                        let ids: Vec<&str> = r.rule_ids.iter().map(|s| &**s).collect();
                        assert_eq!(ids, d.determining_rule_ids(), "{t:?}");
                        assert_eq!(r.outcome, d.outcome);
                        assert_eq!(r.effective_date, d.effective_date);
                        assert_eq!(r.eligible_from, d.eligible_from);
                        assert_eq!(r.missing_facts, d.missing_facts);
                    }
                    (Err(a), Err(b)) => assert_eq!(a, b),
                    (a, b) => panic!("{t:?}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}
