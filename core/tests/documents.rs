//! Network documents: the samples, the broken document, reading errors, round-trips, schemas.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // Helpers of tests may fail loudly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bildungsnetz::model::{InstitutionList, Network};
use bildungsnetz::validate::{Code, Problem, Report, Severity, Validator};
use proptest::prelude::*;

const SAMPLES: [&str; 4] = ["staedteregion-aachen", "hagen", "pulheim", "koblenz"];

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/data")
        .join(name)
}

fn validator() -> Validator {
    Validator::new().unwrap()
}

#[test]
fn every_sample_is_valid_without_warnings() {
    for name in SAMPLES {
        let network = Network::from_path(data(&format!("{name}.json"))).unwrap();
        let report = validator().validate(&network);
        assert!(report.problems().is_empty(), "{name}:\n{report}");
    }
}

#[test]
fn samples_carry_the_seed_facts() {
    let count_schools = |n: &Network| {
        n.institutions
            .iter()
            .filter(|i| i.schulnummer.is_some())
            .count()
    };
    let aachen = Network::from_path(data("staedteregion-aachen.json")).unwrap();
    assert_eq!(aachen.kommunen.len(), 10);
    assert_eq!(
        count_schools(&aachen),
        174,
        "all directory records of the StädteRegion"
    );
    let hagen = Network::from_path(data("hagen.json")).unwrap();
    assert_eq!(hagen.handlungsfelder.len(), 11);
    assert_eq!(count_schools(&hagen), 65);
    let pulheim = Network::from_path(data("pulheim.json")).unwrap();
    assert_eq!(count_schools(&pulheim), 16);
    let koblenz = Network::from_path(data("koblenz.json")).unwrap();
    assert!(
        koblenz
            .programmes
            .iter()
            .any(|p| p.name.starts_with("Demokratie leben!"))
    );
}

/// Where the broken sample must trigger each code of the domain rules.
const BROKEN: [(Code, &str); 31] = [
    (
        Code::DecisionWithoutRecommendation,
        "/lenkungskreis/decisions/1/recommendation",
    ),
    (
        Code::ApplicantNotEligible,
        "/programmes/0/applications/0/applicant",
    ),
    (
        Code::AmountOverMaximum,
        "/programmes/0/applications/0/amount_cents",
    ),
    (
        Code::ApplicationOutsidePeriod,
        "/programmes/0/applications/0/end",
    ),
    (
        Code::RequiredFieldMissing,
        "/programmes/0/applications/1/fields/zielgruppe",
    ),
    (
        Code::PaymentsOverAmount,
        "/programmes/0/applications/1/payments",
    ),
    (Code::EmptyField, "/institutions/3/name"),
    (Code::DuplicateId, "/institutions/2/id"),
    (Code::DanglingReference, "/institutions/3/kommune"),
    (Code::ReferenceWrongKind, "/offers/0/provider"),
    (Code::SchulnummerFormat, "/institutions/3/schulnummer"),
    (Code::DuplicateSchulnummer, "/institutions/2/schulnummer"),
    (
        Code::GemeindeschluesselFormat,
        "/kommunen/1/gemeindeschluessel",
    ),
    (
        Code::GemeindeschluesselWrongLand,
        "/kommunen/2/gemeindeschluessel",
    ),
    (
        Code::KommuneOutsideTerritory,
        "/kommunen/3/gemeindeschluessel",
    ),
    (Code::UnknownSchulform, "/institutions/3/schulform"),
    (Code::SchulformExpired, "/institutions/4/schulform"),
    (Code::SchulformKindMismatch, "/institutions/5/schulform"),
    (
        Code::LenkungskreisMissingMandatoryRole,
        "/lenkungskreis/members",
    ),
    (
        Code::LenkungskreisMissingContractRole,
        "/lenkungskreis/members",
    ),
    (
        Code::LenkungskreisTooFewSchulformen,
        "/lenkungskreis/members",
    ),
    (Code::BildungsbueroMissingLandStaff, "/bildungsbuero/staff"),
    (
        Code::BildungsbueroMissingMunicipalStaff,
        "/bildungsbuero/staff",
    ),
    (
        Code::PostShareOutOfRange,
        "/bildungsbuero/staff/0/post_share",
    ),
    (Code::PeriodReversed, "/handlungsfelder/0/measures/0/end"),
    (
        Code::DateBeforeAgreement,
        "/bildungskonferenz/conferences/0/date",
    ),
    (
        Code::DecisionBeforeRecommendation,
        "/lenkungskreis/decisions/0/date",
    ),
    (Code::HandlungsfeldNotAgreed, "/fachforen/0/handlungsfeld"),
    (Code::AgeRangeReversed, "/offers/0/min_age"),
    (Code::SozialindexOutOfRange, "/institutions/4/sozialindex"),
    (Code::ParticipantsOverCapacity, "/events/0/participants"),
];

