//! # sarcnav-evidence
//!
//! The evidence library: the source documents sarcnav cites, parsed into sections that can be
//! searched, shown, cited and compared across versions.
//!
//! ## The model: documents → sections → index
//!
//! - A [`Document`] is one source file under a stable id, its file name without extension
//!   (`pdq-soft-tissue-sarcoma-treatment-hp`), with the metadata its format gives (title, url,
//!   last reviewed date, review frequency; journal, DOI and keywords for an article). Three
//!   formats are read ([`DocumentFormat`]): PDQ markdown with YAML front matter, plain-text
//!   scrapes of PDQ pages, and PubMed abstract pages.
//! - A [`Section`] is the text under one heading up to the next heading. Its **path** is the
//!   heading texts from the first `##` level down (`#` headings are the document's titles),
//!   written `A › B › C`; its **anchor** is each heading slugified ([`slugify`]) and joined
//!   with `/`, numbered `-2`, `-3` on the last component when it repeats in the document. A
//!   citation `DOC#ANCHOR` names one section; [`Library::resolve`] checks it. A section knows
//!   the PMIDs it cites (its `[n]` citations resolved through its chapter's `References`
//!   list, which is a section of its own) and the level-of-evidence labels in its text.
//! - The **index** is tantivy (BM25) with one entry per section, boosting the section's own
//!   heading, the document title and the heading path over the text. The built-in documents
//!   (`documents/` at the repository root) are embedded in the binary and indexed in memory
//!   on first search, so the library works on a fresh install; documents ingested into an
//!   index directory are parsed once, stored, and indexed on disk. Searching both scores them
//!   with their statistics taken together, so scores compare across the two.
//!
//! [`diff`] compares two versions of a document by section — the basis for flagging knowledge
//! entries whose source passage changed.

mod acronyms;
mod builtin;
mod diff;
mod document;
mod index;
mod markdown;
mod parse;
mod pubmed;
mod scan;
mod scrape;
mod store;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::Serialize;

pub use diff::{ChangeKind, SectionChange, diff};
pub use document::{Document, DocumentFormat, PATH_SEPARATOR, Section, slugify};
pub use parse::{ParseError, detect_format, document_id, parse_document};

use acronyms::Acronyms;
use index::{CombinedStatistics, SNIPPET_CHARS, SectionIndex};
use store::{Incoming, Store};

/// What can go wrong in the evidence library.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// A file could not be parsed.
    #[error("{}: {error}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Why.
        error: ParseError,
    },
    /// Some files of an ingest could not be parsed, so none was ingested.
    #[error("{} of {total} file(s) could not be parsed, nothing was ingested: {}", errors.len(), errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Rejected {
        /// One error per failing file.
        errors: Vec<EvidenceError>,
        /// Files given.
        total: usize,
    },
    /// Two files of one ingest give the same document id.
    #[error("{} and {} both give the document id `{id}`", first.display(), second.display())]
    DuplicateId {
        /// The id.
        id: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An index directory is missing, foreign or damaged.
    #[error("{}: {message}", path.display())]
    Store {
        /// The directory or file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A built-in document failed to parse (a bug caught by the tests).
    #[error("built-in document {id}: {error}")]
    Builtin {
        /// The document id.
        id: String,
        /// Why.
        error: ParseError,
    },
    /// The search index failed.
    #[error("search index: {0}")]
    Index(String),
}

/// One search result, serialized exactly as contract §7 defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The document id.
    pub document: String,
    /// The document title.
    pub title: String,
    /// The heading path of the passage, `A › B › C`.
    pub section: String,
    /// The passage around the best match, query terms marked `**term**`, `…` where cut.
    pub snippet: String,
    /// BM25 score (higher is better; ×0.9 for page scrapes), rounded to 4 decimals.
    pub score: f64,
    /// The document's source address.
    pub url: Option<String>,
    /// The section's anchor: `document#anchor` cites the passage. Not serialized.
    #[serde(skip)]
    pub anchor: String,
}

impl Hit {
    /// The citation of the passage, `DOC#anchor`.
    pub fn citation(&self) -> String {
        format!("{}#{}", self.document, self.anchor)
    }
}

/// The documents of the library (built-in, plus those of an index directory) and their search.
pub struct Library {
    documents: Vec<Document>,
    positions: HashMap<String, usize>,
    store: Option<Store>,
    /// Built-in documents replaced by an ingested document with the same id.
    shadowed: Vec<String>,
    acronyms: OnceLock<Acronyms>,
}

