//! Structured arrays from Python: the dtype forms NumPy accepts for records, arrays built
//! from lists of tuples, and `np.void`, one record, a view into its array.
//!
//! The engine keeps records as bytes with named fields ([`ndplay_core::record`]); this
//! module only translates. A record array is filled field by field: each field's column
//! of values becomes an ordinary array of the field's dtype (NumPy's conversion rules and
//! errors included) and is copied into the field's view.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = py.import("numpy")?;
//! let a = np.call_method1("array", (vec![(1, 2.5), (3, 4.0)], "i4,f8"))?;
//! assert_eq!(a.repr()?.to_str()?, "array([(1, 2.5), (3, 4. )], dtype=[('f0', '<i4'), ('f1', '<f8')])");
//! # Ok(()) }
//! ```

use ndplay_core::record::RecordField;
use ndplay_core::{Array, DType};
use pyo3::exceptions::{PyIndexError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::convert::{dtype_arg, scalar_to_py, to_array};
use crate::errors::OrRaise;

/// The structured dtype a list, dict or comma-separated string stands for, `None` when
/// `obj` is none of those forms.
pub fn record_dtype(obj: &Bound<'_, PyAny>) -> PyResult<Option<DType>> {
    let py = obj.py();
    if obj.cast::<PyTuple>().is_ok() {
        return Err(crate::errors::unsupported(format!(
            "sub-array and flexible dtypes given as a tuple ({}; NumPy has them, ndplay does not)",
            obj.repr()?
        )));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_str()?;
        if !text.contains(',') {
            return Ok(None);
        }
        if text.contains('(') {
            return Err(crate::errors::unsupported(format!(
                "sub-array fields (the dtype string '{text}'; NumPy has them, ndplay does not)"
            )));
        }
        let fields = text
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .enumerate()
            .map(|(i, t)| {
                let d = dtype_arg(Some(PyString::new(py, t).as_any()))?.unwrap_or(DType::Float64);
                Ok(RecordField::new(&format!("f{i}"), d))
            })
            .collect::<PyResult<Vec<_>>>()?;
        return DType::record(fields).py(py).map(Some);
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut fields = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let t = item.cast::<PyTuple>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "data type not understood: a structured dtype's list holds (name, dtype) tuples, got {}",
                    item.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            if t.len() == 3 {
                let shape = t.get_item(2)?;
                let empty = shape.cast::<PyTuple>().is_ok_and(|s| s.is_empty());
                if !empty {
                    return Err(crate::errors::unsupported(format!(
                        "sub-array fields (the shape {} of field {}; NumPy has them, ndplay does not)",
                        shape.repr()?,
                        t.get_item(0)?.repr()?
                    )));
                }
            } else if t.len() != 2 {
                return Err(PyTypeError::new_err(
                    "data type not understood: each field is (name, dtype) or (name, dtype, shape)",
                ));
            }
            let name_obj = t.get_item(0)?;
            if name_obj.cast::<PyTuple>().is_ok() {
                return Err(crate::errors::unsupported(
                    "field titles ((title, name) pairs; NumPy has them, ndplay does not)"
                        .to_string(),
                ));
            }
            let mut name: String = name_obj.extract().map_err(|_| {
                PyTypeError::new_err("data type not understood: field names must be strings")
            })?;
            if name.is_empty() {
                name = format!("f{i}");
            }
            let d = field_dtype(&t.get_item(1)?)?;
            fields.push(RecordField::new(&name, d));
        }
        return DType::record(fields).py(py).map(Some);
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        if let Some(names) = dict.get_item("names")? {
            let names: Vec<String> = names.extract()?;
            let formats = dict.get_item("formats")?.ok_or_else(|| {
                PyValueError::new_err("entry 'formats' is required when 'names' is given")
            })?;
            let formats: Vec<Bound<'_, PyAny>> = formats.extract()?;
            if formats.len() != names.len() {
                return Err(PyValueError::new_err(
                    "'names', 'formats', 'offsets', and 'titles' dict entries must have the same length",
                ));
            }
            for key in ["titles", "aligned"] {
                if dict.get_item(key)?.is_some() {
                    return Err(crate::errors::unsupported_param("dtype", key, ""));
                }
            }
            let offsets: Option<Vec<usize>> = match dict.get_item("offsets")? {
                Some(o) => Some(o.extract()?),
                None => None,
            };
            let itemsize: Option<usize> = match dict.get_item("itemsize")? {
                Some(o) => Some(o.extract()?),
                None => None,
            };
            let mut fields = Vec::with_capacity(names.len());
            for (i, (name, fmt)) in names.iter().zip(&formats).enumerate() {
                let d = field_dtype(fmt)?;
                fields.push(match &offsets {
                    Some(o) => RecordField::at(
                        name,
                        d,
                        *o.get(i).ok_or_else(|| {
                            PyValueError::new_err("'offsets' must have one entry per name")
                        })?,
                    ),
                    None => RecordField::new(name, d),
                });
            }
            return DType::record_sized(fields, itemsize).py(py).map(Some);
        }
        // The fields dict: {'name': (dtype, offset), ...}, ordered by offset.
        let mut fields = Vec::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let name: String = k.extract()?;
            let t = v.cast::<PyTuple>().map_err(|_| {
                PyTypeError::new_err(
                    "data type not understood: a fields dict maps names to (dtype, offset)",
                )
            })?;
            if t.len() != 2 {
                return Err(crate::errors::unsupported(
                    "field titles in a fields dict (NumPy has them, ndplay does not)".to_string(),
                ));
            }
            let d = field_dtype(&t.get_item(0)?)?;
            let off: usize = t.get_item(1)?.extract()?;
            fields.push(RecordField::at(&name, d, off));
        }
        fields.sort_by_key(|f| f.offset);
        return DType::record(fields).py(py).map(Some);
    }
    Ok(None)
}

