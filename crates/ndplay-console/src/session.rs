//! [`Session`]: one interpreter with its own namespace, `numpy` module and random state.
//!
//! A session keeps its variables between runs (like a notebook kernel or the REPL), so a
//! web console can send one cell at a time. Each run may have a time limit: a watchdog
//! thread interrupts the interpreter between bytecodes once the limit passes, raising
//! `ndplay.TimeLimitExceeded` (a `BaseException`, so `except Exception:` cannot swallow
//! it) until the code stops.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use ndplay_core::Array;
use ndplay_core::diagnostics::{self, Level};
use rustpython_vm::builtins::{PyDictRef, PyStr, PyTuple};
use rustpython_vm::signal::{UserSignalSender, user_signal_channel};
use rustpython_vm::{AsObject, Interpreter, PyObjectRef, PyResult, VirtualMachine};

use crate::native;
use crate::sink::{Installed, Sink};

const NUMPY_PY: &str = include_str!("py/numpy.py");
const LINALG_PY: &str = include_str!("py/linalg.py");
const RANDOM_PY: &str = include_str!("py/random.py");
const CONSOLE_PY: &str = include_str!("py/console.py");

/// Loads the Python half of `numpy` and the runner into a fresh interpreter.
const BOOTSTRAP: &str = r#"
import sys
_Module = type(sys)
def _load(name, src, filename):
    m = _Module(name)
    m.__file__ = filename
    sys.modules[name] = m
    exec(compile(src, filename, "exec"), m.__dict__)
    return m
_console = _load("_ndplay_console", _src_console, "<ndplay console>")
_np = _load("numpy", _src_numpy, "<ndplay numpy>")
_np.linalg = _load("numpy.linalg", _src_linalg, "<ndplay numpy.linalg>")
_np.random = _load("numpy.random", _src_random, "<ndplay numpy.random>")
"#;

/// Why a session could not be created or a script not read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The embedded `numpy` module or runner failed to load (a bug in ndplay).
    #[error("the console's numpy module failed to load: {0}")]
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

/// A NumPy console session: an interpreter whose `numpy` is ndplay.
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
    // Python objects first: they drop before the interpreter that owns their types.
    globals: PyDictRef,
    runner: PyObjectRef,
    signals: UserSignalSender,
    run_id: Arc<AtomicU64>,
    time_limit: Option<Duration>,
    diagnostics: Level,
    interp: Interpreter,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("time_limit", &self.time_limit)
            .finish_non_exhaustive()
    }
}

fn py_err_text(vm: &VirtualMachine, e: rustpython_vm::builtins::PyBaseExceptionRef) -> String {
    let mut text = String::new();
    let _ = vm.write_exception(&mut text, &e);
    text
}

