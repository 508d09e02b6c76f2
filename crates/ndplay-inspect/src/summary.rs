//! [`TensorSummary`] and [`FileSummary`]: what one fused pass learns about each tensor,
//! before any judgement. They are also the mergeable partial state: [`merge_files`]
//! treats files as shards of one dataset, and [`Partial`] is the JSON document that
//! `ndplay inspect --partial` writes and `--combine` reads.
//!
//! ```
//! use ndplay_inspect::summary::{merge_files, summarize_tensor, FileSummary};
//! use ndplay_io::{ElemType, RawTensor};
//!
//! let shard = |rows: &[f32]| {
//!     let bytes = rows.iter().flat_map(|x| x.to_le_bytes()).collect();
//!     let t = RawTensor::from_vec(ElemType::F32, vec![rows.len() / 2, 2], bytes).unwrap();
//!     FileSummary { path: "s.npy".into(), format: "npy".into(),
//!                   tensors: vec![summarize_tensor(&t, &|_| {})], shards: vec![] }
//! };
//! let merged = merge_files(&[shard(&[1.0, 2.0]), shard(&[3.0, 4.0, 5.0, 6.0])])?;
//! let t = &merged.tensors[0];
//! assert_eq!(t.shape, [3, 2]);
//! assert_eq!(t.stats.mean(), Some(3.5));
//! # Ok::<(), ndplay_inspect::InspectError>(())
//! ```

use std::path::Path;

use ndplay_core::Layout;
use ndplay_core::shape::fmt_shape;
use ndplay_io::{RawTensor, TensorFile};
use serde::{Deserialize, Serialize};

use crate::convert::numpy_strides;
use crate::error::{InspectError, tensor_label};
use crate::kernels::stats_of_bytes;
use crate::stats::Stats;

/// The facts about one tensor (or one tensor merged over shards).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TensorSummary {
    /// Member or tensor name; `None` for single-array files.
    pub name: Option<String>,
    /// NumPy's dtype name (`"float32"`; `"bfloat16"` for safetensors BF16).
    pub dtype: String,
    /// NumPy's typestr as stored, with byte order (`"<f4"`, `">i2"`).
    pub typestr: String,
    /// Bytes per element as stored.
    pub itemsize: usize,
    /// Shape (for a merged tensor, the first axis is the sum over shards).
    pub shape: Vec<usize>,
    /// Byte strides as `np.load` reports them.
    pub strides: Vec<isize>,
    /// NumPy's `C_CONTIGUOUS` flag (for a merged tensor: of every shard).
    pub c_contiguous: bool,
    /// NumPy's `F_CONTIGUOUS` flag.
    pub f_contiguous: bool,
    /// Number of shards merged into this summary (1 for a plain file).
    pub shards: u64,
    /// The statistics state.
    pub stats: Stats,
}

impl TensorSummary {
    /// Number of elements.
    pub fn size(&self) -> u64 {
        self.shape
            .iter()
            .fold(1u64, |a, &d| a.saturating_mul(d as u64))
    }

    /// Bytes of data (`arr.nbytes`).
    pub fn nbytes(&self) -> u64 {
        self.size().saturating_mul(self.itemsize as u64)
    }

    /// How the tensor is named in messages.
    pub fn label(&self) -> String {
        tensor_label(self.name.as_deref())
    }
}

/// The facts about one file (or about several files merged as shards).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The path as given (for a merge, a description of the shards).
    pub path: String,
    /// `npy`, `npz`, `safetensors`, `csv` (or `mixed` for a merge of several formats).
    pub format: String,
    /// Its tensors, in file order.
    pub tensors: Vec<TensorSummary>,
    /// For a merge, the paths of the shards in order; empty for a single file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shards: Vec<String>,
}

/// The statistics and layout facts of one tensor, in one fused parallel pass over its
/// bytes. `progress` receives byte counts as work completes.
pub fn summarize_tensor(t: &RawTensor, progress: &(dyn Fn(u64) + Sync)) -> TensorSummary {
    let itemsize = t.elem.itemsize();
    let strides = numpy_strides(&t.shape, itemsize, t.fortran_order);
    let layout = Layout::new(t.shape.clone(), strides.clone(), 0);
    let mut stats = stats_of_bytes(t.elem, t.byte_order, t.data.as_bytes(), progress);
    // Fixed-width strings of width 0 have no bytes to count elements by.
    stats.count = t.element_count().unwrap_or(0) as u64;
    TensorSummary {
        name: t.name.clone(),
        dtype: t.elem.numpy_name(),
        typestr: t.typestr(),
        itemsize,
        shape: t.shape.clone(),
        strides,
        c_contiguous: layout.is_c_contiguous(itemsize),
        f_contiguous: layout.is_f_contiguous(itemsize),
        shards: 1,
        stats,
    }
}

/// Summaries of every tensor of a file that has been read.
pub fn summarize_file(
    path: &Path,
    file: &TensorFile,
    progress: &(dyn Fn(u64) + Sync),
) -> FileSummary {
    FileSummary {
        path: path.display().to_string(),
        format: file.format.extension().to_string(),
        tensors: file
            .tensors
            .iter()
            .map(|t| summarize_tensor(t, progress))
            .collect(),
        shards: Vec::new(),
    }
}

