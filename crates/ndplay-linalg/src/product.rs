//! Products with NumPy's exact rules: [`dot`], [`matmul`] (`@`), [`vdot`], [`inner`],
//! [`outer`] and [`tensordot`].
//!
//! Float and complex products run on faer's tuned kernels directly over the operands'
//! memory (transposed and negative-stride views included), on both cores for large
//! matrices; integer and bool products use an exact wrapping loop, as NumPy does (it has
//! no BLAS for integers). The result dtype is NumPy's promotion of the operand dtypes:
//! `int32 @ int32` stays `int32`, `float32 @ float32` stays `float32`.
//!
//! ```
//! use ndplay_core::{Array, DType};
//! use ndplay_linalg::{dot, matmul};
//! let a = Array::from_vec(vec![1.0, 2.0, 3.0], &[3]).unwrap();
//! let b = Array::from_vec(vec![4.0, 5.0, 6.0], &[3]).unwrap();
//! assert_eq!(dot(&a, &b).unwrap().item().unwrap().as_f64(), 32.0); // 1·4 + 2·5 + 3·6
//!
//! let x = Array::zeros(&[5, 3], DType::Float32);
//! let w = Array::zeros(&[4, 3], DType::Float32);
//! let err = matmul(&x, &w).unwrap_err();
//! assert_eq!(err.numpy_message(), "matmul: Input operand 1 has a mismatch in its core dimension 0, \
//!     with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)");
//! assert_eq!(matmul(&x, &w.t()).unwrap().shape(), &[5, 4]);
//! ```

use faer::Par;
use ndplay_core::element::{C64, C128, Element, Num};
use ndplay_core::{Array, Casting, DType, Error, Order, Result};
use rayon::prelude::*;

use crate::raw::{Field, View, ViewMut, typed, with_output, with_views};

/// Matrix products with at least this many multiply-adds use both cores inside one
/// product; below it, spawning costs more than it saves.
const PARALLEL_FLOPS: usize = 1 << 18;

/// NumPy's compact shape spelling inside messages: `(3,4)`, `(5,)`, `()`.
pub(crate) use ndplay_core::shape::fmt_shape_compact as compact;

/// Refuses string operands the way NumPy's ufunc loop lookup does; object operands
/// (which NumPy multiplies with the objects' own operators) are not implemented.
pub(crate) fn check_numeric(op: &str, arrays: &[&Array]) -> Result<()> {
    if arrays.iter().any(|a| a.dtype().is_object()) {
        return Err(Error::records_not_implemented(op, DType::Object));
    }
    if arrays.iter().any(|a| !a.dtype().is_numeric()) {
        return Err(Error::NoLoop {
            op: op.to_string(),
            dtypes: arrays.iter().map(|a| a.dtype()).collect(),
        });
    }
    Ok(())
}

/// The common dtype of two operands, refusing strings.
fn result_dtype(op: &str, a: &Array, b: &Array) -> Result<DType> {
    check_numeric(op, &[a, b])?;
    Ok(DType::promote(a.dtype(), b.dtype()))
}

/// `np.matmul(a, b)` / `a @ b`.
///
/// Shapes: `(..., n, k) @ (..., k, m) -> (..., n, m)`, the batch axes `...` broadcast
/// against each other. A 1-D `a` is treated as `(1, k)` and a 1-D `b` as `(k, 1)`, and
/// the added axis is removed from the result, so `(k,) @ (k,)` is a 0-D scalar.
///
/// # Errors
/// A 0-D operand, core dimensions that differ (NumPy's gufunc message naming both
/// sizes), batch axes that do not broadcast, or string operands.
pub fn matmul(a: &Array, b: &Array) -> Result<Array> {
    if a.ndim() == 1 && b.ndim() == 1 {
        vector_dot_diagnostic("matmul", a, b)?;
    }
    matmul_impl(a, b)
}

