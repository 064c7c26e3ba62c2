//! Dated law as data: rules with versions, each version with its validity period, citation,
//! source note and (optionally) a parameter value.
//!
//! The embedded files live in `core/src/rules/params/` (`federal.json`, `nrw.json`, `rlp.json`).
//! A file looks like this:
//!
//! ```json
//! { "schema_version": 1, "jurisdiction": "NW", "description": "…",
//!   "rules": { "nrw.einschulung.stichtag": { "description": "…", "versions": [
//!     { "from": "2011-08-01", "until": null,
//!       "value": { "type": "cutoff", "age": 6, "month": 9, "day": 30, "counting": "start_of_day" },
//!       "citation": "§ 35 Abs. 1 SchulG NRW …", "source": "…" } ] } } }
//! ```
//!
//! An override file has the same form; its versions take precedence over the embedded ones for
//! the days they cover and leave every other day alone.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use super::RuleError;
use crate::calendar::{Date, Validity};

/// The schema version of law files this crate reads.
pub const LAW_SCHEMA_VERSION: u32 = 1;

/// How a cut-off day is counted when a law says a child must have completed its n-th year of
/// life "by" that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// "bis zum Beginn des 30. September": the year must be completed at the start of the day,
    /// so a birthday on the cut-off day itself is the last one included.
    StartOfDay,
    /// "bis zum 31. August": the year may be completed with the end of the day, so (BGB § 188
    /// Abs. 2) a birthday on the day after the cut-off is still included.
    EndOfDay,
}

/// A parameter value carried by a rule version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Value {
    /// An age cut-off: `age` completed years by a day (`month`, `day`) of the calendar year.
    Cutoff {
        /// Completed years of life required.
        age: u32,
        /// Month of the cut-off day (1–12).
        month: u32,
        /// Day of the cut-off day.
        day: u32,
        /// How the day is counted.
        counting: Counting,
    },
    /// A number of (school) years.
    Years {
        /// The number.
        years: u32,
    },
    /// An age range in completed years, `until_years` exclusive and open if `None`.
    AgeRange {
        /// First age (completed years) included.
        from_years: u32,
        /// First age no longer included; `None` for open-ended.
        until_years: Option<u32>,
    },
    /// A range of grades (classes).
    GradeRange {
        /// Lowest grade.
        min: u32,
        /// Highest grade.
        max: u32,
    },
}

impl Value {
    /// For a cut-off value: the day in `year` on whose start the age is measured.
    pub(crate) fn reference_day(&self, year: i32) -> Option<Date> {
        match *self {
            Value::Cutoff {
                month,
                day,
                counting,
                ..
            } => {
                let d = Date::from_ymd(year, month, day).ok()?;
                Some(match counting {
                    Counting::StartOfDay => d,
                    Counting::EndOfDay => d.succ(),
                })
            }
            _ => None,
        }
    }
}

/// One version of a rule: in force for a period, with its legal citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleVersion {
    /// First day in force.
    pub from: Date,
    /// Last day in force; `None` while in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The parameter value, for rules that carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The legal citation, e.g. "§ 35 Abs. 1 SchulG NRW i.d.F. des 5. SchRÄG vom 05.04.2011".
    pub citation: String,
    /// The citation as explanations quote it ("§ 35 Abs. 1 SchulG NRW"); if absent, the part of
    /// `citation` before its amendment details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_citation: Option<String>,
    /// Where the content comes from and what is uncertain (`[U]`).
    pub source: String,
}

impl RuleVersion {
    /// The validity period of this version.
    pub fn validity(&self) -> Validity {
        Validity::new(self.from, self.until)
    }
}

/// A rule with its dated versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// What the rule says, in English.
    pub description: String,
    /// The versions, oldest first; periods do not overlap within one file.
    pub versions: Vec<RuleVersion>,
}

/// A law file: a jurisdiction's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LawFile {
    /// Must be [`LAW_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `"federal"`, `"NW"` or `"RP"` (free text for override files).
    pub jurisdiction: String,
    /// What the file holds.
    #[serde(default)]
    pub description: String,
    /// Rules by stable id.
    pub rules: BTreeMap<String, RuleDef>,
}

