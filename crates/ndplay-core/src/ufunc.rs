//! Element-wise operations (NumPy's ufuncs): type resolution by NumPy 2's rules, then one
//! typed kernel per call over broadcast, strided operands.
//!
//! Type resolution follows NEP 50: arrays promote by the table in [`DType::promote`];
//! Python scalars are weak and adopt the array's dtype where their kind allows
//! (`uint8_array + 1` stays uint8; `int_array / 2` is float64).
//!
//! ```
//! use ndplay_core::{Array, DType};
//! use ndplay_core::ufunc::{binary, BinaryOp, Operand};
//! let a = Array::from_vec(vec![1u8, 2, 250], &[3]).unwrap();
//! let b = binary(BinaryOp::Add, Operand::from(&a), Operand::from(10i64)).unwrap();
//! assert_eq!(b.dtype(), DType::UInt8);
//! assert_eq!(b.to_vec::<u8>(), vec![11, 12, 4]); // wraps, as in NumPy
//! let err = binary(BinaryOp::Add, Operand::from(&a), Operand::from(300i64)).unwrap_err();
//! assert_eq!(err.numpy_message(), "Python integer 300 out of bounds for uint8");
//! ```
#![allow(unsafe_code)]

use crate::array::{Array, Order, copy_into};
use crate::dtype::{Casting, DType, Kind};
use crate::element::{C64, C128, Element, Num, Wide};
use crate::error::{Error, Result};
use crate::iter::{SendPtr, for_each_run, plan_runs};
use crate::kernels::{map_run, zip_run};
use crate::layout::Layout;
use crate::scalar::{PyScalar, Scalar};
use crate::shape::broadcast_shapes;
use crate::with_numeric;

/// A binary ufunc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    TrueDivide,
    FloorDivide,
    Remainder,
    Power,
    Maximum,
    Minimum,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    BitwiseAnd,
    BitwiseOr,
    BitwiseXor,
    LogicalAnd,
    LogicalOr,
    LogicalXor,
}

impl BinaryOp {
    /// Every binary ufunc.
    pub const ALL: [BinaryOp; 21] = {
        use BinaryOp::*;
        [
            Add,
            Subtract,
            Multiply,
            TrueDivide,
            FloorDivide,
            Remainder,
            Power,
            Maximum,
            Minimum,
            Equal,
            NotEqual,
            Less,
            LessEqual,
            Greater,
            GreaterEqual,
            BitwiseAnd,
            BitwiseOr,
            BitwiseXor,
            LogicalAnd,
            LogicalOr,
            LogicalXor,
        ]
    };

    /// The ufunc NumPy calls `name` (`"add"`; aliases `"true_divide"` and `"mod"` too).
    pub fn from_name(name: &str) -> Option<BinaryOp> {
        match name {
            "true_divide" => Some(BinaryOp::TrueDivide),
            "mod" => Some(BinaryOp::Remainder),
            _ => Self::ALL.into_iter().find(|op| op.name() == name),
        }
    }

    /// NumPy's ufunc name.
    pub fn name(self) -> &'static str {
        use BinaryOp::*;
        match self {
            Add => "add",
            Subtract => "subtract",
            Multiply => "multiply",
            TrueDivide => "divide",
            FloorDivide => "floor_divide",
            Remainder => "remainder",
            Power => "power",
            Maximum => "maximum",
            Minimum => "minimum",
            Equal => "equal",
            NotEqual => "not_equal",
            Less => "less",
            LessEqual => "less_equal",
            Greater => "greater",
            GreaterEqual => "greater_equal",
            BitwiseAnd => "bitwise_and",
            BitwiseOr => "bitwise_or",
            BitwiseXor => "bitwise_xor",
            LogicalAnd => "logical_and",
            LogicalOr => "logical_or",
            LogicalXor => "logical_xor",
        }
    }

    /// The Python operator symbol, if the op has one.
    pub fn symbol(self) -> Option<&'static str> {
        use BinaryOp::*;
        Some(match self {
            Add => "+",
            Subtract => "-",
            Multiply => "*",
            TrueDivide => "/",
            FloorDivide => "//",
            Remainder => "%",
            Power => "**",
            Equal => "==",
            NotEqual => "!=",
            Less => "<",
            LessEqual => "<=",
            Greater => ">",
            GreaterEqual => ">=",
            BitwiseAnd => "&",
            BitwiseOr => "|",
            BitwiseXor => "^",
            _ => return None,
        })
    }

    fn is_comparison(self) -> bool {
        use BinaryOp::*;
        matches!(
            self,
            Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual
        )
    }
}

/// A unary ufunc.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum UnaryOp {
    Negative,
    Positive,
    Absolute,
    Invert,
    LogicalNot,
    Exp,
    Log,
    Log1p,
    Sqrt,
    Square,
    Sin,
    Cos,
    Tanh,
    Sign,
    Floor,
    Ceil,
    Trunc,
    Rint,
    IsNan,
    IsInf,
    IsFinite,
}

