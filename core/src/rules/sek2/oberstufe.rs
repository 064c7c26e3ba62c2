//! Entry into the gymnasiale Oberstufe (EF): NRW § 43 APO-S I with the G8/G9 timing per cohort
//! (§ 10 Abs. 3 SchulG NRW); Rheinland-Pfalz: Mainzer Studienstufe.

use super::codes::{Abschluss, Jahrgang, has_q, held_mask};
use super::{Assessment, Explain, LandOr, land, next_entry, years_value};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::push_sy;
use crate::rules::{
    CheckResult, GymnasiumTrack, Land, LearnerFacts, Outcome, RuleBook, RuleError, Schulform,
    Transition,
};

const T: Transition = Transition::OberstufeEntry;

/// The course (G8/G9) of a Gymnasium pupil: from the fact, or from the class-5 cohort.
/// Returns the track and the rule index that fixed it (None when taken from the fact).
pub(crate) fn track(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Option<(GymnasiumTrack, Option<u16>)> {
    if let Some(t) = facts.gymnasium_track {
        return Some((t, None));
    }
    let Some(Jahrgang::Klasse(n)) = facts.jahrgang else {
        return None;
    };
    if !(5..=10).contains(&n) {
        return None;
    }
    let y5 = SchoolYear::containing(as_of).start_year() - i32::from(n - 5);
    let threshold = |id: &str| -> Option<(u16, i32)> {
        let (idx, v) = book.rule_in_force(id, as_of)?;
        let (_, max) = super::range_value(book, idx)?;
        let max = i32::try_from(max).ok()?;
        Some((idx, v.from.year() - (max - 5)))
    };
    if let Some((idx, thr)) = threshold("nrw.gymnasium.g9") {
        if y5 >= thr {
            return Some((GymnasiumTrack::G9, Some(idx)));
        }
    }
    match threshold("nrw.gymnasium.g8") {
        Some((idx, thr)) if y5 >= thr => Some((GymnasiumTrack::G8, Some(idx))),
        Some((idx, _)) => Some((GymnasiumTrack::G9, Some(idx))),
        None => None,
    }
}

/// The school year of the EF entered on `entry`, and the year of the Abitur.
fn ef_details<E: Explain>(a: &mut Assessment<E>, entry: Date, years: u32) {
    a.detail_with("ef_school_year", || {
        let mut sy = String::new();
        push_sy(&mut sy, SchoolYear::containing(entry));
        sy
    });
    a.detail_with("abitur_year", || {
        (entry.year() + i32::try_from(years).unwrap_or(3)).to_string()
    });
}

fn eligible<E: Explain>(a: &mut Assessment<E>, book: &RuleBook, entry: Date, years: u32) {
    a.effective = Some(entry);
    ef_details(a, entry, years);
    a.gains.mask = Abschluss::ABITUR.implied_mask();
    a.gains.months = years * 12;
    a.gains.school_years = years;
    let _ = book;
}

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    let l = match land(book, T, facts, as_of, true, "nrw.gost.berechtigung")? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let (berecht_id, vers_id) = match l {
        Land::RP => ("rlp.mss.eintritt", "rlp.mss.eintritt"),
        _ => ("nrw.gost.berechtigung", "nrw.gost.versetzung_gymnasium"),
    };
    let berecht = book.require(berecht_id, as_of)?;
    let years = book
        .table()
        .in_force("nrw.gost.dauer", as_of)
        .and_then(|i| years_value(book, i))
        .unwrap_or(3);
    let mut a = Assessment::new(T, Some(l), as_of);
    let entry = next_entry(as_of);
    let mask = held_mask(&facts.qualifications);
    if has_q(mask) {
        a.check(
            berecht,
            &["qualifications"],
            CheckResult::Satisfied,
            true,
            "holds the Berechtigung zum Besuch der gymnasialen Oberstufe",
        );
        eligible(&mut a, book, entry, years);
        return Ok(a.finish(
            Outcome::Eligible,
            "Mit der Berechtigung zum Besuch der gymnasialen Oberstufe ist der Eintritt in die Einführungsphase möglich",
            "With the entitlement to the gymnasiale Oberstufe the person can enter the Einführungsphase",
        ));
    }
    if l == Land::RP && super::mss_rlp::has_sheet(facts) {
        return super::mss_rlp::from_sheet(a, book, facts, as_of, entry, years);
    }
    if l == Land::NW {
        if let Some(o) = crate::rules::sek1::oberstufe_from_sheet(book, facts, as_of)? {
            return Ok(from_sheet(a, book, o, berecht, entry, years, as_of));
        }
    }
    if facts.schulform == Some(Schulform::Gymnasium) {
        let vers = book.require(vers_id, as_of)?;
        let tr = match l {
            Land::RP => Some((facts.gymnasium_track.unwrap_or(GymnasiumTrack::G9), None)),
            _ => track(book, facts, as_of),
        };
        let Some((tr, tr_rule)) = tr else {
            a.check(
                vers,
                &["schulform", "jahrgang", "gymnasium_track"],
                CheckResult::MissingFacts,
                true,
                "the last Sek-I class depends on G8 or G9",
            );
            if facts.jahrgang.is_none() {
                a.missing("jahrgang");
            }
            a.missing("gymnasium_track");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Am Gymnasium ist die Versetzung in die Einführungsphase die Berechtigung; dafür werden Klasse und Bildungsgang (G8/G9) benötigt",
                "At the Gymnasium the Versetzung into the Einführungsphase is the entitlement; the class and the course (G8/G9) are needed",
            ));
        };
        if let Some(idx) = tr_rule {
            a.check(
                idx,
                &["jahrgang"],
                CheckResult::Satisfied,
                true,
                match tr {
                    GymnasiumTrack::G8 => "the cohort follows G8",
                    GymnasiumTrack::G9 => "the cohort follows G9",
                },
            );
        }
        a.detail(
            "track",
            match tr {
                GymnasiumTrack::G8 => "g8",
                GymnasiumTrack::G9 => "g9",
            },
        );
        let last: u8 = if tr == GymnasiumTrack::G8 { 9 } else { 10 };
        a.detail_with("ef_class", || (last + 1).to_string());
        match facts.jahrgang {
            None => {
                a.check(
                    vers,
                    &["jahrgang"],
                    CheckResult::MissingFacts,
                    true,
                    "class needed",
                );
                a.missing("jahrgang");
                Ok(a.finish(
                    Outcome::Undetermined,
                    "Am Gymnasium ist die Versetzung in die Einführungsphase die Berechtigung; bitte die Klasse angeben",
                    "At the Gymnasium the Versetzung into the Einführungsphase is the entitlement; please state the class",
                ))
            }
            Some(Jahrgang::Klasse(n)) if n == last => match facts.promoted {
                Some(true) => {
                    a.check(
                        vers,
                        &["schulform", "jahrgang", "promoted"],
                        CheckResult::Satisfied,
                        true,
                        "promoted into the Einführungsphase",
                    );
                    eligible(&mut a, book, entry, years);
                    Ok(a.finish(
                        Outcome::Eligible,
                        "Mit der Versetzung am Ende der letzten Klasse der Sekundarstufe I beginnt die Einführungsphase",
                        "With the Versetzung at the end of the last Sek-I class the Einführungsphase begins",
                    ))
                }
                Some(false) => {
                    a.check(
                        vers,
                        &["schulform", "jahrgang", "promoted"],
                        CheckResult::NotSatisfied,
                        true,
                        "not promoted",
                    );
                    Ok(a.finish(
                        Outcome::NotEligible,
                        "Ohne Versetzung besteht keine Berechtigung zum Eintritt in die Einführungsphase",
                        "Without the Versetzung there is no entitlement to the Einführungsphase",
                    ))
                }
                None => {
                    a.check(
                        vers,
                        &["schulform", "jahrgang", "promoted"],
                        CheckResult::MissingFacts,
                        true,
                        "the Versetzung decides",
                    );
                    a.missing("promoted");
                    Ok(a.finish(
                        Outcome::Undetermined,
                        "Die Versetzung am Ende dieser Klasse entscheidet über den Eintritt in die Einführungsphase",
                        "The Versetzung at the end of this class decides entry into the Einführungsphase",
                    ))
                }
            },
            Some(Jahrgang::Klasse(n)) if n < last => {
                a.check(
                    vers,
                    &["schulform", "jahrgang"],
                    CheckResult::NotSatisfied,
                    true,
                    "the last Sek-I class is still ahead",
                );
                let start = SchoolYear::containing(as_of).start_year() + i32::from(last - n) + 1;
                a.effective = SchoolYear::starting(start).ok().map(SchoolYear::start);
                if let Some(e) = a.effective {
                    ef_details(&mut a, e, years);
                }
                Ok(a.finish(
                    Outcome::NotEligible,
                    "Die Einführungsphase folgt nach der Versetzung am Ende der letzten Klasse der Sekundarstufe I",
                    "The Einführungsphase follows the Versetzung at the end of the last Sek-I class",
                ))
            }
            Some(_) => {
                a.check(
                    vers,
                    &["jahrgang"],
                    CheckResult::NotApplicable,
                    true,
                    "already beyond Sek I",
                );
                Ok(a.finish(
                    Outcome::NotEligible,
                    "Die Person besucht bereits die Oberstufe",
                    "The person already attends the Oberstufe",
                ))
            }
        }
    } else if facts.qualifications.is_empty() {
        a.check(
            berecht,
            &["qualifications"],
            CheckResult::MissingFacts,
            true,
            "the qualification held decides",
        );
        a.missing("qualifications");
        Ok(a.finish(
            Outcome::Undetermined,
            "Für den Eintritt in die gymnasiale Oberstufe wird die Berechtigung (Qualifikationsvermerk) benötigt; bitte die Abschlüsse angeben",
            "Entry into the gymnasiale Oberstufe needs the entitlement (Qualifikationsvermerk); please state the qualifications held",
        ))
    } else {
        a.check(
            berecht,
            &["qualifications"],
            CheckResult::NotSatisfied,
            true,
            "no Qualifikationsvermerk",
        );
        Ok(a.finish(
            Outcome::NotEligible,
            "Für den Eintritt in die gymnasiale Oberstufe fehlt die Berechtigung (Qualifikationsvermerk); möglich sind z. B. Bildungsgänge des Berufskollegs",
            "Entry into the gymnasiale Oberstufe needs the entitlement (Qualifikationsvermerk), which is not held; Berufskolleg programmes are possible",
        ))
    }
}

