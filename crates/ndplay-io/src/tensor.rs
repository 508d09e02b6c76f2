//! [`RawTensor`]: a tensor as a file stores it (element type, byte order, shape, memory
//! order, bytes), and [`TensorBytes`], its cheaply clonable bytes.
//!
//! Readers return bytes exactly as the file has them: big-endian data stays big-endian
//! and Fortran-order data stays in Fortran order, so nothing is copied. The array engine
//! turns a `RawTensor` into an array; [`RawTensor::to_c_order_le_bytes`] is the plain
//! reference conversion.
//!
//! ```
//! use ndplay_io::{ByteOrder, ElemType, RawTensor};
//!
//! // A 2x2 int16 matrix [[1, 2], [3, 4]] stored big-endian in Fortran order.
//! let t = RawTensor::new(
//!     ElemType::I16,
//!     ByteOrder::Big,
//!     vec![2, 2],
//!     true,
//!     vec![0, 1, 0, 3, 0, 2, 0, 4].into(),
//! )?;
//! assert_eq!(t.element_count(), Some(4));
//! assert_eq!(t.typestr(), ">i2");
//! assert_eq!(t.to_c_order_le_bytes()?, [1, 0, 2, 0, 3, 0, 4, 0]);
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::fmt;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use memmap2::Mmap;

use crate::elem::{ByteOrder, ElemType};
use crate::error::IoError;

/// Bytes of a tensor: a range of a memory-mapped file, or owned bytes. Cloning is cheap
/// (an `Arc` clone); the mapping or buffer lives as long as any clone.
#[derive(Clone)]
pub struct TensorBytes {
    backing: Backing,
    start: usize,
    len: usize,
}

#[derive(Clone)]
enum Backing {
    Mapped(Arc<Mmap>),
    Owned(Arc<[u8]>),
}

impl TensorBytes {
    /// Owned bytes.
    pub fn from_vec(bytes: Vec<u8>) -> TensorBytes {
        let len = bytes.len();
        TensorBytes {
            backing: Backing::Owned(bytes.into()),
            start: 0,
            len,
        }
    }

    /// Shared owned bytes, without copying.
    pub fn from_arc(bytes: Arc<[u8]>) -> TensorBytes {
        let len = bytes.len();
        TensorBytes {
            backing: Backing::Owned(bytes),
            start: 0,
            len,
        }
    }

    /// The whole of a memory mapping.
    pub fn from_mmap(map: Arc<Mmap>) -> TensorBytes {
        let len = map.len();
        TensorBytes {
            backing: Backing::Mapped(map),
            start: 0,
            len,
        }
    }

    /// Memory-maps the file at `path` read-only (empty files give empty owned bytes).
    ///
    /// Like `np.load(mmap_mode='r')`, this assumes nobody modifies the file while the
    /// bytes are alive.
    pub fn map_path(path: impl AsRef<Path>) -> Result<TensorBytes, IoError> {
        let path = path.as_ref();
        crate::mmap::map_path(path).map_err(|e| e.in_file(path))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        let all: &[u8] = match &self.backing {
            Backing::Mapped(m) => m,
            Backing::Owned(v) => v,
        };
        // The constructors and `slice` keep start..start+len inside `all`.
        &all[self.start..self.start + self.len]
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the bytes are read in place from a memory-mapped file.
    pub fn is_mapped(&self) -> bool {
        matches!(self.backing, Backing::Mapped(_))
    }

    /// A sub-range sharing the same backing, or `None` if `range` is out of bounds or
    /// reversed.
    pub fn slice(&self, range: Range<usize>) -> Option<TensorBytes> {
        if range.start > range.end || range.end > self.len {
            return None;
        }
        Some(TensorBytes {
            backing: self.backing.clone(),
            start: self.start + range.start,
            len: range.end - range.start,
        })
    }
}

impl AsRef<[u8]> for TensorBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl From<Vec<u8>> for TensorBytes {
    fn from(bytes: Vec<u8>) -> TensorBytes {
        TensorBytes::from_vec(bytes)
    }
}

impl PartialEq for TensorBytes {
    fn eq(&self, other: &TensorBytes) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for TensorBytes {}

impl fmt::Debug for TensorBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_mapped() { "mapped" } else { "owned" };
        write!(f, "TensorBytes({kind}, {} bytes)", self.len)
    }
}

