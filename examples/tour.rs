//! A tour of bildungsnetz on the bundled sample data: `cargo run --release --example tour`
//! (the same as `bildungsnetz tour`). It lives in the package `bildungsnetz-tour` (tour/), so
//! running it compiles only the library and the tour: neither the library's test and benchmark
//! dependencies nor the command line's (clap, csv, Parquet and Arrow).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    bildungsnetz_tour::run(&mut std::io::stdout().lock())
}
