//! Code lists and names: the official NRW code lists (from the state's school software SVWS),
//! embedded in the crate, and the German names of every code the library prints
//! ([`GermanName`], [`german_name`]) — one place for the command line and the bindings.
//!
//! Each Schulform entry is valid for a range of school years; `gueltig_bis` names the last
//! school year by its starting calendar year (SVWS writes `2022` for a key valid up to and
//! including 2022/23).

use serde::Deserialize;

use crate::calendar::SchoolYear;
use crate::model::Land;
use crate::rules::pathways::Goal;
use crate::rules::{Abschluss, CheckResult, Outcome, Schulform as SchoolType, Stage, Transition};
use crate::validate::Severity;

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

/// The German name of a code the library prints, as a person at the counter reads it.
///
/// ```
/// use bildungsnetz::catalogue::GermanName;
/// use bildungsnetz::rules::{Outcome, Transition};
/// assert_eq!(Transition::SchoolEntry.name_de(), "Einschulung (Beginn der Schulpflicht)");
/// assert_eq!(Outcome::Discretionary.name_de(), "Ermessensentscheidung");
/// ```
pub trait GermanName {
    /// The German name.
    fn name_de(&self) -> &'static str;
}

impl GermanName for Transition {
    fn name_de(&self) -> &'static str {
        match self {
            Transition::KitaClaim => "Anspruch auf Förderung in Kita oder Kindertagespflege",
            Transition::SchoolEntry => "Einschulung (Beginn der Schulpflicht)",
            Transition::SchoolEntryDeferral => "Zurückstellung vom Schulbesuch",
            Transition::SchoolEntryEarly => "Vorzeitige Einschulung",
            Transition::GanztagClaim => "Anspruch auf Ganztagsförderung in der Grundschule",
            Transition::Seiteneinstieg => "Seiteneinstieg neu zugewanderter Kinder",
            Transition::EndOfFullTimeSchooling => "Ende der Vollzeitschulpflicht",
            Transition::Sek1Entry => "Übergang Grundschule – Sekundarstufe I",
            Transition::Sek1Qualification => "Abschlüsse der Sekundarstufe I",
            Transition::OberstufeEntry => "Eintritt in die gymnasiale Oberstufe",
            Transition::OberstufeVersetzungQ1 => {
                "Versetzung von der Einführungsphase in die Qualifikationsphase"
            }
            Transition::FhrSchulischerTeil => "Schulischer Teil der Fachhochschulreife",
            Transition::BerufskollegA => {
                "Berufskolleg Anlage A (Berufsschule, Ausbildungsvorbereitung)"
            }
            Transition::BerufskollegB => "Berufskolleg Anlage B (Berufsfachschule)",
            Transition::BerufskollegC => "Berufskolleg Anlage C (Berufsfachschule, Fachoberschule)",
            Transition::BerufskollegD => "Berufskolleg Anlage D (Berufliches Gymnasium)",
            Transition::BerufskollegE => "Berufskolleg Anlage E (Fachschule)",
            Transition::DualeAusbildung => "Duale Ausbildung",
            Transition::Berufsschulpflicht => "Berufsschulpflicht",
            Transition::StudiumUniversitaet => "Hochschulzugang Universität",
            Transition::StudiumFachhochschule => "Hochschulzugang Fachhochschule",
            Transition::WbkAbendrealschule => "Weiterbildungskolleg: Abendrealschule",
            Transition::WbkAbendgymnasium => "Weiterbildungskolleg: Abendgymnasium",
            Transition::WbkKolleg => "Weiterbildungskolleg: Kolleg",
            Transition::Erwerbstaetigkeit => "Aufnahme einer Erwerbstätigkeit",
            Transition::FhrPraktikum => "Praktischer Teil der Fachhochschulreife",
            Transition::Kaoa => "Kein Abschluss ohne Anschluss (KAoA)",
            Transition::BbsRlp => {
                "Berufsbildende Schule Rheinland-Pfalz (BVJ, BF, HBF, FOS, BOS, BGY)"
            }
        }
    }
}

impl GermanName for Outcome {
    fn name_de(&self) -> &'static str {
        match self {
            Outcome::Eligible => "erfüllt",
            Outcome::NotEligible => "nicht erfüllt",
            Outcome::Discretionary => "Ermessensentscheidung",
            Outcome::Undetermined => "offen (Angaben fehlen)",
        }
    }
}

