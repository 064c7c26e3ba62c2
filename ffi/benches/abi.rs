#![allow(unsafe_code)] // Calls the C ABI as C would.
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)] // A bench.
//! The cost of the C ABI: a single decision (JSON facts in, decision JSON out) and the
//! school-entry batch path, each through the exported `extern "C"` functions (called through
//! function pointers hidden from the optimiser, as from C) and directly in Rust.
//! Measured, never asserted: `cargo bench -p bildungsnetz-ffi` (or `make bench-c`).

use std::ffi::c_char;
use std::hint::black_box;
use std::ptr;
use std::time::{Duration, Instant};

use bildungsnetz_ffi::*;
use bn::calendar::{Date, SchoolYear};
use bn::rules::{Land, LeanColumns, LearnerFacts, RuleBook, Transition};

/// Medians of `rounds` timings of `iters` calls of `a` and of `b`, per call. The rounds
/// alternate between the two so that a busy machine slows both alike.
fn measure_pair(
    rounds: usize,
    iters: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iters {
            f();
        }
        start.elapsed() / iters as u32
    };
    time(&mut a);
    time(&mut b);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        ta.push(time(&mut a));
        tb.push(time(&mut b));
    }
    ta.sort();
    tb.sort();
    (ta[rounds / 2], tb[rounds / 2])
}

type Evaluate = unsafe extern "C" fn(
    *const bildungsnetz_rulebook,
    *const c_char,
    usize,
    *const u8,
    usize,
    i32,
    *mut *mut bildungsnetz_decision,
) -> bildungsnetz_result;
type DecisionJson = unsafe extern "C" fn(
    *const bildungsnetz_decision,
    *mut *const c_char,
    *mut usize,
) -> bildungsnetz_result;
type Batch = unsafe extern "C" fn(
    *const bildungsnetz_rulebook,
    *const c_char,
    usize,
    i32,
    *const i32,
    usize,
    *mut u8,
    *mut i32,
    *mut u16,
) -> bildungsnetz_result;

fn main() {
    let facts = br#"{"birth_date":"2019-09-30","land":"NW"}"#;
    let as_of = Date::from_ymd(2025, 8, 1).unwrap();
    let rust_book = RuleBook::embedded().unwrap();
    let mut book: *mut bildungsnetz_rulebook = ptr::null_mut();
    unsafe {
        assert_eq!(
            bildungsnetz_rulebook_new(&mut book),
            bildungsnetz_result::Ok
        )
    };
    let evaluate: Evaluate = black_box(bildungsnetz_rulebook_evaluate);
    let decision_json: DecisionJson = black_box(bildungsnetz_decision_json);
    let batch: Batch = black_box(bildungsnetz_rulebook_school_entry_batch);
    let free: unsafe extern "C" fn(*mut bildungsnetz_decision) =
        black_box(bildungsnetz_decision_free);

    // Single decision: JSON facts in, decision JSON out.
    let (rust_single, c_single) = measure_pair(
        31,
        5_000,
        || {
            let f: LearnerFacts = serde_json::from_slice(black_box(facts)).unwrap();
            let d = rust_book
                .evaluate(Transition::SchoolEntry, &f, black_box(as_of))
                .unwrap();
            black_box(serde_json::to_string(&d).unwrap());
        },
        || unsafe {
            let mut d: *mut bildungsnetz_decision = ptr::null_mut();
            let t = "school_entry";
            let r = evaluate(
                book,
                t.as_ptr().cast(),
                t.len(),
                facts.as_ptr(),
                facts.len(),
                black_box(as_of.day_number()),
                &mut d,
            );
            debug_assert_eq!(r, bildungsnetz_result::Ok);
            let mut s: *const c_char = ptr::null();
            let mut n = 0usize;
            decision_json(d, &mut s, &mut n);
            black_box((s, n));
            free(d);
        },
    );
    println!(
        "single decision (JSON in, JSON out): Rust {:.2} µs, C ABI {:.2} µs, difference {:+.2} µs",
        rust_single.as_secs_f64() * 1e6,
        c_single.as_secs_f64() * 1e6,
        (c_single.as_secs_f64() - rust_single.as_secs_f64()) * 1e6
    );

    // Batch: one million birth days, one Land, one school year.
    let n = 1_000_000usize;
    let base = Date::from_ymd(2017, 1, 1).unwrap().day_number();
    let births: Vec<i32> = (0..n).map(|i| base + (i % 1500) as i32).collect();
    let (mut outcome, mut effective, mut rule) = (vec![0u8; n], vec![0i32; n], vec![0u16; n]);
    let (mut c_outcome, mut c_effective, mut c_rule) = (vec![0u8; n], vec![0i32; n], vec![0u16; n]);
    let year = SchoolYear::starting(2025).unwrap();
    let (rust_batch, c_batch) = measure_pair(
        21,
        2,
        || {
            rust_book
                .school_entry_batch(
                    Land::NW,
                    year,
                    black_box(&births),
                    LeanColumns {
                        outcome: &mut outcome,
                        effective_day: &mut effective,
                        rule: &mut rule,
                    },
                )
                .unwrap();
            black_box(&outcome);
        },
        || unsafe {
            let r = batch(
                book,
                c"NW".as_ptr(),
                2,
                2025,
                births.as_ptr(),
                n,
                c_outcome.as_mut_ptr(),
                c_effective.as_mut_ptr(),
                c_rule.as_mut_ptr(),
            );
            debug_assert_eq!(r, bildungsnetz_result::Ok);
            black_box(&c_outcome);
        },
    );
    assert_eq!(
        (&outcome, &effective, &rule),
        (&c_outcome, &c_effective, &c_rule)
    );
    let per_sec = |d: Duration| n as f64 / d.as_secs_f64() / 1e6;
    println!(
        "school-entry batch of {n}: Rust {:.1} M/s, C ABI {:.1} M/s ({:.1} % of Rust)",
        per_sec(rust_batch),
        per_sec(c_batch),
        100.0 * rust_batch.as_secs_f64() / c_batch.as_secs_f64()
    );
    unsafe { bildungsnetz_rulebook_free(book) };
}
