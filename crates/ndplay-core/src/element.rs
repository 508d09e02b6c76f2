//! Typed elements: the Rust type behind each numeric dtype, conversions between them with
//! NumPy's casting arithmetic, and the per-type arithmetic the kernels are generic over.
//!
//! Kernels are monomorphised per element type; [`with_numeric!`](crate::with_numeric)
//! turns a runtime [`DType`] into a type once per operation, never per element.
//!
//! ```
//! use ndplay_core::element::{Element, Num};
//! assert_eq!(<i8 as Num>::floor_div(-7, 2), -4);       // Python floor division
//! assert_eq!(<f64 as Num>::rem(-7.0, 2.0), 1.0);        // sign of the divisor
//! assert_eq!(<u8 as Element>::from_wide(300i64.into()), 44); // wraps like C
//! ```

use half::f16;
use num_complex::Complex;

use crate::dtype::DType;

/// `complex64`'s Rust type.
pub type C64 = Complex<f32>;
/// `complex128`'s Rust type.
pub type C128 = Complex<f64>;

/// A value in the widest type of its kind, the hub every cast goes through.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Wide {
    /// A bool.
    Bool(bool),
    /// A signed integer.
    I(i64),
    /// An unsigned integer.
    U(u64),
    /// A real float.
    F(f64),
    /// A complex number.
    C(C128),
}

impl From<i64> for Wide {
    fn from(v: i64) -> Wide {
        Wide::I(v)
    }
}

impl From<f64> for Wide {
    fn from(v: f64) -> Wide {
        Wide::F(v)
    }
}

/// x86's truncating conversion, which NumPy's casts compile to: NaN and out-of-range
/// values become `i64::MIN`.
fn f64_to_i64(x: f64) -> i64 {
    if x.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x) {
        i64::MIN
    } else {
        x as i64
    }
}

fn f64_to_i32(x: f64) -> i32 {
    if x.is_nan() || x >= 2_147_483_648.0 || x <= -2_147_483_649.0 {
        i32::MIN
    } else {
        x as i32
    }
}

fn f64_to_u64(x: f64) -> u64 {
    if (9.223_372_036_854_776e18..1.844_674_407_370_955_2e19).contains(&x) {
        (x - 9.223_372_036_854_776e18) as u64 + (1u64 << 63)
    } else {
        f64_to_i64(x) as u64
    }
}

impl Wide {
    fn as_i64(self) -> i64 {
        match self {
            Wide::Bool(b) => b as i64,
            Wide::I(v) => v,
            Wide::U(v) => v as i64,
            Wide::F(v) => f64_to_i64(v),
            Wide::C(c) => f64_to_i64(c.re),
        }
    }
    fn as_i32(self) -> i32 {
        match self {
            Wide::F(v) => f64_to_i32(v),
            Wide::C(c) => f64_to_i32(c.re),
            other => other.as_i64() as i32,
        }
    }
    fn as_u64(self) -> u64 {
        match self {
            Wide::U(v) => v,
            Wide::F(v) => f64_to_u64(v),
            Wide::C(c) => f64_to_u64(c.re),
            other => other.as_i64() as u64,
        }
    }
    /// The value as `f64` (complex: the real part).
    pub fn as_f64(self) -> f64 {
        match self {
            Wide::Bool(b) => b as u8 as f64,
            Wide::I(v) => v as f64,
            Wide::U(v) => v as f64,
            Wide::F(v) => v,
            Wide::C(c) => c.re,
        }
    }
    fn as_c128(self) -> C128 {
        match self {
            Wide::C(c) => c,
            other => C128::new(other.as_f64(), 0.0),
        }
    }
    /// Truthiness, as `bool(x)` / `x != 0`.
    pub fn is_nonzero(self) -> bool {
        match self {
            Wide::Bool(b) => b,
            Wide::I(v) => v != 0,
            Wide::U(v) => v != 0,
            Wide::F(v) => v != 0.0,
            Wide::C(c) => c.re != 0.0 || c.im != 0.0,
        }
    }
}

