//! The Bildungsbüro's daily work: traceability, offers, referral, events, programmes.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // Helpers of tests may fail loudly.

use std::collections::BTreeSet;
use std::path::Path;

use bildungsnetz::calendar::Date;
use bildungsnetz::model::{DecisionStatus, MeasureStatus, Network, Topic};
use bildungsnetz::office::{
    DEFAULT_AGE_BANDS, EventRegistry, OfferCatalogue, OfferQuery, RecommendationReport,
    ReferralError, ReferralRequest, Registration, RegistrationError, TraceState, check_application,
    forwarded_by_year, participation_by_year, refer,
};
use bildungsnetz::rules::{Schulform, Stage};
use bildungsnetz::validate::{Code, Validator};
use proptest::prelude::*;

fn sample(name: &str) -> Network {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/data")
        .join(format!("{name}.json"));
    Network::from_path(path).unwrap()
}

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn recommendations_are_traced_to_decisions_and_measures() {
    let network = sample("staedteregion-aachen");
    let report = RecommendationReport::new(&network);
    let states: Vec<(&str, TraceState)> = report
        .recommendations
        .iter()
        .map(|r| (r.id.as_str(), r.state))
        .collect();
    assert_eq!(
        states,
        [
            ("r-2023-1", TraceState::InProgress),
            ("r-2023-2", TraceState::InProgress),
            ("r-2023-3", TraceState::Deferred),
        ]
    );
    let first = &report.recommendations[0];
    assert_eq!(first.decisions[0].status, DecisionStatus::Adopted);
    assert_eq!(first.decisions[0].measures[0].id, "m-elpri");
    assert!(report.decisions_without_recommendation.is_empty());
    let text = report.render_de();
    assert!(text.contains("Empfehlung r-2023-3 (Bildungskonferenz vom 15.11.2023)"));
    assert!(text.contains("vertagt"));
}

#[test]
fn trace_states_follow_the_latest_decision_and_its_measures() {
    let mut network = sample("staedteregion-aachen");
    for hf in &mut network.handlungsfelder {
        for m in &mut hf.measures {
            if m.id == "m-elpri" {
                m.status = MeasureStatus::Completed;
            }
        }
    }
    let lk = network.lenkungskreis.as_mut().unwrap();
    lk.decisions
        .push(bildungsnetz::model::LenkungskreisDecision {
            id: "d-2025-1".into(),
            date: date("2025-03-01"),
            recommendation: Some("r-2023-3".into()),
            status: DecisionStatus::Rejected,
            priority: None,
            text: "Kein Bildungstag".into(),
        });
    let report = RecommendationReport::new(&network);
    assert_eq!(report.recommendations[0].state, TraceState::Implemented);
    assert_eq!(report.recommendations[2].state, TraceState::Rejected);
    assert_eq!(report.recommendations[2].decisions.len(), 2);
}

#[test]
fn a_broken_chain_is_reported_where_it_breaks() {
    let mut network = sample("staedteregion-aachen");
    network.handlungsfelder[1].measures[0].decision = Some("d-1999".into());
    let lk = network.lenkungskreis.as_mut().unwrap();
    lk.decisions[2].recommendation = None;
    let report = Validator::new().unwrap().validate(&network);
    let found: BTreeSet<(Code, &str)> = report
        .problems()
        .iter()
        .map(|p| (p.code, p.path.as_str()))
        .collect();
    assert!(found.contains(&(
        Code::DanglingReference,
        "/handlungsfelder/1/measures/0/decision"
    )));
    assert!(found.contains(&(
        Code::DecisionWithoutRecommendation,
        "/lenkungskreis/decisions/2/recommendation"
    )));
    assert_eq!(
        RecommendationReport::new(&network).decisions_without_recommendation,
        ["d-2024-3"]
    );
}

fn ids(found: &[&bildungsnetz::model::Offer]) -> Vec<String> {
    found.iter().map(|o| o.id.clone()).collect()
}

