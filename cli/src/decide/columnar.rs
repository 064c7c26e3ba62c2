//! Parquet and Arrow IPC (Feather) input for `entscheiden`: the columns of a table file, read
//! one record batch at a time (memory stays that of one batch, whatever the file's size), each
//! cell turned into the text a CSV export of the same table would hold, and that text read by
//! the learner CSV path (`LearnerColumns`) — so both formats decide alike, down to the errors.
//!
//! Dates become ISO dates, timestamps at midnight their day, booleans `true`/`false`, numbers
//! their shortest decimal form, lists of codes `;`-joined; a null (or a float's NaN, pandas's
//! missing number) is a missing fact. A column of another type (a struct, a map, a time of day)
//! is refused before the first row, naming the column.

use std::fmt::Write as _;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Decimal32Type, Decimal64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type,
    UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef, TimeUnit};
use bildungsnetz::calendar::Date;
use bildungsnetz::catalogue::fact_field;
use bildungsnetz::rules::{LearnerColumns, RecordErrorKind, RuleError};
use indicatif::ProgressBar;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::{BadRow, InputFormat, Question, Sinks, Tally, error_header, header_hint, row_failed};
use crate::text::Lang;
use crate::{Failure, is_std, shown};

/// Rows per record batch read from a Parquet file.
const BATCH_ROWS: usize = 8192;

/// The magic bytes an Arrow IPC file starts with (an IPC stream starts with `0xFFFFFFFF`).
const ARROW_FILE_MAGIC: &[u8] = b"ARROW1";

/// The format a file's first bytes name: Parquet (`PAR1`), Arrow IPC file (`ARROW1`) or
/// stream (the continuation marker `0xFFFFFFFF`).
pub(crate) fn sniff(first_bytes: &[u8]) -> Option<InputFormat> {
    if first_bytes.starts_with(b"PAR1") {
        Some(InputFormat::Parquet)
    } else if first_bytes.starts_with(ARROW_FILE_MAGIC) || first_bytes.starts_with(&[0xFF; 4]) {
        Some(InputFormat::Arrow)
    } else {
        None
    }
}

/// An opened table file: its schema and its record batches.
pub(super) struct Batches {
    schema: SchemaRef,
    batches: Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>>>,
    /// The number of rows, where the file says it before reading (Parquet).
    rows: Option<u64>,
}

impl Batches {
    /// Opens a Parquet file (a file: Parquet keeps its index at the end, so standard input
    /// cannot be read).
    pub(super) fn parquet(path: &Path, lang: Lang) -> Result<Batches, Failure> {
        if is_std(path) {
            return Err(Failure(
                lang.pick(
                    "Parquet kann nicht von der Standardeingabe gelesen werden; bitte den Dateinamen angeben",
                    "Parquet cannot be read from standard input; give the file name",
                )
                .to_owned(),
            ));
        }
        let file = File::open(path).map_err(|e| crate::input::unreadable(path, &e, lang))?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| not_readable(path, "Parquet", &e.to_string(), lang))?;
        let rows = u64::try_from(builder.metadata().file_metadata().num_rows()).ok();
        let schema = builder.schema().clone();
        let reader = builder
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| not_readable(path, "Parquet", &e.to_string(), lang))?;
        Ok(Batches {
            schema,
            batches: Box::new(reader),
            rows,
        })
    }

    /// Opens an Arrow IPC file (Feather version 2) or stream; standard input (`reader`) only as
    /// a stream, since the file format keeps its index at the end.
    pub(super) fn arrow(
        path: &Path,
        stdin: Box<dyn Read>,
        sample: &[u8],
        lang: Lang,
    ) -> Result<Batches, Failure> {
        let fail = |e: ArrowError| not_readable(path, "Arrow IPC", &e.to_string(), lang);
        if is_std(path) {
            if sample.starts_with(ARROW_FILE_MAGIC) {
                return Err(Failure(
                    lang.pick(
                        "eine Arrow-IPC-Datei kann nicht von der Standardeingabe gelesen werden (nur der IPC-Stream); bitte den Dateinamen angeben",
                        "an Arrow IPC file cannot be read from standard input (only an IPC stream); give the file name",
                    )
                    .to_owned(),
                ));
            }
            let reader =
                arrow_ipc::reader::StreamReader::try_new_buffered(stdin, None).map_err(fail)?;
            return Ok(Batches {
                schema: reader.schema(),
                batches: Box::new(reader),
                rows: None,
            });
        }
        let mut file = File::open(path).map_err(|e| crate::input::unreadable(path, &e, lang))?;
        let mut magic = [0u8; 6];
        let n = read_up_to(&mut file, &mut magic)
            .map_err(|e| crate::input::unreadable(path, &e, lang))?;
        let file = File::open(path).map_err(|e| crate::input::unreadable(path, &e, lang))?;
        if magic.get(..n).is_some_and(|m| m == ARROW_FILE_MAGIC) {
            let reader =
                arrow_ipc::reader::FileReader::try_new_buffered(file, None).map_err(fail)?;
            Ok(Batches {
                schema: reader.schema(),
                batches: Box::new(reader),
                rows: None,
            })
        } else {
            let reader =
                arrow_ipc::reader::StreamReader::try_new_buffered(file, None).map_err(fail)?;
            Ok(Batches {
                schema: reader.schema(),
                batches: Box::new(reader),
                rows: None,
            })
        }
    }

    /// The number of rows, where known before reading.
    pub(super) fn rows(&self) -> Option<u64> {
        self.rows
    }
}

