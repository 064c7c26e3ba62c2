//! Network documents and their validation: `bildungsnetz_network`, `bildungsnetz_validator`,
//! `bildungsnetz_report`.

use std::ffi::{CStr, CString, c_char};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use bn::io::document::{DEFAULT_MAX_BYTES, DocumentError, parse};
use bn::model::Network;
use bn::validate::{Report, Severity, Validator};

use crate::boundary::{
    ErrorSlot, Failure, Handle, bildungsnetz_result, bytes, c_string, free_box, handle, last_error,
    limit, out_ptr, put, put_opt, put_str, read_file, run, text, utf8, with, with_mut,
};

// ---------------------------------------------------------------------------------------------
// Report

/// How serious a problem in a report is.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum bildungsnetz_severity {
    /// The document is usable, but something looks wrong or incomplete.
    Warning = 1,
    /// The document breaks a rule; it must be fixed.
    Error = 2,
}

struct ProblemC {
    code: CString,
    severity: bildungsnetz_severity,
    path: CString,
    message: CString,
    hint: CString,
    /// The German texts, made on first request (most callers read one language).
    message_de: OnceLock<CString>,
    hint_de: OnceLock<CString>,
    line: usize,
    column: usize,
}

/// The problems found in a network document, each with a stable code, a JSON pointer, a message
/// and a hint. Immutable once made: every function on it may run concurrently from any number of
/// threads, except `bildungsnetz_report_free`.
pub struct bildungsnetz_report {
    report: Report,
    problems: Vec<ProblemC>,
    json: OnceLock<CString>,
    errors: ErrorSlot,
}

impl bildungsnetz_report {
    fn new(report: Report) -> bildungsnetz_report {
        let problems = report
            .problems()
            .iter()
            .map(|p| ProblemC {
                code: c_string(p.code.as_str()),
                severity: match p.severity {
                    Severity::Warning => bildungsnetz_severity::Warning,
                    Severity::Error => bildungsnetz_severity::Error,
                },
                path: c_string(&p.path),
                message: c_string(&p.message),
                hint: c_string(p.hint.as_deref().unwrap_or("")),
                message_de: OnceLock::new(),
                hint_de: OnceLock::new(),
                line: p.line.unwrap_or(0),
                column: p.column.unwrap_or(0),
            })
            .collect();
        bildungsnetz_report {
            report,
            problems,
            json: OnceLock::new(),
            errors: ErrorSlot::default(),
        }
    }

    pub(crate) fn boxed(report: Report) -> *mut bildungsnetz_report {
        Box::into_raw(Box::new(bildungsnetz_report::new(report)))
    }

    fn problem(&self, index: usize) -> Result<&ProblemC, Failure> {
        self.problems.get(index).ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::OutOfRange,
                format!(
                    "problem index {index} is out of range: the report has {} problems",
                    self.problems.len()
                ),
            )
        })
    }
}

/// Writes the number of problems in `report` to `*out_len`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same report
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_len(
    report: *const bildungsnetz_report,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report (documented contract).
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        // SAFETY: the caller passes NULL or a writable `size_t`.
        unsafe { put(out_len, r.problems.len(), "out_len") }
    })
}

/// Writes `true` to `*out_ok` when the report has no errors (warnings allowed).
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same report
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_is_ok(
    report: *const bildungsnetz_report,
    out_ok: *mut bool,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report (documented contract).
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        // SAFETY: the caller passes NULL or a writable `bool`.
        unsafe { put(out_ok, r.report.is_ok(), "out_ok") }
    })
}

