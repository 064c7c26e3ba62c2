//! Indicators as declarative specifications, counted into mergeable cubes and published as
//! protected tables.
//!
//! An [`IndicatorSpec`] says which records form the population (school year, grades, school
//! forms left out, codes of the category), how they are broken down (Kommune — of the school
//! or of residence — and further fields), which categorical field's shares the indicator is,
//! and what the denominator is: the total over the category (the Destatis / NRW definition of
//! the Übergangsquote), or a population of its own (Baden-Württemberg: class-4 pupils at the
//! time of the recommendation). The Land's conventions are explicit in [`LandConvention`].
//!
//! Records lacking a breakdown or category fact are outside that indicator's population; the
//! flags `repeater` and `foerderbedarf` count as `false` when absent (as in the school
//! statistics, where the flag is set only when it applies). A record inside a population whose
//! Kommune is missing or not in the set is an error naming the record's position and the field.

use std::collections::HashMap;
use std::thread;

use serde::{Deserialize, Serialize};

use super::MonitorError;
use super::cube::{Cube, Dimension};
use super::record::{MonitoringRecord, Qualification, Recommendation, SchoolEntry};
use super::register::{Register, Release, RunTable, registered_table};
use super::sdc::{CellStatus, Protected, Protection, Publication, TableLayout, protect};
use super::table::{Table, assemble};
use crate::calendar::{Date, SchoolYear};

/// NRW Schulform keys of the general schools, in display order; `sonstige` collects others.
pub const SCHULFORMEN: [&str; 11] = [
    "02", "04", "10", "14", "15", "20", "13", "17", "08", "85", "sonstige",
];

/// Keys of the Förderschulen (incl. Klinikschule and Waldorfförderschule).
pub const FOERDERSCHULEN: [&str; 6] = ["08", "83", "85", "87", "88", "19"];

/// A categorical fact of a record that an indicator can break down by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// The Schulform attended ([`SCHULFORMEN`]).
    Schulform,
    /// The Schulform entered after the Grundschule ([`SCHULFORMEN`]).
    TransitionSchulform,
    /// The Grundschule's recommendation (SVWS short codes).
    Recommendation,
    /// The school entry (`early`, `on_time`, `after_deferral`, `deferred`).
    SchoolEntry,
    /// The leaver's highest qualification (`OA`, `ESA`, `EESA`, `MSA`, `FHR`, `AHR`).
    Qualification,
    /// Repeater (`ja`/`nein`).
    Repeater,
    /// Special needs status: `ohne`, `foerderschule` (in a Förderschule), `inklusiv` (in a
    /// mainstream school).
    Foerder,
    /// The grade (`1`–`13`).
    Grade,
}

const GRADES: [&str; 13] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
];

impl Field {
    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::Schulform => "schulform",
            Field::TransitionSchulform => "transition_schulform",
            Field::Recommendation => "recommendation",
            Field::SchoolEntry => "school_entry",
            Field::Qualification => "qualification",
            Field::Repeater => "repeater",
            Field::Foerder => "foerder",
            Field::Grade => "grade",
        }
    }

    /// All codes of the field, in display order.
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            Field::Schulform | Field::TransitionSchulform => &SCHULFORMEN,
            Field::Recommendation => &["H", "H/R", "R", "R/GY", "GY", "OHNE"],
            Field::SchoolEntry => &["early", "on_time", "after_deferral", "deferred"],
            Field::Qualification => &["OA", "ESA", "EESA", "MSA", "FHR", "AHR"],
            Field::Repeater => &["ja", "nein"],
            Field::Foerder => &["ohne", "foerderschule", "inklusiv"],
            Field::Grade => &GRADES,
        }
    }

    fn schulform_index(key: &str) -> usize {
        SCHULFORMEN
            .iter()
            .position(|k| *k == key)
            .unwrap_or(SCHULFORMEN.len() - 1)
    }

    /// The index in [`Field::codes`] of the record's value, if it has one.
    pub fn code_of(self, r: &MonitoringRecord) -> Option<usize> {
        match self {
            Field::Schulform => r.schulform.as_deref().map(Field::schulform_index),
            Field::TransitionSchulform => r
                .transition_schulform
                .as_deref()
                .map(Field::schulform_index),
            Field::Recommendation => r.recommendation.map(|x| match x {
                Recommendation::Hauptschule => 0,
                Recommendation::HauptRealschule => 1,
                Recommendation::Realschule => 2,
                Recommendation::RealschuleGymnasium => 3,
                Recommendation::Gymnasium => 4,
                Recommendation::Ohne => 5,
            }),
            Field::SchoolEntry => r.school_entry.map(|x| match x {
                SchoolEntry::Early => 0,
                SchoolEntry::OnTime => 1,
                SchoolEntry::AfterDeferral => 2,
                SchoolEntry::Deferred => 3,
            }),
            Field::Qualification => r.qualification.map(|x| match x {
                Qualification::Ohne => 0,
                Qualification::Esa => 1,
                Qualification::Eesa => 2,
                Qualification::Msa => 3,
                Qualification::Fhr => 4,
                Qualification::Ahr => 5,
            }),
            Field::Repeater => Some(if r.repeater == Some(true) { 0 } else { 1 }),
            Field::Foerder => Some(if r.foerderbedarf != Some(true) {
                0
            } else if r
                .schulform
                .as_deref()
                .is_some_and(|s| FOERDERSCHULEN.contains(&s))
            {
                1
            } else {
                2
            }),
            Field::Grade => r
                .grade
                .and_then(|g| usize::from(g).checked_sub(1))
                .filter(|g| *g < GRADES.len()),
        }
    }
}

