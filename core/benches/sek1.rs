//! Throughput of the Sek-I qualification rules on one core
//! (`taskset -c 0 cargo bench -p bildungsnetz --bench sek1`).
//!
//! The inputs are 100 000 generated class-10 sheets of 10–14 subjects each (subject names in
//! mixed case, some with surrounding blanks, as exports write them). What each function times:
//!
//! * `sek1/nrw_sheet_to_lean`: per sheet, build the [`GradeSheet`] from the generated names and
//!   grades (one `String` per subject), check and pack it ([`prepare`]) and decide ESA, EESA, MSA,
//!   MSA_Q with their Nachprüfung subjects ([`Sek1Engine::evaluate_lean`]). NRW Realschule,
//!   Gesamtschule and Gymnasium (G9) in turn.
//! * `sek1/nrw_view_to_lean`: the same, the sheet built as a [`SheetView`] borrowing the names
//!   (one reused buffer of subjects, no allocation), packed by [`prepare_view`].
//! * `sek1/nrw_built_to_lean`: the same sheets built beforehand; pack and decide.
//! * `sek1/nrw_prepared_to_lean`: the same sheets packed beforehand; decide only.
//! * `sek1/rlp_sheet_to_explained`: Rheinland-Pfalz (Realschule plus, Integrierte Gesamtschule):
//!   build the [`GradeSheet`], check, pack and decide the four qualifications, explained
//!   ([`RuleBook::sek1_rlp_qualifications`]).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::sek1::{
    Course, GradeSheet, Sek1Engine, SheetView, SubjectGrade, SubjectView, prepare, prepare_view,
};
use bildungsnetz::rules::{GymnasiumTrack, RuleBook, Schulform};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const N: usize = 100_000;

/// Subject names as a school export might spell them, with whether the subject can carry an
/// E/G course at a differentiating school and whether it is a foreign language.
const NRW_SUBJECTS: [(&str, bool, bool); 16] = [
    ("D", true, false),
    ("E", true, true),
    ("M", true, false),
    ("WP", false, false),
    ("BI", false, false),
    ("CH", true, false),
    ("PH", false, false),
    ("GE", false, false),
    ("EK", false, false),
    ("PK", false, false),
    ("KR", false, false),
    ("MU", false, false),
    ("KU", false, false),
    ("SP", false, false),
    ("F", false, true),
    ("IF", false, false),
];

const RLP_SUBJECTS: [(&str, bool, bool); 14] = [
    ("D", true, false),
    ("M", true, false),
    ("E", true, true),
    ("WPF", false, false),
    ("BI", false, false),
    ("CH", true, false),
    ("PH", false, false),
    ("GE", false, false),
    ("EK", false, false),
    ("SOZ", false, false),
    ("MU", false, false),
    ("BK", false, false),
    ("SP", false, false),
    ("REL", false, false),
];

/// One generated sheet as plain data: what a caller holds before building a [`GradeSheet`].
struct Raw {
    schulform: Schulform,
    jahrgang: u8,
    track: Option<GymnasiumTrack>,
    subjects: Vec<(String, u8, Option<Course>, bool)>,
}

struct Xorshift(u64);
impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Spells a name as an export might: upper, lower or mixed case, sometimes with blanks around.
fn spelled(name: &str, r: u64) -> String {
    let cased: String = match r % 3 {
        0 => name.to_owned(),
        1 => name.to_ascii_lowercase(),
        _ => name
            .chars()
            .enumerate()
            .map(|(i, c)| if i == 0 { c } else { c.to_ascii_lowercase() })
            .collect(),
    };
    if r & 8 == 0 {
        cased
    } else {
        format!(" {cased} ")
    }
}

fn raws(subjects: &[(&str, bool, bool)], forms: &[Schulform], seed: u64) -> Vec<Raw> {
    let mut g = Xorshift(seed);
    (0..N)
        .map(|i| {
            let schulform = forms[i % forms.len()];
            let differentiated =
                matches!(schulform, Schulform::Gesamtschule | Schulform::Hauptschule);
            let count = 10 + (g.next() % 5) as usize;
            let subjects = subjects
                .iter()
                .take(count)
                .map(|&(k, course, foreign)| {
                    let r = g.next();
                    (
                        spelled(k, r >> 8),
                        [2, 3, 3, 4, 4, 5, 3, 6, 2, 1][(r % 10) as usize],
                        (course && differentiated).then_some(if r & 64 == 0 {
                            Course::E
                        } else {
                            Course::G
                        }),
                        foreign,
                    )
                })
                .collect();
            Raw {
                schulform,
                jahrgang: 10,
                track: (schulform == Schulform::Gymnasium).then_some(GymnasiumTrack::G9),
                subjects,
            }
        })
        .collect()
}

