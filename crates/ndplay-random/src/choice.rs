//! Shared pieces of `choice`, `shuffle` and `permutation`: probability checks,
//! inverse-CDF sampling, and the Fisher-Yates swap sequence.
//!
//! NumPy shuffles by walking `i` from `n - 1` down to `1` and swapping element `i`
//! with element `j = random_interval(i)`. The swap list from [`shuffle_swaps`] is
//! that walk, so any caller can replay it on an n-d array along axis 0.
//!
//! ```
//! use ndplay_random::default_rng;
//!
//! let mut rng = default_rng(0u64).unwrap();
//! let swaps = rng.shuffle_swaps(4);
//! assert_eq!(swaps.len(), 3);
//! assert_eq!(swaps.iter().map(|s| s.0).collect::<Vec<_>>(), vec![3, 2, 1]);
//! ```

use crate::bit_generator::BitGenerator;
use crate::distributions::random_interval;
use crate::error::{RandomError, Result};

/// Product of a shape, or an error naming the method when it overflows or when
/// `elem_bytes` per element do not fit in memory: the room is asked for (and given back)
/// before any draw, so an absurd size is `MemoryError`, never an abort mid-draw.
pub(crate) fn size_of(method: &'static str, shape: &[usize], elem_bytes: usize) -> Result<usize> {
    let n = count_of(method, shape)?;
    let bytes = n.saturating_mul(elem_bytes);
    Vec::<u8>::new()
        .try_reserve_exact(bytes)
        .map_err(|_| RandomError::OutOfMemory {
            method,
            shape: shape.to_vec(),
            bytes,
        })?;
    Ok(n)
}

/// Product of a shape, or an error naming the method when it overflows.
fn count_of(method: &'static str, shape: &[usize]) -> Result<usize> {
    // Cap at what a Vec of the widest element (16 bytes) can address, so an absurd
    // size is an error instead of a capacity-overflow panic.
    const MAX_ELEMENTS: usize = isize::MAX as usize / 16;
    shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .filter(|&n| n <= MAX_ELEMENTS)
        .ok_or_else(|| RandomError::SizeOverflow {
            method,
            shape: shape.to_vec(),
        })
}

/// NumPy's `kahan_sum`.
pub(crate) fn kahan_sum(p: &[f64]) -> f64 {
    let Some((&first, rest)) = p.split_first() else {
        return 0.0;
    };
    let (mut sum, mut c) = (first, 0.0);
    for &x in rest {
        let y = x - c;
        let t = sum + y;
        c = (t - sum) - y;
        sum = t;
    }
    sum
}

/// The checks `choice` runs on `p`.
pub(crate) fn check_p(method: &'static str, p: &[f64], population: usize) -> Result<()> {
    if p.len() != population {
        return Err(RandomError::ProbabilitiesLength {
            method,
            p_len: p.len(),
            population,
        });
    }
    let sum = kahan_sum(p);
    if sum.is_nan() {
        return Err(RandomError::ProbabilitiesNaN { method });
    }
    if let Some((index, &value)) = p.iter().enumerate().find(|(_, v)| **v < 0.0) {
        return Err(RandomError::ProbabilitiesNegative {
            method,
            index,
            value,
        });
    }
    let tolerance = f64::EPSILON.sqrt();
    if (sum - 1.0).abs() > tolerance {
        return Err(RandomError::ProbabilitiesSum {
            method,
            sum,
            tolerance,
        });
    }
    Ok(())
}

/// `cumsum(p) / cumsum(p)[-1]`, in NumPy's sequential order.
pub(crate) fn normalised_cdf(p: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = p
        .iter()
        .map(|&x| {
            acc += x;
            acc
        })
        .collect();
    if let Some(&last) = cdf.last() {
        for c in &mut cdf {
            *c /= last;
        }
    }
    cdf
}

/// `cdf.searchsorted(u, side='right')`.
pub(crate) fn search_right(cdf: &[f64], u: f64) -> usize {
    cdf.partition_point(|&c| c <= u)
}

/// Sampling without replacement with probabilities, as NumPy: draw `size - found`
/// uniforms, map them through the CDF of the not-yet-chosen weights, keep the new
/// distinct indices in order of first appearance, repeat.
pub(crate) fn choice_p_no_replace(
    method: &'static str,
    p: &[f64],
    size: usize,
    mut uniforms: impl FnMut(usize) -> Vec<f64>,
) -> Result<Vec<i64>> {
    let nonzero = p.iter().filter(|&&x| x > 0.0).count();
    if nonzero < size {
        return Err(RandomError::FewerNonZero {
            method,
            nonzero,
            size,
        });
    }
    let mut p = p.to_vec();
    let mut found: Vec<i64> = Vec::with_capacity(size);
    let mut seen = vec![false; p.len()];
    while found.len() < size {
        let x = uniforms(size - found.len());
        for &f in &found {
            p[f as usize] = 0.0;
        }
        let cdf = normalised_cdf(&p);
        let mut batch_seen = vec![false; p.len()];
        for u in x {
            let idx = search_right(&cdf, u).min(p.len() - 1);
            if !batch_seen[idx] {
                batch_seen[idx] = true;
                if !seen[idx] {
                    seen[idx] = true;
                    found.push(idx as i64);
                }
            }
        }
    }
    Ok(found)
}

/// The Fisher-Yates walk both `Generator` and `RandomState` use.
pub(crate) fn shuffle_swaps<B: BitGenerator + ?Sized>(bg: &mut B, n: usize) -> Vec<(usize, usize)> {
    (1..n)
        .rev()
        .map(|i| (i, random_interval(bg, i as u64) as usize))
        .collect()
}

/// Apply the Fisher-Yates walk to a slice in place.
pub(crate) fn shuffle_slice<B: BitGenerator + ?Sized, T>(bg: &mut B, x: &mut [T]) {
    for i in (1..x.len()).rev() {
        let j = random_interval(bg, i as u64) as usize;
        x.swap(i, j);
    }
}

/// `arange(n)` shuffled.
pub(crate) fn permutation<B: BitGenerator + ?Sized>(
    bg: &mut B,
    method: &'static str,
    n: usize,
) -> Result<Vec<i64>> {
    size_of(method, &[n], 8)?;
    let mut idx: Vec<i64> = (0..n as i64).collect();
    shuffle_slice(bg, &mut idx);
    Ok(idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kahan_sum_of_tenths_is_one() {
        assert_eq!(kahan_sum(&[0.1; 10]), 1.0);
        assert_eq!(kahan_sum(&[]), 0.0);
    }

    #[test]
    fn search_right_matches_numpy_side_right() {
        let cdf = [0.25, 0.5, 0.5, 1.0];
        assert_eq!(search_right(&cdf, 0.0), 0);
        assert_eq!(search_right(&cdf, 0.25), 1);
        assert_eq!(search_right(&cdf, 0.5), 3);
        assert_eq!(search_right(&cdf, 0.99), 3);
    }
}
