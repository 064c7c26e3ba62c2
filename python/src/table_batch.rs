//! `RuleBook.evaluate_batch` over tables, for every transition: Arrow data (the PyCapsule
//! interface: pyarrow, polars, pandas), a CSV or a JSON Lines file. Facts are read by column
//! name as the CSV reader reads them ([`LearnerColumns`]); one result row per input row, in
//! order; a row that cannot be read or decided gets outcome `error` and the reason, and the
//! other rows are decided all the same. The GIL is released while rows are converted and decided.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Date32Type, Float64Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampNanosecondType, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, Date32Array, DictionaryArray, Int64Array, PrimitiveArray, RecordBatch,
    StringArray, UInt8Array, UInt32Array, new_null_array,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef, TimeUnit};
use bildungsnetz::calendar::Date;
use bildungsnetz::rules::pathways::{PATHWAY_TRANSITIONS, StepRows};
use bildungsnetz::rules::sek1::Sek1Facts;
use bildungsnetz::rules::{
    FactCell, Goal, LearnerColumns, LearnerFacts, RouteOptions, RowDecider, RowDecision, RuleBook,
    RuleError, TextTable, Transition,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::batch::{self, BatchError, OUTCOME_NAMES};
use crate::convert;
use crate::errors;
use crate::rules::fact_form;
use crate::tables::ArrowData;

/// The outcome key of a row without an answer (`OUTCOME_NAMES[4]`).
const ERROR_KEY: u8 = 4;
/// The result columns after the caller's id columns.
const RESULT_COLUMNS: [&str; 7] = [
    "row",
    "outcome",
    "rule_id",
    "effective_date",
    "eligible_from",
    "missing_facts",
    "error",
];
/// The result columns of next steps after the caller's id columns.
const STEP_COLUMNS: [&str; 9] = [
    "row",
    "transition",
    "to",
    "outcome",
    "rule_id",
    "effective_date",
    "eligible_from",
    "missing_facts",
    "error",
];
/// The result columns of reachable goals after the caller's id columns.
const GOAL_COLUMNS: [&str; 3] = ["row", "goal", "error"];
/// The prefix of the columns holding one fact of the nested Sek-I facts.
const SEK1_PREFIX: &str = "sek1.";

/// Which input column feeds what.
pub struct Plan {
    /// Columns carried into the result, in the order of `id_columns`.
    ids: Vec<usize>,
    /// Fact columns, with their parser (in the same order); how each is read is decided per
    /// batch by [`FactReader`].
    facts: Vec<usize>,
    parser: LearnerColumns,
    /// Date facts held as dates (date32, date64, timestamp): set directly, not through text.
    dates: Vec<(usize, String)>,
    /// A column `sek1` holding the whole nested object.
    sek1_whole: Option<usize>,
    /// Columns `sek1.<key>`: the column and the key.
    sek1_keys: Vec<(usize, String)>,
}

/// Whether a column holds dates (or timestamps, read as their dates).
fn is_date_type(dt: &DataType) -> bool {
    matches!(
        dt,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(_, _)
    )
}

/// Whether a column of this type can be read as fact text.
fn text_type(dt: &DataType) -> bool {
    match dt {
        DataType::List(f) | DataType::LargeList(f) => text_type(f.data_type()),
        DataType::Struct(_) | DataType::Binary | DataType::LargeBinary => false,
        DataType::Dictionary(_, v) => text_type(v),
        other => arrow_cast::can_cast_types(other, &DataType::Utf8),
    }
}

/// Classifies the input's columns. `echo_names`: whether an unknown column may be named (a
/// DataFrame's column name); a file's header cell is named by position only, as in a file
/// without a header it is a person's value.
pub fn plan(
    py: Python<'_>,
    schema: &Schema,
    id_columns: &[String],
    echo_names: bool,
    op: Operation,
) -> PyResult<Plan> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut ids = Vec::with_capacity(id_columns.len());
    for id in id_columns {
        if op.result_columns().contains(&id.as_str()) {
            return Err(errors::column(
                py,
                "ColumnError",
                id,
                None,
                format!("id column {id:?} has the name of a result column; rename it"),
            ));
        }
        match names.iter().position(|n| n == id) {
            Some(i) => ids.push(i),
            None => {
                return Err(batch::BatchError::Missing {
                    column: id.clone(),
                    available: if echo_names {
                        names.iter().map(|n| (*n).to_owned()).collect()
                    } else {
                        Vec::new()
                    },
                }
                .into_py(py));
            }
        }
    }
    let (mut facts, mut fact_names) = (Vec::new(), Vec::new());
    let (mut sek1_whole, mut sek1_keys, mut dates) = (None, Vec::new(), Vec::new());
    for (i, field) in schema.fields().iter().enumerate() {
        let name = field.name().as_str();
        let is_id = id_columns.iter().any(|c| c == name);
        if name == "sek1" {
            sek1_whole = Some(i);
        } else if let Some(key) = name.strip_prefix(SEK1_PREFIX) {
            sek1_keys.push((i, key.to_owned()));
        } else if is_date_type(field.data_type())
            && Date::from_day_number(0).is_ok_and(|d| LearnerFacts::default().set_date(name, d))
        {
            dates.push((i, name.to_owned()));
        } else if LearnerFacts::FIELDS.contains(&name) {
            if !text_type(field.data_type()) {
                return Err(batch::BatchError::Type {
                    column: name.to_owned(),
                    found: field.data_type().to_string(),
                    expected: "text, a number, a bool, a date or timestamp, or a list of \
                               text (qualifications)",
                }
                .into_py(py));
            }
            facts.push(i);
            fact_names.push(name);
        } else if !is_id {
            let which = if echo_names {
                format!("column {name:?}")
            } else {
                format!("column {} of the header", i + 1)
            };
            return Err(errors::column(
                py,
                "ColumnError",
                if echo_names { name } else { "" },
                None,
                format!(
                    "{which} is no fact; facts: {} (nested Sek-I facts as 'sek1' or \
                     'sek1.<name>'); name it in id_columns to carry it into the result, or \
                     select the fact columns first",
                    LearnerFacts::FIELDS.join(", ")
                ),
            ));
        }
    }
    let parser = LearnerColumns::from_header(fact_names.iter().copied())
        .map_err(|e| crate::rules::rule_error(py, &e))?;
    Ok(Plan {
        ids,
        facts,
        parser,
        dates,
        sek1_whole,
        sek1_keys,
    })
}

/// A fact column as text, the way the CSV reader reads it: nulls (and NaN) as missing, dates
/// as `YYYY-MM-DD`, bools as `true`/`false`, whole floats as integers, lists joined by `;`.
fn text_column(col: &ArrayRef) -> Result<StringArray, ArrowError> {
    match col.data_type() {
        DataType::Float16 | DataType::Float32 | DataType::Float64 => {
            let f = arrow_cast::cast(col, &DataType::Float64)?;
            let f = f.as_primitive::<Float64Type>();
            Ok(f.iter()
                .map(|v| {
                    v.filter(|v| !v.is_nan()).map(|v| {
                        if v.fract() == 0.0 && v.abs() < 9.0e15 {
                            // Exact: whole numbers below 2^53 convert without loss.
                            #[allow(clippy::cast_possible_truncation)]
                            let whole = v as i64;
                            whole.to_string()
                        } else {
                            v.to_string()
                        }
                    })
                })
                .collect())
        }
        DataType::Date64 | DataType::Timestamp(_, _) => {
            let days = arrow_cast::cast(col, &DataType::Date32)?;
            text_column(&days)
        }
        DataType::List(_) | DataType::LargeList(_) => {
            let item = Arc::new(Field::new("item", DataType::Utf8, true));
            let list = arrow_cast::cast(col, &DataType::List(item))?;
            let list = list.as_list::<i32>();
            let mut out = Vec::with_capacity(list.len());
            for i in 0..list.len() {
                if list.is_null(i) {
                    out.push(None);
                    continue;
                }
                let items = list.value(i);
                let items = items.as_string::<i32>();
                let joined: Vec<&str> = items.iter().flatten().collect();
                out.push(Some(joined.join(";")));
            }
            Ok(StringArray::from(out))
        }
        DataType::Utf8 => Ok(col.as_string::<i32>().clone()),
        _ => {
            let s = arrow_cast::cast(col, &DataType::Utf8)?;
            Ok(s.as_string::<i32>().clone())
        }
    }
}

