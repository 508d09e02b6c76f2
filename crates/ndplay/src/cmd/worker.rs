//! `ndplay console-worker` (hidden from `--help`): one browser tab's console, in a process
//! of its own. The server ([`ndplay::server::console`]) starts one per tab that uses the
//! console and speaks [`ndplay::server::wire`] frames over its stdin and stdout.
//!
//! The process owns one sandboxed [`Session`] with the time limit and diagnostics level
//! from its arguments, and caps its address space at `--memory-mb` (`RLIMIT_AS`), so a
//! runaway allocation ends in `MemoryError` or in this process's death, never in the
//! server's. Before Python starts, the pipes move to private descriptors and fds 0 and 1
//! are pointed at `/dev/null` and stderr: nothing the code does (`sys.__stdout__.write`)
//! can corrupt a frame or swallow a request. It exits when its stdin ends or its parent
//! changes (the server died). Once its interpreter is up, and before any user code runs,
//! it confines itself with Landlock (see `confine`): read-only access beneath Python's
//! folders and the system's shared libraries, nothing else on the filesystem, no TCP
//! `bind`/`connect`, no signals to processes outside it; and a seccomp filter refuses
//! `fork`, `exec` and non-Unix sockets (see `filter_syscalls`).
//!
//! For each run it binds `arr` (the array it bound last time when the server sends the
//! same elements, so older views still share memory with it), runs the code, and reports
//! whether `arr` was rebound (it is in the run's tensors) or written (its elements differ
//! from the bytes it was sent), with the new data as the payload.

// dup2, getrlimit and setrlimit have no safe wrapper in std; each block says why it is
// sound.
#![allow(unsafe_code)]

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use ndplay::server::console::{
    CURRENT_NAME, Diagnostic, ProducedTensor, RunError, cut_output, panel_refusal,
};
use ndplay::server::twins::{self, Plan};
use ndplay::server::wire::{
    ArrayChange, Change, CurrentChange, Frame, NpyBlob, PROTOCOL, Reply, Request, RunReply,
    read_frame, same_tensor, write_frame, writeable_array,
};
use ndplay_console::{Level, Session};
use ndplay_core::Array;
use ndplay_io::RawTensor;

/// Arguments of `ndplay console-worker`.
#[derive(Args, Debug, Clone)]
pub struct WorkerArgs {
    /// Stop a run after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,
    /// How loud the diagnostics are: off, warn, strict.
    #[arg(long, default_value = "warn", value_parser = super::parse_level)]
    pub diagnostics: Level,
    /// Address space this process may use, in MiB; 0 leaves it unlimited.
    #[arg(long, default_value_t = 2048)]
    pub memory_mb: u64,
    /// Processor time this process may use in all, in seconds; 0 leaves it unlimited.
    #[arg(long, default_value_t = 1800)]
    pub cpu_seconds: u64,
}

/// The array bound as `arr`, and the elements the server last knew it by.
struct Bound {
    array: Array,
    synced: RawTensor,
}

/// The worker's state between requests.
struct Worker {
    session: Session,
    arr: Option<Bound>,
    /// The arrays the last run bound to names, for `show`.
    last: Vec<(String, Array)>,
    /// The processor-time limits, re-armed before each run.
    cpu: CpuLimit,
    /// The Loop-vs-fast panel's namespace, apart from the console's; made by its first
    /// request (a session's guard rails are installed once per session, so it is kept).
    twins: Option<Session>,
}

