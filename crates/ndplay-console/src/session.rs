//! [`Session`]: one namespace on the process's embedded CPython, with its own legacy
//! random state, whose `numpy` is ndplay ([`ndplay_python`]).
//!
//! A session keeps its variables between runs (like a notebook kernel or the REPL), so a
//! web console can send one cell at a time. CPython is one per process: sessions share
//! the interpreter and `sys.modules`, and each has its own globals. A run may have a
//! time limit: a watchdog thread raises `ndplay.TimeLimitExceeded` (a `BaseException`,
//! so `except Exception:` cannot swallow it) in the running thread once the limit
//! passes, and again every 100 ms until the code stops. Code blocked in a system call is
//! not interrupted; the web console's worker processes are killed for that.

use std::io::Write;
use std::os::raw::c_ulong;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ndplay_core::Array;
use ndplay_core::diagnostics::{self, Level};
use ndplay_python::random::PyRandomState;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::sink::{Installed, Sink};

const CONSOLE_PY: &str = include_str!("py/console.py");

/// Why a session could not be created or a script not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The embedded interpreter, `numpy` module or runner failed to load.
    #[error("the console's Python failed to start: {0}")]
    Bootstrap(String),
    /// An array could not be bound to a name in the session.
    #[error("cannot bind {name} in the console: {reason}")]
    Bind {
        /// The variable's name.
        name: String,
        /// What Python reported.
        reason: String,
    },
    /// A script file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The script's path.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// What kind of failure ended a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The code did not parse: nothing ran.
    Syntax,
    /// An exception escaped the code.
    Runtime,
    /// The run passed the session's time limit and was stopped.
    Timeout,
    /// The code called `sys.exit` with a non-zero status.
    Exit,
}

/// An error that ended a run, as Python reports it plus ndplay's explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleError {
    /// Syntax, runtime, timeout or exit.
    pub kind: ErrorKind,
    /// The exception's type as CPython prints it: `ValueError`,
    /// `numpy.linalg.LinAlgError`.
    pub py_type: String,
    /// The exception's message: NumPy's exact text for engine errors.
    pub message: String,
    /// ndplay's explanation of the shapes, dtypes or axes involved and how to fix it.
    pub hint: Option<String>,
    /// What CPython prints on stderr: the traceback (or the syntax error's line and
    /// caret) ending with `Type: message`.
    pub traceback: String,
    /// The line of the user's code where it happened, when known.
    pub line: Option<usize>,
}

impl ConsoleError {
    /// The traceback followed by ndplay's explanation, as the console prints it.
    pub fn render(&self) -> String {
        match &self.hint {
            Some(h) if !h.is_empty() => format!("{}\nndplay: {h}", self.traceback),
            _ => self.traceback.clone(),
        }
    }

    /// The last line of the traceback, `Type: message` (just `Type` without a message).
    pub fn summary(&self) -> String {
        if self.message.is_empty() {
            self.py_type.clone()
        } else {
            format!("{}: {}", self.py_type, self.message)
        }
    }
}

/// An array the code bound to a name in this run (new or rebound variables).
#[derive(Clone, Debug)]
pub struct Tensor {
    /// The variable's name.
    pub name: String,
    /// The array (shares memory with the session's variable).
    pub array: Array,
}

/// A bug NumPy would have let through, found while the code ran: the engine's
/// diagnostic placed on the learner's line (see `ndplay_core::diagnostics`). Serialises
/// as the web console's JSON.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsoleDiagnostic {
    /// The bug class's stable name (`"outer_broadcast"`).
    pub kind: String,
    /// The engine operation (`"subtract"`).
    pub op: String,
    /// What happened and why it is likely wrong.
    pub message: String,
    /// What to write instead.
    pub fix: String,
    /// The 1-based line of the code that caused it, when known.
    pub line: Option<usize>,
    /// The 0-based column where the sub-expression starts.
    pub col: Option<usize>,
    /// The 0-based column where it ends, when it ends on the same line.
    pub end_col: Option<usize>,
    /// The sub-expression's source text.
    pub segment: Option<String>,
    /// Shape and NumPy dtype name of each operand.
    pub operands: Vec<(Vec<usize>, String)>,
    /// The rendered warning: the line, the sub-expression underlined, the operands'
    /// shapes, the message and the fix.
    pub text: String,
    /// How many times it fired at this place during the run (a loop repeats it).
    pub count: usize,
}

