//! Structured arrays and object arrays are safe to point anything at: every public NumPy
//! function and `ndarray` method, given record arrays or arrays of Python objects, returns
//! or raises a Python exception; none reaches an engine panic (`dtype_sweep.py`). What
//! they compute is held against NumPy by the corpus scripts `75_structured_dtypes.py`
//! and `76_object_arrays.py`.

use ndplay_console::Session;

fn panics_for(kind: &str) -> String {
    let mut s = Session::new().expect("session");
    let script = format!("KIND = {kind:?}\n{}", include_str!("dtype_sweep.py"));
    let out = s.run(&script);
    assert!(out.is_ok(), "{:?}", out.error);
    out.stdout
}

#[test]
fn no_function_or_method_panics_on_structured_arrays() {
    let printed = panics_for("records");
    assert!(
        printed.lines().any(|l| l == "0 panics"),
        "calls that panicked on structured arrays:\n{printed}"
    );
}

#[test]
fn no_function_or_method_panics_on_object_arrays() {
    let printed = panics_for("objects");
    assert!(
        printed.lines().any(|l| l == "0 panics"),
        "calls that panicked on object arrays:\n{printed}"
    );
}

/// Objects stay alive exactly as long as some array holds them, although the engine copies
/// their handles freely: the collector keeps what views, copies and slices still hold and
/// frees the rest (a weak reference to a dropped object dies after enough new objects).
#[test]
fn object_arrays_keep_their_objects_and_release_the_rest() {
    let mut s = Session::new().expect("session");
    let out = s.run(
        r#"
import weakref
import numpy as np

class Thing:
    def __init__(self, n):
        self.n = n
    def __repr__(self):
        return f"Thing({self.n})"

kept = np.array([Thing(i) for i in range(6)], dtype=object).reshape(2, 3)
view = kept.T[1:]                 # a view: the same handles
copy = np.concatenate([kept.ravel(), np.arange(2)])[::2].copy()
dropped = np.array([Thing(-1)], dtype=object)
gone = weakref.ref(dropped[0])
del dropped
for round in range(30):           # many new objects: several collections
    churn = np.array([Thing(1000 + i) for i in range(2000)], dtype=object)
    churn = churn[::-1].copy()
print(repr(kept))
print(repr(view))
print(repr(copy))
print("dropped object freed:", gone() is None)
print("identity kept:", kept[0, 1] is view[0, 0] and copy[1] is kept[0, 2])
"#,
    );
    assert!(out.is_ok(), "{:?}\n{}", out.error, out.stdout);
    let expected = "array([[Thing(0), Thing(1), Thing(2)],\n       [Thing(3), Thing(4), Thing(5)]], dtype=object)\n\
array([[Thing(1), Thing(4)],\n       [Thing(2), Thing(5)]], dtype=object)\n\
array([Thing(0), Thing(2), Thing(4), 0], dtype=object)\n\
dropped object freed: True\n\
identity kept: True\n";
    assert_eq!(out.stdout, expected);
}
