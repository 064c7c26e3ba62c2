//! Property tests for the eligibility engine: the laws the rules must obey whatever the input.
//!
//! Run more cases with `cargo test --release` (2000 per property; 200 in debug builds).
#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a failed unwrap is a test failure"
)]

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::rules::{
    GymnasiumTrack, Land, LearnerFacts, NO_DATE, OUTCOME_ERROR, Outcome, RuleBook,
    SchoolDoctorOpinion, Schulform, Transition,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn book() -> &'static RuleBook {
    static BOOK: OnceLock<RuleBook> = OnceLock::new();
    BOOK.get_or_init(|| RuleBook::embedded().unwrap())
}

fn day(d: i32) -> Date {
    Date::from_day_number(d).unwrap()
}

/// Day numbers of 1 Jan 1800 and 31 Dec 2200, the calendar's range.
fn full_range() -> std::ops::RangeInclusive<i32> {
    Date::from_ymd(1800, 1, 1).unwrap().day_number()
        ..=Date::from_ymd(2200, 12, 31).unwrap().day_number()
}

fn ymd_days(y0: i32, y1: i32) -> std::ops::Range<i32> {
    Date::from_ymd(y0, 1, 1).unwrap().day_number()..Date::from_ymd(y1, 1, 1).unwrap().day_number()
}

fn land() -> impl Strategy<Value = Land> {
    prop_oneof![Just(Land::NW), Just(Land::RP)]
}

fn doctor() -> impl Strategy<Value = Option<SchoolDoctorOpinion>> {
    proptest::option::of(prop_oneof![
        Just(SchoolDoctorOpinion::Schulfaehig),
        Just(SchoolDoctorOpinion::NichtSchulfaehig),
        Just(SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende),
    ])
}

fn transition() -> impl Strategy<Value = Transition> {
    proptest::sample::select(Transition::ALL.to_vec())
}

/// Entry-related flags shared by two children.
#[derive(Clone, Debug)]
struct Flags {
    early: Option<bool>,
    deferral: Option<bool>,
    doctor: Option<SchoolDoctorOpinion>,
    deferred_before: Option<bool>,
}

fn flags() -> impl Strategy<Value = Flags> {
    (
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        doctor(),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(early, deferral, doctor, deferred_before)| Flags {
            early,
            deferral,
            doctor,
            deferred_before,
        })
}

fn with_flags(birth: Date, land: Land, f: &Flags) -> LearnerFacts {
    LearnerFacts {
        early_entry_application: f.early,
        deferral_application: f.deferral,
        school_doctor: f.doctor,
        deferred_before: f.deferred_before,
        ..LearnerFacts::born(birth, land)
    }
}

/// Arbitrary facts over the whole calendar range, including nonsense combinations.
fn any_facts() -> impl Strategy<Value = LearnerFacts> {
    let date = proptest::option::of(full_range().prop_map(day));
    let near = proptest::option::of(ymd_days(1950, 2060).prop_map(day));
    (
        prop_oneof![date.clone(), near.clone()],
        proptest::option::of(land()),
        proptest::option::of(prop_oneof![
            Just("05334002".to_owned()),
            Just("07111000".to_owned()),
            "[0-9]{0,9}",
        ]),
        prop_oneof![date, near],
        flags(),
        proptest::option::of(0u32..40),
        proptest::option::of(prop_oneof![
            Just(Schulform::Gymnasium),
            Just(Schulform::Realschule),
            Just(Schulform::Gesamtschule),
            Just(Schulform::RealschulePlus),
        ]),
        proptest::option::of(prop_oneof![
            Just(GymnasiumTrack::G8),
            Just(GymnasiumTrack::G9)
        ]),
    )
        .prop_map(
            |(birth_date, land, residence_ags, arrival_date, f, years, schulform, track)| {
                LearnerFacts {
                    id: None,
                    birth_date,
                    land,
                    residence_ags,
                    arrival_date,
                    early_entry_application: f.early,
                    deferral_application: f.deferral,
                    school_doctor: f.doctor,
                    deferred_before: f.deferred_before,
                    school_years_attended: years,
                    schulform,
                    gymnasium_track: track,
                    sek1: None,
                    ..LearnerFacts::default()
                }
            },
        )
}

fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::NotEligible => 0,
        Outcome::Discretionary | Outcome::Undetermined => 1,
        Outcome::Eligible => 2,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(debug_assertions) { 200 } else { 2000 }))]

    /// An older child is never less eligible for school entry than a younger one on the same
    /// date with the same applications, and never starts later.
    #[test]
    fn older_child_never_less_eligible(
        a in ymd_days(1990, 2030), gap in 0i32..2000, as_of in ymd_days(1995, 2040),
        land in land(), f in flags(),
    ) {
        let (older, younger) = (day(a), day(a + gap));
        let as_of = day(as_of);
        let d_old = book().evaluate(Transition::SchoolEntry, &with_flags(older, land, &f), as_of);
        let d_young = book().evaluate(Transition::SchoolEntry, &with_flags(younger, land, &f), as_of);
        if let (Ok(o), Ok(y)) = (d_old, d_young) {
            prop_assert!(rank(o.outcome) >= rank(y.outcome), "{:?} vs {:?}", o.outcome, y.outcome);
            prop_assert!(o.effective_date <= y.effective_date);
        }
    }

    /// The decision for a date depends only on the law in force on the dates it needs:
    /// an override valid elsewhere changes nothing.
    #[test]
    fn decision_depends_only_on_law_in_force(
        birth in ymd_days(1995, 2030), as_of in ymd_days(2000, 2040), land in land(),
        from in ymd_days(1970, 2045), len in 0i32..3000, month in 1u32..=12, dom in 1u32..=28,
        f in flags(),
    ) {
        let birth = day(birth);
        let as_of = day(as_of);
        let (from, until) = (day(from), day(from + len));
        let rule = match land {
            Land::NW => "nrw.einschulung.stichtag",
            _ => "rlp.einschulung.stichtag",
        };
        let json = format!(
            r#"{{"schema_version":1,"jurisdiction":"test","rules":{{"{rule}":{{"description":"t",
            "versions":[{{"from":"{from}","until":"{until}","value":{{"type":"cutoff","age":6,
            "month":{month},"day":{dom},"counting":"start_of_day"}},"citation":"test","source":"t"}}]}}}}}}"#
        );
        let changed = book().with_overrides(&json).unwrap();
        let by = birth.year();
        let needed = [
            SchoolYear::containing(as_of).start(),
            SchoolYear::starting(by + 6).unwrap().start(),
            SchoolYear::starting(by + 7).unwrap().start(),
        ];
        let covers = needed.iter().any(|&d| d >= from && d <= until);
        let facts = with_flags(birth, land, &f);
        let base = book().evaluate(Transition::SchoolEntry, &facts, as_of);
        let what_if = changed.evaluate(Transition::SchoolEntry, &facts, as_of);
        if !covers {
            prop_assert_eq!(base, what_if);
        }
    }

    /// Every decision names at least one determining rule with a citation; undetermined
    /// decisions name their missing facts; explanations are never empty. No input panics.
    #[test]
    fn every_decision_is_explained(facts in any_facts(), t in transition(),
                                   as_of in prop_oneof![full_range(), ymd_days(1990, 2045)]) {
        if let Ok(d) = book().evaluate(t, &facts, day(as_of)) {
            prop_assert!(d.determining_rules().any(|c| !c.citation.is_empty()), "{d:?}");
            prop_assert!(!d.determining_rule_ids().is_empty());
            if d.outcome == Outcome::Undetermined {
                prop_assert!(!d.missing_facts.is_empty(), "{d:?}");
            }
            prop_assert!(!d.explanation_de.is_empty() && !d.explanation_en.is_empty());
            // Decisions are serialisable and deterministic.
            let again = book().evaluate(t, &facts, day(as_of)).unwrap();
            prop_assert_eq!(serde_json::to_string(&d).unwrap(), serde_json::to_string(&again).unwrap());
        }
    }

    /// The lean batch path gives the full decision's outcome, effective date and rule for
    /// every child; the comparison-only path agrees where both answer.
    #[test]
    fn lean_batch_equals_full_decision(
        births in proptest::collection::vec(prop_oneof![
            9 => ymd_days(1990, 2035),
            1 => full_range(),
            1 => Just(NO_DATE),
        ], 1..60),
        land in land(), sy in 1995i32..2045,
    ) {
        let sy = SchoolYear::starting(sy).unwrap();
        let lean = book().school_entry_lean(land, sy, &births).unwrap();
        let mut in_year = vec![0u8; births.len()];
        let in_year_ok = book().schulpflichtig_in_batch(land, sy, &births, &mut in_year).is_ok();
        for (i, (&b, l)) in births.iter().zip(&lean).enumerate() {
            if b == NO_DATE {
                prop_assert_eq!(l.outcome, Outcome::Undetermined.code());
                continue;
            }
            let full = book().school_entry(&LearnerFacts::born(day(b), land), sy);
            match full {
                Ok(d) => {
                    prop_assert_eq!(l.outcome, d.outcome.code());
                    prop_assert_eq!(Some(l.effective_day), d.effective_date.map(Date::day_number));
                    let r = book().rule(l.rule).unwrap();
                    prop_assert!(d.determining_rules().any(|c| c.rule_id == r.rule_id && c.citation == r.citation));
                    if in_year_ok {
                        prop_assert_eq!(in_year[i], l.outcome);
                    }
                }
                Err(_) => prop_assert_eq!(l.outcome, OUTCOME_ERROR),
            }
        }
    }

    /// Parsers never panic on arbitrary input, and never echo it in errors.
    #[test]
    fn loaders_never_panic(text in ".{0,200}", secret in "[a-z]{12}") {
        let _ = serde_json::from_str::<LearnerFacts>(&text);
        let _ = bildungsnetz::rules::read_learners_jsonl(text.as_bytes());
        let _ = bildungsnetz::rules::read_learners_csv(text.as_bytes());
        let line = format!("{{\"birth_date\":\"{secret}\"}}");
        let err = bildungsnetz::rules::read_learners_jsonl(line.as_bytes()).unwrap_err();
        prop_assert!(!err.to_string().contains(&secret));
        let csv = format!("id,school_doctor\nx,{secret}\n");
        let err = bildungsnetz::rules::read_learners_csv(csv.as_bytes()).unwrap_err();
        prop_assert!(!err.to_string().contains(&secret));
    }
}
