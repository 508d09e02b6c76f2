//! `ndplay serve`: the web playground at `http://127.0.0.1:8501` (the default command, so
//! `cargo run --release` starts it). Argument parsing, binding, the startup line and
//! signal handling live here; the server itself is [`ndplay::server`].
//!
//! It listens on loopback unless `--host` says otherwise, prints the URL it is
//! listening on (with the real port when `--port 0` asks the OS for a free one, which
//! is how the browser tests find it), and on Ctrl-C or SIGTERM stops accepting
//! connections and finishes the requests in flight before exiting.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use std::time::Duration;

use ndplay::server::console::ConsoleSettings;
use ndplay::server::sandbox::{LANDLOCK_ABI_WANTED, Protections};
use ndplay::server::session::SessionLimits;
use ndplay::server::{AppState, Config};
use ndplay_console::Level;

/// Arguments of `ndplay serve`.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on. Loopback by default; give 0.0.0.0 (or a LAN address) only to
    /// let other machines reach the playground.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (the URL printed at startup names it).
    #[arg(long, default_value_t = 8501)]
    pub port: u16,
    /// Largest accepted upload, in MB (10^6 bytes); larger ones get a 413.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_upload_mb: u64,
    /// Browser tabs served at once; the least recently used tab's tensors are dropped
    /// beyond this.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_sessions: u64,
    /// Stop a console run after this many seconds (a runaway loop ends with an error).
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub timeout: f64,
    /// Console processes (one per tab that uses the console) alive at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_consoles: u64,
    /// Address space each console process may use, in MiB (beyond it the code gets
    /// MemoryError or its console restarts); 0 for no limit.
    #[arg(long, value_name = "MIB", default_value_t = 2048)]
    pub console_memory_mb: u64,
    /// Processor time each console process may use in all, in seconds (each run may use
    /// its --timeout on every core; beyond the total the console restarts); 0 for no
    /// limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 1800)]
    pub console_cpu_seconds: u64,
    /// How loud the console's diagnostics of silent NumPy bugs are: off, warn, strict.
    #[arg(long, default_value = "warn", value_parser = super::parse_level)]
    pub diagnostics: Level,
    /// Turn the console panel off.
    #[arg(long)]
    pub no_console: bool,
    /// Run the console for pages on other machines too (with --host beyond loopback).
    /// They then run Python with your privileges: only on networks you trust.
    #[arg(long)]
    pub remote_console: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            host: IpAddr::from([127, 0, 0, 1]),
            port: 8501,
            max_upload_mb: 256,
            max_sessions: 64,
            timeout: 5.0,
            max_consoles: 16,
            console_memory_mb: 2048,
            console_cpu_seconds: 1800,
            diagnostics: Level::Warn,
            no_console: false,
            remote_console: false,
        }
    }
}

/// Resolves when the process is asked to stop (Ctrl-C, or SIGTERM on Unix).
async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, only SIGTERM (or a kill) stops the server.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    println!("ndplay: shutting down");
}

/// The console's sandbox on this machine: the lines saying what it enforces and what
/// is missing, or for `--remote-console` a refusal when a protection is missing (other
/// machines' code would run with your privileges).
fn check_sandbox(args: &ServeArgs) -> anyhow::Result<Vec<String>> {
    let here = Protections::probe();
    let gaps = here.missing();
    if args.remote_console && !gaps.is_empty() {
        anyhow::bail!(
            "--remote-console needs the whole console sandbox, and this machine lacks part \
             of it:\n  - {}\nRun without --remote-console (the console then answers pages \
             on this machine only), or on a Linux kernel with Landlock (ABI {}) and seccomp.",
            gaps.join("\n  - "),
            LANDLOCK_ABI_WANTED
        );
    }
    let memory = match args.console_memory_mb {
        0 => "no memory limit".to_string(),
        mb => format!("{mb} MiB of memory"),
    };
    let cpu = match args.console_cpu_seconds {
        0 => "no processor-time limit".to_string(),
        s => format!("{s} s of processor time"),
    };
    let mut lines = vec![format!(
        "console sandbox: {}; each tab's console gets {memory}, {cpu}",
        here.summary()
    )];
    lines.extend(
        gaps.into_iter()
            .map(|gap| format!("warning: console sandbox incomplete: {gap}")),
    );
    Ok(lines)
}

/// Runs the server until Ctrl-C.
pub fn run(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let config = Config {
        max_upload_mb: args.max_upload_mb,
        sessions: SessionLimits {
            max_sessions: usize::try_from(args.max_sessions).unwrap_or(usize::MAX),
            ..SessionLimits::default()
        },
        console: ConsoleSettings {
            // Beyond loopback the console runs only when asked for.
            enabled: !args.no_console && (args.host.is_loopback() || args.remote_console),
            timeout: super::run::timeout(Some(args.timeout))?.unwrap_or(Duration::from_secs(5)),
            max_workers: usize::try_from(args.max_consoles).unwrap_or(usize::MAX),
            diagnostics: args.diagnostics,
            remote: args.remote_console,
            worker_memory_mb: args.console_memory_mb,
            worker_cpu_seconds: args.console_cpu_seconds,
            ..ConsoleSettings::default()
        },
        ..Config::default()
    };
    // Refuse before binding; say it after the URL line (which tests and scripts read
    // first).
    let sandbox = if config.console.enabled {
        check_sandbox(args)?
    } else if args.no_console {
        vec!["console: off (--no-console)".to_string()]
    } else {
        vec![
            "console: off, since other machines can reach this server (--remote-console \
             runs their code too)"
                .to_string(),
        ]
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let addr = SocketAddr::new(args.host, args.port);
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
            format!(
                "cannot listen on {addr} (is another ndplay or program using port {}? try \
                 --port 0 for a free one)",
                args.port
            )
        })?;
        let bound = listener.local_addr().context("reading the bound address")?;
        let url_host = match bound.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
            IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
            IpAddr::V6(ip) => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        println!(
            "ndplay playground listening on http://{url_host}:{}/",
            bound.port()
        );
        if !bound.ip().is_loopback() {
            println!(
                "note: listening on {} — other machines on the network can reach this \
                 playground",
                bound.ip()
            );
        }
        for line in &sandbox {
            println!("{line}");
        }
        println!("press Ctrl-C to stop");
        ndplay::server::serve(listener, AppState::new(config), shutdown_signal())
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
