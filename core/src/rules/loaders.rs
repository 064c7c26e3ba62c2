//! Loading learner facts from JSON Lines and CSV. Linear in the input; errors carry the line
//! number and the field name, never a value.

use std::io::BufRead;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use super::{LearnerFacts, RecordErrorKind, RuleError, Schulform};
use crate::calendar::Date;
use crate::io::csv_rows::{RecordErrors, read_named, unknown_column};

fn record(line: u64, field: Option<&str>, kind: RecordErrorKind) -> RuleError {
    RuleError::Record {
        line,
        // A field name from the input is echoed only if it is short; it is a key, not a value.
        field: field.map(|f| f.chars().take(64).collect()),
        kind,
    }
}

/// Finds which field of a failing JSON line is at fault, without reporting its value.
fn diagnose_json(line_no: u64, text: &str) -> RuleError {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(_) => return record(line_no, None, RecordErrorKind::Syntax),
    };
    let Some(map) = value.as_object() else {
        return record(line_no, None, RecordErrorKind::NotAnObject);
    };
    for (key, v) in map {
        if !LearnerFacts::FIELDS.contains(&key.as_str()) {
            return record(
                line_no,
                Some(key),
                RecordErrorKind::UnknownField {
                    known: &LearnerFacts::FIELDS,
                },
            );
        }
        let mut single = serde_json::Map::new();
        single.insert(key.clone(), v.clone());
        if serde_json::from_value::<LearnerFacts>(serde_json::Value::Object(single)).is_err() {
            return record(line_no, Some(key), crate::vocabulary::field_error(key));
        }
    }
    record(line_no, None, RecordErrorKind::InvalidValue)
}

/// Reads learner facts from JSON Lines: one JSON object per line; blank lines are skipped.
///
/// ```
/// use bildungsnetz::rules::read_learners_jsonl;
/// let input = "{\"birth_date\":\"2019-09-30\",\"land\":\"NW\"}\n\n{\"land\":\"RP\"}\n";
/// let learners = read_learners_jsonl(input.as_bytes())?;
/// assert_eq!(learners.len(), 2);
/// let err = read_learners_jsonl("{\"birth_date\":\"2019-02-30\"}".as_bytes()).unwrap_err();
/// assert_eq!(err.to_string(), "record at line 1, field birth_date: invalid value");
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn read_learners_jsonl<R: BufRead>(reader: R) -> Result<Vec<LearnerFacts>, RuleError> {
    crate::io::json_lines(
        reader,
        crate::io::limits::LEARNERS_BYTES,
        RuleError::Io,
        parse_json,
    )
}

/// One JSON object of learner facts. serde's derive would also take an array (fields by
/// position); facts are an object, so anything else is refused before typed parsing.
fn parse_json(line_no: u64, text: &str) -> Result<LearnerFacts, RuleError> {
    if !text.trim_start().starts_with('{') {
        return Err(diagnose_json(line_no, text));
    }
    serde_json::from_str::<LearnerFacts>(text).map_err(|_| diagnose_json(line_no, text))
}

impl LearnerFacts {
    /// Reads one learner's facts from a JSON object. Errors name the field at fault, never its
    /// value (line numbers count within `text`; a one-line object is line 1).
    ///
    /// ```
    /// use bildungsnetz::rules::LearnerFacts;
    /// let facts = LearnerFacts::from_json(r#"{"birth_date": "2019-09-30", "land": "NW"}"#)?;
    /// assert!(facts.birth_date.is_some());
    /// let err = LearnerFacts::from_json(r#"{"birth_date": "30.09.2019"}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "record at line 1, field birth_date: invalid value");
    /// assert!(LearnerFacts::from_json(r#"["x"]"#).is_err());
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<LearnerFacts, RuleError> {
        parse_json(1, text)
    }
}

fn parse_enum<'de, T: Deserialize<'de>>(s: &'de str) -> Option<T> {
    let de: StrDeserializer<'de, ValueError> = s.into_deserializer();
    T::deserialize(de).ok()
}

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// One cell of a learner table: text as a CSV holds it, or a typed value of a column that has
/// a type (an Arrow integer or boolean column), which sets its fact without being written out.
///
/// ```
/// use bildungsnetz::rules::{FactCell, LearnerColumns};
/// let columns = LearnerColumns::from_header(["school_years_attended", "deferral_application"])?;
/// let mut child = Default::default();
/// columns.set_cell(&mut child, 2, 0, FactCell::Integer(3))?;
/// columns.set_cell(&mut child, 2, 1, FactCell::Integer(1))?;
/// assert_eq!(child, columns.parse_row(2, ["3", "1"])?);
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactCell<'a> {
    /// Text as in a CSV cell: trimmed, and empty for a missing fact.
    Text(&'a str),
    /// A whole number: sets a number fact as its decimal text would (a number out of the
    /// fact's range is refused), a yes/no fact as `1` or `0` would.
    Integer(i64),
    /// A yes/no value: sets a yes/no fact.
    Boolean(bool),
}

