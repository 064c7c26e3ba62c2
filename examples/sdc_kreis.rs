//! Protection time of a Kreis-sized publication: `uebergang_nach_empfehlung` (Kommune ×
//! recommendation × Schulform, with every margin) for N Kommunen of 20–120 class-4 pupils
//! each, generated. Prints the wall time per strategy and the suppressions; the whole-table
//! strategy only up to 60 Kommunen (a Land's 396 take the blocks strategy, as
//! [`Strategy::Auto`] does from [`bildungsnetz::monitor::sdc::BLOCKS_FROM`] Kommunen on).
//!
//! `cargo run --release -p bildungsnetz --example sdc_kreis -- 10 20 30 49 60 396`
//!
//! `-- --only whole 60` (or `--only blocks`) runs one strategy, at any size, so that the
//! process's CPU time, as `/usr/bin/time` reports it, is that strategy's alone.
//!
//! `-- --all-indicators 60` publishes every standard indicator instead, from generated
//! records of classes 1–10 (school entries, transitions, repeaters, special needs, leavers'
//! qualifications), and prints the time of the whole set and each indicator's suppressions.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::time::Instant;

use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorSet, LandConvention, standard_indicators,
};
use bildungsnetz::monitor::record::{MonitoringRecord, Qualification, Recommendation, SchoolEntry};
use bildungsnetz::monitor::sdc::{CellStatus, Protection, Strategy};

/// A small linear congruential generator: the same data on every run and machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The Grundschule recommendations the generated pupils draw from.
const RECOMMENDATIONS: [Recommendation; 6] = [
    Recommendation::Hauptschule,
    Recommendation::HauptRealschule,
    Recommendation::Realschule,
    Recommendation::RealschuleGymnasium,
    Recommendation::Gymnasium,
    Recommendation::Ohne,
];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let only: Option<Strategy> = match args.iter().position(|a| a == "--only") {
        Some(at) => {
            let name = args.get(at + 1).cloned().unwrap_or_default();
            args.drain(at..(at + 2).min(args.len()));
            Some(serde_json::from_str(&format!("\"{name}\"")).unwrap())
        }
        None => None,
    };
    let all = match args.iter().position(|a| a == "--all-indicators") {
        Some(at) => {
            args.remove(at);
            true
        }
        None => false,
    };
    let sizes: Vec<usize> = args.iter().map(|a| a.parse().unwrap()).collect();
    let year = "2024/25".parse().unwrap();
    let schulformen = ["02", "04", "10", "14", "15", "20", "13", "17", "08", "85"];
    for n in if sizes.is_empty() {
        vec![10, 20]
    } else {
        sizes
    } {
        let ags: Vec<String> = (0..n).map(|k| format!("05{k:06}")).collect();
        let mut rng = Lcg(1);
        let mut records = Vec::new();
        for a in &ags {
            for _ in 0..(20 + rng.next(101)) {
                records.push(MonitoringRecord {
                    id: None,
                    school_year: year,
                    school_ags: Some(a.clone()),
                    residence_ags: None,
                    schulform: None,
                    grade: Some(4),
                    school_entry: None,
                    recommendation: Some(RECOMMENDATIONS[rng.next(6) as usize]),
                    transition_schulform: Some(schulformen[rng.next(10) as usize].to_owned()),
                    qualification: None,
                    repeater: None,
                    foerderbedarf: None,
                });
            }
        }
        if all {
            let records = every_class(&ags, &mut rng, year);
            let set =
                IndicatorSet::new(standard_indicators(year, LandConvention::nrw()), &ags).unwrap();
            let partials = set.count(&records).unwrap();
            let settings = Protection {
                strategy: only.unwrap_or(Strategy::Auto),
                ..Protection::default()
            };
            let start = Instant::now();
            let result = set.publish(&partials, &settings, IfEmpty::Fail).unwrap();
            let seconds = start.elapsed().as_secs_f64();
            let per: Vec<String> = result
                .iter()
                .map(|r| {
                    let secondary = r
                        .protected
                        .status
                        .iter()
                        .filter(|&&x| x == CellStatus::Secondary)
                        .count();
                    format!("{} {secondary}", r.id)
                })
                .collect();
            println!(
                "{n} Kommunen, every standard indicator ({} records): {seconds:.2} s; secondary: {}",
                records.len(),
                per.join(", ")
            );
            continue;
        }
        let specs: Vec<_> = standard_indicators(year, LandConvention::nrw())
            .into_iter()
            .filter(|s| s.id == "uebergang_nach_empfehlung")
            .collect();
        let set = IndicatorSet::new(specs, &ags).unwrap();
        let partials = set.count(&records).unwrap();
        let strategies: &[Strategy] = if n <= 60 {
            &[Strategy::Whole, Strategy::Blocks]
        } else {
            &[Strategy::Blocks]
        };
        let strategies = match only {
            Some(strategy) => vec![strategy],
            None => strategies.to_vec(),
        };
        for strategy in strategies {
            let settings = Protection {
                strategy,
                ..Protection::default()
            };
            let start = Instant::now();
            let result = set.publish(&partials, &settings, IfEmpty::Publish).unwrap();
            let status = &result[0].protected.status;
            let count = |s: CellStatus| status.iter().filter(|&&x| x == s).count();
            println!(
                "{n} Kommunen, {strategy:?}: {:.2} s, {} cells, {} primary, {} secondary",
                start.elapsed().as_secs_f64(),
                status.len(),
                count(CellStatus::Primary),
                count(CellStatus::Secondary),
            );
        }
    }
}

