//! 繁简 — traditional characters read as simplified before a cause text is matched
//! (癱瘓 → 瘫痪, 讀大學 → 读大学), so one simplified dictionary reads both. The table is
//! `data/traditional.txt`, derived from OpenCC's TSCharacters.txt (Apache-2.0).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, one `traditional<TAB>simplified` pair a line, `#` for comments.
const TABLE: &str = include_str!("../data/traditional.txt");

/// The table, read once.
fn table() -> &'static HashMap<char, char> {
    static READ: OnceLock<HashMap<char, char>> = OnceLock::new();
    READ.get_or_init(|| read(TABLE))
}

/// The pairs of a table text; a line that is not one pair is passed over.
fn read(text: &str) -> HashMap<char, char> {
    text.lines().filter(|line| !line.starts_with('#')).filter_map(pair).collect()
}

/// One `traditional<TAB>simplified` line: exactly two characters besides white space.
fn pair(line: &str) -> Option<(char, char)> {
    let mut chars = line.chars().filter(|c| !c.is_whitespace());
    let pair = (chars.next()?, chars.next()?);
    chars.next().is_none().then_some(pair)
}

/// The text with every traditional character of the table replaced by its simplified
/// form, character by character; everything else is kept as it is.
pub(super) fn simplified(text: &str) -> String {
    let table = table();
    text.chars().map(|c| table.get(&c).copied().unwrap_or(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_text_reads_as_simplified() {
        assert_eq!(simplified("妻子癱瘓在床"), "妻子瘫痪在床");
        assert_eq!(simplified("女兒讀大學學費高"), "女儿读大学学费高");
        assert_eq!(simplified("下崗後一直失業，房子被水沖了"), "下岗后一直失业，房子被水冲了");
        assert_eq!(simplified("颱風"), "台风");
        assert_eq!(simplified("在家閒著"), "在家闲着");
        assert_eq!(simplified("小兒麻痺，祇能在家"), "小儿麻痹，只能在家");
    }

    #[test]
    fn simplified_text_and_other_characters_are_kept() {
        for text in ["本人患尿毒症长期透析", "6.患重特大疾病", "ALS", "", "😀"] {
            assert_eq!(simplified(text), text);
        }
    }

    #[test]
    fn every_line_of_the_table_is_one_pair() {
        let lines = TABLE.lines().filter(|line| !line.starts_with('#')).count();
        assert_eq!(read(TABLE).len(), lines);
        assert!(lines > 3000, "{lines}");
        assert!(read(TABLE).iter().all(|(from, to)| from != to));
    }
}