fn field_dtype(obj: &Bound<'_, PyAny>) -> PyResult<DType> {
    let d = dtype_arg(Some(obj))?.unwrap_or(DType::Float64);
    if d == DType::Str(0) {
        return Err(PyValueError::new_err(
            "a string field needs a width: 'U10', not 'U' or str",
        ));
    }
    Ok(d)
}

/// `np.array(obj, dtype=<structured>)`: tuples are records, lists (and arrays) are axes;
/// anything else given where a record belongs is assigned to every field, as in NumPy.
pub fn records_from_py(obj: &Bound<'_, PyAny>, dt: DType) -> PyResult<Array> {
    let py = obj.py();
    let mut shape = Vec::new();
    let mut probe = obj.clone();
    while let Ok(l) = probe.cast::<PyList>() {
        shape.push(l.len());
        match l.iter().next() {
            Some(first) => probe = first,
            None => break,
        }
    }
    let mut leaves = Vec::new();
    flatten(obj, 0, &shape, &mut leaves)?;
    let out = Array::try_zeros(&shape, dt).py(py)?;
    fill_records(&out, &leaves)?;
    Ok(out)
}

fn flatten<'py>(
    obj: &Bound<'py, PyAny>,
    depth: usize,
    shape: &[usize],
    out: &mut Vec<Bound<'py, PyAny>>,
) -> PyResult<()> {
    if depth == shape.len() {
        out.push(obj.clone());
        return Ok(());
    }
    let l = obj.cast::<PyList>().map_err(|_| {
        PyValueError::new_err(format!(
            "setting an array element with a sequence. The requested array has an inhomogeneous shape after {depth} dimensions."
        ))
    })?;
    if l.len() != shape[depth] {
        return Err(PyValueError::new_err(format!(
            "setting an array element with a sequence. The requested array has an inhomogeneous shape after {depth} dimensions. The detected shape was {:?} + inhomogeneous part.",
            &shape[..depth]
        )));
    }
    for item in l.iter() {
        flatten(&item, depth + 1, shape, out)?;
    }
    Ok(())
}

