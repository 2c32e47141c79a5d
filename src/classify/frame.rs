//! 句式 — a subject and a predicate near each other that together name a cause no
//! single term names: 厂子|早就|黄了 (3), 公公前年|走了 (8), 腿|被砸|断了 (8). The frames
//! are data (`causes.toml` `[[frames]]`); a frame yields to a term of the clause that
//! covers any of its words, and a negation word between its two parts denies it.

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Deserialize;

use crate::text::clean;

use super::simplified::simplified;

/// Characters that may follow a clause-final predicate (`没了$`): 老伴没了啊.
const FINAL_PARTICLES: &[char] = &['了', '的', '啊', '呀', '吧', '啦', '么', '呢'];

/// Numerals, which do not count in a frame's gap: a date or a number is no word
/// between a subject and its predicate (厂子二〇〇三年就不行了, 老伴2019年走了).
const NUMERALS: &str = "0123456789〇零一二三四五六七八九十百两几";

/// One frame as written in `causes.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Frame {
    /// The cause named, 1–10.
    pub code: u8,
    /// Characters allowed between the subject and the predicate.
    pub gap: usize,
    /// 主语: who or what (厂子, 老伴, 腿).
    pub subjects: Vec<String>,
    /// 谓语: what happened to it (黄, 走了, 断); a trailing `$` means the predicate
    /// must end the clause (老伴没了$, not 男人没了工作).
    pub predicates: Vec<String>,
}

/// A frame found in a clause: the byte spans of its subject and predicate, and its cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FrameHit {
    pub subject: (usize, usize),
    pub predicate: (usize, usize),
    pub code: u8,
}

/// The compiled frames.
#[derive(Debug, Clone)]
pub(super) struct Frames {
    automaton: AhoCorasick,
    /// Subject pattern index → the frames it opens.
    opens: Vec<Vec<usize>>,
    frames: Vec<Frame>,
}

impl Frames {
    /// Compiles the frames (their words read as cause texts are: NFKC, simplified);
    /// `not_subjects` contain a subject but open no frame (手续 is no 手).
    pub fn new(frames: Vec<Frame>, not_subjects: &[String]) -> Result<Frames, String> {
        let frames: Vec<Frame> = frames.into_iter().map(normalised).collect::<Result<_, _>>()?;
        let mut subjects: Vec<String> = not_subjects.iter().map(|w| simplified(&clean(w))).collect();
        let mut opens: Vec<Vec<usize>> = vec![Vec::new(); subjects.len()];
        for (i, frame) in frames.iter().enumerate() {
            for subject in &frame.subjects {
                match subjects.iter().position(|s| s == subject) {
                    Some(at) => opens[at].push(i),
                    None => {
                        subjects.push(subject.clone());
                        opens.push(vec![i]);
                    }
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&subjects)
            .map_err(|e| format!("致困原因句式无法编译：{e}"))?;
        Ok(Frames { automaton, opens, frames })
    }

    /// The frames of one clause, in order of position; `denies` says whether the text
    /// between a subject and its predicate denies the predicate (厂子没倒).
    pub fn hits(&self, clause: &str, denies: impl Fn(&str) -> bool) -> Vec<FrameHit> {
        let mut hits = Vec::new();
        for found in self.automaton.find_iter(clause) {
            let after = &clause[found.end()..];
            for &i in &self.opens[found.pattern().as_usize()] {
                let frame = &self.frames[i];
                if let Some((at, len)) = predicate(frame, after) {
                    if !denies(&after[..at]) {
                        let start = found.end() + at;
                        let (subject, predicate) = ((found.start(), found.end()), (start, start + len));
                        hits.push(FrameHit { subject, predicate, code: frame.code });
                        break;
                    }
                }
            }
        }
        hits
    }
}

/// The earliest predicate of `frame` within its gap in `after`: its byte offset and length.
fn predicate(frame: &Frame, after: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for written in &frame.predicates {
        let (word, at_end) = match written.strip_suffix('$') {
            Some(word) => (word, true),
            None => (written.as_str(), false),
        };
        let Some(at) = after.find(word) else { continue };
        let near = after[..at].chars().filter(|c| !NUMERALS.contains(*c)).count() <= frame.gap;
        let ends = !at_end || after[at + word.len()..].trim_matches(FINAL_PARTICLES).is_empty();
        if near && ends && best.is_none_or(|(b, _)| at < b) {
            best = Some((at, word.len()));
        }
    }
    best
}

/// A frame with its words as the matcher reads them; `Err` names an empty word or a
/// bad code.
fn normalised(frame: Frame) -> Result<Frame, String> {
    if !(1..=10).contains(&frame.code) {
        return Err(format!("[[frames]] 的代码 {} 不是致困原因代码 1–10", frame.code));
    }
    let words = |list: Vec<String>| -> Result<Vec<String>, String> {
        list.iter()
            .map(|w| simplified(&clean(w)))
            .map(|w| {
                if w.trim_end_matches('$').is_empty() {
                    Err(format!("[[frames]] {} 中有空词", frame.code))
                } else {
                    Ok(w)
                }
            })
            .collect()
    };
    Ok(Frame {
        code: frame.code,
        gap: frame.gap,
        subjects: words(frame.subjects)?,
        predicates: words(frame.predicates)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(code: u8, subjects: &[&str], predicates: &[&str]) -> Frame {
        let owned = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        Frame { code, gap: 4, subjects: owned(subjects), predicates: owned(predicates) }
    }

    fn frames() -> Frames {
        Frames::new(
            vec![frame(3, &["厂子", "单位"], &["黄", "垮"]), frame(8, &["老伴", "男人"], &["走了", "没了$"])],
            &["单位领导".to_string()],
        )
        .expect("compiles")
    }

    fn codes(clause: &str) -> Vec<u8> {
        frames().hits(clause, |gap| gap.contains('没')).iter().map(|h| h.code).collect()
    }

    #[test]
    fn a_subject_with_its_predicate_names_the_cause() {
        for (clause, code) in [("厂子早就黄了", 3), ("老伴前年走了", 8), ("厂子二〇〇三年就黄了", 3), ("老伴没了", 8)]
        {
            assert_eq!(codes(clause), [code], "{clause}");
        }
        let hit = &frames().hits("去年厂子一黄", |_| false)[0];
        assert_eq!(hit.subject, ("去年".len(), "去年厂子".len()));
        assert_eq!(hit.predicate, ("去年厂子一".len(), "去年厂子一黄".len()));
    }

    #[test]
    fn a_far_missing_denied_or_unfinished_predicate_names_nothing() {
        let far = ["厂子里的老工人都很好", "单位效益一直都不怎么好，黄", "厂子没垮"];
        for clause in far.into_iter().chain(["男人没了工作", "老伴", "单位领导不让黄"]) {
            assert!(codes(clause).is_empty(), "{clause}");
        }
    }

    #[test]
    fn bad_frames_are_named() {
        assert!(Frames::new(vec![frame(11, &["a"], &["b"])], &[]).is_err());
        assert!(Frames::new(vec![frame(3, &["a"], &["$"])], &[]).is_err());
    }
}
