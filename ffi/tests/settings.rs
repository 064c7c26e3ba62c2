#![allow(unsafe_code)] // Calls the C ABI as C would.
#![allow(clippy::unwrap_used)] // A test.
//! The monitor's settings JSON refuses an unknown key with the known ones listed (issue 16).

use std::ptr;

use bildungsnetz_ffi::*;

/// Configures a new monitor with `settings`: the status and the message kept on the monitor.
fn configure(settings: &str) -> (bildungsnetz_result, String) {
    unsafe {
        let mut m: *mut bildungsnetz_monitor = ptr::null_mut();
        assert_eq!(bildungsnetz_monitor_new(&mut m), bildungsnetz_result::Ok);
        let status = bildungsnetz_monitor_configure(m, settings.as_ptr().cast(), settings.len());
        let mut buf = vec![0u8; 1024];
        let mut len = 0usize;
        assert_eq!(
            bildungsnetz_monitor_last_error(m, buf.as_mut_ptr().cast(), buf.len(), &mut len),
            bildungsnetz_result::Ok
        );
        bildungsnetz_monitor_free(m);
        buf.truncate(len);
        (status, String::from_utf8(buf).unwrap())
    }
}

#[test]
fn unknown_protection_field_lists_the_known_ones() {
    let (status, message) = configure(r#"{"protection":{"min_frequncy":10}}"#);
    assert_eq!(status, bildungsnetz_result::InvalidArgument);
    assert!(
        message.contains(
            "protection.min_frequncy: unknown field; known fields: method, min_frequency, \
             suppress_zeros, dominance,"
        ),
        "{message}"
    );
    assert!(!message.contains("10"), "no value is echoed: {message}");
}

#[test]
fn unknown_dominance_field_lists_the_known_ones() {
    let (status, message) =
        configure(r#"{"directory_protection":{"dominance":{"n":1,"k_percent":85,"kk":1}}}"#);
    assert_eq!(status, bildungsnetz_result::InvalidArgument);
    assert!(
        message.ends_with(
            "directory_protection.dominance.kk: unknown field; known fields: n, k_percent"
        ),
        "{message}"
    );
}

#[test]
fn known_fields_are_accepted() {
    let (status, message) =
        configure(r#"{"protection":{"min_frequency":4,"dominance":{"n":1,"k_percent":85}}}"#);
    assert_eq!(status, bildungsnetz_result::Ok, "{message}");
}
