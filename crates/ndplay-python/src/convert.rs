//! Python objects to engine values and back, following NumPy's rules.
//!
//! | Python | engine |
//! |---|---|
//! | `ndarray` | its [`Array`] (shared memory) |
//! | NumPy scalar (`np.float64(2.5)`) | a 0-d array of its dtype (strongly typed) |
//! | exact `bool`, `int`, `float`, `complex` | a weak [`PyScalar`] operand (NEP 50) |
//! | `list`, `tuple`, `range`, nested | [`Nested`] data, converted by [`Array::from_nested`] |
//! | `str` | a `<U n` string |
//! | objects with `__array__` or the buffer protocol | not yet: `TypeError` naming the type |
//!
//! And back: [`result`] turns a 0-d result into a NumPy scalar (as NumPy's ufuncs and
//! reductions do), anything else into an `ndarray`.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let list = pyo3::types::PyList::new(py, [1.0, 2.0])?;
//! let a = ndplay_python::convert::to_array(list.as_any(), None)?;
//! assert_eq!(a.shape(), &[2]);
//! # Ok(()) }
//! ```

use ndplay_core::{Array, Casting, DType, IndexItem, Nested, PyScalar, Scalar, SliceArg};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyComplex, PyDict, PyEllipsis, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple,
    PyType,
};

use crate::array::PyNdarray;
use crate::dtype::PyDType;
use crate::errors::OrRaise;
use crate::scalar::Generic;

/// An operand of an element-wise operation: an array, or a weak Python scalar.
pub enum Opnd {
    /// An array (or NumPy scalar as a 0-d array).
    A(Array),
    /// A Python scalar.
    P(PyScalar),
}

impl Opnd {
    /// The engine's operand.
    pub fn get(&self) -> ndplay_core::ufunc::Operand<'_> {
        match self {
            Opnd::A(a) => ndplay_core::ufunc::Operand::Array(a),
            Opnd::P(p) => ndplay_core::ufunc::Operand::Py(*p),
        }
    }

    /// As an array (a Python scalar becomes a 0-d array of its default dtype).
    pub fn into_array(self) -> Array {
        match self {
            Opnd::A(a) => a,
            Opnd::P(p) => Array::from_py(p),
        }
    }
}

/// A Python `int` as `i64`, with Python's `OverflowError` beyond.
pub fn py_int(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    if let Ok(s) = obj.cast::<Generic>() {
        let v = s.get().value();
        if v.dtype().is_integer() || v.dtype() == DType::Bool {
            return Ok(match v {
                Scalar::UInt64(u) => i64::try_from(*u).map_err(|_| {
                    pyo3::exceptions::PyOverflowError::new_err(
                        "Python int too large to convert to C long",
                    )
                })?,
                other => other.as_f64() as i64,
            });
        }
    }
    obj.extract::<i64>()
}

/// A Python scalar of an exact builtin type (`bool`, `int`, `float`, `complex`).
pub fn py_scalar(obj: &Bound<'_, PyAny>) -> PyResult<Option<PyScalar>> {
    Ok(if obj.is_exact_instance_of::<PyBool>() {
        Some(PyScalar::Bool(obj.is_truthy()?))
    } else if obj.is_exact_instance_of::<PyInt>() {
        Some(match obj.extract::<i64>() {
            Ok(v) => PyScalar::Int(v),
            // Above int64's range NumPy still takes ints up to 2**64 - 1 (as uint64);
            // beyond that, CPython's own OverflowError, as NumPy raises for them.
            Err(e) => match obj.extract::<u64>() {
                Ok(v) => PyScalar::UInt(v),
                Err(_) => return Err(e),
            },
        })
    } else if let Ok(f) = obj.cast_exact::<PyFloat>() {
        Some(PyScalar::Float(f.value()))
    } else if let Ok(c) = obj.cast_exact::<PyComplex>() {
        Some(PyScalar::Complex(c.real(), c.imag()))
    } else {
        None
    })
}

