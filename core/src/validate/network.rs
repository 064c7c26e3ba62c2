//! The domain's rules for a network document.

use std::collections::{BTreeSet, HashMap};

use super::{Code, Report, Severity, Validator};
use crate::calendar::Date;
use crate::model::{
    Employer, Institution, Land, Lenkungskreis, MemberRole, Network, TerritoryKind,
};
use crate::office::check_application;

/// What an id names, so that a reference can be checked for the right kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Kommune,
    Institution,
    Handlungsfeld,
    Goal,
    Measure,
    Conference,
    Recommendation,
    Member,
    Decision,
    Staff,
    Fachforum,
    Offer,
    Event,
    Programme,
    Application,
    Service,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Kommune => "a Kommune",
            Kind::Institution => "an institution",
            Kind::Handlungsfeld => "a Handlungsfeld",
            Kind::Goal => "a goal",
            Kind::Measure => "a measure",
            Kind::Conference => "a conference",
            Kind::Recommendation => "a recommendation",
            Kind::Member => "a Lenkungskreis member",
            Kind::Decision => "a Lenkungskreis decision",
            Kind::Staff => "a staff member",
            Kind::Fachforum => "a Fachforum",
            Kind::Offer => "an offer",
            Kind::Event => "an event",
            Kind::Programme => "a programme",
            Kind::Application => "an application",
            Kind::Service => "a service",
        }
    }
}

/// Where an object stands in the document, formatted as a JSON pointer only when a problem needs it.
#[derive(Clone, Copy, Debug)]
struct Loc {
    section: &'static str,
    index: usize,
    within: Option<(&'static str, usize)>,
}

impl Loc {
    fn new(section: &'static str, index: usize) -> Loc {
        Loc {
            section,
            index,
            within: None,
        }
    }

    fn within(self, list: &'static str, index: usize) -> Loc {
        Loc {
            within: Some((list, index)),
            ..self
        }
    }
}

impl std::fmt::Display for Loc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{}/{}", self.section, self.index)?;
        if let Some((list, j)) = self.within {
            write!(f, "/{list}/{j}")?;
        }
        Ok(())
    }
}

struct Ctx<'a> {
    validator: &'a Validator,
    network: &'a Network,
    report: Report,
    ids: HashMap<&'a str, (Kind, Loc)>,
}

impl<'a> Ctx<'a> {
    fn error(&mut self, code: Code, path: String, message: String, hint: Option<String>) {
        self.report.push(code, Severity::Error, path, message, hint);
    }

    fn warn(&mut self, code: Code, path: String, message: String, hint: Option<String>) {
        self.report
            .push(code, Severity::Warning, path, message, hint);
    }

    fn declare(&mut self, id: &'a str, kind: Kind, path: Loc) {
        if id.trim().is_empty() {
            self.error(
                Code::EmptyField,
                format!("{path}/id"),
                format!("{} has an empty id", kind.noun()),
                Some("give every object a unique, non-empty id".into()),
            );
            return;
        }
        if let Some((_, first)) = self.ids.get(id) {
            let first = *first;
            self.error(
                Code::DuplicateId,
                format!("{path}/id"),
                format!("the id `{id}` is already used at {first}"),
                Some("ids must be unique within the document".into()),
            );
        } else {
            self.ids.insert(id, (kind, path));
        }
    }

    fn reference(&mut self, id: &str, expected: Kind, path: impl FnOnce() -> String) {
        match self.ids.get(id) {
            Some((kind, _)) if *kind == expected => {}
            Some((kind, at)) => {
                let message = format!(
                    "`{id}` names {} (at {at}), but {} is expected here",
                    kind.noun(),
                    expected.noun()
                );
                self.error(Code::ReferenceWrongKind, path(), message, None);
            }
            None => {
                let hint = self
                    .closest_id(id, expected)
                    .map(|c| format!("did you mean `{c}`?"));
                self.error(
                    Code::DanglingReference,
                    path(),
                    format!("`{id}` does not name {} in this document", expected.noun()),
                    hint,
                );
            }
        }
    }

