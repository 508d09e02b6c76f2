//! Fused float32 row kernels for [`softmax`](super::softmax) and
//! [`log_softmax`](super::log_softmax) of float32 inputs, and the vectorisable `exp`
//! they use.
//!
//! A row is read three times but only the first read comes from memory: one pass finds
//! its maximum `m`, one computes `exp(x − m)` into the output while summing it, and one
//! scales the output (log-softmax overwrites the exponentials with `x − m − ln s`).
//!
//! The kernels are written once against [`pulp::Simd`]; [`pulp::Arch::dispatch`] runs
//! the copy compiled for the best instruction set the CPU has (AVX2 + FMA, detected at
//! run time, no `-C target-cpu`), or the scalar copy elsewhere.
//!
//! `exp` is Cephes' `expf`: `x = n·ln 2 + r` with `|r| ≤ ln 2 / 2`, a degree-6 polynomial
//! for `e^r`, and `2^n` assembled from exponent bits, in two factors so that results
//! down to the subnormals come out right. It is within 2 ulp of the correctly rounded
//! value over the whole float32 range (tested below), gives exactly 0 for `−inf` and
//! anything below about −104, `+inf` above about 88.7, and NaN for NaN.
//!
//! ```
//! use ndplay_core::{Array, DType};
//! let x = Array::from_vec(vec![1.0f32, 2.0, 3.0], &[3]).unwrap();
//! let p = ndplay_linalg::ml::softmax(&x, 0).unwrap();
//! assert_eq!(p.dtype(), DType::Float32);
//! let s: f32 = p.to_vec::<f32>().iter().sum();
//! assert!((s - 1.0).abs() < 1e-6);
//! ```

use pulp::{Arch, Simd, WithSimd};
use rayon::prelude::*;

use super::PARALLEL_MIN;

/// `1.5 · 2^23`: adding it to a float in `[−2^22, 2^22]` rounds the float to an integer
/// (to nearest, ties to even) held in the low mantissa bits of the sum.
const ROUND: f32 = 12_582_912.0;

/// The most floats in one SIMD vector of any pulp backend (AVX-512).
const MAX_LANES: usize = 16;

/// `e^x` of every lane; see the module docs.
#[inline(always)]
fn exp<S: Simd>(s: S, x: S::f32s) -> S::f32s {
    let f = |v: f32| s.splat_f32s(v);
    // Clamped by selects whose comparisons are false for NaN, so NaN passes through and
    // poisons the polynomial (a min/max would turn it into a bound on some backends).
    let (lo, hi) = (f(-104.0), f(88.8));
    let x = s.select_f32s(s.less_than_f32s(x, lo), lo, x);
    let x = s.select_f32s(s.greater_than_f32s(x, hi), hi, x);
    let n = s.sub_f32s(
        s.mul_add_e_f32s(x, f(std::f32::consts::LOG2_E), f(ROUND)),
        f(ROUND),
    );
    // ln 2 in two parts; the first has few enough bits that n·LN2_HI is exact.
    let r = s.mul_add_e_f32s(n, f(-0.693_359_4), x);
    let r = s.mul_add_e_f32s(n, f(2.121_944_4e-4), r);
    let mut p = f(1.987_569_1e-4);
    for c in [
        1.398_199_9e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        1.666_666_5e-1,
        0.5,
    ] {
        p = s.mul_add_e_f32s(p, r, f(c));
    }
    let y = s.add_f32s(s.mul_add_e_f32s(s.mul_f32s(p, r), r, r), f(1.0));
    // 2^n with n in [−150, 128] as 2^a · 2^b, a = round(n / 2), both factors normal
    // floats, so that results down to the subnormals round once, correctly. A factor's
    // exponent bits are k + 127 (read off the low bits of k + 127 + ROUND) times 2^23.
    let a = s.sub_f32s(s.mul_add_e_f32s(n, f(0.5), f(ROUND)), f(ROUND));
    let b = s.sub_f32s(n, a);
    let pow2 = |k: S::f32s| {
        let biased = s.transmute_u32s_f32s(s.add_f32s(k, f(127.0 + ROUND)));
        let k127 = s.sub_u32s(biased, s.splat_u32s(ROUND.to_bits()));
        s.transmute_f32s_u32s(s.mul_u32s(k127, s.splat_u32s(1 << 23)))
    };
    s.mul_f32s(s.mul_f32s(y, pow2(a)), pow2(b))
}

/// One row of softmax (`log = false`) or log-softmax of `x` into `out`.
#[inline(always)]
fn row<S: Simd>(s: S, out: &mut [f32], x: &[f32], log: bool) {
    let (xv, xt) = S::as_simd_f32s(x);
    // The maximum, ignoring NaN as `f64::max` does in the loop twin: every backend's
    // max returns its second operand, the running maximum, when the first is NaN.
    let mut acc = s.splat_f32s(f32::NEG_INFINITY);
    for &v in xv {
        acc = s.max_f32s(v, acc);
    }
    let m = xt.iter().fold(s.reduce_max_f32s(acc), |a, &b| a.max(b));
    let mv = s.splat_f32s(m);

    // exp(x − m) into `out`, summed. The tail goes through the same vector code, padded
    // with −inf, whose exponential adds nothing.
    let (ov, ot) = S::as_mut_simd_f32s(out);
    let mut sum = s.splat_f32s(0.0);
    for (o, &v) in ov.iter_mut().zip(xv) {
        *o = exp(s, s.sub_f32s(v, mv));
        sum = s.add_f32s(sum, *o);
    }
    if !xt.is_empty() {
        let mut buf = [f32::NEG_INFINITY; MAX_LANES];
        buf[..xt.len()].copy_from_slice(xt);
        let e = exp(s, s.sub_f32s(S::as_simd_f32s(&buf).0[0], mv));
        sum = s.add_f32s(sum, e);
        S::as_mut_simd_f32s(&mut buf).0[0] = e;
        ot.copy_from_slice(&buf[..ot.len()]);
    }
    let total = s.reduce_sum_f32s(sum);

    if log {
        // The exponentials were needed only for their sum.
        let ls = s.splat_f32s(total.ln());
        for (o, &v) in ov.iter_mut().zip(xv) {
            *o = s.sub_f32s(s.sub_f32s(v, mv), ls);
        }
        for (o, &v) in ot.iter_mut().zip(xt) {
            *o = v - m - total.ln();
        }
    } else {
        let inv = 1.0 / total;
        for o in ov.iter_mut() {
            *o = s.mul_f32s(*o, s.splat_f32s(inv));
        }
        ot.iter_mut().for_each(|o| *o *= inv);
    }
}

