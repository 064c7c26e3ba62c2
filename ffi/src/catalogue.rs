//! The German names of the codes the library prints (`bn::catalogue::german_name`).

use std::ffi::c_char;

use bn::catalogue::{GERMAN_NAME_KINDS, german_name};

use crate::boundary::{Failure, bildungsnetz_result, limit, out_ptr, put_owned, run, text};

/// The longest code `bildungsnetz_german_name` looks up, in bytes; longer codes get
/// `INPUT_TOO_LARGE`. No code of the catalogue comes near it.
pub const BILDUNGSNETZ_MAX_CODE_BYTES: usize = 256;

/// Gives the German name of a code, as a person at the counter reads it: `kind` (`kind_len`
/// bytes, UTF-8) is one of `"transition"` (`"school_entry"` → `"Einschulung (Beginn der
/// Schulpflicht)"`), `"outcome"` (`"eligible"`), `"check_result"` (`"missing_facts"`),
/// `"schulform"` (the rules' names such as `"gymnasium"`, or a key of the official NRW list
/// such as `"20"`), `"abschluss"` (`"MSA_Q"`), `"land"` (`"NW"`), `"severity"` (`"warning"`) or
/// `"fact"` (a learner fact's field, `"birth_date"` → `"Geburtsdatum"`); `code` (`code_len`
/// bytes, UTF-8) is the code as the library writes it.
///
/// On success `*out` receives the name, NUL-terminated UTF-8, and `*out_len` (may be NULL) its
/// length without the NUL. On failure `*out` and `*out_len` are left untouched.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors (there is no handle, so no message is kept): `NULL_PARAMETER` (`out` NULL, or `kind`
/// or `code` NULL with a length > 0), `INVALID_UTF8`, `INPUT_TOO_LARGE` (`code` longer than
/// `BILDUNGSNETZ_MAX_CODE_BYTES`), `INVALID_ARGUMENT` (a kind not listed above),
/// `UNKNOWN_CODE` (the kind has no such code). Threads: may be called from any thread at any
/// time; it reads only constant data.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_german_name(
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
        let kind = unsafe { text(kind, kind_len, "kind") }?;
        limit(code_len, BILDUNGSNETZ_MAX_CODE_BYTES, "code")?;
        // SAFETY: the caller passes `code_len` readable bytes (or NULL with 0).
        let code = unsafe { text(code, code_len, "code") }?;
        if !GERMAN_NAME_KINDS.contains(&kind) {
            return Err(Failure::new(
                bildungsnetz_result::InvalidArgument,
                "unknown kind of code",
            ));
        }
        let name = german_name(kind, code).ok_or_else(|| {
            Failure::new(bildungsnetz_result::UnknownCode, "no German name for code")
        })?;
        // SAFETY: `out` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(name.to_owned(), out, out_len, "out") }
    })
}
