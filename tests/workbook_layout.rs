//! The workbooks as people see them, checked in their XML after a run on sample_data/:
//! every report sheet's title is merged over exactly the table's columns, and each
//! heading and signature text fits its span (a CJK character ≈ 2 units of Excel column
//! width at 11 pt, scaled by font size); page numbers in every footer; every list of
//! roster.xlsx, quality.xlsx and the feedback is filtered, frozen and prints its header
//! on each page, and every cell of its rows names its style — the style of its kind
//! (dates, whole numbers, money) and mark (red, yellow) — while no column does; every
//! sheet holds each row once, in order; roster.xlsx prints its key columns, and its
//! dates and numbers are typed.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, Reader};
use common::bangfu;

/// One worksheet's XML and the workbook's shared strings.
struct Sheet {
    name: String,
    xml: String,
}

fn parts(path: &Path) -> BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).expect("open")).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).expect("part");
        let mut text = String::new();
        if part.read_to_string(&mut text).is_ok() {
            out.insert(part.name().map(|n| n.to_string()).unwrap_or_default(), text);
        }
    }
    out
}

/// The text between `open` and `close` after each `marker`.
fn attr(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(tag[start..].split('"').next()?.to_string())
}

fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    xml.match_indices(&format!("<{name} ")).map(|(i, _)| &xml[i..i + xml[i..].find('>').unwrap_or(0)]).collect()
}

fn shared_strings(xml: &str) -> Vec<String> {
    xml.split("<si>")
        .skip(1)
        .map(|si| {
            let mut text = String::new();
            let mut inside = false;
            for c in si.split("</si>").next().unwrap_or("").chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        })
        .collect()
}

/// Sheets in workbook order, by name.
fn sheets(path: &Path) -> (Vec<Sheet>, String, Vec<String>) {
    let parts = parts(path);
    let workbook = parts["xl/workbook.xml"].clone();
    let strings = parts.get("xl/sharedStrings.xml").map(|s| shared_strings(s)).unwrap_or_default();
    let names: Vec<String> = tags(&workbook, "sheet").iter().filter_map(|t| attr(t, "name")).collect();
    let sheets = names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Sheet { name, xml: parts[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone() })
        .collect();
    (sheets, workbook, strings)
}

fn column_index(cell: &str) -> usize {
    cell.chars().take_while(char::is_ascii_alphabetic).fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1))
}

fn row_index(cell: &str) -> u32 {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0)
}

/// Column widths by 1-based column.
fn widths(xml: &str) -> BTreeMap<usize, f64> {
    let mut out = BTreeMap::new();
    for col in tags(xml, "col") {
        let (min, max) = (attr(col, "min").unwrap().parse().unwrap(), attr(col, "max").unwrap().parse().unwrap());
        let width: f64 = attr(col, "width").unwrap().parse().unwrap();
        for c in min..=max {
            out.insert(c, width);
        }
    }
    out
}

/// The shared strings of the cells, by cell reference.
fn texts(xml: &str, strings: &[String]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (i, _) in xml.match_indices("<c r=\"") {
        let cell = &xml[i..];
        let head = &cell[..cell.find('>').unwrap_or(0)];
        if head.ends_with('/') || !head.contains("t=\"s\"") {
            continue;
        }
        let r = attr(head, "r").unwrap();
        let v: usize = cell.split("<v>").nth(1).unwrap().split("</v>").next().unwrap().parse().unwrap();
        out.insert(r, strings[v].clone());
    }
    out
}

/// Width a text takes at a font size: a CJK character 2 units at 11 pt.
fn units(text: &str, size: f64) -> f64 {
    text.chars().map(|c| if (c as u32) < 0x1100 { 1.0 } else { 2.0 }).sum::<f64>() * size / 11.0 + 1.0
}

fn run_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    bangfu(dir.path(), &["run", &sample.to_string_lossy(), "--out", "out"]);
    let out = dir.path().join("out/2026-11");
    (dir, out)
}

const LINE_STARTS: [&str; 7] = ["填报单位", "报告期", "单位：", "单位负责人", "审核人", "填表人", "报送日期"];

