//! NumPy's rules for dot, matmul, vdot, inner, outer and tensordot: shapes, dtypes,
//! errors, and batched products against the plain triple loop per batch.

mod common;

use common::*;
use ndplay_core::element::C128;
use ndplay_core::{Array, DType, IndexItem};
use ndplay_linalg::{TensorAxes, dot, inner, matmul, outer, tensordot, vdot};

fn ones(shape: &[usize], dtype: DType) -> Array {
    Array::ones(shape, dtype).unwrap()
}

/// The triple loop in complex128, for any dtype.
fn reference(a: &Array, b: &Array) -> Vec<C128> {
    let (n, k, m) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let (av, bv) = (a.to_vec::<C128>(), b.to_vec::<C128>());
    let mut c = vec![C128::new(0.0, 0.0); n * m];
    for i in 0..n {
        for j in 0..m {
            for p in 0..k {
                c[i * m + j] += av[i * k + p] * bv[p * m + j];
            }
        }
    }
    c
}

/// `x[i]` along axis 0 of a batch, broadcasting a length-1 batch axis.
fn batch_item(x: &Array, idx: &[usize], batch_nd: usize) -> Array {
    let pad = batch_nd - (x.ndim() - 2);
    let items: Vec<IndexItem> = idx[pad..]
        .iter()
        .zip(x.shape())
        .map(|(&i, &d)| IndexItem::Int(if d == 1 { 0 } else { i as i64 }))
        .collect();
    x.index(&items).unwrap()
}

#[test]
fn matmul_broadcasts_batches_like_a_loop_over_them() {
    let cases: [(&[usize], &[usize]); 5] = [
        (&[2, 3, 4], &[4, 5]),
        (&[3, 4], &[2, 4, 5]),
        (&[2, 1, 16, 17], &[3, 17, 15]),
        (&[0, 3, 4], &[4, 2]),
        (&[5, 2, 3], &[5, 3, 0]),
    ];
    for (s, (sa, sb)) in cases.iter().enumerate() {
        for dtype in [
            DType::Float64,
            DType::Float32,
            DType::Int64,
            DType::Complex128,
        ] {
            let a = random(s as u64, sa, dtype);
            let b = random(9 + s as u64, sb, dtype);
            for (name, av) in layouts(&a) {
                let c = matmul(&av, &b).unwrap();
                assert_eq!(c.dtype(), dtype);
                let nd = c.ndim() - 2;
                let batch: Vec<usize> = c.shape()[..nd].to_vec();
                let count: usize = batch.iter().product();
                for flat in 0..count {
                    let mut idx = vec![0; nd];
                    let mut r = flat;
                    for ax in (0..nd).rev() {
                        idx[ax] = r % batch[ax];
                        r /= batch[ax];
                    }
                    let want = reference(&batch_item(&a, &idx, nd), &batch_item(&b, &idx, nd));
                    let items: Vec<IndexItem> =
                        idx.iter().map(|&i| IndexItem::Int(i as i64)).collect();
                    let got = c.index(&items).unwrap().to_vec::<C128>();
                    let what = format!("{sa:?}@{sb:?} {dtype} {name} batch {idx:?}");
                    let re = |v: &[C128]| v.iter().map(|z| z.re).collect::<Vec<_>>();
                    let im = |v: &[C128]| v.iter().map(|z| z.im).collect::<Vec<_>>();
                    assert_close_vec(&what, &re(&got), &re(&want), tol_for(dtype).scaled(20.0));
                    assert_close_vec(&what, &im(&got), &im(&want), tol_for(dtype).scaled(20.0));
                }
            }
        }
    }
}

#[test]
fn matmul_promotes_and_removes_1d_axes() {
    let m = random(1, &[3, 4], DType::Float64);
    let v4 = random(2, &[4], DType::Float64);
    let v3 = random(3, &[3], DType::Float64);
    assert_eq!(matmul(&m, &v4).unwrap().shape(), &[3]);
    assert_eq!(matmul(&v3, &m).unwrap().shape(), &[4]);
    assert_eq!(matmul(&v4, &v4).unwrap().shape(), &[] as &[usize]);
    assert_eq!(
        matmul(&random(4, &[2, 5, 3, 4], DType::Float32), &v4)
            .unwrap()
            .shape(),
        &[2, 5, 3]
    );
    assert_eq!(
        matmul(&v3, &random(4, &[7, 3, 2], DType::Float64))
            .unwrap()
            .shape(),
        &[7, 2]
    );
}

