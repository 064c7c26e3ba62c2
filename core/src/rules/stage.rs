//! The Bildungskette: stages of education and the transitions between them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A school form of Sekundarstufe I (and the Grundschule), as the Länder name them. JSON: the
/// snake-case name (`"gymnasium"`); input may also name an NRW form by its key, Kürzel or name
/// (`"20"`, `"GY"`, `"Gymnasium"`, see [`crate::vocabulary`]).
///
/// ```
/// use bildungsnetz::rules::Schulform;
/// let f: Schulform = serde_json::from_str(r#""GY""#)?;
/// assert_eq!(f, Schulform::Gymnasium);
/// assert_eq!(serde_json::to_string(&f)?, r#""gymnasium""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Schulform {
    /// Hauptschule (NRW key 04, `H`).
    Hauptschule,
    /// Realschule (NRW key 10, `R`).
    Realschule,
    /// Gymnasium (NRW key 20, `GY`).
    Gymnasium,
    /// Gesamtschule (NRW key 15, `GE`); in RLP the Integrierte Gesamtschule.
    Gesamtschule,
    /// Sekundarschule (NRW key 14, `SK`).
    Sekundarschule,
    /// PRIMUS-Schule, classes 1–10 (NRW key 13, `PS`).
    Primus,
    /// Förderschule (NRW key 08, `S`).
    Foerderschule,
    /// Freie Waldorfschule (NRW key 17, `FW`).
    Waldorf,
    /// Realschule plus (Rheinland-Pfalz).
    RealschulePlus,
}

/// The rules' own names, as serde writes them.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum SchulformName {
    Hauptschule,
    Realschule,
    Gymnasium,
    Gesamtschule,
    Sekundarschule,
    Primus,
    Foerderschule,
    Waldorf,
    RealschulePlus,
}

impl<'de> Deserialize<'de> for Schulform {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Schulform, D::Error> {
        use crate::vocabulary::{CodeKind, deserialize_code};
        deserialize_code(d, CodeKind::Schulform, Schulform::from_spelling)
    }
}

impl Schulform {
    /// Every form, in declaration order.
    pub const ALL: [Schulform; 9] = [
        Schulform::Hauptschule,
        Schulform::Realschule,
        Schulform::Gymnasium,
        Schulform::Gesamtschule,
        Schulform::Sekundarschule,
        Schulform::Primus,
        Schulform::Foerderschule,
        Schulform::Waldorf,
        Schulform::RealschulePlus,
    ];

    /// The form a spelling names: the rules' name (`"gymnasium"`, `"realschule_plus"`) or an NRW
    /// key, Kürzel or name ([`crate::vocabulary::schulform_key`]) of a form the rules know.
    ///
    /// ```
    /// use bildungsnetz::rules::Schulform;
    /// assert_eq!(Schulform::from_spelling("realschule"), Some(Schulform::Realschule));
    /// assert_eq!(Schulform::from_spelling("10"), Some(Schulform::Realschule));
    /// assert_eq!(Schulform::from_spelling("Grundschule"), None); // not a Sek-I form
    /// ```
    pub fn from_spelling(spelling: &str) -> Option<Schulform> {
        Schulform::from_rules_name(spelling)
            .or_else(|| Schulform::from_nrw_key(crate::vocabulary::schulform_key(spelling)?))
    }

