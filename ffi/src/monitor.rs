//! Bildungsmonitoring (issue 8): the standard indicators over learner-level records and the
//! school-directory tables, protected by disclosure control before they leave the library.
//! Binds only core's public `monitor` API.

use std::ffi::c_char;

use bn::calendar::Date;
use bn::calendar::SchoolYear;
use bn::io::directory::Importer;
use bn::monitor::MonitorError;
use bn::monitor::directory::directory_tables;
use bn::monitor::indicator::{
    IfEmpty, IndicatorResult, IndicatorSet, LandConvention, Partials, standard_indicators,
};
use bn::monitor::record::{MonitoringRecord, read_records_csv, read_records_jsonl};
use bn::monitor::register::{REGISTER_BYTES, Register};
use bn::monitor::sdc::Protection;
use bn::monitor::table::{Table, to_csv_bundle};
use serde::Deserialize;

use crate::boundary::{
    ErrorSlot, Failure, Handle, bildungsnetz_result, bytes, free_box, from_json, last_error, limit,
    out_ptr, put, put_owned, read_file, run, text, utf8, with, with_mut,
};

/// The largest record input of `bildungsnetz_monitor_indicators`, in bytes (the same limit as
/// in Rust and Python).
pub const BILDUNGSNETZ_MAX_RECORDS_BYTES: usize = 1 << 30;
/// The largest directory file read by `bildungsnetz_monitor_directory_tables` and `_bytes`, in
/// bytes (the same limit as in Rust and Python).
pub const BILDUNGSNETZ_MAX_DIRECTORY_BYTES: usize = 256 << 20;
/// The largest settings JSON accepted by `bildungsnetz_monitor_configure`, in bytes (the same
/// limit as in Rust and Python).
pub const BILDUNGSNETZ_MAX_SETTINGS_BYTES: usize = 1 << 20;

/// The largest register JSON accepted by `bildungsnetz_monitor_indicators_registered`, in
/// bytes (the same limit as in Rust and Python).
pub const BILDUNGSNETZ_MAX_REGISTER_BYTES: usize = 256 << 20;

const _: () = assert!(BILDUNGSNETZ_MAX_RECORDS_BYTES == bn::io::limits::RECORDS_BYTES);
const _: () = assert!(BILDUNGSNETZ_MAX_REGISTER_BYTES == REGISTER_BYTES);
const _: () = assert!(BILDUNGSNETZ_MAX_DIRECTORY_BYTES == bn::io::limits::DIRECTORY_BYTES);
const _: () = assert!(BILDUNGSNETZ_MAX_SETTINGS_BYTES == bn::io::limits::SETTINGS_BYTES);

/// Records format of `bildungsnetz_monitor_indicators`: JSON Lines, one record object per
/// line (blank lines skipped).
pub const BILDUNGSNETZ_RECORDS_JSON_LINES: u32 = 0;
/// Records format of `bildungsnetz_monitor_indicators`: CSV with a header naming the record
/// fields (any subset, any order).
pub const BILDUNGSNETZ_RECORDS_CSV: u32 = 1;

/// A Land's conventions for the transition indicators, by name.
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ConventionName {
    Nrw,
    BadenWuerttemberg,
    BerlinBrandenburg,
}

/// The settings JSON of `bildungsnetz_monitor_configure`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsJson {
    school_year: Option<SchoolYear>,
    land: Option<ConventionName>,
    kommunen: Option<Vec<String>>,
    protection: Option<Protection>,
    directory_protection: Option<Protection>,
    allow_empty: Option<bool>,
}

#[derive(Clone)]
struct Settings {
    school_year: Option<SchoolYear>,
    convention: LandConvention,
    kommunen: Option<Vec<String>>,
    protection: Protection,
    directory_protection: Protection,
    if_empty: IfEmpty,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            school_year: None,
            convention: LandConvention::nrw(),
            kommunen: None,
            protection: Protection::default(),
            directory_protection: Protection::magnitude(),
            if_empty: IfEmpty::Fail,
        }
    }
}

