//! Operator sugar over the ufuncs: `&a + &b` (returning `Result`), `a op= b`, and
//! `clip`, `isclose`, `allclose`, `round`. The per-ufunc methods (`a.add(&b)`,
//! `a.sqrt()`) come from the ufunc table ([`crate::ufunc`]).
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
use crate::ufunc::{BinaryOp, Operand, UnaryOp, binary, binary_into, unary, where_};

impl Array {
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
        if self.dtype().is_opaque() {
            return Err(Error::records_not_implemented("np.round", self.dtype()));
        }
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
