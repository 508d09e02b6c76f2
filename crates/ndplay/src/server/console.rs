//! The console panel: NumPy-style Python run against the tab's current tensor, in a
//! worker process of the tab's own.
//!
//! `POST /api/console {"code": "..."}` runs the code in the tab's
//! [`ndplay_console::Session`], with the current tensor bound as `arr` and the engine's
//! diagnostics at `warn`: the answer ([`ConsoleRun`]) carries what was printed, the echoed
//! value, the error (NumPy's type and message, ndplay's explanation), each diagnostic
//! under the line that caused it, and the arrays the code bound to names. Writing into
//! `arr` (`arr[0] = 0`) changes the current tensor; rebinding it (`arr = arr.T`) makes the
//! new array the current tensor; `POST /api/console/show {"name": "m"}` shows another
//! array of the last run.
//!
//! **One process per tab.** The console embeds CPython, and CPython is one per process,
//! so each tab that uses the console gets a worker process: the `ndplay` binary itself
//! (`ndplay console-worker`, hidden from `--help`; [`ConsoleSettings::worker_exe`]) owning
//! one sandboxed session ([`ndplay_console::Session::sandbox`]). The server talks to it
//! over its stdin and stdout in the frames of [`super::wire`], from a blocking thread,
//! never from the async runtime. A tab's [`TabConsole`] starts the worker on the first
//! run; at most [`ConsoleSettings::max_workers`] live at once (`--max-consoles`).
//!
//! **Arrays cross the pipe as `.npy` bytes.** Each run sends the current tensor (a big
//! tensor crosses on every run: 0.18 s per run for a 32 MB one in a debug build, and
//! the deadline below grows with the size); the worker keeps the array it bound last
//! time and, when the bytes are the same, binds that array again, so views made in
//! earlier runs (`top = arr[:2]`) still share memory with `arr` as they would in one
//! process. After the run the worker compares `arr`'s elements with the bytes it was
//! sent: a difference means the code wrote into `arr` (directly or through a view), and
//! the new elements come back and are written into the server's tensor in place (so the
//! Views panel's view sees them too). A rebound `arr` comes back whole (unless it is
//! over the panels' limits, which the answer's `note` explains). In both cases
//! `current_changed` is true. The arrays listed under a run stay in the worker until
//! "show" asks for one.
//!
//! **Time limits and failures.** The worker's session stops a run at the time limit
//! (`--timeout`) by raising `TimeLimitExceeded` between bytecodes; the variables survive.
//! Code stuck in one native call never reaches a bytecode, so the server also waits at
//! most the time limit plus [`ConsoleSettings::grace`]: then it kills the worker, reaps
//! it, and answers an error of kind `timeout` saying that the tab's console restarted and
//! its variables were lost. A worker that dies (out of memory, a crash, `os._exit`) is
//! answered with an error of kind `crashed` that says the same; either way the next run
//! starts a fresh worker (one that died while idle is replaced before the next run, whose
//! `note` says so). Each worker caps its own address space
//! ([`ConsoleSettings::worker_memory_mb`], `RLIMIT_AS`), so a memory bomb ends in
//! `MemoryError` or the worker's death, never in the server's.
//!
//! **Lifetimes.** Dropping a tab's session (reset, eviction, the server stopping) kills
//! its worker and reaps it. A worker whose server died exits by itself: its stdin ends, and
//! it also watches its parent process id (not `PR_SET_PDEATHSIG`, which fires when the
//! *thread* that spawned the child exits, and the server spawns from tokio's blocking
//! threads, which come and go).
//!
//! The console runs Python with the server's privileges, as a local Jupyter does. It is
//! served only to pages on the loopback host names (so another website cannot reach it,
//! even through DNS rebinding), is off when the server listens beyond loopback unless
//! `--remote-console` asks for it, and has guard rails against accidents (no `open`, no
//! file functions, no process or network modules) — guard rails, not a security
//! boundary.
//!
//! ```
//! use std::time::Duration;
//! use ndplay::server::console::{ConsoleSettings, cut_output, panel_refusal};
//!
//! let s = ConsoleSettings::default();
//! assert!(s.enabled && s.timeout == Duration::from_secs(5) && s.grace == Duration::from_secs(2));
//! assert_eq!(s.worker_memory_mb, 2048);
//! // What a worker sends back is bounded: printed text is cut, big arrays stay there.
//! let (text, cut) = cut_output("x".repeat(300_000));
//! assert!(cut && text.ends_with("characters]\n"));
//! assert!(panel_refusal("big", &[10_000, 10_000], 1 << 22).is_some());
//! ```