fn broken_report() -> Report {
    validator().check(&std::fs::read(data("broken.json")).unwrap())
}

#[test]
fn broken_sample_triggers_each_domain_code_where_expected() {
    let report = broken_report();
    for (code, path) in BROKEN {
        assert!(
            report
                .problems()
                .iter()
                .any(|p| p.code == code && p.path == path),
            "{code} at {path} missing from:\n{report}"
        );
    }
    assert!(!report.is_ok());
}

#[test]
fn hints_point_to_the_fix() {
    let report = broken_report();
    let hint = |code: Code| {
        report
            .problems()
            .iter()
            .find(|p| p.code == code)
            .and_then(|p| p.hint.clone())
            .unwrap_or_default()
    };
    assert!(hint(Code::DanglingReference).contains("`k-aachen`"));
    assert!(hint(Code::GemeindeschluesselFormat).contains("`05334004`"));
}

#[test]
fn a_kreis_needs_its_staedte_und_gemeinden_in_the_lenkungskreis() {
    let mut network = Network::from_path(data("staedteregion-aachen.json")).unwrap();
    let lk = network.lenkungskreis.as_mut().unwrap();
    lk.members.retain(|m| m.id != "lk-3");
    let report = validator().validate(&network);
    let missing: Vec<&Problem> = report
        .problems()
        .iter()
        .filter(|p| p.code == Code::LenkungskreisMissingMandatoryRole)
        .collect();
    assert_eq!(missing.len(), 1, "{report}");
    assert!(missing[0].message.contains("stadt_gemeinde"));
    // A kreisfreie Stadt has no Städte und Gemeinden of its own to seat.
    let hagen = Network::from_path(data("hagen.json")).unwrap();
    assert!(validator().validate(&hagen).is_ok());
}

#[test]
fn schulform_validity_follows_the_school_year_asked() {
    let mut network = Network::from_path(data("hagen.json")).unwrap();
    let school = network
        .institutions
        .iter_mut()
        .find(|i| i.schulform.as_deref() == Some("15"))
        .unwrap();
    school.schulform = Some("16".into());
    let in_force = validator().in_school_year("2021/22".parse().unwrap());
    assert!(!in_force.validate(&network).has(Code::SchulformExpired));
    let later = validator().in_school_year("2023/24".parse().unwrap());
    assert!(later.validate(&network).has(Code::SchulformExpired));
}

fn reading_problem(bytes: &[u8], v: &Validator) -> Problem {
    let report = v.check(bytes);
    assert_eq!(report.problems().len(), 1, "{report}");
    report.problems()[0].clone()
}

#[test]
fn json_syntax_error_names_line_and_column() {
    let p = reading_problem(b"{\n  \"schema_version\": 1,\n  \"id\": }", &validator());
    assert_eq!(p.code, Code::JsonSyntax);
    assert_eq!((p.line, p.column), (Some(3), Some(9)));
    let p = reading_problem(&[0x7b, 0xff, 0x7d], &validator());
    assert_eq!(p.code, Code::JsonSyntax);
}

#[test]
fn oversized_documents_are_refused() {
    let bytes = std::fs::read(data("hagen.json")).unwrap();
    let p = reading_problem(&bytes, &validator().with_max_bytes(1000));
    assert_eq!(p.code, Code::DocumentTooLarge);
}

