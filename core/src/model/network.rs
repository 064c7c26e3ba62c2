use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::{Institution, InstitutionKind};
use crate::calendar::Date;

/// A German Land, by its two-letter code (NW = Nordrhein-Westfalen, RP = Rheinland-Pfalz).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[allow(missing_docs)] // The variants are the official two-letter codes.
pub enum Land {
    SH,
    HH,
    NI,
    HB,
    NW,
    HE,
    RP,
    BW,
    BY,
    SL,
    BE,
    BB,
    MV,
    SN,
    ST,
    TH,
}

impl Land {
    /// Every Land, in the order of their Gemeindeschlüssel prefixes.
    pub const ALL: [Land; 16] = [
        Land::SH,
        Land::HH,
        Land::NI,
        Land::HB,
        Land::NW,
        Land::HE,
        Land::RP,
        Land::BW,
        Land::BY,
        Land::SL,
        Land::BE,
        Land::BB,
        Land::MV,
        Land::SN,
        Land::ST,
        Land::TH,
    ];

    /// The two-letter code, e.g. `"NW"`.
    ///
    /// ```
    /// use bildungsnetz::model::Land;
    /// assert_eq!(Land::RP.code(), "RP");
    /// assert_eq!(Land::from_code("NW"), Some(Land::NW));
    /// assert_eq!("BY".parse::<Land>(), Ok(Land::BY));
    /// assert!("XX".parse::<Land>().is_err());
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Land::SH => "SH",
            Land::HH => "HH",
            Land::NI => "NI",
            Land::HB => "HB",
            Land::NW => "NW",
            Land::HE => "HE",
            Land::RP => "RP",
            Land::BW => "BW",
            Land::BY => "BY",
            Land::SL => "SL",
            Land::BE => "BE",
            Land::BB => "BB",
            Land::MV => "MV",
            Land::SN => "SN",
            Land::ST => "ST",
            Land::TH => "TH",
        }
    }

    /// The Land for a two-letter code, exactly as [`Land::code`] writes it (for every other
    /// spelling: [`crate::vocabulary::land`], which `parse` and serde use).
    pub fn from_code(code: &str) -> Option<Land> {
        Land::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The Land a Gemeindeschlüssel belongs to, by its first two digits.
    ///
    /// ```
    /// use bildungsnetz::model::Land;
    /// assert_eq!(Land::from_ags("07111000"), Some(Land::RP));
    /// ```
    pub fn from_ags(ags: &str) -> Option<Land> {
        let prefix = ags.get(..2)?;
        Land::ALL.into_iter().find(|l| l.ags_prefix() == prefix)
    }

    /// The first two digits of every Gemeindeschlüssel in this Land.
    ///
    /// ```
    /// use bildungsnetz::model::Land;
    /// assert_eq!(Land::NW.ags_prefix(), "05");
    /// assert_eq!(Land::RP.ags_prefix(), "07");
    /// ```
    pub fn ags_prefix(self) -> &'static str {
        match self {
            Land::SH => "01",
            Land::HH => "02",
            Land::NI => "03",
            Land::HB => "04",
            Land::NW => "05",
            Land::HE => "06",
            Land::RP => "07",
            Land::BW => "08",
            Land::BY => "09",
            Land::SL => "10",
            Land::BE => "11",
            Land::BB => "12",
            Land::MV => "13",
            Land::SN => "14",
            Land::ST => "15",
            Land::TH => "16",
        }
    }
}

/// A Land code that is none of the sixteen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unknown Land code (expected a two-letter code such as NW or RP)")]
pub struct UnknownLand;

impl std::str::FromStr for Land {
    type Err = UnknownLand;

    /// Any spelling [`crate::vocabulary::land`] accepts.
    fn from_str(s: &str) -> Result<Land, UnknownLand> {
        crate::vocabulary::land(s).ok_or(UnknownLand)
    }
}

/// Reads any spelling [`crate::vocabulary::land`] accepts (`"nw"`, `"NRW"`,
/// `"Nordrhein-Westfalen"`); [`Land`] is written as its code.
///
/// ```
/// use bildungsnetz::model::Land;
/// let l: Land = serde_json::from_str(r#""NRW""#)?;
/// assert_eq!(serde_json::to_string(&l)?, r#""NW""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
impl<'de> Deserialize<'de> for Land {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Land, D::Error> {
        use crate::vocabulary::{CodeKind, deserialize_code, land};
        deserialize_code(d, CodeKind::Land, land)
    }
}

