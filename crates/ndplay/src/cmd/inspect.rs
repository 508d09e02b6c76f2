//! `ndplay inspect FILE...`: the six production-readiness signals of every tensor in
//! `.npy`, `.npz`, `.safetensors` and `.csv` files, as a table or JSON, with an exit
//! status a pipeline can act on. Argument parsing, glob expansion, the progress bar and
//! printing live here; everything else is `ndplay-inspect`.
//!
//! Output goes to standard output in one write: when the reader has gone (`ndplay
//! inspect x.npz | head -1`) the rest is dropped quietly and the exit status is the
//! report's own, as if it had been read; any other write error (a full disk) is reported
//! and exits 1, so output is never lost silently.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use ndplay_inspect::InspectError;
use ndplay_inspect::render::{Style, render_table};
use ndplay_inspect::report::{InputError, Options, Report};
use ndplay_inspect::slice::SliceSpec;
use ndplay_inspect::summary::{FileSummary, Partial};
use ndplay_inspect::views::{ViewRequest, render_views, tensor_views};

/// Inputs at least this large get a progress bar (on a terminal).
const PROGRESS_MIN_BYTES: u64 = 64 << 20;

/// Arguments of `ndplay inspect`.
#[derive(Args, Debug, Clone)]
#[command(after_help = "\
Signals: shape, dtype, nan_inf, value_range, memory, contiguity; each ok, warn or fail.
Statistics are over finite values. Exit status: 0 when nothing fails, 1 when a signal
fails or the report cannot be written, 2 when an input cannot be read (the other inputs
are still reported) or a requested view does not fit in memory.

