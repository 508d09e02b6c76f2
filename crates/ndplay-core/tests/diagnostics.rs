//! One test per loud failure mode: it fires on the buggy form with its exact message, stays
//! quiet on the correct form, never changes the result, and becomes an error in strict mode.

use ndplay_core::diagnostics::{Diagnostic, Kind, Level, with_level};
use ndplay_core::{Array, Casting, DType, IndexItem, SliceArg};

fn warn<R>(f: impl FnOnce() -> R) -> (R, Vec<Diagnostic>) {
    with_level(Level::Warn, f)
}

fn kinds(d: &[Diagnostic]) -> Vec<Kind> {
    d.iter().map(|d| d.kind).collect()
}

#[test]
fn outer_broadcast_mse_trap() {
    let y = Array::from_f64s(&[3.0, 5.0]);
    let yhat = Array::from_f64s(&[1.0, 4.0]);
    let col = y.reshape(&[2, 1]).unwrap();
    let (r, d) = warn(|| col.sub(&yhat).unwrap());
    assert_eq!(r.shape(), &[2, 2], "the result is still NumPy's");
    assert_eq!(kinds(&d), vec![Kind::OuterBroadcast]);
    assert_eq!(
        d[0].message,
        "subtract: shapes (2, 1) and (2,) broadcast to (2, 2), larger than both operands: every element of one \
         met every element of the other. If you meant element-wise pairs (as in an MSE over matched targets and \
         predictions, or a (H,) bias), the shapes disagree."
    );
    let (_, quiet) = warn(|| y.sub(&yhat).unwrap());
    assert!(quiet.is_empty());
    // A (N, D) + (D,) bias stretches only one operand: quiet.
    let x = Array::zeros(&[4, 3], DType::Float64);
    let (_, quiet) = warn(|| x.add(&Array::ones(&[3], DType::Float64).unwrap()).unwrap());
    assert!(quiet.is_empty());
    let (strict, _) = with_level(Level::Strict, || col.sub(&yhat));
    assert_eq!(strict.unwrap_err().py_type(), "ValueError");
}

#[test]
fn upcast_float32_to_float64() {
    let a = Array::ones(&[3], DType::Float32).unwrap();
    let b = Array::ones(&[3], DType::Float64).unwrap();
    let (r, d) = warn(|| a.mul(&b).unwrap());
    assert_eq!(r.dtype(), DType::Float64);
    assert_eq!(kinds(&d), vec![Kind::Upcast]);
    assert_eq!(
        d[0].message,
        "multiply: float32 data of shape (3,) met a float64 array of shape (3,), so the result is float64: \
         twice the memory, and no longer the dtype your model expects."
    );
    // A Python float is weak and keeps float32: quiet.
    let (r, quiet) = warn(|| a.mul_scalar(2.0).unwrap());
    assert_eq!(r.dtype(), DType::Float32);
    assert!(quiet.is_empty());
    // In place, the float32 target keeps float32 (`a *= b`): no upcast to report.
    let (r, quiet) = warn(|| a.apply_inplace(ndplay_core::ufunc::BinaryOp::Multiply, (&b).into()));
    assert!(r.is_ok());
    assert_eq!(a.dtype(), DType::Float32);
    assert!(quiet.is_empty(), "{quiet:?}");
    // ...while an in-place wrap-around is still reported.
    let small = Array::from_vec(vec![120i8], &[1]).unwrap();
    let (_, d) = warn(|| small.apply_inplace(ndplay_core::ufunc::BinaryOp::Add, 10i64.into()));
    assert_eq!(kinds(&d), vec![Kind::IntegerOverflow]);
}

