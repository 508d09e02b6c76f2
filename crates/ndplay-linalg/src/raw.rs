//! Typed, strided access to an array's own memory, faer matrix views over it, and the
//! real matrix product over such views with the `gemm` crate ([`Field::product_into`]).
//!
//! This is the only module with `unsafe` in the crate. An [`Array`] keeps its bytes
//! behind a lock and describes them with **byte** strides; the kernels here want typed
//! element pointers with **element** strides. [`typed`] makes sure an array can be seen
//! that way (right dtype, strides a multiple of the item size, aligned base) and copies
//! only when it cannot; [`with_views`] / [`with_output`] hold the locks for the duration
//! of a closure and hand it [`View`]s whose pointers are valid for exactly that long.
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::from_vec((0..6).map(f64::from).collect(), &[2, 3]).unwrap();
//! let t = a.t(); // a transposed view: byte strides (8, 24)
//! // The public products read such views in place, without copying them.
//! let g = ndplay_linalg::matmul(&a, &t).unwrap();
//! assert_eq!(g.to_vec::<f64>(), vec![5.0, 14.0, 14.0, 50.0]);
//! ```
#![allow(unsafe_code)]

use std::sync::Arc;

use faer::{Accum, MatMut, MatRef, Par};
use ndplay_core::element::Element;
use ndplay_core::{Array, Casting, Order, Result};

/// A real or complex float type that both the engine and faer compute with.
pub trait Field: Element + faer::traits::ComplexField + Default {
    /// `dst = lhs @ rhs` with the best kernel for the type: faer's by default.
    ///
    /// `dst` must not overlap `lhs` or `rhs` (callers write into a fresh output).
    fn product_into(dst: MatMut<'_, Self>, lhs: MatRef<'_, Self>, rhs: MatRef<'_, Self>, par: Par) {
        faer::linalg::matmul::matmul(dst, Accum::Replace, lhs, rhs, Self::one_impl(), par);
    }
}

/// Real products with fewer multiply-adds than this stay on faer: its small-matrix
/// kernels round like NumPy's OpenBLAS on the lessons' small examples (`A @ inv(A)` of a
/// 2×2 prints NumPy's `-5.55e-17` residue, where `gemm`'s kernels give `-1.11e-16`), and
/// at these sizes the kernel choice costs nothing measurable.
const GEMM_MIN_MULTIPLY_ADDS: usize = 1 << 18;

/// `dst = lhs @ rhs` with the `gemm` crate, for the real types. On AVX-512 machines its
/// run-time-chosen kernels beat the ones faer 0.24 picks for itself (1024x1024 on a
/// 2-core Xeon: float64 12.7 ms against 18.3 ms, float32 6.2 ms against 8.5 ms; NumPy's
/// OpenBLAS takes 15.3 and 7.5 ms), and they split across threads better.
fn gemm_product<T: Field + Copy>(
    dst: MatMut<'_, T>,
    lhs: MatRef<'_, T>,
    rhs: MatRef<'_, T>,
    par: Par,
    zero: T,
    one: T,
) {
    let (m, n, k) = (dst.nrows(), dst.ncols(), lhs.ncols());
    debug_assert!(lhs.nrows() == m && rhs.nrows() == k && rhs.ncols() == n);
    // Below the threshold (which also takes every empty product, m, n or k = 0) faer.
    if m.saturating_mul(n).saturating_mul(k) < GEMM_MIN_MULTIPLY_ADDS {
        faer::linalg::matmul::matmul(dst, Accum::Replace, lhs, rhs, one, par);
        return;
    }
    let parallelism = match par {
        Par::Seq => gemm::Parallelism::None,
        Par::Rayon(threads) => gemm::Parallelism::Rayon(threads.get()),
    };
    // SAFETY: the three views describe valid, in-bounds `m×n`, `m×k` and `k×n` matrices
    // with the strides given (faer's views guarantee it), `dst` is writable and, as this
    // trait's contract requires, overlaps neither operand. With `read_dst == false` gemm
    // writes `one * lhs @ rhs` into `dst` without reading it.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            dst.as_ptr_mut(),
            dst.col_stride(),
            dst.row_stride(),
            false,
            lhs.as_ptr(),
            lhs.col_stride(),
            lhs.row_stride(),
            rhs.as_ptr(),
            rhs.col_stride(),
            rhs.row_stride(),
            zero,
            one,
            false,
            false,
            false,
            parallelism,
        );
    }
}

