//! Typed inner loops over strided runs: the only place elements are touched one by one.
//!
//! Each loop has a contiguous fast path written with compile-time strides so the compiler
//! vectorises it, a broadcast-scalar path, and a general strided path.
//!
//! ```
//! // Kernels are internal; they run under every elementwise operation:
//! use ndplay_core::Array;
//! let a = Array::from_f64s(&[1.0, 2.0, 3.0]);
//! let b = a.mul_scalar(2.0).unwrap();
//! assert_eq!(b.to_f64_vec(), vec![2.0, 4.0, 6.0]);
//! ```
#![allow(unsafe_code)]

use crate::element::Element;

/// `dst[i] = f(src[i])` over one run.
///
/// # Safety
/// Both runs of `len` elements at the given byte strides must be valid.
#[inline(always)]
pub unsafe fn map_run<S: Element, D: Element>(
    src: *const u8,
    ss: isize,
    dst: *mut u8,
    ds: isize,
    len: usize,
    f: impl Fn(S) -> D,
) {
    let (zs, zd) = (size_of::<S>() as isize, size_of::<D>() as isize);
    unsafe {
        if ss == zs && ds == zd {
            for i in 0..len as isize {
                f(S::load(src.offset(i * zs))).store(dst.offset(i * zd));
            }
        } else if ss == 0 {
            let v = f(S::load(src));
            for i in 0..len as isize {
                v.store(dst.offset(i * ds));
            }
        } else {
            for i in 0..len as isize {
                f(S::load(src.offset(i * ss))).store(dst.offset(i * ds));
            }
        }
    }
}

/// `dst[i] = f(a[i], b[i])` over one run.
///
/// # Safety
/// All three runs of `len` elements at the given byte strides must be valid.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub unsafe fn zip_run<A: Element, B: Element, D: Element>(
    a: *const u8,
    sa: isize,
    b: *const u8,
    sb: isize,
    dst: *mut u8,
    ds: isize,
    len: usize,
    f: impl Fn(A, B) -> D,
) {
    let (za, zb, zd) = (
        size_of::<A>() as isize,
        size_of::<B>() as isize,
        size_of::<D>() as isize,
    );
    unsafe {
        if ds == zd && sa == za && sb == zb {
            for i in 0..len as isize {
                f(A::load(a.offset(i * za)), B::load(b.offset(i * zb))).store(dst.offset(i * zd));
            }
        } else if ds == zd && sa == za && sb == 0 {
            let y = B::load(b);
            for i in 0..len as isize {
                f(A::load(a.offset(i * za)), y).store(dst.offset(i * zd));
            }
        } else if ds == zd && sa == 0 && sb == zb {
            let x = A::load(a);
            for i in 0..len as isize {
                f(x, B::load(b.offset(i * zb))).store(dst.offset(i * zd));
            }
        } else {
            for i in 0..len as isize {
                f(A::load(a.offset(i * sa)), B::load(b.offset(i * sb))).store(dst.offset(i * ds));
            }
        }
    }
}

/// Folds one run into an accumulator: `acc = f(acc, x[i])`.
///
/// # Safety
/// The run of `len` elements at byte stride `s` must be valid.
#[inline(always)]
pub unsafe fn fold_run<S: Element, A>(
    src: *const u8,
    s: isize,
    len: usize,
    init: A,
    f: impl Fn(A, S) -> A,
) -> A {
    let z = size_of::<S>() as isize;
    let mut acc = init;
    unsafe {
        if s == z {
            for i in 0..len as isize {
                acc = f(acc, S::load(src.offset(i * z)));
            }
        } else {
            for i in 0..len as isize {
                acc = f(acc, S::load(src.offset(i * s)));
            }
        }
    }
    acc
}

/// NumPy's pairwise summation of one run: blocks of 128 summed with eight accumulators,
/// halves combined recursively. Its rounding error grows as O(log n), not O(n).
///
/// # Safety
/// The run of `n` elements at byte stride `s` must be valid.
pub unsafe fn pairwise_sum<T: Element, A: Copy + std::ops::Add<Output = A>>(
    src: *const u8,
    s: isize,
    n: usize,
    conv: impl Fn(T) -> A + Copy,
    zero: A,
) -> A {
    unsafe {
        let at = |i: usize| conv(T::load(src.offset(i as isize * s)));
        if n < 8 {
            // NumPy starts from -0.0 here so that sums of -0.0 stay -0.0; `zero` is that.
            let mut res = zero;
            for i in 0..n {
                res = res + at(i);
            }
            res
        } else if n <= 128 {
            let mut r = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
            let mut i = 8;
            while i < n - (n % 8) {
                for (j, rj) in r.iter_mut().enumerate() {
                    *rj = *rj + at(i + j);
                }
                i += 8;
            }
            let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            while i < n {
                res = res + at(i);
                i += 1;
            }
            res
        } else {
            let mut n2 = n / 2;
            n2 -= n2 % 8;
            pairwise_sum::<T, A>(src, s, n2, conv, zero)
                + pairwise_sum::<T, A>(src.offset(n2 as isize * s), s, n - n2, conv, zero)
        }
    }
}
