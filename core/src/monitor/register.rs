//! The register of published releases: what each earlier release showed and what it hid, so
//! that a new release is protected against it.
//!
//! Bildungsbüros publish at different times — the report of March, the corrected table of
//! June, next year's report that shows the same cells again. A cell shown once is public for
//! ever, and a cell hidden in March and shown in June discloses what March hid. Statistical
//! offices therefore keep a register of their releases. [`IndicatorSet::publish_registered`]
//! protects a run against a [`Register`] and adds the run to it as a new [`Release`]:
//!
//! * a cell shown before is a published constraint with the value shown then, and is never
//!   chosen for secondary suppression; if it is now primary, or would show another value,
//!   the run stops with [`MonitorError::Register`] naming the table, the cell's labels and
//!   the release — a corrected value is refused, not published: the difference between the
//!   two values counts the corrected records, which may be one child;
//! * a cell suppressed before stays suppressed, and the interval step proves every primary
//!   cell protected against the cells shown before and now together.
//!
//! # The file
//!
//! JSON, versioned, with no personal data: per release its name and date, per table its
//! identity and per cell its labels and the value shown (`null`: suppressed).
//!
//! ```json
//! {"format": "bildungsnetz-register", "version": 1, "releases": [
//!   {"name": "Bildungsbericht 2025", "date": "2025-03-14", "tables": [
//!     {"table": "uebergangsquote", "school_year": "2024/25",
//!      "population": {"kommune": "school", "grades": [4, 4], "exclude_schulformen": [],
//!                     "breakdowns": [], "category": "transition_schulform",
//!                     "category_codes": null, "groups": [], "denominator": "category_total"},
//!      "kommunen": ["05334002", "05334004"], "dimensions": ["kommune", "transition_schulform"],
//!      "rounding_base": null,
//!      "cells": [{"labels": ["05334002", "20"], "value": 12},
//!                {"labels": ["05334002", "04"], "value": null}]}]}]}
//! ```
//!
//! A table is the same table in a later run when its id and school year agree; its
//! `population` (the indicator's definition, in which the Land convention shows: the
//! transition grade, the denominator) and its Kommunen must agree too, else the run stops
//! ([`Conflict::DefinitionChanged`], [`Conflict::KommunenChanged`]) — the Land cells of other
//! Kommunen are other cells. Cells are the same cell when their labels agree. Unknown fields,
//! another format or version are refused with the JSON pointer of the place.
//!
//! # Limits
//!
//! The run's tables are protected against the register's tables they publish again. A table
//! of the register that the run leaves out but that is linked to one of its indicators — it
//! counts the same population with equal breakdowns or one field more or less, over shared
//! Kommunen (see [`Population::linked_to`]) — could be combined with the run's tables, so
//! the run is refused ([`Conflict::LinkedNotInRun`]): publish linked indicators together in
//! every release. Tables of unrelated populations are left as they are.
//!
//! ```
//! use bildungsnetz::monitor::indicator::{standard_indicators, IfEmpty, IndicatorSet, LandConvention};
//! use bildungsnetz::monitor::record::read_records_jsonl;
//! use bildungsnetz::monitor::register::Register;
//! use bildungsnetz::monitor::sdc::Protection;
//! let mut lines = String::new();
//! for form in ["20", "20", "20", "20", "15", "15", "15", "10", "10", "10", "04"] {
//!     lines.push_str(&format!(
//!         "{{\"school_year\":\"2024/25\",\"school_ags\":\"05334002\",\"grade\":4,\"transition_schulform\":\"{form}\"}}\n"));
//! }
//! let records = read_records_jsonl(lines.as_bytes())?;
//! let mut specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
//! specs.truncate(1); // the Übergangsquote
//! let set = IndicatorSet::new(specs, &["05334002".into()])?;
//! let partials = set.count(&records)?;
//! let mut register = Register::new();
//! let march = set.publish_registered(&partials, &Protection::default(), IfEmpty::Publish, &mut register,
//!     "Bericht März", "2025-03-14".parse()?)?;
//! let text = register.to_json();
//! // June: the register read back, the same cells.
//! let mut register = Register::from_json(&text)?;
//! let june = set.publish_registered(&partials, &Protection::default(), IfEmpty::Publish, &mut register,
//!     "Tabelle Juni", "2025-06-02".parse()?)?;
//! assert_eq!(june[0].tables[0].value, march[0].tables[0].value);
//! assert_eq!(register.releases().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`IndicatorSet::publish_registered`]: super::indicator::IndicatorSet::publish_registered

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::MonitorError;
use super::cube::Cube;
use super::cube::TOTAL;
use super::indicator::{Denominator, Field, IndicatorSpec, KommuneBasis};
use super::sdc::{Conflict, Fixed, Protected, Protection, Publication, protect_fixed};
use super::table::{Table, node_label};
use crate::calendar::{Date, SchoolYear};