    /// The form of one of the rules' own names (`"gymnasium"`).
    pub(crate) fn from_rules_name(name: &str) -> Option<Schulform> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            name.into_deserializer();
        SchulformName::deserialize(de).ok().map(|name| match name {
            SchulformName::Hauptschule => Schulform::Hauptschule,
            SchulformName::Realschule => Schulform::Realschule,
            SchulformName::Gymnasium => Schulform::Gymnasium,
            SchulformName::Gesamtschule => Schulform::Gesamtschule,
            SchulformName::Sekundarschule => Schulform::Sekundarschule,
            SchulformName::Primus => Schulform::Primus,
            SchulformName::Foerderschule => Schulform::Foerderschule,
            SchulformName::Waldorf => Schulform::Waldorf,
            SchulformName::RealschulePlus => Schulform::RealschulePlus,
        })
    }

    /// The NRW statistics key of the form (svws-catalogues/Schulform.json), if it exists in NRW.
    ///
    /// ```
    /// use bildungsnetz::rules::Schulform;
    /// assert_eq!(Schulform::Gymnasium.nrw_key(), Some("20"));
    /// assert_eq!(Schulform::from_nrw_key("15"), Some(Schulform::Gesamtschule));
    /// assert_eq!(Schulform::RealschulePlus.nrw_key(), None);
    /// ```
    pub fn nrw_key(self) -> Option<&'static str> {
        Some(match self {
            Schulform::Hauptschule => "04",
            Schulform::Realschule => "10",
            Schulform::Gymnasium => "20",
            Schulform::Gesamtschule => "15",
            Schulform::Sekundarschule => "14",
            Schulform::Primus => "13",
            Schulform::Foerderschule => "08",
            Schulform::Waldorf => "17",
            Schulform::RealschulePlus => return None,
        })
    }

    /// The form of an NRW statistics key, if the rules know it.
    pub fn from_nrw_key(key: &str) -> Option<Schulform> {
        Schulform::ALL
            .into_iter()
            .find(|f| f.nrw_key() == Some(key))
    }

    /// The NRW school-form abbreviation (svws-catalogues/Schulform.json), if the form exists in
    /// NRW.
    ///
    /// ```
    /// use bildungsnetz::rules::Schulform;
    /// assert_eq!(Schulform::Gymnasium.nrw_kuerzel(), Some("GY"));
    /// assert_eq!(Schulform::RealschulePlus.nrw_kuerzel(), None);
    /// ```
    pub fn nrw_kuerzel(self) -> Option<&'static str> {
        Some(match self {
            Schulform::Hauptschule => "H",
            Schulform::Realschule => "R",
            Schulform::Gymnasium => "GY",
            Schulform::Gesamtschule => "GE",
            Schulform::Sekundarschule => "SK",
            Schulform::Primus => "PS",
            Schulform::Foerderschule => "S",
            Schulform::Waldorf => "FW",
            Schulform::RealschulePlus => return None,
        })
    }
}

/// The Anlage of the NRW APO-BK a Berufskolleg programme belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BerufskollegAnlage {
    /// Anlage A: Berufsschule (dual system), Ausbildungsvorbereitung.
    A,
    /// Anlage B: Berufsfachschule leading to EESA or MSA.
    B,
    /// Anlage C: Berufsfachschule with a vocational qualification; Fachoberschule.
    C,
    /// Anlage D: Berufliches Gymnasium; Fachoberschule class 13.
    D,
    /// Anlage E: Fachschule.
    E,
}

/// A stage of the Bildungskette.
///
/// ```
/// use bildungsnetz::rules::{Schulform, Stage};
/// let s = Stage::SekI(Schulform::Gymnasium);
/// assert_eq!(serde_json::to_string(&s)?, r#"{"sek_i":"gymnasium"}"#);
/// assert_eq!(serde_json::to_string(&Stage::Kita)?, r#""kita""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stage {
    /// Care in the family, before any institution.
    Familie,
    /// Kindertagespflege (childminder).
    Kindertagespflege,
    /// Kindertageseinrichtung (Kita).
    Kita,
    /// Primarstufe (Grundschule, classes 1–4).
    Primarstufe,
    /// Ganztagsförderung of primary-school children (Tageseinrichtung, offene Ganztagsschule).
    Ganztag,
    /// Sekundarstufe I at a Schulform.
    SekI(Schulform),
    /// Gymnasiale Oberstufe (EF, Q1, Q2).
    GymnasialeOberstufe,
    /// Berufskolleg programme by APO-BK Anlage.
    Berufskolleg(BerufskollegAnlage),
    /// Duale Ausbildung (company plus Berufsschule).
    DualeAusbildung,
    /// Hochschule (university or Fachhochschule).
    Hochschule,
    /// Weiterbildung and second-chance education (Weiterbildungskolleg, VHS).
    Weiterbildung,
    /// Working life.
    Erwerbsleben,
}

