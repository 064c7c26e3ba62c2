//! The Bildungsbüro's daily work: what became of the conference's recommendations, the offers
//! catalogue and its gaps, counselling referral, event registrations, funding programmes.

use bildungsnetz::calendar::Date;
use bildungsnetz::model::{Application, Network, Topic};
use bildungsnetz::office as core;
use bildungsnetz::rules::{BerufskollegAnlage, Schulform, Stage};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::convert;
use crate::documents::{self, PyNetwork, Reduce, Report, from_state, reduce_json};
use crate::errors;

fn to_dict<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| errors::general(py, e.to_string()))?;
    convert::from_json_value(py, &v)
}

/// A core value re-read as a binding type of the same JSON shape.
fn mirror<S: Serialize, T: DeserializeOwned>(py: Python<'_>, value: &S) -> PyResult<T> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| errors::general(py, e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Recommendations → decisions → measures.

/// A measure implementing a Lenkungskreis decision.
#[pyclass(
    frozen,
    eq,
    get_all,
    module = "bildungsnetz._native",
    name = "MeasureTrace"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyMeasureTrace {
    /// The measure's id.
    id: String,
    /// Its title.
    title: String,
    /// ``"planned"``, ``"running"``, ``"completed"`` or ``"stopped"``.
    status: String,
}

#[pymethods]
impl PyMeasureTrace {
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "MeasureTrace")
    }

    fn __repr__(&self) -> String {
        format!("<MeasureTrace {} {}>", self.id, self.status)
    }
}

/// A Lenkungskreis decision on a recommendation, with the measures that implement it.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "DecisionTrace")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyDecisionTrace {
    id: String,
    date: Date,
    status: String,
    priority: Option<u8>,
    measures: Vec<PyMeasureTrace>,
}

#[pymethods]
impl PyDecisionTrace {
    /// The decision's id.
    #[getter]
    fn id(&self) -> String {
        self.id.clone()
    }

    /// The day it was taken.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.date)
    }

    /// ``"adopted"``, ``"changed"``, ``"rejected"`` or ``"deferred"``.
    #[getter]
    fn status(&self) -> String {
        self.status.clone()
    }

    /// Priority, 1 highest.
    #[getter]
    fn priority(&self) -> Option<u8> {
        self.priority
    }

    /// The measures citing this decision.
    #[getter]
    fn measures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.measures.clone())
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "DecisionTrace")
    }

    fn __repr__(&self) -> String {
        format!(
            "<DecisionTrace {} {} {} measures={}>",
            self.id,
            self.date,
            self.status,
            self.measures.len()
        )
    }
}

/// One recommendation of the Bildungskonferenz and what became of it.
#[pyclass(
    frozen,
    eq,
    module = "bildungsnetz._native",
    name = "RecommendationTrace"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyRecommendationTrace {
    id: String,
    conference: String,
    given_on: Date,
    handlungsfeld: Option<String>,
    text: String,
    decisions: Vec<PyDecisionTrace>,
    state: String,
}

fn state_label_de(state: &str) -> &'static str {
    match state {
        "undecided" => "noch nicht beraten",
        "rejected" => "abgelehnt",
        "deferred" => "vertagt",
        "adopted_without_measure" => "beschlossen, noch ohne Maßnahme",
        "in_progress" => "in Umsetzung",
        "implemented" => "umgesetzt",
        "stopped" => "Maßnahmen abgebrochen",
        _ => "",
    }
}

#[pymethods]
impl PyRecommendationTrace {
    /// The recommendation's id.
    #[getter]
    fn id(&self) -> String {
        self.id.clone()
    }

    /// The conference that gave it.
    #[getter]
    fn conference(&self) -> String {
        self.conference.clone()
    }

    /// The day of that conference.
    #[getter]
    fn given_on<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.given_on)
    }

    /// The Handlungsfeld it concerns.
    #[getter]
    fn handlungsfeld(&self) -> Option<String> {
        self.handlungsfeld.clone()
    }

    /// Its text.
    #[getter]
    fn text(&self) -> String {
        self.text.clone()
    }

    /// The decisions on it, in the order they were taken.
    #[getter]
    fn decisions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.decisions.clone())
    }

    /// Where it stands: ``"undecided"``, ``"rejected"``, ``"deferred"``,
    /// ``"adopted_without_measure"``, ``"in_progress"``, ``"implemented"`` or ``"stopped"``.
    #[getter]
    fn state(&self) -> String {
        self.state.clone()
    }

    /// The state as a German label (``"in Umsetzung"``, …).
    #[getter]
    fn state_de(&self) -> &'static str {
        state_label_de(&self.state)
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "RecommendationTrace")
    }

    fn __repr__(&self) -> String {
        format!("<RecommendationTrace {} {}>", self.id, self.state)
    }
}