/// The `format` of a register file.
pub const REGISTER_FORMAT: &str = "bildungsnetz-register";

/// The version of the register file this library reads and writes.
pub const REGISTER_VERSION: u32 = 1;

/// The largest register file read (in bytes), in Rust, C and Python alike.
pub const REGISTER_BYTES: usize = 256 << 20;

/// The register of releases (see the module documentation).
///
/// ```
/// use bildungsnetz::monitor::register::Register;
/// let empty = Register::new();
/// assert_eq!(Register::from_json(&empty.to_json())?, empty);
/// let err = Register::from_json(r#"{"format":"bildungsnetz-register","version":2,"releases":[]}"#)
///     .unwrap_err();
/// assert!(err.to_string().contains("/version"));
/// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Register {
    releases: Vec<Release>,
}

/// One release: its name, its date and every table it published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// The release's name (e.g. `"Bildungsbericht 2025"`), unique in the register.
    pub name: String,
    /// The day it was published.
    pub date: Date,
    /// Its tables.
    pub tables: Vec<RegisteredTable>,
}

/// A table as a release published it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredTable {
    /// The table's id (an indicator's id, or `<id>.nenner` for its population table).
    pub table: String,
    /// The school year counted.
    pub school_year: SchoolYear,
    /// Who was counted: the indicator's definition.
    pub population: Population,
    /// The Kommunen of the table (8-digit AGS, sorted).
    pub kommunen: Vec<String>,
    /// The names of the dimension columns.
    pub dimensions: Vec<String>,
    /// The base the shown values were rounded to, if they were.
    pub rounding_base: Option<u64>,
    /// Every cell of the table.
    pub cells: Vec<RegisteredCell>,
}

/// A cell as a release published it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredCell {
    /// One label per dimension: a code, or a group label such as `Insgesamt`.
    pub labels: Vec<String>,
    /// The value shown; `None` (`null`) if the cell was suppressed.
    pub value: Option<u64>,
}

/// The definition of an indicator's population: what an [`IndicatorSpec`] says about who is
/// counted and how, without its id and title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Which Kommune.
    pub kommune: KommuneBasis,
    /// Grades included (inclusive), all if `None`.
    pub grades: Option<(u8, u8)>,
    /// Schulform keys left out.
    pub exclude_schulformen: Vec<String>,
    /// Breakdowns besides the Kommune.
    pub breakdowns: Vec<Field>,
    /// The category field.
    pub category: Field,
    /// Codes of the category counted (all if `None`).
    pub category_codes: Option<Vec<String>>,
    /// Published subtotals of the category.
    pub groups: Vec<(String, Vec<String>)>,
    /// The denominator.
    pub denominator: Denominator,
}

