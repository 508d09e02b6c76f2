//! `dtype=object`: arrays of Python objects.
//!
//! The engine stores an 8-byte handle per element ([`ndplay_core::objects`]); this module
//! owns the objects behind the handles. Handle `0` is the int `0`, so the zeros the engine
//! fills in itself (`np.diag`'s off-diagonal, `np.imag`) are NumPy's `0`; `np.empty` fills
//! `None` explicitly, as NumPy's object arrays start. Handle `h > 0` is slot `h - 1` of one
//! table of strong references. Handles are copied by the engine without telling anyone (views, copies,
//! `take`, `concatenate`), so the table is collected the way a tracing collector works:
//! when it has grown to twice what was alive at the last collection, every handle still
//! found in a live object storage is marked and the other slots are freed. A slot made
//! since the previous collection is never freed, which gives code between making a
//! handle and storing it one full collection interval of grace.
//!
//! The rest is NumPy's behaviour for object arrays: shapes found from nested lists only as
//! deep as they are regular (`np.array([[1, 2], [3]], dtype=object)` is a 1-d array of two
//! lists), element-wise operators that call the objects' own operators, comparisons that
//! give `bool` arrays, reductions that fold with `+`/`*`/`max`/`min`, and printing with
//! each element's `repr` (a list as `list([1, 2])`).
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let list = pyo3::types::PyList::new(py, [1, 2])?;
//! let a = ndplay_python::objects::from_py(&list, None)?;
//! assert_eq!(a.dtype(), ndplay_core::DType::Object);
//! # Ok(()) }
//! ```

use std::cell::RefCell;
use std::sync::Mutex;

use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use ndplay_core::{Array, DType, Order};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyList, PyTuple};

use crate::array::PyNdarray;
use crate::convert::{array_of, scalar_to_py};
use crate::errors::OrRaise;

/// One slot of the object table.
struct Slot {
    obj: Option<Py<PyAny>>,
    /// The collection count when the slot was filled.
    born: u64,
}

/// The table of objects that handles refer to.
struct Table {
    slots: Vec<Slot>,
    free: Vec<usize>,
    collections: u64,
    live_after_collection: usize,
}

static TABLE: Mutex<Table> = Mutex::new(Table {
    slots: Vec::new(),
    free: Vec::new(),
    collections: 0,
    live_after_collection: 0,
});

fn table() -> std::sync::MutexGuard<'static, Table> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Frees the slots no live object array refers to. The freed objects are dropped after
/// the table is unlocked (a `__del__` may make object arrays itself).
fn collect() {
    let mut marked = {
        let t = table();
        vec![false; t.slots.len()]
    };
    ndplay_core::objects::for_each_live_handle(|h| {
        if let Some(m) = (h as usize).checked_sub(1).and_then(|i| marked.get_mut(i)) {
            *m = true;
        }
    });
    let mut dropped = Vec::new();
    {
        let mut t = table();
        let epoch = t.collections;
        for (i, &m) in marked.iter().enumerate() {
            let slot = &mut t.slots[i];
            if !m && slot.obj.is_some() && slot.born < epoch {
                dropped.push(slot.obj.take());
                t.free.push(i);
            }
        }
        t.collections += 1;
        t.live_after_collection = t.slots.len() - t.free.len();
    }
    drop(dropped);
}

/// A handle for `obj` (which the table keeps alive until no array holds the handle).
pub fn intern(obj: &Bound<'_, PyAny>) -> u64 {
    let due = {
        let t = table();
        let used = t.slots.len() - t.free.len();
        used >= 4096 && used >= 2 * t.live_after_collection
    };
    if due {
        collect();
    }
    let mut t = table();
    let born = t.collections;
    let slot = Slot {
        obj: Some(obj.clone().unbind()),
        born,
    };
    let i = match t.free.pop() {
        Some(i) => {
            t.slots[i] = slot;
            i
        }
        None => {
            t.slots.push(slot);
            t.slots.len() - 1
        }
    };
    i as u64 + 1
}

