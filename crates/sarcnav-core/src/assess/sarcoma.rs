//! Soft tissue sarcoma: AJCC 8 TNM, FNCLCC grade and stage group (contract §1a).

use super::{Notes, Staged, sources};
use crate::agents::is_known_agent;
use crate::contract::{
    CaseInput, Disease, Fnclcc, Grade, Histology, MCategory, NCategory, RegionalNodes,
    SarcomaStaging, SiteGroup, Staging, TCategory,
};
use crate::options::{CaseFacts, TreatmentCategory};
use crate::staging::sts::{self, cite};

pub(super) fn assess<'i>(input: &'i CaseInput, notes: &mut Notes) -> Staged<'i> {
    let staging = staging(input, notes);
    let facts = match &staging {
        Some(Staging::Ajcc8(s)) if notes.errors.is_empty() => facts(input, s, notes),
        _ => CaseFacts::default(),
    };
    Staged {
        subtype: None,
        staging,
        source: sources::PDQ_STS,
        facts,
    }
}

/// Why N1 M0 on trunk/extremity gets the "advanced stage III (N1)" options although AJCC 8
/// groups it as stage IV (clinical notes A13).
const N1_TRUNK_NOTE: &str = "; AJCC 8 groups N1 M0 on trunk/extremity as stage IV, but PDQ's advanced stage III (N1) chapter is the one written for node-positive, non-metastatic disease, so its options apply at every site";

/// The treatment category (contract §5) and the facts the option rules need.
fn facts<'i>(input: &'i CaseInput, s: &SarcomaStaging, notes: &mut Notes) -> CaseFacts<'i> {
    use TreatmentCategory as C;
    let grouped = matches!(
        s.site_group,
        SiteGroup::TrunkExtremity | SiteGroup::Retroperitoneum
    );
    let (categories, why) = if input.histology == Some(Histology::DesmoidTumor) {
        (
            vec![C::Desmoid],
            "desmoid tumor (PDQ STS Table 9 and the desmoid section)".to_owned(),
        )
    } else if s.recurrent {
        if s.m == Some(MCategory::M1) {
            (vec![C::Recurrent, C::RecurrentMetastatic], "recurrent disease with distant metastasis: the recurrent chapter and the stage IV histology-specific agents".to_owned())
        } else {
            (
                vec![C::Recurrent],
                "recurrent disease: the recurrent chapter".to_owned(),
            )
        }
    } else {
        match (s.m, s.n, s.grade) {
            (Some(MCategory::M1), _, _) => {
                (vec![C::StageIv], "M1: the stage IV chapter".to_owned())
            }
            (_, Some(NCategory::N1), _) => {
                let note = if s.site_group == SiteGroup::TrunkExtremity {
                    N1_TRUNK_NOTE
                } else {
                    ""
                };
                (
                    vec![C::StageIiiN1],
                    format!("N1 M0: the advanced stage III (N1) chapter{note}"),
                )
            }
            (_, _, Some(Grade::G2 | Grade::G3)) => (
                vec![C::StageIiIiiN0],
                format!(
                    "N0 M0 {}: the stage II and node-negative stage III chapter",
                    s.grade.map(Grade::name).unwrap_or("")
                ),
            ),
            (_, _, g) => (
                vec![C::StageI],
                format!(
                    "N0 M0 {} (low grade): the stage I chapter",
                    g.map(Grade::name).unwrap_or("GX")
                ),
            ),
        }
    };
    let label = categories
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(" + ");
    let categories_n1_trunk =
        categories == [C::StageIiiN1] && s.site_group == SiteGroup::TrunkExtremity;
    let not_a_stage = if grouped || input.histology == Some(Histology::DesmoidTumor) {
        ""
    } else {
        "; for this site group it is a treatment category, not an AJCC stage group"
    };
    notes.explain(format!("treatment category {label}: {why}{not_a_stage} (contract §5; PDQ STS › Treatment Option Overview for Soft Tissue Sarcoma)"));
    CaseFacts {
        disease: Some(Disease::SoftTissueSarcoma),
        categories,
        site_group: Some(s.site_group),
        primary_site: input.primary_site,
        histology: input.histology,
        ntrk_fusion: input.ntrk_fusion.unwrap_or(false),
        prior_therapies: input.prior_therapies.as_deref().unwrap_or(&[]),
        recurrent: s.recurrent,
        child: input.age_years.is_some_and(|a| a < 18.0),
        context: format!(
            "treatment category {label} ({}){}",
            s.site_group.label(),
            if categories_n1_trunk {
                N1_TRUNK_NOTE
            } else {
                ""
            }
        ),
        ..CaseFacts::default()
    }
}

