//! Civil dates, school years and ages as German law counts them.
//!
//! Only civil (proleptic Gregorian) dates: no times, no time zones. A [`Date`] is stored as a
//! day number so that comparisons and per-child arithmetic in batch paths stay cheap.
//!
//! Ages follow BGB § 187 Abs. 2 (the day of birth counts as a whole day) and § 188 Abs. 2 (a
//! year of life ends with the end of the day before the birthday): a child has *completed* its
//! n-th year of life at the start of its n-th birthday. A child born on 29 February completes a
//! year of life in a common year with the end of 28 February, so its birthday counts from 1 March.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a date, school year or half-year could not be built or parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// Year, month and day do not name a day of the calendar.
    #[error("no such day: year {year}, month {month}, day {day}")]
    NoSuchDay {
        /// The year given.
        year: i32,
        /// The month given (1–12).
        month: u32,
        /// The day given.
        day: u32,
    },
    /// The year lies outside the supported range 1800–2200.
    #[error("year {0} is outside the supported range 1800–2200")]
    YearOutOfRange(i32),
    /// Text that is not a date in the form `YYYY-MM-DD`.
    #[error("expected a date as YYYY-MM-DD")]
    BadDateSyntax,
    /// Text that is not a school year in the form `2025/26`.
    #[error("expected a school year as YYYY/YY, e.g. 2025/26")]
    BadSchoolYearSyntax,
}

/// The earliest year a [`Date`] accepts.
pub const MIN_YEAR: i32 = 1800;
/// The latest year a [`Date`] accepts.
pub const MAX_YEAR: i32 = 2200;

/// A civil date (day precision), serialised as ISO 8601 `YYYY-MM-DD`.
///
/// ```
/// use bildungsnetz::calendar::Date;
/// let d: Date = "2025-09-30".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2025, 9, 30));
/// assert_eq!(d.succ().to_string(), "2025-10-01");
/// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01 with the sign bit flipped ([`Date::at`]): the order of day numbers
    /// as unsigned numbers, never zero for a supported day, so that `Option<Date>` (dozens of
    /// them in every learner record) takes four bytes, not eight.
    key: NonZeroU32,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Day-number conversions after the well-known "days from civil" construction: years are
// shifted to start in March so that the leap day falls at the end of the shifted year.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = month as i32;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

