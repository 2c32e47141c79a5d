//! Word lists the sample people are drawn from: names, places, vocabularies and
//! the phrases clerks use for causes of hardship.
//!
//! Data only, no logic. Every string here must be encodable in GBK (the GBK
//! layout would fail otherwise) and every vocabulary value must be one the
//! program knows (SPEC §2), so that rows built from these lists are clean.

/// Common single-character surnames (百家姓 as they occur in Henan).
pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫",
    "段", "雷", "侯", "史", "陶", "贺", "顾", "毛", "郝", "龚", "邵", "武", "常", "牛",
];

/// Characters of men's given names.
pub const MALE_GIVEN: &[&str] = &[
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宁",
    "建", "国", "志", "文", "立", "新", "海", "峰", "永", "庆", "东", "林", "保", "全", "占", "书", "振", "红", "卫",
    "中", "德",
];

/// Characters of women's given names.
pub const FEMALE_GIVEN: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英", "秀", "兰", "梅", "红", "萍", "琴", "雪",
    "莉", "婷", "慧", "云", "凤", "洁", "荣", "翠", "玉", "春", "彩",
];

/// A region (行政区划) that issues IDs, with the share of sample people born there.
pub struct Region {
    pub code: &'static str,
    pub weight: u32,
    /// Whether the code existed before 1999, so it can head a 15-digit ID.
    pub old: bool,
}

/// Districts and counties of 郑州 and 南阳 (GB/T 2260, all in use in 2024).
pub const REGIONS: &[Region] = &[
    Region { code: "410102", weight: 12, old: true }, // 中原区
    Region { code: "410103", weight: 10, old: true }, // 二七区
    Region { code: "410105", weight: 12, old: true }, // 金水区
    Region { code: "410122", weight: 14, old: true }, // 中牟县
    Region { code: "410181", weight: 6, old: false }, // 巩义市
    Region { code: "410182", weight: 6, old: false }, // 荥阳市
    Region { code: "410184", weight: 8, old: false }, // 新郑市
    Region { code: "411302", weight: 6, old: true },  // 宛城区
    Region { code: "411303", weight: 6, old: true },  // 卧龙区
    Region { code: "411321", weight: 4, old: false }, // 南召县
    Region { code: "411323", weight: 4, old: false }, // 西峡县
    Region { code: "411325", weight: 4, old: false }, // 内乡县
    Region { code: "411328", weight: 4, old: false }, // 唐河县
    Region { code: "411381", weight: 4, old: false }, // 邓州市
];

/// A region code that never existed (郑州市 has no county 99): planted W201.
pub const UNKNOWN_REGION: &str = "410199";

/// 民族 with weights.
pub const ETHNICITIES: &[(&str, u32)] = &[("汉族", 92), ("回族", 5), ("满族", 2), ("蒙古族", 1)];

/// 政治面貌 of people over 28 (共青团员 is added for the young).
pub const POLITICS: &[(&str, u32)] = &[("群众", 78), ("中共党员", 22)];

/// 身份 (work status): canonical value and the alias some clerks write instead.
#[derive(Debug)]
pub struct Status {
    pub canonical: &'static str,
    pub alias: &'static str,
}

pub const ON_DUTY: Status = Status { canonical: "在岗", alias: "在岗" };
pub const RETIRED: Status = Status { canonical: "退休", alias: "离退休" };

/// Statuses of working-age sample people, with weights.
pub const STATUSES: &[(Status, u32)] = &[
    (ON_DUTY, 58),
    (Status { canonical: "下(待)岗", alias: "下岗" }, 7),
    (Status { canonical: "下(待)岗", alias: "待岗" }, 3),
    (Status { canonical: "失(无)业", alias: "失业" }, 6),
    (Status { canonical: "失(无)业", alias: "无业" }, 2),
    (Status { canonical: "病休", alias: "病休" }, 6),
    (Status { canonical: "内退", alias: "内部退养" }, 6),
    (Status { canonical: "农民工", alias: "困难农民工" }, 12),
];

/// The three 困难类别 vocabularies in use (SPEC §2), each by rung of the ladder: index 0
/// the deep rung, 1 the relative one, 2 the accident one (a union on the 特困 / 一般困难
/// words writes 意外致困 for an accident).
pub const TIER_VOCABS: [[&str; 3]; 3] =
    [["低保户", "低保边缘户", "意外致困户"], ["深度困难", "相对困难", "意外致困"], ["特困", "一般困难", "意外致困"]];

/// The ten standard causes of the ACFTU archive (SPEC §5), numbered 1–10 in this
/// order: the labels bangfu's cause dictionary knows.
pub const CAUSES: [&str; 10] = [
    "无劳动能力",
    "有劳动能力而未就业",
    "下岗失业",
    "未参加社会保险",
    "社会保险待遇落实不到位",
    "患重特大疾病",
    "遭受自然灾害",
    "遭受意外事故",
    "子女上学",
    "其他",
];

