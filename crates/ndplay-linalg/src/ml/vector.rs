//! Vector and matrix twins: dot product, matrix product, L2 norm, cosine similarity.
//!
//! | function | formula | shapes |
//! |---|---|---|
//! | [`dot_product`] | `a·b = Σ_i a_i b_i` | `(n,), (n,) -> scalar` |
//! | [`matrix_product`] | `C_ij = Σ_k A_ik B_kj` | `(n, k), (k, m) -> (n, m)` |
//! | [`l2_norm`] | `‖x‖₂ = sqrt(Σ_i x_i²)` | any shape (flattened) `-> scalar` |
//! | [`cosine_similarity`] | `a·b / (‖a‖ ‖b‖)`, 0 when either is zero | `(n,), (n,) -> scalar` |
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::vector::*;
//! let a = Array::from_vec(vec![1.0, 2.0, 3.0], &[3]).unwrap();
//! let b = Array::from_vec(vec![4.0, 5.0, 6.0], &[3]).unwrap();
//! assert_eq!(dot_product_loop(&a, &b).unwrap(), 32.0);
//! assert_eq!(dot_product(&a, &b).unwrap(), 32.0);
//! let big = Array::from_vec(vec![3e200, 4e200], &[2]).unwrap();
//! assert!((l2_norm(&big).unwrap() / 5e200 - 1.0).abs() < 1e-15); // scaled: no overflow
//! assert!(l2_norm_loop(&big).unwrap().is_infinite()); // the definition overflows
//! let scaled = Array::from_vec(vec![0.3, 0.6, 0.9], &[3]).unwrap();
//! assert_eq!(cosine_similarity(&a, &scaled).unwrap(), 1.0);
//! ```

use ndplay_core::{Array, Error, Result};

use super::{require_ndim, require_real, with_f64, with_f64_2};
use crate::product::{dot, matmul};

fn check_pair(op: &str, a: &Array, b: &Array) -> Result<()> {
    require_ndim(op, "a", a, 1, "(n,)")?;
    require_ndim(op, "b", b, 1, "(n,)")?;
    if a.shape() != b.shape() {
        return Err(Error::value(
            format!(
                "{op}: a has shape ({},) and b has shape ({},); they must have the same length",
                a.size(),
                b.size()
            ),
            "Both vectors pair up entry by entry, so they need the same number of entries.",
        ));
    }
    Ok(())
}

/// Dot product as the summation: `s = 0; for i in 0..n { s += a[i] * b[i] }`, in f64.
/// Shapes: `(n,), (n,) -> scalar`.
///
/// # Errors
/// Inputs that are not 1-D of equal length, or not real.
pub fn dot_product_loop(a: &Array, b: &Array) -> Result<f64> {
    check_pair("dot_product", a, b)?;
    let (a, b) = (a.to_vec::<f64>(), b.to_vec::<f64>());
    let mut s = 0.0;
    for i in 0..a.len() {
        s += a[i] * b[i];
    }
    Ok(s)
}

/// Dot product through [`dot`], NumPy's `a @ b` (computed in the operands'
/// promoted dtype, then returned as f64). Shapes: `(n,), (n,) -> scalar`.
///
/// # Errors
/// As [`dot_product_loop`].
pub fn dot_product(a: &Array, b: &Array) -> Result<f64> {
    check_pair("dot_product", a, b)?;
    Ok(dot(a, b)?.item()?.as_f64())
}

fn check_matrices(op: &str, a: &Array, b: &Array) -> Result<()> {
    require_ndim(op, "A", a, 2, "(n, k)")?;
    require_ndim(op, "B", b, 2, "(k, m)")?;
    Ok(())
}

/// Matrix product as the triple loop `C[i][j] = Σ_p A[i][p] B[p][j]`, in f64.
/// Shapes: `(n, k), (k, m) -> (n, m)` float64.
///
/// # Errors
/// Inputs that are not 2-D, or whose inner dimensions differ (the same message as
/// [`matmul`]).
pub fn matrix_product_loop(a: &Array, b: &Array) -> Result<Array> {
    check_matrices("matrix_product", a, b)?;
    let (n, k, m) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    if b.shape()[0] != k {
        return matmul(a, b);
    }
    let (av, bv) = (a.to_vec::<f64>(), b.to_vec::<f64>());
    let mut c = vec![0.0; n * m];
    for i in 0..n {
        for j in 0..m {
            let mut s = 0.0;
            for p in 0..k {
                s += av[i * k + p] * bv[p * m + j];
            }
            c[i * m + j] = s;
        }
    }
    Array::from_vec(c, &[n, m])
}

/// Matrix product through [`matmul`]: faer's blocked SIMD kernel on both
/// cores, NumPy's result dtype. Shapes: `(n, k), (k, m) -> (n, m)`.
///
/// # Errors
/// As [`matrix_product_loop`].
pub fn matrix_product(a: &Array, b: &Array) -> Result<Array> {
    check_matrices("matrix_product", a, b)?;
    matmul(a, b)
}

/// L2 norm as the definition: `sqrt(Σ_i x_i²)` over every element, in f64. It overflows
/// for entries above about 1e154 and underflows below 1e-154, which is the point of
/// [`l2_norm`]. Shapes: any -> scalar.
///
/// # Errors
/// Complex or string input.
pub fn l2_norm_loop(x: &Array) -> Result<f64> {
    require_real("l2_norm", "x", x)?;
    let v = x.to_vec::<f64>();
    let mut s = 0.0;
    for i in 0..v.len() {
        s += v[i] * v[i];
    }
    Ok(s.sqrt())
}

