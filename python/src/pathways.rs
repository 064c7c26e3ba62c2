//! Pathways: what a person can do next after Sek I, and the shortest routes to a goal.

use bildungsnetz::calendar::Date;
use bildungsnetz::rules::{Decision, Goal, LearnerFacts, RouteOptions, RuleBook};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::convert;
use crate::documents::{Reduce, from_state, reduce_json};
use crate::errors;
use crate::rules::{PyDecision, rule_error};

/// A stage as text: ``"kita"``, or ``"sek_i:gymnasium"`` for a stage with a form.
fn stage_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => format!("{k}:{s}"),
                other => format!("{k}:{other}"),
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn goal_text(g: &Goal) -> String {
    match serde_json::to_value(g) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(m)) => m
            .values()
            .next()
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

const GOALS: &str = "'universitaet', 'fachhochschule', 'vocational_training' or a qualification \
                     code such as 'ABITUR', 'FHR_S', 'MSA'";

/// A goal from text: a study or training goal, or a qualification code.
fn parse_goal(py: Python<'_>, text: &str) -> PyResult<Goal> {
    let s = Value::String(text.to_owned());
    serde_json::from_value::<Goal>(s.clone())
        .or_else(|_| serde_json::from_value::<Goal>(serde_json::json!({ "qualification": s })))
        .map_err(|_| {
            errors::make(
                py,
                "InputError",
                format!("field `goal`: must be {GOALS}"),
                &[("field", PyString::new(py, "goal").into_any())],
            )
        })
}

/// One possible next step with its explained decision.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "NextStep")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyNextStep {
    transition: String,
    to: Vec<String>,
    decision: Decision,
}

#[pymethods]
impl PyNextStep {
    /// The transition's id (e.g. ``"berufskolleg_b"``).
    #[getter]
    fn transition(&self) -> String {
        self.transition.clone()
    }

    /// The stages it leads to (``"gymnasiale_oberstufe"``, ``"berufskolleg:b"``, …).
    #[getter]
    fn to(&self) -> Vec<String> {
        self.to.clone()
    }

    /// The explained decision.
    #[getter]
    fn decision(&self) -> PyDecision {
        PyDecision {
            inner: self.decision.clone(),
        }
    }

    /// The decision's outcome.
    #[getter]
    fn outcome(&self) -> &'static str {
        self.decision.outcome.name()
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }

    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "NextStep")
    }

    fn __repr__(&self) -> String {
        format!(
            "<NextStep {} {}>",
            self.transition,
            self.decision.outcome.name()
        )
    }
}

/// One step of a route: the transition, when it is decided, how long it takes, what it
/// awards, the facts the person has then, and the decision.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "RouteStep")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyRouteStep {
    transition: String,
    bildungsgang: Option<String>,
    as_of: Date,
    months: u32,
    awards: Vec<String>,
    facts: Value,
    decision: Decision,
}

#[pymethods]
impl PyRouteStep {
    /// The transition's id.
    #[getter]
    fn transition(&self) -> String {
        self.transition.clone()
    }
    /// The Berufskolleg Bildungsgang, for Berufskolleg steps.
    #[getter]
    fn bildungsgang(&self) -> Option<String> {
        self.bildungsgang.clone()
    }
    /// The day the step is decided on.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py_date(py, self.as_of)
    }
    /// The step's regular duration in months (0 for an access decision).
    #[getter]
    fn months(&self) -> u32 {
        self.months
    }
    /// What the step awards on completion (SVWS codes).
    #[getter]
    fn awards(&self) -> Vec<String> {
        self.awards.clone()
    }
    /// The facts the person has when taking the step (as a dict).
    #[getter]
    fn facts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::from_json_value(py, &self.facts)
    }
    /// The decision for the step.
    #[getter]
    fn decision(&self) -> PyDecision {
        PyDecision {
            inner: self.decision.clone(),
        }
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "RouteStep")
    }
    fn __repr__(&self) -> String {
        format!(
            "<RouteStep {} {} months={} awards={:?}>",
            self.transition,
            self.decision.outcome.name(),
            self.months,
            self.awards
        )
    }
}

/// A route to a goal: its steps, total regular months and discretionary steps.
#[pyclass(frozen, eq, module = "bildungsnetz._native", name = "Route")]
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PyRoute {
    steps: Vec<PyRouteStep>,
    total_months: u32,
    discretionary_steps: u32,
}

#[pymethods]
impl PyRoute {
    /// The steps, in order.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.steps.clone())
    }
    /// The total regular duration in months.
    #[getter]
    fn total_months(&self) -> u32 {
        self.total_months
    }
    /// Steps whose decision is discretionary (a school, company or Hochschule decides).
    #[getter]
    fn discretionary_steps(&self) -> u32 {
        self.discretionary_steps
    }
    /// The transitions of the steps, in order.
    #[getter]
    fn transitions(&self) -> Vec<String> {
        self.steps.iter().map(|s| s.transition.clone()).collect()
    }
    fn __len__(&self) -> usize {
        self.steps.len()
    }
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduce<'py, (String,)>> {
        reduce_json(slf)
    }
    /// Rebuilds the object from its pickled state.
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: &str) -> PyResult<Self> {
        from_state(py, state, "Route")
    }
    fn __repr__(&self) -> String {
        format!(
            "<Route {:?} total_months={}>",
            self.transitions(),
            self.total_months
        )
    }
}

fn mirror<S: Serialize, T: for<'de> Deserialize<'de>>(py: Python<'_>, v: &S) -> PyResult<T> {
    serde_json::to_value(v)
        .and_then(serde_json::from_value)
        .map_err(|e| errors::general(py, e.to_string()))
}

fn next_step_from(py: Python<'_>, s: &bildungsnetz::rules::NextStep) -> PyResult<PyNextStep> {
    Ok(PyNextStep {
        transition: s.transition.id().to_owned(),
        to: s
            .to
            .iter()
            .map(|st| serde_json::to_value(st).map(|v| stage_text(&v)))
            .collect::<Result<_, _>>()
            .map_err(|e| errors::general(py, e.to_string()))?,
        decision: s.decision.clone(),
    })
}

/// Every transition after Sek I with its decision.
pub fn next_steps(
    py: Python<'_>,
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> PyResult<Vec<PyNextStep>> {
    let steps = py
        .detach(|| book.next_steps(facts, as_of))
        .map_err(|e| rule_error(py, &e))?;
    steps.iter().map(|s| next_step_from(py, s)).collect()
}

/// Route options from keyword arguments.
pub fn options(max_steps: u8, max_routes: u8, allow_discretionary: bool) -> RouteOptions {
    RouteOptions {
        max_steps,
        max_routes,
        allow_discretionary,
    }
}

/// The shortest routes to a goal.
pub fn routes(
    py: Python<'_>,
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    goal: &str,
    opts: RouteOptions,
) -> PyResult<Vec<PyRoute>> {
    let goal = parse_goal(py, goal)?;
    let found = py
        .detach(|| book.routes(facts, as_of, goal, &opts))
        .map_err(|e| rule_error(py, &e))?;
    found.iter().map(|r| mirror(py, r)).collect()
}

/// Every goal reachable within the options' steps, as text.
pub fn reachable_goals(
    py: Python<'_>,
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    opts: RouteOptions,
) -> PyResult<Vec<String>> {
    let goals = py
        .detach(|| book.reachable_goals(facts, as_of, &opts))
        .map_err(|e| rule_error(py, &e))?;
    Ok(goals.iter().map(goal_text).collect())
}
