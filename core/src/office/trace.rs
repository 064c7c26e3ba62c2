//! From conference to measure: what became of the Bildungskonferenz's recommendations.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::calendar::Date;
use crate::model::{DecisionStatus, MeasureStatus, Network};

/// Where a recommendation stands along the three levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceState {
    /// The Lenkungskreis has not decided on it yet.
    Undecided,
    /// The Lenkungskreis rejected it.
    Rejected,
    /// The Lenkungskreis postponed it.
    Deferred,
    /// Adopted (possibly changed), but no measure implements it yet.
    AdoptedWithoutMeasure,
    /// Measures implement it; at least one is planned or running.
    InProgress,
    /// Every measure that implements it is completed.
    Implemented,
    /// Its measures were stopped before completion.
    Stopped,
}

impl TraceState {
    /// A short German label for reports.
    pub fn label_de(self) -> &'static str {
        match self {
            TraceState::Undecided => "noch nicht beraten",
            TraceState::Rejected => "abgelehnt",
            TraceState::Deferred => "vertagt",
            TraceState::AdoptedWithoutMeasure => "beschlossen, noch ohne Maßnahme",
            TraceState::InProgress => "in Umsetzung",
            TraceState::Implemented => "umgesetzt",
            TraceState::Stopped => "Maßnahmen abgebrochen",
        }
    }
}

/// A measure implementing a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeasureTrace {
    /// The measure's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its state.
    pub status: MeasureStatus,
}

/// A Lenkungskreis decision on a recommendation, with the measures that implement it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionTrace {
    /// The decision's id.
    pub id: String,
    /// The day it was taken.
    pub date: Date,
    /// What was decided.
    pub status: DecisionStatus,
    /// Priority, 1 highest.
    pub priority: Option<u8>,
    /// Measures citing this decision.
    pub measures: Vec<MeasureTrace>,
}

/// One recommendation and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecommendationTrace {
    /// The recommendation's id.
    pub id: String,
    /// The conference that gave it.
    pub conference: String,
    /// The day of that conference.
    pub given_on: Date,
    /// Id of the Handlungsfeld it concerns.
    pub handlungsfeld: Option<String>,
    /// Its text.
    pub text: String,
    /// The decisions on it, in the order they were taken.
    pub decisions: Vec<DecisionTrace>,
    /// Where it stands now, judged by the latest decision and its measures.
    pub state: TraceState,
}

/// The report "what became of the conference's recommendations".
///
/// ```
/// use bildungsnetz::model::Network;
/// use bildungsnetz::office::{RecommendationReport, TraceState};
/// let network = Network::from_path("../examples/data/staedteregion-aachen.json")?;
/// let report = RecommendationReport::new(&network);
/// let first = &report.recommendations[0];
/// assert_eq!(first.state, TraceState::InProgress);
/// assert!(report.render_de().contains("in Umsetzung"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecommendationReport {
    /// Every recommendation, in the order of the conferences.
    pub recommendations: Vec<RecommendationTrace>,
    /// Ids of Lenkungskreis decisions that answer no recommendation.
    pub decisions_without_recommendation: Vec<String>,
}

