//! [`to_array`]: a [`RawTensor`] from a file as an engine [`Array`], without copying when
//! the bytes can be used as they are.
//!
//! | stored as | the array |
//! |---|---|
//! | native byte order (little-endian here), or one-byte types | **zero-copy**: a read-only view of the memory-mapped (or owned) bytes, C or Fortran strides as stored |
//! | the other byte order | an owned, byteswapped copy in the same memory order |
//! | `bfloat16` (safetensors) | widened to `float32` (exact: a bfloat16 is the top half of a float32), as NumPy has no bfloat16 |
//! | `<U n` strings | `<U n` (zero-copy when native-endian) |
//!
//! Arrays from files are read-only, like `np.load(path, mmap_mode='r')`: write through a
//! `.copy()`.
//!
//! [`to_raw`] goes the other way: an array's elements as a native-endian tensor, ready for
//! `ndplay_io::npy::write` (`np.save`) or the console worker's pipe. These two functions
//! are the one bridge between file tensors and engine arrays; the CLI, the server and
//! the Python module all use them.
//!
//! ```
//! use ndplay_inspect::to_array;
//! use ndplay_io::{ByteOrder, ElemType, RawTensor};
//!
//! // [[1, 2], [3, 4]] as big-endian int16 in Fortran order.
//! let t = RawTensor::new(ElemType::I16, ByteOrder::Big, vec![2, 2], true,
//!                        vec![0, 1, 0, 3, 0, 2, 0, 4].into())?;
//! let a = to_array(&t)?;
//! assert_eq!(a.to_vec::<i16>(), vec![1, 2, 3, 4]);
//! assert!(a.flags().f_contiguous && !a.flags().writeable);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use ndplay_core::storage::ExternalBytes;
use ndplay_core::{Array, DType, Layout};
use ndplay_io::{ByteOrder, ElemType, RawTensor, TensorBytes};

use crate::error::{InspectError, tensor_label};

/// A tensor's file bytes (memory-mapped or owned) as engine storage.
struct FileBytes(TensorBytes);

