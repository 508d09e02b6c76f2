//! Rearranging and picking along axes: `np.flip`, `np.roll`, `np.diff`, `np.tri`,
//! `np.tril`/`np.triu`, `np.take_along_axis`/`np.put_along_axis`, `np.unravel_index`,
//! `np.ravel_multi_index`, and `as_strided` (the view under `sliding_window_view`).
//!
//! Each is NumPy's own definition written with the engine's vectorised pieces (slicing
//! views, concatenation, broadcasting, advanced indexing), so views stay views
//! (`flip`), copies stay copies (`roll`, `diff`) and the dtypes are NumPy's.
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::from_vec(vec![1i64, 2, 4, 7], &[4]).unwrap();
//! assert_eq!(a.flip(None).unwrap().to_vec::<i64>(), vec![7, 4, 2, 1]);
//! assert_eq!(a.roll(&[1], None).unwrap().to_vec::<i64>(), vec![7, 1, 2, 4]);
//! assert_eq!(a.diff(1, -1, None, None).unwrap().to_vec::<i64>(), vec![1, 2, 3]);
//! let idx = Array::from_vec(vec![5i64], &[1]).unwrap();
//! let rc = Array::unravel_index(&idx, &[2, 3], false).unwrap();
//! assert_eq!((rc[0].to_vec::<i64>(), rc[1].to_vec::<i64>()), (vec![1], vec![2]));
//! ```

use crate::array::{Array, Order};
use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};
use crate::index::IndexItem;
use crate::layout::{Layout, SliceArg};
use crate::manip::concatenate;
use crate::shape::{broadcast_shapes, normalize_axes, normalize_axis};
use crate::ufunc::{BinaryOp, Operand, binary, where_};

fn full_slices(ndim: usize) -> Vec<IndexItem> {
    vec![IndexItem::Slice(SliceArg::full()); ndim]
}

/// `a[..., start:stop, ...]` with the slice on `axis`.
fn slice_along(a: &Array, axis: usize, start: Option<isize>, stop: Option<isize>) -> Result<Array> {
    let mut items = full_slices(a.ndim());
    items[axis] = IndexItem::Slice(SliceArg::new(start, stop, 1));
    a.index(&items)
}

/// The index arrays of `np.take_along_axis`: `indices` on `axis`, and on every other
/// axis an `arange` shaped to broadcast against it.
fn along_axis_items(shape: &[usize], indices: &Array, axis: usize) -> Result<Vec<IndexItem>> {
    let nd = shape.len();
    let mut items = Vec::with_capacity(nd);
    for (dim, &n) in shape.iter().enumerate() {
        if dim == axis {
            items.push(IndexItem::Array(indices.clone()));
        } else {
            let mut s = vec![1isize; nd];
            s[dim] = n as isize;
            let r = Array::from_vec((0..n as i64).collect::<Vec<_>>(), &[n])?.reshape(&s)?;
            items.push(IndexItem::Array(r));
        }
    }
    Ok(items)
}

/// What `np.ravel_multi_index` does with a coordinate outside its axis (NumPy's `mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfBounds {
    /// `'raise'`: a `ValueError`.
    Raise,
    /// `'wrap'`: modulo the axis length.
    Wrap,
    /// `'clip'`: the nearest position on the axis.
    Clip,
}

