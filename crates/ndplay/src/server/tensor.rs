//! The current tensor: how the sidebar makes one ([`TensorRequest`] → [`Current`]) and
//! what the main panel shows about it ([`TensorInfo`]: the shape badge with axis
//! meanings, the strides table with a reason per axis, memory, flags and the six
//! production-readiness signals from `ndplay-inspect`).
//!
//! Data sources are seeded, so the same request always gives the same numbers, and the
//! same numbers NumPy gives:
//!
//! | source | NumPy |
//! |---|---|
//! | `normal` | `np.random.default_rng(seed).standard_normal(shape).astype(dtype)` |
//! | `arange` | `np.arange(size, dtype=dtype).reshape(shape)` |
//! | `integers` | `np.random.default_rng(seed).integers(low, high, shape).astype(dtype)` |
//!
//! `nan` and `inf` inject that many NaN and +Inf values at seeded distinct positions
//! (`rng.choice(size, k, replace=False)` with `seed + 1`), to watch the signals fire.
//!
//! ```
//! use ndplay::server::tensor::{Current, Source, TensorRequest, describe};
//!
//! let req = TensorRequest { shape: vec![32, 28, 28, 3], nan: 2, ..TensorRequest::default() };
//! let t = Current::generate(&req, 1 << 22)?;
//! let info = describe(&t)?;
//! assert_eq!(info.axes[3].meaning, "channels");
//! assert_eq!(info.axes[0].stride_bytes, 28 * 28 * 3 * 8);
//! assert_eq!(info.nan_count, 2);
//! assert_eq!(info.signals.iter().find(|s| s.name == "nan_inf").unwrap().status, "fail");
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use ndplay_core::shape::fmt_shape;
use ndplay_core::{Array, Casting, DType, Scalar};
use ndplay_inspect::kernels::stats_of_bytes;
use ndplay_inspect::report::{Options, Report};
use ndplay_inspect::summary::{FileSummary, TensorSummary};
use ndplay_io::ByteOrder;
use ndplay_python::random::{int_array, int_dtype_of};
use ndplay_random::{IntDType, default_rng};
use serde::{Deserialize, Serialize};

use super::error::AppError;

/// Highest rank the sidebar accepts (NumPy allows 64; past 8 nothing is easier to see).
pub const MAX_RANK: usize = 8;

/// The seed lesson's example tensors by rank: shape and what it holds.
pub const EXAMPLES: [(&[usize], &str); 5] = [
    (&[], "a single scalar: one temperature reading"),
    (&[128], "a feature vector: one patient's 128 blood markers"),
    (&[32, 128], "a batch of 32 feature vectors"),
    (&[32, 28, 28], "a batch of 32 grayscale images"),
    (&[32, 28, 28, 3], "a batch of 32 RGB images"),
];

/// Where generated numbers come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// `default_rng(seed).standard_normal(shape)`.
    #[default]
    Normal,
    /// `np.arange(size).reshape(shape)`.
    Arange,
    /// `default_rng(seed).integers(low, high, shape)`.
    Integers,
}

/// What the sidebar asks for (`POST /api/tensor`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TensorRequest {
    /// The shape; `[]` is a 0-D scalar.
    pub shape: Vec<usize>,
    /// A NumPy dtype name (`float64`, `float32`, `int32`, `uint8`, ...).
    pub dtype: String,
    /// The data source.
    pub source: Source,
    /// The generator seed.
    pub seed: u64,
    /// Low end (inclusive) for `integers`.
    pub low: i64,
    /// High end (exclusive) for `integers`.
    pub high: i64,
    /// NaN values to inject.
    pub nan: usize,
    /// +Inf values to inject.
    pub inf: usize,
}

impl Default for TensorRequest {
    /// The 2-D example: `default_rng(0).standard_normal((32, 128))`.
    fn default() -> TensorRequest {
        TensorRequest {
            shape: EXAMPLES[2].0.to_vec(),
            dtype: "float64".into(),
            source: Source::Normal,
            seed: 0,
            low: 0,
            high: 10,
            nan: 0,
            inf: 0,
        }
    }
}

