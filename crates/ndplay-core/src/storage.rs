//! Storage: the bytes every view of an array shares.
//!
//! A [`Storage`] is reference counted and guarded by a reader-writer lock, so that writing
//! through any view is seen by every other view (NumPy's semantics) while Rust still rules
//! out data races between threads. Operations lock once per call, never per element.
//! Storage is either owned (16-byte aligned, writable) or external and read-only, such as
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
//!
//! **A memory budget.** [`set_memory_budget`] caps the bytes that arrays hold at once in
//! this process (`ndplay run --max-memory-mb`); an allocation past it fails the way one
//! past the machine's memory does, as NumPy's `MemoryError`, before anything is taken
//! (`tests/memory_budget.rs`).
#![allow(unsafe_code)]

mod pool;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use rayon::prelude::*;

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

/// An owned, zero-initialised allocation, 16-byte aligned (every dtype's alignment).
///
/// Allocated with `alloc_zeroed` at malloc's natural alignment, which becomes `calloc`:
/// large buffers come straight from the kernel as zero pages with no zeroing pass (a
/// larger alignment would make the allocator zero every byte itself). They are advised
/// to use transparent huge pages, as NumPy does, so first-touch faults cost 1/512 as much.
/// Freed large buffers go to the [`pool`] and are cleared in parallel when reused.
struct OwnedBytes {
    ptr: std::ptr::NonNull<u8>,
    len: usize,
}

// SAFETY: `OwnedBytes` uniquely owns its allocation; access is synchronised by the
// `RwLock` in `Storage`.
unsafe impl Send for OwnedBytes {}
// SAFETY: as above.
unsafe impl Sync for OwnedBytes {}

const ALIGN: usize = 16;
const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// Bytes held by owned array storage right now (freed buffers kept by the pool for
/// reuse are not counted: they are handed out again before anything new is taken).
static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// The most [`IN_USE`] may reach; `usize::MAX` when there is no budget.
static BUDGET: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Caps the bytes arrays may hold at once in this process (`None`: no cap beyond the
/// machine's memory and the process's limits). Arrays already made are kept.
pub fn set_memory_budget(bytes: Option<usize>) {
    BUDGET.store(bytes.unwrap_or(usize::MAX), Ordering::Relaxed);
}

/// The budget [`set_memory_budget`] set, if any.
pub fn memory_budget() -> Option<usize> {
    Some(BUDGET.load(Ordering::Relaxed)).filter(|&b| b != usize::MAX)
}

/// Bytes held by owned array storage in this process right now.
pub fn memory_in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// Counts `len` bytes as in use unless that passes the budget.
fn reserve(len: usize) -> bool {
    let budget = BUDGET.load(Ordering::Relaxed);
    IN_USE
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |used| {
            used.checked_add(len).filter(|&total| total <= budget)
        })
        .is_ok()
}

impl OwnedBytes {
    fn zeroed(len: usize) -> OwnedBytes {
        OwnedBytes::alloc(len, true)
    }

    /// `len` bytes that are zero or hold a freed array's values: a pooled buffer is not
    /// cleared. Every bit pattern must be a valid value of what the bytes will hold.
    fn for_overwrite(len: usize) -> OwnedBytes {
        OwnedBytes::alloc(len, false)
    }

    fn alloc(len: usize, clear_reused: bool) -> OwnedBytes {
        if len == 0 {
            return OwnedBytes {
                ptr: std::ptr::NonNull::<u64>::dangling().cast(),
                len,
            };
        }
        // The infallible path (sizes the engine chose, not the user) counts its bytes
        // but is never refused by the budget: only `try_alloc` checks it.
        IN_USE.fetch_add(len, Ordering::Relaxed);
        let Some(bytes) = OwnedBytes::take(len, clear_reused) else {
            let layout = std::alloc::Layout::from_size_align(len, ALIGN)
                .expect("size checked by the caller");
            std::alloc::handle_alloc_error(layout)
        };
        bytes
    }

    /// Like [`OwnedBytes::alloc`], but `None` when the allocator refuses (out of memory,
    /// or beyond the process's address-space limit) instead of aborting.
    fn try_alloc(len: usize, clear_reused: bool) -> Option<OwnedBytes> {
        if len == 0 {
            return Some(OwnedBytes {
                ptr: std::ptr::NonNull::<u64>::dangling().cast(),
                len,
            });
        }
        if !reserve(len) {
            return None;
        }
        let taken = OwnedBytes::take(len, clear_reused);
        if taken.is_none() {
            IN_USE.fetch_sub(len, Ordering::Relaxed);
        }
        taken
    }

    /// `len` (non-zero) bytes from the pool or the allocator, already counted as in use.
    fn take(len: usize, clear_reused: bool) -> Option<OwnedBytes> {
        if len >= pool::MIN_BYTES
            && let Some(addr) = pool::global().lock().take(len)
        {
            let ptr = std::ptr::NonNull::new(addr as *mut u8).expect("pooled buffers are non-null");
            let reused = OwnedBytes { ptr, len };
            if clear_reused {
                // SAFETY: the pool hands a buffer of `len` bytes to one taker only.
                let bytes = unsafe { std::slice::from_raw_parts_mut(reused.ptr.as_ptr(), len) };
                bytes.par_chunks_mut(1 << 20).for_each(|c| c.fill(0));
            }
            return Some(reused);
        }
        let layout =
            std::alloc::Layout::from_size_align(len, ALIGN).expect("size checked by the caller");
        // SAFETY: `layout` has non-zero size.
        let raw = unsafe { std::alloc::alloc_zeroed(layout) };
        let ptr = std::ptr::NonNull::new(raw)?;
        #[cfg(target_os = "linux")]
        if len >= HUGE_PAGE_THRESHOLD {
            // SAFETY: advising on memory we own; failure is harmless and ignored.
            unsafe {
                let page = 4096usize;
                let start = (raw as usize).next_multiple_of(page);
                let end = (raw as usize + len) & !(page - 1);
                if end > start {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
                }
            }
        }
        Some(OwnedBytes { ptr, len })
    }
}

