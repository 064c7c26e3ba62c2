//! What the engine may know about a learner. Every fact is optional: a missing fact that a
//! rule needs makes the decision `undetermined` and is listed in `missing_facts`.

use serde::{Deserialize, Serialize};

use super::sek2::codes::{Abschluss, Grade, Jahrgang};
use super::stage::{Land, Schulform};
use crate::calendar::Date;

/// The school doctor's finding (schulärztliches Gutachten) relevant to school entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SchoolDoctorOpinion {
    /// The child is schulfähig (physically, mentally and socially ready).
    Schulfaehig,
    /// The child is not (yet) schulfähig.
    NichtSchulfaehig,
    /// There are significant health reasons against school entry now
    /// ("erhebliche gesundheitliche Gründe", § 35 Abs. 3 SchulG NRW).
    ErheblicheGesundheitlicheGruende,
}

/// The ground stated for a deferral of school entry (Zurückstellung).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeferralGround {
    /// A health ground (the only kind § 35 Abs. 3 SchulG NRW admits, if substantial).
    Health,
    /// A disability.
    Disability,
    /// The child's development (maturity, intellect, language).
    Development,
    /// Any other ground.
    Other,
}

/// Why the Schulpflicht rests (ruht) for a while: the grounds of § 40 SchulG NRW (in Rheinland-Pfalz
/// § 60 Abs. 1 SchulG RLP exempts only military and voluntary services and the Mutterschutz).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RestingGround {
    /// Attending a Hochschule (§ 40 Abs. 1 Nr. 1).
    University,
    /// Grundwehrdienst or Zivildienst (Nr. 2; RLP: Wehrdienst).
    MilitaryOrCivilianService,
    /// Bundesfreiwilligendienst, FSJ or FÖJ (Nr. 2, 3; RLP: Jugendfreiwilligendienst, BFD).
    VoluntaryService,
    /// A public-law training relationship (öffentlich-rechtliches Ausbildungsverhältnis, Nr. 4).
    PublicServiceTraining,
    /// Before and after the birth of a pupil's child under the Mutterschutzgesetz (Nr. 5).
    MaternityProtection,
    /// Shown that attending school would put the care of the pupil's child at risk (Nr. 6).
    ParentalCare,
    /// Attending a recognised school for Heil- or Heilhilfsberufe (Nr. 7).
    HealthProfessionSchool,
    /// With Aussiedler or foreigner status, attending a recognised language or support course (Nr. 8).
    LanguageCourse,
    /// Attending the Abendrealschule or a full-time course of a Weiterbildung institution for a
    /// school qualification (Nr. 9).
    EveningSchool,
    /// Cannot be supported even after all sonderpädagogische Förderung; the Schulaufsicht decided
    /// (Abs. 2).
    SupportExhausted,
    /// Any other ground (none of § 40: the Schulpflicht does not rest).
    Other,
}

/// The course length at a Gymnasium.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GymnasiumTrack {
    /// Eight years (Abitur after class 12).
    G8,
    /// Nine years (Abitur after class 13).
    G9,
}

