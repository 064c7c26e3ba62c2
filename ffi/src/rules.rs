//! The eligibility rules: `bildungsnetz_rulebook`, `bildungsnetz_decision`, the school-entry
//! batch path and `bildungsnetz_conformance`.

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;

use bn::calendar::SchoolYear;
use bn::rules::conformance::{self, CaseResult};
use bn::rules::{
    Decision, Land, LeanColumns, LearnerFacts, Outcome, RecordErrorKind, RuleBook, RuleError,
    Transition,
};

use crate::boundary::{
    ErrorSlot, Failure, Handle, bildungsnetz_result, bytes, c_string, free_box, last_error, limit,
    out_ptr, put, put_opt, put_owned, put_str, read_file, run, text, utf8, with,
};
use crate::calendar::date_from_day_number;

/// The largest learner-facts JSON accepted by `bildungsnetz_rulebook_evaluate`, in bytes.
pub const BILDUNGSNETZ_MAX_FACTS_BYTES: usize = 1 << 20;
/// The largest override law file accepted by `bildungsnetz_rulebook_with_overrides`, in bytes.
pub const BILDUNGSNETZ_MAX_LAW_BYTES: usize = 16 << 20;
/// The largest conformance case file accepted, in bytes.
pub const BILDUNGSNETZ_MAX_CASE_FILE_BYTES: usize = 64 << 20;

const _: () = assert!(BILDUNGSNETZ_MAX_FACTS_BYTES == bn::io::limits::FACTS_BYTES);
const _: () = assert!(BILDUNGSNETZ_MAX_LAW_BYTES == bn::io::limits::LAW_BYTES);
const _: () = assert!(BILDUNGSNETZ_MAX_CASE_FILE_BYTES == bn::io::limits::CASE_FILE_BYTES);
/// The largest number of children in one `bildungsnetz_rulebook_school_entry_batch` call.
pub const BILDUNGSNETZ_MAX_BATCH_LEN: usize = 100_000_000;
/// Outcome code of a batch row without an answer (the law needed is not encoded, or the date
/// lies outside the calendar).
pub const BILDUNGSNETZ_OUTCOME_ERROR: u8 = 255;
/// Effective day of a batch row without an effective date; also the "null" birth day.
pub const BILDUNGSNETZ_NO_DATE: i32 = i32::MIN;
/// Rule index of a batch row without a determining rule.
pub const BILDUNGSNETZ_NO_RULE: u16 = u16::MAX;

/// The outcome of a decision. The values equal the outcome codes of the batch path.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bildungsnetz_outcome {
    /// Not eligible on the date asked (for school entry: not schulpflichtig yet).
    NotEligible = 0,
    /// Eligible on the date asked (for school entry: schulpflichtig).
    Eligible = 1,
    /// An authority decides (Schulleitung, Jugendamt); the checks say under which conditions.
    Discretionary = 2,
    /// Facts are missing; the decision JSON names them in `missing_facts`.
    Undetermined = 3,
}

impl From<Outcome> for bildungsnetz_outcome {
    fn from(o: Outcome) -> bildungsnetz_outcome {
        match o {
            Outcome::NotEligible => bildungsnetz_outcome::NotEligible,
            Outcome::Eligible => bildungsnetz_outcome::Eligible,
            Outcome::Discretionary => bildungsnetz_outcome::Discretionary,
            Outcome::Undetermined => bildungsnetz_outcome::Undetermined,
        }
    }
}

/// JSON text from serde_json as a C string without a copy: serde_json escapes control
/// characters, so the text has no NUL (and if it had, `c_string` escapes it).
pub(crate) fn json_c_string(text: Vec<u8>) -> CString {
    CString::new(text).unwrap_or_else(|e| c_string(&String::from_utf8_lossy(&e.into_vec())))
}

/// The status for a rule error; its message (which core keeps free of personal values) goes to
/// the last error.
pub(crate) fn rule_failure(e: &RuleError) -> Failure {
    let status = match e {
        RuleError::Law { .. } => bildungsnetz_result::InvalidLaw,
        RuleError::NoLawInForce { .. } => bildungsnetz_result::NoLawInForce,
        RuleError::NotCovered { .. } => bildungsnetz_result::NotCovered,
        RuleError::UnknownTransition => bildungsnetz_result::UnknownTransition,
        RuleError::UnknownLand => bildungsnetz_result::UnknownLand,
        RuleError::DateOutOfRange => bildungsnetz_result::DateOutOfRange,
        RuleError::LengthMismatch { .. } => bildungsnetz_result::InvalidArgument,
        RuleError::Record { .. } => bildungsnetz_result::InvalidFacts,
        RuleError::Io(std::io::ErrorKind::FileTooLarge) => bildungsnetz_result::InputTooLarge,
        RuleError::Io(_) => bildungsnetz_result::Io,
        RuleError::Case { .. } => bildungsnetz_result::InvalidCaseFile,
        _ => bildungsnetz_result::Internal,
    };
    Failure::new(status, format!("{} ({})", e, e.code()))
}