/// The report "what became of the conference's recommendations".
#[pyclass(
    frozen,
    eq,
    module = "bildungsnetz._native",
    name = "RecommendationReport"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyRecommendationReport {
    recommendations: Vec<PyRecommendationTrace>,
    decisions_without_recommendation: Vec<String>,
    text_de: String,
}

#[pymethods]
impl PyRecommendationReport {
    /// Every recommendation, in the order of the conferences.
    #[getter]
    fn recommendations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.recommendations.clone())
    }

    /// Ids of Lenkungskreis decisions that answer no recommendation.
    #[getter]
    fn decisions_without_recommendation(&self) -> Vec<String> {
        self.decisions_without_recommendation.clone()
    }

    /// How many recommendations are in each state.
    fn counts(&self) -> std::collections::BTreeMap<String, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for r in &self.recommendations {
            *counts.entry(r.state.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// The report as German text for the Lenkungskreis or a Bildungsbericht.
    fn render_de(&self) -> String {
        self.text_de.clone()
    }

    /// The report as Python data (dates as ISO strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v = serde_json::json!({
            "recommendations": self.recommendations,
            "decisions_without_recommendation": self.decisions_without_recommendation,
        });
        convert::from_json_value(py, &v)
    }

    fn __len__(&self) -> usize {
        self.recommendations.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.recommendations(py)?.try_iter()?.into_any())
    }

    fn __str__(&self) -> String {
        self.text_de.clone()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "RecommendationReport")
    }

    fn __repr__(&self) -> String {
        format!(
            "<RecommendationReport recommendations={} counts={:?}>",
            self.recommendations.len(),
            self.counts()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Offers, gaps, referrals, participation, money forwarded.

/// An offer of the network (Bildungsangebot).
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "Offer")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PyOffer {
    inner: bildungsnetz::model::Offer,
}

#[pymethods]
impl PyOffer {
    /// Its id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id.clone()
    }
    /// Its title.
    #[getter]
    fn title(&self) -> String {
        self.inner.title.clone()
    }
    /// Id of the institution that provides it.
    #[getter]
    fn provider(&self) -> String {
        self.inner.provider.clone()
    }
    /// Id of its Handlungsfeld.
    #[getter]
    fn handlungsfeld(&self) -> Option<String> {
        self.inner.handlungsfeld.clone()
    }
    /// Ids of the Kommunen where it is offered (empty: network-wide).
    #[getter]
    fn kommunen(&self) -> Vec<String> {
        self.inner.kommunen.clone()
    }
    /// Youngest age addressed.
    #[getter]
    fn min_age(&self) -> Option<u8> {
        self.inner.min_age
    }
    /// Oldest age addressed.
    #[getter]
    fn max_age(&self) -> Option<u8> {
        self.inner.max_age
    }
    /// Target groups.
    #[getter]
    fn target_groups(&self) -> Vec<String> {
        self.inner.target_groups.clone()
    }
    /// Languages (ISO 639-1); empty means German.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.inner.languages.clone()
    }
    /// First day.
    #[getter]
    fn start<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .start
            .map(|d| convert::to_py_date(py, d))
            .transpose()
    }
    /// Last day.
    #[getter]
    fn end<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.inner
            .end
            .map(|d| convert::to_py_date(py, d))
            .transpose()
    }
    /// The offer as Python data (dates as ISO strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Offer")
    }
    fn __repr__(&self) -> String {
        format!("<Offer {} {:?}>", self.inner.id, self.inner.title)
    }
}

/// A Kommune, age band and Handlungsfeld with no offer.
#[pyclass(
    frozen,
    eq,
    hash,
    get_all,
    module = "bildungsnetz._native",
    name = "Gap"
)]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PyGap {
    /// Id of the Kommune.
    kommune: String,
    /// The age band (inclusive).
    ages: (u8, u8),
    /// Id of the Handlungsfeld.
    handlungsfeld: String,
}