    fn closest_id(&self, id: &str, expected: Kind) -> Option<String> {
        self.ids
            .iter()
            .filter(|(_, (kind, _))| *kind == expected)
            .map(|(candidate, _)| (edit_distance(id, candidate), *candidate))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, c)| c.to_string())
    }

    fn non_empty(&mut self, value: &str, path: impl FnOnce() -> String, what: &str) {
        if value.trim().is_empty() {
            self.error(Code::EmptyField, path(), format!("{what} is empty"), None);
        }
    }

    fn period(&mut self, start: Option<Date>, end: Option<Date>, path: &str, end_field: &str) {
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                self.error(
                    Code::PeriodReversed,
                    format!("{path}/{end_field}"),
                    format!("ends on {e}, before it starts on {s}"),
                    None,
                );
            }
        }
    }

    fn not_before_agreement(&mut self, date: Date, path: String, what: &str) {
        if let Some(signed) = self
            .network
            .kooperationsvertrag
            .as_ref()
            .map(|k| k.signed_on)
        {
            if date < signed {
                self.warn(
                    Code::DateBeforeAgreement,
                    path,
                    format!("{what} on {date} lies before the Kooperationsvertrag of {signed}"),
                    Some("check the date, or the contract's date".into()),
                );
            }
        }
    }

    fn gemeindeschluessel(&mut self, ags: &str, path: impl FnOnce() -> String) -> bool {
        if ags.len() != 8 || !ags.bytes().all(|b| b.is_ascii_digit()) {
            let hint = (ags.len() == 7 && ags.bytes().all(|b| b.is_ascii_digit()))
                .then(|| format!("a leading zero may have been lost: `0{ags}`?"));
            self.error(
                Code::GemeindeschluesselFormat,
                path(),
                format!("`{ags}` is not an 8-digit Gemeindeschlüssel"),
                hint,
            );
            return false;
        }
        let land = self.network.land;
        if !ags.starts_with(land.ags_prefix()) {
            self.error(
                Code::GemeindeschluesselWrongLand,
                path(),
                format!(
                    "`{ags}` lies outside {land:?} (keys there begin with {})",
                    land.ags_prefix()
                ),
                None,
            );
            return false;
        }
        true
    }
}

/// Levenshtein distance, for "did you mean" hints on short ids.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut next = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let left = next.last().copied().unwrap_or(usize::MAX);
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = diagonal + usize::from(ca != *cb);
            diagonal = up;
            next.push(cost.min(left + 1).min(up.saturating_add(1)));
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// Whether the network is an NRW Regionales Bildungsnetzwerk under § 78a SchulG NRW (one per Kreis
/// or kreisfreie Stadt); a town's own office inside a Kreis (Pulheim) is not bound by its rules.
fn is_regional_network_nrw(network: &Network) -> bool {
    network.land == Land::NW && network.territory != TerritoryKind::KreisangehoerigeStadt
}

/// Whether a Kommune's key lies in the network's territory.
fn in_territory(network: &Network, ags: &str) -> bool {
    let own = network.gemeindeschluessel.as_str();
    if network.territory.is_kreis_like() {
        own.get(..5).is_some_and(|kreis| ags.starts_with(kreis))
    } else {
        ags == own
    }
}

pub(super) fn check(validator: &Validator, network: &Network) -> Report {
    let mut ctx = Ctx {
        validator,
        network,
        report: Report::new(),
        ids: HashMap::new(),
    };
    declare_all(&mut ctx);
    check_territory(&mut ctx);
    check_institutions(&mut ctx);
    check_bodies(&mut ctx);
    check_work(&mut ctx);
    ctx.report
}

