//! Indicators over monitoring records (issue 16): every record counted or counted under a
//! reason, empty publications refused unless asked for, margins in a column of their own, the
//! cell status for the producer only, meaningless protection settings refused.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorResult, IndicatorSet, LandConvention, Reason, standard_indicators,
};
use bildungsnetz::monitor::record::{MonitoringRecord, read_records_jsonl};
use bildungsnetz::monitor::sdc::{CellStatus, Dominance, Method, Protection};
use proptest::prelude::*;

const KOMMUNEN: [&str; 2] = ["05334002", "05334004"];

fn set(ids: &[&str]) -> IndicatorSet {
    let mut specs = standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw());
    specs.retain(|s| ids.contains(&s.id.as_str()));
    let kommunen: Vec<String> = KOMMUNEN.iter().map(|k| (*k).to_owned()).collect();
    IndicatorSet::new(specs, &kommunen).unwrap()
}

fn jsonl(lines: &[String]) -> Vec<MonitoringRecord> {
    read_records_jsonl(lines.join("\n").as_bytes()).unwrap()
}

/// `n` transitions after class 4 into `form`, in the two Kommunen in turn.
fn transitions(year: &str, form: &str, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                r#"{{"school_year":"{year}","school_ags":"{}","grade":4,"recommendation":"GY","transition_schulform":"{form}"}}"#,
                KOMMUNEN[i % 2]
            )
        })
        .collect()
}

/// `n` transitions into `code` as a caller builds records in Rust, past the readers (which map
/// every spelling of a Schulform to its key and refuse the others).
fn built_in_rust(code: &str, n: usize) -> Vec<MonitoringRecord> {
    let mut records = jsonl(&transitions("2024/25", "20", n));
    for r in &mut records {
        r.transition_schulform = Some(code.to_owned());
    }
    records
}

fn reasons(r: &IndicatorResult) -> Vec<(Reason, &str, u64)> {
    r.uncounted
        .iter()
        .map(|u| (u.reason, u.field.as_str(), u.records))
        .collect()
}

