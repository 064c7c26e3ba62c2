//! Python module of bildungsnetz: `bildungsnetz._native`.
//!
//! A thin adapter over the core crate: every rule and check lives in `bildungsnetz`; this crate
//! converts arguments, releases the GIL around the work and maps errors to the exception
//! hierarchy under `BildungsnetzError`. No state is kept between calls and no thread is started.

mod batch;
mod convert;
mod documents;
mod errors;
mod rules;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    m.add_class::<documents::Problem>()?;
    m.add_class::<documents::Report>()?;
    m.add_class::<documents::PyNetwork>()?;
    m.add_class::<documents::PyValidator>()?;
    m.add_class::<rules::PyCheck>()?;
    m.add_class::<rules::PyDecision>()?;
    m.add_class::<rules::PyCaseResult>()?;
    m.add_class::<rules::PyRuleBook>()?;
    m.add_class::<batch::PySchoolEntryResult>()?;
    Ok(())
}
