//! Official NRW code lists (from the state's school software SVWS), embedded in the crate.
//!
//! Each entry is valid for a range of school years; `gueltig_bis` names the last school year by
//! its starting calendar year (SVWS writes `2022` for a key valid up to and including 2022/23).

use serde::Deserialize;

use crate::calendar::SchoolYear;

const SCHULFORM_JSON: &str = include_str!("../data/nrw/Schulform.json");

/// One NRW Schulform as the official list defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schulform {
    /// The two-character statistics key used in directories and documents (e.g. `"20"`).
    pub key: String,
    /// The short code (e.g. `"GY"`).
    pub kuerzel: String,
    /// The name (e.g. `"Gymnasium"`).
    pub name: String,
    /// First school year (by starting calendar year) in which it is valid; `None`: always.
    pub valid_from: Option<i32>,
    /// Last school year (by starting calendar year) in which it is valid; `None`: still valid.
    pub valid_until: Option<i32>,
}

impl Schulform {
    /// Whether the key is valid in the given school year.
    pub fn is_valid_in(&self, year: SchoolYear) -> bool {
        let y = year.start_year();
        self.valid_from.is_none_or(|f| y >= f) && self.valid_until.is_none_or(|u| y <= u)
    }
}

#[derive(Deserialize)]
struct RawList {
    daten: Vec<RawEntry>,
}

#[derive(Deserialize)]
struct RawEntry {
    historie: Vec<RawHistory>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawHistory {
    schluessel: String,
    kuerzel: String,
    text: String,
    gueltig_von: Option<i32>,
    gueltig_bis: Option<i32>,
}

/// Why an embedded code list could not be read (a build defect, reported rather than panicking).
#[derive(Debug, thiserror::Error)]
#[error("embedded code list {list} is unreadable: {source}")]
pub struct CatalogueError {
    list: &'static str,
    #[source]
    source: serde_json::Error,
}

/// The NRW Schulform list.
///
/// ```
/// use bildungsnetz::catalogue::Schulformen;
/// let list = Schulformen::official()?;
/// assert_eq!(list.get("20").map(|s| s.kuerzel.as_str()), Some("GY"));
/// assert!(list.get("81").is_none());
/// assert_eq!(list.closest("gy"), Some("20"));
/// assert_eq!(list.closest("3O"), Some("30")); // letter O for zero
/// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Schulformen {
    entries: Vec<Schulform>,
}

impl Schulformen {
    /// The official list as embedded in this crate.
    pub fn official() -> Result<Schulformen, CatalogueError> {
        let raw: RawList =
            serde_json::from_str(SCHULFORM_JSON).map_err(|source| CatalogueError {
                list: "Schulform.json",
                source,
            })?;
        let mut entries: Vec<Schulform> = raw
            .daten
            .into_iter()
            .flat_map(|e| e.historie)
            .map(|h| Schulform {
                key: h.schluessel,
                kuerzel: h.kuerzel,
                name: h.text,
                valid_from: h.gueltig_von,
                valid_until: h.gueltig_bis,
            })
            .collect();
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(Schulformen { entries })
    }

    /// The Schulform with this key, if the list knows it.
    pub fn get(&self, key: &str) -> Option<&Schulform> {
        self.entries
            .binary_search_by(|s| s.key.as_str().cmp(key))
            .ok()
            .and_then(|i| self.entries.get(i))
    }

    /// The Schulform with this short code (e.g. `"GE"`), if any.
    pub fn by_kuerzel(&self, kuerzel: &str) -> Option<&Schulform> {
        self.entries.iter().find(|s| s.kuerzel == kuerzel)
    }

    /// All entries, ordered by key.
    pub fn iter(&self) -> impl Iterator<Item = &Schulform> {
        self.entries.iter()
    }

    /// The key nearest to an unknown one — for a "did you mean" hint. A short code (`"GY"`)
    /// maps to its key; so does a key with letters for look-alike digits (`"2O"` → `"20"`);
    /// otherwise the key differing in one character, if exactly one does.
    pub fn closest(&self, unknown: &str) -> Option<&str> {
        if let Some(s) = self.by_kuerzel(&unknown.to_ascii_uppercase()) {
            return Some(&s.key);
        }
        // Letters typed for the digits they resemble ("2O" for "20", "I5" for "15").
        let digits: String = unknown
            .chars()
            .map(|c| match c {
                'O' | 'o' => '0',
                'I' | 'l' => '1',
                other => other,
            })
            .collect();
        if let Some(s) = self.get(&digits) {
            return Some(&s.key);
        }
        let mut near = self.entries.iter().filter(|s| {
            s.key.len() == unknown.len()
                && s.key
                    .chars()
                    .zip(unknown.chars())
                    .filter(|(a, b)| a != b)
                    .count()
                    == 1
        });
        match (near.next(), near.next()) {
            (Some(only), None) => Some(&only.key),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_list_has_the_known_keys() {
        let list = Schulformen::official().unwrap();
        assert_eq!(list.iter().count(), 19);
        assert_eq!(list.get("02").unwrap().name, "Grundschule");
        let gm = list.get("16").unwrap();
        assert!(gm.is_valid_in(SchoolYear::starting(2022).unwrap()));
        assert!(!gm.is_valid_in(SchoolYear::starting(2023).unwrap()));
    }
}
