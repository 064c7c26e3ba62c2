//! What every export shares: the status enum, the panic boundary, per-handle error messages and
//! the checked reading of C inputs and writing of C outputs.

use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;

/// The status every fallible function returns. Values are fixed: a value once published is
/// never given another meaning, and new statuses get new values.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum bildungsnetz_result {
    /// Success.
    Ok = 0,
    /// A pointer that must not be NULL was NULL (a handle, an out-parameter, or an input
    /// pointer with a length greater than 0).
    NullParameter = 1,
    /// A text input is not valid UTF-8.
    InvalidUtf8 = 2,
    /// An input is larger than the limit for it.
    InputTooLarge = 3,
    /// A JSON input is not well-formed JSON.
    MalformedJson = 4,
    /// A document was read but is not a valid document; a report says what is wrong.
    InvalidDocument = 5,
    /// A file could not be read.
    Io = 6,
    /// A caller buffer is too small; the length needed was reported.
    BufferTooSmall = 7,
    /// An index is out of range.
    OutOfRange = 8,
    /// The handle is not in a state that allows the call (e.g. a network not loaded yet, or
    /// loaded already).
    WrongState = 9,
    /// A bug in the library: a panic was caught at the boundary. The handle stays usable.
    Panic = 10,
    /// A bug in the library or its embedded data (e.g. an embedded code list does not load).
    Internal = 11,
    /// An argument is outside its domain (e.g. a date that does not exist, lengths that do not
    /// match).
    InvalidArgument = 12,
    /// A law file (an override set) is malformed.
    InvalidLaw = 13,
    /// No version of a rule the question needs is in force on a date it needs.
    NoLawInForce = 14,
    /// The transition has no rule pack for the learner's Land.
    NotCovered = 15,
    /// A transition id that does not exist.
    UnknownTransition = 16,
    /// A Land code the rules do not know (they know `NW` and `RP`).
    UnknownLand = 17,
    /// A date the question needs lies outside the calendar's range (years 1800–2200).
    DateOutOfRange = 18,
    /// Learner facts are not an object of known fields with valid values; the message names the
    /// field (never its value).
    InvalidFacts = 19,
    /// A conformance case file is malformed.
    InvalidCaseFile = 20,
    /// A referral request names a Kommune that is not part of the network: refer to the
    /// responsible network instead.
    KommuneOutsideNetwork = 21,
    /// An event's places and waiting-list places are all taken.
    EventFull = 22,
    /// The participant is already registered (or waiting) for the event.
    AlreadyRegistered = 23,
    /// The participant is neither registered nor waiting for the event.
    NotRegistered = 24,
    /// An id (programme, event) that the network does not have.
    UnknownId = 25,
    /// A code that the catalogue of German names does not have for its kind.
    UnknownCode = 26,
}

/// Every status, in value order.
const ALL_RESULTS: [bildungsnetz_result; 27] = [
    bildungsnetz_result::Ok,
    bildungsnetz_result::NullParameter,
    bildungsnetz_result::InvalidUtf8,
    bildungsnetz_result::InputTooLarge,
    bildungsnetz_result::MalformedJson,
    bildungsnetz_result::InvalidDocument,
    bildungsnetz_result::Io,
    bildungsnetz_result::BufferTooSmall,
    bildungsnetz_result::OutOfRange,
    bildungsnetz_result::WrongState,
    bildungsnetz_result::Panic,
    bildungsnetz_result::Internal,
    bildungsnetz_result::InvalidArgument,
    bildungsnetz_result::InvalidLaw,
    bildungsnetz_result::NoLawInForce,
    bildungsnetz_result::NotCovered,
    bildungsnetz_result::UnknownTransition,
    bildungsnetz_result::UnknownLand,
    bildungsnetz_result::DateOutOfRange,
    bildungsnetz_result::InvalidFacts,
    bildungsnetz_result::InvalidCaseFile,
    bildungsnetz_result::KommuneOutsideNetwork,
    bildungsnetz_result::EventFull,
    bildungsnetz_result::AlreadyRegistered,
    bildungsnetz_result::NotRegistered,
    bildungsnetz_result::UnknownId,
    bildungsnetz_result::UnknownCode,
];

