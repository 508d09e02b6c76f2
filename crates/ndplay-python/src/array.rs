//! `numpy.ndarray`: a Python object holding an engine [`Array`].
//!
//! Views share memory exactly as in NumPy (the engine's byte-strided storage), so
//! `b = a[1:]; b[0] = 9` changes `a`, and `b.base is a`. Element access with plain
//! integers (`a[i]`, `a[i, j]`, `C[i, j] = acc`) takes a fast path straight to the
//! element, which is what keeps lesson loops as fast as under NumPy.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let a = ndplay_python::array::PyNdarray::new(ndplay_core::Array::from_f64s(&[1.0, 2.0]));
//! assert_eq!(a.a.repr(), "array([1., 2.])");
//! # Ok(()) }
//! ```

use std::sync::OnceLock;

use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use ndplay_core::{Array, Casting, DType, IndexItem, Kind, Order, PyScalar, Scalar};
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyTuple};

use crate::convert::{
    array_of, axes_arg, axis_arg, dtype_arg, index_items, ints, operand, order_arg, result,
    scalar_to_py, to_array, wrap,
};
use crate::errors::{OrRaise, not_given, unsupported, unsupported_param};
use crate::ops;
use crate::scalar::new_scalar;

/// `numpy.ndarray`.
#[pyclass(name = "ndarray", module = "numpy", weakref)]
pub struct PyNdarray {
    /// The engine array (a cheap handle: views share its storage).
    pub a: Array,
    /// The `ndarray` this one is a view of, reported as `.base`.
    owner: OnceLock<Py<PyAny>>,
}

impl PyNdarray {
    /// An `ndarray` over `a`, with no recorded owner.
    pub fn new(a: Array) -> PyNdarray {
        PyNdarray {
            a,
            owner: OnceLock::new(),
        }
    }
}

/// `casting=` as the engine's rule.
pub fn casting_arg(text: &str) -> PyResult<Casting> {
    Ok(match text {
        "no" => Casting::No,
        "equiv" => Casting::Equiv,
        "safe" => Casting::Safe,
        "same_kind" => Casting::SameKind,
        "unsafe" => Casting::Unsafe,
        other => {
            return Err(PyValueError::new_err(format!(
                "casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe' (got '{other}')"
            )));
        }
    })
}

/// `astype(d, casting='same_value')` (NumPy 2.4): the unsafe cast, refused when any
/// value changes on the way (a fraction dropped, an integer out of range, a float that
/// rounds), with NumPy's message naming the C types. A cast to bool is always allowed,
/// as in NumPy.
fn cast_same_value(py: Python<'_>, a: &Array, d: DType) -> PyResult<Array> {
    use ndplay_core::ufunc::{BinaryOp, unary};
    let c_name = |t: DType| match t {
        DType::Bool => "bool",
        DType::Int8 => "byte",
        DType::UInt8 => "ubyte",
        DType::Int16 => "short",
        DType::UInt16 => "ushort",
        DType::Int32 => "int",
        DType::UInt32 => "uint",
        DType::Int64 => "long",
        DType::UInt64 => "ulong",
        DType::Float16 => "half",
        DType::Float32 => "float",
        DType::Float64 => "double",
        DType::Complex64 => "cfloat",
        DType::Complex128 => "cdouble",
        _ => "?",
    };
    let fail = |why: &str| {
        PyValueError::new_err(format!(
            "could not cast 'same_value' {} to {}{why}",
            c_name(a.dtype()),
            c_name(d)
        ))
    };
    crate::diagnostics::quietly(|| -> PyResult<Array> {
        let r = a.astype(d, Casting::Unsafe).py(py)?;
        if d == DType::Bool || d == a.dtype() {
            return Ok(r);
        }
        if a.dtype().is_complex() && !d.is_complex() {
            let imag = a.complex_part(true).py(py)?;
            let zero = ndplay_core::ufunc::binary(
                BinaryOp::Equal,
                (&imag).into(),
                ndplay_core::ufunc::Operand::Py(ndplay_core::PyScalar::Float(0.0)),
            )
            .py(py)?;
            if !zero.all(None, false).py(py)?.item().py(py)?.is_truthy() {
                return Err(fail(": imag is not 0"));
            }
        }
        let back = r.astype(a.dtype(), Casting::Unsafe).py(py)?;
        let mut same =
            ndplay_core::ufunc::binary(BinaryOp::Equal, (&back).into(), a.into()).py(py)?;
        if a.dtype().is_float() || a.dtype().is_complex() {
            let both_nan = ndplay_core::ufunc::binary(
                BinaryOp::LogicalAnd,
                (&unary(UnaryOp::IsNan, &back).py(py)?).into(),
                (&unary(UnaryOp::IsNan, a).py(py)?).into(),
            )
            .py(py)?;
            same =
                ndplay_core::ufunc::binary(BinaryOp::LogicalOr, (&same).into(), (&both_nan).into())
                    .py(py)?;
        }
        if !same.all(None, false).py(py)?.item().py(py)?.is_truthy() {
            return Err(fail(""));
        }
        Ok(r)
    })
}

/// A view of `slf`'s array, recording `slf` (or its owner) as the view's `.base`.
pub(crate) fn view(slf: &Bound<'_, PyNdarray>, a: Array) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    let this = slf.borrow();
    let shares = a.base().is_some()
        && (a.base().is_some_and(|b| b.same_object(&this.a))
            || this
                .a
                .base()
                .is_some_and(|tb| a.base().is_some_and(|b| tb.same_object(b))));
    let out = PyNdarray::new(a);
    if shares {
        let owner = match this.owner.get() {
            Some(o) => o.clone_ref(py),
            None => slf.clone().into_any().unbind(),
        };
        let _ = out.owner.set(owner);
    }
    Ok(Py::new(py, out)?.into_any())
}

/// Up to this many axes take the fast element path.
const FAST_AXES: usize = 4;

/// A fast element index: every item a plain int, one per axis (at most [`FAST_AXES`]),
/// normalised and in bounds; kept on the stack, as it is taken once per loop iteration.
struct PlainIndex {
    idx: [usize; FAST_AXES],
    len: usize,
}

impl std::ops::Deref for PlainIndex {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        &self.idx[..self.len]
    }
}

fn plain_index(a: &Array, key: &Bound<'_, PyAny>) -> Option<PlainIndex> {
    // One record is an `np.void` view, not a Scalar: the general path makes it.
    if a.dtype().is_record() {
        return None;
    }
    let shape = a.shape();
    let norm = |i: i64, n: usize| -> Option<usize> {
        let j = if i < 0 { i + n as i64 } else { i };
        (0..n as i64).contains(&j).then_some(j as usize)
    };
    let mut out = PlainIndex {
        idx: [0; FAST_AXES],
        len: shape.len(),
    };
    if key.is_exact_instance_of::<PyInt>() {
        if shape.len() != 1 {
            return None;
        }
        out.idx[0] = norm(key.extract::<i64>().ok()?, shape[0])?;
        return Some(out);
    }
    let t = key.cast_exact::<PyTuple>().ok()?;
    if t.len() != shape.len() || t.len() > FAST_AXES {
        return None;
    }
    for (k, (item, &n)) in t.iter().zip(shape).enumerate() {
        if !item.is_exact_instance_of::<PyInt>() {
            return None;
        }
        out.idx[k] = norm(item.extract::<i64>().ok()?, n)?;
    }
    Some(out)
}

/// `a[key]`: a NumPy scalar for a single element, else a view (basic indexing) or a
/// copy (advanced indexing), as NumPy decides.
pub fn getitem(
    py: Python<'_>,
    a: &Array,
    key: &Bound<'_, PyAny>,
    slf: Option<&Bound<'_, PyNdarray>>,
) -> PyResult<Py<PyAny>> {
    // Reading one element diagnoses nothing: no report, just NumPy's error on failure.
    if let Some(idx) = plain_index(a, key)
        && !a.dtype().is_object()
    {
        let v = a.get(&idx).map_err(|e| crate::errors::engine(py, e))?;
        return new_scalar(py, v);
    }
    if let Some(f) = field_view(a, key)? {
        return match slf {
            Some(s) => view(s, f),
            None => wrap(py, f),
        };
    }
    let items = index_items(key)?;
    let scalar = ndplay_core::index::selects_scalar(&items, a.ndim());
    let r = a.index(&items).py(py)?;
    if scalar {
        if r.dtype().is_record() {
            return crate::records::new_void(py, r);
        }
        if r.dtype().is_object() {
            return crate::objects::element(py, &r);
        }
        return new_scalar(py, r.item().py(py)?);
    }
    match slf {
        Some(s) => view(s, r),
        None => wrap(py, r),
    }
}

/// `a[key] = value` on an object array: one element takes `value` itself (a list stays
/// one list); a region takes `value` as an object array no deeper than the region, as
/// NumPy does (`a[1:3] = [[1, 2], [3, 4]]` stores two lists).
fn setitem_objects(
    py: Python<'_>,
    a: &Array,
    key: &Bound<'_, PyAny>,
    value: &Bound<'_, PyAny>,
) -> PyResult<()> {
    let items = index_items(key)?;
    let target = a.index(&items).py(py)?;
    let v = if ndplay_core::index::selects_scalar(&items, a.ndim()) {
        crate::objects::array_from(py, std::slice::from_ref(value), &[])?
    } else {
        crate::objects::from_py(value, Some(target.ndim()))?
    };
    a.index_assign(&items, &v).py(py)
}

