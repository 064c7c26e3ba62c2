//! The language of the output, and the texts of the library's errors in it.

use bildungsnetz::calendar::Date;
use bildungsnetz::catalogue::GermanName;
use bildungsnetz::rules::{Outcome, RecordErrorKind, RuleError};
use bildungsnetz::vocabulary::CodeKind;

/// The language people read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    // Deutsch.
    De,
    // English.
    En,
}

impl Lang {
    /// The German or the English text.
    pub(crate) fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }

    /// A date as people write it in this language: `01.08.2025` or `2025-08-01`.
    pub(crate) fn date(self, date: Date) -> String {
        match self {
            Lang::De => {
                let (y, m, d) = date.ymd();
                format!("{d:02}.{m:02}.{y:04}")
            }
            Lang::En => date.to_string(),
        }
    }

    /// An outcome's name.
    pub(crate) fn outcome(self, outcome: Outcome) -> &'static str {
        match self {
            Lang::De => outcome.name_de(),
            Lang::En => outcome.name(),
        }
    }

    /// A whole number with thousands separators: `1.000.000` or `1,000,000`.
    pub(crate) fn count(self, n: usize) -> String {
        let digits = n.to_string();
        let separator = self.pick(".", ",");
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(separator);
            }
            out.push(c);
        }
        out
    }

    /// What is wrong with a record, without its value.
    pub(crate) fn record_error(self, kind: RecordErrorKind) -> &'static str {
        match (self, kind) {
            (Lang::De, RecordErrorKind::Syntax) => "fehlerhafte Syntax",
            (Lang::De, RecordErrorKind::NotAnObject) => "kein JSON-Objekt",
            (Lang::De, RecordErrorKind::UnknownField { .. }) => "unbekanntes Feld",
            (Lang::De, RecordErrorKind::InvalidValue) => "ungültiger Wert",
            (Lang::De, RecordErrorKind::FieldCount) => "falsche Anzahl Felder",
            (Lang::De, RecordErrorKind::Quote) => {
                "Anführungszeichen nicht auf derselben Zeile geschlossen (oder Text nach dem schließenden)"
            }
            (Lang::De, RecordErrorKind::UnknownColumn { .. }) => {
                "eine Spalte der Kopfzeile ist kein Feldname"
            }
            (Lang::De, RecordErrorKind::UnknownCode(unknown)) => unknown_code_de(unknown.kind),
            (Lang::De, RecordErrorKind::SchulformNotInYear) => {
                "Schulform im amtlichen Verzeichnis dieses Schuljahres nicht vorhanden"
            }
            (Lang::De, _) => "fehlerhafter Datensatz",
            (Lang::En, kind) => record_error_en(kind),
        }
    }

    /// Why a question has no answer (the library's error, which names no value).
    pub(crate) fn rule_error(self, error: &RuleError) -> String {
        if self == Lang::En {
            return error.to_string();
        }
        match error {
            RuleError::NoLawInForce { rule_id } => {
                format!(
                    "keine Fassung der Regel {rule_id} gilt an einem Tag, den die Frage braucht"
                )
            }
            RuleError::NotCovered { transition, land } => {
                format!(
                    "für diesen Übergang ({transition}) ist das Recht des Landes {land} nicht hinterlegt"
                )
            }
            RuleError::UnknownTransition => "unbekannter Übergang".to_owned(),
            RuleError::UnknownLand => {
                "unbekanntes Land (erwartet wird ein Kürzel wie NW oder RP)".to_owned()
            }
            RuleError::DateOutOfRange => {
                "ein benötigtes Datum liegt außerhalb des Kalenders (1800–2200)".to_owned()
            }
            RuleError::Record {
                line,
                kind: RecordErrorKind::UnknownColumn { column, suggestion },
                ..
            } => {
                let mut text =
                    format!("Zeile {line}: Spalte {column} der Kopfzeile ist kein Feldname");
                if let Some(name) = suggestion {
                    text.push_str(&format!(" (gemeint ist vielleicht {name})"));
                }
                text
            }
            RuleError::Record { line, field, kind } => {
                let mut text = format!("Zeile {line}");
                if let Some(field) = field {
                    text.push_str(&format!(", Feld {field}"));
                }
                text.push_str(": ");
                text.push_str(self.record_error(*kind));
                text
            }
            RuleError::Io(kind) => format!("die Eingabe ist nicht lesbar ({kind:?})"),
            other => other.to_string(),
        }
    }
}

