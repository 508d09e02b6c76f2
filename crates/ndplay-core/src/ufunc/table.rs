//! The ufunc tables: one row per NumPy ufunc, and everything else derived from the rows.
//!
//! A row names the ufunc as NumPy does (and its aliases), the Python operator it backs,
//! the rule that picks its loop dtypes ([`BinaryLoops`], [`UnaryLoops`]), the kernel
//! (written once for every dtype the rule lets through, by the `zip_*!`/`map_*!` helpers
//! below), and the `Array` methods it gets (`a.add(&b)`, `a.add_scalar(1)`). From the
//! rows come the [`BinaryOp`]/[`UnaryOp`] enums, `ALL`, `from_name`, `name`, `symbol`,
//! the methods, the kernels' dispatch, and, in the Python module, the `np.<name>` ufunc
//! objects. Adding a ufunc is adding a row (and its NumPy fixtures in
//! `tests/fixtures/gen_engine_fixtures.py`); a new dtype rule is one arm of
//! `binary_loop_dtypes`/`unary_loop_dtypes`. The loud-failure checks are not here: the
//! ufunc machinery calls one hook, [`crate::diagnostics::after_binary`] /
//! [`crate::diagnostics::after_unary`], which reads a row's `arithmetic` flag and its
//! `nonfinite_why`.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_core::ufunc::{BinaryOp, UnaryOp};
//! let op = BinaryOp::from_name("arctan2").unwrap();
//! assert_eq!(op.name(), "arctan2");
//! assert_eq!(BinaryOp::from_name("true_divide"), Some(BinaryOp::TrueDivide));
//! assert_eq!(BinaryOp::Add.symbol(), Some("+"));
//! assert_eq!(UnaryOp::from_name("conj"), Some(UnaryOp::Conjugate));
//! let x = Array::from_f64s(&[1.0, -1.0]);
//! let y = Array::from_f64s(&[1.0, 1.0]);
//! let a = x.arctan2(&y).unwrap().to_f64_vec();
//! assert!((a[0] - std::f64::consts::FRAC_PI_4).abs() < 1e-15);
//! ```

use super::cmath;
use super::{RealMath, complex_c64, map_all, zip_all};
use crate::array::Array;
use crate::dtype::DType;
use crate::element::{C64, C128, Num};
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::scalar::PyScalar;
use crate::with_numeric;
use num_traits::{Float, FloatConst};

/// How a binary ufunc picks the dtype it computes in and the dtype it returns, from the
/// operands' common dtype (NEP 50). Strings reach only `Comparison`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryLoops {
    /// The common dtype in and out (`add`).
    Same,
    /// As `Same`, but booleans have no subtraction (NumPy's own message).
    Subtract,
    /// Booleans and integers divide in float64 (`divide`).
    Divide,
    /// Booleans in int8; no complex loop (`floor_divide`, `remainder`).
    IntegerDivision,
    /// Booleans in int8 (`power`).
    Power,
    /// Any dtype, strings too; the result is bool.
    Comparison,
    /// Booleans and integers only (`bitwise_and`).
    Bitwise,
    /// Integers only; booleans shift as int8 (`left_shift`, `right_shift`).
    Shift,
    /// Computed on truth values; the result is bool.
    Logical,
    /// Real floats: integers become the smallest float that holds them (int8 gives
    /// float16), complex has no loop (`arctan2`, `hypot`).
    RealFloat,
}

/// How a unary ufunc picks its loop and result dtypes from its input's dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryLoops {
    /// The input's dtype; booleans refused with NumPy's message (`negative`).
    Negative,
    /// The input's dtype; no bool loop (`positive`, `sign`).
    NoBool,
    /// The input's dtype in, its real dtype out (`absolute`: complex gives float).
    Absolute,
    /// Booleans and integers only (`invert`).
    Bitwise,
    /// Any numeric dtype in, bool out (`isnan`).
    Predicate,
    /// Real floats in (integers as for math), bool out; no complex loop (`signbit`).
    RealPredicate,
    /// Floats and complex; integers become the smallest float that holds them (`exp`).
    FloatMath,
    /// As `FloatMath` without complex (`cbrt`, `deg2rad`, `fabs`).
    RealFloatMath,
    /// The input's dtype, booleans in int8 (`square`, `conjugate`).
    BoolAsInt8,
    /// The input's dtype; no complex loop (`floor`; integers pass through unchanged).
    Rounding,
}

