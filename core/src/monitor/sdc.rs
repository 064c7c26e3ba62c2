//! Statistical disclosure control: primary suppression, secondary suppression by exact integer
//! Gaussian elimination, an interval audit by linear programming, and rounding to a base.
//!
//! # The model
//!
//! A publication is a set of tables over one [`Cube`]. Every published cell — inner cells,
//! subtotals, margins, cells of linked tables — is a linear combination (a 0/1 vector) of the
//! cube's *inner cells*. Cells with the same vector are one cell: it gets the same status in
//! every table it appears in.
//!
//! # The algorithm ([`protect`])
//!
//! 1. **Primary suppression.** A cell is primary if it has between 1 and
//!    `min_frequency - 1` contributors (zeros too, if `suppress_zeros`), or if it violates the
//!    (n, k) dominance rule: its `n` largest contributions exceed `k` % of its total.
//! 2. **Secondary suppression.** The other cells are visited in a fixed priority order: zeros
//!    first (they carry no information about anyone), then cells with more aggregated
//!    dimensions (the grand total, then margins), then larger values, then the cell index. A
//!    cell is published unless publishing it would make a primary cell a linear combination of
//!    the published ones; then it is suppressed (secondary). The test is exact: the published
//!    vectors are kept in integer echelon form (fraction-free elimination, each vector divided
//!    by the gcd of its entries; overflow is an error, never a wrong answer), every primary
//!    cell's vector is kept reduced against it, and a candidate makes a primary derivable
//!    exactly when its reduced vector is proportional to that primary's reduced vector.
//! 3. **Interval protection.** Non-derivability still allows an attacker to bound a cell
//!    (cells are ≥ 0). Each primary must be able to take both ends of the interval it needs
//!    — from 0 (with `existence_protection`, the default: that a cell is not empty is
//!    itself sensitive) or from `min_interval_width` below its value, up to that width
//!    above — in tables that agree with everything published. Linear programs over every
//!    unknown inner cell find such tables: a few that push all open primaries down together
//!    settle most lower ends (and many upper ones by the way); each end left is asked about
//!    alone, warm-started from the last of those tables (one more constraint, the dual
//!    simplex — far cheaper than another program). Where the Kommune is a flat dimension,
//!    the programs first run in windows of 8 neighbouring Kommunen with every other cell
//!    fixed at its true value (a restriction of the attacker's problem, so a proof there
//!    holds for the whole), and only the primaries left over go to one program over the
//!    whole table. A primary not proven gets one more published cell suppressed, taken from
//!    its nearest published margin (not the grand total, not a zero, unless nothing else is
//!    left), and is tried again. Suppressing
//!    more never makes a cell derivable nor narrows an interval, so a primary proven once
//!    stays proven, and suppressing everything leaves every interval unbounded: this
//!    terminates. `interval_protection: false` skips this step. [`audit`] computes the
//!    attacker's exact intervals.
//!
//! # Block by block ([`Strategy`])
//!
//! Elimination over a whole Land — 396 Kommunen, tens of thousands of cells — costs seconds,
//! and its interval step does not finish. Such publications have a flat dimension (the
//! Kommune): every cell lies inside one Kommune or sums the same pattern over all of them (a
//! Land cell). [`Strategy::Blocks`] (chosen by [`Strategy::Auto`] from [`BLOCKS_FROM`]
//! Kommunen) eliminates inside each Kommune and inside the Land table, then secures each
//! primary cell against the links through the Land cells with a *partner* Kommune that can
//! absorb a change of the primary's Kommune, proven by the interval of a linear program with
//! both Kommunen free and every other cell fixed at its true value (a restriction of the
//! attacker's problem, so the proof holds). Without the interval step it proves that no
//! primary cell is determined (an interval at least 1 wide). Zeros are never used as
//! partners: a zero can only grow, and is often public knowledge.
//!
//! # Guarantees and limits
//!
//! * Deterministic: the same cube and settings give the same pattern (no randomness, no hash
//!   order).
//! * No primary cell is a linear combination of published cells (exact arithmetic).
//! * Every primary cell's attacker interval, with cells ≥ 0, is at least as wide as required.
//!   The LP runs in floating point (`microlp`); bounds are rounded outward to integers with a
//!   tolerance of 1e-6, which is exact for the integer vertices of these tables.
//! * With `existence_protection`, no primary's interval excludes 0.
//! * A contributor alone in a primary cell (a singleton) cannot derive another primary cell
//!   exactly (step 2); zeros are exempt, as they are usually public.
//! * Not covered: the interval a singleton can narrow another primary's to, knowing their own
//!   contribution ("self-disclosure" below the width); integer-only reasoning beyond the LP relaxation in non-unimodular
//!   tables (the integer interval may be narrower than the LP interval there); and
//!   publications outside the model (other tables published elsewhere must be added as linked
//!   tables).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use serde::{Deserialize, Serialize};

use super::MonitorError;
use super::cube::{CellStats, Cube};

mod blocks;

/// The (n, k) dominance rule for magnitude tables: a cell is sensitive if its `n` largest
/// contributions exceed `k_percent` % of its total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dominance {
    /// Number of largest contributors (1 ≤ n ≤ [`super::cube::TOP_N`]).
    pub n: usize,
    /// Share in percent (0–100).
    pub k_percent: u32,
}

/// How a table is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Primary and secondary suppression with an interval audit.
    Suppression,
    /// Suppression as [`Method::Suppression`], then every published cell rounded to the
    /// nearest multiple of the base (ties up). Rounding alone cannot protect: the inner
    /// cells and the rounded total together can pin every cell. Rounding after suppression
    /// only widens what an attacker can derive, so the suppression's guarantees hold for
    /// the rounded table. Rounded tables no longer add up exactly; a true table agrees
    /// with every rounded cell (each within half the base), so they never contradict.
    RoundBase(u64),
}

/// Protection settings. The default follows German official practice: cells with fewer than
/// 3 contributors are suppressed, no dominance rule (frequency tables), intervals at least 3
/// wide.
///
/// ```
/// use bildungsnetz::monitor::sdc::Protection;
/// let p = Protection::default();
/// assert_eq!((p.min_frequency, p.min_interval_width), (3, 3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
// An unknown key is refused, naming the known ones: a misspelt setting must not silently
// publish with the default.
#[serde(default, deny_unknown_fields)]
pub struct Protection {
    /// Suppression or rounding.
    pub method: Method,
    /// Cells with 1 ≤ contributors < `min_frequency` are primary.
    pub min_frequency: u64,
    /// Whether cells with no contributor are primary too.
    pub suppress_zeros: bool,
    /// The dominance rule for magnitude tables.
    pub dominance: Option<Dominance>,
    /// The narrowest interval an attacker may derive for a primary cell.
    pub min_interval_width: u64,
    /// The narrowest interval as a percentage of the primary cell's value (magnitude tables).
    pub min_interval_percent: u32,
    /// Whether to run the interval step (step 3). Without it, protection guarantees only
    /// that no primary cell is exactly derivable.
    pub interval_protection: bool,
    /// Whether a primary cell's interval must reach down to 0 (with the interval step):
    /// that a cell is not empty — a child in it at all — is itself sensitive.
    pub existence_protection: bool,
    /// Whether secondary suppression works on the whole publication or block by block.
    pub strategy: Strategy,
}

/// How secondary suppression treats a publication.
///
/// ```
/// use bildungsnetz::monitor::sdc::Strategy;
/// let s: Strategy = serde_json::from_str(r#""blocks""#)?;
/// assert_eq!(s, Strategy::Blocks);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// [`Strategy::Blocks`] for publications of at least [`BLOCKS_FROM`] blocks (Kommunen),
    /// and for linked indicators of at least [`LINKED_BLOCKS_FROM`]; else
    /// [`Strategy::Whole`].
    #[default]
    Auto,
    /// The whole publication at once: the fewest suppressions, at a cost that grows with
    /// the square of the publication (seconds for a Land's Kommunen).
    Whole,
    /// Block by block along the flat dimension with the most codes — usually the Kommune —
    /// when every cell lies in one block or sums all blocks alike (see the module
    /// documentation); the whole publication otherwise. Fast at Land scale; on small or
    /// sparse tables it suppresses more than [`Strategy::Whole`].
    Blocks,
}

/// The number of blocks (Kommunen) from which [`Strategy::Auto`] protects block by block:
/// the whole publication's interval step links every Kommune through the Land cells, and
/// its cost passes 2 s of one core beyond about 60 Kommunen (`examples/sdc_kreis.rs`: 60
/// Kommunen about 1.5 s, 80 about 2.7 s). Below, a Kreis keeps the whole strategy's
/// pattern: about a quarter of the block strategy's suppressions.
pub const BLOCKS_FROM: usize = 61;

/// The number of Kommunen from which [`Strategy::Auto`] protects linked indicators (one
/// publication over their cover cube, see `IndicatorSet::publish`) block by block. Over a
/// cover the whole strategy's interval step needs far more programs: every standard
/// indicator of a generated Kreis (`examples/sdc_kreis.rs --all-indicators`) took 5 s at 20
/// Kommunen and 10 s at 30 with the whole strategy, against 0.5 s with blocks — and blocks
/// suppressed fewer cells there (225 against 251 at 20, 280 against 349 at 30); at 10
/// Kommunen the whole strategy suppressed fewer (135 against 191) within a second.
pub const LINKED_BLOCKS_FROM: usize = 15;

