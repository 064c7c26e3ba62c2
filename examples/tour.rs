//! A tour of bildungsnetz on the bundled sample data: `cargo run --release --example tour`
//! (the same as `bildungsnetz tour`). It lives in the command line's package, so running it
//! compiles neither the test nor the benchmark dependencies of the library.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    bildungsnetz_cli::tour::run(&mut std::io::stdout().lock())
}
