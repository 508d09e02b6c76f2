//! Shape algebra: `reshape` (a view exactly when NumPy gives one), `ravel`, `flatten`,
//! `transpose`, `swapaxes`, `moveaxis`, `squeeze`, `expand_dims`, `broadcast_to`,
//! `broadcast_arrays`, `concatenate`, `stack`, `hstack`, `vstack`, `split`, `repeat`,
//! `tile`.
//!
//! ```
//! use ndplay_core::{Array, Order};
//! let a = Array::arange_f64(0.0, 12.0, 1.0).reshape(&[3, 4]).unwrap();
//! let t = a.t();
//! assert!(t.shares_memory(&a));
//! let r = t.reshape(&[-1]).unwrap();         // transpose can't be flattened in place
//! assert!(!r.shares_memory(&a));
//! let f = t.reshape_order(&[-1], Order::F).unwrap(); // but in F order it can
//! assert!(f.shares_memory(&a));
//! ```

use crate::array::{Array, Order, copy_into};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{Layout, SliceArg};
use crate::shape::{broadcast_shapes, fmt_shape, normalize_axis};

impl Array {
    /// Resolves a requested shape with at most one `-1`.
    pub fn resolve_shape(&self, shape: &[isize]) -> Result<Vec<usize>> {
        let size = self.size();
        let unknown: Vec<usize> = shape
            .iter()
            .enumerate()
            .filter(|(_, d)| **d < 0)
            .map(|(i, _)| i)
            .collect();
        if unknown.len() > 1 || shape.iter().any(|&d| d < -1) {
            return Err(Error::value(
                if unknown.len() > 1 {
                    "can only specify one unknown dimension".to_string()
                } else {
                    "negative dimensions not allowed".to_string()
                },
                "Use -1 for at most one axis; NumPy infers it from the others.",
            ));
        }
        let known: usize = shape
            .iter()
            .filter(|&&d| d >= 0)
            .map(|&d| d as usize)
            .product();
        let mut out: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
        if let Some(&i) = unknown.first() {
            if known == 0 || !size.is_multiple_of(known) {
                return Err(Error::Reshape {
                    size,
                    shape: shape.to_vec(),
                });
            }
            out[i] = size / known;
        } else if known != size {
            return Err(Error::Reshape {
                size,
                shape: shape.to_vec(),
            });
        }
        Ok(out)
    }

    /// `a.reshape(shape)` in C order. A view when the data allow it, else a copy (whose
    /// `.base` is the copy, as in NumPy).
    pub fn reshape(&self, shape: &[isize]) -> Result<Array> {
        self.reshape_order(shape, Order::C)
    }

    /// `a.reshape(shape, order=)` with order `C`, `F` or `A`.
    pub fn reshape_order(&self, shape: &[isize], order: Order) -> Result<Array> {
        let new_shape = self.resolve_shape(shape)?;
        let fortran = match order {
            Order::F => true,
            Order::A => self.layout().is_f_contiguous(self.itemsize()) && !self.is_c_contiguous(),
            _ => false,
        };
        let item = self.itemsize();
        if new_shape == self.shape() {
            return Ok(self.view_with(self.layout().clone()));
        }
        let contiguous = if fortran {
            self.layout().is_f_contiguous(item)
        } else {
            self.is_c_contiguous()
        };
        if contiguous {
            let mut l = if fortran {
                Layout::f_contiguous(&new_shape, item)
            } else {
                Layout::c_contiguous(&new_shape, item)
            };
            l = Layout::new(
                l.shape().to_vec(),
                l.strides().to_vec(),
                self.layout().offset(),
            );
            return Ok(self.view_with(l));
        }
        if let Some(l) = self.layout().reshape_view(&new_shape, item, fortran) {
            return Ok(self.view_with(l));
        }
        if self.size() > 1 {
            crate::diagnostics::emit(crate::diagnostics::Diagnostic {
                kind: crate::diagnostics::Kind::ReshapeCopied,
                op: "reshape".into(),
                operands: vec![(self.shape().to_vec(), self.dtype())],
                message: format!(
                    "reshape: the array of shape {} with strides {:?} is not contiguous in {} order, so \
                     reshaping to {} copied all {} elements. The result is not a view: writes to it will \
                     not reach the original.",
                    crate::shape::fmt_shape(self.shape()),
                    self.strides(),
                    if fortran { "F" } else { "C" },
                    crate::shape::fmt_shape(&new_shape),
                    self.size()
                ),
                fix: "Call .copy() explicitly to make the copy visible in your code, or reshape before \
                      transposing/slicing so a view is possible."
                    .into(),
            })?;
        }
        let copy = self.copy(if fortran { Order::F } else { Order::C })?;
        let l = if fortran {
            Layout::f_contiguous(&new_shape, item)
        } else {
            Layout::c_contiguous(&new_shape, item)
        };
        Ok(copy.view_with(l))
    }

