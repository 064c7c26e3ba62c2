//! The eligibility engine: rule books, learner facts and explained decisions.

use std::path::{Path, PathBuf};

use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::rules::conformance;
use bildungsnetz::rules::{
    Check, Decision, LearnerFacts, RuleBook, RuleError, Transition, read_learners_jsonl,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

use crate::batch;
use crate::convert::{self, Source};
use crate::errors;
use crate::table_batch;

/// A core rule error as a Python exception: errors about the caller's input as `InputError`,
/// the rest as `RuleError`; `code` carries the stable code.
pub fn rule_error(py: Python<'_>, err: &RuleError) -> PyErr {
    rule_error_at(py, err, err.to_string())
}

/// [`rule_error`] with its own message (e.g. naming a batch row).
fn rule_error_at(py: Python<'_>, err: &RuleError, message: String) -> PyErr {
    let class = match err {
        RuleError::UnknownTransition
        | RuleError::UnknownLand
        | RuleError::DateOutOfRange
        | RuleError::Record { .. } => "InputError",
        _ => "RuleError",
    };
    let code = PyString::new(py, err.code()).into_any();
    errors::make(py, class, message, &[("code", code)])
}

/// What each fact must look like, for messages that never repeat the value given.
pub(crate) fn fact_form(field: &str) -> &'static str {
    match field {
        "birth_date" | "arrival_date" => "a date (datetime.date or 'YYYY-MM-DD')",
        "land" => "a two-letter Land code such as 'NW' or 'RP'",
        "early_entry_application" | "deferral_application" | "deferred_before" => "a bool",
        "school_years_attended" => "a non-negative int",
        "school_doctor" => {
            "'schulfaehig', 'nicht_schulfaehig' or 'erhebliche_gesundheitliche_gruende'"
        }
        "gymnasium_track" => "'g8' or 'g9'",
        "schulform" => "a Schulform name such as 'gymnasium'",
        "id" | "residence_ags" | "bildungsgang" => "a str",
        "qualifications" => {
            "a list of qualification codes such as 'HA10', 'MSA', 'MSA_Q', 'FHR_S', 'ABITUR'"
        }
        "promoted"
        | "vocational_training_completed"
        | "study_related_to_training"
        | "advanced_vocational_qualification"
        | "currently_employed"
        | "training_contract" => "a bool",
        "jahrgang"
        | "vocational_training_years"
        | "work_experience_years"
        | "internship_months" => "a non-negative int",
        "sek1" => "a dict of Sek-I facts (recommendation, target_schulform, grade_sheet, …)",
        _ => "a valid value",
    }
}

