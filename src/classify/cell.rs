//! 单元格 — a cause cell read as the causes it names, in the clerk's order: codes
//! (`6`, `6、9`, `6.患重特大疾病`), standard labels, and free text.

use super::matcher::{Matcher, Mention};
use super::simplified::simplified;
use super::{label, standard_form};
use crate::text::clean;

/// The causes a cell names, in order of position. The cell is read after NFKC with
/// traditional characters as simplified (癱瘓 → 瘫痪).
pub(super) fn mentions(cell: &str, matcher: &Matcher) -> Vec<Mention> {
    let text = simplified(&clean(cell));
    let clauses: Vec<&str> = text.split(is_separator).filter(|c| !c.is_empty()).collect();
    let mut mentions = Vec::new();
    for (i, clause) in clauses.iter().enumerate() {
        match code(clause) {
            Some(_) if numbers_a_list(clause, clauses.get(i + 1)) => {}
            Some(mention) => mentions.push(mention),
            None => mentions.extend(matcher.mentions(clause)),
        }
    }
    mentions
}

/// Clause separators (分句符), after NFKC: 、 , ; / 。 and white space.
fn is_separator(c: char) -> bool {
    matches!(c, '、' | ',' | ';' | '/' | '。') || c.is_whitespace()
}

/// The clause written as a code or a standard label; the term is the code as written
/// (`6`) or the label.
fn code(clause: &str) -> Option<Mention> {
    let code = standard_form(clause)?;
    let term = if is_number(clause) { clause.to_string() } else { label(code)?.to_string() };
    Some(Mention { code, term, consequence: false })
}

/// A bare number followed by free text numbers a list (`1、本人下岗 2、妻子患病`)
/// rather than naming a cause.
fn numbers_a_list(clause: &str, next: Option<&&str>) -> bool {
    is_number(clause) && next.is_some_and(|n| code(n).is_none())
}

/// A clause of ASCII digits only (after NFKC).
fn is_number(clause: &str) -> bool {
    clause.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::dictionary::Lexicon;
    use super::*;

    fn codes(cell: &str) -> Vec<u8> {
        let matcher = Matcher::new(Lexicon::load(&BTreeMap::new()).expect("built-in")).expect("ok");
        mentions(cell, &matcher).iter().map(|m| m.code).collect()
    }

    #[test]
    fn codes_and_labels_are_causes() {
        assert_eq!(codes("6"), [6]);
        assert_eq!(codes("６"), [6]);
        assert_eq!(codes("6、9"), [6, 9]);
        assert_eq!(codes("３，６"), [3, 6]);
        assert_eq!(codes("6、患重特大疾病"), [6, 6]);
        assert_eq!(codes("6.患重特大疾病/9.子女上学"), [6, 9]);
        assert_eq!(codes("10、其他"), [10, 10]);
        assert_eq!(codes("10.其他"), [10]);
    }

    #[test]
    fn list_numbers_are_not_causes() {
        assert_eq!(codes("1、本人下岗 2、妻子患病"), [3, 6]);
        assert_eq!(codes("1.妻子患病;2.儿子上大学"), [6, 9]);
    }

    #[test]
    fn free_text_is_matched_clause_by_clause() {
        assert_eq!(codes("无重大疾病，夫妻双下岗"), [3]);
        assert!(codes("").is_empty());
        assert!(codes("家庭困难").is_empty());
    }

    #[test]
    fn the_term_is_the_code_or_the_label() {
        let matcher = Matcher::new(Lexicon::load(&BTreeMap::new()).expect("built-in")).expect("ok");
        let terms: Vec<String> = mentions("６、9.子女上学", &matcher).into_iter().map(|m| m.term).collect();
        assert_eq!(terms, ["6", "子女上学"]);
    }
}
