//! The NRW school directory importer, on the real files and on small hand-made snippets.

// clippy.toml allows these in `#[test]` functions only; the helpers below are test code too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::sync::OnceLock;

use bildungsnetz::io::directory::{DirectoryFormat, ImportCode, ImportResult, Importer};
use bildungsnetz::model::{InstitutionKind, Traeger};
use bildungsnetz::validate::Severity;
use proptest::prelude::*;

const SCHULDATEN: &str = "../tests/data/nrw-schuldaten-2021.csv";
const SCHULVERZEICHNIS: &str = "../tests/data/nrw-schulverzeichnis-2024-25.csv";

fn importer() -> Importer {
    Importer::new().unwrap()
}

fn with_prefix(result: &ImportResult, prefix: &str) -> usize {
    result
        .institutions
        .iter()
        .filter(|i| {
            i.gemeindeschluessel
                .as_deref()
                .is_some_and(|g| g.starts_with(prefix))
        })
        .count()
}

fn schulform_counts(result: &ImportResult) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for i in &result.institutions {
        let key = i.schulform.clone().unwrap_or_else(|| "-".into());
        *counts.entry(key).or_insert(0) += 1;
    }
    counts
}

/// (line, code) of every problem, for compact assertions.
fn found(result: &ImportResult) -> Vec<(usize, &'static str)> {
    result
        .problems
        .iter()
        .map(|p| (p.line, p.code.as_str()))
        .collect()
}

fn assert_nothing_dropped(result: &ImportResult) {
    assert_eq!(result.rows, result.institutions.len() + result.rejected);
    let row_errors = result
        .errors()
        .filter(|p| {
            !matches!(
                p.code,
                ImportCode::EmptyFile
                    | ImportCode::UnknownHeader
                    | ImportCode::ReadError
                    | ImportCode::TooLarge
            )
        })
        .count();
    if result.format.is_some() {
        assert_eq!(row_errors, result.rejected);
    }
}

#[test]
fn schuldaten_2021_real_file() {
    let result = importer().read_path(SCHULDATEN).unwrap();
    assert_eq!(result.format, Some(DirectoryFormat::Schuldaten));
    assert_eq!(result.rows, 5_507);
    assert_eq!(result.institutions.len(), 5_507);
    assert!(result.is_ok(), "{:?}", result.errors().next());
    assert_nothing_dropped(&result);

    assert_eq!(with_prefix(&result, "05334"), 174); // StädteRegion Aachen
    assert_eq!(with_prefix(&result, "05914000"), 65); // Hagen
    assert_eq!(with_prefix(&result, "05362036"), 16); // Pulheim

    // Schulform counts of RULES.md; 0A (59) becomes Schulaufsicht without a key.
    let counts = schulform_counts(&result);
    for (key, n) in [
        ("02", 2793),
        ("04", 186),
        ("08", 441),
        ("10", 388),
        ("15", 358),
        ("20", 623),
        ("30", 369),
        ("83", 37),
        ("88", 18),
        ("81", 2),
        ("-", 59),
    ] {
        assert_eq!(counts.get(key), Some(&n), "Schulform {key}");
    }
    let kinds = |k: InstitutionKind| result.institutions.iter().filter(|i| i.kind == k).count();
    assert_eq!(kinds(InstitutionKind::Schulaufsicht), 59);
    assert_eq!(kinds(InstitutionKind::Berufskolleg), 369 + 18);
    assert_eq!(kinds(InstitutionKind::Schule), 5_507 - 59 - 387);
    assert!(
        result
            .institutions
            .iter()
            .filter(|i| i.kind == InstitutionKind::Schulaufsicht)
            .all(|i| i.schulnummer.as_deref().is_some_and(|n| n.starts_with('6')))
    );
    let traeger = |t: Traeger| {
        result
            .institutions
            .iter()
            .filter(|i| i.traeger == Some(t))
            .count()
    };
    assert_eq!(
        (traeger(Traeger::Oeffentlich), traeger(Traeger::Privat)),
        (4_949, 558)
    );

    let first = &result.institutions[0];
    assert_eq!(first.id, "s-100000");
    assert_eq!(
        first.name,
        "Studienkolleg des Ökumenischen Studienwerks e.V. für ausländische Studierende"
    );

    // Only warnings: the unofficial key 81 (twice) and the schools not in operation.
    let unknown: Vec<usize> = result
        .with_code(ImportCode::UnknownSchulform)
        .map(|p| p.line)
        .collect();
    assert_eq!(unknown, [20, 63]);
    assert_eq!(
        result.with_code(ImportCode::NotInOperation).count(),
        43 + 35 + 5
    );
    let first_closed = result.with_code(ImportCode::NotInOperation).next().unwrap();
    assert_eq!(first_closed.line, 3); // after the sep= line and the header
    assert_eq!(first_closed.id.as_deref(), Some("s-100000"));
    assert_eq!(result.problems.len(), 2 + 83);
}

