//! The layout of an array: shape, signed **byte** strides and a byte offset into storage.
//!
//! A layout is pure metadata. Every view operation (slicing, transposing, broadcasting,
//! reshaping without a copy) is a function from layout to layout, so each is tested here
//! without touching any data.
//!
//! ```
//! use ndplay_core::layout::{Layout, SliceArg};
//! let a = Layout::c_contiguous(&[3, 4], 8);
//! assert_eq!(a.strides(), &[32, 8]);
//! let t = a.transposed();
//! assert_eq!((t.shape(), t.strides()), (&[4, 3][..], &[8, 32][..]));
//! assert!(t.is_f_contiguous(8) && !t.is_c_contiguous(8));
//! // a[:, ::-2]
//! let s = a.slice_axis(1, SliceArg::new(None, None, -2)).unwrap();
//! assert_eq!((s.shape(), s.strides(), s.offset()), (&[3, 2][..], &[32, -16][..], 24));
//! ```

use crate::error::{Error, Result};
use smallvec::{SmallVec, smallvec};

use crate::shape::fmt_shape;

/// Shape, byte strides and byte offset of an array over its storage.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    shape: Dims,
    strides: Strides,
    offset: usize,
}

/// A shape held inline up to 4 axes: layouts are made for every operation, even on
/// scalars and 16-element rows in a Python loop, and a heap allocation per shape and per
/// strides was a third of the time of `r - q` on such rows.
type Dims = SmallVec<[usize; 4]>;
/// Byte strides, inline up to 4 axes (see [`Dims`]).
type Strides = SmallVec<[isize; 4]>;

/// Byte strides of a contiguous layout in which axes vary in the order `axes` yields
/// them, fastest first (C order is the axes reversed).
fn strides_fastest_first(
    ndim: usize,
    shape: &[usize],
    itemsize: usize,
    axes: impl Iterator<Item = usize>,
) -> Strides {
    let mut strides: Strides = smallvec![0; ndim];
    let mut acc = itemsize as isize;
    for axis in axes {
        strides[axis] = acc;
        // Saturating: strides of a shape too large to allocate are refused by the size
        // check that follows, not by an overflow here.
        acc = acc.saturating_mul(shape[axis].max(1) as isize);
    }
    strides
}

/// A Python slice `start:stop:step` with optional ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceArg {
    /// Start, negative counts from the end.
    pub start: Option<isize>,
    /// Stop (exclusive), negative counts from the end.
    pub stop: Option<isize>,
    /// Step, never zero.
    pub step: isize,
}

impl SliceArg {
    /// A slice with the given bounds and step.
    pub fn new(start: Option<isize>, stop: Option<isize>, step: isize) -> SliceArg {
        SliceArg { start, stop, step }
    }

    /// The full slice `:`.
    pub fn full() -> SliceArg {
        SliceArg {
            start: None,
            stop: None,
            step: 1,
        }
    }

    /// Python's `slice.indices(len)`: the clamped start, and the number of elements.
    pub fn resolve(&self, len: usize) -> Result<(isize, usize)> {
        if self.step == 0 {
            return Err(Error::value(
                "slice step cannot be zero",
                "A slice step of 0 would never advance; use 1 (or -1 to reverse).",
            ));
        }
        let len = len as isize;
        let step = self.step;
        let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
        let clamp = |v: Option<isize>, default: isize| match v {
            None => default,
            Some(v) if v < 0 => (v + len).max(lower),
            Some(v) => v.min(upper),
        };
        let start = clamp(self.start, if step < 0 { upper } else { lower });
        let stop = clamp(self.stop, if step < 0 { lower } else { upper });
        let count = if step < 0 {
            if stop < start {
                (start - stop - 1) / (-step) + 1
            } else {
                0
            }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        Ok((start, count as usize))
    }
}

impl Layout {
    /// Builds a layout from parts. Callers guarantee that every reachable byte lies within
    /// the storage; [`Layout::extent`] computes the range for that check.
    pub fn new(shape: Vec<usize>, strides: Vec<isize>, offset: usize) -> Layout {
        debug_assert_eq!(shape.len(), strides.len());
        Layout {
            shape: Dims::from_vec(shape),
            strides: Strides::from_vec(strides),
            offset,
        }
    }