/// A free-text cause as clerks write it, with the causes it names in order.
pub struct CausePhrase {
    pub text: &'static str,
    pub primary: u8,
    pub secondary: Option<u8>,
    /// 性别 of the workers it can describe ("" for anyone): a 妻子 is a man's.
    pub sex: &'static str,
}

/// Free-text causes that a dictionary classifies with confidence.
pub const CAUSE_PHRASES: &[CausePhrase] = &[
    CausePhrase { text: "本人重度残疾，丧失劳动能力", primary: 1, secondary: None, sex: "" },
    CausePhrase { text: "爱人有劳动能力但一直未就业", primary: 2, secondary: None, sex: "" },
    CausePhrase { text: "企业停产下岗", primary: 3, secondary: None, sex: "" },
    CausePhrase { text: "夫妻双方下岗", primary: 3, secondary: None, sex: "" },
    CausePhrase { text: "无重大疾病，夫妻双方下岗", primary: 3, secondary: None, sex: "" },
    CausePhrase { text: "单位未缴纳社会保险", primary: 4, secondary: None, sex: "" },
    CausePhrase { text: "因病致困", primary: 6, secondary: None, sex: "" },
    CausePhrase { text: "本人患尿毒症长期透析", primary: 6, secondary: None, sex: "" },
    CausePhrase { text: "妻子患乳腺癌正在化疗", primary: 6, secondary: None, sex: "男" },
    CausePhrase { text: "儿子患白血病", primary: 6, secondary: None, sex: "" },
    CausePhrase { text: "妻子患病，儿子上高中", primary: 6, secondary: Some(9), sex: "男" },
    CausePhrase { text: "房屋遭水灾损毁", primary: 7, secondary: None, sex: "" },
    CausePhrase { text: "2021年洪灾房屋被冲毁", primary: 7, secondary: None, sex: "" },
    CausePhrase { text: "丈夫车祸去世，女儿上大学", primary: 8, secondary: Some(9), sex: "女" },
    CausePhrase { text: "工伤致残", primary: 8, secondary: None, sex: "" },
    CausePhrase { text: "本人遭遇交通事故", primary: 8, secondary: None, sex: "" },
    CausePhrase { text: "两个孩子上学负担重", primary: 9, secondary: None, sex: "" },
    CausePhrase { text: "女儿上大学", primary: 9, secondary: None, sex: "" },
];

/// Words of a phrase that speak of other family members.
pub const FAMILY_WORDS: &[&str] = &["妻子", "丈夫", "爱人", "夫妻", "儿子", "女儿", "孩子"];

/// Primary causes of ordinary households with weights (10 其他 is left out:
/// a clean row should classify with confidence).
pub const PRIMARY_CAUSES: &[(u8, u32)] = &[(1, 6), (2, 6), (3, 16), (4, 4), (5, 3), (6, 40), (7, 5), (8, 10), (9, 10)];

/// Causes of the accident tier (意外致困户): natural disaster or accident.
pub const ACCIDENT_CAUSES: &[(u8, u32)] = &[(7, 1), (8, 3)];

/// 健康状况 of the sick (cause 6).
pub const SICK: &[&str] = &["患病", "重病", "慢性病"];

/// Streets of the county town for 家庭住址.
pub const STREETS: &[&str] = &[
    "建设路",
    "人民路",
    "解放路",
    "文化路",
    "中山街",
    "新华街",
    "东风路",
    "南关街",
    "北大街",
    "西环路",
    "工业路",
    "青年路",
];

/// Villages of the town for 家庭住址 of rural households.
pub const VILLAGES: &[&str] = &["王庄村", "李楼村", "河东村", "张湾村", "马庄村", "后寨村"];

/// Mobile prefixes (13x, 15x, 18x) of 联系电话.
pub const PHONE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156",
    "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn all_strings() -> Vec<&'static str> {
        let mut all: Vec<&str> = SURNAMES.to_vec();
        all.extend(MALE_GIVEN);
        all.extend(FEMALE_GIVEN);
        all.extend(ETHNICITIES.iter().map(|e| e.0));
        all.extend(STATUSES.iter().flat_map(|(s, _)| [s.canonical, s.alias]));
        all.extend(TIER_VOCABS.iter().flatten());
        all.extend(CAUSES);
        all.extend(CAUSE_PHRASES.iter().map(|p| p.text));
        all.extend(STREETS.iter().chain(VILLAGES).chain(SICK));
        all
    }

    #[test]
    fn every_word_encodes_in_gbk() {
        for s in all_strings() {
            let (_, _, had_errors) = encoding_rs::GBK.encode(s);
            assert!(!had_errors, "{s} is not GBK");
        }
    }

    #[test]
    fn region_codes_are_six_digits() {
        for r in REGIONS {
            assert_eq!(r.code.len(), 6);
            assert!(r.code.bytes().all(|b| b.is_ascii_digit()));
            assert_ne!(r.code, UNKNOWN_REGION);
        }
    }

    #[test]
    fn phrases_name_standard_causes() {
        for p in CAUSE_PHRASES {
            assert!((1..=9).contains(&p.primary));
            assert!(p.secondary.is_none_or(|s| (1..=9).contains(&s) && s != p.primary));
        }
    }
}
