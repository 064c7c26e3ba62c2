//! Official codes the Sek-II rules read: school-leaving qualifications
//! (svws-catalogues/SchulabschlussAllgemeinbildend.json) and classes (Jahrgaenge.json).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A general school-leaving qualification a person holds, by its SVWS key
/// (`SchulabschlussAllgemeinbildend.json`, field `bezeichner`). The names used since 2022
/// (`ESA`, `EESA`, …) are accepted as aliases of the keys they renamed.
///
/// ```
/// use bildungsnetz::rules::Abschluss;
/// let a: Abschluss = serde_json::from_str(r#""EESA""#)?;
/// assert_eq!(a, Abschluss::HA10);
/// assert!(Abschluss::ABITUR.implies(Abschluss::MSA_Q));
/// assert!(!Abschluss::FHR.implies(Abschluss::MSA_Q));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Abschluss {
    /// `OA`: without a qualification.
    OA,
    /// `HA9A` (since 2022 `ESAA`): Erster Schulabschluss without the entitlement to class 10 type B.
    HA9A,
    /// `HA9` (since 2022 `ESA`): Erster Schulabschluss.
    HA9,
    /// `HA9_FOE` (`ESA_FOE`): ESA from an international support class.
    HA9_FOE,
    /// `HA9_Q` (`ESA_Q`): ESA with the entitlement to the gymnasiale Oberstufe.
    HA9_Q,
    /// `HA10` (since 2022 `EESA`): Erweiterter Erster Schulabschluss.
    HA10,
    /// `HA10_Q` (`EESA_Q`): EESA with the entitlement to the gymnasiale Oberstufe.
    HA10_Q,
    /// `MSA`: Mittlerer Schulabschluss (Fachoberschulreife).
    MSA,
    /// `MSA_Q`: MSA with the entitlement to the gymnasiale Oberstufe (Qualifikationsvermerk).
    MSA_Q,
    /// `MSA_Q1`: MSA with the entitlement to enter Q1 directly.
    MSA_Q1,
    /// `VS_11`: Versetzung from class 11 of the Fachoberschule.
    VS_11,
    /// `FHR_S`: Fachhochschulreife, school part only.
    FHR_S,
    /// `FHR`: Fachhochschulreife (school and practical part).
    FHR,
    /// `FGHR`: fachgebundene Hochschulreife.
    FGHR,
    /// `ABITUR`: Allgemeine Hochschulreife.
    ABITUR,
}

impl Abschluss {
    /// All codes, in catalogue order.
    pub const ALL: [Abschluss; 15] = [
        Abschluss::OA,
        Abschluss::HA9A,
        Abschluss::HA9,
        Abschluss::HA9_FOE,
        Abschluss::HA9_Q,
        Abschluss::HA10,
        Abschluss::HA10_Q,
        Abschluss::MSA,
        Abschluss::MSA_Q,
        Abschluss::MSA_Q1,
        Abschluss::VS_11,
        Abschluss::FHR_S,
        Abschluss::FHR,
        Abschluss::FGHR,
        Abschluss::ABITUR,
    ];

