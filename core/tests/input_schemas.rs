//! The JSON Schemas of the inputs (learner facts, monitoring records, law files): committed
//! copies are current, and schema and parser agree both ways.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)] // Helpers of tests may fail loudly.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bildungsnetz::monitor::record::{MonitoringRecord, read_records_jsonl};
use bildungsnetz::rules::law::LawFile;
use bildungsnetz::rules::{LearnerColumns, LearnerFacts, RuleBook};
use bildungsnetz::schemas;
use proptest::prelude::*;
use serde_json::{Value, json};

fn schema_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(name)
}

fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rel)
}

/// The committed schemas are what the types generate; `BILDUNGSNETZ_UPDATE_SCHEMAS=1` rewrites
/// them.
#[test]
fn committed_input_schemas_are_current() {
    for (file, generate) in schemas::ALL {
        let text = serde_json::to_string_pretty(&generate()).unwrap() + "\n";
        let path = schema_path(file);
        if std::env::var_os("BILDUNGSNETZ_UPDATE_SCHEMAS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{file} is stale: run BILDUNGSNETZ_UPDATE_SCHEMAS=1 cargo test -p bildungsnetz --test input_schemas"
        );
    }
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).unwrap()
}

fn keys(object: &Value) -> BTreeSet<String> {
    object.as_object().unwrap().keys().cloned().collect()
}

fn property_names(schema: &Value) -> BTreeSet<String> {
    keys(&schema["properties"])
}

/// A value the schema allows, with every optional property of every object filled in, so that
/// a parser given it meets every field the schema lists, at every level. Of the values an enum
/// (or alternatives) allows it takes the `nth` (modulo their number): running `nth` over the
/// longest enum meets every listed value.
fn sample(schema: &Value, root: &Value, nth: usize) -> Value {
    if let Some(reference) = schema["$ref"].as_str() {
        let name = reference.trim_start_matches("#/$defs/");
        return match name {
            // Strings whose form only a pattern states.
            "Date" => json!("2020-08-01"),
            "SchoolYear" => json!("2024/25"),
            "Jahrgang" => json!("EF"),
            "Ags" => json!("05334002"),
            "SchulformSpelling" => json!("20"),
            _ => sample(&root["$defs"][name], root, nth),
        };
    }
    if let Some(values) = schema["enum"].as_array() {
        return values[nth % values.len()].clone();
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema[key].as_array() {
            // `null` (an optional field left unknown) is no alternative worth filling in.
            let filled: Vec<&Value> = alternatives
                .iter()
                .filter(|a| a["type"] != "null")
                .collect();
            let mut value = sample(filled[nth % filled.len()], root, nth);
            // A tagged enum (law values) repeats the other properties beside `oneOf`.
            if let (Some(extra), Value::Object(map)) =
                (schema["properties"].as_object(), &mut value)
            {
                for (k, v) in extra {
                    map.insert(k.clone(), sample(v, root, nth));
                }
            }
            return value;
        }
    }
    let kind = match &schema["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(types) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap(),
        other => panic!("no type in {schema} ({other})"),
    };
    match kind {
        "boolean" => json!(true),
        // At least 1: a positive number fits every numeric field.
        "integer" | "number" => match schema["minimum"].as_f64() {
            Some(m) if m >= 1.0 => schema["minimum"].clone(),
            _ => json!(1),
        },
        "string" => json!("x"),
        "array" => json!([sample(&schema["items"], root, nth)]),
        "object" => {
            let mut map = serde_json::Map::new();
            if let Some(props) = schema["properties"].as_object() {
                for (k, v) in props {
                    map.insert(k.clone(), sample(v, root, nth));
                }
            }
            if let Some(extra) = schema.get("additionalProperties").filter(|v| v.is_object()) {
                map.insert("a.b".to_owned(), sample(extra, root, nth));
            }
            Value::Object(map)
        }
        other => panic!("type {other} in {schema}"),
    }
}

#[test]
fn learner_facts_schema_lists_exactly_the_fields_the_parsers_know() {
    let schema = schemas::learner_facts();
    let fields: BTreeSet<String> = LearnerFacts::FIELDS.iter().map(|f| f.to_string()).collect();
    assert_eq!(property_names(&schema), fields);
    // The CSV reader knows every field but the nested grade sheets, and nothing else.
    for field in LearnerFacts::FIELDS {
        let csv = LearnerColumns::from_header([field]);
        assert_eq!(csv.is_err(), field == "sek1" || field == "gost", "{field}");
    }
    assert!(LearnerColumns::from_header(["birth_dat"]).is_err());
}