impl Date {
    /// Builds a date from year, month (1–12) and day, rejecting days that do not exist.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// assert!(Date::from_ymd(2024, 2, 29).is_ok());
    /// assert!(Date::from_ymd(2025, 2, 29).is_err());
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, CalendarError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(CalendarError::YearOutOfRange(year));
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(CalendarError::NoSuchDay { year, month, day });
        }
        Ok(Date::at(days_from_civil(year, month, day)))
    }

    /// The date of a day number in the supported range (the caller has checked it).
    fn at(days: i32) -> Date {
        // Flipping the sign bit maps i32 order onto u32 order; zero would be i32::MIN, far
        // outside 1800–2200, so the fallback is never taken.
        let bits = u32::from_ne_bytes(days.to_ne_bytes());
        let key = NonZeroU32::new(bits ^ 0x8000_0000).unwrap_or(NonZeroU32::MIN);
        Date { key }
    }

    fn days(self) -> i32 {
        i32::from_ne_bytes((self.key.get() ^ 0x8000_0000).to_ne_bytes())
    }

    /// The date for a day number (days since 1970-01-01), if it lies in the supported range.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// assert_eq!(Date::from_day_number(0)?.to_string(), "1970-01-01");
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn from_day_number(days: i32) -> Result<Date, CalendarError> {
        // Checked before any arithmetic: extreme day numbers would overflow the conversion.
        if days < days_from_civil(MIN_YEAR, 1, 1) {
            return Err(CalendarError::YearOutOfRange(MIN_YEAR - 1));
        }
        if days > days_from_civil(MAX_YEAR, 12, 31) {
            return Err(CalendarError::YearOutOfRange(MAX_YEAR + 1));
        }
        Ok(Date::at(days))
    }

    /// Days since 1970-01-01 (negative before), the form Arrow's `date32` uses.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// assert_eq!(Date::from_ymd(1970, 1, 2)?.day_number(), 1);
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn day_number(self) -> i32 {
        self.days()
    }

    /// Year, month and day at once.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days())
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// The following day (saturating at the end of the supported range).
    pub fn succ(self) -> Date {
        Date::from_day_number(self.days().saturating_add(1)).unwrap_or(self)
    }

    /// The preceding day (saturating at the start of the supported range).
    pub fn pred(self) -> Date {
        Date::from_day_number(self.days().saturating_sub(1)).unwrap_or(self)
    }

    /// The anniversary of this date `years` later, as BGB §§ 187 (2), 188 (2), (3) count it:
    /// a 29 February falls on 1 March in a common year. `None` outside the supported range.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// let born = Date::from_ymd(2020, 2, 29)?;
    /// assert_eq!(born.anniversary(1).map(|d| d.to_string()), Some("2021-03-01".into()));
    /// assert_eq!(born.anniversary(4).map(|d| d.to_string()), Some("2024-02-29".into()));
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn anniversary(self, years: u32) -> Option<Date> {
        let (y, m, d) = self.ymd();
        let year = y.checked_add(i32::try_from(years).ok()?)?;
        if m == 2 && d == 29 && !is_leap(year) {
            Date::from_ymd(year, 3, 1).ok()
        } else {
            Date::from_ymd(year, m, d).ok()
        }
    }

    /// The number of completed years of life at the start of `on` for a person born on `self`
    /// (BGB §§ 187 (2), 188 (2)); 0 when `on` is before the birth.
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// let born = Date::from_ymd(2019, 9, 30)?;
    /// assert_eq!(born.age_on(Date::from_ymd(2025, 9, 29)?), 5);
    /// assert_eq!(born.age_on(Date::from_ymd(2025, 9, 30)?), 6);
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn age_on(self, on: Date) -> u32 {
        if on < self {
            return 0;
        }
        let (by, bm, bd) = self.ymd();
        let (oy, om, od) = on.ymd();
        let years = (oy - by) as u32;
        // The birthday "counts" on the day of the anniversary; for 29 Feb in a common year on 1 Mar.
        let (am, ad) = if bm == 2 && bd == 29 && !is_leap(oy) {
            (3, 1)
        } else {
            (bm, bd)
        };
        if (om, od) >= (am, ad) {
            years
        } else {
            years.saturating_sub(1)
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl FromStr for Date {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Date, CalendarError> {
        let mut parts = s.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CalendarError::BadDateSyntax);
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(CalendarError::BadDateSyntax);
        }
        let (Some(y), Some(m), Some(d)) = (parse_digits(y), parse_digits(m), parse_digits(d))
        else {
            return Err(CalendarError::BadDateSyntax);
        };
        Date::from_ymd(y as i32, m, d)
    }
}

impl Date {
    /// Reads a date in ISO 8601 (`2019-09-30`) or as Germans write it, `TT.MM.JJJJ`
    /// (`30.09.2019`; a one-digit day or month, `1.8.2025`, is accepted too).
    ///
    /// ```
    /// use bildungsnetz::calendar::Date;
    /// let d = Date::from_ymd(2019, 9, 30)?;
    /// assert_eq!(Date::parse_iso_or_german("2019-09-30")?, d);
    /// assert_eq!(Date::parse_iso_or_german("30.09.2019")?, d);
    /// assert_eq!(Date::parse_iso_or_german("1.8.2025")?, Date::from_ymd(2025, 8, 1)?);
    /// assert!(Date::parse_iso_or_german("30.09.19").is_err());
    /// assert!(Date::parse_iso_or_german("31.09.2019").is_err());
    /// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
    /// ```
    pub fn parse_iso_or_german(text: &str) -> Result<Date, CalendarError> {
        if !text.contains('.') {
            return text.parse();
        }
        let mut parts = text.splitn(3, '.');
        let (Some(d), Some(m), Some(y)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CalendarError::BadDateSyntax);
        };
        if !(1..=2).contains(&d.len()) || !(1..=2).contains(&m.len()) || y.len() != 4 {
            return Err(CalendarError::BadDateSyntax);
        }
        let (Some(d), Some(m), Some(y)) = (parse_digits(d), parse_digits(m), parse_digits(y))
        else {
            return Err(CalendarError::BadDateSyntax);
        };
        Date::from_ymd(y as i32, m, d)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar day in ISO 8601, `YYYY-MM-DD`.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

/// A school year, running from 1 August to 31 July, named like `"2025/26"`.
///
/// ```
/// use bildungsnetz::calendar::{Date, SchoolYear};
/// let sy: SchoolYear = "2025/26".parse()?;
/// assert_eq!(sy.start().to_string(), "2025-08-01");
/// assert_eq!(sy.end().to_string(), "2026-07-31");
/// assert_eq!(SchoolYear::containing(Date::from_ymd(2026, 7, 31)?), sy);
/// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolYear {
    start_year: i32,
}

