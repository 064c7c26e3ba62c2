//! Importer for the NRW school directory files: the ministry's `Schuldaten` open data and the
//! compiled school list with pupil numbers and Sozialindex.
//!
//! The importer reads real, human-made files. It never aborts on a bad row and never drops a
//! row silently: every data row either becomes an [`Institution`] (perhaps with warnings) or is
//! reported as an error with its line number (`rows == institutions + rejected`). Problems point
//! at the 1-based physical line of the file (the `sep=;` line of the ministry's file counts) and
//! at the column by its header name.
//!
//! * A quote that is not closed on its line — in the last field or a middle one — costs that
//!   line only ([`ImportCode::MalformedQuote`]); reading goes on with the next line, which the
//!   quote would otherwise swallow together with the rest of the file. A quoted field over
//!   several lines is one row when it is well-formed and the row fits the header.
//! * Lines end in `\n`, `\r\n` or `\r` alone (Excel's "CSV (Macintosh)").
//! * A row must match the header: no fewer fields than the header names, no more than it has,
//!   and nothing under the header's empty trailing column — the ministry's header ends in `;`
//!   (24 columns) while its rows have 23 fields, which is fine; a value in the 24th is not
//!   ([`ImportCode::FieldCount`]). A header that lacks a column thus rejects every row instead of
//!   shifting the values under the wrong names.
//! * The input is read as a stream of at most [`crate::io::limits::DIRECTORY_BYTES`]
//!   ([`Importer::with_max_bytes`]); beyond, reading stops with [`ImportCode::TooLarge`].
//!
//! # Formats
//!
//! The format is detected from the header's column names ([`DirectoryFormat::detect`]);
//! [`Importer::read_as`] forces one.
//!
//! * [`DirectoryFormat::Schuldaten`]: `;`-separated and quoted, an optional first line `sep=;`,
//!   then the header. The literal value `null` means missing (in any format, in fact). The
//!   Schulform is a two-character key of the official list.
//! * [`DirectoryFormat::Schulverzeichnis`]: `,`-separated, fields quoted where needed. The
//!   Schulform is given by its name ("Grundschule"), mapped to the official key through the
//!   names of [`Schulformen`]. The Amtlicher Gemeindeschlüssel lost its leading zero
//!   (`5334002`); the importer restores it. Phone numbers are stored as floats (`211.0`): they
//!   are not imported ([`Institution`] has no phone field). The Sozialindex reads `5.0`.
//!
//! # Mapping
//!
//! | directory | [`Institution`] |
//! |---|---|
//! | Schulnummer | `schulnummer`, and `id` = `"s-<Schulnummer>"` |
//! | Schulbezeichnung_1..3 / Amtliche Bezeichnung 1..3 | `name`, the non-empty parts joined by a space |
//! | Schulform `0A` (school authorities, Schulnummer 6xxxxx) | kind [`InstitutionKind::Schulaufsicht`], no `schulform` |
//! | Schulform `30` Berufskolleg, `88` Förderschule im Bereich Berufskolleg | kind [`InstitutionKind::Berufskolleg`], key kept |
//! | any other Schulform | kind [`InstitutionKind::Schule`], key kept — also a key the official list does not know (`81`), with a warning |
//! | Rechtsform `1`/`2`, Rechtsstatus `Öffentlich`/`Privat` | `traeger` |
//! | Gemeindeschluessel / Amtlicher Gemeindeschlüssel | `gemeindeschluessel` (8 digits) |
//! | PLZ / Postleitzahl, Ort | `plz`, `ort` |
//! | Anzahl | `pupils` |
//! | Sozialindex (1–9) | `sozialindex` |
//!
//! The compiled list's Schulform names are coarser than the official keys. Compared by
//! Schulnummer with the 2021 ministry file: its "Freie Waldorfschule" also holds the Hibernia
//! school (18) and the Freie Waldorfförderschulen (19); its "Förderschule Grund-/Hauptschule"
//! also holds the Klinikschulen (83); its "Förderschule Realschule/Gymnasium" stands for both
//! 85 and 87. The importer maps a name to the one key whose official name it matches (17, 08)
//! and reports the last one, which matches none, as [`ImportCode::UnknownSchulform`]; where the
//! exact key matters, take it from the ministry file.
//!
//! # Schulbetriebsschlüssel (ministry file only)
//!
//! The ministry publishes its key list separately (`key_schulbetriebsschluessel`); it does not
//! come with the data. `1` means the school is in operation. The other values of the 2021 file
//! are read from the data itself, together with the `Schulbetriebsdatum` beside them:
//! `2` (43 rows, dates 2022–2025, mostly Haupt- and Realschulen) — a school being phased out,
//! taking no new pupils, closing on that date; `9` (35 rows, all dated 31.07.2021, before the
//! 2021-09 snapshot) — closed; `6` (5 rows: a Studienkolleg, two "schulische Lernorte", the
//! Bundeswehr's Berufskolleg, the school for circus children) — special institutions outside
//! the regular school system. Those meanings are inferred, not quoted.
//!
//! Decision: every such row is imported like any other, and gets a
//! [`ImportCode::NotInOperation`] warning that names the key and the date and carries the
//! institution's id ([`ImportProblem::id`]), so that a caller can leave closed schools out
//! deliberately:
//!
//! ```
//! use bildungsnetz::io::directory::{ImportCode, Importer};
//! let result = Importer::new()?.read_path("../tests/data/nrw-schuldaten-2021.csv")?;
//! let closed: std::collections::HashSet<&str> = result
//!     .problems
//!     .iter()
//!     .filter(|p| p.code == ImportCode::NotInOperation)
//!     .filter_map(|p| p.id.as_deref())
//!     .collect();
//! let active = result.institutions.iter().filter(|i| !closed.contains(i.id.as_str())).count();
//! assert_eq!(active, 5_424);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Repaired Gemeindeschlüssel: one summarised warning
//!
//! A 7-digit Gemeindeschlüssel is an 8-digit one that lost its leading zero (Länder 01–09);
//! the repair is certain and loses nothing. In the 2024/25 file it affects every one of the
//! 5,407 rows, and 5,407 identical warnings would bury the few that need a person's attention.
//! So the repair is reported once per file as a single warning
//! ([`ImportCode::GemeindeschluesselRepaired`]) at the first affected line, with the number of
//! rows in [`ImportProblem::occurrences`] and the first line numbers in the message. Fields that
//! are not UTF-8 are summarised the same way, per column ([`ImportCode::NotUtf8`]).
//!
//! # Example
//!
//! ```
//! use bildungsnetz::io::directory::{DirectoryFormat, Importer};
//! let csv = "sep=;\n\
//!     Schulnummer;Schulform;Schulbezeichnung_1;Schulbezeichnung_2;Schulbezeichnung_3;Gemeindeschluessel\n\
//!     \"100012\";\"02\";\"Städt. Gemeinschaftsgrundschule\";\"Am Friedenspark\";\"\";\"05316000\"\n\
//!     \"1234\";\"02\";\"Grundschule\";\"\";\"\";\"05316000\"\n";
//! let result = Importer::new()?.read(csv.as_bytes());
//! assert_eq!(result.format, Some(DirectoryFormat::Schuldaten));
//! assert_eq!(result.institutions.len(), 1);
//! assert_eq!(result.institutions[0].name, "Städt. Gemeinschaftsgrundschule Am Friedenspark");
//! let problem = &result.problems[0];
//! assert_eq!((problem.line, problem.code.as_str()), (4, "schulnummer_format"));
//! # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::catalogue::{CatalogueError, Schulformen};
use crate::io::csv_rows::{Row as CsvRow, Rows, Stop};
use crate::model::{Institution, InstitutionKind, InstitutionList, SCHEMA_VERSION, Traeger};
use crate::validate::Severity;

