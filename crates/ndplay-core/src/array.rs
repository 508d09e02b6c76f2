//! [`Array`]: a dtype, a [`Layout`] and shared [`Storage`]. This file holds the type, its
//! NumPy attributes (`shape`, `strides`, `flags`, `base`, ...), element access, and the
//! copy-with-cast primitive that assignment, `astype` and `copy` are built on.
//!
//! ```
//! use ndplay_core::{Array, DType};
//! let a = Array::arange_f64(0.0, 12.0, 1.0);
//! let b = a.reshape(&[3, 4]).unwrap();           // a view
//! b.set(&[0, 0], 999.0.into()).unwrap();
//! assert_eq!(a.get(&[0]).unwrap().as_f64(), 999.0); // seen through `a`
//! assert!(!b.flags().owndata && b.base().is_some());
//! assert_eq!(b.strides(), &[32, 8]);
//! ```
#![allow(unsafe_code)]

use std::sync::Arc;

use crate::dtype::{Casting, DType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::iter::{SendPtr, for_each_run, plan_runs};
use crate::layout::Layout;
use crate::scalar::{PyScalar, Scalar};
use crate::shape::checked_size;
use crate::storage::{ExternalBytes, Storage};
use crate::with_numeric;

/// Memory order for copies and reshapes (`order=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Row-major.
    C,
    /// Column-major.
    F,
    /// F if the input is F-contiguous (and not C), else C.
    A,
    /// Follow the input's memory order as closely as possible.
    K,
}

impl Order {
    /// Parses `'C'`, `'F'`, `'A'`, `'K'`.
    pub fn parse(s: &str) -> Option<Order> {
        match s {
            "C" | "c" => Some(Order::C),
            "F" | "f" => Some(Order::F),
            "A" | "a" => Some(Order::A),
            "K" | "k" => Some(Order::K),
            _ => None,
        }
    }
}

/// NumPy's `ndarray.flags`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flags {
    /// `C_CONTIGUOUS`.
    pub c_contiguous: bool,
    /// `F_CONTIGUOUS`.
    pub f_contiguous: bool,
    /// `OWNDATA`.
    pub owndata: bool,
    /// `WRITEABLE`.
    pub writeable: bool,
    /// `ALIGNED`.
    pub aligned: bool,
}

/// A dynamic-dtype n-d array with NumPy semantics. Cloning is cheap and gives another
/// handle on the same array (like binding a second Python name), not a copy.
#[derive(Clone)]
pub struct Array {
    storage: Arc<Storage>,
    layout: Layout,
    dtype: DType,
    base: Option<Arc<Array>>,
    owns_data: bool,
    writeable: bool,
    origin: Option<Arc<Origin>>,
    /// Handed out to be written through (`np.nditer`'s read-write elements): writes are
    /// the point, so they raise no write-through-view diagnostic. Views inherit it.
    writes_expected: bool,
}

/// Where an array came from, when that matters to a diagnostic: the reduction that
/// produced it (so `X - X.mean(axis=1)` can be recognised).
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    /// The reduction (`"mean"`, `"std"`, `"var"`, `"sum"`, ...).
    pub op: &'static str,
    /// The axes it reduced, normalised.
    pub axes: Vec<usize>,
    /// The shape it reduced.
    pub input_shape: Vec<usize>,
    /// Whether it kept the reduced axes.
    pub keepdims: bool,
}

impl std::fmt::Debug for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

impl std::fmt::Display for Array {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_str())
    }
}

impl Array {
    // ----- construction from parts -------------------------------------------------------

    /// A new, owned, C-contiguous array of zero bytes.
    pub fn zeros(shape: &[usize], dtype: DType) -> Array {
        Self::try_zeros(shape, dtype).expect("shape too large for memory")
    }

    /// Like [`Array::zeros`] but refuses shapes whose byte size overflows.
    pub fn try_zeros(shape: &[usize], dtype: DType) -> Result<Array> {
        let layout = Layout::c_contiguous(shape, dtype.itemsize());
        Self::try_alloc(layout, dtype)
    }

    /// A C-ordered array for a kernel that writes every element before anything reads
    /// it: its contents start as zeros or as the values of an array freed earlier (a
    /// reused large buffer is not cleared, which saves a pass over it). `bool` arrays
    /// are always zeroed, since not every byte is a valid `bool`. This is not
    /// `np.empty`: [`Array::empty`] zero-fills so that what users see is deterministic.
    ///
    /// # Errors
    /// As [`Array::try_zeros`].
    pub fn try_for_overwrite(shape: &[usize], dtype: DType) -> Result<Array> {
        let layout = Layout::c_contiguous(shape, dtype.itemsize());
        Self::try_alloc_with(layout, dtype, dtype != DType::Bool)
    }

    /// Allocates zeroed storage for a layout with offset 0 and contiguous strides in some
    /// order.
    pub(crate) fn try_alloc(layout: Layout, dtype: DType) -> Result<Array> {
        Self::try_alloc_with(layout, dtype, false)
    }

    /// An empty `Vec` with room for the elements of an array of `shape` and `dtype`, for
    /// code that computes elements one by one before [`Array::from_vec`] (an arange, a
    /// random draw, a gather): the room is reserved first, so a size beyond memory is
    /// NumPy's `MemoryError`, never an abort halfway through.
    ///
    /// ```
    /// use ndplay_core::{Array, DType};
    /// let v: Vec<f64> = Array::buffer_for(&[3, 4], DType::Float64)?;
    /// assert!(v.is_empty() && v.capacity() >= 12);
    /// let huge = Array::buffer_for::<f64>(&[1 << 40], DType::Float64).unwrap_err();
    /// assert_eq!(huge.py_type(), "MemoryError");
    /// assert!(huge.to_string().contains("8.00 TiB"), "{huge}");
    /// # Ok::<(), ndplay_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `ValueError` when the size overflows, `MemoryError` when it does not fit.
    pub fn buffer_for<T>(shape: &[usize], dtype: DType) -> Result<Vec<T>> {
        let len = checked_size(shape).ok_or_else(|| too_big(shape, dtype))?;
        let bytes = len
            .checked_mul(std::mem::size_of::<T>().max(1))
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(|| too_big(shape, dtype))?;
        let mut v = Vec::new();
        v.try_reserve_exact(len)
            .map_err(|_| out_of_memory(bytes, shape, dtype))?;
        Ok(v)
    }

