//! School-entry cohort planning (Schulentwicklungsplanung): how many children become
//! schulpflichtig per school year and Kommune, and how many are expected to enter under an
//! early/deferred scenario.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Land, RuleBook, RuleError, einschulung};
use crate::calendar::{Date, SchoolYear};

/// One child for cohort planning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortChild {
    /// Date of birth.
    pub birth_date: Date,
    /// Amtlicher Gemeindeschlüssel of the Kommune of residence; its prefix (05 NRW, 07 RLP)
    /// selects the law.
    pub ags: String,
    /// Known: enters one year early (`Some(true)`) or known not to (`Some(false)`).
    #[serde(default)]
    pub early: Option<bool>,
    /// Known: deferred by one year (`Some(true)`) or known not to be (`Some(false)`).
    #[serde(default)]
    pub deferred: Option<bool>,
}

/// Shares applied to children without a known flag.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Share (0–1) of each cohort that enters one year early.
    pub share_early: f64,
    /// Share (0–1) of each cohort that is deferred by one year.
    pub share_deferred: f64,
}

impl Scenario {
    /// Everyone enters on time.
    pub const REGULAR: Scenario = Scenario {
        share_early: 0.0,
        share_deferred: 0.0,
    };
}

/// Planning figures for one school year and Kommune.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortRow {
    /// The school year.
    pub school_year: SchoolYear,
    /// The Kommune (AGS).
    pub ags: String,
    /// Children whose Schulpflicht begins on 1 August of this school year (by law, no flags).
    pub schulpflichtig: u64,
    /// Expected entrants: known flags moved, then scenario shares applied to the others.
    pub expected_entrants: f64,
}

/// The result of [`CohortPlan::compute`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortPlan {
    /// Rows sorted by school year, then AGS.
    pub rows: Vec<CohortRow>,
    /// Children skipped because their AGS names no Land with a rule pack.
    pub skipped_unknown_land: u64,
    /// Children skipped because the law for their school-entry years is not encoded.
    pub skipped_no_law: u64,
}

#[derive(Default, Clone, Copy)]
struct Acc {
    schulpflichtig: u64,
    expected: f64,
}