/// The kind of territory a network covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TerritoryKind {
    /// A town that is its own Kreis (Hagen, Koblenz).
    KreisfreieStadt,
    /// A Kreis with its Städte und Gemeinden.
    Kreis,
    /// The StädteRegion Aachen: a Kreis-like association of ten Kommunen (AGS 05334…).
    Staedteregion,
    /// A town inside a Kreis that runs its own office (Pulheim).
    KreisangehoerigeStadt,
}

impl TerritoryKind {
    /// Whether the territory consists of several Städte und Gemeinden under one Kreis key.
    pub fn is_kreis_like(self) -> bool {
        matches!(self, TerritoryKind::Kreis | TerritoryKind::Staedteregion)
    }
}

/// A Kommune (Stadt or Gemeinde) of the network's territory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kommune {
    /// Identifier, unique within the document.
    pub id: String,
    /// Name of the Kommune.
    pub name: String,
    /// Amtlicher Gemeindeschlüssel, 8 digits (e.g. `"05334002"` for Aachen).
    pub gemeindeschluessel: String,
}

impl Kommune {
    /// The Kommune of `list` a spelling names: its id (`"k-05334012"`), or its Gemeindeschlüssel
    /// in any spelling of [`crate::vocabulary::kommune_ags`] (`"05334012"`, a 12-digit ARS).
    ///
    /// ```
    /// use bildungsnetz::model::{Kommune, Network};
    /// let network = Network::from_path("../examples/data/staedteregion-aachen.json")?;
    /// let by_id = Kommune::find(&network.kommunen, "k-05334012").map(|k| &k.name);
    /// assert!(by_id.is_some());
    /// assert_eq!(Kommune::find(&network.kommunen, "05334012").map(|k| &k.name), by_id);
    /// assert_eq!(Kommune::find(&network.kommunen, "053340012012").map(|k| &k.name), by_id);
    /// assert!(Kommune::find(&network.kommunen, "07111000").is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find<'a>(list: &'a [Kommune], spelling: &str) -> Option<&'a Kommune> {
        list.iter().find(|k| k.id == spelling).or_else(|| {
            let ags = crate::vocabulary::kommune_ags(spelling)?;
            list.iter().find(|k| k.gemeindeschluessel == ags)
        })
    }
}

/// The Kooperationsvertrag between the Kommune and the Land that founds the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kooperationsvertrag {
    /// The day it was signed.
    pub signed_on: Date,
    /// The contracting parties, by name (e.g. "Land Nordrhein-Westfalen", "StädteRegion Aachen").
    pub parties: Vec<String>,
    /// Ids of the Handlungsfelder it agrees on.
    #[serde(default)]
    pub handlungsfelder: Vec<String>,
    /// Roles the contract requires in the Lenkungskreis beyond the § 78a / Köln model minimum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lenkungskreis_requires: Vec<MemberRole>,
}

/// The Bildungskonferenz: all institutions of the education process; meets about yearly and
/// gives recommendations.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bildungskonferenz {
    /// Its meetings.
    #[serde(default)]
    pub conferences: Vec<Conference>,
}

/// One meeting of the Bildungskonferenz.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conference {
    /// Identifier, unique within the document.
    pub id: String,
    /// The day it met.
    pub date: Date,
    /// Its theme.
    pub title: String,
    /// The recommendations it gave.
    #[serde(default)]
    pub recommendations: Vec<Recommendation>,
}

/// A recommendation (Empfehlung) of the Bildungskonferenz.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Identifier, unique within the document.
    pub id: String,
    /// Id of the Handlungsfeld it concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handlungsfeld: Option<String>,
    /// What it recommends.
    pub text: String,
}

/// The role in which a member sits in the Lenkungskreis.
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
pub enum MemberRole {
    /// Schulaufsicht (upper or lower school supervision) — mandatory.
    Schulaufsicht,
    /// The Kreis, the StädteRegion or the kreisfreie Stadt itself — mandatory.
    Kreis,
    /// A kreisangehörige Stadt or Gemeinde — mandatory where the network is a Kreis.
    StadtGemeinde,
    /// A school head (Schulleitung) representing a Schulform — at least two different forms.
    Schulleitung,
    /// Staff of the Bildungsbüro.
    Bildungsbuero,
    /// Youth services (Jugendamt, freie Träger).
    Jugendhilfe,
    /// Chambers and employers.
    Wirtschaft,
    /// Kitas and their Träger.
    Kindertagesbetreuung,
    /// Adult education.
    Weiterbildung,
    /// Any other member.
    Weitere,
}

