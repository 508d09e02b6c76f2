//! Shape arithmetic shared by every operation: broadcasting of shapes, axis normalisation,
//! and NumPy-style printing of shapes.
//!
//! ```
//! use ndplay_core::shape::{broadcast_shapes, normalize_axis};
//! assert_eq!(broadcast_shapes("add", &[&[32, 1, 5], &[4, 1]]).unwrap(), vec![32, 4, 5]);
//! assert!(broadcast_shapes("add", &[&[3], &[4]]).is_err());
//! assert_eq!(normalize_axis("sum", -1, 3).unwrap(), 2);
//! ```

use crate::error::{Error, Result};

/// Python's tuple repr of a shape: `()`, `(5,)`, `(3, 4)`.
pub fn fmt_shape(shape: &[usize]) -> String {
    fmt_tuple(shape.iter().map(|d| d.to_string()), ", ")
}

/// Shapes as NumPy prints them inside messages, without spaces: `(3,4)`, `(5,)`, `()`.
pub fn fmt_shape_compact(shape: &[usize]) -> String {
    fmt_tuple(shape.iter().map(|d| d.to_string()), ",")
}

/// A tuple of already formatted items with Python's one-element rule (`(5,)`).
pub fn fmt_tuple(items: impl IntoIterator<Item = String>, sep: &str) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(sep)),
    }
}

/// The broadcast result of several shapes (NumPy's rule: align from the right; each axis
/// must be equal or 1).
pub fn broadcast_shapes(op: &str, shapes: &[&[usize]]) -> Result<Vec<usize>> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; ndim];
    for s in shapes {
        let pad = ndim - s.len();
        for (i, &d) in s.iter().enumerate() {
            let o = &mut out[pad + i];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                return Err(Error::Broadcast {
                    op: op.to_string(),
                    shapes: shapes.iter().map(|s| s.to_vec()).collect(),
                });
            }
        }
    }
    Ok(out)
}

/// Maps a possibly negative axis into `0..ndim`.
pub fn normalize_axis(op: &str, axis: isize, ndim: usize) -> Result<usize> {
    let n = ndim as isize;
    if axis < -n || axis >= n {
        return Err(Error::AxisOutOfBounds {
            op: op.to_string(),
            axis,
            ndim,
        });
    }
    Ok(if axis < 0 {
        (axis + n) as usize
    } else {
        axis as usize
    })
}

/// Normalises a list of axes, refusing repeats (`np.sum(a, axis=(0, 0))`).
pub fn normalize_axes(op: &str, axes: &[isize], ndim: usize) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let ax = normalize_axis(op, a, ndim)?;
        if out.contains(&ax) {
            return Err(Error::value(
                "duplicate value in 'axis'",
                format!("{op}: axis {a} appears twice in the axis tuple; list each axis once."),
            ));
        }
        out.push(ax);
    }
    Ok(out)
}

/// Number of elements of a shape, `None` on overflow.
pub fn checked_size(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d))
}

/// C-order (row-major) byte strides for a shape.
pub fn c_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut acc = itemsize as isize;
    for i in (0..shape.len()).rev() {
        strides[i] = acc;
        // Saturating: strides of a shape too large to allocate are refused by the size
        // check that follows, not by an overflow here.
        acc = acc.saturating_mul(shape[i].max(1) as isize);
    }
    strides
}

/// Fortran-order (column-major) byte strides for a shape.
pub fn f_strides(shape: &[usize], itemsize: usize) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut acc = itemsize as isize;
    for (i, &d) in shape.iter().enumerate() {
        strides[i] = acc;
        acc = acc.saturating_mul(d.max(1) as isize);
    }
    strides
}

/// A byte count as NumPy's `MemoryError` message prints it: `74.5 GiB`, `8.00 MiB`,
/// `1023 bytes` (three significant figures, binary units).
///
/// ```
/// use ndplay_core::shape::fmt_bytes_numpy;
/// assert_eq!(fmt_bytes_numpy(80_000_000_000), "74.5 GiB");
/// assert_eq!(fmt_bytes_numpy(8 << 20), "8.00 MiB");
/// assert_eq!(fmt_bytes_numpy(100), "100 bytes");
/// ```
pub fn fmt_bytes_numpy(n: usize) -> String {
    const UNITS: [&str; 7] = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let bits = usize::BITS - n.leading_zeros();
    let mut unit = ((bits.saturating_sub(1)).max(1) / 10) as usize;
    let mut value = n as f64 / (1u64 << (unit * 10)) as f64;
    if value.round() == 1024.0 {
        unit += 1;
        value /= 1024.0;
    }
    let unit = unit.min(UNITS.len() - 1);
    if unit == 0 {
        return format!("{value:.0} bytes");
    }
    let decimals = match value.round() {
        r if r < 10.0 => 2,
        r if r < 100.0 => 1,
        _ => 0,
    };
    if value.round() >= 1000.0 || decimals == 0 {
        // `{:#.3g}` keeps the point: "745. GiB"; past three digits NumPy prints all.
        return format!("{value:.0}. {}", UNITS[unit]);
    }
    format!("{value:.decimals$} {}", UNITS[unit])
}
