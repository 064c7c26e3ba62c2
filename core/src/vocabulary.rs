//! One vocabulary: the canonical code of each qualification, Schulform, Bildungsgang, Kommune
//! and Land, the spellings users write for them, and the one place that maps a spelling to its
//! code. Every parser (learner facts, monitoring records, office requests), the command line and
//! both bindings call these functions; see `docs/vocabulary.md` for the reasoning.
//!
//! | kind | canonical code | accepted spellings |
//! |---|---|---|
//! | [`CodeKind::Qualification`] | SVWS key of `SchulabschlussAllgemeinbildend` (`HA10`, `MSA_Q`, `ABITUR`) | the key; its 2022 Kürzel (`EESA`); `FOR`, `FOR-Q`, `AHR`, `Abitur`, `HSA` …; any letter case, `-` or space for `_` |
//! | [`CodeKind::Schulform`] | SVWS statistics key of `Schulform` (`20`) | the key; its Kürzel (`GY`); its name (`Gymnasium`); the rules' names (`gymnasium`) |
//! | [`CodeKind::Bildungsgang`] | SVWS `Schulgliederung` key (`B06`) or the Rheinland-Pfalz list's code (`BF2`) | any letter case |
//! | [`CodeKind::Kommune`] | the 8-digit Amtlicher Gemeindeschlüssel (`05334012`) | the AGS; a network document's id `k-05334012`; the 12-digit ARS |
//! | [`CodeKind::Land`] | the model's two-letter code (`NW`) | any letter case; `NRW`, `RLP`; the German name (`Nordrhein-Westfalen`) |
//!
//! Codes are not treated as personal: still, an error about a spelling names the field and lists
//! accepted codes, and never repeats what was written — a code cell of a learner file sits next
//! to a child's data, and a misplaced column would put a person's value in it.
//!
//! ```
//! use bildungsnetz::vocabulary::{canonical, CodeKind};
//! assert_eq!(canonical(CodeKind::Land, "nrw")?, "NW");
//! assert_eq!(canonical(CodeKind::Qualification, "FOR-Q")?, "MSA_Q");
//! assert_eq!(canonical(CodeKind::Schulform, "Gymnasium")?, "20");
//! assert_eq!(canonical(CodeKind::Kommune, "k-05334012")?, "05334012");
//! let err = canonical(CodeKind::Land, "Atlantis").unwrap_err();
//! assert!(err.to_string().starts_with("unknown land code (accepted: NW, RP,"));
//! # Ok::<(), bildungsnetz::vocabulary::UnknownCode>(())
//! ```

use crate::calendar::SchoolYear;
use crate::model::Land;
use crate::rules::{Abschluss, BbsBildungsgang, Bildungsgang, Schulform as SchoolType};

/// A kind of code the vocabulary maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A general school-leaving qualification ([`Abschluss`]).
    Qualification,
    /// An NRW Schulform by its statistics key.
    Schulform,
    /// A Bildungsgang of a Berufskolleg (NRW) or berufsbildende Schule (Rheinland-Pfalz).
    Bildungsgang,
    /// A Stadt or Gemeinde by its Amtlicher Gemeindeschlüssel.
    Kommune,
    /// A German Land ([`Land`]).
    Land,
}

impl CodeKind {
    /// Every kind, in the order of the module's table.
    pub const ALL: [CodeKind; 5] = [
        CodeKind::Qualification,
        CodeKind::Schulform,
        CodeKind::Bildungsgang,
        CodeKind::Kommune,
        CodeKind::Land,
    ];

