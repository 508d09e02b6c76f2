//! Indexing: basic indexing (integers, slices, `newaxis`, `...`) returns views; advanced
//! indexing (integer arrays, boolean masks, mixed with slices) returns copies, with
//! NumPy's rule for where the advanced axes land: in place when the advanced indices are
//! adjacent, first otherwise. Assignment works through both, broadcasting the value.
//!
//! ```
//! use ndplay_core::{Array, IndexItem, SliceArg};
//! let a = Array::arange_f64(0.0, 24.0, 1.0).reshape(&[2, 3, 4]).unwrap();
//! // a[0, :, [0, 1]]: the int and the array are advanced and not adjacent, so the
//! // broadcast index axis goes first.
//! let idx = Array::from_vec(vec![0i64, 1], &[2]).unwrap();
//! let r = a.index(&[IndexItem::Int(0), IndexItem::Slice(SliceArg::full()), IndexItem::Array(idx)]).unwrap();
//! assert_eq!(r.shape(), &[2, 3]);
//! // a[:, ::-1] is a view with a negative stride.
//! let v = a.index(&[IndexItem::Slice(SliceArg::full()), IndexItem::Slice(SliceArg::new(None, None, -1))]).unwrap();
//! assert_eq!(v.strides(), &[96, -32, 8]);
//! ```

use crate::array::{Array, copy_into};
use crate::dtype::{Casting, DType};
use crate::error::{Error, Result};
use crate::layout::{Layout, SliceArg};
use crate::shape::broadcast_shapes;

/// One entry of an index tuple.
#[derive(Clone, Debug)]
pub enum IndexItem {
    /// `a[3]`, `a[-1]`.
    Int(i64),
    /// `a[1:5:2]`.
    Slice(SliceArg),
    /// `a[None]` / `np.newaxis`.
    NewAxis,
    /// `a[...]`.
    Ellipsis,
    /// An integer or boolean array (advanced indexing).
    Array(Array),
}

/// Whether an index selects exactly one element (NumPy then returns a scalar, not an
/// array).
pub fn selects_scalar(items: &[IndexItem], ndim: usize) -> bool {
    items.iter().all(|i| matches!(i, IndexItem::Int(_))) && items.len() == ndim
}

fn too_many(ndim: usize, given: usize) -> Error {
    Error::index(
        format!(
            "too many indices for array: array is {ndim}-dimensional, but {given} were indexed"
        ),
        format!("A {ndim}-D array takes at most {ndim} indices (plus any None/newaxis)."),
    )
}

/// Expands `...`, turns boolean arrays into their `nonzero()` integer arrays, and checks
/// the count of indexed axes.
fn normalize(items: &[IndexItem], ndim: usize) -> Result<Vec<IndexItem>> {
    let ellipses = items
        .iter()
        .filter(|i| matches!(i, IndexItem::Ellipsis))
        .count();
    if ellipses > 1 {
        return Err(Error::index(
            "an index can only have a single ellipsis ('...')",
            "Use at most one ... in an index.",
        ));
    }
    let consumed: usize = items
        .iter()
        .map(|i| match i {
            IndexItem::Int(_) | IndexItem::Slice(_) => 1,
            IndexItem::Array(a) if a.dtype() == DType::Bool => a.ndim().max(1),
            IndexItem::Array(_) => 1,
            _ => 0,
        })
        .sum();
    if consumed > ndim {
        return Err(too_many(ndim, consumed));
    }
    let mut out = Vec::new();
    let mut axis = 0usize;
    for item in items {
        match item {
            IndexItem::Ellipsis => {
                for _ in 0..ndim - consumed {
                    out.push(IndexItem::Slice(SliceArg::full()));
                    axis += 1;
                }
            }
            IndexItem::Array(m) if m.dtype() == DType::Bool => {
                if m.ndim() == 0 {
                    return Err(Error::index(
                        "0-d boolean indices are not supported by ndplay",
                        "Index with a boolean array that has one entry per element of the axes it masks.",
                    ));
                }
                let arr_shape = m.shape().to_vec();
                // `axis` counts input axes consumed so far, which is what the mask covers.
                let _ = &arr_shape;
                out.push(IndexItem::Array(m.clone()));
                axis += m.ndim();
            }
            IndexItem::NewAxis => out.push(IndexItem::NewAxis),
            other => {
                out.push(other.clone());
                axis += 1;
            }
        }
    }
    let _ = axis;
    Ok(out)
}