/// Where the current tensor came from.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// Made from a sidebar request.
    Generated {
        /// The request.
        request: TensorRequest,
    },
    /// One tensor of an uploaded file.
    Uploaded {
        /// The file name as the browser sent it.
        file: String,
        /// The tensor's name in the file (`None` for `.npy`/`.csv`).
        name: Option<String>,
    },
    /// An array the console bound to a name.
    Console {
        /// The variable's name.
        name: String,
    },
}

/// The tensor the panels work on.
#[derive(Clone, Debug)]
pub struct Current {
    /// The data (always writeable, so views can be written through).
    pub array: Array,
    /// The NumPy expression that makes it.
    pub expr: String,
    /// Where it came from.
    pub origin: Origin,
}

/// Multiplies out a shape, refusing more than `max_elements` elements. Sizes of 0 count
/// as 1 in the check, so an empty shape cannot smuggle in an axis whose strides overflow
/// (`(0, 2**62)` holds no element but its axis-0 stride would be 2^65 bytes).
pub fn checked_size(shape: &[usize], max_elements: usize) -> Result<usize, AppError> {
    let bounded = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d.max(1)))
        .is_some_and(|n| n <= max_elements);
    if !bounded {
        return Err(AppError::too_large(
            format!(
                "shape {} has more than {max_elements} elements, the playground's limit",
                fmt_shape(shape)
            ),
            format!(
                "Pick a smaller shape: at most {max_elements} elements (sizes of 0 count as 1 \
                 here), e.g. (32, 28, 28, 3) has 75,264. Upload a file to look at larger data."
            ),
        ));
    }
    Ok(shape.iter().product())
}

fn random_error(e: ndplay_random::RandomError) -> AppError {
    AppError::Refused {
        py_type: "ValueError",
        message: e.to_string(),
        hint: "Check the data source's parameters (for integers: low < high).".into(),
    }
}

/// Parses a dtype name, refusing text dtypes for generated data.
pub fn parse_dtype(name: &str) -> Result<DType, AppError> {
    let dtype = DType::parse(name).ok_or_else(|| AppError::Refused {
        py_type: "TypeError",
        message: format!("data type {name:?} not understood"),
        hint: "Use a NumPy dtype name: float64, float32, float16, int64, int32, int16, int8, \
               uint8, bool, complex128."
            .into(),
    })?;
    if !dtype.is_numeric() {
        return Err(AppError::Refused {
            py_type: "TypeError",
            message: format!("cannot generate numbers as dtype {}", dtype.name()),
            hint: "Strings hold text, not numbers: pick a numeric dtype such as float64.".into(),
        });
    }
    Ok(dtype)
}

/// `i` (a C-order position) as an index into `shape`.
pub fn unravel(mut i: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for k in (0..shape.len()).rev() {
        let d = shape[k].max(1);
        idx[k] = i % d;
        i /= d;
    }
    idx
}