/// A structured array's view for a field key: `a['x']` (one field) or `a[['z', 'x']]`
/// (several); `None` when `key` is not made of names. A name on an array without fields is
/// NumPy's `IndexError`.
fn field_view(a: &Array, key: &Bound<'_, PyAny>) -> PyResult<Option<Array>> {
    let py = key.py();
    if let Some(name) = field_key(a, key)? {
        return a.field(&name).py(py).map(Some);
    }
    if let Ok(l) = key.cast::<PyList>()
        && l.iter()
            .next()
            .is_some_and(|k| k.is_instance_of::<pyo3::types::PyString>())
    {
        if !a.dtype().is_record() {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
            ));
        }
        let names: Vec<String> = l.extract()?;
        return a.select_fields(&names).py(py).map(Some);
    }
    Ok(None)
}

/// The field name when `key` is a string; on an array without fields that is NumPy's
/// `IndexError`.
fn field_key(a: &Array, key: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if let Ok(s) = key.cast::<pyo3::types::PyString>() {
        if !a.dtype().is_record() {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
            ));
        }
        return Ok(Some(s.to_str()?.to_string()));
    }
    Ok(None)
}

/// A direct `mp_subscript` slot for reading one element: `a[i]`, `A[i, j]`.
///
/// The lesson's loops read one element per iteration, and the storage lock's two atomic
/// operations plus PyO3's generated slot cost more than the read. This slot answers the
/// plain-ints, in-bounds case itself (the same [`plain_index`] as [`getitem`]), reading
/// without the lock because the GIL already serialises every write (see the SAFETY
/// note), and hands every other key, every out-of-bounds index and every error to PyO3's
/// slot, saved at install time, so the messages are the general path's.
#[allow(unsafe_code)]
pub(crate) mod element_read_slot {
    use super::*;
    use crate::slots::SavedSlot;
    use pyo3::ffi;
    use pyo3::type_object::PyTypeInfo;

    static PYO3_SLOT: SavedSlot = SavedSlot::new();

    /// Puts [`subscript`] in `ndarray`'s mapping methods.
    pub(crate) fn install(py: Python<'_>) {
        let tp = PyNdarray::type_object(py).as_type_ptr();
        // SAFETY: `tp` is a live heap type object created by PyO3 (not the limited API)
        // with mapping methods of its own, and the interpreter is attached; the slot is
        // swapped before the module is handed to any code, and PyType_Modified drops
        // cached lookups.
        unsafe {
            let mm = (*tp).tp_as_mapping;
            if mm.is_null() {
                return;
            }
            PYO3_SLOT.swap_in(&mut (*mm).mp_subscript, subscript);
            ffi::PyType_Modified(tp);
        }
    }

    /// `a[key]`: the element when the key is plain in-bounds ints, one per axis, else
    /// PyO3's slot.
    unsafe extern "C" fn subscript(
        obj: *mut ffi::PyObject,
        key: *mut ffi::PyObject,
    ) -> *mut ffi::PyObject {
        // SAFETY: CPython calls this mapping slot with its two operands.
        unsafe { PYO3_SLOT.answer("ndarray indexing", obj, key, read_element) }
    }

    fn read_element(
        py: Python<'_>,
        obj: &Bound<'_, PyAny>,
        key: &Bound<'_, PyAny>,
    ) -> Option<PyResult<Py<PyAny>>> {
        if !(key.is_exact_instance_of::<PyInt>() || key.is_exact_instance_of::<PyTuple>()) {
            return None;
        }
        // The value is read and the borrow released before the scalar is made:
        // allocating may run a collection, and with it arbitrary Python code.
        let value = {
            let this = obj.cast::<PyNdarray>().ok()?.try_borrow().ok()?;
            let idx = plain_index(&this.a, key)?;
            // SAFETY: this thread holds the GIL, and every write to engine storage
            // reachable from Python happens on a thread holding it: the module's calls
            // into the engine never release the GIL around a write (only file and
            // inspector reads run detached), and the engine's own worker threads write
            // only inside such a call, which returns before Python code runs again.
            // (A free-threaded CPython would break this.)
            unsafe { this.a.get_unsynchronized(&idx) }.ok()?
        };
        Some(new_scalar(py, value))
    }
}

/// The value for a fast element write, when it needs no cast NumPy would diagnose.
fn plain_value(a: &Array, value: &Bound<'_, PyAny>) -> Option<Scalar> {
    let dt = a.dtype();
    if let Ok(s) = value.cast::<crate::scalar::Generic>() {
        let v = s.get().value();
        return (v.dtype() == dt).then(|| v.clone());
    }
    if dt == DType::Float64 {
        if let Ok(f) = value.cast_exact::<PyFloat>() {
            return Some(Scalar::Float64(f.value()));
        }
        if value.is_exact_instance_of::<PyInt>() {
            let i = value.extract::<i64>().ok()?;
            return (i.unsigned_abs() <= 1 << 53).then_some(Scalar::Float64(i as f64));
        }
    }
    if dt == DType::Int64 && value.is_exact_instance_of::<PyInt>() {
        return value.extract::<i64>().ok().map(Scalar::Int64);
    }
    None
}

/// A reduction by name, with NumPy's `dtype=` rule: the input is cast to `dtype`
/// before reducing (so an `int8` sum with `dtype=np.int8` wraps as NumPy's does).
pub fn reduce(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    ddof: f64,
) -> PyResult<Py<PyAny>> {
    if a.dtype().is_object()
        && matches!(op, "sum" | "prod" | "max" | "min" | "mean" | "any" | "all")
    {
        if dtype_arg(dtype)?.is_some_and(|d| !d.is_object()) {
            return Err(unsupported_param(op, "dtype", "on object arrays"));
        }
        let ax = axes_arg(axis)?;
        let ax = match ax.as_deref() {
            None => None,
            Some([k]) => Some(*k),
            Some(_) => {
                return Err(unsupported_param(
                    op,
                    "axis",
                    "a tuple of axes on object arrays",
                ));
            }
        };
        return crate::objects::reduce(py, a, op, ax, keepdims);
    }
    // Sums and products report what NumPy's add.reduce does ("overflow encountered in
    // reduce"); the other reductions compare or count (var/std's steps are not reported
    // yet: NumPy names them "square").
    let reports = matches!(op, "sum" | "prod" | "mean");
    let r = crate::fperr::reported(py, "reduce", reports, || {
        reduce_array(py, a, op, axis, dtype, keepdims, ddof)
    })?;
    result(py, r)
}

/// How a result is written into a caller's `out=` array.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OutRule {
    /// Reductions (`sum`, `max`, `any`...): computed in the promotion of the natural
    /// result dtype and `out`'s dtype, then cast to `out` whatever the kinds, as NumPy
    /// does (`np.sum([1.5, 2.5], out=int_array)` stores 4).
    Reduction,
    /// Ufunc-like functions (`clip`): NumPy's `same_kind` rule for the output cast.
    SameKind,
    /// Functions whose result only fits an `out` of exactly its dtype in ndplay
    /// (`mean`, `median`: NumPy divides in `out`'s dtype, which ndplay does not).
    SameDtype,
}

/// `out=` of a reduction or function: `compute(dtype)` is the call without `out` (given
/// the `dtype=` argument to use). With no `out` it is the whole answer; with one, the
/// result is written into `out` under `rule` and `out` itself is returned, as NumPy does.
pub fn with_out<'py>(
    py: Python<'py>,
    func: &str,
    out: Option<&Bound<'py, PyAny>>,
    dtype: Option<&Bound<'py, PyAny>>,
    rule: OutRule,
    compute: impl Fn(Option<&Bound<'py, PyAny>>) -> PyResult<Py<PyAny>>,
) -> PyResult<Py<PyAny>> {
    let Some(out) = out.filter(|o| !o.is_none()) else {
        return compute(dtype);
    };
    let target = out
        .cast::<PyNdarray>()
        .map_err(|_| PyTypeError::new_err("return arrays must be of ArrayType"))?
        .borrow()
        .a
        .clone();
    let mut value = to_array(compute(dtype)?.bind(py), None)?;
    if rule == OutRule::Reduction && dtype.is_none_or(|d| d.is_none()) {
        let wide = DType::promote(value.dtype(), target.dtype());
        if wide != value.dtype() {
            let d = Bound::new(py, crate::dtype::PyDType { dt: wide })?.into_any();
            value = to_array(compute(Some(&d))?.bind(py), None)?;
        }
    }
    if value.shape() != target.shape() {
        // NumPy names the ufunc behind a reduction (`np.sum` is `add.reduce`).
        let op = match func {
            "sum" => "add",
            "prod" => "multiply",
            "min" => "minimum",
            "max" => "maximum",
            "any" => "logical_or",
            "all" => "logical_and",
            other => other,
        };
        let msg = if value.ndim() != target.ndim() {
            format!(
                "output parameter for reduction operation {op} has the wrong number of \
                 dimensions: Found {} but expected {}",
                target.ndim(),
                value.ndim()
            )
        } else {
            format!(
                "{func}: out has shape {:?} but the result has shape {:?}",
                target.shape(),
                value.shape()
            )
        };
        let hint = format!(
            "Pass an out array of the result's shape {:?} (keepdims=True keeps the reduced \
             axes as length 1).",
            value.shape()
        );
        return Err(crate::errors::raise(py, "ValueError", msg, &hint));
    }
    let refused = match rule {
        OutRule::Reduction => false,
        OutRule::SameKind => !value.dtype().can_cast_to(target.dtype(), Casting::SameKind),
        OutRule::SameDtype => value.dtype() != target.dtype(),
    };
    if refused && rule == OutRule::SameDtype {
        return Err(unsupported(format!(
            "{func} into an out array of dtype {} (the result is {}; NumPy would compute in \
             out's dtype); pass out of dtype {} or cast afterwards",
            target.dtype(),
            value.dtype(),
            value.dtype()
        )));
    }
    if refused {
        return Err(crate::errors::raise(
            py,
            "UFuncTypeError",
            format!(
                "Cannot cast ufunc '{func}' output from dtype('{}') to dtype('{}') with \
                 casting rule 'same_kind'",
                value.dtype(),
                target.dtype()
            ),
            "",
        ));
    }
    target.assign(&value).py(py)?;
    Ok(out.clone().unbind())
}

