//! `report.xlsx` for the upper-level union: the overview, then one official form per
//! table of SPEC §6, numbered 表1 …, each with its 注, and native charts. Only counts and
//! union names: no personal data.

use std::path::PathBuf;

use super::book::{new_workbook, save, xlsx_error};
use super::charts::{self, Plot, Shape};
use super::files::PeriodFolder;
use super::form::{self, Fig, Form, FormColumn, FormRow, Letterhead};
use super::summary::PackageEntry;
use crate::config::Settings;
use crate::error::Error;
use crate::period::Period;
use crate::pipeline::Outcome;
use crate::stats::assistance::Aid;
use crate::stats::hierarchy::{LevelTier, ParentTier};
use crate::stats::review::ReviewCounts;
use crate::stats::share::{percent, Share};
use crate::stats::{Figures, Tables};

/// The label of the unions not listed in the workforce table.
pub const UNLISTED_PARENT: &str = "未列入职工人数表";

/// Writes `report.xlsx`; returns its path.
pub fn write(folder: &PeriodFolder, name: &str, settings: &Settings, outcome: &Outcome) -> Result<PathBuf, Error> {
    let tables = &outcome.tables;
    let packages: Vec<PackageEntry> = outcome.packages.iter().map(|p| PackageEntry::new(p, outcome)).collect();
    let path = folder.path(name);
    let fail = |e| xlsx_error(&path, e);
    let mut book = new_workbook();
    let letterhead = Letterhead { report: &settings.file.report, period: settings.period.in_chinese() };
    let chart = |title, shape, rows: usize, label_col, value_col| {
        Some(Plot { title, shape, rows: rows as u32, label_col, value_col })
    };
    let by_package = (!packages.is_empty()).then(|| (package_rows(&packages), None));
    let sheets = [Some((overview(tables, packages.len()), None)), by_package];
    let rest = [
        (tier(tables), chart("困难类别构成", Shape::Pie, tables.tier.len(), 0, 1)),
        (one_way("身份", "身份", "身份", &tables.status, STATUS_NOTE), None),
        (causes(tables), chart("主要致困原因分布（户）", Shape::Bar, tables.cause_primary.len(), 1, 2)),
        (
            one_way("年龄", "年龄结构", "年龄段", &tables.age_band, AGE_NOTE),
            chart("年龄结构（户）", Shape::Column, tables.age_band.len(), 0, 1),
        ),
        (union_tier(tables), None),
        (ratio(tables), None),
        (
            trend(tables),
            if tables.trend.len() >= 2 {
                chart("困难职工人数趋势（户）", Shape::Line, tables.trend.len(), 0, 2)
            } else {
                None
            },
        ),
        (dynamics(tables), None),
        (tier_changes(tables), None),
        (review(tables), None),
        (
            aid("帮扶类型", "帮扶类型", "帮扶类型", &tables.assistance_kind, &tables.overview.aid),
            chart("帮扶金额（元）按帮扶类型", Shape::Column, tables.assistance_kind.len(), 0, 3),
        ),
        (aid("金额分段", "帮扶金额分段", "金额段", &tables.assistance_band, &tables.overview.aid), None),
        (aid("帮扶工会", "帮扶按工会", "基层工会", &tables.assistance_union, &tables.overview.aid), None),
    ];
    let sheets: Vec<(Form, Option<Plot>)> = sheets.into_iter().flatten().chain(rest).collect();
    for (number, (form, plot)) in sheets.iter().enumerate() {
        let (sheet, placed) = form::write(&mut book, form, number + 1, &letterhead).map_err(fail)?;
        if let Some(plot) = plot {
            charts::insert(sheet, &form.sheet, placed, plot).map_err(fail)?;
        }
    }
    save(&mut book, folder, name)
}

const COUNT_NOTE: &str = "困难职工按身份证号去重后以户计，只计无错误的行；标记脱困（脱困日期不晚于报告期末）的不计入。占比为占本表合计的百分比，四舍五入保留一位小数。";
const STATUS_NOTE: &str = "身份按规定词表归并（如“待岗”“下岗”计为“下(待)岗”），未填写的单列。";
const AGE_NOTE: &str = "年龄按身份证号中的出生日期计算到报告期末。";

