//! `entscheiden` / `decide`: one transition for every learner of a file, streaming — one row in,
//! one row out, constant memory for any file size. A bad row is reported by line and column
//! (never by its values) and written to a separate error file, never dropped.
//!
//! Input: CSV, JSON Lines, and (feature `parquet`, on by default) Parquet and Arrow IPC, read
//! one record batch at a time (`columnar`).

#[cfg(feature = "parquet")]
mod columnar;

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use bildungsnetz::calendar::Date;
use bildungsnetz::catalogue::fact_field;
use bildungsnetz::rules::{
    Decision, LearnerColumns, LearnerFacts, RuleBook, RuleError, Transition,
};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::input::{self, Encoding};
use crate::text::{Lang, parse_date};
use crate::{CommandResult, Failure, Status, is_std, shown, sibling};

/// How many bad rows are listed on stderr; the error file has them all.
const LISTED_BAD_ROWS: usize = 20;

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputFormat {
    // CSV with a header row.
    Csv,
    // JSON Lines: one JSON object per line.
    Jsonl,
    // Apache Parquet.
    Parquet,
    // Arrow IPC: the file format (Feather version 2) or a stream.
    Arrow,
}

impl InputFormat {
    /// Whether rows are numbered as records (1 = the first), not as lines of text.
    fn counts_records(self) -> bool {
        matches!(self, InputFormat::Parquet | InputFormat::Arrow)
    }
}

/// Arguments of `entscheiden`.
#[derive(Args, Debug)]
pub(crate) struct DecideArgs {
    /// Der Übergang, z. B. school_entry (Einschulung); `bildungsnetz recht` nennt alle.
    #[arg(value_name = "UEBERGANG")]
    transition: String,
    /// Der Stichtag der Frage: 01.08.2025 oder 2025-08-01.
    #[arg(long = "stand", visible_alias = "as-of", value_name = "DATUM")]
    as_of: String,
    /// Die Personen: CSV (; , oder Tab; UTF-8, mit BOM oder Windows-1252), JSON Lines, Parquet oder Arrow IPC (Feather); - für die Standardeingabe.
    #[arg(value_name = "EINGABE")]
    input: PathBuf,
    /// Die Ergebnis-CSV; - für die Standardausgabe.
    #[arg(value_name = "AUSGABE")]
    output: PathBuf,
    /// Wohin fehlerhafte Zeilen geschrieben werden (Vorgabe: neben der Ausgabe, *.fehler.csv).
    #[arg(long = "fehlerdatei", visible_alias = "errors", value_name = "DATEI")]
    errors: Option<PathBuf>,
    /// Eingabeformat (Vorgabe: nach dem Dateianfang und -namen; .jsonl/.ndjson sind JSON Lines, .parquet Parquet, .arrow/.feather/.ipc Arrow IPC).
    #[arg(long = "eingabeformat", visible_alias = "input-format", value_enum)]
    format: Option<InputFormat>,
    /// Trennzeichen der CSV (Vorgabe: aus der Kopfzeile erkannt).
    #[arg(
        long = "trennzeichen",
        visible_alias = "delimiter",
        value_name = "ZEICHEN"
    )]
    delimiter: Option<String>,
}

/// Output and error files, written as rows arrive.
struct Sinks {
    out: csv::Writer<Box<dyn Write>>,
    errors: Option<csv::Writer<BufWriter<File>>>,
    errors_path: PathBuf,
    /// The header of the error file, written with its first row.
    errors_header: Vec<String>,
    delimiter: u8,
    bom: bool,
    /// Whether positions are record numbers (Parquet, Arrow), not lines.
    records: bool,
}

/// Where a bad row went wrong and why (never its values).
struct BadRow<'a> {
    /// 1-based line in the input.
    line: u64,
    /// 0-based column, where one column is at fault.
    column: Option<usize>,
    /// The column's header (CSV) or the field's name (JSON), or "".
    field: &'a str,
    /// What is wrong.
    why: &'a str,
}

/// What a run counted.
#[derive(Default)]
struct Tally {
    rows: usize,
    decided: usize,
    bad: usize,
    unanswered: usize,
}