#[pymethods]
impl PyGap {
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Gap")
    }
    fn __repr__(&self) -> String {
        format!(
            "Gap(kommune={:?}, ages={:?}, handlungsfeld={:?})",
            self.kommune, self.ages, self.handlungsfeld
        )
    }
}

/// A service the person can turn to, with the reasons it was chosen — never a diagnosis.
#[pyclass(
    frozen,
    eq,
    get_all,
    module = "bildungsnetz._native",
    name = "Referral"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyReferral {
    /// Id of the service.
    service: String,
    /// Its name.
    name: String,
    /// Id of the institution that provides it.
    provider: String,
    /// Ranking score; higher is a closer fit.
    score: u32,
    /// Why it fits, in German.
    reasons_de: Vec<String>,
    /// Why it fits, in English.
    reasons_en: Vec<String>,
}

#[pymethods]
impl PyReferral {
    /// The reasons in German (``"de"``) or English (``"en"``).
    #[pyo3(signature = (lang="de"))]
    fn reasons(&self, py: Python<'_>, lang: &str) -> PyResult<Vec<String>> {
        match lang {
            "de" => Ok(self.reasons_de.clone()),
            "en" => Ok(self.reasons_en.clone()),
            other => Err(errors::input(
                py,
                format!("lang must be 'de' or 'en', not {other:?}"),
            )),
        }
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Referral")
    }
    fn __repr__(&self) -> String {
        format!("<Referral {:?} score={}>", self.name, self.score)
    }
}

/// Events and participants of one kind in one calendar year.
#[pyclass(
    frozen,
    eq,
    get_all,
    module = "bildungsnetz._native",
    name = "Participation"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyParticipation {
    /// The calendar year.
    year: i32,
    /// The event kind (e.g. ``"fachtag"``).
    kind: String,
    /// Events held.
    events: u32,
    /// Participants counted.
    participants: u64,
}

#[pymethods]
impl PyParticipation {
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Participation")
    }
    fn __repr__(&self) -> String {
        format!(
            "Participation(year={}, kind={:?}, events={}, participants={})",
            self.year, self.kind, self.events, self.participants
        )
    }
}

/// Money forwarded to one project in one calendar year.
#[pyclass(
    frozen,
    eq,
    get_all,
    module = "bildungsnetz._native",
    name = "Forwarded"
)]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyForwarded {
    /// Id of the programme.
    programme: String,
    /// Id of the application.
    application: String,
    /// The project's title.
    project: String,
    /// The calendar year of the payments.
    year: i32,
    /// The sum paid, in euro cents.
    amount_cents: u64,
}

#[pymethods]
impl PyForwarded {
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Forwarded")
    }
    fn __repr__(&self) -> String {
        format!(
            "Forwarded(programme={:?}, application={:?}, year={}, amount_cents={})",
            self.programme, self.application, self.year, self.amount_cents
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Events.

/// The result of a registration: ``status`` is ``"confirmed"`` or ``"waitlisted"`` (then
/// ``position`` is the place on the waiting list, 1 = next).
#[pyclass(
    frozen,
    eq,
    hash,
    get_all,
    module = "bildungsnetz._native",
    name = "Registration"
)]
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PyRegistration {
    /// ``"confirmed"`` or ``"waitlisted"``.
    status: String,
    /// Position on the waiting list, from 1; ``None`` when confirmed.
    position: Option<usize>,
}

#[pymethods]
impl PyRegistration {
    /// True when a place is confirmed.
    #[getter]
    fn confirmed(&self) -> bool {
        self.status == "confirmed"
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Registration")
    }
    fn __repr__(&self) -> String {
        match self.position {
            Some(p) => format!("Registration(status='waitlisted', position={p})"),
            None => "Registration(status='confirmed', position=None)".to_owned(),
        }
    }
}

fn registration_error(py: Python<'_>, err: &core::RegistrationError) -> PyErr {
    let (code, event) = match err {
        core::RegistrationError::Full { event, .. } => ("full", event.clone()),
        core::RegistrationError::AlreadyRegistered { event } => {
            ("already_registered", event.clone())
        }
        core::RegistrationError::NotRegistered { event } => ("not_registered", event.clone()),
        other => ("refused", other.to_string()),
    };
    errors::make(
        py,
        "RegistrationError",
        err.to_string(),
        &[
            ("code", PyString::new(py, code).into_any()),
            ("event", PyString::new(py, &event).into_any()),
        ],
    )
}