/// `sum`/`prod`/`min`/`max` with NumPy's `initial=` and `where=`.
///
/// `initial` is converted to the reduction's result dtype (as NumPy does: `5.5` becomes
/// `5` for an `int8` max, a Python int that does not fit raises) and folded into every
/// output element, so an empty reduction gives `initial`. `where` (booleans
/// broadcastable to `a`) leaves out the elements where it is False: they are replaced
/// by `initial`, or by the identity (0 for sum, 1 for prod). `min`/`max` have no
/// identity, so `where` without `initial` raises, as in NumPy.
#[allow(clippy::too_many_arguments)]
pub fn reduce_with_initial(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    initial: Option<&Bound<'_, PyAny>>,
    where_: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if a.dtype().is_object() {
        if initial.is_some_and(|i| !i.is_none()) {
            return Err(unsupported_param(op, "initial", "on object arrays"));
        }
        if where_given(where_)?.is_some() {
            return Err(unsupported_param(op, "where", "on object arrays"));
        }
    }
    crate::fperr::reported(py, "reduce", matches!(op, "sum" | "prod"), || {
        let initial = initial.filter(|i| !i.is_none());
        let mask = where_given(where_)?;
        if initial.is_none() && mask.is_none() {
            return reduce(py, a, op, axis, dtype, keepdims, 0.0);
        }
        let ufunc_name = match op {
            "sum" => "add",
            "prod" => "multiply",
            "min" => "minimum",
            "max" => "maximum",
            _ => return Err(unsupported(format!("initial= or where= on '{op}'"))),
        };
        // The dtype the reduction computes and returns in: what it gives for an empty input.
        let result_dtype = match (op, dtype_arg(dtype)?) {
            ("sum" | "prod", Some(d)) => d,
            ("sum", None) => Array::try_zeros(&[0], a.dtype())
                .py(py)?
                .sum(None, false)
                .py(py)?
                .dtype(),
            ("prod", None) => Array::try_zeros(&[0], a.dtype())
                .py(py)?
                .prod(None, false)
                .py(py)?
                .dtype(),
            _ => a.dtype(),
        };
        let init = match initial {
            Some(i) => Some(crate::convert::to_array(i, Some(result_dtype))?),
            None => None,
        };
        if init.as_ref().is_some_and(|i| i.ndim() != 0) {
            return Err(PyTypeError::new_err(format!(
                "initial= of {op} must be a scalar, not an array of shape {}",
                ndplay_core::shape::fmt_shape(init.as_ref().map_or(&[][..], |i| i.shape()))
            )));
        }
        let x = if a.dtype() == result_dtype {
            a.clone()
        } else {
            a.astype(result_dtype, Casting::Unsafe).py(py)?
        };
        let x = match mask {
            None => x,
            Some(w) => {
                // Left-out elements become the identity, which `initial` is folded onto
                // once below; min/max have none, so they take `initial` itself.
                let fill = match (op, &init) {
                    ("sum", _) => Array::try_zeros(&[], result_dtype).py(py)?,
                    ("prod", _) => Array::ones(&[], result_dtype).py(py)?,
                    (_, Some(i)) => i.clone(),
                    (_, None) => {
                        return Err(PyValueError::new_err(format!(
                            "reduction operation '{ufunc_name}' does not have an identity, so to use a where mask one has to specify 'initial'"
                        )));
                    }
                };
                let m = where_mask(py, w, x.shape())?;
                ndplay_core::ufunc::where_(
                    &m,
                    ndplay_core::ufunc::Operand::Array(&x),
                    ndplay_core::ufunc::Operand::Array(&fill),
                )
                .py(py)?
            }
        };
        // With an initial value an empty min/max is defined: every output element is it.
        let empty_minmax = matches!(op, "min" | "max") && init.is_some() && {
            let ax = axes_arg(axis)?;
            match ax {
                None => x.size() == 0,
                Some(ax) => {
                    let axes = ndplay_core::shape::normalize_axes(op, &ax, x.ndim()).py(py)?;
                    axes.iter().any(|&k| x.shape()[k] == 0)
                }
            }
        };
        let r = if empty_minmax {
            // Every output element is `initial`; the shape is the sum's over the same axes.
            let shape = Array::try_zeros(x.shape(), DType::Bool)
                .py(py)?
                .sum(axes_arg(axis)?.as_deref(), keepdims)
                .py(py)?
                .shape()
                .to_vec();
            let i = init.as_ref().unwrap_or(&x);
            i.broadcast_to(&shape).py(py)?.as_c_contiguous().py(py)?
        } else {
            let r = reduce_array(py, &x, op, axis, None, keepdims, 0.0)?;
            match &init {
                Some(i) => {
                    let f = ndplay_core::ufunc::BinaryOp::from_name(ufunc_name)
                        .ok_or_else(|| unsupported(format!("the ufunc {ufunc_name}")))?;
                    crate::diagnostics::quietly(|| {
                        ndplay_core::ufunc::binary(
                            f,
                            ndplay_core::ufunc::Operand::Array(&r),
                            ndplay_core::ufunc::Operand::Array(i),
                        )
                    })
                    .py(py)?
                    .astype(result_dtype, Casting::Unsafe)
                    .py(py)?
                }
                None => r,
            }
        };
        result(py, r)
    })
}

/// [`reduce`], before the result becomes a Python object.
pub(crate) fn reduce_array(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    ddof: f64,
) -> PyResult<Array> {
    let ax = axes_arg(axis)?;
    let ax = ax.as_deref();
    let d = dtype_arg(dtype)?;
    let x = match d {
        Some(d) if d != a.dtype() => a.astype(d, Casting::Unsafe).py(py)?,
        _ => a.clone(),
    };
    // NumPy's mean with an integer dtype sums in that dtype (wrapping), divides, and
    // casts the quotient back to the dtype.
    if op == "mean"
        && let Some(d) = d
        && (d.is_integer() || d == DType::Bool)
    {
        let s = x
            .sum(ax, keepdims)
            .py(py)?
            .astype(d, Casting::Unsafe)
            .py(py)?;
        let count = (a.size() / s.size().max(1)).max(1);
        let q = crate::diagnostics::quietly(|| s.div_scalar(count as f64)).py(py)?;
        return q.astype(d, Casting::Unsafe).py(py);
    }
    let r = match op {
        "sum" => x.sum(ax, keepdims),
        "prod" => x.prod(ax, keepdims),
        "min" => x.min(ax, keepdims),
        "max" => x.max(ax, keepdims),
        "any" => x.any(ax, keepdims),
        "all" => x.all(ax, keepdims),
        "mean" => x.mean(ax, keepdims),
        "var" => x.var(ax, ddof, keepdims),
        "std" => x.std(ax, ddof, keepdims),
        "count_nonzero" => x.count_nonzero(ax, keepdims),
        _ => return Err(unsupported(format!("the reduction '{op}'"))),
    }
    .py(py)?;
    let r = match d {
        Some(d) if d != r.dtype() && matches!(op, "sum" | "prod") => {
            r.astype(d, Casting::Unsafe).py(py)?
        }
        _ => r,
    };
    Ok(r)
}

/// `where=` unless it is NumPy's default, `True`.
pub(crate) fn where_given<'a, 'py>(
    w: Option<&'a Bound<'py, PyAny>>,
) -> PyResult<Option<&'a Bound<'py, PyAny>>> {
    match w {
        Some(w) if !(w.is_exact_instance_of::<pyo3::types::PyBool>() && w.is_truthy()?) => {
            Ok(Some(w))
        }
        _ => Ok(None),
    }
}

/// A reduction's `where=`: booleans broadcast to the array's `shape`, with NumPy's errors.
///
/// An `ndarray` must be boolean (NumPy casts it with the 'safe' rule); anything else
/// (a list of 0s and 1s) is converted to booleans, as NumPy does.
fn where_mask(py: Python<'_>, w: &Bound<'_, PyAny>, shape: &[usize]) -> PyResult<Array> {
    let m = match crate::convert::array_of(w) {
        Some(a) => a,
        None => crate::convert::to_array(w, Some(DType::Bool))?,
    };
    if m.dtype() != DType::Bool {
        return Err(PyTypeError::new_err(format!(
            "Cannot cast array data from dtype('{}') to dtype('bool') according to the rule 'safe'",
            m.dtype().name()
        )));
    }
    if m.ndim() > shape.len() {
        return Err(PyValueError::new_err(
            "input operand has more dimensions than allowed by the axis remapping",
        ));
    }
    m.broadcast_to(shape).py(py)
}

