//! Laws of the APO-S I rules on generated grade sheets: better grades never lose a
//! qualification; MSA_Q implies MSA; the best qualification is the highest earned one and the
//! Nachprüfung subjects belong to missed qualifications only; errors never echo grades.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::OnceLock;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::sek1::{
    Bildungsgang, Course, GradeSheet, HauptschuleTyp, Qualification, Sek1Qualifications, Status,
    SubjectGrade,
};
use bildungsnetz::rules::{GymnasiumTrack, RuleBook, Schulform};
use proptest::prelude::*;

fn book() -> &'static RuleBook {
    static B: OnceLock<RuleBook> = OnceLock::new();
    B.get_or_init(|| RuleBook::embedded().unwrap())
}

const GE: [(&str, bool, bool); 15] = [
    ("D", true, false),
    ("E", true, true),
    ("M", true, false),
    ("WP", false, false),
    ("LBNW", false, false),
    ("BI", false, false),
    ("CH", true, false),
    ("PH", false, false),
    ("GL", false, false),
    ("LBAL", false, false),
    ("AT", false, false),
    ("AW", false, false),
    ("RePP", false, false),
    ("SP", false, false),
    ("F", false, true),
];
const RS: [&str; 12] = [
    "D", "M", "E", "WP", "BI", "CH", "PH", "GE", "EK", "KU", "SP", "F",
];

/// A generated sheet: form, Jahrgang, grades and (for course subjects) E or G.
fn sheet() -> impl Strategy<Value = GradeSheet> {
    let form = prop_oneof![
        Just((Schulform::Gesamtschule, None, None, None)),
        Just((
            Schulform::Sekundarschule,
            Some(Bildungsgang::Integriert),
            None,
            None
        )),
        Just((
            Schulform::Sekundarschule,
            Some(Bildungsgang::TeilintegriertErweiterung),
            None,
            None
        )),
        Just((
            Schulform::Sekundarschule,
            Some(Bildungsgang::Hauptschule),
            None,
            None
        )),
        Just((
            Schulform::Sekundarschule,
            Some(Bildungsgang::Realschule),
            None,
            None
        )),
        Just((
            Schulform::Sekundarschule,
            Some(Bildungsgang::Gymnasium),
            None,
            None
        )),
        Just((Schulform::Realschule, None, None, None)),
        Just((Schulform::Hauptschule, None, Some(HauptschuleTyp::A), None)),
        Just((Schulform::Hauptschule, None, Some(HauptschuleTyp::B), None)),
        Just((Schulform::Gymnasium, None, None, Some(GymnasiumTrack::G9))),
        Just((Schulform::Gymnasium, None, None, Some(GymnasiumTrack::G8))),
    ];
    (
        form,
        prop_oneof![Just(9u8), Just(10u8)],
        proptest::collection::vec(prop_oneof![1u8..=6, 2u8..=5, 3u8..=4], 15),
        proptest::collection::vec(any::<bool>(), 15),
    )
        .prop_map(
            |((schulform, bildungsgang, typ, track), jahrgang, grades, e)| {
                let ge = schulform == Schulform::Gesamtschule
                    || (schulform == Schulform::Sekundarschule
                        && !matches!(
                            bildungsgang,
                            Some(Bildungsgang::Realschule | Bildungsgang::Gymnasium)
                        ));
                let subjects = if ge || schulform == Schulform::Hauptschule {
                    GE.iter()
                        .zip(grades.iter().zip(e))
                        .map(|(&(k, course, fl), (&g, e))| SubjectGrade {
                            kuerzel: k.to_owned(),
                            grade: g,
                            course: (course && (ge || k != "CH")).then_some(if e {
                                Course::E
                            } else {
                                Course::G
                            }),
                            foreign_language: fl,
                            language_order: None,
                        })
                        .collect()
                } else {
                    RS.iter()
                        .zip(&grades)
                        .map(|(&k, &g)| SubjectGrade {
                            kuerzel: k.to_owned(),
                            grade: g,
                            course: None,
                            foreign_language: k == "F",
                            language_order: None,
                        })
                        .collect()
                };
                GradeSheet {
                    schulform,
                    jahrgang,
                    gymnasium_track: track,
                    bildungsgang,
                    hauptschule_typ: typ,
                    prior: None,
                    subjects,
                }
            },
        )
}

