//! Plain-text scrapes of PDQ web pages.
//!
//! A scrape is one line per paragraph, heading or table row, wrapped in the hosting site's
//! boilerplate (insurance and vendor lines) and cut wherever the page had a link: citations and
//! the lists after "…the following:[" are lost, leaving a `[` at the end of the line. The page
//! footer carries the "Last Revised: YYYY-MM-DD" date; everything after it is site chrome.
//!
//! Heading levels are lost too. They are recovered from NCI's heading style: chapter-level
//! headings are Title Case ("Treatment Options for Recurrent Soft Tissue Sarcoma"), headings
//! below them sentence case or a single word ("Chemotherapy and targeted therapy",
//! "Pazopanib"). A Title Case heading starts a top-level section; any other heading nests under
//! the last Title Case one.

use crate::document::{Document, DocumentFormat, DraftSection, finish_sections};
use crate::parse::ParseError;
use crate::scan;

/// Lines of the hosting site, not of the summary (matched case-insensitively).
const VENDOR_MARKERS: &[&str] = &[
    "benefits your employer",
    "healthwise",
    "cigna",
    "insured by",
    "insured or administered",
    "insurance plans",
    "insurance policies",
    "licensed agent",
    "not intended for residents",
    "does not replace the advice of a doctor",
];

/// Words that do not end a heading: a line ending with one was cut before a link.
const DANGLING_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "our",
    "of",
    "to",
    "for",
    "on",
    "in",
    "with",
    "and",
    "or",
    "by",
    "at",
    "from",
    "as",
    "is",
    "are",
    "be",
    "see",
    "visit",
    "including",
    "such",
    "your",
    "this",
    "that",
    "website's",
    "than",
];

/// Words that stay lowercase in a Title Case heading.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs",
    "vs.", "with", "without", "into", "per", "via",
];

/// Parses a plain-text PDQ scrape.
pub(crate) fn parse(id: &str, source: &str) -> Result<Document, ParseError> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let footer = lines
        .iter()
        .position(|l| l.to_ascii_lowercase().starts_with("last revised"))
        .ok_or_else(|| {
            ParseError::Truncated(
                "no \"Last Revised:\" line: the page footer is missing (is the scrape truncated?)"
                    .to_owned(),
            )
        })?;
    let revised_text = lines[footer]
        .split_once(':')
        .map_or("", |(_, date)| date.trim());
    let last_reviewed = scan::parse_date(revised_text).ok_or_else(|| ParseError::Metadata {
        field: "Last Revised".to_owned(),
        message: format!("{revised_text:?} is not a date (YYYY-MM-DD)"),
    })?;

    let mut citation: Option<&str> = None;
    let mut kept: Vec<&str> = Vec::new();
    for (i, raw) in lines[..footer].iter().enumerate() {
        if raw.is_empty() || is_vendor_line(raw) || is_cut_references_line(raw) || is_fragment(raw)
        {
            continue;
        }
        if i > 0
            && lines[i - 1]
                .to_ascii_lowercase()
                .starts_with("the preferred citation")
        {
            citation = Some(raw);
        }
        kept.push(raw);
    }

    let mut drafts: Vec<DraftSection> = Vec::new();
    let mut top: Option<String> = None;
    let mut first_heading: Option<String> = None;
    for (i, raw) in kept.iter().enumerate() {
        if is_heading(raw) {
            let heading = (*raw).to_owned();
            first_heading.get_or_insert_with(|| heading.clone());
            // A heading directly followed by another one opens a group of its own.
            let opens_group = kept.get(i + 1).is_some_and(|next| is_heading(next));
            let path = if is_title_case(raw) || opens_group {
                top = Some(heading.clone());
                vec![heading]
            } else {
                match &top {
                    Some(parent) => vec![parent.clone(), heading],
                    None => vec![heading],
                }
            };
            drafts.push(DraftSection {
                path,
                ..DraftSection::default()
            });
            continue;
        }
        let line = uncut(raw);
        if drafts.is_empty() {
            drafts.push(DraftSection::default());
        }
        if let Some(section) = drafts.last_mut() {
            section.text.push_str(&line);
            section.text.push('\n');
        }
    }
    if !drafts.iter().any(|d| !d.path.is_empty()) {
        return Err(ParseError::NoSections("no heading lines found"));
    }
    for draft in &mut drafts {
        draft.evidence_levels = scan::evidence_levels_in(&draft.text);
        draft.pmids = scan::pmids_in(&draft.text);
    }
    let (citation_title, url) = citation.map(parse_citation).unwrap_or_default();
    let title = citation_title
        .or(first_heading)
        .ok_or(ParseError::NoTitle)?;
    Ok(Document {
        id: id.to_owned(),
        title,
        url,
        format: DocumentFormat::PdqScrape,
        last_reviewed: Some(last_reviewed),
        review_frequency: None,
        journal: None,
        doi: None,
        pmid: None,
        keywords: Vec::new(),
        metadata: Default::default(),
        sections: finish_sections(drafts),
    })
}

