//! Rules on the other columns: required fields (E110), family size (E111), income
//! (E112), vocabularies (E113, E114), per-capita income (W204), the declared tier
//! computed by SPEC §5a (W205), phone numbers (W207), filing date (W213). The checks of
//! required, money and controlled columns are shared with the ledger ([`super::ledger`]).

use std::sync::Arc;

use compact_str::CompactString;

use super::{Context, RowCheck};
use crate::classify::Classification;
use crate::columns::Field;
use crate::finding::Code;
use crate::normalize::date::{self, format, Day};
use crate::normalize::id::{IdError, ResidentId};
use crate::normalize::money;
use crate::rows::{Fate, Worker};
use crate::tier::{self, Rung};

/// Reads the row into a worker, reporting missing and malformed values; the tier is
/// computed from the income here, once.
pub fn read(row: &mut RowCheck, ctx: Context, id: Result<ResidentId, IdError>) -> Worker {
    for field in [Field::Name, Field::Employer, Field::Tier, Field::FamilySize, Field::PrimaryCause] {
        require(row, field);
    }
    let family_income = money_value(row, Field::FamilyIncome);
    let per_capita_stated = money_value(row, Field::PerCapitaIncome);
    let rigid_spending = money_value(row, Field::RigidSpending);
    money_value(row, Field::OwnIncome);
    if row.cell(Field::FamilyIncome).is_blank() && row.cell(Field::PerCapitaIncome).is_blank() {
        require(row, Field::FamilyIncome);
    }
    let filed = date::parse(row.cell(Field::FiledDate));
    if let Some(day) = filed.filter(|d| *d > ctx.period_end) {
        row.push(
            Code::W213,
            Field::FiledDate,
            format!("建档日期{}晚于报告期末{}，请核对。", format(day), format(ctx.period_end)),
        );
    }
    check_phone(row);
    let causes = classify_causes(row, ctx);
    let declared_tier = vocabulary(row, Field::Tier, &ctx.vocab.tier.declared, Code::E113);
    let tier = declared_tier.as_deref().and_then(|d| ctx.vocab.tier.on_ladder(d)).map(CompactString::from);
    let mut worker = Worker {
        record: row.record().clone(),
        name: row.text(Field::Name),
        id,
        birth_date: date::parse(row.cell(Field::BirthDate)).and_then(Day::new),
        status: vocabulary(row, Field::Status, &ctx.vocab.status, Code::E114),
        declared_tier,
        tier,
        family_size: family_size(row),
        family_income,
        per_capita_stated,
        rigid_spending,
        causes,
        filed: filed.and_then(Day::new),
        exited: date::parse(row.cell(Field::ExitDate)).and_then(Day::new),
        reviewed: date::parse(row.cell(Field::ReviewDate)).and_then(Day::new),
        family_ids: super::review::family_ids(row),
        above_standard: false,
        review_due: false,
        same_household: Vec::new(),
        filled: row.filled(),
        computed: None,
        fate: Fate::Accepted,
        standing: None,
        chain: Vec::new(),
    };
    worker.computed = tier::compute(worker.household(), worker.id_number(), ctx.dibao, ctx.period_end);
    worker
}

/// The causes of 主要/次要致困原因; W212 when the primary text names no cause bangfu
/// can tell with confidence.
fn classify_causes(row: &mut RowCheck, ctx: Context) -> Arc<Classification> {
    let (primary, secondary) = (row.text(Field::PrimaryCause), row.text(Field::SecondaryCause));
    let causes = ctx.causes.classify(&primary, &secondary);
    if !primary.is_empty() && !causes.confident {
        row.push(
            Code::W212,
            Field::PrimaryCause,
            "致困原因无法归入十类标准原因，暂计为“10 其他”，请按标准原因（如“6 患重特大疾病”）填写或写明具体情况。",
        );
    }
    causes
}

/// E110 when a required column is blank or missing from the sheet.
pub fn require(row: &mut RowCheck, field: Field) {
    if !row.cell(field).is_blank() {
        return;
    }
    let name = field.canonical();
    let message = if row.has_column(field) {
        format!("必填项“{name}”为空，请补填。")
    } else {
        format!("表中没有“{name}”列，该项为必填，请按花名册格式补上此列。")
    };
    row.push(Code::E110, field, message);
}

