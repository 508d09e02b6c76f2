//! Reductions: `sum`, `prod`, `mean`, `var`, `std`, `min`, `max`, `argmin`, `argmax`,
//! `any`, `all`, `count_nonzero`, `cumsum`, with `axis` as none, one axis or several
//! (negative allowed) and `keepdims`.
//!
//! The traversal is NumPy's: the output is broadcast over the reduced axes with stride 0,
//! and the loop walks the *input* in memory order. A run along a reduced axis becomes one
//! pairwise sum (O(log n) rounding growth, bit-identical to NumPy's); a run along a kept
//! axis accumulates element-wise into the output, which the compiler vectorises. Large
//! reductions split over both cores.
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::arange_f64(0.0, 6.0, 1.0).reshape(&[2, 3]).unwrap();
//! assert_eq!(a.sum(Some(&[0]), false).unwrap().to_f64_vec(), vec![3.0, 5.0, 7.0]);
//! assert_eq!(a.mean(Some(&[-1]), true).unwrap().shape(), &[2, 1]);
//! assert_eq!(a.max(None, false).unwrap().item().unwrap().as_f64(), 5.0);
//! assert_eq!(a.argmax(None).unwrap().item().unwrap().as_f64(), 5.0);
//! ```
#![allow(unsafe_code)]

use crate::array::Array;
use crate::dtype::{Casting, DType, Kind};
use crate::element::{C64, C128, Element, Num};
use crate::error::{Error, Result};
use crate::iter::{SendPtr, plan_runs};
use crate::kernels::{fold_run, pairwise_sum};
use crate::shape::normalize_axes;
use crate::ufunc::{BinaryOp, Operand, UnaryOp, binary, unary};
use crate::with_numeric;
use rayon::prelude::*;

/// What a reduction combines with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReduceKind {
    /// `np.add.reduce`
    Sum,
    /// `np.multiply.reduce`
    Prod,
    /// `np.minimum.reduce`
    Min,
    /// `np.maximum.reduce`
    Max,
    /// `np.logical_or.reduce`
    Any,
    /// `np.logical_and.reduce`
    All,
}

impl ReduceKind {
    fn ufunc_name(self) -> &'static str {
        match self {
            ReduceKind::Sum => "add",
            ReduceKind::Prod => "multiply",
            ReduceKind::Min => "minimum",
            ReduceKind::Max => "maximum",
            ReduceKind::Any => "logical_or",
            ReduceKind::All => "logical_and",
        }
    }
}

/// Resolves `axis=` into sorted axes (None means all).
fn resolve_axes(op: &str, axis: Option<&[isize]>, ndim: usize) -> Result<Vec<usize>> {
    let mut axes = match axis {
        None => (0..ndim).collect(),
        Some(list) => normalize_axes(op, list, ndim)?,
    };
    axes.sort_unstable();
    Ok(axes)
}

fn kept_shape(shape: &[usize], axes: &[usize], keepdims: bool) -> Vec<usize> {
    shape
        .iter()
        .enumerate()
        .filter_map(|(i, &d)| {
            if axes.contains(&i) {
                keepdims.then_some(1)
            } else {
                Some(d)
            }
        })
        .collect()
}

/// Per-type combine rules for the reduction kinds.
trait Reducible: Num {
    fn identity(kind: ReduceKind) -> Self;
    fn combine(kind: ReduceKind, a: Self, b: Self) -> Self {
        match kind {
            ReduceKind::Sum => Self::add(a, b),
            ReduceKind::Prod => Self::mul(a, b),
            ReduceKind::Min => Self::min_nan(a, b),
            ReduceKind::Max => Self::max_nan(a, b),
            ReduceKind::Any => Self::bitor(a, b),
            ReduceKind::All => Self::bitand(a, b),
        }
    }
    /// Reduces one contiguous-or-strided run; sums go pairwise.
    ///
    /// # Safety
    /// The run must be valid.
    unsafe fn reduce_run(kind: ReduceKind, p: *const u8, s: isize, n: usize) -> Self {
        unsafe {
            fold_run::<Self, Self>(p, s, n, Self::identity(kind), |a, x| {
                Self::combine(kind, a, x)
            })
        }
    }
}