/// A tensor as stored in a file: no conversion has been applied to its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawTensor {
    /// The tensor's name in the file (`.npz` member without `.npy`, safetensors key),
    /// `None` for single-array files.
    pub name: Option<String>,
    /// Element type.
    pub elem: ElemType,
    /// Byte order of `data` (`NotApplicable` for one-byte element types).
    pub byte_order: ByteOrder,
    /// Shape; empty for a 0-D (scalar) tensor.
    pub shape: Vec<usize>,
    /// Whether `data` is in Fortran (column-major) order rather than C (row-major).
    pub fortran_order: bool,
    /// The elements' bytes, `element_count * itemsize` of them.
    pub data: TensorBytes,
}

impl RawTensor {
    /// A tensor from its parts, checking that `data` holds exactly the bytes the shape
    /// and element type need.
    pub fn new(
        elem: ElemType,
        byte_order: ByteOrder,
        shape: Vec<usize>,
        fortran_order: bool,
        data: TensorBytes,
    ) -> Result<RawTensor, IoError> {
        let t = RawTensor {
            name: None,
            elem,
            byte_order: elem.effective_order(byte_order),
            shape,
            fortran_order,
            data,
        };
        t.check()?;
        Ok(t)
    }

    /// A C-order tensor in the machine's native byte order from owned bytes.
    pub fn from_vec(
        elem: ElemType,
        shape: Vec<usize>,
        data: Vec<u8>,
    ) -> Result<RawTensor, IoError> {
        RawTensor::new(elem, ByteOrder::NATIVE, shape, false, data.into())
    }

    /// The same tensor with a name.
    pub fn with_name(mut self, name: impl Into<String>) -> RawTensor {
        self.name = Some(name.into());
        self
    }

    /// Number of elements (1 for 0-D), or `None` if the product overflows.
    pub fn element_count(&self) -> Option<usize> {
        self.shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
    }

    /// NumPy's typestr of the tensor (`arr.dtype.str`): `"<f8"`, `">i4"`, `"|b1"`.
    pub fn typestr(&self) -> String {
        self.elem.typestr(self.byte_order)
    }

    /// Checks that `data` holds exactly `element_count * itemsize` bytes.
    pub fn check(&self) -> Result<(), IoError> {
        let expected = self
            .element_count()
            .and_then(|n| n.checked_mul(self.elem.itemsize()));
        if expected != Some(self.data.len()) {
            return Err(IoError::DataLengthMismatch {
                shape: self.shape.iter().map(|&d| d as u64).collect(),
                dtype: self.elem.numpy_name(),
                expected: expected.map(|n| n as u64),
                actual: self.data.len() as u64,
            });
        }
        Ok(())
    }

    /// The elements in C order and little-endian byte order, as a new buffer.
    ///
    /// This is the plain reference conversion (one element at a time); it allocates
    /// exactly `data.len()` bytes, which [`RawTensor::check`] has tied to the shape.
    pub fn to_c_order_le_bytes(&self) -> Result<Vec<u8>, IoError> {
        self.check()?;
        let src = self.data.as_bytes();
        let item = self.elem.itemsize();
        let mut out = if self.fortran_order && self.shape.len() > 1 && item > 0 && !src.is_empty() {
            fortran_to_c(src, &self.shape, item)
        } else {
            src.to_vec()
        };
        let unit = self.elem.swap_unit();
        if self.byte_order == ByteOrder::Big && unit > 1 {
            for chunk in out.chunks_exact_mut(unit) {
                chunk.reverse();
            }
        }
        Ok(out)
    }
}

