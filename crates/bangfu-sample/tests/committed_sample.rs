//! The move into this crate changed nothing: the default sample is, byte for byte,
//! the one committed in the project's `sample_data/` (with its `.planted.tsv`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use bangfu_sample::{generate, planted_tsv, SampleOptions};

/// The project's `sample_data/`, from this package's folder as cargo gives it when it runs
/// the test. Not the folder compiled in: a target folder shared by two clones (as
/// `.ci/run` shares one) keeps this crate's test as the first clone built it, path and all.
fn sample_data() -> PathBuf {
    let package =
        std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), PathBuf::from);
    package.join("../../sample_data")
}

/// Every file under `dir`, by its '/'-separated path relative to `root`.
fn committed(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in fs::read_dir(dir).expect("sample_data is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            committed(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).expect("under sample_data");
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            files.insert(parts.join("/"), fs::read(&path).expect("a committed file"));
        }
    }
}

#[test]
fn default_sample_is_the_committed_sample_data() {
    let sample = generate(&SampleOptions::default()).expect("the default sample generates");
    let mut generated: BTreeMap<String, Vec<u8>> = sample.files.into_iter().map(|f| (f.path, f.bytes)).collect();
    generated.insert(format!("{}/.planted.tsv", sample.period), planted_tsv(&sample.planted).into_bytes());
    let root = sample_data();
    let mut on_disk = BTreeMap::new();
    committed(&root, &root, &mut on_disk);
    assert_eq!(generated.keys().collect::<Vec<_>>(), on_disk.keys().collect::<Vec<_>>(), "the same files");
    for (path, bytes) in &generated {
        assert!(on_disk[path] == *bytes, "{path} differs from sample_data/{path}");
    }
}
