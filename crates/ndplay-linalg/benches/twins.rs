//! Loop twin against fast twin, one workload per primitive, plus the products and
//! decompositions at sizes where kernels matter. Plain `Instant` timing, median of a few
//! runs; run with `cargo bench -p ndplay-linalg` (an argument filters by name).
//!
//! Every row prints `name  shape  loop  fast  speedup`; products without a loop twin
//! print `-` in the loop column.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ndplay_core::{Array, DType};
use ndplay_linalg::{linalg, matmul, ml};

/// Median wall time of `f` over enough runs to fill about `budget`.
fn time<R>(budget: Duration, mut f: impl FnMut() -> R) -> Duration {
    let start = Instant::now();
    black_box(f());
    let first = start.elapsed();
    let runs = (budget.as_secs_f64() / first.as_secs_f64().max(1e-9)).clamp(1.0, 50.0) as usize;
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    samples.push(first);
    samples.sort();
    samples[samples.len() / 2]
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

fn random(seed: u64, shape: &[usize], dtype: DType) -> Array {
    let n: usize = shape.iter().product();
    let v = ndplay_random::default_rng(seed)
        .unwrap()
        .standard_normal(&[n])
        .unwrap();
    Array::from_vec(v, shape)
        .unwrap()
        .astype(dtype, ndplay_core::Casting::Unsafe)
        .unwrap()
}

struct Bench {
    filter: Option<String>,
    budget: Duration,
}

impl Bench {
    fn wanted(&self, name: &str) -> bool {
        self.filter
            .as_ref()
            .is_none_or(|f| name.contains(f.as_str()))
    }

    /// One row: the loop twin (if any) and the fast twin on the same workload.
    fn twin<A, B>(
        &self,
        name: &str,
        shape: &str,
        slow: Option<&mut dyn FnMut() -> A>,
        fast: &mut dyn FnMut() -> B,
    ) {
        if !self.wanted(name) {
            return;
        }
        let t_fast = time(self.budget, fast);
        match slow {
            Some(slow) => {
                let t_slow = time(self.budget, slow);
                println!(
                    "{name:<28} {shape:<22} {:>11} {:>11} {:>8.1}x",
                    fmt(t_slow),
                    fmt(t_fast),
                    t_slow.as_secs_f64() / t_fast.as_secs_f64()
                );
            }
            None => println!("{name:<28} {shape:<22} {:>11} {:>11}", "-", fmt(t_fast)),
        }
    }
}

fn main() {
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let b = Bench {
        filter,
        budget: Duration::from_millis(300),
    };
    println!(
        "{:<28} {:<22} {:>11} {:>11} {:>9}",
        "primitive", "shape", "loop", "fast", "speedup"
    );

    let (v1, v2) = (
        random(1, &[1 << 20], DType::Float64),
        random(2, &[1 << 20], DType::Float64),
    );
    b.twin(
        "dot_product",
        "(1048576,)",
        Some(&mut || ml::dot_product_loop(&v1, &v2).unwrap()),
        &mut || ml::dot_product(&v1, &v2).unwrap(),
    );

    let (a256, b256) = (
        random(3, &[256, 256], DType::Float64),
        random(4, &[256, 256], DType::Float64),
    );
    b.twin(
        "matrix_product",
        "(256,256)@(256,256)",
        Some(&mut || ml::matrix_product_loop(&a256, &b256).unwrap()),
        &mut || ml::matrix_product(&a256, &b256).unwrap(),
    );
    for dtype in [DType::Float64, DType::Float32] {
        let (a, c) = (
            random(5, &[1024, 1024], dtype),
            random(6, &[1024, 1024], dtype),
        );
        b.twin(
            &format!("matmul {dtype}"),
            "(1024,1024)@(1024,1024)",
            None::<&mut dyn FnMut() -> Array>,
            &mut || matmul(&a, &c).unwrap(),
        );
        let at = a.t();
        b.twin(
            &format!("matmul {dtype} A.T"),
            "(1024,1024)@(1024,1024)",
            None::<&mut dyn FnMut() -> Array>,
            &mut || matmul(&at, &c).unwrap(),
        );
    }
    let (bi, bj) = (
        random(7, &[64, 64, 64], DType::Float64),
        random(8, &[64, 64, 64], DType::Float64),
    );
    b.twin(
        "matmul batched",
        "(64,64,64)@(64,64,64)",
        None::<&mut dyn FnMut() -> Array>,
        &mut || matmul(&bi, &bj).unwrap(),
    );

    b.twin(
        "l2_norm",
        "(1048576,)",
        Some(&mut || ml::l2_norm_loop(&v1).unwrap()),
        &mut || ml::l2_norm(&v1).unwrap(),
    );

    let x = random(9, &[1000, 64], DType::Float64);
    b.twin(
        "pairwise_distances",
        "(1000,64)",
        Some(&mut || ml::pairwise_distances_loop(&x).unwrap()),
        &mut || ml::pairwise_distances(&x).unwrap(),
    );
    let xs = random(10, &[200, 64], DType::Float64);
    b.twin(
        "pairwise_distances bcast",
        "(200,64)",
        Some(&mut || ml::pairwise_distances_broadcast(&xs).unwrap()),
        &mut || ml::pairwise_distances(&xs).unwrap(),
    );
    b.twin(
        "cosine_similarity",
        "(1048576,)",
        Some(&mut || ml::cosine_similarity_loop(&v1, &v2).unwrap()),
        &mut || ml::cosine_similarity(&v1, &v2).unwrap(),
    );
    b.twin(
        "pairwise_cosine",
        "(1000,64)",
        Some(&mut || ml::pairwise_cosine_similarity_loop(&x).unwrap()),
        &mut || ml::pairwise_cosine_similarity(&x).unwrap(),
    );

    let (lx, lw, lb) = (
        random(11, &[512, 256], DType::Float64),
        random(12, &[128, 256], DType::Float64),
        random(13, &[128], DType::Float64),
    );
    b.twin(
        "linear",
        "X(512,256) W(128,256)",
        Some(&mut || ml::linear_loop(&lx, &lw, &lb).unwrap()),
        &mut || ml::linear(&lx, &lw, &lb).unwrap(),
    );

    let grid = Array::linspace(-2.0, 2.0, 1 << 20, true).unwrap();
    b.twin(
        "derivative x^3",
        "(1048576,)",
        Some(&mut || ml::derivative_loop(|x| x * x * x, &grid, 1e-5).unwrap()),
        &mut || ml::derivative(|x: &Array| x.pow_scalar(3.0), &grid, 1e-5).unwrap(),
    );

    let feats = random(14, &[100_000, 32], DType::Float64);
    b.twin(
        "standardize",
        "(100000,32)",
        Some(&mut || ml::standardize_loop(&feats).unwrap()),
        &mut || ml::standardize(&feats).unwrap(),
    );
    b.twin(
        "normalize",
        "(100000,32)",
        Some(&mut || ml::normalize_loop(&feats).unwrap()),
        &mut || ml::normalize(&feats).unwrap(),
    );

    b.twin(
        "mse",
        "(1048576,)",
        Some(&mut || ml::mse_loop(&v1, &v2).unwrap()),
        &mut || ml::mse(&v1, &v2).unwrap(),
    );
    b.twin(
        "mae",
        "(1048576,)",
        Some(&mut || ml::mae_loop(&v1, &v2).unwrap()),
        &mut || ml::mae(&v1, &v2).unwrap(),
    );

    let logits = random(15, &[10_000, 100], DType::Float64);
    b.twin(
        "softmax axis -1",
        "(10000,100)",
        Some(&mut || ml::softmax_loop(&logits, -1).unwrap()),
        &mut || ml::softmax(&logits, -1).unwrap(),
    );
    b.twin(
        "log_softmax axis 0",
        "(10000,100)",
        Some(&mut || ml::log_softmax_loop(&logits, 0).unwrap()),
        &mut || ml::log_softmax(&logits, 0).unwrap(),
    );
    let probs = ml::softmax(&logits, -1).unwrap();
    let labels = Array::from_vec(
        ndplay_random::default_rng(16)
            .unwrap()
            .integers_i64(0, 100, &[10_000])
            .unwrap(),
        &[10_000],
    )
    .unwrap();
    b.twin(
        "cross_entropy",
        "(10000,100)",
        Some(&mut || ml::cross_entropy_loop(&probs, &labels).unwrap()),
        &mut || ml::cross_entropy(&probs, &labels).unwrap(),
    );
    let onehot = ml::one_hot(&labels, 100).unwrap();
    b.twin(
        "cross_entropy_one_hot",
        "(10000,100)",
        Some(&mut || ml::cross_entropy_one_hot_loop(&probs, &onehot).unwrap()),
        &mut || ml::cross_entropy_one_hot(&probs, &onehot).unwrap(),
    );
    b.twin(
        "one_hot",
        "(10000,) C=100",
        Some(&mut || ml::one_hot_loop(&labels, 100).unwrap()),
        &mut || ml::one_hot(&labels, 100).unwrap(),
    );
    b.twin(
        "accuracy",
        "(10000,100)",
        Some(&mut || ml::accuracy_loop(&probs, &labels).unwrap()),
        &mut || ml::accuracy(&probs, &labels).unwrap(),
    );

    b.twin(
        "relu",
        "(1048576,)",
        Some(&mut || ml::relu_loop(&v1).unwrap()),
        &mut || ml::relu(&v1).unwrap(),
    );
    b.twin(
        "sigmoid",
        "(1048576,)",
        Some(&mut || ml::sigmoid_loop(&v1).unwrap()),
        &mut || ml::sigmoid(&v1).unwrap(),
    );
    b.twin(
        "tanh",
        "(1048576,)",
        Some(&mut || ml::tanh_loop(&v1).unwrap()),
        &mut || ml::tanh(&v1).unwrap(),
    );

    let rows = random(17, &[100_000, 16], DType::Float64);
    b.twin(
        "train_val_split",
        "(100000,16)",
        Some(&mut || ml::train_val_split_loop(&rows, 0.2, 0).unwrap()),
        &mut || ml::train_val_split(&rows, 0.2, 0).unwrap(),
    );

    let sq = random(18, &[256, 256], DType::Float64);
    b.twin(
        "linalg.det",
        "(256,256)",
        None::<&mut dyn FnMut() -> Array>,
        &mut || linalg::det(&sq).unwrap(),
    );
    b.twin(
        "linalg.inv",
        "(256,256)",
        None::<&mut dyn FnMut() -> Array>,
        &mut || linalg::inv(&sq).unwrap(),
    );
    b.twin(
        "linalg.svd",
        "(256,256)",
        None::<&mut dyn FnMut() -> linalg::Svd>,
        &mut || linalg::svd(&sq, false).unwrap(),
    );
    b.twin(
        "linalg.eig",
        "(256,256)",
        None::<&mut dyn FnMut() -> linalg::Eig>,
        &mut || linalg::eig(&sq).unwrap(),
    );
}
