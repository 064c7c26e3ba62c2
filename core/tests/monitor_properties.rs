//! Laws of the disclosure control on generated tables: 2-D with margins, hierarchical, 3-D
//! and magnitude tables, each protected whole and block by block.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use bildungsnetz::monitor::cube::{Cube, Dimension};
use bildungsnetz::monitor::sdc::{
    CellStatus, Protected, Protection, Publication, Strategy as Split, TableLayout, audit, protect,
};
use proptest::prelude::*;

/// Rows and, with `hierarchy` ≥ 1, row subtotals; with `hierarchy` 2 column subtotals too
/// (then no dimension is flat and block-wise protection falls back to the whole table).
fn cube_2d(values: &[Vec<u64>], hierarchy: u8) -> Cube {
    let rows: Vec<String> = (0..values.len()).map(|i| format!("r{i}")).collect();
    let cols: Vec<String> = (0..values[0].len()).map(|i| format!("c{i}")).collect();
    let mut rdim = Dimension::new("r", rows.clone());
    if hierarchy >= 1 && rows.len() >= 3 {
        // Two subtotals that split the rows: a hierarchy total → {upper, lower} → rows.
        let half = rows.len() / 2;
        let upper: Vec<&str> = rows[..half].iter().map(String::as_str).collect();
        let lower: Vec<&str> = rows[half..].iter().map(String::as_str).collect();
        rdim = rdim
            .with_group("upper", &upper)
            .unwrap()
            .with_group("lower", &lower)
            .unwrap();
    }
    let mut cdim = Dimension::new("c", cols.clone());
    if hierarchy >= 2 {
        cdim = cdim.with_group("first", &[cols[0].as_str()]).unwrap();
    }
    let mut cube = Cube::new(vec![rdim, cdim]).unwrap();
    for (i, row) in values.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            for _ in 0..v {
                cube.add(&[i as u32, j as u32], 1).unwrap();
            }
        }
    }
    cube
}

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

/// A magnitude table: each cell has 0–4 contributors (schools) with 1–400 pupils each.
fn cube_magnitude(contributions: &[Vec<Vec<u64>>]) -> Cube {
    let rows: Vec<String> = (0..contributions.len()).map(|i| format!("r{i}")).collect();
    let cols: Vec<String> = (0..contributions[0].len())
        .map(|i| format!("c{i}"))
        .collect();
    let mut cube = Cube::new(vec![Dimension::new("r", rows), Dimension::new("c", cols)]).unwrap();
    for (i, row) in contributions.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            for &v in cell {
                cube.add(&[i as u32, j as u32], v).unwrap();
            }
        }
    }
    cube
}

fn publication(cube: &Cube) -> Publication {
    let dims = (0..cube.dims().len()).collect();
    Publication::new(
        cube,
        vec![TableLayout {
            id: "t".into(),
            dims,
        }],
    )
    .unwrap()
}

fn table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (2usize..6, 2usize..5).prop_flat_map(|(r, c)| {
        prop::collection::vec(
            prop::collection::vec(prop_oneof![3 => 0u64..4, 2 => 3u64..40], c),
            r,
        )
    })
}

fn table_3d() -> impl Strategy<Value = Vec<Vec<Vec<u64>>>> {
    (2usize..6, 2usize..4, 2usize..4).prop_flat_map(|(k, r, c)| {
        let cell = prop_oneof![3 => 0u64..4, 2 => 3u64..40];
        prop::collection::vec(prop::collection::vec(prop::collection::vec(cell, c), r), k)
    })
}

fn table_magnitude() -> impl Strategy<Value = Vec<Vec<Vec<u64>>>> {
    (2usize..5, 2usize..5).prop_flat_map(|(r, c)| {
        let cell = prop::collection::vec(1u64..400, 0..5);
        prop::collection::vec(prop::collection::vec(cell, c), r)
    })
}

fn strategy() -> impl Strategy<Value = Split> {
    prop_oneof![Just(Split::Whole), Just(Split::Blocks)]
}

