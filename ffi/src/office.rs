//! The Bildungsbüro's daily work (issue 9): the recommendation report, offers and their gaps,
//! counselling referral, event registries, applications to programmes and the money forwarded.

use std::ffi::c_char;

use bn::calendar::Date;
use bn::model::{Application, Network};
use bn::office::{
    DEFAULT_AGE_BANDS, EventRegistry, OfferCatalogue, OfferQuery, RecommendationReport,
    ReferralError, ReferralRequest, Registration, RegistrationError, check_application,
    forwarded_by_year, participation_by_year, refer,
};
use bn::rules::Stage;
use serde::Deserialize;

use crate::boundary::{
    ErrorSlot, Failure, Handle, bildungsnetz_result, free_box, from_json, last_error, limit,
    out_ptr, put, put_opt, put_owned, run, text, with, with_mut,
};
use crate::document::{bildungsnetz_network, bildungsnetz_report};

/// The largest JSON input of the office functions (a query, a request, an application), in
/// bytes.
pub const BILDUNGSNETZ_MAX_REQUEST_BYTES: usize = 1 << 20;
/// The largest id or participant reference accepted, in bytes.
pub const BILDUNGSNETZ_MAX_ID_BYTES: usize = 4096;

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value)
        .map_err(|e| Failure::new(bildungsnetz_result::Internal, e.to_string()))
}

/// Reads a JSON request (`len` bytes, UTF-8, at most `BILDUNGSNETZ_MAX_REQUEST_BYTES`).
///
/// # Safety
/// `ptr` is NULL with `len` 0 or points to `len` readable bytes.
unsafe fn request<T: serde::de::DeserializeOwned>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Result<T, Failure> {
    limit(len, BILDUNGSNETZ_MAX_REQUEST_BYTES, what)?;
    // SAFETY: forwarded contract.
    let json = unsafe { text(ptr, len, what) }?;
    from_json(json, what, bildungsnetz_result::InvalidArgument)
}

/// Reads an id or participant reference.
///
/// # Safety
/// As [`request`].
unsafe fn id<'a>(ptr: *const c_char, len: usize, what: &str) -> Result<&'a str, Failure> {
    limit(len, BILDUNGSNETZ_MAX_ID_BYTES, what)?;
    // SAFETY: forwarded contract.
    unsafe { text(ptr, len, what) }
}

/// The body of the network exports that write one owned JSON (or text) output.
///
/// # Safety
/// `network` is NULL or live; `out` is NULL or writable; `out_len` is NULL or writable.
unsafe fn network_out(
    network: *const bildungsnetz_network,
    out: *mut *mut c_char,
    out_len: *mut usize,
    f: impl FnOnce(&Network) -> Result<String, Failure>,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network.
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        out_ptr(out, "out")?;
        let text = f(n.network()?)?;
        // SAFETY: `out` is non-NULL (checked); `out_len` is NULL or writable.
        unsafe { put_owned(text, out, out_len, "out") }
    })
}

/// What became of the Bildungskonferenz's recommendations: each recommendation → the
/// Lenkungskreis decisions on it → the Maßnahmen implementing them, with a state. As JSON
/// (`german_text` false: `{"recommendations":[{"id","conference","given_on","handlungsfeld",
/// "text","decisions":[{"id","date","status","priority","measures":[...]}],"state"}],
/// "decisions_without_recommendation":[...]}`) or as German text for the Lenkungskreis
/// (`german_text` true).
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`. Its length
/// without the NUL goes to `*out_len` if `out_len` is not NULL.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE` (not loaded), `INTERNAL`.
/// Threads: may run concurrently with any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_recommendation_report(
    network: *const bildungsnetz_network,
    german_text: bool,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded.
    unsafe {
        network_out(network, out, out_len, |n| {
            let report = RecommendationReport::new(n);
            if german_text {
                Ok(report.render_de())
            } else {
                to_json(&report)
            }
        })
    }
}

/// An offers query as JSON. Every field is optional; at most one of `age`, `ages`, `stage`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryJson {
    age: Option<u8>,
    ages: Option<(u8, u8)>,
    stage: Option<Stage>,
    handlungsfeld: Option<String>,
    kommune: Option<String>,
    target_group: Option<String>,
    language: Option<String>,
    date: Option<Date>,
}

