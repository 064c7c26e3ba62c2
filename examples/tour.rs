//! A tour of bildungsnetz on the bundled sample data.
fn main() {}
