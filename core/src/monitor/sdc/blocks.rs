//! Protection of a publication split into blocks by one flat dimension (usually the Kommune).
//!
//! When a publication has a dimension without subtotals — a Land's Kommunen — every distinct
//! cell either lies inside one *block* (one Kommune) or sums the same pattern over every block
//! (a Land cell). All blocks share the same cell *types* (patterns over a block's inner cells).
//! Protection then works block by block, and a Land table of 27,000 inner cells never becomes
//! one matrix:
//!
//! 1. Exact elimination (as in the global algorithm) inside each block and inside the Land
//!    table, each over the block's own inner cells: afterwards no primary cell is a linear
//!    combination of the published cells of its own block (or of the Land table).
//! 2. Each primary cell is secured against everything published, links through the Land
//!    cells included. An attacker who sees the Land cells can subtract the other blocks: a
//!    change of the primary's block that keeps its published cells (a *perturbation*, found
//!    from the block's null space) stays hidden only if another block — the *partner* — can
//!    absorb it. For each primary the partners whose suppressions already admit the
//!    perturbation are tried first: the primary's interval is computed by linear programming
//!    with the cells of its block and the partner free and every other cell fixed at its
//!    true value. That restricts the attacker's problem, so the interval found lies inside
//!    the true one: when it is wide enough, the primary is proven protected. Otherwise the
//!    cheapest partner gets the perturbation's cells suppressed; if that is still not enough,
//!    one more published cell next to the primary is suppressed, and the primary is tried
//!    again.
//!
//! Suppressing more never makes a protected cell derivable nor narrows its interval, so a
//! primary secured once stays secured while later ones are worked on.

use std::cmp::Reverse;
use std::collections::HashMap;

use super::{
    Auditor, CellStatus, Interval, MonitorError, Protection, Publication, SVec, coef, eliminate,
    gauss_secondary,
};

/// No cell of this type in this block.
const NONE: u32 = u32::MAX;

/// How many partners that already admit a perturbation join a primary's window when the
/// best one alone does not prove it protected.
const PARTNER_TRIES: usize = 3;

/// The block structure of a publication.
pub(super) struct Blocks {
    /// Number of blocks; block index `count` stands for the Land cells.
    count: usize,
    /// Inner cells per block.
    width: usize,
    /// Codes of the block dimension, and the product of the lengths of the dimensions after it.
    len: usize,
    stride: usize,
    /// Per distinct cell: its block (or `count`) and its type.
    place: Vec<(u32, u32)>,
    /// Per type: the block's inner cells it sums (local indices, ascending).
    patterns: Vec<Vec<u32>>,
    /// Per block (Land last) and type: the distinct cell, or [`NONE`].
    cell_at: Vec<u32>,
    /// Per local inner index: the type that is just that inner cell, or [`NONE`].
    single: Vec<u32>,
}

