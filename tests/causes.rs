//! 致困原因 — the cause classifier against `causes_labelled.tsv`, cause texts written
//! the many ways clerks write them, plus the rules of SPEC §5 one by one.
//! `cargo test --release --test causes -- --nocapture` prints the accuracy table.

use std::collections::BTreeMap;

use bangfu::classify::{label, Classification, Dictionary};

/// One labelled row: texts and the expected causes.
struct Labelled {
    line: usize,
    text: String,
    secondary_text: String,
    primary: u8,
    secondary: Vec<u8>,
}

fn labelled() -> Vec<Labelled> {
    rows_of(include_str!("causes_labelled.tsv"))
}

/// `causes_heldout.tsv`: texts written before the dictionary was broadened, and never
/// used to choose its terms.
fn heldout() -> Vec<Labelled> {
    rows_of(include_str!("causes_heldout.tsv"))
}

/// The colloquial sets (everyday words, traditional characters, abbreviations), in the
/// order they were written, each scored once when written and then used to choose the
/// next round of terms: file, text, and the primary and exact-secondary accuracy (%)
/// they have now. First scores (in each file's header): 68.8% (before the converter),
/// 83.7%, 89.7%, 83.7%, 85.7%, 90.0%, 90.0% (the six written after the first fixes:
/// 220 of 253, 87.0%; 4 a wrong cause, the rest unclassified for W212 review).
/// The eighth set (89 texts) was written after the rules that generalise (split verbs,
/// frames, stoppages, consequences), committed before it was scored, and scored once:
/// 87 of 89 primary causes right (97.8%), secondary causes exactly right on 88 (98.9%);
/// 86 of 89 (96.6%) right on both. Its floor below is that first score, unchanged.
/// Its three misses then chose a last round of rules (numerals do not count in a
/// frame's gap, a vehicle that overturned, 没了 no closure word), after which it reads
/// 89 of 89 — so it is no longer held out, and no set written after that round exists.
const COLLOQUIAL: [(&str, &str, f64, f64); 8] = [
    ("causes_colloquial.tsv", include_str!("causes_colloquial.tsv"), 100.0, 98.7),
    ("causes_colloquial_after.tsv", include_str!("causes_colloquial_after.tsv"), 97.9, 97.9),
    ("causes_colloquial_third.tsv", include_str!("causes_colloquial_third.tsv"), 100.0, 100.0),
    ("causes_colloquial_fourth.tsv", include_str!("causes_colloquial_fourth.tsv"), 100.0, 100.0),
    ("causes_colloquial_fifth.tsv", include_str!("causes_colloquial_fifth.tsv"), 97.6, 100.0),
    ("causes_colloquial_sixth.tsv", include_str!("causes_colloquial_sixth.tsv"), 100.0, 100.0),
    ("causes_colloquial_seventh.tsv", include_str!("causes_colloquial_seventh.tsv"), 100.0, 100.0),
    ("causes_colloquial_eighth.tsv", include_str!("causes_colloquial_eighth.tsv"), 97.7, 98.8),
];

fn rows_of(tsv: &str) -> Vec<Labelled> {
    let mut rows = Vec::new();
    for (i, line) in tsv.lines().enumerate().skip(1) {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "line {}: {line}", i + 1);
        rows.push(Labelled {
            line: i + 1,
            text: cols[0].to_string(),
            secondary_text: cols[1].to_string(),
            primary: cols[2].parse().expect("primary code"),
            secondary: cols[3].split('、').filter(|c| !c.is_empty()).map(|c| c.parse().expect("code")).collect(),
        });
    }
    rows
}

fn dictionary() -> Dictionary {
    Dictionary::new(&BTreeMap::new()).expect("built-in dictionary")
}

fn classify(primary: &str, secondary: &str) -> Classification {
    Classification::clone(&dictionary().classify(primary, secondary))
}

/// How the dictionary does on a set of labelled rows.
struct Score {
    rows: usize,
    /// Cause → (texts, primary right).
    per_cause: BTreeMap<u8, (usize, usize)>,
    secondary_right: usize,
}

impl Score {
    fn primary_right(&self) -> usize {
        self.per_cause.values().map(|t| t.1).sum()
    }
}

