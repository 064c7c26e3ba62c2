//! All standard indicators and their protection over a generated Land-sized cohort:
//! 2.5 million pupil records in 396 Kommunen.
//! `cargo bench -p bildungsnetz --bench monitor -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs)] // criterion_group! generates undocumented functions
#![allow(clippy::indexing_slicing)] // fixed-size tables indexed by `% len` in the generator

use std::hint::black_box;
use std::time::{Duration, Instant};

use bildungsnetz::monitor::indicator::{
    IfEmpty, IndicatorSet, LandConvention, standard_indicators,
};
use bildungsnetz::monitor::record::{MonitoringRecord, Qualification, Recommendation, SchoolEntry};
use bildungsnetz::monitor::sdc::Protection;
use criterion::{Criterion, criterion_group, criterion_main};

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

fn cohort(pupils: usize, kommunen: usize) -> (Vec<MonitoringRecord>, Vec<String>) {
    let year = "2024/25".parse().unwrap_or_else(|_| unreachable!());
    let ags: Vec<String> = (0..kommunen)
        .map(|k| format!("05{:06}", 1000 + k * 7))
        .collect();
    let mut rng = Lcg(42);
    let mut out = Vec::with_capacity(pupils);
    for _ in 0..pupils {
        // Kommunen of unequal size: a few large cities, many small towns.
        let k = (rng.next(kommunen as u64) * rng.next(kommunen as u64) / kommunen as u64) as usize;
        let a = ags.get(k).cloned();
        let grade = 1 + rng.next(13) as u8;
        let foerder = rng.next(100) < 7;
        let schulform = match grade {
            _ if foerder && rng.next(2) == 0 => "08",
            1..=4 => "02",
            _ => ["20", "15", "10", "04", "14", "17"][rng.next(6) as usize],
        };
        let mut r = MonitoringRecord {
            id: None,
            school_year: year,
            school_ags: a.clone(),
            residence_ags: a,
            schulform: Some(schulform.to_owned()),
            grade: Some(grade),
            school_entry: None,
            recommendation: None,
            transition_schulform: None,
            qualification: None,
            repeater: Some(rng.next(100) < 2),
            foerderbedarf: Some(foerder),
        };
        match grade {
            1 => {
                r.school_entry = Some(match rng.next(100) {
                    0..=2 => SchoolEntry::Early,
                    3..=6 => SchoolEntry::AfterDeferral,
                    _ => SchoolEntry::OnTime,
                })
            }
            4 => {
                let rec = rng.next(6);
                r.recommendation = Some(
                    [
                        Recommendation::Hauptschule,
                        Recommendation::HauptRealschule,
                        Recommendation::Realschule,
                        Recommendation::RealschuleGymnasium,
                        Recommendation::Gymnasium,
                        Recommendation::Gymnasium,
                    ][rec as usize],
                );
                let to = ["04", "10", "10", "15", "20", "20", "14", "17", "13", "08"]
                    [((rec + rng.next(5)) % 10) as usize];
                r.transition_schulform = Some(to.to_owned());
            }
            10 if rng.next(3) == 0 => {
                r.qualification = Some(
                    [
                        Qualification::Ohne,
                        Qualification::Esa,
                        Qualification::Eesa,
                        Qualification::Msa,
                    ][rng.next(4) as usize],
                )
            }
            13 => {
                r.qualification =
                    Some([Qualification::Fhr, Qualification::Ahr][rng.next(2) as usize])
            }
            _ => {}
        }
        out.push(r);
        if grade == 1 && rng.next(100) < 5 {
            // A deferred child: schulpflichtig, not at school.
            let mut d = out.last().cloned().unwrap_or_else(|| unreachable!());
            d.school_entry = Some(SchoolEntry::Deferred);
            d.grade = None;
            d.schulform = None;
            out.push(d);
        }
    }
    (out, ags)
}

fn bench(c: &mut Criterion) {
    let (records, ags) = cohort(2_500_000, 396);
    let specs = standard_indicators(
        "2024/25".parse().unwrap_or_else(|_| unreachable!()),
        LandConvention::nrw(),
    );
    let set = IndicatorSet::new(specs, &ags).unwrap_or_else(|_| unreachable!());
    // Full protection: primary, secondary (block by block at this size) and the interval step.
    let settings = Protection::default();
    // One timed pass with a breakdown, printed once.
    let t0 = Instant::now();
    let partials = set
        .count_parallel(&records, 2)
        .unwrap_or_else(|_| unreachable!());
    let t1 = Instant::now();
    let results = set
        .publish(&partials, &settings, IfEmpty::Publish)
        .unwrap_or_else(|_| unreachable!());
    let t2 = Instant::now();
    let suppressed: usize = results
        .iter()
        .map(|r| {
            r.protected
                .status
                .iter()
                .filter(|s| s.is_suppressed())
                .count()
        })
        .sum();
    let cells: usize = results.iter().map(|r| r.protected.status.len()).sum();
    let primary = |p: &bildungsnetz::monitor::sdc::Protected| {
        p.status
            .iter()
            .filter(|s| **s == bildungsnetz::monitor::sdc::CellStatus::Primary)
            .count()
    };
    let primaries: usize = results.iter().map(|r| primary(&r.protected)).sum();
    println!(
        "records {} | count {:?} | protect+publish {:?} | cells {cells}, primary {primaries}, suppressed {suppressed}",
        records.len(),
        t1 - t0,
        t2 - t1
    );
    for spec in set.specs() {
        let one = IndicatorSet::new(vec![spec.clone()], &ags).unwrap_or_else(|_| unreachable!());
        let p = one.count(&records).unwrap_or_else(|_| unreachable!());
        let t = Instant::now();
        let r = one
            .publish(&p, &settings, IfEmpty::Publish)
            .unwrap_or_else(|_| unreachable!());
        let st = &r.first().unwrap_or_else(|| unreachable!()).protected;
        println!(
            "  {:<28} {:>10?}  cells {:>6}  primary {:>5}  suppressed {:>5}",
            spec.id,
            t.elapsed(),
            st.status.len(),
            primary(st),
            st.status.iter().filter(|s| s.is_suppressed()).count()
        );
    }
    let mut group = c.benchmark_group("monitor");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("count_2_5m_records_2_threads", |b| {
        b.iter(|| black_box(set.count_parallel(black_box(&records), 2)))
    });
    group.bench_function("protect_and_publish_all_indicators", |b| {
        b.iter(|| black_box(set.publish(black_box(&partials), &settings, IfEmpty::Publish)))
    });
    group.bench_function("all_indicators_end_to_end", |b| {
        b.iter(|| {
            let p = set.count_parallel(black_box(&records), 2);
            black_box(p.and_then(|p| set.publish(&p, &settings, IfEmpty::Publish)))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
