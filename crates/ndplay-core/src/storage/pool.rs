//! A small cache of freed large allocations, so that repeated operations on large arrays
//! reuse memory the process already has instead of asking the kernel for fresh pages.
//!
//! Fresh pages are not free: the kernel zeroes every page on its first touch, and in a
//! virtual machine the host may have to back it again too. On the machine the benchmarks
//! run on, writing a fresh 51 MB output cost 1 to 8 ms more than writing a used one, and
//! how much varied from process to process (a 10000-row `standardize` took 3.4 ms in one
//! process and 10.7 ms in the next). Clearing a kept buffer costs about 1 ms and the same
//! every time.
//!
//! Only allocations of at least [`MIN_BYTES`] are kept, only while the pool stays within
//! its byte budget (`NDPLAY_POOL_MIB`, default 256; `0` turns the pool off) and
//! [`MAX_BUFFERS`] buffers, and a request takes a buffer of exactly its size. When a freed
//! buffer does not fit, the oldest kept ones are released first: the newest are the ones a
//! loop is about to ask for again.
//!
//! The pool holds addresses and sizes only; allocating, clearing and freeing stay in
//! [`super::OwnedBytes`].
//!
//! ```
//! use ndplay_core::storage::Storage;
//! let a = Storage::zeroed(8 << 20);
//! a.write().unwrap()[0] = 1;
//! drop(a); // kept for reuse
//! let b = Storage::zeroed(8 << 20); // may be the same memory, and is zeroed again
//! assert!(b.read().iter().all(|&x| x == 0));
//! ```

use std::sync::OnceLock;

use parking_lot::Mutex;

/// The smallest allocation the pool keeps: below this, the allocator's own free lists
/// reuse memory without returning it to the kernel.
pub(crate) const MIN_BYTES: usize = 4 << 20;
/// At most this many buffers are kept.
pub(crate) const MAX_BUFFERS: usize = 8;
const DEFAULT_BUDGET_MIB: usize = 256;

/// A freed allocation: its address and size in bytes.
pub(crate) type Freed = (usize, usize);

/// Kept buffers, oldest first, within a byte budget.
#[derive(Debug)]
pub(crate) struct Pool {
    kept: Vec<Freed>,
    bytes: usize,
    budget: usize,
}

impl Pool {
    pub(crate) const fn new(budget: usize) -> Pool {
        Pool {
            kept: Vec::new(),
            bytes: 0,
            budget,
        }
    }

    /// The newest kept buffer of exactly `len` bytes, removed from the pool.
    pub(crate) fn take(&mut self, len: usize) -> Option<usize> {
        let i = self.kept.iter().rposition(|&(_, l)| l == len)?;
        let (addr, _) = self.kept.remove(i);
        self.bytes -= len;
        Some(addr)
    }

    /// Keeps `freed` if it may be kept, releasing older buffers to make room. Returns
    /// what the caller must free: the released buffers, and `freed` itself when it is not
    /// kept.
    pub(crate) fn give(&mut self, freed: Freed) -> Vec<Freed> {
        let (_, len) = freed;
        if len < MIN_BYTES || len > self.budget {
            return vec![freed];
        }
        let mut release = Vec::new();
        while self.bytes + len > self.budget || self.kept.len() >= MAX_BUFFERS {
            let old = self.kept.remove(0);
            self.bytes -= old.1;
            release.push(old);
        }
        self.kept.push(freed);
        self.bytes += len;
        release
    }

    /// Bytes kept now.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The process's pool, with its budget read once from `NDPLAY_POOL_MIB`.
pub(crate) fn global() -> &'static Mutex<Pool> {
    static POOL: OnceLock<Mutex<Pool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mib = std::env::var("NDPLAY_POOL_MIB")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(DEFAULT_BUDGET_MIB);
        Mutex::new(Pool::new(mib.saturating_mul(1 << 20)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIB: usize = 1 << 20;

    #[test]
    fn takes_only_an_exact_size_newest_first() {
        let mut p = Pool::new(256 * MIB);
        assert!(p.give((0x1000, 8 * MIB)).is_empty());
        assert!(p.give((0x2000, 8 * MIB)).is_empty());
        assert!(p.give((0x3000, 16 * MIB)).is_empty());
        assert_eq!(p.take(12 * MIB), None);
        assert_eq!(p.take(8 * MIB), Some(0x2000));
        assert_eq!(p.take(8 * MIB), Some(0x1000));
        assert_eq!(p.take(8 * MIB), None);
        assert_eq!(p.bytes(), 16 * MIB);
    }

    #[test]
    fn small_and_oversized_buffers_are_handed_back() {
        let mut p = Pool::new(64 * MIB);
        assert_eq!(
            p.give((0x1000, MIN_BYTES - 1)),
            vec![(0x1000, MIN_BYTES - 1)]
        );
        assert_eq!(p.give((0x2000, 65 * MIB)), vec![(0x2000, 65 * MIB)]);
        assert_eq!(p.bytes(), 0);
        let mut off = Pool::new(0);
        assert_eq!(off.give((0x3000, 8 * MIB)), vec![(0x3000, 8 * MIB)]);
    }

    #[test]
    fn the_oldest_are_released_to_stay_within_budget_and_count() {
        let mut p = Pool::new(100 * MIB);
        for i in 0..3 {
            assert!(p.give((0x1000 * (i + 1), 30 * MIB)).is_empty());
        }
        // 90 + 30 > 100: the oldest goes.
        assert_eq!(p.give((0x9000, 30 * MIB)), vec![(0x1000, 30 * MIB)]);
        assert_eq!(p.bytes(), 90 * MIB);

        let mut q = Pool::new(1024 * MIB);
        for i in 0..MAX_BUFFERS {
            assert!(q.give((0x1000 * (i + 1), 4 * MIB)).is_empty());
        }
        assert_eq!(q.give((0xff000, 4 * MIB)), vec![(0x1000, 4 * MIB)]);
        assert_eq!(q.bytes(), MAX_BUFFERS * 4 * MIB);
    }
}
