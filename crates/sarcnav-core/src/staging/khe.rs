//! Kaposiform hemangioendothelioma: the treatment setting.
//!
//! Source: PDQ Childhood Vascular Tumors Treatment, "Kaposiform Hemangioendothelioma and Tufted
//! Angioma". KHE has no staging system; the summary's treatment chapter distinguishes
//! uncomplicated lesions from complicated ones (Kasabach-Merritt phenomenon and/or functional
//! compromise). The summary reports KMP laboratory findings (platelets 3,000–60,000/µL,
//! fibrinogen < 1 g/L) as observed values, not as diagnostic cutoffs, so laboratory values never
//! decide KMP here.

/// Where each rule comes from, for explanation lines.
pub mod cite {
    /// Treatment settings.
    pub const SETTINGS: &str = "PDQ Childhood Vascular Tumors › Kaposiform Hemangioendothelioma and Tufted Angioma › Treatment";
    /// KMP laboratory findings.
    pub const KMP_LABS: &str = "PDQ Childhood Vascular Tumors › Kaposiform Hemangioendothelioma and Tufted Angioma › Clinical presentation";
}

/// Complicated KHE: Kasabach-Merritt phenomenon and/or functional compromise.
pub fn complicated(kasabach_merritt: bool, functional_compromise: bool) -> bool {
    kasabach_merritt || functional_compromise
}
