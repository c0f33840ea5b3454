//! Documents the project has never seen, written in the three formats with what the built-in
//! ones lack: deeper and skipped heading levels, tables, missing optional metadata, other
//! citation forms, a global reference list. They parse, ingest, and their topics are found.

mod common;

use sarcnav_evidence::{Document, DocumentFormat, Library, ingest, parse_document};

/// A PDQ-style summary with six heading levels, a skipped level, tables, footnotes and every
/// citation form we know of.
const DSRCT: &str = r#"---
title: Desmoplastic Small Round Cell Tumor Treatment (PDQ®) - NCI
url: https://www.cancer.gov/types/soft-tissue-sarcoma/hp/dsrct-treatment-pdq
lastReviewed: 2026-02-01
reviewFrequency: monthly
version: 3
audience:
  level: professional
tags: [pdq, rare]
---

# Desmoplastic Small Round Cell Tumor Treatment (PDQ®)

## General Information About Desmoplastic Small Round Cell Tumor

Desmoplastic small round cell tumor (DSRCT) is a rare sarcoma of adolescents and young adults.[[1](#cit/section_1.1)-[3](#cit/section_1.3)] It carries the EWSR1::WT1 fusion.[[4](#cit/section_1.4),[6](#cit/section_1.6)]

#### Molecular features

The EWSR1::WT1 fusion is found in nearly all tumors [5] and in one case report.[^wt1]

###### Fusion partner variants

Rare variants were described in a cohort (https://pubmed.ncbi.nlm.nih.gov/12345678/).

### Staging

Table 1. Peritoneal Sarcomatosis Index

| Region | Score |
| --- | --- |
|  |  |
| --- | --- |
| Central | 0–3 |
| Left upper quadrant | 0–3 |

### Staging

A second staging passage with the same heading.

###### References

1. Gerald WL, et al.: Clinical, pathologic, and molecular spectrum of tumors associated with t(11;22). J Clin Oncol 16: 3028-36, 1998. [[PUBMED Abstract]](http://www.ncbi.nlm.nih.gov/entrez/query.fcgi?cmd=Retrieve&db=PubMed&list_uids=9738572&dopt=Abstract)
2. Lal DR, et al.: Results of multimodal treatment for DSRCT. J Pediatr Surg 40: 251-5, 2005. PMID: 15868593
3. Hayes-Jordan A, et al.: Cytoreductive surgery and HIPEC for DSRCT. Ann Surg Oncol 21: 220-4, 2014. https://pubmed.ncbi.nlm.nih.gov/23955564/
4. Subbiah V, et al.: Multimodality treatment of DSRCT. Clin Cancer Res 24: 4865-73, 2018. [PubMed](https://www.ncbi.nlm.nih.gov/pubmed/29871905)
5. A textbook chapter without an identifier. Springer, 2020. doi:10.1007/978-3-030-00000-0
6. Honoré C, et al.: Abdominal DSRCT without extraperitoneal metastases. Ann Surg Oncol 22: 1173-9, 2015. PMID 25291957

[^wt1]: Case report of a WT1 rearrangement. PMID: 7777777

## Treatment of Desmoplastic Small Round Cell Tumor

### Cytoreductive surgery with hyperthermic intraperitoneal chemotherapy

Complete cytoreduction followed by whole abdominopelvic radiation improved survival.[1][[Level of evidence C1](/Common/PopUps/popDefinition.aspx?id=810039)] An older label form is kept too [Level of evidence: 3iiiA].

#### Chemotherapy

The P6 regimen (cyclophosphamide, doxorubicin, vincristine alternating with ifosfamide and etoposide) is given before surgery.[2]

###### References

1. Hayes-Jordan A, et al.: Cytoreduction and HIPEC. Cancer 118: 1-2, 2012. PMID: 22434420
2. Kushner BH, et al.: The P6 protocol. J Clin Oncol 14: 1526-31, 1996. PMID: 8622067
"#;

/// No front matter at all, Windows line endings, one `#` title.
const NO_FRONT_MATTER: &str = "# Epithelioid Sarcoma Notes\r\n\r\n## Tazemetostat\r\n\r\nTazemetostat is an EZH2 inhibitor for epithelioid sarcoma.\r\n\r\n## Follow-up\r\n\r\nImaging every 3 months.\r\n";

/// Front matter with only a title; one global reference list as its own `##` chapter.
const GLOBAL_REFERENCES: &str = "---\ntitle: Clear Cell Sarcoma Treatment\n---\n\n## Clear Cell Sarcoma of Soft Tissue\n\nClear cell sarcoma has the EWSR1::ATF1 fusion.[1]\n\n## Treatment\n\nWide excision is the treatment of choice.[2]\n\n## References\n\n1. Author A: Title. Journal 1: 1, 2001. PMID: 11111111\n2. Author B: Title. Journal 2: 2, 2002. PMID: 22222222\n";

fn parse(id: &str, file: &str, text: &str) -> Document {
    parse_document(id, file, text.as_bytes()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn deeper_headings_tables_and_unusual_citations() {
    let doc = parse("dsrct", "dsrct.md", DSRCT);
    assert_eq!(
        doc.title,
        "Desmoplastic Small Round Cell Tumor Treatment (PDQ®) - NCI"
    );
    assert_eq!(
        doc.last_reviewed.map(|d| d.to_string()).as_deref(),
        Some("2026-02-01")
    );
    assert_eq!(doc.review_frequency.as_deref(), Some("monthly"));
    assert_eq!(doc.metadata.get("version").map(String::as_str), Some("3"));
    assert_eq!(
        doc.metadata.get("tags").map(String::as_str),
        Some("pdq, rare")
    );

    let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
    let general = "general-information-about-desmoplastic-small-round-cell-tumor";
    assert_eq!(
        anchors,
        [
            general.to_owned(),
            format!("{general}/molecular-features"),
            format!("{general}/molecular-features/fusion-partner-variants"),
            format!("{general}/staging"),
            format!("{general}/staging-2"),
            format!("{general}/references"),
            "treatment-of-desmoplastic-small-round-cell-tumor".to_owned(),
            "treatment-of-desmoplastic-small-round-cell-tumor/cytoreductive-surgery-with-hyperthermic-intraperitoneal-chemotherapy".to_owned(),
            "treatment-of-desmoplastic-small-round-cell-tumor/cytoreductive-surgery-with-hyperthermic-intraperitoneal-chemotherapy/chemotherapy".to_owned(),
            "treatment-of-desmoplastic-small-round-cell-tumor/references".to_owned(),
        ]
    );
    let section = |anchor: &str| doc.section(anchor).expect(anchor);

    // `[1]-[3]` is a range; `[4],[6]` a list; reference 5 has a DOI only.
    assert_eq!(
        section(general).pmids[..5],
        ["9738572", "15868593", "23955564", "29871905", "25291957"]
    );
    // A bare `[5]` (no PMID), a footnote with a PMID.
    assert_eq!(
        section(&format!("{general}/molecular-features")).pmids,
        ["7777777"]
    );
    // A PubMed address in the text.
    assert_eq!(
        section(&format!(
            "{general}/molecular-features/fusion-partner-variants"
        ))
        .pmids,
        ["12345678"]
    );
    // The table: header and rows, no empty or separator rows.
    assert_eq!(
        section(&format!("{general}/staging")).text,
        "Table 1. Peritoneal Sarcomatosis Index\n\nRegion | Score\nCentral | 0–3\nLeft upper quadrant | 0–3"
    );
    let references = section(&format!("{general}/references"));
    assert_eq!(references.path[1], "References");
    assert_eq!(references.pmids.len(), 5);
    assert!(
        !references.text.contains("Case report"),
        "footnotes stay out of the text"
    );

    // The second chapter numbers its citations against its own list.
    let hipec = section(
        "treatment-of-desmoplastic-small-round-cell-tumor/cytoreductive-surgery-with-hyperthermic-intraperitoneal-chemotherapy",
    );
    assert_eq!(hipec.pmids, ["22434420"]);
    assert_eq!(hipec.evidence_levels, ["C1", "3iiiA"]);
    assert_eq!(
        section("treatment-of-desmoplastic-small-round-cell-tumor/cytoreductive-surgery-with-hyperthermic-intraperitoneal-chemotherapy/chemotherapy").pmids,
        ["8622067"]
    );
}

#[test]
fn missing_metadata_and_no_front_matter() {
    let doc = parse("epithelioid-notes", "epithelioid-notes.md", NO_FRONT_MATTER);
    assert_eq!(doc.title, "Epithelioid Sarcoma Notes");
    assert_eq!(
        (
            doc.url.as_deref(),
            doc.last_reviewed,
            doc.review_frequency.as_deref()
        ),
        (None, None, None)
    );
    let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(anchors, ["tazemetostat", "follow-up"]);
    assert_eq!(
        doc.sections[0].text,
        "Tazemetostat is an EZH2 inhibitor for epithelioid sarcoma."
    );
}

#[test]
fn a_global_reference_list_serves_every_chapter_before_it() {
    let doc = parse("ccs", "ccs.md", GLOBAL_REFERENCES);
    assert_eq!(doc.url, None);
    assert_eq!(
        doc.section("clear-cell-sarcoma-of-soft-tissue")
            .expect("s")
            .pmids,
        ["11111111"]
    );
    assert_eq!(doc.section("treatment").expect("s").pmids, ["22222222"]);
    assert_eq!(
        doc.section("references").expect("s").pmids,
        ["11111111", "22222222"]
    );
}

#[test]
fn another_scrape_and_another_abstract_page() {
    let scrape = "Learn about the benefits your employer may offer.\n\
        Incidence of Angiosarcoma\n\
        Angiosarcoma accounts for 2% of soft tissue sarcomas.[\n\
        Risk factors include the following:[\n\
        Treatment Options for Cutaneous Angiosarcoma\n\
        Paclitaxel\n\
        Weekly paclitaxel is active in scalp angiosarcoma.[\n\
        Current Clinical Trials\n\
        Use our\n\
        References:\n\
        Last Revised: 03/15/2025\n\
        Cigna HealthCare of Texas, Inc.\n";
    let doc = parse("angiosarcoma-scrape", "angiosarcoma-scrape.txt", scrape);
    assert_eq!(doc.format, DocumentFormat::PdqScrape);
    assert_eq!(
        doc.last_reviewed.map(|d| d.to_string()).as_deref(),
        Some("2025-03-15")
    );
    let anchors: Vec<&str> = doc.sections.iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        [
            "incidence-of-angiosarcoma",
            "treatment-options-for-cutaneous-angiosarcoma",
            "treatment-options-for-cutaneous-angiosarcoma/paclitaxel",
            "current-clinical-trials"
        ]
    );
    assert_eq!(
        doc.sections[0].text,
        "Angiosarcoma accounts for 2% of soft tissue sarcomas.\nRisk factors include the following:"
    );
    assert_eq!(
        doc.title, "Incidence of Angiosarcoma",
        "no citation line: first heading"
    );

    let page = "Format: Abstract\n\nSend to\n\nJ Clin Oncol. 2015 Sep;33(25):2737-44. doi: 10.1200/JCO.2014.59.7419. Epub 2015 Jul 20.\n\n\
        Weekly paclitaxel for advanced angiosarcoma: a phase II study.\n\n\
        Penel N(1), Bui BN, Bay JO.\n\nAuthor information\n\n1 Centre Oscar Lambret, Lille, France.\n\n\
        Abstract\nPURPOSE: To assess weekly paclitaxel in patients with unresectable angiosarcoma.\n\
        RESULTS: The 2-month progression-free rate was 74%. Scalp angiosarcomas responded more often than others.\n\n\
        Keywords: angiosarcoma; paclitaxel; phase II\n\nPMID: 18809609\n\n[Indexed for MEDLINE]\n";
    let doc = parse("penel-2008", "penel-2008.txt", page);
    assert_eq!(doc.format, DocumentFormat::PubmedAbstract);
    assert_eq!(
        doc.title,
        "Weekly paclitaxel for advanced angiosarcoma: a phase II study"
    );
    assert_eq!(doc.journal.as_deref(), Some("J Clin Oncol"));
    assert_eq!(
        doc.last_reviewed.map(|d| d.to_string()).as_deref(),
        Some("2015-09-01")
    );
    assert_eq!(doc.pmid.as_deref(), Some("18809609"));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://pubmed.ncbi.nlm.nih.gov/18809609/")
    );
    assert_eq!(doc.keywords, ["angiosarcoma", "paclitaxel", "phase II"]);
    assert!(
        doc.sections[0]
            .text
            .starts_with("PURPOSE: To assess weekly paclitaxel")
    );
    assert!(
        doc.sections[0]
            .text
            .contains("Scalp angiosarcomas responded")
    );
    assert_eq!(doc.sections[0].pmids, ["18809609"]);
}

#[test]
fn unseen_documents_ingest_and_their_topics_are_found() {
    let dir = common::scratch("unseen");
    let files = [
        common::write(&dir, "pdq-dsrct-treatment-hp.md", DSRCT),
        common::write(&dir, "epithelioid-notes.md", NO_FRONT_MATTER),
        common::write(&dir, "ccs.md", GLOBAL_REFERENCES),
    ];
    let index = dir.join("index");
    let report = ingest(&index, &files).expect("ingest");
    assert_eq!(report.documents.len(), 3);
    assert_eq!(report.documents[0].sections, 10);

    let library = Library::open(Some(&index)).expect("open");
    assert_eq!(library.documents().len(), 6 + 3);
    let top = |query: &str| {
        let hits = library.search(query, 3).expect("search");
        hits.first().map(|h| format!("{}#{}", h.document, h.anchor))
    };
    assert_eq!(
        top("hyperthermic intraperitoneal chemotherapy for DSRCT").as_deref(),
        Some(
            "pdq-dsrct-treatment-hp#treatment-of-desmoplastic-small-round-cell-tumor/cytoreductive-surgery-with-hyperthermic-intraperitoneal-chemotherapy"
        )
    );
    // The abbreviation the document defines also finds the passages that only spell it out.
    let dsrct = library.search("DSRCT", 10).expect("search");
    assert_eq!(
        dsrct[0].anchor,
        "general-information-about-desmoplastic-small-round-cell-tumor"
    );
    assert!(
        dsrct.iter().any(|h| h.anchor.ends_with("/chemotherapy")),
        "{dsrct:#?}"
    );
    assert_eq!(
        top("tazemetostat EZH2").as_deref(),
        Some("epithelioid-notes#tazemetostat")
    );
    let ccs = library
        .search("clear cell sarcoma wide excision", 3)
        .expect("search");
    assert_eq!(ccs[0].document, "ccs");
    assert!(ccs.iter().any(|h| h.anchor == "treatment"), "{ccs:#?}");
    // Built-in documents are still there, ranked with the same statistics.
    assert_eq!(
        library.search("pazopanib", 1).expect("search")[0].document,
        "pdq-soft-tissue-sarcoma-treatment-hp"
    );
    // Citations resolve against ingested documents too.
    assert!(
        library
            .resolve(
                "pdq-dsrct-treatment-hp",
                "general-information-about-desmoplastic-small-round-cell-tumor/staging-2"
            )
            .is_some()
    );
    assert!(library.resolve_citation("ccs#References").is_some());
}
