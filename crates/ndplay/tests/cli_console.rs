//! `ndplay run`: exit codes, streamed output, errors as CPython prints them followed by
//! ndplay's explanation, syntax errors with line and caret, the time limit.

use std::path::PathBuf;
use std::process::{Command, Output};

fn script(name: &str, code: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ndplay-cli-console-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, code).expect("script written");
    path
}

fn ndplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ndplay"))
        .args(args)
        .env("RUST_MIN_STACK", "67108864")
        .output()
        .expect("ndplay runs")
}

fn run_script(name: &str, code: &str, extra: &[&str]) -> (i32, String, String) {
    let path = script(name, code);
    let mut args = vec!["run"];
    args.extend_from_slice(extra);
    let p = path.to_str().expect("utf-8 path");
    args.push(p);
    let out = ndplay(&args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_prints_like_numpy_and_exits_zero() {
    let (code, out, err) = run_script(
        "ok.py",
        "import numpy as np\na = np.arange(6).reshape(2, 3)\nprint(a)\nprint(a.shape, a.sum(), repr(a.mean()))\n",
        &[],
    );
    assert_eq!(code, 0, "stderr: {err}");
    assert_eq!(out, "[[0 1 2]\n [3 4 5]]\n(2, 3) 15 np.float64(2.5)\n");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn warnings_and_stderr_prints_go_to_stderr_so_stdout_pipes_stay_clean() {
    let (code, out, err) = run_script(
        "stderr.py",
        "import sys, warnings\nimport numpy as np\nprint('data')\n\
         warnings.warn('careful')\nprint('note', file=sys.stderr)\n\
         print(np.mean([1.0], where=[False]))\n",
        &[],
    );
    assert_eq!(code, 0, "stderr: {err}");
    assert_eq!(out, "data\nnan\n");
    assert!(err.contains("UserWarning: careful"), "{err}");
    assert!(err.contains("note\n"), "{err}");
    assert!(err.contains("RuntimeWarning: Mean of empty slice"), "{err}");
}

#[test]
fn uncaught_engine_error_exits_one_with_numpy_message_then_explanation() {
    let (code, out, err) = run_script(
        "bad_shapes.py",
        "import numpy as np\nprint('before')\nx = np.ones((3, 4)) + np.ones(3)\nprint('after')\n",
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(out, "before\n");
    assert!(
        err.starts_with("Traceback (most recent call last):\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "bad_shapes.py\", line 3, in <module>\n    x = np.ones((3, 4)) + np.ones(3)\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("\nValueError: operands could not be broadcast together with shapes (3,4) (3,) \nndplay: "),
        "{err}"
    );
}

#[test]
fn linalg_error_has_numpys_qualified_type() {
    let (code, _, err) = run_script(
        "singular.py",
        "import numpy as np\nnp.linalg.inv(np.zeros((2, 2)))\n",
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("\nnumpy.linalg.LinAlgError: Singular matrix"),
        "{err}"
    );
}

#[test]
fn syntax_error_shows_line_and_caret_and_runs_nothing() {
    let (code, out, err) = run_script("syntax.py", "print('runs?')\nx = (1, 2\ny = 3 +* 4\n", &[]);
    assert_eq!(code, 1);
    assert_eq!(out, "", "nothing runs when the file does not parse");
    assert!(err.contains("syntax.py\", line "), "{err}");
    assert!(err.contains('^'), "{err}");
    assert!(err.contains("SyntaxError: "), "{err}");
}

#[test]
fn caught_errors_do_not_fail_the_script() {
    let (code, out, _) = run_script(
        "caught.py",
        "import numpy as np\ntry:\n    np.arange(5)[9]\nexcept IndexError as e:\n    print('IndexError:', e)\n",
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "IndexError: index 9 is out of bounds for axis 0 with size 5\n"
    );
}

#[test]
fn sys_exit_status_is_the_exit_code() {
    let (code, out, _) = run_script("exit.py", "import sys\nprint('x')\nsys.exit(3)\n", &[]);
    assert_eq!((code, out.as_str()), (3, "x\n"));
}

#[test]
fn timeout_stops_a_runaway_loop_with_124() {
    let (code, out, err) = run_script(
        "forever.py",
        "print('start')\nwhile True:\n    try:\n        pass\n    except Exception:\n        pass\n",
        &["--timeout", "1"],
    );
    assert_eq!(code, 124, "stderr: {err}");
    assert_eq!(out, "start\n");
    assert!(
        err.contains(
            "ndplay.TimeLimitExceeded: the code ran longer than the console's time limit of 1.0 s"
        ),
        "{err}"
    );
}

#[test]
fn missing_script_is_a_usage_error() {
    let out = ndplay(&["run", "/nonexistent/ndplay/script.py"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read /nonexistent/ndplay/script.py"),
        "{err}"
    );
}

#[test]
fn bad_timeout_is_rejected() {
    let path = script("t.py", "print(1)\n");
    let out = ndplay(&["run", "--timeout", "0", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--timeout must be a positive number"));
}

const MSE_BUG: &str = "import numpy as np
y = np.array([1.0, 2.0, 3.0])
yhat = np.array([[1.5], [2.0], [2.5]])
print('start')
mse = ((y - yhat) ** 2).mean()
print(mse)
";

#[test]
fn diagnostics_go_to_stderr_under_the_line_and_never_change_stdout() {
    let (code, out, err) = run_script("mse.py", MSE_BUG, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out, "start\n0.8333333333333334\n",
        "NumPy's output, unchanged"
    );
    assert!(
        err.contains("ndplay warning [outer_broadcast] at \"")
            && err.contains("mse.py\", line 5:\n    mse = ((y - yhat) ** 2).mean()\n            ^^^^^^^^\n            y: (3,) float64 | yhat: (3, 1) float64\n"),
        "{err}"
    );
    let (code, out, err) = run_script("mse_off.py", MSE_BUG, &["--diagnostics", "off"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "start\n0.8333333333333334\n", "")
    );
    let (code, out, err) = run_script("mse_strict.py", MSE_BUG, &["--diagnostics", "strict"]);
    assert_eq!(code, 1);
    assert_eq!(out, "start\n");
    assert!(
        err.contains("ValueError: ndplay strict mode: subtract: shapes (3,) and (3, 1)"),
        "{err}"
    );
    let (code, _, err) = run_script("mse_bad.py", MSE_BUG, &["--diagnostics", "loud"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown diagnostics level \"loud\""), "{err}");
}

#[test]
fn max_memory_mb_caps_the_arrays_a_script_holds() {
    let code = "import numpy as np\n\
                a = np.ones(5 * 10**6)\n\
                try:\n    b = np.ones(5 * 10**6)\nexcept MemoryError as e:\n    print('MemoryError:', e)\n\
                del a\n\
                b = np.ones(5 * 10**6)\n\
                print(b.sum())\n";
    let (code_, out, err) = run_script("budget.py", code, &["--max-memory-mb", "60"]);
    assert_eq!(code_, 0, "stderr: {err}");
    assert_eq!(
        out,
        "MemoryError: Unable to allocate 38.1 MiB for an array with shape (5000000,) and data type float64\n5000000.0\n"
    );
    // Without the flag the same script has room for both.
    let (code_, out, _) = run_script("budget.py", code, &[]);
    assert_eq!((code_, out.as_str()), (0, "5000000.0\n"));
}