    /// As [`try_alloc`](Self::try_alloc); with `overwrite`, the storage comes from
    /// [`Storage::for_overwrite`] instead of [`Storage::zeroed`].
    fn try_alloc_with(layout: Layout, dtype: DType, overwrite: bool) -> Result<Array> {
        let bytes = checked_size(layout.shape())
            .and_then(|n| n.checked_mul(dtype.itemsize()))
            .filter(|&b| b <= isize::MAX as usize)
            .ok_or_else(|| too_big(layout.shape(), dtype))?;
        // Object storage always starts zeroed (every element the binding's `0`): the
        // collector reads every word of it, so none may be left over from earlier use.
        let overwrite = overwrite && !dtype.is_object();
        let storage = Storage::try_new(bytes, overwrite)
            .ok_or_else(|| out_of_memory(bytes, layout.shape(), dtype))?;
        if dtype.is_object() {
            crate::objects::register(&storage);
        }
        Ok(Array {
            storage,
            layout,
            dtype,
            base: None,
            owns_data: true,
            writeable: true,
            origin: None,
            writes_expected: false,
        })
    }

    /// An owned array of `shape` laid out in `order` (C or F; A and K mean C here).
    pub fn zeros_order(shape: &[usize], dtype: DType, order: Order) -> Array {
        let layout = match order {
            Order::F => Layout::f_contiguous(shape, dtype.itemsize()),
            _ => Layout::c_contiguous(shape, dtype.itemsize()),
        };
        Self::try_alloc(layout, dtype).expect("shape too large for memory")
    }

    /// An array from elements in C order.
    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<Array> {
        let size = checked_size(shape).unwrap_or(usize::MAX);
        if size != data.len() {
            return Err(Error::Reshape {
                size: data.len(),
                shape: shape.iter().map(|&d| d as isize).collect(),
            });
        }
        let out = Array::try_zeros(shape, T::DTYPE)?;
        {
            let mut bytes = out.storage.write()?;
            let ptr = bytes.as_mut_ptr();
            let sz = std::mem::size_of::<T>();
            for (i, v) in data.into_iter().enumerate() {
                // SAFETY: `i * sz` is within the freshly allocated `size * sz` bytes.
                unsafe { v.store(ptr.add(i * sz)) };
            }
        }
        Ok(out)
    }

    /// A 1-D float64 array.
    pub fn from_f64s(data: &[f64]) -> Array {
        Array::from_vec(data.to_vec(), &[data.len()]).expect("1-D shape matches")
    }

    /// A 0-D array holding one scalar.
    pub fn from_scalar(s: &Scalar) -> Array {
        let out = Array::zeros(&[], s.dtype());
        {
            let mut bytes = out.storage.write().expect("fresh storage is writable");
            write_scalar(&mut bytes[..out.itemsize()], out.dtype, s);
        }
        out
    }

    /// A 0-D array from a Python scalar with its default dtype (`np.array(3)` is int64).
    pub fn from_py(s: PyScalar) -> Array {
        let dtype = s.default_dtype();
        Array::from_scalar(&Scalar::from_wide(dtype, s.to_wide()))
    }

    /// A fixed-width unicode array (`<Un` with `n` the longest string, at least 1).
    pub fn from_strings(data: &[&str], shape: &[usize]) -> Result<Array> {
        let width = data
            .iter()
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
            .max(1);
        if checked_size(shape) != Some(data.len()) {
            return Err(Error::Reshape {
                size: data.len(),
                shape: shape.iter().map(|&d| d as isize).collect(),
            });
        }
        let out = Array::try_zeros(shape, DType::Str(width))?;
        {
            let mut bytes = out.storage.write()?;
            for (i, s) in data.iter().enumerate() {
                for (j, ch) in s.chars().enumerate() {
                    let at = (i * width + j) * 4;
                    bytes[at..at + 4].copy_from_slice(&(ch as u32).to_le_bytes());
                }
            }
        }
        Ok(out)
    }

    /// A read-only array over external bytes (a memory-mapped file), without copying.
    /// `layout` is validated against the byte length.
    pub fn from_external(
        bytes: Arc<dyn ExternalBytes>,
        layout: Layout,
        dtype: DType,
    ) -> Result<Array> {
        if dtype.is_object() {
            return Err(Error::records_not_implemented(
                "reading Python objects from raw bytes",
                dtype,
            ));
        }
        let storage = Storage::external(bytes);
        if let Some((lo, hi)) = layout.extent(dtype.itemsize()) {
            let _ = lo;
            if hi > storage.len() {
                return Err(Error::value(
                    format!(
                        "buffer is too small for requested array: needs {hi} bytes, has {}",
                        storage.len()
                    ),
                    "The data ends before the shape says it should; the file is truncated or the header is wrong.",
                ));
            }
        }
        Ok(Array {
            storage,
            layout,
            dtype,
            base: None,
            owns_data: false,
            writeable: false,
            origin: None,
            writes_expected: false,
        })
    }

    /// A new view of the same storage with another layout; `.base` becomes the owner.
    pub(crate) fn view_with(&self, layout: Layout) -> Array {
        let base = match &self.base {
            Some(b) => Some(b.clone()),
            None => Some(Arc::new(self.clone())),
        };
        Array {
            storage: self.storage.clone(),
            layout,
            dtype: self.dtype,
            base,
            owns_data: false,
            writeable: self.writeable,
            origin: None,
            writes_expected: self.writes_expected,
        }
    }