#[test]
fn schulverzeichnis_2024_25_real_file() {
    let result = importer().read_path(SCHULVERZEICHNIS).unwrap();
    assert_eq!(result.format, Some(DirectoryFormat::Schulverzeichnis));
    assert_eq!(result.rows, 5_407);
    assert_eq!(result.institutions.len(), 5_407);
    assert!(result.is_ok());
    assert_nothing_dropped(&result);

    // Every Gemeindeschlüssel had lost its leading zero: one summarised warning.
    let repaired: Vec<_> = result
        .with_code(ImportCode::GemeindeschluesselRepaired)
        .collect();
    assert_eq!(repaired.len(), 1);
    let repaired = repaired[0];
    assert_eq!((repaired.line, repaired.occurrences), (2, 5_407));
    assert_eq!(repaired.severity, Severity::Warning);
    assert_eq!(
        repaired.column.as_deref(),
        Some("Amtlicher Gemeindeschlüssel")
    );
    assert!(
        repaired
            .message
            .contains("5407 times, lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …")
    );
    assert!(result.institutions.iter().all(|i| {
        i.gemeindeschluessel
            .as_deref()
            .is_some_and(|g| g.len() == 8 && g.starts_with("05"))
    }));
    assert_eq!(with_prefix(&result, "05334"), 167);
    assert_eq!(with_prefix(&result, "05914000"), 64);
    assert_eq!(with_prefix(&result, "05362036"), 16);

    // Names mapped to official keys; the list's "Förderschule Realschule/Gymnasium" lumps
    // together 85 and 87 and maps to neither.
    let counts = schulform_counts(&result);
    for (key, n) in [
        ("02", 2807),
        ("08", 484),
        ("13", 5),
        ("17", 56),
        ("20", 627),
        ("30", 356),
        ("88", 19),
        ("-", 2),
    ] {
        assert_eq!(counts.get(key), Some(&n), "Schulform {key}");
    }
    let unknown: Vec<usize> = result
        .with_code(ImportCode::UnknownSchulform)
        .map(|p| p.line)
        .collect();
    assert_eq!(unknown, [3453, 3454]);
    assert_eq!(result.problems.len(), 3);

    let first = &result.institutions[0];
    assert_eq!(first.id, "s-100020");
    assert_eq!(
        first.name,
        "Städt. Kath. Grundschule Kartause-Hain-Schule - Primarstufe -"
    );
    assert_eq!((first.pupils, first.sozialindex), (Some(220), Some(5)));
    assert_eq!(first.traeger, Some(Traeger::Oeffentlich));
    let with_index = result
        .institutions
        .iter()
        .filter(|i| i.sozialindex.is_some())
        .count();
    assert_eq!(with_index, 5_407 - 1_265);
    assert!(result.institutions.iter().all(|i| i.pupils.is_some()));
    let berufskollegs = result
        .institutions
        .iter()
        .filter(|i| i.kind == InstitutionKind::Berufskolleg)
        .count();
    assert_eq!(berufskollegs, 356 + 19);
}

#[test]
fn the_format_can_be_forced_and_a_wrong_one_is_reported() {
    let imp = importer();
    let bytes = std::fs::read(SCHULDATEN).unwrap();
    let forced = imp.read_as(DirectoryFormat::Schuldaten, bytes.as_slice());
    assert_eq!(forced.institutions.len(), 5_507);

    let wrong = imp
        .read_path_as(DirectoryFormat::Schulverzeichnis, SCHULDATEN)
        .unwrap();
    assert_eq!(wrong.format, None);
    assert!(wrong.institutions.is_empty());
    assert_eq!((wrong.rows, wrong.rejected), (5_507, 5_507));
    assert_eq!(found(&wrong), [(2, "unknown_header")]);
    assert!(wrong.problems[0].message.contains("Amtliche Bezeichnung 1"));

    assert!(imp.read_path("../tests/data/no-such-file.csv").is_err());
}