impl Array {
    /// `a[items]`: a view for basic indices, a copy when any advanced index is present.
    pub fn index(&self, items: &[IndexItem]) -> Result<Array> {
        let items = normalize(items, self.ndim())?;
        let advanced = items.iter().any(|i| matches!(i, IndexItem::Array(_)));
        if !advanced {
            return Ok(self.view_with(basic_layout(self.layout(), &items)?));
        }
        let plan = AdvancedPlan::new(self, &items)?;
        // Like NumPy, gather into (index axes, remaining axes) order, then return a
        // transposed view when the index axes belong elsewhere.
        let nb = plan.bshape.len();
        let mut gather_shape = plan.bshape.clone();
        gather_shape.extend(plan.rest.iter().map(|&r| plan.view.shape()[r]));
        let buf = Array::try_zeros(&gather_shape, self.dtype())?;
        let src_offs = plan.source_offsets(self.layout());
        let item = self.itemsize();
        {
            let src = self.storage().read();
            let mut dst = buf.storage().write()?;
            for (k, s) in src_offs.iter().enumerate() {
                let s = *s as usize;
                dst[k * item..(k + 1) * item].copy_from_slice(&src[s..s + item]);
            }
        }
        if plan.insert_at == 0 {
            return Ok(buf);
        }
        let nd = gather_shape.len();
        let perm: Vec<isize> = (0..nd)
            .map(|j| {
                if j < plan.insert_at {
                    nb + j
                } else if j < plan.insert_at + nb {
                    j - plan.insert_at
                } else {
                    j
                }
            })
            .map(|a| a as isize)
            .collect();
        buf.permute(&perm)
    }

    /// `a[items] = value`, with the value broadcast to the indexed shape and cast to
    /// `a`'s dtype.
    pub fn index_assign(&self, items: &[IndexItem], value: &Array) -> Result<()> {
        self.check_writeable("setitem")?;
        if crate::diagnostics::enabled() {
            self.diagnose_write(value)?;
        }
        let items = normalize(items, self.ndim())?;
        let advanced = items.iter().any(|i| matches!(i, IndexItem::Array(_)));
        if !advanced {
            let view = self.view_with(basic_layout(self.layout(), &items)?);
            return copy_into(&view, value);
        }
        let plan = AdvancedPlan::new(self, &items)?;
        // Cast and broadcast the value to the result shape, then walk it in the same
        // (advanced, rest) order as the gather.
        let staged = Array::try_zeros(&plan.out_shape, self.dtype())?;
        copy_into(&staged, value).map_err(|_| {
            Error::value(
                format!(
                    "shape mismatch: value array of shape {} could not be broadcast to indexing result of shape {}",
                    crate::error::fmt_shape_compact(value.shape()),
                    crate::error::fmt_shape_compact(&plan.out_shape)
                ),
                "The value must broadcast to the shape the index selects.",
            )
        })?;
        let src_offs = plan.dest_order(&staged)?.element_offsets();
        let dst_offs = plan.source_offsets(self.layout());
        let item = self.itemsize();
        let src = staged.storage().read();
        let mut dst = self.storage().write()?;
        for (s, d) in src_offs.iter().zip(&dst_offs) {
            let d = *d as usize;
            dst[d..d + item].copy_from_slice(&src[*s..*s + item]);
        }
        Ok(())
    }

    /// `np.nonzero(a)`: one int64 array of indices per axis, in C order.
    pub fn nonzero(&self) -> Result<Vec<Array>> {
        if self.dtype().is_opaque() {
            return Err(Error::records_not_implemented("nonzero", self.dtype()));
        }
        let mask = if self.dtype() == DType::Bool {
            self.clone()
        } else if let DType::Str(_) = self.dtype() {
            let v: Vec<bool> = self.to_strings().iter().map(|s| !s.is_empty()).collect();
            Array::from_vec(v, self.shape())?
        } else {
            self.astype(DType::Bool, Casting::Unsafe)?
        };
        let flags = mask.try_to_vec::<bool>()?;
        let nd = self.ndim().max(1);
        let shape = if self.ndim() == 0 {
            vec![1]
        } else {
            self.shape().to_vec()
        };
        let mut cols: Vec<Vec<i64>> = vec![Vec::new(); nd];
        let mut idx = vec![0usize; nd];
        for (k, &f) in flags.iter().enumerate() {
            if f {
                for (c, &i) in cols.iter_mut().zip(&idx) {
                    c.push(i as i64);
                }
            }
            let _ = k;
            for ax in (0..nd).rev() {
                idx[ax] += 1;
                if idx[ax] < shape[ax] {
                    break;
                }
                idx[ax] = 0;
            }
        }
        // NumPy fills one (N, ndim) array and hands out its columns as views.
        let n = cols.first().map(Vec::len).unwrap_or(0);
        let mut data = Vec::with_capacity(n * nd);
        for i in 0..n {
            data.extend(cols.iter().map(|c| c[i]));
        }
        let table = Array::from_vec(data, &[n, nd])?;
        (0..nd)
            .map(|k| table.index(&[IndexItem::Slice(SliceArg::full()), IndexItem::Int(k as i64)]))
            .collect()
    }