impl UnaryOp {
    /// Every unary ufunc.
    pub const ALL: [UnaryOp; 21] = {
        use UnaryOp::*;
        [
            Negative, Positive, Absolute, Invert, LogicalNot, Exp, Log, Log1p, Sqrt, Square, Sin,
            Cos, Tanh, Sign, Floor, Ceil, Trunc, Rint, IsNan, IsInf, IsFinite,
        ]
    };

    /// The ufunc NumPy calls `name` (`"sqrt"`; alias `"abs"` too).
    pub fn from_name(name: &str) -> Option<UnaryOp> {
        match name {
            "abs" => Some(UnaryOp::Absolute),
            _ => Self::ALL.into_iter().find(|op| op.name() == name),
        }
    }

    /// NumPy's ufunc name.
    pub fn name(self) -> &'static str {
        use UnaryOp::*;
        match self {
            Negative => "negative",
            Positive => "positive",
            Absolute => "absolute",
            Invert => "invert",
            LogicalNot => "logical_not",
            Exp => "exp",
            Log => "log",
            Log1p => "log1p",
            Sqrt => "sqrt",
            Square => "square",
            Sin => "sin",
            Cos => "cos",
            Tanh => "tanh",
            Sign => "sign",
            Floor => "floor",
            Ceil => "ceil",
            Trunc => "trunc",
            Rint => "rint",
            IsNan => "isnan",
            IsInf => "isinf",
            IsFinite => "isfinite",
        }
    }
}

/// An operand: an array, or a weakly typed Python scalar.
#[derive(Clone, Debug)]
pub enum Operand<'a> {
    /// An array (0-D arrays are *not* weak under NEP 50).
    Array(&'a Array),
    /// A Python scalar.
    Py(PyScalar),
}

impl<'a> From<&'a Array> for Operand<'a> {
    fn from(a: &'a Array) -> Self {
        Operand::Array(a)
    }
}
impl From<f64> for Operand<'_> {
    fn from(v: f64) -> Self {
        Operand::Py(PyScalar::Float(v))
    }
}
impl From<i64> for Operand<'_> {
    fn from(v: i64) -> Self {
        Operand::Py(PyScalar::Int(v))
    }
}
impl From<bool> for Operand<'_> {
    fn from(v: bool) -> Self {
        Operand::Py(PyScalar::Bool(v))
    }
}
impl From<PyScalar> for Operand<'_> {
    fn from(v: PyScalar) -> Self {
        Operand::Py(v)
    }
}

impl Operand<'_> {
    /// The operand's dtype if it were on its own.
    pub fn dtype(&self) -> DType {
        match self {
            Operand::Array(a) => a.dtype(),
            Operand::Py(p) => DType::of_weak(p.weak_kind()),
        }
    }

    /// The operand's shape (`()` for scalars).
    pub fn shape(&self) -> Vec<usize> {
        match self {
            Operand::Array(a) => a.shape().to_vec(),
            Operand::Py(_) => vec![],
        }
    }
}