/// A binary kernel: `out = op(x, y)` in the loop dtype, over layouts already broadcast.
pub type BinaryKernel = fn(DType, &Array, &Layout, &Array, &Layout, &Array) -> Result<()>;

/// A unary kernel: `out = op(x)`, `x` already in the loop dtype.
pub type UnaryKernel = fn(&Array, &Array) -> Result<()>;

/// One binary ufunc's row.
#[derive(Debug)]
pub struct BinaryDef {
    /// NumPy's name (`"add"`).
    pub name: &'static str,
    /// NumPy's other names for it (`"true_divide"`).
    pub aliases: &'static [&'static str],
    /// The Python operator, if it backs one.
    pub symbol: Option<&'static str>,
    /// Its dtype rule.
    pub loops: BinaryLoops,
    /// Whether the arithmetic diagnostics (outer broadcast, upcast) look at it.
    pub arithmetic: bool,
    /// Its kernel.
    pub kernel: BinaryKernel,
}

/// One unary ufunc's row.
#[derive(Debug)]
pub struct UnaryDef {
    /// NumPy's name (`"sqrt"`).
    pub name: &'static str,
    /// NumPy's other names for it (`"abs"`).
    pub aliases: &'static [&'static str],
    /// Its dtype rule.
    pub loops: UnaryLoops,
    /// Why finite inputs can give NaN or Inf, for the diagnostic that says so.
    pub nonfinite_why: &'static str,
    /// Its kernel.
    pub kernel: UnaryKernel,
}

/// `out = f(x, y)` over every numeric dtype, `f` written once over `$T`.
macro_rules! zip_num {
    ($T:ident => $out:ty, $f:expr) => {
        |dt, x, xl, y, yl, out| with_numeric!(dt, $T => zip_all::<$T, $T, $out>(x, xl, y, yl, out, $f))
    };
}

/// `out = f(x, y)` over the real float dtypes, in f64 for float64 and f32 for float32 and
/// float16 (as NumPy computes float16 math).
macro_rules! zip_real {
    ($f64:expr, $f32:expr) => {
        |dt, x, xl, y, yl, out| match dt {
            DType::Float16 | DType::Float32 | DType::Float64 => crate::with_float!(dt, T => zip_all::<T, T, T>(
                x, xl, y, yl, out, |a: T, b: T| a.map2(b, $f64, $f32)
            )),
            other => Err(no_kernel(other)),
        }
    };
}

/// `out = f(x)` over every numeric dtype.
macro_rules! map_num {
    ($T:ident => $out:ty, $f:expr) => {
        |x, out| with_numeric!(x.dtype(), $T => map_all::<$T, $out>(x, out, $f))
    };
}

/// `out = f(x)` over the floats (f64/f32 functions; float16 through f32) and, with a
/// third argument, complex: `c99 name` is the C library's function in each precision
/// (see `cmath`), `numpy f, f_c64` NumPy's formula in each precision, and a plain
/// function computes in complex128, complex64 rounded back.
macro_rules! map_math {
    ($f64:expr, $f32:expr) => {
        |x, out| match x.dtype() {
            d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
                crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| v.map($f64, $f32)))
            }
            other => Err(no_kernel(other)),
        }
    };
    ($f64:expr, $f32:expr, numpy $c128:path, $c64:path) => {
        |x, out| match x.dtype() {
            DType::Complex64 => map_all::<C64, C64>(x, out, $c64),
            DType::Complex128 => map_all::<C128, C128>(x, out, $c128),
            d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
                crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| v.map($f64, $f32)))
            }
            other => Err(no_kernel(other)),
        }
    };
    ($f64:expr, $f32:expr, c99 $c:ident) => {
        |x, out| match x.dtype() {
            DType::Complex64 => map_all::<C64, C64>(x, out, <C64 as cmath::C99>::$c),
            DType::Complex128 => map_all::<C128, C128>(x, out, <C128 as cmath::C99>::$c),
            d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
                crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| v.map($f64, $f32)))
            }
            other => Err(no_kernel(other)),
        }
    };
    ($f64:expr, $f32:expr, $c128:expr) => {
        |x, out| match x.dtype() {
            DType::Complex64 => map_all::<C64, C64>(x, out, |c| complex_c64(c, $c128)),
            DType::Complex128 => map_all::<C128, C128>(x, out, $c128),
            d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
                crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| v.map($f64, $f32)))
            }
            other => Err(no_kernel(other)),
        }
    };
}

