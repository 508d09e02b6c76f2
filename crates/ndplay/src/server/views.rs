//! The Views panel: reshape, transpose or slice the current tensor (or the view made
//! last) and see what NumPy would give — new shape, strides and flags, whether it shares
//! memory with the original, and whether a reshape had to copy because its input was not
//! contiguous. Then write through the view and see which elements of the original
//! changed (none, when the reshape copied: the seed's "call .copy() explicitly when you
//! need independence").
//!
//! ```
//! use ndplay::server::views::{ViewOp, apply, write};
//! use ndplay_core::Array;
//!
//! let arr = Array::arange_f64(0.0, 12.0, 1.0).reshape(&[3, 4]).unwrap().copy(ndplay_core::Order::C)?;
//! let t = apply(&arr, &arr, "arr", ViewOp::Transpose, "")?;           // arr.T: a view
//! assert!(t.info.shares_memory && !t.info.flags.c_contiguous);
//! let r = apply(&arr, &t.state.array, &t.state.expr, ViewOp::Reshape, "-1")?;
//! assert_eq!(r.info.copied, Some(true));                              // arr.T.reshape(-1) copies
//! let w = write(&arr, &r.state, "0", 99.0)?;
//! assert!(!w.original_changed);                                       // the copy is independent
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use std::sync::Arc;

use ndplay_core::shape::fmt_shape;
use ndplay_core::{Array, Scalar};
use serde::{Deserialize, Serialize};

use super::error::AppError;
use super::parse::{parse_index, parse_ints, parse_shape};
use super::session::ViewState;
use super::tensor::{FlagsInfo, checked_size};

/// Largest product of the sizes a reshape may name (sizes of 0 count as 1): far beyond
/// any tensor the playground holds, far below a stride overflow.
const MAX_RESHAPE: usize = 1 << 40;

/// The view operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ViewOp {
    /// `x.reshape(shape)`: a view when the memory allows, else a copy.
    Reshape,
    /// `x.transpose(axes)` (`x.T` with no axes).
    Transpose,
    /// `x[index]`, basic indexing: always a view.
    Slice,
    /// `x.copy()`: never a view.
    Copy,
}

/// What the page shows about a view.
#[derive(Clone, Debug, Serialize)]
pub struct ViewInfo {
    /// The NumPy expression that made it.
    pub expr: String,
    /// `v.shape`.
    pub shape: Vec<usize>,
    /// The shape as NumPy prints it.
    pub shape_text: String,
    /// `v.strides` in bytes.
    pub strides: Vec<isize>,
    /// The strides in elements.
    pub strides_elements: Vec<isize>,
    /// `v.flags`.
    pub flags: FlagsInfo,
    /// `np.shares_memory(v, arr)`.
    pub shares_memory: bool,
    /// For a reshape: whether it had to copy.
    pub copied: Option<bool>,
    /// What happened, in a sentence.
    pub note: String,
    /// `repr(v)`.
    pub repr: String,
}

/// A view and its description.
#[derive(Debug)]
pub struct Applied {
    /// The view to keep.
    pub state: ViewState,
    /// Its description.
    pub info: ViewInfo,
}