/// A row of the overview: 指标, 计量单位, 本期, 上期, 增减.
fn figure(label: &str, unit: &str, now: Fig, before: Option<Fig>) -> FormRow {
    let change = match (&now, &before) {
        (Fig::Count(a), Some(Fig::Count(b))) => Fig::Change(*a as i64 - *b as i64),
        (Fig::Percent(a), Some(Fig::Percent(b))) => Fig::Percent(((a - b) * 10.0).round() / 10.0),
        (Fig::Money(a), Some(Fig::Money(b))) => Fig::Money(a - b),
        _ => Fig::Blank,
    };
    FormRow::body(vec![label.into(), unit.into(), now, before.unwrap_or(Fig::Blank), change])
}

/// A row of the overview with a figure of this period only.
fn only_now(label: &str, unit: &str, now: Fig) -> FormRow {
    FormRow::body(vec![label.into(), unit.into(), now, Fig::Blank, Fig::Blank])
}

/// 下级汇总包: each lower level's own row accounting (from its summary.json) beside
/// what became of its rows here, so that nothing vanishes between levels.
fn package_rows(packages: &[PackageEntry]) -> Form {
    let count = |n: usize| Fig::Count(n as u64);
    let mut total = [0usize; 7];
    let mut rows = Vec::new();
    for p in packages {
        let here = [p.rows.read, p.rows.accepted, p.held_back, p.rows.merged, p.read_here, p.counted_here];
        let dropped = p.read_here - p.counted_here;
        for (sum, n) in total.iter_mut().zip(here.into_iter().chain([dropped])) {
            *sum += n;
        }
        let mut cells = vec![Fig::from(p.unit.as_str())];
        cells.extend(here.into_iter().chain([dropped]).map(count));
        rows.push(FormRow::body(cells));
    }
    let mut cells = vec![Fig::from("合计")];
    cells.extend(total.map(count));
    rows.push(FormRow::total(cells));
    let own = "下级自报";
    let here = "本级";
    Form {
        sheet: "下级汇总包".into(),
        subject: "下级报送行数核对".into(),
        unit: "单位：行".into(),
        columns: vec![
            FormColumn::plain("下级单位"),
            FormColumn::grouped(own, "数据行"),
            FormColumn::grouped(own, "采用"),
            FormColumn::grouped(own, "有误退回"),
            FormColumn::grouped(own, "合并重复"),
            FormColumn::grouped(here, "读入"),
            FormColumn::grouped(here, "计入"),
            FormColumn::grouped(here, "跨包合并或退回"),
        ],
        rows,
        merged_down: vec![],
        notes: vec![
            "下级自报为下级汇总包 summary.json 中的行数核对：数据行 = 采用 + 有误退回 + 合并重复；有误退回的行留在下级，不上报、不计为脱困。".to_string(),
            "本级读入为下级采用的行；本级计入 = 读入 − 跨包合并或退回（同一人在两个下级重复报送的，只保留一行，见 quality.xlsx 重复人员）。".to_string(),
        ],
    }
}