impl GermanName for CheckResult {
    fn name_de(&self) -> &'static str {
        match self {
            CheckResult::Satisfied => "erfüllt",
            CheckResult::NotSatisfied => "nicht erfüllt",
            CheckResult::Discretionary => "Ermessen",
            CheckResult::NotApplicable => "nicht anwendbar",
            CheckResult::MissingFacts => "Angaben fehlen",
        }
    }
}

impl GermanName for SchoolType {
    fn name_de(&self) -> &'static str {
        match self {
            SchoolType::Hauptschule => "Hauptschule",
            SchoolType::Realschule => "Realschule",
            SchoolType::Gymnasium => "Gymnasium",
            SchoolType::Gesamtschule => "Gesamtschule",
            SchoolType::Sekundarschule => "Sekundarschule",
            SchoolType::Primus => "PRIMUS-Schule",
            SchoolType::Foerderschule => "Förderschule",
            SchoolType::Waldorf => "Freie Waldorfschule",
            SchoolType::RealschulePlus => "Realschule plus",
        }
    }
}

impl GermanName for Stage {
    fn name_de(&self) -> &'static str {
        match self {
            Stage::Familie => "Familie",
            Stage::Kindertagespflege => "Kindertagespflege",
            Stage::Kita => "Kindertageseinrichtung (Kita)",
            Stage::Primarstufe => "Primarstufe (Grundschule)",
            Stage::Ganztag => "Ganztagsförderung in der Grundschule",
            Stage::SekI(form) => form.name_de(),
            Stage::GymnasialeOberstufe => "Gymnasiale Oberstufe",
            Stage::Berufskolleg(anlage) => match anlage {
                crate::rules::BerufskollegAnlage::A => "Berufskolleg Anlage A",
                crate::rules::BerufskollegAnlage::B => "Berufskolleg Anlage B",
                crate::rules::BerufskollegAnlage::C => "Berufskolleg Anlage C",
                crate::rules::BerufskollegAnlage::D => "Berufskolleg Anlage D",
                crate::rules::BerufskollegAnlage::E => "Berufskolleg Anlage E",
            },
            Stage::DualeAusbildung => "Duale Ausbildung",
            Stage::Hochschule => "Hochschule",
            Stage::Weiterbildung => "Weiterbildung",
            Stage::Erwerbsleben => "Erwerbsleben",
        }
    }
}

impl GermanName for Abschluss {
    fn name_de(&self) -> &'static str {
        Abschluss::name_de(*self)
    }
}

impl GermanName for Goal {
    fn name_de(&self) -> &'static str {
        match self {
            Goal::Qualification(a) => a.name_de(),
            Goal::Universitaet => "Studium an einer Universität",
            Goal::Fachhochschule => "Studium an einer Fachhochschule",
            Goal::VocationalTraining => "abgeschlossene Berufsausbildung",
        }
    }
}

impl GermanName for Land {
    fn name_de(&self) -> &'static str {
        match self {
            Land::SH => "Schleswig-Holstein",
            Land::HH => "Hamburg",
            Land::NI => "Niedersachsen",
            Land::HB => "Bremen",
            Land::NW => "Nordrhein-Westfalen",
            Land::HE => "Hessen",
            Land::RP => "Rheinland-Pfalz",
            Land::BW => "Baden-Württemberg",
            Land::BY => "Bayern",
            Land::SL => "Saarland",
            Land::BE => "Berlin",
            Land::BB => "Brandenburg",
            Land::MV => "Mecklenburg-Vorpommern",
            Land::SN => "Sachsen",
            Land::ST => "Sachsen-Anhalt",
            Land::TH => "Thüringen",
        }
    }
}

impl GermanName for Severity {
    fn name_de(&self) -> &'static str {
        match self {
            Severity::Error => "Fehler",
            Severity::Warning => "Warnung",
        }
    }
}

/// The kinds of code [`german_name`] knows, in the order its documentation lists them.
pub const GERMAN_NAME_KINDS: [&str; 8] = [
    "transition",
    "outcome",
    "check_result",
    "schulform",
    "abschluss",
    "land",
    "severity",
    "fact",
];

