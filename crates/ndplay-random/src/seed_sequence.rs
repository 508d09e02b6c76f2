//! [`Seed`] and [`SeedSequence`]: NumPy's way of turning a user seed into
//! bit-generator state.
//!
//! A seed is an integer of any size, a sequence of integers, or nothing (fresh OS
//! entropy). NumPy breaks each integer into 32-bit words, lowest first, hashes them
//! into a pool of four words, and expands the pool on demand with
//! [`SeedSequence::generate_state_u32`]. `default_rng(seed)` asks for four `u64` words
//! and hands them to PCG64.
//!
//! ```
//! use ndplay_random::{Seed, SeedSequence};
//!
//! // np.random.SeedSequence(12345).generate_state(2)
//! let ss = SeedSequence::new(12345u64).unwrap();
//! assert_eq!(ss.generate_state_u32(2), vec![2688385916, 3048105090]);
//! // A sequence of integers is a different seed than their sum.
//! let seq = SeedSequence::new(Seed::from(vec![1u64, 2, 3])).unwrap();
//! assert_ne!(seq.pool(), SeedSequence::new(6u64).unwrap().pool());
//! ```

use crate::error::{RandomError, Result};

const DEFAULT_POOL_SIZE: usize = 4;
const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;

/// A user seed, as NumPy accepts it.
///
/// Build one with `From` from any primitive integer, a `Vec`/slice/array of them,
/// or use [`Seed::OsEntropy`] for `seed=None`. Negative values are accepted here
/// and rejected when the seed is used, with NumPy's message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Seed {
    /// `seed=None`: 128 bits of fresh entropy from the operating system.
    OsEntropy,
    /// A signed integer (negative values are an error when used).
    Int(i128),
    /// An unsigned integer up to 128 bits.
    UInt(u128),
    /// An arbitrarily large non-negative integer, as little-endian 32-bit words
    /// (the lowest word first), e.g. a Python `int` wider than 128 bits.
    BigInt(Vec<u32>),
    /// A sequence of integers; each element is expanded to words and concatenated.
    Sequence(Vec<Seed>),
}

macro_rules! seed_from_int {
    ($variant:ident, $wide:ty: $($t:ty),*) => {$(
        impl From<$t> for Seed {
            fn from(v: $t) -> Self {
                Seed::$variant(<$wide>::from(v))
            }
        }
    )*};
}
seed_from_int!(Int, i128: i8, i16, i32, i64, i128);
seed_from_int!(UInt, u128: u8, u16, u32, u64, u128);

impl From<usize> for Seed {
    fn from(v: usize) -> Self {
        Seed::UInt(v as u128)
    }
}

impl From<isize> for Seed {
    fn from(v: isize) -> Self {
        Seed::Int(v as i128)
    }
}

impl<T: Into<Seed>> From<Vec<T>> for Seed {
    fn from(v: Vec<T>) -> Self {
        Seed::Sequence(v.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Seed> + Clone> From<&[T]> for Seed {
    fn from(v: &[T]) -> Self {
        Seed::Sequence(v.iter().cloned().map(Into::into).collect())
    }
}

impl<T: Into<Seed>, const N: usize> From<[T; N]> for Seed {
    fn from(v: [T; N]) -> Self {
        Seed::Sequence(v.into_iter().map(Into::into).collect())
    }
}

impl Seed {
    /// The seed as NumPy's `_coerce_to_uint32_array` gives it: every integer split
    /// into 32-bit words, lowest first (zero gives one zero word), concatenated.
    ///
    /// # Errors
    /// [`RandomError::NegativeSeed`] for a negative integer,
    /// [`RandomError::NestedSeed`] for a sequence inside a sequence.
    /// `OsEntropy` is drawn from the OS here.
    pub fn to_u32_words(&self, method: &'static str) -> Result<Vec<u32>> {
        let mut out = Vec::new();
        self.push_words(method, &mut out, true)?;
        Ok(out)
    }

    fn push_words(&self, method: &'static str, out: &mut Vec<u32>, top: bool) -> Result<()> {
        match self {
            Seed::OsEntropy => {
                let e = os_entropy_u128();
                push_u128_words(e, out);
            }
            Seed::Int(v) => {
                if *v < 0 {
                    return Err(RandomError::NegativeSeed { method, value: *v });
                }
                push_u128_words(*v as u128, out);
            }
            Seed::UInt(v) => push_u128_words(*v, out),
            Seed::BigInt(words) => {
                let len = words.iter().rposition(|&w| w != 0).map_or(0, |i| i + 1);
                if len == 0 {
                    out.push(0);
                } else {
                    out.extend_from_slice(&words[..len]);
                }
            }
            Seed::Sequence(items) => {
                if !top {
                    return Err(RandomError::NestedSeed { method });
                }
                for item in items {
                    item.push_words(method, out, false)?;
                }
            }
        }
        Ok(())
    }
}

fn push_u128_words(mut v: u128, out: &mut Vec<u32>) {
    if v == 0 {
        out.push(0);
        return;
    }
    while v > 0 {
        out.push(v as u32);
        v >>= 32;
    }
}

/// 128 bits of entropy from the OS (`/dev/urandom`), falling back to the
/// standard library's randomly keyed hasher where that file is unavailable.
pub(crate) fn os_entropy_u128() -> u128 {
    use std::io::Read;
    let mut buf = [0u8; 16];
    if let Ok(mut f) = std::fs::File::open("/dev/urandom")
        && f.read_exact(&mut buf).is_ok()
    {
        return u128::from_le_bytes(buf);
    }
    use std::hash::{BuildHasher, Hasher};
    let mut acc: u128 = 0;
    for _ in 0..2 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        acc = (acc << 64) | u128::from(h.finish());
    }
    acc
}

fn hashmix(value: u32, hash_const: &mut u32) -> u32 {
    let mut v = value ^ *hash_const;
    *hash_const = hash_const.wrapping_mul(MULT_A);
    v = v.wrapping_mul(*hash_const);
    v ^ (v >> XSHIFT)
}

fn mix(x: u32, y: u32) -> u32 {
    let r = MIX_MULT_L
        .wrapping_mul(x)
        .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    r ^ (r >> XSHIFT)
}

/// NumPy's `SeedSequence` (entropy plus optional spawn key, pool of four words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedSequence {
    entropy: Vec<u32>,
    spawn_key: Vec<u32>,
    pool: [u32; DEFAULT_POOL_SIZE],
}

impl SeedSequence {
    /// `np.random.SeedSequence(seed)`.
    ///
    /// # Errors
    /// A negative or nested seed, see [`Seed::to_u32_words`].
    pub fn new(seed: impl Into<Seed>) -> Result<Self> {
        Self::with_spawn_key(seed, &[])
    }

