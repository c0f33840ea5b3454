//! AJCC 8th edition soft tissue sarcoma staging with the FNCLCC grade.
//!
//! Every table here is transcribed from the PDQ Soft Tissue Sarcoma Treatment summary (health
//! professional version), section "Stage Information for Soft Tissue Sarcoma": Table 1 (T), Tables
//! 2–3 (N, M), Tables 4–6 (FNCLCC) and Table 7 (prognostic stage groups). The functions are pure
//! and total: validation happens before they are called.

use crate::contract::{
    Grade, HeadNeckInvasion, Histology, MCategory, NCategory, PrimarySite, SiteGroup, StageGroup,
    TCategory, VisceralExtent,
};

/// Where each rule comes from, for explanation lines.
pub mod cite {
    /// AJCC 8 T definitions.
    pub const T_TABLE: &str = "AJCC 8, PDQ STS › TNM definitions › Table 1";
    /// AJCC 8 N definitions.
    pub const N_TABLE: &str = "AJCC 8, PDQ STS › TNM definitions › Table 2";
    /// AJCC 8 M definitions.
    pub const M_TABLE: &str = "AJCC 8, PDQ STS › TNM definitions › Table 3";
    /// FNCLCC differentiation score by histology.
    pub const FNCLCC_DIFFERENTIATION: &str = "PDQ STS › FNCLCC histological grade › Table 4";
    /// FNCLCC component scores.
    pub const FNCLCC_SCORES: &str = "PDQ STS › FNCLCC histological grade › Table 5";
    /// FNCLCC grade from the total score.
    pub const FNCLCC_GRADE: &str = "PDQ STS › FNCLCC histological grade › Table 6";
    /// Prognostic stage groups.
    pub const STAGE_GROUPS: &str = "AJCC 8, PDQ STS › Prognostic stage groups › Table 7";
    /// The AJCC system section: site groups and recurrent tumors.
    pub const AJCC_SYSTEM: &str =
        "PDQ STS › American Joint Committee on Cancer (AJCC) Staging System";
}

/// The AJCC 8 site group of a primary site.
pub fn site_group(site: PrimarySite) -> SiteGroup {
    match site {
        PrimarySite::Extremity | PrimarySite::Trunk => SiteGroup::TrunkExtremity,
        PrimarySite::Retroperitoneum => SiteGroup::Retroperitoneum,
        PrimarySite::HeadAndNeck => SiteGroup::HeadAndNeck,
        PrimarySite::AbdominalVisceral | PrimarySite::ThoracicVisceral => {
            SiteGroup::AbdominalThoracicVisceral
        }
    }
}

/// Whether Table 1 defines this T category for the site group. T0 exists for trunk/extremity and
/// retroperitoneum only; T2a/T2b/T4c for visceral sites only; T4a/T4b for head and neck and
/// visceral sites.
pub fn t_defined_for(group: SiteGroup, t: TCategory) -> bool {
    use SiteGroup::*;
    use TCategory::*;
    match t {
        TX | T1 | T2 | T3 | T4 => true,
        T0 => matches!(group, TrunkExtremity | Retroperitoneum),
        T2a | T2b | T4c => group == AbdominalThoracicVisceral,
        T4a | T4b => matches!(group, HeadAndNeck | AbdominalThoracicVisceral),
    }
}

/// T by greatest dimension (Table 1). Trunk/extremity and retroperitoneum share one column:
/// ≤ 5 cm T1, > 5 to ≤ 10 cm T2, > 10 to ≤ 15 cm T3, > 15 cm T4. Head and neck: ≤ 2 cm T1,
/// > 2 to ≤ 4 cm T2, > 4 cm T3. Visceral sites are not staged by size (`None`).
pub fn t_by_size(group: SiteGroup, size_cm: f64) -> Option<TCategory> {
    use TCategory::*;
    match group {
        SiteGroup::TrunkExtremity | SiteGroup::Retroperitoneum => Some(if size_cm <= 5.0 {
            T1
        } else if size_cm <= 10.0 {
            T2
        } else if size_cm <= 15.0 {
            T3
        } else {
            T4
        }),
        SiteGroup::HeadAndNeck => Some(if size_cm <= 2.0 {
            T1
        } else if size_cm <= 4.0 {
            T2
        } else {
            T3
        }),
        SiteGroup::AbdominalThoracicVisceral => None,
    }
}

