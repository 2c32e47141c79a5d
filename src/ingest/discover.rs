//! Which files a run reads: the files named, and every file below the folders named.
//!
//! Hidden files, Office lock files (`~$…`), `bangfu.toml` and the README-like text a
//! folder may carry are passed over; everything else is read and sniffed, so a PDF
//! dropped into the folder is reported, not ignored. The order is sorted, so runs are
//! reproducible.

use std::path::{Path, PathBuf};

/// A file to read and the name it is shown under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// The name used in findings: as given, or relative to the input folder.
    pub shown: String,
    /// Where it is.
    pub path: PathBuf,
}

/// The files under the inputs, sorted by shown name. A named path that does not exist
/// is kept, so that reading it reports it.
pub fn discover(inputs: &[PathBuf]) -> Vec<InputFile> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, input, &mut files);
        } else {
            files.push(InputFile { shown: slash(input), path: input.clone() });
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    files
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<InputFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if passed_over(&name) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, files);
        } else if path.is_file() {
            let shown = path.strip_prefix(root).map_or_else(|_| slash(&path), slash);
            files.push(InputFile { shown, path });
        }
    }
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
}