impl Population {
    /// Whether two indicators over these populations are linked: they count the same
    /// records — same Kommune basis, grades, excluded Schulformen and category field, the
    /// category total as denominator — and their breakdowns are equal or one has one field
    /// more, so that one table's cells are the other's or sums of them. (The school year is
    /// the table's, compared apart.)
    ///
    /// ```
    /// use bildungsnetz::monitor::indicator::{standard_indicators, LandConvention};
    /// use bildungsnetz::monitor::register::Population;
    /// let specs = standard_indicators("2024/25".parse()?, LandConvention::nrw());
    /// let of = |id: &str| Population::of(specs.iter().find(|s| s.id == id).expect("standard"));
    /// assert!(of("uebergangsquote").linked_to(&of("uebergang_nach_empfehlung")));
    /// assert!(!of("uebergangsquote").linked_to(&of("einschulungsart")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn linked_to(&self, other: &Population) -> bool {
        self.counts_like(other) && breakdowns_nest(&self.breakdowns, &other.breakdowns)
    }

    /// The first half of [`Population::linked_to`]: the same records, whatever the breakdowns.
    pub(crate) fn counts_like(&self, other: &Population) -> bool {
        self.denominator == Denominator::CategoryTotal
            && other.denominator == Denominator::CategoryTotal
            && self.kommune == other.kommune
            && self.grades == other.grades
            && self.exclude_schulformen == other.exclude_schulformen
            && self.category == other.category
    }

    /// The population an indicator counts.
    pub fn of(spec: &IndicatorSpec) -> Population {
        Population {
            kommune: spec.kommune,
            grades: spec.grades,
            exclude_schulformen: spec.exclude_schulformen.clone(),
            breakdowns: spec.breakdowns.clone(),
            category: spec.category,
            category_codes: spec.category_codes.clone(),
            groups: spec.groups.clone(),
            denominator: spec.denominator.clone(),
        }
    }
}

/// Whether `a` and `b` are equal or one is the other with one field more.
fn breakdowns_nest(a: &[Field], b: &[Field]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short == long,
        1 => (0..long.len()).any(|gap| {
            long.iter()
                .enumerate()
                .filter(|(i, _)| *i != gap)
                .map(|(_, f)| f)
                .eq(short.iter())
        }),
        _ => false,
    }
}

/// The file's layout.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterFile {
    format: String,
    version: u32,
    releases: Vec<Release>,
}

fn file_error(pointer: &str, message: impl Into<String>) -> MonitorError {
    MonitorError::RegisterFile {
        pointer: pointer.to_owned(),
        message: message.into(),
    }
}

impl Register {
    /// An empty register (before the first release).
    pub fn new() -> Register {
        Register::default()
    }