impl Default for Protection {
    fn default() -> Self {
        Protection {
            method: Method::Suppression,
            min_frequency: 3,
            suppress_zeros: false,
            dominance: None,
            min_interval_width: 3,
            min_interval_percent: 0,
            interval_protection: true,
            existence_protection: true,
            strategy: Strategy::Auto,
        }
    }
}

impl Protection {
    /// Settings for magnitude tables (pupils per school): fewer than 3 schools, or the (1, 85)
    /// dominance rule, make a cell primary; intervals at least 10 % of the value wide. No
    /// existence protection: that a school has pupils is public (the directory lists the
    /// schools), and asking a dominated Kommune total's interval to reach 0 would suppress
    /// every cell that could hold its pupils instead.
    ///
    /// ```
    /// use bildungsnetz::monitor::sdc::Protection;
    /// let m = Protection::magnitude();
    /// assert!(m.dominance.is_some() && !m.existence_protection);
    /// ```
    pub fn magnitude() -> Protection {
        Protection {
            dominance: Some(Dominance {
                n: 1,
                k_percent: 85,
            }),
            min_interval_percent: 10,
            existence_protection: false,
            ..Protection::default()
        }
    }

    /// Suppression, then the published cells rounded to a base (IT.NRW: 5).
    pub fn rounding(base: u64) -> Protection {
        Protection {
            method: Method::RoundBase(base),
            ..Protection::default()
        }
    }

    /// Refuses settings that protect nothing or cannot be met: `min_frequency` 0, a
    /// rounding base of 0, a dominance rule out of range.
    ///
    /// ```
    /// use bildungsnetz::monitor::sdc::Protection;
    /// let p = Protection { min_frequency: 0, ..Protection::default() };
    /// assert!(p.check().is_err());
    /// assert!(Protection::rounding(5).check().is_ok());
    /// ```
    pub fn check(&self) -> Result<(), MonitorError> {
        if self.min_frequency == 0 {
            return Err(MonitorError::Spec(
                "min_frequency must be at least 1: 0 would suppress nothing".to_owned(),
            ));
        }
        if self.method == Method::RoundBase(0) {
            return Err(MonitorError::Spec(
                "rounding base must be positive".to_owned(),
            ));
        }
        if let Some(d) = self.dominance {
            if d.n == 0 || d.n > super::cube::TOP_N || d.k_percent > 100 {
                return Err(MonitorError::Spec("dominance rule out of range".to_owned()));
            }
        }
        Ok(())
    }

    fn is_primary(&self, c: &CellStats) -> bool {
        if c.count == 0 {
            return self.suppress_zeros;
        }
        if c.count < self.min_frequency {
            return true;
        }
        if let Some(d) = self.dominance {
            let top: u128 = c.top.iter().take(d.n).map(|&v| u128::from(v)).sum();
            if top * 100 > u128::from(d.k_percent) * u128::from(c.sum) {
                return true;
            }
        }
        false
    }

    /// Whether an attacker's interval protects a primary cell that needs `need` of width.
    fn passes(&self, interval: &Interval, need: u64) -> bool {
        interval.width().is_none_or(|w| w >= need)
            && !(self.interval_protection && self.existence_protection && interval.lower > 0)
    }

    /// An interval that protects a primary of `value` that needs `need` of width: from
    /// `need` below the value (0 at the lowest, and always with existence protection) to
    /// `need` above that. Exact with existence protection; otherwise sufficient only.
    fn goal(&self, value: u64, need: u64) -> (u64, u64) {
        let lower = if self.interval_protection && self.existence_protection {
            0
        } else {
            value.saturating_sub(need)
        };
        (lower, lower.saturating_add(need).max(value))
    }

    fn required_width(&self, value: u64) -> u64 {
        let pct = (u128::from(value) * u128::from(self.min_interval_percent)).div_ceil(100);
        self.min_interval_width
            .max(u64::try_from(pct).unwrap_or(u64::MAX))
    }
}

/// The status of a published cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Shown as computed.
    Published,
    /// Suppressed because it is sensitive itself.
    Primary,
    /// Suppressed to protect a primary cell.
    Secondary,
    /// Shown rounded.
    Rounded,
}

impl CellStatus {
    /// Whether the cell is shown as `.`.
    pub fn is_suppressed(self) -> bool {
        matches!(self, CellStatus::Primary | CellStatus::Secondary)
    }
}

/// One node of a dimension in a published cell: a leaf code or a group (subtotal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Node {
    /// The leaf code with this index.
    Code(u32),
    /// The group with this index (0 is the total).
    Group(u32),
}

/// One table of a publication: which of the cube's dimensions it shows (by index); the
/// others are summed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableLayout {
    /// The table's id.
    pub id: String,
    /// Indices of the cube dimensions shown, in display order.
    pub dims: Vec<usize>,
}

/// A row of a published table: its nodes and the distinct cell it shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Index of the table in the publication.
    pub table: usize,
    /// One node per shown dimension.
    pub nodes: Vec<Node>,
    /// Index of the distinct cell.
    pub cell: usize,
}

/// A publication: tables over one cube, as linear combinations of its inner cells.
#[derive(Clone, Debug)]
pub struct Publication {
    layouts: Vec<TableLayout>,
    rows: Vec<Row>,
    supports: Vec<Vec<u32>>,
    stats: Vec<CellStats>,
    aggregated: Vec<u32>,
    inner_values: Vec<u64>,
    /// The number of codes of each cube dimension.
    dim_lens: Vec<usize>,
    /// Whether each cube dimension has no subtotal besides its total.
    flat: Vec<bool>,
}

impl Publication {
    /// Builds the publication of `layouts` over `cube`. Every combination of the shown
    /// dimensions' codes and groups is a row.
    pub fn new(cube: &Cube, layouts: Vec<TableLayout>) -> Result<Publication, MonitorError> {
        let dims = cube.dims();
        let mut rows = Vec::new();
        let mut supports: Vec<Vec<u32>> = Vec::new();
        let mut stats = Vec::new();
        let mut aggregated = Vec::new();
        let mut seen: HashMap<Vec<u32>, usize> = HashMap::new();
        for (t, layout) in layouts.iter().enumerate() {
            let mut shown_nodes: Vec<Vec<Node>> = Vec::with_capacity(layout.dims.len());
            for &d in &layout.dims {
                let dim = dims.get(d).ok_or_else(|| {
                    MonitorError::Spec("table names no dimension of the cube".to_owned())
                })?;
                let mut nodes: Vec<Node> = (0..dim.len())
                    .filter_map(|i| u32::try_from(i).ok())
                    .map(Node::Code)
                    .collect();
                nodes.extend(
                    (0..dim.groups().len())
                        .filter_map(|i| u32::try_from(i).ok())
                        .map(Node::Group),
                );
                shown_nodes.push(nodes);
            }
            for combo in cartesian(&shown_nodes) {
                let mut members: Vec<Vec<u32>> = dims
                    .iter()
                    .map(|d| (0..d.len()).filter_map(|i| u32::try_from(i).ok()).collect())
                    .collect();
                let mut agg = u32::try_from(dims.len() - layout.dims.len()).unwrap_or(0);
                for (&d, node) in layout.dims.iter().zip(&combo) {
                    let dim = dims.get(d).ok_or(MonitorError::Internal)?;
                    let m = match node {
                        Node::Code(i) => vec![*i],
                        Node::Group(g) => {
                            agg += 1;
                            dim.groups()
                                .get(*g as usize)
                                .ok_or(MonitorError::Internal)?
                                .members
                                .clone()
                        }
                    };
                    *members.get_mut(d).ok_or(MonitorError::Internal)? = m;
                }
                let support = support_of(cube, &members);
                let cell = match seen.get(&support) {
                    Some(&c) => c,
                    None => {
                        let mut s = CellStats::default();
                        for &i in &support {
                            if let Some(c) = cube.cells().get(i as usize) {
                                s.merge(c);
                            }
                        }
                        let c = supports.len();
                        seen.insert(support.clone(), c);
                        supports.push(support);
                        stats.push(s);
                        aggregated.push(agg);
                        c
                    }
                };
                rows.push(Row {
                    table: t,
                    nodes: combo,
                    cell,
                });
            }
        }
        Ok(Publication {
            layouts,
            rows,
            supports,
            stats,
            aggregated,
            inner_values: cube.cells().iter().map(|c| c.sum).collect(),
            dim_lens: dims.iter().map(|d| d.len()).collect(),
            flat: dims.iter().map(|d| d.groups().len() == 1).collect(),
        })
    }