/// Serves requests until stdin ends.
pub fn run(args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    let (input, output) = take_pipes().context("moving the pipes aside")?;
    let mut input = BufReader::new(input);
    let mut output = BufWriter::new(output);
    limit_memory(args.memory_mb).context("limiting the address space")?;
    let cpu = CpuLimit::new(args.cpu_seconds, args.timeout).context("limiting processor time")?;
    watch_parent();
    let session = match start_session(args) {
        Ok(s) => s,
        Err(e) => {
            let failed = Reply::Failed {
                message: format!("{e:#}"),
            };
            write_frame(&mut output, &failed, None).context("greeting")?;
            return Ok(ExitCode::from(1));
        }
    };
    let ready = Reply::Ready {
        pid: std::process::id(),
        protocol: PROTOCOL,
    };
    write_frame(&mut output, &ready, None).context("greeting")?;
    let mut worker = Worker {
        session,
        arr: None,
        last: Vec::new(),
        cpu,
        twins: None,
    };
    while let Some(frame) = read_frame(&mut input).context("reading a request")? {
        let (reply, payload) = worker.serve(frame);
        write_frame(&mut output, &reply, payload.as_ref()).context("replying")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn start_session(args: &WorkerArgs) -> anyhow::Result<Session> {
    let limit = super::run::timeout(Some(args.timeout))?;
    let mut session = Session::new()?;
    session.sandbox()?;
    session.set_time_limit(limit);
    session.set_diagnostics(args.diagnostics);
    confine().context("confining the worker (Landlock)")?;
    Ok(session)
}

/// Folders of shared libraries that extension modules (`lib-dynload`) load from.
#[cfg(target_os = "linux")]
const SYSTEM_LIB_DIRS: [&str; 4] = [
    "/lib/x86_64-linux-gnu",
    "/usr/lib/x86_64-linux-gnu",
    "/lib64",
    "/usr/lib64",
];

/// Confines this process with Landlock before any user code runs: the filesystem is
/// read-only beneath Python's own folders and the system's shared libraries and closed
/// everywhere else (no writes anywhere, no `exec` of programs outside them), TCP
/// `bind`/`connect` are denied, and signals and abstract Unix sockets cannot reach
/// processes outside the worker. The pipes to the server were opened before and keep
/// working. Where the kernel lacks a part of Landlock, the worker says so on stderr
/// (the server's log) and runs with what is enforced.
#[cfg(target_os = "linux")]
fn confine() -> anyhow::Result<()> {
    use landlock::{
        ABI, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetStatus,
        Scope, path_beneath_rules,
    };
    let abi = ABI::V6;
    let mut readable = ndplay_console::python_read_paths()?;
    readable.extend(
        SYSTEM_LIB_DIRS
            .iter()
            .map(std::path::PathBuf::from)
            .filter(|p| p.is_dir()),
    );
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))?
        .handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp)?
        .scope(Scope::AbstractUnixSocket | Scope::Signal)?
        .create()?
        .add_rules(path_beneath_rules(&readable, AccessFs::from_read(abi)))?
        .restrict_self()?;
    if status.ruleset != RulesetStatus::FullyEnforced {
        eprintln!(
            "ndplay console-worker: Landlock is {:?} on this kernel: the console's \
             filesystem and network confinement is incomplete",
            status.ruleset
        );
    }
    filter_syscalls()
}

/// A seccomp filter on every thread of the worker: no new processes (`fork`, `vfork`,
/// `clone` without `CLONE_THREAD`) and no programs (`execve`, `execveat`), so a fork
/// bomb or a shell ends in `PermissionError`; no sockets but Unix ones, so UDP and raw
/// sockets (which Landlock does not cover) are refused too. Threads still start:
/// `clone3` answers "not implemented", which makes the C library fall back to `clone`
/// with `CLONE_THREAD`, which is allowed.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn filter_syscalls() -> anyhow::Result<()> {
    use std::collections::BTreeMap;

    use seccompiler::{
        BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp, SeccompCondition, SeccompFilter,
        SeccompRule, TargetArch,
    };
    let errno = |e: i32| SeccompAction::Errno(e as u32);
    let new_process = SeccompRule::new(vec![SeccompCondition::new(
        0,
        SeccompCmpArgLen::Qword,
        SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
        0,
    )?])?;
    let not_unix = SeccompRule::new(vec![SeccompCondition::new(
        0,
        SeccompCmpArgLen::Dword,
        SeccompCmpOp::Ne,
        libc::AF_UNIX as u64,
    )?])?;
    let refused: BTreeMap<i64, Vec<SeccompRule>> = [
        (libc::SYS_fork, vec![]),
        (libc::SYS_vfork, vec![]),
        (libc::SYS_execve, vec![]),
        (libc::SYS_execveat, vec![]),
        (libc::SYS_clone, vec![new_process]),
        (libc::SYS_socket, vec![not_unix]),
    ]
    .into_iter()
    .collect();
    let no_clone3: BTreeMap<i64, Vec<SeccompRule>> = [(libc::SYS_clone3, vec![])].into();
    for (rules, action) in [
        (refused, errno(libc::EPERM)),
        (no_clone3, errno(libc::ENOSYS)),
    ] {
        let filter = SeccompFilter::new(rules, SeccompAction::Allow, action, TargetArch::x86_64)?;
        let program: BpfProgram = filter.try_into()?;
        seccompiler::apply_filter_all_threads(&program)?;
    }
    Ok(())
}

