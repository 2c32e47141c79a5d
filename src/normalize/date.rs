//! Dates as clerks write them: Excel serial numbers (with the 1900 leap-year quirk),
//! 2012-03-05, 2012/3/5, 2012.3.5, 2012年3月5日, 20120305, 201203, 2012年3月, 2012-03.
//! A month without a day means its first day.

use std::num::NonZeroU32;

use crate::ingest::grid::Cell;
use crate::period::{civil_from_days, days_in_month};
use crate::text::clean;

/// A calendar date.
pub type Ymd = (i32, u32, u32);

/// Days from 1899-12-30 (Excel's day 0 after its fictitious 1900-02-29) to 1970-01-01.
const EXCEL_EPOCH_OFFSET: i64 = 25_569;

/// The date of an Excel serial day number (1900 system). Serial 60 is Excel's
/// non-existent 1900-02-29, refused; serials below it are one day earlier.
pub fn from_serial(serial: f64) -> Option<Ymd> {
    let day = serial.floor() as i64;
    if !(1..=2_958_465).contains(&day) || day == 60 {
        return None;
    }
    let day = if day < 60 { day + 1 } else { day };
    Some(civil_from_days(day - EXCEL_EPOCH_OFFSET))
}

/// The Excel serial day number of a date (1900 system, dates after 1900-03-01).
pub fn to_serial((year, month, day): Ymd) -> f64 {
    (days_from_civil(year, month, day) + EXCEL_EPOCH_OFFSET) as f64
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Reads a date from a cell; `None` when it is no date.
pub fn parse(cell: &Cell) -> Option<Ymd> {
    match cell {
        Cell::Date(serial) => from_serial(*serial),
        Cell::Number(n) => from_number(*n),
        Cell::Text(t) => parse_text(t),
        _ => None,
    }
}

/// A number: 20120305 or 201203 written as digits, else an Excel serial.
fn from_number(n: f64) -> Option<Ymd> {
    if n.fract() == 0.0 && (100_000.0..100_000_000.0).contains(&n) {
        return parse_digits(&format!("{}", n as i64));
    }
    from_serial(n)
}

fn parse_text(text: &str) -> Option<Ymd> {
    let text = clean(text);
    let text = text.split([' ', 'T']).next().unwrap_or("");
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return parse_digits(text);
    }
    let parts: Vec<&str> =
        text.trim_end_matches(['日', '号']).split(['-', '/', '.', '年', '月']).filter(|p| !p.is_empty()).collect();
    let number = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    match parts.len() {
        2 => ymd(number(0)? as i32, number(1)?, 1),
        3 => ymd(number(0)? as i32, number(1)?, number(2)?),
        _ => None,
    }
}

fn parse_digits(digits: &str) -> Option<Ymd> {
    let field = |a: usize, b: usize| digits.get(a..b).and_then(|s| s.parse::<u32>().ok());
    match digits.len() {
        8 => ymd(field(0, 4)? as i32, field(4, 6)?, field(6, 8)?),
        6 => ymd(field(0, 4)? as i32, field(4, 6)?, 1),
        _ => None,
    }
}

/// A date in four bytes (yyyymmdd as one number), for the dates held on every worker;
/// ordered as the dates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(NonZeroU32);

impl Day {
    /// The day of a date in year 1 or later.
    pub fn new((year, month, day): Ymd) -> Option<Day> {
        let year = u32::try_from(year).ok().filter(|&year| year > 0)?;
        NonZeroU32::new(year * 10_000 + month * 100 + day).map(Day)
    }

    /// Year, month and day.
    pub fn ymd(self) -> Ymd {
        let n = self.0.get();
        ((n / 10_000) as i32, n / 100 % 100, n % 100)
    }
}

fn ymd(year: i32, month: u32, day: u32) -> Option<Ymd> {
    let valid =
        (1900..=2199).contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some((year, month, day))
}

/// Whole years from birth to a day.
pub fn age_at(birth: Ymd, day: Ymd) -> i32 {
    day.0 - birth.0 - i32::from((day.1, day.2) < (birth.1, birth.2))
}

/// `2012-03-05`, written digit by digit where the year has four (the archive writes two
/// dates a row).
pub fn format(date: Ymd) -> String {
    let (year, month, day) = date;
    match u32::try_from(year) {
        Ok(year) if year <= 9999 && month <= 99 && day <= 99 => {
            let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
            [
                digit(year / 1000),
                digit(year / 100),
                digit(year / 10),
                digit(year),
                '-',
                digit(month / 10),
                digit(month),
                '-',
                digit(day / 10),
                digit(day),
            ]
            .into_iter()
            .collect()
        }
        _ => format!("{year:04}-{month:02}-{day:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_are_written_as_the_formatter_writes_them() {
        let years = [-2026, -1, 0, 7, 99, 1900, 2026, 9999, 10_000, 123_456];
        for year in years {
            for month in (0..=13).chain([99, 100, 1234]) {
                for day in (0..=32).chain([99, 100]) {
                    assert_eq!(format((year, month, day)), format!("{year:04}-{month:02}-{day:02}"));
                }
            }
        }
    }

    #[test]
    fn a_day_keeps_its_date_and_its_order() {
        let dates = [(1900, 1, 1), (1980, 12, 31), (1981, 1, 1), (2026, 2, 28), (2026, 11, 30), (9999, 12, 31)];
        for pair in dates.windows(2) {
            let (a, b) = (Day::new(pair[0]).expect("a day"), Day::new(pair[1]).expect("a day"));
            assert_eq!((a.ymd(), b.ymd()), (pair[0], pair[1]));
            assert!(a < b, "{pair:?}");
        }
        assert_eq!(Day::new((0, 1, 1)), None);
    }

    #[test]
    fn every_written_form() {
        for (written, expected) in [
            ("2012-03-05", (2012, 3, 5)),
            ("2012/3/5", (2012, 3, 5)),
            ("2012.3.5", (2012, 3, 5)),
            ("2012年3月5日", (2012, 3, 5)),
            ("２０１２年３月５日", (2012, 3, 5)),
            ("20120305", (2012, 3, 5)),
            ("201203", (2012, 3, 1)),
            ("2012年3月", (2012, 3, 1)),
            ("2012-03", (2012, 3, 1)),
            ("2012-03-05 00:00:00", (2012, 3, 5)),
        ] {
            assert_eq!(parse(&text(written)), Some(expected), "{written}");
        }
        for bad in ["2012-02-30", "2012年13月", "三月", "12/3/5x", ""] {
            assert_eq!(parse(&text(bad)), None, "{bad}");
        }
    }

    #[test]
    fn excel_serials_with_the_1900_quirk() {
        assert_eq!(parse(&Cell::Date(40973.0)), Some((2012, 3, 5)));
        assert_eq!(parse(&Cell::Number(40973.0)), Some((2012, 3, 5)));
        assert_eq!(from_serial(1.0), Some((1900, 1, 1)));
        assert_eq!(from_serial(59.0), Some((1900, 2, 28)));
        assert_eq!(from_serial(60.0), None);
        assert_eq!(from_serial(61.0), Some((1900, 3, 1)));
        assert_eq!(to_serial((2012, 3, 5)), 40973.0);
        assert_eq!(parse(&Cell::Number(20120305.0)), Some((2012, 3, 5)));
    }
}
