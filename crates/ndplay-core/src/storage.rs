//! Storage: the bytes every view of an array shares.
//!
//! A [`Storage`] is reference counted and guarded by a reader-writer lock, so that writing
//! through any view is seen by every other view (NumPy's semantics) while Rust still rules
//! out data races between threads. Operations lock once per call, never per element.
//! Storage is either owned (64-byte aligned, writable) or external and read-only, such as
//! a memory-mapped file.
//!
//! ```
//! use ndplay_core::storage::Storage;
//! let s = Storage::zeroed(16);
//! s.write().unwrap()[0] = 7;
//! assert_eq!(s.read()[0], 7);
//! let ro = Storage::external(std::sync::Arc::new(vec![1u8, 2, 3]));
//! assert!(ro.write().is_err());
//! ```
#![allow(unsafe_code)]

use std::sync::Arc;

use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::{Error, Result};

/// Read-only bytes owned elsewhere (a memory map, a shared buffer).
pub trait ExternalBytes: Send + Sync {
    /// The bytes.
    fn bytes(&self) -> &[u8];
}

impl ExternalBytes for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Chunk([u8; 64]);

enum Buffer {
    Owned { chunks: Vec<Chunk>, len: usize },
    External(Arc<dyn ExternalBytes>),
}

impl Buffer {
    fn bytes(&self) -> &[u8] {
        match self {
            Buffer::Owned { chunks, len } => {
                // SAFETY: `chunks` holds `chunks.len() * 64 >= len` initialised bytes, and
                // `Chunk` is `repr(C)` plain bytes, so viewing them as `u8` is sound.
                unsafe { std::slice::from_raw_parts(chunks.as_ptr().cast::<u8>(), *len) }
            }
            Buffer::External(ext) => ext.bytes(),
        }
    }

    fn bytes_mut(&mut self) -> Option<&mut [u8]> {
        match self {
            Buffer::Owned { chunks, len } => {
                // SAFETY: as in `bytes`, with unique access through `&mut self`.
                Some(unsafe {
                    std::slice::from_raw_parts_mut(chunks.as_mut_ptr().cast::<u8>(), *len)
                })
            }
            Buffer::External(_) => None,
        }
    }
}

/// Shared, lockable array memory. See the module docs.
pub struct Storage {
    buffer: RwLock<Buffer>,
    len: usize,
    writeable: bool,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("len", &self.len)
            .field("writeable", &self.writeable)
            .finish()
    }
}

impl Storage {
    /// `len` zero bytes, 64-byte aligned.
    pub fn zeroed(len: usize) -> Arc<Storage> {
        let chunks = vec![Chunk([0; 64]); len.div_ceil(64)];
        Arc::new(Storage {
            buffer: RwLock::new(Buffer::Owned { chunks, len }),
            len,
            writeable: true,
        })
    }

    /// Owned storage holding a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Arc<Storage> {
        let s = Storage::zeroed(bytes.len());
        s.buffer
            .write()
            .bytes_mut()
            .expect("owned")
            .copy_from_slice(bytes);
        s
    }

    /// Read-only storage over external bytes, without copying them.
    pub fn external(bytes: Arc<dyn ExternalBytes>) -> Arc<Storage> {
        let len = bytes.bytes().len();
        Arc::new(Storage {
            buffer: RwLock::new(Buffer::External(bytes)),
            len,
            writeable: false,
        })
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the storage holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether writes are allowed (`flags['WRITEABLE']`).
    pub fn is_writeable(&self) -> bool {
        self.writeable
    }

    /// Locks for reading.
    pub fn read(&self) -> ReadBytes<'_> {
        ReadBytes(self.buffer.read())
    }

    /// Locks for writing; read-only storage refuses.
    pub fn write(&self) -> Result<WriteBytes<'_>> {
        if !self.writeable {
            return Err(Error::ReadOnly { op: "write".into() });
        }
        Ok(WriteBytes(self.buffer.write()))
    }

    /// The address of the first byte, for overlap checks and alignment.
    pub fn address(&self) -> usize {
        self.buffer.read().bytes().as_ptr() as usize
    }
}

/// A read lock on storage bytes.
pub struct ReadBytes<'a>(RwLockReadGuard<'a, Buffer>);

impl std::ops::Deref for ReadBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0.bytes()
    }
}

/// A write lock on storage bytes.
pub struct WriteBytes<'a>(RwLockWriteGuard<'a, Buffer>);

impl std::ops::Deref for WriteBytes<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.0.bytes()
    }
}

impl std::ops::DerefMut for WriteBytes<'_> {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.0
            .bytes_mut()
            .expect("write guards exist only for owned storage")
    }
}
