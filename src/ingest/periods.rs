//! A folder kept period by period: `收件/2026-09/`, `收件/2026-10/`, `收件/2026-11/` —
//! one subfolder per 报告期, each a batch of its own. `bangfu run 收件` runs them oldest
//! first, so every month finds the archives of the months before it; a period folder
//! named on its own gives its period by its name.
//!
//! Files lying beside the period folders would belong to no period: they are named in an
//! error rather than read into one month or left out unseen.

use std::path::{Path, PathBuf};

use super::discover::passed_over;
use crate::period::Period;

/// One period's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodFolder {
    /// The period its name gives.
    pub period: Period,
    /// Where it is.
    pub path: PathBuf,
}

/// The period folders inside the one folder named, oldest first; `None` when the inputs
/// are an ordinary batch (several inputs, a file, or a folder without period folders).
pub fn period_folders(inputs: &[PathBuf]) -> Result<Option<Vec<PeriodFolder>>, String> {
    let [root] = inputs else {
        return Ok(None);
    };
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(None);
    };
    let mut folders = Vec::new();
    let mut others = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        match period_of(&path) {
            Some(period) => folders.push(PeriodFolder { period, path }),
            None if !passed_over(&name) => others.push(name),
            None => {}
        }
    }
    if folders.is_empty() {
        return Ok(None);
    }
    if !others.is_empty() {
        others.sort();
        return Err(format!(
            "{} 中既有报告期文件夹，又有不属于任何报告期的文件或文件夹：{}。请把它们放进所属报告期的文件夹（例如 {}/）",
            root.display(),
            others.join("、"),
            folders[0].period
        ));
    }
    folders.sort_by_key(|f| f.period);
    Ok(Some(folders))
}

/// The period of a folder named `YYYY` or `YYYY-MM`.
pub fn period_of(path: &Path) -> Option<Period> {
    if !path.is_dir() {
        return None;
    }
    Period::parse(&path.file_name()?.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, b"x").expect("write");
        }
        dir
    }

    #[test]
    fn period_folders_come_oldest_first() {
        let dir = folder_with(&["2026-10/a.xlsx", "2026-09/b.xlsx", "2026-11/c.csv", "bangfu.toml", ".planted.tsv"]);
        let folders = period_folders(&[dir.path().to_path_buf()]).expect("ok").expect("period folders");
        let names: Vec<String> = folders.iter().map(|f| f.period.to_string()).collect();
        assert_eq!(names, ["2026-09", "2026-10", "2026-11"]);
    }

    #[test]
    fn an_ordinary_batch_has_no_period_folders() {
        let dir = folder_with(&["a.xlsx", "补报/b.xls", "2026-11.xlsx"]);
        assert_eq!(period_folders(&[dir.path().to_path_buf()]), Ok(None));
        assert_eq!(period_folders(&[dir.path().join("a.xlsx")]), Ok(None));
    }

    #[test]
    fn files_beside_period_folders_are_named() {
        let dir = folder_with(&["2026-10/a.xlsx", "帮扶台账.xlsx", "补报/b.xls"]);
        let error = period_folders(&[dir.path().to_path_buf()]).expect_err("mixed");
        assert!(error.contains("帮扶台账.xlsx、补报"), "{error}");
    }
}
