//! `verzeichnis` / `import-directory`: the NRW school directory into an institution list, with
//! the importer's report on every bad row.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bildungsnetz::catalogue::GermanName;
use bildungsnetz::io::directory::{ImportProblem, ImportResult, Importer};
use bildungsnetz::validate::Severity;
use clap::Args;

use crate::input::{read_all, unwritable};
use crate::text::Lang;
use crate::validate::ReportFormat;
use crate::{CommandResult, Failure, Status, shown};

/// How many problems the text report lists unless `--alle` is given.
const LISTED_PROBLEMS: usize = 50;

/// Arguments of `verzeichnis`.
#[derive(Args, Debug)]
pub(crate) struct DirectoryArgs {
    /// Die Verzeichnisdatei (Schuldaten des Ministeriums oder Schulverzeichnis 2024/25).
    #[arg(value_name = "DATEI")]
    file: PathBuf,
    /// Die Einrichtungsliste (JSON) hierhin schreiben.
    #[arg(
        short = 'o',
        long = "ausgabe",
        visible_alias = "output",
        value_name = "DATEI"
    )]
    output: Option<PathBuf>,
    /// Quellenangabe für die Einrichtungsliste (z. B. die Lizenz).
    #[arg(long = "quelle", visible_alias = "source", value_name = "TEXT")]
    source: Option<String>,
    /// Jedes Problem auflisten, nicht nur die ersten 50.
    #[arg(long = "alle", visible_alias = "all")]
    all: bool,
    /// Bericht als Text oder JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

pub(crate) fn run(args: &DirectoryArgs, lang: Lang) -> CommandResult {
    let bytes = read_all(&args.file, lang)?;
    let importer = Importer::new().map_err(|e| Failure(e.to_string()))?;
    let result = importer.read(bytes.as_slice());
    let status = if result.is_ok() {
        Status::Ok
    } else {
        Status::Problems
    };
    match args.format {
        ReportFormat::Text => print_text(&shown(&args.file), &result, args.all, lang),
        ReportFormat::Json => {
            let problems: Vec<serde_json::Value> = result
                .problems
                .iter()
                .map(|p| problem_json(p, lang))
                .collect();
            let value = serde_json::json!({
                "file": shown(&args.file),
                "format": result.format,
                "rows": result.rows,
                "imported": result.institutions.len(),
                "rejected": result.rejected,
                "problems": problems,
            });
            say!("{value}");
        }
    }
    if let Some(path) = &args.output {
        let list = result.into_list(args.source.clone());
        std::fs::write(path, list.to_json_pretty()).map_err(|e| unwritable(path, &e, lang))?;
        eprintln!(
            "{}: {} {}",
            shown(path),
            lang.count(list.institutions.len()),
            lang.pick("Einrichtungen geschrieben", "institutions written")
        );
    }
    Ok(status)
}

fn message(problem: &ImportProblem, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{} ({})", problem.code.message_de(), problem.message),
        Lang::En => problem.message.clone(),
    }
}

fn problem_json(problem: &ImportProblem, lang: Lang) -> serde_json::Value {
    serde_json::json!({
        "code": problem.code.as_str(),
        "severity": problem.severity,
        "line": problem.line,
        "column": problem.column,
        "message": message(problem, lang),
        "id": problem.id,
        "occurrences": problem.occurrences,
    })
}

fn print_text(file: &str, result: &ImportResult, all: bool, lang: Lang) {
    let format = result.format.map_or_else(
        || lang.pick("unbekannt", "unknown").to_owned(),
        |f| f.to_string(),
    );
    say!(
        "{file}: {} {format}; {} {}, {} {}, {} {}",
        lang.pick("Format", "format"),
        lang.count(result.rows),
        lang.pick("Zeilen", "rows"),
        lang.count(result.institutions.len()),
        lang.pick("übernommen", "imported"),
        lang.count(result.rejected),
        lang.pick("abgelehnt", "rejected"),
    );
    let mut by_code: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for p in &result.problems {
        *by_code
            .entry((severity(p.severity, lang), p.code.as_str()))
            .or_default() += p.occurrences;
    }
    for ((level, code), n) in &by_code {
        say!("  {level} [{code}]: {}", lang.count(*n));
    }
    let shown_problems = if all {
        result.problems.len()
    } else {
        LISTED_PROBLEMS
    };
    for p in result.problems.iter().take(shown_problems) {
        let column = p
            .column
            .as_deref()
            .map_or_else(String::new, |c| format!(", {c}"));
        say!(
            "  {} {}{column}: {} [{}] {}",
            lang.pick("Zeile", "line"),
            p.line,
            severity(p.severity, lang),
            p.code,
            message(p, lang)
        );
    }
    if result.problems.len() > shown_problems {
        say!(
            "  … {} {} (--alle)",
            lang.count(result.problems.len() - shown_problems),
            lang.pick("weitere", "more")
        );
    }
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match (lang, s) {
        (Lang::De, s) => s.name_de(),
        (Lang::En, Severity::Error) => "error",
        (Lang::En, Severity::Warning) => "warning",
    }
}