#[test]
fn offers_are_found_by_each_criterion() {
    let network = sample("staedteregion-aachen");
    let catalogue = OfferCatalogue::new(&network);
    let q = OfferQuery::default;
    assert_eq!(catalogue.query(&q()).len(), network.offers.len());
    assert_eq!(
        ids(&catalogue.query(&q().age(5))),
        ["o-elterncafe"],
        "age 5: only the Elterncafé"
    );
    assert_eq!(
        ids(&catalogue.query(&q().stage(Stage::SekI(Schulform::Gymnasium)))),
        ["o-ferien-mint", "o-bildungsberatung", "o-sprachkurs"]
    );
    assert_eq!(
        ids(&catalogue.query(&q().target_group("neuzugewanderte"))),
        ["o-sprachkurs"]
    );
    assert_eq!(
        ids(&catalogue.query(&q().language("ar").kommune("k-05334012"))),
        ["o-elterncafe", "o-sprachkurs"],
        "local Arabic offer and the network-wide one"
    );
    assert_eq!(
        ids(&catalogue.query(&q().handlungsfeld("hf-partnerschaften"))),
        ["o-ferien-mint"]
    );
    assert_eq!(
        ids(&catalogue.query(&q().on(date("2025-07-20")).age(12))),
        ["o-ferien-mint", "o-bildungsberatung"],
        "the language course starts at 16"
    );
    assert_eq!(
        ids(&catalogue.query(&q().on(date("2025-08-01")).age(12))),
        ["o-bildungsberatung"],
        "the holiday academy is over"
    );
    assert!(catalogue.query(&q().target_group("senioren")).is_empty());
    // An unknown Kommune still finds what is offered network-wide.
    assert_eq!(
        ids(&catalogue.query(&q().kommune("k-unknown"))),
        ["o-sprachkurs"]
    );
}

#[test]
fn gaps_name_kommune_age_band_and_handlungsfeld() {
    let network = sample("staedteregion-aachen");
    let catalogue = OfferCatalogue::new(&network);
    let gaps = catalogue.gaps(&network, &DEFAULT_AGE_BANDS);
    let has_gap = |kommune: &str, ages: (u8, u8), hf: &str| {
        gaps.iter()
            .any(|g| g.kommune == kommune && g.ages == ages && g.handlungsfeld == hf)
    };
    // Würselen has the MINT holiday academy for 10–14, nothing for young children.
    assert!(!has_gap("k-05334036", (10, 15), "hf-partnerschaften"));
    assert!(has_gap("k-05334036", (0, 5), "hf-partnerschaften"));
    // The Elterncafé covers Eschweiler's 5-year-olds in Übergänge; Roetgen has none.
    assert!(!has_gap("k-05334012", (0, 5), "hf-uebergaenge"));
    assert!(has_gap("k-05334024", (0, 5), "hf-uebergaenge"));
    // The network-wide language course covers 16–25 everywhere.
    assert!(!has_gap("k-05334024", (16, 18), "hf-uebergaenge"));
    let total = network.kommunen.len() * DEFAULT_AGE_BANDS.len() * network.handlungsfelder.len();
    assert!(gaps.len() < total && !gaps.is_empty());
}

#[test]
fn referral_ranks_services_with_reasons_and_never_diagnoses() {
    let network = sample("staedteregion-aachen");
    let ask = |topic, age, kommune: &str, language: Option<&str>| ReferralRequest {
        topic,
        age,
        kommune: kommune.into(),
        language: language.map(Into::into),
    };
    let arrived = refer(
        &network,
        &ask(Topic::Neuzuwanderung, Some(14), "k-05334002", Some("uk")),
    )
    .unwrap();
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0].service, "sv-ki");
    assert!(arrived[0].reasons_de.iter().any(|r| r.contains("uk")));
    // The Erziehungsberatung serves Eschweiler only, the school psychologists everyone from 6.
    let in_aachen = refer(
        &network,
        &ask(Topic::Schulprobleme, Some(8), "k-05334002", None),
    )
    .unwrap();
    assert_eq!(ids_of(&in_aachen), ["sv-schulpsych"]);
    let toddler = refer(
        &network,
        &ask(Topic::Schulprobleme, Some(3), "k-05334012", None),
    )
    .unwrap();
    assert_eq!(ids_of(&toddler), ["sv-eb-eschweiler"]);
    let career = refer(
        &network,
        &ask(Topic::Berufsorientierung, Some(12), "k-05334002", None),
    )
    .unwrap();
    assert!(career.is_empty(), "the Berufsberatung starts at 14");
    let json = serde_json::to_value(&arrived[0]).unwrap();
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert!(!keys.iter().any(|k| k.contains("diagnos")));
}

fn ids_of(referrals: &[bildungsnetz::office::Referral]) -> Vec<&str> {
    referrals.iter().map(|r| r.service.as_str()).collect()
}

