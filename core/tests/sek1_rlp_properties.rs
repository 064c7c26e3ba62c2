//! Laws of the Rheinland-Pfalz Sek-I rules (Übergreifende Schulordnung) on generated grade
//! sheets of the Realschule plus and the Integrierte Gesamtschule: a better grade never loses a
//! qualification; the Berechtigung (MSA_Q) implies the qualifizierter Sekundarabschluss I (MSA),
//! which implies the Berufsreife (ESA); `best` is the highest earned; the EESA is never awarded;
//! errors never echo grades.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::OnceLock;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::sek1::GradeSheet;
use bildungsnetz::rules::sek1::rlp::RlpQualifications;
use bildungsnetz::rules::sek1::{Qualification, Status};
use proptest::prelude::*;
use serde_json::json;

fn book() -> &'static RuleBook {
    static B: OnceLock<RuleBook> = OnceLock::new();
    B.get_or_init(|| RuleBook::embedded().unwrap())
}

/// Subjects: Kürzel and whether it can carry a course (integrative forms).
const SUBJECTS: [(&str, bool); 14] = [
    ("D", true),
    ("M", true),
    ("E", true),
    ("WPF", false),
    ("BI", true),
    ("CH", true),
    ("PH", false),
    ("GE", false),
    ("EK", false),
    ("SK", false),
    ("MU", false),
    ("BK", false),
    ("SP", false),
    ("NW", false),
];

/// The forms: (Schulform, bildungsgang, courses).
const FORMS: [(&str, Option<&str>, bool); 5] = [
    ("realschule_plus", Some("hauptschule"), false),
    ("realschule_plus", Some("realschule"), false),
    ("realschule_plus", None, false),
    ("realschule_plus", Some("integriert"), true),
    ("gesamtschule", None, true),
];

fn sheet() -> impl Strategy<Value = GradeSheet> {
    (
        0usize..FORMS.len(),
        prop_oneof![Just(6u8), Just(9u8), Just(10u8)],
        proptest::collection::vec(prop_oneof![1u8..=6, 2u8..=5, 3u8..=4, 3u8..=5], 14),
        proptest::collection::vec(0usize..4, 14),
    )
        .prop_map(|(form, jahrgang, grades, level)| {
            let (schulform, bildungsgang, courses) = FORMS[form];
            // E1 and E2 exist only at the IGS.
            let levels: &[&str] = if schulform == "gesamtschule" {
                &["E", "G", "E1", "E2"]
            } else {
                &["E", "G"]
            };
            let subjects: Vec<serde_json::Value> = SUBJECTS
                .iter()
                .zip(grades.iter().zip(level))
                .map(|(&(k, course), (&g, l))| {
                    if courses && course {
                        json!({"kuerzel": k, "grade": g, "course": levels[l % levels.len()]})
                    } else {
                        json!({"kuerzel": k, "grade": g})
                    }
                })
                .collect();
            let mut v = json!({"schulform": schulform, "jahrgang": jahrgang, "subjects": subjects});
            if let Some(b) = bildungsgang {
                v["bildungsgang"] = json!(b);
            }
            serde_json::from_value(v).unwrap()
        })
}

fn as_of() -> impl Strategy<Value = Date> {
    prop_oneof![
        Just(Date::from_ymd(2012, 7, 1).unwrap()),
        Just(Date::from_ymd(2025, 7, 1).unwrap())
    ]
}

fn eval(s: &GradeSheet, d: Date) -> RlpQualifications {
    book().sek1_rlp_qualifications(s, None, d).unwrap()
}

fn status(r: &RlpQualifications, q: Qualification) -> Status {
    r.result(q).unwrap().status
}