/// Monitoring settings (school year, Land convention, Kommunen, protection) and the functions
/// that publish protected tables with them. Configure it first (`_configure`), then share it:
/// publishing is read-only.
pub struct bildungsnetz_monitor {
    settings: Settings,
    errors: ErrorSlot,
}

impl Handle for bildungsnetz_monitor {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

fn monitor_failure(e: &MonitorError) -> Failure {
    let status = match e {
        MonitorError::Record { .. } | MonitorError::EmptyPopulation { .. } => {
            bildungsnetz_result::InvalidFacts
        }
        MonitorError::Io(std::io::ErrorKind::FileTooLarge) => bildungsnetz_result::InputTooLarge,
        MonitorError::Io(_) => bildungsnetz_result::Io,
        MonitorError::Spec(_)
        | MonitorError::SumOverflow
        | MonitorError::Register { .. }
        | MonitorError::RegisterFile { .. } => bildungsnetz_result::InvalidArgument,
        _ => bildungsnetz_result::Internal,
    };
    // Core's messages name the line and field, never a value.
    Failure::new(status, e.to_string())
}

fn check_protection(p: &Protection, what: &str) -> Result<(), Failure> {
    p.check().map_err(|e| {
        Failure::new(
            bildungsnetz_result::InvalidArgument,
            format!("the settings: {what}: {e}"),
        )
    })
}

/// Creates a monitor with the default settings in `*out`: the Land convention of NRW (and
/// Destatis), protection by suppression of cells with fewer than 3 contributors with secondary
/// suppression and the interval audit (width ≥ 3), the directory's pupil tables protected as
/// magnitude tables (fewer than 3 schools or the (1, 85) dominance rule), Kommunen and school
/// year taken from the records.
///
/// Ownership: the caller owns it; free it with `bildungsnetz_monitor_free`.
/// Errors: `NULL_PARAMETER`. Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_new(
    out: *mut *mut bildungsnetz_monitor,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        let m = Box::new(bildungsnetz_monitor {
            settings: Settings::default(),
            errors: ErrorSlot::default(),
        });
        // SAFETY: `out` is non-NULL (checked) and writable by the caller's contract.
        unsafe { put(out, Box::into_raw(m), "out") }
    })
}

