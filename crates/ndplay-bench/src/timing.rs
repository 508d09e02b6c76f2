//! Median, min and max of repeated runs after one warm-up.
//!
//! ```
//! let t = ndplay_bench::timing::time_it(5, || {});
//! assert_eq!(t.repeats, 5);
//! ```

use std::time::Instant;

use serde::Serialize;

/// Timings of one workload, in seconds.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Timing {
    /// Median of the repeats.
    pub median_s: f64,
    /// Fastest repeat.
    pub min_s: f64,
    /// Slowest repeat.
    pub max_s: f64,
    /// Number of timed repeats (after one warm-up).
    pub repeats: usize,
}

/// Runs `f` once to warm up, then `repeats` times (at least once), timing each.
pub fn time_it(repeats: usize, mut f: impl FnMut()) -> Timing {
    f();
    let repeats = repeats.max(1);
    let mut t: Vec<f64> = (0..repeats)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    Timing {
        median_s: t[t.len() / 2],
        min_s: t[0],
        max_s: t[t.len() - 1],
        repeats,
    }
}