/// The common dtype of operands under NEP 50.
pub fn result_type(op: &str, operands: &[Operand<'_>]) -> Result<DType> {
    let arrays: Vec<DType> = operands
        .iter()
        .filter_map(|o| match o {
            Operand::Array(a) => Some(a.dtype()),
            Operand::Py(_) => None,
        })
        .collect();
    let mut common: Option<DType> = None;
    for &d in &arrays {
        common = Some(match common {
            None => d,
            Some(c) => DType::try_promote(c, d).ok_or_else(|| Error::NoLoop {
                op: op.to_string(),
                dtypes: arrays.clone(),
            })?,
        });
    }
    let has_arrays = common.is_some();
    for o in operands {
        if let Operand::Py(p) = o {
            common = Some(match common {
                None => DType::of_weak(p.weak_kind()),
                Some(c) if has_arrays => c.promote_weak(p.weak_kind()),
                Some(c) => DType::promote(c, DType::of_weak(p.weak_kind())),
            });
        }
    }
    Ok(common.unwrap_or(DType::Float64))
}

/// Converts an operand to an array of `dtype`, checking that Python ints fit (NumPy 2
/// raises `OverflowError` instead of wrapping them).
fn operand_as(op: &Operand<'_>, dtype: DType) -> Result<Array> {
    match op {
        Operand::Array(a) if a.dtype() == dtype => Ok((*a).clone()),
        Operand::Array(a) => a.astype(dtype, Casting::Unsafe),
        Operand::Py(p) => {
            if let (PyScalar::Int(v), true) = (p, dtype.is_integer()) {
                let fits = match dtype {
                    DType::Int8 => i8::try_from(*v).is_ok(),
                    DType::Int16 => i16::try_from(*v).is_ok(),
                    DType::Int32 => i32::try_from(*v).is_ok(),
                    DType::UInt8 => u8::try_from(*v).is_ok(),
                    DType::UInt16 => u16::try_from(*v).is_ok(),
                    DType::UInt32 => u32::try_from(*v).is_ok(),
                    DType::UInt64 => *v >= 0,
                    _ => true,
                };
                if !fits {
                    return Err(Error::Invalid {
                        py_type: "OverflowError",
                        message: format!("Python integer {v} out of bounds for {dtype}"),
                        hint: format!(
                            "NumPy 2 keeps the array's dtype {dtype} for Python ints (NEP 50), and {v} does not \
                             fit in it. Cast the array first (a.astype(np.int64)) or use a value in range."
                        ),
                    });
                }
            }
            Ok(Array::from_scalar(&Scalar::from_wide(dtype, p.to_wide())))
        }
    }
}

/// The dtype a binary op computes in and the dtype it returns.
pub fn binary_loop_dtypes(op: BinaryOp, operands: &[Operand<'_>; 2]) -> Result<(DType, DType)> {
    use BinaryOp::*;
    let dtypes = [operands[0].dtype(), operands[1].dtype()];
    let common = result_type(op.name(), operands)?;
    let unsupported = || Error::Unsupported {
        op: op.name().into(),
        dtypes: dtypes.to_vec(),
    };
    if let DType::Str(_) = common {
        return if op.is_comparison() {
            Ok((common, DType::Bool))
        } else {
            Err(Error::NoLoop {
                op: op.name().into(),
                dtypes: dtypes.to_vec(),
            })
        };
    }
    let k = common.kind();
    Ok(match op {
        Add | Multiply | Maximum | Minimum => (common, common),
        Subtract => {
            if k == Kind::Bool {
                return Err(Error::type_error(
                    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
                    "Booleans have no subtraction. For 'differs', use a ^ b; for arithmetic, cast first: a.astype(int) - b.",
                ));
            }
            (common, common)
        }
        TrueDivide => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (DType::Float64, DType::Float64),
            _ => (common, common),
        },
        FloorDivide | Remainder => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            Kind::Complex => return Err(unsupported()),
            _ => (common, common),
        },
        Power => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            _ => (common, common),
        },
        Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual => (common, DType::Bool),
        BitwiseAnd | BitwiseOr | BitwiseXor => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (common, common),
            _ => return Err(unsupported()),
        },
        LogicalAnd | LogicalOr | LogicalXor => (DType::Bool, DType::Bool),
    })
}

/// Applies a binary ufunc with broadcasting, returning a new array.
pub fn binary(op: BinaryOp, a: Operand<'_>, b: Operand<'_>) -> Result<Array> {
    let operands = [a, b];
    let (loop_dt, out_dt) = binary_loop_dtypes(op, &operands)?;
    let shape = broadcast_shapes(op.name(), &[&operands[0].shape(), &operands[1].shape()])?;
    let x = operand_as(&operands[0], loop_dt)?;
    let y = operand_as(&operands[1], loop_dt)?;
    if op == BinaryOp::Power && loop_dt.is_integer() && y.to_vec::<i64>().iter().any(|&e| e < 0) {
        return Err(Error::value(
            "Integers to negative integer powers are not allowed.",
            "An integer array raised to a negative power would need fractions. Use a float base \
             (a.astype(float) ** -1) or np.float_power.",
        ));
    }
    let xl = x.layout().broadcast_to(&shape)?;
    let yl = y.layout().broadcast_to(&shape)?;
    let order = Layout::k_order(shape.len(), &[xl.strides(), yl.strides()]);
    let out = Array::try_alloc(
        Layout::contiguous_in_order(&shape, out_dt.itemsize(), &order),
        out_dt,
    )?;
    if let DType::Str(_) = loop_dt {
        return compare_strings(op, &x, &xl, &y, &yl, &out);
    }
    run_binary(op, loop_dt, &x, &xl, &y, &yl, &out)?;
    if crate::diagnostics::enabled() {
        diagnose_binary(op, &operands, &x, &y, &out)?;
    }
    Ok(out)
}

