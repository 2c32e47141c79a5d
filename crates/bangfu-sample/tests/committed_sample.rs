//! The move into this crate changed nothing: the default sample is, byte for byte,
//! the one committed in the project's `sample_data/` (with its `.planted.tsv`).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use bangfu_sample::{generate, planted_tsv, SampleOptions};

const SAMPLE_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../sample_data");

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
    let root = Path::new(SAMPLE_DATA);
    let mut on_disk = BTreeMap::new();
    committed(root, root, &mut on_disk);
    assert_eq!(generated.keys().collect::<Vec<_>>(), on_disk.keys().collect::<Vec<_>>(), "the same files");
    for (path, bytes) in &generated {
        assert!(on_disk[path] == *bytes, "{path} differs from sample_data/{path}");
    }
}
