//! The Broadcasting panel: two shapes aligned from the right, axis by axis, with NumPy's
//! rule applied to each column (equal, or one of them 1, or missing) and the result
//! shape, or the engine's explained error when a column clashes.
//!
//! ```
//! use ndplay::server::broadcast::explain;
//!
//! let ok = explain("(8, 1, 6, 1)", "(7, 1, 5)")?;
//! assert_eq!(ok.result.as_deref(), Some(&[8, 7, 6, 5][..]));
//! let bad = explain("(3, 4)", "(3,)")?;
//! assert!(bad.result.is_none() && bad.columns[1].clash);
//! assert_eq!(bad.error.unwrap().message, "operands could not be broadcast together with shapes (3,4) (3,) ");
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use ndplay_core::shape::{broadcast_shapes, fmt_shape};
use serde::Serialize;

use super::error::{AppError, ErrorBody};
use super::parse::parse_dims;

/// Most axes a shape may have here (NumPy's own limit is 64).
const MAX_AXES: usize = 32;

/// One aligned axis (column).
#[derive(Clone, Debug, Serialize)]
pub struct Column {
    /// Position from the right (`-1` is the last axis).
    pub from_right: isize,
    /// The first shape's size here, `None` where it has no axis (padded with 1).
    pub a: Option<usize>,
    /// The second shape's size.
    pub b: Option<usize>,
    /// The result's size, `None` on a clash.
    pub out: Option<usize>,
    /// Whether the sizes clash (different and neither 1).
    pub clash: bool,
    /// The rule that applied.
    pub rule: String,
}

/// The explanation of broadcasting two shapes.
#[derive(Clone, Debug, Serialize)]
pub struct Explanation {
    /// The first shape.
    pub a: Vec<usize>,
    /// The second shape.
    pub b: Vec<usize>,
    /// Printed as NumPy prints them.
    pub a_text: String,
    /// Printed.
    pub b_text: String,
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// The broadcast shape, if the shapes are compatible.
    pub result: Option<Vec<usize>>,
    /// The result printed.
    pub result_text: Option<String>,
    /// The engine's error, if they are not.
    pub error: Option<ErrorBody>,
}

/// Aligns two shapes and applies the rule; see the module docs.
pub fn explain(a_text: &str, b_text: &str) -> Result<Explanation, AppError> {
    let a = parse_dims(a_text)?;
    let b = parse_dims(b_text)?;
    if a.len() > MAX_AXES || b.len() > MAX_AXES {
        return Err(AppError::bad_request(
            format!("a shape has more than {MAX_AXES} axes"),
            "Broadcasting is about a few axes; use at most 32.",
        ));
    }
    let n = a.len().max(b.len());
    let at = |s: &[usize], col: usize| (col + s.len()).checked_sub(n).map(|i| s[i]);
    let columns = (0..n)
        .map(|col| {
            let (x, y) = (at(&a, col), at(&b, col));
            let (xs, ys) = (x.unwrap_or(1), y.unwrap_or(1));
            let clash = xs != ys && xs != 1 && ys != 1;
            let rule = match (x, y) {
                _ if clash => format!("{xs} vs {ys}: different, and neither is 1"),
                (None, _) | (_, None) => {
                    "missing: padded with 1 on the left, then stretched".to_string()
                }
                _ if xs == ys => "equal".to_string(),
                _ => "one of them is 1: it is stretched".to_string(),
            };
            Column {
                from_right: col as isize - n as isize,
                a: x,
                b: y,
                out: (!clash).then(|| xs.max(ys) * usize::from(xs != 0 && ys != 0)),
                clash,
                rule,
            }
        })
        .collect();
    let (result, error) = match broadcast_shapes("add", &[&a, &b]) {
        Ok(r) => (Some(r), None),
        Err(e) => (None, Some(AppError::from(e).body())),
    };
    Ok(Explanation {
        a_text: fmt_shape(&a),
        b_text: fmt_shape(&b),
        result_text: result.as_deref().map(fmt_shape),
        a,
        b,
        columns,
        result,
        error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_sized_axes_broadcast_to_zero() {
        let e = explain("(0, 3)", "(1, 3)").unwrap();
        assert_eq!(e.result.as_deref(), Some(&[0, 3][..]));
        assert_eq!(e.columns[0].out, Some(0));
    }

    #[test]
    fn scalars_broadcast_with_anything() {
        let e = explain("()", "(2, 3)").unwrap();
        assert_eq!(e.result.as_deref(), Some(&[2, 3][..]));
    }
}
