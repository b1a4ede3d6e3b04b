//! Time-driven changes (DESIGN.md §11): every instance runs the
//! [`runner`] in the background, and one instance acts on each due item.
//! `partnerlink run-jobs --now <time>` runs one pass at a given time.
//!
//! Jobs call `domain` the way handlers do; nothing here knows about HTTP.

pub mod delegated_admin;
pub mod end_relationships;
pub mod runner;

pub use runner::{PassReport, run_pass, spawn};