macro_rules! reducible_int {
    ($($t:ty),*) => {$(
        impl Reducible for $t {
            fn identity(kind: ReduceKind) -> Self {
                match kind {
                    ReduceKind::Sum | ReduceKind::Any => 0,
                    ReduceKind::Prod | ReduceKind::All => 1,
                    ReduceKind::Min => <$t>::MAX,
                    ReduceKind::Max => <$t>::MIN,
                }
            }
        }
    )*};
}
reducible_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Reducible for bool {
    fn identity(kind: ReduceKind) -> Self {
        matches!(kind, ReduceKind::Prod | ReduceKind::All | ReduceKind::Min)
    }
}

macro_rules! reducible_float {
    ($($t:ty),*) => {$(
        impl Reducible for $t {
            fn identity(kind: ReduceKind) -> Self {
                match kind {
                    ReduceKind::Sum | ReduceKind::Any => 0.0,
                    ReduceKind::Prod | ReduceKind::All => 1.0,
                    ReduceKind::Min => <$t>::INFINITY,
                    ReduceKind::Max => <$t>::NEG_INFINITY,
                }
            }
            unsafe fn reduce_run(kind: ReduceKind, p: *const u8, s: isize, n: usize) -> Self {
                unsafe {
                    match kind {
                        ReduceKind::Sum => pairwise_sum::<$t, $t>(p, s, n, |x| x, -0.0),
                        _ => fold_run::<Self, Self>(p, s, n, Self::identity(kind), |a, x| Self::combine(kind, a, x)),
                    }
                }
            }
        }
    )*};
}
reducible_float!(f32, f64);

impl Reducible for half::f16 {
    fn identity(kind: ReduceKind) -> Self {
        match kind {
            ReduceKind::Sum | ReduceKind::Any => half::f16::ZERO,
            ReduceKind::Prod | ReduceKind::All => half::f16::ONE,
            ReduceKind::Min => half::f16::INFINITY,
            ReduceKind::Max => half::f16::NEG_INFINITY,
        }
    }
    unsafe fn reduce_run(kind: ReduceKind, p: *const u8, s: isize, n: usize) -> Self {
        unsafe {
            match kind {
                // NumPy accumulates half-precision runs in single precision.
                ReduceKind::Sum => half::f16::from_f32(pairwise_sum::<half::f16, f32>(
                    p,
                    s,
                    n,
                    |x| x.to_f32(),
                    -0.0,
                )),
                _ => fold_run::<Self, Self>(p, s, n, Self::identity(kind), |a, x| {
                    Self::combine(kind, a, x)
                }),
            }
        }
    }
}

macro_rules! reducible_complex {
    ($($t:ty),*) => {$(
        impl Reducible for $t {
            fn identity(kind: ReduceKind) -> Self {
                match kind {
                    ReduceKind::Sum | ReduceKind::Any => <$t>::new(0.0, 0.0),
                    ReduceKind::Prod | ReduceKind::All => <$t>::new(1.0, 0.0),
                    ReduceKind::Min => <$t>::new(f32::INFINITY.into(), f32::INFINITY.into()),
                    ReduceKind::Max => <$t>::new(f32::NEG_INFINITY.into(), f32::NEG_INFINITY.into()),
                }
            }
            unsafe fn reduce_run(kind: ReduceKind, p: *const u8, s: isize, n: usize) -> Self {
                unsafe {
                    match kind {
                        ReduceKind::Sum => pairwise_sum::<$t, $t>(p, s, n, |x| x, <$t>::new(-0.0, -0.0)),
                        _ => fold_run::<Self, Self>(p, s, n, Self::identity(kind), |a, x| Self::combine(kind, a, x)),
                    }
                }
            }
        }
    )*};
}
reducible_complex!(C64, C128);

