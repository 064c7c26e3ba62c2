//! The monitoring record: one pupil (or school-entry child) in one school year, with the
//! facts the indicators count. Loaded from JSON Lines or CSV; errors name the line and the
//! field, never a value.
//!
//! [`crate::rules::LearnerFacts`] describes a person for a legal decision (birth date,
//! applications, the doctor's finding) and has no grade, recommendation, transition,
//! qualification, repeater or Förderbedarf; monitoring needs exactly those, per school year and
//! with the Kommune of the school and of residence. Hence a record type of its own.

use std::io::BufRead;

use serde::{Deserialize, Serialize};

use super::MonitorError;
use crate::calendar::SchoolYear;
use crate::io::csv_rows::{RecordErrors, read_named_delimited, unknown_column};
use crate::rules::{Abschluss, RecordErrorKind};

/// How a child started school (SVWS Einschulungsart, simplified to what the indicators use),
/// or that it was deferred.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SchoolEntry {
    /// Enrolled early (vorzeitig, younger than the cut-off).
    Early,
    /// Enrolled on time (fristgerecht).
    OnTime,
    /// Enrolled after a deferral in an earlier year.
    AfterDeferral,
    /// Newly schulpflichtig and deferred this year (Zurückstellung, § 35 Abs. 3 SchulG NRW).
    Deferred,
}

/// The Grundschule's recommendation for the secondary school (SVWS Übergangsempfehlung,
/// by its short code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Recommendation {
    /// Hauptschule.
    #[serde(rename = "H")]
    Hauptschule,
    /// Hauptschule / Realschule (eingeschränkt).
    #[serde(rename = "H/R")]
    HauptRealschule,
    /// Realschule.
    #[serde(rename = "R")]
    Realschule,
    /// Realschule / Gymnasium (eingeschränkt).
    #[serde(rename = "R/GY")]
    RealschuleGymnasium,
    /// Gymnasium.
    #[serde(rename = "GY")]
    Gymnasium,
    /// No recommendation.
    #[serde(rename = "OHNE")]
    Ohne,
}

/// The highest general-education qualification of a school leaver, in the bands the statistics
/// count. Written by the band's name (`ESA`, `EESA`, `MSA`, `FHR`, `AHR`, `OA`, the names since
/// 2022 — kept so that tables and files already written stay valid); read from any spelling of a
/// qualification the vocabulary accepts ([`crate::vocabulary::qualification`]: `HA10`, `EESA`,
/// `FOR-Q`, `Abitur`), mapped to its band by [`Qualification::of`].
///
/// ```
/// use bildungsnetz::monitor::record::Qualification;
/// let q: Qualification = serde_json::from_str(r#""HA10_Q""#)?;
/// assert_eq!(q, Qualification::Eesa);
/// assert_eq!(serde_json::to_string(&q)?, r#""EESA""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub enum Qualification {
    /// Without a first qualification (ohne Ersten Schulabschluss).
    #[serde(rename = "OA")]
    Ohne,
    /// Erster Schulabschluss (ESA, formerly Hauptschulabschluss).
    #[serde(rename = "ESA")]
    Esa,
    /// Erweiterter Erster Schulabschluss (EESA).
    #[serde(rename = "EESA")]
    Eesa,
    /// Mittlerer Schulabschluss (MSA, Fachoberschulreife).
    #[serde(rename = "MSA")]
    Msa,
    /// Fachhochschulreife (schulischer Teil included).
    #[serde(rename = "FHR")]
    Fhr,
    /// Allgemeine Hochschulreife.
    #[serde(rename = "AHR")]
    Ahr,
}

