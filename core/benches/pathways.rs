//! Pathways for one person: every next-stage decision, and the routes to one goal; and both
//! over a population like `examples/python/bench_batch.py`'s (the batches' per-learner cost).
//! `cargo bench -p bildungsnetz --bench pathways -- --warm-up-time 1 --measurement-time 3`

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark harness"
)]

use std::hint::black_box;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::pathways::StepRows;
use bildungsnetz::rules::{Abschluss, Goal, Land, LearnerFacts, RouteOptions, RuleBook, Schulform};
use criterion::{Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 6, 1).unwrap();
    // A 16-year-old leaving a Hauptschule with the EESA, wanting a Fachhochschule place.
    let person = LearnerFacts {
        qualifications: vec![Abschluss::HA10],
        school_years_attended: Some(10),
        ..LearnerFacts::born(Date::from_ymd(2009, 5, 1).unwrap(), Land::NW)
    };
    let opts = RouteOptions::default();
    let mut g = c.benchmark_group("pathways");
    g.bench_function("next_steps", |b| {
        b.iter(|| book.next_steps(black_box(&person), as_of).unwrap().len())
    });
    g.bench_function("routes_fachhochschule", |b| {
        b.iter(|| {
            book.routes(black_box(&person), as_of, Goal::Fachhochschule, &opts)
                .unwrap()
                .len()
        })
    });
    let one = RouteOptions {
        max_routes: 1,
        ..RouteOptions::default()
    };
    g.bench_function("next_steps_and_shortest_route", |b| {
        b.iter(|| {
            let n = book.next_steps(black_box(&person), as_of).unwrap().len();
            n + book
                .routes(black_box(&person), as_of, Goal::Fachhochschule, &one)
                .unwrap()
                .len()
        })
    });
    g.bench_function("next_steps_and_routes", |b| {
        b.iter(|| {
            let n = book.next_steps(black_box(&person), as_of).unwrap().len();
            n + book
                .routes(black_box(&person), as_of, Goal::Fachhochschule, &opts)
                .unwrap()
                .len()
        })
    });
    g.finish();
}

/// Learners drawn as `bench_batch.py` draws them (born 2000–2024, NW or RP, some facts
/// missing), from a fixed seed.
fn population(n: usize) -> Vec<LearnerFacts> {
    let mut state: u64 = 16;
    let mut next = move |k: u64| {
        // xorshift64*: reproducible without a dependency.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) % k
    };
    let lo = Date::from_ymd(2000, 1, 1).unwrap().day_number();
    let quals: [&[Abschluss]; 5] = [
        &[],
        &[Abschluss::HA10],
        &[Abschluss::MSA],
        &[Abschluss::MSA_Q, Abschluss::FHR_S],
        &[Abschluss::ABITUR],
    ];
    let forms = [
        Some(Schulform::Gymnasium),
        Some(Schulform::Realschule),
        Some(Schulform::Gesamtschule),
        None,
    ];
    (0..n)
        .map(|_| {
            let day = lo + i32::try_from(next(25 * 365)).unwrap();
            LearnerFacts {
                birth_date: (next(100) >= 5).then(|| Date::from_day_number(day).unwrap()),
                land: match next(100) {
                    0..3 => None,
                    k if k % 4 == 1 => Some(Land::RP),
                    _ => Some(Land::NW),
                },
                deferral_application: (next(2) == 0).then(|| next(10) == 0),
                school_years_attended: (next(10) >= 3).then(|| u32::try_from(next(14)).unwrap()),
                schulform: forms[usize::try_from(next(4)).unwrap()],
                qualifications: quals[usize::try_from(next(5)).unwrap()].to_vec(),
                ..LearnerFacts::default()
            }
        })
        .collect()
}

fn bench_population(c: &mut Criterion) {
    let book = RuleBook::embedded().unwrap();
    let as_of = Date::from_ymd(2025, 8, 1).unwrap();
    let people = population(2_000);
    let opts = RouteOptions::default();
    let mut g = c.benchmark_group("pathways_2000_learners");
    g.sample_size(10);
    // As the batches decide: into buffers reused from learner to learner.
    g.bench_function("next_step_rows", |b| {
        let mut rows = StepRows::default();
        b.iter(|| {
            people
                .iter()
                .map(|p| {
                    book.next_step_rows_into(black_box(p), as_of, &mut rows)
                        .map_or(0, |()| rows.len())
                })
                .sum::<usize>()
        })
    });
    g.bench_function("reachable_goals", |b| {
        b.iter(|| {
            people
                .iter()
                .map(|p| {
                    book.reachable_goals(black_box(p), as_of, &opts)
                        .map_or(0, |r| r.len())
                })
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench, bench_population);
criterion_main!(benches);