/// Writes `values` (one per record of `out`, in C order) into `out` field by field.
fn fill_records(out: &Array, values: &[Bound<'_, PyAny>]) -> PyResult<()> {
    let Some(py) = values.first().map(|v| v.py()) else {
        return Ok(()); // no records (`np.array([], dtype=...)`)
    };
    let fields = out.fields();
    let n = fields.len();
    let mut columns: Vec<Vec<Bound<'_, PyAny>>> = vec![Vec::with_capacity(values.len()); n];
    for v in values {
        // A record given where a record belongs counts as the tuple of its values.
        let v = match v.cast::<PyVoid>() {
            Ok(rec) => &records_to_py(v.py(), &rec.get().a)?,
            Err(_) => v,
        };
        let items: Vec<Bound<'_, PyAny>> = if let Ok(t) = v.cast::<PyTuple>() {
            if t.len() != n {
                return Err(PyValueError::new_err(format!(
                    "could not assign tuple of length {} to structure with {n} fields.",
                    t.len()
                )));
            }
            t.iter().collect()
        } else {
            vec![v.clone(); n]
        };
        for (col, item) in columns.iter_mut().zip(items) {
            col.push(item);
        }
    }
    for ((_, view), col) in fields.iter().zip(columns) {
        let flat = if view.dtype().is_record() {
            let a = Array::try_zeros(&[col.len()], view.dtype()).py(py)?;
            fill_records(&a, &col)?;
            a
        } else {
            to_array(PyList::new(py, col)?.as_any(), Some(view.dtype()))?
        };
        if flat.ndim() != 1 {
            return Err(PyValueError::new_err(format!(
                "setting an array element with a sequence: field of dtype {} got a value of shape {:?}",
                view.dtype(),
                &flat.shape()[1..]
            )));
        }
        let dims: Vec<isize> = view.shape().iter().map(|&n| n as isize).collect();
        let shaped = flat.reshape(&dims).py(py)?;
        ndplay_core::copy_into(view, &shaped).py(py)?;
    }
    Ok(())
}

/// The Python value of the records of `a` as `.item()`/`.tolist()` give them: a tuple per
/// record (nested records as nested tuples), lists for the axes.
pub fn records_to_py<'py>(py: Python<'py>, a: &Array) -> PyResult<Bound<'py, PyAny>> {
    if a.ndim() > 0 {
        let items = (0..a.shape()[0])
            .map(|i| {
                records_to_py(
                    py,
                    &a.index(&[ndplay_core::IndexItem::Int(i as i64)]).py(py)?,
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(py, items)?.into_any());
    }
    let items = a
        .fields()
        .iter()
        .map(|(_, f)| {
            if f.dtype().is_record() {
                records_to_py(py, f)
            } else {
                scalar_to_py(py, &f.item().py(py)?)
            }
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(PyTuple::new(py, items)?.into_any())
}

/// `np.void`: one record of a structured array, a view into it (`a[0]['x'] = 5` writes to
/// `a`, as in NumPy).
#[pyclass(name = "void", module = "numpy", frozen)]
pub struct PyVoid {
    /// The 0-d view of the record.
    pub a: Array,
}

/// A record (0-d structured array) as `np.void`.
pub fn new_void(py: Python<'_>, a: Array) -> PyResult<Py<PyAny>> {
    Ok(Py::new(py, PyVoid { a })?.into_any())
}

impl PyVoid {
    fn field_index(&self, key: &Bound<'_, PyAny>) -> PyResult<Array> {
        if let Ok(name) = key.extract::<String>() {
            return self
                .a
                .field(&name)
                .map_err(|_| PyValueError::new_err(format!("no field of name {name}")));
        }
        if let Ok(i) = key.extract::<i64>() {
            let fields = self.a.fields();
            let n = fields.len() as i64;
            let j = if i < 0 { i + n } else { i };
            if !(0..n).contains(&j) {
                return Err(PyIndexError::new_err(format!("invalid index ({i})")));
            }
            return Ok(fields[j as usize].1.clone());
        }
        Err(crate::errors::unsupported(format!(
            "indexing a record with {} (a field name or a field number works)",
            key.repr()?
        )))
    }
}

#[pymethods]
impl PyVoid {
    /// `np.void((3, 3), dtype=[('x', 'i1'), ('y', 'i1')])`: one record. Raw byte voids
    /// (`np.void(b'abc')`, `np.void(5)`) are refused as not implemented.
    #[new]
    #[pyo3(signature = (value, dtype = None))]
    fn py_new(value: &Bound<'_, PyAny>, dtype: Option<&Bound<'_, PyAny>>) -> PyResult<PyVoid> {
        let dt = dtype_arg(dtype)?;
        match dt {
            Some(d) if d.is_record() => Ok(PyVoid {
                a: records_from_py(value, d)?,
            }),
            _ => Err(crate::errors::unsupported(
                "np.void without a structured dtype (raw bytes; NumPy has it, ndplay does not)"
                    .to_string(),
            )),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "np.void({}, dtype={})",
            records_to_py(py, &self.a)?.repr()?,
            self.a.dtype().name()
        ))
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(records_to_py(py, &self.a)?.str()?.to_string())
    }

    fn __len__(&self) -> usize {
        self.a.fields().len()
    }

    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = key.py();
        let f = self.field_index(key)?;
        if f.dtype().is_record() {
            return new_void(py, f);
        }
        crate::scalar::new_scalar(py, f.item().py(py)?)
    }

    fn __setitem__(&self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let py = key.py();
        let f = self.field_index(key)?;
        let v = if f.dtype().is_record() {
            records_from_py(value, f.dtype())?
        } else {
            to_array(value, Some(f.dtype()))?
        };
        ndplay_core::copy_into(&f, &v).py(py)
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = (0..self.a.fields().len())
            .map(|i| self.__getitem__(&(i as i64).into_pyobject(py)?.into_any()))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.try_iter()?.into_any().unbind())
    }

    /// The record as a tuple of Python values.
    fn item(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(records_to_py(py, &self.a)?.unbind())
    }

    /// The record as a tuple of Python values.
    fn tolist(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.item(py)
    }

    /// The record's structured dtype.
    #[getter]
    fn dtype(&self) -> crate::dtype::PyDType {
        crate::dtype::PyDType { dt: self.a.dtype() }
    }

    /// `()`.
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        PyTuple::empty(py)
    }

    /// `0`.
    #[getter]
    fn ndim(&self) -> usize {
        0
    }

    /// The record's size in bytes.
    #[getter]
    fn itemsize(&self) -> usize {
        self.a.dtype().itemsize()
    }

    fn __richcmp__(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        op: pyo3::basic::CompareOp,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        crate::ops::richcmp(py, slf.as_any(), other, op)
    }
}

