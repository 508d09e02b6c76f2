//! The one error type of this crate, [`RandomError`].
//!
//! Every variant carries the data of the failure (method, values, dtype) and its
//! message mirrors the `ValueError` NumPy raises for the same call, followed by
//! what would fix it.
//!
//! ```
//! use ndplay_random::{default_rng, IntDType, RandomError};
//!
//! let mut rng = default_rng(0u64).unwrap();
//! let err = rng.integers(5, 5, &[3], IntDType::I64, false).unwrap_err();
//! assert!(matches!(err, RandomError::EmptyRange { .. }));
//! assert!(err.to_string().contains("low >= high"));
//! ```

/// Result alias used throughout the crate.
pub type Result<T> = std::result::Result<T, RandomError>;

/// Everything that can go wrong when seeding or sampling.
///
/// Messages start with NumPy's own wording (e.g. `low >= high`, `scale < 0`) so a
/// NumPy user recognises them, then name the method, the values and the fix.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RandomError {
    /// A seed (or one element of a seed sequence) is negative.
    #[error(
        "expected non-negative integer: {method} got seed {value}; SeedSequence only accepts integers >= 0"
    )]
    NegativeSeed {
        /// Method that received the seed.
        method: &'static str,
        /// The offending value.
        value: i128,
    },
    /// A seed sequence contained another sequence.
    #[error(
        "SeedSequence does not accept nested sequences: {method} got a sequence inside the seed sequence; flatten it"
    )]
    NestedSeed {
        /// Method that received the seed.
        method: &'static str,
    },
    /// A legacy (`RandomState`) seed does not fit in 32 bits.
    #[error(
        "Seed must be between 0 and 2**32 - 1: {method} got {value}; legacy seeding only takes 32-bit values (use default_rng for larger seeds)"
    )]
    LegacySeedOutOfRange {
        /// Method that received the seed.
        method: &'static str,
        /// The offending value, in decimal.
        value: String,
    },
    /// A legacy seed array is empty.
    #[error(
        "Seed must be non-empty: {method} got an empty seed sequence; pass at least one integer"
    )]
    EmptySeed {
        /// Method that received the seed.
        method: &'static str,
    },
    /// `low` is below the smallest value of the requested integer dtype.
    #[error(
        "low is out of bounds for {dtype}: {method} got low={low}; the smallest {dtype} is {min}"
    )]
    LowOutOfBounds {
        /// Method name, e.g. `Generator.integers`.
        method: &'static str,
        /// The requested low.
        low: i128,
        /// dtype name (`int8`, `uint64`, `bool`, ...).
        dtype: &'static str,
        /// Smallest value of the dtype.
        min: i128,
    },
    /// `high` (after making it inclusive) is above the largest value of the dtype.
    #[error(
        "high is out of bounds for {dtype}: {method} got high={high} (endpoint={endpoint}); the largest {dtype} is {max}"
    )]
    HighOutOfBounds {
        /// Method name.
        method: &'static str,
        /// The requested high.
        high: i128,
        /// Whether `high` was inclusive.
        endpoint: bool,
        /// dtype name.
        dtype: &'static str,
        /// Largest value of the dtype.
        max: i128,
    },
    /// The integer interval is empty.
    #[error(
        "{rule}: {method} got low={low}, high={high} (endpoint={endpoint}); the interval is empty, pass high {fix} low"
    )]
    EmptyRange {
        /// Method name.
        method: &'static str,
        /// NumPy's wording: `low >= high`, `low > high`, `high <= 0` or `high < 0`.
        rule: &'static str,
        /// Requested low.
        low: i128,
        /// Requested high.
        high: i128,
        /// Whether `high` was inclusive.
        endpoint: bool,
        /// `>` or `>=`, what the fix needs.
        fix: &'static str,
    },
    /// A parameter that must be non-negative is negative (including `-0.0`, as NumPy).
    #[error("{name} < 0: {method} got {name}={value}; pass a non-negative {name}")]
    NegativeParameter {
        /// Method name.
        method: &'static str,
        /// Parameter name (`scale`, `high - low`).
        name: &'static str,
        /// Offending value.
        value: f64,
    },
    /// `high - low` is not finite.
    #[error(
        "high - low range exceeds valid bounds: {method} got low={low}, high={high}; both bounds must be finite and their difference representable"
    )]
    RangeOverflow {
        /// Method name.
        method: &'static str,
        /// Requested low.
        low: f64,
        /// Requested high.
        high: f64,
    },
    /// Sampling from an empty population.
    #[error(
        "a must be a positive integer unless no samples are taken: {method} got a population of 0 and size {size}; pass a non-empty population or size 0"
    )]
    EmptyPopulation {
        /// Method name.
        method: &'static str,
        /// Number of samples requested.
        size: usize,
    },
    /// More samples than the population without replacement.
    #[error(
        "Cannot take a larger sample than population when replace is False: {method} asked for {size} of {population}; lower size or pass replace=true"
    )]
    SampleLargerThanPopulation {
        /// Method name.
        method: &'static str,
        /// Number of samples requested.
        size: usize,
        /// Population size.
        population: usize,
    },
    /// `p` has a different length than the population.
    #[error(
        "a and p must have same size: {method} got a population of {population} and {p_len} probabilities; give one probability per element"
    )]
    ProbabilitiesLength {
        /// Method name.
        method: &'static str,
        /// Length of `p`.
        p_len: usize,
        /// Population size.
        population: usize,
    },
    /// `p` contains NaN.
    #[error("Probabilities contain NaN: {method}; remove the NaN entries from p")]
    ProbabilitiesNaN {
        /// Method name.
        method: &'static str,
    },
    /// `p` contains a negative entry.
    #[error(
        "Probabilities are not non-negative: {method} got p[{index}]={value}; every probability must be >= 0"
    )]
    ProbabilitiesNegative {
        /// Method name.
        method: &'static str,
        /// Index of the first negative entry.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// `p` does not sum to 1 within `sqrt(eps)`.
    #[error(
        "Probabilities do not sum to 1: {method} got sum(p)={sum} (tolerance {tolerance:e}); normalise p, e.g. p / p.sum()"
    )]
    ProbabilitiesSum {
        /// Method name.
        method: &'static str,
        /// The (Kahan) sum of `p`.
        sum: f64,
        /// Allowed deviation from 1.
        tolerance: f64,
    },
    /// Without replacement, fewer positive probabilities than samples.
    #[error(
        "Fewer non-zero entries in p than size: {method} has {nonzero} non-zero probabilities but asked for {size} distinct samples; lower size or give more elements positive weight"
    )]
    FewerNonZero {
        /// Method name.
        method: &'static str,
        /// Number of positive entries in `p`.
        nonzero: usize,
        /// Number of samples requested.
        size: usize,
    },
    /// The draws for `size` do not fit in memory (NumPy's `MemoryError`).
    #[error(
        "Unable to allocate {bytes} bytes for an array with shape {shape:?}: {method} \
         draws into memory, and this much is more than the process can have; use a smaller \
         size, or draw in chunks"
    )]
    OutOfMemory {
        /// Method name.
        method: &'static str,
        /// The requested shape.
        shape: Vec<usize>,
        /// The bytes the draws would take.
        bytes: usize,
    },
    /// The product of the `size` shape overflows `usize`.
    #[error(
        "size {shape:?} is too large: {method} cannot allocate that many elements; use a smaller shape"
    )]
    SizeOverflow {
        /// Method name.
        method: &'static str,
        /// The requested shape.
        shape: Vec<usize>,
    },
    /// A bit-generator state does not have the expected shape or values.
    #[error("invalid state for {bit_generator}: {reason}")]
    InvalidState {
        /// `PCG64` or `MT19937`.
        bit_generator: &'static str,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A state's JSON text could not be parsed.
    #[error(
        "state JSON could not be parsed: {0}; pass the dict NumPy's bit_generator.state gives, as JSON"
    )]
    StateJson(#[from] serde_json::Error),
}
