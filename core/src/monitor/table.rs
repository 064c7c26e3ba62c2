//! Protected output tables: columnar (one vector per column, ready for Arrow, pandas, polars),
//! written as CSV for publication (suppressed cells as `.`) or as JSON for the producer
//! (suppressed cells as `null`, with each cell's status).
//!
//! Margins (totals and subtotals) are rows of their own, told apart by the `margin` column: it
//! names the dimensions a row sums over, joined by `+` (`"kommune"`: over all Kommunen of the
//! set; `"transition_schulform"`: a Kommune's total over the category; both: the grand total),
//! and is empty for an inner cell. In [`Table::labels`], JSON and Arrow a dimension summed over
//! all its codes has no label (`None`, `null`), so that the dimension columns hold only real
//! codes — or the name of a published subtotal such as `mit_foerderbedarf`. The CSV, read by
//! people in offices, writes [`TOTAL`] (`Insgesamt`) there, as the statistical offices do, and
//! the `margin` column last.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cube::{Cube, TOTAL};
use super::sdc::{CellStatus, Node, Protected, Publication};

/// A protected table in columnar form. Row `i` is made of `labels[d][i]` for each dimension
/// `d`, `margin[i]`, `value[i]`, `status[i]`, and optionally `denominator[i]` and `rate[i]`.
///
/// The status tells primary from secondary suppression. It is for the producer — who holds
/// the records anyway — and is in [`Table::to_json`] (and the Python and C results), but never
/// in [`Table::to_csv`], the file meant for publication: a published "primary" flag would
/// itself disclose that a cell is small, so the CSV writes one symbol, `.`, for both (as
/// Destatis does).
///
/// ```
/// use bildungsnetz::monitor::cube::{Cube, Dimension};
/// use bildungsnetz::monitor::sdc::{protect, CellStatus, Protection, Publication, TableLayout};
/// use bildungsnetz::monitor::table::assemble;
/// let dims = vec![Dimension::new("kommune", ["05334002", "05334004"]),
///                 Dimension::new("repeater", ["ja", "nein"])];
/// let mut cube = Cube::new(dims)?;
/// for (k, r, n) in [(0, 0, 1), (0, 1, 9), (1, 0, 4), (1, 1, 8)] {
///     for _ in 0..n { cube.add(&[k, r], 1)?; }
/// }
/// let publication = Publication::new(&cube, vec![TableLayout { id: "t".into(), dims: vec![0, 1] }])?;
/// let protected = protect(&publication, &Protection::default())?;
/// let t = assemble(&cube, &publication, &protected, "count", &[None]).remove(0);
/// let grand = t.find(&[None, None]).unwrap();
/// assert_eq!((t.value[grand], t.margin[grand].as_deref()), (Some(22), Some("kommune+repeater")));
/// let lone = t.find(&[Some("05334002"), Some("ja")]).unwrap();
/// assert_eq!((t.value[lone], t.status[lone]), (None, CellStatus::Primary));
/// assert!(t.to_csv().contains("\n05334002,ja,.,\n") && !t.to_csv().contains("primary"));
/// assert!(t.to_csv().contains("\nInsgesamt,Insgesamt,22,kommune+repeater\n"));
/// assert_eq!(t.to_json()["columns"]["status"][0], "primary");
/// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's id.
    pub id: String,
    /// Names of the dimension columns.
    pub dimensions: Vec<String>,
    /// One column per dimension: a code, the label of a published subtotal, or `None` where
    /// the row sums over all the dimension's codes.
    pub labels: Vec<Vec<Option<String>>>,
    /// Per row, the dimensions it sums over (joined by `+`, in table order); `None` for an
    /// inner cell.
    pub margin: Vec<Option<String>>,
    /// The name of the value column (e.g. `"count"`, `"pupils"`).
    pub value_name: String,
    /// The protected values (`None`: suppressed).
    pub value: Vec<Option<u64>>,
    /// The status of each row's cell (for the producer: see above).
    pub status: Vec<CellStatus>,
    /// The denominator of a rate (`None`: suppressed or not available).
    pub denominator: Option<Vec<Option<u64>>>,
    /// `value / denominator` where both are shown and the denominator is positive.
    pub rate: Option<Vec<Option<f64>>>,
}