#[test]
fn a_referral_outside_the_network_is_a_located_error() {
    let network = sample("staedteregion-aachen");
    let request = ReferralRequest {
        topic: Topic::Erziehung,
        age: Some(4),
        kommune: "k-05914000".into(),
        language: None,
    };
    let err = refer(&network, &request).unwrap_err();
    assert_eq!(err, ReferralError::KommuneOutsideNetwork);
    let message = err.to_string();
    assert!(message.contains("field `kommune`"));
    assert!(
        !message.contains("05914000"),
        "no personal values in errors"
    );
    let bad: Result<ReferralRequest, _> =
        serde_json::from_str(r#"{"topic": "erziehung", "kommune": "k", "symptoms": "x"}"#);
    assert!(bad.is_err(), "a request has no place for a diagnosis");
}

#[test]
fn a_full_event_refuses_with_a_clear_error() {
    let network = sample("staedteregion-aachen");
    let event = &network.events[1];
    let mut registry = EventRegistry::for_event(event, 0);
    for i in 0..event.capacity.unwrap() {
        assert_eq!(
            registry.register(&format!("r-{i}")).unwrap(),
            Registration::Confirmed
        );
    }
    let err = registry.register("r-late").unwrap_err();
    assert!(matches!(err, RegistrationError::Full { capacity: 120, .. }));
    assert!(err.to_string().contains("e-fachtag-2024"));
    assert!(!err.to_string().contains("r-late"));
    assert!(matches!(
        registry.register("r-0"),
        Err(RegistrationError::AlreadyRegistered { .. })
    ));
    assert!(matches!(
        registry.cancel("r-unknown"),
        Err(RegistrationError::NotRegistered { .. })
    ));
}

#[test]
fn participation_is_counted_per_year_and_kind() {
    let network = sample("staedteregion-aachen");
    let figures = participation_by_year(&network);
    let conference = &figures[&(2023, "bildungskonferenz".to_string())];
    assert_eq!((conference.events, conference.participants), (1, 212));
    assert_eq!(figures.len(), 2);
}

#[test]
fn applications_are_checked_against_the_programme() {
    let network = sample("koblenz");
    let programme = &network.programmes[0];
    let good = &programme.applications[0];
    assert!(
        check_application(&network, programme, good, "")
            .problems()
            .is_empty()
    );

    let mut bad = good.clone();
    bad.applicant = "p-stadt-koblenz".into(); // a Kommune may not apply
    bad.start = date("2018-01-01");
    bad.fields.remove("zielgruppe");
    let report = check_application(&network, programme, &bad, "/application");
    let found: Vec<(&str, &str)> = report
        .problems()
        .iter()
        .map(|p| (p.code.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("applicant_not_eligible", "/application/applicant"),
            ("application_outside_period", "/application/start"),
            ("required_field_missing", "/application/fields/zielgruppe"),
        ]
    );
}

#[test]
fn money_forwarded_is_summed_per_project_and_year() {
    let network = sample("koblenz");
    let rows = forwarded_by_year(&network);
    let summary: Vec<(&str, i32, u64)> = rows
        .iter()
        .map(|r| (r.application.as_str(), r.year, r.amount_cents))
        .collect();
    assert_eq!(
        summary,
        [("a-dw-2023", 2023, 850_000), ("a-dw-2024", 2024, 300_000)]
    );
}

#[derive(Clone, Debug)]
enum Op {
    Register(u8),
    Cancel(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..12).prop_map(Op::Register),
        (0u8..12).prop_map(Op::Cancel)
    ]
}

proptest! {
    /// Any order of registrations and cancellations: never over capacity, nobody lost, nobody
    /// twice, and the waiting list only holds people while every place is taken.
    #[test]
    fn registrations_never_exceed_capacity_nor_lose_anyone(
        capacity in 0u32..6,
        waitlist in 0u32..4,
        ops in prop::collection::vec(op(), 0..60),
    ) {
        let mut registry = EventRegistry::new("e", Some(capacity), waitlist);
        let mut holders: BTreeSet<String> = BTreeSet::new();
        for op in ops {
            match op {
                Op::Register(p) => {
                    let who = format!("p{p}");
                    match registry.register(&who) {
                        Ok(_) => { prop_assert!(holders.insert(who)); }
                        Err(RegistrationError::AlreadyRegistered { .. }) => prop_assert!(holders.contains(&who)),
                        Err(RegistrationError::Full { .. }) => {
                            prop_assert_eq!(holders.len(), (capacity + waitlist) as usize);
                        }
                        Err(other) => prop_assert!(false, "unexpected {other}"),
                    }
                }
                Op::Cancel(p) => {
                    let who = format!("p{p}");
                    match registry.cancel(&who) {
                        Ok(_) => { prop_assert!(holders.remove(&who)); }
                        Err(_) => prop_assert!(!holders.contains(&who)),
                    }
                }
            }
            let confirmed = registry.confirmed().len();
            let waiting = registry.waiting().count();
            prop_assert!(confirmed <= capacity as usize);
            prop_assert!(waiting == 0 || confirmed == capacity as usize);
            let held: BTreeSet<String> = registry
                .confirmed()
                .iter()
                .cloned()
                .chain(registry.waiting().map(str::to_string))
                .collect();
            prop_assert_eq!(held.len(), confirmed + waiting, "nobody twice");
            prop_assert_eq!(&held, &holders, "nobody lost");
        }
    }
}
