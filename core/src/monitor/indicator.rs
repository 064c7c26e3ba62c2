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
//! Every record is, per indicator, either counted in a cell or counted under a [`Reason`]:
//! outside the population by definition (another school year, a grade or Schulform the
//! indicator leaves out, no value of its category, a Kommune not in the set), or *lost* — it
//! has the indicator's fact but a value it needs is missing or no known code (a Schulform by
//! name instead of its key). The counts per reason survive merging and reach the
//! [`IndicatorResult`]; an indicator that counted nothing is not published unless asked for
//! ([`IfEmpty`]). The flags `repeater` and `foerderbedarf` count as `false` when absent (as in
//! the school statistics, where the flag is set only when it applies).
//!
//! # Limits
//!
//! The population table of a population denominator (`<id>.nenner`) is protected apart from
//! its count table. Against an attacker who knows only the published tables this shows
//! nothing more: the records in one and not the other (a transition without a
//! recommendation, a recommendation without a transition) are counts that neither table
//! shows, each free to be anything from 0 up, so no cell of one table bounds a cell of the
//! other. An attacker who knows those differences (e.g. that every pupil with a
//! recommendation has a transition and vice versa) reads a Kommune's count total off its
//! population cell; where the count table hid that total as a secondary suppression, the
//! population table may show it. Protecting the two as one needs the joint count of both
//! (a cover cube with the population as a dimension) and is not built.

use std::collections::HashMap;
use std::thread;

use serde::{Deserialize, Serialize};

use super::MonitorError;
use super::cube::{Cube, Dimension};
use super::record::{MonitoringRecord, Qualification, Recommendation, SchoolEntry};
use super::register::{Population, Register, Release, RunTable, registered_table};
use super::sdc::{
    CellStatus, LINKED_BLOCKS_FROM, Protected, Protection, Publication, Strategy, TableLayout,
    protect,
};
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

    /// A Schulform key: one of [`SCHULFORMEN`], or another two-digit key (counted as
    /// `sonstige`). Anything else — a name such as `"Gymnasium"` — is no key.
    fn schulform(key: Option<&str>) -> Lookup {
        let Some(key) = key else {
            return Lookup::Missing;
        };
        match SCHULFORMEN.iter().position(|k| *k == key) {
            Some(i) => Lookup::Code(i),
            None if key.len() == 2 && key.bytes().all(|b| b.is_ascii_digit()) => {
                Lookup::Code(SCHULFORMEN.len() - 1)
            }
            None => Lookup::Unknown,
        }
    }

    /// The record's value of the field as an index in [`Field::codes`], or why there is none.
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{Field, Lookup};
    /// use bildungsnetz::monitor::record::MonitoringRecord;
    /// let r: MonitoringRecord = serde_json::from_str(
    ///     r#"{"school_year":"2024/25","schulform":"Gymnasim","transition_schulform":"Gymnasium"}"#)?;
    /// // A Schulform by its name is read as its key; a misspelt one is no known code.
    /// assert_eq!(Field::TransitionSchulform.lookup(&r), Lookup::Code(5));
    /// assert_eq!(Field::Schulform.lookup(&r), Lookup::Unknown);
    /// assert_eq!(Field::Qualification.lookup(&r), Lookup::Missing);
    /// // An absent flag counts as "nein", as in the school statistics.
    /// assert_eq!(Field::Repeater.lookup(&r), Lookup::Code(1));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn lookup(self, r: &MonitoringRecord) -> Lookup {
        let known = |code: Option<usize>| code.map_or(Lookup::Missing, Lookup::Code);
        match self {
            Field::Schulform => Field::schulform(r.schulform.as_deref()),
            Field::TransitionSchulform => Field::schulform(r.transition_schulform.as_deref()),
            Field::Recommendation => known(r.recommendation.map(|x| match x {
                Recommendation::Hauptschule => 0,
                Recommendation::HauptRealschule => 1,
                Recommendation::Realschule => 2,
                Recommendation::RealschuleGymnasium => 3,
                Recommendation::Gymnasium => 4,
                Recommendation::Ohne => 5,
            })),
            Field::SchoolEntry => known(r.school_entry.map(|x| match x {
                SchoolEntry::Early => 0,
                SchoolEntry::OnTime => 1,
                SchoolEntry::AfterDeferral => 2,
                SchoolEntry::Deferred => 3,
            })),
            Field::Qualification => known(r.qualification.map(|x| match x {
                Qualification::Ohne => 0,
                Qualification::Esa => 1,
                Qualification::Eesa => 2,
                Qualification::Msa => 3,
                Qualification::Fhr => 4,
                Qualification::Ahr => 5,
            })),
            Field::Repeater => Lookup::Code(if r.repeater == Some(true) { 0 } else { 1 }),
            Field::Foerder => Lookup::Code(if r.foerderbedarf != Some(true) {
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
            Field::Grade => match r.grade {
                None => Lookup::Missing,
                Some(g) => usize::from(g)
                    .checked_sub(1)
                    .filter(|g| *g < GRADES.len())
                    .map_or(Lookup::Unknown, Lookup::Code),
            },
        }
    }

    /// Whether the record states the field at all (the flags `repeater` and `foerderbedarf`
    /// are looked up as `false` when absent, but are not stated then).
    fn stated(self, r: &MonitoringRecord) -> bool {
        match self {
            Field::Repeater => r.repeater.is_some(),
            Field::Foerder => r.foerderbedarf.is_some(),
            _ => self.lookup(r) != Lookup::Missing,
        }
    }
}