#[test]
fn every_field_the_learner_facts_schema_lists_is_read() {
    let schema = schemas::learner_facts();
    let check = validator(&schema);
    let full = sample(&schema, &schema, 0);
    assert!(check.is_valid(&full), "{full}");
    let facts = LearnerFacts::from_json(&full.to_string()).unwrap();
    // Nothing the schema allows is dropped: writing the facts back gives the same fields.
    let written = serde_json::to_value(&facts).unwrap();
    assert_eq!(keys(&written), property_names(&schema));
    for (field, value) in full.as_object().unwrap() {
        let one = json!({ field: value });
        assert!(check.is_valid(&one), "{one}");
        LearnerFacts::from_json(&one.to_string()).unwrap();
    }
    let typo = json!({"birth_dat": "2019-09-30"});
    assert!(!check.is_valid(&typo));
    assert!(LearnerFacts::from_json(&typo.to_string()).is_err());
    let nested_typo = json!({"sek1": {"grade_sheet": {"schulform": "gymnasium", "jahrgang": 9,
        "subjects": [{"kuerzel": "D", "grade": 2, "kurs": "E"}]}}});
    assert!(!check.is_valid(&nested_typo));
    assert!(LearnerFacts::from_json(&nested_typo.to_string()).is_err());
}

/// Every value an enum of a schema lists (also serde's aliases, which the schemas state by
/// hand) is read, at every place it can stand.
#[test]
fn every_listed_value_is_read() {
    let facts = schemas::learner_facts();
    let records = schemas::monitoring_record();
    let law = schemas::law_file();
    let (facts_ok, records_ok, law_ok) = (validator(&facts), validator(&records), validator(&law));
    for nth in 0..32 {
        let doc = sample(&facts, &facts, nth);
        assert!(facts_ok.is_valid(&doc), "{doc}");
        if let Err(e) = LearnerFacts::from_json(&doc.to_string()) {
            panic!("{doc}: {e}");
        }
        let doc = sample(&records, &records, nth);
        assert!(records_ok.is_valid(&doc), "{doc}");
        read_records_jsonl(doc.to_string().as_bytes()).unwrap();
        let doc = sample(&law, &law, nth);
        assert!(law_ok.is_valid(&doc), "{doc}");
        LawFile::parse("sample", &doc.to_string()).unwrap();
    }
}

#[test]
fn conformance_facts_satisfy_the_learner_facts_schema() {
    let check = validator(&schemas::learner_facts());
    let mut seen = 0;
    for entry in std::fs::read_dir(repo_path("tests/conformance")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") || path.ends_with("case.schema.json") {
            continue;
        }
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file["cases"].as_array().unwrap() {
            let Some(facts) = case.get("facts") else {
                continue;
            };
            let errors: Vec<String> = check.iter_errors(facts).map(|e| e.to_string()).collect();
            assert!(
                errors.is_empty(),
                "{}, {}: {errors:?}",
                path.display(),
                case["id"]
            );
            seen += 1;
        }
    }
    assert!(seen > 100, "only {seen} cases with facts");
}

#[test]
fn conformance_case_schema_names_the_same_facts() {
    let path = repo_path("tests/conformance/case.schema.json");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        property_names(&cases["$defs"]["facts"]),
        property_names(&schemas::learner_facts())
    );
}

#[test]
fn monitoring_record_schema_and_reader_agree() {
    let schema = schemas::monitoring_record();
    let fields: BTreeSet<String> = MonitoringRecord::FIELDS
        .iter()
        .map(|f| f.to_string())
        .collect();
    assert_eq!(property_names(&schema), fields);
    let check = validator(&schema);
    let full = sample(&schema, &schema, 0);
    assert!(check.is_valid(&full), "{full}");
    let records = read_records_jsonl(full.to_string().as_bytes()).unwrap();
    let written = serde_json::to_value(&records[0]).unwrap();
    assert_eq!(keys(&written), fields);
    for (field, value) in full.as_object().unwrap() {
        let one = json!({ "school_year": "2024/25", field: value });
        assert!(check.is_valid(&one), "{one}");
        read_records_jsonl(one.to_string().as_bytes()).unwrap();
    }
    // What the reader refuses, the schema refuses.
    for bad in [
        json!({"grade": 5}),
        json!({"school_year": "2024/25", "name": "x"}),
    ] {
        assert!(!check.is_valid(&bad), "{bad}");
        assert!(read_records_jsonl(bad.to_string().as_bytes()).is_err());
    }
}

#[test]
fn law_file_schema_and_reader_agree() {
    let schema = schemas::law_file();
    let check = validator(&schema);
    let full = sample(&schema, &schema, 0);
    assert!(check.is_valid(&full), "{full}");
    LawFile::parse("sample", &full.to_string()).unwrap();
    RuleBook::embedded()
        .unwrap()
        .with_overrides(&full.to_string())
        .unwrap();
    for entry in std::fs::read_dir(repo_path("core/src/rules/params")).unwrap() {
        let path = entry.unwrap().path();
        let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = check.iter_errors(&file).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    let mut typo = full.clone();
    typo["jurisdiktion"] = json!("NW");
    assert!(!check.is_valid(&typo));
    assert!(LawFile::parse("typo", &typo.to_string()).is_err());
}

proptest! {
    /// The pattern the schema gives for a class is exactly what the reader takes.
    #[test]
    fn jahrgang_pattern_is_what_the_reader_takes(code in "(JAHRGANG_)?[+0]?[0-9EFQ]{1,2}") {
        let schema = schemas::learner_facts();
        let facts = json!({ "jahrgang": code });
        prop_assert_eq!(
            validator(&schema).is_valid(&facts),
            LearnerFacts::from_json(&facts.to_string()).is_ok()
        );
    }
}
