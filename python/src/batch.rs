//! Batch evaluation over Arrow data (the PyCapsule interface): columns in, columns out, no
//! Python object per row, the GIL released while the core works.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Date32Type;
use arrow_array::{
    Array, ArrayRef, Date32Array, DictionaryArray, RecordBatch, StringArray, UInt8Array,
    new_null_array,
};
use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::rules::Land;
use bildungsnetz::rules::{
    EntryMemo, InYearMemo, LeanDecision, LearnerFacts, NO_DATE, NO_RULE, OUTCOME_ERROR, Outcome,
    RuleBook, RuleError, Transition,
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
    /// Answer `undetermined` for that row (the fact is missing), or error where the full
    /// decision without the fact fails.
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

/// How the rows of one Land are answered.
enum LandAnswers<'a> {
    /// Both questions: the memoised lean decision per birth day.
    Full(EntryMemo<'a>),
    /// "Schulpflichtig in the year?" only: the same outcome and rule, without the start day;
    /// the output row of each of the memo's few answers is prepared once.
    InYear {
        memo: InYearMemo<'a>,
        rows: Box<[RowOut; ANSWER_INDICES]>,
    },
}

/// One prepared row per possible answer index ([`InYearMemo::decide_index`] is a byte), so that
/// the lookup needs no bounds check.
const ANSWER_INDICES: usize = 1 << u8::BITS;

/// A row without an answer: its Land has no school-entry pack, or the law needed is not
/// encoded.
const UNANSWERED: LeanDecision = LeanDecision {
    outcome: OUTCOME_ERROR,
    effective_day: NO_DATE,
    rule: NO_RULE,
};

/// The answer for a row whose Land is missing (null in the land column), as the full
/// decision gives it: undetermined where a Land's cut-off is encoded for the school year, no
/// answer where none is.
fn no_land(book: &RuleBook, year: SchoolYear) -> LeanDecision {
    let outcome = match book.evaluate(
        Transition::SchoolEntry,
        &LearnerFacts::default(),
        year.start(),
    ) {
        Ok(d) => d.outcome.code(),
        Err(_) => OUTCOME_ERROR,
    };
    LeanDecision {
        outcome,
        effective_day: NO_DATE,
        rule: NO_RULE,
    }
}

const ELIGIBLE: u8 = Outcome::Eligible.code();
const NOT_ELIGIBLE: u8 = Outcome::NotEligible.code();

impl<'a> LandAnswers<'a> {
    fn new(
        book: &'a RuleBook,
        land: Land,
        year: SchoolYear,
        births: &[i32],
        with_effective: bool,
        keys: &RuleKeys,
    ) -> Result<LandAnswers<'a>, RuleError> {
        if with_effective {
            return Ok(LandAnswers::Full(
                book.school_entry_memo(land, year, births)?,
            ));
        }
        let memo = book.schulpflichtig_in_memo(land, year, births)?;
        let mut rows = Box::new([keys.row(UNANSWERED); ANSWER_INDICES]);
        for (row, &answer) in rows.iter_mut().zip(memo.answers()) {
            *row = keys.row(answer);
        }
        Ok(LandAnswers::InYear { memo, rows })
    }

    #[inline]
    fn row(&self, birth: i32, keys: &RuleKeys) -> RowOut {
        match self {
            LandAnswers::Full(memo) => keys.row(memo.decide(birth)),
            LandAnswers::InYear { memo, rows } => in_year_row(memo, rows, birth, keys),
        }
    }
}

/// The prepared output row of a child's in-year answer.
#[inline]
fn in_year_row(
    memo: &InYearMemo<'_>,
    rows: &[RowOut; ANSWER_INDICES],
    birth: i32,
    keys: &RuleKeys,
) -> RowOut {
    rows.get(usize::from(memo.decide_index(birth)))
        .copied()
        .unwrap_or_else(|| keys.row(UNANSWERED))
}

