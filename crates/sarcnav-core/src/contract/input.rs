//! Input of one case (contract §1). [`CaseInput`] is the wire shape: every field optional, unknown
//! fields rejected; the rules in [`crate::assess`] decide which fields a disease requires.

use serde::{Deserialize, Serialize};

use crate::date::Date;

/// Declares a lowercase, serde-renamed enum with its wire names and a `name()` accessor.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The contract's name for this value.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// The value with this contract name.
            pub fn from_name(text: &str) -> Option<$name> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

wire_enum! {
    /// The disease a case is about.
    Disease {
        SoftTissueSarcoma = "soft_tissue_sarcoma",
        KaposiSarcoma = "kaposi_sarcoma",
        KaposiformHemangioendothelioma = "kaposiform_hemangioendothelioma",
    }
}

wire_enum! {
    /// Primary site of a soft tissue sarcoma; decides the AJCC site group.
    PrimarySite {
        Extremity = "extremity",
        Trunk = "trunk",
        Retroperitoneum = "retroperitoneum",
        HeadAndNeck = "head_and_neck",
        AbdominalVisceral = "abdominal_visceral",
        ThoracicVisceral = "thoracic_visceral",
    }
}

wire_enum! {
    /// AJCC 8 T category (the union over site groups; validity depends on the site group).
    TCategory {
        TX = "TX", T0 = "T0", T1 = "T1", T2 = "T2", T2a = "T2a", T2b = "T2b", T3 = "T3",
        T4 = "T4", T4a = "T4a", T4b = "T4b", T4c = "T4c",
    }
}

impl TCategory {
    /// The broad category (T2a → T2, T4b → T4); others are their own.
    pub fn broad(self) -> TCategory {
        match self {
            TCategory::T2a | TCategory::T2b => TCategory::T2,
            TCategory::T4a | TCategory::T4b | TCategory::T4c => TCategory::T4,
            other => other,
        }
    }
}

wire_enum! {
    /// Head-and-neck invasion findings (AJCC 8 head and neck T4, T4a, T4b).
    HeadNeckInvasion {
        Orbit = "orbit",
        SkullBase = "skull_base",
        Dura = "dura",
        CentralCompartmentViscera = "central_compartment_viscera",
        FacialSkeleton = "facial_skeleton",
        PterygoidMuscles = "pterygoid_muscles",
        BrainParenchyma = "brain_parenchyma",
        CarotidArtery = "carotid_artery",
        PrevertebralMuscle = "prevertebral_muscle",
        PerineuralCns = "perineural_cns",
        AdjoiningStructures = "adjoining_structures",
    }
}

wire_enum! {
    /// Extent of a visceral (abdominal or thoracic organ) sarcoma.
    VisceralExtent {
        OrganConfined = "organ_confined",
        BeyondOrgan = "beyond_organ",
        Serosa = "serosa",
        BeyondSerosa = "beyond_serosa",
        AnotherOrgan = "another_organ",
    }
}

wire_enum! {
    /// Regional node status as sent.
    RegionalNodes { N0 = "N0", N1 = "N1", Unknown = "unknown" }
}

wire_enum! {
    /// AJCC N category as staged (unknown status stages as N0).
    NCategory { N0 = "N0", N1 = "N1" }
}

wire_enum! {
    /// AJCC M category.
    MCategory { M0 = "M0", M1 = "M1" }
}

wire_enum! {
    /// FNCLCC histological grade.
    Grade { G1 = "G1", G2 = "G2", G3 = "G3", GX = "GX" }
}

