//! The `bildungsnetz` command line: every feature of the library for the people in a
//! Bildungsbüro or a Schulamt, in German by default (`--lang en` switches to English), reading
//! and writing the files these offices already have — German Excel exports with `;`, a BOM or
//! Windows-1252, dates `TT.MM.JJJJ` and decimal commas.
//!
//! A thin adapter over the `bildungsnetz` crate, like the C and Python bindings: no rule, check
//! or computation of its own. Learner records are children's personal data: no message names a
//! person's value, only the file, the line and the column.
//!
//! Exit codes: 0 everything was processed and nothing is wrong, 1 the input has problems (the
//! report says which), 2 the input could not be read or the call is wrong.

/// Prints a line to standard output. A closed pipe (`bildungsnetz recht | head`) ends the
/// program quietly; any other failure to write ends it with exit code 2 — never a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(error) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(&error);
        }
    }};
}

mod decide;
mod directory;
mod explain;
mod input;
mod law;
mod monitor;
mod text;
/// The tour of the sample data (`bildungsnetz tour`): the crate `bildungsnetz-tour`.
pub use bildungsnetz_tour as tour;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use text::Lang;

/// The outcome of a command, as its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// 0: processed, nothing wrong.
    Ok,
    /// 1: processed, the input has problems.
    Problems,
    /// 2: the input could not be read, or the call is wrong.
    Unreadable,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Ok => 0,
            Status::Problems => 1,
            Status::Unreadable => 2,
        })
    }
}

/// A failure that ends a command: a message for stderr (never a person's value) and exit code 2.
#[derive(Debug)]
struct Failure(String);

type CommandResult = Result<Status, Failure>;

const HELP_TEMPLATE_DE: &str = "{about-with-newline}\nAufruf: {usage}\n\n{all-args}{after-help}";
const HELP_TEMPLATE_EN: &str = "{about-with-newline}\nUsage: {usage}\n\n{all-args}{after-help}";

