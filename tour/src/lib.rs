//! A tour of bildungsnetz on the bundled sample data: `bildungsnetz tour`, or
//! `cargo run --release --example tour`.
//!
//! Loads the sample networks of the seed regions (embedded in the program, so an installed
//! binary needs no data files), validates them, and prints a short summary of each — its
//! bodies, its partners by kind and Kommune —, the Bildungsbüro's view of one, explained
//! decisions, pathways, and the problems found in the deliberately broken document.

use std::collections::BTreeMap;
use std::error::Error;
use std::io::Write;

use bildungsnetz::calendar::Date;
use bildungsnetz::model::{Land, Network, Topic};
use bildungsnetz::office::{RecommendationReport, ReferralRequest, refer};
use bildungsnetz::rules::{
    Abschluss, Bildungsgang, Goal, LearnerFacts, Outcome, RouteOptions, RuleBook, Transition,
};
use bildungsnetz::validate::{Report, Validator};

const AACHEN: &str = include_str!("../../examples/data/staedteregion-aachen.json");
const SAMPLES: [(&str, &str); 4] = [
    ("staedteregion-aachen", AACHEN),
    ("hagen", include_str!("../../examples/data/hagen.json")),
    ("pulheim", include_str!("../../examples/data/pulheim.json")),
    ("koblenz", include_str!("../../examples/data/koblenz.json")),
];
const BROKEN: &str = include_str!("../../examples/data/broken.json");

/// Prints the tour to `out`.
pub fn run(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let validator = Validator::new()?;
    writeln!(
        out,
        "bildungsnetz {} — a tour of the sample networks\n",
        env!("CARGO_PKG_VERSION")
    )?;
    for (_, text) in SAMPLES {
        let network = Network::from_json_str(text)?;
        let report = validator.validate(&network);
        summarise(out, &network, &report)?;
    }
    office(out)?;
    decisions(out)?;
    pathways(out)?;
    broken(out, &validator)?;
    Ok(())
}

/// The Bildungsbüro's view of StädteRegion Aachen: what became of the conference's
/// recommendations, and where a parent asking about school problems is referred.
fn office(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let network = Network::from_json_str(AACHEN)?;
    writeln!(
        out,
        "== StädteRegion Aachen: Was wurde aus den Empfehlungen der Bildungskonferenz?"
    )?;
    for line in RecommendationReport::new(&network).render_de().lines() {
        writeln!(out, "   {line}")?;
    }
    let request = ReferralRequest {
        topic: Topic::Schulprobleme,
        age: Some(9),
        kommune: "k-05334012".into(),
        language: Some("tr".into()),
    };
    writeln!(
        out,
        "\n   Vermittlung (Schulprobleme, 9 Jahre, Eschweiler, Türkisch):"
    )?;
    for referral in refer(&network, &request)? {
        writeln!(
            out,
            "   - {} ({})",
            referral.name,
            referral.reasons_de.join("; ")
        )?;
    }
    writeln!(out)?;
    Ok(())
}

fn summarise(out: &mut impl Write, network: &Network, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "== {} ({:?}, {:?})",
        network.name, network.land, network.territory
    )?;
    writeln!(
        out,
        "   {} Kommunen, {} partner institutions, {} Handlungsfelder",
        network.kommunen.len(),
        network.institutions.len(),
        network.handlungsfelder.len()
    )?;
    if let Some(bk) = &network.bildungskonferenz {
        let recommendations: usize = bk.conferences.iter().map(|c| c.recommendations.len()).sum();
        writeln!(
            out,
            "   Bildungskonferenz: {} meeting(s), {recommendations} recommendation(s)",
            bk.conferences.len()
        )?;
    }
    if let Some(lk) = &network.lenkungskreis {
        writeln!(
            out,
            "   Lenkungskreis: {} members, {} decisions",
            lk.members.len(),
            lk.decisions.len()
        )?;
    }
    if let Some(bb) = &network.bildungsbuero {
        let posts: f64 = bb.staff.iter().map(|s| s.post_share).sum();
        writeln!(
            out,
            "   Bildungsbüro: {} staff on {posts:.2} posts",
            bb.staff.len()
        )?;
    }
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_kommune: BTreeMap<&str, usize> = BTreeMap::new();
    let names: BTreeMap<&str, &str> = network
        .kommunen
        .iter()
        .map(|k| (k.id.as_str(), k.name.as_str()))
        .collect();
    for inst in &network.institutions {
        *by_kind.entry(format!("{:?}", inst.kind)).or_default() += 1;
        let kommune = inst
            .kommune
            .as_deref()
            .and_then(|k| names.get(k).copied())
            .unwrap_or("(ohne Kommune)");
        *by_kommune.entry(kommune).or_default() += 1;
    }
    let kinds: Vec<String> = by_kind.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(out, "   partners by kind: {}", kinds.join(", "))?;
    let kommunen: Vec<String> = by_kommune.iter().map(|(k, n)| format!("{k} {n}")).collect();
    writeln!(out, "   partners by Kommune: {}", kommunen.join(", "))?;
    let verdict = if report.is_ok() { "valid" } else { "INVALID" };
    writeln!(
        out,
        "   validation: {verdict} ({} errors, {} warnings)\n",
        report.errors().count(),
        report.warnings().count()
    )
}

