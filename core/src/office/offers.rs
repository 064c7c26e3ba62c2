//! The overview of all Bildungsangebote that Pulheim's council paper found missing: offers queried
//! by age or stage, Handlungsfeld, Kommune, target group, language and date, and the gaps.

use std::collections::HashMap;

use serde::Serialize;

use crate::calendar::Date;
use crate::model::{Kommune, Network, Offer};
use crate::rules::Stage;

/// The ages (in completed years) at which people typically are in a stage. Used to query offers
/// by stage; the law's own age rules are in [`crate::rules`].
///
/// ```
/// use bildungsnetz::office::stage_ages;
/// use bildungsnetz::rules::Stage;
/// assert_eq!(stage_ages(Stage::Primarstufe), (6, 10));
/// ```
pub fn stage_ages(stage: Stage) -> (u8, u8) {
    match stage {
        Stage::Familie => (0, 2),
        Stage::Kindertagespflege => (0, 3),
        Stage::Kita => (1, 6),
        Stage::Primarstufe | Stage::Ganztag => (6, 10),
        Stage::SekI(_) => (10, 16),
        Stage::GymnasialeOberstufe => (15, 19),
        Stage::Berufskolleg(_) | Stage::DualeAusbildung => (15, 25),
        Stage::Hochschule => (17, 35),
        Stage::Weiterbildung | Stage::Erwerbsleben => (16, 99),
    }
}

/// What to look for; every field left `None` matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OfferQuery {
    /// Ages the offer must address (an age, or a stage's typical ages): the ranges must overlap.
    pub ages: Option<(u8, u8)>,
    /// Id of the Handlungsfeld.
    pub handlungsfeld: Option<String>,
    /// The Kommune, by its id or its Gemeindeschlüssel ([`Kommune::find`]); offers without
    /// Kommunen are available network-wide.
    pub kommune: Option<String>,
    /// Target group (e.g. `"neuzugewanderte"`, `"inklusion"`, `"eltern"`).
    pub target_group: Option<String>,
    /// Language as ISO 639-1 code; offers naming no language are given in German (`"de"`).
    pub language: Option<String>,
    /// A day on which the offer must run.
    pub date: Option<Date>,
}

impl OfferQuery {
    /// Offers for a person of this age.
    pub fn age(mut self, age: u8) -> OfferQuery {
        self.ages = Some((age, age));
        self
    }

    /// Offers for people in this stage of the Bildungskette.
    pub fn stage(mut self, stage: Stage) -> OfferQuery {
        self.ages = Some(stage_ages(stage));
        self
    }

    /// Offers in this Handlungsfeld.
    pub fn handlungsfeld(mut self, id: impl Into<String>) -> OfferQuery {
        self.handlungsfeld = Some(id.into());
        self
    }

    /// Offers available in this Kommune.
    pub fn kommune(mut self, id: impl Into<String>) -> OfferQuery {
        self.kommune = Some(id.into());
        self
    }

    /// Offers for this target group.
    pub fn target_group(mut self, group: impl Into<String>) -> OfferQuery {
        self.target_group = Some(group.into());
        self
    }

    /// Offers in this language.
    pub fn language(mut self, code: impl Into<String>) -> OfferQuery {
        self.language = Some(code.into());
        self
    }

    /// Offers running on this day.
    pub fn on(mut self, date: Date) -> OfferQuery {
        self.date = Some(date);
        self
    }
}

/// Interned symbols so that a query compares integers, not strings.
#[derive(Default)]
struct Symbols {
    ids: HashMap<String, u32>,
}

impl Symbols {
    fn intern(&mut self, s: &str) -> u32 {
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        *self.ids.entry(s.to_string()).or_insert(next)
    }

    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// An offer reduced to what queries compare.
struct Row {
    min_age: u8,
    max_age: u8,
    handlungsfeld: Option<u32>,
    kommunen: Vec<u32>,
    target_groups: Vec<u32>,
    languages: Vec<u32>,
    start: Option<Date>,
    end: Option<Date>,
}

/// A Kommune, age band and Handlungsfeld with no offer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// Id of the Kommune.
    pub kommune: String,
    /// The age band, e.g. `"6–9"`.
    pub ages: (u8, u8),
    /// Id of the Handlungsfeld.
    pub handlungsfeld: String,
}

/// The age bands in which [`OfferCatalogue::gaps`] looks by default: early childhood, primary,
/// Sek I, Sek II and transition, young adults, adults.
pub const DEFAULT_AGE_BANDS: [(u8, u8); 6] =
    [(0, 5), (6, 9), (10, 15), (16, 18), (19, 26), (27, 99)];