/// Which Kommune a record is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KommuneBasis {
    /// The school's location (as the school statistics count).
    School,
    /// The place of residence (school entry, Rückstellung).
    Residence,
}

/// The denominator of an indicator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// The total over the category (e.g. all transitions from class 4).
    CategoryTotal,
    /// A population of its own, over the same Kommune and breakdowns: records of `grade` that
    /// carry the fact `requires` (e.g. class-4 pupils with a recommendation).
    Population {
        /// The grade.
        grade: u8,
        /// The fact the record must carry.
        requires: Field,
    },
}

/// A declarative indicator. An unknown key is refused, naming the known ones (a misspelt
/// setting must not silently fall back to nothing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// Stable id (e.g. `"uebergangsquote"`).
    pub id: String,
    /// Title for people.
    pub title: String,
    /// The school year counted.
    pub school_year: SchoolYear,
    /// Which Kommune.
    pub kommune: KommuneBasis,
    /// Grades included (inclusive), all if `None`.
    pub grades: Option<(u8, u8)>,
    /// Schulform keys left out of the population.
    pub exclude_schulformen: Vec<String>,
    /// Breakdowns besides the Kommune, before the category.
    pub breakdowns: Vec<Field>,
    /// The field whose shares the indicator is.
    pub category: Field,
    /// Codes of the category that form the population (all if `None`).
    pub category_codes: Option<Vec<String>>,
    /// Published subtotals of the category: (label, member codes).
    pub groups: Vec<(String, Vec<String>)>,
    /// The denominator.
    pub denominator: Denominator,
}

/// A Land's conventions for the transition indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandConvention {
    /// The last grade of the primary school (4; Berlin and Brandenburg: 6).
    pub transition_grade: u8,
    /// Whether the Übergangsquote divides by the pupils of the last primary grade at the time
    /// of the recommendation (Baden-Württemberg) instead of all transitions (Destatis, NRW).
    pub denominator_pupils_at_recommendation: bool,
}

impl LandConvention {
    /// Nordrhein-Westfalen (and the Destatis definition): after class 4, over all transitions.
    pub fn nrw() -> LandConvention {
        LandConvention {
            transition_grade: 4,
            denominator_pupils_at_recommendation: false,
        }
    }

    /// Baden-Württemberg: after class 4, over class-4 pupils at recommendation time.
    pub fn baden_wuerttemberg() -> LandConvention {
        LandConvention {
            transition_grade: 4,
            denominator_pupils_at_recommendation: true,
        }
    }

    /// Berlin and Brandenburg: after class 6, over all transitions.
    pub fn berlin_brandenburg() -> LandConvention {
        LandConvention {
            transition_grade: 6,
            denominator_pupils_at_recommendation: false,
        }
    }
}

fn spec(
    id: &str,
    title: &str,
    year: SchoolYear,
    kommune: KommuneBasis,
    category: Field,
) -> IndicatorSpec {
    IndicatorSpec {
        id: id.to_owned(),
        title: title.to_owned(),
        school_year: year,
        kommune,
        grades: None,
        exclude_schulformen: Vec::new(),
        breakdowns: Vec::new(),
        category,
        category_codes: None,
        groups: Vec::new(),
        denominator: Denominator::CategoryTotal,
    }
}

