//! The named workloads run side by side with NumPy (`bench/vs_numpy.py`), and the
//! loop-versus-fast table of the ML twins.
//!
//! Each workload builds its inputs from a fixed seed *before* timing; what is timed is the
//! operation alone, as the NumPy side times it.
//!
//! ```
//! use ndplay_bench::kernels::{Selection, run_workloads};
//! let sel = Selection { only: Some("mean_axis1".into()), repeats: 1, npy: None };
//! let results = run_workloads(&sel, &mut |_| {}).unwrap();
//! assert_eq!(results[0].name, "mean_axis1_10000x512_f64");
//! ```

use std::path::{Path, PathBuf};

use ndplay_core::{Array, DType, Order};
use ndplay_linalg::ml;
use serde::Serialize;

use crate::normal;
use crate::timing::{Timing, time_it};

/// One workload's result, in the JSON shape `bench/vs_numpy.py` reads.
#[derive(Clone, Debug, Serialize)]
pub struct WorkloadResult {
    /// The workload's name (shared with the NumPy side).
    pub name: String,
    /// Its timings.
    #[serde(flatten)]
    pub timing: Timing,
}

/// Which workloads to run and how.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only workloads whose name contains this.
    pub only: Option<String>,
    /// Timed repeats per workload.
    pub repeats: usize,
    /// The 1 GB float32 `.npy` for `inspect_1GB_npy_f32` (made in the temp dir if absent).
    pub npy: Option<PathBuf>,
}

/// Every workload name, in report order.
pub const WORKLOADS: [&str; 16] = [
    "mean_axis0_10000x512_f64",
    "mean_axis1_10000x512_f64",
    "six_signals_10000x512_f64",
    "standardize_100000x64_f64",
    "softmax_4096x1000_f32",
    "sum_500MB_f64",
    "matmul_1024_f64",
    "matmul_1024_f32",
    "linear_4096x512_to_256_f64",
    "distmat_2000x64_f64",
    "eigh_512_f64",
    "eig_512_f64",
    "inv_512_f64",
    "det_512_f64",
    "norm2_512_f64",
    "inspect_1GB_npy_f32",
];

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The default location of the 1 GB benchmark file, shared with `bench/vs_numpy.py`.
pub fn default_npy_path() -> PathBuf {
    std::env::temp_dir()
        .join("ndplay_bench")
        .join("inspect_1GB_f32.npy")
}