/// The loud-failure checks of a binary operation (see [`crate::diagnostics`]); they read
/// the operands and the result and never change it.
fn diagnose_binary(
    op: BinaryOp,
    operands: &[Operand<'_>; 2],
    x: &Array,
    y: &Array,
    out: &Array,
) -> Result<()> {
    use crate::diagnostics::{self as diag, Diagnostic, Kind};
    use BinaryOp::*;
    let arithmetic = matches!(
        op,
        Add | Subtract
            | Multiply
            | TrueDivide
            | FloorDivide
            | Remainder
            | Power
            | Maximum
            | Minimum
    );
    if let (Operand::Array(a), Operand::Array(b)) = (&operands[0], &operands[1]) {
        if arithmetic {
            diag::check_outer_broadcast(
                op.name(),
                (a.shape(), a.dtype()),
                (b.shape(), b.dtype()),
                out.shape(),
            )?;
            diag::check_upcast(
                op.name(),
                (a.shape(), a.dtype()),
                (b.shape(), b.dtype()),
                out.dtype(),
            )?;
        }
        if matches!(op, Add | Subtract) {
            diag::check_bias_along_rows(
                op.name(),
                (a.shape(), a.dtype(), a.origin().is_some()),
                (b.shape(), b.dtype(), b.origin().is_some()),
            )?;
        }
        if matches!(op, Subtract | TrueDivide) {
            diagnose_axis_statistic(op, a, b)?;
        }
    }
    let shapes: Vec<(Vec<usize>, DType)> =
        operands.iter().map(|o| (o.shape(), o.dtype())).collect();
    if out.dtype().is_inexact()
        && nonfinite_count(out) > 0
        && nonfinite_count(x) == 0
        && nonfinite_count(y) == 0
    {
        diag::emit(Diagnostic {
            kind: Kind::NonFiniteProduced,
            op: op.name().into(),
            operands: shapes.clone(),
            message: format!(
                "{}: the inputs were all finite but {} result values are NaN or Inf (division by zero, 0/0, or overflow).",
                op.name(),
                nonfinite_count(out)
            ),
            fix: "Guard the denominator (np.where(d != 0, d, 1)), clip before exp, or check np.isfinite(result).all().".into(),
        })?;
    }
    if out.dtype().is_integer() && matches!(op, Add | Subtract | Multiply | Power) {
        // Recompute in float64 (exact below 2**53) and compare: a difference means wrap-around.
        let xf = x.astype(DType::Float64, Casting::Unsafe)?;
        let yf = y.astype(DType::Float64, Casting::Unsafe)?;
        let exact = binary(op, (&xf).into(), (&yf).into())?.to_vec::<f64>();
        let got = out.to_vec::<f64>();
        let wrapped = exact
            .iter()
            .zip(&got)
            .filter(|(e, g)| e.abs() < 9.0e15 && e != g)
            .count();
        if wrapped > 0 {
            diag::emit(Diagnostic {
                kind: Kind::IntegerOverflow,
                op: op.name().into(),
                operands: shapes.clone(),
                message: format!(
                    "{}: {wrapped} results did not fit in {} and wrapped around silently.",
                    op.name(),
                    out.dtype()
                ),
                fix: format!(
                    "Widen first (a.astype(np.int64) or np.float64) before {}.",
                    op.name()
                ),
            })?;
        }
    }
    if op == FloorDivide && out.dtype().is_integer() {
        let rem = binary(Remainder, x.into(), y.into())?;
        let lost = rem.to_vec::<i64>().iter().filter(|&&r| r != 0).count();
        if lost > 0 {
            diag::emit(Diagnostic {
                kind: Kind::IntegerTruncation,
                op: op.name().into(),
                operands: shapes,
                message: format!(
                    "floor_divide: integer division dropped the fractional part of {lost} results; the result \
                     stays {} (your gradients just became integers).",
                    out.dtype()
                ),
                fix:
                    "Use true division (a / b), or cast to float first (a.astype(np.float64) // b)."
                        .into(),
            })?;
        }
    }
    Ok(())
}

/// `X - X.mean(axis=1)` on a `(N, D)` batch: each example centred by its own mean.
fn diagnose_axis_statistic(op: BinaryOp, a: &Array, b: &Array) -> Result<()> {
    use crate::diagnostics::{Diagnostic, Kind, emit};
    let Some(origin) = b.origin() else {
        return Ok(());
    };
    let report = |message: String, fix: String| {
        emit(Diagnostic {
            kind: Kind::AxisStatistic,
            op: op.name().into(),
            operands: vec![
                (a.shape().to_vec(), a.dtype()),
                (b.shape().to_vec(), b.dtype()),
            ],
            message,
            fix,
        })
    };
    if a.ndim() == 2
        && origin.input_shape == a.shape()
        && origin.axes == [1]
        && matches!(origin.op, "mean" | "std" | "var")
    {
        let verb = if op == BinaryOp::Subtract {
            "centres"
        } else {
            "scales"
        };
        return report(
            format!(
                "{}: this {verb} a (N, D) = {} batch with a {} taken over axis=1, one number per example \
                 (row). Feature standardisation takes statistics over axis=0, one per feature{}.",
                op.name(),
                crate::shape::fmt_shape(a.shape()),
                origin.op,
                if origin.keepdims {
                    ""
                } else {
                    "; without keepdims the (N,) row statistics are even broadcast along the feature axis"
                }
            ),
            format!(
                "Use X.{}(axis=0) for per-feature statistics (shape (D,)).",
                origin.op
            ),
        );
    }
    // The reverse: per-example normalisations (probabilities, a softmax's stabilising
    // shift) taken over the batch axis instead.
    let reverse = a.ndim() == 2
        && origin.input_shape == a.shape()
        && origin.axes == [0]
        && a.shape()[0] > 1
        && matches!(
            (op, origin.op),
            (BinaryOp::TrueDivide, "sum") | (BinaryOp::Subtract, "max")
        );
    if reverse {
        let (what, usual) = if op == BinaryOp::TrueDivide {
            (
                "normalises by a sum over axis=0, so each column (feature or class) sums to 1 \
                 across the batch, not each example (row)",
                "Probabilities and softmax outputs normalise each example: divide by \
                 X.sum(axis=1, keepdims=True).",
            )
        } else {
            (
                "shifts by a max over axis=0, one number per column, taken across the batch",
                "A stable softmax over each example's classes shifts each row by its own max: \
                 X - X.max(axis=1, keepdims=True); a per-column shift changes a row-wise \
                 softmax's result.",
            )
        };
        return report(
            format!(
                "{}: this {what} of the (N, D) = {} batch. Per-example normalisations work \
                 along axis=1.",
                op.name(),
                crate::shape::fmt_shape(a.shape()),
            ),
            usual.to_string(),
        );
    }
    Ok(())
}

/// Number of NaN/Inf elements (0 for exact types).
pub(crate) fn nonfinite_count(a: &Array) -> usize {
    if !a.dtype().is_inexact() {
        return 0;
    }
    with_numeric!(a.dtype(), T => a.to_vec::<T>().into_iter().filter(|&v| T::is_nan(v) || T::is_inf(v)).count())
}

/// `out[...] = op(a, b)` in place (`a += b` is `binary_into(Add, a, a, b)`): the result
/// dtype must cast to `out`'s dtype under `same_kind`, as NumPy requires.
pub fn binary_into(op: BinaryOp, out: &Array, a: Operand<'_>, b: Operand<'_>) -> Result<()> {
    out.check_writeable("output")?;
    use crate::diagnostics::{self, Kind, Level};
    let operands = [a.clone(), b.clone()];
    let (_, out_dt) = binary_loop_dtypes(op, &operands)?;
    if !out_dt.can_cast_to(out.dtype(), Casting::SameKind) {
        return Err(Error::Cast {
            op: op.name().into(),
            from: out_dt,
            to: out.dtype(),
            casting: Casting::SameKind,
        });
    }
    // The operation's diagnostics are about the temporary result; an in-place target of
    // float32 keeps float32 (`x *= w64`), so a float64 upcast of the temporary is not one.
    let outer = diagnostics::level();
    let inner = if outer == Level::Off {
        Level::Off
    } else {
        Level::Warn
    };
    let (result, found) = diagnostics::with_level(inner, || binary(op, a, b));
    let result = result?;
    for d in found {
        if d.kind != Kind::Upcast || out.dtype() == DType::Float64 {
            diagnostics::emit(d)?;
        }
    }
    if crate::shape::broadcast_shapes(op.name(), &[out.shape(), result.shape()])? != out.shape() {
        return Err(Error::value(
            format!(
                "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                crate::error::fmt_shape_compact(out.shape()),
                crate::error::fmt_shape_compact(result.shape())
            ),
            "An in-place operation cannot grow its target; compute a new array instead (c = a OP b).",
        ));
    }
    copy_into(out, &result)
}

#[allow(clippy::too_many_arguments)]
fn zip_all<A: Element, B: Element, D: Element>(
    x: &Array,
    xl: &Layout,
    y: &Array,
    yl: &Layout,
    out: &Array,
    f: impl Fn(A, B) -> D + Sync,
) -> Result<()> {
    let plan = plan_runs(out.shape(), &[out.strides(), xl.strides(), yl.strides()]);
    let xb = x.storage().read();
    let yb = if std::sync::Arc::ptr_eq(x.storage(), y.storage()) {
        None
    } else {
        Some(y.storage().read())
    };
    let mut ob = out.storage().write()?;
    let xp = SendPtr(unsafe { xb.as_ptr().add(xl.offset()) }.cast_mut());
    let ybase = yb.as_ref().map(|g| g.as_ptr()).unwrap_or(xb.as_ptr());
    let yp = SendPtr(unsafe { ybase.add(yl.offset()) }.cast_mut());
    let op = SendPtr(unsafe { ob.as_mut_ptr().add(out.layout().offset()) });
    for_each_run::<3>(&plan, true, |o, s, n| {
        // SAFETY: runs lie within the locked storages; output runs are disjoint.
        unsafe {
            zip_run::<A, B, D>(
                xp.get().offset(o[1]),
                s[1],
                yp.get().offset(o[2]),
                s[2],
                op.get().offset(o[0]),
                s[0],
                n,
                &f,
            )
        }
    });
    Ok(())
}

fn run_binary(
    op: BinaryOp,
    dt: DType,
    x: &Array,
    xl: &Layout,
    y: &Array,
    yl: &Layout,
    out: &Array,
) -> Result<()> {
    use BinaryOp::*;
    with_numeric!(dt, T => {
        match op {
            Add => zip_all::<T, T, T>(x, xl, y, yl, out, T::add),
            Subtract => zip_all::<T, T, T>(x, xl, y, yl, out, T::sub),
            Multiply => zip_all::<T, T, T>(x, xl, y, yl, out, T::mul),
            TrueDivide => zip_all::<T, T, T>(x, xl, y, yl, out, T::div),
            FloorDivide => zip_all::<T, T, T>(x, xl, y, yl, out, T::floor_div),
            Remainder => zip_all::<T, T, T>(x, xl, y, yl, out, T::rem),
            Power => zip_all::<T, T, T>(x, xl, y, yl, out, T::power),
            Maximum => zip_all::<T, T, T>(x, xl, y, yl, out, T::max_nan),
            Minimum => zip_all::<T, T, T>(x, xl, y, yl, out, T::min_nan),
            Equal => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| a == b),
            NotEqual => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| a != b),
            Less => zip_all::<T, T, bool>(x, xl, y, yl, out, T::less),
            LessEqual => zip_all::<T, T, bool>(x, xl, y, yl, out, T::less_eq),
            Greater => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| <T as Num>::less(b, a)),
            GreaterEqual => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| <T as Num>::less_eq(b, a)),
            BitwiseAnd => zip_all::<T, T, T>(x, xl, y, yl, out, T::bitand),
            BitwiseOr => zip_all::<T, T, T>(x, xl, y, yl, out, T::bitor),
            BitwiseXor => zip_all::<T, T, T>(x, xl, y, yl, out, T::bitxor),
            LogicalAnd => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| T::nonzero(a) && T::nonzero(b)),
            LogicalOr => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| T::nonzero(a) || T::nonzero(b)),
            LogicalXor => zip_all::<T, T, bool>(x, xl, y, yl, out, |a, b| T::nonzero(a) != T::nonzero(b)),
        }
    })
}