impl Current {
    /// Makes the tensor a request asks for; see the module docs.
    pub fn generate(req: &TensorRequest, max_elements: usize) -> Result<Current, AppError> {
        if req.shape.len() > MAX_RANK {
            return Err(AppError::bad_request(
                format!(
                    "shape {} has {} axes; the playground shows at most {MAX_RANK}",
                    fmt_shape(&req.shape),
                    req.shape.len()
                ),
                "Use 0 to 8 axes; the lesson's examples have 0 to 4.",
            ));
        }
        let size = checked_size(&req.shape, max_elements)?;
        let dtype = parse_dtype(&req.dtype)?;
        let shape_text = fmt_shape(&req.shape);
        let dt = dtype.name();
        let ishape: Vec<isize> = req.shape.iter().map(|&d| d as isize).collect();
        let (base, expr) = match req.source {
            Source::Normal => {
                let v = default_rng(req.seed)
                    .and_then(|mut g| g.standard_normal(&req.shape))
                    .map_err(random_error)?;
                (
                    Array::from_vec(v, &req.shape)?,
                    format!(
                        "np.random.default_rng({}).standard_normal({shape_text})",
                        req.seed
                    ),
                )
            }
            Source::Arange => (
                Array::arange(0.0, size as f64, 1.0, Some(dtype))?.reshape(&ishape)?,
                format!("np.arange({size}, dtype=np.{dt}).reshape({shape_text})"),
            ),
            Source::Integers => {
                // An integer dtype is drawn in that dtype, as `integers(..., dtype=)` does,
                // so bounds it cannot hold are NumPy's ValueError instead of values that
                // wrap around in a cast (uint8 from low=-5 gave 251..255, with every
                // signal OK). Floats are drawn as int64 and cast, as before.
                let (int_dtype, dtype_arg) = match int_dtype_of(dtype) {
                    Some(d) => (d, format!(", dtype=np.{dt}")),
                    None => (IntDType::I64, String::new()),
                };
                let ints = default_rng(req.seed)
                    .and_then(|mut g| {
                        g.integers(
                            i128::from(req.low),
                            i128::from(req.high),
                            &req.shape,
                            int_dtype,
                            false,
                        )
                    })
                    .map_err(random_error)?;
                (
                    int_array(ints, &req.shape)?,
                    format!(
                        "np.random.default_rng({}).integers({}, {}, {shape_text}{dtype_arg})",
                        req.seed, req.low, req.high
                    ),
                )
            }
        };
        let (array, mut expr) = if base.dtype() == dtype {
            (base, expr)
        } else {
            let cast = base.astype(dtype, Casting::Unsafe)?;
            (cast, format!("{expr}.astype(np.{dt})"))
        };
        let inject = req.nan.saturating_add(req.inf);
        if inject > 0 {
            if !dtype.is_float() && !dtype.is_complex() {
                return Err(AppError::Refused {
                    py_type: "ValueError",
                    message: "cannot convert float NaN to integer".into(),
                    hint: format!(
                        "NaN and Inf exist only in floating-point dtypes; {dt} cannot hold \
                         them. Pick float64 or float32 to inject them."
                    ),
                });
            }
            if inject > size {
                return Err(AppError::bad_request(
                    format!("cannot inject {inject} NaN/Inf values into {size} elements"),
                    "Inject at most as many values as the tensor has elements.",
                ));
            }
            let positions = default_rng(req.seed.wrapping_add(1))
                .and_then(|mut g| g.choice(size, &[inject], false, None))
                .map_err(random_error)?;
            for (k, &p) in positions.iter().enumerate() {
                let value = if k < req.nan { f64::NAN } else { f64::INFINITY };
                let idx = unravel(usize::try_from(p).unwrap_or(0), &req.shape);
                array.set(&idx, Scalar::Float64(value))?;
            }
            expr.push_str(&format!(
                "  # then {} NaN and {} +Inf at rng({}).choice({size}, {inject}, replace=False)",
                req.nan,
                req.inf,
                req.seed.wrapping_add(1)
            ));
        }
        Ok(Current {
            array,
            expr,
            origin: Origin::Generated {
                request: req.clone(),
            },
        })
    }
}

/// What axis `k` of a rank-`n` tensor usually means (the seed's table: axis 0 is the
/// batch, the last axis the features or channels).
pub fn axis_meaning(rank: usize, k: usize) -> String {
    let named: &[&str] = match rank {
        1 => &["features"],
        2 => &["batch", "features"],
        3 => &["batch", "height", "width"],
        4 => &["batch", "height", "width", "channels"],
        _ => &[],
    };
    if let Some(m) = named.get(k) {
        return (*m).to_string();
    }
    if k == 0 {
        "batch".into()
    } else if k + 1 == rank {
        "features".into()
    } else {
        format!("axis {k}")
    }
}

impl Current {
    /// What axis `k` means: the lesson's names (batch, height, width, channels,
    /// features) for the sidebar's tensors and uploads, only the axis number for arrays
    /// the console made. After `arr = arr.T` the positions no longer say which axis is
    /// which, and a badge saying "axis 0: batch" would be wrong.
    pub fn axis_meaning(&self, k: usize) -> String {
        match self.origin {
            Origin::Console { .. } => format!("axis {k}"),
            _ => axis_meaning(self.array.ndim(), k),
        }
    }
}