impl Table {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// The row whose labels are these (one per dimension; `None` for a total over the
    /// dimension), if any.
    pub fn find(&self, labels: &[Option<&str>]) -> Option<usize> {
        (0..self.len()).find(|&i| {
            labels.len() == self.labels.len()
                && self
                    .labels
                    .iter()
                    .zip(labels)
                    .all(|(col, l)| col.get(i).is_some_and(|x| x.as_deref() == *l))
        })
    }

    /// The CSV meant for publication, with a header: suppressed values and unavailable rates
    /// as `.` (primary and secondary alike), [`TOTAL`] where a row sums over a dimension, and
    /// the `margin` column last.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut header: Vec<&str> = self.dimensions.iter().map(String::as_str).collect();
        header.push(&self.value_name);
        if self.denominator.is_some() {
            header.push("denominator");
        }
        if self.rate.is_some() {
            header.push("rate");
        }
        header.push("margin");
        out.push_str(
            &header
                .iter()
                .map(|h| csv_field(h))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
        for i in 0..self.len() {
            let mut fields: Vec<String> = self
                .labels
                .iter()
                .map(|col| csv_field(self::label(col, i)))
                .collect();
            fields.push(opt(self.value.get(i).copied().flatten()));
            if let Some(d) = &self.denominator {
                fields.push(opt(d.get(i).copied().flatten()));
            }
            if let Some(r) = &self.rate {
                fields.push(match r.get(i).copied().flatten() {
                    Some(x) => format!("{x:.6}"),
                    None => ".".to_owned(),
                });
            }
            fields.push(csv_field(
                self.margin.get(i).and_then(Option::as_deref).unwrap_or(""),
            ));
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    /// JSON in columnar form for the producer: `{"id", "dimensions", "suppressed": ".",
    /// "columns": {name: [...]}}` with a column per dimension (`null` for a total), `margin`,
    /// the value (`null` where suppressed), `denominator` and `rate` where the table has
    /// them, and `status` (`"published"`, `"primary"`, `"secondary"`, `"rounded"`; not for
    /// publication, see [`Table`]).
    pub fn to_json(&self) -> serde_json::Value {
        let mut columns = serde_json::Map::new();
        for (name, col) in self.dimensions.iter().zip(&self.labels) {
            columns.insert(name.clone(), serde_json::json!(col));
        }
        columns.insert("margin".to_owned(), serde_json::json!(self.margin));
        columns.insert(self.value_name.clone(), serde_json::json!(self.value));
        if let Some(d) = &self.denominator {
            columns.insert("denominator".to_owned(), serde_json::json!(d));
        }
        if let Some(r) = &self.rate {
            columns.insert("rate".to_owned(), serde_json::json!(r));
        }
        columns.insert("status".to_owned(), serde_json::json!(self.status));
        serde_json::json!({
            "id": self.id,
            "dimensions": self.dimensions,
            "suppressed": ".",
            "columns": columns,
        })
    }
}

/// The label of row `i` in a dimension column as people read it: [`TOTAL`] for a total.
pub fn label(column: &[Option<String>], i: usize) -> &str {
    column.get(i).map_or("", |l| l.as_deref().unwrap_or(TOTAL))
}

fn opt(v: Option<u64>) -> String {
    v.map_or_else(|| ".".to_owned(), |v| v.to_string())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        let mut q = String::from("\"");
        q.push_str(&s.replace('"', "\"\""));
        q.push('"');
        q
    } else {
        s.to_owned()
    }
}

/// Assembles the protected tables of a publication. `rate_dim` names, per table, the shown
/// dimension (by position in the table) whose total is the denominator of a rate.
pub fn assemble(
    cube: &Cube,
    publication: &Publication,
    protected: &Protected,
    value_name: &str,
    rate_dim: &[Option<usize>],
) -> Vec<Table> {
    let mut tables: Vec<Table> = publication
        .layouts()
        .iter()
        .map(|l| Table {
            id: l.id.clone(),
            dimensions: l
                .dims
                .iter()
                .filter_map(|&d| cube.dims().get(d).map(|x| x.name().to_owned()))
                .collect(),
            labels: vec![Vec::new(); l.dims.len()],
            margin: Vec::new(),
            value_name: value_name.to_owned(),
            value: Vec::new(),
            status: Vec::new(),
            denominator: None,
            rate: None,
        })
        .collect();
    let mut index: Vec<HashMap<Vec<Node>, usize>> = vec![HashMap::new(); tables.len()];
    for row in publication.rows() {
        let Some(table) = tables.get_mut(row.table) else {
            continue;
        };
        let Some(layout) = publication.layouts().get(row.table) else {
            continue;
        };
        let mut summed: Vec<&str> = Vec::new();
        for ((col, node), &d) in table.labels.iter_mut().zip(&row.nodes).zip(&layout.dims) {
            let dim = cube.dims().get(d);
            let label = match node {
                Node::Code(i) => dim.and_then(|dim| dim.codes().get(*i as usize).cloned()),
                // The first group is the total: no label.
                Node::Group(0) => None,
                Node::Group(g) => {
                    dim.and_then(|dim| dim.groups().get(*g as usize).map(|g| g.code.clone()))
                }
            };
            if let (Node::Group(_), Some(dim)) = (node, dim) {
                summed.push(dim.name());
            }
            col.push(label);
        }
        table
            .margin
            .push((!summed.is_empty()).then(|| summed.join("+")));
        if let Some(ix) = index.get_mut(row.table) {
            ix.insert(row.nodes.clone(), table.value.len());
        }
        table
            .value
            .push(protected.shown.get(row.cell).copied().flatten());
        table.status.push(
            protected
                .status
                .get(row.cell)
                .copied()
                .unwrap_or(CellStatus::Primary),
        );
    }
    for (t, table) in tables.iter_mut().enumerate() {
        let Some(Some(rd)) = rate_dim.get(t) else {
            continue;
        };
        let mut den = Vec::with_capacity(table.len());
        let rows: Vec<&crate::monitor::sdc::Row> =
            publication.rows().iter().filter(|r| r.table == t).collect();
        for row in rows {
            let mut nodes = row.nodes.clone();
            if let Some(n) = nodes.get_mut(*rd) {
                *n = Node::Group(0);
            }
            let d = index
                .get(t)
                .and_then(|ix| ix.get(&nodes))
                .and_then(|&i| table.value.get(i).copied().flatten());
            den.push(d);
        }
        let rate = table
            .value
            .iter()
            .zip(&den)
            .map(|(v, d)| match (v, d) {
                (Some(v), Some(d)) if *d > 0 => Some(*v as f64 / *d as f64),
                _ => None,
            })
            .collect();
        table.denominator = Some(den);
        table.rate = Some(rate);
    }
    tables
}

/// The label of a node of cube dimension `d`: its code, or its group's label ([`TOTAL`] for
/// the total).
pub(crate) fn node_label(cube: &Cube, d: usize, node: Node) -> String {
    cube.dims().get(d).map_or(String::new(), |dim| match node {
        Node::Code(i) => dim.codes().get(i as usize).cloned().unwrap_or_default(),
        Node::Group(g) => dim
            .groups()
            .get(g as usize)
            .map_or_else(|| TOTAL.to_owned(), |g| g.code.clone()),
    })
}

/// Writes several tables as one CSV document per table, separated by a blank line and a
/// `# <id>` line each.
pub fn to_csv_bundle(tables: &[Table]) -> String {
    let mut out = String::new();
    for t in tables {
        let _ = writeln!(out, "# {}", t.id);
        out.push_str(&t.to_csv());
        out.push('\n');
    }
    out
}
