//! The roster layouts: each grassroots union sends its roster in its own way,
//! as real offices do. This module plans which union sends which layout and
//! holds what the layouts share; each layout is a submodule.
//!
//! | layout | file | what it exercises |
//! |---|---|---|
//! | [`Layout::Titled`] | `<union>2026年困难职工花名册.xlsx` | merged title, 填报单位 line, 序号, blank row, 合计, footer |
//! | [`Layout::TwoRowHeader`] | `<union>困难职工档案.xlsx` | two-row header, merged groups, odd column order, line breaks, extra columns |
//! | [`Layout::Biff`] | `<union>.xls` | BIFF8, aliases, IDs and dates as numbers |
//! | [`Layout::MultiSheet`] | `<union>困难职工花名册（含退休）.xlsx` | several sheets, a notes sheet, a header repeated at a page break |
//! | [`Layout::GbkCsv`] | `<union>等2个工会困难职工名单.csv` | GBK, 所属工会 per row, full-width digits, dates written four ways |
//! | [`Layout::Utf8Csv`] | `<union>.csv` | UTF-8 with BOM, a quoted comma, union from the file name |
//! | [`Layout::HtmlXls`] | `<union>困难职工信息导出.xls` | an HTML table under an .xls name, colspan title |
//! | [`Layout::FormFolder`] | `<union>困难职工家庭情况登记表/01张三.xlsx` … | a folder of registration forms, pairs across rows, merged values, family table |
//! | [`Layout::FormBook`] | `<union>困难职工家庭情况登记表.xlsx` | one form per sheet, one pair a row, values right of or below labels |
//!
//! With fewer unions than layouts, the layouts left over are sent as 补报
//! (supplementary) files in a `补报/` folder by the first unions, so every
//! layout is always in the sample.

mod biff;
mod csv;
pub mod form;
mod html;
mod multi_sheet;
mod titled;
mod two_row;

use super::field::Field;
use super::grid::{Cell, Grid, Look};
use super::render::{cell, Entry, Style};
use super::sink::Sink;
use super::unions::Union;
use super::SampleFile;

/// How one union writes its roster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    Titled,
    TwoRowHeader,
    Biff,
    MultiSheet,
    GbkCsv,
    Utf8Csv,
    HtmlXls,
    FormFolder,
    FormBook,
}

/// The order in which unions are given layouts.
const CYCLE: [Layout; 9] = [
    Layout::Titled,
    Layout::TwoRowHeader,
    Layout::Biff,
    Layout::MultiSheet,
    Layout::FormFolder,
    Layout::FormBook,
    Layout::GbkCsv,
    Layout::Utf8Csv,
    Layout::HtmlXls,
];

/// A column of a simple layout: its header text and what it holds.
pub struct Column {
    pub title: &'static str,
    pub content: Content,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Content {
    /// 序号, counted by the layout.
    Seq,
    /// 银行卡号 — not in the SPEC; bangfu must keep it as an extra column.
    BankCard,
    Field(Field),
}

/// Shorthand for the column tables of the layouts.
const fn col(title: &'static str, field: Field) -> Column {
    Column { title, content: Content::Field(field) }
}

const SEQ: Column = Column { title: "序号", content: Content::Seq };

/// The rows one union puts in one file.
#[derive(Clone)]
pub struct Part {
    pub union: usize,
    pub entries: Vec<Entry>,
}

/// One roster file as received.
#[derive(Clone)]
pub struct Submission {
    pub layout: Layout,
    /// The month of 2026 the file was filled in (its 填报日期).
    pub month: u32,
    /// A 补报 (supplementary) file of a union whose main roster is elsewhere.
    pub supplement: bool,
    pub parts: Vec<Part>,
}

/// What rows are written with: the unions, the layout's style, and where they
/// go (the file's path and the sheet in hand: "" for CSV, 表1 for HTML).
#[derive(Clone, Copy)]
struct Ctx<'a> {
    unions: &'a [Union],
    style: &'a Style,
    file: &'a str,
    sheet: &'a str,
}

impl Layout {
    /// How many unions share one file of this layout.
    pub fn unions_per_file(self) -> usize {
        if self == Layout::GbkCsv {
            2
        } else {
            1
        }
    }

