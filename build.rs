//! Build script: names, as a warning cargo shows, the tests that will skip because the
//! shared data beside the repository (`../shared`: the ID test vectors and the corpus of
//! real-world spreadsheets) is missing, as on a fresh clone. `.ci/run` requires it.

use std::path::Path;

/// The tests that read `../shared`, and what they read.
const NEEDS_SHARED: [(&str, &str); 3] = [
    ("normalize::id::vectors::bangfu_agrees_with_the_shared_vectors", "../shared/data/id_vectors.tsv"),
    ("tests/corpus.rs check_ends_cleanly_on_every_corpus_file", "../shared/corpus"),
    ("tests/corpus.rs merged_regions_of_every_corpus_workbook_are_calamines", "../shared/corpus"),
];

fn main() {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    println!("cargo:rerun-if-changed=build.rs");
    for (test, needs) in NEEDS_SHARED {
        let path = Path::new(&root).join(needs);
        println!("cargo:rerun-if-changed={}", path.display());
        if !path.exists() {
            println!("cargo:warning={needs} is missing: the test {test} will be skipped (.ci/run requires it)");
        }
    }
}
