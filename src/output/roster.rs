//! roster.xlsx — the clean deduplicated roster (SPEC §7): a title, 序号, then the columns
//! of [`super::clean_roster`] (the key ones first: they are what is printed), one row per
//! accepted worker; typed dates and numbers, standardised values beside the ones written,
//! personal numbers masked; header frozen and filtered. When registration forms
//! brought family-member tables, a 家庭成员 sheet lists each accepted worker's household
//! (member, relation, masked ID, health) so the statistician sees the families.

use std::collections::HashSet;
use std::path::PathBuf;

use super::book::{write_list, xlsx_error, Book, Kind, List, ListColumn, Out};
use super::clean_roster::{RosterRow, Value, COLUMNS, KEY_COLUMNS};
use super::files::PeriodFolder;
use super::mask::Mask;
use crate::columns::Field;
use crate::config::Settings;
use crate::error::Error;
use crate::finding::{Code, Location, Severity};
use crate::pipeline::Outcome;
use crate::rows::Worker;
use rust_xlsxwriter::XlsxError;

/// Writes roster.xlsx; returns its path.
pub fn write(folder: &PeriodFolder, name: &str, settings: &Settings, outcome: &Outcome) -> Result<PathBuf, Error> {
    let roster = &outcome.roster;
    let several: HashSet<usize> =
        roster.clusters.iter().filter(|c| c.code == Code::W211).flat_map(|c| c.members.iter().copied()).collect();
    let mut columns = vec![ListColumn::new("序号", 5.0, Kind::Count)];
    columns.extend(COLUMNS.iter().map(|c| ListColumn::new(c.header, c.width, c.kind)));
    let unit = settings.file.report.unit.as_deref().unwrap_or("");
    let list = List {
        sheet: "花名册",
        title: format!("{unit}困难职工花名册（{}）", settings.period.in_chinese()),
        columns: &columns,
        printed: Some(KEY_COLUMNS as u16 + 1),
    };
    let mask = Mask { reveal: settings.reveal_ids };
    let ladder = &settings.vocab.tier.ladder;
    // Gathered first, so that the list knows its length (its rows are compressed as made).
    let accepted: Vec<usize> = (0..roster.workers.len()).filter(|&i| roster.workers[i].accepted()).collect();
    let rows = accepted.into_iter().enumerate().map(|(k, i)| {
        let worker = &roster.workers[i];
        let codes = codes_of(outcome, worker);
        let row = RosterRow {
            worker,
            several_unions: several.contains(&i),
            warnings: codes,
            ladder,
            unit,
            dibao: &settings.file.dibao,
        };
        let mut out = vec![(Out::Number(k as f64 + 1.0), None)];
        out.extend(COLUMNS.iter().map(|c| (shown(c.value(&row), c.field, mask), None)));
        out
    });
    let mut book = Book::new(folder, name);
    write_list(&mut book, &list, rows).map_err(|e| xlsx_error(&folder.path(name), e))?;
    let households: Vec<&Worker> = roster.workers.iter().filter(|w| w.accepted() && !w.members().is_empty()).collect();
    if !households.is_empty() {
        let title = format!("{unit}困难职工家庭成员（{}）", settings.period.in_chinese());
        family_sheet(&mut book, title, &households, mask).map_err(|e| xlsx_error(&folder.path(name), e))?;
    }
    book.save()
}

/// The 家庭成员 sheet: one row per member of each accepted worker's household.
fn family_sheet(book: &mut Book, title: String, workers: &[&Worker], mask: Mask) -> Result<(), XlsxError> {
    let columns = [
        ListColumn::new("序号", 5.0, Kind::Count),
        ListColumn::new("职工姓名", 10.0, Kind::Text),
        ListColumn::new("职工身份证号", 20.0, Kind::Text),
        ListColumn::new("基层工会", 24.0, Kind::Wrap),
        ListColumn::new("成员姓名", 10.0, Kind::Text),
        ListColumn::new("与本人关系", 10.0, Kind::Text),
        ListColumn::new("成员身份证号", 20.0, Kind::Text),
        ListColumn::new("健康状况", 12.0, Kind::Wrap),
        ListColumn::new("来源", 26.0, Kind::Wrap),
    ];
    let list = List { sheet: "家庭成员", title, columns: &columns, printed: None };
    let members = workers.iter().flat_map(|w| w.members().iter().map(move |m| (*w, m)));
    let rows = members.enumerate().map(|(k, (worker, member))| {
        let worker_id = worker.written(Field::Id).map(|c| mask.id(&c.to_string())).unwrap_or_default();
        let source = Location { row: member.row, ..worker.origin().clone() };
        [
            Out::Number(k as f64 + 1.0),
            Out::from(worker.name.as_str()),
            Out::from(worker_id),
            Out::from(&**worker.union()),
            Out::from(member.name.as_str()),
            Out::from(member.relation.as_str()),
            Out::from(mask.id(&member.id)),
            Out::from(member.health.as_str()),
            Out::from(source.where_is()),
        ]
        .into_iter()
        .map(|out| (out, None))
        .collect()
    });
    write_list(book, &list, rows)
}

/// A value as roster.xlsx shows it: text masked by its column.
fn shown(value: Value, field: Option<Field>, mask: Mask) -> Out {
    match value {
        Value::Empty => Out::Empty,
        Value::Text(text) => Out::from(mask.field_owned(field, text)),
        Value::Number(n) => Out::Number(n),
        Value::Date(day) => Out::Date(day),
    }
}

/// The warning codes on a worker's row (on a form, on any of its values' rows), each
/// once, in the order found.
fn codes_of(outcome: &Outcome, worker: &Worker) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for key in worker.record.rows() {
        for finding in outcome.findings_at(key).iter().filter(|f| f.severity() == Severity::Warning) {
            if !codes.contains(&finding.code.as_str()) {
                codes.push(finding.code.as_str());
            }
        }
    }
    codes.join("、")
}