static BUILTIN_DOCUMENTS: OnceLock<Result<Vec<Document>, (String, ParseError)>> = OnceLock::new();
static BUILTIN_INDEX: OnceLock<Result<(SectionIndex, Duration), String>> = OnceLock::new();

fn builtin_documents() -> Result<&'static [Document], EvidenceError> {
    BUILTIN_DOCUMENTS
        .get_or_init(|| {
            builtin::FILES
                .iter()
                .map(|(file, text)| {
                    let id = file.rsplit_once('.').map_or(*file, |(stem, _)| stem);
                    parse_document(id, file, text.as_bytes()).map_err(|e| (id.to_owned(), e))
                })
                .collect()
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|(id, error)| EvidenceError::Builtin {
            id: id.clone(),
            error: error.clone(),
        })
}

fn builtin_index() -> Result<&'static SectionIndex, EvidenceError> {
    let documents = builtin_documents()?;
    BUILTIN_INDEX
        .get_or_init(|| {
            let started = Instant::now();
            SectionIndex::in_memory(documents)
                .map(|index| (index, started.elapsed()))
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map(|(index, _)| index)
        .map_err(|e| EvidenceError::Index(e.clone()))
}

impl Library {
    /// The built-in documents, parsed (once per process; the search index is built on first
    /// search).
    pub fn builtin() -> Result<Library, EvidenceError> {
        Ok(Library::with_documents(builtin_documents()?.to_vec(), None))
    }

    /// The built-in documents plus, with `index_dir`, the documents ingested there (an ingested
    /// document replaces a built-in one with the same id).
    pub fn open(index_dir: Option<&Path>) -> Result<Library, EvidenceError> {
        let Some(dir) = index_dir else {
            return Library::builtin();
        };
        let store = Store::open(dir)?;
        Ok(Library::with_documents(
            builtin_documents()?.to_vec(),
            Some(store),
        ))
    }

    fn with_documents(builtin: Vec<Document>, store: Option<Store>) -> Library {
        let ingested: Vec<Document> = store
            .as_ref()
            .map(|s| s.documents.clone())
            .unwrap_or_default();
        let shadowed: Vec<String> = builtin
            .iter()
            .filter(|b| ingested.iter().any(|d| d.id == b.id))
            .map(|b| b.id.clone())
            .collect();
        let documents: Vec<Document> = builtin
            .into_iter()
            .filter(|b| !shadowed.contains(&b.id))
            .chain(ingested)
            .collect();
        let positions = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Library {
            documents,
            positions,
            store,
            shadowed,
            acronyms: OnceLock::new(),
        }
    }

    /// Every document, built-in first.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.positions.get(id).map(|i| &self.documents[*i])
    }

    /// The section a citation points at: `section` is an anchor or a heading path (see
    /// [`Document::resolve`]). `None` when the document or the section does not exist.
    pub fn resolve(&self, document: &str, section: &str) -> Option<&Section> {
        self.document(document)?.resolve(section)
    }

    /// Resolves a citation written `DOC#SECTION`.
    pub fn resolve_citation(&self, citation: &str) -> Option<(&Document, &Section)> {
        let (id, section) = citation.split_once('#')?;
        let document = self.document(id.trim())?;
        Some((document, document.resolve(section)?))
    }

    /// Builds the built-in search index now rather than on first search. Returns how long the
    /// build took in this process (the same figure on every call).
    pub fn warm_up(&self) -> Result<Duration, EvidenceError> {
        builtin_index()?;
        Ok(BUILTIN_INDEX
            .get()
            .and_then(|r| r.as_ref().ok())
            .map_or(Duration::ZERO, |(_, took)| *took))
    }

    fn acronyms(&self) -> &Acronyms {
        self.acronyms.get_or_init(|| {
            let mut acronyms = Acronyms::default();
            for document in &self.documents {
                acronyms.learn(&document.title);
                for section in document.sections.iter().filter(|s| !s.is_references()) {
                    acronyms.learn(&section.text);
                }
            }
            acronyms
        })
    }

    /// The `limit` passages that best match `query`, best first. Abbreviations the library
    /// defines (`KHE`) also match their long forms and the other way round.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, EvidenceError> {
        let cleaned = clean_query(query);
        if limit == 0 || cleaned.trim().is_empty() {
            return Ok(Vec::new());
        }
        let expanded = self.acronyms().expand(&cleaned);
        let builtin = builtin_index()?;
        let parser = builtin.query_parser();
        let (parsed, _lenient_errors) = parser.parse_query_lenient(&expanded);
        let parsed: Box<dyn tantivy::query::Query> = parsed;
        let mut terms = 0;
        parsed.query_terms(&mut |_, _| terms += 1);
        if terms == 0 {
            // Only stop words or punctuation: tantivy would match every section.
            return Ok(Vec::new());
        }

        let builtin_searcher = builtin.searcher();
        let store_searcher = self.store.as_ref().map(|s| s.index.searcher());
        let mut searchers = vec![&builtin_searcher];
        searchers.extend(store_searcher.as_ref());
        let stats = CombinedStatistics(searchers);
        let index_error = |e: tantivy::TantivyError| EvidenceError::Index(e.to_string());

        // More candidates than asked for: the scrape weight below may reorder them.
        let candidates = limit.saturating_mul(2).saturating_add(10);
        let builtin_query = builtin.excluding(parsed.box_clone(), &self.shadowed);
        let mut scored: Vec<(index::Scored, usize)> = builtin
            .top(
                &builtin_searcher,
                builtin_query.as_ref(),
                candidates,
                &stats,
            )
            .map_err(index_error)?
            .into_iter()
            .map(|s| (s, 0))
            .collect();
        if let (Some(store), Some(searcher)) = (&self.store, &store_searcher) {
            scored.extend(
                store
                    .index
                    .top(searcher, parsed.as_ref(), candidates, &stats)
                    .map_err(index_error)?
                    .into_iter()
                    .map(|s| (s, 1)),
            );
        }
        for (found, _) in &mut scored {
            if self
                .document(&found.document)
                .is_some_and(|d| d.format == DocumentFormat::PdqScrape)
            {
                found.score *= SCRAPE_WEIGHT;
            }
        }
        scored.sort_by(|(a, _), (b, _)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.document.cmp(&b.document))
                .then_with(|| a.anchor.cmp(&b.anchor))
        });
        scored.truncate(limit);

        let builtin_snippets = builtin
            .snippets(&builtin_searcher, parsed.as_ref())
            .map_err(index_error)?;
        let store_snippets = match (&self.store, &store_searcher) {
            (Some(store), Some(searcher)) => Some(
                store
                    .index
                    .snippets(searcher, parsed.as_ref())
                    .map_err(index_error)?,
            ),
            _ => None,
        };
        let mut hits = Vec::with_capacity(scored.len());
        for (found, source) in scored {
            let Some(document) = self.document(&found.document) else {
                continue;
            };
            let Some(section) = document.section(&found.anchor) else {
                continue;
            };
            let generator = match (source, &store_snippets) {
                (1, Some(g)) => g,
                _ => &builtin_snippets,
            };
            hits.push(Hit {
                document: document.id.clone(),
                title: document.title.clone(),
                section: section.path_string(),
                snippet: snippet(generator, &section.text),
                score: (f64::from(found.score) * 10_000.0).round() / 10_000.0,
                url: document.url.clone(),
                anchor: section.anchor.clone(),
            });
        }
        Ok(hits)
    }
}