/// The layout of a directory file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DirectoryFormat {
    /// The NRW school ministry's open data file `schuldaten.csv` (e.g. the 2021 snapshot):
    /// `Schulnummer;Schulform;Schulbezeichnung_1;…`, Schulform as a two-character key.
    Schuldaten,
    /// The compiled NRW school list with pupil numbers and Sozialindex (e.g. 2024/25):
    /// `Schuljahr,Schulform,Amtlicher Gemeindeschlüssel,…`, Schulform as a name.
    Schulverzeichnis,
}

impl DirectoryFormat {
    /// The format whose required columns the header has, if any. Names are compared trimmed
    /// and ignoring ASCII case; column order does not matter.
    ///
    /// ```
    /// use bildungsnetz::io::directory::DirectoryFormat;
    /// let header = ["Schulnummer", "Schulform", "Amtliche Bezeichnung 1", "Amtlicher Gemeindeschlüssel"];
    /// assert_eq!(DirectoryFormat::detect(&header), Some(DirectoryFormat::Schulverzeichnis));
    /// assert_eq!(DirectoryFormat::detect(&["Name", "Ort"]), None);
    /// ```
    pub fn detect<S: AsRef<str>>(header: &[S]) -> Option<DirectoryFormat> {
        [
            DirectoryFormat::Schuldaten,
            DirectoryFormat::Schulverzeichnis,
        ]
        .into_iter()
        .find(|format| format.missing_columns(header).is_empty())
    }

    /// A short name for messages (`"Schuldaten"`, `"Schulverzeichnis"`).
    ///
    /// ```
    /// use bildungsnetz::io::directory::DirectoryFormat;
    /// assert_eq!(DirectoryFormat::Schuldaten.name(), "Schuldaten");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            DirectoryFormat::Schuldaten => "Schuldaten",
            DirectoryFormat::Schulverzeichnis => "Schulverzeichnis",
        }
    }

    fn columns(self) -> &'static [(Field, &'static str, bool)] {
        use Field as F;
        match self {
            DirectoryFormat::Schuldaten => &[
                (F::Schulnummer, "Schulnummer", true),
                (F::Schulform, "Schulform", true),
                (F::Name1, "Schulbezeichnung_1", true),
                (F::Name2, "Schulbezeichnung_2", false),
                (F::Name3, "Schulbezeichnung_3", false),
                (F::Plz, "PLZ", false),
                (F::Ort, "Ort", false),
                (F::Rechtsform, "Rechtsform", false),
                (F::Gemeindeschluessel, "Gemeindeschluessel", true),
                (F::Betrieb, "Schulbetriebsschluessel", false),
                (F::BetriebDatum, "Schulbetriebsdatum", false),
            ],
            DirectoryFormat::Schulverzeichnis => &[
                (F::Schulnummer, "Schulnummer", true),
                (F::Schulform, "Schulform", true),
                (F::Name1, "Amtliche Bezeichnung 1", true),
                (F::Name2, "Amtliche Bezeichnung 2", false),
                (F::Name3, "Amtliche Bezeichnung 3", false),
                (F::Plz, "Postleitzahl", false),
                (F::Ort, "Ort", false),
                (F::Rechtsform, "Rechtsstatus", false),
                (F::Gemeindeschluessel, "Amtlicher Gemeindeschlüssel", true),
                (F::Anzahl, "Anzahl", false),
                (F::Sozialindex, "Sozialindex", false),
            ],
        }
    }

    fn missing_columns<S: AsRef<str>>(self, header: &[S]) -> Vec<&'static str> {
        self.columns()
            .iter()
            .filter(|(_, name, required)| *required && position(header, name).is_none())
            .map(|(_, name, _)| *name)
            .collect()
    }
}

impl fmt::Display for DirectoryFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

fn position<S: AsRef<str>>(header: &[S], name: &str) -> Option<usize> {
    header
        .iter()
        .position(|h| h.as_ref().trim().eq_ignore_ascii_case(name))
}

