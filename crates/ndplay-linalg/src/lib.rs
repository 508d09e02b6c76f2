//! # ndplay-linalg: linear algebra and the ML math
//!
//! NumPy's linear algebra for [`ndplay_core::Array`], and the ML primitives of the
//! lessons written twice. Where things live:
//!
//! | NumPy | here |
//! |---|---|
//! | `np.dot`, `a @ b`, `np.vdot`, `np.inner`, `np.outer`, `np.tensordot` | [`product`]: [`dot`], [`matmul`], [`vdot`], [`inner`], [`outer`], [`tensordot`] |
//! | `np.einsum` | [`einsum()`] |
//! | `np.linalg.norm/det/slogdet/inv/solve/eig/eigh/eigvals/eigvalsh/svd/pinv/matrix_rank/cholesky/qr` | [`linalg`] |
//! | the lessons' loops and one-liners | [`ml`]: `name_loop` and `name` twins |
//!
//! Products and decompositions run on faer over the arrays' own memory (strided,
//! transposed and negative-stride views are read in place; only dtype conversions and
//! strides that are not whole elements copy), matrix products on both cores. Errors are
//! [`ndplay_core::Error`]s with NumPy's message and an explanation; nothing here panics on
//! user input. [`raw`] is the one module with `unsafe`.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::{linalg, matmul, ml};
//! let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
//! let y = matmul(&x, &x.t()).unwrap();
//! assert_eq!(y.to_vec::<f64>(), vec![5.0, 11.0, 11.0, 25.0]);
//! assert!((linalg::det(&x).unwrap().item().unwrap().as_f64() + 2.0).abs() < 1e-12);
//! assert_eq!(ml::relu(&x.neg().unwrap()).unwrap().to_vec::<f64>(), vec![0.0; 4]);
//! ```
#![deny(missing_docs)]

pub mod decomp;
pub mod einsum;
pub mod linalg;
pub mod ml;
pub mod product;
pub mod raw;

pub use einsum::einsum;
pub use product::{TensorAxes, dot, inner, matmul, outer, tensordot, vdot};