/// `oberstufe_entry` decided from a grade sheet (`sek1.grade_sheet`): the Berechtigung zum Besuch
/// der gymnasialen Oberstufe of § 43 APO-S I (at a G8 Gymnasium the Versetzung at the end of
/// class 9) computed from the grades, with the Nachprüfung subjects that could still earn it.
fn from_sheet<E: Explain>(
    mut a: Assessment<E>,
    book: &RuleBook,
    o: crate::rules::sek1::OberstufeFromSheet,
    berecht: u16,
    entry: Date,
    years: u32,
    as_of: Date,
) -> Assessment<E> {
    use crate::rules::sek1::Status;
    let idx = o.row.unwrap_or(berecht);
    const F: &[&str] = &["sek1.grade_sheet"];
    match o.status {
        Status::Earned => {
            a.check(
                idx,
                F,
                CheckResult::Satisfied,
                true,
                "the grade sheet earns the Berechtigung",
            );
            eligible(&mut a, book, entry, years);
            a.finish(
                Outcome::Eligible,
                "Mit diesen Noten wird die Berechtigung zum Besuch der gymnasialen Oberstufe erworben; die Einführungsphase beginnt im nächsten Schuljahr",
                "These grades earn the entitlement to the gymnasiale Oberstufe; the Einführungsphase begins next school year",
            )
        }
        Status::NotEarned => {
            a.check(
                idx,
                F,
                CheckResult::NotSatisfied,
                true,
                "the grade sheet does not earn the Berechtigung",
            );
            let np = o.nachpruefung;
            if np.is_empty() {
                a.finish(
                    Outcome::NotEligible,
                    "Mit diesen Noten wird die Berechtigung zum Besuch der gymnasialen Oberstufe nicht erworben",
                    "These grades do not earn the entitlement to the gymnasiale Oberstufe",
                )
            } else {
                a.detail_with("nachpruefung", || np.join(","));
                a.finish(
                    Outcome::NotEligible,
                    "Mit diesen Noten wird die Berechtigung zum Besuch der gymnasialen Oberstufe nicht erworben; eine Nachprüfung in einem der genannten Fächer (Detail nachpruefung) könnte sie noch ermöglichen",
                    "These grades do not earn the entitlement to the gymnasiale Oberstufe; a Nachprüfung in one of the subjects listed (detail nachpruefung) could still earn it",
                )
            }
        }
        Status::Undetermined => {
            a.check(
                idx,
                F,
                CheckResult::MissingFacts,
                true,
                "a grade or fact the rule needs is missing",
            );
            a.missing("sek1.grade_sheet");
            a.finish(
                Outcome::Undetermined,
                "Für die Entscheidung fehlen Angaben auf dem Zeugnis (z. B. G8/G9 oder die Sprachenfolge)",
                "The grade sheet lacks facts the decision needs (e.g. G8/G9 or the order of foreign languages)",
            )
        }
        Status::NotApplicable => {
            a.check(
                idx,
                &["sek1.grade_sheet.jahrgang"],
                CheckResult::NotApplicable,
                true,
                "the Berechtigung is decided on the sheet of the last Sek-I class",
            );
            if o.jahrgang < o.last_class {
                let start = SchoolYear::containing(as_of).start_year()
                    + i32::from(o.last_class - o.jahrgang)
                    + 1;
                a.effective = SchoolYear::starting(start).ok().map(SchoolYear::start);
            }
            a.finish(
                Outcome::NotEligible,
                "Über die Berechtigung zum Besuch der gymnasialen Oberstufe entscheidet das Zeugnis der letzten Klasse der Sekundarstufe I",
                "The entitlement to the gymnasiale Oberstufe is decided on the report of the last Sek-I class",
            )
        }
    }
}
