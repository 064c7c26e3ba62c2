//! Laws of the APO-GOSt rules on generated EF sheets and Q-phase courses: more points never
//! lose the Versetzung into Q1 or the schulischer Teil der Fachhochschulreife; an earned
//! Versetzung starts on the 1 August after the EF, the FHR part has no date; Nachprüfung subjects
//! are named only when the Versetzung is missed; errors never echo points.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::OnceLock;

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::rules::{
    CourseType, EfSheet, EfSubject, GostFacts, HalfYear, Land, LearnerFacts, Outcome, Points,
    QCourse, RuleBook, Schulform, Transition,
};
use proptest::prelude::*;

fn book() -> &'static RuleBook {
    static B: OnceLock<RuleBook> = OnceLock::new();
    B.get_or_init(|| RuleBook::embedded().unwrap())
}

const EF: [&str; 11] = ["D", "M", "E", "F", "GE", "SW", "BI", "PH", "KU", "SP", "ER"];
const LK: [&str; 2] = ["M", "E"];
const GK: [&str; 9] = ["D", "F", "GE", "SW", "BI", "CH", "KU", "SP", "ER"];

fn points() -> impl Strategy<Value = u8> {
    // Weighted towards the thresholds (0, 1–3, 4–6, 7).
    prop_oneof![0u8..=15, 0u8..=8, 3u8..=7]
}

fn as_of() -> impl Strategy<Value = Date> {
    prop_oneof![
        Just(Date::from_ymd(2008, 6, 20).unwrap()),
        Just(Date::from_ymd(2011, 6, 20).unwrap()),
        Just(Date::from_ymd(2019, 6, 20).unwrap()),
        Just(Date::from_ymd(2021, 6, 20).unwrap()),
        Just(Date::from_ymd(2025, 6, 20).unwrap()),
    ]
}

fn ef_facts(pts: &[u8], repeated: Option<bool>) -> LearnerFacts {
    LearnerFacts {
        land: Some(Land::NW),
        schulform: Some(Schulform::Gymnasium),
        gost: Some(Box::new(GostFacts {
            ef_sheet: Some(EfSheet {
                subjects: EF
                    .iter()
                    .zip(pts)
                    .map(|(k, &p)| EfSubject {
                        kuerzel: (*k).to_owned(),
                        points: Points::new(p).unwrap(),
                        group: None,
                        new_language: false,
                        language_order: None,
                    })
                    .collect(),
                repeated,
            }),
            ..GostFacts::default()
        })),
        ..LearnerFacts::default()
    }
}

/// Courses of three half-years: LK M and E, nine GK subjects; `lk` and `gk` give the points in
/// order (half-year by half-year).
fn q_facts(lk: &[u8], gk: &[u8]) -> LearnerFacts {
    let mut courses = Vec::new();
    for (h, half) in [HalfYear::Q11, HalfYear::Q12, HalfYear::Q21]
        .into_iter()
        .enumerate()
    {
        for (i, k) in LK.iter().enumerate() {
            courses.push(QCourse {
                kuerzel: (*k).to_owned(),
                course_type: CourseType::LK,
                half_year: half,
                points: Points::new(lk[h * LK.len() + i]).unwrap(),
                group: None,
            });
        }
        for (i, k) in GK.iter().enumerate() {
            courses.push(QCourse {
                kuerzel: (*k).to_owned(),
                course_type: CourseType::GK,
                half_year: half,
                points: Points::new(gk[h * GK.len() + i]).unwrap(),
                group: None,
            });
        }
    }
    LearnerFacts {
        land: Some(Land::NW),
        schulform: Some(Schulform::Gymnasium),
        gost: Some(Box::new(GostFacts {
            courses,
            ..GostFacts::default()
        })),
        ..LearnerFacts::default()
    }
}