/// The stable code of an import problem. Codes are never renamed or reused; new ones are added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ImportCode {
    /// The input holds no header (error; nothing imported).
    EmptyFile,
    /// The header matches no known directory format, or lacks a column the forced format
    /// requires (error; nothing imported).
    UnknownHeader,
    /// Reading the input failed part-way (error; the rows before it are kept).
    ReadError,
    /// A row has fewer fields than the header names, more than the header has, or a value under
    /// the header's empty trailing column (error; row not imported, as its values may have
    /// shifted columns).
    FieldCount,
    /// A field is not UTF-8; it was read as ISO-8859-1 (warning, summarised per column).
    NotUtf8,
    /// A value is empty or `null`: an error where the row cannot become an institution without
    /// it (Schulnummer, name), a warning elsewhere (Schulform, Gemeindeschlüssel).
    MissingValue,
    /// A Schulnummer that is not 6 digits (error; row not imported).
    SchulnummerFormat,
    /// A Schulnummer already used by an earlier row (error; the later row is not imported).
    DuplicateSchulnummer,
    /// A Schulform key the official list does not know (kept), or a name that maps to no key
    /// (warning).
    UnknownSchulform,
    /// A 7-digit Gemeindeschlüssel given its leading zero back (warning, summarised per file).
    GemeindeschluesselRepaired,
    /// A Gemeindeschlüssel that is neither 8 digits nor repairable (warning; left out).
    GemeindeschluesselFormat,
    /// A Rechtsform / Rechtsstatus that is neither public nor private (warning; left out).
    UnknownRechtsform,
    /// A number (pupils, Sozialindex) that is not a whole non-negative number (warning; left out).
    InvalidNumber,
    /// A Sozialindex outside 1–9 (warning; left out).
    SozialindexOutOfRange,
    /// A Schulbetriebsschlüssel other than 1 (in operation): closing, closed, special (warning;
    /// imported).
    NotInOperation,
    /// A quote not closed on its line (in any field), or text right after a closing quote
    /// (error; the line is not imported and reading goes on with the next one, which the quote
    /// would otherwise have swallowed together with the rest of the file). On the header line:
    /// nothing is imported.
    MalformedQuote,
    /// The input is larger than the importer's limit (error; the rows before it are kept).
    TooLarge,
}

impl ImportCode {
    /// The code as text (e.g. `"schulnummer_format"`).
    ///
    /// ```
    /// use bildungsnetz::io::directory::ImportCode;
    /// assert_eq!(ImportCode::FieldCount.as_str(), "field_count");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ImportCode::EmptyFile => "empty_file",
            ImportCode::UnknownHeader => "unknown_header",
            ImportCode::ReadError => "read_error",
            ImportCode::FieldCount => "field_count",
            ImportCode::NotUtf8 => "not_utf8",
            ImportCode::MissingValue => "missing_value",
            ImportCode::SchulnummerFormat => "schulnummer_format",
            ImportCode::DuplicateSchulnummer => "duplicate_schulnummer",
            ImportCode::UnknownSchulform => "unknown_schulform",
            ImportCode::GemeindeschluesselRepaired => "gemeindeschluessel_repaired",
            ImportCode::GemeindeschluesselFormat => "gemeindeschluessel_format",
            ImportCode::UnknownRechtsform => "unknown_rechtsform",
            ImportCode::InvalidNumber => "invalid_number",
            ImportCode::SozialindexOutOfRange => "sozialindex_out_of_range",
            ImportCode::NotInOperation => "not_in_operation",
            ImportCode::MalformedQuote => "malformed_quote",
            ImportCode::TooLarge => "too_large",
        }
    }

    /// Every code, in declaration order.
    pub const ALL: [ImportCode; 17] = [
        ImportCode::EmptyFile,
        ImportCode::UnknownHeader,
        ImportCode::ReadError,
        ImportCode::FieldCount,
        ImportCode::NotUtf8,
        ImportCode::MissingValue,
        ImportCode::SchulnummerFormat,
        ImportCode::DuplicateSchulnummer,
        ImportCode::UnknownSchulform,
        ImportCode::GemeindeschluesselRepaired,
        ImportCode::GemeindeschluesselFormat,
        ImportCode::UnknownRechtsform,
        ImportCode::InvalidNumber,
        ImportCode::SozialindexOutOfRange,
        ImportCode::NotInOperation,
        ImportCode::MalformedQuote,
        ImportCode::TooLarge,
    ];
}