/// Rounding: integers and booleans pass through, floats round.
macro_rules! map_rounding {
    ($f64:expr, $f32:expr) => {
        |x, out| match x.dtype() {
            d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
                crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| v.map($f64, $f32)))
            }
            d if !d.is_complex() => with_numeric!(d, T => map_all::<T, T>(x, out, |v| v)),
            other => Err(no_kernel(other)),
        }
    };
}

/// The error of a kernel asked for a dtype its row's loop rule never lets through: a bug
/// in a row, reported as NumPy reports a missing loop rather than a panic.
fn no_kernel(dt: DType) -> Error {
    Error::Unsupported {
        op: "ufunc kernel".into(),
        dtypes: vec![dt],
    }
}

macro_rules! binary_table {
    ($(
        $(#[$doc:meta])*
        $op:ident {
            name: $name:literal,
            aliases: [$($alias:literal),*],
            symbol: $symbol:expr,
            loops: $loops:ident,
            arithmetic: $arith:literal,
            kernel: $kernel:expr
            $(, methods: ($m:ident, $ms:ident, $mdoc:literal))?
            $(,)?
        }
    )*) => {
        /// A binary ufunc: one row of the table in `ufunc/table.rs`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum BinaryOp {
            $($(#[$doc])* $op,)*
        }

        impl BinaryOp {
            /// Every binary ufunc, in the table's order.
            pub const ALL: [BinaryOp; [$(stringify!($op)),*].len()] = [$(BinaryOp::$op),*];

            /// The ufunc's row.
            pub fn def(self) -> &'static BinaryDef {
                match self {
                    $(BinaryOp::$op => {
                        const DEF: BinaryDef = BinaryDef {
                            name: $name,
                            aliases: &[$($alias),*],
                            symbol: $symbol,
                            loops: BinaryLoops::$loops,
                            arithmetic: $arith,
                            kernel: $kernel,
                        };
                        &DEF
                    })*
                }
            }
        }

        impl Array {
            $($(
                #[doc = concat!("`", $mdoc, "` with broadcasting.")]
                pub fn $m(&self, other: &Array) -> Result<Array> {
                    super::binary(BinaryOp::$op, self.into(), other.into())
                }
                #[doc = concat!("`", $mdoc, "` with a Python scalar (weakly typed).")]
                pub fn $ms(&self, other: impl Into<PyScalar>) -> Result<Array> {
                    super::binary(BinaryOp::$op, self.into(), super::Operand::Py(other.into()))
                }
            )?)*
        }
    };
}

macro_rules! unary_table {
    ($(
        $(#[$doc:meta])*
        $op:ident {
            name: $name:literal,
            aliases: [$($alias:literal),*],
            loops: $loops:ident,
            nonfinite_why: $why:literal,
            kernel: $kernel:expr
            $(, method: $m:ident)?
            $(,)?
        }
    )*) => {
        /// A unary ufunc: one row of the table in `ufunc/table.rs`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum UnaryOp {
            $($(#[$doc])* $op,)*
        }

        impl UnaryOp {
            /// Every unary ufunc, in the table's order.
            pub const ALL: [UnaryOp; [$(stringify!($op)),*].len()] = [$(UnaryOp::$op),*];

            /// The ufunc's row.
            pub fn def(self) -> &'static UnaryDef {
                match self {
                    $(UnaryOp::$op => {
                        const DEF: UnaryDef = UnaryDef {
                            name: $name,
                            aliases: &[$($alias),*],
                            loops: UnaryLoops::$loops,
                            nonfinite_why: $why,
                            kernel: $kernel,
                        };
                        &DEF
                    })*
                }
            }
        }

        impl Array {
            $($(
                #[doc = concat!("`np.", $name, "(a)`.")]
                pub fn $m(&self) -> Result<Array> {
                    super::unary(UnaryOp::$op, self)
                }
            )?)*
        }
    };
}

impl BinaryOp {
    /// The ufunc NumPy calls `name`, by its name or an alias (`"true_divide"`).
    pub fn from_name(name: &str) -> Option<BinaryOp> {
        Self::ALL
            .into_iter()
            .find(|op| op.name() == name || op.def().aliases.contains(&name))
    }

    /// NumPy's ufunc name.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The Python operator symbol, if the op has one.
    pub fn symbol(self) -> Option<&'static str> {
        self.def().symbol
    }
}

impl UnaryOp {
    /// The ufunc NumPy calls `name`, by its name or an alias (`"abs"`).
    pub fn from_name(name: &str) -> Option<UnaryOp> {
        Self::ALL
            .into_iter()
            .find(|op| op.name() == name || op.def().aliases.contains(&name))
    }

    /// NumPy's ufunc name.
    pub fn name(self) -> &'static str {
        self.def().name
    }
}

