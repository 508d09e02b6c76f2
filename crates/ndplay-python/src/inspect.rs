//! `ndplay.inspect`: the inspector for arrays already in a Python process — NumPy arrays,
//! memoryviews, anything with the buffer protocol, and other libraries' CPU tensors
//! through `__array__` — plus `ndplay.inspect_files` and the partial states the Dask path
//! moves between workers.
//!
//! The data is never copied when its elements fill one block of memory in any order (C,
//! Fortran, or any transpose of them: whole-tensor statistics do not depend on order);
//! other strided views are gathered in pieces of [`GATHER_BYTES`], never whole. The
//! fused pass ([`ndplay_inspect::kernels::stats_of_bytes`]) runs with the GIL released,
//! on every core.
//!
//! A [`PyReport`] is one tensor's report: the six signals, the statistics, and the same
//! JSON object `ndplay inspect --json` gives for that tensor (`to_dict()`).
//!
//! ```
//! use pyo3::prelude::*;
//! Python::initialize();
//! Python::attach(|py| -> PyResult<()> {
//!     let m = pyo3::types::PyModule::new(py, "ndplay_native")?;
//!     ndplay_python::inspect::register(&m)?;
//!     let data = pyo3::types::PyBytes::new(py, &[0, 1, 2, 250]);
//!     let report = m.getattr("inspect")?.call1((data,))?;
//!     assert_eq!(report.getattr("dtype")?.extract::<String>()?, "uint8");
//!     assert_eq!(report.getattr("max")?.extract::<u64>()?, 250);
//!     assert_eq!(report.getattr("zero_count")?.extract::<u64>()?, 1);
//!     Ok(())
//! }).unwrap();
//! ```
// The one `unsafe` block turns the exporter's buffer into a byte slice; see `span`.
#![allow(unsafe_code)]

use std::sync::Arc;