const SCHULDATEN_HEADER: &str = "Schulnummer;Schulform;Schulbezeichnung_1;Schulbezeichnung_2;\
    Schulbezeichnung_3;PLZ;Ort;Rechtsform;Gemeindeschluessel;Schulbetriebsschluessel;Schulbetriebsdatum";

#[test]
fn every_row_problem_of_the_ministry_format_with_its_line() {
    let mut csv: Vec<u8> = Vec::new();
    csv.extend_from_slice(b"sep=;\r\n");
    csv.extend_from_slice(SCHULDATEN_HEADER.as_bytes());
    csv.extend_from_slice(b"\r\n");
    let rows: [&[u8]; 16] = [
        // 3: fine
        b"\"100001\";\"02\";\"GS A\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"01.08.1970\"",
        // 4: Schulnummer of 5 digits
        b"\"10002\";\"02\";\"GS B\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 5: no Schulnummer
        b"\"null\";\"02\";\"GS C\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 6: no name
        b"\"100003\";\"02\";\"null\";\"\";\" \";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 7: a key the official list does not know: kept
        b"\"100004\";\"81\";\"Lernort\";\"\";\"\";\"52062\";\"Aachen\";\"2\";\"05334002\";\"1\";\"\"",
        // 8: a Gemeindeschluessel that cannot be repaired
        b"\"100005\";\"02\";\"GS D\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"5334X02\";\"1\";\"\"",
        // 9: too few columns
        b"\"100006\";\"02\";\"GS E\";\"\";\"\"",
        // 10: the Schulnummer of line 3 again
        b"\"100001\";\"02\";\"GS A2\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 11: unknown Rechtsform, and a closed school
        b"\"100007\";\"02\";\"GS F\";\"\";\"\";\"52062\";\"Aachen\";\"3\";\"05334002\";\"9\";\"31.07.2021\"",
        // 12: ISO-8859-1 bytes (\xFC is u-umlaut)
        b"\"100008\";\"02\";\"GS M\xFChle\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 13: no Schulform
        b"\"100009\";\"\";\"GS G\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 14: a school authority
        b"\"600010\";\"0A\";\"Schulamt\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 15-16: a quoted name over two lines
        b"\"100011\";\"02\";\"GS\nH\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 17: a typo in the key: kept, with a hint
        b"\"100012\";\"2O\";\"GS I\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\"",
        // 18: a Gemeindeschluessel without its leading zero
        b"\"100013\";\"02\";\"GS J\";\"\";\"\";\"\";\"\";\"\";\"5334002\";\"1\";\"\"",
        // 19: one field too many, filled: values may have shifted
        b"\"100014\";\"02\";\"GS K\";\"\";\"\";\"52062\";\"Aachen\";\"1\";\"05334002\";\"1\";\"\";\"x\"",
    ];
    for row in rows {
        csv.extend_from_slice(row);
        csv.extend_from_slice(b"\r\n");
    }
    let result = importer().read(csv.as_slice());
    assert_eq!(result.format, Some(DirectoryFormat::Schuldaten));
    assert_eq!(
        found(&result),
        [
            (4, "schulnummer_format"),
            (5, "missing_value"),
            (6, "missing_value"),
            (7, "unknown_schulform"),
            (8, "gemeindeschluessel_format"),
            (9, "field_count"),
            (10, "duplicate_schulnummer"),
            (11, "unknown_rechtsform"),
            (11, "not_in_operation"),
            (12, "not_utf8"),
            (13, "missing_value"),
            (17, "unknown_schulform"),
            (18, "gemeindeschluessel_repaired"),
            (19, "field_count"),
        ]
    );
    let severity: Vec<Severity> = result.problems.iter().map(|p| p.severity).collect();
    use Severity::{Error as E, Warning as W};
    assert_eq!(severity, [E, E, E, W, W, E, E, W, W, W, W, W, W, E]);
    assert_eq!((result.rows, result.rejected), (16, 6));
    assert_nothing_dropped(&result);

    let by_id = |id: &str| result.institutions.iter().find(|i| i.id == id).unwrap();
    assert_eq!(by_id("s-100004").schulform.as_deref(), Some("81"));
    assert_eq!(by_id("s-100004").traeger, Some(Traeger::Privat));
    assert_eq!(by_id("s-100005").gemeindeschluessel, None);
    assert_eq!(by_id("s-100007").traeger, None);
    assert_eq!(by_id("s-100008").name, "GS Mühle");
    assert_eq!(by_id("s-100009").kind, InstitutionKind::Schule);
    assert_eq!(by_id("s-100009").schulform, None);
    assert_eq!(by_id("s-600010").kind, InstitutionKind::Schulaufsicht);
    assert_eq!(by_id("s-600010").schulform, None);
    assert_eq!(by_id("s-100011").name, "GS\nH");
    assert_eq!(by_id("s-100012").schulform.as_deref(), Some("2O"));
    assert_eq!(
        by_id("s-100013").gemeindeschluessel.as_deref(),
        Some("05334002")
    );

    let problem = |line: usize, code: ImportCode| {
        result
            .problems
            .iter()
            .find(|p| p.line == line && p.code == code)
            .unwrap()
    };
    assert_eq!(
        problem(4, ImportCode::SchulnummerFormat).column.as_deref(),
        Some("Schulnummer")
    );
    assert_eq!(
        problem(6, ImportCode::MissingValue).column.as_deref(),
        Some("Schulbezeichnung_1")
    );
    assert_eq!(
        problem(9, ImportCode::FieldCount).message,
        "row has 5 fields, the header 11"
    );
    assert!(
        problem(10, ImportCode::DuplicateSchulnummer)
            .message
            .contains("line 3")
    );
    assert!(
        problem(11, ImportCode::NotInOperation)
            .message
            .contains("31.07.2021")
    );
    assert_eq!(
        problem(11, ImportCode::NotInOperation).id.as_deref(),
        Some("s-100007")
    );
    assert_eq!(
        problem(12, ImportCode::NotUtf8).column.as_deref(),
        Some("Schulbezeichnung_1")
    );
    assert!(
        problem(17, ImportCode::UnknownSchulform)
            .message
            .contains("did you mean 20")
    );
    // Messages name the line and field, not the row.
    assert!(
        result
            .problems
            .iter()
            .all(|p| !p.message.contains("Aachen"))
    );
}

