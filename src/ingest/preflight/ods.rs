//! Pre-flight of OpenDocument spreadsheets: the cells that `number-columns-repeated`
//! and `number-rows-repeated` expand to, counted as the reader would build them (empty
//! cells only where a value follows them in the row), against the cell limit.

use std::io::{BufReader, Read, Seek};

use zip::ZipArchive;

use super::tags::{Event, Tag, Tags};
use super::NOT_READ;
use crate::config::Limits;

/// The expansion of one sheet so far.
#[derive(Default)]
struct Expansion {
    sheet: String,
    total: u64,
    row: u64,
    row_repeats: u64,
    row_cells: u64,
    pending_empty: u64,
}

impl Expansion {
    fn cell(&mut self, tag: &Tag) {
        let repeats = tag.number("table:number-columns-repeated").unwrap_or(1);
        if !tag.empty || tag.attr("office:value-type").is_some() {
            self.row_cells = self.row_cells.saturating_add(self.pending_empty).saturating_add(repeats);
            self.pending_empty = 0;
        } else {
            self.pending_empty = self.pending_empty.saturating_add(repeats);
        }
    }

    fn start_row(&mut self, tag: &Tag) {
        self.row_repeats = tag.number("table:number-rows-repeated").unwrap_or(1);
        (self.row_cells, self.pending_empty) = (0, 0);
    }

    fn end_row(&mut self) {
        self.total = self.total.saturating_add(self.row_cells.saturating_mul(self.row_repeats));
        self.row = self.row.saturating_add(self.row_repeats);
    }
}

/// Checks the repeats of every sheet in `content.xml`.
pub fn check<R: Read + Seek>(mut zip: ZipArchive<R>, limits: &Limits) -> Option<String> {
    let content = zip.by_name("content.xml").ok()?;
    let mut sheet = Expansion::default();
    for event in Tags::new(BufReader::new(content)) {
        match event {
            Event::Start(tag) if tag.name == "table:table" => {
                sheet =
                    Expansion { sheet: tag.attr("table:name").unwrap_or_default().to_string(), ..Expansion::default() }
            }
            Event::Start(tag) if tag.name == "table:table-row" => {
                sheet.start_row(&tag);
                if tag.empty {
                    sheet.end_row();
                }
            }
            Event::Start(tag) if tag.name == "table:table-cell" || tag.name == "table:covered-table-cell" => {
                sheet.cell(&tag)
            }
            Event::End(name) if name == "table:table-row" => sheet.end_row(),
            _ => {}
        }
        if sheet.total > limits.max_cells {
            return Some(too_many(&sheet, limits.max_cells));
        }
    }
    None
}

fn too_many(sheet: &Expansion, limit: u64) -> String {
    format!(
        "“content.xml”中工作表“{}”第 {} 行起声明重复 {} 行、每行展开 {} 个单元格（number-rows-repeated / number-columns-repeated），展开后超过 {limit} 个单元格（[limits] max_cells）；{NOT_READ}",
        sheet.sheet,
        sheet.row + 1,
        sheet.row_repeats,
        sheet.row_cells
    )
}