impl Array {
    /// `np.lib.stride_tricks.as_strided(x, shape, strides)`: a view of this array's
    /// memory with any shape and byte strides, starting at its first element (so
    /// `sliding_window_view` is one view, no copy). Unlike NumPy, a view reaching outside
    /// the memory, or with strides that are not whole items, is refused: NumPy would read
    /// whatever lies there.
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_vec(vec![1i64, 2, 3, 4], &[4]).unwrap();
    /// let windows = a.as_strided(&[3, 2], &[8, 8]).unwrap(); // [[1,2],[2,3],[3,4]]
    /// assert_eq!(windows.to_vec::<i64>(), vec![1, 2, 2, 3, 3, 4]);
    /// assert!(a.as_strided(&[4, 2], &[8, 8]).is_err()); // would read past the end
    /// ```
    pub fn as_strided(&self, shape: &[usize], strides: &[isize]) -> Result<Array> {
        if shape.len() != strides.len() {
            return Err(Error::value(
                format!(
                    "as_strided: shape has {} entries but strides has {}",
                    shape.len(),
                    strides.len()
                ),
                "Give one stride (in bytes) per axis of the shape.",
            ));
        }
        let item = self.dtype().itemsize() as i128;
        if strides.iter().any(|&s| s as i128 % item != 0) {
            return Err(Error::value(
                format!(
                    "as_strided: strides {strides:?} are not multiples of the item size ({item} \
                     bytes of {})",
                    self.dtype()
                ),
                "Strides are in bytes: build them from x.strides or x.itemsize.",
            ));
        }
        if crate::shape::checked_size(shape).is_none() {
            return Err(Error::value(
                format!("as_strided: the shape {shape:?} has too many elements"),
                "Use a smaller shape.",
            ));
        }
        let offset = self.layout().offset() as i128;
        if !shape.contains(&0) {
            // i128: (length - 1) * stride of usize and isize values cannot overflow it.
            let (mut lo, mut hi) = (offset, offset);
            for (&d, &s) in shape.iter().zip(strides) {
                let span = (d as i128 - 1) * s as i128;
                if span < 0 {
                    lo += span;
                } else {
                    hi += span;
                }
            }
            let len = self.storage().len() as i128;
            if lo < 0 || hi + item > len {
                return Err(Error::value(
                    format!(
                        "as_strided: shape {shape:?} with strides {strides:?} reaches bytes \
                         {}..{} from this array's start, but its memory holds bytes {}..{}",
                        lo - offset,
                        hi + item - offset,
                        -offset,
                        len - offset
                    ),
                    "NumPy would read outside the array (garbage, or a crash); ndplay refuses. \
                     Check that the strides are in bytes (x.strides) and that the last window \
                     ends inside the array.",
                ));
            }
        }
        Ok(self.view_with(Layout::new(
            shape.to_vec(),
            strides.to_vec(),
            self.layout().offset(),
        )))
    }

    /// `np.flip(m, axis)`: a view with the order of the elements reversed along `axes`
    /// (every axis when `None`).
    ///
    /// # Errors
    /// `AxisError` for an axis out of range; `ValueError` for a repeated axis.
    pub fn flip(&self, axes: Option<&[isize]>) -> Result<Array> {
        let axes = match axes {
            None => (0..self.ndim()).collect(),
            Some(ax) => normalize_axes("flip", ax, self.ndim())?,
        };
        let mut items = full_slices(self.ndim());
        for k in axes {
            items[k] = IndexItem::Slice(SliceArg::new(None, None, -1));
        }
        self.index(&items)
    }

    /// `np.roll(a, shift, axis)`: a copy with the elements shifted along each axis,
    /// wrapping around. `shifts` and `axes` broadcast against each other (a shift per
    /// axis, or one shift for several); shifts on the same axis add up. With `axes` of
    /// `None` the flattened array rolls and the result takes `a`'s shape.
    ///
    /// # Errors
    /// `ValueError` when `shifts` and `axes` do not broadcast (different lengths, neither
    /// being one);
    /// `AxisError` for an axis out of range.
    pub fn roll(&self, shifts: &[i64], axes: Option<&[isize]>) -> Result<Array> {
        let Some(axes) = axes else {
            let flat = self.ravel(Order::C)?;
            let shape: Vec<isize> = self.shape().iter().map(|&n| n as isize).collect();
            return flat.roll(shifts, Some(&[0]))?.reshape(&shape);
        };
        let n = match (shifts.len(), axes.len()) {
            (a, b) if a == b => a,
            (1, b) => b,
            (a, 1) => a,
            _ => {
                return Err(Error::value(
                    format!(
                        "shape mismatch: objects cannot be broadcast to a single shape.  \
                         Mismatch is between arg 0 with shape ({},) and arg 1 with shape ({},).",
                        shifts.len(),
                        axes.len()
                    ),
                    format!(
                        "np.roll got {} shifts for {} axes; give one shift per axis, or one \
                         shift for all of them",
                        shifts.len(),
                        axes.len()
                    ),
                ));
            }
        };
        let mut total = vec![0i64; self.ndim()];
        for i in 0..n {
            let s = shifts[if shifts.len() == 1 { 0 } else { i }];
            let ax = axes[if axes.len() == 1 { 0 } else { i }];
            let k = normalize_axis("roll", ax, self.ndim())?;
            total[k] = total[k].wrapping_add(s);
        }
        let mut out = self.clone();
        for (k, &s) in total.iter().enumerate() {
            let len = self.shape()[k] as i64;
            if len == 0 {
                continue;
            }
            let s = s.rem_euclid(len) as isize;
            if s == 0 {
                continue;
            }
            let cut = len as isize - s;
            let tail = slice_along(&out, k, Some(cut), None)?;
            let head = slice_along(&out, k, None, Some(cut))?;
            out = concatenate(&[&tail, &head], k as isize)?;
        }
        if out.same_object(self) {
            out = self.copy(Order::K)?;
        }
        Ok(out)
    }