    /// The view of one field of a structured array: same storage, shape and strides,
    /// `dtype`, the byte offset moved by `offset` ([`crate::record`]).
    pub(crate) fn field_view(&self, dtype: DType, offset: usize) -> Array {
        let l = &self.layout;
        let layout = Layout::new(
            l.shape().to_vec(),
            l.strides().to_vec(),
            l.offset() + offset,
        );
        let mut v = self.view_with(layout);
        v.dtype = dtype;
        // `a['x'][i] = v` is how records are written: not a write-through-view surprise.
        v.writes_expected = true;
        v
    }

    /// `a.flags.writeable = True` after it was set `False`: allowed when the memory is
    /// writable and the array it views (if any) is writeable, as in NumPy.
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_f64s(&[1.0]).read_only();
    /// assert!(a.clone().writeable_again()?.flags().writeable);
    /// # Ok::<(), ndplay_core::Error>(())
    /// ```
    pub fn writeable_again(mut self) -> Result<Array> {
        let base_ok = self.base.as_ref().is_none_or(|b| b.flags().writeable);
        if !self.storage.is_writeable() || !base_ok {
            return Err(Error::value(
                "cannot set WRITEABLE flag to True of this array",
                "the memory belongs to a read-only array or file; write to a .copy() instead",
            ));
        }
        self.writeable = true;
        Ok(self)
    }

    /// `.real` / `.imag` of a complex array: a view of one half of every element, in the
    /// matching float dtype (same shape and strides, offset by half an item for the
    /// imaginary part), so writes reach the complex array as in NumPy.
    ///
    /// ```
    /// use ndplay_core::{Array, DType};
    /// let z = Array::from_vec(vec![1.0f64, 2.0, 3.0, 4.0], &[4])?.view_dtype(DType::Complex128)?;
    /// assert_eq!(z.complex_part(true)?.to_vec::<f64>(), vec![2.0, 4.0]);
    /// assert!(z.complex_part(false)?.shares_memory(&z));
    /// # Ok::<(), ndplay_core::Error>(())
    /// ```
    pub fn complex_part(&self, imag: bool) -> Result<Array> {
        let part = match self.dtype {
            DType::Complex64 => DType::Float32,
            DType::Complex128 => DType::Float64,
            other => {
                return Err(Error::type_error(
                    format!("{} has no real and imaginary halves", other.name()),
                    "Only complex arrays are split into .real and .imag views.",
                ));
            }
        };
        let offset = self.layout.offset() + if imag { part.itemsize() } else { 0 };
        let layout = Layout::new(self.shape().to_vec(), self.strides().to_vec(), offset);
        let mut v = self.view_with(layout);
        v.dtype = part;
        Ok(v)
    }

    /// `a.view(dtype)`: the same bytes read as another dtype, sharing memory.
    ///
    /// With the same item size the shape and strides stay; with another, the last axis
    /// must be contiguous and its byte length divisible by the new item size, and it is
    /// rescaled (`float32 (2, 3)` viewed as `uint8` is `(2, 12)`), as in NumPy.
    ///
    /// ```
    /// use ndplay_core::{Array, DType};
    /// let a = Array::from_vec(vec![1.0f32, -2.0], &[2])?;
    /// let bits = a.view_dtype(DType::Int32)?;
    /// assert_eq!(bits.to_vec::<i32>(), vec![0x3f80_0000, -0x4000_0000]);
    /// assert_eq!(a.view_dtype(DType::UInt8)?.shape(), &[8]);
    /// assert!(bits.shares_memory(&a));
    /// # Ok::<(), ndplay_core::Error>(())
    /// ```
    pub fn view_dtype(&self, dtype: DType) -> Result<Array> {
        let (old, new) = (self.itemsize(), dtype.itemsize());
        if (dtype.is_object() || self.dtype.is_object()) && dtype != self.dtype {
            return Err(Error::type_error(
                "Cannot change data-type for array of references.",
                "object elements are references to Python objects, not bytes to reinterpret: use astype() to convert them",
            ));
        }
        if matches!(dtype, DType::Str(_)) != matches!(self.dtype, DType::Str(_)) {
            return Err(Error::type_error(
                format!(
                    "Cannot change data-type for array of {} to {}",
                    self.dtype.name(),
                    dtype.name()
                ),
                "ndplay views bytes between numeric dtypes, or between string dtypes; convert with astype() instead.",
            ));
        }
        let mut layout = self.layout.clone();
        if old != new {
            let nd = self.ndim();
            if nd == 0 {
                return Err(Error::value(
                    "Changing the dtype of a 0d array is only supported if the itemsize is unchanged",
                    format!(
                        "a 0-d {} has {old} bytes; {} needs {new}. Reshape to 1-D first: a.reshape(1).view(...)",
                        self.dtype.name(),
                        dtype.name()
                    ),
                ));
            }
            let last = self.shape()[nd - 1];
            if last != 1 && self.strides()[nd - 1] != old as isize && self.size() != 0 {
                return Err(Error::value(
                    "To change to a dtype of a different size, the last axis must be contiguous",
                    format!(
                        "the last axis of this {} view has stride {} bytes, not the item size {old}; view a .copy() instead",
                        crate::shape::fmt_shape(self.shape()),
                        self.strides()[nd - 1]
                    ),
                ));
            }
            let bytes = last * old;
            if new > old && !bytes.is_multiple_of(new) {
                return Err(Error::value(
                    "When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array.",
                    format!(
                        "the last axis holds {bytes} bytes, which {} ({new} bytes each) does not divide",
                        dtype.name()
                    ),
                ));
            }
            if new < old && !old.is_multiple_of(new) {
                return Err(Error::value(
                    "When changing to a smaller dtype, its size must be a divisor of the size of original dtype",
                    format!(
                        "{} has {old} bytes, which {} ({new} bytes) does not divide",
                        self.dtype.name(),
                        dtype.name()
                    ),
                ));
            }
            let mut shape = self.shape().to_vec();
            let mut strides = self.strides().to_vec();
            shape[nd - 1] = bytes / new;
            strides[nd - 1] = new as isize;
            layout = Layout::new(shape, strides, self.layout.offset());
        }
        // The kernels read elements in place, so a view must be aligned for its dtype
        // (NumPy allows unaligned views and copies inside every loop; ndplay refuses).
        let align = dtype.alignment() as isize;
        let start = (self.storage.address() + layout.offset()) as isize;
        if start % align != 0 || layout.strides().iter().any(|s| s % align != 0) {
            return Err(Error::value(
                format!(
                    "ndplay cannot view these bytes as {}: they are not {align}-byte aligned",
                    dtype.name()
                ),
                "NumPy allows unaligned views; ndplay does not. View a .copy() of the array instead.",
            ));
        }
        let mut out = self.view_with(layout);
        out.dtype = dtype;
        Ok(out)
    }