/// Reads up to `buffer.len()` bytes; fewer only at the end of the input.
fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buffer.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match reader.read(rest)? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

fn not_readable(path: &Path, format: &str, reason: &str, lang: Lang) -> Failure {
    Failure(format!(
        "{}: {} ({reason})",
        shown(path),
        match lang {
            Lang::De => format!("keine lesbare {format}-Datei"),
            Lang::En => format!("not a readable {format} file"),
        }
    ))
}

/// Decides every row of the batches: good rows to the output, bad ones (by row number and
/// column) to the error file, as the CSV path does. Row numbers count from 1, the first row.
pub(super) fn decide(
    batches: Batches,
    question: &Question<'_>,
    sinks: &mut Sinks,
    tally: &mut Tally,
    progress: &ProgressBar,
) -> Result<(), Failure> {
    let lang = question.lang;
    let header: Vec<String> = batches
        .schema
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let fields: Vec<&str> = header.iter().map(|h| fact_field(h).unwrap_or(h)).collect();
    let columns = LearnerColumns::from_header(fields.iter().copied()).map_err(|e| {
        // A table's column names are names, never a person's values: they may be shown.
        let reason = match &e {
            RuleError::Record {
                kind: RecordErrorKind::UnknownColumn { column, suggestion },
                ..
            } => {
                let name = column
                    .checked_sub(1)
                    .and_then(|c| header.get(c))
                    .map_or("", String::as_str);
                let mut text = format!(
                    "{} {column} ({name}): {}",
                    lang.pick("Spalte", "column"),
                    lang.pick("keine bekannte Angabe", "not a known fact")
                );
                if let Some(known) = suggestion {
                    text.push_str(&format!(
                        " ({} {known}?)",
                        lang.pick("gemeint ist vielleicht", "did you mean")
                    ));
                }
                text
            }
            other => lang.rule_error(other),
        };
        Failure(format!("{reason} — {}", header_hint(lang)))
    })?;
    for (i, field) in batches.schema.fields().iter().enumerate() {
        if let Err(why) = readable(field.data_type()) {
            return Err(Failure(format!(
                "{} {} ({}): {}",
                lang.pick("Spalte", "column"),
                i + 1,
                field.name(),
                why.describe(field.data_type(), lang)
            )));
        }
    }
    sinks.errors_header = error_header(lang, &header);
    let mut values: Vec<String> = vec![String::new(); header.len()];
    let mut row: u64 = 0;
    for batch in batches.batches {
        let batch = batch.map_err(|e| {
            Failure(format!(
                "{} {}: {} ({e})",
                lang.pick("Datensatz", "row"),
                row + 1,
                lang.pick("die Datei ist nicht lesbar", "the file cannot be read")
            ))
        })?;
        let cells: Vec<Column<'_>> = batch.columns().iter().map(|a| Column::new(a)).collect();
        for r in 0..batch.num_rows() {
            row += 1;
            tally.rows += 1;
            let mut bad_cell = None;
            for (c, (column, value)) in cells.iter().zip(values.iter_mut()).enumerate() {
                value.clear();
                if let Err(problem) = column.write(r, value) {
                    bad_cell.get_or_insert((c, problem));
                }
            }
            if let Some((c, problem)) = bad_cell {
                let bad = BadRow {
                    line: row,
                    column: Some(c),
                    field: header.get(c).map_or("", String::as_str),
                    why: problem.describe(lang),
                };
                sinks.bad_row(&bad, &values, tally, lang)?;
                continue;
            }
            match columns.parse_row(row, values.iter().map(String::as_str)) {
                Ok(facts) => sinks.decide(row, &facts, question, tally)?,
                Err(error) => {
                    let (column, why) = row_failed(&error, &columns, lang);
                    let bad = BadRow {
                        line: row,
                        column,
                        field: column
                            .and_then(|c| header.get(c))
                            .map_or("", String::as_str),
                        why: &why,
                    };
                    sinks.bad_row(&bad, &values, tally, lang)?;
                }
            }
        }
        progress.inc(batch.num_rows() as u64);
    }
    Ok(())
}

