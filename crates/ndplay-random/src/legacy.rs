//! [`RandomState`]: NumPy's legacy `np.random.RandomState(seed)` and the global
//! `np.random.seed(seed)` state, over [`Mt19937`].
//!
//! Legacy streams differ from [`crate::Generator`]'s on purpose: normals come from
//! the polar method (two at a time, the second cached in the state), integers from
//! masked rejection, doubles from two 32-bit draws.
//!
//! ```
//! use ndplay_random::legacy::{self, RandomState};
//!
//! let mut rs = RandomState::new(0u32).unwrap();        // np.random.RandomState(0)
//! assert_eq!(rs.rand(&[1]).unwrap(), vec![0.5488135039273248]);
//!
//! legacy::seed(0u32).unwrap();                          // np.random.seed(0)
//! assert_eq!(legacy::global().rand(&[1]).unwrap(), vec![0.5488135039273248]);
//! ```

use std::sync::{LazyLock, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::bit_generator::BitGenerator;
use crate::bounded::{self, Bounds, IntArray, IntDType, Method};
use crate::choice::{self, size_of};
use crate::distributions;
use crate::error::{RandomError, Result};
use crate::mt19937::{Mt19937, Mt19937Inner, Mt19937State};
use crate::seed_sequence::{Seed, SeedSequence};

/// `RandomState.get_state(legacy=False)`:
/// `{'bit_generator': 'MT19937', 'state': {'key': [...], 'pos': p}, 'has_gauss': h, 'gauss': g}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegacyState {
    /// Always `"MT19937"`.
    pub bit_generator: String,
    /// Key and position.
    pub state: Mt19937Inner,
    /// 1 when a second polar-method normal is cached.
    #[serde(default)]
    pub has_gauss: u32,
    /// The cached normal (0.0 when none).
    #[serde(default)]
    pub gauss: f64,
}

impl LegacyState {
    /// JSON text in NumPy's dict shape.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parse JSON text in NumPy's dict shape (`has_gauss`/`gauss` may be absent,
    /// as in a bare `MT19937().state`).
    ///
    /// # Errors
    /// [`RandomError::StateJson`] when the text does not have that shape.
    pub fn from_json(text: &str) -> Result<Self> {
        Ok(serde_json::from_str(text)?)
    }
}

/// NumPy's legacy `RandomState`.
#[derive(Clone, Debug, PartialEq)]
pub struct RandomState {
    bg: Mt19937,
    gauss: Option<f64>,
}

fn legacy_word(method: &'static str, seed: &Seed) -> Result<u32> {
    let out_of_range = |value: String| RandomError::LegacySeedOutOfRange { method, value };
    match seed {
        Seed::Int(v) => u32::try_from(*v).map_err(|_| out_of_range(v.to_string())),
        Seed::UInt(v) => u32::try_from(*v).map_err(|_| out_of_range(v.to_string())),
        Seed::BigInt(words) => {
            let len = words.iter().rposition(|&w| w != 0).map_or(0, |i| i + 1);
            match len {
                0 => Ok(0),
                1 => Ok(words[0]),
                _ => Err(out_of_range(format!("an integer of {} bits", 32 * len))),
            }
        }
        Seed::Sequence(_) => Err(RandomError::NestedSeed { method }),
        Seed::OsEntropy => Err(RandomError::NestedSeed { method }),
    }
}

fn legacy_bit_generator(method: &'static str, seed: Seed) -> Result<Mt19937> {
    match seed {
        Seed::OsEntropy => {
            let ss = SeedSequence::new(Seed::OsEntropy)?;
            Ok(Mt19937::from_entropy_words(&ss.generate_state_u32(624)))
        }
        Seed::Sequence(items) => {
            if items.is_empty() {
                return Err(RandomError::EmptySeed { method });
            }
            let words = items
                .iter()
                .map(|s| legacy_word(method, s))
                .collect::<Result<Vec<u32>>>()?;
            Ok(Mt19937::legacy_seed_array(&words))
        }
        scalar => Ok(Mt19937::legacy_seed(legacy_word(method, &scalar)?)),
    }
}

fn check_non_negative(method: &'static str, name: &'static str, value: f64) -> Result<()> {
    if !value.is_nan() && value.is_sign_negative() {
        return Err(RandomError::NegativeParameter {
            method,
            name,
            value,
        });
    }
    Ok(())
}

impl RandomState {
    /// `np.random.RandomState(seed)`: an integer in `[0, 2**32)` runs Knuth's
    /// initialiser, a sequence of such integers `init_by_array`, and
    /// `Seed::OsEntropy` draws the key from SeedSequence.
    ///
    /// # Errors
    /// [`RandomError::LegacySeedOutOfRange`], [`RandomError::EmptySeed`],
    /// [`RandomError::NestedSeed`].
    pub fn new(seed: impl Into<Seed>) -> Result<Self> {
        Ok(Self {
            bg: legacy_bit_generator("RandomState", seed.into())?,
            gauss: None,
        })
    }