/// Strides as Python prints the tuple: `(8, 1024)`, `(8,)`.
fn fmt_strides(strides: &[isize]) -> String {
    let items: Vec<String> = strides.iter().map(ToString::to_string).collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// Describes `v`, a view made from `original`.
pub fn view_info(original: &Array, v: &ViewState) -> ViewInfo {
    let a = &v.array;
    let item = a.itemsize().max(1) as isize;
    ViewInfo {
        expr: v.expr.clone(),
        shape: a.shape().to_vec(),
        shape_text: fmt_shape(a.shape()),
        strides: a.strides().to_vec(),
        strides_elements: a.strides().iter().map(|s| s / item).collect(),
        flags: FlagsInfo::of(a),
        shares_memory: a.shares_memory(original),
        copied: v.copied,
        note: v.note.clone(),
        repr: a.repr(),
    }
}

/// Applies `op` with argument `arg` to `input` (the original, or the last view, whose
/// NumPy spelling is `input_expr`).
pub fn apply(
    original: &Array,
    input: &Array,
    input_expr: &str,
    op: ViewOp,
    arg: &str,
) -> Result<Applied, AppError> {
    let contiguous = input.flags().c_contiguous;
    let (array, expr, copied, note) = match op {
        ViewOp::Reshape => {
            let shape = parse_shape(arg)?;
            // The engine checks the element count; this keeps an empty array's new strides
            // from overflowing first, as in `checked_size`.
            let sizes: Vec<usize> = shape.iter().map(|d| d.unsigned_abs()).collect();
            checked_size(&sizes, MAX_RESHAPE)?;
            let out = input.reshape(&shape)?;
            let copied = input.size() > 0 && !Arc::ptr_eq(out.storage(), input.storage());
            let shape_text = shape
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let note = if copied {
                format!(
                    "{input_expr} is not C-contiguous (strides {}), so no strides can walk \
                     its elements in the new shape's order over the same memory: reshape \
                     silently made a copy. Writes to it do not reach arr.",
                    fmt_strides(input.strides())
                )
            } else if contiguous {
                "A view: the input is contiguous, so the same buffer is read with new shape \
                 and strides. Nothing was copied; writes through it change arr."
                    .to_string()
            } else {
                "A view even though the input is not contiguous: the axes being merged are \
                 evenly spaced in memory, so strides can still express the new shape."
                    .to_string()
            };
            (
                out,
                format!("{input_expr}.reshape({shape_text})"),
                Some(copied),
                note,
            )
        }
        ViewOp::Transpose => {
            let axes = parse_ints("axes", arg)?;
            let (out, expr) = if axes.is_empty() {
                (input.t(), format!("{input_expr}.T"))
            } else {
                let list = axes
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    input.permute(&axes)?,
                    format!("{input_expr}.transpose({list})"),
                )
            };
            (
                out,
                expr,
                None,
                "A view: the same buffer with the strides permuted, no data moved. The axis \
                 order no longer matches memory order, so it is not C-contiguous."
                    .to_string(),
            )
        }
        ViewOp::Slice => {
            let items = parse_index(arg)?;
            let out = input.index(&items)?;
            let note = if out.ndim() == 0 && out.size() == 1 && !out.shares_memory(original) {
                "Indexing every axis with an integer gives a scalar: a copy of one element."
                    .to_string()
            } else {
                "A view: basic slicing only moves the start (offset) and multiplies strides \
                 by the steps; nothing is copied."
                    .to_string()
            };
            (out, format!("{input_expr}[{}]", arg.trim()), None, note)
        }
        ViewOp::Copy => (
            input.copy(ndplay_core::Order::C)?,
            format!("{input_expr}.copy()"),
            None,
            "A copy: new memory in C order. Writes to it never reach arr.".to_string(),
        ),
    };
    let state = ViewState {
        expr,
        array,
        copied,
        note,
    };
    let info = view_info(original, &state);
    Ok(Applied { state, info })
}

/// One element of the original that a write changed.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Its index in arr.
    pub index: Vec<usize>,
    /// Its value before, as NumPy prints it.
    pub before: String,
    /// Its value after.
    pub after: String,
}

/// What a write through a view did.
#[derive(Clone, Debug, Serialize)]
pub struct WriteInfo {
    /// The statement, `arr.T[0, 1] = 99.0`.
    pub statement: String,
    /// Whether any element of the original changed.
    pub original_changed: bool,
    /// The changed element of the original (none when the view is a copy).
    pub changes: Vec<Change>,
    /// Why (or why not).
    pub note: String,
    /// The view after the write.
    pub view: ViewInfo,
}

