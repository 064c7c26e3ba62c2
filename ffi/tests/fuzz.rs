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

use bildungsnetz_ffi::*;

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
            assert_eq!(
                bildungsnetz_report_problem_message_de(report, i, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
            assert!(!s.is_null() && n > 0);
            assert_eq!(
                bildungsnetz_report_problem_hint_de(report, i, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
            assert!(!s.is_null() && n > 0);
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

            // German names: any bytes as the code, for a kind chosen at random (or any bytes).
            let kinds: [&[u8]; 9] = [
                b"transition",
                b"outcome",
                b"check_result",
                b"schulform",
                b"abschluss",
                b"land",
                b"severity",
                b"fact",
                &input,
            ];
            let kind = kinds[rng.below(kinds.len())];
            let code = &input[..input.len().min(rng.below(300))];
            let mut name: *mut c_char = ptr::null_mut();
            let r = bildungsnetz_german_name(
                kind.as_ptr().cast(),
                kind.len(),
                code.as_ptr().cast(),
                code.len(),
                &mut name,
                ptr::null_mut(),
            );
            assert!(
                matches!(
                    r,
                    bildungsnetz_result::Ok
                        | bildungsnetz_result::UnknownCode
                        | bildungsnetz_result::InvalidArgument
                        | bildungsnetz_result::InvalidUtf8
                        | bildungsnetz_result::InputTooLarge
                ),
                "case {case}: german_name gave {r:?}"
            );
            assert_eq!(r == bildungsnetz_result::Ok, !name.is_null());
            bildungsnetz_string_free(name);

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

/// Well-formed facts with random fields and plausible or edge values: reaches the engine.
fn structured_facts(rng: &mut Rng) -> Vec<u8> {
    let date = |rng: &mut Rng| {
        let y = 1790 + rng.below(420);
        let m = 1 + rng.below(13);
        let d = 1 + rng.below(31);
        format!("\"{y:04}-{m:02}-{d:02}\"")
    };
    let mut fields = Vec::new();
    for name in [
        "birth_date",
        "land",
        "residence_ags",
        "arrival_date",
        "early_entry_application",
        "deferral_application",
        "school_doctor",
        "deferred_before",
        "school_years_attended",
        "schulform",
        "gymnasium_track",
    ] {
        if rng.below(2) == 0 {
            continue;
        }
        let value = match name {
            "birth_date" | "arrival_date" => date(rng),
            "land" => ["\"NW\"", "\"RP\"", "\"BY\"", "null"][rng.below(4)].to_string(),
            "residence_ags" => {
                ["\"05334002\"", "\"07111000\"", "\"0\"", "\"\""][rng.below(4)].to_string()
            }
            "school_doctor" => [
                "\"schulfaehig\"",
                "\"nicht_schulfaehig\"",
                "\"erhebliche_gesundheitliche_gruende\"",
                "\"x\"",
            ][rng.below(4)]
            .to_string(),
            "school_years_attended" => {
                ["0", "9", "10", "11", "4294967295", "-1"][rng.below(6)].to_string()
            }
            "schulform" => [
                "\"gymnasium\"",
                "\"hauptschule\"",
                "\"realschule\"",
                "\"gesamtschule\"",
                "\"?\"",
            ][rng.below(5)]
            .to_string(),
            "gymnasium_track" => ["\"g8\"", "\"g9\"", "\"g7\""][rng.below(3)].to_string(),
            _ => ["true", "false", "null", "1"][rng.below(4)].to_string(),
        };
        fields.push(format!("\"{name}\":{value}"));
    }
    format!("{{{}}}", fields.join(",")).into_bytes()
}

/// The rule entry points that take bytes: facts, override law files, case files.
#[test]
fn rule_entry_points_never_panic() {
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let facts_seeds: [&[u8]; 5] = [
        br#"{"birth_date":"2019-09-30","land":"NW"}"#,
        br#"{"birth_date":"2015-03-10","residence_ags":"05334002","arrival_date":"2025-09-01"}"#,
        br#"{"birth_date":"2019-10-01","land":"RP","early_entry_application":true,"school_doctor":"schulfaehig"}"#,
        br#"{"school_years_attended":10,"schulform":"gymnasium","gymnasium_track":"g9","land":"NW"}"#,
        br#"{"land":"NW","deferral_application":true,"deferred_before":false}"#,
    ];
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance");
    let case_seed = std::fs::read(format!("{dir}/kita.json")).unwrap();
    let law_seed = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/src/rules/params/rlp.json"
    ))
    .unwrap();
    let transitions = [
        "school_entry",
        "kita_claim",
        "seiteneinstieg",
        "end_of_full_time_schooling",
    ];
    let mut rng = Rng(0x5eed_b11d_0000_0002);
    let mut statuses = std::collections::BTreeMap::<u32, usize>::new();
    let mut book: *mut bildungsnetz_rulebook = ptr::null_mut();
    unsafe {
        assert_eq!(
            bildungsnetz_rulebook_new(&mut book),
            bildungsnetz_result::Ok
        );
        for case in 0..cases {
            let facts = if rng.below(2) == 0 {
                structured_facts(&mut rng)
            } else {
                let seed = facts_seeds[rng.below(facts_seeds.len())];
                mutate(&mut rng, seed)
            };
            let t = transitions[rng.below(transitions.len())];
            let as_of = -30_000 + rng.below(90_000) as i32;
            let mut d: *mut bildungsnetz_decision = ptr::null_mut();
            let r = bildungsnetz_rulebook_evaluate(
                book,
                t.as_ptr().cast(),
                t.len(),
                facts.as_ptr(),
                facts.len(),
                as_of,
                &mut d,
            );
            *statuses.entry(r as u32).or_default() += 1;
            assert_ne!(
                r,
                bildungsnetz_result::Panic,
                "case {case}: {t} {as_of} {facts:?}"
            );
            if r == bildungsnetz_result::Ok {
                let mut s: *const c_char = ptr::null();
                let mut n = 0;
                assert_eq!(
                    bildungsnetz_decision_json(d, &mut s, &mut n),
                    bildungsnetz_result::Ok
                );
                let json = std::slice::from_raw_parts(s.cast::<u8>(), n);
                serde_json::from_slice::<serde_json::Value>(json).unwrap();
            } else {
                assert!(d.is_null());
                // Never a value from the facts in the message: no digit run of a date.
                let mut buf = [0 as c_char; 512];
                bildungsnetz_rulebook_last_error(
                    book,
                    buf.as_mut_ptr(),
                    buf.len(),
                    ptr::null_mut(),
                );
                let msg = std::ffi::CStr::from_ptr(buf.as_ptr()).to_string_lossy();
                for secret in ["2019-", "2015-", "05334002"] {
                    assert!(!msg.contains(secret), "case {case}: {msg}");
                }
            }
            bildungsnetz_decision_free(d);

            if case % 20 == 0 {
                let law = mutate(&mut rng, &law_seed);
                let mut other: *mut bildungsnetz_rulebook = ptr::null_mut();
                let r = bildungsnetz_rulebook_with_overrides(
                    book,
                    law.as_ptr().cast(),
                    law.len(),
                    &mut other,
                );
                assert_ne!(r, bildungsnetz_result::Panic);
                bildungsnetz_rulebook_free(other);

                let file = mutate(&mut rng, &case_seed);
                let mut results: *mut bildungsnetz_conformance = ptr::null_mut();
                let r = bildungsnetz_conformance_run_bytes(
                    book,
                    c"fuzz".as_ptr(),
                    4,
                    file.as_ptr().cast(),
                    file.len(),
                    &mut results,
                );
                assert_ne!(r, bildungsnetz_result::Panic);
                bildungsnetz_conformance_free(results);
            }
        }
        bildungsnetz_rulebook_free(book);
    }
    eprintln!("fuzz: {cases} rule cases; evaluate statuses {statuses:?}");
}

/// The monitoring entry points that take bytes (issue 17): the settings JSON, records as CSV
/// and the directory file's contents. Every call returns a status (never `PANIC`); a failed
/// call leaves its outputs untouched; the settings refuse unknown fields at every level; the
/// directory's rows are all counted (`rows` = imported + `rejected`).
#[test]
fn monitor_entry_points_never_panic() {
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
        / 10;
    let settings_seeds: [&[u8]; 3] = [
        br#"{"school_year":"2024/25","land":"nrw","kommunen":["05334002","05334004"]}"#,
        br#"{"protection":{"min_frequency":3,"suppress_zeros":false,"dominance":null,"min_interval_width":3,"min_interval_percent":0,"interval_protection":true,"method":"suppression","strategy":"auto"}}"#,
        br#"{"directory_protection":{"dominance":{"n":1,"k_percent":85},"method":{"round_base":5}}}"#,
    ];
    let mut records =
        b"school_year,school_ags,schulform,grade,repeater,transition_schulform,id\n".to_vec();
    for i in 0..24 {
        records.extend_from_slice(
            format!(
                "2024/25,0533400{},02,4,false,{},\"p,{i}\"\n",
                2 + 2 * (i % 2),
                ["20", "15", "10"][i % 3]
            )
            .as_bytes(),
        );
    }
    let directory: Vec<u8> = {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/data/nrw-schulverzeichnis-2024-25.csv"
        ))
        .unwrap();
        bytes
            .split_inclusive(|b| *b == b'\n')
            .take(30)
            .flatten()
            .copied()
            .collect()
    };
    let mut rng = Rng(0x5eed_b11d_0000_0003);
    let mut statuses = std::collections::BTreeMap::<u32, usize>::new();
    unsafe {
        for case in 0..cases {
            let mut m: *mut bildungsnetz_monitor = ptr::null_mut();
            assert_eq!(bildungsnetz_monitor_new(&mut m), bildungsnetz_result::Ok);

            // Settings: a status; an unknown field anywhere is refused.
            let seed = settings_seeds[rng.below(settings_seeds.len())];
            let settings = mutate(&mut rng, seed);
            let r = bildungsnetz_monitor_configure(m, settings.as_ptr().cast(), settings.len());
            *statuses.entry(r as u32).or_default() += 1;
            assert_ne!(r, bildungsnetz_result::Panic, "case {case}: {settings:?}");
            if r == bildungsnetz_result::Ok {
                // Accepted settings hold only known fields: with one more, they are refused.
                let text = String::from_utf8(settings.clone()).unwrap();
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                if let Some(p) = value.get("protection").filter(|p| p.is_object()) {
                    let mut p = p.clone();
                    p["min_frequncy"] = serde_json::json!(10);
                    let bad = serde_json::json!({ "protection": p }).to_string();
                    assert_eq!(
                        bildungsnetz_monitor_configure(m, bad.as_ptr().cast(), bad.len()),
                        bildungsnetz_result::InvalidArgument,
                        "case {case}: {bad}"
                    );
                }
            }

            // Records as CSV: outputs untouched on failure.
            let input = mutate(&mut rng, &records);
            let mut json: *mut c_char = ptr::null_mut();
            let r = bildungsnetz_monitor_indicators(
                m,
                input.as_ptr(),
                input.len(),
                BILDUNGSNETZ_RECORDS_CSV,
                &mut json,
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
            );
            assert_ne!(r, bildungsnetz_result::Panic, "case {case}: {input:?}");
            assert_eq!(r == bildungsnetz_result::Ok, !json.is_null(), "case {case}");
            bildungsnetz_string_free(json);

            // The directory's contents, a little of the time (protection runs each call).
            if case % 4 == 0 {
                let input = mutate(&mut rng, &directory);
                let mut json: *mut c_char = ptr::null_mut();
                let r = bildungsnetz_monitor_directory_tables_bytes(
                    m,
                    input.as_ptr(),
                    input.len(),
                    c"05".as_ptr(),
                    2,
                    &mut json,
                    ptr::null_mut(),
                    ptr::null_mut(),
                    ptr::null_mut(),
                );
                assert_ne!(r, bildungsnetz_result::Panic, "case {case}: {input:?}");
                if r == bildungsnetz_result::Ok {
                    let text = std::ffi::CStr::from_ptr(json).to_str().unwrap();
                    let value: serde_json::Value = serde_json::from_str(text).unwrap();
                    let rows = value["rows"].as_u64().unwrap();
                    let rejected = value["rejected"].as_u64().unwrap();
                    assert!(rejected <= rows, "case {case}");
                } else {
                    assert!(json.is_null(), "case {case}");
                }
                bildungsnetz_string_free(json);
            }
            bildungsnetz_monitor_free(m);
        }
    }
    eprintln!("fuzz: {cases} monitor cases; configure statuses {statuses:?}");
}
