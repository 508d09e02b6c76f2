//! Loop twin against fast twin, for every ML primitive: random shapes around SIMD block
//! edges, four memory layouts of the same values, empty axes, a tolerance per dtype.

mod common;

use common::*;
use ndplay_core::{Array, DType};
use ndplay_linalg::ml;

const FLOATS: [DType; 2] = [DType::Float64, DType::Float32];

#[test]
fn dot_product_twins_agree() {
    for (s, &n) in EDGE_SIZES.iter().enumerate() {
        for dtype in [DType::Float64, DType::Float32, DType::Int64] {
            let a = random(s as u64, &[n], dtype);
            let b = random(100 + s as u64, &[n], dtype);
            let want = ml::dot_product_loop(&a, &b).unwrap();
            for (name, av) in layouts(&a) {
                for (bname, bv) in layouts(&b) {
                    let got = ml::dot_product(&av, &bv).unwrap();
                    assert_close_f64(
                        &format!("dot n={n} {dtype} a {name} b {bname}"),
                        got,
                        want,
                        tol_for(dtype).scaled(1.0 + n as f64),
                    );
                }
            }
        }
    }
}

#[test]
fn matrix_product_twins_agree() {
    let shapes = [
        (0, 3, 4),
        (3, 0, 4),
        (3, 4, 0),
        (1, 1, 1),
        (15, 16, 17),
        (17, 15, 16),
        (16, 17, 15),
        (127, 2, 129),
        (33, 128, 31),
        (129, 3, 128),
    ];
    for (s, &(n, k, m)) in shapes.iter().enumerate() {
        for dtype in [DType::Float64, DType::Float32, DType::Int32, DType::Int64] {
            let a = random(s as u64, &[n, k], dtype);
            let b = random(50 + s as u64, &[k, m], dtype);
            let want = ml::matrix_product_loop(&a, &b).unwrap();
            for (name, av) in layouts(&a) {
                for (bname, bv) in layouts(&b) {
                    let got = ml::matrix_product(&av, &bv).unwrap();
                    assert_eq!(got.dtype(), dtype, "matmul keeps {dtype}");
                    assert_close(
                        &format!("matmul {n}x{k}x{m} {dtype} a {name} b {bname}"),
                        &got,
                        &want,
                        tol_for(dtype).scaled(1.0 + k as f64),
                    );
                }
            }
        }
    }
}

#[test]
fn l2_norm_twins_agree_and_fast_one_scales() {
    for (s, &n) in EDGE_SIZES.iter().enumerate() {
        for dtype in FLOATS {
            let x = random(7 + s as u64, &[n], dtype);
            let want = ml::l2_norm_loop(&x).unwrap();
            for (name, xv) in layouts(&x) {
                assert_close_f64(
                    &format!("l2 n={n} {dtype} {name}"),
                    ml::l2_norm(&xv).unwrap(),
                    want,
                    TOL_F64,
                );
            }
        }
    }
    let x = random(3, &[17, 16], DType::Float64);
    assert_close_f64(
        "2-D flattened",
        ml::l2_norm(&x).unwrap(),
        ml::l2_norm_loop(&x).unwrap(),
        TOL_F64,
    );
    for scale in [1e-300, 1e-200, 1e200, 1e300] {
        let v: Vec<f64> = (0..129).map(|i| (i as f64 - 60.0) * scale).collect();
        let unit: Vec<f64> = (0..129).map(|i| i as f64 - 60.0).collect();
        let want = ml::l2_norm_loop(&Array::from_f64s(&unit)).unwrap() * scale;
        assert_close_f64(
            &format!("scaled by {scale}"),
            ml::l2_norm(&Array::from_f64s(&v)).unwrap(),
            want,
            TOL_F64,
        );
    }
    assert!(
        ml::l2_norm(&Array::from_f64s(&[f64::NAN, 1.0]))
            .unwrap()
            .is_nan()
    );
    assert_eq!(
        ml::l2_norm(&Array::from_f64s(&[f64::INFINITY, 1.0])).unwrap(),
        f64::INFINITY
    );
}

