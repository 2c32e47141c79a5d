//! 公民身份号码 — resident ID numbers (GB 11643): cleaning, the check character
//! (ISO 7064 MOD 11-2), the birth date and sex they carry, 15→18 digit upgrade, and
//! region codes against the historical GB/T 2260 list.

use std::collections::HashSet;
use std::sync::LazyLock;

use compact_str::CompactString;

use crate::ingest::grid::Cell;
use crate::period::days_in_month;
use crate::text::clean;

/// A valid 18-character ID and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentId {
    /// The 18 characters, check character upper-case (kept inline, without an allocation).
    pub number: CompactString,
    /// Birth date (year, month, day).
    pub birth: (i32, u32, u32),
    /// The 17th digit is odd.
    pub male: bool,
    /// It was written with 15 digits and upgraded (W208).
    pub upgraded: bool,
}

/// Why an ID cell is not a valid ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Empty (E101).
    Missing,
    /// Wrong length or characters (E102).
    Malformed,
    /// The check character is wrong (E103); the right one.
    CheckChar(char),
    /// The birth date does not exist (E104).
    BirthDate,
    /// Stored as a number of more than 15 digits: Excel kept only 15 (E105).
    LostDigits,
}

/// The weights of the 17 body digits (2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check characters by weighted sum mod 11.
pub const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of the first 17 digits.
pub fn check_char(body: &str) -> Option<char> {
    let digits: Option<Vec<u32>> = body.chars().map(|c| c.to_digit(10)).collect();
    let digits = digits.filter(|d| d.len() == 17)?;
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// Reads an ID from a cell, typed as text or as a number.
pub fn parse(cell: &Cell) -> Result<ResidentId, IdError> {
    let text = match cell {
        Cell::Empty => return Err(IdError::Missing),
        Cell::Number(n) if n.abs() >= 1e15 => return Err(IdError::LostDigits),
        Cell::Number(n) if n.fract() == 0.0 && *n >= 0.0 => format!("{}", *n as u64),
        other => tidy(&other.to_string()),
    };
    if text.is_empty() {
        return Err(IdError::Missing);
    }
    if is_scientific(&text) {
        return Err(IdError::LostDigits);
    }
    match text.len() {
        _ if !text.is_ascii() => Err(IdError::Malformed),
        18 => parse18(&text, false),
        15 => parse18(&upgrade15(&text).ok_or(IdError::Malformed)?, true),
        _ => Err(IdError::Malformed),
    }
}

/// NFKC, no spaces, no text-marking apostrophe, upper-case X.
pub fn tidy(text: &str) -> String {
    clean(text)
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '`' | '"'))
        .flat_map(char::to_uppercase)
        .collect()
}

/// `4.10102E+17`: a number Excel has already rounded, exported as text.
fn is_scientific(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("e+") && lower.replace("e+", "").replace('.', "").bytes().all(|b| b.is_ascii_digit())
}

fn parse18(text: &str, upgraded: bool) -> Result<ResidentId, IdError> {
    let (body, last) = text.split_at(17);
    let last_ok = last.len() == 1 && last.bytes().all(|b| b.is_ascii_digit() || b == b'X');
    if !body.bytes().all(|b| b.is_ascii_digit()) || !last_ok {
        return Err(IdError::Malformed);
    }
    let birth = birth_date(&body[6..14]).ok_or(IdError::BirthDate)?;
    let expected = check_char(body).ok_or(IdError::Malformed)?;
    if !last.starts_with(expected) {
        return Err(IdError::CheckChar(expected));
    }
    let male = body.as_bytes()[16] % 2 == 1;
    Ok(ResidentId { number: text.into(), birth, male, upgraded })
}

fn birth_date(yyyymmdd: &str) -> Option<(i32, u32, u32)> {
    let year: i32 = yyyymmdd[0..4].parse().ok()?;
    let month: u32 = yyyymmdd[4..6].parse().ok()?;
    let day: u32 = yyyymmdd[6..8].parse().ok()?;
    let valid =
        (1900..=2099).contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some((year, month, day))
}

/// A 15-digit ID (born 19YY) as 18 characters: century inserted, check character added.
pub fn upgrade15(id15: &str) -> Option<String> {
    if id15.len() != 15 || !id15.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let body = format!("{}19{}", &id15[..6], &id15[6..]);
    Some(format!("{body}{}", check_char(&body)?))
}

static REGIONS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/regions.txt").lines().filter(|l| !l.starts_with('#')).collect());