/// The text of a cell; a typed cell sets only number and yes/no facts.
fn text(cell: FactCell<'_>) -> Option<&str> {
    match cell {
        FactCell::Text(s) => Some(s),
        FactCell::Integer(_) | FactCell::Boolean(_) => None,
    }
}

/// A number fact from its decimal text or a whole number, with the same range check.
fn number<T: std::str::FromStr + TryFrom<i64>>(cell: FactCell<'_>) -> Option<T> {
    match cell {
        FactCell::Text(s) => s.parse().ok(),
        FactCell::Integer(n) => T::try_from(n).ok(),
        FactCell::Boolean(_) => None,
    }
}

/// A yes/no fact: `true`/`false` or `1`/`0`, as text or typed.
fn yes_no(cell: FactCell<'_>) -> Option<bool> {
    match cell {
        FactCell::Text(s) => parse_bool(s),
        FactCell::Integer(1) => Some(true),
        FactCell::Integer(0) => Some(false),
        FactCell::Integer(_) => None,
        FactCell::Boolean(b) => Some(b),
    }
}

#[derive(Clone, Copy, Debug)]
enum Col {
    Id,
    BirthDate,
    Land,
    ResidenceAgs,
    ArrivalDate,
    EarlyEntryApplication,
    DeferralApplication,
    SchoolDoctor,
    DeferredBefore,
    SchoolYearsAttended,
    Schulform,
    GymnasiumTrack,
    Qualifications,
    Jahrgang,
    Promoted,
    Bildungsgang,
    CompletedBildungsgaenge,
    VocationalTrainingCompleted,
    VocationalTrainingYears,
    VocationalTrainingGrade,
    StudyRelatedToTraining,
    AdvancedVocationalQualification,
    WorkExperienceYears,
    FamilyCareYears,
    Aufstiegsstipendium,
    B2AttendedBefore,
    VollzeitschulpflichtCompleted,
    CurrentlyEmployed,
    TrainingContract,
    InternshipMonths,
    SchoolEntryDate,
    InClass1SchoolYear,
    ParentsWorkingTrainingOrSeekingWork,
    DevelopmentRequiresSupport,
    DeferralGround,
    SpecialistReportsSubmitted,
    LandResidenceStart,
    AsylumSeeker,
    GemeindeAssignmentDate,
    TrainingOrWorkLand,
    TrainingStartDate,
    SchuleingangsphaseYears,
    FullTimeSek2Completed,
    SchulpflichtRestingGround,
}