/// `x == y` / `x != y` when either is a structured array or record: equal when every
/// field is equal (NumPy's rule; `np.equal` itself has no loop for records). `None` when
/// neither operand has fields.
pub fn compare(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    y: &Bound<'_, PyAny>,
    not_equal: bool,
) -> PyResult<Option<Py<PyAny>>> {
    let (xa, ya) = (crate::convert::array_of(x), crate::convert::array_of(y));
    let is_rec = |a: &Option<Array>| a.as_ref().is_some_and(|a| a.dtype().is_record());
    if !is_rec(&xa) && !is_rec(&ya) {
        return Ok(None);
    }
    let (Some(xa), Some(ya)) = (xa, ya) else {
        return Err(PyTypeError::new_err(
            "Cannot compare structured or void to non-void arrays.",
        ));
    };
    let eq = records_equal(py, &xa, &ya)?;
    let out = if not_equal {
        ndplay_core::ufunc::unary(ndplay_core::ufunc::UnaryOp::LogicalNot, &eq).py(py)?
    } else {
        eq
    };
    crate::convert::result(py, out).map(Some)
}

fn records_equal(py: Python<'_>, x: &Array, y: &Array) -> PyResult<Array> {
    use ndplay_core::ufunc::{BinaryOp, binary};
    if !(x.dtype().is_record() && y.dtype().is_record()) {
        return Err(PyTypeError::new_err(
            "Cannot compare structured or void to non-void arrays.",
        ));
    }
    let (xf, yf) = (x.fields(), y.fields());
    let same_names = xf.len() == yf.len() && xf.iter().zip(&yf).all(|(a, b)| a.0 == b.0);
    if !same_names {
        return Err(PyTypeError::new_err(
            "Cannot compare structured arrays unless they have a common dtype.  I.e. `np.result_type(arr1, arr2)` must be defined.",
        ));
    }
    let mut all: Option<Array> = None;
    for ((_, fx), (_, fy)) in xf.iter().zip(&yf) {
        let e = if fx.dtype().is_record() || fy.dtype().is_record() {
            records_equal(py, fx, fy)?
        } else {
            binary(BinaryOp::Equal, fx.into(), fy.into()).py(py)?
        };
        all = Some(match all {
            None => e,
            Some(acc) => binary(BinaryOp::LogicalAnd, (&acc).into(), (&e).into()).py(py)?,
        });
    }
    Ok(all.expect("a structured dtype has at least one field"))
}