fn as_of() -> impl Strategy<Value = Date> {
    prop_oneof![
        Just(Date::from_ymd(2021, 7, 1).unwrap()),
        Just(Date::from_ymd(2025, 7, 1).unwrap())
    ]
}

fn eval(s: &GradeSheet, d: Date) -> Sek1Qualifications {
    book().sek1_engine(d).unwrap().evaluate(s).unwrap()
}

fn earned(r: &Sek1Qualifications, q: Qualification) -> bool {
    r.result(q).unwrap().status == Status::Earned
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Improving any single grade by one never loses a qualification.
    #[test]
    fn better_grade_never_loses(s in sheet(), d in as_of(), i in 0usize..15) {
        let before = eval(&s, d);
        let mut t = s.clone();
        if let Some(sub) = t.subjects.get_mut(i) {
            sub.grade = sub.grade.saturating_sub(1).max(1);
        }
        let after = eval(&t, d);
        for q in Qualification::ALL {
            prop_assert!(!earned(&before, q) || earned(&after, q), "{q:?} lost: {s:?}");
        }
        prop_assert!(after.best >= before.best);
    }

    /// A pupil who earns MSA_Q also earns the MSA.
    #[test]
    fn msa_q_implies_msa(s in sheet(), d in as_of()) {
        let r = eval(&s, d);
        prop_assert!(!earned(&r, Qualification::MsaQ) || earned(&r, Qualification::Msa));
    }

    /// The qualifications are ordered: best is the highest earned (or held) one; its official
    /// statistics key follows the order; Nachprüfung subjects belong to missed qualifications
    /// only and are subjects of the sheet; the Prognose's subjects are those of a qualification
    /// above best.
    #[test]
    fn qualifications_are_ordered(s in sheet(), d in as_of()) {
        let r = eval(&s, d);
        let highest = Qualification::ALL.into_iter().filter(|&q| earned(&r, q)).max();
        prop_assert_eq!(r.best, highest);
        let ids: Vec<u32> = Qualification::ALL.iter().map(|q| q.code_on(d).id_statistik.parse().unwrap()).collect();
        prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
        for res in &r.results {
            if res.status != Status::NotEarned {
                prop_assert!(res.nachpruefung.is_empty(), "{res:?}");
            }
            for k in &res.nachpruefung {
                prop_assert!(s.subjects.iter().any(|x| &x.kuerzel == k));
            }
        }
        if !r.nachpruefung.is_empty() {
            prop_assert!(r.results.iter().any(|x| Some(x.qualification) > r.best && x.nachpruefung == r.nachpruefung));
        }
        // The lean path agrees with the explained one.
        let engine = book().sek1_engine(d).unwrap();
        let lean = engine.evaluate_lean(&bildungsnetz::rules::sek1::prepare(&s, None).unwrap());
        for (k, res) in r.results.iter().enumerate() {
            prop_assert_eq!(lean.status[k] == 1, res.status == Status::Earned);
            prop_assert_eq!(lean.nachpruefung[k].count_ones() as usize, res.nachpruefung.len());
        }
    }

    /// Invalid grades are reported by position, never by value.
    #[test]
    fn errors_name_position_not_grade(s in sheet(), i in 0usize..12, bad in prop_oneof![Just(0u8), 7u8..=255]) {
        let mut t = s.clone();
        t.subjects[i].grade = bad;
        let err = book().sek1_engine(Date::from_ymd(2025, 7, 1).unwrap()).unwrap().evaluate(&t).unwrap_err();
        let msg = err.to_string();
        prop_assert_eq!(msg, format!("grade sheet field subjects[{i}].grade: must be 1 to 6"));
    }
}