impl Field for f32 {
    fn product_into(dst: MatMut<'_, f32>, lhs: MatRef<'_, f32>, rhs: MatRef<'_, f32>, par: Par) {
        gemm_product(dst, lhs, rhs, par, 0.0, 1.0);
    }
}
impl Field for f64 {
    fn product_into(dst: MatMut<'_, f64>, lhs: MatRef<'_, f64>, rhs: MatRef<'_, f64>, par: Par) {
        gemm_product(dst, lhs, rhs, par, 0.0, 1.0);
    }
}
impl Field for ndplay_core::element::C64 {}
impl Field for ndplay_core::element::C128 {}

/// `a` as an array that [`with_views`] can read as `T` in place: `a` itself when its
/// dtype is `T`, its strides are whole elements and its first element is aligned;
/// otherwise a C-ordered copy cast to `T` (C cast semantics, as `astype`).
pub fn typed<T: Element>(a: &Array) -> Result<Array> {
    if a.dtype() != T::DTYPE {
        return a.astype(T::DTYPE, Casting::Unsafe);
    }
    let size = std::mem::size_of::<T>() as isize;
    let align = std::mem::align_of::<T>();
    let strides_ok = a.strides().iter().all(|s| s % size == 0);
    let base_ok = (a.storage().address() + a.layout().offset()).is_multiple_of(align);
    if strides_ok && base_ok {
        Ok(a.clone())
    } else {
        a.copy(Order::C)
    }
}

/// Read-only typed view of one array's elements: pointer to element `[0, 0, ...]`,
/// shape, and strides in elements (possibly negative or zero).
#[derive(Debug)]
pub struct View<T> {
    ptr: *const T,
    /// The shape.
    pub shape: Vec<usize>,
    /// Strides in elements.
    pub strides: Vec<isize>,
}

// SAFETY: a `View` only exists inside `with_views`, which holds the storage read lock for
// its whole life, and it only reads `T: Sync` data.
unsafe impl<T: Sync> Send for View<T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for View<T> {}

impl<T: Element> View<T> {
    /// The element at `offset` elements from the first one.
    ///
    /// The offset must come from indices inside the shape combined with `strides`;
    /// callers in this crate only build offsets that way.
    #[inline(always)]
    pub fn at(&self, offset: isize) -> T {
        // SAFETY: offsets from in-shape indices and the layout's strides stay inside the
        // storage (the engine validated the layout), and the read lock is held.
        unsafe { *self.ptr.offset(offset) }
    }

    /// The element at a full multi-index. Debug builds check the bounds.
    pub fn get(&self, index: &[usize]) -> T {
        debug_assert!(index.iter().zip(&self.shape).all(|(i, d)| i < d));
        self.at(index
            .iter()
            .zip(&self.strides)
            .map(|(&i, &s)| i as isize * s)
            .sum())
    }

    /// A faer view of the matrix at `offset` with rows along `row_axis` and columns
    /// along `col_axis`; `None` for an axis means length 1 (1-D operands).
    pub fn mat(
        &self,
        offset: isize,
        row_axis: Option<usize>,
        col_axis: Option<usize>,
    ) -> MatRef<'_, T> {
        let (r, rs) = row_axis.map_or((1, 0), |a| (self.shape[a], self.strides[a]));
        let (c, cs) = col_axis.map_or((1, 0), |a| (self.shape[a], self.strides[a]));
        // SAFETY: every element reachable from `offset` with these lengths and strides is
        // an element of the array (the caller passes in-range offsets), the lock is held
        // for the view's life, and nothing writes to the storage meanwhile.
        unsafe { MatRef::from_raw_parts(self.ptr.offset(offset), r, c, rs, cs) }
    }

    /// Elements in C order of the shape, as a `Vec`.
    pub fn to_vec(&self) -> Vec<T> {
        let n: usize = self.shape.iter().product();
        let mut out = Vec::with_capacity(n);
        if n == 0 {
            return out;
        }
        let mut idx = vec![0usize; self.shape.len()];
        let mut off = 0isize;
        loop {
            out.push(self.at(off));
            let mut axis = self.shape.len();
            loop {
                if axis == 0 {
                    return out;
                }
                axis -= 1;
                idx[axis] += 1;
                off += self.strides[axis];
                if idx[axis] < self.shape[axis] {
                    break;
                }
                off -= self.strides[axis] * self.shape[axis] as isize;
                idx[axis] = 0;
            }
        }
    }

    /// The elements as one slice when they are C-contiguous, else `None`.
    pub fn as_slice(&self) -> Option<&[T]> {
        let mut expect = 1isize;
        for (&d, &s) in self.shape.iter().zip(&self.strides).rev() {
            if d > 1 && s != expect {
                return None;
            }
            expect *= d as isize;
        }
        let n: usize = self.shape.iter().product();
        // SAFETY: C-contiguous elements `0..n` from the first one, under the read lock.
        Some(unsafe { std::slice::from_raw_parts(self.ptr, n) })
    }
}