wire_enum! {
    /// Histology vocabulary (contract §4).
    Histology {
        WellDifferentiatedLiposarcoma = "well_differentiated_liposarcoma",
        MyxoidLiposarcoma = "myxoid_liposarcoma",
        RoundCellLiposarcoma = "round_cell_liposarcoma",
        PleomorphicLiposarcoma = "pleomorphic_liposarcoma",
        DedifferentiatedLiposarcoma = "dedifferentiated_liposarcoma",
        Fibrosarcoma = "fibrosarcoma",
        Myxofibrosarcoma = "myxofibrosarcoma",
        UndifferentiatedPleomorphicSarcoma = "undifferentiated_pleomorphic_sarcoma",
        WellDifferentiatedLeiomyosarcoma = "well_differentiated_leiomyosarcoma",
        Leiomyosarcoma = "leiomyosarcoma",
        PoorlyDifferentiatedLeiomyosarcoma = "poorly_differentiated_leiomyosarcoma",
        SynovialSarcoma = "synovial_sarcoma",
        PoorlyDifferentiatedSynovialSarcoma = "poorly_differentiated_synovial_sarcoma",
        PleomorphicRhabdomyosarcoma = "pleomorphic_rhabdomyosarcoma",
        MesenchymalChondrosarcoma = "mesenchymal_chondrosarcoma",
        ExtraskeletalOsteosarcoma = "extraskeletal_osteosarcoma",
        EwingSarcoma = "ewing_sarcoma",
        MalignantRhabdoidTumor = "malignant_rhabdoid_tumor",
        UndifferentiatedSarcoma = "undifferentiated_sarcoma",
        Angiosarcoma = "angiosarcoma",
        AlveolarSoftPartSarcoma = "alveolar_soft_part_sarcoma",
        DermatofibrosarcomaProtuberans = "dermatofibrosarcoma_protuberans",
        InflammatoryMyofibroblasticTumor = "inflammatory_myofibroblastic_tumor",
        Pecoma = "pecoma",
        EpithelioidSarcoma = "epithelioid_sarcoma",
        ClearCellSarcoma = "clear_cell_sarcoma",
        EmbryonalRhabdomyosarcoma = "embryonal_rhabdomyosarcoma",
        AlveolarRhabdomyosarcoma = "alveolar_rhabdomyosarcoma",
        MalignantPeripheralNerveSheathTumor = "malignant_peripheral_nerve_sheath_tumor",
        Other = "other",
        Gist = "gist",
        KaposiSarcoma = "kaposi_sarcoma",
        DesmoidTumor = "desmoid_tumor",
    }
}

impl Histology {
    /// Liposarcoma subtypes (adipocytic sarcomas).
    pub fn is_liposarcoma(self) -> bool {
        matches!(
            self,
            Histology::WellDifferentiatedLiposarcoma
                | Histology::MyxoidLiposarcoma
                | Histology::RoundCellLiposarcoma
                | Histology::PleomorphicLiposarcoma
                | Histology::DedifferentiatedLiposarcoma
        )
    }

    /// Leiomyosarcoma subtypes.
    pub fn is_leiomyosarcoma(self) -> bool {
        matches!(
            self,
            Histology::WellDifferentiatedLeiomyosarcoma
                | Histology::Leiomyosarcoma
                | Histology::PoorlyDifferentiatedLeiomyosarcoma
        )
    }
}

wire_enum! {
    /// Kaposi sarcoma epidemiological subtype.
    KsSubtype {
        Classic = "classic",
        Endemic = "endemic",
        AidsAssociated = "aids_associated",
        TransplantRelated = "transplant_related",
    }
}

wire_enum! {
    /// Extent of classic or endemic Kaposi sarcoma.
    KsExtent { Localized = "localized", Advanced = "advanced" }
}

