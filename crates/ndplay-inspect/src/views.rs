//! Views of the data for `ndplay inspect --axis-stats AXIS` and `--slice SPEC`: per-axis
//! statistics, a 2-D cross-section and, for a `(B, H, W, C)` batch shown as `b,:,:,c`,
//! the per-channel histograms of item `b`. Each tensor gets its own views; a request
//! that does not fit a tensor (an axis past its rank, a slice of the wrong length) is
//! reported for that tensor and the others still get theirs.
//!
//! ```
//! use ndplay_inspect::views::{tensor_views, ViewRequest};
//! use ndplay_inspect::slice::SliceSpec;
//! use ndplay_io::{ElemType, RawTensor};
//!
//! let t = RawTensor::from_vec(ElemType::F64, vec![2, 3],
//!     [1.0f64, 2.0, 3.0, 4.0, 5.0, 6.0].iter().flat_map(|x| x.to_le_bytes()).collect())?;
//! let req = ViewRequest { axis: Some(0), slice: Some(SliceSpec::parse(":,:")?) };
//! let v = tensor_views("x.npy", &t, &req);
//! assert_eq!(v.axis_stats.unwrap().unwrap().mean, [2.5, 3.5, 4.5]);
//! assert_eq!(v.slice.unwrap().unwrap().values, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;

use ndplay_core::shape::fmt_shape;
use ndplay_io::RawTensor;
use serde::Serialize;

use crate::axis::{AxisStats, compute_axis_stats, values_f64};
use crate::convert::to_array;
use crate::error::{InspectError, tensor_label};
use crate::render::{Style, fmt_num, sparkline};
use crate::slice::{ChannelHistogram, SliceSpec, channel_histograms, extract_slice};

/// Bins of the per-channel histograms shown with a slice (NumPy's default).
pub const CHANNEL_BINS: usize = 10;
/// Largest slice whose values are returned (the printed form is always summarised).
pub const MAX_SLICE_VALUES: usize = 1 << 22;
/// Rows of per-axis statistics printed before eliding the rest.
pub const MAX_ROWS: usize = 20;

/// How a view's error starts when it failed for want of memory.
const MEMORY_ERROR: &str = "MemoryError: ";

/// The word before a view's error: a request that could not be answered failed; one that
/// does not apply to this tensor was skipped.
fn error_label(e: &str) -> &'static str {
    if e.starts_with(MEMORY_ERROR) {
        "failed"
    } else {
        "skipped"
    }
}

/// Which views to compute.
#[derive(Clone, Debug, Default)]
pub struct ViewRequest {
    /// `--axis-stats AXIS`.
    pub axis: Option<isize>,
    /// `--slice SPEC`.
    pub slice: Option<SliceSpec>,
}

impl ViewRequest {
    /// Whether any view is asked for.
    pub fn is_empty(&self) -> bool {
        self.axis.is_none() && self.slice.is_none()
    }
}

/// A 2-D cross-section, with its printed form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SliceView {
    /// The specification as given.
    pub spec: String,
    /// `(rows, columns)`.
    pub shape: Vec<usize>,
    /// Values in row-major order (complex: `|z|`, bool: 0/1); empty when the slice has
    /// more than [`MAX_SLICE_VALUES`] elements.
    pub values: Vec<f64>,
    /// Whether `values` was left empty because the slice is too large.
    pub values_omitted: bool,
    /// NumPy's `str()` of the slice.
    pub text: String,
    /// For a `b,:,:,c` slice of a 4-D tensor: the histograms of every channel of item `b`.
    pub channel_histograms: Vec<ChannelHistogram>,
}

/// The views of one tensor; `Err` holds why a view does not apply to it.
#[derive(Clone, Debug, Serialize)]
pub struct TensorViews {
    /// The file.
    pub path: String,
    /// The tensor's name.
    pub tensor: Option<String>,
    /// `--axis-stats`, when asked.
    pub axis_stats: Option<Result<AxisStats, String>>,
    /// `--slice`, when asked.
    pub slice: Option<Result<SliceView, String>>,
    /// Whether a view failed for want of memory (NumPy's `MemoryError`; its message starts
    /// so): the request could not be answered, unlike a view that does not apply.
    #[serde(skip)]
    pub memory_error: bool,
}

