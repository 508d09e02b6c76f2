//! The [`BitGenerator`] trait: the raw streams every distribution draws from.
//!
//! NumPy's distributions see a bit generator through three functions:
//! `next_uint64`, `next_uint32` and `next_double`. How each generator makes them
//! matters for bit-exactness: PCG64 hands out the two halves of one 64-bit draw as
//! two 32-bit draws (low half first), MT19937 builds a 64-bit draw from two 32-bit
//! ones and a double from 27 + 26 bits.
//!
//! ```
//! use ndplay_random::{BitGenerator, Pcg64};
//!
//! let mut bg = Pcg64::new(0u64).unwrap();
//! // np.random.default_rng(0).bit_generator.random_raw()
//! assert_eq!(bg.next_u64(), 11749869230777074271);
//! ```

/// A source of raw random bits, as NumPy's `bitgen_t`.
pub trait BitGenerator {
    /// `next_uint64`.
    fn next_u64(&mut self) -> u64;
    /// `next_uint32`.
    fn next_u32(&mut self) -> u32;
    /// `next_double`: a double in `[0, 1)`.
    fn next_f64(&mut self) -> f64;
    /// `next_float`: a float in `[0, 1)` from the top 24 bits of `next_uint32`.
    fn next_f32(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }
}

/// `uint64_to_double`: the top 53 bits of a 64-bit draw, scaled to `[0, 1)`.
#[inline]
pub(crate) fn u64_to_f64(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}
