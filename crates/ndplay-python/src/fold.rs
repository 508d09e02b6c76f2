//! The reductions of a binary ufunc that has no engine reduction of its own
//! (`np.subtract.reduce`, `np.bitwise_or.accumulate`, `np.logaddexp.reduceat`...):
//! `op` folded along an axis, one vectorised engine call per step of the axis, in
//! NumPy's order (`((a0 - a1) - a2) - ...`, which is what makes `subtract` and `divide`
//! meaningful). `add`, `multiply`, `maximum`, `minimum`, `logical_and` and `logical_or`
//! go to the engine's reductions instead (pairwise sums, as NumPy's).
//!
//! NumPy's facts about each ufunc live here: its identity (what an empty or fully masked
//! reduction gives) and whether it is reorderable (whether it may reduce several axes).
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let r = np.getattr("subtract")?.getattr("reduce")?.call1((vec![10, 2, 3],))?;
//! assert_eq!(r.repr()?.to_string(), "np.int64(5)");
//! # Ok(()) }
//! ```

use ndplay_core::ufunc::{BinaryLoops, BinaryOp};
use ndplay_core::{Array, Casting, DType, IndexItem, Scalar, SliceArg};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

use crate::errors::OrRaise;

/// NumPy's `ufunc.identity` of a binary ufunc: what a reduction over nothing gives.
pub fn identity(op: BinaryOp) -> Option<Scalar> {
    use BinaryOp::*;
    Some(match op {
        // NumPy's identity of hypot is the integer 0 too.
        Add | BitwiseOr | BitwiseXor | Hypot => Scalar::Int64(0),
        Multiply => Scalar::Int64(1),
        BitwiseAnd => Scalar::Int64(-1),
        LogicalAnd => Scalar::Bool(true),
        LogicalOr | LogicalXor => Scalar::Bool(false),
        Logaddexp | Logaddexp2 => Scalar::Float64(f64::NEG_INFINITY),
        _ => return None,
    })
}

/// Whether NumPy lets `op` reduce several axes at once (its result does not depend on
/// the order of the elements).
pub fn reorderable(op: BinaryOp) -> bool {
    use BinaryOp::*;
    matches!(
        op,
        Add | Multiply
            | Maximum
            | Minimum
            | Fmax
            | Fmin
            | BitwiseAnd
            | BitwiseOr
            | BitwiseXor
            | LogicalAnd
            | LogicalOr
            | LogicalXor
            | Hypot
            | Logaddexp
            | Logaddexp2
    )
}

/// The engine reduction behind `op.reduce`, for the ufuncs that have one.
pub fn engine_reduction(op: BinaryOp) -> Option<&'static str> {
    Some(match op {
        BinaryOp::Add => "sum",
        BinaryOp::Multiply => "prod",
        BinaryOp::Maximum => "max",
        BinaryOp::Minimum => "min",
        BinaryOp::LogicalAnd => "all",
        BinaryOp::LogicalOr => "any",
        _ => return None,
    })
}

fn zero_d(dt: DType) -> Array {
    Array::zeros(&[], dt)
}

/// The dtype a fold of `op` over elements of `input` (or `dtype=`) runs and returns in:
/// the loop whose output is also its input (`divide` on integers folds in float64);
/// `UFuncTypeError`-like `TypeError` when there is none (`np.equal.reduce(ints)`, whose
/// result, bool, cannot be fed back).
pub fn fold_dtype(
    py: Python<'_>,
    op: BinaryOp,
    input: DType,
    dtype: Option<DType>,
) -> PyResult<DType> {
    let d = dtype.unwrap_or(input);
    if op.def().loops == BinaryLoops::Logical {
        return Ok(DType::Bool);
    }
    let probe = zero_d(d);
    let (in_dt, out_dt) =
        ndplay_core::ufunc::binary_loop_dtypes(op, &[(&probe).into(), (&probe).into()]).py(py)?;
    if in_dt == out_dt {
        return Ok(out_dt);
    }
    let again = zero_d(out_dt);
    let feeds_back = d.can_cast_to(out_dt, Casting::SameKind)
        && ndplay_core::ufunc::binary_loop_dtypes(op, &[(&again).into(), (&again).into()])
            .is_ok_and(|(i, o)| i == out_dt && o == out_dt);
    if feeds_back {
        return Ok(out_dt);
    }
    Err(PyTypeError::new_err(format!(
        "No loop matching the specified signature and casting was found for ufunc {}",
        op.name()
    )))
}

