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

use std::fs::{File, Metadata};
use std::path::Path;
use std::sync::Arc;

use crate::error::IoError;
use crate::tensor::TensorBytes;

/// Maps the whole file at `path` read-only. An empty file gives empty owned bytes
/// (a zero-length mapping is an error on some systems). Anything but a regular file is
/// refused from its metadata before it is opened: opening a FIFO for reading blocks until
/// a writer comes, and a device such as `/dev/zero` reports length 0 but never ends.
pub(crate) fn map_path(path: &Path) -> Result<TensorBytes, IoError> {
    let open_error = |e| IoError::os("open the file for reading", e);
    require_regular(&std::fs::metadata(path).map_err(open_error)?)?;
    let file = open_nonblocking(path).map_err(open_error)?;
    // Checked again on what was opened, in case the path changed in between.
    let meta = file
        .metadata()
        .map_err(|e| IoError::os("read the file's size", e))?;
    require_regular(&meta)?;
    let len = meta.len();
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

/// Refuses metadata that is not a regular file's, saying what it is.
fn require_regular(meta: &Metadata) -> Result<(), IoError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(IoError::NotRegularFile {
        kind: describe_kind(meta),
    })
}

#[cfg(unix)]
fn describe_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn describe_kind(meta: &Metadata) -> &'static str {
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// Opens for reading without blocking, so that a path swapped for a FIFO after it was
/// checked cannot hang the reader (the second check then refuses it).
#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_and_directories_are_refused_by_kind() {
        for (path, kind) in [("/dev/zero", "a character device"), ("/", "a directory")] {
            let err = map_path(Path::new(path)).unwrap_err();
            assert!(
                matches!(err, IoError::NotRegularFile { kind: k } if k == kind),
                "{path}: {err}"
            );
        }
    }
}
