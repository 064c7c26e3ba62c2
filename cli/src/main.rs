//! The `bildungsnetz` command line (see the `bildungsnetz_cli` library for what it does).

fn main() -> std::process::ExitCode {
    bildungsnetz_cli::run()
}