/// Gives the stable code (e.g. `"duplicate_id"`) of problem `index` (0-based) of `report`: a NUL-terminated UTF-8 string in
/// `*out` and, if `out_len` is not NULL, its length without the NUL.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_code(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe { problem_str(report, index, out, out_len, |p| &p.code) }
}
/// Gives the place, a JSON pointer into the document (`""` for the whole document), of problem `index` (0-based) of `report`: a NUL-terminated UTF-8 string in
/// `*out` and, if `out_len` is not NULL, its length without the NUL.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_path(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe { problem_str(report, index, out, out_len, |p| &p.path) }
}
/// Gives the message (English) of problem `index` (0-based) of `report`: a NUL-terminated UTF-8 string in
/// `*out` and, if `out_len` is not NULL, its length without the NUL.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_message(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe { problem_str(report, index, out, out_len, |p| &p.message) }
}
/// Gives the hint on how to fix it (`""` when there is none) of problem `index` (0-based) of `report`: a NUL-terminated UTF-8 string in
/// `*out` and, if `out_len` is not NULL, its length without the NUL.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_hint(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe { problem_str(report, index, out, out_len, |p| &p.hint) }
}

/// Gives the message in German of problem `index` (0-based) of `report` (e.g. `"Der Verweis
/// nennt kein Objekt der erwarteten Art in diesem Dokument: „k-achen“."`): the code's German
/// sentence followed by the document's values that the English message quotes. A
/// NUL-terminated UTF-8 string in `*out` and, if `out_len` is not NULL, its length without the
/// NUL. On failure `*out` and `*out_len` are left untouched.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_message_de(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe {
        problem_de(
            report,
            index,
            out,
            out_len,
            |c| &c.message_de,
            |p| p.message_de(),
        )
    }
}
/// Gives the hint in German on how to fix problem `index` (0-based) of `report`: the
/// suggestion the English hint makes (`"Meinten Sie „k-aachen“?"`), else the code's general
/// German hint — never empty, unlike the English hint. A NUL-terminated UTF-8 string in `*out`
/// and, if `out_len` is not NULL, its length without the NUL. On failure `*out` and `*out_len`
/// are left untouched.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE` (index ≥ length). Threads: may run concurrently with
/// any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_hint_de(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report and NULL or writable out-parameters.
    unsafe { problem_de(report, index, out, out_len, |c| &c.hint_de, |p| p.hint_de()) }
}

/// The body of the German accessors: the text is made from the core problem on first request
/// and kept on the report (a `OnceLock`, so concurrent first requests are safe).
///
/// # Safety
/// `report` is NULL or live; `out` and `out_len` are NULL or writable.
unsafe fn problem_de(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
    slot: impl FnOnce(&ProblemC) -> &OnceLock<CString>,
    make: impl FnOnce(&bn::validate::Problem) -> String,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report.
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        out_ptr(out, "out")?;
        let c = r.problem(index)?;
        let core = r.report.problems().get(index).ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::Internal,
                "the report's problems are out of step",
            )
        })?;
        let text = slot(c).get_or_init(|| c_string(&make(core)));
        // SAFETY: `out` is non-NULL (checked); both are writable by the caller's contract.
        unsafe { put_str(text, out, out_len, "out") }
    })
}

/// The body of the `bildungsnetz_report_problem_<field>` string accessors.
///
/// # Safety
/// `report` is NULL or live; `out` and `out_len` are NULL or writable.
unsafe fn problem_str(
    report: *const bildungsnetz_report,
    index: usize,
    out: *mut *const c_char,
    out_len: *mut usize,
    field: impl FnOnce(&ProblemC) -> &CStr,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report.
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        let p = r.problem(index)?;
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(field(p), out, out_len, "out") }
    })
}

/// Writes the severity of problem `index` (0-based) to `*out_severity`.
///
/// Errors: `NULL_PARAMETER`, `OUT_OF_RANGE`. Threads: may run concurrently with any function on
/// the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_severity(
    report: *const bildungsnetz_report,
    index: usize,
    out_severity: *mut bildungsnetz_severity,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report (documented contract).
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        let p = r.problem(index)?;
        // SAFETY: the caller passes NULL or a writable `bildungsnetz_severity`.
        unsafe { put(out_severity, p.severity, "out_severity") }
    })
}