    /// A C-contiguous layout at offset 0.
    pub fn c_contiguous(shape: &[usize], itemsize: usize) -> Layout {
        Layout {
            shape: Dims::from_slice(shape),
            strides: strides_fastest_first(shape.len(), shape, itemsize, (0..shape.len()).rev()),
            offset: 0,
        }
        .zero_strides_if_empty()
    }

    /// NumPy 2 gives every freshly allocated empty array all-zero strides.
    fn zero_strides_if_empty(mut self) -> Layout {
        if self.shape.contains(&0) {
            self.strides.iter_mut().for_each(|s| *s = 0);
        }
        self
    }

    /// An F-contiguous layout at offset 0.
    pub fn f_contiguous(shape: &[usize], itemsize: usize) -> Layout {
        Layout {
            shape: Dims::from_slice(shape),
            strides: strides_fastest_first(shape.len(), shape, itemsize, 0..shape.len()),
            offset: 0,
        }
        .zero_strides_if_empty()
    }

    /// Contiguous strides laid out so that axis `order[0]` varies slowest and
    /// `order[ndim-1]` fastest (NumPy's `order='K'` allocations).
    pub fn contiguous_in_order(shape: &[usize], itemsize: usize, order: &[usize]) -> Layout {
        Layout {
            shape: Dims::from_slice(shape),
            strides: strides_fastest_first(
                shape.len(),
                shape,
                itemsize,
                order.iter().rev().copied(),
            ),
            offset: 0,
        }
        .zero_strides_if_empty()
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// The byte strides.
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }

    /// Byte offset of element `[0, 0, ...]` in storage.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.shape.iter().product()
    }

    /// The byte range `[lo, hi)` touched by the layout for a given item size, or `None`
    /// when the layout is empty.
    pub fn extent(&self, itemsize: usize) -> Option<(usize, usize)> {
        if self.size() == 0 {
            return None;
        }
        let mut lo = self.offset as isize;
        let mut hi = self.offset as isize;
        for (&d, &s) in self.shape.iter().zip(&self.strides) {
            let span = (d as isize - 1) * s;
            if span < 0 { lo += span } else { hi += span }
        }
        Some((lo as usize, hi as usize + itemsize))
    }

