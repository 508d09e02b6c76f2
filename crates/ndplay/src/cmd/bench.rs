//! `ndplay bench`: the lesson's `train.py` (slice and statistics timings per rank, the six
//! signals of every generated tensor) and `ndplay bench kernels` (the named workloads of
//! `bench/vs_numpy.py`, and the ML twins loop versus fast). Thin: the suites live in
//! `ndplay-bench`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use ndplay_bench::{kernels, lesson};

/// Arguments of `ndplay bench`.
#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    #[command(subcommand)]
    suite: Option<Suite>,
    /// Multiply each tensor's axis 0 (batch or length) by this.
    #[arg(long, default_value_t = 1)]
    scale: usize,
    /// Timed repeats per operation (after one warm-up).
    #[arg(long, default_value_t = 21)]
    repeats: usize,
    /// Print the figures as one JSON document.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print the timings as CSV.
    #[arg(long)]
    csv: bool,
}

#[derive(Subcommand, Debug, Clone)]
enum Suite {
    /// The named workloads run side by side with NumPy by bench/vs_numpy.py, and the ML
    /// primitives' loop twin against their fast twin.
    Kernels(KernelArgs),
}

/// Arguments of `ndplay bench kernels`.
#[derive(Args, Debug, Clone)]
struct KernelArgs {
    /// Print `{"workloads": [{"name", "median_s", "min_s", "max_s", "repeats"}]}` only.
    #[arg(long)]
    json: bool,
    /// Timed repeats per workload (after one warm-up).
    #[arg(long, default_value_t = 11)]
    repeats: usize,
    /// Only workloads whose name contains this text.
    #[arg(long)]
    only: Option<String>,
    /// The 1 GB float32 .npy for inspect_1GB_npy_f32 (written to the temp dir if absent).
    #[arg(long)]
    npy: Option<PathBuf>,
}

fn spinner(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

/// Runs `ndplay bench`.
pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    match &args.suite {
        Some(Suite::Kernels(k)) => run_kernels(k),
        None => run_lesson(args),
    }
}

fn run_lesson(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let pb = spinner(true);
    let report = lesson::run(args.scale, args.repeats, &mut |m| {
        pb.set_message(m.to_string())
    })
    .map_err(|e| anyhow::anyhow!(e))?;
    pb.finish_and_clear();
    let mut out = String::new();
    if args.json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report)?);
        return Ok(super::write_stdout("bench", &out, 0));
    }
    if args.csv {
        let _ = writeln!(out, "rank,shape,op,median_s,min_s,max_s,repeats");
        for r in &report.rows {
            let shape = r
                .shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("x");
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{}",
                r.rank,
                shape,
                r.op,
                r.timing.median_s,
                r.timing.min_s,
                r.timing.max_s,
                r.timing.repeats
            );
        }
        return Ok(super::write_stdout("bench", &out, 0));
    }
    let _ = writeln!(
        out,
        "ndplay bench — the lesson's train.py (scale {}, {} repeats, medians)\n",
        report.scale, args.repeats
    );
    let _ = writeln!(
        out,
        "{:<5} {:<20} {:<20} {:>12} {:>12} {:>12}",
        "rank", "shape", "operation", "median µs", "min µs", "max µs"
    );
    for r in &report.rows {
        let _ = writeln!(
            out,
            "{:<5} {:<20} {:<20} {:>12.1} {:>12.1} {:>12.1}",
            r.rank,
            ndplay_core::shape::fmt_shape(&r.shape),
            r.op,
            r.timing.median_s * 1e6,
            r.timing.min_s * 1e6,
            r.timing.max_s * 1e6
        );
    }
    let _ = writeln!(out, "\nSix signals of every generated tensor:");
    for t in &report.tensors {
        let _ = writeln!(
            out,
            "  {}-D {} ({})",
            t.rank,
            ndplay_core::shape::fmt_shape(&t.shape),
            t.meaning
        );
        for (name, status, detail) in &t.signals {
            let _ = writeln!(out, "    {name:<12} {status:<5} {detail}");
        }
    }
    Ok(super::write_stdout("bench", &out, 0))
}

fn run_kernels(k: &KernelArgs) -> anyhow::Result<ExitCode> {
    let sel = kernels::Selection {
        only: k.only.clone(),
        repeats: k.repeats,
        npy: k.npy.clone(),
    };
    let pb = spinner(!k.json || std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let results = kernels::run_workloads(&sel, &mut |m| pb.set_message(m.to_string()))
        .map_err(|e| anyhow::anyhow!(e))?;
    if k.json {
        pb.finish_and_clear();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "workloads": results }))?
        );
        return Ok(super::write_stdout("bench", &out, 0));
    }
    let twins = kernels::run_twins(k.repeats.min(5), &mut |m| {
        pb.set_message(format!("twins: {m}"))
    });
    pb.finish_and_clear();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Named workloads ({} repeats; compare with NumPy: python3 bench/vs_numpy.py)\n",
        k.repeats
    );
    let _ = writeln!(
        out,
        "{:<30} {:>12} {:>12} {:>12}",
        "workload", "median ms", "min ms", "max ms"
    );
    for r in &results {
        let _ = writeln!(
            out,
            "{:<30} {:>12.3} {:>12.3} {:>12.3}",
            r.name,
            r.timing.median_s * 1e3,
            r.timing.min_s * 1e3,
            r.timing.max_s * 1e3
        );
    }
    let _ = writeln!(
        out,
        "\nML primitives, the loop that is the definition vs the fast kernel\n"
    );
    let _ = writeln!(
        out,
        "{:<38} {:>12} {:>12} {:>9}",
        "primitive", "loop ms", "fast ms", "speed-up"
    );
    for t in &twins {
        let _ = writeln!(
            out,
            "{:<38} {:>12.3} {:>12.3} {:>8.1}x",
            t.name,
            t.loop_timing.median_s * 1e3,
            t.fast_timing.median_s * 1e3,
            t.speedup
        );
    }
    Ok(super::write_stdout("bench", &out, 0))
}