/// Reduces `x` (already of the accumulation dtype) over `axes` into a new array of the
/// keepdims shape.
fn reduce_typed<T: Reducible>(
    x: &Array,
    axes: &[usize],
    kind: ReduceKind,
    final_shape: &[usize],
) -> Result<Array> {
    // Resolve the combine function once, so the element-wise accumulation loop is
    // monomorphic and vectorises.
    match kind {
        ReduceKind::Sum => reduce_with::<T>(x, axes, kind, final_shape, T::add),
        ReduceKind::Prod => reduce_with::<T>(x, axes, kind, final_shape, T::mul),
        ReduceKind::Min => reduce_with::<T>(x, axes, kind, final_shape, T::min_nan),
        ReduceKind::Max => reduce_with::<T>(x, axes, kind, final_shape, T::max_nan),
        ReduceKind::Any => reduce_with::<T>(x, axes, kind, final_shape, T::bitor),
        ReduceKind::All => reduce_with::<T>(x, axes, kind, final_shape, T::bitand),
    }
}

fn reduce_with<T: Reducible>(
    x: &Array,
    axes: &[usize],
    kind: ReduceKind,
    final_shape: &[usize],
    combine: impl Fn(T, T) -> T + Sync + Copy,
) -> Result<Array> {
    let out_shape = kept_shape(x.shape(), axes, true);
    let out = Array::try_zeros(&out_shape, T::DTYPE)?;
    let out_strides: Vec<isize> = out
        .strides()
        .iter()
        .enumerate()
        .map(|(i, &s)| if axes.contains(&i) { 0 } else { s })
        .collect();
    let plan = plan_runs(x.shape(), &[&out_strides, x.strides()]);
    let out_len = out.size();
    let xb = x.storage().read();
    let xp = SendPtr(unsafe { xb.as_ptr().add(x.layout().offset()) }.cast_mut());

    // One accumulator buffer per worker; merged at the end. Small inputs use one. As
    // many workers as the pool has, but never more than the reduction factor, so the
    // partial buffers together stay smaller than the input.
    let count = plan.outer_count();
    let total = x.size();
    let workers = if total >= crate::iter::PARALLEL_MIN_ELEMENTS {
        let factor = (total / out_len.max(1)).max(1);
        rayon::current_num_threads().clamp(1, factor)
    } else {
        1
    };
    let work = |lo: usize, hi: usize, split_inner: Option<(usize, usize)>| -> Vec<T> {
        let mut acc = vec![T::identity(kind); out_len];
        let ap = acc.as_mut_ptr().cast::<u8>();
        let mut offs = [0isize; 2];
        for k in lo..hi {
            plan.run_offsets(k, &mut offs);
            let (mut xo, oo) = (offs[1], offs[0]);
            let (si, so) = (plan.inner_strides[1], plan.inner_strides[0]);
            let mut n = plan.inner_len;
            if let Some((a, b)) = split_inner {
                xo += a as isize * si;
                n = b - a;
            }
            // SAFETY: offsets come from the plan over x's layout and the accumulator's
            // C-contiguous keepdims layout, both within their buffers.
            unsafe {
                let src = xp.get().offset(xo);
                let dst = ap.offset(oo);
                if so == 0 {
                    let r = T::reduce_run(kind, src, si, n);
                    combine(T::load(dst), r).store(dst);
                } else if so == size_of::<T>() as isize && si == so {
                    let z = size_of::<T>() as isize;
                    for i in 0..n as isize {
                        let d = dst.offset(i * z);
                        combine(T::load(d), T::load(src.offset(i * z))).store(d);
                    }
                } else {
                    for i in 0..n as isize {
                        let d = dst.offset(i * so);
                        combine(T::load(d), T::load(src.offset(i * si))).store(d);
                    }
                }
            }
        }
        acc
    };
    // The workers' floating-point flags (a sum that overflowed) come back to this
    // thread, as the element-wise kernels' do, for NumPy's "overflow encountered in
    // reduce".
    let raised = std::sync::atomic::AtomicU32::new(0);
    let work = |lo: usize, hi: usize, split: Option<(usize, usize)>| -> Vec<T> {
        let (acc, bits) = crate::fpstatus::watch(|| work(lo, hi, split));
        raised.fetch_or(bits, std::sync::atomic::Ordering::Relaxed);
        acc
    };
    let partials: Vec<Vec<T>> = if plan.inner_len == 0 {
        vec![vec![T::identity(kind); out_len]]
    } else if workers > 1 && count >= workers {
        let per = count.div_ceil(workers);
        let ranges: Vec<(usize, usize)> = (0..workers)
            .map(|w| (w * per, ((w + 1) * per).min(count)))
            .filter(|(a, b)| a < b)
            .collect();
        // An indexed parallel map keeps the partials in range order. (Blocking a pool
        // thread on a channel inside `rayon::scope`, as this did, left one thread to run
        // every range.)
        ranges
            .into_par_iter()
            .map(|(lo, hi)| work(lo, hi, None))
            .collect()
    } else if workers > 1 && count == 1 && plan.inner_strides[0] == 0 && plan.inner_len >= 2 * 128 {
        // One long run (a whole contiguous array): split it into about `workers` pieces
        // where pairwise summation splits it anyway, and add the pieces back up in the
        // same tree, so the result is bit-identical to the single-threaded sum.
        let depth = usize::BITS - (workers - 1).leading_zeros();
        vec![split_run(&work, combine, &raised, 0, plan.inner_len, depth)]
    } else {
        vec![work(0, count, None)]
    };
    crate::fpstatus::raise_flags(raised.load(std::sync::atomic::Ordering::Relaxed));
    let mut iter = partials.into_iter();
    let mut acc = iter
        .next()
        .unwrap_or_else(|| vec![T::identity(kind); out_len]);
    for part in iter {
        for (a, p) in acc.iter_mut().zip(part) {
            *a = combine(*a, p);
        }
    }
    drop(xb);
    Array::from_vec(acc, final_shape)
}