/// The answers per Land of a land column (indexed by `Land as usize`); `None` for a Land
/// without a school-entry pack or absent from the batch.
fn answers_by_land<'a>(
    book: &'a RuleBook,
    lands: &[Option<Land>],
    year: SchoolYear,
    births: &[i32],
    with_effective: bool,
    keys: &RuleKeys,
) -> Result<Vec<Option<LandAnswers<'a>>>, RuleError> {
    let mut present = [false; Land::ALL.len()];
    for land in lands.iter().flatten() {
        if let Some(p) = present.get_mut(*land as usize) {
            *p = true;
        }
    }
    Land::ALL
        .iter()
        .zip(present)
        .map(|(&land, present)| {
            if !present {
                return Ok(None);
            }
            match LandAnswers::new(book, land, year, births, with_effective, keys) {
                Ok(answers) => Ok(Some(answers)),
                Err(RuleError::NotCovered { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })
        .collect()
}

/// The rule-id and citation dictionaries of a result: the unique values (pandas categoricals
/// require them) over the cut-off versions of the Länder asked about, and per rule index the
/// u8 keys of its id and of its citation (one lookup per row).
pub struct RuleKeys {
    ids: Arc<StringArray>,
    citations: Arc<StringArray>,
    by_rule: Vec<(u8, u8)>,
}

fn intern(values: &mut Vec<String>, v: String) -> Result<u8, ArrowError> {
    let i = match values.iter().position(|x| *x == v) {
        Some(i) => i,
        None => {
            values.push(v);
            values.len() - 1
        }
    };
    u8::try_from(i).map_err(|_| ArrowError::DictionaryKeyOverflowError)
}

impl RuleKeys {
    fn new(book: &RuleBook, lands: &[Land]) -> Result<RuleKeys, BatchError> {
        let (mut ids, mut citations) = (Vec::new(), Vec::new());
        let mut by_rule = vec![(0u8, 0u8); book.rule_count()];
        for &land in lands {
            for &index in book.school_entry_rules(land)? {
                let Some(rule) = book.rule(index) else {
                    continue;
                };
                let slot = usize::from(index);
                if let Some(keys) = by_rule.get_mut(slot) {
                    *keys = (
                        intern(&mut ids, rule.rule_id)?,
                        intern(&mut citations, rule.citation)?,
                    );
                }
            }
        }
        Ok(RuleKeys {
            ids: Arc::new(StringArray::from(ids)),
            citations: Arc::new(StringArray::from(citations)),
            by_rule,
        })
    }

    /// The output row of a lean answer: its keys, start day and validity. [`NO_RULE`] (masked
    /// as null) gets the keys 0.
    #[inline]
    fn row(&self, d: LeanDecision) -> RowOut {
        let (id, citation) = self
            .by_rule
            .get(usize::from(d.rule))
            .copied()
            .unwrap_or((0, 0));
        RowOut {
            outcome: if d.outcome == OUTCOME_ERROR {
                ERROR_KEY
            } else {
                d.outcome
            },
            start: d.effective_day,
            id,
            citation,
            eligible: d.outcome == ELIGIBLE,
            not_yet: d.outcome == NOT_ELIGIBLE,
            ruled: d.rule != NO_RULE,
        }
    }
}

/// What one row of a result holds: the outcome key, the 1 August the Schulpflicht begins, the
/// rule keys, and which of the nullable columns are valid.
#[derive(Clone, Copy)]
struct RowOut {
    outcome: u8,
    start: i32,
    id: u8,
    citation: u8,
    eligible: bool,
    not_yet: bool,
    ruled: bool,
}

/// The result columns of one batch, written in one pass: outcome keys, the 1 August the
/// Schulpflicht begins (shared by `effective_date` and `eligible_from`, which differ in their
/// validity), rule keys, and the validity bits as little-endian 64-bit words.
struct EntryColumns {
    outcome: Vec<u8>,
    /// `None` when only the first question is asked.
    start: Option<Vec<i32>>,
    id: Vec<u8>,
    citation: Vec<u8>,
    eligible: Vec<u64>,
    not_yet: Vec<u64>,
    ruled: Vec<u64>,
}

impl EntryColumns {
    fn write(
        births: &[i32],
        with_effective: bool,
        answer: impl Fn(usize, i32) -> RowOut,
    ) -> EntryColumns {
        let n = births.len();
        let words = n.div_ceil(64);
        let mut out = EntryColumns {
            outcome: Vec::with_capacity(n),
            start: with_effective.then(|| Vec::with_capacity(n)),
            id: Vec::with_capacity(n),
            citation: Vec::with_capacity(n),
            eligible: Vec::with_capacity(words),
            not_yet: Vec::with_capacity(words),
            ruled: Vec::with_capacity(words),
        };
        // 64 rows at a time into arrays on the stack (one bitmap word), then appended: the
        // row loop has no capacity checks and keeps its state in registers.
        let mut outcome = [0u8; 64];
        let mut start = [0i32; 64];
        let mut id = [0u8; 64];
        let mut citation = [0u8; 64];
        for (chunk_no, chunk) in births.chunks(64).enumerate() {
            let (mut eligible, mut not_yet, mut ruled) = (0u64, 0u64, 0u64);
            let slots = outcome
                .iter_mut()
                .zip(start.iter_mut())
                .zip(id.iter_mut().zip(citation.iter_mut()));
            for (bit, (&birth, ((o, s), (i, c)))) in chunk.iter().zip(slots).enumerate() {
                let r = answer(chunk_no * 64 + bit, birth);
                (*o, *s, *i, *c) = (r.outcome, r.start, r.id, r.citation);
                eligible |= u64::from(r.eligible) << bit;
                not_yet |= u64::from(r.not_yet) << bit;
                ruled |= u64::from(r.ruled) << bit;
            }
            let len = chunk.len();
            out.outcome
                .extend_from_slice(outcome.get(..len).unwrap_or_default());
            if let Some(out_start) = out.start.as_mut() {
                out_start.extend_from_slice(start.get(..len).unwrap_or_default());
            }
            out.id.extend_from_slice(id.get(..len).unwrap_or_default());
            out.citation
                .extend_from_slice(citation.get(..len).unwrap_or_default());
            out.eligible.push(eligible.to_le());
            out.not_yet.push(not_yet.to_le());
            out.ruled.push(ruled.to_le());
        }
        out
    }

    /// The columns in the order of [`result_schema`] (after the included ones).
    fn into_arrays(
        self,
        outcome_values: &ArrayRef,
        keys: &RuleKeys,
    ) -> Result<Vec<ArrayRef>, ArrowError> {
        let n = self.outcome.len();
        // A validity bitmap only where a null exists.
        let validity = |words: Vec<u64>| {
            let nulls = NullBuffer::new(BooleanBuffer::new(Buffer::from_vec(words), 0, n));
            (nulls.null_count() > 0).then_some(nulls)
        };
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(5);
        let outcome = UInt8Array::new(ScalarBuffer::from(self.outcome), None);
        columns.push(Arc::new(DictionaryArray::try_new(
            outcome,
            outcome_values.clone(),
        )?));
        if let Some(start) = self.start {
            let start = ScalarBuffer::from(start);
            // The lean column is the 1 August the Schulpflicht begins; the result speaks the
            // decision's vocabulary: `effective_date` when schulpflichtig in the year asked,
            // `eligible_from` when not yet.
            for bits in [self.eligible, self.not_yet] {
                columns.push(Arc::new(Date32Array::new(start.clone(), validity(bits))));
            }
        }
        let ruled = validity(self.ruled);
        let ids = UInt8Array::new(ScalarBuffer::from(self.id), ruled.clone());
        let citations = UInt8Array::new(ScalarBuffer::from(self.citation), ruled);
        columns.push(Arc::new(DictionaryArray::try_new(ids, keys.ids.clone())?));
        columns.push(Arc::new(DictionaryArray::try_new(
            citations,
            keys.citations.clone(),
        )?));
        Ok(columns)
    }
}

/// The schema of a school-entry result.
pub fn result_schema(input: &Schema, include: &[String], with_effective: bool) -> SchemaRef {
    let mut fields: Vec<Field> = include
        .iter()
        .filter_map(|n| input.field_with_name(n).ok().cloned())
        .collect();
    let dict8 = DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8));
    fields.push(Field::new("outcome", dict8.clone(), false));
    if with_effective {
        fields.push(Field::new("effective_date", DataType::Date32, true));
        fields.push(Field::new("eligible_from", DataType::Date32, true));
    }
    fields.push(Field::new("rule_id", dict8.clone(), true));
    fields.push(Field::new("citation", dict8, true));
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
    // One dictionary for every batch of the result: the Länder that can answer.
    let keys = match p.land {
        Some(land) if p.land_column.is_none() => RuleKeys::new(p.book, &[land])?,
        _ => {
            let covered: Vec<Land> = Land::ALL
                .into_iter()
                .filter(|&l| p.book.school_entry_rules(l).is_ok())
                .collect();
            RuleKeys::new(p.book, &covered)?
        }
    };
    let outcome_values: ArrayRef = Arc::new(StringArray::from(OUTCOME_NAMES.to_vec()));
    let schema = result_schema(input_schema, p.include, p.with_effective);
    let unknown_land = keys.row(no_land(p.book, p.year));
    let unanswered = keys.row(UNANSWERED);
    let mut out = Vec::with_capacity(batches.len());
    let mut offset = 0usize;
    for batch in batches {
        let births = day_numbers(
            column_of(input_schema, batch, p.birth)?,
            p.birth,
            offset,
            p.on_null,
        )?;
        let written = match (p.land_column, p.land) {
            (Some(col), _) => {
                let lands = lands(column_of(input_schema, batch, col)?, col, offset, p.on_null)?;
                let answers =
                    answers_by_land(p.book, &lands, p.year, &births, p.with_effective, &keys)?;
                EntryColumns::write(&births, p.with_effective, |row, birth| {
                    match lands.get(row).copied().flatten() {
                        None => unknown_land,
                        Some(land) => answers
                            .get(land as usize)
                            .and_then(Option::as_ref)
                            .map_or(unanswered, |a| a.row(birth, &keys)),
                    }
                })
            }
            (None, Some(land)) => {
                // The variant is chosen once, outside the row loop.
                match LandAnswers::new(p.book, land, p.year, &births, p.with_effective, &keys)? {
                    LandAnswers::Full(memo) => {
                        EntryColumns::write(&births, true, |_, birth| keys.row(memo.decide(birth)))
                    }
                    LandAnswers::InYear { memo, rows } => {
                        EntryColumns::write(&births, false, |_, birth| {
                            in_year_row(&memo, &rows, birth, &keys)
                        })
                    }
                }
            }
            (None, None) => return Err(BatchError::Rule(RuleError::UnknownLand)),
        };
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(schema.fields().len());
        for name in p.include {
            columns.push(column_of(input_schema, batch, name)?.clone());
        }
        columns.extend(written.into_arrays(&outcome_values, &keys)?);
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
        crate::tables::pandas_frame(&Self::to_pyarrow(slf)?)
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
