//! Times generating 10^6 normals (Generator's ziggurat and the legacy polar method).
//! Run with `cargo bench -p ndplay-random`; compare with
//! `python3 -m timeit -s "import numpy as np; r=np.random.default_rng(0)" "r.standard_normal(10**6)"`.

use std::hint::black_box;
use std::time::Instant;

use ndplay_random::{RandomState, default_rng};

fn time<T>(name: &str, reps: u32, mut f: impl FnMut() -> T) {
    black_box(f());
    let start = Instant::now();
    for _ in 0..reps {
        black_box(f());
    }
    let per = start.elapsed() / reps;
    println!("{name:<40} {per:>12.3?} per call");
}

fn main() {
    const N: usize = 1_000_000;
    let mut rng = default_rng(0u64).expect("seed 0 is valid");
    time("Generator.standard_normal(1e6)", 20, || {
        rng.standard_normal(&[N])
    });
    time("Generator.standard_normal f32 (1e6)", 20, || {
        rng.standard_normal_f32(&[N])
    });
    time("Generator.random(1e6)", 20, || rng.random(&[N]));
    let mut rs = RandomState::new(0u32).expect("seed 0 is valid");
    time("RandomState.randn(1e6)", 20, || rs.randn(&[N]));
}