use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use ndplay_console::{ConsoleDiagnostic, Level};
use ndplay_core::Array;
use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::session::{Session, lock};
use super::tensor::{Current, Origin};
use super::twins::{Measured, Plan};
use super::wire::{
    Change, Frame, NpyBlob, PROTOCOL, Reply, Request, RunReply, WireError, read_frame, write_frame,
};

/// The name the current tensor is bound to in the console.
pub const CURRENT_NAME: &str = "arr";

/// Longest code accepted in one run, in bytes.
pub const MAX_CODE_BYTES: usize = 64 << 10;

/// Printed output kept per run; beyond it the text is cut with a note.
pub const MAX_OUTPUT_CHARS: usize = 200_000;

/// The `ndplay` subcommand a worker process runs.
pub const WORKER_COMMAND: &str = "console-worker";

/// How long a new worker may take to start its Python and greet.
pub const STARTUP_LIMIT: Duration = Duration::from_secs(30);

/// How the web console runs.
#[derive(Clone, Debug)]
pub struct ConsoleSettings {
    /// Whether `/api/console` answers at all.
    pub enabled: bool,
    /// The wall-clock limit of one run (`--timeout`), enforced inside the worker.
    pub timeout: Duration,
    /// How long past `timeout` the server waits for a reply before it kills the worker.
    pub grace: Duration,
    /// Worker processes (one per tab that used the console) alive at once.
    pub max_workers: usize,
    /// How loud the engine's diagnostics are.
    pub diagnostics: Level,
    /// Accept requests whose `Host` is not a loopback name (only with `--remote-console`).
    pub remote: bool,
    /// The executable started as `<worker_exe> console-worker` for each tab: by default
    /// the running `ndplay` binary itself (`/proc/self/exe` on Linux, so a rebuild of the
    /// file does not change what runs). Tests that drive [`super::app`] in-process point
    /// it at the built binary (`env!("CARGO_BIN_EXE_ndplay")`).
    pub worker_exe: PathBuf,
    /// Address space each worker may use, in MiB (`RLIMIT_AS`); 0 leaves it unlimited.
    pub worker_memory_mb: u64,
    /// Processor time each worker may use in all, in seconds (`RLIMIT_CPU`'s hard
    /// limit); 0 leaves it unlimited. Within it, each run may use its deadline's worth
    /// of every core (the worker arms the soft limit per run), so code that keeps a
    /// thread spinning after its run returns is stopped too.
    pub worker_cpu_seconds: u64,
}

impl Default for ConsoleSettings {
    fn default() -> ConsoleSettings {
        ConsoleSettings {
            enabled: true,
            timeout: Duration::from_secs(5),
            grace: Duration::from_secs(2),
            max_workers: 16,
            diagnostics: Level::Warn,
            remote: false,
            worker_exe: default_worker_exe(),
            worker_memory_mb: 2048,
            worker_cpu_seconds: 1800,
        }
    }
}

fn default_worker_exe() -> PathBuf {
    if cfg!(target_os = "linux") {
        PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().unwrap_or_else(|_| PathBuf::from("ndplay"))
    }
}

/// The name `--diagnostics` takes for a level.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Off => "off",
        Level::Warn => "warn",
        Level::Strict => "strict",
    }
}

/// The live-worker count shared by every tab.
#[derive(Debug, Default)]
pub struct WorkerCount(AtomicUsize);

