//! `numpy.linalg` over `ndplay-linalg`: results in NumPy's named tuples (`EigResult`,
//! `SVDResult`...), errors as `numpy.linalg.LinAlgError`.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let eye = np.call_method1("eye", (2,))?;
//! let d = np.getattr("linalg")?.call_method1("det", (eye,))?;
//! assert_eq!(d.extract::<f64>()?, 1.0);
//! # Ok(()) }
//! ```

use ndplay_core::Array;
use ndplay_linalg::linalg as la;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::convert::{axes_arg, result, to_array};
use crate::errors::{OrRaise, unsupported_param};

fn arr(a: &Bound<'_, PyAny>) -> PyResult<Array> {
    to_array(a, None)
}

fn named(py: Python<'_>, name: &str, parts: Vec<Py<PyAny>>) -> PyResult<Py<PyAny>> {
    // This module's `linalg`, not `import numpy.linalg`: real NumPy may be installed.
    let m = crate::numpy_module(py)?.getattr("linalg")?;
    let cls = m.getattr(name)?;
    Ok(cls.call1(PyTuple::new(py, parts)?)?.unbind())
}

/// `np.linalg.norm(x, ord=None, axis=None, keepdims=False)`.
#[pyfunction]
#[pyo3(signature = (x, ord = None, axis = None, keepdims = false))]
pub fn norm(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    ord: Option<&Bound<'_, PyAny>>,
    axis: Option<&Bound<'_, PyAny>>,
    keepdims: bool,
) -> PyResult<Py<PyAny>> {
    use la::NormOrd;
    let ord = match ord {
        None => None,
        Some(o) if o.is_none() => None,
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => match s.to_str()? {
                "fro" => Some(NormOrd::Fro),
                "nuc" => Some(NormOrd::Nuc),
                other => {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "Invalid norm order '{other}' for vectors"
                    )));
                }
            },
            Err(_) => Some(NormOrd::P(o.extract::<f64>()?)),
        },
    };
    let ax = axes_arg(axis)?;
    result(py, la::norm(&arr(x)?, ord, ax.as_deref(), keepdims).py(py)?)
}

macro_rules! one {
    ($name:ident, $f:path, $doc:literal) => {
        #[doc = $doc]
        #[pyfunction]
        pub fn $name(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
            result(py, $f(&arr(a)?).py(py)?)
        }
    };
}

one!(det, la::det, "`np.linalg.det(a)`.");
one!(inv, la::inv, "`np.linalg.inv(a)`.");
one!(eigvals, la::eigvals, "`np.linalg.eigvals(a)`.");
one!(svdvals, la::svdvals, "`np.linalg.svdvals(x, /)`.");

/// `np.linalg.pinv(a, rcond=None, hermitian=False, *, rtol=<no value>)`.
#[pyfunction]
#[pyo3(signature = (a, rcond = None, hermitian = false, *, rtol = None))]
pub fn pinv(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    rcond: Option<&Bound<'_, PyAny>>,
    hermitian: bool,
    rtol: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if rcond.is_some_and(|r| !r.is_none()) {
        return Err(unsupported_param("linalg.pinv", "rcond", ""));
    }
    if rtol.is_some_and(|r| !r.is_none()) {
        return Err(unsupported_param("linalg.pinv", "rtol", ""));
    }
    if hermitian {
        return Err(unsupported_param("linalg.pinv", "hermitian", ""));
    }
    result(py, la::pinv(&arr(a)?).py(py)?)
}

/// `np.linalg.eigvalsh(a, UPLO='L')`.
#[pyfunction]
#[pyo3(signature = (a, UPLO = "L"))]
#[allow(non_snake_case)]
pub fn eigvalsh(py: Python<'_>, a: &Bound<'_, PyAny>, UPLO: &str) -> PyResult<Py<PyAny>> {
    if UPLO != "L" {
        return Err(unsupported_param("linalg.eigvalsh", "UPLO", ""));
    }
    result(py, la::eigvalsh(&arr(a)?).py(py)?)
}

