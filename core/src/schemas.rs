//! JSON Schemas (draft 2020-12) of the inputs a caller writes: learner facts, monitoring records
//! and law (override) files. They are generated from the very types the readers deserialise, so
//! they cannot drift from what is accepted; the committed copies in `core/schemas/` are checked
//! against these functions by the test suite.
//!
//! Every field carries a description (German term, English meaning, unit, date format), taken
//! from the type's documentation without its code examples.
//!
//! ```
//! let schema = bildungsnetz::schemas::learner_facts();
//! assert_eq!(schema["additionalProperties"], false);
//! assert!(schema["properties"]["birth_date"]["description"].is_string());
//! ```

use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings};

use crate::monitor::record::MonitoringRecord;
use crate::rules::LearnerFacts;
use crate::rules::law::LawFile;

/// The file names in `core/schemas/` and the schemas they hold, for tools that write or check
/// them all.
///
/// ```
/// let names: Vec<&str> = bildungsnetz::schemas::ALL.iter().map(|(name, _)| *name).collect();
/// assert!(names.contains(&"learner-facts.schema.json"));
/// ```
pub const ALL: [(&str, SchemaFn); 3] = [
    (LEARNER_FACTS_FILE, learner_facts),
    (MONITORING_RECORD_FILE, monitoring_record),
    (LAW_FILE_FILE, law_file),
];

/// A function returning one schema.
pub type SchemaFn = fn() -> serde_json::Value;

/// The file name of [`learner_facts`] in `core/schemas/`.
pub const LEARNER_FACTS_FILE: &str = "learner-facts.schema.json";
/// The file name of [`monitoring_record`] in `core/schemas/`.
pub const MONITORING_RECORD_FILE: &str = "monitoring-record.schema.json";
/// The file name of [`law_file`] in `core/schemas/`.
pub const LAW_FILE_FILE: &str = "law-file.schema.json";

/// The schema of one learner's facts ([`LearnerFacts`]): a JSON object, every field optional,
/// unknown fields refused. One line of a learner JSON Lines file is such an object.
///
/// ```
/// let schema = bildungsnetz::schemas::learner_facts();
/// assert_eq!(schema["properties"]["land"]["anyOf"][0]["$ref"], "#/$defs/Land");
/// ```
pub fn learner_facts() -> serde_json::Value {
    generate::<LearnerFacts>()
}

/// The schema of one monitoring record ([`MonitoringRecord`]): a JSON object with a required
/// `school_year`, unknown fields refused.
///
/// ```
/// let schema = bildungsnetz::schemas::monitoring_record();
/// assert_eq!(schema["required"], serde_json::json!(["school_year"]));
/// ```
pub fn monitoring_record() -> serde_json::Value {
    generate::<MonitoringRecord>()
}

/// The schema of a law file ([`LawFile`]), the form of an override file given to
/// [`crate::rules::RuleBook::with_overrides`].
///
/// ```
/// let schema = bildungsnetz::schemas::law_file();
/// assert!(schema["required"].as_array().is_some_and(|r| r.contains(&"rules".into())));
/// ```
pub fn law_file() -> serde_json::Value {
    generate::<LawFile>()
}

fn generate<T: JsonSchema>() -> serde_json::Value {
    let generator: SchemaGenerator = SchemaSettings::draft2020_12()
        .with_transform(RecursiveTransform(plain_description))
        .into_generator();
    generator.into_root_schema_for::<T>().to_value()
}

/// A description as a schema reader wants it: the rustdoc examples (fenced code) left out and
/// intra-doc links (``[`path::Type`]``) shown as the name they link to.
fn plain_description(schema: &mut Schema) {
    let Some(serde_json::Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    let mut out = String::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code {
            out.push_str(line);
            out.push('\n');
        }
    }
    *text = unlink(out.trim_end());
}

/// ``[`a::b::C`]`` becomes `` `C` ``; other brackets stay.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        match from.find("`]") {
            Some(end) => {
                let path = from.get(2..end).unwrap_or_default();
                let name = path.rsplit("::").next().unwrap_or(path);
                out.push('`');
                out.push_str(name);
                out.push('`');
                rest = from.get(end + 2..).unwrap_or_default();
            }
            None => {
                out.push_str(from);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_lose_examples_and_link_syntax() {
        assert_eq!(
            unlink("see [`super::GostFacts`] and [x]"),
            "see `GostFacts` and [x]"
        );
        assert_eq!(unlink("broken [`link"), "broken [`link");
        let mut schema = schemars::json_schema!({
            "description": "Facts.\n\n```\nlet x = 1;\n```\nMore [`a::B`]."
        });
        plain_description(&mut schema);
        assert_eq!(
            schema.get("description"),
            Some(&"Facts.\n\nMore `B`.".into())
        );
    }
}