impl WorkerCount {
    /// Worker processes alive now (started and not yet reaped or being reaped).
    pub fn live(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

/// One place in the [`WorkerCount`], given back on drop.
#[derive(Debug)]
struct Slot(Arc<WorkerCount>);

impl Slot {
    fn take(count: &Arc<WorkerCount>, max: usize) -> Result<Slot, AppError> {
        let live = count.0.fetch_add(1, Ordering::SeqCst);
        // Constructed first so that the refusal below gives the place back.
        let slot = Slot(Arc::clone(count));
        if live >= max.max(1) {
            return Err(AppError::unavailable(
                format!("{max} consoles are open, the most this server runs at once"),
                "Close the console in another tab (reload it or let it idle out), or start \
                 the server with a larger --max-consoles.",
            ));
        }
        Ok(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A request on its way to the pipe thread.
struct Outgoing {
    request: Request,
    payload: Option<NpyBlob>,
}

type Incoming = Result<Option<Frame>, WireError>;

/// Why a worker gave no reply.
enum Ended {
    /// None came before the deadline; the worker is still running.
    TimedOut,
    /// The pipe closed or broke: the worker exited or was killed.
    Died(String),
}

/// A running worker process. Dropping it kills the process and reaps it.
struct Worker {
    child: Option<Child>,
    pid: u32,
    jobs: Option<mpsc::Sender<Outgoing>>,
    replies: mpsc::Receiver<Incoming>,
    _slot: Slot,
}

/// The pipe thread: writes each request, reads its reply, and ends with the pipe. Both
/// blocking calls live here, so the thread that waits for a reply can give up at a
/// deadline (and kill the worker, which unblocks this one).
fn pump(
    stdin: ChildStdin,
    stdout: ChildStdout,
    jobs: &mpsc::Receiver<Outgoing>,
    replies: &mpsc::Sender<Incoming>,
) {
    let mut reader = BufReader::new(stdout);
    let mut writer = BufWriter::new(stdin);
    let greeting = read_frame(&mut reader);
    let alive = matches!(greeting, Ok(Some(_)));
    if replies.send(greeting).is_err() || !alive {
        return;
    }
    for job in jobs {
        if let Err(e) = write_frame(&mut writer, &job.request, job.payload.as_ref()) {
            let _ = replies.send(Err(e.into()));
            return;
        }
        drop(job);
        let reply = read_frame(&mut reader);
        let alive = matches!(reply, Ok(Some(_)));
        if replies.send(reply).is_err() || !alive {
            return;
        }
    }
}

impl Worker {
    /// Starts a worker and waits for its greeting, if the live count allows one more.
    fn start(settings: &ConsoleSettings, count: &Arc<WorkerCount>) -> Result<Worker, AppError> {
        let slot = Slot::take(count, settings.max_workers)?;
        let exe = &settings.worker_exe;
        let mut command = Command::new(exe);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::arg0(&mut command, "ndplay");
        command
            .arg(WORKER_COMMAND)
            .arg("--timeout")
            .arg(settings.timeout.as_secs_f64().to_string())
            .arg("--diagnostics")
            .arg(level_name(settings.diagnostics))
            .arg("--memory-mb")
            .arg(settings.worker_memory_mb.to_string())
            .arg("--cpu-seconds")
            .arg(settings.worker_cpu_seconds.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let unavailable = |message: String| {
            AppError::unavailable(
                message,
                "The console runs each tab's Python in a process of its own; the server's \
                 terminal may say more. Try again, or start the server with --no-console.",
            )
        };
        let mut child = command.spawn().map_err(|e| {
            unavailable(format!(
                "cannot start the console process {}: {e}",
                exe.display()
            ))
        })?;
        let pid = child.id();
        let (jobs_tx, jobs_rx) = mpsc::channel();
        let (replies_tx, replies_rx) = mpsc::channel();
        let pipes = child.stdin.take().zip(child.stdout.take());
        let mut worker = Worker {
            child: Some(child),
            pid,
            jobs: Some(jobs_tx),
            replies: replies_rx,
            _slot: slot,
        };
        let Some((stdin, stdout)) = pipes else {
            return Err(AppError::Internal(
                "the console process has no pipes".into(),
            ));
        };
        std::thread::Builder::new()
            .name("ndplay-console-pipe".into())
            .spawn(move || pump(stdin, stdout, &jobs_rx, &replies_tx))
            .map_err(|e| AppError::Internal(format!("cannot start a console pipe thread: {e}")))?;
        let greeting = worker.receive(Instant::now() + STARTUP_LIMIT);
        let refusal = match greeting.map(|f| f.message::<Reply>()) {
            Ok(Ok(Reply::Ready { protocol, .. })) if protocol == PROTOCOL => return Ok(worker),
            Ok(Ok(Reply::Failed { message })) => {
                format!("the console's Python failed to start: {message}")
            }
            Ok(Ok(other)) => format!(
                "{} is not a console worker of this ndplay build (it greeted with {other:?})",
                exe.display()
            ),
            Ok(Err(e)) => format!(
                "{} is not a console worker of this ndplay build: {e}",
                exe.display()
            ),
            Err(Ended::TimedOut) => format!(
                "the console process did not start within {} s",
                STARTUP_LIMIT.as_secs()
            ),
            Err(Ended::Died(why)) => {
                worker.jobs = None;
                let status = worker.reap_after_exit();
                format!(
                    "the console process ended as it started ({}): {why}",
                    describe_exit(status)
                )
            }
        };
        drop(worker);
        Err(unavailable(refusal))
    }

    /// The next reply, waiting until `deadline` at most.
    fn receive(&self, deadline: Instant) -> Result<Frame, Ended> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.replies.recv_timeout(left) {
            Ok(Ok(Some(frame))) => Ok(frame),
            Ok(Ok(None)) => Err(Ended::Died("its stdout closed".into())),
            Ok(Err(e)) => Err(Ended::Died(e.to_string())),
            Err(mpsc::RecvTimeoutError::Timeout) => Err(Ended::TimedOut),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                Err(Ended::Died("the pipe thread ended".into()))
            }
        }
    }

    /// Sends a request and waits for its reply until `deadline`.
    fn exchange(
        &self,
        request: Request,
        payload: Option<NpyBlob>,
        deadline: Instant,
    ) -> Result<Frame, Ended> {
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send(Outgoing { request, payload }).is_ok());
        if !sent {
            return Err(Ended::Died("the pipe thread ended".into()));
        }
        self.receive(deadline)
    }

    /// How the process ended, if it has (reaping it).
    fn exited(&mut self) -> Option<ExitStatus> {
        let status = self.child.as_mut()?.try_wait().ok().flatten()?;
        self.child = None;
        Some(status)
    }

    /// Kills the process and reaps it here.
    fn stop(mut self) -> Option<ExitStatus> {
        self.jobs = None;
        let mut child = self.child.take()?;
        let _ = child.kill();
        child.wait().ok()
    }

    /// Reaps a process whose pipe closed: its own exit status when it ends within a
    /// moment (its pipe closes as it exits), else it is killed.
    fn reap_after_exit(&mut self) -> Option<ExitStatus> {
        let child = self.child.as_mut()?;
        let until = Instant::now() + Duration::from_secs(2);
        while Instant::now() < until {
            match child.try_wait() {
                Ok(Some(status)) => {
                    self.child = None;
                    return Some(status);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(10)),
                Err(_) => break,
            }
        }
        let mut child = self.child.take()?;
        let _ = child.kill();
        child.wait().ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs = None;
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = child.kill();
        // Reaping waits while the kernel frees the process's memory, and a session can
        // be dropped on an async thread (an evicted tab): reap on a thread of its own.
        let shared = Arc::new(Mutex::new(child));
        let theirs = Arc::clone(&shared);
        let reaper = std::thread::Builder::new()
            .name("ndplay-console-reap".into())
            .spawn(move || {
                let _ = lock(&theirs).wait();
            });
        if reaper.is_err() {
            let _ = lock(&shared).wait();
        }
    }
}

/// Words for how a worker ended.
fn describe_exit(status: Option<ExitStatus>) -> String {
    let Some(status) = status else {
        return "its exit status is unknown".into();
    };
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return match signal {
            9 => "killed by SIGKILL, as the system's out-of-memory killer does".into(),
            6 => "aborted (SIGABRT): an allocation failed or the process panicked".into(),
            11 => "crashed (SIGSEGV)".into(),
            24 => "stopped at its processor-time limit (SIGXCPU): code kept a core busy past \
                   the run's deadline, or between runs"
                .into(),
            s => format!("killed by signal {s}"),
        };
    }
    status.to_string()
}

/// A tab's console: its worker process, started by the first run and replaced after it
/// dies. Clones share the worker; it is killed when the last clone goes (with the tab's
/// session, or when a run still in flight ends).
#[derive(Clone, Default)]
pub struct TabConsole(Arc<Mutex<Option<Worker>>>);

impl std::fmt::Debug for TabConsole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TabConsole")
            .field("pid", &self.pid())
            .finish()
    }
}

