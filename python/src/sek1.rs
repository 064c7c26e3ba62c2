//! Sekundarstufe I: APO-S I qualifications from a grade sheet, one at a time (explained,
//! typed) or many at once over the lean path (an Arrow table out, the GIL released).

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray, UInt8Array};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bildungsnetz::calendar::Date;
use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::sek1::{
    GradeSheet, GradeSheetError, LeanSek1, OHNE_ABSCHLUSS, Qualification, QualificationCode,
    Sek1Engine, Sek1Qualifications, prepare,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::batch::{self, BatchError};
use crate::convert;
use crate::documents::{Reduce, from_state, reduce_json};
use crate::errors;
use crate::rules::rule_error;

/// The top-level fields of a grade sheet.
const SHEET_FIELDS: [&str; 7] = [
    "schulform",
    "jahrgang",
    "gymnasium_track",
    "bildungsgang",
    "hauptschule_typ",
    "prior",
    "subjects",
];
/// The fields of one subject.
const SUBJECT_FIELDS: [&str; 4] = ["kuerzel", "grade", "course", "foreign_language"];
/// The status names, indexed by the key of the batch's status columns.
const STATUS_NAMES: [&str; 4] = ["not_earned", "earned", "undetermined", "not_applicable"];
const QUAL_NAMES: [&str; 4] = ["esa", "eesa", "msa", "msa_q"];

/// Why a sheet is unusable: the field (a JSON path) and what is wrong — never a value.
pub struct SheetProblem {
    pub field: Option<String>,
    pub problem: String,
}

impl SheetProblem {
    fn message(&self) -> String {
        match &self.field {
            Some(f) => format!("grade sheet field {f}: {}", self.problem),
            None => format!("grade sheet: {}", self.problem),
        }
    }

    fn into_py(self, py: Python<'_>, row: Option<usize>) -> PyErr {
        let msg = match row {
            Some(r) => format!("row {r}: {}", self.message()),
            None => self.message(),
        };
        errors::record(
            py,
            "invalid_grade_sheet",
            self.field.as_deref(),
            row,
            None,
            msg,
        )
    }
}

fn expected(field: &str) -> &'static str {
    match field {
        "schulform" => "must be a Schulform name such as 'realschule'",
        "jahrgang" => "must be an int 5 to 10",
        "gymnasium_track" => "must be 'g8' or 'g9'",
        "bildungsgang" => "must be 'integriert', 'hauptschule', 'realschule' or 'gymnasium'",
        "hauptschule_typ" => "must be 'A' or 'B'",
        "prior" => "must be 'esa', 'eesa', 'msa' or 'msa_q'",
        "subjects" => "must be a list of subjects",
        "kuerzel" => "must be a str",
        "grade" => "must be an int 1 to 6",
        "course" => "must be 'E' or 'G'",
        "foreign_language" => "must be a bool",
        _ => "is invalid",
    }
}

/// Finds the field that keeps a JSON value from being a grade sheet (the value is not reported).
fn diagnose(value: &Value) -> SheetProblem {
    let problem = |field: Option<String>, p: &str| SheetProblem {
        field,
        problem: p.to_owned(),
    };
    let Value::Object(map) = value else {
        return problem(None, "must be a JSON object");
    };
    for key in map.keys() {
        if !SHEET_FIELDS.contains(&key.as_str()) {
            return problem(
                Some(key.clone()),
                &format!("unknown field; known: {}", SHEET_FIELDS.join(", ")),
            );
        }
    }
    for required in ["schulform", "jahrgang", "subjects"] {
        if !map.contains_key(required) {
            return problem(Some(required.to_owned()), "is missing");
        }
    }
    let template = serde_json::json!({"schulform": "realschule", "jahrgang": 9, "subjects": []});
    for (key, v) in map {
        if key == "subjects" {
            continue;
        }
        let mut t = template.clone();
        if let Value::Object(m) = &mut t {
            m.insert(key.clone(), v.clone());
        }
        if serde_json::from_value::<GradeSheet>(t).is_err() {
            return problem(Some(key.clone()), expected(key));
        }
    }
    let Some(Value::Array(subjects)) = map.get("subjects") else {
        return problem(Some("subjects".to_owned()), expected("subjects"));
    };
    for (i, s) in subjects.iter().enumerate() {
        let Value::Object(sm) = s else {
            return problem(Some(format!("subjects[{i}]")), "must be an object");
        };
        for key in sm.keys() {
            if !SUBJECT_FIELDS.contains(&key.as_str()) {
                return problem(
                    Some(format!("subjects[{i}].{key}")),
                    &format!("unknown field; known: {}", SUBJECT_FIELDS.join(", ")),
                );
            }
        }
        for required in ["kuerzel", "grade"] {
            if !sm.contains_key(required) {
                return problem(Some(format!("subjects[{i}].{required}")), "is missing");
            }
        }
        for (key, v) in sm {
            let mut subject = serde_json::json!({"kuerzel": "D", "grade": 1});
            if let Value::Object(m) = &mut subject {
                m.insert(key.clone(), v.clone());
            }
            let t = serde_json::json!({"schulform": "realschule", "jahrgang": 9, "subjects": [subject]});
            if serde_json::from_value::<GradeSheet>(t).is_err() {
                return problem(Some(format!("subjects[{i}].{key}")), expected(key));
            }
        }
    }
    problem(None, "is malformed")
}

