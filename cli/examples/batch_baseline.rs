//! The Rust batch path that `bildungsnetz entscheiden school_entry` is measured against: the
//! library's own CSV reader (`,`, ISO dates) into memory, then every learner decided with
//! [`RuleBook::evaluate_many`] (full decisions with explanations), then the lean
//! [`RuleBook::school_entry_lean`] on the same birth dates. Prints the time of each step.
//!
//! ```sh
//! cargo run --release -p bildungsnetz-cli --example batch_baseline -- kinder.csv 2025-08-01
//! ```

use std::error::Error;
use std::time::Instant;

use bildungsnetz::calendar::{Date, SchoolYear};
use bildungsnetz::rules::{Land, NO_DATE, RuleBook, Transition, read_learners_csv};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(as_of)) = (args.next(), args.next()) else {
        return Err("usage: batch_baseline FILE.csv YYYY-MM-DD".into());
    };
    let as_of: Date = as_of.parse()?;
    let book = RuleBook::embedded()?;

    let start = Instant::now();
    let learners = read_learners_csv(std::io::BufReader::new(std::fs::File::open(&path)?))?;
    let read = start.elapsed();

    let start = Instant::now();
    let decisions = book.evaluate_many(Transition::SchoolEntry, &learners, as_of);
    let decided = start.elapsed();
    let eligible = decisions
        .iter()
        .filter(|d| d.as_ref().is_ok_and(|d| d.outcome.code() == 1))
        .count();

    let start = Instant::now();
    let nrw_births: Vec<i32> = learners
        .iter()
        .map(|f| match (f.land, f.birth_date) {
            (Some(Land::NW), Some(born)) => born.day_number(),
            _ => NO_DATE,
        })
        .collect();
    let lean = book.school_entry_lean(Land::NW, SchoolYear::containing(as_of), &nrw_births)?;
    let lean_time = start.elapsed();
    let lean_eligible = lean.iter().filter(|d| d.outcome == 1).count();

    println!("{} learners", learners.len());
    println!("read_learners_csv:        {:>8.3} s", read.as_secs_f64());
    println!(
        "evaluate_many (full):     {:>8.3} s  ({eligible} eligible)",
        decided.as_secs_f64()
    );
    println!(
        "school_entry_lean (NW):   {:>8.3} s  ({lean_eligible} eligible)",
        lean_time.as_secs_f64()
    );
    println!(
        "read + evaluate_many:     {:>8.3} s",
        (read + decided).as_secs_f64()
    );
    Ok(())
}
