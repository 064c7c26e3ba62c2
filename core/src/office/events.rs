//! Events: registration with capacity and a waiting list, and yearly participation figures.

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;

use crate::model::{Event, Network};

/// The result of a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Registration {
    /// A place is confirmed.
    Confirmed,
    /// The event is full; the participant waits at this position (1 = next).
    Waitlisted {
        /// Position on the waiting list, from 1.
        position: usize,
    },
}

/// Why a registration or cancellation was refused. Messages name the event, never the
/// participant: participant references may be personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegistrationError {
    /// Every place and every waiting-list place is taken.
    #[error(
        "event `{event}` is full: {capacity} places and {waitlist} waiting-list places are taken"
    )]
    Full {
        /// The event's id.
        event: String,
        /// Its places.
        capacity: u32,
        /// Its waiting-list places.
        waitlist: u32,
    },
    /// The participant is already registered or waiting.
    #[error("this participant is already registered for event `{event}`")]
    AlreadyRegistered {
        /// The event's id.
        event: String,
    },
    /// The participant is neither registered nor waiting.
    #[error("this participant is not registered for event `{event}`")]
    NotRegistered {
        /// The event's id.
        event: String,
    },
}

/// Registrations for one event: confirmed places up to its capacity, then a waiting list in
/// order of registration. A cancellation moves the first waiting participant up.
///
/// Participants are opaque references chosen by the caller (e.g. a registration number).
///
/// ```
/// use bildungsnetz::office::{EventRegistry, Registration};
/// let mut fachtag = EventRegistry::new("e-fachtag", Some(2), 1);
/// assert_eq!(fachtag.register("r-1")?, Registration::Confirmed);
/// assert_eq!(fachtag.register("r-2")?, Registration::Confirmed);
/// assert_eq!(fachtag.register("r-3")?, Registration::Waitlisted { position: 1 });
/// assert!(fachtag.register("r-4").is_err()); // places and waiting list are full
/// assert_eq!(fachtag.cancel("r-1")?, Some("r-3".to_string())); // r-3 moves up
/// # Ok::<(), bildungsnetz::office::RegistrationError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRegistry {
    event: String,
    capacity: Option<u32>,
    waitlist_places: u32,
    confirmed: Vec<String>,
    waiting: VecDeque<String>,
}

impl EventRegistry {
    /// A registry for an event with `capacity` places (`None`: unlimited) and
    /// `waitlist_places` places on its waiting list.
    pub fn new(event: impl Into<String>, capacity: Option<u32>, waitlist_places: u32) -> Self {
        EventRegistry {
            event: event.into(),
            capacity,
            waitlist_places,
            confirmed: Vec::new(),
            waiting: VecDeque::new(),
        }
    }

    /// A registry for an event of the network, with its capacity.
    pub fn for_event(event: &Event, waitlist_places: u32) -> Self {
        EventRegistry::new(event.id.clone(), event.capacity, waitlist_places)
    }

    fn has_room(&self) -> bool {
        self.capacity
            .is_none_or(|c| self.confirmed.len() < c as usize)
    }

    fn holds(&self, participant: &str) -> bool {
        self.confirmed.iter().any(|p| p == participant)
            || self.waiting.iter().any(|p| p == participant)
    }

    /// Registers a participant: a place if one is free, else a waiting-list place.
    pub fn register(&mut self, participant: &str) -> Result<Registration, RegistrationError> {
        if self.holds(participant) {
            return Err(RegistrationError::AlreadyRegistered {
                event: self.event.clone(),
            });
        }
        if self.has_room() {
            self.confirmed.push(participant.to_string());
            return Ok(Registration::Confirmed);
        }
        if self.waiting.len() < self.waitlist_places as usize {
            self.waiting.push_back(participant.to_string());
            return Ok(Registration::Waitlisted {
                position: self.waiting.len(),
            });
        }
        Err(RegistrationError::Full {
            event: self.event.clone(),
            capacity: self.capacity.unwrap_or(u32::MAX),
            waitlist: self.waitlist_places,
        })
    }

    /// Cancels a registration or a waiting-list place. Returns the participant who moved up
    /// from the waiting list into the freed place, if any.
    pub fn cancel(&mut self, participant: &str) -> Result<Option<String>, RegistrationError> {
        if let Some(i) = self.confirmed.iter().position(|p| p == participant) {
            self.confirmed.remove(i);
            let moved = self.waiting.pop_front();
            if let Some(next) = &moved {
                self.confirmed.push(next.clone());
            }
            return Ok(moved);
        }
        if let Some(i) = self.waiting.iter().position(|p| p == participant) {
            self.waiting.remove(i);
            return Ok(None);
        }
        Err(RegistrationError::NotRegistered {
            event: self.event.clone(),
        })
    }

    /// Participants with a confirmed place, in order of confirmation.
    pub fn confirmed(&self) -> &[String] {
        &self.confirmed
    }

    /// Participants waiting, next first.
    pub fn waiting(&self) -> impl Iterator<Item = &str> {
        self.waiting.iter().map(String::as_str)
    }
}

/// Events and participants of one kind in one calendar year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Participation {
    /// Events held.
    pub events: u32,
    /// Participants counted (events without a count add none).
    pub participants: u64,
}

/// Participation figures per calendar year and event kind, from the network's events.
///
/// ```
/// use bildungsnetz::model::Network;
/// use bildungsnetz::office::participation_by_year;
/// let network = Network::from_path("../examples/data/staedteregion-aachen.json")?;
/// let figures = participation_by_year(&network);
/// let fachtage = &figures[&(2024, "fachtag".to_string())];
/// assert_eq!(fachtage.participants, 118);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn participation_by_year(network: &Network) -> BTreeMap<(i32, String), Participation> {
    let mut figures: BTreeMap<(i32, String), Participation> = BTreeMap::new();
    for event in &network.events {
        let entry = figures
            .entry((event.start.year(), event.kind.clone()))
            .or_default();
        entry.events += 1;
        entry.participants += u64::from(event.participants.unwrap_or(0));
    }
    figures
}
