//! The Loop-vs-fast panel: an ML primitive computed twice on the current data, as the
//! plain loop that reads like its definition and as the fast kernel, with both timings
//! and whether they agree. The twins are `ndplay-linalg`'s (`ml::*_loop` and `ml::*`);
//! column means are the seed's own pair, `[arr[:, j].mean() for j in range(d)]` against
//! `arr.mean(axis=0)`.
//!
//! The data is the current tensor as a matrix `X = arr.reshape(len(arr), -1)` (a 1-D
//! tensor is one column, a scalar a 1×1 matrix). The quadratic primitives (`X @ X.T`,
//! pairwise distances) use the first rows only, as many as keep the loop under about
//! 2·10^8 multiply-adds.
//!
//! ```
//! use ndplay::server::twins::{Primitive, run};
//! use ndplay_core::Array;
//!
//! let x = Array::arange_f64(0.0, 12.0, 1.0).reshape(&[4, 3]).unwrap();
//! let r = run(&x, Primitive::ColumnMeans)?;
//! assert!(r.agree);
//! assert_eq!(r.result_shape, [3]);
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use std::time::Instant;

use ndplay_core::shape::fmt_shape;
use ndplay_core::{Array, DType, IndexItem, SliceArg};
use ndplay_linalg::ml;
use serde::{Deserialize, Serialize};

use super::error::AppError;

/// Budget of multiply-adds for the loop twin of a quadratic primitive.
const QUADRATIC_BUDGET: usize = 200_000_000;
/// Most rows a quadratic primitive uses (its result has rows² entries).
const MAX_QUADRATIC_ROWS: usize = 512;

/// The primitives on offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// Column means: `arr.mean(axis=0)`.
    ColumnMeans,
    /// The matrix product `X @ X.T`.
    Matmul,
    /// Pairwise Euclidean distances between the rows of `X`.
    Distances,
    /// Standardisation `(X - X.mean(0)) / X.std(0)`.
    Standardize,
}

/// What one run found.
#[derive(Clone, Debug, Serialize)]
pub struct TwinRun {
    /// The primitive.
    pub primitive: Primitive,
    /// The loop, in NumPy-flavoured Python.
    pub loop_code: &'static str,
    /// The fast version.
    pub fast_code: &'static str,
    /// The matrix the twins ran on, and how it was made from the current tensor.
    pub input: String,
    /// `X`'s shape.
    pub input_shape: Vec<usize>,
    /// The result's shape.
    pub result_shape: Vec<usize>,
    /// Wall time of the loop, in milliseconds.
    pub loop_ms: f64,
    /// Wall time of the fast version, in milliseconds.
    pub fast_ms: f64,
    /// `loop_ms / fast_ms`.
    pub speedup: f64,
    /// Largest absolute difference between the two results where both are numbers.
    pub max_abs_diff: f64,
    /// Positions where one result is NaN (or ±Inf) and the other is not, or where both
    /// are infinite with different signs.
    pub nonfinite_mismatches: usize,
    /// Whether they agree within the tolerance for the dtype.
    pub agree: bool,
    /// The tolerance used: `|loop - fast| <= atol + rtol * |fast|`.
    pub rtol: f64,
    /// `repr` of the fast result.
    pub result_repr: String,
}

/// The current tensor as a matrix, and its NumPy spelling.
pub fn as_matrix(a: &Array) -> Result<(Array, String), AppError> {
    match a.ndim() {
        0 => Ok((a.reshape(&[1, 1])?, "X = arr.reshape(1, 1)".into())),
        1 => Ok((a.reshape(&[-1, 1])?, "X = arr.reshape(-1, 1)".into())),
        2 => Ok((a.clone(), "X = arr".into())),
        _ => Ok((
            a.reshape(&[a.shape()[0] as isize, -1])?,
            format!("X = arr.reshape({}, -1)", a.shape()[0]),
        )),
    }
}