/// `np.linalg.matrix_rank(A, tol=None, hermitian=False, *, rtol=None)`.
#[pyfunction]
#[pyo3(signature = (A, tol = None, hermitian = false, *, rtol = None))]
#[allow(non_snake_case)]
pub fn matrix_rank(
    py: Python<'_>,
    A: &Bound<'_, PyAny>,
    tol: Option<&Bound<'_, PyAny>>,
    hermitian: bool,
    rtol: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if tol.is_some_and(|r| !r.is_none()) {
        return Err(unsupported_param("linalg.matrix_rank", "tol", ""));
    }
    if rtol.is_some_and(|r| !r.is_none()) {
        return Err(unsupported_param("linalg.matrix_rank", "rtol", ""));
    }
    if hermitian {
        return Err(unsupported_param("linalg.matrix_rank", "hermitian", ""));
    }
    let a = arr(A)?;
    let rank = la::matrix_rank(&a).py(py)?;
    if a.ndim() < 2 {
        // NumPy answers a vector (or scalar) with a Python int: 1 unless all zero.
        let r = rank.item().py(py)?.as_f64() as i64;
        return Ok(r.into_pyobject(py)?.into_any().unbind());
    }
    result(py, rank)
}

/// `np.linalg.cholesky(a, /, *, upper=False)`.
#[pyfunction]
#[pyo3(signature = (a, /, *, upper = false))]
pub fn cholesky(py: Python<'_>, a: &Bound<'_, PyAny>, upper: bool) -> PyResult<Py<PyAny>> {
    let l = la::cholesky(&arr(a)?).py(py)?;
    if !upper {
        return result(py, l);
    }
    // U = L^H: the lower factor's conjugate transpose.
    let nd = l.ndim() as isize;
    let lt = l.swapaxes(nd - 2, nd - 1).py(py)?;
    let u = if lt.dtype().is_complex() {
        use ndplay_core::ufunc::{BinaryOp, Operand, UnaryOp, binary, unary};
        let c = unary(UnaryOp::Conjugate, &lt).py(py)?;
        // + 0.0 turns the -0j that conjugating a real diagonal gives into the +0j that
        // LAPACK's upper factor has.
        let zero = Operand::Py(ndplay_core::PyScalar::Float(0.0));
        binary(BinaryOp::Add, (&c).into(), zero).py(py)?
    } else {
        lt.copy(ndplay_core::Order::C).py(py)?
    };
    result(py, u)
}

/// `np.linalg.eig(a)`: `EigResult(eigenvalues, eigenvectors)`.
#[pyfunction]
pub fn eig(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let e = la::eig(&arr(a)?).py(py)?;
    named(
        py,
        "EigResult",
        vec![result(py, e.eigenvalues)?, result(py, e.eigenvectors)?],
    )
}

/// `np.linalg.eigh(a, UPLO='L')`: `EighResult(eigenvalues, eigenvectors)`.
#[pyfunction]
#[pyo3(signature = (a, UPLO = "L"))]
#[allow(non_snake_case)]
pub fn eigh(py: Python<'_>, a: &Bound<'_, PyAny>, UPLO: &str) -> PyResult<Py<PyAny>> {
    if UPLO != "L" {
        return Err(unsupported_param("linalg.eigh", "UPLO", ""));
    }
    let e = la::eigh(&arr(a)?).py(py)?;
    named(
        py,
        "EighResult",
        vec![result(py, e.eigenvalues)?, result(py, e.eigenvectors)?],
    )
}

/// `np.linalg.qr(a, mode='reduced')`: `QRResult(Q, R)`.
#[pyfunction]
#[pyo3(signature = (a, mode = "reduced"))]
pub fn qr(py: Python<'_>, a: &Bound<'_, PyAny>, mode: &str) -> PyResult<Py<PyAny>> {
    if !matches!(mode, "reduced" | "r") {
        return Err(unsupported_param(
            "linalg.qr",
            "mode",
            &format!("mode '{mode}'; 'reduced' and 'r' are implemented"),
        ));
    }
    let q = la::qr(&arr(a)?).py(py)?;
    if mode == "r" {
        return result(py, q.r);
    }
    named(py, "QRResult", vec![result(py, q.q)?, result(py, q.r)?])
}

/// `np.linalg.slogdet(a)`: `SlogdetResult(sign, logabsdet)`.
#[pyfunction]
pub fn slogdet(py: Python<'_>, a: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let s = la::slogdet(&arr(a)?).py(py)?;
    named(
        py,
        "SlogdetResult",
        vec![result(py, s.sign)?, result(py, s.logabsdet)?],
    )
}

