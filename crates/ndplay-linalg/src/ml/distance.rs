//! Pairwise twins over the rows of `X (N, D)`: Euclidean distances and cosine similarity.
//!
//! | function | formula | shapes |
//! |---|---|---|
//! | [`pairwise_distances`] | `D_ij = ‖x_i − x_j‖₂` | `(N, D) -> (N, N)` |
//! | [`pairwise_cosine_similarity`] | `S_ij = x_i·x_j / (‖x_i‖ ‖x_j‖)`, 0 for zero rows | `(N, D) -> (N, N)` |
//!
//! Distances come three ways: the double loop ([`pairwise_distances_loop`]), the
//! lesson's broadcast one-liner `sqrt(((X[:, None, :] - X[None, :, :])**2).sum(-1))`
//! ([`pairwise_distances_broadcast`], which materialises an `(N, N, D)` block: 8 GB for
//! N = 10 000, D = 10), and the fast one ([`pairwise_distances`]) that works through the
//! Gram identity `‖x_i − x_j‖² = ‖x_i‖² + ‖x_j‖² − 2 x_i·x_j` in row blocks, so its only
//! memory beyond the `(N, N)` result is `N` squared norms.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::distance::*;
//! let x = Array::from_vec(vec![0.0, 0.0, 3.0, 4.0, 6.0, 8.0], &[3, 2]).unwrap();
//! let d = pairwise_distances(&x).unwrap();
//! assert_eq!(d.shape(), &[3, 3]);
//! assert_eq!(d.to_vec::<f64>(), vec![0.0, 5.0, 10.0, 5.0, 0.0, 5.0, 10.0, 5.0, 0.0]);
//! let s = pairwise_cosine_similarity(&x).unwrap().to_vec::<f64>();
//! assert_eq!(&s[4..6], &[1.0, 1.0]); // rows 1 and 2 point the same way; row 0 is zero
//! assert_eq!(s[0], 0.0);
//! ```

use faer::{Accum, Par};
use ndplay_core::{Array, Result};
use rayon::prelude::*;

use super::vector::{nrm2, unit_cosine};
use super::{OUT, new_f64, require_ndim, with_f64};
use crate::raw::{typed, with_output, with_views};

/// Rows per block of the Gram computation: a block of the output stays in cache while it
/// is turned into distances, and blocks are the unit of parallel work.
const BLOCK_ROWS: usize = 64;

/// Cosines above this in magnitude are recomputed from the row difference, where the Gram entry has
/// lost most of its digits to cancellation.
const REFINE_ABOVE: f64 = 1.0 - 1e-4;

fn rows(op: &str, x: &Array) -> Result<(usize, usize)> {
    require_ndim(op, "X", x, 2, "(N, D)")?;
    Ok((x.shape()[0], x.shape()[1]))
}

/// Distances as the definition: for every pair `(i, j)`,
/// `D[i][j] = sqrt(Σ_k (X[i][k] − X[j][k])²)`. Shapes: `(N, D) -> (N, N)` float64.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn pairwise_distances_loop(x: &Array) -> Result<Array> {
    let (n, d) = rows("pairwise_distances", x)?;
    let v = x.to_vec::<f64>();
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let mut s = 0.0;
            for k in 0..d {
                let diff = v[i * d + k] - v[j * d + k];
                s += diff * diff;
            }
            out[i * n + j] = s.sqrt();
        }
    }
    Array::from_vec(out, &[n, n])
}

/// The lesson's broadcast one-liner, with the engine's own array operations:
/// `diff = X[:, None, :] - X[None, :, :]` (shape `(N, N, D)`), then
/// `sqrt((diff ** 2).sum(axis=-1))`. Shapes: `(N, D) -> (N, N)` float64.
///
/// # Errors
/// `X` not 2-D, or not real; the `(N, N, D)` block too large to allocate.
pub fn pairwise_distances_broadcast(x: &Array) -> Result<Array> {
    rows("pairwise_distances", x)?;
    let x = typed::<f64>(x)?;
    // The (N, N, D) outer broadcast is this version's whole idea, not an accident.
    let diff =
        ndplay_core::diagnostics::suppressed(|| x.expand_dims(&[1])?.sub(&x.expand_dims(&[0])?))?;
    diff.square()?.sum(Some(&[-1]), false)?.sqrt()
}