    /// Whether `reshape(shape)` would copy (for teaching: "non-contiguous arrays silently
    /// copy on reshape").
    pub fn reshape_copies(&self, shape: &[isize]) -> Result<bool> {
        let r = self.reshape(shape)?;
        Ok(self.size() > 0 && !std::sync::Arc::ptr_eq(r.storage(), self.storage()))
    }

    /// `a.ravel(order)`: a view when contiguous in that order, else a copy.
    pub fn ravel(&self, order: Order) -> Result<Array> {
        match self.resolve_order_a(order) {
            Order::K => {
                let axes = self.order_axes(Order::K);
                let p = self.permute(&axes.iter().map(|&a| a as isize).collect::<Vec<_>>())?;
                if p.is_c_contiguous() {
                    p.reshape(&[-1])
                } else {
                    Ok(self.copy(Order::K)?.reshape(&[-1])?.owned())
                }
            }
            Order::F => {
                if self.layout().is_f_contiguous(self.itemsize()) {
                    self.reshape_order(&[-1], Order::F)
                } else {
                    Ok(self.copy(Order::F)?.reshape_order(&[-1], Order::F)?.owned())
                }
            }
            _ => {
                if self.is_c_contiguous() {
                    self.reshape(&[-1])
                } else {
                    Ok(self.copy(Order::C)?.reshape(&[-1])?.owned())
                }
            }
        }
    }

    /// `a.flatten(order)`: always a copy.
    pub fn flatten(&self, order: Order) -> Result<Array> {
        // A copy laid out in `order`, read back in that order: a view of the copy.
        let order = self.resolve_order_a(order);
        Ok(self.copy(order)?.ravel(order)?.owned())
    }

    /// NumPy's `order='A'`: `F` when the array is Fortran-contiguous and not C-contiguous
    /// (`x.T` of a C array), else `C`. Other orders are returned as they are.
    fn resolve_order_a(&self, order: Order) -> Order {
        match order {
            Order::A
                if self.layout().is_f_contiguous(self.itemsize()) && !self.is_c_contiguous() =>
            {
                Order::F
            }
            Order::A => Order::C,
            other => other,
        }
    }

    /// Marks a view over a fresh private copy as owning its data (the copy has no other
    /// handle, so to the user it *is* the owner).
    pub(crate) fn owned(self) -> Array {
        self.into_owner()
    }

    /// `a.T`: axes reversed, a view.
    pub fn t(&self) -> Array {
        self.view_with(self.layout().transposed())
    }

    /// `np.transpose(a, axes)` / `a.permute`: output axis `i` is input axis `axes[i]`.
    pub fn permute(&self, axes: &[isize]) -> Result<Array> {
        let n = self.ndim();
        if axes.len() != n {
            return Err(Error::value(
                "axes don't match array",
                format!(
                    "transpose of a {n}-D array needs {n} axes, got {}.",
                    axes.len()
                ),
            ));
        }
        let mut perm = Vec::with_capacity(n);
        for &a in axes {
            let ax = normalize_axis("transpose", a, n)?;
            if perm.contains(&ax) {
                return Err(Error::value(
                    "repeated axis in transpose",
                    "Each axis must appear exactly once.",
                ));
            }
            perm.push(ax);
        }
        Ok(self.view_with(self.layout().permuted(&perm)))
    }

    /// `np.swapaxes(a, a1, a2)`.
    pub fn swapaxes(&self, a1: isize, a2: isize) -> Result<Array> {
        let n = self.ndim();
        let (i, j) = (
            normalize_axis("swapaxes", a1, n)?,
            normalize_axis("swapaxes", a2, n)?,
        );
        let mut perm: Vec<isize> = (0..n as isize).collect();
        perm.swap(i, j);
        self.permute(&perm)
    }

