#![allow(unsafe_code)] // Calls the C ABI as C would.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)] // A test.
//! Every conformance case in `tests/conformance/` through the C entry points gives exactly the
//! Rust result: the same decision JSON byte for byte, or the same error; and the C conformance
//! runner gives the same results as the Rust one.

use std::ffi::{CStr, c_char};
use std::path::PathBuf;
use std::ptr;

use bildungsnetz_ffi::*;
use bn::rules::RuleBook;
use bn::rules::conformance::{self, CaseFile};

fn case_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/conformance"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.to_string_lossy().ends_with(".schema.json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

unsafe fn last_error(book: *const bildungsnetz_rulebook) -> String {
    let mut buf = vec![0 as c_char; 1024];
    unsafe {
        bildungsnetz_rulebook_last_error(book, buf.as_mut_ptr(), buf.len(), ptr::null_mut());
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}

#[test]
fn every_case_through_c_equals_rust() {
    let rust_book = RuleBook::embedded().unwrap();
    let mut book: *mut bildungsnetz_rulebook = ptr::null_mut();
    let mut compared = 0;
    unsafe {
        assert_eq!(
            bildungsnetz_rulebook_new(&mut book),
            bildungsnetz_result::Ok
        );
        for path in case_files() {
            let file: CaseFile =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for case in &file.cases {
                let facts = case.effective_facts();
                let facts_json = serde_json::to_string(&facts).unwrap();
                let transition = case.transition.id();
                let mut decision: *mut bildungsnetz_decision = ptr::null_mut();
                let status = bildungsnetz_rulebook_evaluate(
                    book,
                    transition.as_ptr().cast(),
                    transition.len(),
                    facts_json.as_ptr(),
                    facts_json.len(),
                    case.as_of.day_number(),
                    &mut decision,
                );
                match rust_book.evaluate(case.transition, &facts, case.as_of) {
                    Ok(d) => {
                        assert_eq!(status, bildungsnetz_result::Ok, "{}", case.id);
                        let mut s: *const c_char = ptr::null();
                        let mut n = 0usize;
                        assert_eq!(
                            bildungsnetz_decision_json(decision, &mut s, &mut n),
                            bildungsnetz_result::Ok
                        );
                        let c_json = std::slice::from_raw_parts(s.cast::<u8>(), n);
                        assert_eq!(
                            std::str::from_utf8(c_json).unwrap(),
                            serde_json::to_string(&d).unwrap(),
                            "{}",
                            case.id
                        );
                        let mut outcome = bildungsnetz_outcome::Undetermined;
                        bildungsnetz_decision_outcome(decision, &mut outcome);
                        assert_eq!(outcome as u32, u32::from(d.outcome.code()), "{}", case.id);
                        let (mut has, mut day) = (false, 0i32);
                        bildungsnetz_decision_effective_date(decision, &mut has, &mut day);
                        assert_eq!(
                            has.then_some(day),
                            d.effective_date.map(|x| x.day_number()),
                            "{}",
                            case.id
                        );
                        bildungsnetz_decision_eligible_from(decision, &mut has, &mut day);
                        assert_eq!(
                            has.then_some(day),
                            d.eligible_from.map(|x| x.day_number()),
                            "{}",
                            case.id
                        );
                    }
                    Err(e) => {
                        assert_ne!(status, bildungsnetz_result::Ok, "{}", case.id);
                        assert!(decision.is_null());
                        let message = last_error(book);
                        assert!(message.contains(e.code()), "{}: {message}", case.id);
                    }
                }
                bildungsnetz_decision_free(decision);
                compared += 1;
            }

            // The C runner gives the Rust runner's results.
            let p = path.to_str().unwrap();
            let mut results: *mut bildungsnetz_conformance = ptr::null_mut();
            assert_eq!(
                bildungsnetz_conformance_run_file(book, p.as_ptr().cast(), p.len(), &mut results),
                bildungsnetz_result::Ok
            );
            let mut s: *const c_char = ptr::null();
            let mut n = 0usize;
            assert_eq!(
                bildungsnetz_conformance_json(results, &mut s, &mut n),
                bildungsnetz_result::Ok
            );
            let rust = conformance::run_file_with(&rust_book, &path).unwrap();
            assert!(rust.iter().all(|r| r.passed), "{rust:?}");
            assert_eq!(
                std::str::from_utf8(std::slice::from_raw_parts(s.cast::<u8>(), n)).unwrap(),
                serde_json::to_string(&rust).unwrap()
            );
            bildungsnetz_conformance_free(results);
        }
        bildungsnetz_rulebook_free(book);
    }
    assert!(compared >= 60, "{compared}");
}