/// The engine's casts to and from objects ([`ndplay_core::objects::Converters`]):
/// installed when the module is built.
pub fn install_converters() {
    ndplay_core::objects::set_converters(ndplay_core::objects::Converters {
        from_scalar: |s| {
            Python::attach(|py| {
                scalar_to_py(py, s)
                    .map(|o| intern(&o))
                    .map_err(|e| engine_error(py, e))
            })
        },
        to_scalar: |h, d| Python::attach(|py| value_of(py, h, d).map_err(|e| engine_error(py, e))),
    });
}

/// A Python exception as an engine error of the same type (for errors raised inside an
/// engine cast).
fn engine_error(py: Python<'_>, e: PyErr) -> ndplay_core::Error {
    let py_type = if e.is_instance_of::<PyValueError>(py) {
        "ValueError"
    } else if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(py) {
        "OverflowError"
    } else if e.is_instance_of::<pyo3::exceptions::PyZeroDivisionError>(py) {
        "ZeroDivisionError"
    } else {
        "TypeError"
    };
    ndplay_core::Error::Invalid {
        py_type,
        message: e.value(py).str().map(|s| s.to_string()).unwrap_or_default(),
        hint: "raised by a Python object while converting an object array".into(),
    }
}

/// One object as a value of the numeric or string dtype `d`, converted as Python
/// converts (`float(x)`; `None` is NaN for floats, as in NumPy).
fn value_of(py: Python<'_>, h: u64, d: DType) -> PyResult<ndplay_core::Scalar> {
    use ndplay_core::{Kind, Scalar};
    let o = resolve(py, h)?;
    Ok(match d.kind() {
        Kind::Bool => Scalar::Bool(o.is_truthy()?),
        Kind::Int | Kind::UInt => {
            let i = py.import("builtins")?.getattr("int")?.call1((&o,))?;
            match i.extract::<i64>() {
                Ok(v) => Scalar::Int64(v),
                Err(_) => Scalar::UInt64(i.extract::<u64>()?),
            }
        }
        Kind::Float if o.is_none() => Scalar::Float64(f64::NAN),
        Kind::Float => Scalar::Float64(
            py.import("builtins")?
                .getattr("float")?
                .call1((&o,))?
                .extract()?,
        ),
        Kind::Complex if o.is_none() => {
            Scalar::Complex128(num_complex::Complex::new(f64::NAN, 0.0))
        }
        Kind::Complex => {
            let c: num_complex::Complex<f64> = py
                .import("builtins")?
                .getattr("complex")?
                .call1((&o,))?
                .extract()?;
            Scalar::Complex128(c)
        }
        _ => Scalar::Str(o.str()?.to_string()),
    })
}

/// The object behind a handle.
pub fn resolve<'py>(py: Python<'py>, handle: u64) -> PyResult<Bound<'py, PyAny>> {
    if handle == 0 {
        return Ok(0i64.into_pyobject(py)?.into_any());
    }
    let t = table();
    match t
        .slots
        .get(handle as usize - 1)
        .and_then(|s| s.obj.as_ref())
    {
        Some(o) => Ok(o.bind(py).clone()),
        None => Err(PyRuntimeError::new_err(format!(
            "ndplay lost the Python object behind handle {handle} of an object array (a bug in ndplay: please report it)"
        ))),
    }
}

/// The objects of an object array (any view), in C order.
pub fn objects<'py>(py: Python<'py>, a: &Array) -> PyResult<Vec<Bound<'py, PyAny>>> {
    ndplay_core::objects::handles(a)
        .py(py)?
        .into_iter()
        .map(|h| resolve(py, h))
        .collect()
}

/// An object array of `shape` holding `objs` in C order.
pub fn array_from(py: Python<'_>, objs: &[Bound<'_, PyAny>], shape: &[usize]) -> PyResult<Array> {
    let handles: Vec<u64> = objs.iter().map(intern).collect();
    ndplay_core::objects::from_handles(&handles, shape).py(py)
}

/// Whether `obj` is a sequence NumPy descends into when it looks for a shape.
fn is_sequence(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>()
        || obj
            .cast::<PyNdarray>()
            .is_ok_and(|a| a.borrow().a.ndim() > 0)
}

fn children<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    obj.try_iter()?.collect()
}

