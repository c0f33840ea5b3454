//! From a file's bytes to a [`Document`]: the checks every format shares (empty, binary,
//! truncated UTF-8), format detection, and the document id rule.

use std::path::Path;

use crate::document::{Document, DocumentFormat};
use crate::{markdown, pubmed, scrape};

/// Why a file could not be parsed. Nothing of such a file is ingested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The file is empty or holds only whitespace.
    #[error("empty file")]
    Empty,
    /// The file is not text.
    #[error(
        "binary file ({0}); expected PDQ markdown, a PDQ page scrape or a PubMed abstract page as UTF-8 text"
    )]
    Binary(String),
    /// The file ends where it cannot end.
    #[error("truncated: {0}")]
    Truncated(String),
    /// The YAML front matter does not parse.
    #[error("front matter is not valid YAML: {0}")]
    FrontMatter(String),
    /// A metadata field has a value of the wrong shape.
    #[error("metadata `{field}`: {message}")]
    Metadata {
        /// The field.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Neither metadata nor a heading gives the document a title.
    #[error("no title: give `title:` in the front matter or a `# ` heading")]
    NoTitle,
    /// Nothing to cite: the document has no sections.
    #[error("no sections: {0}")]
    NoSections(&'static str),
    /// The text is not in the format its name or content suggests.
    #[error("not a recognized document: {0}")]
    NotRecognized(&'static str),
    /// The file name gives no usable document id.
    #[error("{0}")]
    BadId(String),
}

/// The document id of a file: its name without extension. Ids are letters, digits, `.`, `_`
/// and `-` (they appear in citations `DOC#section`).
pub fn document_id(path: &Path) -> Result<String, ParseError> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let valid = !stem.is_empty()
        && !stem.starts_with('.')
        && stem
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        Ok(stem.to_owned())
    } else {
        Err(ParseError::BadId(format!(
            "file name {:?} does not give a document id (letters, digits, `.`, `_` and `-` only): rename the file",
            path.file_name().unwrap_or_default()
        )))
    }
}

/// Parses one file's contents. The format comes from the extension (`.md`, `.markdown`) or
/// the content (front matter → PDQ markdown; a journal citation line near the top → PubMed
/// abstract; otherwise a PDQ page scrape).
pub fn parse_document(id: &str, file_name: &str, bytes: &[u8]) -> Result<Document, ParseError> {
    let text = decode(bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    match detect_format(file_name, &text) {
        DocumentFormat::PdqMarkdown => markdown::parse(id, &text),
        DocumentFormat::PubmedAbstract => pubmed::parse(id, &text),
        DocumentFormat::PdqScrape => scrape::parse(id, &text),
    }
}

/// The format of a file, from its extension and content.
pub fn detect_format(file_name: &str, text: &str) -> DocumentFormat {
    let extension = Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if matches!(extension.as_str(), "md" | "markdown") || text.starts_with("---\n") {
        DocumentFormat::PdqMarkdown
    } else if pubmed::looks_like_pubmed(text) {
        DocumentFormat::PubmedAbstract
    } else {
        DocumentFormat::PdqScrape
    }
}

/// The bytes as UTF-8 text, or why they are not a text document.
fn decode(bytes: &[u8]) -> Result<&str, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    if let Some(at) = bytes.iter().take(64 * 1024).position(|b| *b == 0) {
        return Err(ParseError::Binary(format!("NUL byte at offset {at}")));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        // An incomplete character at the very end: the file was cut mid-character.
        Err(e) if e.error_len().is_none() => Err(ParseError::Truncated(format!(
            "the file ends inside a UTF-8 character (byte {})",
            e.valid_up_to()
        ))),
        Err(e) => Err(ParseError::Binary(format!(
            "invalid UTF-8 at byte {}",
            e.valid_up_to()
        ))),
    }
}
