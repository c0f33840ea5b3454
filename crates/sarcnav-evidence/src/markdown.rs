//! PDQ summaries in markdown with YAML front matter.
//!
//! The front matter gives the metadata (`title`, `url`, `lastReviewed`, `reviewFrequency`, and
//! whatever else it holds); the body is CommonMark with tables and footnotes. Each heading from
//! `##` down opens a section whose path is the stack of enclosing headings; `#` headings are the
//! document's titles and not part of any path. A `References` heading below a chapter's level
//! belongs to the chapter (`Chapter › References`, whatever its own level), and its numbered
//! list resolves the chapter's `[n]` citations to PMIDs.

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::document::{
    Document, DocumentFormat, DraftSection, dedup, finish_sections, is_references_heading,
};
use crate::parse::ParseError;
use crate::scan;

/// Front-matter keys read into [`Document`] fields (the first of each group that is present).
const TITLE_KEYS: &[&str] = &["title"];
const URL_KEYS: &[&str] = &["url", "source_url", "link"];
const REVIEWED_KEYS: &[&str] = &[
    "lastReviewed",
    "last_reviewed",
    "dateLastReviewed",
    "reviewed",
];
const FREQUENCY_KEYS: &[&str] = &["reviewFrequency", "review_frequency"];

/// Parses a PDQ markdown document.
pub(crate) fn parse(id: &str, source: &str) -> Result<Document, ParseError> {
    let (front_matter, body) = split_front_matter(source)?;
    let mut metadata = match front_matter {
        Some(yaml) => parse_front_matter(yaml)?,
        None => BTreeMap::new(),
    };
    let mut take = |keys: &[&str]| -> Option<String> {
        let mut found = None;
        for key in keys {
            if let Some(value) = metadata.remove(*key) {
                found = found.or(Some(value));
            }
        }
        found.filter(|v| !v.trim().is_empty())
    };
    let title = take(TITLE_KEYS);
    let url = take(URL_KEYS);
    let reviewed = take(REVIEWED_KEYS);
    let review_frequency = take(FREQUENCY_KEYS);
    let last_reviewed = match reviewed {
        Some(text) => Some(scan::parse_date(&text).ok_or_else(|| ParseError::Metadata {
            field: "lastReviewed".to_owned(),
            message: format!("{text:?} is not a date (YYYY-MM-DD)"),
        })?),
        None => None,
    };

    let body_outline = walk(body);
    let title = title
        .or_else(|| body_outline.titles.first().cloned())
        .ok_or(ParseError::NoTitle)?;
    if !body_outline.sections.iter().any(|s| !s.path.is_empty()) {
        return Err(ParseError::NoSections(if front_matter.is_some() {
            "no `##` headings after the front matter (is the file truncated?)"
        } else {
            "no `##` headings"
        }));
    }
    Ok(Document {
        id: id.to_owned(),
        title,
        url,
        format: DocumentFormat::PdqMarkdown,
        last_reviewed,
        review_frequency,
        journal: None,
        doi: None,
        pmid: None,
        keywords: Vec::new(),
        metadata,
        sections: finish_sections(body_outline.sections),
    })
}

/// Splits `---` YAML front matter from the body. A front matter that is opened and never
/// closed is an error (a truncated file, usually).
fn split_front_matter(source: &str) -> Result<(Option<&str>, &str), ParseError> {
    let mut lines = source.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok((None, source));
    };
    if first.trim_end() != "---" {
        return Ok((None, source));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for line in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok((
                Some(&source[yaml_start..offset]),
                &source[offset + line.len()..],
            ));
        }
        offset += line.len();
    }
    Err(ParseError::Truncated(
        "the front matter opened with `---` on line 1 is never closed".to_owned(),
    ))
}

/// Reads the front matter into text values: scalars as written, lists joined with `, `.
fn parse_front_matter(yaml: &str) -> Result<BTreeMap<String, String>, ParseError> {
    if yaml.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let values: BTreeMap<String, serde_json::Value> = serde_saphyr::from_str(yaml)
        .map_err(|e| ParseError::FrontMatter(first_lines(&e.to_string())))?;
    Ok(values
        .into_iter()
        .filter_map(|(key, value)| value_text(&value).map(|text| (key, text)))
        .collect())
}

fn first_lines(message: &str) -> String {
    message
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("; ")
}

fn value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(value.to_string()),
        serde_json::Value::Array(items) => Some(
            items
                .iter()
                .filter_map(value_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        serde_json::Value::Object(_) => Some(value.to_string()),
    }
}

/// What the body walk produces.
struct Outline {
    /// `#` headings, in order.
    titles: Vec<String>,
    /// Sections with their PMIDs resolved, anchors not yet assigned.
    sections: Vec<DraftSection>,
}

