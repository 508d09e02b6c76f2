//! [`Mt19937`], the Mersenne Twister behind NumPy's legacy `RandomState`, and its
//! [`Mt19937State`].
//!
//! Legacy seeding is not SeedSequence: an integer seed runs Knuth's initialiser
//! (`init_genrand`), an array seed runs `init_by_array`. Doubles take 27 + 26 bits
//! from two 32-bit draws, as the reference implementation does.
//!
//! ```
//! use ndplay_random::{BitGenerator, Mt19937};
//!
//! // np.random.RandomState(0).randint(0, 2**32, dtype=np.uint32) draws one word:
//! let mut mt = Mt19937::legacy_seed(0u32);
//! assert_eq!(mt.next_u32(), 2357136044);
//! ```

use serde::{Deserialize, Serialize};

use crate::bit_generator::BitGenerator;
use crate::error::{RandomError, Result};

const N: usize = 624;
const M: usize = 397;
const MATRIX_A: u32 = 0x9908_b0df;
const UPPER_MASK: u32 = 0x8000_0000;
const LOWER_MASK: u32 = 0x7fff_ffff;

/// The MT19937 state: 624 words and a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mt19937 {
    key: Box<[u32; N]>,
    pos: usize,
}

/// The inner `{'key': [...624], 'pos': p}` of an MT19937 state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mt19937Inner {
    /// The 624 state words.
    pub key: Vec<u32>,
    /// Index of the next word to temper (624 means "regenerate first").
    pub pos: u32,
}

/// NumPy's `MT19937().state` dict: `{'bit_generator': 'MT19937', 'state': {'key': [...], 'pos': p}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mt19937State {
    /// Always `"MT19937"`.
    pub bit_generator: String,
    /// Key and position.
    pub state: Mt19937Inner,
}

impl Mt19937 {
    /// `mt19937_seed`: Knuth's initialiser from one 32-bit seed (legacy `seed(n)`).
    pub fn legacy_seed(seed: u32) -> Self {
        let mut key = Box::new([0u32; N]);
        let mut s = seed;
        for (pos, slot) in key.iter_mut().enumerate() {
            *slot = s;
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        Self { key, pos: N }
    }

    /// `mt19937_init_by_array`: the reference array initialiser (legacy `seed([..])`).
    pub fn legacy_seed_array(init_key: &[u32]) -> Self {
        let mut mt = Self::legacy_seed(19_650_218);
        let key = &mut mt.key;
        let (mut i, mut j) = (1usize, 0usize);
        let len = init_key.len();
        for _ in 0..N.max(len) {
            let prev = key[i - 1];
            key[i] = (key[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(init_key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                key[0] = key[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = key[i - 1];
            key[i] =
                (key[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                key[0] = key[N - 1];
                i = 1;
            }
        }
        key[0] = 0x8000_0000;
        mt.pos = N;
        mt
    }

    /// A generator whose key is given directly (MSB of word 0 forced to 1), as
    /// NumPy does for `seed=None` from SeedSequence words.
    pub(crate) fn from_entropy_words(words: &[u32]) -> Self {
        let mut key = Box::new([0u32; N]);
        key[0] = 0x8000_0000;
        for (slot, &w) in key.iter_mut().zip(words).skip(1) {
            *slot = w;
        }
        Self { key, pos: N }
    }

    fn generate(&mut self) {
        let key = &mut self.key;
        let twist = |a: u32, b: u32, c: u32| {
            let y = (a & UPPER_MASK) | (b & LOWER_MASK);
            c ^ (y >> 1) ^ (0u32.wrapping_sub(y & 1) & MATRIX_A)
        };
        for i in 0..N - M {
            key[i] = twist(key[i], key[i + 1], key[i + M]);
        }
        for i in N - M..N - 1 {
            key[i] = twist(key[i], key[i + 1], key[i + M - N]);
        }
        key[N - 1] = twist(key[N - 1], key[0], key[M - 1]);
        self.pos = 0;
    }

    /// `bit_generator.state` (getter).
    pub fn state(&self) -> Mt19937State {
        Mt19937State {
            bit_generator: "MT19937".to_owned(),
            state: Mt19937Inner {
                key: self.key.to_vec(),
                pos: self.pos as u32,
            },
        }
    }

    /// `bit_generator.state = st` (setter).
    ///
    /// # Errors
    /// [`RandomError::InvalidState`] for another generator's state, a key that is
    /// not 624 words, or a position past 624.
    pub fn set_state(&mut self, st: &Mt19937State) -> Result<()> {
        let invalid = |reason: String| RandomError::InvalidState {
            bit_generator: "MT19937",
            reason,
        };
        if st.bit_generator != "MT19937" {
            return Err(invalid(format!(
                "state must be for a MT19937 PRNG, got bit_generator={:?}; pass a state taken from an MT19937",
                st.bit_generator
            )));
        }
        let key: Box<[u32; N]> =
            st.state
                .key
                .clone()
                .into_boxed_slice()
                .try_into()
                .map_err(|k: Box<[u32]>| {
                    invalid(format!(
                        "key must have 624 words, got {}; pass the full key",
                        k.len()
                    ))
                })?;
        let pos = st.state.pos as usize;
        if pos > N {
            return Err(invalid(format!("pos must be in 0..=624, got {pos}")));
        }
        self.key = key;
        self.pos = pos;
        Ok(())
    }
}

impl BitGenerator for Mt19937 {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.generate();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        (hi << 32) | u64::from(self.next_u32())
    }

    #[inline]
    fn next_f64(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as i32;
        let b = (self.next_u32() >> 6) as i32;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) / 9_007_199_254_740_992.0
    }
}