    /// A view in which output axis `j` steps every input axis `i` with
    /// `out_axis_of[i] == j` together: the stride of `j` is the sum of theirs. This is
    /// how `np.einsum('ii->i', a)` is a writeable view of the diagonal
    /// (`out_axis_of = [0, 0]`), and `'ij->ji'` a transpose (`[1, 0]`).
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_vec((0..9).map(f64::from).collect(), &[3, 3]).unwrap();
    /// let d = a.merged_axes_view(&[0, 0]).unwrap();
    /// assert_eq!(d.to_vec::<f64>(), vec![0.0, 4.0, 8.0]);
    /// assert!(d.shares_memory(&a));
    /// ```
    ///
    /// # Errors
    /// `out_axis_of` does not name one output axis per input axis, leaves an output axis
    /// without input, or merges axes of different lengths.
    pub fn merged_axes_view(&self, out_axis_of: &[usize]) -> Result<Array> {
        let n = self.ndim();
        if out_axis_of.len() != n {
            return Err(Error::value(
                format!(
                    "merged_axes_view: {} output axes given for a {n}-D array",
                    out_axis_of.len()
                ),
                format!("Give one output axis for each of the {n} axes."),
            ));
        }
        let out_ndim = out_axis_of.iter().max().map_or(0, |m| m + 1);
        let mut shape: Vec<Option<usize>> = vec![None; out_ndim];
        let mut strides = vec![0isize; out_ndim];
        for (i, &j) in out_axis_of.iter().enumerate() {
            let len = self.shape()[i];
            match shape[j] {
                Some(prev) if prev != len => {
                    return Err(Error::value(
                        format!(
                            "merged_axes_view: axis {i} has length {len} but an earlier axis merged into output axis {j} has length {prev}"
                        ),
                        "Only axes of equal length can be stepped together.",
                    ));
                }
                _ => shape[j] = Some(len),
            }
            strides[j] += self.strides()[i];
        }
        let shape = shape
            .into_iter()
            .enumerate()
            .map(|(j, s)| {
                s.ok_or_else(|| {
                    Error::value(
                        format!("merged_axes_view: no input axis goes to output axis {j}"),
                        "Every output axis needs at least one input axis.",
                    )
                })
            })
            .collect::<Result<Vec<usize>>>()?;
        // Every index of the view is an index of `self` with equal entries on merged
        // axes, so every byte it reaches lies inside `self`'s extent.
        Ok(self.view_with(Layout::new(shape, strides, self.layout().offset())))
    }

    /// `a.diagonal(offset, axis1, axis2)` as a view: the two axes are removed and their
    /// diagonal (starting `offset` above the main one, below if negative) becomes the
    /// last axis. NumPy returns it read-only, so the Python binding marks it so.
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_vec((0..6).map(f64::from).collect(), &[2, 3]).unwrap();
    /// assert_eq!(a.diagonal(1, 0, 1).unwrap().to_vec::<f64>(), vec![1.0, 5.0]);
    /// assert_eq!(a.diagonal(-1, 0, 1).unwrap().to_vec::<f64>(), vec![3.0]);
    /// ```
    ///
    /// # Errors
    /// Fewer than 2 axes, an axis out of bounds, or the same axis twice (NumPy's
    /// messages).
    pub fn diagonal(&self, offset: isize, axis1: isize, axis2: isize) -> Result<Array> {
        let n = self.ndim();
        if n < 2 {
            return Err(Error::value(
                "diag requires an array of at least two dimensions",
                format!(
                    "diagonal: this array has {n} axis/axes; reshape it to 2-D first, or use np.diag(v) to build a matrix with v on its diagonal."
                ),
            ));
        }
        // NumPy names the argument in the message: "axis2: axis 5 is out of bounds ...".
        let axis = |name: &str, k: isize| {
            normalize_axis("diagonal", k, n).map_err(|e| Error::Invalid {
                py_type: "AxisError",
                message: format!("{name}: {}", e.numpy_message()),
                hint: e.hint(),
            })
        };
        let (a1, a2) = (axis("axis1", axis1)?, axis("axis2", axis2)?);
        if a1 == a2 {
            return Err(Error::value(
                "axis1 and axis2 cannot be the same",
                format!("diagonal: both axes are {a1}; name two different axes."),
            ));
        }
        let (len1, len2) = (self.shape()[a1] as isize, self.shape()[a2] as isize);
        let (s1, s2) = (self.strides()[a1], self.strides()[a2]);
        let (skip1, skip2) = if offset >= 0 {
            (0, offset)
        } else {
            (offset.saturating_neg(), 0)
        };
        let len = (len1.saturating_sub(skip1))
            .min(len2.saturating_sub(skip2))
            .max(0);
        let mut start = self.layout().offset() as isize;
        if len > 0 {
            // In bounds: element [skip1, skip2] exists because len > 0.
            start += skip1 * s1 + skip2 * s2;
        }
        let mut shape = Vec::with_capacity(n - 1);
        let mut strides = Vec::with_capacity(n - 1);
        for i in (0..n).filter(|&i| i != a1 && i != a2) {
            shape.push(self.shape()[i]);
            strides.push(self.strides()[i]);
        }
        shape.push(len as usize);
        strides.push(s1 + s2);
        Ok(self.view_with(Layout::new(shape, strides, start as usize)))
    }