pub(crate) fn run(args: &DecideArgs, lang: Lang) -> CommandResult {
    let transition: Transition = args.transition.parse().map_err(|_| {
        let known: Vec<&str> = Transition::ALL.iter().map(|t| t.id()).collect();
        Failure(format!(
            "{} „{}“ — {}: {}",
            lang.pick("unbekannter Übergang", "unknown transition"),
            args.transition,
            lang.pick("bekannt sind", "known are"),
            known.join(", ")
        ))
    })?;
    let as_of = parse_date(&args.as_of, lang)?;
    refuse_overwriting_input(args, lang)?;
    let book = RuleBook::embedded().map_err(|e| Failure(lang.rule_error(&e)))?;
    let opened = input::open(&args.input, lang)?;
    let format = args
        .format
        .unwrap_or_else(|| format_of(&args.input, &opened.sample));
    let delimiter = match (&args.delimiter, format) {
        (Some(d), _) => input::parse_delimiter(d, lang)?,
        (None, InputFormat::Csv) => input::detect_delimiter(&opened.sample),
        (None, _) => lang
            .pick(";", ",")
            .as_bytes()
            .first()
            .copied()
            .unwrap_or(b','),
    };
    let encoding = opened.encoding;
    let question = Question {
        book: &book,
        transition,
        as_of,
        lang,
    };
    let mut tally = Tally::default();
    let (read, progress, sinks) = if format.counts_records() {
        decide_columnar(args, format, opened, delimiter, &question, &mut tally)?
    } else {
        let progress = progress_bar(opened.size);
        let reader: Box<dyn Read> = Box::new(progress.wrap_read(opened.reader));
        let mut sinks = Sinks::new(args, delimiter, encoding.is_excel_export(), false, lang)?;
        let read = match format {
            InputFormat::Jsonl => decide_jsonl(reader, &question, &mut sinks, &mut tally),
            _ => decide_csv(reader, encoding, &question, &mut sinks, &mut tally),
        };
        (read, progress, sinks)
    };
    let mut sinks = sinks;
    progress.finish_and_clear();
    read?;
    sinks.finish(lang)?;
    report(args, format, encoding, delimiter, &tally, &sinks, lang);
    Ok(if tally.bad + tally.unanswered > 0 {
        Status::Problems
    } else {
        Status::Ok
    })
}

/// The question asked of every row.
struct Question<'a> {
    book: &'a RuleBook,
    transition: Transition,
    as_of: Date,
    lang: Lang,
}

/// Writing the output (or the error file) over the input would destroy it before it is read.
fn refuse_overwriting_input(args: &DecideArgs, lang: Lang) -> Result<(), Failure> {
    let Ok(input) = args.input.canonicalize() else {
        return Ok(());
    };
    let targets = [Some(&args.output), args.errors.as_ref()];
    for target in targets.into_iter().flatten() {
        if target.canonicalize().is_ok_and(|t| t == input) {
            return Err(Failure(format!(
                "{}: {}",
                shown(target),
                lang.pick(
                    "die Ausgabe würde die Eingabe überschreiben; bitte einen anderen Namen wählen",
                    "the output would overwrite the input; choose another name"
                )
            )));
        }
    }
    Ok(())
}

/// The format of an input: Parquet or Arrow IPC by their first bytes (whatever the name), else
/// by the file name's extension, else CSV.
fn format_of(path: &Path, first_bytes: &[u8]) -> InputFormat {
    if let Some(format) = sniff(first_bytes) {
        return format;
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("parquet" | "pq") => InputFormat::Parquet,
        Some("arrow" | "arrows" | "feather" | "ipc") => InputFormat::Arrow,
        _ => InputFormat::Csv,
    }
}

#[cfg(feature = "parquet")]
use columnar::sniff;

/// Without Parquet support no input is taken for Parquet or Arrow: it would be read as CSV.
#[cfg(not(feature = "parquet"))]
fn sniff(first_bytes: &[u8]) -> Option<InputFormat> {
    if first_bytes.starts_with(b"PAR1") {
        Some(InputFormat::Parquet)
    } else if first_bytes.starts_with(b"ARROW1") || first_bytes.starts_with(&[0xFF; 4]) {
        Some(InputFormat::Arrow)
    } else {
        None
    }
}

/// What reading a Parquet or Arrow input gives: how reading ended, the progress bar, the sinks.
type ColumnarRun = (Result<(), Failure>, ProgressBar, Sinks);

