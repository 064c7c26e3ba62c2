//! The built `bildungsnetz` binary on the bundled samples and on German-locale fixtures
//! (tests/data/lernende-*.csv and monitoring-datensaetze-*.csv: BOM, `;`, Windows-1252, TT.MM.JJJJ,
//! German headers, bad rows):
//! outputs compared with the library's own answers, exit codes, the error file, and that no
//! message repeats a person's value.

// clippy.toml allows these in `#[test]` functions only; the helpers below are test code too.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bildungsnetz::io::directory::Importer;
use bildungsnetz::monitor::directory::directory_tables;
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorSet, LandConvention, standard_indicators,
};
use bildungsnetz::monitor::record::read_records_csv;
use bildungsnetz::monitor::sdc::Protection;
use bildungsnetz::rules::conformance::CaseFile;
use bildungsnetz::rules::{Decision, LearnerFacts, RuleBook, Transition, read_learners_jsonl};
use bildungsnetz::validate::Validator;

const BIN: &str = env!("CARGO_BIN_EXE_bildungsnetz");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn data(name: &str) -> PathBuf {
    root().join("tests/data").join(name)
}

fn sample(name: &str) -> PathBuf {
    root().join("examples/data").join(name)
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bildungsnetz-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// A result CSV as rows of fields, the BOM and the header row removed.
fn rows(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// What a result row must say for a decision of the library (English columns).
fn expected_row(line: u64, decision: &Decision) -> Vec<String> {
    vec![
        line.to_string(),
        decision.outcome.name().to_owned(),
        decision
            .effective_date
            .map_or_else(String::new, |d| d.to_string()),
        decision
            .eligible_from
            .map_or_else(String::new, |d| d.to_string()),
        decision.determining_rule_ids().join(" "),
        decision.missing_facts.join(" "),
        decision.explanation_en.clone(),
    ]
}

/// The same columns of a result row written with `--lang en`.
fn comparable(row: &[String]) -> Vec<String> {
    [0, 3, 4, 5, 7, 8, 9]
        .iter()
        .map(|&i| row[i].clone())
        .collect()
}

#[test]
fn help_is_german_by_default_and_english_on_request() {
    let de = run(&["--help"]);
    assert_eq!(code(&de), 0);
    assert!(stdout(&de).contains("Aufruf:"));
    assert!(stdout(&de).contains("Befehle:"));
    let en = run(&["--lang", "en", "entscheiden", "--help"]);
    assert!(stdout(&en).contains("Usage:"));
    assert!(stdout(&en).contains("one CSV row per learner"));
    assert_eq!(code(&run(&["gibtsnicht"])), 2);
}

#[test]
fn validate_reports_every_problem_in_german_with_exit_codes() {
    let validator = Validator::new().unwrap();
    let hagen = run(&["pruefen", sample("hagen.json").to_str().unwrap()]);
    assert_eq!(code(&hagen), 0, "{}", stderr(&hagen));
    assert!(stdout(&hagen).contains("gültig"));

    let broken_path = sample("broken.json");
    let broken = run(&["pruefen", broken_path.to_str().unwrap()]);
    assert_eq!(code(&broken), 1);
    let text = stdout(&broken);
    let report = validator.check(&std::fs::read(&broken_path).unwrap());
    for problem in report.problems() {
        assert!(text.contains(&problem.message_de()), "{}", problem.code);
        assert!(text.contains(&problem.path), "{}", problem.path);
    }

    let json = run(&[
        "validate",
        "--format",
        "json",
        broken_path.to_str().unwrap(),
        sample("koblenz.json").to_str().unwrap(),
    ]);
    assert_eq!(code(&json), 1);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let problems = value[0]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), report.problems().len());
    for (got, want) in problems.iter().zip(report.problems()) {
        assert_eq!(got["code"], want.code.as_str());
        assert_eq!(got["path"], want.path.as_str());
        assert_eq!(got["hint"], want.hint_de().as_str());
    }
    assert_eq!(value[1]["ok"], true);

    let missing = run(&["pruefen", "gibt-es-nicht.json"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("gibt-es-nicht.json"));
}

/// The learners of the German fixtures as JSON, written independently of the CSV reading.
const BOM_FIXTURE_AS_JSON: &str = r#"{"id":"k01","birth_date":"2019-09-30","land":"NW"}
{"id":"k02","birth_date":"2019-10-01","land":"NW"}
{"id":"k03","birth_date":"2019-11-15","land":"NW","early_entry_application":true}
{"id":"k04","birth_date":"2019-08-31","land":"RP"}
{"id":"k05","birth_date":"2019-09-01","land":"RP"}
{"id":"k06","birth_date":"2019-03-15","land":"NW","deferral_application":true}
{"id":"k07","land":"NW"}
{"id":"k08","birth_date":"2020-02-29","land":"NW"}
"#;

const WINDOWS_FIXTURE_AS_JSON: &str = r#"{"id":"kind-ä1","birth_date":"2019-09-30","land":"NW"}
{"id":"kind-ö2","birth_date":"2019-10-01","land":"NW"}
{"id":"kind-ü3","birth_date":"2019-04-15","land":"NW","school_doctor":"erhebliche_gesundheitliche_gruende","deferral_application":true}
{"id":"kind-ß4","birth_date":"2018-12-12","land":"RP"}
"#;

/// Decides a German fixture through the binary and compares every row with the library's
/// decision for the same learners.
fn decide_matches_library(fixture: &str, as_json: &str, test: &str) -> String {
    let dir = scratch(test);
    let out = dir.join("ergebnis.csv");
    let result = run(&[
        "--lang",
        "en",
        "decide",
        "school_entry",
        "--as-of",
        "01.08.2025",
        data(fixture).to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let book = RuleBook::embedded().unwrap();
    let learners = read_learners_jsonl(as_json.as_bytes()).unwrap();
    let as_of = "2025-08-01".parse().unwrap();
    let got = rows(&out, b';');
    assert_eq!(got.len(), learners.len());
    for (i, (row, facts)) in got.iter().zip(&learners).enumerate() {
        let decision = book
            .evaluate(Transition::SchoolEntry, facts, as_of)
            .unwrap();
        assert_eq!(comparable(row), expected_row(i as u64 + 2, &decision));
        assert_eq!(row[1], facts.id.clone().unwrap());
    }
    assert!(!dir.join("ergebnis.fehler.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
    stderr(&result)
}

#[test]
fn decide_reads_excel_csv_with_bom_semicolon_and_german_dates() {
    let report = decide_matches_library("lernende-bom-semikolon.csv", BOM_FIXTURE_AS_JSON, "bom");
    assert!(report.contains("UTF-8 with BOM"), "{report}");
    assert!(report.contains("';'"), "{report}");
}

#[test]
fn decide_detects_and_reports_windows_1252() {
    let report = decide_matches_library(
        "lernende-windows1252.csv",
        WINDOWS_FIXTURE_AS_JSON,
        "cp1252",
    );
    assert!(report.contains("Windows-1252"), "{report}");
}

#[test]
fn decide_in_german_writes_german_columns() {
    let dir = scratch("german");
    let out = dir.join("ergebnis.csv");
    let result = run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "2025-08-01",
        data("lernende-bom-semikolon.csv").to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}zeile;id;ergebnis;ergebnis_code;wirksam_ab;berechtigt_ab"));
    let first = &rows(&out, b';')[0];
    assert_eq!(first[2], "erfüllt");
    assert_eq!(first[4], "01.08.2025");
    assert!(first[9].contains("schulpflichtig"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_rows_go_to_the_error_file_with_line_and_column_never_to_the_report() {
    let dir = scratch("bad");
    let out = dir.join("ergebnis.csv");
    let result = run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "01.08.2025",
        data("lernende-fehlerhaft.csv").to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 1);
    let report = stderr(&result);
    for value in ["31.09.2019", "XX", "vielleicht", "f02", "extra"] {
        assert!(
            !report.contains(value),
            "the report shows a value: {report}"
        );
    }
    assert!(
        report.contains("Zeile 3, Spalte 2 (Geburtsdatum): ungültiger Wert"),
        "{report}"
    );
    assert!(
        report.contains("Zeile 5: falsche Anzahl Felder"),
        "{report}"
    );

    let decided = rows(&out, b';');
    let lines: Vec<&str> = decided.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(lines, ["2", "7", "9"]);
    assert_eq!(
        decided[2][3], "error",
        "Bavaria has no rule pack: no decision, not dropped"
    );

    let errors = rows(&dir.join("ergebnis.fehler.csv"), b';');
    let where_: Vec<(&str, &str, &str)> = errors
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        where_,
        [
            ("3", "2", "Geburtsdatum"),
            ("4", "3", "Land"),
            ("5", "", ""),
            ("6", "4", "Antrag auf Zurückstellung"),
            ("8", "", ""),
        ]
    );
    // The bad rows themselves are kept, to be corrected.
    assert_eq!(errors[0][4..], ["f02", "31.09.2019", "NW", ""]);
    // Every data row is in exactly one of the two files.
    assert_eq!(decided.len() + errors.len(), 8);

    let copy = dir.join("kopie.csv");
    std::fs::copy(data("lernende-fehlerhaft.csv"), &copy).unwrap();
    let path = copy.to_str().unwrap();
    let over = run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "01.08.2025",
        path,
        path,
    ]);
    assert_eq!(code(&over), 2);
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(data("lernende-fehlerhaft.csv")).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_header_cell_that_is_no_field_name_is_named_by_its_column() {
    let dir = scratch("header");
    let input = dir.join("kinder.csv");
    let out = dir.join("ergebnis.csv");
    std::fs::write(&input, "id;birth_dat;Land\nk1;30.09.2019;NW\n").unwrap();
    let result = run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "01.08.2025",
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 2);
    // In a file without a header the cell would be a value: it is named by its column only.
    assert!(
        stderr(&result).contains(
            "Zeile 1: Spalte 2 der Kopfzeile ist kein Feldname (gemeint ist vielleicht birth_date)"
        ),
        "{}",
        stderr(&result)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn decide_reads_tabs_iso_dates_and_json_lines_like_the_library() {
    let dir = scratch("tab");
    let tsv = dir.join("lernende.tsv");
    std::fs::write(
        &tsv,
        "birth_date\tland\tid\n2004-09-01\tNW\ta\n2004-10-01\tNW\tb\n",
    )
    .unwrap();
    let out = dir.join("aus.csv");
    let result = run(&[
        "--lang",
        "en",
        "decide",
        "school_entry",
        "--as-of",
        "2010-08-01",
        tsv.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    assert!(stderr(&result).contains("tab"));
    let got = rows(&out, b'\t');
    assert_eq!(got[0][3], "eligible");
    // Not schulpflichtig in 2010/11: no effective date, schulpflichtig from 1 August 2011.
    assert_eq!((got[1][4].as_str(), got[1][5].as_str()), ("", "2011-08-01"));

    let jsonl = dir.join("lernende.jsonl");
    std::fs::write(&jsonl, BOM_FIXTURE_AS_JSON).unwrap();
    let out = dir.join("aus-jsonl.csv");
    let result = run(&[
        "--lang",
        "en",
        "decide",
        "kita_claim",
        "--as-of",
        "2022-03-01",
        jsonl.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let book = RuleBook::embedded().unwrap();
    let learners = read_learners_jsonl(BOM_FIXTURE_AS_JSON.as_bytes()).unwrap();
    let as_of = "2022-03-01".parse().unwrap();
    for (i, (row, facts)) in rows(&out, b',').iter().zip(&learners).enumerate() {
        let decision = book.evaluate(Transition::KitaClaim, facts, as_of).unwrap();
        assert_eq!(comparable(row), expected_row(i as u64 + 1, &decision));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every conformance case of tests/conformance through `decide` (JSON Lines in, one file per
/// transition and day): the binary answers as the library does, and as the case expects.
#[test]
fn decide_answers_every_conformance_case_like_the_library() {
    let book = RuleBook::embedded().unwrap();
    let dir = scratch("conformance");
    let mut groups: BTreeMap<(String, String), Vec<LearnerFacts>> = BTreeMap::new();
    let mut expected: BTreeMap<(String, String), Vec<Option<String>>> = BTreeMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/conformance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("case.schema.json"))
        .collect();
    files.sort();
    for path in files {
        let file: CaseFile =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file.cases {
            let key = (case.transition.id().to_owned(), case.as_of.to_string());
            groups
                .entry(key.clone())
                .or_default()
                .push(case.effective_facts());
            expected
                .entry(key)
                .or_default()
                .push(case.expected.outcome.map(|o| o.name().to_owned()));
        }
    }
    let mut compared = 0;
    for (n, ((transition, as_of), learners)) in groups.iter().enumerate() {
        let input = dir.join(format!("{n}.jsonl"));
        let lines: Vec<String> = learners
            .iter()
            .map(|f| serde_json::to_string(f).unwrap())
            .collect();
        std::fs::write(&input, lines.join("\n")).unwrap();
        let out = dir.join(format!("{n}.csv"));
        let result = run(&[
            "--lang",
            "en",
            "decide",
            transition,
            "--as-of",
            as_of,
            input.to_str().unwrap(),
            out.to_str().unwrap(),
        ]);
        let got = rows(&out, b',');
        assert_eq!(
            got.len(),
            learners.len(),
            "{transition} {as_of}: {}",
            stderr(&result)
        );
        let t: Transition = transition.parse().unwrap();
        for (i, (row, facts)) in got.iter().zip(learners).enumerate() {
            let case_outcome = &expected[&(transition.clone(), as_of.clone())][i];
            match book.evaluate(t, facts, as_of.parse().unwrap()) {
                Ok(decision) => {
                    assert_eq!(comparable(row), expected_row(i as u64 + 1, &decision));
                    assert_eq!(Some(&row[3]), case_outcome.as_ref());
                }
                Err(_) => {
                    assert_eq!(row[3], "error");
                    assert_eq!(*case_outcome, None);
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 100, "only {compared} cases");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn explain_gives_the_librarys_decision_in_full() {
    let dir = scratch("explain");
    let facts = dir.join("kind.json");
    std::fs::write(
        &facts,
        r#"{"birth_date": "2019-11-15", "land": "NW", "early_entry_application": true}"#,
    )
    .unwrap();
    let json = run(&[
        "erklaeren",
        "school_entry_early",
        "--stand",
        "01.08.2025",
        "--angaben",
        facts.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&json), 0, "{}", stderr(&json));
    let got: Decision = serde_json::from_str(&stdout(&json)).unwrap();
    let book = RuleBook::embedded().unwrap();
    let child = LearnerFacts::from_json(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    let want = book
        .evaluate(
            Transition::SchoolEntryEarly,
            &child,
            "2025-08-01".parse().unwrap(),
        )
        .unwrap();
    assert_eq!(got, want);
    let text = stdout(&run(&[
        "erklaeren",
        "school_entry_early",
        "--stand",
        "01.08.2025",
        "--angaben",
        facts.to_str().unwrap(),
    ]));
    assert!(text.contains(&want.explanation_de));
    assert!(text.contains("Fehlende Angaben: Schulärztliches Gutachten (school_doctor)"));
    for check in &want.checks {
        assert!(text.contains(&*check.citation));
    }
    std::fs::write(&facts, r#"{"birth_date": "2019-02-30"}"#).unwrap();
    let bad = run(&[
        "erklaeren",
        "school_entry_early",
        "--angaben",
        facts.to_str().unwrap(),
    ]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("birth_date"));
    assert!(!stderr(&bad).contains("2019-02-30"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn pathways_show_next_steps_and_routes() {
    let dir = scratch("wege");
    let facts = dir.join("lena.json");
    std::fs::write(
        &facts,
        r#"{"birth_date":"2009-03-12","land":"NW","qualifications":["HA10"],"school_years_attended":10}"#,
    )
    .unwrap();
    let result = run(&[
        "wege",
        "--stand",
        "15.06.2025",
        "--angaben",
        facts.to_str().unwrap(),
        "--ziel",
        "fachhochschule",
        "--format",
        "json",
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let value: serde_json::Value = serde_json::from_str(&stdout(&result)).unwrap();
    let book = RuleBook::embedded().unwrap();
    let person = LearnerFacts::from_json(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    let as_of = "2025-06-15".parse().unwrap();
    let steps = book.next_steps(&person, as_of).unwrap();
    assert_eq!(value["next_steps"], serde_json::to_value(&steps).unwrap());
    assert!(!value["routes"].as_array().unwrap().is_empty());
    assert_eq!(
        code(&run(&[
            "wege",
            "--angaben",
            facts.to_str().unwrap(),
            "--ziel",
            "mond"
        ])),
        2
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The directory's pupil numbers are magnitudes: the command line protects them as the C and
/// Python functions do, with the dominance rule (a large school must not be read off its
/// Kommune's sum).
#[test]
fn directory_tables_are_protected_as_magnitudes() {
    let dir = scratch("verzeichnis-tabellen");
    // Aachen's twelve Gymnasien from the real directory, one made to dominate their sum.
    let real = std::fs::read_to_string(data("nrw-schulverzeichnis-2024-25.csv")).unwrap();
    let mut lines = real.lines();
    let mut text = format!("{}\n", lines.next().unwrap());
    for (i, line) in lines
        .filter(|l| l.contains(",Gymnasium,5334002,"))
        .enumerate()
    {
        let (head, tail) = line.split_once("@schule.nrw.de,").unwrap();
        let (_, rest) = tail.split_once(',').unwrap();
        let pupils = if i == 0 { 90_000 } else { 500 };
        text.push_str(&format!("{head}@schule.nrw.de,{pupils},{rest}\n"));
    }
    let file = dir.join("gymnasien.csv");
    std::fs::write(&file, text).unwrap();
    let result = run(&[
        "monitor",
        "--verzeichnis",
        file.to_str().unwrap(),
        "--ags",
        "05334",
        "--ausgabe",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let schools = Importer::new()
        .unwrap()
        .read_path(&file)
        .unwrap()
        .institutions;
    let want = directory_tables(&schools, "05334", &Protection::magnitude()).unwrap();
    let frequency_only = directory_tables(&schools, "05334", &Protection::default()).unwrap();
    assert_ne!(
        want.pupils_by_schulform.to_csv(),
        frequency_only.pupils_by_schulform.to_csv(),
        "the data must tell the two protections apart"
    );
    for table in [
        &want.schools,
        &want.pupils_by_schulform,
        &want.pupils_by_sozialindex,
    ] {
        let written = std::fs::read_to_string(dir.join(format!("{}.csv", table.id))).unwrap();
        assert_eq!(written, table.to_csv(), "{}", table.id);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn directory_import_matches_the_library() {
    let dir = scratch("verzeichnis");
    let list = dir.join("schulen.json");
    let file = data("nrw-schuldaten-2021.csv");
    let result = run(&[
        "verzeichnis",
        file.to_str().unwrap(),
        "-o",
        list.to_str().unwrap(),
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let want = Importer::new().unwrap().read_path(&file).unwrap();
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&list).unwrap()).unwrap();
    assert_eq!(
        written["institutions"].as_array().unwrap().len(),
        want.institutions.len()
    );
    assert!(stdout(&result).contains("5.507 Zeilen"));

    let broken = dir.join("kaputt.csv");
    std::fs::write(
        &broken,
        "Schulnummer;Schulform;Schulbezeichnung_1;Gemeindeschluessel\n12;02;GS;05316000\n",
    )
    .unwrap();
    let result = run(&["verzeichnis", broken.to_str().unwrap()]);
    assert_eq!(code(&result), 1);
    assert!(stdout(&result).contains("Zeile 2, Schulnummer: Fehler [schulnummer_format]"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn monitor_writes_the_librarys_protected_tables() {
    let dir = scratch("monitor");
    let records_path = data("monitoring-datensaetze.csv");
    let kommunen = ["05334002", "05334004", "05334008"];
    let result = run(&[
        "monitor",
        "--datensaetze",
        records_path.to_str().unwrap(),
        "--schuljahr",
        "2024/25",
        "--kommunen",
        &kommunen.join(","),
        "--ausgabe",
        dir.to_str().unwrap(),
        "--svg",
    ]);
    assert_eq!(code(&result), 0, "{}", stderr(&result));
    let records = read_records_csv(std::fs::File::open(&records_path).unwrap()).unwrap();
    let specs = standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw());
    let ids: Vec<String> = kommunen.iter().map(|k| (*k).to_owned()).collect();
    let set = IndicatorSet::new(specs, &ids).unwrap();
    let partials = set.count(&records).unwrap();
    for indicator in set
        .publish(&partials, &Protection::default(), IfEmpty::Publish)
        .unwrap()
    {
        for table in indicator.tables {
            let written = std::fs::read_to_string(dir.join(format!("{}.csv", table.id))).unwrap();
            assert_eq!(written, table.to_csv(), "{}", table.id);
            let svg = std::fs::read_to_string(dir.join(format!("{}.svg", table.id))).unwrap();
            assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        }
    }
    let german = run(&[
        "monitor",
        "--datensaetze",
        records_path.to_str().unwrap(),
        "--schuljahr",
        "2024/25",
        "--kommunen",
        &kommunen.join(","),
        "--ausgabe",
        dir.to_str().unwrap(),
        "--deutsch",
    ]);
    assert_eq!(code(&german), 0);
    let text = std::fs::read_to_string(dir.join("uebergangsquote.csv")).unwrap();
    assert!(
        text.starts_with(
            "\u{feff}kommune;transition_schulform;anzahl;nenner;quote;summe_ueber\r\n"
        )
    );
    assert!(text.contains("\r\nInsgesamt;Insgesamt;"));
    assert!(
        text.lines()
            .skip(1)
            .any(|l| l.ends_with(",250000") || l.contains(";0,"))
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn law_lists_rules_in_force_and_one_rule_in_full() {
    let all = run(&["recht", "--am", "01.08.2010"]);
    assert_eq!(code(&all), 0);
    let book = RuleBook::embedded().unwrap();
    let day = "2010-08-01".parse().unwrap();
    for id in book.rule_ids() {
        assert!(stdout(&all).contains(id), "{id}");
        if let Some((_, version)) = book.rule_in_force(id, day) {
            assert!(
                stdout(&all).contains(
                    version
                        .short_citation
                        .as_deref()
                        .unwrap_or(&version.citation)
                )
            );
        }
    }
    let one = run(&["recht", "nrw.einschulung.stichtag", "--am", "2010-08-01"]);
    let text = stdout(&one);
    assert!(
        text.contains("Fassung 01.08.2010 – 31.07.2011  ← in Kraft am 01.08.2010"),
        "{text}"
    );
    assert!(text.contains("Vollendung des 6. Lebensjahres bis zum Ende des 31.08."));
    assert_eq!(code(&run(&["recht", "gibt.es.nicht"])), 1);
    assert_eq!(code(&run(&["recht", "--am", "31.02.2025"])), 2);
}

#[test]
fn tour_prints_what_the_example_prints() {
    let result = run(&["tour"]);
    assert_eq!(code(&result), 0);
    let mut want = Vec::new();
    bildungsnetz_cli::tour::run(&mut want).unwrap();
    assert_eq!(result.stdout, want);
    assert!(stdout(&result).contains("examples/data/broken.json"));
}

#[test]
fn monitor_says_why_records_were_not_counted_and_refuses_empty_tables() {
    let dir = scratch("mon-uncounted");
    let path = dir.join("datensaetze.jsonl");
    let line = |year: &str, form: &str| {
        format!(
            "{{\"school_year\":\"{year}\",\"school_ags\":\"05334002\",\"grade\":4,\"transition_schulform\":\"{form}\"}}\n"
        )
    };
    std::fs::write(&path, line("2023/24", "20").repeat(11)).unwrap();
    let (empty, out) = monitor_into(&path, "mon-uncounted-out", &[]);
    assert_eq!(code(&empty), 2, "{}", stderr(&empty));
    assert!(
        stderr(&empty).contains(
            "Kennzahl uebergangsquote: kein Datensatz gezählt (11 aus einem anderen Schuljahr)"
        ) && stderr(&empty).contains("--leere-zulassen"),
        "{}",
        stderr(&empty)
    );
    let (allowed, out2) = monitor_into(&path, "mon-uncounted-out2", &["--leere-zulassen"]);
    assert_eq!(code(&allowed), 0, "{}", stderr(&allowed));
    assert!(stderr(&allowed).contains("Kennzahl uebergangsquote: 0 Datensätze gezählt\n  nicht gezählt: 11 aus einem anderen Schuljahr\n"));
    // A Schulform by its name is read as its key; a record without its grade is lost: said
    // per reason, exit status 1.
    let no_grade = "{\"school_year\":\"2024/25\",\"school_ags\":\"05334002\",\"transition_schulform\":\"20\"}\n";
    std::fs::write(
        &path,
        line("2024/25", "20").repeat(9)
            + &line("2024/25", "Gymnasium").repeat(2)
            + &no_grade.repeat(2),
    )
    .unwrap();
    let (lost, out3) = monitor_into(&path, "mon-uncounted-out3", &["--leere-zulassen"]);
    assert_eq!(code(&lost), 1, "{}", stderr(&lost));
    assert!(
        stderr(&lost).contains(
            "Kennzahl uebergangsquote: 11 Datensätze gezählt\n  nicht gezählt: 2 VERLOREN: grade fehlt\n"
        ),
        "{}",
        stderr(&lost)
    );
    let (english, out4) = monitor_into(
        &path,
        "mon-uncounted-out4",
        &["--leere-zulassen", "--lang", "en"],
    );
    assert!(
        stderr(&english).contains("not counted: 2 lost: grade missing"),
        "{}",
        stderr(&english)
    );
    // A file that feeds some indicators only: the others are named and left out, not an
    // error; the tables of the ones counted are written.
    std::fs::write(&path, line("2024/25", "20").repeat(11)).unwrap();
    let (partial, out7) = monitor_into(&path, "mon-uncounted-out7", &[]);
    assert_eq!(code(&partial), 0, "{}", stderr(&partial));
    assert!(
        stderr(&partial).contains("Kennzahl einschulungsart: kein Datensatz gezählt (")
            && stderr(&partial).contains("nicht ausgegeben (--leere-zulassen gibt sie leer aus)"),
        "{}",
        stderr(&partial)
    );
    assert!(out7.join("uebergangsquote.csv").exists());
    assert!(!out7.join("einschulungsart.csv").exists());
    // Protection that protects nothing is refused, naming the option.
    let (zero, out5) = monitor_into(&path, "mon-uncounted-out5", &["--mindestfallzahl", "0"]);
    assert_eq!(code(&zero), 2);
    assert!(
        stderr(&zero).contains("--mindestfallzahl: muss mindestens 1 sein"),
        "{}",
        stderr(&zero)
    );
    let (round, out6) = monitor_into(
        &path,
        "mon-uncounted-out6",
        &["--runden", "0", "--leere-zulassen"],
    );
    assert!(
        code(&round) == 2 && stderr(&round).contains("--runden"),
        "{}",
        stderr(&round)
    );
    for d in [dir, out, out2, out3, out4, out5, out6, out7] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// Runs `monitor` on a records file into a fresh folder; returns the run and the folder.
fn monitor_into(records: &Path, test: &str, extra: &[&str]) -> (Output, PathBuf) {
    let dir = scratch(test);
    let mut args = vec![
        "monitor",
        "--datensaetze",
        records.to_str().unwrap(),
        "--schuljahr",
        "2024/25",
        "--kommunen",
        "05334002,05334004,05334008",
        "--ausgabe",
        dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    (run(&args), dir)
}

/// Every file of a folder, by name.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn monitor_reads_german_excel_exports_like_plain_csv() {
    let (plain, plain_dir) = monitor_into(&data("monitoring-datensaetze.csv"), "mon-plain", &[]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    assert!(stderr(&plain).contains("Trennzeichen ',', UTF-8"));
    let want = files_of(&plain_dir);
    assert!(want.len() >= 4, "{want:?}");
    for (fixture, said) in [
        (
            "monitoring-datensaetze-excel.csv",
            "CSV, Trennzeichen ';', UTF-8 mit BOM",
        ),
        (
            // With a pseudonymous id column holding umlauts.
            "monitoring-datensaetze-windows1252.csv",
            "CSV, Trennzeichen ';', Windows-1252 (erkannt und nach UTF-8 umgewandelt)",
        ),
    ] {
        let (result, dir) = monitor_into(&data(fixture), "mon-excel", &[]);
        assert_eq!(code(&result), 0, "{fixture}: {}", stderr(&result));
        assert!(stderr(&result).contains(said), "{}", stderr(&result));
        assert_eq!(files_of(&dir), want, "{fixture}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    let (english, dir) = monitor_into(
        &data("monitoring-datensaetze-windows1252.csv"),
        "mon-en",
        &["--lang", "en", "--delimiter", ";"],
    );
    assert_eq!(code(&english), 0);
    assert!(
        stderr(&english).contains("delimiter ';', Windows-1252 (detected and converted to UTF-8)")
    );
    assert_eq!(files_of(&dir), want);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&plain_dir).unwrap();
}

#[test]
fn monitor_names_the_bad_row_of_an_excel_export_as_of_the_plain_file() {
    let german = data("monitoring-datensaetze-fehlerhaft.csv");
    let (result, dir) = monitor_into(&german, "mon-bad", &[]);
    assert_eq!(code(&result), 2);
    let report = stderr(&result);
    assert!(
        report.contains("Datensatz in Zeile 7, Feld repeater: ungültiger Wert"),
        "{report}"
    );
    for value in ["vielleicht", "straß", "stra\u{fffd}"] {
        assert!(
            !report.contains(value),
            "the report shows a value: {report}"
        );
    }
    // The same data as plain UTF-8 with `,`: the same line and field.
    let bytes = std::fs::read(&german).unwrap();
    let plain: String = bytes.iter().map(|&b| char::from(b)).collect();
    assert!(!plain.is_ascii(), "the fixture has Windows-1252 bytes");
    let plain_path = dir.join("plain.csv");
    std::fs::write(&plain_path, plain.replace(';', ",").replace("\r\n", "\n")).unwrap();
    let (plain, plain_dir) = monitor_into(&plain_path, "mon-bad-plain", &[]);
    assert_eq!(code(&plain), 2);
    assert!(
        stderr(&plain).contains("Datensatz in Zeile 7, Feld repeater: ungültiger Wert"),
        "{}",
        stderr(&plain)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&plain_dir).unwrap();
}

#[test]
fn usage_errors_are_german_by_default_and_english_on_request() {
    // (arguments, German texts, English texts)
    let cases: [(&[&str], &[&str], &[&str]); 4] = [
        (
            &["entscheiden", "--stnd", "01.08.2025"],
            &[
                "Fehler: unerwartetes Argument „--stnd“",
                "Tipp: ein ähnliches Argument ist „--stand“",
                "Aufruf: bildungsnetz entscheiden --stand <DATUM>",
                "Weitere Informationen mit „--help“.",
            ],
            &[
                "error: unexpected argument '--stnd' found",
                "Usage: bildungsnetz entscheiden",
            ],
        ),
        (
            &["pruefen", "netz.json", "--format"],
            &["Fehler: für „--format <FORMAT>“ fehlt der Wert"],
            &["error: a value is required for '--format <FORMAT>' but none was supplied"],
        ),
        (
            &["pruefen", "--format", "yaml", "netz.json"],
            &[
                "Fehler: ungültiger Wert „yaml“ für „--format <FORMAT>“",
                "[mögliche Werte: text, json]",
            ],
            &[
                "error: invalid value 'yaml' for '--format <FORMAT>'",
                "[possible values: text, json]",
            ],
        ),
        (
            &["entscheiden", "school_entry"],
            &["Fehler: diese Angaben fehlen:\n  --stand <DATUM>\n  <EINGABE>\n  <AUSGABE>"],
            &["error: the following required arguments were not provided:"],
        ),
    ];
    for (args, german, english) in cases {
        let de = run(args);
        assert_eq!(code(&de), 2, "{args:?}");
        assert!(de.stdout.is_empty());
        for text in german {
            assert!(stderr(&de).contains(text), "{args:?}: {}", stderr(&de));
        }
        assert!(!stderr(&de).contains("error:") && !stderr(&de).contains("Usage"));
        let mut en_args = vec!["--lang", "en"];
        en_args.extend_from_slice(args);
        let en = run(&en_args);
        assert_eq!(code(&en), 2, "{args:?}");
        for text in english {
            assert!(stderr(&en).contains(text), "{args:?}: {}", stderr(&en));
        }
        assert!(!stderr(&en).contains("Fehler"));
    }
    // No command: a German error naming the commands; nothing at all: the help, on stderr.
    let de = run(&["--lang", "de"]);
    assert_eq!(code(&de), 2);
    assert!(
        stderr(&de).contains("Fehler: „bildungsnetz“ braucht einen Befehl\n  [Befehle: pruefen,"),
        "{}",
        stderr(&de)
    );
    let en = run(&["--lang", "en"]);
    assert_eq!(code(&en), 2);
    assert!(stderr(&en).contains("error: 'bildungsnetz' requires a subcommand"));
    let bare = run(&[]);
    assert_eq!(code(&bare), 2);
    assert!(stderr(&bare).contains("Aufruf: bildungsnetz [OPTIONEN] <BEFEHL>"));
    assert!(stderr(&bare).contains("Befehle:"));
    // The help's notes are German too.
    let help = stdout(&run(&["entscheiden", "--help"]));
    assert!(
        help.contains("[mögliche Werte: csv, jsonl, parquet, arrow]"),
        "{help}"
    );
    assert!(help.contains("[auch: --as-of]") && !help.contains("[OPTIONS]"));
}

#[test]
fn kommunen_and_codes_are_read_in_every_spelling() {
    let records = data("monitoring-datensaetze.csv");
    let (plain, plain_dir) = monitor_into(&records, "vocab-plain", &[]);
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    // The same Kommunen as a network document's ids and as an ARS.
    let dir = scratch("vocab-spelled");
    let spelled = run(&[
        "monitor",
        "--datensaetze",
        records.to_str().unwrap(),
        "--schuljahr",
        "2024/25",
        "--kommunen",
        "k-05334002,053340004004,k-05334008",
        "--ausgabe",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&spelled), 0, "{}", stderr(&spelled));
    assert_eq!(files_of(&dir), files_of(&plain_dir));

    // An unknown Land in a learner file: the field and the accepted codes, never the value.
    let learners = dir.join("lernende.csv");
    std::fs::write(&learners, "id,birth_date,land\nk1,2019-09-30,Atlantis\n").unwrap();
    let out = dir.join("ergebnis.csv");
    let result = run(&[
        "entscheiden",
        "school_entry",
        "--stand",
        "01.08.2025",
        learners.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    let report = stderr(&result);
    assert!(
        report.contains("unbekanntes Land (zulässig z. B. NW, RP, BY, auch NRW, RLP"),
        "{report}"
    );
    assert!(!report.contains("Atlantis"), "{report}");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&plain_dir).unwrap();
}
