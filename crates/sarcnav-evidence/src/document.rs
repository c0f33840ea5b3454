//! The document model: a [`Document`] is an ordered list of [`Section`]s, each named by its
//! heading path and a stable anchor.

use std::collections::{BTreeMap, HashSet};

use sarcnav_core::Date;
use serde::{Deserialize, Serialize};

/// The separator of a section's heading path when written as one string.
pub const PATH_SEPARATOR: &str = " › ";

/// The source format a document was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    /// A PDQ summary in markdown with YAML front matter.
    PdqMarkdown,
    /// A plain-text scrape of a PDQ web page (heading levels lost, lists cut at `[`).
    PdqScrape,
    /// A PubMed abstract page saved as text.
    PubmedAbstract,
}

/// One source document of the evidence library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the file name without extension (`pdq-soft-tissue-sarcoma-treatment-hp`).
    pub id: String,
    /// The title, from the metadata, else the first heading.
    pub title: String,
    /// The source address, when the document gives one.
    pub url: Option<String>,
    /// The format it was parsed from.
    pub format: DocumentFormat,
    /// When the content was last reviewed: PDQ `lastReviewed`, a scrape's "Last Revised" date,
    /// or a journal article's publication date.
    pub last_reviewed: Option<Date>,
    /// How often the source is reviewed (`quarterly`), when it says.
    pub review_frequency: Option<String>,
    /// Journal name (PubMed abstracts).
    pub journal: Option<String>,
    /// DOI (PubMed abstracts).
    pub doi: Option<String>,
    /// The article's own PMID, when the page shows it.
    pub pmid: Option<String>,
    /// Author keywords (PubMed abstracts).
    pub keywords: Vec<String>,
    /// Every other scalar front-matter field, as text (lists joined with `, `).
    pub metadata: BTreeMap<String, String>,
    /// The sections in document order.
    pub sections: Vec<Section>,
}

/// One passage of a document: the text under one heading, up to the next heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Stable anchor: each heading slugified, joined with `/` (see [`slugify`]).
    pub anchor: String,
    /// The heading texts from the first `##` level down (empty for text before any heading).
    pub path: Vec<String>,
    /// The section's own text as plain text (not its subsections'), citations kept as `[n]`.
    pub text: String,
    /// PMIDs the section cites (its reference numbers resolved through the reference list),
    /// in order of first citation.
    pub pmids: Vec<String>,
    /// Level-of-evidence labels linked in the text (`A1`, `C3`), in order of appearance.
    pub evidence_levels: Vec<String>,
}

impl Section {
    /// The heading path written as one string, `A › B › C`.
    pub fn path_string(&self) -> String {
        self.path.join(PATH_SEPARATOR)
    }

    /// The section's own heading (the last path element), or `""` for a lead section.
    pub fn heading(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }

    /// Whether this section is a reference list.
    pub fn is_references(&self) -> bool {
        is_references_heading(self.heading())
    }
}

impl Document {
    /// The section with this anchor or heading path, if any. See [`Document::resolve`].
    pub fn section(&self, anchor: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.anchor == anchor)
    }

    /// Finds a section from a citation's section part: the exact anchor, else the exact heading
    /// path (`A › B › C`), else the heading path compared case-insensitively, else a shortened
    /// heading path (`Chapter › Leaf`: the first and last headings with any subset of the ones
    /// between) when exactly one section matches it.
    pub fn resolve(&self, section: &str) -> Option<&Section> {
        let wanted = section.trim();
        if let Some(found) = self.section(wanted) {
            return Some(found);
        }
        if let Some(found) = self.sections.iter().find(|s| s.path_string() == wanted) {
            return Some(found);
        }
        let parts: Vec<String> = wanted
            .split('›')
            .map(normalize_heading)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            return None;
        }
        let normalized =
            |s: &Section| -> Vec<String> { s.path.iter().map(|p| normalize_heading(p)).collect() };
        if let Some(found) = self.sections.iter().find(|s| normalized(s) == parts) {
            return Some(found);
        }
        let mut matches = self.sections.iter().filter(|s| {
            let path = normalized(s);
            path.first() == parts.first()
                && path.last() == parts.last()
                && is_subsequence(&parts, &path)
        });
        match (matches.next(), matches.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    }

    /// The sections under `section` (its descendants), in document order.
    pub fn subsections<'a>(&'a self, section: &'a Section) -> impl Iterator<Item = &'a Section> {
        self.sections
            .iter()
            .filter(move |s| s.path.len() > section.path.len() && s.path.starts_with(&section.path))
    }
}

fn normalize_heading(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_subsequence(needle: &[String], haystack: &[String]) -> bool {
    let mut rest = haystack.iter();
    needle.iter().all(|n| rest.any(|h| h == n))
}

/// Whether a heading names a reference list (`References`, `References:`).
pub(crate) fn is_references_heading(heading: &str) -> bool {
    heading
        .trim()
        .trim_end_matches(':')
        .eq_ignore_ascii_case("references")
}

/// The anchor component of one heading: lowercase ASCII letters and digits, every run of other
/// characters turned into one `-`, trimmed of `-` (`"Stage IV (M1) Sarcoma"` →
/// `stage-iv-m1-sarcoma`). A heading with no ASCII letter or digit gives `section`.
pub fn slugify(heading: &str) -> String {
    let mut slug = String::with_capacity(heading.len());
    let mut pending_dash = false;
    for c in heading.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        "section".to_owned()
    } else {
        slug
    }
}