/// One row of the strides table.
#[derive(Clone, Debug, Serialize)]
pub struct AxisInfo {
    /// The axis.
    pub axis: usize,
    /// Its length.
    pub length: usize,
    /// What it usually means.
    pub meaning: String,
    /// Bytes to move one step along it (`arr.strides[k]`).
    pub stride_bytes: isize,
    /// The same in elements (`arr.strides[k] // arr.itemsize`).
    pub stride_elements: isize,
    /// Why the stride is what it is.
    pub why: String,
}

/// Why axis `k` has its stride, in one line.
pub fn stride_why(shape: &[usize], strides: &[isize], itemsize: usize, k: usize) -> String {
    let s = strides[k];
    let item = itemsize.max(1) as isize;
    let c_inner: usize = shape[k + 1..].iter().product();
    let f_inner: usize = shape[..k].iter().product();
    let dims = |axes: &[usize]| {
        axes.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" × ")
    };
    if shape[k] == 0 {
        return "length 0: there is no element to step to".into();
    }
    if shape[k] == 1 {
        return "length 1: the stride is never used".into();
    }
    if s == 0 {
        return "0: a broadcast axis, every step reads the same element".into();
    }
    if s < 0 {
        return format!(
            "negative: this axis runs backwards through memory, {} elements per step",
            -s / item
        );
    }
    if s == item {
        return format!(
            "1 element ({itemsize} bytes): neighbours along this axis are adjacent in memory"
        );
    }
    if s == item * c_inner as isize {
        return format!(
            "skips {} × {itemsize} bytes: one whole step over the later axes",
            dims(&shape[k + 1..])
        );
    }
    if s == item * f_inner as isize {
        return format!(
            "skips {} × {itemsize} bytes: column-major, one whole step over the earlier axes",
            dims(&shape[..k])
        );
    }
    format!(
        "a view's step: {} elements of the underlying buffer per step",
        s / item
    )
}

/// The one-line reason for the whole stride tuple.
pub fn strides_note(a: &Array) -> String {
    let f = a.flags();
    if a.ndim() == 0 {
        "A 0-D array has no axes, so no strides: strides == ().".into()
    } else if f.c_contiguous {
        format!(
            "Row-major (C order): the last axis has the smallest stride, so a reduction along \
             it (mean(axis=-1)) reads memory sequentially, while one step along axis 0 jumps \
             {} bytes.",
            a.strides()[0]
        )
    } else if f.f_contiguous {
        "Column-major (Fortran order): the first axis has the smallest stride; a C-order \
         reshape of this array must copy."
            .into()
    } else {
        "Not contiguous: a view with gaps or a changed axis order; reshaping it may copy.".into()
    }
}

/// `arr.flags`.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct FlagsInfo {
    /// `C_CONTIGUOUS`.
    pub c_contiguous: bool,
    /// `F_CONTIGUOUS`.
    pub f_contiguous: bool,
    /// `OWNDATA`.
    pub owndata: bool,
    /// `WRITEABLE`.
    pub writeable: bool,
    /// `ALIGNED`.
    pub aligned: bool,
}

impl FlagsInfo {
    /// The flags of `a`.
    pub fn of(a: &Array) -> FlagsInfo {
        let f = a.flags();
        FlagsInfo {
            c_contiguous: f.c_contiguous,
            f_contiguous: f.f_contiguous,
            owndata: f.owndata,
            writeable: f.writeable,
            aligned: f.aligned,
        }
    }
}

/// One production-readiness signal.
#[derive(Clone, Debug, Serialize)]
pub struct SignalInfo {
    /// `shape`, `dtype`, `nan_inf`, `value_range`, `memory`, `contiguity`.
    pub name: String,
    /// `ok`, `warn` or `fail`.
    pub status: &'static str,
    /// What was found.
    pub detail: String,
}