    /// The kind's name in the bindings and on the command line (`"qualification"`, …).
    ///
    /// ```
    /// use bildungsnetz::vocabulary::CodeKind;
    /// assert_eq!(CodeKind::from_name("kommune"), Some(CodeKind::Kommune));
    /// assert_eq!(CodeKind::Kommune.name(), "kommune");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            CodeKind::Qualification => "qualification",
            CodeKind::Schulform => "schulform",
            CodeKind::Bildungsgang => "bildungsgang",
            CodeKind::Kommune => "kommune",
            CodeKind::Land => "land",
        }
    }

    /// The kind of a name of [`CodeKind::name`].
    pub fn from_name(name: &str) -> Option<CodeKind> {
        CodeKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A spelling the vocabulary does not know. The spelling itself is not kept: the message names
/// the kind and lists accepted codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownCode {
    /// The kind of code asked for.
    pub kind: CodeKind,
}

impl UnknownCode {
    /// The message: the kind and a few accepted codes.
    pub fn message(self) -> &'static str {
        match self.kind {
            CodeKind::Qualification => {
                "unknown qualification code (accepted: OA, HA9 (ESA), HA10 (EESA), MSA, MSA_Q, FHR, ABITUR, …)"
            }
            CodeKind::Schulform => {
                "unknown schulform code (accepted: 02 (G), 04 (H), 10 (R), 14 (SK), 15 (GE), 20 (GY), 30 (BK), …)"
            }
            CodeKind::Bildungsgang => {
                "unknown bildungsgang code (accepted: A01, B06, C05, D01, E01, BF1, BF2, FOS, …)"
            }
            CodeKind::Kommune => {
                "unknown kommune code (accepted: an 8-digit AGS, k- followed by one, or a 12-digit ARS)"
            }
            CodeKind::Land => {
                "unknown land code (accepted: NW, RP, BY, …; also NRW, RLP, Nordrhein-Westfalen)"
            }
        }
    }
}

/// Whether `spelling` equals the upper-case code `code` with letter case ignored and `-` or a
/// space standing for `_` — without allocating, as the loaders call it for every cell.
fn same_code(spelling: &str, code: &str) -> bool {
    spelling.len() == code.len()
        && spelling.bytes().zip(code.bytes()).all(|(s, c)| {
            let s = match s {
                b'-' | b' ' => b'_',
                other => other.to_ascii_uppercase(),
            };
            s == c
        })
}

/// Spellings of qualifications beside the SVWS keys, with the key each stands for: the 2022
/// Kürzel of the catalogue and the names in common use.
const QUALIFICATION_ALIASES: [(&str, Abschluss); 14] = [
    ("ESAA", Abschluss::HA9A),
    ("ESA", Abschluss::HA9),
    ("HSA", Abschluss::HA9),
    ("ESA_FOE", Abschluss::HA9_FOE),
    ("ESA_Q", Abschluss::HA9_Q),
    ("EESA", Abschluss::HA10),
    ("HSA10", Abschluss::HA10),
    ("EESA_Q", Abschluss::HA10_Q),
    ("FOR", Abschluss::MSA),
    ("FOR_Q", Abschluss::MSA_Q),
    ("FORQ", Abschluss::MSA_Q),
    ("AHR", Abschluss::ABITUR),
    ("FGH", Abschluss::FGHR),
    ("OHNE", Abschluss::OA),
];

/// The qualification a spelling names: its SVWS key or an alias, in any letter case.
///
/// ```
/// use bildungsnetz::rules::Abschluss;
/// use bildungsnetz::vocabulary::qualification;
/// assert_eq!(qualification("eesa"), Some(Abschluss::HA10));
/// assert_eq!(qualification("FOR-Q"), Some(Abschluss::MSA_Q));
/// assert_eq!(qualification("Abitur"), Some(Abschluss::ABITUR));
/// assert_eq!(qualification("Doktor"), None);
/// ```
pub fn qualification(spelling: &str) -> Option<Abschluss> {
    let spelling = spelling.trim();
    Abschluss::ALL
        .into_iter()
        .find(|a| same_code(spelling, a.code()))
        .or_else(|| {
            QUALIFICATION_ALIASES
                .iter()
                .find(|(alias, _)| same_code(spelling, alias))
                .map(|(_, a)| *a)
        })
}

