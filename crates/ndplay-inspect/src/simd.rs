//! Explicit AVX2 versions of the fused pass for `float32` and `float64` blocks, chosen at
//! run time (`is_x86_feature_detected!`), since the portable kernels in [`crate::kernels`]
//! are compiled for baseline x86-64 (SSE2) and LLVM does not vectorise their mixed-width
//! lanes well. They compute exactly what the portable kernels compute — the same finite
//! count, masked `f64` sums, min, max and histogram bins — and are tested against them.
//!
//! ```
//! // Used inside the fused pass whenever the CPU has AVX2:
//! let bytes: Vec<u8> = (0..1000).flat_map(|i| (i as f32).to_le_bytes()).collect();
//! let s = ndplay_inspect::kernels::stats_of_bytes(
//!     ndplay_io::ElemType::F32, ndplay_io::ByteOrder::Little, &bytes, &|_| {});
//! assert_eq!(s.max.unwrap().as_f64(), 999.0);
//! ```
#![allow(unsafe_code)]

/// The result of pass one over the vectorised prefix of a block.
pub(crate) struct Pass1<F> {
    /// Elements processed (a multiple of the vector width).
    pub done: usize,
    /// Finite elements among them.
    pub finite: u64,
    /// Sum of the finite ones, in `f64`.
    pub sum: f64,
    /// Smallest finite (or +Inf when none).
    pub min: F,
    /// Largest finite (or −Inf when none).
    pub max: F,
}

/// Slots of the `float32` key table: a non-zero value counts under its top nine bits
/// (sign and exponent field, `bits >> 23`), zeros under [`ZERO_KEY`]; the slots are
/// mapped to histogram bins once per task ([`crate::kernels`]). Counting raw keys keeps
/// the per-element work to one shift and one increment.
pub(crate) const F32_KEYS: usize = 1024;
/// The key of `+0.0` and `-0.0`.
pub(crate) const ZERO_KEY: usize = 512;

/// Whether the AVX2 kernels can run on this CPU.
#[inline]
pub(crate) fn have_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Pass one over `xs` (finite count, sum, min, max, histogram keys into `keys`, see
/// [`F32_KEYS`]), or `None` when the CPU lacks AVX2.
#[inline]
pub(crate) fn pass1_f32(xs: &[f32], keys: &mut [[u32; F32_KEYS]; 4]) -> Option<Pass1<f32>> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass1_f32(xs, keys) });
    }
    let _ = (xs, keys);
    None
}

/// Pass one over `f64` values; see [`pass1_f32`].
#[inline]
pub(crate) fn pass1_f64(xs: &[f64], hist: &mut [[u32; 256]; 4]) -> Option<Pass1<f64>> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass1_f64(xs, hist) });
    }
    let _ = (xs, hist);
    None
}

/// Pass two: the sum of `(x - mean)²` over the finite values of the vectorised prefix,
/// and its length; `None` without AVX2.
#[inline]
pub(crate) fn pass2_f32(xs: &[f32], mean: f64) -> Option<(usize, f64)> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass2_f32(xs, mean) });
    }
    let _ = (xs, mean);
    None
}

/// Pass two over `f64` values; see [`pass2_f32`].
#[inline]
pub(crate) fn pass2_f64(xs: &[f64], mean: f64) -> Option<(usize, f64)> {
    #[cfg(target_arch = "x86_64")]
    if have_avx2() {
        // SAFETY: AVX2 was detected just above.
        return Some(unsafe { x86::pass2_f64(xs, mean) });
    }
    let _ = (xs, mean);
    None
}

#[cfg(target_arch = "x86_64")]
mod x86 {
    use std::arch::x86_64::*;

    use super::{F32_KEYS, Pass1, ZERO_KEY};
    use crate::stats::{HIST_EXP_MAX, HIST_EXP_MIN, ZERO_BIN};

    /// Kernel slot for non-finite values (as in `kernels`).
    const NONFINITE: i32 = crate::stats::HIST_BINS as i32;
    const SIDE: i32 = ZERO_BIN as i32;

