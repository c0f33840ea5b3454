//! `kb check`: every rule the knowledge data must satisfy, reported all at once.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use sarcnav_core::Knowledge;
use sarcnav_core::agents::is_known_agent;
use sarcnav_core::contract::EvidenceRef;
use serde::Deserialize;

/// PDQ levels of evidence for treatment studies (PDQ "Levels of Evidence for Adult and Pediatric
/// Cancer Treatment Studies": strength of study design × strength of end points).
pub const PDQ_LEVELS: &[&str] = &[
    "A1", "A2", "A3", "B1", "B2", "B3", "B4", "C1", "C2", "C3", "D",
];

/// How serious a finding is. Errors and changed sources fail the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The data is wrong: fix it.
    Error,
    /// A cited section's text changed since it was reviewed: review the entries that cite it.
    Changed,
}

/// One problem found by the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The entry (option or caution id, or file) it concerns.
    pub entry: String,
    pub message: String,
}

/// The outcome of a knowledge check.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub findings: Vec<Finding>,
    pub options: usize,
    pub cautions: usize,
    /// Evidence entries (and caution citations) checked.
    pub citations: usize,
    /// Distinct cited sections.
    pub sections: usize,
    /// Distinct cited sections that resolved in the evidence library (0 when none was given).
    pub resolved: usize,
}

impl CheckReport {
    /// Findings that are errors.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    /// True when nothing fails the check.
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }

    fn error(&mut self, entry: &str, message: String) {
        self.findings.push(Finding {
            severity: Severity::Error,
            entry: entry.to_owned(),
            message,
        });
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for finding in &self.findings {
            let tag = match finding.severity {
                Severity::Error => "error",
                Severity::Changed => "changed",
            };
            writeln!(f, "{tag}: {}: {}", finding.entry, finding.message)?;
        }
        let errors = self.errors().count();
        let changed = self.findings.len() - errors;
        write!(
            f,
            "kb check: {} options, {} cautions, {} citations of {} sections ({} resolved in the evidence library); {} errors, {} changed sources",
            self.options,
            self.cautions,
            self.citations,
            self.sections,
            self.resolved,
            errors,
            changed
        )
    }
}

/// Access to the evidence library's sections, for resolving citations.
pub trait SectionLookup {
    /// The text of `section` (an anchor or a " › " heading path) of document `doc`, or `None`
    /// when it does not resolve.
    fn section_text(&self, doc: &str, section: &str) -> Option<String>;
}

/// A stable fingerprint of a section's text (FNV-1a 64 over whitespace-collapsed text), recorded
/// in `knowledge/reviewed-sections.toml` when a reviewer has checked the entries citing it.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            hash ^= u64::from(b' ');
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        first = false;
        for b in word.bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("fnv1a64:{hash:016x}")
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ReviewedFile {
    #[serde(default)]
    section: Vec<ReviewedSection>,
}

/// One reviewed section: the fingerprint of its text when the citing entries were reviewed.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ReviewedSection {
    pub source: String,
    pub section: String,
    pub fingerprint: String,
}

/// Every (source, section) the knowledge cites, with the entries citing it, in first-cited order.
pub fn citations(k: &Knowledge) -> BTreeMap<(String, String), Vec<String>> {
    let mut cited: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for o in &k.options {
        for e in &o.evidence {
            cited
                .entry((e.source.clone(), e.section.clone()))
                .or_default()
                .push(o.id.clone());
        }
    }
    for c in &k.cautions {
        cited
            .entry((c.source.clone(), c.section.clone()))
            .or_default()
            .push(c.id.clone());
    }
    cited
}

/// Writes the reviewed-sections file for the current citations (after a reviewer has checked
/// the entries): what `sarcnav kb review` records.
pub fn reviewed_sections_toml(k: &Knowledge, lookup: &dyn SectionLookup) -> String {
    let mut out = String::from(
        "# Fingerprints of every cited section's text when the entries citing it were last reviewed.\n\
         # Written by `sarcnav kb review`; `sarcnav kb check` flags sections whose text changed since.\n",
    );
    for (source, section) in citations(k).keys() {
        if let Some(text) = lookup.section_text(source, section) {
            out.push_str(&format!(
                "\n[[section]]\nsource = {source:?}\nsection = {section:?}\nfingerprint = {:?}\n",
                fingerprint(&text)
            ));
        }
    }
    out
}

