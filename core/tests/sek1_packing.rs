//! The packing of a grade sheet reads each subject name once (trimmed, ASCII case folded) and
//! compares names as numbers. These properties check it against the plain reading of the law's
//! input rules on generated sheets with blanks, mixed case, Unicode whitespace, long names and
//! repeated subjects: the same packed sheet as for the names written plainly, the same error
//! naming the same subject position, the same answer through the borrowed [`SheetView`] and,
//! in Rheinland-Pfalz, the same qualifications.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::OnceLock;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::sek1::{
    Course, GradeSheet, GradeSheetError, SheetView, SubjectGrade, SubjectView, prepare,
    prepare_view,
};
use bildungsnetz::rules::{GymnasiumTrack, RuleBook, Schulform};
use proptest::prelude::*;

fn book() -> &'static RuleBook {
    static B: OnceLock<RuleBook> = OnceLock::new();
    B.get_or_init(|| RuleBook::embedded().unwrap())
}

/// Names the rules know, names they do not, and long ones (more than eight bytes).
const NAMES: [&str; 22] = [
    "D",
    "M",
    "E",
    "WP",
    "WPI",
    "LBNW",
    "LBWAW",
    "BI",
    "CH",
    "NW",
    "AT",
    "WAW",
    "F",
    "L",
    "GE",
    "SP",
    "WPF",
    "NAWI",
    "MU",
    "Geschichte",
    "Sozialwissenschaften",
    "Ä",
];
/// What may surround a name: nothing, ASCII blanks (vertical tab included) or Unicode spaces.
const PADS: [&str; 6] = ["", " ", "\t", "\u{b}", "\u{a0}", "\u{3000} "];

fn spelled() -> impl Strategy<Value = String> {
    (
        0..NAMES.len(),
        0..PADS.len(),
        0..PADS.len(),
        any::<u16>(),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(n, l, r, case, empty)| {
            if empty {
                return PADS[l].to_owned();
            }
            let name: String = NAMES[n]
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if case & (1 << (i % 16)) == 0 {
                        c.to_ascii_lowercase()
                    } else {
                        c
                    }
                })
                .collect();
            format!("{}{name}{}", PADS[l], PADS[r])
        })
}

fn subject() -> impl Strategy<Value = SubjectGrade> {
    (
        spelled(),
        prop_oneof![20 => 1u8..=6, 1 => Just(0u8), 1 => Just(7u8)],
        prop::option::weighted(0.3, prop_oneof![Just(Course::E), Just(Course::G)]),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.1, 1u8..=3),
    )
        .prop_map(
            |(kuerzel, grade, course, foreign_language, language_order)| SubjectGrade {
                kuerzel,
                grade,
                course,
                foreign_language,
                language_order,
            },
        )
}

fn sheet(forms: &'static [Schulform]) -> impl Strategy<Value = GradeSheet> {
    (
        prop::sample::select(forms),
        9u8..=10,
        prop::collection::vec(subject(), 0..16),
    )
        .prop_map(|(schulform, jahrgang, subjects)| GradeSheet {
            schulform,
            jahrgang,
            gymnasium_track: (schulform == Schulform::Gymnasium).then_some(GymnasiumTrack::G9),
            bildungsgang: None,
            hauptschule_typ: None,
            prior: None,
            subjects,
        })
}

/// The same sheet with every name written plainly: trimmed and upper-cased.
fn plain(sheet: &GradeSheet) -> GradeSheet {
    let mut out = sheet.clone();
    for s in &mut out.subjects {
        s.kuerzel = s.kuerzel.trim().to_ascii_uppercase();
    }
    out
}

/// The position of the first subject whose name is empty or repeats an earlier one, read
/// plainly (`str::trim`, `str::eq_ignore_ascii_case`), with what is wrong with it.
fn first_bad_name(sheet: &GradeSheet) -> Option<(usize, &'static str)> {
    sheet.subjects.iter().enumerate().find_map(|(i, s)| {
        let k = s.kuerzel.trim();
        if k.is_empty() {
            Some((i, "is empty"))
        } else if sheet.subjects[..i]
            .iter()
            .any(|o| o.kuerzel.trim().eq_ignore_ascii_case(k))
        {
            Some((i, "appears twice"))
        } else {
            None
        }
    })
}

fn views(sheet: &GradeSheet) -> Vec<SubjectView<'_>> {
    sheet
        .subjects
        .iter()
        .map(|s| SubjectView {
            kuerzel: &s.kuerzel,
            grade: s.grade,
            course: s.course,
            foreign_language: s.foreign_language,
            language_order: s.language_order,
        })
        .collect()
}

const NRW: [Schulform; 4] = [
    Schulform::Realschule,
    Schulform::Gesamtschule,
    Schulform::Gymnasium,
    Schulform::Hauptschule,
];
const RLP: [Schulform; 2] = [Schulform::RealschulePlus, Schulform::Gesamtschule];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn packing_reads_names_as_written_plainly(s in sheet(&NRW)) {
        let packed = prepare(&s, None);
        prop_assert_eq!(&packed, &prepare(&plain(&s), None));
        let subjects = views(&s);
        let view = SheetView {
            gymnasium_track: s.gymnasium_track,
            ..SheetView::new(s.schulform, s.jahrgang, &subjects)
        };
        prop_assert_eq!(&packed, &prepare_view(&view, None));
        // A name error is reported for the first subject a plain reading finds at fault, unless
        // an earlier subject (or a language place) is at fault for another reason.
        if let Err(GradeSheetError::Invalid { field, problem }) = &packed {
            if field.ends_with(".kuerzel") {
                let (i, why) = first_bad_name(&s).expect("a name is at fault");
                prop_assert_eq!(field, &format!("subjects[{i}].kuerzel"));
                prop_assert_eq!(*problem, why);
            }
        } else if packed.is_ok() {
            prop_assert_eq!(first_bad_name(&s), None);
        }
    }

    #[test]
    fn rlp_reads_names_as_written_plainly(s in sheet(&RLP)) {
        let as_of = Date::from_ymd(2025, 7, 1).unwrap();
        let r = book().sek1_rlp_qualifications(&s, None, as_of);
        let p = book().sek1_rlp_qualifications(&plain(&s), None, as_of);
        match (&r, &p) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&a.results, &b.results);
                prop_assert_eq!(a.best, b.best);
                prop_assert_eq!(first_bad_name(&s), None);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            _ => prop_assert!(false, "{r:?} vs {p:?}"),
        }
    }
}