const VERZEICHNIS_HEADER: &str = "Schuljahr,Schulform,Amtlicher Gemeindeschlüssel,Schulnummer,\
    Amtliche Bezeichnung 1,Amtliche Bezeichnung 2,Postleitzahl,Ort,Rechtsstatus,\
    Telefonnummer Vorwahl,Anzahl,Sozialindex";

#[test]
fn every_row_problem_of_the_compiled_list_with_its_line() {
    let csv = format!(
        "{VERZEICHNIS_HEADER}\n\
         2024/25,Grundschule,5914000,100001,GS A,\"Hagen, Mitte\",58095,Hagen,Öffentlich,2331.0,220,5.0\n\
         2024/25,Gymnasium,5914000,100002,Gym B,,58095,Hagen,Privat,2331.0,viele,\n\
         2024/25,Grundschule,5914000,100003,GS C,,58095,Hagen,Öffentlich,2331.0,100,12.0\n\
         2024/25,Grundschule,5914000,100004,GS D,,58095,Hagen,Öffentlich,2331.0,100,5.5\n\
         2024/25,Förderschule Realschule/Gymnasium,5914000,100005,FS E,,58095,Hagen,Öffentlich,,90,\n\
         2024/25,Schule für Alles,5914000,100006,S F,,58095,Hagen,Kirchlich,,90,\n\
         2024/25,PRIMUS-Schule,5914000,100007,P G,,58095,Hagen,Öffentlich,,90,\n\
         2024/25,Förderschule Grund-/Hauptschule,5914000,100008,FS H,,58095,Hagen,Öffentlich,,90,\n\
         2024/25,Förderschule Berufskolleg,,100009,BK I,,58095,Hagen,Öffentlich,,90,\n"
    );
    let result = importer().read(csv.as_bytes());
    assert_eq!(result.format, Some(DirectoryFormat::Schulverzeichnis));
    assert_eq!(
        found(&result),
        [
            (2, "gemeindeschluessel_repaired"),
            (3, "invalid_number"),
            (4, "sozialindex_out_of_range"),
            (5, "invalid_number"),
            (6, "unknown_schulform"),
            (7, "unknown_schulform"),
            (7, "unknown_rechtsform"),
            (10, "missing_value"),
        ]
    );
    assert_eq!(result.problems[0].occurrences, 8);
    assert_eq!(result.problems[1].column.as_deref(), Some("Anzahl"));
    assert_eq!(result.problems[2].column.as_deref(), Some("Sozialindex"));
    assert_eq!(result.institutions.len(), 9);
    let by_id = |id: &str| result.institutions.iter().find(|i| i.id == id).unwrap();
    let a = by_id("s-100001");
    assert_eq!(a.name, "GS A Hagen, Mitte");
    assert_eq!((a.pupils, a.sozialindex), (Some(220), Some(5)));
    assert_eq!(by_id("s-100002").pupils, None);
    assert_eq!(by_id("s-100003").sozialindex, None);
    assert_eq!(by_id("s-100005").schulform, None);
    assert_eq!(by_id("s-100007").schulform.as_deref(), Some("13"));
    assert_eq!(by_id("s-100008").schulform.as_deref(), Some("08"));
    let bk = by_id("s-100009");
    assert_eq!(
        (bk.kind, bk.schulform.as_deref()),
        (InstitutionKind::Berufskolleg, Some("88"))
    );
    assert_eq!(bk.gemeindeschluessel, None);
}

