//! Protected output tables: columnar (one vector per column, ready for Arrow, pandas, polars),
//! written as CSV (suppressed cells as `.`) or JSON (suppressed cells as `null`).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::cube::{Cube, TOTAL};
use super::sdc::{CellStatus, Node, Protected, Publication};

/// A protected table in columnar form. Row `i` is made of `labels[d][i]` for each dimension
/// `d`, `value[i]`, and optionally `denominator[i]` and `rate[i]`.
///
/// The status column tells primary from secondary suppression; it is for the producer's own
/// checks and is never written by [`Table::to_csv`] or [`Table::to_json`] (a published
/// "primary" flag would itself disclose that a cell is small).
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's id.
    pub id: String,
    /// Names of the dimension columns.
    pub dimensions: Vec<String>,
    /// One column per dimension: a code, or a group label such as [`TOTAL`].
    pub labels: Vec<Vec<String>>,
    /// The name of the value column (e.g. `"count"`, `"pupils"`).
    pub value_name: String,
    /// The protected values (`None`: suppressed).
    pub value: Vec<Option<u64>>,
    /// The status of each row's cell.
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

    /// The row whose labels are these (one per dimension), if any.
    pub fn find(&self, labels: &[&str]) -> Option<usize> {
        (0..self.len()).find(|&i| {
            labels.len() == self.labels.len()
                && self
                    .labels
                    .iter()
                    .zip(labels)
                    .all(|(col, l)| col.get(i).is_some_and(|x| x == l))
        })
    }

    /// CSV with a header; suppressed values and unavailable rates as `.`.
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
                .map(|col| csv_field(col.get(i).map_or("", String::as_str)))
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
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }

    /// JSON in columnar form: `{"id", "dimensions", "columns": {name: [...]}}`, suppressed
    /// values as `null`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut columns = serde_json::Map::new();
        for (name, col) in self.dimensions.iter().zip(&self.labels) {
            columns.insert(name.clone(), serde_json::json!(col));
        }
        columns.insert(self.value_name.clone(), serde_json::json!(self.value));
        if let Some(d) = &self.denominator {
            columns.insert("denominator".to_owned(), serde_json::json!(d));
        }
        if let Some(r) = &self.rate {
            columns.insert("rate".to_owned(), serde_json::json!(r));
        }
        serde_json::json!({
            "id": self.id,
            "dimensions": self.dimensions,
            "suppressed": ".",
            "columns": columns,
        })
    }
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
        for ((col, node), &d) in table.labels.iter_mut().zip(&row.nodes).zip(&layout.dims) {
            col.push(node_label(cube, d, *node));
        }
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