/// NumPy's `logaddexp`: `log(exp(a) + exp(b))` without overflow (npymath's formula),
/// in f64 and in f32.
fn logaddexp<F: Float + FloatConst>(a: F, b: F) -> F {
    if a == b {
        // Equal infinities included: inf + log(2) is inf, -inf + log(2) is -inf.
        return a + F::LN_2();
    }
    let d = a - b;
    if d > F::zero() {
        a + (-d).exp().ln_1p()
    } else if d <= F::zero() {
        b + d.exp().ln_1p()
    } else {
        d // a NaN
    }
}

/// NumPy's `logaddexp2`: `log2(2**a + 2**b)`, the same formula in base 2.
fn logaddexp2<F: Float + FloatConst>(a: F, b: F) -> F {
    if a == b {
        return a + F::one();
    }
    let d = a - b;
    if d > F::zero() {
        a + F::LOG2_E() * (-d).exp2().ln_1p()
    } else if d <= F::zero() {
        b + F::LOG2_E() * d.exp2().ln_1p()
    } else {
        d
    }
}

/// NumPy's `heaviside(x, h0)`: 0 below zero, `h0` at zero, 1 above, NaN for NaN.
fn heaviside(x: f64, h0: f64) -> f64 {
    if x.is_nan() {
        x
    } else if x == 0.0 {
        h0
    } else if x < 0.0 {
        0.0
    } else {
        1.0
    }
}

fn heaviside_f32(x: f32, h0: f32) -> f32 {
    heaviside(f64::from(x), f64::from(h0)) as f32
}

/// `np.fmax`: the larger, a NaN only when both are NaN (NumPy's
/// `in1 >= in2 || isnan(in2) ? in1 : in2`).
fn fmax<T: Num>(a: T, b: T) -> T {
    if T::less_eq(b, a) || T::is_nan(b) {
        a
    } else {
        b
    }
}

/// `np.fmin`: the smaller, a NaN only when both are NaN.
fn fmin<T: Num>(a: T, b: T) -> T {
    if T::less_eq(a, b) || T::is_nan(b) {
        a
    } else {
        b
    }
}

/// NumPy's complex `expm1`: accurate near zero, where `exp(z) - 1` cancels.
fn complex_expm1(z: C128) -> C128 {
    let s = (z.im / 2.0).sin();
    C128::new(
        z.re.exp_m1() * z.im.cos() - 2.0 * s * s,
        z.re.exp() * z.im.sin(),
    )
}

/// `np.absolute`: complex gives its magnitude in the real dtype.
fn absolute(x: &Array, out: &Array) -> Result<()> {
    match x.dtype() {
        DType::Complex64 => map_all::<C64, f32>(x, out, |c| c.norm()),
        DType::Complex128 => map_all::<C128, f64>(x, out, |c| c.norm()),
        dt => with_numeric!(dt, T => map_all::<T, T>(x, out, T::absolute)),
    }
}

/// `np.conjugate`: complex conjugate; real dtypes pass through.
fn conjugate(x: &Array, out: &Array) -> Result<()> {
    match x.dtype() {
        DType::Complex64 => map_all::<C64, C64>(x, out, |c| c.conj()),
        DType::Complex128 => map_all::<C128, C128>(x, out, |c| c.conj()),
        dt => with_numeric!(dt, T => map_all::<T, T>(x, out, |v| v)),
    }
}

/// `np.rint`: round half to even, each part of a complex number on its own.
fn rint(x: &Array, out: &Array) -> Result<()> {
    let round = |c: C128| C128::new(c.re.round_ties_even(), c.im.round_ties_even());
    match x.dtype() {
        DType::Complex64 => map_all::<C64, C64>(x, out, |c| complex_c64(c, round)),
        DType::Complex128 => map_all::<C128, C128>(x, out, round),
        d @ (DType::Float16 | DType::Float32 | DType::Float64) => crate::with_float!(d, T => {
            map_all::<T, T>(x, out, |v: T| v.map(f64::round_ties_even, f32::round_ties_even))
        }),
        other => Err(no_kernel(other)),
    }
}