    /// The SVWS key (`bezeichner`).
    pub fn code(self) -> &'static str {
        match self {
            Abschluss::OA => "OA",
            Abschluss::HA9A => "HA9A",
            Abschluss::HA9 => "HA9",
            Abschluss::HA9_FOE => "HA9_FOE",
            Abschluss::HA9_Q => "HA9_Q",
            Abschluss::HA10 => "HA10",
            Abschluss::HA10_Q => "HA10_Q",
            Abschluss::MSA => "MSA",
            Abschluss::MSA_Q => "MSA_Q",
            Abschluss::MSA_Q1 => "MSA_Q1",
            Abschluss::VS_11 => "VS_11",
            Abschluss::FHR_S => "FHR_S",
            Abschluss::FHR => "FHR",
            Abschluss::FGHR => "FGHR",
            Abschluss::ABITUR => "ABITUR",
        }
    }

    /// The German name as used since 2022.
    pub fn name_de(self) -> &'static str {
        match self {
            Abschluss::OA => "ohne Abschluss",
            Abschluss::HA9A => "Erster Schulabschluss (ohne Berechtigung Klasse 10 Typ B)",
            Abschluss::HA9 => "Erster Schulabschluss",
            Abschluss::HA9_FOE => "Erster Schulabschluss (Internationale Förderklasse)",
            Abschluss::HA9_Q => "Erster Schulabschluss mit Berechtigung zur gymnasialen Oberstufe",
            Abschluss::HA10 => "Erweiterter Erster Schulabschluss",
            Abschluss::HA10_Q => {
                "Erweiterter Erster Schulabschluss mit Berechtigung zur gymnasialen Oberstufe"
            }
            Abschluss::MSA => "Mittlerer Schulabschluss (Fachoberschulreife)",
            Abschluss::MSA_Q => "Mittlerer Schulabschluss mit Qualifikationsvermerk",
            Abschluss::MSA_Q1 => "Mittlerer Schulabschluss mit Berechtigung zur Q1",
            Abschluss::VS_11 => "Versetzung in Klasse 12 der Fachoberschule",
            Abschluss::FHR_S => "Fachhochschulreife (schulischer Teil)",
            Abschluss::FHR => "Fachhochschulreife",
            Abschluss::FGHR => "fachgebundene Hochschulreife",
            Abschluss::ABITUR => "Allgemeine Hochschulreife (Abitur)",
        }
    }

    /// The code for a key or any alias the vocabulary accepts (the 2022 names `ESA`, `EESA`,
    /// …, `FOR`, `FOR-Q`, `AHR`, any letter case): [`crate::vocabulary::qualification`].
    ///
    /// ```
    /// use bildungsnetz::rules::Abschluss;
    /// assert_eq!(Abschluss::from_code("FOR"), Some(Abschluss::MSA));
    /// ```
    pub fn from_code(code: &str) -> Option<Abschluss> {
        crate::vocabulary::qualification(code)
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// The codes this qualification includes (itself and every lower one it implies), as a
    /// bit set over [`Abschluss::ALL`].
    pub(crate) fn implied_mask(self) -> u32 {
        use Abschluss as A;
        let esa = A::OA.bit() | A::HA9A.bit() | A::HA9.bit() | A::HA9_FOE.bit();
        let eesa = esa | A::HA10.bit();
        let msa = eesa | A::MSA.bit();
        let q = A::HA9_Q.bit() | A::HA10_Q.bit() | A::MSA_Q.bit();
        self.bit()
            | match self {
                A::OA => 0,
                A::HA9A => A::OA.bit(),
                A::HA9 | A::HA9_FOE => esa,
                A::HA9_Q => esa | A::HA9_Q.bit(),
                A::HA10 => eesa,
                A::HA10_Q => eesa | A::HA9_Q.bit(),
                A::MSA => msa,
                A::MSA_Q => msa | q,
                A::MSA_Q1 => msa | q,
                A::VS_11 => msa,
                A::FHR_S => msa,
                A::FHR => msa | A::FHR_S.bit(),
                A::FGHR => msa | A::FHR_S.bit() | A::FHR.bit(),
                A::ABITUR => {
                    msa | q | A::MSA_Q1.bit() | A::FHR_S.bit() | A::FHR.bit() | A::FGHR.bit()
                }
            }
    }

    /// Whether holding `self` counts as holding `other` (e.g. the Abitur includes the MSA).
    pub fn implies(self, other: Abschluss) -> bool {
        self.implied_mask() & other.bit() != 0
    }

    /// Whether this qualification carries the entitlement to the gymnasiale Oberstufe.
    pub fn has_q_vermerk(self) -> bool {
        self.implies(Abschluss::HA9_Q)
            || self.implies(Abschluss::HA10_Q)
            || self.implies(Abschluss::MSA_Q)
    }
}

/// The union of what a list of qualifications includes.
pub(crate) fn held_mask(held: &[Abschluss]) -> u32 {
    held.iter().fold(0, |m, a| m | a.implied_mask())
}

/// Whether the mask includes a qualification.
pub(crate) fn has(mask: u32, a: Abschluss) -> bool {
    mask & a.bit() != 0
}

/// Whether the mask includes the entitlement to the gymnasiale Oberstufe.
pub(crate) fn has_q(mask: u32) -> bool {
    has(mask, Abschluss::HA9_Q) || has(mask, Abschluss::HA10_Q) || has(mask, Abschluss::MSA_Q)
}

impl Serialize for Abschluss {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Abschluss {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Abschluss, D::Error> {
        use crate::vocabulary::{CodeKind, deserialize_code};
        deserialize_code(d, CodeKind::Qualification, Abschluss::from_code)
    }
}

impl schemars::JsonSchema for Abschluss {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Abschluss".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let keys = Abschluss::ALL.into_iter().map(Abschluss::code);
        let aliases = crate::vocabulary::aliases(crate::vocabulary::CodeKind::Qualification);
        let codes: Vec<&str> = keys.chain(aliases).collect();
        schemars::json_schema!({
            "description": "A general school-leaving qualification (allgemeinbildender Schulabschluss) by its SVWS key (SchulabschlussAllgemeinbildend.json), or the name used since 2022 (ESA = HA9, EESA = HA10, FOR = MSA, AHR = ABITUR, …; any letter case, `-` or a space for `_`).",
            "type": "string",
            "enum": codes
        })
    }
}