    /// `np.moveaxis(a, source, destination)`.
    pub fn moveaxis(&self, source: &[isize], destination: &[isize]) -> Result<Array> {
        let n = self.ndim();
        if source.len() != destination.len() {
            return Err(Error::value(
                "`source` and `destination` arguments must have the same number of elements",
                "List one destination per moved axis.",
            ));
        }
        let src = crate::shape::normalize_axes("moveaxis", source, n)?;
        let dst = crate::shape::normalize_axes("moveaxis", destination, n)?;
        let mut order: Vec<usize> = (0..n).filter(|a| !src.contains(a)).collect();
        let mut pairs: Vec<(usize, usize)> = dst.into_iter().zip(src).collect();
        pairs.sort_unstable();
        for (d, s) in pairs {
            order.insert(d, s);
        }
        self.permute(&order.iter().map(|&a| a as isize).collect::<Vec<_>>())
    }

    /// `np.squeeze(a, axis=)`: removes length-1 axes (all of them, or the ones named).
    pub fn squeeze(&self, axis: Option<&[isize]>) -> Result<Array> {
        let axes: Vec<usize> = match axis {
            None => (0..self.ndim()).filter(|&a| self.shape()[a] == 1).collect(),
            Some(list) => {
                let axes = crate::shape::normalize_axes("squeeze", list, self.ndim())?;
                for &a in &axes {
                    if self.shape()[a] != 1 {
                        return Err(Error::value(
                            "cannot select an axis to squeeze out which has size not equal to one",
                            format!(
                                "Axis {a} has length {} in shape {}; only length-1 axes can be squeezed.",
                                self.shape()[a],
                                fmt_shape(self.shape())
                            ),
                        ));
                    }
                }
                axes
            }
        };
        let mut l = self.layout().clone();
        for &a in axes.iter().rev() {
            l = l.remove_axis(a);
        }
        Ok(self.view_with(l))
    }

    /// `np.expand_dims(a, axis)`: inserts a length-1 axis (negative axes count in the
    /// result's rank).
    pub fn expand_dims(&self, axis: &[isize]) -> Result<Array> {
        let out_nd = self.ndim() + axis.len();
        let axes = crate::shape::normalize_axes("expand_dims", axis, out_nd)?;
        let mut shape = Vec::with_capacity(out_nd);
        let mut it = self.shape().iter();
        for i in 0..out_nd {
            shape.push(if axes.contains(&i) {
                1
            } else {
                *it.next().expect("counted") as isize
            });
        }
        self.reshape(&shape)
    }

    /// `np.broadcast_to(a, shape)`: a read-only view with zero strides.
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Array> {
        Ok(self
            .view_with(self.layout().broadcast_to(shape)?)
            .read_only())
    }

    /// Copies `value` (broadcast) into every element of `self`.
    pub fn assign(&self, value: &Array) -> Result<()> {
        copy_into(self, value)
    }
}

/// `np.broadcast_arrays(*arrays)`: views of every input at the common shape.
pub fn broadcast_arrays(arrays: &[&Array]) -> Result<Vec<Array>> {
    let shapes: Vec<&[usize]> = arrays.iter().map(|a| a.shape()).collect();
    let shape = broadcast_shapes("broadcast_arrays", &shapes)?;
    arrays
        .iter()
        .map(|a| Ok(a.view_with(a.layout().broadcast_to(&shape)?)))
        .collect()
}

fn common_dtype(op: &str, arrays: &[&Array]) -> Result<DType> {
    let mut dt = arrays[0].dtype();
    for a in &arrays[1..] {
        dt = DType::try_promote(dt, a.dtype()).ok_or_else(|| Error::NoLoop {
            op: op.to_string(),
            dtypes: arrays.iter().map(|a| a.dtype()).collect(),
        })?;
    }
    Ok(dt)
}