/// Runs `f` with typed views of `arrays`, holding their read locks meanwhile. Every
/// array must already be [`typed`] for `T` (debug-checked). Arrays sharing storage share
/// one lock.
pub fn with_views<T: Element, R>(arrays: &[&Array], f: impl FnOnce(&[View<T>]) -> R) -> R {
    let size = std::mem::size_of::<T>() as isize;
    let mut distinct: Vec<&Arc<ndplay_core::storage::Storage>> = Vec::new();
    for a in arrays {
        if !distinct.iter().any(|s| Arc::ptr_eq(s, a.storage())) {
            distinct.push(a.storage());
        }
    }
    let guards: Vec<_> = distinct.iter().map(|s| s.read()).collect();
    let views: Vec<View<T>> = arrays
        .iter()
        .map(|a| {
            debug_assert_eq!(a.dtype(), T::DTYPE);
            let g = distinct
                .iter()
                .position(|s| Arc::ptr_eq(s, a.storage()))
                .unwrap_or(0);
            let base = guards[g].as_ptr();
            // SAFETY: the layout offset lies within the storage (validated by the engine),
            // or equals its length for an empty array, which is never read.
            let ptr = unsafe { base.add(a.layout().offset()) }.cast::<T>();
            View {
                ptr,
                shape: a.shape().to_vec(),
                strides: a.strides().iter().map(|s| s / size).collect(),
            }
        })
        .collect();
    let r = f(&views);
    drop(views);
    drop(guards);
    r
}

/// Writable typed view of a fresh C-contiguous output array.
#[derive(Debug)]
pub struct ViewMut<T> {
    ptr: *mut T,
    len: usize,
}

// SAFETY: a `ViewMut` only exists inside `with_output`, which holds the write lock; the
// parallel kernels using it write disjoint elements.
unsafe impl<T: Send> Send for ViewMut<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Sync for ViewMut<T> {}

impl<T: Element> ViewMut<T> {
    /// All elements as a mutable slice (C order).
    pub fn slice(&mut self) -> &mut [T] {
        // SAFETY: the output is C-contiguous with `len` elements, under the write lock,
        // and `&mut self` makes this the only live slice.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// A faer matrix over `rows × cols` elements starting at element `start`, row-major.
    ///
    /// Distinct calls alias unless their element ranges are disjoint; callers give each
    /// parallel task its own range.
    pub fn mat_mut(&self, start: usize, rows: usize, cols: usize) -> MatMut<'_, T> {
        debug_assert!(start + rows * cols <= self.len);
        // SAFETY: the range lies inside the output (checked in debug builds, and by
        // construction in callers), under the write lock; callers never hand out two
        // overlapping ranges at once.
        unsafe { MatMut::from_raw_parts_mut(self.ptr.add(start), rows, cols, cols as isize, 1) }
    }
}

/// A fresh C-contiguous array of `shape` and `T`'s dtype, zeroed, then filled by `f`
/// through a writable view.
pub fn with_output<T: Element>(shape: &[usize], f: impl FnOnce(&mut ViewMut<T>)) -> Result<Array> {
    fill_output(Array::try_zeros(shape, T::DTYPE)?, f)
}

/// As [`with_output`], for an `f` that writes every element: the output is not cleared
/// first, so a reused large buffer still holds a freed array's values until `f`
/// overwrites them (see [`Array::try_for_overwrite`]).
pub fn with_full_output<T: Element>(
    shape: &[usize],
    f: impl FnOnce(&mut ViewMut<T>),
) -> Result<Array> {
    fill_output(Array::try_for_overwrite(shape, T::DTYPE)?, f)
}

fn fill_output<T: Element>(out: Array, f: impl FnOnce(&mut ViewMut<T>)) -> Result<Array> {
    {
        let mut bytes = out.storage().write()?;
        let len = out.size();
        let mut view = ViewMut {
            ptr: bytes.as_mut_ptr().cast::<T>(),
            len,
        };
        f(&mut view);
    }
    Ok(out)
}

/// An array from a `Vec` in C order (no per-element cast, one copy).
pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<Array> {
    Array::from_vec(data, shape)
}
