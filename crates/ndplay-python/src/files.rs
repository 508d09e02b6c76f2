//! `np.save`, `np.savez`, `np.savez_compressed`, `np.load`: arrays to and from `.npy` and
//! `.npz` (at a path, or in an open binary file object such as `io.BytesIO`) through
//! `ndplay-io` and the one bridge between file tensors and arrays
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

/// Where `np.save` and friends write: a path (the extension added as NumPy does) or an
/// open file object (anything with `write`, like `open(..., 'wb')`, `TemporaryFile()`
/// or `io.BytesIO()`), which gets the bytes at its current position.
enum Sink<'py> {
    Path(PathBuf),
    File(Bound<'py, PyAny>),
}

fn is_path_like(file: &Bound<'_, PyAny>) -> PyResult<bool> {
    let os = file.py().import("os")?;
    Ok(file.is_instance_of::<pyo3::types::PyString>()
        || file.is_instance_of::<pyo3::types::PyBytes>()
        || file.is_instance(&os.getattr("PathLike")?)?)
}

fn sink<'py>(file: &Bound<'py, PyAny>, ext: &str) -> PyResult<Sink<'py>> {
    if !is_path_like(file)? && file.hasattr("write")? {
        return Ok(Sink::File(file.clone()));
    }
    Ok(Sink::Path(path_of(file, ext)?))
}

/// Hands `bytes` to a file object's `write`, as NumPy does for an open file.
fn write_file(file: &Bound<'_, PyAny>, bytes: &[u8]) -> PyResult<()> {
    let py = file.py();
    file.call_method1("write", (pyo3::types::PyBytes::new(py, bytes),))?;
    Ok(())
}

/// Reads up to `n` bytes from a file object, in bounded chunks (a header that claims
/// terabytes costs no allocation before the file runs out).
fn read_exact_from(file: &Bound<'_, PyAny>, n: usize, out: &mut Vec<u8>) -> PyResult<usize> {
    const CHUNK: usize = 1 << 24;
    let mut got = 0;
    while got < n {
        let want = (n - got).min(CHUNK);
        let part = file.call_method1("read", (want,))?;
        let part: &[u8] = part
            .cast::<pyo3::types::PyBytes>()
            .map_err(|_| {
                pyo3::exceptions::PyTypeError::new_err(
                    "np.load reads a file object opened in binary mode ('rb'); its read() returned text",
                )
            })?
            .as_bytes();
        if part.is_empty() {
            break;
        }
        out.extend_from_slice(part);
        got += part.len();
    }
    Ok(got)
}

/// What `np.load` finds at a file object's position: one `.npy` record (only its
/// bytes are consumed, so several arrays saved one after another load one by one) or a
/// whole `.npz` archive.
enum FromFile {
    Npy(Vec<u8>),
    Npz(Vec<u8>),
}

fn read_file_object(file: &Bound<'_, PyAny>) -> PyResult<FromFile> {
    let mut bytes = Vec::new();
    read_exact_from(file, 8, &mut bytes)?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        read_exact_from(file, usize::MAX, &mut bytes)?;
        return Ok(FromFile::Npz(bytes));
    }
    if bytes.is_empty() {
        return Err(pyo3::exceptions::PyEOFError::new_err(
            "No data left in file",
        ));
    }
    if !bytes.starts_with(b"\x93NUMPY") {
        return Err(PyValueError::new_err(format!(
            "np.load: the file object does not hold a .npy or .npz at its position (it starts with {:?}); \
             ndplay never unpickles, so allow_pickle files cannot be read",
            String::from_utf8_lossy(&bytes)
        )));
    }
    // The header length field is 2 bytes in version 1, 4 in versions 2 and 3.
    let len_size = if bytes.len() == 8 && bytes[6] == 1 {
        2
    } else {
        4
    };
    read_exact_from(file, len_size, &mut bytes)?;
    let header_len = match bytes.get(8..8 + len_size) {
        Some(&[a, b]) => u16::from_le_bytes([a, b]) as usize,
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => 0,
    };
    read_exact_from(file, header_len, &mut bytes)?;
    let header = ndplay_io::npy::parse_header(&bytes).map_err(|e| io_err(e, false))?;
    read_exact_from(file, header.data_len, &mut bytes)?;
    Ok(FromFile::Npy(bytes))
}

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
        .map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "expected str, bytes or os.PathLike object, not {}",
                file.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?
        .extract()?;
    Ok(PathBuf::from(if text.ends_with(ext) {
        text
    } else {
        format!("{text}{ext}")
    }))
}