fn build(raw: &Raw) -> GradeSheet {
    GradeSheet {
        schulform: raw.schulform,
        jahrgang: raw.jahrgang,
        gymnasium_track: raw.track,
        bildungsgang: None,
        hauptschule_typ: None,
        prior: None,
        subjects: raw
            .subjects
            .iter()
            .map(|(k, grade, course, foreign)| SubjectGrade {
                kuerzel: k.clone(),
                grade: *grade,
                course: *course,
                foreign_language: *foreign,
                language_order: None,
            })
            .collect(),
    }
}

/// Packs and decides one sheet; the count of MSA earned plus its Nachprüfung subjects keeps
/// the work from being optimised away.
fn decide(engine: &Sek1Engine<'_>, sheet: &GradeSheet) -> u32 {
    let p = prepare(sheet, None).unwrap();
    let r = engine.evaluate_lean(&p);
    u32::from(r.status[2] == 1) + r.nachpruefung[2].count_ones()
}

fn bench(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 7, 1).unwrap();
    let engine = book.sek1_engine(as_of).unwrap();
    let nrw = raws(
        &NRW_SUBJECTS,
        &[
            Schulform::Realschule,
            Schulform::Gesamtschule,
            Schulform::Gymnasium,
        ],
        0x2545_F491_4F6C_DD1D,
    );
    let rlp = raws(
        &RLP_SUBJECTS,
        &[Schulform::RealschulePlus, Schulform::Gesamtschule],
        0x9E37_79B9_7F4A_7C15,
    );
    let built: Vec<GradeSheet> = nrw.iter().map(build).collect();
    let prepared: Vec<_> = built.iter().map(|s| prepare(s, None).unwrap()).collect();
    let mut g = c.benchmark_group("sek1");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("nrw_sheet_to_lean", |b| {
        b.iter(|| {
            black_box(&nrw)
                .iter()
                .map(|raw| decide(&engine, &build(raw)))
                .sum::<u32>()
        })
    });
    g.bench_function("nrw_view_to_lean", |b| {
        let mut subjects: Vec<SubjectView<'_>> = Vec::with_capacity(32);
        b.iter(|| {
            let mut earned = 0u32;
            for raw in black_box(&nrw) {
                subjects.clear();
                subjects.extend(raw.subjects.iter().map(|(k, grade, course, foreign)| {
                    SubjectView {
                        kuerzel: k,
                        grade: *grade,
                        course: *course,
                        foreign_language: *foreign,
                        language_order: None,
                    }
                }));
                let sheet = SheetView {
                    gymnasium_track: raw.track,
                    ..SheetView::new(raw.schulform, raw.jahrgang, &subjects)
                };
                let r = engine.evaluate_lean(&prepare_view(&sheet, None).unwrap());
                earned += u32::from(r.status[2] == 1) + r.nachpruefung[2].count_ones();
            }
            earned
        })
    });
    g.bench_function("nrw_built_to_lean", |b| {
        b.iter(|| {
            black_box(&built)
                .iter()
                .map(|s| decide(&engine, s))
                .sum::<u32>()
        })
    });
    g.bench_function("nrw_prepared_to_lean", |b| {
        b.iter(|| {
            black_box(&prepared)
                .iter()
                .map(|p| {
                    let r = engine.evaluate_lean(p);
                    u32::from(r.status[2] == 1) + r.nachpruefung[2].count_ones()
                })
                .sum::<u32>()
        })
    });
    g.bench_function("rlp_sheet_to_explained", |b| {
        b.iter(|| {
            black_box(&rlp)
                .iter()
                .map(|raw| {
                    let r = book
                        .sek1_rlp_qualifications(&build(raw), None, as_of)
                        .unwrap();
                    u32::from(r.results[2].status == bildungsnetz::rules::sek1::Status::Earned)
                })
                .sum::<u32>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