impl ImportCode {
    /// What a problem of this code means, in German (the English message has the details).
    ///
    /// ```
    /// use bildungsnetz::io::directory::ImportCode;
    /// assert!(ImportCode::FieldCount.message_de().contains("nicht übernommen"));
    /// ```
    pub fn message_de(self) -> &'static str {
        match self {
            ImportCode::EmptyFile => "Die Datei enthält keine Kopfzeile; nichts wurde eingelesen",
            ImportCode::UnknownHeader => {
                "Die Kopfzeile passt zu keinem bekannten Verzeichnisformat, oder ihr fehlt eine nötige Spalte; nichts wurde eingelesen"
            }
            ImportCode::ReadError => {
                "Die Datei konnte nicht zu Ende gelesen werden; die Zeilen davor sind übernommen"
            }
            ImportCode::FieldCount => {
                "Die Zeile hat zu wenige oder zu viele Felder; sie wurde nicht übernommen, weil Werte verrutscht sein können"
            }
            ImportCode::NotUtf8 => {
                "Ein Feld ist nicht UTF-8-kodiert und wurde als ISO-8859-1 gelesen"
            }
            ImportCode::MissingValue => "Ein Wert ist leer oder null",
            ImportCode::SchulnummerFormat => {
                "Die Schulnummer hat nicht genau 6 Ziffern; die Zeile wurde nicht übernommen"
            }
            ImportCode::DuplicateSchulnummer => {
                "Die Schulnummer kam schon in einer früheren Zeile vor; diese Zeile wurde nicht übernommen"
            }
            ImportCode::UnknownSchulform => {
                "Die Schulform steht nicht in der amtlichen Liste oder ihr Name passt zu keinem Schlüssel"
            }
            ImportCode::GemeindeschluesselRepaired => {
                "Dem Gemeindeschlüssel fehlte die führende Null; sie wurde ergänzt"
            }
            ImportCode::GemeindeschluesselFormat => {
                "Der Gemeindeschlüssel hat weder 8 Ziffern noch lässt er sich reparieren; er wurde weggelassen"
            }
            ImportCode::UnknownRechtsform => {
                "Die Rechtsform ist weder öffentlich noch privat; sie wurde weggelassen"
            }
            ImportCode::InvalidNumber => {
                "Eine Zahl (Schülerzahl, Sozialindex) ist keine ganze, nicht negative Zahl; sie wurde weggelassen"
            }
            ImportCode::SozialindexOutOfRange => {
                "Der Sozialindex liegt nicht zwischen 1 und 9; er wurde weggelassen"
            }
            ImportCode::NotInOperation => {
                "Die Schule ist laut Schulbetriebsschlüssel nicht (mehr) regulär in Betrieb; sie wurde übernommen"
            }
            ImportCode::MalformedQuote => {
                "Ein Anführungszeichen ist in der Zeile nicht geschlossen oder von Text gefolgt; die Zeile wurde nicht übernommen, das Einlesen geht mit der nächsten Zeile weiter"
            }
            ImportCode::TooLarge => {
                "Die Datei ist größer als die erlaubte Größe; das Einlesen wurde abgebrochen, die Zeilen davor sind übernommen"
            }
        }
    }
}

impl fmt::Display for ImportCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found while importing.
///
/// ```
/// use bildungsnetz::io::directory::Importer;
/// let csv = "Schulnummer;Schulform;Schulbezeichnung_1;Gemeindeschluessel\n100012;02;GS;0531600\n";
/// let result = Importer::new()?.read(csv.as_bytes());
/// let p = &result.problems[0];
/// assert_eq!(p.to_string(),
///     "line 2, Gemeindeschluessel: warning[gemeindeschluessel_repaired]: \
///      Gemeindeschlüssel without its leading zero, repaired (e.g. \"0531600\" → \"00531600\")");
/// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProblem {
    /// Stable code.
    pub code: ImportCode,
    /// Error (the row, or the file, was not imported) or warning (imported, but look).
    pub severity: Severity,
    /// 1-based physical line in the file where the row starts; for a summarised problem, the
    /// first affected line.
    pub line: usize,
    /// The column's header name, where one column is concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong, in English, tersely.
    pub message: String,
    /// Id of the institution the row became, for warnings on imported rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How many rows the problem stands for: 1, or more for a summarised problem.
    pub occurrences: usize,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "line {}", self.line)?;
        if let Some(column) = &self.column {
            write!(f, ", {column}")?;
        }
        write!(f, ": {level}[{}]: {}", self.code, self.message)
    }
}

/// What an import produced: the institutions, and every problem, ordered by line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    /// The format read, if the header was recognised.
    pub format: Option<DirectoryFormat>,
    /// Data rows read (lines of a multi-line quoted field count once).
    pub rows: usize,
    /// Data rows not imported; each has exactly one error in `problems` (or, when the header
    /// was not recognised, they are all covered by its one error).
    pub rejected: usize,
    /// The institutions, in file order; `rows == institutions.len() + rejected`.
    pub institutions: Vec<Institution>,
    /// Errors and warnings, ordered by line.
    pub problems: Vec<ImportProblem>,
}

impl ImportResult {
    /// True when there are no errors (warnings allowed).
    ///
    /// ```
    /// use bildungsnetz::io::directory::Importer;
    /// assert!(!Importer::new()?.read(&b""[..]).is_ok());
    /// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
    /// ```
    pub fn is_ok(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &ImportProblem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &ImportProblem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// The problems carrying `code`.
    pub fn with_code(&self, code: ImportCode) -> impl Iterator<Item = &ImportProblem> {
        self.problems.iter().filter(move |p| p.code == code)
    }

    /// The institutions as an institution-list document, naming where they come from.
    ///
    /// ```
    /// use bildungsnetz::io::directory::Importer;
    /// let result = Importer::new()?.read_path("../tests/data/nrw-schulverzeichnis-2024-25.csv")?;
    /// let list = result.into_list(Some("NRW Schulverzeichnis 2024/25, dl-de/by-2-0".into()));
    /// assert_eq!(list.institutions.len(), 5_407);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_list(self, source: Option<String>) -> InstitutionList {
        InstitutionList {
            schema_version: SCHEMA_VERSION,
            source,
            institutions: self.institutions,
        }
    }
}

/// Why a directory file could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// The file could not be opened.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        #[source]
        source: std::io::Error,
    },
}

/// Reads NRW school directory files into institutions. Holds the official Schulform list.
///
/// ```
/// use bildungsnetz::io::directory::{DirectoryFormat, Importer};
/// use bildungsnetz::model::InstitutionKind;
/// let importer = Importer::new()?;
/// let csv = "Schuljahr,Schulform,Amtlicher Gemeindeschlüssel,Schulnummer,Amtliche Bezeichnung 1,Rechtsstatus,Anzahl,Sozialindex\n\
///            2024/25,Berufskolleg,5914000,100010,Berufskolleg Hagen,Öffentlich,2100,\n";
/// let result = importer.read_as(DirectoryFormat::Schulverzeichnis, csv.as_bytes());
/// let bk = &result.institutions[0];
/// assert_eq!((bk.kind, bk.schulform.as_deref()), (InstitutionKind::Berufskolleg, Some("30")));
/// assert_eq!(bk.gemeindeschluessel.as_deref(), Some("05914000"));
/// assert_eq!((bk.pupils, bk.sozialindex), (Some(2100), None));
/// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Importer {
    schulformen: Schulformen,
    /// Each key with its normalised official name, for mapping names to keys.
    names: Vec<(String, String)>,
    max_bytes: usize,
}