#[test]
fn pairwise_distance_triplets_agree() {
    let shapes = [
        (0, 3),
        (1, 4),
        (2, 0),
        (15, 16),
        (16, 17),
        (17, 1),
        (65, 3),
        (129, 2),
    ];
    for (s, &(n, d)) in shapes.iter().enumerate() {
        let x = random(20 + s as u64, &[n, d], DType::Float64);
        let want = ml::pairwise_distances_loop(&x).unwrap();
        assert_close(
            &format!("broadcast {n}x{d}"),
            &ml::pairwise_distances_broadcast(&x).unwrap(),
            &want,
            TOL_F64,
        );
        for (name, xv) in layouts(&x) {
            let got = ml::pairwise_distances(&xv).unwrap();
            assert_close(
                &format!("gram {n}x{d} {name}"),
                &got,
                &want,
                Tol {
                    rtol: 1e-9,
                    atol: 1e-6,
                },
            );
            let g = got.to_vec::<f64>();
            for i in 0..n {
                assert_eq!(g[i * n + i], 0.0, "exact zero diagonal");
                for j in 0..n {
                    assert_eq!(g[i * n + j], g[j * n + i], "exact symmetry");
                    assert!(g[i * n + j] >= 0.0);
                }
            }
        }
    }
    // Near-duplicate rows: the Gram identity would go negative without the clamp.
    let base = random(5, &[1, 8], DType::Float64).mul_scalar(1e3).unwrap();
    let x = ndplay_core::vstack(&[&base, &base.add_scalar(1e-9).unwrap(), &base]).unwrap();
    let d = ml::pairwise_distances(&x).unwrap().to_vec::<f64>();
    assert!(d.iter().all(|v| v.is_finite() && *v >= 0.0));
    assert_eq!(d[2], 0.0, "identical rows 0 and 2");
}

#[test]
fn cosine_twins_agree_with_exact_one_and_zero_guard() {
    for (s, &n) in EDGE_SIZES.iter().enumerate().skip(1) {
        let a = random(30 + s as u64, &[n], DType::Float64);
        let b = random(60 + s as u64, &[n], DType::Float64);
        let want = ml::cosine_similarity_loop(&a, &b).unwrap();
        for (name, av) in layouts(&a) {
            assert_close_f64(
                &format!("cos n={n} {name}"),
                ml::cosine_similarity(&av, &b).unwrap(),
                want,
                TOL_F64,
            );
        }
        for scale in [1e-3, 0.7, 3.0, 1e5] {
            assert_eq!(
                ml::cosine_similarity(&a, &a.mul_scalar(scale).unwrap()).unwrap(),
                1.0,
                "n={n} scale={scale}"
            );
        }
        assert_eq!(
            ml::cosine_similarity(&a, &a.mul_scalar(-2.0).unwrap()).unwrap(),
            -1.0
        );
        let zero = Array::zeros(&[n], DType::Float64);
        assert_eq!(ml::cosine_similarity(&a, &zero).unwrap(), 0.0);
        assert_eq!(ml::cosine_similarity_loop(&zero, &zero).unwrap(), 0.0);
    }
    for (s, &(n, d)) in [(0, 2), (1, 3), (15, 16), (17, 4), (40, 129)]
        .iter()
        .enumerate()
    {
        let mut x = random(70 + s as u64, &[n, d], DType::Float64);
        if n > 2 {
            // Row 1 is a scaled copy of row 0, row 2 is zero.
            let rows: Vec<Array> = (0..n)
                .map(|i| {
                    let r = x
                        .index(&[ndplay_core::IndexItem::Int(i as i64)])
                        .unwrap()
                        .reshape(&[1, d as isize])
                        .unwrap();
                    match i {
                        1 => x
                            .index(&[ndplay_core::IndexItem::Int(0)])
                            .unwrap()
                            .reshape(&[1, d as isize])
                            .unwrap()
                            .mul_scalar(4.5)
                            .unwrap(),
                        2 => r.mul_scalar(0.0).unwrap(),
                        _ => r,
                    }
                })
                .collect();
            x = ndplay_core::vstack(&rows.iter().collect::<Vec<_>>()).unwrap();
        }
        let want = ml::pairwise_cosine_similarity_loop(&x).unwrap();
        for (name, xv) in layouts(&x) {
            let got = ml::pairwise_cosine_similarity(&xv).unwrap();
            assert_close(
                &format!("pairwise cos {n}x{d} {name}"),
                &got,
                &want,
                TOL_F64.scaled(10.0),
            );
            let g = got.to_vec::<f64>();
            if n > 2 {
                assert_eq!((g[1], g[n]), (1.0, 1.0), "scaled copy is exactly 1");
                assert_eq!(g[2 * n + 2], 0.0, "zero row");
                assert_eq!(g[0], 1.0);
            }
            for i in 0..n {
                for j in 0..n {
                    assert_eq!(g[i * n + j], g[j * n + i]);
                }
            }
        }
    }
}