#[test]
fn product_dtypes_follow_numpy_promotion() {
    let cases = [
        (DType::Int8, DType::UInt8, DType::Int16),
        (DType::Int32, DType::Int32, DType::Int32),
        (DType::Float32, DType::Float32, DType::Float32),
        (DType::Float32, DType::Int64, DType::Float64),
        (DType::Float16, DType::Float16, DType::Float16),
        (DType::Bool, DType::Bool, DType::Bool),
        (DType::Complex64, DType::Float64, DType::Complex128),
    ];
    for (a, b, want) in cases {
        assert_eq!(
            matmul(&ones(&[2, 3], a), &ones(&[3, 2], b))
                .unwrap()
                .dtype(),
            want,
            "{a} @ {b}"
        );
        assert_eq!(
            dot(&ones(&[3], a), &ones(&[3], b)).unwrap().dtype(),
            want,
            "dot {a} {b}"
        );
    }
    let t = matmul(&ones(&[2, 300], DType::Bool), &ones(&[300, 2], DType::Bool)).unwrap();
    assert_eq!(
        t.to_vec::<bool>(),
        vec![true; 4],
        "bool matmul is any(and), not a wrapped count"
    );
    let i8s = matmul(&ones(&[1, 300], DType::Int8), &ones(&[300, 1], DType::Int8)).unwrap();
    assert_eq!(
        i8s.to_vec::<i8>(),
        vec![44],
        "int8 wraps like NumPy (300 mod 256)"
    );
}

#[test]
fn product_errors_carry_numpy_messages() {
    let e = matmul(
        &ones(&[2, 3], DType::Float64),
        &ones(&[4, 2], DType::Float64),
    )
    .unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 4 is different from 3)"
    );
    let e = matmul(&ones(&[], DType::Float64), &ones(&[3], DType::Float64)).unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)"
    );
    let e = matmul(
        &ones(&[2, 2, 3], DType::Float64),
        &ones(&[3, 3, 2], DType::Float64),
    )
    .unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "operands could not be broadcast together with remapped shapes [original->remapped]: (2,2,3)->(2,newaxis,newaxis) (3,3,2)->(3,newaxis,newaxis)  and requested shape (2,2)"
    );
    let e = dot(&ones(&[3], DType::Float64), &ones(&[4], DType::Float64)).unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)"
    );
    let e = dot(
        &ones(&[2, 3, 4], DType::Float64),
        &ones(&[2, 5, 3], DType::Float64),
    )
    .unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "shapes (2,3,4) and (2,5,3) not aligned: 4 (dim 2) != 5 (dim 1)"
    );
    let e = vdot(&ones(&[3], DType::Float64), &ones(&[4], DType::Float64)).unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "cannot reshape array of size 4 into shape (3,)"
    );
    let e = inner(
        &ones(&[2, 3], DType::Float64),
        &ones(&[2, 4], DType::Float64),
    )
    .unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "shapes (2,3) and (2,4) not aligned: 3 (dim 1) != 4 (dim 1)"
    );
    let e = tensordot(
        &ones(&[2, 3], DType::Float64),
        &ones(&[2, 4], DType::Float64),
        &TensorAxes::Pairs(vec![1], vec![0]),
    )
    .unwrap_err();
    assert_eq!(e.numpy_message(), "shape-mismatch for sum");
    let s = Array::from_strings(&["a"], &[1]).unwrap();
    assert!(matmul(&s, &s).is_err());
}

