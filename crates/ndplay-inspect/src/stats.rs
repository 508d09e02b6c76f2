//! [`Stats`]: the mergeable partial state of the fused pass, and [`Value`], an exact
//! minimum or maximum.
//!
//! A `Stats` holds counts (elements, finite, NaN, +Inf, −Inf, zeros), the finite minimum
//! and maximum, the finite mean and `M2` (the sum of squared deviations from the mean) and
//! a magnitude histogram. Two states merge into the state of the concatenated data
//! ([`Stats::merge`]): counts and histogram bins add, min/max compare, and mean/`M2`
//! combine with Chan, Golub and LeVeque's pairwise update
//! `M2 = M2a + M2b + δ²·na·nb/n`, which is as accurate as a single pass of Welford's
//! algorithm. Counts, extremes and the histogram of a merged state are exactly those of
//! one pass over all the data; mean and standard deviation agree to rounding (~1e-15
//! relative), because floating-point sums depend on the order of addition.
//!
//! # The histogram
//!
//! Bins are fixed in advance, so histograms of shards add bin by bin with no second
//! pass: bin edges are powers of two, by sign. For finite non-zero `x` with
//! `2^e <= |x| < 2^(e+1)`, `e` in `-32..=31` has a bin of its own on each side; smaller
//! magnitudes (including subnormals) share an underflow bin and magnitudes from `2^32` up
//! an overflow bin; zeros (+0 and −0) have the middle bin. That is [`HIST_BINS`] = 133
//! bins, ordered by value from the most negative: it shows at a glance the scale of the
//! data (unnormalised pixels at 2^7, weights near 2^-4, a stray 1e30) without knowing
//! the range first. [`bin_bounds`] gives each bin's value range.
//!
//! ```
//! use ndplay_inspect::stats::{bin_bounds, Stats, ZERO_BIN};
//!
//! let mut a = Stats::from_f64s(&[1.0, 2.0, f64::NAN]);
//! let b = Stats::from_f64s(&[3.0, 0.0, f64::INFINITY]);
//! a.merge(&b);
//! let all = Stats::from_f64s(&[1.0, 2.0, f64::NAN, 3.0, 0.0, f64::INFINITY]);
//! assert_eq!((a.count, a.finite, a.nan, a.posinf, a.zeros), (6, 4, 1, 1, 1));
//! assert_eq!(a.histogram, all.histogram);
//! assert!((a.mean().unwrap() - 1.5).abs() < 1e-15);
//! assert_eq!(a.histogram[ZERO_BIN], 1);
//! assert_eq!(bin_bounds(ZERO_BIN + 34), (1.0, 2.0)); // 1.0 lands here
//! ```

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// Smallest binary exponent with a bin of its own.
pub const HIST_EXP_MIN: i32 = -32;
/// Largest binary exponent with a bin of its own.
pub const HIST_EXP_MAX: i32 = 31;
/// Bins per sign: underflow, one per exponent, overflow.
const SIDE_BINS: usize = (HIST_EXP_MAX - HIST_EXP_MIN + 1) as usize + 2;
/// Number of histogram bins.
pub const HIST_BINS: usize = 2 * SIDE_BINS + 1;
/// Index of the bin that counts zeros.
pub const ZERO_BIN: usize = SIDE_BINS;

/// The histogram bin of a finite value with sign `negative` and binary exponent `e`
/// (`2^e <= |x| < 2^(e+1)`); `e` outside the binned range lands in underflow/overflow.
/// Zeros go to [`ZERO_BIN`]; callers handle them.
#[inline(always)]
pub fn bin_of(negative: bool, e: i32) -> usize {
    let k = (e.clamp(HIST_EXP_MIN - 1, HIST_EXP_MAX + 1) - (HIST_EXP_MIN - 1)) as usize;
    if negative {
        SIDE_BINS - 1 - k
    } else {
        SIDE_BINS + 1 + k
    }
}