/// A grade sheet from a JSON value.
pub fn sheet_from_value(value: Value) -> Result<GradeSheet, SheetProblem> {
    GradeSheet::deserialize(&value).map_err(|_| diagnose(&value))
}

/// A grade sheet from JSON text.
fn sheet_from_text(text: &str) -> Result<GradeSheet, SheetProblem> {
    if let Ok(sheet) = serde_json::from_str::<GradeSheet>(text) {
        return Ok(sheet);
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => sheet_from_value(v),
        Err(e) => Err(SheetProblem {
            field: None,
            problem: format!(
                "is not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        }),
    }
}

fn sheet_problem(e: GradeSheetError) -> SheetProblem {
    match e {
        GradeSheetError::Invalid { field, problem } => SheetProblem {
            field: Some(field),
            problem: problem.to_owned(),
        },
        GradeSheetError::NotCovered => SheetProblem {
            field: Some("schulform".to_owned()),
            problem: "has no APO-S I rules here".to_owned(),
        },
        other => SheetProblem {
            field: None,
            problem: other.to_string(),
        },
    }
}

/// A grade sheet argument: a dict or JSON text.
pub fn extract_sheet(obj: &Bound<'_, PyAny>) -> PyResult<GradeSheet> {
    let py = obj.py();
    let result = if let Ok(s) = obj.cast::<PyString>() {
        sheet_from_text(s.to_str()?)
    } else if obj.is_instance_of::<PyDict>() {
        sheet_from_value(convert::to_json_value(obj, "", 0)?)
    } else {
        return Err(PyTypeError::new_err(format!(
            "a grade sheet must be a dict (or JSON text), not {}",
            convert::type_name(obj)
        )));
    };
    result.map_err(|p| p.into_py(py, None))
}

// ---------------------------------------------------------------------------------------------
// Typed results.

/// An official qualification code (SVWS ``SchulabschlussAllgemeinbildend``).
#[pyclass(
    frozen,
    eq,
    hash,
    get_all,
    module = "bildungsnetz._native",
    name = "QualificationCode"
)]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PyQualificationCode {
    /// Kürzel, e.g. ``"ESA"``, ``"HA10"``, ``"MSA_Q"``; ``"OA"`` = ohne Abschluss.
    kuerzel: String,
    /// Statistics key letter.
    schluessel: String,
    /// ``idStatistik``.
    id_statistik: String,
    /// The official text.
    text: String,
}

impl PyQualificationCode {
    fn from_core(c: QualificationCode) -> Self {
        PyQualificationCode {
            kuerzel: c.kuerzel.to_owned(),
            schluessel: c.schluessel.to_owned(),
            id_statistik: c.id_statistik.to_owned(),
            text: c.text.to_owned(),
        }
    }
}

#[pymethods]
impl PyQualificationCode {
    #[new]
    fn new(kuerzel: String, schluessel: String, id_statistik: String, text: String) -> Self {
        PyQualificationCode {
            kuerzel,
            schluessel,
            id_statistik,
            text,
        }
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let c = slf.get();
        let args = (
            c.kuerzel.clone(),
            c.schluessel.clone(),
            c.id_statistik.clone(),
            c.text.clone(),
        )
            .into_pyobject(slf.py())?;
        Ok((slf.get_type(), args))
    }

    fn __str__(&self) -> String {
        self.kuerzel.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "QualificationCode(kuerzel={:?}, schluessel={:?}, id_statistik={:?})",
            self.kuerzel, self.schluessel, self.id_statistik
        )
    }
}

