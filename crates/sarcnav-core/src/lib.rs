//! # sarcnav-core
//!
//! The pure domain core of sarcnav: the assessment contract (v1.1) as types, the staging rules
//! (AJCC 8 soft tissue sarcoma with FNCLCC grade, ACTG Kaposi sarcoma, kaposiform
//! hemangioendothelioma settings) and the rendering of a result as a readable report.
//!
//! Invariants: no I/O, no clocks, no global state, no async. Every function takes owned or
//! borrowed data and returns data; the knowledge and today's date come in through
//! [`Context`]. Input never makes it panic: every problem becomes a [`FieldError`].
//!
//! ```
//! use sarcnav_core::{assess_json, Context, Date, Knowledge};
//! let knowledge = Knowledge::default();
//! let ctx = Context { knowledge: &knowledge, today: Date::parse("2026-01-15").unwrap() };
//! let out = assess_json(r#"{"disease":"soft_tissue_sarcoma","primary_site":"trunk","tumor_size_cm":7.5,
//!     "regional_nodes":"N0","distant_metastasis":"M0","grade":"G3"}"#, &ctx);
//! let json = serde_json::to_value(&out).unwrap();
//! assert_eq!(json["staging"]["stage_group"], "IIIA");
//! ```

pub mod agents;
pub mod assess;
pub mod contract;
pub mod date;
pub mod knowledge;
pub mod options;
pub mod parse;
pub mod report;
pub mod response;
pub mod staging;
mod text;

pub use assess::{
    Context, Detail, assess, assess_json, assess_json_with, assess_value, assess_value_with,
    assess_with,
};
pub use contract::{Assessment, CaseInput, FieldError, InvalidInput, Outcome, Staging, Warning};
pub use date::Date;
pub use knowledge::{Knowledge, Source};
pub use parse::{parse_case, parse_case_value};