/// Writes the line and column (1-based) in the source text of problem `index`, or 0 and 0
/// where the position is not known (only syntax errors carry one). Either out-parameter may be
/// NULL.
///
/// Errors: `NULL_PARAMETER` (report), `OUT_OF_RANGE`. Threads: may run concurrently with any
/// function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_problem_position(
    report: *const bildungsnetz_report,
    index: usize,
    out_line: *mut usize,
    out_column: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report (documented contract).
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        let p = r.problem(index)?;
        // SAFETY: the caller passes NULL or writable `size_t`s.
        unsafe {
            put_opt(out_line, p.line);
            put_opt(out_column, p.column);
        }
        Ok(())
    })
}

/// Gives the whole report as JSON, `{"ok": bool, "problems": [...]}` (the same text as the Rust
/// `Report::to_json`), NUL-terminated in `*out`, its length without the NUL in `*out_len` if
/// `out_len` is not NULL.
///
/// Ownership: borrowed from the report, valid until `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same report
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_json(
    report: *const bildungsnetz_report,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live report (documented contract).
    let r = unsafe { report.as_ref() };
    with(r, |r| {
        let json = r.json.get_or_init(|| c_string(&r.report.to_json()));
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(json, out, out_len, "out") }
    })
}

/// Copies the message of the last failure on this report in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same report except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_last_error(
    report: *const bildungsnetz_report,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(report, buf, buf_len, out_len) }
}

/// Frees a report. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the report during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_report_free(report: *mut bildungsnetz_report) {
    // SAFETY: the caller passes NULL or a report from this library that it gives up.
    unsafe { free_box(report) }
}

// ---------------------------------------------------------------------------------------------
// Network

struct Loaded {
    network: Network,
    id: CString,
    name: CString,
    land: CString,
    json: OnceLock<CString>,
}

/// A network document. Made empty by `bildungsnetz_network_new`, then loaded once from bytes
/// or a file; once loaded it is read-only and may be shared between threads.
pub struct bildungsnetz_network {
    loaded: OnceLock<Loaded>,
    max_bytes: AtomicUsize,
    errors: ErrorSlot,
}

impl bildungsnetz_network {
    pub(crate) fn network(&self) -> Result<&Network, Failure> {
        self.loaded().map(|l| &l.network)
    }

    fn loaded(&self) -> Result<&Loaded, Failure> {
        self.loaded.get().ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::WrongState,
                "the network is not loaded: call bildungsnetz_network_load_bytes or _load_path first",
            )
        })
    }

    fn load(&self, bytes: &[u8], report_out: *mut *mut bildungsnetz_report) -> Result<(), Failure> {
        if self.loaded.get().is_some() {
            return Err(already_loaded());
        }
        let max = self.max_bytes.load(Ordering::Relaxed);
        limit(bytes.len(), max, "the network document")?;
        utf8(bytes, "the network document")?;
        match parse::<Network>(bytes, max) {
            Ok(network) => {
                let loaded = Loaded {
                    id: c_string(&network.id),
                    name: c_string(&network.name),
                    land: c_string(network.land.code()),
                    network,
                    json: OnceLock::new(),
                };
                self.loaded.set(loaded).map_err(|_| already_loaded())
            }
            Err(DocumentError::Invalid(report)) => {
                let status = if report.has(bn::validate::Code::JsonSyntax) {
                    bildungsnetz_result::MalformedJson
                } else {
                    bildungsnetz_result::InvalidDocument
                };
                let message = summary(&report);
                if !report_out.is_null() {
                    // SAFETY: the caller passes NULL or a writable `bildungsnetz_report *`;
                    // boxed only when wanted, so that nothing leaks.
                    unsafe { put_opt(report_out, bildungsnetz_report::boxed(report)) };
                }
                Err(Failure::new(status, message))
            }
            Err(other) => Err(Failure::new(
                bildungsnetz_result::Internal,
                other.to_string(),
            )),
        }
    }
}

fn already_loaded() -> Failure {
    Failure::new(
        bildungsnetz_result::WrongState,
        "the network is loaded already: a network handle is loaded once",
    )
}

/// A one-line account of a report for a last-error message.
fn summary(report: &Report) -> String {
    let n = report.problems().len();
    match report.problems().first() {
        Some(first) if n == 1 => format!("invalid document: {first}"),
        Some(first) => format!("invalid document: {n} problems; first: {first}"),
        None => "invalid document".to_string(),
    }
}

