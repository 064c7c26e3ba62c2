//! Rheinland-Pfalz: `oberstufe_entry` (the Mainzer Studienstufe, MSS) decided from a grade sheet
//! of the Realschule plus, the Integrierte Gesamtschule or the Gymnasium (§ 30 ÜSchO; see
//! [`crate::rules::sek1::rlp`]).

use super::codes::Abschluss;
use super::{Assessment, Explain};
use crate::calendar::{Date, SchoolYear};
use crate::rules::decision::push_sy;
use crate::rules::sek1::Status;
use crate::rules::{CheckResult, LearnerFacts, Outcome, RuleBook, RuleError};

/// Whether the facts carry a grade sheet to decide from.
pub(crate) fn has_sheet(facts: &LearnerFacts) -> bool {
    facts
        .sek1
        .as_deref()
        .is_some_and(|s| s.grade_sheet.is_some())
}

pub(crate) fn from_sheet<E: Explain>(
    mut a: Assessment<E>,
    book: &RuleBook,
    facts: &LearnerFacts,
    as_of: Date,
    entry: Date,
    years: u32,
) -> Result<Assessment<E>, RuleError> {
    let Some(sheet) = facts.sek1.as_deref().and_then(|s| s.grade_sheet.as_ref()) else {
        return Err(RuleError::UnknownTransition);
    };
    let m = crate::rules::sek1::rlp::mss_from_sheet(sheet, facts)?;
    let idx = book.require(m.rule, as_of)?;
    const F: &[&str] = &["sek1.grade_sheet"];
    Ok(match m.status {
        Status::Earned => {
            a.check(
                idx,
                F,
                CheckResult::Satisfied,
                true,
                "the grade sheet earns the Berechtigung zum Übergang in die gymnasiale Oberstufe",
            );
            a.effective = Some(entry);
            a.detail_with("mss_school_year", || {
                let mut sy = String::new();
                push_sy(&mut sy, SchoolYear::containing(entry));
                sy
            });
            a.detail_with("abitur_year", || {
                (entry.year() + i32::try_from(years).unwrap_or(3)).to_string()
            });
            a.gains.mask = Abschluss::ABITUR.implied_mask();
            a.gains.months = years * 12;
            a.gains.school_years = years;
            a.finish(
                Outcome::Eligible,
                "Mit diesen Noten werden der qualifizierte Sekundarabschluss I und die Berechtigung zum Übergang in die gymnasiale Oberstufe erworben; die Mainzer Studienstufe (MSS) beginnt im nächsten Schuljahr",
                "These grades earn the qualifizierter Sekundarabschluss I with the entitlement to the gymnasiale Oberstufe; the Mainzer Studienstufe (MSS) begins next school year",
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
            a.finish(
                Outcome::NotEligible,
                "Mit diesen Noten wird die Berechtigung zum Übergang in die gymnasiale Oberstufe nicht erteilt; eine Prüfung kann abgelegt werden (§ 30 Abs. 4 ÜSchO), möglich sind auch Fachoberschule, berufliches Gymnasium oder höhere Berufsfachschule",
                "These grades do not earn the entitlement to the gymnasiale Oberstufe; an examination can be taken (§ 30 Abs. 4 ÜSchO), and the Fachoberschule, berufliches Gymnasium or höhere Berufsfachschule are possible",
            )
        }
        Status::Undetermined => {
            a.check(
                idx,
                F,
                CheckResult::MissingFacts,
                true,
                "a fact the rule needs is missing",
            );
            a.missing(m.missing.unwrap_or("sek1.grade_sheet"));
            a.finish(
                Outcome::Undetermined,
                "Für die Berechtigung fehlt eine Angabe (an der Integrierten Gesamtschule die Kursebenen E1/E2, am Gymnasium die Versetzung)",
                "A fact is missing for the entitlement (at the Integrierte Gesamtschule the course levels E1/E2, at the Gymnasium the Versetzung)",
            )
        }
        Status::NotApplicable => {
            a.check(
                idx,
                &["sek1.grade_sheet.jahrgang"],
                CheckResult::NotApplicable,
                true,
                "the Berechtigung is decided on the report of the last Sek-I class",
            );
            if m.jahrgang < m.last_class {
                let start = SchoolYear::containing(as_of).start_year()
                    + i32::from(m.last_class - m.jahrgang)
                    + 1;
                a.effective = SchoolYear::starting(start).ok().map(SchoolYear::start);
            }
            a.finish(
                Outcome::NotEligible,
                "Über die Berechtigung zum Übergang in die gymnasiale Oberstufe entscheidet das Zeugnis der Klassenstufe 10 (am achtjährigen Gymnasium: 9)",
                "The entitlement to the gymnasiale Oberstufe is decided on the report of class 10 (class 9 at an eight-year Gymnasium)",
            )
        }
    })
}
