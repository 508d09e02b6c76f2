//! [`compute_axis_stats`]: mean, std, min, max and NaN count along one axis, NumPy's
//! `axis=` semantics made explicit: the axis is reduced, the others are kept.
//!
//! Like the rest of the inspector, mean, std (population, `ddof=0`), min and max are over
//! the finite values of each lane — `np.nanmean(np.where(np.isfinite(a), a, np.nan),
//! axis=k)` and friends — and are NaN for a lane with no finite value; `nan_count` is
//! `np.isnan(a).sum(axis=k)`. Complex values count by their modulus `|z|`, booleans as
//! 0/1. The input is walked once in memory order (any strides, no copy), with one
//! Welford accumulator per output element.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_inspect::compute_axis_stats;
//!
//! // A (2, 3) batch of feature vectors; axis 0 reduces over the batch: per-feature stats.
//! let a = Array::from_vec(vec![1.0f64, 2.0, f64::NAN, 3.0, 4.0, 5.0], &[2, 3])?;
//! let s = compute_axis_stats(&a, 0)?;
//! assert_eq!(s.shape, [3]);
//! assert_eq!(s.mean, [2.0, 3.0, 5.0]);
//! assert_eq!(s.std, [1.0, 1.0, 0.0]);
//! assert_eq!(s.nan_count, [0, 0, 1]);
//! let rows = compute_axis_stats(&a, -1)?; // per sample
//! assert_eq!(rows.max, [2.0, 5.0]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use ndplay_core::{Array, DType, Layout};

use crate::error::InspectError;
use crate::kernels::modulus;

/// Statistics along one axis; each vector has one entry per element of `shape`
/// (C order).
///
/// Serialises with NaN as `null`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AxisStats {
    /// The reduced axis (normalised to `0..ndim`).
    pub axis: usize,
    /// The output shape: the input shape without `axis`.
    pub shape: Vec<usize>,
    /// Mean of the finite values of each lane (NaN when none).
    pub mean: Vec<f64>,
    /// Population standard deviation of the finite values (NaN when none).
    pub std: Vec<f64>,
    /// Smallest finite value (NaN when none).
    pub min: Vec<f64>,
    /// Largest finite value (NaN when none).
    pub max: Vec<f64>,
    /// NaN count of each lane.
    pub nan_count: Vec<u64>,
}

/// An element type read as `f64` from its native bytes.
pub(crate) trait Sample {
    const SIZE: usize;
    fn read(b: &[u8]) -> f64;
}

macro_rules! sample_prim {
    ($($t:ty => $n:literal),*) => {$(
        impl Sample for $t {
            const SIZE: usize = $n;
            #[inline(always)]
            fn read(b: &[u8]) -> f64 {
                let mut a = [0u8; $n];
                a.copy_from_slice(&b[..$n]);
                <$t>::from_ne_bytes(a) as f64
            }
        }
    )*};
}
sample_prim!(i8 => 1, i16 => 2, i32 => 4, i64 => 8, u8 => 1, u16 => 2, u32 => 4, u64 => 8, f32 => 4, f64 => 8);

struct Bool;
impl Sample for Bool {
    const SIZE: usize = 1;
    fn read(b: &[u8]) -> f64 {
        f64::from(u8::from(b[0] != 0))
    }
}

struct Half;
impl Sample for Half {
    const SIZE: usize = 2;
    fn read(b: &[u8]) -> f64 {
        half::f16::from_bits(u16::from_ne_bytes([b[0], b[1]])).to_f64()
    }
}

/// Complex64 as its modulus, computed in float32 as `np.abs` does.
struct Modulus64;
impl Sample for Modulus64 {
    const SIZE: usize = 8;
    fn read(b: &[u8]) -> f64 {
        let re = f32::from_ne_bytes([b[0], b[1], b[2], b[3]]);
        let im = f32::from_ne_bytes([b[4], b[5], b[6], b[7]]);
        f64::from(modulus(re, im))
    }
}

/// Complex128 as its modulus.
struct Modulus128;
impl Sample for Modulus128 {
    const SIZE: usize = 16;
    fn read(b: &[u8]) -> f64 {
        modulus(f64::read(b), f64::read(&b[8..]))
    }
}

/// Runs `$body` with `$S` bound to the [`Sample`] reader of a numeric dtype; strings
/// return [`InspectError::NotNumeric`].
macro_rules! with_sample {
    ($dtype:expr, $op:expr, $S:ident => $body:expr) => {{
        match $dtype {
            DType::Bool => {
                type $S = Bool;
                $body
            }
            DType::Int8 => {
                type $S = i8;
                $body
            }
            DType::Int16 => {
                type $S = i16;
                $body
            }
            DType::Int32 => {
                type $S = i32;
                $body
            }
            DType::Int64 => {
                type $S = i64;
                $body
            }
            DType::UInt8 => {
                type $S = u8;
                $body
            }
            DType::UInt16 => {
                type $S = u16;
                $body
            }
            DType::UInt32 => {
                type $S = u32;
                $body
            }
            DType::UInt64 => {
                type $S = u64;
                $body
            }
            DType::Float16 => {
                type $S = Half;
                $body
            }
            DType::Float32 => {
                type $S = f32;
                $body
            }
            DType::Float64 => {
                type $S = f64;
                $body
            }
            DType::Complex64 => {
                type $S = Modulus64;
                $body
            }
            DType::Complex128 => {
                type $S = Modulus128;
                $body
            }
            other => {
                return Err(InspectError::NotNumeric {
                    op: $op,
                    dtype: other.name(),
                });
            }
        }
    }};
}