/// A record's value of a [`Field`]: a code of the field, or missing, or not a code of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The index in [`Field::codes`].
    Code(usize),
    /// The record has no value in the field.
    Missing,
    /// The value is no code of the field (e.g. a Schulform by name instead of its key).
    Unknown,
}

/// Why a record was not counted in an indicator.
///
/// The first five reasons are *outside*: by its definition the indicator does not count the
/// record (another school year, a grade of 7 for a transition after class 4, a record
/// without the indicator's fact such as a pupil who is not a school leaver). The last two are
/// *lost* ([`Reason::is_lost`]): the record has the indicator's fact but cannot be placed in
/// a cell because a value it needs is missing or is no known code — these are what a user
/// must look at. A Kommune outside the set is outside (the set defines the region: a child
/// living in the neighbouring Kreis is not a loss), but named as its own reason so that a
/// forgotten Kommune shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Outside: the record describes another school year.
    OtherSchoolYear,
    /// Outside: the grade is not among the indicator's grades.
    GradeOutside,
    /// Outside: the Schulform is left out of the indicator (e.g. the Förderschulen).
    ExcludedSchulform,
    /// Outside: the record does not state the indicator's category (e.g. no qualification:
    /// not a school leaver).
    WithoutFact,
    /// Outside: the code is not one the indicator counts (e.g. `deferred` among the
    /// Einschulungen).
    OtherCode,
    /// Outside: the Kommune is not in the indicator set.
    KommuneNotInSet,
    /// Lost: a value the indicator needs is missing.
    MissingValue,
    /// Lost: the value is no code of its field.
    UnknownCode,
}

impl Reason {
    /// Whether the record was meant for the indicator but matched no cell.
    pub fn is_lost(self) -> bool {
        matches!(self, Reason::MissingValue | Reason::UnknownCode)
    }

    /// The reason's name, as in JSON (`"unknown_code"`).
    pub fn name(self) -> &'static str {
        match self {
            Reason::OtherSchoolYear => "other_school_year",
            Reason::GradeOutside => "grade_outside",
            Reason::ExcludedSchulform => "excluded_schulform",
            Reason::WithoutFact => "without_fact",
            Reason::OtherCode => "other_code",
            Reason::KommuneNotInSet => "kommune_not_in_set",
            Reason::MissingValue => "missing_value",
            Reason::UnknownCode => "unknown_code",
        }
    }
}

/// How many records an indicator did not count for one reason and field. Only a count and
/// a field name: never a value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uncounted {
    /// Why.
    pub reason: Reason,
    /// The field at fault (e.g. `"transition_schulform"`, `"school_year"`).
    pub field: String,
    /// The number of records.
    pub records: u64,
}

