//! Pupils per Schulform × Kommune for the StädteRegion Aachen (AGS 05334…) from the real NRW
//! school list 2024/25, protected, checked against the raw file parsed independently here.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;

use bildungsnetz::io::directory::Importer;
use bildungsnetz::monitor::directory::directory_tables;
use bildungsnetz::monitor::sdc::Protection;

const FILE: &str = "../tests/data/nrw-schulverzeichnis-2024-25.csv";

/// (AGS, Schulform key) → (schools, pupils, largest school), straight from the CSV.
fn expected() -> BTreeMap<(String, String), (u64, u64, u64)> {
    let keys: BTreeMap<&str, &str> = [
        ("Grundschule", "02"),
        ("Hauptschule", "04"),
        ("Förderschule Grund-/Hauptschule", "08"),
        ("Realschule", "10"),
        ("Sekundarschule", "14"),
        ("Gesamtschule", "15"),
        ("Freie Waldorfschule", "17"),
        ("Gymnasium", "20"),
        ("Weiterbildungskolleg", "25"),
        ("Berufskolleg", "30"),
        ("Förderschule Berufskolleg", "88"),
    ]
    .into_iter()
    .collect();
    let mut rdr = csv::Reader::from_path(FILE).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (form, ags, n) = (
        col("Schulform"),
        col("Amtlicher Gemeindeschlüssel"),
        col("Anzahl"),
    );
    let mut out = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let a = format!("{:0>8}", &rec[ags]);
        if !a.starts_with("05334") {
            continue;
        }
        let key = keys[&rec[form]].to_owned();
        let pupils: u64 = rec[n].parse().unwrap();
        let e = out.entry((a, key)).or_insert((0, 0, 0));
        e.0 += 1;
        e.1 += pupils;
        e.2 = e.2.max(pupils);
    }
    out
}

#[test]
fn aachen_pupils_per_schulform_and_kommune() {
    let result = Importer::new().unwrap().read_path(FILE).unwrap();
    let settings = Protection::magnitude();
    let t = directory_tables(&result.institutions, "05334", &settings).unwrap();
    assert_eq!(t.schools_without_pupils, 0);
    let exp = expected();
    let table = &t.pupils_by_schulform;
    let mut kommune_totals: BTreeMap<&str, u64> = BTreeMap::new();
    let mut form_totals: BTreeMap<&str, u64> = BTreeMap::new();
    for ((a, f), (schools, pupils, top)) in &exp {
        *kommune_totals.entry(a).or_default() += pupils;
        *form_totals.entry(f).or_default() += pupils;
        let i = table.find(&[Some(a), Some(f)]).unwrap();
        let sensitive = *schools < 3 || top * 100 > 85 * pupils;
        if sensitive {
            assert_eq!(table.value[i], None, "{a} {f} must be suppressed");
        } else if let Some(v) = table.value[i] {
            assert_eq!(v, *pupils, "{a} {f}");
        }
        let s = t.schools.find(&[Some(a), Some(f)]).unwrap();
        assert_eq!(t.schools.value[s], Some(*schools), "schools {a} {f}");
    }
    // Every combination of the table that the file does not have is zero.
    for i in 0..table.len() {
        let (Some(a), Some(f)) = (&table.labels[0][i], &table.labels[1][i]) else {
            assert!(
                table.margin[i].is_some(),
                "a row without a label is a margin"
            );
            continue;
        };
        assert!(table.margin[i].is_none());
        if !exp.contains_key(&(a.clone(), f.clone())) {
            assert_eq!(table.value[i], Some(0), "{a} {f}");
        }
    }
    let grand: u64 = kommune_totals.values().sum();
    let i = table.find(&[None, None]).unwrap();
    assert_eq!(table.value[i], Some(grand));
    for (a, v) in &kommune_totals {
        let i = table.find(&[Some(a), None]).unwrap();
        if let Some(shown) = table.value[i] {
            assert_eq!(shown, *v, "{a}");
        }
    }
    for (f, v) in &form_totals {
        let i = table.find(&[None, Some(f)]).unwrap();
        if let Some(shown) = table.value[i] {
            assert_eq!(shown, *v, "{f}");
        }
    }
    // Aachen's Grundschulen: many schools, no dominant one — published, and equal to the file.
    let i = table.find(&[Some("05334002"), Some("02")]).unwrap();
    assert_eq!(
        table.value[i],
        Some(exp[&("05334002".to_owned(), "02".to_owned())].1)
    );
    // Something is suppressed (Sekundarschule: one school in the region).
    assert!(table.value.iter().any(Option::is_none));
    // The linked Sozialindex table shares the Kommune totals.
    let soz = &t.pupils_by_sozialindex;
    for a in kommune_totals.keys() {
        let x = table.value[table.find(&[Some(a), None]).unwrap()];
        let y = soz.value[soz.find(&[Some(a), None]).unwrap()];
        assert_eq!(x, y, "{a}");
    }
    // CSV: suppressed cells are written as ".".
    let csv = table.to_csv();
    assert!(csv.starts_with("kommune,schulform,pupils,margin\n"));
    assert!(csv.lines().any(|l| l.ends_with(",.,")));
    assert!(csv.contains("\nInsgesamt,Insgesamt,"));
    // The audit: every primary cell's interval is wide enough.
    assert!(!t.protected.audit.is_empty());
    for (_, interval) in &t.protected.audit {
        assert!(interval.width().is_none_or(|w| w >= 3), "{interval:?}");
    }
}
