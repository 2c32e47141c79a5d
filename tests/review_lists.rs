//! The review lists of the tier rules (SPEC §4 W215–W217) end to end: a family above
//! every line (拟脱困复核), a file whose yearly review is due (到期复核), a couple filed
//! by two unions (一户多档), and a table without a 复核日期 column, which gets one note
//! instead of a per-row check. Each list is its own filtered sheet of quality.xlsx, and
//! each union's feedback asks what the warnings ask.

mod common;

use std::path::Path;

use calamine::{open_workbook_auto, Data, Range, Reader};
use common::{bangfu, sheet_xml};

const WITH_REVIEW: &str = "姓名,身份证号,性别,出生日期,工作单位,身份,困难类别,家庭人口,家庭年度总收入,家庭月人均收入,主要致困原因,联系电话,建档日期,刚性支出,配偶姓名,配偶身份证号,复核日期";
const WITHOUT_REVIEW: &str = "姓名,身份证号,性别,出生日期,工作单位,身份,困难类别,家庭人口,家庭年度总收入,家庭月人均收入,主要致困原因,联系电话,建档日期,配偶姓名,配偶身份证号";

/// 张三 (甲) and 郑十 (乙) name each other as spouse; 钱一 (甲) is above every line and
/// was last reviewed in January 2025.
fn write_batch(dir: &Path) {
    let input = dir.join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let a = [
        WITH_REVIEW,
        "张三,41010219800101123X,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01,0,郑十,410102198303034568,2026-06-01",
        "钱一,41010219840404567X,男,1984-04-04,纺织厂,在岗,相对困难,3,72000,2000,6,13812345678,2020-03-01,0,,,2025-01-01",
    ];
    let b = [
        WITHOUT_REVIEW,
        "郑十,410102198303034568,女,1983-03-03,棉纺厂,在岗,相对困难,3,36000,1000,6,13812345678,2020-03-01,张三,41010219800101123X",
    ];
    std::fs::write(input.join("甲工会.csv"), a.join("\n") + "\n").expect("write");
    std::fs::write(input.join("乙工会.csv"), b.join("\n") + "\n").expect("write");
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut book = open_workbook_auto(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    book.worksheet_range(name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The body rows of a list (title and header left out), as text.
fn body(range: &Range<Data>) -> Vec<Vec<String>> {
    range.rows().skip(2).map(|row| row.iter().map(ToString::to_string).collect()).collect()
}

fn column(range: &Range<Data>, header: &str) -> usize {
    let headers: Vec<String> = range.rows().nth(1).expect("header").iter().map(ToString::to_string).collect();
    headers.iter().position(|h| h == header).unwrap_or_else(|| panic!("no {header} in {headers:?}"))
}

#[test]
fn each_review_list_is_a_sheet_of_its_own() {
    let dir = tempfile::tempdir().expect("tmp");
    write_batch(dir.path());
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let quality = dir.path().join("out/2026-11/quality.xlsx");

    let above = sheet(&quality, "拟脱困复核");
    let rows = body(&above);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][column(&above, "姓名")], "钱一");
    assert_eq!(rows[0][column(&above, "身份证号")], "410102********567X", "masked");
    assert!(rows[0][column(&above, "测算依据")].contains("低保线"), "{rows:?}");

    let due = sheet(&quality, "到期复核");
    let rows = body(&due);
    assert_eq!(rows.len(), 2, "钱一, then one note for 乙工会.csv: {rows:?}");
    assert_eq!(rows[0][column(&due, "姓名")], "钱一");
    let note = &rows[1];
    assert_eq!(note[column(&due, "文件")], "乙工会.csv");
    assert!(note[column(&due, "说明")].contains("没有复核日期列"), "{note:?}");
    assert!(note[column(&due, "姓名")].is_empty());

    let households = sheet(&quality, "一户多档");
    let rows = body(&households);
    assert_eq!(rows.len(), 2, "one pair, a row each: {rows:?}");
    let names: Vec<&str> = rows.iter().map(|r| r[column(&households, "姓名")].as_str()).collect();
    assert_eq!(names, ["郑十", "张三"], "in file order: 乙工会.csv, 甲工会.csv");
    assert!(rows.iter().all(|r| r[column(&households, "组号")] == "1"));
    assert!(rows[0][column(&households, "同户成员")].starts_with("张三（甲工会.csv"), "{rows:?}");

    for name in ["拟脱困复核", "到期复核", "一户多档"] {
        let xml = sheet_xml(&quality, name);
        assert!(xml.contains("<autoFilter"), "{name} is filtered");
        assert!(xml.contains("<pane"), "{name} is frozen");
    }

    let feedback = dir.path().join("out/2026-11/feedback/甲工会.xlsx");
    let asked: String = body(&sheet(&feedback, "问题说明")).concat().concat();
    for words in ["请核实是否已脱困", "请核实并完成年度复核", "请核实是否同户"] {
        assert!(asked.contains(words), "甲工会's feedback asks {words}");
    }
}

#[test]
fn unions_whose_names_make_the_same_file_name_get_a_feedback_workbook_each() {
    // "甲:乙工会" cannot be a file name as it is: it becomes 甲_乙工会, the name of the
    // other union.
    let dir = tempfile::tempdir().expect("tmp");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    let row = |name: &str| {
        format!("{WITHOUT_REVIEW}\n{name},41010219800101123X,男,1980-01-01,纺织厂,在岗,相对困难,3,36000,1000,6,1381234,2020-03-01,,\n")
    };
    std::fs::write(input.join("甲:乙工会.csv"), row("张三")).expect("write");
    std::fs::write(input.join("甲_乙工会.csv"), row("李四")).expect("write");
    let output = bangfu(dir.path(), &["run", "in", "--period", "2026-11", "--out", "out"]);
    assert!(output.status.code().is_some_and(|code| code <= 1), "{}", String::from_utf8_lossy(&output.stderr));
    let feedback = dir.path().join("out/2026-11/feedback");
    let mut asked = Vec::new();
    for file in ["甲_乙工会.xlsx", "甲_乙工会(2).xlsx"] {
        let rows = body(&sheet(&feedback.join(file), "问题说明"));
        asked.push(rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>());
    }
    assert_eq!(asked[0].iter().collect::<std::collections::BTreeSet<_>>().len(), 1, "{asked:?}");
    assert!(asked[0].iter().all(|file| file == "甲:乙工会.csv"), "{asked:?}");
    assert!(asked[1].iter().all(|file| file == "甲_乙工会.csv"), "{asked:?}");
}