    /// The reduction that produced this array, if any (for diagnostics).
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_deref()
    }

    /// Records the reduction that produced this array.
    pub(crate) fn with_origin(mut self, origin: Origin) -> Array {
        self.origin = Some(Arc::new(origin));
        self
    }

    /// Turns a view over a private, freshly made copy into the owner of that copy.
    pub(crate) fn into_owner(mut self) -> Array {
        self.base = None;
        self.owns_data = true;
        self
    }

    /// The same array, its writes (and those of its views) expected to reach the array it
    /// views: no write-through-view diagnostic for them (`np.nditer`'s elements).
    pub fn writes_expected(mut self) -> Array {
        self.writes_expected = true;
        self
    }

    /// The same array marked read-only (as `np.broadcast_to` returns).
    pub fn read_only(mut self) -> Array {
        self.writeable = false;
        self
    }

    // ----- attributes ----------------------------------------------------------------------

    /// `.shape`
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }
    /// `.strides` in bytes.
    pub fn strides(&self) -> &[isize] {
        self.layout.strides()
    }
    /// `.ndim`
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }
    /// `.size`
    pub fn size(&self) -> usize {
        self.layout.size()
    }
    /// `.dtype`
    pub fn dtype(&self) -> DType {
        self.dtype
    }
    /// `.itemsize`
    pub fn itemsize(&self) -> usize {
        self.dtype.itemsize()
    }
    /// `.nbytes`
    pub fn nbytes(&self) -> usize {
        self.size() * self.itemsize()
    }
    /// The layout (shape, strides, offset).
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    /// The shared storage.
    pub fn storage(&self) -> &Arc<Storage> {
        &self.storage
    }
    /// `.base`: the array that owns the memory, for views.
    pub fn base(&self) -> Option<&Array> {
        self.base.as_deref()
    }
    /// True when `self` and `other` are handles on the same array object.
    pub fn same_object(&self, other: &Array) -> bool {
        Arc::ptr_eq(&self.storage, &other.storage)
            && self.layout == other.layout
            && self.dtype == other.dtype
    }
    /// `.flags`
    pub fn flags(&self) -> Flags {
        let item = self.itemsize();
        let align = self.dtype.alignment();
        let addr = self.storage.address() + self.layout.offset();
        let aligned = self.size() == 0
            || (addr.is_multiple_of(align)
                && self
                    .strides()
                    .iter()
                    .zip(self.shape())
                    .all(|(s, &d)| d <= 1 || s.rem_euclid(align as isize) == 0));
        Flags {
            c_contiguous: self.layout.is_c_contiguous(item),
            f_contiguous: self.layout.is_f_contiguous(item),
            owndata: self.owns_data,
            writeable: self.writeable && self.storage.is_writeable(),
            aligned,
        }
    }
    /// True when C-contiguous.
    pub fn is_c_contiguous(&self) -> bool {
        self.layout.is_c_contiguous(self.itemsize())
    }

    /// `np.may_share_memory`: same storage and overlapping byte ranges.
    pub fn may_share_memory(&self, other: &Array) -> bool {
        if !Arc::ptr_eq(&self.storage, &other.storage) {
            return false;
        }
        match (
            self.layout.extent(self.itemsize()),
            other.layout.extent(other.itemsize()),
        ) {
            (Some((a0, a1)), Some((b0, b1))) => a0 < b1 && b0 < a1,
            _ => false,
        }
    }

    /// `np.shares_memory`: whether some byte is reachable from both. Exact for arrays of up
    /// to a few million elements; beyond that it falls back to the extent test.
    pub fn shares_memory(&self, other: &Array) -> bool {
        if !self.may_share_memory(other) {
            return false;
        }
        if self.size().saturating_add(other.size()) > 4_000_000 {
            return true;
        }
        let mut mine: Vec<(usize, usize)> = self
            .element_offsets()
            .into_iter()
            .map(|o| (o, o + self.itemsize()))
            .collect();
        mine.sort_unstable();
        let (isz, osz) = (self.itemsize(), other.itemsize());
        let _ = isz;
        other.element_offsets().into_iter().any(|o| {
            let idx = mine.partition_point(|&(_, end)| end <= o);
            idx < mine.len() && mine[idx].0 < o + osz
        })
    }

    /// Byte offsets of every element in C order.
    pub(crate) fn element_offsets(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.size());
        self.visit_offsets(|o| out.push(o));
        out
    }

    /// Calls `f` with the byte offset of every element, in C order, allocating nothing
    /// for up to 8 axes (the per-element walks on small arrays in Python loops come here).
    pub(crate) fn visit_offsets(&self, mut f: impl FnMut(usize)) {
        if self.size() == 0 {
            return;
        }
        let shape = self.shape();
        let strides = self.strides();
        let mut off = self.layout.offset() as isize;
        if self.is_c_contiguous() {
            let step = self.itemsize() as isize;
            for _ in 0..self.size() {
                f(off as usize);
                off += step;
            }
            return;
        }
        let mut idx: smallvec::SmallVec<[usize; 8]> = smallvec::smallvec![0; shape.len()];
        loop {
            f(off as usize);
            let mut axis = shape.len();
            loop {
                if axis == 0 {
                    return;
                }
                axis -= 1;
                idx[axis] += 1;
                off += strides[axis];
                if idx[axis] < shape[axis] {
                    break;
                }
                off -= strides[axis] * shape[axis] as isize;
                idx[axis] = 0;
            }
        }
    }

    // ----- element access --------------------------------------------------------------

    fn checked_offset(&self, index: &[usize]) -> Result<usize> {
        if index.len() != self.ndim() {
            return Err(Error::index(
                format!(
                    "too many indices for array: array is {}-dimensional, but {} were indexed",
                    self.ndim(),
                    index.len()
                ),
                "Give one index per axis to select a single element.",
            ));
        }
        for (axis, (&i, &d)) in index.iter().zip(self.shape()).enumerate() {
            if i >= d {
                return Err(Error::IndexOutOfBounds {
                    index: i as i64,
                    axis,
                    size: d,
                });
            }
        }
        Ok(self.layout.offset_of(index))
    }

    /// The element at a full multi-index.
    pub fn get(&self, index: &[usize]) -> Result<Scalar> {
        if self.dtype.is_opaque() {
            return Err(Error::records_not_implemented(
                "reading one record as a scalar",
                self.dtype,
            ));
        }
        let off = self.checked_offset(index)?;
        let bytes = self.storage.read();
        Ok(read_scalar(&bytes[off..off + self.itemsize()], self.dtype))
    }

    /// [`Array::get`] without taking the storage's lock (see
    /// [`Storage::read_unsynchronized`](crate::storage::Storage::read_unsynchronized)).
    ///
    /// # Safety
    ///
    /// No thread may write this array's storage during the call.
    pub unsafe fn get_unsynchronized(&self, index: &[usize]) -> Result<Scalar> {
        if self.dtype.is_opaque() {
            return Err(Error::records_not_implemented(
                "reading one element as a scalar",
                self.dtype,
            ));
        }
        let off = self.checked_offset(index)?;
        // SAFETY: the caller guarantees there is no writer during the call.
        let bytes = unsafe { self.storage.read_unsynchronized() };
        Ok(read_scalar(&bytes[off..off + self.itemsize()], self.dtype))
    }

    /// The single element of a size-1 array (`.item()`).
    pub fn item(&self) -> Result<Scalar> {
        if self.dtype.is_opaque() {
            return Err(Error::records_not_implemented("item()", self.dtype));
        }
        if self.size() != 1 {
            return Err(Error::value(
                "can only convert an array of size 1 to a Python scalar",
                format!(
                    "This array has {} elements; index one first (a[0]) or reduce it (a.sum()).",
                    self.size()
                ),
            ));
        }
        let offs = self.element_offsets();
        let bytes = self.storage.read();
        Ok(read_scalar(
            &bytes[offs[0]..offs[0] + self.itemsize()],
            self.dtype,
        ))
    }

    /// Writes one element, cast to the array's dtype.
    pub fn set(&self, index: &[usize], value: Scalar) -> Result<()> {
        self.check_writeable("setitem")?;
        if self.dtype.is_object() {
            return Err(Error::records_not_implemented(
                "writing a number into one element",
                self.dtype,
            ));
        }
        if self.dtype.is_record() {
            let off = self.checked_offset(index)?;
            let at = self.view_with(Layout::new(Vec::new(), Vec::new(), off));
            return copy_into(&at, &Array::from_scalar(&value));
        }
        if crate::diagnostics::enabled() {
            self.diagnose_write(&Array::from_scalar(&value))?;
        }
        let off = self.checked_offset(index)?;
        let mut bytes = self.storage.write()?;
        write_scalar(&mut bytes[off..off + self.itemsize()], self.dtype, &value);
        Ok(())
    }

    /// Loud-failure checks for a write of `value` into `self`: float values truncated into
    /// an integer array, and a write through a view whose memory other arrays share.
    pub(crate) fn diagnose_write(&self, value: &Array) -> Result<()> {
        use crate::diagnostics::{Diagnostic, Kind, emit};
        if self.dtype.is_integer() && value.dtype().is_float() {
            let lost = value
                .to_vec::<f64>()
                .iter()
                .filter(|v| v.is_finite() && v.fract() != 0.0)
                .count();
            if lost > 0 {
                emit(Diagnostic {
                    kind: Kind::IntegerTruncation,
                    op: "setitem".into(),
                    operands: vec![(self.shape().to_vec(), self.dtype), (value.shape().to_vec(), value.dtype())],
                    message: format!(
                        "setitem: {lost} float values were truncated toward zero when stored into this {} \
                         array (2.9 becomes 2); NumPy casts silently on assignment.",
                        self.dtype
                    ),
                    fix: "Make the target float first (a = a.astype(np.float64)), or round explicitly \
                          (np.round(v).astype(a.dtype))."
                        .into(),
                })?;
            }
        }
        // The base handle and this view account for two references to the storage; any
        // more means another live array sees this write.
        if self.base.is_some() && !self.writes_expected && Arc::strong_count(&self.storage) > 2 {
            emit(Diagnostic {
                kind: Kind::WriteThroughView,
                op: "setitem".into(),
                operands: vec![(self.shape().to_vec(), self.dtype)],
                message: format!(
                    "setitem: this array of shape {} is a view (made by slicing, reshape or .T) of an \
                     array of shape {}; the write changes that array too.",
                    crate::shape::fmt_shape(self.shape()),
                    crate::shape::fmt_shape(self.base().map(|b| b.shape()).unwrap_or(&[]))
                ),
                fix: "If you wanted an independent array, take a copy when you make it: b = a[...].copy().".into(),
            })?;
        }
        Ok(())
    }

    pub(crate) fn check_writeable(&self, op: &str) -> Result<()> {
        if !self.flags().writeable {
            return Err(Error::ReadOnly { op: op.to_string() });
        }
        Ok(())
    }

    /// Every element in C order, as scalars.
    pub fn to_scalars(&self) -> Vec<Scalar> {
        let bytes = self.storage.read();
        let item = self.itemsize();
        self.element_offsets()
            .into_iter()
            .map(|o| read_scalar(&bytes[o..o + item], self.dtype))
            .collect()
    }

    /// Every element in C order, converted to `T` with C cast semantics.
    pub fn to_vec<T: Element>(&self) -> Vec<T> {
        if self.dtype.is_numeric() && self.dtype == T::DTYPE {
            let bytes = self.storage.read();
            let mut out = Vec::with_capacity(self.size());
            // SAFETY: offsets come from the layout, which lies within the storage.
            self.visit_offsets(|o| out.push(unsafe { T::load(bytes.as_ptr().add(o)) }));
            return out;
        }
        self.to_scalars()
            .into_iter()
            .map(|s| T::from_wide(s.to_wide()))
            .collect()
    }

    /// How many elements satisfy `pred`, read in place (no copy of the elements).
    /// The array's dtype must be `T`'s.
    pub(crate) fn count_where<T: Element>(&self, mut pred: impl FnMut(T) -> bool) -> usize {
        debug_assert_eq!(self.dtype, T::DTYPE);
        let bytes = self.storage.read();
        let mut n = 0;
        // SAFETY: offsets come from the layout, which lies within the storage, and the
        // dtype is T's.
        self.visit_offsets(|o| n += pred(unsafe { T::load(bytes.as_ptr().add(o)) }) as usize);
        n
    }

    /// [`Array::to_vec`] for arrays whose element count comes from input (a broadcast
    /// view of `(10**12,)` holds one element and lists 10^12): the room for the elements
    /// and their offsets is checked first.
    ///
    /// # Errors
    /// `MemoryError` when they do not fit.
    pub fn try_to_vec<T: Element>(&self) -> Result<Vec<T>> {
        // The offsets (one usize each) are the larger of the two vectors to_vec makes.
        drop(Array::buffer_for::<usize>(self.shape(), self.dtype)?);
        Ok(self.to_vec())
    }

    /// Every element as `f64` (complex: real part).
    pub fn to_f64_vec(&self) -> Vec<f64> {
        self.to_vec::<f64>()
    }

    /// Strings of a `<U` array in C order.
    pub fn to_strings(&self) -> Vec<String> {
        self.to_scalars().into_iter().map(|s| s.to_str()).collect()
    }

    // ----- copies and casts ------------------------------------------------------------

    /// Resolves `order` for a copy of `self` into an axis order (slowest first).
    pub(crate) fn order_axes(&self, order: Order) -> Vec<usize> {
        let n = self.ndim();
        match order {
            Order::C => (0..n).collect(),
            Order::F => (0..n).rev().collect(),
            Order::A => {
                if self.layout.is_f_contiguous(self.itemsize()) && !self.is_c_contiguous() {
                    (0..n).rev().collect()
                } else {
                    (0..n).collect()
                }
            }
            Order::K => Layout::k_order(n, &[self.strides()]),
        }
    }

    /// A fresh owned array of the same shape as `self` with the given dtype and order.
    pub(crate) fn alloc_like(&self, dtype: DType, order: Order) -> Result<Array> {
        let axes = self.order_axes(order);
        Array::try_alloc(
            Layout::contiguous_in_order(self.shape(), dtype.itemsize(), &axes),
            dtype,
        )
    }

    /// `a.copy(order)`.
    ///
    /// # Errors
    /// `MemoryError` when the copy does not fit (a broadcast view of `(10**12,)` takes no
    /// memory; its copy takes 8 TB).
    pub fn copy(&self, order: Order) -> Result<Array> {
        let out = self.alloc_like(self.dtype, order)?;
        copy_into(&out, self)?;
        Ok(out)
    }

    /// `a.astype(dtype, casting=...)` (order `'K'`, always a copy).
    pub fn astype(&self, dtype: DType, casting: Casting) -> Result<Array> {
        if !self.dtype.can_cast_to(dtype, casting) {
            return Err(Error::type_error(
                format!(
                    "Cannot cast array data from {} to {} according to the rule '{}'",
                    self.dtype.repr(),
                    dtype.repr(),
                    casting.name()
                ),
                format!(
                    "Pass casting='unsafe' to accept lossy conversion from {} to {}.",
                    self.dtype, dtype
                ),
            ));
        }
        let dtype = match (self.dtype, dtype) {
            (from, DType::Str(0)) if from.is_opaque() => {
                return Err(Error::records_not_implemented("astype(str)", from));
            }
            (from, DType::Str(0)) => DType::Str(str_width_needed(self, from)),
            (_, to) => to,
        };
        let out = self.alloc_like(dtype, Order::K)?;
        copy_into(&out, self)?;
        if crate::diagnostics::enabled() && dtype.is_integer() && self.dtype.is_numeric() {
            let src = self.to_vec::<f64>();
            let got = out.to_vec::<f64>();
            let from_float = self.dtype.is_inexact();
            let wrapped = src
                .iter()
                .zip(&got)
                .filter(|(s, g)| {
                    if from_float {
                        !s.is_finite() || s.trunc() != **g
                    } else {
                        s != g
                    }
                })
                .count();
            if wrapped > 0 {
                crate::diagnostics::emit(crate::diagnostics::Diagnostic {
                    kind: crate::diagnostics::Kind::IntegerOverflow,
                    op: "astype".into(),
                    operands: vec![(self.shape().to_vec(), self.dtype)],
                    message: format!(
                        "astype: {wrapped} values of this {} array do not fit in {dtype} (or are NaN/Inf) \
                         and wrapped around or became garbage silently.",
                        self.dtype
                    ),
                    fix: format!(
                        "Clip to the target's range first (np.clip(a, lo, hi)), or choose a wider dtype than {dtype}."
                    ),
                })?;
            }
        }
        Ok(out)
    }

    /// `np.ascontiguousarray`: `self` if already C-contiguous, else a C copy.
    ///
    /// # Errors
    /// `MemoryError` when the copy does not fit.
    pub fn as_c_contiguous(&self) -> Result<Array> {
        if self.is_c_contiguous() {
            Ok(self.clone())
        } else {
            self.copy(Order::C)
        }
    }

    /// Fills every element with `value`, cast to the array's dtype.
    pub fn fill(&self, value: &Scalar) -> Result<()> {
        let src = Array::from_scalar(value);
        copy_into(self, &src)
    }
}

