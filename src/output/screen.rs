//! The text a person reads at the end of a command: the one-screen summary of `run`
//! and the findings list of `check`. Plain strings; printing is the binary's job.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::summary::{Item, Summary};

/// The one-screen summary after `bangfu run`.
pub fn run_summary(summary: &Summary, out_dir: &Path, written: &[PathBuf]) -> String {
    let mut s = String::new();
    let r = &summary.rows;
    let _ = writeln!(s, "报告期 {}", summary.period);
    let readable = summary.files.iter().filter(|f| f.error.is_none()).count();
    let _ = writeln!(
        s,
        "文件   共 {} 个，读取 {} 个，无法读取 {} 个",
        summary.files.len(),
        readable,
        summary.findings.file_errors
    );
    let _ = writeln!(
        s,
        "花名册 读取 {} 行 = 采用 {} + 退回 {} + 合并重复 {}；另跳过非数据行 {} 行",
        r.read, r.accepted, r.rejected, r.merged, r.skipped
    );
    let l = &summary.ledger_rows;
    let _ = writeln!(s, "台账   读取 {} 行 = 采用 {} + 退回 {}", l.read, l.accepted, l.rejected);
    let f = &summary.findings;
    let _ = writeln!(s, "问题   错误 {} 条，警告 {} 条，文件问题 {} 个", f.errors, f.warnings, f.file_errors);
    let d = &summary.tables.dynamics;
    if let Some(previous) = &d.previous_period {
        let _ = writeln!(
            s,
            "动态   比上期 {previous}：上期 {} 户，新增 {}（其中返困 {}），退出 {}，有误退回 {}，未报送 {}，本期 {}",
            d.movement.previous,
            d.movement.new,
            d.returned,
            d.movement.exited,
            d.movement.held_back,
            d.movement.not_reported,
            d.movement.current
        );
    }
    list_file_problems(&mut s, summary);
    let _ = writeln!(s, "输出   {}", out_dir.display());
    let feedback = out_dir.join("feedback");
    for path in written.iter().filter(|p| !p.starts_with(&feedback)) {
        let name = path.strip_prefix(out_dir).unwrap_or(path);
        let _ = writeln!(s, "  {}", name.display());
    }
    let unions = written.iter().filter(|p| p.starts_with(&feedback)).count();
    if unions > 0 {
        // One level up, what is found on a package's rows goes to the package's unit.
        let whom = if summary.packages.is_empty() { "基层工会" } else { "下级单位或基层工会" };
        let _ = writeln!(s, "  feedback/  给 {unions} 个{whom}的问题反馈表");
    }
    s
}

/// One line for a period run before the last one of a folder kept period by period.
pub fn period_line(summary: &Summary, out_dir: &Path) -> String {
    let (r, f) = (&summary.rows, &summary.findings);
    let mut s = format!(
        "报告期 {}：花名册采用 {} 行，错误 {} 条，警告 {} 条，文件问题 {} 个 → {}\n",
        summary.period,
        r.accepted,
        f.errors,
        f.warnings,
        f.file_errors,
        out_dir.display()
    );
    list_file_problems(&mut s, summary);
    s
}

/// One line per file that could not be used.
fn list_file_problems(s: &mut String, summary: &Summary) {
    for item in summary.findings.items().filter(|i| i.row == 0) {
        let _ = writeln!(s, "  ✗ {}  {}：{}", item.file, item.code, item.message);
    }
}

/// The findings of `bangfu check`, grouped by file, then code, with counts.
pub fn check_report(summary: &Summary) -> String {
    let mut by_file: BTreeMap<&str, BTreeMap<&str, Vec<Item>>> = BTreeMap::new();
    for item in summary.findings.items() {
        by_file.entry(item.file).or_default().entry(item.code).or_default().push(item);
    }
    let mut s = String::new();
    for (file, codes) in &by_file {
        let total: usize = codes.values().map(Vec::len).sum();
        let _ = writeln!(s, "{file}（{total} 条）");
        for (code, items) in codes {
            let _ = writeln!(s, "  {code} ×{}", items.len());
            for item in items {
                let _ = writeln!(s, "    {}", locate(item));
            }
        }
    }
    let f = &summary.findings;
    let _ = writeln!(
        s,
        "合计：花名册 {} 行，错误 {} 条，警告 {} 条，文件问题 {} 个",
        summary.rows.read, f.errors, f.warnings, f.file_errors
    );
    s
}

fn locate(item: &Item) -> String {
    let mut place = String::new();
    if !item.sheet.is_empty() {
        let _ = write!(place, "[{}] ", item.sheet);
    }
    if item.row > 0 {
        let _ = write!(place, "第{}行 ", item.row);
    }
    if !item.column.is_empty() {
        let _ = write!(place, "{} ", item.column);
    }
    if !item.value.is_empty() {
        let _ = write!(place, "“{}” ", item.value);
    }
    format!("{place}{}", item.message)
}
