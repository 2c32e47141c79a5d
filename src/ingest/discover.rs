//! Which files a run reads: the files named, and every file below the folders named.
//!
//! Hidden files, Office lock files (`~$…`), `bangfu.toml` and the README-like text a
//! folder may carry are passed over; everything else is read and sniffed, so a PDF
//! dropped into the folder is reported, not ignored. The order is sorted, so runs are
//! reproducible.
//!
//! A folder holding `summary.json` and `archive/roster.parquet` is a package (SPEC §2,
//! what a lower level's run wrote): it is not walked as files — [`crate::history`] reads
//! it through its archive — and its workbooks are listed as passed over. The run's own
//! output folder is never walked.

use std::path::{Path, PathBuf};

/// A package's marker files, relative to its folder (the names the archive writer uses).
pub const PACKAGE_SUMMARY: &str = "summary.json";
/// The package's archived clean roster.
pub const PACKAGE_ROSTER: &str = "archive/roster.parquet";

/// A file to read and the name it is shown under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The name used in findings: as given, or relative to the input folder.
    pub shown: String,
    /// Where it is.
    pub path: PathBuf,
}

/// A lower level's package found among the inputs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PackageFolder {
    /// The folder as shown: as given, or relative to the input folder.
    pub shown: String,
    /// Where it is.
    pub path: PathBuf,
    /// Its workbooks and other files, passed over (read through the archive only).
    pub passed_over: Vec<InputFile>,
}

/// What the inputs hold: files to read and packages.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The files, sorted by shown name.
    pub files: Vec<InputFile>,
    /// The packages, sorted by shown name.
    pub packages: Vec<PackageFolder>,
}

/// The files under the inputs, sorted by shown name. A named path that does not exist
/// is kept, so that reading it reports it.
pub fn discover(inputs: &[PathBuf]) -> Vec<InputFile> {
    find(inputs, None).files
}

/// The files and packages under the inputs; nothing under `output` (the run's own
/// output folder) is taken.
pub fn find(inputs: &[PathBuf], output: Option<&Path>) -> Found {
    let output = output.and_then(|o| o.canonicalize().ok());
    let mut walker = Walker { output, found: Found::default() };
    for input in inputs {
        if input.is_dir() {
            walker.walk(input, input);
        } else {
            walker.found.files.push(InputFile { shown: slash(input), path: input.clone() });
        }
    }
    let mut found = walker.found;
    found.files.sort();
    found.files.dedup_by(|a, b| a.path == b.path);
    found.packages.sort();
    found.packages.dedup_by(|a, b| a.path == b.path);
    found
}

/// Whether a folder is a package.
pub fn is_package(dir: &Path) -> bool {
    dir.join(PACKAGE_SUMMARY).is_file() && dir.join(PACKAGE_ROSTER).is_file()
}

struct Walker {
    output: Option<PathBuf>,
    found: Found,
}

impl Walker {
    fn walk(&mut self, root: &Path, dir: &Path) {
        if self.output.is_some() && dir.canonicalize().ok() == self.output {
            return;
        }
        if is_package(dir) {
            let shown = if dir == root { slash(dir) } else { shown(root, dir) };
            let mut passed_over = Vec::new();
            files_of(dir, dir, &mut passed_over);
            passed_over.retain(|f| f.shown != PACKAGE_SUMMARY && !f.shown.starts_with("archive/"));
            for file in &mut passed_over {
                file.shown = format!("{shown}/{}", file.shown);
            }
            self.found.packages.push(PackageFolder { shown, path: dir.to_path_buf(), passed_over });
            return;
        }
        for path in entries(dir) {
            if path.is_dir() {
                self.walk(root, &path);
            } else if path.is_file() {
                self.found.files.push(InputFile { shown: shown(root, &path), path });
            }
        }
    }
}

/// Every file below `dir` (clutter left out), shown relative to `root`.
fn files_of(root: &Path, dir: &Path, files: &mut Vec<InputFile>) {
    for path in entries(dir) {
        if path.is_dir() {
            files_of(root, &path, files);
        } else if path.is_file() {
            files.push(InputFile { shown: shown(root, &path), path });
        }
    }
}

/// A folder's entries that are not clutter, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.retain(|path| !passed_over(&path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()));
    entries.sort();
    entries
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).map_or_else(|_| slash(path), slash)
}

/// Whether a file or folder of this name is clutter, not input.
pub fn passed_over(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || lower == "bangfu.toml"
        || lower.starts_with("readme")
        || lower.ends_with(".md")
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

fn slash(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_in_order_and_clutter_is_passed_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["b.xlsx", "a.csv", "~$b.xlsx", ".planted.tsv", "bangfu.toml", "sub/c.xls"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, b"x").expect("write");
        }
        let files = discover(&[dir.path().to_path_buf()]);
        let shown: Vec<&str> = files.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(shown, vec!["a.csv", "b.xlsx", "sub/c.xls"]);
    }

    #[test]
    fn a_package_is_not_walked_and_the_output_folder_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let names = ["县甲/summary.json", "县甲/archive/roster.parquet", "县甲/report.xlsx", "a.csv", "out/x.csv"];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, b"x").expect("write");
        }
        let found = find(&[dir.path().to_path_buf()], Some(&dir.path().join("out")));
        let shown: Vec<&str> = found.files.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(shown, vec!["a.csv"]);
        assert_eq!(found.packages.len(), 1);
        assert_eq!(found.packages[0].shown, "县甲");
        let passed: Vec<&str> = found.packages[0].passed_over.iter().map(|f| f.shown.as_str()).collect();
        assert_eq!(passed, vec!["县甲/report.xlsx"]);
    }
}
