//! `entscheiden` on Parquet and Arrow IPC files, written here with the arrow and parquet
//! writers from the same learners as the German CSV fixture: the decisions must be the CSV
//! path's; nulls are missing facts, bad cells go to the error file by row and column, and a
//! column of a type that holds no fact is refused naming the column — never echoing a value.

#![cfg(feature = "parquet")]
// clippy.toml allows these in `#[test]` functions only; the helpers below are test code too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, DictionaryArray, Int64Array, RecordBatch, StringArray,
    StructArray, TimestampMicrosecondArray,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

const BIN: &str = env!("CARGO_BIN_EXE_bildungsnetz");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name)
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bildungsnetz-columnar-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A result CSV as rows of fields, the BOM and the header row removed.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn decide(input: &Path, out: &Path) -> Output {
    run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "01.08.2025",
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ])
}

/// Days since 1970-01-01 of a date.
fn day(y: i32, m: u32, d: u32) -> i32 {
    bildungsnetz::calendar::Date::from_ymd(y, m, d)
        .unwrap()
        .day_number()
}

/// The learners of tests/data/lernende-bom-semikolon.csv, typed as pandas or polars would
/// write them: dates as dates, the Land as a categorical (dictionary), one application as
/// booleans, the other as integers.
fn fixture_batch() -> RecordBatch {
    let ids = StringArray::from(vec!["k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08"]);
    let births = Date32Array::from(vec![
        Some(day(2019, 9, 30)),
        Some(day(2019, 10, 1)),
        Some(day(2019, 11, 15)),
        Some(day(2019, 8, 31)),
        Some(day(2019, 9, 1)),
        Some(day(2019, 3, 15)),
        None,
        Some(day(2020, 2, 29)),
    ]);
    let lands: DictionaryArray<Int32Type> = ["NW", "NW", "NW", "RP", "RP", "NW", "NW", "NW"]
        .into_iter()
        .collect();
    let deferral = BooleanArray::from(vec![None, None, None, None, None, Some(true), None, None]);
    let early = Int64Array::from(vec![None, None, Some(1), None, None, None, None, None]);
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(ids)),
        ("Geburtsdatum", Arc::new(births)),
        ("Land", Arc::new(lands)),
        ("Antrag auf Zurückstellung", Arc::new(deferral)),
        ("Antrag auf vorzeitige Einschulung", Arc::new(early)),
    ];
    RecordBatch::try_from_iter(columns).unwrap()
}

fn write_parquet(path: &Path, batch: &RecordBatch, compression: Compression) {
    let props = WriterProperties::builder()
        .set_compression(compression)
        // Several row groups, so that reading crosses their borders.
        .set_max_row_group_row_count(Some(3))
        .build();
    let file = std::fs::File::create(path).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
}

fn write_arrow_file(path: &Path, batch: &RecordBatch) {
    let options = arrow_ipc::writer::IpcWriteOptions::default()
        .try_with_compression(Some(arrow_ipc::CompressionType::LZ4_FRAME))
        .unwrap();
    let file = std::fs::File::create(path).unwrap();
    let mut writer =
        arrow_ipc::writer::FileWriter::try_new_with_options(file, &batch.schema(), options)
            .unwrap();
    // Two batches.
    let half = batch.num_rows() / 2;
    writer.write(&batch.slice(0, half)).unwrap();
    writer
        .write(&batch.slice(half, batch.num_rows() - half))
        .unwrap();
    writer.finish().unwrap();
}

fn arrow_stream(batch: &RecordBatch) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = arrow_ipc::writer::StreamWriter::try_new(&mut bytes, &batch.schema()).unwrap();
    writer.write(batch).unwrap();
    writer.finish().unwrap();
    drop(writer);
    bytes
}