/// Decides a Parquet or Arrow IPC input. A file that cannot be opened as such is a failure
/// before any output is written.
#[cfg(feature = "parquet")]
fn decide_columnar(
    args: &DecideArgs,
    format: InputFormat,
    opened: input::Opened,
    delimiter: u8,
    question: &Question<'_>,
    tally: &mut Tally,
) -> Result<ColumnarRun, Failure> {
    let lang = question.lang;
    let batches = match format {
        InputFormat::Parquet => columnar::Batches::parquet(&args.input, lang)?,
        _ => columnar::Batches::arrow(&args.input, opened.reader, &opened.sample, lang)?,
    };
    let progress = progress_rows(batches.rows());
    let mut sinks = Sinks::new(args, delimiter, false, true, lang)?;
    let read = columnar::decide(batches, question, &mut sinks, tally, &progress);
    Ok((read, progress, sinks))
}

#[cfg(not(feature = "parquet"))]
fn decide_columnar(
    _args: &DecideArgs,
    _format: InputFormat,
    _opened: input::Opened,
    _delimiter: u8,
    question: &Question<'_>,
    _tally: &mut Tally,
) -> Result<ColumnarRun, Failure> {
    let lang = question.lang;
    Err(Failure(
        lang.pick(
            "dieses Programm wurde ohne Parquet- und Arrow-Unterstützung gebaut (Cargo-Feature parquet)",
            "this program was built without Parquet and Arrow support (cargo feature parquet)",
        )
        .to_owned(),
    ))
}