fn str_width_needed(a: &Array, from: DType) -> usize {
    match from {
        DType::Str(n) => n,
        _ => a
            .to_scalars()
            .iter()
            .map(|s| s.to_str().chars().count())
            .max()
            .unwrap_or(1)
            .max(1),
    }
}

/// Decodes one element.
pub(crate) fn read_scalar(bytes: &[u8], dtype: DType) -> Scalar {
    match dtype {
        // The common case first, without the widening round trip (element reads in
        // Python loops come here once per iteration).
        DType::Float64 if bytes.len() == 8 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(bytes);
            Scalar::Float64(f64::from_ne_bytes(b))
        }
        DType::Str(n) => {
            let mut s = String::with_capacity(n);
            for c in bytes.chunks_exact(4) {
                let code = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                if code == 0 {
                    break;
                }
                s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Scalar::Str(s)
        }
        // SAFETY: `bytes` holds exactly one element of `dtype`.
        d => {
            with_numeric!(d, T => Scalar::from_wide(d, unsafe { T::load(bytes.as_ptr()) }.to_wide()))
        }
    }
}

/// Encodes one element, casting the scalar to `dtype`.
pub(crate) fn write_scalar(bytes: &mut [u8], dtype: DType, value: &Scalar) {
    match dtype {
        DType::Str(n) => {
            let text = value.to_str();
            bytes.fill(0);
            for (j, ch) in text.chars().take(n).enumerate() {
                bytes[j * 4..j * 4 + 4].copy_from_slice(&(ch as u32).to_le_bytes());
            }
        }
        // SAFETY: `bytes` has room for exactly one element of `dtype`.
        d => {
            with_numeric!(d, T => unsafe { T::from_wide(value.to_wide()).store(bytes.as_mut_ptr()) })
        }
    }
}