    /// `np.diff(a, n, axis, prepend, append)`: the `n`-th discrete difference along
    /// `axis`, `out[i] = a[i+1] - a[i]` applied `n` times (`!=` for booleans, as NumPy
    /// does). `prepend`/`append` are joined to `a` along `axis` first; a 0-d one is
    /// broadcast to a slab of thickness one.
    ///
    /// # Errors
    /// `ValueError` for a negative `n` or a 0-d `a`; `AxisError`; the errors of
    /// concatenation and subtraction (`np.diff` of unsigned integers wraps, as NumPy's).
    pub fn diff(
        &self,
        n: i64,
        axis: isize,
        prepend: Option<&Array>,
        append: Option<&Array>,
    ) -> Result<Array> {
        if n == 0 {
            return Ok(self.clone());
        }
        if n < 0 {
            return Err(Error::value(
                format!("order must be non-negative but got {n}"),
                "np.diff's n counts how many times to take differences: 0 or more",
            ));
        }
        if self.ndim() == 0 {
            return Err(Error::value(
                "diff requires input that is at least one dimensional",
                "np.diff takes differences between neighbours along an axis; a scalar has \
                 none (np.atleast_1d(x) makes it a 1-element array)",
            ));
        }
        let k = normalize_axis("diff", axis, self.ndim())?;
        let slab = |x: &Array| -> Result<Array> {
            if x.ndim() != 0 {
                return Ok(x.clone());
            }
            let mut shape = self.shape().to_vec();
            shape[k] = 1;
            x.broadcast_to(&shape)
        };
        let mut parts = Vec::new();
        if let Some(p) = prepend {
            parts.push(slab(p)?);
        }
        parts.push(self.clone());
        if let Some(p) = append {
            parts.push(slab(p)?);
        }
        let mut a = if parts.len() > 1 {
            concatenate(&parts.iter().collect::<Vec<_>>(), k as isize)?
        } else {
            self.clone()
        };
        let op = if a.dtype() == DType::Bool {
            BinaryOp::NotEqual
        } else {
            BinaryOp::Subtract
        };
        for _ in 0..n {
            let hi = slice_along(&a, k, Some(1), None)?;
            let lo = slice_along(&a, k, None, Some(-1))?;
            a = binary(op, Operand::Array(&hi), Operand::Array(&lo))?;
        }
        Ok(a)
    }

    /// `np.tri(n, m, k, dtype)`: ones at and below the `k`-th diagonal of an `n` × `m`
    /// array, zeros above (`k > 0` is above the main diagonal).
    ///
    /// # Errors
    /// `MemoryError` when `n * m` elements do not fit.
    pub fn tri(n: usize, m: usize, k: i64, dtype: DType) -> Result<Array> {
        let mask = Array::try_zeros(&[n, m], DType::Bool)?;
        for i in 0..n {
            for j in 0..m {
                if (j as i64) - (i as i64) <= k {
                    mask.set(&[i, j], crate::scalar::Scalar::Bool(true))?;
                }
            }
        }
        if dtype == DType::Bool {
            return Ok(mask);
        }
        mask.astype(dtype, crate::dtype::Casting::Unsafe)
    }

    /// `np.tril(m, k)`: a copy with the elements above the `k`-th diagonal of the last
    /// two axes zeroed (a 1-D `m` is taken as the rows of a square matrix, as NumPy does).
    ///
    /// # Errors
    /// `ValueError` for a 0-d `m`.
    pub fn tril(&self, k: i64) -> Result<Array> {
        let mask = self.triangle_mask("tril", k)?;
        let zero = Array::try_zeros(&[], self.dtype())?;
        where_(&mask, Operand::Array(self), Operand::Array(&zero))
    }

    /// `np.triu(m, k)`: a copy with the elements below the `k`-th diagonal zeroed.
    ///
    /// # Errors
    /// As [`Array::tril`].
    pub fn triu(&self, k: i64) -> Result<Array> {
        let mask = self.triangle_mask("triu", k.saturating_sub(1))?;
        let zero = Array::try_zeros(&[], self.dtype())?;
        where_(&mask, Operand::Array(&zero), Operand::Array(self))
    }