/// Score factor of passages from page scrapes: a scrape is a lossy copy (citations and lists
/// cut), so where it says the same as a full summary, the summary ranks first.
const SCRAPE_WEIGHT: f32 = 0.9;

/// Keeps words, digits, quotes and spaces of a query: tantivy's query syntax characters are
/// not something a clinician types on purpose.
fn clean_query(query: &str) -> String {
    let mut cleaned: String = query
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '"' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect();
    if cleaned.matches('"').count() % 2 == 1
        && let Some(last) = cleaned.rfind('"')
    {
        cleaned.replace_range(last..=last, " ");
    }
    cleaned
}

/// The best passage of `text` with the query terms marked `**…**` on one line, `…` where cut;
/// the start of the text when no term occurs in it.
fn snippet(generator: &tantivy::snippet::SnippetGenerator, text: &str) -> String {
    let found = generator.snippet(text);
    let (mut marked, range) = if found.fragment().is_empty() {
        let end = cut_at_word(text, SNIPPET_CHARS);
        (text[..end].to_owned(), 0..end)
    } else {
        let fragment = found.fragment();
        let mut marked = String::with_capacity(fragment.len() + 16);
        let mut at = 0;
        for range in found.highlighted() {
            if range.start < at || range.end > fragment.len() {
                continue;
            }
            marked.push_str(&fragment[at..range.start]);
            marked.push_str("**");
            marked.push_str(&fragment[range.clone()]);
            marked.push_str("**");
            at = range.end;
        }
        marked.push_str(&fragment[at..]);
        (marked, found.fragment_range())
    };
    marked = marked.split_whitespace().collect::<Vec<_>>().join(" ");
    if range.start > 0 {
        marked.insert_str(0, "… ");
    }
    if range.end < text.trim_end().len() {
        marked.push_str(" …");
    }
    marked
}

