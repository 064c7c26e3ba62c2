//! A tour of bildungsnetz on the bundled sample data: `cargo run --release --example tour`.
//!
//! Loads the sample networks of the seed regions, validates them, and prints a short summary of
//! each — its bodies, its partners by kind and Kommune — and the problems found in the
//! deliberately broken document.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use bildungsnetz::calendar::Date;
use bildungsnetz::model::{Land, Network, Topic};
use bildungsnetz::office::{RecommendationReport, ReferralRequest, refer};
use bildungsnetz::rules::{
    Abschluss, Bildungsgang, Goal, LearnerFacts, Outcome, RouteOptions, RuleBook, Transition,
};
use bildungsnetz::validate::{Report, Validator};

const SAMPLES: [&str; 4] = ["staedteregion-aachen", "hagen", "pulheim", "koblenz"];

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
}

fn main() -> Result<(), Box<dyn Error>> {
    let validator = Validator::new()?;
    println!(
        "bildungsnetz {} — a tour of the sample networks\n",
        env!("CARGO_PKG_VERSION")
    );
    for name in SAMPLES {
        let network = Network::from_path(data_dir().join(format!("{name}.json")))?;
        let report = validator.validate(&network);
        summarise(&network, &report);
    }
    office()?;
    decisions()?;
    pathways()?;
    broken(&validator)?;
    Ok(())
}

/// The Bildungsbüro's view of StädteRegion Aachen: what became of the conference's
/// recommendations, and where a parent asking about school problems is referred.
fn office() -> Result<(), Box<dyn Error>> {
    let network = Network::from_path(data_dir().join("staedteregion-aachen.json"))?;
    println!("== StädteRegion Aachen: Was wurde aus den Empfehlungen der Bildungskonferenz?");
    for line in RecommendationReport::new(&network).render_de().lines() {
        println!("   {line}");
    }
    let request = ReferralRequest {
        topic: Topic::Schulprobleme,
        age: Some(9),
        kommune: "k-05334012".into(),
        language: Some("tr".into()),
    };
    println!("\n   Vermittlung (Schulprobleme, 9 Jahre, Eschweiler, Türkisch):");
    for referral in refer(&network, &request)? {
        println!(
            "   - {} ({})",
            referral.name,
            referral.reasons_de.join("; ")
        );
    }
    println!();
    Ok(())
}

fn summarise(network: &Network, report: &Report) {
    println!(
        "== {} ({:?}, {:?})",
        network.name, network.land, network.territory
    );
    println!(
        "   {} Kommunen, {} partner institutions, {} Handlungsfelder",
        network.kommunen.len(),
        network.institutions.len(),
        network.handlungsfelder.len()
    );
    if let Some(bk) = &network.bildungskonferenz {
        let recommendations: usize = bk.conferences.iter().map(|c| c.recommendations.len()).sum();
        println!(
            "   Bildungskonferenz: {} meeting(s), {recommendations} recommendation(s)",
            bk.conferences.len()
        );
    }
    if let Some(lk) = &network.lenkungskreis {
        println!(
            "   Lenkungskreis: {} members, {} decisions",
            lk.members.len(),
            lk.decisions.len()
        );
    }
    if let Some(bb) = &network.bildungsbuero {
        let posts: f64 = bb.staff.iter().map(|s| s.post_share).sum();
        println!(
            "   Bildungsbüro: {} staff on {posts:.2} posts",
            bb.staff.len()
        );
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
    println!("   partners by kind: {}", kinds.join(", "));
    let kommunen: Vec<String> = by_kommune.iter().map(|(k, n)| format!("{k} {n}")).collect();
    println!("   partners by Kommune: {}", kommunen.join(", "));
    let verdict = if report.is_ok() { "valid" } else { "INVALID" };
    println!(
        "   validation: {verdict} ({} errors, {} warnings)\n",
        report.errors().count(),
        report.warnings().count()
    );
}

/// Explained school-entry decisions for a few sample children, as a Bildungsbüro would read
/// them to parents.
fn decisions() -> Result<(), Box<dyn Error>> {
    let book = RuleBook::embedded()?;
    let as_of = Date::from_ymd(2025, 8, 1)?;
    println!("== Einschulung: Entscheidungen mit Begründung (Stand {as_of})");
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
        println!("   {who}: {}", decision.outcome.name());
        println!("     {}", decision.explanation_de);
        for check in decision.determining_rules() {
            println!(
                "     Rechtsgrundlage: {} ({})",
                check.citation, check.rule_id
            );
        }
    }
    println!();
    Ok(())
}

/// The counselling view for two sample young people: what each can do next, and the shortest
/// routes to a goal, step by step.
fn pathways() -> Result<(), Box<dyn Error>> {
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
    println!("== Übergang Schule – Beruf/Studium: Wege für zwei junge Menschen (Stand {as_of})");
    for (who, person, goal) in people {
        println!("   {who}");
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
        println!("     nächste Schritte möglich: {}", open.join(", "));
        let options = RouteOptions {
            max_routes: 2,
            ..RouteOptions::default()
        };
        for (n, route) in book
            .routes(&person, as_of, goal, &options)?
            .iter()
            .enumerate()
        {
            println!("     Weg {} ({} Monate):", n + 1, route.total_months);
            for step in &route.steps {
                let what = match step.bildungsgang.and_then(Bildungsgang::find) {
                    Some(gang) => format!("Berufskolleg {} ({})", gang.code, gang.name_de),
                    None => step.transition.id().to_string(),
                };
                println!("       – {what}: {}", step.decision.explanation_de);
            }
        }
    }
    println!();
    Ok(())
}

fn broken(validator: &Validator) -> Result<(), Box<dyn Error>> {
    let path = data_dir().join("broken.json");
    let bytes = std::fs::read(&path)?;
    let report = validator.check(&bytes);
    println!("== examples/data/broken.json — deliberately broken");
    println!(
        "   {} errors, {} warnings:",
        report.errors().count(),
        report.warnings().count()
    );
    for problem in report.problems() {
        println!("   {problem}");
    }
    Ok(())
}
