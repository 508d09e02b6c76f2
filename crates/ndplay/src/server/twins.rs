//! The Loop-vs-fast panel: an ML primitive written twice in Python, as the loop a learner
//! writes from its definition and as the vectorised NumPy call, both timed in the tab's
//! console interpreter on the current tensor, and checked to agree.
//!
//! `POST /api/twins {"op": "column_means"}` builds a [`Plan`] here: the setup (the
//! matrix `X` made from `arr`), the loop and the fast call, as Python source. The tab's
//! console worker (the sandboxed CPython whose `numpy` is ndplay, [`super::console`])
//! runs that very source in a namespace of its own, never the console's: it binds `arr`
//! as the console does, times the loop as many times as fit the loop's budget (at least
//! once) and the fast call at least five times, compares the two results and clears the
//! namespace. The answer, a [`TwinRun`], carries the code exactly as it ran, the best
//! and median time of each, the ratio of the best times, whether the results agree, and
//! a note instead of a ratio when the size is too small to show anything
//! ([`too_small`]). The run is bounded by the console's time limit like any console
//! run, and it waits its turn behind the tab's console runs; the tab's console
//! variables are untouched. Diagnostics are off for it, since NumPy has none and they
//! would cost the loop a check per operation.
//!
//! The seed's own pair is column means, `[X[:, j].mean() for j in range(d)]` against
//! `X.mean(axis=0)`, and it runs on every row: the lesson's `(10000, 512)` is 512 Python
//! iterations. The others loop over elements or pairs of rows as the lesson writes them
//! (the triple loop of a matrix product, a norm per pair of rows, a mean and a standard
//! deviation per column from element sums), so they use the first rows only: as many
//! as fit the loop's time budget, found by timing the loop on a few rows first.
//!
//! The compiled-Rust twins in `ndplay_linalg::ml` stay the engine's own twin tests; this
//! panel times Python only.
//!
//! ```
//! use ndplay::server::twins::{Primitive, plan};
//! use ndplay_core::DType;
//! use std::time::Duration;
//!
//! let p = plan(&[10_000, 512], DType::Float64, Primitive::ColumnMeans, Duration::from_secs(5))?;
//! assert_eq!(p.loop_code, "col_means_loop = [X[:, j].mean() for j in range(d)]");
//! assert_eq!(p.fast_code, "col_means_vec = X.mean(axis=0)");
//! // Every row; the loop runs over the 512 columns, the axis it would cut if it had to.
//! assert_eq!(p.setup, "X = arr\nn, d = X.shape");
//! assert_eq!(p.full, 512);
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ndplay_core::DType;
use ndplay_core::shape::fmt_shape;
use serde::{Deserialize, Serialize};

use super::console::{ConsoleSettings, RunError, WorkerCount};
use super::error::AppError;
use super::session::{Session, lock};

/// The timing harness the worker runs (`twins.py`), followed by one call to it.
pub const HARNESS: &str = include_str!("twins.py");

/// The prefix of the harness's report line in the run's output.
pub const MARK: &str = "ndplay-twins-report: ";

/// Most columns a loop over elements reads (matrix product, standardisation): past it
/// one row alone would take the loop seconds.
pub const MAX_LOOP_COLUMNS: usize = 4096;

/// Most elements of the `(n, n, d)` block the fast distance matrix builds by
/// broadcasting (32 MiB of float64; it holds two such blocks at once).
pub const MAX_BLOCK_ELEMENTS: usize = 1 << 22;

/// Most rows of a quadratic primitive (its result has rows² entries).
pub const MAX_QUADRATIC_ROWS: usize = 2048;

/// Below this a time says little: both are mostly the interpreter's cost per call.
pub const TOO_SMALL_MS: f64 = 1.0;

/// The primitives on offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// Column means: `X.mean(axis=0)`.
    ColumnMeans,
    /// The matrix product `X @ X.T`.
    Matmul,
    /// Pairwise Euclidean distances between the rows of `X`.
    Distances,
    /// Standardisation `(X - X.mean(axis=0)) / X.std(axis=0)`.
    Standardize,
}