/// Reads learner facts from JSON. Errors name the field, never a value: the facts are personal
/// data of children.
pub(crate) fn parse_facts(input: &[u8]) -> Result<LearnerFacts, Failure> {
    limit(input.len(), BILDUNGSNETZ_MAX_FACTS_BYTES, "the facts")?;
    let text = utf8(input, "the facts")?;
    // Core names the field at fault, never its value, and refuses anything but an object.
    LearnerFacts::from_json(text).map_err(|e| {
        let status = match e {
            RuleError::Record {
                kind: RecordErrorKind::Syntax,
                ..
            } => bildungsnetz_result::MalformedJson,
            _ => bildungsnetz_result::InvalidFacts,
        };
        Failure::new(status, format!("the facts are invalid: {e}"))
    })
}

// ---------------------------------------------------------------------------------------------
// Rule book

struct RuleC {
    id: CString,
    citation: CString,
}

/// The law the engine applies: the rule packs embedded in the library, optionally with an
/// override set layered on top. Read-only once made: share one between threads.
pub struct bildungsnetz_rulebook {
    book: RuleBook,
    rules: Vec<RuleC>,
    errors: ErrorSlot,
}

impl bildungsnetz_rulebook {
    fn boxed(book: RuleBook) -> *mut bildungsnetz_rulebook {
        let rules = (0..book.rule_count())
            .filter_map(|i| u16::try_from(i).ok())
            .filter_map(|i| book.rule(i))
            .map(|r| RuleC {
                id: c_string(&r.rule_id),
                citation: c_string(&r.citation),
            })
            .collect();
        Box::into_raw(Box::new(bildungsnetz_rulebook {
            book,
            rules,
            errors: ErrorSlot::default(),
        }))
    }
}

impl bildungsnetz_rulebook {
    pub(crate) fn book(&self) -> &RuleBook {
        &self.book
    }
}

impl Handle for bildungsnetz_rulebook {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

/// Creates a rule book with the law embedded in the library, in `*out`.
///
/// Ownership: the caller owns it; free it with `bildungsnetz_rulebook_free`.
/// Errors: `NULL_PARAMETER`, `INTERNAL` (the embedded law does not load: a build defect).
/// Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_new(
    out: *mut *mut bildungsnetz_rulebook,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        let book = RuleBook::embedded()
            .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
        // SAFETY: `out` is non-NULL (checked) and writable by the caller's contract.
        unsafe { put(out, bildungsnetz_rulebook::boxed(book), "out") }
    })
}

/// Creates in `*out` a new rule book: `base` with an override law file (JSON, `len` bytes, at
/// most `BILDUNGSNETZ_MAX_LAW_BYTES`) layered on top. Its versions take precedence for the days
/// they cover; `base` is unchanged. The file's form is the JSON Schema
/// `core/schemas/law-file.schema.json` (in the source distribution).
///
/// Ownership: the caller owns the new book; free it with `bildungsnetz_rulebook_free`.
/// Errors (kept on `base`): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`, `INVALID_LAW`
/// (the message says what is wrong). Threads: may run concurrently with any function on `base`
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_with_overrides(
    base: *const bildungsnetz_rulebook,
    json: *const c_char,
    len: usize,
    out: *mut *mut bildungsnetz_rulebook,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { base.as_ref() };
    with(b, |b| {
        out_ptr(out, "out")?;
        limit(len, BILDUNGSNETZ_MAX_LAW_BYTES, "the override law file")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let json = unsafe { text(json, len, "json") }?;
        let book = b.book.with_overrides(json).map_err(|e| rule_failure(&e))?;
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, bildungsnetz_rulebook::boxed(book), "out") }
    })
}

