//! [`Generator`]: NumPy's `np.random.default_rng(seed)` over [`Pcg64`].
//!
//! Every method takes `size` as a shape (`&[]` for NumPy's `size=None`, which
//! draws one value) and returns the values flat, in C order; the shape is the one
//! you passed. Float32 variants are the `_f32` methods, or the `_as` methods with
//! a [`FloatDType`].
//!
//! ```
//! use ndplay_random::{default_rng, IntDType};
//!
//! let mut rng = default_rng(42u64).unwrap();
//! let u = rng.random(&[2, 3]).unwrap();          // rng.random((2, 3))
//! assert_eq!(u.len(), 6);
//! let z = rng.standard_normal(&[4]).unwrap();    // rng.standard_normal(4)
//! let k = rng.integers(0, 10, &[5], IntDType::I64, false).unwrap();
//! let perm = rng.permutation(5).unwrap();        // rng.permutation(5)
//! assert_eq!(z.len() + k.len() + perm.len(), 14);
//! ```

use std::collections::HashSet;

use crate::bit_generator::BitGenerator;
use crate::bounded::{self, Bounds, IntArray, IntDType, Method};
use crate::choice::{self, size_of};
use crate::distributions;
use crate::error::{RandomError, Result};
use crate::pcg64::{Pcg64, Pcg64State};
use crate::seed_sequence::Seed;

/// `np.random.default_rng(seed)`: a [`Generator`] over PCG64 seeded through
/// SeedSequence. `Seed::OsEntropy` is `seed=None`.
///
/// # Errors
/// A negative or nested seed ([`RandomError::NegativeSeed`], [`RandomError::NestedSeed`]).
pub fn default_rng(seed: impl Into<Seed>) -> Result<Generator> {
    Ok(Generator::new(Pcg64::new(seed)?))
}

/// Floating-point output dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatDType {
    /// `np.float64` (the default).
    F64,
    /// `np.float32`.
    F32,
}

/// A flat vector of floats of one [`FloatDType`].
#[derive(Clone, Debug, PartialEq)]
pub enum FloatArray {
    /// `float64` values.
    F64(Vec<f64>),
    /// `float32` values.
    F32(Vec<f32>),
}

impl FloatArray {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            FloatArray::F64(v) => v.len(),
            FloatArray::F32(v) => v.len(),
        }
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// NumPy's `Generator` with its default bit generator, PCG64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Generator {
    bg: Pcg64,
}

fn check_non_negative(method: &'static str, name: &'static str, value: f64) -> Result<()> {
    // NumPy's CONS_NON_NEGATIVE: rejects -0.0 too, lets NaN through.
    if !value.is_nan() && value.is_sign_negative() {
        return Err(RandomError::NegativeParameter {
            method,
            name,
            value,
        });
    }
    Ok(())
}

impl Generator {
    /// `np.random.Generator(bit_generator)`.
    pub fn new(bg: Pcg64) -> Self {
        Self { bg }
    }

    /// The bit generator (`rng.bit_generator`).
    pub fn bit_generator(&self) -> &Pcg64 {
        &self.bg
    }

    /// Mutable access to the bit generator (e.g. `random_raw`, `advance`).
    pub fn bit_generator_mut(&mut self) -> &mut Pcg64 {
        &mut self.bg
    }

    /// `rng.bit_generator.state`.
    pub fn state(&self) -> Pcg64State {
        self.bg.state()
    }

    /// `rng.bit_generator.state = st`.
    ///
    /// # Errors
    /// [`RandomError::InvalidState`] for a state that is not PCG64's.
    pub fn set_state(&mut self, st: &Pcg64State) -> Result<()> {
        self.bg.set_state(st)
    }

    fn fill<T>(
        &mut self,
        method: &'static str,
        size: &[usize],
        mut f: impl FnMut(&mut Pcg64) -> T,
    ) -> Result<Vec<T>> {
        let n = size_of(method, size, std::mem::size_of::<T>())?;
        Ok((0..n).map(|_| f(&mut self.bg)).collect())
    }

    /// `rng.random(size)`: uniform doubles in `[0, 1)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`] when the shape's product overflows.
    pub fn random(&mut self, size: &[usize]) -> Result<Vec<f64>> {
        self.fill("Generator.random", size, |bg| bg.next_f64())
    }

