//! The failure-modes page (`/failure-modes`): each bug NumPy runs without a word, as a
//! buggy cell and its fix that the page runs in the tab's console, where ndplay's
//! diagnostics catch the first and stay quiet on the second.
//!
//! The catalogue is data ([`cases`], from `assets/failure-modes.json`, served as
//! `GET /api/failure-modes`); the crate's
//! tests run every buggy cell and every fix through a real console session and check
//! which diagnostics fire, so the page cannot drift from the engine.
//!
//! ```
//! let cases = ndplay::server::failures::cases();
//! assert!(cases.iter().any(|c| c.kind == "outer_broadcast"));
//! assert!(cases.iter().all(|c| c.buggy.contains("import numpy as np")));
//! ```

use serde::{Deserialize, Serialize};

/// One silent bug: what goes wrong, the cell that does it, and the cell that does not.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FailureCase {
    /// The diagnostic that catches it (`ndplay_core::diagnostics::Kind::name`).
    pub kind: String,
    /// A short title.
    pub title: String,
    /// What NumPy does, and why nobody notices.
    pub story: String,
    /// The cell with the bug (NumPy runs it silently).
    pub buggy: String,
    /// The same cell, fixed.
    pub fixed: String,
}

/// The catalogue as shipped: `assets/failure-modes.json`, also read by the fixture
/// generator that runs every cell in real NumPy (`tests/fixtures/gen_failure_modes.py`).
pub const CATALOG_JSON: &str = include_str!("../../assets/failure-modes.json");

/// Every failure mode ndplay catches, in the order the page shows them.
pub fn cases() -> Vec<FailureCase> {
    // The file is part of the binary and a test parses it, so this cannot fail at run
    // time; an empty page is still better than a panic if it ever did.
    serde_json::from_str(CATALOG_JSON).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_catalogue_parses_and_covers_every_diagnostic() {
        let cases: Vec<super::FailureCase> =
            serde_json::from_str(super::CATALOG_JSON).expect("valid catalogue");
        let kinds: Vec<&str> = cases.iter().map(|c| c.kind.as_str()).collect();
        for kind in [
            "vector_dot",
            "outer_broadcast",
            "integer_truncation",
            "integer_overflow",
            "axis_statistic",
            "write_through_view",
            "reshape_copied",
            "upcast",
            "nonfinite_produced",
            "bias_along_rows",
        ] {
            assert!(kinds.contains(&kind), "no case for {kind}");
        }
    }
}