/// `np.concatenate(arrays, axis)`.
pub fn concatenate(arrays: &[&Array], axis: isize) -> Result<Array> {
    if arrays.is_empty() {
        return Err(Error::value(
            "need at least one array to concatenate",
            "Pass a non-empty list of arrays.",
        ));
    }
    let nd = arrays[0].ndim();
    if nd == 0 {
        return Err(Error::value(
            "zero-dimensional arrays cannot be concatenated",
            "Use np.stack for scalars, or give them an axis first (np.atleast_1d).",
        ));
    }
    let ax = normalize_axis("concatenate", axis, nd)?;
    for (i, a) in arrays.iter().enumerate() {
        if a.ndim() != nd {
            return Err(Error::value(
                format!(
                    "all the input arrays must have same number of dimensions, but the array at index 0 has {} dimension(s) and the array at index {i} has {} dimension(s)",
                    nd,
                    a.ndim()
                ),
                "Every input needs the same rank; add axes with a[None] or np.expand_dims.",
            ));
        }
        for d in 0..nd {
            if d != ax && a.shape()[d] != arrays[0].shape()[d] {
                return Err(Error::value(
                    format!(
                        "all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {} and the array at index {i} has size {}",
                        arrays[0].shape()[d],
                        a.shape()[d]
                    ),
                    format!(
                        "Shapes {} and {} differ off axis {ax}; only the concatenation axis may differ.",
                        fmt_shape(arrays[0].shape()),
                        fmt_shape(a.shape())
                    ),
                ));
            }
        }
    }
    let dt = common_dtype("concatenate", arrays)?;
    let mut shape = arrays[0].shape().to_vec();
    shape[ax] = arrays.iter().map(|a| a.shape()[ax]).sum();
    let out = Array::try_zeros(&shape, dt)?;
    let mut start = 0isize;
    for a in arrays {
        let len = a.shape()[ax] as isize;
        let view = out.view_with(
            out.layout()
                .slice_axis(ax, SliceArg::new(Some(start), Some(start + len), 1))?,
        );
        copy_into(&view, a)?;
        start += len;
    }
    Ok(out)
}

/// `np.stack(arrays, axis)`: joins along a new axis.
pub fn stack(arrays: &[&Array], axis: isize) -> Result<Array> {
    if arrays.is_empty() {
        return Err(Error::value(
            "need at least one array to stack",
            "Pass a non-empty list of arrays.",
        ));
    }
    for a in arrays {
        if a.shape() != arrays[0].shape() {
            return Err(Error::value(
                "all input arrays must have the same shape",
                format!(
                    "np.stack got {} and {}; stacking needs equal shapes (np.concatenate joins along an existing axis).",
                    fmt_shape(arrays[0].shape()),
                    fmt_shape(a.shape())
                ),
            ));
        }
    }
    let ax = normalize_axis("stack", axis, arrays[0].ndim() + 1)? as isize;
    let expanded: Vec<Array> = arrays
        .iter()
        .map(|a| a.expand_dims(&[ax]))
        .collect::<Result<_>>()?;
    concatenate(&expanded.iter().collect::<Vec<_>>(), ax)
}

/// `np.hstack`: along axis 1, or 0 for 1-D inputs.
pub fn hstack(arrays: &[&Array]) -> Result<Array> {
    let ats: Vec<Array> = arrays
        .iter()
        .map(|a| atleast_1d(a))
        .collect::<Result<_>>()?;
    let axis = if ats.first().map(|a| a.ndim() == 1).unwrap_or(true) {
        0
    } else {
        1
    };
    concatenate(&ats.iter().collect::<Vec<_>>(), axis)
}

/// `np.vstack`: along axis 0 after promoting 1-D inputs to rows.
pub fn vstack(arrays: &[&Array]) -> Result<Array> {
    let ats: Vec<Array> = arrays
        .iter()
        .map(|a| match a.ndim() {
            0 => a.reshape(&[1, 1]),
            1 => a.reshape(&[1, -1]),
            _ => Ok((*a).clone()),
        })
        .collect::<Result<_>>()?;
    concatenate(&ats.iter().collect::<Vec<_>>(), 0)
}

fn atleast_1d(a: &Array) -> Result<Array> {
    if a.ndim() == 0 {
        a.reshape(&[1])
    } else {
        Ok(a.clone())
    }
}

/// How to split: into N equal parts, or at indices.
#[derive(Clone, Debug)]
pub enum SplitSpec {
    /// `np.split(a, 3)`: equal parts, refused when the axis does not divide.
    Sections(usize),
    /// `np.split(a, [2, 5])`.
    Indices(Vec<isize>),
}