#[test]
fn every_report_sheet_is_a_numbered_table_whose_lines_fit() {
    let (_dir, out) = run_sample();
    let (sheets, workbook, strings) = sheets(&out.join("report.xlsx"));
    assert_eq!(sheets.len(), 14);
    for (k, sheet) in sheets.iter().enumerate() {
        let widths = widths(&sheet.xml);
        let columns = widths.len();
        let texts = texts(&sheet.xml, &strings);
        assert!(texts["A1"].starts_with(&format!("表{}　", k + 1)), "{}: {}", sheet.name, texts["A1"]);
        let merges: Vec<String> = tags(&sheet.xml, "mergeCell").iter().filter_map(|t| attr(t, "ref")).collect();
        let title = merges.iter().find(|m| m.starts_with("A1:")).unwrap_or_else(|| panic!("{}: title", sheet.name));
        let last = title.split(':').nth(1).unwrap();
        assert_eq!((column_index(last), row_index(last)), (columns, 1), "{}: the title spans the table", sheet.name);
        let span = |cell: &str| -> (usize, usize) {
            let merged = merges.iter().find(|m| m.split(':').next() == Some(cell));
            let end = merged.map_or(cell.to_string(), |m| m.split(':').nth(1).unwrap().to_string());
            (column_index(cell), column_index(&end))
        };
        let mut lines = 0;
        for (cell, text) in &texts {
            if !LINE_STARTS.iter().any(|s| text.starts_with(s)) || row_index(cell) == 1 {
                continue;
            }
            let (first, last) = span(cell);
            let room: f64 = (first..=last).map(|c| widths[&c]).sum();
            assert!(
                units(text, 10.0) <= room,
                "{}: “{text}” ({:.1}) does not fit {cell} ({room:.1})",
                sheet.name,
                units(text, 10.0)
            );
            lines += 1;
        }
        assert!(lines >= 6, "{}: heading and signature lines: {lines}", sheet.name);
        let title_room: f64 = widths.values().sum();
        assert!(units(&texts["A1"], 16.0) <= title_room, "{}: the title fits", sheet.name);
        assert!(sheet.xml.contains("<oddFooter>&amp;C第 &amp;P 页 共 &amp;N 页</oddFooter>"), "{}", sheet.name);
        assert!(sheet.xml.contains("state=\"frozen\""), "{}", sheet.name);
        assert!(sheet.xml.contains("fitToPage=\"1\""), "{}: one page wide", sheet.name);
        let titles = format!("_xlnm.Print_Titles\" localSheetId=\"{k}\"");
        assert!(workbook.contains(&titles), "{}: header rows repeated", sheet.name);
    }
}

/// Row heights in points by 0-based row: `ht` where set, else Excel's 15.
fn heights(xml: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for row in tags(xml, "row") {
        let r: usize = attr(row, "r").unwrap().parse().unwrap();
        out.resize(r, 15.0);
        out[r - 1] = attr(row, "ht").map_or(15.0, |h| h.parse().unwrap());
    }
    out
}

/// Pages a sheet's rows take, fitted one page wide on A4 inside Excel's default margins
/// (`wide`: landscape), the print-title rows `titles` repeated atop each later page.
fn pages_printed(widths: &BTreeMap<usize, f64>, heights: &[f64], titles: (usize, usize), wide: bool) -> usize {
    let across: f64 = widths.values().map(|w| (w * 7.0).round() * 0.75).sum();
    // A4 is 595.3 × 841.9 points; the margins take 100.8 across and 108 down.
    let (page_across, page_down) = if wide { (841.9 - 100.8, 595.3 - 108.0) } else { (595.3 - 100.8, 841.9 - 108.0) };
    let scale = (page_across / across).min(1.0);
    let repeated: f64 = heights[titles.0..=titles.1].iter().sum();
    let (mut pages, mut used) = (1, 0.0);
    for h in heights {
        if (used + h) * scale > page_down && used > 0.0 {
            pages += 1;
            used = repeated;
        }
        used += h;
    }
    pages
}