/// The result of one run.
#[derive(Clone, Debug, Default)]
pub struct Output {
    /// Everything the code printed (stdout and stderr), when captured.
    pub stdout: String,
    /// `repr()` of the last statement's value when it is an expression that is not
    /// `None` (what a Python REPL echoes).
    pub result_repr: Option<String>,
    /// The error that ended the run, if any.
    pub error: Option<ConsoleError>,
    /// Arrays bound to new or rebound names, in namespace order.
    pub tensors: Vec<Tensor>,
    /// The diagnostics the run raised, in the order they first fired.
    pub diagnostics: Vec<ConsoleDiagnostic>,
}

impl Output {
    /// True when the run ended without an error.
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// How a run treats its code.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The file name tracebacks show (`"<console>"` for typed code).
    pub filename: String,
    /// Evaluate a trailing expression and report its `repr` (the REPL and web console
    /// do; scripts do not).
    pub echo_result: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            filename: "<console>".to_string(),
            echo_result: true,
        }
    }
}

/// A NumPy console session: a namespace on the embedded CPython whose `numpy` is ndplay.
///
/// ```
/// use std::time::Duration;
/// let mut s = ndplay_console::Session::new()?;
/// s.set_time_limit(Some(Duration::from_secs(5)));
/// let out = s.run("import numpy as np\na = np.arange(6).reshape(2, 3)\nprint(a.shape)\na.T");
/// assert_eq!(out.stdout, "(2, 3)\n");
/// assert_eq!(out.result_repr.as_deref(), Some("array([[0, 3],\n       [1, 4],\n       [2, 5]])"));
/// assert_eq!(out.tensors[0].name, "a");
/// let out = s.run("a + np.ones(4)");
/// let err = out.error.unwrap();
/// assert_eq!(err.summary(), "ValueError: operands could not be broadcast together with shapes (2,3) (4,) ");
/// # Ok::<(), ndplay_console::Error>(())
/// ```
pub struct Session {
    globals: Py<PyDict>,
    legacy: Py<PyRandomState>,
    time_limit: Option<Duration>,
    diagnostics: Level,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("time_limit", &self.time_limit)
            .finish_non_exhaustive()
    }
}

/// The process-wide part: ndplay's `numpy` installed, the runner module loaded.
struct Runtime {
    console: Py<PyModule>,
}

static RUNTIME: PyOnceLock<Runtime> = PyOnceLock::new();

fn py_err_text(py: Python<'_>, e: &PyErr) -> String {
    let tb = e
        .traceback(py)
        .and_then(|t| t.format().ok())
        .unwrap_or_default();
    format!("{tb}{e}")
}

/// `sys.stdout.write(text)`: to the running session's sink.
#[pyfunction]
fn write(text: &str) -> usize {
    crate::sink::write(text);
    text.chars().count()
}

/// `sys.stderr.write(text)`: stderr when the run streams, else captured with stdout.
#[pyfunction]
fn write_err(text: &str) -> usize {
    crate::sink::write_err(text);
    text.chars().count()
}

/// A rendered diagnostic, to stderr when the run streams its output.
#[pyfunction]
fn write_diagnostic(text: &str) {
    crate::sink::write_diagnostic(text);
}

/// Seconds left before the running session's time limit, `None` without one.
#[pyfunction]
fn time_left() -> Option<f64> {
    crate::sink::time_left()
}

