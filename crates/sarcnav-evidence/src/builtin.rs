//! The built-in documents, embedded from `documents/` at the repository root: (file name, text).

/// Every built-in document file.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "pdq-soft-tissue-sarcoma-treatment-hp.md",
        include_str!("../../../documents/pdq-soft-tissue-sarcoma-treatment-hp.md"),
    ),
    (
        "pdq-kaposi-sarcoma-treatment-hp.md",
        include_str!("../../../documents/pdq-kaposi-sarcoma-treatment-hp.md"),
    ),
    (
        "pdq-childhood-vascular-tumors-treatment-hp.md",
        include_str!("../../../documents/pdq-childhood-vascular-tumors-treatment-hp.md"),
    ),
    (
        "pdq-levels-of-evidence-treatment.md",
        include_str!("../../../documents/pdq-levels-of-evidence-treatment.md"),
    ),
    (
        "ji-2017-sirolimus-khe.txt",
        include_str!("../../../documents/ji-2017-sirolimus-khe.txt"),
    ),
    (
        "pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape.txt",
        include_str!("../../../documents/pdq-soft-tissue-sarcoma-treatment-hp-2024-scrape.txt"),
    ),
];