/// Writes the number of rule versions in the book (the rows that batch rule indices refer to)
/// to `*out_count`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same book
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_rule_count(
    book: *const bildungsnetz_rulebook,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        // SAFETY: the caller passes NULL or a writable `size_t`.
        unsafe { put(out_count, b.rules.len(), "out_count") }
    })
}

/// Gives the rule id (e.g. `"nrw.einschulung.stichtag"`) and the citation of rule version
/// `index`, as the batch path's `out_rule` column names it. Either out-parameter may be NULL.
///
/// Ownership: borrowed from the book, valid until `bildungsnetz_rulebook_free`.
/// Errors: `NULL_PARAMETER` (book), `OUT_OF_RANGE` (e.g. `BILDUNGSNETZ_NO_RULE`). Threads: may
/// run concurrently with any function on the same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_rule(
    book: *const bildungsnetz_rulebook,
    index: usize,
    out_rule_id: *mut *const c_char,
    out_citation: *mut *const c_char,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        let rule = b.rules.get(index).ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::OutOfRange,
                format!(
                    "rule index {index} is out of range: the book has {} rule versions",
                    b.rules.len()
                ),
            )
        })?;
        // SAFETY: the caller passes NULL or writable pointers.
        unsafe {
            put_opt(out_rule_id, rule.id.as_ptr());
            put_opt(out_citation, rule.citation.as_ptr());
        }
        Ok(())
    })
}

/// Decides a transition for one learner as of a day.
///
/// * `transition` (`transition_len` bytes): `"school_entry"`, `"kita_claim"`,
///   `"seiteneinstieg"`, `"end_of_full_time_schooling"`, `"sek1_entry"` (Grundschule → class 5;
///   facts under `sek1`: `recommendation`, `target_schulform`) or `"sek1_abschluss"` (the APO-S I
///   qualifications of `sek1.grade_sheet`; for many sheets see
///   `bildungsnetz_rulebook_sek1_batch`).
/// * `facts_json` (`facts_len` bytes, at most `BILDUNGSNETZ_MAX_FACTS_BYTES`): the learner's
///   facts as a JSON object, e.g. `{"birth_date":"2019-09-30","land":"NW"}`. Every field, its
///   meaning, unit and format: the JSON Schema `core/schemas/learner-facts.schema.json` (in the
///   source distribution); an unknown field is an error listing the known ones.
/// * `as_of_day`: the day asked about, as a day number (see `bildungsnetz_date_parse`).
///
/// On success `*out` receives the decision (owned by the caller; free it with
/// `bildungsnetz_decision_free`). A decision whose outcome is "undetermined" (facts missing) is a
/// success.
///
/// Errors (kept on the book; messages name fields, never values from the facts):
/// `NULL_PARAMETER`, `INVALID_UTF8`, `INPUT_TOO_LARGE`, `MALFORMED_JSON`, `INVALID_FACTS`,
/// `UNKNOWN_TRANSITION`, `INVALID_ARGUMENT` (`as_of_day` outside the calendar), `NOT_COVERED`,
/// `NO_LAW_IN_FORCE`, `DATE_OUT_OF_RANGE`. Threads: may run concurrently with any function on
/// the same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_evaluate(
    book: *const bildungsnetz_rulebook,
    transition: *const c_char,
    transition_len: usize,
    facts_json: *const u8,
    facts_len: usize,
    as_of_day: i32,
    out: *mut *mut bildungsnetz_decision,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (transition, facts) = unsafe {
            (
                text(transition, transition_len, "transition")?,
                bytes(facts_json, facts_len, "facts_json")?,
            )
        };
        let transition: Transition = transition.parse().map_err(|e| rule_failure(&e))?;
        let facts = parse_facts(facts)?;
        let as_of = date_from_day_number(as_of_day)?;
        let decision = b
            .book
            .evaluate(transition, &facts, as_of)
            .map_err(|e| rule_failure(&e))?;
        let d = Box::new(bildungsnetz_decision::new(decision));
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, Box::into_raw(d), "out") }
    })
}