impl Blocks {
    /// The block structure along the flat dimension with the most codes, if every cell is
    /// a block cell or a Land cell.
    pub(super) fn detect(p: &Publication) -> Option<Blocks> {
        let lens = &p.dim_lens;
        let d = (0..lens.len())
            .filter(|&d| p.flat.get(d) == Some(&true) && lens.get(d).is_some_and(|&l| l >= 2))
            .max_by_key(|&d| (lens.get(d).copied().unwrap_or(0), Reverse(d)))?;
        let len = *lens.get(d)?;
        let stride: usize = lens.get(d + 1..)?.iter().product();
        let total: usize = lens.iter().product();
        let width = total / len;
        let mut blocks = Blocks {
            count: len,
            width,
            len,
            stride,
            place: Vec::with_capacity(p.cell_count()),
            patterns: Vec::new(),
            cell_at: Vec::new(),
            single: vec![NONE; width],
        };
        let mut types: HashMap<Vec<u32>, u32> = HashMap::new();
        for c in 0..p.cell_count() {
            let support = p.support(c);
            let home = blocks.block_of(*support.first()?);
            let (block, pattern) = if support.iter().all(|&i| blocks.block_of(i) == home) {
                let mut pattern: Vec<u32> = support.iter().map(|&i| blocks.local(i)).collect();
                pattern.sort_unstable();
                (home, pattern)
            } else {
                // A Land cell: the same pattern in every block.
                if support.len() % len != 0 {
                    return None;
                }
                let per = support.len() / len;
                let mut pairs: Vec<(u32, u32)> = support
                    .iter()
                    .map(|&i| (blocks.block_of(i), blocks.local(i)))
                    .collect();
                pairs.sort_unstable();
                let pattern: Vec<u32> = pairs.get(..per)?.iter().map(|e| e.1).collect();
                for (b, chunk) in pairs.chunks(per).enumerate() {
                    let same = chunk
                        .iter()
                        .zip(&pattern)
                        .all(|(e, &x)| e.0 as usize == b && e.1 == x);
                    if !same {
                        return None;
                    }
                }
                (u32::try_from(len).ok()?, pattern)
            };
            let next = u32::try_from(types.len()).ok()?;
            let t = *types.entry(pattern).or_insert(next);
            blocks.place.push((block, t));
        }
        blocks.patterns = vec![Vec::new(); types.len()];
        for (pattern, t) in types {
            if let [x] = pattern.as_slice() {
                *blocks.single.get_mut(*x as usize)? = t;
            }
            *blocks.patterns.get_mut(t as usize)? = pattern;
        }
        blocks.cell_at = vec![NONE; (len + 1) * blocks.patterns.len()];
        for (c, &(b, t)) in blocks.place.iter().enumerate() {
            let slot = b as usize * blocks.patterns.len() + t as usize;
            *blocks.cell_at.get_mut(slot)? = u32::try_from(c).ok()?;
        }
        Some(blocks)
    }

    /// The number of blocks.
    pub(super) fn count(&self) -> usize {
        self.count
    }

    pub(super) fn block_of(&self, inner: u32) -> u32 {
        let b = (inner as usize / self.stride) % self.len;
        u32::try_from(b).unwrap_or(u32::MAX)
    }

    fn local(&self, inner: u32) -> u32 {
        let i = inner as usize;
        let l = (i / (self.stride * self.len)) * self.stride + i % self.stride;
        u32::try_from(l).unwrap_or(u32::MAX)
    }

    fn inner(&self, block: usize, local: u32) -> u32 {
        let l = local as usize;
        let i = (l / self.stride) * self.stride * self.len + block * self.stride + l % self.stride;
        u32::try_from(i).unwrap_or(u32::MAX)
    }

    fn cell(&self, block: usize, ty: usize) -> Option<usize> {
        let c = *self.cell_at.get(block * self.patterns.len() + ty)?;
        (c != NONE).then_some(c as usize)
    }

    fn pattern(&self, ty: usize) -> &[u32] {
        self.patterns.get(ty).map_or(&[], Vec::as_slice)
    }
}

/// Protects a publication with a block structure; `status` holds the primary cells and is
/// completed. Returns the audited interval of each primary cell, ascending.
pub(super) fn protect(
    publication: &Publication,
    blocks: &Blocks,
    settings: &Protection,
    status: &mut [CellStatus],
    order: &[usize],
    rank: &[usize],
    shown_before: &[bool],
) -> Result<Vec<(usize, Interval)>, MonitorError> {
    let mut lists: Vec<Vec<(usize, &[u32])>> = vec![Vec::new(); blocks.count + 1];
    for &c in order {
        let &(b, t) = blocks.place.get(c).ok_or(MonitorError::Internal)?;
        lists
            .get_mut(b as usize)
            .ok_or(MonitorError::Internal)?
            .push((c, blocks.pattern(t as usize)));
    }
    let singleton = |c: usize| publication.stats(c).count == 1;
    let zero = |c: usize| publication.value(c) == 0;
    for list in &lists {
        gauss_secondary(blocks.width, list, status, &singleton, &zero, shown_before)?;
    }
    let mut securer = Securer {
        publication,
        blocks,
        settings,
        rank,
        auditor: Auditor::new(publication, status).keeping(shown_before),
    };
    let primaries: Vec<usize> = (0..status.len())
        .filter(|&c| status.get(c) == Some(&CellStatus::Primary))
        .collect();
    let mut audit = Vec::with_capacity(primaries.len());
    for p in primaries {
        audit.push((p, securer.secure(p, status)?));
    }
    Ok(audit)
}