    /// One publication of several publications over a common *cover* cube, whose inner
    /// cells refine every member's: `maps[m][i]` lists the cover's inner cells that member
    /// `m`'s inner cell `i` sums. A cell two members share, or one derives from the other's,
    /// becomes one linear combination of the cover's cells, protected as one. Returns the
    /// linked publication and, per member, the linked cell of each of its distinct cells.
    pub(crate) fn linked(
        cover: &Cube,
        members: &[(&Publication, &[Vec<u32>])],
    ) -> Result<(Publication, Vec<Vec<usize>>), MonitorError> {
        let mut layouts = Vec::new();
        let mut rows = Vec::new();
        let mut supports: Vec<Vec<u32>> = Vec::new();
        let mut stats = Vec::new();
        let mut aggregated = Vec::new();
        let mut seen: HashMap<Vec<u32>, usize> = HashMap::new();
        let mut cell_maps = Vec::with_capacity(members.len());
        for &(member, map) in members {
            let offset = layouts.len();
            layouts.extend(member.layouts.iter().cloned());
            let mut cell_map = Vec::with_capacity(member.cell_count());
            for c in 0..member.cell_count() {
                let mut support: Vec<u32> = Vec::new();
                for &i in member.support(c) {
                    support.extend(map.get(i as usize).ok_or(MonitorError::Internal)?);
                }
                support.sort_unstable();
                support.dedup();
                let cell = match seen.get(&support) {
                    Some(&cell) => cell,
                    None => {
                        let mut s = CellStats::default();
                        for &i in &support {
                            s.checked_merge(
                                cover
                                    .cells()
                                    .get(i as usize)
                                    .ok_or(MonitorError::Internal)?,
                            )?;
                        }
                        let cell = supports.len();
                        seen.insert(support.clone(), cell);
                        supports.push(support);
                        stats.push(s);
                        aggregated.push(member.aggregated.get(c).copied().unwrap_or(0));
                        cell
                    }
                };
                cell_map.push(cell);
            }
            for row in &member.rows {
                rows.push(Row {
                    table: row.table + offset,
                    nodes: row.nodes.clone(),
                    cell: cell_map
                        .get(row.cell)
                        .copied()
                        .ok_or(MonitorError::Internal)?,
                });
            }
            cell_maps.push(cell_map);
        }
        let dims = cover.dims();
        let publication = Publication {
            layouts,
            rows,
            supports,
            stats,
            aggregated,
            inner_values: cover.cells().iter().map(|c| c.sum).collect(),
            dim_lens: dims.iter().map(|d| d.len()).collect(),
            flat: dims.iter().map(|d| d.groups().len() == 1).collect(),
        };
        Ok((publication, cell_maps))
    }

    /// The tables.
    pub fn layouts(&self) -> &[TableLayout] {
        &self.layouts
    }

    /// All rows of all tables.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The number of distinct cells.
    pub fn cell_count(&self) -> usize {
        self.supports.len()
    }

    /// The inner cells a distinct cell sums (linear indices of the cube, ascending).
    pub fn support(&self, cell: usize) -> &[u32] {
        self.supports.get(cell).map_or(&[], Vec::as_slice)
    }

    /// The statistics of a distinct cell.
    pub fn stats(&self, cell: usize) -> CellStats {
        self.stats.get(cell).copied().unwrap_or_default()
    }

    /// The published value of a distinct cell (the sum of contributions).
    pub fn value(&self, cell: usize) -> u64 {
        self.stats(cell).sum
    }
}

fn cartesian(lists: &[Vec<Node>]) -> Vec<Vec<Node>> {
    let mut out: Vec<Vec<Node>> = vec![Vec::new()];
    for list in lists {
        let mut next = Vec::with_capacity(out.len() * list.len());
        for prefix in &out {
            for n in list {
                let mut p = prefix.clone();
                p.push(*n);
                next.push(p);
            }
        }
        out = next;
    }
    out
}

fn support_of(cube: &Cube, members: &[Vec<u32>]) -> Vec<u32> {
    let mut out: Vec<u32> = vec![0];
    for (d, m) in cube.dims().iter().zip(members) {
        let len = u32::try_from(d.len()).unwrap_or(u32::MAX);
        let mut next = Vec::with_capacity(out.len() * m.len());
        for &p in &out {
            for &i in m {
                next.push(p.saturating_mul(len).saturating_add(i));
            }
        }
        out = next;
    }
    out
}

/// The interval an attacker can derive for a suppressed cell from everything published and
/// cells ≥ 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// The smallest value the cell can have.
    pub lower: u64,
    /// The largest value; `None` if unbounded.
    pub upper: Option<u64>,
}

impl Interval {
    /// `upper - lower`, `None` if unbounded.
    pub fn width(&self) -> Option<u64> {
        self.upper.map(|u| u.saturating_sub(self.lower))
    }
}

/// The outcome of protecting a publication.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protected {
    /// The status of each distinct cell.
    pub status: Vec<CellStatus>,
    /// The value shown for each distinct cell (`None`: suppressed).
    pub shown: Vec<Option<u64>>,
    /// The audited interval of each primary cell (distinct cell index, interval), ascending.
    pub audit: Vec<(usize, Interval)>,
}

/// Protects a publication (see the module documentation).
pub fn protect(
    publication: &Publication,
    settings: &Protection,
) -> Result<Protected, MonitorError> {
    protect_fixed(publication, settings, &Fixed::default())
}

/// Cells of a publication whose status earlier releases decided (see
/// [`super::register`], which finds them by their labels).
///
/// ```
/// use bildungsnetz::monitor::sdc::Fixed;
/// let fixed = Fixed { published: vec![(0, 12)], suppressed: vec![3] };
/// assert!(!fixed.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Distinct cells shown before, with the value shown: public knowledge, so they stay
    /// published with that value and are never chosen for secondary suppression.
    pub published: Vec<(usize, u64)>,
    /// Distinct cells suppressed before: they stay suppressed (a cell that is also in
    /// `published` is public already and counts as published).
    pub suppressed: Vec<usize>,
}

impl Fixed {
    /// Whether no cell is fixed.
    pub fn is_empty(&self) -> bool {
        self.published.is_empty() && self.suppressed.is_empty()
    }
}

/// Why a cell fixed by an earlier release cannot keep its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Conflict {
    /// A cell shown before is now primary: the data changed.
    #[error("shown in an earlier release, now below the protection threshold")]
    NowPrimary,
    /// A cell shown before would now show another value: the data changed.
    #[error("shown in an earlier release with another value")]
    ValueChanged,
    /// The cells shown before determine this primary cell (or let a lone contributor
    /// derive it).
    #[error("determined by the cells shown in earlier releases")]
    Determined,
    /// Every cell that could be suppressed next to this primary cell was shown before.
    #[error("no cell left to suppress beside it: its neighbours were shown in earlier releases")]
    NothingToSuppress,
    /// The table was counted under another definition of its population (another Land
    /// convention, other grades or codes).
    #[error("counted under another population definition in an earlier release")]
    DefinitionChanged,
    /// The table lists other Kommunen than in an earlier release: its Land cells are other
    /// cells.
    #[error("published for other Kommunen in an earlier release")]
    KommunenChanged,
    /// An earlier release's table counts the same population as an indicator of this run
    /// (a margin of it or sharing its cells) but the run does not publish it: the run could
    /// show what that table hid. Publish it again in the same run.
    #[error(
        "linked to an indicator of this run (same population), but not published in it: \
         publish it again in the same run"
    )]
    LinkedNotInRun,
}

/// Protects a publication as [`protect`] does, keeping the status that earlier releases gave
/// the cells of `fixed`: the cells shown before are published constraints (their values
/// known to the attacker) that secondary suppression never picks, the cells suppressed before
/// stay suppressed. A cell shown before that is now primary or shows another value, a
/// primary cell the cells shown before determine, and a primary cell with nothing but
/// cells shown before beside it are errors ([`MonitorError::Fixed`]), never a silent
/// disclosure.
///
/// ```
/// use bildungsnetz::monitor::cube::{Cube, Dimension};
/// use bildungsnetz::monitor::sdc::{protect, protect_fixed, Fixed, Protection, Publication, TableLayout};
/// let mut cube = Cube::new(vec![Dimension::new("k", ["A", "B"]), Dimension::new("c", ["x", "y"])])?;
/// for (k, c, n) in [(0, 0, 1), (0, 1, 9), (1, 0, 8), (1, 1, 7)] {
///     for _ in 0..n { cube.add(&[k, c], 1)?; }
/// }
/// let layout = TableLayout { id: "t".into(), dims: vec![0, 1] };
/// let publication = Publication::new(&cube, vec![layout])?;
/// let march = protect(&publication, &Protection::default())?;
/// // June keeps what March showed and what it hid.
/// let fixed = Fixed {
///     published: (0..publication.cell_count())
///         .filter_map(|c| march.shown[c].map(|v| (c, v)))
///         .collect(),
///     suppressed: (0..publication.cell_count()).filter(|&c| march.shown[c].is_none()).collect(),
/// };
/// let june = protect_fixed(&publication, &Protection::default(), &fixed)?;
/// assert_eq!(june.shown, march.shown);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn protect_fixed(
    publication: &Publication,
    settings: &Protection,
    fixed: &Fixed,
) -> Result<Protected, MonitorError> {
    let n = publication.cell_count();
    settings.check()?;
    let mut status: Vec<CellStatus> = (0..n)
        .map(|c| {
            if settings.is_primary(&publication.stats(c)) {
                CellStatus::Primary
            } else {
                CellStatus::Published
            }
        })
        .collect();
    let mut shown_before = vec![false; n];
    for &(c, _) in &fixed.published {
        match status.get(c) {
            Some(CellStatus::Primary) => {
                return Err(MonitorError::Fixed {
                    cell: c,
                    conflict: Conflict::NowPrimary,
                });
            }
            Some(_) => *shown_before.get_mut(c).ok_or(MonitorError::Internal)? = true,
            None => return Err(MonitorError::Internal),
        }
    }
    for &c in &fixed.suppressed {
        if !shown_before.get(c).copied().unwrap_or(true) {
            if let Some(s) = status.get_mut(c).filter(|s| **s == CellStatus::Published) {
                *s = CellStatus::Secondary;
            }
        }
    }
    // The cells shown before come first: they are published whatever else happens.
    let mut order = priority_order(publication);
    order.sort_by_key(|&c| !shown_before.get(c).copied().unwrap_or(false));
    let mut rank = vec![0usize; n];
    for (r, &c) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(c) {
            *slot = r;
        }
    }
    let structure = match settings.strategy {
        Strategy::Whole => None,
        Strategy::Blocks => blocks::Blocks::detect(publication),
        Strategy::Auto => blocks::Blocks::detect(publication).filter(|b| b.count() >= BLOCKS_FROM),
    };
    let before_secondary = status.clone();
    let by_blocks = structure.map(|structure| {
        blocks::protect(
            publication,
            &structure,
            settings,
            &mut status,
            &order,
            &rank,
            &shown_before,
        )
    });
    let audit = match by_blocks {
        Some(Err(MonitorError::Internal)) | None => {
            // The whole strategy; also when the block-wise search found no cell for a
            // primary it cannot secure inside its window (a dominated Land total under
            // existence protection), then from the primaries again.
            status = before_secondary;
            protect_whole(
                publication,
                settings,
                &mut status,
                &order,
                &rank,
                &shown_before,
            )?
        }
        Some(result) => result?,
    };
    let round = |v: u64| match settings.method {
        Method::RoundBase(base) => {
            let r = v % base;
            if r * 2 >= base { v - r + base } else { v - r }
        }
        Method::Suppression => v,
    };
    let shown: Vec<Option<u64>> = (0..n)
        .map(|c| {
            if status.get(c).is_some_and(|s| s.is_suppressed()) {
                None
            } else {
                Some(round(publication.value(c)))
            }
        })
        .collect();
    if matches!(settings.method, Method::RoundBase(_)) {
        for s in status.iter_mut().filter(|s| **s == CellStatus::Published) {
            *s = CellStatus::Rounded;
        }
    }
    for &(c, value) in &fixed.published {
        if shown.get(c) != Some(&Some(value)) {
            return Err(MonitorError::Fixed {
                cell: c,
                conflict: Conflict::ValueChanged,
            });
        }
    }
    Ok(Protected {
        status,
        shown,
        audit,
    })
}

