//! Reading and writing: JSON documents and importers of official data files, and what every
//! reader shares: size limits applied while reading, and strict deserialisation.
//!
//! # Limits
//!
//! Every input is bounded before it is held in memory: a file, a FIFO or a special file such as
//! `/dev/zero` is read as a stream, and reading stops one byte past the limit ([`read_limited`],
//! [`read_file_limited`]). The limits are the same in Rust, C and Python ([`limits`]).

use std::io::Read;
use std::path::Path;

pub(crate) mod csv_rows;
pub mod directory;
pub mod document;

/// The size limits of the inputs, in bytes. The C library publishes the same numbers as
/// `BILDUNGSNETZ_MAX_*_BYTES`, and the Python module applies them too.
pub mod limits {
    /// A network or institution-list document (JSON).
    pub const DOCUMENT_BYTES: usize = 256 << 20;
    /// A school-directory CSV file.
    pub const DIRECTORY_BYTES: usize = 256 << 20;
    /// Monitoring records (JSON Lines or CSV).
    pub const RECORDS_BYTES: usize = 1 << 30;
    /// Learner facts read from a file (JSON Lines or CSV).
    pub const LEARNERS_BYTES: usize = 1 << 30;
    /// A settings or specification object (JSON).
    pub const SETTINGS_BYTES: usize = 1 << 20;
    /// One learner's facts (JSON).
    pub const FACTS_BYTES: usize = 1 << 20;
    /// A law file (rule overrides, JSON).
    pub const LAW_BYTES: usize = 16 << 20;
    /// A conformance case file (JSON).
    pub const CASE_FILE_BYTES: usize = 64 << 20;
}

/// Why a bounded read failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LimitedReadError {
    /// The input has more bytes than the limit; reading stopped one byte past it.
    #[error("the input has more than {limit} bytes, the limit")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The input could not be read.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads all of `input`, but never more than `limit` bytes: a longer input is refused after
/// `limit + 1` bytes were read, so an endless stream costs at most that much memory.
///
/// ```
/// use bildungsnetz::io::{read_limited, LimitedReadError};
/// assert_eq!(read_limited(&b"abc"[..], 3)?, b"abc");
/// let endless = std::io::repeat(0);
/// assert!(matches!(read_limited(endless, 1000), Err(LimitedReadError::TooLarge { limit: 1000 })));
/// # Ok::<(), LimitedReadError>(())
/// ```
pub fn read_limited(input: impl Read, limit: usize) -> Result<Vec<u8>, LimitedReadError> {
    read_limited_with_hint(input, limit, 0)
}

fn read_limited_with_hint(
    input: impl Read,
    limit: usize,
    hint: u64,
) -> Result<Vec<u8>, LimitedReadError> {
    let cap = usize::try_from(hint).unwrap_or(limit).min(limit);
    let mut out = Vec::with_capacity(cap.saturating_add(1));
    input
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(LimitedReadError::TooLarge { limit });
    }
    Ok(out)
}

/// Reads the file at `path` as a stream, never more than `limit` bytes: regular files, FIFOs
/// and special files alike (the size the file system reports is only a hint).
///
/// ```
/// use bildungsnetz::io::{read_file_limited, LimitedReadError};
/// # #[cfg(unix)] {
/// let err = read_file_limited("/dev/zero", 1 << 20).unwrap_err();
/// assert!(matches!(err, LimitedReadError::TooLarge { .. }));
/// # }
/// ```
pub fn read_file_limited(
    path: impl AsRef<Path>,
    limit: usize,
) -> Result<Vec<u8>, LimitedReadError> {
    let file = std::fs::File::open(path)?;
    let hint = file.metadata().map(|m| m.len()).unwrap_or(0);
    read_limited_with_hint(file, limit, hint)
}

/// Why a strict deserialisation failed: where, never a value.
#[derive(Debug)]
pub enum StrictError<E> {
    /// A field that the type does not have; `path` names it (e.g. `protection.min_frequncy`).
    UnknownField {
        /// Where the field is, dot-separated from the top.
        path: String,
        /// The fields the type at that place knows, when it says so (a type that refuses unknown
        /// fields itself does); empty otherwise.
        known: Vec<String>,
    },
    /// The input does not fit the type: the deserialiser's error and where it happened (`"."`
    /// for the top level).
    Data {
        /// Where the error is, dot-separated from the top.
        path: String,
        /// The deserialiser's error.
        error: E,
    },
}

