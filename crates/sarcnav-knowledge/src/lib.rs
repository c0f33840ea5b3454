//! # sarcnav-knowledge
//!
//! The knowledge base as reviewable data files under `knowledge/` at the repository root —
//! sources, agent groups, treatment options and cautions — embedded in the binary at build time,
//! parsed into `sarcnav-core` types and validated. Code here only loads and checks the data; the
//! rules that evaluate it live in `sarcnav_core::options`.
//!
//! [`check`] is what `sarcnav kb check` runs: the schema, unique ids, known agents, valid PDQ
//! level-of-evidence labels, well-formed PMIDs, citations that resolve in the evidence library,
//! and cited sections whose text changed since they were reviewed.

mod check;

pub use check::{
    CheckReport, Finding, PDQ_LEVELS, SectionLookup, Severity, check, citations, fingerprint,
    reviewed_sections_toml,
};

use sarcnav_core::options::{AgentGroups, CautionEntry, OptionEntry};
use sarcnav_core::{Knowledge, Source};
use serde::Deserialize;

/// The embedded knowledge version (`knowledge/VERSION`).
pub const VERSION: &str = include_str!("../../../knowledge/VERSION");

/// The embedded knowledge files, in load order: (path, text).
pub const FILES: &[(&str, &str)] = &[
    (
        "knowledge/sources.toml",
        include_str!("../../../knowledge/sources.toml"),
    ),
    (
        "knowledge/agents.toml",
        include_str!("../../../knowledge/agents.toml"),
    ),
    (
        "knowledge/options/sts.toml",
        include_str!("../../../knowledge/options/sts.toml"),
    ),
    (
        "knowledge/options/ks.toml",
        include_str!("../../../knowledge/options/ks.toml"),
    ),
    (
        "knowledge/options/khe.toml",
        include_str!("../../../knowledge/options/khe.toml"),
    ),
    (
        "knowledge/cautions.toml",
        include_str!("../../../knowledge/cautions.toml"),
    ),
];

/// The embedded record of reviewed section fingerprints (`knowledge/reviewed-sections.toml`).
pub const REVIEWED_SECTIONS: &str = include_str!("../../../knowledge/reviewed-sections.toml");

/// A problem loading a knowledge data file.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    /// The file is not valid TOML of the expected shape.
    #[error("{file}: {source}")]
    Parse {
        file: String,
        #[source]
        source: Box<toml::de::Error>,
    },
    /// The data parsed but breaks a rule (duplicate id, …).
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    /// A knowledge directory could not be read.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// One knowledge file: every table is optional, so a file may hold any mix of them.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct KnowledgeFile {
    #[serde(default)]
    source: Vec<Source>,
    #[serde(default)]
    agent_groups: AgentGroups,
    #[serde(default)]
    option: Vec<OptionEntry>,
    #[serde(default)]
    caution: Vec<CautionEntry>,
}

fn parse_file(file: &str, text: &str) -> Result<KnowledgeFile, KnowledgeError> {
    toml::from_str(text).map_err(|e| KnowledgeError::Parse {
        file: file.to_owned(),
        source: Box::new(e),
    })
}

/// Parses a sources file and checks that ids are unique and well formed.
pub fn parse_sources(file: &str, text: &str) -> Result<Vec<Source>, KnowledgeError> {
    let parsed = parse_file(file, text)?;
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

/// Builds the knowledge from files given as (path, text), in order.
pub fn load(version: &str, files: &[(&str, &str)]) -> Result<Knowledge, KnowledgeError> {
    let mut knowledge = Knowledge {
        version: version.trim().to_owned(),
        ..Knowledge::default()
    };
    for (path, text) in files {
        let file = parse_file(path, text)?;
        if !file.source.is_empty() {
            knowledge.sources.extend(parse_sources(path, text)?);
        }
        for (name, members) in file.agent_groups {
            if knowledge
                .agent_groups
                .insert(name.clone(), members)
                .is_some()
            {
                return Err(KnowledgeError::Invalid {
                    file: (*path).to_owned(),
                    message: format!("agent group `{name}` defined twice"),
                });
            }
        }
        knowledge.options.extend(file.option);
        knowledge.cautions.extend(file.caution);
    }
    Ok(knowledge)
}

/// Loads a knowledge directory laid out like `knowledge/` (VERSION, sources.toml, agents.toml,
/// options/*.toml in name order, cautions.toml): for reviewing changes and for tests.
pub fn load_dir(dir: &std::path::Path) -> Result<Knowledge, KnowledgeError> {
    let read = |p: std::path::PathBuf| {
        std::fs::read_to_string(&p).map_err(|source| KnowledgeError::Io {
            path: p.display().to_string(),
            source,
        })
    };
    let version = read(dir.join("VERSION"))?;
    let mut paths = vec![dir.join("sources.toml"), dir.join("agents.toml")];
    let options = dir.join("options");
    let mut option_files: Vec<_> = std::fs::read_dir(&options)
        .map_err(|source| KnowledgeError::Io {
            path: options.display().to_string(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    option_files.sort_by_key(|p| option_file_rank(p));
    paths.extend(option_files);
    paths.push(dir.join("cautions.toml"));
    let mut texts = Vec::with_capacity(paths.len());
    for p in &paths {
        if p.exists() {
            texts.push((p.display().to_string(), read(p.clone())?));
        }
    }
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    load(&version, &files)
}

/// The embedded order (sts, ks, khe) first, then any other option file by name.
fn option_file_rank(path: &std::path::Path) -> (usize, String) {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rank = ["sts.toml", "ks.toml", "khe.toml"]
        .iter()
        .position(|n| *n == name)
        .unwrap_or(usize::MAX);
    (rank, name)
}

/// Loads the knowledge embedded in the binary.
pub fn embedded() -> Result<Knowledge, KnowledgeError> {
    load(VERSION, FILES)
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
        assert!(k.options.len() > 40, "{} options", k.options.len());
        assert!(k.agent_groups.contains_key("anthracycline"));
    }

    #[test]
    fn embedded_knowledge_passes_the_offline_checks() {
        let k = embedded().unwrap();
        let report = check(&k, None, REVIEWED_SECTIONS);
        assert!(report.errors().next().is_none(), "{report}");
    }

    #[test]
    fn knowledge_dir_loads_the_same_as_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
        assert_eq!(load_dir(&dir).unwrap(), embedded().unwrap());
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
