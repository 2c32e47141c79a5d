//! Resident ID numbers (居民身份证号码, GB 11643-1999) for the sample people.
//!
//! An 18-digit number is 6 digits of region (行政区划代码), 8 of birth date, a
//! 3-digit sequence whose last digit is odd for men, and a check character
//! (ISO 7064 MOD 11-2). The old 15-digit form has a 2-digit year and no check
//! character. This module builds numbers; judging them is the program's job (the
//! check the sample's own tests use is the plain rule, with no cleaning of the text).

use super::date::Date;

/// The weights of the 17 body digits (2^(17-i) mod 11).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check characters by weighted sum mod 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character of a 17-digit body; `None` for anything else.
pub fn check_char(body: &str) -> Option<char> {
    let digits: Option<Vec<u32>> = body.chars().map(|c| c.to_digit(10)).collect();
    let digits = digits.filter(|d| d.len() == 17)?;
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

/// A valid 18-digit ID. `sequence` is 0–999; its parity decides the sex.
pub fn id18(region: &str, birth: Date, sequence: u32) -> String {
    with_check(&format!("{region}{}{:03}", birth.ymd8(), sequence % 1000))
}

/// An old 15-digit ID (issued before 1999): region, YYMMDD, 3-digit sequence.
pub fn id15(region: &str, birth: Date, sequence: u32) -> String {
    format!("{region}{}{:03}", &birth.ymd8()[2..], sequence % 1000)
}

/// The 17-digit `body` with its check character appended (the body unchanged
/// when it is not 17 digits, which callers never pass).
pub fn with_check(body: &str) -> String {
    match check_char(body) {
        Some(c) => format!("{body}{c}"),
        None => body.to_string(),
    }
}

/// A check character that is certainly wrong for `body` (for planted E103).
pub fn wrong_check(body: &str) -> char {
    let right = check_char(body).unwrap_or('0');
    let pos = CHECK_CHARS.iter().position(|c| *c == right).unwrap_or(0);
    CHECK_CHARS[(pos + 1) % CHECK_CHARS.len()]
}

/// Whether a sequence number stands for a man (odd) or a woman (even).
#[cfg(test)]
pub fn sequence_is_male(sequence: u32) -> bool {
    sequence % 2 == 1
}

/// Whether `id` is a valid 18-digit ID: 17 digits whose birth date exists, then
/// their check character (used by the tests of the whole sample).
#[cfg(test)]
pub fn is_valid18(id: &str) -> bool {
    let Some((body, last)) = id.split_at_checked(17) else {
        return false;
    };
    let birth = |from: usize, to: usize| body.get(from..to).and_then(|s| s.parse().ok()).unwrap_or(0);
    let born = Date::new(birth(6, 10), birth(10, 12), birth(12, 14));
    let check = check_char(body).map(String::from);
    born.is_valid() && check.as_deref() == Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors() {
        // From the shared reference data (hutool's tests): 321083197812162119 is valid.
        assert_eq!(check_char("32108319781216211"), Some('9'));
        assert!(is_valid18("321083197812162119"));
        assert!(is_valid18("11010519491231002X"));
        assert!(!is_valid18("110105194912310021"));
    }

    #[test]
    fn built_ids_are_valid_and_sexed() {
        let birth = Date::new(1985, 3, 7);
        let id = id18("410102", birth, 123);
        assert_eq!(&id[..17], "41010219850307123");
        assert!(is_valid18(&id));
        assert!(sequence_is_male(123));
        assert!(!sequence_is_male(124));
        assert_eq!(id15("410102", birth, 123), "410102850307123");
    }

    #[test]
    fn wrong_check_is_wrong() {
        for body in ["41010219850307123", "11010519491231002"] {
            let right = check_char(body);
            assert_ne!(Some(wrong_check(body)), right);
        }
    }

    #[test]
    fn impossible_birth_is_invalid() {
        let body = "41010219870230123";
        assert!(!is_valid18(&with_check(body)));
        assert!(check_char("4101021987023012").is_none());
    }
}