fn staging(input: &CaseInput, notes: &mut Notes) -> Option<Staging> {
    check_prior_therapies(input, notes);
    let size = check_ranges(input, notes);
    match input.histology {
        Some(Histology::Gist) => notes.error(
            "histology",
            "GIST is staged by its own AJCC chapter (gastrointestinal stromal tumor), which sarcnav does not cover",
        ),
        Some(Histology::KaposiSarcoma) => notes.error(
            "histology",
            "Kaposi sarcoma is assessed as `disease: kaposi_sarcoma` (ACTG staging), not with the soft tissue sarcoma rules",
        ),
        _ => {}
    }
    let Some(site) = input.primary_site else {
        notes.error(
            "primary_site",
            "required for soft tissue sarcoma: one of `extremity`, `trunk`, `retroperitoneum`, `head_and_neck`, `abdominal_visceral`, `thoracic_visceral`",
        );
        return None;
    };
    let group = sts::site_group(site);
    if input.head_and_neck_invasion.is_some() && group != SiteGroup::HeadAndNeck {
        notes.error(
            "head_and_neck_invasion",
            format!("applies to head and neck sarcomas only, not to primary site `{site}`"),
        );
    }
    for (field, set) in [
        ("visceral_extent", input.visceral_extent.is_some()),
        ("multifocal_sites", input.multifocal_sites.is_some()),
    ] {
        if set && group != SiteGroup::AbdominalThoracicVisceral {
            notes.error(field, format!("applies to abdominal and thoracic visceral sarcomas only, not to primary site `{site}`"));
        }
    }
    let recurrent = input.recurrent.unwrap_or(false);
    notes.explain(format!(
        "site group {}: primary site {site} ({})",
        group.name(),
        cite::AJCC_SYSTEM
    ));

    if input.histology == Some(Histology::DesmoidTumor) {
        notes.explain(
            "no TNM stage: a desmoid tumor is locally aggressive and does not metastasize, so it is not staged with the AJCC soft tissue sarcoma rules (contract §1a); its options come from PDQ STS Table 9 and the desmoid section",
        );
        return Some(Staging::Ajcc8(SarcomaStaging {
            system: "AJCC8",
            site_group: group,
            t: None,
            n: None,
            m: None,
            grade: None,
            fnclcc: None,
            stage_group: None,
            recurrent,
        }));
    }

    let t = t_category(input, group, size, notes);
    let n = n_category(input, notes);
    let m = m_category(input, notes);
    let (grade, fnclcc) = grade(input, notes);
    let stage_group = match (t, grade) {
        (Some(t), Some(grade)) => stage_group(group, t, n, m, grade, notes),
        _ => None,
    };
    if recurrent {
        notes.explain(format!(
            "recurrent: restaged with the same rules as a primary tumor, noted as recurrent ({})",
            cite::AJCC_SYSTEM
        ));
    }
    Some(Staging::Ajcc8(SarcomaStaging {
        system: "AJCC8",
        site_group: group,
        t,
        n: Some(n),
        m: Some(m),
        grade,
        fnclcc,
        stage_group,
        recurrent,
    }))
}

fn check_prior_therapies(input: &CaseInput, notes: &mut Notes) {
    for (i, agent) in input.prior_therapies.iter().flatten().enumerate() {
        if !is_known_agent(agent) {
            notes.error(
                format!("prior_therapies[{i}]"),
                format!("unknown agent {agent:?}: agents are lowercase INN names with underscores (contract §5), e.g. `doxorubicin`, `pegylated_liposomal_doxorubicin`"),
            );
        }
    }
}

/// Checks the numeric ranges; returns the tumor size when it is valid.
fn check_ranges(input: &CaseInput, notes: &mut Notes) -> Option<f64> {
    let size = input.tumor_size_cm;
    let size = match size {
        Some(s) if !(s > 0.0 && s <= 100.0) => {
            notes.error(
                "tumor_size_cm",
                format!("must be greater than 0 and at most 100 cm, got {s}"),
            );
            None
        }
        other => other,
    };
    notes.in_range("multifocal_sites", input.multifocal_sites, 1, None, "");
    notes.in_range(
        "differentiation_score",
        input.differentiation_score,
        1,
        Some(3),
        "",
    );
    notes.in_range(
        "mitotic_count_per_10hpf",
        input.mitotic_count_per_10hpf,
        0,
        None,
        " mitoses per 10 HPF",
    );
    notes.in_range(
        "necrosis_percent",
        input.necrosis_percent,
        0.0,
        Some(100.0),
        "%",
    );
    size
}