fn declare_all<'a>(ctx: &mut Ctx<'a>) {
    let n = ctx.network;
    for (i, k) in n.kommunen.iter().enumerate() {
        ctx.declare(&k.id, Kind::Kommune, Loc::new("kommunen", i));
    }
    for (i, inst) in n.institutions.iter().enumerate() {
        ctx.declare(&inst.id, Kind::Institution, Loc::new("institutions", i));
    }
    for (i, hf) in n.handlungsfelder.iter().enumerate() {
        let at = Loc::new("handlungsfelder", i);
        ctx.declare(&hf.id, Kind::Handlungsfeld, at);
        for (j, g) in hf.goals.iter().enumerate() {
            ctx.declare(&g.id, Kind::Goal, at.within("goals", j));
        }
        for (j, m) in hf.measures.iter().enumerate() {
            ctx.declare(&m.id, Kind::Measure, at.within("measures", j));
        }
    }
    if let Some(bk) = &n.bildungskonferenz {
        for (i, c) in bk.conferences.iter().enumerate() {
            let at = Loc::new("bildungskonferenz/conferences", i);
            ctx.declare(&c.id, Kind::Conference, at);
            for (j, r) in c.recommendations.iter().enumerate() {
                ctx.declare(&r.id, Kind::Recommendation, at.within("recommendations", j));
            }
        }
    }
    if let Some(lk) = &n.lenkungskreis {
        for (i, m) in lk.members.iter().enumerate() {
            ctx.declare(&m.id, Kind::Member, Loc::new("lenkungskreis/members", i));
        }
        for (i, d) in lk.decisions.iter().enumerate() {
            ctx.declare(
                &d.id,
                Kind::Decision,
                Loc::new("lenkungskreis/decisions", i),
            );
        }
    }
    if let Some(bb) = &n.bildungsbuero {
        for (i, s) in bb.staff.iter().enumerate() {
            ctx.declare(&s.id, Kind::Staff, Loc::new("bildungsbuero/staff", i));
        }
    }
    for (i, f) in n.fachforen.iter().enumerate() {
        ctx.declare(&f.id, Kind::Fachforum, Loc::new("fachforen", i));
    }
    for (i, o) in n.offers.iter().enumerate() {
        ctx.declare(&o.id, Kind::Offer, Loc::new("offers", i));
    }
    for (i, e) in n.events.iter().enumerate() {
        ctx.declare(&e.id, Kind::Event, Loc::new("events", i));
    }
    for (i, p) in n.programmes.iter().enumerate() {
        let at = Loc::new("programmes", i);
        ctx.declare(&p.id, Kind::Programme, at);
        for (j, a) in p.applications.iter().enumerate() {
            ctx.declare(&a.id, Kind::Application, at.within("applications", j));
        }
    }
    for (i, s) in n.services.iter().enumerate() {
        ctx.declare(&s.id, Kind::Service, Loc::new("services", i));
    }
}

fn check_territory(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    ctx.non_empty(&n.name, || "/name".to_string(), "the network's name");
    ctx.gemeindeschluessel(&n.gemeindeschluessel, || "/gemeindeschluessel".to_string());
    for (i, k) in n.kommunen.iter().enumerate() {
        let p = Loc::new("kommunen", i);
        ctx.non_empty(&k.name, || format!("{p}/name"), "the Kommune's name");
        let path = || format!("{p}/gemeindeschluessel");
        if ctx.gemeindeschluessel(&k.gemeindeschluessel, path)
            && !in_territory(n, &k.gemeindeschluessel)
        {
            ctx.error(
                Code::KommuneOutsideTerritory,
                path(),
                format!(
                    "{} ({}) does not belong to the territory {}",
                    k.name, k.gemeindeschluessel, n.gemeindeschluessel
                ),
                Some(match n.territory {
                    TerritoryKind::Kreis | TerritoryKind::Staedteregion => format!(
                        "Kommunen of this Kreis have keys beginning with {}",
                        n.gemeindeschluessel.get(..5).unwrap_or_default()
                    ),
                    _ => "a town's network covers that town's key only".to_string(),
                }),
            );
        }
    }
}