/// Distinct texts of a column parsed once per batch at most this many; a column with more
/// (an id, a name) is read row by row.
const MEMO_LIMIT: usize = 1024;
/// Rows per combination of distinct values at least, for the columns with the fewest distinct
/// values to be parsed together once per combination (a template the row's facts start
/// from): a row of repeating values (Land, Schulform, qualifications) is parsed once per
/// combination, not once per row, as long as a combination serves many rows.
const ROWS_PER_TEMPLATE: usize = 32;

/// How one fact column of a batch is read.
enum FactSource {
    /// Whole numbers into a number or yes/no fact, without text, row by row.
    Integers(Int64Array),
    /// A column whose values repeat: each row's key into its distinct values.
    Keyed {
        keys: Vec<u32>,
        values: Vec<Distinct>,
    },
    /// Text read row by row.
    Text(StringArray),
}

/// One distinct value of a keyed column.
enum Distinct {
    Missing,
    Text(String),
    Integer(i64),
    Boolean(bool),
}

impl Distinct {
    fn cell(&self) -> Option<FactCell<'_>> {
        match self {
            Distinct::Missing => None,
            Distinct::Text(t) => Some(FactCell::Text(t)),
            Distinct::Integer(n) => Some(FactCell::Integer(*n)),
            Distinct::Boolean(b) => Some(FactCell::Boolean(*b)),
        }
    }
}

impl FactSource {
    /// How column `position` of `parser` is read from `col`: typed where the fact takes the
    /// type, else as the text [`text_column`] makes of it; keyed where its values repeat.
    fn of(col: &ArrayRef, parser: &LearnerColumns, position: usize) -> Result<Self, ArrowError> {
        let dt = col.data_type();
        let whole = matches!(
            dt,
            DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::Int64
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
        );
        if whole && parser.takes_integers(position) {
            let wide = arrow_cast::cast(col, &DataType::Int64)?;
            let wide = wide.as_primitive::<Int64Type>();
            return Ok(keyed_integers(wide).unwrap_or_else(|| FactSource::Integers(wide.clone())));
        }
        if *dt == DataType::Boolean && parser.takes_booleans(position) {
            let keys = col
                .as_boolean()
                .iter()
                .map(|b| b.map_or(0, |b| 1 + u32::from(b)))
                .collect();
            let values = vec![
                Distinct::Missing,
                Distinct::Boolean(false),
                Distinct::Boolean(true),
            ];
            return Ok(FactSource::Keyed { keys, values });
        }
        let memo = match dt {
            DataType::Utf8 => memo_texts(col.as_string::<i32>().iter()),
            DataType::LargeUtf8 => memo_texts(col.as_string::<i64>().iter()),
            DataType::Utf8View => memo_texts(col.as_string_view().iter()),
            DataType::Dictionary(_, _) => Some(dictionary_texts(col)?),
            _ => {
                let text = text_column(col)?;
                return Ok(memo_texts(text.iter()).unwrap_or(FactSource::Text(text)));
            }
        };
        match memo {
            Some(memo) => Ok(memo),
            None => Ok(FactSource::Text(text_column(col)?)),
        }
    }

    /// The number of distinct values of a keyed column.
    fn distinct(&self) -> Option<usize> {
        match self {
            FactSource::Keyed { values, .. } => Some(values.len()),
            FactSource::Integers(_) | FactSource::Text(_) => None,
        }
    }

    /// Sets row `i`'s cell of column `position` on `facts`; `Err` when the cell sets no fact.
    fn set(
        &self,
        parser: &LearnerColumns,
        facts: &mut LearnerFacts,
        position: usize,
        i: usize,
    ) -> Result<(), ()> {
        let cell = match self {
            FactSource::Integers(a) if a.is_valid(i) => FactCell::Integer(a.value(i)),
            FactSource::Keyed { keys, values } => {
                let value = keys.get(i).and_then(|&k| values.get(k as usize));
                match value.ok_or(())?.cell() {
                    Some(cell) => cell,
                    None => return Ok(()),
                }
            }
            FactSource::Text(a) if a.is_valid(i) => FactCell::Text(a.value(i)),
            FactSource::Integers(_) | FactSource::Text(_) => return Ok(()),
        };
        parser.set_cell(facts, 0, position, cell).map_err(|_| ())
    }
}

/// Whole numbers keyed by their distance from the least (a null is key 0), when they span at
/// most [`MEMO_LIMIT`] values.
fn keyed_integers(col: &Int64Array) -> Option<FactSource> {
    let (least, most) = col
        .iter()
        .flatten()
        .fold(None, |span: Option<(i64, i64)>, v| {
            Some(span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        })?;
    let span = most.checked_sub(least)?;
    if span >= i64::try_from(MEMO_LIMIT).ok()? {
        return None;
    }
    let keys = col
        .iter()
        .map(|v| v.map_or(Some(0), |v| u32::try_from(v - least + 1).ok()))
        .collect::<Option<Vec<u32>>>()?;
    let values = std::iter::once(Distinct::Missing)
        .chain((least..=least + span).map(Distinct::Integer))
        .collect();
    Some(FactSource::Keyed { keys, values })
}

/// Each cell's key into the distinct texts (a null is missing), or `None` when there are more
/// than [`MEMO_LIMIT`].
fn memo_texts<'a>(cells: impl Iterator<Item = Option<&'a str>>) -> Option<FactSource> {
    let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
    let mut values = vec![Distinct::Missing];
    let mut keys = Vec::with_capacity(cells.size_hint().0);
    for cell in cells {
        let Some(text) = cell else {
            keys.push(0);
            continue;
        };
        let key = match seen.get(text) {
            Some(&key) => key,
            None => {
                if values.len() > MEMO_LIMIT {
                    return None;
                }
                let key = u32::try_from(values.len()).ok()?;
                seen.insert(text, key);
                values.push(Distinct::Text(text.to_owned()));
                key
            }
        };
        keys.push(key);
    }
    Some(FactSource::Keyed { keys, values })
}

