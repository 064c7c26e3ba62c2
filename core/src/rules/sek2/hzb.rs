//! Hochschulzugang: school qualifications (§ 49 HG NRW; § 65 Abs. 1 HochSchG RLP), the
//! practical part of the FHR, and the beruflich Qualifizierte (NRW BBHZVO §§ 2–4; RLP § 65
//! Abs. 2 HochSchG with the LVO of 09.12.2010), with the scope of access as `details.scope`.

use super::codes::{Abschluss, has, held_mask};
use super::{Assessment, Explain, LandOr, land, range_value, years_value};
use crate::calendar::Date;
use crate::rules::{CheckResult, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition};

const ALL: &str = "all_programmes";
const NAMED: &str = "named_fields";
const RELATED: &str = "related_to_training";
const EXAM: &str = "entrance_exam_or_trial_study";

fn ok<E: Explain>(
    mut a: Assessment<E>,
    scope: &'static str,
    de: &'static str,
    en: &'static str,
) -> Assessment<E> {
    a.detail("scope", scope);
    a.effective = Some(a.as_of);
    a.finish(Outcome::Eligible, de, en)
}

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    let l = match land(book, t, facts, as_of, true, "nrw.hzb.schulisch")? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let uni = t == Transition::StudiumUniversitaet;
    let sch = book.require(
        if l == Land::RP {
            "rlp.hzb.schulisch"
        } else {
            "nrw.hzb.schulisch"
        },
        as_of,
    )?;
    let mut a = Assessment::new(t, Some(l), as_of);
    let mask = held_mask(&facts.qualifications);
    const Q: &[&str] = &["qualifications"];
    if has(mask, Abschluss::ABITUR) {
        a.check(
            sch,
            Q,
            CheckResult::Satisfied,
            true,
            "Allgemeine Hochschulreife",
        );
        return Ok(ok(
            a,
            ALL,
            "Die Allgemeine Hochschulreife berechtigt zu jedem Studiengang",
            "The Allgemeine Hochschulreife gives access to every programme",
        ));
    }
    if has(mask, Abschluss::FGHR) {
        a.check(
            sch,
            Q,
            CheckResult::Satisfied,
            true,
            "fachgebundene Hochschulreife",
        );
        return Ok(if uni {
            ok(
                a,
                NAMED,
                "Die fachgebundene Hochschulreife berechtigt zu den im Zeugnis genannten Studiengängen",
                "The fachgebundene Hochschulreife gives access to the programmes named in the certificate",
            )
        } else {
            ok(
                a,
                ALL,
                "Die fachgebundene Hochschulreife berechtigt zum Studium an Fachhochschulen",
                "The fachgebundene Hochschulreife gives access to Fachhochschulen",
            )
        });
    }
    if !uni && has(mask, Abschluss::FHR) {
        a.check(sch, Q, CheckResult::Satisfied, true, "Fachhochschulreife");
        return Ok(ok(
            a,
            ALL,
            "Die Fachhochschulreife berechtigt zum Studium an Fachhochschulen",
            "The Fachhochschulreife gives access to Fachhochschulen",
        ));
    }
    if !uni && l == Land::NW && has(mask, Abschluss::FHR_S) {
        let praxis = book.require("nrw.hzb.fhr_praxis", as_of)?;
        let months = years_value(book, praxis).unwrap_or(1) * 12;
        let intern = facts.internship_months.map(|m| m >= months);
        let training = facts.vocational_training_completed;
        let work = facts.work_experience_years.map(|w| w >= 2);
        let fu: &'static [&'static str] = &[
            "qualifications",
            "internship_months",
            "vocational_training_completed",
            "work_experience_years",
        ];
        if intern == Some(true) || training == Some(true) || work == Some(true) {
            a.check(
                praxis,
                fu,
                CheckResult::Satisfied,
                true,
                "school part and practical part",
            );
            return Ok(ok(
                a,
                ALL,
                "Schulischer und praktischer Teil ergeben die Fachhochschulreife; sie berechtigt zum Studium an Fachhochschulen",
                "School and practical part make up the Fachhochschulreife, which gives access to Fachhochschulen",
            ));
        }
        if intern.is_none() && training.is_none() && work.is_none() {
            a.check(
                praxis,
                fu,
                CheckResult::MissingFacts,
                true,
                "the practical part is needed",
            );
            a.missing("internship_months");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Zum schulischen Teil der Fachhochschulreife gehört ein praktischer Teil (Praktikum, Berufsausbildung oder Berufstätigkeit); bitte angeben",
                "The school part of the Fachhochschulreife needs a practical part (internship, vocational training or work); please state it",
            ));
        }
        a.check(
            praxis,
            fu,
            CheckResult::NotSatisfied,
            true,
            "the practical part is missing",
        );
        a.detail("missing", "practical_part");
        return Ok(a.finish(
            Outcome::NotEligible,
            "Es fehlt der praktische Teil der Fachhochschulreife (z. B. ein einjähriges gelenktes Praktikum)",
            "The practical part of the Fachhochschulreife is missing (e.g. a one-year guided internship)",
        ));
    }
    let beruf = match l {
        Land::RP => rlp_beruflich(book, &mut a, uni, facts, as_of)?,
        _ => nrw_beruflich(book, &mut a, facts, as_of)?,
    };
    if let Some((outcome, scope, de, en)) = beruf {
        if let Some(s) = scope {
            a.detail("scope", s);
        }
        if matches!(outcome, Outcome::Eligible | Outcome::Discretionary) {
            a.effective = Some(as_of);
        }
        return Ok(a.finish(outcome, de, en));
    }
    if facts.qualifications.is_empty()
        && facts.vocational_training_completed.is_none()
        && facts.advanced_vocational_qualification.is_none()
    {
        a.check(
            sch,
            Q,
            CheckResult::MissingFacts,
            true,
            "the qualifications held decide",
        );
        a.missing("qualifications");
        return Ok(a.finish(
            Outcome::Undetermined,
            "Der Hochschulzugang hängt von den Abschlüssen ab (Hochschulreife, Fachhochschulreife oder berufliche Qualifikation); bitte angeben",
            "Access to higher education depends on the qualifications held (Hochschulreife, Fachhochschulreife or vocational qualification); please state them",
        ));
    }
    a.check(
        sch,
        Q,
        CheckResult::NotSatisfied,
        true,
        "no Hochschulzugangsberechtigung",
    );
    Ok(a.finish(
        Outcome::NotEligible,
        "Eine Hochschulzugangsberechtigung liegt nicht vor",
        "There is no entitlement to higher education",
    ))
}