/// All offers of a network, indexed for queries.
///
/// ```
/// use bildungsnetz::model::Network;
/// use bildungsnetz::office::{OfferCatalogue, OfferQuery};
/// let network = Network::from_path("../examples/data/staedteregion-aachen.json")?;
/// let catalogue = OfferCatalogue::new(&network);
/// let found = catalogue.query(&OfferQuery::default().age(12).kommune("k-05334036"));
/// assert_eq!(found[0].id, "o-ferien-mint");
/// let by_ags = catalogue.query(&OfferQuery::default().age(12).kommune("05334036"));
/// assert_eq!(by_ags, found);
/// assert!(catalogue.query(&OfferQuery::default().age(3).language("ar")).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct OfferCatalogue<'n> {
    offers: &'n [Offer],
    /// The network's Kommunen, to find one a query names by its Gemeindeschlüssel.
    kommunen: &'n [Kommune],
    rows: Vec<Row>,
    symbols: Symbols,
}

impl<'n> OfferCatalogue<'n> {
    /// Indexes the network's offers.
    pub fn new(network: &'n Network) -> OfferCatalogue<'n> {
        OfferCatalogue {
            kommunen: &network.kommunen,
            ..OfferCatalogue::from_offers(&network.offers)
        }
    }

    /// Indexes a list of offers.
    pub fn from_offers(offers: &'n [Offer]) -> OfferCatalogue<'n> {
        let mut symbols = Symbols::default();
        let german = symbols.intern("de");
        let rows = offers
            .iter()
            .map(|o| {
                let mut intern_all = |list: &[String]| -> Vec<u32> {
                    let mut v: Vec<u32> = list.iter().map(|s| symbols.intern(s)).collect();
                    v.sort_unstable();
                    v
                };
                let kommunen = intern_all(&o.kommunen);
                let target_groups = intern_all(&o.target_groups);
                let mut languages = intern_all(&o.languages);
                if languages.is_empty() {
                    languages.push(german);
                }
                Row {
                    min_age: o.min_age.unwrap_or(0),
                    max_age: o.max_age.unwrap_or(u8::MAX),
                    handlungsfeld: o.handlungsfeld.as_deref().map(|h| symbols.intern(h)),
                    kommunen,
                    target_groups,
                    languages,
                    start: o.start,
                    end: o.end,
                }
            })
            .collect();
        OfferCatalogue {
            offers,
            kommunen: &[],
            rows,
            symbols,
        }
    }

    /// The offers matching every criterion of the query, in document order.
    pub fn query(&self, q: &OfferQuery) -> Vec<&'n Offer> {
        // A value no offer uses becomes a symbol no row holds: it then matches only offers
        // that leave the criterion open (network-wide offers for an unknown Kommune).
        let known = |value: &Option<String>| {
            value
                .as_deref()
                .map(|s| self.symbols.get(s).unwrap_or(u32::MAX))
        };
        // A Kommune may be named by its Gemeindeschlüssel; offers name it by its id.
        let kommune_id = q.kommune.as_deref().map(|spelling| {
            Kommune::find(self.kommunen, spelling).map_or(spelling, |k| k.id.as_str())
        });
        let kommune = kommune_id.map(|id| self.symbols.get(id).unwrap_or(u32::MAX));
        let hf = known(&q.handlungsfeld);
        let (group, language) = (known(&q.target_group), known(&q.language));
        self.rows
            .iter()
            .zip(self.offers)
            .filter(|(row, _)| {
                q.ages
                    .is_none_or(|(lo, hi)| row.min_age <= hi && lo <= row.max_age)
                    && hf.is_none_or(|h| row.handlungsfeld == Some(h))
                    && kommune.is_none_or(|k| {
                        row.kommunen.is_empty() || row.kommunen.binary_search(&k).is_ok()
                    })
                    && group.is_none_or(|g| row.target_groups.binary_search(&g).is_ok())
                    && language.is_none_or(|l| row.languages.binary_search(&l).is_ok())
                    && q.date.is_none_or(|d| {
                        row.start.is_none_or(|s| s <= d) && row.end.is_none_or(|e| d <= e)
                    })
            })
            .map(|(_, offer)| offer)
            .collect()
    }

    /// Every Kommune × age band × Handlungsfeld of the network in which no offer exists.
    pub fn gaps(&self, network: &Network, bands: &[(u8, u8)]) -> Vec<Gap> {
        let mut gaps = Vec::new();
        for kommune in &network.kommunen {
            for &ages in bands {
                for hf in &network.handlungsfelder {
                    let query = OfferQuery {
                        ages: Some(ages),
                        handlungsfeld: Some(hf.id.clone()),
                        kommune: Some(kommune.id.clone()),
                        ..OfferQuery::default()
                    };
                    if self.query(&query).is_empty() {
                        gaps.push(Gap {
                            kommune: kommune.id.clone(),
                            ages,
                            handlungsfeld: hf.id.clone(),
                        });
                    }
                }
            }
        }
        gaps
    }
}
