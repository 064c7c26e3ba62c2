//! Sekundarstufe I: the APO-S I qualifications of one grade sheet or of many (issue 6). The
//! transitions `sek1_entry` and `sek1_abschluss` go through `bildungsnetz_rulebook_evaluate`.

use std::ffi::c_char;

use bn::rules::sek1::{GradeSheet, GradeSheetError, Qualification, Sek1Engine, prepare};

use crate::boundary::{
    Failure, bildungsnetz_result, bytes, decode, from_json, limit, out_ptr, put_opt, put_owned,
    utf8, with,
};
use crate::calendar::date_from_day_number;
use crate::rules::{BILDUNGSNETZ_MAX_FACTS_BYTES, bildungsnetz_rulebook, rule_failure};

/// The largest input of `bildungsnetz_rulebook_sek1_batch` and `_sek1_batch_lean`, in bytes.
pub const BILDUNGSNETZ_MAX_SEK1_BATCH_BYTES: usize = 1 << 30;
/// Status code of a lean batch row whose grade sheet could not be evaluated (all four
/// qualifications of the row carry it).
pub const BILDUNGSNETZ_SEK1_ERROR: u8 = 255;

/// The highest Sek-I qualification earned (or held before), lowest first.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bildungsnetz_sek1_qualification {
    /// No qualification (code `OA`, ohne Abschluss).
    None = 0,
    /// Erster Schulabschluss (until 2021/22: HA9).
    Esa = 1,
    /// Erweiterter Erster Schulabschluss (until 2021/22: HA10).
    Eesa = 2,
    /// Mittlerer Schulabschluss (Fachoberschulreife).
    Msa = 3,
    /// Mittlerer Schulabschluss with the Berechtigung zum Besuch der gymnasialen Oberstufe.
    MsaQ = 4,
}

fn qualification(q: Option<Qualification>) -> bildungsnetz_sek1_qualification {
    match q {
        None => bildungsnetz_sek1_qualification::None,
        Some(Qualification::Esa) => bildungsnetz_sek1_qualification::Esa,
        Some(Qualification::Eesa) => bildungsnetz_sek1_qualification::Eesa,
        Some(Qualification::Msa) => bildungsnetz_sek1_qualification::Msa,
        Some(Qualification::MsaQ) => bildungsnetz_sek1_qualification::MsaQ,
    }
}

/// The status for a grade sheet core refuses; core's messages name the field, never a grade.
fn sheet_failure(e: GradeSheetError) -> Failure {
    match e {
        GradeSheetError::NotCovered => Failure::new(
            bildungsnetz_result::NotCovered,
            format!("the grade sheet is not covered: {e}"),
        ),
        other => Failure::new(
            bildungsnetz_result::InvalidFacts,
            format!("the grade sheet is invalid: {other}"),
        ),
    }
}

fn engine(book: &bildungsnetz_rulebook, as_of_day: i32) -> Result<Sek1Engine<'_>, Failure> {
    let as_of = date_from_day_number(as_of_day)?;
    book.book().sek1_engine(as_of).map_err(|e| rule_failure(&e))
}