/// A run's outcome on the blocking side.
enum Ran {
    /// The worker answered; `current` is the array it sent back, if any, and
    /// `restarted` says why the tab's previous worker was replaced first.
    Reply {
        reply: Box<RunReply>,
        current: Option<Array>,
        restarted: Option<String>,
    },
    /// The worker was killed at the deadline or died; this error says so.
    Stopped(RunError),
}

impl TabConsole {
    /// The worker's process id, `None` when no worker runs (or a run holds it now).
    pub fn pid(&self) -> Option<u32> {
        self.0.try_lock().ok()?.as_ref().map(|w| w.pid)
    }

    /// Whether the two handles are the same tab console.
    pub fn same_as(&self, other: &TabConsole) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Sends `request` with `current` as `arr` to the tab's worker, started first if it
    /// has none, and waits for the answer until the console's deadline. The tab's turn is
    /// held until the returned guard drops: a tab's runs (the Loop-vs-fast panel's too)
    /// take turns. Blocks.
    fn exchange_with_arr(
        &self,
        settings: &ConsoleSettings,
        count: &Arc<WorkerCount>,
        request: Request,
        current: &Array,
    ) -> Result<Exchanged<'_>, AppError> {
        let blob = NpyBlob::of(current)
            .map_err(|e| AppError::Internal(format!("cannot send arr to the console: {e}")))?;
        let transfer = transfer_allowance(blob.len());
        let mut slot = lock(&self.0);
        let restarted = ensure_worker(&mut slot, settings, count)?;
        let Some(worker) = slot.as_mut() else {
            return Err(AppError::Internal("the console worker vanished".into()));
        };
        let deadline = Instant::now() + settings.timeout + settings.grace + transfer;
        let answer = worker.exchange(request, Some(blob), deadline);
        Ok(Exchanged {
            slot,
            answer,
            restarted,
        })
    }

    /// Runs `code` with `arr` bound to `current`, starting the worker first if needed.
    /// Blocks: call it from a blocking thread.
    fn run_blocking(
        &self,
        settings: &ConsoleSettings,
        count: &Arc<WorkerCount>,
        code: String,
        current: &Array,
        max_elements: usize,
    ) -> Result<Ran, AppError> {
        let request = Request::Run { code, max_elements };
        let Exchanged {
            mut slot,
            answer,
            restarted,
        } = self.exchange_with_arr(settings, count, request, current)?;
        let frame = match answer {
            Ok(frame) => frame,
            Err(ended) => {
                let error = stopped(slot.take(), ended, settings);
                return Ok(Ran::Stopped(error));
            }
        };
        match frame.message::<Reply>() {
            Ok(Reply::Ran(reply)) => {
                let wanted = reply
                    .current
                    .as_ref()
                    .is_some_and(|c| c.array.refused.is_none());
                let current = if wanted {
                    match frame.array() {
                        Ok(Some(a)) => Some(a),
                        Ok(None) => return Err(broken(&mut slot, "arr's data is missing")),
                        Err(e) => return Err(broken(&mut slot, &e.to_string())),
                    }
                } else {
                    None
                };
                Ok(Ran::Reply {
                    reply,
                    current,
                    restarted,
                })
            }
            Ok(Reply::Refused { message }) => Err(AppError::Internal(format!(
                "the console worker refused the run: {message}"
            ))),
            Ok(other) => Err(broken(&mut slot, &format!("it answered {other:?}"))),
            Err(e) => Err(broken(&mut slot, &e.to_string())),
        }
    }

    /// Times the Loop-vs-fast panel's `plan` with `arr` bound to `current`, in the tab's
    /// worker (started first if needed) but apart from the console's namespace: the
    /// measurements and the note that the worker had to be replaced, or the error that
    /// ended the run. Blocks: call it from a blocking thread.
    pub(crate) fn time_twins_blocking(
        &self,
        settings: &ConsoleSettings,
        count: &Arc<WorkerCount>,
        plan: &Plan,
        current: &Array,
    ) -> Result<Result<(Measured, Option<String>), RunError>, AppError> {
        let request = Request::Twins {
            plan: Box::new(plan.clone()),
        };
        let Exchanged {
            mut slot,
            answer,
            restarted,
        } = self.exchange_with_arr(settings, count, request, current)?;
        let frame = match answer {
            Ok(frame) => frame,
            Err(ended) => {
                // Killed at the deadline or dead: the console's variables went with it.
                let error = stopped(slot.take(), ended, settings);
                return Err(AppError::unavailable(
                    format!("Loop vs fast: {}", error.message),
                    error.hint.unwrap_or_default(),
                ));
            }
        };
        match frame.message::<Reply>() {
            Ok(Reply::Timed {
                measured: Some(m), ..
            }) => Ok(Ok((*m, restarted))),
            Ok(Reply::Timed { error: Some(e), .. }) => Ok(Err(e)),
            Ok(Reply::Refused { message }) => Err(AppError::Internal(format!(
                "the console worker refused to time the twins: {message}"
            ))),
            Ok(other) => Err(broken(&mut slot, &format!("it answered {other:?}"))),
            Err(e) => Err(broken(&mut slot, &e.to_string())),
        }
    }

    /// Fetches the array the last run bound to `name`; `None` when the worker no longer
    /// has it (it restarted). Blocks.
    fn show_blocking(
        &self,
        settings: &ConsoleSettings,
        name: &str,
        max_elements: usize,
    ) -> Result<Option<Array>, AppError> {
        let mut slot = lock(&self.0);
        let Some(worker) = slot.as_mut() else {
            return Ok(None);
        };
        let deadline = Instant::now() + settings.timeout + settings.grace;
        let request = Request::Show {
            name: name.to_string(),
            max_elements,
        };
        let frame = match worker.exchange(request, None, deadline) {
            Ok(frame) => frame,
            Err(ended) => {
                let error = stopped(slot.take(), ended, settings);
                return Err(AppError::unavailable(
                    error.message,
                    error.hint.unwrap_or_default(),
                ));
            }
        };
        let fail = |why: String| {
            AppError::Internal(format!("the console worker answered show badly: {why}"))
        };
        match frame.message::<Reply>() {
            Ok(Reply::Shown { array: None }) => Ok(None),
            Ok(Reply::Shown { array: Some(a) }) => match a.refused {
                Some(why) => Err(AppError::too_large(
                    why,
                    "Show a slice of it instead: bind e.g. part = big[:100] and show part.",
                )),
                None => frame
                    .array()
                    .map_err(|e| fail(e.to_string()))?
                    .ok_or_else(|| fail("no data".into()))
                    .map(Some),
            },
            Ok(other) => Err(fail(format!("{other:?}"))),
            Err(e) => Err(fail(e.to_string())),
        }
    }
}