#[test]
fn nonfinite_from_finite_inputs() {
    let z = Array::from_f64s(&[0.0, 1.0]);
    let (r, d) = warn(|| z.log().unwrap());
    assert!(r.to_f64_vec()[0].is_infinite());
    assert_eq!(kinds(&d), vec![Kind::NonFiniteProduced]);
    assert_eq!(
        d[0].message,
        "log: the input was all finite but 1 results are NaN or Inf (log of zero or of a negative number)."
    );
    let (_, d) = warn(|| z.div(&z).unwrap());
    assert_eq!(
        d[0].message,
        "divide: the inputs were all finite but 1 result values are NaN or Inf (division by zero, 0/0, or overflow)."
    );
    // NaN already present: not "produced".
    let n = Array::from_f64s(&[f64::NAN, 1.0]);
    let (_, quiet) = warn(|| n.add_scalar(1.0).unwrap());
    assert!(quiet.is_empty());
    let (_, quiet) = warn(|| Array::from_f64s(&[1.0, 2.0]).log().unwrap());
    assert!(quiet.is_empty());
}

#[test]
fn integer_overflow_in_arithmetic_and_astype() {
    let a = Array::from_vec(vec![120i8, 1], &[2]).unwrap();
    let (r, d) = warn(|| a.add_scalar(10i64).unwrap());
    assert_eq!(
        r.to_vec::<i8>(),
        vec![-126, 11],
        "wraps exactly as NumPy does"
    );
    assert_eq!(kinds(&d), vec![Kind::IntegerOverflow]);
    assert_eq!(
        d[0].message,
        "add: 1 results did not fit in int8 and wrapped around silently."
    );
    let (_, quiet) = warn(|| a.add_scalar(1i64).unwrap());
    assert!(quiet.is_empty());
    let big = Array::from_vec(vec![300i64, 5], &[2]).unwrap();
    let (r, d) = warn(|| big.astype(DType::UInt8, Casting::Unsafe).unwrap());
    assert_eq!(r.to_vec::<u8>(), vec![44, 5]);
    assert_eq!(
        d[0].message,
        "astype: 1 values of this int64 array do not fit in uint8 (or are NaN/Inf) and wrapped around or became garbage silently."
    );
    let (_, quiet) = warn(|| {
        Array::from_f64s(&[1.9, -2.5])
            .astype(DType::Int64, Casting::Unsafe)
            .unwrap()
    });
    assert!(
        quiet.is_empty(),
        "an explicit float->int cast truncating in range is intended"
    );
}

#[test]
fn integer_truncation_floor_division_and_assignment() {
    let g = Array::from_vec(vec![3i64, 4, 5], &[3]).unwrap();
    let (r, d) = warn(|| g.floor_div_scalar(2i64).unwrap());
    assert_eq!(r.to_vec::<i64>(), vec![1, 2, 2]);
    assert_eq!(kinds(&d), vec![Kind::IntegerTruncation]);
    assert_eq!(
        d[0].message,
        "floor_divide: integer division dropped the fractional part of 2 results; the result stays int64 (your gradients just became integers)."
    );
    let (_, quiet) = warn(|| {
        Array::from_vec(vec![4i64, 6], &[2])
            .unwrap()
            .floor_div_scalar(2i64)
            .unwrap()
    });
    assert!(quiet.is_empty());
    let target = Array::zeros(&[2], DType::Int64);
    let (_, d) = warn(|| {
        target
            .index_assign(&[IndexItem::Ellipsis], &Array::from_f64s(&[2.9, 1.0]))
            .unwrap()
    });
    assert_eq!(target.to_vec::<i64>(), vec![2, 1]);
    assert_eq!(
        d[0].message,
        "setitem: 1 float values were truncated toward zero when stored into this int64 array (2.9 becomes 2); NumPy casts silently on assignment."
    );
}

