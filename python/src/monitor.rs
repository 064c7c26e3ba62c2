//! Bildungsmonitoring: the standard indicators from learner-level monitoring records (Arrow,
//! dicts, JSON Lines, CSV), partial aggregates that merge (and pickle, for Dask and Spark
//! workers), protected tables out (Arrow with nulls and a status column, CSV with "."), and the
//! school-directory tables. Binds only the public API of `bildungsnetz::monitor`.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{
    Array, ArrayRef, BooleanArray, DictionaryArray, Float64Array, RecordBatch, StringArray,
    UInt8Array, UInt64Array,
};
use arrow_buffer::ScalarBuffer;
use arrow_schema::{DataType, Field as ArrowField, Schema, SchemaRef};
use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::io::directory::Importer;
use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::directory::directory_tables as core_directory_tables;
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorResult, IndicatorSet, IndicatorSpec, LandConvention, Partials, Uncounted,
    standard_indicators,
};
use bildungsnetz::monitor::record::{MonitoringRecord, read_records_csv, read_records_jsonl};
use bildungsnetz::monitor::register::{REGISTER_BYTES, Register};
use bildungsnetz::monitor::sdc::{CellStatus, Dominance, Method, Protection, Strategy};
use bildungsnetz::monitor::table::Table;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict, PyList, PyString, PyTuple, PyType};
use serde::{Deserialize, Serialize};

use crate::batch::{self, BatchError};
use crate::convert::{self, dotted, strict};
use crate::documents::{Reduce, from_state};
use crate::errors;
use crate::tables::ArrowData;

/// A monitoring error as a Python exception; never a value of the input.
pub fn monitor_error(py: Python<'_>, err: &MonitorError) -> PyErr {
    match err {
        MonitorError::Record { line, field, .. } => errors::record(
            py,
            "invalid_record",
            field.as_deref(),
            None,
            Some(*line),
            err.to_string(),
        ),
        MonitorError::Spec(_)
        | MonitorError::EmptyPopulation { .. }
        | MonitorError::LayoutMismatch
        | MonitorError::Io(_)
        | MonitorError::SumOverflow
        | MonitorError::Register { .. }
        | MonitorError::RegisterFile { .. } => errors::input(py, err.to_string()),
        _ => errors::general(py, err.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Protection settings.

/// How tables are protected. The default follows German official practice: cells with fewer
/// than 3 contributors are suppressed (primary), secondary suppression by exact Gaussian
/// elimination, and no suppressed cell derivable to an interval narrower than 3.
///
/// Settings: `rounding_base` switches from suppression to rounding every cell to a multiple
/// of the base; `dominance` is the (n, k) rule for magnitude tables. `strategy` is
/// ``"auto"``, ``"whole"`` or ``"blocks"``: secondary suppression on the whole publication at
/// once, or block by block along the Kommune (fast at Land scale); ``"auto"`` chooses blocks
/// from 61 Kommunen, for linked indicators (published together) from 15. ``existence_protection``: a primary cell's interval must reach down to 0
/// (that a child is in the cell at all is sensitive). Settings that protect nothing or mean
/// nothing raise InputError naming the setting: ``min_frequency`` below 1, ``rounding_base``
/// 0, a ``dominance`` whose n is not 1–3 or whose k is not a whole percentage 0–100
/// (negative, NaN), a negative width or percentage.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "Protection")]
#[derive(Clone, PartialEq)]
pub struct PyProtection {
    pub inner: Protection,
}

#[pymethods]
impl PyProtection {
    #[new]
    #[pyo3(signature = (*, min_frequency=None, suppress_zeros=false, dominance=None, min_interval_width=None, min_interval_percent=None, interval_protection=true, rounding_base=None, strategy="auto", existence_protection=true))]
    #[pyo3(
        text_signature = "(*, min_frequency=3, suppress_zeros=False, dominance=None, min_interval_width=3, min_interval_percent=0, interval_protection=True, rounding_base=None, strategy='auto', existence_protection=True)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        min_frequency: Option<&Bound<'_, PyAny>>,
        suppress_zeros: bool,
        dominance: Option<&Bound<'_, PyAny>>,
        min_interval_width: Option<&Bound<'_, PyAny>>,
        min_interval_percent: Option<&Bound<'_, PyAny>>,
        interval_protection: bool,
        rounding_base: Option<&Bound<'_, PyAny>>,
        strategy: &str,
        existence_protection: bool,
    ) -> PyResult<Self> {
        let strategy = match strategy {
            "auto" => Strategy::Auto,
            "whole" => Strategy::Whole,
            "blocks" => Strategy::Blocks,
            _ => {
                return Err(errors::input(
                    py,
                    "strategy must be \"auto\", \"whole\" or \"blocks\"",
                ));
            }
        };
        let default = Protection::default();
        let dominance = match dominance {
            None => None,
            Some(d) => {
                let pair: Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = d.extract().ok();
                let (n, k) = pair.ok_or_else(|| {
                    errors::input(py, "dominance must be a pair (n, k) of whole numbers")
                })?;
                Some(Dominance {
                    n: whole(py, Some(&n), "dominance n", 0)?,
                    k_percent: whole(py, Some(&k), "dominance k", 0)?,
                })
            }
        };
        let inner = Protection {
            method: match rounding_base {
                None => Method::Suppression,
                Some(b) => Method::RoundBase(whole(py, Some(b), "rounding_base", 0)?),
            },
            min_frequency: whole(py, min_frequency, "min_frequency", default.min_frequency)?,
            suppress_zeros,
            dominance,
            min_interval_width: whole(
                py,
                min_interval_width,
                "min_interval_width",
                default.min_interval_width,
            )?,
            min_interval_percent: whole(
                py,
                min_interval_percent,
                "min_interval_percent",
                default.min_interval_percent,
            )?,
            interval_protection,
            existence_protection,
            strategy,
        };
        checked(py, inner)
    }

    /// Settings for magnitude tables (pupils per school): fewer than 3 schools or the (1, 85)
    /// dominance rule make a cell primary; intervals at least 10 % of the value wide. No
    /// existence protection: that a school has pupils is public (the directory lists it).
    #[classmethod]
    fn magnitude(_cls: &Bound<'_, PyType>) -> Self {
        PyProtection {
            inner: Protection::magnitude(),
        }
    }

    /// Suppression, then the published cells rounded to a base (IT.NRW: 5): rounding alone
    /// would let the inner cells and the rounded total pin every cell.
    #[classmethod]
    #[pyo3(signature = (base=None), text_signature = "($cls, base=5)")]
    fn rounding(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        base: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        checked(
            py,
            Protection::rounding(whole(py, base, "rounding_base", 5)?),
        )
    }

    /// ``"suppression"`` or ``"rounding"``.
    #[getter]
    fn method(&self) -> &'static str {
        match self.inner.method {
            Method::Suppression => "suppression",
            Method::RoundBase(_) => "rounding",
        }
    }

    /// The rounding base, or ``None`` for suppression.
    #[getter]
    fn rounding_base(&self) -> Option<u64> {
        match self.inner.method {
            Method::RoundBase(b) => Some(b),
            Method::Suppression => None,
        }
    }

    /// Cells with 1 ≤ contributors < this are primary.
    #[getter]
    fn min_frequency(&self) -> u64 {
        self.inner.min_frequency
    }

    /// Whether empty cells are primary too.
    #[getter]
    fn suppress_zeros(&self) -> bool {
        self.inner.suppress_zeros
    }

    /// The (n, k) dominance rule, or ``None``.
    #[getter]
    fn dominance(&self) -> Option<(usize, u32)> {
        self.inner.dominance.map(|d| (d.n, d.k_percent))
    }

    /// The narrowest interval an attacker may derive for a primary cell.
    #[getter]
    fn min_interval_width(&self) -> u64 {
        self.inner.min_interval_width
    }

    /// The narrowest interval as a percentage of the primary cell's value.
    #[getter]
    fn min_interval_percent(&self) -> u32 {
        self.inner.min_interval_percent
    }

    /// Whether the interval step runs.
    #[getter]
    fn interval_protection(&self) -> bool {
        self.inner.interval_protection
    }

    /// Whether a primary cell's interval must reach down to 0.
    #[getter]
    fn existence_protection(&self) -> bool {
        self.inner.existence_protection
    }

    /// ``"auto"``, ``"whole"`` or ``"blocks"``.
    #[getter]
    fn strategy(&self) -> &'static str {
        match self.inner.strategy {
            Strategy::Auto => "auto",
            Strategy::Whole => "whole",
            Strategy::Blocks => "blocks",
        }
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        let json = serde_json::to_string(&slf.get().inner)
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((slf.get_type().getattr("_from_state")?, (json,)))
    }

    /// Rebuilds the settings from their pickled state (checked as any other settings).
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        checked(py, from_state(py, state, "Protection")?)
    }

    fn __repr__(&self) -> String {
        let p = &self.inner;
        format!(
            "Protection(method={:?}, min_frequency={}, dominance={}, min_interval_width={}, min_interval_percent={})",
            self.method(),
            p.min_frequency,
            self.dominance()
                .map_or_else(|| "None".to_owned(), |(n, k)| format!("({n}, {k})")),
            p.min_interval_width,
            p.min_interval_percent
        )
    }
}

