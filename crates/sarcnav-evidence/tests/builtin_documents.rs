//! Each built-in document parses into the sections, dates, PMIDs and evidence levels its source
//! shows.

mod common;

use sarcnav_evidence::{Document, DocumentFormat, Library, Section};

fn library() -> Library {
    Library::builtin().expect("built-in documents parse")
}

fn doc<'a>(library: &'a Library, id: &str) -> &'a Document {
    library.document(id).expect("built-in document")
}

fn section<'a>(document: &'a Document, anchor: &str) -> &'a Section {
    document
        .section(anchor)
        .unwrap_or_else(|| panic!("{}#{anchor} exists", document.id))
}

/// Heading lines from `##` to `######` in a markdown file, counted independently of the parser.
fn markdown_headings(text: &str) -> usize {
    let body = text.splitn(3, "---\n").nth(2).expect("front matter");
    body.lines()
        .filter(|l| {
            let hashes = l.chars().take_while(|c| *c == '#').count();
            (2..=6).contains(&hashes) && l[hashes..].starts_with(' ')
        })
        .count()
}

#[test]
fn the_library_holds_the_six_documents_with_their_file_names_as_ids() {
    let library = library();
    let mut ids: Vec<&str> = library.documents().iter().map(|d| d.id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "ji-2017-sirolimus-khe",
            "pdq-childhood-vascular-tumors-treatment-hp",
            "pdq-kaposi-sarcoma-treatment-hp",
            "pdq-levels-of-evidence-treatment",
            "pdq-soft-tissue-sarcoma-treatment-hp",
            "pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape",
        ]
    );
}

#[test]
fn pdq_markdown_documents_have_one_section_per_heading_and_their_metadata() {
    let library = library();
    for (id, headings) in [
        ("pdq-soft-tissue-sarcoma-treatment-hp", 81),
        ("pdq-kaposi-sarcoma-treatment-hp", 57),
        ("pdq-childhood-vascular-tumors-treatment-hp", 121),
        ("pdq-levels-of-evidence-treatment", 14),
    ] {
        let document = doc(&library, id);
        let text = common::builtin_text(&format!("{id}.md"));
        assert_eq!(
            markdown_headings(&text),
            headings,
            "{id}: heading lines in the file"
        );
        assert_eq!(document.sections.len(), headings, "{id}: sections");
        assert_eq!(document.format, DocumentFormat::PdqMarkdown);
        assert_eq!(
            document.last_reviewed.map(|d| d.to_string()).as_deref(),
            Some("2025-12-30"),
            "{id}"
        );
        assert_eq!(document.review_frequency.as_deref(), Some("quarterly"));
        assert!(
            document
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://www.cancer.gov/")),
            "{id}"
        );
        assert!(
            document.title.contains("(PDQ®)"),
            "{id}: {}",
            document.title
        );
        assert_eq!(
            document.metadata.get("source").map(String::as_str),
            Some("NCI")
        );
        // Anchors are unique and every path starts at a `##` heading, never a `#` title.
        let mut anchors: Vec<&str> = document
            .sections
            .iter()
            .map(|s| s.anchor.as_str())
            .collect();
        anchors.sort_unstable();
        anchors.dedup();
        assert_eq!(
            anchors.len(),
            document.sections.len(),
            "{id}: unique anchors"
        );
        assert!(
            document
                .sections
                .iter()
                .all(|s| !s.path.is_empty() && !s.path[0].contains("(PDQ®)")),
            "{id}: no section under the title"
        );
    }
}