/// The standard indicators of the kommunales Bildungsmonitoring for one school year.
///
/// ```
/// use bildungsnetz::monitor::indicator::{standard_indicators, LandConvention};
/// let specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
/// let ids: Vec<&str> = specs.iter().map(|s| s.id.as_str()).collect();
/// assert_eq!(ids, ["uebergangsquote", "uebergang_nach_empfehlung", "einschulungsart",
///     "rueckstellungsquote", "abschluesse", "wiederholerquote", "foerderquote"]);
/// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
/// ```
pub fn standard_indicators(year: SchoolYear, land: LandConvention) -> Vec<IndicatorSpec> {
    let g = land.transition_grade;
    let mut uebergang = spec(
        "uebergangsquote",
        "Übergangsquote Grundschule → Schulform",
        year,
        KommuneBasis::School,
        Field::TransitionSchulform,
    );
    uebergang.grades = Some((g, g));
    if land.denominator_pupils_at_recommendation {
        uebergang.denominator = Denominator::Population {
            grade: g,
            requires: Field::Recommendation,
        };
    }
    let mut empfehlung = spec(
        "uebergang_nach_empfehlung",
        "Übergänge nach Schulformempfehlung",
        year,
        KommuneBasis::School,
        Field::TransitionSchulform,
    );
    empfehlung.grades = Some((g, g));
    empfehlung.breakdowns = vec![Field::Recommendation];
    let mut einschulung = spec(
        "einschulungsart",
        "Einschulungen nach Art (vorzeitig, fristgerecht, nach Zurückstellung)",
        year,
        KommuneBasis::Residence,
        Field::SchoolEntry,
    );
    einschulung.category_codes = Some(vec![
        "early".into(),
        "on_time".into(),
        "after_deferral".into(),
    ]);
    let mut rueck = spec(
        "rueckstellungsquote",
        "Rückstellungsquote: zurückgestellte / neu schulpflichtige Kinder",
        year,
        KommuneBasis::Residence,
        Field::SchoolEntry,
    );
    rueck.category_codes = Some(vec!["on_time".into(), "deferred".into()]);
    let abschluesse = spec(
        "abschluesse",
        "Abgängerinnen und Abgänger allgemeinbildender Schulen nach höchstem Abschluss",
        year,
        KommuneBasis::School,
        Field::Qualification,
    );
    let mut wiederholer = spec(
        "wiederholerquote",
        "Wiederholerquote (Klassen 3–10, ohne Förderschulen)",
        year,
        KommuneBasis::School,
        Field::Repeater,
    );
    wiederholer.grades = Some((3, 10));
    wiederholer.exclude_schulformen = FOERDERSCHULEN.iter().map(|s| (*s).to_owned()).collect();
    let mut foerder = spec(
        "foerderquote",
        "Förder-, Exklusions- und Inklusionsquote (Primarstufe und Sekundarstufe I)",
        year,
        KommuneBasis::School,
        Field::Foerder,
    );
    foerder.grades = Some((1, 10));
    foerder.groups = vec![(
        "mit_foerderbedarf".to_owned(),
        vec!["foerderschule".to_owned(), "inklusiv".to_owned()],
    )];
    vec![
        uebergang,
        empfehlung,
        einschulung,
        rueck,
        abschluesse,
        wiederholer,
        foerder,
    ]
}

fn parse_ags(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    s.parse().ok()
}

/// A set of indicators over a fixed list of Kommunen: counts records into [`Partials`] and
/// publishes protected tables.
#[derive(Clone, Debug)]
pub struct IndicatorSet {
    specs: Vec<IndicatorSpec>,
    kommunen: Vec<String>,
    ags: Vec<u32>,
    compiled: Vec<CompiledSpec>,
}

#[derive(Clone, Debug)]
struct CompiledSpec {
    category_lut: Vec<Option<u32>>,
    breakdown_luts: Vec<Vec<Option<u32>>>,
    dims: Vec<Dimension>,
    pop_dims: Option<Vec<Dimension>>,
}

fn field_dim(
    field: Field,
    only: Option<&[String]>,
    grades: Option<(u8, u8)>,
) -> (Dimension, Vec<Option<u32>>) {
    let all = field.codes();
    let mut lut = vec![None; all.len()];
    let mut codes = Vec::new();
    for (i, c) in all.iter().enumerate() {
        let keep = match (only, field) {
            (Some(only), _) => only.iter().any(|o| o == c),
            (None, Field::Grade) => {
                grades.is_none_or(|(lo, hi)| c.parse::<u8>().is_ok_and(|g| g >= lo && g <= hi))
            }
            (None, _) => true,
        };
        if keep {
            if let Some(slot) = lut.get_mut(i) {
                *slot = u32::try_from(codes.len()).ok();
            }
            codes.push(*c);
        }
    }
    (Dimension::new(field.name(), codes), lut)
}

/// Counts per indicator: one [`Cube`] per indicator, and one per population denominator.
/// Partials of the same [`IndicatorSet`] merge; merge order does not matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partials {
    /// The numerator cubes, one per indicator.
    pub cubes: Vec<Cube>,
    /// The population cubes (`None` where the denominator is the category total).
    pub populations: Vec<Option<Cube>>,
}