/// A section while the body is walked.
#[derive(Default)]
struct Building {
    draft: DraftSection,
    /// Index of the section heading its chapter (the top heading of its path).
    chapter: Option<usize>,
    /// Link targets in the section's text (PMIDs may hide there).
    urls: Vec<String>,
    /// Footnote labels cited.
    footnotes: Vec<String>,
    /// For a reference list: reference number → PMIDs.
    references: Option<BTreeMap<u32, Vec<String>>>,
}

/// Where text currently goes.
#[derive(Default)]
struct Walker {
    titles: Vec<String>,
    sections: Vec<Building>,
    current: Option<usize>,
    lead: Option<usize>,
    stack: Vec<(HeadingLevel, String, usize)>,
    heading: Option<(HeadingLevel, String)>,
    lists: Vec<Option<u64>>,
    row: Option<Vec<String>>,
    cell: Option<String>,
    /// The reference item being read: (number, text, link targets).
    reference: Option<(u32, String, Vec<String>)>,
    reference_count: u32,
    footnote: Option<(String, String, Vec<String>)>,
    footnotes: HashMap<String, Vec<String>>,
    image_depth: usize,
}

fn walk(body: &str) -> Outline {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let mut w = Walker::default();
    for event in Parser::new_ext(body, options) {
        w.event(event);
    }
    w.finish()
}

