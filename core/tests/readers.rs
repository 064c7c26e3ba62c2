//! The learner and monitoring CSV readers never lose a row (issue 17): a broken quote, a header
//! that does not match its rows, CR-only line ends. They stop at the first problem with an error
//! naming its line, so a file is either read whole or refused where it breaks.

// clippy.toml allows these in `#[test]` functions only; the helpers below are test code too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::record::{read_records_csv, read_records_jsonl};
use bildungsnetz::rules::{RecordErrorKind, RuleError, read_learners_csv};
use proptest::prelude::*;

/// The reproducer r02's records: ten children, a stray quote before the id on line 4.
fn r02_records() -> String {
    let mut rows = vec!["school_year,school_ags,schulform,grade,repeater,id".to_string()];
    rows.extend((0..10).map(|i| format!("2024/25,05334002,20,7,false,p{i}")));
    rows[3] = rows[3].replace(",p2", ",\"p2");
    rows.join("\n") + "\n"
}

fn monitor_line(e: &MonitorError) -> (u64, Option<&str>, RecordErrorKind) {
    match e {
        MonitorError::Record { line, field, kind } => (*line, field.as_deref(), *kind),
        other => panic!("not a record error: {other}"),
    }
}

fn learner_line(e: &RuleError) -> (u64, Option<&str>, RecordErrorKind) {
    match e {
        RuleError::Record { line, field, kind } => (*line, field.as_deref(), *kind),
        other => panic!("not a record error: {other}"),
    }
}

#[test]
fn r02_a_stray_quote_is_an_error_naming_its_line() {
    // Monitoring records: 3 were counted before, silently.
    let e = read_records_csv(r02_records().as_bytes()).unwrap_err();
    assert_eq!(monitor_line(&e), (4, None, RecordErrorKind::Quote));
    assert!(
        e.to_string()
            .starts_with("record at line 4: unbalanced quote")
    );
    let fixed = r02_records().replace("\"p2", "p2");
    assert_eq!(read_records_csv(fixed.as_bytes()).unwrap().len(), 10);

    // In a middle field too.
    let middle = fixed.replace("05334002,20,7,false,p5", "05334002,\"20,7,false,p5");
    let e = read_records_csv(middle.as_bytes()).unwrap_err();
    assert_eq!(monitor_line(&e), (7, None, RecordErrorKind::Quote));

    // Learner facts: the same (the id, free text, used to take in the rest of the file).
    let mut learners = vec!["birth_date,land,id".to_string()];
    learners.extend((0..10).map(|i| format!("2019-09-30,NW,k{i}")));
    learners[3] = learners[3].replace(",k2", ",\"k2");
    let e = read_learners_csv((learners.join("\n") + "\n").as_bytes()).unwrap_err();
    assert_eq!(learner_line(&e), (4, None, RecordErrorKind::Quote));
}

#[test]
fn a_quoted_field_over_lines_is_one_record_when_it_is_whole() {
    let csv = "school_year,id,grade\n2024/25,\"a\nb\",7\n2024/25,c,8\n";
    let records = read_records_csv(csv.as_bytes()).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id.as_deref(), Some("a\nb"));
    assert_eq!(records[1].grade, Some(8));
}