/// Registrations for one event: confirmed places up to its capacity, then a waiting list in
/// order of registration; a cancellation moves the first waiting participant up. Participants
/// are opaque references chosen by the caller (e.g. a registration number). Picklable.
#[pyclass(module = "bildungsnetz._native", name = "EventRegistry")]
pub struct PyEventRegistry {
    inner: core::EventRegistry,
    event: String,
    capacity: Option<u32>,
    waitlist_places: u32,
}

#[pymethods]
impl PyEventRegistry {
    /// A registry for `event` with `capacity` places (``None``: unlimited) and
    /// `waitlist_places` places on its waiting list.
    #[new]
    #[pyo3(signature = (event, capacity=None, waitlist_places=0))]
    fn new(event: String, capacity: Option<u32>, waitlist_places: u32) -> Self {
        PyEventRegistry {
            inner: core::EventRegistry::new(event.clone(), capacity, waitlist_places),
            event,
            capacity,
            waitlist_places,
        }
    }

    /// The event's id.
    #[getter]
    fn event(&self) -> String {
        self.event.clone()
    }

    /// Its places (``None``: unlimited).
    #[getter]
    fn capacity(&self) -> Option<u32> {
        self.capacity
    }

    /// Its waiting-list places.
    #[getter]
    fn waitlist_places(&self) -> u32 {
        self.waitlist_places
    }

    /// Registers a participant: a place if one is free, else a waiting-list place. Raises
    /// RegistrationError (code ``"full"`` or ``"already_registered"``).
    fn register(&mut self, py: Python<'_>, participant: &str) -> PyResult<PyRegistration> {
        match self.inner.register(participant) {
            Ok(core::Registration::Confirmed) => Ok(PyRegistration {
                status: "confirmed".to_owned(),
                position: None,
            }),
            Ok(core::Registration::Waitlisted { position }) => Ok(PyRegistration {
                status: "waitlisted".to_owned(),
                position: Some(position),
            }),
            Err(e) => Err(registration_error(py, &e)),
        }
    }

    /// Cancels a registration or a waiting-list place; returns the participant who moved up
    /// into the freed place, if any. Raises RegistrationError (code ``"not_registered"``).
    fn cancel(&mut self, py: Python<'_>, participant: &str) -> PyResult<Option<String>> {
        self.inner
            .cancel(participant)
            .map_err(|e| registration_error(py, &e))
    }

    /// Participants with a confirmed place, in order of confirmation.
    #[getter]
    fn confirmed(&self) -> Vec<String> {
        self.inner.confirmed().to_vec()
    }

    /// Participants waiting, next first.
    #[getter]
    fn waiting(&self) -> Vec<String> {
        self.inner.waiting().map(str::to_owned).collect()
    }

    fn __contains__(&self, participant: &str) -> bool {
        self.inner.confirmed().iter().any(|p| p == participant)
            || self.inner.waiting().any(|p| p == participant)
    }

    fn __len__(&self) -> usize {
        self.inner.confirmed().len() + self.inner.waiting().count()
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<Reduce<'py, (String, Option<u32>, u32, Vec<String>, Vec<String>)>> {
        let r = slf.borrow();
        Ok((
            slf.get_type().getattr("_restore")?,
            (
                r.event.clone(),
                r.capacity,
                r.waitlist_places,
                r.confirmed(),
                r.waiting(),
            ),
        ))
    }

    /// Rebuilds a registry from its pickled state (confirmed, then waiting, in order).
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        event: String,
        capacity: Option<u32>,
        waitlist_places: u32,
        confirmed: Vec<String>,
        waiting: Vec<String>,
    ) -> PyResult<Self> {
        let mut r = PyEventRegistry::new(event, capacity, waitlist_places);
        if capacity.is_some_and(|c| confirmed.len() > c as usize)
            || (!waiting.is_empty() && capacity.is_none_or(|c| confirmed.len() < c as usize))
        {
            return Err(errors::input(py, "not a pickled EventRegistry"));
        }
        for p in confirmed.iter().chain(&waiting) {
            r.inner
                .register(p)
                .map_err(|e| registration_error(py, &e))?;
        }
        Ok(r)
    }

    fn __repr__(&self) -> String {
        format!(
            "<EventRegistry {} confirmed={} waiting={} capacity={}>",
            self.event,
            self.inner.confirmed().len(),
            self.inner.waiting().count(),
            self.capacity
                .map_or_else(|| "None".to_owned(), |c| c.to_string())
        )
    }
}