/// A Rust type that stores one numeric dtype.
pub trait Element: Copy + Send + Sync + 'static + std::fmt::Debug {
    /// The dtype this type stores.
    const DTYPE: DType;
    /// Widen for casting.
    fn to_wide(self) -> Wide;
    /// Narrow from any value with C cast semantics (wrap integers, truncate floats).
    fn from_wide(w: Wide) -> Self;
    /// Reads one element at a byte pointer that may be unaligned.
    ///
    /// # Safety
    /// `ptr` must point to `size_of::<Self>()` readable bytes.
    #[allow(unsafe_code)]
    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: guaranteed by the caller.
        unsafe { ptr.cast::<Self>().read_unaligned() }
    }
    /// Writes one element at a byte pointer that may be unaligned.
    ///
    /// # Safety
    /// `ptr` must point to `size_of::<Self>()` writable bytes.
    #[allow(unsafe_code)]
    #[inline(always)]
    unsafe fn store(self, ptr: *mut u8) {
        // SAFETY: guaranteed by the caller.
        unsafe { ptr.cast::<Self>().write_unaligned(self) }
    }
}

macro_rules! int_element {
    ($($t:ty => $dt:ident, $wide:ident, $conv:ident);* $(;)?) => {$(
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            #[inline(always)]
            fn to_wide(self) -> Wide { Wide::$wide(self as _) }
            #[inline(always)]
            fn from_wide(w: Wide) -> Self { w.$conv() as $t }
        }
    )*};
}

int_element! {
    i8 => Int8, I, as_i32;
    i16 => Int16, I, as_i32;
    i32 => Int32, I, as_i32;
    i64 => Int64, I, as_i64;
    u8 => UInt8, U, as_i32;
    u16 => UInt16, U, as_i32;
    u32 => UInt32, U, as_i64;
    u64 => UInt64, U, as_u64;
}

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::Bool(self)
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        w.is_nonzero()
    }
    #[allow(unsafe_code)]
    #[inline(always)]
    unsafe fn load(ptr: *const u8) -> Self {
        // SAFETY: the caller guarantees one readable byte; any non-zero byte is `True`,
        // as NumPy reads foreign bool buffers, so no invalid `bool` is ever formed.
        unsafe { ptr.read() != 0 }
    }
}

impl Element for f64 {
    const DTYPE: DType = DType::Float64;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::F(self)
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        w.as_f64()
    }
}

impl Element for f32 {
    const DTYPE: DType = DType::Float32;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::F(self as f64)
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        match w {
            Wide::I(v) => v as f32,
            Wide::U(v) => v as f32,
            other => other.as_f64() as f32,
        }
    }
}

impl Element for f16 {
    const DTYPE: DType = DType::Float16;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::F(self.to_f64())
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        f16::from_f64(w.as_f64())
    }
}

impl Element for C64 {
    const DTYPE: DType = DType::Complex64;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::C(C128::new(self.re as f64, self.im as f64))
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        let c = w.as_c128();
        C64::new(c.re as f32, c.im as f32)
    }
}

impl Element for C128 {
    const DTYPE: DType = DType::Complex128;
    #[inline(always)]
    fn to_wide(self) -> Wide {
        Wide::C(self)
    }
    #[inline(always)]
    fn from_wide(w: Wide) -> Self {
        w.as_c128()
    }
}

/// Runs `$body` with `$T` bound to the Rust type of a numeric dtype.
///
/// # Panics
/// On `DType::Str`, `DType::Record` and `DType::Object`: callers check for them first.
#[macro_export]
macro_rules! with_numeric {
    ($dtype:expr, $T:ident => $body:expr) => {{
        use $crate::element::{C64 as __C64, C128 as __C128};
        match $dtype {
            $crate::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::DType::Int8 => {
                type $T = i8;
                $body
            }
            $crate::DType::Int16 => {
                type $T = i16;
                $body
            }
            $crate::DType::Int32 => {
                type $T = i32;
                $body
            }
            $crate::DType::Int64 => {
                type $T = i64;
                $body
            }
            $crate::DType::UInt8 => {
                type $T = u8;
                $body
            }
            $crate::DType::UInt16 => {
                type $T = u16;
                $body
            }
            $crate::DType::UInt32 => {
                type $T = u32;
                $body
            }
            $crate::DType::UInt64 => {
                type $T = u64;
                $body
            }
            $crate::DType::Float16 => {
                type $T = half::f16;
                $body
            }
            $crate::DType::Float32 => {
                type $T = f32;
                $body
            }
            $crate::DType::Float64 => {
                type $T = f64;
                $body
            }
            $crate::DType::Complex64 => {
                type $T = __C64;
                $body
            }
            $crate::DType::Complex128 => {
                type $T = __C128;
                $body
            }
            $crate::DType::Str(_) | $crate::DType::Record(_) | $crate::DType::Object => {
                unreachable!("string and structured dtypes are handled before numeric dispatch")
            }
        }
    }};
}

