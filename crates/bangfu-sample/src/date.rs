//! Calendar dates of the sample (birth dates, 建档日期, 发放日期) and the many
//! ways clerks write them.
//!
//! Only the proleptic Gregorian calendar is needed; there are no times and no
//! time zones. Formatting lives here so every layout spells a date the same way.

use super::rng::Rng;

/// A calendar day. `Ord` sorts chronologically.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

/// The last day of the report period of the sample (报告期末, 2026-11).
pub const PERIOD_END: Date = Date::new(2026, 11, 30);

/// How a date is written in a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    /// 2012-03-05
    Iso,
    /// 2012/3/5
    Slash,
    /// 2012.3.5
    Dot,
    /// 2012年3月5日
    Chinese,
    /// 201203 (the day is dropped)
    YearMonth,
    /// 2012年3月 (the day is dropped)
    ChineseYearMonth,
}

/// Days from 1899-12-30, Excel's day 0, to 1970-01-01.
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// Days in a month of the Gregorian calendar (0 for a month that does not exist).
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

impl Date {
    pub const fn new(year: u32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    /// Whether the day exists (19870230 does not).
    #[cfg(test)]
    pub fn is_valid(&self) -> bool {
        self.day >= 1 && self.day <= days_in_month(self.year, self.month)
    }

    /// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
    fn day_number(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let mp = (i64::from(self.month) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `n` days after 1970-01-01 (H. Hinnant's `civil_from_days`).
    fn from_day_number(n: i64) -> Date {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u32;
        Date::new(year, month, day)
    }

    /// The date `days` days later.
    pub fn plus_days(&self, days: i64) -> Date {
        Date::from_day_number(self.day_number() + days)
    }

    /// A uniformly chosen day in `from..=to`.
    pub fn random_between(rng: &mut Rng, from: Date, to: Date) -> Date {
        let span = (to.day_number() - from.day_number()).max(0) as usize + 1;
        from.plus_days(rng.below(span) as i64)
    }

    /// The Excel serial number (1900 date system) of the date, as Excel stores it
    /// (dates after 1900-03-01, past Excel's fictitious 1900-02-29).
    pub fn excel_serial(&self) -> f64 {
        (self.day_number() + EXCEL_EPOCH_OFFSET) as f64
    }

    /// Age in whole years on `on` (0 before birth).
    pub fn age_on(&self, on: Date) -> u32 {
        let birthday_to_come = (on.month, on.day) < (self.month, self.day);
        let age = i64::from(on.year) - i64::from(self.year) - i64::from(birthday_to_come);
        age.max(0) as u32
    }

    /// YYYYMMDD, the birth-date part of an 18-digit ID.
    pub fn ymd8(&self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }

    /// The date written in `style`.
    pub fn format(&self, style: DateStyle) -> String {
        let (y, m, d) = (self.year, self.month, self.day);
        match style {
            DateStyle::Iso => format!("{y:04}-{m:02}-{d:02}"),
            DateStyle::Slash => format!("{y}/{m}/{d}"),
            DateStyle::Dot => format!("{y}.{m}.{d}"),
            DateStyle::Chinese => format!("{y}年{m}月{d}日"),
            DateStyle::YearMonth => format!("{y:04}{m:02}"),
            DateStyle::ChineseYearMonth => format!("{y}年{m}月"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_match_excel() {
        assert_eq!(Date::new(1900, 3, 1).excel_serial(), 61.0);
        assert_eq!(Date::new(2012, 3, 5).excel_serial(), 40973.0);
        assert_eq!(Date::new(2026, 11, 1).excel_serial(), 46327.0);
    }

    #[test]
    fn day_numbers_round_trip() {
        for n in [-30_000i64, -1, 0, 1, 11_016, 20_000, 60_000] {
            assert_eq!(Date::from_day_number(n).day_number(), n);
        }
        assert_eq!(Date::new(2024, 2, 28).plus_days(1), Date::new(2024, 2, 29));
        assert_eq!(Date::new(2023, 12, 31).plus_days(1), Date::new(2024, 1, 1));
    }

    #[test]
    fn validity_and_age() {
        assert!(!Date::new(1987, 2, 30).is_valid());
        assert!(Date::new(2000, 2, 29).is_valid());
        assert!(!Date::new(1900, 2, 29).is_valid());
        assert!(!Date::new(1985, 13, 1).is_valid());
        assert_eq!(Date::new(1966, 12, 1).age_on(PERIOD_END), 59);
        assert_eq!(Date::new(1966, 11, 30).age_on(PERIOD_END), 60);
        assert_eq!(Date::new(2027, 1, 1).age_on(PERIOD_END), 0);
    }

    #[test]
    fn clerk_spellings() {
        let d = Date::new(2012, 3, 5);
        assert_eq!(d.format(DateStyle::Iso), "2012-03-05");
        assert_eq!(d.format(DateStyle::Slash), "2012/3/5");
        assert_eq!(d.format(DateStyle::Dot), "2012.3.5");
        assert_eq!(d.format(DateStyle::Chinese), "2012年3月5日");
        assert_eq!(d.format(DateStyle::YearMonth), "201203");
        assert_eq!(d.format(DateStyle::ChineseYearMonth), "2012年3月");
        assert_eq!(d.ymd8(), "20120305");
    }

    #[test]
    fn random_days_stay_in_range() {
        let mut rng = Rng::new(3);
        let (a, b) = (Date::new(2015, 1, 1), Date::new(2015, 1, 3));
        for _ in 0..50 {
            let d = Date::random_between(&mut rng, a, b);
            assert!(a <= d && d <= b);
        }
    }
}