/// A whole-number setting (a Python int, not a bool, float or NaN) that fits `T`, or `default`
/// when not given; an InputError naming the setting otherwise.
fn whole<T: TryFrom<u64>>(
    py: Python<'_>,
    value: Option<&Bound<'_, PyAny>>,
    name: &str,
    default: T,
) -> PyResult<T> {
    let Some(value) = value else {
        return Ok(default);
    };
    let is_int = value.is_instance_of::<pyo3::types::PyInt>()
        && !value.is_instance_of::<pyo3::types::PyBool>();
    let number = if is_int {
        value.extract::<u64>().ok()
    } else {
        None
    };
    number.and_then(|n| T::try_from(n).ok()).ok_or_else(|| {
        let found = if is_int {
            "out of range".to_owned()
        } else {
            format!("not {}", convert::type_name(value))
        };
        errors::input(
            py,
            format!("{name} must be a whole number of at least 0 ({found})"),
        )
    })
}

/// The settings after core's check (`Protection::check`), its message naming the setting.
fn checked(py: Python<'_>, inner: Protection) -> PyResult<PyProtection> {
    inner
        .check()
        .map_err(|e| errors::input(py, e.to_string()))?;
    Ok(PyProtection { inner })
}

fn protection_or(p: Option<&Bound<'_, PyProtection>>, default: Protection) -> Protection {
    p.map_or(default, |p| p.get().inner)
}

// ---------------------------------------------------------------------------------------------
// Protected tables.

const STATUS_VALUES: [&str; 4] = ["published", "primary", "secondary", "rounded"];

/// The owned state of a protected table (for pickling).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct TableState {
    id: String,
    dimensions: Vec<String>,
    labels: Vec<Vec<Option<String>>>,
    margin: Vec<Option<String>>,
    value_name: String,
    value: Vec<Option<u64>>,
    status: Vec<CellStatus>,
    denominator: Option<Vec<Option<u64>>>,
    /// The rates as the bits of their f64 (JSON numbers would not round-trip exactly).
    rate_bits: Option<Vec<Option<u64>>>,
}

impl TableState {
    fn rate(&self) -> Option<Vec<Option<f64>>> {
        self.rate_bits
            .as_ref()
            .map(|r| r.iter().map(|b| b.map(f64::from_bits)).collect())
    }

    fn from_core(t: &Table) -> Self {
        TableState {
            id: t.id.clone(),
            dimensions: t.dimensions.clone(),
            labels: t.labels.clone(),
            margin: t.margin.clone(),
            value_name: t.value_name.clone(),
            value: t.value.clone(),
            status: t.status.clone(),
            denominator: t.denominator.clone(),
            rate_bits: t
                .rate
                .as_ref()
                .map(|r| r.iter().map(|x| x.map(f64::to_bits)).collect()),
        }
    }

    fn to_core(&self) -> Table {
        Table {
            id: self.id.clone(),
            dimensions: self.dimensions.clone(),
            labels: self.labels.clone(),
            margin: self.margin.clone(),
            value_name: self.value_name.clone(),
            value: self.value.clone(),
            status: self.status.clone(),
            denominator: self.denominator.clone(),
            rate: self.rate(),
        }
    }

    fn arrow(&self) -> PyResult<ArrowData> {
        let mut fields = Vec::new();
        let mut columns: Vec<ArrayRef> = Vec::new();
        for (name, col) in self.dimensions.iter().zip(&self.labels) {
            fields.push(ArrowField::new(name, DataType::Utf8, true));
            columns.push(Arc::new(StringArray::from(col.clone())));
        }
        fields.push(ArrowField::new("margin", DataType::Utf8, true));
        columns.push(Arc::new(StringArray::from(self.margin.clone())));
        fields.push(ArrowField::new(&self.value_name, DataType::UInt64, true));
        columns.push(Arc::new(UInt64Array::from(self.value.clone())));
        if let Some(d) = &self.denominator {
            fields.push(ArrowField::new("denominator", DataType::UInt64, true));
            columns.push(Arc::new(UInt64Array::from(d.clone())));
        }
        if let Some(r) = self.rate() {
            fields.push(ArrowField::new("rate", DataType::Float64, true));
            columns.push(Arc::new(Float64Array::from(r)));
        }
        let keys: Vec<u8> = self
            .status
            .iter()
            .map(|s| match s {
                CellStatus::Published => 0,
                CellStatus::Primary => 1,
                CellStatus::Secondary => 2,
                CellStatus::Rounded => 3,
            })
            .collect();
        let dict = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
        fields.push(ArrowField::new("status", dict, false));
        let values: ArrayRef = Arc::new(StringArray::from(STATUS_VALUES.to_vec()));
        let status =
            DictionaryArray::try_new(UInt8Array::new(ScalarBuffer::from(keys), None), values)
                .map_err(|e| PyTypeError::new_err(e.to_string()))?;
        columns.push(Arc::new(status));
        let schema: SchemaRef = Arc::new(Schema::new(fields));
        let batch = RecordBatch::try_new(schema.clone(), columns)
            .map_err(|e| PyTypeError::new_err(e.to_string()))?;
        Ok(ArrowData {
            schema,
            batches: vec![batch],
        })
    }
}

