//! Arrays of Python objects (`dtype=object`): what the engine knows about them.
//!
//! The engine has no Python in it. An element of an object array is an 8-byte *handle*
//! that the Python binding hands out for an object it keeps alive; handle `0` is the
//! binding's integer `0`, so zeroed storage is an array of zeros, as `np.zeros(3,
//! dtype=object)` is in NumPy (and the zeros the engine fills in itself, such as
//! `np.diag`'s off-diagonal, are right). The engine moves handles like any other bytes: views share
//! them, copies, `take`, `concatenate` and reshapes copy them. Everything that would need
//! the objects themselves (arithmetic, sorting, printing the values) belongs to the
//! binding; the engine's numeric paths refuse object arrays with `NotImplementedError`.
//!
//! Because handles are copied freely, nobody can count references to them at each copy.
//! Instead every storage allocated for an object array is registered here, and the
//! binding collects handles the way a tracing collector does: it marks every handle still
//! found in a live registered storage ([`for_each_live_handle`]) and frees the rest.
//!
//! ```
//! use ndplay_core::{DType, IndexItem, objects};
//! use ndplay_core::layout::SliceArg;
//! let a = objects::from_handles(&[7, 0, 9], &[3])?;
//! assert_eq!(a.dtype(), DType::Object);
//! let b = a.index(&[IndexItem::Slice(SliceArg { start: Some(1), stop: None, step: 1 })])?; // a view
//! assert_eq!(objects::handles(&b)?, vec![0, 9]);
//! let mut seen = Vec::new();
//! objects::for_each_live_handle(|h| seen.push(h));
//! assert!(seen.contains(&7) && seen.contains(&9));
//! # Ok::<(), ndplay_core::Error>(())
//! ```

use std::sync::{Arc, Mutex, OnceLock, Weak};

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::storage::Storage;

/// How the binding turns values into objects and objects into values, for the casts the
/// engine itself makes (`np.concatenate` of an object and an int array, `astype`,
/// assignment of numbers into an object array).
pub struct Converters {
    /// A handle for a Python object made from a value (an int64 `3` becomes Python `3`).
    pub from_scalar: fn(&Scalar) -> Result<u64>,
    /// The object behind a handle as a value of a numeric or string dtype (Python's
    /// `float(x)`, `int(x)`, ...), or the error Python raised.
    pub to_scalar: fn(u64, DType) -> Result<Scalar>,
}

static CONVERTERS: OnceLock<Converters> = OnceLock::new();

/// Installs the binding's [`Converters`] (once per process; later calls are ignored).
pub fn set_converters(c: Converters) {
    let _ = CONVERTERS.set(c);
}

/// Copies `src` (already laid out as `dst`'s shape) into `dst` when exactly one of them
/// is an object array, converting through the binding.
pub(crate) fn copy_converting(dst: &Array, src: &Array) -> Result<()> {
    let refuse = |what: &str| Error::records_not_implemented(what, DType::Object);
    let conv = CONVERTERS
        .get()
        .ok_or_else(|| refuse("converting objects without the Python binding"))?;
    if src.dtype().is_record() || dst.dtype().is_record() {
        return Err(refuse("casting between records and objects"));
    }
    if dst.dtype().is_object() {
        let handles: Vec<u64> = src
            .to_scalars()
            .iter()
            .map(conv.from_scalar)
            .collect::<Result<_>>()?;
        return write_handles(dst, &handles);
    }
    let values: Vec<Scalar> = handles(src)?
        .into_iter()
        .map(|h| (conv.to_scalar)(h, dst.dtype()))
        .collect::<Result<_>>()?;
    let offsets = dst.element_offsets();
    let item = dst.itemsize();
    let mut bytes = dst.storage().write()?;
    for (o, v) in offsets.into_iter().zip(&values) {
        crate::array::write_scalar(&mut bytes[o..o + item], dst.dtype(), v);
    }
    Ok(())
}

/// Every storage allocated for an object array that may still be alive.
static LIVE: Mutex<Vec<Weak<Storage>>> = Mutex::new(Vec::new());

/// Records `storage` as holding object handles (called when an object array is allocated).
pub(crate) fn register(storage: &Arc<Storage>) {
    let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
    // Drop the dead entries now and then so the list stays the size of what is alive.
    if live.len() >= 64 && live.len().is_power_of_two() {
        live.retain(|w| w.strong_count() > 0);
    }
    live.push(Arc::downgrade(storage));
}