    /// Histogram bins of 8 values from their biased exponents (`expf`), sign masks (all
    /// ones for negative) and zero / non-finite masks.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn bins(expf: __m256i, bias: i32, neg: __m256i, zero: __m256i, nonfinite: __m256i) -> __m256i {
        // k = clamp(e, MIN-1, MAX+1) - (MIN-1) with e = expf - bias.
        let k = _mm256_sub_epi32(expf, _mm256_set1_epi32(bias + HIST_EXP_MIN - 1));
        let k = _mm256_min_epi32(
            _mm256_max_epi32(k, _mm256_setzero_si256()),
            _mm256_set1_epi32(HIST_EXP_MAX - HIST_EXP_MIN + 2),
        );
        let pos = _mm256_add_epi32(_mm256_set1_epi32(SIDE + 1), k);
        let negb = _mm256_sub_epi32(_mm256_set1_epi32(SIDE - 1), k);
        let b = _mm256_blendv_epi8(pos, negb, neg);
        let b = _mm256_blendv_epi8(b, _mm256_set1_epi32(SIDE), zero);
        _mm256_blendv_epi8(b, _mm256_set1_epi32(NONFINITE), nonfinite)
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn count(hist: &mut [[u32; 256]; 4], b: __m256i) {
        let mut idx = [0u32; 8];
        // SAFETY: `idx` has room for 8 lanes; unaligned store.
        unsafe { _mm256_storeu_si256(idx.as_mut_ptr().cast(), b) };
        for (j, &i) in idx.iter().enumerate() {
            hist[j & 3][(i & 255) as usize] += 1;
        }
    }