/// A dictionary column keyed by its keys, its values as text (as casting the column to text
/// makes them); a null cell or value has the key of an extra missing value.
fn dictionary_texts(col: &ArrayRef) -> Result<FactSource, ArrowError> {
    let dict = col.as_any_dictionary();
    let texts = arrow_cast::cast(dict.values(), &DataType::Utf8)?;
    let texts = texts.as_string::<i32>();
    let mut values: Vec<Distinct> = texts
        .iter()
        .map(|v| v.map_or(Distinct::Missing, |v| Distinct::Text(v.to_owned())))
        .collect();
    let missing = u32::try_from(values.len())
        .map_err(|_| ArrowError::ComputeError("dictionary too large".to_owned()))?;
    values.push(Distinct::Missing);
    if missing == 0 {
        // No values, so every cell is null (arrow cannot normalize the keys of no values).
        return Ok(FactSource::Keyed {
            keys: vec![0; col.len()],
            values,
        });
    }
    let keys = dict
        .normalized_keys()
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            if dict.keys().is_null(i) {
                missing
            } else {
                // `k` < `missing`, which fits.
                u32::try_from(k).unwrap_or(missing)
            }
        })
        .collect();
    Ok(FactSource::Keyed { keys, values })
}

/// The fact columns of one batch: the keyed columns with the fewest distinct values parsed
/// once per combination of their values (a template the row's facts start from), the others
/// set row by row.
struct FactReader<'a> {
    parser: &'a LearnerColumns,
    /// Columns parsed into templates: position, source, and the stride of its key in
    /// `templates`.
    grouped: Vec<(usize, FactSource, usize)>,
    /// Columns set row by row, in position order.
    each_row: Vec<(usize, FactSource)>,
    /// For each combination of grouped keys, its index in `parsed` (`u32::MAX`: not parsed
    /// yet).
    templates: Vec<u32>,
    /// Parsed templates: the facts, or the position of the first column that failed.
    parsed: Vec<Result<LearnerFacts, usize>>,
}

impl<'a> FactReader<'a> {
    fn new(plan: &'a Plan, batch: &RecordBatch) -> Result<Self, ArrowError> {
        let mut sources = plan
            .facts
            .iter()
            .enumerate()
            .map(|(position, &c)| {
                Ok((
                    position,
                    FactSource::of(batch.column(c), &plan.parser, position)?,
                ))
            })
            .collect::<Result<Vec<_>, ArrowError>>()?;
        // The fewest distinct values first, as long as their combinations stay few.
        sources.sort_by_key(|(position, s)| (s.distinct().unwrap_or(usize::MAX), *position));
        let most = (batch.num_rows() / ROWS_PER_TEMPLATE).max(1);
        let (mut grouped, mut each_row, mut combinations) = (Vec::new(), Vec::new(), 1usize);
        for (position, source) in sources {
            match source.distinct() {
                Some(d) if combinations.saturating_mul(d) <= most => {
                    grouped.push((position, source, combinations));
                    combinations *= d;
                }
                _ => each_row.push((position, source)),
            }
        }
        grouped.sort_by_key(|(position, _, _)| *position);
        each_row.sort_by_key(|(position, _)| *position);
        Ok(FactReader {
            parser: &plan.parser,
            grouped,
            each_row,
            templates: vec![u32::MAX; combinations],
            parsed: Vec::new(),
        })
    }

    /// Row `i`'s facts, or the position of the first column whose cell sets no fact.
    fn read(&mut self, i: usize) -> Result<LearnerFacts, usize> {
        let combination: usize = self
            .grouped
            .iter()
            .map(|(_, source, stride)| match source {
                FactSource::Keyed { keys, .. } => keys.get(i).map_or(0, |&k| k as usize * stride),
                _ => 0,
            })
            .sum();
        let parsed = match self.templates.get(combination) {
            Some(&index) if index != u32::MAX => index,
            _ => self.parse_template(combination, i),
        };
        let (mut facts, first_bad) = match self.parsed.get(parsed as usize) {
            Some(Ok(template)) => (template.clone(), usize::MAX),
            Some(Err(position)) => (LearnerFacts::default(), *position),
            None => (LearnerFacts::default(), 0),
        };
        for (position, source) in &self.each_row {
            if *position > first_bad {
                break;
            }
            if source.set(self.parser, &mut facts, *position, i).is_err() {
                return Err(*position);
            }
        }
        if first_bad == usize::MAX {
            Ok(facts)
        } else {
            Err(first_bad)
        }
    }

    /// Parses the grouped cells of row `i`, the first of `combination`, and returns the
    /// template's index in `parsed`.
    fn parse_template(&mut self, combination: usize, i: usize) -> u32 {
        let mut facts = LearnerFacts::default();
        let template = self
            .grouped
            .iter()
            .try_for_each(|(position, source, _)| {
                source
                    .set(self.parser, &mut facts, *position, i)
                    .map_err(|()| *position)
            })
            .map(|()| facts);
        let index = u32::try_from(self.parsed.len()).unwrap_or(u32::MAX);
        self.parsed.push(template);
        if let Some(slot) = self.templates.get_mut(combination) {
            *slot = index;
        }
        index
    }
}

/// One cell of a nested column as JSON: structs as objects (null members left out), lists as
/// arrays, dates as `YYYY-MM-DD`, anything else through its text.
fn cell_json(col: &dyn Array, i: usize) -> Result<Value, ArrowError> {
    if col.is_null(i) {
        return Ok(Value::Null);
    }
    Ok(match col.data_type() {
        DataType::Boolean => Value::Bool(col.as_boolean().value(i)),
        DataType::Struct(fields) => {
            let s = col.as_struct();
            let mut map = Map::new();
            for (f, child) in fields.iter().zip(s.columns()) {
                let v = cell_json(child.as_ref(), i)?;
                if !v.is_null() {
                    map.insert(f.name().clone(), v);
                }
            }
            Value::Object(map)
        }
        DataType::List(_) => {
            let items = col.as_list::<i32>().value(i);
            list_json(items.as_ref())?
        }
        DataType::LargeList(_) => {
            let items = col.as_list::<i64>().value(i);
            list_json(items.as_ref())?
        }
        dt if dt.is_integer() || dt.is_floating() => {
            let f = arrow_cast::cast(&col.slice(i, 1), &DataType::Float64)?;
            let v = f.as_primitive::<Float64Type>().value(0);
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                #[allow(clippy::cast_possible_truncation)]
                let whole = v as i64;
                Value::from(whole)
            } else {
                serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
            }
        }
        _ => {
            let text = text_column(&col.slice(i, 1))?;
            text.iter()
                .next()
                .flatten()
                .map_or(Value::Null, |s| Value::String(s.to_owned()))
        }
    })
}

