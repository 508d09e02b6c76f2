//! [`Pcg64`], NumPy's default bit generator (PCG XSL-RR 128/64), and its
//! [`Pcg64State`].
//!
//! Seeding goes through [`SeedSequence`]: four `u64` words, the first two the
//! initial state, the last two the stream increment. The state round-trips
//! through NumPy's `bit_generator.state` dict, as JSON.
//!
//! ```
//! use ndplay_random::{BitGenerator, Pcg64};
//!
//! let mut bg = Pcg64::new(0u64).unwrap();
//! let saved = bg.state().to_json();
//! let a = bg.next_u64();
//! bg.set_state(&ndplay_random::Pcg64State::from_json(&saved).unwrap()).unwrap();
//! assert_eq!(bg.next_u64(), a);
//! ```

use serde::{Deserialize, Serialize};

use crate::bit_generator::{BitGenerator, u64_to_f64};
use crate::error::{RandomError, Result};
use crate::seed_sequence::{Seed, SeedSequence};

const MULTIPLIER: u128 = (2_549_297_995_355_413_924u128 << 64) | 4_865_540_595_714_422_341u128;

/// PCG64 with NumPy's 32-bit half buffer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pcg64 {
    state: u128,
    inc: u128,
    has_uint32: bool,
    uinteger: u32,
}

/// The inner `{'state': ..., 'inc': ...}` of a PCG64 state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pcg64Inner {
    /// The 128-bit LCG state.
    pub state: u128,
    /// The 128-bit (odd) increment.
    pub inc: u128,
}

/// NumPy's `PCG64().state` dict:
/// `{'bit_generator': 'PCG64', 'state': {'state': s, 'inc': i}, 'has_uint32': h, 'uinteger': u}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pcg64State {
    /// Always `"PCG64"`.
    pub bit_generator: String,
    /// State and increment.
    pub state: Pcg64Inner,
    /// 1 when the high half of the last 64-bit draw is buffered for the next 32-bit draw.
    pub has_uint32: u32,
    /// The buffered 32-bit half.
    pub uinteger: u32,
}

impl Pcg64State {
    /// The state as JSON text in NumPy's dict shape (128-bit integers as plain numbers,
    /// as Python's `json.dumps` writes them).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parse JSON text in NumPy's dict shape.
    ///
    /// # Errors
    /// [`RandomError::StateJson`] when the text does not have that shape.
    pub fn from_json(text: &str) -> Result<Self> {
        Ok(serde_json::from_str(text)?)
    }
}

impl Pcg64 {
    /// `np.random.PCG64(seed)`.
    ///
    /// # Errors
    /// A negative or nested seed.
    pub fn new(seed: impl Into<Seed>) -> Result<Self> {
        Ok(Self::from_seed_sequence(&SeedSequence::new(seed)?))
    }

    /// `np.random.PCG64(seed_seq)`.
    pub fn from_seed_sequence(ss: &SeedSequence) -> Self {
        let v = ss.generate_state_u64(4);
        let initstate = (u128::from(v[0]) << 64) | u128::from(v[1]);
        let initseq = (u128::from(v[2]) << 64) | u128::from(v[3]);
        let mut bg = Self {
            state: 0,
            inc: (initseq << 1) | 1,
            has_uint32: false,
            uinteger: 0,
        };
        bg.step();
        bg.state = bg.state.wrapping_add(initstate);
        bg.step();
        bg
    }

    #[inline]
    fn step(&mut self) {
        self.state = self.state.wrapping_mul(MULTIPLIER).wrapping_add(self.inc);
    }

    /// `bit_generator.random_raw(n)`.
    pub fn random_raw(&mut self, n: usize) -> Vec<u64> {
        (0..n).map(|_| self.next_u64()).collect()
    }

    /// `advance(delta)`: jump ahead as if `delta` 64-bit draws were made
    /// (also clears the 32-bit buffer, as NumPy).
    pub fn advance(&mut self, delta: u128) {
        // Brown's jump-ahead for LCGs: accumulate (mult, plus) for delta steps.
        let (mut cur_mult, mut cur_plus) = (MULTIPLIER, self.inc);
        let (mut acc_mult, mut acc_plus) = (1u128, 0u128);
        let mut d = delta;
        while d > 0 {
            if d & 1 == 1 {
                acc_mult = acc_mult.wrapping_mul(cur_mult);
                acc_plus = acc_plus.wrapping_mul(cur_mult).wrapping_add(cur_plus);
            }
            cur_plus = cur_mult.wrapping_add(1).wrapping_mul(cur_plus);
            cur_mult = cur_mult.wrapping_mul(cur_mult);
            d >>= 1;
        }
        self.state = acc_mult.wrapping_mul(self.state).wrapping_add(acc_plus);
        self.has_uint32 = false;
        self.uinteger = 0;
    }

    /// `bit_generator.state` (getter).
    pub fn state(&self) -> Pcg64State {
        Pcg64State {
            bit_generator: "PCG64".to_owned(),
            state: Pcg64Inner {
                state: self.state,
                inc: self.inc,
            },
            has_uint32: u32::from(self.has_uint32),
            uinteger: self.uinteger,
        }
    }

    /// `bit_generator.state = st` (setter).
    ///
    /// # Errors
    /// [`RandomError::InvalidState`] when `bit_generator` is not `"PCG64"`.
    pub fn set_state(&mut self, st: &Pcg64State) -> Result<()> {
        if st.bit_generator != "PCG64" {
            return Err(RandomError::InvalidState {
                bit_generator: "PCG64",
                reason: format!(
                    "state must be for a PCG64 PRNG, got bit_generator={:?}; pass a state taken from a PCG64",
                    st.bit_generator
                ),
            });
        }
        self.state = st.state.state;
        self.inc = st.state.inc;
        self.has_uint32 = st.has_uint32 != 0;
        self.uinteger = st.uinteger;
        Ok(())
    }
}

impl BitGenerator for Pcg64 {
    #[inline]
    fn next_u64(&mut self) -> u64 {
        self.step();
        let hi = (self.state >> 64) as u64;
        let lo = self.state as u64;
        (hi ^ lo).rotate_right((hi >> 58) as u32)
    }

    #[inline]
    fn next_u32(&mut self) -> u32 {
        if self.has_uint32 {
            self.has_uint32 = false;
            return self.uinteger;
        }
        let next = self.next_u64();
        self.has_uint32 = true;
        self.uinteger = (next >> 32) as u32;
        next as u32
    }

    #[inline]
    fn next_f64(&mut self) -> f64 {
        u64_to_f64(self.next_u64())
    }
}