#[test]
fn every_report_table_prints_on_as_few_pages_as_it_can() {
    let (_dir, out) = run_sample();
    let (sheets, workbook, _) = sheets(&out.join("report.xlsx"));
    for (k, sheet) in sheets.iter().enumerate() {
        let marker = format!("_xlnm.Print_Titles\" localSheetId=\"{k}\">");
        let titles = workbook.split(&marker).nth(1).unwrap().split('<').next().unwrap();
        let rows: Vec<usize> = titles.split('$').filter_map(|p| p.trim_end_matches(':').parse().ok()).collect();
        let titles = (rows[0] - 1, rows[1] - 1);
        let (widths, heights) = (widths(&sheet.xml), heights(&sheet.xml));
        let wide = sheet.xml.contains("orientation=\"landscape\"");
        let printed = pages_printed(&widths, &heights, titles, wide);
        let other = pages_printed(&widths, &heights, titles, !wide);
        assert!(printed <= other, "{}: {printed} pages as printed, {other} turned", sheet.name);
        if k == 0 {
            assert_eq!(printed, 1, "{}: the overview and its signature line on one page", sheet.name);
        }
    }
}

#[test]
fn every_list_is_filtered_frozen_and_prints_its_header() {
    let (_dir, out) = run_sample();
    let mut books = vec![out.join("roster.xlsx"), out.join("quality.xlsx")];
    for entry in std::fs::read_dir(out.join("feedback")).expect("feedback").flatten() {
        books.push(entry.path());
    }
    let mut forms = 0;
    for book in &books {
        let (sheets, workbook, _) = sheets(book);
        for (k, sheet) in sheets.iter().enumerate() {
            let place = format!("{}［{}］", book.display(), sheet.name);
            if book.starts_with(out.join("feedback")) && sheet.name.contains("登记表") {
                // A registration form handed back as itself (the sample's forms are
                // named 登记表): its merges, one page, page numbers — not a list.
                assert!(sheet.xml.contains("<mergeCell "), "{place}: the form's merges");
                assert!(sheet.xml.contains("fitToPage=\"1\""), "{place}: one page wide");
                assert!(sheet.xml.contains("&amp;P"), "{place}: page numbers");
                forms += 1;
                continue;
            }
            assert!(sheet.xml.contains("<autoFilter ref="), "{place}: filter");
            assert!(sheet.xml.contains("state=\"frozen\""), "{place}: frozen header");
            assert!(workbook.contains(&format!("_xlnm.Print_Titles\" localSheetId=\"{k}\"")), "{place}: print titles");
            assert!(sheet.xml.contains("&amp;P"), "{place}: page numbers");
        }
    }
    assert!(forms >= 2, "the sample's forms come back as forms: {forms}");
    let (roster, workbook, _) = sheets(&out.join("roster.xlsx"));
    assert!(workbook.contains("_xlnm.Print_Area\" localSheetId=\"0\">花名册!$A:$I"), "roster prints its key columns");
    // A4 landscape holds about 135 units of column width at 100 %: the key columns must
    // fit it at 70 % or more.
    let key: f64 = widths(&roster[0].xml).range(1..=9).map(|(_, w)| w).sum();
    assert!(key <= 135.0 / 0.7, "the key columns are {key:.0} units wide: printed below 70 %");
}

#[test]
fn roster_dates_and_numbers_are_typed() {
    let (_dir, out) = run_sample();
    let mut book = open_workbook_auto(out.join("roster.xlsx")).expect("roster.xlsx");
    let range = book.worksheet_range("花名册").expect("花名册");
    let rows: Vec<&[Data]> = range.rows().collect();
    assert!(matches!(&rows[0][0], Data::String(t) if t.contains("困难职工花名册")), "a title row");
    let header = rows[1];
    let column = |name: &str| header.iter().position(|c| c == &Data::String(name.into())).expect(name);
    let (serial, birth, filed, size, income) =
        (column("序号"), column("出生日期"), column("建档日期"), column("家庭人口"), column("家庭年度总收入"));
    for (i, row) in rows[2..].iter().enumerate() {
        assert_eq!(row[serial], Data::Float(i as f64 + 1.0));
        assert!(matches!(row[birth], Data::DateTime(_)), "出生日期 {:?}", row[birth]);
        assert!(matches!(row[filed], Data::DateTime(_) | Data::Empty), "建档日期 {:?}", row[filed]);
        assert!(matches!(row[size], Data::Float(_)), "家庭人口 {:?}", row[size]);
        assert!(matches!(row[income], Data::Float(_) | Data::Empty), "家庭年度总收入 {:?}", row[income]);
    }
}

