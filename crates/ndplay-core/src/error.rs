//! The engine's error type. Every variant carries the data of the failure (operation,
//! shapes, dtypes, axis); rendering turns it into NumPy's message followed by ndplay's
//! explanation of why it failed and what would fix it.
//!
//! ```
//! use ndplay_core::{Array, Error};
//! let a = Array::arange_f64(0.0, 13.0, 1.0);
//! let err = a.reshape(&[3, 4]).unwrap_err();
//! assert_eq!(err.numpy_message(), "cannot reshape array of size 13 into shape (3,4)");
//! assert_eq!(err.py_type(), "ValueError");
//! assert!(err.to_string().contains("13 elements"));
//! ```

use crate::dtype::{Casting, DType};
use crate::shape::fmt_shape;

/// Shorthand for results of engine operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failed engine operation. See the module docs.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Shapes that do not broadcast together.
    #[error("{}", render(self))]
    Broadcast {
        /// The operation (`"add"`, `"broadcast_to"`).
        op: String,
        /// The operand shapes, in order.
        shapes: Vec<Vec<usize>>,
    },
    /// `reshape` to a shape with a different number of elements.
    #[error("{}", render(self))]
    Reshape {
        /// Elements the array holds.
        size: usize,
        /// The requested shape, `-1` kept as given.
        shape: Vec<isize>,
    },
    /// An axis argument outside `-ndim..ndim`.
    #[error("{}", render(self))]
    AxisOutOfBounds {
        /// The operation.
        op: String,
        /// The axis as given.
        axis: isize,
        /// The rank it was checked against.
        ndim: usize,
    },
    /// An integer index outside `-size..size`.
    #[error("{}", render(self))]
    IndexOutOfBounds {
        /// The index as given.
        index: i64,
        /// The axis it indexes.
        axis: usize,
        /// That axis' length.
        size: usize,
    },
    /// An operation has no implementation for the operand dtypes.
    #[error("{}", render(self))]
    NoLoop {
        /// The ufunc name (`"add"`, `"negative"`).
        op: String,
        /// The operand dtypes.
        dtypes: Vec<DType>,
    },
    /// A ufunc with no loop for the operand types that they could be safely cast to
    /// (`np.invert(1.5)`, `np.floor(1j)`).
    #[error("{}", render(self))]
    Unsupported {
        /// The ufunc name.
        op: String,
        /// The operand dtypes.
        dtypes: Vec<DType>,
    },
    /// A cast that the casting rule forbids (in-place operations, `astype(casting=)`).
    #[error("{}", render(self))]
    Cast {
        /// The ufunc or function.
        op: String,
        /// Source dtype.
        from: DType,
        /// Destination dtype.
        to: DType,
        /// The rule that refused it.
        casting: Casting,
    },
    /// A write through read-only storage (a memory-mapped file, a broadcast view).
    #[error("{}", render(self))]
    ReadOnly {
        /// What tried to write.
        op: String,
    },
    /// A reduction without identity over zero elements (`np.max([])`).
    #[error("{}", render(self))]
    EmptyReduction {
        /// The reduction (`"maximum"`, `"argmin"`).
        op: String,
    },
    /// Any other invalid argument, with NumPy's exception type and message.
    #[error("{}", render(self))]
    Invalid {
        /// Python exception type NumPy raises (`"ValueError"`, `"TypeError"`, ...).
        py_type: &'static str,
        /// NumPy's message.
        message: String,
        /// ndplay's explanation and fix.
        hint: String,
    },
}