/// Records NumPy's "invalid value encountered in cast" for a float-to-integer cast of
/// `src`. NumPy converts with C casts through int32 (integer targets of at most 32 bits
/// but uint32) or int64 (int64, uint32; uint64 also takes [2**63, 2**64)), and the CPU
/// flags NaN, infinities and truncated values outside that type as invalid. The values
/// ndplay writes are not changed here; only the report.
fn record_invalid_float_to_int(src: &Array, to: DType) {
    const TWO_31: f64 = 2_147_483_648.0;
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    let (lo, hi) = match to {
        DType::UInt64 => (-TWO_63, 2.0 * TWO_63),
        DType::Int64 | DType::UInt32 => (-TWO_63, TWO_63),
        _ => (-TWO_31, TWO_31),
    };
    // NaN fails both comparisons, so it counts as invalid with the infinities.
    let valid = |v: f64| {
        let t = v.trunc();
        t >= lo && t < hi
    };
    let invalid = match src.dtype {
        DType::Float64 => src.count_where::<f64>(|v| !valid(v)),
        DType::Float32 => src.count_where::<f32>(|v| !valid(f64::from(v))),
        DType::Float16 => src.count_where::<half::f16>(|v| !valid(f64::from(v))),
        _ => 0,
    };
    if invalid > 0 {
        crate::fpstatus::record(
            0,
            crate::fpstatus::FpErrors {
                invalid: true,
                ..Default::default()
            },
        );
    }
}