/// `mean`/`var`/`std`/`any`/`all` with NumPy's `where=`: only the elements where the
/// mask is True take part. `mean` is their sum over their count (NaN for a slice with
/// none, as NumPy's "Mean of empty slice"); `var` the mean squared deviation from that
/// mean, divided by `count - ddof`; `any`/`all` see left-out elements as False/True.
/// With `where` left at True this is the plain reduction.
#[allow(clippy::too_many_arguments)]
pub fn reduce_where(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
    ddof: f64,
    where_: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let Some(mask) = where_given(where_)? else {
        return reduce(py, a, op, axis, dtype, keepdims, ddof);
    };
    use ndplay_core::ufunc::{Operand, binary, unary, where_ as select};
    let m = where_mask(py, mask, a.shape())?;
    let ax = axes_arg(axis)?;
    let ax = ax.as_deref();
    if matches!(op, "any" | "all") {
        let fill = Array::full(&[], PyScalar::Bool(op == "all"), Some(DType::Bool)).py(py)?;
        let b = if a.dtype() == DType::Bool {
            a.clone()
        } else {
            crate::diagnostics::quietly(|| a.ne_scalar(PyScalar::Int(0))).py(py)?
        };
        let x = select(&m, Operand::Array(&b), Operand::Array(&fill)).py(py)?;
        let r = if op == "any" {
            x.any(ax, keepdims)
        } else {
            x.all(ax, keepdims)
        };
        return result(py, r.py(py)?);
    }
    if a.dtype().kind() == Kind::Complex {
        return Err(unsupported(format!(
            "where= on {op} of complex arrays (only real dtypes)"
        )));
    }
    // NumPy's dtypes: integers and booleans average in float64, float16 in float32 (the
    // result cast back to float16); dtype= chooses the computing dtype.
    let given = dtype_arg(dtype)?;
    let compute = given.unwrap_or(match a.dtype() {
        DType::Float16 => DType::Float32,
        d if d.kind() == Kind::Float => d,
        _ => DType::Float64,
    });
    let out_dtype = match (given, a.dtype()) {
        (None, DType::Float16) => DType::Float16,
        _ => compute,
    };
    // NumPy's RuntimeWarnings for slices with nothing to average.
    let counts = m
        .astype(DType::Int64, Casting::Unsafe)
        .and_then(|c| c.sum(ax, false))
        .py(py)?;
    let fewest = if counts.size() == 0 {
        f64::INFINITY
    } else {
        counts
            .min(None, false)
            .and_then(|c| c.item())
            .py(py)?
            .as_f64()
    };
    if op == "mean" && fewest == 0.0 {
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyRuntimeWarning>(),
            c"Mean of empty slice",
            1,
        )?;
    } else if op != "mean" && fewest - ddof <= 0.0 {
        PyErr::warn(
            py,
            &py.get_type::<pyo3::exceptions::PyRuntimeWarning>(),
            c"Degrees of freedom <= 0 for slice",
            1,
        )?;
    }
    let r = crate::diagnostics::quietly(|| -> ndplay_core::Result<Array> {
        let x = a.astype(compute, Casting::Unsafe)?;
        let zero = Array::try_zeros(&[], compute)?;
        let kept = select(&m, Operand::Array(&x), Operand::Array(&zero))?;
        let ones = m.astype(compute, Casting::Unsafe)?;
        let mean_of = |keep: bool| -> ndplay_core::Result<Array> {
            let s = kept.sum(ax, keep)?.astype(compute, Casting::Unsafe)?;
            let n = ones.sum(ax, keep)?.astype(compute, Casting::Unsafe)?;
            binary(BinaryOp::TrueDivide, Operand::Array(&s), Operand::Array(&n))
        };
        if op == "mean" {
            return mean_of(keepdims);
        }
        let mu = mean_of(true)?;
        let dev = binary(
            BinaryOp::Subtract,
            Operand::Array(&kept),
            Operand::Array(&mu),
        )?;
        let dev = select(&m, Operand::Array(&dev), Operand::Array(&zero))?;
        let sq = binary(
            BinaryOp::Multiply,
            Operand::Array(&dev),
            Operand::Array(&dev),
        )?;
        let ss = sq.sum(ax, keepdims)?.astype(compute, Casting::Unsafe)?;
        let n = ones.sum(ax, keepdims)?.astype(compute, Casting::Unsafe)?;
        let n = binary(
            BinaryOp::Subtract,
            Operand::Array(&n),
            Operand::Py(PyScalar::Float(ddof)),
        )?;
        let n = binary(
            BinaryOp::Maximum,
            Operand::Array(&n),
            Operand::Py(PyScalar::Float(0.0)),
        )?;
        let n = n.astype(compute, Casting::Unsafe)?;
        let v = binary(
            BinaryOp::TrueDivide,
            Operand::Array(&ss),
            Operand::Array(&n),
        )?;
        if op == "std" {
            unary(UnaryOp::Sqrt, &v)
        } else {
            Ok(v)
        }
    })
    .py(py)?;
    let r = if r.dtype() == out_dtype {
        r
    } else {
        r.astype(out_dtype, Casting::Unsafe).py(py)?
    };
    result(py, r)
}

/// `argmax`/`argmin` with `keepdims`.
pub fn arg_reduce(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    let ax = axis_arg(axis)?;
    if a.dtype().is_object() {
        if keepdims {
            return Err(unsupported_param(op, "keepdims", "on object arrays"));
        }
        return crate::objects::arg_reduce(py, a, op, ax);
    }
    let r = match op {
        "argmax" => a.argmax(ax),
        _ => a.argmin(ax),
    }
    .py(py)?;
    let r = if keepdims {
        let shape: Vec<isize> = match ax {
            None => vec![1; a.ndim()],
            Some(axis) => {
                let nd = a.ndim() as isize;
                let k = if axis < 0 { axis + nd } else { axis };
                let mut s: Vec<isize> = a.shape().iter().map(|&n| n as isize).collect();
                if (0..nd).contains(&k) {
                    s[k as usize] = 1;
                }
                s
            }
        };
        r.reshape(&shape).py(py)?
    } else {
        r
    };
    result(py, r)
}

/// `cumsum` with NumPy's `dtype=`.
pub fn cumsum(
    py: Python<'_>,
    a: &Array,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    accumulate(py, a, axis, dtype, false)
}

/// `cumprod(a, axis, dtype)`, as [`cumsum`].
pub fn cumprod(
    py: Python<'_>,
    a: &Array,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    accumulate(py, a, axis, dtype, true)
}

fn accumulate(
    py: Python<'_>,
    a: &Array,
    axis: Option<&Bound<'_, PyAny>>,
    dtype: Option<&Bound<'_, PyAny>>,
    product: bool,
) -> PyResult<Py<PyAny>> {
    let ax = axis_arg(axis)?;
    let d = dtype_arg(dtype)?;
    if a.dtype().is_object() {
        if d.is_some_and(|d| !d.is_object()) {
            let name = if product { "cumprod" } else { "cumsum" };
            return Err(unsupported_param(name, "dtype", "on object arrays"));
        }
        return wrap(py, crate::objects::accumulate(py, a, ax, product)?);
    }
    let x = match d {
        Some(d) if d != a.dtype() => a.astype(d, Casting::Unsafe).py(py)?,
        _ => a.clone(),
    };
    let r = crate::fperr::reported(py, "accumulate", true, || {
        if product { x.cumprod(ax) } else { x.cumsum(ax) }.py(py)
    })?;
    let r = match d {
        Some(d) if d != r.dtype() => r.astype(d, Casting::Unsafe).py(py)?,
        _ => r,
    };
    wrap(py, r)
}

/// `round(a, decimals)`.
pub fn round(py: Python<'_>, a: &Array, decimals: i32) -> PyResult<Py<PyAny>> {
    result(py, a.round(decimals).py(py)?)
}

/// `clip(a, a_min, a_max)`.
pub fn clip(
    py: Python<'_>,
    a: &Array,
    lo: Option<&Bound<'_, PyAny>>,
    hi: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let lo = match lo {
        Some(o) if !o.is_none() => Some(operand(o)?),
        _ => None,
    };
    let hi = match hi {
        Some(o) if !o.is_none() => Some(operand(o)?),
        _ => None,
    };
    if lo.is_none() && hi.is_none() {
        return Err(PyValueError::new_err("One of max or min must be given"));
    }
    result(
        py,
        a.clip(lo.as_ref().map(|o| o.get()), hi.as_ref().map(|o| o.get()))
            .py(py)?,
    )
}

/// A shape given as `reshape(2, 3)` or `reshape((2, 3))`.
fn shape_args(args: &Bound<'_, PyTuple>) -> PyResult<Vec<isize>> {
    if args.len() == 1 {
        return ints(&args.get_item(0)?);
    }
    args.iter()
        .map(|o| Ok(crate::convert::index_int(&o)? as isize))
        .collect()
}

fn bin(
    slf: &Bound<'_, PyNdarray>,
    o: &Bound<'_, PyAny>,
    op: BinaryOp,
    reflected: bool,
) -> PyResult<Py<PyAny>> {
    if reflected {
        ops::binary(slf.py(), op, o, slf.as_any())
    } else {
        ops::binary(slf.py(), op, slf.as_any(), o)
    }
}

/// The text of `repr(a)` (or `str(a)`) when `np.set_printoptions(formatter=...)` has a
/// function for the array's dtype: composed.py's `_formatted` calls it on each element
/// and lays the results out as NumPy does. `None` without such a function.
fn formatted(slf: &Bound<'_, PyNdarray>, repr: bool) -> PyResult<Option<String>> {
    let np = crate::numpy_module(slf.py())?;
    if np
        .getattr("_print_formatter")?
        .call_method0("get")?
        .is_none()
    {
        return Ok(None);
    }
    let text = np.getattr("_formatted")?.call1((slf, repr))?;
    if text.is_none() {
        return Ok(None);
    }
    Ok(Some(text.extract()?))
}