fn list_json(items: &dyn Array) -> Result<Value, ArrowError> {
    (0..items.len())
        .map(|k| cell_json(items, k))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// Whether `sek1.<key>` accepts this value (tried before the text is taken as a string).
fn sek1_accepts(key: &str, v: &Value) -> bool {
    let mut m = Map::new();
    m.insert(key.to_owned(), v.clone());
    serde_json::from_value::<Sek1Facts>(Value::Object(m)).is_ok()
}

/// A text cell of a `sek1.<key>` column: JSON (an object, a list, a number, a bool) where the
/// key takes it, the text itself otherwise.
fn sek1_text(key: &str, text: &str) -> Value {
    match serde_json::from_str::<Value>(text) {
        Ok(v) if !v.is_string() && sek1_accepts(key, &v) => v,
        _ => Value::String(text.to_owned()),
    }
}

/// The Sek-I facts of one row from the `sek1` and `sek1.<key>` columns; `None` when all are
/// null. The error names the column and what is wrong, never a value.
fn sek1_of(
    plan: &Plan,
    batch: &RecordBatch,
    i: usize,
    row: usize,
) -> Result<Option<Sek1Facts>, String> {
    if plan.sek1_whole.is_none() && plan.sek1_keys.is_empty() {
        return Ok(None);
    }
    let mut map = Map::new();
    let arrow = |name: &str, e: ArrowError| format!("column {name:?} at row {row}: {e}");
    let schema = batch.schema();
    let name_of = |c: usize| schema.field(c).name().clone();
    if let Some(c) = plan.sek1_whole {
        let col = batch.column(c);
        let v = match col.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                let text = text_column(col).map_err(|e| arrow("sek1", e))?;
                match text.iter().nth(i).flatten() {
                    None => Value::Null,
                    Some(t) if t.trim().is_empty() => Value::Null,
                    Some(t) => serde_json::from_str(t).map_err(|_| {
                        format!("column \"sek1\" at row {row}: not well-formed JSON")
                    })?,
                }
            }
            _ => cell_json(col.as_ref(), i).map_err(|e| arrow("sek1", e))?,
        };
        match v {
            Value::Null => {}
            Value::Object(m) => map = m,
            _ => return Err(format!("column \"sek1\" at row {row}: expected an object")),
        }
    }
    for (c, key) in &plan.sek1_keys {
        let col = batch.column(*c);
        let v = match col.data_type() {
            DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Dictionary(_, _) => {
                let text = text_column(&col.slice(i, 1)).map_err(|e| arrow(&name_of(*c), e))?;
                match text.iter().next().flatten().map(str::trim) {
                    None | Some("") => Value::Null,
                    Some(t) => sek1_text(key, t),
                }
            }
            _ => cell_json(col.as_ref(), i).map_err(|e| arrow(&name_of(*c), e))?,
        };
        if !v.is_null() {
            map.insert(key.clone(), v);
        }
    }
    if map.is_empty() {
        return Ok(None);
    }
    convert::strict::<Sek1Facts>(Value::Object(map))
        .map(Some)
        .map_err(|(path, what)| {
            let key = path.split(['.', '[']).next().unwrap_or_default();
            let column = plan
                .sek1_keys
                .iter()
                .find(|(_, k)| k == key)
                .map_or_else(|| "sek1".to_owned(), |(c, _)| name_of(*c));
            let at = if path.is_empty() {
                String::new()
            } else {
                format!(" (at {path})")
            };
            format!("column {column:?} at row {row}{at}: {what}")
        })
}

/// Reads the rows `range` of one batch (`offset`: the position of its first row in the
/// input; `facts`: its fact columns) one at a time, so that no learner's facts are copied, and
/// hands each to `each` with its index in the batch; `failed` marks rows already known to be
/// bad (a CSV row that could not be read) with the reason.
#[allow(clippy::too_many_arguments)]
fn read_rows(
    plan: &Plan,
    batch: &RecordBatch,
    facts: &mut FactReader<'_>,
    days: &[Date32Array],
    range: std::ops::Range<usize>,
    offset: usize,
    failed: &[Option<String>],
    mut each: impl FnMut(usize, Result<LearnerFacts, String>),
) {
    let schema = batch.schema();
    for i in range {
        let row = offset + i;
        if let Some(Some(reason)) = failed.get(i) {
            each(i, Err(reason.clone()));
            continue;
        }
        let mut facts = match facts.read(i) {
            Ok(f) => f,
            Err(position) => {
                let reason = match plan.facts.get(position) {
                    Some(&c) => {
                        let name = schema.field(c).name();
                        format!("column {name:?} at row {row}: expected {}", fact_form(name))
                    }
                    None => format!("row {row}: could not be read"),
                };
                each(i, Err(reason));
                continue;
            }
        };
        if let Err(reason) = set_dates(plan, days, &mut facts, i, row) {
            each(i, Err(reason));
            continue;
        }
        match sek1_of(plan, batch, i, row) {
            Ok(sek1) => facts.sek1 = sek1.map(Box::new),
            Err(reason) => {
                each(i, Err(reason));
                continue;
            }
        }
        each(i, Ok(facts));
    }
}

/// Days within which every timestamp has a date in arrow's calendar (chrono's, which ends in
/// the year 262142): a column beyond is cast by arrow, which refuses it as it did before.
const PLAIN_DAYS: i32 = 90_000_000;

/// A date column as days since 1970, as casting it to date32 makes them. Timestamps without a
/// time zone in nano- or microseconds (pandas, polars) are divided directly, which is what the
/// cast does at a fraction of its cost.
fn day_column(col: &ArrayRef) -> Result<Date32Array, ArrowError> {
    fn days<T: ArrowPrimitiveType<Native = i64>>(col: &ArrayRef, per_day: i64) -> Date32Array {
        col.as_primitive::<T>()
            .unary(|t| i32::try_from(t.div_euclid(per_day)).unwrap_or(i32::MAX))
    }
    let plain = match col.data_type() {
        DataType::Timestamp(TimeUnit::Nanosecond, None) => {
            Some(days::<TimestampNanosecondType>(col, 86_400_000_000_000))
        }
        DataType::Timestamp(TimeUnit::Microsecond, None) => {
            Some(days::<TimestampMicrosecondType>(col, 86_400_000_000))
        }
        _ => None,
    };
    match plain {
        Some(d) if d.iter().flatten().all(|v| v.abs() < PLAIN_DAYS) => Ok(d),
        _ => {
            let d = arrow_cast::cast(col, &DataType::Date32)?;
            Ok(d.as_primitive::<Date32Type>().clone())
        }
    }
}

/// Sets the date facts of row `i` from their date columns (`days`, in the order of
/// `plan.dates`); a day outside the calendar is an error naming the column.
fn set_dates(
    plan: &Plan,
    days: &[Date32Array],
    facts: &mut LearnerFacts,
    i: usize,
    row: usize,
) -> Result<(), String> {
    for ((_, name), col) in plan.dates.iter().zip(days) {
        if col.is_null(i) {
            continue;
        }
        let date = Date::from_day_number(col.value(i))
            .map_err(|_| format!("column {name:?} at row {row}: expected {}", fact_form(name)))?;
        facts.set_date(name, date);
    }
    Ok(())
}

/// A row's evaluation error: the core's message (which names no value) and its code.
fn row_error(row: usize, e: &RuleError) -> String {
    format!("row {row}: {e} ({})", e.code())
}

/// What a batch makes of each learner.
#[derive(Clone, Copy, Debug)]
pub enum Operation {
    /// One transition ([`RuleBook::row_decider`]): one result row per learner.
    Decide(Transition),
    /// Every transition after Sek I ([`RuleBook::next_step_rows`]): one result row per learner
    /// and step.
    NextSteps,
    /// Every goal reachable ([`RuleBook::reachable_goals`]): one result row per learner and
    /// goal.
    ReachableGoals(RouteOptions),
}

impl Operation {
    /// The result's columns after the caller's id columns.
    pub fn result_columns(self) -> &'static [&'static str] {
        match self {
            Operation::Decide(_) => &RESULT_COLUMNS,
            Operation::NextSteps => &STEP_COLUMNS,
            Operation::ReachableGoals(_) => &GOAL_COLUMNS,
        }
    }
}