/// Sets the monitor's settings from JSON (`len` bytes, at most
/// `BILDUNGSNETZ_MAX_SETTINGS_BYTES`); fields left out keep their value:
///
/// * `school_year`: e.g. `"2024/25"` (default: the latest school year in the records);
/// * `land`: `"nrw"`, `"baden_wuerttemberg"` or `"berlin_brandenburg"` (the transition grade
///   and the Übergangsquote's denominator);
/// * `kommunen`: the 8-digit AGS to publish (any spelling of a Kommune: `"k-05334002"`, a
///   12-digit ARS; default: every AGS in the records' `school_ags`
///   and `residence_ags`);
/// * `protection`: for the indicator tables, e.g. `{"min_frequency":3,"suppress_zeros":false,
///   "dominance":null,"min_interval_width":3,"min_interval_percent":0,
///   "interval_protection":true,"existence_protection":true,"method":"suppression",
///   "strategy":"auto"}` or
///   `{"method":{"round_base":5}}`; `strategy` is `"auto"`, `"whole"` or `"blocks"`
///   (secondary suppression block by block along the Kommune, fast at Land scale; `"auto"`
///   from 61 Kommunen, linked indicators from 15);
/// * `directory_protection`: the same for the directory's pupil tables;
/// * `allow_empty`: `true` to publish an indicator that counted no record as an empty table
///   (default `false`: `bildungsnetz_monitor_indicators` fails, naming the indicator and why
///   its records were not counted).
///
/// Every protection is checked: `min_frequency` 0, a rounding base of 0 or a dominance rule
/// out of range (n not 1–3, k over 100) is refused, naming the setting.
///
/// A failure leaves the settings unchanged.
/// Errors (kept on the monitor): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `MALFORMED_JSON`, `INVALID_ARGUMENT` (an unknown field or an invalid value).
/// Threads: must not run concurrently with any other function on the same monitor.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_configure(
    monitor: *mut bildungsnetz_monitor,
    settings_json: *const c_char,
    len: usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live monitor it does not use elsewhere now.
    let m = unsafe { monitor.as_mut() };
    with_mut(m, |m| {
        limit(len, BILDUNGSNETZ_MAX_SETTINGS_BYTES, "the settings")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let json = unsafe { text(settings_json, len, "settings_json") }?;
        let s: SettingsJson =
            from_json(json, "the settings", bildungsnetz_result::InvalidArgument)?;
        let mut next = m.settings.clone();
        if let Some(y) = s.school_year {
            next.school_year = Some(y);
        }
        if let Some(l) = s.land {
            next.convention = match l {
                ConventionName::Nrw => LandConvention::nrw(),
                ConventionName::BadenWuerttemberg => LandConvention::baden_wuerttemberg(),
                ConventionName::BerlinBrandenburg => LandConvention::berlin_brandenburg(),
            };
        }
        if let Some(k) = s.kommunen {
            let k = bn::vocabulary::kommune_list(&k);
            // Checked now, so that a bad list is reported where it was given.
            IndicatorSet::new(Vec::new(), &k).map_err(|e| monitor_failure(&e))?;
            next.kommunen = Some(k);
        }
        if let Some(p) = s.protection {
            check_protection(&p, "protection")?;
            next.protection = p;
        }
        if let Some(p) = s.directory_protection {
            check_protection(&p, "directory_protection")?;
            next.directory_protection = p;
        }
        if let Some(allow) = s.allow_empty {
            next.if_empty = if allow {
                IfEmpty::Publish
            } else {
                IfEmpty::Fail
            };
        }
        m.settings = next;
        Ok(())
    })
}

