//! Ingest of rosters laid out the ways grassroots unions really send them: each test
//! writes one layout and checks the exact data rows, Excel row numbers and unions found.

mod common;

use bangfu::columns::Field;
use bangfu::ingest::grid::Cell;
use bangfu::ingest::header::Role;
use bangfu::ingest::table::SkipReason;
use common::*;

const HEADER: [&str; 8] =
    ["序号", "姓名", "身份证号", "工作单位", "困难类别", "家庭人口", "家庭年度总收入", "主要致困原因"];

fn person<'a>(n: &'a str, name: &'a str, id: &'a str) -> Option<Vec<V<'a>>> {
    texts(&[n, name, id, "东风机械厂", "深度困难", "3", "24000", "6"])
}

#[test]
fn title_label_totals_and_footer_rows_are_skipped_and_counted() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = vec![
        texts(&["东风机械厂工会2026年困难职工花名册"]),
        texts(&["填报单位：东风机械厂工会    填报日期：2026年11月"]),
        texts(&HEADER),
        person("1", "张三", "410102198001011234"),
        None,
        person("2", "李四", "410102198202023456"),
        texts(&["合  计", "", "", "", "", "6", "48000"]),
        texts(&["填表人：王五", "", "", "审核人：赵六"]),
    ];
    let spec = SheetSpec { name: "花名册", rows, merges: vec![(0, 0, 0, 7)] };
    write_xlsx(&dir.path().join("任意名字.xlsx"), &[spec]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(table.role, Role::Roster);
    assert_eq!(table.header_rows, vec![3]);
    assert_eq!(
        rows_of(table, Field::Name),
        vec![(4, "东风机械厂工会".into(), "张三".into()), (6, "东风机械厂工会".into(), "李四".into())]
    );
    let reasons: Vec<(u32, SkipReason)> = table.skipped.clone();
    assert_eq!(
        reasons,
        vec![
            (1, SkipReason::Title),
            (2, SkipReason::Title),
            (3, SkipReason::Header),
            (5, SkipReason::Blank),
            (7, SkipReason::Total),
            (8, SkipReason::Footer),
        ]
    );
    assert_eq!(outcome.accounting.roster.read, 2);
    assert_eq!(outcome.accounting.roster.skipped, 6);
}

#[test]
fn two_row_merged_headers_with_breaks_and_full_width_text() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = vec![
        texts(&["城关镇第一小学工会困难职工花名册"]),
        texts(&[
            "姓  名",
            "身份证\n号码",
            "家庭收入情况（元）",
            "",
            "致困原因",
            "",
            "困难\n类别",
            "银行卡号",
            "所在单位",
        ]),
        texts(&["", "", "家庭年收入", "家庭人均月收入", "主要", "次要", "", "", ""]),
        texts(&[
            "孙七",
            "４１０１０２１９８００１０１１２３４",
            "12000",
            "333.33",
            "子女上学",
            "",
            "相对困难",
            "6222000011112222",
            "城关镇第一小学",
        ]),
        texts(&[
            "周八",
            "410102198202023456",
            "8000",
            "222.22",
            "6.患重特大疾病",
            "9",
            "深度困难",
            "",
            "城关镇第一小学",
        ]),
    ];
    let merges = vec![
        (0, 0, 0, 8),
        (1, 0, 2, 0),
        (1, 1, 2, 1),
        (1, 2, 1, 3),
        (1, 4, 1, 5),
        (1, 6, 2, 6),
        (1, 7, 2, 7),
        (1, 8, 2, 8),
    ];
    write_xlsx(&dir.path().join("a.xlsx"), &[SheetSpec { name: "Sheet1", rows, merges }]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(table.header_rows, vec![2, 3]);
    let fields: Vec<Option<&str>> = table.columns.iter().map(|c| c.field.map(Field::canonical)).collect();
    assert_eq!(
        fields,
        vec![
            Some("姓名"),
            Some("身份证号"),
            Some("家庭年度总收入"),
            Some("家庭月人均收入"),
            Some("主要致困原因"),
            Some("次要致困原因"),
            Some("困难类别"),
            Some("银行卡号"),
            Some("工作单位"),
        ]
    );
    assert_eq!(table.columns[7].header, "银行卡号");
    assert_eq!(
        rows_of(table, Field::SecondaryCause),
        vec![(4, "城关镇第一小学工会".into(), "".into()), (5, "城关镇第一小学工会".into(), "9".into())]
    );
    let extra: Vec<String> = table.records.iter().map(|r| r.cells[7].to_string()).collect();
    assert_eq!(extra, vec!["6222000011112222", ""]);
}

