//! One vocabulary (`bn::vocabulary`): the canonical code for a spelling, the codes of a kind,
//! the German name of a code.

use std::ffi::c_char;

use bn::vocabulary::{self, CodeKind};

use crate::boundary::{Failure, bildungsnetz_result, limit, out_ptr, put_owned, run, text};
use crate::catalogue::BILDUNGSNETZ_MAX_CODE_BYTES;

fn kind_of(kind: &str) -> Result<CodeKind, Failure> {
    CodeKind::from_name(kind)
        .ok_or_else(|| Failure::new(bildungsnetz_result::InvalidArgument, "unknown kind of code"))
}

/// Gives the canonical code of a spelling. `kind` (`kind_len` bytes, UTF-8) is one of
/// `"qualification"` (the SVWS key: `"EESA"` → `"HA10"`, `"FOR-Q"` → `"MSA_Q"`), `"schulform"`
/// (the NRW statistics key: `"Gymnasium"`, `"GY"` → `"20"`), `"bildungsgang"` (`"b06"` →
/// `"B06"`), `"kommune"` (the 8-digit AGS: `"k-05334012"` or a 12-digit ARS → `"05334012"`) or
/// `"land"` (`"NRW"`, `"nw"`, `"Nordrhein-Westfalen"` → `"NW"`); `spelling` (`spelling_len`
/// bytes, UTF-8) is what was written.
///
/// On success `*out` receives the code, NUL-terminated UTF-8, and `*out_len` (may be NULL) its
/// length without the NUL. On failure `*out` and `*out_len` are left untouched.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors (there is no handle, so no message is kept; `bildungsnetz_codes` lists the accepted
/// codes): `NULL_PARAMETER` (`out` NULL, or `kind` or `spelling` NULL with a length > 0),
/// `INVALID_UTF8`, `INPUT_TOO_LARGE` (`spelling` longer than `BILDUNGSNETZ_MAX_CODE_BYTES`),
/// `INVALID_ARGUMENT` (a kind not listed above), `UNKNOWN_CODE` (the kind has no such
/// spelling). Threads: may be called from any thread at any time; it reads only constant data.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_canonical_code(
    kind: *const c_char,
    kind_len: usize,
    spelling: *const c_char,
    spelling_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes `kind_len` readable bytes (or NULL with 0).
        let kind = kind_of(unsafe { text(kind, kind_len, "kind") }?)?;
        limit(spelling_len, BILDUNGSNETZ_MAX_CODE_BYTES, "spelling")?;
        // SAFETY: the caller passes `spelling_len` readable bytes (or NULL with 0).
        let spelling = unsafe { text(spelling, spelling_len, "spelling") }?;
        let code = vocabulary::canonical(kind, spelling)
            .map_err(|e| Failure::new(bildungsnetz_result::UnknownCode, e.message()))?;
        // SAFETY: `out` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(code, out, out_len, "out") }
    })
}

/// Gives every canonical code of a kind (see `bildungsnetz_canonical_code`), in catalogue
/// order, as a JSON array of strings (`["SH","HH",…]`). Kommunen are an open set (every AGS):
/// their array is empty.
///
/// On success `*out` receives the JSON, NUL-terminated UTF-8, and `*out_len` (may be NULL) its
/// length without the NUL. On failure `*out` and `*out_len` are left untouched.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors: `NULL_PARAMETER` (`out` NULL, or `kind` NULL with `kind_len` > 0), `INVALID_UTF8`,
/// `INVALID_ARGUMENT` (an unknown kind). Threads: may be called from any thread at any time; it
/// reads only constant data.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_codes(
    kind: *const c_char,
    kind_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes `kind_len` readable bytes (or NULL with 0).
        let kind = kind_of(unsafe { text(kind, kind_len, "kind") }?)?;
        let json = serde_json::to_string(&vocabulary::codes(kind))
            .map_err(|_| Failure::new(bildungsnetz_result::Internal, "codes not serialisable"))?;
        // SAFETY: `out` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(json, out, out_len, "out") }
    })
}

/// Gives the German name of a canonical code of a kind (see `bildungsnetz_canonical_code`):
/// `"20"` of `"schulform"` → `"Gymnasium"`, `"HA10"` of `"qualification"` → `"Erweiterter
/// Erster Schulabschluss"`. A Kommune has no name here (it is the network document's).
///
/// On success `*out` receives the name, NUL-terminated UTF-8, and `*out_len` (may be NULL) its
/// length without the NUL. On failure `*out` and `*out_len` are left untouched.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors: `NULL_PARAMETER` (`out` NULL, or `kind` or `code` NULL with a length > 0),
/// `INVALID_UTF8`, `INPUT_TOO_LARGE` (`code` longer than `BILDUNGSNETZ_MAX_CODE_BYTES`),
/// `INVALID_ARGUMENT` (an unknown kind), `UNKNOWN_CODE` (the kind has no such code — pass the
/// canonical code, not another spelling). Threads: may be called from any thread at any time;
/// it reads only constant data.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_code_name_de(
    kind: *const c_char,
    kind_len: usize,
    code: *const c_char,
    code_len: usize,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes `kind_len` readable bytes (or NULL with 0).
        let kind = kind_of(unsafe { text(kind, kind_len, "kind") }?)?;
        limit(code_len, BILDUNGSNETZ_MAX_CODE_BYTES, "code")?;
        // SAFETY: the caller passes `code_len` readable bytes (or NULL with 0).
        let code = unsafe { text(code, code_len, "code") }?;
        let name = vocabulary::name_de(kind, code).ok_or_else(|| {
            Failure::new(bildungsnetz_result::UnknownCode, "no German name for code")
        })?;
        // SAFETY: `out` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(name.to_owned(), out, out_len, "out") }
    })
}
