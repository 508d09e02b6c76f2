//! # ndplay-linalg: linear algebra and the ML math
//!
//! The products ([`dot`], [`matmul`], [`vdot`], [`inner`], [`outer`], [`tensordot`]) with
//! NumPy's exact shape and dtype rules, over faer's kernels; the ML primitives of the
//! lessons in [`ml`], each as a loop twin and a fast twin.
//!
//! ```
//! use ndplay_core::Array;
//! let x = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
//! let y = ndplay_linalg::matmul(&x, &x.t()).unwrap();
//! assert_eq!(y.to_vec::<f64>(), vec![5.0, 11.0, 11.0, 25.0]);
//! ```
#![deny(missing_docs)]

pub mod ml;
pub mod product;
pub mod raw;

pub use product::{TensorAxes, dot, inner, matmul, outer, tensordot, vdot};