/// One NRW Schulform of the official list (`core/data/nrw/Schulform.json`, checked by a test
/// against it): key, Kürzel, name, first and last school year (by starting calendar year).
type SchulformRow = (
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Option<i32>,
);

/// The NRW Schulform list, ordered by key.
const SCHULFORMEN: [SchulformRow; 19] = [
    ("02", "G", "Grundschule", None, None),
    ("04", "H", "Hauptschule", None, None),
    ("06", "V", "Volksschule", None, None),
    (
        "08",
        "S",
        "Förderschule im Bereich Grund-/Hauptschule",
        None,
        None,
    ),
    ("10", "R", "Realschule", None, None),
    ("13", "PS", "Schulversuch PRIMUS", None, None),
    ("14", "SK", "Sekundarschule", None, None),
    ("15", "GE", "Gesamtschule", None, None),
    ("16", "GM", "Gemeinschaftsschule", None, Some(2022)),
    ("17", "FW", "Freie Waldorfschule", None, None),
    ("18", "HI", "Hibernia", None, None),
    ("19", "WF", "Freie Waldorfförderschule", None, None),
    ("20", "GY", "Gymnasium", None, None),
    ("25", "WB", "Weiterbildungskolleg", None, None),
    ("30", "BK", "Berufskolleg", None, None),
    ("83", "KS", "Klinikschule", None, None),
    ("85", "SR", "Förderschule im Bereich Realschule", None, None),
    ("87", "SG", "Förderschule im Bereich Gymnasium", None, None),
    (
        "88",
        "SB",
        "Förderschule im Bereich Berufskolleg",
        None,
        None,
    ),
];

/// The NRW Schulform key a spelling names, in any school year: the key (`"20"`), the Kürzel
/// (`"GY"`, any case), the name (`"Gymnasium"`, any case) or the rules' name (`"gymnasium"`).
///
/// ```
/// use bildungsnetz::vocabulary::schulform_key;
/// assert_eq!(schulform_key("gy"), Some("20"));
/// assert_eq!(schulform_key("Gesamtschule"), Some("15"));
/// assert_eq!(schulform_key("sekundarschule"), Some("14"));
/// assert_eq!(schulform_key("realschule_plus"), None); // Rheinland-Pfalz only
/// ```
pub fn schulform_key(spelling: &str) -> Option<&'static str> {
    let s = spelling.trim();
    SCHULFORMEN
        .iter()
        .find(|(key, kuerzel, name, ..)| {
            *key == s || kuerzel.eq_ignore_ascii_case(s) || name.to_lowercase() == s.to_lowercase()
        })
        .map(|(key, ..)| *key)
        .or_else(|| SchoolType::from_rules_name(s)?.nrw_key())
}

/// [`schulform_key`], only if the key is valid in `year` per the list (`"16"`, the
/// Gemeinschaftsschule, ends with 2022/23).
///
/// ```
/// use bildungsnetz::calendar::SchoolYear;
/// use bildungsnetz::vocabulary::schulform_key_in;
/// let y2024 = SchoolYear::starting(2024)?;
/// assert_eq!(schulform_key_in("GY", y2024), Some("20"));
/// assert_eq!(schulform_key_in("GM", y2024), None);
/// assert_eq!(schulform_key_in("GM", SchoolYear::starting(2022)?), Some("16"));
/// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
/// ```
pub fn schulform_key_in(spelling: &str, year: SchoolYear) -> Option<&'static str> {
    let key = schulform_key(spelling)?;
    let y = year.start_year();
    SCHULFORMEN
        .iter()
        .find(|row| row.0 == key)
        .filter(|(.., from, until)| from.is_none_or(|f| y >= f) && until.is_none_or(|u| y <= u))
        .map(|row| row.0)
}