/// Learner facts from a dict (or JSON text): unknown fields and malformed values raise
/// `InputError` naming the field, never the value.
pub fn extract_facts(obj: &Bound<'_, PyAny>) -> PyResult<LearnerFacts> {
    let py = obj.py();
    let value = if let Ok(s) = obj.cast::<PyString>() {
        serde_json::from_str::<serde_json::Value>(s.to_str()?).map_err(|e| {
            errors::input(
                py,
                format!(
                    "facts are not valid JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?
    } else if obj.is_instance_of::<PyDict>() {
        convert::to_json_value(obj, "", 0)?
    } else {
        return Err(PyTypeError::new_err(format!(
            "facts must be a dict (or JSON text), not {}",
            convert::type_name(obj)
        )));
    };
    if let serde_json::Value::Object(map) = &value {
        for key in map.keys() {
            if !LearnerFacts::FIELDS.contains(&key.as_str()) {
                return Err(errors::input(
                    py,
                    format!(
                        "unknown fact {key:?}; known facts: {}",
                        LearnerFacts::FIELDS.join(", ")
                    ),
                ));
            }
        }
        for (key, v) in map {
            if v.is_null() {
                continue;
            }
            let mut single = serde_json::Map::new();
            single.insert(key.clone(), v.clone());
            if serde_json::from_value::<LearnerFacts>(serde_json::Value::Object(single)).is_err() {
                return Err(errors::input(
                    py,
                    format!("fact {key:?} must be {}", fact_form(key)),
                ));
            }
        }
    } else {
        return Err(errors::input(py, "facts must be a JSON object"));
    }
    // Nulls mean "not known": drop them.
    let value = match value {
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().filter(|(_, v)| !v.is_null()).collect())
        }
        other => other,
    };
    serde_json::from_value(value).map_err(|_| errors::input(py, "facts are malformed"))
}

/// A transition from its id.
pub fn extract_transition(py: Python<'_>, id: &str) -> PyResult<Transition> {
    id.parse::<Transition>().map_err(|_| {
        let known: Vec<&str> = Transition::ALL.iter().map(|t| t.id()).collect();
        let code = PyString::new(py, "unknown_transition").into_any();
        errors::make(
            py,
            "InputError",
            format!("unknown transition {id:?}; known: {}", known.join(", ")),
            &[("code", code)],
        )
    })
}

/// A school year from `"2026/27"` or the int 2026.
pub fn extract_school_year(obj: &Bound<'_, PyAny>) -> PyResult<SchoolYear> {
    let py = obj.py();
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()?
            .parse()
            .map_err(|e| errors::input(py, format!("school_year: {e}")));
    }
    if let Ok(y) = obj.extract::<i32>() {
        return SchoolYear::starting(y).map_err(|e| errors::input(py, format!("school_year: {e}")));
    }
    Err(PyTypeError::new_err(format!(
        "school_year must be a str like '2026/27' or the int of its first year, not {}",
        convert::type_name(obj)
    )))
}

/// One rule applied to the facts.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "Check")]
#[derive(Clone, PartialEq)]
pub struct PyCheck {
    inner: Check,
}

fn enum_name<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[pymethods]
impl PyCheck {
    /// Stable rule id, e.g. ``"nrw.einschulung.stichtag"``.
    #[getter]
    fn rule_id(&self) -> &str {
        &self.inner.rule_id
    }

    /// Legal citation of the version applied.
    #[getter]
    fn citation(&self) -> &str {
        &self.inner.citation
    }

    /// The facts the check used.
    #[getter]
    fn facts_used(&self) -> Vec<String> {
        self.inner
            .facts_used
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    /// ``"satisfied"``, ``"not_satisfied"``, ``"discretionary"``, ``"not_applicable"`` or
    /// ``"missing_facts"``.
    #[getter]
    fn result(&self) -> String {
        enum_name(&self.inner.result)
    }

    /// Whether this check determined the outcome or the effective date.
    #[getter]
    fn determining(&self) -> bool {
        self.inner.determining
    }

    /// A short English note.
    #[getter]
    fn note(&self) -> &str {
        self.inner.note.as_ref()
    }

    fn __repr__(&self) -> String {
        format!(
            "Check(rule_id={:?}, result={:?}, determining={})",
            &*self.inner.rule_id,
            self.result(),
            if self.inner.determining {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// An explained decision: outcome, effective date, the checks that decided it, the facts still
/// missing and a sentence in German and English.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Decision")]
pub struct PyDecision {
    pub(crate) inner: Decision,
}

#[pymethods]
impl PyDecision {
    /// The transition asked about, e.g. ``"school_entry"``.
    #[getter]
    fn transition(&self) -> &'static str {
        self.inner.transition.id()
    }

    /// The Land whose law was applied (``"NW"``, ``"RP"``), if any.
    #[getter]
    fn land(&self) -> Option<&'static str> {
        self.inner.land.map(|l| l.code())
    }

    /// The day asked about.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.inner.as_of)
    }

    /// The school year asked about (``"2025/26"``), where the question is about one.
    #[getter]
    fn school_year(&self) -> Option<String> {
        self.inner.school_year.map(|s| s.to_string())
    }

    /// ``"eligible"``, ``"not_eligible"``, ``"discretionary"`` or ``"undetermined"``.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.inner.outcome.name()
    }

    /// The day the asked status begins (eligible) or would begin if granted (discretionary),
    /// e.g. the 1 August on which the Schulpflicht begins, as a ``datetime.date``; None when not
    /// eligible, undetermined, or where the law attaches no date (access rights,
    /// qualifications).
    #[getter]
    fn effective_date<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .effective_date
            .map(|d| convert::to_py_date(py, d))
            .transpose()
    }

    /// For a person who is not eligible: the later day from which the law gives the status,
    /// where it names one, as a ``datetime.date``; otherwise None.
    #[getter]
    fn eligible_from<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .eligible_from
            .map(|d| convert::to_py_date(py, d))
            .transpose()
    }

    /// The rules applied, in order.
    #[getter]
    fn checks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.inner
                .checks
                .iter()
                .map(|c| PyCheck { inner: c.clone() })
                .collect::<Vec<_>>(),
        )
    }

    /// The ids of the rules that determined the outcome, sorted, without duplicates.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.inner
            .determining_rule_ids()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The citations of the determining checks, in order, without duplicates.
    #[getter]
    fn citations(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.inner.determining_rules() {
            if !out.iter().any(|o| *o == c.citation) {
                out.push(c.citation.to_string());
            }
        }
        out
    }

    /// Facts that are missing and would be needed to decide.
    #[getter]
    fn missing_facts(&self) -> Vec<String> {
        self.inner
            .missing_facts
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    /// Further results by name, e.g. ``suggested_grade``, ``einschulungsart``.
    #[getter]
    fn details(&self) -> std::collections::BTreeMap<String, String> {
        self.inner
            .details
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// True when the outcome is ``"eligible"``.
    #[getter]
    fn eligible(&self) -> bool {
        self.inner.outcome == bildungsnetz::rules::Outcome::Eligible
    }

    /// A sentence for the person at the counter, in German (``"de"``) or English (``"en"``).
    #[pyo3(signature = (lang="de"))]
    fn explain(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        match lang {
            "de" => Ok(self.inner.explanation_de.clone()),
            "en" => Ok(self.inner.explanation_en.clone()),
            other => Err(errors::input(
                py,
                format!("lang must be 'de' or 'en', not {other:?}"),
            )),
        }
    }

    /// The decision as JSON text (the format of the Rust and C APIs).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.inner).map_err(|e| errors::general(py, e.to_string()))
    }

    /// The decision as Python data (dates as ISO strings, as in JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v =
            serde_json::to_value(&self.inner).map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &v)
    }

    /// A decision from its JSON text (as written by `to_json`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: &str) -> PyResult<Self> {
        serde_json::from_str(text)
            .map(|inner| PyDecision { inner })
            .map_err(|e| {
                errors::input(
                    py,
                    format!("not a decision (line {}, column {})", e.line(), e.column()),
                )
            })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyDecision>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let json = slf.get().to_json(slf.py())?;
        Ok((slf.get_type().getattr("from_json")?, (json,)))
    }

    fn __str__(&self) -> String {
        self.inner.explanation_en.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Decision {} {} effective_date={} rules={:?}>",
            self.inner.transition.id(),
            self.inner.outcome.name(),
            self.inner
                .effective_date
                .map_or("None".to_owned(), |d| d.to_string()),
            self.rule_ids()
        )
    }
}