impl std::fmt::Display for Uncounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (n, field) = (self.records, &self.field);
        match self.reason {
            Reason::OtherSchoolYear => write!(f, "{n} of another school year"),
            Reason::GradeOutside => write!(f, "{n} of a grade outside the indicator's"),
            Reason::ExcludedSchulform => write!(f, "{n} of a Schulform left out"),
            Reason::WithoutFact => write!(f, "{n} without {field}"),
            Reason::OtherCode => write!(f, "{n} with a {field} not counted here"),
            Reason::KommuneNotInSet => write!(f, "{n} with a {field} not in the set"),
            Reason::MissingValue => write!(f, "{n} lost: {field} missing"),
            Reason::UnknownCode => write!(f, "{n} lost: {field} is no known code"),
        }
    }
}

/// Why a record is not counted, with the field at fault.
type Miss = (Reason, &'static str);

/// Where a record goes in one indicator (see `IndicatorSet::place`).
struct Placement {
    key: Result<(), Miss>,
    category: Result<u32, Miss>,
    in_population: bool,
}

/// The record's code of `field` in a dimension's lookup table, or why not: `missing` when the
/// record has no value (outside for the category, lost for a breakdown).
fn code_in(
    field: Field,
    r: &MonitoringRecord,
    lut: &[Option<u32>],
    missing: Reason,
) -> Result<u32, Miss> {
    match field.lookup(r) {
        Lookup::Code(i) => lut
            .get(i)
            .copied()
            .flatten()
            .ok_or((Reason::OtherCode, field.name())),
        Lookup::Missing => Err((missing, field.name())),
        Lookup::Unknown => Err((Reason::UnknownCode, field.name())),
    }
}

/// Adds `n` records of (`reason`, `field`) to a list kept in the order of reason and field.
fn tally(
    list: &mut Vec<Uncounted>,
    reason: Reason,
    field: &str,
    n: u64,
) -> Result<(), MonitorError> {
    let at = list.binary_search_by(|u| (u.reason, u.field.as_str()).cmp(&(reason, field)));
    match at {
        Ok(i) => {
            let u = list.get_mut(i).ok_or(MonitorError::Internal)?;
            u.records = u.records.checked_add(n).ok_or(MonitorError::SumOverflow)?;
        }
        Err(i) => list.insert(
            i,
            Uncounted {
                reason,
                field: field.to_owned(),
                records: n,
            },
        ),
    }
    Ok(())
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

/// Counts per indicator: one [`Cube`] per indicator, and one per population denominator,
/// with the number of records counted and of those not counted, by reason. Partials of the
/// same [`IndicatorSet`] merge; merge order does not matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partials {
    /// The numerator cubes, one per indicator.
    pub cubes: Vec<Cube>,
    /// The population cubes (`None` where the denominator is the category total).
    pub populations: Vec<Option<Cube>>,
    /// Per indicator, the records counted in its numerator cube.
    pub counted: Vec<u64>,
    /// Per indicator, the records not counted, by reason and field (in that order); every
    /// record is either counted or here exactly once.
    pub uncounted: Vec<Vec<Uncounted>>,
}

impl Partials {
    /// Merges another partial aggregate of the same indicator set into this one.
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, IndicatorSet, LandConvention};
    /// use bildungsnetz::monitor::record::read_records_jsonl;
    /// let set = IndicatorSet::new(
    ///     standard_indicators("2024/25".parse()?, LandConvention::nrw()), &["05334002".into()])?;
    /// let a = read_records_jsonl(r#"{"school_year":"2023/24","grade":4}"#.as_bytes())?;
    /// let b = read_records_jsonl(r#"{"school_year":"2024/25","school_ags":"05334002","grade":4,"transition_schulform":"Gymnasim"}"#.as_bytes())?;
    /// let mut merged = set.count(&a)?;
    /// merged.merge(&set.count(&b)?)?;
    /// let quote = &merged.uncounted[0];
    /// assert_eq!(quote.iter().map(|u| (u.reason.name(), u.records)).collect::<Vec<_>>(),
    ///     [("other_school_year", 1), ("unknown_code", 1)]);
    /// assert_eq!(quote[1].to_string(), "1 lost: transition_schulform is no known code");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(&mut self, other: &Partials) -> Result<(), MonitorError> {
        if self.cubes.len() != other.cubes.len()
            || self.populations.len() != other.populations.len()
            || self.counted.len() != other.counted.len()
            || self.uncounted.len() != other.uncounted.len()
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
        for (a, b) in self.counted.iter_mut().zip(&other.counted) {
            *a = a.checked_add(*b).ok_or(MonitorError::SumOverflow)?;
        }
        for (a, b) in self.uncounted.iter_mut().zip(&other.uncounted) {
            for u in b {
                tally(a, u.reason, &u.field, u.records)?;
            }
        }
        Ok(())
    }
}

