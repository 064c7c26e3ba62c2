//! Throughput of the APO-S I rules: all qualifications and their Nachprüfung subjects for
//! generated grade sheets on one core (`cargo bench -p bildungsnetz --bench sek1`).
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::Schulform;
use bildungsnetz::rules::sek1::{Course, GradeSheet, PreparedSheet, SubjectGrade, prepare};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const GE: [(&str, bool); 15] = [
    ("D", true),
    ("E", true),
    ("M", true),
    ("WP", false),
    ("LBNW", false),
    ("BI", false),
    ("CH", true),
    ("PH", false),
    ("GL", false),
    ("LBAL", false),
    ("AT", false),
    ("AW", false),
    ("AH", false),
    ("RePP", false),
    ("SP", false),
];

fn sheets(n: usize) -> Vec<PreparedSheet> {
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let forms = [
                Schulform::Gesamtschule,
                Schulform::Realschule,
                Schulform::Hauptschule,
            ];
            let form = forms[i % 3];
            let subjects =
                GE.iter()
                    .map(|&(k, c)| {
                        let r = next();
                        SubjectGrade {
                            kuerzel: k.to_owned(),
                            grade: [2, 3, 3, 4, 4, 5, 3, 6][(r % 8) as usize],
                            course: (c && form != Schulform::Realschule)
                                .then_some(if r & 64 == 0 { Course::E } else { Course::G }),
                            foreign_language: k == "E",
                            language_order: None,
                        }
                    })
                    .collect();
            let sheet = GradeSheet {
                schulform: form,
                jahrgang: if i % 4 == 0 { 9 } else { 10 },
                gymnasium_track: None,
                bildungsgang: None,
                hauptschule_typ: None,
                prior: None,
                subjects,
            };
            prepare(&sheet, None).unwrap()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let engine = book
        .sek1_engine(Date::from_ymd(2025, 7, 1).unwrap())
        .unwrap();
    let data = sheets(100_000);
    let mut g = c.benchmark_group("sek1");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("lean_100k_sheets", |b| {
        b.iter(|| {
            let mut earned = 0u32;
            for s in &data {
                let r = engine.evaluate_lean(std::hint::black_box(s));
                earned += u32::from(r.status[2] == 1) + r.nachpruefung[2].count_ones();
            }
            earned
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
