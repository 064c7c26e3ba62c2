//! Python module of bildungsnetz: `bildungsnetz._native`.
//!
//! A thin adapter over the core crate: every rule and check lives in `bildungsnetz`; this crate
//! converts arguments, releases the GIL around the work and maps errors to the exception
//! hierarchy under `BildungsnetzError`. No state is kept between calls and no thread is started.

mod batch;
mod catalogue;
mod convert;
mod documents;
mod errors;
mod monitor;
mod office;
mod pathways;
mod rules;
mod sek1;
mod sek1_arrow;
mod table_batch;
mod tables;
mod vocabulary;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The input size limits, in bytes: the C library's `BILDUNGSNETZ_MAX_*_BYTES`.
    {
        use bildungsnetz::io::limits;
        m.add("MAX_DOCUMENT_BYTES", limits::DOCUMENT_BYTES)?;
        m.add("MAX_DIRECTORY_BYTES", limits::DIRECTORY_BYTES)?;
        m.add("MAX_RECORDS_BYTES", limits::RECORDS_BYTES)?;
        m.add("MAX_SETTINGS_BYTES", limits::SETTINGS_BYTES)?;
        m.add("MAX_LAW_BYTES", limits::LAW_BYTES)?;
        m.add("MAX_CASE_FILE_BYTES", limits::CASE_FILE_BYTES)?;
    }
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
    m.add_class::<table_batch::PyBatchResult>()?;
    m.add_class::<sek1::PyQualificationCode>()?;
    m.add_class::<sek1::PyQualificationResult>()?;
    m.add_class::<sek1::PySek1Qualifications>()?;
    m.add_class::<tables::PyArrowTable>()?;
    m.add_class::<office::PyOffice>()?;
    m.add_class::<pathways::PyNextStep>()?;
    m.add_class::<pathways::PyRouteStep>()?;
    m.add_class::<pathways::PyRoute>()?;
    m.add_class::<monitor::PyProtection>()?;
    m.add_class::<monitor::PyProtectedTable>()?;
    m.add_class::<monitor::PyIndicatorResult>()?;
    m.add_class::<monitor::PyPartials>()?;
    m.add_class::<monitor::PyIndicators>()?;
    m.add_class::<monitor::PyRegister>()?;
    m.add_class::<monitor::PyDirectoryTables>()?;
    m.add_function(wrap_pyfunction!(monitor::directory_tables, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue::german_name, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary::canonical_code, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary::codes, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary::code_aliases, m)?)?;
    m.add_function(wrap_pyfunction!(vocabulary::code_name_de, m)?)?;
    m.add_class::<office::PyRecommendationReport>()?;
    m.add_class::<office::PyRecommendationTrace>()?;
    m.add_class::<office::PyDecisionTrace>()?;
    m.add_class::<office::PyMeasureTrace>()?;
    m.add_class::<office::PyOffer>()?;
    m.add_class::<office::PyGap>()?;
    m.add_class::<office::PyReferral>()?;
    m.add_class::<office::PyParticipation>()?;
    m.add_class::<office::PyForwarded>()?;
    m.add_class::<office::PyRegistration>()?;
    m.add_class::<office::PyEventRegistry>()?;
    Ok(())
}