/// The facts about one learner. Unknown fields are rejected, so a typo is an error rather than
/// a silently missing fact.
///
/// ```
/// use bildungsnetz::rules::{LearnerFacts, Land};
/// let f: LearnerFacts = serde_json::from_str(r#"{"birth_date":"2019-09-30","land":"NW"}"#)?;
/// assert_eq!(f.land, Some(Land::NW));
/// assert!(serde_json::from_str::<LearnerFacts>(r#"{"birth_dat":"2019-09-30"}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearnerFacts {
    /// The caller's (pseudonymous) record id; echoed, never interpreted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Date of birth (Geburtsdatum), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    /// The Land whose school law applies (Land of residence, Wohnsitzland), by its two-letter
    /// code (`NW`, `RP`, …); also `nw`, `NRW`, `Nordrhein-Westfalen` ([`crate::vocabulary::land`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land: Option<Land>,
    /// Amtlicher Gemeindeschlüssel (8 digits) of the Kommune of residence; read from any
    /// spelling of [`crate::vocabulary::kommune_ags`] (`k-05334002`, a 12-digit ARS).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::vocabulary::deserialize_ags"
    )]
    #[schemars(with = "Option<crate::vocabulary::AgsSpelling>")]
    pub residence_ags: Option<String>,
    /// Date of arrival in Germany (Zuzug, newly arrived children), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival_date: Option<Date>,
    /// The parents applied for early school entry (vorzeitige Einschulung).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub early_entry_application: Option<bool>,
    /// The parents applied for (or the school considers) a deferral (Zurückstellung).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferral_application: Option<bool>,
    /// The school doctor's finding (schulärztliches Gutachten).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_doctor: Option<SchoolDoctorOpinion>,
    /// The child has already been deferred once (the deferral was granted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_before: Option<bool>,
    /// Completed school years (Schulbesuchsjahre), in whole years; each attended year counts,
    /// repetitions included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_years_attended: Option<u32>,
    /// The Schulform (school form) currently attended (also by an NRW key, Kürzel or name:
    /// `"20"`, `"GY"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schulform: Option<Schulform>,
    /// G8 or G9 at a Gymnasium (Bildungsgang of eight or nine years).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gymnasium_track: Option<GymnasiumTrack>,
    /// Facts for the Sek-I transitions: recommendation, chosen Schulform, class-5 year, grade
    /// sheet (see [`super::sek1::Sek1Facts`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sek1: Option<Box<super::sek1::Sek1Facts>>,
    /// Facts of the NRW gymnasiale Oberstufe: the end-of-year points of the Einführungsphase and
    /// the half-year courses of the Qualifikationsphase (see [`super::GostFacts`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gost: Option<Box<super::GostFacts>>,
    /// School-leaving qualifications held (SVWS `SchulabschlussAllgemeinbildend` keys such as
    /// `HA10`, `MSA_Q`, `FHR_S`; the 2022 names `ESA`, `EESA` and the other aliases of
    /// [`crate::vocabulary::qualification`] are accepted). Sek-II rules start
    /// from what a person holds; they do not compute Sek-I qualifications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub qualifications: Vec<Abschluss>,
    /// The class attended in the school year asked about (SVWS `Jahrgaenge` key: `"08"`, `"EF"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jahrgang: Option<Jahrgang>,
    /// Promoted (versetzt) at the end of the current class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted: Option<bool>,
    /// A Berufskolleg Bildungsgang asked about or attended (SVWS `Schulgliederung` key, e.g. `B06`;
    /// in Rheinland-Pfalz a code of the `bbs_rlp` list, e.g. `BF2`, see [`super::BbsBildungsgang`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bildungsgang: Option<String>,
    /// Bildungsgänge completed, by the same codes as `bildungsgang` (Rheinland-Pfalz: `BF1` = the
    /// Berufsfachschule I with a qualified result, `FOS` = the two-year Fachoberschule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub completed_bildungsgaenge: Vec<String>,
    /// A vocational training (Berufsausbildung under BBiG/HwO, school-based or civil service) was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocational_training_completed: Option<bool>,
    /// The regular length of that training (Regelausbildungsdauer), in whole years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocational_training_years: Option<u32>,
    /// The overall grade of that training (Gesamtnote, 1.0–6.0; Rheinland-Pfalz: average of chamber
    /// exam and Berufsschule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocational_training_grade: Option<Grade>,
    /// The intended study programme is related to the vocational training and work (fachlich entsprechend).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_related_to_training: Option<bool>,
    /// An Aufstiegsfortbildung was completed (Meister, Techniker, Fachwirt, Fachschulabschluss).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advanced_vocational_qualification: Option<bool>,
    /// Years of work (Berufstätigkeit), in the field where the law asks for it (e.g. § 3 BBHZVO:
    /// work corresponding to the training and the study; APO-BK Anlage C: einschlägige
    /// Berufstätigkeit). Family and care periods are not in it: they are
    /// [`LearnerFacts::family_care_years`], counted only where the law counts them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work_experience_years: Option<u32>,
    /// Years of leading a family household with a child or caring for a relative (§ 4 Abs. 3
    /// BBHZVO: equal to work for the Zugangsprüfung and the Probestudium, not for § 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_care_years: Option<u32>,
    /// Holds a scholarship of the federal Aufstiegsstipendium programme (§ 3 Abs. 1 Nr. 2 Satz 2
    /// and § 4 Abs. 1 Nr. 2 Satz 3 BBHZVO: two years of work suffice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aufstiegsstipendium: Option<bool>,
    /// Has already completed a Bildungsgang of Klasse 10 of the Berufsfachschule (B2, APO-BK
    /// Anlage B § 2 Nr. 2); no second one may be attended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b2_attended_before: Option<bool>,
    /// The Vollzeitschulpflicht (the full-time compulsory schooling of Primar- and
    /// Sekundarstufe I) is completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vollzeitschulpflicht_completed: Option<bool>,
    /// Currently employed (or registered as seeking work).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currently_employed: Option<bool>,
    /// Holds a training contract (Berufsausbildungsvertrag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_contract: Option<bool>,
    /// Months of a guided internship (gelenktes Praktikum) or voluntary service counting as the
    /// practical part of the Fachhochschulreife, in whole months.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_months: Option<u32>,
    /// The day the child entered school (Einschulung, first day in class 1), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school_entry_date: Option<Date>,
    /// The first calendar year of the latest school year in which the child attended class 1
    /// (2026 for 2026/27).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_class1_school_year: Option<u16>,
    /// The parents work, take up work, seek work, are in vocational, school or university
    /// education, or receive benefits for integration into work (§ 24 Abs. 1 Nr. 2 SGB VIII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parents_working_training_or_seeking_work: Option<bool>,
    /// Early support is needed for the child's development (§ 24 Abs. 1 Nr. 1 SGB VIII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub development_requires_support: Option<bool>,
    /// The ground stated for a deferral of school entry (Grund der Zurückstellung).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferral_ground: Option<DeferralGround>,
    /// The parents submitted specialist medical or therapeutic reports naming the ground.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub specialist_reports_submitted: Option<bool>,
    /// Since when the person has residence or habitual abode (Wohnsitz, gewöhnlicher Aufenthalt)
    /// in the Land, apart from the arrival in Germany; `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land_residence_start: Option<Date>,
    /// The person seeks asylum (Asylbewerberin, Asylbewerber).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asylum_seeker: Option<bool>,
    /// The day the person was assigned to a Gemeinde (Zuweisung, asylum seekers), `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gemeinde_assignment_date: Option<Date>,
    /// The Land of the place of training or work (Ausbildungs- oder Arbeitsstätte).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_or_work_land: Option<Land>,
    /// The day the training relationship (Ausbildungsverhältnis) began, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_start_date: Option<Date>,
    /// School years spent in the Schuleingangsphase (classes 1 and 2 of the Grundschule), in
    /// whole years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schuleingangsphase_years: Option<u32>,
    /// A full-time Bildungsgang (course of education) of Sekundarstufe II was completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_time_sek2_completed: Option<bool>,
    /// Why the Schulpflicht (compulsory schooling) rests now (Ruhen, § 40 SchulG NRW), if it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schulpflicht_resting_ground: Option<RestingGround>,
}

