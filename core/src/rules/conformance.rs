//! Conformance cases: one language-neutral JSON format (schema:
//! `tests/conformance/case.schema.json`), run from Rust, C and Python.
//!
//! A file holds `schema_version` and `cases`; a case names the transition, the date, the facts
//! and the expected outcome and effective date (`eligible_from` too, absent meaning none), and
//! optionally the determining rule ids, missing facts and details (each compared only when the
//! case gives it), or an expected error code instead of an outcome.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition};
use crate::calendar::Date;

/// The case-file schema version this runner reads.
pub const CASE_SCHEMA_VERSION: u32 = 1;

/// A file of cases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// Must be [`CASE_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// What the file covers.
    #[serde(default)]
    pub description: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique id within the file.
    pub id: String,
    /// What the case shows.
    pub description: String,
    /// The paragraph the case tests.
    pub citation: String,
    /// The Land; applied to the facts when they name none (must agree otherwise).
    #[serde(default)]
    pub land: Option<Land>,
    /// The transition.
    pub transition: Transition,
    /// The day asked about.
    pub as_of: Date,
    /// The learner's facts.
    #[serde(default)]
    pub facts: LearnerFacts,
    /// What the engine must answer.
    pub expected: Expected,
    /// Free tags, e.g. `oracle_disagrees_with_text`, `uncertain_law`, `edge`.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The expected answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// The outcome (absent when `error` is given).
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The effective date; absent or `null` means none.
    #[serde(default)]
    pub effective_date: Option<Date>,
    /// For a not-eligible person, the later day from which the law gives the status; absent
    /// or `null` means none.
    #[serde(default)]
    pub eligible_from: Option<Date>,
    /// If given, the ids of the determining rules (compared as a set). A case written from the
    /// law text alone gives none, and then they are not compared.
    #[serde(default)]
    pub determining_rule_ids: Option<Vec<String>>,
    /// If given, the missing facts (compared as a set).
    #[serde(default)]
    pub missing_facts: Option<Vec<String>>,
    /// If given, these details must be present with these values.
    #[serde(default)]
    pub details: Option<BTreeMap<String, String>>,
    /// If given, the evaluation must fail with this [`RuleError::code`].
    #[serde(default)]
    pub error: Option<String>,
}

/// The result of one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The file the case came from.
    pub file: String,
    /// The case id.
    pub id: String,
    /// Whether everything matched.
    pub passed: bool,
    /// What did not match (empty if passed).
    pub failures: Vec<String>,
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

/// Runs one case against a book.
pub fn run_case(book: &RuleBook, file: &str, case: &Case) -> CaseResult {
    let mut failures = Vec::new();
    let mut facts = case.facts.clone();
    match (case.land, facts.land) {
        (Some(l), None) => facts.land = Some(l),
        (Some(l), Some(f)) if l != f => failures.push("case land and facts.land differ".to_owned()),
        _ => {}
    }
    let exp = &case.expected;
    if failures.is_empty() {
        match (
            book.evaluate(case.transition, &facts, case.as_of),
            &exp.error,
        ) {
            (Err(e), Some(code)) if e.code() == code => {}
            (Err(e), Some(code)) => {
                failures.push(format!("error: expected {code}, got {}", e.code()))
            }
            (Err(e), None) => failures.push(format!("unexpected error: {e}")),
            (Ok(d), Some(code)) => failures.push(format!(
                "expected error {code}, got outcome {}",
                d.outcome.name()
            )),
            (Ok(d), None) => {
                if exp.outcome != Some(d.outcome) {
                    failures.push(format!(
                        "outcome: expected {}, got {}",
                        exp.outcome.map_or("(none)", Outcome::name),
                        d.outcome.name()
                    ));
                }
                if exp.effective_date != d.effective_date {
                    failures.push(format!(
                        "effective_date: expected {}, got {}",
                        exp.effective_date
                            .map_or("null".to_owned(), |x| x.to_string()),
                        d.effective_date
                            .map_or("null".to_owned(), |x| x.to_string())
                    ));
                }
                if exp.eligible_from != d.eligible_from {
                    failures.push(format!(
                        "eligible_from: expected {}, got {}",
                        exp.eligible_from
                            .map_or("null".to_owned(), |x| x.to_string()),
                        d.eligible_from.map_or("null".to_owned(), |x| x.to_string())
                    ));
                }
                if let Some(ids) = &exp.determining_rule_ids {
                    let got: Vec<String> = d
                        .determining_rule_ids()
                        .into_iter()
                        .map(str::to_owned)
                        .collect();
                    let want = sorted(ids.clone());
                    if got != want {
                        failures.push(format!(
                            "determining_rule_ids: expected {want:?}, got {got:?}"
                        ));
                    }
                }
                if let Some(missing) = &exp.missing_facts {
                    let got = sorted(d.missing_facts.iter().map(|m| m.to_string()).collect());
                    let want = sorted(missing.clone());
                    if got != want {
                        failures.push(format!("missing_facts: expected {want:?}, got {got:?}"));
                    }
                }
                if let Some(details) = &exp.details {
                    for (k, v) in details {
                        let got = d.details.get(k.as_str());
                        if got.map(|g| g.as_ref()) != Some(v.as_str()) {
                            failures.push(format!("details.{k}: expected {v:?}, got {got:?}"));
                        }
                    }
                }
                if d.checks.iter().all(|c| c.citation.is_empty()) {
                    failures.push("decision names no rule with a citation".to_owned());
                }
            }
        }
    }
    CaseResult {
        file: file.to_owned(),
        id: case.id.clone(),
        passed: failures.is_empty(),
        failures,
    }
}