fn compare_strings(
    op: BinaryOp,
    x: &Array,
    xl: &Layout,
    y: &Array,
    yl: &Layout,
    out: &Array,
) -> Result<Array> {
    let xs = Array::view_for(x, xl.clone()).to_strings();
    let ys = Array::view_for(y, yl.clone()).to_strings();
    let vals: Vec<bool> = xs
        .iter()
        .zip(&ys)
        .map(|(a, b)| match op {
            BinaryOp::Equal => a == b,
            BinaryOp::NotEqual => a != b,
            BinaryOp::Less => a < b,
            BinaryOp::LessEqual => a <= b,
            BinaryOp::Greater => a > b,
            _ => a >= b,
        })
        .collect();
    let res = Array::from_vec(vals, out.shape())?;
    copy_into(out, &res)?;
    Ok(out.clone())
}

impl Array {
    pub(crate) fn view_for(a: &Array, layout: Layout) -> Array {
        a.view_with(layout)
    }
}

/// The loop dtype and output dtype of a unary ufunc for an input dtype.
pub fn unary_loop_dtypes(op: UnaryOp, dt: DType) -> Result<(DType, DType)> {
    use UnaryOp::*;
    let k = dt.kind();
    let unsupported = || Error::Unsupported {
        op: op.name().into(),
        dtypes: vec![dt],
    };
    if k == Kind::Str {
        return Err(Error::NoLoop {
            op: op.name().into(),
            dtypes: vec![dt],
        });
    }
    Ok(match op {
        Negative => {
            if k == Kind::Bool {
                return Err(Error::type_error(
                    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
                    "Use ~mask to flip booleans, or cast first (mask.astype(int)) for arithmetic.",
                ));
            }
            (dt, dt)
        }
        Positive => {
            if k == Kind::Bool {
                return Err(Error::NoLoop {
                    op: op.name().into(),
                    dtypes: vec![dt],
                });
            }
            (dt, dt)
        }
        Absolute => (dt, dt.real_dtype()),
        Invert => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (dt, dt),
            _ => return Err(unsupported()),
        },
        LogicalNot | IsNan | IsInf | IsFinite => (dt, DType::Bool),
        Exp | Log | Log1p | Sqrt | Sin | Cos | Tanh | Rint => {
            let f = dt.float_for_math();
            (f, f)
        }
        Square => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            _ => (dt, dt),
        },
        Sign => match k {
            Kind::Bool => {
                return Err(Error::NoLoop {
                    op: op.name().into(),
                    dtypes: vec![dt],
                });
            }
            _ => (dt, dt),
        },
        Floor | Ceil | Trunc => match k {
            Kind::Complex => return Err(unsupported()),
            _ => (dt, dt),
        },
    })
}

