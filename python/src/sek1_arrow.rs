//! Grade sheets read straight from Arrow columns: the sheet's fields as columns of the table or
//! as the fields of one struct column, the subjects as a list of structs. Each row becomes a
//! [`SheetView`] whose subject names borrow the input's string buffers (no JSON, no `String` per
//! subject).

use std::ops::Range;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, BooleanArray, GenericListArray, LargeListArray, LargeStringArray, ListArray,
    OffsetSizeTrait, PrimitiveArray, RecordBatch, StringArray, StringViewArray, StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::{DataType, Fields};
use bildungsnetz::rules::Schulform;
use bildungsnetz::rules::sek1::{SheetView, SubjectView};
use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::batch::BatchError;
use crate::sek1::SheetProblem;

/// The top-level fields of a grade sheet, as columns (or struct fields).
pub const SHEET_FIELDS: [&str; 7] = [
    "schulform",
    "jahrgang",
    "gymnasium_track",
    "bildungsgang",
    "hauptschule_typ",
    "prior",
    "subjects",
];
/// The fields of one subject (the struct inside the `subjects` list).
pub const SUBJECT_FIELDS: [&str; 5] = [
    "kuerzel",
    "grade",
    "course",
    "foreign_language",
    "language_order",
];

const TEXT: &str = "text (string, large_string, string_view or dictionary-encoded)";
const INTEGER: &str = "integers (int8 to int64, uint8 to uint64)";
const BOOLEAN: &str = "bool";
const SUBJECTS: &str = "a list (or large_list) of structs <kuerzel: text, grade: integer, \
                        course?: text, foreign_language?: bool, language_order?: integer>";

