//! Batch evaluation over Arrow data (the PyCapsule interface): columns in, columns out, no
//! Python object per row, the GIL released while the core works.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, DictionaryArray, RecordBatch, StringArray, UInt8Array,
    UInt16Array, new_null_array,
};
use arrow_buffer::{NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::rules::Land;
use bildungsnetz::rules::{
    LeanColumns, NO_DATE, NO_RULE, OUTCOME_ERROR, Outcome, RuleBook, RuleError,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::{AnyArray, AnyRecordBatch};

use crate::convert;
use crate::errors;
use crate::rules::rule_error;

/// The outcome categories, indexed by the outcome code (`error` = [`OUTCOME_ERROR`]).
pub const OUTCOME_NAMES: [&str; 5] = [
    "not_eligible",
    "eligible",
    "discretionary",
    "undetermined",
    "error",
];
const ERROR_KEY: u8 = 4;

/// What to do with a null in a required column.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OnNull {
    /// Raise `NullValueError` naming the column and the row.
    Raise,
    /// Answer `undetermined` for that row (the fact is missing).
    Undetermined,
}

/// Why a batch could not be evaluated. Never carries a value of the input.
pub enum BatchError {
    Missing {
        column: String,
        available: Vec<String>,
    },
    Type {
        column: String,
        found: String,
        expected: &'static str,
    },
    Null {
        column: String,
        row: usize,
    },
    BadValue {
        column: String,
        row: usize,
        expected: &'static str,
    },
    Unknown {
        column: String,
        known: &'static str,
    },
    Rule(RuleError),
    Arrow(ArrowError),
}

impl BatchError {
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            BatchError::Missing { column, available } => errors::column(
                py,
                "MissingColumnError",
                &column,
                None,
                format!(
                    "column {column:?} is missing; the input has {}",
                    if available.is_empty() {
                        "no columns".to_owned()
                    } else {
                        format!("columns {available:?}")
                    }
                ),
            ),
            BatchError::Type {
                column,
                found,
                expected,
            } => errors::column(
                py,
                "ColumnTypeError",
                &column,
                None,
                format!("column {column:?} has type {found}; expected {expected}"),
            ),
            BatchError::Null { column, row } => errors::column(
                py,
                "NullValueError",
                &column,
                Some(row),
                format!(
                    "column {column:?} has a null at row {row}; fill it, drop the row, or pass \
                     on_null='undetermined'"
                ),
            ),
            BatchError::BadValue {
                column,
                row,
                expected,
            } => errors::column(
                py,
                "ColumnError",
                &column,
                Some(row),
                format!("column {column:?} at row {row}: expected {expected}"),
            ),
            BatchError::Unknown { column, known } => errors::column(
                py,
                "ColumnError",
                &column,
                None,
                format!(
                    "column {column:?} is not known; known columns: {known}; select them first"
                ),
            ),
            BatchError::Rule(e) => rule_error(py, &e),
            BatchError::Arrow(e) => errors::input(py, format!("Arrow data: {e}")),
        }
    }
}

impl From<ArrowError> for BatchError {
    fn from(e: ArrowError) -> Self {
        BatchError::Arrow(e)
    }
}

impl From<RuleError> for BatchError {
    fn from(e: RuleError) -> Self {
        BatchError::Rule(e)
    }
}

/// Reads any Arrow table-like object (PyCapsule interface). A bare array (pyarrow Array,
/// polars Series, …) becomes a one-column table named `single_name`.
pub fn read_table(
    data: &Bound<'_, PyAny>,
    single_name: &str,
) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    let py = data.py();
    let has_stream = data.hasattr("__arrow_c_stream__")?;
    let has_array = data.hasattr("__arrow_c_array__")?;
    if !has_stream && !has_array {
        let hint = if data.hasattr("to_arrow")? || data.hasattr("to_pandas")? {
            " (for pandas < 2.2 pass pyarrow.Table.from_pandas(df))"
        } else {
            ""
        };
        return Err(PyTypeError::new_err(format!(
            "expected Arrow data: an object with __arrow_c_stream__ or __arrow_c_array__ \
             (a pyarrow Table or RecordBatch, a polars DataFrame, a pandas DataFrame), not {}{hint}",
            convert::type_name(data)
        )));
    }
    let arrow_err = |e: ArrowError| errors::input(py, format!("Arrow data: {e}"));
    match data.extract::<AnyRecordBatch>() {
        Ok(input) => {
            let reader = input.into_reader()?;
            let schema = reader.schema();
            let batches = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)?;
            Ok((schema, batches))
        }
        Err(table_err) => {
            let Ok(array) = data.extract::<AnyArray>() else {
                return Err(table_err);
            };
            let field = array.field()?;
            let reader = array.into_reader()?;
            let name_field = Arc::new(Field::new(
                single_name,
                field.data_type().clone(),
                field.is_nullable(),
            ));
            let schema = Arc::new(Schema::new(vec![name_field]));
            let mut batches = Vec::new();
            for chunk in reader {
                let chunk = chunk.map_err(arrow_err)?;
                batches.push(RecordBatch::try_new(schema.clone(), vec![chunk]).map_err(arrow_err)?);
            }
            Ok((schema, batches))
        }
    }
}

