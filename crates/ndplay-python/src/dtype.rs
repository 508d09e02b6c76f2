//! `numpy.dtype`: the engine's [`DType`] as a Python object, compared, hashed and printed
//! as NumPy does (`dtype('float64')`, `dtype('<U5')`).
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let d = ndplay_python::dtype::PyDType { dt: ndplay_core::DType::Float32 };
//! assert_eq!(d.__repr__(), "dtype('float32')");
//! # Ok(()) }
//! ```

use ndplay_core::{DType, Kind};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

use crate::convert::dtype_arg;

/// `numpy.dtype`.
#[pyclass(name = "dtype", module = "numpy", frozen)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyDType {
    /// The engine's dtype.
    pub dt: DType,
}

impl PyDType {
    fn kind_char(&self) -> &'static str {
        match self.dt.kind() {
            Kind::Bool => "b",
            Kind::Int => "i",
            Kind::UInt => "u",
            Kind::Float => "f",
            Kind::Complex => "c",
            Kind::Str => "U",
            Kind::Void => "V",
            Kind::Object => "O",
        }
    }
}

#[pymethods]
impl PyDType {
    #[new]
    #[pyo3(signature = (dtype, align = false, copy = false, metadata = None))]
    fn py_new(
        dtype: &Bound<'_, PyAny>,
        align: bool,
        copy: bool,
        metadata: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyDType> {
        if align {
            return Err(crate::errors::unsupported_param("dtype", "align", ""));
        }
        if metadata.is_some() {
            return Err(crate::errors::unsupported_param("dtype", "metadata", ""));
        }
        let _ = copy; // a dtype is immutable: a copy is indistinguishable
        let dt = dtype_arg(Some(dtype))?.unwrap_or(DType::Float64);
        Ok(PyDType { dt })
    }

    /// `'float64'`.
    #[getter]
    fn name(&self) -> String {
        match self.dt {
            DType::Str(n) => format!("str{}", n * 32),
            DType::Record(_) => format!("void{}", self.dt.itemsize() * 8),
            d => d.name(),
        }
    }

    /// Bytes per element.
    #[getter]
    fn itemsize(&self) -> usize {
        self.dt.itemsize()
    }

    /// `'b'`, `'i'`, `'u'`, `'f'`, `'c'` or `'U'`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind_char()
    }

