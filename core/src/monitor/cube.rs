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
    /// Adds one contributor. A count or sum that would not fit in 64 bits is an error
    /// ([`MonitorError::SumOverflow`]) and leaves the cell unchanged.
    ///
    /// ```
    /// use bildungsnetz::monitor::cube::CellStats;
    /// let mut c = CellStats::default();
    /// c.add(5)?;
    /// c.add(9)?;
    /// assert_eq!((c.count, c.sum, c.top), (2, 14, [9, 5, 0]));
    /// assert!(c.add(u64::MAX).is_err());
    /// assert_eq!(c.sum, 14);
    /// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
    /// ```
    pub fn add(&mut self, value: u64) -> Result<(), MonitorError> {
        let count = self.count.checked_add(1);
        let sum = self.sum.checked_add(value);
        let (Some(count), Some(sum)) = (count, sum) else {
            return Err(MonitorError::SumOverflow);
        };
        self.count = count;
        self.sum = sum;
        self.insert_top(value);
        Ok(())
    }

    fn insert_top(&mut self, value: u64) {
        let mut v = value;
        for slot in &mut self.top {
            if v > *slot {
                std::mem::swap(slot, &mut v);
            }
        }
    }

    /// Merges another cell's statistics into this one (contributors are disjoint). Within a
    /// [`Cube`] the count and the sum cannot overflow: a cube refuses contributions whose total
    /// over all its cells would not fit in 64 bits, so any merge of its cells fits. Elsewhere
    /// they saturate; [`CellStats::checked_merge`] refuses instead.
    pub fn merge(&mut self, other: &CellStats) {
        self.count = self.count.saturating_add(other.count);
        self.sum = self.sum.saturating_add(other.sum);
        self.merge_top(other);
    }

    /// [`CellStats::merge`], refusing a count or sum that would not fit in 64 bits
    /// ([`MonitorError::SumOverflow`]; the cell stays unchanged).
    pub fn checked_merge(&mut self, other: &CellStats) -> Result<(), MonitorError> {
        let count = self.count.checked_add(other.count);
        let sum = self.sum.checked_add(other.sum);
        let (Some(count), Some(sum)) = (count, sum) else {
            return Err(MonitorError::SumOverflow);
        };
        self.count = count;
        self.sum = sum;
        self.merge_top(other);
        Ok(())
    }

    fn merge_top(&mut self, other: &CellStats) {
        for &v in &other.top {
            if v > 0 {
                self.insert_top(v);
            }
        }
    }
}

/// A dense cube of [`CellStats`] over dimensions: the mergeable partial aggregate.
///
/// The count and the sum over all its cells always fit in 64 bits: adding or merging beyond
/// that is an error ([`MonitorError::SumOverflow`]), never a wrap, a clamp or a panic, so every
/// margin of a table over the cube fits too. A cube read back from its serialised form is
/// checked the same way (and its cells against its dimensions).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "CubeData", into = "CubeData")]
pub struct Cube {
    dims: Vec<Dimension>,
    cells: Vec<CellStats>,
    /// Count and sum over all cells.
    total: (u64, u64),
}

/// The serialised form of a [`Cube`].
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CubeData {
    dims: Vec<Dimension>,
    cells: Vec<CellStats>,
}

impl From<Cube> for CubeData {
    fn from(cube: Cube) -> CubeData {
        CubeData {
            dims: cube.dims,
            cells: cube.cells,
        }
    }
}

impl TryFrom<CubeData> for Cube {
    type Error = MonitorError;

    fn try_from(data: CubeData) -> Result<Cube, MonitorError> {
        let empty = Cube::new(data.dims)?;
        if empty.cells.len() != data.cells.len() {
            return Err(MonitorError::LayoutMismatch);
        }
        let mut total = CellStats::default();
        for cell in &data.cells {
            total.checked_merge(cell)?;
        }
        Ok(Cube {
            dims: empty.dims,
            cells: data.cells,
            total: (total.count, total.sum),
        })
    }
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
            total: (0, 0),
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

