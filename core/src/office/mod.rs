//! The Bildungsbüro's daily work, where "all threads come together": what became of the
//! conference's recommendations, the overview of all offers and their gaps, referral to the
//! responsible services, event registrations, and funding programmes.

mod events;
mod offers;
mod programmes;
mod referral;
mod trace;

pub use events::{
    EventRegistry, Participation, Registration, RegistrationError, participation_by_year,
};
pub use offers::{DEFAULT_AGE_BANDS, Gap, OfferCatalogue, OfferQuery, stage_ages};
pub use programmes::{Forwarded, check_application, forwarded_by_year};
pub use referral::{Referral, ReferralError, ReferralRequest, refer};
pub use trace::{
    DecisionTrace, MeasureTrace, RecommendationReport, RecommendationTrace, TraceState,
};