    fn triangle_mask(&self, op: &str, k: i64) -> Result<Array> {
        let (n, m) = match self.shape() {
            [] => {
                return Err(Error::value(
                    format!("{op} requires an array of at least one dimension"),
                    format!(
                        "np.{op} keeps one triangle of the last two axes; give it a matrix \
                         (or a stack of them)"
                    ),
                ));
            }
            [m] => (*m, *m),
            [.., n, m] => (*n, *m),
        };
        Array::tri(n, m, k, DType::Bool)
    }

    /// `np.take_along_axis(arr, indices, axis)`: picks `arr[..., indices[i], ...]` along
    /// `axis` for each position of `indices`, which has `arr`'s rank and broadcasts
    /// against it on the other axes (the output of `argsort`/`argmax(keepdims=True)`).
    /// With `axis` `None`, `arr` is flattened and `indices` must be 1-D.
    ///
    /// # Errors
    /// `IndexError` for non-integer indices or an index out of range; `ValueError` when
    /// the ranks differ; `AxisError`.
    pub fn take_along_axis(&self, indices: &Array, axis: Option<isize>) -> Result<Array> {
        let (arr, items) = self.along_axis("take_along_axis", indices, axis)?;
        arr.index(&items)
    }

    /// `np.put_along_axis(arr, indices, values, axis)`: writes `values` (broadcast) at the
    /// places [`Array::take_along_axis`] would read, in place.
    ///
    /// # Errors
    /// As [`Array::take_along_axis`], and `ValueError` for a read-only `arr`.
    pub fn put_along_axis(
        &self,
        indices: &Array,
        values: &Array,
        axis: Option<isize>,
    ) -> Result<()> {
        let (arr, items) = self.along_axis("put_along_axis", indices, axis)?;
        arr.index_assign(&items, values)
    }

    fn along_axis(
        &self,
        op: &str,
        indices: &Array,
        axis: Option<isize>,
    ) -> Result<(Array, Vec<IndexItem>)> {
        let (arr, k) = match axis {
            None => {
                if indices.ndim() != 1 {
                    return Err(Error::value(
                        "when axis=None, `indices` must have a single dimension.",
                        format!(
                            "np.{op} with axis=None works on the flattened array, so it \
                             takes a 1-D indices array; this one has shape {}",
                            crate::shape::fmt_shape(indices.shape())
                        ),
                    ));
                }
                // A view when the array is contiguous, a copy otherwise: put_along_axis
                // then needs the view, as NumPy's `arr.flat` gives.
                (self.reshape(&[-1])?, 0usize)
            }
            Some(ax) => (self.clone(), normalize_axis(op, ax, self.ndim())?),
        };
        if !matches!(indices.dtype().kind(), Kind::Int | Kind::UInt) {
            return Err(Error::index(
                "`indices` must be an integer array",
                format!(
                    "np.{op} takes positions (the output of argsort or argmax), and these \
                     indices are {}; convert them with .astype(np.intp)",
                    indices.dtype().name()
                ),
            ));
        }
        if indices.ndim() != arr.ndim() {
            return Err(Error::value(
                "`indices` and `arr` must have the same number of dimensions",
                format!(
                    "np.{op} pairs each axis of indices with the same axis of arr: arr has \
                     shape {} and indices {}; keep the reduced axis with keepdims=True or \
                     add it with np.expand_dims",
                    crate::shape::fmt_shape(arr.shape()),
                    crate::shape::fmt_shape(indices.shape())
                ),
            ));
        }
        let items = along_axis_items(arr.shape(), indices, k)?;
        Ok((arr, items))
    }

