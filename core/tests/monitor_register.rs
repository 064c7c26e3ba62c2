//! Releases over time (issue 17): a publication protected against what earlier releases
//! showed and hid. The attacker here sees both releases' published cells at once (the
//! library's exact interval audit over the union), and every primary cell must keep its
//! interval; without the register a constructed pair of releases discloses.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::HashMap;

use bildungsnetz::monitor::MonitorError;
use bildungsnetz::monitor::cube::{Cube, Dimension};
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorSet, LandConvention, standard_indicators,
};
use bildungsnetz::monitor::record::read_records_jsonl;
use bildungsnetz::monitor::register::Register;
use bildungsnetz::monitor::sdc::{
    CellStatus, Conflict, Fixed, Protected, Protection, Publication, Strategy as Split,
    TableLayout, audit, protect, protect_fixed,
};
use proptest::prelude::*;

/// Kommune × recommendation × school form, counts per inner cell.
fn cube_3d(values: &[Vec<Vec<u64>>]) -> Cube {
    let dim = |name: &str, n: usize| Dimension::new(name, (0..n).map(|i| format!("{name}{i}")));
    let mut cube = Cube::new(vec![
        dim("k", values.len()),
        dim("r", values[0].len()),
        dim("s", values[0][0].len()),
    ])
    .unwrap();
    for (k, plane) in values.iter().enumerate() {
        for (i, row) in plane.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                for _ in 0..v {
                    cube.add(&[k as u32, i as u32, j as u32], 1).unwrap();
                }
            }
        }
    }
    cube
}

fn layout(id: &str, dims: &[usize]) -> TableLayout {
    TableLayout {
        id: id.into(),
        dims: dims.to_vec(),
    }
}

/// What a release fixes for a later publication: its cells found there by their support
/// (the same inner cells: the same population cell).
fn fixed_by(earlier: &Publication, protected: &Protected, later: &Publication) -> Fixed {
    let at: HashMap<&[u32], usize> = (0..later.cell_count())
        .map(|c| (later.support(c), c))
        .collect();
    let mut fixed = Fixed::default();
    for c in 0..earlier.cell_count() {
        if let Some(&l) = at.get(earlier.support(c)) {
            match protected.shown[c] {
                Some(v) => fixed.published.push((l, v)),
                None => fixed.suppressed.push(l),
            }
        }
    }
    fixed
}

/// The attacker who holds both releases: the union publication, a cell published if either
/// release showed it. Returns the primary cells (by the union's own primary rule) whose
/// interval is narrower than required or excludes 0.
fn disclosed_over_both(
    cube: &Cube,
    layouts: Vec<TableLayout>,
    releases: &[(&Publication, &Protected)],
    settings: &Protection,
) -> Vec<usize> {
    let union = Publication::new(cube, layouts).unwrap();
    let mut status = vec![CellStatus::Secondary; union.cell_count()];
    for (publication, protected) in releases {
        let at: HashMap<&[u32], usize> = (0..publication.cell_count())
            .map(|c| (publication.support(c), c))
            .collect();
        for (u, s) in status.iter_mut().enumerate() {
            if let Some(&c) = at.get(union.support(u)) {
                if !protected.status[c].is_suppressed() {
                    *s = CellStatus::Published;
                }
            }
        }
    }
    let primary = |u: usize| {
        let n = union.stats(u).count;
        n >= 1 && n < settings.min_frequency
    };
    for (u, s) in status.iter_mut().enumerate() {
        if primary(u) && *s == CellStatus::Published {
            return vec![u]; // shown outright
        }
        if primary(u) {
            *s = CellStatus::Primary;
        }
    }
    audit(&union, &status)
        .unwrap()
        .into_iter()
        .filter(|&(u, interval)| {
            primary(u)
                && (interval
                    .width()
                    .is_some_and(|w| w < settings.min_interval_width)
                    || interval.lower > 0)
        })
        .map(|(u, _)| u)
        .collect()
}

/// A conflict the register must report rather than publish.
fn is_conflict(e: &MonitorError) -> bool {
    matches!(e, MonitorError::Fixed { .. })
}