#[test]
fn file_level_problems() {
    let imp = importer();
    let empty = imp.read(&b""[..]);
    assert_eq!(found(&empty), [(1, "empty_file")]);
    assert_eq!(empty.severity_of_first(), Severity::Error);

    let only_sep = imp.read(&b"sep=;\n\n"[..]);
    assert_eq!(found(&only_sep), [(2, "empty_file")]);

    let unknown = imp.read(&b"Name,Ort\nA,B\nC,D\n"[..]);
    assert_eq!(found(&unknown), [(1, "unknown_header")]);
    assert_eq!((unknown.rows, unknown.rejected), (2, 2));
    assert!(unknown.institutions.is_empty());

    // A header in ISO-8859-1 is still recognised, with a warning.
    let latin1 = imp.read(
        &b"Schulform,Amtlicher Gemeindeschl\xFCssel,Schulnummer,Amtliche Bezeichnung 1\n\
           Grundschule,5914000,100001,GS A\n"[..],
    );
    assert_eq!(latin1.format, Some(DirectoryFormat::Schulverzeichnis));
    assert_eq!(
        found(&latin1),
        [(1, "not_utf8"), (2, "gemeindeschluessel_repaired")]
    );
    assert_eq!(latin1.institutions.len(), 1);

    // A byte-order mark is not part of the first column's name.
    let bom = imp.read(&b"\xEF\xBB\xBFSchulnummer;Schulform;Schulbezeichnung_1;Gemeindeschluessel\n100001;02;GS;05914000\n"[..]);
    assert_eq!(bom.institutions.len(), 1);
    assert!(bom.problems.is_empty());
}

/// Yields its bytes, then fails.
struct FailingReader {
    data: std::io::Cursor<Vec<u8>>,
}

impl Read for FailingReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.data.read(buf)? {
            0 => Err(std::io::Error::other("disk gone")),
            n => Ok(n),
        }
    }
}

#[test]
fn a_read_error_keeps_the_rows_before_it() {
    let data = format!("{SCHULDATEN_HEADER}\n100001;02;GS A;;;;;1;05914000;1;\n").into_bytes();
    let result = importer().read(FailingReader {
        data: std::io::Cursor::new(data),
    });
    assert_eq!(result.institutions.len(), 1);
    assert_eq!(result.problems.len(), 1);
    assert_eq!(result.problems[0].code, ImportCode::ReadError);
    assert!(result.problems[0].message.contains("disk gone"));
}

#[test]
fn every_code_is_triggered_somewhere_in_these_tests() {
    // The codes asserted by line in the tests above.
    let triggered: BTreeSet<&str> = [
        "empty_file",
        "unknown_header",
        "read_error",
        "field_count",
        "not_utf8",
        "missing_value",
        "schulnummer_format",
        "duplicate_schulnummer",
        "unknown_schulform",
        "gemeindeschluessel_repaired",
        "gemeindeschluessel_format",
        "unknown_rechtsform",
        "invalid_number",
        "sozialindex_out_of_range",
        "not_in_operation",
        "malformed_quote",
        "too_large",
    ]
    .into_iter()
    .collect();
    let all: BTreeSet<&str> = ImportCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(triggered, all);
}

trait FirstSeverity {
    fn severity_of_first(&self) -> Severity;
}