/// `matmul` without the diagnostic, for the other products built on it.
fn matmul_impl(a: &Array, b: &Array) -> Result<Array> {
    let dtype = result_dtype("matmul", a, b)?;
    for (i, x) in [a, b].iter().enumerate() {
        if x.ndim() == 0 {
            return Err(Error::value(
                format!(
                    "matmul: Input operand {i} does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
                ),
                "matmul multiplies vectors and matrices, not scalars; use np.multiply (a * b) to scale by a scalar.",
            ));
        }
    }
    let a2 = if a.ndim() == 1 {
        a.reshape(&[1, a.shape()[0] as isize])?
    } else {
        a.clone()
    };
    let b2 = if b.ndim() == 1 {
        b.reshape(&[b.shape()[0] as isize, 1])?
    } else {
        b.clone()
    };
    let (n, k) = (a2.shape()[a2.ndim() - 2], a2.shape()[a2.ndim() - 1]);
    let (k2, m) = (b2.shape()[b2.ndim() - 2], b2.shape()[b2.ndim() - 1]);
    if k != k2 {
        return Err(Error::value(
            format!(
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size {k2} is different from {k})"
            ),
            format!(
                "a @ b needs a's last axis to equal b's {} axis: a is {} and b is {}, so k = {k} on the left but {k2} on the right. \
                 For a layer with X (N, D) and W (H, D), write X @ W.T to get (N, H).",
                if b.ndim() == 1 {
                    "only"
                } else {
                    "second-to-last"
                },
                ndplay_core::shape::fmt_shape(a.shape()),
                ndplay_core::shape::fmt_shape(b.shape()),
            ),
        ));
    }
    let batch_a = &a2.shape()[..a2.ndim() - 2];
    let batch_b = &b2.shape()[..b2.ndim() - 2];
    let batch = broadcast_batch(a, b, batch_a, batch_b, n, m)?;
    let mut full: Vec<usize> = batch.clone();
    full.extend([n, m]);
    let out = batched(&a2, &b2, dtype, &batch, n, k, m)?;
    let mut shape = batch;
    if a.ndim() > 1 {
        shape.push(n);
    }
    if b.ndim() > 1 {
        shape.push(m);
    }
    if shape == full {
        Ok(out)
    } else {
        out.reshape(&shape.iter().map(|&d| d as isize).collect::<Vec<_>>())
    }
}

/// Broadcasts the batch axes of a matmul, with NumPy's "remapped shapes" message.
fn broadcast_batch(
    a: &Array,
    b: &Array,
    ba: &[usize],
    bb: &[usize],
    n: usize,
    m: usize,
) -> Result<Vec<usize>> {
    let nd = ba.len().max(bb.len());
    let mut out = vec![1usize; nd];
    for (i, slot) in out.iter_mut().enumerate() {
        let da = (i + ba.len()).checked_sub(nd).map_or(1, |j| ba[j]);
        let db = (i + bb.len()).checked_sub(nd).map_or(1, |j| bb[j]);
        *slot = match (da, db) {
            (x, y) if x == y => x,
            (1, y) => y,
            (x, 1) => x,
            _ => {
                let remap = |x: &Array, batch: &[usize]| {
                    let mut parts: Vec<String> = batch.iter().map(|d| d.to_string()).collect();
                    parts.extend(std::iter::repeat_n(
                        "newaxis".to_string(),
                        x.ndim().clamp(1, 2),
                    ));
                    format!("{}->({})", compact(x.shape()), parts.join(","))
                };
                let mut requested = Vec::new();
                if a.ndim() > 1 {
                    requested.push(n);
                }
                if b.ndim() > 1 {
                    requested.push(m);
                }
                return Err(Error::value(
                    format!(
                        "operands could not be broadcast together with remapped shapes [original->remapped]: {} {}  and requested shape {}",
                        remap(a, ba),
                        remap(b, bb),
                        compact(&requested)
                    ),
                    format!(
                        "The batch axes (all but the last two) broadcast like any NumPy operation: {} against {} differ at a batch axis where neither is 1.",
                        ndplay_core::shape::fmt_shape(ba),
                        ndplay_core::shape::fmt_shape(bb)
                    ),
                ));
            }
        };
    }
    Ok(out)
}

