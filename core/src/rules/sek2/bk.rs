//! Berufskolleg NRW: every Bildungsgang of APO-BK Anlagen A–E in the SVWS catalogue
//! (`Schulgliederung.json`), with its entry requirement and the qualifications it leads to.
//!
//! The table below is data: one row per catalogue code with the rule (APO-BK Anlage and
//! paragraph, dated in `params/sek2_nrw.json`) whose citation explains it. Validity years are
//! the catalogue's `gueltigVon`/`gueltigBis` read as the first and last school year
//! (`2016` = 2016/17). Requirements marked `[U]` in the rule's source note were inferred.

use serde::Serialize;
use smallvec::{SmallVec, smallvec};

use super::codes::{Abschluss, Jahrgang, has, has_q, held_mask};
use super::{Assessment, Explain, LandOr, join, land};
use crate::calendar::{Date, SchoolYear};
use crate::rules::law::RuleTable;
use crate::rules::stage::{BerufskollegAnlage, Schulform};
use crate::rules::{
    CheckResult, GymnasiumTrack, Land, LearnerFacts, Outcome, RuleBook, RuleError, Transition,
};

/// What a Bildungsgang requires for admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Entry {
    /// No school-leaving qualification required.
    None,
    /// A training contract (Fachklassen of the dual system).
    Contract,
    /// A training contract and a qualification.
    ContractAndQualification {
        /// The lowest qualification admitted.
        min: Abschluss,
    },
    /// A school-leaving qualification (or any that includes it).
    Qualification {
        /// The lowest qualification admitted.
        min: Abschluss,
    },
    /// A school-leaving qualification, or the Berechtigung zum Besuch der gymnasialen
    /// Oberstufe earned after class 9 of the Gymnasium (G8; code `HA9_Q`).
    QualificationOrG8 {
        /// The lowest qualification admitted.
        min: Abschluss,
    },
    /// Klasse 10 of the Berufsfachschule (B2, APO-BK Anlage B § 2 Nr. 2): the EESA or the G8
    /// Berechtigung after class 9 (B1 graduates hold the EESA); holders of the MSA only by
    /// exception on application to the obere Schulaufsichtsbehörde; no second B2.
    Berufsfachschule10,
    /// Ausbildungsvorbereitung (APO-BK Anlage A): the Vollzeitschulpflicht completed and no
    /// training contract; no school qualification required.
    Ausbildungsvorbereitung,
    /// A qualification and either a completed vocational training or years of (relevant) work
    /// (Fachoberschule 12B and 13).
    QualificationAndTrainingOrWork {
        /// The lowest qualification admitted.
        min: Abschluss,
        /// Whether the G8 Berechtigung after class 9 (`HA9_Q`) is admitted in its place.
        g8: bool,
        /// Years of work admitted in place of the training.
        years: u32,
    },
    /// The Berechtigung zum Besuch der gymnasialen Oberstufe (any Q-Vermerk).
    QVermerk,
    /// A qualification and a completed vocational training.
    QualificationAndTraining {
        /// The lowest qualification admitted.
        min: Abschluss,
    },
    /// A completed vocational training and years of work.
    TrainingAndPractice {
        /// Years of work required.
        years: u32,
    },
}

/// A Berufskolleg Bildungsgang (one row of the table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bildungsgang {
    /// SVWS `Schulgliederung` key, e.g. `B06`.
    pub code: &'static str,
    /// The APO-BK Anlage.
    pub anlage: BerufskollegAnlage,
    /// The catalogue's name.
    pub name_de: &'static str,
    /// The rule (APO-BK paragraph) that governs it.
    pub rule_id: &'static str,
    /// Entry requirement.
    pub entry: Entry,
    /// Qualifications regularly awarded on completion.
    pub awards: &'static [Abschluss],
    /// Qualifications that can be awarded with further conditions (grades, extra tuition).
    pub also_possible: &'static [Abschluss],
    /// Regular length in years of the vocational qualification awarded (0 = none).
    pub vocational_years: u32,
    /// Awards a Fachschulabschluss (an Aufstiegsfortbildung).
    pub aufstieg: bool,
    /// Regular duration in months.
    pub months: u32,
    /// Full-time (Vollzeit) or part-time (Teilzeit).
    pub full_time: bool,
    /// First school year offered (start year), if limited.
    pub from_year: Option<i32>,
    /// Last school year offered (start year), if discontinued.
    pub until_year: Option<i32>,
    /// Whether pathway routes consider it (full-time programmes that need no contract).
    pub in_routes: bool,
}

impl Bildungsgang {
    /// Whether it is offered in the school year starting in `year`.
    pub fn offered_in(&self, year: i32) -> bool {
        self.from_year.is_none_or(|f| year >= f) && self.until_year.is_none_or(|u| year <= u)
    }

    /// The table row for a code.
    ///
    /// ```
    /// use bildungsnetz::rules::{Abschluss, Bildungsgang};
    /// let b2 = Bildungsgang::find("B07").expect("in the table");
    /// assert_eq!(b2.awards, &[Abschluss::MSA]);
    /// assert_eq!(Bildungsgang::all().len(), 62);
    /// ```
    pub fn find(code: &str) -> Option<&'static Bildungsgang> {
        TABLE.iter().find(|b| b.code.eq_ignore_ascii_case(code))
    }

    /// Every row, in catalogue order.
    pub fn all() -> &'static [Bildungsgang] {
        TABLE
    }
}

use Abschluss as Q;
use BerufskollegAnlage::{A, B, C, D, E};