/// The qualifications of one grade sheet as in force on a day.
///
/// * `sheet_json` (`len` bytes, at most `BILDUNGSNETZ_MAX_FACTS_BYTES`): a grade sheet, e.g.
///   `{"schulform":"realschule","jahrgang":10,"subjects":[{"kuerzel":"D","grade":2}, ...]}`
///   (fields `schulform`, `jahrgang`, `subjects` with `kuerzel`, `grade`, optional `course`
///   `"E"`/`"G"` and `foreign_language`; optional `gymnasium_track` (`"g8"`/`"g9"`, needed at a
///   Gymnasium), `bildungsgang`, `hauptschule_typ`, `prior`). The sheet is `GradeSheet` of the
///   JSON Schema `core/schemas/learner-facts.schema.json` (in the source distribution).
/// * `as_of_day`: the day of the Zeugniskonferenz, as a day number.
///
/// On success `*out_json` receives the result (owned by the caller; free it with
/// `bildungsnetz_string_free`): `as_of`, `results` (per qualification `qualification`,
/// `status` — `earned`, `not_earned`, `undetermined`, `not_applicable` —, `nachpruefung`,
/// `rule_id`, `citation`), `best`, `best_code` (official Kürzel and statistics keys on that
/// day), `nachpruefung` (the Prognose), `explanation_de`, `explanation_en`. Its length without
/// the NUL goes to `*out_len` and the best qualification to `*out_best`; both may be NULL.
///
/// Errors (kept on the book; messages name fields, never grades): `NULL_PARAMETER`,
/// `INPUT_TOO_LARGE`, `INVALID_UTF8`, `MALFORMED_JSON`, `INVALID_FACTS` (a field missing,
/// unknown or invalid — e.g. a grade outside 1–6, a Gymnasium sheet without its track),
/// `NOT_COVERED` (a Schulform without APO-S I rules), `INVALID_ARGUMENT` (`as_of_day` outside
/// the calendar), `NO_LAW_IN_FORCE`. Threads: may run concurrently with any function on the
/// same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_sek1_qualifications(
    book: *const bildungsnetz_rulebook,
    sheet_json: *const u8,
    len: usize,
    as_of_day: i32,
    out_best: *mut bildungsnetz_sek1_qualification,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out_json, "out_json")?;
        limit(len, BILDUNGSNETZ_MAX_FACTS_BYTES, "the grade sheet")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let raw = unsafe { bytes(sheet_json, len, "sheet_json") }?;
        let text = utf8(raw, "the grade sheet")?;
        object(text.trim_start().starts_with('{'), "the grade sheet")?;
        let sheet: GradeSheet =
            from_json(text, "the grade sheet", bildungsnetz_result::InvalidFacts)?;
        let engine = engine(b, as_of_day)?;
        let r = engine.evaluate(&sheet).map_err(sheet_failure)?;
        let json = serde_json::to_string(&r)
            .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
        // SAFETY: `out_json` is non-NULL (checked); `out_best` and `out_len` are NULL or
        // writable by the caller's contract.
        unsafe {
            put_opt(out_best, qualification(r.best));
            put_owned(json, out_json, out_len, "out_json")
        }
    })
}

/// A grade sheet is a JSON object: serde would also read an array (fields by position).
fn object(is_object: bool, what: &str) -> Result<(), Failure> {
    if is_object {
        return Ok(());
    }
    Err(Failure::new(
        bildungsnetz_result::InvalidFacts,
        format!("{what} is not a JSON object"),
    ))
}

/// The grade sheets of a batch input: a JSON array of sheets, or JSON Lines (one sheet per
/// line; blank lines are skipped). Each item is parsed on its own, so one bad sheet does not
/// spoil the others; a broken array is a failure of the whole input.
fn sheets(text: &str) -> Result<Vec<Result<GradeSheet, Failure>>, Failure> {
    let what = |i: usize| format!("grade sheet {i} (0-based)");
    if text.trim_start().starts_with('[') {
        let items: Vec<serde_json::Value> =
            from_json(text, "the batch", bildungsnetz_result::MalformedJson)?;
        return Ok(items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                object(v.is_object(), &what(i))?;
                decode(v, &what(i), bildungsnetz_result::InvalidFacts)
            })
            .collect());
    }
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            object(l.trim_start().starts_with('{'), &what(i))?;
            from_json(l, &what(i), bildungsnetz_result::InvalidFacts)
        })
        .collect())
}

fn batch_input<'a>(ptr: *const u8, len: usize) -> Result<&'a str, Failure> {
    limit(len, BILDUNGSNETZ_MAX_SEK1_BATCH_BYTES, "the batch")?;
    // SAFETY: the exports' callers pass `len` readable bytes (or NULL with 0).
    let raw = unsafe { bytes(ptr, len, "sheets") }?;
    utf8(raw, "the batch")
}

/// The qualifications of many grade sheets, one law date: `sheets` (`len` bytes, at most
/// `BILDUNGSNETZ_MAX_SEK1_BATCH_BYTES`) is a JSON array of grade sheets or JSON Lines (one sheet
/// per line, blank lines skipped), each as for `bildungsnetz_rulebook_sek1_qualifications`.
///
/// On success `*out_json` receives a JSON array with one entry per sheet, in input order:
/// `{"ok":true,"best":"msa"|null,"result":{...}}` (the result as the single call gives it) or
/// `{"ok":false,"status":"BILDUNGSNETZ_RESULT_INVALID_FACTS","error":"..."}` for a sheet that
/// cannot be evaluated (messages name the sheet's index and field, never a grade). A bad sheet
/// is not a failure of the batch. Owned by the caller: free it with `bildungsnetz_string_free`.
/// `*out_len` (length without the NUL) and `*out_count` (sheets) may be NULL.
///
/// Errors (kept on the book): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `MALFORMED_JSON` (an array that is not well-formed), `INVALID_ARGUMENT` (`as_of_day`),
/// `NO_LAW_IN_FORCE`. Threads: may run concurrently with any function on the same book except
/// `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_sek1_batch(
    book: *const bildungsnetz_rulebook,
    sheets_json: *const u8,
    len: usize,
    as_of_day: i32,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out_json, "out_json")?;
        let text = batch_input(sheets_json, len)?;
        let engine = engine(b, as_of_day)?;
        let items = sheets(text)?;
        let count = items.len();
        let entries: Vec<serde_json::Value> = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let r = item.and_then(|s| {
                    engine.evaluate(&s).map_err(|e| {
                        let f = sheet_failure(e);
                        Failure::new(
                            f.status,
                            format!("grade sheet {i} (0-based): {}", f.message),
                        )
                    })
                });
                match r {
                    Ok(r) => serde_json::json!({"ok": true, "best": r.best, "result": r}),
                    Err(f) => serde_json::json!({
                        "ok": false,
                        "status": f.status.name().to_string_lossy(),
                        "error": f.message,
                    }),
                }
            })
            .collect();
        let json = serde_json::to_string(&entries)
            .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
        // SAFETY: `out_json` is non-NULL (checked); the others are NULL or writable.
        unsafe {
            put_opt(out_count, count);
            put_owned(json, out_json, out_len, "out_json")
        }
    })
}