impl LawFile {
    /// Parses and checks a law file. `name` is used in error messages only.
    ///
    /// ```
    /// use bildungsnetz::rules::law::LawFile;
    /// let ok = r#"{"schema_version":1,"jurisdiction":"NW","rules":{"x.y":{"description":"d",
    ///   "versions":[{"from":"2020-08-01","value":{"type":"years","years":10},
    ///   "citation":"§ 1","source":"s"}]}}}"#;
    /// assert_eq!(LawFile::parse("ok.json", ok)?.rules.len(), 1);
    /// let bad = ok.replace("2020-08-01\"", "2020-08-01\",\"until\":\"2019-01-01\"");
    /// assert!(LawFile::parse("bad.json", &bad).unwrap_err().to_string().contains("until is before from"));
    /// let typo = ok.replace("citation", "cititation");
    /// assert_eq!(
    ///     LawFile::parse("typo.json", &typo).unwrap_err().to_string(),
    ///     "law file typo.json: field rules.x.y.versions[0].cititation: unknown field; known fields: \
    ///      from, until, value, citation, short_citation, source"
    /// );
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn parse(name: &str, json: &str) -> Result<LawFile, RuleError> {
        use crate::io::{StrictError, deserialize_strict};
        let err = |message: String| RuleError::Law {
            source_name: name.to_owned(),
            message,
        };
        let shape = |e: serde_json::Error| {
            format!(
                "not a law file ({:?} at line {}, column {})",
                e.classify(),
                e.line(),
                e.column()
            )
        };
        let mut de = serde_json::Deserializer::from_str(json);
        let file: LawFile = deserialize_strict(&mut de).map_err(|e| {
            err(match e {
                StrictError::UnknownField { path, known } if known.is_empty() => {
                    format!("field {path}: unknown field")
                }
                StrictError::UnknownField { path, known } => format!(
                    "field {path}: unknown field; known fields: {}",
                    known.join(", ")
                ),
                StrictError::Data { error, .. } => shape(error),
            })
        })?;
        de.end().map_err(|e| err(shape(e)))?;
        file.check(name)?;
        Ok(file)
    }

