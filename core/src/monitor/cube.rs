//! Mergeable partial aggregates: a dense cube of cell statistics over categorical dimensions.
//!
//! A [`Cube`] holds, for every combination of leaf codes (an *inner cell*), the number of
//! contributors, the sum of their values and the largest contributions (for the dominance
//! rule). Cubes with the same layout merge cell by cell; merging is associative and
//! commutative, so counts computed per batch or partition and merged give exactly the cube
//! computed at once — and therefore the same protected table (protection runs once, on the
//! merged cube).
//!
//! ```
//! use bildungsnetz::monitor::cube::{Cube, Dimension};
//! let dims = vec![
//!     Dimension::new("kommune", ["05334002", "05334004"]),
//!     Dimension::new("schulform", ["02", "20"]),
//! ];
//! let mut a = Cube::new(dims.clone())?;
//! let mut b = Cube::new(dims)?;
//! a.add(&[0, 1], 1)?;
//! b.add(&[0, 1], 1)?;
//! b.add(&[1, 0], 1)?;
//! a.merge(&b)?;
//! assert_eq!(a.cell(&[0, 1]).map(|c| c.count), Some(2));
//! # Ok::<(), bildungsnetz::monitor::MonitorError>(())
//! ```

use serde::{Deserialize, Serialize};

use super::MonitorError;

/// The label of a dimension's total (the margin over all its codes).
pub const TOTAL: &str = "Insgesamt";

/// How many of the largest contributions a cell keeps for the dominance rule.
pub const TOP_N: usize = 3;

/// The largest number of inner cells a cube may have.
pub const MAX_CELLS: usize = 50_000_000;

/// A published subtotal of a dimension: a named set of its codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The label of the subtotal (e.g. `"mit_foerderbedarf"`).
    pub code: String,
    /// Indices of the member codes, ascending.
    pub members: Vec<u32>,
}

/// A categorical dimension: its leaf codes (the finest classes) and the subtotals published
/// besides them. Every dimension has the total [`TOTAL`] as its first group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dimension {
    name: String,
    codes: Vec<String>,
    groups: Vec<Group>,
}

impl Dimension {
    /// A dimension with these leaf codes (in this order) and the total over all of them.
    ///
    /// ```
    /// use bildungsnetz::monitor::cube::Dimension;
    /// let d = Dimension::new("wiederholer", ["ja", "nein"]);
    /// assert_eq!(d.index_of("nein"), Some(1));
    /// assert_eq!(d.groups()[0].members, vec![0, 1]);
    /// ```
    pub fn new<I, S>(name: impl Into<String>, codes: I) -> Dimension
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let codes: Vec<String> = codes.into_iter().map(Into::into).collect();
        let all = (0..codes.len())
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        Dimension {
            name: name.into(),
            codes,
            groups: vec![Group {
                code: TOTAL.to_owned(),
                members: all,
            }],
        }
    }

    /// Adds a published subtotal over some of the codes (which need not nest with other
    /// groups: the disclosure control models every published cell as a sum of inner cells).
    ///
    /// ```
    /// use bildungsnetz::monitor::cube::Dimension;
    /// let d = Dimension::new("foerder", ["ohne", "foerderschule", "inklusiv"])
    ///     .with_group("mit_foerderbedarf", &["foerderschule", "inklusiv"])?;
    /// assert_eq!(d.groups()[1].members, vec![1, 2]);
    /// assert!(Dimension::new("x", ["a"]).with_group("g", &["b"]).is_err());
    /// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
    /// ```
    pub fn with_group(
        mut self,
        code: impl Into<String>,
        members: &[&str],
    ) -> Result<Self, MonitorError> {
        let code = code.into();
        let mut idx = Vec::with_capacity(members.len());
        for m in members {
            let i = self
                .index_of(m)
                .ok_or_else(|| MonitorError::Spec(format!("group {code} names an unknown code")))?;
            idx.push(i);
        }
        idx.sort_unstable();
        idx.dedup();
        self.groups.push(Group { code, members: idx });
        Ok(self)
    }

    /// The dimension's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The leaf codes.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The published subtotals; the first is the total.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The index of a leaf code.
    pub fn index_of(&self, code: &str) -> Option<u32> {
        self.codes
            .iter()
            .position(|c| c == code)
            .and_then(|i| u32::try_from(i).ok())
    }

    /// The number of leaf codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether the dimension has no codes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// The statistics of one cell: contributors, their sum, and the largest contributions.
