//! # libbildungsnetz — the C ABI of bildungsnetz
//!
//! The whole core of bildungsnetz (network documents, validation, and — as it lands — the
//! eligibility rules) for programs written in C or in any language that calls C (C++, Java via
//! JNA/Panama, C#, PHP FFI). Modelled on rustls-ffi:
//!
//! * **Opaque handles.** Every object the library allocates is reached through a pointer to an
//!   opaque struct and has a `_free` function that accepts NULL.
//! * **Status codes.** Every fallible function returns a [`bildungsnetz_result`]; its values are
//!   fixed and never reused. Results are written through out-parameters only on success (the
//!   exceptions are named on the function).
//! * **Panic boundary.** Every export runs inside `catch_unwind`; a panic becomes
//!   `BILDUNGSNETZ_RESULT_PANIC`, never an unwind into C.
//! * **Inputs.** Text comes in as (pointer, length) and is checked to be UTF-8; a pointer may be
//!   NULL only when its length is 0. Inputs larger than the documented limits are refused with
//!   `BILDUNGSNETZ_RESULT_INPUT_TOO_LARGE`.
//! * **Outputs.** Strings read from an object are borrowed: NUL-terminated UTF-8 owned by the
//!   object and valid until the object is freed. Error messages are copied into a caller buffer,
//!   and the length needed is reported.
//! * **Errors.** `<type>_last_error` gives the message of the last failure on a handle in the
//!   calling thread. Messages never repeat values from learner facts (personal data of children):
//!   they name the field and the record index.
//! * **Threads.** Each function says what may run concurrently with it on the same handle.
//!   Loaded networks, validators, reports and rule books are read-only and may be shared.
//!
//! # Safety (for every exported function)
//!
//! The exports are `unsafe extern "C"` functions: the C caller promises that every pointer is
//! NULL or valid for what the function does with it — a handle made by this library and not yet
//! freed, an input pointer with at least its length in readable bytes that do not change during
//! the call, an out-parameter writable and aligned for its type, a caller buffer with its stated
//! length in writable bytes — and that it keeps the thread-safety rule written on the function.
//! Within those promises no input makes the library crash, leak or write out of bounds.
#![allow(unsafe_code)]
#![allow(non_camel_case_types)]
// The safety contract of all exports is the single one above (and in the header), not repeated
// on each function.
#![allow(clippy::missing_safety_doc)]

mod boundary;
mod calendar;
mod catalogue;
mod document;
mod monitor;
mod office;
mod pathways;
mod rules;
mod sek1;
mod vocabulary;

pub use boundary::{
    bildungsnetz_result, bildungsnetz_result_name, bildungsnetz_string_free, bildungsnetz_version,
};
pub use calendar::*;
pub use catalogue::*;
pub use document::*;
pub use monitor::*;
pub use office::*;
pub use pathways::*;
pub use rules::*;
pub use sek1::*;
pub use vocabulary::*;