impl FirstSeverity for ImportResult {
    fn severity_of_first(&self) -> Severity {
        self.problems[0].severity
    }
}

// ---------------------------------------------------------------------------------------------
// Readers that never lose a row (issue 17).

/// The reproducer r02's file: one stray opening quote in the last field of line 3.
const STRAY_QUOTE: &str = "Schulnummer,Schulform,Amtliche Bezeichnung 1,Amtlicher Gemeindeschlüssel,Anzahl,Startchancen-Schule
100020,Grundschule,Schule A,5111000,220,0
100061,Grundschule,Schule B,5111000,305,\"0
100062,Grundschule,Schule C,5111000,100,0
100063,Grundschule,Schule D,5111000,100,0
100064,Grundschule,Schule E,5111000,100,0
";

#[test]
fn r02_a_stray_quote_costs_its_row_not_the_rest_of_the_file() {
    let last_field = importer().read(STRAY_QUOTE.as_bytes());
    let middle_field = importer().read(
        STRAY_QUOTE
            .replace(",\"0\n", ",0\n")
            .replace(",Schule B,", ",\"Schule B,")
            .as_bytes(),
    );
    let unclosed_then_closed =
        importer().read(STRAY_QUOTE.replace("Schule E,", "\"Schule E\",").as_bytes());
    for result in [&last_field, &middle_field, &unclosed_then_closed] {
        assert_eq!((result.rows, result.rejected), (5, 1));
        assert_eq!(result.institutions.len(), 4);
        assert_eq!(found(result)[1..], [(3, "malformed_quote")]);
        assert_eq!(result.problems[1].severity, Severity::Error);
        assert_nothing_dropped(result);
        let ids: Vec<&str> = result.institutions.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["s-100020", "s-100062", "s-100063", "s-100064"]);
    }
    // A quoted field over two lines that is well-formed and fits the header is one row.
    let legit = importer().read(
        STRAY_QUOTE
            .replace(
                "Schule B,5111000,305,\"0\n",
                "\"Schule\nB\",5111000,305,0\n",
            )
            .as_bytes(),
    );
    assert_eq!((legit.rows, legit.rejected), (5, 0));
    assert_eq!(legit.institutions[1].name, "Schule\nB");
    // A broken header: nothing imported, every row counted.
    let header = importer().read(
        STRAY_QUOTE
            .replacen("Schulform", "\"Schulform", 1)
            .as_bytes(),
    );
    assert_eq!((header.rows, header.rejected), (5, 5));
    assert_eq!(found(&header), [(1, "malformed_quote")]);
}

fn lines_of(path: &str) -> &'static [Vec<u8>] {
    static FILES: OnceLock<Vec<(String, Vec<Vec<u8>>)>> = OnceLock::new();
    let files = FILES.get_or_init(|| {
        [SCHULDATEN, SCHULVERZEICHNIS]
            .iter()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                let lines = bytes
                    .split(|b| *b == b'\n')
                    .map(<[u8]>::to_vec)
                    .filter(|l| !l.is_empty())
                    .collect();
                ((*p).to_string(), lines)
            })
            .collect()
    });
    &files.iter().find(|(p, _)| p == path).unwrap().1
}

fn joined(lines: &[Vec<u8>], ending: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(line);
        out.extend_from_slice(ending);
    }
    out
}

#[test]
fn cr_only_and_crlf_line_ends_read_the_same_schools() {
    for (path, header) in [(SCHULDATEN, 2), (SCHULVERZEICHNIS, 1)] {
        let lines = lines_of(path);
        let lf = importer().read(joined(lines, b"\n").as_slice());
        for ending in [&b"\r"[..], b"\r\n"] {
            let other = importer().read(joined(lines, ending).as_slice());
            assert_eq!(other.rows, lines.len() - header, "{path}");
            assert_eq!(other.institutions, lf.institutions, "{path}");
            assert_eq!(other.problems, lf.problems, "{path}");
        }
    }
}