    /// Reads a register from its JSON text. Another format or version, unknown fields and
    /// invalid values are [`MonitorError::RegisterFile`] errors naming the place (JSON
    /// pointer); so is a release name given twice.
    pub fn from_json(text: &str) -> Result<Register, MonitorError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            file_error(
                "",
                format!("not JSON (line {}, column {}): {e}", e.line(), e.column()),
            )
        })?;
        let object = value
            .as_object()
            .ok_or_else(|| file_error("", "not a JSON object"))?;
        if object.get("format").and_then(serde_json::Value::as_str) != Some(REGISTER_FORMAT) {
            return Err(file_error(
                "/format",
                format!("not a register: format must be \"{REGISTER_FORMAT}\""),
            ));
        }
        match object.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(REGISTER_VERSION) => {}
            _ => {
                return Err(file_error(
                    "/version",
                    format!("unsupported version: this library reads version {REGISTER_VERSION}"),
                ));
            }
        }
        let file: RegisterFile = serde_path_to_error::deserialize(&value).map_err(|e| {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                use serde_path_to_error::Segment;
                let token = match segment {
                    Segment::Seq { index } => index.to_string(),
                    Segment::Map { key } => key.replace('~', "~0").replace('/', "~1"),
                    Segment::Enum { .. } | Segment::Unknown => continue,
                };
                pointer.push('/');
                pointer.push_str(&token);
            }
            file_error(&pointer, e.inner().to_string())
        })?;
        for (i, release) in file.releases.iter().enumerate() {
            if file
                .releases
                .get(..i)
                .is_some_and(|before| before.iter().any(|r| r.name == release.name))
            {
                return Err(file_error(
                    &format!("/releases/{i}/name"),
                    "a release of this name is in the register already",
                ));
            }
        }
        Ok(Register {
            releases: file.releases,
        })
    }

    /// The register as JSON text (indented; read back by [`Register::from_json`]).
    pub fn to_json(&self) -> String {
        let file = RegisterFile {
            format: REGISTER_FORMAT.to_owned(),
            version: REGISTER_VERSION,
            releases: self.releases.clone(),
        };
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(&file).unwrap_or_default()
    }

    /// The releases, oldest first.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// Adds a release; a name the register has already is refused.
    pub(crate) fn add(&mut self, release: Release) -> Result<(), MonitorError> {
        if self.releases.iter().any(|r| r.name == release.name) {
            return Err(MonitorError::Spec(
                "a release of this name is in the register already".to_owned(),
            ));
        }
        self.releases.push(release);
        Ok(())
    }

    /// Refuses a run that leaves out a table an earlier release published and that is linked
    /// (see [`Population::linked_to`]) to one of the run's indicators over shared Kommunen:
    /// the run's tables are protected only against the register's tables they publish, so
    /// the one left out could be combined with them. `run` lists the run's indicators: id,
    /// school year, population.
    pub(crate) fn refuse_linked_absent(
        &self,
        run: &[(&str, SchoolYear, Population)],
        kommunen: &[String],
    ) -> Result<(), MonitorError> {
        for release in &self.releases {
            for registered in &release.tables {
                let published_again = run.iter().any(|(id, year, _)| {
                    *year == registered.school_year
                        && (registered.table == *id
                            || registered.table.strip_suffix(".nenner") == Some(*id))
                });
                let shares_kommunen = registered.kommunen.iter().any(|k| kommunen.contains(k));
                let linked = run.iter().any(|(_, year, population)| {
                    *year == registered.school_year && population.linked_to(&registered.population)
                });
                if !published_again && shares_kommunen && linked {
                    return Err(MonitorError::Register {
                        table: registered.table.clone(),
                        labels: Vec::new(),
                        release: Some(release.name.clone()),
                        conflict: Conflict::LinkedNotInRun,
                    });
                }
            }
        }
        Ok(())
    }

    /// Protects `publication`, whose rows the `tables` locate, keeping what the register's
    /// releases fixed for them; conflicts name the table, the labels and the release.
    pub(crate) fn protect(
        &self,
        publication: &Publication,
        settings: &Protection,
        tables: &[RunTable],
    ) -> Result<Protected, MonitorError> {
        let mut fixed = Fixed::default();
        // Per distinct cell: the first release that showed it.
        let mut shown_in: HashMap<usize, &str> = HashMap::new();
        for release in &self.releases {
            for registered in &release.tables {
                let Some(run) = tables.iter().find(|t| {
                    t.table == registered.table && t.school_year == registered.school_year
                }) else {
                    continue;
                };
                let whole_table = |conflict| MonitorError::Register {
                    table: registered.table.clone(),
                    labels: Vec::new(),
                    release: Some(release.name.clone()),
                    conflict,
                };
                if run.population != registered.population
                    || run.dimensions != registered.dimensions
                {
                    return Err(whole_table(Conflict::DefinitionChanged));
                }
                if run.kommunen != registered.kommunen {
                    return Err(whole_table(Conflict::KommunenChanged));
                }
                let by_labels: HashMap<&[String], usize> = run
                    .rows
                    .iter()
                    .map(|(labels, cell)| (labels.as_slice(), *cell))
                    .collect();
                for cell in &registered.cells {
                    let c = by_labels
                        .get(cell.labels.as_slice())
                        .copied()
                        .ok_or_else(|| MonitorError::Register {
                            table: registered.table.clone(),
                            labels: cell.labels.clone(),
                            release: Some(release.name.clone()),
                            conflict: Conflict::DefinitionChanged,
                        })?;
                    match cell.value {
                        Some(v) => {
                            shown_in.entry(c).or_insert(&release.name);
                            fixed.published.push((c, v));
                        }
                        None => fixed.suppressed.push(c),
                    }
                }
            }
        }
        fixed.published.sort_unstable();
        fixed.published.dedup();
        fixed.suppressed.sort_unstable();
        fixed.suppressed.dedup();
        protect_fixed(publication, settings, &fixed).map_err(|e| match e {
            MonitorError::Fixed { cell, conflict } => {
                let (table, labels) = tables
                    .iter()
                    .find_map(|t| {
                        t.rows
                            .iter()
                            .find(|(_, c)| *c == cell)
                            .map(|(labels, _)| (t.table.clone(), labels.clone()))
                    })
                    .unwrap_or_default();
                MonitorError::Register {
                    table,
                    labels,
                    release: shown_in.get(&cell).map(|r| (*r).to_owned()),
                    conflict,
                }
            }
            other => other,
        })
    }
}