fn check_institutions(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    let mut schulnummern: HashMap<&str, usize> = HashMap::new();
    for (i, inst) in n.institutions.iter().enumerate() {
        let p = Loc::new("institutions", i);
        ctx.non_empty(&inst.name, || format!("{p}/name"), "the institution's name");
        if let Some(k) = &inst.kommune {
            ctx.reference(k, Kind::Kommune, || format!("{p}/kommune"));
        }
        if let Some(ags) = &inst.gemeindeschluessel {
            let path = || format!("{p}/gemeindeschluessel");
            if ctx.gemeindeschluessel(ags, path) && !in_territory(n, ags) {
                ctx.error(
                    Code::KommuneOutsideTerritory,
                    path(),
                    format!("the institution lies in {ags}, outside the network's territory"),
                    None,
                );
            }
        }
        for (j, hf) in inst.handlungsfelder.iter().enumerate() {
            ctx.reference(hf, Kind::Handlungsfeld, || {
                format!("{p}/handlungsfelder/{j}")
            });
        }
        if let Some(nr) = &inst.schulnummer {
            if nr.len() != 6 || !nr.bytes().all(|b| b.is_ascii_digit()) {
                ctx.error(
                    Code::SchulnummerFormat,
                    format!("{p}/schulnummer"),
                    format!("`{nr}` is not a 6-digit Schulnummer"),
                    None,
                );
            } else if let Some(first) = schulnummern.insert(nr, i) {
                ctx.error(
                    Code::DuplicateSchulnummer,
                    format!("{p}/schulnummer"),
                    format!("Schulnummer {nr} is already used by /institutions/{first}"),
                    None,
                );
            }
        }
        if let Some(v) = inst.sozialindex {
            if !(1..=9).contains(&v) {
                ctx.error(
                    Code::SozialindexOutOfRange,
                    format!("{p}/sozialindex"),
                    format!("Sozialindex {v} is outside 1–9"),
                    None,
                );
            }
        }
        check_schulform(ctx, inst, p);
    }
}

fn check_schulform(ctx: &mut Ctx<'_>, inst: &Institution, p: Loc) {
    // Schulform keys are NRW's; other Länder's schools carry none.
    let nrw = ctx.network.land == Land::NW;
    match (&inst.schulform, inst.kind.is_school()) {
        (None, true) if nrw => ctx.warn(
            Code::SchulformKindMismatch,
            format!("{p}/schulform"),
            "a school without a Schulform key".into(),
            Some("add the key from the official NRW list (e.g. \"02\" Grundschule)".into()),
        ),
        (Some(_), false) => ctx.warn(
            Code::SchulformKindMismatch,
            format!("{p}/schulform"),
            format!("a Schulform on {:?}, which is not a school", inst.kind),
            Some("use kind \"schule\" or \"berufskolleg\", or drop the Schulform".into()),
        ),
        (None, _) => {}
        (Some(key), true) => {
            let schulformen = ctx.validator.schulformen();
            match schulformen.get(key) {
                None => {
                    let hint = schulformen
                        .closest(key)
                        .map(|k| format!("did you mean `{k}`?"));
                    ctx.error(
                        Code::UnknownSchulform,
                        format!("{p}/schulform"),
                        format!("`{key}` is not in the official NRW Schulform list"),
                        hint,
                    );
                }
                Some(form) => {
                    let expired = match ctx.validator.school_year() {
                        Some(year) => !form.is_valid_in(year),
                        None => form.valid_until.is_some(),
                    };
                    if expired {
                        let until = form.valid_until.map_or(String::new(), |u| {
                            format!(" (valid until school year {u}/{:02})", (u + 1) % 100)
                        });
                        ctx.warn(
                            Code::SchulformExpired,
                            format!("{p}/schulform"),
                            format!(
                                "Schulform {key} ({}) is no longer in force{until}",
                                form.name
                            ),
                            None,
                        );
                    }
                }
            }
        }
    }
}