/// `np.array(obj, dtype=object)`: the shape is as deep as the nesting is regular (at most
/// `max_ndim` axes), and what lies below becomes the elements (a ragged list stays a list).
/// An `ndarray` of numbers becomes Python numbers, as NumPy's cast does.
pub fn from_py(obj: &Bound<'_, PyAny>, max_ndim: Option<usize>) -> PyResult<Array> {
    let py = obj.py();
    if let Some(a) = array_of(obj)
        && max_ndim.is_none_or(|m| a.ndim() <= m)
    {
        return cast_to_objects(py, &a);
    }
    let limit = max_ndim.unwrap_or(64);
    let mut shape = Vec::new();
    let mut level = vec![obj.clone()];
    while shape.len() < limit && !level.is_empty() && level.iter().all(is_sequence) {
        let kids: Vec<Vec<Bound<'_, PyAny>>> =
            level.iter().map(children).collect::<PyResult<_>>()?;
        let n = kids[0].len();
        if kids.iter().any(|k| k.len() != n) {
            break;
        }
        shape.push(n);
        level = kids.into_iter().flatten().collect();
    }
    array_from(py, &level, &shape)
}

/// `a.astype(object)` of any array: numbers become Python numbers.
pub fn cast_to_objects(py: Python<'_>, a: &Array) -> PyResult<Array> {
    if a.dtype().is_object() {
        return a.copy(Order::C).py(py);
    }
    let objs: Vec<Bound<'_, PyAny>> = if a.dtype().is_record() {
        let flat = a.reshape(&[-1]).py(py)?;
        (0..flat.size())
            .map(|i| {
                let one = flat
                    .index(&[ndplay_core::IndexItem::Int(i as i64)])
                    .py(py)?;
                crate::records::new_void(py, one).map(|v| v.into_bound(py))
            })
            .collect::<PyResult<_>>()?
    } else {
        a.to_scalars()
            .iter()
            .map(|s| scalar_to_py(py, s))
            .collect::<PyResult<_>>()?
    };
    array_from(py, &objs, a.shape())
}

/// `a.astype(d)` of an object array: each object converted as Python converts it
/// (`float(x)`, `int(x)`, `bool(x)`, `complex(x)`, `str(x)`); `None` becomes NaN for floats.
pub fn cast_from_objects(py: Python<'_>, a: &Array, d: DType) -> PyResult<Array> {
    if d.is_object() {
        return a.copy(Order::C).py(py);
    }
    if d.is_record() {
        return Err(crate::errors::unsupported(
            "casting an object array to a structured dtype".to_string(),
        ));
    }
    let builtins = py.import("builtins")?;
    let conv = match d.kind() {
        ndplay_core::Kind::Bool => builtins.getattr("bool")?,
        ndplay_core::Kind::Int | ndplay_core::Kind::UInt => builtins.getattr("int")?,
        ndplay_core::Kind::Float => builtins.getattr("float")?,
        ndplay_core::Kind::Complex => builtins.getattr("complex")?,
        _ => builtins.getattr("str")?,
    };
    let nan_for_none = d.is_inexact();
    let values: Vec<Bound<'_, PyAny>> = objects(py, a)?
        .into_iter()
        .map(|o| {
            if nan_for_none && o.is_none() {
                return Ok(pyo3::types::PyFloat::new(py, f64::NAN).into_any());
            }
            conv.call1((o,))
        })
        .collect::<PyResult<_>>()?;
    let flat = PyList::new(py, values)?;
    let out = crate::convert::numbers_to_array(flat.as_any(), d)?;
    out.reshape(&a.shape().iter().map(|&n| n as isize).collect::<Vec<_>>())
        .py(py)
}

/// An object array's element as NumPy gives it back: the object itself.
pub fn element(py: Python<'_>, zero_d: &Array) -> PyResult<Py<PyAny>> {
    let h = ndplay_core::objects::handles(zero_d).py(py)?;
    Ok(resolve(py, h[0])?.unbind())
}