/// Calls `f` with every handle stored in every object-array storage still alive (each
/// 8-byte word of the storage, whatever view of it is in use). Handles may repeat.
///
/// The storages are read one at a time under their read lock, so `f` must not write an
/// object array.
pub fn for_each_live_handle(mut f: impl FnMut(u64)) {
    let storages: Vec<Arc<Storage>> = {
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        live.retain(|w| w.strong_count() > 0);
        live.iter().filter_map(Weak::upgrade).collect()
    };
    for s in storages {
        let bytes = s.read();
        for word in bytes.chunks_exact(8) {
            let mut b = [0u8; 8];
            b.copy_from_slice(word);
            f(u64::from_ne_bytes(b));
        }
    }
}

/// An object array of `shape` holding `handles` in C order.
///
/// # Errors
/// `ValueError` when the number of handles does not match the shape; `MemoryError` when
/// it does not fit.
pub fn from_handles(handles: &[u64], shape: &[usize]) -> Result<Array> {
    let out = Array::try_zeros(shape, DType::Object)?;
    if out.size() != handles.len() {
        return Err(Error::Reshape {
            size: handles.len(),
            shape: shape.iter().map(|&d| d as isize).collect(),
        });
    }
    {
        let mut bytes = out.storage().write()?;
        for (word, h) in bytes.chunks_exact_mut(8).zip(handles) {
            word.copy_from_slice(&h.to_ne_bytes());
        }
    }
    Ok(out)
}

/// The handles of an object array (any view), in C order.
///
/// # Errors
/// `TypeError` when `a` is not an object array.
pub fn handles(a: &Array) -> Result<Vec<u64>> {
    if !a.dtype().is_object() {
        return Err(Error::type_error(
            format!("expected an object array, got dtype {}", a.dtype()),
            "this reads the Python objects of a dtype=object array",
        ));
    }
    let offsets = a.element_offsets();
    let bytes = a.storage().read();
    Ok(offsets
        .into_iter()
        .map(|o| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[o..o + 8]);
            u64::from_ne_bytes(b)
        })
        .collect())
}

/// Writes `handles` (C order) into the elements of the object array `dst` (any view,
/// writing through to what it views).
///
/// # Errors
/// `TypeError` when `dst` is not an object array, `ValueError` on a length mismatch or
/// a read-only array.
pub fn write_handles(dst: &Array, handles: &[u64]) -> Result<()> {
    if !dst.dtype().is_object() {
        return Err(Error::type_error(
            format!("expected an object array, got dtype {}", dst.dtype()),
            "this writes the Python objects of a dtype=object array",
        ));
    }
    if dst.size() != handles.len() {
        return Err(Error::Reshape {
            size: handles.len(),
            shape: dst.shape().iter().map(|&d| d as isize).collect(),
        });
    }
    dst.check_writeable("assignment")?;
    let offsets = dst.element_offsets();
    let mut bytes = dst.storage().write()?;
    for (o, h) in offsets.into_iter().zip(handles) {
        bytes[o..o + 8].copy_from_slice(&h.to_ne_bytes());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_and_views_keep_handles_visible_to_the_collector() {
        let a = from_handles(&[11, 12, 13, 14], &[2, 2]).unwrap();
        let t = a.t().copy(crate::Order::C).unwrap();
        assert_eq!(handles(&t).unwrap(), vec![11, 13, 12, 14]);
        drop(a);
        let mut seen = Vec::new();
        for_each_live_handle(|h| seen.push(h));
        assert!(seen.contains(&13), "the copy's storage is registered");
        write_handles(&t.index(&[crate::IndexItem::Int(0)]).unwrap(), &[5, 6]).unwrap();
        assert_eq!(handles(&t).unwrap(), vec![5, 6, 12, 14]);
    }

    #[test]
    fn numeric_paths_refuse_objects() {
        let a = from_handles(&[1, 2], &[2]).unwrap();
        assert_eq!(a.get(&[0]).unwrap_err().py_type(), "NotImplementedError");
        assert_eq!(a.sort(None).unwrap_err().py_type(), "NotImplementedError");
        let f = Array::from_f64s(&[1.0, 2.0]);
        assert!(crate::array::copy_into(&a, &f).is_err());
        assert!(handles(&f).is_err());
    }
}