impl Partials {
    /// Merges another partial aggregate of the same indicator set into this one.
    pub fn merge(&mut self, other: &Partials) -> Result<(), MonitorError> {
        if self.cubes.len() != other.cubes.len()
            || self.populations.len() != other.populations.len()
        {
            return Err(MonitorError::LayoutMismatch);
        }
        for (a, b) in self.cubes.iter_mut().zip(&other.cubes) {
            a.merge(b)?;
        }
        for (a, b) in self.populations.iter_mut().zip(&other.populations) {
            match (a, b) {
                (Some(a), Some(b)) => a.merge(b)?,
                (None, None) => {}
                _ => return Err(MonitorError::LayoutMismatch),
            }
        }
        Ok(())
    }
}

/// One published indicator: its spec and protected tables (the count table with margins and
/// rates; for a population denominator also the protected population table).
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorResult {
    /// The indicator's id.
    pub id: String,
    /// The tables.
    pub tables: Vec<Table>,
    /// The protection outcome of the count table (statuses and audit).
    pub protected: Protected,
}

impl IndicatorSet {
    /// Compiles the specs for the given Kommunen (8-digit AGS; duplicates removed, sorted).
    pub fn new(
        specs: Vec<IndicatorSpec>,
        kommunen: &[String],
    ) -> Result<IndicatorSet, MonitorError> {
        let mut pairs: Vec<(u32, String)> = Vec::new();
        for k in kommunen {
            let a = parse_ags(k)
                .ok_or_else(|| MonitorError::Spec("a Kommune is not an 8-digit AGS".to_owned()))?;
            pairs.push((a, k.clone()));
        }
        pairs.sort();
        pairs.dedup();
        if pairs.is_empty() {
            return Err(MonitorError::Spec("no Kommunen".to_owned()));
        }
        let kdim = Dimension::new("kommune", pairs.iter().map(|p| p.1.clone()));
        let mut compiled = Vec::new();
        for s in &specs {
            let mut dims = vec![kdim.clone()];
            let mut breakdown_luts = Vec::new();
            for f in &s.breakdowns {
                let (d, lut) = field_dim(*f, None, s.grades);
                dims.push(d);
                breakdown_luts.push(lut);
            }
            let pop_dims = match s.denominator {
                Denominator::CategoryTotal => None,
                Denominator::Population { .. } => Some(dims.clone()),
            };
            let (mut cat, category_lut) =
                field_dim(s.category, s.category_codes.as_deref(), s.grades);
            for (label, members) in &s.groups {
                let m: Vec<&str> = members.iter().map(String::as_str).collect();
                cat = cat.with_group(label.clone(), &m)?;
            }
            dims.push(cat);
            compiled.push(CompiledSpec {
                category_lut,
                breakdown_luts,
                dims,
                pop_dims,
            });
        }
        Ok(IndicatorSet {
            specs,
            kommunen: pairs.iter().map(|p| p.1.clone()).collect(),
            ags: pairs.iter().map(|p| p.0).collect(),
            compiled,
        })
    }

    /// The specs.
    pub fn specs(&self) -> &[IndicatorSpec] {
        &self.specs
    }

    /// The Kommunen (sorted AGS).
    pub fn kommunen(&self) -> &[String] {
        &self.kommunen
    }

    /// Empty partials.
    pub fn empty(&self) -> Result<Partials, MonitorError> {
        let mut cubes = Vec::new();
        let mut populations = Vec::new();
        for c in &self.compiled {
            cubes.push(Cube::new(c.dims.clone())?);
            populations.push(match &c.pop_dims {
                Some(d) => Some(Cube::new(d.clone())?),
                None => None,
            });
        }
        Ok(Partials { cubes, populations })
    }

    fn kommune_index(&self, ags: Option<&str>) -> Option<u32> {
        let a = parse_ags(ags?)?;
        self.ags
            .binary_search(&a)
            .ok()
            .and_then(|i| u32::try_from(i).ok())
    }