/// Nested lists of the objects (`tolist()`).
pub fn tolist(py: Python<'_>, a: &Array) -> PyResult<Py<PyAny>> {
    let objs = objects(py, a)?;
    fn build<'py>(
        py: Python<'py>,
        objs: &mut std::vec::IntoIter<Bound<'py, PyAny>>,
        shape: &[usize],
    ) -> PyResult<Py<PyAny>> {
        match shape.split_first() {
            None => Ok(objs.next().map(Bound::unbind).unwrap_or_else(|| py.None())),
            Some((&n, rest)) => {
                let items = (0..n)
                    .map(|_| build(py, objs, rest))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(PyList::new(py, items)?.into_any().unbind())
            }
        }
    }
    build(py, &mut objs.into_iter(), a.shape())
}

/// How NumPy prints one object in an array: its `repr`, a list as `list([...])`.
fn element_text(py: Python<'_>, handle: u64) -> PyResult<String> {
    let o = resolve(py, handle)?;
    let r = o.repr()?.to_string();
    Ok(if o.is_exact_instance_of::<PyList>() {
        format!("list({r})")
    } else {
        r
    })
}

/// `repr(a)` (or `str(a)`) of an object array.
pub fn format(py: Python<'_>, a: &Array, repr: bool) -> PyResult<String> {
    if !repr && a.ndim() == 0 {
        return Ok(element(py, a)?.bind(py).str()?.to_string());
    }
    let failure: RefCell<Option<PyErr>> = RefCell::new(None);
    let text = |h: u64| match element_text(py, h) {
        Ok(t) => t,
        Err(e) => {
            failure.borrow_mut().get_or_insert(e);
            String::new()
        }
    };
    let out = if repr {
        a.repr_objects(&text)
    } else {
        a.to_str_objects(&text)
    };
    match failure.into_inner() {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The Python operator behind a binary ufunc on objects; `None` for ufuncs ndplay has no
/// object loop for.
fn operator_of(op: BinaryOp) -> Option<(&'static str, bool)> {
    use BinaryOp::*;
    // (name in the `operator` module, whether the result is a bool array)
    Some(match op {
        Add => ("add", false),
        Subtract => ("sub", false),
        Multiply => ("mul", false),
        TrueDivide => ("truediv", false),
        FloorDivide => ("floordiv", false),
        Remainder => ("mod", false),
        Power => ("pow", false),
        BitwiseAnd => ("and_", false),
        BitwiseOr => ("or_", false),
        BitwiseXor => ("xor", false),
        LeftShift => ("lshift", false),
        RightShift => ("rshift", false),
        Equal => ("eq", true),
        NotEqual => ("ne", true),
        Less => ("lt", true),
        LessEqual => ("le", true),
        Greater => ("gt", true),
        GreaterEqual => ("ge", true),
        _ => return None,
    })
}

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// One level of object operations calling object operations (see [`binary`]).
struct Depth;

impl Depth {
    fn enter() -> PyResult<Depth> {
        let d = DEPTH.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        let guard = Depth;
        if d > 50 {
            return Err(pyo3::exceptions::PyRecursionError::new_err(
                "maximum recursion depth exceeded while applying an operator to object arrays whose elements hold arrays",
            ));
        }
        Ok(guard)
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|c| c.set(c.get() - 1));
    }
}

/// An operand of an object operation as an object array.
fn as_objects(py: Python<'_>, a: &Array) -> PyResult<Array> {
    if a.dtype().is_object() {
        Ok(a.clone())
    } else {
        cast_to_objects(py, a)
    }
}

/// `x op y` where one side is an object array: the objects' own operator per element
/// (after broadcasting); comparisons give a `bool` array.
pub fn binary(py: Python<'_>, op: BinaryOp, x: &Array, y: &Array) -> PyResult<Array> {
    if x.dtype().is_record() || y.dtype().is_record() {
        return Err(crate::errors::unsupported(format!(
            "np.{} between structured arrays and Python objects",
            op.name()
        )));
    }
    // An element's operator may come back here with arrays of its own (an object that
    // holds arrays); Rust frames do not count against Python's recursion limit, so this
    // keeps its own.
    let _depth = Depth::enter()?;
    let Some((name, boolean)) = operator_of(op) else {
        return Err(crate::errors::unsupported(format!(
            "np.{} on object arrays",
            op.name()
        )));
    };
    let f = py.import("operator")?.getattr(name)?;
    let (x, y) = (as_objects(py, x)?, as_objects(py, y)?);
    let both = ndplay_core::broadcast_arrays(&[&x, &y]).py(py)?;
    let shape = both[0].shape().to_vec();
    let xs = objects(py, &both[0])?;
    let ys = objects(py, &both[1])?;
    if boolean {
        let v: Vec<bool> = xs
            .iter()
            .zip(&ys)
            .map(|(a, b)| f.call1((a, b))?.is_truthy())
            .collect::<PyResult<_>>()?;
        return Array::from_vec(v, &shape).py(py);
    }
    let out: Vec<Bound<'_, PyAny>> = xs
        .iter()
        .zip(&ys)
        .map(|(a, b)| f.call1((a, b)))
        .collect::<PyResult<_>>()?;
    array_from(py, &out, &shape)
}

/// A unary ufunc on an object array: `-x`, `+x`, `abs(x)`, `~x`, or `not x` per element.
pub fn unary(py: Python<'_>, op: UnaryOp, a: &Array) -> PyResult<Array> {
    let name = match op {
        UnaryOp::Negative => "neg",
        UnaryOp::Positive => "pos",
        UnaryOp::Absolute => "abs",
        UnaryOp::Invert => "invert",
        other => {
            return Err(crate::errors::unsupported(format!(
                "np.{} on object arrays",
                other.name()
            )));
        }
    };
    let f = py.import("operator")?.getattr(name)?;
    let out: Vec<Bound<'_, PyAny>> = objects(py, a)?
        .iter()
        .map(|o| f.call1((o,)))
        .collect::<PyResult<_>>()?;
    array_from(py, &out, a.shape())
}

/// The elements of an object array as lanes along `axis` (the flattened array when
/// `None`): `lanes` rows of `len` objects each, the reduced axis last.
struct Lanes<'py> {
    items: Vec<Bound<'py, PyAny>>,
    len: usize,
    lanes: usize,
    /// The shape with the axis removed (empty for `None`).
    out_shape: Vec<usize>,
    /// The shape of the moved array (the axis last), and the axis (`None`: flattened).
    moved_shape: Vec<usize>,
    axis: Option<usize>,
}