fn inplace(slf: &Bound<'_, PyNdarray>, o: &Bound<'_, PyAny>, op: BinaryOp) -> PyResult<()> {
    let py = slf.py();
    let other = operand(o)?;
    let target = slf.borrow().a.clone();
    if !target.dtype().is_object()
        && matches!(&other, crate::convert::Opnd::A(x) if x.dtype().is_object())
    {
        return Err(crate::errors::raise(
            py,
            "UFuncTypeError",
            format!(
                "Cannot cast ufunc '{}' output from dtype('O') to {} with casting rule 'same_kind'",
                op.name(),
                target.dtype().repr()
            ),
            "the result of an operation with Python objects is objects; assign it to a new name instead of in place",
        ));
    }
    if target.dtype().is_object() {
        // Computed whole first, so a failing element leaves the array as it was (NumPy).
        let r = crate::objects::binary(py, op, &target, &other.into_array())?;
        return target.assign(&r).py(py);
    }
    crate::fperr::reset();
    slf.borrow().a.apply_inplace(op, other.get()).py(py)?;
    crate::fperr::check(py, op.name(), false, Default::default())
}

/// `numpy.ndarray.flags`: reads the array's flags; `flags.writeable = False` makes the
/// array read-only.
#[pyclass(name = "flagsobj", module = "numpy")]
pub struct Flags {
    arr: Py<PyNdarray>,
}

impl Flags {
    fn get(&self, py: Python<'_>, key: &str) -> PyResult<bool> {
        let f = self.arr.borrow(py).a.flags();
        Ok(match key {
            "C_CONTIGUOUS" | "C" | "CONTIGUOUS" | "c_contiguous" | "contiguous" => f.c_contiguous,
            "F_CONTIGUOUS" | "F" | "FORTRAN" | "f_contiguous" | "fortran" => f.f_contiguous,
            "OWNDATA" | "O" | "owndata" => f.owndata,
            "WRITEABLE" | "W" | "writeable" => f.writeable,
            "ALIGNED" | "A" | "aligned" => f.aligned,
            "WRITEBACKIFCOPY" | "X" | "writebackifcopy" => false,
            _ => {
                return Err(pyo3::exceptions::PyKeyError::new_err(format!(
                    "Unknown flag {key}"
                )));
            }
        })
    }
}

#[pymethods]
impl Flags {
    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<bool> {
        self.get(py, key)
    }

    fn __setitem__(&self, py: Python<'_>, key: &str, value: bool) -> PyResult<()> {
        match key {
            "WRITEABLE" | "W" | "writeable" => self.set_writeable(py, value),
            _ => Err(unsupported(format!("setting the {key} flag"))),
        }
    }

    fn __getattr__(&self, py: Python<'_>, name: &str) -> PyResult<bool> {
        self.get(py, name).map_err(|_| {
            pyo3::exceptions::PyAttributeError::new_err(format!(
                "'numpy.flagsobj' object has no attribute '{name}'"
            ))
        })
    }

    #[getter]
    fn writeable(&self, py: Python<'_>) -> PyResult<bool> {
        self.get(py, "WRITEABLE")
    }

    #[setter]
    fn set_writeable(&self, py: Python<'_>, value: bool) -> PyResult<()> {
        let mut arr = self.arr.borrow_mut(py);
        if value {
            if !arr.a.flags().writeable {
                arr.a = arr.a.clone().writeable_again().py(py)?;
            }
            return Ok(());
        }
        arr.a = arr.a.clone().read_only();
        Ok(())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut out = String::new();
        for name in [
            "C_CONTIGUOUS",
            "F_CONTIGUOUS",
            "OWNDATA",
            "WRITEABLE",
            "ALIGNED",
            "WRITEBACKIFCOPY",
        ] {
            let v = if self.get(py, name)? { "True" } else { "False" };
            out.push_str(&format!("  {name} : {v}\n"));
        }
        Ok(out)
    }
}

#[pymethods]
impl PyNdarray {
    #[new]
    #[pyo3(signature = (shape, dtype = None, buffer = None, offset = 0, strides = None, order = None))]
    fn py_new(
        py: Python<'_>,
        shape: &Bound<'_, PyAny>,
        dtype: Option<&Bound<'_, PyAny>>,
        buffer: Option<&Bound<'_, PyAny>>,
        offset: usize,
        strides: Option<&Bound<'_, PyAny>>,
        order: Option<&str>,
    ) -> PyResult<PyNdarray> {
        if buffer.is_some_and(|b| !b.is_none()) {
            return Err(unsupported_param("ndarray", "buffer", ""));
        }
        if offset != 0 {
            return Err(unsupported_param("ndarray", "offset", ""));
        }
        if strides.is_some_and(|s| !s.is_none()) {
            return Err(unsupported_param("ndarray", "strides", ""));
        }
        let s = crate::convert::shape_arg(shape)?;
        let d = dtype_arg(dtype)?.unwrap_or(DType::Float64);
        let o = order_arg(order, Order::C)?;
        let a = Array::try_zeros(&s, d).py(py)?;
        Ok(PyNdarray::new(if o == Order::F {
            a.copy(Order::F).py(py)?
        } else {
            a
        }))
    }