/// One case as sent (contract §1): every field optional on the wire, unknown fields rejected.
/// Which fields are required, and their ranges, is checked by [`crate::assess`], which reports
/// every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    // Common.
    pub id: Option<String>,
    pub disease: Option<Disease>,
    pub age_years: Option<f64>,
    pub assessment_date: Option<Date>,
    pub recurrent: Option<bool>,
    // Soft tissue sarcoma.
    pub primary_site: Option<PrimarySite>,
    pub tumor_size_cm: Option<f64>,
    pub t_category: Option<TCategory>,
    pub head_and_neck_invasion: Option<Vec<HeadNeckInvasion>>,
    pub visceral_extent: Option<VisceralExtent>,
    pub multifocal_sites: Option<i64>,
    pub regional_nodes: Option<RegionalNodes>,
    pub distant_metastasis: Option<MCategory>,
    pub histology: Option<Histology>,
    pub differentiation_score: Option<i64>,
    pub mitotic_count_per_10hpf: Option<i64>,
    pub necrosis_percent: Option<f64>,
    pub grade: Option<Grade>,
    pub prior_therapies: Option<Vec<String>>,
    pub ntrk_fusion: Option<bool>,
    // Kaposi sarcoma.
    pub subtype: Option<KsSubtype>,
    pub hiv_positive: Option<bool>,
    pub immunosuppressed: Option<bool>,
    pub lives_in_endemic_region: Option<bool>,
    pub edema_or_ulceration: Option<bool>,
    pub extensive_oral: Option<bool>,
    pub gastrointestinal_ks: Option<bool>,
    pub other_visceral_ks: Option<bool>,
    pub cd4_per_ul: Option<i64>,
    pub oi_or_thrush_history: Option<bool>,
    pub b_symptoms: Option<bool>,
    pub other_hiv_illness: Option<bool>,
    pub karnofsky: Option<i64>,
    pub extent: Option<KsExtent>,
    pub hiv_viral_load_copies_per_ml: Option<f64>,
    pub pulmonary_ks: Option<bool>,
    pub recent_glucocorticoids: Option<bool>,
    pub plasma_hhv8_detectable: Option<bool>,
    // Kaposiform hemangioendothelioma.
    pub kasabach_merritt_phenomenon: Option<bool>,
    pub platelets_per_ul: Option<f64>,
    pub fibrinogen_g_per_l: Option<f64>,
    pub functional_compromise: Option<bool>,
    pub severe_symptoms: Option<bool>,
    pub progressive: Option<bool>,
}

/// The JSON type of an input field, used to read CSV cells and to explain type errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string or an enumerated value.
    Text,
    /// Any number.
    Number,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Bool,
    /// A list of strings (`;`-separated in CSV).
    List,
}

/// Which disease a field belongs to (`None`: common to all).
type FieldOwner = Option<Disease>;

/// Every input field with its kind and the disease it belongs to, in contract order.
pub const FIELDS: &[(&str, FieldKind, FieldOwner)] = {
    use Disease::*;
    use FieldKind::*;
    const STS: FieldOwner = Some(SoftTissueSarcoma);
    const KS: FieldOwner = Some(KaposiSarcoma);
    const KHE: FieldOwner = Some(KaposiformHemangioendothelioma);
    &[
        ("id", Text, None),
        ("disease", Text, None),
        ("age_years", Number, None),
        ("assessment_date", Text, None),
        ("recurrent", Bool, None),
        ("primary_site", Text, STS),
        ("tumor_size_cm", Number, STS),
        ("t_category", Text, STS),
        ("head_and_neck_invasion", List, STS),
        ("visceral_extent", Text, STS),
        ("multifocal_sites", Integer, STS),
        ("regional_nodes", Text, STS),
        ("distant_metastasis", Text, STS),
        ("histology", Text, STS),
        ("differentiation_score", Integer, STS),
        ("mitotic_count_per_10hpf", Integer, STS),
        ("necrosis_percent", Number, STS),
        ("grade", Text, STS),
        ("prior_therapies", List, STS),
        ("ntrk_fusion", Bool, STS),
        ("subtype", Text, KS),
        ("hiv_positive", Bool, KS),
        ("immunosuppressed", Bool, KS),
        ("lives_in_endemic_region", Bool, KS),
        ("edema_or_ulceration", Bool, KS),
        ("extensive_oral", Bool, KS),
        ("gastrointestinal_ks", Bool, KS),
        ("other_visceral_ks", Bool, KS),
        ("cd4_per_ul", Integer, KS),
        ("oi_or_thrush_history", Bool, KS),
        ("b_symptoms", Bool, KS),
        ("other_hiv_illness", Bool, KS),
        ("karnofsky", Integer, KS),
        ("extent", Text, KS),
        ("hiv_viral_load_copies_per_ml", Number, KS),
        ("pulmonary_ks", Bool, KS),
        ("recent_glucocorticoids", Bool, KS),
        ("plasma_hhv8_detectable", Bool, KS),
        ("kasabach_merritt_phenomenon", Bool, KHE),
        ("platelets_per_ul", Number, KHE),
        ("fibrinogen_g_per_l", Number, KHE),
        ("functional_compromise", Bool, KHE),
        ("severe_symptoms", Bool, KHE),
        ("progressive", Bool, KHE),
    ]
};