/// The Land a spelling names: the two-letter code in any case, `NRW`, `RLP`, or the German
/// name.
///
/// ```
/// use bildungsnetz::model::Land;
/// use bildungsnetz::vocabulary::land;
/// assert_eq!(land("nw"), Some(Land::NW));
/// assert_eq!(land("NRW"), Some(Land::NW));
/// assert_eq!(land("Rheinland-Pfalz"), Some(Land::RP));
/// assert_eq!(land("rlp"), Some(Land::RP));
/// assert_eq!(land("XX"), None);
/// ```
pub fn land(spelling: &str) -> Option<Land> {
    use crate::catalogue::GermanName;
    let s = spelling.trim();
    if let Some(l) = Land::ALL.into_iter().find(|l| same_code(s, l.code())) {
        return Some(l);
    }
    if same_code(s, "NRW") {
        return Some(Land::NW);
    }
    if same_code(s, "RLP") {
        return Some(Land::RP);
    }
    Land::ALL
        .into_iter()
        .find(|l| l.name_de().to_lowercase() == s.to_lowercase())
}

/// The 8-digit Amtlicher Gemeindeschlüssel a spelling names: the AGS itself (`05334012`), a
/// network document's Kommune id (`k-05334012`), or the 12-digit Regionalschlüssel (Land,
/// Bezirk, Kreis, Gemeindeverband, Gemeinde: the Verband's four digits are dropped). The first
/// two digits must be a Land's (01–16). Seven digits are refused: a key whose leading zero a
/// spreadsheet took is a defect of the file, reported rather than guessed.
///
/// ```
/// use bildungsnetz::vocabulary::kommune_ags;
/// assert_eq!(kommune_ags("05334012").as_deref(), Some("05334012"));
/// assert_eq!(kommune_ags("k-05334012").as_deref(), Some("05334012"));
/// assert_eq!(kommune_ags("053340012012").as_deref(), Some("05334012"));
/// assert_eq!(kommune_ags("5334002"), None);
/// assert_eq!(kommune_ags("99334002"), None);
/// ```
pub fn kommune_ags(spelling: &str) -> Option<String> {
    let s = spelling.trim();
    if is_ags(s) {
        return Some(s.to_owned());
    }
    let digits = s
        .strip_prefix("k-")
        .or_else(|| s.strip_prefix("K-"))
        .unwrap_or(s);
    let ags = match digits.len() {
        8 => digits.to_owned(),
        12 if digits.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}{}", digits.get(..5)?, digits.get(9..)?)
        }
        _ => return None,
    };
    is_ags(&ags).then_some(ags)
}

