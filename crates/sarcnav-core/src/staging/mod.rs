//! Staging rules, one module per system. Each is a set of pure functions shaped like the
//! source's tables, cited above each table.

pub mod khe;
pub mod ks;
pub mod sts;
