//! The German names of the codes the library prints (`bildungsnetz::catalogue::german_name`).

use bildungsnetz::catalogue::{GERMAN_NAME_KINDS, german_name as core_german_name};
use pyo3::prelude::*;

use crate::errors;

/// The German name of a code, as a person at the counter reads it, or ``None`` when the kind
/// has no such code.
///
/// ``kind`` is one of ``"transition"`` (``"school_entry"`` → ``"Einschulung (Beginn der
/// Schulpflicht)"``), ``"outcome"`` (``"eligible"``), ``"check_result"``
/// (``"missing_facts"``), ``"schulform"`` (the rules' names such as ``"gymnasium"``, or a key of
/// the official NRW list such as ``"20"``), ``"abschluss"`` (``"MSA_Q"``), ``"land"``
/// (``"NW"``), ``"severity"`` (``"warning"``) or ``"fact"`` (a learner fact's field,
/// ``"birth_date"`` → ``"Geburtsdatum"``); ``code`` is the code as the library writes it.
/// Raises :class:`InputError` (a ``ValueError``) for any other kind.
///
/// >>> import bildungsnetz as bn
/// >>> bn.german_name("outcome", "discretionary")
/// 'Ermessensentscheidung'
/// >>> bn.german_name("land", "XX") is None
/// True
#[pyfunction]
pub fn german_name(py: Python<'_>, kind: &str, code: &str) -> PyResult<Option<&'static str>> {
    if !GERMAN_NAME_KINDS.contains(&kind) {
        return Err(errors::input(
            py,
            format!(
                "unknown kind of code {kind:?}: one of {}",
                GERMAN_NAME_KINDS.join(", ")
            ),
        ));
    }
    Ok(core_german_name(kind, code))
}