    /// The one-character code (`'d'` for float64).
    #[getter]
    fn char(&self) -> &'static str {
        match self.dt {
            DType::Bool => "?",
            DType::Int8 => "b",
            DType::Int16 => "h",
            DType::Int32 => "i",
            DType::Int64 => "l",
            DType::UInt8 => "B",
            DType::UInt16 => "H",
            DType::UInt32 => "I",
            DType::UInt64 => "L",
            DType::Float16 => "e",
            DType::Float32 => "f",
            DType::Float64 => "d",
            DType::Complex64 => "F",
            DType::Complex128 => "D",
            DType::Str(_) => "U",
            DType::Record(_) => "V",
            DType::Object => "O",
        }
    }

    /// The array-protocol type string (`'<f8'`).
    #[getter]
    fn str(&self) -> String {
        self.dt.typestr()
    }

    /// `[('', '<f8')]`; a structured dtype's fields (nested ones as lists).
    #[getter]
    fn descr<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        fn of<'py>(py: Python<'py>, dt: DType) -> PyResult<Bound<'py, PyAny>> {
            Ok(match dt.record_layout() {
                Some(l) if l.is_packed() => {
                    let items = l
                        .fields
                        .iter()
                        .map(|f| {
                            Ok((f.name.as_str(), of(py, f.dtype)?)
                                .into_pyobject(py)?
                                .into_any())
                        })
                        .collect::<PyResult<Vec<_>>>()?;
                    PyList::new(py, items)?.into_any()
                }
                Some(_) => {
                    return Err(crate::errors::unsupported(
                        "dtype.descr of a structured dtype with padding".to_string(),
                    ));
                }
                None => PyString::new(py, &dt.typestr()).into_any(),
            })
        }
        match self.dt.record_layout() {
            Some(_) => Ok(of(py, self.dt)?.cast_into::<PyList>()?),
            None => PyList::new(py, [(String::new(), self.dt.typestr())]),
        }
    }

    /// The scalar type (`np.float64`).
    #[getter]
    fn r#type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyType>> {
        crate::scalar::type_of_dtype(py, self.dt)
    }

    /// `'<'`, `'|'` (not applicable) or `'='`.
    #[getter]
    fn byteorder(&self) -> &'static str {
        if self.dt.itemsize() == 1 || matches!(self.dt, DType::Bool | DType::Record(_)) {
            "|"
        } else {
            "="
        }
    }

    /// Number of dimensions of a sub-array dtype: 0.
    #[getter]
    fn ndim(&self) -> usize {
        0
    }

    /// `()`.
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyTuple> {
        pyo3::types::PyTuple::empty(py)
    }

    /// The field names of a structured dtype (a tuple); `None` for the others.
    #[getter]
    fn names<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyTuple>>> {
        self.dt
            .record_layout()
            .map(|l| PyTuple::new(py, l.names()))
            .transpose()
    }

    /// A structured dtype's fields, `{name: (dtype, offset)}`; `None` for the others.
    #[getter]
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let Some(l) = self.dt.record_layout() else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        for f in &l.fields {
            d.set_item(&f.name, (PyDType { dt: f.dtype }, f.offset.unwrap_or(0)))?;
        }
        // Read-only, as NumPy's.
        let proxy = py
            .import("types")?
            .getattr("MappingProxyType")?
            .call1((d,))?;
        Ok(Some(proxy))
    }

    /// 1 for the built-in dtypes, 0 for structured ones.
    #[getter]
    fn isbuiltin(&self) -> u8 {
        u8::from(!self.dt.is_record())
    }

    /// The number of fields (0 for a dtype without fields).
    fn __len__(&self) -> usize {
        self.dt.record_layout().map_or(0, |l| l.fields.len())
    }

    /// `dtype['x']` / `dtype[0]`: a field's dtype.
    fn __getitem__(&self, key: &Bound<'_, PyAny>) -> PyResult<PyDType> {
        let Some(l) = self.dt.record_layout() else {
            return Err(pyo3::exceptions::PyKeyError::new_err(format!(
                "There are no fields in dtype {}.",
                self.__str__()
            )));
        };
        if let Ok(name) = key.extract::<String>() {
            return l
                .field(&name)
                .map(|f| PyDType { dt: f.dtype })
                .ok_or_else(|| {
                    pyo3::exceptions::PyKeyError::new_err(format!(
                        "Field named '{name}' not found."
                    ))
                });
        }
        let i: i64 = key.extract()?;
        let n = l.fields.len() as i64;
        let j = if i < 0 { i + n } else { i };
        if !(0..n).contains(&j) {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "Field index {i} out of range."
            )));
        }
        Ok(PyDType {
            dt: l.fields[j as usize].dtype,
        })
    }

    /// The dtype's alignment in bytes.
    #[getter]
    fn alignment(&self) -> usize {
        self.dt.alignment()
    }

    /// `dtype('float64')`.
    pub fn __repr__(&self) -> String {
        if self.dt.is_opaque() {
            return self.dt.repr();
        }
        format!("dtype('{}')", self.__str__())
    }

    /// `float64` (`<U5` for strings).
    pub fn __str__(&self) -> String {
        match self.dt {
            DType::Str(_) => self.dt.typestr(),
            d => d.name(),
        }
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        dtype_equals(self.dt, other)
    }

    fn __ne__(&self, other: &Bound<'_, PyAny>) -> bool {
        !dtype_equals(self.dt, other)
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.dt.hash(&mut h);
        h.finish()
    }

    fn __reduce__(&self) -> PyResult<(String,)> {
        Err(crate::errors::unsupported("pickling dtypes".to_string()))
    }
}

/// `dtype == other` for anything NumPy accepts as a dtype (`a.dtype == np.float64`,
/// `a.dtype == 'float32'`); other objects compare unequal.
pub fn dtype_equals(dt: DType, other: &Bound<'_, PyAny>) -> bool {
    matches!(dtype_arg(Some(other)), Ok(Some(o)) if o == dt)
}