/// Which axis of `X` a plan cuts to fit the loop's budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cut {
    /// The first rows.
    Rows,
    /// The first columns.
    Columns,
}

/// What the worker runs for one primitive: the code the panel shows and how to time it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The primitive.
    pub primitive: Primitive,
    /// The setup on the whole cut axis (not timed): `X` from `arr`, and `n, d = X.shape`.
    pub setup: String,
    /// The setup on the first `{m}` rows or columns (`{m}` is replaced by the count).
    pub setup_cut: String,
    /// The axis cut when the loop would not fit its budget.
    pub cut: Cut,
    /// Rows or columns along that axis.
    pub full: usize,
    /// Most of them the plan may use whatever the time (memory bounds).
    pub cap: usize,
    /// How many the calibration starts with.
    pub start: usize,
    /// How the loop's time grows with them: 1 linear, 2 quadratic.
    pub power: u32,
    /// The loop, timed.
    #[serde(rename = "loop")]
    pub loop_code: String,
    /// The vectorised call, timed.
    #[serde(rename = "fast")]
    pub fast_code: String,
    /// The name the loop binds its result to.
    pub loop_result: String,
    /// The name the fast call binds its result to.
    pub fast_result: String,
    /// Relative tolerance of the agreement check.
    pub rtol: f64,
    /// Absolute tolerance: `|loop - fast| <= atol + rtol * |fast|`.
    pub atol: f64,
    /// Seconds of loop runs to aim for (also the calibration's target for one run).
    pub loop_budget_s: f64,
    /// Seconds of fast runs to aim for, past the first [`Plan::min_fast_runs`].
    pub fast_budget_s: f64,
    /// Most loop runs.
    pub max_loop_runs: usize,
    /// Fewest fast runs.
    pub min_fast_runs: usize,
    /// Most fast runs.
    pub max_fast_runs: usize,
}

/// What the harness measured, as it reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measured {
    /// The setup as it ran (with the count of rows or columns it settled on).
    pub setup: String,
    /// Rows or columns used along the plan's cut axis.
    pub used: usize,
    /// `X`'s shape.
    pub input_shape: Vec<usize>,
    /// Each loop run, in seconds.
    pub loop_s: Vec<f64>,
    /// Each fast run, in seconds.
    pub fast_s: Vec<f64>,
    /// The fast result's shape.
    pub result_shape: Vec<usize>,
    /// `repr` of the fast result.
    pub result_repr: String,
    /// `time.get_clock_info("perf_counter").resolution`.
    pub clock_resolution_s: f64,
    /// Whether the results agree within the tolerance.
    pub agree: bool,
    /// Largest `|loop - fast|` where both are finite (`None` when the shapes differ).
    pub max_abs_diff: Option<f64>,
    /// Places where one result is NaN or infinite and the other is not.
    pub nonfinite_mismatches: usize,
    /// The two shapes when they differ.
    pub shape_mismatch: Option<(Vec<usize>, Vec<usize>)>,
}

/// The times of one side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Timing {
    /// How many times it ran.
    pub runs: usize,
    /// The fastest run, in milliseconds.
    pub best_ms: f64,
    /// The median run, in milliseconds.
    pub median_ms: f64,
}