fn overview(tables: &Tables, packages: usize) -> Form {
    let o = &tables.overview;
    let p: Option<&Figures> = o.previous.as_ref();
    let with_workforce = |fig: Fig| if o.workforce > 0 { fig } else { Fig::Blank };
    let r = &tables.reporting;
    let d = &tables.dynamics;
    let mut rows = vec![
        figure("困难职工", "户", Fig::Count(o.workers), p.map(|p| Fig::Count(p.workers))),
        figure("困难职工家庭人口", "人", Fig::Count(o.members), p.map(|p| Fig::Count(p.members))),
        figure("职工总数", "人", with_workforce(Fig::Count(o.workforce)), p.map(|p| Fig::Count(p.workforce))),
        figure(
            "困难职工占职工总数比例",
            "%",
            with_workforce(Fig::Percent(o.percent)),
            p.map(|p| Fig::Percent(p.percent)),
        ),
        figure("帮扶人数", "人", Fig::Count(o.aid.persons.into()), p.map(|p| Fig::Count(p.aid_persons.into()))),
        figure("帮扶金额", "元", Fig::Money(o.aid.amount), p.map(|p| Fig::Money(p.aid_amount))),
        only_now("帮扶人次", "人次", Fig::Count(o.aid.times.into())),
        only_now("应报送单位", "个", Fig::Count(r.expected as u64)),
        only_now("已报送单位", "个", Fig::Count(r.reported as u64)),
    ];
    if packages > 0 {
        rows.push(only_now("下级汇总包（各包行数核对见下一表）", "个", Fig::Count(packages as u64)));
    }
    let unmatched: Vec<&str> = r.unmatched().map(|f| f.file.as_str()).collect();
    let mut named = Vec::new();
    for (label, names) in [
        ("未报送单位", r.not_reported.iter().map(String::as_str).collect::<Vec<_>>()),
        ("有误退回单位（报送的行全部有错误）", r.held_back.iter().map(String::as_str).collect()),
        ("未能读取的文件（不属于任何单位）", unmatched),
    ] {
        if !names.is_empty() {
            rows.push(only_now(label, "个", Fig::Count(names.len() as u64)));
            named.push(format!("{label}：{}。", names.join("、")));
        }
    }
    if d.previous_period.is_some() {
        rows.extend([
            only_now("本期困难职工中：存量（上期已在档）", "户", Fig::Count(d.continuing.into())),
            only_now("　增量（首次建档）", "户", Fig::Count(d.added.into())),
            only_now("　返困（曾在档、上期不在）", "户", Fig::Count(d.returned.into())),
        ]);
    }
    rows.extend([
        only_now("花名册数据行", "行", Fig::Count(o.rows.read as u64)),
        only_now("　计入统计", "行", Fig::Count(o.rows.accepted as u64)),
        only_now("　有错误未计入", "行", Fig::Count(o.rows.rejected as u64)),
        only_now("　重复行已合并", "行", Fig::Count(o.rows.merged as u64)),
        only_now("跳过的非数据行（标题、表头、空行、合计）", "行", Fig::Count(o.rows.skipped as u64)),
    ]);
    let previous = p.map_or_else(|| "上期".to_string(), |p| format!("上期({})", chinese_period(&p.period)));
    Form {
        sheet: "总览".into(),
        subject: "情况".into(),
        unit: "单位：见计量单位栏".into(),
        columns: vec![
            FormColumn::plain("指标"),
            FormColumn::plain("计量单位"),
            FormColumn::plain("本期"),
            FormColumn::plain(&previous),
            FormColumn::plain("增减"),
        ],
        rows,
        merged_down: vec![],
        notes: [
            vec![
                COUNT_NOTE.to_string(),
                "应报送单位为职工人数表中的基层工会和上期报送过的工会；已报送单位为本期有花名册数据行的工会。花名册数据行 = 计入统计 + 有错误未计入 + 重复行已合并。".to_string(),
            ],
            named,
        ]
        .concat(),
    }
}

/// `2026-09` → `2026年9月`.
fn chinese_period(period: &str) -> String {
    Period::parse(period).map_or_else(|| period.to_string(), Period::in_chinese)
}

/// The 合计 row's count and percent of a one-way table.
fn total_of(rows: &[Share]) -> (Fig, Fig) {
    let total: u64 = rows.iter().map(|s| u64::from(s.count)).sum();
    (Fig::Count(total), Fig::Percent(percent(total, total)))
}

fn share_cells(share: Option<&Share>) -> [Fig; 3] {
    match share {
        Some(s) => [s.key.as_str().into(), Fig::Count(s.count.into()), Fig::Percent(s.percent)],
        None => [Fig::Blank, Fig::Blank, Fig::Blank],
    }
}