#[cfg(all(target_os = "linux", not(target_arch = "x86_64")))]
fn filter_syscalls() -> anyhow::Result<()> {
    eprintln!(
        "ndplay console-worker: no system-call filter on this architecture: fork, exec and \
         non-Unix sockets are not refused"
    );
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn confine() -> anyhow::Result<()> {
    eprintln!("ndplay console-worker: no Landlock on this system: the console is not confined");
    Ok(())
}

impl Worker {
    fn serve(&mut self, frame: Frame) -> (Reply, Option<NpyBlob>) {
        let refused = |message: String| (Reply::Refused { message }, None);
        match frame.message::<Request>() {
            Ok(Request::Run { code, max_elements }) => {
                if let Err(e) = self.cpu.arm() {
                    return refused(format!("arming the processor-time limit failed: {e}"));
                }
                let incoming = frame.tensor();
                // The tensor holds its own copy of the bytes: free the frame's first.
                drop(frame);
                match incoming {
                    Ok(Some(t)) => self.run(&code, t, max_elements).unwrap_or_else(refused),
                    Ok(None) => refused("a run needs arr's data".into()),
                    Err(e) => refused(e.to_string()),
                }
            }
            Ok(Request::Twins { plan }) => {
                if let Err(e) = self.cpu.arm() {
                    return refused(format!("arming the processor-time limit failed: {e}"));
                }
                let incoming = frame.tensor();
                drop(frame);
                match incoming {
                    Ok(Some(t)) => self.time_twins(&plan, &t).unwrap_or_else(refused),
                    Ok(None) => refused("timing the twins needs arr's data".into()),
                    Err(e) => refused(e.to_string()),
                }
            }
            Ok(Request::Show { name, max_elements }) => self.show(&name, max_elements),
            Err(e) => refused(e.to_string()),
        }
    }

    fn run(
        &mut self,
        code: &str,
        incoming: RawTensor,
        max_elements: usize,
    ) -> Result<(Reply, Option<NpyBlob>), String> {
        let arr = match &self.arr {
            Some(b) if same_tensor(&b.synced, &incoming) => b.array.clone(),
            _ => {
                let array = writeable_array(&incoming).map_err(|e| e.to_string())?;
                self.arr = Some(Bound {
                    array: array.clone(),
                    synced: incoming,
                });
                array
            }
        };
        self.session
            .set_array(CURRENT_NAME, &arr)
            .map_err(|e| e.to_string())?;
        let out = self.session.run(code);
        let tensors = out
            .tensors
            .iter()
            .map(|t| ProducedTensor {
                name: t.name.clone(),
                shape: t.array.shape().to_vec(),
                dtype: t.array.dtype().to_string(),
                shares_memory_with_arr: Arc::ptr_eq(t.array.storage(), arr.storage()),
            })
            .collect();
        let rebound = out.tensors.iter().find(|t| t.name == CURRENT_NAME);
        let (current, payload) = match rebound {
            Some(t) => self.send_back(&t.array, Change::Rebound, max_elements)?,
            None => {
                // Written into, directly or through a view, when its elements differ
                // from what the server sent.
                let now = NpyBlob::of(&arr)?;
                match &mut self.arr {
                    Some(b) if !same_tensor(&b.synced, now.tensor()) => {
                        b.synced = now.tensor().clone();
                        let change = CurrentChange {
                            how: Change::Written,
                            array: info(&arr, None),
                        };
                        (Some(change), Some(now))
                    }
                    _ => (None, None),
                }
            }
        };
        self.last = out
            .tensors
            .iter()
            .map(|t| (t.name.clone(), t.array.clone()))
            .collect();
        let (stdout, truncated) = cut_output(out.stdout);
        let reply = RunReply {
            stdout,
            truncated,
            result: out.result_repr,
            error: out.error.map(RunError::from),
            diagnostics: out.diagnostics.into_iter().map(Diagnostic::from).collect(),
            tensors,
            current,
        };
        Ok((Reply::Ran(Box::new(reply)), payload))
    }

    /// Runs the Loop-vs-fast harness for `plan` in the twins' namespace, with `arr` bound
    /// to the tensor the server sent. The console's `arr`, its views and its variables
    /// are left as they are: the array is the console's when the elements are the same
    /// (nothing in the harness writes to it), else a copy of its own.
    fn time_twins(
        &mut self,
        plan: &Plan,
        incoming: &RawTensor,
    ) -> Result<(Reply, Option<NpyBlob>), String> {
        let arr = match &self.arr {
            Some(b) if same_tensor(&b.synced, incoming) => b.array.clone(),
            _ => writeable_array(incoming).map_err(|e| e.to_string())?,
        };
        let limit = self.session.time_limit();
        let session = match &mut self.twins {
            Some(s) => s,
            empty => {
                let mut s = Session::new().map_err(|e| e.to_string())?;
                s.sandbox().map_err(|e| e.to_string())?;
                s.set_time_limit(limit);
                // NumPy has no diagnostics, and they would cost the loop a check per
                // operation: the times are the engine's own.
                s.set_diagnostics(Level::Off);
                empty.insert(s)
            }
        };
        session
            .set_array(CURRENT_NAME, &arr)
            .map_err(|e| e.to_string())?;
        let out = session.run(&twins::harness_code(plan)?);
        let reply = match out.error {
            Some(e) => Reply::Timed {
                measured: None,
                error: Some(RunError::from(e)),
            },
            None => Reply::Timed {
                measured: Some(Box::new(twins::parse_report(&out.stdout)?)),
                error: None,
            },
        };
        Ok((reply, None))
    }

    /// An array that becomes the server's current tensor: its data when the panels can
    /// show it, and from then on the array `arr` is bound to while the server sends the
    /// same elements (the same memory when it is writeable, as in one process).
    fn send_back(
        &mut self,
        array: &Array,
        how: Change,
        max_elements: usize,
    ) -> Result<(Option<CurrentChange>, Option<NpyBlob>), String> {
        if let Some(refusal) = panel_refusal(CURRENT_NAME, array.shape(), max_elements) {
            let change = CurrentChange {
                how,
                array: info(array, Some(refusal.body().message)),
            };
            return Ok((Some(change), None));
        }
        let blob = NpyBlob::of(array)?;
        self.adopt(array, &blob)?;
        let change = CurrentChange {
            how,
            array: info(array, None),
        };
        Ok((Some(change), Some(blob)))
    }

    fn adopt(&mut self, array: &Array, blob: &NpyBlob) -> Result<(), String> {
        let array = if array.flags().writeable {
            array.clone()
        } else {
            array
                .copy(ndplay_core::Order::C)
                .map_err(|e| e.to_string())?
        };
        self.arr = Some(Bound {
            array,
            synced: blob.tensor().clone(),
        });
        Ok(())
    }

    fn show(&mut self, name: &str, max_elements: usize) -> (Reply, Option<NpyBlob>) {
        let Some(array) = self
            .last
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| a.clone())
        else {
            return (Reply::Shown { array: None }, None);
        };
        if let Some(refusal) = panel_refusal(name, array.shape(), max_elements) {
            let shown = info(&array, Some(refusal.body().message));
            return (Reply::Shown { array: Some(shown) }, None);
        }
        match NpyBlob::of(&array) {
            Ok(blob) => {
                if let Err(message) = self.adopt(&array, &blob) {
                    return (Reply::Refused { message }, None);
                }
                let shown = info(&array, None);
                (Reply::Shown { array: Some(shown) }, Some(blob))
            }
            Err(e) => (Reply::Refused { message: e }, None),
        }
    }
}