impl bildungsnetz_result {
    /// The name as it appears in the C header, NUL-terminated.
    pub(crate) fn name(self) -> &'static CStr {
        match self {
            bildungsnetz_result::Ok => c"BILDUNGSNETZ_RESULT_OK",
            bildungsnetz_result::NullParameter => c"BILDUNGSNETZ_RESULT_NULL_PARAMETER",
            bildungsnetz_result::InvalidUtf8 => c"BILDUNGSNETZ_RESULT_INVALID_UTF8",
            bildungsnetz_result::InputTooLarge => c"BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE",
            bildungsnetz_result::MalformedJson => c"BILDUNGSNETZ_RESULT_MALFORMED_JSON",
            bildungsnetz_result::InvalidDocument => c"BILDUNGSNETZ_RESULT_INVALID_DOCUMENT",
            bildungsnetz_result::Io => c"BILDUNGSNETZ_RESULT_IO",
            bildungsnetz_result::BufferTooSmall => c"BILDUNGSNETZ_RESULT_BUFFER_TOO_SMALL",
            bildungsnetz_result::OutOfRange => c"BILDUNGSNETZ_RESULT_OUT_OF_RANGE",
            bildungsnetz_result::WrongState => c"BILDUNGSNETZ_RESULT_WRONG_STATE",
            bildungsnetz_result::Panic => c"BILDUNGSNETZ_RESULT_PANIC",
            bildungsnetz_result::Internal => c"BILDUNGSNETZ_RESULT_INTERNAL",
            bildungsnetz_result::InvalidArgument => c"BILDUNGSNETZ_RESULT_INVALID_ARGUMENT",
            bildungsnetz_result::InvalidLaw => c"BILDUNGSNETZ_RESULT_INVALID_LAW",
            bildungsnetz_result::NoLawInForce => c"BILDUNGSNETZ_RESULT_NO_LAW_IN_FORCE",
            bildungsnetz_result::NotCovered => c"BILDUNGSNETZ_RESULT_NOT_COVERED",
            bildungsnetz_result::UnknownTransition => c"BILDUNGSNETZ_RESULT_UNKNOWN_TRANSITION",
            bildungsnetz_result::UnknownLand => c"BILDUNGSNETZ_RESULT_UNKNOWN_LAND",
            bildungsnetz_result::DateOutOfRange => c"BILDUNGSNETZ_RESULT_DATE_OUT_OF_RANGE",
            bildungsnetz_result::InvalidFacts => c"BILDUNGSNETZ_RESULT_INVALID_FACTS",
            bildungsnetz_result::InvalidCaseFile => c"BILDUNGSNETZ_RESULT_INVALID_CASE_FILE",
            bildungsnetz_result::KommuneOutsideNetwork => {
                c"BILDUNGSNETZ_RESULT_KOMMUNE_OUTSIDE_NETWORK"
            }
            bildungsnetz_result::EventFull => c"BILDUNGSNETZ_RESULT_EVENT_FULL",
            bildungsnetz_result::AlreadyRegistered => c"BILDUNGSNETZ_RESULT_ALREADY_REGISTERED",
            bildungsnetz_result::NotRegistered => c"BILDUNGSNETZ_RESULT_NOT_REGISTERED",
            bildungsnetz_result::UnknownId => c"BILDUNGSNETZ_RESULT_UNKNOWN_ID",
            bildungsnetz_result::UnknownCode => c"BILDUNGSNETZ_RESULT_UNKNOWN_CODE",
        }
    }
}

/// The version of the library, e.g. `"0.1.0"`: a static NUL-terminated string, never NULL.
///
/// Ownership: static, do not free. Threads: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn bildungsnetz_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"unknown",
        };
    guard_or(c"unknown".as_ptr(), || VERSION.as_ptr())
}

/// The name of a status value as written in this header (e.g.
/// `"BILDUNGSNETZ_RESULT_NULL_PARAMETER"`), or `"BILDUNGSNETZ_RESULT_UNKNOWN"` for a value this
/// version does not know. Never NULL.
///
/// Ownership: static, do not free. Threads: may be called from any thread at any time.
#[unsafe(no_mangle)]
pub extern "C" fn bildungsnetz_result_name(result: u32) -> *const c_char {
    let unknown = c"BILDUNGSNETZ_RESULT_UNKNOWN";
    guard_or(unknown.as_ptr(), || {
        let known = ALL_RESULTS
            .iter()
            .find(|r| **r as u32 == result)
            .map(|r| r.name());
        known.unwrap_or(unknown).as_ptr()
    })
}

/// A failure inside an export: a status and a message for the handle's last error.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) status: bildungsnetz_result,
    pub(crate) message: String,
}

impl Failure {
    pub(crate) fn new(status: bildungsnetz_result, message: impl Into<String>) -> Failure {
        Failure {
            status,
            message: message.into(),
        }
    }
}

pub(crate) type Outcome = Result<(), Failure>;

/// Runs `f`, turning a panic into [`bildungsnetz_result::Panic`]. Every export goes through
/// here (or through [`guard_or`]).
pub(crate) fn guard(f: impl FnOnce() -> bildungsnetz_result) -> bildungsnetz_result {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(bildungsnetz_result::Panic)
}

