//! The sample's `bangfu.toml` (SPEC §10) and the figures it shares with the
//! generator: the period, the 低保线 per region and the aid caps.
//!
//! The people and the ledger are generated against these same constants, so the
//! planted W205/W301/W302 defects and the clean rows agree with the configuration
//! the program will read.

/// The report period of the sample (报告期).
pub const PERIOD: &str = "2026-11";

/// The county union that receives the rosters (填报单位 of the report).
pub const COUNTY_UNION: &str = "豫安县总工会";

/// 低保线 in 元 per person per month where no region line applies.
pub const DIBAO_DEFAULT: f64 = 780.0;

/// Up to this multiple of the 低保线 a household is 低保边缘户.
pub const EDGE_FACTOR: f64 = 1.5;

/// 低保线 by ID region prefix (南阳 has a lower line than 郑州).
pub const DIBAO_BY_REGION: &[(&str, f64)] = &[("4113", 720.0)];

/// The 低保线 that applies to a person born in `region` (6-digit code).
pub fn dibao_line(region: &str) -> f64 {
    DIBAO_BY_REGION.iter().find(|(prefix, _)| region.starts_with(prefix)).map_or(DIBAO_DEFAULT, |(_, line)| *line)
}

/// An aid cap (救助标准上限) of one canonical 帮扶类型.
pub struct AidCap {
    pub kind: &'static str,
    /// Largest single payment, 元.
    pub single: f64,
    /// Largest total to one person in a calendar year, 元.
    pub yearly: f64,
}

/// The caps written to `bangfu.toml`.
pub const AID_CAPS: &[AidCap] = &[
    AidCap { kind: "医疗救助", single: 3000.0, yearly: 5000.0 },
    AidCap { kind: "送温暖", single: 1000.0, yearly: 2000.0 },
];

/// The cap of a canonical 帮扶类型, if it has one.
pub fn aid_cap(kind: &str) -> Option<&'static AidCap> {
    AID_CAPS.iter().find(|c| c.kind == kind)
}

/// 填表人 and 审核人 of the county report.
const PREPARER: &str = "王晓燕";
const REVIEWER: &str = "李建国";

/// The text of `bangfu.toml`.
pub fn bangfu_toml() -> String {
    let mut t = String::from("# bangfu 示例配置（bangfu sample 生成）\n");
    t += "# 报告期；按报告期分文件夹（2026-09/、2026-10/ …）时以文件夹名为准\n";
    t += &format!("period = \"{PERIOD}\"\n\n[report]\n");
    t += &format!("unit = \"{COUNTY_UNION}\"\npreparer = \"{PREPARER}\"\nreviewer = \"{REVIEWER}\"\n\n");
    t += &format!("[dibao]\ndefault = {DIBAO_DEFAULT:.1}\nedge_factor = {EDGE_FACTOR:.1}\n");
    let regions: Vec<String> = DIBAO_BY_REGION.iter().map(|(p, l)| format!("\"{p}\" = {l:.1}")).collect();
    t += &format!("by_region = {{ {} }}\n", regions.join(", "));
    for cap in AID_CAPS {
        t += &format!(
            "\n[[aid_cap]]\nkind = \"{}\"\nsingle = {:.1}\nyearly = {:.1}\n",
            cap.kind, cap.single, cap.yearly
        );
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_by_region() {
        assert_eq!(dibao_line("410102"), 780.0);
        assert_eq!(dibao_line("411302"), 720.0);
    }

    #[test]
    fn toml_has_every_section() {
        let t = bangfu_toml();
        for needle in [
            "period = \"2026-11\"",
            "[report]",
            "unit = \"豫安县总工会\"",
            "default = 780.0",
            "edge_factor = 1.5",
            "by_region = { \"4113\" = 720.0 }",
            "kind = \"医疗救助\"",
            "single = 1000.0",
        ] {
            assert!(t.contains(needle), "missing {needle} in\n{t}");
        }
        assert_eq!(t.matches("[[aid_cap]]").count(), 2);
    }

    #[test]
    fn caps_by_kind() {
        assert_eq!(aid_cap("送温暖").map(|c| c.yearly), Some(2000.0));
        assert!(aid_cap("生活救助").is_none());
    }
}