fn info(array: &Array, refused: Option<String>) -> ArrayChange {
    ArrayChange {
        shape: array.shape().to_vec(),
        dtype: array.dtype().to_string(),
        refused,
    }
}

/// The request and reply pipes on descriptors of their own, with fd 0 reading
/// `/dev/null` and fd 1 writing to stderr, so Python code that reaches the process's
/// standard streams cannot touch the frames.
#[cfg(unix)]
fn take_pipes() -> std::io::Result<(File, File)> {
    use std::os::fd::{AsFd, AsRawFd};
    let input = File::from(std::io::stdin().as_fd().try_clone_to_owned()?);
    let output = File::from(std::io::stdout().as_fd().try_clone_to_owned()?);
    let null = File::open("/dev/null")?;
    // SAFETY: dup2 takes descriptor numbers only; `null` is open for the call's
    // duration and fd 2 is the inherited stderr. Nothing has read from fd 0 or written to
    // fd 1 yet, so no buffered state refers to what they pointed at.
    let (a, b) = unsafe { (libc::dup2(null.as_raw_fd(), 0), libc::dup2(2, 1)) };
    if a < 0 || b < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((input, output))
}

#[cfg(not(unix))]
fn take_pipes() -> std::io::Result<(File, File)> {
    Err(std::io::Error::other(
        "the console worker runs on Unix only",
    ))
}