/// What the rules found for one qualification.
#[pyclass(
    frozen,
    eq,
    get_all,
    module = "bildungsnetz._native",
    name = "QualificationResult"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyQualificationResult {
    /// ``"esa"``, ``"eesa"``, ``"msa"`` or ``"msa_q"``.
    qualification: String,
    /// ``"earned"``, ``"not_earned"``, ``"undetermined"`` or ``"not_applicable"``.
    status: String,
    /// Subjects in which a Nachprüfung could still earn it (empty if earned or if none could).
    nachpruefung: Vec<String>,
    /// The rule applied (``""`` when not applicable).
    rule_id: String,
    /// The citation of the version applied.
    citation: String,
    /// The official code of the qualification on the day (HA9/HA10 before 1 August 2022).
    code: PyQualificationCode,
}

#[pymethods]
impl PyQualificationResult {
    /// True when earned.
    #[getter]
    fn earned(&self) -> bool {
        self.status == "earned"
    }

    /// The result as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(self).map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &v)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds a result from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "QualificationResult")
    }

    fn __repr__(&self) -> String {
        format!(
            "<QualificationResult {} {} nachpruefung={:?}>",
            self.qualification, self.status, self.nachpruefung
        )
    }
}

/// The owned state of a `Sek1Qualifications` (core JSON shape, plus each result's code).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct Sek1State {
    as_of: Date,
    results: Vec<PyQualificationResult>,
    best: Option<String>,
    best_code: Option<PyQualificationCode>,
    nachpruefung: Vec<String>,
    explanation_de: String,
    explanation_en: String,
}

/// All Sek-I qualifications for one grade sheet, explained.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Sek1Qualifications")]
pub struct PySek1Qualifications {
    state: Sek1State,
}

impl PySek1Qualifications {
    fn from_core(r: &Sek1Qualifications) -> Self {
        let results = r
            .results
            .iter()
            .map(|q| PyQualificationResult {
                qualification: q.qualification.name().to_owned(),
                status: q.status.name().to_owned(),
                nachpruefung: q.nachpruefung.clone(),
                rule_id: q.rule_id.to_owned(),
                citation: q.citation.clone(),
                code: PyQualificationCode::from_core(q.qualification.code_on(r.as_of)),
            })
            .collect();
        PySek1Qualifications {
            state: Sek1State {
                as_of: r.as_of,
                results,
                best: r.best.map(|q| q.name().to_owned()),
                best_code: r.best_code.map(PyQualificationCode::from_core),
                nachpruefung: r.nachpruefung.clone(),
                explanation_de: r.explanation_de.clone(),
                explanation_en: r.explanation_en.clone(),
            },
        }
    }
}