/// The facts a CSV column can carry: every field but `sek1` and `gost`, nested grade sheets
/// (JSON only); [`column`] knows these names.
const CSV_FIELDS: [&str; 44] = [
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

/// The CSV column of a fact named in [`CSV_FIELDS`].
fn column(name: &str) -> Option<Col> {
    Some(match name {
        "id" => Col::Id,
        "birth_date" => Col::BirthDate,
        "land" => Col::Land,
        "residence_ags" => Col::ResidenceAgs,
        "arrival_date" => Col::ArrivalDate,
        "early_entry_application" => Col::EarlyEntryApplication,
        "deferral_application" => Col::DeferralApplication,
        "school_doctor" => Col::SchoolDoctor,
        "deferred_before" => Col::DeferredBefore,
        "school_years_attended" => Col::SchoolYearsAttended,
        "schulform" => Col::Schulform,
        "gymnasium_track" => Col::GymnasiumTrack,
        "qualifications" => Col::Qualifications,
        "jahrgang" => Col::Jahrgang,
        "promoted" => Col::Promoted,
        "bildungsgang" => Col::Bildungsgang,
        "completed_bildungsgaenge" => Col::CompletedBildungsgaenge,
        "vocational_training_completed" => Col::VocationalTrainingCompleted,
        "vocational_training_years" => Col::VocationalTrainingYears,
        "vocational_training_grade" => Col::VocationalTrainingGrade,
        "study_related_to_training" => Col::StudyRelatedToTraining,
        "advanced_vocational_qualification" => Col::AdvancedVocationalQualification,
        "work_experience_years" => Col::WorkExperienceYears,
        "family_care_years" => Col::FamilyCareYears,
        "aufstiegsstipendium" => Col::Aufstiegsstipendium,
        "b2_attended_before" => Col::B2AttendedBefore,
        "vollzeitschulpflicht_completed" => Col::VollzeitschulpflichtCompleted,
        "currently_employed" => Col::CurrentlyEmployed,
        "training_contract" => Col::TrainingContract,
        "internship_months" => Col::InternshipMonths,
        "school_entry_date" => Col::SchoolEntryDate,
        "in_class1_school_year" => Col::InClass1SchoolYear,
        "parents_working_training_or_seeking_work" => Col::ParentsWorkingTrainingOrSeekingWork,
        "development_requires_support" => Col::DevelopmentRequiresSupport,
        "deferral_ground" => Col::DeferralGround,
        "specialist_reports_submitted" => Col::SpecialistReportsSubmitted,
        "land_residence_start" => Col::LandResidenceStart,
        "asylum_seeker" => Col::AsylumSeeker,
        "gemeinde_assignment_date" => Col::GemeindeAssignmentDate,
        "training_or_work_land" => Col::TrainingOrWorkLand,
        "training_start_date" => Col::TrainingStartDate,
        "schuleingangsphase_years" => Col::SchuleingangsphaseYears,
        "full_time_sek2_completed" => Col::FullTimeSek2Completed,
        "schulpflicht_resting_ground" => Col::SchulpflichtRestingGround,
        _ => return None,
    })
}

fn set(f: &mut LearnerFacts, col: Col, cell: FactCell<'_>) -> Option<()> {
    match col {
        Col::Id => f.id = Some(text(cell)?.to_owned()),
        Col::BirthDate => f.birth_date = Some(Date::parse_iso_or_german(text(cell)?).ok()?),
        Col::Land => f.land = Some(crate::vocabulary::land(text(cell)?)?),
        Col::ResidenceAgs => f.residence_ags = Some(crate::vocabulary::kommune_ags(text(cell)?)?),
        Col::ArrivalDate => f.arrival_date = Some(Date::parse_iso_or_german(text(cell)?).ok()?),
        Col::EarlyEntryApplication => f.early_entry_application = Some(yes_no(cell)?),
        Col::DeferralApplication => f.deferral_application = Some(yes_no(cell)?),
        Col::SchoolDoctor => f.school_doctor = Some(parse_enum(text(cell)?)?),
        Col::DeferredBefore => f.deferred_before = Some(yes_no(cell)?),
        Col::SchoolYearsAttended => f.school_years_attended = Some(number(cell)?),
        Col::Schulform => f.schulform = Some(Schulform::from_spelling(text(cell)?)?),
        Col::GymnasiumTrack => f.gymnasium_track = Some(parse_enum(text(cell)?)?),
        Col::Qualifications => {
            f.qualifications = text(cell)?
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(crate::vocabulary::qualification)
                .collect::<Option<_>>()?;
        }
        Col::Jahrgang => f.jahrgang = Some(parse_enum(text(cell)?)?),
        Col::Promoted => f.promoted = Some(yes_no(cell)?),
        Col::Bildungsgang => f.bildungsgang = Some(text(cell)?.to_owned()),
        Col::CompletedBildungsgaenge => {
            f.completed_bildungsgaenge = text(cell)?
                .split(';')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect();
        }
        Col::VocationalTrainingCompleted => {
            f.vocational_training_completed = Some(yes_no(cell)?);
        }
        Col::VocationalTrainingYears => f.vocational_training_years = Some(number(cell)?),
        // A decimal comma is how grades are written in Germany.
        Col::VocationalTrainingGrade => {
            f.vocational_training_grade =
                Some(serde_json::from_str(&text(cell)?.replace(',', ".")).ok()?);
        }
        Col::StudyRelatedToTraining => f.study_related_to_training = Some(yes_no(cell)?),
        Col::AdvancedVocationalQualification => {
            f.advanced_vocational_qualification = Some(yes_no(cell)?);
        }
        Col::WorkExperienceYears => f.work_experience_years = Some(number(cell)?),
        Col::FamilyCareYears => f.family_care_years = Some(number(cell)?),
        Col::Aufstiegsstipendium => f.aufstiegsstipendium = Some(yes_no(cell)?),
        Col::B2AttendedBefore => f.b2_attended_before = Some(yes_no(cell)?),
        Col::VollzeitschulpflichtCompleted => {
            f.vollzeitschulpflicht_completed = Some(yes_no(cell)?);
        }
        Col::CurrentlyEmployed => f.currently_employed = Some(yes_no(cell)?),
        Col::TrainingContract => f.training_contract = Some(yes_no(cell)?),
        Col::InternshipMonths => f.internship_months = Some(number(cell)?),
        Col::SchoolEntryDate => {
            f.school_entry_date = Some(Date::parse_iso_or_german(text(cell)?).ok()?)
        }
        Col::InClass1SchoolYear => f.in_class1_school_year = Some(number(cell)?),
        Col::ParentsWorkingTrainingOrSeekingWork => {
            f.parents_working_training_or_seeking_work = Some(yes_no(cell)?)
        }
        Col::DevelopmentRequiresSupport => f.development_requires_support = Some(yes_no(cell)?),
        Col::DeferralGround => f.deferral_ground = Some(parse_enum(text(cell)?)?),
        Col::SpecialistReportsSubmitted => f.specialist_reports_submitted = Some(yes_no(cell)?),
        Col::LandResidenceStart => {
            f.land_residence_start = Some(Date::parse_iso_or_german(text(cell)?).ok()?)
        }
        Col::AsylumSeeker => f.asylum_seeker = Some(yes_no(cell)?),
        Col::GemeindeAssignmentDate => {
            f.gemeinde_assignment_date = Some(Date::parse_iso_or_german(text(cell)?).ok()?)
        }
        Col::TrainingOrWorkLand => {
            f.training_or_work_land = Some(crate::vocabulary::land(text(cell)?)?)
        }
        Col::TrainingStartDate => {
            f.training_start_date = Some(Date::parse_iso_or_german(text(cell)?).ok()?)
        }
        Col::SchuleingangsphaseYears => f.schuleingangsphase_years = Some(number(cell)?),
        Col::FullTimeSek2Completed => f.full_time_sek2_completed = Some(yes_no(cell)?),
        Col::SchulpflichtRestingGround => {
            f.schulpflicht_resting_ground = Some(parse_enum(text(cell)?)?)
        }
    }
    Some(())
}

/// The columns of a learner CSV, read from its header: parses one data row at a time, so a
/// caller can stream a file of any size, decode it from any encoding and keep going past a bad
/// row. [`read_learners_csv`] is built on it.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// use bildungsnetz::rules::{Land, LearnerColumns};
/// let columns = LearnerColumns::from_header(["id", "birth_date", "land"])?;
/// let child = columns.parse_row(2, ["k1", "30.09.2019", "NW"])?;
/// assert_eq!(child.birth_date, Some(Date::from_ymd(2019, 9, 30)?));
/// let err = columns.parse_row(3, ["k2", "2019-02-30", "NW"]).unwrap_err();
/// assert_eq!(err.to_string(), "record at line 3, field birth_date: invalid value");
/// assert_eq!(columns.position_of(&err), Some(1));
/// let err = columns.parse_row(4, ["k3"]).unwrap_err();
/// assert_eq!(err.to_string(), "record at line 4: wrong number of fields");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct LearnerColumns {
    columns: Vec<(Col, String)>,
}

