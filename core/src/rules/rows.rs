//! Decisions for whole tables of learners: one lean row per learner (the outcome and its dates,
//! the determining rules, the missing facts, or why there is no answer), for every transition.
//! The bindings build their columns from these rows (Arrow in Python, JSON in C).

use std::borrow::Cow;

use super::decision::Detail;
use super::sek1::Sek1Engine;
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
        let decider = self.row_decider(transition, as_of);
        learners.iter().map(|f| decider.decide(f)).collect()
    }

    /// One row of [`RuleBook::evaluate_rows`], for a caller that reads and decides learners one
    /// at a time. The rules decide it without building the explanation (no notes, citations or
    /// sentences), the Sek-I qualification through [`RuleBook::evaluate`]. A caller deciding
    /// many learners on one day takes a [`RuleBook::row_decider`].
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
        self.row_decider(transition, as_of).decide(facts)
    }

    /// Decides `transition` on `as_of` for learner after learner ([`RowDecider::decide`]), with
    /// what every row shares looked up once: the rows of [`RuleBook::evaluate_rows`].
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts, Outcome, RuleBook, Transition};
    /// let book = RuleBook::embedded()?;
    /// let as_of = Date::from_ymd(2025, 7, 1)?;
    /// let decider = book.row_decider(Transition::Sek1Qualification, as_of);
    /// let pupil = LearnerFacts { land: Some(Land::NW), ..LearnerFacts::default() };
    /// let row = decider.decide(&pupil)?;
    /// assert_eq!(row.outcome, Outcome::Undetermined);
    /// assert_eq!(row.missing_facts, ["sek1.grade_sheet"]);
    /// assert_eq!(Ok(row), book.evaluate_row(Transition::Sek1Qualification, &pupil, as_of));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn row_decider(&self, transition: Transition, as_of: Date) -> RowDecider<'_> {
        RowDecider {
            book: self,
            transition,
            as_of,
            sek1: (transition == Transition::Sek1Qualification).then(|| self.sek1_engine(as_of)),
        }
    }
}

/// One transition decided on one day for learner after learner
/// ([`RuleBook::row_decider`]). It holds the rule versions every row needs (the Sek-I
/// qualifications' engine, or why there is none); borrowing the rule book, it can be shared
/// between threads.
#[derive(Clone, Debug)]
pub struct RowDecider<'a> {
    book: &'a RuleBook,
    transition: Transition,
    as_of: Date,
    sek1: Option<Result<Sek1Engine<'a>, RuleError>>,
}