    /// `np.random.SeedSequence(seed, spawn_key=spawn_key)`.
    ///
    /// # Errors
    /// A negative or nested seed, see [`Seed::to_u32_words`].
    pub fn with_spawn_key(seed: impl Into<Seed>, spawn_key: &[u64]) -> Result<Self> {
        let method = "SeedSequence";
        let entropy = seed.into().to_u32_words(method)?;
        let spawn = Seed::from(spawn_key).to_u32_words(method)?;
        let mut assembled = entropy.clone();
        if !spawn.is_empty() && assembled.len() < DEFAULT_POOL_SIZE {
            // NumPy >= 1.19 pads short entropy when a spawn key is present (gh-16539).
            assembled.resize(DEFAULT_POOL_SIZE, 0);
        }
        assembled.extend_from_slice(&spawn);
        let pool = mix_entropy(&assembled);
        Ok(Self {
            entropy,
            spawn_key: spawn,
            pool,
        })
    }

    /// The entropy as 32-bit words, lowest first.
    pub fn entropy_words(&self) -> &[u32] {
        &self.entropy
    }

    /// The spawn key as 32-bit words.
    pub fn spawn_key_words(&self) -> &[u32] {
        &self.spawn_key
    }

    /// The mixed entropy pool (`SeedSequence.pool`).
    pub fn pool(&self) -> [u32; DEFAULT_POOL_SIZE] {
        self.pool
    }

    /// `generate_state(n_words, np.uint32)`.
    pub fn generate_state_u32(&self, n_words: usize) -> Vec<u32> {
        let mut hash_const = INIT_B;
        (0..n_words)
            .map(|i| {
                let mut v = self.pool[i % DEFAULT_POOL_SIZE] ^ hash_const;
                hash_const = hash_const.wrapping_mul(MULT_B);
                v = v.wrapping_mul(hash_const);
                v ^ (v >> XSHIFT)
            })
            .collect()
    }

    /// `generate_state(n_words, np.uint64)`: twice as many `u32` words, paired
    /// little-endian (low word first).
    pub fn generate_state_u64(&self, n_words: usize) -> Vec<u64> {
        self.generate_state_u32(2 * n_words)
            .chunks_exact(2)
            .map(|w| u64::from(w[0]) | (u64::from(w[1]) << 32))
            .collect()
    }
}

fn mix_entropy(entropy: &[u32]) -> [u32; DEFAULT_POOL_SIZE] {
    let mut hash_const = INIT_A;
    let mut mixer = [0u32; DEFAULT_POOL_SIZE];
    for (i, slot) in mixer.iter_mut().enumerate() {
        let word = entropy.get(i).copied().unwrap_or(0);
        *slot = hashmix(word, &mut hash_const);
    }
    for i_src in 0..DEFAULT_POOL_SIZE {
        for i_dst in 0..DEFAULT_POOL_SIZE {
            if i_src != i_dst {
                let h = hashmix(mixer[i_src], &mut hash_const);
                mixer[i_dst] = mix(mixer[i_dst], h);
            }
        }
    }
    for &word in entropy.iter().skip(DEFAULT_POOL_SIZE) {
        for slot in mixer.iter_mut() {
            let h = hashmix(word, &mut hash_const);
            *slot = mix(*slot, h);
        }
    }
    mixer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_big_ints_lowest_first() {
        let w = Seed::from(vec![Seed::UInt(12345), Seed::UInt(0x10_dead_beef)])
            .to_u32_words("t")
            .unwrap();
        assert_eq!(w, vec![12345, 0xdead_beef, 0x10]);
        assert_eq!(Seed::from(0u8).to_u32_words("t").unwrap(), vec![0]);
    }

    #[test]
    fn negative_and_nested_are_errors() {
        assert!(matches!(
            Seed::from(-1i32).to_u32_words("t"),
            Err(RandomError::NegativeSeed { value: -1, .. })
        ));
        let nested = Seed::Sequence(vec![Seed::Sequence(vec![])]);
        assert!(matches!(
            nested.to_u32_words("t"),
            Err(RandomError::NestedSeed { .. })
        ));
    }
}
