//! The shape of the code: only the modules listed in `bangfu::TOUCHES_FILES` (the inputs
//! and the outputs) touch the file system, and each of them does; every other module,
//! `main.rs` included, is plain functions from data to data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What file-system access looks like in Rust source.
const FILE_ACCESS: [&str; 12] = [
    "std::fs",
    "fs::",
    "File::",
    "OpenOptions",
    "DirBuilder",
    "read_dir",
    ".is_file()",
    ".is_dir()",
    ".exists()",
    "metadata(",
    "canonicalize(",
    "ParquetReader",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file-system accesses of each top-level module of `src/` (test code left out):
/// module → "file: what" lines.
fn accesses() -> BTreeMap<String, Vec<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut by_module: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("inside src");
        let first = relative.components().next().expect("a component").as_os_str().to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let text = std::fs::read_to_string(&file).expect("source");
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let found = by_module.entry(module).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for token in FILE_ACCESS.iter().filter(|t| line.contains(*t)) {
                found.push(format!("{}: {token}", relative.display()));
            }
        }
    }
    by_module
}

#[test]
fn only_the_inputs_and_outputs_touch_files() {
    let accesses = accesses();
    for (module, found) in &accesses {
        if bangfu::TOUCHES_FILES.contains(&module.as_str()) {
            assert!(!found.is_empty(), "{module} is listed in TOUCHES_FILES but touches no file");
        } else {
            assert!(
                found.is_empty(),
                "{module} touches the file system, but only {:?} may:\n{}",
                bangfu::TOUCHES_FILES,
                found.join("\n")
            );
        }
    }
    for module in bangfu::TOUCHES_FILES {
        assert!(accesses.contains_key(module), "TOUCHES_FILES names {module}, which is no module of src/");
    }
}