/// The size interval of a size-based T, for explanations.
pub fn size_interval(group: SiteGroup, t: TCategory) -> &'static str {
    use TCategory::*;
    match (group, t) {
        (SiteGroup::HeadAndNeck, T1) => "≤ 2 cm",
        (SiteGroup::HeadAndNeck, T2) => "> 2 and ≤ 4 cm",
        (SiteGroup::HeadAndNeck, T3) => "> 4 cm",
        (_, T1) => "≤ 5 cm",
        (_, T2) => "> 5 and ≤ 10 cm",
        (_, T3) => "> 10 and ≤ 15 cm",
        (_, T4) => "> 15 cm",
        _ => "",
    }
}

/// The head-and-neck T that one invasion finding implies (Table 1, head and neck column).
pub fn t_by_invasion(finding: HeadNeckInvasion) -> TCategory {
    use HeadNeckInvasion::*;
    match finding {
        Orbit
        | SkullBase
        | Dura
        | CentralCompartmentViscera
        | FacialSkeleton
        | PterygoidMuscles => TCategory::T4a,
        BrainParenchyma | CarotidArtery | PrevertebralMuscle | PerineuralCns => TCategory::T4b,
        AdjoiningStructures => TCategory::T4,
    }
}

/// Rank of the invasion categories: T4b over T4a over T4.
fn invasion_rank(t: TCategory) -> u8 {
    match t {
        TCategory::T4b => 3,
        TCategory::T4a => 2,
        _ => 1,
    }
}

/// The head-and-neck T from all invasion findings: the highest of T4b > T4a > T4, and the
/// finding that decided it. `None` when there is none.
pub fn t_by_invasions(findings: &[HeadNeckInvasion]) -> Option<(TCategory, HeadNeckInvasion)> {
    findings
        .iter()
        .map(|&f| (t_by_invasion(f), f))
        .max_by_key(|&(t, _)| invasion_rank(t))
}

/// Visceral T by extent (Table 1, abdomen and thoracic visceral organs column).
pub fn t_by_visceral_extent(extent: VisceralExtent) -> TCategory {
    match extent {
        VisceralExtent::OrganConfined => TCategory::T1,
        VisceralExtent::BeyondOrgan => TCategory::T2,
        VisceralExtent::Serosa => TCategory::T2a,
        VisceralExtent::BeyondSerosa => TCategory::T2b,
        VisceralExtent::AnotherOrgan => TCategory::T3,
    }
}

/// Visceral T by the number of tumor sites: multifocal 2 sites T4a, 3–5 T4b, > 5 T4c;
/// `None` for a unifocal tumor (T then comes from the extent).
pub fn t_by_multifocality(sites: u32) -> Option<TCategory> {
    match sites {
        0 | 1 => None,
        2 => Some(TCategory::T4a),
        3..=5 => Some(TCategory::T4b),
        _ => Some(TCategory::T4c),
    }
}

/// Whether a stated T category agrees with the one derived from size or extent: equal, or the
/// stated one is the broad category of the derived one (T4 for T4b, T2 for T2a).
pub fn t_agrees(stated: TCategory, derived: TCategory) -> bool {
    stated == derived
        || (stated == derived.broad() && matches!(stated, TCategory::T2 | TCategory::T4))
}

/// N category: unknown node status stages as N0 (Table 2: "N0 … or unknown status").
pub fn n_category(nodes_positive: bool) -> NCategory {
    if nodes_positive {
        NCategory::N1
    } else {
        NCategory::N0
    }
}