#[pymethods]
impl PySek1Qualifications {
    /// The day whose law was applied.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.state.as_of)
    }

    /// One result per qualification, lowest first (ESA, EESA, MSA, MSA_Q).
    #[getter]
    fn results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.state.results.clone())
    }

    /// The highest qualification earned now or held before (``None``: ohne Abschluss).
    #[getter]
    fn best(&self) -> Option<String> {
        self.state.best.clone()
    }

    /// The official code of `best` on `as_of`, or ``None``.
    #[getter]
    fn best_code(&self) -> Option<PyQualificationCode> {
        self.state.best_code.clone()
    }

    /// The Kürzel of the qualification reached on `as_of` (``"OA"`` for none).
    #[getter]
    fn abschluss(&self) -> String {
        self.state
            .best_code
            .as_ref()
            .map_or_else(|| OHNE_ABSCHLUSS.kuerzel.to_owned(), |c| c.kuerzel.clone())
    }

    /// The Nachprüfung subjects of the next qualification above `best` (the "Prognose").
    #[getter]
    fn nachpruefung(&self) -> Vec<String> {
        self.state.nachpruefung.clone()
    }

    /// The names of the qualifications earned, lowest first.
    #[getter]
    fn earned(&self) -> Vec<String> {
        self.state
            .results
            .iter()
            .filter(|r| r.status == "earned")
            .map(|r| r.qualification.clone())
            .collect()
    }

    /// The result for one qualification (``"esa"``, ``"eesa"``, ``"msa"``, ``"msa_q"``).
    fn result(&self, py: Python<'_>, qualification: &str) -> PyResult<PyQualificationResult> {
        self.state
            .results
            .iter()
            .find(|r| r.qualification == qualification)
            .cloned()
            .ok_or_else(|| {
                errors::input(
                    py,
                    format!(
                        "qualification must be one of {}, not {qualification:?}",
                        QUAL_NAMES.join(", ")
                    ),
                )
            })
    }

    /// A sentence in German (``"de"``) or English (``"en"``).
    #[pyo3(signature = (lang="de"))]
    fn explain(&self, py: Python<'_>, lang: &str) -> PyResult<String> {
        match lang {
            "de" => Ok(self.state.explanation_de.clone()),
            "en" => Ok(self.state.explanation_en.clone()),
            other => Err(errors::input(
                py,
                format!("lang must be 'de' or 'en', not {other:?}"),
            )),
        }
    }

    /// The result as JSON text (the core's format; each result also carries its `code`).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.state).map_err(|e| errors::general(py, e.to_string()))
    }

    /// The result as Python data (dates as ISO strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v =
            serde_json::to_value(&self.state).map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &v)
    }

    /// A result from its JSON text (as written by `to_json`).
    #[classmethod]
    fn from_json(_cls: &Bound<'_, PyType>, py: Python<'_>, text: &str) -> PyResult<Self> {
        serde_json::from_str(text)
            .map(|state| PySek1Qualifications { state })
            .map_err(|e| {
                errors::input(
                    py,
                    format!(
                        "not a Sek1Qualifications (line {}, column {})",
                        e.line(),
                        e.column()
                    ),
                )
            })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PySek1Qualifications>()
            .is_ok_and(|o| o.get().state == self.state)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let json = slf.get().to_json(slf.py())?;
        Ok((slf.get_type().getattr("from_json")?, (json,)))
    }

    fn __str__(&self) -> String {
        self.state.explanation_en.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "<Sek1Qualifications abschluss={} earned={:?} nachpruefung={:?}>",
            self.abschluss(),
            self.earned(),
            self.state.nachpruefung
        )
    }
}

/// Evaluates one sheet, explained.
pub fn qualifications(
    py: Python<'_>,
    book: &RuleBook,
    sheet: &Bound<'_, PyAny>,
    as_of: Date,
) -> PyResult<PySek1Qualifications> {
    let sheet = extract_sheet(sheet)?;
    let result = py.detach(|| {
        let engine = book.sek1_engine(as_of).map_err(Err)?;
        engine.evaluate(&sheet).map_err(|e| Ok(sheet_problem(e)))
    });
    match result {
        Ok(r) => Ok(PySek1Qualifications::from_core(&r)),
        Err(Ok(problem)) => Err(problem.into_py(py, None)),
        Err(Err(e)) => Err(rule_error(py, &e)),
    }
}

// ---------------------------------------------------------------------------------------------
// Batch over the lean path.

/// Where the batch's grade sheets come from.
pub enum SheetInput {
    /// Parsed sheets, or the problem of a row (from a list of dicts).
    Parsed(Vec<Result<GradeSheet, SheetProblem>>),
    /// JSON texts, one per sheet (JSON Lines or a list of str); `None` for a null cell.
    Texts(Vec<Option<String>>),
}

/// What to do with an unusable sheet.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnError {
    Raise,
    Null,
}

/// The lean answer of one row, or its problem.
struct Row {
    lean: LeanSek1,
    prior: Option<Qualification>,
    kuerzel: Vec<String>,
}

fn status_key(code: u8) -> u8 {
    match code {
        0 => 0,
        1 => 1,
        3 => 2,
        _ => 3,
    }
}