use ndplay_core::Layout;
use ndplay_inspect::convert::numpy_strides;
use ndplay_inspect::kernels::stats_of_bytes;
use ndplay_inspect::report::{Options, Report, Status, TensorReport};
use ndplay_inspect::stats::{Stats, Value};
use ndplay_inspect::summary::{FileSummary, Partial, TensorSummary};
use ndplay_inspect::{AxisStats, InspectError, compute_axis_stats, merge_files, render};
use ndplay_io::{ByteOrder, ElemType, RawTensor};
use pyo3::buffer::PyUntypedBuffer;
use pyo3::exceptions::{
    PyMemoryError, PyNotImplementedError, PyOSError, PyTypeError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

/// Bytes gathered at a time from a strided view that is not one block of memory.
pub const GATHER_BYTES: usize = 4 << 20;

/// The path a report of in-memory data carries (`to_dict()` has none; the CLI's file
/// path is in the file entry, not the tensor's).
const MEMORY_PATH: &str = "<memory>";

// ----------------------------------------------------------------------------------
// Reading an exporter's buffer
// ----------------------------------------------------------------------------------

/// An element type and byte order from a PEP 3118 format string and the item size the
/// exporter reports. NumPy writes native types without a prefix (`f`, `l`), others with
/// `<`/`>` (`>f`), complex as `Zf`/`Zd`, text as `3w`.
pub fn elem_of_format(format: &str, itemsize: usize) -> Result<(ElemType, ByteOrder), String> {
    let (order, code) = match format.chars().next() {
        Some('<') => (ByteOrder::Little, &format[1..]),
        Some('>') | Some('!') => (ByteOrder::Big, &format[1..]),
        Some('=') | Some('@') => (ByteOrder::NATIVE, &format[1..]),
        _ => (ByteOrder::NATIVE, format),
    };
    let by_size = |signed: bool| match (signed, itemsize) {
        (true, 1) => Some(ElemType::I8),
        (true, 2) => Some(ElemType::I16),
        (true, 4) => Some(ElemType::I32),
        (true, 8) => Some(ElemType::I64),
        (false, 1) => Some(ElemType::U8),
        (false, 2) => Some(ElemType::U16),
        (false, 4) => Some(ElemType::U32),
        (false, 8) => Some(ElemType::U64),
        _ => None,
    };
    let elem = match code {
        "?" => Some(ElemType::Bool),
        "b" | "h" | "i" | "l" | "q" | "n" => by_size(true),
        "B" | "H" | "I" | "L" | "Q" | "N" => by_size(false),
        "e" => Some(ElemType::F16),
        "f" => Some(ElemType::F32),
        "d" => Some(ElemType::F64),
        "Zf" => Some(ElemType::C64),
        "Zd" => Some(ElemType::C128),
        c if c.ends_with('w') && c[..c.len() - 1].chars().all(|d| d.is_ascii_digit()) => {
            Some(ElemType::Unicode(itemsize / 4))
        }
        "g" | "Zg" => {
            return Err(format!(
                "long double (format {format:?}, {itemsize} bytes) has no fixed width across \
                 machines; cast it first: x.astype(np.float64)"
            ));
        }
        "O" => {
            return Err(
                "an object array holds Python objects, not numbers; convert it to a \
                        numeric dtype first (np.asarray(x, dtype=np.float64))"
                    .to_string(),
            );
        }
        c if c.ends_with('s') || c == "c" => {
            return Err(format!(
                "bytes (format {format:?}) are not numbers; decode them, or view numeric \
                 data with its real dtype (x.view(np.float32))"
            ));
        }
        _ => None,
    };
    match elem {
        Some(e) if e.itemsize() == itemsize => Ok((e, order)),
        _ => Err(format!(
            "the buffer's element format {format:?} ({itemsize} bytes per item) is not one \
             ndplay reads: bool, int8..int64, uint8..uint64, float16/32/64, complex64/128 \
             or unicode text (structured and void dtypes: inspect one field, x['name'])"
        )),
    }
}

/// A buffer held for reading: its element type, shape and byte strides.
struct Exported {
    buf: PyUntypedBuffer,
    elem: ElemType,
    order: ByteOrder,
    shape: Vec<usize>,
    strides: Vec<isize>,
}

impl Exported {
    fn itemsize(&self) -> usize {
        self.elem.itemsize()
    }

    fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// The bytes from the lowest to the highest element address, and where element
    /// `[0, 0, ...]` sits in them.
    fn span(&self) -> (&[u8], usize) {
        if self.size() == 0 {
            return (&[], 0);
        }
        let (mut lo, mut hi) = (0isize, 0isize);
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            let reach = (n as isize - 1) * s;
            if reach < 0 {
                lo += reach;
            } else {
                hi += reach;
            }
        }
        let len = (hi - lo) as usize + self.itemsize();
        // SAFETY: while `self.buf` is held, the exporter keeps every element of the
        // buffer valid and unmoved (PEP 3118). Buffers with suboffsets are refused in
        // `export`, so all elements lie in one block addressed by `buf + Σ i_k·stride_k`,
        // and the span from the lowest to the highest element address lies inside the
        // exporter's one allocation. The memory may be written by other Python threads
        // while the GIL is released, exactly as NumPy's own `nogil` loops allow; the
        // statistics then describe some mix of old and new values, as NumPy's would.
        let bytes = unsafe {
            std::slice::from_raw_parts((self.buf.buf_ptr() as *const u8).offset(lo), len)
        };
        (bytes, (-lo) as usize)
    }

    /// Whether the elements fill their span exactly, in some order of the axes (C,
    /// Fortran, or any transpose of either): then the span is read in place.
    fn is_dense(&self) -> bool {
        let mut dims: Vec<(usize, usize)> = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(n, _)| **n != 1)
            .map(|(&n, &s)| (s.unsigned_abs(), n))
            .collect();
        dims.sort_unstable();
        let mut expected = self.itemsize();
        for (stride, n) in dims {
            if stride != expected {
                return false;
            }
            expected *= n;
        }
        true
    }

    /// The statistics of every element, without the GIL.
    fn stats(&self) -> Stats {
        let (bytes, origin) = self.span();
        let mut stats = if self.is_dense() {
            stats_of_bytes(self.elem, self.order, bytes, &|_| {})
        } else {
            self.gathered_stats(bytes, origin)
        };
        stats.count = self.size() as u64;
        stats
    }

    /// Statistics of a strided view, gathered in C order piece by piece.
    fn gathered_stats(&self, bytes: &[u8], origin: usize) -> Stats {
        let item = self.itemsize();
        let per_piece = (GATHER_BYTES / item).max(1);
        let mut piece = Vec::with_capacity(per_piece * item);
        let mut total = Stats::new();
        self.for_each_offset(bytes, origin, |b| {
            piece.extend_from_slice(b);
            if piece.len() >= per_piece * item {
                total.merge(&stats_of_bytes(self.elem, self.order, &piece, &|_| {}));
                piece.clear();
            }
        });
        if !piece.is_empty() {
            total.merge(&stats_of_bytes(self.elem, self.order, &piece, &|_| {}));
        }
        total
    }

    /// Calls `f` with each element's bytes, in C order.
    fn for_each_offset(&self, bytes: &[u8], origin: usize, mut f: impl FnMut(&[u8])) {
        let item = self.itemsize();
        let nd = self.shape.len();
        if self.size() == 0 {
            return;
        }
        if nd == 0 {
            f(&bytes[origin..origin + item]);
            return;
        }
        let (inner_n, inner_s) = (self.shape[nd - 1], self.strides[nd - 1]);
        let mut index = vec![0usize; nd - 1];
        let mut row = origin as isize;
        loop {
            let mut off = row;
            for _ in 0..inner_n {
                let o = off as usize;
                f(&bytes[o..o + item]);
                off += inner_s;
            }
            // Next row: odometer over the outer axes.
            let mut k = nd - 1;
            loop {
                if k == 0 {
                    return;
                }
                k -= 1;
                index[k] += 1;
                row += self.strides[k];
                if index[k] < self.shape[k] {
                    break;
                }
                row -= self.strides[k] * self.shape[k] as isize;
                index[k] = 0;
            }
        }
    }

    /// The elements in C order as an owned tensor (for per-axis statistics, which need
    /// the engine's array), the allocation checked first.
    fn to_raw_c_order(&self) -> Result<RawTensor, InspectError> {
        let item = self.itemsize();
        let n = self.size().saturating_mul(item);
        let mut data = Vec::new();
        data.try_reserve_exact(n)
            .map_err(|_| InspectError::OutOfMemory {
                op: "copying the array for per-axis statistics",
                shape: self.shape.clone(),
                lanes: self.size() as u128,
                bytes: n,
            })?;
        let (bytes, origin) = self.span();
        self.for_each_offset(bytes, origin, |b| data.extend_from_slice(b));
        Ok(RawTensor::new(
            self.elem,
            self.order,
            self.shape.clone(),
            false,
            data.into(),
        )?)
    }
}