/// A request's answer from [`TabConsole::exchange_with_arr`], with the tab's turn.
struct Exchanged<'a> {
    /// The tab's worker, locked: `None` once a stopped worker is taken out.
    slot: MutexGuard<'a, Option<Worker>>,
    /// The answer's frame, or how the worker ended before answering.
    answer: Result<Frame, Ended>,
    /// Words saying the worker had ended since the last run and was replaced.
    restarted: Option<String>,
}

/// Makes sure the tab has a live worker, starting one if it has none. A worker that
/// ended while idle (the out-of-memory killer, someone's kill) is replaced first, and
/// the words returned say its variables were lost.
fn ensure_worker(
    slot: &mut Option<Worker>,
    settings: &ConsoleSettings,
    count: &Arc<WorkerCount>,
) -> Result<Option<String>, AppError> {
    let ended = slot.as_mut().and_then(Worker::exited);
    let restarted = ended.map(|status| {
        *slot = None;
        format!(
            "This tab's console process had ended since the last run ({}): its variables \
             were lost, and this run started a fresh one.",
            describe_exit(Some(status))
        )
    });
    if slot.is_none() {
        *slot = Some(Worker::start(settings, count)?);
    }
    Ok(restarted)
}

/// Stops a worker that broke the protocol (a bug): the run is a 500, the next starts a
/// fresh worker.
fn broken(slot: &mut Option<Worker>, why: &str) -> AppError {
    if let Some(w) = slot.take() {
        w.stop();
    }
    AppError::Internal(format!("the console worker broke the protocol: {why}"))
}