/// A T category derived from the findings, with the sentence that explains it and the field it
/// came from.
struct DerivedT {
    t: TCategory,
    why: String,
    from: &'static str,
}

fn derive_t(
    input: &CaseInput,
    group: SiteGroup,
    size: Option<f64>,
    notes: &mut Notes,
) -> Option<DerivedT> {
    if group == SiteGroup::AbdominalThoracicVisceral {
        if size.is_some() {
            notes.explain("tumor_size_cm is not used for visceral sarcomas: Table 1 stages them by extent and multifocality");
        }
        let sites = input
            .multifocal_sites
            .filter(|&n| n >= 1)
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        if let Some((t, n)) = sites.and_then(|n| sts::t_by_multifocality(n).map(|t| (t, n))) {
            return Some(DerivedT {
                t,
                why: format!(
                    "{t}: multifocal tumor, {n} sites (abdomen and thoracic visceral organs; multifocality takes precedence over extent) ({})",
                    cite::T_TABLE
                ),
                from: "multifocal_sites",
            });
        }
        return input.visceral_extent.map(|extent| {
            let t = sts::t_by_visceral_extent(extent);
            DerivedT {
                t,
                why: format!(
                    "{t}: visceral extent {extent} (abdomen and thoracic visceral organs) ({})",
                    cite::T_TABLE
                ),
                from: "visceral_extent",
            }
        });
    }
    if group == SiteGroup::HeadAndNeck
        && let Some((t, finding)) = input
            .head_and_neck_invasion
            .as_deref()
            .and_then(sts::t_by_invasions)
    {
        let size_note = size
            .map(|s| format!("; invasion takes precedence over the size ({s} cm)"))
            .unwrap_or_default();
        return Some(DerivedT {
            t,
            why: format!(
                "{t}: head and neck invasion of {finding} (T4b over T4a over T4{size_note}) ({})",
                cite::T_TABLE
            ),
            from: "head_and_neck_invasion",
        });
    }
    let s = size?;
    let t = sts::t_by_size(group, s)?;
    Some(DerivedT {
        t,
        why: format!(
            "{t}: greatest dimension {s} cm is {} ({}) ({})",
            sts::size_interval(group, t),
            group.label(),
            cite::T_TABLE
        ),
        from: "tumor_size_cm",
    })
}

fn t_category(
    input: &CaseInput,
    group: SiteGroup,
    size: Option<f64>,
    notes: &mut Notes,
) -> Option<TCategory> {
    let stated = input.t_category;
    if let Some(t) = stated
        && !sts::t_defined_for(group, t)
    {
        let valid: Vec<&str> = TCategory::ALL
            .iter()
            .filter(|&&c| sts::t_defined_for(group, c))
            .map(|c| c.name())
            .collect();
        notes.error(
            "t_category",
            format!(
                "{t} is not defined for {} sarcomas (AJCC 8 Table 1); valid: {}",
                group.label(),
                valid.join(", ")
            ),
        );
        return None;
    }
    let derived = derive_t(input, group, size, notes);
    // An invasion-defined (head and neck) or multifocality-defined (visceral) T4 category cannot
    // be contradicted by size or extent: those findings say nothing about invasion or the number
    // of sites. Only the finding that defines the category can disagree with it.
    let defining_finding_absent = match group {
        SiteGroup::HeadAndNeck => input
            .head_and_neck_invasion
            .as_deref()
            .is_none_or(<[_]>::is_empty),
        SiteGroup::AbdominalThoracicVisceral => input.multifocal_sites.is_none_or(|n| n < 2),
        _ => false,
    };
    let derived = match (stated, derived) {
        (Some(s), Some(d))
            if s.broad() == TCategory::T4
                && d.t.broad() != TCategory::T4
                && defining_finding_absent =>
        {
            notes.explain(format!(
                "{s}: as given in t_category; {} is not used because {s} is defined by {} ({})",
                d.from,
                if group == SiteGroup::HeadAndNeck {
                    "invasion"
                } else {
                    "multifocality"
                },
                cite::T_TABLE
            ));
            return Some(s);
        }
        (_, d) => d,
    };
    match (stated, derived) {
        (Some(s), Some(d)) if sts::t_agrees(s, d.t) => {
            notes.explain(if s == d.t {
                d.why
            } else {
                format!(
                    "{} (t_category {s} given; {} is its subcategory)",
                    d.why, d.t
                )
            });
            Some(d.t)
        }
        (Some(s), Some(d)) => {
            notes.error(
                "t_category",
                format!("{s} disagrees with {}: {}", d.from, d.why),
            );
            notes.error(
                d.from,
                format!("gives {}, which disagrees with t_category {s}", d.t),
            );
            None
        }
        (Some(s), None) => {
            let meaning = match s {
                TCategory::TX => " (primary tumor cannot be assessed)",
                TCategory::T0 => " (no evidence of primary tumor)",
                _ => "",
            };
            notes.explain(format!(
                "{s}: as given in t_category{meaning} ({})",
                cite::T_TABLE
            ));
            Some(s)
        }
        (None, Some(d)) => {
            notes.explain(d.why);
            Some(d.t)
        }
        (None, None) => {
            missing_t(input, group, size, notes);
            None
        }
    }
}