#[test]
fn axis_statistic_centering_rows() {
    let x = Array::arange(0.0, 12.0, 1.0, Some(DType::Float64))
        .unwrap()
        .reshape(&[4, 3])
        .unwrap();
    let (r, d) = warn(|| {
        let m = x.mean(Some(&[1]), true).unwrap();
        x.sub(&m).unwrap()
    });
    assert_eq!(r.shape(), &[4, 3]);
    assert_eq!(kinds(&d), vec![Kind::AxisStatistic]);
    assert_eq!(
        d[0].message,
        "subtract: this centres a (N, D) = (4, 3) batch with a mean taken over axis=1, one number per example (row). \
         Feature standardisation takes statistics over axis=0, one per feature."
    );
    let (_, quiet) = warn(|| x.sub(&x.mean(Some(&[0]), false).unwrap()).unwrap());
    assert!(quiet.is_empty());
    // The stable-softmax shift by the row max is deliberate: quiet.
    let (_, quiet) = warn(|| x.sub(&x.max(Some(&[1]), true).unwrap()).unwrap());
    assert!(quiet.is_empty());
}

#[test]
fn axis_statistic_the_reverse_per_example_normalisation_over_the_batch() {
    let x = Array::arange(1.0, 13.0, 1.0, Some(DType::Float64))
        .unwrap()
        .reshape(&[4, 3])
        .unwrap();
    let (r, d) = warn(|| x.div(&x.sum(Some(&[0]), false).unwrap()).unwrap());
    assert_eq!(r.shape(), &[4, 3], "NumPy's result is kept");
    assert_eq!(kinds(&d), vec![Kind::AxisStatistic]);
    assert_eq!(
        d[0].message,
        "divide: this normalises by a sum over axis=0, so each column (feature or class) sums to 1 \
         across the batch, not each example (row) of the (N, D) = (4, 3) batch. Per-example \
         normalisations work along axis=1."
    );
    let (_, d) = warn(|| x.sub(&x.max(Some(&[0]), false).unwrap()).unwrap());
    assert_eq!(kinds(&d), vec![Kind::AxisStatistic]);
    assert!(d[0].fix.contains("X - X.max(axis=1, keepdims=True)"));
    // The per-example forms, and per-feature standardisation, are quiet.
    let (_, quiet) = warn(|| x.div(&x.sum(Some(&[1]), true).unwrap()).unwrap());
    assert!(quiet.is_empty());
    let (_, quiet) = warn(|| x.div(&x.std(Some(&[0]), 0.0, false).unwrap()).unwrap());
    assert!(quiet.is_empty());
}

#[test]
fn write_through_shared_view() {
    let a = Array::arange(0.0, 6.0, 1.0, None).unwrap();
    let b = a
        .index(&[IndexItem::Slice(SliceArg::new(None, Some(2), 1))])
        .unwrap();
    let (_, d) = warn(|| b.set(&[0], 9i64.into()).unwrap());
    assert_eq!(
        a.get(&[0]).unwrap().to_string(),
        "9",
        "NumPy's semantics are kept"
    );
    assert_eq!(kinds(&d), vec![Kind::WriteThroughView]);
    assert_eq!(
        d[0].message,
        "setitem: this array of shape (2,) is a view (made by slicing, reshape or .T) of an array of shape (6,); the write changes that array too."
    );
    let c = b.copy(ndplay_core::Order::C).unwrap();
    let (_, quiet) = warn(|| c.set(&[0], 1i64.into()).unwrap());
    assert!(quiet.is_empty());
}

#[test]
fn reshape_that_copied() {
    let a = Array::arange(0.0, 6.0, 1.0, None)
        .unwrap()
        .reshape(&[2, 3])
        .unwrap();
    let (r, d) = warn(|| a.t().reshape(&[-1]).unwrap());
    assert_eq!(r.to_vec::<i64>(), vec![0, 3, 1, 4, 2, 5]);
    assert_eq!(kinds(&d), vec![Kind::ReshapeCopied]);
    assert_eq!(
        d[0].message,
        "reshape: the array of shape (3, 2) with strides [8, 24] is not contiguous in C order, so reshaping to (6,) \
         copied all 6 elements. The result is not a view: writes to it will not reach the original."
    );
    let (_, quiet) = warn(|| a.reshape(&[-1]).unwrap());
    assert!(quiet.is_empty());
}