/// Element offsets of every batch matrix of `x` (batch axes left-padded and broadcast).
pub(crate) fn batch_offsets(
    view_shape: &[usize],
    view_strides: &[isize],
    batch: &[usize],
) -> Vec<isize> {
    let own = view_shape.len() - 2;
    let pad = batch.len() - own;
    let count: usize = batch.iter().product();
    let mut offs = Vec::with_capacity(count);
    let mut idx = vec![0usize; batch.len()];
    for _ in 0..count {
        let mut off = 0isize;
        for (axis, &i) in idx.iter().enumerate().skip(pad) {
            let j = axis - pad;
            if view_shape[j] != 1 {
                off += i as isize * view_strides[j];
            }
        }
        offs.push(off);
        for axis in (0..batch.len()).rev() {
            idx[axis] += 1;
            if idx[axis] < batch[axis] {
                break;
            }
            idx[axis] = 0;
        }
    }
    offs
}

/// `(batch..., n, k) @ (batch..., k, m)` for 2-D-or-more operands, in `dtype`.
fn batched(
    a: &Array,
    b: &Array,
    dtype: DType,
    batch: &[usize],
    n: usize,
    k: usize,
    m: usize,
) -> Result<Array> {
    match dtype {
        DType::Float64 => batched_field::<f64>(a, b, batch, n, k, m),
        DType::Float32 => batched_field::<f32>(a, b, batch, n, k, m),
        DType::Complex64 => batched_field::<C64>(a, b, batch, n, k, m),
        DType::Complex128 => batched_field::<C128>(a, b, batch, n, k, m),
        // NumPy computes half products in single precision and rounds once per element.
        DType::Float16 => {
            batched_field::<f32>(a, b, batch, n, k, m)?.astype(DType::Float16, Casting::Unsafe)
        }
        // True exactly where some a[i, p] and b[p, j] are both true: count in int64.
        DType::Bool => {
            batched_int::<i64>(a, b, batch, n, k, m)?.astype(DType::Bool, Casting::Unsafe)
        }
        DType::Int8 => batched_int::<i8>(a, b, batch, n, k, m),
        DType::Int16 => batched_int::<i16>(a, b, batch, n, k, m),
        DType::Int32 => batched_int::<i32>(a, b, batch, n, k, m),
        DType::Int64 => batched_int::<i64>(a, b, batch, n, k, m),
        DType::UInt8 => batched_int::<u8>(a, b, batch, n, k, m),
        DType::UInt16 => batched_int::<u16>(a, b, batch, n, k, m),
        DType::UInt32 => batched_int::<u32>(a, b, batch, n, k, m),
        DType::UInt64 => batched_int::<u64>(a, b, batch, n, k, m),
        DType::Object => Err(Error::records_not_implemented("matmul", dtype)),
        DType::Str(_) | DType::Record(_) => Err(Error::NoLoop {
            op: "matmul".into(),
            dtypes: vec![a.dtype(), b.dtype()],
        }),
    }
}

/// Runs `f(a view, b view, a batch offsets, b batch offsets, output)` with both operands
/// typed as `T` and a fresh `(batch..., n, m)` output.
fn with_batched<T: Element>(
    a: &Array,
    b: &Array,
    batch: &[usize],
    (n, m): (usize, usize),
    f: impl FnOnce(&View<T>, &View<T>, &[isize], &[isize], &mut ViewMut<T>),
) -> Result<Array> {
    let (a, b) = (typed::<T>(a)?, typed::<T>(b)?);
    with_views::<T, _>(&[&a, &b], |v| {
        let oa = batch_offsets(&v[0].shape, &v[0].strides, batch);
        let ob = batch_offsets(&v[1].shape, &v[1].strides, batch);
        let mut shape = batch.to_vec();
        shape.extend([n, m]);
        with_output::<T>(&shape, |out| f(&v[0], &v[1], &oa, &ob, out))
    })
}

fn batched_field<T: Field>(
    a: &Array,
    b: &Array,
    batch: &[usize],
    n: usize,
    k: usize,
    m: usize,
) -> Result<Array> {
    with_batched::<T>(a, b, batch, (n, m), |va, vb, oa, ob, out| {
        let (ra, rb) = (va.shape.len(), vb.shape.len());
        let flops = n.saturating_mul(k).saturating_mul(m);
        let out = &*out;
        let one_product = |i: usize, par: Par| {
            let lhs = va.mat(oa[i], Some(ra - 2), Some(ra - 1));
            let rhs = vb.mat(ob[i], Some(rb - 2), Some(rb - 1));
            T::product_into(out.mat_mut(i * n * m, n, m), lhs, rhs, par);
        };
        if flops >= PARALLEL_FLOPS || oa.len() == 1 {
            let par = if flops >= PARALLEL_FLOPS {
                Par::rayon(0)
            } else {
                Par::Seq
            };
            (0..oa.len()).for_each(|i| one_product(i, par));
        } else {
            (0..oa.len())
                .into_par_iter()
                .with_min_len(1.max(PARALLEL_FLOPS / flops.max(1)))
                .for_each(|i| one_product(i, Par::Seq));
        }
    })
}