/// A protected table for the producer: dimension columns (``None`` where a row sums over the
/// dimension: such rows are margins), ``margin`` (the dimensions the row sums over, joined
/// by ``+``: ``"kommune"``, ``"transition_schulform"``, ``"kommune+transition_schulform"``
/// for the grand total; ``None`` for an inner cell), the value (``None`` where suppressed),
/// optionally ``denominator`` and ``rate``, and ``status`` (``"published"``, ``"primary"``,
/// ``"secondary"``, ``"rounded"``). An Arrow table through the PyCapsule interface.
///
/// The status is for the producer's own checks, not for publication: a published
/// "primary" flag discloses that a cell is small. Publish ``to_csv()``: suppressed cells as
/// ``"."`` whatever the reason (as Destatis), totals labelled ``"Insgesamt"``, no status.
/// Picklable.
#[pyclass(frozen, module = "bildungsnetz._native", name = "ProtectedTable")]
pub struct PyProtectedTable {
    state: TableState,
    arrow: ArrowData,
}

impl PyProtectedTable {
    fn from_core(t: &Table) -> PyResult<Self> {
        Self::from_state_struct(TableState::from_core(t))
    }

    fn from_state_struct(state: TableState) -> PyResult<Self> {
        let arrow = state.arrow()?;
        Ok(PyProtectedTable { state, arrow })
    }
}

#[pymethods]
impl PyProtectedTable {
    /// The table's id (e.g. ``"uebergangsquote"``).
    #[getter]
    fn id(&self) -> String {
        self.state.id.clone()
    }

    /// The names of the dimension columns.
    #[getter]
    fn dimensions(&self) -> Vec<String> {
        self.state.dimensions.clone()
    }

    /// The name of the value column (``"count"``, ``"pupils"``, ``"schools"``).
    #[getter]
    fn value_name(&self) -> String {
        self.state.value_name.clone()
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.state.value.len()
    }

    fn __len__(&self) -> usize {
        self.state.value.len()
    }

    /// The column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.arrow.column_names()
    }

    /// How many cells are suppressed.
    #[getter]
    fn suppressed(&self) -> usize {
        self.state
            .status
            .iter()
            .filter(|s| s.is_suppressed())
            .count()
    }

    /// The row with these labels (one per dimension; ``None`` for the total over a
    /// dimension), or ``None``.
    fn find(&self, labels: Vec<Option<String>>) -> Option<usize> {
        let refs: Vec<Option<&str>> = labels.iter().map(Option::as_deref).collect();
        self.state.to_core().find(&refs)
    }

    /// The protected value of the row with these labels (``None`` for the total over a
    /// dimension; the value is ``None`` if suppressed); raises KeyError if there is no such
    /// row.
    fn value(&self, labels: Vec<Option<String>>) -> PyResult<Option<u64>> {
        let row = self
            .find(labels)
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err("no row with these labels"))?;
        Ok(self.state.value.get(row).copied().flatten())
    }

    /// The ``status`` column as a list: ``"published"``, ``"primary"``, ``"secondary"`` or
    /// ``"rounded"``. Not for publication: a primary flag itself discloses that a cell is
    /// small.
    fn cell_status(&self) -> Vec<&'static str> {
        self.state
            .status
            .iter()
            .map(|s| match s {
                CellStatus::Published => "published",
                CellStatus::Primary => "primary",
                CellStatus::Secondary => "secondary",
                CellStatus::Rounded => "rounded",
            })
            .collect()
    }

    /// The CSV for publication, with a header: suppressed values and unavailable rates as
    /// ``"."``, ``"Insgesamt"`` where a row sums over a dimension, the ``margin`` column last;
    /// no status.
    fn to_csv(&self) -> String {
        self.state.to_core().to_csv()
    }

    /// JSON text in columnar form for the producer: ``null`` for totals and suppressed values,
    /// with the ``margin`` and ``status`` columns.
    fn to_json(&self) -> String {
        self.state.to_core().to_json().to_string()
    }

    /// The JSON form as Python data.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json_value(py, &self.state.to_core().to_json())
    }

    /// Exports the table as an Arrow C stream.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.arrow.stream(py, requested_schema)
    }

    /// Exports the schema as an Arrow C schema capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.arrow.schema_capsule(py)
    }

    /// The table as a ``pyarrow.Table`` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The table as a ``polars.DataFrame`` (needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("polars")?.call_method1("DataFrame", (slf,))
    }

    /// The table as a ``pandas.DataFrame`` (needs pyarrow and pandas).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::tables::pandas_frame(&Self::to_pyarrow(slf)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyProtectedTable>()
            .is_ok_and(|o| o.get().state == self.state)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        let json = serde_json::to_string(&slf.get().state)
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((slf.get_type().getattr("_from_state")?, (json,)))
    }

    /// Rebuilds a table from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        let s: TableState = from_state(py, state, "ProtectedTable")?;
        Self::from_state_struct(s)
    }

    fn __repr__(&self) -> String {
        format!(
            "<ProtectedTable {} {} rows, {} suppressed, columns {:?}>",
            self.state.id,
            self.state.value.len(),
            self.suppressed(),
            self.arrow.column_names()
        )
    }
}

/// The pickled state of an indicator result: id, title, tables, records counted, the JSON of
/// the records not counted.
type ResultState = (String, String, Vec<Py<PyProtectedTable>>, u64, String);

/// One published indicator: its protected tables (the count table with margins and rates;
/// for a population denominator also the protected population table), and how many records
/// it counted and did not count, by reason.
#[pyclass(frozen, module = "bildungsnetz._native", name = "IndicatorResult")]
pub struct PyIndicatorResult {
    id: String,
    title: String,
    tables: Vec<Py<PyProtectedTable>>,
    counted: u64,
    uncounted: Vec<Uncounted>,
}