#[allow(clippy::too_many_arguments)]
const fn row(
    code: &'static str,
    anlage: BerufskollegAnlage,
    name_de: &'static str,
    rule_id: &'static str,
    entry: Entry,
    awards: &'static [Abschluss],
    also_possible: &'static [Abschluss],
    vocational_years: u32,
    months: u32,
    full_time: bool,
    from_year: Option<i32>,
    until_year: Option<i32>,
    in_routes: bool,
) -> Bildungsgang {
    Bildungsgang {
        code,
        anlage,
        name_de,
        rule_id,
        entry,
        awards,
        also_possible,
        vocational_years,
        aufstieg: false,
        months,
        full_time,
        from_year,
        until_year,
        in_routes,
    }
}

const fn fs(mut b: Bildungsgang) -> Bildungsgang {
    b.aufstieg = true;
    b
}

const AFK: &str = "nrw.apobk.anlage_a.fachklassen";
const AAV: &str = "nrw.apobk.anlage_a.ausbildungsvorbereitung";
const ABA: &str = "nrw.apobk.anlage_a.berufsabschluss";
const AFO: &str = "nrw.apobk.anlage_a.foerderung";
const AHI: &str = "nrw.apobk.anlage_a.historisch";
const BB1: &str = "nrw.apobk.anlage_b.b1";
const BB2: &str = "nrw.apobk.anlage_b.b2";
const BBA: &str = "nrw.apobk.anlage_b.berufsabschluss";
const BHI: &str = "nrw.apobk.anlage_b.historisch";
const CBF: &str = "nrw.apobk.anlage_c.berufsabschluss_fhr";
const CHZ: &str = "nrw.apobk.anlage_c.hzb_berufsabschluss";
const CHB: &str = "nrw.apobk.anlage_c.hoehere_bfs";
const CF11: &str = "nrw.apobk.anlage_c.fos11";
const CF12S: &str = "nrw.apobk.anlage_c.fos12s";
const CF12B: &str = "nrw.apobk.anlage_c.fos12b";
const CHI: &str = "nrw.apobk.anlage_c.historisch";
const DBG: &str = "nrw.apobk.anlage_d.berufliches_gymnasium";
const DF13: &str = "nrw.apobk.anlage_d.fos13";
const DHI: &str = "nrw.apobk.anlage_d.historisch";
const EFS: &str = "nrw.apobk.anlage_e.fachschule";
const ESW: &str = "nrw.apobk.anlage_e.sozialwesen";
const EHI: &str = "nrw.apobk.anlage_e.historisch";

const fn q(min: Abschluss) -> Entry {
    Entry::Qualification { min }
}
const fn qt(min: Abschluss) -> Entry {
    Entry::QualificationAndTraining { min }
}
const fn qg8(min: Abschluss) -> Entry {
    Entry::QualificationOrG8 { min }
}
const TP1: Entry = Entry::TrainingAndPractice { years: 1 };
/// Fachoberschule 12B: MSA (or the G8 Berechtigung) and a training or four years of work.
const FOS12B: Entry = Entry::QualificationAndTrainingOrWork {
    min: Q::MSA,
    g8: true,
    years: 4,
};
/// Fachoberschule 13: the FHR and, as in 12B, a training or four years of work.
const FOS13: Entry = Entry::QualificationAndTrainingOrWork {
    min: Q::FHR,
    g8: false,
    years: 4,
};