fn is_ags(s: &str) -> bool {
    s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Writes the requested outputs: JSON and/or CSV, each owned by the caller.
///
/// # Safety
/// Each pointer is NULL or writable.
unsafe fn outputs(
    json: impl FnOnce() -> serde_json::Value,
    csv: impl FnOnce() -> String,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> Result<(), Failure> {
    let json_text = if out_json.is_null() {
        None
    } else {
        Some(
            serde_json::to_string(&json())
                .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?,
        )
    };
    let csv_text = (!out_csv.is_null()).then(csv);
    // SAFETY: non-NULL pointers are writable by the caller's contract.
    unsafe {
        if let Some(t) = json_text {
            put_owned(t, out_json, out_json_len, "out_json")?;
        }
        if let Some(t) = csv_text {
            put_owned(t, out_csv, out_csv_len, "out_csv")?;
        }
    }
    Ok(())
}

fn need_output(out_json: *mut *mut c_char, out_csv: *mut *mut c_char) -> Result<(), Failure> {
    if out_json.is_null() && out_csv.is_null() {
        return Err(Failure::new(
            bildungsnetz_result::NullParameter,
            "out_json and out_csv are both NULL: ask for at least one output",
        ));
    }
    Ok(())
}

/// Computes the standard indicators (Übergangsquote, transitions by recommendation,
/// Einschulungsart, Rückstellungsquote, Abschlüsse, Wiederholerquote, Förderquote) from
/// learner-level monitoring records and protects every table with the monitor's settings.
///
/// * `records` (`len` bytes, at most `BILDUNGSNETZ_MAX_RECORDS_BYTES`), in `format`
///   (`BILDUNGSNETZ_RECORDS_JSON_LINES` or `BILDUNGSNETZ_RECORDS_CSV`): records
///   with the fields `id`, `school_year`, `school_ags`, `residence_ags`, `schulform`, `grade`,
///   `school_entry`, `recommendation`, `transition_schulform`, `qualification`, `repeater`,
///   `foerderbedarf` (each line or row as the JSON Schema
///   `core/schemas/monitoring-record.schema.json` in the source distribution describes; CSV
///   cells as text, booleans `true`/`false`/`1`/`0`). An unknown field is an error listing the
///   known ones.
/// * `*out_json` (may be NULL), for the producer: a JSON array, one entry per indicator,
///   `{"id","counted","uncounted":[{"reason","field","records","lost"}],"tables":[{"id",
///   "dimensions","suppressed":".","columns":{...}}]}`. `counted` is the number of records
///   counted; `uncounted` says how many were not, per reason (`other_school_year`,
///   `grade_outside`, `excluded_schulform`, `without_fact`, `other_code`,
///   `kommune_not_in_set`: outside the indicator by its definition; `missing_value`,
///   `unknown_code`: `lost` — meant for it but in no cell) and field, never a value. The
///   columns: one per dimension (`null` where the row sums over the dimension), `margin` (the
///   dimensions a row sums over, joined by `+`; `null` for an inner cell), the count (`null`
///   where suppressed), `denominator` and `rate`, and `status` per cell (`"published"`,
///   `"primary"`, `"secondary"`, `"rounded"`). The status is for the producer's own checks
///   and must not be published: a "primary" flag discloses that a cell is small.
/// * `*out_csv` (may be NULL), the file for publication: every table as CSV, each after a
///   `# <table id>` line and separated by a blank line, suppressed cells as `.` (primary and
///   secondary alike), `Insgesamt` where a row sums over a dimension, the `margin` column
///   last.
///
/// At least one of `out_json` and `out_csv` must be non-NULL. Outputs are owned by the caller:
/// free them with `bildungsnetz_string_free`; their lengths without the NUL go to
/// `*out_json_len` and `*out_csv_len` where those are not NULL.
///
/// Errors (kept on the monitor; messages name the line and field, never a value):
/// `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`, `INVALID_ARGUMENT` (an unknown format,
/// no records and no school year, no Kommune), `INVALID_FACTS` (a record that cannot be read,
/// or an indicator that counted no record without `allow_empty`: the message names the
/// indicator and the main reasons), `INTERNAL`. A record whose Kommune is not among the
/// configured `kommunen` is no error: it is counted as `kommune_not_in_set`. Threads: may run
/// concurrently with any function on the same monitor except `_configure` and `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_indicators(
    monitor: *const bildungsnetz_monitor,
    records: *const u8,
    len: usize,
    format: u32,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live monitor.
    let m = unsafe { monitor.as_ref() };
    with(m, |m| {
        need_output(out_json, out_csv)?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let input = unsafe { bytes(records, len, "records") }?;
        let (set, partials) = count_indicators(m, input, format)?;
        let results = set
            .publish(&partials, &m.settings.protection, m.settings.if_empty)
            .map_err(|e| monitor_failure(&e))?;
        // SAFETY: the out-parameters are NULL or writable by the caller's contract.
        unsafe { indicator_outputs(&results, out_json, out_json_len, out_csv, out_csv_len) }
    })
}

/// As `bildungsnetz_monitor_indicators`, protected against a register of earlier releases
/// (issue 17): cells an earlier release showed stay shown with their values and are never
/// suppressed to protect others, cells it suppressed stay suppressed. This run is added to
/// the register as the release `release_name` of `release_date`.
///
/// * `register_json` (`register_len` bytes, at most `BILDUNGSNETZ_MAX_REGISTER_BYTES`): the
///   register file's contents, `{"format":"bildungsnetz-register","version":1,"releases":[...]}`
///   (each release: `name`, `date`, `tables` with `table`, `school_year`, `population`,
///   `kommunen`, `dimensions`, `rounding_base` and `cells` of `labels` and `value`, `null` if
///   suppressed); NULL with 0 for the first release (an empty register).
/// * `release_name` (`name_len` bytes, UTF-8): the release's name, new in the register.
/// * `release_date` (`date_len` bytes): its date, `YYYY-MM-DD`.
/// * `*out_register` (required): the updated register as JSON, owned by the caller (free it
///   with `bildungsnetz_string_free`); its length without the NUL goes to
///   `*out_register_len` where that is not NULL. Save it for the next release.
/// * the records, `format` and the table outputs as for `bildungsnetz_monitor_indicators`.
///
/// On a failure no output is written. Errors (kept on the monitor; messages name the line,
/// field, table, the cell's labels and the release, never a record's value): those of
/// `bildungsnetz_monitor_indicators`, and `INVALID_ARGUMENT` for a register that cannot be
/// read (the message gives the JSON pointer: another format or version, an unknown field),
/// a bad date, a release name already in the register, or a cell an earlier release showed
/// that is now too small or would show another value (corrected data is refused, not
/// published). Threads: may run concurrently with any function on the same monitor except
/// `_configure` and `_free`; the register is the caller's and is only read.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_indicators_registered(
    monitor: *const bildungsnetz_monitor,
    records: *const u8,
    len: usize,
    format: u32,
    register_json: *const c_char,
    register_len: usize,
    release_name: *const c_char,
    name_len: usize,
    release_date: *const c_char,
    date_len: usize,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
    out_register: *mut *mut c_char,
    out_register_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live monitor.
    let m = unsafe { monitor.as_ref() };
    with(m, |m| {
        need_output(out_json, out_csv)?;
        out_ptr(out_register, "out_register")?;
        limit(
            register_len,
            BILDUNGSNETZ_MAX_REGISTER_BYTES,
            "the register",
        )?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (input, register_text, name, date) = unsafe {
            (
                bytes(records, len, "records")?,
                text(register_json, register_len, "register_json")?,
                text(release_name, name_len, "release_name")?,
                text(release_date, date_len, "release_date")?,
            )
        };
        let invalid = |message: String| Failure::new(bildungsnetz_result::InvalidArgument, message);
        let mut register = if register_text.is_empty() {
            Register::new()
        } else {
            Register::from_json(register_text).map_err(|e| invalid(e.to_string()))?
        };
        let date: Date = date
            .parse()
            .map_err(|_| invalid("release_date: not a date YYYY-MM-DD".to_owned()))?;
        let (set, partials) = count_indicators(m, input, format)?;
        let results = set
            .publish_registered(
                &partials,
                &m.settings.protection,
                m.settings.if_empty,
                &mut register,
                name,
                date,
            )
            .map_err(|e| monitor_failure(&e))?;
        // SAFETY: the out-parameters are NULL or writable by the caller's contract.
        unsafe {
            indicator_outputs(&results, out_json, out_json_len, out_csv, out_csv_len)?;
            put_owned(
                register.to_json(),
                out_register,
                out_register_len,
                "out_register",
            )
        }
    })
}