/// Whether `s` is an AGS as written: eight digits, the first two a Land's (01–16). Checked
/// without a table look-up, as the loaders call it for every cell.
fn is_ags(s: &str) -> bool {
    match s.as_bytes() {
        [a @ b'0'..=b'1', b @ b'0'..=b'9', rest @ ..] if rest.len() == 6 => {
            let land = (a - b'0') * 10 + (b - b'0');
            (1..=16).contains(&land) && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// A list of Kommunen with every spelling [`kommune_ags`] knows replaced by its AGS; a spelling
/// it does not know is kept as written, for the receiver's own check to report (as
/// [`crate::monitor::indicator::IndicatorSet::new`] does).
///
/// ```
/// use bildungsnetz::vocabulary::kommune_list;
/// let given = ["k-05334002".to_owned(), "053340004004".to_owned(), "Aachen".to_owned()];
/// assert_eq!(kommune_list(&given), ["05334002", "05334004", "Aachen"]);
/// ```
pub fn kommune_list(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|k| kommune_ags(k).unwrap_or_else(|| k.clone()))
        .collect()
}

/// The Bildungsgang code a spelling names (any letter case): a row of the NRW Berufskolleg
/// table ([`Bildungsgang`]) or of the Rheinland-Pfalz list ([`BbsBildungsgang`]).
///
/// ```
/// use bildungsnetz::vocabulary::bildungsgang;
/// assert_eq!(bildungsgang("b06"), Some("B06"));
/// assert_eq!(bildungsgang("fos"), Some("FOS"));
/// assert_eq!(bildungsgang("Z99"), None);
/// ```
pub fn bildungsgang(spelling: &str) -> Option<&'static str> {
    let s = spelling.trim();
    Bildungsgang::find(s)
        .map(|b| b.code)
        .or_else(|| BbsBildungsgang::find(s).map(|b| b.code))
}

/// The kind of code a record field holds, by the field's name in learner facts and monitoring
/// records; `None` for a field that holds no code of the vocabulary.
pub(crate) fn kind_of_field(field: &str) -> Option<CodeKind> {
    Some(match field {
        "land" | "training_or_work_land" => CodeKind::Land,
        "qualification" | "qualifications" => CodeKind::Qualification,
        "schulform" | "transition_schulform" => CodeKind::Schulform,
        "residence_ags" | "school_ags" => CodeKind::Kommune,
        _ => return None,
    })
}

/// What is wrong with a field of a record that failed to parse: an unknown code for a code
/// field, otherwise an invalid value.
pub(crate) fn field_error(field: &str) -> crate::rules::RecordErrorKind {
    match kind_of_field(field) {
        Some(kind) => crate::rules::RecordErrorKind::UnknownCode(UnknownCode { kind }),
        None => crate::rules::RecordErrorKind::InvalidValue,
    }
}

/// Reads a string and maps it with `map`, failing with [`UnknownCode`] of `kind` — without
/// copying the string (the loaders call it for every cell).
pub(crate) fn deserialize_code<'de, D, T>(
    d: D,
    kind: CodeKind,
    map: fn(&str) -> Option<T>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Code<T> {
        kind: CodeKind,
        map: fn(&str) -> Option<T>,
    }
    impl<T> serde::de::Visitor<'_> for Code<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a {} code", self.kind.name())
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.map)(v).ok_or_else(|| E::custom(UnknownCode { kind: self.kind }))
        }
    }
    d.deserialize_str(Code { kind, map })
}

/// serde's `deserialize_with` for an optional Kommune: any spelling of [`kommune_ags`], kept
/// as the 8-digit AGS.
pub(crate) fn deserialize_ags<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    let text = <Option<String> as serde::Deserialize>::deserialize(d)?;
    text.map(|t| {
        // An AGS as written is kept as it is, without a copy.
        if is_ags(&t) {
            return Ok(t);
        }
        kommune_ags(&t).ok_or_else(|| {
            serde::de::Error::custom(UnknownCode {
                kind: CodeKind::Kommune,
            })
        })
    })
    .transpose()
}

/// The JSON Schema of a Kommune as [`deserialize_ags`] reads it (fields using it say
/// `#[schemars(with = "Option<AgsSpelling>")]`).
pub(crate) struct AgsSpelling;

impl schemars::JsonSchema for AgsSpelling {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ags".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A Kommune by its Amtlicher Gemeindeschlüssel (AGS, 8 digits, e.g. 05334002), also written k-05334002 or as the 12-digit Amtlicher Regionalschlüssel (ARS).",
            "type": "string",
            "pattern": "^(k-)?[0-9]{8}$|^[0-9]{12}$"
        })
    }
}

/// The JSON Schema of an NRW Schulform as [`deserialize_schulform_key`] reads it.
pub(crate) struct SchulformSpelling;

impl schemars::JsonSchema for SchulformSpelling {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchulformSpelling".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An NRW Schulform by its statistics key (\"20\"), Kürzel (\"GY\") or name (\"Gymnasium\"), valid in the record's school year by the official list (SVWS Schulform.json); written back as the key.",
            "type": "string",
            "examples": ["20", "GY", "Gymnasium"]
        })
    }
}

