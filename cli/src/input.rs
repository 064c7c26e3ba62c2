//! Opening input files the way offices have them: a byte-order mark, Windows-1252 from older
//! Excel versions, `;`, `,` or a tab between fields. Reading stays streaming: only the first
//! 64 KiB are looked at to decide.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;

use encoding_rs::WINDOWS_1252;

use crate::text::Lang;
use crate::{Failure, is_std, shown};

/// How many bytes are looked at to detect the encoding and the delimiter.
const SAMPLE_BYTES: usize = 64 * 1024;

/// The text encoding of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark (as Excel writes "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252 (as older Excel versions write "CSV"): decoded to UTF-8 on reading.
    Windows1252,
}

impl Encoding {
    /// The encoding's name for the report.
    pub(crate) fn describe(self, lang: Lang) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => lang.pick("UTF-8 mit BOM", "UTF-8 with BOM"),
            Encoding::Windows1252 => lang.pick(
                "Windows-1252 (erkannt und nach UTF-8 umgewandelt)",
                "Windows-1252 (detected and converted to UTF-8)",
            ),
        }
    }

    /// Whether the file came from Excel: the output then gets a BOM so Excel reads it as UTF-8.
    pub(crate) fn is_excel_export(self) -> bool {
        self != Encoding::Utf8
    }

    /// A field's text, or `None` where UTF-8 input holds bytes that are not UTF-8.
    pub(crate) fn decode(self, bytes: &[u8]) -> Option<Cow<'_, str>> {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => {
                std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
            }
            Encoding::Windows1252 => Some(WINDOWS_1252.decode_without_bom_handling(bytes).0),
        }
    }
}

/// An opened input: its first bytes (after any BOM) chained to the rest, with what was found.
pub(crate) struct Opened {
    /// The bytes, BOM removed.
    pub(crate) reader: Box<dyn Read>,
    /// The detected encoding.
    pub(crate) encoding: Encoding,
    /// The first bytes, for detecting the delimiter.
    pub(crate) sample: Vec<u8>,
    /// The file's size in bytes, if it is a file.
    pub(crate) size: Option<u64>,
}

/// Opens a file (or standard input for `-`) and detects its encoding.
pub(crate) fn open(path: &Path, lang: Lang) -> Result<Opened, Failure> {
    let (mut reader, size): (Box<dyn Read>, Option<u64>) = if is_std(path) {
        (Box::new(io::stdin()), None)
    } else {
        let file = File::open(path).map_err(|e| unreadable(path, &e, lang))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut reader)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| unreadable(path, &e, lang))?;
    let complete = sample.len() < SAMPLE_BYTES;
    let encoding = detect_encoding(&sample, complete, path, lang)?;
    if encoding == Encoding::Utf8Bom {
        sample.drain(..BOM.len());
    }
    let reader = Box::new(Cursor::new(sample.clone()).chain(reader));
    Ok(Opened {
        reader,
        encoding,
        sample,
        size,
    })
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The encoding of a text from its first bytes (`complete` if they are the whole text): UTF-8
/// with BOM, UTF-8, else Windows-1252; UTF-16 is refused.
fn detect_encoding(
    sample: &[u8],
    complete: bool,
    path: &Path,
    lang: Lang,
) -> Result<Encoding, Failure> {
    if sample.starts_with(BOM) {
        Ok(Encoding::Utf8Bom)
    } else if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") {
        Err(Failure(format!(
            "{}: {}",
            shown(path),
            lang.pick(
                "die Datei ist UTF-16-kodiert; bitte als „CSV UTF-8“ speichern",
                "the file is UTF-16 encoded; save it as \"CSV UTF-8\""
            )
        )))
    } else if is_utf8(sample, complete) {
        Ok(Encoding::Utf8)
    } else {
        Ok(Encoding::Windows1252)
    }
}