impl LearnerColumns {
    /// Reads the header row: [`LearnerFacts::FIELDS`] (any subset, any order) except `sek1` and
    /// `gost`, nested grade sheets that only JSON can carry. Names are trimmed. A repeated name is an
    /// error at line 1 naming it; a cell that is no field name is named by its column only.
    pub fn from_header<'a>(
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<LearnerColumns, RuleError> {
        let mut columns: Vec<(Col, String)> = Vec::new();
        for (i, name) in names.into_iter().enumerate() {
            let name = name.trim();
            let col = match column(name) {
                Some(col) => col,
                // A fact without a column (sek1, gost): its name is known, so it may be named.
                None if LearnerFacts::FIELDS.contains(&name) => {
                    return Err(record(
                        1,
                        Some(name),
                        RecordErrorKind::UnknownField { known: &CSV_FIELDS },
                    ));
                }
                // Anything else is named by its position: in a file without a header the cell
                // is a person's value.
                None => {
                    let kind = unknown_column(i, name, &LearnerFacts::FIELDS);
                    return Err(record(1, None, kind));
                }
            };
            if columns.iter().any(|(_, seen)| seen == name) {
                return Err(record(1, Some(name), RecordErrorKind::InvalidValue));
            }
            columns.push((col, name.to_owned()));
        }
        Ok(LearnerColumns { columns })
    }

