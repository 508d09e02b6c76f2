//! # ndplay-core: the array engine
//!
//! A dynamic-dtype n-d array with NumPy 2.x semantics. The core types:
//!
//! - [`Array`]: a [`DType`], a [`Layout`] (shape, signed **byte** strides, byte offset)
//!   and shared [`Storage`](storage::Storage). Views share storage and see each other's
//!   writes, exactly as in NumPy.
//! - [`DType`]: bool, int8–64, uint8–64, float16/32/64, complex64/128 and `<Un` strings,
//!   with NEP 50 promotion and NumPy's casting rules.
//! - [`Error`]: typed failures that render NumPy's message plus an explanation and fix.
//!
//! Where things live: views and layout algebra in [`layout`]; indexing in [`index`];
//! element-wise operations in [`ufunc`] (sugar in `ops`); reductions in [`reduce`]; shape
//! algebra in `manip`; creation in `create`; sorting in `sort`; printing in [`print`](mod@print);
//! the strided loop machinery in [`iter`] and [`kernels`].
//!
//! ```
//! use ndplay_core::{Array, DType};
//! let a = Array::arange(0.0, 12.0, 1.0, None).unwrap();   // int64, like np.arange(12)
//! let b = a.reshape(&[3, 4]).unwrap();
//! assert_eq!(b.repr(), "array([[ 0,  1,  2,  3],\n       [ 4,  5,  6,  7],\n       [ 8,  9, 10, 11]])");
//! let col_means = b.mean(Some(&[0]), false).unwrap();
//! assert_eq!(col_means.to_str(), "[4. 5. 6. 7.]");
//! let err = a.add(&Array::zeros(&[5], DType::Float64)).unwrap_err();
//! assert_eq!(err.numpy_message(), "operands could not be broadcast together with shapes (12,) (5,) ");
//! ```
#![deny(missing_docs)]

/// The README's Rust examples, compiled and run as doc tests so the README stays true.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub mod array;
mod create;
pub mod diagnostics;
pub mod dtype;
pub mod element;
pub mod error;
pub mod fpstatus;
pub mod index;
pub mod iter;
pub mod kernels;
pub mod layout;
mod manip;
pub mod objects;
mod ops;
pub mod print;
mod rearrange;
pub mod record;
pub mod reduce;
pub mod scalar;
mod sets;
pub mod shape;
mod sort;
pub mod storage;
pub mod threads;
pub mod ufunc;

pub use array::{Array, Flags, Order, copy_into};
pub use create::Nested;
pub use dtype::{Casting, DType, Kind, WeakKind};
pub use error::{Error, Result};
pub use index::IndexItem;
pub use layout::{Layout, SliceArg};
pub use manip::{
    SplitSpec, broadcast_arrays, concatenate, hstack, repeat, repeat_each, split, stack, tile,
    vstack,
};
pub use ops::where_select;
pub use rearrange::OutOfBounds;
pub use scalar::{PyScalar, Scalar};
pub use sort::UniqueAll;
