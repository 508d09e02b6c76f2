//! Per-column signals of a 2-D `(N, D)` batch in one fused pass: NaN, +Inf and −Inf
//! counts and each column's finite min and max — the "value range per axis" signal that
//! NumPy needs four separate passes for (`isnan(a).sum()`, `isinf(a).sum()`,
//! `a.min(axis=0)`, `a.max(axis=0)`).
//!
//! Rows are split over the cores; each task keeps `D` running minima and maxima that stay
//! in L1 and are updated with branch-free SIMD selects (`|x| < inf` picks the finite
//! lanes), written against [`pulp::Simd`] and dispatched at run time to the best
//! instruction set the CPU has (AVX2 here). Non-finite values are counted in the same
//! sweep and told apart (NaN vs ±Inf) only in the rare rows that have any.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_inspect::columns::column_signals;
//! let a = Array::from_f64s(&[1.0, f64::NAN, -3.0, 4.0, f64::INFINITY, 0.5]).reshape(&[3, 2]).unwrap();
//! let s = column_signals(&a).unwrap();
//! assert_eq!((s.nan, s.posinf, s.neginf), (1, 1, 0));
//! assert_eq!(s.col_min, vec![-3.0, 0.5]);
//! assert_eq!(s.col_max, vec![1.0, 4.0]);
//! ```

use ndplay_core::{Array, DType, Order};
use pulp::{Arch, Simd, WithSimd};
use rayon::prelude::*;

use crate::error::InspectError;

/// What [`column_signals`] finds.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnSignals {
    /// NaN count.
    pub nan: u64,
    /// +Inf count.
    pub posinf: u64,
    /// −Inf count.
    pub neginf: u64,
    /// Finite minimum of each column (NaN when a column has no finite value).
    pub col_min: Vec<f64>,
    /// Finite maximum of each column (NaN when a column has no finite value).
    pub col_max: Vec<f64>,
}

/// Rows per parallel task: large enough to amortise scheduling, small enough to balance.
const ROWS_PER_TASK: usize = 256;

trait Real: Copy + Send + Sync + PartialOrd + bytemuck::Pod + ndplay_core::element::Element {
    fn widen(self) -> f64;
    const INF: Self;
    const NEG_INF: Self;
    /// Folds one row into the running column minima and maxima of its finite values and
    /// returns how many of its values are not finite.
    fn fold_row<S: Simd>(s: S, row: &[Self], min: &mut [Self], max: &mut [Self]) -> usize;
}

/// [`Real`] for a float type, with pulp's vector operations of that type: each lane
/// tests `|x| < inf` (false for NaN and ±Inf), replaces what fails by the neutral
/// element (+inf for the minimum, −inf for the maximum), and counts what passes.
macro_rules! real {
    ($t:ident, $as_simd:ident, $as_mut_simd:ident, $splat:ident, $abs:ident, $lt:ident,
     $select:ident, $min:ident, $max:ident, $add:ident, $sum:ident) => {
        impl Real for $t {
            fn widen(self) -> f64 {
                self as f64
            }
            const INF: Self = $t::INFINITY;
            const NEG_INF: Self = $t::NEG_INFINITY;

            #[inline(always)]
            fn fold_row<S: Simd>(s: S, row: &[Self], min: &mut [Self], max: &mut [Self]) -> usize {
                let (xv, xt) = S::$as_simd(row);
                let (minv, mint) = S::$as_mut_simd(min);
                let (maxv, maxt) = S::$as_mut_simd(max);
                let (inf, ninf) = (s.$splat($t::INFINITY), s.$splat($t::NEG_INFINITY));
                let (one, zero) = (s.$splat(1.0), s.$splat(0.0));
                let mut finite = zero;
                for ((&x, mn), mx) in xv.iter().zip(minv).zip(maxv) {
                    let ok = s.$lt(s.$abs(x), inf);
                    *mn = s.$min(*mn, s.$select(ok, x, inf));
                    *mx = s.$max(*mx, s.$select(ok, x, ninf));
                    finite = s.$add(finite, s.$select(ok, one, zero));
                }
                // Lane counts stay far below 2^24, so the float sum is exact.
                let mut bad = (row.len() - xt.len()) - s.$sum(finite) as usize;
                for ((&x, mn), mx) in xt.iter().zip(mint).zip(maxt) {
                    if x.is_finite() {
                        *mn = mn.min(x);
                        *mx = mx.max(x);
                    } else {
                        bad += 1;
                    }
                }
                bad
            }
        }
    };
}
real!(
    f64,
    as_simd_f64s,
    as_mut_simd_f64s,
    splat_f64s,
    abs_f64s,
    less_than_f64s,
    select_f64s,
    min_f64s,
    max_f64s,
    add_f64s,
    reduce_sum_f64s
);
real!(
    f32,
    as_simd_f32s,
    as_mut_simd_f32s,
    splat_f32s,
    abs_f32s,
    less_than_f32s,
    select_f32s,
    min_f32s,
    max_f32s,
    add_f32s,
    reduce_sum_f32s
);