/// Writes `value` at `index` of the view and reports which elements of `original`
/// changed.
pub fn write(
    original: &Array,
    view: &ViewState,
    index: &str,
    value: f64,
) -> Result<WriteInfo, AppError> {
    let v = &view.array;
    if !v.dtype().is_numeric() {
        return Err(AppError::Refused {
            py_type: "TypeError",
            message: format!("cannot write the number {value} into a {} array", v.dtype()),
            hint: "Write into a numeric tensor.".into(),
        });
    }
    let raw = parse_ints("index", index)?;
    if raw.len() != v.ndim() {
        return Err(AppError::Refused {
            py_type: "IndexError",
            message: format!(
                "the view has {} dimensions but {} indices were given",
                v.ndim(),
                raw.len()
            ),
            hint: format!(
                "Give one integer per axis of the view's shape {}.",
                fmt_shape(v.shape())
            ),
        });
    }
    let mut idx = Vec::with_capacity(raw.len());
    for (axis, (&i, &len)) in raw.iter().zip(v.shape()).enumerate() {
        let j = if i < 0 { i + len as isize } else { i };
        if j < 0 || j >= len as isize {
            return Err(ndplay_core::Error::IndexOutOfBounds {
                index: i as i64,
                axis,
                size: len,
            }
            .into());
        }
        idx.push(j as usize);
    }
    // The one byte address the write touches, and the element of arr that lives there.
    let addr = v.layout().offset() as isize
        + idx
            .iter()
            .zip(v.strides())
            .map(|(&i, &s)| i as isize * s)
            .sum::<isize>();
    let target = if Arc::ptr_eq(v.storage(), original.storage()) {
        index_at(original, addr)
    } else {
        None
    };
    let before = match &target {
        Some(i) => Some(original.get(i)?),
        None => None,
    };
    v.set(&idx, Scalar::Float64(value))?;
    let mut changes = Vec::new();
    if let (Some(i), Some(b)) = (target, before) {
        let a = original.get(&i)?;
        if a.repr() != b.repr() {
            changes.push(Change {
                index: i,
                before: b.to_string(),
                after: a.to_string(),
            });
        }
    }
    let shares = v.shares_memory(original);
    let note = match (shares, changes.is_empty()) {
        (true, false) => "The view shares memory with arr, so arr changed too.",
        (true, true) => "The view shares memory with arr; the element already held this value.",
        (false, _) => "This array does not share memory with arr (a copy), so arr is unchanged.",
    }
    .to_string();
    let list = raw
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(WriteInfo {
        statement: format!("{}[{list}] = {value:?}", view.expr),
        original_changed: !changes.is_empty(),
        changes,
        note,
        view: view_info(original, view),
    })
}

/// The index of the element of `a` at byte `addr` of its storage, if one is there.
fn index_at(a: &Array, addr: isize) -> Option<Vec<usize>> {
    let mut axes: Vec<usize> = (0..a.ndim()).collect();
    axes.sort_by_key(|&k| std::cmp::Reverse(a.strides()[k].unsigned_abs()));
    let mut rem = addr - a.layout().offset() as isize;
    let mut idx = vec![0usize; a.ndim()];
    for k in axes {
        let (s, len) = (a.strides()[k], a.shape()[k]);
        if s == 0 || len <= 1 {
            continue;
        }
        let i = rem.div_euclid(s);
        if i < 0 || i >= len as isize {
            return None;
        }
        idx[k] = i as usize;
        rem -= i * s;
    }
    (rem == 0).then_some(idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndplay_core::Order;

    fn arr() -> Array {
        Array::arange_f64(0.0, 12.0, 1.0)
            .reshape(&[3, 4])
            .unwrap()
            .copy(Order::C)
            .unwrap()
    }

    #[test]
    fn writes_through_a_view_reach_the_original() {
        let a = arr();
        let t = apply(&a, &a, "arr", ViewOp::Transpose, "").unwrap();
        let w = write(&a, &t.state, "1, 2", 99.0).unwrap();
        assert!(w.original_changed);
        assert_eq!(w.changes[0].index, vec![2, 1]);
        assert_eq!(w.changes[0].after, "99.0");
        let r = apply(&a, &t.state.array, &t.state.expr, ViewOp::Reshape, "-1").unwrap();
        assert!(r.info.note.contains("(8, 32)"), "{}", r.info.note);
    }

    #[test]
    fn index_at_finds_elements_of_c_and_f_arrays() {
        let a = arr();
        assert_eq!(index_at(&a, 5 * 8), Some(vec![1, 1]));
        let f = a.copy(Order::F).unwrap();
        assert_eq!(index_at(&f, 8), Some(vec![1, 0]));
    }

    #[test]
    fn bad_indices_are_explained() {
        let a = arr();
        let t = apply(&a, &a, "arr", ViewOp::Slice, "::2").unwrap();
        assert_eq!(write(&a, &t.state, "5, 0", 1.0).unwrap_err().status(), 422);
        assert_eq!(write(&a, &t.state, "0", 1.0).unwrap_err().status(), 422);
        let bad = apply(&a, &a, "arr", ViewOp::Reshape, "5, 5").unwrap_err();
        assert_eq!(bad.body().py_type, Some("ValueError"));
        let empty = Array::zeros(&[0, 3], ndplay_core::DType::Float64);
        let huge = "0, 4611686018427387904";
        assert_eq!(
            apply(&empty, &empty, "arr", ViewOp::Reshape, huge)
                .unwrap_err()
                .status(),
            413
        );
    }
}
