//! The one place this crate maps files into memory, and so the one place with `unsafe`.
//!
//! Readers call [`map_path`] and get [`TensorBytes`] that borrow the mapping; tensors
//! sliced from it keep the mapping alive through an `Arc`, so the data is read in place
//! and never copied whole.
//!
//! ```
//! let path = std::env::temp_dir().join("ndplay_io_mmap_doc.bin");
//! std::fs::write(&path, b"hello").unwrap();
//! let bytes = ndplay_io::TensorBytes::map_path(&path)?;
//! assert_eq!(bytes.as_bytes(), b"hello");
//! assert!(bytes.is_mapped());
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), ndplay_io::IoError>(())
//! ```
#![allow(unsafe_code)]

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use crate::error::IoError;
use crate::tensor::TensorBytes;

/// Maps the whole file at `path` read-only. An empty file gives empty owned bytes
/// (a zero-length mapping is an error on some systems).
pub(crate) fn map_path(path: &Path) -> Result<TensorBytes, IoError> {
    let file = File::open(path).map_err(|e| IoError::os("open the file for reading", e))?;
    let len = file
        .metadata()
        .map_err(|e| IoError::os("read the file's size", e))?
        .len();
    if len == 0 {
        return Ok(TensorBytes::from_vec(Vec::new()));
    }
    // SAFETY: `Mmap::map` is unsafe because the mapped bytes change (or the process gets
    // SIGBUS) if another process modifies or truncates the file while it is mapped, which
    // Rust's `&[u8]` aliasing rules forbid. We map read-only, never write through the map,
    // and treat every byte as untrusted input (all parsing is bounds-checked), so a
    // concurrent writer can at worst make us read garbage values; it cannot make any of
    // our length or offset checks unsound, because they are made against the mapping's
    // fixed length, which does not change after mapping. This is the same contract as
    // NumPy's np.load(mmap_mode='r'): don't modify a file while it is loaded.
    let map =
        unsafe { memmap2::Mmap::map(&file) }.map_err(|e| IoError::os("memory-map the file", e))?;
    Ok(TensorBytes::from_mmap(Arc::new(map)))
}
