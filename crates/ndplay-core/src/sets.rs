//! Membership and counting: `np.isin` and `np.bincount`, the pieces `np.intersect1d`,
//! `np.union1d` and `np.setdiff1d` are made of.
//!
//! `isin` compares as `==` does: both arrays are cast to their promoted dtype and each
//! element is looked up in a hash set of the test values (NaN is in no set, `-0.0`
//! equals `0.0`), so it is exact for every integer and costs one pass over each array.
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::from_vec(vec![1i64, 2, 3, 2], &[4]).unwrap();
//! let t = Array::from_vec(vec![2.0f64, 5.0], &[2]).unwrap();
//! assert_eq!(a.isin(&t).unwrap().to_vec::<bool>(), vec![false, true, false, true]);
//! let counts = Array::bincount(&a, None, 0).unwrap();
//! assert_eq!(counts.to_vec::<i64>(), vec![0, 1, 2, 1]);
//! ```

use std::collections::HashSet;

use crate::array::Array;
use crate::dtype::{Casting, DType, Kind};
use crate::element::Wide;
use crate::error::{Error, Result};
use crate::scalar::Scalar;

/// A value as a hash key with `==`'s meaning; `None` for NaN, which equals nothing.
#[derive(Hash, PartialEq, Eq)]
enum Key {
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(u64),
    Complex(u64, u64),
    Str(String),
}

fn float_bits(f: f64) -> Option<u64> {
    if f.is_nan() {
        return None;
    }
    // -0.0 == 0.0
    Some(if f == 0.0 { 0 } else { f.to_bits() })
}

fn key(s: &Scalar) -> Option<Key> {
    if let Scalar::Str(text) = s {
        return Some(Key::Str(text.clone()));
    }
    match s.to_wide() {
        Wide::Bool(b) => Some(Key::Bool(b)),
        Wide::I(i) => Some(Key::Int(i)),
        Wide::U(u) => Some(Key::UInt(u)),
        Wide::F(f) => float_bits(f).map(Key::Float),
        Wide::C(c) => Some(Key::Complex(float_bits(c.re)?, float_bits(c.im)?)),
    }
}

impl Array {
    /// `np.isin(element, test_elements)`: a boolean array of `self`'s shape, True where
    /// the element equals one of `test` (any shape). Strings and numbers never compare
    /// equal, as in NumPy.
    ///
    /// # Errors
    /// `MemoryError` when the cast copies do not fit.
    pub fn isin(&self, test: &Array) -> Result<Array> {
        if self.dtype().is_opaque() || test.dtype().is_opaque() {
            let dt = if self.dtype().is_opaque() {
                self.dtype()
            } else {
                test.dtype()
            };
            return Err(Error::records_not_implemented("isin", dt));
        }
        let is_str = |a: &Array| a.dtype().kind() == Kind::Str;
        if is_str(self) != is_str(test) {
            return Array::try_zeros(self.shape(), DType::Bool);
        }
        let common = DType::promote(self.dtype(), test.dtype());
        let cast = |a: &Array| -> Result<Array> {
            if a.dtype() == common {
                Ok(a.clone())
            } else {
                a.astype(common, Casting::Unsafe)
            }
        };
        let set: HashSet<Key> = cast(test)?.to_scalars().iter().filter_map(key).collect();
        let found: Vec<bool> = cast(self)?
            .to_scalars()
            .iter()
            .map(|s| key(s).is_some_and(|k| set.contains(&k)))
            .collect();
        Array::from_vec(found, self.shape())
    }