/// The result of one conformance case.
#[pyclass(frozen, get_all, module = "bildungsnetz._native", name = "CaseResult")]
pub struct PyCaseResult {
    /// The file the case came from.
    file: String,
    /// The case id.
    id: String,
    /// Whether everything matched.
    passed: bool,
    /// What did not match.
    failures: Vec<String>,
}

#[pymethods]
impl PyCaseResult {
    fn __repr__(&self) -> String {
        format!(
            "CaseResult(file={:?}, id={:?}, passed={})",
            self.file,
            self.id,
            if self.passed { "True" } else { "False" }
        )
    }
}

/// The law the engine applies: the embedded rule packs, optionally with override files layered
/// on top ("what if NRW moved the cut-off?"). Immutable and picklable; load once, evaluate many.
#[pyclass(frozen, module = "bildungsnetz._native", name = "RuleBook")]
pub struct PyRuleBook {
    pub inner: RuleBook,
    /// The override texts applied, in order (for pickling).
    overrides: Vec<String>,
}

/// A law file's text: contents (str, bytes, dict, file object) or a `pathlib.Path`, at most
/// [`bildungsnetz::io::limits::LAW_BYTES`].
fn override_text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = obj.py();
    let limit = bildungsnetz::io::limits::LAW_BYTES;
    let source = convert::extract_source(obj, limit)?;
    let bytes = py
        .detach(|| convert::read_source(source, limit))
        .map_err(|(p, e)| convert::os_error(&p, &e))?;
    let bytes = convert::within_limit(py, bytes, limit, "the override file")?;
    String::from_utf8(bytes).map_err(|_| errors::input(py, "the override file is not UTF-8"))
}

impl PyRuleBook {
    fn build(py: Python<'_>, overrides: Vec<String>) -> PyResult<PyRuleBook> {
        let mut book = RuleBook::embedded().map_err(|e| rule_error(py, &e))?;
        for text in &overrides {
            book = book.with_overrides(text).map_err(|e| rule_error(py, &e))?;
        }
        Ok(PyRuleBook {
            inner: book,
            overrides,
        })
    }
}