type Beruf = Option<(Outcome, Option<&'static str>, &'static str, &'static str)>;

fn nrw_beruflich<E: Explain>(
    book: &RuleBook,
    a: &mut Assessment<E>,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Beruf, RuleError> {
    let Some(aufstieg) = book.table().in_force("nrw.bbhzvo.aufstieg", as_of) else {
        return Ok(None);
    };
    if facts.advanced_vocational_qualification == Some(true) {
        a.check(
            aufstieg,
            &["advanced_vocational_qualification"],
            CheckResult::Satisfied,
            true,
            "Aufstiegsfortbildung",
        );
        return Ok(Some((
            Outcome::Eligible,
            Some(ALL),
            "Eine berufliche Aufstiegsfortbildung (z. B. Meister, Techniker) berechtigt zu jedem Studiengang",
            "An Aufstiegsfortbildung (e.g. Meister, Techniker) gives access to every programme",
        )));
    }
    if facts.vocational_training_completed != Some(true) {
        return Ok(None);
    }
    let dauer = book.require("nrw.bbhzvo.ausbildungsdauer", as_of)?;
    let min_len = years_value(book, dauer).unwrap_or(2);
    let fach = book.require("nrw.bbhzvo.fachgebunden", as_of)?;
    let pruef = book.require("nrw.bbhzvo.zugangspruefung", as_of)?;
    let work_needed = years_value(book, fach).unwrap_or(3);
    const FU: &[&str] = &[
        "vocational_training_completed",
        "vocational_training_years",
        "work_experience_years",
        "study_related_to_training",
    ];
    match facts.vocational_training_years {
        Some(y) if y < min_len => {
            a.check(
                dauer,
                &["vocational_training_years"],
                CheckResult::NotSatisfied,
                true,
                "training shorter than two years",
            );
            return Ok(Some((
                Outcome::NotEligible,
                None,
                "Der Hochschulzugang für beruflich Qualifizierte setzt eine mindestens zweijährige Berufsausbildung voraus",
                "Access for vocationally qualified people needs a vocational training of at least two years",
            )));
        }
        None => {
            a.check(
                dauer,
                &["vocational_training_years"],
                CheckResult::MissingFacts,
                true,
                "length of the training needed",
            );
            a.missing("vocational_training_years");
            return Ok(Some((
                Outcome::Undetermined,
                None,
                "Für den Hochschulzugang beruflich Qualifizierter wird die Dauer der Berufsausbildung benötigt",
                "The length of the vocational training is needed",
            )));
        }
        Some(_) => {}
    }
    let Some(work) = facts.work_experience_years else {
        a.check(
            fach,
            FU,
            CheckResult::MissingFacts,
            true,
            "years of work needed",
        );
        a.missing("work_experience_years");
        return Ok(Some((
            Outcome::Undetermined,
            None,
            "Für den Hochschulzugang beruflich Qualifizierter werden die Jahre der Berufstätigkeit benötigt",
            "The years of work are needed",
        )));
    };
    let related = facts.study_related_to_training != Some(false);
    // Aufstiegsstipendium: two years of work suffice (§ 3 Abs. 1 Nr. 2 Satz 2, § 4 Abs. 1 Nr. 2
    // Satz 3 of the 2016 text).
    let stipend = match facts.aufstiegsstipendium {
        Some(true) => book
            .table()
            .in_force("nrw.bbhzvo.aufstiegsstipendium", as_of),
        _ => None,
    };
    let stipend_years = stipend.and_then(|i| years_value(book, i));
    let fach_needed = stipend_years.map_or(work_needed, |y| y.min(work_needed));
    // § 3: training and work in the field of the training and the study; family and care
    // periods do not count here.
    if related && work >= fach_needed {
        if let (Some(i), true) = (stipend, work < work_needed) {
            a.check(
                i,
                &["aufstiegsstipendium"],
                CheckResult::Satisfied,
                false,
                "Aufstiegsstipendium: two years of work suffice",
            );
        }
        a.check(
            fach,
            FU,
            CheckResult::Satisfied,
            true,
            "training and work in the field: subject-bound access",
        );
        return Ok(Some((
            Outcome::Eligible,
            Some(RELATED),
            "Berufsausbildung und fachlich entsprechende Berufstätigkeit (drei Jahre, mit Aufstiegsstipendium zwei) berechtigen zu einem fachlich entsprechenden Studiengang",
            "Vocational training and corresponding work (three years, two with an Aufstiegsstipendium) give access to a corresponding programme",
        )));
    }
    // § 4: any work after the training (the Aufstiegsstipendium: two years suffice), family
    // and care periods equal to work (§ 4 Abs. 3).
    let exam_needed = stipend_years
        .or_else(|| years_value(book, pruef))
        .unwrap_or(3);
    let family_rule = book.table().in_force("nrw.bbhzvo.familienzeiten", as_of);
    let family = family_rule.map_or(0, |_| facts.family_care_years.unwrap_or(0));
    let total = work.saturating_add(family);
    const FU4: &[&str] = &[
        "vocational_training_completed",
        "vocational_training_years",
        "work_experience_years",
        "family_care_years",
        "aufstiegsstipendium",
    ];
    if total >= exam_needed {
        if related {
            a.check(
                fach,
                FU,
                CheckResult::NotSatisfied,
                false,
                "fewer than three years of work in the field",
            );
        } else {
            a.check(
                fach,
                FU,
                CheckResult::NotSatisfied,
                false,
                "study not related to the training",
            );
        }
        if let (Some(i), true) = (family_rule, work < exam_needed) {
            a.check(
                i,
                &["family_care_years"],
                CheckResult::Satisfied,
                false,
                "family and care periods count as work",
            );
        }
        if let (Some(i), true) = (stipend, total < years_value(book, pruef).unwrap_or(3)) {
            a.check(
                i,
                &["aufstiegsstipendium"],
                CheckResult::Satisfied,
                false,
                "Aufstiegsstipendium: two years of work suffice",
            );
        }
        a.check(
            pruef,
            FU4,
            CheckResult::Discretionary,
            true,
            "Zugangsprüfung, or Probestudium without admission restriction",
        );
        return Ok(Some((
            Outcome::Discretionary,
            Some(EXAM),
            if related {
                "Ohne drei Jahre fachlich entsprechender Berufstätigkeit ist eine Zugangsprüfung oder (ohne Zulassungsbeschränkung) ein Probestudium möglich; die Hochschule entscheidet"
            } else {
                "Für ein fachfremdes Studium ist eine Zugangsprüfung oder (ohne Zulassungsbeschränkung) ein Probestudium möglich; die Hochschule entscheidet"
            },
            if related {
                "Without three years of work in the field, an entrance examination or (without admission restriction) a trial study is possible; the Hochschule decides"
            } else {
                "For an unrelated programme an entrance examination or (without admission restriction) a trial study is possible; the Hochschule decides"
            },
        )));
    }
    if related {
        a.check(
            fach,
            FU,
            CheckResult::NotSatisfied,
            true,
            "fewer than three years of work",
        );
        a.check(
            pruef,
            FU4,
            CheckResult::NotSatisfied,
            false,
            "too few years of work (and family or care periods) for the Zugangsprüfung",
        );
    } else {
        a.check(
            pruef,
            FU4,
            CheckResult::NotSatisfied,
            true,
            "too few years of work (and family or care periods) for the Zugangsprüfung",
        );
    }
    a.detail_with("work_years_needed", || work_needed.to_string());
    Ok(Some((
        Outcome::NotEligible,
        None,
        "Nach der Berufsausbildung sind mindestens drei Jahre Berufstätigkeit erforderlich (für die Zugangsprüfung zählen Familien- und Pflegezeiten mit)",
        "At least three years of work after the vocational training are required (family and care periods count for the entrance examination)",
    )))
}

fn rlp_beruflich<E: Explain>(
    book: &RuleBook,
    a: &mut Assessment<E>,
    uni: bool,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Beruf, RuleError> {
    let Some(meister) = book.table().in_force("rlp.hzb.meister", as_of) else {
        return Ok(None);
    };
    if facts.advanced_vocational_qualification == Some(true) {
        a.check(
            meister,
            &["advanced_vocational_qualification"],
            CheckResult::Satisfied,
            true,
            "Meister or comparable",
        );
        return Ok(Some((
            Outcome::Eligible,
            Some(ALL),
            "Eine Meisterprüfung oder vergleichbare Fortbildung berechtigt zum Studium an Hochschulen und Universitäten",
            "A Meisterprüfung or comparable qualification gives access to all Hochschulen",
        )));
    }
    if facts.vocational_training_completed != Some(true) {
        return Ok(None);
    }
    let idx = book.require("rlp.hzb.berufsausbildung", as_of)?;
    let max = range_value(book, idx).map_or(250, |(_, m)| m);
    const FU: &[&str] = &["vocational_training_completed", "vocational_training_grade"];
    let Some(grade) = facts.vocational_training_grade else {
        a.check(idx, FU, CheckResult::MissingFacts, true, "grade needed");
        a.missing("vocational_training_grade");
        return Ok(Some((
            Outcome::Undetermined,
            None,
            "Der Zugang hängt von der Gesamtnote der Berufsausbildung ab (mindestens 2,5); bitte angeben",
            "Access depends on the overall grade of the training (2.5 or better); please state it",
        )));
    };
    if u32::from(grade.hundredths()) > max {
        a.check(
            idx,
            FU,
            CheckResult::NotSatisfied,
            true,
            "grade worse than 2.5",
        );
        return Ok(Some((
            Outcome::NotEligible,
            None,
            "Die Berufsausbildung wurde nicht mit qualifiziertem Ergebnis (Note 2,5 oder besser) abgeschlossen",
            "The training was not completed with a qualified result (2.5 or better)",
        )));
    }
    if let Some(exp) = book.table().in_force("rlp.hzb.berufserfahrung", as_of) {
        let need = years_value(book, exp).unwrap_or(2);
        match facts.work_experience_years {
            Some(w) if w >= need => a.check(
                exp,
                &["work_experience_years"],
                CheckResult::Satisfied,
                false,
                "two years of work",
            ),
            Some(_) => {
                a.check(
                    exp,
                    &["work_experience_years"],
                    CheckResult::NotSatisfied,
                    true,
                    "fewer than two years of work",
                );
                return Ok(Some((
                    Outcome::NotEligible,
                    None,
                    "Bis 2020 waren nach der Ausbildung zwei Jahre Berufstätigkeit erforderlich",
                    "Until 2020 two years of work after the training were required",
                )));
            }
            None => {
                a.check(
                    exp,
                    &["work_experience_years"],
                    CheckResult::MissingFacts,
                    true,
                    "years of work needed",
                );
                a.missing("work_experience_years");
                return Ok(Some((
                    Outcome::Undetermined,
                    None,
                    "Bis 2020 waren nach der Ausbildung zwei Jahre Berufstätigkeit erforderlich; bitte angeben",
                    "Until 2020 two years of work were required; please state them",
                )));
            }
        }
    }
    if !uni {
        a.check(idx, FU, CheckResult::Satisfied, true, "qualified result");
        return Ok(Some((
            Outcome::Eligible,
            Some(ALL),
            "Eine Berufsausbildung mit qualifiziertem Ergebnis berechtigt unmittelbar zum Studium an Hochschulen für angewandte Wissenschaften",
            "A vocational training with a qualified result gives direct access to universities of applied sciences",
        )));
    }
    if facts.study_related_to_training == Some(false) {
        a.check(
            idx,
            &["study_related_to_training"],
            CheckResult::NotSatisfied,
            true,
            "university access is subject-bound",
        );
        return Ok(Some((
            Outcome::NotEligible,
            None,
            "An Universitäten ist der Zugang fachgebunden; der Studiengang entspricht nicht der Ausbildung",
            "University access is subject-bound; the programme does not correspond to the training",
        )));
    }
    a.check(idx, FU, CheckResult::Satisfied, true, "qualified result");
    Ok(Some((
        Outcome::Eligible,
        Some(RELATED),
        "Eine Berufsausbildung mit qualifiziertem Ergebnis berechtigt unmittelbar zu fachlich entsprechenden Studiengängen an Universitäten",
        "A vocational training with a qualified result gives direct access to corresponding university programmes",
    )))
}