impl Timing {
    /// The best and median of `seconds` (empty gives zeros).
    pub fn of(seconds: &[f64]) -> Timing {
        let mut ms: Vec<f64> = seconds.iter().map(|s| s * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let median = match ms.len() {
            0 => 0.0,
            n if n % 2 == 1 => ms[n / 2],
            n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
        };
        Timing {
            runs: ms.len(),
            best_ms: ms.first().copied().unwrap_or(0.0),
            median_ms: median,
        }
    }
}

/// `POST /api/twins`'s answer.
#[derive(Clone, Debug, Serialize)]
pub struct TwinRun {
    /// The primitive.
    pub primitive: Primitive,
    /// Where both sides ran.
    pub timed_in: &'static str,
    /// The setup, Python, run once and not timed.
    pub setup: String,
    /// The loop, Python, exactly as timed.
    pub loop_code: String,
    /// The vectorised call, Python, exactly as timed.
    pub fast_code: String,
    /// `X`'s shape.
    pub input_shape: Vec<usize>,
    /// Why only part of `arr` was used, when it was.
    pub cut: Option<String>,
    /// The loop's times.
    #[serde(rename = "loop")]
    pub loop_timing: Timing,
    /// The fast call's times.
    pub fast: Timing,
    /// Best loop time over best fast time (`None` when the fast one took no measurable
    /// time).
    pub speedup: Option<f64>,
    /// Why these times cannot show the lesson's claim, when they cannot: the page shows
    /// this instead of the ratio.
    pub too_small: Option<String>,
    /// The result's shape.
    pub result_shape: Vec<usize>,
    /// Whether the results agree within the tolerance.
    pub agree: bool,
    /// Largest `|loop - fast|` where both are finite.
    pub max_abs_diff: Option<f64>,
    /// Places where one result is NaN or infinite and the other is not.
    pub nonfinite_mismatches: usize,
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
    /// `repr` of the fast result.
    pub result_repr: String,
    /// That the tab's console process had ended and a fresh one was started for this run.
    pub note: Option<String>,
}

/// Where the panel's code runs, as the answer says it.
pub const TIMED_IN: &str = "Python: CPython in this tab's console process, with ndplay as numpy (a namespace of \
     its own; the console's variables are untouched)";

/// The seconds of loop runs to aim for under a console time limit: an eighth of it, at
/// most 0.6 s, so calibration, the loop runs and the fast runs together stay well inside
/// the limit.
pub fn loop_budget(timeout: Duration) -> f64 {
    (timeout.as_secs_f64() / 8.0).clamp(0.02, 0.6)
}

/// `X`'s shape for a tensor of `shape` (a scalar is 1×1, a vector one column, higher
/// ranks keep their first axis), and its NumPy spelling.
pub fn matrix(shape: &[usize]) -> (usize, usize, String) {
    let size: usize = shape.iter().product();
    match shape.len() {
        0 => (1, 1, "arr.reshape(1, 1)".into()),
        1 => (shape[0], 1, "arr.reshape(-1, 1)".into()),
        2 => (shape[0], shape[1], "arr".into()),
        _ => {
            let n = shape[0];
            let d = size.checked_div(n).unwrap_or(0);
            (n, d, format!("arr.reshape({n}, -1)"))
        }
    }
}

/// The plan for primitive `p` on a tensor of `shape` and `dtype`, under a console time
/// limit of `timeout`.
///
/// # Errors
/// 422 for text or complex data and for a tensor with no elements.
pub fn plan(
    shape: &[usize],
    dtype: DType,
    p: Primitive,
    timeout: Duration,
) -> Result<Plan, AppError> {
    if !dtype.is_numeric() || dtype.is_complex() {
        return Err(AppError::Refused {
            py_type: "TypeError",
            message: format!("Loop vs fast needs real numbers, and arr has dtype {dtype}"),
            hint: "Generate or upload a real-valued tensor (float64, float32, an integer \
                   dtype or bool)."
                .into(),
        });
    }
    let (n, d, base) = matrix(shape);
    if n == 0 || d == 0 {
        return Err(AppError::Refused {
            py_type: "ValueError",
            message: format!(
                "Loop vs fast: X = {base} has shape {} and arr has shape {}: there is \
                 nothing to loop over",
                fmt_shape(&[n, d]),
                fmt_shape(shape)
            ),
            hint: "Pick a shape with at least one element on every axis, e.g. the lesson's \
                   (10000, 512)."
                .into(),
        });
    }
    let mut comments = Vec::new();
    // A loop of Python scalars and NumPy's float16/integer kernels would round or wrap
    // differently (and bool cannot be subtracted); the element loops run on float64.
    let to_float = p != Primitive::ColumnMeans && !matches!(dtype, DType::Float32 | DType::Float64);
    if to_float {
        comments.push(format!(
            "# {dtype} as float64: the loop's sums and the fast call then round alike"
        ));
    }
    let astype = if to_float { ".astype(np.float64)" } else { "" };
    let columns = match p {
        Primitive::Matmul | Primitive::Standardize if d > MAX_LOOP_COLUMNS => {
            comments.push(format!(
                "# the first {MAX_LOOP_COLUMNS} of {d} columns: the loop reads every element"
            ));
            Some(MAX_LOOP_COLUMNS)
        }
        _ => None,
    };
    let d_used = columns.unwrap_or(d);
    let (cut, full, power, cap) = match p {
        Primitive::ColumnMeans => (Cut::Columns, d, 1, d),
        Primitive::Standardize => (Cut::Rows, n, 1, n),
        Primitive::Matmul => (Cut::Rows, n, 2, MAX_QUADRATIC_ROWS),
        Primitive::Distances => {
            let rows = ((MAX_BLOCK_ELEMENTS / d_used) as f64).sqrt() as usize;
            (Cut::Rows, n, 2, rows.clamp(1, MAX_QUADRATIC_ROWS))
        }
    };
    let col_slice = columns.map(|c| format!(":{c}"));
    let whole = col_slice
        .as_ref()
        .map_or(String::new(), |c| format!("[:, {c}]"));
    let part = match (&col_slice, cut) {
        (Some(c), Cut::Rows) => format!("[:{{m}}, {c}]"),
        (None, Cut::Rows) => "[:{m}]".to_string(),
        (_, Cut::Columns) => "[:, :{m}]".to_string(),
    };
    let (axis_words, growth) = match (cut, power) {
        (Cut::Rows, 2) => ("rows", "with rows²"),
        (Cut::Rows, _) => ("rows", "with the rows"),
        (Cut::Columns, _) => ("columns", "with the columns"),
    };
    let head = comments.join("\n");
    let lines = |slice: &str, extra: Option<String>| {
        let mut text = String::new();
        for c in head.lines().map(str::to_string).chain(extra) {
            text.push_str(&c);
            text.push('\n');
        }
        text.push_str(&format!("X = {base}{slice}{astype}\nn, d = X.shape"));
        text
    };
    let setup = lines(&whole, None);
    let setup_cut = lines(
        &part,
        Some(format!(
            "# the first {{m}} of {full} {axis_words}: the loop's time grows {growth}"
        )),
    );
    let (loop_code, fast_code, loop_result, fast_result) = match p {
        Primitive::ColumnMeans => (
            "col_means_loop = [X[:, j].mean() for j in range(d)]",
            "col_means_vec = X.mean(axis=0)",
            "col_means_loop",
            "col_means_vec",
        ),
        Primitive::Matmul => (
            "G_loop = np.zeros((n, n))\n\
             for i in range(n):\n    \
                 for j in range(n):\n        \
                     s = 0.0\n        \
                     for k in range(d):\n            \
                         s += X[i, k] * X[j, k]\n        \
                     G_loop[i, j] = s",
            "G_vec = X @ X.T",
            "G_loop",
            "G_vec",
        ),
        Primitive::Distances => (
            "D_loop = np.zeros((n, n))\n\
             for i in range(n):\n    \
                 for j in range(n):\n        \
                     D_loop[i, j] = np.sqrt(np.sum((X[i] - X[j]) ** 2))",
            "D_vec = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=-1))",
            "D_loop",
            "D_vec",
        ),
        Primitive::Standardize => (
            "Z_loop = np.zeros((n, d))\n\
             for j in range(d):\n    \
                 mu = sum(X[i, j] for i in range(n)) / n\n    \
                 sd = (sum((X[i, j] - mu) ** 2 for i in range(n)) / n) ** 0.5\n    \
                 for i in range(n):\n        \
                     Z_loop[i, j] = (X[i, j] - mu) / sd",
            "Z_vec = (X - X.mean(axis=0)) / X.std(axis=0)",
            "Z_loop",
            "Z_vec",
        ),
    };
    // float32 stays float32 on both sides (the loop's Python float sums of float32
    // scalars are float32 under NumPy 2's promotion), rounded in different orders.
    let tol = match (dtype, to_float) {
        (DType::Float32, false) => 1e-3,
        (DType::Float16, false) => 1e-2,
        _ => 1e-9,
    };
    let loop_budget_s = loop_budget(timeout);
    Ok(Plan {
        primitive: p,
        setup,
        setup_cut,
        cut,
        full,
        cap: cap.min(full).max(1),
        start: 4,
        power,
        loop_code: loop_code.to_string(),
        fast_code: fast_code.to_string(),
        loop_result: loop_result.to_string(),
        fast_result: fast_result.to_string(),
        rtol: tol,
        atol: tol,
        loop_budget_s,
        fast_budget_s: loop_budget_s / 2.0,
        max_loop_runs: 25,
        min_fast_runs: 5,
        max_fast_runs: 200,
    })
}

/// The Python source the worker runs for `plan`: the harness and one call to it, with
/// the plan as a JSON string literal (JSON's string escapes are Python's too).
///
/// # Errors
/// The plan does not serialise (it always does).
pub fn harness_code(plan: &Plan) -> Result<String, String> {
    let spec = serde_json::to_string(plan).map_err(|e| e.to_string())?;
    let literal = serde_json::to_string(&spec).map_err(|e| e.to_string())?;
    let mark = serde_json::to_string(MARK).map_err(|e| e.to_string())?;
    Ok(format!(
        "{HARNESS}\n_ndplay_twins_mark = {mark}\n_ndplay_twins_main({literal})\n"
    ))
}

/// The harness's report from the run's printed output (its last report line; anything
/// else printed, such as a NumPy warning, is ignored).
///
/// # Errors
/// No report line, or one that does not parse.
pub fn parse_report(stdout: &str) -> Result<Measured, String> {
    let line = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix(MARK))
        .ok_or_else(|| format!("the harness printed no report: {stdout:?}"))?;
    serde_json::from_str(line).map_err(|e| format!("the harness's report does not parse: {e}"))
}