/// serde's `deserialize_with` for an optional NRW Schulform: any spelling of
/// [`schulform_key`], kept as the key (the school year is checked by the record readers).
pub(crate) fn deserialize_schulform_key<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    let text = <Option<std::borrow::Cow<'de, str>> as serde::Deserialize>::deserialize(d)?;
    // A spelling the list does not know is kept as written: the indicators count such a
    // record as lost under `unknown_code` (issue 16) instead of refusing the whole input.
    Ok(text.map(|t| match schulform_key(&t) {
        Some(key) => key.to_owned(),
        None => t.into_owned(),
    }))
}

/// The canonical code of a spelling of `kind`.
///
/// ```
/// use bildungsnetz::vocabulary::{canonical, CodeKind};
/// assert_eq!(canonical(CodeKind::Bildungsgang, "b07")?, "B07");
/// assert_eq!(canonical(CodeKind::Qualification, "ESA")?, "HA9");
/// assert!(canonical(CodeKind::Kommune, "Aachen").is_err());
/// # Ok::<(), bildungsnetz::vocabulary::UnknownCode>(())
/// ```
pub fn canonical(kind: CodeKind, spelling: &str) -> Result<String, UnknownCode> {
    let code = match kind {
        CodeKind::Qualification => qualification(spelling).map(|a| a.code().to_owned()),
        CodeKind::Schulform => schulform_key(spelling).map(str::to_owned),
        CodeKind::Bildungsgang => bildungsgang(spelling).map(str::to_owned),
        CodeKind::Kommune => kommune_ags(spelling),
        CodeKind::Land => land(spelling).map(|l| l.code().to_owned()),
    };
    code.ok_or(UnknownCode { kind })
}

/// Every canonical code of `kind`, in catalogue order. Kommunen are an open set (every AGS of
/// Germany), so their list is empty.
///
/// ```
/// use bildungsnetz::vocabulary::{codes, CodeKind};
/// assert!(codes(CodeKind::Schulform).contains(&"20"));
/// assert_eq!(codes(CodeKind::Land).len(), 16);
/// assert!(codes(CodeKind::Kommune).is_empty());
/// ```
pub fn codes(kind: CodeKind) -> Vec<&'static str> {
    match kind {
        CodeKind::Qualification => Abschluss::ALL.iter().map(|a| a.code()).collect(),
        CodeKind::Schulform => SCHULFORMEN.iter().map(|row| row.0).collect(),
        CodeKind::Bildungsgang => Bildungsgang::all()
            .iter()
            .map(|b| b.code)
            .chain(BbsBildungsgang::all().iter().map(|b| b.code))
            .collect(),
        CodeKind::Kommune => Vec::new(),
        CodeKind::Land => Land::ALL.iter().map(|l| l.code()).collect(),
    }
}

/// Every spelling of `kind` beside the codes that the vocabulary accepts, as written in its
/// tables (letter case aside) — for a schema that lists accepted values. Kommunen: none (a
/// pattern, not a list).
///
/// ```
/// use bildungsnetz::vocabulary::{aliases, CodeKind};
/// assert!(aliases(CodeKind::Qualification).contains(&"EESA"));
/// assert!(aliases(CodeKind::Land).contains(&"NRW"));
/// assert!(aliases(CodeKind::Schulform).contains(&"GY"));
/// ```
pub fn aliases(kind: CodeKind) -> Vec<&'static str> {
    use crate::catalogue::GermanName;
    match kind {
        CodeKind::Qualification => QUALIFICATION_ALIASES.iter().map(|(a, _)| *a).collect(),
        CodeKind::Schulform => SCHULFORMEN
            .iter()
            .flat_map(|(_, kuerzel, name, ..)| [*kuerzel, *name])
            .collect(),
        CodeKind::Bildungsgang | CodeKind::Kommune => Vec::new(),
        CodeKind::Land => ["NRW", "RLP"]
            .into_iter()
            .chain(Land::ALL.iter().map(|l| l.name_de()))
            .collect(),
    }
}

