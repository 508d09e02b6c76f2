//! # ndplay-bench: measured, never asserted
//!
//! Two benchmark suites behind `ndplay bench`:
//!
//! - [`lesson`]: the seed lesson's `train.py`. For every rank from 0-D to 4-D it generates
//!   tensors of the lesson's shapes (times `--scale`), times slicing (`extract_slice`) and
//!   statistics (`compute_axis_stats`, the six signals) over repeats, and logs all six
//!   signals for every generated tensor.
//! - [`kernels`]: the named workloads that `bench/vs_numpy.py` runs in NumPy too, and the
//!   loop-versus-fast table of the ML twins.
//!
//! Inputs come from a fixed seed and are generated before timing; every workload gets one
//! warm-up run; figures are the median, min and max over repeats ([`timing`]).
//!
//! ```
//! use ndplay_bench::timing::time_it;
//! let t = time_it(3, || { std::hint::black_box((0..1000).sum::<u64>()); });
//! assert_eq!(t.repeats, 3);
//! assert!(t.min_s <= t.median_s && t.median_s <= t.max_s);
//! ```
#![deny(missing_docs)]

pub mod kernels;
pub mod lesson;
pub mod timing;

use ndplay_core::{Array, DType};

/// Seeded standard-normal data of `shape` (NumPy's `default_rng(seed).standard_normal`),
/// cast to `dtype`.
pub fn normal(shape: &[usize], seed: u64, dtype: DType) -> Array {
    let mut rng = ndplay_random::default_rng(seed).expect("integer seeds are valid");
    let v = rng
        .standard_normal(shape)
        .expect("benchmark shapes fit in memory");
    let a = Array::from_vec(v, shape).expect("length matches the shape");
    if dtype == DType::Float64 {
        a
    } else {
        a.astype(dtype, ndplay_core::Casting::Unsafe)
            .expect("numeric cast")
    }
}
