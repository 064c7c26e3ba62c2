//! Counselling referral: the Bildungsbüro refers people to the network's responsible services,
//! each with its reason — and never diagnoses anyone itself. A request carries only a topic,
//! an age, a Kommune and a language; there is no field for symptoms or assessments.

use serde::{Deserialize, Serialize};

use crate::model::{Kommune, Network, Service, Topic};

/// What a person (or an institution) asks the Bildungsbüro about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferralRequest {
    /// The topic.
    pub topic: Topic,
    /// The age of the person concerned, in completed years, if known.
    #[serde(default)]
    pub age: Option<u8>,
    /// The Kommune where the person lives: its id in the network document (`"k-05334012"`) or
    /// its Gemeindeschlüssel in any spelling ([`crate::model::Kommune::find`]).
    pub kommune: String,
    /// Preferred language, ISO 639-1 code.
    #[serde(default)]
    pub language: Option<String>,
}

/// A service the person can turn to, with the reasons it was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Referral {
    /// Id of the service.
    pub service: String,
    /// Its name.
    pub name: String,
    /// Id of the institution that provides it.
    pub provider: String,
    /// Ranking score; higher is a closer fit.
    pub score: u32,
    /// Why it fits, in German.
    pub reasons_de: Vec<String>,
    /// Why it fits, in English.
    pub reasons_en: Vec<String>,
}

/// Why a referral request cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReferralError {
    /// The Kommune named in the request's field `kommune` is not part of the network.
    #[error(
        "field `kommune`: the Kommune is not part of this network; refer to the responsible network instead"
    )]
    KommuneOutsideNetwork,
}

/// The network's services for a request, best fit first. Services that do not cover the topic,
/// the Kommune or the age are left out; language only ranks.
///
/// ```
/// use bildungsnetz::model::{Network, Topic};
/// use bildungsnetz::office::{refer, ReferralRequest};
/// let network = Network::from_path("../examples/data/staedteregion-aachen.json")?;
/// let request = ReferralRequest {
///     topic: Topic::Schulprobleme, age: Some(9), kommune: "k-05334012".into(), language: Some("tr".into()),
/// };
/// let referrals = refer(&network, &request)?;
/// assert_eq!(referrals[0].name, "Erziehungsberatungsstelle Eschweiler"); // local, in Turkish
/// assert_eq!(referrals[1].name, "Schulpsychologischer Dienst der StädteRegion Aachen");
/// // The Gemeindeschlüssel names the same Kommune.
/// let by_ags = ReferralRequest { kommune: "05334012".into(), ..request };
/// assert_eq!(refer(&network, &by_ags)?, referrals);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn refer(network: &Network, request: &ReferralRequest) -> Result<Vec<Referral>, ReferralError> {
    let kommune = Kommune::find(&network.kommunen, &request.kommune)
        .ok_or(ReferralError::KommuneOutsideNetwork)?;
    let mut found: Vec<Referral> = network
        .services
        .iter()
        .filter_map(|service| assess(service, request, &kommune.id))
        .collect();
    found.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
    Ok(found)
}

/// How well a service fits; `kommune` is the id of the request's Kommune.
fn assess(service: &Service, request: &ReferralRequest, kommune: &str) -> Option<Referral> {
    if !service.topics.contains(&request.topic) {
        return None;
    }
    let mut score = 10;
    let mut de = vec!["zuständig für das Anliegen".to_string()];
    let mut en = vec!["responsible for the topic".to_string()];
    if service.kommunen.is_empty() {
        score += 1;
        de.push("für das ganze Netzwerk zuständig".into());
        en.push("serves the whole network".into());
    } else if service.kommunen.iter().any(|k| k == kommune) {
        score += 3;
        de.push("vor Ort in der Kommune".into());
        en.push("serves the person's Kommune".into());
    } else {
        return None;
    }
    if let Some(age) = request.age {
        let (lo, hi) = (
            service.min_age.unwrap_or(0),
            service.max_age.unwrap_or(u8::MAX),
        );
        if age < lo || age > hi {
            return None;
        }
        if service.min_age.is_some() || service.max_age.is_some() {
            score += 1;
            de.push("auf diese Altersgruppe ausgerichtet".into());
            en.push("specialised in this age group".into());
        }
    }
    if let Some(language) = &request.language {
        if service.languages.iter().any(|l| l == language) {
            score += 2;
            de.push(format!("Beratung auch auf {language}"));
            en.push(format!("counselling also in {language}"));
        } else {
            de.push("Beratung auf Deutsch".into());
            en.push("counselling in German".into());
        }
    }
    Some(Referral {
        service: service.id.clone(),
        name: service.name.clone(),
        provider: service.provider.clone(),
        score,
        reasons_de: de,
        reasons_en: en,
    })
}
