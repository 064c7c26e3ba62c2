//! Network documents and their validation.

use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::io::document::DocumentError;
use bildungsnetz::model::Network;
use bildungsnetz::validate::{self as core, Code, Severity};
use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

use crate::convert::{self, Source};
use crate::errors;

/// What `__reduce__` returns: a callable and its arguments.
pub type Reduce<'py, A> = (Bound<'py, PyAny>, A);

/// `__reduce__` through the object's JSON state and the class's `_from_state`.
pub fn reduce_json<'py, T>(slf: &Bound<'py, T>) -> PyResult<Reduce<'py, (String,)>>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + serde::Serialize + Sync,
{
    let json =
        serde_json::to_string(slf.get()).map_err(|e| errors::general(slf.py(), e.to_string()))?;
    Ok((slf.as_any().get_type().getattr("_from_state")?, (json,)))
}

/// A pickled object back from its JSON state (`what` names the class in the error).
pub fn from_state<T: serde::de::DeserializeOwned>(
    py: Python<'_>,
    state: &str,
    what: &str,
) -> PyResult<T> {
    crate::convert::strict_str(state).map_err(|(path, problem)| {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(": field {path}")
        };
        errors::input(py, format!("not a pickled {what}{at}: {problem}"))
    })
}

/// One problem found in a document.
#[pyclass(frozen, eq, hash, module = "bildungsnetz._native")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    inner: ProblemKey,
}

/// The core problem, hashable.
#[derive(Clone, PartialEq, Eq, Hash)]
struct ProblemKey {
    code: Code,
    severity: Severity,
    path: String,
    message: String,
    hint: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
}

impl Problem {
    fn from_core(p: &core::Problem) -> Problem {
        Problem {
            inner: ProblemKey {
                code: p.code,
                severity: p.severity,
                path: p.path.clone(),
                message: p.message.clone(),
                hint: p.hint.clone(),
                line: p.line,
                column: p.column,
            },
        }
    }

    fn to_core(&self) -> core::Problem {
        let k = &self.inner;
        core::Problem {
            code: k.code,
            severity: k.severity,
            path: k.path.clone(),
            message: k.message.clone(),
            hint: k.hint.clone(),
            line: k.line,
            column: k.column,
        }
    }
}

fn severity_str(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[pymethods]
impl Problem {
    #[new]
    #[pyo3(signature = (code, severity, path, message, hint=None, line=None, column=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        code: &str,
        severity: &str,
        path: String,
        message: String,
        hint: Option<String>,
        line: Option<usize>,
        column: Option<usize>,
    ) -> PyResult<Problem> {
        let code = Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .ok_or_else(|| errors::input(py, format!("unknown problem code {code:?}")))?;
        let severity = match severity {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            other => {
                return Err(errors::input(
                    py,
                    format!("severity must be 'error' or 'warning', not {other:?}"),
                ));
            }
        };
        Ok(Problem {
            inner: ProblemKey {
                code,
                severity,
                path,
                message,
                hint,
                line,
                column,
            },
        })
    }

    /// Stable code, e.g. ``"duplicate_id"``.
    #[getter]
    fn code(&self) -> &'static str {
        self.inner.code.as_str()
    }

    /// ``"error"`` or ``"warning"``.
    #[getter]
    fn severity(&self) -> &'static str {
        severity_str(self.inner.severity)
    }

    /// JSON pointer into the document (``""`` for the whole document).
    #[getter]
    fn path(&self) -> &str {
        &self.inner.path
    }

    /// What is wrong, in English.
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }

    /// How to fix it, if there is something specific to say.
    #[getter]
    fn hint(&self) -> Option<&str> {
        self.inner.hint.as_deref()
    }

    /// What is wrong, in German: the code's German sentence followed by the values of the
    /// document that the English message quotes, e.g. ``"Der Verweis nennt kein Objekt der
    /// erwarteten Art in diesem Dokument: „k-achen“."``.
    #[getter]
    fn message_de(&self) -> String {
        self.to_core().message_de()
    }

    /// How to fix it, in German: the English hint's suggestion (``"Meinten Sie „k-aachen“?"``),
    /// else the code's general German hint. Never empty, unlike :attr:`hint`.
    #[getter]
    fn hint_de(&self) -> String {
        self.to_core().hint_de()
    }

    /// Line in the source text (syntax errors).
    #[getter]
    fn line(&self) -> Option<usize> {
        self.inner.line
    }

    /// Column in the source text (syntax errors).
    #[getter]
    fn column(&self) -> Option<usize> {
        self.inner.column
    }

    /// True for errors, false for warnings.
    #[getter]
    fn is_error(&self) -> bool {
        self.inner.severity == Severity::Error
    }

    /// The problem as a dict, with the German texts as ``message_de`` and ``hint_de``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("code", self.code())?;
        d.set_item("severity", self.severity())?;
        d.set_item("path", self.path())?;
        d.set_item("message", self.message())?;
        d.set_item("hint", self.hint())?;
        d.set_item("message_de", self.message_de())?;
        d.set_item("hint_de", self.hint_de())?;
        d.set_item("line", self.line())?;
        d.set_item("column", self.column())?;
        Ok(d)
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyType>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let p = slf.get();
        let args = (
            p.code(),
            p.severity(),
            p.path(),
            p.message(),
            p.hint(),
            p.line(),
            p.column(),
        )
            .into_pyobject(py)?;
        Ok((slf.get_type(), args))
    }

    fn __str__(&self) -> String {
        self.to_core().to_string()
    }

    fn __repr__(&self) -> String {
        format!(
            "Problem(code={:?}, severity={:?}, path={:?}, message={:?})",
            self.code(),
            self.severity(),
            self.path(),
            self.message()
        )
    }
}