struct Securer<'a> {
    publication: &'a Publication,
    blocks: &'a Blocks,
    settings: &'a Protection,
    rank: &'a [usize],
    auditor: Auditor<'a>,
}

impl Securer<'_> {
    fn is_published(status: &[CellStatus], c: Option<usize>) -> bool {
        c.is_some_and(|c| status.get(c) == Some(&CellStatus::Published))
    }

    /// Secures primary `p` (see the module documentation) and returns its interval.
    fn secure(&mut self, p: usize, status: &mut [CellStatus]) -> Result<Interval, MonitorError> {
        let need = if self.settings.interval_protection {
            self.settings.required_width(self.publication.value(p))
        } else {
            1 // not derivable: the value is not determined
        };
        let blocks = self.blocks;
        let &(home, ty) = blocks.place.get(p).ok_or(MonitorError::Internal)?;
        let home = home as usize;
        let (mut partner_added, mut land_added) = (false, false);
        // Each round suppresses at least one more cell.
        for _ in 0..=status.len() {
            let shift = self.perturbation(home, ty as usize, status)?;
            let touched = self.touched(&shift);
            let partners = self.partners(home, &shift, &touched, status);
            let window: Vec<usize> = partners
                .iter()
                .filter(|e| e.0 == 0)
                .take(PARTNER_TRIES)
                .map(|e| e.2)
                .collect();
            // The best partner alone usually suffices, and its linear programs are smaller.
            if window.len() > 1 {
                let (interval, _) = self.window(p, home, window.get(..1).unwrap_or(&[]), status)?;
                if self.settings.passes(&interval, need) {
                    return Ok(interval);
                }
            }
            let (interval, cons) = self.window(p, home, &window, status)?;
            if self.settings.passes(&interval, need) {
                return Ok(interval);
            }
            let deficit = interval
                .width()
                .map_or(1, |w| need.saturating_sub(w).max(1));
            // A partner with a zero under the perturbation would absorb it one way only, and
            // zeros are often public knowledge (no school of that form there): such a
            // partner is added only for a Land primary, which has no other way out. Without
            // a partner, the Land cells the perturbation changes are suppressed instead.
            if !partner_added {
                partner_added = true;
                // A Land primary has no Land cells to fall back on: any partner then.
                let with_room = partners
                    .iter()
                    .find(|e| e.0 > 0 && e.1 > 0)
                    .or_else(|| partners.iter().find(|e| e.0 > 0 && home == blocks.count));
                if let Some(&(_, _, j)) = with_room {
                    if self.suppress(j, &touched, status) {
                        continue;
                    }
                }
            }
            if !land_added {
                land_added = true;
                if self.suppress(blocks.count, &touched, status) {
                    continue;
                }
            }
            // The partners cannot widen the interval enough: suppress one more published
            // cell next to the primary (its block's, a partner's or a Land cell). Land cells
            // sum every block: their inner cells are not listed.
            let in_window = |c: usize| {
                blocks
                    .place
                    .get(c)
                    .is_some_and(|&(b, _)| b as usize == home || window.contains(&(b as usize)))
            };
            let adjacent = self.auditor.adjacent(&cons, status, in_window);
            let choice =
                super::pick_adjacent(self.publication, status, self.rank, adjacent, deficit)
                    .ok_or_else(|| super::stuck(&[p], &self.auditor.shown_before))?;
            self.auditor.suppress(status, choice);
            (partner_added, land_added) = (false, false);
        }
        Err(MonitorError::Internal)
    }

    /// Suppresses the published cells of `block` (or the Land) of the `types`; whether any
    /// was.
    fn suppress(&mut self, block: usize, types: &[usize], status: &mut [CellStatus]) -> bool {
        let mut any = false;
        for &t in types {
            if let Some(c) = self.blocks.cell(block, t) {
                any |= self.auditor.suppress(status, c);
            }
        }
        any
    }

    /// The interval of `p` with the cells of `home` (unless it is the Land) and of the
    /// `partners` free, and the published cells constraining them.
    fn window(
        &self,
        p: usize,
        home: usize,
        partners: &[usize],
        status: &[CellStatus],
    ) -> Result<(Interval, Vec<usize>), MonitorError> {
        let blocks = self.blocks;
        let mut free = Vec::new();
        for &b in std::iter::once(&home).chain(partners) {
            if b < blocks.count {
                for x in 0..blocks.width {
                    let x = u32::try_from(x).map_err(|_| MonitorError::Internal)?;
                    let i = blocks.inner(b, x);
                    if !self.auditor.is_known(i) {
                        free.push(i);
                    }
                }
            }
        }
        self.auditor.solve(p, status, &free)
    }

    /// A change of block `home`'s inner cells that keeps every published cell of the block
    /// and changes the cell of type `ty`, with the fewest cells: (local index, amount).
    fn perturbation(
        &self,
        home: usize,
        ty: usize,
        status: &[CellStatus],
    ) -> Result<Vec<(u32, i64)>, MonitorError> {
        let blocks = self.blocks;
        let is_land = home == blocks.count;
        // The block's unknown inner cells.
        let mut column: Vec<Option<usize>> = vec![None; blocks.width];
        let mut unknown: Vec<u32> = Vec::new();
        for (x, slot) in column.iter_mut().enumerate() {
            let x = u32::try_from(x).map_err(|_| MonitorError::Internal)?;
            let known = if is_land {
                let single = blocks.single.get(x as usize).copied().unwrap_or(NONE);
                single != NONE && Self::is_published(status, blocks.cell(home, single as usize))
            } else {
                self.auditor.is_known(blocks.inner(home, x))
            };
            if !known {
                *slot = Some(unknown.len());
                unknown.push(x);
            }
        }
        // A type's cells restricted to the unknown ones, as a sparse 0/1 vector.
        let restrict = |t: usize| -> SVec {
            blocks
                .pattern(t)
                .iter()
                .filter_map(|&x| column.get(x as usize).copied().flatten())
                .filter_map(|k| u32::try_from(k).ok())
                .map(|k| (k, 1))
                .collect()
        };
        let rows: Vec<SVec> = (0..blocks.patterns.len())
            .filter(|&t| Self::is_published(status, blocks.cell(home, t)))
            .map(restrict)
            .filter(|r| !r.is_empty())
            .collect();
        let target = restrict(ty);
        let changes = |y: &Vec<i64>| {
            target
                .iter()
                .map(|&(k, _)| y.get(k as usize).copied().unwrap_or(0))
                .sum::<i64>()
                != 0
        };
        let best = null_space(rows, unknown.len())?
            .into_iter()
            .filter(changes)
            .min_by_key(|y| y.iter().filter(|&&v| v != 0).count())
            .ok_or(MonitorError::Internal)?;
        Ok(unknown
            .iter()
            .zip(best)
            .filter(|(_, v)| *v != 0)
            .map(|(&x, v)| (x, v))
            .collect())
    }

    /// The types whose cells a perturbation changes.
    fn touched(&self, shift: &[(u32, i64)]) -> Vec<usize> {
        (0..self.blocks.patterns.len())
            .filter(|&t| {
                let pattern = self.blocks.pattern(t);
                let change: i64 = shift
                    .iter()
                    .filter(|(x, _)| pattern.binary_search(x).is_ok())
                    .map(|e| e.1)
                    .sum();
                change != 0
            })
            .collect()
    }

    /// The other blocks, cheapest partner first: (published cells the perturbation would
    /// suppress, the smallest value under the perturbation — room to absorb it —, block).
    /// Ties go to the larger room, then to the lower index.
    fn partners(
        &self,
        home: usize,
        shift: &[(u32, i64)],
        touched: &[usize],
        status: &[CellStatus],
    ) -> Vec<(usize, u64, usize)> {
        let blocks = self.blocks;
        let mut out: Vec<(usize, Reverse<u64>, usize)> = (0..blocks.count)
            .filter(|&j| j != home)
            .map(|j| {
                let cost = touched
                    .iter()
                    .filter(|&&t| Self::is_published(status, blocks.cell(j, t)))
                    .count();
                let room = shift
                    .iter()
                    .map(|&(x, _)| {
                        let i = blocks.inner(j, x) as usize;
                        self.publication.inner_values.get(i).copied().unwrap_or(0)
                    })
                    .min()
                    .unwrap_or(0);
                (cost, Reverse(room), j)
            })
            .collect();
        out.sort_unstable();
        out.into_iter()
            .map(|(cost, Reverse(room), j)| (cost, room, j))
            .collect()
    }
}

