//! 否定 — whether a term is denied by a negation word near it in its clause:
//! 无重大疾病, 没有残疾, 不属于因病致困; 社保一直没交. Also whether a benefit is said to
//! fall short (不足): 养老金过低, 报销额度低.

/// The negation words and how far they reach (from `causes.toml`).
#[derive(Debug, Clone)]
pub(super) struct Negation {
    /// 否定词: 无, 没有, 未, 不, 非, 否 ….
    pub negators: Vec<String>,
    /// 连接词 that carry a denial on to the next term: 无重大疾病及残疾.
    pub joiners: Vec<String>,
    /// 不足词 that say a benefit is too low: 低, 少, 不足, 不够 ….
    pub shortfalls: Vec<String>,
    /// Characters allowed between a negation word and its term.
    pub window: usize,
    /// The same for the terms that name a cause only when denied: they are the objects
    /// of a negated verb, which may come with long modifiers (没有参加城镇职工医疗保险).
    pub object_window: usize,
    /// 停断词 that deny a benefit or wage written before them (养老金停了, 工资断了), but
    /// nothing after them (腿断了，落下残疾): read by [`Negation::denies_after`] only, so
    /// they are kept apart from the negators.
    pub stoppages: Box<[String]>,
}

impl Negation {
    /// Denied by the text `gap` that stands between the previous term of the clause
    /// (or its start) and this term: a negation word ending at most `window` characters
    /// before the term, or a joining word after a denied term.
    pub fn denies_before(&self, gap: &str, window: usize, previous_denied: bool) -> bool {
        let near =
            |word: &String| gap.rfind(word.as_str()).is_some_and(|at| gap[at + word.len()..].chars().count() <= window);
        self.negators.iter().any(near) || (previous_denied && self.joiners.iter().any(|j| gap.trim() == j))
    }

    /// Denied by the text `gap` that follows the term up to the next term (or the end
    /// of the clause): a negation word starting at most `window` characters after it.
    pub fn denies_after(&self, gap: &str) -> bool {
        let near = |word: &String| gap.find(word.as_str()).is_some_and(|at| gap[..at].chars().count() <= self.window);
        self.negators.iter().chain(self.stoppages.iter()).any(near)
    }

    /// Said to fall short by the text `rest` that follows the term to the end of its
    /// clause: a shortfall word starting at most `window` characters after it
    /// (养老金|过低, 报销|额度低, 退休金|不够用). The whole rest is read, not the gap to the
    /// next term, because 不够 and 不足 are themselves (neutral) terms.
    pub fn falls_short_after(&self, rest: &str) -> bool {
        let near = |word: &String| rest.find(word.as_str()).is_some_and(|at| rest[..at].chars().count() <= self.window);
        self.shortfalls.iter().any(near)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negation() -> Negation {
        Negation {
            negators: ["没有", "无", "未", "不"].map(String::from).to_vec(),
            joiners: vec!["及".to_string()],
            shortfalls: ["低", "少", "不够"].map(String::from).to_vec(),
            window: 4,
            object_window: 8,
            stoppages: Box::new(["停了".to_string()]),
        }
    }

    #[test]
    fn a_negation_word_close_before_denies() {
        let n = negation();
        assert!(n.denies_before("无", 4, false));
        assert!(n.denies_before("本人没有", 4, false));
        assert!(n.denies_before("不属于", 4, false));
        assert!(n.denies_before("未参加任何", 4, false));
    }

    #[test]
    fn a_distant_or_absent_negation_word_does_not_deny() {
        let n = negation();
        assert!(!n.denies_before("", 4, false));
        assert!(!n.denies_before("本人", 4, false));
        assert!(!n.denies_before("不知道家里今年", 4, false));
        assert!(n.denies_before("没有参加城镇职工", 8, false));
    }

    #[test]
    fn a_joining_word_carries_a_denial_on() {
        let n = negation();
        assert!(n.denies_before("及", 4, true));
        assert!(!n.denies_before("及", 4, false));
    }

    #[test]
    fn a_negation_word_close_after_denies() {
        let n = negation();
        assert!(n.denies_after("一直没有交"));
        assert!(n.denies_after("未按时发放"));
        assert!(!n.denies_after("按时发放"));
        assert!(!n.denies_after("已经按时足额未"));
    }

    #[test]
    fn a_stoppage_denies_only_what_comes_before_it() {
        let n = negation();
        assert!(n.denies_after("前年停了") && !n.denies_before("停了", 4, false));
    }

    #[test]
    fn a_shortfall_word_close_after_falls_short() {
        let n = negation();
        assert!(n.falls_short_after("过低"));
        assert!(n.falls_short_after("额度低"));
        assert!(n.falls_short_after("太少，不够看病"));
        assert!(n.falls_short_after("不够用"));
        assert!(!n.falls_short_after(""));
        assert!(!n.falls_short_after("按时足额发放"));
        assert!(!n.falls_short_after("按时发放但家中收入低"));
    }
}
