//! The exception hierarchy. The classes are made when the module is initialised (so that
//! `ValidationError` can subclass both `BildungsnetzError` and `ValueError`) and looked up from the
//! module when raised: no process-wide state.

use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple, PyType};

/// The module the exception classes live in.
pub const MODULE: &str = "bildungsnetz._native";

/// Name, bases (earlier names of this list, or builtins) and docstring of each exception class.
const CLASSES: &[(&str, &[&str], &str)] = &[
    (
        "BildungsnetzError",
        &["Exception"],
        "Base class of every error raised by bildungsnetz.",
    ),
    (
        "ValidationError",
        &["BildungsnetzError", "ValueError"],
        "A document is invalid where a valid one is required.\n\nAttributes: report (Report), \
         problems (tuple of Problem).",
    ),
    (
        "InputError",
        &["BildungsnetzError", "ValueError"],
        "An argument is unusable: malformed facts, an unknown transition, an unsupported date.",
    ),
    (
        "ColumnError",
        &["InputError"],
        "A column of a batch is unusable. Attributes: column (str), row (int or None).",
    ),
    (
        "MissingColumnError",
        &["ColumnError", "LookupError"],
        "A column the evaluation needs is not in the table.",
    ),
    (
        "ColumnTypeError",
        &["ColumnError", "TypeError"],
        "A column has a type the evaluation cannot read.",
    ),
    (
        "NullValueError",
        &["ColumnError"],
        "A required column has a null; `row` is its index in the whole input.",
    ),
    (
        "RecordError",
        &["InputError"],
        "A record (a grade sheet, an application, a monitoring record) is unusable. Attributes: \
         field (str or None), row (int or None: the 0-based record of a batch), line (int or \
         None: the 1-based line of a file), code (str).",
    ),
    (
        "ReferralError",
        &["InputError"],
        "A referral request cannot be answered (e.g. its Kommune is outside the network). \
         Attributes: field (str), code (str).",
    ),
    (
        "RegistrationError",
        &["BildungsnetzError"],
        "An event registration or cancellation was refused. Attributes: event (str), code \
         ('full', 'already_registered' or 'not_registered').",
    ),
    (
        "RuleError",
        &["BildungsnetzError"],
        "A rule book could not be loaded or a rule could not be evaluated.",
    ),
];

/// Creates the exception classes and adds them to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let builtins = py.import("builtins")?;
    let type_ = builtins.getattr("type")?;
    for (name, bases, doc) in CLASSES {
        let mut resolved = Vec::with_capacity(bases.len());
        for base in *bases {
            let b = match m.getattr(*base) {
                Ok(b) => b,
                Err(_) => builtins.getattr(*base)?,
            };
            resolved.push(b);
        }
        let dict = PyDict::new(py);
        dict.set_item("__module__", MODULE)?;
        dict.set_item("__doc__", *doc)?;
        let cls = type_.call1((*name, PyTuple::new(py, resolved)?, dict))?;
        m.add(*name, cls)?;
    }
    Ok(())
}

/// The exception class `name` of the module.
fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    let cls = py.import(MODULE)?.getattr(name)?;
    cls.cast_into::<PyType>()
        .map_err(|_| PyTypeError::new_err(format!("{MODULE}.{name} is not a class")))
}

/// Builds an exception of class `name` with `message` and extra attributes.
pub fn make(
    py: Python<'_>,
    name: &str,
    message: impl Into<String>,
    attrs: &[(&str, Bound<'_, PyAny>)],
) -> PyErr {
    let message = message.into();
    let build = || -> PyResult<PyErr> {
        let exc = class(py, name)?.call1((message.clone(),))?;
        for (key, value) in attrs {
            exc.setattr(*key, value)?;
        }
        Ok(PyErr::from_value(exc))
    };
    match build() {
        Ok(err) => err,
        // The module cannot be imported (it is being torn down): fall back to a builtin.
        Err(_) => match name {
            "BildungsnetzError" | "RuleError" => PyException::new_err(message),
            _ => PyValueError::new_err(message),
        },
    }
}

/// A `BildungsnetzError`.
pub fn general(py: Python<'_>, message: impl Into<String>) -> PyErr {
    make(py, "BildungsnetzError", message, &[])
}

/// An `InputError`.
pub fn input(py: Python<'_>, message: impl Into<String>) -> PyErr {
    make(py, "InputError", message, &[])
}

/// A `RuleError`.
#[allow(dead_code)]
pub fn rule(py: Python<'_>, message: impl Into<String>) -> PyErr {
    make(py, "RuleError", message, &[])
}

/// A `RecordError` naming the field, the 0-based row of a batch and the 1-based line of a file
/// where they apply — never a value.
pub fn record(
    py: Python<'_>,
    code: &str,
    field: Option<&str>,
    row: Option<usize>,
    line: Option<u64>,
    message: impl Into<String>,
) -> PyErr {
    let build = || -> PyResult<Vec<(&str, Bound<'_, PyAny>)>> {
        Ok(vec![
            ("code", pyo3::types::PyString::new(py, code).into_any()),
            ("field", field.into_pyobject(py)?.into_any()),
            ("row", row.into_pyobject(py)?.into_any()),
            ("line", line.into_pyobject(py)?.into_any()),
        ])
    };
    match build() {
        Ok(attrs) => make(py, "RecordError", message, &attrs),
        Err(e) => e,
    }
}

/// A column error of class `name` (`MissingColumnError`, `ColumnTypeError`, `NullValueError`,
/// `ColumnError`) naming the column and, where it applies, the row — never a value.
pub fn column(
    py: Python<'_>,
    name: &str,
    column: &str,
    row: Option<usize>,
    message: impl Into<String>,
) -> PyErr {
    let row_obj = match row {
        Some(r) => r.into_pyobject(py).map(|r| r.into_any()).ok(),
        None => Some(py.None().into_bound(py)),
    };
    let col_obj = pyo3::types::PyString::new(py, column).into_any();
    let mut attrs = vec![("column", col_obj)];
    if let Some(r) = row_obj {
        attrs.push(("row", r));
    }
    make(py, name, message, &attrs)
}
