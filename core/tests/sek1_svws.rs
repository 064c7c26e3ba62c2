//! The 78 Gesamtschule cases of the state's own software (SVWS-Server, BSD-3-Clause, © MSB NRW;
//! `tests/data/svws-ge-abschluss`) through an adapter: `erworben`, the qualification and the set
//! of Nachprüfung subjects per qualification (HA9 = ESA, HA10 = EESA, MSA, MSA_Q) and for the
//! Prognose. Where this crate follows the ordinance text instead of a file, the case is listed in
//! [`DEVIATIONS`] with the reason; the test fails if a listed case stops deviating or an unlisted
//! one starts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::{BTreeMap, BTreeSet};

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::sek1::{
    Course, GradeSheet, Qualification, Sek1Qualifications, Status, SubjectGrade,
};
use bildungsnetz::rules::{RuleBook, Schulform};
use serde_json::Value;

/// Cases where this crate's answer differs from the expected file, with the comparison that
/// differs ("<case>:<part>") and why.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "007:HA10",
        "no LBNW/LBAL grade on the sheet; SVWS refuses the HA10 for that. § 41 Abs. 1 APO-S I: the \
         Lernbereich grade is a Gesamtnote of its subjects (BI 3, CH 1, PH 3; AT, AW, AH 3), so it \
         is at most 3 and no deficit: the EESA is earned (issue 14)",
    ),
    (
        "009:HA10",
        "as 007: every subject of both Lernbereiche is 3 or better",
    ),
    (
        "034:HA10",
        "as 007: BI 3, CH 5, PH 3 leave the NW Gesamtnote open between 3 and 5, but with no other deficit in FG I even a 5 passes (§ 25 Abs. 1 Nr. 1)",
    ),
    (
        "002:Prognose",
        "MSA earned, MSA_Q missed with a Nachprüfung in CH (the file's own MSA_Q part says so): a \
         Nachprüfung may earn the Berechtigung (§ 43 APO-S I, § 44 Abs. 2 (2020)), so the Prognose \
         lists CH, as the current SVWS code and cases 016, 018, 020 do; the file lists none",
    ),
    (
        "015:Prognose",
        "EESA earned, MSA missed for want of two 3s in FG II; a Nachprüfung 4 → 3 in one of BI, PH, \
         GL, AT, AW, AH, RePP earns it (the file's own MSA part lists them, as do cases 049, 057); \
         the current SVWS code lists them too, the file's Prognose lists none",
    ),
    (
        "058:Prognose",
        "as 015: the MSA Nachprüfung subjects (BI, CH, GL, AW, AH, RePP) are listed in the Prognose",
    ),
    (
        "003:Prognose",
        "MSA_Q is earned, so no Nachprüfung is needed; the file lists Ch (a flaw in the file, as \
         SOURCES.md notes)",
    ),
];

/// Cases without the Lernbereich grades (LBNW/LBAL). SVWS refuses the HA10 ("Lernbereichsnoten
/// fehlen"); § 41 Abs. 1 APO-S I forms the Lernbereich grade as a Gesamtnote of its subjects, which
/// cannot be worse than the worst of them: here every subject of both Lernbereiche is at least 4,
/// so neither Gesamtnote is a deficit and the EESA is earned (listed in [`DEVIATIONS`]).
const MISSING_LERNBEREICH: [&str; 3] = ["007", "009", "034"];

/// Cases where SOURCES.md reports that the current SVWS code drops the HA9/HA10 Nachprüfung
/// subjects once the MSA check fails while the files keep them: this crate keeps them (a
/// Nachprüfung that earns the ESA/EESA is one the pupil may take, § 44 Abs. 2 APO-S I (2020)),
/// so these cases match the files.
const FILES_KEEP_NP: [&str; 7] = ["063", "064", "070", "071", "074", "075", "076"];