    /// The writing habits of the layout.
    pub fn style(self) -> &'static Style {
        match self {
            Layout::Titled => &titled::STYLE,
            Layout::TwoRowHeader => &two_row::STYLE,
            Layout::Biff => &biff::STYLE,
            Layout::MultiSheet => &multi_sheet::STYLE,
            Layout::GbkCsv => &csv::GBK_STYLE,
            Layout::Utf8Csv => &csv::UTF8_STYLE,
            Layout::HtmlXls => &html::STYLE,
            Layout::FormFolder => &form::FOLDER_STYLE,
            Layout::FormBook => &form::BOOK_STYLE,
        }
    }

    /// The canonical fields the layout has columns for.
    pub fn fields(self) -> Vec<Field> {
        let columns = match self {
            Layout::Titled => titled::COLUMNS,
            Layout::TwoRowHeader => return two_row::fields(),
            Layout::Biff => biff::COLUMNS,
            Layout::MultiSheet => multi_sheet::COLUMNS,
            Layout::GbkCsv => csv::GBK_COLUMNS,
            Layout::Utf8Csv => csv::UTF8_COLUMNS,
            Layout::HtmlXls => html::COLUMNS,
            Layout::FormFolder => return form::folder_fields(),
            Layout::FormBook => return form::book_fields(),
        };
        fields_of(columns)
    }

    /// Whether the layout has a column for `field`.
    pub fn has(self, field: Field) -> bool {
        self.fields().contains(&field)
    }

    /// How many of `rows` rows are retired workers (only the multi-sheet layout
    /// lists them, on a sheet of their own).
    pub fn retired_rows(self, rows: usize) -> usize {
        if self == Layout::MultiSheet {
            rows / 3
        } else {
            0
        }
    }
}

fn fields_of(columns: &[Column]) -> Vec<Field> {
    columns
        .iter()
        .filter_map(|c| match c.content {
            Content::Field(f) => Some(f),
            Content::Seq | Content::BankCard => None,
        })
        .collect()
}

/// A file to write: its layout, its unions, and whether it is a 补报 file.
pub struct Slot {
    pub layout: Layout,
    pub unions: Vec<usize>,
    pub supplement: bool,
}

/// Which union sends which layout: unions take the layouts in turn (the GBK
/// CSV carries two unions); layouts nobody took become 补报 files of the first
/// unions.
pub fn plan(unions: usize) -> Vec<Slot> {
    let mut slots = Vec::new();
    let mut next = 0;
    for layout in CYCLE.iter().cycle() {
        if next >= unions {
            break;
        }
        let take = layout.unions_per_file().min(unions - next);
        slots.push(Slot { layout: *layout, unions: (next..next + take).collect(), supplement: false });
        next += take;
    }
    let mut lender = 0;
    for layout in CYCLE {
        if slots.iter().any(|s| s.layout == layout) {
            continue;
        }
        let lenders = (lender..lender + layout.unions_per_file()).map(|u| u % unions).collect();
        lender += layout.unions_per_file();
        slots.push(Slot { layout, unions: lenders, supplement: true });
    }
    slots
}

/// The file's path in the sample folder.
fn path(sub: &Submission, unions: &[Union]) -> Result<String, String> {
    let first = sub.parts.first().ok_or("a roster file without rows")?;
    let union = &unions.get(first.union).ok_or("unknown union")?.name;
    let name = match sub.layout {
        Layout::Titled => format!("{union}2026年困难职工花名册.xlsx"),
        Layout::TwoRowHeader => format!("{union}困难职工档案.xlsx"),
        Layout::Biff => format!("{union}.xls"),
        Layout::MultiSheet => format!("{union}困难职工花名册（含退休）.xlsx"),
        Layout::GbkCsv => format!("{union}等{}个工会困难职工名单.csv", sub.parts.len()),
        Layout::Utf8Csv => format!("{union}.csv"),
        Layout::HtmlXls => format!("{union}困难职工信息导出.xls"),
        Layout::FormFolder => format!("{union}困难职工家庭情况登记表"),
        Layout::FormBook => format!("{union}困难职工家庭情况登记表.xlsx"),
    };
    Ok(if sub.supplement { format!("补报/{name}") } else { name })
}

/// Writes one roster file (a folder of forms: one file per family), telling the sink
/// where each row went.
pub fn render(sub: &Submission, unions: &[Union], sink: &mut Sink) -> Result<Vec<SampleFile>, String> {
    let path = path(sub, unions)?;
    let bytes = match sub.layout {
        Layout::Titled => titled::render(sub, unions, &path, sink)?,
        Layout::TwoRowHeader => two_row::render(sub, unions, &path, sink)?,
        Layout::Biff => biff::render(sub, unions, &path, sink)?,
        Layout::MultiSheet => multi_sheet::render(sub, unions, &path, sink)?,
        Layout::GbkCsv => csv::render_gbk(sub, unions, &path, sink)?,
        Layout::Utf8Csv => csv::render_utf8(sub, unions, &path, sink)?,
        Layout::HtmlXls => html::render(sub, unions, &path, sink)?,
        Layout::FormBook => form::render_book(sub, unions, &path, sink)?,
        Layout::FormFolder => return form::render_folder(sub, unions, &path, sink),
    };
    Ok(vec![SampleFile { path, bytes }])
}

