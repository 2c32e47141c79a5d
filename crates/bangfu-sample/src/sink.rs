//! Collects where every planted defect ended up: file, sheet and row number as
//! the program will report them.
//!
//! Layouts tell the sink where they put each row; the sink turns the row's
//! marks into [`Planted`] records. A defect about a pair of rows (a duplicate,
//! a conflict) names the other row in its note once every row has been placed.

use std::collections::HashMap;

use super::render::{Mark, Place};
use super::Planted;

/// Where one row was written.
#[derive(Clone, Debug)]
struct Location {
    file: String,
    sheet: String,
    row: u32,
}

/// Where a registration form's values stand (Excel rows): the form's own row (its
/// 身份证号 value), each canonical column's value and the family-member table's rows.
#[derive(Clone, Debug, Default)]
pub struct FormRows {
    pub record: u32,
    pub values: Vec<(&'static str, u32)>,
    pub members: Vec<u32>,
}

impl FormRows {
    /// The row a mark points at: its column's value, the form's row, or a member's.
    fn of(&self, mark: &Mark) -> u32 {
        let value = || self.values.iter().find(|(c, _)| *c == mark.column).map(|(_, r)| *r);
        match mark.place {
            Place::Value => value().unwrap_or(self.record),
            Place::Record => self.record,
            Place::Member(k) => self.members.get(k).copied().unwrap_or(self.record),
        }
    }
}

/// A planted record whose partner note is not resolved yet.
struct Pending {
    planted: Planted,
    partner: Option<usize>,
}

/// The planted defects of the sample, in the order they were written.
#[derive(Default)]
pub struct Sink {
    pending: Vec<Pending>,
    locations: HashMap<usize, Location>,
}

impl Sink {
    /// Row `uid` with `marks` was written at `row` (Excel's number, or the CSV
    /// line, or the HTML table row) of `sheet` in `file`.
    pub fn place(&mut self, uid: usize, marks: &[Mark], file: &str, sheet: &str, row: u32) {
        for mark in marks {
            self.push(mark, file, sheet, row);
        }
        self.locations.insert(uid, Location { file: file.to_string(), sheet: sheet.to_string(), row });
    }

    /// Row `uid` with `marks` was written as a registration form on `sheet` of `file`:
    /// each mark goes to the cell it is about.
    pub fn place_form(&mut self, uid: usize, marks: &[Mark], file: &str, sheet: &str, rows: &FormRows) {
        for mark in marks {
            self.push(mark, file, sheet, rows.of(mark));
        }
        self.locations.insert(uid, Location { file: file.to_string(), sheet: sheet.to_string(), row: rows.record });
    }

    fn push(&mut self, mark: &Mark, file: &str, sheet: &str, row: u32) {
        let planted = Planted {
            code: mark.code,
            file: file.to_string(),
            sheet: sheet.to_string(),
            row,
            column: mark.column.to_string(),
            note: mark.note.clone(),
        };
        self.pending.push(Pending { planted, partner: mark.partner });
    }

    /// A defect of a whole file (F001–F003): row 0, no sheet, no column.
    pub fn file_level(&mut self, code: &'static str, file: &str, note: &str) {
        let planted = Planted {
            code,
            file: file.to_string(),
            sheet: String::new(),
            row: 0,
            column: String::new(),
            note: note.to_string(),
        };
        self.pending.push(Pending { planted, partner: None });
    }

    /// The planted records, partner rows named in the notes.
    pub fn finish(self) -> Vec<Planted> {
        let locations = self.locations;
        self.pending
            .into_iter()
            .map(|p| {
                let mut planted = p.planted;
                if let Some(at) = p.partner.and_then(|uid| locations.get(&uid)) {
                    let sheet = if at.sheet.is_empty() { String::new() } else { format!(" {}", at.sheet) };
                    planted.note += &format!("（另见 {}{sheet} 第{}行）", at.file, at.row);
                }
                planted
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(code: &'static str, partner: Option<usize>) -> Mark {
        Mark { code, column: "身份证号", note: "说明".into(), partner, place: Place::Value }
    }

    #[test]
    fn partners_are_named() {
        let mut sink = Sink::default();
        sink.place(1, &[], "a.xlsx", "花名册", 5);
        sink.place(2, &[mark("W211", Some(1))], "b.csv", "", 3);
        sink.file_level("F001", "c.xlsx", "截断");
        let planted = sink.finish();
        assert_eq!(planted.len(), 2);
        assert_eq!(planted[0].row, 3);
        assert!(planted[0].note.ends_with("（另见 a.xlsx 花名册 第5行）"), "{}", planted[0].note);
        assert_eq!((planted[1].code, planted[1].row), ("F001", 0));
    }

    #[test]
    fn form_marks_go_to_their_cells() {
        let mut sink = Sink::default();
        let rows =
            FormRows {
                record: 4, values: vec![("姓名", 3), ("身份证号", 4), ("困难类别", 6)], members: vec![12, 13]
            };
        let mut tier = mark("W205", None);
        tier.column = "困难类别";
        let mut member = mark("W216", None);
        member.place = Place::Member(1);
        let mut pair = mark("E120", None);
        pair.column = "姓名";
        pair.place = Place::Record;
        sink.place_form(1, &[tier, member, pair], "f.xlsx", "张三", &rows);
        let rows: Vec<u32> = sink.finish().iter().map(|p| p.row).collect();
        assert_eq!(rows, vec![6, 13, 4]);
    }
}
