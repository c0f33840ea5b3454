//! Relevance on the built-in library, the hit shape of contract §7, citation resolution, and
//! searching built-in and ingested documents together.

mod common;

use sarcnav_evidence::{Library, ingest};

fn library() -> Library {
    Library::builtin().expect("built-in library")
}

fn ranked(library: &Library, query: &str, limit: usize) -> Vec<String> {
    library
        .search(query, limit)
        .expect("search")
        .iter()
        .map(|h| h.citation())
        .collect()
}

#[test]
fn a_khe_sirolimus_question_finds_the_vascular_tumors_summary_and_seed_001() {
    let library = library();
    for query in [
        "sirolimus for kaposiform hemangioendothelioma",
        "KHE sirolimus",
        "What is the first-line treatment for KHE with Kasabach-Merritt phenomenon?",
    ] {
        let top = ranked(&library, query, 5);
        assert!(
            top[..3]
                .iter()
                .any(|c| c.starts_with("pdq-childhood-vascular-tumors-treatment-hp#")),
            "{query}: {top:#?}"
        );
        assert!(
            top.iter().any(|c| c == "ji-2017-sirolimus-khe#abstract"),
            "{query}: {top:#?}"
        );
    }
}

#[test]
fn pazopanib_after_chemotherapy_finds_the_recurrent_disease_section() {
    let library = library();
    let hits = library
        .search("pazopanib after chemotherapy", 3)
        .expect("search");
    assert_eq!(hits[0].document, "pdq-soft-tissue-sarcoma-treatment-hp");
    assert_eq!(
        hits[0].section,
        "Treatment of Recurrent Soft Tissue Sarcoma › Treatment Options for Recurrent Soft Tissue Sarcoma › Chemotherapy and targeted therapy › Pazopanib"
    );
    // The older scrape says the same and ranks after the full summary.
    assert_eq!(
        hits[1].document,
        "pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape"
    );
    assert!(hits[1].section.ends_with("Pazopanib"));
}

#[test]
fn other_topics_land_where_the_sources_treat_them() {
    let library = library();
    let top = |query: &str| ranked(&library, query, 1).remove(0);
    assert_eq!(
        top("ACTG staging CD4 count"),
        "pdq-kaposi-sarcoma-treatment-hp#stage-information-and-response-evaluation-for-kaposi-sarcoma/staging"
    );
    assert_eq!(
        top("FNCLCC mitotic count necrosis score"),
        "pdq-soft-tissue-sarcoma-treatment-hp#stage-information-for-soft-tissue-sarcoma/american-joint-committee-on-cancer-ajcc-staging-system/fnclcc-histological-grade"
    );
    assert!(
        top("immune reconstitution inflammatory syndrome")
            .contains("management-of-immune-reconstitution")
    );
    assert_eq!(
        top("desmoid tumors nirogacestat"),
        "pdq-soft-tissue-sarcoma-treatment-hp#treatment-of-stage-iv-soft-tissue-sarcoma/treatment-options-for-stage-iv-soft-tissue-sarcoma/histology-specific-targeted-or-immunotherapy-treatment/treatment-of-desmoid-tumors"
    );
}

#[test]
fn hits_serialize_to_the_contract_keys_with_marked_snippets() {
    let library = library();
    let hits = library.search("pazopanib", 2).expect("search");
    assert_eq!(hits.len(), 2);
    let json = serde_json::to_value(&hits[0]).expect("json");
    let keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["document", "title", "section", "snippet", "score", "url"]
    );
    assert_eq!(json["title"], "Soft Tissue Sarcoma Treatment (PDQ®) - NCI");
    assert_eq!(
        json["url"],
        "https://www.cancer.gov/types/soft-tissue-sarcoma/hp/adult-soft-tissue-treatment-pdq"
    );
    assert!(json["score"].as_f64().is_some_and(|s| s > 0.0));
    let snippet = json["snippet"].as_str().expect("snippet");
    assert!(
        snippet.contains("**pazopanib**") || snippet.contains("**Pazopanib**"),
        "{snippet}"
    );
    assert!(!snippet.contains('\n'));
    // A scrape has no address.
    assert_eq!(
        serde_json::to_value(&hits[1]).expect("json")["url"],
        serde_json::Value::Null
    );
}

