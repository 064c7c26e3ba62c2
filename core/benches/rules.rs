//! Benchmarks of the eligibility engine over a million generated children:
//! `cargo bench -p bildungsnetz --bench rules -- --warm-up-time 1 --measurement-time 3`
//!
//! * `lean/in_year`: "schulpflichtig in school year 2025/26?" (a byte lookup per child)
//! * `lean/first_august`: outcome, the 1 August the Schulpflicht begins and the rule index
//! * `full/school_entry`: explained decisions (both answers with their trace), no applications
//! * `full/with_applications`: explained decisions with early/deferral applications mixed in
//! * `load/jsonl`, `load/csv`: reading a million learner records
//! * `rows/<transition>`: [`RuleBook::evaluate_rows`] (what the batch paths decide with) for
//!   every transition over 100 000 mixed learners (NW, RP and no Land; missing birth dates and facts)

#![allow(missing_docs, clippy::unwrap_used, reason = "benchmark harness")]

use std::hint::black_box;

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::rules::{
    Abschluss, Land, LeanColumns, LearnerFacts, RuleBook, SchoolDoctorOpinion, Schulform,
    Transition, read_learners_csv, read_learners_jsonl,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const N: usize = 1_000_000;

/// A small deterministic generator (no dependency needed for benchmark data).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn births() -> Vec<i32> {
    let lo = Date::from_ymd(2016, 1, 1).unwrap().day_number();
    let span = 365 * 7;
    let mut g = Lcg(42);
    (0..N).map(|_| lo + (g.next() % span) as i32).collect()
}

fn facts(births: &[i32], applications: bool) -> Vec<LearnerFacts> {
    let mut g = Lcg(7);
    births
        .iter()
        .map(|&b| {
            let mut f = LearnerFacts::born(Date::from_day_number(b).unwrap(), Land::NW);
            if applications {
                match g.next() % 4 {
                    0 => f.early_entry_application = Some(true),
                    1 => {
                        f.deferral_application = Some(true);
                        f.school_doctor =
                            Some(SchoolDoctorOpinion::ErheblicheGesundheitlicheGruende);
                    }
                    _ => {}
                }
            }
            f
        })
        .collect()
}

fn bench_lean(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let sy = SchoolYear::starting(2025).unwrap();
    let births = births();
    let mut outcome = vec![0u8; N];
    let mut effective = vec![0i32; N];
    let mut rule = vec![0u16; N];
    let mut g = c.benchmark_group("lean");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("in_year", |b| {
        b.iter(|| {
            book.schulpflichtig_in_batch(Land::NW, sy, black_box(&births), &mut outcome)
                .unwrap()
        })
    });
    g.bench_function("first_august", |b| {
        b.iter(|| {
            book.school_entry_batch(
                Land::NW,
                sy,
                black_box(&births),
                LeanColumns {
                    outcome: &mut outcome,
                    effective_day: &mut effective,
                    rule: &mut rule,
                },
            )
            .unwrap()
        })
    });
    g.finish();
}

fn bench_full(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let sy = SchoolYear::starting(2025).unwrap();
    let births = births();
    let plain = facts(&births, false);
    let mixed = facts(&births, true);
    let mut g = c.benchmark_group("full");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    for (name, set) in [("school_entry", &plain), ("with_applications", &mixed)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut eligible = 0usize;
                for f in set.iter() {
                    let d = book.school_entry(black_box(f), sy).unwrap();
                    eligible += usize::from(d.effective_date.is_some_and(|e| e <= sy.start()));
                }
                eligible
            })
        });
    }
    g.finish();
}

fn bench_load(c: &mut Criterion) {
    let births = births();
    let records = facts(&births, true);
    let mut jsonl = String::with_capacity(N * 80);
    let mut csv = String::from(
        "id,birth_date,land,residence_ags,early_entry_application,deferral_application,school_doctor\n",
    );
    for (i, f) in records.iter().enumerate() {
        let mut f = f.clone();
        f.id = Some(format!("k{i}"));
        f.residence_ags = Some("05334002".to_owned());
        jsonl.push_str(&serde_json::to_string(&f).unwrap());
        jsonl.push('\n');
        let b = |x: Option<bool>| x.map_or(String::new(), |v| v.to_string());
        csv.push_str(&format!(
            "k{i},{},NW,05334002,{},{},{}\n",
            f.birth_date.unwrap(),
            b(f.early_entry_application),
            b(f.deferral_application),
            if f.school_doctor.is_some() {
                "erhebliche_gesundheitliche_gruende"
            } else {
                ""
            }
        ));
    }
    let mut g = c.benchmark_group("load");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("jsonl", |b| {
        b.iter(|| {
            read_learners_jsonl(black_box(jsonl.as_bytes()))
                .unwrap()
                .len()
        })
    });
    g.bench_function("csv", |b| {
        b.iter(|| read_learners_csv(black_box(csv.as_bytes())).unwrap().len())
    });
    g.finish();
}

/// Learners of every age from 2000 to 2024 with the facts the batch tables hold: a Land (NW,
/// RP, some none), a birth date (some missing), applications, years attended, a Schulform,
/// qualifications, Sek-I wishes.
fn mixed(n: usize) -> Vec<LearnerFacts> {
    let lo = Date::from_ymd(2000, 1, 1).unwrap().day_number();
    let mut g = Lcg(16);
    let sek1 = [
        r#"{"target_schulform":"gymnasium","recommendation":"R/GY"}"#,
        r#"{"target_schulform":"realschule"}"#,
        r#"{"recommendation":"H"}"#,
    ];
    (0..n)
        .map(|_| {
            let mut f = LearnerFacts {
                land: match g.next() % 32 {
                    0 => None,
                    1..=8 => Some(Land::RP),
                    _ => Some(Land::NW),
                },
                ..LearnerFacts::default()
            };
            if g.next() % 20 != 0 {
                f.birth_date = Date::from_day_number(lo + (g.next() % (25 * 365)) as i32).ok();
            }
            match g.next() % 10 {
                0 => f.deferral_application = Some(true),
                1 => f.early_entry_application = Some(true),
                2 => f.deferred_before = Some(true),
                _ => {}
            }
            if g.next() % 3 != 0 {
                f.school_years_attended = Some((g.next() % 14) as u32);
            }
            f.schulform = match g.next() % 4 {
                0 => Some(Schulform::Gymnasium),
                1 => Some(Schulform::Realschule),
                2 => Some(Schulform::Gesamtschule),
                _ => None,
            };
            f.qualifications = match g.next() % 5 {
                0 => vec![Abschluss::HA10],
                1 => vec![Abschluss::MSA],
                2 => vec![Abschluss::MSA_Q, Abschluss::FHR_S],
                3 => vec![Abschluss::ABITUR],
                _ => Vec::new(),
            };
            if let Some(s) = sek1.get((g.next() % 5) as usize) {
                f.sek1 = Some(Box::new(serde_json::from_str(s).unwrap()));
            }
            f
        })
        .collect()
}

fn bench_rows(c: &mut Criterion) {
    const ROWS: usize = 100_000;
    let book = RuleBook::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 8, 1).unwrap();
    let learners = mixed(ROWS);
    let mut g = c.benchmark_group("rows");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.sample_size(10);
    for t in Transition::ALL {
        g.bench_function(t.id(), |b| {
            b.iter(|| book.evaluate_rows(t, black_box(&learners), as_of).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_lean, bench_full, bench_load, bench_rows);
criterion_main!(benches);
