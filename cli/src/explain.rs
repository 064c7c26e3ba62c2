//! `erklaeren` / `explain` (one decision in full) and `wege` / `pathways` (next steps and routes
//! for one person).

use std::path::{Path, PathBuf};

use bildungsnetz::catalogue::{GermanName, fact_name_de};
use bildungsnetz::rules::{
    Abschluss, Bildungsgang, Decision, Goal, LearnerFacts, Outcome, RouteOptions, RuleBook,
    Transition,
};
use clap::Args;

use crate::input::read_all;
use crate::text::{Lang, date_or_today};
use crate::validate::ReportFormat;
use crate::{CommandResult, Failure, Status, shown};

/// Arguments of `erklaeren`.
#[derive(Args, Debug)]
pub(crate) struct ExplainArgs {
    /// Der Übergang, z. B. school_entry.
    #[arg(value_name = "UEBERGANG")]
    transition: String,
    /// Der Stichtag der Frage: 01.08.2025 oder 2025-08-01 (Vorgabe: heute).
    #[arg(long = "stand", visible_alias = "as-of", value_name = "DATUM")]
    as_of: Option<String>,
    /// Die Angaben zur Person als JSON-Objekt; - für die Standardeingabe.
    #[arg(long = "angaben", visible_alias = "facts", value_name = "DATEI")]
    facts: PathBuf,
    /// Ausgabe als Text oder JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

/// Arguments of `wege`.
#[derive(Args, Debug)]
pub(crate) struct PathwaysArgs {
    /// Der Stichtag: 15.06.2025 oder 2025-06-15 (Vorgabe: heute).
    #[arg(long = "stand", visible_alias = "as-of", value_name = "DATUM")]
    as_of: Option<String>,
    /// Die Angaben zur Person als JSON-Objekt; - für die Standardeingabe.
    #[arg(long = "angaben", visible_alias = "facts", value_name = "DATEI")]
    facts: PathBuf,
    /// Das Ziel: universitaet, fachhochschule, ausbildung oder ein Abschluss (MSA, FHR, ABITUR, …).
    #[arg(long = "ziel", visible_alias = "goal", value_name = "ZIEL")]
    goal: Option<String>,
    /// Wie viele Wege höchstens gezeigt werden.
    #[arg(long = "wege", visible_alias = "routes", default_value_t = 3)]
    routes: u8,
    /// Ausgabe als Text oder JSON.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

/// Reads one person's facts from a JSON file (errors name the field, never its value).
fn read_facts(path: &Path, lang: Lang) -> Result<LearnerFacts, Failure> {
    let bytes = read_all(path, lang)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Failure(format!(
            "{}: {}",
            shown(path),
            lang.pick("nicht UTF-8-kodiert", "not UTF-8")
        ))
    })?;
    let text = text.trim_start_matches('\u{feff}');
    LearnerFacts::from_json(text)
        .map_err(|e| Failure(format!("{}: {}", shown(path), lang.rule_error(&e))))
}

fn parse_transition(text: &str, lang: Lang) -> Result<Transition, Failure> {
    text.parse().map_err(|_| {
        let known: Vec<&str> = Transition::ALL.iter().map(|t| t.id()).collect();
        Failure(format!(
            "{} „{text}“ — {}: {}",
            lang.pick("unbekannter Übergang", "unknown transition"),
            lang.pick("bekannt sind", "known are"),
            known.join(", ")
        ))
    })
}

fn book(lang: Lang) -> Result<RuleBook, Failure> {
    RuleBook::embedded().map_err(|e| Failure(lang.rule_error(&e)))
}

pub(crate) fn run_explain(args: &ExplainArgs, lang: Lang) -> CommandResult {
    let transition = parse_transition(&args.transition, lang)?;
    let as_of = date_or_today(args.as_of.as_deref(), lang)?;
    let facts = read_facts(&args.facts, lang)?;
    let book = book(lang)?;
    let decision = match book.evaluate(transition, &facts, as_of) {
        Ok(decision) => decision,
        Err(error) => {
            eprintln!("{}", lang.rule_error(&error));
            return Ok(Status::Problems);
        }
    };
    match args.format {
        ReportFormat::Json => say!(
            "{}",
            serde_json::to_string_pretty(&decision).map_err(|e| Failure(e.to_string()))?
        ),
        ReportFormat::Text => print_decision(&decision, lang),
    }
    Ok(Status::Ok)
}

fn transition_name(t: Transition, lang: Lang) -> String {
    match lang {
        Lang::De => format!("{} ({})", t.name_de(), t.id()),
        Lang::En => t.id().to_owned(),
    }
}

fn fact_name(field: &str, lang: Lang) -> String {
    match (lang, fact_name_de(field)) {
        (Lang::De, Some(name)) => format!("{name} ({field})"),
        _ => field.to_owned(),
    }
}