/// The exact integer product: NumPy's wrapping arithmetic, summed in `p` order.
fn batched_int<T: Num>(
    a: &Array,
    b: &Array,
    batch: &[usize],
    n: usize,
    k: usize,
    m: usize,
) -> Result<Array> {
    with_batched::<T>(a, b, batch, (n, m), |va, vb, oa, ob, out| {
        let per = n * m;
        if per > 0 {
            out.slice()
                .par_chunks_mut(per)
                .enumerate()
                .for_each(|(i, c)| int_kernel(va, vb, oa[i], ob[i], c, n, k, m));
        }
    })
}

#[allow(clippy::too_many_arguments)]
fn int_kernel<T: Num>(
    va: &View<T>,
    vb: &View<T>,
    oa: isize,
    ob: isize,
    c: &mut [T],
    n: usize,
    k: usize,
    m: usize,
) {
    let (ra, rb) = (va.shape.len(), vb.shape.len());
    let (as0, as1) = (va.strides[ra - 2], va.strides[ra - 1]);
    let (bs0, bs1) = (vb.strides[rb - 2], vb.strides[rb - 1]);
    for i in 0..n {
        let row = &mut c[i * m..(i + 1) * m];
        for p in 0..k {
            let aip = va.at(oa + i as isize * as0 + p as isize * as1);
            let bp = ob + p as isize * bs0;
            for (j, cij) in row.iter_mut().enumerate() {
                *cij = T::add(*cij, T::mul(aip, vb.at(bp + j as isize * bs1)));
            }
        }
    }
}

/// `np.dot(a, b)`.
///
/// Shapes: either operand 0-D is `a * b`; `(k,)·(k,)` is a 0-D scalar; `(n, k)·(k, m)`
/// is `(n, m)`; in general `dot(a, b)[i.., j.., m] = sum(a[i.., :] * b[j.., :, m])`, the
/// sum over the last axis of `a` and the second-to-last of `b` (the only one when `b` is
/// 1-D), with shape `a.shape[:-1] + b.shape[:-2] + b.shape[-1:]`.
///
/// # Errors
/// NumPy's "shapes (..) and (..) not aligned" when the summed axes differ in length.
pub fn dot(a: &Array, b: &Array) -> Result<Array> {
    check_numeric("dot", &[a, b])?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return a.mul(b);
    }
    if a.ndim() == 1 && b.ndim() == 1 && a.shape() == b.shape() {
        vector_dot_diagnostic("dot", a, b)?;
    }
    let ka = a.shape()[a.ndim() - 1];
    let b_axis = if b.ndim() == 1 { 0 } else { b.ndim() - 2 };
    let kb = b.shape()[b_axis];
    if ka != kb {
        return Err(Error::value(
            format!(
                "shapes {} and {} not aligned: {ka} (dim {}) != {kb} (dim {b_axis})",
                compact(a.shape()),
                compact(b.shape()),
                a.ndim() - 1
            ),
            format!(
                "dot sums a's last axis (length {ka}) against b's {} axis (length {kb}); they must be equal. \
                 Transpose one operand (b.T) or check which axis holds the features.",
                if b.ndim() == 1 {
                    "only"
                } else {
                    "second-to-last"
                }
            ),
        ));
    }
    if a.ndim() <= 2 && b.ndim() <= 2 {
        return matmul_impl(a, b);
    }
    let p: usize = a.shape()[..a.ndim() - 1].iter().product();
    let a2 = a.reshape(&[p as isize, ka as isize])?;
    let b_moved = if b.ndim() == 1 {
        b.clone()
    } else {
        b.moveaxis(&[-2], &[0])?
    };
    let q: usize = b_moved.shape()[1..].iter().product();
    let b2 = b_moved.reshape(&[kb as isize, q as isize])?;
    let c = matmul_impl(&a2, &b2)?;
    let mut shape: Vec<isize> = a.shape()[..a.ndim() - 1]
        .iter()
        .map(|&d| d as isize)
        .collect();
    if b.ndim() > 1 {
        shape.extend(b.shape()[..b.ndim() - 2].iter().map(|&d| d as isize));
        shape.push(b.shape()[b.ndim() - 1] as isize);
    }
    c.reshape(&shape)
}