/// Why a column's type cannot be read as facts.
enum Unreadable {
    /// A type that is not text, a number, a boolean, a date or a list of them.
    Type,
    /// A timestamp in a named time zone (only UTC and fixed offsets are known here).
    TimeZone,
}

impl Unreadable {
    fn describe(&self, data_type: &DataType, lang: Lang) -> String {
        match (self, lang) {
            (Unreadable::Type, Lang::De) => format!(
                "der Spaltentyp {data_type} ist nicht als Angabe lesbar; erwartet werden Text, Zahl, Wahrheitswert, Datum oder eine Liste von Texten"
            ),
            (Unreadable::Type, Lang::En) => format!(
                "the column type {data_type} cannot be read as a fact; expected text, a number, a boolean, a date or a list of texts"
            ),
            (Unreadable::TimeZone, Lang::De) => format!(
                "Zeitstempel in der Zeitzone des Typs {data_type} sind nicht lesbar; bitte als Datum (ohne Uhrzeit) oder in UTC speichern"
            ),
            (Unreadable::TimeZone, Lang::En) => format!(
                "timestamps in the time zone of {data_type} cannot be read; store dates (without a time) or UTC"
            ),
        }
    }
}

/// Whether the cells of a column of this type can be turned into a fact's text.
fn readable(data_type: &DataType) -> Result<(), Unreadable> {
    match data_type {
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..)
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView
        | DataType::FixedSizeBinary(_)
        | DataType::Date32
        | DataType::Date64
        | DataType::Timestamp(_, None) => Ok(()),
        DataType::Timestamp(_, Some(zone)) => match utc_offset_seconds(zone) {
            Some(_) => Ok(()),
            None => Err(Unreadable::TimeZone),
        },
        // A list of codes (qualifications): one level, of readable scalars.
        DataType::List(item) | DataType::LargeList(item) => match item.data_type() {
            DataType::List(_) | DataType::LargeList(_) => Err(Unreadable::Type),
            other => readable(other),
        },
        DataType::Dictionary(_, values) => readable(values),
        _ => Err(Unreadable::Type),
    }
}

