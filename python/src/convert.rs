//! Conversions between Python objects and the core's values: JSON values, dates, documents.

use std::path::PathBuf;

use bildungsnetz::calendar::Date;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors;

/// Nesting deeper than this is refused when converting Python objects to JSON.
const MAX_DEPTH: usize = 256;

/// A Python object (dict, list, str, int, float, bool, None, `datetime.date`) as a JSON value.
/// `what` names the argument in error messages; `pointer` is the JSON pointer reached.
pub fn to_json_value(obj: &Bound<'_, PyAny>, pointer: &str, depth: usize) -> PyResult<Value> {
    let py = obj.py();
    if depth > MAX_DEPTH {
        return Err(errors::input(
            py,
            format!("nesting deeper than {MAX_DEPTH} levels at {pointer:?}"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::Number(i.into()));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::Number(u.into()));
        }
        return Err(errors::input(
            py,
            format!("an integer at {} does not fit in 64 bits", show(pointer)),
        ));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                errors::input(
                    py,
                    format!("a non-finite number at {} is not JSON", show(pointer)),
                )
            });
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in dict.iter() {
            let key = k.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "keys must be str; a key at {} is {}",
                    show(pointer),
                    type_name(&k)
                ))
            })?;
            let key = key.to_str()?.to_owned();
            let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
            let value = to_json_value(&v, &child, depth + 1)?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            items.push(to_json_value(&item?, &format!("{pointer}/{i}"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if let Some(date) = date_of(obj)? {
        return Ok(Value::String(date.to_string()));
    }
    // Other mappings (e.g. MappingProxy, OrderedDict subclasses are dicts already).
    if obj.hasattr("keys")? && obj.hasattr("__getitem__")? {
        let dict = PyDict::new(py);
        for k in obj.call_method0("keys")?.try_iter()? {
            let k = k?;
            let v = obj.get_item(&k)?;
            dict.set_item(k, v)?;
        }
        return to_json_value(dict.as_any(), pointer, depth);
    }
    Err(PyTypeError::new_err(format!(
        "{} at {} cannot be represented in JSON",
        type_name(obj),
        show(pointer)
    )))
}

fn show(pointer: &str) -> String {
    if pointer.is_empty() {
        "the top level".to_string()
    } else {
        format!("{pointer:?}")
    }
}

/// The type name of an object, for messages (never its value).
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

/// A JSON value as a Python object.
pub fn from_json_value<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_json_value(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, from_json_value(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A `datetime.date` (not a `datetime.datetime`) as a core date; `None` for other objects.
pub fn date_of(obj: &Bound<'_, PyAny>) -> PyResult<Option<Date>> {
    let py = obj.py();
    let datetime = py.import("datetime")?;
    let date_cls = datetime.getattr("date")?;
    if !obj.is_instance(&date_cls)? {
        return Ok(None);
    }
    if obj.is_instance(&datetime.getattr("datetime")?)? {
        return Err(PyTypeError::new_err(
            "expected a datetime.date, got a datetime.datetime; pass .date()",
        ));
    }
    let year: i32 = obj.getattr("year")?.extract()?;
    let month: u32 = obj.getattr("month")?.extract()?;
    let day: u32 = obj.getattr("day")?.extract()?;
    Date::from_ymd(year, month, day)
        .map(Some)
        .map_err(|e| errors::input(py, e.to_string()))
}

/// A date argument: a `datetime.date` or an ISO text `YYYY-MM-DD`.
pub fn extract_date(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Date> {
    let py = obj.py();
    if let Some(d) = date_of(obj)? {
        return Ok(d);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()?
            .parse::<Date>()
            .map_err(|e| errors::input(py, format!("{what}: {e}")));
    }
    Err(PyTypeError::new_err(format!(
        "{what} must be a datetime.date or a str 'YYYY-MM-DD', not {}",
        type_name(obj)
    )))
}

/// A core date as a `datetime.date`.
pub fn to_py_date<'py>(py: Python<'py>, date: Date) -> PyResult<Bound<'py, PyAny>> {
    let (y, m, d) = date.ymd();
    py.import("datetime")?.getattr("date")?.call1((y, m, d))
}

/// Where a document comes from.
pub enum Source {
    /// JSON bytes (from bytes, a JSON str, a dict or a file-like object).
    Bytes(Vec<u8>),
    /// A file to read.
    Path(PathBuf),
}

/// Reads a document source: `bytes`/`bytearray`/`memoryview` (JSON), `str` (JSON text when it
/// starts with `{`, otherwise a path), `os.PathLike` (a path), a `dict` (the document as
/// Python data), or a binary/text file object with `read()`.
pub fn extract_source(obj: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Source::Bytes(b.as_bytes().to_vec()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        if text.trim_start().starts_with('{') {
            return Ok(Source::Bytes(text.as_bytes().to_vec()));
        }
        return Ok(Source::Path(PathBuf::from(text)));
    }
    if obj.is_instance_of::<PyDict>() {
        let value = to_json_value(obj, "", 0)?;
        return serde_json::to_vec(&value)
            .map(Source::Bytes)
            .map_err(|e| PyValueError::new_err(e.to_string()));
    }
    let py = obj.py();
    let builtins = py.import("builtins")?;
    if obj.is_instance(&builtins.getattr("bytearray")?)?
        || obj.is_instance(&builtins.getattr("memoryview")?)?
    {
        let bytes = builtins.getattr("bytes")?.call1((obj,))?;
        let bytes = bytes.cast::<PyBytes>()?;
        return Ok(Source::Bytes(bytes.as_bytes().to_vec()));
    }
    if obj.is_instance(&py.import("os")?.getattr("PathLike")?)? {
        return Ok(Source::Path(obj.extract::<PathBuf>()?));
    }
    if obj.hasattr("read")? {
        let content = obj.call_method0("read")?;
        if let Ok(b) = content.cast::<PyBytes>() {
            return Ok(Source::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(s) = content.cast::<PyString>() {
            return Ok(Source::Bytes(s.to_str()?.as_bytes().to_vec()));
        }
        return Err(PyTypeError::new_err(format!(
            "read() returned {}, expected bytes or str",
            type_name(&content)
        )));
    }
    Err(PyTypeError::new_err(format!(
        "expected a path, JSON text or bytes, a dict, a file object or a Network, not {}",
        type_name(obj)
    )))
}

/// Reads the bytes of a source (files are read here; the caller may release the GIL around it).
pub fn read_source(source: Source) -> Result<Vec<u8>, (PathBuf, std::io::Error)> {
    match source {
        Source::Bytes(b) => Ok(b),
        Source::Path(p) => std::fs::read(&p).map_err(|e| (p, e)),
    }
}

/// An I/O error as the matching `OSError` subclass with `filename` set.
pub fn os_error(path: &std::path::Path, err: &std::io::Error) -> PyErr {
    let errno = err.raw_os_error().unwrap_or(0);
    let text = err.to_string();
    let reason = match text.rfind(" (os error") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text,
    };
    PyOSError::new_err((errno, reason, path.to_string_lossy().into_owned()))
}