/// The kind and owner of an input field, `None` for an unknown field.
pub fn field_info(name: &str) -> Option<(FieldKind, FieldOwner)> {
    FIELDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, kind, owner)| (kind, owner))
}

impl CaseInput {
    /// Whether the named field was sent (and not `null`).
    fn is_set(&self, name: &str) -> bool {
        match name {
            "id" => self.id.is_some(),
            "disease" => self.disease.is_some(),
            "age_years" => self.age_years.is_some(),
            "assessment_date" => self.assessment_date.is_some(),
            "recurrent" => self.recurrent.is_some(),
            "primary_site" => self.primary_site.is_some(),
            "tumor_size_cm" => self.tumor_size_cm.is_some(),
            "t_category" => self.t_category.is_some(),
            "head_and_neck_invasion" => self.head_and_neck_invasion.is_some(),
            "visceral_extent" => self.visceral_extent.is_some(),
            "multifocal_sites" => self.multifocal_sites.is_some(),
            "regional_nodes" => self.regional_nodes.is_some(),
            "distant_metastasis" => self.distant_metastasis.is_some(),
            "histology" => self.histology.is_some(),
            "differentiation_score" => self.differentiation_score.is_some(),
            "mitotic_count_per_10hpf" => self.mitotic_count_per_10hpf.is_some(),
            "necrosis_percent" => self.necrosis_percent.is_some(),
            "grade" => self.grade.is_some(),
            "prior_therapies" => self.prior_therapies.is_some(),
            "ntrk_fusion" => self.ntrk_fusion.is_some(),
            "subtype" => self.subtype.is_some(),
            "hiv_positive" => self.hiv_positive.is_some(),
            "immunosuppressed" => self.immunosuppressed.is_some(),
            "lives_in_endemic_region" => self.lives_in_endemic_region.is_some(),
            "edema_or_ulceration" => self.edema_or_ulceration.is_some(),
            "extensive_oral" => self.extensive_oral.is_some(),
            "gastrointestinal_ks" => self.gastrointestinal_ks.is_some(),
            "other_visceral_ks" => self.other_visceral_ks.is_some(),
            "cd4_per_ul" => self.cd4_per_ul.is_some(),
            "oi_or_thrush_history" => self.oi_or_thrush_history.is_some(),
            "b_symptoms" => self.b_symptoms.is_some(),
            "other_hiv_illness" => self.other_hiv_illness.is_some(),
            "karnofsky" => self.karnofsky.is_some(),
            "extent" => self.extent.is_some(),
            "hiv_viral_load_copies_per_ml" => self.hiv_viral_load_copies_per_ml.is_some(),
            "pulmonary_ks" => self.pulmonary_ks.is_some(),
            "recent_glucocorticoids" => self.recent_glucocorticoids.is_some(),
            "plasma_hhv8_detectable" => self.plasma_hhv8_detectable.is_some(),
            "kasabach_merritt_phenomenon" => self.kasabach_merritt_phenomenon.is_some(),
            "platelets_per_ul" => self.platelets_per_ul.is_some(),
            "fibrinogen_g_per_l" => self.fibrinogen_g_per_l.is_some(),
            "functional_compromise" => self.functional_compromise.is_some(),
            "severe_symptoms" => self.severe_symptoms.is_some(),
            "progressive" => self.progressive.is_some(),
            _ => false,
        }
    }

    /// Names of the fields that are set and belong to a disease other than `disease`.
    pub fn fields_not_for(&self, disease: Disease) -> Vec<&'static str> {
        FIELDS
            .iter()
            .filter(|(name, _, owner)| owner.is_some_and(|o| o != disease) && self.is_set(name))
            .map(|(name, _, _)| *name)
            .collect()
    }
}

pub(crate) use wire_enum;
