//! Loud failure modes: the bugs NumPy runs without a word, detected and explained.
//!
//! Operations report suspicious patterns here — an accidental outer broadcast, a silent
//! upcast, NaN produced from finite inputs, integer wrap-around, a reshape that quietly
//! copied — *without changing any result*. A thread-local [`Level`] decides what happens:
//! `Off` (NumPy's silence, the library default), `Warn` (the result is NumPy's and the
//! diagnostic is collected; the console and playground turn this on) or `Strict` (the
//! diagnostic becomes an error).
//!
//! ```
//! use ndplay_core::{Array, diagnostics::{self, Kind, Level}};
//! let y = Array::from_f64s(&[1.0, 2.0, 3.0]);
//! let yhat = Array::from_f64s(&[1.5, 2.0, 2.5]);
//! let col = y.reshape(&[3, 1]).unwrap();
//! let found = diagnostics::with_level(Level::Warn, || col.sub(&yhat).map(|_| ()));
//! let (result, diags) = found;
//! assert!(result.is_ok());
//! assert_eq!(diags[0].kind, Kind::OuterBroadcast);
//! assert!(diags[0].message.contains("(3, 1) and (3,) broadcast to (3, 3)"));
//! // Strict: the same expression is refused.
//! let (strict, _) = diagnostics::with_level(Level::Strict, || col.sub(&yhat).map(|_| ()));
//! assert!(strict.is_err());
//! ```

use std::cell::RefCell;

use crate::array::Array;
use crate::dtype::{Casting, DType};
use crate::error::{Error, Result};
use crate::shape::fmt_shape;
use crate::ufunc::{BinaryOp, Operand, UnaryOp, binary, nonfinite_count};

/// How loud diagnostics are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    /// NumPy's behaviour: nothing is reported.
    #[default]
    Off,
    /// Results are NumPy's; diagnostics are collected for display.
    Warn,
    /// A diagnostic fails the operation with an error.
    Strict,
}

impl Level {
    /// Parses `off`, `warn`, `strict`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            "warn" => Some(Level::Warn),
            "strict" => Some(Level::Strict),
            _ => None,
        }
    }
}

/// The bug classes ndplay detects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `dot`/`@` of two 1-D vectors: a scalar where an outer product may have been meant.
    VectorDot,
    /// Both operands were stretched, so the result is larger than either: `(n,)` met
    /// `(n, 1)`, or `(n, 1)` met `(1, n)`.
    OuterBroadcast,
    /// Integer division dropped fractions, or float results were truncated into integers.
    IntegerTruncation,
    /// Integer arithmetic or a cast wrapped around.
    IntegerOverflow,
    /// A statistic over one axis used to centre or scale along the other.
    AxisStatistic,
    /// A write through a view changed memory that another array shares.
    WriteThroughView,
    /// A reshape of a non-contiguous array silently copied.
    ReshapeCopied,
    /// float32 (or float16) data were silently promoted to float64.
    Upcast,
    /// NaN or Inf produced by an operation whose inputs had none.
    NonFiniteProduced,
    /// A `(K, 1)` column (a bias written as a column vector) added to an array whose last
    /// two axes are `(K, K)`: it runs only because the batch size equals the feature
    /// size, and adds `col[i]` to every feature of row `i`.
    BiasAlongRows,
}

impl Kind {
    /// A short stable name (`"outer_broadcast"`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::VectorDot => "vector_dot",
            Kind::OuterBroadcast => "outer_broadcast",
            Kind::IntegerTruncation => "integer_truncation",
            Kind::IntegerOverflow => "integer_overflow",
            Kind::AxisStatistic => "axis_statistic",
            Kind::WriteThroughView => "write_through_view",
            Kind::ReshapeCopied => "reshape_copied",
            Kind::Upcast => "upcast",
            Kind::NonFiniteProduced => "nonfinite_produced",
            Kind::BiasAlongRows => "bias_along_rows",
        }
    }
}

/// One finding: what happened, to which operands, why it is likely wrong, and the fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// The bug class.
    pub kind: Kind,
    /// The operation (`"subtract"`, `"reshape"`).
    pub op: String,
    /// Shape and dtype of each operand.
    pub operands: Vec<(Vec<usize>, DType)>,
    /// What happened and why it is likely wrong.
    pub message: String,
    /// What to write instead.
    pub fix: String,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}\n  fix: {}",
            self.kind.name(),
            self.message,
            self.fix
        )
    }
}

