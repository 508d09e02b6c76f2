//! Parsers for what a learner types into the page, in NumPy's spelling: shapes
//! (`(3, -1)`, `3,4`, `[]`), axis lists (`1, 0`) and index expressions
//! (`0, ::-1, None, ...`). Each error says what was expected.
//!
//! ```
//! use ndplay::server::parse::{parse_index, parse_shape};
//! use ndplay_core::{IndexItem, SliceArg};
//!
//! assert_eq!(parse_shape("(3, -1)")?, vec![3, -1]);
//! assert_eq!(parse_shape("()")?, Vec::<isize>::new());
//! let items = parse_index("1, ::-1, None")?;
//! assert_eq!(items.len(), 3);
//! assert!(matches!(items[1], IndexItem::Slice(SliceArg { start: None, stop: None, step: -1 })));
//! # Ok::<(), ndplay::server::AppError>(())
//! ```

use ndplay_core::{IndexItem, SliceArg};

use super::error::AppError;

/// Longest text a parser accepts (a shape or an index is a line, not a file).
const MAX_LEN: usize = 512;

fn strip_brackets(text: &str) -> &str {
    let t = text.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|t| t.strip_suffix(']')))
        .unwrap_or(t);
    t.trim()
}

fn check_len(what: &str, text: &str) -> Result<(), AppError> {
    if text.len() > MAX_LEN {
        return Err(AppError::bad_request(
            format!("the {what} is {} characters long", text.len()),
            format!("Write a {what} of at most {MAX_LEN} characters."),
        ));
    }
    Ok(())
}

/// Comma-separated integers, with or without brackets; a trailing comma is allowed
/// (`(3,)`).
pub fn parse_ints(what: &str, text: &str) -> Result<Vec<isize>, AppError> {
    check_len(what, text)?;
    let inner = strip_brackets(text);
    let mut out = Vec::new();
    for (k, part) in inner.split(',').enumerate() {
        let p = part.trim();
        if p.is_empty() {
            // `()` and the trailing comma of `(3,)`.
            if k == 0 || k == inner.split(',').count() - 1 {
                continue;
            }
            return Err(AppError::bad_request(
                format!("{what} {text:?} has an empty entry"),
                format!("Write the {what} as integers separated by commas, e.g. (32, 28, 28)."),
            ));
        }
        out.push(p.parse::<isize>().map_err(|_| {
            AppError::bad_request(
                format!("{what} {text:?}: {p:?} is not an integer"),
                format!("Write the {what} as integers separated by commas, e.g. (32, 28, 28)."),
            )
        })?);
    }
    Ok(out)
}

/// A shape for `reshape`: integers, at most one `-1`.
pub fn parse_shape(text: &str) -> Result<Vec<isize>, AppError> {
    parse_ints("shape", text)
}

/// A shape of sizes (no `-1`): for broadcasting.
pub fn parse_dims(text: &str) -> Result<Vec<usize>, AppError> {
    parse_ints("shape", text)?
        .into_iter()
        .map(|d| {
            usize::try_from(d).map_err(|_| {
                AppError::bad_request(
                    format!("shape {text:?} has the negative size {d}"),
                    "Sizes are 0 or more; -1 means 'infer' only in reshape.",
                )
            })
        })
        .collect()
}

fn parse_bound(part: &str, text: &str) -> Result<Option<isize>, AppError> {
    let p = part.trim();
    if p.is_empty() || p == "None" {
        return Ok(None);
    }
    p.parse::<isize>().map(Some).map_err(|_| {
        AppError::bad_request(
            format!("index {text:?}: {p:?} is not an integer"),
            "Slice bounds are integers: start:stop:step, each optional.",
        )
    })
}

/// An index expression: integers, `start:stop:step` slices, `None`/`np.newaxis` and
/// `...`, separated by commas; brackets are optional (`[0, 1:]`).
pub fn parse_index(text: &str) -> Result<Vec<IndexItem>, AppError> {
    check_len("index", text)?;
    let t = text.trim();
    let inner = t
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .unwrap_or(t)
        .trim();
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    let mut items = Vec::new();
    for part in inner.split(',') {
        let p = part.trim();
        let item = match p {
            "" => continue,
            "..." | "Ellipsis" => IndexItem::Ellipsis,
            "None" | "np.newaxis" | "newaxis" => IndexItem::NewAxis,
            _ if p.contains(':') => {
                let bits: Vec<&str> = p.split(':').collect();
                if bits.len() > 3 {
                    return Err(AppError::bad_request(
                        format!("index {text:?}: {p:?} has more than two colons"),
                        "A slice is start:stop:step.",
                    ));
                }
                let start = parse_bound(bits[0], text)?;
                let stop = parse_bound(bits[1], text)?;
                let step = match bits.get(2) {
                    Some(s) => parse_bound(s, text)?.unwrap_or(1),
                    None => 1,
                };
                if step == 0 {
                    return Err(AppError::Refused {
                        py_type: "ValueError",
                        message: "slice step cannot be zero".into(),
                        hint: "Use a positive step to move forward (::2) or a negative one to \
                               go backwards (::-1)."
                            .into(),
                    });
                }
                IndexItem::Slice(SliceArg::new(start, stop, step))
            }
            _ => IndexItem::Int(p.parse::<i64>().map_err(|_| {
                AppError::bad_request(
                    format!("index {text:?}: {p:?} is not an integer, a slice, None or ..."),
                    "Write NumPy basic indexing, e.g. 0, ::2, None, ...",
                )
            })?),
        };
        items.push(item);
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_in_numpy_spelling() {
        assert_eq!(parse_shape("(3,)").unwrap(), vec![3]);
        assert_eq!(parse_shape("3, 4").unwrap(), vec![3, 4]);
        assert_eq!(parse_shape("[2,-1]").unwrap(), vec![2, -1]);
        assert_eq!(parse_shape("").unwrap(), Vec::<isize>::new());
        assert_eq!(parse_shape("(3,,4)").unwrap_err().status(), 400);
        assert_eq!(parse_dims("(8, -1)").unwrap_err().status(), 400);
        assert_eq!(parse_shape(&"1,".repeat(600)).unwrap_err().status(), 400);
    }

    #[test]
    fn index_expressions() {
        let items = parse_index("[..., 1:5:2, None, -1]").unwrap();
        assert!(matches!(items[0], IndexItem::Ellipsis));
        assert!(matches!(
            items[1],
            IndexItem::Slice(SliceArg {
                start: Some(1),
                stop: Some(5),
                step: 2
            })
        ));
        assert!(matches!(items[2], IndexItem::NewAxis));
        assert!(matches!(items[3], IndexItem::Int(-1)));
        assert_eq!(parse_index("::0").unwrap_err().status(), 422);
        assert_eq!(parse_index("a").unwrap_err().status(), 400);
        assert_eq!(parse_index("1:2:3:4").unwrap_err().status(), 400);
    }
}