/// A class (Jahrgang) by its SVWS key (`Jahrgaenge.json`): `"05"` … `"10"`, `"EF"`, `"Q1"`,
/// `"Q2"`.
///
/// ```
/// use bildungsnetz::rules::Jahrgang;
/// let j: Jahrgang = serde_json::from_str(r#""08""#)?;
/// assert_eq!(j, Jahrgang::Klasse(8));
/// assert_eq!(serde_json::to_string(&Jahrgang::EF)?, r#""EF""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Jahrgang {
    /// Class 1–13 of Primar- and Sekundarstufe I (and classes 11–13 where they are not EF/Q).
    Klasse(u8),
    /// Einführungsphase of the gymnasiale Oberstufe.
    EF,
    /// Qualifikationsphase, first year.
    Q1,
    /// Qualifikationsphase, second year.
    Q2,
}

impl Jahrgang {
    /// The SVWS key.
    pub fn code(self) -> String {
        match self {
            Jahrgang::Klasse(n) => format!("{n:02}"),
            Jahrgang::EF => "EF".to_owned(),
            Jahrgang::Q1 => "Q1".to_owned(),
            Jahrgang::Q2 => "Q2".to_owned(),
        }
    }

    /// The class for a key (`"08"`, `"8"`, `"JAHRGANG_08"`, `"EF"`). The keys it reads are
    /// the JSON Schema of learner facts describes.
    pub fn from_code(code: &str) -> Option<Jahrgang> {
        let c = code.strip_prefix("JAHRGANG_").unwrap_or(code);
        match c {
            "EF" => Some(Jahrgang::EF),
            "Q1" => Some(Jahrgang::Q1),
            "Q2" => Some(Jahrgang::Q2),
            _ => {
                let n: u8 = c.parse().ok()?;
                (1..=13).contains(&n).then_some(Jahrgang::Klasse(n))
            }
        }
    }
}

/// The keys [`Jahrgang::from_code`] reads, as the regular expression the JSON Schema states:
/// an optional `JAHRGANG_` prefix, then `EF`, `Q1`, `Q2` or a class 1–13 as an unsigned
/// integer (leading zeros and a `+` allowed, as Rust's integer parsing takes them).
pub(crate) const JAHRGANG_PATTERN: &str = r"^(JAHRGANG_)?(EF|Q1|Q2|\+?0*([1-9]|1[0-3]))$";

impl Serialize for Jahrgang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Jahrgang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Jahrgang, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Jahrgang::from_code(&text).ok_or_else(|| serde::de::Error::custom("unknown Jahrgang"))
    }
}

impl schemars::JsonSchema for Jahrgang {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Jahrgang".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A class (Jahrgang) by its SVWS key (Jahrgaenge.json): `01` to `13` (also without the leading zero), `EF` (Einführungsphase), `Q1`, `Q2` (Qualifikationsphase); an optional `JAHRGANG_` prefix is accepted.",
            "type": "string",
            "pattern": JAHRGANG_PATTERN
        })
    }
}

/// A German grade with two decimals (1.0 best … 6.0), e.g. the overall grade of a vocational
/// qualification. JSON: a number.
///
/// ```
/// use bildungsnetz::rules::Grade;
/// let g: Grade = serde_json::from_str("2.5")?;
/// assert_eq!(g.hundredths(), 250);
/// assert!(serde_json::from_str::<Grade>("7.0").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Grade(u16);

impl Grade {
    /// A grade from hundredths (100 = 1.0 … 600 = 6.0).
    pub fn from_hundredths(h: u16) -> Option<Grade> {
        (100..=600).contains(&h).then_some(Grade(h))
    }

    /// The grade in hundredths.
    pub fn hundredths(self) -> u16 {
        self.0
    }
}

impl Serialize for Grade {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 100.0)
    }
}

impl<'de> Deserialize<'de> for Grade {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Grade, D::Error> {
        let v = f64::deserialize(d)?;
        let h = (v * 100.0).round();
        if !(100.0..=600.0).contains(&h) {
            return Err(serde::de::Error::custom("grade outside 1.0–6.0"));
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Grade::from_hundredths(h as u16)
            .ok_or_else(|| serde::de::Error::custom("grade outside 1.0–6.0"))
    }
}

impl schemars::JsonSchema for Grade {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Grade".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A German grade (Note) with up to two decimals, 1.0 (sehr gut, best) to 6.0 (ungenügend).",
            "type": "number",
            "minimum": 1.0,
            "maximum": 6.0
        })
    }
}
