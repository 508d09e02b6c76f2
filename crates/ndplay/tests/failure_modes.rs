//! The failure-modes page's catalogue, run through a real console session: every buggy
//! cell raises its diagnostic (and only that kind), every fix raises none, and both print
//! exactly what CPython with NumPy 2 prints (`fixtures/failure_modes_numpy.json`, written
//! by `fixtures/gen_failure_modes.py`): the diagnostics explain, they never change results.

use ndplay::server::failures::cases;
use ndplay_console::Session;
use serde_json::Value;

#[test]
fn every_case_fires_on_the_bug_is_quiet_on_the_fix_and_prints_numpys_output() {
    let fixture: Value =
        serde_json::from_str(include_str!("fixtures/failure_modes_numpy.json")).expect("fixture");
    let numpy = fixture["cases"].as_array().expect("cases").clone();
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            let cases = cases();
            assert_eq!(cases.len(), numpy.len(), "regenerate the fixture");
            for (case, expected) in cases.iter().zip(&numpy) {
                assert_eq!(expected["kind"], case.kind.as_str());
                let mut s = Session::new().expect("session");
                let out = s.run(&case.buggy);
                assert!(out.is_ok(), "{}: {:?}", case.kind, out.error);
                assert_eq!(
                    out.stdout,
                    expected["buggy_stdout"].as_str().unwrap(),
                    "{}",
                    case.kind
                );
                let kinds: Vec<&str> = out.diagnostics.iter().map(|d| d.kind.as_str()).collect();
                assert!(
                    !kinds.is_empty() && kinds.iter().all(|k| *k == case.kind),
                    "{}: the bug raised {kinds:?}",
                    case.kind
                );
                assert!(
                    out.diagnostics
                        .iter()
                        .all(|d| d.line.is_some() && d.segment.is_some())
                );
                let mut s = Session::new().expect("session");
                let out = s.run(&case.fixed);
                assert!(out.is_ok(), "{}: {:?}", case.kind, out.error);
                assert_eq!(
                    out.stdout,
                    expected["fixed_stdout"].as_str().unwrap(),
                    "{}",
                    case.kind
                );
                assert!(
                    out.diagnostics.is_empty(),
                    "{}: the fix raised {:#?}",
                    case.kind,
                    out.diagnostics
                );
            }
        })
        .expect("thread")
        .join()
        .expect("no failure");
}