fn is_vendor_line(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    VENDOR_MARKERS.iter().any(|m| lower.contains(m))
}

/// A few words cut before a link ("Use our"): nothing left to read.
fn is_fragment(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() <= 3
        && words
            .last()
            .is_some_and(|w| DANGLING_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// `References:` with its list cut away.
fn is_cut_references_line(line: &str) -> bool {
    let trimmed = line.trim_end_matches('[').trim();
    trimmed.eq_ignore_ascii_case("references:") || trimmed.eq_ignore_ascii_case("references")
}

/// Removes the `[` left where a citation or list was cut (`following:[`, `sunitinib[ |`).
fn uncut(line: &str) -> String {
    line.replace("[ |", " |")
        .trim_end()
        .trim_end_matches('[')
        .trim_end()
        .to_owned()
}

/// A heading line: short, starts with a capital letter or digit, no sentence or table
/// punctuation at its end, not a table row, and not a sentence cut before a link.
fn is_heading(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some(last) = words.last() else {
        return false;
    };
    line.chars().count() <= 110
        && words.len() <= 14
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !line.contains('|')
        && !line.ends_with(['.', ':', '[', ';', ',', '?', '!', '"', '-'])
        && !DANGLING_WORDS.contains(&last.to_ascii_lowercase().as_str())
}

/// Title Case: at least two words, and every word that is not a minor word starts with a
/// capital letter or digit.
fn is_title_case(heading: &str) -> bool {
    let words: Vec<&str> = heading.split_whitespace().collect();
    words.len() >= 2
        && words.iter().all(|word| {
            let bare = word.trim_start_matches(['(', '[', '"', '–', '-']);
            MINOR_WORDS.contains(&bare.to_ascii_lowercase().as_str())
                || bare
                    .chars()
                    .next()
                    .is_none_or(|c| c.is_uppercase() || !c.is_alphabetic())
        })
}

/// The summary title and address from the preferred citation line: "PDQ® Adult Treatment
/// Editorial Board. PDQ Soft Tissue Sarcoma Treatment. Bethesda, MD: … Available at: URL".
fn parse_citation(line: &str) -> (Option<String>, Option<String>) {
    let title = line
        .split(". ")
        .nth(1)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t.len() < 200);
    let url = line.find("http").map(|start| {
        line[start..]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches(['.', ')', ']'])
            .to_owned()
    });
    (title, url.filter(|u| !u.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_heading_lines() {
        for heading in [
            "Incidence and Mortality",
            "Treatment Options for Advanced Stage III (N1) Soft Tissue Sarcoma",
            "Trunk and head/neck tumors",
            "Pazopanib",
        ] {
            assert!(is_heading(heading), "{heading}");
        }
        for line in [
            "Use our",
            "Risk factors include the following:[",
            "Evidence (eribulin):",
            "T1 | Tumor ≤5 cm in greatest dimension. | Tumor ≤2 cm. | Organ confined. |",
            "This summary is written and maintained by the",
            "a Adapted from O'Sullivan et al.,[ |",
        ] {
            assert!(!is_heading(line), "{line}");
        }
    }

    #[test]
    fn title_case_separates_levels() {
        assert!(is_title_case(
            "Treatment Options for Recurrent Soft Tissue Sarcoma"
        ));
        assert!(is_title_case(
            "American Joint Committee on Cancer (AJCC) Staging System"
        ));
        assert!(is_title_case("Follow-Up Testing"));
        assert!(!is_title_case("Chemotherapy and targeted therapy"));
        assert!(!is_title_case("Pazopanib"));
        assert!(!is_title_case("TNM definitions"));
    }

    #[test]
    fn uncuts_lines() {
        assert_eq!(uncut("include the following:["), "include the following:");
        assert_eq!(
            uncut("Angiosarcoma | Taxanes[ |"),
            "Angiosarcoma | Taxanes |"
        );
    }
}