#[rustfmt::skip]
static TABLE: &[Bildungsgang] = &[
    row("A01", A, "Fachklassen (BS; TZ)", AFK, Entry::Contract, &[Q::HA10], &[Q::MSA, Q::MSA_Q], 0, 36, false, None, None, false),
    row("A02", A, "Fachklassen/Fachhochschulreife (BS/FHR; TZ)", AFK, Entry::ContractAndQualification { min: Q::MSA }, &[Q::HA10], &[Q::FHR], 0, 36, false, None, None, false),
    row("A03", A, "Fachklassen/erweiterte Zusatzqualifikation (BS/ZQ; TZ)", AFK, Entry::Contract, &[Q::HA10], &[Q::MSA, Q::MSA_Q], 0, 36, false, None, None, false),
    row("A04", A, "Fachklassen mit erweitertem Stützunterricht (BS/Stütz; TZ)", AFK, Entry::Contract, &[Q::HA10], &[Q::MSA, Q::MSA_Q], 0, 36, false, None, None, false),
    row("A05", A, "Berufsorientierungsjahr (BV; VZ)", AHI, Entry::None, &[], &[Q::HA9A], 0, 12, true, None, Some(2015), false),
    row("A06", A, "Berufsgrundschuljahr (BG; VZ)", AHI, Entry::None, &[], &[Q::HA10, Q::MSA], 0, 12, true, None, Some(2015), false),
    row("A07", A, "Klassen für Schüler/innen ohne Ausbildungsverhältnis bzw. Werkstattjahr (BS 1j; TZ)", AHI, Entry::None, &[], &[Q::HA9A], 0, 12, false, None, Some(2015), false),
    row("A08", A, "Vorpraktikum (VP)", AHI, Entry::None, &[], &[Q::HA9A], 0, 12, false, None, Some(2011), false),
    row("A09", A, "Klassen für Schüler/-innen ohne Ausbildungsverhältnis (BS 1j; VZ)", AHI, Entry::None, &[], &[Q::HA9A], 0, 12, true, Some(2003), Some(2015), false),
    row("A10", A, "Berufsabschluss/Mittlerer Schulabschluss (BKAZVO) (BAB/FOR; VZ)", ABA, q(Q::HA10), &[Q::MSA], &[Q::MSA_Q], 3, 36, true, Some(2016), Some(2019), true),
    row("A11", A, "Berufsabschluss/Fachhochschulreife (BKAZVO) (BAB/FHR; VZ)", ABA, q(Q::MSA), &[Q::FHR], &[], 3, 36, true, Some(2016), Some(2019), true),
    row("A12", A, "Ausbildungsvorbereitung (BS 1j; VZ)", AAV, Entry::Ausbildungsvorbereitung, &[Q::HA9A], &[Q::HA9_FOE], 0, 12, true, Some(2016), None, true),
    row("A13", A, "Ausbildungsvorbereitung (BS 1j; TZ)", AAV, Entry::Ausbildungsvorbereitung, &[], &[], 0, 12, false, Some(2016), None, false),
    row("A14", A, "Berufsabschluss (nach §50 BBiG/§40 HwO)/Mittlerer Schulabschluss (BAB/FOR; VZ)", ABA, q(Q::HA10), &[Q::MSA], &[Q::MSA_Q], 3, 36, true, Some(2017), None, true),
    row("A15", A, "Berufsabschluss (nach §50 BBiG/§40 HwO)/Fachhochschulreife (BAB/FHR; VZ)", ABA, q(Q::MSA), &[Q::FHR], &[], 3, 36, true, Some(2017), None, true),
    row("A16", A, "Fachklassen (nach §2 BKAZVO) BAB; VZ", ABA, q(Q::HA10), &[], &[Q::MSA, Q::FHR], 3, 36, true, Some(2017), None, false),
    row("A17", A, "Internationale Förderklasse", AFO, Entry::None, &[], &[Q::HA9_FOE], 0, 12, true, Some(2025), None, false),
    row("A18", A, "Fit für mehr", AFO, Entry::None, &[], &[], 0, 12, true, Some(2025), None, false),
    row("A19", A, "Förderzentrum", AFO, Entry::None, &[], &[], 0, 12, true, Some(2025), None, false),
    row("B01", B, "Berufsabschluss/Fachoberschulreife (BAB/FOR 2j; VZ)", BHI, q(Q::HA9), &[Q::MSA], &[Q::MSA_Q], 2, 24, true, None, Some(2017), true),
    row("B02", B, "Berufsgrundbildung/Fachoberschulreife (BG/FOR 2j; VZ)", BHI, q(Q::HA9), &[Q::MSA], &[Q::MSA_Q], 0, 24, true, None, Some(2017), true),
    row("B03", B, "Berufsgrundbildung (für Schüler mit FOR) (BG 1j; VZ)", BHI, q(Q::MSA), &[], &[], 0, 12, true, None, Some(2015), false),
    row("B04", B, "Berufsabschluss/Fachoberschulreife (BAB/FOR; VZ)", BHI, q(Q::HA9), &[Q::MSA], &[Q::MSA_Q], 2, 24, true, None, Some(2018), true),
    row("B05", B, "Berufsabschluss/Fachhochschulreife (BAB/FHR; VZ)", BHI, q(Q::MSA), &[Q::FHR], &[], 3, 36, true, None, Some(2018), true),
    row("B06", B, "Berufliche Kenntnisse/Erweiterter Erster Schulabschluss (BK/EESA; 1j. VZ)", BB1, q(Q::HA9A), &[Q::HA10], &[], 0, 12, true, Some(2016), None, true),
    row("B07", B, "Berufliche Kenntnisse/Mittlerer Schulabschluss (BK/FOR; 1j. VZ)", BB2, Entry::Berufsfachschule10, &[Q::MSA], &[Q::MSA_Q], 0, 12, true, Some(2016), None, true),
    row("B08", B, "Berufsabschluss/Erweiterter Erster Schulabschluss oder Mittlerer Schulabschluss (BAB/EESA-FOR, 2j. VZ)", BBA, q(Q::HA9A), &[Q::HA10], &[Q::MSA, Q::MSA_Q], 2, 24, true, None, None, true),
    row("B09", B, "Berufsabschluss/Erweiterter Erster Schulabschluss oder Mittlerer Schulabschluss (BAB/EESA-FOR, 3j. TZ)", BBA, q(Q::HA9A), &[Q::HA10], &[Q::MSA, Q::MSA_Q], 2, 36, false, None, None, false),
    row("B10", B, "Berufsabschluss/Erweiterter Erster Schulabschluss oder Mittlerer Schulabschluss (BAB/EESA-FOR, 4j. TZ)", BBA, q(Q::HA9A), &[Q::HA10], &[Q::MSA, Q::MSA_Q], 2, 48, false, None, None, false),
    row("B11", B, "Berufsabschluss/HSA Kl. 10 oder mittlerer Schulabschluss, berufsbegleitend (3j. TZ)", BBA, q(Q::HA9A), &[Q::HA10], &[Q::MSA, Q::MSA_Q], 2, 36, false, Some(2021), Some(2021), false),
    row("C01", C, "Berufsabschluss/Fachhochschulreife (ohne Berufspraktikum) (BAB/FHR 3j; VZ)", CBF, qg8(Q::MSA), &[Q::FHR], &[], 3, 36, true, None, None, true),
    row("C02", C, "Berufsabschluss für Hochschulzugangsberechtigte (BAB 2j; VZ)", CHZ, q(Q::FHR), &[], &[], 2, 24, true, None, None, true),
    row("C03", C, "Berufliche Kenntnisse/Fachhochschulreife (BK/FHR 2j; VZ), Höhere Berufsfachschule", CHB, q(Q::MSA), &[Q::FHR_S], &[], 0, 24, true, None, None, true),
    row("C04", C, "Berufliche Kenntnisse/Sonderform für Abiturienten (BK 1j; VZ)", CHI, q(Q::ABITUR), &[], &[], 0, 12, true, None, Some(2015), false),
    row("C05", C, "Fachoberschule Klasse 11 (BK/FHR 1j; TZ)", CF11, qg8(Q::MSA), &[Q::VS_11], &[], 0, 12, false, None, None, true),
    row("C06", C, "Fachoberschule Klasse 12S (BK/FHR 1j; VZ)", CF12S, q(Q::VS_11), &[Q::FHR], &[], 0, 12, true, None, None, true),
    row("C07", C, "Fachoberschule Klasse 12B (BK/FHR 2j; TZ)", CF12B, FOS12B, &[Q::FHR], &[], 0, 24, false, None, None, false),
    row("C08", C, "Fachoberschule Klasse 12B (BK/FHR 1j; VZ)", CF12B, FOS12B, &[Q::FHR], &[], 0, 12, true, None, None, true),
    row("C09", C, "Berufspraktikum Erzieher/innen (Vollzeit) (BP/Erz 1j; VZ)", CHI, qt(Q::MSA), &[], &[Q::FHR], 0, 12, true, None, Some(2004), false),
    row("C10", C, "Berufspraktikum Erzieher/innen (Teilzeit) (BP/Erz 2j; TZ)", CHI, qt(Q::MSA), &[], &[Q::FHR], 0, 24, false, None, Some(2004), false),
    row("C11", C, "Fachoberschule Klasse 12B (BK/FHR 3j; TZ)", CF12B, FOS12B, &[Q::FHR], &[], 0, 36, false, Some(2016), None, false),
    row("C12", C, "Berufsabschluss/Fachhochschulreife (mit Berufspraktikum) (BAB/FHR 3,5j; VZ)", CBF, qg8(Q::MSA), &[Q::FHR], &[], 3, 42, true, Some(2016), None, true),
    row("C13", C, "Berufsabschluss/Fachhochschulreife (gestuft) (BAB/FHR 3j; VZ)", CBF, qg8(Q::MSA), &[Q::FHR], &[], 3, 36, true, Some(2019), None, true),
    row("D01", D, "Berufsabschluss/Allgemeine Hochschulreife (mit Berufspraktikum) (BAB/AHR 4j; VZ)", DBG, Entry::QVermerk, &[Q::ABITUR], &[], 4, 48, true, None, None, true),
    row("D02", D, "Berufliche Kenntnisse/Allgemeine Hochschulreife (BK/AHR 3j; VZ), Berufliches Gymnasium", DBG, Entry::QVermerk, &[Q::ABITUR], &[], 0, 36, true, None, None, true),
    row("D03", D, "Berufspraktikum (Vollzeit) (BP 1j; VZ)", DHI, qt(Q::FHR_S), &[], &[], 0, 12, true, None, Some(2004), false),
    row("D04", D, "Berufspraktikum Erzieher/innen (Teilzeit) (BP/Erz 2j; TZ)", DHI, qt(Q::FHR_S), &[], &[], 0, 24, false, None, Some(2004), false),
    row("D05", D, "Allgemeine Hochschulreife (gem. § 2 Abs. 3 Anlage D) (AHR 1j; VZ), Fachoberschule Klasse 13", DF13, FOS13, &[Q::FGHR], &[Q::ABITUR], 0, 12, true, None, None, true),
    row("D06", D, "Allgemeine Hochschulreife (gem. § 2 Abs. 3 Anlage D) (AHR 2j; TZ), Fachoberschule Klasse 13", DF13, FOS13, &[Q::FGHR], &[Q::ABITUR], 0, 24, false, None, None, false),
    fs(row("E01", E, "Fachschule Vollzeit (BW 2j; VZ)", EFS, TP1, &[], &[Q::FHR], 0, 24, true, None, None, true)),
    fs(row("E02", E, "Fachschule Teilzeit (BW 4j; TZ)", EFS, TP1, &[], &[Q::FHR], 0, 48, false, None, None, false)),
    fs(row("E03", E, "Fachschule (verkürzt) Vollzeit (BW 1j; VZ)", EFS, TP1, &[], &[], 0, 12, true, None, None, false)),
    fs(row("E04", E, "Fachschule (verkürzt) Teilzeit (BW 2j; TZ)", EFS, TP1, &[], &[], 0, 24, false, None, None, false)),
    fs(row("E05", E, "Fachschule für Sozialwesen (mit Berufspraktikum) (BAB 3j; VZ)", ESW, qt(Q::MSA), &[], &[Q::FHR], 3, 36, true, None, None, true)),
    fs(row("E06", E, "Fachschule für Sozialpädagogik / Heilerziehungspflege (Praxis) (BAB/FP 1j; VZ)", EHI, qt(Q::MSA), &[], &[Q::FHR], 0, 12, true, None, Some(2002), false)),
    fs(row("E07", E, "Fachschule für Sozialwesen (mit Berufspraktikum) (BAB 6j; TZ)", ESW, qt(Q::MSA), &[], &[Q::FHR], 3, 72, false, None, None, false)),
    fs(row("E08", E, "Fachschule für Sozialpädagogik / Heilerziehungspflege (Praxis) (BAB/FP 2j; TZ)", EHI, qt(Q::MSA), &[], &[Q::FHR], 0, 24, false, None, Some(2002), false)),
    fs(row("E09", E, "Fachschule (Sonderform) Vollzeit (BW 3j; VZ)", EHI, TP1, &[], &[Q::FHR], 0, 36, true, None, Some(2008), false)),
    fs(row("E10", E, "Fachschule (Sonderform) Teilzeit (BW 6j; TZ)", EHI, TP1, &[], &[Q::FHR], 0, 72, false, None, Some(2005), false)),
    fs(row("E11", E, "Berufspraktikum Erzieher/innen (FS/BP/Erz 1j; VZ)", EHI, qt(Q::MSA), &[], &[Q::FHR], 0, 12, true, None, Some(2002), false)),
    fs(row("E12", E, "Berufspraktikum Erzieher/innen (FS/BP/Erz 2j; TZ)", EHI, qt(Q::MSA), &[], &[Q::FHR], 0, 24, false, None, Some(2002), false)),
    fs(row("E13", E, "Fachschule Teilzeit (BW 3j; TZ)", EFS, TP1, &[], &[Q::FHR], 0, 36, false, Some(2006), None, false)),
];