/// Everything the main panel shows about the current tensor (`GET /api/tensor`).
#[derive(Clone, Debug, Serialize)]
pub struct TensorInfo {
    /// The NumPy expression that makes it.
    pub expr: String,
    /// Where it came from.
    pub origin: Origin,
    /// `arr.shape`.
    pub shape: Vec<usize>,
    /// The shape as NumPy prints it.
    pub shape_text: String,
    /// `arr.dtype`.
    pub dtype: String,
    /// `arr.ndim`.
    pub rank: usize,
    /// `arr.size`.
    pub size: usize,
    /// `arr.itemsize`.
    pub itemsize: usize,
    /// `arr.nbytes`.
    pub nbytes: usize,
    /// `arr.nbytes / 1e6`.
    pub megabytes: f64,
    /// `arr.strides`.
    pub strides: Vec<isize>,
    /// One row per axis: meaning, strides, why.
    pub axes: Vec<AxisInfo>,
    /// Why the strides are what they are.
    pub strides_note: String,
    /// `arr.flags`.
    pub flags: FlagsInfo,
    /// The six signals, in the inspector's order.
    pub signals: Vec<SignalInfo>,
    /// The worst signal.
    pub status: &'static str,
    /// NaN elements.
    pub nan_count: u64,
    /// ±Inf elements.
    pub inf_count: u64,
    /// Smallest finite value.
    pub finite_min: Option<f64>,
    /// Largest finite value.
    pub finite_max: Option<f64>,
    /// Mean of the finite values.
    pub mean: Option<f64>,
    /// Population std of the finite values.
    pub std: Option<f64>,
    /// `repr(arr)`, summarised as NumPy does for large arrays.
    pub repr: String,
}

/// The inspector's report on an array: its signals judged on the array's own strides and
/// flags, statistics from one pass over a C-order copy of its bytes.
///
/// # Errors
/// `MemoryError` when the copy does not fit.
pub fn report_of(a: &Array) -> Result<ndplay_inspect::report::TensorReport, AppError> {
    let elem = ndplay_inspect::convert::elem_type(a.dtype()).map_err(AppError::Inspect)?;
    let c = a.as_c_contiguous()?;
    let stats = {
        let bytes = c.storage().read();
        let start = c.layout().offset();
        let end = start + c.nbytes();
        let mut stats = stats_of_bytes(
            elem,
            ByteOrder::NATIVE,
            bytes.get(start..end).unwrap_or(&[]),
            &|_| {},
        );
        stats.count = a.size() as u64;
        stats
    };
    let flags = a.flags();
    let summary = TensorSummary {
        name: None,
        dtype: a.dtype().name(),
        typestr: elem.typestr(ByteOrder::NATIVE),
        itemsize: a.itemsize(),
        shape: a.shape().to_vec(),
        strides: a.strides().to_vec(),
        c_contiguous: flags.c_contiguous,
        f_contiguous: flags.f_contiguous,
        shards: 1,
        stats,
    };
    let file = FileSummary {
        path: "arr".into(),
        format: "array".into(),
        tensors: vec![summary],
        shards: Vec::new(),
    };
    let mut report = Report::build(&[file], &Options::default());
    Ok(report.files.remove(0).tensors.remove(0))
}

