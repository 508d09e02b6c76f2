//! The library API the web console calls: `Session::run` and its `Output`.

use std::time::{Duration, Instant};

use ndplay_console::{ErrorKind, Session};

mod common;
use common::with_stack;

#[test]
fn variables_persist_and_results_echo() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run("import numpy as np\nx = np.arange(4.0)");
        assert!(out.is_ok(), "{:?}", out.error);
        assert_eq!(out.result_repr, None);
        let out = s.run("x * 2");
        assert_eq!(out.result_repr.as_deref(), Some("array([0., 2., 4., 6.])"));
        let out = s.run("print(x.sum())\nx.mean()");
        assert_eq!(out.stdout, "6.0\n");
        assert_eq!(out.result_repr.as_deref(), Some("np.float64(1.5)"));
        let out = s.run("None");
        assert_eq!(out.result_repr, None);
    });
}

#[test]
fn tensors_report_new_and_rebound_arrays_only() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run("import numpy as np\na = np.zeros((2, 3))\nb = a.T\nn = 3");
        let names: Vec<&str> = out.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(out.tensors[1].array.shape(), &[3, 2]);
        assert!(out.tensors[1].array.shares_memory(&out.tensors[0].array));
        let out = s.run("b = np.ones(2)\nprint(a.shape)");
        let names: Vec<&str> = out.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["b"]);
    });
}

#[test]
fn errors_carry_numpys_type_message_and_ndplays_hint() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run("import numpy as np\nprint('a')\nnp.arange(13).reshape(3, 4)");
        assert_eq!(out.stdout, "a\n");
        let e = out.error.expect("an error");
        assert_eq!(e.kind, ErrorKind::Runtime);
        assert_eq!(e.py_type, "ValueError");
        assert_eq!(
            e.message,
            "cannot reshape array of size 13 into shape (3,4)"
        );
        assert_eq!(e.line, Some(3));
        assert!(
            e.hint.as_deref().is_some_and(|h| h.contains("13")),
            "{:?}",
            e.hint
        );
        assert!(
            e.render()
                .ends_with(&format!("\nndplay: {}", e.hint.as_deref().unwrap_or("")))
        );
        // The session survives the error.
        assert!(s.run("print(np.ones(2))").is_ok());
    });
}

#[test]
fn syntax_errors_name_the_line_and_run_nothing() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        let out = s.run("print('ran')\nfor i in range(3)\n    print(i)");
        assert_eq!(out.stdout, "");
        let e = out.error.expect("a syntax error");
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.py_type, "SyntaxError");
        assert_eq!(e.line, Some(2));
        assert!(
            e.traceback.contains("File \"<console>\", line 2"),
            "{}",
            e.traceback
        );
        assert!(e.traceback.contains('^'), "{}", e.traceback);
    });
}

#[test]
fn the_time_limit_stops_runaway_loops_and_the_session_goes_on() {
    with_stack(|| {
        let mut s = Session::new().expect("session");
        s.set_time_limit(Some(Duration::from_millis(500)));
        let started = Instant::now();
        let out = s.run(
            "n = 0\nwhile True:\n    try:\n        n += 1\n    except Exception:\n        pass",
        );
        assert!(started.elapsed() < Duration::from_secs(30));
        let e = out.error.expect("stopped");
        assert_eq!(e.kind, ErrorKind::Timeout);
        assert_eq!(e.py_type, "ndplay.TimeLimitExceeded");
        assert!(e.message.contains("time limit of 0.5 s"), "{}", e.message);
        let out = s.run("n > 0");
        assert_eq!(out.result_repr.as_deref(), Some("True"));
    });
}

#[test]
fn sessions_are_isolated() {
    with_stack(|| {
        let mut a = Session::new().expect("session");
        let mut b = Session::new().expect("session");
        a.run("import numpy as np\nnp.random.seed(1)\nv = 1");
        assert!(b.run("v").error.is_some());
        let x = a.run("np.random.rand()").result_repr;
        let y = b
            .run("import numpy as np\nnp.random.seed(1)\nnp.random.rand()")
            .result_repr;
        assert_eq!(x, y);
    });
}

#[test]
fn guard_rails_are_per_session() {
    with_stack(|| {
        let mut web = Session::new().expect("session");
        web.sandbox().expect("guard rails");
        let err = web
            .run("import numpy as np\nnp.save('x.npy', np.zeros(2))")
            .error
            .unwrap();
        assert_eq!(err.py_type, "PermissionError");
        let err = web.run("from numpy import load").error;
        assert!(err.is_none(), "{err:?}");
        assert!(
            web.run("load('x.npy')")
                .error
                .is_some_and(|e| e.py_type == "PermissionError")
        );
        // Another session in the same process keeps NumPy's file functions.
        let mut cli = Session::new().expect("session");
        let out = cli.run("import numpy as np\nnp.save.__name__");
        assert_eq!(out.result_repr.as_deref(), Some("'save'"));
        // And the sandboxed one still uses the real numpy for everything else.
        let out = web.run("import numpy.linalg\nnp.linalg.det(np.eye(2))");
        assert_eq!(
            out.result_repr.as_deref(),
            Some("np.float64(1.0)"),
            "{:?}",
            out.error
        );
    });
}

/// Libraries check for NumPy with `importlib.util.find_spec`, which raises on a module
/// without a spec.
#[test]
fn numpy_has_a_module_spec() {
    let mut s = Session::new().expect("session");
    let out = s.run(
        "import importlib.util\n\
         [importlib.util.find_spec(n).name for n in ('numpy', 'numpy.linalg', 'numpy.random')]",
    );
    assert!(out.error.is_none(), "{:?}", out.error);
    assert_eq!(
        out.result_repr.as_deref(),
        Some("['numpy', 'numpy.linalg', 'numpy.random']")
    );
}
