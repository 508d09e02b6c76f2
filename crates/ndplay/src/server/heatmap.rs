//! What the heatmap and the statistics table show: the 2-D slice of the current tensor
//! through two chosen display axes with every other axis fixed by a slider
//! ([`slice()`], `ndplay-inspect`'s `extract_slice`), the per-channel histograms of batch
//! item `b` of a `(B, H, W, C)` tensor (`channel_histograms`, the seed's homework), and
//! `compute_axis_stats` along one axis ([`axis_stats`]), and what lies under the
//! heatmap's crosshair ([`pixel`]): one element, or a pixel's values across all channels
//! (`arr[b, h, w, :]`), each as NumPy prints it in the array's dtype.
//!
//! Large slices are thinned with a step per axis (`arr[::s, ::s]`) to at most
//! [`MAX_SIDE`] cells a side, so a browser never receives more than a Plotly heatmap can
//! draw; the step is reported.
//!
//! ```
//! use ndplay::server::heatmap::{SliceRequest, slice};
//! use ndplay::server::tensor::axis_meaning;
//! use ndplay_core::Array;
//!
//! let a = Array::arange_f64(0.0, 2.0 * 2.0 * 3.0 * 3.0, 1.0).reshape(&[2, 2, 3, 3]).unwrap();
//! let req = SliceRequest { rows: Some(1), cols: Some(2), fixed: Some("1,2".into()) };
//! let s = slice(&a, &req, &|k| axis_meaning(4, k))?;
//! assert_eq!(s.expr, "arr[1, :, :, 2]");
//! assert_eq!(s.z[0], vec![Some(20.0), Some(23.0), Some(26.0)]);
//! assert_eq!(s.histograms.unwrap().len(), 3);
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use ndplay_core::{Array, IndexItem, SliceArg};
use ndplay_inspect::axis::values_f64;
use ndplay_inspect::{ChannelHistogram, channel_histograms, compute_axis_stats, extract_slice};
use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::parse::{parse_index, parse_ints};

/// Most heatmap cells along one side.
pub const MAX_SIDE: usize = 256;
/// Bins of each channel's histogram.
pub const HIST_BINS: usize = 24;
/// Most channels whose histograms are sent.
pub const MAX_CHANNELS: usize = 16;
/// Most per-axis statistics entries sent.
pub const MAX_STATS: usize = 4096;
/// Most values of one pixel sent (a readout, not a dump: more channels than this are
/// counted, not listed).
pub const MAX_PIXEL_VALUES: usize = 64;

/// `GET /api/slice` query: display axes and the fixed indices of the other axes.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SliceRequest {
    /// The axis shown as rows (default: the first axis after the batch for 3-D and 4-D
    /// tensors, else 0).
    pub rows: Option<usize>,
    /// The axis shown as columns (default: the one after `rows`).
    pub cols: Option<usize>,
    /// Comma-separated index per other axis, in axis order (default: all 0).
    pub fixed: Option<String>,
}

/// A heatmap's data.
#[derive(Clone, Debug, Serialize)]
pub struct SliceData {
    /// The tensor's rank.
    pub rank: usize,
    /// The row axis (`None` below 2-D).
    pub rows: Option<usize>,
    /// The column axis.
    pub cols: Option<usize>,
    /// Index of every other axis, in axis order.
    pub fixed: Vec<usize>,
    /// The axes those indices fix.
    pub fixed_axes: Vec<usize>,
    /// The slice in NumPy spelling, `arr[3, :, :, 1]`.
    pub expr: String,
    /// Row label.
    pub y_label: String,
    /// Column label.
    pub x_label: String,
    /// The slice's full shape (rows, cols).
    pub shape: [usize; 2],
    /// The thinning step per side (1 when every cell is shown).
    pub step: [usize; 2],
    /// The values, row by row; NaN and ±Inf are `null`.
    pub z: Vec<Vec<Option<f64>>>,
    /// For a 4-D `(B, H, W, C)` tensor shown as `arr[b, :, :, c]`: the histogram of
    /// each channel of item `b`.
    pub histograms: Option<Vec<ChannelHistogram>>,
}