/// Time to move `bytes` through the pipe and convert them on both sides, generously (a
/// debug build on a busy machine).
fn transfer_allowance(bytes: u64) -> Duration {
    Duration::from_secs_f64(bytes as f64 / 25e6)
}

/// Ends a worker that gave no reply and says what happened, as the run's error.
fn stopped(worker: Option<Worker>, ended: Ended, settings: &ConsoleSettings) -> RunError {
    let pid = worker.as_ref().map_or(0, |w| w.pid);
    match ended {
        Ended::TimedOut => {
            if let Some(w) = worker {
                w.stop();
            }
            let message = format!(
                "the code ran past the console's time limit of {:.1} s and could not be \
                 interrupted, so this tab's console process was stopped and restarted: its \
                 variables are lost",
                settings.timeout.as_secs_f64()
            );
            RunError {
                kind: "timeout".into(),
                py_type: "TimeLimitExceeded".into(),
                traceback: format!("TimeLimitExceeded: {message}"),
                message,
                hint: Some(
                    "Python checks the time limit between bytecodes, and this code was stuck \
                     in one call that does not return to Python (time.sleep, one huge array \
                     operation). The next run starts a fresh console with arr bound to the \
                     tensor above: split the work into smaller steps, or start the server \
                     with a larger --timeout."
                        .into(),
                ),
                line: None,
            }
        }
        Ended::Died(why) => {
            let status = worker.and_then(|mut w| {
                w.jobs = None;
                w.reap_after_exit()
            });
            let how = describe_exit(status);
            eprintln!("ndplay serve: console process {pid} ended ({how}): {why}");
            let message = format!(
                "the console process ended while running this code ({how}): its variables \
                 are lost"
            );
            RunError {
                kind: "crashed".into(),
                py_type: "ConsoleCrashed".into(),
                traceback: format!("ConsoleCrashed: {message}"),
                message,
                hint: Some(format!(
                    "A fresh console starts with the next run, with arr bound to the tensor \
                     above. A console process ends like this when the code ends the process \
                     (os._exit) or crashes it, when it runs out of memory (each tab's \
                     console may use {} MiB), or when it keeps the processor busy beyond \
                     its run.",
                    settings.worker_memory_mb
                )),
                line: None,
            }
        }
    }
}

/// `POST /api/console`'s body.
#[derive(Clone, Debug, Deserialize)]
pub struct ConsoleRequest {
    /// The Python code.
    pub code: String,
}

/// An error that ended a run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunError {
    /// `syntax`, `runtime`, `timeout` or `exit` from the console; `timeout` and
    /// `crashed` when the server stopped or lost the worker process.
    pub kind: String,
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