/// Decides one transition for many learners in one call, all as of the same day.
///
/// * `transition` (`transition_len` bytes): a transition id as for `bildungsnetz_rulebook_evaluate`.
/// * `learners_jsonl` (`len` bytes, at most `BILDUNGSNETZ_MAX_RECORDS_BYTES`): JSON Lines, one
///   learner's facts object per line (each as the JSON Schema
///   `core/schemas/learner-facts.schema.json` describes); blank lines are skipped.
/// * `as_of_day`: the day asked about, as a day number.
///
/// On success `*out_json` receives a JSON array with one element per non-blank line, in order:
/// `{"line": n, "ok": true, "decision": {...}}`, or `{"line": n, "ok": false, "status": "...",
/// "error": "..."}` for a line that cannot be decided — one bad line does not fail the batch,
/// and its error names the field, never a value. Owned by the caller: free it with
/// `bildungsnetz_string_free`; its length without the NUL goes to `*out_len` (may be NULL).
///
/// A table of learners, for any transition: write one JSON object per row, its columns as the
/// fact names of the learner CSV (`birth_date`, `land`, `qualifications` as a JSON list, …;
/// nested Sek-I facts under `sek1`, e.g. `{"sek1":{"grade_sheet":{...}}}`), leaving a missing
/// fact out (the row is then "undetermined" and its decision's `missing_facts` names the
/// fact); keep your row ids outside the facts (or in `id`, which is
/// echoed, never interpreted) and match results by `line`. Per element of the result, the
/// columns of Python's `evaluate_batch` table: `decision.outcome`, `decision.effective_date` and
/// `decision.eligible_from` (ISO dates or null), `decision.missing_facts`, the ids of the checks
/// with `"determining": true` in `decision.checks`; for `ok: false` the `error` (naming line and
/// field, never a value). The batch is decided in one pass, with no locks: one call per table,
/// or one per chunk of lines on several threads with the same book.
///
/// Errors (kept on the book): `NULL_PARAMETER`, `INVALID_UTF8`, `INPUT_TOO_LARGE`,
/// `UNKNOWN_TRANSITION`, `INVALID_ARGUMENT` (`as_of_day` outside the calendar); `*out_json` is
/// left untouched on failure. Threads: may run concurrently with any function on the same book
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_evaluate_batch(
    book: *const bildungsnetz_rulebook,
    transition: *const c_char,
    transition_len: usize,
    learners_jsonl: *const u8,
    len: usize,
    as_of_day: i32,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out_json, "out_json")?;
        limit(
            len,
            crate::monitor::BILDUNGSNETZ_MAX_RECORDS_BYTES,
            "the learners",
        )?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (transition, raw) = unsafe {
            (
                text(transition, transition_len, "transition")?,
                bytes(learners_jsonl, len, "learners_jsonl")?,
            )
        };
        let transition: Transition = transition.parse().map_err(|e| rule_failure(&e))?;
        let as_of = date_from_day_number(as_of_day)?;
        let lines = utf8(raw, "the learners")?;
        let mut results = Vec::new();
        for (i, line) in lines.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let decided = parse_facts(line.as_bytes()).and_then(|facts| {
                b.book
                    .evaluate(transition, &facts, as_of)
                    .map_err(|e| rule_failure(&e))
            });
            results.push(match decided {
                Ok(decision) => {
                    serde_json::json!({"line": i + 1, "ok": true, "decision": decision})
                }
                Err(f) => serde_json::json!({
                    "line": i + 1,
                    "ok": false,
                    "status": f.status.name().to_string_lossy(),
                    "error": f.message,
                }),
            });
        }
        let json = serde_json::to_string(&results)
            .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
        // SAFETY: `out_json` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(json, out_json, out_len, "out_json") }
    })
}

