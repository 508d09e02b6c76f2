//! The ML primitives of the lessons, each written twice: `name_loop`, the definition as
//! plain index loops (for reading), and `name`, the fast kernel (for running). Tests hold
//! every pair together on random shapes, views and dtypes.
//!
//! Except for the products ([`dot_product`], [`matrix_product`]), which keep NumPy's
//! result dtype, and [`softmax`] / [`log_softmax`] of float32 input, which stay float32
//! as NumPy's `exp(x − max) / sum` does (a fused float32 kernel), the primitives compute
//! in float64, as the lessons advise ("cast to float64 before computing statistics"); inputs of any real dtype are accepted and
//! complex or string inputs are refused. Every function checks the shapes it is given and
//! says which shape it expected.
//!
//! | area | twins |
//! |---|---|
//! | [`vector`] | dot product, matrix product, L2 norm, cosine similarity |
//! | [`distance`] | pairwise Euclidean distances, pairwise cosine similarity |
//! | [`layer`] | `Y = X @ W.T + b` |
//! | [`calculus`] | central differences, gradient check |
//! | [`preprocess`] | [`Standardizer`], row-wise L2 `normalize` |
//! | [`loss`] | MSE, RMSE, MAE, softmax, log-softmax, cross-entropy, one-hot, accuracy |
//! | [`activation`] | ReLU, sigmoid, tanh |
//! | [`split`] | seeded train/validation split |
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml;
//! let y = Array::from_vec(vec![3.0, 5.0], &[2]).unwrap();
//! let yhat = Array::from_vec(vec![1.0, 4.0], &[2]).unwrap();
//! assert_eq!(ml::mse_loop(&y, &yhat).unwrap(), 2.5);
//! assert_eq!(ml::mse(&y, &yhat).unwrap(), 2.5);
//! ```

// The loop twins index like the formulas they transcribe, on purpose.
#![allow(clippy::needless_range_loop)]

pub mod activation;
pub mod calculus;
pub mod distance;
pub mod layer;
pub mod loss;
pub mod preprocess;
mod rows_f32;
pub mod split;
pub mod vector;

pub use activation::{relu, relu_loop, sigmoid, sigmoid_loop, tanh, tanh_loop};
pub use calculus::{GradCheck, derivative, derivative_loop, gradient_check};
pub use distance::{
    pairwise_cosine_similarity, pairwise_cosine_similarity_loop, pairwise_distances,
    pairwise_distances_broadcast, pairwise_distances_loop,
};
pub use layer::{linear, linear_loop};
pub use loss::{
    accuracy, accuracy_loop, cross_entropy, cross_entropy_loop, cross_entropy_one_hot,
    cross_entropy_one_hot_loop, log_softmax, log_softmax_loop, mae, mae_loop, mse, mse_loop,
    one_hot, one_hot_loop, rmse, rmse_loop, softmax, softmax_loop,
};
pub use preprocess::{Standardizer, normalize, normalize_loop, standardize, standardize_loop};
pub use split::{split_indices, train_val_split, train_val_split_loop};
pub use vector::{
    cosine_similarity, cosine_similarity_loop, dot_product, dot_product_loop, l2_norm,
    l2_norm_loop, matrix_product, matrix_product_loop,
};

use ndplay_core::element::Element;
use ndplay_core::{Array, DType, Error, Result};
use rayon::prelude::*;

use crate::raw::{typed, with_full_output, with_output, with_views};

/// Element counts below this stay on one thread.
pub(crate) const PARALLEL_MIN: usize = 1 << 15;

/// Refuses complex and string inputs to a real-valued primitive.
pub(crate) fn require_real(op: &str, name: &str, a: &Array) -> Result<()> {
    if !a.dtype().is_numeric() || a.dtype().is_complex() {
        return Err(Error::type_error(
            format!(
                "{op}: {name} has dtype {}, which is not a real number type",
                a.dtype()
            ),
            format!(
                "{op} works on real numbers; convert {name} with .astype(np.float64) (or take .real / np.abs of complex data)."
            ),
        ));
    }
    Ok(())
}