fn check_bodies(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    if let Some(kv) = &n.kooperationsvertrag {
        for (i, hf) in kv.handlungsfelder.iter().enumerate() {
            ctx.reference(hf, Kind::Handlungsfeld, || {
                format!("/kooperationsvertrag/handlungsfelder/{i}")
            });
        }
    }
    if let Some(bk) = &n.bildungskonferenz {
        for (i, c) in bk.conferences.iter().enumerate() {
            let p = format!("/bildungskonferenz/conferences/{i}");
            ctx.not_before_agreement(c.date, format!("{p}/date"), "a conference");
            for (j, r) in c.recommendations.iter().enumerate() {
                if let Some(hf) = &r.handlungsfeld {
                    ctx.reference(hf, Kind::Handlungsfeld, || {
                        format!("{p}/recommendations/{j}/handlungsfeld")
                    });
                }
            }
        }
    }
    check_lenkungskreis(ctx);
    check_bildungsbuero(ctx);
    for (i, f) in n.fachforen.iter().enumerate() {
        let p = format!("/fachforen/{i}");
        ctx.reference(&f.handlungsfeld, Kind::Handlungsfeld, || {
            format!("{p}/handlungsfeld")
        });
        agreed_handlungsfeld(ctx, &f.handlungsfeld, format!("{p}/handlungsfeld"));
        for (j, m) in f.members.iter().enumerate() {
            ctx.reference(m, Kind::Institution, || format!("{p}/members/{j}"));
        }
    }
}

fn agreed_handlungsfeld(ctx: &mut Ctx<'_>, hf: &str, path: String) {
    let Some(kv) = &ctx.network.kooperationsvertrag else {
        return;
    };
    let known = ctx
        .ids
        .get(hf)
        .is_some_and(|(k, _)| *k == Kind::Handlungsfeld);
    if known && !kv.handlungsfelder.iter().any(|h| h == hf) {
        ctx.warn(
            Code::HandlungsfeldNotAgreed,
            path,
            format!("Handlungsfeld `{hf}` is not among those the Kooperationsvertrag agrees on"),
            Some("add it to /kooperationsvertrag/handlungsfelder or check the reference".into()),
        );
    }
}