// ---------------------------------------------------------------------------------------------
// The office.

const TOPICS: [&str; 10] = [
    "erziehung",
    "schulprobleme",
    "schullaufbahn",
    "neuzuwanderung",
    "sprachfoerderung",
    "berufsorientierung",
    "studium",
    "inklusion",
    "weiterbildung",
    "kinderbetreuung",
];

const STAGES: [&str; 11] = [
    "familie",
    "kindertagespflege",
    "kita",
    "primarstufe",
    "sek_i",
    "gymnasiale_oberstufe",
    "berufskolleg",
    "duale_ausbildung",
    "hochschule",
    "weiterbildung",
    "erwerbsleben",
];

fn parse_stage(py: Python<'_>, name: &str) -> PyResult<Stage> {
    Ok(match name {
        "familie" => Stage::Familie,
        "kindertagespflege" => Stage::Kindertagespflege,
        "kita" => Stage::Kita,
        "primarstufe" => Stage::Primarstufe,
        "sek_i" => Stage::SekI(Schulform::Gesamtschule),
        "gymnasiale_oberstufe" => Stage::GymnasialeOberstufe,
        "berufskolleg" => Stage::Berufskolleg(BerufskollegAnlage::A),
        "duale_ausbildung" => Stage::DualeAusbildung,
        "hochschule" => Stage::Hochschule,
        "weiterbildung" => Stage::Weiterbildung,
        "erwerbsleben" => Stage::Erwerbsleben,
        other => {
            return Err(errors::input(
                py,
                format!("stage must be one of {}, not {other:?}", STAGES.join(", ")),
            ));
        }
    })
}

const APPLICATION_FIELDS: [&str; 9] = [
    "id",
    "applicant",
    "project",
    "amount_cents",
    "submitted_on",
    "start",
    "end",
    "fields",
    "payments",
];

/// An application from a dict; a bad one raises RecordError naming the field, never its value.
fn parse_application(py: Python<'_>, value: Value) -> PyResult<Application> {
    if let Ok(a) = serde_json::from_value::<Application>(value.clone()) {
        return Ok(a);
    }
    let fail = |field: &str, problem: &str| {
        errors::record(
            py,
            "invalid_application",
            Some(field),
            None,
            None,
            format!("application field {field}: {problem}"),
        )
    };
    let Value::Object(map) = value else {
        return Err(errors::input(py, "an application must be a dict"));
    };
    for key in map.keys() {
        if !APPLICATION_FIELDS.contains(&key.as_str()) {
            return Err(fail(
                key,
                &format!("unknown field; known: {}", APPLICATION_FIELDS.join(", ")),
            ));
        }
    }
    let template = serde_json::json!({"id": "a", "applicant": "i", "project": "p",
        "amount_cents": 0, "submitted_on": "2000-01-01", "start": "2000-01-01",
        "end": "2000-01-01"});
    if let Value::Object(t) = &template {
        for key in t.keys() {
            if !map.contains_key(key) {
                return Err(fail(key, "is missing"));
            }
        }
    }
    for (key, v) in &map {
        let mut t = template.clone();
        if let Value::Object(m) = &mut t {
            m.insert(key.clone(), v.clone());
        }
        if serde_json::from_value::<Application>(t).is_err() {
            let expected = match key.as_str() {
                "amount_cents" => "must be a non-negative int (euro cents)",
                "submitted_on" | "start" | "end" => "must be a date",
                "fields" => "must be a dict of str to str",
                "payments" => "must be a list of {date, amount_cents}",
                _ => "must be a str",
            };
            return Err(fail(key, expected));
        }
    }
    Err(errors::input(py, "the application is malformed"))
}

/// The Bildungsbüro of a network: its recommendation report, offers and gaps, referrals,
/// event registries, programmes. Immutable and picklable (it holds a copy of the network).
#[pyclass(frozen, module = "bildungsnetz._native", name = "Office")]
pub struct PyOffice {
    network: Network,
}