/// A member of the Lenkungskreis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Identifier, unique within the document.
    pub id: String,
    /// The office held (e.g. "Kreisdirektor", "Schulrätin"), not necessarily a person's name.
    pub title: String,
    /// The role in which the member sits.
    pub role: MemberRole,
    /// Id of the institution the member represents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represents: Option<String>,
    /// Id of the Kommune the member represents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommune: Option<String>,
}

/// What the Lenkungskreis made of a recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    /// Taken up as recommended.
    Adopted,
    /// Taken up with changes.
    Changed,
    /// Not taken up.
    Rejected,
    /// Postponed.
    Deferred,
}

/// A decision of the Lenkungskreis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LenkungskreisDecision {
    /// Identifier, unique within the document.
    pub id: String,
    /// The day it was taken.
    pub date: Date,
    /// Id of the recommendation it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<String>,
    /// What was decided.
    pub status: DecisionStatus,
    /// Priority, 1 highest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// The decision's text.
    pub text: String,
}

/// The Lenkungskreis: the steering body that decides and sets priorities.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lenkungskreis {
    /// Its members.
    #[serde(default)]
    pub members: Vec<Member>,
    /// Its decisions.
    #[serde(default)]
    pub decisions: Vec<LenkungskreisDecision>,
}

/// Who employs a member of the Bildungsbüro's staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Employer {
    /// The Land (teachers seconded to the office).
    Land,
    /// The Kommune.
    Kommune,
    /// A third party (e.g. a programme's funds).
    Dritte,
}

/// A post in the Bildungsbüro.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffMember {
    /// Identifier, unique within the document.
    pub id: String,
    /// The function (e.g. "Leitung", "Bildungsmonitoring").
    pub function: String,
    /// The employer.
    pub employer: Employer,
    /// Share of a full-time post, in (0, 1].
    pub post_share: f64,
}

/// The Regionales Bildungsbüro: the office where Land and municipal staff work together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bildungsbuero {
    /// The office's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Founded on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded_on: Option<Date>,
    /// Its staff.
    #[serde(default)]
    pub staff: Vec<StaffMember>,
}

/// A Fachforum or Arbeitskreis working on one Handlungsfeld.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fachforum {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Id of its Handlungsfeld.
    pub handlungsfeld: String,
    /// Ids of the member institutions.
    #[serde(default)]
    pub members: Vec<String>,
}

/// A goal (Ziel) within a Handlungsfeld.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Identifier, unique within the document.
    pub id: String,
    /// The goal.
    pub text: String,
}

/// The state of a measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    /// Decided, not started.
    Planned,
    /// Under way.
    Running,
    /// Done.
    Completed,
    /// Stopped before completion.
    Stopped,
}

/// A measure (Maßnahme) implementing a goal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// Identifier, unique within the document.
    pub id: String,
    /// What is done.
    pub title: String,
    /// Id of the goal it serves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    /// Id of the Lenkungskreis decision it implements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Id of the institution responsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Ids of partner institutions.
    #[serde(default)]
    pub partners: Vec<String>,
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Its state.
    pub status: MeasureStatus,
}

/// A Handlungsfeld (field of action) with its goals and measures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handlungsfeld {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its name (e.g. "Übergänge und Anschlüsse gestalten").
    pub name: String,
    /// Its goals.
    #[serde(default)]
    pub goals: Vec<Goal>,
    /// Its measures.
    #[serde(default)]
    pub measures: Vec<Measure>,
}

/// An offer (Bildungsangebot) of a partner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Id of the institution that provides it.
    pub provider: String,
    /// Id of its Handlungsfeld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handlungsfeld: Option<String>,
    /// Ids of the Kommunen where it is offered.
    #[serde(default)]
    pub kommunen: Vec<String>,
    /// Youngest age addressed, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// Oldest age addressed, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    /// Target groups (e.g. "neuzugewanderte", "eltern", "inklusion").
    #[serde(default)]
    pub target_groups: Vec<String>,
    /// Languages, as ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// First day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// Last day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
}

