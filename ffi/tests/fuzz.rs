#![allow(unsafe_code)] // Calls the C ABI as C would.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)] // A test.
//! A deterministic fuzzer for the C entry points that take bytes: mutated sample documents,
//! random bytes and random lengths go through the exported functions exactly as C would call
//! them. Every call must return a status (never `PANIC`), every object it returns must be
//! readable, and everything is freed (run under valgrind/ASan via the C tests for leaks; here
//! the check is "no panic, no crash, consistent answers").
//!
//! Bounded: `FUZZ_CASES` inputs (default 20 000; `make fuzz` runs more in release mode).

use std::ffi::c_char;
use std::ptr;

use bildungsnetz::*;

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % (n.max(1) as u64)) as usize
    }
}

const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\"",
    b"null",
    b"true",
    b"-1",
    b"1e999",
    b"\\u0000",
    b"\"schema_version\"",
    b"\"id\"",
    b"\"institutions\"",
    b"\xff",
    b"\xc3",
    b"\xe2\x82",
    b"\"2025-02-29\"",
    b"99999999999999999999",
    b"\"NW\"",
    b"\"kommunen\"",
    b"{\"id\":\"x\"}",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(8) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = rng.below(64).min(data.len() - i);
                data.drain(i..i + n);
            }
            2 => {
                let i = rng.below(data.len() + 1);
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(i..i, t.iter().copied());
            }
            3 if !data.is_empty() => {
                let n = rng.below(data.len());
                data.truncate(n);
            }
            4 => {
                let n = rng.below(32);
                for _ in 0..n {
                    data.push(rng.next() as u8);
                }
            }
            _ if data.len() > 2 => {
                // Duplicate a slice somewhere else (structure-preserving-ish).
                let a = rng.below(data.len());
                let b = (a + rng.below(200)).min(data.len());
                let chunk = data[a..b].to_vec();
                let at = rng.below(data.len());
                data.splice(at..at, chunk);
            }
            _ => {}
        }
    }
    data
}

unsafe fn read_report(report: *const bildungsnetz_report) {
    let mut len = 0usize;
    unsafe {
        assert_eq!(
            bildungsnetz_report_len(report, &mut len),
            bildungsnetz_result::Ok
        );
        let mut ok = false;
        assert_eq!(
            bildungsnetz_report_is_ok(report, &mut ok),
            bildungsnetz_result::Ok
        );
        for i in 0..len {
            let mut s: *const c_char = ptr::null();
            let mut n = 0usize;
            assert_eq!(
                bildungsnetz_report_problem_code(report, i, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
            assert!(!s.is_null() && n > 0);
            assert_eq!(
                bildungsnetz_report_problem_message(report, i, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
            assert_eq!(
                bildungsnetz_report_problem_path(report, i, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
        }
        let mut s: *const c_char = ptr::null();
        let mut n = 0usize;
        assert_eq!(
            bildungsnetz_report_json(report, &mut s, &mut n),
            bildungsnetz_result::Ok
        );
        let json = std::slice::from_raw_parts(s.cast::<u8>(), n);
        let value: serde_json::Value = serde_json::from_slice(json).unwrap();
        assert_eq!(value["ok"].as_bool(), Some(ok));
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/data");
    let mut seeds: Vec<Vec<u8>> = ["hagen.json", "broken.json", "koblenz.json"]
        .iter()
        .map(|f| std::fs::read(format!("{dir}/{f}")).unwrap())
        .collect();
    seeds.push(b"{}".to_vec());
    seeds.push(Vec::new());
    seeds
}

#[test]
fn byte_entry_points_never_panic() {
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let seeds = seeds();
    let mut rng = Rng(0x5eed_b11d_0000_0001);
    let mut validator: *mut bildungsnetz_validator = ptr::null_mut();
    let mut statuses = std::collections::BTreeMap::<u32, usize>::new();
    unsafe {
        assert_eq!(
            bildungsnetz_validator_new(&mut validator),
            bildungsnetz_result::Ok
        );
        for case in 0..cases {
            let seed = &seeds[rng.below(seeds.len())];
            let input = if rng.below(10) == 0 {
                (0..rng.below(256)).map(|_| rng.next() as u8).collect()
            } else {
                mutate(&mut rng, seed)
            };

            // Validator: a report for every UTF-8 input.
            let mut report: *mut bildungsnetz_report = ptr::null_mut();
            let r = bildungsnetz_validator_check_bytes(
                validator,
                input.as_ptr(),
                input.len(),
                &mut report,
            );
            *statuses.entry(r as u32).or_default() += 1;
            assert_ne!(r, bildungsnetz_result::Panic, "case {case}: {input:?}");
            match r {
                bildungsnetz_result::Ok => read_report(report),
                bildungsnetz_result::InvalidUtf8 => {
                    assert!(std::str::from_utf8(&input).is_err());
                    assert!(report.is_null());
                }
                other => panic!("case {case}: unexpected {other:?}"),
            }
            bildungsnetz_report_free(report);

            // Network load: either loaded or a report of why not.
            let mut network: *mut bildungsnetz_network = ptr::null_mut();
            assert_eq!(
                bildungsnetz_network_new(&mut network),
                bildungsnetz_result::Ok
            );
            let mut report: *mut bildungsnetz_report = ptr::null_mut();
            let r =
                bildungsnetz_network_load_bytes(network, input.as_ptr(), input.len(), &mut report);
            assert_ne!(r, bildungsnetz_result::Panic, "case {case}: {input:?}");
            match r {
                bildungsnetz_result::Ok => {
                    assert!(report.is_null());
                    let mut vreport: *mut bildungsnetz_report = ptr::null_mut();
                    assert_eq!(
                        bildungsnetz_validator_validate(validator, network, &mut vreport),
                        bildungsnetz_result::Ok
                    );
                    read_report(vreport);
                    bildungsnetz_report_free(vreport);
                    let mut s: *const c_char = ptr::null();
                    let mut n = 0;
                    assert_eq!(
                        bildungsnetz_network_json(network, &mut s, &mut n),
                        bildungsnetz_result::Ok
                    );
                }
                bildungsnetz_result::MalformedJson | bildungsnetz_result::InvalidDocument => {
                    assert!(!report.is_null());
                    read_report(report);
                }
                bildungsnetz_result::InvalidUtf8 => assert!(report.is_null()),
                other => panic!("case {case}: unexpected {other:?}"),
            }
            bildungsnetz_report_free(report);
            bildungsnetz_network_free(network);

            // Dates: any bytes, any day number.
            let mut day = 0i32;
            let r = bildungsnetz_date_parse(input.as_ptr().cast(), input.len().min(16), &mut day);
            assert_ne!(r, bildungsnetz_result::Panic);
            let mut buf = [0 as c_char; 16];
            let any_day = rng.next() as i32;
            let r = bildungsnetz_date_format(any_day, buf.as_mut_ptr(), buf.len(), ptr::null_mut());
            assert!(
                matches!(
                    r,
                    bildungsnetz_result::Ok | bildungsnetz_result::InvalidArgument
                ),
                "day {any_day}: {r:?}"
            );
        }
        bildungsnetz_validator_free(validator);
    }
    eprintln!("fuzz: {cases} cases; validator statuses {statuses:?}");
}