/// The rules of the catalogue rows with their versions, looked up once per rule book: an
/// Anlage's decision goes through its rows without looking a rule id up per row and learner,
/// and asks each distinct entry requirement once.
#[derive(Clone, Debug, Default)]
pub(crate) struct RowRules {
    /// The distinct rule ids of [`TABLE`] in catalogue order, with their versions.
    rules: Vec<(&'static str, Vec<u16>)>,
    /// Per Anlage (A to E), its rows of [`TABLE`] and their distinct entry requirements.
    anlagen: [AnlageRows; 5],
}

/// One Anlage's rows ([`RowRules`]).
#[derive(Clone, Debug, Default)]
struct AnlageRows {
    /// Each row with its rule's place in `RowRules::rules` and its entry's place in `entries`.
    rows: Vec<CatalogueRow>,
    /// The distinct entry requirements of the rows (62 rows have 22).
    entries: Vec<Entry>,
}

#[derive(Clone, Copy, Debug)]
struct CatalogueRow {
    bg: &'static Bildungsgang,
    rule: usize,
    entry: usize,
}

/// The place of `item` in `list`, added at the end if it is not there yet.
fn place<T: PartialEq>(list: &mut Vec<T>, item: T) -> usize {
    list.iter().position(|x| *x == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

impl RowRules {
    pub(crate) fn new(table: &RuleTable) -> RowRules {
        let mut ids: Vec<&'static str> = Vec::new();
        let mut anlagen: [AnlageRows; 5] = Default::default();
        for bg in TABLE {
            let rule = place(&mut ids, bg.rule_id);
            if let Some(a) = anlagen.get_mut(anlage_index(bg.anlage)) {
                let entry = place(&mut a.entries, bg.entry);
                a.rows.push(CatalogueRow { bg, rule, entry });
            }
        }
        let rules = ids
            .into_iter()
            .map(|id| (id, table.versions(id).to_vec()))
            .collect();
        RowRules { rules, anlagen }
    }

    /// The rows of `anlage` with its distinct entry requirements.
    fn of(&self, anlage: BerufskollegAnlage) -> Option<&AnlageRows> {
        self.anlagen.get(anlage_index(anlage))
    }

    /// The version in force on `date` of rule `slot` (as `RuleBook::require` finds it).
    fn require(&self, book: &RuleBook, slot: usize, date: Date) -> Result<u16, RuleError> {
        let (id, versions) = self.rules.get(slot).ok_or(RuleError::UnknownTransition)?;
        book.table()
            .in_force_of(versions, date)
            .ok_or_else(|| RuleError::NoLawInForce {
                rule_id: (*id).to_owned(),
            })
    }
}

/// An Anlage's place in [`RowRules::rows`].
fn anlage_index(anlage: BerufskollegAnlage) -> usize {
    match anlage {
        A => 0,
        B => 1,
        C => 2,
        D => 3,
        E => 4,
    }
}

pub(crate) fn anlage_of(t: Transition) -> Option<BerufskollegAnlage> {
    Some(match t {
        Transition::BerufskollegA => A,
        Transition::BerufskollegB => B,
        Transition::BerufskollegC => C,
        Transition::BerufskollegD => D,
        Transition::BerufskollegE => E,
        _ => return None,
    })
}

const fn main_rule(anlage: BerufskollegAnlage) -> &'static str {
    match anlage {
        A => AAV,
        B => BB1,
        C => CF11,
        D => DBG,
        E => EFS,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Met {
    No,
    Missing,
    /// Only by a decision on application (B2 for holders of the MSA).
    OnApplication,
    Yes,
}

fn facts_of(entry: Entry) -> &'static [&'static str] {
    match entry {
        Entry::None => &[],
        Entry::Contract => &["training_contract"],
        Entry::ContractAndQualification { .. } => &["training_contract", "qualifications"],
        Entry::Qualification { .. } | Entry::QualificationOrG8 { .. } | Entry::QVermerk => {
            &["qualifications"]
        }
        Entry::Berufsfachschule10 => &["qualifications", "b2_attended_before"],
        Entry::Ausbildungsvorbereitung => &[
            "vollzeitschulpflicht_completed",
            "school_years_attended",
            "training_contract",
        ],
        Entry::QualificationAndTraining { .. } => {
            &["qualifications", "vocational_training_completed"]
        }
        Entry::QualificationAndTrainingOrWork { .. } => &[
            "qualifications",
            "vocational_training_completed",
            "work_experience_years",
        ],
        Entry::TrainingAndPractice { .. } => {
            &["vocational_training_completed", "work_experience_years"]
        }
    }
}

/// The facts an entry requirement found missing: at most three, as no requirement reads more
/// (kept inline: the search checks every row of every node).
#[derive(Clone, Copy, Default)]
struct Lacking([Option<&'static str>; 3]);

impl Lacking {
    fn push(&mut self, fact: &'static str) {
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = Some(fact);
        }
    }

    fn iter(self) -> impl Iterator<Item = &'static str> {
        self.0.into_iter().flatten()
    }
}

/// What an entry requirement reads besides the facts: the rule book and the day, for the
/// length of the Vollzeitschulpflicht (Ausbildungsvorbereitung only).
#[derive(Clone, Copy)]
struct Ctx<'a> {
    book: &'a RuleBook,
    date: Date,
}

/// The Vollzeitschulpflicht completed: as stated, else from the school years attended and
/// the Land's length of it (§ 37 SchulG NRW: ten school years, nine at a G8 Gymnasium).
fn vollzeitschulpflicht_done(ctx: Ctx<'_>, facts: &LearnerFacts) -> Option<bool> {
    if let Some(done) = facts.vollzeitschulpflicht_completed {
        return Some(done);
    }
    let attended = facts.school_years_attended?;
    let (_, years) = super::vollzeit_years(ctx.book, Land::NW, facts, ctx.date).ok()?;
    Some(attended >= years)
}

/// The qualifications held for admission: those stated, and the Berechtigung zum Besuch der
/// gymnasialen Oberstufe of a pupil of a G8 Gymnasium promoted at the end of class 9 (or
/// attending its Einführungsphase), which the Versetzung confers (`nrw.gost.versetzung_gymnasium`)
/// whether or not it is listed as `HA9_Q`.
fn entry_mask(facts: &LearnerFacts) -> u32 {
    let mask = held_mask(&facts.qualifications);
    let g8 = facts.schulform == Some(Schulform::Gymnasium)
        && facts.gymnasium_track == Some(GymnasiumTrack::G8)
        && match facts.jahrgang {
            Some(Jahrgang::Klasse(9)) => facts.promoted == Some(true),
            Some(Jahrgang::EF) => true,
            _ => false,
        };
    if g8 {
        mask | Abschluss::HA9_Q.implied_mask()
    } else {
        mask
    }
}

/// The qualification `min`, or (with `g8`) the G8 Berechtigung after class 9.
fn qual_or_g8(mask: u32, min: Abschluss, g8: bool) -> bool {
    has(mask, min) || (g8 && has(mask, Abschluss::HA9_Q))
}

fn meets(entry: Entry, facts: &LearnerFacts, mask: u32, ctx: Ctx<'_>) -> (Met, Lacking) {
    let mut missing = Lacking::default();
    let qual = |ok: bool, missing: &mut Lacking| -> Met {
        if ok {
            Met::Yes
        } else if facts.qualifications.is_empty() {
            missing.push("qualifications");
            Met::Missing
        } else {
            Met::No
        }
    };
    let flag = |v: Option<bool>, name: &'static str, missing: &mut Lacking| match v {
        Some(true) => Met::Yes,
        Some(false) => Met::No,
        None => {
            missing.push(name);
            Met::Missing
        }
    };
    let work = |years: u32, missing: &mut Lacking| match facts.work_experience_years {
        Some(w) if w >= years => Met::Yes,
        Some(_) => Met::No,
        None => {
            missing.push("work_experience_years");
            Met::Missing
        }
    };
    let m = &mut missing;
    let met = match entry {
        Entry::None => Met::Yes,
        Entry::Contract => flag(facts.training_contract, "training_contract", m),
        Entry::ContractAndQualification { min } => {
            flag(facts.training_contract, "training_contract", m).min(qual(has(mask, min), m))
        }
        Entry::Qualification { min } => qual(has(mask, min), m),
        Entry::QualificationOrG8 { min } => qual(qual_or_g8(mask, min, true), m),
        Entry::QVermerk => qual(has_q(mask), m),
        Entry::Berufsfachschule10 => {
            if facts.b2_attended_before == Some(true) {
                Met::No
            } else if has(mask, Abschluss::MSA) {
                Met::OnApplication
            } else {
                qual(qual_or_g8(mask, Abschluss::HA10, true), m)
            }
        }
        Entry::Ausbildungsvorbereitung => {
            if facts.training_contract == Some(true) {
                Met::No
            } else {
                match vollzeitschulpflicht_done(ctx, facts) {
                    Some(true) => Met::Yes,
                    Some(false) => Met::No,
                    None => {
                        m.push("vollzeitschulpflicht_completed");
                        Met::Missing
                    }
                }
            }
        }
        Entry::QualificationAndTraining { min } => qual(has(mask, min), m).min(flag(
            facts.vocational_training_completed,
            "vocational_training_completed",
            m,
        )),
        Entry::QualificationAndTrainingOrWork { min, g8, years } => {
            let q = qual(qual_or_g8(mask, min, g8), m);
            let practice = if facts.vocational_training_completed == Some(true)
                || facts.work_experience_years.is_some_and(|w| w >= years)
            {
                Met::Yes
            } else {
                let t = flag(
                    facts.vocational_training_completed,
                    "vocational_training_completed",
                    m,
                );
                t.max(work(years, m))
            };
            q.min(practice)
        }
        Entry::TrainingAndPractice { years } => flag(
            facts.vocational_training_completed,
            "vocational_training_completed",
            m,
        )
        .min(work(years, m)),
    };
    (met, missing)
}

fn codes(list: &[Abschluss]) -> String {
    join(list.iter().map(|a| a.code()))
}

pub(crate) fn assess<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
) -> Result<Assessment<E>, RuleError> {
    let row = facts
        .bildungsgang
        .as_deref()
        .map(|code| Bildungsgang::find(code).ok_or(()));
    assess_in(book, t, facts, as_of, row)
}

