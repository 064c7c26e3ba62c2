//! Property tests for the eligibility engine: the laws the rules must obey whatever the input.
//!
//! Run more cases with `cargo test --release` (2000 per property; 200 in debug builds).
#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions; a failed unwrap is a test failure"
)]

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::rules::{
    DeferralGround, GymnasiumTrack, Jahrgang, Land, LeanDecision, LearnerFacts, NO_DATE, NO_RULE,
    OUTCOME_ERROR, Outcome, RuleBook, SchoolDoctorOpinion, Schulform, Transition,
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

/// A lean answer agrees with the full decision for a child born on day `b` (no applications):
/// outcome, the 1 August the Schulpflicht begins, and a determining rule version. Returns
/// whether the full path answered.
fn same_as_full_decision(
    land: Land,
    sy: SchoolYear,
    b: i32,
    l: LeanDecision,
) -> Result<bool, TestCaseError> {
    if b == NO_DATE {
        // Undetermined where the full decision answers for a child without a birth date; no
        // answer where it fails (a school year before the encoded cut-off).
        let unknown = LearnerFacts {
            land: Some(land),
            ..LearnerFacts::default()
        };
        let expected = match book().school_entry(&unknown, sy) {
            Ok(d) => d.outcome.code(),
            Err(_) => OUTCOME_ERROR,
        };
        prop_assert_eq!(
            l,
            LeanDecision {
                outcome: expected,
                effective_day: NO_DATE,
                rule: NO_RULE
            }
        );
        return Ok(false);
    }
    match book().school_entry(&LearnerFacts::born(day(b), land), sy) {
        Ok(d) => {
            prop_assert_eq!(l.outcome, d.outcome.code());
            // The lean column is the 1 August the Schulpflicht begins: the decision's
            // effective_date when schulpflichtig, its eligible_from when not yet.
            prop_assert_eq!(
                Some(l.effective_day),
                d.effective_date.or(d.eligible_from).map(Date::day_number)
            );
            let r = book().rule(l.rule).unwrap();
            prop_assert!(
                d.determining_rules()
                    .any(|c| c.rule_id == r.rule_id && c.citation == r.citation)
            );
            prop_assert!(book().school_entry_rules(land).unwrap().contains(&l.rule));
            Ok(true)
        }
        Err(_) => {
            prop_assert_eq!(
                l,
                LeanDecision {
                    outcome: OUTCOME_ERROR,
                    effective_day: NO_DATE,
                    rule: NO_RULE
                }
            );
            Ok(false)
        }
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
            // The start of the Schulpflicht: effective_date when schulpflichtig, eligible_from
            // when not yet.
            let start = |d: &bildungsnetz::rules::Decision| d.effective_date.or(d.eligible_from);
            prop_assert!(start(&o) <= start(&y));
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
    /// every child; the in-year path gives the same outcome, error rows included.
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
        book().schulpflichtig_in_batch(land, sy, &births, &mut in_year).unwrap();
        for (i, (&b, l)) in births.iter().zip(&lean).enumerate() {
            same_as_full_decision(land, sy, b, *l)?;
            prop_assert_eq!(in_year[i], l.outcome);
        }
    }

    /// The in-year memo answers every day as the full decision does, without the effective
    /// day: births before, inside and after the encoded law, school years whose 1 August lies
    /// before the law (no whole-column failure), a column dense in birth days (a byte per day)
    /// or sparse (runs), days outside the column's span, and no date.
    #[test]
    fn in_year_memo_equals_full_decision(
        first in ymd_days(1945, 2035), width in 1i32..400,
        sparse in proptest::collection::vec(prop_oneof![
            3 => ymd_days(1945, 2035),
            1 => full_range(),
            1 => Just(NO_DATE),
        ], 0..40),
        probes in proptest::collection::vec(prop_oneof![
            3 => ymd_days(1945, 2040),
            1 => full_range(),
            1 => Just(NO_DATE),
        ], 1..20),
        dense in any::<bool>(),
        land in land(), sy in prop_oneof![1940i32..2050, 1800i32..2200],
    ) {
        let sy = SchoolYear::starting(sy).unwrap();
        let mut births: Vec<i32> = if dense { (first..first + width).collect() } else { Vec::new() };
        births.extend(&sparse);
        let memo = book().schulpflichtig_in_memo(land, sy, &births).unwrap();
        let full = book().school_entry_memo(land, sy, &births).unwrap();
        for &b in births.iter().step_by(5).chain(&probes) {
            let answer = memo.decide(b);
            let expected = full.decide(b);
            same_as_full_decision(land, sy, b, expected)?;
            prop_assert_eq!(
                answer,
                LeanDecision { effective_day: NO_DATE, ..expected },
                "born on day {} ({:?}), school year {}", b, Date::from_day_number(b).ok(), sy
            );
        }
    }

    /// The memoised lean path answers every day as the full decision does: the days of its
    /// table (a batch dense in birth days, with unknown birth dates among them), days outside
    /// the table, and no date.
    #[test]
    fn entry_memo_equals_full_decision(
        first in ymd_days(1990, 2030), width in 1i32..500, unknown in 0usize..5,
        probes in proptest::collection::vec(prop_oneof![
            3 => ymd_days(1985, 2040),
            1 => full_range(),
            1 => Just(NO_DATE),
        ], 1..20),
        land in land(), sy in 1995i32..2045,
    ) {
        let sy = SchoolYear::starting(sy).unwrap();
        // Every day of the window once: the table spans no more days than the batch has rows.
        let mut births: Vec<i32> = (first..first + width).collect();
        births.extend(std::iter::repeat_n(NO_DATE, unknown));
        let memo = book().school_entry_memo(land, sy, &births).unwrap();
        for &b in births.iter().step_by(7).chain(&probes) {
            same_as_full_decision(land, sy, b, memo.decide(b))?;
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

/// Facts for the Kita, Ganztag and school-entry application questions.
fn entry_facts() -> impl Strategy<Value = LearnerFacts> {
    let day = |a, b| proptest::option::of(ymd_days(a, b).prop_map(day));
    (
        day(1988, 2032),
        proptest::option::of(land()),
        day(1994, 2036),
        proptest::option::of(2020u16..2034),
        proptest::option::of(1u8..7),
        (
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<bool>()),
        ),
        flags(),
        (
            proptest::option::of(prop_oneof![
                Just(DeferralGround::Health),
                Just(DeferralGround::Disability),
                Just(DeferralGround::Development),
                Just(DeferralGround::Other),
            ]),
            proptest::option::of(any::<bool>()),
            proptest::option::of(0u32..6),
        ),
    )
        .prop_map(
            |(birth, land, entry, class1, class, (nr1, nr2), f, (ground, reports, years))| {
                LearnerFacts {
                    school_entry_date: entry,
                    in_class1_school_year: class1,
                    jahrgang: class.map(Jahrgang::Klasse),
                    development_requires_support: nr1,
                    parents_working_training_or_seeking_work: nr2,
                    deferral_ground: ground,
                    specialist_reports_submitted: reports,
                    school_years_attended: years,
                    early_entry_application: f.early,
                    deferral_application: f.deferral,
                    school_doctor: f.doctor,
                    deferred_before: f.deferred_before,
                    birth_date: birth,
                    land,
                    ..LearnerFacts::default()
                }
            },
        )
}

const ENTRY_TRANSITIONS: [Transition; 5] = [
    Transition::KitaClaim,
    Transition::GanztagClaim,
    Transition::SchoolEntry,
    Transition::SchoolEntryDeferral,
    Transition::SchoolEntryEarly,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(debug_assertions) { 200 } else { 2000 }))]

    /// One meaning for every decision: an effective date exactly when eligible or
    /// discretionary, an eligible_from only when not eligible.
    #[test]
    fn dates_have_one_meaning(facts in entry_facts(), t in 0usize..5, as_of in ymd_days(1990, 2035)) {
        let t = ENTRY_TRANSITIONS[t];
        if let Ok(d) = book().evaluate(t, &facts, day(as_of)) {
            let granted = matches!(d.outcome, Outcome::Eligible | Outcome::Discretionary);
            prop_assert_eq!(d.effective_date.is_some(), granted, "{:?}", d);
            if d.eligible_from.is_some() {
                prop_assert_eq!(d.outcome, Outcome::NotEligible, "{:?}", d);
                prop_assert!(d.eligible_from > Some(d.as_of) || t != Transition::KitaClaim, "{:?}", d);
            }
            prop_assert!(d.determining_rules().any(|c| !c.citation.is_empty()));
            if d.outcome == Outcome::Undetermined {
                prop_assert!(!d.missing_facts.is_empty());
            }
        }
    }

    /// The Kita claim (§ 24 Abs. 3 SGB VIII) never ends before the child enters school, and
    /// never outlasts school entry.
    #[test]
    fn kita_claim_lasts_until_school_entry(
        birth in ymd_days(1993, 2030), gap in 0i32..1400, before in 1i32..900, after in 0i32..900,
    ) {
        let birth = day(birth);
        let three = birth.anniversary(3).unwrap();
        let entry = Date::from_day_number(three.day_number() + gap).unwrap();
        let facts = LearnerFacts {
            birth_date: Some(birth),
            school_entry_date: Some(entry),
            ..LearnerFacts::default()
        };
        let claim_start = if three < Date::from_ymd(1996, 1, 1).unwrap() {
            Date::from_ymd(1996, 1, 1).unwrap()
        } else {
            three
        };
        let inside = entry.day_number() - before;
        if inside >= claim_start.day_number() {
            let d = book().evaluate(Transition::KitaClaim, &facts, day(inside)).unwrap();
            prop_assert_eq!(d.outcome, Outcome::Eligible, "{:?}", d);
            prop_assert_eq!(d.effective_date, Some(claim_start));
        }
        let d = book().evaluate(Transition::KitaClaim, &facts, day(entry.day_number() + after)).unwrap();
        prop_assert_eq!(d.outcome, Outcome::NotEligible, "{:?}", d);
    }

    /// A child with no Ganztag claim on a day of 2026/27 has none on any earlier day; an
    /// eligible child's claim began on or before the day asked, not before 01.08.2026.
    #[test]
    fn ganztag_no_claim_in_2026_27_means_none_earlier(
        entry in ymd_days(2022, 2028), repeat in 0u16..3, later in ymd_days(2026, 2028),
        back in 1i32..2500,
    ) {
        let entry = day(entry);
        let sy = bildungsnetz::calendar::SchoolYear::containing(entry).start_year();
        let facts = LearnerFacts {
            school_entry_date: Some(entry),
            in_class1_school_year: Some(u16::try_from(sy).unwrap() + repeat),
            ..LearnerFacts::default()
        };
        let d2 = day(later);
        let first = Date::from_ymd(2026, 8, 1).unwrap();
        if d2 >= first && d2 <= Date::from_ymd(2027, 7, 31).unwrap() {
            let late = book().evaluate(Transition::GanztagClaim, &facts, d2).unwrap();
            let early = book().evaluate(Transition::GanztagClaim, &facts, day(later - back)).unwrap();
            if late.outcome == Outcome::NotEligible {
                prop_assert_ne!(early.outcome, Outcome::Eligible, "{:?} vs {:?}", early, late);
            }
            for d in [&late, &early] {
                if d.outcome == Outcome::Eligible {
                    let since = d.effective_date.unwrap();
                    prop_assert!(since <= d.as_of && since >= first, "{:?}", d);
                }
            }
        }
    }

    /// Early entry and deferral exclude each other: a child that could be admitted early is not
    /// schulpflichtig, one that could be deferred is.
    #[test]
    fn early_entry_and_deferral_exclude_each_other(facts in entry_facts(), as_of in ymd_days(2004, 2035)) {
        let early = book().evaluate(Transition::SchoolEntryEarly, &facts, day(as_of));
        let defer = book().evaluate(Transition::SchoolEntryDeferral, &facts, day(as_of));
        if let (Ok(e), Ok(z)) = (early, defer) {
            prop_assert!(
                !(e.outcome == Outcome::Discretionary && z.outcome == Outcome::Discretionary),
                "{:?} / {:?}", e, z
            );
            if z.outcome == Outcome::Discretionary {
                let y = z.school_year.unwrap();
                prop_assert_eq!(z.effective_date, Some(y.next().start()));
            }
            if e.outcome == Outcome::Discretionary {
                prop_assert_eq!(e.effective_date, Some(e.school_year.unwrap().start()));
            }
        }
    }
}
