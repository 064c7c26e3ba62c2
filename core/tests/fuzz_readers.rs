//! A deterministic fuzzer for the CSV readers and the settings parsers (issue 17): mutated real
//! and synthetic inputs go through the directory importer, the learner and monitoring CSV
//! readers and the strict parsers of the protection settings and indicator specifications.
//! Every call must return (never panic), and the readers must account for every row: the
//! directory importer's `rows = imported + rejected` with one error per rejected row, the
//! fail-fast readers all data lines or an error naming a line of the input.
//!
//! Bounded: `FUZZ_CASES` inputs per reader (default 4 000; `make fuzz` runs more in release
//! mode). The C entry points get the same treatment in `ffi/tests/fuzz.rs`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)] // A test.

use bildungsnetz::io::directory::{ImportCode, Importer};
use bildungsnetz::io::{StrictError, deserialize_strict};
use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::indicator::{IndicatorSpec, LandConvention, standard_indicators};
use bildungsnetz::monitor::record::read_records_csv;
use bildungsnetz::monitor::sdc::Protection;
use bildungsnetz::rules::{RuleError, read_learners_csv};
use bildungsnetz::validate::Severity;

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

/// Bytes that matter to CSV and JSON.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b";",
    b"\n",
    b"\r",
    b"\r\n",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xc3",
    b"null",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"0",
    b"-1",
    b"99999999999999999999",
    b"sep=;\n",
];

fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(6) {
        match rng.below(6) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = rng.below(data.len());
                let n = rng.below(16).min(data.len() - i);
                data.drain(i..i + n);
            }
            2 | 3 => {
                let i = rng.below(data.len() + 1);
                let t = TOKENS[rng.below(TOKENS.len())];
                data.splice(i..i, t.iter().copied());
            }
            4 if !data.is_empty() => {
                let n = rng.below(data.len());
                data.truncate(n);
            }
            _ if data.len() > 2 => {
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

fn cases() -> usize {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4_000)
}

/// The first `n` lines of a real directory file.
fn head(path: &str, n: usize) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap();
    let mut out = Vec::new();
    for line in bytes.split_inclusive(|b| *b == b'\n').take(n) {
        out.extend_from_slice(line);
    }
    out
}

/// Physical lines of an input (LF, CRLF or CR-only, as the readers count them).
fn physical_lines(bytes: &[u8]) -> usize {
    let cr_only = match bytes.iter().position(|b| *b == b'\n' || *b == b'\r') {
        Some(i) => bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'),
        None => false,
    };
    let end = if cr_only { b'\r' } else { b'\n' };
    bytes.split(|b| *b == end).count()
}

#[test]
fn directory_importer_accounts_for_every_row() {
    let seeds = [
        head("../tests/data/nrw-schuldaten-2021.csv", 40),
        head("../tests/data/nrw-schulverzeichnis-2024-25.csv", 40),
    ];
    let importer = Importer::new().unwrap();
    let mut rng = Rng(0x5eed_c5f0_0000_0001);
    let mut rejected = 0;
    for case in 0..cases() {
        let input = mutate(&mut rng, &seeds[case % seeds.len()]);
        let result = importer.read(input.as_slice());
        assert_eq!(
            result.rows,
            result.institutions.len() + result.rejected,
            "case {case}"
        );
        let lines = physical_lines(&input);
        assert!(result.rows <= lines, "case {case}");
        for p in &result.problems {
            assert!(p.line >= 1 && p.line <= lines + 1, "case {case}: {p}");
        }
        if result.format.is_some() {
            let row_errors = result
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .filter(|p| !matches!(p.code, ImportCode::ReadError | ImportCode::TooLarge))
                .count();
            assert_eq!(row_errors, result.rejected, "case {case}");
        }
        rejected += result.rejected;
    }
    eprintln!(
        "fuzz: {} directory inputs, {rejected} rows rejected",
        cases()
    );
}

fn monitoring_seed() -> Vec<u8> {
    let mut text = String::from("school_year,school_ags,schulform,grade,repeater,id\n");
    for i in 0..30 {
        text.push_str(&format!(
            "2024/25,0533400{},20,{},{},\"p,{i}\"\n",
            i % 9,
            1 + i % 10,
            i % 2 == 0
        ));
    }
    text.into_bytes()
}

fn learner_seed() -> Vec<u8> {
    let mut text = String::from("id,birth_date,land,qualifications,vocational_training_grade\n");
    for i in 0..30 {
        text.push_str(&format!(
            "k{i},2019-0{}-1{},NW,HA10;MSA_Q,\"2,{}\"\n",
            1 + i % 9,
            i % 10,
            i % 10
        ));
    }
    text.into_bytes()
}

#[test]
fn record_and_learner_readers_read_whole_or_name_a_line() {
    let seeds = [monitoring_seed(), learner_seed()];
    let mut rng = Rng(0x5eed_c5f0_0000_0002);
    let (mut ok, mut refused) = (0, 0);
    for case in 0..cases() {
        let which = case % 2;
        let input = mutate(&mut rng, &seeds[which]);
        let lines = physical_lines(&input) as u64;
        let (read, line) = if which == 0 {
            match read_records_csv(input.as_slice()) {
                Ok(v) => (Some(v.len()), None),
                Err(MonitorError::Record { line, .. }) => (None, Some(line)),
                Err(other) => panic!("case {case}: {other}"),
            }
        } else {
            match read_learners_csv(input.as_slice()) {
                Ok(v) => (Some(v.len()), None),
                Err(RuleError::Record { line, .. }) => (None, Some(line)),
                Err(other) => panic!("case {case}: {other}"),
            }
        };
        if let Some(read) = read {
            assert!(read as u64 <= lines, "case {case}");
            ok += 1;
        }
        if let Some(line) = line {
            assert!(
                line >= 1 && line <= lines,
                "case {case}: line {line} of {lines}"
            );
            refused += 1;
        }
    }
    eprintln!("fuzz: record and learner CSV: {ok} read, {refused} refused with their line");
}

#[test]
fn settings_parsers_refuse_unknown_fields_and_never_panic() {
    let protection = serde_json::to_vec(&Protection::magnitude()).unwrap();
    let specs = serde_json::to_vec(&standard_indicators(
        "2024/25".parse().unwrap(),
        LandConvention::nrw(),
    ))
    .unwrap();
    let mut rng = Rng(0x5eed_c5f0_0000_0003);
    let mut unknown = 0;
    for case in 0..cases() {
        let (seed, is_specs) = if case % 2 == 0 {
            (&protection, false)
        } else {
            (&specs, true)
        };
        let input = mutate(&mut rng, seed);
        let mut de = serde_json::Deserializer::from_slice(&input);
        let result = if is_specs {
            deserialize_strict::<Vec<IndicatorSpec>, _>(&mut de).map(|_| ())
        } else {
            deserialize_strict::<Protection, _>(&mut de).map(|_| ())
        };
        if let Err(StrictError::UnknownField { path, .. }) = result {
            assert!(
                !path.is_empty(),
                "case {case}: {}",
                String::from_utf8_lossy(&input)
            );
            unknown += 1;
        }
    }
    // An unknown field anywhere is found, also where the types would ignore it.
    let mut value: serde_json::Value = serde_json::from_slice(&protection).unwrap();
    value["dominance"]["extra"] = serde_json::json!(1);
    match deserialize_strict::<Protection, _>(value) {
        Err(StrictError::UnknownField { path, .. }) => assert_eq!(path, "dominance.extra"),
        other => panic!("{other:?}"),
    }
    eprintln!("fuzz: settings and specs: {unknown} unknown fields found");
}
