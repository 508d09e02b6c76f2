//! Method and operator sugar over the ufuncs: `a.add(&b)`, `&a + &b` (returning
//! `Result`), `clip`, `isclose`, `allclose`, `round`.
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::from_f64s(&[1.0, 2.0]);
//! let b = Array::from_f64s(&[10.0, 20.0]);
//! let c = (&a + &b).unwrap();
//! assert_eq!(c.to_f64_vec(), vec![11.0, 22.0]);
//! assert!(a.allclose(&a.add_scalar(1e-9).unwrap(), 1e-5, 1e-8).unwrap());
//! ```

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::PyScalar;
use crate::ufunc::{BinaryOp, Operand, UnaryOp, binary, binary_into, unary, where_};

macro_rules! binary_methods {
    ($($name:ident, $scalar:ident, $op:ident, $doc:literal);* $(;)?) => {$(
        #[doc = concat!("`", $doc, "` with broadcasting.")]
        pub fn $name(&self, other: &Array) -> Result<Array> {
            binary(BinaryOp::$op, self.into(), other.into())
        }
        #[doc = concat!("`", $doc, "` with a Python scalar (weakly typed).")]
        pub fn $scalar(&self, other: impl Into<PyScalar>) -> Result<Array> {
            binary(BinaryOp::$op, self.into(), Operand::Py(other.into()))
        }
    )*};
}

macro_rules! unary_methods {
    ($($name:ident, $op:ident);* $(;)?) => {$(
        #[doc = concat!("`np.", stringify!($name), "(a)`.")]
        pub fn $name(&self) -> Result<Array> {
            unary(UnaryOp::$op, self)
        }
    )*};
}

impl Array {
    binary_methods! {
        add, add_scalar, Add, "a + b";
        sub, sub_scalar, Subtract, "a - b";
        mul, mul_scalar, Multiply, "a * b";
        div, div_scalar, TrueDivide, "a / b";
        floor_div, floor_div_scalar, FloorDivide, "a // b";
        rem, rem_scalar, Remainder, "a % b";
        pow, pow_scalar, Power, "a ** b";
        maximum, maximum_scalar, Maximum, "np.maximum(a, b)";
        minimum, minimum_scalar, Minimum, "np.minimum(a, b)";
        eq, eq_scalar, Equal, "a == b";
        ne, ne_scalar, NotEqual, "a != b";
        lt, lt_scalar, Less, "a < b";
        le, le_scalar, LessEqual, "a <= b";
        gt, gt_scalar, Greater, "a > b";
        ge, ge_scalar, GreaterEqual, "a >= b";
        bitand, bitand_scalar, BitwiseAnd, "a & b";
        bitor, bitor_scalar, BitwiseOr, "a | b";
        bitxor, bitxor_scalar, BitwiseXor, "a ^ b";
        logical_and, logical_and_scalar, LogicalAnd, "np.logical_and(a, b)";
        logical_or, logical_or_scalar, LogicalOr, "np.logical_or(a, b)";
        logical_xor, logical_xor_scalar, LogicalXor, "np.logical_xor(a, b)";
    }

    unary_methods! {
        neg, Negative; abs, Absolute; invert, Invert; logical_not, LogicalNot;
        exp, Exp; log, Log; log1p, Log1p; sqrt, Sqrt; square, Square;
        sin, Sin; cos, Cos; tanh, Tanh; sign, Sign; floor, Floor; ceil, Ceil; trunc, Trunc; rint, Rint;
        isnan, IsNan; isinf, IsInf; isfinite, IsFinite;
    }

    /// `a op= b` in place, with NumPy's `same_kind` rule for the result cast.
    pub fn apply_inplace(&self, op: BinaryOp, other: Operand<'_>) -> Result<()> {
        binary_into(op, self, self.into(), other)
    }