#[test]
fn parquet_and_arrow_decide_as_the_same_rows_in_csv() {
    let dir = scratch("same");
    let csv_out = dir.join("aus-csv.csv");
    let result = decide(&data("lernende-bom-semikolon.csv"), &csv_out);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let want = rows(&csv_out);
    assert_eq!(want.len(), 8);

    let batch = fixture_batch();
    let snappy = dir.join("kinder.parquet");
    write_parquet(&snappy, &batch, Compression::SNAPPY);
    let zstd = dir.join("kinder-zstd.parquet");
    write_parquet(&zstd, &batch, Compression::ZSTD(ZstdLevel::default()));
    // Named as CSV: the first bytes say Parquet.
    let misnamed = dir.join("kinder-parquet.csv");
    std::fs::copy(&zstd, &misnamed).unwrap();
    let feather = dir.join("kinder.feather");
    write_arrow_file(&feather, &batch);
    let stream = dir.join("kinder.arrows");
    std::fs::write(&stream, arrow_stream(&batch)).unwrap();

    for (input, what) in [
        (&snappy, "(Parquet)"),
        (&zstd, "(Parquet)"),
        (&misnamed, "(Parquet)"),
        (&feather, "(Arrow IPC)"),
        (&stream, "(Arrow IPC)"),
    ] {
        let out = dir.join("aus.csv");
        let result = decide(input, &out);
        assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
        assert!(stderr(&result).contains(what), "{}", stderr(&result));
        assert!(stderr(&result).contains("8 Datensätze"));
        let got = rows(&out);
        assert_eq!(got.len(), want.len(), "{}", input.display());
        for (n, (g, w)) in got.iter().zip(&want).enumerate() {
            // A CSV counts lines (the header is line 1), a table counts records.
            assert_eq!(g[0], (n + 1).to_string());
            assert_eq!(w[0], (n + 2).to_string());
            assert_eq!(g[1..], w[1..], "{} row {}", input.display(), n + 1);
        }
        assert!(!dir.join("aus.fehler.csv").exists());
    }

    // An Arrow IPC stream from standard input.
    let out = dir.join("aus-stdin.csv");
    let mut child = Command::new(BIN)
        .args([
            "entscheiden",
            "school_entry",
            "--stand",
            "01.08.2025",
            "--eingabeformat",
            "arrow",
            "-",
            out.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &arrow_stream(&batch)).unwrap();
    let result = child.wait_with_output().unwrap();
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let got = rows(&out);
    assert_eq!(got.len(), want.len());
    assert!(got.iter().zip(&want).all(|(g, w)| g[1..] == w[1..]));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn nulls_are_missing_facts_and_bad_cells_go_to_the_error_file() {
    let dir = scratch("bad");
    let ids = StringArray::from(vec!["f01", "f02", "f03", "f04"]);
    // Dates as text, as a CSV turned into Parquet without types has them.
    let births = StringArray::from(vec![
        Some("30.09.2019"),
        Some("31.09.2019"),
        None,
        Some("2019-10-01"),
    ]);
    let lands = StringArray::from(vec![Some("NW"), Some("NW"), Some("NW"), None]);
    // A time of day is no date.
    let midnight = i64::from(day(2019, 5, 15)) * 86_400_000_000;
    let arrival = TimestampMicrosecondArray::from(vec![
        None,
        None,
        Some(midnight),
        Some(midnight + 13 * 3_600_000_000),
    ]);
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(ids)),
        ("Geburtsdatum", Arc::new(births)),
        ("Land", Arc::new(lands)),
        ("arrival_date", Arc::new(arrival)),
    ];
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let input = dir.join("kinder.parquet");
    write_parquet(&input, &batch, Compression::SNAPPY);
    let out = dir.join("ergebnis.csv");
    let result = decide(&input, &out);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let report = stderr(&result);
    assert!(
        report.contains("Datensatz 2, Spalte 2 (Geburtsdatum): ungültiger Wert"),
        "{report}"
    );
    assert!(
        report.contains("Datensatz 4, Spalte 4 (arrival_date): ungültiger Wert"),
        "{report}"
    );
    for value in ["31.09.2019", "13:00", "f02", "f04"] {
        assert!(
            !report.contains(value),
            "the report shows a value: {report}"
        );
    }

    // The row with a null birth date is decided: the fact is missing, not wrong.
    let decided = rows(&out);
    let decided: Vec<(&str, &str, &str)> = decided
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[3].as_str()))
        .collect();
    assert_eq!(
        decided,
        [("1", "f01", "eligible"), ("3", "f03", "undetermined")]
    );
    let errors = rows(&dir.join("ergebnis.fehler.csv"));
    assert_eq!(errors.len(), 2);
    assert_eq!(
        errors[0][..4],
        ["2", "2", "Geburtsdatum", "ungültiger Wert"]
    );
    // The bad rows are kept, to be corrected.
    assert_eq!(errors[0][4..], ["f02", "31.09.2019", "NW", ""]);
    assert_eq!(errors[1][..3], ["4", "4", "arrival_date"]);
    assert_eq!(
        errors[1][4..],
        ["f04", "2019-10-01", "", "2019-05-15 13:00:00"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_column_of_another_type_is_refused_naming_it() {
    let dir = scratch("struct");
    let inner = StructArray::from(vec![(
        Arc::new(Field::new("jahr", DataType::Int64, false)),
        Arc::new(Int64Array::from(vec![2019])) as ArrayRef,
    )]);
    let columns: Vec<(&str, ArrayRef)> = vec![
        ("id", Arc::new(StringArray::from(vec!["s01"]))),
        ("Geburtsdatum", Arc::new(inner)),
    ];
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let input = dir.join("kinder.parquet");
    write_parquet(&input, &batch, Compression::UNCOMPRESSED);
    let out = dir.join("ergebnis.csv");
    let result = decide(&input, &out);
    assert_eq!(result.status.code(), Some(2));
    let report = stderr(&result);
    assert!(
        report.contains("Spalte 2 (Geburtsdatum): der Spaltentyp Struct"),
        "{report}"
    );
    assert!(!report.contains("2019"), "{report}");

    // A column that is no fact is named by its name (a table's names are never values).
    let schema = Schema::new(vec![Field::new("Name", DataType::Utf8, false)]);
    let batch = RecordBatch::try_new(
        Arc::new(schema),
        vec![Arc::new(StringArray::from(vec!["Anna"]))],
    )
    .unwrap();
    let feather = dir.join("kinder.feather");
    write_arrow_file(&feather, &batch);
    let result = run(&[
        "--lang",
        "en",
        "decide",
        "school_entry",
        "--as-of",
        "2025-08-01",
        feather.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(result.status.code(), Some(2));
    assert!(!stderr(&result).contains("Anna"));
    assert!(
        stderr(&result).contains("column 1 (Name): not a known fact"),
        "{}",
        stderr(&result)
    );
    let result = decide(&feather, &out);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("Spalte 1 (Name): keine bekannte Angabe — die Kopfzeile nennt"),
        "{}",
        stderr(&result)
    );

    // Not a Parquet file at all.
    let fake = dir.join("kaputt.parquet");
    std::fs::write(&fake, "id;Land\nk1;NW\n").unwrap();
    let result = decide(&fake, &out);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("kaputt.parquet: keine lesbare Parquet-Datei"),
        "{}",
        stderr(&result)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