/// The result columns of one batch, filled row by row as learners are decided (each decision
/// goes into the columns at once and is dropped: no row is held as an object).
#[derive(Default)]
struct Results {
    /// For each row, the learner's index in the batch.
    learner: Vec<u32>,
    /// The step's index in [`PATHWAY_TRANSITIONS`] (next steps; null for a learner without
    /// one).
    step: Vec<Option<u8>>,
    /// Outcome keys into [`OUTCOME_NAMES`] (null: a learner with no step).
    outcome: Vec<Option<u8>>,
    rule: Joined,
    missing: Joined,
    /// Next steps: the determining rule versions and the missing facts of each step, and the
    /// steps of the learner being added (reused from learner to learner).
    step_rules: Joined<u16>,
    step_missing: Joined<&'static str>,
    steps: StepRows,
    effective: Vec<Option<i32>>,
    from: Vec<Option<i32>>,
    /// Reachable goals (null: none).
    goal: Joined,
    /// Why a learner has no answer.
    error: Vec<Option<String>>,
}

/// An [`Operation`] on one day, with what its rows share prepared once.
enum Work<'a> {
    Decide(RowDecider<'a>),
    NextSteps(&'a RuleBook, Date),
    ReachableGoals(&'a RuleBook, Date, RouteOptions),
}

impl Work<'_> {
    fn new(book: &RuleBook, op: Operation, as_of: Date) -> Work<'_> {
        match op {
            Operation::Decide(t) => Work::Decide(book.row_decider(t, as_of)),
            Operation::NextSteps => Work::NextSteps(book, as_of),
            Operation::ReachableGoals(options) => Work::ReachableGoals(book, as_of, options),
        }
    }
}

impl Results {
    /// Results with room for the rows of `learners` learners (one each, or one per step for
    /// the next steps): the columns are not copied as they grow.
    fn for_learners(op: Operation, learners: usize) -> Results {
        let rows = match op {
            Operation::NextSteps => learners.saturating_mul(PATHWAY_TRANSITIONS.len()),
            Operation::Decide(_) | Operation::ReachableGoals(_) => learners,
        };
        let mut r = Results::default();
        r.learner.reserve(rows);
        r.outcome.reserve(rows);
        r.effective.reserve(rows);
        r.from.reserve(rows);
        r.error.reserve(rows);
        match op {
            Operation::Decide(_) => {
                r.rule.keys.reserve(rows);
                r.missing.keys.reserve(rows);
            }
            Operation::NextSteps => {
                r.step.reserve(rows);
                r.step_rules.keys.reserve(rows);
                r.step_missing.keys.reserve(rows);
            }
            Operation::ReachableGoals(_) => r.goal.keys.reserve(rows),
        }
        r
    }