/// Why `loop_ms` and `fast_ms` (best times) cannot show that the vectorised call is
/// faster, if they cannot: both under [`TOO_SMALL_MS`], or the fast one within a hundred
/// ticks of the clock.
pub fn too_small(loop_ms: f64, fast_ms: f64, resolution_s: f64, shape: &[usize]) -> Option<String> {
    let ticks = fast_ms / 1e3 / resolution_s.max(1e-12);
    if loop_ms < TOO_SMALL_MS && fast_ms < TOO_SMALL_MS {
        return Some(format!(
            "Too small to show the claim: on X of shape {} the loop takes {loop_ms:.3} ms \
             and the fast call {fast_ms:.3} ms. Under about {TOO_SMALL_MS} ms both are \
             mostly the interpreter's fixed cost per call, not the work, so their ratio \
             says nothing. Make a bigger tensor, e.g. the lesson's (10000, 512) for column \
             means.",
            fmt_shape(shape)
        ));
    }
    if ticks < 100.0 {
        return Some(format!(
            "Too small to show the claim: the fast call took {fast_ms:.6} ms, within 100 \
             ticks of the clock ({:.0} ns each), so the ratio is mostly the clock's \
             rounding. Make a bigger tensor, e.g. the lesson's (10000, 512).",
            resolution_s * 1e9
        ));
    }
    None
}