/// The buffer of `obj` (or of `obj.__array__()`), with the object that exports it.
fn export<'py>(obj: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Exported)> {
    let py = obj.py();
    // NumPy exports a 0-d array with no shape, which PyO3's buffer refuses: read it as
    // its one-element view, and give it back its 0-d shape below.
    let zero_d =
        obj.getattr("ndim").is_ok_and(|n| n.eq(0).unwrap_or(false)) && obj.hasattr("reshape")?;
    let direct = if zero_d {
        obj.call_method1("reshape", (1,))
            .and_then(|one| PyUntypedBuffer::get(&one).map(|b| (one, b)))
    } else {
        PyUntypedBuffer::get(obj).map(|b| (obj.clone(), b))
    };
    let (exporter, buf, bf16) = match direct {
        Ok((exporter, buf)) => (exporter, buf, false),
        Err(first) => {
            // bfloat16 (ml_dtypes) has no buffer format: read its bits as uint16.
            if dtype_name(obj).as_deref() == Some("bfloat16") {
                let bits = obj.call_method1("view", ("uint16",))?;
                let buf = PyUntypedBuffer::get(&bits)?;
                (bits, buf, true)
            } else if obj.hasattr("__array__")? && !is_numpy_array(obj) {
                let arr = obj.call_method0("__array__")?;
                match PyUntypedBuffer::get(&arr) {
                    Ok(buf) => (arr, buf, false),
                    Err(e) => return Err(unreadable(&arr, e)),
                }
            } else if obj.hasattr("__array__")? || obj.hasattr("dtype")? {
                return Err(unreadable(obj, first));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "ndplay.inspect needs an array: an object with the buffer protocol (a \
                     NumPy array, memoryview, bytes, array.array) or with __array__ (CPU \
                     tensors of other libraries), but got {}; for a list, inspect \
                     np.asarray(x)",
                    obj.get_type().name()?
                )));
            }
        }
    };
    if buf.suboffsets().is_some_and(|s| s.iter().any(|&o| o >= 0)) {
        return Err(PyTypeError::new_err(
            "ndplay.inspect cannot read an indirect buffer (PIL-style suboffsets); convert \
             it to a contiguous array first (np.ascontiguousarray(x))",
        ));
    }
    let format = buf.format().to_string_lossy().into_owned();
    let itemsize = buf.item_size();
    let (elem, order) = if bf16 {
        (ElemType::BF16, ByteOrder::NATIVE)
    } else {
        elem_of_format(&format, itemsize).map_err(|why| {
            PyTypeError::new_err(format!("ndplay.inspect cannot read this array: {why}"))
        })?
    };
    let (shape, mut strides) = if zero_d {
        (Vec::new(), Vec::new())
    } else {
        (buf.shape().to_vec(), buf.strides().to_vec())
    };
    // An empty NumPy array may export other strides than it reports (`np.zeros((0, 5))`
    // has strides (0, 0) but exports (20, 4)); with no element to read by them, the
    // report gives what `x.strides` says.
    if shape.contains(&0)
        && let Ok(reported) = exporter
            .getattr("strides")
            .and_then(|s| s.extract::<Vec<isize>>())
        && reported.len() == shape.len()
    {
        strides = reported;
    }
    let _ = py;
    Ok((
        exporter,
        Exported {
            buf,
            elem,
            order: elem.effective_order(order),
            shape,
            strides,
        },
    ))
}