/// Runs `$body` with `$T` bound to the Rust type of a real float dtype (f16/f32/f64).
#[macro_export]
macro_rules! with_float {
    ($dtype:expr, $T:ident => $body:expr) => {{
        match $dtype {
            $crate::DType::Float16 => {
                type $T = half::f16;
                $body
            }
            $crate::DType::Float32 => {
                type $T = f32;
                $body
            }
            $crate::DType::Float64 => {
                type $T = f64;
                $body
            }
            other => unreachable!("with_float! on {other}"),
        }
    }};
}

/// Arithmetic with NumPy's per-type semantics. Integer arithmetic wraps, as NumPy's does;
/// operations a type does not support are refused by type resolution before a kernel runs,
/// so their bodies here are never reached.
pub trait Num: Element + PartialEq {
    /// Additive identity.
    fn zero() -> Self;
    /// Multiplicative identity.
    fn one() -> Self;
    /// `a + b` (bool: or).
    fn add(a: Self, b: Self) -> Self;
    /// `a - b`.
    fn sub(a: Self, b: Self) -> Self;
    /// `a * b` (bool: and).
    fn mul(a: Self, b: Self) -> Self;
    /// `a * a` (`np.square`).
    fn square(a: Self) -> Self {
        Self::mul(a, a)
    }
    /// `a / b` for inexact types.
    fn div(a: Self, b: Self) -> Self;
    /// `a // b`, Python's floor division (integer division by zero gives 0).
    fn floor_div(a: Self, b: Self) -> Self;
    /// `a % b`, with the sign of the divisor.
    fn rem(a: Self, b: Self) -> Self;
    /// `a ** b`.
    fn power(a: Self, b: Self) -> Self;
    /// `np.maximum`: NaN propagates.
    fn max_nan(a: Self, b: Self) -> Self;
    /// `np.minimum`: NaN propagates.
    fn min_nan(a: Self, b: Self) -> Self;
    /// `a < b` in NumPy's order (complex: lexicographic).
    fn less(a: Self, b: Self) -> bool;
    /// `a <= b`.
    fn less_eq(a: Self, b: Self) -> bool;
    /// `-a` (wrapping).
    fn negate(a: Self) -> Self;
    /// `|a|` in the same type (complex handled separately).
    fn absolute(a: Self) -> Self;
    /// `np.sign`.
    fn np_sign(a: Self) -> Self;
    /// True for NaN (and complex with a NaN part).
    fn is_nan(a: Self) -> bool;
    /// True for ±inf.
    fn is_inf(a: Self) -> bool;
    /// Bitwise and (bool/int only).
    fn bitand(a: Self, b: Self) -> Self;
    /// Bitwise or.
    fn bitor(a: Self, b: Self) -> Self;
    /// Bitwise xor.
    fn bitxor(a: Self, b: Self) -> Self;
    /// Bitwise not (bool: logical not).
    fn invert(a: Self) -> Self;
    /// `a << b` as NumPy's `left_shift`: 0 once `b` reaches the bit width (or is
    /// negative). Integers only; the other types never reach it (no loop).
    fn shl(a: Self, b: Self) -> Self;
    /// `a >> b` as NumPy's `right_shift`: arithmetic for signed types; past the bit
    /// width (or negative `b`), 0, or -1 for a negative `a`.
    fn shr(a: Self, b: Self) -> Self;
    /// `a != 0`.
    fn nonzero(a: Self) -> bool;
    /// Lossless view as f64 for statistics (complex: real part).
    fn to_f64(a: Self) -> f64;
}