/// Pupils of classes 1–10 in every Kommune (a cohort of 20–120 each): Grundschule in 1–4,
/// then a general Schulform (some Förderschule); school entries in class 1 (and deferred
/// children), transitions with recommendations in class 4, repeaters and special needs in
/// every class, qualifications of the leavers of class 10.
fn every_class(ags: &[String], rng: &mut Lcg, year: SchoolYear) -> Vec<MonitoringRecord> {
    let secondary = ["04", "10", "14", "15", "20", "85"];
    let entries = [
        SchoolEntry::Early,
        SchoolEntry::OnTime,
        SchoolEntry::OnTime,
        SchoolEntry::OnTime,
        SchoolEntry::OnTime,
        SchoolEntry::OnTime,
        SchoolEntry::AfterDeferral,
        SchoolEntry::Deferred,
    ];
    let qualifications = [
        Qualification::Ohne,
        Qualification::Esa,
        Qualification::Eesa,
        Qualification::Msa,
        Qualification::Fhr,
        Qualification::Ahr,
    ];
    let mut records = Vec::new();
    for a in ags {
        let cohort = 20 + rng.next(101);
        for grade in 1..=10u8 {
            for _ in 0..cohort {
                let form = if grade <= 4 {
                    "02"
                } else {
                    secondary[rng.next(6) as usize]
                };
                let entry = (grade == 1).then(|| entries[rng.next(8) as usize]);
                records.push(MonitoringRecord {
                    id: None,
                    school_year: year,
                    school_ags: Some(a.clone()),
                    residence_ags: Some(a.clone()),
                    schulform: Some(form.to_owned()),
                    grade: (entry != Some(SchoolEntry::Deferred)).then_some(grade),
                    school_entry: entry,
                    recommendation: (grade == 4).then(|| RECOMMENDATIONS[rng.next(6) as usize]),
                    transition_schulform: (grade == 4)
                        .then(|| secondary[rng.next(6) as usize].to_owned()),
                    qualification: (grade == 10).then(|| qualifications[rng.next(6) as usize]),
                    repeater: Some(rng.next(100) < 3),
                    foerderbedarf: Some(rng.next(100) < 7),
                });
            }
        }
    }
    records
}