impl Qualification {
    /// The band of a qualification: the Q-Vermerk and the Förderklasse variants count with
    /// their level, the Versetzung into class 12 of the Fachoberschule with the MSA it
    /// requires, the schulischer Teil of the FHR with the FHR, the fachgebundene Hochschulreife
    /// with the Hochschulreife (as the school statistics count it).
    ///
    /// ```
    /// use bildungsnetz::monitor::record::Qualification;
    /// use bildungsnetz::rules::Abschluss;
    /// assert_eq!(Qualification::of(Abschluss::MSA_Q), Qualification::Msa);
    /// assert_eq!(Qualification::of(Abschluss::HA9A), Qualification::Esa);
    /// ```
    pub fn of(a: Abschluss) -> Qualification {
        match a {
            Abschluss::OA => Qualification::Ohne,
            Abschluss::HA9A | Abschluss::HA9 | Abschluss::HA9_FOE | Abschluss::HA9_Q => {
                Qualification::Esa
            }
            Abschluss::HA10 | Abschluss::HA10_Q => Qualification::Eesa,
            Abschluss::MSA | Abschluss::MSA_Q | Abschluss::MSA_Q1 | Abschluss::VS_11 => {
                Qualification::Msa
            }
            Abschluss::FHR_S | Abschluss::FHR => Qualification::Fhr,
            Abschluss::FGHR | Abschluss::ABITUR => Qualification::Ahr,
        }
    }
}

impl<'de> Deserialize<'de> for Qualification {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Qualification, D::Error> {
        use crate::vocabulary::{CodeKind, deserialize_code, qualification};
        deserialize_code(d, CodeKind::Qualification, |s| {
            qualification(s).map(Qualification::of)
        })
    }
}

/// One pupil in one school year, as the monitoring counts them. All event fields are optional:
/// a record counts in an indicator only if it carries the facts the indicator needs.
///
/// ```
/// use bildungsnetz::monitor::record::MonitoringRecord;
/// let r: MonitoringRecord = serde_json::from_str(
///     r#"{"school_year":"2024/25","school_ags":"05334002","schulform":"02","grade":4,
///         "recommendation":"GY","transition_schulform":"20"}"#)?;
/// assert_eq!(r.grade, Some(4));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringRecord {
    /// The caller's pseudonymous id; never interpreted or echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The school year (Schuljahr, `YYYY/YY`) the record describes (for a transition: the year
    /// of class 4).
    pub school_year: SchoolYear,
    /// Amtlicher Gemeindeschlüssel (AGS, 8 digits) of the school's location; read from any
    /// spelling [`crate::vocabulary::kommune_ags`] accepts.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::vocabulary::deserialize_ags"
    )]
    #[schemars(with = "Option<crate::vocabulary::AgsSpelling>")]
    pub school_ags: Option<String>,
    /// Amtlicher Gemeindeschlüssel (AGS, 8 digits) of the place of residence (Wohnort), any
    /// spelling as `school_ags`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::vocabulary::deserialize_ags"
    )]
    #[schemars(with = "Option<crate::vocabulary::AgsSpelling>")]
    pub residence_ags: Option<String>,
    /// NRW Schulform key of the school attended (e.g. `"02"`, `"20"`); read from a key, Kürzel
    /// or name ([`crate::vocabulary::schulform_key`]); a key of the list must be valid in the
    /// record's school year, a spelling the list does not know is kept as written and counted
    /// by the indicators as lost (`unknown_code`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::vocabulary::deserialize_schulform_key"
    )]
    #[schemars(with = "Option<crate::vocabulary::SchulformSpelling>")]
    pub schulform: Option<String>,
    /// Class (Jahrgangsstufe), 1–13.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u8>,
    /// School entry (Einschulung; for children newly schulpflichtig or enrolled this year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_entry: Option<SchoolEntry>,
    /// The Grundschule's recommendation (Übergangsempfehlung) for the secondary school.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Recommendation>,
    /// NRW Schulform key of the school entered after the Grundschule (any spelling, as
    /// `schulform`; valid in the school year after the record's).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::vocabulary::deserialize_schulform_key"
    )]
    #[schemars(with = "Option<crate::vocabulary::SchulformSpelling>")]
    pub transition_schulform: Option<String>,
    /// For leavers of a general school at the end of this year: the highest qualification
    /// (Schulabschluss).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<Qualification>,
    /// Repeats the grade this year (Wiederholer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeater: Option<bool>,
    /// Has sonderpädagogischer Unterstützungsbedarf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foerderbedarf: Option<bool>,
}