/// A progress bar counting records, for inputs whose size in rows is known (Parquet).
#[cfg(feature = "parquet")]
fn progress_rows(rows: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match rows {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template("{bar:40} {percent:>3}% {human_pos}/{human_len} ({eta})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    }
}

fn progress_bar(size: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match size {
        Some(len) => ProgressBar::new(len).with_style(
            ProgressStyle::with_template(
                "{bar:40} {percent:>3}% {binary_bytes}/{binary_total_bytes} ({eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::new_spinner(),
    }
}

fn decide_csv(
    reader: Box<dyn Read>,
    encoding: Encoding,
    question: &Question<'_>,
    sinks: &mut Sinks,
    tally: &mut Tally,
) -> Result<(), Failure> {
    let lang = question.lang;
    // Records end at `\n` only: with the default terminator a Windows line end `\r\n` ends a
    // record at `\r`, and the `\n` then counts towards the next record's start, so every line
    // number after the header would be one too low. The `\r` is cut off the last field below.
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(sinks.delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(256 * 1024)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let header_read = csv
        .read_byte_record(&mut record)
        .map_err(|e| csv_failure(&e, lang))?;
    if !header_read {
        return Err(Failure(
            lang.pick(
                "die Eingabe ist leer (keine Kopfzeile)",
                "the input is empty (no header)",
            )
            .to_owned(),
        ));
    }
    let header: Vec<String> = fields_of(&record)
        .map(|f| encoding.decode(f).map(|s| s.trim().to_owned()))
        .collect::<Option<_>>()
        .ok_or_else(|| {
            Failure(
                lang.pick(
                    "Zeile 1 (Kopfzeile): Zeichenkodierung ist kein UTF-8",
                    "line 1 (header): not UTF-8",
                )
                .to_owned(),
            )
        })?;
    let fields: Vec<&str> = header.iter().map(|h| fact_field(h).unwrap_or(h)).collect();
    let columns = LearnerColumns::from_header(fields.iter().copied())
        .map_err(|e| Failure(format!("{} — {}", lang.rule_error(&e), header_hint(lang))))?;
    sinks.errors_header = error_header(lang, &header);
    let mut values: Vec<String> = Vec::with_capacity(header.len());
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_failure(&e, lang)),
        }
        tally.rows += 1;
        let line = record.position().map_or(0, csv::Position::line);
        values.clear();
        let mut not_text = None;
        for (i, field) in fields_of(&record).enumerate() {
            match encoding.decode(field) {
                Some(text) => values.push(text.into_owned()),
                None => {
                    not_text.get_or_insert(i);
                    values.push(String::from_utf8_lossy(field).into_owned());
                }
            }
        }
        if let Some(column) = not_text {
            let name = header.get(column).map_or("", String::as_str);
            let why = lang.pick("keine gültige UTF-8-Zeichenfolge", "not valid UTF-8");
            let bad = BadRow {
                line,
                column: Some(column),
                field: name,
                why,
            };
            sinks.bad_row(&bad, &values, tally, lang)?;
            continue;
        }
        match columns.parse_row(line, values.iter().map(String::as_str)) {
            Ok(facts) => sinks.decide(line, &facts, question, tally)?,
            Err(error) => {
                let (column, why) = row_failed(&error, &columns, lang);
                let name = column
                    .and_then(|c| header.get(c))
                    .map_or("", String::as_str);
                let bad = BadRow {
                    line,
                    column,
                    field: name,
                    why: &why,
                };
                sinks.bad_row(&bad, &values, tally, lang)?;
            }
        }
    }
    Ok(())
}

/// Where and why a row failed `LearnerColumns::parse_row`: the column at fault (0-based), if
/// one is, and the reason without the value.
fn row_failed(error: &RuleError, columns: &LearnerColumns, lang: Lang) -> (Option<usize>, String) {
    let why = match error {
        RuleError::Record { kind, .. } => lang.record_error(*kind).to_owned(),
        other => lang.rule_error(other),
    };
    (columns.position_of(error), why)
}

/// The fields of a record, the `\r` of a Windows line end cut off the last one.
fn fields_of(record: &csv::ByteRecord) -> impl Iterator<Item = &[u8]> {
    let last = record.len().saturating_sub(1);
    record
        .iter()
        .enumerate()
        .map(move |(i, field)| match field {
            [rest @ .., b'\r'] if i == last => rest,
            whole => whole,
        })
}

fn decide_jsonl(
    reader: Box<dyn Read>,
    question: &Question<'_>,
    sinks: &mut Sinks,
    tally: &mut Tally,
) -> Result<(), Failure> {
    let lang = question.lang;
    sinks.errors_header = error_header(lang, &[lang.pick("datensatz", "record").to_owned()]);
    let mut reader = BufReader::with_capacity(256 * 1024, reader);
    let mut bytes = Vec::new();
    let mut line: u64 = 0;
    loop {
        bytes.clear();
        let n = reader.read_until(b'\n', &mut bytes).map_err(|e| {
            Failure(format!(
                "{} ({e})",
                lang.pick("die Eingabe ist nicht lesbar", "the input cannot be read")
            ))
        })?;
        if n == 0 {
            break;
        }
        line += 1;
        let text = String::from_utf8_lossy(&bytes);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            continue;
        }
        tally.rows += 1;
        let record = [trimmed.to_owned()];
        if std::str::from_utf8(&bytes).is_err() {
            let why = lang.pick("keine gültige UTF-8-Zeichenfolge", "not valid UTF-8");
            let bad = BadRow {
                line,
                column: None,
                field: "",
                why,
            };
            sinks.bad_row(&bad, &record, tally, lang)?;
            continue;
        }
        match LearnerFacts::from_json(trimmed) {
            Ok(facts) => sinks.decide(line, &facts, question, tally)?,
            Err(RuleError::Record { field, kind, .. }) => {
                let name = field.unwrap_or_default();
                let bad = BadRow {
                    line,
                    column: None,
                    field: &name,
                    why: lang.record_error(kind),
                };
                sinks.bad_row(&bad, &record, tally, lang)?;
            }
            Err(other) => {
                let why = lang.rule_error(&other);
                let bad = BadRow {
                    line,
                    column: None,
                    field: "",
                    why: &why,
                };
                sinks.bad_row(&bad, &record, tally, lang)?;
            }
        }
    }
    Ok(())
}

fn header_hint(lang: Lang) -> &'static str {
    lang.pick(
        "die Kopfzeile nennt die Angaben, z. B. id;birth_date;land (oder deutsch: id;Geburtsdatum;Land)",
        "the header names the facts, e.g. id,birth_date,land",
    )
}

fn csv_failure(error: &csv::Error, lang: Lang) -> Failure {
    let line = error.position().map_or(0, csv::Position::line);
    Failure(format!(
        "{} {line}: {}",
        lang.pick("Zeile", "line"),
        lang.pick(
            "die CSV-Datei ist nicht lesbar",
            "the CSV file cannot be read"
        )
    ))
}

fn error_header(lang: Lang, rest: &[String]) -> Vec<String> {
    let mut header: Vec<String> = match lang {
        Lang::De => ["zeile", "spalte", "feld", "fehler"],
        Lang::En => ["line", "column", "field", "error"],
    }
    .map(str::to_owned)
    .to_vec();
    header.extend(rest.iter().cloned());
    header
}

