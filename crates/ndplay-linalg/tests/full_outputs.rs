//! Kernels whose outputs are not cleared first (`with_full_output`) must write every
//! element. Each is run twice: once as it comes, and once on a reused large buffer that a
//! dropped array filled with NaN. The two results must be identical bit for bit, and the second
//! must really have reused the NaN buffer, or the test proves nothing.
//!
//! This is its own test binary (its own process) so no other test takes the buffer from
//! the pool in between.

mod common;

use common::random;
use ndplay_core::{Array, DType, PyScalar};
use ndplay_linalg::ml;

fn address(a: &Array) -> usize {
    a.storage().read().as_ptr() as usize
}

fn bits(a: &Array) -> Vec<u8> {
    a.storage().read().to_vec()
}

/// `op(x)` once, then again after dropping a NaN-filled array of the output's size, which
/// the pool hands back to the second call.
fn check(name: &str, x: &Array, op: impl Fn(&Array) -> Array) {
    let first = op(x);
    let (shape, dtype, want) = (first.shape().to_vec(), first.dtype(), bits(&first));
    drop(first);

    let poison = Array::full(&shape, PyScalar::Float(f64::NAN), Some(dtype)).unwrap();
    let poisoned_at = address(&poison);
    drop(poison);
    let got = op(x);
    assert_eq!(
        address(&got),
        poisoned_at,
        "{name}: the output did not reuse the NaN buffer, so this case tests nothing"
    );
    assert!(
        bits(&got) == want,
        "{name}: an element kept the stale NaN buffer's value"
    );
}

#[test]
fn kernels_writing_uncleared_outputs_write_every_element() {
    // Outputs of at least 4 MiB (the pool's minimum), with odd sizes so that partial
    // blocks and SIMD tails are covered.
    for (rows, cols) in [(8192, 64), (8193, 65)] {
        let x = random(1, &[rows, cols], DType::Float64);
        check(&format!("standardize {rows}x{cols}"), &x, |x| {
            ml::standardize(x).unwrap()
        });
        check(&format!("relu {rows}x{cols}"), &x, |x| ml::relu(x).unwrap());
        check(&format!("sigmoid {rows}x{cols}"), &x, |x| {
            ml::sigmoid(x).unwrap()
        });
        check(&format!("tanh {rows}x{cols}"), &x, |x| ml::tanh(x).unwrap());
        check(&format!("softmax f64 {rows}x{cols}"), &x, |x| {
            ml::softmax(x, 1).unwrap()
        });
        check(&format!("log_softmax f64 {rows}x{cols}"), &x, |x| {
            ml::log_softmax(x, 1).unwrap()
        });
    }
    for (rows, cols) in [(1024, 1024), (1031, 1025)] {
        let x = random(2, &[rows, cols], DType::Float32);
        check(&format!("softmax f32 {rows}x{cols}"), &x, |x| {
            ml::softmax(x, 1).unwrap()
        });
        check(&format!("log_softmax f32 {rows}x{cols}"), &x, |x| {
            ml::log_softmax(x, 1).unwrap()
        });
    }
}
