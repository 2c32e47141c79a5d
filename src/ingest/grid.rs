//! The sheet as read: sparse rows of typed cells and the merged regions.
//!
//! Every reader (xlsx, xls, ods, CSV, HTML) produces a [`Grid`]; everything after
//! reading works on grids only. Rows are sparse so that a sheet declaring a huge
//! bounding box costs only the cells it really holds.

use std::fmt;

use compact_str::CompactString;

use crate::text::nfkc;

/// One cell's value, with its type kept: an ID typed into a numeric cell must stay
/// recognisable as a number (E105).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Cell {
    /// No value.
    #[default]
    Empty,
    /// Text as written; short texts (names, IDs, dates: up to 24 bytes) are kept inline,
    /// without an allocation of their own.
    Text(CompactString),
    /// A number (Excel stores every number as a 64-bit float).
    Number(f64),
    /// A date cell, as an Excel serial day number (1900 system).
    Date(f64),
    /// TRUE / FALSE.
    Bool(bool),
    /// An Excel error value such as `#N/A`.
    Error(Box<str>),
}

impl Cell {
    /// True for no value or only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The text of a text cell.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The value as text, NFKC and trimmed ([`nfkc`]); text cells are not formatted
    /// first, and short texts are not allocated.
    pub fn cleaned(&self) -> CompactString {
        match self {
            Cell::Text(text) => nfkc(text).trim().into(),
            other => nfkc(&other.to_string()).trim().into(),
        }
    }
}

impl fmt::Display for Cell {
    /// The value as a clerk would see it in Excel (numbers without exponent where exact).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(t) => f.write_str(t),
            Cell::Number(n) | Cell::Date(n) => write_number(f, *n),
            Cell::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Cell::Error(e) => f.write_str(e),
        }
    }
}

fn write_number(f: &mut fmt::Formatter<'_>, n: f64) -> fmt::Result {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        write!(f, "{}", n as i64)
    } else if n.abs() >= 1e15 {
        write!(f, "{n:E}")
    } else {
        write!(f, "{n}")
    }
}

/// A rectangle of merged cells, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub top: u32,
    /// Last row.
    pub bottom: u32,
    /// First column.
    pub left: u32,
    /// Last column.
    pub right: u32,
}

impl Merge {
    /// Whether the cell at (row, col) is inside.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        (self.top..=self.bottom).contains(&row) && (self.left..=self.right).contains(&col)
    }
}

/// One non-empty row: its 0-based index and its non-blank cells by column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Row {
    /// 0-based row index (Excel row number − 1; CSV line − 1).
    pub index: u32,
    /// (0-based column, value), sorted by column, blank cells left out.
    pub cells: Vec<(u32, Cell)>,
}

impl Row {
    /// The cell in a column, if it holds a value.
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells.binary_search_by_key(&col, |(c, _)| *c).ok().map(|i| &self.cells[i].1)
    }
}

/// A sheet as read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// Sheet name (for CSV, empty).
    pub name: String,
    /// Non-empty rows in order.
    pub rows: Vec<Row>,
    /// Merged regions.
    pub merges: Vec<Merge>,
}

impl Grid {
    /// Builds a grid from cells in any order; blank cells are dropped.
    pub fn from_cells(name: String, cells: Vec<(u32, u32, Cell)>, merges: Vec<Merge>) -> Grid {
        let mut rows = GridRows::default();
        for (row, col, value) in cells {
            rows.push(row, col, value);
        }
        rows.finish(name, merges)
    }

    /// The value shown at (row, col): the cell's own, or for a cell inside a merged
    /// region, the region's top-left value.
    pub fn shown(&self, row: u32, col: u32) -> Option<&Cell> {
        let origin = self.merges.iter().find(|m| m.contains(row, col)).map_or((row, col), |m| (m.top, m.left));
        self.row(origin.0).and_then(|r| r.get(origin.1))
    }

    /// The row with this index, if it holds any value.
    pub fn row(&self, index: u32) -> Option<&Row> {
        self.rows.binary_search_by_key(&index, |r| r.index).ok().map(|i| &self.rows[i])
    }
}

/// A grid's rows built as its cells come. In reading order (row by row, each left to
/// right: what the readers give) a cell goes straight into its row, with no list of all
/// the cells to sort first; a cell out of that order sends them all through a sort. Of
/// two values for one cell the first is kept; blank cells are dropped.
#[derive(Debug, Default)]
pub struct GridRows {
    rows: Vec<Row>,
    /// Every cell so far, once one came out of order: sorted by [`GridRows::finish`].
    unordered: Option<Vec<(u32, u32, Cell)>>,
}

