//! Schools and pupils per Schulform and Kommune from the school directory (e.g. the NRW
//! list 2024/25 read by [`crate::io::directory::Importer`]), with the Sozialindex breakdown.
//!
//! Pupils form a magnitude table whose contributors are schools: a cell is primary if it has
//! fewer than `min_frequency` schools or fails the dominance rule. The two pupil tables
//! (Schulform × Kommune and Sozialindex × Kommune) share their Kommune totals and are
//! protected together as linked tables. School counts come from a public directory and are
//! published unprotected.

use super::MonitorError;
use super::cube::{Cube, Dimension};
use super::sdc::{Protected, Protection, Publication, TableLayout, protect};
use super::table::{Table, assemble};
use crate::model::Institution;

/// The Sozialindex codes: 1–9, and `ohne` (private, vocational and special schools).
pub const SOZIALINDEX: [&str; 10] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "ohne"];

/// The directory tables.
#[derive(Clone, Debug, PartialEq)]
pub struct DirectoryTables {
    /// `schulen`: schools per Kommune × Schulform (public, unprotected).
    pub schools: Table,
    /// `schueler_schulform`: pupils per Kommune × Schulform (protected).
    pub pupils_by_schulform: Table,
    /// `schueler_sozialindex`: pupils per Kommune × Sozialindex (protected, linked).
    pub pupils_by_sozialindex: Table,
    /// The protection outcome of the linked pupil tables.
    pub protected: Protected,
    /// Schools in scope without a pupil number (not in the pupil tables).
    pub schools_without_pupils: usize,
}

/// Builds the directory tables for the schools whose Gemeindeschlüssel starts with
/// `ags_prefix` (`"05"`: all of NRW; `"05334"`: StädteRegion Aachen). Institutions without a
/// Schulform key or a Gemeindeschlüssel are left out.
pub fn directory_tables(
    institutions: &[Institution],
    ags_prefix: &str,
    settings: &Protection,
) -> Result<DirectoryTables, MonitorError> {
    let scope: Vec<(&str, &str, &Institution)> = institutions
        .iter()
        .filter(|i| i.kind.is_school())
        .filter_map(|i| {
            let ags = i.gemeindeschluessel.as_deref()?;
            let form = i.schulform.as_deref()?;
            ags.starts_with(ags_prefix).then_some((ags, form, i))
        })
        .collect();
    let mut kommunen: Vec<&str> = scope.iter().map(|s| s.0).collect();
    kommunen.sort_unstable();
    kommunen.dedup();
    let mut forms: Vec<&str> = scope.iter().map(|s| s.1).collect();
    forms.sort_unstable();
    forms.dedup();
    if kommunen.is_empty() {
        return Err(MonitorError::Spec("no school in scope".to_owned()));
    }
    let dims = vec![
        Dimension::new("kommune", kommunen.iter().copied()),
        Dimension::new("schulform", forms.iter().copied()),
        Dimension::new("sozialindex", SOZIALINDEX),
    ];
    let mut pupils = Cube::new(dims.clone())?;
    let mut schools = Cube::new(dims)?;
    let mut without = 0;
    for (ags, form, inst) in &scope {
        let k = kommunen
            .binary_search(ags)
            .map_err(|_| MonitorError::Internal)?;
        let f = forms
            .binary_search(form)
            .map_err(|_| MonitorError::Internal)?;
        let s = inst
            .sozialindex
            .filter(|s| (1..=9).contains(s))
            .map_or(9, |s| usize::from(s) - 1);
        let key = [k, f, s].map(|x| u32::try_from(x).unwrap_or(u32::MAX));
        schools.add(&key, 1)?;
        match inst.pupils {
            Some(p) => pupils.add(&key, u64::from(p))?,
            None => without += 1,
        }
    }
    let layouts = vec![
        TableLayout {
            id: "schueler_schulform".to_owned(),
            dims: vec![0, 1],
        },
        TableLayout {
            id: "schueler_sozialindex".to_owned(),
            dims: vec![0, 2],
        },
    ];
    let publication = Publication::new(&pupils, layouts)?;
    let protected = protect(&publication, settings)?;
    let mut tables =
        assemble(&pupils, &publication, &protected, "pupils", &[None, None]).into_iter();
    let sp = Publication::new(
        &schools,
        vec![TableLayout {
            id: "schulen".to_owned(),
            dims: vec![0, 1],
        }],
    )?;
    // The schools are public: no cell is primary (1 ≤ count < 1 holds for none).
    let open = Protection {
        min_frequency: 1,
        min_interval_width: 0,
        ..Protection::default()
    };
    let sprot = protect(&sp, &open)?;
    let school_table = assemble(&schools, &sp, &sprot, "schools", &[None])
        .into_iter()
        .next()
        .ok_or(MonitorError::Internal)?;
    Ok(DirectoryTables {
        schools: school_table,
        pupils_by_schulform: tables.next().ok_or(MonitorError::Internal)?,
        pupils_by_sozialindex: tables.next().ok_or(MonitorError::Internal)?,
        protected,
        schools_without_pupils: without,
    })
}