/// Writes 10^9 bytes of seeded float32 normals as `.npy` unless the file exists.
pub fn ensure_npy(path: &Path) -> Result<(), BoxError> {
    if path.exists() {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let n = 1_000_000_000 / 4;
    let a = normal(&[n], 0, DType::Float32);
    let bytes: Vec<u8> = a
        .to_vec::<f32>()
        .iter()
        .flat_map(|x| x.to_le_bytes())
        .collect();
    let t = ndplay_io::RawTensor::from_vec(ndplay_io::ElemType::F32, vec![n], bytes)?;
    ndplay_io::npy::write(path, &t)?;
    Ok(())
}

fn black_box<T>(r: Result<T, impl std::fmt::Debug>) {
    std::hint::black_box(r.expect("benchmark inputs are valid"));
}

/// Runs the selected workloads, reporting each name to `progress` as it starts.
pub fn run_workloads(
    sel: &Selection,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<WorkloadResult>, BoxError> {
    let mut out = Vec::new();
    for name in WORKLOADS
        .iter()
        .filter(|n| sel.only.as_deref().is_none_or(|o| n.contains(o)))
    {
        progress(name);
        let r = sel.repeats;
        let timing = match *name {
            "mean_axis0_10000x512_f64"
            | "mean_axis1_10000x512_f64"
            | "six_signals_10000x512_f64" => {
                let a = normal(&[10000, 512], 0, DType::Float64);
                match *name {
                    "mean_axis0_10000x512_f64" => {
                        time_it(r, || black_box(a.mean(Some(&[0]), false)))
                    }
                    "mean_axis1_10000x512_f64" => {
                        time_it(r, || black_box(a.mean(Some(&[1]), false)))
                    }
                    _ => time_it(r, || {
                        // shape, dtype, nbytes and contiguity are metadata; the data pass
                        // gives NaN/Inf counts and per-column finite min/max.
                        std::hint::black_box((a.shape(), a.dtype(), a.nbytes(), a.flags()));
                        black_box(ndplay_inspect::columns::column_signals(&a));
                    }),
                }
            }
            "standardize_100000x64_f64" => {
                let x = normal(&[100000, 64], 0, DType::Float64);
                time_it(r, || black_box(ml::standardize(&x)))
            }
            "softmax_4096x1000_f32" => {
                let x = normal(&[4096, 1000], 0, DType::Float32);
                time_it(r, || black_box(ml::softmax(&x, 1)))
            }
            "sum_500MB_f64" => {
                let a = normal(&[500_000_000 / 8], 0, DType::Float64);
                time_it(r, || black_box(a.sum(None, false)))
            }
            "matmul_1024_f64" | "matmul_1024_f32" => {
                let dt = if name.ends_with("f32") {
                    DType::Float32
                } else {
                    DType::Float64
                };
                let m = normal(&[1024, 1024], 0, dt);
                time_it(r, || black_box(ndplay_linalg::matmul(&m, &m)))
            }
            "linear_4096x512_to_256_f64" => {
                let x = normal(&[4096, 512], 0, DType::Float64);
                let w = normal(&[256, 512], 1, DType::Float64);
                let b = normal(&[256], 2, DType::Float64);
                time_it(r, || black_box(ml::linear(&x, &w, &b)))
            }
            "distmat_2000x64_f64" => {
                let x = normal(&[2000, 64], 0, DType::Float64);
                time_it(r, || black_box(ml::pairwise_distances(&x)))
            }
            "eigh_512_f64" | "eig_512_f64" | "inv_512_f64" | "det_512_f64" | "norm2_512_f64" => {
                let s = normal(&[512, 512], 0, DType::Float64);
                let sym = s.add(&s.t())?.mul_scalar(0.5)?;
                use ndplay_linalg::linalg;
                match *name {
                    "eigh_512_f64" => time_it(r, || black_box(linalg::eigh(&sym))),
                    "eig_512_f64" => time_it(r, || black_box(linalg::eig(&sym))),
                    "inv_512_f64" => time_it(r, || black_box(linalg::inv(&sym))),
                    "det_512_f64" => time_it(r, || black_box(linalg::det(&sym))),
                    _ => time_it(r, || {
                        black_box(linalg::norm(
                            &sym,
                            Some(linalg::NormOrd::P(2.0)),
                            None,
                            false,
                        ))
                    }),
                }
            }
            "inspect_1GB_npy_f32" => {
                let path = sel.npy.clone().unwrap_or_else(default_npy_path);
                ensure_npy(&path)?;
                time_it(r, || {
                    let (summary, _file) = ndplay_inspect::inspect_file(&path, &|_| {})
                        .expect("the benchmark file reads");
                    std::hint::black_box(ndplay_inspect::Report::build(
                        &[summary],
                        &ndplay_inspect::Options::default(),
                    ));
                })
            }
            other => unreachable!("unknown workload {other}"),
        };
        out.push(WorkloadResult {
            name: name.to_string(),
            timing,
        });
    }
    Ok(out)
}

/// One row of the loop-versus-fast table.
#[derive(Clone, Debug, Serialize)]
pub struct TwinRow {
    /// The primitive and its input shapes.
    pub name: String,
    /// The plain loop's timing.
    pub loop_timing: Timing,
    /// The fast kernel's timing.
    pub fast_timing: Timing,
    /// Loop median / fast median.
    pub speedup: f64,
}

/// Times every ML primitive both ways on seeded inputs.
pub fn run_twins(repeats: usize, progress: &mut dyn FnMut(&str)) -> Vec<TwinRow> {
    let v = normal(&[100_000], 0, DType::Float64);
    let w = normal(&[100_000], 1, DType::Float64);
    let m = normal(&[128, 128], 0, DType::Float64);
    let pts = normal(&[300, 32], 0, DType::Float64);
    let x = normal(&[256, 128], 0, DType::Float64);
    let wl = normal(&[64, 128], 1, DType::Float64);
    let bl = normal(&[64], 2, DType::Float64);
    let xs = normal(&[10000, 64], 0, DType::Float64);
    let logits = normal(&[1024, 100], 0, DType::Float64);
    let act = normal(&[1_000_000], 0, DType::Float64);
    let mut rows = Vec::new();
    let mut row = |name: &str, mut slow: Box<dyn FnMut() + '_>, mut fast: Box<dyn FnMut() + '_>| {
        progress(name);
        let l = time_it(repeats, &mut slow);
        let f = time_it(repeats, &mut fast);
        rows.push(TwinRow {
            name: name.to_string(),
            speedup: l.median_s / f.median_s,
            loop_timing: l,
            fast_timing: f,
        });
    };
    row(
        "dot_product (100000,)·(100000,)",
        Box::new(|| black_box(ml::dot_product_loop(&v, &w))),
        Box::new(|| black_box(ml::dot_product(&v, &w))),
    );
    row(
        "matrix_product (128,128)@(128,128)",
        Box::new(|| black_box(ml::matrix_product_loop(&m, &m))),
        Box::new(|| black_box(ml::matrix_product(&m, &m))),
    );
    row(
        "l2_norm (100000,)",
        Box::new(|| black_box(ml::l2_norm_loop(&v))),
        Box::new(|| black_box(ml::l2_norm(&v))),
    );
    row(
        "pairwise_distances (300,32)",
        Box::new(|| black_box(ml::pairwise_distances_loop(&pts))),
        Box::new(|| black_box(ml::pairwise_distances(&pts))),
    );
    row(
        "pairwise_cosine (300,32)",
        Box::new(|| black_box(ml::pairwise_cosine_similarity_loop(&pts))),
        Box::new(|| black_box(ml::pairwise_cosine_similarity(&pts))),
    );
    row(
        "linear (256,128)->(256,64)",
        Box::new(|| black_box(ml::linear_loop(&x, &wl, &bl))),
        Box::new(|| black_box(ml::linear(&x, &wl, &bl))),
    );
    row(
        "standardize (10000,64)",
        Box::new(|| black_box(ml::standardize_loop(&xs))),
        Box::new(|| black_box(ml::standardize(&xs))),
    );
    row(
        "normalize (10000,64)",
        Box::new(|| black_box(ml::normalize_loop(&xs))),
        Box::new(|| black_box(ml::normalize(&xs))),
    );
    row(
        "mse (100000,)",
        Box::new(|| black_box(ml::mse_loop(&v, &w))),
        Box::new(|| black_box(ml::mse(&v, &w))),
    );
    row(
        "softmax (1024,100) axis 1",
        Box::new(|| black_box(ml::softmax_loop(&logits, 1))),
        Box::new(|| black_box(ml::softmax(&logits, 1))),
    );
    row(
        "sigmoid (1000000,)",
        Box::new(|| black_box(ml::sigmoid_loop(&act))),
        Box::new(|| black_box(ml::sigmoid(&act))),
    );
    row(
        "relu (1000000,)",
        Box::new(|| black_box(ml::relu_loop(&act))),
        Box::new(|| black_box(ml::relu(&act))),
    );
    row(
        "column means (10000,64)",
        Box::new(|| black_box(column_means_loop(&xs))),
        Box::new(|| black_box(xs.mean(Some(&[0]), false))),
    );
    rows
}

/// The lesson's `[arr[:, j].mean() for j in range(arr.shape[1])]`, written as loops.
pub fn column_means_loop(x: &Array) -> Result<Array, ndplay_core::Error> {
    let c = x
        .as_c_contiguous()?
        .astype(DType::Float64, ndplay_core::Casting::Unsafe)?;
    let (n, d) = (c.shape()[0], c.shape()[1]);
    let v = c.copy(Order::C)?.to_vec::<f64>();
    let mut means = vec![0.0; d];
    for (j, m) in means.iter_mut().enumerate() {
        let mut s = 0.0;
        for i in 0..n {
            s += v[i * d + j];
        }
        *m = s / n as f64;
    }
    Array::from_vec(means, &[d])
}
