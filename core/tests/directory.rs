//! The NRW school directory importer, on the real files and on small hand-made snippets.

// clippy.toml allows these in `#[test]` functions only; the helpers below are test code too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

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
                ImportCode::EmptyFile | ImportCode::UnknownHeader | ImportCode::ReadError
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