/// `np.vdot(a, b)`: both flattened, `a` complex-conjugated, summed: `sum(conj(a) * b)`.
/// Shapes: any two arrays of the same size; the result is 0-D.
///
/// # Errors
/// Different sizes (NumPy's message, from reshaping `b` to `a`'s size).
pub fn vdot(a: &Array, b: &Array) -> Result<Array> {
    check_numeric("vdot", &[a, b])?;
    let fa = a.ravel(Order::C)?;
    let fb = b.ravel(Order::C)?;
    if fa.size() != fb.size() {
        return Err(Error::value(
            format!(
                "cannot reshape array of size {} into shape ({},)",
                fb.size(),
                fa.size()
            ),
            format!(
                "vdot flattens both operands and needs the same number of elements: a has {}, b has {}.",
                fa.size(),
                fb.size()
            ),
        ));
    }
    let fa = match fa.dtype() {
        DType::Complex64 => Array::from_vec(
            fa.to_vec::<C64>().into_iter().map(|c| c.conj()).collect(),
            fa.shape(),
        )?,
        DType::Complex128 => Array::from_vec(
            fa.to_vec::<C128>().into_iter().map(|c| c.conj()).collect(),
            fa.shape(),
        )?,
        _ => fa,
    };
    matmul_impl(&fa, &fb)
}

/// `np.inner(a, b)`: the sum over the last axes of both.
/// Shapes: `a.shape[:-1] + b.shape[:-1]`; `(k,)·(k,)` is 0-D; a 0-D operand multiplies.
///
/// # Errors
/// Last axes of different lengths (NumPy's "not aligned" message).
pub fn inner(a: &Array, b: &Array) -> Result<Array> {
    check_numeric("inner", &[a, b])?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return a.mul(b);
    }
    let (ka, kb) = (a.shape()[a.ndim() - 1], b.shape()[b.ndim() - 1]);
    if ka != kb {
        return Err(Error::value(
            format!(
                "shapes {} and {} not aligned: {ka} (dim {}) != {kb} (dim {})",
                compact(a.shape()),
                compact(b.shape()),
                a.ndim() - 1,
                b.ndim() - 1
            ),
            format!("inner sums the last axis of both operands; a's has length {ka} and b's {kb}."),
        ));
    }
    let p: usize = a.shape()[..a.ndim() - 1].iter().product();
    let q: usize = b.shape()[..b.ndim() - 1].iter().product();
    let a2 = a.reshape(&[p as isize, ka as isize])?;
    let b2 = b.reshape(&[q as isize, kb as isize])?;
    let c = matmul_impl(&a2, &b2.t())?;
    let shape: Vec<isize> = a.shape()[..a.ndim() - 1]
        .iter()
        .chain(&b.shape()[..b.ndim() - 1])
        .map(|&d| d as isize)
        .collect();
    c.reshape(&shape)
}

/// `np.outer(a, b)`: `out[i, j] = a.ravel()[i] * b.ravel()[j]`, shape `(a.size, b.size)`,
/// dtype as `np.multiply`.
pub fn outer(a: &Array, b: &Array) -> Result<Array> {
    check_numeric("outer", &[a, b])?;
    let fa = a.ravel(Order::C)?;
    let fb = b.ravel(Order::C)?;
    let col = fa.reshape(&[fa.size() as isize, 1])?;
    let row = fb.reshape(&[1, fb.size() as isize])?;
    // The outer broadcast is the point here, not an accident.
    ndplay_core::diagnostics::suppressed(|| col.mul(&row))
}

/// The `axes` argument of [`tensordot`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TensorAxes {
    /// `axes=n`: the last `n` axes of `a` with the first `n` of `b`.
    Count(usize),
    /// `axes=([a axes], [b axes])`, paired in order; negative axes count from the end.
    Pairs(Vec<isize>, Vec<isize>),
}

