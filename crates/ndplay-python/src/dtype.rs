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
use pyo3::types::PyType;

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
        }
    }

    /// The array-protocol type string (`'<f8'`).
    #[getter]
    fn str(&self) -> String {
        self.dt.typestr()
    }

    /// `[('', '<f8')]`.
    #[getter]
    fn descr(&self) -> Vec<(String, String)> {
        vec![(String::new(), self.dt.typestr())]
    }

    /// The scalar type (`np.float64`).
    #[getter]
    fn r#type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyType>> {
        crate::scalar::type_of_dtype(py, self.dt)
    }

    /// `'<'`, `'|'` (not applicable) or `'='`.
    #[getter]
    fn byteorder(&self) -> &'static str {
        if self.dt.itemsize() == 1 || matches!(self.dt, DType::Bool) {
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

    /// `None`: ndplay has no structured dtypes yet.
    #[getter]
    fn names(&self) -> Option<Vec<String>> {
        None
    }

    /// `None`: ndplay has no structured dtypes yet.
    #[getter]
    fn fields(&self) -> Option<Vec<String>> {
        None
    }

    /// Whether the dtype is a builtin one: always 1 (no structured dtypes yet).
    #[getter]
    fn isbuiltin(&self) -> u8 {
        1
    }

    /// The dtype's alignment in bytes.
    #[getter]
    fn alignment(&self) -> usize {
        self.dt.alignment()
    }

    /// `dtype('float64')`.
    pub fn __repr__(&self) -> String {
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