/// Distances through the Gram identity, in blocks of rows on both cores:
/// `G = X_block @ X.T` (faer), then `D_ij = sqrt(max(0, ‖x_i‖² + ‖x_j‖² − 2 G_ij))`.
/// Negative squared distances from rounding are clamped to 0, the diagonal is exactly 0
/// and the result is exactly symmetric (the upper triangle is mirrored). Shapes:
/// `(N, D) -> (N, N)` float64. Memory: the result plus `N` floats; never `(N, N, D)`.
///
/// Accuracy: for near-coincident points the identity cancels, so distances much smaller
/// than the points' norms carry an absolute error around `sqrt(ε)·‖x‖`; use the loop or
/// broadcast version when those must be exact.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn pairwise_distances(x: &Array) -> Result<Array> {
    let (n, _) = rows("pairwise_distances", x)?;
    let x = typed::<f64>(x)?;
    with_views::<f64, _>(&[&x], |v| {
        let xv = &v[0];
        let sq: Vec<f64> = (0..n)
            .map(|i| {
                let off = i as isize * xv.strides[0];
                (0..xv.shape[1])
                    .map(|k| xv.at(off + k as isize * xv.strides[1]))
                    .map(|a| a * a)
                    .sum()
            })
            .collect();
        let xt = xv.mat(0, Some(1), Some(0));
        with_output::<f64>(&[n, n], |out| {
            let out_ref = &*out;
            (0..n.div_ceil(BLOCK_ROWS)).into_par_iter().for_each(|b| {
                let (r0, r1) = (b * BLOCK_ROWS, ((b + 1) * BLOCK_ROWS).min(n));
                let block = xv.mat(0, Some(0), Some(1)).subrows(r0, r1 - r0);
                // Only the columns from the block's diagonal on: what lies left of it is
                // the lower triangle, which `mirror_upper` overwrites anyway.
                let mut g = out_ref.mat_mut(r0 * n, r1 - r0, n);
                let mut g = g.as_mut().subcols_mut(r0, n - r0);
                let xt = xt.subcols(r0, n - r0);
                faer::linalg::matmul::matmul(g.as_mut(), Accum::Replace, block, xt, -2.0, Par::Seq);
                for i in 0..r1 - r0 {
                    for j in 0..n - r0 {
                        let d2 = sq[r0 + i] + sq[r0 + j] + g[(i, j)];
                        g[(i, j)] = d2.max(0.0).sqrt();
                    }
                }
            });
            mirror_upper(out.slice(), n, 0.0);
        })
    })
}

/// Copies the strict upper triangle onto the lower one and sets the diagonal, so the
/// result is exactly symmetric.
fn mirror_upper(m: &mut [f64], n: usize, diagonal: f64) {
    for i in 0..n {
        m[i * n + i] = diagonal;
        for j in i + 1..n {
            m[j * n + i] = m[i * n + j];
        }
    }
}

/// Cosine similarity of every pair of rows as the formula, with plain loops; pairs
/// involving an all-zero row are 0. Shapes: `(N, D) -> (N, N)` float64.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn pairwise_cosine_similarity_loop(x: &Array) -> Result<Array> {
    let (n, d) = rows("pairwise_cosine_similarity", x)?;
    let v = x.to_vec::<f64>();
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
            for k in 0..d {
                ab += v[i * d + k] * v[j * d + k];
                aa += v[i * d + k] * v[i * d + k];
                bb += v[j * d + k] * v[j * d + k];
            }
            out[i * n + j] = if aa == 0.0 || bb == 0.0 {
                0.0
            } else {
                ab / (aa.sqrt() * bb.sqrt())
            };
        }
    }
    Array::from_vec(out, &[n, n])
}

/// Cosine similarity of every pair of rows: rows scaled to unit length (norms as
/// [`l2_norm`](super::l2_norm), zero rows left zero), `S = U @ U.T` on faer's parallel
/// kernel, then near-parallel pairs (`|S_ij| > 1 − 1e-4`, where the product has cancelled
/// most digits) recomputed from `‖u_i ∓ u_j‖` as [`cosine_similarity`](super::cosine_similarity)
/// does, so that a positively scaled copy of a row gives exactly 1.0. Clamped to `[-1, 1]`, exactly symmetric; the diagonal is 1.0
/// for non-zero rows and 0.0 for zero rows. Shapes: `(N, D) -> (N, N)` float64.
///
/// # Errors
/// `X` not 2-D, or not real.
pub fn pairwise_cosine_similarity(x: &Array) -> Result<Array> {
    let (n, d) = rows("pairwise_cosine_similarity", x)?;
    with_f64(x, |xs| {
        let inv: Vec<f64> = (0..n)
            .map(|i| {
                let norm = nrm2(&xs[i * d..(i + 1) * d]);
                if norm == 0.0 { 0.0 } else { 1.0 / norm }
            })
            .collect();
        let u = new_f64(&[n, d], |u| {
            for i in 0..n {
                for k in 0..d {
                    u[i * d + k] = xs[i * d + k] * inv[i];
                }
            }
        })?;
        let s = crate::product::matmul(&u, &u.t())?;
        let mut vals = s.to_vec::<f64>();
        vals.par_chunks_mut(n.max(1))
            .enumerate()
            .for_each(|(i, row)| {
                for (j, sij) in row.iter_mut().enumerate() {
                    *sij = if inv[i] == 0.0 || inv[j] == 0.0 {
                        0.0
                    } else if i == j || sij.abs() > REFINE_ABOVE {
                        unit_cosine(
                            &xs[i * d..(i + 1) * d],
                            &xs[j * d..(j + 1) * d],
                            inv[i],
                            inv[j],
                        )
                    } else {
                        sij.clamp(-1.0, 1.0)
                    };
                }
            });
        for i in 0..n {
            for j in i + 1..n {
                vals[j * n + i] = vals[i * n + j];
            }
        }
        let out = Array::from_vec(vals, &[n, n])?;
        debug_assert_eq!(out.dtype(), OUT);
        Ok(out)
    })?
}