    /// `np.argwhere(a)`: an `(N, ndim)` int64 array of the nonzero positions.
    pub fn argwhere(&self) -> Result<Array> {
        let cols = self.nonzero()?;
        let n = cols.first().map(|c| c.size()).unwrap_or(0);
        let nd = self.ndim();
        // NumPy computes argwhere as the transpose of the stacked (ndim, N) indices.
        let mut data = Vec::with_capacity(n * nd);
        for c in cols.iter().take(nd) {
            data.extend(c.to_vec::<i64>());
        }
        Ok(Array::from_vec(data, &[nd, n])?.t())
    }
}

/// Applies basic (view) indices to a layout.
fn basic_layout(layout: &Layout, items: &[IndexItem]) -> Result<Layout> {
    let mut l = layout.clone();
    let mut axis = 0usize;
    // The input array's axis the item consumes, for error messages: integers drop their
    // axis from the view, so the view position alone does not say it.
    let mut input_axis = 0usize;
    for item in items {
        match item {
            IndexItem::Int(i) => {
                l = l.index_axis(axis, *i).map_err(|e| match e {
                    Error::IndexOutOfBounds { index, size, .. } => Error::IndexOutOfBounds {
                        index,
                        axis: input_axis,
                        size,
                    },
                    other => other,
                })?;
                input_axis += 1;
            }
            IndexItem::Slice(s) => {
                l = l.slice_axis(axis, *s)?;
                axis += 1;
                input_axis += 1;
            }
            IndexItem::NewAxis => {
                l = l.insert_axis(axis);
                axis += 1;
            }
            IndexItem::Ellipsis | IndexItem::Array(_) => unreachable!("normalized away / advanced"),
        }
    }
    Ok(l)
}

/// Everything needed to gather or scatter through advanced indices.
struct AdvancedPlan {
    /// The basic-indexed view: slices applied, advanced axes still whole.
    view: Layout,
    /// Per advanced axis of `view`: its position and the broadcast, bounds-checked indices.
    adv: Vec<(usize, Vec<i64>)>,
    /// The broadcast shape of the index arrays.
    bshape: Vec<usize>,
    /// Positions of the non-advanced axes of `view`.
    rest: Vec<usize>,
    /// Where the advanced block lands in the result.
    insert_at: usize,
    /// The result shape.
    out_shape: Vec<usize>,
}