fn check_lenkungskreis(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    // A missing Lenkungskreis is checked as an empty one: every mandatory member is missing.
    let empty = Lenkungskreis::default();
    let lk = n.lenkungskreis.as_ref().unwrap_or(&empty);
    let institutions: HashMap<&str, &Institution> =
        n.institutions.iter().map(|i| (i.id.as_str(), i)).collect();
    let mut roles = BTreeSet::new();
    let mut schulformen = BTreeSet::new();
    for (i, m) in lk.members.iter().enumerate() {
        let p = format!("/lenkungskreis/members/{i}");
        roles.insert(m.role);
        if let Some(r) = &m.represents {
            ctx.reference(r, Kind::Institution, || format!("{p}/represents"));
        }
        if let Some(k) = &m.kommune {
            ctx.reference(k, Kind::Kommune, || format!("{p}/kommune"));
        }
        if m.role == MemberRole::Schulleitung {
            let form = m
                .represents
                .as_deref()
                .and_then(|r| institutions.get(r))
                .and_then(|inst| inst.schulform.as_deref());
            if let Some(form) = form {
                schulformen.insert(form);
            }
        }
    }
    // The Köln model (Bezirksregierung Köln; § 78a SchulG NRW): Schulaufsicht, the Kreis (or
    // kreisfreie Stadt), the Städte und Gemeinden where the network is a Kreis, and different
    // Schulformen.
    if is_regional_network_nrw(n) {
        let mut mandatory = vec![MemberRole::Schulaufsicht, MemberRole::Kreis];
        if n.territory.is_kreis_like() {
            mandatory.push(MemberRole::StadtGemeinde);
        }
        for role in mandatory {
            if !roles.contains(&role) {
                ctx.error(
                    Code::LenkungskreisMissingMandatoryRole,
                    "/lenkungskreis/members".into(),
                    format!(
                        "the Lenkungskreis has no member in the role `{}`",
                        role_name(role)
                    ),
                    Some(
                        "§ 78a SchulG NRW and the Kooperationsvertrag model make it mandatory"
                            .into(),
                    ),
                );
            }
        }
        if schulformen.len() < 2 {
            ctx.error(
                Code::LenkungskreisTooFewSchulformen,
                "/lenkungskreis/members".into(),
                format!(
                    "school heads of {} Schulform(en) sit in the Lenkungskreis; at least two different ones are required",
                    schulformen.len()
                ),
                Some("add members with role `schulleitung` representing schools of different Schulformen".into()),
            );
        }
    }
    if let Some(kv) = &n.kooperationsvertrag {
        for role in &kv.lenkungskreis_requires {
            if !roles.contains(role) {
                ctx.error(
                    Code::LenkungskreisMissingContractRole,
                    "/lenkungskreis/members".into(),
                    format!(
                        "the Kooperationsvertrag requires a member in the role `{}`",
                        role_name(*role)
                    ),
                    None,
                );
            }
        }
    }
    let recommendations: HashMap<&str, Date> = n
        .bildungskonferenz
        .iter()
        .flat_map(|bk| &bk.conferences)
        .flat_map(|c| {
            c.recommendations
                .iter()
                .map(move |r| (r.id.as_str(), c.date))
        })
        .collect();
    for (i, d) in lk.decisions.iter().enumerate() {
        let p = format!("/lenkungskreis/decisions/{i}");
        ctx.not_before_agreement(d.date, format!("{p}/date"), "a decision");
        if d.recommendation.is_none() {
            ctx.warn(
                Code::DecisionWithoutRecommendation,
                format!("{p}/recommendation"),
                "the decision answers no recommendation of the Bildungskonferenz".into(),
                Some("name the recommendation it takes up, if there is one".into()),
            );
        }
        if let Some(r) = &d.recommendation {
            ctx.reference(r, Kind::Recommendation, || format!("{p}/recommendation"));
            if let Some(given) = recommendations.get(r.as_str()) {
                if d.date < *given {
                    ctx.error(
                        Code::DecisionBeforeRecommendation,
                        format!("{p}/date"),
                        format!(
                            "the decision of {} answers a recommendation given on {given}",
                            d.date
                        ),
                        None,
                    );
                }
            }
        }
    }
}

fn role_name(role: MemberRole) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn check_bildungsbuero(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    let Some(bb) = &n.bildungsbuero else {
        return;
    };
    let mut land = false;
    let mut kommune = false;
    for (i, s) in bb.staff.iter().enumerate() {
        land |= s.employer == Employer::Land;
        kommune |= s.employer == Employer::Kommune;
        if !(s.post_share > 0.0 && s.post_share <= 1.0) {
            ctx.error(
                Code::PostShareOutOfRange,
                format!("/bildungsbuero/staff/{i}/post_share"),
                format!("a share of a post of {} is outside (0, 1]", s.post_share),
                Some("write 0.5 for a half post".into()),
            );
        }
    }
    if is_regional_network_nrw(n) && !land {
        ctx.error(
            Code::BildungsbueroMissingLandStaff,
            "/bildungsbuero/staff".into(),
            "an NRW Regionales Bildungsbüro has teachers employed by the Land working beside municipal staff".into(),
            Some("add the Land's staff with employer `land`".into()),
        );
    }
    if !kommune {
        ctx.error(
            Code::BildungsbueroMissingMunicipalStaff,
            "/bildungsbuero/staff".into(),
            "the Bildungsbüro has no staff employed by the Kommune".into(),
            Some("add the municipal staff with employer `kommune`".into()),
        );
    }
}