/// Computes the requested views of one tensor.
pub fn tensor_views(path: &str, t: &RawTensor, req: &ViewRequest) -> TensorViews {
    let array = to_array(t);
    let memory_error = std::cell::Cell::new(false);
    let text = |e: &InspectError| match e {
        InspectError::OutOfMemory { .. } => {
            memory_error.set(true);
            format!("{MEMORY_ERROR}{e}")
        }
        e => e.to_string(),
    };
    let axis_stats = req.axis.map(|axis| {
        let a = array.as_ref().map_err(text)?;
        compute_axis_stats(a, axis).map_err(|e| text(&e))
    });
    let slice = req.slice.as_ref().map(|spec| {
        let a = array.as_ref().map_err(text)?;
        slice_view(a, spec).map_err(|e| text(&e))
    });
    TensorViews {
        path: path.to_string(),
        tensor: t.name.clone(),
        axis_stats,
        slice,
        memory_error: memory_error.get(),
    }
}

fn slice_view(a: &ndplay_core::Array, spec: &SliceSpec) -> Result<SliceView, InspectError> {
    let (axes, fixed) = spec.resolve(a.shape())?;
    let s = extract_slice(a, axes, &fixed)?;
    let channel_histograms = if a.ndim() == 4 && axes == (1, 2) {
        channel_histograms(a, fixed[0], CHANNEL_BINS)?
    } else {
        Vec::new()
    };
    Ok(SliceView {
        spec: spec.text.clone(),
        shape: s.shape().to_vec(),
        values: if s.size() <= MAX_SLICE_VALUES {
            values_f64(&s)?
        } else {
            Vec::new()
        },
        values_omitted: s.size() > MAX_SLICE_VALUES,
        text: s.to_str(),
        channel_histograms,
    })
}

/// The views as text for the terminal.
pub fn render_views(views: &[TensorViews], style: Style) -> String {
    let mut out = String::new();
    for v in views {
        let label = tensor_label(v.tensor.as_deref());
        if let Some(r) = &v.axis_stats {
            let _ = writeln!(
                out,
                "{}",
                style.bold(&format!("{} {label}: axis statistics", v.path))
            );
            match r {
                Ok(s) => render_axis_stats(&mut out, s),
                Err(e) => {
                    let _ = writeln!(out, "  {}: {e}", error_label(e));
                }
            }
            out.push('\n');
        }
        if let Some(r) = &v.slice {
            let _ = writeln!(out, "{}", style.bold(&format!("{} {label}: slice", v.path)));
            match r {
                Ok(s) => render_slice(&mut out, s),
                Err(e) => {
                    let _ = writeln!(out, "  {}: {e}", error_label(e));
                }
            }
            out.push('\n');
        }
    }
    out
}

fn render_axis_stats(out: &mut String, s: &AxisStats) {
    let _ = writeln!(
        out,
        "  reduced over axis {} -> shape {} (finite values; NaN when a lane has none)",
        s.axis,
        fmt_shape(&s.shape)
    );
    let _ = writeln!(
        out,
        "  {:<16} {:>12} {:>12} {:>12} {:>12} {:>8}",
        "index", "mean", "std", "min", "max", "nan"
    );
    let n = s.mean.len();
    for k in 0..n.min(MAX_ROWS) {
        let idx = unravel(k, &s.shape);
        let _ = writeln!(
            out,
            "  {:<16} {:>12} {:>12} {:>12} {:>12} {:>8}",
            fmt_shape(&idx).replace(",)", ")"),
            fmt_num(s.mean[k]),
            fmt_num(s.std[k]),
            fmt_num(s.min[k]),
            fmt_num(s.max[k]),
            s.nan_count[k]
        );
    }
    if n > MAX_ROWS {
        let _ = writeln!(out, "  ... {} more rows", n - MAX_ROWS);
    }
}

fn unravel(mut k: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for a in (0..shape.len()).rev() {
        let d = shape[a].max(1);
        idx[a] = k % d;
        k /= d;
    }
    idx
}

fn render_slice(out: &mut String, s: &SliceView) {
    let _ = writeln!(out, "  [{}] -> shape {}", s.spec, fmt_shape(&s.shape));
    for line in s.text.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if !s.channel_histograms.is_empty() {
        let _ = writeln!(
            out,
            "  per-channel histograms of this batch item ({CHANNEL_BINS} bins, finite values):"
        );
        for h in &s.channel_histograms {
            let lo = h.edges.first().copied().unwrap_or(0.0);
            let hi = h.edges.last().copied().unwrap_or(0.0);
            let _ = writeln!(
                out,
                "    channel {:<3} [{}, {}]  {}",
                h.channel,
                fmt_num(lo),
                fmt_num(hi),
                sparkline(&h.counts)
            );
        }
    }
}