impl CohortPlan {
    /// Counts per school year and Kommune.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{CohortChild, CohortPlan, RuleBook, Scenario};
    /// let book = RuleBook::embedded()?;
    /// let child = |y, m, d| -> Result<CohortChild, Box<dyn std::error::Error>> {
    ///     Ok(CohortChild { birth_date: Date::from_ymd(y, m, d)?, ags: "05334002".into(),
    ///                      early: None, deferred: None })
    /// };
    /// let kids = vec![child(2019, 9, 30)?, child(2019, 10, 1)?, child(2020, 1, 5)?];
    /// let plan = CohortPlan::compute(&book, &kids, Scenario { share_early: 0.0, share_deferred: 0.5 })?;
    /// assert_eq!(plan.rows[0].school_year.to_string(), "2025/26");
    /// assert_eq!(plan.rows[0].schulpflichtig, 1);
    /// assert_eq!(plan.rows[0].expected_entrants, 0.5);
    /// assert_eq!(plan.rows[1].schulpflichtig, 2);
    /// assert_eq!(plan.rows[1].expected_entrants, 1.5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compute(
        book: &RuleBook,
        children: &[CohortChild],
        scenario: Scenario,
    ) -> Result<CohortPlan, RuleError> {
        let e = scenario.share_early.clamp(0.0, 1.0);
        let d = scenario.share_deferred.clamp(0.0, 1.0 - e);
        let mut acc: BTreeMap<(SchoolYear, &str), Acc> = BTreeMap::new();
        let mut skipped_unknown_land = 0;
        let mut skipped_no_law = 0;
        for child in children {
            let land = match child.ags.get(..2) {
                Some("05") => Land::NW,
                Some("07") => Land::RP,
                _ => {
                    skipped_unknown_land += 1;
                    continue;
                }
            };
            let Ok((s, _)) = einschulung::regular_start(book, land, child.birth_date) else {
                skipped_no_law += 1;
                continue;
            };
            let before = SchoolYear::starting(s.start_year() - 1).unwrap_or(s);
            let ags = child.ags.as_str();
            acc.entry((s, ags)).or_default().schulpflichtig += 1;
            let mut add = |sy: SchoolYear, share: f64| {
                if share > 0.0 {
                    acc.entry((sy, ags)).or_default().expected += share;
                }
            };
            match (child.early, child.deferred) {
                (Some(true), _) => add(before, 1.0),
                (_, Some(true)) => add(s.next(), 1.0),
                (Some(false), Some(false)) => add(s, 1.0),
                (Some(false), None) => {
                    add(s, 1.0 - d);
                    add(s.next(), d);
                }
                (None, Some(false)) => {
                    add(before, e);
                    add(s, 1.0 - e);
                }
                (None, None) => {
                    add(before, e);
                    add(s, 1.0 - e - d);
                    add(s.next(), d);
                }
            }
        }
        let rows = acc
            .into_iter()
            .map(|((school_year, ags), a)| CohortRow {
                school_year,
                ags: ags.to_owned(),
                schulpflichtig: a.schulpflichtig,
                expected_entrants: a.expected,
            })
            .collect();
        Ok(CohortPlan {
            rows,
            skipped_unknown_land,
            skipped_no_law,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(
        y: i32,
        m: u32,
        d: u32,
        ags: &str,
        early: Option<bool>,
        deferred: Option<bool>,
    ) -> CohortChild {
        CohortChild {
            birth_date: Date::from_ymd(y, m, d).unwrap(),
            ags: ags.to_owned(),
            early,
            deferred,
        }
    }

    fn row<'a>(plan: &'a CohortPlan, sy: i32, ags: &str) -> Option<&'a CohortRow> {
        plan.rows
            .iter()
            .find(|r| r.school_year.start_year() == sy && r.ags == ags)
    }

    #[test]
    fn counts_per_year_and_kommune_with_land_specific_cutoffs() {
        let book = RuleBook::embedded().unwrap();
        let kids = [
            // 15.09.2019: NRW 2025 (30.09), RLP 2026 (31.08).
            child(2019, 9, 15, "05334002", None, None),
            child(2019, 9, 15, "07111000", None, None),
            child(2019, 3, 1, "05334002", None, None),
            child(2019, 3, 1, "05914000", None, None),
            child(2019, 3, 1, "09162000", None, None),
        ];
        let plan = CohortPlan::compute(&book, &kids, Scenario::REGULAR).unwrap();
        assert_eq!(row(&plan, 2025, "05334002").unwrap().schulpflichtig, 2);
        assert_eq!(row(&plan, 2025, "05914000").unwrap().schulpflichtig, 1);
        assert_eq!(row(&plan, 2026, "07111000").unwrap().schulpflichtig, 1);
        assert!(row(&plan, 2025, "07111000").is_none());
        assert_eq!(plan.skipped_unknown_land, 1);
        let total: f64 = plan.rows.iter().map(|r| r.expected_entrants).sum();
        assert!((total - 4.0).abs() < 1e-9);
    }

    #[test]
    fn flags_override_scenario_shares() {
        let book = RuleBook::embedded().unwrap();
        let kids = [
            child(2019, 3, 1, "05334002", Some(true), None),
            child(2019, 3, 2, "05334002", None, Some(true)),
            child(2019, 3, 3, "05334002", None, None),
        ];
        let s = Scenario {
            share_early: 0.1,
            share_deferred: 0.2,
        };
        let plan = CohortPlan::compute(&book, &kids, s).unwrap();
        let e = |y| row(&plan, y, "05334002").map_or(0.0, |r| r.expected_entrants);
        assert!((e(2024) - 1.1).abs() < 1e-9, "{}", e(2024));
        assert!((e(2025) - 0.7).abs() < 1e-9, "{}", e(2025));
        assert!((e(2026) - 1.2).abs() < 1e-9, "{}", e(2026));
        assert_eq!(row(&plan, 2025, "05334002").unwrap().schulpflichtig, 3);
        // Shares are clamped so that no child is counted more than once.
        let wild = Scenario {
            share_early: 3.0,
            share_deferred: -1.0,
        };
        let plan = CohortPlan::compute(&book, &kids[2..], wild).unwrap();
        let total: f64 = plan.rows.iter().map(|r| r.expected_entrants).sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}