/// Why only part of `arr` ran, in words, when it did.
fn cut_note(plan: &Plan, m: &Measured, timeout: Duration) -> Option<String> {
    let mut notes = Vec::new();
    if m.used < plan.full {
        let axis = match plan.cut {
            Cut::Rows => "rows",
            Cut::Columns => "columns",
        };
        let why = if m.used >= plan.cap && plan.primitive == Primitive::Distances {
            format!(
                "the fast call builds an (n, n, d) block by broadcasting, kept under \
                 {MAX_BLOCK_ELEMENTS} elements"
            )
        } else if m.used >= plan.cap {
            format!("the result has n² entries, kept to n <= {MAX_QUADRATIC_ROWS}")
        } else {
            format!(
                "as many as let one loop run take about {:.2} s (the console stops any run \
                 at {:.1} s)",
                plan.loop_budget_s,
                timeout.as_secs_f64()
            )
        };
        notes.push(format!(
            "the first {} of {} {axis}: {why}",
            m.used, plan.full
        ));
    }
    if plan.setup.contains(&format!(":{MAX_LOOP_COLUMNS}]")) {
        notes.push(format!(
            "the first {MAX_LOOP_COLUMNS} columns: the loop reads every element"
        ));
    }
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The answer for `plan` from what the harness measured.
pub fn answer(plan: &Plan, m: Measured, timeout: Duration, note: Option<String>) -> TwinRun {
    let loop_timing = Timing::of(&m.loop_s);
    let fast = Timing::of(&m.fast_s);
    let speedup = (fast.best_ms > 0.0).then(|| loop_timing.best_ms / fast.best_ms);
    TwinRun {
        primitive: plan.primitive,
        timed_in: TIMED_IN,
        cut: cut_note(plan, &m, timeout),
        too_small: too_small(
            loop_timing.best_ms,
            fast.best_ms,
            m.clock_resolution_s,
            &m.input_shape,
        ),
        setup: m.setup,
        loop_code: plan.loop_code.clone(),
        fast_code: plan.fast_code.clone(),
        input_shape: m.input_shape,
        loop_timing,
        fast,
        speedup,
        result_shape: m.result_shape,
        agree: m.agree,
        max_abs_diff: m.max_abs_diff,
        nonfinite_mismatches: m.nonfinite_mismatches,
        rtol: plan.rtol,
        atol: plan.atol,
        result_repr: m.result_repr,
        note,
    }
}

/// A run that ended in Python with `e` (the console's time limit, memory), as the
/// request's error. The worker lives on, and so do the console's variables.
pub fn refusal(e: RunError, timeout: Duration) -> AppError {
    match (e.kind.as_str(), e.py_type.as_str()) {
        ("timeout", "TimeLimitExceeded") => AppError::Refused {
            py_type: "TimeLimitExceeded",
            message: format!(
                "Loop vs fast ran past the console's time limit of {:.1} s: {}",
                timeout.as_secs_f64(),
                e.message
            ),
            hint: "The loop runs on as many rows as fit a fraction of the limit, measured \
                   on a few rows first; a machine busy with other work can push it past. \
                   Run it again, pick a smaller tensor, or start the server with a larger \
                   --timeout."
                .into(),
        },
        (_, "MemoryError") => AppError::too_large(
            format!(
                "Loop vs fast ran out of the console's memory: {}",
                e.message
            ),
            "Each tab's console may use --console-memory-mb of memory; pick a smaller \
             tensor or start the server with a larger --console-memory-mb.",
        ),
        _ => AppError::Internal(format!("the Loop-vs-fast harness failed: {}", e.traceback)),
    }
}

/// Times primitive `p` on the tab's current tensor in the tab's console worker.
///
/// # Errors
/// 503 when the console is off or cannot start, 422 for data the panel cannot loop over
/// or a run past the time limit, 413 when the worker runs out of memory.
pub async fn run(
    session: Arc<Mutex<Session>>,
    settings: &ConsoleSettings,
    count: &Arc<WorkerCount>,
    p: Primitive,
) -> Result<TwinRun, AppError> {
    if !settings.enabled {
        return Err(AppError::unavailable(
            "Loop vs fast times Python in the tab's console, and the console is off on this \
             server",
            "It is on by default on loopback; a server listening beyond loopback runs it \
             only with --remote-console, and --no-console turns it off.",
        ));
    }
    let (console, current) = {
        let s = lock(&session);
        (s.console.clone(), s.current.array.clone())
    };
    let plan = plan(current.shape(), current.dtype(), p, settings.timeout)?;
    let timed = {
        let (settings, count, plan) = (settings.clone(), Arc::clone(count), plan.clone());
        tokio::task::spawn_blocking(move || {
            console.time_twins_blocking(&settings, &count, &plan, &current)
        })
        .await
        .map_err(|e| AppError::Internal(format!("the twins' blocking task failed: {e}")))??
    };
    let (measured, note) = timed.map_err(|e| refusal(e, settings.timeout))?;
    Ok(answer(&plan, measured, settings.timeout, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(5);

    #[test]
    fn the_lessons_column_means_run_on_every_row() {
        let p = plan(&[10_000, 512], DType::Float64, Primitive::ColumnMeans, T).unwrap();
        assert_eq!(p.setup, "X = arr\nn, d = X.shape");
        assert_eq!(p.cut, Cut::Columns);
        assert_eq!((p.full, p.cap, p.power), (512, 512, 1));
        assert_eq!(
            p.setup_cut,
            "# the first {m} of 512 columns: the loop's time grows with the columns\n\
             X = arr[:, :{m}]\nn, d = X.shape"
        );
        assert_eq!(p.rtol, 1e-9);
    }

    #[test]
    fn element_loops_cut_rows_and_read_integers_as_floats() {
        let p = plan(&[32, 28, 28, 3], DType::Int64, Primitive::Matmul, T).unwrap();
        assert_eq!(
            p.setup,
            "# int64 as float64: the loop's sums and the fast call then round alike\n\
             X = arr.reshape(32, -1).astype(np.float64)\nn, d = X.shape"
        );
        assert!(
            p.setup_cut
                .contains("X = arr.reshape(32, -1)[:{m}].astype(np.float64)")
        );
        assert!(p.setup_cut.contains("grows with rows²"));
        assert_eq!((p.cut, p.full, p.power), (Cut::Rows, 32, 2));
        assert!(p.loop_code.contains("s += X[i, k] * X[j, k]"));
        // Wide rows: the distance block bounds the rows, the element loops the columns.
        let p = plan(&[100, 1 << 20], DType::Float32, Primitive::Distances, T).unwrap();
        assert_eq!(p.cap, 2);
        assert_eq!(p.rtol, 1e-3);
        let p = plan(&[100, 5000], DType::Float64, Primitive::Standardize, T).unwrap();
        assert!(p.setup.contains("X = arr[:, :4096]\n"), "{}", p.setup);
        assert!(
            p.setup_cut.contains("X = arr[:{m}, :4096]\n"),
            "{}",
            p.setup_cut
        );
    }

    #[test]
    fn scalars_vectors_and_refusals() {
        let p = plan(&[], DType::Float64, Primitive::Standardize, T).unwrap();
        assert_eq!(p.setup, "X = arr.reshape(1, 1)\nn, d = X.shape");
        let p = plan(&[7], DType::Float64, Primitive::ColumnMeans, T).unwrap();
        assert!(p.setup.starts_with("X = arr.reshape(-1, 1)\n"));
        let e = plan(&[2], DType::Str(3), Primitive::ColumnMeans, T).unwrap_err();
        assert_eq!(e.status(), 422);
        assert!(
            e.body().message.contains("dtype <U3"),
            "{}",
            e.body().message
        );
        let e = plan(&[5, 0], DType::Float64, Primitive::Matmul, T).unwrap_err();
        assert_eq!(e.status(), 422);
        assert!(e.body().message.contains("(5, 0)"), "{}", e.body().message);
        let e = plan(&[2, 2], DType::Complex128, Primitive::Matmul, T).unwrap_err();
        assert!(e.body().message.contains("complex128"));
    }

    #[test]
    fn harness_code_carries_the_plan_as_a_python_string() {
        let p = plan(&[4, 3], DType::Float64, Primitive::Distances, T).unwrap();
        let code = harness_code(&p).unwrap();
        assert!(code.starts_with(HARNESS));
        let last = code.lines().last().unwrap();
        let literal = last
            .strip_prefix("_ndplay_twins_main(")
            .and_then(|s| s.strip_suffix(')'))
            .unwrap();
        let spec: String = serde_json::from_str(literal).unwrap();
        let back: Plan = serde_json::from_str(&spec).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn reports_are_read_from_the_last_report_line() {
        let m = Measured {
            setup: "X = arr\nn, d = X.shape".into(),
            used: 3,
            input_shape: vec![4, 3],
            loop_s: vec![0.003, 0.001, 0.002],
            fast_s: vec![1e-4, 2e-4],
            result_shape: vec![3],
            result_repr: "array([1., 2., 3.])".into(),
            clock_resolution_s: 1e-9,
            agree: true,
            max_abs_diff: Some(0.0),
            nonfinite_mismatches: 0,
            shape_mismatch: None,
        };
        let out = format!(
            "RuntimeWarning: divide by zero\n{MARK}{}\n",
            serde_json::to_string(&m).unwrap()
        );
        assert_eq!(parse_report(&out).unwrap(), m);
        assert!(parse_report("nothing").unwrap_err().contains("no report"));
        let p = plan(&[4, 3], DType::Float64, Primitive::ColumnMeans, T).unwrap();
        let r = answer(&p, m, T, None);
        assert_eq!(r.loop_timing.best_ms, 1.0);
        assert_eq!(r.loop_timing.median_ms, 2.0);
        assert!((r.fast.median_ms - 0.15).abs() < 1e-12);
        assert!((r.speedup.unwrap() - 10.0).abs() < 1e-9);
        assert!(r.too_small.is_none(), "the loop took 1 ms");
        assert!(r.cut.is_none());
    }

    #[test]
    fn tiny_times_are_called_too_small_not_a_ratio() {
        let msg = too_small(0.02, 0.004, 1e-9, &[2, 3]).unwrap();
        assert!(
            msg.contains("Too small") && msg.contains("(2, 3)") && msg.contains("(10000, 512)")
        );
        assert!(too_small(0.5, 2e-5, 1e-9, &[2, 3]).is_some());
        assert!(
            too_small(250.0, 2e-4, 1e-6, &[9, 9])
                .unwrap()
                .contains("ticks")
        );
        assert!(too_small(250.0, 3.0, 1e-9, &[10_000, 512]).is_none());
        assert!(too_small(0.9, 1.1, 1e-9, &[10_000, 512]).is_none());
    }

    #[test]
    fn python_errors_become_refusals_that_name_the_limit() {
        let error = |kind: &str, py_type: &str| RunError {
            kind: kind.into(),
            py_type: py_type.into(),
            message: "stopped".into(),
            hint: None,
            traceback: format!("Traceback ...\n{py_type}: stopped"),
            line: Some(3),
        };
        let e = refusal(error("timeout", "TimeLimitExceeded"), T);
        assert_eq!(e.status(), 422);
        assert!(e.body().message.contains("time limit of 5.0 s"), "{e}");
        assert!(e.body().hint.contains("--timeout"));
        let e = refusal(error("runtime", "MemoryError"), T);
        assert_eq!(e.status(), 413);
        assert!(e.body().hint.contains("--console-memory-mb"));
        assert_eq!(refusal(error("runtime", "NameError"), T).status(), 500);
    }

    #[test]
    fn budgets_follow_the_console_limit() {
        assert_eq!(loop_budget(Duration::from_secs(5)), 0.6);
        assert_eq!(loop_budget(Duration::from_secs(60)), 0.6);
        assert_eq!(loop_budget(Duration::from_secs(2)), 0.25);
        assert_eq!(Timing::of(&[]).runs, 0);
    }
}
