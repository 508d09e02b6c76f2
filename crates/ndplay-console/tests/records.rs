//! Structured arrays are safe to point anything at: every public NumPy function and
//! `ndarray` method, given record arrays, returns or raises a Python exception; none
//! reaches an engine panic (`records_sweep.py`). What they compute is held against NumPy
//! by the corpus script `75_structured_dtypes.py`.

use ndplay_console::Session;

#[test]
fn no_function_or_method_panics_on_structured_arrays() {
    let mut s = Session::new().expect("session");
    let out = s.run(include_str!("records_sweep.py"));
    assert!(out.is_ok(), "{:?}", out.error);
    let printed = out.stdout;
    assert!(
        printed.lines().any(|l| l == "0 panics"),
        "calls that panicked on structured arrays:\n{printed}"
    );
}