#[pymethods]
impl PyOffice {
    /// The office of a network: a Network, or any network document source (a ``pathlib.Path``,
    /// JSON text — a str is never taken for a file name — or bytes, dict, file object).
    #[new]
    fn new(py: Python<'_>, network: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyOffice {
            network: documents::parse_network(py, network)?,
        })
    }

    /// The network.
    #[getter]
    fn network(&self) -> PyNetwork {
        PyNetwork {
            inner: self.network.clone(),
        }
    }

    /// What became of the Bildungskonferenz's recommendations (decisions, measures, state).
    fn recommendation_report(&self, py: Python<'_>) -> PyResult<PyRecommendationReport> {
        let report = py.detach(|| core::RecommendationReport::new(&self.network));
        let recommendations = mirror(py, &report.recommendations)?;
        Ok(PyRecommendationReport {
            recommendations,
            decisions_without_recommendation: report.decisions_without_recommendation.clone(),
            text_de: report.render_de(),
        })
    }

    /// The offers matching every criterion given, in document order. `age` (an int) or `ages`
    /// (an inclusive range) or `stage` (``"kita"``, ``"primarstufe"``, ``"sek_i"``, …) select
    /// by age; `kommune` matches offers there or network-wide; `language` matches offers in it
    /// (offers naming none are in German); `date` selects offers running on that day.
    #[pyo3(signature = (*, age=None, ages=None, stage=None, handlungsfeld=None, kommune=None, target_group=None, language=None, date=None))]
    #[allow(clippy::too_many_arguments)]
    fn offers(
        &self,
        py: Python<'_>,
        age: Option<u8>,
        ages: Option<(u8, u8)>,
        stage: Option<&str>,
        handlungsfeld: Option<String>,
        kommune: Option<String>,
        target_group: Option<String>,
        language: Option<String>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyOffer>> {
        let stage_ages = stage
            .map(|s| parse_stage(py, s).map(core::stage_ages))
            .transpose()?;
        let given: Vec<(u8, u8)> = [age.map(|a| (a, a)), ages, stage_ages]
            .into_iter()
            .flatten()
            .collect();
        if given.len() > 1 {
            return Err(errors::input(py, "give at most one of age, ages and stage"));
        }
        if let Some((lo, hi)) = ages {
            if lo > hi {
                return Err(errors::input(py, "ages: the first age is above the second"));
            }
        }
        let query = core::OfferQuery {
            ages: given.first().copied(),
            handlungsfeld,
            kommune,
            target_group,
            language,
            date: date.map(|d| convert::extract_date(d, "date")).transpose()?,
        };
        let found: Vec<bildungsnetz::model::Offer> = py.detach(|| {
            core::OfferCatalogue::new(&self.network)
                .query(&query)
                .into_iter()
                .cloned()
                .collect()
        });
        Ok(found.into_iter().map(|inner| PyOffer { inner }).collect())
    }

    /// Every Kommune × age band × Handlungsfeld of the network with no offer. `age_bands` are
    /// inclusive ranges (default: 0–5, 6–9, 10–15, 16–18, 19–26, 27–99).
    #[pyo3(signature = (age_bands=None))]
    fn gaps(&self, py: Python<'_>, age_bands: Option<Vec<(u8, u8)>>) -> PyResult<Vec<PyGap>> {
        let bands = age_bands.unwrap_or_else(|| core::DEFAULT_AGE_BANDS.to_vec());
        if bands.iter().any(|(lo, hi)| lo > hi) {
            return Err(errors::input(
                py,
                "age_bands: a band's first age is above its second",
            ));
        }
        let gaps =
            py.detach(|| core::OfferCatalogue::new(&self.network).gaps(&self.network, &bands));
        Ok(gaps
            .into_iter()
            .map(|g| PyGap {
                kommune: g.kommune,
                ages: g.ages,
                handlungsfeld: g.handlungsfeld,
            })
            .collect())
    }

    /// The network's services for a counselling request, best fit first, each with its
    /// reasons (never a diagnosis). A Kommune outside the network raises ReferralError
    /// (``field == "kommune"``); an unknown topic raises InputError naming the field.
    #[pyo3(signature = (topic, *, kommune, age=None, language=None))]
    fn refer(
        &self,
        py: Python<'_>,
        topic: &str,
        kommune: String,
        age: Option<u8>,
        language: Option<String>,
    ) -> PyResult<Vec<PyReferral>> {
        let topic: Topic =
            serde_json::from_value(Value::String(topic.to_owned())).map_err(|_| {
                errors::make(
                    py,
                    "InputError",
                    format!("field `topic`: must be one of {}", TOPICS.join(", ")),
                    &[("field", PyString::new(py, "topic").into_any())],
                )
            })?;
        let request = core::ReferralRequest {
            topic,
            age,
            kommune,
            language,
        };
        match core::refer(&self.network, &request) {
            Ok(found) => found.iter().map(|r| mirror(py, r)).collect(),
            Err(e) => {
                let code = match e {
                    core::ReferralError::KommuneOutsideNetwork => "kommune_outside_network",
                    _ => "referral_refused",
                };
                Err(errors::make(
                    py,
                    "ReferralError",
                    e.to_string(),
                    &[
                        ("field", PyString::new(py, "kommune").into_any()),
                        ("code", PyString::new(py, code).into_any()),
                    ],
                ))
            }
        }
    }

    /// A registry for an event of the network, with its capacity.
    #[pyo3(signature = (event, *, waitlist_places=0))]
    fn event_registry(
        &self,
        py: Python<'_>,
        event: &str,
        waitlist_places: u32,
    ) -> PyResult<PyEventRegistry> {
        let e = self
            .network
            .events
            .iter()
            .find(|e| e.id == event)
            .ok_or_else(|| {
                errors::make(
                    py,
                    "InputError",
                    "field `event`: no event of the network has this id",
                    &[("field", PyString::new(py, "event").into_any())],
                )
            })?;
        Ok(PyEventRegistry::new(
            e.id.clone(),
            e.capacity,
            waitlist_places,
        ))
    }

    /// Events and participants per calendar year and event kind, sorted by year and kind.
    fn participation_by_year(&self) -> Vec<PyParticipation> {
        core::participation_by_year(&self.network)
            .into_iter()
            .map(|((year, kind), p)| PyParticipation {
                year,
                kind,
                events: p.events,
                participants: p.participants,
            })
            .collect()
    }

    /// Checks an application against the rules of programme `programme` (its id): eligible
    /// applicant, maximum amount, funding period, required fields, payments. `application` is
    /// a dict, or the id of an application of the programme in the document. Returns a Report
    /// whose problems point into the application (``/amount_cents``, …).
    fn check_application(
        &self,
        py: Python<'_>,
        programme: &str,
        application: &Bound<'_, PyAny>,
    ) -> PyResult<Report> {
        let Some((pi, prog)) = self
            .network
            .programmes
            .iter()
            .enumerate()
            .find(|(_, p)| p.id == programme)
        else {
            return Err(errors::make(
                py,
                "InputError",
                "field `programme`: no programme of the network has this id",
                &[("field", PyString::new(py, "programme").into_any())],
            ));
        };
        if let Ok(id) = application.cast::<PyString>() {
            let id = id.to_str()?;
            let Some((ai, app)) = prog
                .applications
                .iter()
                .enumerate()
                .find(|(_, a)| a.id == id)
            else {
                return Err(errors::make(
                    py,
                    "InputError",
                    "field `application`: the programme has no application with this id",
                    &[("field", PyString::new(py, "application").into_any())],
                ));
            };
            let base = format!("/programmes/{pi}/applications/{ai}");
            return Ok(Report::from_core(core::check_application(
                &self.network,
                prog,
                app,
                &base,
            )));
        }
        if !application.is_instance_of::<PyDict>() {
            return Err(PyTypeError::new_err(format!(
                "application must be a dict or an application id, not {}",
                convert::type_name(application)
            )));
        }
        let app = parse_application(py, convert::to_json_value(application, "", 0)?)?;
        Ok(Report::from_core(core::check_application(
            &self.network,
            prog,
            &app,
            "",
        )))
    }

    /// The money forwarded per programme, project and calendar year, from the payments.
    fn forwarded_by_year(&self) -> Vec<PyForwarded> {
        core::forwarded_by_year(&self.network)
            .into_iter()
            .map(|f| PyForwarded {
                programme: f.programme,
                application: f.application,
                project: f.project,
                year: f.year,
                amount_cents: f.amount_cents,
            })
            .collect()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (PyNetwork,)>> {
        Ok((slf.get_type().into_any(), (slf.get().network(),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Office {} offers={} services={} events={} programmes={}>",
            self.network.id,
            self.network.offers.len(),
            self.network.services.len(),
            self.network.events.len(),
            self.network.programmes.len()
        )
    }
}