#[test]
fn odd_queries_do_not_fail() {
    let library = library();
    assert!(library.search("", 10).expect("empty").is_empty());
    assert!(
        library
            .search("the of and", 10)
            .expect("stop words")
            .is_empty()
    );
    assert!(library.search("pazopanib", 0).expect("limit 0").is_empty());
    for query in [
        "T2a: (N1)",
        "\"unbalanced quote",
        "AND OR NOT",
        "dose ≥ 20 mg/m²",
        "-",
        "*",
    ] {
        library
            .search(query, 5)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
    }
    assert_eq!(library.search("sarcoma", 3).expect("limit").len(), 3);
    let phrase = library.search("\"tufted angioma\"", 3).expect("phrase");
    assert!(
        phrase
            .iter()
            .all(|h| h.document == "pdq-childhood-vascular-tumors-treatment-hp")
    );
}

#[test]
fn citations_resolve_by_anchor_or_heading_path() {
    let library = library();
    let anchor = "treatment-of-recurrent-soft-tissue-sarcoma/treatment-options-for-recurrent-soft-tissue-sarcoma/chemotherapy-and-targeted-therapy/pazopanib";
    let doc = "pdq-soft-tissue-sarcoma-treatment-hp";
    let by_anchor = library.resolve(doc, anchor).expect("anchor");
    let by_path = library
        .resolve(doc, "Treatment of Recurrent Soft Tissue Sarcoma › Treatment Options for Recurrent Soft Tissue Sarcoma › Chemotherapy and targeted therapy › Pazopanib")
        .expect("path");
    let by_short_path = library
        .resolve(
            doc,
            "Treatment of Recurrent Soft Tissue Sarcoma › Pazopanib",
        )
        .expect("shortened path");
    assert_eq!(by_anchor.anchor, by_path.anchor);
    assert_eq!(by_anchor.anchor, by_short_path.anchor);
    assert!(
        library
            .resolve_citation(&format!("{doc}#{anchor}"))
            .is_some()
    );
    assert!(
        library
            .resolve(doc, "treatment-of-recurrent-soft-tissue-sarcoma/pazopanib")
            .is_none()
    );
    assert!(library.resolve(doc, "Surgery").is_none(), "ambiguous");
    assert!(library.resolve("no-such-document", anchor).is_none());
    assert!(library.resolve_citation("no hash").is_none());
    assert!(
        library
            .resolve("ji-2017-sirolimus-khe", "abstract")
            .is_some()
    );
}

#[test]
fn an_ingested_document_replaces_a_builtin_one_with_the_same_id() {
    let dir = common::scratch("shadow");
    let ks = common::builtin_text("pdq-kaposi-sarcoma-treatment-hp.md")
        .replace("##### Bortezomib", "##### Bortezomib and ixazomib");
    let file = common::write(&dir, "pdq-kaposi-sarcoma-treatment-hp.md", ks);
    let index = dir.join("index");
    let report = ingest(&index, std::slice::from_ref(&file)).expect("ingest");
    assert!(!report.documents[0].replaced);
    let library = Library::open(Some(&index)).expect("open");
    assert_eq!(library.documents().len(), 6);
    let hits = library.search("bortezomib", 10).expect("search");
    let ks_hits: Vec<&str> = hits
        .iter()
        .filter(|h| h.document == "pdq-kaposi-sarcoma-treatment-hp")
        .map(|h| h.anchor.as_str())
        .collect();
    assert!(
        ks_hits[0].ends_with("/bortezomib-and-ixazomib"),
        "{ks_hits:?}"
    );
    assert!(
        !ks_hits.iter().any(|a| a.ends_with("/bortezomib")),
        "{ks_hits:?}"
    );

    // Ingesting again replaces the stored version.
    let report = ingest(&index, &[file]).expect("again");
    assert!(report.documents[0].replaced);
    assert_eq!(
        Library::open(Some(&index)).expect("open").documents().len(),
        6
    );
    assert_eq!(
        Library::open(Some(&index))
            .expect("open")
            .search("ixazomib", 10)
            .expect("search")
            .len(),
        1
    );
}