/// FNCLCC differentiation score of a histology (Table 4), `None` when the table has no row for it.
pub fn differentiation_score(histology: Histology) -> Option<u8> {
    use Histology::*;
    match histology {
        WellDifferentiatedLiposarcoma | WellDifferentiatedLeiomyosarcoma => Some(1),
        MyxoidLiposarcoma | Fibrosarcoma | Myxofibrosarcoma | Leiomyosarcoma => Some(2),
        RoundCellLiposarcoma
        | PleomorphicLiposarcoma
        | DedifferentiatedLiposarcoma
        | UndifferentiatedPleomorphicSarcoma
        | PoorlyDifferentiatedLeiomyosarcoma
        | SynovialSarcoma
        | PoorlyDifferentiatedSynovialSarcoma
        | PleomorphicRhabdomyosarcoma
        | MesenchymalChondrosarcoma
        | ExtraskeletalOsteosarcoma
        | EwingSarcoma
        | MalignantRhabdoidTumor
        | UndifferentiatedSarcoma => Some(3),
        Angiosarcoma
        | AlveolarSoftPartSarcoma
        | DermatofibrosarcomaProtuberans
        | InflammatoryMyofibroblasticTumor
        | Pecoma
        | EpithelioidSarcoma
        | ClearCellSarcoma
        | EmbryonalRhabdomyosarcoma
        | AlveolarRhabdomyosarcoma
        | MalignantPeripheralNerveSheathTumor
        | Other
        | Gist
        | KaposiSarcoma
        | DesmoidTumor => None,
    }
}

/// FNCLCC mitotic count score (Table 5): 0–9 per 10 HPF → 1, 10–19 → 2, ≥ 20 → 3.
pub fn mitotic_score(mitoses_per_10hpf: u32) -> u8 {
    match mitoses_per_10hpf {
        0..=9 => 1,
        10..=19 => 2,
        _ => 3,
    }
}

/// FNCLCC tumor necrosis score (Table 5): none → 0, < 50% → 1, ≥ 50% → 2.
pub fn necrosis_score(necrosis_percent: f64) -> u8 {
    if necrosis_percent <= 0.0 {
        0
    } else if necrosis_percent < 50.0 {
        1
    } else {
        2
    }
}

/// FNCLCC grade from the total score (Table 6): 2–3 G1, 4–5 G2, 6–8 G3.
pub fn grade_from_total(total: u8) -> Grade {
    match total {
        0..=3 => Grade::G1,
        4 | 5 => Grade::G2,
        _ => Grade::G3,
    }
}

/// Why a case has no prognostic stage group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoStageGroup {
    /// Table 7 recommends no grouping for head and neck or visceral sites.
    SiteNotGrouped(SiteGroup),
    /// TX or T0 with N0 M0: Table 7 has no row for it (only "any T" rows cover TX/T0).
    NoRowForT(TCategory),
}

impl NoStageGroup {
    /// The reason in words, for the explanation.
    pub fn reason(self) -> String {
        match self {
            NoStageGroup::SiteNotGrouped(group) => format!(
                "stage group: none — AJCC 8 recommends no prognostic stage grouping for {} sarcomas ({})",
                group.label(),
                cite::STAGE_GROUPS
            ),
            NoStageGroup::NoRowForT(t) => format!(
                "stage group: not determined — with {t} N0 M0 no row of Table 7 applies (only the N1 and M1 rows cover any T) ({})",
                cite::STAGE_GROUPS
            ),
        }
    }
}

/// The AJCC 8 prognostic stage group (Table 7), with the footnote for N1 M0: IIIB in the
/// retroperitoneum, IV on trunk and extremities. GX groups with G1.
pub fn stage_group(
    group: SiteGroup,
    t: TCategory,
    n: NCategory,
    m: MCategory,
    grade: Grade,
) -> Result<StageGroup, NoStageGroup> {
    use TCategory::*;
    if !matches!(
        group,
        SiteGroup::TrunkExtremity | SiteGroup::Retroperitoneum
    ) {
        return Err(NoStageGroup::SiteNotGrouped(group));
    }
    let low_grade = matches!(grade, Grade::G1 | Grade::GX);
    Ok(match (m, n) {
        (MCategory::M1, _) => StageGroup::IV,
        (MCategory::M0, NCategory::N1) => match group {
            SiteGroup::Retroperitoneum => StageGroup::IIIB,
            _ => StageGroup::IV,
        },
        (MCategory::M0, NCategory::N0) => match t.broad() {
            TX | T0 => return Err(NoStageGroup::NoRowForT(t)),
            T1 if low_grade => StageGroup::IA,
            _ if low_grade => StageGroup::IB,
            T1 => StageGroup::II,
            T2 => StageGroup::IIIA,
            _ => StageGroup::IIIB,
        },
    })
}