fn dtype_name(obj: &Bound<'_, PyAny>) -> Option<String> {
    obj.getattr("dtype")
        .ok()?
        .getattr("name")
        .ok()?
        .extract()
        .ok()
}

fn is_numpy_array(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type()
        .module()
        .is_ok_and(|m| m.to_string_lossy() == "numpy")
}

/// The error for an array whose dtype has no buffer form (datetime64, object...).
fn unreadable(obj: &Bound<'_, PyAny>, cause: PyErr) -> PyErr {
    let py = obj.py();
    match dtype_name(obj) {
        Some(name) => PyTypeError::new_err(format!(
            "ndplay.inspect reads numbers (bool, ints, floats, complex) and unicode text, \
             and this array's dtype is {name} ({}); convert it first, e.g. \
             x.astype(np.float64), or x.view(np.int64) for datetime64",
            cause.value(py)
        )),
        None => cause,
    }
}

// ----------------------------------------------------------------------------------
// Summaries and reports
// ----------------------------------------------------------------------------------

/// The summary of an exported buffer (the fused pass runs without the GIL).
fn summarize(py: Python<'_>, e: &Exported, name: Option<String>) -> TensorSummary {
    let stats = py.detach(|| e.stats());
    let itemsize = e.itemsize();
    let layout = Layout::new(e.shape.clone(), e.strides.clone(), 0);
    TensorSummary {
        name,
        dtype: e.elem.numpy_name(),
        typestr: e.elem.typestr(e.order),
        itemsize,
        shape: e.shape.clone(),
        strides: e.strides.clone(),
        c_contiguous: layout.is_c_contiguous(itemsize),
        f_contiguous: layout.is_f_contiguous(itemsize),
        shards: 1,
        stats,
    }
}

/// An inspector error as the Python exception a user expects: files that cannot be
/// opened are `OSError`s (`FileNotFoundError` for a missing one), allocation failures
/// `MemoryError`, bad axes `IndexError`-like `ValueError`s, the rest `ValueError`.
pub fn inspect_error(e: InspectError) -> PyErr {
    let text = e.to_string();
    if let InspectError::Read(io) = &e
        && let ndplay_io::IoError::Os { cause, .. } = io.innermost()
    {
        return match cause.kind() {
            std::io::ErrorKind::NotFound => pyo3::exceptions::PyFileNotFoundError::new_err(text),
            std::io::ErrorKind::PermissionDenied => {
                pyo3::exceptions::PyPermissionError::new_err(text)
            }
            _ => PyOSError::new_err(text),
        };
    }
    match &e {
        InspectError::OutOfMemory { .. } => PyMemoryError::new_err(text),
        InspectError::PartialIo { .. } => PyOSError::new_err(text),
        _ => PyValueError::new_err(text),
    }
}

/// Judgement options from the keyword arguments.
fn options(batch: Option<usize>, max_mb: f64) -> PyResult<Options> {
    if !(max_mb.is_finite() && max_mb >= 0.0) {
        return Err(PyValueError::new_err(format!(
            "max_mb={max_mb} is not a memory budget; give a number of MB (10**6 bytes) >= 0, \
             e.g. max_mb=512"
        )));
    }
    Ok(Options { batch, max_mb })
}