/// Reads the records and counts the standard indicators with the monitor's settings.
fn count_indicators(
    m: &bildungsnetz_monitor,
    input: &[u8],
    format: u32,
) -> Result<(IndicatorSet, Partials), Failure> {
    limit(input.len(), BILDUNGSNETZ_MAX_RECORDS_BYTES, "the records")?;
    utf8(input, "the records")?;
    let records: Vec<MonitoringRecord> = if format == BILDUNGSNETZ_RECORDS_JSON_LINES {
        read_records_jsonl(input)
    } else if format == BILDUNGSNETZ_RECORDS_CSV {
        read_records_csv(input)
    } else {
        return Err(Failure::new(
            bildungsnetz_result::InvalidArgument,
            format!("format {format} is not a BILDUNGSNETZ_RECORDS_ value"),
        ));
    }
    .map_err(|e| monitor_failure(&e))?;
    let s = &m.settings;
    let year = s
        .school_year
        .or_else(|| records.iter().map(|r| r.school_year).max())
        .ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::InvalidArgument,
                "no school year: configure school_year or pass at least one record",
            )
        })?;
    let kommunen = match &s.kommunen {
        Some(k) => k.clone(),
        None => {
            let mut k: Vec<String> = records
                .iter()
                .flat_map(|r| [r.school_ags.as_deref(), r.residence_ags.as_deref()])
                .flatten()
                .filter(|a| is_ags(a))
                .map(str::to_owned)
                .collect();
            k.sort_unstable();
            k.dedup();
            k
        }
    };
    let set = IndicatorSet::new(standard_indicators(year, s.convention), &kommunen)
        .map_err(|e| monitor_failure(&e))?;
    let partials = set.count(&records).map_err(|e| monitor_failure(&e))?;
    Ok((set, partials))
}