/// Reduces elements `lo..lo + n` of a single run as a tree of `depth` levels of halves
/// on the pool: the split points of pairwise summation (half, rounded down to a
/// multiple of 8, for runs of at least 256), each pair's partials combined left to
/// right, as the pairwise sum adds its two halves.
fn split_run<T: Reducible>(
    work: &(impl Fn(usize, usize, Option<(usize, usize)>) -> Vec<T> + Sync),
    combine: impl Fn(T, T) -> T + Sync + Copy,
    raised: &std::sync::atomic::AtomicU32,
    lo: usize,
    n: usize,
    depth: u32,
) -> Vec<T> {
    if depth == 0 || n < 2 * 128 {
        return work(0, 1, Some((lo, lo + n)));
    }
    let mut n2 = n / 2;
    n2 -= n2 % 8;
    let (a, b) = rayon::join(
        || split_run(work, combine, raised, lo, n2, depth - 1),
        || split_run(work, combine, raised, lo + n2, n - n2, depth - 1),
    );
    // This runs on whichever pool thread joined: its flags are handed back too.
    let (sum, bits) =
        crate::fpstatus::watch(|| a.into_iter().zip(b).map(|(x, y)| combine(x, y)).collect());
    raised.fetch_or(bits, std::sync::atomic::Ordering::Relaxed);
    sum
}

impl Array {
    fn reduce(
        &self,
        kind: ReduceKind,
        axis: Option<&[isize]>,
        keepdims: bool,
        acc: DType,
    ) -> Result<Array> {
        let name = kind.ufunc_name();
        let axes = resolve_axes(name, axis, self.ndim())?;
        if matches!(kind, ReduceKind::Min | ReduceKind::Max)
            && axes.iter().any(|&a| self.shape()[a] == 0)
        {
            return Err(Error::EmptyReduction { op: name.into() });
        }
        if self.dtype().is_object() {
            return Err(Error::records_not_implemented(name, self.dtype()));
        }
        if let DType::Str(_) | DType::Record(_) = self.dtype() {
            return Err(Error::NoLoop {
                op: name.into(),
                dtypes: vec![self.dtype(), self.dtype()],
            });
        }
        let x = if self.dtype() == acc {
            self.clone()
        } else {
            self.astype(acc, Casting::Unsafe)?
        };
        let shape = kept_shape(self.shape(), &axes, keepdims);
        let (r, raised) = crate::fpstatus::watch(
            || with_numeric!(acc, T => reduce_typed::<T>(&x, &axes, kind, &shape)),
        );
        // Sums and products report overflow and inf - inf as NumPy's add.reduce does;
        // minimum/maximum compare, and NumPy clears what comparisons raise.
        if matches!(kind, ReduceKind::Sum | ReduceKind::Prod) {
            crate::fpstatus::record(raised, Default::default());
        }
        r
    }