impl MonitoringRecord {
    /// The field names, as in JSON and CSV headers.
    pub const FIELDS: [&'static str; 12] = [
        "id",
        "school_year",
        "school_ags",
        "residence_ags",
        "schulform",
        "grade",
        "school_entry",
        "recommendation",
        "transition_schulform",
        "qualification",
        "repeater",
        "foerderbedarf",
    ];
}

fn record(line: u64, field: Option<&str>, kind: RecordErrorKind) -> MonitorError {
    MonitorError::Record {
        line,
        field: field.map(|f| f.chars().take(64).collect()),
        kind,
    }
}

fn diagnose(line: u64, map: &serde_json::Map<String, serde_json::Value>) -> MonitorError {
    for (key, v) in map {
        if !MonitoringRecord::FIELDS.contains(&key.as_str()) {
            return record(
                line,
                Some(key),
                RecordErrorKind::UnknownField {
                    known: &MonitoringRecord::FIELDS,
                },
            );
        }
        let mut single = serde_json::Map::new();
        single.insert(key.clone(), v.clone());
        if key != "school_year" {
            single.insert("school_year".to_owned(), serde_json::json!("2024/25"));
        }
        if serde_json::from_value::<MonitoringRecord>(serde_json::Value::Object(single)).is_err() {
            return record(line, Some(key), crate::vocabulary::field_error(key));
        }
    }
    if !map.contains_key("school_year") {
        return record(line, Some("school_year"), RecordErrorKind::InvalidValue);
    }
    record(line, None, RecordErrorKind::InvalidValue)
}

/// Reads monitoring records from JSON Lines (blank lines skipped, a byte-order mark too), at most
/// [`crate::io::limits::RECORDS_BYTES`] bytes.
///
/// ```
/// use bildungsnetz::monitor::record::read_records_jsonl;
/// let ok = read_records_jsonl(r#"{"school_year":"2024/25","grade":5}"#.as_bytes())?;
/// assert_eq!(ok.len(), 1);
/// let err = read_records_jsonl("\n{\"school_year\":\"2024/25\",\"grade\":\"x7\"}".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "record at line 2, field grade: invalid value");
/// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
/// ```
pub fn read_records_jsonl<R: BufRead>(reader: R) -> Result<Vec<MonitoringRecord>, MonitorError> {
    crate::io::json_lines(
        reader,
        crate::io::limits::RECORDS_BYTES,
        MonitorError::Io,
        parse_record,
    )
}

/// Checks that the record's Schulform keys are in the official list of their school year: the
/// school attended in the record's year, the one entered in the year after.
fn check_schulform_years(line: u64, r: &MonitoringRecord) -> Result<(), MonitorError> {
    use crate::vocabulary::{schulform_key, schulform_key_in};
    let next = SchoolYear::starting(r.school_year.start_year() + 1).ok();
    let checks = [
        ("schulform", r.schulform.as_deref(), Some(r.school_year)),
        (
            "transition_schulform",
            r.transition_schulform.as_deref(),
            next,
        ),
    ];
    for (field, key, year) in checks {
        // A key of the list outside its years is refused (a shifted school-year column, most
        // likely); a spelling the list does not know is left to the indicators' `unknown_code`.
        if let (Some(key), Some(year)) = (key, year)
            && schulform_key(key).is_some()
            && schulform_key_in(key, year).is_none()
        {
            return Err(record(
                line,
                Some(field),
                RecordErrorKind::SchulformNotInYear,
            ));
        }
    }
    Ok(())
}

/// One record: a JSON object (serde's derive would also take an array, fields by position).
fn parse_record(line: u64, text: &str) -> Result<MonitoringRecord, MonitorError> {
    let parsed = if text.starts_with('{') {
        serde_json::from_str::<MonitoringRecord>(text).ok()
    } else {
        None
    };
    let r = parsed.ok_or_else(|| match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => diagnose(line, &map),
        Ok(_) => record(line, None, RecordErrorKind::NotAnObject),
        Err(_) => record(line, None, RecordErrorKind::Syntax),
    })?;
    check_schulform_years(line, &r)?;
    Ok(r)
}