/// A money column (an income, 金额): `None` when blank; E112 when not a number or negative.
pub fn money_value(row: &mut RowCheck, field: Field) -> Option<f64> {
    if row.cell(field).is_blank() {
        return None;
    }
    match money::parse(row.cell(field)) {
        Some(value) if value >= 0.0 => Some(value),
        Some(_) => {
            row.push(Code::E112, field, format!("“{}”不能为负数。", field.canonical()));
            None
        }
        None => {
            row.push(Code::E112, field, format!("“{}”应填数字（元），例如 24000 或 1,200.50。", field.canonical()));
            None
        }
    }
}

fn family_size(row: &mut RowCheck) -> Option<u32> {
    let cell = row.cell(Field::FamilySize);
    if cell.is_blank() {
        return None;
    }
    let text = row.text(Field::FamilySize);
    let trimmed = text.trim_end_matches(['人', '口']);
    let value = money::parse(&crate::ingest::grid::Cell::Text(trimmed.into())).or_else(|| money::parse(cell));
    match value {
        Some(n) if n >= 1.0 && n.fract() == 0.0 && n <= 99.0 => Some(n as u32),
        _ => {
            row.push(Code::E111, Field::FamilySize, "家庭人口应为不小于1的整数。");
            None
        }
    }
}

/// The canonical label of a controlled column; `code` (E113, E114, E115) when the value
/// is not in the vocabulary.
pub fn vocabulary(
    row: &mut RowCheck,
    field: Field,
    vocabulary: &crate::vocab::Vocabulary,
    code: Code,
) -> Option<CompactString> {
    let written = row.text(field);
    if written.is_empty() {
        return None;
    }
    match vocabulary.canonical(&written) {
        Some(label) => Some(label.into()),
        None => {
            let allowed = vocabulary.labels().join("、");
            row.push(code, field, format!("“{written}”不是规定的{}，应为：{allowed}。", field.canonical()));
            None
        }
    }
}

/// Mobile (1[3-9] + 9 digits), landline with area code, or a local 7–8 digit number;
/// several numbers may be separated by / 、 , ；.
fn check_phone(row: &mut RowCheck) {
    let text = row.text(Field::Phone);
    if text.is_empty() {
        return;
    }
    let valid = text.split(['/', '、', ',', '，', ';', '；']).all(|one| phone_ok(one.trim()));
    if !valid {
        row.push(Code::W207, Field::Phone, "电话号码格式不对：手机应为11位，固定电话应带区号，请核对。");
    }
}

fn phone_ok(phone: &str) -> bool {
    let digits: String = phone.chars().filter(|c| !matches!(c, '-' | ' ' | '(' | ')')).collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let b = digits.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = b.first() == Some(&b'0') && (10..=12).contains(&b.len());
    let local = (7..=8).contains(&b.len()) && (b'2'..=b'9').contains(&b[0]);
    mobile || landline || local
}

