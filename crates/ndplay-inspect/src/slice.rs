//! [`extract_slice`]: the 2-D cross-section of a tensor of any rank, and
//! [`channel_histograms`]: per-channel histograms of one item of a `(B, H, W, C)` batch —
//! the seed lesson's homework, `arr[b, :, :, c]` plus a histogram per channel.
//!
//! A slice is named by its two display axes and one fixed index for every other axis, in
//! axis order. [`SliceSpec`] parses the command line's spelling, one entry per axis with
//! `:` for the two displayed axes: `0,:,:,1` is `arr[0, :, :, 1]`; negative indices count
//! from the end.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_inspect::{channel_histograms, extract_slice, slice::SliceSpec};
//!
//! // A batch of 2 RGB images of 2x3 pixels: value = 100*b + 10*(h*3 + w) + c.
//! let v: Vec<f64> = (0..2 * 2 * 3 * 3)
//!     .map(|i| { let (b, hw, c) = (i / 18, (i / 3) % 6, i % 3); (100 * b + 10 * hw + c) as f64 })
//!     .collect();
//! let a = Array::from_vec(v, &[2, 2, 3, 3])?;
//! let red_of_second = extract_slice(&a, (1, 2), &[1, 0])?;          // arr[1, :, :, 0]
//! assert_eq!(red_of_second.shape(), &[2, 3]);
//! assert_eq!(red_of_second.to_vec::<f64>(), vec![100.0, 110.0, 120.0, 130.0, 140.0, 150.0]);
//!
//! let spec = SliceSpec::parse("-1,:,:,0")?;
//! let (axes, fixed) = spec.resolve(a.shape())?;
//! assert_eq!((axes, fixed), ((1, 2), vec![1, 0]));
//!
//! let h = channel_histograms(&a, 0, 5)?;
//! assert_eq!(h.len(), 3);
//! assert_eq!(h[0].counts, vec![1, 1, 1, 1, 2]);   // 0 | 10 | 20 | 30 | 40, 50
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use ndplay_core::{Array, IndexItem, SliceArg};

use crate::axis::values_f64;
use crate::error::InspectError;

/// The 2-D cross-section of `a` showing axes `display_axes` (in that order: rows, then
/// columns) with every other axis fixed at the index `fixed` gives, in axis order. A view:
/// nothing is copied.
pub fn extract_slice(
    a: &Array,
    display_axes: (usize, usize),
    fixed: &[usize],
) -> Result<Array, InspectError> {
    let shape = a.shape().to_vec();
    let (r, c) = display_axes;
    let bad_axes = |reason| InspectError::DisplayAxes {
        axes: display_axes,
        shape: shape.clone(),
        reason,
    };
    if shape.len() < 2 {
        return Err(bad_axes(
            "a slice needs at least 2 axes; a tensor of rank 0 or 1 is shown whole",
        ));
    }
    if r >= shape.len() || c >= shape.len() {
        return Err(bad_axes("a display axis is past the last axis"));
    }
    if r == c {
        return Err(bad_axes("the two display axes must differ"));
    }
    if fixed.len() != shape.len() - 2 {
        return Err(InspectError::FixedIndexCount {
            expected: shape.len() - 2,
            given: fixed.len(),
            shape,
        });
    }
    let mut fixed_iter = fixed.iter();
    let mut items = Vec::with_capacity(shape.len());
    for (axis, &len) in shape.iter().enumerate() {
        if axis == r || axis == c {
            items.push(IndexItem::Slice(SliceArg::full()));
            continue;
        }
        let &i = fixed_iter
            .next()
            .ok_or_else(|| bad_axes("internal: index count"))?;
        if i >= len {
            return Err(InspectError::IndexOutOfRange {
                axis,
                index: i as i64,
                len,
                shape: shape.clone(),
            });
        }
        items.push(IndexItem::Int(i as i64));
    }
    let view = a.index(&items).map_err(|source| InspectError::Engine {
        op: "taking a 2-D slice",
        tensor: "<array>".into(),
        shape: shape.clone(),
        source: Box::new(source),
    })?;
    Ok(if r > c { view.t() } else { view })
}

/// A parsed `--slice` specification: `:` or an index per axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SliceSpec {
    /// The text as given.
    pub text: String,
    /// Per axis: `None` for a displayed axis, else the index (negative from the end).
    pub entries: Vec<Option<i64>>,
}