impl Session {
    /// A fresh session with no time limit.
    ///
    /// # Errors
    /// [`Error::Bootstrap`] if the embedded `numpy` fails to load.
    pub fn new() -> Result<Session, Error> {
        use rustpython::InterpreterBuilderExt;
        // RustPython 0.5's cyclic collector is one process-wide state shared by every
        // interpreter, and collecting while another thread's interpreter runs dereferences
        // a null stack slot (seen as a SIGABRT when sessions run on parallel threads).
        // Sessions are short-lived and reference counting frees everything acyclic, so
        // the automatic collector stays off; a session's cycles go when it is dropped.
        rustpython_vm::gc_state::gc_state().disable();
        let (tx, rx) = user_signal_channel();
        let ctx = rustpython_vm::Context::genesis();
        let interp = rustpython::InterpreterBuilder::new()
            .init_stdlib()
            .add_native_module(native::module_def(ctx))
            .init_hook(move |vm| vm.set_user_signal_channel(rx))
            .interpreter();
        let (globals, runner) = interp.enter(|vm| -> Result<_, Error> {
            let boot = vm.new_scope_with_builtins();
            for (name, src) in [
                ("_src_numpy", NUMPY_PY),
                ("_src_linalg", LINALG_PY),
                ("_src_random", RANDOM_PY),
                ("_src_console", CONSOLE_PY),
            ] {
                boot.globals
                    .set_item(name, vm.ctx.new_str(src).into(), vm)
                    .map_err(|e| Error::Bootstrap(py_err_text(vm, e)))?;
            }
            vm.run_string(boot.clone(), BOOTSTRAP, "<ndplay bootstrap>".to_owned())
                .map_err(|e| Error::Bootstrap(py_err_text(vm, e)))?;
            let console = boot
                .globals
                .get_item("_console", vm)
                .map_err(|e| Error::Bootstrap(py_err_text(vm, e)))?;
            let runner = console
                .get_attr("run", vm)
                .map_err(|e| Error::Bootstrap(py_err_text(vm, e)))?;
            let user = vm.new_scope_with_builtins();
            Ok((user.globals, runner))
        })?;
        Ok(Session {
            globals,
            runner,
            signals: tx,
            run_id: Arc::new(AtomicU64::new(0)),
            time_limit: None,
            diagnostics: Level::Warn,
            interp,
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
    /// lead back to the real modules, so a server must still only run code its user
    /// typed (the playground answers loopback pages only).
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
        let globals = self.globals.clone();
        self.interp.enter(|vm| {
            crate::native::loaded_module(vm, "_ndplay_console")
                .and_then(|m| m.get_attr("_sandbox", vm))
                .and_then(|f| f.call((globals,), vm))
                .map(|_| ())
                .map_err(|e| Error::Bootstrap(py_err_text(vm, e)))
        })
    }

    /// Binds `array` to `name` in the session's namespace as an `ndarray` that shares
    /// its memory (the web console binds the tab's current tensor as `arr`, so writes
    /// through it show in the playground).
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
        let globals = self.globals.clone();
        self.interp.enter(|vm| {
            let wrapped = native::wrap_array(array.clone(), vm);
            crate::native::loaded_module(vm, "numpy")
                .and_then(|np| np.get_attr("ndarray", vm))
                .and_then(|cls| cls.get_attr("_new", vm))
                .and_then(|new| new.call((wrapped,), vm))
                .and_then(|obj| globals.set_item(name, obj, vm))
                .map_err(|e| bind_error(py_err_text(vm, e)))
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
        let id = self.run_id.fetch_add(1, Ordering::SeqCst) + 1;
        let deadline = self.time_limit.map(|l| Instant::now() + l);
        let streaming = out.is_some();
        let sink = match out {
            Some(w) => Sink::Stream(w),
            None => Sink::Capture(String::new()),
        };
        let installed = Installed::new(sink, deadline);
        let watchdog = self
            .time_limit
            .map(|limit| Watchdog::start(limit, id, self.run_id.clone(), self.signals.clone()));
        let (globals, runner) = (self.globals.clone(), self.runner.clone());
        let interp = &self.interp;
        let (mut output, _) = diagnostics::with_level(self.diagnostics, || {
            interp.enter(|vm| {
                let args = (
                    vm.ctx.new_str(code),
                    vm.ctx.new_str(options.filename.as_str()),
                    globals,
                    options.echo_result,
                    streaming,
                );
                match runner.call(args, vm) {
                    Ok(r) => decode(&r, vm),
                    Err(e) => Output {
                        error: Some(internal_error(py_err_text(vm, e))),
                        ..Output::default()
                    },
                }
            })
        });
        drop(watchdog);
        // Retire the run so a late interrupt aimed at it is ignored by the next one.
        self.run_id.fetch_add(1, Ordering::SeqCst);
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

fn opt_str(obj: &PyObjectRef, vm: &VirtualMachine) -> Option<String> {
    if vm.is_none(obj) {
        return None;
    }
    obj.downcast_ref::<PyStr>().map(|s| s.as_wtf8().to_string())
}

fn opt_usize(obj: Option<&PyObjectRef>, vm: &VirtualMachine) -> Option<usize> {
    obj.filter(|o| !vm.is_none(o))
        .and_then(|o| o.try_index(vm).ok())
        .and_then(|i| i.try_to_primitive::<usize>(vm).ok())
}

/// One entry of the runner's diagnostics list:
/// `(kind, op, message, fix, line, col, end_col, segment, operands, text, count)`.
fn decode_diagnostic(obj: &PyObjectRef, vm: &VirtualMachine) -> Option<ConsoleDiagnostic> {
    let f = obj.downcast_ref::<PyTuple>()?.as_slice().to_vec();
    let s = |i: usize| f.get(i).and_then(|o| opt_str(o, vm));
    let operands = f
        .get(8)
        .and_then(|ops| {
            vm.extract_elements_with(ops, |pair| -> PyResult<(Vec<usize>, String)> {
                let p = pair
                    .downcast_ref::<PyTuple>()
                    .map(|t| t.as_slice().to_vec());
                let (shape, dtype) = match p.as_deref() {
                    Some([shape, dtype]) => (shape.clone(), dtype.clone()),
                    _ => return Err(vm.new_type_error("operand is not a pair")),
                };
                let dims = vm.extract_elements_with(&shape, |d| {
                    Ok(opt_usize(Some(&d), vm).unwrap_or_default())
                })?;
                Ok((dims, opt_str(&dtype, vm).unwrap_or_default()))
            })
            .ok()
        })
        .unwrap_or_default();
    Some(ConsoleDiagnostic {
        kind: s(0)?,
        op: s(1).unwrap_or_default(),
        message: s(2).unwrap_or_default(),
        fix: s(3).unwrap_or_default(),
        line: opt_usize(f.get(4), vm),
        col: opt_usize(f.get(5), vm),
        end_col: opt_usize(f.get(6), vm),
        segment: s(7),
        operands,
        text: s(9).unwrap_or_default(),
        count: opt_usize(f.get(10), vm).unwrap_or(1),
    })
}

/// Turns the runner's `(result_repr, error, tensors, diagnostics)` into an [`Output`].
fn decode(r: &PyObjectRef, vm: &VirtualMachine) -> Output {
    let Some(t) = r.downcast_ref::<PyTuple>() else {
        return Output::default();
    };
    let [result, error, tensors, diags] = t.as_slice() else {
        return Output::default();
    };
    let error = error.downcast_ref::<PyTuple>().map(|e| {
        let f: Vec<PyObjectRef> = e.as_slice().to_vec();
        let s = |i: usize| f.get(i).and_then(|o| opt_str(o, vm));
        let kind = match s(0).as_deref() {
            Some("syntax") => ErrorKind::Syntax,
            Some("timeout") => ErrorKind::Timeout,
            Some("exit") => ErrorKind::Exit,
            _ => ErrorKind::Runtime,
        };
        let line = opt_usize(f.get(5), vm);
        ConsoleError {
            kind,
            py_type: s(1).unwrap_or_default(),
            message: s(2).unwrap_or_default(),
            hint: s(3),
            traceback: s(4).unwrap_or_default(),
            line,
        }
    });
    let tensors = vm
        .extract_elements_with(tensors, |pair| -> PyResult<Option<Tensor>> {
            let Some(p) = pair.downcast_ref::<PyTuple>() else {
                return Ok(None);
            };
            let [name, arr] = p.as_slice() else {
                return Ok(None);
            };
            Ok(match (opt_str(name, vm), native::array_of(arr)) {
                (Some(name), Some(array)) => Some(Tensor { name, array }),
                _ => None,
            })
        })
        .map(|v| v.into_iter().flatten().collect())
        .unwrap_or_default();
    let diagnostics = vm
        .extract_elements_with(diags, |d| Ok(decode_diagnostic(&d, vm)))
        .map(|v| v.into_iter().flatten().collect())
        .unwrap_or_default();
    Output {
        stdout: String::new(),
        result_repr: opt_str(result, vm),
        error,
        tensors,
        diagnostics,
    }
}

/// Interrupts the interpreter once a run passes its limit, and keeps interrupting every
/// few milliseconds until the run ends (code may catch one interrupt, and another
/// session on this process may consume the shared "signal pending" flag).
struct Watchdog {
    state: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Watchdog {
    fn start(limit: Duration, id: u64, current: Arc<AtomicU64>, tx: UserSignalSender) -> Watchdog {
        let state = Arc::new((Mutex::new(false), Condvar::new()));
        let shared = state.clone();
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + limit;
            let (lock, cv) = &*shared;
            let Ok(mut done) = lock.lock() else { return };
            while !*done {
                let now = Instant::now();
                let wait = if now >= deadline {
                    let current = current.clone();
                    let _ = tx.send(Box::new(move |vm: &VirtualMachine| {
                        if current.load(Ordering::SeqCst) != id {
                            return Ok(());
                        }
                        Err(timeout_exception(vm))
                    }));
                    Duration::from_millis(20)
                } else {
                    deadline - now
                };
                match cv.wait_timeout(done, wait) {
                    Ok((guard, _)) => done = guard,
                    Err(_) => return,
                }
            }
        });
        Watchdog {
            state,
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
    }
}

fn timeout_exception(vm: &VirtualMachine) -> rustpython_vm::builtins::PyBaseExceptionRef {
    let class = crate::native::loaded_module(vm, "_ndplay_console")
        .and_then(|m| m.get_attr("TimeLimitExceeded", vm))
        .ok()
        .and_then(|c| c.downcast::<rustpython_vm::builtins::PyType>().ok());
    match class {
        Some(c) => vm.new_exception_msg(c, "time limit".into()),
        None => vm.new_exception_msg(
            vm.ctx.exceptions.keyboard_interrupt.to_owned(),
            "time limit".into(),
        ),
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Clear the namespace inside the interpreter so objects with finalizers run them
        // while the VM is alive.
        let globals = self.globals.clone();
        self.interp.enter(|vm| {
            let _ = vm.call_method(globals.as_object(), "clear", ());
        });
    }
}
