//! Dates as the C API passes them: day numbers (days since 1970-01-01, like Arrow's `date32`),
//! with conversions from and to `YYYY-MM-DD` text.

use std::ffi::c_char;

use bn::calendar::Date;

use crate::boundary::{Failure, bildungsnetz_result, copy_out, guard, put, run, text};

/// `Date::from_day_number`, but first refusing day numbers far outside the calendar's years:
/// core's conversion overflows on extreme values (e.g. `i32::MAX`) before it checks the range.
pub(crate) fn date_from_day_number(day: i32) -> Result<Date, Failure> {
    let out_of_range = || {
        Failure::new(
            bildungsnetz_result::InvalidArgument,
            format!(
                "day number {day} is outside the supported years {}–{}",
                bn::calendar::MIN_YEAR,
                bn::calendar::MAX_YEAR
            ),
        )
    };
    // 1800-01-01 is day -62_091 and 2200-12-31 is day 84_005; anything far beyond is refused
    // before core's arithmetic sees it.
    if !(-100_000..=100_000).contains(&day) {
        return Err(out_of_range());
    }
    Date::from_day_number(day).map_err(|_| out_of_range())
}

fn bad_date(e: bn::calendar::CalendarError) -> Failure {
    Failure::new(bildungsnetz_result::InvalidArgument, e.to_string())
}

/// Parses a civil date `YYYY-MM-DD` (`text`, `len` bytes; years 1800–2200) into its day number
/// (days since 1970-01-01) in `*out_day`.
///
/// Errors: `NULL_PARAMETER`, `INVALID_UTF8`, `INVALID_ARGUMENT` (not a date of that form, or a
/// day that does not exist such as 2025-02-29). Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_date_parse(
    text_ptr: *const c_char,
    len: usize,
    out_day: *mut i32,
) -> bildungsnetz_result {
    run(|| {
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let s = unsafe { text(text_ptr, len, "text") }?;
        let date: Date = s.parse().map_err(bad_date)?;
        // SAFETY: the caller passes NULL or a writable `int32_t`.
        unsafe { put(out_day, date.day_number(), "out_day") }
    })
}

/// Gives the day number (days since 1970-01-01) of year, month (1–12) and day in `*out_day`.
///
/// Errors: `NULL_PARAMETER`, `INVALID_ARGUMENT` (no such day, or a year outside 1800–2200).
/// Threads: may be called from any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_date_from_ymd(
    year: i32,
    month: u32,
    day: u32,
    out_day: *mut i32,
) -> bildungsnetz_result {
    run(|| {
        let date = Date::from_ymd(year, month, day).map_err(bad_date)?;
        // SAFETY: the caller passes NULL or a writable `int32_t`.
        unsafe { put(out_day, date.day_number(), "out_day") }
    })
}

/// Writes the day number `day` as `YYYY-MM-DD` into `buf` (NUL-terminated; 11 bytes suffice)
/// and the length without the NUL (10) into `*out_len` if `out_len` is not NULL.
///
/// Errors: `INVALID_ARGUMENT` (a day outside the years 1800–2200), `NULL_PARAMETER` (`buf`
/// NULL with `buf_len` > 0), `BUFFER_TOO_SMALL` (then, unlike other failures, `buf` holds the
/// longest prefix that fits and `*out_len` the length needed). Threads: may be called from any
/// thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_date_format(
    day: i32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    guard(|| match date_from_day_number(day) {
        // SAFETY: the caller passes NULL or `buf_len` writable bytes, and NULL or a writable
        // `size_t`.
        Ok(date) => unsafe { copy_out(&date.to_string(), buf, buf_len, out_len) },
        Err(_) => bildungsnetz_result::InvalidArgument,
    })
}