impl RowDecider<'_> {
    /// The row of one learner: what [`RuleBook::evaluate_row`] answers.
    pub fn decide(&self, facts: &LearnerFacts) -> Result<RowDecision, RuleError> {
        let (book, transition, as_of) = (self.book, self.transition, self.as_of);
        match transition {
            Transition::KitaClaim
            | Transition::SchoolEntry
            | Transition::SchoolEntryDeferral
            | Transition::SchoolEntryEarly
            | Transition::GanztagClaim
            | Transition::Seiteneinstieg
            | Transition::EndOfFullTimeSchooling
            | Transition::Sek1Entry => book
                .decide(transition, facts, as_of, Detail::Lean)
                .map(RowDecision::from),
            Transition::Sek1Qualification => {
                super::sek1::evaluate_qualification_with(book, facts, as_of, self.sek1.as_ref())
                    .map(RowDecision::from)
            }
            sek2 => super::sek2::assess_row(book, sek2, facts, as_of).map(|a| a.row(book)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::sek1::{Empfehlung, Sek1Facts};
    use crate::rules::{
        Check, DeferralGround, GymnasiumTrack, Jahrgang, Land, RestingGround, SchoolDoctorOpinion,
        Schulform,
    };
    use proptest::prelude::*;

    /// The transitions whose rules build a lean decision.
    const LEAN: [Transition; 8] = [
        Transition::KitaClaim,
        Transition::SchoolEntry,
        Transition::SchoolEntryDeferral,
        Transition::SchoolEntryEarly,
        Transition::GanztagClaim,
        Transition::Seiteneinstieg,
        Transition::EndOfFullTimeSchooling,
        Transition::Sek1Entry,
    ];

    /// What a lean decision must share with the explained one: all but the texts (citations,
    /// facts used, notes, sentences).
    fn without_texts(d: &Decision) -> impl PartialEq + std::fmt::Debug + '_ {
        let checks: Vec<(&str, super::super::CheckResult, bool)> = d
            .checks
            .iter()
            .map(|c: &Check| (&*c.rule_id, c.result, c.determining))
            .collect();
        (
            (d.transition, d.land, d.as_of, d.school_year),
            (d.outcome, d.effective_date, d.eligible_from),
            checks,
            &d.missing_facts,
            &d.details,
        )
    }

    /// The lean decision equals the explained one but for the texts, and (for the
    /// transitions in [`LEAN`]) carries none of them; the table row equals the one made from
    /// the explained decision.
    fn assert_lean_equals_explained(
        book: &RuleBook,
        t: Transition,
        f: &LearnerFacts,
        as_of: Date,
    ) -> Result<(), TestCaseError> {
        let explained = book.decide(t, f, as_of, Detail::Explained);
        let lean = book.decide(t, f, as_of, Detail::Lean);
        match (&explained, &lean) {
            (Ok(e), Ok(l)) => {
                prop_assert_eq!(without_texts(e), without_texts(l), "{:?}", t);
                if LEAN.contains(&t) {
                    prop_assert!(l.explanation_de.is_empty() && l.explanation_en.is_empty());
                    prop_assert!(l.checks.iter().all(|c| c.note.is_empty()
                        && c.citation.is_empty()
                        && c.facts_used.is_empty()));
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?}: {:?} vs {:?}", t, a, b),
        }
        prop_assert_eq!(
            book.evaluate_row(t, f, as_of),
            explained.map(RowDecision::from),
            "{:?}",
            t
        );
        Ok(())
    }

    #[test]
    fn lean_equals_explained_on_every_conformance_case() {
        let book = RuleBook::embedded().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance");
        let mut cases = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().into_owned();
            if !name.ends_with(".json") || name.ends_with(".schema.json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let file: crate::rules::conformance::CaseFile = serde_json::from_str(&text).unwrap();
            for case in file.cases {
                let mut facts = case.facts.clone();
                facts.land = facts.land.or(case.land);
                assert_lean_equals_explained(&book, case.transition, &facts, case.as_of)
                    .unwrap_or_else(|e| panic!("{name}: {}: {e}", case.id));
                // Every lean transition on the case's facts, not only the one it asks.
                for t in LEAN {
                    assert_lean_equals_explained(&book, t, &facts, case.as_of)
                        .unwrap_or_else(|e| panic!("{name}: {} as {t:?}: {e}", case.id));
                }
                cases += 1;
            }
        }
        assert!(cases >= 60, "only {cases} cases");
    }

    fn date_in(y0: i32, y1: i32) -> impl Strategy<Value = Option<Date>> {
        let lo = Date::from_ymd(y0, 1, 1).unwrap().day_number();
        let hi = Date::from_ymd(y1, 12, 31).unwrap().day_number();
        proptest::option::of((lo..=hi).prop_map(|d| Date::from_day_number(d).unwrap()))
    }

    fn flag() -> impl Strategy<Value = Option<bool>> {
        proptest::option::of(any::<bool>())
    }

    fn pick<T: Clone + std::fmt::Debug + 'static>(v: Vec<T>) -> impl Strategy<Value = Option<T>> {
        proptest::option::of(proptest::sample::select(v))
    }

    /// Learners with any of the facts the lean transitions read, each possibly missing.
    fn learner() -> impl Strategy<Value = LearnerFacts> {
        let dates = (
            date_in(1995, 2027),
            date_in(2005, 2030),
            date_in(2010, 2030),
            date_in(2010, 2030),
            date_in(2010, 2030),
            date_in(2015, 2030),
        );
        let flags = (flag(), flag(), flag(), flag(), flag(), flag(), flag());
        let kinds = (
            pick(vec![Land::NW, Land::RP, Land::BY]),
            pick(vec![
                SchoolDoctorOpinion::Schulfaehig,
                SchoolDoctorOpinion::NichtSchulfaehig,
                SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende,
            ]),
            pick(vec![
                DeferralGround::Health,
                DeferralGround::Disability,
                DeferralGround::Development,
                DeferralGround::Other,
            ]),
            pick(vec![
                Schulform::Gymnasium,
                Schulform::Realschule,
                Schulform::Hauptschule,
                Schulform::Gesamtschule,
                Schulform::RealschulePlus,
                Schulform::Foerderschule,
            ]),
            pick(vec![GymnasiumTrack::G8, GymnasiumTrack::G9]),
            pick(vec![
                RestingGround::University,
                RestingGround::MaternityProtection,
                RestingGround::EveningSchool,
            ]),
        );
        let numbers = (
            proptest::option::of(0u32..15),
            proptest::option::of(0u32..4),
            proptest::option::of(2010u16..2030),
            proptest::option::of(1u8..14),
            pick(Empfehlung::ALL.to_vec()),
            pick(vec![
                Schulform::Gymnasium,
                Schulform::Realschule,
                Schulform::Gesamtschule,
                Schulform::RealschulePlus,
            ]),
        );
        (dates, flags, kinds, numbers).prop_map(|(d, b, k, n)| {
            let sek1 = (n.4.is_some() || n.5.is_some()).then(|| {
                Box::new(Sek1Facts {
                    recommendation: n.4,
                    target_schulform: n.5,
                    ..Sek1Facts::default()
                })
            });
            LearnerFacts {
                birth_date: d.0,
                arrival_date: d.1,
                school_entry_date: d.2,
                land_residence_start: d.3,
                gemeinde_assignment_date: d.4,
                training_start_date: d.5,
                early_entry_application: b.0,
                deferral_application: b.1,
                deferred_before: b.2,
                asylum_seeker: b.3,
                parents_working_training_or_seeking_work: b.4,
                development_requires_support: b.5,
                specialist_reports_submitted: b.6,
                land: k.0,
                school_doctor: k.1,
                deferral_ground: k.2,
                schulform: k.3,
                gymnasium_track: k.4,
                schulpflicht_resting_ground: k.5,
                school_years_attended: n.0,
                schuleingangsphase_years: n.1,
                in_class1_school_year: n.2,
                jahrgang: n.3.map(Jahrgang::Klasse),
                sek1,
                ..LearnerFacts::default()
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(if cfg!(debug_assertions) { 300 } else { 3000 }))]

        #[test]
        fn lean_equals_explained_on_generated_learners(
            facts in learner(),
            as_of in (Date::from_ymd(2000, 1, 1).unwrap().day_number()..=Date::from_ymd(2030, 12, 31).unwrap().day_number()).prop_map(|d| Date::from_day_number(d).unwrap()),
            t in proptest::sample::select(LEAN.to_vec()),
        ) {
            let book = book();
            assert_lean_equals_explained(book, t, &facts, as_of)?;
        }
    }

    fn book() -> &'static RuleBook {
        static BOOK: std::sync::OnceLock<RuleBook> = std::sync::OnceLock::new();
        BOOK.get_or_init(|| RuleBook::embedded().unwrap())
    }

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
