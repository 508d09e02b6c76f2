//! Loud failure modes in the console: each diagnostic placed on the learner's line, the
//! sub-expression underlined, operands labelled; levels; composite functions quiet;
//! results unchanged; the web guard rails.

use ndplay_console::{Level, Session};

mod common;
use common::with_stack;

const MSE: &str = "import numpy as np
y = np.array([1.0, 2.0, 3.0])
yhat = np.array([[1.5], [2.0], [2.5]])
mse = ((y - yhat) ** 2).mean()
print(mse)";

#[test]
fn the_mse_trap_is_placed_underlined_and_explained() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run(MSE);
        assert!(out.is_ok(), "{:?}", out.error);
        // NumPy's (wrong) answer is kept: the mean over the (3, 3) outer difference.
        assert_eq!(out.stdout, "0.8333333333333334\n");
        assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
        let d = &out.diagnostics[0];
        assert_eq!(d.kind, "outer_broadcast");
        assert_eq!(d.op, "subtract");
        assert_eq!((d.line, d.col, d.end_col), (Some(4), Some(8), Some(16)));
        assert_eq!(d.segment.as_deref(), Some("y - yhat"));
        assert_eq!(
            d.operands,
            vec![
                (vec![3], "float64".to_string()),
                (vec![3, 1], "float64".to_string())
            ]
        );
        let expected = "ndplay warning [outer_broadcast] at \"<console>\", line 4:
    mse = ((y - yhat) ** 2).mean()
            ^^^^^^^^
            y: (3,) float64 | yhat: (3, 1) float64
  subtract: shapes (3,) and (3, 1) broadcast to (3, 3), larger than both operands";
        assert!(d.text.starts_with(expected), "{}", d.text);
        assert!(
            d.text
                .contains("\n  fix: Give both operands the same shape")
        );
    });
}

#[test]
fn each_failure_mode_fires_under_its_line() {
    with_stack(|| {
        let cases: &[(&str, &str, usize, &str)] = &[
            (
                "import numpy as np\nu = np.arange(3.0)\nv = np.ones(3)\nx = u @ v",
                "vector_dot",
                4,
                "u @ v",
            ),
            (
                "import numpy as np\nX = np.arange(12.0).reshape(4, 3)\nXc = X - X.mean(axis=1, keepdims=True)",
                "axis_statistic",
                3,
                "X - X.mean(axis=1, keepdims=True)",
            ),
            (
                "import numpy as np\ng = np.array([3, 4, 5])\nh = g // 2",
                "integer_truncation",
                3,
                "g // 2",
            ),
            (
                "import numpy as np\na = np.array([120], dtype=np.int8)\nb = a + np.int8(10)",
                "integer_overflow",
                3,
                "a + np.int8(10)",
            ),
            (
                "import numpy as np\na = np.array([300, 5])\nb = a.astype(np.uint8)",
                "integer_overflow",
                3,
                "a.astype(np.uint8)",
            ),
            (
                "import numpy as np\na = np.arange(6.0)\nb = a[:2]\nb[0] = 9.0",
                "write_through_view",
                4,
                "b[0] = 9.0",
            ),
            (
                "import numpy as np\na = np.arange(6.0).reshape(2, 3)\nf = a.T.reshape(-1)",
                "reshape_copied",
                3,
                "a.T.reshape(-1)",
            ),
            (
                "import numpy as np\nx = np.ones(2, dtype=np.float32)\ny = x * np.array([1.0, 2.0])",
                "upcast",
                3,
                "x * np.array([1.0, 2.0])",
            ),
            (
                "import numpy as np\np = np.array([1.0, 0.0])\nl = np.log(p)",
                "nonfinite_produced",
                3,
                "np.log(p)",
            ),
            (
                "import numpy as np\nx = np.ones((2, 2))\nb = np.zeros((2, 1))\nout = x + b",
                "bias_along_rows",
                4,
                "x + b",
            ),
        ];
        for &(code, kind, line, segment) in cases {
            let mut s = Session::new().expect("session");
            let out = s.run(code);
            assert!(out.is_ok(), "{code}: {:?}", out.error);
            let kinds: Vec<&str> = out.diagnostics.iter().map(|d| d.kind.as_str()).collect();
            assert_eq!(kinds, [kind], "{code}");
            let d = &out.diagnostics[0];
            assert_eq!(d.line, Some(line), "{code}");
            assert_eq!(d.segment.as_deref(), Some(segment), "{code}");
            assert!(d.text.contains(&format!("line {line}:")), "{}", d.text);
        }
    });
}

