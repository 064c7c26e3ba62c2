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
    let field = || {
        let name = pointer.rsplit('/').next().unwrap_or_default();
        if name.is_empty() {
            "the date".to_owned()
        } else {
            format!("field {name}")
        }
    };
    if let Some(date) = date_of(obj, &field())? {
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

/// A `datetime.date` (not a `datetime.datetime`) as a core date; `None` for other objects. A
/// date outside the calendar (years 1800–2200) is an `InputError` naming `what` (e.g.
/// `"field birth_date"`), never the date.
pub fn date_of(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Option<Date>> {
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
    Date::from_ymd(year, month, day).map(Some).map_err(|_| {
        errors::input(
            py,
            format!("{what}: the date is outside the supported years 1800–2200"),
        )
    })
}

/// A date argument: a `datetime.date` or an ISO text `YYYY-MM-DD`.
pub fn extract_date(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Date> {
    let py = obj.py();
    if let Some(d) = date_of(obj, what)? {
        return Ok(d);
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_str()?.parse::<Date>().map_err(|e| {
            let problem = match e {
                bildungsnetz::calendar::CalendarError::YearOutOfRange(_) => {
                    "the date is outside the supported years 1800–2200".to_owned()
                }
                bildungsnetz::calendar::CalendarError::NoSuchDay { .. } => "no such day".to_owned(),
                other => other.to_string(),
            };
            errors::input(py, format!("{what}: {problem}"))
        });
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

/// Deserialises `T` from a JSON value, refusing a field `T` does not know at every level of
/// nesting. The error is where (`""` for the top level, else `a.b[2].c`) and what is wrong,
/// never a value.
pub fn strict<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, (String, String)> {
    bildungsnetz::io::deserialize_strict(value).map_err(strict_error)
}

/// [`strict`] for JSON text (trailing characters refused).
pub fn strict_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = bildungsnetz::io::deserialize_strict(&mut de).map_err(strict_error)?;
    de.end().map_err(|_| {
        (
            String::new(),
            "trailing characters after the JSON value".to_owned(),
        )
    })?;
    Ok(value)
}

/// Where and what: the problem of an unknown field lists the fields known there.
fn strict_error(e: bildungsnetz::io::StrictError<serde_json::Error>) -> (String, String) {
    match e {
        bildungsnetz::io::StrictError::UnknownField { path, known } if known.is_empty() => {
            (path, "unknown field".to_owned())
        }
        bildungsnetz::io::StrictError::UnknownField { path, known } => (
            path,
            format!("unknown field; known fields: {}", known.join(", ")),
        ),
        bildungsnetz::io::StrictError::Data { path, error } => {
            let path = if path == "." { String::new() } else { path };
            let problem = if error.is_data() {
                "missing, or a value of the wrong type"
            } else {
                "not well-formed JSON"
            };
            (path, problem.to_owned())
        }
    }
}

/// A path of [`strict`] to append to a name: `""`, `.a.b` or `[2].c`.
pub fn dotted(path: &str) -> String {
    if path.is_empty() || path.starts_with('[') {
        path.to_owned()
    } else {
        format!(".{path}")
    }
}

/// Where an input comes from.
pub enum Source {
    /// The contents (from bytes, a str, a dict or a file-like object): at most the limit plus
    /// one byte of them, so that a check against the limit sees the excess.
    Bytes(Vec<u8>),
    /// A file to read.
    Path(PathBuf),
}

/// At most `limit + 1` bytes of `bytes`.
fn prefix(bytes: &[u8], limit: usize) -> Vec<u8> {
    bytes
        .get(..limit.saturating_add(1).min(bytes.len()))
        .unwrap_or(bytes)
        .to_vec()
}

/// Reads a source argument. Text is never taken for a file name:
///
/// * `bytes`, `bytearray`, `memoryview`, `str`: the contents;
/// * `os.PathLike` (e.g. `pathlib.Path`): a file, read later by [`read_source`];
/// * a `dict`: a document as Python data;
/// * an object with `read()` (binary or text): the contents, read in chunks.
///
/// At most `limit + 1` bytes of contents are kept (the caller refuses or reports the excess).
pub fn extract_source(obj: &Bound<'_, PyAny>, limit: usize) -> PyResult<Source> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Source::Bytes(prefix(b.as_bytes(), limit)));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Source::Bytes(prefix(s.to_str()?.as_bytes(), limit)));
    }
    if obj.is_instance_of::<PyDict>() {
        let value = to_json_value(obj, "", 0)?;
        return serde_json::to_vec(&value)
            .map(|b| Source::Bytes(prefix(&b, limit)))
            .map_err(|e| PyValueError::new_err(e.to_string()));
    }
    let py = obj.py();
    let builtins = py.import("builtins")?;
    if obj.is_instance(&builtins.getattr("bytearray")?)?
        || obj.is_instance(&builtins.getattr("memoryview")?)?
    {
        let bytes = builtins.getattr("bytes")?.call1((obj,))?;
        let bytes = bytes.cast::<PyBytes>()?;
        return Ok(Source::Bytes(prefix(bytes.as_bytes(), limit)));
    }
    if obj.is_instance(&py.import("os")?.getattr("PathLike")?)? {
        return Ok(Source::Path(obj.extract::<PathBuf>()?));
    }
    if obj.hasattr("read")? {
        return read_file_object(obj, limit).map(Source::Bytes);
    }
    Err(PyTypeError::new_err(format!(
        "expected contents (str, bytes), a pathlib.Path, a dict, a file object or a Network, not {}",
        type_name(obj)
    )))
}

/// Reads a file object in chunks until its end or until more than `limit` bytes were read.
fn read_file_object(obj: &Bound<'_, PyAny>, limit: usize) -> PyResult<Vec<u8>> {
    const CHUNK: usize = 1 << 20;
    let mut out = Vec::new();
    while out.len() <= limit {
        let want = (limit + 1 - out.len()).min(CHUNK);
        let chunk = obj.call_method1("read", (want,))?;
        if let Ok(b) = chunk.cast::<PyBytes>() {
            if b.as_bytes().is_empty() {
                break;
            }
            out.extend_from_slice(b.as_bytes());
        } else if let Ok(s) = chunk.cast::<PyString>() {
            let text = s.to_str()?;
            if text.is_empty() {
                break;
            }
            out.extend_from_slice(text.as_bytes());
        } else if chunk.is_none() {
            // A non-blocking stream with nothing to read now: what there is, is the input.
            break;
        } else {
            return Err(PyTypeError::new_err(format!(
                "read() returned {}, expected bytes or str",
                type_name(&chunk)
            )));
        }
    }
    out.truncate(limit.saturating_add(1));
    Ok(out)
}

/// Reads the bytes of a source (files are read here, as a stream of at most `limit + 1` bytes;
/// the caller may release the GIL around it).
pub fn read_source(source: Source, limit: usize) -> Result<Vec<u8>, (PathBuf, std::io::Error)> {
    match source {
        Source::Bytes(b) => Ok(b),
        Source::Path(p) => {
            let read = || -> std::io::Result<Vec<u8>> {
                let file = std::fs::File::open(&p)?;
                let mut out = Vec::new();
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(
                        file,
                        u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1),
                    ),
                    &mut out,
                )?;
                Ok(out)
            };
            read().map_err(|e| (p.clone(), e))
        }
    }
}

/// Refuses input of more than `limit` bytes with an `InputError` naming `what` and the limit
/// (the same limits as the C library's `BILDUNGSNETZ_MAX_*_BYTES`).
pub fn within_limit(py: Python<'_>, bytes: Vec<u8>, limit: usize, what: &str) -> PyResult<Vec<u8>> {
    if bytes.len() > limit {
        return Err(errors::input(
            py,
            format!("{what} is larger than the limit; the limit is {limit} bytes"),
        ));
    }
    Ok(bytes)
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