/// Secondary suppression and the interval step over the whole publication at once; the
/// cells `shown_before` stay published.
fn protect_whole(
    publication: &Publication,
    settings: &Protection,
    status: &mut [CellStatus],
    order: &[usize],
    rank: &[usize],
    shown_before: &[bool],
) -> Result<Vec<(usize, Interval)>, MonitorError> {
    let n = publication.cell_count();
    let cells: Vec<(usize, &[u32])> = order.iter().map(|&c| (c, publication.support(c))).collect();
    let singleton = |c: usize| publication.stats(c).count == 1;
    let zero = |c: usize| publication.value(c) == 0;
    gauss_secondary(
        publication.inner_values.len(),
        &cells,
        status,
        &singleton,
        &zero,
        shown_before,
    )?;

    let mut audit = Vec::new();
    if !settings.interval_protection {
        return Ok(audit);
    }
    let primaries: Vec<usize> = (0..n)
        .filter(|&c| status.get(c) == Some(&CellStatus::Primary))
        .collect();
    let mut auditor = Auditor::new(publication, status).keeping(shown_before);
    let structure = blocks::Blocks::detect(publication);
    // Tables that agree with everything published prove most primaries together: first in
    // windows of a few Kommunen (small programs), then over the whole table. Each round,
    // every primary not proven gets one more cell suppressed next to it, and only
    // those are tried again: suppressing more never narrows an interval, so a primary
    // proven once stays proven. Each round suppresses at least one cell.
    let mut pending = primaries;
    for _ in 0..=n {
        if pending.is_empty() {
            break;
        }
        let (mut proofs, rest) = match &structure {
            Some(blocks) => {
                prove_in_groups(publication, settings, &auditor, status, blocks, &pending)?
            }
            None => (Vec::new(), pending.clone()),
        };
        if !rest.is_empty() {
            proofs.extend(
                auditor
                    .attack(&rest, status)
                    .prove(publication, settings, &rest)?,
            );
        }
        let mut failing = Vec::new();
        for proof in proofs {
            match proof {
                Ok(proven) => audit.push(proven),
                // The programs of the whole group may miss a table that proves one of
                // them: ask about it alone.
                Err(p) => match auditor
                    .attack(&[p], status)
                    .prove(publication, settings, &[p])?
                    .pop()
                {
                    Some(Ok(proven)) => audit.push(proven),
                    _ => match shortfall(publication, settings, &auditor, status, p)? {
                        Ok(deficit) => failing.push((p, deficit)),
                        Err(interval) => audit.push((p, interval)),
                    },
                },
            }
        }
        pending = Vec::with_capacity(failing.len());
        let mut changed = false;
        for (p, deficit) in failing {
            // Cells suppressed for the others this round may already have freed it.
            if let Some(c) = next_to(publication, &auditor, status, rank, p, deficit) {
                changed |= auditor.suppress(status, c);
            }
            pending.push(p);
        }
        if !changed && !pending.is_empty() {
            // Nothing constrains them any more, yet they are not proven: only cells shown
            // before are left (else it cannot happen: a finite bound needs a published
            // constraint).
            return Err(stuck(&pending, shown_before));
        }
    }
    if !pending.is_empty() {
        return Err(MonitorError::Internal);
    }
    audit.sort_by_key(|(c, _)| *c);
    Ok(audit)
}

/// How many blocks (Kommunen) one window of [`prove_in_groups`] spans.
const GROUP_BLOCKS: usize = 8;

/// Proves what it can of the primaries `pending` in windows of [`GROUP_BLOCKS`] blocks,
/// every cell outside the window fixed at its true value — a restriction of the attacker's
/// problem, so a proof there holds for the whole publication, and a few small linear
/// programs cost far less than one over the whole table. A second pass with the windows
/// shifted by half their width catches primaries whose partners lay across a border.
/// Returns the proofs and the primaries left over (not proven, or in no window).
#[allow(clippy::type_complexity)]
fn prove_in_groups(
    publication: &Publication,
    settings: &Protection,
    auditor: &Auditor<'_>,
    status: &[CellStatus],
    blocks: &blocks::Blocks,
    pending: &[usize],
) -> Result<(Vec<Result<(usize, Interval), usize>>, Vec<usize>), MonitorError> {
    let mut proofs = Vec::with_capacity(pending.len());
    let mut rest = pending.to_vec();
    for shift in [0, GROUP_BLOCKS / 2] {
        let group_of = |i: u32| (blocks.block_of(i) as usize + shift) / GROUP_BLOCKS;
        let mut by_group: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut left = Vec::new();
        for p in rest {
            let support = publication.support(p);
            match support.first().map(|&i| group_of(i)) {
                Some(g) if support.iter().all(|&i| group_of(i) == g) => {
                    by_group.entry(g).or_default().push(p);
                }
                _ => left.push(p),
            }
        }
        let mut groups: Vec<(usize, Vec<usize>)> = by_group.into_iter().collect();
        groups.sort_unstable_by_key(|(g, _)| *g);
        for (g, targets) in groups {
            let attack = auditor.attack_within(&targets, status, |i| group_of(i) == g);
            for proof in attack.prove(publication, settings, &targets)? {
                match proof {
                    Ok(proven) => proofs.push(Ok(proven)),
                    Err(p) => left.push(p),
                }
            }
        }
        left.sort_unstable();
        rest = left;
    }
    Ok((proofs, rest))
}

/// The error for primaries that no suppression can protect any more: a conflict with
/// the cells shown before if there are any (only they can be left), else a bug.
fn stuck(pending: &[usize], shown_before: &[bool]) -> MonitorError {
    match pending.first() {
        Some(&cell) if shown_before.contains(&true) => MonitorError::Fixed {
            cell,
            conflict: Conflict::NothingToSuppress,
        },
        _ => MonitorError::Internal,
    }
}

/// For a primary `p` its goal did not prove: by how much its interval falls short, or its
/// exact interval if that protects it after all.
fn shortfall(
    publication: &Publication,
    settings: &Protection,
    auditor: &Auditor<'_>,
    status: &[CellStatus],
    p: usize,
) -> Result<Result<u64, Interval>, MonitorError> {
    let need = settings.required_width(publication.value(p));
    if settings.existence_protection {
        // The goal was exact: the cell cannot reach 0 or `need`.
        return Ok(Ok(need));
    }
    // The goal asked for more than a width: the exact interval decides.
    let (interval, _) = auditor.interval(p, status, Some(LOCAL_HOPS))?;
    if settings.passes(&interval, need) {
        return Ok(Err(interval));
    }
    Ok(Ok(interval
        .width()
        .map_or(1, |w| need.saturating_sub(w).max(1))))
}

/// The published cell to suppress next to primary `p`: in the smallest published cell
/// containing it (its nearest margin; among equals the one with the fewest unknown inner
/// cells, which pins it most), else anywhere in its part of the table, else a shown part of
/// it. `None` if no published cell constrains it any more.
fn next_to(
    publication: &Publication,
    auditor: &Auditor<'_>,
    status: &[CellStatus],
    rank: &[usize],
    p: usize,
    deficit: u64,
) -> Option<usize> {
    let mut direct = auditor.constraints(&auditor.window(&[p], status, Some(1)), status);
    direct.sort_by_key(|&c| {
        let support = publication.support(c);
        let unknown = support.iter().filter(|&&i| !auditor.is_known(i)).count();
        (support.len(), unknown, c)
    });
    for c in direct {
        // Not the grand total, nor zeros (they can only grow, and are often public
        // knowledge), but as a last resort.
        let mut adjacent = auditor.adjacent(&[c], status, |_| true);
        adjacent.retain(|&x| publication.support(x).len() < publication.inner_values.len());
        if let Some(next) = pick_adjacent(publication, status, rank, adjacent, deficit)
            .filter(|&next| publication.value(next) > 0)
        {
            return Some(next);
        }
    }
    let cons = auditor.constraints(&auditor.window(&[p], status, None), status);
    let adjacent = auditor.adjacent(&cons, status, |_| true);
    pick_adjacent(publication, status, rank, adjacent, deficit)
        .or_else(|| shown_part(publication, status, rank, p, deficit))
}