/// The full audit: every interval contains the true value, and every primary cell's is at
/// least `need(value)` wide.
fn assert_protected(
    publication: &Publication,
    protected: &Protected,
    need: impl Fn(u64) -> u64,
) -> Result<(), TestCaseError> {
    for (cell, interval) in audit(publication, &protected.status).unwrap() {
        let value = publication.value(cell);
        prop_assert!(interval.lower <= value);
        prop_assert!(interval.upper.is_none_or(|u| u >= value));
        if protected.status[cell] == CellStatus::Primary {
            prop_assert!(
                interval.width().is_none_or(|w| w >= need(value)),
                "cell {} value {} interval {:?}",
                cell,
                value,
                interval
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_primary_interval_narrower_than_threshold(
        values in table(),
        hierarchy in 0u8..3,
        strategy in strategy(),
    ) {
        let cube = cube_2d(&values, hierarchy);
        let publication = publication(&cube);
        let settings = Protection { strategy, ..Protection::default() };
        let protected = protect(&publication, &settings).unwrap();
        assert_protected(&publication, &protected, |_| settings.min_interval_width)?;
        // Primary cells are exactly the cells with 1–2 contributors.
        for c in 0..publication.cell_count() {
            let n = publication.stats(c).count;
            prop_assert_eq!(protected.status[c] == CellStatus::Primary, (1..3).contains(&n));
        }
    }

    #[test]
    fn three_dimensional_tables_are_protected(values in table_3d(), strategy in strategy()) {
        let cube = cube_3d(&values);
        let publication = publication(&cube);
        let settings = Protection { strategy, ..Protection::default() };
        let protected = protect(&publication, &settings).unwrap();
        assert_protected(&publication, &protected, |_| settings.min_interval_width)?;
    }

    /// One school dominates its cell, and so its row's and column's margins: a dominated
    /// margin whose other parts are shown must get one of them suppressed, not stop the
    /// protection — with existence protection too (the margin's interval reaches 0).
    #[test]
    fn a_dominated_margin_is_protected(
        contributions in table_magnitude(),
        large in 20_000u64..100_000,
        existence in any::<bool>(),
        strategy in strategy(),
    ) {
        let mut contributions = contributions;
        contributions[0][0].push(large);
        let cube = cube_magnitude(&contributions);
        let publication = publication(&cube);
        let settings = Protection {
            strategy,
            existence_protection: existence,
            ..Protection::magnitude()
        };
        let protected = protect(&publication, &settings).unwrap();
        assert_protected(&publication, &protected, |v| v.div_ceil(10).max(3))?;
        if existence {
            for (cell, interval) in audit(&publication, &protected.status).unwrap() {
                if protected.status[cell] == CellStatus::Primary {
                    prop_assert_eq!(interval.lower, 0, "cell {}", cell);
                }
            }
        }
    }

    #[test]
    fn magnitude_tables_are_protected(contributions in table_magnitude(), strategy in strategy()) {
        let cube = cube_magnitude(&contributions);
        let publication = publication(&cube);
        let settings = Protection { strategy, ..Protection::magnitude() };
        let protected = protect(&publication, &settings).unwrap();
        // At least 3 wide and at least 10 % of the value.
        assert_protected(&publication, &protected, |v| v.div_ceil(10).max(3))?;
    }

    #[test]
    fn without_the_interval_step_no_primary_is_determined(values in table_3d()) {
        let cube = cube_3d(&values);
        let publication = publication(&cube);
        let settings = Protection {
            strategy: Split::Blocks,
            interval_protection: false,
            ..Protection::default()
        };
        let protected = protect(&publication, &settings).unwrap();
        assert_protected(&publication, &protected, |_| 1)?;
    }

    #[test]
    fn protection_is_deterministic(values in table(), hierarchy in 0u8..3, strategy in strategy()) {
        let cube = cube_2d(&values, hierarchy);
        let settings = Protection { strategy, ..Protection::default() };
        let a = protect(&publication(&cube), &settings).unwrap();
        let b = protect(&publication(&cube.clone()), &settings).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn merging_partials_equals_computing_at_once(
        values in table(),
        cut in 0usize..1000,
        strategy in strategy(),
    ) {
        let whole = cube_2d(&values, 1);
        let dims = whole.dims().to_vec();
        let (mut a, mut b) = (Cube::new(dims.clone()).unwrap(), Cube::new(dims).unwrap());
        let mut k = 0usize;
        for (i, row) in values.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                for _ in 0..v {
                    let target = if (k * 7 + cut) % 3 == 0 { &mut a } else { &mut b };
                    target.add(&[i as u32, j as u32], 1).unwrap();
                    k += 1;
                }
            }
        }
        let mut merged = b.clone();
        merged.merge(&a).unwrap();
        a.merge(&b).unwrap();
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(&a, &whole);
        let s = Protection { strategy, ..Protection::default() };
        prop_assert_eq!(
            protect(&publication(&merged), &s).unwrap(),
            protect(&publication(&whole), &s).unwrap()
        );
    }

    #[test]
    fn rounding_gives_multiples_of_the_base(values in table()) {
        let cube = cube_2d(&values, 0);
        let p = publication(&cube);
        let rounded = protect(&p, &Protection::rounding(5)).unwrap();
        let suppressed = protect(&p, &Protection::default()).unwrap();
        // Suppression first, as without rounding; every published cell rounded.
        prop_assert_eq!(&rounded.audit, &suppressed.audit);
        for (c, shown) in rounded.shown.iter().enumerate() {
            match shown {
                Some(v) => {
                    prop_assert_eq!(rounded.status[c], CellStatus::Rounded);
                    prop_assert_eq!(v % 5, 0);
                    prop_assert!(v.abs_diff(p.value(c)) <= 2);
                }
                None => prop_assert_eq!(rounded.status[c], suppressed.status[c]),
            }
        }
    }
}

/// A Kreis-sized 3-D table (16 Kommunen × 6 × 11, skewed sizes, many small cells) protected
/// block by block holds under the full audit — the attacker's whole problem, not the
/// windows the protection proves with.
#[test]
fn block_wise_protection_holds_under_the_full_audit_at_kreis_scale() {
    let mut state = 7u64;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let values: Vec<Vec<Vec<u64>>> = (0..16u64)
        .map(|k| {
            let size = 1 + 30 / (k + 1);
            (0..6)
                .map(|_| (0..11).map(|_| next(size + 1) * next(3)).collect())
                .collect()
        })
        .collect();
    let cube = cube_3d(&values);
    let publication = publication(&cube);
    let settings = Protection {
        strategy: Split::Blocks,
        ..Protection::default()
    };
    let protected = protect(&publication, &settings).unwrap();
    let primaries = protected
        .status
        .iter()
        .filter(|s| **s == CellStatus::Primary)
        .count();
    assert!(primaries > 40, "{primaries}");
    let check = assert_protected(&publication, &protected, |_| settings.min_interval_width);
    assert!(check.is_ok(), "{check:?}");
}