fn lanes<'py>(py: Python<'py>, a: &Array, axis: Option<isize>) -> PyResult<Lanes<'py>> {
    let nd = a.ndim();
    let ax = match axis {
        None => None,
        Some(k) => {
            let n = nd as isize;
            if k < -n || k >= n {
                return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                    "axis {k} is out of bounds for array of dimension {nd}"
                )));
            }
            Some(if k < 0 { k + n } else { k } as usize)
        }
    };
    let (moved, out_shape) = match ax {
        None => (a.reshape(&[-1]).py(py)?, Vec::new()),
        Some(k) => {
            let mut perm: Vec<isize> = (0..nd as isize).filter(|&i| i != k as isize).collect();
            perm.push(k as isize);
            let mut out_shape = a.shape().to_vec();
            out_shape.remove(k);
            (a.permute(&perm).py(py)?, out_shape)
        }
    };
    let len = moved.shape().last().copied().unwrap_or(1);
    Ok(Lanes {
        items: objects(py, &moved)?,
        len,
        lanes: out_shape.iter().product(),
        out_shape,
        moved_shape: moved.shape().to_vec(),
        axis: ax,
    })
}

impl<'py> Lanes<'py> {
    fn lane(&self, i: usize) -> &[Bound<'py, PyAny>] {
        &self.items[i * self.len..(i + 1) * self.len]
    }

    /// One value per lane as the reduction's result: the value itself for `axis=None`
    /// (unless `keepdims`), else an array of the kept axes.
    fn reduced(
        &self,
        py: Python<'py>,
        a: &Array,
        values: Vec<Bound<'py, PyAny>>,
        keepdims: bool,
    ) -> PyResult<Py<PyAny>> {
        let mut values = values;
        if self.axis.is_none() && !keepdims {
            return Ok(values.pop().map(Bound::unbind).unwrap_or_else(|| py.None()));
        }
        let shape = self.result_shape(a, keepdims);
        crate::convert::result(py, array_from(py, &values, &shape)?)
    }

