//! roster.xlsx — the clean deduplicated roster (SPEC §7): one row per accepted worker,
//! the original values of the canonical columns, masked ID and phone, the computed
//! tier, the causes' codes, flags, 存量/增量/返困 against the earlier periods, and where
//! the row came from.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::book::{new_workbook, save, write_list, xlsx_error, Out};
use super::files::PeriodFolder;
use super::mask::Mask;
use crate::columns::Field;
use crate::config::Settings;
use crate::error::Error;
use crate::finding::{Code, Finding, Location, Severity};
use crate::pipeline::Outcome;
use crate::rows::{Standing, Worker};

/// The roster's own columns, as written: 姓名 … 脱困日期 in the SPEC's order (基层工会
/// comes first, resolved).
fn original_fields() -> impl Iterator<Item = Field> {
    Field::ALL[1..25].iter().copied().filter(|f| *f != Field::Union)
}

const COMPUTED: [(&str, f64); 13] = [
    ("测算月人均收入", 12.0),
    ("测算类别", 12.0),
    ("致困原因编码", 10.0),
    ("次要致困原因编码", 12.0),
    ("归类依据", 14.0),
    ("患病", 6.0),
    ("单亲", 6.0),
    ("一人多档", 8.0),
    ("动态", 6.0),
    ("警告", 16.0),
    ("来源文件", 24.0),
    ("来源工作表", 12.0),
    ("来源行", 8.0),
];

/// Writes roster.xlsx; returns its path.
pub fn write(folder: &PeriodFolder, name: &str, settings: &Settings, outcome: &Outcome) -> Result<PathBuf, Error> {
    let roster = &outcome.roster;
    let warnings = warnings_by_row(&outcome.findings);
    let several: HashSet<usize> =
        roster.clusters.iter().filter(|c| c.code == Code::W211).flat_map(|c| c.members.iter().copied()).collect();
    let mut headers: Vec<(&str, f64)> = vec![("基层工会", 20.0)];
    headers.extend(original_fields().map(|f| (f.canonical(), width(f))));
    headers.extend(COMPUTED);
    let mask = Mask { reveal: settings.reveal_ids };
    let rows = roster.workers.iter().enumerate().filter(|(_, w)| w.accepted()).map(|(i, w)| {
        let flags = Flags { several_unions: several.contains(&i), warnings: warnings.get(w.origin()) };
        row(w, mask, flags)
    });
    let mut book = new_workbook();
    write_list(&mut book, "花名册", &headers, rows).map_err(|e| xlsx_error(&folder.path(name), e))?;
    save(&mut book, folder, name)
}

fn width(field: Field) -> f64 {
    match field {
        Field::Id => 21.0,
        Field::Employer | Field::Address | Field::PrimaryCause | Field::SecondaryCause => 20.0,
        _ => 10.0,
    }
}

/// What is flagged beside a worker.
struct Flags<'a> {
    several_unions: bool,
    warnings: Option<&'a Vec<&'a str>>,
}

fn row(worker: &Worker, mask: Mask, flags: Flags) -> Vec<Out> {
    let mut out = vec![Out::from(&**worker.union())];
    for field in original_fields() {
        let cell = worker.written(field).cloned().unwrap_or_default();
        out.push(match field {
            Field::Id => Out::from(worker.id_number().map_or(cell.to_string(), |id| mask.id(id))),
            Field::Phone => Out::from(mask.phone(&cell.to_string())),
            _ => Out::from(&cell),
        });
    }
    let computed = worker.computed;
    out.push(computed.map_or(Out::Empty, |c| Out::Number((c.per_capita * 100.0).round() / 100.0)));
    out.push(Out::from(computed.map_or("", |c| c.tier)));
    let causes = &worker.causes;
    out.push(Out::Number(f64::from(causes.primary)));
    let secondary: Vec<String> = causes.secondary.iter().map(u8::to_string).collect();
    out.push(Out::from(secondary.join("、")));
    out.push(Out::from(causes.term.as_str()));
    out.push(Out::from(if worker.ill() { "是" } else { "" }));
    out.push(Out::from(if worker.single_parent() { "是" } else { "" }));
    out.push(Out::from(if flags.several_unions { "是" } else { "" }));
    out.push(Out::from(worker.standing.map_or("", Standing::label)));
    out.push(Out::from(flags.warnings.map(|w| w.join("、")).unwrap_or_default()));
    let origin = worker.origin();
    out.push(Out::from(&*origin.file));
    out.push(Out::from(&*origin.sheet));
    out.push(Out::Number(f64::from(origin.row)));
    out
}

fn warnings_by_row(findings: &[Finding]) -> HashMap<&Location, Vec<&str>> {
    let mut map: HashMap<&Location, Vec<&str>> = HashMap::new();
    for finding in findings.iter().filter(|f| f.severity() == Severity::Warning) {
        let codes = map.entry(&finding.location).or_default();
        if !codes.contains(&finding.code.as_str()) {
            codes.push(finding.code.as_str());
        }
    }
    map
}