    /// `np.random.RandomState()`: seeded from OS entropy.
    pub fn from_entropy() -> Self {
        let ss = SeedSequence::new(Seed::OsEntropy)
            .unwrap_or_else(|_| unreachable!("OS entropy is non-negative"));
        Self {
            bg: Mt19937::from_entropy_words(&ss.generate_state_u32(624)),
            gauss: None,
        }
    }

    /// `rs.seed(seed)`: reseed in place (also drops the cached normal).
    ///
    /// # Errors
    /// As [`RandomState::new`].
    pub fn seed(&mut self, seed: impl Into<Seed>) -> Result<()> {
        self.bg = legacy_bit_generator("RandomState.seed", seed.into())?;
        self.gauss = None;
        Ok(())
    }

    /// The bit generator.
    pub fn bit_generator(&self) -> &Mt19937 {
        &self.bg
    }

    /// `rs.get_state(legacy=False)`.
    pub fn get_state(&self) -> LegacyState {
        let Mt19937State {
            bit_generator,
            state,
        } = self.bg.state();
        LegacyState {
            bit_generator,
            state,
            has_gauss: u32::from(self.gauss.is_some()),
            gauss: self.gauss.unwrap_or(0.0),
        }
    }

    /// `rs.set_state(state)`.
    ///
    /// # Errors
    /// [`RandomError::InvalidState`] for a state that is not a valid MT19937 state.
    pub fn set_state(&mut self, st: &LegacyState) -> Result<()> {
        self.bg.set_state(&Mt19937State {
            bit_generator: st.bit_generator.clone(),
            state: st.state.clone(),
        })?;
        self.gauss = (st.has_gauss != 0).then_some(st.gauss);
        Ok(())
    }

    fn fill<T>(
        &mut self,
        method: &'static str,
        size: &[usize],
        mut f: impl FnMut(&mut Self) -> T,
    ) -> Result<Vec<T>> {
        let n = size_of(method, size, std::mem::size_of::<T>())?;
        Ok((0..n).map(|_| f(self)).collect())
    }

    fn gauss(&mut self) -> f64 {
        distributions::legacy_gauss(&mut self.bg, &mut self.gauss)
    }

