//! `ndplay run script.py`: runs a NumPy-style Python script against the engine, the way
//! `python script.py` would with NumPy installed.
//!
//! Printed output streams to stdout; an uncaught exception prints CPython's traceback and
//! then ndplay's explanation on stderr. Exit status: 0 on success, 1 when an exception
//! (or syntax error) ended the script, the status given to `sys.exit`, and 124 when the
//! `--timeout` stopped it.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use ndplay_console::{ConsoleError, ErrorKind, Session};

/// Arguments of `ndplay run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The Python script to run (`import numpy as np` binds to ndplay).
    pub script: PathBuf,
    /// Stop the script after this many seconds (a runaway loop ends with exit status 124).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// How loud the diagnostics of silent NumPy bugs are: off, warn (the default: a
    /// warning on stderr under the line that caused it) or strict (an error).
    #[arg(long, default_value = "warn", value_parser = super::parse_level)]
    pub diagnostics: ndplay_console::Level,
    /// Cap the bytes arrays may hold at once, in MB (10^6 bytes): an array past it is
    /// NumPy's MemoryError, as on a machine with that much memory. Unlimited by default.
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_memory_mb: Option<u64>,
}

/// The exit status for an error that ended a run.
pub fn exit_status(err: &ConsoleError) -> u8 {
    match err.kind {
        ErrorKind::Timeout => 124,
        ErrorKind::Exit => err.message.trim().parse::<u8>().unwrap_or(1),
        ErrorKind::Syntax | ErrorKind::Runtime => 1,
    }
}

/// A `--timeout` value as a duration.
pub fn timeout(seconds: Option<f64>) -> anyhow::Result<Option<Duration>> {
    seconds
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .with_context(|| format!("--timeout must be a positive number of seconds, got {s}"))
        })
        .transpose()
}

/// Sets the process's array memory budget from `--max-memory-mb`.
pub fn memory_budget(mb: Option<u64>) {
    let bytes = mb.map(|mb| usize::try_from(mb.saturating_mul(1_000_000)).unwrap_or(usize::MAX));
    ndplay_core::storage::set_memory_budget(bytes);
}

/// Runs the script.
pub fn run(args: &RunArgs) -> anyhow::Result<ExitCode> {
    let limit = timeout(args.timeout)?;
    memory_budget(args.max_memory_mb);
    let mut session = Session::new().context("starting the console")?;
    session.set_time_limit(limit);
    session.set_diagnostics(args.diagnostics);
    let out = session
        .run_file(&args.script, Box::new(std::io::stdout()))
        .with_context(|| format!("running {}", args.script.display()))?;
    match out.error {
        None => Ok(ExitCode::SUCCESS),
        Some(err) => {
            if err.kind != ErrorKind::Exit {
                eprintln!("{}", err.render());
            }
            Ok(ExitCode::from(exit_status(&err)))
        }
    }
}