/// A published cell inside primary `p` to suppress: for a primary margin whose shown parts
/// bound it from below when no cell beside it is left (a dominated Kommune total whose
/// other parts are shown; with existence protection its interval must reach 0).
fn shown_part(
    publication: &Publication,
    status: &[CellStatus],
    rank: &[usize],
    p: usize,
    deficit: u64,
) -> Option<usize> {
    let whole = publication.support(p);
    let parts = (0..publication.cell_count())
        .filter(|&c| {
            c != p
                && publication
                    .support(c)
                    .iter()
                    .all(|i| whole.binary_search(i).is_ok())
        })
        .collect();
    pick_adjacent(publication, status, rank, parts, deficit)
}

/// The published cell to suppress next to a primary whose interval falls `deficit` short:
/// a non-zero cell with the fewest aggregated dimensions (inner cells before margins, the
/// grand total last); among those the smallest value that could close the gap by itself,
/// else the largest; ties go to the cell later in the priority order. Zeros only when
/// nothing else is left.
fn pick_adjacent(
    publication: &Publication,
    status: &[CellStatus],
    rank: &[usize],
    candidates: Vec<usize>,
    deficit: u64,
) -> Option<usize> {
    candidates
        .into_iter()
        .filter(|&c| status.get(c) == Some(&CellStatus::Published))
        .max_by_key(|&c| {
            let v = publication.value(c);
            let closes = v >= deficit;
            let fit = if closes {
                -i128::from(v)
            } else {
                i128::from(v)
            };
            let aggregated = publication.aggregated.get(c).copied().unwrap_or(0);
            (
                v > 0,
                Reverse(aggregated),
                closes,
                fit,
                rank.get(c).copied().unwrap_or(0),
            )
        })
}

/// Computes the attacker's interval for every suppressed cell of a protected publication.
pub fn audit(
    publication: &Publication,
    status: &[CellStatus],
) -> Result<Vec<(usize, Interval)>, MonitorError> {
    let auditor = Auditor::new(publication, status);
    let mut out = Vec::new();
    for (c, s) in status.iter().enumerate() {
        if s.is_suppressed() {
            out.push((c, auditor.interval(c, status, None)?.0));
        }
    }
    Ok(out)
}

/// How far the protection's audit window reaches (see `Auditor::interval`).
const LOCAL_HOPS: usize = 3;

/// The fixed order in which cells are offered for publication.
fn priority_order(publication: &Publication) -> Vec<usize> {
    let mut order: Vec<usize> = (0..publication.cell_count()).collect();
    order.sort_by_key(|&c| {
        let v = publication.value(c);
        (
            v != 0,
            Reverse(publication.aggregated.get(c).copied().unwrap_or(0)),
            Reverse(v),
            c,
        )
    });
    order
}

type SVec = Vec<(u32, i64)>;

fn coef(v: &SVec, col: u32) -> Option<i64> {
    v.binary_search_by_key(&col, |e| e.0)
        .ok()
        .and_then(|i| v.get(i))
        .map(|e| e.1)
}

fn gcd(mut a: i64, mut b: i64) -> i64 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

fn normalize(v: &mut SVec) {
    let g = v.iter().fold(0, |g, e| gcd(g, e.1));
    let sign = if v.first().is_some_and(|e| e.1 < 0) {
        -1
    } else {
        1
    };
    if g > 1 || sign < 0 {
        for e in v.iter_mut() {
            e.1 = e.1 / g * sign;
        }
    }
}

/// `a·v − b·row` with `a = row[col]`, `b = v[col]`, so that the result is 0 at `col`.
fn eliminate(v: &SVec, row: &SVec, col: u32) -> Result<SVec, MonitorError> {
    let a = coef(row, col).ok_or(MonitorError::Internal)?;
    let b = coef(v, col).ok_or(MonitorError::Internal)?;
    let g = gcd(a, b).max(1);
    let (a, b) = (a / g, b / g);
    let mut out = Vec::with_capacity(v.len() + row.len());
    let (mut i, mut j) = (0, 0);
    loop {
        let x = v.get(i);
        let y = row.get(j);
        let (c, val) = match (x, y) {
            (None, None) => break,
            (Some(&(cx, vx)), Some(&(cy, _))) if cx < cy => {
                i += 1;
                (cx, vx.checked_mul(a))
            }
            (Some(&(cx, _)), Some(&(cy, vy))) if cy < cx => {
                j += 1;
                (cy, vy.checked_mul(b).and_then(i64::checked_neg))
            }
            (Some(&(cx, vx)), Some(&(_, vy))) => {
                i += 1;
                j += 1;
                let l = vx.checked_mul(a);
                let r = vy.checked_mul(b);
                (cx, l.zip(r).and_then(|(l, r)| l.checked_sub(r)))
            }
            (Some(&(cx, vx)), None) => {
                i += 1;
                (cx, vx.checked_mul(a))
            }
            (None, Some(&(cy, vy))) => {
                j += 1;
                (cy, vy.checked_mul(b).and_then(i64::checked_neg))
            }
        };
        let val = val.ok_or(MonitorError::Overflow)?;
        if val != 0 {
            out.push((c, val));
        }
    }
    normalize(&mut out);
    Ok(out)
}

/// The published vectors in echelon form: row `t` has its pivot at a column no earlier row
/// contains (it was reduced against them when it was added).
struct Echelon {
    rows: Vec<SVec>,
    pivot_of: Vec<u32>,
    /// Dense workspace of [`Echelon::reduce`], all zero between calls.
    acc: Vec<i64>,
    /// Per column: the call of [`Echelon::reduce`] that last queued or touched it.
    stamp: Vec<u32>,
    epoch: u32,
}

const NO_PIVOT: u32 = u32::MAX;

impl Echelon {
    fn new(inner: usize) -> Echelon {
        Echelon {
            rows: Vec::new(),
            pivot_of: vec![NO_PIVOT; inner],
            acc: vec![0; inner],
            stamp: vec![0; inner],
            epoch: 0,
        }
    }