    /// The statistics of the inner cell at a linear index, to set them directly (a cube
    /// derived from others).
    pub(crate) fn cell_mut(&mut self, index: usize) -> Option<&mut CellStats> {
        self.cells.get_mut(index)
    }

    /// Adds one contributor with a value to the cell with a linear index. A value that would
    /// take the cube's total beyond 64 bits is an error ([`MonitorError::SumOverflow`]) and
    /// changes nothing.
    ///
    /// ```
    /// use bildungsnetz::monitor::cube::{Cube, Dimension};
    /// use bildungsnetz::monitor::MonitorError;
    /// let mut cube = Cube::new(vec![Dimension::new("schule", ["a", "b"])])?;
    /// cube.add_at(0, u64::MAX - 1)?;
    /// assert_eq!(cube.add_at(1, 2), Err(MonitorError::SumOverflow));
    /// assert_eq!(cube.cells()[1].count, 0);
    /// # Ok::<(), MonitorError>(())
    /// ```
    pub fn add_at(&mut self, index: usize, value: u64) -> Result<(), MonitorError> {
        let (count, sum) = self.total;
        let total = count
            .checked_add(1)
            .zip(sum.checked_add(value))
            .ok_or(MonitorError::SumOverflow)?;
        let cell = self
            .cells
            .get_mut(index)
            .ok_or_else(|| MonitorError::Spec("index outside the cube".to_owned()))?;
        cell.add(value)?;
        self.total = total;
        Ok(())
    }

    /// The statistics of the cell at `key`.
    pub fn cell(&self, key: &[u32]) -> Option<&CellStats> {
        self.index(key).and_then(|i| self.cells.get(i))
    }

    /// Merges a cube of the same layout into this one. Totals that would not fit in 64 bits
    /// are an error ([`MonitorError::SumOverflow`]) and change nothing.
    pub fn merge(&mut self, other: &Cube) -> Result<(), MonitorError> {
        if self.dims != other.dims {
            return Err(MonitorError::LayoutMismatch);
        }
        let total = self
            .total
            .0
            .checked_add(other.total.0)
            .zip(self.total.1.checked_add(other.total.1))
            .ok_or(MonitorError::SumOverflow)?;
        // Each cell's count and sum is at most the total's, so these merges cannot overflow.
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            a.checked_merge(b)?;
        }
        self.total = total;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cube() -> Cube {
        Cube::new(vec![Dimension::new("schule", ["a", "b"])]).unwrap()
    }

    #[test]
    fn sums_beyond_64_bits_are_errors_not_wraps() {
        // Every cell fits, the total would not: the margin of a table over it could not be
        // published, so the contribution is refused.
        let mut a = cube();
        a.add_at(0, u64::MAX / 2 + 1).unwrap();
        assert_eq!(
            a.add_at(1, u64::MAX / 2 + 1),
            Err(MonitorError::SumOverflow)
        );
        assert_eq!(a.cells()[1], CellStats::default());

        // Merging: refused whole, nothing changed.
        let mut b = cube();
        b.add_at(1, u64::MAX / 2 + 1).unwrap();
        let before = a.clone();
        assert_eq!(a.merge(&b), Err(MonitorError::SumOverflow));
        assert_eq!(a, before);

        // A serialised cube (pickled partials) is checked when read back.
        let mut json = serde_json::to_value(&a).unwrap();
        json["cells"][1] = json["cells"][0].clone();
        assert!(serde_json::from_value::<Cube>(json.clone()).is_err());
        json["cells"][1] = serde_json::to_value(CellStats::default()).unwrap();
        assert_eq!(serde_json::from_value::<Cube>(json).unwrap(), a);
        let mut short = serde_json::to_value(&a).unwrap();
        short["cells"].as_array_mut().unwrap().pop();
        assert!(serde_json::from_value::<Cube>(short).is_err());
    }
}
