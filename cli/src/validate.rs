//! `pruefen` / `validate`: network documents, every problem with its code, JSON pointer,
//! message and hint — in German by default.

use std::path::PathBuf;

use bildungsnetz::calendar::SchoolYear;
use bildungsnetz::catalogue::GermanName;
use bildungsnetz::validate::{Problem, Report, Validator};
use clap::{Args, ValueEnum};

use crate::input::read_all;
use crate::text::Lang;
use crate::{CommandResult, Failure, Status, shown};

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    // For people.
    Text,
    // For programs.
    Json,
}

/// Arguments of `pruefen`.
#[derive(Args, Debug)]
pub(crate) struct ValidateArgs {
    /// Die Netzwerk-Dokumente (JSON).
    #[arg(value_name = "DATEI", required = true)]
    files: Vec<PathBuf>,
    /// Bericht als Text oder JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Schulform-Schlüssel gegen dieses Schuljahr prüfen (z. B. 2024/25).
    #[arg(
        long = "schuljahr",
        visible_alias = "school-year",
        value_name = "SCHULJAHR"
    )]
    school_year: Option<String>,
}

pub(crate) fn run(args: &ValidateArgs, lang: Lang) -> CommandResult {
    let mut validator = Validator::new().map_err(|e| Failure(e.to_string()))?;
    if let Some(year) = &args.school_year {
        let year: SchoolYear = year.parse().map_err(|_| {
            Failure(
                lang.pick(
                    "das Schuljahr hat die Form 2024/25",
                    "a school year is written 2024/25",
                )
                .to_owned(),
            )
        })?;
        validator = validator.in_school_year(year);
    }
    let mut status = Status::Ok;
    let mut json_reports = Vec::new();
    for path in &args.files {
        let bytes = match read_all(path, lang) {
            Ok(bytes) => bytes,
            Err(Failure(message)) => {
                eprintln!("{message}");
                status = Status::Unreadable;
                continue;
            }
        };
        let report = validator.check(&bytes);
        if !report.is_ok() && status == Status::Ok {
            status = Status::Problems;
        }
        match args.format {
            ReportFormat::Text => print_text(&shown(path), &report, lang),
            ReportFormat::Json => json_reports.push(json(&shown(path), &report, lang)),
        }
    }
    if args.format == ReportFormat::Json {
        say!("{}", serde_json::Value::Array(json_reports));
    }
    Ok(status)
}

fn message(problem: &Problem, lang: Lang) -> (String, Option<String>) {
    match lang {
        Lang::De => (problem.message_de(), Some(problem.hint_de())),
        Lang::En => (problem.message.clone(), problem.hint.clone()),
    }
}

fn print_text(file: &str, report: &Report, lang: Lang) {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let verdict = match (lang, report.is_ok()) {
        (Lang::De, true) => "gültig",
        (Lang::De, false) => "UNGÜLTIG",
        (Lang::En, true) => "valid",
        (Lang::En, false) => "INVALID",
    };
    say!(
        "{file}: {verdict} ({errors} {}, {warnings} {})",
        lang.pick("Fehler", "errors"),
        lang.pick("Warnungen", "warnings")
    );
    for problem in report.problems() {
        let level = match lang {
            Lang::De => problem.severity.name_de(),
            Lang::En => match problem.severity {
                bildungsnetz::validate::Severity::Error => "error",
                bildungsnetz::validate::Severity::Warning => "warning",
            },
        };
        let at = if problem.path.is_empty() {
            "/"
        } else {
            &problem.path
        };
        let position = match (problem.line, problem.column) {
            (Some(line), Some(column)) => format!(
                " ({} {line}, {} {column})",
                lang.pick("Zeile", "line"),
                lang.pick("Spalte", "column")
            ),
            _ => String::new(),
        };
        let (text, hint) = message(problem, lang);
        say!("  {level} [{}] {at}{position}: {text}", problem.code);
        if let Some(hint) = hint {
            say!("      {} {hint}", lang.pick("Hinweis:", "hint:"));
        }
    }
}

fn json(file: &str, report: &Report, lang: Lang) -> serde_json::Value {
    let problems: Vec<serde_json::Value> = report
        .problems()
        .iter()
        .map(|p| {
            let (message, hint) = message(p, lang);
            serde_json::json!({
                "code": p.code.as_str(),
                "severity": p.severity,
                "path": p.path,
                "line": p.line,
                "column": p.column,
                "message": message,
                "hint": hint,
                "message_en": p.message,
            })
        })
        .collect();
    serde_json::json!({ "file": file, "ok": report.is_ok(), "problems": problems })
}