fn subject_names(kuerzel: &[String], mask: u32) -> Vec<String> {
    let mut v: Vec<String> = kuerzel
        .iter()
        .enumerate()
        .filter(|(i, _)| u32::try_from(*i).is_ok_and(|i| i < 32 && mask & (1 << i) != 0))
        .map(|(_, k)| k.clone())
        .collect();
    v.sort_by_key(|k| k.to_ascii_uppercase());
    v
}

impl Row {
    fn best(&self) -> Option<Qualification> {
        let earned = Qualification::ALL
            .iter()
            .zip(self.lean.status)
            .filter(|(_, s)| *s == 1)
            .map(|(q, _)| *q)
            .max();
        match (earned, self.prior) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// The Prognose: the Nachprüfung subjects of the lowest evaluated qualification above best.
    fn prognose(&self, best: Option<Qualification>) -> Vec<String> {
        Qualification::ALL
            .iter()
            .enumerate()
            .filter(|(i, q)| Some(**q) > best && self.lean.status.get(*i).is_some_and(|s| *s != 4))
            .find(|(i, _)| self.lean.status.get(*i).is_some_and(|s| *s != 1))
            .map(|(i, _)| {
                subject_names(
                    &self.kuerzel,
                    self.lean.nachpruefung.get(i).copied().unwrap_or(0),
                )
            })
            .unwrap_or_default()
    }
}

fn evaluate_one(engine: &Sek1Engine<'_>, sheet: &GradeSheet) -> Result<Row, SheetProblem> {
    let p = prepare(sheet, None).map_err(sheet_problem)?;
    Ok(Row {
        lean: engine.evaluate_lean(&p),
        prior: sheet.prior,
        kuerzel: sheet.subjects.iter().map(|s| s.kuerzel.clone()).collect(),
    })
}

/// The schema of a Sek-I batch result.
fn sek1_schema(include: &[Field]) -> SchemaRef {
    let dict8 = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
    let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
    let mut fields: Vec<Field> = include.to_vec();
    for q in QUAL_NAMES {
        fields.push(Field::new(q, dict8.clone(), true));
    }
    fields.push(Field::new("best", dict8.clone(), true));
    fields.push(Field::new("abschluss", DataType::Utf8, true));
    fields.push(Field::new("nachpruefung", list.clone(), true));
    for q in QUAL_NAMES {
        fields.push(Field::new(format!("np_{q}"), list.clone(), true));
    }
    fields.push(Field::new("error", DataType::Utf8, true));
    Arc::new(Schema::new(fields))
}

/// A batch failure: the first bad sheet (row, problem), or an Arrow or rule error.
type SheetBatchError = Result<(usize, SheetProblem), BatchError>;

/// Evaluates every sheet (without the GIL) into one record batch.
fn sek1_batch(
    book: &RuleBook,
    as_of: Date,
    input: SheetInput,
    on_error: OnError,
    include: (&[Field], Vec<ArrayRef>),
) -> Result<(SchemaRef, Vec<RecordBatch>), SheetBatchError> {
    let engine = book
        .sek1_engine(as_of)
        .map_err(|e| Err(BatchError::Rule(e)))?;
    let rows: Vec<Result<Row, SheetProblem>> = match input {
        SheetInput::Parsed(sheets) => sheets
            .into_iter()
            .map(|s| s.and_then(|s| evaluate_one(&engine, &s)))
            .collect(),
        SheetInput::Texts(texts) => texts
            .into_iter()
            .map(|t| match t {
                Some(t) => sheet_from_text(&t).and_then(|s| evaluate_one(&engine, &s)),
                None => Err(SheetProblem {
                    field: None,
                    problem: "is null".to_owned(),
                }),
            })
            .collect(),
    };
    let mut rows = rows;
    if on_error == OnError::Raise {
        if let Some(i) = rows.iter().position(Result::is_err) {
            let placeholder = Err(SheetProblem {
                field: None,
                problem: String::new(),
            });
            if let Some(Err(p)) = rows.get_mut(i).map(|r| std::mem::replace(r, placeholder)) {
                return Err(Ok((i, p)));
            }
        }
    }
    let rows = rows;
    let n = rows.len();
    let valid: Vec<bool> = rows.iter().map(Result::is_ok).collect();
    let nulls = valid
        .contains(&false)
        .then(|| NullBuffer::from_iter(valid.iter().copied()));
    let status_values: ArrayRef = Arc::new(StringArray::from(STATUS_NAMES.to_vec()));
    let qual_values: ArrayRef = Arc::new(StringArray::from(QUAL_NAMES.to_vec()));
    let schema = sek1_schema(include.0);
    let mut columns: Vec<ArrayRef> = include.1;
    for qi in 0..4 {
        let keys: Vec<u8> = rows
            .iter()
            .map(|r| {
                r.as_ref()
                    .ok()
                    .and_then(|r| r.lean.status.get(qi).copied())
                    .map_or(0, status_key)
            })
            .collect();
        let keys = UInt8Array::new(ScalarBuffer::from(keys), nulls.clone());
        columns.push(Arc::new(
            DictionaryArray::try_new(keys, status_values.clone())
                .map_err(|e| Err(BatchError::Arrow(e)))?,
        ));
    }
    let bests: Vec<Option<Qualification>> = rows
        .iter()
        .map(|r| r.as_ref().ok().and_then(Row::best))
        .collect();
    let best_keys = UInt8Array::new(
        ScalarBuffer::from(
            bests
                .iter()
                .map(|b| b.map_or(0, |q| q as u8))
                .collect::<Vec<u8>>(),
        ),
        Some(NullBuffer::from_iter(bests.iter().map(Option::is_some))),
    );
    columns.push(Arc::new(
        DictionaryArray::try_new(best_keys, qual_values).map_err(|e| Err(BatchError::Arrow(e)))?,
    ));
    let abschluss: StringArray = rows
        .iter()
        .zip(&bests)
        .map(|(r, b)| {
            r.as_ref()
                .ok()
                .map(|r| b.map_or(OHNE_ABSCHLUSS.kuerzel, |q| r.lean.code_of(q, as_of).kuerzel))
        })
        .collect();
    columns.push(Arc::new(abschluss));
    let mut prognose = ListBuilder::new(StringBuilder::new());
    for (r, b) in rows.iter().zip(&bests) {
        match r {
            Ok(r) => {
                for s in r.prognose(*b) {
                    prognose.values().append_value(s);
                }
                prognose.append(true);
            }
            Err(_) => prognose.append(false),
        }
    }
    columns.push(Arc::new(prognose.finish()));
    for qi in 0..4 {
        let mut np = ListBuilder::new(StringBuilder::new());
        for r in &rows {
            match r {
                Ok(r) => {
                    let mask = r.lean.nachpruefung.get(qi).copied().unwrap_or(0);
                    for s in subject_names(&r.kuerzel, mask) {
                        np.values().append_value(s);
                    }
                    np.append(true);
                }
                Err(_) => np.append(false),
            }
        }
        columns.push(Arc::new(np.finish()));
    }
    let errors: StringArray = rows
        .iter()
        .map(|r| r.as_ref().err().map(SheetProblem::message))
        .collect();
    columns.push(Arc::new(errors));
    let batch =
        RecordBatch::try_new(schema.clone(), columns).map_err(|e| Err(BatchError::Arrow(e)))?;
    debug_assert_eq!(batch.num_rows(), n);
    Ok((schema, vec![batch]))
}

/// Reads the batch's input: a list of dicts or JSON texts, JSON Lines (str or bytes), or Arrow
/// data with a column of JSON texts.
pub fn read_input(
    data: &Bound<'_, PyAny>,
    column: &str,
    include: &[String],
) -> PyResult<(SheetInput, Vec<Field>, Vec<ArrayRef>)> {
    let py = data.py();
    if let Ok(s) = data.cast::<PyString>() {
        return Ok((jsonl(s.to_str()?), Vec::new(), Vec::new()));
    }
    if let Ok(b) = data.cast::<PyBytes>() {
        let text = std::str::from_utf8(b.as_bytes())
            .map_err(|_| errors::input(py, "JSON Lines must be UTF-8"))?;
        return Ok((jsonl(text), Vec::new(), Vec::new()));
    }
    if data.is_instance_of::<PyList>() || data.is_instance_of::<PyTuple>() {
        if !include.is_empty() {
            return Err(errors::input(py, "include= needs Arrow input"));
        }
        let mut out = Vec::new();
        for (i, item) in data.try_iter()?.enumerate() {
            let item = item?;
            if let Ok(s) = item.cast::<PyString>() {
                out.push(sheet_from_text(s.to_str()?));
            } else if item.is_instance_of::<PyDict>() {
                let v = convert::to_json_value(&item, &format!("/{i}"), 0)?;
                out.push(sheet_from_value(v));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "grade sheets must be dicts or JSON texts; item {i} is {}",
                    convert::type_name(&item)
                )));
            }
        }
        return Ok((SheetInput::Parsed(out), Vec::new(), Vec::new()));
    }
    if data.hasattr("__arrow_c_stream__")? || data.hasattr("__arrow_c_array__")? {
        let (schema, batches) = batch::read_table(data, column)?;
        let missing = |name: &str| {
            BatchError::Missing {
                column: name.to_owned(),
                available: schema.fields().iter().map(|f| f.name().clone()).collect(),
            }
            .into_py(py)
        };
        let field = schema
            .field_with_name(column)
            .map_err(|_| missing(column))?;
        if !matches!(
            field.data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
        ) {
            return Err(BatchError::Type {
                column: column.to_owned(),
                found: field.data_type().to_string(),
                expected: "a string column of grade-sheet JSON texts",
            }
            .into_py(py));
        }
        let mut fields = Vec::new();
        for name in include {
            fields.push(
                schema
                    .field_with_name(name)
                    .map_err(|_| missing(name))?
                    .clone(),
            );
        }
        let mut texts = Vec::new();
        for b in &batches {
            let col = b.column_by_name(column).ok_or_else(|| missing(column))?;
            let col = arrow_cast::cast(col.as_ref(), &DataType::Utf8)
                .map_err(|e| BatchError::Arrow(e).into_py(py))?;
            let s = col.as_string::<i32>();
            texts.extend(s.iter().map(|v| v.map(str::to_owned)));
        }
        let mut arrays = Vec::new();
        for name in include {
            let parts: Vec<ArrayRef> = batches
                .iter()
                .filter_map(|b| b.column_by_name(name).cloned())
                .collect();
            let refs: Vec<&dyn arrow_array::Array> = parts.iter().map(|a| a.as_ref()).collect();
            let joined = if refs.is_empty() {
                arrow_array::new_empty_array(
                    schema
                        .field_with_name(name)
                        .map_err(|_| missing(name))?
                        .data_type(),
                )
            } else {
                arrow_select_concat(&refs).map_err(|e| BatchError::Arrow(e).into_py(py))?
            };
            arrays.push(joined);
        }
        return Ok((SheetInput::Texts(texts), fields, arrays));
    }
    Err(PyTypeError::new_err(format!(
        "expected grade sheets as a list of dicts, JSON Lines (str or bytes) or Arrow data with \
         a {column:?} column of JSON texts, not {}",
        convert::type_name(data)
    )))
}