#[test]
fn schema_version_is_required_and_checked() {
    for doc in [
        &br#"{"id": "x"}"#[..],
        br#"{"schema_version": 2}"#,
        br#"{"schema_version": "1"}"#,
    ] {
        let p = reading_problem(doc, &validator());
        assert_eq!(p.code, Code::UnsupportedSchemaVersion);
        assert_eq!(p.path, "/schema_version");
    }
}

#[test]
fn every_structural_problem_is_reported_at_once() {
    let doc = br#"{
      "schema_version": 1, "id": "x", "name": "X", "land": "NW", "territory": "kreis",
      "gemeindeschluessel": "05334000",
      "kommunen": [{"id": "k", "name": "K"}],
      "institutions": [
        {"id": "a", "name": "A", "kind": "schule"},
        {"id": "b", "name": "B", "kind": "schoole"},
        {"id": "c", "name": "C", "kind": "kita", "pupils": -3}
      ],
      "lenkungskreis": {"members": [{"id": "m", "title": "T", "role": "kreis", "colour": "red"}]}
    }"#;
    let report = validator().check(doc);
    let paths: BTreeSet<&str> = report.problems().iter().map(|p| p.path.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "/kommunen/0",
        "/lenkungskreis/members/0/colour",
        "/institutions/1/kind",
        "/institutions/2/pupils",
    ]
    .into();
    assert_eq!(paths, expected, "{report}");
    assert!(
        report
            .problems()
            .iter()
            .all(|p| p.code == Code::InvalidStructure)
    );
    let top = validator().check(br#"{"schema_version": 1, "id": "x", "kommunen": []}"#);
    assert_eq!(top.problems().len(), 1, "{top}");
    assert!(top.problems()[0].message.contains("name"));
    let not_object = validator().check(b"[1, 2]");
    assert_eq!(not_object.problems()[0].code, Code::InvalidStructure);
}

#[test]
fn all_codes_are_covered_by_a_test() {
    let mut seen: BTreeSet<Code> = BROKEN.iter().map(|(c, _)| *c).collect();
    seen.extend([
        Code::JsonSyntax,
        Code::DocumentTooLarge,
        Code::UnsupportedSchemaVersion,
        Code::InvalidStructure,
    ]);
    let all: BTreeSet<Code> = Code::ALL.into_iter().collect();
    assert_eq!(seen, all);
    let strings: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(strings.len(), Code::ALL.len(), "codes are distinct");
}

#[test]
fn severities_distinguish_rule_breaks_from_doubts() {
    let report = broken_report();
    let warning_codes: BTreeSet<Code> = report.warnings().map(|p| p.code).collect();
    assert!(warning_codes.contains(&Code::DateBeforeAgreement));
    assert!(!warning_codes.contains(&Code::DuplicateId));
    assert!(report.errors().all(|p| p.severity == Severity::Error));
}

#[test]
fn report_json_is_machine_readable() {
    let value: serde_json::Value = serde_json::from_str(&broken_report().to_json()).unwrap();
    assert_eq!(value["ok"], false);
    assert_eq!(value["problems"][0]["code"], "duplicate_id");
    assert_eq!(value["problems"][0]["path"], "/institutions/2/id");
}

#[test]
fn samples_round_trip_through_json_unchanged() {
    for name in SAMPLES {
        let text = std::fs::read_to_string(data(&format!("{name}.json"))).unwrap();
        let network = Network::from_json_str(&text).unwrap();
        let again = Network::from_json_str(&network.to_json_pretty()).unwrap();
        assert_eq!(network, again);
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let written: serde_json::Value = serde_json::from_str(&network.to_json_pretty()).unwrap();
        assert_eq!(original, written, "{name}: no field lost or invented");
    }
}

fn schema_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name)
}