    /// Counts records into partials. `offset` is the position of the first record in the
    /// whole input, for error messages.
    pub fn count(
        &self,
        records: &[MonitoringRecord],
        offset: usize,
    ) -> Result<Partials, MonitorError> {
        let mut partials = self.empty()?;
        let mut key: Vec<u32> = Vec::with_capacity(8);
        for (n, r) in records.iter().enumerate() {
            let mut school: Option<Option<u32>> = None;
            let mut residence: Option<Option<u32>> = None;
            for (((s, c), cube), pop) in self
                .specs
                .iter()
                .zip(&self.compiled)
                .zip(partials.cubes.iter_mut())
                .zip(partials.populations.iter_mut())
            {
                if r.school_year != s.school_year {
                    continue;
                }
                if let Some((lo, hi)) = s.grades {
                    if !r.grade.is_some_and(|g| g >= lo && g <= hi) {
                        continue;
                    }
                }
                if !s.exclude_schulformen.is_empty()
                    && r.schulform
                        .as_ref()
                        .is_some_and(|f| s.exclude_schulformen.contains(f))
                {
                    continue;
                }
                // Kommune and breakdowns, shared by numerator and population.
                key.clear();
                let (slot, ags, field) = match s.kommune {
                    KommuneBasis::School => (&mut school, r.school_ags.as_deref(), "school_ags"),
                    KommuneBasis::Residence => {
                        (&mut residence, r.residence_ags.as_deref(), "residence_ags")
                    }
                };
                let k = *slot.get_or_insert_with(|| self.kommune_index(ags));
                let mut complete = true;
                for (f, lut) in s.breakdowns.iter().zip(&c.breakdown_luts) {
                    match f.code_of(r).and_then(|i| lut.get(i).copied().flatten()) {
                        Some(i) => key.push(i),
                        None => {
                            complete = false;
                            break;
                        }
                    }
                }
                if !complete {
                    continue;
                }
                let cat = s
                    .category
                    .code_of(r)
                    .and_then(|i| c.category_lut.get(i).copied().flatten());
                let in_pop = match (&s.denominator, pop.as_ref()) {
                    (Denominator::Population { grade, requires }, Some(_)) => {
                        r.grade == Some(*grade) && requires.code_of(r).is_some()
                    }
                    _ => false,
                };
                if cat.is_none() && !in_pop {
                    continue;
                }
                let k = k.ok_or(MonitorError::RecordField {
                    index: offset + n,
                    field,
                })?;
                key.insert(0, k);
                if in_pop {
                    if let Some(p) = pop.as_mut() {
                        p.add(&key, 1)?;
                    }
                }
                if let Some(cat) = cat {
                    key.push(cat);
                    cube.add(&key, 1)?;
                }
            }
        }
        Ok(partials)
    }

    /// Counts on `threads` threads (chunks of the input), merging the partials — the same
    /// result as [`IndicatorSet::count`].
    pub fn count_parallel(
        &self,
        records: &[MonitoringRecord],
        threads: usize,
    ) -> Result<Partials, MonitorError> {
        let threads = threads.max(1);
        let chunk = records.len().div_ceil(threads).max(1);
        let results: Vec<Result<Partials, MonitorError>> = thread::scope(|scope| {
            let handles: Vec<_> = records
                .chunks(chunk)
                .enumerate()
                .map(|(i, part)| scope.spawn(move || self.count(part, i * chunk)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(MonitorError::Internal)))
                .collect()
        });
        let mut total = self.empty()?;
        for r in results {
            total.merge(&r?)?;
        }
        Ok(total)
    }

    /// Publishes every indicator from merged partials, protected with `settings`.
    ///
    /// Indicators that count the same population — same school year, Kommune basis,
    /// grades, excluded Schulformen and category field, the category total as denominator —
    /// share cells or derive from one another (`einschulungsart` and `rueckstellungsquote`
    /// share the on-time children; `uebergangsquote` is a margin of
    /// `uebergang_nach_empfehlung`). They are protected together, as one publication over
    /// a cover cube that refines them all, so that no suppressed
    /// cell follows from the others' published cells. Linked are indicators whose
    /// breakdowns are equal or differ by one field; others are protected one by one.
    pub fn publish(
        &self,
        partials: &Partials,
        settings: &Protection,
    ) -> Result<Vec<IndicatorResult>, MonitorError> {
        self.publish_against(partials, settings, &Register::new())
    }