/// Reports what is missing to determine T (unless an invalid value was already reported).
fn missing_t(input: &CaseInput, group: SiteGroup, size: Option<f64>, notes: &mut Notes) {
    match group {
        SiteGroup::AbdominalThoracicVisceral if input.visceral_extent.is_none() => notes.error(
            "visceral_extent",
            "required for a visceral site unless multifocal_sites ≥ 2 or t_category is given: one of `organ_confined`, `beyond_organ`, `serosa`, `beyond_serosa`, `another_organ`",
        ),
        SiteGroup::AbdominalThoracicVisceral => {}
        _ if input.tumor_size_cm.is_none() && size.is_none() => notes.error(
            "tumor_size_cm",
            format!(
                "required for {} sarcomas unless t_category is given (greatest dimension in cm)",
                group.label()
            ),
        ),
        _ => {}
    }
}

fn n_category(input: &CaseInput, notes: &mut Notes) -> NCategory {
    let (n, line) = match input.regional_nodes {
        Some(RegionalNodes::N1) => (NCategory::N1, "N1: regional lymph node metastasis"),
        Some(RegionalNodes::N0) => (NCategory::N0, "N0: no regional lymph node metastasis"),
        unknown => {
            let sent = if unknown.is_some() {
                "unknown"
            } else {
                "not given"
            };
            notes.warn(
                "regional_nodes",
                format!("{sent}: staged as N0, since AJCC 8 N0 includes unknown node status; confirm node status if it could change the stage"),
            );
            (
                NCategory::N0,
                "N0: regional node status unknown — AJCC 8 N0 includes unknown status",
            )
        }
    };
    notes.explain(format!("{line} ({})", cite::N_TABLE));
    n
}

fn m_category(input: &CaseInput, notes: &mut Notes) -> MCategory {
    let m = match input.distant_metastasis {
        Some(m) => m,
        None => {
            notes.warn("distant_metastasis", "not given: staged as M0 (no distant metastasis); confirm, since M1 makes the stage IV");
            MCategory::M0
        }
    };
    let line = match (m, input.distant_metastasis.is_some()) {
        (MCategory::M1, _) => "M1: distant metastasis",
        (MCategory::M0, true) => "M0: no distant metastasis",
        (MCategory::M0, false) => "M0: distant metastasis not given, assumed absent",
    };
    notes.explain(format!("{line} ({})", cite::M_TABLE));
    m
}

/// The FNCLCC differentiation score: from the histology's row of Table 4, or as given.
fn differentiation(input: &CaseInput, notes: &mut Notes) -> Option<(u8, String)> {
    let given = input
        .differentiation_score
        .and_then(|d| u8::try_from(d).ok())
        .filter(|d| (1..=3).contains(d));
    let table = input
        .histology
        .and_then(|h| sts::differentiation_score(h).map(|s| (h, s)));
    match (table, given) {
        (Some((h, t)), Some(d)) if d != t => {
            notes.error(
                "differentiation_score",
                format!("{d} disagrees with the FNCLCC score {t} that Table 4 gives histology `{h}`; omit differentiation_score or correct the histology"),
            );
            None
        }
        (Some((h, t)), _) => Some((
            t,
            format!(
                "differentiation score {t}: histology {h} ({})",
                cite::FNCLCC_DIFFERENTIATION
            ),
        )),
        (None, Some(d)) => {
            let why = match input.histology {
                Some(h) => format!("histology {h} has no row in Table 4"),
                None => "histology not given".to_owned(),
            };
            Some((
                d,
                format!(
                    "differentiation score {d}: as given in differentiation_score ({why}) ({})",
                    cite::FNCLCC_SCORES
                ),
            ))
        }
        (None, None) => None,
    }
}

