//! Funding programmes: applications checked against a programme's rules, and the money
//! forwarded per project and year ("Demokratie leben!" forwards federal funds to projects).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Application, Network, Programme};
use crate::validate::{Code, Report, Severity};

/// Checks an application against its programme's rules: eligible applicant, maximum amount,
/// the project within the funding period, required fields, payments within the amount.
/// Problems carry JSON pointers below `base` (`""` for an application on its own).
///
/// ```
/// use bildungsnetz::model::Network;
/// use bildungsnetz::office::check_application;
/// let network = Network::from_path("../examples/data/koblenz.json")?;
/// let programme = &network.programmes[0];
/// let mut application = programme.applications[0].clone();
/// assert!(check_application(&network, programme, &application, "").is_ok());
/// application.amount_cents = 5_000_000;
/// let report = check_application(&network, programme, &application, "");
/// assert_eq!(report.problems()[0].code.as_str(), "amount_over_maximum");
/// assert_eq!(report.problems()[0].path, "/amount_cents");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_application(
    network: &Network,
    programme: &Programme,
    application: &Application,
    base: &str,
) -> Report {
    let mut report = Report::new();
    let at = |field: &str| format!("{base}/{field}");
    match network
        .institutions
        .iter()
        .find(|i| i.id == application.applicant)
    {
        None => report.push(
            Code::DanglingReference,
            Severity::Error,
            at("applicant"),
            format!(
                "`{}` does not name an institution in this document",
                application.applicant
            ),
            None,
        ),
        Some(applicant)
            if !programme.eligible_applicants.is_empty()
                && !programme.eligible_applicants.contains(&applicant.kind) =>
        {
            report.push(
                Code::ApplicantNotEligible,
                Severity::Error,
                at("applicant"),
                format!(
                    "{:?} may not apply to {}; eligible: {:?}",
                    applicant.kind, programme.name, programme.eligible_applicants
                ),
                None,
            )
        }
        Some(_) => {}
    }
    if let Some(max) = programme.max_amount_cents {
        if application.amount_cents > max {
            report.push(
                Code::AmountOverMaximum,
                Severity::Error,
                at("amount_cents"),
                format!(
                    "{} applied for; {} allows at most {} per project",
                    euros(application.amount_cents),
                    programme.name,
                    euros(max)
                ),
                Some(format!("reduce the amount to {} or less", euros(max))),
            );
        }
    }
    let starts_early = application.start < programme.start;
    let ends_late = programme.end.is_some_and(|end| application.end > end);
    if starts_early || ends_late {
        let period = match programme.end {
            Some(end) => format!("{} – {end}", programme.start),
            None => format!("from {}", programme.start),
        };
        report.push(
            Code::ApplicationOutsidePeriod,
            Severity::Error,
            at(if starts_early { "start" } else { "end" }),
            format!(
                "the project runs {} – {}, outside the funding period {period}",
                application.start, application.end
            ),
            None,
        );
    }
    if application.end < application.start {
        report.push(
            Code::PeriodReversed,
            Severity::Error,
            at("end"),
            format!(
                "ends on {}, before it starts on {}",
                application.end, application.start
            ),
            None,
        );
    }
    for field in &programme.required_fields {
        let filled = application
            .fields
            .get(field)
            .is_some_and(|v| !v.trim().is_empty());
        if !filled {
            report.push(
                Code::RequiredFieldMissing,
                Severity::Error,
                format!(
                    "{}/{}",
                    at("fields"),
                    field.replace('~', "~0").replace('/', "~1")
                ),
                format!("{} requires the field `{field}`", programme.name),
                None,
            );
        }
    }
    let paid: u64 = application.payments.iter().map(|p| p.amount_cents).sum();
    if paid > application.amount_cents {
        report.push(
            Code::PaymentsOverAmount,
            Severity::Error,
            at("payments"),
            format!(
                "{} forwarded on an application for {}",
                euros(paid),
                euros(application.amount_cents)
            ),
            None,
        );
    }
    report
}

fn euros(cents: u64) -> String {
    format!("{}.{:02} €", cents / 100, cents % 100)
}

/// Money forwarded to one project in one calendar year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Forwarded {
    /// Id of the programme.
    pub programme: String,
    /// Id of the application.
    pub application: String,
    /// The project's title.
    pub project: String,
    /// The calendar year of the payments.
    pub year: i32,
    /// The sum paid, in euro cents.
    pub amount_cents: u64,
}

/// The money forwarded per programme, project and year, from the recorded payments.
///
/// ```
/// use bildungsnetz::model::Network;
/// use bildungsnetz::office::forwarded_by_year;
/// let network = Network::from_path("../examples/data/koblenz.json")?;
/// let rows = forwarded_by_year(&network);
/// assert!(rows.iter().all(|r| r.programme == "pr-demokratie-leben"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn forwarded_by_year(network: &Network) -> Vec<Forwarded> {
    let mut sums: BTreeMap<(&str, &str, i32), (&str, u64)> = BTreeMap::new();
    for programme in &network.programmes {
        for application in &programme.applications {
            for payment in &application.payments {
                let key = (
                    programme.id.as_str(),
                    application.id.as_str(),
                    payment.date.year(),
                );
                let entry = sums.entry(key).or_insert((&application.project, 0));
                entry.1 += payment.amount_cents;
            }
        }
    }
    sums.into_iter()
        .map(
            |((programme, application, year), (project, amount_cents))| Forwarded {
                programme: programme.to_string(),
                application: application.to_string(),
                project: project.to_string(),
                year,
                amount_cents,
            },
        )
        .collect()
}