struct Partial<T> {
    nan: u64,
    posinf: u64,
    neginf: u64,
    min: Vec<T>,
    max: Vec<T>,
}

/// One task's rows, as a [`WithSimd`] operation so that pulp runs it compiled for the
/// best instruction set the CPU has (everything below is `#[inline(always)]`).
struct Sweep<'a, T> {
    rows: &'a [T],
    d: usize,
}

impl<T: Real> WithSimd for Sweep<'_, T> {
    type Output = Partial<T>;

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) -> Partial<T> {
        let d = self.d;
        let mut p = Partial {
            nan: 0,
            posinf: 0,
            neginf: 0,
            min: vec![T::INF; d],
            max: vec![T::NEG_INF; d],
        };
        for row in self.rows.chunks_exact(d) {
            if T::fold_row(s, row, &mut p.min, &mut p.max) > 0 {
                // Rare: tell NaN from ±Inf only in rows that have any.
                for &x in row {
                    if x.widen().is_nan() {
                        p.nan += 1;
                    } else if x == T::INF {
                        p.posinf += 1;
                    } else if x == T::NEG_INF {
                        p.neginf += 1;
                    }
                }
            }
        }
        p
    }
}

fn sweep<T: Real>(rows: &[T], d: usize) -> Partial<T> {
    Arch::new().dispatch(Sweep { rows, d })
}

fn fused<T: Real>(data: &[T], d: usize) -> ColumnSignals {
    let merged = data
        .par_chunks(ROWS_PER_TASK * d)
        .map(|rows| sweep(rows, d))
        .reduce_with(|mut a, b| {
            a.nan += b.nan;
            a.posinf += b.posinf;
            a.neginf += b.neginf;
            for (x, y) in a.min.iter_mut().zip(&b.min) {
                if *y < *x {
                    *x = *y;
                }
            }
            for (x, y) in a.max.iter_mut().zip(&b.max) {
                if *y > *x {
                    *x = *y;
                }
            }
            a
        })
        .unwrap_or(Partial {
            nan: 0,
            posinf: 0,
            neginf: 0,
            min: vec![T::INF; d],
            max: vec![T::NEG_INF; d],
        });
    let finite_or_nan = |v: T| {
        if v.widen().is_finite() {
            v.widen()
        } else {
            f64::NAN
        }
    };
    ColumnSignals {
        nan: merged.nan,
        posinf: merged.posinf,
        neginf: merged.neginf,
        col_min: merged.min.into_iter().map(finite_or_nan).collect(),
        col_max: merged.max.into_iter().map(finite_or_nan).collect(),
    }
}

