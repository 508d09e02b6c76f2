//! [`Report`]: the six production-readiness signals of every tensor, judged from the
//! summaries, in the JSON shape other tools rely on.
//!
//! The contract (`ndplay inspect --json`; extra fields may be added, never removed):
//!
//! ```text
//! {"files": [{"path", "format", "tensors": [{"name", "shape", "dtype", "itemsize",
//!   "strides", "c_contiguous", "f_contiguous", "nbytes", "size", "nan_count",
//!   "posinf_count", "neginf_count", "finite_min", "finite_max", "mean", "std",
//!   "signals": [{"name", "status", "detail"}]}]}]}
//! ```
//!
//! Signals, in this order, each `ok`, `warn` or `fail`:
//!
//! | name | fails when | warns when |
//! |---|---|---|
//! | `shape` | axis 0 differs from `--batch N` (or a 0-D tensor has none) | the tensor is empty |
//! | `dtype` | the data is text (`<U n`) | integers beyond ±2^24 (rounded by a cast to float32) or beyond int32 (wrapped by a cast to int32); complex data; a file mixing float dtypes (combining them silently upcasts) |
//! | `nan_inf` | any NaN, +Inf or −Inf | — |
//! | `value_range` | — | finite magnitudes above 1e4 (unnormalised), a constant tensor, no finite values |
//! | `memory` | `nbytes` over the `--max-mb` budget (MB = 10^6 bytes; default 4000) | — |
//! | `contiguity` | — | not C-contiguous (Fortran order: C-order reshapes copy) |
//!
//! Statistics (`finite_min`, `finite_max`, `mean`, `std`) are over finite values and
//! `null` when there are none; `std` is the population standard deviation (`ddof=0`).
//!
//! ```
//! use ndplay_inspect::{report::{Options, Report, Status}, summary::{summarize_tensor, FileSummary}};
//! use ndplay_io::{ElemType, RawTensor};
//!
//! let bytes = [1.0f64, f64::NAN, 3.0].iter().flat_map(|x| x.to_le_bytes()).collect();
//! let t = RawTensor::from_vec(ElemType::F64, vec![3], bytes)?;
//! let file = FileSummary { path: "x.npy".into(), format: "npy".into(),
//!                          tensors: vec![summarize_tensor(&t, &|_| {})], shards: vec![] };
//! let report = Report::build(&[file], &Options { batch: Some(3), ..Options::default() });
//! let tensor = &report.files[0].tensors[0];
//! assert_eq!(tensor.nan_count, 1);
//! assert_eq!(tensor.mean, Some(2.0));
//! assert_eq!(tensor.signal("nan_inf").unwrap().status, Status::Fail);
//! assert_eq!(tensor.signal("shape").unwrap().status, Status::Ok);
//! assert!(report.any_fail());
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::collections::BTreeSet;

use ndplay_core::shape::fmt_shape;
use serde::{Deserialize, Serialize};

use crate::render::{fmt_mb, fmt_num, fmt_strides};
use crate::stats::{HIST_BINS, Value, bin_bounds};
use crate::summary::{FileSummary, TensorSummary};

/// The six signals' names, in report order.
pub const SIGNAL_NAMES: [&str; 6] = [
    "shape",
    "dtype",
    "nan_inf",
    "value_range",
    "memory",
    "contiguity",
];

/// Default memory budget in MB: the seed lesson's "fits in 4GB RAM?".
pub const DEFAULT_MAX_MB: f64 = 4000.0;
/// Finite magnitudes above this are flagged as unnormalised.
pub const RANGE_WARN_ABS: f64 = 1e4;
/// Integers beyond this magnitude are not all exact in float32.
const F32_EXACT_INT: f64 = 16_777_216.0;

/// What the signals are judged against.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Expected length of axis 0 (`--batch N`).
    pub batch: Option<usize>,
    /// Memory budget per tensor in MB of 10^6 bytes (`--max-mb`).
    pub max_mb: f64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            batch: None,
            max_mb: DEFAULT_MAX_MB,
        }
    }
}

/// A signal's verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Fine.
    Ok,
    /// Worth a look; does not fail the run.
    Warn,
    /// Not ready for a model; the run exits 1.
    Fail,
}

impl Status {
    /// `"ok"`, `"warn"` or `"fail"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One signal's verdict and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signal {
    /// `shape`, `dtype`, `nan_inf`, `value_range`, `memory` or `contiguity`.
    pub name: String,
    /// The verdict.
    pub status: Status,
    /// What was found and, when not ok, what to do.
    pub detail: String,
}