/// Copies `src` (broadcast to `dst`'s shape) into `dst`, casting element by element with
/// C semantics. Overlapping source and destination behave like `memmove`: the source is
/// read completely before anything is written.
pub fn copy_into(dst: &Array, src: &Array) -> Result<()> {
    dst.check_writeable("assignment")?;
    let src_layout = src.layout.broadcast_to(dst.shape()).map_err(|_| {
        Error::value(
            format!(
                "could not broadcast input array from shape {} into shape {}",
                crate::error::fmt_shape_compact(src.shape()),
                crate::error::fmt_shape_compact(dst.shape())
            ),
            "The value must have the target's shape, or a shape that broadcasts to it \
         (a scalar, or matching trailing axes).",
        )
    })?;
    if dst.size() == 0 {
        return Ok(());
    }
    if Arc::ptr_eq(&dst.storage, &src.storage) {
        let tmp = src.copy(Order::K)?;
        return copy_into(dst, &tmp);
    }
    if src.dtype.is_float() && dst.dtype.is_integer() {
        record_invalid_float_to_int(src, dst.dtype);
    }
    if src.dtype.is_record() || dst.dtype.is_record() {
        return copy_records(dst, src, src_layout);
    }
    if (src.dtype.is_object() || dst.dtype.is_object()) && src.dtype != dst.dtype {
        // Objects become numbers (and numbers objects) only through Python.
        let view = Array {
            layout: src_layout,
            ..src.clone()
        };
        return crate::objects::copy_converting(dst, &view);
    }
    if matches!((src.dtype, dst.dtype), (DType::Str(_), DType::Str(_)) if src.dtype != dst.dtype)
        || (src.dtype.is_numeric() != dst.dtype.is_numeric())
    {
        return copy_via_scalars(dst, src, &src_layout);
    }
    let plan = plan_runs(dst.shape(), &[dst.strides(), src_layout.strides()]);
    let src_bytes = src.storage.read();
    let mut dst_bytes = dst.storage.write()?;
    let sp = SendPtr(unsafe { src_bytes.as_ptr().add(src_layout.offset()) }.cast_mut());
    let dp = SendPtr(unsafe { dst_bytes.as_mut_ptr().add(dst.layout.offset()) });
    if src.dtype == dst.dtype {
        let item = dst.itemsize();
        for_each_run::<2>(&plan, true, |offs, strides, len| {
            // SAFETY: offsets and strides come from layouts within their storages; the
            // destination regions of different runs are disjoint.
            unsafe {
                copy_bytes(
                    dp.get().offset(offs[0]),
                    strides[0],
                    sp.get().offset(offs[1]),
                    strides[1],
                    len,
                    item,
                )
            }
        });
        return Ok(());
    }
    with_numeric!(src.dtype, S => with_numeric!(dst.dtype, D => {
        for_each_run::<2>(&plan, true, |offs, strides, len| {
            // SAFETY: as above.
            unsafe {
                crate::kernels::map_run::<S, D>(sp.get().offset(offs[1]), strides[1], dp.get().offset(offs[0]), strides[0], len, |x| D::from_wide(x.to_wide()))
            }
        });
    }));
    Ok(())
}