/// An unknown code, in German, with accepted codes (never the value written).
fn unknown_code_de(kind: CodeKind) -> &'static str {
    match kind {
        CodeKind::Qualification => {
            "unbekannter Abschluss (zulässig z. B. OA, HA9 (ESA), HA10 (EESA), MSA, MSA_Q, FHR, ABITUR)"
        }
        CodeKind::Schulform => {
            "unbekannte Schulform (zulässig z. B. 02 (G), 04 (H), 10 (R), 15 (GE), 20 (GY) oder der Name)"
        }
        CodeKind::Bildungsgang => "unbekannter Bildungsgang (zulässig z. B. A01, B06, BF2, FOS)",
        CodeKind::Kommune => {
            "unbekannte Kommune (zulässig: 8-stelliger Gemeindeschlüssel, k- und der Gemeindeschlüssel, oder 12-stelliger Regionalschlüssel)"
        }
        CodeKind::Land => {
            "unbekanntes Land (zulässig z. B. NW, RP, BY, auch NRW, RLP, Nordrhein-Westfalen)"
        }
    }
}

fn record_error_en(kind: RecordErrorKind) -> &'static str {
    match kind {
        RecordErrorKind::Syntax => "malformed syntax",
        RecordErrorKind::NotAnObject => "not a JSON object",
        RecordErrorKind::UnknownField { .. } => "unknown field",
        RecordErrorKind::InvalidValue => "invalid value",
        RecordErrorKind::FieldCount => "wrong number of fields",
        RecordErrorKind::Quote => "unbalanced quote",
        RecordErrorKind::UnknownColumn { .. } => "a column of the header is not a field name",
        RecordErrorKind::UnknownCode(unknown) => unknown.message(),
        RecordErrorKind::SchulformNotInYear => {
            "Schulform not in the official list of the record's school year"
        }
        _ => "bad record",
    }
}