fn runtime(py: Python<'_>) -> Result<&Runtime, Error> {
    RUNTIME.get_or_try_init(py, || {
        let boot = |py: Python<'_>| -> PyResult<Runtime> {
            ndplay_python::install(py)?;
            let modules = py.import("sys")?.getattr("modules")?;
            let native = PyModule::new(py, "_ndplay_console_native")?;
            native.add_function(wrap_pyfunction!(write, &native)?)?;
            native.add_function(wrap_pyfunction!(write_err, &native)?)?;
            native.add_function(wrap_pyfunction!(write_diagnostic, &native)?)?;
            native.add_function(wrap_pyfunction!(time_left, &native)?)?;
            modules.set_item("_ndplay_console_native", &native)?;
            let console = PyModule::new(py, "_ndplay_console")?;
            console.setattr("__file__", "<ndplay console>")?;
            modules.set_item("_ndplay_console", &console)?;
            let builtins = py.import("builtins")?;
            let code =
                builtins
                    .getattr("compile")?
                    .call1((CONSOLE_PY, "<ndplay console>", "exec"))?;
            builtins.getattr("exec")?.call1((code, console.dict()))?;
            ndplay_python::diagnostics::set_hook(Some(console.getattr("_diagnostic")?.unbind()));
            Ok(Runtime {
                console: console.unbind(),
            })
        };
        boot(py).map_err(|e| Error::Bootstrap(py_err_text(py, &e)))
    })
}

/// The folders the embedded Python reads its standard library and extension modules
/// from (`sys.path`'s existing directories and the standard library's): what a
/// confined process must still be allowed to read to import modules lazily.
///
/// # Errors
/// [`Error::Bootstrap`] if the interpreter fails to start.
pub fn python_read_paths() -> Result<Vec<std::path::PathBuf>, Error> {
    Python::attach(|py| {
        let paths = || -> PyResult<Vec<String>> {
            let sysconfig = py.import("sysconfig")?;
            let get = sysconfig.call_method0("get_paths")?;
            let mut out: Vec<String> = ["stdlib", "platstdlib"]
                .iter()
                .filter_map(|k| get.get_item(k).ok()?.extract().ok())
                .collect();
            let path: Vec<String> = py.import("sys")?.getattr("path")?.extract()?;
            out.extend(path);
            Ok(out)
        };
        let paths = paths().map_err(|e| Error::Bootstrap(py_err_text(py, &e)))?;
        let mut out: Vec<std::path::PathBuf> = paths
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .filter(|p| p.is_absolute() && p.is_dir())
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    })
}

impl Session {
    /// A fresh session with no time limit. The first one in a process starts CPython.
    ///
    /// # Errors
    /// [`Error::Bootstrap`] if the interpreter or the embedded `numpy` fails to load.
    pub fn new() -> Result<Session, Error> {
        Python::attach(|py| {
            runtime(py)?;
            let make = || -> PyResult<(Py<PyDict>, Py<PyRandomState>)> {
                let globals = PyDict::new(py);
                globals.set_item("__name__", "__main__")?;
                globals.set_item("__builtins__", py.import("builtins")?)?;
                // Fresh entropy, as NumPy seeds its global state at import.
                let legacy = PyRandomState::new(ndplay_random::Seed::OsEntropy)
                    .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
                Ok((globals.unbind(), Py::new(py, legacy)?))
            };
            let (globals, legacy) = make().map_err(|e| Error::Bootstrap(py_err_text(py, &e)))?;
            Ok(Session {
                globals,
                legacy,
                time_limit: None,
                diagnostics: Level::Warn,
            })
        })
    }

    /// Sets (or with `None` removes) the wall-clock limit for each run.
    pub fn set_time_limit(&mut self, limit: Option<Duration>) {
        self.time_limit = limit;
    }

    /// The current per-run time limit.
    pub fn time_limit(&self) -> Option<Duration> {
        self.time_limit
    }