/// The array behind an `ndarray` or NumPy scalar, if `obj` is one.
pub fn array_of(obj: &Bound<'_, PyAny>) -> Option<Array> {
    if let Ok(a) = obj.cast::<PyNdarray>() {
        return Some(a.borrow().a.clone());
    }
    if let Ok(s) = obj.cast::<Generic>() {
        return Some(Array::from_scalar(s.get().value()));
    }
    if let Ok(r) = obj.cast::<crate::records::PyVoid>() {
        return Some(r.get().a.clone());
    }
    None
}

fn nested(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Nested> {
    if depth > 64 {
        return Err(PyValueError::new_err(
            "ndplay cannot make an array nested more than 64 levels deep (NumPy's limit is 64 dimensions)",
        ));
    }
    if let Some(s) = py_scalar(obj)? {
        return Ok(match s {
            PyScalar::Bool(b) => Nested::Bool(b),
            PyScalar::Int(i) => Nested::Int(i),
            PyScalar::UInt(u) => Nested::UInt(u),
            PyScalar::Float(f) => Nested::Float(f),
            PyScalar::Complex(re, im) => Nested::Complex(re, im),
        });
    }
    if let Ok(s) = obj.cast::<Generic>() {
        return Ok(Nested::Scalar(s.get().value().clone()));
    }
    if let Ok(a) = obj.cast::<PyNdarray>() {
        let a = a.borrow().a.clone();
        return Ok(if a.ndim() == 0 {
            Nested::Scalar(a.item().py(obj.py())?)
        } else {
            Nested::Array(a)
        });
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return Ok(Nested::List(
            l.iter()
                .map(|o| nested(&o, depth + 1))
                .collect::<PyResult<_>>()?,
        ));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return Ok(Nested::List(
            t.iter()
                .map(|o| nested(&o, depth + 1))
                .collect::<PyResult<_>>()?,
        ));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Nested::Str(s.to_str()?.to_string()));
    }
    // Subclasses of the builtins (an IntEnum, a bool subclass...): their value.
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Nested::Float(f.value()));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(Nested::Int(obj.extract::<i64>()?));
    }
    let py = obj.py();
    if let Ok(f) = obj.cast::<crate::rearrange::FlatIter>() {
        return Ok(Nested::Array(f.borrow().flattened(py)?));
    }
    if obj.is_instance(&py.get_type::<pyo3::types::PyRange>())? || obj.hasattr("__next__")? {
        let list = PyList::type_object(py).call1((obj,))?;
        return nested(&list, depth);
    }
    Err(PyTypeError::new_err(format!(
        "ndplay cannot make an array from a '{}' object (it takes numbers, strings, lists, \
         tuples, ranges and ndarrays; objects with __array__ or the buffer protocol are not \
         supported yet)",
        obj.get_type().name()?
    )))
}

use pyo3::type_object::PyTypeInfo;

/// Anything NumPy accepts as an array (`np.asarray(obj, dtype)`), without copying an
/// `ndarray` of the right dtype.
pub fn to_array(obj: &Bound<'_, PyAny>, dtype: Option<DType>) -> PyResult<Array> {
    let py = obj.py();
    if let Some(a) = array_of(obj) {
        return match dtype {
            Some(d) if d != a.dtype() && d.is_object() => crate::objects::cast_to_objects(py, &a),
            Some(d) if d != a.dtype() && a.dtype().is_object() => {
                crate::objects::cast_from_objects(py, &a, d)
            }
            Some(d) if d != a.dtype() => a.astype(d, Casting::Unsafe).py(py),
            _ => Ok(a),
        };
    }
    if let Some(d) = dtype
        && d.is_record()
    {
        return crate::records::records_from_py(obj, d);
    }
    if dtype.is_some_and(DType::is_object) {
        return crate::objects::from_py(obj, None);
    }
    let n = match nested(obj, 0) {
        Ok(n) => n,
        // What no numeric dtype holds (None, a dict, a Fraction, an int past 64 bits)
        // makes NumPy choose dtype=object.
        Err(e) if crate::objects::means_objects(py, &e) => {
            let objs = crate::objects::from_py(obj, None)?;
            return match dtype {
                Some(d) => crate::objects::cast_from_objects(py, &objs, d),
                None => Ok(objs),
            };
        }
        Err(e) => return Err(e),
    };
    Array::from_nested(&n, dtype).py(py)
}

