//! 匹配 — finding the dictionary's terms in one clause of free text, longest term
//! first, and reading each as present, denied, or said to fall short.

use aho_corasick::{AhoCorasick, MatchKind};

use super::dictionary::{Lexicon, Sense};
use super::negation::Negation;

/// A cause named in a cell (提及), with the term, code or label that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mention {
    /// The cause, 1–10.
    pub code: u8,
    /// The dictionary term, the code or the label.
    pub term: String,
}

/// The compiled dictionary.
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// Pattern index → term and sense.
    terms: Vec<(String, Sense)>,
    negation: Negation,
}

impl Matcher {
    /// Compiles the lexicon (leftmost-longest, so 工伤保险待遇未落实 beats 工伤).
    pub fn new(lexicon: Lexicon) -> Result<Matcher, String> {
        let terms: Vec<(String, Sense)> = lexicon.terms.into_iter().collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(terms.iter().map(|(term, _)| term))
            .map_err(|e| format!("致困原因词典无法编译：{e}"))?;
        Ok(Matcher { automaton, terms, negation: lexicon.negation })
    }

    /// The causes one clause names, in order of position.
    pub fn mentions(&self, clause: &str) -> Vec<Mention> {
        let hits: Vec<(usize, usize, usize)> =
            self.automaton.find_iter(clause).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        let mut mentions = Vec::new();
        let (mut previous_end, mut previous_denied) = (0, false);
        for (i, &(start, end, pattern)) in hits.iter().enumerate() {
            let next_start = hits.get(i + 1).map(|h| h.0);
            let (term, sense) = &self.terms[pattern];
            let around = Around {
                before: &clause[previous_end..start],
                after: &clause[end..next_start.unwrap_or(clause.len())],
                rest: &clause[end..],
                has_next: next_start.is_some(),
                previous_denied,
            };
            let denied = self.is_denied(sense, &around);
            (previous_end, previous_denied) = (end, denied);
            let short = !denied && sense.lacking.is_some() && self.negation.falls_short_after(around.rest);
            let code = match (denied, short) {
                (true, _) => sense.denied,
                (false, true) => sense.lacking,
                (false, false) => sense.affirmed,
            };
            if let Some(code) = code {
                let term = term.clone();
                mentions.push(Mention { code, term });
            }
        }
        mentions
    }

    /// Whether the negation words around a term deny it. A negation word just after a
    /// term under [denied] denies it too (社保一直没交), unless the word stands close
    /// before the next term and so belongs to that one (医保未报销).
    fn is_denied(&self, sense: &Sense, around: &Around) -> bool {
        let negation = &self.negation;
        let window = match sense.denied {
            Some(_) => negation.object_window,
            None => negation.window,
        };
        let belongs_to_next = around.has_next && negation.denies_before(around.after, negation.window, false);
        negation.denies_before(around.before, window, around.previous_denied)
            || (sense.denied.is_some() && negation.denies_after(around.after) && !belongs_to_next)
    }
}

/// The text around one term of a clause.
struct Around<'a> {
    /// From the end of the previous term (or the clause start) to this term.
    before: &'a str,
    /// From this term to the next term (or the clause end).
    after: &'a str,
    /// From this term to the clause end.
    rest: &'a str,
    /// Whether another term follows in the clause.
    has_next: bool,
    /// Whether the previous term was denied.
    previous_denied: bool,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn matcher() -> Matcher {
        Matcher::new(Lexicon::load(&BTreeMap::new()).expect("built-in")).expect("compiles")
    }

    fn codes(clause: &str) -> Vec<u8> {
        matcher().mentions(clause).iter().map(|m| m.code).collect()
    }

    fn terms(clause: &str) -> Vec<String> {
        matcher().mentions(clause).into_iter().map(|m| m.term).collect()
    }

    #[test]
    fn terms_are_found_in_order() {
        assert_eq!(codes("丈夫车祸去世女儿上大学"), [8, 8, 9]);
        assert_eq!(terms("本人患尿毒症长期透析"), ["尿毒症", "透析"]);
    }

    #[test]
    fn the_longest_term_wins() {
        assert_eq!(terms("工伤保险待遇未落实"), ["工伤保险待遇", "未落实"]);
        assert_eq!(codes("工伤保险待遇未落实"), [5, 5]);
        assert_eq!(terms("因病致残"), ["因病致残"]);
        assert_eq!(codes("儿子大学毕业未就业"), [2]);
    }

    #[test]
    fn negated_terms_name_nothing() {
        assert!(codes("无重大疾病").is_empty());
        assert!(codes("没有残疾").is_empty());
        assert!(codes("不属于因病致困").is_empty());
        assert!(codes("无重大疾病及残疾").is_empty());
        assert_eq!(codes("不幸遭遇车祸"), [8]);
    }

    #[test]
    fn negation_shaped_terms_are_causes() {
        assert_eq!(codes("妻子未就业"), [2]);
        assert_eq!(codes("本人未参保"), [4]);
        assert_eq!(codes("无劳动能力"), [1]);
    }

    #[test]
    fn some_terms_name_a_cause_only_when_denied() {
        assert_eq!(codes("没有社保"), [4]);
        assert_eq!(codes("单位没有给缴纳社保"), [4]);
        assert_eq!(codes("没有参加城镇职工医疗保险"), [4]);
        assert_eq!(codes("养老金未按时发放"), [5]);
        assert_eq!(codes("家中无人就业"), [2]);
        assert!(codes("医保").is_empty());
        assert_eq!(codes("医保未报销"), [5]);
    }

    #[test]
    fn some_terms_name_a_cause_when_said_to_fall_short() {
        assert_eq!(codes("养老金过低"), [5]);
        assert_eq!(codes("退休金太少"), [5]);
        assert_eq!(codes("住院报销额度低"), [6, 5]);
        assert_eq!(codes("大病保险赔付太少"), [5]);
        assert_eq!(codes("退休金不够用"), [5]);
        assert!(codes("养老金").is_empty());
        assert!(codes("养老金按时发放").is_empty());
        assert_eq!(codes("养老金未发放"), [5]);
        assert_eq!(codes("失业金"), [3]);
        assert_eq!(codes("失业金很少"), [5]);
    }
}