/// All problems found in a document. Iterate over it for the problems; `ok` is true when none
/// is an error.
#[pyclass(frozen, module = "bildungsnetz._native")]
pub struct Report {
    inner: core::Report,
}

impl Report {
    pub fn from_core(inner: core::Report) -> Report {
        Report { inner }
    }

    fn problem_list(&self) -> Vec<Problem> {
        self.inner
            .problems()
            .iter()
            .map(Problem::from_core)
            .collect()
    }
}

/// The `ValidationError` for a report.
pub fn validation_error(py: Python<'_>, report: core::Report, what: &str) -> PyErr {
    let n_errors = report.errors().count();
    let first = report
        .errors()
        .next()
        .map(|p| p.to_string())
        .unwrap_or_default();
    let message = if n_errors > 1 {
        format!("{what}: {n_errors} errors; first: {first}")
    } else {
        format!("{what}: {first}")
    };
    let problems = Report::from_core(report.clone()).problem_list();
    let attrs = (|| -> PyResult<_> {
        let report_obj = Bound::new(py, Report::from_core(report))?.into_any();
        let problems_obj = PyTuple::new(py, problems)?.into_any();
        Ok([("report", report_obj), ("problems", problems_obj)])
    })();
    match attrs {
        Ok(attrs) => errors::make(py, "ValidationError", message, &attrs),
        Err(e) => e,
    }
}

#[pymethods]
impl Report {
    #[new]
    #[pyo3(signature = (problems=None))]
    fn new(py: Python<'_>, problems: Option<&Bound<'_, PyAny>>) -> PyResult<Report> {
        let mut list = Vec::new();
        if let Some(problems) = problems {
            for item in problems.try_iter()? {
                let item = item?;
                let p = item.cast::<Problem>().map_err(|_| {
                    PyTypeError::new_err(format!(
                        "Report() takes Problem objects, not {}",
                        convert::type_name(&item)
                    ))
                })?;
                list.push(p.get().to_core());
            }
        }
        // Through serde, so that line and column are kept.
        let inner: core::Report = serde_json::from_value(serde_json::json!({ "problems": list }))
            .map_err(|e| errors::general(py, e.to_string()))?;
        Ok(Report { inner })
    }

    /// True when no problem is an error (warnings allowed).
    #[getter]
    fn ok(&self) -> bool {
        self.inner.is_ok()
    }