fn small_3d() -> impl Strategy<Value = Vec<Vec<Vec<u64>>>> {
    (2usize..=3, 2usize..=3, 2usize..=3).prop_flat_map(|(k, r, s)| {
        prop::collection::vec(
            prop::collection::vec(prop::collection::vec(0u64..6, s), r),
            k,
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Release 1 shows Kommune × school form; release 2 the second, linked indicator over
    /// the same population (Kommune × recommendation × school form), protected against the
    /// register. Over both releases no primary cell is narrower than required.
    #[test]
    fn a_linked_indicator_later_discloses_nothing(values in small_3d(), whole in any::<bool>()) {
        let settings = Protection {
            strategy: if whole { Split::Whole } else { Split::Blocks },
            ..Protection::default()
        };
        let cube = cube_3d(&values);
        let first = Publication::new(&cube, vec![layout("quote", &[0, 2])]).unwrap();
        let march = protect(&first, &settings).unwrap();
        let second = Publication::new(&cube, vec![layout("nach_empfehlung", &[0, 1, 2])]).unwrap();
        let fixed = fixed_by(&first, &march, &second);
        match protect_fixed(&second, &settings, &fixed) {
            Err(e) => prop_assert!(is_conflict(&e), "{e}"),
            Ok(june) => {
                for &(c, v) in &fixed.published {
                    prop_assert_eq!(june.shown[c], Some(v));
                }
                for &c in &fixed.suppressed {
                    prop_assert!(june.status[c].is_suppressed());
                }
                let open = disclosed_over_both(
                    &cube,
                    vec![layout("quote", &[0, 2]), layout("nach_empfehlung", &[0, 1, 2])],
                    &[(&first, &march), (&second, &june)],
                    &settings,
                );
                prop_assert!(open.is_empty(), "disclosed: {open:?}");
            }
        }
    }

    /// Release 2 is the same table from corrected data (a few counts changed). It keeps
    /// what release 1 showed and hid, or stops with a conflict; over both, no primary cell
    /// is narrower than required.
    #[test]
    fn a_corrected_release_discloses_nothing(
        values in small_3d(),
        changes in prop::collection::vec((0usize..27, 0u64..6), 1..4),
    ) {
        let settings = Protection { strategy: Split::Whole, ..Protection::default() };
        let march_cube = cube_3d(&values);
        let mut corrected = values.clone();
        let (k, r, s) = (values.len(), values[0].len(), values[0][0].len());
        for (at, v) in changes {
            let at = at % (k * r * s);
            corrected[at / (r * s)][at / s % r][at % s] = v;
        }
        let june_cube = cube_3d(&corrected);
        let layouts = vec![layout("t", &[0, 1, 2])];
        let first = Publication::new(&march_cube, layouts.clone()).unwrap();
        let march = protect(&first, &settings).unwrap();
        let second = Publication::new(&june_cube, layouts.clone()).unwrap();
        let fixed = fixed_by(&first, &march, &second);
        match protect_fixed(&second, &settings, &fixed) {
            // The conflict names a cell that did change.
            Err(MonitorError::Fixed { cell, conflict: Conflict::NowPrimary }) => {
                prop_assert!((1..3).contains(&second.stats(cell).count));
            }
            Err(MonitorError::Fixed { cell, conflict: Conflict::ValueChanged }) => {
                let shown = fixed.published.iter().find(|p| p.0 == cell).map(|p| p.1);
                prop_assert_ne!(shown, Some(second.value(cell)));
            }
            Err(e) => prop_assert!(is_conflict(&e), "{e}"),
            Ok(june) => {
                for &(c, v) in &fixed.published {
                    prop_assert_eq!(june.shown[c], Some(v));
                }
                for &c in &fixed.suppressed {
                    prop_assert!(june.status[c].is_suppressed());
                }
                // What March showed June shows too, with the same values: the attacker's
                // constraints are June's, over June's data.
                let open = disclosed_over_both(
                    &june_cube, layouts, &[(&second, &june)], &settings);
                prop_assert!(open.is_empty(), "disclosed: {open:?}");
            }
        }
    }
}

/// Without the register, the second indicator chooses its own complements, and with the
/// first release's cells an attacker pins a primary cell.
#[test]
fn without_the_register_two_releases_disclose() {
    let values = vec![
        vec![vec![0, 5], vec![1, 0], vec![2, 1]],
        vec![vec![2, 0], vec![3, 5], vec![4, 2]],
    ];
    let settings = Protection {
        strategy: Split::Whole,
        ..Protection::default()
    };
    let cube = cube_3d(&values);
    let first = Publication::new(&cube, vec![layout("quote", &[0, 2])]).unwrap();
    let march = protect(&first, &settings).unwrap();
    let second = Publication::new(&cube, vec![layout("nach_empfehlung", &[0, 1, 2])]).unwrap();
    let both = || {
        vec![
            layout("quote", &[0, 2]),
            layout("nach_empfehlung", &[0, 1, 2]),
        ]
    };
    let alone = protect(&second, &settings).unwrap();
    assert!(
        !disclosed_over_both(
            &cube,
            both(),
            &[(&first, &march), (&second, &alone)],
            &settings
        )
        .is_empty()
    );
    let fixed = fixed_by(&first, &march, &second);
    let june = protect_fixed(&second, &settings, &fixed).unwrap();
    assert!(
        disclosed_over_both(
            &cube,
            both(),
            &[(&first, &march), (&second, &june)],
            &settings
        )
        .is_empty()
    );
}

/// Records of one Kommune's class-4 transitions, `n` to each school form.
fn transitions(counts: &[(&str, usize)]) -> String {
    let mut lines = String::new();
    for (form, n) in counts {
        for _ in 0..*n {
            lines.push_str(&format!(
                "{{\"school_year\":\"2024/25\",\"school_ags\":\"05334002\",\"grade\":4,\"transition_schulform\":\"{form}\"}}\n"
            ));
        }
    }
    lines
}

fn quote_set() -> IndicatorSet {
    let mut specs = standard_indicators("2024/25".parse().unwrap(), LandConvention::nrw());
    specs.truncate(1);
    IndicatorSet::new(specs, &["05334002".into()]).unwrap()
}

#[test]
fn a_cell_shown_in_march_that_is_now_primary_stops_the_run() {
    let set = quote_set();
    let march =
        read_records_jsonl(transitions(&[("20", 5), ("15", 4), ("10", 3)]).as_bytes()).unwrap();
    let mut register = Register::new();
    set.publish_registered(
        &set.count(&march).unwrap(),
        &Protection::default(),
        IfEmpty::Publish,
        &mut register,
        "Bericht März",
        "2025-03-14".parse().unwrap(),
    )
    .unwrap();
    let before = register.clone();
    // Two records of the Realschule (10) were wrong: it now has one child.
    let june =
        read_records_jsonl(transitions(&[("20", 6), ("15", 5), ("10", 1)]).as_bytes()).unwrap();
    let err = set
        .publish_registered(
            &set.count(&june).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
            &mut register,
            "Tabelle Juni",
            "2025-06-02".parse().unwrap(),
        )
        .unwrap_err();
    assert_eq!(
        err,
        MonitorError::Register {
            table: "uebergangsquote".into(),
            labels: vec!["05334002".into(), "10".into()],
            release: Some("Bericht März".into()),
            conflict: Conflict::NowPrimary,
        }
    );
    assert!(err.to_string().contains("[05334002, 10]"), "{err}");
    assert_eq!(
        register, before,
        "a failed run leaves the register as it was"
    );
    // Unchanged counts but a moved record: a shown value changes.
    let moved =
        read_records_jsonl(transitions(&[("20", 6), ("15", 3), ("10", 3)]).as_bytes()).unwrap();
    let err = set
        .publish_registered(
            &set.count(&moved).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
            &mut register,
            "Tabelle Juni",
            "2025-06-02".parse().unwrap(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            MonitorError::Register {
                conflict: Conflict::ValueChanged,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn the_register_file_round_trips_and_refuses_what_it_does_not_know() {
    let set = quote_set();
    let records =
        read_records_jsonl(transitions(&[("20", 5), ("15", 4), ("04", 1)]).as_bytes()).unwrap();
    let mut register = Register::new();
    let results = set
        .publish_registered(
            &set.count(&records).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
            &mut register,
            "Bericht März",
            "2025-03-14".parse().unwrap(),
        )
        .unwrap();
    let text = register.to_json();
    assert_eq!(Register::from_json(&text).unwrap(), register);
    let table = &register.releases()[0].tables[0];
    assert_eq!(table.table, "uebergangsquote");
    let hidden = table
        .cells
        .iter()
        .find(|c| c.labels == ["05334002", "04"])
        .unwrap();
    assert_eq!(hidden.value, None);
    assert_eq!(
        table.cells.iter().filter(|c| c.value.is_none()).count(),
        results[0].tables[0]
            .value
            .iter()
            .filter(|v| v.is_none())
            .count()
    );
    // A release name twice.
    let again = set.publish_registered(
        &set.count(&records).unwrap(),
        &Protection::default(),
        IfEmpty::Publish,
        &mut register,
        "Bericht März",
        "2025-03-15".parse().unwrap(),
    );
    assert!(matches!(again, Err(MonitorError::Spec(_))));
    // An unknown field deep inside: named by its JSON pointer.
    let unknown = text.replacen("\"value\"", "\"wert\"", 1);
    match Register::from_json(&unknown).unwrap_err() {
        MonitorError::RegisterFile { pointer, message } => {
            assert_eq!(pointer, "/releases/0/tables/0/cells/0/wert");
            assert!(message.contains("unknown field"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let newer = text.replacen("\"version\": 1", "\"version\": 2", 1);
    assert!(matches!(
        Register::from_json(&newer),
        Err(MonitorError::RegisterFile { pointer, .. }) if pointer == "/version"
    ));
    // Another Land convention is another population.
    let specs = standard_indicators(
        "2024/25".parse().unwrap(),
        LandConvention::baden_wuerttemberg(),
    );
    let bw = IndicatorSet::new(specs[..1].to_vec(), &["05334002".into()]).unwrap();
    let err = bw
        .publish_registered(
            &bw.count(&records).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
            &mut register,
            "BW",
            "2025-03-16".parse().unwrap(),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            MonitorError::Register {
                conflict: Conflict::DefinitionChanged,
                ..
            }
        ),
        "{err}"
    );
}

/// March publishes the Übergangsquote together with the transitions by recommendation, of
/// which it is a margin; June publishes the quote alone. Protected only against the quote's
/// earlier cells, June could show a cell whose difference to March's table pins one that
/// March hid, so the run is refused, naming the table left out. The Einschulungsart of March
/// counts another population and does not stop June.
#[test]
fn a_linked_table_of_an_earlier_release_must_be_published_again() {
    let year = "2024/25".parse().unwrap();
    let all = standard_indicators(year, LandConvention::nrw());
    let pick = |ids: &[&str]| {
        let specs = all
            .iter()
            .filter(|s| ids.contains(&s.id.as_str()))
            .cloned()
            .collect();
        IndicatorSet::new(specs, &["05334002".into()]).unwrap()
    };
    let records =
        read_records_jsonl(transitions(&[("20", 5), ("15", 4), ("10", 3)]).as_bytes()).unwrap();
    let publish = |set: &IndicatorSet, register: &mut Register, name: &str| {
        set.publish_registered(
            &set.count(&records).unwrap(),
            &Protection::default(),
            IfEmpty::Publish,
            register,
            name,
            "2025-06-02".parse().unwrap(),
        )
    };
    let mut register = Register::new();
    publish(
        &pick(&["uebergangsquote", "uebergang_nach_empfehlung"]),
        &mut register,
        "Bericht März",
    )
    .unwrap();
    let before = register.clone();
    let err = publish(&pick(&["uebergangsquote"]), &mut register, "Juni").unwrap_err();
    assert_eq!(
        err,
        MonitorError::Register {
            table: "uebergang_nach_empfehlung".into(),
            labels: Vec::new(),
            release: Some("Bericht März".into()),
            conflict: Conflict::LinkedNotInRun,
        }
    );
    assert!(err.to_string().contains("publish it again"), "{err}");
    assert_eq!(register, before);
    // Both again: accepted.
    publish(
        &pick(&["uebergangsquote", "uebergang_nach_empfehlung"]),
        &mut register,
        "Juni",
    )
    .unwrap();
    // Another population in the register does not stop a run.
    let mut register = Register::new();
    publish(&pick(&["einschulungsart"]), &mut register, "März").unwrap();
    publish(&pick(&["uebergangsquote"]), &mut register, "Juni").unwrap();
}