/// One non-empty bin of the magnitude histogram (see [`crate::stats`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistogramBin {
    /// Bin index, `0..133`.
    pub bin: usize,
    /// Lower value bound (`null` for −∞).
    pub lo: Option<f64>,
    /// Upper value bound (`null` for +∞).
    pub hi: Option<f64>,
    /// Finite values in the bin.
    pub count: u64,
}

/// Everything reported about one tensor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TensorReport {
    /// Member or tensor name; `null` for single-array files.
    pub name: Option<String>,
    /// Shape.
    pub shape: Vec<usize>,
    /// NumPy's dtype name.
    pub dtype: String,
    /// NumPy's typestr as stored (byte order included).
    pub typestr: String,
    /// Bytes per element.
    pub itemsize: usize,
    /// Byte strides as NumPy reports them.
    pub strides: Vec<isize>,
    /// `C_CONTIGUOUS`.
    pub c_contiguous: bool,
    /// `F_CONTIGUOUS`.
    pub f_contiguous: bool,
    /// Bytes of data.
    pub nbytes: u64,
    /// Number of elements.
    pub size: u64,
    /// NaN elements.
    pub nan_count: u64,
    /// +Inf elements.
    pub posinf_count: u64,
    /// −Inf elements.
    pub neginf_count: u64,
    /// Finite elements.
    pub finite_count: u64,
    /// Elements equal to zero.
    pub zero_count: u64,
    /// Smallest finite value.
    pub finite_min: Option<Value>,
    /// Largest finite value.
    pub finite_max: Option<Value>,
    /// Mean of the finite values.
    pub mean: Option<f64>,
    /// Population standard deviation of the finite values.
    pub std: Option<f64>,
    /// Non-empty bins of the log2-magnitude histogram, by value.
    pub histogram: Vec<HistogramBin>,
    /// Shards merged into this tensor (1 for a plain file).
    pub shards: u64,
    /// The worst signal status.
    pub status: Status,
    /// The six signals.
    pub signals: Vec<Signal>,
}

impl TensorReport {
    /// The signal with this name.
    pub fn signal(&self, name: &str) -> Option<&Signal> {
        self.signals.iter().find(|s| s.name == name)
    }
}

/// Everything reported about one file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The path as given.
    pub path: String,
    /// `npy`, `npz`, `safetensors`, `csv`.
    pub format: String,
    /// For a merge, the shards' paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<String>,
    /// Its tensors.
    pub tensors: Vec<TensorReport>,
}

/// An input that could not be read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputError {
    /// The path as given.
    pub path: String,
    /// Why.
    pub error: String,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    /// The files, in input order.
    pub files: Vec<FileReport>,
    /// Inputs that could not be read (the run exits 2).
    #[serde(default)]
    pub errors: Vec<InputError>,
}

impl Report {
    /// Judges every tensor of `files`.
    pub fn build(files: &[FileSummary], options: &Options) -> Report {
        Report {
            files: files
                .iter()
                .map(|f| {
                    let floats: BTreeSet<&str> = f
                        .tensors
                        .iter()
                        .map(|t| t.dtype.as_str())
                        .filter(|d| FLOAT_NAMES.contains(d))
                        .collect();
                    FileReport {
                        path: f.path.clone(),
                        format: f.format.clone(),
                        shards: f.shards.clone(),
                        tensors: f
                            .tensors
                            .iter()
                            .map(|t| tensor_report(t, options, &floats))
                            .collect(),
                    }
                })
                .collect(),
            errors: Vec::new(),
        }
    }

    /// Whether any signal of any tensor fails.
    pub fn any_fail(&self) -> bool {
        self.tensors().any(|t| t.status == Status::Fail)
    }

    /// Every tensor report, file by file.
    pub fn tensors(&self) -> impl Iterator<Item = &TensorReport> {
        self.files.iter().flat_map(|f| f.tensors.iter())
    }

