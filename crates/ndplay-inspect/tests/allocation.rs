//! Results sized by a tensor's shape are checked before they are allocated: an empty
//! tensor with a huge axis asks for a huge result, and gets NumPy's `MemoryError`
//! (here [`InspectError::OutOfMemory`]) instead of aborting the process.

use ndplay_core::{Array, DType};
use ndplay_inspect::{InspectError, compute_axis_stats};

#[test]
fn axis_stats_of_an_empty_tensor_with_a_huge_axis_is_an_error_not_an_abort() {
    // (0, 10**12) holds no data, but reducing axis 0 keeps 10**12 lanes: 48 TB.
    let a = Array::try_zeros(&[0, 1_000_000_000_000], DType::Float32).unwrap();
    let err = compute_axis_stats(&a, 0).unwrap_err();
    assert!(matches!(err, InspectError::OutOfMemory { .. }), "{err}");
    let text = err.to_string();
    assert!(text.starts_with("Unable to allocate"), "{text}");
    assert!(text.contains("(0, 1000000000000)"), "{text}");

    // The second case: (100000, 0, 100000, 3) on axis 1.
    let b = Array::try_zeros(&[100_000, 0, 100_000, 3], DType::Float64).unwrap();
    assert!(matches!(
        compute_axis_stats(&b, 1),
        Err(InspectError::OutOfMemory { .. })
    ));
    // Reducing the empty axis of a small tensor still works: NaN lanes.
    let c = Array::try_zeros(&[0, 3], DType::Float64).unwrap();
    let s = compute_axis_stats(&c, 0).unwrap();
    assert_eq!(s.shape, [3]);
    assert!(s.mean.iter().all(|m| m.is_nan()));
}