/// `np.signbit`: whether the sign bit is set (true for -0.0 and negative NaNs).
fn signbit(x: &Array, out: &Array) -> Result<()> {
    match x.dtype() {
        d @ (DType::Float16 | DType::Float32 | DType::Float64) => {
            crate::with_float!(d, T => map_all::<T, bool>(x, out, |v: T| v.sign_negative()))
        }
        other => Err(no_kernel(other)),
    }
}

binary_table! {
    /// `a + b`.
    Add { name: "add", aliases: [], symbol: Some("+"), loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, T::add), methods: (add, add_scalar, "a + b") }
    /// `a - b`.
    Subtract { name: "subtract", aliases: [], symbol: Some("-"), loops: Subtract, arithmetic: true,
        kernel: zip_num!(T => T, T::sub), methods: (sub, sub_scalar, "a - b") }
    /// `a * b`.
    Multiply { name: "multiply", aliases: [], symbol: Some("*"), loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, T::mul), methods: (mul, mul_scalar, "a * b") }
    /// `a / b`.
    TrueDivide { name: "divide", aliases: ["true_divide"], symbol: Some("/"), loops: Divide,
        arithmetic: true, kernel: zip_num!(T => T, T::div), methods: (div, div_scalar, "a / b") }
    /// `a // b`.
    FloorDivide { name: "floor_divide", aliases: [], symbol: Some("//"), loops: IntegerDivision,
        arithmetic: true, kernel: zip_num!(T => T, T::floor_div),
        methods: (floor_div, floor_div_scalar, "a // b") }
    /// `a % b`.
    Remainder { name: "remainder", aliases: ["mod"], symbol: Some("%"), loops: IntegerDivision,
        arithmetic: true, kernel: zip_num!(T => T, T::rem), methods: (rem, rem_scalar, "a % b") }
    /// `a ** b`.
    Power { name: "power", aliases: ["pow"], symbol: Some("**"), loops: Power, arithmetic: true,
        kernel: zip_num!(T => T, T::power), methods: (pow, pow_scalar, "a ** b") }
    /// `np.maximum(a, b)`: NaN propagates.
    Maximum { name: "maximum", aliases: [], symbol: None, loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, T::max_nan), methods: (maximum, maximum_scalar, "np.maximum(a, b)") }
    /// `np.minimum(a, b)`: NaN propagates.
    Minimum { name: "minimum", aliases: [], symbol: None, loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, T::min_nan), methods: (minimum, minimum_scalar, "np.minimum(a, b)") }
    /// `np.fmax(a, b)`: NaN ignored unless both are NaN.
    Fmax { name: "fmax", aliases: [], symbol: None, loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, fmax::<T>), methods: (fmax, fmax_scalar, "np.fmax(a, b)") }
    /// `np.fmin(a, b)`: NaN ignored unless both are NaN.
    Fmin { name: "fmin", aliases: [], symbol: None, loops: Same, arithmetic: true,
        kernel: zip_num!(T => T, fmin::<T>), methods: (fmin, fmin_scalar, "np.fmin(a, b)") }
    /// `a == b`.
    Equal { name: "equal", aliases: [], symbol: Some("=="), loops: Comparison, arithmetic: false,
        kernel: zip_num!(T => bool, |a, b| a == b), methods: (eq, eq_scalar, "a == b") }
    /// `a != b`.
    NotEqual { name: "not_equal", aliases: [], symbol: Some("!="), loops: Comparison,
        arithmetic: false, kernel: zip_num!(T => bool, |a, b| a != b),
        methods: (ne, ne_scalar, "a != b") }
    /// `a < b`.
    Less { name: "less", aliases: [], symbol: Some("<"), loops: Comparison, arithmetic: false,
        kernel: zip_num!(T => bool, T::less), methods: (lt, lt_scalar, "a < b") }
    /// `a <= b`.
    LessEqual { name: "less_equal", aliases: [], symbol: Some("<="), loops: Comparison,
        arithmetic: false, kernel: zip_num!(T => bool, T::less_eq),
        methods: (le, le_scalar, "a <= b") }
    /// `a > b`.
    Greater { name: "greater", aliases: [], symbol: Some(">"), loops: Comparison,
        arithmetic: false, kernel: zip_num!(T => bool, |a, b| <T as Num>::less(b, a)),
        methods: (gt, gt_scalar, "a > b") }
    /// `a >= b`.
    GreaterEqual { name: "greater_equal", aliases: [], symbol: Some(">="), loops: Comparison,
        arithmetic: false, kernel: zip_num!(T => bool, |a, b| <T as Num>::less_eq(b, a)),
        methods: (ge, ge_scalar, "a >= b") }
    /// `a & b`.
    BitwiseAnd { name: "bitwise_and", aliases: [], symbol: Some("&"), loops: Bitwise,
        arithmetic: false, kernel: zip_num!(T => T, T::bitand),
        methods: (bitand, bitand_scalar, "a & b") }
    /// `a | b`.
    BitwiseOr { name: "bitwise_or", aliases: [], symbol: Some("|"), loops: Bitwise,
        arithmetic: false, kernel: zip_num!(T => T, T::bitor),
        methods: (bitor, bitor_scalar, "a | b") }
    /// `a ^ b`.
    BitwiseXor { name: "bitwise_xor", aliases: [], symbol: Some("^"), loops: Bitwise,
        arithmetic: false, kernel: zip_num!(T => T, T::bitxor),
        methods: (bitxor, bitxor_scalar, "a ^ b") }
    /// `a << b`.
    LeftShift { name: "left_shift", aliases: ["bitwise_left_shift"], symbol: Some("<<"), loops: Shift,
        arithmetic: false, kernel: zip_num!(T => T, T::shl),
        methods: (shl, shl_scalar, "a << b") }
    /// `a >> b`.
    RightShift { name: "right_shift", aliases: ["bitwise_right_shift"], symbol: Some(">>"), loops: Shift,
        arithmetic: false, kernel: zip_num!(T => T, T::shr),
        methods: (shr, shr_scalar, "a >> b") }
    /// `np.logical_and(a, b)`.
    LogicalAnd { name: "logical_and", aliases: [], symbol: None, loops: Logical, arithmetic: false,
        kernel: zip_num!(T => bool, |a, b| T::nonzero(a) && T::nonzero(b)),
        methods: (logical_and, logical_and_scalar, "np.logical_and(a, b)") }
    /// `np.logical_or(a, b)`.
    LogicalOr { name: "logical_or", aliases: [], symbol: None, loops: Logical, arithmetic: false,
        kernel: zip_num!(T => bool, |a, b| T::nonzero(a) || T::nonzero(b)),
        methods: (logical_or, logical_or_scalar, "np.logical_or(a, b)") }
    /// `np.logical_xor(a, b)`.
    LogicalXor { name: "logical_xor", aliases: [], symbol: None, loops: Logical, arithmetic: false,
        kernel: zip_num!(T => bool, |a, b| T::nonzero(a) != T::nonzero(b)),
        methods: (logical_xor, logical_xor_scalar, "np.logical_xor(a, b)") }
    /// `np.arctan2(y, x)`: the angle of the point `(x, y)`, in `[-pi, pi]`.
    Arctan2 { name: "arctan2", aliases: ["atan2"], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(f64::atan2, f32::atan2), methods: (arctan2, arctan2_scalar, "np.arctan2(a, b)") }
    /// `np.hypot(a, b)`: `sqrt(a**2 + b**2)` without overflow.
    Hypot { name: "hypot", aliases: [], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(f64::hypot, f32::hypot), methods: (hypot, hypot_scalar, "np.hypot(a, b)") }
    /// `np.copysign(a, b)`: `|a|` with the sign of `b`.
    Copysign { name: "copysign", aliases: [], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(f64::copysign, f32::copysign) }
    /// `np.logaddexp(a, b)`: `log(exp(a) + exp(b))`.
    Logaddexp { name: "logaddexp", aliases: [], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(logaddexp::<f64>, logaddexp::<f32>) }
    /// `np.logaddexp2(a, b)`: `log2(2**a + 2**b)`.
    Logaddexp2 { name: "logaddexp2", aliases: [], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(logaddexp2::<f64>, logaddexp2::<f32>) }
    /// `np.heaviside(x, h0)`.
    Heaviside { name: "heaviside", aliases: [], symbol: None, loops: RealFloat, arithmetic: true,
        kernel: zip_real!(heaviside, heaviside_f32) }
}

