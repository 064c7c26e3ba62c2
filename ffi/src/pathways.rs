//! Pathways (after Sek I): what a person can do next, and the shortest routes to a goal.

use std::ffi::c_char;

use crate::boundary::{bildungsnetz_result, bytes, limit, out_ptr, put_owned, utf8, with};
use crate::rules::{BILDUNGSNETZ_MAX_FACTS_BYTES, bildungsnetz_rulebook, rule_failure};

/// Next steps and, with a goal, the shortest routes to it for one person.
///
/// * `request_json` (`len` bytes, at most `BILDUNGSNETZ_MAX_FACTS_BYTES`): a JSON object
///   `{"facts": {...learner facts...}, "as_of": "YYYY-MM-DD", "goal": ..., "options": {...}}`
///   (`facts` as the JSON Schema `core/schemas/learner-facts.schema.json` describes);
///   `goal` (optional) is `"universitaet"`, `"fachhochschule"`, `"vocational_training"` or
///   `{"qualification": "ABITUR"}` (an SVWS code); `options` (optional) has `max_steps`,
///   `max_routes`, `allow_discretionary`.
///
/// On success `*out_json` receives `{"next_steps": [...], "routes": [...]}` — each next step
/// and each route step with its explained decision (owned by the caller; free it with
/// `bildungsnetz_string_free`); its length without the NUL goes to `*out_len` (may be NULL).
///
/// Next steps for a table of learners (Python's `next_steps_batch`): call
/// `bildungsnetz_rulebook_evaluate_batch` with the same JSON Lines once per transition after
/// Sek I, in this order: `oberstufe_entry`, `berufskolleg_a` … `berufskolleg_e`, `bbs_rlp`,
/// `duale_ausbildung`, `berufsschulpflicht`, `studium_universitaet`, `studium_fachhochschule`,
/// `wbk_abendrealschule`, `wbk_abendgymnasium`, `wbk_kolleg`, `erwerbstaetigkeit`,
/// `fhr_praktikum`. Each call gives one element per line; an element with `"ok": false` and
/// status `BILDUNGSNETZ_RESULT_NOT_COVERED` or `BILDUNGSNETZ_RESULT_NO_LAW_IN_FORCE` is a step
/// the learner does not have. Reachable goals for a table take one call of this function per
/// learner and goal.
///
/// Errors (kept on the book; messages name fields, never a person's values): `NULL_PARAMETER`,
/// `INPUT_TOO_LARGE`, `INVALID_UTF8`, `INVALID_FACTS` (malformed request, a field missing,
/// unknown or invalid), `NOT_COVERED`, `NO_LAW_IN_FORCE`. Threads: may run concurrently with
/// any function on the same book except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_rulebook_pathways(
    book: *const bildungsnetz_rulebook,
    request_json: *const u8,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live rule book.
    let b = unsafe { book.as_ref() };
    with(b, |b| {
        out_ptr(out_json, "out_json")?;
        limit(len, BILDUNGSNETZ_MAX_FACTS_BYTES, "the request")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let raw = unsafe { bytes(request_json, len, "request_json") }?;
        let text = utf8(raw, "the request")?;
        let json = b.book().pathways_json(text).map_err(|e| rule_failure(&e))?;
        // SAFETY: `out_json` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(json, out_json, out_len, "out_json") }
    })
}