/// `np.asarray(obj, dtype)` for nested Python numbers and strings only, with no fallback to
/// `dtype=object` (the last step of converting objects to numbers).
pub fn numbers_to_array(obj: &Bound<'_, PyAny>, dtype: DType) -> PyResult<Array> {
    Array::from_nested(&nested(obj, 0)?, Some(dtype)).py(obj.py())
}

/// An element-wise operand: weak Python scalars stay weak.
pub fn operand(obj: &Bound<'_, PyAny>) -> PyResult<Opnd> {
    if let Some(p) = py_scalar(obj)? {
        return Ok(Opnd::P(p));
    }
    Ok(Opnd::A(to_array(obj, None)?))
}

/// Anything NumPy accepts as a dtype: a `dtype`, a name (`"float32"`, `"f4"`, `"<i8"`),
/// `float`/`int`/`bool`/`complex`/`str`, or a scalar type (`np.float32`). `None` is
/// "not given".
pub fn dtype_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<DType>> {
    let Some(obj) = obj else { return Ok(None) };
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(d) = obj.cast::<PyDType>() {
        return Ok(Some(d.get().dt));
    }
    let py = obj.py();
    if let Ok(t) = obj.cast::<PyType>() {
        if t.is(py.get_type::<PyFloat>()) {
            return Ok(Some(DType::Float64));
        }
        if t.is(py.get_type::<PyBool>()) {
            return Ok(Some(DType::Bool));
        }
        if t.is(py.get_type::<PyInt>()) {
            return Ok(Some(DType::Int64));
        }
        if t.is(py.get_type::<PyComplex>()) {
            return Ok(Some(DType::Complex128));
        }
        if t.is(py.get_type::<PyString>()) {
            return Ok(Some(DType::Str(0)));
        }
        if let Some(d) = crate::scalar::dtype_of_type(t) {
            return Ok(Some(d));
        }
        if t.is(py.get_type::<PyAny>()) {
            return Ok(Some(DType::Object));
        }
        if t.is(py.get_type::<pyo3::types::PyBytes>()) {
            return Err(crate::errors::unsupported(format!(
                "dtype={} (NumPy has it; ndplay does not)",
                t.name()?
            )));
        }
        return Err(PyTypeError::new_err(format!(
            "Cannot interpret '{}' as a data type",
            obj.repr()?
        )));
    }
    if let Some(d) = crate::records::record_dtype(obj)? {
        return Ok(Some(d));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        return DType::parse(text).map(Some).ok_or_else(|| {
            if numpy_only_dtype(text) {
                crate::errors::unsupported(format!(
                    "the dtype '{text}' (NumPy has it; ndplay does not)"
                ))
            } else {
                PyTypeError::new_err(format!("data type '{text}' not understood"))
            }
        });
    }
    Err(PyTypeError::new_err(format!(
        "Cannot interpret '{}' as a data type",
        obj.repr()?
    )))
}

/// Whether `name` is a dtype NumPy has that ndplay lacks (extended precision, objects,
/// bytes, dates, structured voids): refused with `NotImplementedError`, not as unknown.
fn numpy_only_dtype(name: &str) -> bool {
    let base = name.trim_start_matches(['<', '>', '=', '|']);
    matches!(
        base,
        "float128"
            | "longdouble"
            | "longfloat"
            | "g"
            | "f16"
            | "complex256"
            | "clongdouble"
            | "G"
            | "c32"
            | "object"
            | "O"
            | "bytes"
            | "bytes_"
            | "S"
            | "a"
            | "void"
            | "V"
            | "datetime64"
            | "timedelta64"
            | "M"
            | "m"
            | "M8"
            | "m8"
    ) || base.starts_with("datetime64[")
        || base.starts_with("timedelta64[")
        || base.starts_with("M8[")
        || base.starts_with("m8[")
        || (base.len() > 1
            && matches!(base.as_bytes()[0], b'S' | b'V' | b'a')
            && base[1..].bytes().all(|b| b.is_ascii_digit()))
}