/// Parses a case file and runs its cases. `name` is used in results and errors.
pub fn run_str(book: &RuleBook, name: &str, json: &str) -> Result<Vec<CaseResult>, RuleError> {
    let err = |case: Option<String>, message: String| RuleError::Case {
        source_name: name.to_owned(),
        case,
        message,
    };
    let file: CaseFile = serde_json::from_str(json).map_err(|e| {
        err(
            None,
            format!(
                "not a case file ({:?} at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            ),
        )
    })?;
    if file.schema_version != CASE_SCHEMA_VERSION {
        return Err(err(
            None,
            format!("schema_version {} not supported", file.schema_version),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for case in &file.cases {
        if !seen.insert(case.id.as_str()) {
            return Err(err(Some(case.id.clone()), "duplicate case id".to_owned()));
        }
        if case.expected.outcome.is_some() == case.expected.error.is_some() {
            return Err(err(
                Some(case.id.clone()),
                "expected needs exactly one of outcome and error".to_owned(),
            ));
        }
        if case.citation.trim().is_empty() {
            return Err(err(Some(case.id.clone()), "citation is empty".to_owned()));
        }
    }
    Ok(file.cases.iter().map(|c| run_case(book, name, c)).collect())
}

/// Reads and runs one case file with the embedded law.
///
/// ```no_run
/// let results = bildungsnetz::rules::conformance::run_file("tests/conformance/nrw_einschulung.json")?;
/// assert!(results.iter().all(|r| r.passed));
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn run_file(path: impl AsRef<Path>) -> Result<Vec<CaseResult>, RuleError> {
    let book = RuleBook::embedded()?;
    run_file_with(&book, path.as_ref())
}

/// Reads and runs one case file with a given book.
pub fn run_file_with(book: &RuleBook, path: &Path) -> Result<Vec<CaseResult>, RuleError> {
    let text = std::fs::read_to_string(path).map_err(|e| RuleError::Io(e.kind()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    run_str(book, &name, &text)
}

/// Runs every `*.json` case file in a directory (sorted by name; `*.schema.json` skipped).
///
/// ```
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance");
/// let results = bildungsnetz::rules::conformance::run_dir(dir)?;
/// assert!(results.len() >= 60);
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn run_dir(dir: impl AsRef<Path>) -> Result<Vec<CaseResult>, RuleError> {
    run_dir_with(&RuleBook::embedded()?, dir.as_ref())
}

/// Runs every case file (`*.json`, schemas excluded) of a directory against a given book, files
/// in name order.
pub fn run_dir_with(book: &RuleBook, dir: &Path) -> Result<Vec<CaseResult>, RuleError> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| RuleError::Io(e.kind()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with(".schema.json")
        })
        .collect();
    paths.sort();
    let mut all = Vec::new();
    for p in paths {
        all.extend(run_file_with(book, &p)?);
    }
    Ok(all)
}

impl Case {
    /// The facts with the case's Land applied.
    pub fn effective_facts(&self) -> LearnerFacts {
        let mut f = self.facts.clone();
        if f.land.is_none() {
            f.land = self.land;
        }
        f
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<RuleBook>();
    is::<Date>();
}