    /// `a.sum(axis, keepdims=)`; small integers accumulate in int64/uint64 as NumPy's do.
    pub fn sum(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let origin = self.origin_of("sum", axis, keepdims)?;
        Ok(self
            .reduce(ReduceKind::Sum, axis, keepdims, self.dtype().sum_dtype())?
            .with_origin(origin))
    }

    /// `a.prod(axis, keepdims=)`.
    pub fn prod(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        self.reduce(ReduceKind::Prod, axis, keepdims, self.dtype().sum_dtype())
    }

    /// `a.min(axis, keepdims=)`; an empty reduction is NumPy's "no identity" error.
    pub fn min(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        self.reduce(ReduceKind::Min, axis, keepdims, self.dtype())
    }

    /// `a.max(axis, keepdims=)`.
    pub fn max(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let origin = self.origin_of("max", axis, keepdims)?;
        Ok(self
            .reduce(ReduceKind::Max, axis, keepdims, self.dtype())?
            .with_origin(origin))
    }

    /// `a.any(axis, keepdims=)`.
    pub fn any(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let b = self.as_bool()?;
        b.reduce(ReduceKind::Any, axis, keepdims, DType::Bool)
    }

    /// `a.all(axis, keepdims=)`.
    pub fn all(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let b = self.as_bool()?;
        b.reduce(ReduceKind::All, axis, keepdims, DType::Bool)
    }

    fn as_bool(&self) -> Result<Array> {
        if self.dtype() == DType::Bool {
            Ok(self.clone())
        } else {
            binary(BinaryOp::NotEqual, self.into(), Operand::from(0i64))
        }
    }

    /// `np.count_nonzero(a, axis=)`: int64 counts.
    pub fn count_nonzero(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let b = self.as_bool()?;
        b.reduce(ReduceKind::Sum, axis, keepdims, DType::Int64)
    }

    /// Number of elements a reduction over `axis` combines.
    fn reduced_count(&self, axis: Option<&[isize]>) -> Result<usize> {
        let axes = resolve_axes("mean", axis, self.ndim())?;
        Ok(axes.iter().map(|&a| self.shape()[a]).product())
    }

    /// The dtype `mean` accumulates in: float64 for integers, float32 for float16.
    fn mean_acc(&self) -> DType {
        match self.dtype().kind() {
            Kind::Bool | Kind::Int | Kind::UInt => DType::Float64,
            _ if self.dtype() == DType::Float16 => DType::Float32,
            _ => self.dtype(),
        }
    }

    fn origin_of(
        &self,
        op: &'static str,
        axis: Option<&[isize]>,
        keepdims: bool,
    ) -> Result<crate::array::Origin> {
        Ok(crate::array::Origin {
            op,
            axes: resolve_axes(op, axis, self.ndim())?,
            input_shape: self.shape().to_vec(),
            keepdims,
        })
    }

    /// `a.mean(axis, keepdims=)`: float64 for integer input; float16 input is summed in
    /// float32 and returned as float16, as NumPy does.
    pub fn mean(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let origin = self.origin_of("mean", axis, keepdims)?;
        Ok(self.mean_inner(axis, keepdims)?.with_origin(origin))
    }

    fn mean_inner(&self, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
        let acc = self.mean_acc();
        let n = self.reduced_count(axis)?;
        let s = self.reduce(ReduceKind::Sum, axis, keepdims, acc)?;
        let m = binary(BinaryOp::TrueDivide, (&s).into(), Operand::from(n as f64))?;
        let out_dt = if self.dtype() == DType::Float16 {
            DType::Float16
        } else {
            m.dtype()
        };
        if m.dtype() == out_dt {
            Ok(m)
        } else {
            m.astype(out_dt, Casting::Unsafe)
        }
    }