/// What a Bildungsgang awards on completion.
fn gains_of(bg: &Bildungsgang) -> super::Gains {
    super::Gains {
        mask: bg.awards.iter().fold(0, |m, q| m | q.implied_mask()),
        vocational_years: bg.vocational_years,
        aufstieg: bg.aufstieg,
        work_years: 0,
        months: bg.months,
        school_years: if bg.full_time { bg.months / 12 } else { 0 },
    }
}

/// The lean decision for one Bildungsgang given by its row, for the pathway search: [`assess`]
/// with `facts.bildungsgang` naming the row (the same decision, the same errors), without
/// looking the row up or recording the explanation.
///
/// `versions` are the rule's versions (`book.table().versions(bg.rule_id)`, looked up once
/// per search).
pub(crate) fn check_row(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    day: Day,
    bg: &'static Bildungsgang,
    versions: &[u16],
) -> Result<Assessment<()>, RuleError> {
    if facts.land != Some(Land::NW) || anlage_of(t) != Some(bg.anlage) {
        return assess_in(book, t, facts, day.date, Some(Ok(bg)));
    }
    // What `assess_in` finds for NRW and a row of the Anlage asked about.
    let idx = book
        .table()
        .in_force_of(versions, day.date)
        .ok_or_else(|| RuleError::NoLawInForce {
            rule_id: bg.rule_id.to_owned(),
        })?;
    Ok(decide_row(
        Assessment::new(t, Some(Land::NW), day.date),
        book,
        bg.anlage,
        facts,
        bg,
        idx,
        day,
    ))
}

