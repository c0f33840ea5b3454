//! The assessment contract (v1.1): what a caller sends and what it gets back.

pub mod input;
pub mod output;

pub use input::*;
pub use output::*;
