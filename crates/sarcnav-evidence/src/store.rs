//! An index directory (`--index DIR`): the documents ingested into it and their search index.
//!
//! ```text
//! DIR/sarcnav-evidence.json   marker and format version
//! DIR/documents/ID.json       each parsed document (what `show` and citations resolve against)
//! DIR/sources/FILE            the file as ingested
//! DIR/tantivy/                the sections' search index
//! ```
//!
//! An ingest writes the document and source files under temporary names, commits the search
//! index once for all of them, then renames the files into place.

use std::fs;
use std::path::{Path, PathBuf};

use crate::EvidenceError;
use crate::document::Document;
use crate::index::SectionIndex;

const MARKER: &str = "sarcnav-evidence.json";
const FORMAT: u64 = 1;

/// An open index directory.
pub(crate) struct Store {
    pub dir: PathBuf,
    pub index: SectionIndex,
    pub documents: Vec<Document>,
}

/// A parsed file ready to be stored.
pub(crate) struct Incoming {
    pub document: Document,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EvidenceError + '_ {
    move |source| EvidenceError::Io {
        path: path.to_owned(),
        source,
    }
}

fn index_error(dir: &Path) -> impl FnOnce(tantivy::TantivyError) -> EvidenceError + '_ {
    move |e| EvidenceError::Store {
        path: dir.to_owned(),
        message: format!("search index: {e}"),
    }
}

impl Store {
    /// Opens an existing index directory.
    pub(crate) fn open(dir: &Path) -> Result<Store, EvidenceError> {
        if !dir.is_dir() {
            return Err(EvidenceError::Store {
                path: dir.to_owned(),
                message: "no evidence index here (create one with `sarcnav evidence ingest --index DIR FILE…`)".to_owned(),
            });
        }
        check_marker(dir)?;
        let documents = load_documents(&dir.join("documents"))?;
        let index = SectionIndex::open_or_create(&ensure_dir(&dir.join("tantivy"))?)
            .map_err(index_error(dir))?;
        Ok(Store {
            dir: dir.to_owned(),
            index,
            documents,
        })
    }

    /// Opens an index directory, creating it when it is missing or empty.
    pub(crate) fn open_or_create(dir: &Path) -> Result<Store, EvidenceError> {
        let marker = dir.join(MARKER);
        if !marker.exists() {
            let empty = match fs::read_dir(dir) {
                Ok(mut entries) => entries.next().is_none(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
                Err(e) => return Err(io(dir)(e)),
            };
            if !empty {
                return Err(EvidenceError::Store {
                    path: dir.to_owned(),
                    message: format!(
                        "not an evidence index (no {MARKER}) and not empty: give a new or empty directory"
                    ),
                });
            }
            fs::create_dir_all(dir).map_err(io(dir))?;
            let text = format!(
                "{{\"format\": {FORMAT}, \"written_by\": \"sarcnav-evidence {}\"}}\n",
                env!("CARGO_PKG_VERSION")
            );
            fs::write(&marker, text).map_err(io(&marker))?;
        }
        Store::open(dir)
    }

    /// Stores these documents, replacing any with the same id, all or nothing.
    pub(crate) fn add(&mut self, incoming: Vec<Incoming>) -> Result<(), EvidenceError> {
        let documents_dir = ensure_dir(&self.dir.join("documents"))?;
        let sources_dir = ensure_dir(&self.dir.join("sources"))?;
        let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
        let stage = |staged: &mut Vec<(PathBuf, PathBuf)>, target: PathBuf, bytes: &[u8]| {
            let name = target.file_name().unwrap_or_default().to_string_lossy();
            let temp = target.with_file_name(format!(".{name}.partial"));
            fs::write(&temp, bytes).map_err(io(&temp))?;
            staged.push((temp, target));
            Ok::<(), EvidenceError>(())
        };
        let result = (|| {
            for item in &incoming {
                let json =
                    serde_json::to_vec(&item.document).map_err(|e| EvidenceError::Store {
                        path: documents_dir.clone(),
                        message: e.to_string(),
                    })?;
                stage(
                    &mut staged,
                    documents_dir.join(format!("{}.json", item.document.id)),
                    &json,
                )?;
                stage(&mut staged, sources_dir.join(&item.file_name), &item.bytes)?;
            }
            let documents: Vec<Document> = incoming.iter().map(|i| i.document.clone()).collect();
            self.index
                .replace(&documents)
                .map_err(index_error(&self.dir))
        })();
        if let Err(e) = result {
            for (temp, _) in &staged {
                let _ = fs::remove_file(temp);
            }
            return Err(e);
        }
        for item in &incoming {
            remove_other_sources(&sources_dir, &item.document.id, &item.file_name)?;
        }
        for (temp, target) in &staged {
            fs::rename(temp, target).map_err(io(target))?;
        }
        for item in incoming {
            self.documents.retain(|d| d.id != item.document.id);
            self.documents.push(item.document);
        }
        Ok(())
    }
}

fn ensure_dir(dir: &Path) -> Result<PathBuf, EvidenceError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    Ok(dir.to_owned())
}

fn check_marker(dir: &Path) -> Result<(), EvidenceError> {
    let marker = dir.join(MARKER);
    let text = fs::read_to_string(&marker).map_err(|_| EvidenceError::Store {
        path: dir.to_owned(),
        message: format!("not an evidence index (no {MARKER})"),
    })?;
    let format = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("format").and_then(serde_json::Value::as_u64));
    if format == Some(FORMAT) {
        Ok(())
    } else {
        Err(EvidenceError::Store {
            path: marker,
            message: format!(
                "index format {format:?}, this sarcnav reads format {FORMAT}: ingest the sources again into a new directory"
            ),
        })
    }
}

fn load_documents(dir: &Path) -> Result<Vec<Document>, EvidenceError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir)(e)),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = fs::read(path).map_err(io(path))?;
            serde_json::from_slice(&bytes).map_err(|e| EvidenceError::Store {
                path: path.clone(),
                message: format!("unreadable stored document: {e}"),
            })
        })
        .collect()
}

/// Removes an earlier source file of the same document id under another name (`x.txt` when
/// `x.md` is ingested).
fn remove_other_sources(dir: &Path, id: &str, keep: &str) -> Result<(), EvidenceError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        if name != keep && stem.as_deref() == Some(id) {
            fs::remove_file(&path).map_err(io(&path))?;
        }
    }
    Ok(())
}
