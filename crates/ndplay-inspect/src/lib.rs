//! # ndplay-inspect: is this tensor ready for a model?
//!
//! The seed lesson's six production-readiness signals — **shape** sanity, **dtype**,
//! **NaN/Inf** count, **value range**, **memory** footprint, **contiguity** — for every
//! tensor of `.npy`, `.npz`, `.safetensors` and `.csv` files, plus finite mean and std,
//! zero count and a magnitude histogram, all from **one fused pass** over the data that
//! runs in parallel on every core and yields a **mergeable** partial state, so shards of
//! one dataset combine into the report a single run over all of them gives.
//!
//! Where things live:
//! - [`to_array`] ([`convert`]): a file's [`RawTensor`](ndplay_io::RawTensor) as an engine
//!   [`Array`](ndplay_core::Array), zero-copy where the bytes allow.
//! - [`kernels`]: the fused typed pass; [`stats`]: its mergeable state [`Stats`].
//! - [`summary`]: [`TensorSummary`]/[`FileSummary`] (facts, and the `--partial` state),
//!   shard merging.
//! - [`report`]: the signals and the JSON contract, [`Report`]; [`render`]: the table.
//! - [`axis`]: [`compute_axis_stats`]; [`slice`](mod@slice): [`extract_slice`],
//!   [`channel_histograms`].
//! - [`views`]: the `--axis-stats` and `--slice` views of one tensor.
//! - [`columns`]: [`column_signals`](columns::column_signals), the fused per-column
//!   NaN/Inf counts and finite min/max of a 2-D batch.
//! - [`error`] holds the one error type, [`InspectError`].
//!
//! ```
//! use ndplay_inspect::{inspect_file, report::{Options, Report}};
//!
//! let path = std::env::temp_dir().join("ndplay_inspect_lib_doc.npy");
//! let t = ndplay_io::RawTensor::from_vec(
//!     ndplay_io::ElemType::F32, vec![2, 2],
//!     [0.5f32, -1.0, 2.0, f32::NAN].iter().flat_map(|x| x.to_le_bytes()).collect())?;
//! ndplay_io::npy::write(&path, &t)?;
//!
//! let (summary, _file) = inspect_file(&path, &|_| {})?;
//! let report = Report::build(&[summary], &Options::default());
//! let json: serde_json::Value = serde_json::from_str(&report.to_json())?;
//! let tensor = &json["files"][0]["tensors"][0];
//! assert_eq!(tensor["dtype"], "float32");
//! assert_eq!(tensor["strides"], serde_json::json!([8, 4]));
//! assert_eq!(tensor["nan_count"], 1);
//! assert_eq!(tensor["finite_max"], 2.0);
//! assert_eq!(report.exit_code(), 1); // the NaN fails `nan_inf`
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

pub mod axis;
pub mod columns;
pub mod convert;
pub mod error;
pub mod kernels;
pub mod render;
pub mod report;
mod simd;
pub mod slice;
pub mod stats;
pub mod summary;
pub mod views;

use std::path::Path;

pub use axis::{AxisStats, compute_axis_stats};
pub use convert::{to_array, to_raw};
pub use error::InspectError;
pub use report::{Options, Report, Status};
pub use slice::{ChannelHistogram, channel_histograms, extract_slice};
pub use stats::{Stats, Value};
pub use summary::{FileSummary, Partial, TensorSummary, merge_files};

/// Reads the tensor file at `path` and summarises every tensor in it. The file's tensors
/// come back too (memory-mapped where the format allows), for slices and axis
/// statistics. `progress` receives byte counts as the pass advances.
pub fn inspect_file(
    path: &Path,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(FileSummary, ndplay_io::TensorFile), InspectError> {
    inspect_file_with(path, &ndplay_io::ReadOptions::default(), progress)
}

/// [`inspect_file`] with explicit reading limits (tensor count, inflation budget).
pub fn inspect_file_with(
    path: &Path,
    options: &ndplay_io::ReadOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(FileSummary, ndplay_io::TensorFile), InspectError> {
    let file = ndplay_io::read_path_with(path, options)?;
    let summary = summary::summarize_file(path, &file, progress);
    Ok((summary, file))
}