    /// Publishes as [`IndicatorSet::publish`], protected against the earlier releases in
    /// `register` (see [`super::register`]), and adds this run to it as release `name` of
    /// `date`. On an error the register is left as it was.
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, IndicatorSet, LandConvention};
    /// use bildungsnetz::monitor::register::Register;
    /// use bildungsnetz::monitor::sdc::Protection;
    /// let specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
    /// let set = IndicatorSet::new(specs, &["05334002".into()])?;
    /// let mut register = Register::new();
    /// set.publish_registered(&set.empty()?, &Protection::default(), &mut register,
    ///     "Bericht März", "2025-03-14".parse()?)?;
    /// assert_eq!(register.releases()[0].name, "Bericht März");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish_registered(
        &self,
        partials: &Partials,
        settings: &Protection,
        register: &mut Register,
        name: &str,
        date: Date,
    ) -> Result<Vec<IndicatorResult>, MonitorError> {
        let results = self.publish_against(partials, settings, register)?;
        let mut tables = Vec::new();
        for (spec, result) in self.specs.iter().zip(&results) {
            for table in &result.tables {
                tables.push(registered_table(spec, &self.kommunen, settings, table));
            }
        }
        register.add(Release {
            name: name.to_owned(),
            date,
            tables,
        })?;
        Ok(results)
    }

    /// Protects a publication of this set against the register; `tables` locate its rows.
    fn protect_against(
        &self,
        publication: &Publication,
        settings: &Protection,
        register: &Register,
        tables: impl FnOnce() -> Result<Vec<RunTable>, MonitorError>,
    ) -> Result<Protected, MonitorError> {
        if register.releases().is_empty() {
            return protect(publication, settings);
        }
        register.protect(publication, settings, &tables()?)
    }

    fn publish_against(
        &self,
        partials: &Partials,
        settings: &Protection,
        register: &Register,
    ) -> Result<Vec<IndicatorResult>, MonitorError> {
        let mut done: Vec<Option<Published>> = vec![None; self.specs.len()];
        for family in self.families() {
            for (i, result) in self.protect_linked(&family, partials, settings, register)? {
                if let Some(slot) = done.get_mut(i) {
                    *slot = Some(result);
                }
            }
        }
        let mut out = Vec::new();
        for (i, s) in self.specs.iter().enumerate() {
            let cube = partials.cubes.get(i).ok_or(MonitorError::LayoutMismatch)?;
            let ndims = cube.dims().len();
            let (publication, protected) = match done.get_mut(i).and_then(Option::take) {
                Some(result) => result,
                None => {
                    let publication = Publication::new(cube, vec![self.layout(i)])?;
                    let protected =
                        self.protect_against(&publication, settings, register, || {
                            Ok(vec![RunTable::new(
                                s,
                                &self.kommunen,
                                cube,
                                &publication,
                                0,
                                None,
                            )?])
                        })?;
                    (publication, protected)
                }
            };
            let rate_dim = match s.denominator {
                Denominator::CategoryTotal => Some(ndims - 1),
                Denominator::Population { .. } => None,
            };
            let mut tables = assemble(cube, &publication, &protected, "count", &[rate_dim]);
            if let Some(Some(pop)) = partials.populations.get(i) {
                let pdims = pop.dims().len();
                let pp = Publication::new(
                    pop,
                    vec![TableLayout {
                        id: format!("{}.nenner", s.id),
                        dims: (0..pdims).collect(),
                    }],
                )?;
                let pprot = self.protect_against(&pp, settings, register, || {
                    Ok(vec![RunTable::new(s, &self.kommunen, pop, &pp, 0, None)?])
                })?;
                let ptables = assemble(pop, &pp, &pprot, "count", &[None]);
                if let (Some(t), Some(pt)) = (tables.first_mut(), ptables.first()) {
                    attach_population(t, pt);
                }
                tables.extend(ptables);
            }
            out.push(IndicatorResult {
                id: s.id.clone(),
                tables,
                protected,
            });
        }
        Ok(out)
    }

    /// The count table of indicator `i`: every dimension of its cube.
    fn layout(&self, i: usize) -> TableLayout {
        let dims = self.compiled.get(i).map_or(0, |c| c.dims.len());
        TableLayout {
            id: self.specs.get(i).map_or_else(String::new, |s| s.id.clone()),
            dims: (0..dims).collect(),
        }
    }

    /// Groups of at least two indicators over the same population whose breakdowns are
    /// equal or differ by one field (see [`IndicatorSet::publish`]).
    fn families(&self) -> Vec<Vec<usize>> {
        let mut families: Vec<Vec<usize>> = Vec::new();
        for (i, s) in self.specs.iter().enumerate() {
            if s.denominator != Denominator::CategoryTotal {
                continue;
            }
            let same = |j: &usize| {
                self.specs.get(*j).is_some_and(|t| {
                    t.school_year == s.school_year
                        && t.kommune == s.kommune
                        && t.grades == s.grades
                        && t.exclude_schulformen == s.exclude_schulformen
                        && t.category == s.category
                })
            };
            match families.iter_mut().find(|f| f.first().is_some_and(same)) {
                Some(f) => f.push(i),
                None => families.push(vec![i]),
            }
        }
        families.retain(|f| f.len() >= 2 && self.split(f).is_some());
        families
    }

    /// The breakdowns a family's cover has, and the one field (its position there) some
    /// members lack, if the members' breakdowns allow a cover.
    fn split(&self, family: &[usize]) -> Option<(Vec<Field>, Option<usize>)> {
        let lists: Vec<&Vec<Field>> = family
            .iter()
            .filter_map(|&i| self.specs.get(i).map(|s| &s.breakdowns))
            .collect();
        let widest = lists.iter().max_by_key(|l| l.len())?;
        let mut missing = None;
        for l in &lists {
            if l.len() == widest.len() {
                if l != widest {
                    return None;
                }
                continue;
            }
            if l.len() + 1 != widest.len() {
                return None;
            }
            let gap = (0..widest.len()).find(|&g| {
                let mut without = (*widest).clone();
                without.remove(g);
                &without == *l
            })?;
            if missing.is_some_and(|m| m != gap) {
                return None;
            }
            missing = Some(gap);
        }
        Some(((*widest).clone(), missing))
    }

    /// Protects a family of indicators as one publication over their cover cube, and
    /// returns each member's publication with its share of the protection.
    fn protect_linked(
        &self,
        family: &[usize],
        partials: &Partials,
        settings: &Protection,
        register: &Register,
    ) -> Result<Vec<(usize, Published)>, MonitorError> {
        let (breakdowns, missing) = self.split(family).ok_or(MonitorError::Internal)?;
        let cubes: Vec<&Cube> = family
            .iter()
            .map(|&i| partials.cubes.get(i).ok_or(MonitorError::LayoutMismatch))
            .collect::<Result<_, _>>()?;
        let widest = family
            .iter()
            .zip(&cubes)
            .find(|(i, _)| {
                self.specs
                    .get(**i)
                    .is_some_and(|s| s.breakdowns.len() == breakdowns.len())
            })
            .map(|(_, c)| *c)
            .ok_or(MonitorError::Internal)?;
        let nb = breakdowns.len();
        // The cover: Kommune, the widest breakdowns (the one some lack with a code for "not
        // given"), the union of the categories.
        let mut dims: Vec<Dimension> = widest.dims().iter().take(nb + 1).cloned().collect();
        if let Some(m) = missing {
            let dim = dims.get(m + 1).ok_or(MonitorError::Internal)?;
            let mut codes: Vec<String> = dim.codes().to_vec();
            codes.push(NOT_GIVEN.to_owned());
            *dims.get_mut(m + 1).ok_or(MonitorError::Internal)? = Dimension::new(dim.name(), codes);
        }
        let category = self
            .specs
            .get(family.first().copied().unwrap_or(0))
            .ok_or(MonitorError::Internal)?
            .category;
        let categories: Vec<&str> = category
            .codes()
            .iter()
            .copied()
            .filter(|c| {
                cubes
                    .iter()
                    .any(|cube| cube.dims().last().is_some_and(|d| d.index_of(c).is_some()))
            })
            .collect();
        dims.push(Dimension::new(category.name(), categories.iter().copied()));
        let mut cover = Cube::new(dims)?;
        let not_given = missing.and_then(|m| {
            cover
                .dims()
                .get(m + 1)
                .map(|d| u32::try_from(d.len() - 1).unwrap_or(u32::MAX))
        });
        // Where a member has the cover cell's key, it counted the cell; the "not given"
        // cells are what a member without the field counted beyond the members with it.
        let lack = |cube: &Cube| cube.dims().len() < nb + 2;
        for index in 0..cover.cells().len() {
            let key = cover.key(index);
            let cat = key
                .last()
                .and_then(|&c| categories.get(c as usize))
                .copied()
                .unwrap_or("");
            let in_cube = |cube: &Cube, key: &[u32]| -> Option<u64> {
                let mut k: Vec<u32> = Vec::with_capacity(key.len());
                for (d, &code) in key.iter().enumerate() {
                    if Some(d) == missing.map(|m| m + 1) && lack(cube) {
                        continue;
                    }
                    k.push(code);
                }
                let c = cube.dims().last()?.index_of(cat)?;
                if let Some(last) = k.last_mut() {
                    *last = c;
                }
                cube.cell(&k).map(|s| s.count)
            };
            let count = match (missing, not_given) {
                (Some(m), Some(ng)) if key.get(m + 1) == Some(&ng) => {
                    let total = cubes
                        .iter()
                        .filter(|c| lack(c))
                        .find_map(|c| in_cube(c, &key));
                    let full = cubes.iter().find(|c| {
                        !lack(c) && c.dims().last().is_some_and(|d| d.index_of(cat).is_some())
                    });
                    match (total, full) {
                        (None, _) => 0,
                        (Some(total), None) => total,
                        (Some(total), Some(full)) => {
                            let b = cover.dims().get(m + 1).map_or(0, |d| d.len() - 1);
                            let mut given = 0u64;
                            for code in 0..b {
                                let mut k = key.clone();
                                if let Some(slot) = k.get_mut(m + 1) {
                                    *slot =
                                        u32::try_from(code).map_err(|_| MonitorError::Internal)?;
                                }
                                given += in_cube(full, &k).unwrap_or(0);
                            }
                            total.checked_sub(given).ok_or(MonitorError::Internal)?
                        }
                    }
                }
                _ => cubes
                    .iter()
                    .filter(|c| !lack(c) || missing.is_none())
                    .find_map(|c| in_cube(c, &key))
                    .unwrap_or(0),
            };
            // Indicators count records, one each: the statistics of `count` ones.
            let cell = cover.cell_mut(index).ok_or(MonitorError::Internal)?;
            cell.count = count;
            cell.sum = count;
            for (t, slot) in cell.top.iter_mut().enumerate() {
                *slot = u64::from(count > t as u64);
            }
        }
        // Each member's inner cells as sets of the cover's.
        let mut maps: Vec<Vec<Vec<u32>>> = Vec::with_capacity(cubes.len());
        for cube in &cubes {
            let without = lack(cube);
            let mut map = Vec::with_capacity(cube.cells().len());
            for i in 0..cube.cells().len() {
                let key = cube.key(i);
                let cat = key
                    .last()
                    .and_then(|&c| cube.dims().last()?.codes().get(c as usize).cloned())
                    .unwrap_or_default();
                let cat = cover
                    .dims()
                    .last()
                    .and_then(|d| d.index_of(&cat))
                    .ok_or(MonitorError::Internal)?;
                let mut keys: Vec<Vec<u32>> = vec![Vec::new()];
                let mut own = key.iter();
                for d in 0..nb + 1 {
                    if without && Some(d) == missing.map(|m| m + 1) {
                        let n = cover.dims().get(d).map_or(0, Dimension::len);
                        keys = keys
                            .into_iter()
                            .flat_map(|k| {
                                (0..n).map(move |code| {
                                    let mut k = k.clone();
                                    k.push(u32::try_from(code).unwrap_or(u32::MAX));
                                    k
                                })
                            })
                            .collect();
                    } else {
                        let code = *own.next().ok_or(MonitorError::Internal)?;
                        keys.iter_mut().for_each(|k| k.push(code));
                    }
                }
                let mut cells: Vec<u32> = Vec::with_capacity(keys.len());
                for mut k in keys {
                    k.push(cat);
                    let at = cover.index(&k).ok_or(MonitorError::Internal)?;
                    cells.push(u32::try_from(at).map_err(|_| MonitorError::Internal)?);
                }
                map.push(cells);
            }
            maps.push(map);
        }
        let publications: Vec<Publication> = family
            .iter()
            .zip(&cubes)
            .map(|(&i, cube)| Publication::new(cube, vec![self.layout(i)]))
            .collect::<Result<_, _>>()?;
        let members: Vec<(&Publication, &[Vec<u32>])> = publications
            .iter()
            .zip(&maps)
            .map(|(p, m)| (p, m.as_slice()))
            .collect();
        let (linked, cell_maps) = Publication::linked(&cover, &members)?;
        let together = self.protect_against(&linked, settings, register, || {
            let mut tables = Vec::with_capacity(family.len());
            for (((&i, cube), publication), cells) in
                family.iter().zip(&cubes).zip(&publications).zip(&cell_maps)
            {
                let spec = self.specs.get(i).ok_or(MonitorError::Internal)?;
                tables.push(RunTable::new(
                    spec,
                    &self.kommunen,
                    cube,
                    publication,
                    0,
                    Some(cells),
                )?);
            }
            Ok(tables)
        })?;
        let mut out = Vec::with_capacity(family.len());
        for ((&i, publication), cell_map) in family.iter().zip(publications).zip(cell_maps) {
            let pick = |u: &usize| -> Result<(CellStatus, Option<u64>), MonitorError> {
                Ok((
                    *together.status.get(*u).ok_or(MonitorError::Internal)?,
                    *together.shown.get(*u).ok_or(MonitorError::Internal)?,
                ))
            };
            let picked: Vec<(CellStatus, Option<u64>)> =
                cell_map.iter().map(pick).collect::<Result<_, _>>()?;
            // A member's distinct cells are distinct cells of the cover: one each.
            let member_cell: HashMap<usize, usize> =
                cell_map.iter().enumerate().map(|(c, &u)| (u, c)).collect();
            let mut audit: Vec<_> = together
                .audit
                .iter()
                .filter_map(|&(u, interval)| member_cell.get(&u).map(|&c| (c, interval)))
                .collect();
            audit.sort_by_key(|&(c, _)| c);
            let protected = Protected {
                status: picked.iter().map(|p| p.0).collect(),
                shown: picked.iter().map(|p| p.1).collect(),
                audit,
            };
            out.push((i, (publication, protected)));
        }
        Ok(out)
    }
}

/// An indicator's count table as a publication, with its protection.
type Published = (Publication, Protected);

/// The code of a breakdown's "not given" in a linked publication's cover cube: the
/// records a member without that breakdown counts beyond those with it.
const NOT_GIVEN: &str = "ohne_angabe";

fn attach_population(t: &mut Table, pop: &Table) {
    let n = pop.labels.len();
    let mut den = Vec::with_capacity(t.len());
    for i in 0..t.len() {
        let labels: Vec<&str> = t
            .labels
            .iter()
            .take(n)
            .map(|c| c.get(i).map_or("", String::as_str))
            .collect();
        den.push(
            pop.find(&labels)
                .and_then(|j| pop.value.get(j).copied().flatten()),
        );
    }
    let rate = t
        .value
        .iter()
        .zip(&den)
        .map(|(v, d)| match (v, d) {
            (Some(v), Some(d)) if *d > 0 => Some(*v as f64 / *d as f64),
            _ => None,
        })
        .collect();
    t.denominator = Some(den);
    t.rate = Some(rate);
}