#[test]
fn a_union_column_and_vertically_merged_union_cells_name_each_row() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut header = HEADER.to_vec();
    header.push("基层工会");
    let row = |n, name, id, union| texts(&[n, name, id, "某单位", "深度困难", "3", "24000", "6", union]);
    let rows = vec![
        texts(&header),
        row("1", "甲", "410102198001011234", "纺织厂工会"),
        row("2", "乙", "410102198202023456", ""),
        row("3", "丙", "410102198303034567", "医院工会"),
        row("4", "丁", "410102198404045678", "医院工会"),
        row("5", "戊", "410102198505056789", ""),
    ];
    write_xlsx(&dir.path().join("汇总表.xlsx"), &[SheetSpec { name: "S", rows, merges: vec![(1, 8, 2, 8)] }]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    let unions: Vec<String> = rows_of(table, Field::Name).into_iter().map(|r| r.1).collect();
    assert_eq!(unions, vec!["纺织厂工会", "纺织厂工会", "医院工会", "医院工会", "汇总表"]);
    // The rows of one union share its name rather than each holding a copy.
    let records = &table.records;
    assert!(std::sync::Arc::ptr_eq(&records[0].union, &records[1].union));
    assert!(std::sync::Arc::ptr_eq(&records[2].union, &records[3].union));
}

#[test]
fn several_sheets_notes_sheet_and_a_header_repeated_at_a_page_break() {
    let dir = tempfile::tempdir().expect("tmp");
    let roster = SheetSpec {
        name: "花名册",
        rows: vec![
            texts(&HEADER),
            person("1", "张三", "410102198001011234"),
            texts(&["1", "2", "3", "4", "5", "6", "7", "8"]),
            texts(&HEADER),
            person("2", "李四", "410102198202023456"),
            texts(&["注：困难类别按2018年标准填写"]),
            texts(&["3"]),
        ],
        merges: vec![],
    };
    let notes =
        SheetSpec { name: "说明", rows: vec![texts(&["请各基层工会于每月5日前报送"])], merges: vec![] };
    let ledger = SheetSpec {
        name: "帮扶台账",
        rows: vec![
            texts(&["姓名", "身份证号", "帮扶类型", "金额(元)"]),
            texts(&["张三", "410102198001011234", "金秋助学", "1,200.00"]),
        ],
        merges: vec![],
    };
    write_xlsx(&dir.path().join("纺织厂工会.xlsx"), &[roster, notes, ledger]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let tables = &outcome.ingested.tables;
    assert_eq!(tables.len(), 2);
    assert_eq!(
        rows_of(&tables[0], Field::Name),
        vec![(2, "纺织厂工会".into(), "张三".into()), (5, "纺织厂工会".into(), "李四".into())]
    );
    let reasons: Vec<SkipReason> = tables[0].skipped.iter().map(|s| s.1).collect();
    assert_eq!(
        reasons,
        vec![
            SkipReason::Header,
            SkipReason::ColumnNumbers,
            SkipReason::RepeatedHeader,
            SkipReason::Note,
            SkipReason::Blank
        ]
    );
    assert_eq!(tables[1].role, Role::Ledger);
    assert_eq!(rows_of(&tables[1], Field::Amount), vec![(2, "纺织厂工会".into(), "1,200.00".into())]);
    let file = &common::files(&outcome)[0];
    assert_eq!((file.sheets, file.rows, file.role.as_str()), (3, 3, "roster"));
    assert_eq!(file.error, None);
}

#[test]
fn ids_typed_as_numbers_stay_numbers() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = vec![
        texts(&HEADER),
        Some(vec![
            V::N(1.0),
            V::T("张三"),
            V::N(410102198001011234.0),
            V::T("厂"),
            V::T("深度困难"),
            V::N(3.0),
            V::N(24000.0),
            V::N(6.0),
        ]),
    ];
    write_xlsx(&dir.path().join("x.xlsx"), &[SheetSpec { name: "S", rows, merges: vec![] }]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    let id = table.records[0].cell(Field::Id);
    assert!(matches!(id, Some(Cell::Number(n)) if *n > 1e17), "{id:?}");
}

#[test]
fn gbk_csv_with_a_union_column_counts_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "姓名,身份证号,所属工会,困难类别,主要致困原因\r\n张三,410102198001011234,纺织厂工会,深度困难,6\r\n\r\n\"李,四\",410102198202023456,医院工会,相对困难,\"患病\r\n住院\"\r\n王五,410102198303034567,医院工会,深度困难,9\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    std::fs::write(dir.path().join("汇总.csv"), &gbk).expect("write");
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(
        rows_of(table, Field::Name),
        vec![
            (2, "纺织厂工会".into(), "张三".into()),
            (4, "医院工会".into(), "李,四".into()),
            (6, "医院工会".into(), "王五".into())
        ]
    );
    assert_eq!(common::files(&outcome)[0].encoding.as_deref(), Some("GBK/GB18030"));
}