impl From<ndplay_console::ConsoleError> for RunError {
    fn from(e: ndplay_console::ConsoleError) -> RunError {
        RunError {
            kind: match e.kind {
                ndplay_console::ErrorKind::Syntax => "syntax",
                ndplay_console::ErrorKind::Runtime => "runtime",
                ndplay_console::ErrorKind::Timeout => "timeout",
                ndplay_console::ErrorKind::Exit => "exit",
            }
            .into(),
            py_type: e.py_type,
            message: e.message,
            hint: e.hint,
            traceback: e.traceback,
            line: e.line,
        }
    }
}

/// A diagnostic of a run, as the page gets it ([`ConsoleDiagnostic`]'s fields).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
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
    /// The rendered warning.
    pub text: String,
    /// How many times it fired at this place during the run.
    pub count: usize,
}

impl From<ConsoleDiagnostic> for Diagnostic {
    fn from(d: ConsoleDiagnostic) -> Diagnostic {
        Diagnostic {
            kind: d.kind,
            op: d.op,
            message: d.message,
            fix: d.fix,
            line: d.line,
            col: d.col,
            end_col: d.end_col,
            segment: d.segment,
            operands: d.operands,
            text: d.text,
            count: d.count,
        }
    }
}

/// An array the code bound to a name.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
    pub diagnostics: Vec<Diagnostic>,
    /// Arrays bound to new or rebound names.
    pub tensors: Vec<ProducedTensor>,
    /// Whether the run changed the current tensor: it rebound `arr` (the main panel now
    /// shows the new array) or wrote into its elements.
    pub current_changed: bool,
    /// Why a rebound `arr` could not be shown (too large for the panels), and that the
    /// tab's console process had ended since the last run and was replaced.
    pub note: Option<String>,
}

impl ConsoleRun {
    /// A run that ended with `error` and nothing else.
    fn failed(error: RunError) -> ConsoleRun {
        ConsoleRun {
            stdout: String::new(),
            truncated: false,
            result: None,
            error: Some(error),
            diagnostics: Vec::new(),
            tensors: Vec::new(),
            current_changed: false,
            note: None,
        }
    }
}

/// Cuts printed output at [`MAX_OUTPUT_CHARS`] with a note; says whether it cut.
pub fn cut_output(mut text: String) -> (String, bool) {
    match text.char_indices().nth(MAX_OUTPUT_CHARS) {
        Some((at, _)) => {
            text.truncate(at);
            text.push_str("\n[output cut: the console keeps the first 200,000 characters]\n");
            (text, true)
        }
        None => (text, false),
    }
}

/// Whether `a` is still the very array `b` (the same memory and layout).
fn same_array(a: &Array, b: &Array) -> bool {
    Arc::ptr_eq(a.storage(), b.storage())
        && a.layout().offset() == b.layout().offset()
        && a.shape() == b.shape()
        && a.strides() == b.strides()
        && a.dtype() == b.dtype()
}

fn joined<T>(r: Result<T, tokio::task::JoinError>) -> Result<T, AppError> {
    r.map_err(|e| AppError::Internal(format!("the console's blocking task failed: {e}")))
}

/// Runs `code` in the tab's console and applies what it changed to the tab's session.
pub async fn run(
    session: Arc<Mutex<Session>>,
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
    let (console, sent) = {
        let s = lock(&session);
        (s.console.clone(), s.current.array.clone())
    };
    let ran = {
        let (console, settings, count, sent) = (
            console.clone(),
            settings.clone(),
            Arc::clone(count),
            sent.clone(),
        );
        // The blocking task runs to its end even if the request is dropped, so the
        // worker is always answered, killed or put back.
        joined(
            tokio::task::spawn_blocking(move || {
                console.run_blocking(&settings, &count, code, &sent, max_elements)
            })
            .await,
        )??
    };
    let mut s = lock(&session);
    // A tab reset during the run has a new console: the old one's arrays are not its.
    let same_console = s.console.same_as(&console);
    let (reply, current, restarted) = match ran {
        Ran::Stopped(error) => {
            if same_console {
                s.console_tensors.clear();
            }
            return Ok(ConsoleRun::failed(error));
        }
        Ran::Reply {
            reply,
            current,
            restarted,
        } => (reply, current, restarted),
    };
    let mut note = None;
    let mut current_changed = false;
    if same_console {
        if let Some(change) = &reply.current {
            match (change.how, current) {
                (_, None) => note = change.array.refused.clone(),
                (Change::Rebound, Some(a)) => match console_current(&a, CURRENT_NAME, max_elements)
                {
                    Ok(c) => {
                        s.current = c;
                        s.view = None;
                        current_changed = true;
                    }
                    Err(e) => note = Some(e.body().message),
                },
                (Change::Written, Some(a)) => {
                    // In place, so the Views panel's view of the tensor sees the write,
                    // as it would in one process; unless the page replaced the tensor
                    // meanwhile.
                    if same_array(&s.current.array, &sent) && a.shape() == sent.shape() {
                        s.current.array.assign(&a)?;
                        current_changed = true;
                    }
                }
            }
        }
        s.console_tensors.clone_from(&reply.tensors);
    }
    let note = match (restarted, note) {
        (Some(r), Some(n)) => Some(format!("{r} {n}")),
        (r, n) => r.or(n),
    };
    Ok(ConsoleRun {
        stdout: reply.stdout,
        truncated: reply.truncated,
        result: reply.result,
        error: reply.error,
        diagnostics: reply.diagnostics,
        tensors: reply.tensors,
        current_changed,
        note,
    })
}