    /// The shape of a reduction's result: the axis removed, or kept as 1 with `keepdims`.
    fn result_shape(&self, a: &Array, keepdims: bool) -> Vec<usize> {
        if !keepdims {
            return self.out_shape.clone();
        }
        let mut s = a.shape().to_vec();
        match self.axis {
            Some(k) => s[k] = 1,
            None => s.iter_mut().for_each(|d| *d = 1),
        }
        s
    }

    /// Lanes of new objects (same lengths) put back in the original layout (flattened for
    /// `axis=None`).
    fn restored(&self, py: Python<'py>, items: &[Bound<'py, PyAny>]) -> PyResult<Array> {
        self.unmoved(py, array_from(py, items, &self.moved_shape)?)
    }

    /// An array shaped like the moved lanes, with the axis put back where it was.
    fn unmoved(&self, py: Python<'py>, moved: Array) -> PyResult<Array> {
        let Some(k) = self.axis else {
            return Ok(moved);
        };
        let nd = self.moved_shape.len();
        // Where each original axis went: axis k is last, the others keep their order.
        let mut inverse = vec![0isize; nd];
        let others = (0..nd).filter(|&i| i != k);
        for (pos, orig) in others.enumerate() {
            inverse[orig] = pos as isize;
        }
        inverse[k] = nd as isize - 1;
        moved.permute(&inverse).py(py)?.copy(Order::C).py(py)
    }
}

/// `sum`/`prod`/`max`/`min`/`mean`/`any`/`all` of an object array over `axis` (all axes
/// when `None`), as NumPy's object loops compute them: a fold with the objects' own `+`,
/// `*` or comparison; sums and products start from NumPy's identities `0`/`1` (so an empty
/// sum is `0`); `mean` divides the sum by the count; `any`/`all` give booleans.
pub fn reduce(
    py: Python<'_>,
    a: &Array,
    op: &str,
    axis: Option<isize>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    let ops = py.import("operator")?;
    let l = lanes(py, a, axis)?;
    if matches!(op, "any" | "all") {
        let want = op == "all";
        let mut out = Vec::with_capacity(l.lanes);
        for i in 0..l.lanes {
            let mut v = want;
            for x in l.lane(i) {
                if x.is_truthy()? != want {
                    v = !want;
                    break;
                }
            }
            out.push(v);
        }
        let shape = l.result_shape(a, keepdims);
        return crate::convert::result(py, Array::from_vec(out, &shape).py(py)?);
    }
    let (f, identity, ufunc): (Bound<'_, PyAny>, Option<i64>, &str) = match op {
        "sum" | "mean" => (ops.getattr("add")?, Some(0), "add"),
        "prod" => (ops.getattr("mul")?, Some(1), "multiply"),
        "max" => (ops.getattr("ge")?, None, "maximum"),
        "min" => (ops.getattr("le")?, None, "minimum"),
        other => {
            return Err(crate::errors::unsupported(format!(
                "{other} of object arrays"
            )));
        }
    };
    let mut results = Vec::with_capacity(l.lanes);
    for i in 0..l.lanes {
        let mut acc: Option<Bound<'_, PyAny>> = None;
        for x in l.lane(i) {
            acc = Some(match acc {
                None => x.clone(),
                Some(v) if matches!(op, "max" | "min") => {
                    if f.call1((&v, x))?.is_truthy()? {
                        v
                    } else {
                        x.clone()
                    }
                }
                Some(v) => f.call1((&v, x))?,
            });
        }
        let v = match (acc, identity) {
            (Some(v), _) => v,
            (None, Some(i)) => i.into_pyobject(py)?.into_any(),
            (None, None) => {
                return Err(PyValueError::new_err(format!(
                    "zero-size array to reduction operation {ufunc} which has no identity"
                )));
            }
        };
        results.push(v);
    }
    if op == "mean" {
        // NumPy divides a scalar sum by an `intp` count (so 16 / 4 is np.float64(4.0)),
        // an array of sums by a Python int.
        let scalar = l.axis.is_none() && !keepdims;
        let count: Bound<'_, PyAny> = if scalar {
            crate::scalar::new_scalar(py, ndplay_core::Scalar::Int64(l.len as i64))?.into_bound(py)
        } else {
            (l.len as i64).into_pyobject(py)?.into_any()
        };
        let div = ops.getattr("truediv")?;
        results = results
            .iter()
            .map(|s| div.call1((s, &count)))
            .collect::<PyResult<_>>()?;
    }
    l.reduced(py, a, results, keepdims)
}

