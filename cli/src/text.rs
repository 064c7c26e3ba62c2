//! The language of the output, and the texts of the library's errors in it.

use bildungsnetz::calendar::Date;
use bildungsnetz::catalogue::GermanName;
use bildungsnetz::rules::{Outcome, RecordErrorKind, RuleError};

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
            (Lang::De, RecordErrorKind::UnknownField) => "unbekanntes Feld",
            (Lang::De, RecordErrorKind::InvalidValue) => "ungültiger Wert",
            (Lang::De, RecordErrorKind::FieldCount) => "falsche Anzahl Felder",
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

fn record_error_en(kind: RecordErrorKind) -> &'static str {
    match kind {
        RecordErrorKind::Syntax => "malformed syntax",
        RecordErrorKind::NotAnObject => "not a JSON object",
        RecordErrorKind::UnknownField => "unknown field",
        RecordErrorKind::InvalidValue => "invalid value",
        RecordErrorKind::FieldCount => "wrong number of fields",
        _ => "bad record",
    }
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