/// Merges `b` (from shard `b_path`) into `a` (started by `a_path`) as the concatenation
/// of the two along axis 0.
pub fn merge_tensor(
    a: &mut TensorSummary,
    b: &TensorSummary,
    a_path: &str,
    b_path: &str,
) -> Result<(), InspectError> {
    let mismatch = |reason: String| InspectError::ShardMismatch {
        tensor: a.label(),
        first: a_path.to_string(),
        other: b_path.to_string(),
        reason,
    };
    if a.dtype != b.dtype {
        return Err(mismatch(format!(
            "its dtype is {} but the first shard's is {}",
            b.dtype, a.dtype
        )));
    }
    if a.shape.is_empty() || b.shape.is_empty() {
        return Err(mismatch(
            "a 0-D tensor has no batch axis to concatenate along".to_string(),
        ));
    }
    if a.shape[1..] != b.shape[1..] {
        return Err(mismatch(format!(
            "its shape {} and the first shard's {} differ after axis 0",
            fmt_shape(&b.shape),
            fmt_shape(&a.shape)
        )));
    }
    a.shape[0] = a.shape[0].saturating_add(b.shape[0]);
    a.shards = a.shards.saturating_add(b.shards);
    a.stats.merge(&b.stats);
    let all_c = a.c_contiguous && b.c_contiguous;
    let all_f = a.f_contiguous && b.f_contiguous;
    a.strides = numpy_strides(&a.shape, a.itemsize, all_f && !all_c);
    let layout = Layout::new(a.shape.clone(), a.strides.clone(), 0);
    a.c_contiguous = all_c && layout.is_c_contiguous(a.itemsize);
    a.f_contiguous = all_f && layout.is_f_contiguous(a.itemsize);
    if a.typestr != b.typestr {
        // Same dtype, different byte order: the merged data has no single typestr.
        a.typestr = format!("={}", a.typestr.trim_start_matches(['<', '>', '|', '=']));
    }
    Ok(())
}

/// Treats `files` as shards of one dataset: tensors with the same name (or the unnamed
/// tensors of `.npy`/`.csv` shards) are concatenated along axis 0. Every shard must give
/// each tensor the same dtype and the same shape after axis 0.
pub fn merge_files(files: &[FileSummary]) -> Result<FileSummary, InspectError> {
    let mut tensors: Vec<(TensorSummary, String)> = Vec::new();
    let mut shards = Vec::new();
    for f in files {
        if f.shards.is_empty() {
            shards.push(f.path.clone());
        } else {
            shards.extend(f.shards.iter().cloned());
        }
        for t in &f.tensors {
            match tensors.iter_mut().find(|(m, _)| m.name == t.name) {
                Some((m, first)) => merge_tensor(m, t, first, &f.path)?,
                None => tensors.push((t.clone(), f.path.clone())),
            }
        }
    }
    let format = match files.first() {
        Some(first) if files.iter().all(|f| f.format == first.format) => first.format.clone(),
        _ => "mixed".to_string(),
    };
    Ok(FileSummary {
        path: format!("merge of {} shards", shards.len()),
        format,
        tensors: tensors.into_iter().map(|(t, _)| t).collect(),
        shards,
    })
}

/// The current version of the partial-state document.
pub const PARTIAL_VERSION: u32 = 1;

/// The document `ndplay inspect --partial` writes: the merged summary of its inputs,
/// which `--combine` merges with others into the report one run over all shards gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// Always [`PARTIAL_VERSION`]; guards against reading something else.
    pub ndplay_partial: u32,
    /// The summary of the shards this partial covers.
    pub summary: FileSummary,
}

impl Partial {
    /// Wraps a summary.
    pub fn new(summary: FileSummary) -> Partial {
        Partial {
            ndplay_partial: PARTIAL_VERSION,
            summary,
        }
    }

    /// Parses and validates a partial document read from `path`.
    pub fn from_json(path: &Path, text: &str) -> Result<Partial, InspectError> {
        let bad = |reason: String| InspectError::BadPartial {
            path: path.to_path_buf(),
            reason,
        };
        let p: Partial = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if p.ndplay_partial != PARTIAL_VERSION {
            return Err(bad(format!(
                "it is version {}, this ndplay reads version {PARTIAL_VERSION}",
                p.ndplay_partial
            )));
        }
        for t in &p.summary.tensors {
            t.stats
                .validate()
                .map_err(|r| bad(format!("tensor {}: {r}", t.label())))?;
            if t.strides.len() != t.shape.len() {
                return Err(bad(format!(
                    "tensor {}: {} strides for a rank-{} shape",
                    t.label(),
                    t.strides.len(),
                    t.shape.len()
                )));
            }
            if t.stats.count != t.size() {
                return Err(bad(format!(
                    "tensor {}: {} elements counted for shape {}",
                    t.label(),
                    t.stats.count,
                    fmt_shape(&t.shape)
                )));
            }
        }
        Ok(p)
    }

    /// Reads and validates the partial document at `path`.
    pub fn read(path: &Path) -> Result<Partial, InspectError> {
        let text = std::fs::read_to_string(path).map_err(|source| InspectError::PartialIo {
            path: path.to_path_buf(),
            source,
        })?;
        Partial::from_json(path, &text)
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> String {
        // Serialising plain data (strings, numbers, finite floats) cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