#[derive(Default)]
struct State {
    level: Level,
    collected: Vec<Diagnostic>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// The current thread's level.
pub fn level() -> Level {
    STATE.with(|s| s.borrow().level)
}

/// Sets the current thread's level.
pub fn set_level(level: Level) {
    STATE.with(|s| s.borrow_mut().level = level);
}

/// Whether any detection should run (detections cost a scan, so they are skipped when off).
pub fn enabled() -> bool {
    level() != Level::Off
}

/// Takes the diagnostics collected so far on this thread.
pub fn take() -> Vec<Diagnostic> {
    STATE.with(|s| std::mem::take(&mut s.borrow_mut().collected))
}

/// Runs `f` at `level` and returns its result with the diagnostics it raised; the
/// previous level and any earlier diagnostics are restored afterwards.
pub fn with_level<R>(level: Level, f: impl FnOnce() -> R) -> (R, Vec<Diagnostic>) {
    let (old_level, old) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let old_level = s.level;
        s.level = level;
        (old_level, std::mem::take(&mut s.collected))
    });
    let r = f();
    let found = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.level = old_level;
        std::mem::replace(&mut s.collected, old)
    });
    (r, found)
}

/// Reports a finding: collected under `Warn`, an error under `Strict`, dropped under `Off`.
pub fn emit(d: Diagnostic) -> Result<()> {
    match level() {
        Level::Off => Ok(()),
        Level::Warn => {
            STATE.with(|s| s.borrow_mut().collected.push(d));
            Ok(())
        }
        Level::Strict => Err(Error::Invalid {
            py_type: "ValueError",
            message: format!("ndplay strict mode: {}", d.message),
            hint: format!(
                "{} (diagnostic '{}'; lower the level to 'warn' to run it anyway)",
                d.fix,
                d.kind.name()
            ),
        }),
    }
}

/// Checks a binary operation's operand shapes for an accidental outer broadcast: both
/// operands stretched, so the result is larger than either.
pub(crate) fn check_outer_broadcast(
    op: &str,
    a: (&[usize], DType),
    b: (&[usize], DType),
    out: &[usize],
) -> Result<()> {
    if !enabled() {
        return Ok(());
    }
    let size = |s: &[usize]| s.iter().product::<usize>();
    let stretched = |s: &[usize]| {
        let pad = out.len() - s.len();
        out.iter()
            .enumerate()
            .any(|(i, &d)| d > 1 && (i < pad || s[i - pad] == 1))
    };
    if size(out) > size(a.0).max(size(b.0)) && stretched(a.0) && stretched(b.0) {
        return emit(Diagnostic {
            kind: Kind::OuterBroadcast,
            op: op.to_string(),
            operands: vec![(a.0.to_vec(), a.1), (b.0.to_vec(), b.1)],
            message: format!(
                "{op}: shapes {} and {} broadcast to {}, larger than both operands: every element of one \
                 met every element of the other. If you meant element-wise pairs (as in an MSE over matched \
                 targets and predictions, or a (H,) bias), the shapes disagree.",
                fmt_shape(a.0),
                fmt_shape(b.0),
                fmt_shape(out)
            ),
            fix: "Give both operands the same shape (y.ravel() - yhat.ravel(), or a bias of shape (H,)); \
                  if the outer result is intended, say so with np.subtract.outer / np.multiply.outer."
                .into(),
        });
    }
    Ok(())
}

/// Checks `x + col` / `x - col` (either order) for a column bias lined up with the rows:
/// `col` of shape `(K, 1)` and `x`'s last two axes `(K, K)`. With an `(N, H)`
/// activation and a bias shaped `(H, 1)` NumPy refuses the shapes unless `N == H`, and
/// then it silently adds `bias[i]` to every feature of example `i`. A column that came
/// from a reduction (a per-row statistic, `x.mean(axis=1, keepdims=True)`) is meant to
/// line up with the rows and is not reported.
pub(crate) fn check_bias_along_rows(
    op: &str,
    a: (&[usize], DType, bool),
    b: (&[usize], DType, bool),
) -> Result<()> {
    if !enabled() {
        return Ok(());
    }
    for (x, col) in [(a, b), (b, a)] {
        let (xs, cs, col_is_statistic) = (x.0, col.0, col.2);
        let square = xs.len() >= 2 && xs[xs.len() - 1] == xs[xs.len() - 2];
        if cs.len() != 2 || cs[1] != 1 || cs[0] < 2 || !square || xs[xs.len() - 1] != cs[0] {
            continue;
        }
        if col_is_statistic {
            continue;
        }
        let k = cs[0];
        return emit(Diagnostic {
            kind: Kind::BiasAlongRows,
            op: op.to_string(),
            operands: vec![(a.0.to_vec(), a.1), (b.0.to_vec(), b.1)],
            message: format!(
                "{op}: a column of shape {} met an array of shape {}, whose last two axes are both {k}. The \
                 column lines up with axis -2 (the rows, one per example), so row i gets col[i] on every feature. \
                 This runs only because the batch size equals the feature size ({k}): with any other batch size \
                 NumPy refuses these shapes. A bias for the {k} features of an (N, {k}) activation has shape ({k},).",
                fmt_shape(cs),
                fmt_shape(xs),
            ),
            fix: format!(
                "Give the bias shape ({k},): b.reshape(-1) (or b.T for (1, {k})), and create it as np.zeros({k}). \
                 If one value per row is meant, this result is right."
            ),
        });
    }
    Ok(())
}