/// Reorders Fortran-order elements into C order. `src.len()` is the product of `shape`
/// times `item`, all nonzero.
fn fortran_to_c(src: &[u8], shape: &[usize], item: usize) -> Vec<u8> {
    // Fortran strides, in elements.
    let mut fstride = vec![0usize; shape.len()];
    let mut acc = 1usize;
    for (s, &d) in fstride.iter_mut().zip(shape) {
        *s = acc;
        acc *= d;
    }
    let mut out = Vec::with_capacity(src.len());
    let mut index = vec![0usize; shape.len()];
    let mut offset = 0usize; // Fortran offset of `index`, in elements
    loop {
        out.extend_from_slice(&src[offset * item..(offset + 1) * item]);
        // Advance the C-order odometer: last axis fastest.
        let mut axis = shape.len();
        loop {
            if axis == 0 {
                return out;
            }
            axis -= 1;
            index[axis] += 1;
            offset += fstride[axis];
            if index[axis] < shape[axis] {
                break;
            }
            offset -= fstride[axis] * index[axis];
            index[axis] = 0;
        }
    }
}

/// Number of data bytes a shape of `itemsize`-byte elements needs, with overflow
/// checked at every step.
pub(crate) fn data_len(shape: &[u64], itemsize: usize) -> Result<u64, IoError> {
    let overflow = || IoError::ShapeOverflow {
        shape: shape.to_vec(),
        itemsize: itemsize as u64,
    };
    let count = shape
        .iter()
        .try_fold(1u64, |acc, &d| acc.checked_mul(d))
        .ok_or_else(overflow)?;
    let bytes = count.checked_mul(itemsize as u64).ok_or_else(overflow)?;
    // Sizes and axes must also fit the signed sizes NumPy (npy_intp) and Rust's
    // allocator (isize::MAX) use, on this machine.
    let fits = |n: u64| usize::try_from(n).is_ok_and(|n| n <= isize::MAX as usize);
    if !fits(bytes) || !shape.iter().all(|&d| fits(d)) {
        return Err(overflow());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_and_bound() {
        let b = TensorBytes::from_vec((0u8..10).collect());
        let s = b.slice(2..5).unwrap();
        assert_eq!(s.as_bytes(), &[2, 3, 4]);
        assert_eq!(s.slice(1..3).unwrap().as_bytes(), &[3, 4]);
        assert!(s.slice(2..4).is_none());
        #[allow(clippy::reversed_empty_ranges)]
        let reversed = s.slice(2..1);
        assert!(reversed.is_none());
        assert!(!s.is_mapped());
    }

    #[test]
    fn fortran_to_c_3d() {
        // shape (2, 3, 2), element value = its C index, laid out in F order.
        let shape = [2usize, 3, 2];
        let mut f = vec![0u8; 12];
        for i in 0..2 {
            for j in 0..3 {
                for k in 0..2 {
                    let c = i * 6 + j * 2 + k;
                    let fo = i + j * 2 + k * 6;
                    f[fo] = c as u8;
                }
            }
        }
        assert_eq!(fortran_to_c(&f, &shape, 1), (0u8..12).collect::<Vec<_>>());
    }

    #[test]
    fn data_len_checks_overflow() {
        assert_eq!(data_len(&[], 8).unwrap(), 8);
        assert_eq!(data_len(&[0, 5], 8).unwrap(), 0);
        assert!(matches!(
            data_len(&[1 << 40, 1 << 40], 1),
            Err(IoError::ShapeOverflow { .. })
        ));
        assert!(matches!(
            data_len(&[1 << 62], 8),
            Err(IoError::ShapeOverflow { .. })
        ));
    }

    #[test]
    fn new_checks_length() {
        let e = RawTensor::from_vec(ElemType::F32, vec![2, 2], vec![0; 15]).unwrap_err();
        assert!(matches!(e, IoError::DataLengthMismatch { .. }), "{e}");
    }

    #[test]
    fn complex_swaps_each_part() {
        let t = RawTensor::new(
            ElemType::C64,
            ByteOrder::Big,
            vec![],
            false,
            vec![0, 0, 0, 1, 0, 0, 0, 2].into(),
        )
        .unwrap();
        assert_eq!(t.to_c_order_le_bytes().unwrap(), [1, 0, 0, 0, 2, 0, 0, 0]);
    }
}