    #[target_feature(enable = "avx2")]
    #[inline]
    fn hsum_pd(v: __m256d) -> f64 {
        let mut a = [0f64; 4];
        // SAFETY: `a` has room for 4 lanes.
        unsafe { _mm256_storeu_pd(a.as_mut_ptr(), v) };
        (a[0] + a[1]) + (a[2] + a[3])
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass1_f32(xs: &[f32], keys: &mut [[u32; F32_KEYS]; 4]) -> Pass1<f32> {
        let n8 = xs.len() / 8 * 8;
        let mut s0 = _mm256_setzero_pd();
        let mut s1 = _mm256_setzero_pd();
        let mut fin_count = _mm256_setzero_si256();
        let mut mn = _mm256_set1_ps(f32::INFINITY);
        let mut mx = _mm256_set1_ps(f32::NEG_INFINITY);
        let expmask = _mm256_set1_epi32(0xff);
        let zero_key = _mm256_set1_epi32(ZERO_KEY as i32);
        let mut i = 0;
        while i < n8 {
            // SAFETY: i + 8 <= n8 <= xs.len().
            let x = unsafe { _mm256_loadu_ps(xs.as_ptr().add(i)) };
            let bits = _mm256_castps_si256(x);
            let key = _mm256_srli_epi32::<23>(bits);
            let nonfinite = _mm256_cmpeq_epi32(_mm256_and_si256(key, expmask), expmask);
            let finite_ps = _mm256_castsi256_ps(_mm256_xor_si256(nonfinite, _mm256_set1_epi32(-1)));
            fin_count = _mm256_sub_epi32(fin_count, _mm256_castps_si256(finite_ps));
            let xf = _mm256_and_ps(x, finite_ps);
            s0 = _mm256_add_pd(s0, _mm256_cvtps_pd(_mm256_castps256_ps128(xf)));
            s1 = _mm256_add_pd(s1, _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(xf)));
            mn = _mm256_min_ps(
                mn,
                _mm256_blendv_ps(_mm256_set1_ps(f32::INFINITY), x, finite_ps),
            );
            mx = _mm256_max_ps(
                mx,
                _mm256_blendv_ps(_mm256_set1_ps(f32::NEG_INFINITY), x, finite_ps),
            );
            let zero = _mm256_cmpeq_epi32(_mm256_slli_epi32::<1>(bits), _mm256_setzero_si256());
            let key = _mm256_blendv_epi8(key, zero_key, zero);
            let mut idx = [0u32; 8];
            // SAFETY: `idx` has room for 8 lanes; unaligned store.
            unsafe { _mm256_storeu_si256(idx.as_mut_ptr().cast(), key) };
            for (j, &k) in idx.iter().enumerate() {
                keys[j & 3][k as usize & (F32_KEYS - 1)] += 1;
            }
            i += 8;
        }
        let mut c = [0u32; 8];
        let mut lo = [0f32; 8];
        let mut hi = [0f32; 8];
        // SAFETY: each array has room for 8 lanes.
        unsafe {
            _mm256_storeu_si256(c.as_mut_ptr().cast(), fin_count);
            _mm256_storeu_ps(lo.as_mut_ptr(), mn);
            _mm256_storeu_ps(hi.as_mut_ptr(), mx);
        }
        Pass1 {
            done: n8,
            finite: c.iter().map(|&v| u64::from(v)).sum(),
            sum: hsum_pd(s0) + hsum_pd(s1),
            min: lo.iter().copied().fold(f32::INFINITY, f32::min),
            max: hi.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        }
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass2_f32(xs: &[f32], mean: f64) -> (usize, f64) {
        let n8 = xs.len() / 8 * 8;
        let m = _mm256_set1_pd(mean);
        let expmask = _mm256_set1_epi32(0xff);
        let (mut a0, mut a1) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut i = 0;
        while i < n8 {
            // SAFETY: i + 8 <= n8 <= xs.len().
            let x = unsafe { _mm256_loadu_ps(xs.as_ptr().add(i)) };
            let expf = _mm256_and_si256(_mm256_srli_epi32::<23>(_mm256_castps_si256(x)), expmask);
            let finite = _mm256_xor_si256(_mm256_cmpeq_epi32(expf, expmask), _mm256_set1_epi32(-1));
            let f0 = _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_castsi256_si128(finite)));
            let f1 =
                _mm256_castsi256_pd(_mm256_cvtepi32_epi64(_mm256_extracti128_si256::<1>(finite)));
            let d0 = _mm256_and_pd(
                _mm256_sub_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(x)), m),
                f0,
            );
            let d1 = _mm256_and_pd(
                _mm256_sub_pd(_mm256_cvtps_pd(_mm256_extractf128_ps::<1>(x)), m),
                f1,
            );
            a0 = _mm256_add_pd(a0, _mm256_mul_pd(d0, d0));
            a1 = _mm256_add_pd(a1, _mm256_mul_pd(d1, d1));
            i += 8;
        }
        (n8, hsum_pd(a0) + hsum_pd(a1))
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass1_f64(xs: &[f64], hist: &mut [[u32; 256]; 4]) -> Pass1<f64> {
        let n8 = xs.len() / 8 * 8;
        let (mut s0, mut s1) = (_mm256_setzero_pd(), _mm256_setzero_pd());
        let mut fin_count = _mm256_setzero_si256();
        let mut mn = _mm256_set1_pd(f64::INFINITY);
        let mut mx = _mm256_set1_pd(f64::NEG_INFINITY);
        let expmask = _mm256_set1_epi64x(0x7ff);
        // Gathers the low 32 bits of each 64-bit lane of two vectors into one.
        let pack = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
        let mut i = 0;
        while i < n8 {
            // Exponent, zero and sign of 8 values, packed from 64-bit to 32-bit lanes so
            // the histogram bins are computed as for float32.
            let (mut e8, mut z8, mut s8) = ([0i32; 8], [0i32; 8], [0i32; 8]);
            for h in 0..2 {
                // SAFETY: i + 8 <= n8 <= xs.len().
                let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(i + 4 * h)) };
                let bits = _mm256_castpd_si256(x);
                let expf = _mm256_and_si256(_mm256_srli_epi64::<52>(bits), expmask);
                let nonfinite = _mm256_cmpeq_epi64(expf, expmask);
                let finite =
                    _mm256_castsi256_pd(_mm256_xor_si256(nonfinite, _mm256_set1_epi64x(-1)));
                fin_count = _mm256_sub_epi64(fin_count, _mm256_castpd_si256(finite));
                let xf = _mm256_and_pd(x, finite);
                if h == 0 {
                    s0 = _mm256_add_pd(s0, xf);
                } else {
                    s1 = _mm256_add_pd(s1, xf);
                }
                mn = _mm256_min_pd(
                    mn,
                    _mm256_blendv_pd(_mm256_set1_pd(f64::INFINITY), x, finite),
                );
                mx = _mm256_max_pd(
                    mx,
                    _mm256_blendv_pd(_mm256_set1_pd(f64::NEG_INFINITY), x, finite),
                );
                let zero = _mm256_cmpeq_epi64(_mm256_slli_epi64::<1>(bits), _mm256_setzero_si256());
                let neg = _mm256_cmpgt_epi64(_mm256_setzero_si256(), bits);
                let take = |v: __m256i, into: &mut [i32; 8]| {
                    let mut a = [0i32; 8];
                    // SAFETY: `a` has room for 8 lanes.
                    unsafe {
                        _mm256_storeu_si256(
                            a.as_mut_ptr().cast(),
                            _mm256_permutevar8x32_epi32(v, pack),
                        )
                    };
                    into[4 * h..4 * h + 4].copy_from_slice(&a[..4]);
                };
                take(expf, &mut e8);
                take(zero, &mut z8);
                take(neg, &mut s8);
            }
            // SAFETY: the arrays have room for 8 lanes.
            let (e, z, s) = unsafe {
                (
                    _mm256_loadu_si256(e8.as_ptr().cast()),
                    _mm256_loadu_si256(z8.as_ptr().cast()),
                    _mm256_loadu_si256(s8.as_ptr().cast()),
                )
            };
            let nonfinite = _mm256_cmpeq_epi32(e, _mm256_set1_epi32(0x7ff));
            count(hist, bins(e, 1023, s, z, nonfinite));
            i += 8;
        }
        let mut c = [0u64; 4];
        let mut lo = [0f64; 4];
        let mut hi = [0f64; 4];
        // SAFETY: each array has room for 4 lanes.
        unsafe {
            _mm256_storeu_si256(c.as_mut_ptr().cast(), fin_count);
            _mm256_storeu_pd(lo.as_mut_ptr(), mn);
            _mm256_storeu_pd(hi.as_mut_ptr(), mx);
        }
        Pass1 {
            done: n8,
            finite: c.iter().sum(),
            sum: hsum_pd(s0) + hsum_pd(s1),
            min: lo.iter().copied().fold(f64::INFINITY, f64::min),
            max: hi.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// # Safety
    /// The CPU must support AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn pass2_f64(xs: &[f64], mean: f64) -> (usize, f64) {
        let n4 = xs.len() / 4 * 4;
        let m = _mm256_set1_pd(mean);
        let expmask = _mm256_set1_epi64x(0x7ff);
        let mut acc = _mm256_setzero_pd();
        let mut i = 0;
        while i < n4 {
            // SAFETY: i + 4 <= n4 <= xs.len().
            let x = unsafe { _mm256_loadu_pd(xs.as_ptr().add(i)) };
            let expf = _mm256_and_si256(_mm256_srli_epi64::<52>(_mm256_castpd_si256(x)), expmask);
            let finite =
                _mm256_xor_si256(_mm256_cmpeq_epi64(expf, expmask), _mm256_set1_epi64x(-1));
            let d = _mm256_and_pd(_mm256_sub_pd(x, m), _mm256_castsi256_pd(finite));
            acc = _mm256_add_pd(acc, _mm256_mul_pd(d, d));
            i += 4;
        }
        (n4, hsum_pd(acc))
    }
}