/// Reports float32/float16 data promoted to float64 by a float64 array operand.
pub(crate) fn check_upcast(
    op: &str,
    a: (&[usize], DType),
    b: (&[usize], DType),
    out: DType,
) -> Result<()> {
    if !enabled() || out != DType::Float64 {
        return Ok(());
    }
    let small = |d: DType| matches!(d, DType::Float32 | DType::Float16);
    let (narrow, wide) = if small(a.1) && b.1 == DType::Float64 {
        (a, b)
    } else if small(b.1) && a.1 == DType::Float64 {
        (b, a)
    } else {
        return Ok(());
    };
    emit(Diagnostic {
        kind: Kind::Upcast,
        op: op.to_string(),
        operands: vec![(a.0.to_vec(), a.1), (b.0.to_vec(), b.1)],
        message: format!(
            "{op}: {} data of shape {} met a float64 array of shape {}, so the result is float64: twice \
             the memory, and no longer the dtype your model expects.",
            narrow.1,
            fmt_shape(narrow.0),
            fmt_shape(wide.0)
        ),
        fix: format!(
            "Cast the float64 operand first (.astype(np.{})), or create it with dtype=np.{}.",
            narrow.1, narrow.1
        ),
    })
}

/// Runs `f` with diagnostics off, keeping whatever was collected before: for library
/// code whose internal steps are deliberate (an outer product *is* an outer broadcast).
pub fn suppressed<R>(f: impl FnOnce() -> R) -> R {
    with_level(Level::Off, f).0
}