fn earned(r: &RlpQualifications, q: Qualification) -> bool {
    status(r, q) == Status::Earned
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Improving any single grade by one never loses a qualification, and never turns an
    /// earned or undetermined result into not earned.
    #[test]
    fn better_grade_never_loses(s in sheet(), d in as_of(), i in 0usize..14) {
        let before = eval(&s, d);
        let mut t = s.clone();
        if let Some(sub) = t.subjects.get_mut(i) {
            sub.grade = sub.grade.saturating_sub(1).max(1);
        }
        let after = eval(&t, d);
        for q in Qualification::ALL {
            prop_assert!(!earned(&before, q) || earned(&after, q), "{q:?} lost: {s:?}");
            prop_assert!(
                status(&before, q) != Status::Undetermined || status(&after, q) != Status::NotEarned,
                "{q:?} undetermined became not earned: {s:?}"
            );
        }
        prop_assert!(after.best >= before.best);
    }

    /// A course on the E2 level instead of E1 never loses a qualification; a course whose
    /// level is not given (E) is earned only where both levels earn it.
    #[test]
    fn higher_level_never_loses(s in sheet(), d in as_of(), i in 0usize..14) {
        use bildungsnetz::rules::sek1::Course;
        // The IGS sheets' subjects with a course; the i-th of them is moved between levels.
        if s.schulform != bildungsnetz::rules::Schulform::Gesamtschule {
            return Ok(());
        }
        let coursed: Vec<usize> = (0..s.subjects.len())
            .filter(|&j| s.subjects[j].course.is_some())
            .collect();
        let Some(&i) = coursed.get(i % coursed.len().max(1)) else {
            return Ok(());
        };
        let at = |c: Course| {
            let mut t = s.clone();
            if let Some(sub) = t.subjects.get_mut(i) {
                sub.course = Some(c);
            }
            eval(&t, d)
        };
        let (e1, e2, open) = (at(Course::E1), at(Course::E2), at(Course::E));
        for q in Qualification::ALL {
            prop_assert!(!earned(&e1, q) || earned(&e2, q), "{q:?} lost on E2: {s:?}");
            prop_assert!(!earned(&open, q) || (earned(&e1, q) && earned(&e2, q)), "{q:?}: {s:?}");
        }
    }

    /// The Berechtigung implies the qualifizierter Sekundarabschluss I, which implies the
    /// Berufsreife; `best` is the highest earned; the EESA does not exist in Rheinland-Pfalz.
    #[test]
    fn qualifications_are_ordered(s in sheet(), d in as_of()) {
        let r = eval(&s, d);
        prop_assert!(!earned(&r, Qualification::MsaQ) || earned(&r, Qualification::Msa));
        prop_assert!(!earned(&r, Qualification::Msa) || earned(&r, Qualification::Esa));
        prop_assert_eq!(status(&r, Qualification::Eesa), Status::NotApplicable);
        let highest = Qualification::ALL.into_iter().filter(|&q| earned(&r, q)).max();
        prop_assert_eq!(r.best, highest);
        if s.jahrgang == 6 {
            prop_assert!(r.best.is_none());
        }
        for res in &r.results {
            prop_assert_eq!(res.status == Status::NotApplicable, res.rule_id.is_empty());
        }
    }

    /// Invalid grades are reported by position, never by value.
    #[test]
    fn errors_name_position_not_grade(s in sheet(), i in 0usize..14, bad in prop_oneof![Just(0u8), 7u8..=255]) {
        let mut t = s.clone();
        t.subjects[i].grade = bad;
        let err = book()
            .sek1_rlp_qualifications(&t, None, Date::from_ymd(2025, 7, 1).unwrap())
            .unwrap_err();
        prop_assert_eq!(
            err.to_string(),
            format!("record at line 0, field sek1.grade_sheet.subjects[{i}].grade: invalid value")
        );
    }
}

/// E1 and E2 are levels of the IGS: on a Realschule plus sheet they are refused, naming the
/// field.
#[test]
fn e2_outside_the_igs_is_refused() {
    let s: GradeSheet = serde_json::from_value(json!({
        "schulform": "realschule_plus", "bildungsgang": "integriert", "jahrgang": 10,
        "subjects": [{"kuerzel": "D", "grade": 2, "course": "E2"}, {"kuerzel": "M", "grade": 2}]
    }))
    .unwrap();
    let e = book()
        .sek1_rlp_qualifications(&s, None, Date::from_ymd(2025, 7, 1).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("subjects[0].course"), "{e}");
}

/// The end of the Orientierungsstufe at the Realschule plus follows the same Versetzung rule,
/// with Naturwissenschaften as a further compensating subject in class 6.
#[test]
fn class6_naturwissenschaften_compensates() {
    use bildungsnetz::rules::{Land, LearnerFacts, Outcome, Transition};
    let facts: LearnerFacts = serde_json::from_value(json!({
        "land": "RP",
        "schulform": "realschule_plus",
        "sek1": {"target_schulform": "realschule_plus", "grade_sheet": {
            "schulform": "realschule_plus", "jahrgang": 6,
            "subjects": [{"kuerzel": "D", "grade": 5}, {"kuerzel": "M", "grade": 5},
                         {"kuerzel": "NW", "grade": 2}, {"kuerzel": "E", "grade": 4}]}}
    }))
    .unwrap();
    let d = book()
        .evaluate(
            Transition::Sek1Entry,
            &facts,
            Date::from_ymd(2025, 7, 1).unwrap(),
        )
        .unwrap();
    assert_eq!(d.outcome, Outcome::Eligible);
    assert_eq!(d.land, Some(Land::RP));
}

/// Rheinland-Pfalz routes: adding a qualification never shrinks the goals an adult can reach
/// (the BVJ, the one Bildungsgang that needs the absence of a qualification, awards only the
/// Berufsreife).
#[test]
fn rlp_reachable_set_never_shrinks() {
    use bildungsnetz::rules::{Abschluss, Land, LearnerFacts, RouteOptions};
    let opts = RouteOptions {
        max_steps: 3,
        max_routes: 2,
        allow_discretionary: true,
    };
    let as_of = Date::from_ymd(2025, 6, 1).unwrap();
    for base in [
        vec![Abschluss::OA],
        vec![Abschluss::HA9],
        vec![Abschluss::MSA],
    ] {
        for training in [None, Some(true)] {
            let f = LearnerFacts {
                qualifications: base.clone(),
                school_years_attended: Some(10),
                vocational_training_completed: training,
                vocational_training_years: training.map(|_| 3),
                ..LearnerFacts::born(Date::from_ymd(2000, 1, 1).unwrap(), Land::RP)
            };
            let goals = book().reachable_goals(&f, as_of, &opts).unwrap();
            for extra in Abschluss::ALL {
                let mut more = f.clone();
                more.qualifications.push(extra);
                let grown = book().reachable_goals(&more, as_of, &opts).unwrap();
                assert!(
                    goals.is_subset(&grown),
                    "{base:?} + {extra:?}: lost {:?}",
                    goals.difference(&grown).collect::<Vec<_>>()
                );
            }
        }
    }
}