/// The fused per-column pass over a 2-D array (any numeric dtype; float32 and float64
/// read in place when C-contiguous, everything else through a float64 copy).
pub fn column_signals(a: &Array) -> Result<ColumnSignals, InspectError> {
    if a.ndim() != 2 {
        return Err(InspectError::Engine {
            op: "column_signals",
            tensor: "<array>".into(),
            shape: a.shape().to_vec(),
            source: Box::new(ndplay_core::Error::value(
                format!(
                    "column_signals needs a 2-D (N, D) array, got {} dimensions",
                    a.ndim()
                ),
                "Reshape to (N, D) first, e.g. a.reshape(N, -1).",
            )),
        });
    }
    let d = a.shape()[1];
    if a.size() == 0 || d == 0 {
        return Ok(ColumnSignals {
            nan: 0,
            posinf: 0,
            neginf: 0,
            col_min: vec![f64::NAN; d],
            col_max: vec![f64::NAN; d],
        });
    }
    let c = a.as_c_contiguous().map_err(|e| engine_err(a, e))?;
    match c.dtype() {
        DType::Float32 => Ok(with_slice::<f32, _>(&c, |s| fused(s, d))),
        DType::Float64 => Ok(with_slice::<f64, _>(&c, |s| fused(s, d))),
        _ => {
            let v = c
                .astype(DType::Float64, ndplay_core::Casting::Unsafe)
                .map_err(|e| engine_err(a, e))?
                .copy(Order::C)
                .map_err(|e| engine_err(a, e))?;
            Ok(with_slice::<f64, _>(&v, |s| fused(s, d)))
        }
    }
}

fn engine_err(a: &Array, e: ndplay_core::Error) -> InspectError {
    InspectError::Engine {
        op: "column_signals",
        tensor: "<array>".into(),
        shape: a.shape().to_vec(),
        source: Box::new(e),
    }
}

/// Runs `f` over a C-contiguous array's elements in place (copying only if the bytes
/// are not aligned for `T`, as can happen for memory-mapped files).
fn with_slice<T: bytemuck::Pod + ndplay_core::element::Element, R>(
    a: &Array,
    f: impl FnOnce(&[T]) -> R,
) -> R {
    let bytes = a.storage().read();
    let start = a.layout().offset();
    let raw = &bytes[start..start + a.nbytes()];
    match bytemuck::try_cast_slice::<u8, T>(raw) {
        Ok(s) => f(s),
        Err(_) => f(&a.to_vec::<T>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fused pass against the plain definition on random data with specials, odd
    /// sizes, float32 and float64, and a transposed (non-contiguous) input.
    #[test]
    fn matches_the_definition() {
        for (n, d) in [(1, 1), (3, 5), (257, 17), (1000, 33)] {
            let mut v: Vec<f64> = (0..n * d)
                .map(|i| ((i * 7919) % 1013) as f64 - 500.0)
                .collect();
            for k in (0..v.len()).step_by(97) {
                v[k] = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY][k % 3];
            }
            let a = Array::from_vec(v.clone(), &[n, d]).unwrap();
            for arr in [
                a.clone(),
                a.astype(DType::Float32, ndplay_core::Casting::Unsafe)
                    .unwrap(),
                a.t().copy(Order::C).unwrap().t(),
            ] {
                let s = column_signals(&arr).unwrap();
                let vals = arr.to_vec::<f64>();
                assert_eq!(s.nan as usize, vals.iter().filter(|x| x.is_nan()).count());
                assert_eq!(
                    s.posinf as usize,
                    vals.iter().filter(|x| **x == f64::INFINITY).count()
                );
                assert_eq!(
                    s.neginf as usize,
                    vals.iter().filter(|x| **x == f64::NEG_INFINITY).count()
                );
                for j in 0..d {
                    let col: Vec<f64> = (0..n)
                        .map(|i| vals[i * d + j])
                        .filter(|x| x.is_finite())
                        .collect();
                    let mn = col.iter().copied().fold(f64::INFINITY, f64::min);
                    let mx = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    if col.is_empty() {
                        assert!(s.col_min[j].is_nan() && s.col_max[j].is_nan());
                    } else {
                        assert_eq!(
                            (s.col_min[j], s.col_max[j]),
                            (mn, mx),
                            "column {j} of ({n}, {d})"
                        );
                    }
                }
            }
        }
    }
}