/// The committed schemas are what the types generate; `BILDUNGSNETZ_UPDATE_SCHEMAS=1` rewrites them.
#[test]
fn committed_schemas_are_current() {
    let generated = [
        ("network.schema.json", schemars::schema_for!(Network)),
        (
            "institution-list.schema.json",
            schemars::schema_for!(InstitutionList),
        ),
    ];
    for (file, schema) in generated {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = schema_path(file);
        if std::env::var_os("BILDUNGSNETZ_UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{file} is stale: run BILDUNGSNETZ_UPDATE_SCHEMAS=1 cargo test -p bildungsnetz --test documents"
        );
    }
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_institution_list_sample_satisfies_its_schema() {
    let list = InstitutionList::from_path(data("pulheim-schulen.json")).unwrap();
    assert_eq!(list.institutions.len(), 16);
    let schema = read_json(&schema_path("institution-list.schema.json"));
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&read_json(&data("pulheim-schulen.json"))));
    let again = InstitutionList::from_json_str(&list.to_json_pretty()).unwrap();
    assert_eq!(list, again);
}

#[test]
fn every_sample_satisfies_the_schema() {
    let schema = read_json(&schema_path("network.schema.json"));
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in SAMPLES.iter().chain(&["broken"]) {
        let doc = read_json(&data(&format!("{name}.json")));
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let mut wrong = read_json(&data("hagen.json"));
    wrong["territory"] = "bezirk".into();
    assert!(
        !validator.is_valid(&wrong),
        "the schema rejects what the reader rejects"
    );
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i64>().prop_map(Into::into),
        Just(serde_json::Value::from(1)),
        "[a-z_0-9]{0,8}".prop_map(Into::into),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("schema_version".to_string()),
                    Just("kommunen".to_string()),
                    Just("institutions".to_string()),
                    Just("lenkungskreis".to_string()),
                    Just("id".to_string()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn any_bytes_give_a_document_or_a_typed_error(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let read = Network::from_json_slice(&bytes);
        let _ = InstitutionList::from_json_slice(&bytes);
        let report = validator().check(&bytes);
        prop_assert!(read.is_ok() || !report.is_ok());
    }

    #[test]
    fn any_json_value_gives_a_document_or_a_typed_error(value in json_value()) {
        let text = value.to_string();
        match Network::from_json_str(&text) {
            Ok(network) => { let _ = validator().validate(&network); }
            Err(err) => prop_assert!(err.report().is_some_and(|r| !r.is_ok())),
        }
        let _ = InstitutionList::from_json_str(&text);
    }

    #[test]
    fn edited_samples_round_trip(
        pupils in prop::option::of(0u32..5000),
        sozialindex in prop::option::of(1u8..10),
        name in "\\PC{0,40}",
    ) {
        let mut network = Network::from_path(data("hagen.json")).unwrap();
        for inst in network.institutions.iter_mut().take(5) {
            inst.pupils = pupils;
            inst.sozialindex = sozialindex;
            inst.name = name.clone();
        }
        let again = Network::from_json_str(&network.to_json_pretty()).unwrap();
        prop_assert_eq!(network, again);
    }
}

/// The samples' schools are the importer's reading of the 2021 directory for their territory:
/// the generator script (examples/data/build_samples.py) and the importer agree field by field.
#[test]
fn sample_schools_are_what_the_importer_reads() {
    use bildungsnetz::io::directory::Importer;
    let directory =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/nrw-schuldaten-2021.csv");
    let imported = Importer::new().unwrap().read_path(directory).unwrap();
    for (name, prefix) in [
        ("staedteregion-aachen", "05334"),
        ("hagen", "05914000"),
        ("pulheim", "05362036"),
    ] {
        let network = Network::from_path(data(&format!("{name}.json"))).unwrap();
        let mut expected: Vec<_> = imported
            .institutions
            .iter()
            .filter(|i| {
                i.gemeindeschluessel
                    .as_deref()
                    .is_some_and(|g| g.starts_with(prefix))
            })
            .cloned()
            .collect();
        let mut sample: Vec<_> = network
            .institutions
            .iter()
            .filter(|i| i.schulnummer.is_some())
            .cloned()
            .collect();
        for list in [&mut expected, &mut sample] {
            list.sort_by(|a, b| a.id.cmp(&b.id));
            for inst in list.iter_mut() {
                inst.kommune = None; // the importer knows no network, hence no Kommune ids
            }
        }
        assert_eq!(sample.len(), expected.len(), "{name}");
        for (s, e) in sample.iter().zip(&expected) {
            assert_eq!(s, e, "{name}");
        }
    }
}