    /// Sets how loud the engine's diagnostics are: `Warn` (the default) reports the bugs
    /// NumPy lets through in [`Output::diagnostics`] (and on stderr when output streams),
    /// `Strict` raises them as errors, `Off` is NumPy's silence.
    pub fn set_diagnostics(&mut self, level: Level) {
        self.diagnostics = level;
    }

    /// The diagnostics level.
    pub fn diagnostics(&self) -> Level {
        self.diagnostics
    }

    /// Puts the web console's guard rails on this session: no `open` or `input`, no
    /// `np.save`/`np.load`, imports limited to computation modules (`numpy`, `math`,
    /// `time`, `sys`, `os.path`...). They stop accidents, not attackers: Python objects
    /// lead back to the real modules, so the web console runs each tab's session in a
    /// worker process of its own.
    ///
    /// ```
    /// let mut s = ndplay_console::Session::new()?;
    /// s.sandbox()?;
    /// let err = s.run("open('/etc/passwd')").error.unwrap();
    /// assert_eq!(err.py_type, "PermissionError");
    /// let err = s.run("import subprocess").error.unwrap();
    /// assert_eq!(err.py_type, "ImportError");
    /// assert!(s.run("import os, math\nos.path.join('a', 'b')").is_ok());
    /// # Ok::<(), ndplay_console::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Bootstrap`] if the guard rails fail to install (a bug in ndplay).
    pub fn sandbox(&mut self) -> Result<(), Error> {
        Python::attach(|py| {
            let rt = runtime(py)?;
            rt.console
                .bind(py)
                .getattr("_sandbox")
                .and_then(|f| f.call1((self.globals.bind(py),)))
                .map(|_| ())
                .map_err(|e| Error::Bootstrap(py_err_text(py, &e)))
        })
    }

    /// Binds `array` to `name` in the session's namespace as an `ndarray` that shares
    /// its memory (the web console binds the tab's current tensor as `arr`).
    ///
    /// # Errors
    /// [`Error::Bind`] if `name` is not an identifier or the binding fails.
    pub fn set_array(&mut self, name: &str, array: &Array) -> Result<(), Error> {
        let bind_error = |reason: String| Error::Bind {
            name: name.to_string(),
            reason,
        };
        let identifier = name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !identifier {
            return Err(bind_error("not a Python identifier".to_string()));
        }
        Python::attach(|py| {
            let obj = Py::new(py, ndplay_python::PyNdarray::new(array.clone()))
                .map_err(|e| bind_error(py_err_text(py, &e)))?;
            self.globals
                .bind(py)
                .set_item(name, obj)
                .map_err(|e| bind_error(py_err_text(py, &e)))
        })
    }

    /// Runs `code` as typed into a console: output captured in [`Output::stdout`], a
    /// trailing expression's `repr` in [`Output::result_repr`].
    pub fn run(&mut self, code: &str) -> Output {
        self.run_with(code, &RunOptions::default(), None)
    }

    /// Runs `code` with `options`. With `out`, printed text is written there as it is
    /// printed (and [`Output::stdout`] stays empty); without, it is captured.
    pub fn run_with(
        &mut self,
        code: &str,
        options: &RunOptions,
        out: Option<Box<dyn Write>>,
    ) -> Output {
        let deadline = self.time_limit.map(|l| Instant::now() + l);
        let streaming = out.is_some();
        let sink = match out {
            Some(w) => Sink::Stream(w),
            None => Sink::Capture(String::new()),
        };
        let installed = Installed::new(sink, deadline);
        let watchdog = self.time_limit.map(Watchdog::start);
        let (mut output, _) = diagnostics::with_level(self.diagnostics, || {
            Python::attach(|py| {
                let Ok(rt) = runtime(py) else {
                    return Output {
                        error: Some(internal_error("the console's runtime did not start".into())),
                        ..Output::default()
                    };
                };
                let legacy = self.legacy.clone_ref(py);
                ndplay_python::random::with_legacy(legacy, || {
                    let runner = rt.console.bind(py).getattr("run");
                    let args = (
                        code,
                        options.filename.as_str(),
                        self.globals.bind(py),
                        options.echo_result,
                        streaming,
                    );
                    match runner.and_then(|r| r.call1(args)) {
                        Ok(r) => decode(&r),
                        Err(e) => Output {
                            error: Some(internal_error(py_err_text(py, &e))),
                            ..Output::default()
                        },
                    }
                })
            })
        });
        drop(watchdog);
        output.stdout = installed.finish();
        if let Some(e) = &mut output.error
            && e.kind == ErrorKind::Timeout
            && let Some(limit) = self.time_limit
        {
            e.message = timeout_message(limit);
            e.traceback = replace_last_line(&e.traceback, &e.summary());
        }
        output
    }