/// The result columns.
fn output_header(lang: Lang) -> [&'static str; 10] {
    match lang {
        Lang::De => [
            "zeile",
            "id",
            "ergebnis",
            "ergebnis_code",
            "wirksam_ab",
            "berechtigt_ab",
            "schuljahr",
            "regeln",
            "fehlende_angaben",
            "begruendung",
        ],
        Lang::En => [
            "line",
            "id",
            "outcome",
            "outcome_code",
            "effective_date",
            "eligible_from",
            "school_year",
            "rule_ids",
            "missing_facts",
            "explanation",
        ],
    }
}

impl Sinks {
    /// The output (header written) and, on the first bad row, the error file; `records` for
    /// inputs whose rows are numbered as records (Parquet, Arrow), not as lines.
    fn new(
        args: &DecideArgs,
        delimiter: u8,
        bom: bool,
        records: bool,
        lang: Lang,
    ) -> Result<Sinks, Failure> {
        let target: Box<dyn Write> = if is_std(&args.output) {
            Box::new(BufWriter::with_capacity(256 * 1024, io::stdout()))
        } else {
            let file = File::create(&args.output)
                .map_err(|e| input::unwritable(&args.output, &e, lang))?;
            Box::new(BufWriter::with_capacity(256 * 1024, file))
        };
        let errors_path = args.errors.clone().unwrap_or_else(|| {
            if is_std(&args.output) {
                PathBuf::from("entscheidungen.fehler.csv")
            } else {
                sibling(&args.output, "fehler.csv")
            }
        });
        let out = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .from_writer(target);
        let mut sinks = Sinks {
            out,
            errors: None,
            errors_path,
            errors_header: Vec::new(),
            delimiter,
            bom,
            records,
        };
        sinks.write_bom_and_header(&args.output, lang)?;
        Ok(sinks)
    }

    fn write_bom_and_header(&mut self, path: &Path, lang: Lang) -> Result<(), Failure> {
        let mut header: Vec<String> = output_header(lang).map(str::to_owned).to_vec();
        if self.bom {
            if let Some(first) = header.first_mut() {
                first.insert(0, '\u{feff}');
            }
        }
        self.out
            .write_record(&header)
            .map_err(|e| write_failure(path, &e, lang))
    }

    fn decide(
        &mut self,
        line: u64,
        facts: &LearnerFacts,
        question: &Question<'_>,
        tally: &mut Tally,
    ) -> Result<(), Failure> {
        let lang = question.lang;
        let line_text = line.to_string();
        let id = facts.id.as_deref().unwrap_or("");
        let written = match question
            .book
            .evaluate(question.transition, facts, question.as_of)
        {
            Ok(decision) => {
                tally.decided += 1;
                self.out
                    .write_record(decision_row(&line_text, id, &decision, lang))
            }
            Err(error) => {
                tally.unanswered += 1;
                let why = lang.rule_error(&error);
                let none = lang.pick("keine Entscheidung", "no decision");
                self.out.write_record([
                    line_text.as_str(),
                    id,
                    none,
                    "error",
                    "",
                    "",
                    "",
                    "",
                    "",
                    &why,
                ])
            }
        };
        written.map_err(|e| {
            Failure(format!(
                "{} ({e})",
                lang.pick(
                    "die Ausgabe ist nicht schreibbar",
                    "the output cannot be written"
                )
            ))
        })
    }

    fn bad_row(
        &mut self,
        bad: &BadRow<'_>,
        values: &[String],
        tally: &mut Tally,
        lang: Lang,
    ) -> Result<(), Failure> {
        let BadRow {
            line,
            column,
            field,
            why,
        } = *bad;
        tally.bad += 1;
        if tally.bad <= LISTED_BAD_ROWS {
            let at = match column {
                Some(c) => format!(", {} {} ({field})", lang.pick("Spalte", "column"), c + 1),
                None if !field.is_empty() => format!(", {} {field}", lang.pick("Feld", "field")),
                None => String::new(),
            };
            let position = match self.records {
                true => lang.pick("Datensatz", "row"),
                false => lang.pick("Zeile", "line"),
            };
            eprintln!("{position} {line}{at}: {why}");
        }
        let path = self.errors_path.clone();
        if self.errors.is_none() {
            let file = File::create(&path).map_err(|e| input::unwritable(&path, &e, lang))?;
            let mut writer = csv::WriterBuilder::new()
                .delimiter(self.delimiter)
                .flexible(true)
                .from_writer(BufWriter::new(file));
            let mut header = self.errors_header.clone();
            if self.bom {
                if let Some(first) = header.first_mut() {
                    first.insert(0, '\u{feff}');
                }
            }
            writer
                .write_record(&header)
                .map_err(|e| write_failure(&path, &e, lang))?;
            self.errors = Some(writer);
        }
        let Some(writer) = self.errors.as_mut() else {
            return Ok(());
        };
        let line = line.to_string();
        let column = column.map_or_else(String::new, |c| (c + 1).to_string());
        let mut record: Vec<&str> = vec![&line, &column, field, why];
        record.extend(values.iter().map(String::as_str));
        writer
            .write_record(&record)
            .map_err(|e| write_failure(&path, &e, lang))
    }