#[pymethods]
impl PyRuleBook {
    /// The embedded law, with `overrides` (a law file as a ``pathlib.Path``, or its JSON
    /// text/bytes or dict — a str is never taken for a file name) layered on top when given.
    #[new]
    #[pyo3(signature = (overrides=None))]
    fn new(py: Python<'_>, overrides: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let texts = match overrides {
            Some(o) => vec![override_text(o)?],
            None => Vec::new(),
        };
        PyRuleBook::build(py, texts)
    }

    /// A copy with another override file layered on top.
    fn with_overrides(&self, py: Python<'_>, overrides: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut texts = self.overrides.clone();
        texts.push(override_text(overrides)?);
        PyRuleBook::build(py, texts)
    }

    /// The ids of all rules, sorted.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.inner.rule_ids().map(str::to_owned).collect()
    }

    /// The ids of the transitions the engine decides.
    #[staticmethod]
    fn transitions() -> Vec<&'static str> {
        Transition::ALL.iter().map(|t| t.id()).collect()
    }

    /// The version of a rule in force on a date: ``{"rule_id", "citation", "from", "until",
    /// "overridden"}`` or None.
    fn rule_in_force<'py>(
        &self,
        py: Python<'py>,
        rule_id: &str,
        date: &Bound<'py, PyAny>,
    ) -> PyResult<Option<Bound<'py, PyDict>>> {
        let date = convert::extract_date(date, "date")?;
        let Some((index, _)) = self.inner.rule_in_force(rule_id, date) else {
            return Ok(None);
        };
        let Some(r) = self.inner.rule(index) else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("rule_id", r.rule_id)?;
        d.set_item("citation", r.citation)?;
        d.set_item("from", convert::to_py_date(py, r.validity.from)?)?;
        d.set_item(
            "until",
            r.validity
                .until
                .map(|u| convert::to_py_date(py, u))
                .transpose()?,
        )?;
        d.set_item("overridden", r.overridden)?;
        Ok(Some(d))
    }

    /// Decides a transition for one learner as of a date. `facts` is a dict of learner facts
    /// (``birth_date``, ``land``, …; missing ones make the decision undetermined).
    /// `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
    /// misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
    /// step by step as ``LearnerFacts`` or use ``typing.cast``.
    #[pyo3(signature = (transition, facts, as_of))]
    fn evaluate(
        &self,
        py: Python<'_>,
        transition: &str,
        facts: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<PyDecision> {
        let transition = extract_transition(py, transition)?;
        let facts = extract_facts(facts)?;
        let as_of = convert::extract_date(as_of, "as_of")?;
        py.detach(|| self.inner.evaluate(transition, &facts, as_of))
            .map(|inner| PyDecision { inner })
            .map_err(|e| rule_error(py, &e))
    }

    /// Decides one transition (any of `transitions()`, e.g. ``"berufskolleg_b"`` or
    /// ``"studium_fachhochschule"``) for many learners as of one date, in order.
    ///
    /// * `learners` a list of fact dicts (or JSON texts), or JSON Lines (str or bytes; blank
    ///   lines skipped): one Decision per learner. A bad learner raises InputError naming its
    ///   row (list) or line (JSON Lines) and the field, never a value.
    /// * `learners` a table — anything with the Arrow PyCapsule interface (pyarrow Table or
    ///   RecordBatch, polars DataFrame), a pandas DataFrame, a polars LazyFrame with
    ///   ``collect=True`` — or a ``pathlib.Path`` (or ``path=``, str allowed there) of a CSV file
    ///   (``.csv``) or JSON Lines (``.jsonl``, ``.ndjson``, ``.json``): a ``BatchResult``, one
    ///   row per input row. Facts are read by column name (the names of the learner CSV; nested
    ///   Sek-I facts as a JSON or struct column ``sek1`` or as ``sek1.<name>`` columns, e.g.
    ///   ``sek1.grade_sheet``, JSON text or a struct). Nulls, NaN and NaT are missing facts;
    ///   timestamps are their dates; ``"true"``/``"false"`` and 1/0 are bools; a list column
    ///   or ``;``-separated text holds qualifications. `id_columns` names columns carried into
    ///   the result (a pandas index level by its ``reset_index()`` name); any other column
    ///   that is no fact raises ColumnError. A row that cannot be read or decided gets outcome
    ///   ``"error"`` and the reason in ``error`` (column and row, never a value); the other
    ///   rows are decided all the same. The result's columns: the id columns, ``row``,
    ///   ``outcome``, ``rule_id`` (``";".join(Decision.rule_ids)``), ``effective_date``,
    ///   ``eligible_from``, ``missing_facts`` (``";".join(Decision.missing_facts)``; null when
    ///   none), ``error``.
    ///
    /// The GIL is released while deciding.
    #[pyo3(signature = (transition, learners=None, as_of=None, *, id_columns=None, path=None, collect=false))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_batch<'py>(
        &self,
        py: Python<'py>,
        transition: &str,
        learners: Option<&Bound<'py, PyAny>>,
        as_of: Option<&Bound<'py, PyAny>>,
        id_columns: Option<Vec<String>>,
        path: Option<PathBuf>,
        collect: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let transition = extract_transition(py, transition)?;
        let Some(as_of) = as_of else {
            return Err(PyTypeError::new_err("evaluate_batch() needs as_of"));
        };
        let as_of = convert::extract_date(as_of, "as_of")?;
        let path = match (learners, path) {
            (Some(_), Some(_)) => {
                return Err(errors::input(py, "give learners or path=, not both"));
            }
            (None, None) => {
                return Err(PyTypeError::new_err(
                    "evaluate_batch() needs learners (or path=)",
                ));
            }
            (None, Some(p)) => Some(p),
            (Some(l), None) if l.is_instance(&py.import("os")?.getattr("PathLike")?)? => {
                Some(l.extract::<PathBuf>()?)
            }
            (Some(_), None) => None,
        };
        let id_columns = id_columns.unwrap_or_default();
        let op = table_batch::Operation::Decide(transition);
        if let Some(path) = path {
            return self
                .evaluate_file(py, op, as_of, &id_columns, &path)
                .and_then(|r| Ok(Bound::new(py, r)?.into_any()));
        }
        let learners = learners.ok_or_else(|| PyTypeError::new_err("no learners"))?;
        let listed = learners.is_instance_of::<PyString>()
            || learners.is_instance_of::<PyBytes>()
            || learners.is_instance_of::<PyList>()
            || learners.is_instance_of::<PyTuple>();
        if !listed {
            let result = self.evaluate_arrow(py, op, learners, as_of, &id_columns, collect)?;
            return Ok(Bound::new(py, result)?.into_any());
        }
        if !id_columns.is_empty() || collect {
            return Err(errors::input(
                py,
                "id_columns and collect apply to tables (Arrow data, DataFrames, files), not to \
                 a list or JSON Lines text",
            ));
        }
        let facts: Vec<LearnerFacts> = if let Ok(s) = learners.cast::<PyString>() {
            read_learners_jsonl(s.to_str()?.as_bytes()).map_err(|e| rule_error(py, &e))?
        } else if let Ok(b) = learners.cast::<PyBytes>() {
            read_learners_jsonl(b.as_bytes()).map_err(|e| rule_error(py, &e))?
        } else {
            let mut out = Vec::new();
            for (row, item) in learners.try_iter()?.enumerate() {
                out.push(extract_facts(&item?).map_err(|e| {
                    errors::input(py, format!("learner at row {row}: {}", e.value(py)))
                })?);
            }
            out
        };
        let decided = py.detach(|| {
            facts
                .iter()
                .enumerate()
                .map(|(row, f)| {
                    self.inner
                        .evaluate(transition, f, as_of)
                        .map_err(|e| (row, e))
                })
                .collect::<Result<Vec<_>, _>>()
        });
        let decisions: Vec<PyDecision> = decided
            .map(|all| all.into_iter().map(|inner| PyDecision { inner }).collect())
            .map_err(|(row, e)| rule_error_at(py, &e, format!("learner at row {row}: {e}")))?;
        Ok(decisions.into_pyobject(py)?.into_any())
    }

    /// School entry for a school year (``"2026/27"`` or 2026): `evaluate` as of 1 August.
    /// `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
    /// misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
    /// step by step as ``LearnerFacts`` or use ``typing.cast``.
    fn school_entry(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        school_year: &Bound<'_, PyAny>,
    ) -> PyResult<PyDecision> {
        let facts = extract_facts(facts)?;
        let sy = extract_school_year(school_year)?;
        py.detach(|| self.inner.school_entry(&facts, sy))
            .map(|inner| PyDecision { inner })
            .map_err(|e| rule_error(py, &e))
    }

    /// School entry for a whole table of children, over Arrow data: "schulpflichtig in
    /// `school_year`?" (column ``outcome``) and "from which 1 August?" (``effective_date`` when
    /// schulpflichtig in that year, ``eligible_from`` when not yet — the meanings of
    /// ``Decision``), with the determining rule (``rule_id``, ``citation``) — one row per input
    /// row, in order.
    ///
    /// `data` is anything with the Arrow PyCapsule interface (pyarrow Table/RecordBatch, polars
    /// or pandas DataFrame) or a bare date array. The birth dates are read from column
    /// `birth_date` (date32, date64 or timestamp); the Land is `land` for every row or read
    /// per row from `land_column`. A null raises NullValueError naming column and row unless
    /// ``on_null="undetermined"``. `include` names input columns to carry into the result (e.g.
    /// a pseudonymous id). The GIL is released while the engine works.
    ///
    /// Each row answers as ``evaluate("school_entry", {"birth_date": b, "land": L}, <1 August
    /// of school_year>)`` does. Where that call raises RuleError because the regular start
    /// needs a cut-off that is not encoded (NRW's are encoded from 1967/68, Rheinland-Pfalz's
    /// from 2004/05: children born before 1961 or 1998), the row gets outcome ``"error"`` with
    /// null dates, ``rule_id`` and ``citation``; so does a row whose Land has no school-entry
    /// rules or whose birth date lies outside 1800-2200. A school year before the encoded law
    /// fails no row that ``evaluate`` answers. With ``on_null="undetermined"`` a null birth date
    /// or Land gives ``"undetermined"`` (null ``rule_id``), or ``"error"`` where ``evaluate``
    /// without that fact raises (no cut-off encoded for the school year). With
    /// ``effective_date=False`` only the first question is answered (faster): the same
    /// ``outcome``, ``rule_id`` and ``citation`` in every row, without the two date columns.
    #[pyo3(signature = (data, *, school_year, land=None, birth_date="birth_date", land_column=None, effective_date=true, on_null="raise", include=None))]
    #[allow(clippy::too_many_arguments)]
    fn school_entry_batch(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        school_year: &Bound<'_, PyAny>,
        land: Option<&str>,
        birth_date: &str,
        land_column: Option<&str>,
        effective_date: bool,
        on_null: &str,
        include: Option<Vec<String>>,
    ) -> PyResult<batch::PySchoolEntryResult> {
        let year = extract_school_year(school_year)?;
        let land = match (land, land_column) {
            (Some(_), Some(_)) => {
                return Err(errors::input(
                    py,
                    "give either land or land_column, not both",
                ));
            }
            (None, None) => {
                return Err(errors::input(
                    py,
                    "give land='NW' (or 'RP') for all rows, or land_column='<name>'",
                ));
            }
            (Some(code), None) => Some(
                bildungsnetz::vocabulary::land(code)
                    .ok_or_else(|| rule_error(py, &RuleError::UnknownLand))?,
            ),
            (None, Some(_)) => None,
        };
        let on_null = match on_null {
            "raise" => batch::OnNull::Raise,
            "undetermined" => batch::OnNull::Undetermined,
            other => {
                return Err(errors::input(
                    py,
                    format!("on_null must be 'raise' or 'undetermined', not {other:?}"),
                ));
            }
        };
        let include = include.unwrap_or_default();
        let (schema, batches) = batch::read_table(data, birth_date)?;
        let params = batch::EntryParams {
            book: &self.inner,
            year,
            land,
            birth: birth_date,
            land_column,
            with_effective: effective_date,
            on_null,
            include: &include,
        };
        let (schema, batches) = py
            .detach(|| batch::school_entry(&params, &schema, &batches))
            .map_err(|e| e.into_py(py))?;
        Ok(batch::PySchoolEntryResult {
            schema,
            batches,
            school_year: year,
        })
    }

    /// The APO-S I qualifications (ESA, EESA, MSA, MSA_Q) of one end-of-year grade sheet under
    /// the law in force on `as_of`: per qualification earned / not earned / undetermined, the
    /// Nachprüfung subjects, the official code by date, and an explanation. `sheet` is a dict
    /// (or JSON text) with ``schulform``, ``jahrgang``, ``subjects`` (``kuerzel``, ``grade``,
    /// ``course``, ``foreign_language``) and optionally ``gymnasium_track``, ``bildungsgang``,
    /// ``hauptschule_typ``, ``prior``. A bad sheet raises RecordError naming the field.
    /// `sheet` is typed as ``bildungsnetz.GradeSheet`` (a TypedDict, so that mypy catches a
    /// misspelt key); any mapping or JSON text works at run time — annotate a dict built step
    /// by step as ``GradeSheet`` or use ``typing.cast``.
    fn sek1_qualifications(
        &self,
        py: Python<'_>,
        sheet: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<crate::sek1::PySek1Qualifications> {
        let as_of = convert::extract_date(as_of, "as_of")?;
        crate::sek1::qualifications(py, &self.inner, sheet, as_of)
    }

    /// The qualifications of many grade sheets over the lean path, as an Arrow table (one row
    /// per sheet, in order): status per qualification (``esa``, ``eesa``, ``msa``, ``msa_q``),
    /// ``best``, the official code ``abschluss`` (``"OA"`` for none), the Prognose
    /// ``nachpruefung`` and the Nachprüfung subjects per qualification (``np_esa``, …), and
    /// ``error``.
    ///
    /// * `sheets` a list of dicts (or JSON texts), or JSON Lines (str or bytes).
    /// * `sheets` a table — anything with the Arrow PyCapsule interface (pyarrow, polars), a
    ///   pandas DataFrame (Arrow dtypes, or an object column of lists of dicts, converted by
    ///   pyarrow), a polars LazyFrame with ``collect=True`` — holding the sheets as columns
    ///   ``schulform`` (text: name, key or Kürzel), ``jahrgang`` (integer), ``subjects`` (a list
    ///   of structs ``kuerzel``, ``grade`` and optionally ``course``, ``foreign_language``,
    ///   ``language_order``) and optionally ``gymnasium_track``, ``bildungsgang``,
    ///   ``hauptschule_typ``, ``prior``; or as the column `column` holding a struct with those
    ///   fields or one sheet's JSON text per row. Any string layout (also dictionary-encoded)
    ///   and integer width is read in place; a null optional field is an absent one. `include`
    ///   names columns to carry into the result (a pandas index level by its
    ///   ``reset_index()`` name); any other column raises ColumnError, a column of the wrong
    ///   type ColumnTypeError naming it, its type and what is expected.
    ///
    /// A bad sheet (unknown Schulform, grade outside 1–6 or null, null Kürzel, a subject
    /// twice, …) raises RecordError naming row and field, never a value, unless
    /// ``on_error="null"``: then its row is null and ``error`` says why. The GIL is released.
    #[pyo3(signature = (sheets, *, as_of, column="sheet", on_error="raise", include=None, collect=false))]
    #[allow(clippy::too_many_arguments)]
    fn sek1_qualifications_batch(
        &self,
        py: Python<'_>,
        sheets: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        column: &str,
        on_error: &str,
        include: Option<Vec<String>>,
        collect: bool,
    ) -> PyResult<crate::tables::PyArrowTable> {
        let as_of = convert::extract_date(as_of, "as_of")?;
        crate::sek1::batch_result(
            py,
            &self.inner,
            as_of,
            sheets,
            column,
            on_error,
            include.unwrap_or_default(),
            collect,
        )
    }

    /// G8 or G9 for a pupil who entered class 5 of an NRW Gymnasium in the school year starting
    /// in `class5_start_year`, with the school's choice; returns ``(track, citation)``.
    #[pyo3(signature = (class5_start_year, school_kept_g8=None))]
    fn gymnasium_track(
        &self,
        py: Python<'_>,
        class5_start_year: i32,
        school_kept_g8: Option<bool>,
    ) -> PyResult<(String, String)> {
        let (track, citation) = bildungsnetz::rules::sek1::gymnasium_track(
            &self.inner,
            class5_start_year,
            school_kept_g8,
        )
        .map_err(|e| rule_error(py, &e))?;
        let name = match track {
            bildungsnetz::rules::GymnasiumTrack::G8 => "g8",
            bildungsnetz::rules::GymnasiumTrack::G9 => "g9",
        };
        Ok((name.to_owned(), citation))
    }

    /// Every transition after Sek I (Oberstufe, Berufskolleg A–E, dual training, study,
    /// Weiterbildungskolleg, …) with its explained decision for this person on `as_of`: the
    /// counselling view "what can this person do next?".
    /// `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
    /// misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
    /// step by step as ``LearnerFacts`` or use ``typing.cast``.
    fn next_steps(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<crate::pathways::PyNextStep>> {
        let facts = extract_facts(facts)?;
        let as_of = convert::extract_date(as_of, "as_of")?;
        crate::pathways::next_steps(py, &self.inner, &facts, as_of)
    }

    /// The shortest routes (by months, then discretionary steps, then steps) from the
    /// person's facts on `as_of` to `goal`: ``"universitaet"``, ``"fachhochschule"``,
    /// ``"vocational_training"`` or a qualification code (``"ABITUR"``, ``"FHR_S"``, ``"MSA"``).
    /// Each step carries the facts then and its decision.
    /// `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
    /// misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
    /// step by step as ``LearnerFacts`` or use ``typing.cast``.
    #[pyo3(signature = (facts, as_of, goal, *, max_steps=5, max_routes=3, allow_discretionary=true))]
    #[allow(clippy::too_many_arguments)]
    fn routes(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        goal: &str,
        max_steps: u8,
        max_routes: u8,
        allow_discretionary: bool,
    ) -> PyResult<Vec<crate::pathways::PyRoute>> {
        let facts = extract_facts(facts)?;
        let as_of = convert::extract_date(as_of, "as_of")?;
        let opts = crate::pathways::options(max_steps, max_routes, allow_discretionary);
        crate::pathways::routes(py, &self.inner, &facts, as_of, goal, opts)
    }

    /// Every goal the person can reach within `max_steps` steps, as text (qualification codes,
    /// ``"vocational_training"``, ``"universitaet"``, ``"fachhochschule"``).
    /// `facts` is typed as ``bildungsnetz.LearnerFacts`` (a TypedDict, so that mypy catches a
    /// misspelt fact name); any mapping or JSON text works at run time — annotate a dict built
    /// step by step as ``LearnerFacts`` or use ``typing.cast``.
    #[pyo3(signature = (facts, as_of, *, max_steps=5, allow_discretionary=true))]
    fn reachable_goals(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: &Bound<'_, PyAny>,
        max_steps: u8,
        allow_discretionary: bool,
    ) -> PyResult<Vec<String>> {
        let facts = extract_facts(facts)?;
        let as_of = convert::extract_date(as_of, "as_of")?;
        let opts = crate::pathways::options(max_steps, 3, allow_discretionary);
        crate::pathways::reachable_goals(py, &self.inner, &facts, as_of, opts)
    }

    /// ``next_steps`` for a table of learners: the same inputs as ``evaluate_batch`` over a
    /// table (pyarrow, polars — a LazyFrame with ``collect=True`` —, pandas, or a CSV / JSON
    /// Lines path; facts by column name; `id_columns` carried through), one ``BatchResult``
    /// row per learner and step, in input order and then in the order of ``next_steps``.
    /// Columns: the id columns, ``row``, ``transition``, ``to`` (the stages, ``;``-joined),
    /// ``outcome``, ``rule_id``, ``effective_date``, ``eligible_from``, ``missing_facts``,
    /// ``error``. A missing fact makes a step ``undetermined`` and is named in
    /// ``missing_facts``; a learner whose row cannot be read or decided gets one row with
    /// outcome ``error`` and the reason; the others are decided all the same. Steps are decided
    /// without their explanation. The GIL is released while deciding.
    #[pyo3(signature = (learners=None, as_of=None, *, id_columns=None, path=None, collect=false))]
    fn next_steps_batch(
        &self,
        py: Python<'_>,
        learners: Option<&Bound<'_, PyAny>>,
        as_of: Option<&Bound<'_, PyAny>>,
        id_columns: Option<Vec<String>>,
        path: Option<PathBuf>,
        collect: bool,
    ) -> PyResult<table_batch::PyBatchResult> {
        self.pathway_batch(
            py,
            table_batch::Operation::NextSteps,
            "next_steps_batch",
            learners,
            as_of,
            id_columns,
            path,
            collect,
        )
    }

    /// ``reachable_goals`` for a table of learners (inputs as ``next_steps_batch``): one
    /// ``BatchResult`` row per learner and goal, in input order and then in the order of
    /// ``reachable_goals``. Columns: the id columns, ``row``, ``goal`` (a qualification code,
    /// ``"vocational_training"``, ``"universitaet"`` or ``"fachhochschule"``), ``error``. A
    /// learner with no goal in reach (e.g. for want of facts) has one row with ``goal`` null;
    /// one whose row cannot be read or decided one row with ``goal`` null and the reason in
    /// ``error``. The GIL is released while searching.
    #[pyo3(signature = (learners=None, as_of=None, *, id_columns=None, path=None, collect=false, max_steps=5, allow_discretionary=true))]
    #[allow(clippy::too_many_arguments)]
    fn reachable_goals_batch(
        &self,
        py: Python<'_>,
        learners: Option<&Bound<'_, PyAny>>,
        as_of: Option<&Bound<'_, PyAny>>,
        id_columns: Option<Vec<String>>,
        path: Option<PathBuf>,
        collect: bool,
        max_steps: u8,
        allow_discretionary: bool,
    ) -> PyResult<table_batch::PyBatchResult> {
        let opts = crate::pathways::options(max_steps, 3, allow_discretionary);
        self.pathway_batch(
            py,
            table_batch::Operation::ReachableGoals(opts),
            "reachable_goals_batch",
            learners,
            as_of,
            id_columns,
            path,
            collect,
        )
    }

    /// Runs conformance cases — a case file or a directory of them (``pathlib.Path``), or a
    /// case file's JSON text or bytes (a str is never taken for a file name) — through the Rust
    /// runner with this book. Case files larger than the C library's
    /// ``BILDUNGSNETZ_MAX_CASE_FILE_BYTES`` are refused.
    fn run_conformance(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
    ) -> PyResult<Vec<PyCaseResult>> {
        let limit = bildungsnetz::io::limits::CASE_FILE_BYTES;
        let results = match convert::extract_source(source, limit)? {
            Source::Bytes(b) => {
                let b = convert::within_limit(py, b, limit, "the case file")?;
                let text = String::from_utf8(b)
                    .map_err(|_| errors::input(py, "the case file is not UTF-8"))?;
                py.detach(|| conformance::run_str(&self.inner, "<text>", &text))
            }
            Source::Path(p) => py.detach(|| run_path(&self.inner, &p)),
        }
        .map_err(|e| rule_error(py, &e))?;
        Ok(results
            .into_iter()
            .map(|r| PyCaseResult {
                file: r.file,
                id: r.id,
                passed: r.passed,
                failures: r.failures,
            })
            .collect())
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<crate::documents::Reduce<'py, (Vec<Bound<'py, PyBytes>>,)>> {
        let py = slf.py();
        let texts = slf
            .get()
            .overrides
            .iter()
            .map(|t| PyBytes::new(py, t.as_bytes()))
            .collect();
        Ok((slf.get_type().getattr("_restore")?, (texts,)))
    }

    /// Rebuilds a book from its pickled state (the override texts).
    #[staticmethod]
    fn _restore(py: Python<'_>, overrides: Vec<Vec<u8>>) -> PyResult<Self> {
        let texts = overrides
            .into_iter()
            .map(|b| String::from_utf8(b).map_err(|_| errors::input(py, "not a pickled RuleBook")))
            .collect::<PyResult<Vec<_>>>()?;
        PyRuleBook::build(py, texts)
    }

    fn __repr__(&self) -> String {
        format!(
            "<RuleBook rules={} versions={} overrides={}>",
            self.inner.rule_ids().count(),
            self.inner.rule_count(),
            self.overrides.len()
        )
    }
}

/// Runs a case file or every case file of a directory.
fn run_path(book: &RuleBook, path: &Path) -> Result<Vec<conformance::CaseResult>, RuleError> {
    if path.is_dir() {
        conformance::run_dir_with(book, path)
    } else {
        conformance::run_file_with(book, path)
    }
}

impl PyRuleBook {
    /// `evaluate_batch` over a CSV or JSON Lines file (read and decided without the GIL).
    /// A batch over Arrow data, a pandas DataFrame or (with `collect`) a lazy frame.
    fn evaluate_arrow(
        &self,
        py: Python<'_>,
        op: table_batch::Operation,
        learners: &Bound<'_, PyAny>,
        as_of: bildungsnetz::calendar::Date,
        id_columns: &[String],
        collect: bool,
    ) -> PyResult<table_batch::PyBatchResult> {
        let input = table_batch::arrow_input(learners, id_columns, collect)?;
        let plan = table_batch::plan(py, &input.schema, id_columns, true, op)?;
        let data = py
            .detach(|| table_batch::evaluate_table(&self.inner, op, as_of, &plan, &input))
            .map_err(|e| e.into_py(py))?;
        Ok(table_batch::PyBatchResult {
            data,
            operation: op,
            as_of,
        })
    }

    /// A pathway batch (next steps, reachable goals) over a table or a file: `learners` a
    /// table or a path, or `path`.
    #[allow(clippy::too_many_arguments)]
    fn pathway_batch(
        &self,
        py: Python<'_>,
        op: table_batch::Operation,
        method: &str,
        learners: Option<&Bound<'_, PyAny>>,
        as_of: Option<&Bound<'_, PyAny>>,
        id_columns: Option<Vec<String>>,
        path: Option<PathBuf>,
        collect: bool,
    ) -> PyResult<table_batch::PyBatchResult> {
        let Some(as_of) = as_of else {
            return Err(PyTypeError::new_err(format!("{method}() needs as_of")));
        };
        let as_of = convert::extract_date(as_of, "as_of")?;
        let id_columns = id_columns.unwrap_or_default();
        let learners = match (learners, path) {
            (Some(_), Some(_)) => {
                return Err(errors::input(py, "give learners or path=, not both"));
            }
            (None, None) => {
                return Err(PyTypeError::new_err(format!(
                    "{method}() needs learners (or path=)"
                )));
            }
            (None, Some(p)) => return self.evaluate_file(py, op, as_of, &id_columns, &p),
            (Some(l), None) => l,
        };
        if learners.is_instance(&py.import("os")?.getattr("PathLike")?)? {
            let p = learners.extract::<PathBuf>()?;
            return self.evaluate_file(py, op, as_of, &id_columns, &p);
        }
        self.evaluate_arrow(py, op, learners, as_of, &id_columns, collect)
    }

    fn evaluate_file(
        &self,
        py: Python<'_>,
        op: table_batch::Operation,
        as_of: bildungsnetz::calendar::Date,
        id_columns: &[String],
        path: &Path,
    ) -> PyResult<table_batch::PyBatchResult> {
        use bildungsnetz::io::{LimitedReadError, limits::LEARNERS_BYTES, read_file_limited};
        let kind = table_batch::file_kind(py, path)?;
        let bytes = py
            .detach(|| read_file_limited(path, LEARNERS_BYTES))
            .map_err(|e| match e {
                LimitedReadError::Io(e) => convert::os_error(path, &e),
                other => errors::input(py, format!("the learners file: {other}")),
            })?;
        let data = match kind {
            table_batch::FileKind::Jsonl => py
                .detach(|| table_batch::evaluate_jsonl(&self.inner, op, as_of, id_columns, &bytes))
                .map_err(|e| e.into_py(py))?,
            table_batch::FileKind::Csv => {
                let table = py
                    .detach(|| bildungsnetz::rules::read_text_table_csv(&bytes[..], LEARNERS_BYTES))
                    .map_err(|e| rule_error(py, &e))?;
                let input = table_batch::csv_input(table)
                    .map_err(|e| batch::BatchError::Arrow(e).into_py(py))?;
                let plan = table_batch::plan(py, &input.schema, id_columns, false, op)?;
                py.detach(|| table_batch::evaluate_table(&self.inner, op, as_of, &plan, &input))
                    .map_err(|e| e.into_py(py))?
            }
        };
        Ok(table_batch::PyBatchResult {
            data,
            operation: op,
            as_of,
        })
    }
}