    /// Reads and runs a script file the way `python script.py` does (no echo of a
    /// trailing expression), streaming its output to `out`.
    ///
    /// # Errors
    /// [`Error::Read`] if the file cannot be read; errors in the script are in the
    /// returned [`Output`].
    pub fn run_file(
        &mut self,
        path: &std::path::Path,
        out: Box<dyn Write>,
    ) -> Result<Output, Error> {
        let code = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.display().to_string(),
            source,
        })?;
        let options = RunOptions {
            filename: path.display().to_string(),
            echo_result: false,
        };
        Ok(self.run_with(&code, &options, Some(out)))
    }
}

fn timeout_message(limit: Duration) -> String {
    format!(
        "the code ran longer than the console's time limit of {:.1} s and was stopped",
        limit.as_secs_f64()
    )
}

fn replace_last_line(text: &str, last: &str) -> String {
    match text.rfind('\n') {
        Some(i) => format!("{}\n{last}", &text[..i]),
        None => last.to_string(),
    }
}

fn internal_error(text: String) -> ConsoleError {
    ConsoleError {
        kind: ErrorKind::Runtime,
        py_type: "SystemError".to_string(),
        message: "the console's runner failed".to_string(),
        hint: Some(text.clone()),
        traceback: text,
        line: None,
    }
}

/// One entry of the runner's diagnostics list:
/// `(kind, op, message, fix, line, col, end_col, segment, operands, text, count)`.
type RawDiagnostic = (
    String,
    String,
    String,
    String,
    Option<usize>,
    Option<usize>,
    Option<usize>,
    Option<String>,
    Vec<(Vec<usize>, String)>,
    String,
    usize,
);