    /// Adds the rows of learner `i` (at `row` in the input).
    fn add(
        &mut self,
        work: &Work<'_>,
        i: usize,
        row: usize,
        facts: Result<LearnerFacts, String>,
    ) -> Result<(), ArrowError> {
        let learner = u32::try_from(i).unwrap_or(u32::MAX);
        match *work {
            Work::Decide(ref decider) => {
                self.learner.push(learner);
                let decided =
                    facts.and_then(|f| decider.decide(&f).map_err(|e| row_error(row, &e)));
                self.decision(decided.map(Some))?;
            }
            Work::NextSteps(book, as_of) => {
                let mut steps = std::mem::take(&mut self.steps);
                let decided = facts.and_then(|f| {
                    book.next_step_rows_into(&f, as_of, &mut steps)
                        .map_err(|e| row_error(row, &e))
                });
                match decided {
                    Ok(()) if !steps.is_empty() => {
                        for (step, rules, missing) in steps.iter() {
                            let key = step_key(step.transition);
                            // A learner's steps come in the same order as the last one's: each
                            // step's lists are compared with the same step's before.
                            let slot = key.map_or(0, usize::from);
                            self.learner.push(learner);
                            self.step.push(key);
                            self.outcome.push(Some(step.outcome.code()));
                            self.step_rules
                                .push_with(slot, rules, |r| book.rule_ids_of(r).join(";"))?;
                            self.step_missing
                                .push_with(slot, missing, |m| m.join(";"))?;
                            self.effective
                                .push(step.effective_date.map(Date::day_number));
                            self.from.push(step.eligible_from.map(Date::day_number));
                            self.error.push(None);
                        }
                    }
                    // No step (no rule pack for the Land): a row without outcome.
                    Ok(()) => self.no_step(learner, None)?,
                    Err(reason) => self.no_step(learner, Some(reason))?,
                }
                self.steps = steps;
            }
            Work::ReachableGoals(book, as_of, ref options) => {
                match facts.and_then(|f| {
                    book.reachable_goals(&f, as_of, options)
                        .map_err(|e| row_error(row, &e))
                }) {
                    Ok(goals) if goals.is_empty() => {
                        self.learner.push(learner);
                        self.goal.push(&[])?;
                        self.error.push(None);
                    }
                    Ok(goals) => {
                        for g in goals {
                            self.learner.push(learner);
                            self.goal.push(&[Cow::Borrowed(goal_name(g))])?;
                            self.error.push(None);
                        }
                    }
                    Err(reason) => {
                        self.learner.push(learner);
                        self.goal.push(&[])?;
                        self.error.push(Some(reason));
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds the one next-step row of a learner without steps: all null, or outcome `error`
    /// and the reason.
    fn no_step(&mut self, learner: u32, error: Option<String>) -> Result<(), ArrowError> {
        self.learner.push(learner);
        self.step.push(None);
        self.outcome.push(error.is_some().then_some(ERROR_KEY));
        self.step_rules.push_with(0, &[], |_| String::new())?;
        self.step_missing.push_with(0, &[], |_| String::new())?;
        self.effective.push(None);
        self.from.push(None);
        self.error.push(error);
        Ok(())
    }

    /// Adds one row's decision columns; a row without a decision (`Ok(None)`: a learner with
    /// no step) has them all null.
    fn decision(&mut self, decided: Result<Option<RowDecision>, String>) -> Result<(), ArrowError> {
        match decided {
            Ok(Some(d)) => {
                self.outcome.push(Some(d.outcome.code()));
                self.rule.push(&d.rule_ids)?;
                self.missing.push(&d.missing_facts)?;
                self.effective.push(d.effective_date.map(Date::day_number));
                self.from.push(d.eligible_from.map(Date::day_number));
                self.error.push(None);
            }
            Ok(None) | Err(_) => {
                self.outcome.push(decided.is_err().then_some(ERROR_KEY));
                self.rule.push(&[])?;
                self.missing.push(&[])?;
                self.effective.push(None);
                self.from.push(None);
                self.error.push(decided.err());
            }
        }
        Ok(())
    }

    /// The result columns: the id columns (`ids`, one value per learner) taken for each row,
    /// then the operation's columns. `offset`: the input position of the batch's first learner.
    fn columns(
        self,
        op: Operation,
        ids: Vec<ArrayRef>,
        offset: usize,
    ) -> Result<Vec<ArrayRef>, ArrowError> {
        let one_each = matches!(op, Operation::Decide(_));
        let take = UInt32Array::from(self.learner);
        let mut columns = Vec::with_capacity(ids.len() + 10);
        for col in ids {
            columns.push(if one_each {
                col
            } else {
                arrow_select::take::take(col.as_ref(), &take, None)?
            });
        }
        let position: Vec<i64> = take
            .values()
            .iter()
            .map(|&i| i64::try_from(offset + i as usize).unwrap_or(i64::MAX))
            .collect();
        let position = Int64Array::new(ScalarBuffer::from(position), None);
        columns.push(Arc::new(position));
        // Mostly no row has an error: then the column is all null without a pass over it.
        let error: ArrayRef = if self.error.iter().all(Option::is_none) {
            new_null_array(&DataType::Utf8, self.error.len())
        } else {
            Arc::new(StringArray::from(self.error))
        };
        if let Operation::ReachableGoals(_) = op {
            columns.push(Arc::new(self.goal.finish()?));
            columns.push(error);
            return Ok(columns);
        }
        if let Operation::NextSteps = op {
            let keys: UInt8Array = primitive(&self.step);
            let names: Vec<&str> = PATHWAY_TRANSITIONS.iter().map(|t| t.id()).collect();
            // Several transitions lead to the same stages; a dictionary's values are unique
            // (pandas categoricals require it).
            let mut stages: Vec<String> = Vec::new();
            let mut stage_of = Vec::with_capacity(PATHWAY_TRANSITIONS.len());
            for t in PATHWAY_TRANSITIONS {
                let text = stages_text(t);
                let k = stages.iter().position(|s| *s == text).unwrap_or_else(|| {
                    stages.push(text);
                    stages.len() - 1
                });
                stage_of.push(u8::try_from(k).unwrap_or(u8::MAX));
            }
            let stage_keys: Vec<Option<u8>> = self
                .step
                .iter()
                .map(|k| k.and_then(|k| stage_of.get(usize::from(k)).copied()))
                .collect();
            let stage_keys: UInt8Array = primitive(&stage_keys);
            columns.push(Arc::new(DictionaryArray::try_new(
                keys,
                Arc::new(StringArray::from(names)),
            )?));
            columns.push(Arc::new(DictionaryArray::try_new(
                stage_keys,
                Arc::new(StringArray::from(stages)),
            )?));
        }
        let outcome_names: ArrayRef = Arc::new(StringArray::from(OUTCOME_NAMES.to_vec()));
        columns.push(Arc::new(DictionaryArray::try_new(
            primitive::<UInt8Type>(&self.outcome),
            outcome_names,
        )?));
        let (rule, missing) = if let Operation::NextSteps = op {
            (self.step_rules.finish()?, self.step_missing.finish()?)
        } else {
            (self.rule.finish()?, self.missing.finish()?)
        };
        columns.push(Arc::new(rule));
        columns.push(Arc::new(primitive::<Date32Type>(&self.effective)));
        columns.push(Arc::new(primitive::<Date32Type>(&self.from)));
        columns.push(Arc::new(missing));
        columns.push(error);
        Ok(columns)
    }
}

/// A column of optional values, its values and validity written in one pass each, the
/// validity eight rows to a byte (arrow's `From<Vec<Option<_>>>` appends them one at a time: a
/// fifth of a next-steps batch's result building).
fn primitive<T: ArrowPrimitiveType>(values: &[Option<T::Native>]) -> PrimitiveArray<T> {
    let nulls = values.iter().any(Option::is_none).then(|| {
        let bits: Vec<u8> = values
            .chunks(8)
            .map(|eight| {
                eight
                    .iter()
                    .enumerate()
                    .fold(0u8, |byte, (i, v)| byte | (u8::from(v.is_some()) << i))
            })
            .collect();
        NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(bits), 0, values.len()))
    });
    let values: Vec<T::Native> = values.iter().map(|v| v.unwrap_or_default()).collect();
    PrimitiveArray::new(ScalarBuffer::from(values), nulls)
}

/// A transition's key in the `transition` column (its place in [`PATHWAY_TRANSITIONS`]).
fn step_key(t: Transition) -> Option<u8> {
    PATHWAY_TRANSITIONS
        .iter()
        .position(|&p| p == t)
        .and_then(|k| u8::try_from(k).ok())
}

/// The stages a transition leads to, as `BatchResult`'s `to` names them: each stage as text
/// (``"berufskolleg:b"`` for a stage with a form), joined by `;`.
fn stages_text(t: Transition) -> String {
    t.to_stages()
        .iter()
        .map(|s| match serde_json::to_value(s) {
            Ok(Value::String(name)) => name,
            Ok(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| format!("{k}:{}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A goal's name as `RuleBook.reachable_goals` gives it: ``"fachhochschule"`` or a
/// qualification's code (``"MSA"``).
fn goal_name(g: Goal) -> &'static str {
    match g {
        Goal::Qualification(q) => q.code(),
        Goal::Universitaet => "universitaet",
        Goal::Fachhochschule => "fachhochschule",
        Goal::VocationalTraining => "vocational_training",
        _ => "",
    }
}

/// The schema of the result: the id columns, then the operation's columns.
fn result_schema(input: &Schema, ids: &[usize], op: Operation) -> SchemaRef {
    let mut fields: Vec<Field> = ids.iter().map(|&i| input.field(i).clone()).collect();
    let dict = |k: DataType| DataType::Dictionary(Box::new(k), Box::new(DataType::Utf8));
    fields.push(Field::new("row", DataType::Int64, false));
    let decision = [
        Field::new("outcome", dict(DataType::UInt8), false),
        Field::new("rule_id", dict(DataType::Int32), true),
        Field::new("effective_date", DataType::Date32, true),
        Field::new("eligible_from", DataType::Date32, true),
        Field::new("missing_facts", dict(DataType::Int32), true),
        Field::new("error", DataType::Utf8, true),
    ];
    match op {
        Operation::Decide(_) => fields.extend(decision),
        Operation::NextSteps => {
            fields.push(Field::new("transition", dict(DataType::UInt8), true));
            fields.push(Field::new("to", dict(DataType::UInt8), true));
            // A learner with no step has a row without outcome.
            fields.push(Field::new("outcome", dict(DataType::UInt8), true));
            fields.extend(decision.into_iter().skip(1));
        }
        Operation::ReachableGoals(_) => {
            fields.push(Field::new("goal", dict(DataType::Int32), true));
            fields.push(Field::new("error", DataType::Utf8, true));
        }
    }
    Arc::new(Schema::new(fields))
}

/// Up to how many distinct lists [`Joined`] compares instead of hashing.
const FEW_LISTS: usize = 16;

/// A dictionary column of names joined by `;` (null for none), from lists of names or of
/// anything naming them (rule versions by index). Each distinct list is joined once, and lists
/// with the same text share a key; rows mostly repeat the list of the row one learner before
/// in the same slot (a next step's transition), so that one is compared first.
struct Joined<K = Cow<'static, str>> {
    keys: Vec<Option<i32>>,
    values: Vec<String>,
    /// The lists seen with their keys, and where each is in `lists`.
    lists: Vec<(Vec<K>, usize)>,
    index: FxHashMap<Vec<K>, usize>,
    /// Per slot, where the list pushed last in it is in `lists`.
    last: Vec<Option<usize>>,
}

impl<K> Default for Joined<K> {
    fn default() -> Joined<K> {
        Joined {
            keys: Vec::new(),
            values: Vec::new(),
            lists: Vec::new(),
            index: FxHashMap::default(),
            last: Vec::new(),
        }
    }
}

impl Joined {
    fn push(&mut self, names: &[Cow<'static, str>]) -> Result<(), ArrowError> {
        self.push_with(0, names, |n| n.join(";"))
    }
}

impl<K: Clone + Eq + std::hash::Hash> Joined<K> {
    /// Adds a row with `list` in `slot`; `text` joins a list not seen before.
    fn push_with(
        &mut self,
        slot: usize,
        list: &[K],
        text: impl FnOnce(&[K]) -> String,
    ) -> Result<(), ArrowError> {
        if list.is_empty() {
            self.keys.push(None);
            return Ok(());
        }
        if self.last.len() <= slot {
            self.last.resize(slot + 1, None);
        }
        let repeated = self.last.get(slot).copied().flatten().filter(|&at| {
            self.lists
                .get(at)
                .is_some_and(|(l, _)| l.as_slice() == list)
        });
        // A few distinct lists (the usual case) are found faster by comparing than by hashing.
        let found = || {
            if self.lists.len() <= FEW_LISTS {
                self.lists.iter().position(|(l, _)| l.as_slice() == list)
            } else {
                self.index.get(list).copied()
            }
        };
        let at = match repeated.or_else(found) {
            Some(at) => at,
            None => {
                let text = text(list);
                let key = self
                    .values
                    .iter()
                    .position(|v| *v == text)
                    .unwrap_or_else(|| {
                        self.values.push(text);
                        self.values.len() - 1
                    });
                self.lists.push((list.to_vec(), key));
                self.index.insert(list.to_vec(), self.lists.len() - 1);
                self.lists.len() - 1
            }
        };
        if let Some(last) = self.last.get_mut(slot) {
            *last = Some(at);
        }
        let key = self.lists.get(at).map_or(0, |(_, k)| *k);
        self.keys.push(Some(
            i32::try_from(key).map_err(|_| ArrowError::DictionaryKeyOverflowError)?,
        ));
        Ok(())
    }

    fn finish(self) -> Result<DictionaryArray<Int32Type>, ArrowError> {
        DictionaryArray::try_new(
            primitive::<Int32Type>(&self.keys),
            Arc::new(StringArray::from(self.values)),
        )
    }
}

/// A table batch ready to decide: the input schema and batches, and per row of the whole input
/// the reason it could not be read (CSV rows).
pub struct TableInput {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub failed: Vec<Option<String>>,
}

/// Makes the result of `op` for every row of a table. Runs without the GIL.
pub fn evaluate_table(
    book: &RuleBook,
    op: Operation,
    as_of: Date,
    plan: &Plan,
    input: &TableInput,
) -> Result<ArrowData, BatchError> {
    let schema = result_schema(&input.schema, &plan.ids, op);
    let mut out = Vec::with_capacity(input.batches.len());
    let mut offset = 0usize;
    for b in &input.batches {
        let n = b.num_rows();
        let failed = input.failed.get(offset..offset + n).unwrap_or(&[]);
        let mut facts = FactReader::new(plan, b)?;
        let days = plan
            .dates
            .iter()
            .map(|&(c, _)| day_column(b.column(c)))
            .collect::<Result<Vec<_>, ArrowError>>()?;
        let mut results = Results::for_learners(op, n);
        let work = Work::new(book, op, as_of);
        let mut added = Ok(());
        read_rows(
            plan,
            b,
            &mut facts,
            &days,
            0..n,
            offset,
            failed,
            |i, facts| {
                if added.is_ok() {
                    added = results.add(&work, i, offset + i, facts);
                }
            },
        );
        added?;
        let ids: Vec<ArrayRef> = plan.ids.iter().map(|&i| b.column(i).clone()).collect();
        let columns = results.columns(op, ids, offset)?;
        out.push(RecordBatch::try_new(schema.clone(), columns)?);
        offset += n;
    }
    Ok(ArrowData {
        schema,
        batches: out,
    })
}

/// A CSV file read as text, as an Arrow table of text columns; the rows that could not be read
/// have null cells and their reason in `failed`.
pub fn csv_input(table: TextTable) -> Result<TableInput, ArrowError> {
    let fields: Vec<Field> = table
        .names
        .iter()
        .map(|n| Field::new(n, DataType::Utf8, true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let mut failed = Vec::with_capacity(table.rows.len());
    let mut columns: Vec<Vec<Option<String>>> = vec![Vec::new(); table.names.len()];
    for (row, r) in table.rows.into_iter().enumerate() {
        match r.cells {
            Ok(cells) => {
                failed.push(None);
                for (col, cell) in columns.iter_mut().zip(cells) {
                    col.push(Some(cell));
                }
            }
            Err(kind) => {
                failed.push(Some(format!("row {row} (line {}): {kind}", r.line)));
                for col in &mut columns {
                    col.push(None);
                }
            }
        }
    }
    let arrays: Vec<ArrayRef> = columns
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    let batch = if arrays.is_empty() {
        RecordBatch::try_new_with_options(
            schema.clone(),
            arrays,
            &arrow_array::RecordBatchOptions::new().with_row_count(Some(failed.len())),
        )?
    } else {
        RecordBatch::try_new(schema.clone(), arrays)?
    };
    Ok(TableInput {
        schema,
        batches: vec![batch],
        failed,
    })
}

/// Makes the result of `op` for every non-blank line of JSON Lines (one facts object per line; `id_columns` name
/// keys carried into the result as text — a JSON string as it is, any other value as its JSON —
/// and not read as facts unless they are facts). Runs without the GIL.
pub fn evaluate_jsonl(
    book: &RuleBook,
    op: Operation,
    as_of: Date,
    id_columns: &[String],
    bytes: &[u8],
) -> Result<ArrowData, BatchError> {
    let mut ids: Vec<Vec<Option<String>>> = vec![Vec::new(); id_columns.len()];
    let mut facts = Vec::new();
    for (k, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = k + 1;
        let raw = if k == 0 {
            raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        let text = std::str::from_utf8(raw).map(str::trim);
        if matches!(text, Ok("")) {
            continue;
        }
        let row = facts.len();
        let parsed = text
            .map_err(|_| format!("row {row} (line {line}): not UTF-8"))
            .and_then(|t| {
                serde_json::from_str::<Value>(t)
                    .map_err(|_| format!("row {row} (line {line}): not well-formed JSON"))
            })
            .and_then(|v| match v {
                Value::Object(m) => Ok(m),
                _ => Err(format!("row {row} (line {line}): not a JSON object")),
            });
        match parsed {
            Ok(mut m) => {
                for (col, name) in ids.iter_mut().zip(id_columns) {
                    col.push(match m.get(name) {
                        None | Some(Value::Null) => None,
                        Some(Value::String(s)) => Some(s.clone()),
                        Some(other) => Some(other.to_string()),
                    });
                }
                m.retain(|k, v| {
                    !v.is_null()
                        && (LearnerFacts::FIELDS.contains(&k.as_str()) || !id_columns.contains(k))
                });
                let text = Value::Object(m).to_string();
                facts.push(LearnerFacts::from_json(&text).map_err(|e| match e {
                    RuleError::Record {
                        field: Some(f),
                        kind,
                        ..
                    } => format!("row {row} (line {line}), field {f:?}: {kind}"),
                    other => format!("row {row} (line {line}): {other}"),
                }));
            }
            Err(reason) => {
                for col in &mut ids {
                    col.push(None);
                }
                facts.push(Err(reason));
            }
        }
    }
    let id_fields: Vec<Field> = id_columns
        .iter()
        .map(|n| Field::new(n, DataType::Utf8, true))
        .collect();
    let schema = result_schema(
        &Schema::new(id_fields),
        &(0..id_columns.len()).collect::<Vec<_>>(),
        op,
    );
    let mut results = Results::default();
    let work = Work::new(book, op, as_of);
    for (i, f) in facts.into_iter().enumerate() {
        results.add(&work, i, i, f)?;
    }
    let ids: Vec<ArrayRef> = ids
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    let columns = results.columns(op, ids, 0)?;
    let batch = RecordBatch::try_new(schema.clone(), columns)?;
    Ok(ArrowData {
        schema,
        batches: vec![batch],
    })
}

/// What a path holds, by its extension.
pub enum FileKind {
    /// `.csv`.
    Csv,
    /// `.jsonl`, `.ndjson`, `.json` (one object per line).
    Jsonl,
}

/// The kind of a file, from its extension.
pub fn file_kind(py: Python<'_>, path: &Path) -> PyResult<FileKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(FileKind::Csv),
        Some("jsonl" | "ndjson" | "json") => Ok(FileKind::Jsonl),
        _ => Err(errors::input(
            py,
            "the path must end in .csv (a header row naming the facts) or .jsonl / .ndjson / \
             .json (JSON Lines: one facts object per line)",
        )),
    }
}

/// A pandas DataFrame as a pyarrow Table: the index levels become columns named as
/// `DataFrame.reset_index()` names them (the level's name, else `index`, or `level_<i>` for
/// several levels), kept only where `id_columns` names them.
pub fn pandas_table<'py>(
    df: &Bound<'py, PyAny>,
    id_columns: &[String],
) -> PyResult<Bound<'py, PyAny>> {
    let py = df.py();
    let levels: Vec<Option<String>> = df.getattr("index")?.getattr("names")?.extract()?;
    let count = levels.len();
    let names: Vec<String> = levels
        .into_iter()
        .enumerate()
        .map(|(i, n)| match n {
            Some(n) => n,
            None if count == 1 => "index".to_owned(),
            None => format!("level_{i}"),
        })
        .collect();
    let wanted = names.iter().any(|n| id_columns.contains(n));
    let kwargs = PyDict::new(py);
    kwargs.set_item("preserve_index", wanted)?;
    let table =
        py.import("pyarrow")?
            .getattr("Table")?
            .call_method("from_pandas", (df,), Some(&kwargs))?;
    if !wanted {
        return Ok(table);
    }
    // pyarrow puts the index levels after the columns.
    let mut all: Vec<String> = table.getattr("column_names")?.extract()?;
    let first = all.len().saturating_sub(count);
    all.truncate(first);
    all.extend(names.iter().cloned());
    let table = table.call_method1("rename_columns", (all,))?;
    let unwanted: Vec<&String> = names.iter().filter(|n| !id_columns.contains(n)).collect();
    if unwanted.is_empty() {
        Ok(table)
    } else {
        table.call_method1("drop_columns", (unwanted,))
    }
}

/// Whether an object is a pandas DataFrame (without importing pandas).
pub fn is_pandas_frame(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let module: String = obj.get_type().getattr("__module__")?.extract()?;
    Ok(module.starts_with("pandas") && obj.hasattr("reset_index")? && obj.hasattr("index")?)
}

/// Whether an object is a lazy frame (polars LazyFrame): it has `collect` but no Arrow export.
pub fn is_lazy(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("collect")?
        && !obj.hasattr("__arrow_c_stream__")?
        && !obj.hasattr("__arrow_c_array__")?)
}

/// The result of a batch over a table (`RuleBook.evaluate_batch`, `next_steps_batch`,
/// `reachable_goals_batch`), in input order. The id columns asked for come first (repeated on
/// each row of their learner), then `row` (int64, the learner's position in the input, from 0).
///
/// `evaluate_batch`, one row per learner: `outcome` (dictionary: `not_eligible`, `eligible`,
/// `discretionary`, `undetermined`, `error`); `rule_id` (dictionary text: the ids of the
/// determining rules, sorted, joined by `;`, as `";".join(Decision.rule_ids)`; null when none);
/// `effective_date` and `eligible_from` (date32, as in `Decision`); `missing_facts` (dictionary
/// text: the facts still needed, joined by `;` in the decision's order; null when none is
/// missing); `error` (text, null when the row was decided: why it has no answer, naming column
/// and row, never a value).
///
/// `next_steps_batch`, one row per learner and step (the steps of `RuleBook.next_steps`, in
/// its order): `transition` (dictionary: the step's transition id), `to` (dictionary: the
/// stages it leads to, joined by `;`), then the columns of `evaluate_batch` for the step's
/// decision. A learner without an answer has one row: `transition` and `to` null, outcome
/// `error` and the reason; a learner with no step (no rule pack for their Land) one row with
/// `transition`, `to` and `outcome` null.
///
/// `reachable_goals_batch`, one row per learner and goal (in the order of
/// `RuleBook.reachable_goals`): `goal` (dictionary text: `universitaet`, `fachhochschule`,
/// `vocational_training` or a qualification code) and `error`. A learner with no goal in reach
/// has one row with `goal` null; one without an answer one row with `goal` null and the reason.
#[pyclass(frozen, module = "bildungsnetz._native", name = "BatchResult")]
pub struct PyBatchResult {
    pub data: ArrowData,
    pub operation: Operation,
    pub as_of: Date,
}

#[pymethods]
impl PyBatchResult {
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

    /// The transition decided, e.g. ``"school_entry"``; ``None`` for next steps and
    /// reachable goals.
    #[getter]
    fn transition(&self) -> Option<&'static str> {
        match self.operation {
            Operation::Decide(t) => Some(t.id()),
            Operation::NextSteps | Operation::ReachableGoals(_) => None,
        }
    }

    /// What the batch made: ``"evaluate"``, ``"next_steps"`` or ``"reachable_goals"``.
    #[getter]
    fn operation(&self) -> &'static str {
        match self.operation {
            Operation::Decide(_) => "evaluate",
            Operation::NextSteps => "next_steps",
            Operation::ReachableGoals(_) => "reachable_goals",
        }
    }

    /// The day asked about.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.as_of)
    }

    /// How many rows have each outcome (every category, ``error`` and zeros included).
    fn outcome_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let mut counts = [0u64; OUTCOME_NAMES.len()];
        for b in &self.data.batches {
            let Some(d) = b
                .column_by_name("outcome")
                .and_then(|c| c.as_dictionary_opt::<UInt8Type>())
            else {
                continue;
            };
            for &k in d.keys().values().iter() {
                if let Some(c) = counts.get_mut(usize::from(k)) {
                    *c += 1;
                }
            }
        }
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

    /// The result as a ``pandas.DataFrame`` (needs pyarrow and pandas): ``outcome``,
    /// ``rule_id`` and ``missing_facts`` become categoricals, the dates ``datetime.date``
    /// objects.
    fn to_pandas<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        crate::tables::pandas_frame(&Self::to_pyarrow(slf)?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<BatchResult {} {} rows as of {}, columns {:?}>",
            self.transition().unwrap_or(self.operation()),
            self.data.num_rows(),
            self.as_of,
            self.data.column_names()
        )
    }
}

/// Reads the table argument of `evaluate_batch` (with the GIL): Arrow data, a pandas
/// DataFrame or, with `collect`, a lazy frame.
pub fn arrow_input(
    data: &Bound<'_, PyAny>,
    id_columns: &[String],
    collect: bool,
) -> PyResult<TableInput> {
    let (schema, batches) = if is_pandas_frame(data)? {
        batch::read_table(&pandas_table(data, id_columns)?, "value")?
    } else if is_lazy(data)? {
        if !collect {
            return Err(PyTypeError::new_err(format!(
                "{} is lazy: pass collect=True to collect it first (or collect it yourself)",
                convert::type_name(data)
            )));
        }
        batch::read_table(&data.call_method0("collect")?, "value")?
    } else {
        batch::read_table(data, "value")?
    };
    Ok(TableInput {
        schema,
        batches,
        failed: Vec::new(),
    })
}
