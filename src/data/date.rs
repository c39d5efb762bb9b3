//! Partial calendar dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) that keep their precision.
//! Owns parsing, validation, ordering and display; knows nothing of YAML.

use std::cmp::Ordering;
use std::fmt;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year: `2023`.
    Year,
    /// Year and month: `2023-08`.
    Month,
    /// A calendar day: `2023-08-29`.
    Day,
}

/// A date known to a year, a month or a day.
///
/// Ordering puts a less precise date before a more precise one that starts at
/// the same instant: `2023` < `2023-01` < `2023-01-01` < `2023-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("`{0}` is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")]
    Format(String),
    /// Month outside 1..=12.
    #[error("`{0}` has no month {1}: months run from 01 to 12")]
    Month(String, u32),
    /// Day not in that month.
    #[error("`{text}` is not a calendar date: {month_name} {year} has {days} days")]
    Day {
        /// The text as written.
        text: String,
        /// English month name.
        month_name: &'static str,
        /// The year.
        year: i32,
        /// Days in that month.
        days: u8,
    },
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// A year-only date.
    pub fn year(year: i32) -> Self {
        Self { year, month: None, day: None }
    }

    /// A full date, checked against the calendar.
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        Self::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, rejecting calendar-invalid days.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let format_err = || DateError::Format(text.to_string());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| format_err())
            } else {
                Err(format_err())
            }
        };
        if parts.is_empty() || parts.len() > 3 {
            return Err(format_err());
        }
        let year = number(parts[0], 4)? as i32;
        let month = match parts.get(1) {
            Some(m) => {
                let m = number(m, 2)?;
                if !(1..=12).contains(&m) {
                    return Err(DateError::Month(text.to_string(), m));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d = number(d, 2)?;
                let days = days_in_month(year, m);
                if d == 0 || d > u32::from(days) {
                    return Err(DateError::Day {
                        text: text.to_string(),
                        month_name: MONTHS[m as usize - 1],
                        year,
                        days,
                    });
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(Self { year, month, day })
    }

    /// The date a text that is not one most likely means, when only one
    /// reading is plausible: `2020-9-1` and `2020/09/01` mean `2020-09-01`,
    /// `29.08.2023` means `2023-08-29`, `2023-08-29T10:00` means
    /// `2023-08-29`, full-width digits mean ASCII ones. `None` when the text
    /// is a date already, or could be read two ways (`01/02/2023`).
    pub fn suggest(text: &str) -> Option<PartialDate> {
        if Self::parse(text).is_ok() {
            return None;
        }
        // Full-width digits and separators, and the Chinese 年 月 日.
        let plain: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '－' | '／' | '．' | '年' | '月' => '-',
                '日' => ' ',
                c => c,
            })
            .collect();
        // A time of day after the date goes.
        let date = plain.split(['T', ' ']).next().unwrap_or_default().trim_end_matches('-');
        let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
        let number = |s: &str| {
            (!s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse::<u32>().ok())
                .flatten()
        };
        let nums: Option<Vec<u32>> = parts.iter().map(|p| number(p)).collect();
        let nums = nums?;
        let year_first = parts[0].len() == 4;
        let (y, m, d) = match (nums.as_slice(), year_first) {
            ([y], true) => (*y, None, None),
            ([ymd], false) if parts[0].len() == 8 => (ymd / 10_000, Some(ymd / 100 % 100), Some(ymd % 100)),
            ([y, m], true) => (*y, Some(*m), None),
            // Day and month written the wrong way round: only the month can be 1 to 12.
            ([y, a, b], true) if *a > 12 && *b <= 12 => (*y, Some(*b), Some(*a)),
            ([y, m, d], true) => (*y, Some(*m), Some(*d)),
            // Day first (29.08.2023) or month first (08/29/2023): only when one of them cannot be a month.
            ([a, b, y], false) if parts[2].len() == 4 && *a > 12 && *b <= 12 => (*y, Some(*b), Some(*a)),
            ([a, b, y], false) if parts[2].len() == 4 && *b > 12 && *a <= 12 => (*y, Some(*a), Some(*b)),
            _ => return None,
        };
        let text = match (m, d) {
            (None, _) => format!("{y:04}"),
            (Some(m), None) => format!("{y:04}-{m:02}"),
            (Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        };
        (y >= 1000).then(|| Self::parse(&text).ok()).flatten()
    }

    /// The year.
    pub fn year_part(&self) -> i32 {
        self.year
    }

    /// The month (1–12), if known.
    pub fn month_part(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, if known.
    pub fn day_part(&self) -> Option<u8> {
        self.day
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// Days since 0000-03-01-ish epoch of the first day the date covers; for axes.
    pub fn start_day(&self) -> i64 {
        day_number(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Day number of the last day the date covers (a year-only date covers the year).
    pub fn end_day(&self) -> i64 {
        match (self.month, self.day) {
            (None, _) => day_number(self.year, 12, 31),
            (Some(m), None) => day_number(self.year, m, days_in_month(self.year, m)),
            (Some(m), Some(d)) => day_number(self.year, m, d),
        }
    }

    /// The date as written in the data: `2023`, `2023-08` or `2023-08-29`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// A human label: `2023`, `Aug 2023`, `29 Aug 2023`.
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (None, _) => format!("{}", self.year),
            (Some(m), None) => format!("{} {}", &MONTHS[m as usize - 1][..3], self.year),
            (Some(m), Some(d)) => format!("{d} {} {}", &MONTHS[m as usize - 1][..3], self.year),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |d: &Self| (d.year, d.month.unwrap_or(0), d.day.unwrap_or(0));
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day count that grows by one per calendar day (proleptic Gregorian).
pub fn day_number(year: i32, month: u8, day: u8) -> i64 {
    // Algorithm from Howard Hinnant's days_from_civil.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day number (the inverse of [`day_number`]).
pub fn civil(days: i64) -> PartialDate {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    PartialDate { year, month: Some(month), day: Some(day) }
}

/// Today's date from the system clock (UTC), for the timeline's "today" marker.
pub fn today() -> PartialDate {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    civil(secs.div_euclid(86_400))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(PartialDate::parse("2023").unwrap().precision(), Precision::Year);
        assert_eq!(PartialDate::parse("2023-08").unwrap().precision(), Precision::Month);
        let d = PartialDate::parse("2023-08-29").unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(d.to_string(), "2023-08-29");
        assert_eq!(PartialDate::parse("2023-08").unwrap().to_string(), "2023-08");
        assert_eq!(PartialDate::parse("2023").unwrap().human(), "2023");
        assert_eq!(PartialDate::parse("2023-08").unwrap().human(), "Aug 2023");
        assert_eq!(d.human(), "29 Aug 2023");
    }

    #[test]
    fn rejects_bad_forms() {
        for bad in ["", "23", "2023-8", "2023-08-1", "2023/08/01", "2023-08-29-1", "abcd", "２０２３"] {
            assert!(matches!(PartialDate::parse(bad), Err(DateError::Format(_))), "{bad}");
        }
        assert_eq!(PartialDate::parse("2023-13"), Err(DateError::Month("2023-13".into(), 13)));
    }

    #[test]
    fn suggests_the_date_meant() {
        let s = |t: &str| PartialDate::suggest(t).map(|d| d.to_string());
        for (text, meant) in [
            ("2020-9-1", "2020-09-01"),
            ("2020/09/01", "2020-09-01"),
            ("2020.9.1", "2020-09-01"),
            ("2023-8", "2023-08"),
            ("2023-08-29T10:00", "2023-08-29"),
            ("2023-08-29 10:00", "2023-08-29"),
            ("29.08.2023", "2023-08-29"),
            ("08/29/2023", "2023-08-29"),
            ("2023-29-08", "2023-08-29"),
            ("20230829", "2023-08-29"),
            ("２０２３年８月２９日", "2023-08-29"),
            ("２０２３", "2023"),
        ] {
            assert_eq!(s(text).as_deref(), Some(meant), "{text}");
        }
        for no in ["2023-08-29", "01/02/2023", "23", "2023-02-30", "2023-13", "abcd", "", "0999-01-01", "1.5"] {
            assert_eq!(s(no), None, "{no}");
        }
    }

    #[test]
    fn rejects_calendar_invalid_days() {
        let err = PartialDate::parse("2023-02-30").unwrap_err();
        assert_eq!(err.to_string(), "`2023-02-30` is not a calendar date: February 2023 has 28 days");
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("1900-02-29").is_err());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        assert!(PartialDate::parse("2023-04-31").is_err());
        assert!(PartialDate::parse("2023-04-00").is_err());
    }

    #[test]
    fn orders_mixed_precision() {
        let mut v: Vec<PartialDate> = ["2023-03-05", "2024", "2023-03", "2023", "2022-12-31"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let s: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(s, ["2022-12-31", "2023", "2023-03", "2023-03-05", "2024"]);
    }

    #[test]
    fn civil_inverts_day_number() {
        for d in [-800_000, -1, 0, 1, 19_000, 20_417, 2_000_000] {
            let c = civil(d);
            assert_eq!(day_number(c.year, c.month.unwrap(), c.day.unwrap()), d);
        }
        assert_eq!(civil(0).to_string(), "1970-01-01");
        assert_eq!(civil(day_number(2024, 2, 29)).to_string(), "2024-02-29");
    }

    #[test]
    fn day_spans() {
        let y = PartialDate::parse("2023").unwrap();
        assert_eq!(y.end_day() - y.start_day(), 364);
        let m = PartialDate::parse("2024-02").unwrap();
        assert_eq!(m.end_day() - m.start_day(), 28);
        assert_eq!(day_number(1970, 1, 1), 0);
    }
}