/// Caps the address space at `mb` MiB (never above the hard limit already in force).
#[cfg(unix)]
fn limit_memory(mb: u64) -> std::io::Result<()> {
    if mb == 0 {
        return Ok(());
    }
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one `rlimit` into the struct it is given, which lives on
    // this stack frame for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut current) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let bytes = mb.saturating_mul(1 << 20) as libc::rlim_t;
    let cap = bytes.min(current.rlim_max);
    // Soft and hard alike, so the code cannot raise it again.
    let limit = libc::rlimit {
        rlim_cur: cap,
        rlim_max: cap,
    };
    // SAFETY: setrlimit reads the struct it is given, which outlives the call.
    if unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn limit_memory(_mb: u64) -> std::io::Result<()> {
    Ok(())
}

/// The worker's processor-time limits (`RLIMIT_CPU`). The hard limit is the whole
/// budget (`--cpu-seconds`), which the code cannot raise. The soft limit is re-armed
/// before each run at the time used so far plus one run's worth: the deadline on every
/// core, plus slack for the reply. Code that is not interrupted at its deadline, or
/// leaves a thread spinning after the run returns, reaches it and the kernel stops the
/// process (`SIGXCPU`); the server reports the console's end and starts a fresh one.
struct CpuLimit {
    /// The hard limit in seconds, `None` when unlimited.
    total: Option<u64>,
    /// Seconds one run may add.
    per_run: u64,
}

impl CpuLimit {
    #[cfg(unix)]
    fn new(total_seconds: u64, timeout: f64) -> std::io::Result<CpuLimit> {
        // No core files from a process stopped at its limits.
        set_limit(libc::RLIMIT_CORE, 0, 0)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        let per_run = (timeout.max(0.0) * cores).ceil() as u64 + 3;
        let total = (total_seconds > 0).then_some(total_seconds);
        if let Some(total) = total {
            set_limit(libc::RLIMIT_CPU, total, total)?;
        }
        Ok(CpuLimit { total, per_run })
    }

    #[cfg(not(unix))]
    fn new(_total_seconds: u64, _timeout: f64) -> std::io::Result<CpuLimit> {
        Ok(CpuLimit {
            total: None,
            per_run: 0,
        })
    }

    /// Sets the soft limit to the time used so far plus one run's worth.
    #[cfg(unix)]
    fn arm(&self) -> std::io::Result<()> {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the struct it is given, which lives on this frame.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: getrusage returned 0, so it wrote the whole struct.
        let usage = unsafe { usage.assume_init() };
        let used = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1).max(0) as u64;
        let hard = self.total.unwrap_or(libc::RLIM_INFINITY);
        let soft = used.saturating_add(self.per_run).min(hard);
        set_limit(libc::RLIMIT_CPU, soft, hard)
    }

    #[cfg(not(unix))]
    fn arm(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `setrlimit(resource, soft, hard)`.
#[cfg(unix)]
fn set_limit(resource: libc::__rlimit_resource_t, soft: u64, hard: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: soft as libc::rlim_t,
        rlim_max: hard as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct it is given, which outlives the call.
    if unsafe { libc::setrlimit(resource, &limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// Exits when the parent process goes (the server died without closing our stdin,
/// which happens only while a run keeps this process busy).
fn watch_parent() {
    #[cfg(unix)]
    {
        let parent = std::os::unix::process::parent_id();
        let _ = std::thread::Builder::new()
            .name("ndplay-parent-watch".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_millis(500));
                    if std::os::unix::process::parent_id() != parent {
                        let _ = std::io::stderr().flush();
                        std::process::exit(0);
                    }
                }
            });
    }
}