/// Writes the indicator tables as JSON and/or CSV.
///
/// # Safety
/// Each out-pointer is NULL or writable.
unsafe fn indicator_outputs(
    results: &[IndicatorResult],
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> Result<(), Failure> {
    // SAFETY: forwarded from the caller.
    unsafe {
        outputs(
            || serde_json::Value::Array(results.iter().map(result_json).collect()),
            || {
                let tables: Vec<Table> = results.iter().flat_map(|r| r.tables.clone()).collect();
                to_csv_bundle(&tables)
            },
            out_json,
            out_json_len,
            out_csv,
            out_csv_len,
        )
    }
}

/// An indicator's result as JSON: its counts and tables (see `bildungsnetz_monitor_indicators`).
fn result_json(r: &IndicatorResult) -> serde_json::Value {
    let uncounted: Vec<serde_json::Value> = r
        .uncounted
        .iter()
        .map(|u| {
            serde_json::json!({
                "reason": u.reason,
                "field": u.field,
                "records": u.records,
                "lost": u.reason.is_lost(),
            })
        })
        .collect();
    serde_json::json!({
        "id": r.id,
        "counted": r.counted,
        "uncounted": uncounted,
        "tables": r.tables.iter().map(Table::to_json).collect::<Vec<_>>(),
    })
}

/// Imports a directory file's bytes, protects its tables and writes the outputs: the body of
/// both directory functions.
///
/// # Safety
/// Each out-pointer is NULL or writable.
#[allow(clippy::too_many_arguments)]
unsafe fn directory_outputs(
    m: &bildungsnetz_monitor,
    input: &[u8],
    prefix: &str,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> Result<(), Failure> {
    limit(
        input.len(),
        BILDUNGSNETZ_MAX_DIRECTORY_BYTES,
        "the directory file",
    )?;
    let importer =
        Importer::new().map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
    let imported = importer.read(input);
    let t = directory_tables(
        &imported.institutions,
        prefix,
        &m.settings.directory_protection,
    )
    .map_err(|e| monitor_failure(&e))?;
    let tables = [&t.schools, &t.pupils_by_schulform, &t.pupils_by_sozialindex];
    // SAFETY: the out-parameters are NULL or writable by the caller's contract.
    unsafe {
        outputs(
            || {
                serde_json::json!({
                    "tables": tables.iter().map(|t| t.to_json()).collect::<Vec<_>>(),
                    "schools_without_pupils": t.schools_without_pupils,
                    "rows": imported.rows,
                    "rejected": imported.rejected,
                })
            },
            || {
                let owned: Vec<Table> = tables.iter().map(|t| (*t).clone()).collect();
                to_csv_bundle(&owned)
            },
            out_json,
            out_json_len,
            out_csv,
            out_csv_len,
        )
    }
}

/// Schools and pupils per Kommune × Schulform (and pupils per Kommune × Sozialindex) from a
/// school-directory CSV file (e.g. the NRW Schulverzeichnis 2024/25, format detected from its
/// header) for the schools whose Gemeindeschlüssel starts with `ags_prefix` (`"05"`: all of
/// NRW; `"05334"`: StädteRegion Aachen). The pupil tables are protected together (linked
/// tables) with the monitor's `directory_protection`; school counts are public and unprotected.
///
/// * `path` (`path_len` bytes, UTF-8): the file. It is read as a stream and refused once it
///   has more than `BILDUNGSNETZ_MAX_DIRECTORY_BYTES` (a FIFO or a device such as `/dev/zero`
///   too). For a file's contents in memory use `bildungsnetz_monitor_directory_tables_bytes`.
/// * `*out_json` (may be NULL): `{"tables":[schulen, schueler_schulform,
///   schueler_sozialindex], "schools_without_pupils", "rows", "rejected"}` (tables as for
///   `bildungsnetz_monitor_indicators`; `rows`: the data rows of the file, `rejected`: those not
///   imported — a row with a broken quote, a wrong number of fields and so on; no row is
///   dropped without being counted there).
/// * `*out_csv` (may be NULL): the three tables as CSV, as for the indicators.
///
/// At least one of `out_json` and `out_csv` must be non-NULL; both are owned by the caller
/// (free them with `bildungsnetz_string_free`).
///
/// Errors (kept on the monitor): `NULL_PARAMETER`, `INVALID_UTF8`, `IO`, `INPUT_TOO_LARGE`,
/// `INVALID_ARGUMENT` (no school in scope, or pupil numbers whose sum does not fit in 64 bits),
/// `INTERNAL`. Threads: may run concurrently with any
/// function on the same monitor except `_configure` and `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_directory_tables(
    monitor: *const bildungsnetz_monitor,
    path: *const c_char,
    path_len: usize,
    ags_prefix: *const c_char,
    prefix_len: usize,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live monitor.
    let m = unsafe { monitor.as_ref() };
    with(m, |m| {
        need_output(out_json, out_csv)?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (path, prefix) = unsafe {
            (
                text(path, path_len, "path")?,
                text(ags_prefix, prefix_len, "ags_prefix")?,
            )
        };
        let input = read_file(path, BILDUNGSNETZ_MAX_DIRECTORY_BYTES, "the directory file")?;
        // SAFETY: the out-parameters are NULL or writable by the caller's contract.
        unsafe {
            directory_outputs(
                m,
                &input,
                prefix,
                out_json,
                out_json_len,
                out_csv,
                out_csv_len,
            )
        }
    })
}

/// As `bildungsnetz_monitor_directory_tables`, for a directory file's contents in memory:
/// `data` (`len` bytes, at most `BILDUNGSNETZ_MAX_DIRECTORY_BYTES`; UTF-8 or ISO-8859-1, as the
/// files come). The contents are never taken for a file name.
///
/// Errors (kept on the monitor): `NULL_PARAMETER`, `INVALID_UTF8` (`ags_prefix`),
/// `INPUT_TOO_LARGE`, `INVALID_ARGUMENT` (no school in scope, or pupil numbers whose sum does
/// not fit in 64 bits), `INTERNAL`. Threads: may run concurrently with any function on the same
/// monitor except `_configure` and `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_directory_tables_bytes(
    monitor: *const bildungsnetz_monitor,
    data: *const u8,
    len: usize,
    ags_prefix: *const c_char,
    prefix_len: usize,
    out_json: *mut *mut c_char,
    out_json_len: *mut usize,
    out_csv: *mut *mut c_char,
    out_csv_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live monitor.
    let m = unsafe { monitor.as_ref() };
    with(m, |m| {
        need_output(out_json, out_csv)?;
        limit(len, BILDUNGSNETZ_MAX_DIRECTORY_BYTES, "the directory file")?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (input, prefix) = unsafe {
            (
                bytes(data, len, "data")?,
                text(ags_prefix, prefix_len, "ags_prefix")?,
            )
        };
        // SAFETY: the out-parameters are NULL or writable by the caller's contract.
        unsafe {
            directory_outputs(
                m,
                input,
                prefix,
                out_json,
                out_json_len,
                out_csv,
                out_csv_len,
            )
        }
    })
}

/// Copies the message of the last failure on this monitor in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. `buf` may be NULL with
/// `buf_len` 0 to ask for the length only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`.
/// Threads: may run concurrently with any function on the same monitor except `_configure` and
/// `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_last_error(
    monitor: *const bildungsnetz_monitor,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(monitor, buf, buf_len, out_len) }
}

/// Frees a monitor. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the monitor during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_monitor_free(monitor: *mut bildungsnetz_monitor) {
    // SAFETY: the caller passes NULL or a monitor from this library that it gives up.
    unsafe { free_box(monitor) }
}