impl QueryJson {
    fn into_query(self) -> Result<OfferQuery, Failure> {
        let given = [
            self.age.is_some(),
            self.ages.is_some(),
            self.stage.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(Failure::new(
                bildungsnetz_result::InvalidArgument,
                "the query: give at most one of the fields age, ages and stage",
            ));
        }
        if self.ages.is_some_and(|(lo, hi)| lo > hi) {
            return Err(Failure::new(
                bildungsnetz_result::InvalidArgument,
                "the query: field ages: the first age is greater than the second",
            ));
        }
        let mut q = OfferQuery {
            ages: self.ages,
            handlungsfeld: self.handlungsfeld,
            kommune: self.kommune,
            target_group: self.target_group,
            language: self.language,
            date: self.date,
        };
        if let Some(a) = self.age {
            q = q.age(a);
        }
        if let Some(s) = self.stage {
            q = q.stage(s);
        }
        Ok(q)
    }
}

/// The network's offers matching a query, in document order.
///
/// `query_json` (`len` bytes, at most `BILDUNGSNETZ_MAX_REQUEST_BYTES`): a JSON object whose
/// fields are all optional and all must match — `age` (completed years), or `ages` (`[min,
/// max]`, overlapping the offer's ages), or `stage` (e.g. `"primarstufe"`); `handlungsfeld`
/// (id); `kommune` (id; offers without Kommunen are network-wide); `target_group` (e.g.
/// `"neuzugewanderte"`); `language` (ISO 639-1; offers naming none are in German); `date`
/// (`"YYYY-MM-DD"`, a day the offer runs). `{}` matches every offer.
///
/// On success `*out_json` receives a JSON array of the matching offers (the network document's
/// offer objects, with `id`), owned by the caller (free it with `bildungsnetz_string_free`);
/// `*out_len` and `*out_count` (number of offers) may be NULL.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`, `INPUT_TOO_LARGE`,
/// `INVALID_UTF8`, `MALFORMED_JSON`, `INVALID_ARGUMENT` (an unknown field, a value of the wrong
/// type, more than one of age/ages/stage). Threads: may run concurrently with any function on
/// the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_offers_query(
    network: *const bildungsnetz_network,
    query_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded; the closure reads the caller's input of `len` bytes.
    unsafe {
        network_out(network, out_json, out_len, |n| {
            let q: QueryJson = request(query_json, len, "the query")?;
            let q = q.into_query()?;
            let found = OfferCatalogue::new(n).query(&q);
            let json = to_json(&found)?;
            put_opt(out_count, found.len());
            Ok(json)
        })
    }
}

/// The gaps of the offers catalogue: every Kommune × age band × Handlungsfeld of the network
/// with no offer.
///
/// `bands_json` (`len` bytes): the age bands as a JSON array of `[min, max]` pairs, or NULL
/// with `len` 0 for the default bands `[0,5] [6,9] [10,15] [16,18] [19,26] [27,99]`.
///
/// On success `*out_json` receives a JSON array of `{"kommune","ages":[min,max],
/// "handlungsfeld"}`, owned by the caller (free it with `bildungsnetz_string_free`); `*out_len`
/// and `*out_count` may be NULL.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`, `INPUT_TOO_LARGE`,
/// `INVALID_UTF8`, `MALFORMED_JSON`, `INVALID_ARGUMENT` (not an array of pairs, or a band whose
/// minimum exceeds its maximum). Threads: may run concurrently with any function on the same
/// network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_offer_gaps(
    network: *const bildungsnetz_network,
    bands_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded; the closure reads the caller's input of `len` bytes.
    unsafe {
        network_out(network, out_json, out_len, |n| {
            let bands: Vec<(u8, u8)> = if len == 0 {
                DEFAULT_AGE_BANDS.to_vec()
            } else {
                request(bands_json, len, "the age bands")?
            };
            if bands.iter().any(|(lo, hi)| lo > hi) {
                return Err(Failure::new(
                    bildungsnetz_result::InvalidArgument,
                    "the age bands: a band's minimum is greater than its maximum",
                ));
            }
            let gaps = OfferCatalogue::new(n).gaps(n, &bands);
            let json = to_json(&gaps)?;
            put_opt(out_count, gaps.len());
            Ok(json)
        })
    }
}