/// Bildungsnetz: Prüfen, Entscheiden und Auswerten für Bildungsbüro und Schulamt.
#[derive(Parser, Debug)]
#[command(
    name = "bildungsnetz",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Befehle",
    subcommand_value_name = "BEFEHL",
    next_help_heading = "Optionen",
    after_help = "Rückgabewerte: 0 alles in Ordnung, 1 die Eingabe hat Probleme (siehe Bericht), \
                  2 die Eingabe ist nicht lesbar oder der Aufruf ist falsch.\n\
                  Hilfe zu einem Befehl: bildungsnetz BEFEHL --help"
)]
struct Cli {
    /// Sprache der Ausgabe und der Hilfe: de (Deutsch) oder en (English).
    #[arg(long, global = true, value_enum, default_value_t = Lang::De)]
    lang: Lang,
    /// Hilfe anzeigen.
    #[arg(short = 'h', long = "help", global = true, action = ArgAction::Help)]
    help: Option<bool>,
    /// Version anzeigen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
enum Command {
    /// Netzwerk-Dokumente prüfen: jedes Problem mit Code, Fundstelle (JSON-Pointer), Meldung und Hinweis.
    #[command(name = "pruefen", visible_alias = "validate")]
    Validate(validate::ValidateArgs),
    /// Übergänge für viele Personen entscheiden: CSV, JSON Lines, Parquet oder Arrow hinein, eine CSV-Zeile je Person heraus.
    #[command(name = "entscheiden", visible_alias = "decide")]
    Decide(decide::DecideArgs),
    /// Eine Entscheidung ausführlich begründen: geprüfte Regeln, Rechtsgrundlagen, fehlende Angaben.
    #[command(name = "erklaeren", visible_alias = "explain")]
    Explain(explain::ExplainArgs),
    /// Wege für eine Person: mögliche nächste Schritte und die kürzesten Wege zu einem Ziel.
    #[command(name = "wege", visible_alias = "pathways")]
    Pathways(explain::PathwaysArgs),
    /// NRW-Schulverzeichnis einlesen: Einrichtungsliste mit Bericht über jede fehlerhafte Zeile.
    #[command(name = "verzeichnis", visible_alias = "import-directory")]
    Directory(directory::DirectoryArgs),
    /// Bildungsmonitoring: Kennzahlen mit Geheimhaltung als CSV (auf Wunsch mit ; und Dezimalkomma) und SVG.
    #[command(name = "monitor")]
    Monitor(monitor::MonitorArgs),
    /// Das angewandte Recht: Regeln in Kraft an einem Tag, ihre Fassungen, Fundstellen und Quellen.
    #[command(name = "recht", visible_alias = "law")]
    Law(law::LawArgs),
    /// Rundgang durch die Beispieldaten.
    #[command(name = "tour")]
    Tour(TourArgs),
}

/// Arguments of `tour`.
#[derive(Args, Debug)]
struct TourArgs {}

/// English texts for the help: (subcommand or "" for the top level, argument id or "" for the
/// command's own text, text).
const ENGLISH_HELP: &[(&str, &str, &str)] = &[
    (
        "",
        "",
        "Bildungsnetz: validate, decide and report for education offices and school authorities.",
    ),
    (
        "",
        "lang",
        "Language of output and help: de (Deutsch) or en (English).",
    ),
    ("", "help", "Print help."),
    ("", "version", "Print version."),
    (
        "pruefen",
        "",
        "Validate network documents: every problem with code, location (JSON pointer), message and hint.",
    ),
    ("pruefen", "files", "The network documents (JSON)."),
    ("pruefen", "format", "Report as text or JSON."),
    (
        "pruefen",
        "school_year",
        "Check Schulform keys against this school year (e.g. 2024/25).",
    ),
    (
        "entscheiden",
        "",
        "Decide a transition for many learners: CSV, JSON Lines, Parquet or Arrow in, one CSV row per learner out.",
    ),
    (
        "entscheiden",
        "transition",
        "The transition (e.g. school_entry); `recht` and the help list them all.",
    ),
    (
        "entscheiden",
        "as_of",
        "The day asked about: 2025-08-01 or 01.08.2025.",
    ),
    (
        "entscheiden",
        "input",
        "Learner records: CSV (`;`, `,` or tab; UTF-8, with BOM, or Windows-1252), JSON Lines, Parquet or Arrow IPC (Feather); - for stdin.",
    ),
    ("entscheiden", "output", "The result CSV; - for stdout."),
    (
        "entscheiden",
        "errors",
        "Where bad rows go (default: beside the output, *.fehler.csv).",
    ),
    (
        "entscheiden",
        "format",
        "Input format (default: from the file's first bytes and name; .jsonl/.ndjson are JSON Lines, .parquet Parquet, .arrow/.feather/.ipc Arrow IPC).",
    ),
    (
        "entscheiden",
        "delimiter",
        "CSV delimiter (default: detected from the header).",
    ),
    (
        "erklaeren",
        "",
        "Explain one decision in full: checks, citations, missing facts.",
    ),
    (
        "erklaeren",
        "transition",
        "The transition (e.g. school_entry).",
    ),
    (
        "erklaeren",
        "as_of",
        "The day asked about: 2025-08-01 or 01.08.2025 (default: today).",
    ),
    (
        "erklaeren",
        "facts",
        "The person's facts as a JSON object; - for stdin.",
    ),
    ("erklaeren", "format", "Output as text or JSON."),
    (
        "wege",
        "",
        "Pathways for one person: possible next steps and the shortest routes to a goal.",
    ),
    (
        "wege",
        "as_of",
        "The day asked about: 2025-06-15 or 15.06.2025 (default: today).",
    ),
    (
        "wege",
        "facts",
        "The person's facts as a JSON object; - for stdin.",
    ),
    (
        "wege",
        "goal",
        "The goal: universitaet, fachhochschule, ausbildung, or a qualification code (MSA, FHR, ABITUR, …).",
    ),
    ("wege", "routes", "How many routes to show at most."),
    ("wege", "format", "Output as text or JSON."),
    (
        "verzeichnis",
        "",
        "Import the NRW school directory: an institution list and a report on every bad row.",
    ),
    (
        "verzeichnis",
        "file",
        "The directory file (ministry Schuldaten or the 2024/25 Schulverzeichnis).",
    ),
    (
        "verzeichnis",
        "output",
        "Write the institution list (JSON) here.",
    ),
    (
        "verzeichnis",
        "source",
        "Source note for the institution list (e.g. the licence).",
    ),
    (
        "verzeichnis",
        "all",
        "List every problem, not only the first 50.",
    ),
    ("verzeichnis", "format", "Report as text or JSON."),
    (
        "monitor",
        "",
        "Monitoring: indicators with disclosure control as CSV (German ; and decimal comma on request) and SVG.",
    ),
    (
        "monitor",
        "records",
        "Learner-level monitoring records: CSV (`;`, `,` or tab; UTF-8, with BOM, or Windows-1252) or JSON Lines.",
    ),
    (
        "monitor",
        "delimiter",
        "Delimiter of the records CSV (default: detected from the header).",
    ),
    (
        "monitor",
        "directory",
        "Instead of records: a school directory file (schools and pupils per Kommune).",
    ),
    (
        "monitor",
        "school_year",
        "The school year counted (e.g. 2024/25).",
    ),
    (
        "monitor",
        "kommunen",
        "The Kommunen (8-digit AGS, comma-separated).",
    ),
    (
        "monitor",
        "network",
        "Take the Kommunen from this network document.",
    ),
    (
        "monitor",
        "ags",
        "Directory only: the AGS prefix in scope (05 all NRW, 05334 StädteRegion Aachen).",
    ),
    ("monitor", "out", "The output folder."),
    (
        "monitor",
        "german",
        "German CSV: `;` and decimal comma (for Excel).",
    ),
    ("monitor", "svg", "Also draw one SVG bar chart per table."),
    (
        "monitor",
        "register",
        "Register of earlier releases (JSON): read, respected (cells shown stay shown, cells suppressed stay suppressed) and extended by this release; created if the file does not exist.",
    ),
    (
        "monitor",
        "release",
        "With --register: the name of this release (e.g. \"Bildungsbericht 2025\").",
    ),
    (
        "monitor",
        "date",
        "With --register: the date of this release (YYYY-MM-DD).",
    ),
    (
        "monitor",
        "min_frequency",
        "Suppress cells with fewer cases (default 3; at least 1).",
    ),
    (
        "monitor",
        "round",
        "After suppression, round every value to a multiple of this base (IT.NRW: 5; at least 1).",
    ),
    (
        "monitor",
        "allow_empty",
        "Also write indicators that counted no record (otherwise an error naming the reasons).",
    ),
    (
        "recht",
        "",
        "The law applied: rules in force on a day, their versions, citations and source notes.",
    ),
    (
        "recht",
        "at",
        "The day: 2025-08-01 or 01.08.2025 (default: today).",
    ),
    (
        "recht",
        "rule",
        "One rule in full, with every version (e.g. nrw.einschulung.stichtag).",
    ),
    ("tour", "", "A tour of the sample data."),
];

/// Sets the help texts and headings of `cmd` (and its subcommands) for the language.
fn localise(cmd: clap::Command, lang: Lang) -> clap::Command {
    let cmd = localise_one(cmd, "", lang);
    if lang == Lang::De {
        return cmd.mut_subcommands(|sub| {
            let name = sub.get_name().to_owned();
            localise_one(sub, &name, lang)
        });
    }
    cmd.subcommand_help_heading("Commands")
        .subcommand_value_name("COMMAND")
        .after_help(
            "Exit codes: 0 all fine, 1 the input has problems (see the report), 2 the input \
             cannot be read or the call is wrong.\nHelp on a command: bildungsnetz COMMAND --help",
        )
        .mut_subcommands(|sub| {
            let name = sub.get_name().to_owned();
            localise_one(sub, &name, lang)
        })
}

fn localise_one(mut cmd: clap::Command, name: &str, lang: Lang) -> clap::Command {
    cmd = cmd.help_template(lang.pick(HELP_TEMPLATE_DE, HELP_TEMPLATE_EN));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (order, id) in ids.iter().enumerate() {
        cmd = cmd.mut_arg(id, |arg| {
            // Global arguments (language, help) after the command's own.
            let order = if arg.is_global_set() || id == "help" || id == "version" {
                order + 1000
            } else {
                order
            };
            let arg = arg.display_order(order);
            let heading = match arg.is_positional() {
                true => lang.pick("Argumente", "Arguments"),
                false => lang.pick("Optionen", "Options"),
            };
            let arg = arg.help_heading(heading);
            match (lang, english(name, id)) {
                (Lang::En, Some(text)) => arg.help(text),
                _ => arg,
            }
        });
    }
    match (lang, english(name, "")) {
        (Lang::En, Some(text)) => cmd.about(text),
        _ => cmd,
    }
}

fn english(command: &str, arg: &str) -> Option<&'static str> {
    ENGLISH_HELP
        .iter()
        .find(|(c, a, _)| *c == command && *a == arg)
        .map(|(_, _, text)| *text)
}

