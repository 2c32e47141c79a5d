//! The workforce table (职工人数): each row read into a [`Unit`] of the [`Workforce`];
//! W214 when a 职工总数 is not a whole number ≥ 0 (the unit is left out of the ratio).

use std::sync::Arc;

use compact_str::ToCompactString;

use crate::columns::Field;
use crate::finding::{Code, Finding};
use crate::ingest::table::Record;
use crate::normalize::money;
use crate::rows::{Unit, Workforce};

/// Reads the rows of every workforce table, in order; a unit listed twice keeps its first
/// row.
pub fn read<'a>(records: impl Iterator<Item = &'a Arc<Record>>) -> (Workforce, Vec<Finding>) {
    let mut workforce = Workforce::default();
    let mut findings = Vec::new();
    for record in records {
        let cell = record.cell(Field::Workforce).cloned().unwrap_or_default();
        let Some(count) = money::parse(&cell).filter(|n| *n >= 0.0 && n.fract() == 0.0) else {
            findings.push(Finding {
                code: Code::W214,
                location: record.origin.clone(),
                column: Field::Workforce.canonical(),
                value: cell.to_compact_string(),
                message: format!("{}的职工总数“{cell}”不是非负整数，该单位不计入占比", record.union).into(),
            });
            continue;
        };
        if workforce.unit(&record.union).is_some() {
            continue;
        }
        let parent: Option<String> = record.cell(Field::ParentUnion).map(|c| c.cleaned().into());
        workforce.units.push(Unit {
            name: record.union.to_string(),
            parent: parent.filter(|p| !p.is_empty()),
            workforce: count as u64,
        });
    }
    (workforce, findings)
}