    /// `repr(a)`, identical to NumPy's.
    pub fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        if let Some(text) = formatted(slf, true)? {
            return Ok(text);
        }
        let a = slf.borrow().a.clone();
        if a.dtype().is_object() {
            return crate::objects::format(slf.py(), &a, true);
        }
        Ok(a.repr())
    }

    fn __str__(slf: &Bound<'_, Self>) -> PyResult<String> {
        if let Some(text) = formatted(slf, false)? {
            return Ok(text);
        }
        let a = slf.borrow().a.clone();
        if a.dtype().is_object() {
            return crate::objects::format(slf.py(), &a, false);
        }
        if a.ndim() == 0 && a.dtype().is_record() {
            // NumPy prints a 0-d structured array as its record's tuple of Python values.
            return Ok(crate::records::records_to_py(slf.py(), &a)?
                .str()?
                .to_string());
        }
        Ok(slf.borrow().a.to_str())
    }

    fn __format__(&self, py: Python<'_>, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return Ok(self.a.to_str());
        }
        if self.a.ndim() == 0 {
            let item = scalar_to_py(py, &self.a.item().py(py)?)?;
            return item.call_method1("__format__", (spec,))?.extract();
        }
        Err(PyTypeError::new_err(
            "unsupported format string passed to numpy.ndarray.__format__",
        ))
    }

    fn __bool__(&self, py: Python<'_>) -> PyResult<bool> {
        match self.a.size() {
            1 => Ok(self.a.reshape(&[]).py(py)?.item().py(py)?.is_truthy()),
            0 => Err(PyValueError::new_err(
                "The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.",
            )),
            _ => Err(PyValueError::new_err(
                "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()",
            )),
        }
    }

    fn __float__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.a.ndim() != 0 {
            return Err(PyTypeError::new_err(
                "only 0-dimensional arrays can be converted to Python scalars",
            ));
        }
        let s = new_scalar(py, self.a.item().py(py)?)?;
        Ok(py.get_type::<PyFloat>().call1((s,))?.unbind())
    }

    fn __int__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.a.ndim() != 0 {
            return Err(PyTypeError::new_err(
                "only 0-dimensional arrays can be converted to Python scalars",
            ));
        }
        let s = new_scalar(py, self.a.item().py(py)?)?;
        Ok(py.get_type::<PyInt>().call1((s,))?.unbind())
    }

    fn __complex__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.a.ndim() != 0 {
            return Err(PyTypeError::new_err(
                "only 0-dimensional arrays can be converted to Python scalars",
            ));
        }
        let s = scalar_to_py(py, &self.a.item().py(py)?)?;
        Ok(py
            .get_type::<pyo3::types::PyComplex>()
            .call1((s,))?
            .unbind())
    }

    fn __index__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.a.ndim() == 0 && self.a.dtype().is_integer() {
            return Ok(scalar_to_py(py, &self.a.item().py(py)?)?.unbind());
        }
        Err(PyTypeError::new_err(
            "only integer scalar arrays can be converted to a scalar index",
        ))
    }

    fn __len__(&self) -> PyResult<usize> {
        self.a
            .shape()
            .first()
            .copied()
            .ok_or_else(|| PyTypeError::new_err("len() of unsized object"))
    }

    fn __iter__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        if a.ndim() == 0 {
            return Err(PyTypeError::new_err("iteration over a 0-d array"));
        }
        let items = (0..a.shape()[0])
            .map(|i| getitem(py, &a, &(i as i64).into_pyobject(py)?.into_any(), Some(slf)))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.try_iter()?.into_any().unbind())
    }

    fn __contains__(slf: &Bound<'_, Self>, x: &Bound<'_, PyAny>) -> PyResult<bool> {
        let py = slf.py();
        // `==` (not np.equal): structured arrays compare field by field.
        let eq = ops::richcmp(py, slf.as_any(), x, CompareOp::Eq)?;
        let eq = to_array(eq.bind(py), None)?;
        Ok(eq.any(None, false).py(py)?.item().py(py)?.is_truthy())
    }

    fn __getitem__(slf: &Bound<'_, Self>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let this = slf.borrow();
        getitem(slf.py(), &this.a, key, Some(slf))
    }

    fn __setitem__(
        slf: &Bound<'_, Self>,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let py = slf.py();
        // Borrowed, not cloned: an extra handle on the storage would look like another
        // array sharing the memory to the write-through-view diagnostic.
        let this = slf.borrow();
        let a = &this.a;
        if a.dtype().is_object() {
            return setitem_objects(py, a, key, value);
        }
        if let Some(idx) = plain_index(a, key)
            && let Some(v) = plain_value(a, value)
        {
            return a.set(&idx, v).py(py);
        }
        if let Some(f) = field_view(a, key)? {
            let v = if f.dtype().is_record() && !value.is_instance_of::<PyNdarray>() {
                crate::records::records_from_py(value, f.dtype())?
            } else {
                to_array(value, Some(f.dtype()))?
            };
            return ndplay_core::copy_into(&f, &v).py(py);
        }
        let items = index_items(key)?;
        let reports_cast = value.is_instance_of::<PyNdarray>();
        let v = if a.dtype().is_record() && !value.is_instance_of::<PyNdarray>() {
            crate::records::records_from_py(value, a.dtype())?
        } else {
            operand(value)?.into_array()
        };
        let v = if v.dtype().is_object() {
            crate::objects::cast_from_objects(py, &v, a.dtype())?
        } else {
            v
        };
        // Float arrays written into integer arrays report NaN, infinities and values out
        // of range as NumPy's cast does ("invalid value encountered in cast").
        let reports = reports_cast && v.dtype().is_float() && a.dtype().is_integer();
        crate::fperr::reported(py, "cast", reports, || a.index_assign(&items, &v).py(py))
    }

    fn __copy__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        wrap(py, self.a.copy(Order::K).py(py)?)
    }

    fn __deepcopy__(&self, py: Python<'_>, _memo: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        wrap(py, self.a.copy(Order::K).py(py)?)
    }

    fn __richcmp__(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        ops::richcmp(slf.py(), slf.as_any(), other, op)
    }

    fn __add__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Add, false)
    }
    fn __radd__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Add, true)
    }
    fn __sub__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Subtract, false)
    }
    fn __rsub__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Subtract, true)
    }
    fn __mul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Multiply, false)
    }
    fn __rmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Multiply, true)
    }
    fn __truediv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::TrueDivide, false)
    }
    fn __rtruediv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::TrueDivide, true)
    }
    fn __floordiv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::FloorDivide, false)
    }
    fn __rfloordiv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::FloorDivide, true)
    }
    fn __mod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Remainder, false)
    }
    fn __rmod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Remainder, true)
    }
    fn __and__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseAnd, false)
    }
    fn __rand__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseAnd, true)
    }
    fn __or__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseOr, false)
    }
    fn __ror__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseOr, true)
    }
    fn __xor__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseXor, false)
    }
    fn __lshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::LeftShift, false)
    }
    fn __rlshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::LeftShift, true)
    }
    fn __rshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::RightShift, false)
    }
    fn __rrshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::RightShift, true)
    }
    fn __rxor__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseXor, true)
    }

    fn __pow__(
        slf: &Bound<'_, Self>,
        o: &Bound<'_, PyAny>,
        modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return Err(unsupported("pow() with a modulus".to_string()));
        }
        bin(slf, o, BinaryOp::Power, false)
    }

    fn __rpow__(
        slf: &Bound<'_, Self>,
        o: &Bound<'_, PyAny>,
        modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return Err(unsupported("pow() with a modulus".to_string()));
        }
        bin(slf, o, BinaryOp::Power, true)
    }

    fn __divmod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        Ok((
            bin(slf, o, BinaryOp::FloorDivide, false)?,
            bin(slf, o, BinaryOp::Remainder, false)?,
        ))
    }

    fn __matmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        ops::matmul(slf.py(), slf.as_any(), o)
    }
    fn __rmatmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        ops::matmul(slf.py(), o, slf.as_any())
    }

    fn __neg__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Negative, slf.as_any())
    }
    fn __pos__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Positive, slf.as_any())
    }
    fn __abs__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Absolute, slf.as_any())
    }
    fn __invert__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Invert, slf.as_any())
    }

    fn __iadd__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::Add)
    }
    fn __isub__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::Subtract)
    }
    fn __imul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::Multiply)
    }
    fn __itruediv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::TrueDivide)
    }
    fn __ifloordiv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::FloorDivide)
    }
    fn __imod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::Remainder)
    }
    fn __iand__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::BitwiseAnd)
    }
    fn __ilshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::LeftShift)
    }
    fn __irshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::RightShift)
    }
    fn __ior__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::BitwiseOr)
    }
    fn __ixor__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        inplace(slf, o, BinaryOp::BitwiseXor)
    }

    fn __ipow__(
        slf: &Bound<'_, Self>,
        o: &Bound<'_, PyAny>,
        _modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        inplace(slf, o, BinaryOp::Power)
    }

    fn __imatmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = slf.py();
        let this = slf.borrow();
        let a = &this.a;
        let r = ndplay_linalg::matmul(a, &to_array(o, None)?).py(py)?;
        if r.shape() != a.shape() {
            return Err(PyValueError::new_err(format!(
                "matmul: Output operand 0 has a mismatch in its core dimension 1 ({} is not {})",
                ndplay_core::shape::fmt_shape(r.shape()),
                ndplay_core::shape::fmt_shape(a.shape())
            )));
        }
        a.index_assign(&[IndexItem::Ellipsis], &r).py(py)
    }

    // ------------------------------------------------------------ attributes

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.a.shape())
    }

    #[setter(shape)]
    fn set_shape(&mut self, py: Python<'_>, shape: &Bound<'_, PyAny>) -> PyResult<()> {
        let s = ints(shape)?;
        if self.a.reshape_copies(&s).py(py)? {
            return Err(pyo3::exceptions::PyAttributeError::new_err(
                "Incompatible shape for in-place modification. Use `.reshape()` to make a copy with the desired shape.",
            ));
        }
        let r = self.a.reshape(&s).py(py)?;
        self.a = r;
        Ok(())
    }

    /// `a.flat`: the array as a 1-D iterator (`numpy.flatiter`).
    #[getter]
    fn flat(slf: &Bound<'_, Self>) -> crate::rearrange::FlatIter {
        crate::rearrange::FlatIter::new(slf.clone().unbind())
    }

    #[setter(flat)]
    fn set_flat(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        crate::rearrange::set_flat(py, &self.a, value)
    }

    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, self.a.strides())
    }

    #[getter]
    fn ndim(&self) -> usize {
        self.a.ndim()
    }

    #[getter]
    fn size(&self) -> usize {
        self.a.size()
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.a.itemsize()
    }

    #[getter]
    fn nbytes(&self) -> usize {
        self.a.nbytes()
    }

    #[getter]
    fn dtype(&self) -> crate::dtype::PyDType {
        crate::dtype::PyDType { dt: self.a.dtype() }
    }

    #[getter]
    fn flags(slf: &Bound<'_, Self>) -> Flags {
        Flags {
            arr: slf.clone().unbind(),
        }
    }

    #[getter]
    fn base(slf: &Bound<'_, Self>) -> PyResult<Option<Py<PyAny>>> {
        let py = slf.py();
        let this = slf.borrow();
        let Some(b) = this.a.base() else {
            return Ok(None);
        };
        if let Some(o) = this.owner.get() {
            return Ok(Some(o.clone_ref(py)));
        }
        let owner = wrap(py, b.clone())?;
        let _ = this.owner.set(owner.clone_ref(py));
        Ok(Some(owner))
    }

    #[getter(T)]
    fn transpose_attr(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let a = slf.borrow().a.t();
        view(slf, a)
    }

    /// `.real`: the array itself for real dtypes, a view of the real halves for complex.
    #[getter]
    fn real(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let a = slf.borrow().a.clone();
        if a.dtype().is_complex() {
            let part = a.complex_part(false).py(slf.py())?;
            return view(slf, part);
        }
        Ok(slf.clone().into_any().unbind())
    }

    #[setter(real)]
    fn set_real(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        let target = if a.dtype().is_complex() {
            a.complex_part(false).py(py)?
        } else {
            a
        };
        target.assign(&to_array(value, None)?).py(py)
    }

    /// `.imag`: a view of the imaginary halves for complex dtypes; read-only zeros else.
    #[getter]
    fn imag(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        if a.dtype().is_complex() {
            let part = a.complex_part(true).py(py)?;
            return view(slf, part);
        }
        wrap(
            py,
            Array::try_zeros(a.shape(), a.dtype()).py(py)?.read_only(),
        )
    }

    #[setter(imag)]
    fn set_imag(slf: &Bound<'_, Self>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        if !a.dtype().is_complex() {
            return Err(PyTypeError::new_err(
                "array does not have imaginary part to set",
            ));
        }
        let target = a.complex_part(true).py(py)?;
        target.assign(&to_array(value, None)?).py(py)
    }

    #[getter]
    fn data(&self) -> PyResult<Py<PyAny>> {
        Err(unsupported(
            "ndarray.data (the buffer protocol)".to_string(),
        ))
    }

    // ------------------------------------------------------------ conversions

    /// The element(s) as Python scalars.
    #[pyo3(signature = (*args))]
    fn item(slf: &Bound<'_, Self>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        if a.dtype().is_opaque() {
            let one = if args.is_empty() {
                a.reshape(&[]).map_err(|_| {
                    PyValueError::new_err("can only convert an array of size 1 to a Python scalar")
                })?
            } else {
                let key = if args.len() == 1 {
                    args.get_item(0)?
                } else {
                    args.clone().into_any()
                };
                let flat_key = key.is_instance_of::<PyInt>() && args.len() == 1;
                let src = if flat_key {
                    a.ravel(Order::C).py(py)?
                } else {
                    a
                };
                src.index(&index_items(&key)?).py(py)?
            };
            if one.dtype().is_object() {
                if one.size() != 1 {
                    return Err(PyValueError::new_err(
                        "can only convert an array of size 1 to a Python scalar",
                    ));
                }
                return crate::objects::element(py, &one.reshape(&[]).py(py)?);
            }
            return Ok(crate::records::records_to_py(py, &one)?.unbind());
        }
        if args.is_empty() {
            if a.size() != 1 {
                return Err(PyValueError::new_err(
                    "can only convert an array of size 1 to a Python scalar",
                ));
            }
            let flat = a.ravel(Order::C).py(py)?;
            return Ok(scalar_to_py(py, &flat.get(&[0]).py(py)?)?.unbind());
        }
        let key = if args.len() == 1 {
            args.get_item(0)?
        } else {
            args.clone().into_any()
        };
        let r = if args.len() == 1 && key.is_instance_of::<PyInt>() {
            let flat = a.ravel(Order::C).py(py)?;
            let k = key.extract::<i64>()?;
            let n = flat.size() as i64;
            let i = if k < 0 { k + n } else { k };
            if !(0..n).contains(&i) {
                return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                    "index {k} is out of bounds for size {n}"
                )));
            }
            flat.get(&[i as usize]).py(py)?
        } else {
            let items = index_items(&key)?;
            a.index(&items).py(py)?.item().py(py)?
        };
        Ok(scalar_to_py(py, &r)?.unbind())
    }

    /// Nested Python lists of Python scalars.
    fn tolist(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.a.dtype().is_object() {
            return crate::objects::tolist(py, &self.a);
        }
        if self.a.dtype().is_record() {
            return Ok(crate::records::records_to_py(py, &self.a)?.unbind());
        }
        fn build(py: Python<'_>, a: &Array) -> PyResult<Py<PyAny>> {
            if a.ndim() == 0 {
                return Ok(scalar_to_py(py, &a.item().py(py)?)?.unbind());
            }
            let items = (0..a.shape()[0])
                .map(|i| build(py, &a.index(&[IndexItem::Int(i as i64)]).py(py)?))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, items)?.into_any().unbind())
        }
        build(py, &self.a)
    }

    /// A copy cast to `dtype`; with `copy=False` the array itself when no cast is needed.
    #[pyo3(signature = (dtype, order = "K", casting = "unsafe", subok = true, copy = true))]
    fn astype(
        slf: &Bound<'_, Self>,
        dtype: &Bound<'_, PyAny>,
        order: &str,
        casting: &str,
        subok: bool,
        copy: bool,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let _ = subok; // ndplay has no ndarray subclasses
        let a = slf.borrow().a.clone();
        let d = dtype_arg(Some(dtype))?.unwrap_or(DType::Float64);
        let o = order_arg(Some(order), Order::K)?;
        if casting == "same_value" {
            return wrap(py, cast_same_value(py, &a, d)?);
        }
        let rule = casting_arg(casting)?;
        if (a.dtype().is_object() || d.is_object()) && d != a.dtype() {
            if rule != Casting::Unsafe && !a.dtype().can_cast_to(d, rule) {
                return Err(PyTypeError::new_err(format!(
                    "Cannot cast array data from {} to {} according to the rule '{casting}'",
                    a.dtype().repr(),
                    d.repr()
                )));
            }
            return wrap(py, to_array(slf.as_any(), Some(d))?);
        }
        if !copy && d == a.dtype() {
            let keeps = match o {
                Order::C => a.flags().c_contiguous,
                Order::F => a.flags().f_contiguous,
                _ => true,
            };
            if keeps {
                return Ok(slf.clone().into_any().unbind());
            }
        }
        let reports = a.dtype().is_float() && d.is_integer();
        let r = crate::fperr::reported(py, "cast", reports, || a.astype(d, rule).py(py))?;
        let r = match o {
            Order::C if !r.flags().c_contiguous => r.copy(Order::C).py(py)?,
            Order::F if !r.flags().f_contiguous => r.copy(Order::F).py(py)?,
            _ => r,
        };
        wrap(py, r)
    }

    /// The same bytes as another dtype (`a.view(np.int32)`), or the same array as a new
    /// `ndarray` object.
    #[pyo3(signature = (dtype = None, r#type = None))]
    fn view(
        slf: &Bound<'_, Self>,
        dtype: Option<&Bound<'_, PyAny>>,
        r#type: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        if r#type.is_some_and(|t| !t.is_none()) {
            return Err(unsupported_param(
                "ndarray.view",
                "type",
                "ndplay has no ndarray subclasses",
            ));
        }
        let a = slf.borrow().a.clone();
        let d = dtype_arg(dtype)?;
        let v = match d {
            Some(d) => a.view_dtype(d).py(py)?,
            None => a.view_dtype(a.dtype()).py(py)?,
        };
        view(slf, v)
    }

    #[pyo3(signature = (order = "C"))]
    fn copy(&self, py: Python<'_>, order: &str) -> PyResult<Py<PyAny>> {
        wrap(py, self.a.copy(order_arg(Some(order), Order::C)?).py(py)?)
    }

    fn fill(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let v = operand(value)?.into_array();
        self.a.index_assign(&[IndexItem::Ellipsis], &v).py(py)
    }

    // ------------------------------------------------------------ shape

    #[pyo3(signature = (*shape, order = "C", copy = None))]
    fn reshape(
        slf: &Bound<'_, Self>,
        shape: &Bound<'_, PyTuple>,
        order: &str,
        copy: Option<bool>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        let s = shape_args(shape)?;
        let o = order_arg(Some(order), Order::C)?;
        match copy {
            Some(true) => return wrap(py, a.reshape_order(&s, o).py(py)?.copy(Order::C).py(py)?),
            Some(false) if a.reshape_copies(&s).py(py)? => {
                return Err(PyValueError::new_err(
                    "Unable to avoid creating a copy while reshaping.",
                ));
            }
            _ => {}
        }
        let r = a.reshape_order(&s, o).py(py)?;
        view(slf, r)
    }

    #[pyo3(signature = (order = "C"))]
    fn ravel(slf: &Bound<'_, Self>, order: &str) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        let r = a.ravel(order_arg(Some(order), Order::C)?).py(py)?;
        view(slf, r)
    }

    #[pyo3(signature = (order = "C"))]
    fn flatten(&self, py: Python<'_>, order: &str) -> PyResult<Py<PyAny>> {
        wrap(
            py,
            self.a.flatten(order_arg(Some(order), Order::C)?).py(py)?,
        )
    }

    #[pyo3(signature = (*axes))]
    fn transpose(slf: &Bound<'_, Self>, axes: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = slf.borrow().a.clone();
        let r = if axes.is_empty() || (axes.len() == 1 && axes.get_item(0)?.is_none()) {
            a.t()
        } else {
            a.permute(&shape_args(axes)?).py(py)?
        };
        view(slf, r)
    }

    fn swapaxes(slf: &Bound<'_, Self>, axis1: isize, axis2: isize) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let r = slf.borrow().a.swapaxes(axis1, axis2).py(py)?;
        view(slf, r)
    }

    #[pyo3(signature = (axis = None))]
    fn squeeze(slf: &Bound<'_, Self>, axis: Option<&Bound<'_, PyAny>>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let ax = axes_arg(axis)?;
        let r = slf.borrow().a.squeeze(ax.as_deref()).py(py)?;
        view(slf, r)
    }

    #[pyo3(signature = (repeats, axis = None))]
    fn repeat(
        &self,
        py: Python<'_>,
        repeats: &Bound<'_, PyAny>,
        axis: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        crate::funcs::repeat_impl(py, &self.a, repeats, axis)
    }

    #[pyo3(signature = (offset = 0, axis1 = 0, axis2 = 1))]
    fn diagonal(
        &self,
        py: Python<'_>,
        offset: isize,
        axis1: isize,
        axis2: isize,
    ) -> PyResult<Py<PyAny>> {
        crate::funcs::diagonal_impl(py, &self.a, offset, axis1, axis2)
    }

    #[pyo3(signature = (offset = 0, axis1 = 0, axis2 = 1, dtype = None, out = None))]
    fn trace(
        &self,
        py: Python<'_>,
        offset: isize,
        axis1: isize,
        axis2: isize,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if out.is_some_and(|o| !o.is_none()) {
            return Err(unsupported_param("trace", "out", ""));
        }
        crate::funcs::trace_impl(py, &self.a, offset, axis1, axis2, dtype)
    }

    // ------------------------------------------------------------ reductions

    #[pyo3(signature = (axis = None, dtype = None, out = None, keepdims = false, initial = None, r#where = None))]
    fn sum(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "sum", out, dtype, OutRule::Reduction, |dtype| {
            reduce_with_initial(py, &self.a, "sum", axis, dtype, keepdims, initial, r#where)
        })
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None, keepdims = false, initial = None, r#where = None))]
    fn prod(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "prod", out, dtype, OutRule::Reduction, |dtype| {
            reduce_with_initial(py, &self.a, "prod", axis, dtype, keepdims, initial, r#where)
        })
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None, keepdims = false, *, r#where = None))]
    fn mean(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "mean", out, dtype, OutRule::SameDtype, |dtype| {
            reduce_where(py, &self.a, "mean", axis, dtype, keepdims, 0.0, r#where)
        })
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None, ddof = 0.0, keepdims = false, *, r#where = None, mean = None, correction = None))]
    #[allow(clippy::too_many_arguments)]
    fn var(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        ddof: f64,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
        mean: Option<&Bound<'_, PyAny>>,
        correction: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        not_given("var", "mean", mean)?;
        with_out(py, "var", out, dtype, OutRule::SameDtype, |dtype| {
            let ddof = correction.unwrap_or(ddof);
            reduce_where(py, &self.a, "var", axis, dtype, keepdims, ddof, r#where)
        })
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None, ddof = 0.0, keepdims = false, *, r#where = None, mean = None, correction = None))]
    #[allow(clippy::too_many_arguments)]
    fn std(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        ddof: f64,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
        mean: Option<&Bound<'_, PyAny>>,
        correction: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        not_given("std", "mean", mean)?;
        with_out(py, "std", out, dtype, OutRule::SameDtype, |dtype| {
            let ddof = correction.unwrap_or(ddof);
            reduce_where(py, &self.a, "std", axis, dtype, keepdims, ddof, r#where)
        })
    }

    #[pyo3(signature = (axis = None, out = None, keepdims = false, initial = None, r#where = None))]
    fn min(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "min", out, None, OutRule::Reduction, |_| {
            reduce_with_initial(py, &self.a, "min", axis, None, keepdims, initial, r#where)
        })
    }

    #[pyo3(signature = (axis = None, out = None, keepdims = false, initial = None, r#where = None))]
    fn max(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "max", out, None, OutRule::Reduction, |_| {
            reduce_with_initial(py, &self.a, "max", axis, None, keepdims, initial, r#where)
        })
    }

    #[pyo3(signature = (axis = None, out = None, keepdims = false, *, r#where = None))]
    fn any(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "any", out, None, OutRule::Reduction, |_| {
            reduce_where(py, &self.a, "any", axis, None, keepdims, 0.0, r#where)
        })
    }

    #[pyo3(signature = (axis = None, out = None, keepdims = false, *, r#where = None))]
    fn all(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "all", out, None, OutRule::Reduction, |_| {
            reduce_where(py, &self.a, "all", axis, None, keepdims, 0.0, r#where)
        })
    }

    #[pyo3(signature = (axis = None, out = None, *, keepdims = false))]
    fn argmax(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
    ) -> PyResult<Py<PyAny>> {
        not_given("argmax", "out", out)?;
        arg_reduce(py, &self.a, "argmax", axis, keepdims)
    }

    #[pyo3(signature = (axis = None, out = None, *, keepdims = false))]
    fn argmin(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
    ) -> PyResult<Py<PyAny>> {
        not_given("argmin", "out", out)?;
        arg_reduce(py, &self.a, "argmin", axis, keepdims)
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None))]
    fn cumsum(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "cumsum", out, dtype, OutRule::SameDtype, |dtype| {
            cumsum(py, &self.a, axis, dtype)
        })
    }

    #[pyo3(signature = (axis = None, dtype = None, out = None))]
    fn cumprod(
        &self,
        py: Python<'_>,
        axis: Option<&Bound<'_, PyAny>>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        with_out(py, "cumprod", out, dtype, OutRule::SameDtype, |dtype| {
            cumprod(py, &self.a, axis, dtype)
        })
    }

    #[pyo3(signature = (decimals = 0, out = None))]
    fn round(
        &self,
        py: Python<'_>,
        decimals: i32,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        not_given("round", "out", out)?;
        round(py, &self.a, decimals)
    }

    #[pyo3(signature = (min = None, max = None, out = None, **kwargs))]
    fn clip(
        &self,
        py: Python<'_>,
        min: Option<&Bound<'_, PyAny>>,
        max: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        crate::convert::no_kwargs("clip", kwargs)?;
        with_out(py, "clip", out, None, OutRule::SameKind, |_| {
            clip(py, &self.a, min, max)
        })
    }

    #[pyo3(signature = (b, out = None))]
    fn dot(
        &self,
        py: Python<'_>,
        b: &Bound<'_, PyAny>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        not_given("dot", "out", out)?;
        result(py, ndplay_linalg::dot(&self.a, &to_array(b, None)?).py(py)?)
    }

    #[pyo3(signature = (v, side = "left", sorter = None))]
    fn searchsorted(
        &self,
        py: Python<'_>,
        v: &Bound<'_, PyAny>,
        side: &str,
        sorter: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        crate::sets::searchsorted_impl(py, &self.a, v, side, sorter)
    }

    #[pyo3(signature = (ind, v, mode = "raise"))]
    fn put(
        slf: &Bound<'_, Self>,
        ind: &Bound<'_, PyAny>,
        v: &Bound<'_, PyAny>,
        mode: &str,
    ) -> PyResult<()> {
        // One definition: np.put's, in composed.py.
        let np = crate::numpy_module(slf.py())?;
        np.getattr("put")?.call1((slf, ind, v, mode))?;
        Ok(())
    }

    fn conj(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::conjugate(slf)
    }

    fn conjugate(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let a = slf.borrow().a.clone();
        if a.dtype().is_complex() {
            let py = slf.py();
            return result(
                py,
                ndplay_core::ufunc::unary(UnaryOp::Conjugate, &a).py(py)?,
            );
        }
        // NumPy hands back the array itself for real dtypes.
        Ok(slf.clone().into_any().unbind())
    }

    /// `a.partition(kth, axis=-1, kind='introselect', order=None)`: in place, as
    /// np.partition (composed.py) computes it.
    #[pyo3(signature = (kth, axis = -1, kind = "introselect", order = None),
           text_signature = "(kth, axis=-1, kind='introselect', order=None)")]
    fn partition(
        slf: &Bound<'_, Self>,
        kth: &Bound<'_, PyAny>,
        axis: isize,
        kind: &str,
        order: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        let np = crate::numpy_module(py)?;
        let parted = np
            .getattr("partition")?
            .call1((slf, kth, axis, kind, order))?;
        let parted = to_array(&parted, None)?;
        slf.borrow()
            .a
            .index_assign(&[IndexItem::Ellipsis], &parted)
            .py(py)
    }

    /// `a.argpartition(kth, axis=-1, kind='introselect', order=None)`: np.argpartition.
    #[pyo3(signature = (kth, axis = Some(-1), kind = "introselect", order = None),
           text_signature = "(kth, axis=-1, kind='introselect', order=None)")]
    fn argpartition(
        slf: &Bound<'_, Self>,
        kth: &Bound<'_, PyAny>,
        axis: Option<isize>,
        kind: &str,
        order: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let np = crate::numpy_module(slf.py())?;
        Ok(np
            .getattr("argpartition")?
            .call1((slf, kth, axis, kind, order))?
            .unbind())
    }

    #[pyo3(signature = (axis = -1, kind = None, order = None, *, stable = None),
           text_signature = "(axis=-1, kind=None, order=None, *, stable=None)")]
    fn sort(
        &self,
        py: Python<'_>,
        axis: isize,
        kind: Option<&str>,
        order: Option<&Bound<'_, PyAny>>,
        stable: Option<bool>,
    ) -> PyResult<()> {
        sort_params(kind, stable)?;
        let s = if self.a.dtype().is_object() && order.is_none_or(|o| o.is_none()) {
            crate::objects::sort(py, &self.a, Some(axis), false)?
        } else if self.a.dtype().is_record() || order.is_some_and(|o| !o.is_none()) {
            crate::records::sort(py, &self.a, Some(axis), order)?
        } else {
            self.a.sort(Some(axis)).py(py)?
        };
        self.a.index_assign(&[IndexItem::Ellipsis], &s).py(py)
    }

    #[pyo3(signature = (axis = Some(-1), kind = None, order = None, *, stable = None),
           text_signature = "(axis=-1, kind=None, order=None, *, stable=None)")]
    fn argsort(
        &self,
        py: Python<'_>,
        axis: Option<isize>,
        kind: Option<&str>,
        order: Option<&Bound<'_, PyAny>>,
        stable: Option<bool>,
    ) -> PyResult<Py<PyAny>> {
        sort_params(kind, stable)?;
        if self.a.dtype().is_object() && order.is_none_or(|o| o.is_none()) {
            return wrap(py, crate::objects::sort(py, &self.a, axis, true)?);
        }
        if self.a.dtype().is_record() || order.is_some_and(|o| !o.is_none()) {
            return wrap(py, crate::records::argsort(py, &self.a, axis, order)?);
        }
        match axis {
            Some(ax) => wrap(py, self.a.argsort(Some(ax)).py(py)?),
            None => wrap(py, self.a.ravel(Order::C).py(py)?.argsort(Some(-1)).py(py)?),
        }
    }

    fn nonzero(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let parts = self
            .a
            .nonzero()
            .py(py)?
            .into_iter()
            .map(|a| wrap(py, a))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, parts)?.into_any().unbind())
    }

    /// Called only when normal lookup fails: a NumPy method ndplay lacks says so.
    fn __getattr__(&self, name: &str) -> PyResult<Py<PyAny>> {
        Err(pyo3::exceptions::PyAttributeError::new_err(format!(
            "ndplay does not implement numpy.ndarray.{name} yet ('numpy.ndarray' object has \
             no attribute '{name}')"
        )))
    }

    fn __array_namespace__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        // This module, not whatever `import numpy` finds: in the Python package, real
        // NumPy may be installed beside it.
        Ok(crate::numpy_module(py)?.into_any().unbind())
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(unsupported("pickling ndarrays".to_string()))
    }
}

/// `kind=` and `stable=` of the sorts: the engine's sorts are stable, so any `kind` gives
/// NumPy's result for a total order. (`order=` is the structured sorts' business:
/// [`crate::records::argsort`].)
pub fn sort_params(kind: Option<&str>, stable: Option<bool>) -> PyResult<()> {
    if let Some(k) = kind
        && !matches!(k, "quicksort" | "mergesort" | "heapsort" | "stable")
    {
        return Err(PyValueError::new_err(format!(
            "sort kind must be one of 'quick', 'heap', or 'stable' (got '{k}')"
        )));
    }
    let _ = stable; // the engine's sorts are stable: stable=True/False both give NumPy's result
    Ok(())
}

/// The array an object stands for, failing with NumPy's message when it is none.
pub fn needs_array(obj: &Bound<'_, PyAny>) -> PyResult<Array> {
    array_of(obj).map_or_else(|| to_array(obj, None), Ok)
}