fn grade(input: &CaseInput, notes: &mut Notes) -> (Option<Grade>, Option<Fnclcc>) {
    let differentiation = differentiation(input, notes);
    // Any count ≥ 20 scores 3, so a count beyond u32 is scored, not dropped.
    let mitoses = input
        .mitotic_count_per_10hpf
        .filter(|&m| m >= 0)
        .map(|m| u32::try_from(m).unwrap_or(u32::MAX));
    let necrosis = input.necrosis_percent.filter(|n| (0.0..=100.0).contains(n));
    if let (Some((d, d_line)), Some(mit), Some(nec)) = (&differentiation, mitoses, necrosis) {
        let mitotic = sts::mitotic_score(mit);
        let necrosis_score = sts::necrosis_score(nec);
        let total = d + mitotic + necrosis_score;
        let computed = sts::grade_from_total(total);
        notes.explain(d_line.clone());
        notes.explain(format!(
            "mitotic score {mitotic}: {mit} mitoses per 10 HPF ({}) ({})",
            mitotic_interval(mitotic),
            cite::FNCLCC_SCORES
        ));
        notes.explain(format!(
            "necrosis score {necrosis_score}: {nec}% tumor necrosis ({}) ({})",
            necrosis_interval(necrosis_score),
            cite::FNCLCC_SCORES
        ));
        notes.explain(format!("FNCLCC total {total} = {d} + {mitotic} + {necrosis_score} → {computed} (2–3 G1, 4–5 G2, 6–8 G3) ({})", cite::FNCLCC_GRADE));
        if let Some(g) = input.grade.filter(|&g| g != computed) {
            notes.error("grade", format!("{g} disagrees with the FNCLCC components, which give {computed} (total {total}); omit one or correct it"));
        }
        let fnclcc = Fnclcc {
            differentiation: *d,
            mitotic,
            necrosis: necrosis_score,
            total,
        };
        return (Some(computed), Some(fnclcc));
    }
    if let Some(g) = input.grade {
        notes.explain(format!(
            "grade {g}: as given in grade (FNCLCC components incomplete) ({})",
            cite::FNCLCC_GRADE
        ));
        return (Some(g), None);
    }
    let mut missing = Vec::new();
    if differentiation.is_none()
        && !notes
            .errors
            .iter()
            .any(|e| e.field.as_deref() == Some("differentiation_score"))
    {
        missing.push(match input.histology {
            Some(h) => format!("differentiation score (histology `{h}` has no FNCLCC score; give differentiation_score)"),
            None => "differentiation score (give histology or differentiation_score)".to_owned(),
        });
    }
    if mitoses.is_none() {
        missing.push("mitotic_count_per_10hpf".to_owned());
    }
    if necrosis.is_none() {
        missing.push("necrosis_percent".to_owned());
    }
    notes.warn("grade", format!("GX: grade not given and FNCLCC components missing: {}; GX groups with G1, which may understate the stage", missing.join(", ")));
    notes.explain(format!(
        "grade GX: cannot be assessed — no grade and incomplete FNCLCC components ({})",
        cite::FNCLCC_GRADE
    ));
    (Some(Grade::GX), None)
}

fn mitotic_interval(score: u8) -> &'static str {
    match score {
        1 => "0–9",
        2 => "10–19",
        _ => "≥ 20",
    }
}

fn necrosis_interval(score: u8) -> &'static str {
    match score {
        0 => "no necrosis",
        1 => "< 50%",
        _ => "≥ 50%",
    }
}

fn stage_group(
    group: SiteGroup,
    t: TCategory,
    n: NCategory,
    m: MCategory,
    grade: Grade,
    notes: &mut Notes,
) -> Option<crate::contract::StageGroup> {
    match sts::stage_group(group, t, n, m, grade) {
        Ok(stage) => {
            let footnote = match (n, m, group) {
                (NCategory::N1, MCategory::M0, SiteGroup::Retroperitoneum) => {
                    "; N1 M0 is IIIB in the retroperitoneum (Table 7 footnote)"
                }
                (NCategory::N1, MCategory::M0, _) => {
                    "; N1 M0 is IV on trunk and extremities (Table 7 footnote)"
                }
                _ if grade == Grade::GX => "; GX groups with G1",
                _ => "",
            };
            notes.explain(format!(
                "stage group {}: {t} {n} {m} {grade} ({}){footnote} ({})",
                stage.name(),
                group.label(),
                cite::STAGE_GROUPS
            ));
            Some(stage)
        }
        Err(reason) => {
            notes.explain(reason.reason());
            None
        }
    }
}