/// The language asked for on the command line, read before parsing so that the help is in it.
fn language_of(args: &[String]) -> Lang {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next().map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(value) = value {
            return Lang::from_str(value, true).unwrap_or(Lang::De);
        }
    }
    Lang::De
}

/// Runs the command line with the process's arguments and returns its exit code.
pub fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let lang = language_of(&args);
    let matches = match localise(Cli::command(), lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return usage_error(&e, lang),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, lang),
    };
    let lang = cli.lang;
    let result = match cli.command {
        Command::Validate(a) => validate::run(&a, lang),
        Command::Decide(a) => decide::run(&a, lang),
        Command::Explain(a) => explain::run_explain(&a, lang),
        Command::Pathways(a) => explain::run_pathways(&a, lang),
        Command::Directory(a) => directory::run(&a, lang),
        Command::Monitor(a) => monitor::run(&a, lang),
        Command::Law(a) => law::run(&a, lang),
        Command::Tour(_) => match tour::run(&mut std::io::stdout().lock()) {
            Ok(()) => Ok(Status::Ok),
            Err(e) => match e.downcast_ref::<std::io::Error>() {
                Some(io) => stdout_failed(io),
                None => Err(Failure(e.to_string())),
            },
        },
    };
    match result {
        Ok(status) => status.into(),
        Err(Failure(message)) => {
            eprintln!(
                "{}: {message}",
                lang.pick("bildungsnetz: Fehler", "bildungsnetz: error")
            );
            Status::Unreadable.into()
        }
    }
}