/// `np.linalg.svd(a, full_matrices=True, compute_uv=True, hermitian=False)`.
#[pyfunction]
#[pyo3(signature = (a, full_matrices = true, compute_uv = true, hermitian = false))]
pub fn svd(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    full_matrices: bool,
    compute_uv: bool,
    hermitian: bool,
) -> PyResult<Py<PyAny>> {
    if hermitian {
        return Err(unsupported_param("linalg.svd", "hermitian", ""));
    }
    let x = arr(a)?;
    if !compute_uv {
        return result(py, la::svdvals(&x).py(py)?);
    }
    let s = la::svd(&x, full_matrices).py(py)?;
    named(
        py,
        "SVDResult",
        vec![result(py, s.u)?, result(py, s.s)?, result(py, s.vh)?],
    )
}

/// `np.linalg.solve(a, b)`.
#[pyfunction]
pub fn solve(py: Python<'_>, a: &Bound<'_, PyAny>, b: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    result(py, la::solve(&arr(a)?, &arr(b)?).py(py)?)
}

/// `np.linalg.multi_dot(arrays, *, out=None)`: left to right (the result is the same
/// product; NumPy picks the cheapest order).
#[pyfunction]
#[pyo3(signature = (arrays, *, out = None))]
pub fn multi_dot(
    py: Python<'_>,
    arrays: &Bound<'_, PyAny>,
    out: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if out.is_some_and(|o| !o.is_none()) {
        return Err(unsupported_param("linalg.multi_dot", "out", ""));
    }
    let list = arrays
        .try_iter()?
        .map(|o| arr(&o?))
        .collect::<PyResult<Vec<_>>>()?;
    if list.len() < 2 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "Expecting at least two arrays.",
        ));
    }
    let r = crate::diagnostics::quietly(|| {
        let mut acc = list[0].clone();
        for x in &list[1..] {
            acc = ndplay_linalg::matmul(&acc, x)?;
        }
        Ok::<Array, ndplay_core::Error>(acc)
    })
    .py(py)?;
    result(py, r)
}

const RESULTS: &str = r#"
from collections import namedtuple as _nt
EigResult = _nt("EigResult", ["eigenvalues", "eigenvectors"])
EighResult = _nt("EighResult", ["eigenvalues", "eigenvectors"])
SVDResult = _nt("SVDResult", ["U", "S", "Vh"])
QRResult = _nt("QRResult", ["Q", "R"])
SlogdetResult = _nt("SlogdetResult", ["sign", "logabsdet"])
for _c in (EigResult, EighResult, SVDResult, QRResult, SlogdetResult):
    _c.__module__ = "numpy.linalg"
del _c, _nt
"#;

/// `numpy.linalg.__getattr__`: a name ndplay lacks fails loudly, naming it.
#[pyfunction]
#[pyo3(name = "__getattr__")]
fn module_getattr(name: &str) -> PyResult<Py<PyAny>> {
    Err(crate::missing("numpy.linalg", name))
}

/// The `numpy.linalg` module.
pub fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let m = PyModule::new(py, "numpy.linalg")?;
    let code = std::ffi::CString::new(RESULTS).expect("no NUL");
    py.run(&code, Some(&m.dict()), None)?;
    m.add(
        "LinAlgError",
        crate::errors::classes(py).linalg_error.bind(py),
    )?;
    m.add_function(wrap_pyfunction!(norm, &m)?)?;
    m.add_function(wrap_pyfunction!(det, &m)?)?;
    m.add_function(wrap_pyfunction!(inv, &m)?)?;
    m.add_function(wrap_pyfunction!(pinv, &m)?)?;
    m.add_function(wrap_pyfunction!(eigvals, &m)?)?;
    m.add_function(wrap_pyfunction!(eigvalsh, &m)?)?;
    m.add_function(wrap_pyfunction!(matrix_rank, &m)?)?;
    m.add_function(wrap_pyfunction!(cholesky, &m)?)?;
    m.add_function(wrap_pyfunction!(svdvals, &m)?)?;
    m.add_function(wrap_pyfunction!(eig, &m)?)?;
    m.add_function(wrap_pyfunction!(eigh, &m)?)?;
    m.add_function(wrap_pyfunction!(qr, &m)?)?;
    m.add_function(wrap_pyfunction!(slogdet, &m)?)?;
    m.add_function(wrap_pyfunction!(svd, &m)?)?;
    m.add_function(wrap_pyfunction!(solve, &m)?)?;
    m.add_function(wrap_pyfunction!(multi_dot, &m)?)?;
    m.add_function(wrap_pyfunction!(crate::funcs::matmul, &m)?)?;
    m.add_function(wrap_pyfunction!(module_getattr, &m)?)?;
    Ok(m)
}