impl SchoolYear {
    /// The school year that begins on 1 August of `start_year`.
    pub fn starting(start_year: i32) -> Result<SchoolYear, CalendarError> {
        if !(MIN_YEAR..MAX_YEAR).contains(&start_year) {
            return Err(CalendarError::YearOutOfRange(start_year));
        }
        Ok(SchoolYear { start_year })
    }

    /// The school year a date falls in.
    pub fn containing(date: Date) -> SchoolYear {
        let (y, m, _) = date.ymd();
        SchoolYear {
            start_year: if m >= 8 { y } else { y - 1 },
        }
    }

    /// The calendar year in which this school year begins.
    pub fn start_year(self) -> i32 {
        self.start_year
    }

    /// 1 August, the first day.
    pub fn start(self) -> Date {
        Date::at(days_from_civil(self.start_year, 8, 1))
    }

    /// 31 July, the last day.
    pub fn end(self) -> Date {
        Date::at(days_from_civil(self.start_year + 1, 7, 31))
    }

    /// The next school year.
    pub fn next(self) -> SchoolYear {
        SchoolYear {
            start_year: self.start_year + 1,
        }
    }

    /// The half-year a date falls in, if it lies in this school year. The first half-year runs
    /// 1 August – 31 January, the second 1 February – 31 July (the NRW Zeugnis rhythm).
    pub fn half_year_of(self, date: Date) -> Option<HalfYear> {
        if date < self.start() || date > self.end() {
            return None;
        }
        let second_start = Date::at(days_from_civil(self.start_year + 1, 2, 1));
        Some(if date < second_start {
            HalfYear::First
        } else {
            HalfYear::Second
        })
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{:02}",
            self.start_year,
            (self.start_year + 1).rem_euclid(100)
        )
    }
}

impl fmt::Debug for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for SchoolYear {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<SchoolYear, CalendarError> {
        let (a, b) = s
            .split_once('/')
            .ok_or(CalendarError::BadSchoolYearSyntax)?;
        if a.len() != 4 || b.len() != 2 {
            return Err(CalendarError::BadSchoolYearSyntax);
        }
        let start = parse_digits(a).ok_or(CalendarError::BadSchoolYearSyntax)? as i32;
        let end = parse_digits(b).ok_or(CalendarError::BadSchoolYearSyntax)? as i32;
        if (start + 1).rem_euclid(100) != end {
            return Err(CalendarError::BadSchoolYearSyntax);
        }
        SchoolYear::starting(start)
    }
}

impl Serialize for SchoolYear {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SchoolYear {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SchoolYear, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl schemars::JsonSchema for SchoolYear {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchoolYear".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A school year (Schuljahr, 1 August to 31 July) as `YYYY/YY`, e.g. `2025/26`.",
            "type": "string",
            "pattern": "^[0-9]{4}/[0-9]{2}$"
        })
    }
}

/// A half of a school year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HalfYear {
    /// 1 August – 31 January.
    First,
    /// 1 February – 31 July.
    Second,
}

/// A closed period of validity: from a first day to an optional last day (open-ended if `None`).
///
/// ```
/// use bildungsnetz::calendar::{Date, Validity};
/// let v = Validity::new(Date::from_ymd(2011, 8, 1)?, None);
/// assert!(v.contains(Date::from_ymd(2030, 1, 1)?));
/// assert!(!v.contains(Date::from_ymd(2011, 7, 31)?));
/// # Ok::<(), bildungsnetz::calendar::CalendarError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Validity {
    /// The first day on which the rule or value applies.
    pub from: Date,
    /// The last day on which it applies; `None` while in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

impl Validity {
    /// A validity period from `from` to `until` (inclusive).
    pub fn new(from: Date, until: Option<Date>) -> Validity {
        Validity { from, until }
    }

