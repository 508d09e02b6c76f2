//! Engine errors as Python exceptions of NumPy's types, with NumPy's message; ndplay's
//! explanation rides along in the exception's `_ndplay_hint` attribute.
//!
//! NumPy's own exception classes (`numpy.exceptions.AxisError`, a `ValueError` and an
//! `IndexError`; `numpy.linalg.LinAlgError`; `numpy._core._exceptions._UFuncNoLoopError`)
//! are created once per interpreter by [`classes`], with NumPy's module names so a
//! traceback prints what NumPy prints.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let e = ndplay_python::errors::engine(py, ndplay_core::Error::value("bad", "fix it"));
//! assert!(e.is_instance_of::<pyo3::exceptions::PyValueError>(py));
//! # Ok(()) }
//! ```

use pyo3::exceptions::{
    PyIndexError, PyNotImplementedError, PyOverflowError, PyTypeError, PyValueError,
    PyZeroDivisionError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// NumPy's exception classes that are not Python builtins.
pub struct Classes {
    /// `numpy.exceptions.AxisError(ValueError, IndexError)`.
    pub axis_error: Py<PyType>,
    /// `numpy.linalg.LinAlgError(ValueError)`.
    pub linalg_error: Py<PyType>,
    /// `numpy._core._exceptions.UFuncTypeError(TypeError)`.
    pub ufunc_type_error: Py<PyType>,
    /// `numpy._core._exceptions._UFuncNoLoopError(UFuncTypeError)`.
    pub no_loop_error: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

const DEFINE: &str = r#"
class AxisError(ValueError, IndexError):
    pass
AxisError.__module__ = "numpy.exceptions"
class LinAlgError(ValueError):
    pass
LinAlgError.__module__ = "numpy.linalg"
class UFuncTypeError(TypeError):
    pass
UFuncTypeError.__module__ = "numpy._core._exceptions"
class _UFuncNoLoopError(UFuncTypeError):
    pass
_UFuncNoLoopError.__module__ = "numpy._core._exceptions"
_UFuncNoLoopError.__name__ = "UFuncTypeError"  # NumPy's _display_as_base
"#;

/// The classes, created on first use.
///
/// # Panics
/// Never in practice: the class definitions are constant and valid Python.
pub fn classes(py: Python<'_>) -> &Classes {
    CLASSES.get_or_init(py, || {
        let ns = pyo3::types::PyDict::new(py);
        let code = std::ffi::CString::new(DEFINE).expect("no NUL in the source");
        py.run(&code, Some(&ns), Some(&ns))
            .expect("exception classes define");
        let get = |name: &str| -> Py<PyType> {
            ns.get_item(name)
                .ok()
                .flatten()
                .and_then(|t| t.cast_into::<PyType>().ok())
                .expect("defined above")
                .unbind()
        };
        Classes {
            axis_error: get("AxisError"),
            linalg_error: get("LinAlgError"),
            ufunc_type_error: get("UFuncTypeError"),
            no_loop_error: get("_UFuncNoLoopError"),
        }
    })
}

/// An exception of the class NumPy raises under `py_type`, with `message`, and ndplay's
/// `hint` on `_ndplay_hint` when there is one.
pub fn raise(py: Python<'_>, py_type: &str, message: String, hint: &str) -> PyErr {
    let c = classes(py);
    let class: Bound<'_, PyType> = match py_type {
        "IndexError" => py.get_type::<PyIndexError>(),
        "KeyError" => py.get_type::<pyo3::exceptions::PyKeyError>(),
        "TypeError" => py.get_type::<PyTypeError>(),
        "OverflowError" => py.get_type::<PyOverflowError>(),
        "ZeroDivisionError" => py.get_type::<PyZeroDivisionError>(),
        "NotImplementedError" => py.get_type::<PyNotImplementedError>(),
        "MemoryError" => py.get_type::<pyo3::exceptions::PyMemoryError>(),
        "AxisError" => c.axis_error.bind(py).clone(),
        "LinAlgError" => c.linalg_error.bind(py).clone(),
        "UFuncTypeError" => c.ufunc_type_error.bind(py).clone(),
        "UFuncNoLoopError" => c.no_loop_error.bind(py).clone(),
        _ => py.get_type::<PyValueError>(),
    };
    match class.call1((message.clone(),)) {
        Ok(exc) => {
            if !hint.is_empty() {
                let _ = exc.setattr("_ndplay_hint", hint);
            }
            PyErr::from_value(exc)
        }
        Err(e) => e,
    }
}

/// An engine error as NumPy's exception. Reports the call's diagnostics first, so a
/// strict-level finding and the error it caused arrive in order.
pub fn engine(py: Python<'_>, e: ndplay_core::Error) -> PyErr {
    // NumPy raises a missing loop as `_UFuncNoLoopError`, a refused cast as
    // `UFuncTypeError`.
    let py_type = match &e {
        ndplay_core::Error::NoLoop { .. } => "UFuncNoLoopError",
        _ => e.py_type(),
    };
    raise(py, py_type, e.numpy_message(), &e.hint())
}

/// A random-stream error (bad bounds, probabilities) as NumPy's `ValueError`.
pub fn random(py: Python<'_>, e: ndplay_random::RandomError) -> PyErr {
    if let ndplay_random::RandomError::OutOfMemory { .. } = e {
        return raise(py, "MemoryError", e.to_string(), "");
    }
    // The crate's messages are NumPy's wording, then `: ` and ndplay's explanation.
    let text = e.to_string();
    match text.split_once(": ") {
        Some((numpy, hint)) => raise(py, "ValueError", numpy.to_string(), hint),
        None => raise(py, "ValueError", text, ""),
    }
}

/// `NotImplementedError` for a NumPy parameter ndplay does not implement: it is never
/// accepted and ignored.
pub fn unsupported_param(func: &str, param: &str, detail: &str) -> PyErr {
    let extra = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({detail})")
    };
    PyNotImplementedError::new_err(format!(
        "ndplay does not implement the '{param}' parameter of numpy.{func} yet{extra}; \
         leave it at its default, or run this code with real NumPy"
    ))
}

/// Refuses a parameter given a value other than `None` (NumPy's default for `out`,
/// `device`, `like`, `mean`...).
pub fn not_given(func: &str, name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    if v.is_some_and(|o| !o.is_none()) {
        return Err(unsupported_param(func, name, ""));
    }
    Ok(())
}

/// `NotImplementedError` for a case of a function ndplay does not implement.
pub fn unsupported(what: String) -> PyErr {
    PyNotImplementedError::new_err(format!("ndplay does not implement {what} yet"))
}

/// Results of engine calls become Python results, reporting what the call diagnosed.
pub trait OrRaise<T> {
    /// The value, or NumPy's exception for the error.
    fn py(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for ndplay_core::Result<T> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        crate::diagnostics::report(py);
        self.map_err(|e| engine(py, e))
    }
}

impl<T> OrRaise<T> for Result<T, ndplay_random::RandomError> {
    fn py(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| random(py, e))
    }
}