/// Reads monitoring records from CSV with a header naming [`MonitoringRecord::FIELDS`] (any
/// subset, any order). Empty cells are missing; booleans `true`/`false`/`1`/`0`. Lines end in
/// `\n`, `\r\n` or `\r` alone. Reading stops at the first problem with an error naming its
/// line (and field): a row whose number of fields differs from the header's, a quote not closed
/// on its line (which would otherwise swallow the lines after it), a header cell that is no
/// field name (named by its column: in a file without a header it would be a value), more than
/// [`crate::io::limits::RECORDS_BYTES`] bytes.
///
/// ```
/// use bildungsnetz::monitor::record::read_records_csv;
/// let csv = "school_year,school_ags,grade,repeater\n2024/25,05334002,7,true\n2024/25,05334002,8,\n";
/// let records = read_records_csv(csv.as_bytes())?;
/// assert_eq!(records[0].repeater, Some(true));
/// let err = read_records_csv("school_year,repeater\n2024/25,vielleicht\n".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "record at line 2, field repeater: invalid value");
/// let err = read_records_csv("school_year,id\n2024/25,\"p1\n2024/25,p2\n".as_bytes()).unwrap_err();
/// assert!(err.to_string().starts_with("record at line 2: unbalanced quote"));
/// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
/// ```
pub fn read_records_csv<R: std::io::Read>(
    reader: R,
) -> Result<Vec<MonitoringRecord>, MonitorError> {
    read_records_delimited(reader, b',')
}