/// Whether [`IndicatorSet::publish`] publishes an indicator whose population is empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IfEmpty {
    /// Fail with [`MonitorError::EmptyPopulation`]: an all-zero table is almost always
    /// records that did not match (another school year, codes by name), not a finding.
    Fail,
    /// Publish the empty table.
    Publish,
}

/// One published indicator: its spec and protected tables (the count table with margins and
/// rates; for a population denominator also the protected population table), and how many
/// records it counted and did not count, by reason.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorResult {
    /// The indicator's id.
    pub id: String,
    /// The tables.
    pub tables: Vec<Table>,
    /// The protection outcome of the count table (statuses and audit).
    pub protected: Protected,
    /// The records counted in the count table.
    pub counted: u64,
    /// The records not counted, by reason and field (see [`Reason`]).
    pub uncounted: Vec<Uncounted>,
}

impl IndicatorResult {
    /// The records not counted that were meant for the indicator (see [`Reason::is_lost`]).
    pub fn lost(&self) -> impl Iterator<Item = &Uncounted> {
        self.uncounted.iter().filter(|u| u.reason.is_lost())
    }
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
        Ok(Partials {
            cubes,
            populations,
            counted: vec![0; self.compiled.len()],
            uncounted: vec![Vec::new(); self.compiled.len()],
        })
    }

    /// The index of the record's Kommune in `field`, or why there is none.
    fn kommune_index(&self, ags: Option<&str>, field: &'static str) -> Result<u32, Miss> {
        let ags = ags.ok_or((Reason::MissingValue, field))?;
        let a = parse_ags(ags).ok_or((Reason::UnknownCode, field))?;
        self.ags
            .binary_search(&a)
            .ok()
            .and_then(|i| u32::try_from(i).ok())
            .ok_or((Reason::KommuneNotInSet, field))
    }

    /// Counts records into partials: each record, per indicator, into a cell of the
    /// numerator cube or else under the first [`Reason`] that keeps it out — in the order
    /// school year, grade, Schulform left out, the category (not stated, no known code, a code
    /// not counted), the breakdowns, the Kommune.
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, IndicatorSet, LandConvention, Reason};
    /// use bildungsnetz::monitor::record::read_records_jsonl;
    /// let set = IndicatorSet::new(
    ///     standard_indicators("2024/25".parse()?, LandConvention::nrw()), &["05334002".into()])?;
    /// let records = read_records_jsonl(concat!(
    ///     r#"{"school_year":"2024/25","school_ags":"05334002","grade":4,"transition_schulform":"20"}"#, "\n",
    ///     r#"{"school_year":"2024/25","school_ags":"05334002","grade":7}"#, "\n",
    ///     r#"{"school_year":"2024/25","school_ags":"05334099","grade":4,"transition_schulform":"20"}"#, "\n",
    ///     r#"{"school_year":"2024/25","grade":4,"transition_schulform":"15"}"#).as_bytes())?;
    /// let p = set.count(&records)?;
    /// assert_eq!(p.counted[0], 1);
    /// let why: Vec<_> = p.uncounted[0].iter().map(|u| (u.reason, u.field.as_str(), u.records)).collect();
    /// assert_eq!(why, [(Reason::GradeOutside, "grade", 1),
    ///     (Reason::KommuneNotInSet, "school_ags", 1), (Reason::MissingValue, "school_ags", 1)]);
    /// assert!(!Reason::KommuneNotInSet.is_lost() && Reason::MissingValue.is_lost());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn count(&self, records: &[MonitoringRecord]) -> Result<Partials, MonitorError> {
        let mut partials = self.empty()?;
        // Per indicator, the reasons met so far with their count (a handful each).
        let mut misses: Vec<Vec<(Miss, u64)>> = vec![Vec::new(); self.specs.len()];
        let mut key: Vec<u32> = Vec::with_capacity(8);
        for r in records {
            let mut school: Option<Result<u32, Miss>> = None;
            let mut residence: Option<Result<u32, Miss>> = None;
            for (i, (s, c)) in self.specs.iter().zip(&self.compiled).enumerate() {
                let (Some(cube), Some(pop), Some(counted), Some(missed)) = (
                    partials.cubes.get_mut(i),
                    partials.populations.get_mut(i),
                    partials.counted.get_mut(i),
                    misses.get_mut(i),
                ) else {
                    return Err(MonitorError::Internal);
                };
                let (slot, ags, field) = match s.kommune {
                    KommuneBasis::School => (&mut school, r.school_ags.as_deref(), "school_ags"),
                    KommuneBasis::Residence => {
                        (&mut residence, r.residence_ags.as_deref(), "residence_ags")
                    }
                };
                let place = self.place(s, c, r, &mut key, || {
                    *slot.get_or_insert_with(|| self.kommune_index(ags, field))
                });
                if place.in_population && place.key.is_ok() {
                    if let Some(p) = pop.as_mut() {
                        p.add(&key, 1)?;
                    }
                }
                match place.category.and_then(|cat| place.key.map(|()| cat)) {
                    Ok(cat) => {
                        key.push(cat);
                        cube.add(&key, 1)?;
                        *counted += 1;
                    }
                    Err(miss) => match missed.iter_mut().find(|(m, _)| *m == miss) {
                        Some((_, n)) => *n += 1,
                        None => missed.push((miss, 1)),
                    },
                }
            }
        }
        for (list, missed) in partials.uncounted.iter_mut().zip(misses) {
            for ((reason, field), n) in missed {
                tally(list, reason, field, n)?;
            }
        }
        Ok(partials)
    }

    /// Where a record goes in indicator `s`: the key of Kommune and breakdowns (written to
    /// `key`) and the category's code, each or why not; and whether the record belongs to the
    /// population denominator. The checks before the category (school year, grade, Schulform
    /// left out) fail both.
    fn place(
        &self,
        s: &IndicatorSpec,
        c: &CompiledSpec,
        r: &MonitoringRecord,
        key: &mut Vec<u32>,
        kommune: impl FnOnce() -> Result<u32, Miss>,
    ) -> Placement {
        key.clear();
        let nowhere = |miss: Miss| Placement {
            key: Err(miss),
            category: Err(miss),
            in_population: false,
        };
        if r.school_year != s.school_year {
            return nowhere((Reason::OtherSchoolYear, "school_year"));
        }
        if let (Some((lo, hi)), Some(g)) = (s.grades, r.grade) {
            if g < lo || g > hi {
                return nowhere((Reason::GradeOutside, "grade"));
            }
        }
        if r.schulform
            .as_ref()
            .is_some_and(|f| s.exclude_schulformen.contains(f))
        {
            return nowhere((Reason::ExcludedSchulform, "schulform"));
        }
        let category = if s.grades.is_some() && r.grade.is_none() {
            // Without a grade the record may or may not belong: lost if it states the fact.
            Err(if s.category.stated(r) {
                (Reason::MissingValue, "grade")
            } else {
                (Reason::WithoutFact, s.category.name())
            })
        } else {
            code_in(s.category, r, &c.category_lut, Reason::WithoutFact)
        };
        let in_population = match s.denominator {
            Denominator::Population { grade, requires } => {
                r.grade == Some(grade) && requires.lookup(r) != Lookup::Missing
            }
            Denominator::CategoryTotal => false,
        };
        if !in_population {
            if let Err(miss) = category {
                // Counted nowhere: the breakdowns and the Kommune need not be looked up.
                return nowhere(miss);
            }
        }
        let mut breakdowns = Ok(());
        for (f, lut) in s.breakdowns.iter().zip(&c.breakdown_luts) {
            match code_in(*f, r, lut, Reason::MissingValue) {
                Ok(code) => key.push(code),
                Err(miss) => {
                    breakdowns = Err(miss);
                    break;
                }
            }
        }
        let key = breakdowns.and_then(|()| {
            key.insert(0, kommune()?);
            Ok(())
        });
        Placement {
            key,
            category,
            in_population,
        }
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
                .map(|part| scope.spawn(move || self.count(part)))
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
    ///
    /// An indicator that counted no record fails the whole call with
    /// [`MonitorError::EmptyPopulation`], naming it and the main reasons, unless `if_empty` is
    /// [`IfEmpty::Publish`].
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, IfEmpty, IndicatorSet, LandConvention};
    /// use bildungsnetz::monitor::record::read_records_jsonl;
    /// use bildungsnetz::monitor::sdc::Protection;
    /// let mut specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
    /// specs.truncate(1);
    /// let set = IndicatorSet::new(specs, &["05334002".into()])?;
    /// let last_year = r#"{"school_year":"2023/24","school_ags":"05334002","grade":4,"transition_schulform":"20"}"#;
    /// let p = set.count(&read_records_jsonl(last_year.as_bytes())?)?;
    /// let err = set.publish(&p, &Protection::default(), IfEmpty::Fail).unwrap_err();
    /// assert_eq!(err.to_string(), "indicator uebergangsquote counted no record (1 of another \
    ///     school year); ask for empty tables explicitly (allow_empty) to publish it");
    /// let empty = set.publish(&p, &Protection::default(), IfEmpty::Publish)?;
    /// assert_eq!(empty[0].counted, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish(
        &self,
        partials: &Partials,
        settings: &Protection,
        if_empty: IfEmpty,
    ) -> Result<Vec<IndicatorResult>, MonitorError> {
        self.refuse_empty(partials, if_empty)?;
        self.publish_against(partials, settings, &Register::new())
    }

    /// [`MonitorError::EmptyPopulation`] for the first indicator that counted no record,
    /// unless `if_empty` asks for empty tables.
    fn refuse_empty(&self, partials: &Partials, if_empty: IfEmpty) -> Result<(), MonitorError> {
        if partials.counted.len() != self.specs.len()
            || partials.uncounted.len() != self.specs.len()
        {
            return Err(MonitorError::LayoutMismatch);
        }
        if if_empty == IfEmpty::Fail {
            let empty = self
                .specs
                .iter()
                .zip(&partials.counted)
                .zip(&partials.uncounted)
                .find(|((_, counted), _)| **counted == 0);
            if let Some(((s, _), uncounted)) = empty {
                let mut main = uncounted.clone();
                main.sort_by_key(|u| std::cmp::Reverse(u.records));
                main.truncate(3);
                return Err(MonitorError::EmptyPopulation {
                    indicator: s.id.clone(),
                    main_reasons: main,
                });
            }
        }
        Ok(())
    }

    /// Publishes as [`IndicatorSet::publish`], protected against the earlier releases in
    /// `register` (see [`super::register`]), and adds this run to it as release `name` of
    /// `date`. On an error the register is left as it was.
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, IfEmpty, IndicatorSet, LandConvention};
    /// use bildungsnetz::monitor::register::Register;
    /// use bildungsnetz::monitor::sdc::Protection;
    /// let specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
    /// let set = IndicatorSet::new(specs, &["05334002".into()])?;
    /// let mut register = Register::new();
    /// set.publish_registered(&set.empty()?, &Protection::default(), IfEmpty::Publish,
    ///     &mut register, "Bericht März", "2025-03-14".parse()?)?;
    /// assert_eq!(register.releases()[0].name, "Bericht März");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn publish_registered(
        &self,
        partials: &Partials,
        settings: &Protection,
        if_empty: IfEmpty,
        register: &mut Register,
        name: &str,
        date: Date,
    ) -> Result<Vec<IndicatorResult>, MonitorError> {
        self.refuse_empty(partials, if_empty)?;
        let run: Vec<_> = self
            .specs
            .iter()
            .map(|s| (s.id.as_str(), s.school_year, Population::of(s)))
            .collect();
        register.refuse_linked_absent(&run, &self.kommunen)?;
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
                counted: partials.counted.get(i).copied().unwrap_or(0),
                uncounted: partials.uncounted.get(i).cloned().unwrap_or_default(),
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
            let population = Population::of(s);
            let same = |j: &usize| {
                self.specs.get(*j).is_some_and(|t| {
                    t.school_year == s.school_year && Population::of(t).counts_like(&population)
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
        let settings =
            &if settings.strategy == Strategy::Auto && self.kommunen.len() >= LINKED_BLOCKS_FROM {
                Protection {
                    strategy: Strategy::Blocks,
                    ..*settings
                }
            } else {
                *settings
            };
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
        let labels: Vec<Option<&str>> = t
            .labels
            .iter()
            .take(n)
            .map(|c| c.get(i).and_then(Option::as_deref))
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