macro_rules! int_num {
    ($($t:ty, $signed:expr);* $(;)?) => {$(
        impl Num for $t {
            #[inline(always)] fn zero() -> Self { 0 }
            #[inline(always)] fn one() -> Self { 1 }
            #[inline(always)] fn add(a: Self, b: Self) -> Self { a.wrapping_add(b) }
            #[inline(always)] fn sub(a: Self, b: Self) -> Self { a.wrapping_sub(b) }
            #[inline(always)] fn mul(a: Self, b: Self) -> Self { a.wrapping_mul(b) }
            #[inline(always)] fn div(a: Self, b: Self) -> Self { if b == 0 { 0 } else { a.wrapping_div(b) } }
            #[inline(always)]
            fn floor_div(a: Self, b: Self) -> Self {
                if b == 0 { return 0; }
                let q = a.wrapping_div(b);
                #[allow(unused_comparisons)]
                let adjust = $signed && (a.wrapping_rem(b) != 0) && ((a < 0) != (b < 0));
                if adjust { q.wrapping_sub(1) } else { q }
            }
            #[inline(always)]
            fn rem(a: Self, b: Self) -> Self {
                if b == 0 { return 0; }
                let r = a.wrapping_rem(b);
                #[allow(unused_comparisons)]
                let adjust = $signed && r != 0 && ((r < 0) != (b < 0));
                if adjust { r.wrapping_add(b) } else { r }
            }
            #[inline(always)]
            fn power(a: Self, b: Self) -> Self {
                #[allow(unused_comparisons)]
                if b < 0 { return 0; }
                let (mut base, mut exp, mut acc) = (a, b as u64, 1 as $t);
                while exp > 0 {
                    if exp & 1 == 1 { acc = acc.wrapping_mul(base); }
                    base = base.wrapping_mul(base);
                    exp >>= 1;
                }
                acc
            }
            #[inline(always)] fn max_nan(a: Self, b: Self) -> Self { if a >= b { a } else { b } }
            #[inline(always)] fn min_nan(a: Self, b: Self) -> Self { if a <= b { a } else { b } }
            #[inline(always)] fn less(a: Self, b: Self) -> bool { a < b }
            #[inline(always)] fn less_eq(a: Self, b: Self) -> bool { a <= b }
            #[inline(always)] fn negate(a: Self) -> Self { (0 as $t).wrapping_sub(a) }
            #[inline(always)]
            fn absolute(a: Self) -> Self {
                #[allow(unused_comparisons)]
                if a < 0 { (0 as $t).wrapping_sub(a) } else { a }
            }
            #[inline(always)]
            fn np_sign(a: Self) -> Self {
                #[allow(unused_comparisons)]
                if a > 0 { 1 } else if a < 0 { (0 as $t).wrapping_sub(1) } else { 0 }
            }
            #[inline(always)] fn is_nan(_: Self) -> bool { false }
            #[inline(always)] fn is_inf(_: Self) -> bool { false }
            #[inline(always)] fn bitand(a: Self, b: Self) -> Self { a & b }
            #[inline(always)] fn bitor(a: Self, b: Self) -> Self { a | b }
            #[inline(always)] fn bitxor(a: Self, b: Self) -> Self { a ^ b }
            #[inline(always)] fn invert(a: Self) -> Self { !a }
            #[inline(always)]
            fn shl(a: Self, b: Self) -> Self {
                let bits = <$t>::BITS as i128;
                if (0..bits).contains(&(b as i128)) { a << (b as u32) } else { 0 }
            }
            #[inline(always)]
            fn shr(a: Self, b: Self) -> Self {
                let bits = <$t>::BITS as i128;
                #[allow(unused_comparisons)]
                if (0..bits).contains(&(b as i128)) {
                    a >> (b as u32)
                } else if a < 0 {
                    (0 as $t).wrapping_sub(1)
                } else {
                    0
                }
            }
            #[inline(always)] fn nonzero(a: Self) -> bool { a != 0 }
            #[inline(always)] fn to_f64(a: Self) -> f64 { a as f64 }
        }
    )*};
}

int_num! { i8, true; i16, true; i32, true; i64, true; u8, false; u16, false; u32, false; u64, false }

