//! Benchmarks of the eligibility engine (filled in below).
#![allow(missing_docs)]
fn main() {}
