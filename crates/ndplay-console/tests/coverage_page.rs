//! Regenerates `docs/numpy-coverage.md` with `scripts/gen_coverage.py`, run in ndplay's
//! console as `ndplay run` runs it, and fails when the committed page differs: the page
//! is generated from the code (ndplay's signatures, NumPy's from `scripts/numpy_api.json`,
//! the docstring examples' results), so a change to any of them must regenerate it.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use ndplay_console::{Level, RunOptions, Session};

const REGENERATE: &str = "cargo build -p ndplay && target/debug/ndplay run scripts/gen_coverage.py";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn check() {
    let script = std::fs::read_to_string(root().join("scripts/gen_coverage.py"))
        .expect("scripts/gen_coverage.py is readable");
    let committed =
        std::fs::read_to_string(root().join("docs/numpy-coverage.md")).unwrap_or_default();
    let mut session = Session::new().expect("session starts");
    session.set_diagnostics(Level::Off);
    session.set_time_limit(Some(Duration::from_secs(60)));
    let options = RunOptions {
        filename: "gen_coverage.py".to_string(),
        echo_result: false,
    };
    let bind = session.run_with("_COVERAGE_CHECK = True", &options, None);
    assert!(bind.is_ok(), "{:?}", bind.error);
    let out = session.run_with(&script, &options, None);
    assert!(
        out.is_ok(),
        "scripts/gen_coverage.py failed: {}",
        out.error.map(|e| e.render()).unwrap_or_default()
    );
    if out.stdout != committed {
        let at = out
            .stdout
            .lines()
            .zip(committed.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| out.stdout.lines().count().min(committed.lines().count()));
        panic!(
            "docs/numpy-coverage.md is stale (first difference at line {}: now {:?}, \
             committed {:?}).\nRegenerate it from the repository root with:\n    {REGENERATE}",
            at + 1,
            out.stdout.lines().nth(at),
            committed.lines().nth(at)
        );
    }
}

#[test]
fn coverage_page_is_current() {
    common::with_stack(check);
}