impl PyIndicatorResult {
    fn from_core(py: Python<'_>, r: &IndicatorResult, title: String) -> PyResult<Self> {
        let tables = r
            .tables
            .iter()
            .map(|t| Py::new(py, PyProtectedTable::from_core(t)?))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyIndicatorResult {
            id: r.id.clone(),
            title,
            tables,
            counted: r.counted,
            uncounted: r.uncounted.clone(),
        })
    }

    /// A warning (UserWarning) naming the records the indicator lost — meant for it, but in
    /// no cell — by reason and field; none if it lost none.
    fn warn_lost(&self, py: Python<'_>) -> PyResult<()> {
        let lost: Vec<String> = self
            .uncounted
            .iter()
            .filter(|u| u.reason.is_lost())
            .map(ToString::to_string)
            .collect();
        if lost.is_empty() {
            return Ok(());
        }
        let message = format!(
            "{}: records not counted: {} (see IndicatorResult.uncounted)",
            self.id,
            lost.join(", ")
        );
        let message =
            std::ffi::CString::new(message).map_err(|e| errors::general(py, e.to_string()))?;
        let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
        PyErr::warn(py, &category, &message, 2)
    }
}

#[pymethods]
impl PyIndicatorResult {
    /// The indicator's id.
    #[getter]
    fn id(&self) -> String {
        self.id.clone()
    }

    /// Its title.
    #[getter]
    fn title(&self) -> String {
        self.title.clone()
    }