/// The German name of a code by its kind and its stable text, for the bindings: kinds
/// `transition` (`"school_entry"`), `outcome` (`"eligible"`), `check_result`, `schulform` (the
/// rules' names, `"gymnasium"`, or an NRW key of the official list, `"20"`), `abschluss`
/// (`"MSA_Q"`, also the 2022 names), `land` (`"NW"`), `severity` and `fact` (a learner fact's
/// field, `"birth_date"`, as [`fact_name_de`]). `None` for a kind outside
/// [`GERMAN_NAME_KINDS`] or a code the kind does not have.
///
/// ```
/// use bildungsnetz::catalogue::german_name;
/// assert_eq!(german_name("transition", "kita_claim"), Some("Anspruch auf Förderung in Kita oder Kindertagespflege"));
/// assert_eq!(german_name("abschluss", "EESA"), Some("Erweiterter Erster Schulabschluss"));
/// assert_eq!(german_name("land", "RP"), Some("Rheinland-Pfalz"));
/// assert_eq!(german_name("schulform", "20"), Some("Gymnasium"));
/// assert_eq!(german_name("outcome", "maybe"), None);
/// assert_eq!(german_name("fact", "birth_date"), Some("Geburtsdatum"));
/// ```
pub fn german_name(kind: &str, code: &str) -> Option<&'static str> {
    fn by_json<T: serde::de::DeserializeOwned + GermanName>(code: &str) -> Option<&'static str> {
        serde_json::from_value::<T>(serde_json::Value::String(code.to_owned()))
            .ok()
            .map(|t| t.name_de())
    }
    match kind {
        "transition" => code.parse::<Transition>().ok().map(|t| t.name_de()),
        "outcome" => by_json::<Outcome>(code),
        "check_result" => by_json::<CheckResult>(code),
        "schulform" => SchoolType::from_rules_name(code)
            .map(|f| f.name_de())
            .or_else(|| crate::vocabulary::name_de(crate::vocabulary::CodeKind::Schulform, code)),
        "abschluss" => Abschluss::from_code(code).map(Abschluss::name_de),
        "land" => Land::from_code(code).map(|l| l.name_de()),
        "severity" => by_json::<Severity>(code),
        "fact" => fact_name_de(code),
        _ => None,
    }
}

/// The facts a learner record can carry, with their German names: (field, German name).
const FACT_NAMES_DE: [(&str, &str); crate::rules::LearnerFacts::FIELDS.len()] = [
    ("id", "Kennung"),
    ("birth_date", "Geburtsdatum"),
    ("land", "Land"),
    ("residence_ags", "Wohnort (Gemeindeschlüssel)"),
    ("arrival_date", "Zuzugsdatum"),
    (
        "early_entry_application",
        "Antrag auf vorzeitige Einschulung",
    ),
    ("deferral_application", "Antrag auf Zurückstellung"),
    ("school_doctor", "Schulärztliches Gutachten"),
    ("deferred_before", "Bereits zurückgestellt"),
    ("school_years_attended", "Schulbesuchsjahre"),
    ("schulform", "Schulform"),
    ("gymnasium_track", "Bildungsgang Gymnasium (G8/G9)"),
    ("sek1", "Zeugnis Sekundarstufe I"),
    ("gost", "Leistungen in der gymnasialen Oberstufe"),
    ("qualifications", "Abschlüsse"),
    ("jahrgang", "Jahrgang"),
    ("promoted", "Versetzt"),
    ("bildungsgang", "Bildungsgang"),
    (
        "vocational_training_completed",
        "Berufsausbildung abgeschlossen",
    ),
    (
        "vocational_training_years",
        "Dauer der Berufsausbildung (Jahre)",
    ),
    ("vocational_training_grade", "Note der Berufsausbildung"),
    ("study_related_to_training", "Studium fachlich entsprechend"),
    ("advanced_vocational_qualification", "Aufstiegsfortbildung"),
    ("work_experience_years", "Berufserfahrung (Jahre)"),
    ("currently_employed", "Derzeit berufstätig"),
    ("training_contract", "Ausbildungsvertrag"),
    ("internship_months", "Praktikum (Monate)"),
    ("school_entry_date", "Einschulungsdatum"),
    (
        "in_class1_school_year",
        "Schuljahr in Klasse 1 (Anfangsjahr)",
    ),
    (
        "parents_working_training_or_seeking_work",
        "Eltern erwerbstätig, in Ausbildung oder arbeitsuchend",
    ),
    (
        "development_requires_support",
        "Förderbedarf für die Entwicklung",
    ),
    ("deferral_ground", "Grund der Zurückstellung"),
    (
        "specialist_reports_submitted",
        "Fachärztliche Gutachten vorgelegt",
    ),
    ("land_residence_start", "Wohnsitz im Land seit"),
    ("asylum_seeker", "Asylsuchend"),
    ("gemeinde_assignment_date", "Zuweisung an die Gemeinde am"),
    (
        "training_or_work_land",
        "Land der Ausbildungs- oder Arbeitsstätte",
    ),
    ("training_start_date", "Beginn der Ausbildung"),
    (
        "schuleingangsphase_years",
        "Jahre in der Schuleingangsphase",
    ),
    (
        "full_time_sek2_completed",
        "Vollzeit-Bildungsgang der Sekundarstufe II abgeschlossen",
    ),
    (
        "schulpflicht_resting_ground",
        "Grund für das Ruhen der Schulpflicht",
    ),
    ("completed_bildungsgaenge", "Abgeschlossene Bildungsgänge"),
    ("family_care_years", "Jahre der Familien- und Pflegezeiten"),
    ("aufstiegsstipendium", "Aufstiegsstipendium"),
    (
        "b2_attended_before",
        "Klasse 10 der Berufsfachschule schon besucht",
    ),
    (
        "vollzeitschulpflicht_completed",
        "Vollzeitschulpflicht erfüllt",
    ),
];