impl Importer {
    /// An importer using the official Schulform list embedded in the crate, reading at most
    /// [`crate::io::limits::DIRECTORY_BYTES`].
    pub fn new() -> Result<Importer, CatalogueError> {
        let schulformen = Schulformen::official()?;
        let names = schulformen
            .iter()
            .map(|s| (normalise_name(&s.name), s.key.clone()))
            .collect();
        Ok(Importer {
            schulformen,
            names,
            max_bytes: crate::io::limits::DIRECTORY_BYTES,
        })
    }

    /// The same importer reading at most `max_bytes` bytes of an input. The limit applies while
    /// reading: an input without end (a FIFO, `/dev/zero`) stops there with an
    /// [`ImportCode::TooLarge`] error, keeping the rows before it.
    ///
    /// ```
    /// use bildungsnetz::io::directory::{ImportCode, Importer};
    /// let result = Importer::new()?.with_max_bytes(1000).read(std::io::repeat(b'x'));
    /// assert_eq!(result.problems[0].code, ImportCode::TooLarge);
    /// # Ok::<(), bildungsnetz::catalogue::CatalogueError>(())
    /// ```
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Importer {
        self.max_bytes = max_bytes;
        self
    }

    /// Reads a directory file, detecting its format from the header. The input is read as a
    /// stream, at most the importer's limit ([`Importer::with_max_bytes`]).
    pub fn read(&self, input: impl Read) -> ImportResult {
        self.import(input, None)
    }

    /// Reads a directory file of the given format. A header lacking one of the format's
    /// required columns is an [`ImportCode::UnknownHeader`] error.
    pub fn read_as(&self, format: DirectoryFormat, input: impl Read) -> ImportResult {
        self.import(input, Some(format))
    }

    /// Reads the file at `path`, detecting its format.
    pub fn read_path(&self, path: impl AsRef<Path>) -> Result<ImportResult, DirectoryError> {
        Ok(self.read(open(path.as_ref())?))
    }

    /// Reads the file at `path` as the given format.
    pub fn read_path_as(
        &self,
        format: DirectoryFormat,
        path: impl AsRef<Path>,
    ) -> Result<ImportResult, DirectoryError> {
        Ok(self.read_as(format, open(path.as_ref())?))
    }

    fn import(&self, input: impl Read, forced: Option<DirectoryFormat>) -> ImportResult {
        let mut run = Run::default();
        let mut rows = Rows::new(input, self.max_bytes, b',');

        // The first line decides: a `sep=X` line names the delimiter and is skipped; otherwise
        // it is the header, and the delimiter is the likelier of `;` and `,`.
        let first_line = match rows.peek_line() {
            Ok(first) => first.map(|(_, text)| (sep_line(text), guess_delimiter(text))),
            Err(stop) => {
                run.stop(stop);
                return run.finish(None);
            }
        };
        let header_line = match first_line {
            Some((Some(delimiter), _)) => {
                rows.skip_line();
                rows.set_delimiter(delimiter);
                2
            }
            Some((None, delimiter)) => {
                rows.set_delimiter(delimiter);
                1
            }
            None => 1,
        };

        let mut header: Option<Header> = None;
        loop {
            // A record over several lines is taken only with a field count the header allows.
            let fits = |n: usize| header.as_ref().is_some_and(|h| h.fits(n));
            let row = match rows.next_row(fits) {
                Ok(Some(row)) => row,
                Ok(None) => break,
                Err(stop) => {
                    run.stop(stop);
                    break;
                }
            };
            match (&header, row) {
                (None, CsvRow::Record { line, fields }) => {
                    header = Some(Header::read(&owned(&fields), line, forced, &mut run));
                }
                (None, CsvRow::BadQuote { line }) => header = Some(Header::malformed(line)),
                (Some(h), row) => {
                    run.rows += 1;
                    match (&h.layout, row) {
                        (None, _) => {}
                        (Some(_), CsvRow::BadQuote { line }) => run.reject(
                            ImportCode::MalformedQuote,
                            line,
                            None,
                            "a quote is not closed on this line, or text follows a closing quote; \
                             line not imported"
                                .to_string(),
                        ),
                        (Some(layout), CsvRow::Record { line, fields }) => {
                            self.row(layout, h, &owned(&fields), line, &mut run);
                        }
                    }
                }
            }
        }

        match header {
            None => {
                if !run.problems.iter().any(|p| p.severity == Severity::Error) {
                    run.error(
                        ImportCode::EmptyFile,
                        header_line,
                        None,
                        "the file holds no header line".to_string(),
                    );
                }
                run.finish(None)
            }
            Some(h) => match &h.layout {
                Some(layout) => run.finish(Some(layout.format)),
                None => {
                    run.rejected = run.rows;
                    let (code, message) = if h.malformed {
                        (
                            ImportCode::MalformedQuote,
                            format!(
                                "the header line has a quote that is not closed, or text after a \
                                 closing quote; {} data rows not imported",
                                run.rows
                            ),
                        )
                    } else {
                        (
                            ImportCode::UnknownHeader,
                            unknown_header_message(forced, &h.names, run.rows),
                        )
                    };
                    run.error(code, h.line, None, message);
                    run.finish(None)
                }
            },
        }
    }