/// Classifies every row and prints the accuracy table and the differences.
fn score(rows: &[Labelled]) -> Score {
    let dictionary = dictionary();
    let mut per_cause: BTreeMap<u8, (usize, usize)> = BTreeMap::new();
    let (mut secondary_right, mut wrong) = (0, Vec::new());
    for row in rows {
        let got = dictionary.classify(&row.text, &row.secondary_text);
        let tally = per_cause.entry(row.primary).or_default();
        tally.0 += 1;
        if got.primary == row.primary {
            tally.1 += 1;
        }
        if got.secondary == row.secondary {
            secondary_right += 1;
        }
        if got.primary != row.primary || got.secondary != row.secondary {
            wrong.push(format!(
                "  line {}: {} | {} → {} {:?} (term “{}”), expected {} {:?}",
                row.line,
                row.text,
                row.secondary_text,
                got.primary,
                got.secondary,
                got.term,
                row.primary,
                row.secondary
            ));
        }
    }
    let score = Score { rows: rows.len(), per_cause, secondary_right };
    println!("cause                      texts  right  accuracy");
    for (code, (n, right)) in &score.per_cause {
        let name = format!("{code} {}", label(*code).unwrap_or(""));
        println!("{name:<22} {n:>9} {right:>6} {:>8.1}%", pct(*right, *n));
    }
    let right = score.primary_right();
    println!("{:<22} {:>9} {right:>6} {:>8.1}%", "primary, all", score.rows, pct(right, score.rows));
    println!(
        "{:<22} {:>9} {secondary_right:>6} {:>8.1}%",
        "secondary, exact",
        score.rows,
        pct(secondary_right, score.rows)
    );
    println!("differences:\n{}", wrong.join("\n"));
    score
}

#[test]
fn labelled_texts_are_classified_accurately() {
    let score = score(&labelled());
    assert!(score.rows >= 320);
    assert!(score.per_cause.values().all(|t| t.0 >= 20), "every cause has 20 texts");
    assert!(pct(score.primary_right(), score.rows) >= 97.0, "primary accuracy");
    assert!(pct(score.secondary_right, score.rows) >= 90.0, "secondary accuracy");
}

#[test]
fn heldout_texts_are_classified_accurately() {
    let score = score(&heldout());
    assert!(score.rows >= 200);
    assert!(score.per_cause.len() == 10, "every cause has texts");
    assert!(pct(score.primary_right(), score.rows) >= 95.0, "primary accuracy on held-out texts");
}

#[test]
fn colloquial_texts_are_classified_accurately() {
    let mut rows = 0;
    for (name, tsv, primary, secondary) in COLLOQUIAL {
        println!("{name}");
        let score = score(&rows_of(tsv));
        rows += score.rows;
        assert!(score.rows >= 30, "{name}");
        assert_eq!(score.per_cause.len(), 10, "{name}: every cause has texts");
        assert!(pct(score.primary_right(), score.rows) >= primary, "{name}: primary accuracy");
        assert!(pct(score.secondary_right, score.rows) >= secondary, "{name}: secondary accuracy");
    }
    assert!(rows >= 60 + 30);
}

#[test]
fn traditional_characters_and_everyday_words_are_read() {
    let c = classify("女兒讀大學學費高", "");
    assert_eq!((c.primary, c.term.as_str()), (9, "大学"));
    let c = classify("妻子癱瘓在床", "");
    assert_eq!((c.primary, c.term.as_str()), (6, "瘫痪"));
    let c = classify("厂子黄了以后一直打零工", "");
    assert_eq!((c.primary, c.secondary, c.term.as_str()), (3, vec![2], "厂子黄了"));
    for (text, code) in [("九八年买断工龄", 3), ("单位放长假", 3), ("老伴病倒了", 6), ("娃在念书", 9), ("本人下崗", 3)]
    {
        assert_eq!(classify(text, "").primary, code, "{text}");
    }
    let extra = BTreeMap::from([("6".to_string(), vec!["漸凍人".to_string()])]);
    assert_eq!(Dictionary::new(&extra).expect("valid key").classify("丈夫是渐冻人", "").primary, 6);
}