/// A transition along the Bildungskette for which the engine can decide eligibility.
///
/// Each has a stable string id used in JSON, conformance cases and the C and Python bindings.
/// To add a transition (a new rule pack): add a variant here with its id and stages, a module in
/// `rules/` with an `evaluate` function, its rules in a law file, and a dispatch arm in
/// [`super::RuleBook::evaluate`].
///
/// ```
/// use bildungsnetz::rules::{Stage, Transition};
/// let t: Transition = "school_entry".parse()?;
/// assert_eq!(t, Transition::SchoolEntry);
/// assert!(t.from_stages().contains(&Stage::Kita));
/// assert_eq!(t.to_stages(), &[Stage::Primarstufe]);
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Transition {
    /// `"kita_claim"`: claim to early childhood support (§ 24 SGB VIII).
    KitaClaim,
    /// `"school_entry"`: beginning of Schulpflicht and entry into the Primarstufe.
    SchoolEntry,
    /// `"school_entry_deferral"`: an application to defer school entry by a year (Zurückstellung).
    SchoolEntryDeferral,
    /// `"school_entry_early"`: an application for early school entry (vorzeitige Einschulung).
    SchoolEntryEarly,
    /// `"ganztag_claim"`: the claim of a primary-school child to all-day support (§ 24 Abs. 4
    /// SGB VIII).
    GanztagClaim,
    /// `"seiteneinstieg"`: newly arrived children and young people entering school.
    Seiteneinstieg,
    /// `"end_of_full_time_schooling"`: end of the Vollzeitschulpflicht (Sek I → Sek II).
    EndOfFullTimeSchooling,
    /// `"sek1_entry"`: Grundschule → class 5 of a Sek-I Schulform (see [`super::sek1`]); in
    /// Rheinland-Pfalz also the end of the Orientierungsstufe (class 6 → 7, § 20 ÜSchO).
    Sek1Entry,
    /// `"sek1_abschluss"`: the Sek-I qualifications earned with a grade sheet (NRW: APO-S I;
    /// Rheinland-Pfalz: Übergreifende Schulordnung, see [`super::sek1::rlp`]).
    Sek1Qualification,
    /// `"oberstufe_entry"`: entry into the gymnasiale Oberstufe (EF; RLP: MSS).
    OberstufeEntry,
    /// `"oberstufe_versetzung_q1"`: the Versetzung from the Einführungsphase into the
    /// Qualifikationsphase of the NRW gymnasiale Oberstufe (§§ 9, 10 APO-GOSt), decided from the
    /// EF sheet in [`super::GostFacts`].
    OberstufeVersetzungQ1,
    /// `"fhr_schulischer_teil"`: the schulischer Teil der Fachhochschulreife from two
    /// consecutive half-years of the NRW Qualifikationsphase (§ 40a APO-GOSt), decided from the
    /// courses in [`super::GostFacts`].
    FhrSchulischerTeil,
    /// `"berufskolleg_a"`: a Bildungsgang of APO-BK Anlage A (Berufsschule, Ausbildungsvorbereitung).
    BerufskollegA,
    /// `"berufskolleg_b"`: a Bildungsgang of APO-BK Anlage B (Berufsfachschule → EESA, MSA).
    BerufskollegB,
    /// `"berufskolleg_c"`: a Bildungsgang of APO-BK Anlage C (Berufsfachschule, Fachoberschule → FHR).
    BerufskollegC,
    /// `"berufskolleg_d"`: a Bildungsgang of APO-BK Anlage D (Berufliches Gymnasium, FOS 13 → AHR).
    BerufskollegD,
    /// `"berufskolleg_e"`: a Bildungsgang of APO-BK Anlage E (Fachschule).
    BerufskollegE,
    /// `"duale_ausbildung"`: starting a dual vocational training (company and Berufsschule).
    DualeAusbildung,
    /// `"berufsschulpflicht"`: Schulpflicht in Sekundarstufe II after the Vollzeitschulpflicht.
    Berufsschulpflicht,
    /// `"studium_universitaet"`: access to a university study programme (Hochschulzugang).
    StudiumUniversitaet,
    /// `"studium_fachhochschule"`: access to a Fachhochschule (HAW) study programme.
    StudiumFachhochschule,
    /// `"wbk_abendrealschule"`: Weiterbildungskolleg, Abendrealschule.
    WbkAbendrealschule,
    /// `"wbk_abendgymnasium"`: Weiterbildungskolleg, Abendgymnasium.
    WbkAbendgymnasium,
    /// `"wbk_kolleg"`: Weiterbildungskolleg, Kolleg (full-time).
    WbkKolleg,
    /// `"erwerbstaetigkeit"`: taking up work after the Vollzeitschulpflicht.
    Erwerbstaetigkeit,
    /// `"fhr_praktikum"`: the practical part of the Fachhochschulreife after its school part.
    FhrPraktikum,
    /// `"kaoa"`: the KAoA standard elements due for a pupil in a class and school year.
    Kaoa,
    /// `"bbs_rlp"`: a Bildungsgang of the berufsbildende Schule in Rheinland-Pfalz (BVJ, BF I/II,
    /// höhere Berufsfachschule, Fachoberschule, BOS I/II, duale BOS, berufliches Gymnasium,
    /// Berufsschule), named by a code of [`super::BbsBildungsgang`].
    BbsRlp,
}

