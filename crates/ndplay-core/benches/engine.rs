//! Engine micro-benchmarks (run with `cargo bench -p ndplay-core`): element-wise and
//! reduction throughput on contiguous and transposed inputs, median of repeats.
use std::time::Instant;

use ndplay_core::{Array, DType};

fn median_secs(mut f: impl FnMut(), repeats: usize) -> f64 {
    f();
    let mut t: Vec<f64> = (0..repeats)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    t[t.len() / 2]
}

/// A named workload.
type Case<'a> = (&'static str, Box<dyn FnMut() + 'a>);

fn main() {
    let a = Array::arange(0.0, 10000.0 * 512.0, 1.0, Some(DType::Float64))
        .unwrap()
        .reshape(&[10000, 512])
        .unwrap();
    let gb = a.nbytes() as f64 / 1e9;
    let cases: Vec<Case> = vec![
        (
            "mean_axis0_10000x512_f64",
            Box::new(|| drop(a.mean(Some(&[0]), false).unwrap())),
        ),
        (
            "mean_axis1_10000x512_f64",
            Box::new(|| drop(a.mean(Some(&[1]), false).unwrap())),
        ),
        (
            "sum_all_10000x512_f64",
            Box::new(|| drop(a.sum(None, false).unwrap())),
        ),
        (
            "add_scalar_10000x512_f64",
            Box::new(|| drop(a.add_scalar(1.0).unwrap())),
        ),
        (
            "transpose_copy_10000x512_f64",
            Box::new(|| drop(a.t().copy(ndplay_core::Order::C).unwrap())),
        ),
    ];
    println!("{:<32} {:>12} {:>10}", "workload", "median_ms", "GB/s");
    for (name, mut f) in cases {
        let s = median_secs(&mut f, 11);
        println!("{name:<32} {:>12.3} {:>10.2}", s * 1e3, gb / s);
    }
}