/// Why an array of this shape cannot be the panels' current tensor, if it cannot.
pub fn panel_refusal(name: &str, shape: &[usize], max_elements: usize) -> Option<AppError> {
    let size = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .unwrap_or(usize::MAX);
    if size <= max_elements && shape.len() <= super::tensor::MAX_RANK {
        return None;
    }
    Some(AppError::too_large(
        format!(
            "{name} has shape {} ({size} elements); the panels show at most {max_elements} \
             elements and {} axes",
            ndplay_core::shape::fmt_shape(shape),
            super::tensor::MAX_RANK
        ),
        "Show a slice of it instead: bind e.g. part = big[:100] and show part.",
    ))
}

/// An array from the console as the tab's current tensor: the same memory when it is
/// writeable (the panels write through views of it), else a copy; refused beyond the
/// panels' element limit.
pub fn console_current(
    array: &Array,
    name: &str,
    max_elements: usize,
) -> Result<Current, AppError> {
    if let Some(refusal) = panel_refusal(name, array.shape(), max_elements) {
        return Err(refusal);
    }
    let array = if array.flags().writeable {
        array.clone()
    } else {
        array.copy(ndplay_core::Order::C)?
    };
    Ok(Current {
        array,
        expr: name.to_string(),
        origin: Origin::Console {
            name: name.to_string(),
        },
    })
}

/// Makes the console's array `name` (from the last run) the tab's current tensor,
/// fetching its data from the tab's worker.
pub async fn show(
    session: Arc<Mutex<Session>>,
    settings: &ConsoleSettings,
    name: String,
    max_elements: usize,
) -> Result<(), AppError> {
    let not_found = || {
        AppError::not_found(
            format!("the console's last run bound no array named {name:?}"),
            "Show one of the arrays listed under the console's last run.",
        )
    };
    let (console, listed) = {
        let s = lock(&session);
        let listed = s.console_tensors.iter().find(|t| t.name == name).cloned();
        (s.console.clone(), listed)
    };
    let Some(listed) = listed else {
        return Err(not_found());
    };
    if let Some(refusal) = panel_refusal(&name, &listed.shape, max_elements) {
        return Err(refusal);
    }
    let array = {
        let (console, settings, name) = (console.clone(), settings.clone(), name.clone());
        joined(
            tokio::task::spawn_blocking(move || {
                console.show_blocking(&settings, &name, max_elements)
            })
            .await,
        )??
    };
    let Some(array) = array else {
        return Err(not_found());
    };
    let current = console_current(&array, &name, max_elements)?;
    let mut s = lock(&session);
    if s.console.same_as(&console) {
        s.current = current;
        s.view = None;
    }
    Ok(())
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
        let (text, cut_) = cut_output("x".repeat(MAX_OUTPUT_CHARS + 5));
        assert!(cut_ && text.starts_with(&"x".repeat(100)) && text.contains("output cut"));
        assert_eq!(cut_output("short".into()), ("short".to_string(), false));
    }

    #[test]
    fn the_panels_refuse_what_they_cannot_show() {
        assert!(panel_refusal("a", &[4, 3], 12).is_none());
        assert!(panel_refusal("a", &[4, 4], 12).is_some());
        assert!(panel_refusal("a", &[1; 9], 12).is_some(), "too many axes");
        assert!(
            panel_refusal("a", &[usize::MAX, 2], 12).is_some(),
            "overflow"
        );
    }

    #[test]
    fn a_missing_worker_executable_is_a_503_not_a_panic() {
        let settings = ConsoleSettings {
            worker_exe: PathBuf::from("/nonexistent/ndplay"),
            ..ConsoleSettings::default()
        };
        let count = Arc::new(WorkerCount::default());
        let err = Worker::start(&settings, &count).err().expect("refused");
        assert_eq!(err.status(), 503);
        assert!(err.body().message.contains("cannot start"), "{err}");
        assert_eq!(count.live(), 0, "the place is given back");
    }
}