/// Assignment where a structured dtype is involved and the dtypes differ: records to
/// records field by field in order (NumPy assigns by position, not by name); a plain value
/// to every field; records to a plain dtype only from a one-field record.
fn copy_records(dst: &Array, src: &Array, src_layout: Layout) -> Result<()> {
    let src = Array {
        layout: src_layout,
        ..src.clone()
    };
    let refuse = || {
        Error::type_error(
            format!(
                "Cannot cast array data from {} to {} according to the rule 'unsafe'",
                src.dtype.repr(),
                dst.dtype.repr()
            ),
            "records become plain values one field at a time: use a['name'] for the field you want",
        )
    };
    match (src.dtype.is_record(), dst.dtype.is_record()) {
        (true, true) => {
            let (sf, df) = (src.fields(), dst.fields());
            if sf.len() != df.len() {
                return Err(Error::value(
                    format!(
                        "structures must have the same size (the source has {} fields, the target {})",
                        sf.len(),
                        df.len()
                    ),
                    "records are assigned field by field in order, so both need the same number of fields",
                ));
            }
            for ((_, d), (_, s)) in df.iter().zip(&sf) {
                copy_into(d, s)?;
            }
            Ok(())
        }
        (false, true) => {
            for (_, d) in dst.fields() {
                copy_into(&d, &src)?;
            }
            Ok(())
        }
        (true, false) => {
            let sf = src.fields();
            match sf.as_slice() {
                [(_, only)] => copy_into(dst, only),
                _ => Err(refuse()),
            }
        }
        (false, false) => {
            unreachable!("copy_records is called only when a record dtype is involved")
        }
    }
}

fn copy_via_scalars(dst: &Array, src: &Array, src_layout: &Layout) -> Result<()> {
    let view = Array {
        layout: src_layout.clone(),
        ..src.clone()
    };
    let values = view.to_scalars();
    if let (DType::Str(_), d) = (src.dtype, dst.dtype)
        && d.is_numeric()
    {
        for v in &values {
            if let Scalar::Str(s) = v
                && s.trim().parse::<f64>().is_err()
            {
                return Err(Error::value(
                    format!(
                        "invalid literal for {} with base 10: '{s}'",
                        if d.is_integer() { "int()" } else { "float()" }
                    ),
                    format!("The string '{s}' is not a number, so it cannot become {d}."),
                ));
            }
        }
    }
    let offsets = dst.element_offsets();
    let item = dst.itemsize();
    let mut bytes = dst.storage.write()?;
    for (o, v) in offsets.into_iter().zip(values) {
        write_scalar(&mut bytes[o..o + item], dst.dtype, &v);
    }
    Ok(())
}

/// Copies `len` elements of `item` bytes between strided runs.
///
/// # Safety
/// Both runs must lie within live allocations and not overlap.
unsafe fn copy_bytes(dst: *mut u8, ds: isize, src: *const u8, ss: isize, len: usize, item: usize) {
    unsafe {
        if ds == item as isize && ss == item as isize {
            std::ptr::copy_nonoverlapping(src, dst, len * item);
            return;
        }
        match item {
            1 => crate::kernels::map_run::<u8, u8>(src, ss, dst, ds, len, |x| x),
            2 => crate::kernels::map_run::<u16, u16>(src, ss, dst, ds, len, |x| x),
            4 => crate::kernels::map_run::<u32, u32>(src, ss, dst, ds, len, |x| x),
            8 => crate::kernels::map_run::<u64, u64>(src, ss, dst, ds, len, |x| x),
            _ => {
                for i in 0..len as isize {
                    std::ptr::copy_nonoverlapping(src.offset(i * ss), dst.offset(i * ds), item);
                }
            }
        }
    }
}

impl From<f64> for Scalar {
    fn from(v: f64) -> Scalar {
        Scalar::Float64(v)
    }
}
impl From<i64> for Scalar {
    fn from(v: i64) -> Scalar {
        Scalar::Int64(v)
    }
}
impl From<bool> for Scalar {
    fn from(v: bool) -> Scalar {
        Scalar::Bool(v)
    }
}

/// NumPy's `ValueError` for a size that overflows before any allocation is tried.
fn too_big(shape: &[usize], dtype: DType) -> Error {
    Error::value(
        "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        format!(
            "shape {} of {} would not fit in memory.",
            crate::shape::fmt_shape(shape),
            dtype
        ),
    )
}

/// NumPy's `MemoryError` for `bytes` that could not be had for an array of `shape`.
fn out_of_memory(bytes: usize, shape: &[usize], dtype: DType) -> Error {
    Error::Invalid {
        py_type: "MemoryError",
        message: format!(
            "Unable to allocate {} for an array with shape {} and data type {}",
            crate::shape::fmt_bytes_numpy(bytes),
            crate::shape::fmt_shape(shape),
            dtype.name()
        ),
        hint: match crate::storage::memory_budget() {
            Some(budget) => format!(
                "{bytes} bytes would take the arrays of this process past its memory budget \
                 of {budget} bytes ({} in use; ndplay run --max-memory-mb sets it). Free \
                 arrays you no longer need (del), use a smaller shape or dtype, or process \
                 the data in chunks.",
                crate::storage::memory_in_use()
            ),
            None => format!(
                "{bytes} bytes are more than this process can have (the machine's memory, or \
                 the limit it runs under). Use a smaller shape or a smaller dtype (float32 \
                 halves float64), or process the data in chunks."
            ),
        },
    }
}