/// Counselling referral: the network's services responsible for a request, best fit first,
/// each with its reasons — never a diagnosis.
///
/// `request_json` (`len` bytes): `{"topic": "...", "kommune": "<id>", "age": 9, "language":
/// "tr"}` (`age` and `language` optional; topics as in the network document's services, e.g.
/// `"schulprobleme"`). There is no field for symptoms or assessments.
///
/// On success `*out_json` receives a JSON array of `{"service","name","provider","score",
/// "reasons_de","reasons_en"}` (possibly empty), owned by the caller (free it with
/// `bildungsnetz_string_free`); `*out_len` and `*out_count` may be NULL.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`, `INPUT_TOO_LARGE`,
/// `INVALID_UTF8`, `MALFORMED_JSON`, `INVALID_ARGUMENT` (a field missing, unknown or invalid),
/// `KOMMUNE_OUTSIDE_NETWORK` (the Kommune is not part of this network: refer to the responsible
/// network). Threads: may run concurrently with any function on the same network except
/// `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_refer(
    network: *const bildungsnetz_network,
    request_json: *const c_char,
    len: usize,
    out_json: *mut *mut c_char,
    out_len: *mut usize,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded; the closure reads the caller's input of `len` bytes.
    unsafe {
        network_out(network, out_json, out_len, |n| {
            let r: ReferralRequest = request(request_json, len, "the referral request")?;
            let found = refer(n, &r).map_err(|e| match e {
                ReferralError::KommuneOutsideNetwork => {
                    Failure::new(bildungsnetz_result::KommuneOutsideNetwork, e.to_string())
                }
                other => Failure::new(bildungsnetz_result::Internal, other.to_string()),
            })?;
            let json = to_json(&found)?;
            put_opt(out_count, found.len());
            Ok(json)
        })
    }
}

/// Participation figures per calendar year and event kind, from the network's events: a JSON
/// array of `{"year","kind","events","participants"}` ordered by year and kind.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`. Threads: may run concurrently
/// with any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_participation(
    network: *const bildungsnetz_network,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded.
    unsafe {
        network_out(network, out, out_len, |n| {
            let rows: Vec<serde_json::Value> = participation_by_year(n)
                .into_iter()
                .map(|((year, kind), p)| {
                    serde_json::json!({
                        "year": year,
                        "kind": kind,
                        "events": p.events,
                        "participants": p.participants,
                    })
                })
                .collect();
            to_json(&rows)
        })
    }
}

/// The money forwarded per programme, project and calendar year, from the recorded payments: a
/// JSON array of `{"programme","application","project","year","amount_cents"}`.
///
/// Ownership: `*out` is owned by the caller; free it with `bildungsnetz_string_free`.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`. Threads: may run concurrently
/// with any function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_forwarded(
    network: *const bildungsnetz_network,
    out: *mut *mut c_char,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract forwarded.
    unsafe { network_out(network, out, out_len, |n| to_json(&forwarded_by_year(n))) }
}

/// Checks an application against the rules of the network's programme `programme_id`: eligible
/// applicant, maximum amount, the project within the funding period, required fields, payments
/// within the amount. `application_json` is an application object as in the network document
/// (`id`, `applicant`, `project`, `amount_cents`, ...).
///
/// On success `*report_out` receives a report (read it with the `bildungsnetz_report_`
/// functions; problems carry JSON pointers into the application, e.g. `/amount_cents` with code
/// `amount_over_maximum`). An application with problems is a success of this function.
/// Ownership: the caller owns the report; free it with `bildungsnetz_report_free`.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`, `INPUT_TOO_LARGE`,
/// `INVALID_UTF8`, `MALFORMED_JSON`, `INVALID_ARGUMENT` (not an application object),
/// `UNKNOWN_ID` (no programme with that id). Threads: may run concurrently with any function on
/// the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_check_application(
    network: *const bildungsnetz_network,
    programme_id: *const c_char,
    programme_id_len: usize,
    application_json: *const c_char,
    len: usize,
    report_out: *mut *mut bildungsnetz_report,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network.
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        out_ptr(report_out, "report_out")?;
        let network = n.network()?;
        // SAFETY: the caller passes readable inputs of the stated lengths (or NULL with 0).
        let (pid, application) = unsafe {
            (
                id(programme_id, programme_id_len, "programme_id")?,
                request::<Application>(application_json, len, "the application")?,
            )
        };
        let programme = network
            .programmes
            .iter()
            .find(|p| p.id == pid)
            .ok_or_else(|| {
                Failure::new(
                    bildungsnetz_result::UnknownId,
                    "programme_id names no programme of this network",
                )
            })?;
        let report = check_application(network, programme, &application, "");
        // SAFETY: `report_out` is non-NULL (checked) and writable.
        unsafe { put(report_out, bildungsnetz_report::boxed(report), "report_out") }
    })
}