impl GridRows {
    /// Adds the value at (row, col), 0-based.
    pub fn push(&mut self, row: u32, col: u32, value: Cell) {
        if value.is_blank() {
            return;
        }
        if let Some(cells) = &mut self.unordered {
            cells.push((row, col, value));
            return;
        }
        let width = match self.rows.last_mut() {
            Some(last) if last.index == row => match last.cells.last() {
                Some((c, _)) if *c == col => return,
                Some((c, _)) if *c > col => return self.out_of_order(row, col, value),
                _ => return last.cells.push((col, value)),
            },
            Some(last) if last.index > row => return self.out_of_order(row, col, value),
            Some(last) => last.cells.len(),
            None => 1,
        };
        let mut cells = Vec::with_capacity(width);
        cells.push((col, value));
        self.rows.push(Row { index: row, cells });
    }

    fn out_of_order(&mut self, row: u32, col: u32, value: Cell) {
        let mut cells: Vec<_> =
            self.rows.drain(..).flat_map(|r| r.cells.into_iter().map(move |(c, v)| (r.index, c, v))).collect();
        cells.push((row, col, value));
        self.unordered = Some(cells);
    }

    /// The grid of the cells pushed.
    pub fn finish(mut self, name: String, merges: Vec<Merge>) -> Grid {
        if let Some(mut cells) = self.unordered.take() {
            // Stable: the first of two values for one cell stays first, and is kept.
            cells.sort_by_key(|(r, c, _)| (*r, *c));
            for (row, col, value) in cells {
                self.push(row, col, value);
            }
        }
        Grid { name, rows: self.rows, merges }
    }
}

/// A grid of text cells, row by row, for tests.
#[cfg(test)]
pub(crate) fn text_grid(name: &str, rows: &[&[&str]], merges: Vec<Merge>) -> Grid {
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            cells.push((r as u32, c as u32, Cell::Text((*text).into())));
        }
    }
    Grid::from_cells(name.into(), cells, merges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn grid_keeps_only_values_in_order() {
        let grid = Grid::from_cells(
            "S".into(),
            vec![(2, 1, text("b")), (0, 0, text("a")), (2, 0, Cell::Empty), (1, 0, text("  "))],
            vec![],
        );
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[1].index, 2);
        assert_eq!(grid.rows[1].get(1), Some(&text("b")));
        assert_eq!(grid.rows[1].get(0), None);
    }

    #[test]
    fn cells_in_any_order_make_the_grid_of_the_cells_in_reading_order() {
        let cells = [(0, 0, "姓名"), (0, 2, "工会"), (1, 0, "张三"), (1, 1, ""), (1, 2, "甲"), (3, 1, "乙")];
        let in_order = Grid::from_cells("S".into(), cells.iter().map(|(r, c, v)| (*r, *c, text(v))).collect(), vec![]);
        // Out of order, after rows already built, and a second value for a cell: the
        // first one is kept, as in reading order.
        let mut shuffled: Vec<_> = cells.iter().rev().map(|(r, c, v)| (*r, *c, text(v))).collect();
        shuffled.insert(0, (0, 0, text("姓名")));
        shuffled.insert(3, (1, 2, text("乙")));
        shuffled.push((1, 2, text("丙")));
        let unordered = Grid::from_cells("S".into(), shuffled, vec![]);
        assert_eq!(in_order, unordered);
        assert_eq!(in_order.rows.iter().map(|r| r.index).collect::<Vec<_>>(), [0, 1, 3]);
        assert_eq!(in_order.row(1).map(|r| r.cells.len()), Some(2));
        assert_eq!(in_order.shown(1, 2), Some(&text("甲")));
        let repeated = Grid::from_cells("S".into(), vec![(0, 0, text("a")), (0, 0, text("b"))], vec![]);
        assert_eq!(repeated.shown(0, 0), Some(&text("a")));
    }

    #[test]
    fn merged_cells_show_their_top_left_value() {
        let merge = Merge { top: 0, bottom: 1, left: 0, right: 2 };
        let grid = Grid::from_cells("S".into(), vec![(0, 0, text("家庭收入"))], vec![merge]);
        assert_eq!(grid.shown(1, 2), Some(&text("家庭收入")));
        assert_eq!(grid.shown(2, 0), None);
    }

    #[test]
    fn numbers_display_as_excel_shows_them() {
        assert_eq!(Cell::Number(410102.0).to_string(), "410102");
        assert_eq!(Cell::Number(1234.5).to_string(), "1234.5");
        assert_eq!(Cell::Number(4.10102198001011e17).to_string(), "4.10102198001011E17");
    }
}