    fn check(&self, name: &str) -> Result<(), RuleError> {
        let err = |message: String| RuleError::Law {
            source_name: name.to_owned(),
            message,
        };
        if self.schema_version != LAW_SCHEMA_VERSION {
            return Err(err(format!(
                "schema_version {} is not supported (expected {LAW_SCHEMA_VERSION})",
                self.schema_version
            )));
        }
        for (id, rule) in &self.rules {
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            {
                return Err(err(format!(
                    "rule id {id:?} must be ASCII letters, digits, '.', '_' or '-'"
                )));
            }
            if rule.versions.is_empty() {
                return Err(err(format!("rule {id} has no versions")));
            }
            for (i, v) in rule.versions.iter().enumerate() {
                if v.until.is_some_and(|u| u < v.from) {
                    return Err(err(format!("rule {id}, version {i}: until is before from")));
                }
                if v.citation.trim().is_empty() {
                    return Err(err(format!("rule {id}, version {i}: citation is empty")));
                }
                if let Some(Value::Cutoff { month, day, .. }) = v.value {
                    // Must exist in every year: no 29 February.
                    if Date::from_ymd(2001, month, day).is_err() {
                        return Err(err(format!(
                            "rule {id}, version {i}: cut-off day must exist in every year"
                        )));
                    }
                }
                if let Some(Value::GradeRange { min, max }) = v.value {
                    if min > max {
                        return Err(err(format!("rule {id}, version {i}: min grade above max")));
                    }
                }
                for (j, w) in rule.versions.iter().enumerate().skip(i + 1) {
                    let overlap =
                        v.until.is_none_or(|u| u >= w.from) && w.until.is_none_or(|u| u >= v.from);
                    if overlap {
                        return Err(err(format!(
                            "rule {id}: versions {i} and {j} overlap in time"
                        )));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A reference to one rule version in a [`super::RuleBook`]: the row of its rule table that the
/// lean batch paths report as "rule index".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleRef {
    /// Stable rule id.
    pub rule_id: String,
    /// The legal citation of this version.
    pub citation: String,
    /// The validity of this version.
    pub validity: Validity,
    /// Whether this version comes from an override file.
    pub overridden: bool,
}

/// The rule table: every version of every rule, overrides first within a rule.
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleTable {
    /// Rows; a row's index is its rule index.
    pub rows: Vec<Row>,
    /// For each rule id, the row indices of its versions (override versions first).
    pub by_id: BTreeMap<String, Vec<u16>>,
    /// Descriptions by rule id.
    pub descriptions: BTreeMap<String, String>,
    /// `by_id` hashed, for the lookups of every rule check.
    index: HashMap<String, Vec<u16>, BuildHasherDefault<IdHasher>>,
}

/// A fast hash for the rule ids (as rustc's FxHash, on the length and the first and last eight
/// bytes only: ids differ there, and equal hashes are still compared in full).
#[derive(Clone, Copy, Debug, Default)]
struct IdHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

fn word(bytes: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    for (d, b) in w.iter_mut().zip(bytes) {
        *d = *b;
    }
    u64::from_le_bytes(w)
}

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.add(u64::try_from(bytes.len()).unwrap_or(0));
        self.add(word(bytes));
        if bytes.len() > 8 {
            self.add(word(
                bytes.get(bytes.len().saturating_sub(8)..).unwrap_or(bytes),
            ));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub rule_id: String,
    pub version: RuleVersion,
    pub overridden: bool,
    /// The citation without amendment details, for explanations.
    pub short_citation: String,
    /// The id as a static string when it comes from an embedded file (saves an allocation per
    /// determining rule of every decision and table row).
    pub static_id: Option<&'static str>,
    /// The citation as a static string when it comes from an embedded file.
    pub static_citation: Option<&'static str>,
}

impl RuleTable {
    pub(crate) fn add(&mut self, file: LawFile, overridden: bool) -> Result<(), RuleError> {
        for (id, def) in file.rules {
            for version in def.versions {
                let index = u16::try_from(self.rows.len()).map_err(|_| RuleError::Law {
                    source_name: file.jurisdiction.clone(),
                    message: "more than 65535 rule versions".to_owned(),
                })?;
                let short_citation = version
                    .short_citation
                    .clone()
                    .unwrap_or_else(|| super::short_citation(&version.citation).to_owned());
                self.rows.push(Row {
                    rule_id: id.clone(),
                    version,
                    overridden,
                    short_citation,
                    static_id: None,
                    static_citation: None,
                });
                let list = self.by_id.entry(id.clone()).or_default();
                if overridden {
                    // Override versions are consulted first.
                    list.insert(0, index);
                } else {
                    list.push(index);
                }
                let list = list.clone();
                self.index.insert(id.clone(), list);
            }
            self.descriptions.entry(id).or_insert(def.description);
        }
        Ok(())
    }

    /// The row indices of a rule's versions (override versions first).
    pub(crate) fn versions(&self, rule_id: &str) -> &[u16] {
        self.index.get(rule_id).map_or(&[], Vec::as_slice)
    }

    /// The row index of the version of `rule_id` in force on `date`.
    pub(crate) fn in_force(&self, rule_id: &str, date: Date) -> Option<u16> {
        self.in_force_of(self.versions(rule_id), date)
    }

    /// The row index among `list` in force on `date`.
    pub(crate) fn in_force_of(&self, list: &[u16], date: Date) -> Option<u16> {
        list.iter().copied().find(|&i| {
            self.rows
                .get(usize::from(i))
                .is_some_and(|r| r.version.validity().contains(date))
        })
    }

    pub(crate) fn row(&self, index: u16) -> Option<&Row> {
        self.rows.get(usize::from(index))
    }
}