/// Turns the runner's `(result_repr, error, tensors, diagnostics)` into an [`Output`].
fn decode(r: &Bound<'_, PyAny>) -> Output {
    let Ok(t) = r.cast::<PyTuple>() else {
        return Output::default();
    };
    let get = |i: usize| t.get_item(i).ok();
    let result_repr = get(0)
        .and_then(|o| o.extract::<Option<String>>().ok())
        .flatten();
    let error = get(1)
        .and_then(|e| {
            e.extract::<Option<(
                String,
                String,
                String,
                Option<String>,
                String,
                Option<usize>,
            )>>()
            .ok()
        })
        .flatten()
        .map(
            |(kind, py_type, message, hint, traceback, line)| ConsoleError {
                kind: match kind.as_str() {
                    "syntax" => ErrorKind::Syntax,
                    "timeout" => ErrorKind::Timeout,
                    "exit" => ErrorKind::Exit,
                    _ => ErrorKind::Runtime,
                },
                py_type,
                message,
                hint,
                traceback,
                line,
            },
        );
    let tensors = get(2)
        .and_then(|l| l.cast_into::<PyList>().ok())
        .map(|l| {
            l.iter()
                .filter_map(|pair| {
                    let (name, obj): (String, Bound<'_, PyAny>) = pair.extract().ok()?;
                    let array = ndplay_python::convert::array_of(&obj)?;
                    Some(Tensor { name, array })
                })
                .collect()
        })
        .unwrap_or_default();
    let diagnostics = get(3)
        .and_then(|l| l.extract::<Vec<RawDiagnostic>>().ok())
        .unwrap_or_default()
        .into_iter()
        .map(
            |(kind, op, message, fix, line, col, end_col, segment, operands, text, count)| {
                ConsoleDiagnostic {
                    kind,
                    op,
                    message,
                    fix,
                    line,
                    col,
                    end_col,
                    segment,
                    operands,
                    text,
                    count,
                }
            },
        )
        .collect();
    Output {
        stdout: String::new(),
        result_repr,
        error,
        tensors,
        diagnostics,
    }
}

/// Raises `TimeLimitExceeded` in the running thread once a run passes its limit, and
/// again every 100 ms until the run ends (code may catch one).
struct Watchdog {
    state: Arc<(Mutex<bool>, Condvar)>,
    fired: Arc<AtomicBool>,
    ident: c_ulong,
    thread: Option<JoinHandle<()>>,
}

/// `PyThreadState_SetAsyncExc(ident, exc)`: schedules `exc` (or, with null, clears a
/// scheduled exception) in the thread `ident`.
#[allow(unsafe_code)]
fn set_async_exc(py: Python<'_>, ident: c_ulong, exc: Option<&Bound<'_, PyAny>>) {
    let ptr = exc.map_or(std::ptr::null_mut(), Bound::as_ptr);
    let _ = py;
    // SAFETY: the GIL is held (`py`), `ident` is a thread id from
    // `PyThread_get_thread_ident`, and `ptr` is a live exception class or null.
    unsafe {
        pyo3::ffi::PyThreadState_SetAsyncExc(ident as std::os::raw::c_long, ptr);
    }
}

#[allow(unsafe_code)]
fn current_thread_ident() -> c_ulong {
    // SAFETY: reads the calling thread's id; needs no interpreter state.
    unsafe { pyo3::ffi::PyThread_get_thread_ident() }
}

impl Watchdog {
    fn start(limit: Duration) -> Watchdog {
        let state = Arc::new((Mutex::new(false), Condvar::new()));
        let fired = Arc::new(AtomicBool::new(false));
        let ident = current_thread_ident();
        let (shared, fired_by) = (state.clone(), fired.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + limit;
            let (lock, cv) = &*shared;
            loop {
                {
                    let Ok(done) = lock.lock() else { return };
                    if *done {
                        return;
                    }
                    let now = Instant::now();
                    if now < deadline {
                        let _ = cv.wait_timeout(done, deadline - now);
                        continue;
                    }
                }
                // Take the GIL first, then look at `done`: the run's thread only sets it
                // after it left Python, so no exception lands after the run.
                let stop = Python::attach(|py| {
                    let Ok(done) = lock.lock() else { return true };
                    if *done {
                        return true;
                    }
                    if let Some(rt) = RUNTIME.get(py)
                        && let Ok(cls) = rt.console.bind(py).getattr("TimeLimitExceeded")
                    {
                        set_async_exc(py, ident, Some(&cls));
                        fired_by.store(true, Ordering::SeqCst);
                    }
                    false
                });
                if stop {
                    return;
                }
                let Ok(done) = lock.lock() else { return };
                let _ = cv.wait_timeout(done, Duration::from_millis(100));
            }
        });
        Watchdog {
            state,
            fired,
            ident,
            thread: Some(thread),
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, cv) = &*self.state;
        if let Ok(mut done) = lock.lock() {
            *done = true;
        }
        cv.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        // An exception scheduled as the run ended must not hit the next run.
        if self.fired.load(Ordering::SeqCst) {
            Python::attach(|py| set_async_exc(py, self.ident, None));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Clear the namespace so objects with finalizers run them now, and forget the
        // session's sources.
        Python::attach(|py| {
            let g = self.globals.bind(py);
            if let Some(rt) = RUNTIME.get(py) {
                let _ = rt.console.bind(py).call_method1("_forget", (g,));
            }
            g.clear();
        });
    }
}