impl Num for bool {
    fn zero() -> Self {
        false
    }
    fn one() -> Self {
        true
    }
    fn add(a: Self, b: Self) -> Self {
        a | b
    }
    fn sub(a: Self, b: Self) -> Self {
        a ^ b
    }
    fn mul(a: Self, b: Self) -> Self {
        a & b
    }
    fn div(a: Self, _: Self) -> Self {
        a
    }
    fn floor_div(a: Self, b: Self) -> Self {
        a & b
    }
    fn rem(_: Self, _: Self) -> Self {
        false
    }
    fn power(a: Self, b: Self) -> Self {
        a | !b
    }
    fn max_nan(a: Self, b: Self) -> Self {
        a | b
    }
    fn min_nan(a: Self, b: Self) -> Self {
        a & b
    }
    fn less(a: Self, b: Self) -> bool {
        !a & b
    }
    fn less_eq(a: Self, b: Self) -> bool {
        !a | b
    }
    fn negate(a: Self) -> Self {
        a
    }
    fn absolute(a: Self) -> Self {
        a
    }
    fn np_sign(a: Self) -> Self {
        a
    }
    fn is_nan(_: Self) -> bool {
        false
    }
    fn is_inf(_: Self) -> bool {
        false
    }
    fn bitand(a: Self, b: Self) -> Self {
        a & b
    }
    fn bitor(a: Self, b: Self) -> Self {
        a | b
    }
    fn bitxor(a: Self, b: Self) -> Self {
        a ^ b
    }
    fn invert(a: Self) -> Self {
        !a
    }
    fn shl(a: Self, _: Self) -> Self {
        a // no bool loop: booleans shift as int8
    }
    fn shr(a: Self, _: Self) -> Self {
        a
    }
    fn nonzero(a: Self) -> bool {
        a
    }
    fn to_f64(a: Self) -> f64 {
        a as u8 as f64
    }
}

/// Python's float floor division and modulo (`divmod`), as NumPy computes them.
#[inline(always)]
pub fn float_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    if b == 0.0 {
        return (a / b, m);
    }
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 { f + 1.0 } else { f }
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

macro_rules! float_num {
    ($($t:ty);*) => {$(
        impl Num for $t {
            #[inline(always)] fn zero() -> Self { 0.0 }
            #[inline(always)] fn one() -> Self { 1.0 }
            #[inline(always)] fn add(a: Self, b: Self) -> Self { a + b }
            #[inline(always)] fn sub(a: Self, b: Self) -> Self { a - b }
            #[inline(always)] fn mul(a: Self, b: Self) -> Self { a * b }
            #[inline(always)] fn div(a: Self, b: Self) -> Self { a / b }
            #[inline(always)]
            fn floor_div(a: Self, b: Self) -> Self {
                let (a, b) = (a as f64, b as f64);
                float_divmod(a, b).0 as $t
            }
            #[inline(always)]
            fn rem(a: Self, b: Self) -> Self {
                let m = a % b;
                if b == 0.0 { m }
                else if m != 0.0 { if (b < 0.0) != (m < 0.0) { m + b } else { m } }
                else { (0.0 as $t).copysign(b) }
            }
            #[inline(always)] fn power(a: Self, b: Self) -> Self { a.powf(b) }
            #[inline(always)] fn max_nan(a: Self, b: Self) -> Self { if a >= b || a.is_nan() { a } else { b } }
            #[inline(always)] fn min_nan(a: Self, b: Self) -> Self { if a <= b || a.is_nan() { a } else { b } }
            #[inline(always)] fn less(a: Self, b: Self) -> bool { a < b }
            #[inline(always)] fn less_eq(a: Self, b: Self) -> bool { a <= b }
            #[inline(always)] fn negate(a: Self) -> Self { -a }
            #[inline(always)] fn absolute(a: Self) -> Self { a.abs() }
            #[inline(always)]
            fn np_sign(a: Self) -> Self {
                if a > 0.0 { 1.0 } else if a < 0.0 { -1.0 } else if a == 0.0 { 0.0 } else { a }
            }
            #[inline(always)] fn is_nan(a: Self) -> bool { a.is_nan() }
            #[inline(always)] fn is_inf(a: Self) -> bool { a.is_infinite() }
            #[inline(always)] fn bitand(a: Self, _: Self) -> Self { a }
            #[inline(always)] fn bitor(a: Self, _: Self) -> Self { a }
            #[inline(always)] fn bitxor(a: Self, _: Self) -> Self { a }
            #[inline(always)] fn invert(a: Self) -> Self { a }
            #[inline(always)] fn shl(a: Self, _: Self) -> Self { a }
            #[inline(always)] fn shr(a: Self, _: Self) -> Self { a }
            #[inline(always)] fn nonzero(a: Self) -> bool { a != 0.0 }
            #[inline(always)] fn to_f64(a: Self) -> f64 { a as f64 }
        }
    )*};
}

