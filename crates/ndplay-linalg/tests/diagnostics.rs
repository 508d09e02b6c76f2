//! The vector-dot loud failure mode: `dot`/`@` of two 1-D vectors.

use ndplay_core::Array;
use ndplay_core::diagnostics::{Kind, Level, with_level};

#[test]
fn vector_dot_is_reported_and_unchanged() {
    let a = Array::from_f64s(&[1.0, 2.0, 3.0]);
    let b = Array::from_f64s(&[4.0, 5.0, 6.0]);
    let (r, d) = with_level(Level::Warn, || ndplay_linalg::dot(&a, &b).unwrap());
    assert_eq!(r.item().unwrap().as_f64(), 32.0, "NumPy's 32, unchanged");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, Kind::VectorDot);
    assert_eq!(
        d[0].message,
        "dot: both operands are 1-D of shape (3,), so the result is one number (the inner product), not a (3, 3) \
         matrix. If you expected an outer product, this is silently wrong."
    );
    let (_, d) = with_level(Level::Warn, || ndplay_linalg::matmul(&a, &b).unwrap());
    assert_eq!(d[0].kind, Kind::VectorDot);
    // Matrix-vector and the explicit outer product are quiet.
    let m = Array::from_f64s(&[1.0; 6]).reshape(&[2, 3]).unwrap();
    let (_, quiet) = with_level(Level::Warn, || ndplay_linalg::dot(&m, &a).unwrap());
    assert!(quiet.is_empty());
    let (o, quiet) = with_level(Level::Warn, || ndplay_linalg::outer(&a, &b).unwrap());
    assert_eq!(o.shape(), &[3, 3]);
    assert!(quiet.is_empty());
}