/// Like [`guard`] for exports that return a value rather than a status: `fallback` on panic.
pub(crate) fn guard_or<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// Runs the body of an export that has no handle to keep a message on.
pub(crate) fn run(f: impl FnOnce() -> Outcome) -> bildungsnetz_result {
    guard(|| match f() {
        Ok(()) => bildungsnetz_result::Ok,
        Err(failure) => failure.status,
    })
}

/// Messages of the last failure on one handle, one per thread that failed on it (bounded).
#[derive(Default)]
pub(crate) struct ErrorSlot {
    entries: Mutex<Vec<(usize, String)>>,
}

/// How many threads' messages a handle keeps; the oldest is dropped beyond that.
const MAX_THREADS_REMEMBERED: usize = 64;

/// A key for the calling thread that costs no allocation: the address of a thread-local.
fn thread_key() -> usize {
    thread_local! {
        static KEY: u8 = const { 0 };
    }
    KEY.with(|k| std::ptr::from_ref(k) as usize)
}

impl ErrorSlot {
    fn set(&self, message: String) {
        let key = thread_key();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|(k, _)| *k != key);
        if entries.len() >= MAX_THREADS_REMEMBERED {
            entries.remove(0);
        }
        entries.push((key, message));
    }

    /// The calling thread's last message, or "" when it had no failure on this handle.
    pub(crate) fn get(&self) -> String {
        let key = thread_key();
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    }
}

/// A handle type: it keeps the last failure per thread.
pub(crate) trait Handle {
    fn errors(&self) -> &ErrorSlot;
}

const PANIC_MESSAGE: &str =
    "internal error: the library panicked (a bug; please report it with the input that caused it)";

/// Runs the body of an export on a handle: no handle (NULL) → `NULL_PARAMETER`; a failure or a
/// panic is kept as the calling thread's last error on the handle. The caller turns the C
/// pointer into the reference (`ptr.as_ref()`) under its own safety argument.
pub(crate) fn with<T: Handle>(h: Option<&T>, f: impl FnOnce(&T) -> Outcome) -> bildungsnetz_result {
    let Some(h) = h else {
        return bildungsnetz_result::NullParameter;
    };
    let result = catch_unwind(AssertUnwindSafe(|| f(h)));
    settle(h, result)
}

/// Like [`with`] for functions that change the handle.
pub(crate) fn with_mut<T: Handle>(
    h: Option<&mut T>,
    f: impl FnOnce(&mut T) -> Outcome,
) -> bildungsnetz_result {
    let Some(h) = h else {
        return bildungsnetz_result::NullParameter;
    };
    let result = catch_unwind(AssertUnwindSafe(|| f(&mut *h)));
    settle(&*h, result)
}

fn settle<T: Handle>(h: &T, result: std::thread::Result<Outcome>) -> bildungsnetz_result {
    let (status, message) = match result {
        Ok(Ok(())) => return bildungsnetz_result::Ok,
        Ok(Err(failure)) => (failure.status, failure.message),
        Err(_) => (bildungsnetz_result::Panic, PANIC_MESSAGE.to_string()),
    };
    guard(|| {
        h.errors().set(message);
        bildungsnetz_result::Ok
    });
    status
}

/// Borrows a second handle inside a call on the first. NULL → `NULL_PARAMETER`.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that no one mutates during the call.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Failure> {
    // SAFETY: by this function's contract, a non-NULL `ptr` points to a live `T`.
    unsafe { ptr.as_ref() }.ok_or_else(|| null(what))
}

pub(crate) fn null(what: &str) -> Failure {
    Failure::new(
        bildungsnetz_result::NullParameter,
        format!("{what} is NULL"),
    )
}

/// Reads an input buffer. NULL is allowed when `len` is 0.
///
/// # Safety
/// A non-NULL `ptr` points to `len` readable bytes that stay unchanged during the call.
pub(crate) unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    what: &str,
) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(null(what));
    }
    if len > isize::MAX as usize {
        return Err(Failure::new(
            bildungsnetz_result::InvalidArgument,
            format!("{what}: length {len} is not a valid buffer length"),
        ));
    }
    // SAFETY: `ptr` is non-NULL and, by this function's contract, points to `len` readable
    // bytes; `len` fits in isize as checked above.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Reads the file at `path` (UTF-8, as given by the caller) as a stream, refusing it once it has