/// The loop twin of column means: one pass per column, as the seed writes it.
pub fn column_means_loop(x: &Array) -> Result<Array, AppError> {
    let (n, d) = (x.shape()[0], x.shape()[1]);
    let v = x.to_vec::<f64>();
    let mut out = Vec::with_capacity(d);
    for j in 0..d {
        let mut s = 0.0;
        for i in 0..n {
            s += v[i * d + j];
        }
        out.push(s / n as f64);
    }
    Ok(Array::from_vec(out, &[d])?)
}

/// Rows of an `(n, d)` matrix a quadratic primitive uses: all of them while the loop
/// stays within the budget.
pub fn quadratic_rows(n: usize, d: usize) -> usize {
    n.min(MAX_QUADRATIC_ROWS)
        .min(((QUADRATIC_BUDGET / d.max(1)) as f64).sqrt() as usize)
        .max(1)
}

fn timed<T>(f: impl FnOnce() -> Result<T, AppError>) -> Result<(T, f64), AppError> {
    let t = Instant::now();
    let out = f()?;
    Ok((out, t.elapsed().as_secs_f64() * 1e3))
}

/// Runs both twins of `p` on the current tensor `a`.
pub fn run(a: &Array, p: Primitive) -> Result<TwinRun, AppError> {
    if !a.dtype().is_numeric() || a.dtype().is_complex() {
        return Err(AppError::Refused {
            py_type: "TypeError",
            message: format!(
                "the twins need real numbers, and arr has dtype {}",
                a.dtype()
            ),
            hint: "Generate or upload a real-valued tensor (float64, float32 or an integer \
                   dtype)."
                .into(),
        });
    }
    let (mut x, mut input) = as_matrix(a)?;
    if x.shape()[0] == 0 {
        return Err(AppError::Refused {
            py_type: "ValueError",
            message: format!("X = {} has no rows", fmt_shape(x.shape())),
            hint: "Pick a shape whose first axis is at least 1.".into(),
        });
    }
    if matches!(p, Primitive::Matmul | Primitive::Distances) {
        let n = x.shape()[0];
        let rows = quadratic_rows(n, x.shape()[1]);
        if rows < n {
            x = x.index(&[IndexItem::Slice(SliceArg::new(
                None,
                Some(rows as isize),
                1,
            ))])?;
            input = format!("{input}[:{rows}]  # first {rows} of {n} rows: the loop is quadratic");
        }
    }
    let (loop_code, fast_code) = match p {
        Primitive::ColumnMeans => (
            "[X[:, j].mean() for j in range(X.shape[1])]",
            "X.mean(axis=0)",
        ),
        Primitive::Matmul => (
            "[[sum(X[i, p] * X[j, p] for p in range(d)) for j in range(n)] for i in range(n)]",
            "X @ X.T",
        ),
        Primitive::Distances => (
            "[[sqrt(sum((X[i] - X[j]) ** 2)) for j in range(n)] for i in range(n)]",
            "sqrt(max(|x|² + |y|² − 2 X @ X.T, 0))",
        ),
        Primitive::Standardize => (
            "for j: mu = sum(X[:, j]) / n; sd = sqrt(sum((X[:, j] - mu) ** 2) / n); Z[:, j] = (X[:, j] - mu) / sd",
            "(X - X.mean(axis=0)) / X.std(axis=0)",
        ),
    };
    let xt = x.t();
    let (slow, loop_ms) = timed(|| match p {
        Primitive::ColumnMeans => column_means_loop(&x),
        Primitive::Matmul => Ok(ml::matrix_product_loop(&x, &xt)?),
        Primitive::Distances => Ok(ml::pairwise_distances_loop(&x)?),
        Primitive::Standardize => Ok(ml::standardize_loop(&x)?),
    })?;
    let (fast, fast_ms) = timed(|| match p {
        Primitive::ColumnMeans => Ok(x.mean(Some(&[0]), false)?),
        Primitive::Matmul => Ok(ml::matrix_product(&x, &xt)?),
        Primitive::Distances => Ok(ml::pairwise_distances(&x)?),
        Primitive::Standardize => Ok(ml::standardize(&x)?),
    })?;
    // Float32 data is multiplied in float32 by the fast matrix product (NumPy's result
    // dtype) and in float64 by the loop.
    let low_precision = matches!(x.dtype(), DType::Float32 | DType::Float16);
    let (rtol, atol) = if low_precision {
        (1e-3, 1e-3)
    } else {
        (1e-9, 1e-9)
    };
    let (sv, fv) = (slow.to_vec::<f64>(), fast.to_vec::<f64>());
    let mut max_abs_diff: f64 = 0.0;
    let mut nonfinite_mismatches = 0;
    let mut agree = sv.len() == fv.len();
    for (s, f) in sv.iter().zip(&fv) {
        if s.is_nan() && f.is_nan() || s == f {
            continue;
        }
        if !s.is_finite() || !f.is_finite() {
            nonfinite_mismatches += 1;
            agree = false;
            continue;
        }
        let diff = (s - f).abs();
        max_abs_diff = max_abs_diff.max(diff);
        if diff > atol + rtol * f.abs() {
            agree = false;
        }
    }
    Ok(TwinRun {
        primitive: p,
        loop_code,
        fast_code,
        input: format!("{input}  # {}", fmt_shape(x.shape())),
        input_shape: x.shape().to_vec(),
        result_shape: fast.shape().to_vec(),
        loop_ms,
        fast_ms,
        speedup: if fast_ms > 0.0 {
            loop_ms / fast_ms
        } else {
            f64::INFINITY
        },
        max_abs_diff,
        nonfinite_mismatches,
        agree,
        rtol,
        result_repr: fast.repr(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_primitive_agrees_on_a_4d_batch() {
        let a = Array::from_vec(
            (0..2 * 3 * 3 * 2)
                .map(|i| (i as f64).sin())
                .collect::<Vec<_>>(),
            &[2, 3, 3, 2],
        )
        .unwrap();
        for p in [
            Primitive::ColumnMeans,
            Primitive::Matmul,
            Primitive::Distances,
            Primitive::Standardize,
        ] {
            let r = run(&a, p).unwrap();
            assert!(r.agree, "{p:?}: {}", r.max_abs_diff);
            assert_eq!(r.input_shape, [2, 18]);
        }
    }

    #[test]
    fn quadratic_primitives_use_the_first_rows_of_wide_data() {
        assert_eq!(quadratic_rows(32, 2352), 32);
        assert_eq!(quadratic_rows(600, 1000), 447);
        assert_eq!(quadratic_rows(10_000, 1), 512);
        assert_eq!(quadratic_rows(5, 1 << 40), 1);
    }

    #[test]
    fn nan_in_different_places_is_a_disagreement_not_a_number() {
        // The fast distance kernel expands |x − y|² into |x|² + |y|² − 2x·y, so a NaN row
        // poisons every entry; the loop only the pairs it is in.
        let a = Array::from_vec(vec![f64::NAN, 1.0, 2.0, 3.0, 4.0, 5.0], &[3, 2]).unwrap();
        let r = run(&a, Primitive::ColumnMeans).unwrap();
        assert!(r.agree);
        let r = run(&a, Primitive::Distances).unwrap();
        assert!(r.max_abs_diff.is_finite());
        assert_eq!(r.agree, r.nonfinite_mismatches == 0);
    }

    #[test]
    fn scalars_and_text_are_handled() {
        let s = Array::from_vec(vec![2.5f64], &[]).unwrap();
        assert!(run(&s, Primitive::Standardize).unwrap().agree);
        let t = Array::from_strings(&["a"], &[1]).unwrap();
        assert_eq!(run(&t, Primitive::ColumnMeans).unwrap_err().status(), 422);
    }
}