    /// The number of columns.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether the header named no column.
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// Parses one data row found at 1-based `line`. Empty cells are missing facts; booleans are
    /// `true`/`false` or `1`/`0`; dates ISO (`2019-09-30`) or German (`30.09.2019`); enums use
    /// their JSON names; `qualifications` lists codes separated by `;`; a grade may use a
    /// decimal comma. Errors name the line and the column, never the value.
    pub fn parse_row<'a>(
        &self,
        line: u64,
        values: impl IntoIterator<Item = &'a str>,
    ) -> Result<LearnerFacts, RuleError> {
        let mut facts = LearnerFacts::default();
        let mut count = 0;
        for (i, value) in values.into_iter().enumerate() {
            count += 1;
            if i < self.columns.len() {
                self.set_cell(&mut facts, line, i, FactCell::Text(value))?;
            }
        }
        if count != self.columns.len() {
            return Err(record(line, None, RecordErrorKind::FieldCount));
        }
        Ok(facts)
    }

    /// Sets the fact of column `position` (0-based) from one cell of the row at `line`, as
    /// [`LearnerColumns::parse_row`] sets it from that cell's text: a row can be read column by
    /// column, and a typed cell ([`FactCell::Integer`], [`FactCell::Boolean`]) sets its fact
    /// without being written out as text. The error names the line and the column, never the
    /// value; a position past the last column is a wrong number of fields.
    ///
    /// ```
    /// use bildungsnetz::rules::{FactCell, LearnerColumns};
    /// let columns = LearnerColumns::from_header(["land", "school_years_attended"])?;
    /// let mut child = Default::default();
    /// columns.set_cell(&mut child, 2, 0, FactCell::Text(" NRW "))?;
    /// let err = columns.set_cell(&mut child, 2, 1, FactCell::Integer(-1)).unwrap_err();
    /// assert_eq!(err, columns.parse_row(2, ["NW", "-1"]).unwrap_err());
    /// assert_eq!(child, columns.parse_row(2, ["NW", ""])?);
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn set_cell(
        &self,
        facts: &mut LearnerFacts,
        line: u64,
        position: usize,
        cell: FactCell<'_>,
    ) -> Result<(), RuleError> {
        let Some((col, name)) = self.columns.get(position) else {
            return Err(record(line, None, RecordErrorKind::FieldCount));
        };
        let cell = match cell {
            FactCell::Text(value) => FactCell::Text(value.trim()),
            typed => typed,
        };
        if cell == FactCell::Text("") || set(facts, *col, cell).is_some() {
            Ok(())
        } else {
            Err(record(
                line,
                Some(name),
                crate::vocabulary::field_error(name),
            ))
        }
    }

    /// Whether the fact of column `position` is a number or yes/no fact, which whole numbers
    /// ([`FactCell::Integer`]) can set.
    ///
    /// ```
    /// use bildungsnetz::rules::LearnerColumns;
    /// let columns = LearnerColumns::from_header(["land", "school_years_attended", "promoted"])?;
    /// assert_eq!([0, 1, 2].map(|p| columns.takes_integers(p)), [false, true, true]);
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn takes_integers(&self, position: usize) -> bool {
        self.takes(position, FactCell::Integer(0))
    }

    /// Whether the fact of column `position` is a yes/no fact, which
    /// [`FactCell::Boolean`] can set.
    ///
    /// ```
    /// use bildungsnetz::rules::LearnerColumns;
    /// let columns = LearnerColumns::from_header(["school_years_attended", "promoted"])?;
    /// assert_eq!([0, 1].map(|p| columns.takes_booleans(p)), [false, true]);
    /// # Ok::<(), bildungsnetz::rules::RuleError>(())
    /// ```
    pub fn takes_booleans(&self, position: usize) -> bool {
        self.takes(position, FactCell::Boolean(false))
    }

    /// Whether a cell of this kind sets the column's fact (tried on no learner's facts).
    fn takes(&self, position: usize, sample: FactCell<'_>) -> bool {
        self.columns
            .get(position)
            .is_some_and(|(col, _)| set(&mut LearnerFacts::default(), *col, sample).is_some())
    }

    /// The 0-based position of the column an error of [`LearnerColumns::parse_row`] names.
    pub fn position_of(&self, error: &RuleError) -> Option<usize> {
        let RuleError::Record {
            field: Some(field), ..
        } = error
        else {
            return None;
        };
        self.columns.iter().position(|(_, name)| name == field)
    }
}