/// Where a report's data can be read again, for `axis_stats`.
enum Source {
    /// The object that exported the buffer (re-read at call time).
    Memory(Py<PyAny>),
    /// A tensor of a memory-mapped file.
    File(Arc<RawTensor>),
    /// Data that is not on this machine (a Dask array or shards), with the reason.
    Elsewhere(&'static str),
}

/// One tensor's report: see the module docs.
#[pyclass(name = "Report", module = "ndplay", frozen)]
pub struct PyReport {
    report: TensorReport,
    path: String,
    format: String,
    source: Source,
}

/// One signal's verdict.
#[pyclass(name = "Signal", module = "ndplay", frozen, get_all)]
pub struct PySignal {
    /// `shape`, `dtype`, `nan_inf`, `value_range`, `memory` or `contiguity`.
    name: String,
    /// `"ok"`, `"warn"` or `"fail"`.
    status: &'static str,
    /// What was found and, when not ok, what to do.
    detail: String,
}

#[pymethods]
impl PySignal {
    fn __repr__(&self) -> String {
        format!(
            "Signal({:?}, {:?}, {:?})",
            self.name, self.status, self.detail
        )
    }
}

fn value_to_py(py: Python<'_>, v: Option<Value>) -> PyResult<Py<PyAny>> {
    Ok(match v {
        None => py.None(),
        Some(Value::Int(i)) => i.into_pyobject(py)?.into_any().unbind(),
        Some(Value::UInt(u)) => u.into_pyobject(py)?.into_any().unbind(),
        Some(Value::Float(f)) => f.into_pyobject(py)?.into_any().unbind(),
    })
}

fn json_loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

#[pymethods]
impl PyReport {
    /// The tensor's name (`name=` of `inspect`, the member of an `.npz`), or `None`.
    #[getter]
    fn name(&self) -> Option<String> {
        self.report.name.clone()
    }
    /// The file the tensor came from (`"<memory>"` for an in-memory array).
    #[getter]
    fn path(&self) -> String {
        self.path.clone()
    }
    /// `npy`, `npz`, `safetensors`, `csv`, `memory` or `dask`.
    #[getter]
    fn format(&self) -> String {
        self.format.clone()
    }
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.report.shape)
    }
    /// NumPy's dtype name (`"float32"`; `"bfloat16"`).
    #[getter]
    fn dtype(&self) -> String {
        self.report.dtype.clone()
    }
    /// NumPy's `dtype.str`, byte order included (`"<f4"`, `">i2"`).
    #[getter]
    fn typestr(&self) -> String {
        self.report.typestr.clone()
    }
    #[getter]
    fn itemsize(&self) -> usize {
        self.report.itemsize
    }
    #[getter]
    fn size(&self) -> u64 {
        self.report.size
    }
    #[getter]
    fn nbytes(&self) -> u64 {
        self.report.nbytes
    }
    /// Byte strides, as `x.strides`.
    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.report.strides)
    }
    #[getter]
    fn c_contiguous(&self) -> bool {
        self.report.c_contiguous
    }
    #[getter]
    fn f_contiguous(&self) -> bool {
        self.report.f_contiguous
    }
    #[getter]
    fn nan_count(&self) -> u64 {
        self.report.nan_count
    }
    #[getter]
    fn posinf_count(&self) -> u64 {
        self.report.posinf_count
    }
    #[getter]
    fn neginf_count(&self) -> u64 {
        self.report.neginf_count
    }
    #[getter]
    fn finite_count(&self) -> u64 {
        self.report.finite_count
    }
    #[getter]
    fn zero_count(&self) -> u64 {
        self.report.zero_count
    }
    /// Smallest finite value (an exact `int` for integer dtypes), `None` if none.
    #[getter]
    fn min(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        value_to_py(py, self.report.finite_min)
    }
    /// Largest finite value, `None` if none.
    #[getter]
    fn max(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        value_to_py(py, self.report.finite_max)
    }
    /// Mean of the finite values, `None` if none.
    #[getter]
    fn mean(&self) -> Option<f64> {
        self.report.mean
    }
    /// Population standard deviation (`ddof=0`) of the finite values, `None` if none.
    #[getter]
    fn std(&self) -> Option<f64> {
        self.report.std
    }
    /// Shards merged into this report (1 for one array or file).
    #[getter]
    fn shards(&self) -> u64 {
        self.report.shards
    }
    /// The worst signal: `"ok"`, `"warn"` or `"fail"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.report.status.as_str()
    }
    /// Whether no signal fails.
    #[getter]
    fn ok(&self) -> bool {
        self.report.status != Status::Fail
    }
    /// The six signals by name, in report order.
    #[getter]
    fn signals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for s in &self.report.signals {
            let sig = PySignal {
                name: s.name.clone(),
                status: s.status.as_str(),
                detail: s.detail.clone(),
            };
            d.set_item(&s.name, Py::new(py, sig)?)?;
        }
        Ok(d)
    }
    /// The non-empty bins of the log2-magnitude histogram: `(lo, hi, count)` tuples by
    /// value (`lo`/`hi` are `-inf`/`inf` for the outermost bins).
    #[getter]
    fn histogram<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self
            .report
            .histogram
            .iter()
            .map(|b| {
                (
                    b.lo.unwrap_or(f64::NEG_INFINITY),
                    b.hi.unwrap_or(f64::INFINITY),
                    b.count,
                )
            })
            .collect::<Vec<_>>();
        PyList::new(py, rows)
    }

    /// The tensor's object of `ndplay inspect --json`'s contract (`files[i].tensors[j]`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, &self.to_json())
    }

    /// [`to_dict`](Self::to_dict) as JSON text.
    fn to_json(&self) -> String {
        // Plain data with finite floats: serialising cannot fail.
        serde_json::to_string(&self.report).unwrap_or_default()
    }

    /// The lesson's `compute_axis_stats`: mean, std, min, max (of the finite values)
    /// and NaN count along `axis`, read from the data again (an in-memory array is
    /// copied once, in C order; a file is read from its memory map).
    fn axis_stats(&self, py: Python<'_>, axis: isize) -> PyResult<PyAxisStats> {
        let raw: Arc<RawTensor> = match &self.source {
            Source::Memory(obj) => {
                let (_, e) = export(obj.bind(py))?;
                Arc::new(py.detach(|| e.to_raw_c_order()).map_err(inspect_error)?)
            }
            Source::File(t) => t.clone(),
            Source::Elsewhere(why) => {
                return Err(PyNotImplementedError::new_err(format!(
                    "axis_stats of this report: {why}"
                )));
            }
        };
        let stats = py
            .detach(|| {
                let a = ndplay_inspect::to_array(&raw)?;
                compute_axis_stats(&a, axis)
            })
            .map_err(inspect_error)?;
        Ok(PyAxisStats { stats })
    }

    /// One line in lovely-numpy's style.
    fn __repr__(&self) -> String {
        render::one_line(&self.report)
    }

    /// The CLI's block for this tensor.
    fn __str__(&self) -> String {
        render::tensor_block(&self.report, render::Style { color: false })
    }

    /// Jupyter's rich display.
    fn _repr_html_(&self) -> String {
        render::html(&self.report)
    }
}

