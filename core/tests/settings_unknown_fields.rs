//! Monitoring settings refuse a key they do not know and list the ones they do (issue 16): a
//! misspelt setting (`min_frequncy`) must not publish silently with the default.
#![allow(clippy::unwrap_used, clippy::panic)] // A test.

use bildungsnetz::io::{StrictError, deserialize_strict};
use bildungsnetz::monitor::indicator::{IndicatorSpec, LandConvention, standard_indicators};
use bildungsnetz::monitor::sdc::Protection;
use serde_json::{Value, json};

/// The path and the known fields of the unknown-field error `T` gives for `value`.
fn unknown_field<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    value: Value,
) -> (String, Vec<String>) {
    match deserialize_strict::<T, _>(value) {
        Err(StrictError::UnknownField { path, known }) => (path, known),
        other => panic!("expected an unknown field, got {other:?}"),
    }
}

#[test]
fn indicator_spec_lists_its_fields() {
    let spec = &standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw())[0];
    let mut value = serde_json::to_value(spec).unwrap();
    // The serialised spec reads back as it was.
    assert_eq!(
        &deserialize_strict::<IndicatorSpec, _>(value.clone()).unwrap(),
        spec
    );
    value["titel"] = json!("Übergangsquote");
    let (path, known) = unknown_field::<IndicatorSpec>(value);
    assert_eq!(path, "titel");
    assert_eq!(
        known,
        [
            "id",
            "title",
            "school_year",
            "kommune",
            "grades",
            "exclude_schulformen",
            "breakdowns",
            "category",
            "category_codes",
            "groups",
            "denominator",
        ]
    );
}

#[test]
fn protection_lists_its_fields() {
    let (path, known) = unknown_field::<Protection>(json!({"min_frequncy": 10}));
    assert_eq!(path, "min_frequncy");
    assert_eq!(
        known,
        [
            "method",
            "min_frequency",
            "suppress_zeros",
            "dominance",
            "min_interval_width",
            "min_interval_percent",
            "interval_protection",
            "existence_protection",
            "strategy",
        ]
    );
    // Known fields alone are still read, the others keeping their defaults.
    let p: Protection = deserialize_strict(json!({"min_frequency": 10})).unwrap();
    assert_eq!(
        (p.min_frequency, p.min_interval_width),
        (10, Protection::default().min_interval_width)
    );
}

#[test]
fn dominance_lists_its_fields() {
    let (path, known) =
        unknown_field::<Protection>(json!({"dominance": {"n": 1, "k_percent": 85, "k": 90}}));
    assert_eq!(path, "dominance.k");
    assert_eq!(known, ["n", "k_percent"]);
}
