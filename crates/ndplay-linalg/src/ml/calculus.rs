//! Numerical differentiation twins and a gradient check.
//!
//! The central difference `f'(x) ≈ (f(x + h) − f(x − h)) / 2h` has truncation error
//! `O(h²)`, so it is far more accurate than the one-sided difference; but a tiny `h`
//! makes the two function values cancel, with rounding error `O(ε/h)`. The total is
//! smallest near `h ≈ ε^(1/3) ≈ 6e-6` in float64, which is why gradient checks use
//! `h` around `1e-5` and accept relative errors around `1e-7`, not `1e-15`.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::calculus::*;
//! let x = Array::linspace(-2.0, 2.0, 9, true).unwrap();
//! let d = derivative(|x: &Array| x.pow_scalar(3.0), &x, 1e-5).unwrap();        // d/dx x³
//! let d_loop = derivative_loop(|x| x * x * x, &x, 1e-5).unwrap();
//! let exact = x.square().unwrap().mul_scalar(3.0).unwrap();                  // 3x²
//! assert!(d.allclose(&exact, 0.0, 1e-4).unwrap() && d_loop.allclose(&exact, 0.0, 1e-4).unwrap());
//!
//! // f(v) = Σ v², ∇f = 2v
//! let v = Array::from_vec(vec![1.0, -2.0, 0.5], &[3]).unwrap();
//! let check = gradient_check(|v: &Array| Ok(v.square()?.sum(None, false)?.item()?.as_f64()),
//!                            &v.mul_scalar(2.0).unwrap(), &v, 1e-5).unwrap();
//! assert!(check.max_rel_error < 1e-8);
//! ```

use ndplay_core::{Array, Error, Result};

use super::{OUT, require_real};
use crate::raw::typed;

fn check_step(op: &str, h: f64) -> Result<()> {
    if !(h.is_finite() && h > 0.0) {
        return Err(Error::value(
            format!("{op}: step h must be a positive finite number, got {h}"),
            "Use a small positive step; about 1e-5 balances truncation error against rounding in float64.",
        ));
    }
    Ok(())
}

/// Central difference point by point: for every grid point `x_i`,
/// `d_i = (f(x_i + h) − f(x_i − h)) / (2h)`. Shapes: `x` any -> same shape, float64.
///
/// # Errors
/// A non-positive or non-finite `h`; a non-real `x`.
pub fn derivative_loop(f: impl Fn(f64) -> f64, x: &Array, h: f64) -> Result<Array> {
    require_real("derivative", "x", x)?;
    check_step("derivative", h)?;
    let xs = x.to_vec::<f64>();
    let mut d = vec![0.0; xs.len()];
    for i in 0..xs.len() {
        d[i] = (f(xs[i] + h) - f(xs[i] - h)) / (2.0 * h);
    }
    Array::from_vec(d, x.shape())
}

/// Central difference on the whole grid at once: `(f(x + h) − f(x − h)) / (2h)` where
/// `f` maps an array to an array of the same shape (written with array operations, as in
/// the lesson's `x ** 3`). Shapes: `x` any -> same shape, float64.
///
/// # Errors
/// As [`derivative_loop`]; an error from `f`; `f` returning another shape.
pub fn derivative(f: impl Fn(&Array) -> Result<Array>, x: &Array, h: f64) -> Result<Array> {
    require_real("derivative", "x", x)?;
    check_step("derivative", h)?;
    let x = typed::<f64>(x)?;
    let plus = f(&x.add_scalar(h)?)?;
    let minus = f(&x.sub_scalar(h)?)?;
    if plus.shape() != x.shape() || minus.shape() != x.shape() {
        return Err(Error::value(
            format!(
                "derivative: f returned shape {} for an input of shape {}",
                ndplay_core::shape::fmt_shape(plus.shape()),
                ndplay_core::shape::fmt_shape(x.shape())
            ),
            "The grid form needs an element-wise f: one output per grid point. Use derivative_loop for a scalar function.",
        ));
    }
    typed::<f64>(&plus.sub(&minus)?.div_scalar(2.0 * h)?)
}

/// The outcome of [`gradient_check`].
#[derive(Clone, Debug)]
pub struct GradCheck {
    /// The central-difference gradient, shaped like `x`.
    pub numeric: Array,
    /// Per coordinate `|g − ĝ| / max(|g|, |ĝ|)` (0 where both are 0), shaped like `x`.
    pub rel_error: Array,
    /// The worst relative error.
    pub max_rel_error: f64,
    /// Where it occurs, as a C-order flat index into `x`.
    pub worst_index: usize,
}

/// Compares an analytic gradient `grad` of a scalar function `f` at `x` with central
/// differences, one coordinate at a time: `ĝ_i = (f(x + h e_i) − f(x − h e_i)) / 2h`.
/// Reports the relative error `|g_i − ĝ_i| / max(|g_i|, |ĝ_i|)` per coordinate and the
/// worst one. Shapes: `grad` and `x` the same, any shape.
///
/// Around `1e-7` or below (with `h ≈ 1e-5`) the analytic gradient is right; around
/// `1e-2` or above it is wrong.
///
/// # Errors
/// `grad` and `x` of different shapes; a bad `h`; an error from `f`.
pub fn gradient_check(
    f: impl Fn(&Array) -> Result<f64>,
    grad: &Array,
    x: &Array,
    h: f64,
) -> Result<GradCheck> {
    require_real("gradient_check", "x", x)?;
    require_real("gradient_check", "grad", grad)?;
    check_step("gradient_check", h)?;
    if grad.shape() != x.shape() {
        return Err(Error::value(
            format!(
                "gradient_check: grad has shape {} but x has shape {}",
                ndplay_core::shape::fmt_shape(grad.shape()),
                ndplay_core::shape::fmt_shape(x.shape())
            ),
            "A gradient has one partial derivative per input coordinate, so it has the input's shape.",
        ));
    }
    let g = grad.to_vec::<f64>();
    let mut xs = x.to_vec::<f64>();
    let mut numeric = vec![0.0; xs.len()];
    let mut rel = vec![0.0; xs.len()];
    let (mut worst, mut worst_index) = (0.0f64, 0usize);
    for i in 0..xs.len() {
        let keep = xs[i];
        xs[i] = keep + h;
        let fp = f(&Array::from_vec(xs.clone(), x.shape())?)?;
        xs[i] = keep - h;
        let fm = f(&Array::from_vec(xs.clone(), x.shape())?)?;
        xs[i] = keep;
        numeric[i] = (fp - fm) / (2.0 * h);
        let scale = g[i].abs().max(numeric[i].abs());
        rel[i] = if scale == 0.0 {
            0.0
        } else {
            (g[i] - numeric[i]).abs() / scale
        };
        if rel[i] > worst || rel[i].is_nan() {
            worst = rel[i];
            worst_index = i;
        }
    }
    let numeric = Array::from_vec(numeric, x.shape())?;
    debug_assert_eq!(numeric.dtype(), OUT);
    Ok(GradCheck {
        numeric,
        rel_error: Array::from_vec(rel, x.shape())?,
        max_rel_error: worst,
        worst_index,
    })
}