#[test]
fn correct_forms_and_numpys_own_composites_stay_quiet() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run(
            "import numpy as np
X = np.arange(12.0).reshape(4, 3)
Xs = (X - X.mean(axis=0)) / X.std(axis=0)
o = np.outer(np.arange(3.0), np.arange(3.0))
m = np.median(X, axis=0)
a = np.average(X, axis=0)
c = np.arange(4) * 2 // 2
print(np.array_equal(X, X), X.reshape(-1).shape, np.exp(X).max() > 0)",
        );
        assert!(out.is_ok(), "{:?}", out.error);
        assert!(out.diagnostics.is_empty(), "{:#?}", out.diagnostics);
    });
}

#[test]
fn a_loop_reports_once_with_a_count_and_functions_point_at_their_line() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run(
            "import numpy as np
def centre(X):
    return X - X.mean(axis=1, keepdims=True)
for i in range(3):
    Z = centre(np.arange(6.0).reshape(2, 3))",
        );
        assert!(out.is_ok(), "{:?}", out.error);
        assert_eq!(out.diagnostics.len(), 1, "{:#?}", out.diagnostics);
        let d = &out.diagnostics[0];
        assert_eq!(
            (d.kind.as_str(), d.line, d.count),
            ("axis_statistic", Some(3), 3)
        );
    });
}

#[test]
fn levels_off_and_strict() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        assert_eq!(
            s.diagnostics(),
            Level::Warn,
            "warn is the console's default"
        );
        s.set_diagnostics(Level::Off);
        let out = s.run(MSE);
        assert!(out.is_ok() && out.diagnostics.is_empty());
        assert_eq!(out.stdout, "0.8333333333333334\n", "results never change");
        s.set_diagnostics(Level::Strict);
        let out = s.run(MSE);
        let err = out.error.expect("strict refuses");
        assert_eq!(err.py_type, "ValueError");
        assert!(
            err.message
                .starts_with("ndplay strict mode: subtract: shapes (3,) and (3, 1)")
        );
        assert_eq!(err.line, Some(4));
        assert!(err.render().contains("lower the level to 'warn'"));
    });
}

#[test]
fn the_guard_rails_of_the_web_console() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        s.sandbox().expect("guard rails install");
        for (code, py_type) in [
            ("open('/etc/hostname').read()", "PermissionError"),
            ("input()", "PermissionError"),
            ("import subprocess", "ImportError"),
            ("import socket", "ImportError"),
            ("import shutil", "ImportError"),
            ("import os\nos.system('true')", "AttributeError"),
            (
                "import numpy as np\nnp.save('x.npy', np.zeros(2))",
                "PermissionError",
            ),
            ("import numpy as np\nnp.load('x.npy')", "PermissionError"),
        ] {
            let err = s.run(code).error.unwrap_or_else(|| panic!("{code} ran"));
            assert_eq!(err.py_type, py_type, "{code}: {}", err.summary());
        }
        let out = s.run(
            "import os, sys, math, time, itertools\nimport numpy as np\nprint(os.path.join('a', 'b'), math.sqrt(4.0), np.arange(3).sum())",
        );
        assert!(out.is_ok(), "{:?}", out.error);
        assert_eq!(out.stdout, "a/b 2.0 3\n");
        // The bridge itself still works behind the guard: diagnostics, NumPy's
        // exception types, the time limit.
        assert_eq!(s.run(MSE).diagnostics.len(), 1);
        let err = s
            .run("np.linalg.inv(np.zeros((2, 2)))")
            .error
            .expect("singular");
        assert_eq!(err.py_type, "numpy.linalg.LinAlgError");
        s.set_time_limit(Some(std::time::Duration::from_millis(300)));
        let err = s.run("while True:\n    pass").error.expect("stopped");
        assert_eq!(err.kind, ndplay_console::ErrorKind::Timeout);
    });
}

#[test]
fn set_array_binds_shared_memory() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let a = ndplay_core::Array::arange(0.0, 6.0, 1.0, Some(ndplay_core::DType::Float64))
            .expect("arange")
            .reshape(&[2, 3])
            .expect("reshape");
        s.set_array("arr", &a).expect("binds");
        let out = s.run("arr[0, 0] = 42.0\narr.shape");
        assert!(out.is_ok(), "{:?}", out.error);
        assert_eq!(out.result_repr.as_deref(), Some("(2, 3)"));
        assert!(out.tensors.is_empty(), "arr was not rebound");
        assert_eq!(a.get(&[0, 0]).expect("get").to_string(), "42.0");
        assert!(s.set_array("not a name", &a).is_err());
    });
}