/// W204 (stated per-capita income against the total) and W205 (declared tier against
/// the tier computed from income).
pub fn check_income_tier(row: &mut RowCheck, worker: &Worker, ctx: Context) {
    if let (Some(stated), Some(total), Some(size)) =
        (worker.per_capita_stated, worker.family_income, worker.family_size)
    {
        let computed = total / 12.0 / f64::from(size);
        if (stated - computed).abs() > 1.0 {
            row.push(
                Code::W204,
                Field::PerCapitaIncome,
                format!("家庭月人均收入应为 {total}÷12÷{size} = {computed:.2} 元，填的是 {stated} 元。"),
            );
        }
    }
    let (Some(declared), Some(computed)) = (&worker.tier, &worker.computed) else {
        return;
    };
    let ladder = &ctx.vocab.tier.ladder;
    let declared_rung = ladder.iter().position(|l| l == declared).map(Rung::of_position);
    let undecided = declared_rung == Some(Rung::Accident) && computed.undecided_accident();
    if declared_rung != Some(computed.rung) && !undecided {
        let label = computed.rung.label(ladder);
        let written = worker.declared_tier.as_deref().filter(|d| *d != declared.as_str());
        let declared = written.map_or(format!("“{declared}”"), |w| format!("“{w}”（即“{declared}”）"));
        let reason = computed.reason(&worker.household(), ctx.dibao);
        row.push(Code::W205, Field::Tier, format!("申报为{declared}，按测算（{reason}）应为“{label}”。"));
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::tests::{check_row, codes};

    #[test]
    fn e110_required_field_missing() {
        for field in ["姓名", "工作单位", "困难类别", "家庭人口", "主要致困原因"] {
            let findings = check_row(&[(field, "")]);
            assert_eq!(codes(&findings), vec!["E110"], "{field}");
            assert_eq!(findings[0].column, field);
        }
        let no_income = check_row(&[("家庭年度总收入", ""), ("家庭月人均收入", "")]);
        assert_eq!(codes(&no_income), vec!["E110"]);
        assert_eq!(codes(&check_row(&[("家庭年度总收入", "")])), Vec::<&str>::new());
    }

    #[test]
    fn e111_family_size() {
        for bad in ["0", "2.5", "三", "-1"] {
            assert_eq!(codes(&check_row(&[("家庭人口", bad)])), vec!["E111"], "{bad}");
        }
        assert_eq!(codes(&check_row(&[("家庭人口", "3人")])), Vec::<&str>::new());
    }

    #[test]
    fn e112_income() {
        assert_eq!(codes(&check_row(&[("家庭年度总收入", "三万六")])), vec!["E112"]);
        assert_eq!(codes(&check_row(&[("家庭年度总收入", "-36000"), ("家庭月人均收入", "")])), vec!["E112"]);
        assert_eq!(codes(&check_row(&[("家庭年度总收入", "3.6万")])), Vec::<&str>::new());
    }

    #[test]
    fn e113_tier_and_e114_status_vocabularies() {
        assert_eq!(codes(&check_row(&[("困难类别", "比较困难")])), vec!["E113"]);
        assert_eq!(codes(&check_row(&[("身份", "学生")])), vec!["E114"]);
        assert_eq!(codes(&check_row(&[("身份", "下（待）岗")])), Vec::<&str>::new());
    }

    #[test]
    fn w204_per_capita_income() {
        assert_eq!(codes(&check_row(&[("家庭月人均收入", "1200")])), vec!["W204"]);
        assert_eq!(codes(&check_row(&[("家庭月人均收入", "1000.8")])), Vec::<&str>::new());
    }

    #[test]
    fn w205_declared_tier_disagrees_with_income() {
        let dibao_but_rich = [("困难类别", "低保户")];
        let findings = check_row(&dibao_but_rich);
        assert_eq!(codes(&findings), vec!["W205"]);
        assert!(findings[0].message.contains("“低保户”（即“深度困难”）"), "{}", findings[0].message);
        let dibao_and_poor = [("困难类别", "低保户"), ("家庭年度总收入", "18000"), ("家庭月人均收入", "500")];
        assert_eq!(codes(&check_row(&dibao_and_poor)), Vec::<&str>::new());
        let accident = [
            ("困难类别", "意外致困户"),
            ("家庭年度总收入", "72000"),
            ("家庭月人均收入", "2000"),
            ("主要致困原因", "8"),
        ];
        assert_eq!(codes(&check_row(&accident)), Vec::<&str>::new());
        let relative_as_general = [("困难类别", "一般困难")];
        assert_eq!(codes(&check_row(&relative_as_general)), Vec::<&str>::new());
        let above_every_line = [("困难类别", "重困"), ("家庭年度总收入", "72000"), ("家庭月人均收入", "2000")];
        let findings = check_row(&above_every_line);
        assert!(findings[0].message.contains("“超出标准”"), "{}", findings[0].message);
    }

    #[test]
    fn w207_phone() {
        for bad in ["1381234567", "23812345678", "电话无"] {
            assert_eq!(codes(&check_row(&[("联系电话", bad)])), vec!["W207"], "{bad}");
        }
        for good in ["0371-63912345", "63912345", "13812345678/0371-63912345"] {
            assert_eq!(codes(&check_row(&[("联系电话", good)])), Vec::<&str>::new(), "{good}");
        }
    }

    #[test]
    fn w212_cause_not_classifiable() {
        assert_eq!(codes(&check_row(&[("主要致困原因", "情况特殊")])), vec!["W212"]);
        assert_eq!(codes(&check_row(&[("主要致困原因", "本人患尿毒症长期透析")])), Vec::<&str>::new());
    }

    #[test]
    fn w213_filed_after_the_period() {
        assert_eq!(codes(&check_row(&[("建档日期", "2026-12-01")])), vec!["W213"]);
    }
}