    fn finish(&mut self, lang: Lang) -> Result<(), Failure> {
        self.out.flush().map_err(|e| {
            Failure(format!(
                "{} ({e})",
                lang.pick(
                    "die Ausgabe ist nicht schreibbar",
                    "the output cannot be written"
                )
            ))
        })?;
        if let Some(errors) = self.errors.as_mut() {
            let path = self.errors_path.clone();
            errors
                .flush()
                .map_err(|e| input::unwritable(&path, &e, lang))?;
        }
        Ok(())
    }
}

fn write_failure(path: &Path, error: &csv::Error, lang: Lang) -> Failure {
    Failure(format!(
        "{}: {} ({error})",
        shown(path),
        lang.pick("nicht schreibbar", "cannot be written")
    ))
}

/// One result row: the decision in the language asked for.
fn decision_row(line: &str, id: &str, decision: &Decision, lang: Lang) -> [String; 10] {
    let effective = decision
        .effective_date
        .map_or_else(String::new, |d| lang.date(d));
    let eligible_from = decision
        .eligible_from
        .map_or_else(String::new, |d| lang.date(d));
    let school_year = decision
        .school_year
        .map_or_else(String::new, |y| y.to_string());
    let explanation = match lang {
        Lang::De => decision.explanation_de.clone(),
        Lang::En => decision.explanation_en.clone(),
    };
    [
        line.to_owned(),
        id.to_owned(),
        lang.outcome(decision.outcome).to_owned(),
        decision.outcome.name().to_owned(),
        effective,
        eligible_from,
        school_year,
        decision.determining_rule_ids().join(" "),
        decision.missing_facts.join(" "),
        explanation,
    ]
}

fn report(
    args: &DecideArgs,
    format: InputFormat,
    encoding: Encoding,
    delimiter: u8,
    tally: &Tally,
    sinks: &Sinks,
    lang: Lang,
) {
    let what = match format {
        InputFormat::Csv => format!(
            "CSV, {} {}, {}",
            lang.pick("Trennzeichen", "delimiter"),
            input::describe_delimiter(delimiter, lang),
            encoding.describe(lang)
        ),
        InputFormat::Jsonl => "JSON Lines".to_owned(),
        InputFormat::Parquet => "Parquet".to_owned(),
        InputFormat::Arrow => "Arrow IPC".to_owned(),
    };
    eprintln!(
        "{}: {} {} ({what})",
        shown(&args.input),
        lang.count(tally.rows),
        lang.pick("Datensätze", "records")
    );
    eprintln!(
        "{}: {} {}",
        shown(&args.output),
        lang.count(tally.decided),
        lang.pick("entschieden", "decided")
    );
    if tally.unanswered > 0 {
        eprintln!(
            "{} {}",
            lang.count(tally.unanswered),
            lang.pick(
                "ohne Entscheidung (Grund in der Spalte begruendung)",
                "without a decision (reason in the column explanation)"
            )
        );
    }
    if tally.bad > 0 {
        if tally.bad > LISTED_BAD_ROWS {
            eprintln!(
                "… {} {}",
                lang.count(tally.bad - LISTED_BAD_ROWS),
                lang.pick("weitere fehlerhafte Zeilen", "more bad rows")
            );
        }
        eprintln!(
            "{}: {} {}",
            shown(&sinks.errors_path),
            lang.count(tally.bad),
            lang.pick(
                "fehlerhafte Zeilen (mit Zeile, Spalte und Grund; bitte korrigieren und erneut entscheiden)",
                "bad rows (with line, column and reason; correct them and decide again)"
            )
        );
    }
}
