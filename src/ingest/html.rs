//! HTML tables (the “.xls” that web systems export) into grids.
//!
//! A small tolerant scanner, not a browser: `<table>`, `<tr>`, `<td>`/`<th>` with
//! `colspan`/`rowspan` (kept as merged regions), tags inside cells dropped, `<br>` as a
//! line break, character entities decoded. Each table becomes one grid.

use std::collections::HashSet;

use super::grid::{Cell, Grid, Merge};
use crate::text::decode_entities;

/// The charset a page declares in a `<meta>` tag.
pub fn declared_charset(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_lowercase();
    let at = text.find("charset=")? + "charset=".len();
    let rest = text[at..].trim_start_matches(['"', '\'']);
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))?;
    Some(rest[..end].to_string()).filter(|s| !s.is_empty())
}

/// Every table of the page, named 表1, 表2 …
pub fn parse(html: &str) -> Vec<Grid> {
    let lower = html.to_ascii_lowercase();
    let mut grids = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<table").map(|i| i + from) {
        let end = lower[start..].find("</table").map_or(lower.len(), |i| i + start);
        grids.push(parse_table(&html[start..end], &lower[start..end], grids.len() + 1));
        from = end.max(start + 1);
    }
    grids
}

fn parse_table(html: &str, lower: &str, number: usize) -> Grid {
    let mut cells = Vec::new();
    let mut merges = Vec::new();
    let mut taken: HashSet<(u32, u32)> = HashSet::new();
    for (row, tr) in split_tags(lower, "<tr").into_iter().enumerate() {
        let row = row as u32;
        let mut col = 0u32;
        for (open, close) in cell_spans(lower, tr) {
            while taken.contains(&(row, col)) {
                col += 1;
            }
            let tag = &lower[open..lower[open..].find('>').map_or(close, |i| open + i)];
            let (colspan, rowspan) = (span(tag, "colspan"), span(tag, "rowspan"));
            let content_start = lower[open..].find('>').map_or(close, |i| open + i + 1);
            let text = cell_text(&html[content_start.min(close)..close]);
            cells.push((row, col, Cell::Text(text.into())));
            if colspan > 1 || rowspan > 1 {
                let merge = Merge { top: row, bottom: row + rowspan - 1, left: col, right: col + colspan - 1 };
                for r in merge.top..=merge.bottom {
                    for c in merge.left..=merge.right {
                        taken.insert((r, c));
                    }
                }
                merges.push(merge);
            }
            col += colspan;
        }
    }
    Grid::from_cells(format!("表{number}"), cells, merges)
}

/// Byte ranges of each element opened by `tag` (up to the next one or the end).
fn split_tags(lower: &str, tag: &str) -> Vec<(usize, usize)> {
    let starts: Vec<usize> = lower.match_indices(tag).map(|(i, _)| i).collect();
    starts.iter().enumerate().map(|(k, &s)| (s, starts.get(k + 1).copied().unwrap_or(lower.len()))).collect()
}

/// (tag start, content end) of each `<td>`/`<th>` in a row.
fn cell_spans(lower: &str, (start, end): (usize, usize)) -> Vec<(usize, usize)> {
    let row = &lower[start..end];
    let mut opens: Vec<usize> = row
        .match_indices("<td")
        .chain(row.match_indices("<th"))
        .map(|(i, _)| i)
        .filter(|&i| row[i + 3..].starts_with(['>', ' ', '\t', '\n', '\r', '/']))
        .collect();
    opens.sort_unstable();
    opens
        .iter()
        .enumerate()
        .map(|(k, &o)| {
            let next = opens.get(k + 1).copied().unwrap_or(row.len());
            let close = row[o..next].find("</t").map_or(next, |i| o + i);
            (start + o, start + close)
        })
        .collect()
}

fn span(tag: &str, name: &str) -> u32 {
    let Some(at) = tag.find(name) else { return 1 };
    let digits: String = tag[at + name.len()..]
        .trim_start_matches(['=', '"', '\'', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<u32>().unwrap_or(1).clamp(1, 256)
}

/// The visible text of a cell's inner HTML.
fn cell_text(inner: &str) -> String {
    let mut text = String::new();
    let mut rest = inner;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        if rest[open..close].to_ascii_lowercase().starts_with("<br") {
            text.push('\n');
        }
        rest = &rest[close..];
    }
    text.push_str(rest);
    decode_entities(&text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_become_merges_and_push_later_cells_right() {
        let html = r#"<html><meta charset="gb2312"><table border=1>
            <tr><td colspan="3">某某工会困难职工花名册</td></tr>
            <tr><th rowspan=2>姓名</th><th colspan=2>收入</th></tr>
            <tr><th>家庭年收入</th><th>人均</th></tr>
            <tr><td>张&nbsp;三</td><td>12,000</td><td><b>500</b></td></tr>
            </table>"#;
        let grids = parse(html);
        assert_eq!(grids.len(), 1);
        let grid = &grids[0];
        assert_eq!(grid.name, "表1");
        assert_eq!(grid.merges.len(), 3);
        assert_eq!(grid.shown(2, 0), Some(&Cell::Text("姓名".into())));
        assert_eq!(grid.row(2).and_then(|r| r.get(1)), Some(&Cell::Text("家庭年收入".into())));
        assert_eq!(grid.row(3).and_then(|r| r.get(0)), Some(&Cell::Text("张 三".into())));
        assert_eq!(grid.row(3).and_then(|r| r.get(2)), Some(&Cell::Text("500".into())));
        assert_eq!(declared_charset(html.as_bytes()).as_deref(), Some("gb2312"));
    }

    #[test]
    fn entities_and_line_breaks() {
        assert_eq!(cell_text("a<br/>b &amp; &#20013;&#x6587; &bogus;"), "a\nb & 中文 &bogus;");
    }
}