    /// NumPy's `C_CONTIGUOUS` flag: axes of length 1 are ignored; empty arrays are contiguous.
    pub fn is_c_contiguous(&self, itemsize: usize) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = itemsize as isize;
        for i in (0..self.ndim()).rev() {
            if self.shape[i] != 1 {
                if self.strides[i] != expected {
                    return false;
                }
                expected *= self.shape[i] as isize;
            }
        }
        true
    }

    /// NumPy's `F_CONTIGUOUS` flag.
    pub fn is_f_contiguous(&self, itemsize: usize) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = itemsize as isize;
        for i in 0..self.ndim() {
            if self.shape[i] != 1 {
                if self.strides[i] != expected {
                    return false;
                }
                expected *= self.shape[i] as isize;
            }
        }
        true
    }

    /// Byte offset of the element at a multi-index (no bounds check beyond debug builds).
    pub fn offset_of(&self, index: &[usize]) -> usize {
        debug_assert!(index.iter().zip(&self.shape).all(|(i, d)| i < d));
        let mut off = self.offset as isize;
        for (&i, &s) in index.iter().zip(&self.strides) {
            off += i as isize * s;
        }
        off as usize
    }

    /// `a[..., start:stop:step, ...]` on one axis.
    pub fn slice_axis(&self, axis: usize, slice: SliceArg) -> Result<Layout> {
        let (start, count) = slice.resolve(self.shape[axis])?;
        let mut out = self.clone();
        if count > 0 {
            out.offset = (self.offset as isize + start * self.strides[axis]) as usize;
        }
        out.shape[axis] = count;
        out.strides[axis] = self.strides[axis] * slice.step;
        Ok(out)
    }

    /// `a[..., i, ...]`: removes `axis`, fixing it at `index` (negative counts from the end).
    pub fn index_axis(&self, axis: usize, index: i64) -> Result<Layout> {
        let size = self.shape[axis];
        let i = if index < 0 {
            index + size as i64
        } else {
            index
        };
        if i < 0 || i >= size as i64 {
            return Err(Error::IndexOutOfBounds { index, axis, size });
        }
        let mut out = self.clone();
        out.offset = (self.offset as isize + i as isize * self.strides[axis]) as usize;
        out.shape.remove(axis);
        out.strides.remove(axis);
        Ok(out)
    }

    /// Inserts a new axis of length 1 at `axis` (`np.newaxis`, `expand_dims`).
    pub fn insert_axis(&self, axis: usize) -> Layout {
        let mut out = self.clone();
        // NumPy gives new axes the stride the next axis would have; 0 is what `newaxis`
        // indexing produces, so we follow it.
        out.shape.insert(axis, 1);
        out.strides.insert(axis, 0);
        out
    }

    /// Removes a length-1 axis.
    pub fn remove_axis(&self, axis: usize) -> Layout {
        debug_assert_eq!(self.shape[axis], 1);
        let mut out = self.clone();
        out.shape.remove(axis);
        out.strides.remove(axis);
        out
    }

    /// Reverses the axes (`.T`).
    pub fn transposed(&self) -> Layout {
        let mut out = self.clone();
        out.shape.reverse();
        out.strides.reverse();
        out
    }

    /// Permutes axes: output axis `i` is input axis `perm[i]`. `perm` must be a permutation.
    pub fn permuted(&self, perm: &[usize]) -> Layout {
        Layout {
            shape: perm.iter().map(|&p| self.shape[p]).collect(),
            strides: perm.iter().map(|&p| self.strides[p]).collect(),
            offset: self.offset,
        }
    }

    /// A broadcast view to `shape`: stretched axes get stride 0.
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Layout> {
        let fail = || Error::Broadcast {
            op: "broadcast_to".into(),
            shapes: vec![self.shape.to_vec(), shape.to_vec()],
        };
        if shape.len() < self.ndim() {
            return Err(Error::value(
                "input operand has more dimensions than allowed by the axis remapping",
                format!(
                    "broadcast_to: an array of shape {} cannot be broadcast to the shorter shape {}; \
                     broadcasting only adds axes on the left.",
                    fmt_shape(&self.shape),
                    fmt_shape(shape)
                ),
            ));
        }
        let pad = shape.len() - self.ndim();
        let mut strides: Strides = smallvec![0; shape.len()];
        for i in 0..self.ndim() {
            let (d, t) = (self.shape[i], shape[pad + i]);
            strides[pad + i] = if d == t {
                self.strides[i]
            } else if d == 1 {
                0
            } else {
                return Err(fail());
            };
        }
        Ok(Layout {
            shape: Dims::from_slice(shape),
            strides,
            offset: self.offset,
        })
    }

    /// NumPy's `_attempt_nocopy_reshape`: the layout of `self` reshaped to `new_shape`
    /// reading elements in C (`fortran = false`) or F order, if that is possible without
    /// moving data. `None` means a copy is needed.
    pub fn reshape_view(
        &self,
        new_shape: &[usize],
        itemsize: usize,
        fortran: bool,
    ) -> Option<Layout> {
        let (old_dims, old_strides): (Dims, Strides) = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(d, _)| **d != 1)
            .map(|(d, s)| (*d, *s))
            .unzip();
        let (old_nd, new_nd) = (old_dims.len(), new_shape.len());
        let mut new_strides: Strides = smallvec![0; new_nd];
        let (mut oi, mut oj, mut ni, mut nj) = (0usize, 1usize, 0usize, 1usize);
        while ni < new_nd && oi < old_nd {
            let mut np = new_shape[ni];
            let mut op = old_dims[oi];
            while np != op {
                if np < op {
                    if nj >= new_nd {
                        return None;
                    }
                    np *= new_shape[nj];
                    nj += 1;
                } else {
                    if oj >= old_nd {
                        return None;
                    }
                    op *= old_dims[oj];
                    oj += 1;
                }
            }
            for ok in oi..oj - 1 {
                let joinable = if fortran {
                    old_strides[ok + 1] == old_dims[ok] as isize * old_strides[ok]
                } else {
                    old_strides[ok] == old_dims[ok + 1] as isize * old_strides[ok + 1]
                };
                if !joinable {
                    return None;
                }
            }
            if fortran {
                new_strides[ni] = old_strides[oi];
                for nk in ni + 1..nj {
                    new_strides[nk] = new_strides[nk - 1] * new_shape[nk - 1] as isize;
                }
            } else {
                new_strides[nj - 1] = old_strides[oj - 1];
                for nk in (ni + 1..nj).rev() {
                    new_strides[nk - 1] = new_strides[nk] * new_shape[nk] as isize;
                }
            }
            ni = nj;
            nj += 1;
            oi = oj;
            oj += 1;
        }
        let mut last = if ni >= 1 {
            new_strides[ni - 1]
        } else {
            itemsize as isize
        };
        if fortran && ni >= 1 {
            last *= new_shape[ni - 1] as isize;
        }
        for s in new_strides.iter_mut().skip(ni) {
            *s = last;
        }
        Some(Layout {
            shape: Dims::from_slice(new_shape),
            strides: new_strides,
            offset: self.offset,
        })
    }

    /// NumPy's `order='K'` axis order: the permutation (slowest axis first) that follows
    /// the memory order of the given operand layouts, ties resolved towards C order.
    pub fn k_order(shape_len: usize, operands: &[&[isize]]) -> Vec<usize> {
        // Insertion sort from the innermost axis outwards, swapping two axes only when
        // every operand that strides along both says they are out of order.
        let mut perm: Vec<usize> = (0..shape_len).rev().collect(); // innermost first
        for i0 in 1..shape_len {
            let ax0 = perm[i0];
            let mut ipos = i0;
            for i1 in (0..i0).rev() {
                let ax1 = perm[i1];
                let mut ambiguous = true;
                let mut swap = false;
                for strides in operands {
                    let (s0, s1) = (strides[ax0], strides[ax1]);
                    if s0 != 0 && s1 != 0 {
                        if s1.abs() <= s0.abs() {
                            swap = false;
                        } else if ambiguous {
                            swap = true;
                        }
                        ambiguous = false;
                    }
                }
                if !ambiguous {
                    if swap {
                        ipos = i1;
                    } else {
                        break;
                    }
                }
            }
            if ipos != i0 {
                let ax = perm.remove(i0);
                perm.insert(ipos, ax);
            }
        }
        perm.reverse();
        perm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_resolution_matches_python() {
        let s = SliceArg::new(None, None, -1);
        assert_eq!(s.resolve(5).unwrap(), (4, 5));
        assert_eq!(SliceArg::new(Some(-2), None, 1).resolve(5).unwrap(), (3, 2));
        assert_eq!(SliceArg::new(Some(10), None, 1).resolve(5).unwrap(), (5, 0));
        assert_eq!(
            SliceArg::new(Some(1), Some(100), 3).resolve(5).unwrap(),
            (1, 2)
        );
        assert_eq!(
            SliceArg::new(Some(-100), Some(-100), -1)
                .resolve(5)
                .unwrap(),
            (-1, 0)
        );
        assert!(SliceArg::new(None, None, 0).resolve(5).is_err());
    }

    #[test]
    fn reshape_views_follow_numpy() {
        let a = Layout::c_contiguous(&[12], 8);
        let b = a.reshape_view(&[3, 4], 8, false).unwrap();
        assert_eq!(b.strides(), &[32, 8]);
        // Transposed (4, 3) can't become (12,) in C order, but can in F order.
        let t = Layout::c_contiguous(&[3, 4], 8).transposed();
        assert!(t.reshape_view(&[12], 8, false).is_none());
        assert_eq!(t.reshape_view(&[12], 8, true).unwrap().strides(), &[8]);
        // Splitting an axis of a strided view is fine.
        let s = Layout::c_contiguous(&[4, 6], 8)
            .slice_axis(0, SliceArg::new(None, None, 2))
            .unwrap();
        assert_eq!(
            s.reshape_view(&[2, 2, 3], 8, false).unwrap().strides(),
            &[96, 24, 8]
        );
    }

    #[test]
    fn k_order_follows_memory() {
        let t = Layout::c_contiguous(&[2, 3, 4], 8).permuted(&[2, 0, 1]);
        assert_eq!(Layout::k_order(3, &[t.strides()]), vec![1, 2, 0]);
        let c = Layout::c_contiguous(&[2, 3], 8);
        assert_eq!(Layout::k_order(2, &[c.strides()]), vec![0, 1]);
    }

    #[test]
    fn flags_ignore_unit_axes_and_empty() {
        let l = Layout::new(vec![3, 1], vec![8, 100], 0);
        assert!(l.is_c_contiguous(8));
        let e = Layout::new(vec![0, 3], vec![7, 3], 0);
        assert!(e.is_c_contiguous(8) && e.is_f_contiguous(8));
    }
}