#[test]
fn linear_twins_agree_over_layouts() {
    for (s, &(n, d, h)) in [
        (0, 3, 2),
        (1, 1, 1),
        (15, 16, 17),
        (17, 15, 16),
        (129, 3, 2),
        (5, 0, 4),
    ]
    .iter()
    .enumerate()
    {
        for dtype in FLOATS {
            let x = random(s as u64, &[n, d], dtype);
            let w = random(10 + s as u64, &[h, d], dtype);
            let b = random(20 + s as u64, &[h], dtype);
            let want = ml::linear_loop(&x, &w, &b).unwrap();
            for (name, xv) in layouts(&x) {
                for (wname, wv) in layouts(&w) {
                    let got = ml::linear(&xv, &wv, &b).unwrap();
                    assert_eq!(got.dtype(), DType::Float64);
                    assert_close(
                        &format!("linear {n}x{d}x{h} {dtype} X {name} W {wname}"),
                        &got,
                        &want,
                        TOL_F64.scaled(1.0 + d as f64),
                    );
                }
            }
        }
    }
}

#[test]
fn derivative_twins_agree() {
    for &n in &EDGE_SIZES {
        let x = Array::linspace(-2.0, 2.0, n, true).unwrap();
        let fast = ml::derivative(|x: &Array| x.pow_scalar(3.0), &x, 1e-5).unwrap();
        let slow = ml::derivative_loop(|x| x.powi(3), &x, 1e-5).unwrap();
        assert_close(
            &format!("d/dx x^3 n={n}"),
            &fast,
            &slow,
            Tol {
                rtol: 1e-6,
                atol: 1e-6,
            },
        );
        let exact = x.square().unwrap().mul_scalar(3.0).unwrap();
        assert_close(
            "vs 3x^2",
            &fast,
            &exact,
            Tol {
                rtol: 0.0,
                atol: 1e-4,
            },
        );
    }
}

#[test]
fn standardize_and_normalize_twins_agree() {
    // 3001×17 is past the parallel threshold (blocks of rows, the last one partial).
    for (s, &(n, d)) in [
        (1, 3),
        (2, 1),
        (15, 16),
        (17, 17),
        (129, 5),
        (4, 0),
        (3001, 17),
    ]
    .iter()
    .enumerate()
    {
        let mut x = random(s as u64, &[n, d], DType::Float64)
            .mul_scalar(5.0)
            .unwrap()
            .add_scalar(100.0)
            .unwrap();
        if d > 1 {
            // A constant column exercises the zero-std guard.
            let col = x
                .index(&[
                    ndplay_core::IndexItem::Slice(ndplay_core::SliceArg::full()),
                    ndplay_core::IndexItem::Int(0),
                ])
                .unwrap();
            col.fill(&7.0.into()).unwrap();
            x = x.copy(ndplay_core::Order::C).unwrap();
        }
        let want = ml::standardize_loop(&x).unwrap();
        let want_norm = ml::normalize_loop(&x).unwrap();
        for (name, xv) in layouts(&x) {
            assert_close(
                &format!("standardize {n}x{d} {name}"),
                &ml::standardize(&xv).unwrap(),
                &want,
                TOL_F64.scaled(100.0),
            );
            assert_close(
                &format!("normalize {n}x{d} {name}"),
                &ml::normalize(&xv).unwrap(),
                &want_norm,
                TOL_F64,
            );
        }
    }
}