const FROM_FAMILY: &[Stage] = &[Stage::Familie];
/// Newly arrived children come from the family (schooling abroad is not a stage here).
const FROM_ABROAD: &[Stage] = &[Stage::Familie];
const FROM_EARLY_YEARS: &[Stage] = &[Stage::Familie, Stage::Kindertagespflege, Stage::Kita];
const FROM_SEK_I: &[Stage] = &[
    Stage::SekI(Schulform::Hauptschule),
    Stage::SekI(Schulform::Realschule),
    Stage::SekI(Schulform::Gymnasium),
    Stage::SekI(Schulform::Gesamtschule),
    Stage::SekI(Schulform::Sekundarschule),
    Stage::SekI(Schulform::Primus),
    Stage::SekI(Schulform::Foerderschule),
    Stage::SekI(Schulform::Waldorf),
    Stage::SekI(Schulform::RealschulePlus),
];
const FROM_PRIMARY: &[Stage] = &[Stage::Primarstufe];
const FROM_FAMILY_TO_CARE: &[Stage] = &[Stage::Kindertagespflege, Stage::Kita];
const TO_PRIMARY: &[Stage] = &[Stage::Primarstufe];
const TO_GANZTAG: &[Stage] = &[Stage::Ganztag];
const TO_SCHOOL: &[Stage] = &[
    Stage::Primarstufe,
    Stage::SekI(Schulform::Hauptschule),
    Stage::SekI(Schulform::Realschule),
    Stage::SekI(Schulform::Gymnasium),
    Stage::SekI(Schulform::Gesamtschule),
    Stage::SekI(Schulform::Sekundarschule),
    Stage::Berufskolleg(BerufskollegAnlage::A),
];
const TO_SEK_I: &[Stage] = &[
    Stage::SekI(Schulform::Hauptschule),
    Stage::SekI(Schulform::Realschule),
    Stage::SekI(Schulform::Gymnasium),
    Stage::SekI(Schulform::Gesamtschule),
    Stage::SekI(Schulform::Sekundarschule),
    Stage::SekI(Schulform::Primus),
    Stage::SekI(Schulform::RealschulePlus),
];
const TO_SEK_II: &[Stage] = &[
    Stage::GymnasialeOberstufe,
    Stage::Berufskolleg(BerufskollegAnlage::A),
    Stage::Berufskolleg(BerufskollegAnlage::B),
    Stage::Berufskolleg(BerufskollegAnlage::C),
    Stage::DualeAusbildung,
];