#[test]
fn cr_only_line_ends_are_read() {
    let lf = r02_records().replace("\"p2", "p2");
    let cr = lf.replace('\n', "\r");
    let crlf = lf.replace('\n', "\r\n");
    let want = read_records_csv(lf.as_bytes()).unwrap();
    assert_eq!(want.len(), 10);
    assert_eq!(read_records_csv(cr.as_bytes()).unwrap(), want);
    assert_eq!(read_records_csv(crlf.as_bytes()).unwrap(), want);
    let learners = "id,land\rk1,NW\rk2,RP\r";
    assert_eq!(read_learners_csv(learners.as_bytes()).unwrap().len(), 2);
    // Without a header line end at all, the file is its header: no rows, not an error.
    assert!(
        read_records_csv("school_year,id".as_bytes())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_header_that_does_not_match_its_rows_is_an_error() {
    // A column missing from the header.
    let e = read_records_csv("school_year,grade\n2024/25,05334002,7\n".as_bytes()).unwrap_err();
    assert_eq!(monitor_line(&e), (2, None, RecordErrorKind::FieldCount));
    // A column missing from a row.
    let e =
        read_learners_csv("id,land,birth_date\nk1,NW,2019-09-30\nk2,NW\n".as_bytes()).unwrap_err();
    assert_eq!(learner_line(&e), (3, None, RecordErrorKind::FieldCount));
    // A trailing delimiter on a row is a field more than the header has.
    let e = read_records_csv("school_year,grade\n2024/25,7,\n".as_bytes()).unwrap_err();
    assert_eq!(monitor_line(&e), (2, None, RecordErrorKind::FieldCount));
}

#[test]
fn a_headerless_file_never_puts_a_value_in_a_message() {
    // Reproducer r05: the first row of a file without header is read as the header.
    for e in [
        read_records_csv("Mia Schmidt,2024/25,05334002\n".as_bytes())
            .unwrap_err()
            .to_string(),
        read_learners_csv("Mia Schmidt,2019-09-30,NW\n".as_bytes())
            .unwrap_err()
            .to_string(),
    ] {
        assert_eq!(
            e,
            "record at line 1: column 1 of the header is not a field name"
        );
    }
    let e = read_records_csv("school_year,Mia Schmidt\n".as_bytes()).unwrap_err();
    assert_eq!(
        monitor_line(&e),
        (
            1,
            None,
            RecordErrorKind::UnknownColumn {
                column: 2,
                suggestion: None
            }
        )
    );
    // A typo of a field name is a field name: suggested.
    let e = read_records_csv("school_yaer,grade\n".as_bytes()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "record at line 1: column 1 of the header is not a field name (did you mean school_year?)"
    );
}

#[test]
fn json_lines_skip_a_byte_order_mark() {
    let text = "\u{feff}{\"school_year\":\"2024/25\",\"grade\":4}\n";
    assert_eq!(read_records_jsonl(text.as_bytes()).unwrap().len(), 1);
}

/// A synthetic monitoring file of `n` records (no quotes, no blank lines).
fn records_file(n: usize) -> Vec<String> {
    let mut lines = vec!["school_year,school_ags,schulform,grade,repeater,id".to_string()];
    lines.extend((0..n).map(|i| {
        format!(
            "2024/25,0533400{},{},{},{},p{i}",
            i % 9,
            ["02", "20", "10"][i % 3],
            1 + i % 10,
            i % 2 == 0
        )
    }));
    lines
}

/// A synthetic learner file of `n` records.
fn learners_file(n: usize) -> Vec<String> {
    let mut lines = vec!["id,birth_date,land,deferral_application".to_string()];
    lines.extend((0..n).map(|i| {
        format!(
            "k{i},2019-0{}-1{},{},{}",
            1 + i % 9,
            i % 10,
            ["NW", "RP"][i % 2],
            ["", "true", "false"][i % 3]
        )
    }));
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// One line changed in any way that keeps its line end (a quote inserted anywhere, bytes
    /// inserted or deleted, a delimiter added), with LF, CRLF or CR-only line ends: the file is
    /// read whole, or refused with an error naming exactly that line.
    #[test]
    fn one_broken_line_is_read_or_named(
        learners in any::<bool>(),
        n in 1..60usize,
        line in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0..4u8, any::<u8>()), 1..4),
        ending in 0..3usize,
    ) {
        let mut lines = if learners { learners_file(n) } else { records_file(n) };
        let l = 1 + line.index(n);
        let mut bytes = lines[l].clone().into_bytes();
        for (at, op, b) in &edits {
            let at = at.index(bytes.len() + 1);
            match op {
                0 => bytes.insert(at, b'"'),
                1 => bytes.insert(at, b','),
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, if matches!(*b, b'\n' | b'\r') { b'x' } else { *b }),
            }
        }
        lines[l] = String::from_utf8_lossy(&bytes).into_owned();
        let blank = lines[l].trim().is_empty();
        let ending = ["\n", "\r\n", "\r"][ending];
        let text = lines.join(ending) + ending;
        let (read, error) = if learners {
            match read_learners_csv(text.as_bytes()) {
                Ok(v) => (Some(v.len()), None),
                Err(e) => (None, Some(learner_line(&e).0)),
            }
        } else {
            match read_records_csv(text.as_bytes()) {
                Ok(v) => (Some(v.len()), None),
                Err(e) => (None, Some(monitor_line(&e).0)),
            }
        };
        match (read, error) {
            (Some(read), _) => prop_assert_eq!(read, if blank { n - 1 } else { n }),
            (None, Some(at)) => prop_assert_eq!(at, u64::try_from(l + 1).unwrap()),
            (None, None) => unreachable!(),
        }
    }
}
