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

pub mod cmath;
mod table;

pub use table::{
    BinaryDef, BinaryKernel, BinaryLoops, BinaryOp, UnaryDef, UnaryKernel, UnaryLoops, UnaryOp,
};

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
            Operand::Py(p) => p.default_dtype(),
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
                None => p.default_dtype(),
                Some(c) if has_arrays => c.promote_weak(p.weak_kind()),
                Some(c) => DType::promote(c, p.default_dtype()),
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
            p.check_fits(dtype)?;
            Ok(Array::from_scalar(&Scalar::from_wide(dtype, p.to_wide())))
        }
    }
}

/// The dtype a binary op computes in and the dtype it returns.
pub fn binary_loop_dtypes(op: BinaryOp, operands: &[Operand<'_>; 2]) -> Result<(DType, DType)> {
    use BinaryLoops::*;
    let dtypes = [operands[0].dtype(), operands[1].dtype()];
    let common = result_type(op.name(), operands)?;
    let unsupported = || Error::Unsupported {
        op: op.name().into(),
        dtypes: dtypes.to_vec(),
    };
    if common.is_object() {
        return Err(Error::records_not_implemented(
            &format!("np.{}", op.name()),
            common,
        ));
    }
    if common.is_record() {
        return Err(Error::NoLoop {
            op: op.name().into(),
            dtypes: dtypes.to_vec(),
        });
    }
    if let DType::Str(_) = common {
        return if op.def().loops == Comparison {
            Ok((common, DType::Bool))
        } else {
            Err(Error::NoLoop {
                op: op.name().into(),
                dtypes: dtypes.to_vec(),
            })
        };
    }
    let k = common.kind();
    Ok(match op.def().loops {
        Same => (common, common),
        Subtract => {
            if k == Kind::Bool {
                return Err(Error::type_error(
                    "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.",
                    "Booleans have no subtraction. For 'differs', use a ^ b; for arithmetic, cast first: a.astype(int) - b.",
                ));
            }
            (common, common)
        }
        Divide => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (DType::Float64, DType::Float64),
            _ => (common, common),
        },
        IntegerDivision => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            Kind::Complex => return Err(unsupported()),
            _ => (common, common),
        },
        Power => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            _ => (common, common),
        },
        Comparison => (common, DType::Bool),
        Bitwise => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (common, common),
            _ => return Err(unsupported()),
        },
        Shift => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            Kind::Int | Kind::UInt => (common, common),
            _ => return Err(unsupported()),
        },
        Logical => (DType::Bool, DType::Bool),
        RealFloat => match k {
            Kind::Complex => return Err(unsupported()),
            _ => {
                let f = common.float_for_math();
                (f, f)
            }
        },
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
    let (done, raised) =
        crate::fpstatus::watch(|| (op.def().kernel)(loop_dt, &x, &xl, &y, &yl, &out));
    done?;
    if reports_fp_errors_binary(op) {
        record_fp_errors(op.def().loops, loop_dt, raised, &[&x, &y], &out)?;
    }
    if crate::diagnostics::enabled() {
        crate::diagnostics::after_binary(op, &operands, &x, &y, &out)?;
    }
    Ok(out)
}

/// Whether NumPy reports floating-point errors for this ufunc: not for comparisons,
/// logical and bitwise operations, nor for maximum/minimum/fmax/fmin (whose NaN
/// handling compares NaNs, which raises the CPU's invalid flag for nothing).
fn reports_fp_errors_binary(op: BinaryOp) -> bool {
    use BinaryLoops::*;
    !matches!(op.def().loops, Comparison | Logical | Bitwise | Shift)
        && !matches!(
            op,
            BinaryOp::Maximum | BinaryOp::Minimum | BinaryOp::Fmax | BinaryOp::Fmin
        )
}

