//! Runs every conformance case file in `tests/conformance/` against the embedded law.

use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::conformance::{run_dir, run_str};

fn dir() -> String {
    format!("{}/../tests/conformance", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn all_conformance_cases_pass() {
    let results = run_dir(dir()).unwrap();
    let failures: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| format!("{}:{}: {}", r.file, r.id, r.failures.join("; ")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(results.len() >= 60, "only {} cases", results.len());
}

#[test]
fn every_case_cites_a_paragraph() {
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.ends_with(".schema.json") {
            continue;
        }
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let citation = case["citation"].as_str().unwrap();
            assert!(
                citation.contains('§') || citation.contains("RdErl"),
                "{name}: {case}"
            );
        }
    }
}

#[test]
fn runner_reports_wrong_expectations() {
    let book = RuleBook::embedded().unwrap();
    let file = r#"{"schema_version":1,"cases":[{"id":"x","description":"d","citation":"§ 35 SchulG NRW",
      "land":"NW","transition":"school_entry","as_of":"2025-08-01","facts":{"birth_date":"2019-10-01"},
      "expected":{"outcome":"eligible","effective_date":"2025-08-01","determining_rule_ids":["nrw.einschulung.vorzeitig"]}}]}"#;
    let r = run_str(&book, "inline", file).unwrap();
    assert!(!r[0].passed);
    // Outcome, effective date, eligible_from (the not-eligible child's 2026 start) and rule ids.
    assert_eq!(r[0].failures.len(), 4, "{:?}", r[0].failures);
    // Malformed files are errors, not failures.
    assert!(run_str(&book, "inline", r#"{"schema_version":2,"cases":[]}"#).is_err());
    let dup = r#"{"schema_version":1,"cases":[
      {"id":"a","description":"","citation":"§","transition":"kita_claim","as_of":"2025-01-01","expected":{"error":"x"}},
      {"id":"a","description":"","citation":"§","transition":"kita_claim","as_of":"2025-01-01","expected":{"error":"x"}}]}"#;
    assert_eq!(
        run_str(&book, "inline", dup).unwrap_err().code(),
        "case_file"
    );
}