fn column_of<'a>(
    schema: &Schema,
    batch: &'a RecordBatch,
    name: &str,
) -> Result<&'a ArrayRef, BatchError> {
    match schema.index_of(name) {
        Ok(i) => batch.columns().get(i).ok_or_else(|| BatchError::Missing {
            column: name.to_owned(),
            available: Vec::new(),
        }),
        Err(_) => Err(BatchError::Missing {
            column: name.to_owned(),
            available: schema.fields().iter().map(|f| f.name().clone()).collect(),
        }),
    }
}

/// Checks a column's type up front (before any row is evaluated).
pub fn check_schema(
    schema: &Schema,
    birth: &str,
    land: Option<&str>,
    include: &[String],
) -> Result<(), BatchError> {
    let missing = |name: &str| BatchError::Missing {
        column: name.to_owned(),
        available: schema.fields().iter().map(|f| f.name().clone()).collect(),
    };
    let field = schema.field_with_name(birth).map_err(|_| missing(birth))?;
    match field.data_type() {
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _) | DataType::Null => {}
        other => {
            return Err(BatchError::Type {
                column: birth.to_owned(),
                found: other.to_string(),
                expected: "date32 (or date64 / timestamp); parse strings to dates first",
            });
        }
    }
    if let Some(land) = land {
        let field = schema.field_with_name(land).map_err(|_| missing(land))?;
        let ok = match field.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
            DataType::Dictionary(_, v) => matches!(
                v.as_ref(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ),
            _ => false,
        };
        if !ok {
            return Err(BatchError::Type {
                column: land.to_owned(),
                found: field.data_type().to_string(),
                expected: "a string column of Land codes ('NW', 'RP')",
            });
        }
    }
    for name in include {
        schema.field_with_name(name).map_err(|_| missing(name))?;
    }
    Ok(())
}

/// The birth days of a column as day numbers, nulls as [`NO_DATE`] (or an error).
fn day_numbers(
    col: &ArrayRef,
    name: &str,
    offset: usize,
    on_null: OnNull,
) -> Result<ScalarBuffer<i32>, BatchError> {
    let col: ArrayRef = match col.data_type() {
        DataType::Date32 => col.clone(),
        DataType::Null => new_null_array(&DataType::Date32, col.len()),
        _ => arrow_cast::cast(col.as_ref(), &DataType::Date32)?,
    };
    let Some(arr) = col.as_primitive_opt::<Date32Type>() else {
        return Err(BatchError::Type {
            column: name.to_owned(),
            found: col.data_type().to_string(),
            expected: "date32",
        });
    };
    match arr.nulls().filter(|n| n.null_count() > 0) {
        None => Ok(arr.values().clone()),
        Some(nulls) => {
            if on_null == OnNull::Raise {
                let row = nulls.iter().position(|valid| !valid).unwrap_or(0);
                return Err(BatchError::Null {
                    column: name.to_owned(),
                    row: offset + row,
                });
            }
            let v: Vec<i32> = arr
                .values()
                .iter()
                .zip(nulls.iter())
                .map(|(&d, valid)| if valid { d } else { NO_DATE })
                .collect();
            Ok(ScalarBuffer::from(v))
        }
    }
}

