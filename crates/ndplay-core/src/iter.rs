//! The strided loop machinery under every kernel.
//!
//! An operation over N operands of one shape is reduced to calls of an inner 1-D kernel:
//! length-1 axes are dropped, axes are ordered so the smallest stride is innermost
//! (NumPy's `order='K'` traversal), and axes that are contiguous across *all* operands are
//! merged. A C-contiguous operation of any rank therefore becomes one long inner loop the
//! compiler can vectorise, and a transposed one walks memory forwards, not by rows.
//!
//! ```
//! use ndplay_core::iter::plan_runs;
//! // A (3, 4) C-contiguous float64 and its output: one run of 12 elements.
//! let plan = plan_runs(&[3, 4], &[&[32, 8], &[32, 8]]);
//! assert_eq!((plan.outer_shape.len(), plan.inner_len), (0, 12));
//! // The transpose of it walks the input's memory order: inner stride 8, not 32.
//! let plan = plan_runs(&[4, 3], &[&[8, 32]]);
//! assert_eq!(plan.inner_strides, vec![8]);
//! ```
#![allow(unsafe_code)]

use crate::layout::Layout;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

/// How to traverse N operands of a common shape: an outer odometer and an inner run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunPlan {
    /// Lengths of the outer axes, slowest first.
    pub outer_shape: Vec<usize>,
    /// Byte strides of the outer axes, per operand.
    pub outer_strides: Vec<Vec<isize>>,
    /// Length of each inner run (0 when the operation is empty).
    pub inner_len: usize,
    /// Byte stride of the inner axis, per operand.
    pub inner_strides: Vec<isize>,
}

impl RunPlan {
    /// Number of inner runs.
    pub fn outer_count(&self) -> usize {
        self.outer_shape.iter().product()
    }

    /// Byte offsets (relative to each operand's start) of the run with linear outer index
    /// `k`.
    pub fn run_offsets(&self, mut k: usize, out: &mut [isize]) {
        out.iter_mut().for_each(|o| *o = 0);
        for axis in (0..self.outer_shape.len()).rev() {
            let d = self.outer_shape[axis];
            let i = (k % d) as isize;
            k /= d;
            for (o, s) in out.iter_mut().zip(&self.outer_strides) {
                *o += i * s[axis];
            }
        }
    }
}

/// Plans the traversal of `shape` for operands with the given byte strides. The first
/// operand decides ties in axis order, so pass the output first.
pub fn plan_runs(shape: &[usize], strides: &[&[isize]]) -> RunPlan {
    let nops = strides.len();
    if shape.contains(&0) {
        return RunPlan {
            outer_shape: vec![],
            outer_strides: vec![vec![]; nops],
            inner_len: 0,
            inner_strides: vec![0; nops],
        };
    }
    let order = Layout::k_order(shape.len(), strides);
    // Slowest-first list of (len, strides per operand), without length-1 axes.
    let mut axes: Vec<(usize, Vec<isize>)> = order
        .iter()
        .filter(|&&a| shape[a] != 1)
        .map(|&a| (shape[a], strides.iter().map(|s| s[a]).collect()))
        .collect();
    // Merge an axis into the next-inner one when every operand is contiguous across them.
    let mut i = axes.len();
    while i >= 2 {
        let (inner_len, inner_s) = (axes[i - 1].0, axes[i - 1].1.clone());
        let outer_s = &axes[i - 2].1;
        if outer_s
            .iter()
            .zip(&inner_s)
            .all(|(&o, &n)| o == n * inner_len as isize)
        {
            let outer_len = axes[i - 2].0;
            axes[i - 2] = (outer_len * inner_len, inner_s);
            axes.remove(i - 1);
        }
        i -= 1;
    }
    match axes.pop() {
        None => RunPlan {
            outer_shape: vec![],
            outer_strides: vec![vec![]; nops],
            inner_len: 1,
            inner_strides: vec![0; nops],
        },
        Some((len, inner)) => RunPlan {
            outer_shape: axes.iter().map(|a| a.0).collect(),
            outer_strides: (0..nops)
                .map(|op| axes.iter().map(|a| a.1[op]).collect())
                .collect(),
            inner_len: len,
            inner_strides: inner,
        },
    }
}

/// A raw pointer that may cross threads. The kernels using it hold the storage locks for
/// the whole parallel section and write disjoint elements.
#[derive(Clone, Copy, Debug)]
pub struct SendPtr(pub *mut u8);