/// Strings of one of Arrow's three layouts.
#[derive(Clone, Copy)]
enum Strings<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl<'a> Strings<'a> {
    fn of(array: &'a dyn Array) -> Option<Strings<'a>> {
        match array.data_type() {
            DataType::Utf8 => Some(Strings::Utf8(array.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Strings::Large(array.as_string::<i64>())),
            DataType::Utf8View => Some(Strings::View(array.as_string_view())),
            _ => None,
        }
    }

    #[inline]
    fn get(self, i: usize) -> Option<&'a str> {
        match self {
            Strings::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Strings::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// A text column: plain strings, dictionary-encoded strings, or all null.
enum Texts<'a> {
    Plain(Strings<'a>),
    Dictionary {
        keys: Vec<usize>,
        nulls: Option<&'a NullBuffer>,
        values: Strings<'a>,
    },
    Null,
}

impl<'a> Texts<'a> {
    fn of(array: &'a dyn Array) -> Option<Texts<'a>> {
        if let Some(s) = Strings::of(array) {
            return Some(Texts::Plain(s));
        }
        match array.data_type() {
            DataType::Null => Some(Texts::Null),
            DataType::Dictionary(_, _) => {
                let dict = array.as_any_dictionary_opt()?;
                let values = Strings::of(dict.values().as_ref())?;
                if dict.values().is_empty() {
                    // No value to point at: every key is null.
                    return Some(Texts::Null);
                }
                Some(Texts::Dictionary {
                    keys: dict.normalized_keys(),
                    nulls: dict.keys().nulls(),
                    values,
                })
            }
            _ => None,
        }
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Texts::Plain(s) => s.get(i),
            Texts::Dictionary {
                keys,
                nulls,
                values,
            } => {
                if nulls.is_some_and(|n| n.is_null(i)) {
                    return None;
                }
                values.get(*keys.get(i)?)
            }
            Texts::Null => None,
        }
    }
}

/// An integer column of any width and sign, or all null.
enum Integers<'a> {
    I8(&'a PrimitiveArray<Int8Type>),
    I16(&'a PrimitiveArray<Int16Type>),
    I32(&'a PrimitiveArray<Int32Type>),
    I64(&'a PrimitiveArray<Int64Type>),
    U8(&'a PrimitiveArray<UInt8Type>),
    U16(&'a PrimitiveArray<UInt16Type>),
    U32(&'a PrimitiveArray<UInt32Type>),
    U64(&'a PrimitiveArray<UInt64Type>),
    Null,
}

impl<'a> Integers<'a> {
    fn of(array: &'a dyn Array) -> Option<Integers<'a>> {
        Some(match array.data_type() {
            DataType::Int8 => Integers::I8(array.as_primitive()),
            DataType::Int16 => Integers::I16(array.as_primitive()),
            DataType::Int32 => Integers::I32(array.as_primitive()),
            DataType::Int64 => Integers::I64(array.as_primitive()),
            DataType::UInt8 => Integers::U8(array.as_primitive()),
            DataType::UInt16 => Integers::U16(array.as_primitive()),
            DataType::UInt32 => Integers::U32(array.as_primitive()),
            DataType::UInt64 => Integers::U64(array.as_primitive()),
            DataType::Null => Integers::Null,
            _ => return None,
        })
    }

    /// The value as a `u8`: `Ok(None)` for a null, `Err(())` for a value outside 0 to 255.
    #[inline]
    fn get_u8(&self, i: usize) -> Result<Option<u8>, ()> {
        fn small<T: TryInto<u8>>(valid: bool, v: T) -> Result<Option<u8>, ()> {
            if valid {
                v.try_into().map(Some).map_err(|_| ())
            } else {
                Ok(None)
            }
        }
        match self {
            Integers::I8(a) => small(a.is_valid(i), a.value(i)),
            Integers::I16(a) => small(a.is_valid(i), a.value(i)),
            Integers::I32(a) => small(a.is_valid(i), a.value(i)),
            Integers::I64(a) => small(a.is_valid(i), a.value(i)),
            Integers::U8(a) => small(a.is_valid(i), a.value(i)),
            Integers::U16(a) => small(a.is_valid(i), a.value(i)),
            Integers::U32(a) => small(a.is_valid(i), a.value(i)),
            Integers::U64(a) => small(a.is_valid(i), a.value(i)),
            Integers::Null => Ok(None),
        }
    }
}

/// The `subjects` column: list offsets over one struct array of subjects.
enum Lists<'a> {
    List(&'a ListArray),
    Large(&'a LargeListArray),
}

impl Lists<'_> {
    /// The positions of row `i`'s subjects in the struct array, or `None` for a null list.
    fn range(&self, i: usize) -> Option<Range<usize>> {
        match self {
            Lists::List(a) => span(a, i),
            Lists::Large(a) => span(a, i),
        }
    }
}

fn span<O: OffsetSizeTrait>(list: &GenericListArray<O>, i: usize) -> Option<Range<usize>> {
    let offsets = list.value_offsets();
    let start = offsets.get(i)?.as_usize();
    let end = offsets.get(i + 1)?.as_usize();
    list.is_valid(i).then_some(start..end)
}

/// Where the sheets are in the input table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One column of JSON texts.
    Json(String),
    /// One struct column whose fields are the sheet's fields.
    Struct(String),
    /// The sheet's fields are columns of the table.
    Columns,
}

impl Layout {
    /// How a table with these columns holds its sheets: `column` as JSON text or a struct, or
    /// else the sheet's fields as columns; `None` when neither is there.
    pub fn of(fields: &Fields, column: &str) -> Result<Option<Layout>, BatchError> {
        if let Some((_, field)) = fields.find(column) {
            return match field.data_type() {
                DataType::Struct(_) => Ok(Some(Layout::Struct(column.to_owned()))),
                t if is_text(t) => Ok(Some(Layout::Json(column.to_owned()))),
                t => Err(BatchError::Type {
                    column: column.to_owned(),
                    found: t.to_string(),
                    expected: "grade-sheet JSON texts, or a struct of the grade sheet's fields",
                }),
            };
        }
        Ok(fields
            .iter()
            .any(|f| SHEET_FIELDS.contains(&f.name().as_str()))
            .then_some(Layout::Columns))
    }

    /// The struct column holding the sheets, if they are held so.
    pub fn struct_column(&self) -> Option<&str> {
        match self {
            Layout::Struct(c) => Some(c),
            Layout::Json(_) | Layout::Columns => None,
        }
    }

    /// The input columns this layout reads.
    pub fn reads(&self, name: &str) -> bool {
        match self {
            Layout::Json(c) | Layout::Struct(c) => c == name,
            Layout::Columns => SHEET_FIELDS.contains(&name),
        }
    }
}

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null => true,
        DataType::Dictionary(_, v) => matches!(
            v.as_ref(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ),
        _ => false,
    }
}

/// The JSON texts of one batch (layout [`Layout::Json`]).
pub struct JsonColumn<'a>(Texts<'a>);

impl<'a> JsonColumn<'a> {
    pub fn new(batch: &'a RecordBatch, column: &str) -> Result<JsonColumn<'a>, BatchError> {
        let array = batch
            .column_by_name(column)
            .ok_or_else(|| missing(column, &[]))?;
        Texts::of(array.as_ref())
            .map(JsonColumn)
            .ok_or_else(|| wrong_type(column, array.data_type(), TEXT))
    }

    /// Row `i`'s text, `None` for a null.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        self.0.get(i)
    }
}

/// The columns of one batch holding grade sheets field by field.
pub struct SheetColumns<'a> {
    /// Nulls of the sheet struct (struct layout): a null sheet.
    sheet_nulls: Option<&'a NullBuffer>,
    schulform: Texts<'a>,
    jahrgang: Integers<'a>,
    gymnasium_track: Texts<'a>,
    bildungsgang: Texts<'a>,
    hauptschule_typ: Texts<'a>,
    prior: Texts<'a>,
    subjects: Lists<'a>,
    /// Nulls of the subject structs.
    subject_nulls: Option<&'a NullBuffer>,
    kuerzel: Texts<'a>,
    grade: Integers<'a>,
    course: Texts<'a>,
    foreign_language: Option<&'a BooleanArray>,
    language_order: Integers<'a>,
}

fn missing(column: &str, available: &[String]) -> BatchError {
    BatchError::Missing {
        column: column.to_owned(),
        available: available.to_vec(),
    }
}

fn wrong_type(column: &str, found: &DataType, expected: &'static str) -> BatchError {
    BatchError::Type {
        column: column.to_owned(),
        found: found.to_string(),
        expected,
    }
}

/// Named arrays (a table's columns or a struct's fields) with the path that names them in errors.
struct Named<'a> {
    prefix: String,
    names: Vec<String>,
    arrays: Vec<&'a dyn Array>,
}

impl<'a> Named<'a> {
    fn path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn find(&self, name: &str) -> Option<&'a dyn Array> {
        let i = self.names.iter().position(|n| n == name)?;
        self.arrays.get(i).copied()
    }

    fn required(&self, name: &str) -> Result<&'a dyn Array, BatchError> {
        self.find(name)
            .ok_or_else(|| missing(&self.path(name), &self.names))
    }

    fn text(&self, name: &str, required: bool) -> Result<Texts<'a>, BatchError> {
        let Some(array) = (if required {
            Some(self.required(name)?)
        } else {
            self.find(name)
        }) else {
            return Ok(Texts::Null);
        };
        Texts::of(array).ok_or_else(|| wrong_type(&self.path(name), array.data_type(), TEXT))
    }

    fn integers(&self, name: &str, required: bool) -> Result<Integers<'a>, BatchError> {
        let Some(array) = (if required {
            Some(self.required(name)?)
        } else {
            self.find(name)
        }) else {
            return Ok(Integers::Null);
        };
        Integers::of(array).ok_or_else(|| wrong_type(&self.path(name), array.data_type(), INTEGER))
    }

    /// Refuses a field that is not in `known` (it would be dropped unread); `listed` names them.
    fn only(&self, known: &[&str], listed: &'static str) -> Result<(), BatchError> {
        match self.names.iter().find(|n| !known.contains(&n.as_str())) {
            Some(n) => Err(BatchError::Unknown {
                column: self.path(n),
                known: listed,
            }),
            None => Ok(()),
        }
    }
}

fn struct_fields<'a>(array: &'a StructArray, prefix: String) -> Named<'a> {
    Named {
        prefix,
        names: array.fields().iter().map(|f| f.name().clone()).collect(),
        arrays: array.columns().iter().map(|a| a.as_ref()).collect(),
    }
}

impl<'a> SheetColumns<'a> {
    /// Reads the sheet columns of `batch`, checking their types: the fields of the struct
    /// column `struct_column`, else the batch's own columns (whose other columns the caller has
    /// checked).
    pub fn new(
        batch: &'a RecordBatch,
        struct_column: Option<&str>,
    ) -> Result<SheetColumns<'a>, BatchError> {
        let (sheet, sheet_nulls) = match struct_column {
            Some(column) => {
                let array = batch
                    .column_by_name(column)
                    .ok_or_else(|| missing(column, &[]))?;
                let s = array.as_struct_opt().ok_or_else(|| {
                    wrong_type(
                        column,
                        array.data_type(),
                        "a struct of the grade sheet's fields",
                    )
                })?;
                let named = struct_fields(s, format!("{column}."));
                named.only(
                    &SHEET_FIELDS,
                    "schulform, jahrgang, gymnasium_track, bildungsgang, hauptschule_typ, prior, \
                     subjects",
                )?;
                (named, s.nulls())
            }
            None => {
                let schema = batch.schema();
                let named = Named {
                    prefix: String::new(),
                    names: schema.fields().iter().map(|f| f.name().clone()).collect(),
                    arrays: batch.columns().iter().map(|a| a.as_ref()).collect(),
                };
                (named, None)
            }
        };
        // Checked in the order of the sheet's fields.
        let schulform = sheet.text("schulform", true)?;
        let jahrgang = sheet.integers("jahrgang", true)?;
        let gymnasium_track = sheet.text("gymnasium_track", false)?;
        let bildungsgang = sheet.text("bildungsgang", false)?;
        let hauptschule_typ = sheet.text("hauptschule_typ", false)?;
        let prior = sheet.text("prior", false)?;
        let subjects_array = sheet.required("subjects")?;
        let subjects_path = sheet.path("subjects");
        let not_subjects = || wrong_type(&subjects_path, subjects_array.data_type(), SUBJECTS);
        let (subjects, items) = match subjects_array.data_type() {
            DataType::List(_) => {
                let list = subjects_array.as_list::<i32>();
                (Lists::List(list), list.values())
            }
            DataType::LargeList(_) => {
                let list = subjects_array.as_list::<i64>();
                (Lists::Large(list), list.values())
            }
            _ => return Err(not_subjects()),
        };
        let items = items.as_struct_opt().ok_or_else(not_subjects)?;
        let subject = struct_fields(items, format!("{subjects_path}."));
        subject.only(
            &SUBJECT_FIELDS,
            "kuerzel, grade, course, foreign_language, language_order",
        )?;
        let foreign_language = match subject.find("foreign_language") {
            None => None,
            Some(a) if a.data_type() == &DataType::Null => None,
            Some(a) => Some(a.as_boolean_opt().ok_or_else(|| {
                wrong_type(&subject.path("foreign_language"), a.data_type(), BOOLEAN)
            })?),
        };
        Ok(SheetColumns {
            sheet_nulls,
            schulform,
            jahrgang,
            gymnasium_track,
            bildungsgang,
            hauptschule_typ,
            prior,
            subjects,
            subject_nulls: items.nulls(),
            kuerzel: subject.text("kuerzel", true)?,
            grade: subject.integers("grade", true)?,
            course: subject.text("course", false)?,
            foreign_language,
            language_order: subject.integers("language_order", false)?,
        })
    }

