//! Runs the conformance cases: `cargo run --release --example conformance -- tests/conformance`
//!
//! Takes directories or single case files; prints each failure and a last line
//! `N passed, N failed`. Exits with 1 if a case failed, 2 if a file could not be read.

use std::path::Path;
use std::process::ExitCode;

use bildungsnetz::rules::conformance::{CaseResult, run_dir, run_file};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let targets = if args.is_empty() {
        vec!["tests/conformance".to_owned()]
    } else {
        args
    };
    let mut results: Vec<CaseResult> = Vec::new();
    for t in &targets {
        let r = if Path::new(t).is_dir() {
            run_dir(t)
        } else {
            run_file(t)
        };
        match r {
            Ok(r) => results.extend(r),
            Err(e) => {
                eprintln!("{t}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let mut failed = 0usize;
    for r in results.iter().filter(|r| !r.passed) {
        failed += 1;
        println!("FAIL {}:{}", r.file, r.id);
        for f in &r.failures {
            println!("  {f}");
        }
    }
    println!("{} passed, {} failed", results.len() - failed, failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