/// `np.split(a, spec, axis)`: views.
pub fn split(a: &Array, spec: &SplitSpec, axis: isize) -> Result<Vec<Array>> {
    let ax = normalize_axis("split", axis, a.ndim())?;
    let n = a.shape()[ax] as isize;
    let bounds: Vec<isize> = match spec {
        SplitSpec::Sections(k) => {
            if *k == 0 || n % *k as isize != 0 {
                return Err(Error::value(
                    "array split does not result in an equal division",
                    format!(
                        "Axis {ax} has length {n}, which does not divide into {k} equal parts; use np.array_split or give split indices."
                    ),
                ));
            }
            (1..*k as isize).map(|i| i * n / *k as isize).collect()
        }
        SplitSpec::Indices(idx) => idx.clone(),
    };
    let mut out = Vec::new();
    let mut prev = Some(0isize);
    for b in bounds.iter().map(|&b| Some(b)).chain(std::iter::once(None)) {
        let l = a.layout().slice_axis(ax, SliceArg::new(prev, b, 1))?;
        out.push(a.view_with(l));
        prev = b;
    }
    Ok(out)
}

/// `np.repeat(a, repeats, axis)`: `None` flattens first.
pub fn repeat(a: &Array, repeats: usize, axis: Option<isize>) -> Result<Array> {
    repeat_each(a, &[repeats], axis)
}

/// `np.repeat(a, repeats, axis)` with a count per element along the axis (`repeats` of
/// that length), or one count for all (`repeats` of length 1).
///
/// ```
/// use ndplay_core::{Array, repeat_each};
/// let a = Array::from_vec(vec![1i64, 2, 3], &[3]).unwrap();
/// assert_eq!(repeat_each(&a, &[0, 2, 1], None).unwrap().to_vec::<i64>(), [2, 2, 3]);
/// ```
pub fn repeat_each(a: &Array, repeats: &[usize], axis: Option<isize>) -> Result<Array> {
    let (x, ax) = match axis {
        None => (a.reshape(&[-1])?, 0),
        Some(ax) => (a.clone(), normalize_axis("repeat", ax, a.ndim())?),
    };
    let len = x.shape()[ax];
    if repeats.len() != 1 && repeats.len() != len {
        return Err(Error::value(
            format!(
                "operands could not be broadcast together with shape ({len},) ({},)",
                repeats.len()
            ),
            "np.repeat takes one count for all elements, or one count per element along \
             the axis.",
        ));
    }
    let count = |i: usize| repeats[if repeats.len() == 1 { 0 } else { i }];
    let total = (0..len)
        .try_fold(0usize, |t, i| t.checked_add(count(i)))
        .ok_or_else(|| Error::value("repeat: the result is too large", "Use smaller counts."))?;
    let mut shape = x.shape().to_vec();
    shape[ax] = total;
    let out = Array::try_zeros(&shape, x.dtype())?;
    let mut lo = 0usize;
    for i in 0..len {
        let n = count(i);
        if n == 0 {
            continue;
        }
        let src = x.view_with(
            x.layout()
                .slice_axis(ax, SliceArg::new(Some(i as isize), Some(i as isize + 1), 1))?,
        );
        let dst = out.view_with(out.layout().slice_axis(
            ax,
            SliceArg::new(Some(lo as isize), Some((lo + n) as isize), 1),
        )?);
        copy_into(&dst, &src)?;
        lo += n;
    }
    Ok(out)
}

/// `np.tile(a, reps)`.
pub fn tile(a: &Array, reps: &[usize]) -> Result<Array> {
    let nd = a.ndim().max(reps.len());
    let mut shape: Vec<isize> = vec![1; nd - a.ndim()];
    shape.extend(a.shape().iter().map(|&d| d as isize));
    let x = a.reshape(&shape)?;
    let mut r = vec![1usize; nd - reps.len()];
    r.extend_from_slice(reps);
    // View x as (1, d0, 1, d1, ...) broadcast to (r0, d0, r1, d1, ...), then copy.
    let mut bshape = Vec::with_capacity(2 * nd);
    let mut xshape = Vec::with_capacity(2 * nd);
    for (&rep, &dim) in r.iter().zip(x.shape()) {
        bshape.push(rep);
        bshape.push(dim);
        xshape.push(1isize);
        xshape.push(dim as isize);
    }
    let spread = x.reshape(&xshape)?.broadcast_to(&bshape)?;
    let out = spread.copy(Order::C)?;
    let final_shape: Vec<isize> = (0..nd).map(|i| (r[i] * x.shape()[i]) as isize).collect();
    out.reshape(&final_shape)
}