/// L2 norm that neither overflows nor underflows, as LAPACK's `nrm2`. Shapes: any ->
/// scalar.
///
/// A vectorised sum of squares is tried first; when it overflowed, or is so small that
/// underflowed squares could matter, the norm is recomputed with Blue's algorithm (the one
/// in LAPACK 3.10's `dnrm2`): squares of huge entries are accumulated scaled down, of tiny
/// ones scaled up, and the three sums combined at the end.
///
/// # Errors
/// Complex or string input.
pub fn l2_norm(x: &Array) -> Result<f64> {
    require_real("l2_norm", "x", x)?;
    with_f64(x, nrm2)
}

/// The scaled 2-norm of a slice (see [`l2_norm`]).
pub(crate) fn nrm2(x: &[f64]) -> f64 {
    let s = sum_squares(x);
    if s.is_finite() && s >= x.len() as f64 * f64::MIN_POSITIVE {
        return s.sqrt();
    }
    blue(x)
}

fn sum_squares(x: &[f64]) -> f64 {
    let mut acc = [0.0f64; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for l in 0..8 {
            acc[l] += c[l] * c[l];
        }
    }
    let mut s = acc.iter().sum::<f64>();
    for v in rest {
        s += v * v;
    }
    s
}

/// Blue's algorithm with LAPACK's constants for binary64.
fn blue(x: &[f64]) -> f64 {
    let tsml = 2f64.powi(-511);
    let tbig = 2f64.powi(486);
    let ssml = 2f64.powi(537);
    let sbig = 2f64.powi(-538);
    let (mut asml, mut amed, mut abig) = (0.0f64, 0.0f64, 0.0f64);
    let mut notbig = true;
    for &v in x {
        let ax = v.abs();
        if ax > tbig {
            abig += (ax * sbig) * (ax * sbig);
            notbig = false;
        } else if ax < tsml {
            if notbig {
                asml += (ax * ssml) * (ax * ssml);
            }
        } else {
            amed += ax * ax;
        }
    }
    let (scl, sumsq);
    if abig > 0.0 {
        if amed > 0.0 || amed.is_nan() {
            abig += (amed * sbig) * sbig;
        }
        scl = 1.0 / sbig;
        sumsq = abig;
    } else if asml > 0.0 {
        if amed > 0.0 || amed.is_nan() {
            let amed = amed.sqrt();
            let asml = asml.sqrt() / ssml;
            let (ymin, ymax) = if asml > amed {
                (amed, asml)
            } else {
                (asml, amed)
            };
            scl = 1.0;
            sumsq = ymax * ymax * (1.0 + (ymin / ymax) * (ymin / ymax));
        } else {
            scl = 1.0 / ssml;
            sumsq = asml;
        }
    } else {
        scl = 1.0;
        sumsq = amed;
    }
    scl * sumsq.sqrt()
}

/// Cosine similarity as the formula `a·b / (‖a‖ ‖b‖)` with plain loops, 0.0 when either
/// vector is all zeros. Shapes: `(n,), (n,) -> scalar` in `[-1, 1]` up to rounding.
///
/// # Errors
/// As [`dot_product_loop`].
pub fn cosine_similarity_loop(a: &Array, b: &Array) -> Result<f64> {
    check_pair("cosine_similarity", a, b)?;
    let (a, b) = (a.to_vec::<f64>(), b.to_vec::<f64>());
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for i in 0..a.len() {
        ab += a[i] * b[i];
        aa += a[i] * a[i];
        bb += b[i] * b[i];
    }
    if aa == 0.0 || bb == 0.0 {
        return Ok(0.0);
    }
    Ok(ab / (aa.sqrt() * bb.sqrt()))
}

/// Cosine similarity computed as `1 − ‖u − v‖²/2` (or `‖u + v‖²/2 − 1` when the vectors
/// point apart) for the unit vectors `u = a/‖a‖`, `v = b/‖b‖` (norms as [`l2_norm`]),
/// clamped to `[-1, 1]`; 0.0 when either vector is all zeros. Near-parallel vectors have
/// `u ≈ v`, so the difference is tiny and exact where `a·b / (‖a‖ ‖b‖)` loses digits: a
/// positively scaled copy gives exactly 1.0, a negatively scaled one exactly −1.0.
/// Shapes: `(n,), (n,) -> scalar`.
///
/// # Errors
/// As [`dot_product_loop`].
pub fn cosine_similarity(a: &Array, b: &Array) -> Result<f64> {
    check_pair("cosine_similarity", a, b)?;
    with_f64_2(a, b, |a, b| {
        let (na, nb) = (nrm2(a), nrm2(b));
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        unit_cosine(a, b, 1.0 / na, 1.0 / nb)
    })
}

/// The cosine of the unit vectors `u = a·sa`, `v = b·sb` from whichever of `‖u − v‖`,
/// `‖u + v‖` is smaller: `1 − ‖u − v‖²/2` near +1, `‖u + v‖²/2 − 1` near −1. The small
/// one is computed from tiny, exact differences, so scaled copies give exactly ±1.
pub(crate) fn unit_cosine(a: &[f64], b: &[f64], sa: f64, sb: f64) -> f64 {
    let (mut d2, mut s2) = (0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (u, v) = (x * sa, y * sb);
        d2 += (u - v) * (u - v);
        s2 += (u + v) * (u + v);
    }
    let c = if d2 <= s2 {
        1.0 - 0.5 * d2
    } else {
        0.5 * s2 - 1.0
    };
    c.clamp(-1.0, 1.0)
}