    /// Its protected tables.
    #[getter]
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.tables.iter().map(|t| t.clone_ref(py)))
    }

    /// The records counted in the count table.
    #[getter]
    fn counted(&self) -> u64 {
        self.counted
    }

    /// The records not counted, one dict per reason and field: ``reason`` (outside the
    /// indicator by its definition: ``"other_school_year"``, ``"grade_outside"``,
    /// ``"excluded_schulform"``, ``"without_fact"``, ``"other_code"``,
    /// ``"kommune_not_in_set"``; meant for it but in no cell: ``"missing_value"``,
    /// ``"unknown_code"``), ``field``, ``records`` (how many) and ``lost`` (whether the reason
    /// is one of the last two). Counts and field names only, never a value;
    /// ``pandas.DataFrame(result.uncounted)`` makes a table of it.
    #[getter]
    fn uncounted<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .uncounted
            .iter()
            .map(|u| {
                let d = PyDict::new(py);
                d.set_item("reason", u.reason.name())?;
                d.set_item("field", &u.field)?;
                d.set_item("records", u.records)?;
                d.set_item("lost", u.reason.is_lost())?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// The count table (the first table).
    #[getter]
    fn table(&self, py: Python<'_>) -> PyResult<Py<PyProtectedTable>> {
        self.tables
            .first()
            .map(|t| t.clone_ref(py))
            .ok_or_else(|| errors::general(py, "the indicator has no table"))
    }

    /// All tables as one CSV document (``# <id>`` before each).
    fn to_csv(&self, py: Python<'_>) -> String {
        let tables: Vec<Table> = self
            .tables
            .iter()
            .map(|t| t.get().state.to_core())
            .collect();
        let _ = py;
        bildungsnetz::monitor::table::to_csv_bundle(&tables)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, ResultState>> {
        let py = slf.py();
        let r = slf.get();
        let uncounted =
            serde_json::to_string(&r.uncounted).map_err(|e| errors::general(py, e.to_string()))?;
        Ok((
            slf.get_type().getattr("_restore")?,
            (
                r.id.clone(),
                r.title.clone(),
                r.tables.iter().map(|t| t.clone_ref(py)).collect(),
                r.counted,
                uncounted,
            ),
        ))
    }

    /// Rebuilds a result from its pickled state.
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        id: String,
        title: String,
        tables: Vec<Py<PyProtectedTable>>,
        counted: u64,
        uncounted: &str,
    ) -> PyResult<Self> {
        Ok(PyIndicatorResult {
            id,
            title,
            tables,
            counted,
            uncounted: from_state(py, uncounted, "IndicatorResult")?,
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "<IndicatorResult {} tables={} counted={}>",
            self.id,
            self.tables.len(),
            self.counted
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Partials.

/// Counts of an indicator set over some records: merge partials from batches or workers,
/// then publish once. Picklable (to send from Dask or Spark workers to the driver).
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "Partials")]
#[derive(Clone, PartialEq)]
pub struct PyPartials {
    inner: Partials,
}

#[pymethods]
impl PyPartials {
    /// The merge of this and `other` (a new object; merge order does not matter).
    fn merge(&self, py: Python<'_>, other: &Bound<'_, PyPartials>) -> PyResult<PyPartials> {
        let mut out = self.inner.clone();
        let other = &other.get().inner;
        py.detach(|| out.merge(other))
            .map_err(|e| monitor_error(py, &e))?;
        Ok(PyPartials { inner: out })
    }

    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<PyPartials> {
        let other = other.cast::<PyPartials>().map_err(|_| {
            PyTypeError::new_err(format!(
                "can only add Partials to Partials, not {}",
                convert::type_name(other)
            ))
        })?;
        self.merge(py, other)
    }

    /// Merges any number of partials (at least one).
    #[staticmethod]
    fn merge_all(py: Python<'_>, partials: &Bound<'_, PyAny>) -> PyResult<PyPartials> {
        let mut out: Option<Partials> = None;
        for item in partials.try_iter()? {
            let item = item?;
            let p = item.cast::<PyPartials>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "merge_all takes Partials, not {}",
                    convert::type_name(&item)
                ))
            })?;
            match out.as_mut() {
                None => out = Some(p.get().inner.clone()),
                Some(acc) => {
                    let other = &p.get().inner;
                    py.detach(|| acc.merge(other))
                        .map_err(|e| monitor_error(py, &e))?;
                }
            }
        }
        out.map(|inner| PyPartials { inner })
            .ok_or_else(|| errors::input(py, "merge_all needs at least one Partials"))
    }

    /// The number of counted contributions over all indicators' numerator cubes.
    #[getter]
    fn total(&self) -> u64 {
        self.inner
            .cubes
            .iter()
            .flat_map(|c| c.cells())
            .map(|c| c.count)
            .sum()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        let json = serde_json::to_string(&slf.get().inner)
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((slf.get_type().getattr("_from_state")?, (json,)))
    }

    /// Rebuilds partials from their pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Partials").map(|inner| PyPartials { inner })
    }

    fn __repr__(&self) -> String {
        format!(
            "<Partials indicators={} counted={}>",
            self.inner.cubes.len(),
            self.total()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Records from Arrow.

const STRING_FIELDS: [&str; 4] = [
    "school_ags",
    "residence_ags",
    "schulform",
    "transition_schulform",
];
const ENUM_FIELDS: [&str; 3] = ["school_entry", "recommendation", "qualification"];
const BOOL_FIELDS: [&str; 2] = ["repeater", "foerderbedarf"];

fn is_string(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(_, v) => is_string(v),
        _ => false,
    }
}

/// Checks the input columns up front.
fn check_record_schema(schema: &Schema) -> Result<(), BatchError> {
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    for f in schema.fields() {
        let name = f.name().as_str();
        if !MonitoringRecord::FIELDS.contains(&name) {
            return Err(BatchError::Unknown {
                column: name.to_owned(),
                known: "id, school_year, school_ags, residence_ags, schulform, grade, \
                        school_entry, recommendation, transition_schulform, qualification, \
                        repeater, foerderbedarf",
            });
        }
        let t = f.data_type();
        let ok = match name {
            "id" => true,
            "school_year" => is_string(t) || t.is_integer(),
            "grade" => t.is_integer() || *t == DataType::Null,
            n if BOOL_FIELDS.contains(&n) => matches!(t, DataType::Boolean | DataType::Null),
            _ => is_string(t),
        };
        if !ok {
            let expected = match name {
                "school_year" => "a string column ('2024/25') or the int of its first year",
                "grade" => "an integer column (1-13)",
                n if BOOL_FIELDS.contains(&n) => "a boolean column",
                "school_ags" | "residence_ags" => {
                    "a string column of 8-digit AGS (integers lose the leading zero)"
                }
                "schulform" | "transition_schulform" => {
                    "a string column of Schulform keys ('02', '20'; integers lose the zero)"
                }
                _ => "a string column",
            };
            return Err(BatchError::Type {
                column: name.to_owned(),
                found: t.to_string(),
                expected,
            });
        }
    }
    if !names.iter().any(|n| n == "school_year") {
        return Err(BatchError::Missing {
            column: "school_year".to_owned(),
            available: names,
        });
    }
    Ok(())
}

fn strings(col: &ArrayRef) -> Result<StringArray, BatchError> {
    let c = arrow_cast::cast(col.as_ref(), &DataType::Utf8)?;
    Ok(c.as_string::<i32>().clone())
}

/// The records of one batch. Runs without the GIL.
fn records_of(
    schema: &Schema,
    batch: &RecordBatch,
    offset: usize,
) -> Result<Vec<MonitoringRecord>, BatchError> {
    let n = batch.num_rows();
    let mut out: Vec<MonitoringRecord> = Vec::with_capacity(n);
    let bad = |column: &str, row: usize, expected: &'static str| BatchError::BadValue {
        column: column.to_owned(),
        row: offset + row,
        expected,
    };
    // School year first: it is required.
    let idx = schema
        .index_of("school_year")
        .map_err(|_| BatchError::Missing {
            column: "school_year".to_owned(),
            available: Vec::new(),
        })?;
    let col = batch.column(idx);
    let mut years: Vec<SchoolYear> = Vec::with_capacity(n);
    if col.data_type().is_integer() {
        let c = arrow_cast::cast(col.as_ref(), &DataType::Int64)?;
        let c = c.as_primitive::<Int64Type>();
        for i in 0..n {
            if c.is_null(i) {
                return Err(BatchError::Null {
                    column: "school_year".to_owned(),
                    row: offset + i,
                });
            }
            let y = i32::try_from(c.value(i))
                .ok()
                .and_then(|y| SchoolYear::starting(y).ok())
                .ok_or_else(|| bad("school_year", i, "a school year such as '2024/25'"))?;
            years.push(y);
        }
    } else {
        let c = strings(col)?;
        for i in 0..n {
            if c.is_null(i) {
                return Err(BatchError::Null {
                    column: "school_year".to_owned(),
                    row: offset + i,
                });
            }
            let y = c
                .value(i)
                .parse::<SchoolYear>()
                .map_err(|_| bad("school_year", i, "a school year such as '2024/25'"))?;
            years.push(y);
        }
    }
    for y in years {
        out.push(MonitoringRecord {
            id: None,
            school_year: y,
            school_ags: None,
            residence_ags: None,
            schulform: None,
            grade: None,
            school_entry: None,
            recommendation: None,
            transition_schulform: None,
            qualification: None,
            repeater: None,
            foerderbedarf: None,
        });
    }
    for (f, col) in schema.fields().iter().zip(batch.columns()) {
        let name = f.name().as_str();
        if name == "id" || name == "school_year" || *col.data_type() == DataType::Null {
            continue;
        }
        if STRING_FIELDS.contains(&name) {
            let c = strings(col)?;
            for (i, (r, v)) in out.iter_mut().zip(c.iter()).enumerate() {
                let v = v.map(str::to_owned);
                if name.ends_with("_ags")
                    && v.as_ref()
                        .is_some_and(|s| s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()))
                {
                    return Err(bad(name, i, "an 8-digit AGS"));
                }
                match name {
                    "school_ags" => r.school_ags = v,
                    "residence_ags" => r.residence_ags = v,
                    "schulform" => r.schulform = v,
                    _ => r.transition_schulform = v,
                }
            }
        } else if ENUM_FIELDS.contains(&name) {
            let c = strings(col)?;
            // Parse each distinct text once.
            let mut cache: std::collections::HashMap<&str, serde_json::Value> =
                std::collections::HashMap::new();
            for (i, (r, v)) in out.iter_mut().zip(c.iter()).enumerate() {
                let Some(v) = v else { continue };
                let value = cache
                    .entry(v)
                    .or_insert_with(|| serde_json::Value::String(v.to_owned()))
                    .clone();
                let ok = match name {
                    "school_entry" => serde_json::from_value(value)
                        .map(|x| r.school_entry = Some(x))
                        .is_ok(),
                    "recommendation" => serde_json::from_value(value)
                        .map(|x| r.recommendation = Some(x))
                        .is_ok(),
                    _ => serde_json::from_value(value)
                        .map(|x| r.qualification = Some(x))
                        .is_ok(),
                };
                if !ok {
                    let expected = match name {
                        "school_entry" => "'early', 'on_time', 'after_deferral' or 'deferred'",
                        "recommendation" => "'H', 'H/R', 'R', 'R/GY', 'GY' or 'OHNE'",
                        _ => "'OA', 'ESA', 'EESA', 'MSA', 'FHR' or 'AHR'",
                    };
                    return Err(bad(name, i, expected));
                }
            }
        } else if name == "grade" {
            let c = arrow_cast::cast(col.as_ref(), &DataType::Int64)?;
            let c = c.as_primitive::<Int64Type>();
            for (i, (r, v)) in out.iter_mut().zip(c.iter()).enumerate() {
                if let Some(v) = v {
                    r.grade = Some(
                        u8::try_from(v)
                            .ok()
                            .filter(|g| (1..=13).contains(g))
                            .ok_or_else(|| bad(name, i, "a grade 1 to 13"))?,
                    );
                }
            }
        } else if BOOL_FIELDS.contains(&name) {
            let c: &BooleanArray = col.as_boolean();
            for (r, v) in out.iter_mut().zip(c.iter()) {
                if name == "repeater" {
                    r.repeater = v;
                } else {
                    r.foerderbedarf = v;
                }
            }
        }
    }
    Ok(out)
}

/// What went wrong while counting Arrow data.
enum CountError {
    Batch(BatchError),
    Monitor(MonitorError),
}