    /// Row `i` as a sheet, its subjects written to `subjects` (cleared first) and borrowed.
    pub fn read<'b>(
        &self,
        i: usize,
        subjects: &'b mut Vec<SubjectView<'a>>,
    ) -> Result<SheetView<'b>, SheetProblem> {
        subjects.clear();
        if self.sheet_nulls.is_some_and(|n| n.is_null(i)) {
            return Err(problem(None, "is null"));
        }
        let schulform = match self.schulform.get(i) {
            None => return Err(problem(Some("schulform".to_owned()), "is null")),
            Some(s) => Schulform::from_spelling(s).ok_or_else(|| {
                problem(
                    Some("schulform".to_owned()),
                    "must be a Schulform name such as 'realschule'",
                )
            })?,
        };
        let jahrgang = match self.jahrgang.get_u8(i) {
            Ok(Some(j)) => j,
            Ok(None) => return Err(problem(Some("jahrgang".to_owned()), "is null")),
            Err(()) => return Err(problem(Some("jahrgang".to_owned()), "must be 5 to 10")),
        };
        // The other fields before the subjects, as a dict's are diagnosed.
        let gymnasium_track = optional(
            &self.gymnasium_track,
            i,
            "gymnasium_track",
            "must be 'g8' or 'g9'",
        )?;
        let bildungsgang = optional(
            &self.bildungsgang,
            i,
            "bildungsgang",
            "must be 'integriert', 'hauptschule', 'realschule', 'gymnasium', \
             'teilintegriert_erweiterung' or 'teilintegriert_grund'",
        )?;
        let hauptschule_typ = optional(
            &self.hauptschule_typ,
            i,
            "hauptschule_typ",
            "must be 'A' or 'B'",
        )?;
        let prior = optional(
            &self.prior,
            i,
            "prior",
            "must be 'esa', 'eesa', 'msa' or 'msa_q'",
        )?;
        let range = self
            .subjects
            .range(i)
            .ok_or_else(|| problem(Some("subjects".to_owned()), "is null"))?;
        for (k, j) in range.enumerate() {
            subjects.push(self.subject(k, j)?);
        }
        let sheet = SheetView {
            gymnasium_track,
            bildungsgang,
            hauptschule_typ,
            prior,
            ..SheetView::new(schulform, jahrgang, subjects)
        };
        Ok(sheet)
    }

    /// The `k`-th subject of a sheet, at position `j` of the subject structs.
    fn subject(&self, k: usize, j: usize) -> Result<SubjectView<'a>, SheetProblem> {
        let field = |name: &str| Some(format!("subjects[{k}].{name}"));
        if self.subject_nulls.is_some_and(|n| n.is_null(j)) {
            return Err(problem(Some(format!("subjects[{k}]")), "is null"));
        }
        let kuerzel = self
            .kuerzel
            .get(j)
            .ok_or_else(|| problem(field("kuerzel"), "is null"))?;
        let grade = match self.grade.get_u8(j) {
            Ok(Some(g)) => g,
            Ok(None) => return Err(problem(field("grade"), "is null")),
            Err(()) => return Err(problem(field("grade"), "must be 1 to 6")),
        };
        let language_order = self
            .language_order
            .get_u8(j)
            .map_err(|()| problem(field("language_order"), "must be 1 to 9"))?;
        let course = match self.course.get(j) {
            None => None,
            Some(c) => {
                Some(parse(c).ok_or_else(|| problem(field("course"), "must be 'E' or 'G'"))?)
            }
        };
        Ok(SubjectView {
            kuerzel,
            grade,
            course,
            // A null is absent: false, as when the field is left out of a dict.
            foreign_language: self
                .foreign_language
                .is_some_and(|a| a.is_valid(j) && a.value(j)),
            language_order,
        })
    }
}

fn problem(field: Option<String>, problem: &str) -> SheetProblem {
    SheetProblem {
        field,
        problem: problem.to_owned(),
    }
}

/// A value as the JSON path reads it (the same serde names).
fn parse<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    let de: StrDeserializer<'_, ValueError> = text.into_deserializer();
    T::deserialize(de).ok()
}

fn optional<T: for<'de> Deserialize<'de>>(
    texts: &Texts<'_>,
    i: usize,
    field: &str,
    expected: &str,
) -> Result<Option<T>, SheetProblem> {
    match texts.get(i) {
        None => Ok(None),
        Some(t) => parse(t)
            .map(Some)
            .ok_or_else(|| problem(Some(field.to_owned()), expected)),
    }
}