/// School entry for many children at once: for each birth day in `birth_days` (`len` day
/// numbers; `BILDUNGSNETZ_NO_DATE` = unknown), in the Land `land` (`"NW"` or `"RP"`) and the
/// school year starting 1 August of `school_year_start`, writes into the caller's columns of
/// `len` elements each:
///
/// * `out_outcome[i]`: a `bildungsnetz_outcome` value as a byte (0 not schulpflichtig yet,
///   1 schulpflichtig, 3 undetermined: no birth date), or `BILDUNGSNETZ_OUTCOME_ERROR` where
///   the single decision fails because the law needed is not encoded (a child born before the
///   encoded cut-offs; no birth date in a school year before them);
/// * `out_effective_day[i]`: the 1 August on which the Schulpflicht begins (day number), or
///   `BILDUNGSNETZ_NO_DATE` — the explained decision's effective date where the outcome is 1,
///   its "eligible from" date where the outcome is 0;
/// * `out_rule[i]`: the index of the cut-off version that fixed it
///   (`bildungsnetz_rulebook_rule`), or `BILDUNGSNETZ_NO_RULE`.
///
/// The outcome equals that of `bildungsnetz_rulebook_evaluate` with `"school_entry"`, the same
/// birth date and Land and no applications, row by row: a school year before the encoded law
/// is no error for the call. Columns must not overlap the input or each other.
///
/// Errors: `NULL_PARAMETER` (a column NULL with `len` > 0), `INPUT_TOO_LARGE` (`len` >
/// `BILDUNGSNETZ_MAX_BATCH_LEN`), `INVALID_ARGUMENT` (a misaligned column, or a year outside
/// 1800–2199), `INVALID_UTF8`, `UNKNOWN_LAND` (not a Land code), `NOT_COVERED` (a Land without a
/// school-entry rule pack); the columns are unspecified after a failure.
/// Threads: may run concurrently with any function on the same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_school_entry_batch(
    book: *const bildungsnetz_rulebook,
    land: *const c_char,
    land_len: usize,
    school_year_start: i32,
    birth_days: *const i32,
    len: usize,
    out_outcome: *mut u8,
    out_effective_day: *mut i32,
    out_rule: *mut u16,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        // SAFETY: the caller passes `land_len` readable bytes (or NULL with 0).
        let land: Land = unsafe { text(land, land_len, "land") }?.parse().map_err(
            |e: bn::model::UnknownLand| {
                Failure::new(bildungsnetz_result::UnknownLand, e.to_string())
            },
        )?;
        let year = SchoolYear::starting(school_year_start)
            .map_err(|e| Failure::new(bildungsnetz_result::InvalidArgument, e.to_string()))?;
        limit(len, BILDUNGSNETZ_MAX_BATCH_LEN, "the batch")?;
        // SAFETY: each pointer is NULL or valid for `len` elements, and they do not overlap
        // (the caller's contract); `column` checks NULL and alignment.
        let (births, outcome, effective_day, rule) = unsafe {
            (
                column(birth_days.cast_mut(), len, "birth_days")?,
                column(out_outcome, len, "out_outcome")?,
                column(out_effective_day, len, "out_effective_day")?,
                column(out_rule, len, "out_rule")?,
            )
        };
        b.book
            .school_entry_batch(
                land,
                year,
                births,
                LeanColumns {
                    outcome,
                    effective_day,
                    rule,
                },
            )
            .map_err(|e| rule_failure(&e))
    })
}

/// A caller column of `len` elements: NULL only when `len` is 0, and aligned.
///
/// # Safety
/// A non-NULL `ptr` is valid for reads and writes of `len` elements, used by nothing else
/// during the call.
pub(crate) unsafe fn column<'a, T>(
    ptr: *mut T,
    len: usize,
    what: &str,
) -> Result<&'a mut [T], Failure> {
    if len == 0 {
        return Ok(&mut []);
    }
    if ptr.is_null() {
        return Err(crate::boundary::null(what));
    }
    if !ptr.is_aligned() {
        return Err(Failure::new(
            bildungsnetz_result::InvalidArgument,
            format!("{what} is not aligned for its element type"),
        ));
    }
    // SAFETY: non-NULL, aligned, and by this function's contract valid for `len` elements
    // exclusively; `len` ≤ BILDUNGSNETZ_MAX_BATCH_LEN keeps the byte size within isize.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// Copies the message of the last failure on this rule book in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same rule book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_last_error(
    book: *const bildungsnetz_rulebook,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(book, buf, buf_len, out_len) }
}

/// Frees a rule book. NULL is allowed and does nothing. Decisions and conformance results made
/// with it stay valid.
///
/// Threads: nothing else may use the book during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_free(book: *mut bildungsnetz_rulebook) {
    // SAFETY: the caller passes NULL or a book from this library that it gives up.
    unsafe { free_box(book) }
}

// ---------------------------------------------------------------------------------------------
// Decision

/// An explained decision: outcome, effective date, the checks with rule ids and citations, the
/// missing facts and a sentence in German and English. Immutable: every function on it may run
/// concurrently from any number of threads, except `bildungsnetz_decision_free`.
pub struct bildungsnetz_decision {
    decision: Decision,
    json: OnceLock<CString>,
    explanation_de: OnceLock<CString>,
    explanation_en: OnceLock<CString>,
    errors: ErrorSlot,
}

impl bildungsnetz_decision {
    fn new(decision: Decision) -> bildungsnetz_decision {
        bildungsnetz_decision {
            decision,
            json: OnceLock::new(),
            explanation_de: OnceLock::new(),
            explanation_en: OnceLock::new(),
            errors: ErrorSlot::default(),
        }
    }
}

