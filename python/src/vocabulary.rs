//! One vocabulary (`bildungsnetz::vocabulary`): the canonical code for a spelling, the German
//! name of a code, the codes of a kind.

use bildungsnetz::vocabulary::{self, CodeKind};
use pyo3::prelude::*;

use crate::errors;

fn kind_of(py: Python<'_>, kind: &str) -> PyResult<CodeKind> {
    CodeKind::from_name(kind).ok_or_else(|| {
        let names: Vec<&str> = CodeKind::ALL.iter().map(|k| k.name()).collect();
        errors::input(
            py,
            format!("unknown kind of code {kind:?}: one of {}", names.join(", ")),
        )
    })
}

/// The canonical code of a spelling: ``kind`` is ``"qualification"`` (the SVWS key:
/// ``"EESA"`` → ``"HA10"``, ``"FOR-Q"`` → ``"MSA_Q"``), ``"schulform"`` (the NRW statistics
/// key: ``"Gymnasium"``, ``"GY"`` → ``"20"``), ``"bildungsgang"`` (``"b06"`` → ``"B06"``),
/// ``"kommune"`` (the 8-digit AGS: ``"k-05334012"`` or a 12-digit ARS → ``"05334012"``) or
/// ``"land"`` (``"NRW"``, ``"nw"``, ``"Nordrhein-Westfalen"`` → ``"NW"``).
///
/// Raises :class:`InputError` (a ``ValueError``) for another kind, or for a spelling the kind
/// does not know; the message lists accepted codes and never repeats the spelling.
///
/// >>> import bildungsnetz as bn
/// >>> bn.canonical_code("land", "NRW")
/// 'NW'
/// >>> bn.canonical_code("qualification", "FOR-Q")
/// 'MSA_Q'
#[pyfunction]
pub fn canonical_code(py: Python<'_>, kind: &str, spelling: &str) -> PyResult<String> {
    let kind = kind_of(py, kind)?;
    vocabulary::canonical(kind, spelling).map_err(|e| errors::input(py, e.to_string()))
}

/// Every canonical code of a kind (see :func:`canonical_code`), in catalogue order. Kommunen
/// are an open set (every AGS): their list is empty.
///
/// >>> import bildungsnetz as bn
/// >>> bn.codes("land")[:3]
/// ['SH', 'HH', 'NI']
#[pyfunction]
pub fn codes(py: Python<'_>, kind: &str) -> PyResult<Vec<&'static str>> {
    Ok(vocabulary::codes(kind_of(py, kind)?))
}

/// The spellings a kind accepts beside its codes (the 2022 qualification names, Schulform
/// Kürzel and names, ``"NRW"``), as written in the vocabulary's tables; letter case is ignored
/// on input.
///
/// >>> import bildungsnetz as bn
/// >>> "EESA" in bn.code_aliases("qualification")
/// True
#[pyfunction]
pub fn code_aliases(py: Python<'_>, kind: &str) -> PyResult<Vec<&'static str>> {
    Ok(vocabulary::aliases(kind_of(py, kind)?))
}

/// The German name of a canonical code, or ``None`` when the kind has no such code (a Kommune
/// has no name here: it is the network document's).
///
/// >>> import bildungsnetz as bn
/// >>> bn.code_name_de("schulform", "20")
/// 'Gymnasium'
#[pyfunction]
pub fn code_name_de(py: Python<'_>, kind: &str, code: &str) -> PyResult<Option<&'static str>> {
    Ok(vocabulary::name_de(kind_of(py, kind)?, code))
}