float_num! { f32; f64 }

/// float16 arithmetic is computed in float32 and rounded back, as NumPy's loops do.
impl Num for f16 {
    fn zero() -> Self {
        f16::ZERO
    }
    fn one() -> Self {
        f16::ONE
    }
    #[inline(always)]
    fn add(a: Self, b: Self) -> Self {
        f16::from_f32(a.to_f32() + b.to_f32())
    }
    #[inline(always)]
    fn sub(a: Self, b: Self) -> Self {
        f16::from_f32(a.to_f32() - b.to_f32())
    }
    #[inline(always)]
    fn mul(a: Self, b: Self) -> Self {
        f16::from_f32(a.to_f32() * b.to_f32())
    }
    #[inline(always)]
    fn div(a: Self, b: Self) -> Self {
        f16::from_f32(a.to_f32() / b.to_f32())
    }
    fn floor_div(a: Self, b: Self) -> Self {
        f16::from_f32(<f32 as Num>::floor_div(a.to_f32(), b.to_f32()))
    }
    fn rem(a: Self, b: Self) -> Self {
        f16::from_f32(<f32 as Num>::rem(a.to_f32(), b.to_f32()))
    }
    fn power(a: Self, b: Self) -> Self {
        f16::from_f32(a.to_f32().powf(b.to_f32()))
    }
    fn max_nan(a: Self, b: Self) -> Self {
        if a >= b || a.is_nan() { a } else { b }
    }
    fn min_nan(a: Self, b: Self) -> Self {
        if a <= b || a.is_nan() { a } else { b }
    }
    fn less(a: Self, b: Self) -> bool {
        a < b
    }
    fn less_eq(a: Self, b: Self) -> bool {
        a <= b
    }
    fn negate(a: Self) -> Self {
        -a
    }
    fn absolute(a: Self) -> Self {
        f16::from_bits(a.to_bits() & 0x7fff)
    }
    fn np_sign(a: Self) -> Self {
        f16::from_f32(<f32 as Num>::np_sign(a.to_f32()))
    }
    fn is_nan(a: Self) -> bool {
        a.is_nan()
    }
    fn is_inf(a: Self) -> bool {
        a.is_infinite()
    }
    fn bitand(a: Self, _: Self) -> Self {
        a
    }
    fn bitor(a: Self, _: Self) -> Self {
        a
    }
    fn bitxor(a: Self, _: Self) -> Self {
        a
    }
    fn invert(a: Self) -> Self {
        a
    }
    fn shl(a: Self, _: Self) -> Self {
        a
    }
    fn shr(a: Self, _: Self) -> Self {
        a
    }
    fn nonzero(a: Self) -> bool {
        a.to_f32() != 0.0
    }
    fn to_f64(a: Self) -> f64 {
        a.to_f64()
    }
}