    /// `np.clip(a, lo, hi)`: `minimum(maximum(a, lo), hi)`.
    pub fn clip(&self, lo: Option<Operand<'_>>, hi: Option<Operand<'_>>) -> Result<Array> {
        if lo.is_none() && hi.is_none() {
            return Err(Error::value(
                "One of max or min must be given",
                "Pass a lower bound, an upper bound, or both.",
            ));
        }
        let mut out = self.clone();
        if let Some(lo) = lo {
            out = binary(BinaryOp::Maximum, (&out).into(), lo)?;
        }
        if let Some(hi) = hi {
            out = binary(BinaryOp::Minimum, (&out).into(), hi)?;
        }
        Ok(out)
    }

    /// `np.round(a, decimals)`: half to even, as NumPy rounds.
    pub fn round(&self, decimals: i32) -> Result<Array> {
        if !self.dtype().is_inexact() {
            if decimals >= 0 {
                return self.copy(crate::Order::K);
            }
            let f = 10f64.powi(-decimals);
            let r = self.div_scalar(f)?.rint()?.mul_scalar(f)?;
            return r.astype(self.dtype(), crate::Casting::Unsafe);
        }
        if decimals == 0 {
            return self.rint();
        }
        let f = 10f64.powi(decimals.abs());
        if decimals > 0 {
            self.mul_scalar(f)?.rint()?.div_scalar(f)
        } else {
            self.div_scalar(f)?.rint()?.mul_scalar(f)
        }
    }

    /// `np.isclose(a, b, rtol, atol)`: `|a - b| <= atol + rtol * |b|`, infinities equal
    /// only to themselves, NaN never close.
    pub fn isclose(&self, other: &Array, rtol: f64, atol: f64) -> Result<Array> {
        let x = if self.dtype().is_inexact() {
            self.clone()
        } else {
            self.astype(DType::Float64, crate::Casting::Unsafe)?
        };
        let y = if other.dtype().is_inexact() {
            other.clone()
        } else {
            other.astype(DType::Float64, crate::Casting::Unsafe)?
        };
        let diff = x.sub(&y)?.abs()?;
        let tol = y.abs()?.mul_scalar(rtol)?.add_scalar(atol)?;
        let finite_close = diff.le(&tol)?;
        let both_finite = x.isfinite()?.logical_and(&y.isfinite()?)?;
        let exact = x.eq(&y)?;
        let close = finite_close.logical_and(&both_finite)?;
        let result = close.logical_or(&exact)?;
        // NumPy returns a view of its result buffer; mirror the flags.
        let shape: Vec<isize> = result.shape().iter().map(|&d| d as isize).collect();
        result.reshape(&shape)
    }

    /// `np.allclose(a, b, rtol, atol)`.
    pub fn allclose(&self, other: &Array, rtol: f64, atol: f64) -> Result<bool> {
        crate::reduce::reduce_all_true(&self.isclose(other, rtol, atol)?)
    }
}

/// `np.where(cond, x, y)`.
pub fn where_select(cond: &Array, x: Operand<'_>, y: Operand<'_>) -> Result<Array> {
    where_(cond, x, y)
}

macro_rules! std_binop {
    ($($trait:ident, $method:ident, $op:ident);* $(;)?) => {$(
        impl std::ops::$trait<&Array> for &Array {
            type Output = Result<Array>;
            fn $method(self, rhs: &Array) -> Result<Array> {
                binary(BinaryOp::$op, self.into(), rhs.into())
            }
        }
        impl std::ops::$trait<f64> for &Array {
            type Output = Result<Array>;
            fn $method(self, rhs: f64) -> Result<Array> {
                binary(BinaryOp::$op, self.into(), Operand::from(rhs))
            }
        }
    )*};
}

std_binop! {
    Add, add, Add; Sub, sub, Subtract; Mul, mul, Multiply; Div, div, TrueDivide; Rem, rem, Remainder;
    BitAnd, bitand, BitwiseAnd; BitOr, bitor, BitwiseOr; BitXor, bitxor, BitwiseXor;
}

impl std::ops::Neg for &Array {
    type Output = Result<Array>;
    fn neg(self) -> Result<Array> {
        unary(UnaryOp::Negative, self)
    }
}