/// The indices that sort a structured array along `axis` (`None`: flattened), comparing
/// records field by field: the fields named in `order` first, then the others in dtype
/// order (nested records by their own fields), as NumPy's sorts do. A stable lexsort
/// over the fields' views, so ties keep their order.
pub fn argsort(
    py: Python<'_>,
    a: &Array,
    axis: Option<isize>,
    order: Option<&Bound<'_, PyAny>>,
) -> PyResult<Array> {
    let order = order.filter(|o| !o.is_none());
    let Some(layout) = a.dtype().record_layout() else {
        return Err(PyValueError::new_err(
            "Cannot specify order when the array has no fields.",
        ));
    };
    let mut names: Vec<String> = match order {
        None => Vec::new(),
        Some(o) => match o.extract::<String>() {
            Ok(one) => vec![one],
            Err(_) => o.extract()?,
        },
    };
    for (i, n) in names.iter().enumerate() {
        if layout.field(n).is_none() {
            return Err(PyValueError::new_err(format!("unknown field name: {n}")));
        }
        if names[..i].contains(n) {
            return Err(PyValueError::new_err(format!("duplicate field name: {n}")));
        }
    }
    for f in &layout.fields {
        if !names.contains(&f.name) {
            names.push(f.name.clone());
        }
    }
    let (x, ax) = sort_lanes(py, a, axis)?;
    if x.ndim() == 0 {
        // NumPy sorts a 0-d array as one element.
        return Array::from_vec(vec![0i64], &[1]).py(py);
    }
    // Leaf columns in priority order; lexsort wants the primary key last.
    fn leaves(a: &Array, out: &mut Vec<Array>) {
        if a.dtype().is_record() {
            for (_, f) in a.fields() {
                leaves(&f, out);
            }
        } else {
            out.push(a.clone());
        }
    }
    let mut keys = Vec::new();
    for n in &names {
        leaves(&x.field(n).py(py)?, &mut keys);
    }
    let keys = keys
        .into_iter()
        .rev()
        .map(|k| crate::convert::wrap(py, k))
        .collect::<PyResult<Vec<_>>>()?;
    let np = crate::numpy_module(py)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("axis", ax)?;
    let idx = np.call_method("lexsort", (PyList::new(py, keys)?,), Some(&kwargs))?;
    to_array(&idx, None)
}

/// A sorted copy of a structured array (see [`argsort`]).
pub fn sort(
    py: Python<'_>,
    a: &Array,
    axis: Option<isize>,
    order: Option<&Bound<'_, PyAny>>,
) -> PyResult<Array> {
    let idx = argsort(py, a, axis, order)?;
    let (x, ax) = sort_lanes(py, a, axis)?;
    if x.ndim() == 0 {
        return Ok(x);
    }
    let np = crate::numpy_module(py)?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("axis", ax)?;
    let sorted = np.call_method(
        "take_along_axis",
        (crate::convert::wrap(py, x)?, crate::convert::wrap(py, idx)?),
        Some(&kwargs),
    )?;
    to_array(&sorted, None)
}

/// The array a sort works on and its axis: flattened for `axis=None`, as NumPy's sorts.
fn sort_lanes(py: Python<'_>, a: &Array, axis: Option<isize>) -> PyResult<(Array, isize)> {
    Ok(match axis {
        None => (a.ravel(ndplay_core::Order::C).py(py)?, -1),
        Some(k) => (a.clone(), k),
    })
}
