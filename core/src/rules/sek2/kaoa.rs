//! KAoA ("Kein Abschluss ohne Anschluss"): the standard elements due for a pupil in a class
//! and school year, by the codes of `KAOAMerkmal.json`.

use super::codes::Jahrgang;
use super::{Assessment, Explain, LandOr, join, land, range_value};
use crate::calendar::Date;
use crate::rules::{
    CheckResult, GymnasiumTrack, LearnerFacts, Outcome, RuleBook, RuleError, Schulform, Transition,
};

const T: Transition = Transition::Kaoa;
const MAIN: &str = "nrw.kaoa.landesvorhaben";

/// When an element is due, relative to the rule's class range.
#[derive(Clone, Copy)]
enum When {
    /// Every class of the rule's range.
    Range,
    /// The first class of the range only.
    First,
    /// The last class of Sek I of the pupil's course (10; 9 at a G8 Gymnasium).
    LastSekI,
    /// Q2 (level 13).
    Q2,
}

/// (code, rule, when, optional)
const ELEMENTS: [(&str, &str, When, bool); 12] = [
    ("SBO_2_1", "nrw.kaoa.sbo2", When::Range, false),
    ("SBO_3_4", "nrw.kaoa.sbo3", When::Range, false),
    ("SBO_4_1", "nrw.kaoa.sbo4", When::Range, false),
    ("SBO_5_1", "nrw.kaoa.sbo5", When::Range, false),
    ("SBO_6_1", "nrw.kaoa.sbo6", When::First, false),
    ("SBO_6_4", "nrw.kaoa.sbo6", When::Range, true),
    ("SBO_10_1", "nrw.kaoa.sbo10", When::LastSekI, false),
    ("SBO_10_6", "nrw.kaoa.sbo10", When::LastSekI, false),
    ("SBO_8_1", "nrw.kaoa.sbo8", When::Range, false),
    ("SBO_9_1", "nrw.kaoa.sbo9", When::Range, false),
    ("SBO_9_2", "nrw.kaoa.sbo9", When::Range, false),
    ("SBO_10_4", "nrw.kaoa.sbo10", When::Q2, false),
];

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    let l = match land(book, T, facts, as_of, false, MAIN)? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let (main, version) =
        book.rule_in_force(MAIN, as_of)
            .ok_or_else(|| RuleError::NoLawInForce {
                rule_id: MAIN.to_owned(),
            })?;
    let phased = version.until.is_some();
    let mut a = Assessment::new(T, Some(l), as_of);
    let g8 = facts.schulform == Some(Schulform::Gymnasium)
        && super::oberstufe::track(book, facts, as_of).map(|t| t.0) == Some(GymnasiumTrack::G8);
    let last_sek1: u32 = if g8 { 9 } else { 10 };
    let level: u32 = match facts.jahrgang {
        None => {
            a.check(
                main,
                &["jahrgang"],
                CheckResult::MissingFacts,
                true,
                "the class decides",
            );
            a.missing("jahrgang");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Welche KAoA-Standardelemente anstehen, hängt von der Klasse ab; bitte die Klasse angeben",
                "Which KAoA standard elements are due depends on the class; please state the class",
            ));
        }
        Some(Jahrgang::Klasse(n)) if g8 && n == 10 => 11,
        Some(Jahrgang::Klasse(n)) => u32::from(n),
        Some(Jahrgang::EF) => 11,
        Some(Jahrgang::Q1) => 12,
        Some(Jahrgang::Q2) => 13,
    };
    let mut due: Vec<&'static str> = Vec::new();
    let mut optional: Vec<&'static str> = Vec::new();
    let mut rules: Vec<u16> = Vec::new();
    for (code, rule, when, opt) in ELEMENTS {
        let Some(idx) = book.table().in_force(rule, as_of) else {
            continue;
        };
        let Some((min, max)) = range_value(book, idx) else {
            continue;
        };
        let hit = match when {
            When::Range => (min..=max).contains(&level),
            When::First => level == min,
            When::LastSekI => level == last_sek1,
            When::Q2 => level == 13 && (min..=max).contains(&13),
        };
        if hit {
            if opt {
                optional.push(code);
            } else {
                due.push(code);
            }
            if !rules.contains(&idx) {
                rules.push(idx);
            }
        }
    }
    a.check(
        main,
        &["jahrgang"],
        if phased {
            CheckResult::Discretionary
        } else {
            CheckResult::Satisfied
        },
        true,
        if phased {
            "introduction phase: depends on whether the school took part"
        } else {
            "binding for all schools"
        },
    );
    for idx in rules {
        a.check(
            idx,
            &["jahrgang", "schulform", "gymnasium_track"],
            CheckResult::Satisfied,
            true,
            "element due in this class",
        );
    }
    if !due.is_empty() {
        a.detail_with("due", || join(due.iter().copied()));
    }
    if !optional.is_empty() {
        a.detail_with("optional", || join(optional.iter().copied()));
    }
    a.effective = Some(crate::calendar::SchoolYear::containing(as_of).start());
    Ok(if due.is_empty() && optional.is_empty() {
        a.finish(
            Outcome::NotEligible,
            "In dieser Klasse steht kein KAoA-Standardelement an (die Berufs- und Studienorientierung beginnt in Klasse 8)",
            "No KAoA standard element is due in this class (career orientation begins in class 8)",
        )
    } else if phased {
        a.finish(
            Outcome::Discretionary,
            "In dieser Klasse sehen die KAoA-Standardelemente Angebote vor; in der Einführungsphase (bis 2017/18) hing die Teilnahme von der Schule ab",
            "KAoA standard elements are foreseen in this class; in the introduction phase (until 2017/18) participation depended on the school",
        )
    } else {
        a.finish(
            Outcome::Eligible,
            "In dieser Klasse stehen KAoA-Standardelemente an",
            "KAoA standard elements are due in this class",
        )
    })
}