impl Handle for bildungsnetz_decision {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

/// Writes the outcome of the decision to `*out_outcome`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same
/// decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_outcome(
    decision: *const bildungsnetz_decision,
    out_outcome: *mut bildungsnetz_outcome,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live decision.
    let d = unsafe { decision.as_ref() };
    with(d, |d| {
        // SAFETY: the caller passes NULL or a writable `bildungsnetz_outcome`.
        unsafe { put(out_outcome, d.decision.outcome.into(), "out_outcome") }
    })
}

/// Writes whether the decision has an effective date to `*out_has_date` and the date (a day
/// number; `BILDUNGSNETZ_NO_DATE` when there is none) to `*out_day`. The effective date is the
/// day the asked status begins (eligible) or would begin if granted (discretionary), also when
/// that is after the day asked about — for school entry the 1 August on which the Schulpflicht
/// begins. There is none when not eligible, when undetermined, and where the law attaches no
/// date of its own (access rights, qualifications).
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same
/// decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_effective_date(
    decision: *const bildungsnetz_decision,
    out_has_date: *mut bool,
    out_day: *mut i32,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live decision.
    let d = unsafe { decision.as_ref() };
    with(d, |d| {
        out_ptr(out_has_date, "out_has_date")?;
        out_ptr(out_day, "out_day")?;
        let date = d.decision.effective_date;
        // SAFETY: both are non-NULL (checked) and writable by the caller's contract.
        unsafe {
            put(out_has_date, date.is_some(), "out_has_date")?;
            put(
                out_day,
                date.map_or(BILDUNGSNETZ_NO_DATE, |x| x.day_number()),
                "out_day",
            )
        }
    })
}

/// Writes whether the decision has an "eligible from" date to `*out_has_date` and the date (a
/// day number; `BILDUNGSNETZ_NO_DATE` when there is none) to `*out_day`: for a person who is not
/// eligible, the later day from which the law gives the status, where it names one (a child too
/// young for a claim: the birthday that brings it).
///
/// Errors: `NULL_PARAMETER`; `*out_has_date` and `*out_day` are left untouched on failure.
/// Threads: may run concurrently with any function on the same decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_eligible_from(
    decision: *const bildungsnetz_decision,
    out_has_date: *mut bool,
    out_day: *mut i32,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live decision.
    let d = unsafe { decision.as_ref() };
    with(d, |d| {
        out_ptr(out_has_date, "out_has_date")?;
        out_ptr(out_day, "out_day")?;
        let date = d.decision.eligible_from;
        // SAFETY: both are non-NULL (checked) and writable by the caller's contract.
        unsafe {
            put(out_has_date, date.is_some(), "out_has_date")?;
            put(
                out_day,
                date.map_or(BILDUNGSNETZ_NO_DATE, |x| x.day_number()),
                "out_day",
            )
        }
    })
}

/// Gives the whole decision as JSON (the Rust `Decision` serialised: `transition`, `land`,
/// `as_of`, `outcome`, `effective_date`, `eligible_from`, `checks` with `rule_id` and `citation`,
/// `missing_facts`, `details`, `explanation_de`, `explanation_en`): NUL-terminated in `*out`,
/// its length without the NUL in `*out_len` if `out_len` is not NULL.
///
/// Ownership: borrowed from the decision, valid until `bildungsnetz_decision_free`.
/// Errors: `NULL_PARAMETER`, `INTERNAL`. Threads: may run concurrently with any function on the
/// same decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_json(
    decision: *const bildungsnetz_decision,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live decision.
    let d = unsafe { decision.as_ref() };
    with(d, |d| {
        let json = match d.json.get() {
            Some(json) => json,
            None => {
                let text = serde_json::to_vec(&d.decision)
                    .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
                d.json.get_or_init(|| json_c_string(text))
            }
        };
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(json, out, out_len, "out") }
    })
}

/// Gives the decision's explanation for the person at the counter: in German when `german` is
/// true, else in English. NUL-terminated in `*out`, length without the NUL in `*out_len` if
/// `out_len` is not NULL.
///
/// Ownership: borrowed from the decision, valid until `bildungsnetz_decision_free`.
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same
/// decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_explanation(
    decision: *const bildungsnetz_decision,
    german: bool,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live decision.
    let d = unsafe { decision.as_ref() };
    with(d, |d| {
        let s: &CStr = if german {
            d.explanation_de
                .get_or_init(|| c_string(&d.decision.explanation_de))
        } else {
            d.explanation_en
                .get_or_init(|| c_string(&d.decision.explanation_en))
        };
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(s, out, out_len, "out") }
    })
}