    /// `a.var(axis, ddof=, keepdims=)`: mean of squared deviations, divided by `n - ddof`.
    pub fn var(&self, axis: Option<&[isize]>, ddof: f64, keepdims: bool) -> Result<Array> {
        let origin = self.origin_of("var", axis, keepdims)?;
        Ok(self.var_inner(axis, ddof, keepdims)?.with_origin(origin))
    }

    fn var_inner(&self, axis: Option<&[isize]>, ddof: f64, keepdims: bool) -> Result<Array> {
        let acc = self.mean_acc();
        let x = if self.dtype() == acc {
            self.clone()
        } else {
            self.astype(acc, Casting::Unsafe)?
        };
        let n = self.reduced_count(axis)?;
        let mean = x.mean_inner(axis, true)?;
        let dev = binary(BinaryOp::Subtract, (&x).into(), (&mean).into())?;
        let sq = if dev.dtype().is_complex() {
            let a = unary(UnaryOp::Absolute, &dev)?;
            binary(BinaryOp::Multiply, (&a).into(), (&a).into())?
        } else {
            binary(BinaryOp::Multiply, (&dev).into(), (&dev).into())?
        };
        let s = sq.reduce(ReduceKind::Sum, axis, keepdims, sq.dtype())?;
        let denom = (n as f64 - ddof).max(0.0);
        let v = binary(BinaryOp::TrueDivide, (&s).into(), Operand::from(denom))?;
        let out_dt = if self.dtype() == DType::Float16 {
            DType::Float16
        } else {
            v.dtype()
        };
        if v.dtype() == out_dt {
            Ok(v)
        } else {
            v.astype(out_dt, Casting::Unsafe)
        }
    }

    /// `a.std(axis, ddof=, keepdims=)`.
    pub fn std(&self, axis: Option<&[isize]>, ddof: f64, keepdims: bool) -> Result<Array> {
        let origin = self.origin_of("std", axis, keepdims)?;
        let v = self.var_inner(axis, ddof, keepdims)?;
        Ok(unary(UnaryOp::Sqrt, &v)?.with_origin(origin))
    }

    /// `a.argmax(axis=)`: int64 indices of the first maximum (NaN counts as maximal).
    pub fn argmax(&self, axis: Option<isize>) -> Result<Array> {
        self.arg_extreme(axis, true)
    }

    /// `a.argmin(axis=)`.
    pub fn argmin(&self, axis: Option<isize>) -> Result<Array> {
        self.arg_extreme(axis, false)
    }

    fn arg_extreme(&self, axis: Option<isize>, max: bool) -> Result<Array> {
        let name = if max { "argmax" } else { "argmin" };
        if self.dtype().is_opaque() {
            return Err(Error::records_not_implemented(name, self.dtype()));
        }
        let (x, ax) = match axis {
            None => (self.reshape(&[-1])?, 0usize),
            Some(a) => (
                self.clone(),
                crate::shape::normalize_axis(name, a, self.ndim())?,
            ),
        };
        if x.shape()[ax] == 0 {
            return Err(Error::value(
                format!("attempt to get {name} of an empty sequence"),
                format!("{name} needs at least one element along the axis."),
            ));
        }
        let lanes = x.moveaxis(&[ax as isize], &[-1])?;
        let n = lanes.shape()[lanes.ndim() - 1];
        let outer_shape = lanes.shape()[..lanes.ndim() - 1].to_vec();
        let flat = lanes.as_c_contiguous()?;
        let mut idx = Vec::with_capacity(flat.size() / n.max(1));
        if let DType::Str(_) = self.dtype() {
            let s = flat.to_strings();
            for lane in s.chunks(n) {
                let mut best = 0;
                for (i, v) in lane.iter().enumerate() {
                    if (max && *v > lane[best]) || (!max && *v < lane[best]) {
                        best = i;
                    }
                }
                idx.push(best as i64);
            }
        } else {
            with_numeric!(flat.dtype(), T => {
                let v = flat.to_vec::<T>();
                for lane in v.chunks(n) {
                    let mut best = 0usize;
                    for (i, &e) in lane.iter().enumerate() {
                        if T::is_nan(lane[best]) { break; }
                        if T::is_nan(e) { best = i; break; }
                        if (max && <T as Num>::less(lane[best], e)) || (!max && <T as Num>::less(e, lane[best])) { best = i; }
                    }
                    idx.push(best as i64);
                }
            });
        }
        Array::from_vec(idx, &outer_shape)
    }

