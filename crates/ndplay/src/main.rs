//! `ndplay`: the NumPy Playground's command-line entry point. A thin layer over the
//! library crates: argument parsing here, every behaviour in `ndplay-core` and friends.
//!
//! With no subcommand it runs `serve`, so `cargo run --release` is all a newcomer types.

mod cmd;

use clap::{Parser, Subcommand};

/// ndplay: see what NumPy does under the hood, check tensors before they reach a model,
/// and get NumPy's semantics in Rust.
#[derive(Parser, Debug)]
#[command(name = "ndplay", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Start the playground on built-in example tensors (the default command).
    Serve(cmd::serve::ServeArgs),
    /// Check tensor files (.npy, .npz, .safetensors, .csv) before they reach a model: the
    /// six production-readiness signals per tensor, as a table or JSON.
    Inspect(cmd::inspect::InspectArgs),
    /// Run a NumPy-style Python script against the engine (`import numpy as np`).
    Run(cmd::run::RunArgs),
    /// An interactive NumPy console with history.
    Repl(cmd::repl::ReplArgs),
    /// Time the lesson's train.py per rank (slices, axis statistics, six signals), or with
    /// `kernels` the named workloads that bench/vs_numpy.py compares with NumPy.
    Bench(cmd::bench::BenchArgs),
    /// One browser tab's web console, in a process of its own (started by `serve`).
    #[command(name = "console-worker", hide = true)]
    ConsoleWorker(cmd::worker::WorkerArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // One worker per CPU, each on its own (see the module docs for the measured why).
    ndplay_core::threads::pin_global_pool();
    let result = match cli
        .command
        .unwrap_or(Command::Serve(cmd::serve::ServeArgs::default()))
    {
        Command::Serve(args) => cmd::serve::run(&args),
        Command::Inspect(args) => cmd::inspect::run(&args),
        Command::Run(args) => cmd::run::run(&args),
        Command::Repl(args) => cmd::repl::run(&args),
        Command::Bench(args) => cmd::bench::run(&args),
        Command::ConsoleWorker(args) => cmd::worker::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("ndplay: {err:#}");
            std::process::ExitCode::from(2)
        }
    }
}