/// The German name of a canonical code of `kind` (a Kommune has none here: the name is the
/// network document's).
///
/// ```
/// use bildungsnetz::vocabulary::{name_de, CodeKind};
/// assert_eq!(name_de(CodeKind::Schulform, "20"), Some("Gymnasium"));
/// assert_eq!(name_de(CodeKind::Qualification, "HA10"), Some("Erweiterter Erster Schulabschluss"));
/// assert_eq!(name_de(CodeKind::Bildungsgang, "BF2"), Some("Berufsfachschule II"));
/// assert_eq!(name_de(CodeKind::Land, "NW"), Some("Nordrhein-Westfalen"));
/// ```
pub fn name_de(kind: CodeKind, code: &str) -> Option<&'static str> {
    use crate::catalogue::GermanName;
    match kind {
        CodeKind::Qualification => Abschluss::ALL
            .into_iter()
            .find(|a| a.code() == code)
            .map(Abschluss::name_de),
        CodeKind::Schulform => SCHULFORMEN
            .iter()
            .find(|row| row.0 == code)
            .map(|row| row.2),
        CodeKind::Bildungsgang => Bildungsgang::all()
            .iter()
            .find(|b| b.code == code)
            .map(|b| b.name_de)
            .or_else(|| {
                BbsBildungsgang::all()
                    .iter()
                    .find(|b| b.code == code)
                    .map(|b| b.name_de)
            }),
        CodeKind::Kommune => None,
        CodeKind::Land => Land::from_code(code).map(|l| l.name_de()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Schulformen;
    use proptest::prelude::*;

    #[test]
    fn schulform_table_is_the_official_list() {
        let official = Schulformen::official().unwrap();
        let listed: Vec<SchulformRow> = official
            .iter()
            .map(|s| {
                let key = codes(CodeKind::Schulform)
                    .into_iter()
                    .find(|k| *k == s.key)
                    .unwrap();
                let row = SCHULFORMEN.iter().find(|r| r.0 == key).unwrap();
                assert_eq!(
                    (row.1, row.2, row.3, row.4),
                    (
                        s.kuerzel.as_str(),
                        s.name.as_str(),
                        s.valid_from,
                        s.valid_until
                    )
                );
                *row
            })
            .collect();
        assert_eq!(listed, SCHULFORMEN);
    }

    #[test]
    fn every_alias_maps_to_a_code_of_the_catalogue() {
        for kind in CodeKind::ALL {
            let known = codes(kind);
            for alias in aliases(kind) {
                let code = canonical(kind, alias).unwrap();
                assert!(known.contains(&code.as_str()), "{kind:?} {alias}");
            }
            for code in known {
                assert!(name_de(kind, code).is_some(), "{kind:?} {code}");
            }
        }
        // The 2022 Kürzel of the catalogue stand for the keys they renamed.
        for (alias, key) in [("ESA", "HA9"), ("EESA", "HA10"), ("ESA_Q", "HA9_Q")] {
            assert_eq!(canonical(CodeKind::Qualification, alias).unwrap(), key);
        }
        assert_eq!(canonical(CodeKind::Qualification, "FORQ").unwrap(), "MSA_Q");
        assert_eq!(
            canonical(CodeKind::Land, "Nordrhein-Westfalen").unwrap(),
            "NW"
        );
    }

    #[test]
    fn rules_schulformen_map_to_their_keys_and_back() {
        for form in SchoolType::ALL {
            match form.nrw_key() {
                Some(key) => {
                    assert_eq!(SchoolType::from_nrw_key(key), Some(form));
                    let name = serde_json::to_value(form).unwrap();
                    assert_eq!(schulform_key(name.as_str().unwrap()), Some(key));
                    let row = SCHULFORMEN.iter().find(|r| r.0 == key).unwrap();
                    assert_eq!(form.nrw_kuerzel(), Some(row.1));
                }
                None => assert_eq!(form, SchoolType::RealschulePlus),
            }
        }
    }

    #[test]
    fn the_three_qualification_types_agree() {
        use crate::monitor::record::Qualification as Band;
        use crate::rules::sek1::Qualification as Sek1;
        for q in Sek1::ALL {
            let a = q.abschluss();
            // The Sek-I result's 2022 Kürzel names the same key.
            let date = crate::calendar::Date::from_ymd(2024, 8, 1).unwrap();
            assert_eq!(qualification(q.code_on(date).kuerzel), Some(a), "{q:?}");
            assert_eq!(qualification(q.name()), Some(a), "{q:?}");
        }
        // Every band is reached, and a band's own name maps back to the band.
        for a in Abschluss::ALL {
            let band = Band::of(a);
            let name = serde_json::to_value(band).unwrap();
            assert_eq!(
                Band::of(qualification(name.as_str().unwrap()).unwrap()),
                band
            );
        }
        assert_eq!(Band::of(Abschluss::HA10_Q), Band::Eesa);
        assert_eq!(Band::of(Abschluss::FHR_S), Band::Fhr);
    }

    #[test]
    fn kommune_messages_carry_no_key_that_could_be_a_records_own() {
        // An example key in the message would read like the value of the record at fault.
        let message = UnknownCode {
            kind: CodeKind::Kommune,
        }
        .message();
        let longest_digit_run = message
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max();
        assert!(longest_digit_run < Some(3), "{message}");
    }

    #[test]
    fn errors_do_not_repeat_the_spelling() {
        let secret = "Mustermann";
        for kind in CodeKind::ALL {
            let e = canonical(kind, secret).unwrap_err();
            assert_eq!(e.kind, kind);
            assert!(!e.to_string().contains(secret));
            assert!(e.to_string().contains(kind.name()));
        }
    }

    fn spelling(kind: CodeKind) -> BoxedStrategy<String> {
        let mut known: Vec<String> = codes(kind)
            .into_iter()
            .chain(aliases(kind))
            .map(str::to_owned)
            .collect();
        if kind == CodeKind::Kommune {
            known = vec![
                "05334012".into(),
                "k-07111000".into(),
                "053340012012".into(),
            ];
        }
        prop_oneof![
            proptest::sample::select(known.clone()),
            proptest::sample::select(known).prop_map(|s| s.to_lowercase()),
            "[0-9]{7,12}",
            "k-[0-9]{8}",
            "[A-Za-z_ -]{1,8}",
        ]
        .boxed()
    }

    #[test]
    fn an_ags_needs_a_lands_prefix() {
        for (text, ok) in [
            ("01001000", true),
            ("16077000", true),
            ("00123456", false),
            ("17123456", false),
            ("0533400x", false),
            ("0533400", false),
        ] {
            assert_eq!(is_ags(text), ok, "{text}");
            assert_eq!(is_ags(text), Land::from_ags(text).is_some() && ok, "{text}");
        }
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent(
            (kind, s) in proptest::sample::select(CodeKind::ALL.to_vec())
                .prop_flat_map(|k| (Just(k), spelling(k)))
        ) {
            if let Ok(code) = canonical(kind, &s) {
                prop_assert_eq!(canonical(kind, &code), Ok(code.clone()));
                if kind != CodeKind::Kommune {
                    prop_assert!(codes(kind).contains(&code.as_str()));
                }
            }
        }

        #[test]
        fn every_canonical_code_maps_to_itself(kind in proptest::sample::select(CodeKind::ALL.to_vec()), ags in "(0[1-9]|1[0-6])[0-9]{6}") {
            for code in codes(kind) {
                prop_assert_eq!(canonical(kind, code), Ok(code.to_owned()));
            }
            prop_assert_eq!(canonical(CodeKind::Kommune, &ags), Ok(ags.clone()));
            prop_assert_eq!(canonical(CodeKind::Kommune, &format!("k-{ags}")), Ok(ags));
        }
    }
}