unary_table! {
    /// `-a`.
    Negative { name: "negative", aliases: [], loops: Negative, nonfinite_why: "overflow",
        kernel: map_num!(T => T, T::negate), method: neg }
    /// `+a`.
    Positive { name: "positive", aliases: [], loops: NoBool, nonfinite_why: "overflow",
        kernel: map_num!(T => T, |v| v) }
    /// `np.abs(a)`.
    Absolute { name: "absolute", aliases: ["abs"], loops: Absolute, nonfinite_why: "overflow",
        kernel: absolute, method: abs }
    /// `np.fabs(a)`: the absolute value of real numbers, as a float.
    Fabs { name: "fabs", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::abs, f32::abs) }
    /// `np.conjugate(a)`.
    Conjugate { name: "conjugate", aliases: ["conj"], loops: BoolAsInt8, nonfinite_why: "overflow",
        kernel: conjugate }
    /// `~a`.
    Invert { name: "invert", aliases: ["bitwise_not", "bitwise_invert"], loops: Bitwise, nonfinite_why: "overflow",
        kernel: map_num!(T => T, T::invert), method: invert }
    /// `np.logical_not(a)`.
    LogicalNot { name: "logical_not", aliases: [], loops: Predicate, nonfinite_why: "overflow",
        kernel: map_num!(T => bool, |v| !T::nonzero(v)), method: logical_not }
    /// `np.exp(a)`.
    Exp { name: "exp", aliases: [], loops: FloatMath,
        nonfinite_why: "exp overflowed; stable code subtracts the max first",
        kernel: map_math!(f64::exp, f32::exp, c99 c_exp), method: exp }
    /// `np.exp2(a)`: `2**a`.
    Exp2 { name: "exp2", aliases: [], loops: FloatMath, nonfinite_why: "exp2 overflowed",
        kernel: map_math!(f64::exp2, f32::exp2, numpy cmath::exp2, cmath::exp2_c64) }
    /// `np.expm1(a)`: `exp(a) - 1`, accurate near zero.
    Expm1 { name: "expm1", aliases: [], loops: FloatMath, nonfinite_why: "expm1 overflowed",
        kernel: map_math!(f64::exp_m1, f32::exp_m1, complex_expm1) }
    /// `np.log(a)`.
    Log { name: "log", aliases: [], loops: FloatMath,
        nonfinite_why: "log of zero or of a negative number",
        kernel: map_math!(f64::ln, f32::ln, c99 c_log), method: log }
    /// `np.log2(a)`.
    Log2 { name: "log2", aliases: [], loops: FloatMath,
        nonfinite_why: "log2 of zero or of a negative number",
        kernel: map_math!(f64::log2, f32::log2, numpy cmath::log2, cmath::log2_c64) }
    /// `np.log10(a)`.
    Log10 { name: "log10", aliases: [], loops: FloatMath,
        nonfinite_why: "log10 of zero or of a negative number",
        kernel: map_math!(f64::log10, f32::log10, numpy cmath::log10, cmath::log10_c64) }
    /// `np.log1p(a)`: `log(1 + a)`, accurate near zero.
    Log1p { name: "log1p", aliases: [], loops: FloatMath,
        nonfinite_why: "log of zero or of a negative number",
        kernel: map_math!(f64::ln_1p, f32::ln_1p, numpy cmath::log1p, cmath::log1p_c64),
        method: log1p }
    /// `np.sqrt(a)`.
    Sqrt { name: "sqrt", aliases: [], loops: FloatMath,
        nonfinite_why: "square root of a negative number",
        kernel: map_math!(f64::sqrt, f32::sqrt, c99 c_sqrt), method: sqrt }
    /// `np.cbrt(a)`.
    Cbrt { name: "cbrt", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::cbrt, f32::cbrt) }
    /// `np.square(a)`.
    Square { name: "square", aliases: [], loops: BoolAsInt8, nonfinite_why: "overflow",
        kernel: map_num!(T => T, T::square), method: square }
    /// `np.sin(a)`.
    Sin { name: "sin", aliases: [], loops: FloatMath, nonfinite_why: "sin of an infinity",
        kernel: map_math!(f64::sin, f32::sin, c99 c_sin), method: sin }
    /// `np.cos(a)`.
    Cos { name: "cos", aliases: [], loops: FloatMath, nonfinite_why: "cos of an infinity",
        kernel: map_math!(f64::cos, f32::cos, c99 c_cos), method: cos }
    /// `np.tan(a)`.
    Tan { name: "tan", aliases: [], loops: FloatMath, nonfinite_why: "tan of an infinity",
        kernel: map_math!(f64::tan, f32::tan, c99 c_tan) }
    /// `np.arcsin(a)`.
    Arcsin { name: "arcsin", aliases: ["asin"], loops: FloatMath,
        nonfinite_why: "arcsin outside [-1, 1]",
        kernel: map_math!(f64::asin, f32::asin, c99 c_asin) }
    /// `np.arccos(a)`.
    Arccos { name: "arccos", aliases: ["acos"], loops: FloatMath,
        nonfinite_why: "arccos outside [-1, 1]",
        kernel: map_math!(f64::acos, f32::acos, c99 c_acos) }
    /// `np.arctan(a)`.
    Arctan { name: "arctan", aliases: ["atan"], loops: FloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::atan, f32::atan, c99 c_atan) }
    /// `np.sinh(a)`.
    Sinh { name: "sinh", aliases: [], loops: FloatMath, nonfinite_why: "sinh overflowed",
        kernel: map_math!(f64::sinh, f32::sinh, c99 c_sinh) }
    /// `np.cosh(a)`.
    Cosh { name: "cosh", aliases: [], loops: FloatMath, nonfinite_why: "cosh overflowed",
        kernel: map_math!(f64::cosh, f32::cosh, c99 c_cosh) }
    /// `np.tanh(a)`.
    Tanh { name: "tanh", aliases: [], loops: FloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::tanh, f32::tanh, c99 c_tanh), method: tanh }
    /// `np.arcsinh(a)`.
    Arcsinh { name: "arcsinh", aliases: ["asinh"], loops: FloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::asinh, f32::asinh, c99 c_asinh) }
    /// `np.arccosh(a)`.
    Arccosh { name: "arccosh", aliases: ["acosh"], loops: FloatMath,
        nonfinite_why: "arccosh below 1",
        kernel: map_math!(f64::acosh, f32::acosh, c99 c_acosh) }
    /// `np.arctanh(a)`.
    Arctanh { name: "arctanh", aliases: ["atanh"], loops: FloatMath,
        nonfinite_why: "arctanh at or outside -1 and 1",
        kernel: map_math!(f64::atanh, f32::atanh, c99 c_atanh) }
    /// `np.deg2rad(a)`.
    Deg2rad { name: "deg2rad", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::to_radians, f32::to_radians) }
    /// `np.radians(a)`: NumPy's second ufunc for `deg2rad`.
    Radians { name: "radians", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::to_radians, f32::to_radians) }
    /// `np.rad2deg(a)`.
    Rad2deg { name: "rad2deg", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::to_degrees, f32::to_degrees) }
    /// `np.degrees(a)`: NumPy's second ufunc for `rad2deg`.
    Degrees { name: "degrees", aliases: [], loops: RealFloatMath, nonfinite_why: "overflow",
        kernel: map_math!(f64::to_degrees, f32::to_degrees) }
    /// `np.sign(a)`.
    Sign { name: "sign", aliases: [], loops: NoBool, nonfinite_why: "overflow",
        kernel: map_num!(T => T, T::np_sign), method: sign }
    /// `np.signbit(a)`.
    Signbit { name: "signbit", aliases: [], loops: RealPredicate, nonfinite_why: "overflow",
        kernel: signbit }
    /// `np.floor(a)`.
    Floor { name: "floor", aliases: [], loops: Rounding, nonfinite_why: "overflow",
        kernel: map_rounding!(f64::floor, f32::floor), method: floor }
    /// `np.ceil(a)`.
    Ceil { name: "ceil", aliases: [], loops: Rounding, nonfinite_why: "overflow",
        kernel: map_rounding!(f64::ceil, f32::ceil), method: ceil }
    /// `np.trunc(a)`.
    Trunc { name: "trunc", aliases: [], loops: Rounding, nonfinite_why: "overflow",
        kernel: map_rounding!(f64::trunc, f32::trunc), method: trunc }
    /// `np.rint(a)`: round half to even.
    Rint { name: "rint", aliases: [], loops: FloatMath, nonfinite_why: "overflow",
        kernel: rint, method: rint }
    /// `np.isnan(a)`.
    IsNan { name: "isnan", aliases: [], loops: Predicate, nonfinite_why: "overflow",
        kernel: map_num!(T => bool, T::is_nan), method: isnan }
    /// `np.isinf(a)`.
    IsInf { name: "isinf", aliases: [], loops: Predicate, nonfinite_why: "overflow",
        kernel: map_num!(T => bool, T::is_inf), method: isinf }
    /// `np.isfinite(a)`.
    IsFinite { name: "isfinite", aliases: [], loops: Predicate, nonfinite_why: "overflow",
        kernel: map_num!(T => bool, |v| !T::is_inf(v) && !T::is_nan(v)), method: isfinite }
}