/// Records a ufunc's floating-point errors for [`crate::fpstatus::take`]: the CPU's flags
/// `raised` by its kernel, the invalid flag kept only when a NaN came out where no input
/// held one (a kernel's comparisons raise it for NaNs that were merely passed along), and
/// integer division's errors, which NumPy flags by hand: a zero divisor ("divide by
/// zero") and `MIN // -1` ("overflow").
fn record_fp_errors(
    loops: BinaryLoops,
    loop_dt: DType,
    mut raised: u32,
    inputs: &[&Array],
    out: &Array,
) -> Result<()> {
    let mut extra = crate::fpstatus::FpErrors::default();
    let (checked, _) = crate::diagnostics::with_level(crate::diagnostics::Level::Off, || {
        if raised & 1 != 0 && !fresh_nans(inputs, out)? {
            raised &= !1;
        }
        if loops == BinaryLoops::IntegerDivision && loop_dt.is_integer() && inputs.len() == 2 {
            let any = |a: Array| -> Result<bool> { Ok(a.any(None, false)?.item()?.is_truthy()) };
            let y = inputs[1];
            extra.divide = any(binary(
                BinaryOp::Equal,
                y.into(),
                Operand::Py(PyScalar::Int(0)),
            )?)?;
            let min = match loop_dt {
                DType::Int8 => Some(Scalar::Int8(i8::MIN)),
                DType::Int16 => Some(Scalar::Int16(i16::MIN)),
                DType::Int32 => Some(Scalar::Int32(i32::MIN)),
                DType::Int64 => Some(Scalar::Int64(i64::MIN)),
                _ => None,
            };
            if let Some(min) = min {
                let at_min = binary(
                    BinaryOp::Equal,
                    inputs[0].into(),
                    (&Array::from_scalar(&min)).into(),
                )?;
                let minus_one = binary(BinaryOp::Equal, y.into(), Operand::Py(PyScalar::Int(-1)))?;
                extra.over = any(binary(
                    BinaryOp::LogicalAnd,
                    (&at_min).into(),
                    (&minus_one).into(),
                )?)?;
            }
        }
        Ok::<(), Error>(())
    });
    checked?;
    crate::fpstatus::record(raised, extra);
    Ok(())
}

/// Whether `out` holds a NaN at a place where none of the (broadcast) inputs does.
fn fresh_nans(inputs: &[&Array], out: &Array) -> Result<bool> {
    if !out.dtype().is_inexact() {
        return Ok(false);
    }
    let mut fresh = unary(UnaryOp::IsNan, out)?;
    for x in inputs {
        if x.dtype().is_inexact() {
            let nan_in = unary(UnaryOp::IsNan, x)?;
            // bool > bool: NaN out and not NaN in.
            fresh = binary(BinaryOp::Greater, (&fresh).into(), (&nan_in).into())?;
        }
    }
    Ok(fresh.any(None, false)?.item()?.is_truthy())
}

/// Number of NaN/Inf elements (0 for exact types).
pub(crate) fn nonfinite_count(a: &Array) -> usize {
    if !a.dtype().is_inexact() {
        return 0;
    }
    with_numeric!(a.dtype(), T => a.count_where::<T>(|v| T::is_nan(v) || T::is_inf(v)))
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
    write_out(op.name(), out, &result)
}

/// `np.<op>(a, out=out)`: `op(a)` written into `out`, whose dtype the result must cast to
/// under `same_kind` (`np.sqrt(ints, out=ints)` is NumPy's `UFuncTypeError`).
pub fn unary_into(op: UnaryOp, out: &Array, a: &Array) -> Result<()> {
    out.check_writeable("output")?;
    let (_, out_dt) = unary_loop_dtypes(op, a.dtype())?;
    if !out_dt.can_cast_to(out.dtype(), Casting::SameKind) {
        return Err(Error::Cast {
            op: op.name().into(),
            from: out_dt,
            to: out.dtype(),
            casting: Casting::SameKind,
        });
    }
    let result = unary(op, a)?;
    write_out(op.name(), out, &result)
}