/// more than `max` bytes: a FIFO or a device never makes the library allocate more. `what`
/// names the input in the messages.
pub(crate) fn read_file(path: &str, max: usize, what: &str) -> Result<Vec<u8>, Failure> {
    bn::io::read_file_limited(path, max).map_err(|e| match e {
        bn::io::LimitedReadError::TooLarge { limit } => Failure::new(
            bildungsnetz_result::InputTooLarge,
            format!("{what} is larger than the limit; the limit is {limit} bytes"),
        ),
        bn::io::LimitedReadError::Io(e) => {
            Failure::new(bildungsnetz_result::Io, format!("cannot read {path}: {e}"))
        }
        other => Failure::new(
            bildungsnetz_result::Io,
            format!("cannot read {path}: {other}"),
        ),
    })
}

/// Refuses an input longer than `max` bytes.
pub(crate) fn limit(len: usize, max: usize, what: &str) -> Outcome {
    if len > max {
        return Err(Failure::new(
            bildungsnetz_result::InputTooLarge,
            format!("{what} has {len} bytes; the limit is {max}"),
        ));
    }
    Ok(())
}

/// Checks that an input is UTF-8; the error names the input and the offset, never its content.
pub(crate) fn utf8<'a>(raw: &'a [u8], what: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(raw).map_err(|e| {
        Failure::new(
            bildungsnetz_result::InvalidUtf8,
            format!(
                "{what}: not valid UTF-8 (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// Reads a text input: bytes that must be UTF-8.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Result<&'a str, Failure> {
    // SAFETY: forwarded contract.
    let raw = unsafe { bytes(ptr.cast::<u8>(), len, what) }?;
    utf8(raw, what)
}

/// Checks an out-parameter before any work is done, so a NULL one cannot cause a leak.
pub(crate) fn out_ptr<T>(ptr: *mut T, what: &str) -> Outcome {
    if ptr.is_null() {
        return Err(null(what));
    }
    Ok(())
}

/// Writes an out-parameter.
///
/// # Safety
/// A non-NULL `ptr` points to writable, suitably aligned memory for a `T`.
pub(crate) unsafe fn put<T>(ptr: *mut T, value: T, what: &str) -> Outcome {
    out_ptr(ptr, what)?;
    // SAFETY: `ptr` is non-NULL and, by this function's contract, writable and aligned. `write`
    // does not drop the old (possibly uninitialised) contents.
    unsafe { ptr.write(value) };
    Ok(())
}

/// Writes an optional out-parameter: NULL means the caller does not want it.
///
/// # Safety
/// As [`put`].
pub(crate) unsafe fn put_opt<T>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: non-NULL; writable and aligned by this function's contract.
        unsafe { ptr.write(value) };
    }
}

/// Hands out a borrowed string: pointer to its NUL-terminated bytes and, if wanted, its length
/// without the NUL.
///
/// # Safety
/// `out` is NULL or writable; `out_len` is NULL or writable.
pub(crate) unsafe fn put_str(
    s: &CStr,
    out: *mut *const c_char,
    out_len: *mut usize,
    what: &str,
) -> Outcome {
    // SAFETY: forwarded contract.
    unsafe {
        put(out, s.as_ptr(), what)?;
        put_opt(out_len, s.count_bytes());
    }
    Ok(())
}

/// Copies a message into a caller buffer, NUL-terminated. Reports the length needed (without
/// the NUL) in `out_len`. A buffer too small gets the longest prefix that ends on a character
/// boundary and fits, and the status [`bildungsnetz_result::BufferTooSmall`].
///
/// # Safety
/// `buf` is NULL or points to `buf_len` writable bytes; `out_len` is NULL or writable.
pub(crate) unsafe fn copy_out(
    message: &str,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    let message = message.replace('\0', "\\u0000");
    // SAFETY: forwarded contract.
    unsafe { put_opt(out_len, message.len()) };
    if buf.is_null() && buf_len > 0 {
        return bildungsnetz_result::NullParameter;
    }
    if buf.is_null() || buf_len == 0 {
        return bildungsnetz_result::BufferTooSmall;
    }
    let fits = message.len() < buf_len;
    let mut n = message.len().min(buf_len - 1);
    while !message.is_char_boundary(n) {
        n -= 1;
    }
    // SAFETY: `buf` is non-NULL and has `buf_len` writable bytes; `n + 1 <= buf_len` and the
    // source (a Rust string) does not overlap a caller buffer.
    unsafe {
        std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), n);
        buf.add(n).write(0);
    }
    if fits {
        bildungsnetz_result::Ok
    } else {
        bildungsnetz_result::BufferTooSmall
    }
}

