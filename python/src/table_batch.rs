//! `RuleBook.evaluate_batch` over tables, for every transition: Arrow data (the PyCapsule
//! interface: pyarrow, polars, pandas), a CSV or a JSON Lines file. Facts are read by column
//! name as the CSV reader reads them ([`LearnerColumns`]); one result row per input row, in
//! order; a row that cannot be read or decided gets outcome `error` and the reason, and the
//! other rows are decided all the same. The GIL is released while rows are converted and decided.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, UInt8Type};
use arrow_array::{
    Array, ArrayRef, Date32Array, DictionaryArray, Int32Array, Int64Array, RecordBatch,
    StringArray, UInt8Array,
};
use arrow_buffer::ScalarBuffer;
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bildungsnetz::calendar::Date;
use bildungsnetz::rules::sek1::Sek1Facts;
use bildungsnetz::rules::{
    LearnerColumns, LearnerFacts, RowDecision, RuleBook, RuleError, TextTable, Transition,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyDict};
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
/// The prefix of the columns holding one fact of the nested Sek-I facts.
const SEK1_PREFIX: &str = "sek1.";

/// Which input column feeds what.
pub struct Plan {
    /// Columns carried into the result, in the order of `id_columns`.
    ids: Vec<usize>,
    /// Fact columns read as text, with their parser (in the same order).
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
) -> PyResult<Plan> {
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let mut ids = Vec::with_capacity(id_columns.len());
    for id in id_columns {
        if RESULT_COLUMNS.contains(&id.as_str()) {
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

/// Reads and decides the rows `range` of one batch (`offset`: the position of its first row in
/// the input; `texts`: its fact columns as text), one at a time, so that no learner's facts are
/// copied; `failed` marks rows already known to be bad (a CSV row that could not be read) with
/// the reason.
fn decide_range(
    ctx: &Context<'_>,
    batch: &RecordBatch,
    texts: &[StringArray],
    days: &[Date32Array],
    range: std::ops::Range<usize>,
    offset: usize,
    failed: &[Option<String>],
) -> Vec<Result<RowDecision, String>> {
    let mut out = Vec::with_capacity(range.len());
    let mut cells: Vec<&str> = Vec::with_capacity(texts.len());
    for i in range {
        let row = offset + i;
        if let Some(Some(reason)) = failed.get(i) {
            out.push(Err(reason.clone()));
            continue;
        }
        cells.clear();
        cells.extend(
            texts
                .iter()
                .map(|t| if t.is_null(i) { "" } else { t.value(i) }),
        );
        let line = u64::try_from(row).unwrap_or(u64::MAX);
        let mut facts = match ctx.plan.parser.parse_row(line, cells.iter().copied()) {
            Ok(f) => f,
            Err(RuleError::Record { field: Some(f), .. }) => {
                out.push(Err(format!(
                    "column {f:?} at row {row}: expected {}",
                    fact_form(&f)
                )));
                continue;
            }
            Err(e) => {
                out.push(Err(format!("row {row}: {e}")));
                continue;
            }
        };
        if let Err(reason) = set_dates(ctx.plan, days, &mut facts, i, row) {
            out.push(Err(reason));
            continue;
        }
        match sek1_of(ctx.plan, batch, i, row) {
            Ok(sek1) => facts.sek1 = sek1.map(Box::new),
            Err(reason) => {
                out.push(Err(reason));
                continue;
            }
        }
        out.push(
            ctx.book
                .evaluate_row(ctx.transition, &facts, ctx.as_of)
                .map_err(|e| row_error(row, &e)),
        );
    }
    out
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

/// What every row of a table batch is decided with.
struct Context<'a> {
    book: &'a RuleBook,
    transition: Transition,
    as_of: Date,
    plan: &'a Plan,
}

/// The schema of the result: the id columns, then [`RESULT_COLUMNS`].
fn result_schema(input: &Schema, ids: &[usize]) -> SchemaRef {
    let mut fields: Vec<Field> = ids.iter().map(|&i| input.field(i).clone()).collect();
    let dict = |k: DataType| DataType::Dictionary(Box::new(k), Box::new(DataType::Utf8));
    fields.extend([
        Field::new("row", DataType::Int64, false),
        Field::new("outcome", dict(DataType::UInt8), false),
        Field::new("rule_id", dict(DataType::Int32), true),
        Field::new("effective_date", DataType::Date32, true),
        Field::new("eligible_from", DataType::Date32, true),
        Field::new("missing_facts", dict(DataType::Int32), true),
        Field::new("error", DataType::Utf8, true),
    ]);
    Arc::new(Schema::new(fields))
}

/// A dictionary column of names joined by `;` (null for none). Neighbouring rows mostly
/// repeat a value: it is joined and looked up only when it changes.
#[derive(Default)]
struct Joined {
    keys: Vec<Option<i32>>,
    values: Vec<String>,
    index: HashMap<String, i32>,
    last: Option<(Vec<Cow<'static, str>>, i32)>,
}

impl Joined {
    fn push(&mut self, names: &[Cow<'static, str>]) -> Result<(), ArrowError> {
        if names.is_empty() {
            self.keys.push(None);
            return Ok(());
        }
        if let Some((last, key)) = &self.last {
            if names == last.as_slice() {
                self.keys.push(Some(*key));
                return Ok(());
            }
        }
        let joined = names.join(";");
        let key = match self.index.get(&joined) {
            Some(&key) => key,
            None => {
                let key = i32::try_from(self.values.len())
                    .map_err(|_| ArrowError::DictionaryKeyOverflowError)?;
                self.values.push(joined.clone());
                self.index.insert(joined, key);
                key
            }
        };
        self.keys.push(Some(key));
        self.last = Some((names.to_vec(), key));
        Ok(())
    }

    fn finish(self) -> Result<DictionaryArray<Int32Type>, ArrowError> {
        DictionaryArray::try_new(
            Int32Array::from(self.keys),
            Arc::new(StringArray::from(self.values)),
        )
    }
}

/// The result columns of one batch.
fn result_columns(
    rows: &[Result<RowDecision, String>],
    offset: usize,
) -> Result<Vec<ArrayRef>, ArrowError> {
    let n = rows.len();
    let position: Int64Array = (offset..offset + n)
        .map(|r| i64::try_from(r).unwrap_or(i64::MAX))
        .collect();
    let keys: Vec<u8> = rows
        .iter()
        .map(|r| r.as_ref().map_or(ERROR_KEY, |d| d.outcome.code()))
        .collect();
    let names: ArrayRef = Arc::new(StringArray::from(OUTCOME_NAMES.to_vec()));
    let outcome = DictionaryArray::try_new(UInt8Array::new(ScalarBuffer::from(keys), None), names)?;
    let mut rule = Joined::default();
    let mut missing = Joined::default();
    let (mut effective, mut from, mut error) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for r in rows {
        match r {
            Ok(d) => {
                rule.push(&d.rule_ids)?;
                missing.push(&d.missing_facts)?;
                effective.push(d.effective_date.map(Date::day_number));
                from.push(d.eligible_from.map(Date::day_number));
                error.push(None);
            }
            Err(reason) => {
                rule.push(&[])?;
                missing.push(&[])?;
                effective.push(None);
                from.push(None);
                error.push(Some(reason.as_str()));
            }
        }
    }
    Ok(vec![
        Arc::new(position),
        Arc::new(outcome),
        Arc::new(rule.finish()?),
        Arc::new(Date32Array::from(effective)),
        Arc::new(Date32Array::from(from)),
        Arc::new(missing.finish()?),
        Arc::new(StringArray::from(error)),
    ])
}

/// Decides the rows (of JSON Lines) whose facts could be read; the others keep their reason.
fn decide(
    book: &RuleBook,
    transition: Transition,
    as_of: Date,
    facts: Vec<Result<LearnerFacts, String>>,
) -> Vec<Result<RowDecision, String>> {
    let mut readable = Vec::with_capacity(facts.len());
    let mut out: Vec<Option<Result<RowDecision, String>>> = Vec::with_capacity(facts.len());
    for f in facts {
        match f {
            Ok(f) => {
                readable.push(f);
                out.push(None);
            }
            Err(reason) => out.push(Some(Err(reason))),
        }
    }
    let mut decided = book.evaluate_rows(transition, &readable, as_of).into_iter();
    out.into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Some(failed) => failed,
            None => match decided.next() {
                Some(Ok(d)) => Ok(d),
                Some(Err(e)) => Err(row_error(i, &e)),
                None => Err(format!("row {i}: not decided")),
            },
        })
        .collect()
}

/// A table batch ready to decide: the input schema and batches, and per row of the whole input
/// the reason it could not be read (CSV rows).
pub struct TableInput {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
    pub failed: Vec<Option<String>>,
}

/// Decides every row of a table. Runs without the GIL.
pub fn evaluate_table(
    book: &RuleBook,
    transition: Transition,
    as_of: Date,
    plan: &Plan,
    input: &TableInput,
) -> Result<ArrowData, BatchError> {
    let schema = result_schema(&input.schema, &plan.ids);
    let mut out = Vec::with_capacity(input.batches.len());
    let mut offset = 0usize;
    for b in &input.batches {
        let n = b.num_rows();
        let failed = input.failed.get(offset..offset + n).unwrap_or(&[]);
        let texts = plan
            .facts
            .iter()
            .map(|&c| text_column(b.column(c)))
            .collect::<Result<Vec<_>, _>>()?;
        let days = plan
            .dates
            .iter()
            .map(|&(c, _)| {
                let d = arrow_cast::cast(b.column(c), &DataType::Date32)?;
                Ok(d.as_primitive::<Date32Type>().clone())
            })
            .collect::<Result<Vec<_>, ArrowError>>()?;
        let ctx = Context {
            book,
            transition,
            as_of,
            plan,
        };
        let rows = decide_range(&ctx, b, &texts, &days, 0..n, offset, failed);
        let mut columns: Vec<ArrayRef> = plan.ids.iter().map(|&i| b.column(i).clone()).collect();
        columns.extend(result_columns(&rows, offset)?);
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

/// Decides every non-blank line of JSON Lines (one facts object per line; `id_columns` name
/// keys carried into the result as text — a JSON string as it is, any other value as its JSON —
/// and not read as facts unless they are facts). Runs without the GIL.
pub fn evaluate_jsonl(
    book: &RuleBook,
    transition: Transition,
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
    );
    let rows = decide(book, transition, as_of, facts);
    let mut columns: Vec<ArrayRef> = ids
        .into_iter()
        .map(|c| Arc::new(StringArray::from(c)) as ArrayRef)
        .collect();
    columns.extend(result_columns(&rows, 0)?);
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

/// The result of `RuleBook.evaluate_batch` over a table: one row per input row, in order — the
/// id columns asked for; `row` (int64, the position in the input, from 0); `outcome`
/// (dictionary: `not_eligible`, `eligible`, `discretionary`, `undetermined`, `error`);
/// `rule_id` (dictionary text: the ids of the determining rules, sorted, joined by `;`, as
/// `";".join(Decision.rule_ids)`; null when none); `effective_date` and `eligible_from`
/// (date32, as in `Decision`); `missing_facts` (dictionary text: the facts still needed, joined
/// by `;` in the decision's order; null when none is missing); `error` (text, null when the row
/// was decided: why it has no answer, naming column and row, never a value).
#[pyclass(frozen, module = "bildungsnetz._native", name = "BatchResult")]
pub struct PyBatchResult {
    pub data: ArrowData,
    pub transition: Transition,
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

    /// The transition decided, e.g. ``"school_entry"``.
    #[getter]
    fn transition(&self) -> &'static str {
        self.transition.id()
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
        Self::to_pyarrow(slf)?.call_method0("to_pandas")
    }

    fn __repr__(&self) -> String {
        format!(
            "<BatchResult {} {} rows as of {}, columns {:?}>",
            self.transition.id(),
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