/// Copies a ufunc's `result` into its `out` operand, which it may broadcast into but
/// never grow (NumPy's "non-broadcastable output operand").
fn write_out(name: &str, out: &Array, result: &Array) -> Result<()> {
    if crate::shape::broadcast_shapes(name, &[result.shape(), out.shape()])? != out.shape() {
        return Err(Error::value(
            format!(
                "non-broadcastable output operand with shape {} doesn't match the broadcast shape {}",
                crate::error::fmt_shape_compact(out.shape()),
                crate::error::fmt_shape_compact(result.shape())
            ),
            "An output cannot grow; compute a new array instead (c = np.op(a, b)), or give \
             out= an array of the result's shape.",
        ));
    }
    copy_into(out, result)
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
    use UnaryLoops::*;
    let k = dt.kind();
    let unsupported = || Error::Unsupported {
        op: op.name().into(),
        dtypes: vec![dt],
    };
    if k == Kind::Object {
        return Err(Error::records_not_implemented(
            &format!("np.{}", op.name()),
            dt,
        ));
    }
    if k == Kind::Str || k == Kind::Void {
        return Err(Error::NoLoop {
            op: op.name().into(),
            dtypes: vec![dt],
        });
    }
    Ok(match op.def().loops {
        Negative => {
            if k == Kind::Bool {
                return Err(Error::type_error(
                    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.",
                    "Use ~mask to flip booleans, or cast first (mask.astype(int)) for arithmetic.",
                ));
            }
            (dt, dt)
        }
        NoBool => {
            if k == Kind::Bool {
                return Err(Error::NoLoop {
                    op: op.name().into(),
                    dtypes: vec![dt],
                });
            }
            (dt, dt)
        }
        Absolute => (dt, dt.real_dtype()),
        Bitwise => match k {
            Kind::Bool | Kind::Int | Kind::UInt => (dt, dt),
            _ => return Err(unsupported()),
        },
        Predicate => (dt, DType::Bool),
        RealPredicate => match k {
            Kind::Complex => return Err(unsupported()),
            _ => (dt.float_for_math(), DType::Bool),
        },
        FloatMath => {
            let f = dt.float_for_math();
            (f, f)
        }
        RealFloatMath => match k {
            Kind::Complex => return Err(unsupported()),
            _ => {
                let f = dt.float_for_math();
                (f, f)
            }
        },
        BoolAsInt8 => match k {
            Kind::Bool => (DType::Int8, DType::Int8),
            _ => (dt, dt),
        },
        Rounding => match k {
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
    let (done, raised) = crate::fpstatus::watch(|| (op.def().kernel)(&x, &out));
    done?;
    if !matches!(
        op.def().loops,
        UnaryLoops::Predicate | UnaryLoops::RealPredicate | UnaryLoops::Bitwise
    ) && raised != 0
    {
        let mut raised = raised;
        if raised & 1 != 0 {
            let (fresh, _) = crate::diagnostics::with_level(crate::diagnostics::Level::Off, || {
                fresh_nans(&[&x], &out)
            });
            if !fresh? {
                raised &= !1;
            }
        }
        crate::fpstatus::record(raised, Default::default());
    }
    if crate::diagnostics::enabled() {
        crate::diagnostics::after_unary(op, a, &x, &out)?;
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

/// Real math over the float dtypes: float64 in f64, float32 in f32, and float16 through
/// f32 and rounded back, as NumPy computes its float16 loops.
trait RealMath: Copy {
    /// `f` for float64, `g` for the others.
    fn map(self, f: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self;
    /// The two-argument form of [`RealMath::map`].
    fn map2(self, other: Self, f: impl Fn(f64, f64) -> f64, g: impl Fn(f32, f32) -> f32) -> Self;
    /// Whether the sign bit is set.
    fn sign_negative(self) -> bool;
}
impl RealMath for f64 {
    fn map(self, f: impl Fn(f64) -> f64, _: impl Fn(f32) -> f32) -> Self {
        f(self)
    }
    fn map2(self, other: Self, f: impl Fn(f64, f64) -> f64, _: impl Fn(f32, f32) -> f32) -> Self {
        f(self, other)
    }
    fn sign_negative(self) -> bool {
        self.is_sign_negative()
    }
}
impl RealMath for f32 {
    fn map(self, _: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self {
        g(self)
    }
    fn map2(self, other: Self, _: impl Fn(f64, f64) -> f64, g: impl Fn(f32, f32) -> f32) -> Self {
        g(self, other)
    }
    fn sign_negative(self) -> bool {
        self.is_sign_negative()
    }
}
impl RealMath for half::f16 {
    fn map(self, _: impl Fn(f64) -> f64, g: impl Fn(f32) -> f32) -> Self {
        half::f16::from_f32(g(self.to_f32()))
    }
    fn map2(self, other: Self, _: impl Fn(f64, f64) -> f64, g: impl Fn(f32, f32) -> f32) -> Self {
        half::f16::from_f32(g(self.to_f32(), other.to_f32()))
    }
    fn sign_negative(self) -> bool {
        self.is_sign_negative()
    }
}

/// A complex64 through a complex128 function, rounded back (NumPy's complex64 math is
/// computed in its own precision; the difference is within complex64's rounding).
fn complex_c64(c: C64, f: impl Fn(C128) -> C128) -> C64 {
    let r = f(C128::new(f64::from(c.re), f64::from(c.im)));
    C64::new(r.re as f32, r.im as f32)
}

/// `np.where(cond, x, y)`: broadcasts all three; `x` and `y` promote.
pub fn where_(cond: &Array, x: Operand<'_>, y: Operand<'_>) -> Result<Array> {
    let dt = result_type("where", &[x.clone(), y.clone()])?;
    if dt.is_opaque() {
        return Err(Error::records_not_implemented("np.where", dt));
    }
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
