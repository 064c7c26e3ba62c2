use serde::{Deserialize, Serialize};

/// What kind of partner an institution is (the Bildungspartner the seeds list).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum InstitutionKind {
    /// Kindertageseinrichtung.
    Kita,
    /// Kindertagespflege (child-minding, § 22 SGB VIII).
    Kindertagespflege,
    /// A general school; carries an NRW Schulform key and a Schulnummer.
    Schule,
    /// Berufskolleg (vocational school, APO-BK).
    Berufskolleg,
    /// Hochschule (university, university of applied sciences).
    Hochschule,
    /// Träger der Jugendhilfe (youth services provider).
    Jugendhilfetraeger,
    /// Träger der Weiterbildung (adult education, e.g. Volkshochschule).
    Weiterbildungstraeger,
    /// Kammer (chamber of crafts, of industry and commerce).
    Kammer,
    /// Unternehmen (company).
    Unternehmen,
    /// Kultureinrichtung (library, museum, theatre, music school).
    Kultureinrichtung,
    /// Außerschulischer Lernort (out-of-school place of learning).
    AusserschulischerLernort,
    /// Beratungsstelle (counselling service, e.g. Erziehungsberatung, Schulpsychologischer Dienst).
    Beratungsstelle,
    /// Schulaufsicht (school supervision: Schulamt, Bezirksregierung).
    Schulaufsicht,
    /// Verwaltung (a municipal or state administration unit).
    Verwaltung,
    /// A Kommune as an actor (Kreis, Stadt, Gemeinde).
    Kommune,
    /// Verein, Initiative, Verband.
    Verein,
}

impl InstitutionKind {
    /// Whether institutions of this kind are schools that carry a Schulnummer and a Schulform.
    ///
    /// ```
    /// use bildungsnetz::model::InstitutionKind;
    /// assert!(InstitutionKind::Berufskolleg.is_school());
    /// assert!(!InstitutionKind::Kita.is_school());
    /// ```
    pub fn is_school(self) -> bool {
        matches!(
            self,
            InstitutionKind::Schule | InstitutionKind::Berufskolleg
        )
    }
}

/// Who runs an institution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Traeger {
    /// A public body (Kommune, Land, Kreis) — the directory's Rechtsform 1.
    Oeffentlich,
    /// A private or church body — the directory's Rechtsform 2.
    Privat,
}

/// A partner institution of the network.
///
/// ```
/// use bildungsnetz::model::{Institution, InstitutionKind};
/// let school = Institution::new("s-100020", "Kartause-Hain-Schule", InstitutionKind::Schule);
/// assert_eq!(school.kind, InstitutionKind::Schule);
/// assert!(school.schulnummer.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// Identifier, unique within the document.
    pub id: String,
    /// The official name.
    pub name: String,
    /// What kind of partner this is.
    pub kind: InstitutionKind,
    /// Id of the Kommune (from the network's `kommunen`) where the institution is located.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommune: Option<String>,
    /// Amtlicher Gemeindeschlüssel (8 digits) of its location, as official lists give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeindeschluessel: Option<String>,
    /// Public or private Träger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traeger: Option<Traeger>,
    /// NRW Schulnummer (6 digits), for schools and school authorities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schulnummer: Option<String>,
    /// NRW Schulform key (e.g. `"02"` Grundschule, `"20"` Gymnasium), from the official list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schulform: Option<String>,
    /// Postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plz: Option<String>,
    /// Town as written in the address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ort: Option<String>,
    /// Pupils (or children) as last reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pupils: Option<u32>,
    /// NRW school social index 1–9 (public general schools only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sozialindex: Option<u8>,
    /// Ids of the Handlungsfelder the institution works in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handlungsfelder: Vec<String>,
}

impl Institution {
    /// An institution with only id, name and kind set.
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: InstitutionKind) -> Self {
        Institution {
            id: id.into(),
            name: name.into(),
            kind,
            kommune: None,
            gemeindeschluessel: None,
            traeger: None,
            schulnummer: None,
            schulform: None,
            plz: None,
            ort: None,
            pupils: None,
            sozialindex: None,
            handlungsfelder: Vec::new(),
        }
    }
}

/// A document holding a list of institutions (e.g. imported from the NRW school directory).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InstitutionList {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// Where the list comes from (file name, publisher, licence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The institutions.
    pub institutions: Vec<Institution>,
}