/// The offset of a timestamp's time zone from UTC, in seconds: `UTC`, `Z`, `+02:00`,
/// `-0130`, `+01`; `None` for a named zone.
fn utc_offset_seconds(zone: &str) -> Option<i64> {
    if ["UTC", "Z", "Etc/UTC", "GMT", "Etc/GMT"].contains(&zone) {
        return Some(0);
    }
    let (sign, rest) = match zone.as_bytes().first()? {
        b'+' => (1, zone.get(1..)?),
        b'-' => (-1, zone.get(1..)?),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (hours, minutes) = match digits.len() {
        2 => (digits.parse::<i64>().ok()?, 0),
        4 => (
            digits.get(..2)?.parse::<i64>().ok()?,
            digits.get(2..)?.parse::<i64>().ok()?,
        ),
        _ => return None,
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

/// Why one cell cannot become a fact's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// Bytes that are not UTF-8 text.
    NotUtf8,
    /// A value no text of the CSV path stands for (a date outside the calendar, a time of day).
    Invalid,
}

impl Problem {
    fn describe(self, lang: Lang) -> &'static str {
        match self {
            Problem::NotUtf8 => lang.pick("keine gültige UTF-8-Zeichenfolge", "not valid UTF-8"),
            Problem::Invalid => lang.pick("ungültiger Wert", "invalid value"),
        }
    }
}

/// One column of a batch, ready to be read cell by cell (a dictionary's keys resolved once).
struct Column<'a> {
    array: &'a dyn Array,
    /// For a dictionary column: its values and each row's index into them.
    dictionary: Option<(&'a dyn Array, Vec<usize>)>,
}

impl<'a> Column<'a> {
    fn new(array: &'a dyn Array) -> Column<'a> {
        let dictionary = array
            .as_any_dictionary_opt()
            .map(|d| (d.values().as_ref(), d.normalized_keys()));
        Column { array, dictionary }
    }

    /// Appends the text of row `row` to `out`; nothing for a null.
    fn write(&self, row: usize, out: &mut String) -> Result<(), Problem> {
        if self.array.is_null(row) {
            return Ok(());
        }
        match &self.dictionary {
            Some((values, keys)) => {
                let key = keys.get(row).copied().ok_or(Problem::Invalid)?;
                write_cell(*values, key, out)
            }
            None => write_cell(self.array, row, out),
        }
    }
}

/// Appends the text of one cell, as a CSV export would have it; nothing for a null.
fn write_cell(array: &dyn Array, i: usize, out: &mut String) -> Result<(), Problem> {
    if array.is_null(i) {
        return Ok(());
    }
    match array.data_type() {
        DataType::Null => Ok(()),
        DataType::Boolean => {
            let value = array.as_boolean_opt().ok_or(Problem::Invalid)?.value(i);
            out.push_str(if value { "true" } else { "false" });
            Ok(())
        }
        DataType::Int8 => number::<Int8Type>(array, i, out),
        DataType::Int16 => number::<Int16Type>(array, i, out),
        DataType::Int32 => number::<Int32Type>(array, i, out),
        DataType::Int64 => number::<Int64Type>(array, i, out),
        DataType::UInt8 => number::<UInt8Type>(array, i, out),
        DataType::UInt16 => number::<UInt16Type>(array, i, out),
        DataType::UInt32 => number::<UInt32Type>(array, i, out),
        DataType::UInt64 => number::<UInt64Type>(array, i, out),
        DataType::Float16 => {
            let value = primitive::<Float16Type>(array, i)?.to_f64();
            float(value, out)
        }
        DataType::Float32 => {
            // Printed as the f32 it is: 2.3f32 is "2.3", not "2.299999952316284".
            let value = primitive::<Float32Type>(array, i)?;
            if !value.is_nan() {
                let _ = write!(out, "{value}");
            }
            Ok(())
        }
        DataType::Float64 => float(primitive::<Float64Type>(array, i)?, out),
        DataType::Decimal32(..) => decimal::<Decimal32Type>(array, i, out),
        DataType::Decimal64(..) => decimal::<Decimal64Type>(array, i, out),
        DataType::Decimal128(..) => decimal::<Decimal128Type>(array, i, out),
        DataType::Decimal256(..) => decimal::<Decimal256Type>(array, i, out),
        DataType::Utf8 => text(array.as_string_opt::<i32>().map(|a| a.value(i)), out),
        DataType::LargeUtf8 => text(array.as_string_opt::<i64>().map(|a| a.value(i)), out),
        DataType::Utf8View => text(array.as_string_view_opt().map(|a| a.value(i)), out),
        DataType::Binary => bytes(array.as_binary_opt::<i32>().map(|a| a.value(i)), out),
        DataType::LargeBinary => bytes(array.as_binary_opt::<i64>().map(|a| a.value(i)), out),
        DataType::BinaryView => bytes(array.as_binary_view_opt().map(|a| a.value(i)), out),
        DataType::FixedSizeBinary(_) => {
            bytes(array.as_fixed_size_binary_opt().map(|a| a.value(i)), out)
        }
        DataType::Date32 => {
            let days = array
                .as_primitive_opt::<arrow_array::types::Date32Type>()
                .ok_or(Problem::Invalid)?
                .value(i);
            day(i64::from(days), 0, false, out)
        }
        DataType::Date64 => {
            let millis = array
                .as_primitive_opt::<arrow_array::types::Date64Type>()
                .ok_or(Problem::Invalid)?
                .value(i);
            let rest = millis.rem_euclid(86_400_000);
            day(
                millis.div_euclid(86_400_000),
                rest / 1000,
                rest % 1000 != 0,
                out,
            )
        }
        DataType::Timestamp(unit, zone) => {
            let value = timestamp_value(array, *unit, i)?;
            let offset = match zone {
                None => 0,
                Some(zone) => utc_offset_seconds(zone).ok_or(Problem::Invalid)?,
            };
            let per_second: i64 = match unit {
                TimeUnit::Second => 1,
                TimeUnit::Millisecond => 1_000,
                TimeUnit::Microsecond => 1_000_000,
                TimeUnit::Nanosecond => 1_000_000_000,
            };
            let seconds = value.div_euclid(per_second) + offset;
            let fractional = value.rem_euclid(per_second) != 0;
            // A time of day other than midnight is no date, as "2019-09-30 13:45:00" in a CSV
            // is none.
            day(
                seconds.div_euclid(86_400),
                seconds.rem_euclid(86_400),
                fractional,
                out,
            )
        }
        DataType::List(_) => {
            let list = array.as_list_opt::<i32>().ok_or(Problem::Invalid)?;
            join_items(list.value(i).as_ref(), out)
        }
        DataType::LargeList(_) => {
            let list = array.as_list_opt::<i64>().ok_or(Problem::Invalid)?;
            join_items(list.value(i).as_ref(), out)
        }
        DataType::Dictionary(_, _) => {
            let dictionary = array.as_any_dictionary_opt().ok_or(Problem::Invalid)?;
            let key = dictionary
                .normalized_keys()
                .get(i)
                .copied()
                .ok_or(Problem::Invalid)?;
            write_cell(dictionary.values().as_ref(), key, out)
        }
        _ => Err(Problem::Invalid),
    }
}

fn primitive<T: ArrowPrimitiveType>(array: &dyn Array, i: usize) -> Result<T::Native, Problem> {
    Ok(array
        .as_primitive_opt::<T>()
        .ok_or(Problem::Invalid)?
        .value(i))
}

fn number<T: ArrowPrimitiveType>(
    array: &dyn Array,
    i: usize,
    out: &mut String,
) -> Result<(), Problem>
where
    T::Native: std::fmt::Display,
{
    let _ = write!(out, "{}", primitive::<T>(array, i)?);
    Ok(())
}

/// A float in its shortest form (`3` for 3.0, as integers stored as floats by pandas are);
/// NaN, pandas's missing number, is a missing fact.
fn float(value: f64, out: &mut String) -> Result<(), Problem> {
    if !value.is_nan() {
        let _ = write!(out, "{value}");
    }
    Ok(())
}

fn decimal<T>(array: &dyn Array, i: usize, out: &mut String) -> Result<(), Problem>
where
    T: arrow_array::types::DecimalType,
{
    out.push_str(
        &array
            .as_primitive_opt::<T>()
            .ok_or(Problem::Invalid)?
            .value_as_string(i),
    );
    Ok(())
}

fn text(value: Option<&str>, out: &mut String) -> Result<(), Problem> {
    out.push_str(value.ok_or(Problem::Invalid)?);
    Ok(())
}

/// Binary cells holding text (as some writers store strings): the text, or `NotUtf8` (the
/// error file then gets the bytes with replacement characters, as the CSV path writes them).
fn bytes(value: Option<&[u8]>, out: &mut String) -> Result<(), Problem> {
    let value = value.ok_or(Problem::Invalid)?;
    match std::str::from_utf8(value) {
        Ok(text) => {
            out.push_str(text);
            Ok(())
        }
        Err(_) => {
            out.push_str(&String::from_utf8_lossy(value));
            Err(Problem::NotUtf8)
        }
    }
}

fn timestamp_value(array: &dyn Array, unit: TimeUnit, i: usize) -> Result<i64, Problem> {
    use arrow_array::types::{
        TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
        TimestampSecondType,
    };
    match unit {
        TimeUnit::Second => primitive::<TimestampSecondType>(array, i),
        TimeUnit::Millisecond => primitive::<TimestampMillisecondType>(array, i),
        TimeUnit::Microsecond => primitive::<TimestampMicrosecondType>(array, i),
        TimeUnit::Nanosecond => primitive::<TimestampNanosecondType>(array, i),
    }
}

/// The ISO date of a day number (days since 1970-01-01); with a time of day other than
/// midnight (`seconds_of_day`, or a fraction of a second) the date and time, `Invalid` as no
/// fact accepts it. A day outside the calendar is `Invalid`, its number kept for the error file.
fn day(days: i64, seconds_of_day: i64, fractional: bool, out: &mut String) -> Result<(), Problem> {
    let Some(date) = i32::try_from(days)
        .ok()
        .and_then(|d| Date::from_day_number(d).ok())
    else {
        let _ = write!(out, "{days}");
        return Err(Problem::Invalid);
    };
    let _ = write!(out, "{date}");
    if seconds_of_day != 0 || fractional {
        let (h, m, s) = (
            seconds_of_day / 3600,
            seconds_of_day / 60 % 60,
            seconds_of_day % 60,
        );
        let _ = write!(out, " {h:02}:{m:02}:{s:02}");
        return Err(Problem::Invalid);
    }
    Ok(())
}

/// The items of a list cell, `;`-joined as the CSV path reads lists of codes.
fn join_items(items: &dyn Array, out: &mut String) -> Result<(), Problem> {
    let mut first = true;
    let mut item = String::new();
    let mut result = Ok(());
    for j in 0..items.len() {
        item.clear();
        if let Err(problem) = write_cell(items, j, &mut item) {
            result = result.and(Err(problem));
        }
        if item.is_empty() {
            continue;
        }
        if !first {
            out.push(';');
        }
        out.push_str(&item);
        first = false;
    }
    result
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{
        ArrayRef, BooleanArray, Date32Array, DictionaryArray, Float32Array, Float64Array,
        Int64Array, ListArray, StringArray, TimestampNanosecondArray,
    };

    use super::*;

    fn cells(array: ArrayRef) -> Vec<Result<String, Problem>> {
        let column = Column::new(array.as_ref());
        (0..array.len())
            .map(|i| {
                let mut out = String::new();
                column.write(i, &mut out).map(|()| out)
            })
            .collect()
    }

    fn ok(texts: &[&str]) -> Vec<Result<String, Problem>> {
        texts.iter().map(|t| Ok((*t).to_owned())).collect()
    }

    #[test]
    fn cells_become_the_text_a_csv_export_holds() {
        let dates = Date32Array::from(vec![Some(18_169), None, Some(-1_000_000)]);
        assert_eq!(
            cells(Arc::new(dates)),
            [
                Ok("2019-09-30".to_owned()),
                Ok(String::new()),
                Err(Problem::Invalid)
            ]
        );
        let day_ns = 86_400 * 1_000_000_000_i64;
        let stamps = TimestampNanosecondArray::from(vec![18_169 * day_ns, 18_169 * day_ns + 1]);
        assert_eq!(
            cells(Arc::new(stamps)),
            [Ok("2019-09-30".to_owned()), Err(Problem::Invalid)]
        );
        // Midnight in Berlin summer time is 22:00 UTC the day before.
        let berlin =
            TimestampNanosecondArray::from(vec![18_169 * day_ns - 2 * 3600 * 1_000_000_000])
                .with_timezone("+02:00");
        assert_eq!(cells(Arc::new(berlin)), ok(&["2019-09-30"]));
        let floats = Float64Array::from(vec![Some(3.0), Some(2.3), Some(f64::NAN), None]);
        assert_eq!(cells(Arc::new(floats)), ok(&["3", "2.3", "", ""]));
        assert_eq!(
            cells(Arc::new(Float32Array::from(vec![2.3_f32]))),
            ok(&["2.3"])
        );
        assert_eq!(
            cells(Arc::new(Int64Array::from(vec![0, -7]))),
            ok(&["0", "-7"])
        );
        let booleans = BooleanArray::from(vec![Some(true), Some(false), None]);
        assert_eq!(cells(Arc::new(booleans)), ok(&["true", "false", ""]));
        let lands: DictionaryArray<Int32Type> = vec![Some("NW"), None, Some("RP"), Some("NW")]
            .into_iter()
            .collect();
        assert_eq!(cells(Arc::new(lands)), ok(&["NW", "", "RP", "NW"]));
        let codes = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)])]);
        assert_eq!(cells(Arc::new(codes)), ok(&["1"]));
        let texts = StringArray::from(vec![Some(" k1 "), None]);
        assert_eq!(cells(Arc::new(texts)), ok(&[" k1 ", ""]));
    }

    #[test]
    fn time_zones_and_types() {
        assert_eq!(utc_offset_seconds("UTC"), Some(0));
        assert_eq!(utc_offset_seconds("+02:00"), Some(7200));
        assert_eq!(utc_offset_seconds("-0130"), Some(-5400));
        assert_eq!(utc_offset_seconds("Europe/Berlin"), None);
        assert!(readable(&DataType::Utf8).is_ok());
        assert!(readable(&DataType::Struct(Default::default())).is_err());
        assert!(readable(&DataType::Time32(TimeUnit::Second)).is_err());
    }

    #[test]
    fn magic_bytes_name_the_format() {
        assert_eq!(sniff(b"PAR1\x15\x04"), Some(InputFormat::Parquet));
        assert_eq!(sniff(b"ARROW1\0\0"), Some(InputFormat::Arrow));
        assert_eq!(
            sniff(&[0xFF, 0xFF, 0xFF, 0xFF, 0x10]),
            Some(InputFormat::Arrow)
        );
        assert_eq!(sniff(b"id;birth_date"), None);
    }
}
