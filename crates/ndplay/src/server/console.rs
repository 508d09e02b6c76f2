//! The console panel: NumPy-style Python run against the tab's current tensor.
//!
//! `POST /api/console {"code": "..."}` runs the code in the tab's own
//! [`ndplay_console::Session`], with the current tensor bound as `arr` (sharing its
//! memory, so `arr[0] = 0` shows in the heatmap) and the engine's diagnostics at `warn`:
//! the answer carries what was printed, the echoed value, the error (NumPy's type and
//! message, ndplay's explanation), each diagnostic under the line that caused it, and the
//! arrays the code bound to names. Rebinding `arr` makes the new array the current tensor;
//! `POST /api/console/show {"name": "m"}` shows another of them.
//!
//! An interpreter is not `Send` (RustPython), so each tab's session lives on its own
//! worker thread (a large stack: Python recursion runs on it) fed by a channel; the
//! request handler waits for the reply without holding the tab's lock. The worker ends
//! when the tab's session is dropped. At most [`ConsoleSettings::max_workers`] run at
//! once, and each run stops at the time limit (`ndplay serve --timeout`).
//!
//! The console runs Python with the server's privileges, as a local Jupyter does. It is
//! served only to pages on the loopback host names (so another website cannot reach it,
//! even through DNS rebinding), is off when the server listens beyond loopback unless
//! `--remote-console` asks for it, and has guard rails against accidents (no `open`, no
//! file functions, no process or network modules: see `ndplay_console::Session::sandbox`)
//! — guard rails, not a security boundary.
//!
//! ```
//! use ndplay::server::console::ConsoleSettings;
//! let s = ConsoleSettings::default();
//! assert!(s.enabled && s.timeout.as_secs() == 5);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use ndplay_console::{ConsoleDiagnostic, Level, Output, Session as Interpreter};
use ndplay_core::Array;
use serde::Serialize;
use tokio::sync::oneshot;

use super::error::AppError;
use super::session::{Session, lock};
use super::tensor::{Current, Origin};

/// The name the current tensor is bound to in the console.
pub const CURRENT_NAME: &str = "arr";

/// Longest code accepted in one run, in bytes.
pub const MAX_CODE_BYTES: usize = 64 << 10;

/// Printed output kept per run; beyond it the text is cut with a note.
pub const MAX_OUTPUT_CHARS: usize = 200_000;

/// How the web console runs.
#[derive(Clone, Debug)]
pub struct ConsoleSettings {
    /// Whether `/api/console` answers at all.
    pub enabled: bool,
    /// The wall-clock limit of one run.
    pub timeout: Duration,
    /// Interpreters (one per tab that used the console) alive at once.
    pub max_workers: usize,
    /// How loud the engine's diagnostics are.
    pub diagnostics: Level,
    /// Accept requests whose `Host` is not a loopback name (only with `--remote-console`).
    pub remote: bool,
}

impl Default for ConsoleSettings {
    fn default() -> ConsoleSettings {
        ConsoleSettings {
            enabled: true,
            timeout: Duration::from_secs(5),
            max_workers: 16,
            diagnostics: Level::Warn,
            remote: false,
        }
    }
}

/// The live-worker count shared by every tab.
#[derive(Debug, Default)]
pub struct WorkerCount(AtomicUsize);

/// One run's request.
struct Job {
    code: String,
    current: Array,
    reply: oneshot::Sender<Result<Output, String>>,
}

/// A tab's interpreter thread; dropping it (with its tab's session) ends the thread.
pub struct ConsoleWorker {
    jobs: mpsc::Sender<Job>,
    count: Arc<WorkerCount>,
}

impl std::fmt::Debug for ConsoleWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsoleWorker").finish_non_exhaustive()
    }
}