    /// All problems, in a deterministic order.
    #[getter]
    fn problems<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.problem_list())
    }

    /// The errors only.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.inner
                .errors()
                .map(Problem::from_core)
                .collect::<Vec<_>>(),
        )
    }

    /// The warnings only.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.inner
                .warnings()
                .map(Problem::from_core)
                .collect::<Vec<_>>(),
        )
    }

    /// The distinct codes of the problems, in order of first appearance.
    #[getter]
    fn codes(&self) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = Vec::new();
        for p in self.inner.problems() {
            let c = p.code.as_str();
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
        codes
    }

    /// Whether any problem carries `code`.
    fn has(&self, code: &str) -> bool {
        self.inner
            .problems()
            .iter()
            .any(|p| p.code.as_str() == code)
    }

    /// Raises `ValidationError` when the report has errors.
    fn raise_for_errors(&self, py: Python<'_>) -> PyResult<()> {
        if self.inner.is_ok() {
            Ok(())
        } else {
            Err(validation_error(py, self.inner.clone(), "invalid document"))
        }
    }

    /// ``{"ok": bool, "problems": [...]}`` as JSON text (the format of the C and Rust APIs).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// ``{"ok": bool, "problems": [dict, ...]}``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value: serde_json::Value = serde_json::from_str(&self.inner.to_json())
            .map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &value)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.problems(py)?.try_iter()?.into_any())
    }

    fn __len__(&self) -> usize {
        self.inner.problems().len()
    }

    fn __getitem__(&self, index: isize) -> PyResult<Problem> {
        let n = self.inner.problems().len() as isize;
        let i = if index < 0 { index + n } else { index };
        usize::try_from(i)
            .ok()
            .and_then(|i| self.inner.problems().get(i))
            .map(Problem::from_core)
            .ok_or_else(|| PyIndexError::new_err("report index out of range"))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Report>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let json = serde_json::to_string(&slf.get().inner)
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((slf.get_type().getattr("_from_state")?, (json,)))
    }

    /// Rebuilds a report from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Report> {
        from_state(py, state, "Report").map(Report::from_core)
    }

    fn __str__(&self) -> String {
        if self.inner.problems().is_empty() {
            "no problems".to_string()
        } else {
            self.inner.to_string().trim_end().to_string()
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<Report ok={} errors={} warnings={}>",
            if self.inner.is_ok() { "True" } else { "False" },
            self.inner.errors().count(),
            self.inner.warnings().count()
        )
    }
}

/// A regional education network, read from a document.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Network")]
pub struct PyNetwork {
    pub inner: Network,
}

fn document_error(py: Python<'_>, err: DocumentError) -> PyErr {
    match err {
        DocumentError::Invalid(report) => validation_error(py, report, "invalid network document"),
        DocumentError::Io { path, source } => convert::os_error(&path, &source),
        other => errors::general(py, other.to_string()),
    }
}

/// The bytes of a source, at most `limit + 1` of them: the document parser reports the excess.
fn read_bytes(py: Python<'_>, source: Source, limit: usize) -> PyResult<Vec<u8>> {
    py.detach(|| convert::read_source(source, limit))
        .map_err(|(path, err)| convert::os_error(&path, &err))
}

/// Reads a network from a source without checking the domain's rules.
pub fn parse_network(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Network> {
    if let Ok(n) = source.cast::<PyNetwork>() {
        return Ok(n.get().inner.clone());
    }
    let limit = bildungsnetz::io::limits::DOCUMENT_BYTES;
    let bytes = read_bytes(py, convert::extract_source(source, limit)?, limit)?;
    py.detach(|| Network::from_json_slice(&bytes))
        .map_err(|e| document_error(py, e))
}

#[pymethods]
impl PyNetwork {
    /// Reads a network from JSON text or bytes, or an open file's contents (a str is the text,
    /// never a file name: use `from_path` for files). Raises ValidationError if the document is
    /// malformed (the domain's rules are checked by `validate`).
    #[classmethod]
    fn from_json(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let bytes = if let Ok(s) = data.cast::<pyo3::types::PyString>() {
            s.to_str()?.as_bytes().to_vec()
        } else {
            match convert::extract_source(data, bildungsnetz::io::limits::DOCUMENT_BYTES)? {
                Source::Bytes(b) => b,
                Source::Path(_) => {
                    return Err(PyTypeError::new_err(
                        "from_json takes str or bytes; use from_path for files",
                    ));
                }
            }
        };
        let inner = py
            .detach(|| Network::from_json_slice(&bytes))
            .map_err(|e| document_error(py, e))?;
        Ok(PyNetwork { inner })
    }

    /// Reads a network from a JSON file.
    #[classmethod]
    fn from_path(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        path: std::path::PathBuf,
    ) -> PyResult<Self> {
        let inner = py
            .detach(|| Network::from_path(&path))
            .map_err(|e| document_error(py, e))?;
        Ok(PyNetwork { inner })
    }

    /// Reads a network from Python data (dicts, lists, str, numbers; dates as datetime.date).
    #[classmethod]
    fn from_dict(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        if !data.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(format!(
                "from_dict takes a dict, not {}",
                convert::type_name(data)
            )));
        }
        let value = convert::to_json_value(data, "", 0)?;
        let bytes = serde_json::to_vec(&value).map_err(|e| errors::input(py, e.to_string()))?;
        let inner = py
            .detach(|| Network::from_json_slice(&bytes))
            .map_err(|e| document_error(py, e))?;
        Ok(PyNetwork { inner })
    }

    /// Identifier of the network.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Its name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The Land whose law applies, e.g. ``"NW"``.
    #[getter]
    fn land(&self, py: Python<'_>) -> PyResult<String> {
        enum_text(py, &self.inner.land)
    }

    /// The kind of territory, e.g. ``"kreisfreie_stadt"``.
    #[getter]
    fn territory(&self, py: Python<'_>) -> PyResult<String> {
        enum_text(py, &self.inner.territory)
    }

    /// Gemeindeschlüssel of the territory.
    #[getter]
    fn gemeindeschluessel(&self) -> &str {
        &self.inner.gemeindeschluessel
    }

    /// The ids of the partner institutions.
    #[getter]
    fn institution_ids(&self) -> Vec<String> {
        self.inner
            .institutions
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    /// The document as pretty-printed JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json_pretty()
    }

    /// The document as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value =
            serde_json::to_value(&self.inner).map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &value)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyNetwork>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let json = serde_json::to_string(&slf.get().inner)
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((slf.get_type().getattr("from_json")?, (json,)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "<Network id={:?} land={:?} institutions={}>",
            self.inner.id,
            self.land(py)?,
            self.inner.institutions.len()
        ))
    }
}