/// The one part of a single-union layout, and its union.
fn single<'a>(sub: &'a Submission, unions: &'a [Union]) -> Result<(&'a Part, &'a Union), String> {
    let part = sub.parts.first().ok_or("a roster file without rows")?;
    let union = unions.get(part.union).ok_or("unknown union")?;
    Ok((part, union))
}

/// Appends the one-row header of `columns`.
fn header(grid: &mut Grid, columns: &[Column]) -> u32 {
    grid.header(&columns.iter().map(|c| c.title).collect::<Vec<_>>())
}

/// A sheet of `entries` under `title` and the one-row header of `columns`, 序号
/// from 1.
fn roster_sheet(entries: &[Entry], title: &str, columns: &[Column], ctx: Ctx, sink: &mut Sink) -> Grid {
    let mut grid = Grid::titled(ctx.sheet, title, columns.len());
    header(&mut grid, columns);
    data_rows(&mut grid, entries, columns, ctx, sink, 1);
    grid
}

/// The cells of one entry under `columns`; `seq` fills the 序号 column.
fn entry_cells(entry: &Entry, columns: &[Column], ctx: Ctx, seq: usize) -> Vec<Option<Cell>> {
    let union = ctx.unions.get(entry.union).map_or("", |u| u.name.as_str());
    columns
        .iter()
        .map(|c| match c.content {
            Content::Seq => Some(Cell::Number(seq as f64)),
            Content::BankCard => Some(Cell::Text(entry.person.bank_card.clone())),
            Content::Field(f) => cell(entry, f, ctx.style, union),
        })
        .collect()
}

/// Appends one entry as a data row and records where it went.
fn data_row(grid: &mut Grid, cells: Vec<Option<Cell>>, entry: &Entry, ctx: Ctx, sink: &mut Sink) {
    let row = grid.row(cells, Look::Body);
    sink.place(entry.uid, &entry.marks, ctx.file, ctx.sheet, row + 1);
}

/// Appends entries as data rows numbered from `seq`; returns the next 序号.
fn data_rows<'e>(
    grid: &mut Grid,
    entries: impl IntoIterator<Item = &'e Entry>,
    columns: &[Column],
    ctx: Ctx,
    sink: &mut Sink,
    mut seq: usize,
) -> usize {
    for entry in entries {
        data_row(grid, entry_cells(entry, columns, ctx, seq), entry, ctx, sink);
        seq += 1;
    }
    seq
}

/// The column index of `field`, if the layout has it.
fn position(columns: &[Column], field: Field) -> Option<u16> {
    columns.iter().position(|c| c.content == Content::Field(field)).map(|i| i as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layouts(slots: &[Slot]) -> Vec<Layout> {
        slots.iter().map(|s| s.layout).collect()
    }

    #[test]
    fn six_unions_cover_every_layout() {
        let slots = plan(6);
        for layout in CYCLE {
            assert!(layouts(&slots).contains(&layout), "{layout:?} missing");
        }
        let main: Vec<usize> = slots.iter().filter(|s| !s.supplement).flat_map(|s| s.unions.clone()).collect();
        assert_eq!(main, vec![0, 1, 2, 3, 4, 5]);
        assert_eq!(slots.iter().filter(|s| s.supplement).count(), 3);
    }

    #[test]
    fn three_unions_still_cover_every_layout() {
        let slots = plan(3);
        assert_eq!(slots.len(), 9);
        assert!(slots.iter().all(|s| s.unions.iter().all(|u| *u < 3)));
    }

    #[test]
    fn many_unions_cycle_without_supplements() {
        let slots = plan(20);
        assert!(slots.iter().all(|s| !s.supplement));
        let all: Vec<usize> = slots.iter().flat_map(|s| s.unions.clone()).collect();
        assert_eq!(all, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn every_layout_has_the_required_columns() {
        for layout in CYCLE {
            for field in [
                Field::Name,
                Field::Id,
                Field::Employer,
                Field::Status,
                Field::Tier,
                Field::FamilySize,
                Field::FamilyIncome,
                Field::PrimaryCause,
            ] {
                assert!(layout.has(field), "{layout:?} lacks {field:?}");
            }
        }
    }
}