Examples:
  ndplay inspect data/*.npy --batch 32 --max-mb 512
  ndplay inspect images.npy --slice 0,:,:,1      # arr[0, :, :, 1] + channel histograms
  ndplay inspect features.csv --axis-stats 0     # per-column mean/std/min/max/NaN
  ndplay inspect shard-3.npy --partial > p3.json # on each machine, then:
  ndplay inspect --combine p*.json --json")]
pub struct InspectArgs {
    /// Tensor files (.npy, .npz, .safetensors, .csv/.tsv); glob patterns such as
    /// 'data/*.npy' are expanded. With --combine: partial-state files from --partial.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,

    /// Print one JSON document (files -> tensors -> signals) instead of the table.
    #[arg(long)]
    pub json: bool,

    /// Expected batch size: axis 0 of every tensor must have length N, else `shape` fails.
    #[arg(long, value_name = "N")]
    pub batch: Option<usize>,

    /// Memory budget per tensor in MB (10^6 bytes); a larger tensor fails `memory`.
    #[arg(long, value_name = "MB", default_value_t = ndplay_inspect::report::DEFAULT_MAX_MB,
          value_parser = parse_mb)]
    pub max_mb: f64,

    /// Also print mean, std, min, max and NaN count along AXIS (reduced as NumPy's
    /// `axis=AXIS`; negative counts from the end): 0 on (samples, features) gives
    /// per-feature statistics.
    #[arg(long, value_name = "AXIS", allow_hyphen_values = true)]
    pub axis_stats: Option<isize>,

    /// Also print a 2-D cross-section. SPEC has one comma-separated entry per axis: ':'
    /// for the two axes to display, an index for each other axis (negative counts from
    /// the end). `--slice 0,:,:,1` shows arr[0, :, :, 1]; on a (B, H, W, C) tensor a
    /// `b,:,:,c` slice also prints the per-channel histograms of item b.
    #[arg(long, value_name = "SPEC", allow_hyphen_values = true, value_parser = parse_slice)]
    pub slice: Option<SliceSpec>,

    /// Treat all inputs as shards of one dataset (same dtype and shape after axis 0;
    /// tensors matched by name) and report once.
    #[arg(long)]
    pub merge: bool,

    /// Print the mergeable partial state of the inputs (merged as shards) as JSON, for
    /// `--combine` on another machine, instead of a report.
    #[arg(long, conflicts_with_all = ["json", "combine", "axis_stats", "slice"])]
    pub partial: bool,

    /// The inputs are partial states written by `--partial`: merge them and report as
    /// one run over all the shards would.
    #[arg(long, conflicts_with_all = ["merge", "axis_stats", "slice"])]
    pub combine: bool,

    /// Never show the progress bar.
    #[arg(long)]
    pub no_progress: bool,

    /// The most tensors one file may hold (an .npz's members, a .safetensors header's
    /// entries), checked before any is read: many tiny tensors can cost gigabytes.
    #[arg(long, value_name = "N", default_value_t = ndplay_io::DEFAULT_MAX_TENSORS)]
    pub max_tensors: usize,

    /// The most MB (10^6 bytes) an .npz's deflated members may inflate to together,
    /// checked against the sizes the archive declares before anything is inflated.
    #[arg(long, value_name = "MB", default_value_t = DEFAULT_MAX_INFLATE_MB)]
    pub max_inflate_mb: u64,
}

/// `--max-inflate-mb`'s default: a few GB, as the library's own 4 GiB.
pub const DEFAULT_MAX_INFLATE_MB: u64 = 4096;

/// An input that was read, with something the reader should know.
#[derive(serde::Serialize)]
struct InputWarning {
    path: String,
    warning: String,
}

fn parse_mb(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "{s:?} is not a size in MB; give a number >= 0, e.g. 512"
        )),
    }
}

fn parse_slice(s: &str) -> Result<SliceSpec, String> {
    SliceSpec::parse(s).map_err(|e| e.to_string())
}

/// Runs `ndplay inspect`.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let mut errors: Vec<InputError> = Vec::new();
    let mut warnings: Vec<InputWarning> = Vec::new();
    let mut views_failed = false;
    let read_options = ndplay_io::ReadOptions {
        max_tensors: args.max_tensors,
        max_inflated_bytes: args.max_inflate_mb.saturating_mul(1_000_000),
        ..ndplay_io::ReadOptions::default()
    };
    let paths = expand(&args.files, &mut errors);
    let views = ViewRequest {
        axis: args.axis_stats,
        slice: args.slice.clone(),
    };

    let mut summaries: Vec<FileSummary> = Vec::new();
    let mut tensor_views_out = Vec::new();
    if args.combine {
        for p in &paths {
            match Partial::read(p) {
                Ok(partial) => summaries.push(partial.summary),
                Err(e) => fail(&mut errors, p, &e),
            }
        }
    } else {
        let bar = progress_bar(&paths, args.no_progress);
        let on_bytes = |n: u64| bar.inc(n);
        for p in &paths {
            match ndplay_inspect::inspect_file_with(p, &read_options, &on_bytes) {
                Ok((summary, file)) => {
                    for skipped in &file.skipped {
                        let warning = skipped.to_string();
                        bar.suspend(|| {
                            eprintln!("ndplay inspect: warning: {}: {warning}", summary.path)
                        });
                        warnings.push(InputWarning {
                            path: summary.path.clone(),
                            warning,
                        });
                    }
                    if !views.is_empty() {
                        for t in &file.tensors {
                            let v = tensor_views(&summary.path, t, &views);
                            if v.memory_error {
                                views_failed = true;
                                bar.suspend(|| view_failed(&v));
                            }
                            tensor_views_out.push(v);
                        }
                    }
                    summaries.push(summary);
                }
                Err(e) => {
                    let msg = match limit_hint(&e) {
                        Some(hint) => format!("{e}; {hint}"),
                        None => e.to_string(),
                    };
                    bar.suspend(|| fail(&mut errors, p, &msg));
                }
            }
        }
        bar.finish_and_clear();
    }

    if (args.merge || args.partial || args.combine) && !summaries.is_empty() {
        match ndplay_inspect::merge_files(&summaries) {
            Ok(merged) => summaries = vec![merged],
            Err(e) => {
                eprintln!("ndplay inspect: {e}");
                return Ok(ExitCode::from(2));
            }
        }
    }

    if args.partial {
        let code = if errors.is_empty() { 0 } else { 2 };
        return Ok(match summaries.pop() {
            Some(s) => {
                super::write_stdout("inspect", &format!("{}\n", Partial::new(s).to_json()), code)
            }
            None => {
                eprintln!("ndplay inspect: no input could be read, so there is no partial state");
                ExitCode::from(code)
            }
        });
    }

    let options = Options {
        batch: args.batch,
        max_mb: args.max_mb,
    };
    let mut report = Report::build(&summaries, &options);
    report.errors = errors;
    let text = if args.json {
        let mut doc = serde_json::to_value(&report)?;
        if !tensor_views_out.is_empty() {
            doc["views"] = serde_json::to_value(&tensor_views_out)?;
        }
        if !warnings.is_empty() {
            doc["warnings"] = serde_json::to_value(&warnings)?;
        }
        let mut text = serde_json::to_string_pretty(&doc)?;
        text.push('\n');
        text
    } else {
        let style = Style {
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        render_views(&tensor_views_out, style) + &render_table(&report, style)
    };
    let code = if views_failed {
        report.exit_code().max(2)
    } else {
        report.exit_code()
    };
    Ok(super::write_stdout("inspect", &text, code))
}

/// Says on stderr that a requested view could not be computed for want of memory.
fn view_failed(v: &ndplay_inspect::views::TensorViews) {
    let tensor = v.tensor.as_deref().unwrap_or("<array>");
    for e in [
        &v.axis_stats.as_ref().and_then(|r| r.as_ref().err()),
        &v.slice.as_ref().and_then(|r| r.as_ref().err()),
    ]
    .into_iter()
    .flatten()
    {
        eprintln!("ndplay inspect: {} {tensor}: {e}", v.path);
    }
}

/// The flag that raises the limit an error names, with a value that lets the file in.
fn limit_hint(e: &InspectError) -> Option<String> {
    let InspectError::Read(e) = e else {
        return None;
    };
    match e.innermost() {
        ndplay_io::IoError::TooManyTensors { found, .. } => {
            Some(format!("pass --max-tensors {found} to read it"))
        }
        ndplay_io::IoError::InflateBudget { declared, .. } => Some(format!(
            "pass --max-inflate-mb {} to read it",
            declared.div_ceil(1_000_000)
        )),
        _ => None,
    }
}

/// Records an unreadable input and says so on stderr.
fn fail(errors: &mut Vec<InputError>, path: &std::path::Path, e: &dyn std::fmt::Display) {
    let msg = e.to_string();
    eprintln!("ndplay inspect: {msg}");
    errors.push(InputError {
        path: path.display().to_string(),
        error: msg,
    });
}

/// Expands glob patterns (for shells that do not, and for quoted patterns); plain paths
/// pass through so that a missing file is reported by the reader, naming it.
fn expand(args: &[String], errors: &mut Vec<InputError>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        if !a.contains(['*', '?', '[']) || std::path::Path::new(a).exists() {
            out.push(PathBuf::from(a));
            continue;
        }
        let mut matched = false;
        match glob::glob(a) {
            Ok(paths) => {
                for p in paths {
                    match p {
                        Ok(p) => {
                            matched = true;
                            out.push(p);
                        }
                        Err(e) => fail(errors, e.path(), &e.error().to_string()),
                    }
                }
                if !matched {
                    fail(
                        errors,
                        std::path::Path::new(a),
                        &format!(
                            "{a}: no file matches this pattern; check the directory and extension"
                        ),
                    );
                }
            }
            Err(e) => fail(
                errors,
                std::path::Path::new(a),
                &format!("{a}: not a valid glob pattern ({e}); quote the name or escape [ as [[]"),
            ),
        }
    }
    out
}

/// A byte-counting bar on stderr when it is a terminal and the inputs are large.
fn progress_bar(paths: &[PathBuf], disabled: bool) -> ProgressBar {
    let total: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if disabled || total < PROGRESS_MIN_BYTES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} inspecting {bytes}/{total_bytes} [{bar:30}] {binary_bytes_per_sec} eta {eta}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