/// Creates an empty network handle in `*out`. Load it with `bildungsnetz_network_load_bytes` or
/// `bildungsnetz_network_load_path`.
///
/// Ownership: the caller owns the handle and frees it with `bildungsnetz_network_free`.
/// Errors: `NULL_PARAMETER`. Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_new(
    out: *mut *mut bildungsnetz_network,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        let network = Box::new(bildungsnetz_network {
            loaded: OnceLock::new(),
            max_bytes: AtomicUsize::new(DEFAULT_MAX_BYTES),
            errors: ErrorSlot::default(),
        });
        // SAFETY: `out` is non-NULL (checked) and writable by the caller's contract.
        unsafe { put(out, Box::into_raw(network), "out") }
    })
}

/// Sets the largest document, in bytes, that the load functions accept (default 256 MiB).
///
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (already loaded). Threads: may run concurrently with
/// any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_set_max_bytes(
    network: *const bildungsnetz_network,
    max_bytes: usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network (documented contract).
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        if n.loaded.get().is_some() {
            return Err(already_loaded());
        }
        n.max_bytes.store(max_bytes, Ordering::Relaxed);
        Ok(())
    })
}

/// Loads the network from a JSON document in memory (`bytes`, `len`; UTF-8). The bytes are
/// copied as needed; the caller keeps them.
///
/// When the document is invalid and `report_out` is not NULL, `*report_out` receives a report
/// of all its problems (owned by the caller, free with `bildungsnetz_report_free`); this is the
/// only failure that writes an output. For the domain rules (dangling references, Schulform keys
/// and so on) use `bildungsnetz_validator_validate` after loading.
///
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (loaded already), `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `MALFORMED_JSON` (not JSON; report written), `INVALID_DOCUMENT` (wrong schema_version or
/// structure; report written). Threads: may run concurrently with any function on the same
/// network except `_free`; of concurrent loads one wins and the others get `WRONG_STATE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_load_bytes(
    network: *const bildungsnetz_network,
    bytes_ptr: *const u8,
    len: usize,
    report_out: *mut *mut bildungsnetz_report,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network (documented contract).
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let input = unsafe { bytes(bytes_ptr, len, "bytes") }?;
        n.load(input, report_out)
    })
}

/// Loads the network from a JSON file. `path` (`path_len` bytes, UTF-8, no NUL needed) names the
/// file; it is read as a stream and refused once it has more than the network's
/// `max_bytes` (a FIFO or a device such as `/dev/zero` too). Otherwise as
/// `bildungsnetz_network_load_bytes`.
///
/// Errors: as `bildungsnetz_network_load_bytes`, and `IO` (the file cannot be read; the message
/// says why), `INVALID_UTF8` (for the path as well as the contents). Threads: as
/// `bildungsnetz_network_load_bytes`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_load_path(
    network: *const bildungsnetz_network,
    path: *const c_char,
    path_len: usize,
    report_out: *mut *mut bildungsnetz_report,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network (documented contract).
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        // SAFETY: the caller passes `path_len` readable bytes (or NULL with 0).
        let path = unsafe { text(path, path_len, "path") }?;
        if n.loaded.get().is_some() {
            return Err(already_loaded());
        }
        let max = n.max_bytes.load(Ordering::Relaxed);
        let contents = read_file(path, max, "the network document")?;
        n.load(&contents, report_out)
    })
}

/// Writes `true` to `*out_loaded` when the network has been loaded.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with any function on the same network
/// except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_is_loaded(
    network: *const bildungsnetz_network,
    out_loaded: *mut bool,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network (documented contract).
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        // SAFETY: the caller passes NULL or a writable `bool`.
        unsafe { put(out_loaded, n.loaded.get().is_some(), "out_loaded") }
    })
}

