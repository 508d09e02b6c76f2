//! The sampling algorithms, written once over any [`BitGenerator`].
//!
//! Each function follows NumPy's `distributions.c` (or `legacy-distributions.c`)
//! operation for operation, including the order of floating-point operations and
//! the precision each step runs in, because that is what makes the streams match
//! bit for bit:
//!
//! - [`standard_normal`] / [`standard_normal_f32`]: the 256-layer ziggurat, with
//!   the exponential tail beyond `r` and the wedge test against `exp(-x²/2)`.
//! - [`standard_exponential`] / [`standard_exponential_f32`]: the exponential ziggurat.
//! - [`legacy_gauss`]: the Marsaglia polar method of `RandomState`, which caches
//!   its second value.
//! - [`random_interval`]: masked rejection in `[0, max]`, the draw behind every
//!   shuffle and permutation.
//!
//! ```
//! use ndplay_random::{distributions, Pcg64};
//!
//! let mut bg = Pcg64::new(42u64).unwrap();
//! let x = distributions::standard_normal(&mut bg);
//! assert_eq!(x, 0.30471707975443135); // np.random.default_rng(42).standard_normal()
//! ```

use crate::bit_generator::BitGenerator;
use crate::ziggurat_tables::*;

/// `random_standard_normal`: NumPy's double-precision ziggurat.
pub fn standard_normal<B: BitGenerator + ?Sized>(bg: &mut B) -> f64 {
    loop {
        let r0 = bg.next_u64();
        let idx = (r0 & 0xff) as usize;
        let r = r0 >> 8;
        let sign = r & 1;
        let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
        let mut x = rabs as f64 * WI_DOUBLE[idx];
        if sign == 1 {
            x = -x;
        }
        if rabs < KI_DOUBLE[idx] {
            return x;
        }
        if idx == 0 {
            loop {
                // 1 - U avoids log(0) (NumPy gh-13361).
                let xx = -ZIGGURAT_NOR_INV_R * (-bg.next_f64()).ln_1p();
                let yy = -(-bg.next_f64()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 1 == 1 {
                        -(ZIGGURAT_NOR_R + xx)
                    } else {
                        ZIGGURAT_NOR_R + xx
                    };
                }
            }
        }
        if (FI_DOUBLE[idx - 1] - FI_DOUBLE[idx]) * bg.next_f64() + FI_DOUBLE[idx]
            < (-0.5 * x * x).exp()
        {
            return x;
        }
    }
}

/// `random_standard_normal_f`: the single-precision ziggurat (one 32-bit draw per try).
pub fn standard_normal_f32<B: BitGenerator + ?Sized>(bg: &mut B) -> f32 {
    loop {
        let r = bg.next_u32();
        let idx = (r & 0xff) as usize;
        let sign = (r >> 8) & 1;
        let rabs = (r >> 9) & 0x007f_ffff;
        let mut x = rabs as f32 * WI_FLOAT[idx];
        if sign == 1 {
            x = -x;
        }
        if rabs < KI_FLOAT[idx] {
            return x;
        }
        if idx == 0 {
            loop {
                let xx = -ZIGGURAT_NOR_INV_R_F * (-bg.next_f32()).ln_1p();
                let yy = -(-bg.next_f32()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 1 == 1 {
                        -(ZIGGURAT_NOR_R_F + xx)
                    } else {
                        ZIGGURAT_NOR_R_F + xx
                    };
                }
            }
        }
        // The wedge value is a float; NumPy compares it against exp() in double.
        let wedge = (FI_FLOAT[idx - 1] - FI_FLOAT[idx]) * bg.next_f32() + FI_FLOAT[idx];
        let xd = f64::from(x);
        if f64::from(wedge) < (-0.5 * xd * xd).exp() {
            return x;
        }
    }
}

/// `random_standard_exponential`: the double-precision exponential ziggurat.
pub fn standard_exponential<B: BitGenerator + ?Sized>(bg: &mut B) -> f64 {
    loop {
        let ri0 = bg.next_u64() >> 3;
        let idx = (ri0 & 0xff) as usize;
        let ri = ri0 >> 8;
        let x = ri as f64 * WE_DOUBLE[idx];
        if ri < KE_DOUBLE[idx] {
            return x;
        }
        if idx == 0 {
            return ZIGGURAT_EXP_R - (-bg.next_f64()).ln_1p();
        }
        if (FE_DOUBLE[idx - 1] - FE_DOUBLE[idx]) * bg.next_f64() + FE_DOUBLE[idx] < (-x).exp() {
            return x;
        }
    }
}

/// `random_standard_exponential_f`: the single-precision exponential ziggurat.
pub fn standard_exponential_f32<B: BitGenerator + ?Sized>(bg: &mut B) -> f32 {
    loop {
        let ri0 = bg.next_u32() >> 1;
        let idx = (ri0 & 0xff) as usize;
        let ri = ri0 >> 8;
        let x = ri as f32 * WE_FLOAT[idx];
        if ri < KE_FLOAT[idx] {
            return x;
        }
        if idx == 0 {
            return ZIGGURAT_EXP_R_F - (-bg.next_f32()).ln_1p();
        }
        if (FE_FLOAT[idx - 1] - FE_FLOAT[idx]) * bg.next_f32() + FE_FLOAT[idx] < (-x).exp() {
            return x;
        }
    }
}

/// `legacy_gauss`: the polar method of `RandomState`. Each accepted pair yields
/// two normals; the second is kept in `cache` for the next call.
pub fn legacy_gauss<B: BitGenerator + ?Sized>(bg: &mut B, cache: &mut Option<f64>) -> f64 {
    if let Some(g) = cache.take() {
        return g;
    }
    let (x1, x2, r2) = loop {
        let x1 = 2.0 * bg.next_f64() - 1.0;
        let x2 = 2.0 * bg.next_f64() - 1.0;
        let r2 = x1 * x1 + x2 * x2;
        if r2 < 1.0 && r2 != 0.0 {
            break (x1, x2, r2);
        }
    };
    let f = (-2.0 * r2.ln() / r2).sqrt();
    *cache = Some(f * x1);
    f * x2
}

/// `random_interval`: a value in `[0, max]` by masked rejection, from a 32-bit
/// draw when `max` fits in 32 bits. Used by shuffle and permutation.
pub fn random_interval<B: BitGenerator + ?Sized>(bg: &mut B, max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let mask = gen_mask(max);
    if max <= 0xffff_ffff {
        loop {
            let v = u64::from(bg.next_u32()) & mask;
            if v <= max {
                return v;
            }
        }
    }
    loop {
        let v = bg.next_u64() & mask;
        if v <= max {
            return v;
        }
    }
}

/// Smallest all-ones bit mask `>= max`.
#[inline]
pub(crate) fn gen_mask(max: u64) -> u64 {
    if max == 0 {
        0
    } else {
        u64::MAX >> max.leading_zeros()
    }
}