fn one_way(sheet: &str, subject: &str, label: &str, rows: &[Share], note: &str) -> Form {
    let mut body: Vec<FormRow> = rows.iter().map(|s| FormRow::body(share_cells(Some(s)).to_vec())).collect();
    let (count, pct) = total_of(rows);
    body.push(FormRow::total(vec!["合计".into(), count, pct]));
    Form {
        sheet: sheet.into(),
        subject: subject.into(),
        unit: "单位：户、%".into(),
        columns: vec![FormColumn::plain(label), FormColumn::plain("户数"), FormColumn::plain("占比(%)")],
        rows: body,
        merged_down: vec![],
        notes: vec![COUNT_NOTE.to_string(), note.to_string()],
    }
}

fn tier(tables: &Tables) -> Form {
    let (declared, computed) = ("按申报的困难类别", "按收入测算");
    let lines = tables.tier.len().max(tables.tier_computed.len());
    let mut rows: Vec<FormRow> = (0..lines)
        .map(|i| {
            let mut cells = share_cells(tables.tier.get(i)).to_vec();
            cells.extend(share_cells(tables.tier_computed.get(i)));
            FormRow::body(cells)
        })
        .collect();
    let ((n1, p1), (n2, p2)) = (total_of(&tables.tier), total_of(&tables.tier_computed));
    rows.push(FormRow::total(vec!["合计".into(), n1, p1, "合计".into(), n2, p2]));
    let ladder: Vec<&str> = tables.tier.iter().map(|s| s.key.as_str()).collect();
    let mut notes = vec![format!(
        "困难类别按统一的三级（{}）统计，各工会填报的其他类别按对应关系归入；测算类别按家庭月人均收入与所在地低保线比较得出，高于各线的计为“超出标准”。",
        ladder.join("、")
    )];
    if !tables.tier_mappings.is_empty() {
        let mapped: Vec<String> =
            tables.tier_mappings.iter().map(|m| format!("{}→{} {}户", m.from, m.to, m.count)).collect();
        notes.push(format!("本期归入的类别：{}。", mapped.join("；")));
    }
    Form {
        sheet: "困难类别".into(),
        subject: "困难类别".into(),
        unit: "单位：户、%".into(),
        columns: vec![
            FormColumn::grouped(declared, "困难类别"),
            FormColumn::grouped(declared, "户数"),
            FormColumn::grouped(declared, "占比(%)"),
            FormColumn::grouped(computed, "测算类别"),
            FormColumn::grouped(computed, "户数"),
            FormColumn::grouped(computed, "占比(%)"),
        ],
        rows,
        merged_down: vec![],
        notes,
    }
}

fn causes(tables: &Tables) -> Form {
    let (primary, any) = ("主要致困原因", "涉及该原因（含次要原因）");
    let mut rows: Vec<FormRow> = tables
        .cause_primary
        .iter()
        .zip(&tables.cause_any)
        .map(|(p, a)| {
            FormRow::body(vec![
                p.code.map_or(Fig::Blank, |c| Fig::Count(c.into())),
                p.key.as_str().into(),
                Fig::Count(p.count.into()),
                Fig::Percent(p.percent),
                Fig::Count(a.count.into()),
                Fig::Percent(a.percent),
            ])
        })
        .collect();
    let (count, pct) = total_of(&tables.cause_primary);
    rows.push(FormRow::total(vec![Fig::Blank, "合计".into(), count, pct, Fig::Blank, Fig::Blank]));
    Form {
        sheet: "致困原因".into(),
        subject: "致困原因".into(),
        unit: "单位：户、%".into(),
        columns: vec![
            FormColumn::plain("编码"),
            FormColumn::plain("致困原因"),
            FormColumn::grouped(primary, "户数"),
            FormColumn::grouped(primary, "占比(%)"),
            FormColumn::grouped(any, "户数"),
            FormColumn::grouped(any, "占比(%)"),
        ],
        rows,
        merged_down: vec![],
        notes: vec![
            COUNT_NOTE.to_string(),
            "主要致困原因按全国总工会档案的十类标准原因归类，取原因文字中最先写到的一类；涉及该原因含次要原因，一户可涉及多类，合计不为100%。无法可靠归类的计入“其他”并列入问题清单复核。".to_string(),
        ],
    }
}

