//! The domain model of a regional education network.
//!
//! A [`Network`] is what a Kooperationsvertrag between a Kommune and the Land creates (§ 78a SchulG
//! NRW): three levels of bodies — the [`Bildungskonferenz`] that recommends, the [`Lenkungskreis`]
//! that decides, the [`Bildungsbuero`] that carries out —, working groups per
//! [`Handlungsfeld`], and the [`Institution`]s that are its partners. Offers, events and funding
//! programmes are plain data here.
//!
//! Generic concepts carry English names; bodies and legal categories keep their German names
//! (see the glossary in the README). Every type round-trips through JSON unchanged.
//!
//! ```
//! use bildungsnetz::model::{Land, Network, TerritoryKind};
//! let json = r#"{
//!   "schema_version": 1, "id": "hagen", "name": "Regionales Bildungsnetzwerk Hagen",
//!   "land": "NW", "territory": "kreisfreie_stadt", "gemeindeschluessel": "05914000",
//!   "kommunen": [{"id": "k-hagen", "name": "Hagen", "gemeindeschluessel": "05914000"}]
//! }"#;
//! let network: Network = serde_json::from_str(json)?;
//! assert_eq!(network.land, Land::NW);
//! assert_eq!(network.territory, TerritoryKind::KreisfreieStadt);
//! # Ok::<(), serde_json::Error>(())
//! ```

mod institution;
mod network;

pub use institution::{Institution, InstitutionKind, InstitutionList, Traeger};
pub use network::{
    Application, Bildungsbuero, Bildungskonferenz, Conference, DecisionStatus, Employer, Event,
    Fachforum, Goal, Handlungsfeld, Kommune, Kooperationsvertrag, Land, Lenkungskreis,
    LenkungskreisDecision, Measure, MeasureStatus, Member, MemberRole, Network, Offer, Payment,
    Programme, Recommendation, Service, StaffMember, TerritoryKind, Topic, UnknownLand,
};

/// The document format version this library reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