    fn row(
        &self,
        layout: &Layout,
        header: &Header,
        record: &[Vec<u8>],
        line: usize,
        run: &mut Run,
    ) {
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, bytes)| {
                let column = header
                    .names
                    .get(i)
                    .map_or("(beyond the header)", String::as_str);
                decode(bytes, column, line, run)
            })
            .collect();
        let row = Row {
            layout,
            fields: &fields,
        };

        // The header's columns up to the last named one must be there, and no more than the
        // header has; under trailing unnamed columns (the ministry's header ends in `;`) a row
        // may have nothing. Anything else means the values may have shifted.
        if fields.len() < header.width || fields.len() > header.names.len() {
            let expected = if fields.len() < header.width {
                header.width
            } else {
                header.names.len()
            };
            let message = format!("row has {} fields, the header {expected}", fields.len());
            return run.reject(ImportCode::FieldCount, line, None, message);
        }
        if let Some(extra) = fields
            .iter()
            .skip(header.width)
            .position(|f| !f.trim().is_empty())
        {
            let message = format!(
                "row has a value in column {}, which the header leaves unnamed: the values may \
                 have shifted",
                header.width + extra + 1
            );
            return run.reject(ImportCode::FieldCount, line, None, message);
        }

        let (nr_col, nr) = row.get(Field::Schulnummer);
        let Some(nr) = nr else {
            return run.reject(
                ImportCode::MissingValue,
                line,
                nr_col,
                "no Schulnummer".into(),
            );
        };
        if !(nr.len() == 6 && nr.bytes().all(|b| b.is_ascii_digit())) {
            let message = format!("Schulnummer {} is not 6 digits", shown(nr));
            return run.reject(ImportCode::SchulnummerFormat, line, nr_col, message);
        }

        let name = [Field::Name1, Field::Name2, Field::Name3]
            .into_iter()
            .filter_map(|f| row.get(f).1)
            .collect::<Vec<_>>()
            .join(" ");
        if name.is_empty() {
            let column = row.get(Field::Name1).0;
            return run.reject(ImportCode::MissingValue, line, column, "no name".into());
        }

        if let Some(first) = run.schulnummern.get(nr) {
            let message = format!("Schulnummer {nr} already on line {first}");
            return run.reject(ImportCode::DuplicateSchulnummer, line, nr_col, message);
        }
        run.schulnummern.insert(nr.to_string(), line);

        let id = format!("s-{nr}");
        let mut warn =
            |run: &mut Run, code: ImportCode, column: Option<&'static str>, message: String| {
                run.push(ImportProblem {
                    code,
                    severity: Severity::Warning,
                    line,
                    column: column.map(str::to_string),
                    message,
                    id: Some(id.clone()),
                    occurrences: 1,
                });
            };

        // Kind and Schulform.
        let (sf_col, sf) = row.get(Field::Schulform);
        let authority = nr.starts_with('6');
        let (kind, schulform) = match (sf, layout.format) {
            (None, _) if authority => (InstitutionKind::Schulaufsicht, None),
            (None, _) => {
                warn(run, ImportCode::MissingValue, sf_col, "no Schulform".into());
                (InstitutionKind::Schule, None)
            }
            (Some(key), DirectoryFormat::Schuldaten) => self.by_key(key, sf_col, run, &mut warn),
            (Some(name), DirectoryFormat::Schulverzeichnis) => match self.key_of_name(name) {
                Some(key) => (kind_of_key(key), Some(key.to_string())),
                None if name.eq_ignore_ascii_case("0A") => (InstitutionKind::Schulaufsicht, None),
                None => {
                    let message = format!("Schulform name {} maps to no official key", shown(name));
                    warn(run, ImportCode::UnknownSchulform, sf_col, message);
                    (InstitutionKind::Schule, None)
                }
            },
        };

        let mut institution = Institution::new(id.clone(), name, kind);
        institution.schulnummer = Some(nr.to_string());
        institution.schulform = schulform;
        institution.plz = row.get(Field::Plz).1.map(str::to_string);
        institution.ort = row.get(Field::Ort).1.map(str::to_string);

        let (ags_col, ags) = row.get(Field::Gemeindeschluessel);
        institution.gemeindeschluessel = match ags {
            None => {
                warn(
                    run,
                    ImportCode::MissingValue,
                    ags_col,
                    "no Gemeindeschlüssel".into(),
                );
                None
            }
            Some(v) if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) => Some(v.to_string()),
            Some(v) if v.len() == 7 && v.bytes().all(|b| b.is_ascii_digit()) => {
                let repaired = format!("0{v}");
                let example = || {
                    format!(
                        "Gemeindeschlüssel without its leading zero, repaired (e.g. {} → {})",
                        shown(v),
                        shown(&repaired)
                    )
                };
                run.summarise(
                    ImportCode::GemeindeschluesselRepaired,
                    ags_col,
                    line,
                    example,
                );
                Some(repaired)
            }
            Some(v) => {
                let message = format!("Gemeindeschlüssel {} is not 8 digits", shown(v));
                warn(run, ImportCode::GemeindeschluesselFormat, ags_col, message);
                None
            }
        };

        let (rf_col, rf) = row.get(Field::Rechtsform);
        institution.traeger = rf.and_then(|v| {
            let traeger = traeger(v);
            if traeger.is_none() {
                let message = format!("Rechtsform {} is neither public nor private", shown(v));
                warn(run, ImportCode::UnknownRechtsform, rf_col, message);
            }
            traeger
        });

        let (n_col, n) = row.get(Field::Anzahl);
        institution.pupils = n.and_then(|v| {
            let pupils = whole_number(v).and_then(|n| u32::try_from(n).ok());
            if pupils.is_none() {
                let message = format!("pupil count {} is not a whole number", shown(v));
                warn(run, ImportCode::InvalidNumber, n_col, message);
            }
            pupils
        });

        let (si_col, si) = row.get(Field::Sozialindex);
        institution.sozialindex = si.and_then(|v| match whole_number(v) {
            None => {
                let message = format!("Sozialindex {} is not a whole number", shown(v));
                warn(run, ImportCode::InvalidNumber, si_col, message);
                None
            }
            Some(n @ 1..=9) => u8::try_from(n).ok(),
            Some(n) => {
                let message = format!("Sozialindex {n} is outside 1–9");
                warn(run, ImportCode::SozialindexOutOfRange, si_col, message);
                None
            }
        });

        let (b_col, betrieb) = row.get(Field::Betrieb);
        if let Some(key) = betrieb.filter(|k| *k != "1") {
            let date = row.get(Field::BetriebDatum).1;
            let on = date.map(|d| format!(" ({})", shown(d))).unwrap_or_default();
            let message = match key {
                "2" => format!("Schulbetriebsschlüssel 2: being phased out{on}; imported"),
                "9" => format!("Schulbetriebsschlüssel 9: closed{on}; imported"),
                "6" => format!("Schulbetriebsschlüssel 6: special institution{on}; imported"),
                other => format!(
                    "Schulbetriebsschlüssel {} is not 1 (in operation){on}; imported",
                    shown(other)
                ),
            };
            warn(run, ImportCode::NotInOperation, b_col, message);
        }

        run.institutions.push(institution);
    }

    fn by_key(
        &self,
        key: &str,
        column: Option<&'static str>,
        run: &mut Run,
        warn: &mut impl FnMut(&mut Run, ImportCode, Option<&'static str>, String),
    ) -> (InstitutionKind, Option<String>) {
        if key.eq_ignore_ascii_case("0A") {
            return (InstitutionKind::Schulaufsicht, None);
        }
        if self.schulformen.get(key).is_some() {
            return (kind_of_key(key), Some(key.to_string()));
        }
        let hint = self
            .schulformen
            .closest(key)
            .map(|k| format!(" (did you mean {k}?)"))
            .unwrap_or_default();
        if key.len() == 2 && key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let message = format!("Schulform key {key} is not in the official list; kept{hint}");
            warn(run, ImportCode::UnknownSchulform, column, message);
            (kind_of_key(key), Some(key.to_string()))
        } else {
            let message = format!("Schulform key {} is not a key; left out{hint}", shown(key));
            warn(run, ImportCode::UnknownSchulform, column, message);
            (InstitutionKind::Schule, None)
        }
    }

    /// The official key of a Schulform name as the directory writes it. Names are compared
    /// ignoring case, the official list's "im Bereich " and "Schulversuch ", and a "-Schule"
    /// suffix: "Förderschule Grund-/Hauptschule" is "Förderschule im Bereich
    /// Grund-/Hauptschule" (08), "PRIMUS-Schule" is "Schulversuch PRIMUS" (13). A value that is
    /// itself a key is taken as one.
    fn key_of_name(&self, name: &str) -> Option<&str> {
        if let Some(s) = self.schulformen.get(name) {
            return Some(&s.key);
        }
        let wanted = normalise_name(name);
        let mut found = self.names.iter().filter(|(n, _)| *n == wanted);
        match (found.next(), found.next()) {
            (Some((_, key)), None) => Some(key),
            _ => None,
        }
    }
}