/// Copies the message of the last failure on this decision in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same decision except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_last_error(
    decision: *const bildungsnetz_decision,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(decision, buf, buf_len, out_len) }
}

/// Frees a decision. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the decision during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_decision_free(decision: *mut bildungsnetz_decision) {
    // SAFETY: the caller passes NULL or a decision from this library that it gives up.
    unsafe { free_box(decision) }
}

// ---------------------------------------------------------------------------------------------
// Conformance

struct CaseC {
    id: CString,
    failures: CString,
    passed: bool,
}

/// The results of running a conformance case file (the JSON files in `tests/conformance/`): one per case,
/// with whether it passed and, if not, what differed. Immutable.
pub struct bildungsnetz_conformance {
    results: Vec<CaseResult>,
    cases: Vec<CaseC>,
    json: OnceLock<CString>,
    errors: ErrorSlot,
}

impl Handle for bildungsnetz_conformance {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

impl bildungsnetz_conformance {
    fn boxed(results: Vec<CaseResult>) -> *mut bildungsnetz_conformance {
        let cases = results
            .iter()
            .map(|r| CaseC {
                id: c_string(&r.id),
                failures: c_string(&r.failures.join("; ")),
                passed: r.passed,
            })
            .collect();
        Box::into_raw(Box::new(bildungsnetz_conformance {
            results,
            cases,
            json: OnceLock::new(),
            errors: ErrorSlot::default(),
        }))
    }

    fn case(&self, index: usize) -> Result<&CaseC, Failure> {
        self.cases.get(index).ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::OutOfRange,
                format!(
                    "case index {index} is out of range: the file has {} cases",
                    self.cases.len()
                ),
            )
        })
    }
}

/// Runs the conformance case file at `path` (`path_len` bytes, UTF-8; at most
/// `BILDUNGSNETZ_MAX_CASE_FILE_BYTES`) against `book`, with the same runner as Rust and Python,
/// and writes the results to `*out`. Cases that fail are a success of this function: look at
/// the results.
///
/// Ownership: the caller owns the results; free them with `bildungsnetz_conformance_free`.
/// Errors (kept on the book): `NULL_PARAMETER`, `INVALID_UTF8`, `IO`, `INPUT_TOO_LARGE`,
/// `INVALID_CASE_FILE`. Threads: may run concurrently with any function on the same book except
/// `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_run_file(
    book: *const bildungsnetz_rulebook,
    path: *const c_char,
    path_len: usize,
    out: *mut *mut bildungsnetz_conformance,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes `path_len` readable bytes (or NULL with 0).
        let path = unsafe { text(path, path_len, "path") }?;
        let raw = read_file(path, BILDUNGSNETZ_MAX_CASE_FILE_BYTES, "the case file")?;
        let json = utf8(&raw, "the case file")?;
        let name = std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
        let results = conformance::run_str(&b.book, &name, json).map_err(|e| rule_failure(&e))?;
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, bildungsnetz_conformance::boxed(results), "out") }
    })
}

/// Runs a conformance case file held in memory (`json`, `len` bytes); `name` (`name_len` bytes)
/// names it in the results. Otherwise as `bildungsnetz_conformance_run_file` (without `IO`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_run_bytes(
    book: *const bildungsnetz_rulebook,
    name: *const c_char,
    name_len: usize,
    json: *const c_char,
    len: usize,
    out: *mut *mut bildungsnetz_conformance,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out, "out")?;
        limit(len, BILDUNGSNETZ_MAX_CASE_FILE_BYTES, "the case file")?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (name, json) = unsafe { (text(name, name_len, "name")?, text(json, len, "json")?) };
        let results = conformance::run_str(&b.book, name, json).map_err(|e| rule_failure(&e))?;
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, bildungsnetz_conformance::boxed(results), "out") }
    })
}

/// Writes the number of cases to `*out_len` and, if `out_passed` is not NULL, how many passed to
/// `*out_passed`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same results
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_len(
    results: *const bildungsnetz_conformance,
    out_len: *mut usize,
    out_passed: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or live results.
    let r = unsafe { results.as_ref() };
    with(r, |r| {
        out_ptr(out_len, "out_len")?;
        // SAFETY: the caller passes writable (or, for `out_passed`, NULL) pointers.
        unsafe {
            put_opt(out_passed, r.cases.iter().filter(|c| c.passed).count());
            put(out_len, r.cases.len(), "out_len")
        }
    })
}