/// A section before anchors are assigned.
#[derive(Debug, Default)]
pub(crate) struct DraftSection {
    pub path: Vec<String>,
    pub text: String,
    pub pmids: Vec<String>,
    pub evidence_levels: Vec<String>,
}

/// Gives every draft its anchor (slugified headings joined with `/`; a duplicate gets `-2`,
/// `-3`, … on its last component) and tidies its text.
pub(crate) fn finish_sections(drafts: Vec<DraftSection>) -> Vec<Section> {
    let mut seen: HashSet<String> = HashSet::new();
    drafts
        .into_iter()
        .map(|draft| {
            let base: Vec<String> = draft.path.iter().map(|h| slugify(h)).collect();
            let mut anchor = base.join("/");
            let mut n = 2;
            while !seen.insert(anchor.clone()) {
                let mut parts = base.clone();
                match parts.last_mut() {
                    Some(last) => last.push_str(&format!("-{n}")),
                    None => parts.push(format!("-{n}")),
                }
                anchor = parts.join("/");
                n += 1;
            }
            Section {
                anchor,
                path: draft.path,
                text: tidy_text(&draft.text),
                pmids: dedup(draft.pmids),
                evidence_levels: dedup(draft.evidence_levels),
            }
        })
        .collect()
}

/// Removes duplicates, keeping the first occurrence of each value.
pub(crate) fn dedup(values: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// Trims trailing spaces of each line, collapses runs of blank lines and trims the whole.
pub(crate) fn tidy_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_anchor_rule() {
        assert_eq!(slugify("Pazopanib"), "pazopanib");
        assert_eq!(
            slugify("Treatment of Advanced Stage III (N1) Soft Tissue Sarcoma"),
            "treatment-of-advanced-stage-iii-n1-soft-tissue-sarcoma"
        );
        assert_eq!(
            slugify("  Trunk and head/neck tumors "),
            "trunk-and-head-neck-tumors"
        );
        assert_eq!(
            slugify("Pseudomyogenic (Epithelioid Sarcoma–Like) Hemangioendothelioma"),
            "pseudomyogenic-epithelioid-sarcoma-like-hemangioendothelioma"
        );
        assert_eq!(slugify("Fédération"), "f-d-ration");
        assert_eq!(slugify("—"), "section");
    }

    #[test]
    fn duplicate_anchors_get_numbered() {
        let draft = |path: &[&str]| DraftSection {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            ..DraftSection::default()
        };
        let sections = finish_sections(vec![
            draft(&["A", "Surgery"]),
            draft(&["A", "Surgery"]),
            draft(&["B", "Surgery"]),
            draft(&["A", "Surgery"]),
        ]);
        let anchors: Vec<&str> = sections.iter().map(|s| s.anchor.as_str()).collect();
        assert_eq!(
            anchors,
            ["a/surgery", "a/surgery-2", "b/surgery", "a/surgery-3"]
        );
    }

    #[test]
    fn resolves_anchor_path_and_shortened_path() {
        let draft = |path: &[&str]| DraftSection {
            path: path.iter().map(|s| (*s).to_owned()).collect(),
            ..DraftSection::default()
        };
        let doc = Document {
            id: "d".into(),
            title: "D".into(),
            url: None,
            format: DocumentFormat::PdqMarkdown,
            last_reviewed: None,
            review_frequency: None,
            journal: None,
            doi: None,
            pmid: None,
            keywords: vec![],
            metadata: BTreeMap::new(),
            sections: finish_sections(vec![
                draft(&["Recurrent"]),
                draft(&["Recurrent", "Options", "Chemo", "Pazopanib"]),
                draft(&["Recurrent", "Options", "Surgery"]),
                draft(&["Stage IV", "Surgery"]),
            ]),
        };
        let anchor = |q: &str| doc.resolve(q).map(|s| s.anchor.clone());
        assert_eq!(
            anchor("recurrent/options/chemo/pazopanib").as_deref(),
            Some("recurrent/options/chemo/pazopanib")
        );
        assert_eq!(
            anchor("Recurrent › Options › Chemo › Pazopanib").as_deref(),
            Some("recurrent/options/chemo/pazopanib")
        );
        assert_eq!(
            anchor("recurrent ›  PAZOPANIB").as_deref(),
            Some("recurrent/options/chemo/pazopanib")
        );
        assert_eq!(
            anchor("Stage IV › Surgery").as_deref(),
            Some("stage-iv/surgery")
        );
        assert_eq!(anchor("Surgery"), None);
        assert_eq!(anchor("nowhere"), None);
    }
}