fn data_dir() -> String {
    format!(
        "{}/../tests/data/svws-ge-abschluss",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn sheet_of(input: &Value) -> GradeSheet {
    let jahrgang: u8 = input["jahrgang"].as_str().unwrap().parse().unwrap();
    let subjects: Vec<SubjectGrade> = input["faecher"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| SubjectGrade {
            kuerzel: f["kuerzel"].as_str().unwrap().to_owned(),
            grade: u8::try_from(f["note"].as_u64().unwrap()).unwrap(),
            course: match f["kursart"].as_str() {
                Some("E") => Some(Course::E),
                Some("G") => Some(Course::G),
                _ => None,
            },
            foreign_language: f["istFremdsprache"].as_bool().unwrap_or(false),
            language_order: None,
        })
        .collect();
    GradeSheet {
        schulform: Schulform::Gesamtschule,
        jahrgang,
        gymnasium_track: None,
        bildungsgang: None,
        hauptschule_typ: None,
        // SVWS presumes the ESA of class 9 (with the Versetzung into class 10) in class 10.
        prior: (jahrgang == 10 && !subjects.is_empty()).then_some(Qualification::Esa),
        subjects,
    }
}

fn np_set(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|s| s.as_str().unwrap().to_ascii_uppercase())
                .collect()
        })
        .unwrap_or_default()
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_ascii_uppercase()).collect()
}

/// Compares one case; returns the parts that differ with a description.
fn compare(r: &Sek1Qualifications, expected: &Value) -> BTreeMap<&'static str, String> {
    let mut diffs = BTreeMap::new();
    for (part, q) in [
        ("HA9", Qualification::Esa),
        ("HA10", Qualification::Eesa),
        ("MSA", Qualification::Msa),
        ("MSA_Q", Qualification::MsaQ),
    ] {
        let exp = &expected[part];
        if exp.is_null() {
            continue;
        }
        let res = r.result(q).unwrap();
        let earned = res.status == Status::Earned;
        let want = exp["erworben"].as_bool().unwrap();
        let np_want = np_set(&exp["npFaecher"]);
        let np_got = set(&res.nachpruefung);
        if earned != want || np_want != np_got {
            diffs.insert(
                part,
                format!(
                    "status {:?} (want erworben={want}), np {np_got:?} (want {np_want:?})",
                    res.status
                ),
            );
        }
    }
    let p = &expected["Prognose"];
    let want = p["erworben"].as_bool().unwrap();
    let got = r.best.is_some();
    let code = r
        .best
        .map(|q| q.code_on(Date::from_ymd(2021, 7, 1).unwrap()).kuerzel)
        .unwrap_or("OA");
    let code_ok = match p["abschluss"].as_str() {
        Some(a) if want => a == code,
        _ => true,
    };
    let np_want = np_set(&p["npFaecher"]);
    let np_got = set(&r.nachpruefung);
    if want != got || !code_ok || np_want != np_got {
        diffs.insert(
            "Prognose",
            format!(
                "best {code} (want {}), np {np_got:?} (want {np_want:?})",
                p["abschluss"]
            ),
        );
    }
    diffs
}

#[test]
fn all_78_svws_cases() {
    let book = RuleBook::embedded().unwrap();
    // End of the school year 2020/21: the law (and names HA9/HA10) the cases were written for.
    let engine = book
        .sek1_engine(Date::from_ymd(2021, 7, 1).unwrap())
        .unwrap();
    let mut files: Vec<_> = std::fs::read_dir(data_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_ascii_lowercase();
            name.starts_with("geabschlusstest_") && name.ends_with(".json")
        })
        .collect();
    files.sort_by_key(|p| {
        p.file_name()
            .unwrap()
            .to_string_lossy()
            .to_ascii_lowercase()
    });
    assert_eq!(files.len(), 78);
    let mut unexpected = Vec::new();
    let mut seen = BTreeSet::new();
    let mut matched = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let id = &name[name.len() - 8..name.len() - 5];
        let case: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let sheet = sheet_of(&case["input"]);
        let r = engine.evaluate(&sheet).unwrap();
        let diffs = compare(&r, &case);
        if MISSING_LERNBEREICH.contains(&id) {
            assert_eq!(
                r.result(Qualification::Eesa).unwrap().status,
                Status::Earned,
                "{id}"
            );
        }
        if FILES_KEEP_NP.contains(&id) {
            assert!(!r.nachpruefung.is_empty(), "{id}");
        }
        if diffs.is_empty() {
            matched += 1;
        }
        for (part, what) in diffs {
            let key = format!("{id}:{part}");
            if DEVIATIONS.iter().any(|(k, _)| *k == key) {
                seen.insert(key);
            } else {
                unexpected.push(format!("{key}: {what}"));
            }
        }
    }
    let stale: Vec<_> = DEVIATIONS
        .iter()
        .filter(|(k, _)| !seen.contains(*k))
        .map(|(k, _)| *k)
        .collect();
    println!("{matched} of 78 cases match in every part");
    assert!(
        unexpected.is_empty(),
        "unexpected differences:\n{}",
        unexpected.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed deviations that no longer deviate: {stale:?}"
    );
}