#[test]
fn regression_loss_twins_agree() {
    for (s, &n) in EDGE_SIZES.iter().enumerate().skip(1) {
        let y = random(s as u64, &[n], DType::Float64);
        let p = random(40 + s as u64, &[n], DType::Float64);
        for (name, yv) in layouts(&y) {
            assert_close_f64(
                &format!("mse {n} {name}"),
                ml::mse(&yv, &p).unwrap(),
                ml::mse_loop(&y, &p).unwrap(),
                TOL_F64,
            );
            assert_close_f64(
                &format!("rmse {n} {name}"),
                ml::rmse(&yv, &p).unwrap(),
                ml::rmse_loop(&y, &p).unwrap(),
                TOL_F64,
            );
            assert_close_f64(
                &format!("mae {n} {name}"),
                ml::mae(&yv, &p).unwrap(),
                ml::mae_loop(&y, &p).unwrap(),
                TOL_F64,
            );
        }
    }
}

#[test]
fn softmax_twins_agree_on_every_axis() {
    for (s, shape) in [
        vec![5],
        vec![3, 17],
        vec![16, 15],
        vec![2, 3, 129],
        vec![4, 0, 3],
    ]
    .into_iter()
    .enumerate()
    {
        let x = random(s as u64, &shape, DType::Float64)
            .mul_scalar(30.0)
            .unwrap();
        for axis in -(shape.len() as isize)..shape.len() as isize {
            let want = ml::softmax_loop(&x, axis).unwrap();
            let want_log = ml::log_softmax_loop(&x, axis).unwrap();
            for (name, xv) in layouts(&x) {
                assert_close(
                    &format!("softmax {shape:?} axis {axis} {name}"),
                    &ml::softmax(&xv, axis).unwrap(),
                    &want,
                    TOL_F64,
                );
                assert_close(
                    &format!("log_softmax {shape:?} axis {axis} {name}"),
                    &ml::log_softmax(&xv, axis).unwrap(),
                    &want_log,
                    TOL_F64.scaled(100.0),
                );
            }
        }
    }
}

#[test]
fn softmax_of_float32_stays_float32_and_agrees_with_the_loop() {
    for (s, shape) in [
        vec![1],
        vec![5],
        vec![3, 17],
        vec![16, 15],
        vec![33, 16],
        vec![2, 3, 129],
        vec![4, 0, 3],
        vec![0],
        vec![40, 1000],
    ]
    .into_iter()
    .enumerate()
    {
        let x = random(s as u64, &shape, DType::Float32)
            .mul_scalar(30.0)
            .unwrap()
            .astype(DType::Float32, ndplay_core::Casting::Unsafe)
            .unwrap();
        for axis in -(shape.len() as isize)..shape.len() as isize {
            // The loop computes in float64 from the same float32 values.
            let want = ml::softmax_loop(&x, axis).unwrap();
            let want_log = ml::log_softmax_loop(&x, axis).unwrap();
            for (name, xv) in layouts(&x) {
                let got = ml::softmax(&xv, axis).unwrap();
                assert_eq!(got.dtype(), DType::Float32);
                assert_close(
                    &format!("softmax f32 {shape:?} axis {axis} {name}"),
                    &got,
                    &want,
                    Tol {
                        rtol: 1e-5,
                        atol: 1e-7,
                    },
                );
                let got_log = ml::log_softmax(&xv, axis).unwrap();
                assert_eq!(got_log.dtype(), DType::Float32);
                assert_close(
                    &format!("log_softmax f32 {shape:?} axis {axis} {name}"),
                    &got_log,
                    &want_log,
                    TOL_F32.scaled(10.0),
                );
            }
        }
    }
}

#[test]
fn softmax_of_float32_handles_infinities_and_nan_as_the_loop() {
    let inf = f32::INFINITY;
    let rows: Vec<f32> = vec![
        0.0,
        -inf,
        1.0,
        -inf, // −inf weighs nothing
        -inf,
        -inf,
        -inf,
        -inf, // all −inf: NaN, as exp(−inf − −inf)
        1e30,
        -1e30,
        0.0,
        1e30, // huge magnitudes: no overflow
        f32::NAN,
        1.0,
        2.0,
        3.0, // a NaN poisons its row
    ];
    let x = Array::from_vec(rows, &[4, 4]).unwrap();
    let got = ml::softmax(&x, 1).unwrap().to_vec::<f64>();
    let want = ml::softmax_loop(&x, 1).unwrap().to_vec::<f64>();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            (g.is_nan() && w.is_nan()) || (g - w).abs() <= 1e-6,
            "element {i}: {g} vs {w}"
        );
    }
    assert_eq!((got[1], got[3]), (0.0, 0.0), "exp(−inf) is exactly 0");
}