#[test]
fn records_that_match_no_cell_are_counted_per_reason() {
    let mut lines = transitions("2024/25", "20", 12);
    lines.extend(transitions("2023/24", "20", 5)); // another school year
    lines.extend(transitions("2024/25", "18", 2)); // another key (Hibernia): "sonstige"
    lines.push(r#"{"school_year":"2024/25","school_ags":"05334002","grade":7}"#.to_owned());
    lines.push(
        r#"{"school_year":"2024/25","school_ags":"05999000","grade":4,"transition_schulform":"20"}"#
            .to_owned(),
    );
    lines.push(
        r#"{"school_year":"2024/25","school_ags":"05334002","grade":4,"transition_schulform":"15"}"#
            .to_owned(),
    ); // no recommendation (nor the record before): counted in the quote, lost by recommendation
    let mut records = jsonl(&lines);
    records.extend(built_in_rust("Gymnasium", 4)); // a name, not a key
    let s = set(&["uebergangsquote", "uebergang_nach_empfehlung"]);
    let results = s
        .publish(
            &s.count(&records).unwrap(),
            &Protection::default(),
            IfEmpty::Fail,
        )
        .unwrap();
    let quote = &results[0];
    assert_eq!(quote.counted, 12 + 2 + 1);
    assert_eq!(
        reasons(quote),
        [
            (Reason::OtherSchoolYear, "school_year", 5),
            (Reason::GradeOutside, "grade", 1),
            (Reason::KommuneNotInSet, "school_ags", 1),
            (Reason::UnknownCode, "transition_schulform", 4),
        ]
    );
    let lost: Vec<_> = quote.lost().map(|u| u.field.as_str()).collect();
    assert_eq!(lost, ["transition_schulform"]);
    let sonstige = quote.tables[0]
        .find(&[None, Some("sonstige")])
        .and_then(|i| quote.tables[0].value[i]);
    assert!(sonstige.is_none_or(|n| n == 2));
    let by_recommendation = &results[1];
    assert_eq!(by_recommendation.counted, 14);
    assert!(
        reasons(by_recommendation).contains(&(Reason::MissingValue, "recommendation", 2)),
        "{:?}",
        by_recommendation.uncounted
    );
    // Every record is counted or has one reason, per indicator.
    for r in &results {
        let uncounted: u64 = r.uncounted.iter().map(|u| u.records).sum();
        assert_eq!(r.counted + uncounted, records.len() as u64, "{}", r.id);
    }
    // Messages name fields, never values.
    for u in &quote.uncounted {
        assert!(!u.to_string().contains("Gymnasium") && !u.to_string().contains("05999000"));
    }
}

#[test]
fn a_record_without_a_grade_is_lost_only_if_it_states_the_fact() {
    let records = jsonl(&[
        r#"{"school_year":"2024/25","school_ags":"05334002","transition_schulform":"20"}"#
            .to_owned(),
        r#"{"school_year":"2024/25","residence_ags":"05334002","school_entry":"deferred"}"#
            .to_owned(),
    ]);
    let s = set(&["uebergangsquote", "wiederholerquote"]);
    let p = s.count(&records).unwrap();
    let pairs = |i: usize| -> Vec<(Reason, String)> {
        p.uncounted[i]
            .iter()
            .map(|u| (u.reason, u.field.clone()))
            .collect()
    };
    assert!(pairs(0).contains(&(Reason::MissingValue, "grade".to_owned())));
    // The deferred child says nothing about repeating: outside, not lost.
    assert!(pairs(1).contains(&(Reason::WithoutFact, "repeater".to_owned())));
    assert!(!pairs(1).iter().any(|(r, _)| r.is_lost()));
}

#[test]
fn reasons_survive_merging_and_threads() {
    let mut lines = transitions("2024/25", "20", 30);
    lines.extend(transitions("2023/24", "10", 7));
    let mut records = jsonl(&lines);
    records.extend(built_in_rust("Realschule", 3));
    let s = set(&[
        "uebergangsquote",
        "uebergang_nach_empfehlung",
        "abschluesse",
    ]);
    let whole = s.count(&records).unwrap();
    let mut merged = s.empty().unwrap();
    for chunk in records.chunks(4).rev() {
        merged.merge(&s.count(chunk).unwrap()).unwrap();
    }
    assert_eq!(merged, whole);
    assert_eq!(s.count_parallel(&records, 3).unwrap(), whole);
    let r = s
        .publish(&merged, &Protection::default(), IfEmpty::Publish)
        .unwrap();
    assert!(reasons(&r[0]).contains(&(Reason::UnknownCode, "transition_schulform", 3)));
}

#[test]
fn an_empty_publication_is_an_error_unless_asked_for() {
    let records = jsonl(&transitions("2023/24", "20", 9));
    // The readers take a Schulform by its name as its key.
    let read = jsonl(&transitions("2024/25", "Gymnasium", 1));
    assert_eq!(read[0].transition_schulform.as_deref(), Some("20"));
    let s = set(&["uebergangsquote"]);
    let p = s.count(&records).unwrap();
    let err = s
        .publish(&p, &Protection::default(), IfEmpty::Fail)
        .unwrap_err();
    let MonitorError::EmptyPopulation {
        indicator,
        main_reasons,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(indicator, "uebergangsquote");
    assert_eq!(main_reasons[0].reason, Reason::OtherSchoolYear);
    assert!(
        err.to_string().contains("uebergangsquote")
            && err.to_string().contains("9 of another school year")
    );
    let empty = s
        .publish(&p, &Protection::default(), IfEmpty::Publish)
        .unwrap();
    assert_eq!(empty[0].counted, 0);
    assert!(
        empty[0].tables[0]
            .value
            .iter()
            .all(|v| *v == Some(0) || v.is_none())
    );
    // Records of the right year but codes by name: the error says they were lost.
    let named = built_in_rust("Gymnasium", 9);
    let err = s
        .publish(
            &s.count(&named).unwrap(),
            &Protection::default(),
            IfEmpty::Fail,
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("9 lost: transition_schulform is no known code"),
        "{err}"
    );
}

#[test]
fn margins_are_a_column_and_labels_hold_only_codes() {
    let records = jsonl(&transitions("2024/25", "20", 20));
    let s = set(&["uebergangsquote", "foerderquote"]);
    let r = s
        .publish(
            &s.count(&records).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
        )
        .unwrap();
    let t = &r[0].tables[0];
    let codes = [
        "02", "04", "10", "14", "15", "20", "13", "17", "08", "85", "sonstige",
    ];
    for i in 0..t.len() {
        let (k, f) = (&t.labels[0][i], &t.labels[1][i]);
        let summed: Vec<&str> = [("kommune", k), ("transition_schulform", f)]
            .iter()
            .filter(|(_, l)| l.is_none())
            .map(|(d, _)| *d)
            .collect();
        let margin = (!summed.is_empty()).then(|| summed.join("+"));
        assert_eq!(t.margin[i], margin, "row {i}");
        assert!(k.as_deref().is_none_or(|k| KOMMUNEN.contains(&k)));
        assert!(f.as_deref().is_none_or(|f| codes.contains(&f)));
    }
    let kommune_total = t.find(&[Some(KOMMUNEN[0]), None]).unwrap();
    assert_eq!(t.value[kommune_total], Some(10));
    assert_eq!(
        t.margin[kommune_total].as_deref(),
        Some("transition_schulform")
    );
    let land = t.find(&[None, Some("20")]).unwrap();
    assert_eq!(
        (t.value[land], t.margin[land].as_deref()),
        (Some(20), Some("kommune"))
    );
    // A published subtotal keeps its name; the margin says over which dimension.
    let f = &r[1].tables[0];
    let sub = f
        .find(&[Some(KOMMUNEN[0]), Some("mit_foerderbedarf")])
        .unwrap();
    assert_eq!(f.margin[sub].as_deref(), Some("foerder"));
    // The CSV, for people: "Insgesamt" and the margin column last.
    let csv = t.to_csv();
    assert!(csv.starts_with("kommune,transition_schulform,count,denominator,rate,margin\n"));
    assert!(csv.contains("\nInsgesamt,Insgesamt,20,20,1.000000,kommune+transition_schulform\n"));
    assert!(csv.contains(&format!("\n{},20,10,10,1.000000,\n", KOMMUNEN[0])));
    let json = t.to_json();
    assert_eq!(
        json["columns"]["kommune"][kommune_total],
        serde_json::json!(KOMMUNEN[0])
    );
    assert!(json["columns"]["transition_schulform"][kommune_total].is_null());
    assert_eq!(json["columns"]["margin"][land], "kommune");
}

#[test]
fn the_status_is_for_the_producer_not_the_publication() {
    let mut lines = transitions("2024/25", "20", 10);
    lines.extend(transitions("2024/25", "04", 1));
    let s = set(&["uebergangsquote"]);
    let r = s
        .publish(
            &s.count(&jsonl(&lines)).unwrap(),
            &Protection::default(),
            IfEmpty::Fail,
        )
        .unwrap();
    let t = &r[0].tables[0];
    let json = t.to_json();
    let status = json["columns"]["status"].as_array().unwrap();
    assert_eq!(status.len(), t.len());
    for (i, s) in status.iter().enumerate() {
        let want = match t.status[i] {
            CellStatus::Published => "published",
            CellStatus::Primary => "primary",
            CellStatus::Secondary => "secondary",
            CellStatus::Rounded => "rounded",
        };
        assert_eq!(s, want);
        assert_eq!(
            json["columns"]["count"][i].is_null(),
            t.status[i].is_suppressed()
        );
    }
    let lone = t.find(&[Some(KOMMUNEN[0]), Some("04")]).unwrap();
    assert_eq!(t.status[lone], CellStatus::Primary);
    assert!(t.status.contains(&CellStatus::Secondary));
    let csv = t.to_csv();
    assert!(!csv.contains("primary") && !csv.contains("secondary") && !csv.contains("status"));
    assert!(csv.contains(&format!("\n{},04,.,", KOMMUNEN[0])));
}

#[test]
fn meaningless_protection_is_refused_naming_the_setting() {
    let s = set(&["uebergangsquote"]);
    let p = s.count(&jsonl(&transitions("2024/25", "20", 5))).unwrap();
    let bad = [
        (
            Protection {
                min_frequency: 0,
                ..Protection::default()
            },
            "min_frequency",
        ),
        (
            Protection {
                method: Method::RoundBase(0),
                ..Protection::default()
            },
            "rounding base",
        ),
        (
            Protection {
                dominance: Some(Dominance {
                    n: 1,
                    k_percent: 101,
                }),
                ..Protection::default()
            },
            "dominance",
        ),
    ];
    for (settings, name) in bad {
        let err = s.publish(&p, &settings, IfEmpty::Fail).unwrap_err();
        assert!(matches!(err, MonitorError::Spec(_)), "{err:?}");
        assert!(err.to_string().contains(name), "{err}");
    }
}

fn record() -> impl Strategy<Value = MonitoringRecord> {
    let text = |options: &'static [&'static str]| {
        prop::option::of(prop::sample::select(options).prop_map(str::to_owned))
    };
    (
        prop::sample::select(&["2024/25", "2023/24"][..]),
        text(&["05334002", "05334004", "05334099", "5334", "x"]),
        text(&["05334002", "05999999"]),
        text(&["02", "20", "08", "33", "Gymnasium"]),
        prop::option::of(0u8..15),
        text(&["20", "15", "04", "99", "Realschule"]),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::sample::select(&["\"GY\"", "\"R\"", "\"OHNE\""][..])),
    )
        .prop_map(
            |(year, school, residence, form, grade, to, repeater, rec)| {
                let mut r: MonitoringRecord =
                    serde_json::from_str(&format!(r#"{{"school_year":"{year}"}}"#)).unwrap();
                r.school_ags = school;
                r.residence_ags = residence;
                r.schulform = form;
                r.grade = grade;
                r.transition_schulform = to;
                r.repeater = repeater;
                r.recommendation = rec.map(|x| serde_json::from_str(x).unwrap());
                r
            },
        )
}

proptest! {
    /// Law: per indicator, every record is counted in a cell or under exactly one reason, and
    /// what is counted is what the numerator cube holds; splitting the input changes nothing.
    #[test]
    fn every_record_is_counted_or_has_one_reason(
        records in prop::collection::vec(record(), 0..60),
        cut in 0usize..60,
    ) {
        let specs = standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw());
        let kommunen: Vec<String> = KOMMUNEN.iter().map(|k| (*k).to_owned()).collect();
        let s = IndicatorSet::new(specs, &kommunen).unwrap();
        let p = s.count(&records).unwrap();
        for i in 0..s.specs().len() {
            let uncounted: u64 = p.uncounted[i].iter().map(|u| u.records).sum();
            prop_assert_eq!(p.counted[i] + uncounted, records.len() as u64);
            let in_cells: u64 = p.cubes[i].cells().iter().map(|c| c.count).sum();
            prop_assert_eq!(in_cells, p.counted[i]);
        }
        let cut = cut.min(records.len());
        let mut merged = s.count(&records[cut..]).unwrap();
        merged.merge(&s.count(&records[..cut]).unwrap()).unwrap();
        prop_assert_eq!(merged, p);
    }
}

/// Linked indicators (the Übergangsquote and the transitions by recommendation) are
/// protected block by block by the automatic strategy from `LINKED_BLOCKS_FROM` Kommunen,
/// as a whole below.
#[test]
fn the_automatic_strategy_takes_blocks_for_linked_indicators_of_many_kommunen() {
    use bildungsnetz::monitor::sdc::{LINKED_BLOCKS_FROM, Strategy};
    let statuses = |n: usize, strategy: Strategy| {
        let kommunen: Vec<String> = (0..n).map(|k| format!("05{:06}", k * 4)).collect();
        let mut specs = standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw());
        specs.retain(|s| s.id.starts_with("uebergang"));
        let set = IndicatorSet::new(specs, &kommunen).unwrap();
        let recommendations = ["H", "R", "GY", "OHNE"];
        let forms = ["10", "15", "20"];
        let mut lines = Vec::new();
        for (k, ags) in kommunen.iter().enumerate() {
            for i in 0..(8 + k % 5) {
                lines.push(format!(
                    r#"{{"school_year":"2024/25","school_ags":"{ags}","grade":4,"recommendation":"{}","transition_schulform":"{}"}}"#,
                    recommendations[(i * 7 + k) % 4],
                    forms[(i * 5 + k * 3) % 3]
                ));
            }
        }
        let records = read_records_jsonl(lines.join("\n").as_bytes()).unwrap();
        let settings = Protection {
            strategy,
            ..Protection::default()
        };
        set.publish(&set.count(&records).unwrap(), &settings, IfEmpty::Fail)
            .unwrap()
            .into_iter()
            .map(|r| r.protected.status)
            .collect::<Vec<_>>()
    };
    let many = LINKED_BLOCKS_FROM;
    assert_eq!(
        statuses(many, Strategy::Auto),
        statuses(many, Strategy::Blocks)
    );
    let few = 4;
    assert_eq!(
        statuses(few, Strategy::Auto),
        statuses(few, Strategy::Whole)
    );
    assert_ne!(
        statuses(many, Strategy::Blocks),
        statuses(many, Strategy::Whole),
        "the data must tell the strategies apart"
    );
}