impl Error {
    /// A `ValueError` with NumPy's message and an explanation.
    pub fn value(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            py_type: "ValueError",
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A `TypeError` with NumPy's message and an explanation.
    pub fn type_error(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            py_type: "TypeError",
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// An `IndexError` with NumPy's message and an explanation.
    pub fn index(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            py_type: "IndexError",
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A `NotImplementedError`: `what` is an operation NumPy does on structured arrays and
    /// ndplay does not (yet). Never a silently wrong result instead.
    pub fn records_not_implemented(what: &str, dt: DType) -> Error {
        if dt.is_object() {
            return Error::Invalid {
                py_type: "NotImplementedError",
                message: format!("ndplay does not implement {what} on object arrays (dtype object) yet"),
                hint: "convert first: a.astype(float) (or int, str) when the objects are numbers or strings, or work on a.tolist() in Python".into(),
            };
        }
        Error::Invalid {
            py_type: "NotImplementedError",
            message: format!(
                "ndplay does not implement {what} on structured arrays (dtype {}) yet",
                dt.name()
            ),
            hint: "work on the fields instead: a['x'] is an ordinary array (a view) for each field name in a.dtype.names".into(),
        }
    }

    /// A `numpy.linalg.LinAlgError`.
    pub fn linalg(message: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Invalid {
            py_type: "LinAlgError",
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The Python exception type NumPy raises for this failure.
    pub fn py_type(&self) -> &'static str {
        match self {
            Error::Broadcast { .. } | Error::Reshape { .. } | Error::EmptyReduction { .. } => {
                "ValueError"
            }
            Error::ReadOnly { .. } => "ValueError",
            Error::AxisOutOfBounds { .. } => "AxisError",
            Error::IndexOutOfBounds { .. } => "IndexError",
            Error::NoLoop { .. } | Error::Cast { .. } => "UFuncTypeError",
            Error::Unsupported { .. } => "TypeError",
            Error::Invalid { py_type, .. } => py_type,
        }
    }

    /// The message NumPy prints for the same failure.
    pub fn numpy_message(&self) -> String {
        match self {
            Error::Broadcast { op, shapes } => {
                if op == "broadcast_to" && shapes.len() == 2 {
                    format!(
                        "operands could not be broadcast together with remapped shapes \
                         [original->remapped]: {}  and requested shape {}",
                        fmt_shape_compact(&shapes[0]),
                        fmt_shape_compact(&shapes[1])
                    )
                } else {
                    let listed: Vec<String> = shapes.iter().map(|s| fmt_shape_compact(s)).collect();
                    format!(
                        "operands could not be broadcast together with shapes {} ",
                        listed.join(" ")
                    )
                }
            }
            Error::Reshape { size, shape } => format!(
                "cannot reshape array of size {size} into shape {}",
                fmt_ishape_compact(shape)
            ),
            Error::AxisOutOfBounds { axis, ndim, .. } => {
                format!("axis {axis} is out of bounds for array of dimension {ndim}")
            }
            Error::IndexOutOfBounds { index, axis, size } => {
                format!("index {index} is out of bounds for axis {axis} with size {size}")
            }
            Error::NoLoop { op, dtypes } => {
                if dtypes.len() == 1 {
                    format!(
                        "ufunc '{op}' did not contain a loop with signature matching types {} -> None",
                        dtype_class(dtypes[0])
                    )
                } else if dtypes.iter().any(|d| d.is_record())
                    && matches!(
                        op.as_str(),
                        "less" | "less_equal" | "greater" | "greater_equal" | "equal" | "not_equal"
                    )
                {
                    // NumPy's comparison loops name DType classes, not instances.
                    let names: Vec<String> = dtypes.iter().map(|&d| dtype_class(d)).collect();
                    format!(
                        "ufunc '{op}' did not contain a loop with signature matching types ({}) -> None",
                        names.join(", ")
                    )
                } else {
                    let names: Vec<String> = dtypes.iter().map(|d| d.repr()).collect();
                    format!(
                        "ufunc '{op}' did not contain a loop with signature matching types ({}) -> None",
                        names.join(", ")
                    )
                }
            }
            Error::Unsupported { op, .. } => format!(
                "ufunc '{op}' not supported for the input types, and the inputs could not be \
                 safely coerced to any supported types according to the casting rule ''safe''"
            ),
            Error::Cast {
                op,
                from,
                to,
                casting,
            } => format!(
                "Cannot cast ufunc '{op}' output from {} to {} with casting rule '{}'",
                from.repr(),
                to.repr(),
                casting.name()
            ),
            // A ufunc's `out=` (and `a += b`) says "output"; NumPy words it differently.
            Error::ReadOnly { op } if op == "output" => "output array is read-only".to_string(),
            Error::ReadOnly { .. } => "assignment destination is read-only".to_string(),
            Error::EmptyReduction { op } => {
                format!("zero-size array to reduction operation {op} which has no identity")
            }
            Error::Invalid { message, .. } => message.clone(),
        }
    }

    /// ndplay's explanation: why the rule broke and what would fix it.
    pub fn hint(&self) -> String {
        match self {
            Error::Broadcast { shapes, .. } => broadcast_hint(shapes),
            Error::Reshape { size, shape } => {
                let known: Vec<isize> = shape.iter().copied().filter(|&d| d >= 0).collect();
                let product: usize = known.iter().map(|&d| d as usize).product();
                let mut text = format!(
                    "The array holds {size} elements; shape {} holds {}{}.",
                    fmt_ishape(shape),
                    product,
                    if shape.contains(&-1) {
                        " times the -1 axis"
                    } else {
                        ""
                    }
                );
                text.push_str(" reshape never adds or drops elements.");
                let divisors: Vec<String> = (1..=*size)
                    .filter(|d| *size % d == 0 && *d > 1 && *d < *size)
                    .take(6)
                    .map(|d| format!("({d}, {})", size / d))
                    .collect();
                if divisors.is_empty() {
                    text.push_str(&format!(
                        " {size} has no factorisation into two axes; reshape to ({size},) or \
                         pad/slice the data first (e.g. a[:12].reshape(3, 4))."
                    ));
                } else {
                    text.push_str(&format!(
                        " Shapes that fit: {}, or use -1 for one axis.",
                        divisors.join(", ")
                    ));
                }
                text
            }
            Error::AxisOutOfBounds { op, ndim, .. } => format!(
                "{op}: a {ndim}-D array has axes 0..{} (or -{ndim}..-1 counting from the end).",
                ndim.saturating_sub(1)
            ),
            Error::IndexOutOfBounds { axis, size, .. } => format!(
                "Axis {axis} has {size} entries, so valid indices are 0..{} and -{size}..-1.",
                size.saturating_sub(1)
            ),
            Error::NoLoop { op, dtypes } | Error::Unsupported { op, dtypes } => format!(
                "'{op}' is not defined for {}; convert with .astype(...) to a dtype it supports.",
                dtypes
                    .iter()
                    .map(|d| d.name())
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Error::Cast {
                from, to, casting, ..
            } => format!(
                "The result is {from}, but it would be stored into a {to} array, and the \
                 '{}' rule forbids that cast (it could lose values). Use an out-of-place \
                 expression (a = a OP b), or cast explicitly with .astype({to}).",
                casting.name()
            ),
            Error::ReadOnly { op } => format!(
                "{op}: this array's memory is read-only (a memory-mapped file or a broadcast \
                 view). Make a writable copy first with .copy()."
            ),
            Error::EmptyReduction { op } => format!(
                "{op} of zero elements has no value. Check for empty inputs first, or pass \
                 initial= to give the reduction a starting value."
            ),
            Error::Invalid { hint, .. } => hint.clone(),
        }
    }
}

/// NumPy's DType class repr, as in its no-loop messages.
fn dtype_class(d: DType) -> String {
    let name = match d {
        DType::Str(_) => "Str".to_string(),
        DType::Record(_) => "Void".to_string(),
        DType::Bool => "Bool".to_string(),
        DType::UInt8 => "UInt8".into(),
        DType::UInt16 => "UInt16".into(),
        DType::UInt32 => "UInt32".into(),
        DType::UInt64 => "UInt64".into(),
        other => {
            let n = other.static_name();
            let mut c = n.chars();
            let first = c.next().map(|f| f.to_ascii_uppercase()).unwrap_or_default();
            format!("{first}{}", c.as_str())
        }
    };
    format!("<class 'numpy.dtypes.{name}DType'>")
}

fn render(err: &Error) -> String {
    let hint = err.hint();
    if hint.is_empty() {
        err.numpy_message()
    } else {
        format!("{}\n{hint}", err.numpy_message())
    }
}

pub(crate) use crate::shape::fmt_shape_compact;

/// NumPy prints an unknown (-1) axis in reshape errors as `newaxis`.
fn fmt_ishape_compact(shape: &[isize]) -> String {
    let dim = |d: &isize| {
        if *d < 0 {
            "newaxis".to_string()
        } else {
            d.to_string()
        }
    };
    crate::shape::fmt_tuple(shape.iter().map(dim), ",")
}

fn fmt_ishape(shape: &[isize]) -> String {
    crate::shape::fmt_tuple(shape.iter().map(|d| d.to_string()), ", ")
}

/// Shapes aligned from the right with the clashing axis marked, as a teaching aid.
fn broadcast_hint(shapes: &[Vec<usize>]) -> String {
    let ndim = shapes.iter().map(Vec::len).max().unwrap_or(0);
    let width = shapes
        .iter()
        .flat_map(|s| s.iter().map(|d| d.to_string().len()))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut lines = vec![
        "Broadcasting aligns shapes from the right; each axis must match or be 1:".to_string(),
    ];
    let mut clash = None;
    for axis in 0..ndim {
        let dims: Vec<usize> = shapes
            .iter()
            .filter_map(|s| (axis + s.len()).checked_sub(ndim).map(|i| s[i]))
            .collect();
        let big = dims.iter().copied().filter(|&d| d != 1).collect::<Vec<_>>();
        if big.windows(2).any(|w| w[0] != w[1]) {
            clash = Some(axis);
        }
    }
    for (i, s) in shapes.iter().enumerate() {
        let mut cells = Vec::new();
        for axis in 0..ndim {
            let cell = match (axis + s.len()).checked_sub(ndim) {
                Some(j) => format!("{:>width$}", s[j]),
                None => " ".repeat(width),
            };
            cells.push(cell);
        }
        lines.push(format!(
            "  operand {i}: {}   {}",
            cells.join("  "),
            fmt_shape(s)
        ));
    }
    if let Some(axis) = clash {
        let mut marker = String::from("             ");
        for a in 0..ndim {
            marker.push_str(&if a == axis {
                format!("{:>width$}", "^")
            } else {
                " ".repeat(width)
            });
            marker.push_str("  ");
        }
        lines.push(marker.trim_end().to_string());
        lines.push(format!(
            "Axis {} (counting from the right) differs and neither size is 1. \
             Insert a length-1 axis where you mean to stretch (x[:, None]), or transpose one operand.",
            axis as isize - ndim as isize
        ));
    }
    lines.join("\n")
}