impl ExternalBytes for FileBytes {
    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// The engine dtype a stored element type becomes (`bfloat16` becomes `float32`).
pub fn engine_dtype(elem: ElemType) -> DType {
    match elem {
        ElemType::Bool => DType::Bool,
        ElemType::I8 => DType::Int8,
        ElemType::I16 => DType::Int16,
        ElemType::I32 => DType::Int32,
        ElemType::I64 => DType::Int64,
        ElemType::U8 => DType::UInt8,
        ElemType::U16 => DType::UInt16,
        ElemType::U32 => DType::UInt32,
        ElemType::U64 => DType::UInt64,
        ElemType::F16 => DType::Float16,
        ElemType::BF16 | ElemType::F32 => DType::Float32,
        ElemType::F64 => DType::Float64,
        ElemType::C64 => DType::Complex64,
        ElemType::C128 => DType::Complex128,
        ElemType::Unicode(n) => DType::Str(n),
    }
}

/// The stored element type of an engine dtype: the inverse of [`engine_dtype`] (a
/// `float32` is stored as `F32`, never as `bfloat16`).
///
/// # Errors
/// `NotNumeric` for a structured or object dtype: tensor files hold one element type, so records
/// are inspected field by field (`a['x']`).
pub fn elem_type(d: DType) -> Result<ElemType, InspectError> {
    Ok(match d {
        DType::Bool => ElemType::Bool,
        DType::Int8 => ElemType::I8,
        DType::Int16 => ElemType::I16,
        DType::Int32 => ElemType::I32,
        DType::Int64 => ElemType::I64,
        DType::UInt8 => ElemType::U8,
        DType::UInt16 => ElemType::U16,
        DType::UInt32 => ElemType::U32,
        DType::UInt64 => ElemType::U64,
        DType::Float16 => ElemType::F16,
        DType::Float32 => ElemType::F32,
        DType::Float64 => ElemType::F64,
        DType::Complex64 => ElemType::C64,
        DType::Complex128 => ElemType::C128,
        DType::Str(n) => ElemType::Unicode(n),
        DType::Record(_) => {
            return Err(InspectError::NotNumeric {
                op: "inspecting a structured array as one tensor",
                dtype: d.name(),
            });
        }
        DType::Object => {
            return Err(InspectError::NotNumeric {
                op: "inspecting an array of Python objects as a tensor",
                dtype: d.name(),
            });
        }
    })
}

/// The tensor as an array; see the module docs for when this copies.
pub fn to_array(t: &RawTensor) -> Result<Array, InspectError> {
    let dtype = engine_dtype(t.elem);
    let layout = if t.fortran_order {
        Layout::f_contiguous(&t.shape, dtype.itemsize())
    } else {
        Layout::c_contiguous(&t.shape, dtype.itemsize())
    };
    let order = t.elem.effective_order(t.byte_order);
    let swap = t.elem.has_byte_order() && order != ByteOrder::NATIVE;
    let bytes: Arc<dyn ExternalBytes> = if t.elem == ElemType::BF16 {
        Arc::new(widen_bf16(t.data.as_bytes(), order == ByteOrder::Big))
    } else if swap {
        Arc::new(byteswapped(t.data.as_bytes(), t.elem.swap_unit()))
    } else {
        Arc::new(FileBytes(t.data.clone()))
    };
    Array::from_external(bytes, layout, dtype).map_err(|source| InspectError::Engine {
        op: "wrapping the file's bytes as an array",
        tensor: tensor_label(t.name.as_deref()),
        shape: t.shape.clone(),
        source: Box::new(source),
    })
}

/// The native-endian bytes of `a` as a tensor NumPy can read: Fortran order for an
/// F-contiguous array (as `np.save` writes it), C order otherwise. Copies the elements.
///
/// ```
/// use ndplay_core::Array;
/// let a = Array::from_vec(vec![1i16, 2, 3, 4, 5, 6], &[2, 3])?.t(); // F-contiguous
/// let t = ndplay_inspect::convert::to_raw(&a)?;
/// assert!(t.fortran_order && t.shape == [3, 2]);
/// assert_eq!(ndplay_inspect::to_array(&t)?.to_vec::<i16>(), a.to_vec::<i16>());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_raw(a: &Array) -> Result<RawTensor, InspectError> {
    let flags = a.flags();
    let fortran = flags.f_contiguous && !flags.c_contiguous;
    // The transpose of an F-contiguous array is C-contiguous over the same bytes.
    let c = if fortran {
        a.t()
    } else {
        a.as_c_contiguous().map_err(|source| InspectError::Engine {
            op: "a C-ordered copy",
            tensor: "<array>".into(),
            shape: a.shape().to_vec(),
            source: Box::new(source),
        })?
    };
    let elem = elem_type(c.dtype())?;
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

/// Native-endian `float32` bytes of `bfloat16` values.
fn widen_bf16(bytes: &[u8], big: bool) -> Vec<u8> {
    let (pairs, _) = bytes.as_chunks::<2>();
    pairs
        .iter()
        .flat_map(|&p| {
            let bits = if big {
                u16::from_be_bytes(p)
            } else {
                u16::from_le_bytes(p)
            };
            f32::from_bits(u32::from(bits) << 16).to_ne_bytes()
        })
        .collect()
}

/// A copy of `bytes` with every `unit`-byte group reversed.
fn byteswapped(bytes: &[u8], unit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if unit > 1 {
        for group in out.chunks_exact_mut(unit) {
            group.reverse();
        }
    }
    out
}

/// The strides NumPy reports for a tensor loaded from a file (`np.load(f).strides`):
/// C or Fortran strides as stored; for an empty tensor NumPy gives C strides computed
/// with each zero-length axis counted as 1, whatever the stored order.
pub fn numpy_strides(shape: &[usize], itemsize: usize, fortran: bool) -> Vec<isize> {
    let empty = shape.contains(&0);
    let mut strides = vec![0isize; shape.len()];
    let mut acc = itemsize as isize;
    let mut assign = |axis: usize| {
        strides[axis] = acc;
        acc = acc.saturating_mul(shape[axis].max(1) as isize);
    };
    if fortran && !empty {
        (0..shape.len()).for_each(&mut assign);
    } else {
        (0..shape.len()).rev().for_each(&mut assign);
    }
    strides
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_strides_follow_np_load() {
        assert_eq!(numpy_strides(&[2, 3], 8, false), vec![24, 8]);
        assert_eq!(numpy_strides(&[2, 3], 8, true), vec![8, 16]);
        assert_eq!(numpy_strides(&[0, 3], 4, true), vec![12, 4]);
        assert_eq!(numpy_strides(&[2, 0, 4], 4, false), vec![16, 16, 4]);
        assert_eq!(numpy_strides(&[], 8, false), Vec::<isize>::new());
    }

    #[test]
    fn native_data_is_not_copied() {
        let t = RawTensor::from_vec(
            ElemType::F32,
            vec![2],
            [1f32, 2.0].iter().flat_map(|x| x.to_ne_bytes()).collect(),
        )
        .unwrap();
        let a = to_array(&t).unwrap();
        let storage_addr = a.storage().address();
        assert_eq!(storage_addr, t.data.as_bytes().as_ptr() as usize);
        assert_eq!(a.to_vec::<f32>(), vec![1.0, 2.0]);
    }

    #[test]
    fn bf16_widens_exactly() {
        let bits: Vec<u8> = [0x3f80u16, 0xc000, 0x7fc0]
            .iter()
            .flat_map(|b| b.to_le_bytes())
            .collect();
        let t = RawTensor::new(
            ElemType::BF16,
            ByteOrder::Little,
            vec![3],
            false,
            bits.into(),
        )
        .unwrap();
        let a = to_array(&t).unwrap();
        assert_eq!(a.dtype(), DType::Float32);
        let v = a.to_vec::<f32>();
        assert_eq!(&v[..2], &[1.0, -2.0]);
        assert!(v[2].is_nan());
    }

    #[test]
    fn big_endian_strings_are_swapped_per_character() {
        let t = RawTensor::new(
            ElemType::Unicode(2),
            ByteOrder::Big,
            vec![1],
            false,
            vec![0, 0, 0, b'h', 0, 0, 0, b'i'].into(),
        )
        .unwrap();
        assert_eq!(to_array(&t).unwrap().to_strings(), vec!["hi".to_string()]);
    }
}