fn check_evidence(report: &mut CheckReport, k: &Knowledge, id: &str, e: &EvidenceRef) {
    report.citations += 1;
    if let Some(level) = &e.level
        && !PDQ_LEVELS.contains(&level.as_str())
    {
        report.error(
            id,
            format!(
                "evidence level `{level}` is not a PDQ level of evidence ({})",
                PDQ_LEVELS.join(", ")
            ),
        );
    }
    for pmid in &e.pmids {
        if pmid.is_empty()
            || pmid.len() > 9
            || !pmid.bytes().all(|b| b.is_ascii_digit())
            || pmid.starts_with('0')
        {
            report.error(
                id,
                format!("PMID `{pmid}` is not well formed (1–9 digits, no leading zero)"),
            );
        }
    }
    if k.source(&e.source).is_none() {
        report.error(
            id,
            format!(
                "evidence source `{}` is not in knowledge/sources.toml",
                e.source
            ),
        );
    }
    if e.section.trim().is_empty() {
        report.error(id, "evidence section is empty".to_owned());
    }
}

/// Checks the knowledge. With a `lookup`, every citation must resolve in the evidence library and
/// its text must match the fingerprint recorded in `reviewed` (the reviewed-sections file).
pub fn check(k: &Knowledge, lookup: Option<&dyn SectionLookup>, reviewed: &str) -> CheckReport {
    let mut report = CheckReport {
        options: k.options.len(),
        cautions: k.cautions.len(),
        ..CheckReport::default()
    };
    let mut ids = HashSet::new();
    for (group, members) in &k.agent_groups {
        for m in members.iter().filter(|m| !is_known_agent(m)) {
            report.error(
                &format!("agent group {group}"),
                format!("unknown agent `{m}`"),
            );
        }
    }
    for o in &k.options {
        if !ids.insert(o.id.as_str()) {
            report.error(&o.id, "duplicate id".to_owned());
        }
        if o.id.is_empty()
            || !o
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            report.error(
                &o.id,
                "id must be lowercase letters, digits and hyphens".to_owned(),
            );
        }
        for a in o.agents.iter().filter(|a| !is_known_agent(a)) {
            report.error(
                &o.id,
                format!("unknown agent `{a}` (crates/sarcnav-core/src/agents.rs)"),
            );
        }
        if o.when.disease.is_none() {
            report.error(&o.id, "`when.disease` is required".to_owned());
        }
        if o.evidence.is_empty() {
            report.error(
                &o.id,
                "an option needs at least one evidence entry".to_owned(),
            );
        }
        if o.name.trim().is_empty() || o.rationale.trim().is_empty() {
            report.error(&o.id, "name and rationale must not be empty".to_owned());
        }
        for r in &o.restrictions {
            use sarcnav_core::options::Restriction::{NoPriorOf, PriorAnyOf};
            if let PriorAnyOf { group, .. } | NoPriorOf { group, .. } = r
                && !k.agent_groups.contains_key(group)
            {
                report.error(
                    &o.id,
                    format!("restriction names unknown agent group `{group}`"),
                );
            }
        }
        for e in &o.evidence {
            check_evidence(&mut report, k, &o.id, e);
        }
    }
    for c in &k.cautions {
        report.citations += 1;
        if !ids.insert(c.id.as_str()) {
            report.error(&c.id, "duplicate id".to_owned());
        }
        if k.source(&c.source).is_none() {
            report.error(
                &c.id,
                format!(
                    "caution source `{}` is not in knowledge/sources.toml",
                    c.source
                ),
            );
        }
    }
    let reviewed: ReviewedFile = match toml::from_str(reviewed) {
        Ok(r) => r,
        Err(e) => {
            report.error("knowledge/reviewed-sections.toml", e.to_string());
            ReviewedFile::default()
        }
    };
    report.sections = citations(k).len();
    if let Some(lookup) = lookup {
        let recorded: BTreeMap<(&str, &str), &str> = reviewed
            .section
            .iter()
            .map(|r| {
                (
                    (r.source.as_str(), r.section.as_str()),
                    r.fingerprint.as_str(),
                )
            })
            .collect();
        for ((source, section), entries) in citations(k) {
            let who = entries.join(", ");
            match lookup.section_text(&source, &section) {
                None => report.error(
                    &who,
                    format!(
                        "citation `{source}#{section}` does not resolve in the evidence library"
                    ),
                ),
                Some(text) => {
                    report.resolved += 1;
                    let now = fingerprint(&text);
                    match recorded.get(&(source.as_str(), section.as_str())) {
                        None => report.error(&who, format!("`{source}#{section}` has no reviewed fingerprint: review the entries, then run `sarcnav kb review`")),
                        Some(&then) if then != now => report.findings.push(Finding {
                            severity: Severity::Changed,
                            entry: who,
                            message: format!("the text of `{source}#{section}` changed since it was reviewed ({then} → {now}): review these entries against the new text, then run `sarcnav kb review`"),
                        }),
                        Some(_) => {}
                    }
                }
            }
        }
    }
    report
}