/// Applies a unary ufunc, returning a new array (laid out like its input).
pub fn unary(op: UnaryOp, a: &Array) -> Result<Array> {
    let (loop_dt, out_dt) = unary_loop_dtypes(op, a.dtype())?;
    let x = if a.dtype() == loop_dt {
        a.clone()
    } else {
        a.astype(loop_dt, Casting::Unsafe)?
    };
    let out = x.alloc_like(out_dt, Order::K)?;
    run_unary(op, &x, &out)?;
    if crate::diagnostics::enabled()
        && out.dtype().is_inexact()
        && nonfinite_count(&x) == 0
        && nonfinite_count(&out) > 0
    {
        crate::diagnostics::emit(crate::diagnostics::Diagnostic {
            kind: crate::diagnostics::Kind::NonFiniteProduced,
            op: op.name().into(),
            operands: vec![(a.shape().to_vec(), a.dtype())],
            message: format!(
                "{}: the input was all finite but {} results are NaN or Inf ({}).",
                op.name(),
                nonfinite_count(&out),
                match op {
                    UnaryOp::Log | UnaryOp::Log1p => "log of zero or of a negative number",
                    UnaryOp::Sqrt => "square root of a negative number",
                    UnaryOp::Exp => "exp overflowed; stable code subtracts the max first",
                    _ => "overflow",
                }
            ),
            fix: "Clip or shift the input into the function's domain (np.log(np.clip(p, 1e-12, None)), x - x.max()).".into(),
        })?;
    }
    Ok(out)
}

