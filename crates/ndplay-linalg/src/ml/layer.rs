//! The dense layer twins: `Y = X @ W.T + b`.
//!
//! Shapes: `X (N, D)` a batch of N examples with D features, `W (H, D)` one row of
//! weights per output unit (PyTorch's `(out_features, in_features)`), `b (H,)` one bias
//! per unit; `Y (N, H)`. The bias must be `(H,)`: broadcasting left-pads it to `(1, H)`
//! and stretches it down the rows. A `(H, 1)` bias would instead broadcast against
//! `(N, H)` into the wrong shape (or fail), and a `W` stored as `(D, H)` makes `X @ W.T`
//! fail or, when `D == H`, silently compute with the transpose; both are refused here with
//! the expected shape and the reason.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::layer::{linear, linear_loop};
//! let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();      // N=2, D=2
//! let w = Array::from_vec(vec![1.0, 0.0, 0.0, 1.0, 1.0, 1.0], &[3, 2]).unwrap(); // H=3
//! let b = Array::from_vec(vec![0.5, 0.5, 0.5], &[3]).unwrap();
//! let y = linear(&x, &w, &b).unwrap();
//! assert_eq!(y.shape(), &[2, 3]);
//! assert_eq!(y.to_vec::<f64>(), linear_loop(&x, &w, &b).unwrap().to_vec::<f64>());
//! let bad_bias = b.reshape(&[3, 1]).unwrap();
//! let err = linear(&x, &w, &bad_bias).unwrap_err();
//! assert!(err.numpy_message().contains("expected (H,) = (3,)"));
//! ```

use ndplay_core::shape::fmt_shape;
use ndplay_core::{Array, Error, Result};

use super::{require_ndim, require_real};
use crate::product::matmul;
use crate::raw::typed;

/// Checks `X (N, D)`, `W (H, D)`, `b (H,)`; returns `(N, D, H)`.
fn check(x: &Array, w: &Array, b: &Array) -> Result<(usize, usize, usize)> {
    require_ndim("linear", "X", x, 2, "(N, D)")?;
    require_real("linear", "W", w)?;
    require_real("linear", "b", b)?;
    let (n, d) = (x.shape()[0], x.shape()[1]);
    if w.ndim() != 2 {
        return Err(Error::value(
            format!(
                "linear: W must be 2-D with shape (H, D) = (H, {d}), got shape {}",
                fmt_shape(w.shape())
            ),
            "W holds one row of D weights per output unit: shape (out_features, in_features).",
        ));
    }
    let h = w.shape()[0];
    if w.shape()[1] != d {
        let why = if w.shape()[0] == d {
            format!(
                "W looks stored as (D, H) = (in_features, out_features). The layer computes X @ W.T, which pairs X's {d} features \
                 with W's second axis, so W must be (H, D) = ({}, {d}); pass W.T.",
                w.shape()[1]
            )
        } else {
            format!(
                "The layer computes X @ W.T, which pairs X's {d} features with W's second axis, whose length is {}.",
                w.shape()[1]
            )
        };
        return Err(Error::value(
            format!(
                "linear: W has shape {} but expected (H, D) = (H, {d}) to match X {}",
                fmt_shape(w.shape()),
                fmt_shape(x.shape())
            ),
            why,
        ));
    }
    if b.shape() != [h] {
        let wrong = ndplay_core::shape::broadcast_shapes("add", &[&[n, h], b.shape()]);
        let consequence = match wrong {
            Ok(s) if s != [n, h] => format!(
                "(N, H) + {} would broadcast to {}, not (N, H) = ({n}, {h})",
                fmt_shape(b.shape()),
                fmt_shape(&s)
            ),
            Ok(_) => format!(
                "(N, H) + {} would broadcast silently here only because of the sizes at hand",
                fmt_shape(b.shape())
            ),
            Err(_) => format!(
                "(N, H) = ({n}, {h}) + {} does not broadcast at all",
                fmt_shape(b.shape())
            ),
        };
        return Err(Error::value(
            format!(
                "linear: b has shape {} but expected (H,) = ({h},)",
                fmt_shape(b.shape())
            ),
            format!(
                "The bias holds one value per output unit and is added to every row of X @ W.T; {consequence}. \
                 Use a 1-D bias (b.ravel() or b[:, 0])."
            ),
        ));
    }
    Ok((n, d, h))
}

/// The layer as loops: `Y[i][j] = b[j] + Σ_k X[i][k] W[j][k]`, in f64.
/// Shapes: `X (N, D), W (H, D), b (H,) -> Y (N, H)` float64.
///
/// # Errors
/// Any shape other than the ones above, with the expected shape and the reason.
pub fn linear_loop(x: &Array, w: &Array, b: &Array) -> Result<Array> {
    let (n, d, h) = check(x, w, b)?;
    let (xv, wv, bv) = (x.to_vec::<f64>(), w.to_vec::<f64>(), b.to_vec::<f64>());
    let mut y = vec![0.0; n * h];
    for i in 0..n {
        for j in 0..h {
            let mut s = bv[j];
            for k in 0..d {
                s += xv[i * d + k] * wv[j * d + k];
            }
            y[i * h + j] = s;
        }
    }
    Array::from_vec(y, &[n, h])
}

/// The layer vectorised: `X @ W.T + b` in float64, the product on faer's parallel
/// kernel reading `W.T` as a transposed view (no copy), the bias broadcast over rows.
/// Shapes: `X (N, D), W (H, D), b (H,) -> Y (N, H)` float64.
///
/// # Errors
/// As [`linear_loop`].
pub fn linear(x: &Array, w: &Array, b: &Array) -> Result<Array> {
    check(x, w, b)?;
    let (x, w, b) = (typed::<f64>(x)?, typed::<f64>(w)?, typed::<f64>(b)?);
    matmul(&x, &w.t())?.add(&b)
}