/// The binary exponent `e` of a finite non-zero `f64` (`2^e <= |x| < 2^(e+1)`), read
/// from its bits so that no rounding of `log2` can move a value to the next bin;
/// subnormals give -1023, far below the binned range.
#[inline(always)]
pub fn exponent_f64(x: f64) -> i32 {
    ((x.to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// The value range `[lo, hi)` of a histogram bin (for negative bins `(lo, hi]` in value,
/// i.e. `[|hi|, |lo|)` in magnitude). The zero bin is `(0.0, 0.0)`; out-of-range indices
/// give `(NaN, NaN)`.
pub fn bin_bounds(bin: usize) -> (f64, f64) {
    if bin >= HIST_BINS {
        return (f64::NAN, f64::NAN);
    }
    if bin == ZERO_BIN {
        return (0.0, 0.0);
    }
    let k = if bin > ZERO_BIN {
        bin - SIDE_BINS - 1
    } else {
        SIDE_BINS - 1 - bin
    };
    let (lo, hi) = match k {
        0 => (0.0, 2f64.powi(HIST_EXP_MIN)),
        k if k == SIDE_BINS - 1 => (2f64.powi(HIST_EXP_MAX + 1), f64::INFINITY),
        k => {
            let e = HIST_EXP_MIN + k as i32 - 1;
            (2f64.powi(e), 2f64.powi(e + 1))
        }
    };
    if bin > ZERO_BIN { (lo, hi) } else { (-hi, -lo) }
}

/// An exact finite minimum or maximum: integers stay integers (an `int64` extreme
/// keeps all 64 bits), floats are `f64` (every `float16`/`float32` value is exact there).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A signed integer (also `bool` as 0/1).
    Int(i64),
    /// An unsigned integer too large for `i64`, or any `uint64` value.
    UInt(u64),
    /// A float.
    Float(f64),
}

impl Value {
    /// The value as `f64` (rounded for integers beyond 2^53).
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Int(v) => v as f64,
            Value::UInt(v) => v as f64,
            Value::Float(v) => v,
        }
    }

    /// Orders two values; integers compare exactly, floats by value.
    pub fn compare(self, other: Value) -> Ordering {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a.cmp(&b),
            (Value::UInt(a), Value::UInt(b)) => a.cmp(&b),
            (Value::Int(a), Value::UInt(b)) => i128::from(a).cmp(&i128::from(b)),
            (Value::UInt(a), Value::Int(b)) => i128::from(a).cmp(&i128::from(b)),
            (a, b) => a.as_f64().total_cmp(&b.as_f64()),
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::UInt(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{}", crate::render::fmt_num(*v)),
        }
    }
}

/// The mergeable state of the statistics of some values. See the module docs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Elements seen.
    pub count: u64,
    /// Finite elements (the ones mean, std, min, max and the histogram are over).
    pub finite: u64,
    /// NaN elements.
    pub nan: u64,
    /// +Inf elements.
    pub posinf: u64,
    /// −Inf elements.
    pub neginf: u64,
    /// Elements equal to zero.
    pub zeros: u64,
    /// Smallest finite value, `None` when there is none.
    pub min: Option<Value>,
    /// Largest finite value.
    pub max: Option<Value>,
    /// Mean of the finite values (0 when there are none).
    pub mean: f64,
    /// Sum of squared deviations of the finite values from their mean.
    pub m2: f64,
    /// Counts per magnitude bin, [`HIST_BINS`] of them; see the module docs.
    pub histogram: Vec<u64>,
}

impl Default for Stats {
    fn default() -> Stats {
        Stats::new()
    }
}

impl Stats {
    /// The state of no values.
    pub fn new() -> Stats {
        Stats {
            count: 0,
            finite: 0,
            nan: 0,
            posinf: 0,
            neginf: 0,
            zeros: 0,
            min: None,
            max: None,
            mean: 0.0,
            m2: 0.0,
            histogram: vec![0; HIST_BINS],
        }
    }

    /// The state of `n` values that are not numbers (strings): counted, nothing else.
    pub fn non_numeric(n: u64) -> Stats {
        Stats {
            count: n,
            ..Stats::new()
        }
    }

    /// The plain, one-value-at-a-time reference computation over `f64` values, which the
    /// fused kernels are tested against.
    pub fn from_f64s(values: &[f64]) -> Stats {
        let mut s = Stats::new();
        for &x in values {
            s.count += 1;
            if x.is_nan() {
                s.nan += 1;
            } else if x == f64::INFINITY {
                s.posinf += 1;
            } else if x == f64::NEG_INFINITY {
                s.neginf += 1;
            } else {
                s.push_finite(x, Value::Float(x));
            }
        }
        s
    }

    /// Adds one finite value (Welford's update), `exact` being its exact form.
    pub(crate) fn push_finite(&mut self, x: f64, exact: Value) {
        self.finite += 1;
        let delta = x - self.mean;
        self.mean += delta / self.finite as f64;
        self.m2 += delta * (x - self.mean);
        self.update_extremes(exact, exact);
        let bin = if x == 0.0 {
            self.zeros += 1;
            ZERO_BIN
        } else {
            bin_of(x < 0.0, exponent_f64(x))
        };
        self.histogram[bin] += 1;
    }

    /// Folds a block's finite moments (`n` values with mean `mean` and `M2` `m2`) in.
    pub(crate) fn add_moments(&mut self, n: u64, mean: f64, m2: f64) {
        if n == 0 {
            return;
        }
        if self.finite == 0 {
            self.finite = n;
            self.mean = mean;
            self.m2 = m2;
            return;
        }
        let (na, nb) = (self.finite as f64, n as f64);
        let total = self.finite.saturating_add(n);
        let nt = total as f64;
        let delta = mean - self.mean;
        self.mean += delta * (nb / nt);
        self.m2 += m2 + delta * delta * (na * nb / nt);
        self.finite = total;
    }