fn pct(part: usize, whole: usize) -> f64 {
    100.0 * part as f64 / whole.max(1) as f64
}

#[test]
fn every_code_form_is_read() {
    for text in ["6", "６", "6.患重特大疾病", "6、患重特大疾病", "６．患重特大疾病", "患重特大疾病"]
    {
        let c = classify(text, "");
        assert_eq!((c.primary, c.secondary.as_slice(), c.confident), (6, &[][..], true), "{text}");
    }
    assert_eq!(classify("6", "").term, "6");
    assert_eq!(classify("6.患重特大疾病", "").term, "患重特大疾病");
    let c = classify("6、9", "");
    assert_eq!((c.primary, c.secondary), (6, vec![9]));
    let c = classify("３，６", "");
    assert_eq!((c.primary, c.secondary), (3, vec![6]));
}

#[test]
fn shorthands_are_read() {
    for (text, code) in [("因病致困", 6), ("因病", 6), ("因学", 9), ("因灾", 7), ("因残", 1), ("因下岗", 3)]
    {
        assert_eq!(classify(text, "").primary, code, "{text}");
    }
}

#[test]
fn negated_terms_do_not_count() {
    for text in ["无重大疾病", "没有残疾", "未患病", "不属于因病致困", "身体健康", "非因工"] {
        let c = classify(text, "");
        assert_eq!((c.primary, c.confident), (10, false), "{text}");
    }
    assert_eq!(classify("无重大疾病，夫妻双下岗", "").primary, 3);
    assert_eq!(classify("本人没有残疾，儿子上大学", "").primary, 9);
    assert_eq!(classify("无重大疾病及残疾", "").primary, 10);
}

#[test]
fn negation_shaped_terms_are_causes() {
    assert_eq!(classify("配偶未就业", "").primary, 2);
    assert_eq!(classify("本人未参保", "").primary, 4);
    assert_eq!(classify("工伤保险待遇未落实", "").primary, 5);
    assert_eq!(classify("父母无劳动能力", "").primary, 1);
}

#[test]
fn two_causes_in_one_text() {
    let c = classify("丈夫车祸去世，女儿上大学", "");
    assert_eq!((c.primary, c.secondary, c.term.as_str()), (8, vec![9], "车祸"));
    let c = classify("本人下岗，妻子患尿毒症", "子女上学");
    assert_eq!((c.primary, c.secondary), (3, vec![6, 9]));
}

#[test]
fn at_most_three_secondary_causes_never_the_primary() {
    let c = classify("本人残疾，妻子无业，儿子上学，母亲患癌，遭遇洪灾", "1、8");
    assert_eq!((c.primary, c.secondary), (1, vec![2, 9, 6]));
}

#[test]
fn unclassifiable_text_is_other_for_review() {
    let c = classify("家庭困难", "");
    assert_eq!((c.primary, c.term.as_str(), c.confident), (10, "", false));
    let c = classify("生活困难", "因病");
    assert_eq!((c.primary, c.secondary, c.confident), (10, vec![6], false));
    for text in ["10", "１０", "10.其他", "其他"] {
        let c = classify(text, "");
        assert_eq!((c.primary, c.confident), (10, true), "{text}");
    }
}

#[test]
fn configured_terms_extend_the_dictionary() {
    let extra = BTreeMap::from([("6".to_string(), vec!["渐冻人".to_string()])]);
    let c = Dictionary::new(&extra).expect("valid key").classify("丈夫是渐冻人", "");
    assert_eq!((c.primary, c.term.as_str()), (6, "渐冻人"));
    let bad = BTreeMap::from([("11".to_string(), vec!["x".to_string()])]);
    assert!(Dictionary::new(&bad).expect_err("bad key").contains("11"));
}

#[test]
fn odd_cells_do_not_panic() {
    let dictionary = dictionary();
    for text in ["", "、、、", " ， ", "0", "11", "６６", "1.", "无无无没有不", "😀患病😀", "病\n下岗\t", "10、6"]
    {
        let c = dictionary.classify(text, text);
        assert!((1..=10).contains(&c.primary) && c.secondary.len() <= 3, "{text}");
        assert!(!c.secondary.contains(&c.primary), "{text}");
    }
}