/// An int or a sequence of ints.
pub fn ints(obj: &Bound<'_, PyAny>) -> PyResult<Vec<isize>> {
    if let Ok(t) = obj.cast::<PyTuple>() {
        return t.iter().map(|o| Ok(index_int(&o)? as isize)).collect();
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return l.iter().map(|o| Ok(index_int(&o)? as isize)).collect();
    }
    if let Ok(a) = obj.cast::<PyNdarray>() {
        let a = a.borrow().a.clone();
        if a.ndim() == 1 && (a.dtype().is_integer()) {
            return Ok(a.to_f64_vec().into_iter().map(|v| v as isize).collect());
        }
    }
    Ok(vec![index_int(obj)? as isize])
}

/// An integer argument through `__index__` (a float is a `TypeError`, as in NumPy).
pub fn index_int(obj: &Bound<'_, PyAny>) -> PyResult<i64> {
    if let Ok(s) = obj.cast::<Generic>()
        && let v = s.get().value()
        && (v.dtype().is_integer() || v.dtype() == DType::Bool)
    {
        return py_int(obj);
    }
    if obj.is_instance_of::<PyFloat>() || obj.cast::<Generic>().is_ok() {
        return Err(PyTypeError::new_err(format!(
            "'{}' object cannot be interpreted as an integer",
            obj.get_type().name()?
        )));
    }
    let i = obj.call_method0("__index__").map_err(|_| {
        PyTypeError::new_err(format!(
            "'{}' object cannot be interpreted as an integer",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    i.extract::<i64>()
}

/// A shape: an int or a sequence of non-negative ints.
pub fn shape_arg(obj: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
    ints(obj)?
        .into_iter()
        .map(|d| {
            usize::try_from(d)
                .map_err(|_| PyValueError::new_err("negative dimensions are not allowed"))
        })
        .collect()
}

/// `axis=None`, an int or a tuple of ints.
pub fn axes_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<isize>>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => Ok(Some(ints(o)?)),
    }
}

/// `axis=None` or one int.
pub fn axis_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<isize>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => Ok(Some(index_int(o)? as isize)),
    }
}

/// `order=`: `'C'`, `'F'`, `'A'` or `'K'`.
pub fn order_arg(text: Option<&str>, default: ndplay_core::Order) -> PyResult<ndplay_core::Order> {
    match text {
        None => Ok(default),
        Some(t) => ndplay_core::Order::parse(t).ok_or_else(|| {
            PyValueError::new_err(format!(
                "order must be one of 'C', 'F', 'A', or 'K' (got '{t}')"
            ))
        }),
    }
}

fn index_item(obj: &Bound<'_, PyAny>) -> PyResult<IndexItem> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(IndexItem::NewAxis);
    }
    if obj.is_instance_of::<PyEllipsis>() {
        return Ok(IndexItem::Ellipsis);
    }
    if let Ok(s) = obj.cast::<PySlice>() {
        let bound = |o: Bound<'_, PyAny>| -> PyResult<Option<isize>> {
            if o.is_none() {
                Ok(None)
            } else {
                Ok(Some(index_int(&o).map_err(|_| {
                    PyTypeError::new_err(
                        "slice indices must be integers or None or have an __index__ method",
                    )
                })? as isize))
            }
        };
        let start = bound(s.getattr("start")?)?;
        let stop = bound(s.getattr("stop")?)?;
        let step = bound(s.getattr("step")?)?.unwrap_or(1);
        if step == 0 {
            return Err(PyValueError::new_err("slice step cannot be zero"));
        }
        return Ok(IndexItem::Slice(SliceArg::new(start, stop, step)));
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return Ok(IndexItem::Int(obj.extract::<i64>()?));
    }
    if obj.is_exact_instance_of::<PyBool>() {
        let b = obj.is_truthy()?;
        return Ok(IndexItem::Array(Array::from_vec(vec![b], &[]).py(py)?));
    }
    if let Some(a) = array_of(obj) {
        if a.ndim() == 0 && a.dtype().is_integer() {
            return Ok(IndexItem::Int(py_int(obj).or_else(|_| {
                Ok::<i64, PyErr>(a.item().py(py)?.as_f64() as i64)
            })?));
        }
        if !(a.dtype().is_integer() || a.dtype() == DType::Bool) {
            return Err(PyIndexError::new_err(
                "arrays used as indices must be of integer (or boolean) type",
            ));
        }
        return Ok(IndexItem::Array(a));
    }
    if obj.cast::<PyList>().is_ok() {
        let a = to_array(obj, None)?;
        let a = if a.size() == 0 {
            a.astype(DType::Int64, Casting::Unsafe).py(py)?
        } else {
            a
        };
        if !(a.dtype().is_integer() || a.dtype() == DType::Bool) {
            return Err(PyIndexError::new_err(
                "arrays used as indices must be of integer (or boolean) type",
            ));
        }
        return Ok(IndexItem::Array(a));
    }
    if obj.is_instance_of::<PyFloat>() || obj.is_instance_of::<PyString>() {
        return Err(PyIndexError::new_err(
            "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
        ));
    }
    Ok(IndexItem::Int(index_int(obj).map_err(|_| {
        PyIndexError::new_err(
            "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
        )
    })?))
}