/// Explained school-entry decisions for a few sample children, as a Bildungsbüro would read
/// them to parents.
fn decisions(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let book = RuleBook::embedded()?;
    let as_of = Date::from_ymd(2025, 8, 1)?;
    writeln!(
        out,
        "== Einschulung: Entscheidungen mit Begründung (Stand {as_of})"
    )?;
    let children = [
        (
            "Kind A, geboren 30.09.2019, NRW",
            LearnerFacts::born(Date::from_ymd(2019, 9, 30)?, Land::NW),
        ),
        (
            "Kind B, geboren 01.10.2019, NRW",
            LearnerFacts::born(Date::from_ymd(2019, 10, 1)?, Land::NW),
        ),
        (
            "Kind D, geboren 15.09.2019, NRW",
            LearnerFacts::born(Date::from_ymd(2019, 9, 15)?, Land::NW),
        ),
        (
            "Kind D in Rheinland-Pfalz",
            LearnerFacts::born(Date::from_ymd(2019, 9, 15)?, Land::RP),
        ),
        (
            "Kind C, geboren 15.11.2019, NRW, Antrag auf vorzeitige Einschulung",
            LearnerFacts {
                early_entry_application: Some(true),
                ..LearnerFacts::born(Date::from_ymd(2019, 11, 15)?, Land::NW)
            },
        ),
    ];
    for (who, facts) in children {
        // An application is a question of its own (school_entry_early, school_entry_deferral).
        let transition = if facts.early_entry_application == Some(true) {
            Transition::SchoolEntryEarly
        } else {
            Transition::SchoolEntry
        };
        let decision = book.evaluate(transition, &facts, as_of)?;
        writeln!(out, "   {who}: {}", decision.outcome.name())?;
        writeln!(out, "     {}", decision.explanation_de)?;
        for check in decision.determining_rules() {
            writeln!(
                out,
                "     Rechtsgrundlage: {} ({})",
                check.citation, check.rule_id
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// The counselling view for two sample young people: what each can do next, and the shortest
/// routes to a goal, step by step.
fn pathways(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let book = RuleBook::embedded()?;
    let as_of = Date::from_ymd(2025, 6, 15)?;
    let people = [
        (
            "Lena, 16, Gesamtschule Aachen, erweiterter erster Schulabschluss; Ziel: Fachhochschule",
            LearnerFacts {
                qualifications: vec![Abschluss::HA10],
                school_years_attended: Some(10),
                residence_ags: Some("05334002".into()),
                ..LearnerFacts::born(Date::from_ymd(2009, 3, 12)?, Land::NW)
            },
            Goal::Fachhochschule,
        ),
        (
            "Jonas, 17, Realschule Hagen, Fachoberschulreife mit Qualifikationsvermerk; Ziel: Abitur",
            LearnerFacts {
                qualifications: vec![Abschluss::MSA_Q],
                school_years_attended: Some(10),
                residence_ags: Some("05914000".into()),
                ..LearnerFacts::born(Date::from_ymd(2008, 11, 2)?, Land::NW)
            },
            Goal::Qualification(Abschluss::ABITUR),
        ),
    ];
    writeln!(
        out,
        "== Übergang Schule – Beruf/Studium: Wege für zwei junge Menschen (Stand {as_of})"
    )?;
    for (who, person, goal) in people {
        writeln!(out, "   {who}")?;
        let open: Vec<&str> = book
            .next_steps(&person, as_of)?
            .iter()
            .filter(|s| {
                matches!(
                    s.decision.outcome,
                    Outcome::Eligible | Outcome::Discretionary
                )
            })
            .map(|s| s.transition.id())
            .collect();
        writeln!(out, "     nächste Schritte möglich: {}", open.join(", "))?;
        let options = RouteOptions {
            max_routes: 2,
            ..RouteOptions::default()
        };
        for (n, route) in book
            .routes(&person, as_of, goal, &options)?
            .iter()
            .enumerate()
        {
            writeln!(out, "     Weg {} ({} Monate):", n + 1, route.total_months)?;
            for step in &route.steps {
                let what = match step.bildungsgang.and_then(Bildungsgang::find) {
                    Some(gang) => format!("Berufskolleg {} ({})", gang.code, gang.name_de),
                    None => step.transition.id().to_string(),
                };
                writeln!(out, "       – {what}: {}", step.decision.explanation_de)?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}

fn broken(out: &mut impl Write, validator: &Validator) -> Result<(), Box<dyn Error>> {
    let report = validator.check(BROKEN.as_bytes());
    writeln!(out, "== examples/data/broken.json — deliberately broken")?;
    writeln!(
        out,
        "   {} errors, {} warnings:",
        report.errors().count(),
        report.warnings().count()
    )?;
    for problem in report.problems() {
        writeln!(out, "   {problem}")?;
    }
    Ok(())
}