fn default_axes(rank: usize) -> (usize, usize) {
    if rank >= 3 { (1, 2) } else { (0, 1) }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The heatmap of the current tensor `a`.
pub fn slice(
    a: &Array,
    req: &SliceRequest,
    meaning: &dyn Fn(usize) -> String,
) -> Result<SliceData, AppError> {
    let rank = a.ndim();
    if rank < 2 {
        // Shown whole: a scalar as one cell, a vector as one row.
        let v = values_f64(a)?;
        let n = v.len();
        let step = n.div_ceil(MAX_SIDE * 4).max(1);
        let row: Vec<Option<f64>> = v.iter().step_by(step).map(|&x| finite(x)).collect();
        return Ok(SliceData {
            rank,
            rows: None,
            cols: (rank == 1).then_some(0),
            fixed: Vec::new(),
            fixed_axes: Vec::new(),
            expr: "arr".into(),
            y_label: String::new(),
            x_label: if rank == 1 {
                "axis 0 (features)".into()
            } else {
                String::new()
            },
            shape: [1, n],
            step: [1, step],
            z: vec![row],
            histograms: None,
        });
    }
    let (dr, dc) = default_axes(rank);
    let rows = req.rows.unwrap_or(dr);
    let cols = req.cols.unwrap_or(if rows == dc { dr } else { dc });
    let fixed_axes: Vec<usize> = (0..rank).filter(|&k| k != rows && k != cols).collect();
    let fixed: Vec<usize> = match &req.fixed {
        Some(text) if !text.trim().is_empty() => parse_ints("fixed indices", text)?
            .into_iter()
            .map(|i| usize::try_from(i).unwrap_or(usize::MAX))
            .collect(),
        _ => vec![0; fixed_axes.len()],
    };
    let view = extract_slice(a, (rows, cols), &fixed)?;
    let (h, w) = (view.shape()[0], view.shape()[1]);
    let step = [h.div_ceil(MAX_SIDE).max(1), w.div_ceil(MAX_SIDE).max(1)];
    let thin = if step == [1, 1] {
        view
    } else {
        view.index(&[
            IndexItem::Slice(SliceArg::new(None, None, step[0] as isize)),
            IndexItem::Slice(SliceArg::new(None, None, step[1] as isize)),
        ])?
    };
    let (th, tw) = (thin.shape()[0], thin.shape()[1]);
    let values = values_f64(&thin)?;
    let z = (0..th)
        .map(|i| {
            values[i * tw..(i + 1) * tw]
                .iter()
                .map(|&x| finite(x))
                .collect()
        })
        .collect();
    let mut parts = Vec::with_capacity(rank);
    let mut it = fixed.iter();
    for k in 0..rank {
        if k == rows || k == cols {
            parts.push(":".to_string());
        } else {
            parts.push(it.next().map_or_else(String::new, ToString::to_string));
        }
    }
    let mut expr = format!("arr[{}]", parts.join(", "));
    if rows > cols {
        expr.push_str(".T");
    }
    let histograms = if rank == 4 && rows == 1 && cols == 2 {
        let mut h = channel_histograms(a, fixed[0], HIST_BINS)?;
        h.truncate(MAX_CHANNELS);
        Some(h)
    } else {
        None
    };
    let label = |k: usize| match meaning(k) {
        m if m == format!("axis {k}") => m,
        m => format!("axis {k} ({m})"),
    };
    Ok(SliceData {
        rank,
        rows: Some(rows),
        cols: Some(cols),
        fixed,
        fixed_axes,
        expr,
        y_label: label(rows),
        x_label: label(cols),
        shape: [h, w],
        step,
        z,
        histograms,
    })
}

/// `GET /api/axis-stats` query.
#[derive(Clone, Debug, Deserialize)]
pub struct AxisRequest {
    /// The axis to reduce (negative counts from the end).
    pub axis: isize,
}

/// `compute_axis_stats(arr, axis)`, with NaN as `null` and at most [`MAX_STATS`] entries.
#[derive(Clone, Debug, Serialize)]
pub struct AxisStatsData {
    /// `compute_axis_stats(arr, axis=k)` in NumPy spelling.
    pub expr: String,
    /// The reduced axis.
    pub axis: usize,
    /// What it means.
    pub meaning: String,
    /// The kept shape.
    pub shape: Vec<usize>,
    /// Entries in the full result.
    pub count: usize,
    /// Whether only the first [`MAX_STATS`] are sent.
    pub truncated: bool,
    /// Mean per kept position.
    pub mean: Vec<Option<f64>>,
    /// Std per kept position.
    pub std: Vec<Option<f64>>,
    /// Min per kept position.
    pub min: Vec<Option<f64>>,
    /// Max per kept position.
    pub max: Vec<Option<f64>>,
    /// NaN count per kept position.
    pub nan_count: Vec<u64>,
}

/// Per-axis statistics of the current tensor.
pub fn axis_stats(
    a: &Array,
    axis: isize,
    meaning: &dyn Fn(usize) -> String,
) -> Result<AxisStatsData, AppError> {
    let s = compute_axis_stats(a, axis)?;
    let count = s.mean.len();
    let keep = |v: &[f64]| v.iter().take(MAX_STATS).map(|&x| finite(x)).collect();
    Ok(AxisStatsData {
        expr: format!("compute_axis_stats(arr, axis={axis})"),
        axis: s.axis,
        meaning: meaning(s.axis),
        count,
        truncated: count > MAX_STATS,
        mean: keep(&s.mean),
        std: keep(&s.std),
        min: keep(&s.min),
        max: keep(&s.max),
        nan_count: s.nan_count.iter().take(MAX_STATS).copied().collect(),
        shape: s.shape,
    })
}

/// `GET /api/pixel` query.
#[derive(Clone, Debug, Deserialize)]
pub struct PixelRequest {
    /// One integer per axis, or `:` on one axis to read along it: `3, 14, 9, :` is
    /// `arr[3, 14, 9, :]`, the values of pixel (14, 9) of item 3 in every channel.
    pub index: String,
}

/// What lies under the crosshair: one element or one line of elements.
#[derive(Clone, Debug, Serialize)]
pub struct PixelData {
    /// The index in NumPy spelling, `arr[3, 14, 9, :]` (negative indices resolved).
    pub expr: String,
    /// The array's dtype, in which the values are printed.
    pub dtype: String,
    /// The index per axis; `null` on the axis read whole.
    pub index: Vec<Option<usize>>,
    /// The axis read whole, if any.
    pub axis: Option<usize>,
    /// What that axis means (`channels`).
    pub meaning: Option<String>,
    /// How many values the index selects (1 without an axis read whole).
    pub count: usize,
    /// The first [`MAX_PIXEL_VALUES`] of them, each as NumPy's `str()` of the scalar
    /// prints it (`0.12345678` for float32, `255` for uint8, `True`, `nan`).
    pub values: Vec<String>,
}

fn pixel_index_hint(rank: usize) -> String {
    let example = match rank {
        0 => "an empty index (arr[()])".to_string(),
        _ => {
            let mut parts = vec!["0"; rank];
            parts[rank - 1] = ":";
            format!("{} for arr[{}]", parts.join(","), parts.join(", "))
        }
    };
    format!(
        "Give one integer per axis, and at most one `:` for the axis to read whole, e.g. {example}."
    )
}

fn pixel_index_error(text: &str, rank: usize, why: &str) -> AppError {
    AppError::bad_request(
        format!("pixel index {text:?} for an array of rank {rank}: {why}"),
        pixel_index_hint(rank),
    )
}

/// The element, or the line of elements, of `a` at `req.index`.
pub fn pixel(
    a: &Array,
    req: &PixelRequest,
    meaning: &dyn Fn(usize) -> String,
) -> Result<PixelData, AppError> {
    let rank = a.ndim();
    let items = parse_index(&req.index)?;
    let mut axis = None;
    for (k, item) in items.iter().enumerate() {
        match item {
            IndexItem::Int(_) => {}
            IndexItem::Slice(s) if s.start.is_none() && s.stop.is_none() && s.step == 1 => {
                if axis.replace(k).is_some() {
                    return Err(pixel_index_error(&req.index, rank, "more than one `:`"));
                }
            }
            _ => {
                return Err(pixel_index_error(
                    &req.index,
                    rank,
                    &format!("entry {k} is neither an integer nor `:`"),
                ));
            }
        }
    }
    // The engine checks the bounds and the count, with NumPy's IndexError (naming the axis
    // and its size, or "too many indices"): like those, an index that does not fit the
    // current array is a 422, e.g. one a page sent for the array it showed before.
    let line = a.index(&items)?;
    if items.len() < rank {
        return Err(AppError::Refused {
            py_type: "IndexError",
            message: format!(
                "pixel index {:?} has {} entries for an array of rank {rank}",
                req.index,
                items.len()
            ),
            hint: pixel_index_hint(rank),
        });
    }
    let index: Vec<Option<usize>> = items
        .iter()
        .zip(a.shape())
        .map(|(item, &len)| match item {
            // In bounds (the engine said so): a negative index counts from the end.
            IndexItem::Int(i) if *i < 0 => Some(len.saturating_sub(i.unsigned_abs() as usize)),
            IndexItem::Int(i) => Some(*i as usize),
            _ => None,
        })
        .collect();
    let parts: Vec<String> = index
        .iter()
        .map(|i| i.map_or_else(|| ":".to_string(), |i| i.to_string()))
        .collect();
    let expr = if rank == 0 {
        "arr[()]".to_string()
    } else {
        format!("arr[{}]", parts.join(", "))
    };
    let count = line.size();
    let values = if axis.is_some() {
        (0..count.min(MAX_PIXEL_VALUES))
            .map(|j| line.get(&[j]).map(|v| v.to_string()))
            .collect::<Result<_, _>>()?
    } else {
        vec![line.item()?.to_string()]
    };
    Ok(PixelData {
        expr,
        dtype: a.dtype().to_string(),
        index,
        axis,
        meaning: axis.map(meaning),
        count,
        values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::tensor::axis_meaning;
    use ndplay_core::{Casting, DType};

    #[test]
    fn big_slices_are_thinned() {
        let a = Array::zeros(&[1000, 300], DType::Float32);
        let s = slice(&a, &SliceRequest::default(), &|k| axis_meaning(a.ndim(), k)).unwrap();
        assert_eq!(s.step, [4, 2]);
        assert_eq!((s.z.len(), s.z[0].len()), (250, 150));
    }

    #[test]
    fn swapped_axes_are_a_transpose() {
        let a = Array::arange_f64(0.0, 6.0, 1.0).reshape(&[2, 3]).unwrap();
        let s = slice(
            &a,
            &SliceRequest {
                rows: Some(1),
                cols: Some(0),
                fixed: None,
            },
            &|k| axis_meaning(2, k),
        )
        .unwrap();
        assert_eq!(s.expr, "arr[:, :].T");
        assert_eq!(s.z.len(), 3);
    }

    #[test]
    fn bad_requests_are_explained() {
        let a = Array::zeros(&[2, 3, 4], DType::Float64);
        let r = |rows, cols, fixed: &str| SliceRequest {
            rows: Some(rows),
            cols: Some(cols),
            fixed: Some(fixed.into()),
        };
        let named = |k| axis_meaning(a.ndim(), k);
        for (rows, cols, fixed) in [(1, 1, "0"), (1, 2, "9"), (1, 2, "-1"), (1, 7, "0")] {
            let err = slice(&a, &r(rows, cols, fixed), &named).unwrap_err();
            assert_eq!(err.status(), 422, "rows {rows}, cols {cols}, fixed {fixed}");
        }
        assert_eq!(
            axis_stats(&a, 3, &|k| axis_meaning(a.ndim(), k))
                .unwrap_err()
                .status(),
            422
        );
    }

    #[test]
    fn a_pixel_reads_every_channel_in_its_dtype() {
        // arr[b, h, w, c] = 1000 b + 100 h + 10 w + c, as uint16 (not a float: `1234`).
        let a = Array::arange_f64(0.0, 2.0 * 3.0 * 4.0 * 5.0, 1.0)
            .reshape(&[2, 3, 4, 5])
            .unwrap();
        let a = a.astype(DType::UInt16, Casting::Unsafe).unwrap();
        let named = |k| axis_meaning(4, k);
        let req = |index: &str| PixelRequest {
            index: index.into(),
        };
        let p = pixel(&a, &req("1, 2, -1, :"), &named).unwrap();
        assert_eq!(p.expr, "arr[1, 2, 3, :]");
        assert_eq!(p.index, vec![Some(1), Some(2), Some(3), None]);
        assert_eq!((p.axis, p.count, p.dtype.as_str()), (Some(3), 5, "uint16"));
        // Flat position 60 b + 20 h + 5 w + c.
        assert_eq!(p.values, ["115", "116", "117", "118", "119"]);
        let one = pixel(&a, &req("0, 1, 2, 3"), &named).unwrap();
        assert_eq!(
            (one.expr.as_str(), one.values.as_slice()),
            ("arr[0, 1, 2, 3]", &["33".to_string()][..])
        );
        assert_eq!(one.axis, None);
        let f = Array::arange_f64(0.0, 4.0, 1.0)
            .reshape(&[2, 2])
            .unwrap()
            .astype(DType::Float32, Casting::Unsafe)
            .unwrap();
        let p = pixel(&f, &req("1, :"), &|k| axis_meaning(2, k)).unwrap();
        assert_eq!(p.values, ["2.0", "3.0"]);
    }

    #[test]
    fn bad_pixel_indices_are_explained() {
        let a = Array::zeros(&[2, 3, 4], DType::Float64);
        let named = |k| axis_meaning(3, k);
        // Malformed: 400. Not fitting this array (too few or too many entries, out of
        // bounds): 422, as the engine's IndexError.
        for (index, status) in [
            ("0, :, :", 400),
            ("0, 1:, 0", 400),
            ("0, 0, None", 400),
            ("x", 400),
            ("0, 0", 422),
            ("0, 0, 0, :", 422),
            ("0, 0, 4", 422),
        ] {
            let err = pixel(
                &a,
                &PixelRequest {
                    index: index.into(),
                },
                &named,
            )
            .unwrap_err();
            assert_eq!(err.status(), status, "{index}");
        }
        let err = pixel(
            &a,
            &PixelRequest {
                index: "0, 0, 4".into(),
            },
            &named,
        )
        .unwrap_err();
        assert!(err.to_string().contains("out of bounds"), "{err}");
    }
}
