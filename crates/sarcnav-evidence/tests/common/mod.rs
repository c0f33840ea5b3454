//! Helpers shared by the evidence library's tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The built-in documents directory (`documents/` at the repository root).
pub fn documents_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents")
}

/// A built-in document's text.
pub fn builtin_text(file: &str) -> String {
    std::fs::read_to_string(documents_dir().join(file)).expect("built-in document")
}

/// A fresh, empty scratch directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("sarcnav-evidence-tests")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    path
}