#[test]
fn a_header_that_does_not_match_the_rows_is_an_error() {
    // The ministry's header ends in `;` (24 columns), its rows have 23 fields: the known form.
    let lines = lines_of(SCHULDATEN);
    assert!(lines[1].ends_with(b";"));
    assert_eq!(lines[1].split(|b| *b == b';').count(), 24);
    assert_eq!(lines[2].split(|b| *b == b';').count(), 23);

    // A value under the empty 24th column: the row's values may have shifted.
    let mut shifted = lines.to_vec();
    shifted[2].extend_from_slice(b";\"x\"");
    // A trailing `;` with nothing after it is the header's own form: fine.
    shifted[3].extend_from_slice(b";");
    // One field too many.
    shifted[4].extend_from_slice(b";\"\";\"\"");
    let result = importer().read(joined(&shifted, b"\n").as_slice());
    let errors: Vec<(usize, String)> = result
        .errors()
        .map(|p| (p.line, p.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                3,
                "row has a value in column 24, which the header leaves unnamed: the values may \
                 have shifted"
                    .to_string()
            ),
            (5, "row has 25 fields, the header 24".to_string())
        ]
    );
    assert_eq!((result.rows, result.rejected), (5_507, 2));
    assert_nothing_dropped(&result);

    // A header that lacks a column: every row is longer than the header, none shifts silently.
    let lines = lines_of(SCHULVERZEICHNIS);
    let mut missing = lines.to_vec();
    missing[0] = String::from_utf8(missing[0].clone())
        .unwrap()
        .replace("Verwaltungsbezirk,", "")
        .into_bytes();
    let result = importer().read(joined(&missing, b"\n").as_slice());
    assert_eq!((result.rows, result.rejected), (5_407, 5_407));
    assert!(result.institutions.is_empty());
    assert!(result.errors().all(
        |p| p.code == ImportCode::FieldCount && p.message == "row has 23 fields, the header 22"
    ));
    // The same with the last column empty in every row: still refused, not shifted.
    let emptied: Vec<Vec<u8>> = missing
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                l.clone()
            } else {
                let mut l = l.clone();
                l.truncate(l.len() - 1); // the Startchancen flag, one digit
                l
            }
        })
        .collect();
    let result = importer().read(joined(&emptied, b"\n").as_slice());
    assert_eq!((result.rows, result.rejected), (5_407, 5_407));
}