impl Walker {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => {
                if self.image_depth == 0 {
                    self.write(&text);
                }
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => self.write(&text),
            Event::Html(html) | Event::InlineHtml(html) => self.write(&strip_tags(&html)),
            Event::FootnoteReference(label) => {
                self.write(&format!("[{label}]"));
                if let Some(section) = self.current_section() {
                    section.footnotes.push(label.to_string());
                }
            }
            Event::SoftBreak => self.write(" "),
            Event::HardBreak | Event::Rule => self.write("\n"),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((level, String::new())),
            Tag::List(start) => {
                if self.lists.is_empty() {
                    self.reference_count = start
                        .and_then(|s| u32::try_from(s).ok())
                        .unwrap_or(1)
                        .saturating_sub(1);
                }
                self.write("\n");
                self.lists.push(start);
            }
            Tag::Item => {
                let depth = self.lists.len();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let marker = format!("{n}. ");
                        *n += 1;
                        marker
                    }
                    _ => "- ".to_owned(),
                };
                if depth == 1 && self.in_references() {
                    self.reference_count += 1;
                    self.reference = Some((self.reference_count, String::new(), Vec::new()));
                }
                self.write(&format!(
                    "\n{}{marker}",
                    "  ".repeat(depth.saturating_sub(1))
                ));
            }
            Tag::TableHead | Tag::TableRow => self.row = Some(Vec::new()),
            Tag::TableCell => self.cell = Some(String::new()),
            Tag::Link { dest_url, .. } => {
                let url = dest_url.to_string();
                if let Some((_, _, urls)) = &mut self.footnote {
                    urls.push(url.clone());
                } else if let Some((_, _, urls)) = &mut self.reference {
                    urls.push(url.clone());
                }
                if self.footnote.is_none()
                    && let Some(section) = self.current_section()
                {
                    section.urls.push(url);
                }
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::FootnoteDefinition(label) => {
                self.footnote = Some((label.to_string(), String::new(), Vec::new()));
            }
            Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Table(_)
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.finish_heading(),
            TagEnd::Paragraph if !self.lists.is_empty() => self.write("\n"),
            TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::DefinitionListDefinition => self.write("\n\n"),
            TagEnd::DefinitionListTitle => self.write("\n"),
            TagEnd::Item => {
                if self.lists.len() == 1
                    && let Some((number, text, urls)) = self.reference.take()
                {
                    let mut pmids = scan::pmids_in(&text);
                    for url in &urls {
                        pmids.extend(scan::pmids_in(url));
                    }
                    if let Some(refs) = self.current_section().and_then(|s| s.references.as_mut()) {
                        refs.insert(number, dedup(pmids));
                    }
                }
                self.write("\n");
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.write("\n");
            }
            TagEnd::TableCell => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    row.push(cell.split_whitespace().collect::<Vec<_>>().join(" "));
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(row) = self.row.take() {
                    let has_content = row
                        .iter()
                        .any(|c| !c.is_empty() && !c.chars().all(|ch| ch == '-' || ch == ':'));
                    if has_content {
                        let line = row.join(" | ");
                        self.write(&format!("{}\n", line.trim()));
                    }
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::FootnoteDefinition => {
                if let Some((label, text, urls)) = self.footnote.take() {
                    let mut pmids = scan::pmids_in(&text);
                    for url in &urls {
                        pmids.extend(scan::pmids_in(url));
                    }
                    self.footnotes.insert(label, dedup(pmids));
                }
            }
            TagEnd::Link
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn in_references(&self) -> bool {
        self.current
            .and_then(|i| self.sections.get(i))
            .is_some_and(|s| s.references.is_some())
    }

    fn current_section(&mut self) -> Option<&mut Building> {
        self.current.and_then(|i| self.sections.get_mut(i))
    }

    /// Sends text to the heading, footnote, table cell or section being read.
    fn write(&mut self, text: &str) {
        if let Some((_, heading)) = &mut self.heading {
            heading.push_str(text);
            return;
        }
        if let Some((_, footnote, _)) = &mut self.footnote {
            footnote.push_str(text);
            return;
        }
        if let Some(cell) = &mut self.cell {
            cell.push_str(text);
            return;
        }
        if let Some((_, reference, _)) = &mut self.reference {
            reference.push_str(text);
        }
        if self.current.is_none() {
            if text.trim().is_empty() {
                return;
            }
            let lead = *self.lead.get_or_insert_with(|| {
                self.sections.push(Building::default());
                self.sections.len() - 1
            });
            self.current = Some(lead);
        }
        if let Some(section) = self.current_section() {
            section.draft.text.push_str(text);
        }
    }

    fn finish_heading(&mut self) {
        let Some((level, raw)) = self.heading.take() else {
            return;
        };
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if level == HeadingLevel::H1 {
            self.titles.push(text);
            self.stack.clear();
            self.current = self.lead;
            return;
        }
        let index = self.sections.len();
        let below_chapter = self.stack.first().filter(|(top, _, _)| level > *top);
        let building = match below_chapter {
            Some((_, chapter_heading, chapter)) if is_references_heading(&text) => Building {
                draft: DraftSection {
                    path: vec![chapter_heading.clone(), text],
                    ..DraftSection::default()
                },
                chapter: Some(*chapter),
                references: Some(BTreeMap::new()),
                ..Building::default()
            },
            _ => {
                while self.stack.last().is_some_and(|(l, _, _)| *l >= level) {
                    self.stack.pop();
                }
                self.stack.push((level, text.clone(), index));
                let chapter = self.stack.first().map(|(_, _, i)| *i);
                Building {
                    draft: DraftSection {
                        path: self.stack.iter().map(|(_, h, _)| h.clone()).collect(),
                        ..DraftSection::default()
                    },
                    chapter,
                    references: is_references_heading(&text).then(BTreeMap::new),
                    ..Building::default()
                }
            }
        };
        self.sections.push(building);
        self.current = Some(index);
    }

    /// Resolves citations to PMIDs: a section's `[n]` through the first reference list at or
    /// after it (PDQ numbers citations per reference list, and one list may close several `##`
    /// chapters), footnotes through their definitions, plus PMIDs written in its text or links.
    /// A chapter also gets every PMID of the reference lists within it.
    fn finish(self) -> Outline {
        let mut chapter_refs: HashMap<usize, Vec<String>> = HashMap::new();
        for (i, s) in self.sections.iter().enumerate() {
            if let Some(refs) = &s.references {
                chapter_refs
                    .entry(s.chapter.unwrap_or(i))
                    .or_default()
                    .extend(refs.values().flatten().cloned());
            }
        }
        // For each section, the first reference list at or after it.
        let mut next_list: Vec<Option<BTreeMap<u32, Vec<String>>>> =
            vec![None; self.sections.len()];
        let mut following: Option<&BTreeMap<u32, Vec<String>>> = None;
        for (i, s) in self.sections.iter().enumerate().rev() {
            if let Some(refs) = &s.references {
                following = Some(refs);
            }
            next_list[i] = following.cloned();
        }
        let footnotes = self.footnotes;
        let sections = self
            .sections
            .into_iter()
            .zip(next_list)
            .enumerate()
            .map(|(i, (s, refs))| {
                let mut draft = s.draft;
                draft.text = drop_chrome_lines(&draft.text);
                let mut pmids = Vec::new();
                if let Some(own) = &s.references {
                    pmids.extend(own.values().flatten().cloned());
                }
                if let Some(refs) = &refs {
                    for n in scan::bracket_citations_in(&draft.text) {
                        pmids.extend(refs.get(&n).into_iter().flatten().cloned());
                    }
                }
                for label in &s.footnotes {
                    pmids.extend(footnotes.get(label).into_iter().flatten().cloned());
                }
                pmids.extend(scan::pmids_in(&draft.text));
                for url in &s.urls {
                    pmids.extend(scan::pmids_in(url));
                }
                if s.chapter == Some(i)
                    && let Some(all) = chapter_refs.get(&i)
                {
                    pmids.extend(all.iter().cloned());
                }
                draft.pmids = dedup(pmids);
                draft.evidence_levels = scan::evidence_levels_in(&draft.text);
                draft
            })
            .collect();
        Outline {
            titles: self.titles,
            sections,
        }
    }
}

/// Removes PDQ page chrome lines ("Go to Patient Version") from a section's text.
fn drop_chrome_lines(text: &str) -> String {
    text.lines()
        .filter(|line| {
            let line = line.trim();
            !(line.starts_with("Go to ") && line.ends_with(" Version"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of an HTML fragment without its tags and comments.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