/// `np.tensordot(a, b, axes)`: sums products over the paired axes.
/// Shapes: the free axes of `a` (in order) followed by the free axes of `b`.
///
/// # Errors
/// Axis lists of different lengths or paired axes of different lengths ("shape-mismatch
/// for sum"), and axes out of range.
pub fn tensordot(a: &Array, b: &Array, axes: &TensorAxes) -> Result<Array> {
    check_numeric("tensordot", &[a, b])?;
    let (ax_a, ax_b): (Vec<usize>, Vec<usize>) = match axes {
        TensorAxes::Count(n) => {
            let n = *n;
            if n > a.ndim() || n > b.ndim() {
                return Err(Error::value(
                    "shape-mismatch for sum",
                    format!(
                        "axes={n} sums the last {n} axes of a ({}-D) with the first {n} of b ({}-D); neither may have fewer.",
                        a.ndim(),
                        b.ndim()
                    ),
                ));
            }
            ((a.ndim() - n..a.ndim()).collect(), (0..n).collect())
        }
        TensorAxes::Pairs(xa, xb) => {
            if xa.len() != xb.len() {
                return Err(Error::value(
                    "shape-mismatch for sum",
                    format!(
                        "tensordot pairs axes one to one, but got {} axes for a and {} for b.",
                        xa.len(),
                        xb.len()
                    ),
                ));
            }
            (
                ndplay_core::shape::normalize_axes("tensordot", xa, a.ndim())?,
                ndplay_core::shape::normalize_axes("tensordot", xb, b.ndim())?,
            )
        }
    };
    for (&i, &j) in ax_a.iter().zip(&ax_b) {
        if a.shape()[i] != b.shape()[j] {
            return Err(Error::value(
                "shape-mismatch for sum",
                format!(
                    "axis {i} of a (length {}) is paired with axis {j} of b (length {}); paired axes must have equal lengths. a is {}, b is {}.",
                    a.shape()[i],
                    b.shape()[j],
                    ndplay_core::shape::fmt_shape(a.shape()),
                    ndplay_core::shape::fmt_shape(b.shape())
                ),
            ));
        }
    }
    let free_a: Vec<usize> = (0..a.ndim()).filter(|x| !ax_a.contains(x)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|x| !ax_b.contains(x)).collect();
    let perm_a: Vec<isize> = free_a.iter().chain(&ax_a).map(|&x| x as isize).collect();
    let perm_b: Vec<isize> = ax_b.iter().chain(&free_b).map(|&x| x as isize).collect();
    let k: usize = ax_a.iter().map(|&i| a.shape()[i]).product();
    let p: usize = free_a.iter().map(|&i| a.shape()[i]).product();
    let q: usize = free_b.iter().map(|&i| b.shape()[i]).product();
    let a2 = a.permute(&perm_a)?.reshape(&[p as isize, k as isize])?;
    let b2 = b.permute(&perm_b)?.reshape(&[k as isize, q as isize])?;
    let c = matmul_impl(&a2, &b2)?;
    let shape: Vec<isize> = free_a
        .iter()
        .map(|&i| a.shape()[i])
        .chain(free_b.iter().map(|&i| b.shape()[i]))
        .map(|d| d as isize)
        .collect();
    c.reshape(&shape)
}

/// The loud failure mode of seeds/000: two 1-D vectors give a scalar where an outer
/// product may have been meant (see `ndplay_core::diagnostics`).
fn vector_dot_diagnostic(op: &str, a: &Array, b: &Array) -> Result<()> {
    use ndplay_core::diagnostics::{Diagnostic, Kind, emit};
    let n = a.shape()[0];
    emit(Diagnostic {
        kind: Kind::VectorDot,
        op: op.to_string(),
        operands: vec![(a.shape().to_vec(), a.dtype()), (b.shape().to_vec(), b.dtype())],
        message: format!(
            "{op}: both operands are 1-D of shape ({n},), so the result is one number (the inner product), \
             not a ({n}, {n}) matrix. If you expected an outer product, this is silently wrong."
        ),
        fix: "For the outer product use np.outer(a, b) or a[:, None] * b[None, :]; for the inner product \
              this is right (np.dot(a, b) == a @ b == sum(a * b))."
            .into(),
    })
}