/// A string for C: interior NULs (possible in JSON text) are written as `\u0000`.
pub(crate) fn c_string(s: &str) -> CString {
    let cleaned = if s.contains('\0') {
        s.replace('\0', "\\u0000")
    } else {
        s.to_string()
    };
    CString::new(cleaned).unwrap_or_default()
}

/// Frees a boxed handle; NULL is a no-op.
///
/// # Safety
/// `ptr` is NULL or was returned by this library as a `Box<T>` and is not used afterwards.
pub(crate) unsafe fn free_box<T>(ptr: *mut T) {
    if ptr.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: by this function's contract, `ptr` came from `Box::into_raw` and is given up.
        drop(unsafe { Box::from_raw(ptr) });
    }));
}

/// The body of every `<type>_last_error` export.
///
/// # Safety
/// `handle` is NULL or live; `buf` is NULL or has `buf_len` writable bytes; `out_len` is NULL or
/// writable.
pub(crate) unsafe fn last_error<T: Handle>(
    handle: *const T,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    guard(|| {
        // SAFETY: the caller passes NULL or a live handle.
        match unsafe { handle.as_ref() } {
            // SAFETY: buffer contract forwarded from the caller.
            Some(h) => unsafe { copy_out(&h.errors().get(), buf, buf_len, out_len) },
            None => bildungsnetz_result::NullParameter,
        }
    })
}

/// Hands out a library-owned string: NUL-terminated in `*out` (the caller frees it with
/// `bildungsnetz_string_free`), its length without the NUL in `*out_len` if wanted. `out` must
/// have been checked with [`out_ptr`] before any work was done.
///
/// # Safety
/// `out` is non-NULL and writable; `out_len` is NULL or writable.
pub(crate) unsafe fn put_owned(
    text: String,
    out: *mut *mut c_char,
    out_len: *mut usize,
    what: &str,
) -> Outcome {
    let s = c_string_owned(text);
    let len = s.count_bytes();
    // SAFETY: forwarded contract.
    unsafe {
        put(out, s.into_raw(), what)?;
        put_opt(out_len, len);
    }
    Ok(())
}

/// A string for C without a copy when it has no interior NUL.
pub(crate) fn c_string_owned(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| c_string(&String::from_utf8_lossy(&e.into_vec())))
}

/// Frees a string that this library handed out as owned (`char **out` parameters documented
/// "free with `bildungsnetz_string_free`"). NULL is allowed and does nothing.
///
/// Threads: nothing else may use the string during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: by this function's contract, `s` came from `CString::into_raw` in this
        // library and is given up.
        drop(unsafe { CString::from_raw(s) });
    }));
}

/// Reads a JSON input into `T`. Errors name the place (a JSON path such as `subjects[3].grade`)
/// and the kind of problem, never a value: inputs may hold personal data.
/// Well-formed JSON of the wrong shape gets `data_status`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    data_status: bildungsnetz_result,
) -> Result<T, Failure> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value: T = decode(&mut *de, what, data_status)?;
    de.end().map_err(|e| {
        Failure::new(
            bildungsnetz_result::MalformedJson,
            format!(
                "{what}: trailing characters at line {}, column {}",
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(value)
}

/// Deserialises `T` from any serde_json deserializer (text or a parsed `Value`), with the
/// errors of [`from_json`]. A field that `T` does not know is refused at every level of nesting
/// (`data_status`, naming the field's path), also inside types that would ignore it.
pub(crate) fn decode<'de, T, D>(
    de: D,
    what: &str,
    data_status: bildungsnetz_result,
) -> Result<T, Failure>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    bn::io::deserialize_strict(de).map_err(|e| json_failure(e, what, data_status))
}

fn json_failure(
    e: bn::io::StrictError<serde_json::Error>,
    what: &str,
    data_status: bildungsnetz_result,
) -> Failure {
    use serde_json::error::Category;
    let (path, inner) = match e {
        bn::io::StrictError::UnknownField { path, known } => {
            let known = if known.is_empty() {
                String::new()
            } else {
                format!("; known fields: {}", known.join(", "))
            };
            return Failure::new(
                data_status,
                format!("{what}: field {path}: unknown field{known}"),
            );
        }
        bn::io::StrictError::Data { path, error } => (path, error),
    };
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => Failure::new(
            bildungsnetz_result::MalformedJson,
            format!(
                "{what} is not well-formed JSON (line {}, column {})",
                inner.line(),
                inner.column()
            ),
        ),
        Category::Data => Failure::new(
            data_status,
            if path == "." || path.is_empty() {
                format!(
                    "{what}: not of the expected shape (an unknown or missing field, or a value of the wrong type)"
                )
            } else {
                format!("{what}: field {path}: missing, unknown or an invalid value")
            },
        ),
    }
}