/// Deserialises a `T`, refusing a field the type does not know at every level of nesting,
/// also inside types that would ignore it themselves.
///
/// ```
/// use bildungsnetz::io::{deserialize_strict, StrictError};
/// #[derive(serde::Deserialize)]
/// struct Inner { a: u8 }
/// #[derive(serde::Deserialize)]
/// struct Outer { inner: Inner }
/// let value = serde_json::json!({"inner": {"a": 1, "b": 2}});
/// match deserialize_strict::<Outer, _>(value) {
///     Err(StrictError::UnknownField { path, .. }) => assert_eq!(path, "inner.b"),
///     _ => unreachable!(),
/// }
/// ```
pub fn deserialize_strict<'de, T, D>(de: D) -> Result<T, StrictError<D::Error>>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    let mut unknown: Option<String> = None;
    let result = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        de,
        &mut |path: serde_ignored::Path<'_>| {
            unknown.get_or_insert_with(|| {
                let mut text = String::new();
                write_path(&path, &mut text);
                text
            });
        },
    ));
    match (result, unknown) {
        (_, Some(path)) => Err(StrictError::UnknownField {
            path,
            known: Vec::new(),
        }),
        (Ok(value), None) => Ok(value),
        (Err(e), None) => {
            let path = e.path().to_string();
            let error = e.into_inner();
            // A type that refuses unknown fields itself (`deny_unknown_fields`) says so in its
            // error, which names the field (a key, never a value).
            let message = error.to_string();
            if message.starts_with("unknown field") {
                let path = if path.is_empty() || path == "." {
                    "\"\"".to_owned()
                } else {
                    path
                };
                Err(StrictError::UnknownField {
                    path,
                    known: expected_fields(&message),
                })
            } else {
                Err(StrictError::Data { path, error })
            }
        }
    }
}

/// The field names serde's "unknown field `x`, expected one of `a`, `b`" lists (field names
/// of the type, never a value).
pub(crate) fn expected_fields(message: &str) -> Vec<String> {
    let Some((_, list)) = message.split_once(", expected ") else {
        return Vec::new();
    };
    list.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// A path as `serde_path_to_error` writes it: `a.b[2].c` (an empty key as `""`).
fn write_path(path: &serde_ignored::Path<'_>, out: &mut String) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            write_path(parent, out);
            out.push_str(&format!("[{index}]"));
        }
        Path::Map { parent, key } => {
            write_path(parent, out);
            if !out.is_empty() {
                out.push('.');
            }
            if key.is_empty() {
                out.push_str("\"\"");
            } else {
                out.push_str(key);
            }
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => write_path(parent, out),
    }
}

/// Reads JSON Lines: calls `parse` with the 1-based line number and the trimmed text of each
/// non-blank line, stopping at the first error. A byte-order mark before the first line is
/// skipped. Linear in the input, and never more than `limit` bytes are read (`FileTooLarge`
/// beyond).
pub(crate) fn json_lines<R: std::io::BufRead, T, E>(
    reader: R,
    limit: usize,
    io_error: fn(std::io::ErrorKind) -> E,
    mut parse: impl FnMut(u64, &str) -> Result<T, E>,
) -> Result<Vec<T>, E> {
    let mut reader = reader.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1));
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut line: u64 = 0;
    let mut read: usize = 0;
    loop {
        buf.clear();
        let n =
            std::io::BufRead::read_line(&mut reader, &mut buf).map_err(|e| io_error(e.kind()))?;
        if n == 0 {
            return Ok(out);
        }
        read = read.saturating_add(n);
        if read > limit {
            return Err(io_error(std::io::ErrorKind::FileTooLarge));
        }
        line += 1;
        let text = if line == 1 {
            buf.trim_start_matches('\u{feff}').trim()
        } else {
            buf.trim()
        };
        if !text.is_empty() {
            out.push(parse(line, text)?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_fields_reads_serdes_list() {
        let message = "unknown field `c`, expected one of `a`, `b` at line 1 column 9";
        assert_eq!(expected_fields(message), ["a", "b"]);
        assert_eq!(expected_fields("unknown field `c`, expected `a`"), ["a"]);
        assert!(expected_fields("unknown field `c`, there are no fields").is_empty());
    }

    #[test]
    fn strict_unknown_fields_list_the_known_ones() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // Only read to be refused.
        struct Inner {
            alpha: u8,
            beta: Option<u8>,
        }
        let value = serde_json::json!({"alpha": 1, "gamma": 2});
        match deserialize_strict::<Inner, _>(value) {
            Err(StrictError::UnknownField { path, known }) => {
                assert_eq!(path, "gamma");
                assert_eq!(known, ["alpha", "beta"]);
            }
            other => panic!("{other:?}"),
        }
    }
}