impl SendPtr {
    /// The pointer. A method, so closures capture the whole `Send` wrapper.
    #[inline(always)]
    pub fn get(self) -> *mut u8 {
        self.0
    }
}
// SAFETY: the pointer is only dereferenced while the owning storage's lock is held by the
// thread that spawned the parallel section, and parallel workers touch disjoint bytes.
unsafe impl Send for SendPtr {}
// SAFETY: as above.
unsafe impl Sync for SendPtr {}

/// Work below this many elements stays on one thread: spawning costs more than it saves.
pub const PARALLEL_MIN_ELEMENTS: usize = 1 << 16;

/// Calls `run(offsets, inner_strides, inner_len)` for every inner run, where `offsets` are
/// byte offsets relative to each operand's first element. Large plans are split over the
/// rayon pool by outer index; `run` must then only write through operands whose outer
/// strides are non-zero (every output, never a reduction accumulator).
pub fn for_each_run<const N: usize>(
    plan: &RunPlan,
    parallel: bool,
    run: impl Fn(&[isize; N], &[isize; N], usize) + Sync,
) {
    debug_assert_eq!(plan.inner_strides.len(), N);
    if plan.inner_len == 0 {
        return;
    }
    let inner: [isize; N] = std::array::from_fn(|i| plan.inner_strides[i]);
    let count = plan.outer_count();
    let body = |range: std::ops::Range<usize>| {
        let mut offs = [0isize; N];
        for k in range {
            plan.run_offsets(k, &mut offs);
            run(&offs, &inner, plan.inner_len);
        }
    };
    let total = count.saturating_mul(plan.inner_len);
    let threads = rayon::current_num_threads().max(1);
    if parallel && count < threads && plan.inner_len >= PARALLEL_MIN_ELEMENTS {
        // Few long runs (a contiguous array is one): split each run into pieces instead.
        let pieces = threads * 4;
        let per = plan.inner_len.div_ceil(pieces).next_multiple_of(64);
        let raised = AtomicU32::new(0);
        let raised = &raised;
        rayon::scope(|s| {
            for k in 0..count {
                let mut offs = [0isize; N];
                plan.run_offsets(k, &mut offs);
                let mut lo = 0usize;
                while lo < plan.inner_len {
                    let len = per.min(plan.inner_len - lo);
                    let start: [isize; N] =
                        std::array::from_fn(|i| offs[i] + lo as isize * inner[i]);
                    let run = &run;
                    s.spawn(move |_| {
                        let ((), bits) = crate::fpstatus::watch(|| run(&start, &inner, len));
                        raised.fetch_or(bits, Relaxed);
                    });
                    lo += len;
                }
            }
        });
        // The workers' floating-point flags, as if this thread had done the work.
        crate::fpstatus::raise_flags(raised.load(Relaxed));
        return;
    }
    if parallel && count > 1 && total >= PARALLEL_MIN_ELEMENTS {
        let chunks = (threads * 4).min(count);
        let per = count.div_ceil(chunks);
        let raised = AtomicU32::new(0);
        let raised = &raised;
        rayon::scope(|s| {
            for c in 0..chunks {
                let lo = c * per;
                let hi = ((c + 1) * per).min(count);
                if lo < hi {
                    let body = &body;
                    s.spawn(move |_| {
                        let ((), bits) = crate::fpstatus::watch(|| body(lo..hi));
                        raised.fetch_or(bits, Relaxed);
                    });
                }
            }
        });
        crate::fpstatus::raise_flags(raised.load(Relaxed));
    } else {
        body(0..count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_operand_keeps_zero_stride() {
        // out (3,4) C, a (3,4) C, b broadcast row (0, 8)
        let plan = plan_runs(&[3, 4], &[&[32, 8], &[32, 8], &[0, 8]]);
        assert_eq!(plan.inner_len, 4);
        assert_eq!(plan.outer_shape, vec![3]);
        assert_eq!(plan.outer_strides[2], vec![0]);
    }

    #[test]
    fn offsets_walk_the_odometer() {
        // Axis 1 is innermost in memory; axes 2 and 0 have gaps, so nothing merges.
        let plan = plan_runs(&[2, 3, 4], &[&[96, 8, 48]]);
        let mut seen = Vec::new();
        let mut offs = [0isize; 1];
        for k in 0..plan.outer_count() {
            plan.run_offsets(k, &mut offs);
            seen.push(offs[0]);
        }
        assert_eq!((plan.inner_strides.clone(), plan.inner_len), (vec![8], 3));
        assert_eq!(seen, vec![0, 48, 96, 144, 96, 144, 192, 240]);
    }
}