/// An event (Veranstaltung) of the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its type (e.g. "bildungskonferenz", "fachtag", "informationsveranstaltung").
    pub kind: String,
    /// First day.
    pub start: Date,
    /// Last day, if it lasts more than one day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Id of the organising institution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organiser: Option<String>,
    /// Places available.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Participants counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<u32>,
}

/// A funding programme the network administers or forwards, with its rules and applications.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its name (e.g. "Demokratie leben!").
    pub name: String,
    /// Who funds it (e.g. "BMFSFJ").
    pub funder: String,
    /// First day of the funding period.
    pub start: Date,
    /// Last day of the funding period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<Date>,
    /// Maximum amount per project, in euro cents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount_cents: Option<u64>,
    /// Kinds of institution that may apply; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eligible_applicants: Vec<InstitutionKind>,
    /// Names of the fields every application must fill (e.g. "zielgruppe", "kofinanzierung").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_fields: Vec<String>,
    /// Applications received.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applications: Vec<Application>,
}

/// An application for a programme's funds, and the money forwarded on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Identifier, unique within the document.
    pub id: String,
    /// Id of the applying institution.
    pub applicant: String,
    /// The project's title.
    pub project: String,
    /// The amount applied for, in euro cents.
    pub amount_cents: u64,
    /// The day it was submitted.
    pub submitted_on: Date,
    /// First day of the project.
    pub start: Date,
    /// Last day of the project.
    pub end: Date,
    /// The programme's required fields and any others, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Payments forwarded to the project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
}

/// A payment forwarded to a funded project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The day the money was paid.
    pub date: Date,
    /// The amount, in euro cents.
    pub amount_cents: u64,
}

/// What a counselling service can be asked about.
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
pub enum Topic {
    /// Upbringing and family questions.
    Erziehung,
    /// Learning difficulties, school anxiety, conflicts at school.
    Schulprobleme,
    /// Choosing or changing a school, transitions between stages.
    Schullaufbahn,
    /// Arriving in Germany: school places, language, recognition.
    Neuzuwanderung,
    /// German as a second language, language support.
    Sprachfoerderung,
    /// Vocational orientation, training places.
    Berufsorientierung,
    /// Study choice and university access.
    Studium,
    /// Special educational needs and inclusion.
    Inklusion,
    /// Adult education and second-chance qualifications.
    Weiterbildung,
    /// Childcare places.
    Kinderbetreuung,
}

/// A counselling or support service offered within the network.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Identifier, unique within the document.
    pub id: String,
    /// Its name (e.g. "Schulpsychologischer Dienst").
    pub name: String,
    /// Id of the institution that provides it.
    pub provider: String,
    /// What it can be asked about.
    pub topics: Vec<Topic>,
    /// Ids of the Kommunen it serves; empty: the whole network.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kommunen: Vec<String>,
    /// Youngest age served, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u8>,
    /// Oldest age served, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u8>,
    /// Languages in which counselling is given, as ISO 639-1 codes.
    #[serde(default)]
    pub languages: Vec<String>,
}

/// A regional education network: the root of a network document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Document format version; this library reads version 1.
    pub schema_version: u32,
    /// Identifier of the network.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The Land whose law applies.
    pub land: Land,
    /// The kind of territory.
    pub territory: TerritoryKind,
    /// Gemeindeschlüssel of the territory (8 digits; for a Kreis the Kreis key followed by 000).
    pub gemeindeschluessel: String,
    /// The Kommunen of the territory.
    pub kommunen: Vec<Kommune>,
    /// The founding contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kooperationsvertrag: Option<Kooperationsvertrag>,
    /// The Bildungskonferenz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bildungskonferenz: Option<Bildungskonferenz>,
    /// The Lenkungskreis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lenkungskreis: Option<Lenkungskreis>,
    /// The Bildungsbüro.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bildungsbuero: Option<Bildungsbuero>,
    /// Fachforen and Arbeitskreise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fachforen: Vec<Fachforum>,
    /// Handlungsfelder with goals and measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handlungsfelder: Vec<Handlungsfeld>,
    /// Partner institutions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub institutions: Vec<Institution>,
    /// Offers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offers: Vec<Offer>,
    /// Events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Funding programmes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<Programme>,
    /// Counselling and support services to which the Bildungsbüro refers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<Service>,
}