/// Reads learner facts from CSV with a header row naming [`LearnerFacts::FIELDS`] (any subset,
/// any order) except `sek1` and `gost`, nested grade sheets that only JSON can carry. Empty cells are
/// missing facts; booleans are `true`/`false` or `1`/`0`; enums use their JSON names;
/// `qualifications` lists codes separated by `;`; a grade may use a decimal comma. Lines end in
/// `\n`, `\r\n` or `\r` alone. Reading stops at the first problem with an error naming its
/// line and field: a row whose number of fields differs from the header's, a quote not closed on
/// its line (which would otherwise swallow the lines after it), a header cell that is no field
/// name (named by its column, as in a file without a header it is a value), more than
/// [`crate::io::limits::LEARNERS_BYTES`] bytes.
///
/// ```
/// use bildungsnetz::rules::{read_learners_csv, Abschluss, Land};
/// let input = "birth_date,land,deferral_application\n2019-09-30,NW,\n2019-10-01,RP,true\n";
/// let learners = read_learners_csv(input.as_bytes())?;
/// assert_eq!(learners[1].land, Some(Land::RP));
/// assert_eq!(learners[1].deferral_application, Some(true));
/// let leavers = "land,qualifications,vocational_training_grade\nNW,HA10;FHR_S,\"2,5\"\n";
/// let leaver = &read_learners_csv(leavers.as_bytes())?[0];
/// assert_eq!(leaver.qualifications, [Abschluss::HA10, Abschluss::FHR_S]);
/// assert_eq!(leaver.vocational_training_grade.map(|g| g.hundredths()), Some(250));
/// let err = read_learners_csv("birth_date,land\n2019-09-30,XX\n".as_bytes()).unwrap_err();
/// assert!(err.to_string().starts_with("record at line 2, field land: unknown land code (accepted: NW, RP"));
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn read_learners_csv<R: std::io::Read>(reader: R) -> Result<Vec<LearnerFacts>, RuleError> {
    let errors = RecordErrors {
        record,
        io: RuleError::Io,
    };
    let mut out = Vec::new();
    read_named(
        reader,
        crate::io::limits::LEARNERS_BYTES,
        &errors,
        |names| LearnerColumns::from_header(names.iter().map(String::as_str)),
        |columns, line, values| {
            out.push(columns.parse_row(line, values.iter().copied())?);
            Ok(())
        },
    )?;
    Ok(out)
}

/// A CSV table as text: the header's names (trimmed) and every data row, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextTable {
    /// The names of the header row, trimmed.
    pub names: Vec<String>,
    /// The data rows, in order; blank lines are skipped.
    pub rows: Vec<TextRow>,
}

/// One data row of a [`TextTable`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextRow {
    /// The 1-based line the row starts on.
    pub line: u64,
    /// The fields as written (one per header name), or what is wrong with the row: a broken
    /// quote, another number of fields than the header, bytes that are not UTF-8.
    pub cells: Result<Vec<String>, RecordErrorKind>,
}

