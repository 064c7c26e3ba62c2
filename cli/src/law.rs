//! `recht` / `law`: the law the library applies, browsable — the rules in force on a day, their
//! versions, citations and source notes (`[U]` marks what was not verified against the legal
//! text).

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::RuleBook;
use bildungsnetz::rules::law::{Counting, RuleVersion, Value};
use clap::Args;

use crate::text::{Lang, date_or_today};
use crate::{CommandResult, Failure, Status};

/// Arguments of `recht`.
#[derive(Args, Debug)]
pub(crate) struct LawArgs {
    /// Der Tag: 01.08.2025 oder 2025-08-01 (Vorgabe: heute).
    #[arg(long = "am", visible_alias = "at", value_name = "DATUM")]
    at: Option<String>,
    /// Eine Regel ausführlich, mit allen Fassungen (z. B. nrw.einschulung.stichtag).
    #[arg(value_name = "REGEL")]
    rule: Option<String>,
}

pub(crate) fn run(args: &LawArgs, lang: Lang) -> CommandResult {
    let day = date_or_today(args.at.as_deref(), lang)?;
    let book = RuleBook::embedded().map_err(|e| Failure(lang.rule_error(&e)))?;
    match &args.rule {
        Some(rule) => one_rule(&book, rule, day, lang),
        None => {
            in_force(&book, day, lang);
            Ok(Status::Ok)
        }
    }
}

fn in_force(book: &RuleBook, day: Date, lang: Lang) {
    say!(
        "{} {}",
        lang.pick("Regeln in Kraft am", "Rules in force on"),
        lang.date(day)
    );
    let mut not_in_force = Vec::new();
    for id in book.rule_ids() {
        match book.rule_in_force(id, day) {
            Some((_, version)) => {
                let unverified = if version.source.contains("[U]") {
                    lang.pick(
                        "  [U: nicht am Gesetzestext geprüft]",
                        "  [U: not verified]",
                    )
                } else {
                    ""
                };
                say!("  {id}{unverified}");
                say!("      {}", short(version));
                if let Some(value) = &version.value {
                    say!(
                        "      {} {}",
                        lang.pick("Wert:", "Value:"),
                        describe(value, lang)
                    );
                }
            }
            None => not_in_force.push(id),
        }
    }
    if !not_in_force.is_empty() {
        say!(
            "\n{} {}",
            lang.pick("An diesem Tag nicht in Kraft:", "Not in force on that day:"),
            not_in_force.join(", ")
        );
    }
    say!(
        "\n{}",
        lang.pick(
            "Einzelheiten zu einer Regel: bildungsnetz recht REGEL",
            "Details of one rule: bildungsnetz law RULE"
        )
    );
}

fn short(version: &RuleVersion) -> &str {
    version
        .short_citation
        .as_deref()
        .unwrap_or(&version.citation)
}

fn one_rule(book: &RuleBook, rule: &str, day: Date, lang: Lang) -> CommandResult {
    let Some(description) = book.rule_description(rule) else {
        eprintln!(
            "{} „{rule}“ — {}",
            lang.pick("unbekannte Regel", "unknown rule"),
            lang.pick(
                "bildungsnetz recht listet alle",
                "bildungsnetz law lists them all"
            )
        );
        return Ok(Status::Problems);
    };
    let in_force = book.rule_in_force(rule, day).map(|(i, _)| i);
    say!("{rule}");
    say!(
        "{} {description}",
        lang.pick("Inhalt (englisch):", "Description:")
    );
    for (index, version) in book.rule_versions(rule) {
        let until = version
            .until
            .map_or_else(|| lang.pick("heute", "today").to_owned(), |d| lang.date(d));
        let mark = if Some(index) == in_force {
            format!(
                "  ← {} {}",
                lang.pick("in Kraft am", "in force on"),
                lang.date(day)
            )
        } else {
            String::new()
        };
        say!(
            "\n  {} {} – {until}{mark}",
            lang.pick("Fassung", "Version"),
            lang.date(version.from)
        );
        say!(
            "    {} {}",
            lang.pick("Fundstelle:", "Citation:"),
            version.citation
        );
        if let Some(value) = &version.value {
            say!(
                "    {} {}",
                lang.pick("Wert:", "Value:"),
                describe(value, lang)
            );
        }
        say!("    {} {}", lang.pick("Quelle:", "Source:"), version.source);
    }
    Ok(Status::Ok)
}

/// A rule's parameter value in words.
fn describe(value: &Value, lang: Lang) -> String {
    match (value, lang) {
        (
            Value::Cutoff {
                age,
                month,
                day,
                counting,
            },
            Lang::De,
        ) => {
            let count = match counting {
                Counting::StartOfDay => "bis zum Beginn des",
                Counting::EndOfDay => "bis zum Ende des",
            };
            format!("Vollendung des {age}. Lebensjahres {count} {day:02}.{month:02}.")
        }
        (
            Value::Cutoff {
                age,
                month,
                day,
                counting,
            },
            Lang::En,
        ) => {
            let count = match counting {
                Counting::StartOfDay => "by the start of",
                Counting::EndOfDay => "by the end of",
            };
            format!("age {age} completed {count} {month:02}-{day:02}")
        }
        (Value::Years { years }, _) => format!("{years} {}", lang.pick("Jahre", "years")),
        (
            Value::AgeRange {
                from_years,
                until_years,
            },
            _,
        ) => match until_years {
            Some(until) => format!(
                "{} {from_years} {} {until} {}",
                lang.pick("ab", "from"),
                lang.pick("bis unter", "to under"),
                lang.pick("Jahren", "years")
            ),
            None => format!(
                "{} {from_years} {}",
                lang.pick("ab", "from"),
                lang.pick("Jahren", "years")
            ),
        },
        (Value::GradeRange { min, max }, _) => {
            format!("{} {min}–{max}", lang.pick("Klassen", "grades"))
        }
        (other, _) => serde_json::to_string(other).unwrap_or_default(),
    }
}