fn check_work(ctx: &mut Ctx<'_>) {
    let n = ctx.network;
    for (i, hf) in n.handlungsfelder.iter().enumerate() {
        let p = format!("/handlungsfelder/{i}");
        ctx.non_empty(&hf.name, || format!("{p}/name"), "the Handlungsfeld's name");
        for (j, m) in hf.measures.iter().enumerate() {
            let mp = format!("{p}/measures/{j}");
            if let Some(g) = &m.goal {
                ctx.reference(g, Kind::Goal, || format!("{mp}/goal"));
            }
            if let Some(d) = &m.decision {
                ctx.reference(d, Kind::Decision, || format!("{mp}/decision"));
            }
            if let Some(o) = &m.owner {
                ctx.reference(o, Kind::Institution, || format!("{mp}/owner"));
            }
            for (k, partner) in m.partners.iter().enumerate() {
                ctx.reference(partner, Kind::Institution, || format!("{mp}/partners/{k}"));
            }
            ctx.period(m.start, m.end, &mp, "end");
        }
        if !hf.measures.is_empty() {
            agreed_handlungsfeld(ctx, &hf.id, format!("{p}/id"));
        }
    }
    for (i, o) in n.offers.iter().enumerate() {
        let p = format!("/offers/{i}");
        ctx.reference(&o.provider, Kind::Institution, || format!("{p}/provider"));
        if let Some(hf) = &o.handlungsfeld {
            ctx.reference(hf, Kind::Handlungsfeld, || format!("{p}/handlungsfeld"));
        }
        for (j, k) in o.kommunen.iter().enumerate() {
            ctx.reference(k, Kind::Kommune, || format!("{p}/kommunen/{j}"));
        }
        if let (Some(lo), Some(hi)) = (o.min_age, o.max_age) {
            if lo > hi {
                ctx.error(
                    Code::AgeRangeReversed,
                    format!("{p}/min_age"),
                    format!("the youngest age {lo} is above the oldest {hi}"),
                    None,
                );
            }
        }
        ctx.period(o.start, o.end, &p, "end");
    }
    for (i, e) in n.events.iter().enumerate() {
        let p = format!("/events/{i}");
        if let Some(o) = &e.organiser {
            ctx.reference(o, Kind::Institution, || format!("{p}/organiser"));
        }
        ctx.period(Some(e.start), e.end, &p, "end");
        if let (Some(cap), Some(count)) = (e.capacity, e.participants) {
            if count > cap {
                ctx.warn(
                    Code::ParticipantsOverCapacity,
                    format!("{p}/participants"),
                    format!("{count} participants counted for {cap} places"),
                    None,
                );
            }
        }
    }
    for (i, pr) in n.programmes.iter().enumerate() {
        let p = format!("/programmes/{i}");
        ctx.period(Some(pr.start), pr.end, &p, "end");
        for (j, application) in pr.applications.iter().enumerate() {
            let base = format!("{p}/applications/{j}");
            let problems = check_application(n, pr, application, &base);
            for problem in problems.problems() {
                ctx.report.push_problem(problem.clone());
            }
        }
    }
    for (i, service) in n.services.iter().enumerate() {
        let p = Loc::new("services", i);
        ctx.reference(&service.provider, Kind::Institution, || {
            format!("{p}/provider")
        });
        for (j, k) in service.kommunen.iter().enumerate() {
            ctx.reference(k, Kind::Kommune, || format!("{p}/kommunen/{j}"));
        }
        if let (Some(lo), Some(hi)) = (service.min_age, service.max_age) {
            if lo > hi {
                ctx.error(
                    Code::AgeRangeReversed,
                    format!("{p}/min_age"),
                    format!("the youngest age {lo} is above the oldest {hi}"),
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("k-aachen", "k-aachen"), 0);
        assert_eq!(edit_distance("k-achen", "k-aachen"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }
}
