//! # sarcnav-knowledge
//!
//! The knowledge base as reviewable data files under `knowledge/` at the repository root,
//! embedded in the binary at build time and validated by this crate's tests. Code here only
//! loads and checks the data; the rules that use it live in `sarcnav-core`.

use sarcnav_core::{Knowledge, Source};
use serde::Deserialize;

/// The embedded knowledge version (`knowledge/VERSION`).
pub const VERSION: &str = include_str!("../../../knowledge/VERSION");
/// The embedded source list (`knowledge/sources.toml`).
pub const SOURCES_TOML: &str = include_str!("../../../knowledge/sources.toml");

/// A problem in a knowledge data file.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The file is not valid TOML of the expected shape.
    #[error("{file}: {source}")]
    Parse {
        file: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    /// The data parsed but breaks a rule (duplicate id, bad date, …).
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<Source>,
}

/// Parses a sources file and checks that ids are unique and well formed.
pub fn parse_sources(file: &str, text: &str) -> Result<Vec<Source>, KnowledgeError> {
    let parsed: SourcesFile = toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: file.to_owned(),
        source: Box::new(e),
    })?;
    let mut seen = std::collections::HashSet::new();
    for s in &parsed.source {
        if !seen.insert(s.id.as_str()) {
            return Err(KnowledgeError::Invalid {
                file: file.to_owned(),
                message: format!("duplicate source id `{}`", s.id),
            });
        }
        if s.id.is_empty()
            || !s
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(KnowledgeError::Invalid {
                file: file.to_owned(),
                message: format!(
                    "source id `{}` must be lowercase letters, digits and hyphens",
                    s.id
                ),
            });
        }
    }
    Ok(parsed.source)
}

/// Loads the knowledge embedded in the binary.
pub fn embedded() -> Result<Knowledge, KnowledgeError> {
    Ok(Knowledge {
        version: VERSION.trim().to_owned(),
        sources: parse_sources("knowledge/sources.toml", SOURCES_TOML)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sarcnav_core::Date;

    #[test]
    fn version_file_has_no_surrounding_whitespace() {
        // It is spliced into `sarcnav --version` as it is.
        assert_eq!(VERSION, VERSION.trim());
        assert!(!VERSION.is_empty());
    }

    #[test]
    fn embedded_knowledge_loads() {
        let k = embedded().unwrap();
        assert!(!k.version.is_empty());
        for id in [
            "pdq-soft-tissue-sarcoma-treatment-hp",
            "pdq-kaposi-sarcoma-treatment-hp",
            "pdq-childhood-vascular-tumors-treatment-hp",
        ] {
            assert!(k.source(id).is_some(), "{id}");
        }
    }

    #[test]
    fn pdq_review_due_is_quarterly() {
        let k = embedded().unwrap();
        let sts = k.source("pdq-soft-tissue-sarcoma-treatment-hp").unwrap();
        assert_eq!(sts.review_due().unwrap().to_string(), "2026-03-30");
        assert!(sts.status_on(Date::parse("2026-11-22").unwrap()).overdue);
        assert!(!sts.status_on(Date::parse("2026-03-30").unwrap()).overdue);
        let ji = k.source("ji-2017-sirolimus-khe").unwrap();
        assert_eq!(ji.review_due(), None);
        assert!(!ji.status_on(Date::parse("2030-01-01").unwrap()).overdue);
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let text = "[[source]]\nid=\"a\"\ntitle=\"A\"\n[[source]]\nid=\"a\"\ntitle=\"B\"\n";
        assert!(matches!(
            parse_sources("x", text),
            Err(KnowledgeError::Invalid { .. })
        ));
    }
}