/// In a roll-up, the higher levels of the chain that end with `group` (the 市 after its
/// last 县), deepest first, for their 小计 rows.
fn closed_levels<'t>(tables: &'t Tables, group: &ParentTier, next: Option<&ParentTier>) -> Vec<&'t LevelTier> {
    let chain_of = |group: &ParentTier| {
        tables.union_tier.iter().find(|u| u.parent == group.parent).map(|u| u.chain.clone()).unwrap_or_default()
    };
    let (here, next) = (chain_of(group), next.map(chain_of).unwrap_or_default());
    (1..here.len())
        .rev()
        .filter(|&depth| next.get(..depth) != here.get(..depth))
        .filter_map(|depth| tables.union_tier_levels.iter().find(|l| l.chain[..] == here[..depth]))
        .collect()
}

fn union_tier(tables: &Tables) -> Form {
    let tiers = tables.tiers_in_use();
    let grouped = tables.union_tier.iter().any(|row| !row.parent.is_empty());
    let counts = |counts: &std::collections::BTreeMap<String, u32>, total: u32| -> Vec<Fig> {
        tiers
            .iter()
            .map(|t| Fig::Count(counts.get(*t).copied().unwrap_or(0).into()))
            .chain([Fig::Count(total.into())])
            .collect()
    };
    let mut rows = Vec::new();
    let mut merged_down = Vec::new();
    for (g, group) in tables.union_tier_parents.iter().enumerate() {
        let first = rows.len();
        let parent = if group.parent.is_empty() { UNLISTED_PARENT } else { group.parent.as_str() };
        for (i, union) in tables.union_tier.iter().filter(|u| u.parent == group.parent).enumerate() {
            let mut cells: Vec<Fig> = Vec::new();
            if grouped {
                cells.push(if i == 0 { parent.into() } else { Fig::Blank });
            }
            cells.push(union.union.as_str().into());
            match union.status {
                Some(status) => {
                    cells.push(status.into());
                    cells.extend(tiers.iter().map(|_| Fig::Blank));
                }
                None => cells.extend(counts(&union.counts, union.total)),
            }
            rows.push(FormRow::body(cells));
        }
        if grouped {
            let mut cells = vec![Fig::Blank, "小计".into()];
            cells.extend(counts(&group.counts, group.total));
            rows.push(FormRow::total(cells));
            merged_down.push((first, rows.len() - first));
        }
        let next = tables.union_tier_parents.get(g + 1);
        for level in closed_levels(tables, group, next) {
            let mut cells = vec![level.chain.join("/").as_str().into(), "小计".into()];
            cells.extend(counts(&level.counts, level.total));
            rows.push(FormRow::total(cells));
        }
    }
    let mut all = std::collections::BTreeMap::new();
    for group in &tables.union_tier_parents {
        for (tier, n) in &group.counts {
            *all.entry(tier.clone()).or_insert(0) += n;
        }
    }
    let mut cells: Vec<Fig> = vec!["合计".into()];
    if grouped {
        cells.push(Fig::Blank);
    }
    cells.extend(counts(&all, tables.union_tier_parents.iter().map(|g| g.total).sum()));
    rows.push(FormRow::total(cells));
    let mut columns = Vec::new();
    if grouped {
        columns.push(FormColumn::plain("上级工会"));
    }
    columns.push(FormColumn::plain("基层工会"));
    columns.extend(tiers.iter().map(|t| FormColumn::grouped("困难类别", t)));
    columns.push(FormColumn::plain("合计"));
    Form {
        sheet: "分级汇总".into(),
        subject: "分级汇总".into(),
        unit: "单位：户".into(),
        columns,
        rows,
        merged_down,
        notes: vec![
            COUNT_NOTE.to_string(),
            "基层工会按职工人数表中的上级工会分组小计（汇总下级报送包时按单位链分组，各级单位均有小计）；未报送：应报送（在职工人数表中或上期报送过）但本期没有可读取的花名册；有误退回：报送的行全部有错误，已退回修改。".to_string(),
        ],
    }
}