/// The day a row is decided on, with its school year and the next 1 August: the search
/// checks every row on the same day, so it derives them once.
#[derive(Clone, Copy)]
pub(crate) struct Day {
    date: Date,
    year: i32,
    entry: Date,
}

impl Day {
    pub(crate) fn new(date: Date) -> Day {
        Day {
            date,
            year: SchoolYear::containing(date).start_year(),
            entry: super::next_entry(date),
        }
    }

    pub(crate) fn date(self) -> Date {
        self.date
    }
}

fn assess_in<E: Explain>(
    book: &RuleBook,
    t: Transition,
    facts: &LearnerFacts,
    as_of: Date,
    row: Option<Result<&'static Bildungsgang, ()>>,
) -> Result<Assessment<E>, RuleError> {
    let anlage = anlage_of(t).ok_or(RuleError::UnknownTransition)?;
    let l = match land(book, t, facts, as_of, false, main_rule(anlage))? {
        LandOr::Land(l) => l,
        LandOr::Missing(a) => return Ok(a),
    };
    let mut a = Assessment::new(t, Some(l), as_of);
    if let Some(row) = row {
        let Ok(bg) = row else {
            let idx = book.require(main_rule(anlage), as_of)?;
            a.check(
                idx,
                &["bildungsgang"],
                CheckResult::MissingFacts,
                true,
                "not a Bildungsgang of the catalogue",
            );
            a.missing("bildungsgang");
            return Ok(a.finish(
                Outcome::Undetermined,
                "Der angegebene Bildungsgang ist nicht im Katalog; bitte den Schlüssel (z. B. B06) prüfen",
                "The Bildungsgang given is not in the catalogue; please check the key (e.g. B06)",
            ));
        };
        let idx = book.require(bg.rule_id, as_of)?;
        return Ok(decide_row(a, book, anlage, facts, bg, idx, Day::new(as_of)));
    }
    let year = SchoolYear::containing(as_of).start_year();
    let mask = entry_mask(facts);
    // Every Bildungsgang of the Anlage offered in the school year.
    let row_rules = book.bk_rules();
    let catalogue = row_rules.of(anlage).ok_or(RuleError::UnknownTransition)?;
    let ctx = Ctx { book, date: as_of };
    // Each entry requirement asked once (rows share them), when a row offered has it.
    let mut met_of: SmallVec<[Option<Met>; 8]> = smallvec![None; catalogue.entries.len()];
    let mut best = Met::No;
    // What the explanation names: the programmes open and open on application, and what the
    // open ones lead to.
    let mut open: SmallVec<[&'static str; 8]> = SmallVec::new();
    let mut on_application: SmallVec<[&'static str; 8]> = SmallVec::new();
    let mut leads: u32 = 0;
    // Per rule (its place in the book's `RowRules`): the best result among its rows.
    let mut per_rule: SmallVec<[(usize, Met, &'static [&'static str]); 8]> = SmallVec::new();
    for row in catalogue.rows.iter().filter(|r| r.bg.offered_in(year)) {
        let bg = row.bg;
        let met = match met_of.get_mut(row.entry) {
            Some(Some(met)) => *met,
            Some(slot) => *slot.insert(meets(bg.entry, facts, mask, ctx).0),
            None => meets(bg.entry, facts, mask, ctx).0,
        };
        if E::ON {
            match met {
                Met::OnApplication => on_application.push(bg.code),
                Met::Yes => {
                    open.push(bg.code);
                    leads |= bg
                        .awards
                        .iter()
                        .fold(0, |m, q| m | q.implied_mask() & q_bit(*q));
                }
                Met::Missing | Met::No => {}
            }
        }
        best = best.max(met);
        match per_rule.iter_mut().find(|(r, _, _)| *r == row.rule) {
            Some(e) => e.1 = e.1.max(met),
            None => per_rule.push((row.rule, met, facts_of(bg.entry))),
        }
    }
    // No row offered: the Anlage's main rule says so.
    let none_offered = per_rule.is_empty();
    for (slot, met, fu) in per_rule {
        let idx = row_rules.require(book, slot, as_of)?;
        let (result, note) = match met {
            Met::Yes => (CheckResult::Satisfied, "entry requirement met"),
            Met::OnApplication => (
                CheckResult::Discretionary,
                "admission only by exception on application",
            ),
            Met::Missing => (CheckResult::MissingFacts, "facts missing"),
            Met::No => (CheckResult::NotSatisfied, "entry requirement not met"),
        };
        a.check(idx, fu, result, met == best, note);
    }
    if none_offered {
        let idx = book.require(main_rule(anlage), as_of)?;
        a.check(
            idx,
            &[],
            CheckResult::NotApplicable,
            true,
            "no Bildungsgang of this Anlage is offered in this school year",
        );
    }
    match best {
        Met::Yes => {
            a.detail_with("bildungsgaenge", || join(open.iter().copied()));
            let leads_to: Vec<&str> = Abschluss::ALL
                .iter()
                .filter(|q| leads & q_bit(**q) != 0)
                .map(|q| q.code())
                .collect();
            if !leads_to.is_empty() {
                a.detail_with("leads_to", || join(leads_to));
            }
            a.effective = Some(super::next_entry(as_of));
            Ok(a.finish(
                Outcome::Eligible,
                "Die Aufnahmevoraussetzungen mindestens eines Bildungsgangs dieser Anlage sind erfüllt",
                "The entry requirements of at least one Bildungsgang of this Anlage are met",
            ))
        }
        Met::OnApplication => {
            a.detail_with("bildungsgaenge", || join(on_application.iter().copied()));
            a.effective = Some(super::next_entry(as_of));
            Ok(a.finish(
                Outcome::Discretionary,
                "Die Aufnahme in einen Bildungsgang dieser Anlage ist nur ausnahmsweise auf Antrag möglich (obere Schulaufsichtsbehörde)",
                "Admission to a programme of this Anlage is possible only by exception on application (obere Schulaufsichtsbehörde)",
            ))
        }
        Met::Missing => {
            // Each entry requirement of a row offered asked again: only an undetermined answer
            // names the facts missing.
            let mut missing: SmallVec<[&'static str; 8]> = SmallVec::new();
            for (entry, _) in catalogue
                .entries
                .iter()
                .zip(&met_of)
                .filter(|(_, m)| m.is_some())
            {
                for fact in meets(*entry, facts, mask, ctx).1.iter() {
                    if !missing.contains(&fact) {
                        missing.push(fact);
                    }
                }
            }
            missing.sort_unstable();
            for m in missing {
                a.missing(m);
            }
            Ok(a.finish(
                Outcome::Undetermined,
                "Für die Aufnahmevoraussetzungen der Bildungsgänge dieser Anlage fehlen Angaben",
                "Facts are missing to check the entry requirements of this Anlage's programmes",
            ))
        }
        Met::No => Ok(a.finish(
            Outcome::NotEligible,
            "Die Aufnahmevoraussetzungen der Bildungsgänge dieser Anlage sind nicht erfüllt",
            "The entry requirements of this Anlage's programmes are not met",
        )),
    }
}

/// The decision for one Bildungsgang row on `day` (`a.as_of`), its rule's version `idx`
/// being in force.
fn decide_row<E: Explain>(
    mut a: Assessment<E>,
    book: &RuleBook,
    anlage: BerufskollegAnlage,
    facts: &LearnerFacts,
    bg: &'static Bildungsgang,
    idx: u16,
    day: Day,
) -> Assessment<E> {
    a.detail("bildungsgang", bg.code);
    if bg.anlage != anlage {
        a.check(
            idx,
            &["bildungsgang"],
            CheckResult::NotApplicable,
            true,
            "the Bildungsgang belongs to another Anlage",
        );
        return a.finish(
            Outcome::NotEligible,
            "Der Bildungsgang gehört zu einer anderen Anlage der APO-BK",
            "The Bildungsgang belongs to another Anlage of the APO-BK",
        );
    }
    a.detail_with("leads_to", || codes(bg.awards));
    if !bg.also_possible.is_empty() {
        a.detail_with("also_possible", || codes(bg.also_possible));
    }
    a.detail_with("duration_months", || bg.months.to_string());
    if !bg.offered_in(day.year) {
        a.check(
            idx,
            &["bildungsgang"],
            CheckResult::NotSatisfied,
            true,
            "not offered in this school year",
        );
        return a.finish(
            Outcome::NotEligible,
            "Dieser Bildungsgang wird in diesem Schuljahr nicht angeboten",
            "This Bildungsgang is not offered in this school year",
        );
    }
    let ctx = Ctx {
        book,
        date: day.date,
    };
    let (met, lacking) = meets(bg.entry, facts, entry_mask(facts), ctx);
    let fu = facts_of(bg.entry);
    match met {
        Met::Yes => {
            a.check(
                idx,
                fu,
                CheckResult::Satisfied,
                true,
                "entry requirement met",
            );
            a.effective = Some(day.entry);
            a.gains = gains_of(bg);
            a.finish(
                Outcome::Eligible,
                "Die Aufnahmevoraussetzung des Bildungsgangs ist erfüllt",
                "The entry requirement of the Bildungsgang is met",
            )
        }
        Met::OnApplication => {
            a.check(
                idx,
                fu,
                CheckResult::Discretionary,
                true,
                "holders of the MSA only by exception on application",
            );
            a.effective = Some(day.entry);
            a.gains = gains_of(bg);
            a.finish(
                Outcome::Discretionary,
                "Wer den mittleren Schulabschluss schon hat, kann nur ausnahmsweise auf Antrag bei der oberen Schulaufsichtsbehörde aufgenommen werden (wenn berufsschulpflichtig)",
                "Holders of the MSA can be admitted only by exception, on application to the obere Schulaufsichtsbehörde (if still obliged to attend the Berufsschule)",
            )
        }
        Met::Missing => {
            a.check(idx, fu, CheckResult::MissingFacts, true, "facts missing");
            for m in lacking.iter() {
                a.missing(m);
            }
            a.finish(
                Outcome::Undetermined,
                "Für die Aufnahmevoraussetzung des Bildungsgangs fehlen Angaben",
                "Facts are missing to check the entry requirement of the Bildungsgang",
            )
        }
        Met::No => {
            a.check(
                idx,
                fu,
                CheckResult::NotSatisfied,
                true,
                "entry requirement not met",
            );
            a.finish(
                Outcome::NotEligible,
                "Die Aufnahmevoraussetzung des Bildungsgangs ist nicht erfüllt",
                "The entry requirement of the Bildungsgang is not met",
            )
        }
    }
}

fn q_bit(q: Abschluss) -> u32 {
    1 << (q as u32)
}
