//! Losses and classification twins.
//!
//! | function | formula | shapes |
//! |---|---|---|
//! | [`mse`] | `Σ (y_i − ŷ_i)² / N` | `y, ŷ` identical shapes `-> scalar` |
//! | [`rmse`] | `sqrt(mse)` | same |
//! | [`mae`] | `Σ |y_i − ŷ_i| / N` | same |
//! | [`softmax`] | `exp(x − max) / Σ exp(x − max)` along `axis` | any `-> same` (float32 stays float32) |
//! | [`log_softmax`] | `x − max − log Σ exp(x − max)` along `axis` | any `-> same` |
//! | [`cross_entropy`] | `−Σ_i log clip(P[i, y_i]) / N` | `P (N, C), y (N,) int -> scalar` |
//! | [`cross_entropy_one_hot`] | `−Σ_i Σ_c T_ic log clip(P_ic) / N` | `P, T (N, C) -> scalar` |
//! | [`one_hot`] | `T_ic = 1 if y_i = c` | `y (N,) int, C -> (N, C)` |
//! | [`accuracy`] | `mean(argmax_c S_ic == y_i)` | `S (N, C), y (N,) int -> scalar` |
//!
//! `clip(p) = min(max(p, 1e-12), 1 − 1e-12)`, as the lessons clip, so a zero probability
//! costs about 27.6 instead of infinity. The regression losses refuse operands whose
//! shapes differ: `(N, 1)` against `(N,)` would broadcast to an `(N, N)` table of every
//! target against every prediction and average that, silently.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::loss::*;
//! let y = Array::from_vec(vec![3.0, 5.0], &[2]).unwrap();
//! let yhat = Array::from_vec(vec![1.0, 4.0], &[2]).unwrap();
//! assert_eq!(mse(&y, &yhat).unwrap(), 2.5);
//! let col = yhat.reshape(&[2, 1]).unwrap();
//! let err = mse(&y, &col).unwrap_err();
//! assert!(err.to_string().contains("(2, 2)"));
//! let p = softmax(&Array::from_vec(vec![1000.0, 1000.0], &[2]).unwrap(), -1).unwrap();
//! assert_eq!(p.to_vec::<f64>(), vec![0.5, 0.5]);                  // no overflow
//! ```

use ndplay_core::shape::{fmt_shape, normalize_axis};
use ndplay_core::{Array, DType, Error, IndexItem, Result};
use rayon::prelude::*;

use super::rows_f32::softmax_rows_f32;
use super::{
    PARALLEL_MIN, new_f64, new_f64_full, require_ndim, require_real, with_f64, with_f64_2,
    with_slice, zip_rows,
};
use crate::raw::with_full_output;

/// The clipping bound of the cross-entropies.
pub const EPS: f64 = 1e-12;

fn clip(p: f64) -> f64 {
    p.clamp(EPS, 1.0 - EPS)
}

fn check_same(op: &str, y: &Array, yhat: &Array) -> Result<usize> {
    require_real(op, "y_true", y)?;
    require_real(op, "y_pred", yhat)?;
    if y.shape() != yhat.shape() {
        let would = ndplay_core::shape::broadcast_shapes(op, &[y.shape(), yhat.shape()]);
        return Err(Error::value(
            format!("{op}: y_true has shape {} and y_pred has shape {}; they must be identical", fmt_shape(y.shape()), fmt_shape(yhat.shape())),
            match would {
                Ok(s) => format!(
                    "Broadcasting them would pair every target with every prediction in a {} array and average that, \
                     which runs without error and reports nonsense. Flatten the column with .ravel() (or index [:, 0]).",
                    fmt_shape(&s)
                ),
                Err(_) => "Each prediction pairs with the target at the same position, so both need the same shape.".to_string(),
            },
        ));
    }
    if y.size() == 0 {
        return Err(Error::value(
            format!("{op}: y_true and y_pred are empty"),
            "The mean of zero errors is undefined; check the split is non-empty.",
        ));
    }
    Ok(y.size())
}