macro_rules! complex_num {
    ($($t:ty, $f:ty);*) => {$(
        impl Num for $t {
            fn zero() -> Self { <$t>::new(0.0, 0.0) }
            fn one() -> Self { <$t>::new(1.0, 0.0) }
            #[inline(always)] fn add(a: Self, b: Self) -> Self { a + b }
            #[inline(always)] fn sub(a: Self, b: Self) -> Self { a - b }
            #[inline(always)] fn mul(a: Self, b: Self) -> Self { a * b }
            // NumPy's complex square (on CPUs with FMA, where its loops fuse): re² − im²
            // with one rounding, so (1e300+1e300j)² is -inf+infj, not nan+infj.
            fn square(a: Self) -> Self {
                <$t>::new(a.re.mul_add(a.re, -(a.im * a.im)), a.re.mul_add(a.im, a.im * a.re))
            }
            #[inline(always)] fn div(a: Self, b: Self) -> Self { a / b }
            fn floor_div(a: Self, _: Self) -> Self { a }
            fn rem(a: Self, _: Self) -> Self { a }
            fn power(a: Self, b: Self) -> Self {
                if b.im == 0.0 && b.re == b.re.round() && b.re.abs() <= 100.0 {
                    // Integer powers by repeated multiplication, as NumPy does for small exponents.
                    let n = b.re as i32;
                    let mut acc = <$t>::new(1.0, 0.0);
                    for _ in 0..n.unsigned_abs() { acc *= a; }
                    if n < 0 { <$t>::new(1.0, 0.0) / acc } else { acc }
                } else { a.powc(b) }
            }
            fn max_nan(a: Self, b: Self) -> Self { if Self::is_nan(a) || !Self::less(a, b) { a } else { b } }
            fn min_nan(a: Self, b: Self) -> Self { if Self::is_nan(a) || Self::less_eq(a, b) { a } else { b } }
            fn less(a: Self, b: Self) -> bool { a.re < b.re || (a.re == b.re && a.im < b.im) }
            fn less_eq(a: Self, b: Self) -> bool { a.re < b.re || (a.re == b.re && a.im <= b.im) }
            fn negate(a: Self) -> Self { -a }
            fn absolute(a: Self) -> Self { <$t>::new(a.norm(), 0.0) }
            // NumPy 2's z / |z|, with its rules where that is inf / inf or overflows.
            fn np_sign(a: Self) -> Self {
                let (re_inf, im_inf) = (a.re.is_infinite(), a.im.is_infinite());
                if re_inf && im_inf {
                    return <$t>::new(<$f>::NAN, <$f>::NAN);
                }
                if re_inf {
                    return <$t>::new(a.re.signum(), 0.0);
                }
                if im_inf {
                    return <$t>::new(0.0, a.im.signum());
                }
                if a.re.is_nan() || a.im.is_nan() {
                    return <$t>::new(<$f>::NAN, <$f>::NAN);
                }
                if a.re == 0.0 && a.im == 0.0 {
                    return <$t>::new(0.0, 0.0);
                }
                // Scaled first, so |z| cannot overflow for huge finite parts.
                let m = a.re.abs().max(a.im.abs());
                let s = a / m;
                s / s.norm()
            }
            fn is_nan(a: Self) -> bool { a.re.is_nan() || a.im.is_nan() }
            fn is_inf(a: Self) -> bool { a.re.is_infinite() || a.im.is_infinite() }
            fn bitand(a: Self, _: Self) -> Self { a }
            fn bitor(a: Self, _: Self) -> Self { a }
            fn bitxor(a: Self, _: Self) -> Self { a }
            fn invert(a: Self) -> Self { a }
            fn shl(a: Self, _: Self) -> Self { a }
            fn shr(a: Self, _: Self) -> Self { a }
            fn nonzero(a: Self) -> bool { a.re != 0.0 || a.im != 0.0 }
            fn to_f64(a: Self) -> f64 { a.re as f64 }
        }
    )*};
}

complex_num! { C64, f32; C128, f64 }

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_division_semantics() {
        assert_eq!(<i64 as Num>::floor_div(7, -2), -4);
        assert_eq!(<i64 as Num>::rem(7, -2), -1);
        assert_eq!(<i64 as Num>::floor_div(5, 0), 0);
        assert_eq!(<f64 as Num>::floor_div(7.0, -2.0), -4.0);
        assert_eq!(<f64 as Num>::rem(-0.0, 3.0).to_bits(), 0.0f64.to_bits());
        assert!(<f64 as Num>::floor_div(1.0, 0.0).is_infinite());
    }

    #[test]
    fn casts_follow_c() {
        assert_eq!(<i64 as Element>::from_wide(Wide::F(f64::NAN)), i64::MIN);
        assert_eq!(<i8 as Element>::from_wide(Wide::F(-1.9)), -1);
        assert_eq!(<u8 as Element>::from_wide(Wide::I(-1)), 255);
        assert!(<bool as Element>::from_wide(Wide::F(0.5)));
    }
}