impl SliceSpec {
    /// Parses `0,:,:,1`: comma-separated, exactly two `:` entries.
    pub fn parse(text: &str) -> Result<SliceSpec, InspectError> {
        let bad = |reason: String| InspectError::SliceSpec {
            spec: text.to_string(),
            reason,
        };
        let mut entries = Vec::new();
        for (k, part) in text.split(',').enumerate() {
            let part = part.trim();
            if part == ":" {
                entries.push(None);
            } else {
                let i = part.parse::<i64>().map_err(|_| {
                    bad(format!(
                        "entry {k} ({part:?}) is neither ':' nor an integer"
                    ))
                })?;
                entries.push(Some(i));
            }
        }
        let colons = entries.iter().filter(|e| e.is_none()).count();
        if colons != 2 {
            return Err(bad(format!(
                "it has {colons} ':' entries, and a 2-D slice needs exactly 2"
            )));
        }
        Ok(SliceSpec {
            text: text.to_string(),
            entries,
        })
    }

    /// The display axes and non-negative fixed indices for a tensor of `shape`.
    pub fn resolve(&self, shape: &[usize]) -> Result<((usize, usize), Vec<usize>), InspectError> {
        if self.entries.len() != shape.len() {
            return Err(InspectError::SliceSpec {
                spec: self.text.clone(),
                reason: format!(
                    "it has {} entries but the tensor has shape {} (rank {})",
                    self.entries.len(),
                    ndplay_core::shape::fmt_shape(shape),
                    shape.len()
                ),
            });
        }
        let mut axes = Vec::new();
        let mut fixed = Vec::new();
        for (axis, (e, &len)) in self.entries.iter().zip(shape).enumerate() {
            match e {
                None => axes.push(axis),
                Some(i) => {
                    let j = if *i < 0 { *i + len as i64 } else { *i };
                    if j < 0 || j >= len as i64 {
                        return Err(InspectError::IndexOutOfRange {
                            axis,
                            index: *i,
                            len,
                            shape: shape.to_vec(),
                        });
                    }
                    fixed.push(j as usize);
                }
            }
        }
        Ok(((axes[0], axes[1]), fixed))
    }
}

/// The histogram of one channel: `np.histogram(x, bins)` of its finite values as
/// float64, so `bins + 1` edges from the finite min to max (±0.5 around a constant;
/// `[0, 1]` when there are no finite values) and the last bin closed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ChannelHistogram {
    /// The channel index.
    pub channel: usize,
    /// `bins + 1` bin edges.
    pub edges: Vec<f64>,
    /// Counts per bin.
    pub counts: Vec<u64>,
    /// NaN and ±Inf values left out.
    pub nonfinite: u64,
}

/// `np.histogram` of finite values (see [`ChannelHistogram`]), bin for bin: the same
/// edges (`np.linspace`) and the same index correction at the edges.
pub fn histogram(values: &[f64], bins: usize) -> Result<(Vec<f64>, Vec<u64>), InspectError> {
    if bins == 0 {
        return Err(InspectError::NoBins);
    }
    let finite = values.iter().copied().filter(|x| x.is_finite());
    let (mut first, mut last) = finite
        .clone()
        .fold(None, |acc: Option<(f64, f64)>, x| match acc {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        })
        .unwrap_or((0.0, 1.0));
    if first == last {
        first -= 0.5;
        last += 0.5;
    }
    let delta = last - first;
    let step = delta / bins as f64;
    let mut edges: Vec<f64> = (0..=bins)
        .map(|i| {
            if step == 0.0 {
                (i as f64 / bins as f64) * delta + first
            } else {
                i as f64 * step + first
            }
        })
        .collect();
    edges[bins] = last;
    let mut counts = vec![0u64; bins];
    for x in finite {
        let f = ((x - first) / delta) * bins as f64;
        let mut i = (f as usize).min(bins - 1);
        if i > 0 && x < edges[i] {
            i -= 1;
        }
        if i + 1 < bins && x >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Ok((edges, counts))
}

/// Per-channel histograms of batch item `b` of a `(B, H, W, C)` tensor: one
/// [`ChannelHistogram`] of `arr[b, :, :, c]` per channel `c`.
pub fn channel_histograms(
    a: &Array,
    b: usize,
    bins: usize,
) -> Result<Vec<ChannelHistogram>, InspectError> {
    let shape = a.shape();
    if shape.len() != 4 {
        return Err(InspectError::NotImageBatch {
            shape: shape.to_vec(),
        });
    }
    (0..shape[3])
        .map(|c| {
            let plane = extract_slice(a, (1, 2), &[b, c])?;
            let values = values_f64(&plane)?;
            let nonfinite = values.iter().filter(|x| !x.is_finite()).count() as u64;
            let (edges, counts) = histogram(&values, bins)?;
            Ok(ChannelHistogram {
                channel: c,
                edges,
                counts,
                nonfinite,
            })
        })
        .collect()
}