#[test]
fn dot_nd_inner_outer_tensordot_shapes() {
    let a = random(1, &[2, 3, 4], DType::Float64);
    let b = random(2, &[5, 4, 6], DType::Float64);
    assert_eq!(dot(&a, &b).unwrap().shape(), &[2, 3, 5, 6]);
    assert_eq!(
        dot(&a, &random(3, &[4], DType::Float64)).unwrap().shape(),
        &[2, 3]
    );
    assert_eq!(
        dot(&random(3, &[4], DType::Float64), &b).unwrap().shape(),
        &[5, 6]
    );
    assert_eq!(
        dot(&a, &Array::from_f64s(&[2.0]).reshape(&[]).unwrap())
            .unwrap()
            .shape(),
        &[2, 3, 4]
    );
    assert_eq!(
        inner(&a, &random(4, &[7, 4], DType::Float64))
            .unwrap()
            .shape(),
        &[2, 3, 7]
    );
    assert_eq!(
        outer(&a, &random(5, &[2, 2], DType::Float64))
            .unwrap()
            .shape(),
        &[24, 4]
    );
    assert_eq!(
        tensordot(
            &a,
            &random(6, &[3, 4, 2], DType::Float64),
            &TensorAxes::Count(2)
        )
        .unwrap()
        .shape(),
        &[2, 2]
    );
    assert_eq!(
        tensordot(
            &a,
            &random(6, &[4, 2, 3], DType::Float64),
            &TensorAxes::Pairs(vec![1, 2], vec![2, 0])
        )
        .unwrap()
        .shape(),
        &[2, 2]
    );
    let z = vdot(
        &Array::from_vec(vec![C128::new(0.0, 1.0)], &[1]).unwrap(),
        &Array::from_vec(vec![C128::new(0.0, 1.0)], &[1]).unwrap(),
    )
    .unwrap();
    assert_eq!(
        z.to_vec::<C128>(),
        vec![C128::new(1.0, 0.0)],
        "vdot conjugates a"
    );
}

#[test]
fn empty_and_non_finite_input_never_panics() {
    use ndplay_linalg::linalg;
    for shape in [[0usize, 0], [3, 0], [0, 3]] {
        let a = Array::zeros(&shape, DType::Float64);
        let _ = linalg::svd(&a, true);
        let _ = linalg::svd(&a, false);
        let _ = linalg::svdvals(&a);
        let _ = linalg::qr(&a);
        let _ = linalg::pinv(&a);
        let _ = linalg::matrix_rank(&a);
        let _ = linalg::norm(&a, Some(linalg::NormOrd::P(2.0)), None, false);
        let _ = linalg::norm(&a, Some(linalg::NormOrd::Nuc), None, false);
    }
    let e = Array::zeros(&[0, 0], DType::Float64);
    assert_eq!(
        linalg::det(&e).unwrap().item().unwrap().as_f64(),
        1.0,
        "det of a 0x0 matrix is 1, as NumPy"
    );
    assert_eq!(linalg::inv(&e).unwrap().shape(), &[0, 0]);
    assert_eq!(linalg::eigvals(&e).unwrap().shape(), &[0]);
    assert_eq!(linalg::eigh(&e).unwrap().eigenvalues.shape(), &[0]);
    assert_eq!(linalg::cholesky(&e).unwrap().shape(), &[0, 0]);
    let bad = Array::from_vec(vec![f64::NAN, 1.0, f64::INFINITY, 2.0], &[2, 2]).unwrap();
    let _ = linalg::eig(&bad);
    let _ = linalg::eigh(&bad);
    let _ = linalg::svd(&bad, true);
    let _ = linalg::det(&bad);
    let _ = linalg::inv(&bad);
    let _ = linalg::cholesky(&bad);
    let _ = linalg::qr(&bad);
    let _ = linalg::pinv(&bad);
    let _ = linalg::matrix_rank(&bad);
    let _ = linalg::solve(&bad, &Array::from_f64s(&[1.0, 2.0]));
}

