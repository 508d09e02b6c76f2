//! The one error type of this crate, [`InspectError`].
//!
//! Variants carry the facts (file, tensor, shape, axis, index); each message says what was
//! asked, why it cannot be done and what would fix it. File-format errors pass through
//! from `ndplay-io` unchanged, already naming the file.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_inspect::{extract_slice, InspectError};
//!
//! let a = Array::zeros(&[2, 3, 4], ndplay_core::DType::Float32);
//! let err = extract_slice(&a, (1, 2), &[5]).unwrap_err();
//! assert!(matches!(err, InspectError::IndexOutOfRange { axis: 0, index: 5, len: 2, .. }));
//! assert!(err.to_string().contains("(2, 3, 4)"));
//! ```

use std::path::PathBuf;

use ndplay_core::shape::fmt_shape;
use ndplay_io::IoError;

/// Everything that can go wrong inspecting tensors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InspectError {
    /// A file could not be read as a tensor file (the message names the file).
    #[error(transparent)]
    Read(#[from] IoError),

    /// The array engine refused an operation on a tensor.
    #[error("{op} of tensor {tensor} with shape {}: {source}", fmt_shape(.shape))]
    Engine {
        /// What was being done.
        op: &'static str,
        /// The tensor's name (or `<array>` for a single-array file).
        tensor: String,
        /// Its shape.
        shape: Vec<usize>,
        /// The engine's error (boxed: it is large, and errors are the cold path).
        source: Box<ndplay_core::Error>,
    },

    /// A numeric operation on a tensor that holds strings.
    #[error(
        "{op} needs numbers, but the tensor has dtype {dtype} (text); convert it first \
         (arr.astype(np.float64)) or inspect a numeric tensor"
    )]
    NotNumeric {
        /// What was asked.
        op: &'static str,
        /// The tensor's dtype name.
        dtype: String,
    },

    /// An axis outside `-ndim..ndim`.
    #[error(
        "axis {axis} is out of range for a tensor of shape {} (rank {}); use an axis from \
         {} to {}",
        fmt_shape(.shape), .shape.len(), -(.shape.len() as isize), .shape.len() as isize - 1
    )]
    AxisOutOfRange {
        /// The axis as given.
        axis: isize,
        /// The tensor's shape.
        shape: Vec<usize>,
    },

    /// Display axes of a slice that are equal or out of range, or a tensor of rank < 2.
    #[error(
        "cannot show axes ({}, {}) of a tensor of shape {} as a 2-D slice: {reason}",
        .axes.0, .axes.1, fmt_shape(.shape)
    )]
    DisplayAxes {
        /// The two display axes asked for.
        axes: (usize, usize),
        /// The tensor's shape.
        shape: Vec<usize>,
        /// What is wrong and what to do.
        reason: &'static str,
    },

    /// A slice was given the wrong number of fixed indices.
    #[error(
        "a 2-D slice of a tensor of shape {} needs {expected} fixed indices (one per axis \
         that is not displayed), but {given} were given",
        fmt_shape(.shape)
    )]
    FixedIndexCount {
        /// Indices needed (rank − 2).
        expected: usize,
        /// Indices given.
        given: usize,
        /// The tensor's shape.
        shape: Vec<usize>,
    },

    /// An index past the end of its axis.
    #[error(
        "index {index} is out of range for axis {axis} of length {len} in a tensor of \
         shape {}; valid indices are 0 to {}",
        fmt_shape(.shape), .len.saturating_sub(1)
    )]
    IndexOutOfRange {
        /// The axis.
        axis: usize,
        /// The index as given (negative counts from the end).
        index: i64,
        /// The axis' length.
        len: usize,
        /// The tensor's shape.
        shape: Vec<usize>,
    },

    /// A `--slice` specification that does not parse.
    #[error(
        "slice {spec:?} is not valid: {reason}; write one entry per axis, ':' for the two \
         axes to display and an integer for each other axis, e.g. 0,:,:,1 for arr[0, :, :, 1]"
    )]
    SliceSpec {
        /// The specification as given.
        spec: String,
        /// What is wrong with it.
        reason: String,
    },

    /// Per-channel histograms of a tensor that is not a `(B, H, W, C)` batch.
    #[error(
        "per-channel histograms need a 4-D (batch, height, width, channel) tensor, but the \
         shape is {}; reshape it to (B, H, W, C) first",
        fmt_shape(.shape)
    )]
    NotImageBatch {
        /// The tensor's shape.
        shape: Vec<usize>,
    },

    /// A histogram with no bins.
    #[error("a histogram needs at least one bin; ask for bins >= 1 (10 is NumPy's default)")]
    NoBins,

    /// Shards that cannot be one dataset.
    #[error(
        "cannot merge tensor {tensor} of {other} into the dataset started by {first}: \
         {reason}; shards of one dataset must have the same dtype and the same shape \
         after the first (batch) axis"
    )]
    ShardMismatch {
        /// The tensor's name.
        tensor: String,
        /// The shard that started the merged tensor.
        first: String,
        /// The shard that does not fit.
        other: String,
        /// What differs, with both values.
        reason: String,
    },

    /// A partial-state file that is not one `ndplay inspect --partial` wrote.
    #[error(
        "{}: not a valid ndplay partial state: {reason}; partial states are written by \
         `ndplay inspect --partial FILE... > shard.json`",
        .path.display()
    )]
    BadPartial {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },

    /// The result of a computation would need more memory than the process can have
    /// (NumPy's `MemoryError`); checked before allocating, so the process lives on.
    #[error(
        "Unable to allocate {} for {op} of a tensor of shape {}: {lanes} output lanes; \
         reduce along an axis whose removal leaves fewer elements, or inspect a slice",
        ndplay_core::shape::fmt_bytes_numpy(*.bytes), fmt_shape(.shape)
    )]
    OutOfMemory {
        /// What was being computed.
        op: &'static str,
        /// The input tensor's shape.
        shape: Vec<usize>,
        /// Number of output elements asked for.
        lanes: u128,
        /// Bytes that could not be had.
        bytes: usize,
    },

    /// A partial-state file that could not be read.
    #[error("{}: could not read the partial state: {source}", .path.display())]
    PartialIo {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

/// How a tensor is named in messages: its name, or `<array>` for single-array files.
pub fn tensor_label(name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{n:?}"),
        None => "<array>".to_string(),
    }
}