fn ratio(tables: &Tables) -> Form {
    let mut rows: Vec<FormRow> = tables
        .ratio
        .iter()
        .map(|r| {
            let (hardship, share) = match r.status {
                Some(status) => (status.into(), Fig::Blank),
                None => (Fig::Count(r.hardship), Fig::Percent(r.percent)),
            };
            FormRow::body(vec![r.unit.as_str().into(), Fig::Count(r.workforce), hardship, share])
        })
        .collect();
    let o = &tables.overview;
    if rows.is_empty() {
        rows.push(FormRow::body(vec!["（未收到职工人数表）".into(), Fig::Blank, Fig::Blank, Fig::Blank]));
    } else {
        rows.push(FormRow::total(vec![
            "合计".into(),
            Fig::Count(o.workforce),
            Fig::Count(o.hardship),
            Fig::Percent(o.percent),
        ]));
    }
    Form {
        sheet: "占比".into(),
        subject: "占职工总数比例".into(),
        unit: "单位：人、户、%".into(),
        columns: vec![
            FormColumn::plain("单位"),
            FormColumn::plain("职工总数(人)"),
            FormColumn::plain("困难职工(户)"),
            FormColumn::plain("占比(%)"),
        ],
        rows,
        merged_down: vec![],
        notes: vec!["上级工会的困难职工含其下属各基层工会的；合计只计不在其他单位之下的单位，不重复计算。未报送的单位本期无数。".to_string()],
    }
}

/// 复核: 到期复核, 拟脱困复核 and 一户多档 by union (SPEC §6 `review`).
fn review(tables: &Tables) -> Form {
    let counts = |c: &ReviewCounts| {
        [Fig::Count(c.due.into()), Fig::Count(c.above_standard.into()), Fig::Count(c.household.into())]
    };
    let review = &tables.review;
    let mut rows: Vec<FormRow> = review
        .by_union
        .iter()
        .map(|u| FormRow::body([vec![u.union.as_str().into()], counts(&u.counts).to_vec()].concat()))
        .collect();
    rows.push(FormRow::total([vec!["合计".into()], counts(&review.total).to_vec()].concat()));
    Form {
        sheet: "复核".into(),
        subject: "复核提示".into(),
        unit: "单位：户".into(),
        columns: vec![
            FormColumn::plain("基层工会"),
            FormColumn::plain("到期复核"),
            FormColumn::plain("拟脱困复核"),
            FormColumn::plain("一户多档"),
        ],
        rows,
        merged_down: vec![],
        notes: vec![
            "到期复核：复核日期（未填的按建档日期）早于报告期末前的复核期限，仅对有“复核日期”列的表判断；拟脱困复核：扣除刚性支出后的家庭月人均收入超出各档标准；一户多档：一行所填家庭成员身份证号是另一份档案的职工，按户对计，跨工会的在两个工会各计一次、合计只计一次。名单见质量报告的问题清单（W215、W216、W217）。".to_string(),
        ],
    }
}

fn trend(tables: &Tables) -> Form {
    let tiers = tables.tiers_in_use();
    let rows = tables
        .trend
        .iter()
        .map(|t| {
            let mut cells = vec![
                Fig::Text(chinese_period(&t.period)),
                Fig::Count(t.workforce),
                Fig::Count(t.hardship),
                Fig::Percent(t.percent),
            ];
            cells.extend(tiers.iter().map(|tier| Fig::Count(t.tiers.get(*tier).copied().unwrap_or(0).into())));
            FormRow::body(cells)
        })
        .collect();
    let mut columns = vec![
        FormColumn::plain("报告期"),
        FormColumn::plain("职工总数(人)"),
        FormColumn::plain("困难职工(户)"),
        FormColumn::plain("占比(%)"),
    ];
    columns.extend(tiers.iter().map(|t| FormColumn::grouped("困难类别(户)", t)));
    Form {
        sheet: "趋势".into(),
        subject: if tables.trend.iter().any(|t| t.period.contains('-')) { "逐月变化" } else { "历年变化" }.into(),
        unit: "单位：人、户、%".into(),
        columns,
        rows,
        merged_down: vec![],
        notes: vec!["各期困难职工均按该期的口径计（去重、无错误、未脱困）；占比为有职工人数的单位中困难职工占职工总数的百分比。".to_string()],
    }
}