/// Reads `,`-separated text whose first row names the columns, keeping going past a bad row:
/// where [`read_learners_csv`] stops at the first problem, here a bad row is kept with what is
/// wrong with it (so a batch can answer "error" for that row and decide the others). Line ends,
/// quoting and blank lines as for [`read_learners_csv`]. The names are not checked: the caller
/// decides which columns are facts ([`LearnerColumns::from_header`]) and which it carries along.
/// Fails only when the input cannot be read, has more than `limit` bytes, or its header row is
/// broken.
///
/// ```
/// use bildungsnetz::rules::{read_text_table_csv, RecordErrorKind};
/// let input = "pupil,birth_date\nA,2019-09-30\nB\n\nC,\"30.09.2019\"\n";
/// let table = read_text_table_csv(input.as_bytes(), 1 << 20)?;
/// assert_eq!(table.names, ["pupil", "birth_date"]);
/// assert_eq!(table.rows.len(), 3);
/// assert_eq!(table.rows[1].cells, Err(RecordErrorKind::FieldCount));
/// assert_eq!(table.rows[2].line, 5);
/// assert_eq!(table.rows[2].cells.as_deref(), Ok(&["C".to_owned(), "30.09.2019".to_owned()][..]));
/// # Ok::<(), bildungsnetz::rules::RuleError>(())
/// ```
pub fn read_text_table_csv<R: std::io::Read>(
    reader: R,
    limit: usize,
) -> Result<TextTable, RuleError> {
    use crate::io::csv_rows::{Row, Rows, Stop};
    let stop = |s: Stop| match s {
        Stop::Io { error, .. } => RuleError::Io(error.kind()),
        Stop::TooLarge { .. } => RuleError::Io(std::io::ErrorKind::FileTooLarge),
    };
    let at = |line: usize| u64::try_from(line).unwrap_or(u64::MAX);
    let text = |fields: crate::io::csv_rows::Fields| {
        fields
            .iter()
            .map(|f| {
                std::str::from_utf8(f)
                    .map(str::to_owned)
                    .map_err(|_| RecordErrorKind::Syntax)
            })
            .collect::<Result<Vec<String>, RecordErrorKind>>()
    };
    let mut rows = Rows::new(reader, limit, b',');
    let names: Vec<String> = match rows.next_row(|_| false).map_err(stop)? {
        None => Vec::new(),
        Some(Row::BadQuote { line }) => return Err(record(at(line), None, RecordErrorKind::Quote)),
        Some(Row::Record { line, fields }) => text(fields)
            .map_err(|kind| record(at(line), None, kind))?
            .into_iter()
            .map(|n| n.trim().to_owned())
            .collect(),
    };
    let width = names.len();
    let mut out = Vec::new();
    while let Some(next) = rows.next_row(|n| n == width).map_err(stop)? {
        out.push(match next {
            Row::BadQuote { line } => TextRow {
                line: at(line),
                cells: Err(RecordErrorKind::Quote),
            },
            Row::Record { line, fields } if fields.len() != width => TextRow {
                line: at(line),
                cells: Err(RecordErrorKind::FieldCount),
            },
            Row::Record { line, fields } => TextRow {
                line: at(line),
                cells: text(fields),
            },
        });
    }
    Ok(TextTable { names, rows: out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A typed cell sets every column exactly as its text does: the same fact, or the
        /// same error (a number out of the fact's range, a number or yes/no where the fact is
        /// text).
        #[test]
        fn typed_cells_set_facts_as_their_text(
            n in prop_oneof![-3i64..70_000, any::<i64>()],
            b in any::<bool>(),
        ) {
            let columns = LearnerColumns::from_header(CSV_FIELDS).unwrap();
            for position in 0..columns.len() {
                for (cell, text) in [
                    (FactCell::Integer(n), n.to_string()),
                    (FactCell::Boolean(b), b.to_string()),
                ] {
                    let from_text = columns.set_cell(
                        &mut LearnerFacts::default(), 7, position, FactCell::Text(&text));
                    let mut typed = LearnerFacts::default();
                    let from_cell = columns.set_cell(&mut typed, 7, position, cell);
                    let takes = match cell {
                        FactCell::Integer(_) => columns.takes_integers(position),
                        _ => columns.takes_booleans(position),
                    };
                    if takes {
                        prop_assert_eq!(&from_cell, &from_text);
                        let mut cells = vec![""; columns.len()];
                        cells[position] = &text;
                        if from_cell.is_ok() {
                            prop_assert_eq!(&typed, &columns.parse_row(7, cells).unwrap());
                        }
                    } else {
                        prop_assert!(from_cell.is_err());
                    }
                }
            }
        }
    }

    #[test]
    fn errors_never_contain_values() {
        let secret = "2019-02-30";
        let e = read_learners_jsonl(
            format!("{{\"land\":\"NW\"}}\n{{\"birth_date\":\"{secret}\"}}").as_bytes(),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("line 2") && msg.contains("birth_date"),
            "{msg}"
        );
        assert!(!msg.contains(secret));
        let e = read_learners_jsonl("{\"birth_dat\":\"2019-01-01\"}".as_bytes()).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("record at line 1, field birth_dat: unknown field; known fields: id, birth_date, land,"),
            "{msg}"
        );
        assert!(msg.ends_with(", schulpflicht_resting_ground"), "{msg}");
        let e = read_learners_jsonl("{\"land\":".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "record at line 1: malformed syntax");
        let e = read_learners_csv(format!("id,birth_date\nA,2019-01-01\nB,{secret}\n").as_bytes())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 3, field birth_date: invalid value"
        );
        let e = read_learners_csv("id,birth_date\nA\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "record at line 2: wrong number of fields");
        let e = read_learners_csv("id,name\n".as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 1: column 2 of the header is not a field name"
        );
    }

    #[test]
    fn code_columns_accept_every_spelling() {
        let csv = "land,training_or_work_land,schulform,qualifications,residence_ags\n\
                   NRW,rlp,GY,ESA; FOR-Q ;abitur,k-05334002\n";
        let jsonl = r#"{"land":"Nordrhein-Westfalen","training_or_work_land":"RP","schulform":"20","qualifications":["HA9","MSA_Q","ABITUR"],"residence_ags":"053340002002"}"#;
        let from_csv = read_learners_csv(csv.as_bytes()).unwrap();
        assert_eq!(from_csv, read_learners_jsonl(jsonl.as_bytes()).unwrap());
        let f = &from_csv[0];
        assert_eq!(f.land, Some(super::super::Land::NW));
        assert_eq!(f.schulform, Some(Schulform::Gymnasium));
        assert_eq!(f.residence_ags.as_deref(), Some("05334002"));
        // Outputs keep today's codes.
        let written = serde_json::to_string(f).unwrap();
        assert!(written.contains(r#""land":"NW""#), "{written}");
        assert!(written.contains(r#""schulform":"gymnasium""#), "{written}");
        assert!(
            written.contains(r#""qualifications":["HA9","MSA_Q","ABITUR"]"#),
            "{written}"
        );
    }

    #[test]
    fn unknown_codes_list_accepted_codes_without_the_value() {
        let e = read_learners_csv("id,land\nA,Atlantis\n".as_bytes()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 2, field land: unknown land code (accepted: NW, RP, BY, …; also NRW, RLP, Nordrhein-Westfalen)"
        );
        let e =
            read_learners_jsonl(r#"{"qualifications":["HA10","Diplom"]}"#.as_bytes()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("record at line 1, field qualifications: unknown qualification code")
        );
        assert!(!e.to_string().contains("Diplom"));
        let e = read_learners_jsonl(r#"{"residence_ags":"Aachen"}"#.as_bytes()).unwrap_err();
        assert!(
            e.to_string()
                .contains("field residence_ags: unknown kommune code")
        );
    }

    #[test]
    fn windows_line_ends_keep_line_numbers() {
        let e = read_learners_csv("id,birth_date\r\nA,2019-01-01\r\nB,2019-02-30\r\n".as_bytes())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "record at line 3, field birth_date: invalid value"
        );
        let ok = read_learners_csv("id,land\r\nA,NW\r\n\"B\",RP\r\n".as_bytes()).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].id.as_deref(), Some("B"));
    }

    #[test]
    fn csv_and_jsonl_agree() {
        let csv = "id,birth_date,land,school_doctor,schulform,gymnasium_track,school_years_attended\n\
                   k1,2019-09-30,NW,schulfaehig,gymnasium,g8,0\n";
        let jsonl = r#"{"id":"k1","birth_date":"2019-09-30","land":"NW","school_doctor":"schulfaehig","schulform":"gymnasium","gymnasium_track":"g8","school_years_attended":0}"#;
        assert_eq!(
            read_learners_csv(csv.as_bytes()).unwrap(),
            read_learners_jsonl(jsonl.as_bytes()).unwrap()
        );
    }

    #[test]
    fn csv_reads_every_fact_but_the_grade_sheet() {
        let csv = "jahrgang,promoted,bildungsgang,qualifications,vocational_training_completed,\
                   vocational_training_years,vocational_training_grade,study_related_to_training,\
                   advanced_vocational_qualification,work_experience_years,currently_employed,\
                   training_contract,internship_months\n\
                   EF,1,B06, HA10 ; MSA_Q ,true,3,\"2,3\",false,0,4,1,true,6\n";
        let jsonl = r#"{"jahrgang":"EF","promoted":true,"bildungsgang":"B06","qualifications":["HA10","MSA_Q"],"vocational_training_completed":true,"vocational_training_years":3,"vocational_training_grade":2.3,"study_related_to_training":false,"advanced_vocational_qualification":false,"work_experience_years":4,"currently_employed":true,"training_contract":true,"internship_months":6}"#;
        assert_eq!(
            read_learners_csv(csv.as_bytes()).unwrap(),
            read_learners_jsonl(jsonl.as_bytes()).unwrap()
        );
        // Every field has a column, except the nested grade sheets.
        for field in LearnerFacts::FIELDS {
            let nested = field == "sek1" || field == "gost";
            assert_eq!(column(field).is_none(), nested, "{field}");
            assert_eq!(CSV_FIELDS.contains(&field), !nested, "{field}");
        }
        assert_eq!(CSV_FIELDS.len() + 2, LearnerFacts::FIELDS.len());
        for nested in ["sek1", "gost"] {
            let e = read_learners_csv(format!("{nested}\n{{}}\n").as_bytes()).unwrap_err();
            let msg = e.to_string();
            let prefix =
                format!("record at line 1, field {nested}: unknown field; known fields: id,");
            assert!(msg.starts_with(&prefix), "{msg}");
            assert!(!msg.contains("sek1,") && !msg.contains("gost,"), "{msg}");
        }
        let e = read_learners_csv("qualifications\nHA10;DOKTOR\n".as_bytes()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("record at line 2, field qualifications: unknown qualification code")
        );
    }
}
