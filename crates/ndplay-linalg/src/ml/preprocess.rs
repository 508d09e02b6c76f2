//! Feature preprocessing twins: per-column standardisation and row-wise L2 normalisation.
//!
//! | function | formula | shapes |
//! |---|---|---|
//! | [`Standardizer`] / [`standardize`] | `Z = (X − μ) / σ`, `μ, σ` per column over axis 0, `σ = 0 → 1` | `(N, D) -> (N, D)`, `μ, σ: (D,)` |
//! | [`normalize`] | `Z_i = X_i / ‖X_i‖₂`, rows with `‖X_i‖ < 10ε` unchanged | `(N, D) -> (N, D)` |
//!
//! Statistics are fitted once, on the training split, and reused for validation and test
//! data: refitting per split leaks information and shifts the features between splits.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::preprocess::*;
//! let train = Array::from_vec(vec![1.0, 5.0, 3.0, 5.0], &[2, 2]).unwrap(); // column 1 constant
//! let s = Standardizer::fit(&train).unwrap();
//! assert_eq!(s.mean().to_vec::<f64>(), vec![2.0, 5.0]);
//! assert_eq!(s.std().to_vec::<f64>(), vec![1.0, 1.0]);                    // 0 guarded to 1
//! let val = Array::from_vec(vec![4.0, 7.0], &[1, 2]).unwrap();
//! assert_eq!(s.transform(&val).unwrap().to_vec::<f64>(), vec![2.0, 2.0]);
//!
//! let x = Array::from_vec(vec![3.0, 4.0, 0.0, 0.0], &[2, 2]).unwrap();
//! assert_eq!(normalize(&x).unwrap().to_vec::<f64>(), vec![0.6, 0.8, 0.0, 0.0]);
//! ```

use ndplay_core::shape::fmt_shape;
use ndplay_core::{Array, Error, Result};

use rayon::prelude::*;

use super::{new_f64, new_f64_full, require_ndim, with_f64, zip_rows};

fn matrix(op: &str, x: &Array) -> Result<(usize, usize)> {
    require_ndim(op, "X", x, 2, "(N, D)")?;
    Ok((x.shape()[0], x.shape()[1]))
}

fn nonempty(op: &str, n: usize) -> Result<()> {
    if n == 0 {
        return Err(Error::value(
            format!("{op}: X has no rows (N = 0), so per-column statistics are undefined"),
            "Fit on a non-empty training split.",
        ));
    }
    Ok(())
}

/// Per-column standardisation fitted on training data: `μ = X.mean(axis=0)`,
/// `σ = X.std(axis=0)` (population, ddof 0) with zero entries replaced by 1, so constant
/// columns become 0 instead of NaN. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct Standardizer {
    mean: Vec<f64>,
    std: Vec<f64>,
}

impl Standardizer {
    /// Fits `μ` and `σ` on `X (N, D)`, N ≥ 1.
    ///
    /// # Errors
    /// `X` not 2-D, not real, or without rows.
    pub fn fit(x: &Array) -> Result<Standardizer> {
        let (n, d) = matrix("Standardizer.fit", x)?;
        nonempty("Standardizer.fit", n)?;
        with_f64(x, |xs| {
            // Two passes (mean, then squared deviations) so large offsets do not cancel
            // the variance. Each pass sums blocks of rows in parallel, row by row inside a
            // block as NumPy reduces a C-ordered axis 0, and adds the blocks' partial sums
            // in block order: the result does not depend on the number of threads.
            let rows = &xs[..n * d];
            let mut mean = column_sums(rows, d, |acc, row| {
                acc.iter_mut().zip(row).for_each(|(m, &v)| *m += v);
            });
            mean.iter_mut().for_each(|m| *m /= n as f64);
            let var = column_sums(rows, d, |acc, row| {
                acc.iter_mut()
                    .zip(row)
                    .zip(&mean)
                    .for_each(|((s, &v), &m)| *s += (v - m) * (v - m));
            });
            let std = var
                .into_iter()
                .map(|s| (s / n as f64).sqrt())
                .map(|s| if s == 0.0 { 1.0 } else { s })
                .collect();
            Standardizer { mean, std }
        })
    }

    /// The fitted column means, shape `(D,)`.
    pub fn mean(&self) -> Array {
        Array::from_f64s(&self.mean)
    }

    /// The fitted column standard deviations after the zero guard, shape `(D,)`.
    pub fn std(&self) -> Array {
        Array::from_f64s(&self.std)
    }

    /// `(X − μ) / σ` for any split `X (M, D)` with the fitted D columns.
    ///
    /// # Errors
    /// `X` not 2-D, not real, or with another number of columns.
    pub fn transform(&self, x: &Array) -> Result<Array> {
        let (m, d) = matrix("Standardizer.transform", x)?;
        if d != self.mean.len() {
            return Err(Error::value(
                format!(
                    "Standardizer.transform: X has shape {} but the statistics were fitted on {} columns",
                    fmt_shape(x.shape()),
                    self.mean.len()
                ),
                format!(
                    "Every split must have the training data's features: shape (M, {}).",
                    self.mean.len()
                ),
            ));
        }
        with_f64(x, |xs| {
            new_f64_full(&[m, d], |z| {
                // Blocks of rows per task: a 64-column row alone is too little work.
                zip_rows(z, xs, d * ROWS_PER_TASK.min(m), |zb, xb| {
                    for (zr, xr) in zb.chunks_exact_mut(d).zip(xb.chunks_exact(d)) {
                        for (((z, &v), &mu), &sd) in
                            zr.iter_mut().zip(xr).zip(&self.mean).zip(&self.std)
                        {
                            *z = (v - mu) / sd;
                        }
                    }
                })
            })
        })?
    }

