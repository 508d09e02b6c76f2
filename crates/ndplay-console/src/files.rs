//! `np.save`, `np.savez`, `np.load` for the console: arrays to and from `.npy`/`.npz`
//! through `ndplay-io`, so a learner's files open in real NumPy and the other way round.

use std::path::Path;
use std::sync::Arc;

use ndplay_core::{Array, DType, Layout, Order};
use ndplay_io::{ByteOrder, ElemType, RawTensor};

/// Why a save or load failed.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file layer refused (missing file, bad header, hostile bytes...).
    #[error("{0}")]
    Io(#[from] ndplay_io::IoError),
    /// The engine refused to build the array the file describes.
    #[error("{0}")]
    Engine(#[from] ndplay_core::Error),
    /// An element type the engine has no dtype for (e.g. `bfloat16` in a `.npy`).
    #[error("cannot load {0}: the engine has no such dtype")]
    Unsupported(String),
}

impl FileError {
    /// The Python exception type the console raises.
    pub fn py_type(&self) -> &'static str {
        match self {
            FileError::Io(ndplay_io::IoError::Os { cause, .. })
                if cause.kind() == std::io::ErrorKind::NotFound =>
            {
                "FileNotFoundError"
            }
            FileError::Io(ndplay_io::IoError::InFile { inner, .. }) if matches!(&**inner, ndplay_io::IoError::Os { cause, .. } if cause.kind() == std::io::ErrorKind::NotFound) => {
                "FileNotFoundError"
            }
            _ => "ValueError",
        }
    }
}

/// What `np.load` found: one array (`.npy`) or named members (`.npz`).
#[derive(Debug)]
pub enum Loaded {
    /// A `.npy` file.
    One(Array),
    /// An `.npz` archive, members in file order.
    Many(Vec<(String, Array)>),
}

/// The native-endian bytes of `a` as a tensor NumPy can read: Fortran order for an
/// F-contiguous array (as `np.save` writes it), C order otherwise.
fn to_raw(a: &Array) -> Result<RawTensor, FileError> {
    let flags = a.flags();
    let fortran = flags.f_contiguous && !flags.c_contiguous;
    // The transpose of an F-contiguous array is C-contiguous over the same bytes.
    let c = if fortran { a.t() } else { a.as_c_contiguous() };
    let (elem, _) = ElemType::from_typestr(&c.dtype().typestr())?;
    let start = c.layout().offset();
    let bytes = c.storage().read()[start..start + c.nbytes()].to_vec();
    Ok(RawTensor::new(
        elem,
        ByteOrder::NATIVE,
        a.shape().to_vec(),
        fortran,
        bytes.into(),
    )?)
}

/// A writeable array holding a copy of the tensor's elements.
fn from_raw(t: &RawTensor) -> Result<Array, FileError> {
    let native = ByteOrder::NATIVE;
    let dtype = DType::parse(&t.elem.typestr(native))
        .ok_or_else(|| FileError::Unsupported(t.elem.numpy_name()))?;
    let mut bytes = t.data.as_bytes().to_vec();
    let unit = t.elem.swap_unit();
    if t.elem.has_byte_order() && t.elem.effective_order(t.byte_order) != native && unit > 1 {
        bytes.chunks_exact_mut(unit).for_each(<[u8]>::reverse);
    }
    let layout = if t.fortran_order {
        Layout::f_contiguous(&t.shape, dtype.itemsize())
    } else {
        Layout::c_contiguous(&t.shape, dtype.itemsize())
    };
    let order = if t.fortran_order { Order::F } else { Order::C };
    Ok(Array::from_external(Arc::new(bytes), layout, dtype)?.copy(order))
}

/// `np.save(path, a)`.
pub fn save(path: &Path, a: &Array) -> Result<(), FileError> {
    Ok(ndplay_io::npy::write(path, &to_raw(a)?)?)
}

/// `np.savez(path, **named)` (or `savez_compressed`).
pub fn savez(path: &Path, members: &[(String, Array)], compressed: bool) -> Result<(), FileError> {
    let raws: Vec<(String, RawTensor)> = members
        .iter()
        .map(|(n, a)| Ok((n.clone(), to_raw(a)?)))
        .collect::<Result<_, FileError>>()?;
    let refs: Vec<(&str, &RawTensor)> = raws.iter().map(|(n, t)| (n.as_str(), t)).collect();
    Ok(ndplay_io::npz::write(path, &refs, compressed)?)
}

/// `np.load(path)`.
pub fn load(path: &Path) -> Result<Loaded, FileError> {
    let file = ndplay_io::read_path(path)?;
    if path.extension().is_some_and(|e| e == "npz") {
        let members = file
            .tensors
            .iter()
            .map(|t| Ok((t.name.clone().unwrap_or_default(), from_raw(t)?)))
            .collect::<Result<_, FileError>>()?;
        return Ok(Loaded::Many(members));
    }
    match file.tensors.first() {
        Some(t) => Ok(Loaded::One(from_raw(t)?)),
        None => Ok(Loaded::Many(Vec::new())),
    }
}
