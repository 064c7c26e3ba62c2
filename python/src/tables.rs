//! Arrow result tables: a record batch list exported through the Arrow PyCapsule interface,
//! convertible to pyarrow, polars and pandas without a Python object per row.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use pyo3_arrow::PyTable;

/// Arrow data held by a result object.
pub struct ArrowData {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl ArrowData {
    pub fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = PyTable::try_new(self.batches.clone(), self.schema.clone())?;
        Ok(Bound::new(py, t)?.into_any())
    }

    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    pub fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    pub fn stream<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.table(py)?
            .call_method1("__arrow_c_stream__", (requested_schema,))
    }

    pub fn schema_capsule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.table(py)?.call_method0("__arrow_c_schema__")
    }
}

/// The result of a Sek-I batch: one row per grade sheet, in input order.
#[pyclass(frozen, module = "bildungsnetz._native", name = "Sek1Result")]
pub struct PyArrowTable {
    data: ArrowData,
    kind: &'static str,
}

impl PyArrowTable {
    pub fn new(kind: &'static str, schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        PyArrowTable {
            data: ArrowData { schema, batches },
            kind,
        }
    }
}

#[pymethods]
impl PyArrowTable {
    /// Exports the result as an Arrow C stream (``pyarrow.table(r)``, ``polars.DataFrame(r)``).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.data.stream(py, requested_schema)
    }

    /// Exports the schema as an Arrow C schema capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.data.schema_capsule(py)
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.data.num_rows()
    }

    fn __len__(&self) -> usize {
        self.data.num_rows()
    }

    /// The column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.data.column_names()
    }

    /// The result as a ``pyarrow.Table`` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The result as a ``polars.DataFrame`` (needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("polars")?.call_method1("DataFrame", (slf,))
    }

    /// The result as a ``pandas.DataFrame`` (needs pyarrow and pandas).
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        pandas_frame(&Self::to_pyarrow(slf)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<{} {} rows, columns {:?}>",
            self.kind,
            self.data.num_rows(),
            self.data.column_names()
        )
    }
}

/// A pyarrow table as a ``pandas.DataFrame``, one block per column (``split_blocks``): pandas
/// need not copy the columns into one block per type, which costs a sixth of the conversion of
/// a batch's result.
pub fn pandas_frame<'py>(table: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(table.py());
    kwargs.set_item("split_blocks", true)?;
    table.call_method("to_pandas", (), Some(&kwargs))
}
