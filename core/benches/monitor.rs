//! Monitoring benchmark (placeholder).
fn main() {}