fn open(path: &Path) -> Result<std::fs::File, DirectoryError> {
    std::fs::File::open(path).map_err(|source| DirectoryError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn kind_of_key(key: &str) -> InstitutionKind {
    match key {
        "30" | "88" => InstitutionKind::Berufskolleg,
        _ => InstitutionKind::Schule,
    }
}

fn normalise_name(name: &str) -> String {
    let lower = name.to_lowercase();
    let lower = lower.trim();
    let lower = lower.strip_suffix("-schule").unwrap_or(lower);
    lower
        .replace("im bereich ", "")
        .replace("schulversuch ", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn traeger(value: &str) -> Option<Traeger> {
    let v = value.to_lowercase();
    match v.as_str() {
        "1" | "öffentlich" | "oeffentlich" => Some(Traeger::Oeffentlich),
        "2" | "privat" => Some(Traeger::Privat),
        _ => None,
    }
}

/// A whole number, also when written as a float with a zero fraction (`5.0`).
fn whole_number(value: &str) -> Option<u64> {
    let digits = match value.split_once('.') {
        Some((int, frac)) if frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => value,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A value for a message: quoted, control characters escaped, at most 40 characters.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut:?}…")
    }
}

fn sep_line(line: &[u8]) -> Option<u8> {
    let trimmed = line.trim_ascii();
    match trimmed {
        [s, e, p, b'=', delimiter]
            if [*s, *e, *p].as_slice().eq_ignore_ascii_case(b"sep")
                && delimiter.is_ascii()
                && !matches!(delimiter, b'"' | b'\n' | b'\r') =>
        {
            Some(*delimiter)
        }
        _ => None,
    }
}

fn guess_delimiter(header: &[u8]) -> u8 {
    let count = |d: u8| header.iter().filter(|b| **b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

fn unknown_header_message(
    wanted: Option<DirectoryFormat>,
    names: &[String],
    rows: usize,
) -> String {
    let reason = match wanted {
        Some(format) => format!(
            "header lacks the {format} columns {}",
            format.missing_columns(names).join(", ")
        ),
        None => "header matches no known directory format (Schuldaten: Schulnummer;Schulform;\
                 Schulbezeichnung_1;…; Schulverzeichnis: …,Schulform,Amtlicher Gemeindeschlüssel,…)"
            .to_string(),
    };
    format!("{reason}; {rows} data rows not imported")
}

/// Decodes a field as UTF-8, falling back to ISO-8859-1 with a summarised warning.
fn decode(bytes: &[u8], column: &str, line: usize, run: &mut Run) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            run.summarise_column(ImportCode::NotUtf8, column, line, || {
                "not UTF-8; read as ISO-8859-1".to_string()
            });
            bytes.iter().map(|b| char::from(*b)).collect()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Schulnummer,
    Schulform,
    Name1,
    Name2,
    Name3,
    Plz,
    Ort,
    Rechtsform,
    Gemeindeschluessel,
    Anzahl,
    Sozialindex,
    Betrieb,
    BetriebDatum,
}

/// Where the fields of a recognised format are.
struct Layout {
    format: DirectoryFormat,
    columns: Vec<(Field, usize, &'static str)>,
}

struct Header {
    line: usize,
    names: Vec<String>,
    /// Columns up to the last named one; rows must have at least this many fields.
    width: usize,
    layout: Option<Layout>,
    /// The header line has a broken quote.
    malformed: bool,
}

impl Header {
    fn malformed(line: usize) -> Header {
        Header {
            line,
            names: Vec::new(),
            width: 0,
            layout: None,
            malformed: true,
        }
    }

    /// Whether a row of `n` fields can be a row of this header.
    fn fits(&self, n: usize) -> bool {
        (self.width..=self.names.len()).contains(&n)
    }

    fn read(
        record: &[Vec<u8>],
        line: usize,
        forced: Option<DirectoryFormat>,
        run: &mut Run,
    ) -> Header {
        let names: Vec<String> = record
            .iter()
            .map(|bytes| {
                let name = decode(bytes, "(header)", line, run);
                name.trim_start_matches('\u{feff}').trim().to_string()
            })
            .collect();
        let width = names
            .iter()
            .rposition(|n| !n.is_empty())
            .map_or(0, |i| i + 1);
        let format = match forced {
            Some(f) => Some(f).filter(|f| f.missing_columns(&names).is_empty()),
            None => DirectoryFormat::detect(&names),
        };
        let layout = format.map(|format| Layout {
            format,
            columns: format
                .columns()
                .iter()
                .filter_map(|(field, name, _)| position(&names, name).map(|i| (*field, i, *name)))
                .collect(),
        });
        Header {
            line,
            names,
            width,
            layout,
            malformed: false,
        }
    }
}

struct Row<'a> {
    layout: &'a Layout,
    fields: &'a [String],
}

impl<'a> Row<'a> {
    /// The column name (if the file has the column) and the trimmed value (if not empty and
    /// not `null`).
    fn get(&self, field: Field) -> (Option<&'static str>, Option<&'a str>) {
        let Some((_, index, name)) = self.layout.columns.iter().find(|(f, _, _)| *f == field)
        else {
            return (None, None);
        };
        let value = self
            .fields
            .get(*index)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty() && !v.eq_ignore_ascii_case("null"));
        (Some(*name), value)
    }
}

struct Summary {
    first: ImportProblem,
    lines: Vec<usize>,
    last_line: usize,
}

/// The state of one import.
#[derive(Default)]
struct Run {
    rows: usize,
    rejected: usize,
    institutions: Vec<Institution>,
    problems: Vec<ImportProblem>,
    summaries: Vec<Summary>,
    schulnummern: HashMap<String, usize>,
}

/// How many line numbers a summarised problem lists.
const SUMMARY_LINES: usize = 10;

impl Run {
    fn push(&mut self, problem: ImportProblem) {
        self.problems.push(problem);
    }

    fn error(&mut self, code: ImportCode, line: usize, column: Option<&str>, message: String) {
        self.push(ImportProblem {
            code,
            severity: Severity::Error,
            line,
            column: column.map(str::to_string),
            message,
            id: None,
            occurrences: 1,
        });
    }

    /// Reports why reading stopped before the end of the input.
    fn stop(&mut self, stop: Stop) {
        match stop {
            Stop::Io { error, line } => self.error(
                ImportCode::ReadError,
                line,
                None,
                format!("cannot read further: {error}"),
            ),
            Stop::TooLarge { limit, line } => self.error(
                ImportCode::TooLarge,
                line,
                None,
                format!("the input has more than {limit} bytes, the limit; reading stopped here"),
            ),
        }
    }

    /// Reports a row that does not become an institution.
    fn reject(&mut self, code: ImportCode, line: usize, column: Option<&str>, message: String) {
        self.rejected += 1;
        self.error(code, line, column, message);
    }

    /// Adds a row to the summarised problem of `code` and `column`; `message` describes the
    /// first row.
    fn summarise(
        &mut self,
        code: ImportCode,
        column: Option<&str>,
        line: usize,
        message: impl FnOnce() -> String,
    ) {
        self.summarise_column(code, column.unwrap_or_default(), line, message);
    }

    fn summarise_column(
        &mut self,
        code: ImportCode,
        column: &str,
        line: usize,
        message: impl FnOnce() -> String,
    ) {
        let found = self
            .summaries
            .iter_mut()
            .find(|s| s.first.code == code && s.first.column.as_deref() == Some(column));
        match found {
            // Counted per row: two bad fields of one row in the same column count once.
            Some(summary) if summary.last_line == line => {}
            Some(summary) => {
                summary.first.occurrences += 1;
                summary.last_line = line;
                if summary.lines.len() < SUMMARY_LINES {
                    summary.lines.push(line);
                }
            }
            None => self.summaries.push(Summary {
                first: ImportProblem {
                    code,
                    severity: Severity::Warning,
                    line,
                    column: Some(column.to_string()),
                    message: message(),
                    id: None,
                    occurrences: 1,
                },
                lines: vec![line],
                last_line: line,
            }),
        }
    }

    fn finish(mut self, format: Option<DirectoryFormat>) -> ImportResult {
        for summary in std::mem::take(&mut self.summaries) {
            let mut problem = summary.first;
            if problem.occurrences > 1 {
                let lines: Vec<String> = summary.lines.iter().map(usize::to_string).collect();
                let more = if problem.occurrences > summary.lines.len() {
                    ", …"
                } else {
                    ""
                };
                problem.message = format!(
                    "{} — {} times, lines {}{more}",
                    problem.message,
                    problem.occurrences,
                    lines.join(", ")
                );
            }
            self.problems.push(problem);
        }
        self.problems.sort_by_key(|p| p.line);
        ImportResult {
            format,
            rows: self.rows,
            rejected: self.rejected,
            institutions: self.institutions,
            problems: self.problems,
        }
    }
}

/// A record's fields as owned byte strings, as the importer works with them.
fn owned(fields: &crate::io::csv_rows::Fields) -> Vec<Vec<u8>> {
    fields.iter().map(<[u8]>::to_vec).collect()
}