/// A table of this run as the register identifies it, with the distinct cell (in the
/// publication being protected) of each of its rows.
pub(crate) struct RunTable {
    table: String,
    school_year: SchoolYear,
    population: Population,
    kommunen: Vec<String>,
    dimensions: Vec<String>,
    rows: Vec<(Vec<String>, usize)>,
}

impl RunTable {
    /// Table `t` of `publication` over `cube`, an indicator of `spec` over `kommunen`;
    /// `cells` maps the publication's distinct cells to those of the publication protected
    /// (a linked one), if they differ.
    pub(crate) fn new(
        spec: &IndicatorSpec,
        kommunen: &[String],
        cube: &Cube,
        publication: &Publication,
        t: usize,
        cells: Option<&[usize]>,
    ) -> Result<RunTable, MonitorError> {
        let layout = publication.layouts().get(t).ok_or(MonitorError::Internal)?;
        let mut rows = Vec::new();
        for row in publication.rows().iter().filter(|r| r.table == t) {
            let labels = row
                .nodes
                .iter()
                .zip(&layout.dims)
                .map(|(node, &d)| node_label(cube, d, *node))
                .collect();
            let cell = match cells {
                Some(map) => *map.get(row.cell).ok_or(MonitorError::Internal)?,
                None => row.cell,
            };
            rows.push((labels, cell));
        }
        Ok(RunTable {
            table: layout.id.clone(),
            school_year: spec.school_year,
            population: Population::of(spec),
            kommunen: kommunen.to_vec(),
            dimensions: layout
                .dims
                .iter()
                .filter_map(|&d| cube.dims().get(d).map(|x| x.name().to_owned()))
                .collect(),
            rows,
        })
    }
}

/// A published table as the register records it.
pub(crate) fn registered_table(
    spec: &IndicatorSpec,
    kommunen: &[String],
    settings: &Protection,
    table: &Table,
) -> RegisteredTable {
    let rounding_base = match settings.method {
        super::sdc::Method::RoundBase(base) => Some(base),
        super::sdc::Method::Suppression => None,
    };
    RegisteredTable {
        table: table.id.clone(),
        school_year: spec.school_year,
        population: Population::of(spec),
        kommunen: kommunen.to_vec(),
        dimensions: table.dimensions.clone(),
        rounding_base,
        cells: (0..table.len())
            .map(|i| RegisteredCell {
                labels: table
                    .labels
                    .iter()
                    // A margin's label is empty in the table; the register names it as
                    // the publication's rows do.
                    .map(|col| {
                        col.get(i)
                            .cloned()
                            .flatten()
                            .unwrap_or_else(|| TOTAL.to_owned())
                    })
                    .collect(),
                value: table.value.get(i).copied().flatten(),
            })
            .collect(),
    }
}