#[test]
fn sts_recurrent_chapter_resolves_citations_to_pmids() {
    let library = library();
    let sts = doc(&library, "pdq-soft-tissue-sarcoma-treatment-hp");
    let pazopanib = section(
        sts,
        "treatment-of-recurrent-soft-tissue-sarcoma/treatment-options-for-recurrent-soft-tissue-sarcoma/chemotherapy-and-targeted-therapy/pazopanib",
    );
    assert_eq!(
        pazopanib.path_string(),
        "Treatment of Recurrent Soft Tissue Sarcoma › Treatment Options for Recurrent Soft Tissue Sarcoma › Chemotherapy and targeted therapy › Pazopanib"
    );
    // [21] van der Graaf et al., PALETTE.
    assert_eq!(pazopanib.pmids, ["22595799"]);
    assert!(pazopanib.text.contains("approved by the FDA in 2012"));

    // `[1]-[7]` is a range: references 4–7 have PMIDs (1–3 are book chapters), and 8–10 too.
    let surgery = section(
        sts,
        "treatment-of-recurrent-soft-tissue-sarcoma/treatment-options-for-recurrent-soft-tissue-sarcoma/surgery-with-or-without-radiation-therapy",
    );
    assert_eq!(
        surgery.pmids,
        [
            "9626317", "2025846", "1575625", "9053489", "8616759", "1730117", "7490246"
        ]
    );
    assert_eq!(surgery.evidence_levels, ["C3"]);

    // The reference list is its own section under the chapter; the chapter gets its PMIDs.
    let references = section(sts, "treatment-of-recurrent-soft-tissue-sarcoma/references");
    assert_eq!(
        references.path,
        ["Treatment of Recurrent Soft Tissue Sarcoma", "References"]
    );
    assert_eq!(references.pmids.len(), 20, "23 references, 3 without PMID");
    let chapter = section(sts, "treatment-of-recurrent-soft-tissue-sarcoma");
    assert!(references.pmids.iter().all(|p| chapter.pmids.contains(p)));
}

#[test]
fn sts_evidence_levels_and_duplicate_headings() {
    let library = library();
    let sts = doc(&library, "pdq-soft-tissue-sarcoma-treatment-hp");
    let adjuvant = section(
        sts,
        "treatment-option-overview-for-soft-tissue-sarcoma/chemotherapy/adjuvant-chemotherapy-for-clinically-localized-tumors",
    );
    assert_eq!(adjuvant.evidence_levels, ["B1", "A1"]);
    // "Current Clinical Trials" recurs in every treatment chapter, under different parents.
    let trials = sts
        .sections
        .iter()
        .filter(|s| s.heading() == "Current Clinical Trials")
        .count();
    assert_eq!(trials, 5);
    assert!(
        sts.section("treatment-of-stage-i-soft-tissue-sarcoma/current-clinical-trials")
            .is_some()
    );
    // Tables become rows of cells.
    let tnm = section(
        sts,
        "stage-information-for-soft-tissue-sarcoma/american-joint-committee-on-cancer-ajcc-staging-system/tnm-definitions",
    );
    assert!(
        tnm.text
            .contains("T1 | Tumor ≤5 cm in greatest dimension. | Tumor ≤2 cm. | Organ confined.")
    );
}

#[test]
fn kaposi_summary_sections() {
    let library = library();
    let ks = doc(&library, "pdq-kaposi-sarcoma-treatment-hp");
    assert_eq!(ks.title, "Kaposi Sarcoma Treatment (PDQ®) - NCI");
    let staging = section(
        ks,
        "stage-information-and-response-evaluation-for-kaposi-sarcoma/staging",
    );
    assert!(staging.text.contains("CD4"));
    let references = ks.sections.iter().filter(|s| s.is_references()).count();
    assert_eq!(references, 5);
    let levels: Vec<&str> = ks
        .sections
        .iter()
        .flat_map(|s| s.evidence_levels.iter().map(String::as_str))
        .collect();
    // 5 × B3, 1 × B4, 6 × C3 linked in the text; a section lists each label once.
    assert!(levels.contains(&"B3") && levels.contains(&"B4") && levels.contains(&"C3"));
    assert!(
        !ks.sections
            .iter()
            .any(|s| s.text.contains("Go to Patient Version"))
    );
}