/// `argmax`/`argmin` of an object array: the first index of the largest (smallest)
/// object by the objects' own `>` (`<`).
pub fn arg_reduce(py: Python<'_>, a: &Array, op: &str, axis: Option<isize>) -> PyResult<Py<PyAny>> {
    let l = lanes(py, a, axis)?;
    if l.len == 0 {
        return Err(PyValueError::new_err(format!(
            "attempt to get {op} of an empty sequence"
        )));
    }
    let cmp = py
        .import("operator")?
        .getattr(if op == "argmax" { "gt" } else { "lt" })?;
    let mut out = Vec::with_capacity(l.lanes);
    for i in 0..l.lanes {
        let lane = l.lane(i);
        let mut best = 0usize;
        for (j, x) in lane.iter().enumerate().skip(1) {
            if cmp.call1((x, &lane[best]))?.is_truthy()? {
                best = j;
            }
        }
        out.push(best as i64);
    }
    crate::convert::result(py, Array::from_vec(out, &l.out_shape).py(py)?)
}

/// `cumsum`/`cumprod` of an object array along `axis` (flattened when `None`).
pub fn accumulate(
    py: Python<'_>,
    a: &Array,
    axis: Option<isize>,
    product: bool,
) -> PyResult<Array> {
    let f = py
        .import("operator")?
        .getattr(if product { "mul" } else { "add" })?;
    let l = lanes(py, a, axis)?;
    let mut out = Vec::with_capacity(l.items.len());
    for i in 0..l.lanes {
        let mut acc: Option<Bound<'_, PyAny>> = None;
        for x in l.lane(i) {
            let v = match &acc {
                None => x.clone(),
                Some(v) => f.call1((v, x))?,
            };
            out.push(v.clone());
            acc = Some(v);
        }
    }
    l.restored(py, &out)
}

/// `np.sort`/`np.argsort` of an object array along `axis`: a stable sort by the objects'
/// own `<` (Python's `sorted`); argsort gives int64 indices.
pub fn sort(py: Python<'_>, a: &Array, axis: Option<isize>, arg: bool) -> PyResult<Array> {
    let l = lanes(py, a, axis)?;
    let builtins = py.import("builtins")?;
    let sorted = builtins.getattr("sorted")?;
    let mut objs = Vec::with_capacity(l.items.len());
    let mut idx: Vec<i64> = Vec::with_capacity(l.items.len());
    for i in 0..l.lanes {
        let lane = PyList::new(py, l.lane(i))?;
        let order = sorted.call(
            (builtins.getattr("range")?.call1((l.len,))?,),
            Some(&[("key", lane.getattr("__getitem__")?)].into_py_dict(py)?),
        )?;
        for j in order.try_iter()? {
            let j: usize = j?.extract()?;
            idx.push(j as i64);
            objs.push(l.lane(i)[j].clone());
        }
    }
    if !arg {
        return l.restored(py, &objs);
    }
    l.unmoved(py, Array::from_vec(idx, &l.moved_shape).py(py)?)
}

/// Whether `e` means "this value is not a number NumPy's numeric dtypes take", after
/// which NumPy makes an object array.
pub fn means_objects(py: Python<'_>, e: &PyErr) -> bool {
    if e.is_instance_of::<pyo3::exceptions::PyOverflowError>(py) {
        return true;
    }
    e.is_instance_of::<PyTypeError>(py)
        && e.value(py).str().is_ok_and(|s| {
            s.to_string()
                .starts_with("ndplay cannot make an array from a '")
        })
}