/// The lean batch path: the qualifications of many grade sheets (input as for
/// `bildungsnetz_rulebook_sek1_batch`) written into caller columns, without explanations.
///
/// For sheet `i` and qualification `q` (0 ESA, 1 EESA, 2 MSA, 3 MSA_Q):
/// * `out_status[4*i+q]`: 0 not earned, 1 earned, 3 undetermined (a grade the rule needs is
///   missing), 4 not applicable, or `BILDUNGSNETZ_SEK1_ERROR` for all four when the sheet cannot
///   be evaluated (use `bildungsnetz_rulebook_sek1_batch` to learn why);
/// * `out_nachpruefung[4*i+q]` (may be NULL): the subjects in which a Nachprüfung could still
///   earn it, as a bit set over the sheet's subjects (bit j = the j-th subject).
///
/// `capacity` is the number of sheets the columns hold (each column has `4 * capacity`
/// elements). `*out_count` receives the number of sheets in the input; when it exceeds
/// `capacity` the result is `BUFFER_TOO_SMALL` and the columns are unspecified.
///
/// Errors (kept on the book): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `MALFORMED_JSON`, `INVALID_ARGUMENT` (`as_of_day`, a capacity too large, a misaligned
/// column), `NO_LAW_IN_FORCE`, `BUFFER_TOO_SMALL`. Threads: may run concurrently with any
/// function on the same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_sek1_batch_lean(
    book: *const bildungsnetz_rulebook,
    sheets_json: *const u8,
    len: usize,
    as_of_day: i32,
    capacity: usize,
    out_status: *mut u8,
    out_nachpruefung: *mut u32,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out_count, "out_count")?;
        let cells = capacity
            .checked_mul(4)
            .filter(|c| *c <= isize::MAX as usize / 4);
        let cells = cells.ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::InvalidArgument,
                "capacity is too large",
            )
        })?;
        let text = batch_input(sheets_json, len)?;
        let engine = engine(b, as_of_day)?;
        let items = sheets(text)?;
        // SAFETY: `out_count` is non-NULL (checked) and writable.
        unsafe { put_opt(out_count, items.len()) };
        if items.len() > capacity {
            return Err(Failure::new(
                bildungsnetz_result::BufferTooSmall,
                format!(
                    "the input has {} grade sheets; the columns hold {capacity}",
                    items.len()
                ),
            ));
        }
        let n = items.len() * 4;
        // SAFETY: the caller's columns hold `4 * capacity` elements each (≥ n), do not overlap
        // and are not used elsewhere during the call; `column` checks NULL and alignment.
        let status = unsafe { crate::rules::column(out_status, n.min(cells), "out_status") }?;
        let mut np = if out_nachpruefung.is_null() {
            None
        } else {
            // SAFETY: as above.
            Some(unsafe { crate::rules::column(out_nachpruefung, n, "out_nachpruefung") }?)
        };
        for (i, item) in items.iter().enumerate() {
            let lean = item
                .as_ref()
                .ok()
                .and_then(|s| prepare(s, None).ok())
                .map(|p| engine.evaluate_lean(&p));
            let (st, bits) = match lean {
                Some(l) => (l.status, l.nachpruefung),
                None => ([BILDUNGSNETZ_SEK1_ERROR; 4], [0; 4]),
            };
            if let Some(row) = status.get_mut(i * 4..i * 4 + 4) {
                row.copy_from_slice(&st);
            }
            if let Some(row) = np.as_mut().and_then(|c| c.get_mut(i * 4..i * 4 + 4)) {
                row.copy_from_slice(&bits);
            }
        }
        Ok(())
    })
}