fn count_arrow(
    set: &IndicatorSet,
    schema: &Schema,
    batches: &[RecordBatch],
) -> Result<Partials, CountError> {
    check_record_schema(schema).map_err(CountError::Batch)?;
    let mut total = set.empty().map_err(CountError::Monitor)?;
    let mut offset = 0;
    for b in batches {
        let records = records_of(schema, b, offset).map_err(CountError::Batch)?;
        let p = set.count(&records).map_err(CountError::Monitor)?;
        total.merge(&p).map_err(CountError::Monitor)?;
        offset += b.num_rows();
    }
    Ok(total)
}

// ---------------------------------------------------------------------------------------------
// The indicator set.

/// The standard indicators of the kommunales Bildungsmonitoring (or your own specs) over a
/// fixed list of Kommunen (8-digit AGS). Count records into Partials, merge, publish protected
/// tables. Immutable and picklable.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Indicators")]
pub struct PyIndicators {
    set: IndicatorSet,
}

fn convention(py: Python<'_>, name: &str) -> PyResult<LandConvention> {
    match name {
        "nrw" | "NW" | "destatis" => Ok(LandConvention::nrw()),
        "bw" | "BW" => Ok(LandConvention::baden_wuerttemberg()),
        "bb" | "BE" | "BB" => Ok(LandConvention::berlin_brandenburg()),
        other => Err(errors::input(
            py,
            format!("convention must be 'nrw', 'bw' or 'bb', not {other:?}"),
        )),
    }
}

impl PyIndicators {
    fn build(py: Python<'_>, specs: Vec<IndicatorSpec>, kommunen: &[String]) -> PyResult<Self> {
        IndicatorSet::new(specs, &bildungsnetz::vocabulary::kommune_list(kommunen))
            .map(|set| PyIndicators { set })
            .map_err(|e| monitor_error(py, &e))
    }

    fn count_records(
        &self,
        py: Python<'_>,
        records: Result<Vec<MonitoringRecord>, MonitorError>,
        lines_are_rows: bool,
    ) -> PyResult<PyPartials> {
        let records = records.map_err(|e| match e {
            MonitorError::Record { line, field, kind } if lines_are_rows => {
                let row = usize::try_from(line.saturating_sub(1)).unwrap_or(0);
                errors::record(
                    py,
                    "invalid_record",
                    field.as_deref(),
                    Some(row),
                    None,
                    format!(
                        "record {row}{}: {kind}",
                        field
                            .as_ref()
                            .map(|f| format!(", field {f}"))
                            .unwrap_or_default()
                    ),
                )
            }
            other => monitor_error(py, &other),
        })?;
        py.detach(|| self.set.count(&records))
            .map(|inner| PyPartials { inner })
            .map_err(|e| monitor_error(py, &e))
    }

    /// The records' bytes: contents or a `pathlib.Path`, at most the records limit (as in C).
    fn read_bytes(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
        let limit = bildungsnetz::io::limits::RECORDS_BYTES;
        let source = convert::extract_source(source, limit)?;
        let bytes = py
            .detach(|| convert::read_source(source, limit))
            .map_err(|(path, err)| convert::os_error(&path, &err))?;
        convert::within_limit(py, bytes, limit, "the records")
    }
}

#[pymethods]
impl PyIndicators {
    /// The standard indicators for `school_year` (``"2024/25"`` or 2024) over `kommunen` (the
    /// 8-digit AGS, or any spelling :func:`canonical_code` maps to one: ``"k-05334002"``, a
    /// 12-digit ARS), with a Land's conventions (``"nrw"`` = Destatis; ``"bw"``; ``"bb"`` = Berlin and
    /// Brandenburg, transition after class 6). `ids` selects some of them.
    #[new]
    #[pyo3(signature = (school_year, kommunen, *, convention="nrw", ids=None))]
    fn new(
        py: Python<'_>,
        school_year: &Bound<'_, PyAny>,
        kommunen: Vec<String>,
        convention: &str,
        ids: Option<Vec<String>>,
    ) -> PyResult<Self> {
        let year = crate::rules::extract_school_year(school_year)?;
        let mut specs = standard_indicators(year, self::convention(py, convention)?);
        if let Some(ids) = ids {
            let known: Vec<String> = specs.iter().map(|s| s.id.clone()).collect();
            if let Some(bad) = ids.iter().find(|i| !known.contains(i)) {
                return Err(errors::input(
                    py,
                    format!("unknown indicator {bad:?}; known: {}", known.join(", ")),
                ));
            }
            specs.retain(|s| ids.contains(&s.id));
        }
        PyIndicators::build(py, specs, &kommunen)
    }