/// [`read_records_csv`] with fields separated by `delimiter`: `;` (German Excel) or a tab.
/// The text must be UTF-8 (a byte-order mark is skipped): other encodings are converted first.
///
/// ```
/// use bildungsnetz::monitor::record::{read_records_csv, read_records_delimited};
/// let excel = "school_year;school_ags;repeater\r\n2024/25;05334002;1\r\n";
/// let plain = "school_year,school_ags,repeater\n2024/25,05334002,1\n";
/// assert_eq!(read_records_delimited(excel.as_bytes(), b';')?, read_records_csv(plain.as_bytes())?);
/// # Ok::<(), bildungsnetz::monitor::MonitorError>(())
/// ```
pub fn read_records_delimited<R: std::io::Read>(
    reader: R,
    delimiter: u8,
) -> Result<Vec<MonitoringRecord>, MonitorError> {
    let errors = RecordErrors {
        record,
        io: MonitorError::Io,
    };
    let mut out = Vec::new();
    read_named_delimited(
        reader,
        crate::io::limits::RECORDS_BYTES,
        delimiter,
        &errors,
        |names| {
            for (i, name) in names.iter().enumerate() {
                if !MonitoringRecord::FIELDS.contains(&name.as_str()) {
                    let kind = unknown_column(i, name, &MonitoringRecord::FIELDS);
                    return Err(record(1, None, kind));
                }
                if names.iter().take(i).any(|h| h == name) {
                    return Err(record(1, Some(name), RecordErrorKind::InvalidValue));
                }
            }
            Ok(names.to_vec())
        },
        |names, line, values| {
            let mut map = serde_json::Map::new();
            for (name, value) in names.iter().zip(values) {
                let (name, value) = (name.as_str(), value.trim());
                if value.is_empty() {
                    continue;
                }
                let v = match name {
                    "grade" => match value.parse::<u8>() {
                        Ok(n) => serde_json::json!(n),
                        Err(_) => {
                            return Err(record(line, Some(name), RecordErrorKind::InvalidValue));
                        }
                    },
                    "repeater" | "foerderbedarf" => match value {
                        "true" | "1" => serde_json::json!(true),
                        "false" | "0" => serde_json::json!(false),
                        _ => return Err(record(line, Some(name), RecordErrorKind::InvalidValue)),
                    },
                    _ => serde_json::json!(value),
                };
                map.insert(name.to_owned(), v);
            }
            match serde_json::from_value::<MonitoringRecord>(serde_json::Value::Object(map.clone()))
            {
                Ok(r) => {
                    check_schulform_years(line, &r)?;
                    out.push(r);
                }
                Err(_) => return Err(diagnose(line, &map)),
            }
            Ok(())
        },
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn code_fields_accept_every_spelling_and_keep_the_canonical_code() {
        let csv = "school_year,school_ags,residence_ags,schulform,transition_schulform,qualification\n\
                   2024/25,k-05334002,053340002002,Gymnasium,gy,FOR-Q\n\
                   2024/25,05334002,05334002,20,20,MSA_Q\n";
        let records = read_records_csv(csv.as_bytes()).unwrap();
        assert_eq!(records[0], records[1]);
        assert_eq!(records[0].school_ags.as_deref(), Some("05334002"));
        assert_eq!(records[0].schulform.as_deref(), Some("20"));
        assert_eq!(records[0].qualification, Some(Qualification::Msa));
        let jsonl = r#"{"school_year":"2024/25","school_ags":"k-05334002","residence_ags":"053340002002","schulform":"Gymnasium","transition_schulform":"gy","qualification":"FOR-Q"}"#;
        assert_eq!(read_records_jsonl(jsonl.as_bytes()).unwrap()[0], records[0]);
        // Written back, the record carries the canonical codes and reads the same.
        let line = serde_json::to_string(&records[0]).unwrap();
        assert!(
            line.contains(r#""school_ags":"05334002""#)
                && line.contains(r#""qualification":"MSA""#)
        );
        assert_eq!(read_records_jsonl(line.as_bytes()).unwrap()[0], records[0]);
    }

    #[test]
    fn unknown_codes_name_the_field_and_list_accepted_codes() {
        // A Schulform the list does not know is read as written: the indicators count it as
        // lost (`unknown_code`) rather than refusing the whole file.
        let kept =
            read_records_csv("school_year,schulform\n2024/25,Zauberschule\n".as_bytes()).unwrap();
        assert_eq!(kept[0].schulform.as_deref(), Some("Zauberschule"));
        let e =
            read_records_jsonl(r#"{"school_year":"2024/25","qualification":"Diplom"}"#.as_bytes())
                .unwrap_err();
        assert!(
            e.to_string()
                .contains("field qualification: unknown qualification code")
        );
        let e =
            read_records_csv("school_year,school_ags\n2024/25,Aachen\n".as_bytes()).unwrap_err();
        assert!(
            e.to_string()
                .contains("field school_ags: unknown kommune code")
        );
        // The Gemeinschaftsschule (16) ended with 2022/23; entering it after class 4 in 2022/23
        // means 2023/24, when it no longer exists.
        let ok = "school_year,schulform\n2022/23,GM\n";
        assert_eq!(
            read_records_csv(ok.as_bytes()).unwrap()[0]
                .schulform
                .as_deref(),
            Some("16")
        );
        for bad in [
            "school_year,schulform\n2023/24,16\n",
            "school_year,transition_schulform\n2022/23,16\n",
        ] {
            let e = read_records_csv(bad.as_bytes()).unwrap_err();
            assert!(
                e.to_string()
                    .contains("not in the official list of the record's school year"),
                "{e}"
            );
        }
    }

    #[test]
    fn errors_never_echo_values() {
        let secret = "05399999x";
        let e = read_records_csv(format!("school_year,grade\n2024/25,{secret}\n").as_bytes())
            .unwrap_err();
        assert!(!e.to_string().contains(secret));
        let e =
            read_records_jsonl(format!("{{\"school_year\":\"{secret}\"}}").as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 1, field school_year: invalid value"
        );
        let e = read_records_jsonl("{\"school_year\":\"2024/25\",\"name\":\"Anna\"}".as_bytes())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 1, field name: unknown field; known fields: id, school_year, \
             school_ags, residence_ags, schulform, grade, school_entry, recommendation, \
             transition_schulform, qualification, repeater, foerderbedarf"
        );
        let e = read_records_csv("school_year,grade\n2024/25\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "record at line 2: wrong number of fields");
    }
}