fn arrow_select_concat(
    arrays: &[&dyn arrow_array::Array],
) -> Result<ArrayRef, arrow_schema::ArrowError> {
    arrow_select::concat::concat(arrays)
}

fn jsonl(text: &str) -> SheetInput {
    SheetInput::Texts(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Some(l.to_owned()))
            .collect(),
    )
}

/// The result of a Sek-I batch: an Arrow table (PyCapsule interface), one row per sheet.
pub fn batch_result(
    py: Python<'_>,
    book: &RuleBook,
    as_of: Date,
    data: &Bound<'_, PyAny>,
    column: &str,
    on_error: &str,
    include: Vec<String>,
) -> PyResult<crate::tables::PyArrowTable> {
    let on_error = match on_error {
        "raise" => OnError::Raise,
        "null" => OnError::Null,
        other => {
            return Err(errors::input(
                py,
                format!("on_error must be 'raise' or 'null', not {other:?}"),
            ));
        }
    };
    let (input, fields, arrays) = read_input(data, column, &include)?;
    let (schema, batches) = py
        .detach(|| sek1_batch(book, as_of, input, on_error, (&fields, arrays)))
        .map_err(|e| match e {
            Ok((row, problem)) => problem.into_py(py, Some(row)),
            Err(b) => b.into_py(py),
        })?;
    Ok(crate::tables::PyArrowTable::new(
        "Sek1Result",
        schema,
        batches,
    ))
}