#[test]
fn off_by_default_and_results_unchanged() {
    let col = Array::from_f64s(&[1.0, 2.0]).reshape(&[2, 1]).unwrap();
    let row = Array::from_f64s(&[1.0, 2.0]);
    let plain = col.sub(&row).unwrap();
    assert!(
        ndplay_core::diagnostics::take().is_empty(),
        "library default is Off: NumPy's silence"
    );
    let (warned, _) = warn(|| col.sub(&row).unwrap());
    assert_eq!(plain.to_f64_vec(), warned.to_f64_vec());
}

#[test]
fn bias_shaped_as_a_column_lines_up_with_the_rows_of_a_square_batch() {
    // (N, H) = (3, 3) activations and a bias written as a column (H, 1): NumPy adds
    // bias[i] to row i. With N = 4 it would refuse the shapes.
    let h = Array::arange_f64(0.0, 9.0, 1.0).reshape(&[3, 3]).unwrap();
    let bias = Array::from_f64s(&[10.0, 20.0, 30.0])
        .reshape(&[3, 1])
        .unwrap();
    let (r, d) = warn(|| h.add(&bias).unwrap());
    assert_eq!(
        r.to_f64_vec(),
        vec![10.0, 11.0, 12.0, 23.0, 24.0, 25.0, 36.0, 37.0, 38.0],
        "the result is still NumPy's (row i plus bias[i])"
    );
    assert_eq!(kinds(&d), vec![Kind::BiasAlongRows]);
    assert_eq!(
        d[0].message,
        "add: a column of shape (3, 1) met an array of shape (3, 3), whose last two axes are both 3. The column \
         lines up with axis -2 (the rows, one per example), so row i gets col[i] on every feature. This runs only \
         because the batch size equals the feature size (3): with any other batch size NumPy refuses these \
         shapes. A bias for the 3 features of an (N, 3) activation has shape (3,)."
    );
    assert!(
        d[0].fix
            .starts_with("Give the bias shape (3,): b.reshape(-1)")
    );
    // Either operand order, subtraction, and a stack of square batches.
    let (_, d) = warn(|| bias.add(&h).unwrap());
    assert_eq!(kinds(&d), vec![Kind::BiasAlongRows]);
    let (_, d) = warn(|| h.sub(&bias).unwrap());
    assert_eq!(kinds(&d), vec![Kind::BiasAlongRows]);
    let stack = Array::zeros(&[2, 3, 3], DType::Float64);
    let (_, d) = warn(|| stack.add(&bias).unwrap());
    assert_eq!(kinds(&d), vec![Kind::BiasAlongRows]);
    // Quiet: the (H,) bias; a per-row statistic kept as a column; a non-square batch
    // (which NumPy refuses anyway); a product (scaling rows of a square matrix by a
    // column is ordinary linear algebra).
    let flat = bias.reshape(&[3]).unwrap();
    let (_, quiet) = warn(|| h.add(&flat).unwrap());
    assert!(quiet.is_empty(), "{quiet:?}");
    let row_means = h.mean(Some(&[1]), true).unwrap();
    let (_, quiet) = warn(|| h.sub(&row_means).unwrap());
    assert!(
        quiet.iter().all(|d| d.kind != Kind::BiasAlongRows),
        "{quiet:?}"
    );
    let (_, quiet) = warn(|| h.mul(&bias).unwrap());
    assert!(quiet.is_empty(), "{quiet:?}");
    let wide = Array::zeros(&[3, 4], DType::Float64);
    let (_, quiet) = warn(|| wide.add(&Array::zeros(&[3, 1], DType::Float64)).unwrap());
    assert!(quiet.is_empty(), "{quiet:?}");
    // Strict: refused, with the fix in the hint.
    let (strict, _) = with_level(Level::Strict, || h.add(&bias));
    let err = strict.unwrap_err();
    assert!(err.hint().contains("bias_along_rows"), "{}", err.hint());
}