impl Drop for ConsoleWorker {
    fn drop(&mut self) {
        self.count.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl ConsoleWorker {
    /// Starts a worker thread with a fresh interpreter, if the live count allows.
    fn start(settings: &ConsoleSettings, count: &Arc<WorkerCount>) -> Result<Self, AppError> {
        let live = count.0.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = mpsc::channel::<Job>();
        // Constructed now so that every early return below gives the slot back (Drop).
        let worker = ConsoleWorker {
            jobs: tx,
            count: Arc::clone(count),
        };
        if live >= settings.max_workers.max(1) {
            return Err(AppError::unavailable(
                format!(
                    "{} consoles are open, the most this server runs at once",
                    settings.max_workers
                ),
                "Close the console in another tab (reload it or let it idle out), or start \
                 the server with a larger --max-consoles.",
            ));
        }
        let timeout = settings.timeout;
        let level = settings.diagnostics;
        std::thread::Builder::new()
            .name("ndplay-console".into())
            // RustPython runs Python calls on the native stack.
            .stack_size(256 << 20)
            .spawn(move || serve_jobs(&rx, timeout, level))
            .map_err(|e| AppError::Internal(format!("cannot start a console thread: {e}")))?;
        Ok(worker)
    }
}

/// The worker thread: one interpreter, one job at a time, until the channel closes.
fn serve_jobs(rx: &mpsc::Receiver<Job>, timeout: Duration, level: Level) {
    let mut session = match Interpreter::new().and_then(|mut s| {
        s.sandbox()?;
        Ok(s)
    }) {
        Ok(s) => s,
        Err(e) => {
            for job in rx.iter() {
                let _ = job.reply.send(Err(e.to_string()));
            }
            return;
        }
    };
    session.set_time_limit(Some(timeout));
    session.set_diagnostics(level);
    for job in rx.iter() {
        let ran = session
            .set_array(CURRENT_NAME, &job.current)
            .map(|()| session.run(&job.code))
            .map_err(|e| e.to_string());
        let _ = job.reply.send(ran);
    }
}

/// `POST /api/console`'s body.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct ConsoleRequest {
    /// The Python code.
    pub code: String,
}

/// An error that ended a run.
#[derive(Clone, Debug, Serialize)]
pub struct RunError {
    /// `syntax`, `runtime`, `timeout` or `exit`.
    pub kind: &'static str,
    /// The exception type as CPython prints it.
    pub py_type: String,
    /// Its message.
    pub message: String,
    /// ndplay's explanation of the shapes or dtypes involved.
    pub hint: Option<String>,
    /// The traceback (or syntax error with its caret) as CPython prints it.
    pub traceback: String,
    /// The line of the code where it happened.
    pub line: Option<usize>,
}

/// An array the code bound to a name.
#[derive(Clone, Debug, Serialize)]
pub struct ProducedTensor {
    /// The variable.
    pub name: String,
    /// Its shape.
    pub shape: Vec<usize>,
    /// NumPy's dtype name.
    pub dtype: String,
    /// Whether it shares memory with `arr` (a view, or `arr` itself).
    pub shares_memory_with_arr: bool,
}

/// `POST /api/console`'s answer.
#[derive(Clone, Debug, Serialize)]
pub struct ConsoleRun {
    /// What the code printed.
    pub stdout: String,
    /// Whether `stdout` was cut at [`MAX_OUTPUT_CHARS`].
    pub truncated: bool,
    /// `repr` of a trailing expression's value.
    pub result: Option<String>,
    /// The error that ended the run.
    pub error: Option<RunError>,
    /// The bugs NumPy would have let through.
    pub diagnostics: Vec<ConsoleDiagnostic>,
    /// Arrays bound to new or rebound names.
    pub tensors: Vec<ProducedTensor>,
    /// Whether the code rebound `arr` (the main panel now shows the new array).
    pub current_changed: bool,
    /// Why a rebound `arr` could not be shown (too large for the panels).
    pub note: Option<String>,
}

fn cut(mut text: String) -> (String, bool) {
    match text.char_indices().nth(MAX_OUTPUT_CHARS) {
        Some((at, _)) => {
            text.truncate(at);
            text.push_str("\n[output cut: the console keeps the first 200,000 characters]\n");
            (text, true)
        }
        None => (text, false),
    }
}

fn error_body(e: ndplay_console::ConsoleError) -> RunError {
    RunError {
        kind: match e.kind {
            ndplay_console::ErrorKind::Syntax => "syntax",
            ndplay_console::ErrorKind::Runtime => "runtime",
            ndplay_console::ErrorKind::Timeout => "timeout",
            ndplay_console::ErrorKind::Exit => "exit",
        },
        py_type: e.py_type,
        message: e.message,
        hint: e.hint,
        traceback: e.traceback,
        line: e.line,
    }
}

/// Runs `code` in the tab's console and applies what it changed to the tab's session.
pub async fn run(
    session: Arc<std::sync::Mutex<Session>>,
    settings: &ConsoleSettings,
    count: &Arc<WorkerCount>,
    code: String,
    max_elements: usize,
) -> Result<ConsoleRun, AppError> {
    if !settings.enabled {
        return Err(AppError::unavailable(
            "the console is off on this server",
            "It is on by default on loopback; a server listening beyond loopback runs it \
             only with --remote-console.",
        ));
    }
    if code.len() > MAX_CODE_BYTES {
        return Err(AppError::too_large(
            format!(
                "the code is {} bytes; the console takes at most 64 KiB per run",
                code.len()
            ),
            "Run long scripts with `ndplay run script.py`.",
        ));
    }
    let (reply_tx, reply_rx) = oneshot::channel();
    {
        let mut s = lock(&session);
        if s.console.is_none() {
            s.console = Some(ConsoleWorker::start(settings, count)?);
        }
        let job = Job {
            code,
            current: s.current.array.clone(),
            reply: reply_tx,
        };
        if let Some(worker) = &s.console
            && worker.jobs.send(job).is_err()
        {
            s.console = None;
            return Err(AppError::Internal("the console thread has stopped".into()));
        }
    }
    // The worker stops a run at the time limit; beyond it with margin, the thread is
    // stuck in native code and is abandoned.
    let grace = settings.timeout + Duration::from_secs(10);
    let out = match tokio::time::timeout(grace, reply_rx).await {
        Ok(Ok(Ok(out))) => out,
        Ok(Ok(Err(startup))) => {
            lock(&session).console = None;
            return Err(AppError::Internal(format!(
                "the console failed to start: {startup}"
            )));
        }
        Ok(Err(_)) | Err(_) => {
            lock(&session).console = None;
            return Err(AppError::unavailable(
                "the console stopped without answering; its variables are lost",
                "Run the code again: a fresh console starts. If it happens again, the code \
                 likely blocks in native code (input(), a huge allocation).",
            ));
        }
    };
    let mut s = lock(&session);
    let arr_storage = Arc::clone(s.current.array.storage());
    let tensors = out
        .tensors
        .iter()
        .map(|t| ProducedTensor {
            name: t.name.clone(),
            shape: t.array.shape().to_vec(),
            dtype: t.array.dtype().to_string(),
            shares_memory_with_arr: Arc::ptr_eq(t.array.storage(), &arr_storage),
        })
        .collect();
    let mut note = None;
    let mut current_changed = false;
    if let Some(t) = out.tensors.iter().find(|t| t.name == CURRENT_NAME) {
        match console_current(&t.array, CURRENT_NAME, max_elements) {
            Ok(c) => {
                s.current = c;
                s.view = None;
                current_changed = true;
            }
            Err(e) => note = Some(e.body().message),
        }
    }
    s.console_tensors = out
        .tensors
        .iter()
        .map(|t| (t.name.clone(), t.array.clone()))
        .collect();
    let (stdout, truncated) = cut(out.stdout);
    Ok(ConsoleRun {
        stdout,
        truncated,
        result: out.result_repr,
        error: out.error.map(error_body),
        diagnostics: out.diagnostics,
        tensors,
        current_changed,
        note,
    })
}

/// An array from the console as the tab's current tensor: the same memory when it is
/// writeable (the panels write through views of it), else a copy; refused beyond the
/// panels' element limit.
pub fn console_current(
    array: &Array,
    name: &str,
    max_elements: usize,
) -> Result<Current, AppError> {
    if array.size() > max_elements || array.ndim() > super::tensor::MAX_RANK {
        return Err(AppError::too_large(
            format!(
                "{name} has shape {} ({} elements); the panels show at most {max_elements} \
                 elements and {} axes",
                ndplay_core::shape::fmt_shape(array.shape()),
                array.size(),
                super::tensor::MAX_RANK
            ),
            "Show a slice of it instead: bind e.g. part = big[:100] and show part.",
        ));
    }
    let array = if array.flags().writeable {
        array.clone()
    } else {
        array.copy(ndplay_core::Order::C)
    };
    Ok(Current {
        array,
        expr: name.to_string(),
        origin: Origin::Console {
            name: name.to_string(),
        },
    })
}

/// Makes the console's array `name` (from the last run) the tab's current tensor.
pub fn show(s: &mut Session, name: &str, max_elements: usize) -> Result<(), AppError> {
    let found = s
        .console_tensors
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, a)| a.clone());
    match found {
        Some(a) => {
            s.current = console_current(&a, name, max_elements)?;
            s.view = None;
            Ok(())
        }
        None => Err(AppError::not_found(
            format!("the console's last run bound no array named {name:?}"),
            "Show one of the arrays listed under the console's last run.",
        )),
    }
}

/// Whether a request's `Host` header names this machine's loopback (`localhost`,
/// `127.0.0.1`, `[::1]`, with any port): what a page served by this server sends, and
/// what a DNS-rebinding page on another name cannot.
pub fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for ok in [
            "localhost",
            "localhost:8501",
            "127.0.0.1:80",
            "[::1]:8501",
            "[::1]",
        ] {
            assert!(loopback_host(Some(ok)), "{ok}");
        }
        for bad in [
            "evil.example:8501",
            "127.0.0.1.evil.example",
            "10.0.0.2:8501",
            "",
        ] {
            assert!(!loopback_host(Some(bad)), "{bad}");
        }
        assert!(!loopback_host(None));
    }

    #[test]
    fn output_is_cut_at_the_limit() {
        let (text, cut_) = cut("x".repeat(MAX_OUTPUT_CHARS + 5));
        assert!(cut_ && text.starts_with(&"x".repeat(100)) && text.contains("output cut"));
        assert_eq!(cut("short".into()), ("short".to_string(), false));
    }
}
