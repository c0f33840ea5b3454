//! A modified copy of a document gives the expected section changes.

mod common;

use sarcnav_evidence::{ChangeKind, Library, diff, parse_document};

#[test]
fn a_modified_copy_gives_the_expected_changes() {
    let original = common::builtin_text("pdq-kaposi-sarcoma-treatment-hp.md");
    let modified = original
        // Changed: a sentence edited.
        .replace(
            "Classic KS is considered a rare disease.",
            "Classic KS is considered a very rare disease.",
        )
        // Changed: a new citation, reference 2 of the chapter's list.
        .replace(
            "### Response Evaluation\n",
            "### Response Evaluation\n\nA new sentence citing a reference.[[2](#cit/section_2.2)]\n",
        )
        // Removed: the Interleukin-12 section.
        .replace("##### Interleukin-12\n", "")
        // Moved: a heading renamed, same text.
        .replace("##### Bortezomib\n", "##### Proteasome inhibitors\n")
        // Added: a new section.
        .replacen(
            "### Current Clinical Trials\n",
            "### Emerging Agents\n\nNew agents are under study.\n\n### Current Clinical Trials\n",
            1,
        );
    let old = Library::builtin()
        .expect("library")
        .document("pdq-kaposi-sarcoma-treatment-hp")
        .expect("ks")
        .clone();
    let new = parse_document(
        "pdq-kaposi-sarcoma-treatment-hp",
        "ks.md",
        modified.as_bytes(),
    )
    .expect("parse");
    let changes = diff(&old, &new);
    let summary: Vec<(ChangeKind, &str, Option<&str>)> = changes
        .iter()
        .map(|c| (c.change, c.anchor.as_str(), c.old_anchor.as_deref()))
        .collect();
    let aids = "treatment-of-aids-associated-kaposi-sarcoma/treatment-options-for-aids-associated-kaposi-sarcoma/biological-and-targeted-therapy";
    assert_eq!(
        summary,
        [
            (
                ChangeKind::Changed,
                "general-information-about-kaposi-sarcoma/classic-kaposi-sarcoma",
                None
            ),
            (
                ChangeKind::Changed,
                "stage-information-and-response-evaluation-for-kaposi-sarcoma/response-evaluation",
                None
            ),
            (
                ChangeKind::Added,
                "treatment-of-classic-and-endemic-kaposi-sarcoma/emerging-agents",
                None
            ),
            (
                ChangeKind::Changed,
                // Losing its heading folded the Interleukin-12 text into the section before.
                &format!("{aids}/bevacizumab"),
                None
            ),
            (
                ChangeKind::Moved,
                &format!("{aids}/proteasome-inhibitors"),
                Some(format!("{aids}/bortezomib").as_str())
            ),
            (ChangeKind::Removed, &format!("{aids}/interleukin-12"), None),
        ]
        .iter()
        .map(|(k, a, o)| (*k, *a, *o))
        .collect::<Vec<_>>()
    );
    let response = &changes[1];
    assert_eq!(response.pmids_added.len(), 1);
    assert!(response.pmids_removed.is_empty());

    // A document compared with itself has no changes.
    assert!(diff(&old, &old).is_empty());
}

#[test]
fn the_older_scrape_maps_onto_the_full_summary_by_heading() {
    let library = Library::builtin().expect("library");
    let old = library
        .document("pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape")
        .expect("scrape");
    let new = library
        .document("pdq-soft-tissue-sarcoma-treatment-hp")
        .expect("summary");
    let changes = diff(old, new);
    let pazopanib = changes
        .iter()
        .find(|c| c.anchor.ends_with("/pazopanib"))
        .expect("pazopanib matched");
    assert_eq!(pazopanib.change, ChangeKind::Changed);
    assert_eq!(
        pazopanib.old_anchor.as_deref(),
        Some("treatment-options-for-recurrent-soft-tissue-sarcoma/pazopanib")
    );
    assert_eq!(pazopanib.pmids_added, ["22595799"]);
}