/// A whole text file read into memory (`monitor`, whose records the library takes at once),
/// as UTF-8: the encoding detected as [`open`] does (from the first 64 KiB), the BOM removed,
/// Windows-1252 converted. UTF-8 input keeps its bytes as they are, so that a later line that
/// is not UTF-8 is reported by the reader at its line, as `entscheiden` reports it.
pub(crate) fn decode_whole(
    bytes: Vec<u8>,
    path: &Path,
    lang: Lang,
) -> Result<(Vec<u8>, Encoding), Failure> {
    let sample = bytes.get(..SAMPLE_BYTES).unwrap_or(&bytes);
    let encoding = detect_encoding(sample, bytes.len() <= SAMPLE_BYTES, path, lang)?;
    let text = match encoding {
        Encoding::Utf8 => bytes,
        Encoding::Utf8Bom => bytes.get(BOM.len()..).unwrap_or_default().to_vec(),
        Encoding::Windows1252 => WINDOWS_1252
            .decode_without_bom_handling(&bytes)
            .0
            .into_owned()
            .into_bytes(),
    };
    Ok((text, encoding))
}

/// Whether the sample is UTF-8; a sequence cut off at the sample's end counts as UTF-8.
fn is_utf8(sample: &[u8], complete: bool) -> bool {
    match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => !complete && e.error_len().is_none(),
    }
}

/// The delimiter of a CSV file: the most frequent of `;`, tab and `,` in its first line outside
/// quotes (`,` when the line has none).
pub(crate) fn detect_delimiter(sample: &[u8]) -> u8 {
    let mut counts = [(b';', 0usize), (b'\t', 0), (b',', 0)];
    let mut quoted = false;
    for &b in sample {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            _ if !quoted => {
                for (d, n) in &mut counts {
                    if *d == b {
                        *n += 1;
                    }
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(d, n)| (*n, *d == b';'))
        .map_or(b',', |(d, _)| *d)
}

/// The delimiter's name for the report.
pub(crate) fn describe_delimiter(delimiter: u8, lang: Lang) -> String {
    match delimiter {
        b'\t' => lang.pick("Tabulator", "tab").to_owned(),
        other => format!("'{}'", char::from(other)),
    }
}

/// Reads a `--delimiter` argument: one character, or `tab`.
pub(crate) fn parse_delimiter(text: &str, lang: Lang) -> Result<u8, Failure> {
    match text {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        t if t.len() == 1 && t.is_ascii() => Ok(t.as_bytes().first().copied().unwrap_or(b',')),
        _ => Err(Failure(
            lang.pick(
                "das Trennzeichen muss ein einzelnes Zeichen sein (; , oder tab)",
                "the delimiter must be one character (; , or tab)",
            )
            .to_owned(),
        )),
    }
}

/// A message for a file that cannot be opened or read (the system's reason, no content).
pub(crate) fn unreadable(path: &Path, error: &io::Error, lang: Lang) -> Failure {
    Failure(format!(
        "{}: {} ({error})",
        shown(path),
        lang.pick("nicht lesbar", "cannot be read")
    ))
}

/// A message for a file that cannot be written.
pub(crate) fn unwritable(path: &Path, error: &io::Error, lang: Lang) -> Failure {
    Failure(format!(
        "{}: {} ({error})",
        shown(path),
        lang.pick("nicht schreibbar", "cannot be written")
    ))
}

/// Reads a whole (small) file, or standard input for `-`.
pub(crate) fn read_all(path: &Path, lang: Lang) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if is_std(path) {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|e| unreadable(path, &e, lang))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected_from_the_header() {
        assert_eq!(detect_delimiter(b"id;birth_date;land\n1,2,3"), b';');
        assert_eq!(detect_delimiter(b"id,birth_date,land\n"), b',');
        assert_eq!(detect_delimiter(b"id\tbirth_date\n"), b'\t');
        assert_eq!(detect_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(detect_delimiter(b"birth_date\n"), b',');
    }

    #[test]
    fn encodings() {
        assert!(is_utf8("Jülich".as_bytes(), true));
        assert!(!is_utf8(b"J\xfclich", true));
        assert!(is_utf8(&"ü".as_bytes()[..1], false));
        assert_eq!(
            Encoding::Windows1252.decode(b"J\xfclich").as_deref(),
            Some("Jülich")
        );
        assert_eq!(Encoding::Utf8.decode(b"J\xfclich"), None);
    }
}