fn raw(a: &Array) -> PyResult<ndplay_io::RawTensor> {
    if a.dtype().is_object() {
        return Err(crate::errors::unsupported(
            "saving object arrays (NumPy pickles the objects into the .npy file; ndplay \
             writes no pickles: save a.astype(float) or another plain dtype, or pickle \
             a.tolist() yourself)"
                .to_string(),
        ));
    }
    if a.dtype().is_record() {
        return Err(crate::errors::unsupported(format!(
            "saving structured arrays (dtype {}; NumPy has it, ndplay does not: save each field, \
             np.savez(path, **{{name: a[name] for name in a.dtype.names}}))",
            a.dtype().name()
        )));
    }
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
    let t = raw(&to_array(arr, None)?)?;
    let path = match sink(file, ".npy")? {
        Sink::Path(path) => path,
        Sink::File(f) => {
            let bytes = ndplay_io::npy::to_bytes(&t).map_err(|e| io_err(e, false))?;
            return write_file(&f, &bytes);
        }
    };
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
    let sink = sink(file, ".npz")?;
    // NumPy's order: the keyword arrays first, then `arr_0`, `arr_1`, ...
    let mut members: Vec<(String, ndplay_io::RawTensor)> = Vec::new();
    if let Some(k) = kwds {
        for (name, a) in k.iter() {
            members.push((name.extract()?, raw(&to_array(&a, None)?)?));
        }
    }
    for (i, a) in args.iter().enumerate() {
        let name = format!("arr_{i}");
        if members.iter().any(|(n, _)| *n == name) {
            return Err(PyValueError::new_err(format!(
                "Cannot use un-named variables and keyword {name}"
            )));
        }
        members.push((name, raw(&to_array(&a, None)?)?));
    }
    let refs: Vec<(&str, &ndplay_io::RawTensor)> =
        members.iter().map(|(n, t)| (n.as_str(), t)).collect();
    let path = match sink {
        Sink::Path(path) => path,
        Sink::File(f) => {
            let bytes =
                ndplay_io::npz::to_bytes(&refs, compressed).map_err(|e| io_err(e, false))?;
            return write_file(&f, &bytes);
        }
    };
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
    if !is_path_like(file)? && file.hasattr("read")? {
        if mmap_mode.is_some() {
            return Err(unsupported_param(
                "load",
                "mmap_mode",
                "with a file object; pass a path to map",
            ));
        }
        return match read_file_object(file)? {
            FromFile::Npy(bytes) => {
                let t = ndplay_io::parse_npy_bytes(&bytes).map_err(|e| io_err(e, false))?;
                let a = ndplay_inspect::to_array(&t).map_err(inspect_err)?;
                let order = if t.fortran_order { Order::F } else { Order::C };
                wrap(py, a.copy(order).py(py)?)
            }
            FromFile::Npz(bytes) => {
                let tensors = ndplay_io::parse_npz_bytes(&bytes).map_err(|e| io_err(e, false))?;
                let members = tensors
                    .iter()
                    .map(|t| {
                        let a = ndplay_inspect::to_array(t).map_err(inspect_err)?;
                        let order = if t.fortran_order { Order::F } else { Order::C };
                        Ok((
                            t.name.clone().unwrap_or_default(),
                            wrap(py, a.copy(order).py(py)?)?,
                        ))
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(Py::new(py, NpzFile { members })?.into_any())
            }
        };
    }
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