/// Per-axis statistics: `mean`, `std`, `min`, `max` (float64) and `nan_count` (int64),
/// each of `shape` (the input's shape without `axis`), as NumPy arrays when NumPy is
/// installed and as `ndplay.numpy` arrays otherwise.
#[pyclass(name = "AxisStats", module = "ndplay", frozen)]
pub struct PyAxisStats {
    stats: AxisStats,
}

/// `values` (C order) as an array of `shape`: NumPy's when it is installed.
fn to_ndarray<'py>(
    py: Python<'py>,
    values: &[f64],
    dtype: &str,
    shape: &[usize],
) -> PyResult<Bound<'py, PyAny>> {
    match py.import("numpy") {
        Ok(np) if np.hasattr("frombuffer")? => {
            let bytes: Vec<u8> = if dtype == "int64" {
                values
                    .iter()
                    .flat_map(|v| (*v as i64).to_ne_bytes())
                    .collect()
            } else {
                values.iter().flat_map(|v| v.to_ne_bytes()).collect()
            };
            let b = pyo3::types::PyBytes::new(py, &bytes);
            np.call_method1("frombuffer", (b, dtype))?
                .call_method1("reshape", (PyTuple::new(py, shape)?,))?
                .call_method0("copy")
        }
        _ => {
            let np = crate::numpy_module(py)?;
            let list = PyList::new(py, values)?;
            np.call_method1("array", (list, dtype))?
                .call_method1("reshape", (PyTuple::new(py, shape)?,))
        }
    }
}

#[pymethods]
impl PyAxisStats {
    /// The reduced axis (normalised to `0..ndim`).
    #[getter]
    fn axis(&self) -> usize {
        self.stats.axis
    }
    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.stats.shape)
    }
    #[getter]
    fn mean<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_ndarray(py, &self.stats.mean, "float64", &self.stats.shape)
    }
    #[getter]
    fn std<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_ndarray(py, &self.stats.std, "float64", &self.stats.shape)
    }
    #[getter]
    fn min<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_ndarray(py, &self.stats.min, "float64", &self.stats.shape)
    }
    #[getter]
    fn max<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_ndarray(py, &self.stats.max, "float64", &self.stats.shape)
    }
    #[getter]
    fn nan_count<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let counts: Vec<f64> = self.stats.nan_count.iter().map(|&c| c as f64).collect();
        to_ndarray(py, &counts, "int64", &self.stats.shape)
    }

    /// The statistics as plain Python lists (NaN for lanes with no finite value), as the
    /// playground's `/api/axis-stats` sends them.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("axis", self.stats.axis)?;
        d.set_item("shape", PyTuple::new(py, &self.stats.shape)?)?;
        d.set_item("mean", &self.stats.mean)?;
        d.set_item("std", &self.stats.std)?;
        d.set_item("min", &self.stats.min)?;
        d.set_item("max", &self.stats.max)?;
        d.set_item("nan_count", &self.stats.nan_count)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let shape: Vec<String> = self.stats.shape.iter().map(|d| d.to_string()).collect();
        format!(
            "AxisStats(axis={}, shape=({}{}), mean, std, min, max, nan_count)",
            self.stats.axis,
            shape.join(", "),
            if shape.len() == 1 { "," } else { "" }
        )
    }
}