    /// An indicator set from declarative specifications (dicts or JSON text of the core's
    /// ``IndicatorSpec``: id, title, school_year, kommune, grades, exclude_schulformen,
    /// breakdowns, category, category_codes, groups, denominator).
    #[classmethod]
    fn from_specs(
        _cls: &Bound<'_, PyType>,
        py: Python<'_>,
        specs: &Bound<'_, PyAny>,
        kommunen: Vec<String>,
    ) -> PyResult<Self> {
        let value = if let Ok(s) = specs.cast::<PyString>() {
            let text = s.to_str()?;
            if text.len() > bildungsnetz::io::limits::SETTINGS_BYTES {
                return Err(errors::input(
                    py,
                    format!(
                        "specs are larger than the limit; the limit is {} bytes",
                        bildungsnetz::io::limits::SETTINGS_BYTES
                    ),
                ));
            }
            serde_json::from_str(text).map_err(|_| errors::input(py, "specs are not valid JSON"))?
        } else {
            convert::to_json_value(specs, "", 0)?
        };
        let serde_json::Value::Array(items) = value else {
            return Err(PyTypeError::new_err(
                "specs must be a list of specifications",
            ));
        };
        let mut out = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            out.push(strict::<IndicatorSpec>(item).map_err(|(path, problem)| {
                let field = format!("specs[{i}]{}", dotted(&path));
                errors::make(
                    py,
                    "InputError",
                    format!("{field}: {problem} (not an indicator specification)"),
                    &[("field", PyString::new(py, &field).into_any())],
                )
            })?);
        }
        PyIndicators::build(py, out, &kommunen)
    }

    /// The indicator ids, in order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.set.specs().iter().map(|s| s.id.clone()).collect()
    }

    /// The Kommunen (sorted AGS).
    #[getter]
    fn kommunen(&self) -> Vec<String> {
        self.set.kommunen().to_vec()
    }

    /// The specifications as Python data.
    #[getter]
    fn specs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::to_value(self.set.specs())
            .map_err(|e| errors::general(py, e.to_string()))?;
        convert::from_json_value(py, &v)
    }

    /// Empty partials (the neutral element of merging).
    fn empty(&self, py: Python<'_>) -> PyResult<PyPartials> {
        self.set
            .empty()
            .map(|inner| PyPartials { inner })
            .map_err(|e| monitor_error(py, &e))
    }

    /// Counts monitoring records into partials. `data` is Arrow data (pyarrow, polars, pandas
    /// via the PyCapsule interface; columns named as the record fields, ``school_year``
    /// required) or a list of dicts. Arrow input is read without a Python object per row and
    /// with the GIL released. Errors name the column (or field) and the row, never a value.
    fn count(&self, py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<PyPartials> {
        if data.is_instance_of::<PyList>() || data.is_instance_of::<PyTuple>() {
            let mut text = String::new();
            for (i, item) in data.try_iter()?.enumerate() {
                let item = item?;
                if !item.is_instance_of::<PyDict>() {
                    return Err(PyTypeError::new_err(format!(
                        "records must be dicts; item {i} is {}",
                        convert::type_name(&item)
                    )));
                }
                let v = convert::to_json_value(&item, &format!("/{i}"), 0)?;
                text.push_str(&v.to_string());
                text.push('\n');
            }
            let records = py.detach(|| read_records_jsonl(text.as_bytes()));
            return self.count_records(py, records, true);
        }
        if !data.hasattr("__arrow_c_stream__")? && !data.hasattr("__arrow_c_array__")? {
            return Err(PyTypeError::new_err(format!(
                "expected Arrow data (pyarrow, polars, pandas) or a list of dicts, not {}; \
                 for JSON Lines or CSV use count_jsonl / count_csv",
                convert::type_name(data)
            )));
        }
        let (schema, batches) = batch::read_table(data, "school_year")?;
        py.detach(|| count_arrow(&self.set, &schema, &batches))
            .map(|inner| PyPartials { inner })
            .map_err(|e| match e {
                CountError::Batch(b) => b.into_py(py),
                CountError::Monitor(m) => monitor_error(py, &m),
            })
    }

    /// Counts monitoring records from JSON Lines: the text (str or bytes — a str is always the
    /// records, never a file name), a ``pathlib.Path`` or a file object. Errors name the line
    /// and field, never a value.
    fn count_jsonl(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyPartials> {
        let bytes = Self::read_bytes(py, source)?;
        let records = py.detach(|| read_records_jsonl(bytes.as_slice()));
        self.count_records(py, records, false)
    }

    /// Counts monitoring records from CSV with a header of record fields: the text (str or
    /// bytes — a str is always the records, never a file name), a ``pathlib.Path`` or a file
    /// object. Empty cells are missing; lines end in LF, CRLF or CR. Errors name the line and
    /// field, never a value: a row with another number of fields than the header, a quote not
    /// closed on its line, a header cell that is no field name (by its column).
    fn count_csv(&self, py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<PyPartials> {
        let bytes = Self::read_bytes(py, source)?;
        let records = py.detach(|| read_records_csv(bytes.as_slice()));
        self.count_records(py, records, false)
    }

    /// Publishes every indicator from (merged) partials, protected with `protection`
    /// (default: Protection()). Returns one IndicatorResult per indicator, in order, each
    /// with the records it counted and did not count (``uncounted``); records an indicator
    /// lost — meant for it but in no cell, such as a Schulform by name instead of its key —
    /// also raise a UserWarning. An indicator that counted no record raises InputError naming
    /// it and the main reasons, unless `allow_empty` is true: then its table is empty.
    ///
    /// With a `register` of earlier releases, the tables are protected against it — cells
    /// shown before stay shown with their values and are never suppressed to protect
    /// others, cells suppressed before stay suppressed — and this run is added to it as
    /// release `release` (its name) of `date` (``datetime.date`` or ``"YYYY-MM-DD"``). A
    /// cell shown before that is now too small or shows another value raises InputError
    /// naming the table, the cell's labels and the release; the register is then unchanged.
    #[pyo3(signature = (partials, protection=None, *, allow_empty=false, register=None, release=None, date=None))]
    // The keyword arguments are the Python API.
    #[allow(clippy::too_many_arguments)]
    fn publish(
        &self,
        py: Python<'_>,
        partials: &Bound<'_, PyPartials>,
        protection: Option<&Bound<'_, PyProtection>>,
        allow_empty: bool,
        register: Option<&Bound<'_, PyRegister>>,
        release: Option<&str>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyIndicatorResult>> {
        let settings = protection_or(protection, Protection::default());
        let if_empty = if allow_empty {
            IfEmpty::Publish
        } else {
            IfEmpty::Fail
        };
        let p = &partials.get().inner;
        let results = match (register, release, date) {
            (None, None, None) => py.detach(|| self.set.publish(p, &settings, if_empty)),
            (Some(register), Some(name), Some(date)) => {
                let date = convert::extract_date(date, "date")?;
                let mut register = register.borrow_mut();
                let register = &mut register.inner;
                py.detach(|| {
                    self.set
                        .publish_registered(p, &settings, if_empty, register, name, date)
                })
            }
            _ => {
                return Err(PyTypeError::new_err(
                    "register, release and date go together: give all three or none",
                ));
            }
        }
        .map_err(|e| monitor_error(py, &e))?;
        let out = results
            .iter()
            .map(|r| {
                let title = self
                    .set
                    .specs()
                    .iter()
                    .find(|s| s.id == r.id)
                    .map(|s| s.title.clone())
                    .unwrap_or_default();
                PyIndicatorResult::from_core(py, r, title)
            })
            .collect::<PyResult<Vec<_>>>()?;
        for r in &out {
            r.warn_lost(py)?;
        }
        Ok(out)
    }

    /// `count` then `publish` in one call (with the same `allow_empty`, `register`, `release`,
    /// `date`).
    #[pyo3(signature = (data, protection=None, *, allow_empty=false, register=None, release=None, date=None))]
    // The keyword arguments are the Python API.
    #[allow(clippy::too_many_arguments)]
    fn compute(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        protection: Option<&Bound<'_, PyProtection>>,
        allow_empty: bool,
        register: Option<&Bound<'_, PyRegister>>,
        release: Option<&str>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyIndicatorResult>> {
        let partials = Bound::new(py, self.count(py, data)?)?;
        self.publish(
            py,
            &partials,
            protection,
            allow_empty,
            register,
            release,
            date,
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String, Vec<String>)>> {
        let s = slf.get();
        let json = serde_json::to_string(s.set.specs())
            .map_err(|e| errors::general(slf.py(), e.to_string()))?;
        Ok((
            slf.get_type().getattr("_restore")?,
            (json, s.set.kommunen().to_vec()),
        ))
    }

    /// Rebuilds a set from its pickled state.
    #[staticmethod]
    fn _restore(py: Python<'_>, specs: &str, kommunen: Vec<String>) -> PyResult<Self> {
        let specs: Vec<IndicatorSpec> = from_state(py, specs, "Indicators")?;
        PyIndicators::build(py, specs, &kommunen)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Indicators {:?} kommunen={}>",
            self.ids(),
            self.set.kommunen().len()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Directory tables.

/// Schools and pupils per Schulform and Kommune from the school directory.
#[pyclass(frozen, module = "bildungsnetz._native", name = "DirectoryTables")]
pub struct PyDirectoryTables {
    schools: Py<PyProtectedTable>,
    pupils_by_schulform: Py<PyProtectedTable>,
    pupils_by_sozialindex: Py<PyProtectedTable>,
    schools_without_pupils: usize,
    rows: usize,
    rejected: usize,
    problems: Vec<String>,
}

#[pymethods]
impl PyDirectoryTables {
    /// The data rows of the directory file (a quoted field over several lines counts once).
    #[getter]
    fn rows(&self) -> usize {
        self.rows
    }

    /// The rows that were not imported (a broken quote, a wrong number of fields, no
    /// Schulnummer, …): ``rows`` = schools imported + ``rejected``; ``problems`` says why.
    #[getter]
    fn rejected(&self) -> usize {
        self.rejected
    }

    /// The import's errors and warnings, one line each, by line of the file (e.g.
    /// ``"line 3: error[malformed_quote]: …"``).
    #[getter]
    fn problems(&self) -> Vec<String> {
        self.problems.clone()
    }

    /// ``schulen``: schools per Kommune × Schulform (public, unprotected).
    #[getter]
    fn schools(&self, py: Python<'_>) -> Py<PyProtectedTable> {
        self.schools.clone_ref(py)
    }

    /// ``schueler_schulform``: pupils per Kommune × Schulform (protected).
    #[getter]
    fn pupils_by_schulform(&self, py: Python<'_>) -> Py<PyProtectedTable> {
        self.pupils_by_schulform.clone_ref(py)
    }

    /// ``schueler_sozialindex``: pupils per Kommune × Sozialindex (protected, linked).
    #[getter]
    fn pupils_by_sozialindex(&self, py: Python<'_>) -> Py<PyProtectedTable> {
        self.pupils_by_sozialindex.clone_ref(py)
    }

    /// Schools in scope without a pupil number (not in the pupil tables).
    #[getter]
    fn schools_without_pupils(&self) -> usize {
        self.schools_without_pupils
    }

    fn __repr__(&self) -> String {
        "<DirectoryTables schools, pupils_by_schulform, pupils_by_sozialindex>".to_owned()
    }
}

/// The register of published releases: per release its name, date and every table's cells
/// (labels and the value shown, or suppressed) — aggregates only, no personal data. Pass it
/// to ``Indicators.publish(..., register=, release=, date=)``: the run is protected against
/// the earlier releases and added as a new one. Save it after each run, load it before the
/// next. A run that leaves out an earlier table counting the same population as one of its
/// indicators (e.g. ``uebergang_nach_empfehlung`` when publishing ``uebergangsquote``) raises
/// MonitorError: publish linked indicators together.
#[pyclass(module = "bildungsnetz._native", name = "Register")]
pub struct PyRegister {
    inner: Register,
}

#[pymethods]
impl PyRegister {
    /// An empty register (before the first release).
    #[new]
    fn new() -> Self {
        PyRegister {
            inner: Register::new(),
        }
    }

    /// Reads a register: its JSON text (str or bytes; a str is never taken for a file
    /// name), a ``pathlib.Path`` or a file object. Another format or version, unknown fields
    /// or invalid values raise InputError naming the file and the JSON pointer.
    #[staticmethod]
    fn load(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Self> {
        let named = if source.cast::<PyString>().is_ok() {
            None
        } else {
            source.extract::<std::path::PathBuf>().ok()
        };
        let source = convert::extract_source(source, REGISTER_BYTES)?;
        let bytes = py
            .detach(|| convert::read_source(source, REGISTER_BYTES))
            .map_err(|(path, err)| convert::os_error(&path, &err))?;
        let bytes = convert::within_limit(py, bytes, REGISTER_BYTES, "the register")?;
        let place = named.map_or_else(String::new, |p| format!("{}: ", p.display()));
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| errors::input(py, format!("{place}the register is not UTF-8")))?;
        let inner = py
            .detach(|| Register::from_json(text))
            .map_err(|e| errors::input(py, format!("{place}{e}")))?;
        Ok(PyRegister { inner })
    }

    /// The register as JSON text.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Writes the register to a file (``pathlib.Path`` or str), replacing it.
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(&path, self.inner.to_json()).map_err(|e| convert::os_error(&path, &e))
    }

    /// The releases, oldest first: (name, date).
    #[getter]
    fn releases<'py>(&self, py: Python<'py>) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
        self.inner
            .releases()
            .iter()
            .map(|r| Ok((r.name.clone(), convert::to_py_date(py, r.date)?)))
            .collect()
    }

    fn __repr__(&self) -> String {
        let names: Vec<&str> = self
            .inner
            .releases()
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        format!("<Register releases={names:?}>")
    }
}

// ---------------------------------------------------------------------------------------------

/// The directory tables for the schools whose AGS starts with `ags_prefix` (``"05"``: all of
/// NRW; ``"05334"``: StädteRegion Aachen), from an NRW school directory file — its contents
/// (bytes or str; a str is never taken for a file name), a ``pathlib.Path`` or a file object,
/// at most the C library's ``BILDUNGSNETZ_MAX_DIRECTORY_BYTES`` — protected with `protection`
/// (default: Protection.magnitude()). Rows that cannot be imported are counted in ``rejected``
/// and explained in ``problems``.
#[pyfunction]
#[pyo3(signature = (source, ags_prefix, protection=None))]
pub fn directory_tables(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    ags_prefix: &str,
    protection: Option<&Bound<'_, PyProtection>>,
) -> PyResult<PyDirectoryTables> {
    let settings = protection_or(protection, Protection::magnitude());
    let limit = bildungsnetz::io::limits::DIRECTORY_BYTES;
    let source = convert::extract_source(source, limit)?;
    let bytes = py
        .detach(|| convert::read_source(source, limit))
        .map_err(|(path, err)| convert::os_error(&path, &err))?;
    let bytes = convert::within_limit(py, bytes, limit, "the directory file")?;
    let importer = Importer::new().map_err(|e| errors::general(py, e.to_string()))?;
    let imported = py.detach(|| importer.read(bytes.as_slice()));
    if imported.institutions.is_empty() {
        let first = imported
            .errors()
            .next()
            .map(|p| format!("; first problem: line {} [{}]", p.line, p.code))
            .unwrap_or_default();
        return Err(errors::input(
            py,
            format!("no school could be read from the directory file{first}"),
        ));
    }
    let t = py
        .detach(|| core_directory_tables(&imported.institutions, ags_prefix, &settings))
        .map_err(|e| monitor_error(py, &e))?;
    Ok(PyDirectoryTables {
        schools: Py::new(py, PyProtectedTable::from_core(&t.schools)?)?,
        pupils_by_schulform: Py::new(py, PyProtectedTable::from_core(&t.pupils_by_schulform)?)?,
        pupils_by_sozialindex: Py::new(py, PyProtectedTable::from_core(&t.pupils_by_sozialindex)?)?,
        schools_without_pupils: t.schools_without_pupils,
        rows: imported.rows,
        rejected: imported.rejected,
        problems: imported.problems.iter().map(ToString::to_string).collect(),
    })
}