fn enum_text<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(other) => Ok(other.to_string()),
        Err(e) => Err(errors::general(py, e.to_string())),
    }
}

/// Checks network documents against the rules of the domain. Immutable; build once, use for
/// many documents, share between threads, pickle to workers.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Validator")]
pub struct PyValidator {
    inner: core::Validator,
    school_year: Option<SchoolYear>,
    max_bytes: Option<usize>,
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (*, school_year=None, max_bytes=None))]
    fn new(py: Python<'_>, school_year: Option<&str>, max_bytes: Option<usize>) -> PyResult<Self> {
        let mut inner = core::Validator::new().map_err(|e| errors::general(py, e.to_string()))?;
        let school_year = match school_year {
            Some(text) => {
                let sy: SchoolYear = text
                    .parse()
                    .map_err(|e| errors::input(py, format!("school_year: {e}")))?;
                inner = inner.in_school_year(sy);
                Some(sy)
            }
            None => None,
        };
        if let Some(max) = max_bytes {
            inner = inner.with_max_bytes(max);
        }
        Ok(PyValidator {
            inner,
            school_year,
            max_bytes,
        })
    }

    /// The school year Schulform keys are checked against, if set (e.g. ``"2025/26"``).
    #[getter]
    fn school_year(&self) -> Option<String> {
        self.school_year.map(|s| s.to_string())
    }

    /// The size limit for documents, if set.
    #[getter]
    fn max_bytes(&self) -> Option<usize> {
        self.max_bytes
    }

    /// Validates a network document — a Network, a ``pathlib.Path``, JSON text (a str is
    /// always the document, never a file name) or bytes, a dict or a file object — and returns a
    /// Report of every problem (syntax, structure and domain rules). A file is read as a stream
    /// of at most ``max_bytes`` + 1 bytes. Raises OSError only when a file cannot be read.
    fn validate(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Report> {
        if let Ok(n) = source.cast::<PyNetwork>() {
            let network = &n.get().inner;
            return Ok(Report::from_core(
                py.detach(|| self.inner.validate(network)),
            ));
        }
        let limit = self
            .max_bytes
            .unwrap_or(bildungsnetz::io::limits::DOCUMENT_BYTES);
        let bytes = read_bytes(py, convert::extract_source(source, limit)?, limit)?;
        Ok(Report::from_core(py.detach(|| self.inner.check(&bytes))))
    }

    /// Reads a network and checks it; raises ValidationError when it has errors.
    fn load(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyNetwork> {
        let network = parse_network(py, source)?;
        let report = py.detach(|| self.inner.validate(&network));
        if report.is_ok() {
            Ok(PyNetwork { inner: network })
        } else {
            Err(validation_error(py, report, "invalid network"))
        }
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<Reduce<'py, (Option<String>, Option<usize>)>> {
        let v = slf.get();
        Ok((
            slf.get_type().getattr("_restore")?,
            (v.school_year(), v.max_bytes),
        ))
    }

    /// Rebuilds a validator from its pickled state.
    #[staticmethod]
    #[pyo3(signature = (school_year, max_bytes))]
    fn _restore(
        py: Python<'_>,
        school_year: Option<&str>,
        max_bytes: Option<usize>,
    ) -> PyResult<Self> {
        PyValidator::new(py, school_year, max_bytes)
    }

    fn __repr__(&self) -> String {
        format!(
            "Validator(school_year={}, max_bytes={})",
            self.school_year
                .map(|s| format!("{:?}", s.to_string()))
                .unwrap_or_else(|| "None".into()),
            self.max_bytes
                .map(|m| m.to_string())
                .unwrap_or_else(|| "None".into())
        )
    }
}
