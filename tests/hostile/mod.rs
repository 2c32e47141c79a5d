//! Hostile files, built by small generators: each declares something its bytes cannot
//! back (a shared-string count, a cell beyond Excel's sheet, repeats that expand to
//! billions of cells, a lying SST count, merged-region count or sheet dimension, a
//! sector chain that loops). Readers that trusted them asked for tens of gigabytes or
//! looped forever. Shared by the tests of the pre-flight, of the memory cap and of the
//! fuzzing seeds.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::Path;

use bangfu_sample::xls::{write_xls, XlsSheet, XlsValue};
use rust_xlsxwriter::Workbook;

/// A small good roster: header and two rows.
pub const ROSTER: [[&str; 4]; 3] = [
    ["姓名", "身份证号", "困难类别", "主要致困原因"],
    ["张三", "410102198001011234", "深度困难", "6"],
    ["李四", "11010519491231002X", "一般困难", "1"],
];

/// A good roster as .xlsx bytes (shared strings, as Excel writes them).
pub fn roster_xlsx() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in ROSTER.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).expect("write");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

/// A good roster as .xls bytes, with one merged region.
pub fn roster_xls() -> Vec<u8> {
    let cells = ROSTER
        .iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, t)| (r as u16, c as u16, XlsValue::Text(t.to_string())))
        })
        .collect();
    write_xls(&[XlsSheet { name: "S".into(), cells, merges: vec![(5, 5, 0, 1)] }]).expect("xls")
}

/// A zip's entries rewritten by `change` (name, content) → content.
pub fn rezip(bytes: &[u8], change: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read entry");
        writer.start_file(name.clone(), options).expect("start");
        writer.write_all(&change(&name, content)).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

fn replace(content: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(content).expect("xml");
    assert!(text.contains(from), "{from} not in {text}");
    text.replacen(from, to, 1).into_bytes()
}

/// The 5 KB workbook whose shared strings declare four billion strings (103 GB).
pub fn huge_shared_strings() -> Vec<u8> {
    rezip(&roster_xlsx(), |name, content| {
        if name != "xl/sharedStrings.xml" {
            return content;
        }
        let text = String::from_utf8(content).expect("xml");
        let start = text.find("<sst").expect("sst");
        let end = start + text[start..].find('>').expect("tag end");
        let tag = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295""#;
        format!("{}{tag}{}", &text[..start], &text[end..]).into_bytes()
    })
}

/// A workbook with a cell in column `column` of its second row.
pub fn cell_in_column(column: &str) -> Vec<u8> {
    rezip(&roster_xlsx(), |name, content| {
        if name == "xl/worksheets/sheet1.xml" {
            replace(replace(content, r#"r="D2""#, &format!(r#"r="{column}2""#)), r#"ref="A1:D3""#, r#"ref="A1""#)
        } else {
            content
        }
    })
}

/// An .ods whose one row, one cell repeated, expands to sixteen billion cells.
pub fn ods_repeats() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content),
        (
            "META-INF/manifest.xml",
            r#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#,
        ),
    ] {
        writer.start_file(name, options).expect("start");
        writer.write_all(text.as_bytes()).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

/// Finds the first BIFF record of a type in the file and lets `change` edit its body.
fn patch_record(mut bytes: Vec<u8>, typ: u16, change: impl Fn(&mut [u8])) -> Vec<u8> {
    let mut at = 0;
    while at + 4 <= bytes.len() {
        let (t, len) =
            (u16::from_le_bytes([bytes[at], bytes[at + 1]]), u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        // BOF of the globals starts the stream; from there records follow each other.
        if t == 0x0809 && len == 16 {
            break;
        }
        at += 1;
    }
    while at + 4 <= bytes.len() {
        let (t, len) =
            (u16::from_le_bytes([bytes[at], bytes[at + 1]]), u16::from_le_bytes([bytes[at + 2], bytes[at + 3]]));
        if t == typ {
            change(&mut bytes[at + 4..at + 4 + len as usize]);
            return bytes;
        }
        at += 4 + len as usize;
    }
    panic!("no record {typ:#06x}");
}

/// An .xls whose SST declares two billion strings.
pub fn xls_sst_count() -> Vec<u8> {
    patch_record(roster_xls(), 0x00FC, |body| body[4..8].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes()))
}

/// An .xls whose MERGECELLS record declares 65,535 regions in a record of one.
pub fn xls_merge_count() -> Vec<u8> {
    patch_record(roster_xls(), 0x00E5, |body| body[0..2].copy_from_slice(&0xFFFFu16.to_le_bytes()))
}

/// An .xls whose sheet DIMENSIONS end at row 4,294,967,295 (the reader reserved rows ×
/// columns cells).
pub fn xls_dimensions() -> Vec<u8> {
    patch_record(roster_xls(), 0x0200, |body| body[4..8].copy_from_slice(&u32::MAX.to_le_bytes()))
}

/// An .xls whose directory's sector chain points back to itself (the reader followed it
/// without end).
pub fn xls_directory_loop() -> Vec<u8> {
    let mut bytes = roster_xls();
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
    let (dir_start, fat_sector) = (u32_at(&bytes, 48), u32_at(&bytes, 76));
    let entry = (fat_sector + 1) * 512 + 4 * dir_start;
    bytes[entry..entry + 4].copy_from_slice(&(dir_start as u32).to_le_bytes());
    bytes
}

/// Every hostile file: name, bytes, and the words its F004 message must contain.
pub fn all() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("字符串四十亿.xlsx", huge_shared_strings(), "uniqueCount"),
        ("越界列.xlsx", cell_in_column("XFE"), "16384 列"),
        ("重复展开.ods", ods_repeats(), "number-rows-repeated"),
        ("共享字符串.xls", xls_sst_count(), "SST"),
        ("合并区域.xls", xls_merge_count(), "MERGECELLS"),
        ("尺寸.xls", xls_dimensions(), "DIMENSIONS"),
        ("目录成环.xls", xls_directory_loop(), "成环"),
    ]
}

/// The good rosters of a batch: name and bytes.
pub fn good() -> Vec<(&'static str, Vec<u8>)> {
    vec![("好的花名册.xlsx", roster_xlsx()), ("好的花名册.xls", roster_xls())]
}

/// Writes every hostile file and the good rosters into `dir`.
pub fn write_batch(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for (name, bytes) in good() {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    for (name, bytes, _) in all() {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
}

/// Checks the outputs of `bangfu run` over [`write_batch`]'s folder: exit 2, every
/// hostile file an F004 naming what it claims, every good roster read.
pub fn assert_batch_reported(output: &std::process::Output, summary: &Path) {
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(summary).expect("summary")).expect("json");
    let files = summary["files"].as_array().expect("files");
    for (name, _, words) in all() {
        let entry = files.iter().find(|f| f["path"] == name).unwrap_or_else(|| panic!("{name} not reported"));
        let error = entry["error"].as_str().unwrap_or_default();
        assert!(error.starts_with("F004") && error.contains(words), "{name}: {error}");
    }
    for (name, _) in good() {
        let entry = files.iter().find(|f| f["path"] == name).unwrap_or_else(|| panic!("{name} not reported"));
        assert!(entry["error"].is_null() && entry["rows"] == 2, "{entry}");
    }
}