// ---------------------------------------------------------------------------------------------
// Event registry

/// Registrations for one event: confirmed places up to its capacity, then a waiting list in
/// order of registration; a cancellation moves the first waiting participant up. Participants
/// are opaque references chosen by the caller (e.g. a registration number); messages never
/// repeat them.
///
/// Not shareable for mutation: `_register` and `_cancel` need exclusive use of the registry
/// (no other function on it may run concurrently); the read functions (`_confirmed_count`,
/// `_waiting_count`, `_last_error`) may run concurrently with each other.
pub struct bildungsnetz_event_registry {
    registry: EventRegistry,
    errors: ErrorSlot,
}

impl Handle for bildungsnetz_event_registry {
    fn errors(&self) -> &ErrorSlot {
        &self.errors
    }
}

fn boxed_registry(registry: EventRegistry) -> *mut bildungsnetz_event_registry {
    Box::into_raw(Box::new(bildungsnetz_event_registry {
        registry,
        errors: ErrorSlot::default(),
    }))
}

/// Creates an empty registry in `*out` for the event `event_id` (`len` bytes, at most
/// `BILDUNGSNETZ_MAX_ID_BYTES`; it appears in messages), with `capacity` places (unlimited when
/// `has_capacity` is false) and `waitlist_places` places on the waiting list.
///
/// Ownership: the caller owns it; free it with `bildungsnetz_event_registry_free`.
/// Errors: `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`. Threads: may be called from
/// any thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_new(
    event_id: *const c_char,
    len: usize,
    has_capacity: bool,
    capacity: u32,
    waitlist_places: u32,
    out: *mut *mut bildungsnetz_event_registry,
) -> bildungsnetz_result {
    run(|| {
        out_ptr(out, "out")?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let event = unsafe { id(event_id, len, "event_id") }?;
        let registry = EventRegistry::new(event, has_capacity.then_some(capacity), waitlist_places);
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, boxed_registry(registry), "out") }
    })
}

/// Creates in `*out` an empty registry for the network's event `event_id`, with the event's
/// capacity (unlimited if it has none) and `waitlist_places` places on the waiting list.
///
/// Ownership: the caller owns it; free it with `bildungsnetz_event_registry_free`. It does not
/// borrow the network.
/// Errors (kept on the network): `NULL_PARAMETER`, `WRONG_STATE`, `INPUT_TOO_LARGE`,
/// `INVALID_UTF8`, `UNKNOWN_ID` (no event with that id). Threads: may run concurrently with any
/// function on the same network except `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_network_event_registry(
    network: *const bildungsnetz_network,
    event_id: *const c_char,
    len: usize,
    waitlist_places: u32,
    out: *mut *mut bildungsnetz_event_registry,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live network.
    let n = unsafe { network.as_ref() };
    with(n, |n| {
        out_ptr(out, "out")?;
        let network = n.network()?;
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let eid = unsafe { id(event_id, len, "event_id") }?;
        let event = network.events.iter().find(|e| e.id == eid).ok_or_else(|| {
            Failure::new(
                bildungsnetz_result::UnknownId,
                "event_id names no event of this network",
            )
        })?;
        let registry = EventRegistry::for_event(event, waitlist_places);
        // SAFETY: `out` is non-NULL (checked) and writable.
        unsafe { put(out, boxed_registry(registry), "out") }
    })
}

fn registration_failure(e: RegistrationError) -> Failure {
    let status = match e {
        RegistrationError::Full { .. } => bildungsnetz_result::EventFull,
        RegistrationError::AlreadyRegistered { .. } => bildungsnetz_result::AlreadyRegistered,
        RegistrationError::NotRegistered { .. } => bildungsnetz_result::NotRegistered,
        _ => bildungsnetz_result::Internal,
    };
    Failure::new(status, e.to_string())
}