/// `op` folded along axis 0 of `x` (already in the fold dtype): `start` (the initial
/// value or identity, of `x`'s shape without axis 0) first if given, then each
/// `x[i]` where `mask[i]` holds (every one without a mask).
pub fn fold_first_axis(
    py: Python<'_>,
    op: BinaryOp,
    x: &Array,
    start: Option<Array>,
    mask: Option<&Array>,
) -> PyResult<Array> {
    let n = x.shape()[0];
    let row = |a: &Array, i: usize| a.index(&[IndexItem::Int(i as i64)]);
    let (mut acc, first) = match start {
        Some(s) => (s, 0),
        None => (row(x, 0).py(py)?, 1),
    };
    crate::diagnostics::quietly(|| {
        for i in first..n {
            let xi = row(x, i)?;
            let next = ndplay_core::ufunc::binary(op, (&acc).into(), (&xi).into())?;
            acc = match mask {
                Some(m) => ndplay_core::where_select(&row(m, i)?, (&next).into(), (&acc).into())?,
                None => next,
            };
        }
        Ok::<_, ndplay_core::Error>(())
    })
    .py(py)?;
    // A fold over one row is that row: a copy, never a view of the input.
    if n == 1 && first == 1 {
        acc = acc.copy(ndplay_core::Order::C).py(py)?;
    }
    Ok(acc)
}

/// `x`'s `axes` moved to the front and merged into one (a copy when they cannot be
/// merged in place); no axes becomes a new axis of length 1, so that every element is
/// its own fold. Returns the merged array and the shape of what remains.
pub fn merge_axes(py: Python<'_>, x: &Array, axes: &[usize]) -> PyResult<(Array, Vec<usize>)> {
    let rest: Vec<usize> = (0..x.ndim()).filter(|d| !axes.contains(d)).collect();
    let rest_shape: Vec<usize> = rest.iter().map(|&d| x.shape()[d]).collect();
    if axes.is_empty() {
        return Ok((x.expand_dims(&[0]).py(py)?, rest_shape));
    }
    let order: Vec<isize> = axes.iter().chain(&rest).map(|&d| d as isize).collect();
    let moved = x.permute(&order).py(py)?;
    let mut shape: Vec<isize> = vec![-1];
    shape.extend(rest_shape.iter().map(|&n| n as isize));
    let merged = if axes.len() == 1 {
        moved
    } else if moved.size() == 0 {
        let mut s = vec![axes.iter().map(|&d| x.shape()[d]).product::<usize>()];
        s.extend(&rest_shape);
        Array::try_zeros(&s, x.dtype()).py(py)?
    } else {
        moved.reshape(&shape).py(py)?
    };
    Ok((merged, rest_shape))
}

/// The starting value of a fold: `initial` if given, else the ufunc's identity when
/// `needed` (an empty axis, or a `where` mask), cast to `dt` and spread over `shape`.
pub fn start_value(
    py: Python<'_>,
    op: BinaryOp,
    initial: Option<&Bound<'_, PyAny>>,
    dt: DType,
    shape: &[usize],
    needed: Option<&str>,
) -> PyResult<Option<Array>> {
    let value = match (initial, needed) {
        (Some(i), _) => crate::convert::to_array(i, None)?,
        (None, None) => return Ok(None),
        (None, Some(why)) => match identity(op) {
            Some(s) => Array::from_scalar(&s),
            None => {
                return Err(PyValueError::new_err(match why {
                    "where" => format!(
                        "reduction operation '{}' does not have an identity, so to use a \
                         where mask one has to specify 'initial'",
                        op.name()
                    ),
                    _ => format!(
                        "zero-size array to reduction operation {} which has no identity",
                        op.name()
                    ),
                }));
            }
        },
    };
    // The identity -1 of bitwise_and is all ones in an unsigned dtype: no wrap warning.
    let value = crate::diagnostics::quietly(|| value.astype(dt, Casting::Unsafe)).py(py)?;
    let spread = value.broadcast_to(shape).py(py)?;
    Ok(Some(spread.copy(ndplay_core::Order::C).py(py)?))
}

/// Rows `start..stop` of axis 0.
pub fn rows(py: Python<'_>, x: &Array, start: usize, stop: usize) -> PyResult<Array> {
    x.index(&[IndexItem::Slice(SliceArg::new(
        Some(start as isize),
        Some(stop as isize),
        1,
    ))])
    .py(py)
}

/// `op.accumulate` along axis 0 of `x` (already in the fold dtype): row `i` of the result
/// is the fold of rows `0..=i`.
pub fn accumulate_first_axis(py: Python<'_>, op: BinaryOp, x: &Array) -> PyResult<Array> {
    let out = Array::try_zeros(x.shape(), x.dtype()).py(py)?;
    let n = x.shape()[0];
    if n == 0 {
        return Ok(out);
    }
    crate::diagnostics::quietly(|| {
        let row = |a: &Array, i: usize| a.index(&[IndexItem::Int(i as i64)]);
        let mut acc = row(x, 0)?;
        row(&out, 0)?.assign(&acc)?;
        for i in 1..n {
            acc = ndplay_core::ufunc::binary(op, (&acc).into(), (&row(x, i)?).into())?;
            row(&out, i)?.assign(&acc)?;
        }
        Ok::<_, ndplay_core::Error>(())
    })
    .py(py)?;
    Ok(out)
}