impl Drop for OwnedBytes {
    fn drop(&mut self) {
        if self.len == 0 {
            return;
        }
        IN_USE.fetch_sub(self.len, Ordering::Relaxed);
        let freed = (self.ptr.as_ptr() as usize, self.len);
        if self.len < pool::MIN_BYTES {
            dealloc(freed);
        } else {
            let release = pool::global().lock().give(freed);
            release.into_iter().for_each(dealloc);
        }
    }
}

/// Frees an allocation made in [`OwnedBytes::zeroed`] that nothing uses any more: a
/// dropped buffer, or one the pool held and has let go of.
fn dealloc((addr, len): pool::Freed) {
    let layout = std::alloc::Layout::from_size_align(len, ALIGN).expect("valid at allocation");
    // SAFETY: allocated with this exact layout, and no longer in use (see above).
    unsafe { std::alloc::dealloc(addr as *mut u8, layout) };
}

enum Buffer {
    Owned(OwnedBytes),
    External(Arc<dyn ExternalBytes>),
}

impl Buffer {
    fn bytes(&self) -> &[u8] {
        match self {
            // SAFETY: the allocation holds `len` initialised (zeroed, then written) bytes.
            Buffer::Owned(o) => unsafe { std::slice::from_raw_parts(o.ptr.as_ptr(), o.len) },
            Buffer::External(ext) => ext.bytes(),
        }
    }

    fn bytes_mut(&mut self) -> Option<&mut [u8]> {
        match self {
            // SAFETY: as in `bytes`, with unique access through `&mut self`.
            Buffer::Owned(o) => {
                Some(unsafe { std::slice::from_raw_parts_mut(o.ptr.as_ptr(), o.len) })
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
    /// `len` zero bytes, 16-byte aligned.
    pub fn zeroed(len: usize) -> Arc<Storage> {
        Arc::new(Storage {
            buffer: RwLock::new(Buffer::Owned(OwnedBytes::zeroed(len))),
            len,
            writeable: true,
        })
    }

    /// `len` bytes, 16-byte aligned, for an output that will be written in full before
    /// it is read: zeros, or a freed array's bytes when a pooled buffer is reused (which
    /// saves clearing it). Only for element types every bit pattern is valid for, so not
    /// for `bool`.
    pub fn for_overwrite(len: usize) -> Arc<Storage> {
        Arc::new(Storage {
            buffer: RwLock::new(Buffer::Owned(OwnedBytes::for_overwrite(len))),
            len,
            writeable: true,
        })
    }

    /// Like [`Storage::zeroed`] (or, with `overwrite`, [`Storage::for_overwrite`]), but
    /// `None` when the memory cannot be had, so the caller can raise NumPy's
    /// `MemoryError` instead of the process aborting.
    pub fn try_new(len: usize, overwrite: bool) -> Option<Arc<Storage>> {
        let bytes = OwnedBytes::try_alloc(len, !overwrite)?;
        Some(Arc::new(Storage {
            buffer: RwLock::new(Buffer::Owned(bytes)),
            len,
            writeable: true,
        }))
    }

    /// Owned storage holding a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Arc<Storage> {
        let s = Storage::for_overwrite(bytes.len());
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

    /// The bytes, read without taking the lock.
    ///
    /// For callers that already serialise every access to engine storage some other way,
    /// and read one element per call where the lock's two atomic operations would cost
    /// more than the read (the Python module's `a[i]`, whose callers hold CPython's GIL).
    ///
    /// # Safety
    ///
    /// No thread may write this storage (hold [`Storage::write`]'s guard) while the
    /// returned slice lives.
    pub unsafe fn read_unsynchronized(&self) -> &[u8] {
        debug_assert!(
            !self.buffer.is_locked_exclusive(),
            "unsynchronized read of storage being written"
        );
        // SAFETY: the caller guarantees there is no writer, so a shared view of the
        // buffer is what the read lock would have handed out.
        unsafe { (*self.buffer.data_ptr()).bytes() }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_large_buffer_comes_back_zeroed() {
        // A size no other test allocates, so the buffer taken is the one just freed
        // (a fresh one only when NDPLAY_POOL_MIB=0 turns the pool off).
        let len = pool::MIN_BYTES + 4096 + 48;
        let a = Storage::zeroed(len);
        a.write().unwrap().fill(0xa5);
        let addr = a.read().as_ptr() as usize;
        drop(a);
        let b = Storage::zeroed(len);
        assert!(b.read().iter().all(|&x| x == 0));
        let reused = b.read().as_ptr() as usize == addr;
        let pool_on = std::env::var("NDPLAY_POOL_MIB").map_or(true, |v| v.trim() != "0");
        if pool_on {
            assert!(reused, "a freed {len}-byte buffer should be reused");
        }
    }
}