fn dynamics(tables: &Tables) -> Form {
    let d = &tables.dynamics;
    let cells = |name: &str, figures: [u32; 6]| {
        let mut cells = vec![name.into()];
        cells.extend(figures.map(|n| Fig::Count(n.into())));
        cells
    };
    let mut rows: Vec<FormRow> =
        d.by_union.iter().map(|u| FormRow::body(cells(&u.union, u.movement.figures()))).collect();
    rows.push(FormRow::total(cells("合计", d.movement.figures())));
    let previous = d.previous_period.as_deref().map_or_else(|| "无存档".to_string(), chinese_period);
    Form {
        sheet: "动态".into(),
        subject: "动态变化".into(),
        unit: "单位：户".into(),
        columns: vec![
            FormColumn::plain("基层工会"),
            FormColumn::plain(&format!("上期({previous})")),
            FormColumn::plain("新增"),
            FormColumn::plain("退出(脱困)"),
            FormColumn::plain("有误退回"),
            FormColumn::plain("未报送"),
            FormColumn::plain("本期"),
        ],
        rows,
        merged_down: vec![],
        notes: vec![
            "上期 + 新增 − 退出 − 有误退回 − 未报送 = 本期。退出：不再在所在工会报送的花名册上，或标记了脱困；有误退回：本期报送了但因有错误暂缓统计，不是退出；未报送：所在工会本期未报送或文件无法读取，不是退出。人员按身份证号在全县范围内比对：在本县内调换基层工会的，不计新增或退出，只计入本期所在工会。".to_string(),
        ],
    }
}

fn tier_changes(tables: &Tables) -> Form {
    let mut rows: Vec<FormRow> = tables
        .dynamics
        .tier_changes
        .iter()
        .map(|c| FormRow::body(vec![c.from.as_str().into(), c.to.as_str().into(), Fig::Count(c.count.into())]))
        .collect();
    let total: u64 = tables.dynamics.tier_changes.iter().map(|c| u64::from(c.count)).sum();
    rows.push(FormRow::total(vec!["合计".into(), Fig::Blank, Fig::Count(total)]));
    Form {
        sheet: "类别变化".into(),
        subject: "困难类别变化".into(),
        unit: "单位：户".into(),
        columns: vec![FormColumn::plain("上期类别"), FormColumn::plain("本期类别"), FormColumn::plain("户数")],
        rows,
        merged_down: vec![],
        notes: vec!["上期和本期都在档的职工中，困难类别发生变化的户数（按统一的三级类别）。".to_string()],
    }
}

fn aid(sheet: &str, subject: &str, label: &str, rows: &[Aid], total: &Aid) -> Form {
    let cells = |a: &Aid| {
        vec![
            a.key.as_str().into(),
            Fig::Count(a.persons.into()),
            Fig::Count(a.times.into()),
            Fig::Money(a.amount),
            Fig::Money(a.amount_wan),
        ]
    };
    let mut body: Vec<FormRow> = rows.iter().map(|a| FormRow::body(cells(a))).collect();
    body.push(FormRow::total(cells(total)));
    Form {
        sheet: sheet.into(),
        subject: subject.into(),
        unit: "单位：人、人次、元、万元".into(),
        columns: vec![
            FormColumn::plain(label),
            FormColumn::plain("人数"),
            FormColumn::plain("人次"),
            FormColumn::plain("金额(元)"),
            FormColumn::plain("金额(万元)"),
        ],
        rows: body,
        merged_down: vec![],
        notes: vec!["按帮扶台账中无错误的发放记录统计；人数按人计一次，人次按发放笔数计。".to_string()],
    }
}