#[test]
fn utf16_and_semicolon_and_tab_separated_xls_files_are_read() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = "姓名\t身份证号\t困难类别\n张三\t410102198001011234\t深度困难\n";
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(dir.path().join("a_utf16.csv"), utf16).expect("write");
    std::fs::write(dir.path().join("b_semicolon.csv"), "姓名;身份证号;困难类别\n李四;410102198202023456;深度困难\n")
        .expect("write");
    std::fs::write(dir.path().join("c_export.xls"), text.replace("张三", "王五")).expect("write");
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let names: Vec<String> =
        outcome.ingested.tables.iter().flat_map(|t| rows_of(t, Field::Name)).map(|r| r.2).collect();
    assert_eq!(names, vec!["张三", "李四", "王五"]);
    let unions: Vec<String> =
        outcome.ingested.tables.iter().flat_map(|t| rows_of(t, Field::Name)).map(|r| r.1).collect();
    assert_eq!(unions, vec!["a_utf16", "b_semicolon", "c_export"]);
}

#[test]
fn html_tables_saved_as_xls_are_read_with_their_spans() {
    let dir = tempfile::tempdir().expect("tmp");
    let html = r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head><body>
<table><tr><td colspan="4">市第二医院工会困难职工花名册</td></tr>
<tr><th>姓名</th><th>身份证号码</th><th>困难程度</th><th>致困原因</th></tr>
<tr><td>张三</td><td>410102198001011234</td><td>深度困难</td><td>本人患尿毒症&nbsp;长期透析</td></tr>
</table></body></html>"#;
    let (gbk, _, _) = encoding_rs::GBK.encode(html);
    std::fs::write(dir.path().join("导出.xls"), &gbk).expect("write");
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(rows_of(table, Field::PrimaryCause), vec![(3, "市第二医院工会".into(), "本人患尿毒症 长期透析".into())]);
    assert_eq!(common::files(&outcome)[0].format, "html");
}

#[test]
fn workforce_tables_are_recognised() {
    let dir = tempfile::tempdir().expect("tmp");
    let rows = vec![
        texts(&["基层工会", "上级工会", "职工人数"]),
        Some(vec![V::T("纺织厂工会"), V::T("城关镇总工会"), V::N(350.0)]),
    ];
    write_xlsx(&dir.path().join("职工人数.xlsx"), &[SheetSpec { name: "S", rows, merges: vec![] }]);
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(table.role, Role::Workforce);
    assert_eq!(rows_of(table, Field::Workforce), vec![(2, "纺织厂工会".into(), "350".into())]);
}

/// A minimal OpenDocument spreadsheet: `mimetype`, a manifest and `content.xml`.
fn write_ods(path: &std::path::Path, rows: &[&[&str]]) {
    use std::io::Write;
    let cell = |text: &&str| match text.parse::<f64>() {
        Ok(n) if !text.starts_with('0') && text.len() < 15 => {
            format!(
                r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{text}</text:p></table:table-cell>"#
            )
        }
        _ => format!(r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#),
    };
    let body: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{}</table:table-row>", r.iter().map(cell).collect::<String>()))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="花名册">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.finish().expect("finish");
}

#[test]
fn ods_workbooks_are_read() {
    let dir = tempfile::tempdir().expect("tmp");
    write_ods(
        &dir.path().join("社区工会.ods"),
        &[
            &["社区工会困难职工花名册"],
            &["姓名", "身份证号", "困难类别", "主要致困原因"],
            &["张三", "41010219800101123X", "深度困难", "6"],
            &["合计", "", "", ""],
        ],
    );
    let outcome = ingest(&[dir.path().to_path_buf()]);
    let table = &outcome.ingested.tables[0];
    assert_eq!(common::files(&outcome)[0].format, "ods");
    assert_eq!(rows_of(table, Field::Name), vec![(3, "社区工会".into(), "张三".into())]);
    assert_eq!(
        table.skipped.iter().map(|s| s.1).collect::<Vec<_>>(),
        vec![SkipReason::Title, SkipReason::Header, SkipReason::Total]
    );
}