fn memory_file(summary: TensorSummary) -> FileSummary {
    FileSummary {
        path: MEMORY_PATH.to_string(),
        format: "memory".to_string(),
        tensors: vec![summary],
        shards: Vec::new(),
    }
}

/// The reports of a file summary's tensors, with their sources.
fn reports_of(
    summary: &FileSummary,
    options: &Options,
    sources: impl Fn(usize) -> Source,
) -> Vec<PyReport> {
    let report = Report::build(std::slice::from_ref(summary), options);
    report
        .files
        .into_iter()
        .flat_map(|f| f.tensors)
        .enumerate()
        .map(|(i, t)| PyReport {
            report: t,
            path: summary.path.clone(),
            format: summary.format.clone(),
            source: sources(i),
        })
        .collect()
}

/// `ndplay.inspect(x, *, name=None, batch=None, max_mb=4000.0)`: the report of one
/// in-memory array.
#[pyfunction]
#[pyo3(signature = (x, *, name = None, batch = None, max_mb = ndplay_inspect::report::DEFAULT_MAX_MB))]
fn inspect(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    name: Option<String>,
    batch: Option<usize>,
    max_mb: f64,
) -> PyResult<PyReport> {
    let options = options(batch, max_mb)?;
    let (summary, source) = summary_of(py, x, name)?;
    let mut reports = reports_of(&memory_file(summary), &options, |_| match &source {
        Source::Memory(obj) => Source::Memory(obj.clone_ref(py)),
        Source::File(t) => Source::File(t.clone()),
        Source::Elsewhere(why) => Source::Elsewhere(why),
    });
    Ok(reports.remove(0))
}

/// The summary of an in-memory array and where to read it again: `ndplay.numpy`'s own
/// arrays through the engine, everything else through its buffer.
fn summary_of(
    py: Python<'_>,
    x: &Bound<'_, PyAny>,
    name: Option<String>,
) -> PyResult<(TensorSummary, Source)> {
    if let Ok(nd) = x.cast::<crate::PyNdarray>() {
        let a = nd.borrow().a.clone();
        let raw = ndplay_inspect::to_raw(&a).map_err(inspect_error)?;
        let mut t = py.detach(|| ndplay_inspect::summary::summarize_tensor(&raw, &|_| {}));
        t.name = name;
        t.strides = a.strides().to_vec();
        let flags = a.flags();
        t.c_contiguous = flags.c_contiguous;
        t.f_contiguous = flags.f_contiguous;
        return Ok((t, Source::File(Arc::new(raw))));
    }
    let (exporter, e) = export(x)?;
    let summary = summarize(py, &e, name);
    Ok((summary, Source::Memory(exporter.unbind())))
}

/// Reads and summarises files (memory-mapped), without the GIL.
fn read_files(
    py: Python<'_>,
    paths: &[String],
) -> PyResult<Vec<(FileSummary, ndplay_io::TensorFile)>> {
    py.detach(|| {
        paths
            .iter()
            .map(|p| ndplay_inspect::inspect_file(std::path::Path::new(p), &|_| {}))
            .collect::<Result<Vec<_>, _>>()
    })
    .map_err(inspect_error)
}

/// `ndplay.inspect_files(*paths, batch=None, max_mb=4000.0, merge=False)`: the reports of
/// every tensor of the files, in order; with `merge=True` the files are shards of one
/// dataset (the CLI's `--merge`).
#[pyfunction]
#[pyo3(signature = (*paths, batch = None, max_mb = ndplay_inspect::report::DEFAULT_MAX_MB, merge = false))]
fn inspect_files(
    py: Python<'_>,
    paths: Vec<std::path::PathBuf>,
    batch: Option<usize>,
    max_mb: f64,
    merge: bool,
) -> PyResult<Vec<PyReport>> {
    let options = options(batch, max_mb)?;
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let files = read_files(py, &paths)?;
    if merge {
        let summaries: Vec<FileSummary> = files.iter().map(|(s, _)| s.clone()).collect();
        let merged = merge_files(&summaries).map_err(inspect_error)?;
        return Ok(reports_of(&merged, &options, |_| {
            Source::Elsewhere(
                "the report merges several shards; call axis_stats on one file's report \
                 (ndplay.inspect_files(path))",
            )
        }));
    }
    let mut out = Vec::new();
    for (summary, file) in files {
        let tensors: Vec<Arc<RawTensor>> = file.tensors.into_iter().map(Arc::new).collect();
        out.extend(reports_of(&summary, &options, |i| {
            Source::File(tensors[i].clone())
        }));
    }
    Ok(out)
}