/// Rows of `len` elements of `src` into `out`, as a [`pulp::WithSimd`] operation: pulp
/// calls `with_simd` from a function compiled with the detected instruction set, and
/// everything below it is `#[inline(always)]` so that it is compiled with it too.
struct Rows<'a> {
    out: &'a mut [f32],
    src: &'a [f32],
    len: usize,
    log: bool,
}

impl WithSimd for Rows<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, s: S) {
        for r in 0..self.src.len() / self.len {
            let span = r * self.len..(r + 1) * self.len;
            row(s, &mut self.out[span.clone()], &self.src[span], self.log);
        }
    }
}

/// Softmax or log-softmax of every row of `len` elements of `src` into `out`: rows in
/// parallel when the array is large, each row fused as the module docs say.
pub(crate) fn softmax_rows_f32(out: &mut [f32], src: &[f32], len: usize, log: bool) {
    if len == 0 {
        return;
    }
    let arch = Arch::new();
    let rows = |out: &mut [f32], src: &[f32]| arch.dispatch(Rows { out, src, len, log });
    if out.len() >= PARALLEL_MIN {
        // Tasks of at least ~16K elements, so that rayon's bookkeeping stays small
        // against the work even for short rows.
        let per_task = len * (16_384 / len).max(1);
        out.par_chunks_mut(per_task)
            .zip(src.par_chunks(per_task))
            .for_each(|(o, s)| rows(o, s));
    } else {
        rows(out, src);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`exp`] of each float, through the dispatched SIMD code like the kernels.
    fn exp_f32(x: f32) -> f32 {
        struct One(f32);
        impl WithSimd for One {
            type Output = f32;
            #[inline(always)]
            fn with_simd<S: Simd>(self, s: S) -> f32 {
                let mut buf = [self.0; MAX_LANES];
                let e = exp(s, S::as_simd_f32s(&buf).0[0]);
                S::as_mut_simd_f32s(&mut buf).0[0] = e;
                buf[0]
            }
        }
        Arch::new().dispatch(One(x))
    }

    /// Distance in units in the last place between two finite floats of the same sign.
    fn ulps(a: f32, b: f32) -> u32 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
    }

    #[test]
    fn exp_is_within_two_ulp_everywhere() {
        let mut worst = (0, 0.0f32);
        // Every 97th float32 from −104 to 88.7 (about 20 million values).
        let (lo, hi) = ((-104.0f32).to_bits(), 88.7f32.to_bits());
        let negatives = (0..=lo).rev().step_by(97).map(f32::from_bits);
        let positives = (0..=hi).step_by(97).map(f32::from_bits);
        for x in negatives
            .chain(positives)
            .chain([-0.0, 0.0, 1.0, -1.0, 88.72])
        {
            let want = (x as f64).exp() as f32;
            let got = exp_f32(x);
            let d = ulps(got, want);
            if d > worst.0 {
                worst = (d, x);
            }
        }
        assert!(
            worst.0 <= 2,
            "exp_f32 is {} ulp off at {}",
            worst.0,
            worst.1
        );
    }

    #[test]
    fn exp_special_values() {
        assert_eq!(exp_f32(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_f32(-1e30), 0.0);
        assert_eq!(exp_f32(-104.0), 0.0);
        assert_eq!(exp_f32(0.0), 1.0);
        assert_eq!(exp_f32(f32::INFINITY), f32::INFINITY);
        assert_eq!(exp_f32(89.0), f32::INFINITY);
        assert!(exp_f32(f32::NAN).is_nan());
        // Subnormal results: e^−100 ≈ 3.72e−44 = 26.6 · 2^−149.
        assert_eq!(exp_f32(-100.0), ((-100.0f64).exp()) as f32);
    }

    #[test]
    fn rows_of_odd_lengths_match_the_formula() {
        for len in [1usize, 2, 15, 16, 17, 31, 33, 1000] {
            let x: Vec<f32> = (0..3 * len)
                .map(|i| ((i * 7919 % 1013) as f32 - 500.0) / 7.0)
                .collect();
            let mut out = vec![0.0; x.len()];
            softmax_rows_f32(&mut out, &x, len, false);
            for (o, r) in out.chunks(len).zip(x.chunks(len)) {
                let m = r.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b as f64));
                let s: f64 = r.iter().map(|&v| (v as f64 - m).exp()).sum();
                for (&got, &v) in o.iter().zip(r) {
                    let want = (v as f64 - m).exp() / s;
                    // `x − m` rounds to float32 (as in NumPy): a relative error of up to
                    // |x − m|·2^−24 in the exponential, on top of a few ulp.
                    let rtol = 1e-6 + (v as f64 - m).abs() * 6e-8;
                    assert!(
                        (got as f64 - want).abs() <= rtol * want + 1e-44,
                        "{len}: {got} vs {want}"
                    );
                }
            }
        }
    }
}