fn map_all<S: Element, D: Element>(
    x: &Array,
    out: &Array,
    f: impl Fn(S) -> D + Sync,
) -> Result<()> {
    let plan = plan_runs(out.shape(), &[out.strides(), x.strides()]);
    let xb = x.storage().read();
    let mut ob = out.storage().write()?;
    let xp = SendPtr(unsafe { xb.as_ptr().add(x.layout().offset()) }.cast_mut());
    let op = SendPtr(unsafe { ob.as_mut_ptr().add(out.layout().offset()) });
    for_each_run::<2>(&plan, true, |o, s, n| {
        // SAFETY: runs lie within the locked storages; output runs are disjoint.
        unsafe {
            map_run::<S, D>(
                xp.get().offset(o[1]),
                s[1],
                op.get().offset(o[0]),
                s[0],
                n,
                &f,
            )
        }
    });
    Ok(())
}

/// Real math functions, computed in f64 for f16 via f32 as NumPy does.
trait RealMath: Copy {
    fn map(self, f: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self;
}
impl RealMath for f64 {
    fn map(self, f: impl Fn(f64) -> f64, _: impl Fn(f32) -> f32) -> Self {
        f(self)
    }
}
impl RealMath for f32 {
    fn map(self, _: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self {
        g(self)
    }
}
impl RealMath for half::f16 {
    fn map(self, _: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self {
        half::f16::from_f32(g(self.to_f32()))
    }
}

fn run_unary(op: UnaryOp, x: &Array, out: &Array) -> Result<()> {
    use UnaryOp::*;
    let dt = x.dtype();
    match op {
        Negative => with_numeric!(dt, T => map_all::<T, T>(x, out, T::negate)),
        Positive => with_numeric!(dt, T => map_all::<T, T>(x, out, |v| v)),
        Absolute => match dt {
            DType::Complex64 => map_all::<C64, f32>(x, out, |c| c.norm()),
            DType::Complex128 => map_all::<C128, f64>(x, out, |c| c.norm()),
            _ => with_numeric!(dt, T => map_all::<T, T>(x, out, T::absolute)),
        },
        Invert => with_numeric!(dt, T => map_all::<T, T>(x, out, T::invert)),
        LogicalNot => with_numeric!(dt, T => map_all::<T, bool>(x, out, |v| !T::nonzero(v))),
        IsNan => with_numeric!(dt, T => map_all::<T, bool>(x, out, T::is_nan)),
        IsInf => with_numeric!(dt, T => map_all::<T, bool>(x, out, T::is_inf)),
        IsFinite => {
            with_numeric!(dt, T => map_all::<T, bool>(x, out, |v| !T::is_inf(v) && !T::is_nan(v)))
        }
        Square => with_numeric!(dt, T => map_all::<T, T>(x, out, |v| T::mul(v, v))),
        Sign => with_numeric!(dt, T => map_all::<T, T>(x, out, T::np_sign)),
        Floor | Ceil | Trunc | Rint if !dt.is_inexact() => {
            with_numeric!(dt, T => map_all::<T, T>(x, out, |v| v))
        }
        _ => match dt {
            DType::Complex64 => {
                map_all::<C64, C64>(x, out, |c| complex_math(op, c.into_c128()).into_c64())
            }
            DType::Complex128 => map_all::<C128, C128>(x, out, |c| complex_math(op, c)),
            d => crate::with_float!(d, T => map_all::<T, T>(x, out, |v: T| real_math(op, v))),
        },
    }
}

fn real_math<T: RealMath>(op: UnaryOp, v: T) -> T {
    use UnaryOp::*;
    match op {
        Exp => v.map(f64::exp, f32::exp),
        Log => v.map(f64::ln, f32::ln),
        Log1p => v.map(f64::ln_1p, f32::ln_1p),
        Sqrt => v.map(f64::sqrt, f32::sqrt),
        Sin => v.map(f64::sin, f32::sin),
        Cos => v.map(f64::cos, f32::cos),
        Tanh => v.map(f64::tanh, f32::tanh),
        Floor => v.map(f64::floor, f32::floor),
        Ceil => v.map(f64::ceil, f32::ceil),
        Trunc => v.map(f64::trunc, f32::trunc),
        Rint => v.map(f64::round_ties_even, f32::round_ties_even),
        _ => v,
    }
}

fn complex_math(op: UnaryOp, c: C128) -> C128 {
    use UnaryOp::*;
    match op {
        Exp => c.exp(),
        Log => c.ln(),
        Log1p => (c + C128::new(1.0, 0.0)).ln(),
        Sqrt => c.sqrt(),
        Sin => c.sin(),
        Cos => c.cos(),
        Tanh => c.tanh(),
        Rint => C128::new(c.re.round_ties_even(), c.im.round_ties_even()),
        _ => c,
    }
}

trait ComplexConv {
    fn into_c128(self) -> C128;
}
impl ComplexConv for C64 {
    fn into_c128(self) -> C128 {
        C128::new(self.re as f64, self.im as f64)
    }
}
trait IntoC64 {
    fn into_c64(self) -> C64;
}
impl IntoC64 for C128 {
    fn into_c64(self) -> C64 {
        C64::new(self.re as f32, self.im as f32)
    }
}

/// `np.where(cond, x, y)`: broadcasts all three; `x` and `y` promote.
pub fn where_(cond: &Array, x: Operand<'_>, y: Operand<'_>) -> Result<Array> {
    let dt = result_type("where", &[x.clone(), y.clone()])?;
    let shape = broadcast_shapes("where", &[cond.shape(), &x.shape(), &y.shape()])?;
    let c = if cond.dtype() == DType::Bool {
        cond.clone()
    } else {
        cond.astype(DType::Bool, Casting::Unsafe)?
    };
    let xa = operand_as(&x, dt)?;
    let ya = operand_as(&y, dt)?;
    let out = Array::try_zeros(&shape, dt)?;
    copy_into(&out, &ya)?;
    let cl = c.layout().broadcast_to(&shape)?;
    let xl = xa.layout().broadcast_to(&shape)?;
    let cvals = c.view_with(cl).to_vec::<bool>();
    let xv = xa.view_with(xl);
    if let DType::Str(_) = dt {
        let xs = xv.to_scalars();
        let offs = out.element_offsets();
        let mut bytes = out.storage().write()?;
        for ((o, v), keep) in offs.into_iter().zip(xs).zip(cvals) {
            if keep {
                crate::array::write_scalar(&mut bytes[o..o + dt.itemsize()], dt, &v);
            }
        }
        drop(bytes);
        return Ok(out);
    }
    with_numeric!(dt, T => {
        let xs = xv.to_vec::<T>();
        let offs = out.element_offsets();
        let mut bytes = out.storage().write()?;
        for ((o, v), keep) in offs.into_iter().zip(xs).zip(cvals) {
            if keep {
                // SAFETY: `o` is an element offset of `out`'s own storage.
                unsafe { v.store(bytes.as_mut_ptr().add(o)) };
            }
        }
        drop(bytes);
    });
    Ok(out)
}

/// Builds a widened scalar accessor for tests.
pub fn wide_values(a: &Array) -> Vec<Wide> {
    a.to_scalars().iter().map(Scalar::to_wide).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for op in BinaryOp::ALL {
            assert_eq!(BinaryOp::from_name(op.name()), Some(op));
        }
        for op in UnaryOp::ALL {
            assert_eq!(UnaryOp::from_name(op.name()), Some(op));
        }
        assert_eq!(
            BinaryOp::from_name("true_divide"),
            Some(BinaryOp::TrueDivide)
        );
        assert_eq!(UnaryOp::from_name("abs"), Some(UnaryOp::Absolute));
        assert_eq!(BinaryOp::from_name("nope"), None);
    }
}