/// Registers `participant` (`len` bytes, at most `BILDUNGSNETZ_MAX_ID_BYTES`): a place if one is
/// free, else a waiting-list place. `*out_waitlist_position` (may be NULL) receives 0 for a
/// confirmed place, else the position on the waiting list (1 = next).
///
/// Errors (kept on the registry): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `EVENT_FULL` (places and waiting list taken), `ALREADY_REGISTERED`. Threads: needs exclusive
/// use of the registry: no other function on it may run concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_register(
    registry: *mut bildungsnetz_event_registry,
    participant: *const c_char,
    len: usize,
    out_waitlist_position: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live registry it does not use elsewhere now.
    let r = unsafe { registry.as_mut() };
    with_mut(r, |r| {
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let p = unsafe { id(participant, len, "participant") }?;
        let position = match r.registry.register(p).map_err(registration_failure)? {
            Registration::Confirmed => 0,
            Registration::Waitlisted { position } => position,
        };
        // SAFETY: NULL or writable by the caller's contract.
        unsafe { put_opt(out_waitlist_position, position) };
        Ok(())
    })
}

/// Cancels `participant`'s place or waiting-list place. When a waiting participant moves up into
/// the freed place and `out_moved_up` is not NULL, `*out_moved_up` receives that participant's
/// reference (owned by the caller; free it with `bildungsnetz_string_free`), else NULL.
///
/// Errors (kept on the registry): `NULL_PARAMETER`, `INPUT_TOO_LARGE`, `INVALID_UTF8`,
/// `NOT_REGISTERED`. Threads: needs exclusive use of the registry: no other function on it may
/// run concurrently.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_cancel(
    registry: *mut bildungsnetz_event_registry,
    participant: *const c_char,
    len: usize,
    out_moved_up: *mut *mut c_char,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live registry it does not use elsewhere now.
    let r = unsafe { registry.as_mut() };
    with_mut(r, |r| {
        // SAFETY: the caller passes `len` readable bytes (or NULL with 0).
        let p = unsafe { id(participant, len, "participant") }?;
        let moved = r.registry.cancel(p).map_err(registration_failure)?;
        if !out_moved_up.is_null() {
            match moved {
                // SAFETY: non-NULL and writable by the caller's contract.
                Some(m) => unsafe { put_owned(m, out_moved_up, std::ptr::null_mut(), "out")? },
                // SAFETY: as above.
                None => unsafe { put(out_moved_up, std::ptr::null_mut(), "out_moved_up")? },
            }
        }
        Ok(())
    })
}

/// Writes the number of confirmed places taken to `*out_count`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with the other read functions on the
/// same registry, not with `_register`, `_cancel` or `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_confirmed_count(
    registry: *const bildungsnetz_event_registry,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live registry.
    let r = unsafe { registry.as_ref() };
    with(r, |r| {
        // SAFETY: NULL or writable by the caller's contract.
        unsafe { put(out_count, r.registry.confirmed().len(), "out_count") }
    })
}

/// Writes the number of participants on the waiting list to `*out_count`.
///
/// Errors: `NULL_PARAMETER`. Threads: may run concurrently with the other read functions on the
/// same registry, not with `_register`, `_cancel` or `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_waiting_count(
    registry: *const bildungsnetz_event_registry,
    out_count: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: the caller passes NULL or a live registry.
    let r = unsafe { registry.as_ref() };
    with(r, |r| {
        // SAFETY: NULL or writable by the caller's contract.
        unsafe { put(out_count, r.registry.waiting().count(), "out_count") }
    })
}

/// Copies the message of the last failure on this registry in the calling thread into `buf`
/// (NUL-terminated), and its length without the NUL into `*out_len` (`out_len` may be NULL).
/// The message is `""` when this thread had no failure on the handle. `buf` may be NULL with
/// `buf_len` 0 to ask for the length only (the result is then `BUFFER_TOO_SMALL`).
///
/// Errors: `NULL_PARAMETER` (handle NULL, or `buf` NULL with `buf_len` > 0), `BUFFER_TOO_SMALL`.
/// Threads: may run concurrently with the other read functions on the same registry, not with
/// `_register`, `_cancel` or `_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_last_error(
    registry: *const bildungsnetz_event_registry,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> bildungsnetz_result {
    // SAFETY: contract documented above, forwarded.
    unsafe { last_error(registry, buf, buf_len, out_len) }
}

/// Frees a registry. NULL is allowed and does nothing.
///
/// Threads: nothing else may use the registry during or after this call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn bildungsnetz_event_registry_free(
    registry: *mut bildungsnetz_event_registry,
) {
    // SAFETY: the caller passes NULL or a registry from this library that it gives up.
    unsafe { free_box(registry) }
}