#[test]
fn classification_twins_agree() {
    for (s, &(n, c)) in [(1, 1), (3, 2), (16, 10), (129, 17)].iter().enumerate() {
        let logits = random(s as u64, &[n, c], DType::Float64);
        let p = ml::softmax(&logits, 1).unwrap();
        let mut rng = ndplay_random::default_rng(s as u64).unwrap();
        let y = Array::from_vec(rng.integers_i64(0, c as i64, &[n]).unwrap(), &[n]).unwrap();
        let t = ml::one_hot(&y, c).unwrap();
        assert_eq!(
            t.to_vec::<f64>(),
            ml::one_hot_loop(&y, c).unwrap().to_vec::<f64>()
        );
        for (name, pv) in layouts(&p) {
            assert_close_f64(
                &format!("ce {n}x{c} {name}"),
                ml::cross_entropy(&pv, &y).unwrap(),
                ml::cross_entropy_loop(&p, &y).unwrap(),
                TOL_F64,
            );
            assert_close_f64(
                &format!("ce1h {n}x{c} {name}"),
                ml::cross_entropy_one_hot(&pv, &t).unwrap(),
                ml::cross_entropy_one_hot_loop(&p, &t).unwrap(),
                TOL_F64,
            );
            assert_eq!(
                ml::accuracy(&pv, &y).unwrap(),
                ml::accuracy_loop(&p, &y).unwrap()
            );
            assert_close_f64(
                "ce label == one-hot",
                ml::cross_entropy(&pv, &y).unwrap(),
                ml::cross_entropy_one_hot(&pv, &t).unwrap(),
                TOL_F64,
            );
        }
    }
}

#[test]
fn activation_twins_agree() {
    for (s, &n) in EDGE_SIZES.iter().enumerate() {
        let x = random(s as u64, &[n, 3], DType::Float64)
            .mul_scalar(400.0)
            .unwrap();
        for (name, xv) in layouts(&x) {
            assert_close(
                &format!("relu {n} {name}"),
                &ml::relu(&xv).unwrap(),
                &ml::relu_loop(&x).unwrap(),
                TOL_EXACT,
            );
            assert_close(
                &format!("sigmoid {n} {name}"),
                &ml::sigmoid(&xv).unwrap(),
                &ml::sigmoid_loop(&x).unwrap(),
                TOL_F64,
            );
            assert_close(
                &format!("tanh {n} {name}"),
                &ml::tanh(&xv).unwrap(),
                &ml::tanh_loop(&x).unwrap(),
                TOL_F64,
            );
        }
    }
    let small = [1e-300, -1e-10, 1e-5, 0.3, -5.0, 19.0, 800.0];
    let t = ml::tanh(&Array::from_f64s(&small)).unwrap().to_vec::<f64>();
    for (x, got) in small.iter().zip(t) {
        assert_close_f64(
            &format!("tanh({x}) keeps relative accuracy"),
            got,
            x.tanh(),
            Tol {
                rtol: 4e-16,
                atol: 0.0,
            },
        );
    }
    let big = Array::from_f64s(&[-1000.0, -745.0, 1000.0]);
    assert_eq!(
        ml::sigmoid(&big).unwrap().to_vec::<f64>(),
        vec![0.0, 5e-324, 1.0]
    );
}

#[test]
fn split_twins_agree() {
    for &n in &[0usize, 1, 10, 129] {
        let x = random(n as u64, &[n, 3], DType::Int64);
        let (t1, v1) = ml::train_val_split(&x, 0.25, 7).unwrap();
        let (t2, v2) = ml::train_val_split_loop(&x, 0.25, 7).unwrap();
        assert_eq!(t1.to_vec::<i64>(), t2.to_vec::<i64>());
        assert_eq!(v1.to_vec::<i64>(), v2.to_vec::<i64>());
        assert_eq!(t1.shape()[0] + v1.shape()[0], n);
        assert_eq!(t1.dtype(), DType::Int64);
    }
}