    /// [`fit`](Self::fit) then [`transform`](Self::transform) on the same data.
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_transform(x: &Array) -> Result<(Standardizer, Array)> {
        let s = Standardizer::fit(x)?;
        let z = s.transform(x)?;
        Ok((s, z))
    }
}

/// Rows per parallel task in [`Standardizer`]'s passes.
const ROWS_PER_TASK: usize = 512;

/// Per-column sums of `rows` (row-major, `d` columns): `add(acc, row)` for every row,
/// blocks of [`ROWS_PER_TASK`] rows in parallel when large, the blocks' sums added in
/// order.
fn column_sums(rows: &[f64], d: usize, add: impl Fn(&mut [f64], &[f64]) + Sync) -> Vec<f64> {
    let block = |chunk: &[f64]| {
        let mut acc = vec![0.0; d];
        chunk.chunks_exact(d).for_each(|row| add(&mut acc, row));
        acc
    };
    if d == 0 {
        return Vec::new();
    }
    if rows.len() < super::PARALLEL_MIN {
        return block(rows);
    }
    let parts: Vec<Vec<f64>> = rows.par_chunks(d * ROWS_PER_TASK).map(block).collect();
    let mut total = vec![0.0; d];
    for p in &parts {
        total.iter_mut().zip(p).for_each(|(t, &v)| *t += v);
    }
    total
}

/// Standardisation as loops: `μ_j = Σ_i X_ij / N`, `σ_j = sqrt(Σ_i (X_ij − μ_j)² / N)`
/// (1 where it is 0), `Z_ij = (X_ij − μ_j) / σ_j`. Shapes: `(N, D) -> (N, D)` float64.
///
/// # Errors
/// `X` not 2-D, not real, or without rows.
pub fn standardize_loop(x: &Array) -> Result<Array> {
    let (n, d) = matrix("standardize", x)?;
    nonempty("standardize", n)?;
    let v = x.to_vec::<f64>();
    let mut z = vec![0.0; n * d];
    for j in 0..d {
        let mut mean = 0.0;
        for i in 0..n {
            mean += v[i * d + j];
        }
        mean /= n as f64;
        let mut var = 0.0;
        for i in 0..n {
            var += (v[i * d + j] - mean) * (v[i * d + j] - mean);
        }
        let mut sd = (var / n as f64).sqrt();
        if sd == 0.0 {
            sd = 1.0;
        }
        for i in 0..n {
            z[i * d + j] = (v[i * d + j] - mean) / sd;
        }
    }
    Array::from_vec(z, &[n, d])
}

/// [`Standardizer::fit`] and [`Standardizer::transform`] on the same `X (N, D)`.
///
/// # Errors
/// As [`Standardizer::fit`].
pub fn standardize(x: &Array) -> Result<Array> {
    Ok(Standardizer::fit_transform(x)?.1)
}

/// Norms below this are treated as zero, as scikit-learn's `_handle_zeros_in_scale`.
const ZERO_NORM: f64 = 10.0 * f64::EPSILON;

/// Row-wise L2 normalisation as loops, scikit-learn's `normalize(X)` (norm `'l2'`,
/// axis 1): `n_i = sqrt(Σ_j X_ij²)`, rows with `n_i < 10ε` left unchanged, else
/// `Z_ij = X_ij / n_i`. Shapes: `(N, D) -> (N, D)` float64.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn normalize_loop(x: &Array) -> Result<Array> {
    let (n, d) = matrix("normalize", x)?;
    let v = x.to_vec::<f64>();
    let mut z = vec![0.0; n * d];
    for i in 0..n {
        let mut s = 0.0;
        for j in 0..d {
            s += v[i * d + j] * v[i * d + j];
        }
        let mut norm = s.sqrt();
        if norm < ZERO_NORM {
            norm = 1.0;
        }
        for j in 0..d {
            z[i * d + j] = v[i * d + j] / norm;
        }
    }
    Array::from_vec(z, &[n, d])
}

/// Row-wise L2 normalisation, rows in parallel; the same arithmetic as
/// [`normalize_loop`] (and scikit-learn). Shapes: `(N, D) -> (N, D)` float64.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn normalize(x: &Array) -> Result<Array> {
    let (n, d) = matrix("normalize", x)?;
    with_f64(x, |xs| {
        new_f64(&[n, d], |z| {
            zip_rows(z, xs, d, |zr, xr| {
                let norm = xr.iter().map(|v| v * v).sum::<f64>().sqrt();
                let norm = if norm < ZERO_NORM { 1.0 } else { norm };
                zr.iter_mut().zip(xr).for_each(|(z, &v)| *z = v / norm);
            })
        })
    })?
}
