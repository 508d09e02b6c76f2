//! Activation twins, element-wise on any shape, float64 results.
//!
//! | function | formula |
//! |---|---|
//! | [`relu`] | `max(x, 0)` (NaN stays NaN, as `np.maximum`) |
//! | [`sigmoid`] | `1 / (1 + e^(−x))`, as `e^x / (1 + e^x)` for `x < 0` |
//! | [`tanh`] | `(e^x − e^(−x)) / (e^x + e^(−x))` |
//!
//! The naive sigmoid evaluates `e^(−x)`, which overflows (with NumPy's RuntimeWarning) for
//! `x < −709`; the stable form only ever exponentiates non-positive numbers.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::activation::*;
//! let x = Array::from_vec(vec![-1000.0, -1.0, 0.0, 2.0], &[4]).unwrap();
//! assert_eq!(relu(&x).unwrap().to_vec::<f64>(), vec![0.0, 0.0, 0.0, 2.0]);
//! let s = sigmoid(&x).unwrap().to_vec::<f64>();
//! assert_eq!((s[0], s[2]), (0.0, 0.5));
//! assert_eq!(tanh(&x).unwrap().to_vec::<f64>()[0], -1.0);
//! ```

use ndplay_core::{Array, Result};

use super::{map_f64, require_real};

fn relu1(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() { x } else { 0.0 }
}

/// `tanh` from `m = e^(−2|x|) − 1` (computed as `expm1`, exact near 0):
/// `tanh|x| = −m / (2 + m)`, never overflowing, sign restored.
fn tanh1(x: f64) -> f64 {
    let m = (-2.0 * x.abs()).exp_m1();
    (-m / (2.0 + m)).copysign(x)
}

fn sigmoid1(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// ReLU as a loop over the elements: `y_i = x_i if x_i > 0 else 0`.
///
/// # Errors
/// Complex or string input.
pub fn relu_loop(x: &Array) -> Result<Array> {
    require_real("relu", "x", x)?;
    let v = x.to_vec::<f64>();
    let mut y = vec![0.0; v.len()];
    for i in 0..v.len() {
        y[i] = relu1(v[i]);
    }
    Array::from_vec(y, x.shape())
}

/// ReLU over contiguous chunks on both cores.
///
/// # Errors
/// Complex or string input.
pub fn relu(x: &Array) -> Result<Array> {
    map_f64("relu", x, relu1)
}

/// Sigmoid as a loop, in its stable form (see the module docs).
///
/// # Errors
/// Complex or string input.
pub fn sigmoid_loop(x: &Array) -> Result<Array> {
    require_real("sigmoid", "x", x)?;
    let v = x.to_vec::<f64>();
    let mut y = vec![0.0; v.len()];
    for i in 0..v.len() {
        y[i] = if v[i] >= 0.0 {
            1.0 / (1.0 + (-v[i]).exp())
        } else {
            v[i].exp() / (1.0 + v[i].exp())
        };
    }
    Array::from_vec(y, x.shape())
}

/// Sigmoid over contiguous chunks on both cores, stable for large negative inputs.
///
/// # Errors
/// Complex or string input.
pub fn sigmoid(x: &Array) -> Result<Array> {
    map_f64("sigmoid", x, sigmoid1)
}

/// tanh as a loop over the definition, written with `e^(−2|x|)` so that it cannot
/// overflow: `sign(x) (1 − e^(−2|x|)) / (1 + e^(−2|x|))`. (Near 0 the subtraction loses
/// relative accuracy; the fast twin uses `expm1` there.)
///
/// # Errors
/// Complex or string input.
pub fn tanh_loop(x: &Array) -> Result<Array> {
    require_real("tanh", "x", x)?;
    let v = x.to_vec::<f64>();
    let mut y = vec![0.0; v.len()];
    for i in 0..v.len() {
        let e = (-2.0 * v[i].abs()).exp();
        y[i] = ((1.0 - e) / (1.0 + e)).copysign(v[i]);
    }
    Array::from_vec(y, x.shape())
}

/// tanh over contiguous chunks on both cores, as `−m / (2 + m)` with
/// `m = expm1(−2|x|)`: accurate near 0, no overflow, cheaper than libm's `tanh`.
///
/// # Errors
/// Complex or string input.
pub fn tanh(x: &Array) -> Result<Array> {
    map_f64("tanh", x, tanh1)
}
