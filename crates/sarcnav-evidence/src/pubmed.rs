//! PubMed abstract pages saved as text.
//!
//! The page reads, between its chrome ("Send to", "Author information", "Full text links", …):
//! the citation line (`Int J Cancer. 2017 Aug 15;141(4):848-855. doi: 10.1002/ijc.30775.`),
//! the title, authors and affiliations, the abstract (one or more paragraphs, optionally under
//! an "Abstract" line), the keywords (`a; b; c`, optionally after "Keywords:") and `PMID:`.
//! The document has one section, `Abstract`.

use crate::document::{Document, DocumentFormat, DraftSection, finish_sections};
use crate::parse::ParseError;
use crate::scan;

/// Page chrome lines, compared case-insensitively with the whole trimmed line.
const CHROME: &[&str] = &[
    "send to",
    "choose destination",
    "[indexed for medline]",
    "free full text",
    "free pmc article",
    "free article",
    "supplemental content",
    "full text links",
    "loading ...",
    "loading...",
    "loading…",
    "support center",
    "similar articles",
    "cited by",
    "publication types",
    "mesh terms",
    "substances",
    "related information",
    "linkout - more resources",
    "grant support",
    "display options",
    "format: abstract",
    "save",
    "email",
    "cite",
    "share",
    "page navigation",
    "full text sources",
    "other literature sources",
    "medical",
    "miscellaneous",
];

/// Whether a text looks like a PubMed abstract page: a journal citation line near the top.
pub(crate) fn looks_like_pubmed(source: &str) -> bool {
    source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(20)
        .any(|l| citation_line(l).is_some())
}

/// Journal, date and the rest of a citation line `Journal. YYYY Mon DD;vol(issue):pages. …`.
fn citation_line(line: &str) -> Option<(String, &str)> {
    let (journal, rest) = line.split_once(". ")?;
    let year = rest.get(..4)?;
    let is_year = year.bytes().all(|b| b.is_ascii_digit())
        && (1800..=2200).contains(&year.parse::<u32>().ok()?);
    let has_locator = rest.contains(';') || rest.to_ascii_lowercase().contains("doi:");
    (is_year && has_locator && !journal.is_empty() && journal.len() <= 120)
        .then(|| (journal.trim().to_owned(), rest))
}

/// Parses a PubMed abstract page.
pub(crate) fn parse(id: &str, source: &str) -> Result<Document, ParseError> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let (citation_at, journal, citation_rest) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| citation_line(l).map(|(j, rest)| (i, j, rest)))
        .ok_or(ParseError::NotRecognized(
            "no journal citation line (`Journal. YYYY Mon DD;vol(issue):pages`)",
        ))?;
    let date_text = citation_rest
        .split([';', ':', '.'])
        .next()
        .unwrap_or_default();
    let published = scan::parse_date(date_text);
    let doi = find_doi(source);
    let pmid = lines.iter().find_map(|l| {
        l.to_ascii_lowercase()
            .starts_with("pmid")
            .then(|| scan::pmids_in(l).into_iter().next())
            .flatten()
    });

    // Blocks of non-chrome lines after the citation, split at blank lines.
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in &lines[citation_at + 1..] {
        if line.is_empty() {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if !is_chrome(line)
            && let Some(block) = blocks.last_mut()
        {
            block.push(line);
        }
    }
    blocks.retain(|b| !b.is_empty());

    let mut blocks = blocks.into_iter();
    let title_block = blocks.next().ok_or(ParseError::Truncated(
        "the page ends after the citation line: no title".to_owned(),
    ))?;
    let title = title_block
        .first()
        .map(|t| t.trim_end_matches('.').to_owned())
        .unwrap_or_default();

    let mut abstract_paragraphs: Vec<String> = Vec::new();
    let mut keywords: Vec<String> = Vec::new();
    let mut after_affiliations = !title_block
        .iter()
        .copied()
        .chain(blocks.clone().flatten())
        .any(|l| l.eq_ignore_ascii_case("author information"));
    for block in blocks {
        let first = block.first().copied().unwrap_or_default();
        if first.eq_ignore_ascii_case("author information") {
            // The affiliations follow in the same block or the next one.
            after_affiliations = block.len() > 1;
            continue;
        }
        if !after_affiliations {
            after_affiliations = true;
            continue;
        }
        if let Some(list) = keywords_line(first, !abstract_paragraphs.is_empty()) {
            keywords = list;
            continue;
        }
        if first.eq_ignore_ascii_case("abstract") {
            abstract_paragraphs.extend(block[1..].iter().map(|l| (*l).to_owned()));
            continue;
        }
        let lower = first.to_ascii_lowercase();
        if lower.starts_with("pmid") || lower.starts_with("copyright") || first.starts_with('©') {
            continue;
        }
        let joined = block.join(" ");
        let prose = joined.len() >= 60 && joined.ends_with('.');
        if keywords.is_empty()
            && (joined.len() >= 200 || (!abstract_paragraphs.is_empty() && prose))
        {
            abstract_paragraphs.extend(block.iter().map(|l| (*l).to_owned()));
        }
    }
    if title.is_empty() {
        return Err(ParseError::NoTitle);
    }
    if abstract_paragraphs.is_empty() {
        return Err(ParseError::Truncated(
            "no abstract after the title and affiliations (is the page truncated?)".to_owned(),
        ));
    }
    let text = abstract_paragraphs.join("\n\n");
    let section = DraftSection {
        path: vec!["Abstract".to_owned()],
        evidence_levels: scan::evidence_levels_in(&text),
        pmids: pmid.iter().cloned().collect(),
        text,
    };
    let url = pmid
        .as_ref()
        .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"))
        .or_else(|| doi.as_ref().map(|d| format!("https://doi.org/{d}")));
    Ok(Document {
        id: id.to_owned(),
        title,
        url,
        format: DocumentFormat::PubmedAbstract,
        last_reviewed: published,
        review_frequency: None,
        journal: Some(journal),
        doi,
        pmid,
        keywords,
        metadata: Default::default(),
        sections: finish_sections(vec![section]),
    })
}

fn is_chrome(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    CHROME.contains(&lower.as_str()) || lower.starts_with("icon for ")
}

/// The first DOI on the page (`doi: 10.1002/ijc.30775`).
fn find_doi(source: &str) -> Option<String> {
    let lower = source.to_ascii_lowercase();
    let at = lower.find("doi:")?;
    let doi = source[at + 4..]
        .split_whitespace()
        .next()?
        .trim_end_matches(['.', ',', ';']);
    doi.starts_with("10.").then(|| doi.to_owned())
}

/// Keywords: a line `Keywords: a; b; c`, or (after the abstract) a single line of short
/// `;`-separated phrases without a final period.
fn keywords_line(line: &str, after_abstract: bool) -> Option<Vec<String>> {
    let lower = line.to_ascii_lowercase();
    let list = if let Some(rest) = lower.strip_prefix("keywords") {
        &line[line.len() - rest.len()..]
    } else if after_abstract
        && line.contains(';')
        && !line.ends_with('.')
        && line.split(';').all(|k| k.split_whitespace().count() <= 6)
    {
        line
    } else {
        return None;
    };
    Some(
        list.trim_start_matches([':', ' '])
            .split(';')
            .map(|k| k.trim().trim_end_matches('.').to_owned())
            .filter(|k| !k.is_empty())
            .collect(),
    )
}