/// A char boundary at or before `max` bytes, at a space when there is one.
fn cut_at_word(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].rfind(char::is_whitespace).unwrap_or(end)
}

/// Reads and parses one file; its document id is its file name without extension.
pub fn read_document(path: &Path) -> Result<Document, EvidenceError> {
    let parse_error = |error| EvidenceError::Parse {
        path: path.to_owned(),
        error,
    };
    let id = document_id(path).map_err(parse_error)?;
    let bytes = std::fs::read(path).map_err(|source| EvidenceError::Io {
        path: path.to_owned(),
        source,
    })?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    parse_document(&id, &name, &bytes).map_err(parse_error)
}

/// What an ingest stored.
#[derive(Debug, Clone)]
pub struct IngestReport {
    /// The documents, in the order given.
    pub documents: Vec<IngestedDocument>,
    /// Bytes read.
    pub bytes: u64,
    /// Time spent reading and parsing.
    pub parse_time: Duration,
    /// Time spent writing and indexing.
    pub index_time: Duration,
}

/// One stored document.
#[derive(Debug, Clone)]
pub struct IngestedDocument {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The format it was read as.
    pub format: DocumentFormat,
    /// Its number of sections.
    pub sections: usize,
    /// Whether it replaced a document with the same id already in the directory.
    pub replaced: bool,
}

/// Parses `paths` and adds them to the index directory `index_dir` (created when missing).
/// All or nothing: when any file fails to parse, [`EvidenceError::Rejected`] lists every
/// failure and the directory is left as it was.
pub fn ingest(index_dir: &Path, paths: &[PathBuf]) -> Result<IngestReport, EvidenceError> {
    let started = Instant::now();
    let mut incoming = Vec::with_capacity(paths.len());
    let mut errors = Vec::new();
    let mut bytes_read = 0u64;
    let mut seen: HashMap<String, &PathBuf> = HashMap::new();
    for path in paths {
        if let Ok(id) = document_id(path)
            && let Some(first) = seen.insert(id.clone(), path)
        {
            return Err(EvidenceError::DuplicateId {
                id,
                first: first.clone(),
                second: path.clone(),
            });
        }
    }
    for path in paths {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(source) => {
                errors.push(EvidenceError::Io {
                    path: path.clone(),
                    source,
                });
                continue;
            }
        };
        bytes_read += bytes.len() as u64;
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let parsed =
            document_id(path).and_then(|id| parse_document(&id, &name, &bytes).map(|d| (id, d)));
        match parsed {
            Ok((_, document)) => {
                incoming.push(Incoming {
                    document,
                    file_name: name,
                    bytes,
                });
            }
            Err(error) => errors.push(EvidenceError::Parse {
                path: path.clone(),
                error,
            }),
        }
    }
    if !errors.is_empty() {
        return Err(EvidenceError::Rejected {
            errors,
            total: paths.len(),
        });
    }
    let parse_time = started.elapsed();
    let started = Instant::now();
    let mut store = Store::open_or_create(index_dir)?;
    let documents = incoming
        .iter()
        .map(|i| IngestedDocument {
            id: i.document.id.clone(),
            title: i.document.title.clone(),
            format: i.document.format,
            sections: i.document.sections.len(),
            replaced: store.documents.iter().any(|d| d.id == i.document.id),
        })
        .collect();
    store.add(incoming)?;
    Ok(IngestReport {
        documents,
        bytes: bytes_read,
        parse_time,
        index_time: started.elapsed(),
    })
}