#[test]
fn vascular_tumors_khe_sirolimus_section_cites_ji_2017() {
    let library = library();
    let vascular = doc(&library, "pdq-childhood-vascular-tumors-treatment-hp");
    let sirolimus = vascular
        .resolve(
            "Intermediate Tumors (Locally Aggressive) › Sirolimus with or without steroid therapy",
        )
        .expect("shortened heading path resolves");
    assert_eq!(sirolimus.path.len(), 5, "five heading levels: ## to ######");
    // Ji et al. 2017 is reference 30 of the chapter.
    assert!(
        sirolimus.pmids.contains(&"28486787".to_owned()),
        "{:?}",
        sirolimus.pmids
    );
    assert_eq!(sirolimus.evidence_levels, ["A3"]);
}

#[test]
fn pubmed_abstract_page_gives_the_article_without_page_chrome() {
    let library = library();
    let ji = doc(&library, "ji-2017-sirolimus-khe");
    assert_eq!(ji.format, DocumentFormat::PubmedAbstract);
    assert_eq!(
        ji.title,
        "Sirolimus for the treatment of progressive kaposiform hemangioendothelioma: A multicenter retrospective study"
    );
    assert_eq!(ji.journal.as_deref(), Some("Int J Cancer"));
    assert_eq!(ji.doi.as_deref(), Some("10.1002/ijc.30775"));
    assert_eq!(
        ji.last_reviewed.map(|d| d.to_string()).as_deref(),
        Some("2017-08-15")
    );
    assert_eq!(ji.url.as_deref(), Some("https://doi.org/10.1002/ijc.30775"));
    assert_eq!(
        ji.keywords,
        [
            "Kasabach-Merritt phenomenon",
            "efficacy",
            "kaposiform hemangioendothelioma",
            "safety",
            "sirolimus"
        ]
    );
    assert_eq!(ji.sections.len(), 1);
    let abstract_text = &ji.sections[0].text;
    assert!(
        abstract_text.starts_with("Kaposiform hemangioendothelioma (KHE) is an aggressive disease")
    );
    assert!(abstract_text.ends_with("multidisciplinary approach for the treatment of KHE."));
    for chrome in [
        "Send to",
        "Author information",
        "Division of Oncology",
        "MEDLINE",
        "Wiley",
        "Loading",
    ] {
        assert!(!abstract_text.contains(chrome), "{chrome}");
    }
}

#[test]
fn scrape_loses_the_site_boilerplate_and_keeps_the_revision_date() {
    let library = library();
    let scrape = doc(&library, "pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape");
    assert_eq!(scrape.format, DocumentFormat::PdqScrape);
    assert_eq!(scrape.title, "PDQ Soft Tissue Sarcoma Treatment");
    assert_eq!(
        scrape.last_reviewed.map(|d| d.to_string()).as_deref(),
        Some("2024-04-10")
    );
    // 62 heading lines; "Use our" and other sentences cut before a link are not headings.
    assert_eq!(scrape.sections.len(), 62);
    for s in &scrape.sections {
        for vendor in [
            "Cigna",
            "Healthwise",
            "employer",
            "Last Revised",
            "References:",
        ] {
            assert!(!s.text.contains(vendor), "{} contains {vendor}", s.anchor);
        }
        assert!(
            s.text.lines().all(|l| !l.ends_with('[')),
            "{}: cut lists",
            s.anchor
        );
        assert_ne!(s.text, "Use our");
    }
    // Levels recovered from the heading style: sentence-case headings under Title Case ones.
    let pazopanib = section(
        scrape,
        "treatment-options-for-recurrent-soft-tissue-sarcoma/pazopanib",
    );
    assert!(pazopanib.text.contains("approved by the FDA in 2012"));
    assert!(
        scrape
            .section("chemotherapy/neoadjuvant-chemotherapy")
            .is_some()
    );
    assert!(scrape.section("current-clinical-trials-5").is_some());
    let risk = section(scrape, "risk-factors");
    assert_eq!(
        risk.text,
        "Most soft tissue sarcomas are sporadic. Risk factors include the following:\nSoft tissue sarcomas occur more frequently in patients with the following inherited syndromes:"
    );
}