/// Gives the id of a loaded network: NUL-terminated UTF-8 in `*out`, its length without the
/// NUL in `*out_len` if `out_len` is not NULL.
///
/// Ownership: borrowed from the network, valid until `bildungsnetz_network_free`.
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (not loaded). Threads: may run concurrently with any
/// function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_id(
    network: *const bildungsnetz_network,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network and NULL or writable out-parameters.
    unsafe { network_str(network, out, out_len, |l| &l.id) }
}
/// Gives the name of a loaded network: NUL-terminated UTF-8 in `*out`, its length without the
/// NUL in `*out_len` if `out_len` is not NULL.
///
/// Ownership: borrowed from the network, valid until `bildungsnetz_network_free`.
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (not loaded). Threads: may run concurrently with any
/// function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_name(
    network: *const bildungsnetz_network,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network and NULL or writable out-parameters.
    unsafe { network_str(network, out, out_len, |l| &l.name) }
}
/// Gives the Land (two-letter code, e.g. `"NW"`) of a loaded network: NUL-terminated UTF-8 in `*out`, its length without the
/// NUL in `*out_len` if `out_len` is not NULL.
///
/// Ownership: borrowed from the network, valid until `bildungsnetz_network_free`.
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (not loaded). Threads: may run concurrently with any
/// function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_land(
    network: *const bildungsnetz_network,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network and NULL or writable out-parameters.
    unsafe { network_str(network, out, out_len, |l| &l.land) }
}

/// The body of the `bildungsnetz_network_<field>` string accessors.
///
/// # Safety
/// `network` is NULL or live; `out` and `out_len` are NULL or writable.
unsafe fn network_str(
    network: *const bildungsnetz_network,
    out: *mut *const c_char,
    out_len: *mut usize,
    field: impl FnOnce(&Loaded) -> &CStr,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network.
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        let l = n.loaded()?;
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(field(l), out, out_len, "out") }
    })
}

/// Gives the loaded network as a pretty-printed JSON document (the same text as the Rust
/// `Network::to_json_pretty`). Otherwise as `bildungsnetz_network_id`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_json(
    network: *const bildungsnetz_network,
    out: *mut *const c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network (documented contract).
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        let l = n.loaded()?;
        let json = l.json.get_or_init(|| c_string(&l.network.to_json_pretty()));
        // SAFETY: the caller passes NULL or writable out-parameters.
        unsafe { put_str(json, out, out_len, "out") }
    })
}

/// Copies the message of the last failure on this network in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_last_error(
    network: *const bildungsnetz_network,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(network, buf, buf_len, out_len) }
}

/// Frees a network. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the network during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_free(network: *mut bildungsnetz_network) {
    // SAFETY: the caller passes NULL or a network from this library that it gives up.
    unsafe { free_box(network) }
}

// ---------------------------------------------------------------------------------------------
// Validator

/// Checks network documents against the rules of the domain, with the official code lists
/// embedded in the library. Configure it first (the `_set_` functions), then share it: checking
/// is read-only.
pub struct bildungsnetz_validator {
    validator: Validator,
    max_bytes: usize,
    errors: ErrorSlot,
}

/// Creates a validator in `*out`.
///
/// Ownership: the caller owns it and frees it with `bildungsnetz_validator_free`.
/// Errors: `NULL_PARAMETER`, `INTERNAL` (the embedded code lists do not load: a build defect).
/// Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_new(
    out: *mut *mut bildungsnetz_validator,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        let validator = Validator::new()
            .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))?;
        let v = Box::new(bildungsnetz_validator {
            validator,
            max_bytes: DEFAULT_MAX_BYTES,
            errors: ErrorSlot::default(),
        });
        // SAFETY: `out` is non-NULL (checked) and writable by the caller's contract.
        unsafe { put(out, Box::into_raw(v), "out") }
    })
}