    pub(crate) fn update_extremes(&mut self, lo: Value, hi: Value) {
        if self.min.is_none_or(|m| lo.compare(m) == Ordering::Less) {
            self.min = Some(lo);
        }
        if self.max.is_none_or(|m| hi.compare(m) == Ordering::Greater) {
            self.max = Some(hi);
        }
    }

    /// Merges `other` into `self`: afterwards `self` describes both sets of values.
    pub fn merge(&mut self, other: &Stats) {
        self.count = self.count.saturating_add(other.count);
        self.nan = self.nan.saturating_add(other.nan);
        self.posinf = self.posinf.saturating_add(other.posinf);
        self.neginf = self.neginf.saturating_add(other.neginf);
        self.zeros = self.zeros.saturating_add(other.zeros);
        self.add_moments(other.finite, other.mean, other.m2);
        if let (Some(lo), Some(hi)) = (other.min, other.max) {
            self.update_extremes(lo, hi);
        }
        if self.histogram.len() < other.histogram.len() {
            self.histogram.resize(other.histogram.len(), 0);
        }
        for (a, b) in self.histogram.iter_mut().zip(&other.histogram) {
            *a = a.saturating_add(*b);
        }
    }

    /// Mean of the finite values, `None` when there are none.
    pub fn mean(&self) -> Option<f64> {
        (self.finite > 0).then_some(self.mean)
    }

    /// Population standard deviation (`ddof=0`, as `np.std`) of the finite values.
    pub fn std(&self) -> Option<f64> {
        (self.finite > 0).then(|| (self.m2.max(0.0) / self.finite as f64).sqrt())
    }

    /// Checks the invariants a state read from a file must satisfy, so that merging
    /// and reporting never see nonsense: the error says which one fails.
    pub fn validate(&self) -> Result<(), String> {
        if self.histogram.len() != HIST_BINS {
            return Err(format!(
                "the histogram has {} bins, not {HIST_BINS}",
                self.histogram.len()
            ));
        }
        let parts = [self.finite, self.nan, self.posinf, self.neginf]
            .iter()
            .try_fold(0u64, |a, &b| a.checked_add(b));
        if parts.is_none_or(|p| p > self.count) {
            return Err(format!(
                "finite + NaN + Inf counts exceed the element count {}",
                self.count
            ));
        }
        if self.zeros > self.finite {
            return Err("more zeros than finite values".into());
        }
        if !(self.mean.is_finite() && self.m2.is_finite()) {
            return Err("mean and m2 must be finite numbers".into());
        }
        if (self.finite > 0) != (self.min.is_some() && self.max.is_some()) {
            return Err("min/max must be present exactly when there are finite values".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_ordered_by_value_and_bounds_match_bin_of() {
        for bin in 0..HIST_BINS - 1 {
            let (lo, hi) = bin_bounds(bin);
            let (lo2, _) = bin_bounds(bin + 1);
            assert!(lo <= hi && hi <= lo2, "{bin}");
        }
        assert_eq!(bin_of(false, 0), ZERO_BIN + 34);
        assert_eq!(bin_bounds(bin_of(false, 3)), (8.0, 16.0));
        assert_eq!(bin_bounds(bin_of(true, 3)), (-16.0, -8.0));
        assert_eq!(bin_of(false, -200), ZERO_BIN + 1);
        assert_eq!(bin_of(false, 500), HIST_BINS - 1);
        assert_eq!(bin_of(true, 500), 0);
        assert_eq!(bin_bounds(HIST_BINS - 1).1, f64::INFINITY);
    }

    #[test]
    fn merge_of_halves_equals_whole() {
        let v: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64 - 50.5).collect();
        let whole = Stats::from_f64s(&v);
        let mut a = Stats::from_f64s(&v[..317]);
        a.merge(&Stats::from_f64s(&v[317..]));
        assert_eq!(a.histogram, whole.histogram);
        assert_eq!((a.min, a.max, a.count), (whole.min, whole.max, whole.count));
        assert!((a.mean - whole.mean).abs() < 1e-12);
        assert!((a.m2 - whole.m2).abs() < 1e-9 * whole.m2);
    }

    #[test]
    fn values_compare_exactly() {
        assert_eq!(
            Value::Int(-1).compare(Value::UInt(u64::MAX)),
            Ordering::Less
        );
        assert_eq!(
            Value::Int(i64::MAX).compare(Value::Int(i64::MAX - 1)),
            Ordering::Greater
        );
        let json =
            serde_json::to_string(&[Value::Int(-3), Value::UInt(u64::MAX), Value::Float(2.0)])
                .unwrap();
        let back: Vec<Value> = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back,
            [Value::Int(-3), Value::UInt(u64::MAX), Value::Float(2.0)]
        );
    }

    #[test]
    fn validate_refuses_inconsistent_states() {
        let mut s = Stats::from_f64s(&[1.0]);
        assert!(s.validate().is_ok());
        s.histogram.pop();
        assert!(s.validate().is_err());
        let mut s = Stats::from_f64s(&[1.0]);
        s.nan = u64::MAX;
        assert!(s.validate().is_err());
    }
}