///
/// For frequency tables every contributor adds 1, so `count == sum`. For magnitude tables
/// (pupils per school) `count` is the number of contributors (schools) and `sum` the total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellStats {
    /// Number of contributors.
    pub count: u64,
    /// Sum of the contributions.
    pub sum: u64,
    /// The [`TOP_N`] largest contributions, descending (0 where there are fewer).
    pub top: [u64; TOP_N],
}

impl CellStats {
    /// Adds one contributor.
    ///
    /// ```
    /// use bildungsnetz::monitor::cube::CellStats;
    /// let mut c = CellStats::default();
    /// c.add(5);
    /// c.add(9);
    /// assert_eq!((c.count, c.sum, c.top), (2, 14, [9, 5, 0]));
    /// ```
    pub fn add(&mut self, value: u64) {
        self.count = self.count.saturating_add(1);
        self.sum = self.sum.saturating_add(value);
        self.insert_top(value);
    }

    fn insert_top(&mut self, value: u64) {
        let mut v = value;
        for slot in &mut self.top {
            if v > *slot {
                std::mem::swap(slot, &mut v);
            }
        }
    }

    /// Merges another cell's statistics into this one (contributors are disjoint).
    pub fn merge(&mut self, other: &CellStats) {
        self.count = self.count.saturating_add(other.count);
        self.sum = self.sum.saturating_add(other.sum);
        for &v in &other.top {
            if v > 0 {
                self.insert_top(v);
            }
        }
    }
}

/// A dense cube of [`CellStats`] over dimensions: the mergeable partial aggregate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cube {
    dims: Vec<Dimension>,
    cells: Vec<CellStats>,
}

impl Cube {
    /// An empty cube. Fails if the dimensions have more than [`MAX_CELLS`] combinations or a
    /// dimension has no code.
    pub fn new(dims: Vec<Dimension>) -> Result<Cube, MonitorError> {
        let mut size: usize = 1;
        for d in &dims {
            if d.is_empty() {
                return Err(MonitorError::Spec(format!(
                    "dimension {} has no codes",
                    d.name()
                )));
            }
            size = size
                .checked_mul(d.len())
                .filter(|s| *s <= MAX_CELLS)
                .ok_or_else(|| MonitorError::Spec("cube too large".to_owned()))?;
        }
        Ok(Cube {
            dims,
            cells: vec![CellStats::default(); size],
        })
    }

    /// The dimensions.
    pub fn dims(&self) -> &[Dimension] {
        &self.dims
    }

    /// All inner cells, in row-major order of the dimensions (the last varies fastest).
    pub fn cells(&self) -> &[CellStats] {
        &self.cells
    }

    /// The linear index of a key (one leaf index per dimension).
    pub fn index(&self, key: &[u32]) -> Option<usize> {
        if key.len() != self.dims.len() {
            return None;
        }
        let mut idx: usize = 0;
        for (k, d) in key.iter().zip(&self.dims) {
            let k = usize::try_from(*k).ok().filter(|k| *k < d.len())?;
            idx = idx * d.len() + k;
        }
        Some(idx)
    }

    /// The key of a linear index.
    pub fn key(&self, mut index: usize) -> Vec<u32> {
        let mut key = vec![0u32; self.dims.len()];
        for (slot, d) in key.iter_mut().zip(&self.dims).rev() {
            *slot = u32::try_from(index % d.len()).unwrap_or(u32::MAX);
            index /= d.len();
        }
        key
    }

    /// Adds one contributor with a value to the cell at `key`.
    pub fn add(&mut self, key: &[u32], value: u64) -> Result<(), MonitorError> {
        let i = self
            .index(key)
            .ok_or_else(|| MonitorError::Spec("key outside the cube".to_owned()))?;
        self.add_at(i, value)
    }

    /// Adds one contributor with a value to the cell with a linear index.
    pub fn add_at(&mut self, index: usize, value: u64) -> Result<(), MonitorError> {
        let cell = self
            .cells
            .get_mut(index)
            .ok_or_else(|| MonitorError::Spec("index outside the cube".to_owned()))?;
        cell.add(value);
        Ok(())
    }

    /// The statistics of the cell at `key`.
    pub fn cell(&self, key: &[u32]) -> Option<&CellStats> {
        self.index(key).and_then(|i| self.cells.get(i))
    }

    /// Merges a cube of the same layout into this one.
    pub fn merge(&mut self, other: &Cube) -> Result<(), MonitorError> {
        if self.dims != other.dims {
            return Err(MonitorError::LayoutMismatch);
        }
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.merge(b);
        }
        Ok(())
    }
}