/// The hook the ufunc machinery calls after a binary operation: the loud-failure checks,
/// which read the operands (`x`, `y` in the loop dtype) and the result and never change
/// it. Which checks apply comes from the ufunc's row (`arithmetic`) and, for the traps
/// tied to one operation (a bias along rows, integer overflow, truncating division), the
/// operation itself.
pub(crate) fn after_binary(
    op: BinaryOp,
    operands: &[Operand<'_>; 2],
    x: &Array,
    y: &Array,
    out: &Array,
) -> Result<()> {
    use BinaryOp::*;
    let arithmetic = op.def().arithmetic;
    if let (Operand::Array(a), Operand::Array(b)) = (&operands[0], &operands[1]) {
        if arithmetic {
            check_outer_broadcast(
                op.name(),
                (a.shape(), a.dtype()),
                (b.shape(), b.dtype()),
                out.shape(),
            )?;
            check_upcast(
                op.name(),
                (a.shape(), a.dtype()),
                (b.shape(), b.dtype()),
                out.dtype(),
            )?;
        }
        if matches!(op, Add | Subtract) {
            check_bias_along_rows(
                op.name(),
                (a.shape(), a.dtype(), a.origin().is_some()),
                (b.shape(), b.dtype(), b.origin().is_some()),
            )?;
        }
        if matches!(op, Subtract | TrueDivide) {
            diagnose_axis_statistic(op, a, b)?;
        }
    }
    let shapes: Vec<(Vec<usize>, DType)> =
        operands.iter().map(|o| (o.shape(), o.dtype())).collect();
    if out.dtype().is_inexact()
        && nonfinite_count(out) > 0
        && nonfinite_count(x) == 0
        && nonfinite_count(y) == 0
    {
        emit(Diagnostic {
            kind: Kind::NonFiniteProduced,
            op: op.name().into(),
            operands: shapes.clone(),
            message: format!(
                "{}: the inputs were all finite but {} result values are NaN or Inf (division by zero, 0/0, or overflow).",
                op.name(),
                nonfinite_count(out)
            ),
            fix: "Guard the denominator (np.where(d != 0, d, 1)), clip before exp, or check np.isfinite(result).all().".into(),
        })?;
    }
    if out.dtype().is_integer() && matches!(op, Add | Subtract | Multiply | Power) {
        // Recompute in float64 (exact below 2**53) and compare: a difference means wrap-around.
        let xf = x.astype(DType::Float64, Casting::Unsafe)?;
        let yf = y.astype(DType::Float64, Casting::Unsafe)?;
        let exact = binary(op, (&xf).into(), (&yf).into())?.to_vec::<f64>();
        let got = out.to_vec::<f64>();
        let wrapped = exact
            .iter()
            .zip(&got)
            .filter(|(e, g)| e.abs() < 9.0e15 && e != g)
            .count();
        if wrapped > 0 {
            emit(Diagnostic {
                kind: Kind::IntegerOverflow,
                op: op.name().into(),
                operands: shapes.clone(),
                message: format!(
                    "{}: {wrapped} results did not fit in {} and wrapped around silently.",
                    op.name(),
                    out.dtype()
                ),
                fix: format!(
                    "Widen first (a.astype(np.int64) or np.float64) before {}.",
                    op.name()
                ),
            })?;
        }
    }
    if op == FloorDivide && out.dtype().is_integer() {
        let rem = binary(Remainder, x.into(), y.into())?;
        let lost = rem.to_vec::<i64>().iter().filter(|&&r| r != 0).count();
        if lost > 0 {
            emit(Diagnostic {
                kind: Kind::IntegerTruncation,
                op: op.name().into(),
                operands: shapes,
                message: format!(
                    "floor_divide: integer division dropped the fractional part of {lost} results; the result \
                     stays {} (your gradients just became integers).",
                    out.dtype()
                ),
                fix:
                    "Use true division (a / b), or cast to float first (a.astype(np.float64) // b)."
                        .into(),
            })?;
        }
    }
    Ok(())
}

/// `X - X.mean(axis=1)` on a `(N, D)` batch: each example centred by its own mean.
fn diagnose_axis_statistic(op: BinaryOp, a: &Array, b: &Array) -> Result<()> {
    let Some(origin) = b.origin() else {
        return Ok(());
    };
    let report = |message: String, fix: String| {
        emit(Diagnostic {
            kind: Kind::AxisStatistic,
            op: op.name().into(),
            operands: vec![
                (a.shape().to_vec(), a.dtype()),
                (b.shape().to_vec(), b.dtype()),
            ],
            message,
            fix,
        })
    };
    if a.ndim() == 2
        && origin.input_shape == a.shape()
        && origin.axes == [1]
        && matches!(origin.op, "mean" | "std" | "var")
    {
        let verb = if op == BinaryOp::Subtract {
            "centres"
        } else {
            "scales"
        };
        return report(
            format!(
                "{}: this {verb} a (N, D) = {} batch with a {} taken over axis=1, one number per example \
                 (row). Feature standardisation takes statistics over axis=0, one per feature{}.",
                op.name(),
                crate::shape::fmt_shape(a.shape()),
                origin.op,
                if origin.keepdims {
                    ""
                } else {
                    "; without keepdims the (N,) row statistics are even broadcast along the feature axis"
                }
            ),
            format!(
                "Use X.{}(axis=0) for per-feature statistics (shape (D,)).",
                origin.op
            ),
        );
    }
    // The reverse: per-example normalisations (probabilities, a softmax's stabilising
    // shift) taken over the batch axis instead.
    let reverse = a.ndim() == 2
        && origin.input_shape == a.shape()
        && origin.axes == [0]
        && a.shape()[0] > 1
        && matches!(
            (op, origin.op),
            (BinaryOp::TrueDivide, "sum") | (BinaryOp::Subtract, "max")
        );
    if reverse {
        let (what, usual) = if op == BinaryOp::TrueDivide {
            (
                "normalises by a sum over axis=0, so each column (feature or class) sums to 1 \
                 across the batch, not each example (row)",
                "Probabilities and softmax outputs normalise each example: divide by \
                 X.sum(axis=1, keepdims=True).",
            )
        } else {
            (
                "shifts by a max over axis=0, one number per column, taken across the batch",
                "A stable softmax over each example's classes shifts each row by its own max: \
                 X - X.max(axis=1, keepdims=True); a per-column shift changes a row-wise \
                 softmax's result.",
            )
        };
        return report(
            format!(
                "{}: this {what} of the (N, D) = {} batch. Per-example normalisations work \
                 along axis=1.",
                op.name(),
                crate::shape::fmt_shape(a.shape()),
            ),
            usual.to_string(),
        );
    }
    Ok(())
}

/// The hook the ufunc machinery calls after a unary operation `op` on `a` (computed on
/// `x`, `a` in the loop dtype): finite inputs that gave NaN or Inf, with the row's reason.
pub(crate) fn after_unary(op: UnaryOp, a: &Array, x: &Array, out: &Array) -> Result<()> {
    if !out.dtype().is_inexact() || nonfinite_count(x) > 0 {
        return Ok(());
    }
    let produced = nonfinite_count(out);
    if produced == 0 {
        return Ok(());
    }
    emit(Diagnostic {
        kind: Kind::NonFiniteProduced,
        op: op.name().into(),
        operands: vec![(a.shape().to_vec(), a.dtype())],
        message: format!(
            "{}: the input was all finite but {produced} results are NaN or Inf ({}).",
            op.name(),
            op.def().nonfinite_why
        ),
        fix: "Clip or shift the input into the function's domain (np.log(np.clip(p, 1e-12, None)), x - x.max()).".into(),
    })
}