/// Checks Schulform keys against the school year that starts on 1 August of `start_year` (e.g.
/// 2021 for "2021/22") instead of flagging every key whose validity has ended at some time.
///
/// Errors: `NULL_PARAMETER`, `INVALID_ARGUMENT` (a year outside the calendar's range).
/// Threads: must not run concurrently with any other function on the same validator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_set_school_year(
    validator: *mut bildungsnetz_validator,
    start_year: i32,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live validator it does not use elsewhere now.
    let v = unsafe { validator.as_mut() };
    with_mut(v, |v| {
        let year = bn::calendar::SchoolYear::starting(start_year)
            .map_err(|e| Failure::new(bildungsnetz_result::InvalidArgument, e.to_string()))?;
        v.validator = v.validator.clone().in_school_year(year);
        Ok(())
    })
}

/// Sets the largest document, in bytes, that `bildungsnetz_validator_check_bytes` accepts
/// (default 256 MiB).
///
/// Errors: `NULL_PARAMETER`. Threads: must not run concurrently with any other function on the
/// same validator.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_set_max_bytes(
    validator: *mut bildungsnetz_validator,
    max_bytes: usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live validator it does not use elsewhere now.
    let v = unsafe { validator.as_mut() };
    with_mut(v, |v| {
        v.max_bytes = max_bytes;
        v.validator = v.validator.clone().with_max_bytes(max_bytes);
        Ok(())
    })
}

/// Reads and validates a network document in one go — syntax, structure and the domain's
/// rules — and writes the report of all problems to `*report_out`. A document with problems is
/// a success of this function: look at the report (`bildungsnetz_report_is_ok`).
///
/// Ownership: the caller owns the report; free it with `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `INPUT_TOO_LARGE` (over the validator's limit; no report),
/// `INVALID_UTF8` (no report). Threads: may run concurrently with any function on the same
/// validator except the `_set_` functions and `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_check_bytes(
    validator: *const bildungsnetz_validator,
    bytes_ptr: *const u8,
    len: usize,
    report_out: *mut *mut bildungsnetz_report,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live validator (documented contract).
    let v = unsafe { validator.as_ref() };
    with(v, |v| {
        out_ptr(report_out, "report_out")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let input = unsafe { bytes(bytes_ptr, len, "bytes") }?;
        limit(input.len(), v.max_bytes, "the network document")?;
        utf8(input, "the network document")?;
        let report = v.validator.check(input);
        // SAFETY: `report_out` is non-NULL (checked) and writable.
        unsafe { put(report_out, bildungsnetz_report::boxed(report), "report_out") }
    })
}

/// Validates a loaded network against the domain's rules and writes the report to
/// `*report_out`. Failures are kept on the validator (`bildungsnetz_validator_last_error`).
///
/// Ownership: the caller owns the report; free it with `bildungsnetz_report_free`.
/// Errors: `NULL_PARAMETER`, `WRONG_STATE` (the network is not loaded). Threads: may run
/// concurrently with any function on the same validator except the `_set_` functions and
/// `_free`, and with any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_validate(
    validator: *const bildungsnetz_validator,
    network: *const bildungsnetz_network,
    report_out: *mut *mut bildungsnetz_report,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live validator (documented contract).
    let v = unsafe { validator.as_ref() };
    with(v, |v| {
        out_ptr(report_out, "report_out")?;
        // SAFETY: the caller passes NULL or a live network.
        let n = unsafe { handle(network, "network") }?;
        let report = v.validator.validate(n.network()?);
        // SAFETY: `report_out` is non-NULL (checked) and writable.
        unsafe { put(report_out, bildungsnetz_report::boxed(report), "report_out") }
    })
}

/// Copies the message of the last failure on this validator in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. A failure of this function
/// itself does not replace the message. `buf` may be NULL with `buf_len` 0 to ask for the length
/// only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`
/// (the longest prefix that fits and ends on a character boundary was written). Threads: may run
/// concurrently with any function on the same validator except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_last_error(
    validator: *const bildungsnetz_validator,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(validator, buf, buf_len, out_len) }
}

/// Frees a validator. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the validator during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_validator_free(validator: *mut bildungsnetz_validator) {
    // SAFETY: the caller passes NULL or a validator from this library that it gives up.
    unsafe { free_box(validator) }
}

impl Handle for bildungsnetz_report {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

impl Handle for bildungsnetz_network {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

impl Handle for bildungsnetz_validator {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}
