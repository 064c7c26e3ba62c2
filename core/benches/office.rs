//! An offers query over 100,000 offers: `cargo bench -p bildungsnetz --bench office`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, missing_docs)] // A benchmark may stop loudly.

use std::hint::black_box;

use bildungsnetz::model::Offer;
use bildungsnetz::office::{OfferCatalogue, OfferQuery};
use criterion::{Criterion, criterion_group, criterion_main};

/// 100,000 offers spread over 400 Kommunen, 12 Handlungsfelder, 6 target groups, 5 languages
/// and a range of ages and dates, by a fixed arithmetic pattern (no randomness: repeatable).
fn offers(n: usize) -> Vec<Offer> {
    let groups = [
        "eltern",
        "neuzugewanderte",
        "inklusion",
        "schueler",
        "senioren",
        "fachkraefte",
    ];
    let languages = ["de", "en", "tr", "ar", "uk"];
    (0..n)
        .map(|i| {
            let min_age = (i % 60) as u8;
            Offer {
                id: format!("o-{i}"),
                title: format!("Angebot {i}"),
                provider: format!("p-{}", i % 750),
                handlungsfeld: Some(format!("hf-{}", i % 12)),
                kommunen: if i % 10 == 0 {
                    Vec::new()
                } else {
                    vec![format!("k-{}", i % 400)]
                },
                min_age: Some(min_age),
                max_age: Some(min_age + (i % 15) as u8),
                target_groups: vec![groups[i % groups.len()].to_string()],
                languages: vec!["de".into(), languages[i % languages.len()].to_string()],
                start: Some(format!("2025-{:02}-01", 1 + i % 12).parse().unwrap()),
                end: Some(format!("2026-{:02}-28", 1 + i % 12).parse().unwrap()),
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let offers = offers(100_000);
    let catalogue = OfferCatalogue::from_offers(&offers);
    let narrow = OfferQuery::default()
        .kommune("k-17")
        .handlungsfeld("hf-5")
        .language("tr")
        .on("2026-03-01".parse().unwrap());
    let broad = OfferQuery::default()
        .age(8)
        .on("2026-03-01".parse().unwrap());
    println!(
        "narrow query finds {}, broad query finds {} of {} offers",
        catalogue.query(&narrow).len(),
        catalogue.query(&broad).len(),
        offers.len()
    );
    let mut group = c.benchmark_group("offers_100000");
    group.bench_function("query_narrow", |b| {
        b.iter(|| catalogue.query(black_box(&narrow)))
    });
    group.bench_function("query_broad", |b| {
        b.iter(|| catalogue.query(black_box(&broad)))
    });
    group.bench_function("index", |b| {
        b.iter(|| OfferCatalogue::from_offers(black_box(&offers)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