/// MSE as the loop `s += (y[i] − ŷ[i])²`, then `s / N`. Shapes: identical, any.
///
/// # Errors
/// Different shapes (with what broadcasting would have done), empty or non-real inputs.
pub fn mse_loop(y: &Array, yhat: &Array) -> Result<f64> {
    let n = check_same("mse", y, yhat)?;
    let (a, b) = (y.to_vec::<f64>(), yhat.to_vec::<f64>());
    let mut s = 0.0;
    for i in 0..n {
        s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    Ok(s / n as f64)
}

/// Sum of `f(a_i, b_i)` over two slices, in lanes (vectorised) and in parallel when large.
fn sum_pairs(a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64 + Sync) -> f64 {
    let lanes = |a: &[f64], b: &[f64]| {
        let mut acc = [0.0f64; 8];
        let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
        let (ra, rb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            for l in 0..8 {
                acc[l] += f(x[l], y[l]);
            }
        }
        acc.iter().sum::<f64>() + ra.iter().zip(rb).map(|(&x, &y)| f(x, y)).sum::<f64>()
    };
    if a.len() >= PARALLEL_MIN {
        a.par_chunks(1 << 14)
            .zip(b.par_chunks(1 << 14))
            .map(|(x, y)| lanes(x, y))
            .sum()
    } else {
        lanes(a, b)
    }
}

/// MSE vectorised: the squared residuals summed in SIMD lanes, on both cores when large.
/// Shapes: identical, any.
///
/// # Errors
/// As [`mse_loop`].
pub fn mse(y: &Array, yhat: &Array) -> Result<f64> {
    let n = check_same("mse", y, yhat)?;
    with_f64_2(y, yhat, |a, b| {
        sum_pairs(a, b, |x, y| (x - y) * (x - y)) / n as f64
    })
}

/// RMSE as a loop: `sqrt(mse_loop)`.
///
/// # Errors
/// As [`mse_loop`].
pub fn rmse_loop(y: &Array, yhat: &Array) -> Result<f64> {
    Ok(mse_loop(y, yhat)?.sqrt())
}

/// RMSE vectorised: `sqrt(mse)`.
///
/// # Errors
/// As [`mse_loop`].
pub fn rmse(y: &Array, yhat: &Array) -> Result<f64> {
    Ok(mse(y, yhat)?.sqrt())
}

/// MAE as the loop `s += |y[i] − ŷ[i]|`, then `s / N`. Shapes: identical, any.
///
/// # Errors
/// As [`mse_loop`].
pub fn mae_loop(y: &Array, yhat: &Array) -> Result<f64> {
    let n = check_same("mae", y, yhat)?;
    let (a, b) = (y.to_vec::<f64>(), yhat.to_vec::<f64>());
    let mut s = 0.0;
    for i in 0..n {
        s += (a[i] - b[i]).abs();
    }
    Ok(s / n as f64)
}

/// MAE vectorised. Shapes: identical, any.
///
/// # Errors
/// As [`mse_loop`].
pub fn mae(y: &Array, yhat: &Array) -> Result<f64> {
    let n = check_same("mae", y, yhat)?;
    with_f64_2(y, yhat, |a, b| {
        sum_pairs(a, b, |x, y| (x - y).abs()) / n as f64
    })
}

/// `x` with `axis` moved last, as float64 rows: `(rows, len, moved shape)`.
fn rows_along(op: &str, x: &Array, axis: isize) -> Result<(Array, usize)> {
    require_real(op, "x", x)?;
    if x.ndim() == 0 {
        return Err(Error::value(
            format!("{op}: x is 0-D"),
            "softmax normalises along an axis; pass at least a 1-D array.",
        ));
    }
    let ax = normalize_axis(op, axis, x.ndim())?;
    let moved = x.moveaxis(&[ax as isize], &[-1])?;
    let len = x.shape()[ax];
    Ok((moved, len))
}

/// Puts the last axis back at `axis` and makes the result C-ordered.
fn restore(moved: Array, x: &Array, axis: isize) -> Result<Array> {
    let ax = normalize_axis("softmax", axis, x.ndim())?;
    moved.moveaxis(&[-1], &[ax as isize])?.as_c_contiguous()
}

/// Softmax along `axis` as loops over each slice along it: `m = max_k x_k`,
/// `s = Σ_k exp(x_k − m)`, `p_k = exp(x_k − m) / s`. Shapes: any `-> same`, float64.
///
/// # Errors
/// A 0-D or non-real `x`, an axis out of range.
pub fn softmax_loop(x: &Array, axis: isize) -> Result<Array> {
    softmax_rows_loop(x, axis, false)
}

/// Log-softmax along `axis` as loops: `x_k − m − log Σ_j exp(x_j − m)`.
///
/// # Errors
/// As [`softmax_loop`].
pub fn log_softmax_loop(x: &Array, axis: isize) -> Result<Array> {
    softmax_rows_loop(x, axis, true)
}

fn softmax_rows_loop(x: &Array, axis: isize, log: bool) -> Result<Array> {
    let (moved, len) = rows_along("softmax", x, axis)?;
    let v = moved.to_vec::<f64>();
    let mut out = vec![0.0; v.len()];
    let rows = v.len().checked_div(len).unwrap_or(0);
    for r in 0..rows {
        let mut m = f64::NEG_INFINITY;
        for k in 0..len {
            m = m.max(v[r * len + k]);
        }
        let mut s = 0.0;
        for k in 0..len {
            s += (v[r * len + k] - m).exp();
        }
        for k in 0..len {
            out[r * len + k] = if log {
                v[r * len + k] - m - s.ln()
            } else {
                (v[r * len + k] - m).exp() / s
            };
        }
    }
    restore(Array::from_vec(out, moved.shape())?, x, axis)
}

/// Softmax along `axis`: each slice along it shifted by its maximum (so `exp` cannot
/// overflow), exponentiated once and divided by its sum; slices in parallel.
/// Shapes: any `-> same`; float32 for float32 input (as NumPy's formula gives, computed
/// by the fused float32 kernel of `rows_f32`), float64 otherwise.
///
/// # Errors
/// As [`softmax_loop`].
pub fn softmax(x: &Array, axis: isize) -> Result<Array> {
    softmax_rows(x, axis, false)
}

/// Log-softmax along `axis`: `x − m − log Σ exp(x − m)`, stable for any magnitude.
///
/// # Errors
/// As [`softmax_loop`].
pub fn log_softmax(x: &Array, axis: isize) -> Result<Array> {
    softmax_rows(x, axis, true)
}

fn softmax_rows(x: &Array, axis: isize, log: bool) -> Result<Array> {
    let (moved, len) = rows_along("softmax", x, axis)?;
    let shape = moved.shape().to_vec();
    if x.dtype() == DType::Float32 {
        let out = with_slice::<f32, _>(&moved, |src| {
            with_full_output::<f32>(&shape, |o| softmax_rows_f32(o.slice(), src, len, log))
        })??;
        return restore(out, x, axis);
    }
    let out = with_f64(&moved, |v| {
        new_f64_full(&shape, |o| {
            zip_rows(o, v, len, |or, xr| {
                let m = xr.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if log {
                    let ls = xr.iter().map(|&x| (x - m).exp()).sum::<f64>().ln();
                    or.iter_mut().zip(xr).for_each(|(o, &x)| *o = x - m - ls);
                } else {
                    let mut s = 0.0;
                    for (o, &x) in or.iter_mut().zip(xr) {
                        *o = (x - m).exp();
                        s += *o;
                    }
                    or.iter_mut().for_each(|o| *o /= s);
                }
            })
        })
    })??;
    restore(out, x, axis)
}

/// Checks integer labels `(N,)` against `C` classes and returns them.
fn labels(op: &str, y: &Array, n: usize, c: usize) -> Result<Vec<usize>> {
    if !y.dtype().is_integer() {
        return Err(Error::type_error(
            format!(
                "{op}: labels have dtype {}, expected an integer dtype",
                y.dtype()
            ),
            "Class labels are integers 0..C-1; convert with .astype(np.int64), or use the one-hot form for soft targets.",
        ));
    }
    if y.ndim() != 1 || y.shape()[0] != n {
        return Err(Error::value(
            format!(
                "{op}: labels have shape {} but expected (N,) = ({n},)",
                fmt_shape(y.shape())
            ),
            "One integer label per row of the scores/probabilities.",
        ));
    }
    let v = y.to_vec::<i64>();
    if let Some((i, &bad)) = v
        .iter()
        .enumerate()
        .find(|&(_, &l)| l < 0 || l as u64 >= c as u64)
    {
        return Err(Error::value(
            format!("{op}: label {bad} at position {i} is outside 0..{c}"),
            format!(
                "With C = {c} classes, labels run from 0 to {}.",
                c.saturating_sub(1)
            ),
        ));
    }
    Ok(v.into_iter().map(|l| l as usize).collect())
}

fn probs(op: &str, p: &Array) -> Result<(usize, usize)> {
    require_ndim(op, "P", p, 2, "(N, C)")?;
    let (n, c) = (p.shape()[0], p.shape()[1]);
    if n == 0 {
        return Err(Error::value(
            format!("{op}: P has no rows"),
            "The mean over zero examples is undefined.",
        ));
    }
    Ok((n, c))
}

/// Cross-entropy from integer labels as a loop: `−Σ_i log clip(P[i][y_i]) / N`.
/// Shapes: `P (N, C)` probabilities, `y (N,)` integers in `0..C` `-> scalar`.
///
/// # Errors
/// Wrong shapes, non-integer or out-of-range labels, no rows.
pub fn cross_entropy_loop(p: &Array, y: &Array) -> Result<f64> {
    let (n, c) = probs("cross_entropy", p)?;
    let y = labels("cross_entropy", y, n, c)?;
    let pv = p.to_vec::<f64>();
    let mut s = 0.0;
    for i in 0..n {
        s -= clip(pv[i * c + y[i]]).ln();
    }
    Ok(s / n as f64)
}

/// Cross-entropy from integer labels, NumPy-style: the picked probabilities
/// `P[arange(N), y]` gathered by advanced indexing, clipped, logged and averaged.
///
/// # Errors
/// As [`cross_entropy_loop`].
pub fn cross_entropy(p: &Array, y: &Array) -> Result<f64> {
    let (n, c) = probs("cross_entropy", p)?;
    labels("cross_entropy", y, n, c)?;
    let rows = Array::from_vec((0..n as i64).collect::<Vec<_>>(), &[n])?;
    let picked = p.index(&[IndexItem::Array(rows), IndexItem::Array(y.clone())])?;
    with_f64(&picked, |v| {
        -v.iter().map(|&q| clip(q).ln()).sum::<f64>() / n as f64
    })
}

fn check_one_hot(p: &Array, t: &Array) -> Result<(usize, usize)> {
    let (n, c) = probs("cross_entropy_one_hot", p)?;
    require_real("cross_entropy_one_hot", "T", t)?;
    if t.shape() != p.shape() {
        return Err(Error::value(
            format!(
                "cross_entropy_one_hot: T has shape {} but expected P's shape (N, C) = ({n}, {c})",
                fmt_shape(t.shape())
            ),
            "One target row per example, one column per class; integer labels go to cross_entropy instead.",
        ));
    }
    Ok((n, c))
}

/// Cross-entropy from one-hot (or soft) targets as loops:
/// `−Σ_i Σ_c T[i][c] log clip(P[i][c]) / N`. Shapes: `P, T (N, C) -> scalar`.
///
/// # Errors
/// Different shapes, no rows, non-real inputs.
pub fn cross_entropy_one_hot_loop(p: &Array, t: &Array) -> Result<f64> {
    let (n, c) = check_one_hot(p, t)?;
    let (pv, tv) = (p.to_vec::<f64>(), t.to_vec::<f64>());
    let mut s = 0.0;
    for i in 0..n {
        for k in 0..c {
            s -= tv[i * c + k] * clip(pv[i * c + k]).ln();
        }
    }
    Ok(s / n as f64)
}

/// Cross-entropy from one-hot targets, vectorised over all `N·C` entries; entries whose
/// target is exactly 0 contribute exactly 0 and are skipped, so a one-hot table costs one
/// logarithm per row instead of one per class.
///
/// # Errors
/// As [`cross_entropy_one_hot_loop`].
pub fn cross_entropy_one_hot(p: &Array, t: &Array) -> Result<f64> {
    let (n, _) = check_one_hot(p, t)?;
    with_f64_2(p, t, |pv, tv| {
        -sum_pairs(pv, tv, |q, t| if t == 0.0 { 0.0 } else { t * clip(q).ln() }) / n as f64
    })
}

fn check_classes(op: &str, num_classes: usize) -> Result<()> {
    if num_classes == 0 {
        return Err(Error::value(
            format!("{op}: num_classes must be at least 1"),
            "One column per class.",
        ));
    }
    Ok(())
}

/// One-hot encoding as loops: a zero `(N, C)` table with `T[i][y_i] = 1`.
///
/// # Errors
/// Non-integer, non-1-D or out-of-range labels; `num_classes` of 0.
pub fn one_hot_loop(y: &Array, num_classes: usize) -> Result<Array> {
    check_classes("one_hot", num_classes)?;
    let n = if y.ndim() == 1 { y.shape()[0] } else { 0 };
    let y = labels("one_hot", y, n, num_classes)?;
    let mut t = vec![0.0; n * num_classes];
    for i in 0..n {
        t[i * num_classes + y[i]] = 1.0;
    }
    Array::from_vec(t, &[n, num_classes])
}

/// One-hot encoding written straight into the output table (NumPy spells it
/// `np.eye(C)[y]`, which gathers rows of an identity matrix; here no identity is built).
/// Shapes: `y (N,) -> (N, C)` float64.
///
/// # Errors
/// As [`one_hot_loop`].
pub fn one_hot(y: &Array, num_classes: usize) -> Result<Array> {
    check_classes("one_hot", num_classes)?;
    let n = if y.ndim() == 1 { y.shape()[0] } else { 0 };
    let y = labels("one_hot", y, n, num_classes)?;
    new_f64(&[n, num_classes], |t| {
        for (row, &label) in t.chunks_exact_mut(num_classes).zip(&y) {
            row[label] = 1.0;
        }
    })
}

/// Accuracy as loops: for each row, the index of its largest score (the first on ties,
/// as `argmax`), compared with the label; the fraction that match.
/// Shapes: `S (N, C)` scores or probabilities, `y (N,)` integers `-> scalar` in `[0, 1]`.
///
/// # Errors
/// Wrong shapes, bad labels, no rows or no classes.
pub fn accuracy_loop(s: &Array, y: &Array) -> Result<f64> {
    let (n, c) = probs("accuracy", s)?;
    check_classes("accuracy", c)?;
    let y = labels("accuracy", y, n, c)?;
    let v = s.to_vec::<f64>();
    let mut hits = 0usize;
    for i in 0..n {
        let mut best = 0;
        for k in 1..c {
            if v[i * c + k] > v[i * c + best]
                || (v[i * c + k].is_nan() && !v[i * c + best].is_nan())
            {
                best = k;
            }
        }
        if best == y[i] {
            hits += 1;
        }
    }
    Ok(hits as f64 / n as f64)
}

/// Accuracy NumPy-style: `(S.argmax(axis=1) == y).mean()`.
///
/// # Errors
/// As [`accuracy_loop`].
pub fn accuracy(s: &Array, y: &Array) -> Result<f64> {
    let (n, c) = probs("accuracy", s)?;
    check_classes("accuracy", c)?;
    labels("accuracy", y, n, c)?;
    Ok(s.argmax(Some(1))?
        .eq(y)?
        .mean(None, false)?
        .item()?
        .as_f64())
}