#[test]
fn linalg_reads_views_in_place_like_copies() {
    use ndplay_linalg::linalg;
    for (s, &n) in [1usize, 2, 15, 16, 17].iter().enumerate() {
        let g = random(s as u64, &[n, n], DType::Float64);
        let spd = matmul(&g, &g.t())
            .unwrap()
            .add(
                &Array::eye(n, None, 0, DType::Float64)
                    .unwrap()
                    .mul_scalar(n as f64)
                    .unwrap(),
            )
            .unwrap();
        let b = random(40 + s as u64, &[n], DType::Float64);
        for (name, v) in layouts(&spd) {
            let what = |op: &str| format!("{op} n={n} {name}");
            assert_close(
                &what("det"),
                &linalg::det(&v).unwrap(),
                &linalg::det(&spd).unwrap(),
                TOL_F64.scaled(1e3),
            );
            assert_close(
                &what("inv"),
                &linalg::inv(&v).unwrap(),
                &linalg::inv(&spd).unwrap(),
                TOL_F64.scaled(1e3),
            );
            assert_close(
                &what("solve"),
                &linalg::solve(&v, &b).unwrap(),
                &linalg::solve(&spd, &b).unwrap(),
                TOL_F64.scaled(1e3),
            );
            assert_close(
                &what("svdvals"),
                &linalg::svdvals(&v).unwrap(),
                &linalg::svdvals(&spd).unwrap(),
                TOL_F64.scaled(1e3),
            );
            assert_close(
                &what("eigvalsh"),
                &linalg::eigvalsh(&v).unwrap(),
                &linalg::eigvalsh(&spd).unwrap(),
                TOL_F64.scaled(1e3),
            );
            assert_close(
                &what("cholesky"),
                &linalg::cholesky(&v).unwrap(),
                &linalg::cholesky(&spd).unwrap(),
                TOL_F64.scaled(1e3),
            );
        }
    }
}

/// Products big enough to use every thread and gemm's blocked, packed kernels (several
/// cache blocks along each axis, odd sizes that leave partial micro-tiles), against the
/// triple loop, for each operand layout on either side.
#[test]
fn large_real_products_match_the_loop_in_every_layout() {
    let (n, k, m) = (203, 517, 131);
    for dtype in [DType::Float64, DType::Float32] {
        let a = random(70, &[n, k], dtype);
        let b = random(71, &[k, m], dtype);
        let want = reference(&a, &b);
        let want: Vec<f64> = want.iter().map(|z| z.re).collect();
        for (an, av) in layouts(&a) {
            for (bn, bv) in layouts(&b) {
                let c = matmul(&av, &bv).unwrap();
                assert_eq!((c.shape(), c.dtype()), (&[n, m][..], dtype));
                let what = format!("({n},{k})@({k},{m}) {dtype} {an} @ {bn}");
                assert_close_vec(
                    &what,
                    &c.to_vec::<f64>(),
                    &want,
                    tol_for(dtype).scaled(100.0),
                );
            }
        }
    }
}

/// `eigh` at the sizes where its parts change thread split (one thread below 512, the
/// divide-and-conquer on the pool from 512): `A v = λ v`, orthonormal `V`, and the
/// eigenvalues equal `eigvalsh`'s.
#[test]
fn eigh_holds_its_definition_across_the_thread_split() {
    use ndplay_linalg::decomp::EVD_PARALLEL_DIM;
    use ndplay_linalg::linalg;
    for n in [EVD_PARALLEL_DIM - 1, EVD_PARALLEL_DIM + 3] {
        let g = random(80 + n as u64, &[n, n], DType::Float64);
        let sym = g.add(&g.t()).unwrap();
        let e = linalg::eigh(&sym).unwrap();
        let (w, v) = (e.eigenvalues.to_vec::<f64>(), e.eigenvectors);
        let av = matmul(&sym, &v).unwrap().to_vec::<f64>();
        let vv = v.to_vec::<f64>();
        let scale = w.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        for i in 0..n {
            for j in 0..n {
                let diff = (av[i * n + j] - w[j] * vv[i * n + j]).abs();
                assert!(
                    diff <= 1e-10 * scale,
                    "n={n}: (A v - w v)[{i}, {j}] = {diff}"
                );
            }
        }
        let vtv = matmul(&v.t(), &v).unwrap().to_vec::<f64>();
        for i in 0..n {
            for j in 0..n {
                let want = if i == j { 1.0 } else { 0.0 };
                assert!(
                    (vtv[i * n + j] - want).abs() < 1e-10,
                    "n={n}: (VᵀV)[{i}, {j}]"
                );
            }
        }
        let wv = linalg::eigvalsh(&sym).unwrap().to_vec::<f64>();
        assert_close_vec(
            &format!("eigvalsh n={n}"),
            &wv,
            &w,
            Tol {
                rtol: 1e-10,
                atol: 1e-10 * scale,
            },
        );
    }
}