/// The Land of each row (`None` for a null).
fn lands(
    col: &ArrayRef,
    name: &str,
    offset: usize,
    on_null: OnNull,
) -> Result<Vec<Option<Land>>, BatchError> {
    let col = arrow_cast::cast(col.as_ref(), &DataType::Utf8)?;
    let Some(s) = col.as_string_opt::<i32>() else {
        return Err(BatchError::Type {
            column: name.to_owned(),
            found: col.data_type().to_string(),
            expected: "a string column",
        });
    };
    let mut out = Vec::with_capacity(s.len());
    for (i, v) in s.iter().enumerate() {
        match v {
            Some(code) => match bildungsnetz::vocabulary::land(code) {
                Some(l) => out.push(Some(l)),
                None => {
                    return Err(BatchError::BadValue {
                        column: name.to_owned(),
                        row: offset + i,
                        expected: "a Land code such as 'NW' or 'RP' (also 'NRW', 'RLP', 'Nordrhein-Westfalen')",
                    });
                }
            },
            None if on_null == OnNull::Raise => {
                return Err(BatchError::Null {
                    column: name.to_owned(),
                    row: offset + i,
                });
            }
            None => out.push(None),
        }
    }
    Ok(out)
}

/// The lean columns of one batch.
struct Lean {
    outcome: Vec<u8>,
    effective: Option<Vec<i32>>,
    rule: Vec<u16>,
}

fn lean_one_land(
    book: &RuleBook,
    land: Land,
    year: SchoolYear,
    births: &[i32],
    with_effective: bool,
) -> Result<Lean, RuleError> {
    let n = births.len();
    let mut outcome = vec![0u8; n];
    if with_effective {
        let mut effective = vec![0i32; n];
        let mut rule = vec![0u16; n];
        book.school_entry_batch(
            land,
            year,
            births,
            LeanColumns {
                outcome: &mut outcome,
                effective_day: &mut effective,
                rule: &mut rule,
            },
        )?;
        Ok(Lean {
            outcome,
            effective: Some(effective),
            rule,
        })
    } else {
        let idx = book.schulpflichtig_in_batch(land, year, births, &mut outcome)?;
        let rule = outcome
            .iter()
            .map(|&o| {
                if o == OUTCOME_ERROR || o == Outcome::Undetermined.code() {
                    NO_RULE
                } else {
                    idx
                }
            })
            .collect();
        Ok(Lean {
            outcome,
            effective: None,
            rule,
        })
    }
}