impl LearnerFacts {
    /// The field names, as in JSON and CSV headers.
    pub const FIELDS: [&'static str; 46] = [
        "id",
        "birth_date",
        "land",
        "residence_ags",
        "arrival_date",
        "early_entry_application",
        "deferral_application",
        "school_doctor",
        "deferred_before",
        "school_years_attended",
        "schulform",
        "gymnasium_track",
        "sek1",
        "gost",
        "qualifications",
        "jahrgang",
        "promoted",
        "bildungsgang",
        "completed_bildungsgaenge",
        "vocational_training_completed",
        "vocational_training_years",
        "vocational_training_grade",
        "study_related_to_training",
        "advanced_vocational_qualification",
        "work_experience_years",
        "family_care_years",
        "aufstiegsstipendium",
        "b2_attended_before",
        "vollzeitschulpflicht_completed",
        "currently_employed",
        "training_contract",
        "internship_months",
        "school_entry_date",
        "in_class1_school_year",
        "parents_working_training_or_seeking_work",
        "development_requires_support",
        "deferral_ground",
        "specialist_reports_submitted",
        "land_residence_start",
        "asylum_seeker",
        "gemeinde_assignment_date",
        "training_or_work_land",
        "training_start_date",
        "schuleingangsphase_years",
        "full_time_sek2_completed",
        "schulpflicht_resting_ground",
    ];

    /// Sets a date fact by its field name (`birth_date`, `arrival_date`, `school_entry_date`,
    /// `land_residence_start`, `gemeinde_assignment_date`, `training_start_date`), for a caller
    /// that holds dates rather than text (an Arrow `date32` column). Returns `false`, and changes
    /// nothing, for a field that is no date.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::LearnerFacts;
    /// let mut f = LearnerFacts::default();
    /// assert!(f.set_date("birth_date", Date::from_ymd(2019, 9, 30)?));
    /// assert_eq!(f.birth_date, Some(Date::from_ymd(2019, 9, 30)?));
    /// assert!(!f.set_date("land", Date::from_ymd(2019, 9, 30)?));
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn set_date(&mut self, field: &str, date: Date) -> bool {
        let slot = match field {
            "birth_date" => &mut self.birth_date,
            "arrival_date" => &mut self.arrival_date,
            "school_entry_date" => &mut self.school_entry_date,
            "land_residence_start" => &mut self.land_residence_start,
            "gemeinde_assignment_date" => &mut self.gemeinde_assignment_date,
            "training_start_date" => &mut self.training_start_date,
            _ => return false,
        };
        *slot = Some(date);
        true
    }

    /// Facts with a birth date and a Land only.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// use bildungsnetz::rules::{Land, LearnerFacts};
    /// let f = LearnerFacts::born(Date::from_ymd(2019, 10, 1)?, Land::NW);
    /// assert!(f.residence_ags.is_none());
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn born(birth_date: Date, land: Land) -> LearnerFacts {
        LearnerFacts {
            birth_date: Some(birth_date),
            land: Some(land),
            ..LearnerFacts::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LearnerFacts;

    /// A batch holds a million records at once: the record itself must not grow unnoticed
    /// (272 bytes before optional dates took four bytes each).
    #[test]
    fn a_learner_record_stays_small() {
        let size = std::mem::size_of::<LearnerFacts>();
        assert!(size <= 248, "LearnerFacts is {size} bytes");
    }
}