/// An integer basis of `{y : row·y = 0 for every row}` over `n` unknowns, one vector per
/// free column (exact: fraction-free reduced echelon form, by the elimination step of the
/// whole-publication algorithm).
fn null_space(rows: Vec<SVec>, n: usize) -> Result<Vec<Vec<i64>>, MonitorError> {
    let mut echelon: Vec<(u32, SVec)> = Vec::new();
    for mut row in rows {
        for (pc, e) in &echelon {
            if coef(&row, *pc).is_some() {
                row = eliminate(&row, e, *pc)?;
            }
        }
        let Some(&(pc, _)) = row.first() else {
            continue;
        };
        for (_, e) in echelon.iter_mut() {
            if coef(e, pc).is_some() {
                *e = eliminate(e, &row, pc)?;
            }
        }
        echelon.push((pc, row));
    }
    let mut basis = Vec::new();
    for f in 0..u32::try_from(n).map_err(|_| MonitorError::Internal)? {
        if echelon.iter().any(|(pc, _)| *pc == f) {
            continue;
        }
        // y[f] = scale; each pivot row then fixes its pivot: e[pc]·y[pc] + e[f]·scale = 0.
        let involved: Vec<(u32, i64, i64)> = echelon
            .iter()
            .filter_map(|(pc, e)| Some((*pc, coef(e, *pc)?, coef(e, f)?)))
            .collect();
        let mut scale: i64 = 1;
        for &(_, d, _) in &involved {
            let g = super::gcd(scale, d).max(1);
            scale = scale
                .checked_mul((d / g).abs())
                .ok_or(MonitorError::Overflow)?;
        }
        let mut y = vec![0i64; n];
        *y.get_mut(f as usize).ok_or(MonitorError::Internal)? = scale;
        for (pc, d, v) in involved {
            let amount = v.checked_mul(scale / d).ok_or(MonitorError::Overflow)?;
            *y.get_mut(pc as usize).ok_or(MonitorError::Internal)? = -amount;
        }
        basis.push(y);
    }
    Ok(basis)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn null_space_vectors_solve_the_system() {
        // x0 + x1 = 0, x1 + x2 + x3 = 0, 2·x2 − x3 = 0
        let rows: Vec<SVec> = vec![
            vec![(0, 1), (1, 1)],
            vec![(1, 1), (2, 1), (3, 1)],
            vec![(2, 2), (3, -1)],
        ];
        let basis = null_space(rows.clone(), 4).unwrap();
        assert_eq!(basis.len(), 1);
        for y in &basis {
            assert!(y.iter().any(|&v| v != 0));
            for r in &rows {
                let dot: i64 = r.iter().map(|&(k, c)| c * y[k as usize]).sum();
                assert_eq!(dot, 0);
            }
        }
    }
}