impl Transition {
    /// All transitions, in a stable order.
    pub const ALL: [Transition; 28] = [
        Transition::KitaClaim,
        Transition::SchoolEntry,
        Transition::SchoolEntryDeferral,
        Transition::SchoolEntryEarly,
        Transition::GanztagClaim,
        Transition::Seiteneinstieg,
        Transition::EndOfFullTimeSchooling,
        Transition::Sek1Entry,
        Transition::Sek1Qualification,
        Transition::OberstufeEntry,
        Transition::BerufskollegA,
        Transition::BerufskollegB,
        Transition::BerufskollegC,
        Transition::BerufskollegD,
        Transition::BerufskollegE,
        Transition::DualeAusbildung,
        Transition::Berufsschulpflicht,
        Transition::StudiumUniversitaet,
        Transition::StudiumFachhochschule,
        Transition::WbkAbendrealschule,
        Transition::WbkAbendgymnasium,
        Transition::WbkKolleg,
        Transition::Erwerbstaetigkeit,
        Transition::FhrPraktikum,
        Transition::Kaoa,
        Transition::BbsRlp,
        Transition::OberstufeVersetzungQ1,
        Transition::FhrSchulischerTeil,
    ];

    /// The stable string id.
    pub fn id(self) -> &'static str {
        match self {
            Transition::KitaClaim => "kita_claim",
            Transition::SchoolEntry => "school_entry",
            Transition::SchoolEntryDeferral => "school_entry_deferral",
            Transition::SchoolEntryEarly => "school_entry_early",
            Transition::GanztagClaim => "ganztag_claim",
            Transition::Seiteneinstieg => "seiteneinstieg",
            Transition::EndOfFullTimeSchooling => "end_of_full_time_schooling",
            Transition::Sek1Entry => "sek1_entry",
            Transition::Sek1Qualification => "sek1_abschluss",
            other => super::sek2::transition_id(other),
        }
    }

    /// The stages a learner leaves.
    pub fn from_stages(self) -> &'static [Stage] {
        match self {
            Transition::KitaClaim => FROM_FAMILY,
            Transition::Seiteneinstieg => FROM_ABROAD,
            Transition::SchoolEntry
            | Transition::SchoolEntryDeferral
            | Transition::SchoolEntryEarly => FROM_EARLY_YEARS,
            Transition::GanztagClaim => FROM_PRIMARY,
            Transition::EndOfFullTimeSchooling => FROM_SEK_I,
            Transition::Sek1Entry => FROM_PRIMARY,
            Transition::Sek1Qualification => FROM_SEK_I,
            other => super::sek2::from_stages(other),
        }
    }

    /// The stages the transition can lead to.
    pub fn to_stages(self) -> &'static [Stage] {
        match self {
            Transition::KitaClaim => FROM_FAMILY_TO_CARE,
            Transition::SchoolEntry
            | Transition::SchoolEntryDeferral
            | Transition::SchoolEntryEarly => TO_PRIMARY,
            Transition::GanztagClaim => TO_GANZTAG,
            Transition::Seiteneinstieg => TO_SCHOOL,
            Transition::EndOfFullTimeSchooling | Transition::Sek1Qualification => TO_SEK_II,
            Transition::Sek1Entry => TO_SEK_I,
            other => super::sek2::to_stages(other),
        }
    }
}

impl fmt::Display for Transition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Transition {
    type Err = super::RuleError;

    fn from_str(s: &str) -> Result<Transition, super::RuleError> {
        Transition::ALL
            .into_iter()
            .find(|t| t.id() == s)
            .ok_or(super::RuleError::UnknownTransition)
    }
}

impl Serialize for Transition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Transition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Transition, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The Land is the model's: rule packs exist for NW and RP; other Länder get `not_covered`.
pub use crate::model::Land;