    /// The process exit status the report calls for: 2 when an input could not be read,
    /// else 1 when a signal fails, else 0.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if self.any_fail() {
            1
        } else {
            0
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain data with finite floats: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

const FLOAT_NAMES: [&str; 4] = ["float16", "bfloat16", "float32", "float64"];

fn tensor_report(t: &TensorSummary, o: &Options, floats: &BTreeSet<&str>) -> TensorReport {
    let s = &t.stats;
    let signals = vec![
        shape_signal(t, o),
        dtype_signal(t, floats),
        nan_inf_signal(t),
        value_range_signal(t),
        memory_signal(t, o),
        contiguity_signal(t),
    ];
    TensorReport {
        name: t.name.clone(),
        shape: t.shape.clone(),
        dtype: t.dtype.clone(),
        typestr: t.typestr.clone(),
        itemsize: t.itemsize,
        strides: t.strides.clone(),
        c_contiguous: t.c_contiguous,
        f_contiguous: t.f_contiguous,
        nbytes: t.nbytes(),
        size: t.size(),
        nan_count: s.nan,
        posinf_count: s.posinf,
        neginf_count: s.neginf,
        finite_count: s.finite,
        zero_count: s.zeros,
        finite_min: s.min,
        finite_max: s.max,
        mean: s.mean(),
        std: s.std(),
        histogram: (0..HIST_BINS.min(s.histogram.len()))
            .filter(|&b| s.histogram[b] > 0)
            .map(|b| {
                let (lo, hi) = bin_bounds(b);
                HistogramBin {
                    bin: b,
                    lo: lo.is_finite().then_some(lo),
                    hi: hi.is_finite().then_some(hi),
                    count: s.histogram[b],
                }
            })
            .collect(),
        shards: t.shards,
        status: signals.iter().map(|s| s.status).max().unwrap_or(Status::Ok),
        signals,
    }
}

fn signal(name: &str, status: Status, detail: String) -> Signal {
    Signal {
        name: name.to_string(),
        status,
        detail,
    }
}

fn is_text(t: &TensorSummary) -> bool {
    t.dtype.starts_with("<U")
}

fn shape_signal(t: &TensorSummary, o: &Options) -> Signal {
    let shape = fmt_shape(&t.shape);
    let rank = t.shape.len();
    if let Some(n) = o.batch {
        match t.shape.first() {
            None => {
                return signal(
                    "shape",
                    Status::Fail,
                    format!(
                        "0-D scalar has no batch axis, but --batch {n} expects axis 0 of \
                         length {n}; stack samples into a batch (np.stack) first"
                    ),
                );
            }
            Some(&b) if b != n => {
                let hint = match t.shape.iter().position(|&d| d == n) {
                    Some(k) => format!(
                        "axis {k} has length {n}: move it first with np.moveaxis(arr, {k}, 0)"
                    ),
                    None => "check that the file holds the batch you meant".to_string(),
                };
                return signal(
                    "shape",
                    Status::Fail,
                    format!("axis 0 is {b} but --batch expects {n} (shape {shape}); {hint}"),
                );
            }
            Some(_) => {}
        }
    }
    if let Some(k) = t.shape.iter().position(|&d| d == 0) {
        return signal(
            "shape",
            Status::Warn,
            format!(
                "empty: axis {k} has length 0 (shape {shape}), so there is nothing to train on"
            ),
        );
    }
    let batch = match o.batch {
        Some(n) => format!("; axis 0 = {n} matches --batch"),
        None => String::new(),
    };
    signal(
        "shape",
        Status::Ok,
        format!("rank {rank}, shape {shape}{batch}"),
    )
}

fn dtype_signal(t: &TensorSummary, floats: &BTreeSet<&str>) -> Signal {
    let d = t.dtype.as_str();
    let s = &t.stats;
    let mut notes: Vec<String> = Vec::new();
    let mut status = Status::Ok;
    if is_text(t) {
        return signal(
            "dtype",
            Status::Fail,
            format!(
                "{d} is text, not numbers; encode it (e.g. categories to integer ids) \
                 before it reaches a model"
            ),
        );
    }
    let is_int = d.starts_with("int") || d.starts_with("uint");
    if is_int {
        let lo = s.min.map_or(0.0, Value::as_f64);
        let hi = s.max.map_or(0.0, Value::as_f64);
        let mag = lo.abs().max(hi.abs());
        if mag > F32_EXACT_INT {
            status = Status::Warn;
            notes.push(format!(
                "{d} values reach {}, beyond 2^24 = 16777216: a cast to float32 (what most \
                 models train in) silently rounds them",
                fmt_num(if hi.abs() >= lo.abs() { hi } else { lo })
            ));
        }
        if lo < f64::from(i32::MIN) || hi > f64::from(i32::MAX) {
            status = Status::Warn;
            notes.push(
                "values outside int32 range: astype(np.int32) would silently wrap them".into(),
            );
        }
        if notes.is_empty() {
            notes.push(format!(
                "{d}: integer data (labels or raw counts?), exact in float32 (|x| <= 2^24)"
            ));
        }
    } else if d.starts_with("complex") {
        status = Status::Warn;
        notes.push(format!(
            "{d}: models take real inputs; the statistics here are of the modulus |z|"
        ));
    } else if d == "bfloat16" {
        notes.push("bfloat16 (widened exactly to float32 for the statistics)".into());
    } else if d == "float16" {
        notes.push(
            "float16: about 3 significant digits and a maximum of 65504; accumulate in float32"
                .into(),
        );
    } else {
        notes.push(d.to_string());
    }
    if FLOAT_NAMES.contains(&d) && floats.len() > 1 {
        let all: Vec<&str> = floats.iter().copied().collect();
        let widest = all
            .iter()
            .copied()
            .max_by_key(|n| float_rank(n))
            .unwrap_or(d);
        status = status.max(Status::Warn);
        notes.push(format!(
            "this file mixes {} tensors: combining them (arithmetic, np.concatenate) silently \
             upcasts to {widest}; cast them to one dtype",
            all.join(" and ")
        ));
    }
    signal("dtype", status, notes.join("; "))
}

fn float_rank(name: &str) -> u8 {
    match name {
        "float64" => 3,
        "float32" => 2,
        _ => 1,
    }
}

fn nan_inf_signal(t: &TensorSummary) -> Signal {
    let s = &t.stats;
    if is_text(t) {
        return signal("nan_inf", Status::Ok, "text: no numeric values".into());
    }
    let bad = s.nan.saturating_add(s.posinf).saturating_add(s.neginf);
    if bad == 0 {
        return signal("nan_inf", Status::Ok, "no NaN or Inf".into());
    }
    let pct = 100.0 * bad as f64 / s.count.max(1) as f64;
    signal(
        "nan_inf",
        Status::Fail,
        format!(
            "{} NaN, {} +Inf, {} -Inf in {} values ({}%): they poison every sum a model \
             computes; impute or drop them (np.nan_to_num, or mask rows with np.isfinite)",
            s.nan,
            s.posinf,
            s.neginf,
            s.count,
            fmt_num(pct)
        ),
    )
}

fn value_range_signal(t: &TensorSummary) -> Signal {
    let s = &t.stats;
    if is_text(t) {
        return signal("value_range", Status::Ok, "text: no numeric values".into());
    }
    if s.count == 0 {
        return signal("value_range", Status::Ok, "empty: no values".into());
    }
    let (Some(lo), Some(hi)) = (s.min, s.max) else {
        return signal(
            "value_range",
            Status::Warn,
            "no finite values, so there is no range".into(),
        );
    };
    let range = format!("finite values in [{lo}, {hi}]");
    let mag = lo.as_f64().abs().max(hi.as_f64().abs());
    if mag > RANGE_WARN_ABS {
        return signal(
            "value_range",
            Status::Warn,
            format!(
                "{range}: magnitudes above {} destabilise training; standardise \
                 ((x - mean) / std) or rescale",
                fmt_num(RANGE_WARN_ABS)
            ),
        );
    }
    if s.finite > 1 && lo == hi {
        return signal(
            "value_range",
            Status::Warn,
            format!("constant: every finite value is {lo}, which carries no information"),
        );
    }
    signal("value_range", Status::Ok, range)
}

fn memory_signal(t: &TensorSummary, o: &Options) -> Signal {
    let nbytes = t.nbytes();
    let mb = nbytes as f64 / 1e6;
    let detail = format!(
        "{} ({nbytes} bytes) of the {} MB budget",
        fmt_mb(mb),
        fmt_num(o.max_mb)
    );
    if mb > o.max_mb {
        signal(
            "memory",
            Status::Fail,
            format!(
                "{detail}: over budget; load it in batches (np.load(mmap_mode='r')), \
                 use float32, or raise --max-mb"
            ),
        )
    } else {
        signal("memory", Status::Ok, detail)
    }
}

fn contiguity_signal(t: &TensorSummary) -> Signal {
    let strides = fmt_strides(&t.strides);
    if t.c_contiguous {
        signal(
            "contiguity",
            Status::Ok,
            format!("C-contiguous, strides {strides}"),
        )
    } else if t.f_contiguous {
        signal(
            "contiguity",
            Status::Warn,
            format!(
                "Fortran order (F-contiguous, not C), strides {strides}: every C-order \
                 reshape or ravel copies it; np.ascontiguousarray(arr) once before use"
            ),
        )
    } else {
        signal(
            "contiguity",
            Status::Warn,
            format!("not contiguous, strides {strides}: reshapes copy; np.ascontiguousarray(arr)"),
        )
    }
}
