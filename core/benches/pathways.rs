//! Pathways for one person: every next-stage decision, and the routes to one goal.
//! `cargo bench -p bildungsnetz --bench pathways -- --warm-up-time 1 --measurement-time 3`

#![allow(missing_docs, clippy::unwrap_used, reason = "benchmark harness")]

use std::hint::black_box;

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::{Abschluss, Goal, Land, LearnerFacts, RouteOptions, RuleBook};
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

criterion_group!(benches, bench);
criterion_main!(benches);