/// Rows without a Land (null in the land column): undetermined.
fn lean_by_land(
    book: &RuleBook,
    lands: &[Option<Land>],
    year: SchoolYear,
    births: &[i32],
    with_effective: bool,
) -> Result<Lean, RuleError> {
    let n = births.len();
    let mut out = Lean {
        outcome: vec![Outcome::Undetermined.code(); n],
        effective: with_effective.then(|| vec![NO_DATE; n]),
        rule: vec![NO_RULE; n],
    };
    for land in Land::ALL {
        let rows: Vec<usize> = (0..n)
            .filter(|&i| lands.get(i).copied().flatten() == Some(land))
            .collect();
        if rows.is_empty() {
            continue;
        }
        let sub: Vec<i32> = rows
            .iter()
            .map(|&i| births.get(i).copied().unwrap_or(NO_DATE))
            .collect();
        let part = match lean_one_land(book, land, year, &sub, with_effective) {
            Ok(part) => part,
            // A Land without a school-entry pack: its rows have no answer ("error").
            Err(RuleError::NotCovered { .. }) => {
                for &i in &rows {
                    if let Some(o) = out.outcome.get_mut(i) {
                        *o = OUTCOME_ERROR;
                    }
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        for (k, &i) in rows.iter().enumerate() {
            if let (Some(o), Some(v)) = (out.outcome.get_mut(i), part.outcome.get(k)) {
                *o = *v;
            }
            if let (Some(r), Some(v)) = (out.rule.get_mut(i), part.rule.get(k)) {
                *r = *v;
            }
            // Nested rather than a let chain: the workspace's rust-version (1.86) predates them.
            if let (Some(e), Some(pe)) = (out.effective.as_mut(), part.effective.as_ref()) {
                if let (Some(e), Some(v)) = (e.get_mut(i), pe.get(k)) {
                    *e = *v;
                }
            }
        }
    }
    Ok(out)
}

/// The per-book dictionaries for rule ids and citations: unique values (pandas categoricals
/// require them) and, per rule version, the key of its id and of its citation.
pub struct RuleDictionaries {
    ids: Arc<StringArray>,
    citations: Arc<StringArray>,
    id_key: Vec<u16>,
    citation_key: Vec<u16>,
}

fn intern(values: &mut Vec<String>, v: String) -> u16 {
    let i = match values.iter().position(|x| *x == v) {
        Some(i) => i,
        None => {
            values.push(v);
            values.len() - 1
        }
    };
    u16::try_from(i).unwrap_or(0)
}

impl RuleDictionaries {
    pub fn new(book: &RuleBook) -> RuleDictionaries {
        let n = book.rule_count();
        let (mut ids, mut citations) = (Vec::new(), Vec::new());
        let (mut id_key, mut citation_key) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for i in 0..n {
            let r = u16::try_from(i).ok().and_then(|i| book.rule(i));
            let (id, cite) = r.map(|r| (r.rule_id, r.citation)).unwrap_or_default();
            id_key.push(intern(&mut ids, id));
            citation_key.push(intern(&mut citations, cite));
        }
        RuleDictionaries {
            ids: Arc::new(StringArray::from(ids)),
            citations: Arc::new(StringArray::from(citations)),
            id_key,
            citation_key,
        }
    }

    /// Keys into `values` for rule-version indices; NO_RULE (masked as null) becomes 0.
    fn keys(map: &[u16], rule: &[u16]) -> ScalarBuffer<u16> {
        rule.iter()
            .map(|&r| map.get(usize::from(r)).copied().unwrap_or(0))
            .collect::<Vec<u16>>()
            .into()
    }
}

const ELIGIBLE: u8 = 1;
const NOT_ELIGIBLE: u8 = 0;

/// A date column holding `days[i]` where `outcome[i] == wanted` and null elsewhere.
fn date_where(days: &[i32], outcome: &[u8], wanted: u8) -> ArrayRef {
    let valid = NullBuffer::from_iter(
        days.iter()
            .zip(outcome)
            .map(|(&d, &o)| d != NO_DATE && o == wanted),
    );
    Arc::new(Date32Array::new(
        ScalarBuffer::from(days.to_vec()),
        Some(valid),
    ))
}

/// The schema of a school-entry result.
pub fn result_schema(input: &Schema, include: &[String], with_effective: bool) -> SchemaRef {
    let mut fields: Vec<Field> = include
        .iter()
        .filter_map(|n| input.field_with_name(n).ok().cloned())
        .collect();
    let dict8 = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
    let dict16 = DataType::Dictionary(Box::new(DataType::UInt16), Box::new(DataType::Utf8));
    fields.push(Field::new("outcome", dict8, false));
    if with_effective {
        fields.push(Field::new("effective_date", DataType::Date32, true));
        fields.push(Field::new("eligible_from", DataType::Date32, true));
    }
    fields.push(Field::new("rule_id", dict16.clone(), true));
    fields.push(Field::new("citation", dict16, true));
    Arc::new(Schema::new(fields))
}

/// Parameters of a school-entry batch.
pub struct EntryParams<'a> {
    pub book: &'a RuleBook,
    pub year: SchoolYear,
    pub land: Option<Land>,
    pub birth: &'a str,
    pub land_column: Option<&'a str>,
    pub with_effective: bool,
    pub on_null: OnNull,
    pub include: &'a [String],
}

/// Evaluates every batch. Runs without the GIL.
pub fn school_entry(
    p: &EntryParams<'_>,
    input_schema: &Schema,
    batches: &[RecordBatch],
) -> Result<(SchemaRef, Vec<RecordBatch>), BatchError> {
    check_schema(input_schema, p.birth, p.land_column, p.include)?;
    let dicts = RuleDictionaries::new(p.book);
    let outcome_values: ArrayRef = Arc::new(StringArray::from(OUTCOME_NAMES.to_vec()));
    let schema = result_schema(input_schema, p.include, p.with_effective);
    let mut out = Vec::with_capacity(batches.len());
    let mut offset = 0usize;
    for batch in batches {
        let births = day_numbers(
            column_of(input_schema, batch, p.birth)?,
            p.birth,
            offset,
            p.on_null,
        )?;
        let lean = match (p.land_column, p.land) {
            (Some(col), _) => {
                let l = lands(column_of(input_schema, batch, col)?, col, offset, p.on_null)?;
                lean_by_land(p.book, &l, p.year, &births, p.with_effective)?
            }
            (None, Some(land)) => lean_one_land(p.book, land, p.year, &births, p.with_effective)?,
            (None, None) => return Err(BatchError::Rule(RuleError::UnknownLand)),
        };
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
        for name in p.include {
            columns.push(column_of(input_schema, batch, name)?.clone());
        }
        // The lean column is the 1 August the Schulpflicht begins; the result speaks the
        // decision's vocabulary: `effective_date` when schulpflichtig in the year asked,
        // `eligible_from` when not yet.
        let dates = lean.effective.as_ref().map(|start| {
            [
                date_where(start, &lean.outcome, ELIGIBLE),
                date_where(start, &lean.outcome, NOT_ELIGIBLE),
            ]
        });
        let mut outcome = lean.outcome;
        for o in outcome.iter_mut() {
            if *o == OUTCOME_ERROR {
                *o = ERROR_KEY;
            }
        }
        let keys = UInt8Array::new(ScalarBuffer::from(outcome), None);
        columns.push(Arc::new(DictionaryArray::try_new(
            keys,
            outcome_values.clone(),
        )?));
        columns.extend(dates.into_iter().flatten());
        let rule_nulls = lean
            .rule
            .contains(&NO_RULE)
            .then(|| NullBuffer::from_iter(lean.rule.iter().map(|&r| r != NO_RULE)));
        // NO_RULE keys are masked by the validity buffer (and mapped to 0 to stay in range).
        let ids = UInt16Array::new(
            RuleDictionaries::keys(&dicts.id_key, &lean.rule),
            rule_nulls.clone(),
        );
        let cites = UInt16Array::new(
            RuleDictionaries::keys(&dicts.citation_key, &lean.rule),
            rule_nulls,
        );
        columns.push(Arc::new(DictionaryArray::try_new(ids, dicts.ids.clone())?));
        columns.push(Arc::new(DictionaryArray::try_new(
            cites,
            dicts.citations.clone(),
        )?));
        offset += batch.num_rows();
        out.push(RecordBatch::try_new(schema.clone(), columns)?);
    }
    Ok((schema, out))
}

/// The result of a batch evaluation: an Arrow table (PyCapsule interface) with one row per
/// input row, in input order.
#[pyclass(frozen, module = "bildungsnetz._native", name = "SchoolEntryResult")]
pub struct PySchoolEntryResult {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub school_year: SchoolYear,
}

impl PySchoolEntryResult {
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let t = PyTable::try_new(self.batches.clone(), self.schema.clone())?;
        Ok(Bound::new(py, t)?.into_any())
    }
}

#[pymethods]
impl PySchoolEntryResult {
    /// Exports the result as an Arrow C stream (consumed by ``pyarrow.table(result)``,
    /// ``polars.DataFrame(result)``, …).
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.table(py)?
            .call_method1("__arrow_c_stream__", (requested_schema,))
    }

    /// Exports the schema as an Arrow C schema capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.table(py)?.call_method0("__arrow_c_schema__")
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    fn __len__(&self) -> usize {
        self.num_rows()
    }

    /// The column names.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The school year asked about, e.g. ``"2026/27"``.
    #[getter]
    fn school_year(&self) -> String {
        self.school_year.to_string()
    }

    /// How many rows have each outcome (every category, zeros included).
    fn outcome_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut counts = [0u64; OUTCOME_NAMES.len()];
        py.detach(|| {
            for b in &self.batches {
                let Some(col) = b.column_by_name("outcome") else {
                    continue;
                };
                if let Some(d) = col.as_dictionary_opt::<arrow_array::types::UInt8Type>() {
                    for &k in d.keys().values().iter() {
                        if let Some(c) = counts.get_mut(usize::from(k)) {
                            *c += 1;
                        }
                    }
                }
            }
        });
        let d = PyDict::new(py);
        for (name, c) in OUTCOME_NAMES.iter().zip(counts) {
            d.set_item(*name, c)?;
        }
        Ok(d)
    }

    /// The result as a ``pyarrow.Table`` (needs pyarrow).
    fn to_pyarrow<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("pyarrow")?.call_method1("table", (slf,))
    }

    /// The result as a ``polars.DataFrame`` (needs polars).
    fn to_polars<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py().import("polars")?.call_method1("DataFrame", (slf,))
    }

    /// The result as a ``pandas.DataFrame`` (needs pyarrow and pandas); outcome, rule id and
    /// citation become categoricals.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::to_pyarrow(slf)?.call_method0("to_pandas")
    }

    fn __repr__(&self) -> String {
        format!(
            "<SchoolEntryResult {} rows, school_year {}, columns {:?}>",
            self.num_rows(),
            self.school_year,
            self.column_names()
        )
    }
}