/// Visits every element of `a` in memory order with its byte offset and its position in
/// an output whose element strides per input axis are `out_strides`.
fn walk(a: &Array, out_strides: &[isize], mut visit: impl FnMut(usize, usize)) {
    if a.size() == 0 {
        return;
    }
    let nd = a.ndim();
    let perm = Layout::k_order(nd, &[a.strides()]);
    let dims: Vec<usize> = perm.iter().map(|&p| a.shape()[p]).collect();
    let bstr: Vec<isize> = perm.iter().map(|&p| a.strides()[p]).collect();
    let ostr: Vec<isize> = perm.iter().map(|&p| out_strides[p]).collect();
    let mut idx = vec![0usize; nd];
    let mut off = a.layout().offset() as isize;
    let mut o = 0isize;
    loop {
        visit(off as usize, o as usize);
        let mut k = nd;
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            idx[k] += 1;
            off += bstr[k];
            o += ostr[k];
            if idx[k] < dims[k] {
                break;
            }
            off -= bstr[k] * dims[k] as isize;
            o -= ostr[k] * dims[k] as isize;
            idx[k] = 0;
        }
    }
}

/// Element strides of a C-contiguous array of `shape`.
fn c_element_strides(shape: &[usize]) -> Vec<isize> {
    let mut s = vec![0isize; shape.len()];
    let mut acc = 1isize;
    for k in (0..shape.len()).rev() {
        s[k] = acc;
        acc = acc.saturating_mul(shape[k].max(1) as isize);
    }
    s
}

/// A vector of `n` copies of `value`, or [`InspectError::OutOfMemory`] when `n` such
/// vectors (`copies` of them, all asked for together) cannot be had: the size is
/// checked against the address space, and the allocation itself is fallible.
fn try_filled<T: Clone>(
    n: u128,
    copies: u128,
    value: T,
    op: &'static str,
    shape: &[usize],
) -> Result<Vec<T>, InspectError> {
    let total = n
        .saturating_mul(copies)
        .saturating_mul(std::mem::size_of::<T>() as u128);
    let oom = || InspectError::OutOfMemory {
        op,
        shape: shape.to_vec(),
        lanes: n,
        bytes: usize::try_from(total).unwrap_or(usize::MAX),
    };
    if total > isize::MAX as u128 {
        return Err(oom());
    }
    let n = n as usize;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| oom())?;
    v.resize(n, value);
    Ok(v)
}

/// Every element of `a` in C order as `f64` (complex: `|z|`; bool: 0/1).
pub fn values_f64(a: &Array) -> Result<Vec<f64>, InspectError> {
    let mut out = try_filled(a.size() as u128, 1, 0f64, "reading values", a.shape())?;
    let strides = c_element_strides(a.shape());
    let bytes = a.storage().read();
    with_sample!(a.dtype(), "reading values", S => {
        walk(a, &strides, |off, o| out[o] = S::read(&bytes[off..off + S::SIZE]));
    });
    Ok(out)
}

/// Statistics along `axis` (negative counts from the end); see the module docs.
pub fn compute_axis_stats(a: &Array, axis: isize) -> Result<AxisStats, InspectError> {
    let nd = a.ndim() as isize;
    if axis < -nd || axis >= nd {
        return Err(InspectError::AxisOutOfRange {
            axis,
            shape: a.shape().to_vec(),
        });
    }
    let ax = if axis < 0 { axis + nd } else { axis } as usize;
    let mut shape = a.shape().to_vec();
    shape.remove(ax);
    // A (0, 10**12) tensor has no data but a 10**12-lane result: size it before
    // allocating, as NumPy does (`MemoryError`), instead of aborting the process.
    let n_out = shape
        .iter()
        .fold(1u128, |acc, &d| acc.saturating_mul(d as u128));
    const OP: &str = "per-axis statistics";
    // Six vectors of 8-byte lanes: the request is for all of them at once.
    let mut count = try_filled(n_out, 6, 0u64, OP, a.shape())?;
    let mut mean = try_filled(n_out, 1, 0f64, OP, a.shape())?;
    let mut m2 = try_filled(n_out, 1, 0f64, OP, a.shape())?;
    let mut min = try_filled(n_out, 1, f64::INFINITY, OP, a.shape())?;
    let mut max = try_filled(n_out, 1, f64::NEG_INFINITY, OP, a.shape())?;
    let mut nan_count = try_filled(n_out, 1, 0u64, OP, a.shape())?;
    let kept = c_element_strides(&shape);
    let mut out_strides: Vec<isize> = kept.clone();
    out_strides.insert(ax, 0);
    let bytes = a.storage().read();
    with_sample!(a.dtype(), "per-axis statistics", S => {
        walk(a, &out_strides, |off, o| {
            let x = S::read(&bytes[off..off + S::SIZE]);
            if x.is_finite() {
                count[o] += 1;
                let d = x - mean[o];
                mean[o] += d / count[o] as f64;
                m2[o] += d * (x - mean[o]);
                min[o] = min[o].min(x);
                max[o] = max[o].max(x);
            } else if x.is_nan() {
                nan_count[o] += 1;
            }
        });
    });
    let none = |c: u64, v: f64| if c == 0 { f64::NAN } else { v };
    Ok(AxisStats {
        axis: ax,
        mean: count.iter().zip(&mean).map(|(&c, &m)| none(c, m)).collect(),
        std: count
            .iter()
            .zip(&m2)
            .map(|(&c, &v)| none(c, (v.max(0.0) / c.max(1) as f64).sqrt()))
            .collect(),
        min: count.iter().zip(&min).map(|(&c, &m)| none(c, m)).collect(),
        max: count.iter().zip(&max).map(|(&c, &m)| none(c, m)).collect(),
        nan_count,
        shape,
    })
}
