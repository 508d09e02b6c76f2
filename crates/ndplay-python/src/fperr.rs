//! NumPy's floating-point error handling (`np.seterr`, `np.errstate`) after each
//! element-wise operation: the errors the engine's ufuncs recorded
//! ([`ndplay_core::fpstatus`]) are ignored, warned about (`RuntimeWarning: divide by zero
//! encountered in divide`), raised (`FloatingPointError`), or printed, as the thread's
//! error state says. Operators between scalars are NumPy's "scalar math", named as it
//! names them (`overflow encountered in scalar multiply`), with its integer overflow
//! checks, which arrays do not have.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! np.call_method1("seterr", (("raise"),))?;
//! let x = np.call_method1("array", (vec![1.0],))?;
//! let err = x.call_method1("__truediv__", (0.0,)).unwrap_err();
//! assert_eq!(err.value(py).to_string(), "divide by zero encountered in divide");
//! np.call_method1("seterr", (("warn"),))?;
//! # Ok(()) }
//! ```

use ndplay_core::fpstatus::{self, FpErrors};
use pyo3::exceptions::{PyFloatingPointError, PyRuntimeWarning};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Forgets errors recorded by engine work nobody checked (a reduction's inner ufuncs), so
/// that the next [`check`] sees only its own operation's.
pub fn reset() {
    fpstatus::take();
}

/// Handles the errors recorded since [`reset`] (and `extra` ones found by the caller) for
/// the operation `name`, prefixed "scalar " for scalar math.
pub fn check(py: Python<'_>, name: &str, scalar: bool, extra: FpErrors) -> PyResult<()> {
    let found = fpstatus::take().union(extra);
    if found.is_empty() {
        return Ok(());
    }
    let state = crate::numpy_module(py)?
        .getattr("_err_state")?
        .call_method0("get")?;
    let state = state.cast::<PyDict>()?;
    let name = if scalar {
        format!("scalar {name}")
    } else {
        name.to_string()
    };
    // NumPy's order: divide, over, under, invalid; 'raise' stops at the first.
    for (kind, hit, what) in [
        ("divide", found.divide, "divide by zero"),
        ("over", found.over, "overflow"),
        ("under", found.under, "underflow"),
        ("invalid", found.invalid, "invalid value"),
    ] {
        if !hit {
            continue;
        }
        let mode: String = match state.get_item(kind)? {
            Some(m) => m.extract()?,
            None => continue,
        };
        let msg = format!("{what} encountered in {name}");
        match mode.as_str() {
            "warn" => {
                let category = py.get_type::<PyRuntimeWarning>();
                PyErr::warn(py, &category, &std::ffi::CString::new(msg)?, 1)?;
            }
            "raise" => return Err(PyFloatingPointError::new_err(msg)),
            "print" => {
                // NumPy prints from C, to the process's stdout (not sys.stdout).
                let out = py.import("sys")?.getattr("__stdout__")?;
                if !out.is_none() {
                    out.call_method1("write", (format!("Warning: {msg}\n"),))?;
                    out.call_method0("flush")?;
                }
            }
            _ => {} // 'ignore' ('call' and 'log' are refused by np.seterr)
        }
    }
    Ok(())
}

/// `f()`, then (when `reports`) the floating-point errors it raised handled as NumPy's
/// errors of operation `name` ("overflow encountered in reduce").
pub fn reported<T>(
    py: Python<'_>,
    name: &str,
    reports: bool,
    f: impl FnOnce() -> PyResult<T>,
) -> PyResult<T> {
    if reports {
        reset();
    }
    let r = f()?;
    if reports {
        check(py, name, false, FpErrors::default())?;
    }
    Ok(r)
}

/// NumPy's scalar-math overflow check for integers: whether `exact`, the true result,
/// differs from `got`, the value in the result's dtype.
pub fn int_overflowed(exact: Option<i128>, got: i128) -> bool {
    exact != Some(got)
}
