//! Laws of the disclosure control on generated tables: 2-D with margins, and hierarchical.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use bildungsnetz::monitor::cube::{Cube, Dimension};
use bildungsnetz::monitor::sdc::{
    CellStatus, Protection, Publication, TableLayout, audit, protect,
};
use proptest::prelude::*;

fn cube_2d(values: &[Vec<u64>], hierarchical: bool) -> Cube {
    let rows: Vec<String> = (0..values.len()).map(|i| format!("r{i}")).collect();
    let cols: Vec<String> = (0..values[0].len()).map(|i| format!("c{i}")).collect();
    let mut rdim = Dimension::new("r", rows.clone());
    if hierarchical && rows.len() >= 3 {
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
    let mut cube = Cube::new(vec![rdim, Dimension::new("c", cols)]).unwrap();
    for (i, row) in values.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            for _ in 0..v {
                cube.add(&[i as u32, j as u32], 1).unwrap();
            }
        }
    }
    cube
}

fn publication(cube: &Cube) -> Publication {
    Publication::new(
        cube,
        vec![TableLayout {
            id: "t".into(),
            dims: vec![0, 1],
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

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_primary_interval_narrower_than_threshold(values in table(), hierarchical in any::<bool>()) {
        let cube = cube_2d(&values, hierarchical);
        let publication = publication(&cube);
        let settings = Protection::default();
        let protected = protect(&publication, &settings).unwrap();
        let intervals = audit(&publication, &protected.status).unwrap();
        for (cell, interval) in intervals {
            let value = publication.value(cell);
            prop_assert!(interval.lower <= value);
            prop_assert!(interval.upper.is_none_or(|u| u >= value));
            if protected.status[cell] == CellStatus::Primary {
                prop_assert!(
                    interval.width().is_none_or(|w| w >= settings.min_interval_width),
                    "cell {} value {} interval {:?}", cell, value, interval
                );
            }
        }
        // Primary cells are exactly the cells with 1–2 contributors.
        for c in 0..publication.cell_count() {
            let n = publication.stats(c).count;
            prop_assert_eq!(protected.status[c] == CellStatus::Primary, (1..3).contains(&n));
        }
    }

    #[test]
    fn protection_is_deterministic(values in table(), hierarchical in any::<bool>()) {
        let cube = cube_2d(&values, hierarchical);
        let a = protect(&publication(&cube), &Protection::default()).unwrap();
        let b = protect(&publication(&cube.clone()), &Protection::default()).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn merging_partials_equals_computing_at_once(values in table(), cut in 0usize..1000) {
        let whole = cube_2d(&values, true);
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
        let s = Protection::default();
        prop_assert_eq!(
            protect(&publication(&merged), &s).unwrap(),
            protect(&publication(&whole), &s).unwrap()
        );
    }

    #[test]
    fn rounding_gives_multiples_of_the_base(values in table()) {
        let cube = cube_2d(&values, false);
        let p = publication(&cube);
        let r = protect(&p, &Protection::rounding(5)).unwrap();
        for (c, shown) in r.shown.iter().enumerate() {
            let v = shown.unwrap();
            prop_assert_eq!(v % 5, 0);
            prop_assert!(v.abs_diff(p.value(c)) <= 2);
        }
    }
}