/// Prints what clap found (an error in the call, or the help or version asked for): errors in
/// German unless `--lang en`; exit code 2 for an error, 0 for help and version.
fn usage_error(error: &clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind;
    let shows_help = matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    match (lang, shows_help) {
        (Lang::En, _) => {
            let _ = error.print();
        }
        (Lang::De, false) => eprint!("{}", text::usage_error_de(error)),
        // The help is German already, but for clap's placeholders and notes (`[OPTIONS]`,
        // `[default: …]`): plain text, without clap's colours.
        (Lang::De, true) => {
            let help = text::german_help(&error.render().to_string());
            if error.use_stderr() {
                eprint!("{help}");
            } else {
                say!("{}", help.trim_end_matches('\n'));
            }
        }
    }
    if error.use_stderr() {
        Status::Unreadable.into()
    } else {
        Status::Ok.into()
    }
}

/// Ends the program after standard output failed (see `say!`).
fn stdout_failed(error: &std::io::Error) -> ! {
    if error.kind() != std::io::ErrorKind::BrokenPipe {
        eprintln!("bildungsnetz: {error}");
    }
    std::process::exit(2)
}

/// A path argument that may be `-` for standard input or output.
fn is_std(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// A path given on the command line, as messages name it.
fn shown(path: &std::path::Path) -> String {
    if is_std(path) {
        "<stdin>".to_owned()
    } else {
        path.display().to_string()
    }
}

/// A path for output files derived from another one: `out.csv` → `out.fehler.csv`.
fn sibling(path: &std::path::Path, suffix: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map_or_else(|| "ausgabe".into(), |s| s.to_string_lossy().into_owned());
    path.with_file_name(format!("{stem}.{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
        localise(Cli::command(), Lang::En).debug_assert();
    }

    #[test]
    fn every_english_text_names_an_existing_argument() {
        let cmd = Cli::command();
        for (command, arg, _) in ENGLISH_HELP {
            let sub = if command.is_empty() {
                Some(&cmd)
            } else {
                cmd.find_subcommand(command)
            };
            let Some(sub) = sub else {
                panic!("no subcommand {command}")
            };
            assert!(
                arg.is_empty() || sub.get_arguments().any(|a| a.get_id() == *arg),
                "{command} {arg}"
            );
        }
    }

    #[test]
    fn language_is_read_before_parsing() {
        let args = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(language_of(&args("bildungsnetz --lang en recht")), Lang::En);
        assert_eq!(language_of(&args("bildungsnetz recht --lang=en")), Lang::En);
        assert_eq!(language_of(&args("bildungsnetz recht")), Lang::De);
    }
}