fn print_decision(d: &Decision, lang: Lang) {
    let mut head = format!(
        "{} — {} {}",
        transition_name(d.transition, lang),
        lang.pick("Stand", "as of"),
        lang.date(d.as_of)
    );
    if let Some(land) = d.land {
        head.push_str(&format!(
            ", {}",
            match lang {
                Lang::De => land.name_de(),
                Lang::En => land.code(),
            }
        ));
    }
    if let Some(year) = d.school_year {
        head.push_str(&format!(
            ", {} {year}",
            lang.pick("Schuljahr", "school year")
        ));
    }
    say!("{head}");
    let mut outcome = format!(
        "{}: {}",
        lang.pick("Ergebnis", "Outcome"),
        lang.outcome(d.outcome)
    );
    if let Some(date) = d.effective_date {
        outcome.push_str(&format!(
            ", {} {}",
            lang.pick("wirksam ab", "effective"),
            lang.date(date)
        ));
    }
    if let Some(date) = d.eligible_from {
        outcome.push_str(&format!(
            ", {} {}",
            lang.pick("berechtigt ab", "eligible from"),
            lang.date(date)
        ));
    }
    say!("{outcome}");
    say!(
        "{}",
        match lang {
            Lang::De => &d.explanation_de,
            Lang::En => &d.explanation_en,
        }
    );
    say!("\n{}", lang.pick("Geprüfte Regeln:", "Checks:"));
    for check in &d.checks {
        let result = match lang {
            Lang::De => check.result.name_de().to_owned(),
            Lang::En => serde_json::to_value(check.result)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        };
        let marker = if check.determining {
            lang.pick(" (maßgeblich)", " (determining)")
        } else {
            ""
        };
        say!("  [{result}] {}{marker}", check.rule_id);
        say!(
            "      {} {}",
            lang.pick("Rechtsgrundlage:", "Legal basis:"),
            check.citation
        );
        if !check.facts_used.is_empty() {
            let used: Vec<String> = check
                .facts_used
                .iter()
                .map(|f| fact_name(f, lang))
                .collect();
            say!(
                "      {} {}",
                lang.pick("Angaben:", "Facts:"),
                used.join(", ")
            );
        }
        if !check.note.is_empty() {
            say!(
                "      {} {}",
                lang.pick("Vermerk (englisch):", "Note:"),
                check.note
            );
        }
    }
    if !d.missing_facts.is_empty() {
        let missing: Vec<String> = d.missing_facts.iter().map(|f| fact_name(f, lang)).collect();
        say!(
            "\n{} {}",
            lang.pick("Fehlende Angaben:", "Missing facts:"),
            missing.join(", ")
        );
    }
    if !d.details.is_empty() {
        say!("\n{}", lang.pick("Weitere Ergebnisse:", "Details:"));
        for (key, value) in &d.details {
            say!("  {key} = {value}");
        }
    }
}

/// Reads a goal: a study goal, a vocational training, or a qualification code.
fn parse_goal(text: &str, lang: Lang) -> Result<Goal, Failure> {
    match text.to_lowercase().as_str() {
        "universitaet" | "universität" | "university" => Ok(Goal::Universitaet),
        "fachhochschule" | "fh" => Ok(Goal::Fachhochschule),
        "ausbildung" | "berufsausbildung" | "vocational_training" => Ok(Goal::VocationalTraining),
        _ => bildungsnetz::vocabulary::qualification(text)
            .map(Goal::Qualification)
            .ok_or_else(|| {
                let codes: Vec<&str> = Abschluss::ALL.iter().map(|a| a.code()).collect();
                Failure(format!(
                    "{} „{text}“ — {}: universitaet, fachhochschule, ausbildung, {}",
                    lang.pick("unbekanntes Ziel", "unknown goal"),
                    lang.pick("möglich sind", "possible are"),
                    codes.join(", ")
                ))
            }),
    }
}

pub(crate) fn run_pathways(args: &PathwaysArgs, lang: Lang) -> CommandResult {
    let as_of = date_or_today(args.as_of.as_deref(), lang)?;
    let facts = read_facts(&args.facts, lang)?;
    let goal = args
        .goal
        .as_deref()
        .map(|g| parse_goal(g, lang))
        .transpose()?;
    let book = book(lang)?;
    let steps = book
        .next_steps(&facts, as_of)
        .map_err(|e| Failure(lang.rule_error(&e)))?;
    let options = RouteOptions {
        max_routes: args.routes,
        ..RouteOptions::default()
    };
    let routes = match goal {
        Some(goal) => book
            .routes(&facts, as_of, goal, &options)
            .map_err(|e| Failure(lang.rule_error(&e)))?,
        None => Vec::new(),
    };
    if args.format == ReportFormat::Json {
        let value = serde_json::json!({ "next_steps": steps, "routes": routes });
        say!("{value}");
        return Ok(Status::Ok);
    }
    say!(
        "{} {}",
        lang.pick("Nächste Schritte, Stand", "Next steps as of"),
        lang.date(as_of)
    );
    for step in &steps {
        let mark = match step.decision.outcome {
            Outcome::Eligible => "✔",
            Outcome::Discretionary => "?",
            Outcome::NotEligible => "✘",
            Outcome::Undetermined => "…",
        };
        say!(
            "  {mark} {} — {}",
            transition_name(step.transition, lang),
            lang.outcome(step.decision.outcome)
        );
    }
    if let Some(goal) = goal {
        let goal_name = match lang {
            Lang::De => goal.name_de().to_owned(),
            Lang::En => serde_json::to_string(&goal).unwrap_or_default(),
        };
        say!("\n{} {goal_name}:", lang.pick("Wege zum Ziel", "Routes to"));
        if routes.is_empty() {
            say!("  {}", lang.pick("kein Weg gefunden", "no route found"));
        }
        for (n, route) in routes.iter().enumerate() {
            say!(
                "  {} {} ({} {}):",
                lang.pick("Weg", "Route"),
                n + 1,
                route.total_months,
                lang.pick("Monate", "months")
            );
            for step in &route.steps {
                let what = match step.bildungsgang.and_then(Bildungsgang::find) {
                    Some(gang) => format!("Berufskolleg {} ({})", gang.code, gang.name_de),
                    None => transition_name(step.transition, lang),
                };
                let explanation = match lang {
                    Lang::De => &step.decision.explanation_de,
                    Lang::En => &step.decision.explanation_en,
                };
                say!(
                    "    – {} {}: {what}",
                    lang.pick("ab", "from"),
                    lang.date(step.as_of)
                );
                say!("      {explanation}");
            }
        }
    }
    Ok(Status::Ok)
}