/// Each cell reference with its style index (0 when it names none), in the sheet's order.
fn styled_cells(xml: &str) -> Vec<(String, u32)> {
    tags(xml, "c")
        .iter()
        .filter_map(|c| Some((attr(c, "r")?, attr(c, "s").map_or(0, |s| s.parse().unwrap()))))
        .collect()
}

#[test]
fn list_cells_carry_their_columns_style_and_the_columns_none() {
    let (_dir, out) = run_sample();
    let mut books = vec![out.join("roster.xlsx"), out.join("quality.xlsx")];
    books.extend(std::fs::read_dir(out.join("feedback")).expect("feedback").flatten().map(|e| e.path()));
    for book in &books {
        let (sheets, _, _) = sheets(book);
        for sheet in &sheets {
            let place = format!("{}［{}］", book.display(), sheet.name);
            // Cells below and beside a list stay plain: no column names a style.
            assert!(tags(&sheet.xml, "col").iter().all(|c| attr(c, "style").is_none()), "{place}: a styled column");
            // Every cell of a list's rows, the last one too and empty ones as well, is
            // bordered: it names a style.
            let body: Vec<(String, u32)> =
                styled_cells(&sheet.xml).into_iter().filter(|(r, _)| row_index(r) > 2).collect();
            assert!(
                body.iter().all(|(_, s)| *s > 0),
                "{place}: an unstyled cell {:?}",
                body.iter().find(|(_, s)| *s == 0)
            );
        }
    }
    // roster.xlsx marks nothing: each column's cells share one style, from the first row
    // to the last, and every row has all the columns.
    let (roster, _, _) = sheets(&out.join("roster.xlsx"));
    let mut by_column: BTreeMap<usize, (std::collections::BTreeSet<u32>, usize)> = BTreeMap::new();
    let body: Vec<(String, u32)> = styled_cells(&roster[0].xml).into_iter().filter(|(r, _)| row_index(r) > 2).collect();
    for (cell, style) in &body {
        let entry = by_column.entry(column_index(cell)).or_default();
        entry.0.insert(*style);
        entry.1 += 1;
    }
    let rows = body.iter().map(|(r, _)| row_index(r)).max().unwrap() - 2;
    assert_eq!(by_column.len(), widths(&roster[0].xml).len(), "every column has cells");
    for (column, (styles, cells)) in &by_column {
        assert_eq!(styles.len(), 1, "column {column} has styles {styles:?}");
        assert_eq!(*cells, rows as usize, "column {column} has a cell in each of the {rows} rows");
    }
}

/// A workbook's cell styles by index: each one's number format and fill colour.
fn cell_styles(path: &Path) -> Vec<(String, Option<String>)> {
    let styles = parts(path)["xl/styles.xml"].clone();
    let section = |name: &str| {
        let open = format!("<{name} ");
        let close = format!("</{name}>");
        styles.split(&open).nth(1).and_then(|s| s.split(&close).next()).unwrap_or("").to_string()
    };
    let formats: BTreeMap<String, String> = tags(&section("numFmts"), "numFmt")
        .iter()
        .map(|t| (attr(t, "numFmtId").unwrap(), attr(t, "formatCode").unwrap()))
        .collect();
    let fills: Vec<Option<String>> = section("fills")
        .split("<fill>")
        .skip(1)
        .map(|f| tags(f, "fgColor").first().and_then(|t| attr(t, "rgb")))
        .collect();
    tags(&section("cellXfs"), "xf")
        .iter()
        .map(|xf| {
            let id = attr(xf, "numFmtId").unwrap();
            let built_in = match id.as_str() {
                "0" => "General",
                "1" => "0",
                "2" => "0.00",
                _ => "?",
            };
            let format = formats.get(&id).cloned().unwrap_or(built_in.to_string());
            (format, fills[attr(xf, "fillId").unwrap().parse::<usize>().unwrap()].clone())
        })
        .collect()
}