    /// Reduces `v` against every row: the result is zero at every pivot column and, up to a
    /// non-zero factor, unique (the rows restricted to their pivot columns form a triangular
    /// matrix with a non-zero diagonal). Rows are applied in ascending order, each column at
    /// most once (a row never contains an earlier row's pivot), on a dense accumulator, so
    /// one elimination step costs the length of the row, not of `v`.
    fn reduce(&mut self, v: SVec) -> Result<SVec, MonitorError> {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.iter_mut().for_each(|s| *s = u32::MAX);
            self.epoch = 1;
        }
        let epoch = self.epoch;
        let mut touched: Vec<u32> = Vec::with_capacity(v.len());
        let mut heap: BinaryHeap<Reverse<(u32, u32)>> = BinaryHeap::new();
        for &(c, x) in &v {
            let ci = c as usize;
            *self.acc.get_mut(ci).ok_or(MonitorError::Internal)? = x;
            *self.stamp.get_mut(ci).ok_or(MonitorError::Internal)? = epoch;
            touched.push(c);
            let t = self.pivot_of.get(ci).copied().unwrap_or(NO_PIVOT);
            if t != NO_PIVOT {
                heap.push(Reverse((t, c)));
            }
        }
        let result = self.reduce_dense(&mut heap, &mut touched, epoch);
        // Gather (sorted) and clear the workspace, also on error.
        touched.sort_unstable();
        let mut out = SVec::with_capacity(touched.len());
        for &c in &touched {
            if let Some(x) = self.acc.get_mut(c as usize) {
                if *x != 0 {
                    out.push((c, *x));
                }
                *x = 0;
            }
        }
        result?;
        normalize(&mut out);
        Ok(out)
    }

    fn reduce_dense(
        &mut self,
        heap: &mut BinaryHeap<Reverse<(u32, u32)>>,
        touched: &mut Vec<u32>,
        epoch: u32,
    ) -> Result<(), MonitorError> {
        while let Some(Reverse((t, c))) = heap.pop() {
            let b = self.acc.get(c as usize).copied().unwrap_or(0);
            if b == 0 {
                continue;
            }
            let row = self.rows.get(t as usize).ok_or(MonitorError::Internal)?;
            let a = coef(row, c).ok_or(MonitorError::Internal)?;
            let g = gcd(a, b).max(1);
            let (a, b) = (a / g, b / g);
            if a != 1 {
                for &col in touched.iter() {
                    let x = self
                        .acc
                        .get_mut(col as usize)
                        .ok_or(MonitorError::Internal)?;
                    *x = x.checked_mul(a).ok_or(MonitorError::Overflow)?;
                }
            }
            for &(col, y) in row {
                let ci = col as usize;
                let stamp = self.stamp.get_mut(ci).ok_or(MonitorError::Internal)?;
                if *stamp != epoch {
                    *stamp = epoch;
                    touched.push(col);
                    let t2 = self.pivot_of.get(ci).copied().unwrap_or(NO_PIVOT);
                    if t2 != NO_PIVOT && t2 > t {
                        heap.push(Reverse((t2, col)));
                    }
                }
                let x = self.acc.get_mut(ci).ok_or(MonitorError::Internal)?;
                let d = y.checked_mul(b).ok_or(MonitorError::Overflow)?;
                *x = x.checked_sub(d).ok_or(MonitorError::Overflow)?;
            }
            if a != 1 {
                // Divide out the common factor again, as the sparse elimination did.
                let g = touched.iter().fold(0, |g, &col| {
                    gcd(g, self.acc.get(col as usize).copied().unwrap_or(0))
                });
                if g > 1 {
                    for &col in touched.iter() {
                        if let Some(x) = self.acc.get_mut(col as usize) {
                            *x /= g;
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

fn ones(support: &[u32]) -> SVec {
    support.iter().map(|&i| (i, 1)).collect()
}

/// Secondary suppression over `cells` — distinct cells with their supports over `columns`
/// inner columns, in priority order — by exact elimination (see the module documentation).
///
/// A primary cell with one contributor (`singleton`) is known to that contributor: a cell is
/// also suppressed if publishing it would let the contributor derive another primary (or
/// another contributor derive theirs) — that is, if it would make a singleton's residual and
/// another primary's proportional (the approach of GaussSuppression). Zeros are exempt:
/// an empty cell is usually public knowledge (no school of that form there), so
/// suppressing it would hide nothing.
///
/// Cells `shown_before` (by cell index) are published whatever they disclose: when one would
/// be suppressed, the primary it discloses is a [`Conflict::Determined`] error.
fn gauss_secondary(
    columns: usize,
    cells: &[(usize, &[u32])],
    status: &mut [CellStatus],
    singleton: &dyn Fn(usize) -> bool,
    zero: &dyn Fn(usize) -> bool,
    shown_before: &[bool],
) -> Result<(), MonitorError> {
    let determined = |q: usize, primary_of: &[usize]| MonitorError::Fixed {
        cell: primary_of.get(q).copied().unwrap_or_default(),
        conflict: Conflict::Determined,
    };
    let mut ech = Echelon::new(columns);
    // Residuals of the primary cells, kept reduced against the echelon basis, with how many
    // primaries (and how many singletons among them) have each residual.
    let mut residual: Vec<SVec> = Vec::new();
    let mut single: Vec<bool> = Vec::new();
    let mut keys: HashMap<SVec, (u32, u32)> = HashMap::new();
    let mut by_col: Vec<Vec<u32>> = vec![Vec::new(); columns];
    let mut primary_of: Vec<usize> = Vec::new();
    let mut primaries: Vec<(usize, &[u32])> = cells
        .iter()
        .copied()
        .filter(|&(c, _)| status.get(c) == Some(&CellStatus::Primary))
        .collect();
    primaries.sort_unstable_by_key(|&(c, _)| c);
    for (c, support) in primaries {
        let mut r = ones(support);
        if r.is_empty() {
            continue;
        }
        normalize(&mut r);
        let q = u32::try_from(residual.len()).map_err(|_| MonitorError::Internal)?;
        for &(col, _) in &r {
            if let Some(l) = by_col.get_mut(col as usize) {
                l.push(q);
            }
        }
        let one = singleton(c);
        let entry = keys.entry(r.clone()).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += u32::from(one);
        residual.push(r);
        single.push(one);
        primary_of.push(c);
    }
    for &(c, support) in cells {
        if status.get(c) != Some(&CellStatus::Published) {
            continue;
        }
        let mut r = ech.reduce(ones(support))?;
        if r.is_empty() {
            continue; // already derivable: publishing it reveals nothing new
        }
        normalize(&mut r);
        let fixed = shown_before.get(c).copied().unwrap_or(false);
        if keys.get(&r).is_some_and(|n| n.0 > 0) {
            if fixed {
                let q = residual.iter().position(|x| *x == r).unwrap_or_default();
                return Err(determined(q, &primary_of));
            }
            if let Some(s) = status.get_mut(c) {
                *s = CellStatus::Secondary;
            }
            continue;
        }
        let pivot = r
            .iter()
            .map(|&(col, _)| col)
            .min_by_key(|&col| (by_col.get(col as usize).map_or(0, Vec::len), col))
            .ok_or(MonitorError::Internal)?;
        let mut affected = by_col
            .get_mut(pivot as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        affected.sort_unstable();
        affected.dedup();
        // The residuals publishing this cell would give, before anything changes.
        let mut changes: Vec<(usize, SVec)> = Vec::with_capacity(affected.len());
        for &q in &affected {
            let qi = q as usize;
            let Some(old) = residual.get(qi) else {
                continue;
            };
            if coef(old, pivot).is_none() {
                continue;
            }
            let new = eliminate(old, &r, pivot)?;
            if new.is_empty() {
                return Err(MonitorError::Internal);
            }
            changes.push((qi, new));
        }
        if let Some(q) = (!zero(c))
            .then(|| discloses_to_a_singleton(&keys, &residual, &single, &changes))
            .flatten()
        {
            if fixed {
                return Err(determined(q, &primary_of));
            }
            if let Some(l) = by_col.get_mut(pivot as usize) {
                *l = affected;
            }
            if let Some(s) = status.get_mut(c) {
                *s = CellStatus::Secondary;
            }
            continue;
        }
        let t = u32::try_from(ech.rows.len()).map_err(|_| MonitorError::Internal)?;
        for (qi, new) in changes {
            let one = single.get(qi).copied().unwrap_or(false);
            let old = residual.get(qi).ok_or(MonitorError::Internal)?;
            if let Some(n) = keys.get_mut(old) {
                n.0 = n.0.saturating_sub(1);
                n.1 = n.1.saturating_sub(u32::from(one));
                if n.0 == 0 {
                    keys.remove(old);
                }
            }
            for &(col, _) in &new {
                if coef(old, col).is_none() {
                    if let Some(l) = by_col.get_mut(col as usize) {
                        l.push(u32::try_from(qi).map_err(|_| MonitorError::Internal)?);
                    }
                }
            }
            let entry = keys.entry(new.clone()).or_insert((0, 0));
            entry.0 += 1;
            entry.1 += u32::from(one);
            if let Some(slot) = residual.get_mut(qi) {
                *slot = new;
            }
        }
        if let Some(p) = ech.pivot_of.get_mut(pivot as usize) {
            *p = t;
        }
        ech.rows.push(r);
    }
    Ok(())
}

/// Whether the residuals after `changes` would give a singleton's residual and another
/// primary's the same direction (each is kept normalised, so: the same key); the primary
/// (its position among the residuals) whose residual would meet another's.
fn discloses_to_a_singleton(
    keys: &HashMap<SVec, (u32, u32)>,
    residual: &[SVec],
    single: &[bool],
    changes: &[(usize, SVec)],
) -> Option<usize> {
    let mut delta: HashMap<&SVec, (i64, i64)> = HashMap::new();
    for (qi, new) in changes {
        let one = i64::from(single.get(*qi).copied().unwrap_or(false));
        if let Some(old) = residual.get(*qi) {
            let d = delta.entry(old).or_insert((0, 0));
            d.0 -= 1;
            d.1 -= one;
        }
        let d = delta.entry(new).or_insert((0, 0));
        d.0 += 1;
        d.1 += one;
    }
    changes
        .iter()
        .find(|(_, new)| {
            let (count, singles) = keys.get(new).copied().unwrap_or((0, 0));
            let (dc, ds) = delta.get(new).copied().unwrap_or((0, 0));
            i64::from(count) + dc >= 2 && i64::from(singles) + ds >= 1
        })
        .map(|(qi, _)| *qi)
}

/// Linear programs over the suppressed part of a publication.
struct Auditor<'a> {
    publication: &'a Publication,
    /// For each inner cell: the distinct cells whose support contains it, ascending.
    containing: Vec<Vec<u32>>,
    /// For each inner cell: whether its value is published as a cell of its own.
    known: Vec<bool>,
    /// Per distinct cell: whether an earlier release showed it (never suppressed here).
    shown_before: Vec<bool>,
}

const EPS: f64 = 1e-6;

impl<'a> Auditor<'a> {
    fn new(publication: &'a Publication, status: &[CellStatus]) -> Auditor<'a> {
        let inner = publication.inner_values.len();
        let mut containing: Vec<Vec<u32>> = vec![Vec::new(); inner];
        let mut known = vec![false; inner];
        for c in 0..publication.cell_count() {
            let Ok(cu) = u32::try_from(c) else { continue };
            let support = publication.support(c);
            for &i in support {
                if let Some(l) = containing.get_mut(i as usize) {
                    l.push(cu);
                }
            }
            if let [i] = support {
                if status.get(c).is_some_and(|s| !s.is_suppressed()) {
                    if let Some(k) = known.get_mut(*i as usize) {
                        *k = true;
                    }
                }
            }
        }
        Auditor {
            publication,
            containing,
            known,
            shown_before: Vec::new(),
        }
    }

    /// The auditor that never suppresses nor offers the cells `shown_before`.
    fn keeping(self, shown_before: &[bool]) -> Auditor<'a> {
        Auditor {
            shown_before: shown_before.to_vec(),
            ..self
        }
    }

    fn was_shown(&self, c: usize) -> bool {
        self.shown_before.get(c).copied().unwrap_or(false)
    }

    /// Suppresses published cell `c` (secondary), keeping the known inner cells in step;
    /// whether it was published.
    fn suppress(&mut self, status: &mut [CellStatus], c: usize) -> bool {
        if self.was_shown(c) {
            return false;
        }
        let Some(s) = status.get_mut(c).filter(|s| **s == CellStatus::Published) else {
            return false;
        };
        *s = CellStatus::Secondary;
        if let [i] = self.publication.support(c) {
            if let Some(k) = self.known.get_mut(*i as usize) {
                *k = false;
            }
        }
        true
    }

    fn is_known(&self, inner: u32) -> bool {
        self.known.get(inner as usize).copied().unwrap_or(false)
    }

    /// The interval of cell `target`, and the published cells that constrain it.
    ///
    /// With `hops`, only the unknown cells within that many steps (cell → published
    /// constraint → cell) are variables; the others are fixed at their true values.
    fn interval(
        &self,
        target: usize,
        status: &[CellStatus],
        hops: Option<usize>,
    ) -> Result<(Interval, Vec<usize>), MonitorError> {
        let free = self.window(&[target], status, hops);
        self.solve(target, status, &free)
    }

    /// The unknown inner cells within `hops` steps (cell → published constraint → cell) of
    /// the cells `targets`; all connected ones without a limit.
    fn window(&self, targets: &[usize], status: &[CellStatus], hops: Option<usize>) -> Vec<u32> {
        let p = self.publication;
        let is_published = |c: usize| status.get(c).is_some_and(|s| !s.is_suppressed());
        let limit = hops.unwrap_or(usize::MAX);
        let mut seen: HashMap<u32, ()> = HashMap::new();
        let mut vars: Vec<(u32, usize)> = Vec::new();
        let mut con_seen: HashMap<usize, ()> = HashMap::new();
        if limit > 0 {
            for &i in targets.iter().flat_map(|&t| p.support(t)) {
                if !self.is_known(i) && seen.insert(i, ()).is_none() {
                    vars.push((i, 0));
                }
            }
        }
        let mut head = 0;
        while let Some(&(i, d)) = vars.get(head) {
            head += 1;
            if d + 1 >= limit {
                continue; // the cells it reaches lie at the window's edge: fixed
            }
            for &c in self
                .containing
                .get(i as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let c = c as usize;
                if !is_published(c) || con_seen.insert(c, ()).is_some() {
                    continue;
                }
                for &j in p.support(c) {
                    if !self.is_known(j) && seen.insert(j, ()).is_none() {
                        vars.push((j, d + 1));
                    }
                }
            }
        }
        vars.into_iter().map(|(i, _)| i).collect()
    }

    /// The published cells that constrain the inner cells `free`, ascending.
    fn constraints(&self, free: &[u32], status: &[CellStatus]) -> Vec<usize> {
        let mut cons: Vec<usize> = free
            .iter()
            .flat_map(|&i| {
                self.containing
                    .get(i as usize)
                    .map_or(&[][..], Vec::as_slice)
            })
            .map(|&c| c as usize)
            .filter(|&c| status.get(c).is_some_and(|s| !s.is_suppressed()))
            .collect();
        cons.sort_unstable();
        cons.dedup();
        cons
    }

    /// The interval of cell `target` when only the inner cells `free` may vary and every
    /// other cell is fixed at its true value — a restriction of the attacker's problem, so
    /// the interval found lies inside the true one and a window wide enough proves
    /// protection. Also returns the published cells that constrain the free cells.
    fn solve(
        &self,
        target: usize,
        status: &[CellStatus],
        free: &[u32],
    ) -> Result<(Interval, Vec<usize>), MonitorError> {
        let p = self.publication;
        let true_value = |i: u32| p.inner_values.get(i as usize).copied().unwrap_or(0);
        let target_u32 = u32::try_from(target).map_err(|_| MonitorError::Internal)?;
        // Each published cell containing a free cell is a constraint over the free cells;
        // with the others fixed, its right-hand side is the free cells' true total.
        let mut rows: HashMap<usize, (Vec<usize>, u64)> = HashMap::new();
        let mut objective: Vec<usize> = Vec::new();
        let mut constant = p.value(target);
        for (k, &i) in free.iter().enumerate() {
            let containing = self
                .containing
                .get(i as usize)
                .map_or(&[][..], Vec::as_slice);
            if containing.binary_search(&target_u32).is_ok() {
                objective.push(k);
                constant = constant.saturating_sub(true_value(i));
            }
            for &c in containing {
                let c = c as usize;
                if status.get(c).is_some_and(|s| !s.is_suppressed()) {
                    let row = rows.entry(c).or_default();
                    row.0.push(k);
                    row.1 += true_value(i);
                }
            }
        }
        let mut cons: Vec<usize> = rows.keys().copied().collect();
        cons.sort_unstable();
        if objective.is_empty() {
            let exact = Interval {
                lower: constant,
                upper: Some(constant),
            };
            return Ok((exact, cons));
        }
        let optimum = |dir| -> Result<Option<f64>, MonitorError> {
            let mut problem = microlp::Problem::new(dir);
            let mut handles: Vec<microlp::Variable> = Vec::with_capacity(free.len());
            let mut obj = objective.iter().peekable();
            for k in 0..free.len() {
                let weight = if obj.next_if(|&&o| o == k).is_some() {
                    1.0
                } else {
                    0.0
                };
                handles.push(problem.add_var(weight, (0.0, f64::INFINITY)));
            }
            for c in &cons {
                let (members, rhs) = rows.get(c).ok_or(MonitorError::Internal)?;
                let mut expr = microlp::LinearExpr::empty();
                for &k in members {
                    expr.add(*handles.get(k).ok_or(MonitorError::Internal)?, 1.0);
                }
                problem.add_constraint(expr, microlp::ComparisonOp::Eq, *rhs as f64);
            }
            match problem.solve() {
                Ok(microlp::SolveOutcome::Solution(s)) => Ok(Some(s.objective())),
                Ok(microlp::SolveOutcome::Interrupted(_)) => {
                    Err(MonitorError::Solver("interrupted".to_owned()))
                }
                Err(microlp::Error::Unbounded) => Ok(None),
                Err(e) => Err(MonitorError::Solver(format!("{e:?}"))),
            }
        };
        let lo = optimum(microlp::OptimizationDirection::Minimize)?
            .ok_or_else(|| MonitorError::Solver("minimum unbounded".to_owned()))?;
        let hi = optimum(microlp::OptimizationDirection::Maximize)?;
        let interval = Interval {
            lower: constant + (lo - EPS).ceil().max(0.0) as u64,
            upper: hi.map(|h| constant + (h + EPS).floor().max(0.0) as u64),
        };
        Ok((interval, cons))
    }

    /// The attacker's problem over every unknown inner cell connected to `targets`.
    fn attack(&self, targets: &[usize], status: &[CellStatus]) -> Attack {
        self.attack_within(targets, status, |_| true)
    }

    /// The attacker's problem over the unknown inner cells connected to `targets` that
    /// `within` admits; the others are fixed at their true values.
    fn attack_within(
        &self,
        targets: &[usize],
        status: &[CellStatus],
        within: impl Fn(u32) -> bool,
    ) -> Attack {
        let p = self.publication;
        let is_published = |c: usize| status.get(c).is_some_and(|s| !s.is_suppressed());
        let true_value = |i: u32| p.inner_values.get(i as usize).copied().unwrap_or(0);
        let mut free = self.window(targets, status, None);
        free.retain(|&i| within(i));
        let mut index = vec![NO_VARIABLE; p.inner_values.len()];
        for (k, &i) in free.iter().enumerate() {
            if let Some(slot) = index.get_mut(i as usize) {
                *slot = k;
            }
        }
        let mut rows: HashMap<usize, (Vec<usize>, u64)> = HashMap::new();
        for (k, &i) in free.iter().enumerate() {
            for &c in self
                .containing
                .get(i as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                if is_published(c as usize) {
                    let row = rows.entry(c as usize).or_default();
                    row.0.push(k);
                    row.1 += true_value(i);
                }
            }
        }
        // The fixed cells' share of each constraint is constant: only free cells remain.
        let mut cons: Vec<usize> = rows.keys().copied().collect();
        cons.sort_unstable();
        let rows = cons
            .iter()
            .filter_map(|c| rows.remove(c))
            .map(|(members, rhs)| (members, rhs as f64))
            .collect();
        Attack {
            rows,
            index,
            width: free.len(),
        }
    }

    /// The published cells next to a failing cell's window: its constraints, and the
    /// published inner cells that the constraints `expand` admits add up.
    fn adjacent(
        &self,
        cons: &[usize],
        status: &[CellStatus],
        expand: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let p = self.publication;
        let is_published = |c: usize| status.get(c).is_some_and(|s| !s.is_suppressed());
        let mut out: Vec<usize> = cons.to_vec();
        for &c in cons.iter().filter(|&&c| expand(c)) {
            for &j in p.support(c) {
                if self.is_known(j) {
                    if let Some(cells) = self.containing.get(j as usize) {
                        out.extend(
                            cells
                                .iter()
                                .map(|&x| x as usize)
                                .filter(|&x| p.support(x).len() == 1 && is_published(x)),
                        );
                    }
                }
            }
        }
        out.retain(|&x| !self.was_shown(x));
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The attacker's problem around some primaries: cells ≥ 0 and every published cell's
/// value, over the unknown inner cells connected to them (the others are known or do not
/// bear on them).
struct Attack {
    /// Per published constraint: its variables and right-hand side.
    rows: Vec<(Vec<usize>, f64)>,
    /// Per inner cell: its variable, or [`NO_VARIABLE`] (a dense table: it is read for
    /// every primary in every table found).
    index: Vec<usize>,
    /// The number of variables.
    width: usize,
}

/// A table found for an [`Attack`]: the solver's state (to ask further from) and the
/// variables' values.
struct Found {
    solution: microlp::Solution,
    vars: Vec<microlp::Variable>,
}

/// How many linear programs [`Attack::prove`] spends at most on pushing the primaries down
/// together before it asks about each one alone.
const JOINT_ROUNDS: usize = 6;

/// How many primaries a joint program must settle for another one to be worth solving:
/// asking about one primary from a found table (one edit, the dual simplex) costs about a
/// fiftieth of a program solved anew, on the windows of `examples/sdc_kreis.rs`.
const JOINT_WORTH: usize = 30;

/// An inner cell without a variable in an [`Attack`]: known, or fixed at its true value.
const NO_VARIABLE: usize = usize::MAX;

impl Attack {
    /// The variable of inner cell `i`, if it is free.
    fn variable(&self, i: u32) -> Option<usize> {
        self.index
            .get(i as usize)
            .copied()
            .filter(|&k| k != NO_VARIABLE)
    }

    /// The table that minimises the sum of the variables in `weighted` (cells are ≥ 0, so
    /// the minimum exists).
    fn minimum(&self, weighted: &[bool]) -> Result<Found, MonitorError> {
        let mut problem = microlp::Problem::new(microlp::OptimizationDirection::Minimize);
        let vars: Vec<microlp::Variable> = (0..self.width)
            .map(|k| {
                let w = if weighted.get(k) == Some(&true) {
                    1.0
                } else {
                    0.0
                };
                problem.add_var(w, (0.0, f64::INFINITY))
            })
            .collect();
        for (members, rhs) in &self.rows {
            let mut expr = microlp::LinearExpr::empty();
            for &k in members {
                expr.add(*vars.get(k).ok_or(MonitorError::Internal)?, 1.0);
            }
            problem.add_constraint(expr, microlp::ComparisonOp::Eq, *rhs);
        }
        match problem.solve() {
            Ok(microlp::SolveOutcome::Solution(solution)) => Ok(Found { solution, vars }),
            Ok(microlp::SolveOutcome::Interrupted(_)) => {
                Err(MonitorError::Solver("interrupted".to_owned()))
            }
            // The true table is feasible and the objective bounded below.
            Err(e) => Err(MonitorError::Solver(format!("{e:?}"))),
        }
    }

    /// The variables' values in a found table.
    fn values(found: &Found) -> Vec<f64> {
        found
            .vars
            .iter()
            .map(|&v| found.solution.var_value(v))
            .collect()
    }

    /// The value of cell `target` in a table given by the variables' values.
    fn value_in(&self, publication: &Publication, target: usize, values: &[f64]) -> f64 {
        publication
            .support(target)
            .iter()
            .map(|&i| match self.variable(i) {
                Some(k) => values.get(k).copied().unwrap_or(0.0),
                None => publication
                    .inner_values
                    .get(i as usize)
                    .copied()
                    .unwrap_or(0) as f64,
            })
            .sum()
    }

    /// A table in which cell `target` takes `value`, asked from `from` with one more
    /// constraint (the dual simplex re-solves from there). `None` if there is none.
    fn reaching(
        &self,
        publication: &Publication,
        from: &Found,
        target: usize,
        value: u64,
    ) -> Result<Option<Vec<f64>>, MonitorError> {
        let mut rest = i128::from(value);
        let mut expr = microlp::LinearExpr::empty();
        for &i in publication.support(target) {
            match self.variable(i).and_then(|k| from.vars.get(k)) {
                Some(&v) => expr.add(v, 1.0),
                None => {
                    rest -= i128::from(
                        publication
                            .inner_values
                            .get(i as usize)
                            .copied()
                            .unwrap_or(0),
                    );
                }
            }
        }
        if rest < 0 {
            return Ok(None);
        }
        match from
            .solution
            .clone()
            .add_constraint(expr, microlp::ComparisonOp::Eq, rest as f64)
        {
            Ok(microlp::SolveOutcome::Solution(s)) => {
                Ok(Some(from.vars.iter().map(|&v| s.var_value(v)).collect()))
            }
            Ok(microlp::SolveOutcome::Interrupted(_)) => {
                Err(MonitorError::Solver("interrupted".to_owned()))
            }
            Err(microlp::Error::Infeasible) => Ok(None),
            Err(e) => Err(MonitorError::Solver(format!("{e:?}"))),
        }
    }

    /// Tries to prove each primary of `group` protected: that it can take both ends of the
    /// interval it needs ([`Protection::goal`]) in tables that agree with everything
    /// published. Tables that push the open primaries down together settle most lower
    /// ends (and, by the way, many upper ones); every end left is asked from the last of
    /// them with one more constraint, which costs far less than another program (see
    /// [`JOINT_WORTH`]). `Ok((cell, interval))` for a proof — an interval the attacker's
    /// contains — and `Err(cell)` for a primary not proven.
    #[allow(clippy::type_complexity)]
    fn prove(
        &self,
        publication: &Publication,
        settings: &Protection,
        group: &[usize],
    ) -> Result<Vec<Result<(usize, Interval), usize>>, MonitorError> {
        let goals: Vec<(u64, u64)> = group
            .iter()
            .map(|&p| {
                let value = publication.value(p);
                settings.goal(value, settings.required_width(value))
            })
            .collect();
        // Lowest and highest value seen per primary (rounded inward), from the true table on.
        let mut seen: Vec<(u64, u64)> = group
            .iter()
            .map(|&t| (publication.value(t), publication.value(t)))
            .collect();
        let record = |values: &[f64], seen: &mut [(u64, u64)]| {
            for (&t, s) in group.iter().zip(seen.iter_mut()) {
                let v = self.value_in(publication, t, values);
                s.0 = s.0.min((v - EPS).ceil().max(0.0) as u64);
                s.1 = s.1.max((v + EPS).floor().max(0.0) as u64);
            }
        };
        let open = |seen: &[(u64, u64)], upward: bool| -> Vec<usize> {
            (0..group.len())
                .filter(|&k| {
                    let (lo, hi) = seen.get(k).copied().unwrap_or((u64::MAX, 0));
                    let (want_lo, want_hi) = goals.get(k).copied().unwrap_or((0, 0));
                    if upward { hi < want_hi } else { lo > want_lo }
                })
                .collect()
        };
        // Joint programs push the open primaries down together while that settles enough of
        // them; every bound left, upward ones included, is asked from the last table found.
        let mut base: Option<Found> = None;
        for _ in 0..JOINT_ROUNDS {
            let still = open(&seen, false);
            if still.is_empty() {
                break;
            }
            let mut weighted = vec![false; self.width];
            for &k in &still {
                let t = group.get(k).copied().ok_or(MonitorError::Internal)?;
                for &i in publication.support(t) {
                    if let Some(w) = self.variable(i).and_then(|v| weighted.get_mut(v)) {
                        *w = true;
                    }
                }
            }
            let found = self.minimum(&weighted)?;
            record(&Self::values(&found), &mut seen);
            let left = open(&seen, false).len();
            base = Some(found);
            // Another program can settle at most the ones left.
            if still.len() - left < JOINT_WORTH || left < JOINT_WORTH {
                break;
            }
        }
        let mut out = Vec::with_capacity(group.len());
        for (k, &p) in group.iter().enumerate() {
            let (lower, upper) = goals.get(k).copied().unwrap_or((0, 0));
            let mut proven = true;
            for bound in [lower, upper] {
                let (lo, hi) = seen.get(k).copied().unwrap_or((u64::MAX, 0));
                if (lo..=hi).contains(&bound) {
                    continue;
                }
                let reached = match &base {
                    Some(found) => self.reaching(publication, found, p, bound)?,
                    None => None,
                };
                match reached {
                    Some(values) => record(&values, &mut seen),
                    None => {
                        proven = false;
                        break;
                    }
                }
            }
            out.push(if proven {
                Ok((
                    p,
                    Interval {
                        lower,
                        upper: Some(upper),
                    },
                ))
            } else {
                Err(p)
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::monitor::cube::Dimension;

    fn table(values: &[&[u64]]) -> (Cube, Publication) {
        let rows: Vec<String> = (0..values.len()).map(|i| format!("r{i}")).collect();
        let cols: Vec<String> = (0..values[0].len()).map(|i| format!("c{i}")).collect();
        let mut cube =
            Cube::new(vec![Dimension::new("r", rows), Dimension::new("c", cols)]).unwrap();
        for (i, row) in values.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                for _ in 0..v {
                    cube.add(&[i as u32, j as u32], 1).unwrap();
                }
            }
        }
        let publication = Publication::new(
            &cube,
            vec![TableLayout {
                id: "t".into(),
                dims: vec![0, 1],
            }],
        )
        .unwrap();
        (cube, publication)
    }

    #[test]
    fn a_lone_primary_gets_complements_in_row_and_column() {
        let (_, publication) = table(&[&[1, 10, 12], &[20, 30, 40], &[25, 35, 45]]);
        let protected = protect(&publication, &Protection::default()).unwrap();
        let suppressed = protected
            .status
            .iter()
            .filter(|s| s.is_suppressed())
            .count();
        assert!(suppressed >= 4, "{suppressed}");
        for (_, interval) in audit(&publication, &protected.status).unwrap() {
            assert!(interval.width().is_none_or(|w| w >= 3));
        }
    }

    #[test]
    fn elimination_detects_derivability_exactly() {
        // Without secondary suppression, the primary is derivable from its row total.
        let (_, publication) = table(&[&[1, 10], &[20, 30]]);
        let mut status = vec![CellStatus::Published; publication.cell_count()];
        let p = (0..publication.cell_count())
            .find(|&c| publication.support(c) == [0])
            .unwrap();
        status[p] = CellStatus::Primary;
        let a = audit(&publication, &status).unwrap();
        assert_eq!(
            a,
            vec![(
                p,
                Interval {
                    lower: 1,
                    upper: Some(1)
                }
            )]
        );
    }
}