fn rank(o: Outcome) -> u8 {
    match o {
        Outcome::Eligible => 2,
        Outcome::Undetermined => 1,
        _ => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(debug_assertions) { 300 } else { 3000 }))]

    /// Raising one subject's EF points never turns a Versetzung into none; an earned Versetzung
    /// begins on the 1 August after the EF, a missed one may name Nachprüfung subjects, an
    /// earned one never does.
    #[test]
    fn more_ef_points_never_lose_the_versetzung(
        pts in proptest::collection::vec(points(), EF.len()),
        which in 0usize..EF.len(), up in 1u8..=15,
        repeated in proptest::option::of(any::<bool>()), day in as_of(),
    ) {
        let t = Transition::OberstufeVersetzungQ1;
        let base = book().evaluate(t, &ef_facts(&pts, repeated), day).unwrap();
        let mut better = pts.clone();
        better[which] = (better[which] + up).min(15);
        let raised = book().evaluate(t, &ef_facts(&better, repeated), day).unwrap();
        prop_assert!(rank(raised.outcome) >= rank(base.outcome), "{:?} -> {:?}", base, raised);
        for d in [&base, &raised] {
            match d.outcome {
                Outcome::Eligible => {
                    prop_assert_eq!(d.effective_date, Some(SchoolYear::containing(day).next().start()));
                    prop_assert!(!d.details.contains_key("nachpruefung"));
                }
                Outcome::NotEligible => prop_assert_eq!(d.effective_date, None),
                _ => {}
            }
        }
    }

    /// Raising one course's points never turns the schulischer Teil der Fachhochschulreife into
    /// not earned; it never carries an effective date.
    #[test]
    fn more_q_points_never_lose_the_fhr(
        lk in proptest::collection::vec(points(), 3 * LK.len()),
        gk in proptest::collection::vec(points(), 3 * GK.len()),
        which in 0usize..(3 * (LK.len() + GK.len())), up in 1u8..=15,
    ) {
        let t = Transition::FhrSchulischerTeil;
        let day = Date::from_ymd(2027, 2, 10).unwrap();
        let base = book().evaluate(t, &q_facts(&lk, &gk), day).unwrap();
        let (mut lk2, mut gk2) = (lk.clone(), gk.clone());
        if which < lk2.len() {
            lk2[which] = (lk2[which] + up).min(15);
        } else {
            let i = which - lk2.len();
            gk2[i] = (gk2[i] + up).min(15);
        }
        let raised = book().evaluate(t, &q_facts(&lk2, &gk2), day).unwrap();
        prop_assert!(rank(raised.outcome) >= rank(base.outcome), "{:?} -> {:?}", base, raised);
        prop_assert_eq!(base.effective_date, None);
        prop_assert_eq!(raised.effective_date, None);
    }
}

#[test]
fn points_out_of_range_are_refused_without_the_value() {
    let json = r#"{"land":"NW","gost":{"ef_sheet":{"subjects":[{"kuerzel":"D","points":37}]}}}"#;
    let err = LearnerFacts::from_json(json).unwrap_err().to_string();
    assert_eq!(err, "record at line 1, field gost: invalid value");
    assert!(!err.contains("37"));
    let unknown = r#"{"gost":{"courses":[],"leaves":true}}"#;
    assert!(LearnerFacts::from_json(unknown).is_err());
    // A course given twice in a half-year is named by its position, not its points.
    let twice = r#"{"land":"NW","gost":{"courses":[
      {"kuerzel":"D","course_type":"GK","half_year":"Q1.1","points":13},
      {"kuerzel":"d","course_type":"GK","half_year":"Q1.1","points":14}]}}"#;
    let facts = LearnerFacts::from_json(&twice.replace('\n', "")).unwrap();
    let err = book()
        .evaluate(
            Transition::FhrSchulischerTeil,
            &facts,
            Date::from_ymd(2026, 7, 1).unwrap(),
        )
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "record at line 0, field gost.courses[1]: invalid value"
    );
}