    /// `rng.random(size, dtype=np.float32)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn random_f32(&mut self, size: &[usize]) -> Result<Vec<f32>> {
        self.fill("Generator.random", size, |bg| bg.next_f32())
    }

    /// `rng.random(size, dtype=dtype)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn random_as(&mut self, size: &[usize], dtype: FloatDType) -> Result<FloatArray> {
        Ok(match dtype {
            FloatDType::F64 => FloatArray::F64(self.random(size)?),
            FloatDType::F32 => FloatArray::F32(self.random_f32(size)?),
        })
    }

    /// `rng.standard_normal(size)`: the ziggurat.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_normal(&mut self, size: &[usize]) -> Result<Vec<f64>> {
        self.fill("Generator.standard_normal", size, |bg| {
            distributions::standard_normal(bg)
        })
    }

    /// `rng.standard_normal(size, dtype=np.float32)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_normal_f32(&mut self, size: &[usize]) -> Result<Vec<f32>> {
        self.fill("Generator.standard_normal", size, |bg| {
            distributions::standard_normal_f32(bg)
        })
    }

    /// `rng.standard_normal(size, dtype=dtype)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_normal_as(&mut self, size: &[usize], dtype: FloatDType) -> Result<FloatArray> {
        Ok(match dtype {
            FloatDType::F64 => FloatArray::F64(self.standard_normal(size)?),
            FloatDType::F32 => FloatArray::F32(self.standard_normal_f32(size)?),
        })
    }

    /// `rng.normal(loc, scale, size)`: `loc + scale * z`.
    ///
    /// # Errors
    /// [`RandomError::NegativeParameter`] when `scale < 0`; [`RandomError::SizeOverflow`].
    pub fn normal(&mut self, loc: f64, scale: f64, size: &[usize]) -> Result<Vec<f64>> {
        let method = "Generator.normal";
        check_non_negative(method, "scale", scale)?;
        self.fill(method, size, |bg| {
            loc + scale * distributions::standard_normal(bg)
        })
    }

    /// `rng.uniform(low, high, size)`: `low + (high - low) * U`.
    ///
    /// # Errors
    /// [`RandomError::RangeOverflow`] when `high - low` is not finite,
    /// [`RandomError::NegativeParameter`] when `high < low`; [`RandomError::SizeOverflow`].
    pub fn uniform(&mut self, low: f64, high: f64, size: &[usize]) -> Result<Vec<f64>> {
        let method = "Generator.uniform";
        let range = high - low;
        if !range.is_finite() {
            return Err(RandomError::RangeOverflow { method, low, high });
        }
        check_non_negative(method, "high - low", range)?;
        self.fill(method, size, |bg| low + range * bg.next_f64())
    }

    /// `rng.standard_exponential(size)`: the exponential ziggurat (`method='zig'`).
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_exponential(&mut self, size: &[usize]) -> Result<Vec<f64>> {
        self.fill("Generator.standard_exponential", size, |bg| {
            distributions::standard_exponential(bg)
        })
    }

    /// `rng.standard_exponential(size, dtype=np.float32)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_exponential_f32(&mut self, size: &[usize]) -> Result<Vec<f32>> {
        self.fill("Generator.standard_exponential", size, |bg| {
            distributions::standard_exponential_f32(bg)
        })
    }

    /// `rng.standard_exponential(size, dtype=dtype)`.
    ///
    /// # Errors
    /// [`RandomError::SizeOverflow`].
    pub fn standard_exponential_as(
        &mut self,
        size: &[usize],
        dtype: FloatDType,
    ) -> Result<FloatArray> {
        Ok(match dtype {
            FloatDType::F64 => FloatArray::F64(self.standard_exponential(size)?),
            FloatDType::F32 => FloatArray::F32(self.standard_exponential_f32(size)?),
        })
    }

    /// `rng.exponential(scale, size)`: `scale * standard_exponential()`.
    ///
    /// # Errors
    /// [`RandomError::NegativeParameter`] when `scale < 0`; [`RandomError::SizeOverflow`].
    pub fn exponential(&mut self, scale: f64, size: &[usize]) -> Result<Vec<f64>> {
        let method = "Generator.exponential";
        check_non_negative(method, "scale", scale)?;
        self.fill(method, size, |bg| {
            scale * distributions::standard_exponential(bg)
        })
    }

    /// `rng.integers(low, high, size, dtype=dtype, endpoint=endpoint)`: Lemire's
    /// method. For NumPy's one-argument form `integers(n)` pass `low = 0, high = n`.
    ///
    /// # Errors
    /// [`RandomError::LowOutOfBounds`], [`RandomError::HighOutOfBounds`],
    /// [`RandomError::EmptyRange`]; [`RandomError::SizeOverflow`].
    pub fn integers(
        &mut self,
        low: i128,
        high: i128,
        size: &[usize],
        dtype: IntDType,
        endpoint: bool,
    ) -> Result<IntArray> {
        let method = "Generator.integers";
        let n = size_of(method, size, dtype.itemsize())?;
        bounded::bounded_integers(
            &mut self.bg,
            method,
            Bounds {
                low,
                high,
                dtype,
                endpoint,
            },
            n,
            Method::Lemire,
        )
    }

    /// `rng.integers(low, high, dtype=dtype, endpoint=endpoint)` with array bounds: one
    /// value per pair `(lows[i], highs[i])`, the bounds already broadcast to the output's
    /// shape (NumPy draws them in that order).
    ///
    /// # Errors
    /// A bound outside the dtype, or an empty interval, anywhere in the arrays.
    pub fn integers_each(
        &mut self,
        lows: &[i128],
        highs: &[i128],
        dtype: IntDType,
        endpoint: bool,
    ) -> Result<IntArray> {
        bounded::bounded_integers_each(
            &mut self.bg,
            "Generator.integers",
            lows,
            highs,
            dtype,
            endpoint,
            Method::Lemire,
        )
    }

    /// `rng.integers(low, high, size)` with the default `int64` dtype, as a `Vec<i64>`.
    ///
    /// # Errors
    /// As [`Generator::integers`].
    pub fn integers_i64(&mut self, low: i64, high: i64, size: &[usize]) -> Result<Vec<i64>> {
        match self.integers(
            i128::from(low),
            i128::from(high),
            size,
            IntDType::I64,
            false,
        )? {
            IntArray::I64(v) => Ok(v),
            _ => unreachable!("integers with IntDType::I64 returns IntArray::I64"),
        }
    }

    /// `rng.choice(a, size, replace, p)` with an integer `a`: indices into
    /// `0..a` (NumPy's `shuffle=True`).
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
        self.choice_with(a, size, replace, p, true)
    }

    /// `rng.choice(items, size, replace, p)`: the chosen elements (along axis 0
    /// for an n-d array, use [`Generator::choice`] for the indices and take them).
    ///
    /// # Errors
    /// As [`Generator::choice`].
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

    /// `rng.choice(a, size, replace, p, shuffle=shuffle)`.
    ///
    /// # Errors
    /// As [`Generator::choice`].
    pub fn choice_with(
        &mut self,
        a: usize,
        size: &[usize],
        replace: bool,
        p: Option<&[f64]>,
        shuffle: bool,
    ) -> Result<Vec<i64>> {
        let method = "Generator.choice";
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
                    let u = self.random(size)?;
                    Ok(u.into_iter()
                        .map(|u| choice::search_right(&cdf, u) as i64)
                        .collect())
                }
                None => self.integers_i64(0, a as i64, size),
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
        let cutoff = if shuffle { 50 } else { 20 };
        if a > 10_000 && n > a / cutoff {
            // Partial Fisher-Yates over the whole population; keep the tail.
            let mut idx: Vec<i64> = (0..a as i64).collect();
            shuffle_int(&mut self.bg, &mut idx, (a - n).max(1));
            return Ok(idx.split_off(a - n));
        }
        // Floyd's algorithm.
        let mut out = Vec::with_capacity(n);
        let mut set = HashSet::with_capacity(n);
        for j in (a - n)..a {
            let val = bounded::bounded_u64(&mut self.bg, 0, j as u64, Method::Lemire);
            if set.insert(val) {
                out.push(val as i64);
            } else {
                set.insert(j as u64);
                out.push(j as i64);
            }
        }
        if shuffle {
            shuffle_int(&mut self.bg, &mut out, 1);
        }
        Ok(out)
    }

    /// `rng.permutation(n)`: `arange(n)` shuffled. For an n-d array `x`,
    /// `rng.permutation(x)` is `x` taken along axis 0 at these indices.
    ///
    /// # Errors
    /// [`RandomError::OutOfMemory`] when `n` indices do not fit in memory.
    pub fn permutation(&mut self, n: usize) -> Result<Vec<i64>> {
        choice::permutation(&mut self.bg, "Generator.permutation", n)
    }

    /// `rng.shuffle(x)` for a 1-d sequence, in place.
    pub fn shuffle<T>(&mut self, x: &mut [T]) {
        choice::shuffle_slice(&mut self.bg, x);
    }

    /// The swaps `rng.shuffle(x)` makes on an array of length `n` along axis 0,
    /// in order: swap element `i` with element `j` for each `(i, j)` (`i == j`
    /// is a no-op). Applying them to any array shuffles it as NumPy would.
    pub fn shuffle_swaps(&mut self, n: usize) -> Vec<(usize, usize)> {
        choice::shuffle_swaps(&mut self.bg, n)
    }
}

/// `_shuffle_int`: Fisher-Yates from `n - 1` down to `first` with Lemire draws
/// (not `random_interval`): the shuffle inside `Generator.choice`.
fn shuffle_int(bg: &mut Pcg64, data: &mut [i64], first: usize) {
    for i in (first..data.len()).rev() {
        let j = bounded::bounded_u64(bg, 0, i as u64, Method::Lemire) as usize;
        data.swap(i, j);
    }
}