#[test]
fn every_read_is_bounded_while_reading() {
    let result = importer()
        .with_max_bytes(1 << 20)
        .read(std::io::repeat(b'x'));
    assert_eq!(found(&result), [(1, "too_large")]);
    assert_eq!(result.rows, 0);

    // The rows before the limit are kept.
    let bytes = std::fs::read(SCHULVERZEICHNIS).unwrap();
    let result = importer().with_max_bytes(100_000).read(bytes.as_slice());
    let too_large: Vec<_> = result.with_code(ImportCode::TooLarge).collect();
    assert_eq!(too_large.len(), 1);
    assert_eq!(result.rows, too_large[0].line - 2);
    assert_eq!(result.institutions.len(), result.rows);

    #[cfg(unix)]
    {
        // /dev/zero: an endless line.
        let result = importer()
            .with_max_bytes(1 << 20)
            .read_path("/dev/zero")
            .unwrap();
        assert_eq!(found(&result), [(1, "too_large")]);

        // A FIFO whose writer never stops.
        let dir = std::env::temp_dir().join(format!("bn-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("directory.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let path = fifo.clone();
            let writer = std::thread::spawn(move || {
                use std::io::Write;
                let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
                let row = b"Schulnummer,Schulform,Amtliche Bezeichnung 1,Amtlicher Gemeindeschl\xc3\xbcssel\n";
                let _ = f.write_all(row);
                while f.write_all(b"100001,Grundschule,GS,5111000\n").is_ok() {}
            });
            let result = importer().with_max_bytes(1 << 20).read_path(&fifo).unwrap();
            writer.join().unwrap();
            let too_large: Vec<_> = result.with_code(ImportCode::TooLarge).collect();
            assert_eq!(too_large.len(), 1);
            assert_nothing_dropped(&result);
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A change to one data line of a real file.
#[derive(Clone, Debug)]
enum Mangle {
    /// Insert a byte (never a quote or a line end) at a position.
    Insert(prop::sample::Index, prop::sample::Index, u8),
    /// Delete the byte at a position, unless it is a quote.
    Delete(prop::sample::Index, prop::sample::Index),
    /// Insert the file's delimiter.
    Delimiter(prop::sample::Index, prop::sample::Index),
}

fn mangle() -> impl Strategy<Value = Mangle> {
    prop_oneof![
        (
            any::<prop::sample::Index>(),
            any::<prop::sample::Index>(),
            any::<u8>()
        )
            .prop_map(|(l, p, b)| Mangle::Insert(l, p, b)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(l, p)| Mangle::Delete(l, p)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(l, p)| Mangle::Delimiter(l, p)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The real files, mangled: one quote inserted or removed (in any field of any line) and
    /// other bytes changed, with LF, CRLF or CR-only line ends. Every data line is a row, read
    /// or rejected (`rows = read + rejected`), and only changed lines can be rejected.
    #[test]
    fn mangled_real_files_lose_no_row(
        ministry in any::<bool>(),
        quote_line in any::<prop::sample::Index>(),
        quote_at in any::<prop::sample::Index>(),
        insert_quote in any::<bool>(),
        others in proptest::collection::vec(mangle(), 0..6),
        ending in 0..3usize,
    ) {
        let (path, first_data, delimiter) = if ministry {
            (SCHULDATEN, 2, b';')
        } else {
            (SCHULVERZEICHNIS, 1, b',')
        };
        let mut lines = lines_of(path).to_vec();
        let data = lines.len() - first_data;
        let mut changed = BTreeSet::new();
        // The quote.
        let l = first_data + quote_line.index(data);
        if insert_quote {
            let at = quote_at.index(lines[l].len() + 1);
            lines[l].insert(at, b'"');
            changed.insert(l);
        } else {
            let quotes: Vec<usize> = (0..lines[l].len()).filter(|i| lines[l][*i] == b'"').collect();
            if !quotes.is_empty() {
                lines[l].remove(quotes[quote_at.index(quotes.len())]);
                changed.insert(l);
            }
        }
        for m in &others {
            let (l, at) = match m {
                Mangle::Insert(l, at, _) | Mangle::Delete(l, at) | Mangle::Delimiter(l, at) => {
                    let l = first_data + l.index(data);
                    (l, at.index(lines[l].len() + 1))
                }
            };
            match m {
                Mangle::Insert(_, _, b) => {
                    let b = if matches!(*b, b'"' | b'\n' | b'\r') { b'x' } else { *b };
                    lines[l].insert(at, b);
                }
                Mangle::Delete(..) if at < lines[l].len() && lines[l][at] != b'"' => {
                    lines[l].remove(at);
                }
                Mangle::Delete(..) => continue,
                Mangle::Delimiter(..) => lines[l].insert(at, delimiter),
            }
            changed.insert(l);
        }
        let ending: &[u8] = [&b"\n"[..], b"\r\n", b"\r"][ending];
        let bytes = joined(&lines, ending);
        let expected_rows = lines
            .iter()
            .skip(first_data)
            .filter(|l| !l.trim_ascii().is_empty())
            .count();
        let result = importer().read(bytes.as_slice());
        prop_assert_eq!(result.format, Some(if ministry {
            DirectoryFormat::Schuldaten
        } else {
            DirectoryFormat::Schulverzeichnis
        }));
        prop_assert_eq!(result.rows, expected_rows);
        assert_nothing_dropped(&result);
        prop_assert!(result.rejected <= changed.len());
        // Every error is on a changed line (1-based), or a duplicate of one.
        for p in result.errors() {
            prop_assert!(
                changed.contains(&(p.line - 1)) || p.code == ImportCode::DuplicateSchulnummer,
                "{}", p
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let result = importer().read(bytes.as_slice());
        assert_nothing_dropped(&result);
    }

    #[test]
    fn arbitrary_rows_under_a_real_header_never_panic(
        body in proptest::collection::vec(
            // Mostly the bytes that matter to CSV and to the checks, some of any value.
            any::<u8>().prop_map(|b| match b % 8 {
                0 => b';',
                1 => b'"',
                2 => b'\n',
                3 => b'\r',
                4 => b'0' + b % 10,
                _ => b,
            }),
            0..2048,
        ),
        sep in any::<bool>(),
    ) {
        let mut bytes = Vec::new();
        if sep {
            bytes.extend_from_slice(b"sep=;\n");
        }
        bytes.extend_from_slice(SCHULDATEN_HEADER.as_bytes());
        bytes.push(b'\n');
        bytes.extend_from_slice(&body);
        let result = importer().read(bytes.as_slice());
        prop_assert_eq!(result.format, Some(DirectoryFormat::Schuldaten));
        assert_nothing_dropped(&result);
        for p in &result.problems {
            prop_assert!(p.line >= 1);
        }
    }
}