/// The German name of a learner fact ([`crate::rules::LearnerFacts::FIELDS`]).
///
/// ```
/// use bildungsnetz::catalogue::fact_name_de;
/// assert_eq!(fact_name_de("birth_date"), Some("Geburtsdatum"));
/// assert_eq!(fact_name_de("shoe_size"), None);
/// ```
pub fn fact_name_de(field: &str) -> Option<&'static str> {
    FACT_NAMES_DE
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, name)| *name)
}

/// The learner fact a column header names: the field itself (`birth_date`) or its German name
/// (`Geburtsdatum`), case and spaces aside — so a German Excel sheet can keep its headers.
///
/// ```
/// use bildungsnetz::catalogue::fact_field;
/// assert_eq!(fact_field("Geburtsdatum"), Some("birth_date"));
/// assert_eq!(fact_field(" birth_date "), Some("birth_date"));
/// assert_eq!(fact_field("antrag auf zurückstellung"), Some("deferral_application"));
/// assert_eq!(fact_field("Vorname"), None);
/// ```
pub fn fact_field(header: &str) -> Option<&'static str> {
    let header = header.trim();
    FACT_NAMES_DE
        .iter()
        .find(|(field, name)| header == *field || header.to_lowercase() == name.to_lowercase())
        .map(|(field, _)| *field)
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

    #[test]
    fn every_code_has_a_german_name() {
        for t in Transition::ALL {
            assert!(!t.name_de().is_empty());
            assert_eq!(german_name("transition", t.id()), Some(t.name_de()));
        }
        for a in Abschluss::ALL {
            assert_eq!(german_name("abschluss", a.code()), Some(a.name_de()));
        }
        for l in Land::ALL {
            assert_eq!(german_name("land", l.code()), Some(l.name_de()));
        }
        for o in [0, 1, 2, 3].map(|c| Outcome::from_code(c).unwrap()) {
            assert_eq!(german_name("outcome", o.name()), Some(o.name_de()));
        }
        for s in Schulformen::official().unwrap().iter() {
            assert_eq!(german_name("schulform", &s.key), Some(s.name.as_str()));
        }
        assert_eq!(
            german_name("schulform", "realschule_plus"),
            Some("Realschule plus")
        );
        assert_eq!(
            german_name("check_result", "missing_facts"),
            Some("Angaben fehlen")
        );
        assert_eq!(german_name("severity", "warning"), Some("Warnung"));
        assert_eq!(german_name("stage", "kita"), None);
        for field in crate::rules::LearnerFacts::FIELDS {
            let name = fact_name_de(field).unwrap();
            assert_eq!(fact_field(name), Some(field));
            assert_eq!(german_name("fact", field), Some(name));
        }
        // Every kind listed answers for at least one code; no other kind answers.
        let sample = [
            "school_entry",
            "eligible",
            "satisfied",
            "20",
            "ESA",
            "NW",
            "error",
            "birth_date",
        ];
        for (kind, code) in GERMAN_NAME_KINDS.iter().zip(sample) {
            assert!(german_name(kind, code).is_some(), "{kind} {code}");
        }
    }
}
