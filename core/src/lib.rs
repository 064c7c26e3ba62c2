//! # bildungsnetz
//!
//! One correct, explainable model of a German regional education network (Regionales
//! Bildungsnetzwerk, kommunales Bildungsbüro) and of the law that moves people along the
//! Bildungskette: the network's bodies, partners and fields of action; validation of network
//! documents; transition-eligibility rules with their legal basis, dated; monitoring indicators
//! with statistical disclosure control.
//!
//! The same core answers through Rust, the C library (`ffi/`) and the Python module (`python/`).
//!
//! ```
//! use bildungsnetz::calendar::Date;
//! let born = Date::from_ymd(2019, 10, 1)?;
//! assert_eq!(born.age_on(Date::from_ymd(2025, 9, 30)?), 5);
//! # Ok::<(), bildungsnetz::calendar::CalendarError>(())
//! ```
#![forbid(unsafe_code)]

pub mod calendar;
pub mod catalogue;
pub mod io;
pub mod model;
pub mod monitor;
pub mod office;
pub mod rules;
pub mod schemas;
pub mod validate;
pub mod vocabulary;