    /// `np.cumsum(a, axis=)`; `None` flattens first. Integers accumulate in int64.
    pub fn cumsum(&self, axis: Option<isize>) -> Result<Array> {
        self.accumulate(axis, false)
    }

    /// `np.cumprod(a, axis=)`; `None` flattens first. Integers accumulate in int64
    /// (wrapping on overflow, as NumPy's do).
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_vec(vec![1i64, 2, 3, 4], &[4]).unwrap();
    /// assert_eq!(a.cumprod(None).unwrap().to_vec::<i64>(), [1, 2, 6, 24]);
    /// ```
    pub fn cumprod(&self, axis: Option<isize>) -> Result<Array> {
        self.accumulate(axis, true)
    }

    /// The running sum (or product) along `axis`, NumPy's `add.accumulate`
    /// (`multiply.accumulate`).
    fn accumulate(&self, axis: Option<isize>, product: bool) -> Result<Array> {
        let name = if product { "cumprod" } else { "cumsum" };
        if self.dtype().is_object() {
            return Err(Error::records_not_implemented(name, self.dtype()));
        }
        if self.dtype().is_record() {
            return Err(Error::NoLoop {
                op: if product { "multiply" } else { "add" }.into(),
                dtypes: vec![self.dtype(), self.dtype()],
            });
        }
        let (x, ax) = match axis {
            None => (self.reshape(&[-1])?, 0usize),
            Some(a) => (
                self.clone(),
                crate::shape::normalize_axis(name, a, self.ndim())?,
            ),
        };
        let acc = x.dtype().sum_dtype();
        let out = x.astype(acc, Casting::Unsafe)?.as_c_contiguous()?;
        let lanes = out.moveaxis(&[ax as isize], &[-1])?;
        let n = lanes.shape().last().copied().unwrap_or(0);
        let stride = lanes.strides().last().copied().unwrap_or(0);
        let starts = lanes
            .index_axis_view(lanes.ndim() - 1, 0)
            .map(|v| v.element_offsets())
            .unwrap_or_default();
        // Sequential on this thread: the CPU's flags are the accumulation's (NumPy's
        // "overflow encountered in accumulate").
        let (done, raised) = crate::fpstatus::watch(|| -> Result<()> {
            with_numeric!(acc, T => {
                let mut bytes = out.storage().write()?;
                let base = bytes.as_mut_ptr();
                for s in starts {
                    let mut run = T::zero();
                    for i in 0..n as isize {
                        if i == 0 {
                            // SAFETY: as below; the first element starts the running sum (product) as
                            // NumPy's accumulate does, so a leading -0.0 survives.
                            run = unsafe { T::load(base.add(s)) };
                            continue;
                        }
                        // SAFETY: lane offsets come from the output's own layout.
                        unsafe {
                            let p = base.offset(s as isize + i * stride);
                            let v = T::load(p);
                            run = if product { T::mul(run, v) } else { T::add(run, v) };
                            run.store(p);
                        }
                    }
                }
            });
            Ok(())
        });
        done?;
        crate::fpstatus::record(raised, Default::default());
        Ok(out)
    }

    fn index_axis_view(&self, axis: usize, i: i64) -> Result<Array> {
        if self.shape()[axis] == 0 {
            return Ok(Array::zeros(&[0], self.dtype()));
        }
        Ok(self.view_with(self.layout().index_axis(axis, i)?))
    }
}

/// `np.allclose`-style comparison used by tests and the console.
pub fn reduce_all_true(a: &Array) -> Result<bool> {
    Ok(a.all(None, false)?.item()?.is_truthy())
}