/// Whether the first six digits are a division code that ever existed, the fixed codes
/// of residence permits (81/82/83 0000), or a foreigner's permanent residence ID (9, then
/// the issuing province).
pub fn region_known(number: &str) -> bool {
    let code = number.get(..6).unwrap_or("");
    let foreigner = code
        .strip_prefix('9')
        .and_then(|rest| rest.get(..2))
        .is_some_and(|p| REGIONS.contains(format!("{p}0000").as_str()));
    REGIONS.contains(code) || matches!(code, "810000" | "820000" | "830000") || foreigner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn check_characters_and_upgrades() {
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(upgrade15("150102880730303").as_deref(), Some("150102198807303035"));
        assert_eq!(upgrade15("15010288073030"), None);
    }

    #[test]
    fn cells_of_every_kind() {
        let ok = parse(&text(" １１０１０５ １９４９１２３１００２ｘ ")).expect("valid");
        assert_eq!(
            (ok.number.as_str(), ok.birth, ok.male, ok.upgraded),
            ("11010519491231002X", (1949, 12, 31), false, false)
        );
        assert!(parse(&Cell::Number(150102880730303.0)).expect("15 digits").upgraded);
        assert_eq!(parse(&Cell::Number(4.10102198001011e17)), Err(IdError::LostDigits));
        assert_eq!(parse(&text("4.10102E+17")), Err(IdError::LostDigits));
        assert_eq!(parse(&Cell::Empty), Err(IdError::Missing));
        assert_eq!(parse(&text("  ")), Err(IdError::Missing));
        assert_eq!(parse(&text("11010519491231002")), Err(IdError::Malformed));
        assert_eq!(parse(&text("1101051949123100AX")), Err(IdError::Malformed));
        assert_eq!(parse(&text("110105194912310中")), Err(IdError::Malformed));
        assert_eq!(parse(&text("110105194912310021")), Err(IdError::CheckChar('X')));
        assert_eq!(parse(&text("440308199902301512")), Err(IdError::BirthDate));
    }

    #[test]
    fn regions_current_retired_and_unknown() {
        assert!(region_known("110105194912310021"));
        assert!(region_known("140120197901010008"));
        assert!(!region_known("111111199901101512"));
    }
}

#[cfg(test)]
mod vectors {
    //! The ID test vectors other validators use (../shared/data/id_vectors.tsv).
    use super::*;

    /// Vectors bangfu decides differently on purpose: 10-character Hong Kong and Taiwan
    /// identity cards are not resident IDs a union roster can hold.
    const NOT_RESIDENT_IDS: [&str; 2] = ["P174468(6)", "B221690311"];

    /// Refused by strict validators, accepted by bangfu on purpose: the SPEC upper-cases
    /// the check character, and an ID keeps the division code it was issued under, even
    /// when the code list dates that code later or earlier than the birth year.
    const ACCEPTED_ON_PURPOSE: [&str; 6] = [
        "33010219200403064x",
        "500154199301135886",
        "411082198901010002",
        "370620199505100123",
        "110111198012010078",
        "110201199312010077",
    ];

    #[test]
    fn bangfu_agrees_with_the_shared_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/id_vectors.tsv");
        if !std::path::Path::new(path).exists() {
            // A fresh clone has no ../shared: the build script warned; .ci/run requires it.
            eprintln!("skipped: {path} is missing");
            return;
        }
        let table = std::fs::read_to_string(path).expect("../shared/data/id_vectors.tsv");
        let mut checked = 0;
        for line in table.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            let (id, expected, upgrade) = (cols[0], cols[1], cols.get(2).copied().unwrap_or(""));
            if NOT_RESIDENT_IDS.contains(&id) || expected.is_empty() {
                continue;
            }
            let parsed = parse(&Cell::Text((*id).into()));
            // A code that never existed is only a warning (W201) for bangfu, and a code
            // used before the year it was published is accepted: IDs keep their code.
            let valid_for_bangfu = parsed.as_ref().is_ok_and(|p| region_known(&p.number));
            if expected == "true" {
                assert!(parsed.is_ok(), "{id} should be valid: {parsed:?}");
                if !upgrade.is_empty() {
                    assert_eq!(parsed.as_ref().map(|p| p.number.as_str()), Ok(upgrade), "{id}");
                }
            } else {
                let note = cols.get(5).copied().unwrap_or("");
                assert!(!valid_for_bangfu || ACCEPTED_ON_PURPOSE.contains(&id), "{id} should be refused: {note}");
            }
            checked += 1;
        }
        assert!(checked > 120, "only {checked} vectors checked");
    }
}