impl RecommendationReport {
    /// Traces every recommendation of the network's Bildungskonferenz.
    pub fn new(network: &Network) -> RecommendationReport {
        let decisions = network
            .lenkungskreis
            .as_ref()
            .map(|lk| lk.decisions.as_slice())
            .unwrap_or_default();
        let mut measures_by_decision: HashMap<&str, Vec<MeasureTrace>> = HashMap::new();
        for measure in network.handlungsfelder.iter().flat_map(|h| &h.measures) {
            if let Some(d) = &measure.decision {
                measures_by_decision
                    .entry(d.as_str())
                    .or_default()
                    .push(MeasureTrace {
                        id: measure.id.clone(),
                        title: measure.title.clone(),
                        status: measure.status,
                    });
            }
        }
        let mut recommendations = Vec::new();
        for conference in network
            .bildungskonferenz
            .iter()
            .flat_map(|bk| &bk.conferences)
        {
            for rec in &conference.recommendations {
                let mut on_it: Vec<DecisionTrace> = decisions
                    .iter()
                    .filter(|d| d.recommendation.as_deref() == Some(rec.id.as_str()))
                    .map(|d| DecisionTrace {
                        id: d.id.clone(),
                        date: d.date,
                        status: d.status,
                        priority: d.priority,
                        measures: measures_by_decision
                            .get(d.id.as_str())
                            .cloned()
                            .unwrap_or_default(),
                    })
                    .collect();
                on_it.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
                let state = state_of(on_it.last());
                recommendations.push(RecommendationTrace {
                    id: rec.id.clone(),
                    conference: conference.id.clone(),
                    given_on: conference.date,
                    handlungsfeld: rec.handlungsfeld.clone(),
                    text: rec.text.clone(),
                    decisions: on_it,
                    state,
                });
            }
        }
        let decisions_without_recommendation = decisions
            .iter()
            .filter(|d| d.recommendation.is_none())
            .map(|d| d.id.clone())
            .collect();
        RecommendationReport {
            recommendations,
            decisions_without_recommendation,
        }
    }

    /// How many recommendations are in each state.
    pub fn counts(&self) -> Vec<(TraceState, usize)> {
        let mut counts: std::collections::BTreeMap<TraceState, usize> = Default::default();
        for r in &self.recommendations {
            *counts.entry(r.state).or_default() += 1;
        }
        counts.into_iter().collect()
    }

    /// The report as German text for the Lenkungskreis or a Bildungsbericht.
    pub fn render_de(&self) -> String {
        let mut out = String::new();
        for r in &self.recommendations {
            let _ = writeln!(
                out,
                "Empfehlung {} (Bildungskonferenz vom {}): {}",
                r.id,
                german_date(r.given_on),
                r.text
            );
            let _ = writeln!(out, "  Stand: {}", r.state.label_de());
            for d in &r.decisions {
                let priority = d
                    .priority
                    .map(|p| format!(", Priorität {p}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  Lenkungskreis {}: {}{priority}",
                    german_date(d.date),
                    decision_label_de(d.status)
                );
                for m in &d.measures {
                    let _ = writeln!(
                        out,
                        "    Maßnahme {}: {} ({})",
                        m.id,
                        m.title,
                        measure_label_de(m.status)
                    );
                }
            }
        }
        if !self.decisions_without_recommendation.is_empty() {
            let _ = writeln!(
                out,
                "Beschlüsse ohne Empfehlung: {}",
                self.decisions_without_recommendation.join(", ")
            );
        }
        out
    }
}

fn state_of(latest: Option<&DecisionTrace>) -> TraceState {
    let Some(decision) = latest else {
        return TraceState::Undecided;
    };
    match decision.status {
        DecisionStatus::Rejected => TraceState::Rejected,
        DecisionStatus::Deferred => TraceState::Deferred,
        DecisionStatus::Adopted | DecisionStatus::Changed => {
            let measures = &decision.measures;
            if measures.is_empty() {
                TraceState::AdoptedWithoutMeasure
            } else if measures
                .iter()
                .all(|m| m.status == MeasureStatus::Completed)
            {
                TraceState::Implemented
            } else if measures
                .iter()
                .all(|m| matches!(m.status, MeasureStatus::Stopped | MeasureStatus::Completed))
            {
                TraceState::Stopped
            } else {
                TraceState::InProgress
            }
        }
    }
}

fn german_date(date: Date) -> String {
    let (y, m, d) = date.ymd();
    format!("{d:02}.{m:02}.{y}")
}

fn decision_label_de(status: DecisionStatus) -> &'static str {
    match status {
        DecisionStatus::Adopted => "angenommen",
        DecisionStatus::Changed => "mit Änderungen angenommen",
        DecisionStatus::Rejected => "abgelehnt",
        DecisionStatus::Deferred => "vertagt",
    }
}

fn measure_label_de(status: MeasureStatus) -> &'static str {
    match status {
        MeasureStatus::Planned => "geplant",
        MeasureStatus::Running => "läuft",
        MeasureStatus::Completed => "abgeschlossen",
        MeasureStatus::Stopped => "abgebrochen",
    }
}