// ----------------------------------------------------------------------------------
// Partial states: what the Dask path moves between workers
// ----------------------------------------------------------------------------------

/// The partial state of one in-memory array, as `ndplay inspect --partial` writes it,
/// with the array flattened to 1-D so that the chunks of an n-d grid concatenate.
#[pyfunction]
fn _partial_of_array(py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<String> {
    let (mut t, _) = summary_of(py, x, None)?;
    let n = t.stats.count as usize;
    t.shape = vec![n];
    t.strides = vec![t.itemsize as isize];
    t.c_contiguous = true;
    t.f_contiguous = true;
    Ok(Partial::new(memory_file(t)).to_json())
}

/// The partial state of files read as shards of one dataset (`ndplay inspect
/// --partial FILE...`).
#[pyfunction]
fn _partial_of_files(py: Python<'_>, paths: Vec<String>) -> PyResult<String> {
    let files = read_files(py, &paths)?;
    let summaries: Vec<FileSummary> = files.into_iter().map(|(s, _)| s).collect();
    let merged = merge_files(&summaries).map_err(inspect_error)?;
    Ok(Partial::new(merged).to_json())
}

fn parse_partial(text: &str) -> PyResult<Partial> {
    Partial::from_json(std::path::Path::new("<partial state>"), text).map_err(inspect_error)
}

/// Merges partial states in order (`ndplay inspect --combine`).
#[pyfunction]
fn _combine_partials(parts: Vec<String>) -> PyResult<String> {
    let summaries = parts
        .iter()
        .map(|p| parse_partial(p).map(|p| p.summary))
        .collect::<PyResult<Vec<_>>>()?;
    let merged = merge_files(&summaries).map_err(inspect_error)?;
    Ok(Partial::new(merged).to_json())
}

/// The reports of a combined partial state. For a Dask array (`shape` given) the one
/// tensor takes the array's shape, with the strides and flags of its computed (C-order)
/// form.
#[pyfunction]
#[pyo3(signature = (text, *, shape = None, name = None, batch = None, max_mb = ndplay_inspect::report::DEFAULT_MAX_MB))]
fn _reports_of_partial(
    text: &str,
    shape: Option<Vec<usize>>,
    name: Option<String>,
    batch: Option<usize>,
    max_mb: f64,
) -> PyResult<Vec<PyReport>> {
    let options = options(batch, max_mb)?;
    let mut summary = parse_partial(text)?.summary;
    if let Some(shape) = shape {
        let [t] = summary.tensors.as_mut_slice() else {
            return Err(PyValueError::new_err(
                "a Dask array's partial state holds one tensor",
            ));
        };
        let size: u64 = shape.iter().map(|&d| d as u64).product();
        if size != t.stats.count {
            return Err(PyValueError::new_err(format!(
                "the chunks hold {} elements but the array's shape {shape:?} has {size}",
                t.stats.count
            )));
        }
        t.strides = numpy_strides(&shape, t.itemsize, false);
        let layout = Layout::new(shape.clone(), t.strides.clone(), 0);
        t.c_contiguous = layout.is_c_contiguous(t.itemsize);
        t.f_contiguous = layout.is_f_contiguous(t.itemsize);
        t.shape = shape;
        t.name = name;
        summary.path = "dask.array".to_string();
        summary.format = "dask".to_string();
    }
    Ok(reports_of(&summary, &options, |_| {
        Source::Elsewhere(
            "the data is spread over Dask's workers; compute per-axis statistics with Dask \
             (x.mean(axis=...)), or inspect one shard's file with ndplay.inspect_files",
        )
    }))
}

/// Adds the inspector's functions and classes to the package's native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyReport>()?;
    m.add_class::<PySignal>()?;
    m.add_class::<PyAxisStats>()?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(inspect_files, m)?)?;
    m.add_function(wrap_pyfunction!(_partial_of_array, m)?)?;
    m.add_function(wrap_pyfunction!(_partial_of_files, m)?)?;
    m.add_function(wrap_pyfunction!(_combine_partials, m)?)?;
    m.add_function(wrap_pyfunction!(_reports_of_partial, m)?)?;
    Ok(())
}