/// The value of each cell of a sheet's rows below the header, and its column's header.
fn cells_with_headers(path: &Path, sheet: &str) -> BTreeMap<String, (String, String)> {
    let mut book = open_workbook_auto(path).expect("workbook");
    let range = book.worksheet_range(sheet).expect("sheet");
    let rows: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    let mut out = BTreeMap::new();
    for (r, row) in rows.iter().enumerate().skip(2) {
        for (c, value) in row.iter().enumerate() {
            let letters = column_letters(c);
            out.insert(format!("{letters}{}", r + 1), (header[c].clone(), value.to_string()));
        }
    }
    out
}

fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = String::new();
    while n > 0 {
        letters.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
        n = (n - 1) / 26;
    }
    letters
}

#[test]
fn list_cells_name_the_style_of_their_kind_and_mark() {
    let (_dir, out) = run_sample();
    // roster.xlsx marks nothing; its dates, counts and money are formatted as such.
    let roster = out.join("roster.xlsx");
    let styles = cell_styles(&roster);
    let list = sheets(&roster).0.remove(0);
    let cells = cells_with_headers(&roster, "花名册");
    let mut checked = BTreeMap::new();
    for (cell, style) in styled_cells(&list.xml).into_iter().filter(|(r, _)| row_index(r) > 2) {
        let (format, fill) = &styles[style as usize];
        assert_eq!(fill, &None, "{cell}: a fill in roster.xlsx");
        let header = cells[&cell].0.as_str();
        let expected = match header {
            "出生日期" | "建档日期" => "yyyy-mm-dd",
            "序号" | "家庭人口" => "0",
            "家庭年度总收入" => "0.00",
            "姓名" | "身份证号" => "General",
            _ => continue,
        };
        assert_eq!(format, expected, "{cell} ({header})");
        *checked.entry(header.to_string()).or_insert(0) += 1;
    }
    assert_eq!(checked.len(), 7, "every kind of column was looked at: {checked:?}");
    // quality.xlsx's findings: 代码, 类别 and 处理 yellow for a warning, red for an error
    // (of a row or a whole file); the other columns unmarked.
    let quality = out.join("quality.xlsx");
    let styles = cell_styles(&quality);
    let findings = sheets(&quality).0.into_iter().find(|s| s.name == "问题清单").expect("问题清单");
    let cells = cells_with_headers(&quality, "问题清单");
    let (mut red, mut yellow) = (0, 0);
    for (cell, style) in styled_cells(&findings.xml).into_iter().filter(|(r, _)| row_index(r) > 2) {
        let (header, value) = &cells[&cell];
        let row = row_index(&cell);
        let severity = &cells[&format!("B{row}")].1;
        let fill = styles[style as usize].1.as_deref();
        match (header.as_str(), severity.as_str()) {
            ("代码" | "类别" | "处理", "警告") => {
                assert_eq!(fill, Some("FFFFEB9C"), "{cell} {value}");
                yellow += 1;
            }
            ("代码" | "类别" | "处理", _) => {
                assert_eq!(fill, Some("FFFFC7CE"), "{cell} {value} ({severity})");
                red += 1;
            }
            _ => assert_eq!(fill, None, "{cell} ({header}) {value}"),
        }
    }
    assert!(red > 0 && yellow > 0, "both marks seen: {red} red, {yellow} yellow");
}

#[test]
fn every_sheet_holds_each_row_once_in_order() {
    let (_dir, out) = run_sample();
    let mut books = vec![out.join("report.xlsx"), out.join("roster.xlsx"), out.join("quality.xlsx")];
    books.extend(std::fs::read_dir(out.join("feedback")).expect("feedback").flatten().map(|e| e.path()));
    for book in &books {
        for sheet in sheets(book).0 {
            let rows: Vec<u32> = tags(&sheet.xml, "row").iter().filter_map(|r| attr(r, "r")?.parse().ok()).collect();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "{}［{}］: rows out of order or twice: {rows:?}",
                book.display(),
                sheet.name
            );
        }
    }
}