/// Describes the current tensor.
pub fn describe(t: &Current) -> Result<TensorInfo, AppError> {
    let a = &t.array;
    let report = report_of(a)?;
    let rank = a.ndim();
    let item = a.itemsize();
    let axes = (0..rank)
        .map(|k| AxisInfo {
            axis: k,
            length: a.shape()[k],
            meaning: t.axis_meaning(k),
            stride_bytes: a.strides()[k],
            stride_elements: a.strides()[k] / item.max(1) as isize,
            why: stride_why(a.shape(), a.strides(), item, k),
        })
        .collect();
    Ok(TensorInfo {
        expr: t.expr.clone(),
        origin: t.origin.clone(),
        shape: a.shape().to_vec(),
        shape_text: fmt_shape(a.shape()),
        dtype: a.dtype().name(),
        rank,
        size: a.size(),
        itemsize: item,
        nbytes: a.nbytes(),
        megabytes: a.nbytes() as f64 / 1e6,
        strides: a.strides().to_vec(),
        axes,
        strides_note: strides_note(a),
        flags: FlagsInfo::of(a),
        signals: report
            .signals
            .iter()
            .map(|s| SignalInfo {
                name: s.name.clone(),
                status: s.status.as_str(),
                detail: s.detail.clone(),
            })
            .collect(),
        status: report.status.as_str(),
        nan_count: report.nan_count,
        inf_count: report.posinf_count + report.neginf_count,
        finite_min: report.finite_min.map(|v| v.as_f64()),
        finite_max: report.finite_max.map(|v| v.as_f64()),
        mean: report.mean,
        std: report.std,
        repr: a.repr(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unravel_is_c_order() {
        assert_eq!(unravel(5, &[2, 3]), vec![1, 2]);
        assert_eq!(unravel(0, &[]), Vec::<usize>::new());
    }

    #[test]
    fn axis_meanings_follow_the_lesson() {
        assert_eq!(axis_meaning(2, 0), "batch");
        assert_eq!(axis_meaning(2, 1), "features");
        assert_eq!(axis_meaning(6, 3), "axis 3");
        assert_eq!(axis_meaning(6, 5), "features");
    }

    #[test]
    fn stride_reasons() {
        let shape = [32, 28, 28, 3];
        let strides = [18816, 672, 24, 8];
        assert!(stride_why(&shape, &strides, 8, 3).starts_with("1 element"));
        assert!(stride_why(&shape, &strides, 8, 0).contains("28 × 28 × 3"));
        assert!(stride_why(&[4, 3], &[8, 32], 8, 1).contains("column-major"));
        assert!(stride_why(&[4, 3], &[24, -8], 8, 1).starts_with("negative"));
    }

    #[test]
    fn huge_shapes_are_refused_before_allocating() {
        let req = TensorRequest {
            shape: vec![usize::MAX, 2],
            ..TensorRequest::default()
        };
        let err = Current::generate(&req, 1 << 22).unwrap_err();
        assert_eq!(err.status(), 413);
        let empty = TensorRequest {
            shape: vec![0, 1 << 62],
            ..TensorRequest::default()
        };
        assert_eq!(
            Current::generate(&empty, 1 << 22).unwrap_err().status(),
            413
        );
        assert_eq!(checked_size(&[0, 5], 10).unwrap(), 0);
    }

    #[test]
    fn nan_in_integers_is_numpys_value_error() {
        let req = TensorRequest {
            dtype: "int32".into(),
            nan: 1,
            ..TensorRequest::default()
        };
        let err = Current::generate(&req, 1 << 22).unwrap_err();
        assert_eq!(err.body().py_type, Some("ValueError"));
    }

    #[test]
    fn integers_are_drawn_in_their_dtype_and_refuse_bounds_it_cannot_hold() {
        // NumPy: rng.integers(-5, 10, 3, dtype=np.uint8) -> ValueError: low is out of
        // bounds for uint8; (0, 300) -> high is out of bounds.
        for (low, high, word) in [(-5, 10, "low"), (0, 300, "high")] {
            let req = TensorRequest {
                source: Source::Integers,
                dtype: "uint8".into(),
                low,
                high,
                ..TensorRequest::default()
            };
            let err = Current::generate(&req, 1 << 22).unwrap_err();
            let body = err.body();
            assert_eq!(body.py_type, Some("ValueError"));
            assert!(
                body.message
                    .contains(&format!("{word} is out of bounds for uint8")),
                "{}",
                body.message
            );
        }
        let req = TensorRequest {
            source: Source::Integers,
            dtype: "uint8".into(),
            low: 250,
            high: 256,
            shape: vec![4, 5],
            ..TensorRequest::default()
        };
        let t = Current::generate(&req, 1 << 22).unwrap();
        assert_eq!(t.array.dtype(), DType::UInt8);
        assert!(t.array.to_vec::<u8>().iter().all(|&v| v >= 250));
        assert!(
            t.expr
                .ends_with("integers(250, 256, (4, 5), dtype=np.uint8)"),
            "{}",
            t.expr
        );
    }
}