    /// Whether `date` lies inside the period.
    pub fn contains(&self, date: Date) -> bool {
        date >= self.from && self.until.is_none_or(|u| date <= u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(d(1970, 1, 1).day_number(), 0);
        assert_eq!(d(2000, 3, 1).day_number(), 11_017);
        assert_eq!(d(1969, 12, 31).day_number(), -1);
    }

    #[test]
    fn parse_rejects_malformed() {
        for bad in [
            "2025-9-30",
            "2025-09-31",
            "20250930",
            "2025-02-29",
            "+025-01-01",
            "",
            "2025-13-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bgb_age_edges() {
        // Born 30.09.2019 completes its 6th year by the start of 30.09.2025; born 01.10 does not.
        assert_eq!(d(2019, 9, 30).age_on(d(2025, 9, 30)), 6);
        assert_eq!(d(2019, 10, 1).age_on(d(2025, 9, 30)), 5);
        assert_eq!(d(2019, 10, 1).age_on(d(2025, 10, 1)), 6);
        // Leap-day births: 28.02 still the old age in a common year, 01.03 the new one.
        assert_eq!(d(2020, 2, 29).age_on(d(2026, 2, 28)), 5);
        assert_eq!(d(2020, 2, 29).age_on(d(2026, 3, 1)), 6);
        assert_eq!(d(2020, 2, 29).age_on(d(2028, 2, 29)), 8);
        assert_eq!(d(2020, 2, 29).age_on(d(2019, 1, 1)), 0);
    }

    #[test]
    fn school_year_names() {
        assert_eq!(SchoolYear::starting(1999).unwrap().to_string(), "1999/00");
        assert!("2025/27".parse::<SchoolYear>().is_err());
        assert_eq!(
            "1999/00".parse::<SchoolYear>().unwrap().start(),
            d(1999, 8, 1)
        );
        let sy = SchoolYear::starting(2025).unwrap();
        assert_eq!(sy.half_year_of(d(2026, 1, 31)), Some(HalfYear::First));
        assert_eq!(sy.half_year_of(d(2026, 2, 1)), Some(HalfYear::Second));
        assert_eq!(sy.half_year_of(d(2026, 8, 1)), None);
    }

    #[test]
    fn an_optional_date_takes_no_more_room_than_a_date() {
        assert_eq!(std::mem::size_of::<Option<Date>>(), 4);
    }

    proptest! {
        #[test]
        fn day_numbers_round_trip(days in -62_000i32..84_000) {
            let date = Date::from_day_number(days).unwrap();
            let (y, m, dd) = date.ymd();
            prop_assert_eq!(Date::from_ymd(y, m, dd).unwrap(), date);
            prop_assert_eq!(date.to_string().parse::<Date>().unwrap(), date);
            prop_assert_eq!(date.day_number(), days);
        }

        #[test]
        fn dates_order_as_their_day_numbers(a in -62_000i32..84_000, b in -62_000i32..84_000) {
            let (da, db) = (Date::from_day_number(a).unwrap(), Date::from_day_number(b).unwrap());
            prop_assert_eq!(da.cmp(&db), a.cmp(&b));
            prop_assert_eq!(Some(da).cmp(&Some(db)), a.cmp(&b));
            prop_assert!(None < Some(da));
        }

        #[test]
        fn any_day_number_gives_a_date_or_an_error(days in any::<i32>()) {
            if let Ok(date) = Date::from_day_number(days) {
                prop_assert!((MIN_YEAR..=MAX_YEAR).contains(&date.year()));
            }
        }

        #[test]
        fn age_matches_anniversaries(born in 0i32..20_000, offset in 0i32..10_000) {
            let born = Date::from_day_number(born).unwrap();
            let on = Date::from_day_number(born.day_number() + offset).unwrap();
            let age = born.age_on(on);
            prop_assert!(born.anniversary(age).unwrap() <= on);
            prop_assert!(born.anniversary(age + 1).unwrap() > on);
        }

        #[test]
        fn school_year_contains_its_days(days in 0i32..40_000) {
            let date = Date::from_day_number(days).unwrap();
            let sy = SchoolYear::containing(date);
            prop_assert!(sy.start() <= date && date <= sy.end());
            prop_assert_eq!(sy.to_string().parse::<SchoolYear>().unwrap(), sy);
        }
    }
}