    /// `np.unravel_index(indices, shape, order)`: the coordinates of flat positions in an
    /// array of `shape`, one `int64` array per axis, each of `indices`' shape (`fortran`:
    /// column-major positions, NumPy's `order='F'`).
    ///
    /// # Errors
    /// `TypeError` for non-integer indices; `ValueError` for a position outside the
    /// array.
    pub fn unravel_index(indices: &Array, shape: &[usize], fortran: bool) -> Result<Vec<Array>> {
        if !matches!(indices.dtype().kind(), Kind::Int | Kind::UInt | Kind::Bool) {
            return Err(Error::type_error(
                "only int indices permitted",
                format!(
                    "np.unravel_index turns flat positions into coordinates; these are {} \
                     (round them and .astype(np.intp) first)",
                    indices.dtype().name()
                ),
            ));
        }
        let size = shape.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n));
        let size = size.ok_or_else(|| {
            Error::value(
                "dimensions are too large",
                "the shape's element count does not fit in 64 bits",
            )
        })?;
        let flat = indices.try_to_vec::<i64>()?;
        let mut coords = vec![Vec::with_capacity(flat.len()); shape.len()];
        for &i in &flat {
            if i < 0 || i as u64 >= size as u64 {
                return Err(Error::value(
                    format!("index {i} is out of bounds for array with size {size}"),
                    format!(
                        "flat positions in an array of shape {} run from 0 to {}",
                        crate::shape::fmt_shape(shape),
                        size as i64 - 1
                    ),
                ));
            }
            let mut rest = i as usize;
            let order: Vec<usize> = if fortran {
                (0..shape.len()).collect()
            } else {
                (0..shape.len()).rev().collect()
            };
            for d in order {
                coords[d].push((rest % shape[d]) as i64);
                rest /= shape[d];
            }
        }
        coords
            .into_iter()
            .map(|c| Array::from_vec(c, indices.shape()))
            .collect()
    }

    /// `np.ravel_multi_index(multi_index, dims, mode, order)`: the flat positions of
    /// coordinates (one integer array per axis, broadcast together) in an array of
    /// `dims`; `modes` is one [`OutOfBounds`] for every axis or one per axis.
    ///
    /// # Errors
    /// `ValueError` for a wrong number of coordinate arrays or a coordinate outside its
    /// axis; `TypeError` for non-integer coordinates.
    pub fn ravel_multi_index(
        multi_index: &[Array],
        dims: &[usize],
        modes: &[OutOfBounds],
        fortran: bool,
    ) -> Result<Array> {
        if modes.len() != 1 && modes.len() != dims.len() {
            return Err(Error::value(
                format!(
                    "mode must be one of 'raise', 'wrap' or 'clip', or a sequence of {} of them",
                    dims.len()
                ),
                "give one mode for every axis, or one for all of them",
            ));
        }
        if multi_index.len() != dims.len() {
            return Err(Error::value(
                format!(
                    "parameter multi_index must be a sequence of length {}",
                    dims.len()
                ),
                format!(
                    "np.ravel_multi_index takes one coordinate array per axis of dims {}; \
                     it got {}",
                    crate::shape::fmt_shape(dims),
                    multi_index.len()
                ),
            ));
        }
        for m in multi_index {
            if !matches!(m.dtype().kind(), Kind::Int | Kind::UInt) {
                return Err(Error::type_error(
                    format!(
                        "Cannot cast array data from dtype('{}') to dtype('int64') according \
                         to the rule 'safe'",
                        m.dtype().name()
                    ),
                    "coordinates are integers: convert them with .astype(np.intp)",
                ));
            }
        }
        let shapes: Vec<&[usize]> = multi_index.iter().map(Array::shape).collect();
        let shape = broadcast_shapes("ravel_multi_index", &shapes)?;
        let coords = multi_index
            .iter()
            .map(|m| m.broadcast_to(&shape).and_then(|b| b.try_to_vec::<i64>()))
            .collect::<Result<Vec<_>>>()?;
        let mut out = vec![0i64; shape.iter().product::<usize>()];
        // Horner's rule, one axis at a time: the slowest-varying axis first.
        let order: Vec<usize> = if fortran {
            (0..dims.len()).rev().collect()
        } else {
            (0..dims.len()).collect()
        };
        for d in order {
            let len = dims[d] as i64;
            let mode = modes[if modes.len() == 1 { 0 } else { d }];
            for (flat, &c) in out.iter_mut().zip(&coords[d]) {
                let c = match mode {
                    OutOfBounds::Wrap if len > 0 => c.rem_euclid(len),
                    OutOfBounds::Clip => c.clamp(0, (len - 1).max(0)),
                    _ => c,
                };
                if c < 0 || c >= len {
                    return Err(Error::value(
                        "invalid entry in coordinates array",
                        format!(
                            "coordinate {c} on axis {d} is outside dims {}; mode='wrap' \
                             wraps it around, mode='clip' moves it to the nearest edge",
                            crate::shape::fmt_shape(dims)
                        ),
                    ));
                }
                *flat = *flat * len + c;
            }
        }
        Array::from_vec(out, &shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(v: &[i64], shape: &[usize]) -> Array {
        Array::from_vec(v.to_vec(), shape).unwrap()
    }

    #[test]
    fn flip_is_a_view_and_roll_a_copy() {
        let a = ints(&[0, 1, 2, 3, 4, 5], &[2, 3]);
        let f = a.flip(Some(&[1])).unwrap();
        assert_eq!(f.to_vec::<i64>(), vec![2, 1, 0, 5, 4, 3]);
        assert!(f.shares_memory(&a));
        let r = a.roll(&[1], Some(&[1])).unwrap();
        assert_eq!(r.to_vec::<i64>(), vec![2, 0, 1, 5, 3, 4]);
        assert!(!r.shares_memory(&a));
        // Shifts on one axis add up; the flattened roll keeps the shape.
        let r = a.roll(&[1, 2], Some(&[1])).unwrap();
        assert_eq!(r.to_vec::<i64>(), vec![0, 1, 2, 3, 4, 5]);
        let r = a.roll(&[-1], None).unwrap();
        assert_eq!(r.to_vec::<i64>(), vec![1, 2, 3, 4, 5, 0]);
        assert_eq!(r.shape(), &[2, 3]);
        assert!(a.roll(&[1, 2], Some(&[0, 1, 0])).is_err());
    }

    #[test]
    fn diff_of_bools_is_not_equal_and_prepend_broadcasts() {
        let b = Array::from_vec(vec![true, false, false, true], &[4]).unwrap();
        let d = b.diff(1, -1, None, None).unwrap();
        assert_eq!(d.dtype(), DType::Bool);
        assert_eq!(d.to_vec::<bool>(), vec![true, false, true]);
        let x = ints(&[1, 2, 4, 7, 0], &[5]);
        let zero = ints(&[0], &[]);
        let d = x.diff(2, 0, Some(&zero), None).unwrap();
        assert_eq!(d.to_vec::<i64>(), vec![0, 1, 1, -10]);
        assert!(ints(&[1], &[]).diff(1, 0, None, None).is_err());
    }

    #[test]
    fn triangles_follow_the_diagonal_offset() {
        let t = Array::tri(3, 4, 1, DType::Int64).unwrap();
        assert_eq!(t.to_vec::<i64>(), vec![1, 1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1]);
        let m = ints(&[1, 2, 3, 4, 5, 6, 7, 8, 9], &[3, 3]);
        assert_eq!(
            m.tril(-1).unwrap().to_vec::<i64>(),
            vec![0, 0, 0, 4, 0, 0, 7, 8, 0]
        );
        assert_eq!(
            m.triu(0).unwrap().to_vec::<i64>(),
            vec![1, 2, 3, 0, 5, 6, 0, 0, 9]
        );
    }

    #[test]
    fn along_axis_pairs_indices_with_their_axis() {
        let a = ints(&[10, 30, 20, 60, 40, 50], &[2, 3]);
        let idx = a.argsort(Some(1)).unwrap();
        let s = a.take_along_axis(&idx, Some(1)).unwrap();
        assert_eq!(s.to_vec::<i64>(), vec![10, 20, 30, 40, 50, 60]);
        let top = ints(&[1, 0], &[2, 1]);
        a.put_along_axis(&top, &ints(&[99], &[]), Some(1)).unwrap();
        assert_eq!(a.to_vec::<i64>(), vec![10, 99, 20, 99, 40, 50]);
        assert!(a.take_along_axis(&ints(&[0], &[1]), Some(1)).is_err());
    }

    #[test]
    fn unravel_and_ravel_are_inverse() {
        let idx = ints(&[22, 41, 37], &[3]);
        let c = Array::unravel_index(&idx, &[7, 6], false).unwrap();
        assert_eq!(c[0].to_vec::<i64>(), vec![3, 6, 6]);
        assert_eq!(c[1].to_vec::<i64>(), vec![4, 5, 1]);
        let back = Array::ravel_multi_index(&c, &[7, 6], &[OutOfBounds::Raise], false).unwrap();
        assert_eq!(back.to_vec::<i64>(), vec![22, 41, 37]);
        let f = Array::unravel_index(&idx, &[7, 6], true).unwrap();
        assert_eq!(f[0].to_vec::<i64>(), vec![1, 6, 2]);
        assert_eq!(f[1].to_vec::<i64>(), vec![3, 5, 5]);
        assert!(Array::unravel_index(&ints(&[42], &[1]), &[7, 6], false).is_err());
    }
}
