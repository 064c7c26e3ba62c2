//! Sekundarstufe I: APO-S I qualifications from a grade sheet, one at a time (explained,
//! typed) or many at once over the lean path (an Arrow table out, the GIL released).

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, DictionaryArray, RecordBatch, StringArray, UInt8Array};
use arrow_buffer::{BooleanBufferBuilder, NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bildungsnetz::calendar::Date;
use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::sek1::{
    GradeSheet, GradeSheetError, LeanSek1, OHNE_ABSCHLUSS, Qualification, QualificationCode,
    Sek1Engine, Sek1Qualifications, SheetView, SubjectGrade, SubjectView, prepare_view,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::batch::BatchError;
use crate::convert;
use crate::documents::{Reduce, from_state, reduce_json};
use crate::errors;
use crate::rules::rule_error;
use crate::sek1_arrow::{JsonColumn, Layout, SHEET_FIELDS, SUBJECT_FIELDS, SheetColumns};
use crate::table_batch;

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
        "language_order" => "must be an int 1 to 9",
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
enum SheetInput {
    /// Parsed sheets, or the problem of a row (from a list of dicts).
    Parsed(Vec<Result<GradeSheet, SheetProblem>>),
    /// JSON texts, one per sheet (JSON Lines or a list of str).
    Texts(Vec<String>),
    /// Arrow record batches holding the sheets as `layout` says.
    Arrow {
        layout: Layout,
        batches: Vec<RecordBatch>,
    },
}

/// What to do with an unusable sheet.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Raise,
    Null,
}

/// The key of a lean status code in the status dictionary ([`STATUS_NAMES`]).
fn status_key(code: u8) -> u8 {
    match code {
        0 => 0,
        1 => 1,
        3 => 2,
        _ => 3,
    }
}

/// The best qualification: the highest earned now or held before.
fn best_of(lean: &LeanSek1, prior: Option<Qualification>) -> Option<Qualification> {
    let earned = Qualification::ALL
        .iter()
        .zip(lean.status)
        .filter(|(_, s)| *s == 1)
        .map(|(q, _)| *q)
        .max();
    earned.max(prior)
}

/// The Prognose: the Nachprüfung subjects of the lowest evaluated qualification above `best`.
fn prognose_mask(lean: &LeanSek1, best: Option<Qualification>) -> u32 {
    Qualification::ALL
        .iter()
        .zip(lean.status.iter().zip(lean.nachpruefung))
        .find(|(q, (s, _))| Some(**q) > best && **s != 4 && **s != 1)
        .map_or(0, |(_, (_, mask))| mask)
}

/// Appends the Kürzel of the subjects in `mask` to `list` as one list entry, ordered as the
/// explained result orders them (by the upper-cased Kürzel), each copied once from the sheet.
fn append_names(list: &mut ListBuilder<StringBuilder>, subjects: &[SubjectView<'_>], mask: u32) {
    if mask != 0 {
        let mut chosen: [&str; 32] = [""; 32];
        let mut n = 0;
        for (i, s) in subjects.iter().enumerate().take(32) {
            if mask & (1 << i) != 0 {
                if let Some(slot) = chosen.get_mut(n) {
                    *slot = s.kuerzel;
                    n += 1;
                }
            }
        }
        let chosen = chosen.get_mut(..n).unwrap_or_default();
        chosen.sort_by(|a, b| {
            a.bytes()
                .map(|c| c.to_ascii_uppercase())
                .cmp(b.bytes().map(|c| c.to_ascii_uppercase()))
        });
        for name in chosen.iter() {
            list.values().append_value(name);
        }
    }
    list.append(true);
}

/// The result columns, filled row by row.
struct Output {
    as_of: Date,
    valid: BooleanBufferBuilder,
    status: [Vec<u8>; 4],
    best: Vec<u8>,
    best_valid: BooleanBufferBuilder,
    abschluss: StringBuilder,
    prognose: ListBuilder<StringBuilder>,
    np: [ListBuilder<StringBuilder>; 4],
    errors: StringBuilder,
}

impl Output {
    fn new(as_of: Date, rows: usize) -> Output {
        let list = || ListBuilder::with_capacity(StringBuilder::new(), rows);
        Output {
            as_of,
            valid: BooleanBufferBuilder::new(rows),
            status: std::array::from_fn(|_| Vec::with_capacity(rows)),
            best: Vec::with_capacity(rows),
            best_valid: BooleanBufferBuilder::new(rows),
            abschluss: StringBuilder::with_capacity(rows, rows * 3),
            prognose: list(),
            np: std::array::from_fn(|_| list()),
            errors: StringBuilder::new(),
        }
    }

    /// A decided sheet; `subjects` name the bits of the Nachprüfung sets.
    fn push(
        &mut self,
        lean: &LeanSek1,
        prior: Option<Qualification>,
        subjects: &[SubjectView<'_>],
    ) {
        self.valid.append(true);
        for (column, code) in self.status.iter_mut().zip(lean.status) {
            column.push(status_key(code));
        }
        let best = best_of(lean, prior);
        self.best.push(best.map_or(0, |q| q as u8));
        self.best_valid.append(best.is_some());
        self.abschluss
            .append_value(best.map_or(OHNE_ABSCHLUSS.kuerzel, |q| {
                lean.code_of(q, self.as_of).kuerzel
            }));
        append_names(&mut self.prognose, subjects, prognose_mask(lean, best));
        for (list, mask) in self.np.iter_mut().zip(lean.nachpruefung) {
            append_names(list, subjects, mask);
        }
        self.errors.append_null();
    }

    /// An unusable sheet: a null row saying why.
    fn push_problem(&mut self, problem: &SheetProblem) {
        self.valid.append(false);
        for column in &mut self.status {
            column.push(0);
        }
        self.best.push(0);
        self.best_valid.append(false);
        self.abschluss.append_null();
        self.prognose.append(false);
        for list in &mut self.np {
            list.append(false);
        }
        self.errors.append_value(problem.message());
    }

    fn finish(
        mut self,
        schema: SchemaRef,
        mut columns: Vec<ArrayRef>,
    ) -> Result<RecordBatch, ArrowError> {
        let valid = NullBuffer::new(self.valid.finish());
        let nulls = (valid.null_count() > 0).then_some(valid);
        let status_values: ArrayRef = Arc::new(StringArray::from(STATUS_NAMES.to_vec()));
        for keys in self.status {
            let keys = UInt8Array::new(ScalarBuffer::from(keys), nulls.clone());
            columns.push(Arc::new(DictionaryArray::try_new(
                keys,
                status_values.clone(),
            )?));
        }
        let best_keys = UInt8Array::new(
            ScalarBuffer::from(self.best),
            Some(NullBuffer::new(self.best_valid.finish())),
        );
        let qual_values: ArrayRef = Arc::new(StringArray::from(QUAL_NAMES.to_vec()));
        columns.push(Arc::new(DictionaryArray::try_new(best_keys, qual_values)?));
        columns.push(Arc::new(self.abschluss.finish()));
        columns.push(Arc::new(self.prognose.finish()));
        for mut list in self.np {
            columns.push(Arc::new(list.finish()));
        }
        columns.push(Arc::new(self.errors.finish()));
        RecordBatch::try_new(schema, columns)
    }
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

/// The result column names (an included column may not take one).
fn result_column(name: &str) -> bool {
    sek1_schema(&[]).fields().find(name).is_some()
}

/// A batch failure: the first bad sheet (row, problem), or an Arrow or rule error.
type SheetBatchError = Result<(usize, SheetProblem), BatchError>;

/// Decides the sheets one by one into `out`; `row` counts the rows across calls.
struct Decider<'e> {
    engine: Sek1Engine<'e>,
    on_error: OnError,
    out: Output,
    row: usize,
}

impl Decider<'_> {
    /// Decides one sheet into the output, or records its problem there; with
    /// `OnError::Raise` the first problem ends the batch instead.
    fn decide(
        &mut self,
        sheet: Result<SheetView<'_>, SheetProblem>,
    ) -> Result<(), SheetBatchError> {
        let decided = sheet.and_then(|s| {
            let prepared = prepare_view(&s, None).map_err(sheet_problem)?;
            Ok((self.engine.evaluate_lean(&prepared), s))
        });
        match decided {
            Ok((lean, s)) => self.out.push(&lean, s.prior, s.subjects),
            Err(p) if self.on_error == OnError::Raise => return Err(Ok((self.row, p))),
            Err(p) => self.out.push_problem(&p),
        }
        self.row += 1;
        Ok(())
    }

    /// A parsed sheet, decided through a view of it (the path Arrow input takes).
    fn decide_owned(
        &mut self,
        sheet: Result<GradeSheet, SheetProblem>,
    ) -> Result<(), SheetBatchError> {
        match sheet {
            Ok(s) => {
                let subjects: Vec<SubjectView<'_>> = s.subjects.iter().map(subject_view).collect();
                self.decide(Ok(sheet_view(&s, &subjects)))
            }
            Err(p) => self.decide(Err(p)),
        }
    }
}

fn subject_view(s: &SubjectGrade) -> SubjectView<'_> {
    SubjectView {
        kuerzel: &s.kuerzel,
        grade: s.grade,
        course: s.course,
        foreign_language: s.foreign_language,
        language_order: s.language_order,
    }
}

fn sheet_view<'a>(s: &GradeSheet, subjects: &'a [SubjectView<'a>]) -> SheetView<'a> {
    SheetView {
        schulform: s.schulform,
        jahrgang: s.jahrgang,
        gymnasium_track: s.gymnasium_track,
        bildungsgang: s.bildungsgang,
        hauptschule_typ: s.hauptschule_typ,
        prior: s.prior,
        subjects,
    }
}

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
    let rows = match &input {
        SheetInput::Parsed(sheets) => sheets.len(),
        SheetInput::Texts(texts) => texts.len(),
        SheetInput::Arrow { batches, .. } => batches.iter().map(RecordBatch::num_rows).sum(),
    };
    let mut decider = Decider {
        engine,
        on_error,
        out: Output::new(as_of, rows),
        row: 0,
    };
    match input {
        SheetInput::Parsed(sheets) => {
            for s in sheets {
                decider.decide_owned(s)?;
            }
        }
        SheetInput::Texts(texts) => {
            for t in texts {
                decider.decide_owned(sheet_from_text(&t))?;
            }
        }
        SheetInput::Arrow {
            layout: Layout::Json(column),
            batches,
        } => {
            for b in &batches {
                let texts = JsonColumn::new(b, &column).map_err(Err)?;
                for i in 0..b.num_rows() {
                    let sheet = texts.get(i).map_or_else(
                        || {
                            Err(SheetProblem {
                                field: None,
                                problem: "is null".to_owned(),
                            })
                        },
                        sheet_from_text,
                    );
                    decider.decide_owned(sheet)?;
                }
            }
        }
        SheetInput::Arrow { layout, batches } => {
            let mut subjects = Vec::new();
            for b in &batches {
                let columns = SheetColumns::new(b, layout.struct_column()).map_err(Err)?;
                for i in 0..b.num_rows() {
                    decider.decide(columns.read(i, &mut subjects))?;
                }
            }
        }
    }
    let schema = sek1_schema(include.0);
    let batch = decider
        .out
        .finish(schema.clone(), include.1)
        .map_err(|e| Err(BatchError::Arrow(e)))?;
    Ok((schema, vec![batch]))
}

/// Reads the batch's input: a list of dicts or JSON texts, JSON Lines (str or bytes), or Arrow
/// data (a pandas DataFrame, a lazy frame with `collect`) holding the sheets as `column` (JSON
/// text or a struct) or as columns; returns the input and the columns named in `include`.
fn read_input(
    data: &Bound<'_, PyAny>,
    column: &str,
    include: &[String],
    collect: bool,
) -> PyResult<(SheetInput, Vec<Field>, Vec<ArrayRef>)> {
    let py = data.py();
    let listed = data.is_instance_of::<PyString>()
        || data.is_instance_of::<PyBytes>()
        || data.is_instance_of::<PyList>()
        || data.is_instance_of::<PyTuple>();
    if listed && (!include.is_empty() || collect) {
        return Err(errors::input(
            py,
            "include= and collect= apply to tables (Arrow data, DataFrames), not to lists or \
             JSON Lines",
        ));
    }
    if let Ok(s) = data.cast::<PyString>() {
        return Ok((jsonl(s.to_str()?), Vec::new(), Vec::new()));
    }
    if let Ok(b) = data.cast::<PyBytes>() {
        let text = std::str::from_utf8(b.as_bytes())
            .map_err(|_| errors::input(py, "JSON Lines must be UTF-8"))?;
        return Ok((jsonl(text), Vec::new(), Vec::new()));
    }
    if listed {
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
    let input = table_batch::arrow_input(data, include, collect)?;
    let (schema, batches) = (input.schema, input.batches);
    let Some(layout) = Layout::of(schema.fields(), column).map_err(|e| e.into_py(py))? else {
        let names: Vec<&String> = schema.fields().iter().map(|f| f.name()).collect();
        return Err(errors::column(
            py,
            "MissingColumnError",
            column,
            None,
            format!(
                "column {column:?} (grade sheets as JSON text or a struct) is missing, and so are \
                 the sheet columns schulform, jahrgang, subjects; the input has columns {names:?}"
            ),
        ));
    };
    let mut fields = Vec::new();
    for name in include {
        if result_column(name) || layout.reads(name) {
            return Err(errors::column(
                py,
                "ColumnError",
                name,
                None,
                format!("include names {name:?}, a grade-sheet or result column; rename it"),
            ));
        }
        let field = schema.field_with_name(name).map_err(|_| {
            BatchError::Missing {
                column: name.clone(),
                available: schema.fields().iter().map(|f| f.name().clone()).collect(),
            }
            .into_py(py)
        })?;
        fields.push(field.clone());
    }
    // Every column is read or carried over: none is dropped unseen.
    if let Some(f) = schema
        .fields()
        .iter()
        .find(|f| !layout.reads(f.name()) && !include.contains(f.name()))
    {
        let name = f.name();
        return Err(errors::column(
            py,
            "ColumnError",
            name,
            None,
            format!(
                "column {name:?} is not read: the grade sheets are {}; name it in include= to \
                 carry it into the result, or select the sheet columns first",
                match &layout {
                    Layout::Columns => format!("the columns {}", SHEET_FIELDS.join(", ")),
                    Layout::Json(c) | Layout::Struct(c) => format!("column {c:?}"),
                }
            ),
        ));
    }
    // The column types are checked with the GIL, on an empty batch of the same schema.
    let empty = RecordBatch::new_empty(schema.clone());
    match &layout {
        Layout::Json(c) => JsonColumn::new(&empty, c).map(|_| ()),
        other => SheetColumns::new(&empty, other.struct_column()).map(|_| ()),
    }
    .map_err(|e| e.into_py(py))?;
    let mut arrays = Vec::new();
    for (name, field) in include.iter().zip(&fields) {
        let parts: Vec<&dyn arrow_array::Array> = batches
            .iter()
            .filter_map(|b| b.column_by_name(name).map(|a| a.as_ref()))
            .collect();
        let joined = if parts.is_empty() {
            arrow_array::new_empty_array(field.data_type())
        } else {
            arrow_select::concat::concat(&parts).map_err(|e| BatchError::Arrow(e).into_py(py))?
        };
        arrays.push(joined);
    }
    Ok((SheetInput::Arrow { layout, batches }, fields, arrays))
}

fn jsonl(text: &str) -> SheetInput {
    SheetInput::Texts(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// The result of a Sek-I batch: an Arrow table (PyCapsule interface), one row per sheet.
#[allow(clippy::too_many_arguments)]
pub fn batch_result(
    py: Python<'_>,
    book: &RuleBook,
    as_of: Date,
    data: &Bound<'_, PyAny>,
    column: &str,
    on_error: &str,
    include: Vec<String>,
    collect: bool,
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
    let (input, fields, arrays) = read_input(data, column, &include, collect)?;
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
