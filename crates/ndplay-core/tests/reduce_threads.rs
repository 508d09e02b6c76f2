//! Reductions give the same answer whatever the size of the thread pool: a whole-array
//! float sum is split along pairwise summation's own tree, so it is bit-identical on 1,
//! 2, 3, 8 or 16 threads; reductions over an axis agree to rounding.

use ndplay_core::{Array, DType};

/// `f` run inside a rayon pool of `threads` workers.
fn on_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

/// Values of many magnitudes and both signs, so the order of additions shows in the
/// last bits.
fn awkward(n: usize) -> Vec<f64> {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            mantissa * 10f64.powi((state % 13) as i32 - 6)
        })
        .collect()
}

#[test]
fn whole_array_sums_are_bit_identical_on_any_pool() {
    for n in [65_536 + 7, 1_000_003, 4_194_304] {
        let values = awkward(n);
        let a64 = Array::from_vec(values.clone(), &[n]).unwrap();
        let a32 = a64
            .astype(DType::Float32, ndplay_core::Casting::Unsafe)
            .unwrap();
        for a in [&a64, &a32] {
            let one = on_pool(1, || a.sum(None, false).unwrap().item().unwrap().as_f64());
            for threads in [2, 3, 8, 16] {
                let many = on_pool(threads, || {
                    a.sum(None, false).unwrap().item().unwrap().as_f64()
                });
                assert_eq!(
                    one.to_bits(),
                    many.to_bits(),
                    "sum of {n} {} on {threads} threads: {many} against {one} on one",
                    a.dtype()
                );
            }
        }
    }
}

#[test]
fn axis_reductions_agree_on_any_pool() {
    let (rows, cols) = (3000, 257);
    let a = Array::from_vec(awkward(rows * cols), &[rows, cols]).unwrap();
    for axis in [0isize, 1] {
        let one = on_pool(1, || a.sum(Some(&[axis]), false).unwrap().to_vec::<f64>());
        let scale: f64 = one.iter().fold(0.0, |m, x| m.max(x.abs()));
        for threads in [2, 8, 16] {
            let many = on_pool(threads, || {
                a.sum(Some(&[axis]), false).unwrap().to_vec::<f64>()
            });
            for (i, (x, y)) in one.iter().zip(&many).enumerate() {
                assert!(
                    (x - y).abs() <= 1e-12 * scale,
                    "sum axis {axis} [{i}] on {threads} threads: {y} against {x}"
                );
            }
            let max_one = on_pool(1, || a.max(Some(&[axis]), false).unwrap().to_vec::<f64>());
            let max_many = on_pool(threads, || {
                a.max(Some(&[axis]), false).unwrap().to_vec::<f64>()
            });
            assert_eq!(max_one, max_many, "max axis {axis} on {threads} threads");
        }
    }
}
