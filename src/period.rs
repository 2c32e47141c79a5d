//! 报告期 — the reporting period: a year (`2026`) or a month (`2026-11`).

use std::fmt;

use crate::error::Error;

/// A reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    /// The year.
    pub year: i32,
    /// The month, 1–12, for a monthly period.
    pub month: Option<u32>,
}

impl Period {
    /// Parses `YYYY` or `YYYY-MM`.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (year, month) = match text.split_once('-') {
            Some((y, m)) => (y, Some(m)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month = match month {
            Some(m) if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                let m: u32 = m.parse().ok()?;
                (1..=12).contains(&m).then_some(m)?;
                Some(m)
            }
            Some(_) => return None,
            None => None,
        };
        (1900..=2999).contains(&year).then_some(Period { year, month })
    }

    /// Parses a period given on the command line or in the configuration, explaining
    /// the form expected when it is not one.
    pub fn given(text: &str) -> Result<Period, Error> {
        Period::parse(text)
            .ok_or_else(|| Error::Usage(format!("报告期“{text}”格式不对，应为 YYYY 或 YYYY-MM，例如 2026-11")))
    }

    /// The current month by the system clock (UTC), used when none is configured.
    pub fn current() -> Period {
        let seconds =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
        let (year, month, _) = civil_from_days((seconds / 86_400) as i64);
        Period { year, month: Some(month) }
    }

    /// As a report writes it: `2026年11月`, `2026年度`.
    pub fn in_chinese(self) -> String {
        match self.month {
            Some(m) => format!("{}年{}月", self.year, m),
            None => format!("{}年度", self.year),
        }
    }

    /// The first day of the period: (year, month, day).
    pub fn start(self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(1), 1)
    }

    /// The last day of the period: (year, month, day).
    pub fn end(self) -> (i32, u32, u32) {
        let month = self.month.unwrap_or(12);
        (self.year, month, days_in_month(self.year, month))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.month {
            Some(m) => write!(f, "{:04}-{:02}", self.year, m),
            None => write!(f, "{:04}", self.year),
        }
    }
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_years_and_months() {
        assert_eq!(Period::parse("2026-11"), Some(Period { year: 2026, month: Some(11) }));
        assert_eq!(Period::parse("2010"), Some(Period { year: 2010, month: None }));
        for bad in ["2026-13", "26-11", "2026-1", "2026/11", "", "abcd"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2026-02").map(|p| p.to_string()).as_deref(), Some("2026-02"));
    }

    #[test]
    fn period_end_is_the_last_day() {
        assert_eq!(Period::parse("2024-02").map(Period::end), Some((2024, 2, 29)));
        assert_eq!(Period::parse("2026").map(Period::end), Some((2026, 12, 31)));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_413), (2025, 11, 21));
    }
}
