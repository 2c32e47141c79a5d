//! 匹配 — finding the dictionary's terms in one clause of free text, longest term
//! first, and reading each as present, denied, or said to fall short; then the frames
//! (句式) where no term covers their words.

use aho_corasick::{AhoCorasick, MatchKind};

use super::dictionary::{Lexicon, Sense};
use super::frame::Frames;
use super::negation::Negation;

/// A cause named in a cell (提及), with the term, code or label that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mention {
    /// The cause, 1–10.
    pub code: u8,
    /// The dictionary term, the code or the label.
    pub term: String,
    /// A term that says what follows from a cause (干不了重活, 没活干): it names its
    /// cause only when nothing before it in the cell names one.
    pub consequence: bool,
}

/// The compiled dictionary.
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    automaton: AhoCorasick,
    /// Pattern index → term and sense.
    terms: Vec<(String, Sense)>,
    /// Pattern index → whether the term is a consequence.
    consequences: Vec<bool>,
    /// Words that make a consequence after them in its clause a cause (也, 又).
    also: Vec<String>,
    negation: Negation,
    frames: Frames,
}

impl Matcher {
    /// Compiles the lexicon (leftmost-longest, so 工伤保险待遇未落实 beats 工伤).
    pub fn new(lexicon: Lexicon) -> Result<Matcher, String> {
        let terms: Vec<(String, Sense)> = lexicon.terms.into_iter().collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(terms.iter().map(|(term, _)| term))
            .map_err(|e| format!("致困原因词典无法编译：{e}"))?;
        let frames = Frames::new(lexicon.frames, &lexicon.not_subjects)?;
        let consequences = terms.iter().map(|(term, _)| lexicon.consequences.contains(term)).collect();
        Ok(Matcher { automaton, terms, consequences, also: lexicon.also, negation: lexicon.negation, frames })
    }

    /// The causes one clause names, in order of position: its terms, and its frames
    /// (placed at their predicate) where no term naming a cause covers their subject or
    /// predicate.
    pub fn mentions(&self, clause: &str) -> Vec<Mention> {
        let mut found = self.term_mentions(clause);
        let covered = |(start, end): (usize, usize)| found.iter().any(|(s, e, _)| *s < end && start < *e);
        let window = self.negation.window;
        let framed: Vec<(usize, usize, Mention)> = self
            .frames
            .hits(clause, |gap| self.negation.denies_before(gap, window, false))
            .into_iter()
            .filter(|hit| !covered(hit.subject) && !covered(hit.predicate))
            .map(|hit| {
                let term = clause[hit.subject.0..hit.predicate.1].to_string();
                (hit.predicate.0, hit.predicate.1, Mention { code: hit.code, term, consequence: false })
            })
            .collect();
        found.extend(framed);
        found.sort_by_key(|(start, _, _)| *start);
        found.into_iter().map(|(_, _, mention)| mention).collect()
    }

    /// The terms of one clause that name a cause, with their byte spans.
    fn term_mentions(&self, clause: &str) -> Vec<(usize, usize, Mention)> {
        let hits: Vec<(usize, usize, usize)> =
            self.automaton.find_iter(clause).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        let mut mentions: Vec<(usize, usize, Mention)> = Vec::new();
        let (mut previous_end, mut previous_named_end, mut previous_denied) = (0, 0, false);
        for (i, &(start, end, pattern)) in hits.iter().enumerate() {
            let next_start = hits.get(i + 1).map(|h| h.0);
            let (term, sense) = &self.terms[pattern];
            // A neutral term stops a negation word inside it from denying the next term
            // (不幸车祸), but not the object of a negated verb (没钱交社保, 交不起医保).
            let from = if sense.denied.is_some() { previous_named_end } else { previous_end };
            let around = Around {
                before: &clause[from..start],
                after: &clause[end..next_start.unwrap_or(clause.len())],
                rest: &clause[end..],
                has_next: next_start.is_some(),
                previous_denied,
            };
            let denied = self.is_denied(sense, &around);
            (previous_end, previous_denied) = (end, denied);
            if *sense != Sense::default() {
                previous_named_end = end;
            }
            let short = !denied && sense.lacking.is_some() && self.negation.falls_short_after(around.rest);
            let code = match (denied, short) {
                (true, _) => sense.denied,
                (false, true) => sense.lacking,
                (false, false) => sense.affirmed,
            };
            let Some(code) = code else { continue };
            let also = self.also.iter().any(|a| clause[..start].contains(a.as_str()));
            let mention = Mention { code, term: term.clone(), consequence: self.consequences[pattern] && !also };
            match mentions.last_mut() {
                // A one-character catch-all right before a term of its cause yields the
                // term to it: 读大学 is decided by 大学, 患尿毒症 by 尿毒症.
                Some(last) if last.1 == start && last.2.code == code && last.2.term.chars().count() == 1 => {
                    *last = (last.0, end, mention);
                }
                _ => mentions.push((start, end, mention)),
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

    /// Each clause with the causes it names, several to a line.
    fn reads_as(cases: &[(&str, &[u8])]) {
        for (clause, expected) in cases {
            assert_eq!(codes(clause), *expected, "{clause}");
        }
    }

    #[test]
    fn two_character_terms_are_read_split_by_le_or_guo() {
        assert_eq!(terms("九八年下了岗"), ["下了岗"]);
        reads_as(&[("去年住过院", &[6]), ("家里受了灾", &[7]), ("一直没上过班", &[2])]);
    }

    #[test]
    fn frames_read_a_subject_and_a_predicate_written_apart() {
        reads_as(&[("纺织厂早就黄了", &[3]), ("公公前年就走了", &[8]), ("右腿断了", &[8])]);
        reads_as(&[("左腿瘸了", &[1]), ("房子塌了", &[7]), ("车翻沟里了", &[8])]);
        assert_eq!(terms("公公前年就走了"), ["公公前年就走了"]);
    }

    #[test]
    fn a_frame_yields_to_a_term_over_its_words() {
        reads_as(&[("男人没了工作", &[3]), ("厂子没倒", &[]), ("社保手续断了", &[4]), ("丈夫因病走了", &[6, 8])]);
    }

    #[test]
    fn a_stopped_benefit_is_denied() {
        reads_as(&[("养老金停了", &[5]), ("工资断了半年", &[3]), ("腿断了，落下残疾", &[8, 1])]);
    }

    #[test]
    fn a_negated_verb_reaches_its_object_through_a_neutral_phrase() {
        reads_as(&[("没钱交社保", &[4]), ("交不起医保", &[4]), ("交不起学费", &[9]), ("不幸车祸", &[8])]);
    }

    #[test]
    fn latin_letters_match_in_any_case() {
        reads_as(&[("住进了icu", &[6])]);
    }
}