/// An indexing key (`a[1, ::2, None]`) as the engine's items.
pub fn index_items(key: &Bound<'_, PyAny>) -> PyResult<Vec<IndexItem>> {
    match key.cast::<PyTuple>() {
        Ok(t) => t.iter().map(|o| index_item(&o)).collect(),
        Err(_) => Ok(vec![index_item(key)?]),
    }
}

/// A scalar as the Python builtin `.item()` returns.
pub fn scalar_to_py<'py>(py: Python<'py>, s: &Scalar) -> PyResult<Bound<'py, PyAny>> {
    Ok(match s {
        Scalar::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Scalar::Int8(v) => v.into_pyobject(py)?.into_any(),
        Scalar::Int16(v) => v.into_pyobject(py)?.into_any(),
        Scalar::Int32(v) => v.into_pyobject(py)?.into_any(),
        Scalar::Int64(v) => v.into_pyobject(py)?.into_any(),
        Scalar::UInt8(v) => v.into_pyobject(py)?.into_any(),
        Scalar::UInt16(v) => v.into_pyobject(py)?.into_any(),
        Scalar::UInt32(v) => v.into_pyobject(py)?.into_any(),
        Scalar::UInt64(v) => v.into_pyobject(py)?.into_any(),
        Scalar::Float16(v) => PyFloat::new(py, f64::from(*v)).into_any(),
        Scalar::Float32(v) => PyFloat::new(py, f64::from(*v)).into_any(),
        Scalar::Float64(v) => PyFloat::new(py, *v).into_any(),
        Scalar::Complex64(c) => {
            PyComplex::from_doubles(py, f64::from(c.re), f64::from(c.im)).into_any()
        }
        Scalar::Complex128(c) => PyComplex::from_doubles(py, c.re, c.im).into_any(),
        Scalar::Str(s) => PyString::new(py, s).into_any(),
    })
}

/// A new `ndarray` over `a`.
pub fn wrap(py: Python<'_>, a: Array) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyNdarray::new(a))?.into_any())
}

/// A ufunc's or reduction's result: a 0-d array becomes a NumPy scalar, as in NumPy.
pub fn result(py: Python<'_>, a: Array) -> PyResult<Py<PyAny>> {
    if a.ndim() == 0 {
        if a.dtype().is_record() {
            return crate::records::new_void(py, a);
        }
        if a.dtype().is_object() {
            return crate::objects::element(py, &a);
        }
        return crate::scalar::new_scalar(py, a.item().py(py)?);
    }
    wrap(py, a)
}

/// `**kwargs` NumPy takes that ndplay does not: each one raises `NotImplementedError`.
pub fn no_kwargs(func: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    if let Some(k) = kwargs
        && let Some((name, _)) = k.iter().next()
    {
        return Err(crate::errors::unsupported_param(
            func,
            &name.to_string(),
            "",
        ));
    }
    Ok(())
}