/// Requires `a` to have `ndim` axes, naming the expected shape in the error.
pub(crate) fn require_ndim(
    op: &str,
    name: &str,
    a: &Array,
    ndim: usize,
    expected: &str,
) -> Result<()> {
    require_real(op, name, a)?;
    if a.ndim() != ndim {
        return Err(Error::value(
            format!(
                "{op}: {name} must be {ndim}-D with shape {expected}, got shape {}",
                ndplay_core::shape::fmt_shape(a.shape())
            ),
            match (ndim, a.ndim()) {
                (1, 2) => format!(
                    "A (N, 1) column is not an (N,) vector; flatten it with {name}.ravel() or {name}[:, 0]."
                ),
                (2, 1) => format!(
                    "A single example of shape (D,) is a batch of one: pass {name}[None, :] (shape (1, D))."
                ),
                _ => format!("{op} expects {name} with shape {expected}."),
            },
        ));
    }
    Ok(())
}

/// `a` as float64 in C order, every element in one slice, handed to `f`.
pub(crate) fn with_f64<R>(a: &Array, f: impl FnOnce(&[f64]) -> R) -> Result<R> {
    with_slice::<f64, R>(a, f)
}

/// `a` as `T` in C order, every element in one slice (the array's own memory when it
/// is C-contiguous), handed to `f`.
pub(crate) fn with_slice<T: Element, R>(a: &Array, f: impl FnOnce(&[T]) -> R) -> Result<R> {
    let a = typed::<T>(a)?;
    Ok(with_views::<T, _>(&[&a], |v| match v[0].as_slice() {
        Some(s) => f(s),
        None => f(&v[0].to_vec()),
    }))
}

/// Two arrays as float64 C-ordered slices.
pub(crate) fn with_f64_2<R>(
    a: &Array,
    b: &Array,
    f: impl FnOnce(&[f64], &[f64]) -> R,
) -> Result<R> {
    let (a, b) = (typed::<f64>(a)?, typed::<f64>(b)?);
    Ok(with_views::<f64, _>(&[&a, &b], |v| {
        let (ca, cb);
        let sa = match v[0].as_slice() {
            Some(s) => s,
            None => {
                ca = v[0].to_vec();
                &ca
            }
        };
        let sb = match v[1].as_slice() {
            Some(s) => s,
            None => {
                cb = v[1].to_vec();
                &cb
            }
        };
        f(sa, sb)
    }))
}

/// A new float64 array of `shape`, zeroed, whose C-ordered elements are filled by `f`.
pub(crate) fn new_f64(shape: &[usize], f: impl FnOnce(&mut [f64])) -> Result<Array> {
    with_output::<f64>(shape, |o| f(o.slice()))
}

/// As [`new_f64`] for an `f` that writes every element: the output is not cleared first
/// (see [`with_full_output`]). Tests run each user on a reused buffer full of NaN.
pub(crate) fn new_f64_full(shape: &[usize], f: impl FnOnce(&mut [f64])) -> Result<Array> {
    with_full_output::<f64>(shape, |o| f(o.slice()))
}

/// `f` applied to every element, in parallel chunks for large arrays; float64 result.
pub(crate) fn map_f64(op: &str, a: &Array, f: impl Fn(f64) -> f64 + Sync) -> Result<Array> {
    require_real(op, "x", a)?;
    let shape = a.shape().to_vec();
    with_f64(a, |src| {
        new_f64_full(&shape, |dst| {
            if dst.len() >= PARALLEL_MIN {
                dst.par_chunks_mut(4096)
                    .zip(src.par_chunks(4096))
                    .for_each(|(d, s)| d.iter_mut().zip(s).for_each(|(d, &x)| *d = f(x)));
            } else {
                dst.iter_mut().zip(src).for_each(|(d, &x)| *d = f(x));
            }
        })
    })?
}

/// Calls `f(out_row, in_row)` for every row of `len` elements of `out` and `src`, in
/// parallel when large; nothing for rows of length 0.
pub(crate) fn zip_rows(
    out: &mut [f64],
    src: &[f64],
    len: usize,
    f: impl Fn(&mut [f64], &[f64]) + Sync + Send,
) {
    if len == 0 {
    } else if out.len() >= PARALLEL_MIN {
        out.par_chunks_mut(len)
            .zip(src.par_chunks(len))
            .for_each(|(o, s)| f(o, s));
    } else {
        out.chunks_mut(len)
            .zip(src.chunks(len))
            .for_each(|(o, s)| f(o, s));
    }
}

/// The float64 dtype every non-product primitive returns.
pub(crate) const OUT: DType = DType::Float64;
