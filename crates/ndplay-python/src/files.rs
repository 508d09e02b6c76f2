//! `np.save`, `np.savez`, `np.savez_compressed`, `np.load`: arrays to and from `.npy` and
//! `.npz` through `ndplay-io` and the one bridge between file tensors and arrays
//! ([`ndplay_inspect::to_raw`], [`ndplay_inspect::to_array`]), so a learner's files open
//! in real NumPy and the other way round.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let path = std::env::temp_dir().join("ndplay_files_doc.npy");
//! np.call_method1("save", (path.to_str(), np.call_method1("arange", (3,))?))?;
//! let back = np.call_method1("load", (path.to_str(),))?;
//! assert_eq!(back.repr()?.to_string(), "array([0, 1, 2])");
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use ndplay_core::{Array, Order};
use pyo3::exceptions::{PyFileNotFoundError, PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{to_array, wrap};
use crate::errors::{OrRaise, unsupported_param};

fn io_err(e: impl std::fmt::Display, not_found: bool) -> PyErr {
    if not_found {
        PyFileNotFoundError::new_err(e.to_string())
    } else {
        PyValueError::new_err(e.to_string())
    }
}

fn inspect_err(e: ndplay_inspect::InspectError) -> PyErr {
    let nf = matches!(&e, ndplay_inspect::InspectError::Read(io) if is_not_found(io));
    io_err(e, nf)
}

fn is_not_found(e: &ndplay_io::IoError) -> bool {
    match e {
        ndplay_io::IoError::Os { cause, .. } => cause.kind() == std::io::ErrorKind::NotFound,
        ndplay_io::IoError::InFile { inner, .. } => is_not_found(inner),
        _ => false,
    }
}

fn path_of(file: &Bound<'_, PyAny>, ext: &str) -> PyResult<PathBuf> {
    let text: String = file
        .py()
        .import("os")?
        .call_method1("fspath", (file,))
        .map_err(|_| unsupported_param("save", "file", "file objects; pass a path"))?
        .extract()?;
    Ok(PathBuf::from(if text.ends_with(ext) {
        text
    } else {
        format!("{text}{ext}")
    }))
}

fn raw(a: &Array) -> PyResult<ndplay_io::RawTensor> {
    ndplay_inspect::to_raw(a).map_err(inspect_err)
}

/// `np.save(file, arr, allow_pickle=True)`.
#[pyfunction]
#[pyo3(signature = (file, arr, allow_pickle = true))]
pub fn save(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    arr: &Bound<'_, PyAny>,
    allow_pickle: bool,
) -> PyResult<()> {
    let _ = allow_pickle; // ndplay arrays never need pickling
    let path = path_of(file, ".npy")?;
    let t = raw(&to_array(arr, None)?)?;
    py.detach(|| ndplay_io::npy::write(&path, &t)).map_err(|e| {
        let nf = is_not_found(&e);
        io_err(e, nf)
    })
}

fn savez_impl(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
    kwds: Option<&Bound<'_, PyDict>>,
    compressed: bool,
) -> PyResult<()> {
    let path = path_of(file, ".npz")?;
    let mut members: Vec<(String, ndplay_io::RawTensor)> = Vec::new();
    for (i, a) in args.iter().enumerate() {
        members.push((format!("arr_{i}"), raw(&to_array(&a, None)?)?));
    }
    if let Some(k) = kwds {
        for (name, a) in k.iter() {
            let name: String = name.extract()?;
            if members.iter().any(|(n, _)| *n == name) {
                return Err(PyValueError::new_err(format!(
                    "Cannot use un-named variables and keyword {name}"
                )));
            }
            members.push((name, raw(&to_array(&a, None)?)?));
        }
    }
    let refs: Vec<(&str, &ndplay_io::RawTensor)> =
        members.iter().map(|(n, t)| (n.as_str(), t)).collect();
    py.detach(|| ndplay_io::npz::write(&path, &refs, compressed))
        .map_err(|e| {
            let nf = is_not_found(&e);
            io_err(e, nf)
        })
}

/// `np.savez(file, *args, allow_pickle=True, **kwds)`.
#[pyfunction]
#[pyo3(signature = (file, *args, allow_pickle = true, **kwds))]
pub fn savez(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
    allow_pickle: bool,
    kwds: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let _ = allow_pickle;
    savez_impl(py, file, args, kwds, false)
}

/// `np.savez_compressed(file, *args, allow_pickle=True, **kwds)`.
#[pyfunction]
#[pyo3(signature = (file, *args, allow_pickle = true, **kwds))]
pub fn savez_compressed(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    args: &Bound<'_, PyTuple>,
    allow_pickle: bool,
    kwds: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let _ = allow_pickle;
    savez_impl(py, file, args, kwds, true)
}

/// What `np.load` returns for an `.npz`: members by name, in file order.
#[pyclass(name = "NpzFile", module = "numpy.lib.npyio")]
pub struct NpzFile {
    members: Vec<(String, Py<PyAny>)>,
}

#[pymethods]
impl NpzFile {
    /// The member names.
    #[getter]
    fn files(&self) -> Vec<String> {
        self.members.iter().map(|(n, _)| n.clone()).collect()
    }

    fn __getitem__(&self, py: Python<'_>, key: &str) -> PyResult<Py<PyAny>> {
        self.members
            .iter()
            .find(|(n, _)| n == key)
            .map(|(_, a)| a.clone_ref(py))
            .ok_or_else(|| PyKeyError::new_err(format!("{key} is not a file in the archive")))
    }

    fn __contains__(&self, key: &str) -> bool {
        self.members.iter().any(|(n, _)| n == key)
    }

    fn __len__(&self) -> usize {
        self.members.len()
    }

    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(pyo3::types::PyList::new(py, self.files())?
            .try_iter()?
            .into_any()
            .unbind())
    }

    fn keys(&self) -> Vec<String> {
        self.files()
    }

    fn items(&self, py: Python<'_>) -> Vec<(String, Py<PyAny>)> {
        self.members
            .iter()
            .map(|(n, a)| (n.clone(), a.clone_ref(py)))
            .collect()
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    #[pyo3(signature = (*_exc))]
    fn __exit__(&self, _exc: &Bound<'_, PyTuple>) -> bool {
        false
    }

    fn close(&self) {}
}

/// `np.load(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII', *, max_header_size=10000)`.
#[pyfunction]
#[pyo3(signature = (file, mmap_mode = None, allow_pickle = false, fix_imports = true, encoding = "ASCII", *, max_header_size = 10000))]
#[allow(clippy::too_many_arguments)]
pub fn load(
    py: Python<'_>,
    file: &Bound<'_, PyAny>,
    mmap_mode: Option<&str>,
    allow_pickle: bool,
    fix_imports: bool,
    encoding: &str,
    max_header_size: usize,
) -> PyResult<Py<PyAny>> {
    let _ = (allow_pickle, fix_imports, encoding, max_header_size); // no pickles are ever read
    let path = path_of(file, "")?;
    let file = py
        .detach(|| ndplay_io::read_path(Path::new(&path)))
        .map_err(|e| {
            let nf = is_not_found(&e);
            io_err(e, nf)
        })?;
    // From the mapped bytes: read-only with mmap_mode='r', else a writeable copy.
    let to = |t: &ndplay_io::RawTensor| -> PyResult<Array> {
        let a = ndplay_inspect::to_array(t).map_err(inspect_err)?;
        Ok(match mmap_mode {
            Some("r") => a,
            None => a
                .copy(if t.fortran_order { Order::F } else { Order::C })
                .py(py)?,
            Some(other) => {
                return Err(unsupported_param(
                    "load",
                    "mmap_mode",
                    &format!("mode '{other}'; use None or 'r'"),
                ));
            }
        })
    };
    if path.extension().is_some_and(|e| e == "npz") {
        let members = file
            .tensors
            .iter()
            .map(|t| Ok((t.name.clone().unwrap_or_default(), wrap(py, to(t)?)?)))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Py::new(py, NpzFile { members })?.into_any());
    }
    match file.tensors.first() {
        Some(t) => wrap(py, to(t)?),
        None => Err(PyValueError::new_err(format!(
            "{} holds no array",
            path.display()
        ))),
    }
}
