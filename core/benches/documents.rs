//! Loading and validating a network of 10,000 institutions.
//!
//! `cargo bench -p bildungsnetz --bench documents` — besides criterion's timings it prints the
//! peak heap use of one load + validation relative to the document's size, measured by a
//! counting allocator that lives in this benchmark binary only.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)] // A benchmark may stop loudly.

use std::hint::black_box;
use std::path::Path;

use bildungsnetz::model::Network;
use bildungsnetz::validate::Validator;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A field of /proc/self/status in bytes (Linux), e.g. `VmRSS` or `VmHWM`.
fn proc_status_bytes(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: usize = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Peak resident memory added by `work`: resets the kernel's high-water mark first
/// (`/proc/self/clear_refs`, value 5), so the figure is this step's own.
fn peak_added_by<T>(work: impl FnOnce() -> T) -> Option<(usize, T)> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    let before = proc_status_bytes("VmRSS")?;
    let out = work();
    let peak = proc_status_bytes("VmHWM")?;
    Some((peak.saturating_sub(before), out))
}

/// The Aachen sample with its schools repeated until the network has `n` institutions, each with
/// its own id and Schulnummer, so that validation does the full work.
fn big_network(n: usize) -> Vec<u8> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/staedteregion-aachen.json");
    let mut network = Network::from_path(path).unwrap();
    let template: Vec<_> = network
        .institutions
        .iter()
        .filter(|i| i.schulnummer.is_some() && i.schulform.is_some())
        .cloned()
        .collect();
    let mut k = 0;
    while network.institutions.len() < n {
        let mut inst = template.get(k % template.len()).unwrap().clone();
        inst.id = format!("gen-{k}");
        inst.schulnummer = Some(format!("{:06}", 200_000 + k));
        network.institutions.push(inst);
        k += 1;
    }
    network.to_json_pretty().into_bytes()
}

fn bench(c: &mut Criterion) {
    let bytes = big_network(10_000);
    let validator = Validator::new().unwrap();

    let measured = peak_added_by(|| {
        let network = Network::from_json_slice(&bytes).unwrap();
        validator.validate(&network)
    });
    match measured {
        Some((peak, report)) => {
            assert!(report.is_ok(), "{report}");
            println!(
                "document: {} bytes; peak resident memory added by load + validation: {} bytes = {:.2} x the document",
                bytes.len(),
                peak,
                peak as f64 / bytes.len() as f64
            );
        }
        None => println!("peak memory: /proc/self not available here"),
    }

    let mut group = c.benchmark_group("network_10000_institutions");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("load", |b| {
        b.iter(|| Network::from_json_slice(black_box(&bytes)).unwrap())
    });
    let network = Network::from_json_slice(&bytes).unwrap();
    group.bench_function("validate", |b| {
        b.iter(|| validator.validate(black_box(&network)))
    });
    group.bench_function("load_and_validate", |b| {
        b.iter(|| validator.check(black_box(&bytes)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
