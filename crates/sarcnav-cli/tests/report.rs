//! Snapshot tests of the readable report (`assess --text`).

mod common;

use common::{sarcnav, stdout};

fn report(case: &str) -> String {
    let out = sarcnav(&["assess", "--text"], case);
    stdout(&out)
}

#[test]
fn trunk_sarcoma_report() {
    insta::assert_snapshot!(report(
        r#"{"id":"case-17","disease":"soft_tissue_sarcoma","primary_site":"extremity","tumor_size_cm":7.5,"histology":"synovial_sarcoma","mitotic_count_per_10hpf":12,"necrosis_percent":20,"regional_nodes":"unknown","distant_metastasis":"M0","assessment_date":"2026-11-22"}"#
    ));
}

#[test]
fn aids_kaposi_sarcoma_report() {
    insta::assert_snapshot!(report(
        r#"{"id":"ks-1","disease":"kaposi_sarcoma","subtype":"aids_associated","cd4_per_ul":180,"karnofsky":80,"edema_or_ulceration":true,"assessment_date":"2026-02-01"}"#
    ));
}

#[test]
fn khe_report() {
    insta::assert_snapshot!(report(
        r#"{"id":"khe-1","disease":"kaposiform_hemangioendothelioma","kasabach_merritt_phenomenon":true,"platelets_per_ul":15000,"fibrinogen_g_per_l":0.7,"assessment_date":"2026-02-01"}"#
    ));
}

#[test]
fn invalid_input_report() {
    insta::assert_snapshot!(report(
        r#"{"id":"bad","disease":"soft_tissue_sarcoma","primary_site":"lung","necrosis_percent":140}"#
    ));
}