    /// `np.bincount(x, weights, minlength)`: how often each value `0..=max(x)` occurs in
    /// the 1-D non-negative integer array `x` (`int64`), or the sum of the `weights` at
    /// its positions (`float64`); at least `minlength` bins.
    ///
    /// # Errors
    /// `ValueError` for a negative value, `x` not 1-D, weights of another length; a
    /// `MemoryError` when the bins do not fit.
    pub fn bincount(x: &Array, weights: Option<&Array>, minlength: usize) -> Result<Array> {
        if x.ndim() != 1 {
            return Err(Error::value(
                if x.ndim() == 0 {
                    "object of too small depth for desired array"
                } else {
                    "object too deep for desired array"
                },
                format!(
                    "np.bincount counts the values of a 1-D array; this one has shape {} \
                     (flatten it with .ravel() first)",
                    crate::shape::fmt_shape(x.shape())
                ),
            ));
        }
        let values = x.astype(DType::Int64, Casting::Unsafe)?.to_vec::<i64>();
        if let Some(&v) = values.iter().find(|&&v| v < 0) {
            return Err(Error::value(
                "'list' argument must have no negative elements",
                format!(
                    "np.bincount counts values 0, 1, 2, ...; {v} is negative (shift the \
                     values first, e.g. x - x.min())"
                ),
            ));
        }
        let bins = values
            .iter()
            .max()
            .map_or(0, |&m| m as usize + 1)
            .max(minlength);
        match weights {
            None => {
                // The bins' size comes from the data: checked before allocating.
                drop(Array::try_zeros(&[bins], DType::Int64)?);
                let mut counts = vec![0i64; bins];
                for &v in &values {
                    counts[v as usize] += 1;
                }
                Array::from_vec(counts, &[bins])
            }
            Some(w) => {
                if w.shape() != x.shape() {
                    return Err(Error::value(
                        "The weights and list don't have the same length.",
                        format!(
                            "np.bincount adds one weight per value: x has shape {} and \
                             weights {}",
                            crate::shape::fmt_shape(x.shape()),
                            crate::shape::fmt_shape(w.shape())
                        ),
                    ));
                }
                drop(Array::try_zeros(&[bins], DType::Float64)?);
                let w = w.astype(DType::Float64, Casting::Unsafe)?.to_vec::<f64>();
                let mut sums = vec![0.0f64; bins];
                for (&v, &wi) in values.iter().zip(&w) {
                    sums[v as usize] += wi;
                }
                Array::from_vec(sums, &[bins])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isin_is_equality_after_promotion() {
        let a = Array::from_vec(vec![0.0f64, -0.0, f64::NAN, 1.5], &[2, 2]).unwrap();
        let t = Array::from_vec(vec![0i64, 1], &[2]).unwrap();
        let r = a.isin(&t).unwrap();
        assert_eq!(r.shape(), &[2, 2]);
        assert_eq!(r.to_vec::<bool>(), vec![true, true, false, false]);
        let nan = Array::from_vec(vec![f64::NAN], &[1]).unwrap();
        assert_eq!(nan.isin(&nan).unwrap().to_vec::<bool>(), vec![false]);
        // Beyond 2**53 integers stay exact.
        let big = Array::from_vec(vec![(1i64 << 53) + 1], &[1]).unwrap();
        let near = Array::from_vec(vec![1i64 << 53], &[1]).unwrap();
        assert_eq!(big.isin(&near).unwrap().to_vec::<bool>(), vec![false]);
    }

    #[test]
    fn bincount_counts_and_weighs() {
        let x = Array::from_vec(vec![0i64, 2, 2, 5], &[4]).unwrap();
        assert_eq!(
            Array::bincount(&x, None, 8).unwrap().to_vec::<i64>(),
            vec![1, 0, 2, 0, 0, 1, 0, 0]
        );
        let w = Array::from_vec(vec![0.5f64, 1.0, 1.0, 2.0], &[4]).unwrap();
        let r = Array::bincount(&x, Some(&w), 0).unwrap();
        assert_eq!(r.dtype(), DType::Float64);
        assert_eq!(r.to_vec::<f64>(), vec![0.5, 0.0, 2.0, 0.0, 0.0, 2.0]);
        let neg = Array::from_vec(vec![1i64, -1], &[2]).unwrap();
        assert!(Array::bincount(&neg, None, 0).is_err());
        let empty = Array::from_vec(Vec::<i64>::new(), &[0]).unwrap();
        assert_eq!(
            Array::bincount(&empty, None, 3).unwrap().to_vec::<i64>(),
            vec![0, 0, 0]
        );
    }
}
