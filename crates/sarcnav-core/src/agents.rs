//! The agent vocabulary (contract §5): lowercase INN names with underscores. `prior_therapies`
//! entries must come from it, so that a misspelt drug never silently changes which later-line
//! options apply.

/// Every agent name sarcnav knows. Covers the agents the sources name for soft tissue
/// sarcoma, Kaposi sarcoma and kaposiform hemangioendothelioma, plus common members of the
/// drug classes they name.
pub const KNOWN_AGENTS: &[&str] = &[
    "alitretinoin",
    "atezolizumab",
    "bevacizumab",
    "bleomycin",
    "bortezomib",
    "cabozantinib",
    "cisplatin",
    "crizotinib",
    "cyclophosphamide",
    "dacarbazine",
    "dactinomycin",
    "daunorubicin_liposomal",
    "docetaxel",
    "doxorubicin",
    "epirubicin",
    "eribulin",
    "etoposide",
    "everolimus",
    "gemcitabine",
    "ifosfamide",
    "imatinib",
    "interferon_alfa",
    "interferon_alfa_2a",
    "interferon_alfa_2b",
    "interleukin_12",
    "ipilimumab",
    "larotrectinib",
    "entrectinib",
    "mesna",
    "methotrexate",
    "nab_paclitaxel",
    "nab_sirolimus",
    "nirogacestat",
    "nivolumab",
    "olaratumab",
    "paclitaxel",
    "pazopanib",
    "pegylated_liposomal_doxorubicin",
    "pembrolizumab",
    "pomalidomide",
    "prednisolone",
    "prednisone",
    "propranolol",
    "regorafenib",
    "sirolimus",
    "sorafenib",
    "sunitinib",
    "tacrolimus",
    "tazemetostat",
    "temozolomide",
    "thalidomide",
    "ticlopidine",
    "trabectedin",
    "vinblastine",
    "vincristine",
    "vinorelbine",
];

/// Whether `name` is a known agent.
pub fn is_known_agent(name: &str) -> bool {
    KNOWN_AGENTS.contains(&name)
}

/// Anthracyclines (for rules that need "after an anthracycline").
pub const ANTHRACYCLINES: &[&str] = &[
    "doxorubicin",
    "epirubicin",
    "pegylated_liposomal_doxorubicin",
    "daunorubicin_liposomal",
];