/// Gives case `index`: its id in `*out_id` (may be NULL), whether it passed in `*out_passed` (may
/// be NULL), and what differed in `*out_failures` (may be NULL; `""` when it passed, else the
/// differences joined by `"; "`).
///
/// Ownership: strings borrowed from the results, valid until `bildungsnetz_conformance_free`.
/// Errors: `NULL_PARAMETER` (results), `OUT_OF_RANGE`. Threads: may run concurrently with any
/// function on the same results except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_case(
    results: *const bildungsnetz_conformance,
    index: usize,
    out_id: *mut *const c_char,
    out_passed: *mut bool,
    out_failures: *mut *const c_char,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or live results.
    let r = unsafe { results.as_ref() };
    with(r, |r| {
        let case = r.case(index)?;
        // SAFETY: the caller passes NULL or writable pointers.
        unsafe {
            put_opt(out_id, case.id.as_ptr());
            put_opt(out_passed, case.passed);
            put_opt(out_failures, case.failures.as_ptr());
        }
        Ok(())
    })
}

/// Gives all results as a JSON array of `{"file", "id", "passed", "failures"}` (the Rust
/// `CaseResult`s serialised), NUL-terminated in `*out`, its length without the NUL in `*out_len`
/// if `out_len` is not NULL.
///
/// Ownership: borrowed from the results, valid until `bildungsnetz_conformance_free`.
/// Errors: `NULL_PARAMETER`, `INTERNAL`. Threads: may run concurrently with any function on the
/// same results except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_json(
    results: *const bildungsnetz_conformance,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or live results.
    let r = unsafe { results.as_ref() };
    with(r, |r| {
        let json = match r.json.get() {
            Some(json) => json,
            None => {
                let text = serde_json::to_vec(&r.results)
                    .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
                r.json.get_or_init(|| json_c_string(text))
            }
        };
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(json, out, out_len, "out") }
    })
}

/// Copies the message of the last failure on these results in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same results except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_last_error(
    results: *const bildungsnetz_conformance,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(results, buf, buf_len, out_len) }
}

/// Frees conformance results. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the results during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_conformance_free(results: *mut bildungsnetz_conformance) {
    // SAFETY: the caller passes NULL or results from this library that it gives up.
    unsafe { free_box(results) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_errors_never_echo_values() {
        let secret = "2019-02-30";
        for input in [
            format!(r#"{{"birth_date":"{secret}"}}"#),
            format!(r#"{{"land":"NW","birth_date":"{secret}"}}"#),
            format!(r#"{{"birth_date":["{secret}"]}}"#),
            format!(r#"["{secret}"]"#),
            format!(r#"{{"school_years_attended":"{secret}"}}"#),
        ] {
            let err = parse_facts(input.as_bytes()).unwrap_err();
            assert_eq!(err.status, bildungsnetz_result::InvalidFacts, "{input}");
            assert!(!err.message.contains(secret), "{}", err.message);
            assert!(!err.message.contains("2019"), "{}", err.message);
        }
        let err = parse_facts(br#"{"birth_date":"2019-02-30""#).unwrap_err();
        assert_eq!(err.status, bildungsnetz_result::MalformedJson);
        assert!(!err.message.contains("2019"));
        let err = parse_facts(br#"{"birth_date":"2019-02-30"}"#).unwrap_err();
        assert!(err.message.contains("field birth_date"), "{}", err.message);
    }

    #[test]
    fn a_panic_becomes_a_status_with_a_message() {
        let slot = bildungsnetz_decision::new(
            RuleBook::embedded()
                .unwrap()
                .evaluate(
                    Transition::SchoolEntry,
                    &LearnerFacts::default(),
                    bn::calendar::Date::from_ymd(2025, 8, 1).unwrap(),
                )
                .unwrap(),
        );
        let status = with(Some(&slot), |_| panic!("boom"));
        assert_eq!(status, bildungsnetz_result::Panic);
        assert!(slot.errors.get().contains("panicked"));
        let status = crate::boundary::guard(|| panic!("boom"));
        assert_eq!(status, bildungsnetz_result::Panic);
    }
}