impl AdvancedPlan {
    fn new(a: &Array, items: &[IndexItem]) -> Result<AdvancedPlan> {
        let mut l = a.layout().clone();
        let mut axis = 0usize; // position in the view
        let mut input_axis = 0usize;
        let mut adv_raw: Vec<(usize, usize, Array)> = Vec::new(); // (view axis, input axis, int array)
        let mut item_positions = Vec::new();
        for (pos, item) in items.iter().enumerate() {
            match item {
                IndexItem::Int(i) => {
                    adv_raw.push((axis, input_axis, Array::from_vec(vec![*i], &[])?));
                    item_positions.push(pos);
                    axis += 1;
                    input_axis += 1;
                }
                IndexItem::Slice(s) => {
                    l = l.slice_axis(axis, *s)?;
                    axis += 1;
                    input_axis += 1;
                }
                IndexItem::NewAxis => {
                    l = l.insert_axis(axis);
                    axis += 1;
                }
                IndexItem::Array(m) if m.dtype() == DType::Bool => {
                    let covered = &a.shape()[input_axis..input_axis + m.ndim()];
                    for (k, (&want, &got)) in covered.iter().zip(m.shape()).enumerate() {
                        if want != got {
                            return Err(Error::index(
                                format!(
                                    "boolean index did not match indexed array along axis {}; size of axis is {want} but size of corresponding boolean axis is {got}",
                                    input_axis + k
                                ),
                                "A boolean mask needs exactly the shape of the axes it selects from (build it from the same array: a[a > 0]).",
                            ));
                        }
                    }
                    for col in m.nonzero()? {
                        adv_raw.push((axis, input_axis, col));
                        item_positions.push(pos);
                        axis += 1;
                        input_axis += 1;
                    }
                }
                IndexItem::Array(ix) => {
                    if !(ix.dtype().is_integer()) {
                        return Err(Error::index(
                            "arrays used as indices must be of integer (or boolean) type",
                            format!(
                                "The index array has dtype {}; convert it with .astype(int).",
                                ix.dtype()
                            ),
                        ));
                    }
                    adv_raw.push((axis, input_axis, ix.clone()));
                    item_positions.push(pos);
                    axis += 1;
                    input_axis += 1;
                }
                IndexItem::Ellipsis => unreachable!("normalized"),
            }
        }
        let shapes: Vec<&[usize]> = adv_raw.iter().map(|(_, _, a)| a.shape()).collect();
        let bshape = broadcast_shapes("index", &shapes).map_err(|_| {
            Error::index(
                format!(
                    "shape mismatch: indexing arrays could not be broadcast together with shapes {}",
                    shapes.iter().map(|s| crate::error::fmt_shape_compact(s)).collect::<Vec<_>>().join(" ")
                ),
                "All index arrays in one index broadcast together, like operands of +; give them matching shapes.",
            )
        })?;
        let mut adv = Vec::new();
        for (vaxis, iaxis, arr) in &adv_raw {
            let size = l.shape()[*vaxis];
            let b = arr.broadcast_to(&bshape)?.to_vec::<i64>();
            let mut norm = Vec::with_capacity(b.len());
            for v in b {
                let w = if v < 0 { v + size as i64 } else { v };
                if w < 0 || w >= size as i64 {
                    return Err(Error::IndexOutOfBounds {
                        index: v,
                        axis: *iaxis,
                        size,
                    });
                }
                norm.push(w);
            }
            adv.push((*vaxis, norm));
        }
        let adv_axes: Vec<usize> = adv.iter().map(|a| a.0).collect();
        let rest: Vec<usize> = (0..l.ndim()).filter(|a| !adv_axes.contains(a)).collect();
        // Adjacent means the advanced items sit next to each other in the index tuple.
        let adjacent = item_positions.windows(2).all(|w| w[1] - w[0] <= 1);
        let insert_at = if adjacent {
            rest.iter().filter(|&&r| r < adv_axes[0]).count()
        } else {
            0
        };
        let mut out_shape: Vec<usize> = rest.iter().map(|&r| l.shape()[r]).collect();
        for (k, &d) in bshape.iter().enumerate() {
            out_shape.insert(insert_at + k, d);
        }
        Ok(AdvancedPlan {
            view: l,
            adv,
            bshape,
            rest,
            insert_at,
            out_shape,
        })
    }

    /// Source byte offsets in (broadcast index, rest) C order.
    fn source_offsets(&self, _base: &Layout) -> Vec<isize> {
        let nb: usize = self.bshape.iter().product();
        let rest_layout = Layout::new(
            self.rest.iter().map(|&r| self.view.shape()[r]).collect(),
            self.rest.iter().map(|&r| self.view.strides()[r]).collect(),
            0,
        );
        let rest_offs: Vec<isize> = offsets_of(&rest_layout);
        let mut out = Vec::with_capacity(nb * rest_offs.len());
        for b in 0..nb {
            let mut off = self.view.offset() as isize;
            for (axis, idx) in &self.adv {
                off += idx[b] as isize * self.view.strides()[*axis];
            }
            for r in &rest_offs {
                out.push(off + r);
            }
        }
        out
    }

    /// A view of a result-shaped array with axes reordered to (broadcast index, rest).
    fn dest_order(&self, out: &Array) -> Result<Array> {
        let nb = self.bshape.len();
        let nd = self.out_shape.len();
        let mut perm: Vec<isize> = (self.insert_at..self.insert_at + nb)
            .map(|a| a as isize)
            .collect();
        perm.extend(
            (0..nd)
                .filter(|a| *a < self.insert_at || *a >= self.insert_at + nb)
                .map(|a| a as isize),
        );
        out.permute(&perm)
    }
}

fn offsets_of(l: &Layout) -> Vec<isize> {
    let n = l.size();
    let mut out = Vec::with_capacity(n);
    if n == 0 {
        return out;
    }
    let mut idx = vec![0usize; l.ndim()];
    let mut off = l.offset() as isize;
    loop {
        out.push(off);
        let mut axis = l.ndim();
        loop {
            if axis == 0 {
                return out;
            }
            axis -= 1;
            idx[axis] += 1;
            off += l.strides()[axis];
            if idx[axis] < l.shape()[axis] {
                break;
            }
            off -= l.strides()[axis] * l.shape()[axis] as isize;
            idx[axis] = 0;
        }
    }
}