    /// `rs.random_sample(size)` (also `rs.random(size)`): doubles in `[0, 1)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn random_sample(&mut self, size: &[usize]) -> Result<Vec<f64>> {
        self.fill("RandomState.random_sample", size, |s| s.bg.next_f64())
    }

    /// `rs.rand(d0, d1, ...)`: same stream as [`RandomState::random_sample`].
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn rand(&mut self, shape: &[usize]) -> Result<Vec<f64>> {
        self.fill("RandomState.rand", shape, |s| s.bg.next_f64())
    }

    /// `rs.randn(d0, d1, ...)`: polar-method normals.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn randn(&mut self, shape: &[usize]) -> Result<Vec<f64>> {
        self.fill("RandomState.randn", shape, Self::gauss)
    }

    /// `rs.standard_normal(size)`: same stream as [`RandomState::randn`].
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_normal(&mut self, size: &[usize]) -> Result<Vec<f64>> {
        self.fill("RandomState.standard_normal", size, Self::gauss)
    }

    /// `rs.normal(loc, scale, size)`: `loc + scale * gauss`.
    ///
    /// # Errors
    /// [`RandomError::NegativeParameter`] when `scale < 0`; [`RandomError::SizeOverflow`].
    pub fn normal(&mut self, loc: f64, scale: f64, size: &[usize]) -> Result<Vec<f64>> {
        let method = "RandomState.normal";
        check_non_negative(method, "scale", scale)?;
        self.fill(method, size, |s| loc + scale * s.gauss())
    }

    /// `rs.uniform(low, high, size)`: `low + (high - low) * U`. Unlike
    /// `Generator.uniform`, `high < low` is allowed (values fall in `(high, low]`).
    ///
    /// # Errors
    /// [`RandomError::RangeOverflow`] when `high - low` is not finite; [`RandomError::SizeOverflow`].
    pub fn uniform(&mut self, low: f64, high: f64, size: &[usize]) -> Result<Vec<f64>> {
        let method = "RandomState.uniform";
        let range = high - low;
        if !range.is_finite() {
            return Err(RandomError::RangeOverflow { method, low, high });
        }
        self.fill(method, size, |s| low + range * s.bg.next_f64())
    }

    /// `rs.randint(low, high, size, dtype=dtype)`: masked rejection on `[low, high)`.
    /// NumPy's default dtype (`int`, i.e. C long) is `IntDType::I64` on 64-bit Linux.
    ///
    /// # Errors
    /// [`RandomError::LowOutOfBounds`], [`RandomError::HighOutOfBounds`],
    /// [`RandomError::EmptyRange`]; [`RandomError::SizeOverflow`].
    pub fn randint(
        &mut self,
        low: i128,
        high: i128,
        size: &[usize],
        dtype: IntDType,
    ) -> Result<IntArray> {
        let method = "RandomState.randint";
        let n = size_of(method, size, dtype.itemsize())?;
        bounded::bounded_integers(
            &mut self.bg,
            method,
            Bounds {
                low,
                high,
                dtype,
                endpoint: false,
            },
            n,
            Method::Masked,
        )
    }

    /// `rs.randint(low, high, dtype=dtype)` with array bounds, already broadcast to the
    /// output's shape: one value per pair, in order.
    ///
    /// # Errors
    /// A bound outside the dtype, or an empty interval, anywhere in the arrays.
    pub fn randint_each(
        &mut self,
        lows: &[i128],
        highs: &[i128],
        dtype: IntDType,
    ) -> Result<IntArray> {
        bounded::bounded_integers_each(
            &mut self.bg,
            "RandomState.randint",
            lows,
            highs,
            dtype,
            false,
            Method::Masked,
        )
    }

    /// `rs.randint(low, high, size)` with the default dtype, as a `Vec<i64>`.
    ///
    /// # Errors
    /// As [`RandomState::randint`].
    pub fn randint_i64(&mut self, low: i64, high: i64, size: &[usize]) -> Result<Vec<i64>> {
        match self.randint(i128::from(low), i128::from(high), size, IntDType::I64)? {
            IntArray::I64(v) => Ok(v),
            _ => unreachable!("randint with IntDType::I64 returns IntArray::I64"),
        }
    }

    /// `rs.permutation(n)`.
    ///
    /// # Errors
    /// [`RandomError::OutOfMemory`] when `n` indices do not fit in memory.
    pub fn permutation(&mut self, n: usize) -> Result<Vec<i64>> {
        choice::permutation(&mut self.bg, "RandomState.permutation", n)
    }

    /// `rs.shuffle(x)` for a 1-d sequence, in place.
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        choice::shuffle_slice(&mut self.bg, x);
    }

    /// The swaps `rs.shuffle(x)` makes along axis 0 of an array of length `n`.
    pub fn shuffle_swaps(&mut self, n: usize) -> Vec<(usize, usize)> {
        choice::shuffle_swaps(&mut self.bg, n)
    }

    /// `rs.choice(a, size, replace, p)` with an integer `a`: indices into `0..a`.
    ///
    /// # Errors
    /// Population empty, `p` invalid, or more samples than `a` without replacement.
    pub fn choice(
        &mut self,
        a: usize,
        size: &[usize],
        replace: bool,
        p: Option<&[f64]>,
    ) -> Result<Vec<i64>> {
        let method = "RandomState.choice";
        let n = size_of(method, size, 8)?;
        if a == 0 && n != 0 {
            return Err(RandomError::EmptyPopulation { method, size: n });
        }
        if let Some(p) = p {
            choice::check_p(method, p, a)?;
        }
        if replace {
            return match p {
                Some(p) => {
                    let cdf = choice::normalised_cdf(p);
                    let u = self.random_sample(size)?;
                    Ok(u.into_iter()
                        .map(|u| choice::search_right(&cdf, u) as i64)
                        .collect())
                }
                None => self.randint_i64(0, a as i64, size),
            };
        }
        if n > a {
            return Err(RandomError::SampleLargerThanPopulation {
                method,
                size: n,
                population: a,
            });
        }
        if let Some(p) = p {
            return choice::choice_p_no_replace(method, p, n, |k| {
                (0..k).map(|_| self.bg.next_f64()).collect()
            });
        }
        let mut perm = self.permutation(a)?;
        perm.truncate(n);
        Ok(perm)
    }

    /// `rs.choice(items, size, replace, p)`: the chosen elements.
    ///
    /// # Errors
    /// As [`RandomState::choice`].
    pub fn choice_from<T: Clone>(
        &mut self,
        items: &[T],
        size: &[usize],
        replace: bool,
        p: Option<&[f64]>,
    ) -> Result<Vec<T>> {
        let idx = self.choice(items.len(), size, replace, p)?;
        Ok(idx.into_iter().map(|i| items[i as usize].clone()).collect())
    }
}

static GLOBAL: LazyLock<Mutex<RandomState>> =
    LazyLock::new(|| Mutex::new(RandomState::from_entropy()));

/// The global legacy state behind NumPy's `np.random.rand`, `np.random.randn`,
/// ... Lock it, draw, drop the guard.
pub fn global() -> MutexGuard<'static, RandomState> {
    // A panic while holding the lock cannot leave a RandomState half-written in a
    // way that matters more than any other stream position, so ignore poisoning.
    GLOBAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `np.random.seed(seed)`.
///
/// # Errors
/// As [`RandomState::new`].
pub fn seed(seed: impl Into<Seed>) -> Result<()> {
    global().seed(seed)
}