/// A usage error of the command line (clap's), in German: what is wrong, a similar name where
/// clap found one, the call's usage and where help is. clap's own text is English; it stays the
/// text of `--lang en`.
pub(crate) fn usage_error_de(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match error.kind() {
        ErrorKind::UnknownArgument => format!("unerwartetes Argument „{arg}“"),
        ErrorKind::InvalidSubcommand => format!(
            "unbekannter Befehl „{}“",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("für „{arg}“ fehlt der Wert")
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("ungültiger Wert „{value}“ für „{arg}“")
        }
        ErrorKind::MissingRequiredArgument => {
            let mut text = "diese Angaben fehlen:".to_owned();
            for missing in list(ContextKind::InvalidArg) {
                text.push_str(&format!("\n  {missing}"));
            }
            text
        }
        ErrorKind::MissingSubcommand => format!(
            "„{}“ braucht einen Befehl",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::TooManyValues => {
            format!("unerwarteter Wert „{value}“ für „{arg}“: es wird kein weiterer erwartet")
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "„{arg}“ braucht {} Werte, angegeben: {}",
            text(ContextKind::MinValues)
                .or_else(|| text(ContextKind::ExpectedNumValues))
                .unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) if prior == arg => format!("„{arg}“ darf nur einmal angegeben werden"),
            Some(prior) => format!("„{arg}“ kann nicht zusammen mit „{prior}“ angegeben werden"),
            None => format!("„{arg}“ kann nicht mit den anderen Angaben zusammen verwendet werden"),
        },
        ErrorKind::NoEquals => format!("„{arg}“ braucht seinen Wert mit Gleichheitszeichen (=)"),
        ErrorKind::InvalidUtf8 => "ein Argument ist kein gültiges UTF-8".to_owned(),
        _ => "der Aufruf ist falsch".to_owned(),
    };
    let valid = match error.kind() {
        ErrorKind::MissingSubcommand => Some(("Befehle", list(ContextKind::ValidSubcommand))),
        _ => Some(("mögliche Werte", list(ContextKind::ValidValue))),
    };
    if let Some((name, values)) = valid.filter(|(_, v)| !v.is_empty()) {
        message.push_str(&format!("\n  [{name}: {}]", values.join(", ")));
    }
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "ein ähnlicher Befehl ist"),
        (ContextKind::SuggestedArg, "ein ähnliches Argument ist"),
        (ContextKind::SuggestedValue, "ein ähnlicher Wert ist"),
    ] {
        let similar = list(kind);
        if !similar.is_empty() {
            let quoted: Vec<String> = similar.iter().map(|s| format!("„{s}“")).collect();
            message.push_str(&format!("\n\n  Tipp: {what} {}", quoted.join(", ")));
        }
    }
    let mut out = format!("Fehler: {message}\n");
    if let Some(usage) = text(ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        out.push_str(&format!("\nAufruf: {}\n", german_usage(usage)));
    }
    out.push_str("\nWeitere Informationen mit „--help“.\n");
    out
}

/// A usage line with clap's English placeholders in German.
pub(crate) fn german_usage(usage: &str) -> String {
    usage
        .replace("[OPTIONS]", "[OPTIONEN]")
        .replace("<COMMAND>", "<BEFEHL>")
        .replace("[COMMAND]", "[BEFEHL]")
}

/// A help text rendered by clap with its English notes in German: the usage's placeholders,
/// `[default: …]`, `[possible values: …]`, `[alias: …]`.
pub(crate) fn german_help(help: &str) -> String {
    german_usage(help)
        .replace("[default: ", "[Vorgabe: ")
        .replace("[possible values: ", "[mögliche Werte: ")
        .replace("[aliases: ", "[auch: ")
        .replace("[alias: ", "[auch: ")
}

/// Today's date from the system clock (for defaults only; every command takes a date).
pub(crate) fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Date::from_day_number(i32::try_from(secs / 86_400).ok()?).ok()
}

/// Reads a date argument: ISO or `TT.MM.JJJJ`.
pub(crate) fn parse_date(text: &str, lang: Lang) -> Result<Date, crate::Failure> {
    Date::parse_iso_or_german(text.trim()).map_err(|_| {
        crate::Failure(
            lang.pick(
                "das Datum ist weder JJJJ-MM-TT noch TT.MM.JJJJ (z. B. 01.08.2025)",
                "the date is neither YYYY-MM-DD nor DD.MM.YYYY (e.g. 2025-08-01)",
            )
            .to_owned(),
        )
    })
}

/// The date argument, or today.
pub(crate) fn date_or_today(text: Option<&str>, lang: Lang) -> Result<Date, crate::Failure> {
    match text {
        Some(text) => parse_date(text, lang),
        None => today().ok_or_else(|| {
            crate::Failure(
                lang.pick(
                    "das heutige Datum ist nicht bestimmbar; bitte --stand angeben",
                    "today's date is unknown; give --as-of",
                )
                .to_owned(),
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_dates() {
        assert_eq!(Lang::De.count(1_000_000), "1.000.000");
        assert_eq!(Lang::En.count(999), "999");
        assert_eq!(Lang::En.count(1234), "1,234");
        let d = Date::from_ymd(2025, 8, 1).unwrap();
        assert_eq!(Lang::De.date(d), "01.08.2025");
        assert_eq!(Lang::En.date(d), "2025-08-01");
    }
}
