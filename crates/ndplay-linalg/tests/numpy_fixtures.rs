//! Replays `fixtures/linalg_cases.json`, written by real NumPy 2.4 and scikit-learn via
//! `fixtures/gen_linalg_fixtures.py`: products, einsum, numpy.linalg (values where NumPy's
//! answer is unique, defining identities where it is not), errors, and the worked
//! examples of seeds/002.

mod common;

use common::*;
use ndplay_core::element::C128;
use ndplay_core::{Array, Casting, DType};
use ndplay_linalg::linalg::{self, NormOrd};
use ndplay_linalg::{TensorAxes, dot, einsum, inner, matmul, ml, outer, tensordot, vdot};
use serde_json::Value;

fn cases() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/linalg_cases.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn number(v: &Value) -> f64 {
    match v {
        Value::String(s) => match s.as_str() {
            "nan" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => panic!("bad number {other}"),
        },
        Value::Bool(b) => *b as u8 as f64,
        other => other.as_f64().unwrap(),
    }
}

/// Decodes `{"dtype", "shape", "data"}`.
fn arr(v: &Value) -> Array {
    let dtype = DType::parse(v["dtype"].as_str().unwrap()).unwrap();
    let shape: Vec<usize> = v["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect();
    let data = v["data"].as_array().unwrap();
    if dtype.is_complex() {
        let z: Vec<C128> = data
            .iter()
            .map(|p| C128::new(number(&p[0]), number(&p[1])))
            .collect();
        return Array::from_vec(z, &shape)
            .unwrap()
            .astype(dtype, ndplay_core::Casting::Unsafe)
            .unwrap();
    }
    if dtype.is_integer() {
        let i: Vec<i64> = data.iter().map(|x| x.as_i64().unwrap()).collect();
        return Array::from_vec(i, &shape)
            .unwrap()
            .astype(dtype, ndplay_core::Casting::Unsafe)
            .unwrap();
    }
    let f: Vec<f64> = data.iter().map(number).collect();
    Array::from_vec(f, &shape)
        .unwrap()
        .astype(dtype, ndplay_core::Casting::Unsafe)
        .unwrap()
}

fn complex_parts(a: &Array) -> (Vec<f64>, Vec<f64>) {
    let z = a.to_vec::<C128>();
    (
        z.iter().map(|z| z.re).collect(),
        z.iter().map(|z| z.im).collect(),
    )
}

/// Same dtype, shape and values (real and imaginary parts) within `tol`.
fn check(what: &str, got: &Array, want: &Array, tol: Tol) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let (gr, gi) = complex_parts(got);
    let (wr, wi) = complex_parts(want);
    assert_close_vec(&format!("{what} (real)"), &gr, &wr, tol);
    assert_close_vec(&format!("{what} (imag)"), &gi, &wi, tol);
}

fn tol_of(a: &Array) -> Tol {
    tol_for(a.dtype()).scaled(100.0)
}

#[test]
fn products_match_numpy() {
    let c = cases();
    let mut n = 0;
    for case in c["products"].as_array().unwrap() {
        let (a, b, want) = (arr(&case["a"]), arr(&case["b"]), arr(&case["out"]));
        let f = case["fn"].as_str().unwrap();
        let got = match f {
            "dot" => dot(&a, &b),
            "matmul" => matmul(&a, &b),
            "vdot" => vdot(&a, &b),
            "inner" => inner(&a, &b),
            "outer" => outer(&a, &b),
            "tensordot" => {
                let axes = match &case["axes"] {
                    Value::Number(k) => TensorAxes::Count(k.as_u64().unwrap() as usize),
                    pairs => {
                        let list = |v: &Value| {
                            v.as_array()
                                .unwrap()
                                .iter()
                                .map(|x| x.as_i64().unwrap() as isize)
                                .collect()
                        };
                        TensorAxes::Pairs(list(&pairs[0]), list(&pairs[1]))
                    }
                };
                tensordot(&a, &b, &axes)
            }
            other => panic!("unknown {other}"),
        }
        .unwrap();
        check(
            &format!("{f} {:?} {:?}", a.shape(), b.shape()),
            &got,
            &want,
            tol_of(&want),
        );
        n += 1;
    }
    assert_eq!(n, 27);
}

#[test]
fn einsum_matches_numpy() {
    let c = cases();
    for case in c["einsum"].as_array().unwrap() {
        let ops: Vec<Array> = case["operands"]
            .as_array()
            .unwrap()
            .iter()
            .map(arr)
            .collect();
        let refs: Vec<&Array> = ops.iter().collect();
        let subs = case["subscripts"].as_str().unwrap();
        let want = arr(&case["out"]);
        check(
            &format!("einsum {subs}"),
            &einsum(subs, &refs).unwrap(),
            &want,
            tol_of(&want),
        );
    }
}

#[test]
fn product_errors_match_numpy() {
    let c = cases();
    for case in c["product_errors"].as_array().unwrap() {
        let (a, b) = (arr(&case["a"]), arr(&case["b"]));
        let e = match case["fn"].as_str().unwrap() {
            "matmul" => matmul(&a, &b),
            _ => dot(&a, &b),
        }
        .unwrap_err();
        assert_eq!(e.py_type(), case["error"]["type"].as_str().unwrap());
        assert_eq!(
            e.numpy_message(),
            case["error"]["message"].as_str().unwrap()
        );
    }
}

/// `A @ X` for checking identities, in complex128.
fn mm(a: &Array, b: &Array) -> Array {
    matmul(
        &a.astype(DType::Complex128, ndplay_core::Casting::Unsafe)
            .unwrap(),
        &b.astype(DType::Complex128, ndplay_core::Casting::Unsafe)
            .unwrap(),
    )
    .unwrap()
}

fn conj_t(a: &Array) -> Array {
    let z = a
        .astype(DType::Complex128, ndplay_core::Casting::Unsafe)
        .unwrap();
    let nd = z.ndim();
    let t = z.swapaxes(-1, -2).unwrap().as_c_contiguous().unwrap();
    let _ = nd;
    Array::from_vec(
        t.to_vec::<C128>()
            .into_iter()
            .map(|z| z.conj())
            .collect::<Vec<_>>(),
        t.shape(),
    )
    .unwrap()
}

fn close_c(what: &str, got: &Array, want: &Array, tol: Tol) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    let (gr, gi) = complex_parts(got);
    let (wr, wi) = complex_parts(want);
    assert_close_vec(what, &gr, &wr, tol);
    assert_close_vec(what, &gi, &wi, tol);
}

fn sorted_complex(a: &Array) -> Vec<C128> {
    let mut z = a.to_vec::<C128>();
    z.sort_by(|x, y| x.re.total_cmp(&y.re).then(x.im.total_cmp(&y.im)));
    z
}

#[test]
fn linalg_matches_numpy() {
    let c = cases();
    let mut checked = 0;
    for case in c["linalg"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let a = arr(&case["a"]);
        let tol = if a.dtype() == DType::Float32 || a.dtype() == DType::Complex64 {
            Tol {
                rtol: 1e-4,
                atol: 1e-4,
            }
        } else {
            Tol {
                rtol: 1e-9,
                atol: 1e-10,
            }
        };
        let square = a.shape()[a.ndim() - 1] == a.shape()[a.ndim() - 2];
        if square {
            check(
                &format!("{name} det"),
                &linalg::det(&a).unwrap(),
                &arr(&case["det"]),
                tol,
            );
            let sl = linalg::slogdet(&a).unwrap();
            check(
                &format!("{name} slogdet sign"),
                &sl.sign,
                &arr(&case["slogdet"]["sign"]),
                tol,
            );
            check(
                &format!("{name} slogdet log"),
                &sl.logabsdet,
                &arr(&case["slogdet"]["logabsdet"]),
                tol,
            );
            if case.get("inv").is_some() {
                check(
                    &format!("{name} inv"),
                    &linalg::inv(&a).unwrap(),
                    &arr(&case["inv"]),
                    tol,
                );
                let b = arr(&case["solve_b"]);
                check(
                    &format!("{name} solve"),
                    &linalg::solve(&a, &b).unwrap(),
                    &arr(&case["solve"]),
                    tol,
                );
            } else {
                assert_eq!(
                    linalg::inv(&a).unwrap_err().numpy_message(),
                    "Singular matrix"
                );
            }
            // Eigenvalues: NumPy's dtype rule, values as a set; eigenvectors: A v = λ v.
            let w = linalg::eigvals(&a).unwrap();
            assert_eq!(
                w.dtype().name(),
                case["eigvals_dtype"].as_str().unwrap(),
                "{name} eigvals dtype"
            );
            let want_w = arr(&case["eigvals_sorted"]);
            let (gs, ws) = (sorted_complex(&w), want_w.to_vec::<C128>());
            if a.ndim() == 2 {
                assert_close_vec(
                    &format!("{name} eigvals re"),
                    &gs.iter().map(|z| z.re).collect::<Vec<_>>(),
                    &ws.iter().map(|z| z.re).collect::<Vec<_>>(),
                    tol.scaled(10.0),
                );
                assert_close_vec(
                    &format!("{name} eigvals im"),
                    &gs.iter().map(|z| z.im).collect::<Vec<_>>(),
                    &ws.iter().map(|z| z.im).collect::<Vec<_>>(),
                    tol.scaled(10.0),
                );
            }
            let e = linalg::eig(&a).unwrap();
            assert_eq!(e.eigenvalues.dtype(), w.dtype());
            let av = mm(&a, &e.eigenvectors);
            let n = a.shape()[a.ndim() - 1];
            let lam = e
                .eigenvalues
                .astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                .unwrap();
            let lam_row = lam
                .reshape(
                    &a.shape()[..a.ndim() - 2]
                        .iter()
                        .map(|&d| d as isize)
                        .chain([1, n as isize])
                        .collect::<Vec<_>>(),
                )
                .unwrap();
            let vl = e
                .eigenvectors
                .astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                .unwrap()
                .mul(&lam_row)
                .unwrap();
            close_c(&format!("{name} A v = λ v"), &av, &vl, tol.scaled(100.0));
            let norms = linalg::norm(&e.eigenvectors, None, Some(&[-2]), false)
                .unwrap()
                .to_vec::<f64>();
            assert!(
                norms.iter().all(|x| (x - 1.0).abs() < 1e-5),
                "{name}: unit eigenvectors {norms:?}"
            );
            if case.get("eigvalsh").is_some() {
                check(
                    &format!("{name} eigvalsh"),
                    &linalg::eigvalsh(&a).unwrap(),
                    &arr(&case["eigvalsh"]),
                    tol,
                );
                let h = linalg::eigh(&a).unwrap();
                check(
                    &format!("{name} eigh values"),
                    &h.eigenvalues,
                    &arr(&case["eigvalsh"]),
                    tol,
                );
                let v = &h.eigenvectors;
                close_c(
                    &format!("{name} eigh orthonormal"),
                    &mm(&conj_t(v), v),
                    &Array::eye(n, None, 0, DType::Complex128).unwrap(),
                    tol,
                );
                check(
                    &format!("{name} cholesky"),
                    &linalg::cholesky(&a).unwrap(),
                    &arr(&case["cholesky"]),
                    tol,
                );
            }
            checked += 1;
        }
        check(
            &format!("{name} svdvals"),
            &linalg::svdvals(&a).unwrap(),
            &arr(&case["svdvals"]),
            tol,
        );
        check(
            &format!("{name} pinv"),
            &linalg::pinv(&a).unwrap(),
            &arr(&case["pinv"]),
            tol.scaled(1e3),
        );
        check(
            &format!("{name} matrix_rank"),
            &linalg::matrix_rank(&a).unwrap(),
            &arr(&case["matrix_rank"]),
            TOL_EXACT,
        );
        // SVD and QR: reconstruction, orthonormality, and the unique magnitudes.
        for full in [false, true] {
            let d = linalg::svd(&a, full).unwrap();
            if a.ndim() == 2 {
                let (m, nn) = (a.shape()[0], a.shape()[1]);
                let k = m.min(nn);
                if let Some(shapes) = case.get(if full {
                    "svd_shapes_full"
                } else {
                    "svd_shapes_reduced"
                }) {
                    let got: Vec<Vec<usize>> = vec![
                        d.u.shape().to_vec(),
                        d.s.shape().to_vec(),
                        d.vh.shape().to_vec(),
                    ];
                    let want: Vec<Vec<usize>> = serde_json::from_value(shapes.clone()).unwrap();
                    assert_eq!(got, want, "{name} svd shapes full={full}");
                }
                let u_k =
                    d.u.index(&[
                        ndplay_core::IndexItem::Slice(ndplay_core::SliceArg::full()),
                        ndplay_core::IndexItem::Slice(ndplay_core::SliceArg::new(
                            None,
                            Some(k as isize),
                            1,
                        )),
                    ])
                    .unwrap();
                let vh_k =
                    d.vh.index(&[ndplay_core::IndexItem::Slice(ndplay_core::SliceArg::new(
                        None,
                        Some(k as isize),
                        1,
                    ))])
                    .unwrap();
                let s_col =
                    d.s.astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                        .unwrap()
                        .reshape(&[k as isize, 1])
                        .unwrap();
                let rebuilt = mm(
                    &u_k,
                    &vh_k
                        .astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                        .unwrap()
                        .mul(&s_col)
                        .unwrap(),
                );
                close_c(
                    &format!("{name} U S Vh = A (full={full})"),
                    &rebuilt,
                    &a.astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                        .unwrap(),
                    tol.scaled(100.0),
                );
            }
        }
        let q = linalg::qr(&a).unwrap();
        close_c(
            &format!("{name} Q R = A"),
            &mm(&q.q, &q.r),
            &a.astype(DType::Complex128, ndplay_core::Casting::Unsafe)
                .unwrap(),
            tol.scaled(100.0),
        );
        let kq = q.q.shape()[q.q.ndim() - 1];
        let eye_stack = Array::eye(kq, None, 0, DType::Complex128)
            .unwrap()
            .broadcast_to(
                &q.q.shape()[..q.q.ndim() - 2]
                    .iter()
                    .copied()
                    .chain([kq, kq])
                    .collect::<Vec<_>>(),
            )
            .unwrap();
        close_c(
            &format!("{name} Q^H Q = I"),
            &mm(&conj_t(&q.q), &q.q),
            &eye_stack,
            tol.scaled(100.0),
        );
        if let Some(shapes) = case.get("qr_shapes") {
            let want: Vec<Vec<usize>> = serde_json::from_value(shapes.clone()).unwrap();
            assert_eq!(
                vec![q.q.shape().to_vec(), q.r.shape().to_vec()],
                want,
                "{name} qr shapes"
            );
        }
        if a.ndim() == 2 {
            let kk = q.r.shape()[0].min(q.r.shape()[1]);
            let diag: Vec<f64> = (0..kk)
                .map(|i| q.r.get(&[i, i]).unwrap().to_wide())
                .map(|w| match w {
                    ndplay_core::element::Wide::C(z) => z.norm(),
                    other => other.as_f64().abs(),
                })
                .collect();
            assert_close_vec(
                &format!("{name} |diag R|"),
                &diag,
                &arr(&case["qr_r_absdiag"]).to_vec::<f64>(),
                tol.scaled(100.0),
            );
        }
    }
    assert_eq!(checked, 11);
}

#[test]
fn norms_match_numpy() {
    let c = cases();
    for case in c["norm"].as_array().unwrap() {
        let x = arr(&case["x"]);
        let ord = match &case["ord"] {
            Value::Null => None,
            Value::String(s) => Some(match s.as_str() {
                "fro" => NormOrd::Fro,
                "nuc" => NormOrd::Nuc,
                "inf" => NormOrd::P(f64::INFINITY),
                "-inf" => NormOrd::P(f64::NEG_INFINITY),
                other => panic!("{other}"),
            }),
            n => Some(NormOrd::P(n.as_f64().unwrap())),
        };
        let axis: Option<Vec<isize>> = case["axis"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_i64().unwrap() as isize).collect());
        let keep = case["keepdims"].as_bool().unwrap();
        let want = arr(&case["out"]);
        let got = linalg::norm(&x, ord, axis.as_deref(), keep).unwrap();
        let tol = if want.dtype() == DType::Float32 {
            Tol {
                rtol: 1e-5,
                atol: 1e-5,
            }
        } else {
            Tol {
                rtol: 1e-12,
                atol: 1e-12,
            }
        };
        check(
            &format!("norm {:?} ord {ord:?} axis {axis:?}", x.shape()),
            &got,
            &want,
            tol,
        );
    }
}

#[test]
fn linalg_errors_match_numpy() {
    let c = cases();
    for case in c["linalg_errors"].as_array().unwrap() {
        let a = arr(&case["a"]);
        let e = match case["fn"].as_str().unwrap() {
            "inv" => linalg::inv(&a).map(|_| ()),
            "solve" => linalg::solve(&a, &Array::ones(&[2], DType::Float64).unwrap()).map(|_| ()),
            "cholesky" => linalg::cholesky(&a).map(|_| ()),
            "det" => linalg::det(&a).map(|_| ()),
            "norm_vec_fro" => linalg::norm(&a, Some(NormOrd::Fro), None, false).map(|_| ()),
            "norm_mat_3" => linalg::norm(&a, Some(NormOrd::P(3.0)), None, false).map(|_| ()),
            "norm_3d" => linalg::norm(&a, Some(NormOrd::P(2.0)), None, false).map(|_| ()),
            other => panic!("{other}"),
        }
        .unwrap_err();
        assert_eq!(
            e.py_type(),
            case["error"]["type"].as_str().unwrap(),
            "{}",
            case["fn"]
        );
        assert_eq!(
            e.numpy_message(),
            case["error"]["message"].as_str().unwrap()
        );
    }
}

#[test]
fn ml_primitives_match_numpy_and_sklearn() {
    let c = cases();
    let m = &c["ml"];
    let t = Tol {
        rtol: 1e-12,
        atol: 1e-12,
    };
    let twice = |what: &str, fast: f64, slow: f64, want: f64, tol: Tol| {
        assert_close_f64(&format!("{what} fast"), fast, want, tol);
        assert_close_f64(&format!("{what} loop"), slow, want, tol);
    };
    let s = &m["standardize"];
    let (x, v) = (arr(&s["x"]), arr(&s["val"]));
    let st = ml::Standardizer::fit(&x).unwrap();
    check("mean", &st.mean(), &arr(&s["mean"]), t);
    check("std (zero guarded)", &st.std(), &arr(&s["std"]), t);
    check("standardize", &st.transform(&x).unwrap(), &arr(&s["z"]), t);
    check(
        "standardize loop",
        &ml::standardize_loop(&x).unwrap(),
        &arr(&s["z"]),
        t,
    );
    check(
        "validation split uses train stats",
        &st.transform(&v).unwrap(),
        &arr(&s["val_z"]),
        t,
    );

    let n = &m["normalize"];
    check(
        "sklearn normalize",
        &ml::normalize(&arr(&n["x"])).unwrap(),
        &arr(&n["out"]),
        t,
    );
    check(
        "sklearn normalize loop",
        &ml::normalize_loop(&arr(&n["x"])).unwrap(),
        &arr(&n["out"]),
        t,
    );

    let l = &m["linear"];
    let (lx, lw, lb) = (arr(&l["x"]), arr(&l["w"]), arr(&l["b"]));
    check(
        "linear",
        &ml::linear(&lx, &lw, &lb).unwrap(),
        &arr(&l["out"]),
        t,
    );
    check(
        "linear loop",
        &ml::linear_loop(&lx, &lw, &lb).unwrap(),
        &arr(&l["out"]),
        t,
    );

    let d = &m["distances"];
    let dx = arr(&d["x"]);
    check(
        "distances gram",
        &ml::pairwise_distances(&dx).unwrap(),
        &arr(&d["out"]),
        Tol {
            rtol: 1e-9,
            atol: 1e-7,
        },
    );
    check(
        "distances broadcast",
        &ml::pairwise_distances_broadcast(&dx).unwrap(),
        &arr(&d["out"]),
        t,
    );
    check(
        "distances loop",
        &ml::pairwise_distances_loop(&dx).unwrap(),
        &arr(&d["out"]),
        t,
    );
    check(
        "cosine pairwise",
        &ml::pairwise_cosine_similarity(&arr(&m["cosine"]["x"])).unwrap(),
        &arr(&m["cosine"]["out"]),
        t,
    );

    let g = &m["derivative"];
    let h = g["h"].as_f64().unwrap();
    let gx = arr(&g["x"]);
    check(
        "derivative",
        &ml::derivative(|x: &Array| x.pow_scalar(3.0), &gx, h).unwrap(),
        &arr(&g["out"]),
        Tol {
            rtol: 1e-8,
            atol: 1e-8,
        },
    );
    check(
        "derivative loop",
        &ml::derivative_loop(|x| x * x * x, &gx, h).unwrap(),
        &arr(&g["out"]),
        Tol {
            rtol: 1e-8,
            atol: 1e-8,
        },
    );

    let r = &m["regression"];
    let (y, yh) = (arr(&r["y"]), arr(&r["yhat"]));
    twice(
        "mse",
        ml::mse(&y, &yh).unwrap(),
        ml::mse_loop(&y, &yh).unwrap(),
        r["mse"].as_f64().unwrap(),
        t,
    );
    twice(
        "rmse",
        ml::rmse(&y, &yh).unwrap(),
        ml::rmse_loop(&y, &yh).unwrap(),
        r["rmse"].as_f64().unwrap(),
        t,
    );
    twice(
        "mae",
        ml::mae(&y, &yh).unwrap(),
        ml::mae_loop(&y, &yh).unwrap(),
        r["mae"].as_f64().unwrap(),
        t,
    );

    let sm = &m["softmax"];
    let z = arr(&sm["x"]);
    for case in sm["cases"].as_array().unwrap() {
        let axis = case["axis"].as_i64().unwrap() as isize;
        check(
            &format!("softmax axis {axis}"),
            &ml::softmax(&z, axis).unwrap(),
            &arr(&case["softmax"]),
            t,
        );
        check(
            &format!("softmax loop axis {axis}"),
            &ml::softmax_loop(&z, axis).unwrap(),
            &arr(&case["softmax"]),
            t,
        );
        // The fused float32 kernel, from the same values rounded to float32.
        let z32 = z.astype(DType::Float32, Casting::Unsafe).unwrap();
        let p32 = ml::softmax(&z32, axis).unwrap();
        assert_eq!(p32.dtype(), DType::Float32);
        check(
            &format!("softmax float32 axis {axis}"),
            &p32.astype(DType::Float64, Casting::Safe).unwrap(),
            &arr(&case["softmax"]),
            Tol {
                rtol: 1e-5,
                atol: 1e-7,
            },
        );
        check(
            &format!("log_softmax axis {axis}"),
            &ml::log_softmax(&z, axis).unwrap(),
            &arr(&case["log_softmax"]),
            Tol {
                rtol: 1e-12,
                atol: 1e-11,
            },
        );
    }

    let cl = &m["classification"];
    let (p, lab) = (arr(&cl["p"]), arr(&cl["labels"]));
    let oh = arr(&cl["one_hot"]);
    check("one_hot", &ml::one_hot(&lab, 4).unwrap(), &oh, TOL_EXACT);
    check(
        "one_hot loop",
        &ml::one_hot_loop(&lab, 4).unwrap(),
        &oh,
        TOL_EXACT,
    );
    twice(
        "cross_entropy",
        ml::cross_entropy(&p, &lab).unwrap(),
        ml::cross_entropy_loop(&p, &lab).unwrap(),
        cl["ce"].as_f64().unwrap(),
        t,
    );
    twice(
        "cross_entropy_one_hot",
        ml::cross_entropy_one_hot(&p, &oh).unwrap(),
        ml::cross_entropy_one_hot_loop(&p, &oh).unwrap(),
        cl["ce_one_hot"].as_f64().unwrap(),
        t,
    );
    twice(
        "accuracy",
        ml::accuracy(&p, &lab).unwrap(),
        ml::accuracy_loop(&p, &lab).unwrap(),
        cl["accuracy"].as_f64().unwrap(),
        TOL_EXACT,
    );

    let ac = &m["activations"];
    let ax = arr(&ac["x"]);
    check(
        "relu",
        &ml::relu(&ax).unwrap(),
        &arr(&ac["relu"]),
        TOL_EXACT,
    );
    check(
        "sigmoid",
        &ml::sigmoid(&ax).unwrap(),
        &arr(&ac["sigmoid"]),
        t,
    );
    check(
        "sigmoid loop",
        &ml::sigmoid_loop(&ax).unwrap(),
        &arr(&ac["sigmoid"]),
        t,
    );
    check("tanh", &ml::tanh(&ax).unwrap(), &arr(&ac["tanh"]), t);
    check(
        "tanh loop",
        &ml::tanh_loop(&ax).unwrap(),
        &arr(&ac["tanh"]),
        t,
    );

    let sp = &m["split"];
    let (train, val) = ml::split_indices(
        10,
        sp["val_fraction"].as_f64().unwrap(),
        sp["seed"].as_u64().unwrap(),
    )
    .unwrap();
    let ids = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect::<Vec<_>>()
    };
    assert_eq!(val, ids(&sp["val"]), "NumPy's permutation for seed 42");
    assert_eq!(train, ids(&sp["train"]));
    assert_eq!(
        ml::loss::EPS,
        1e-12,
        "the lessons clip probabilities at 1e-12"
    );
}

// ----- seeds/002, Levels A–C, as tests --------------------------------------------------

#[test]
fn level_a_shape_of_a_matrix_product_is_3_by_2() {
    let shapes = &cases()["ml"]["shape_examples"];
    let c = matmul(
        &Array::ones(&[3, 4], DType::Float64).unwrap(),
        &Array::ones(&[4, 2], DType::Float64).unwrap(),
    )
    .unwrap();
    assert_eq!(c.shape(), &[3, 2]);
    assert_eq!(serde_json::to_value(c.shape()).unwrap(), shapes["matmul"]);
}

#[test]
fn level_a_dot_product_by_hand_is_32() {
    let d = &cases()["ml"]["dot_example"];
    let (a, b) = (arr(&d["a"]), arr(&d["b"]));
    assert_eq!(d["out"].as_f64().unwrap(), 32.0);
    assert_eq!(ml::dot_product_loop(&a, &b).unwrap(), 32.0); // 1·4 + 2·5 + 3·6
    assert_eq!(ml::dot_product(&a, &b).unwrap(), 32.0);
    assert_eq!(
        dot(&a, &b).unwrap().shape(),
        &[] as &[usize],
        "a @ b of 1-D arrays is a scalar"
    );
}

#[test]
fn level_a_mse_by_hand_is_2_5() {
    let d = &cases()["ml"]["mse_example"];
    let (y, yh) = (arr(&d["y"]), arr(&d["yhat"]));
    assert_eq!(d["out"].as_f64().unwrap(), 2.5);
    assert_eq!(ml::mse(&y, &yh).unwrap(), 2.5);
    assert_eq!(ml::mse_loop(&y, &yh).unwrap(), 2.5);
}

#[test]
fn level_a_per_feature_mean_shapes() {
    let shapes = &cases()["ml"]["shape_examples"];
    let x = Array::ones(&[100, 4], DType::Float64).unwrap();
    assert_eq!(
        serde_json::to_value(x.mean(Some(&[0]), false).unwrap().shape()).unwrap(),
        shapes["mean0"]
    );
    assert_eq!(
        serde_json::to_value(x.mean(Some(&[1]), false).unwrap().shape()).unwrap(),
        shapes["mean1"]
    );
    assert_eq!(ml::Standardizer::fit(&x).unwrap().mean().shape(), &[4]);
}

#[test]
fn level_b_distance_matrix_and_difference_block_shapes() {
    let shapes = &cases()["ml"]["shape_examples"];
    let x = random(6, &[6, 3], DType::Float64);
    let block = x
        .expand_dims(&[1])
        .unwrap()
        .sub(&x.expand_dims(&[0]).unwrap())
        .unwrap();
    assert_eq!(
        serde_json::to_value(block.shape()).unwrap(),
        shapes["diff_block"]
    );
    assert_eq!(ml::pairwise_distances(&x).unwrap().shape(), &[6, 6]);
}

#[test]
fn level_b_bias_of_shape_h_by_1_is_refused_with_the_fix() {
    let (n, d, h) = (5, 4, 3);
    let x = random(1, &[n, d], DType::Float64);
    let w = random(2, &[h, d], DType::Float64);
    let b = Array::zeros(&[h, 1], DType::Float64);
    for e in [
        ml::linear(&x, &w, &b).unwrap_err(),
        ml::linear_loop(&x, &w, &b).unwrap_err(),
    ] {
        assert_eq!(
            e.numpy_message(),
            "linear: b has shape (3, 1) but expected (H,) = (3,)"
        );
        assert!(
            e.hint()
                .contains("(N, H) = (5, 3) + (3, 1) does not broadcast at all"),
            "{}",
            e.hint()
        );
    }
    // With a single example the wrong bias would silently broadcast to (H, H).
    let one = random(3, &[1, d], DType::Float64);
    let e = ml::linear(&one, &w, &b).unwrap_err();
    assert!(
        e.hint()
            .contains("would broadcast to (3, 3), not (N, H) = (1, 3)"),
        "{}",
        e.hint()
    );
    let err = ml::linear(&x, &w.t(), &Array::zeros(&[h], DType::Float64)).unwrap_err();
    assert!(err.numpy_message().contains("expected (H, D) = (H, 4)"));
    assert!(err.hint().contains("pass W.T"));
}

#[test]
fn level_b_zero_std_guard_keeps_constant_columns_finite() {
    let x = Array::from_vec(vec![1.0, 7.0, 2.0, 7.0, 3.0, 7.0], &[3, 2]).unwrap();
    let z = ml::standardize(&x).unwrap().to_vec::<f64>();
    assert!(z.iter().all(|v| v.is_finite()));
    assert_eq!((z[1], z[3], z[5]), (0.0, 0.0, 0.0));
}

#[test]
fn level_c_standardize_gives_zero_mean_unit_std() {
    let x = random(11, &[50, 4], DType::Float64)
        .mul_scalar(3.0)
        .unwrap()
        .add_scalar(10.0)
        .unwrap();
    let z = ml::standardize(&x).unwrap();
    assert_eq!(z.shape(), x.shape());
    let mean = z.mean(Some(&[0]), false).unwrap().to_vec::<f64>();
    let std = z.std(Some(&[0]), 0.0, false).unwrap().to_vec::<f64>();
    assert!(mean.iter().all(|m| m.abs() < 1e-12) && std.iter().all(|s| (s - 1.0).abs() < 1e-12));
}

#[test]
fn level_c_layer_loop_matches_vectorised() {
    let x = random(0, &[8, 5], DType::Float64);
    let w = random(1, &[3, 5], DType::Float64);
    let b = random(2, &[3], DType::Float64);
    let (fast, slow) = (
        ml::linear(&x, &w, &b).unwrap(),
        ml::linear_loop(&x, &w, &b).unwrap(),
    );
    assert_eq!((fast.shape(), slow.shape()), (&[8, 3][..], &[8, 3][..]));
    assert!(fast.allclose(&slow, 1e-12, 1e-12).unwrap());
}

#[test]
fn level_c_matmul_shape_error_names_both_shapes_and_the_fix() {
    let (x, w) = (
        Array::zeros(&[5, 4], DType::Float64),
        Array::zeros(&[3, 4], DType::Float64),
    );
    let e = matmul(&x, &w).unwrap_err();
    assert_eq!(
        e.numpy_message(),
        "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)"
    );
    assert!(
        e.hint().contains("(5, 4)") && e.hint().contains("(3, 4)") && e.hint().contains("X @ W.T")
    );
    assert_eq!(matmul(&x, &w.t()).unwrap().shape(), &[5, 3]);
}

#[test]
fn level_c_distance_matrix_has_zero_diagonal_and_is_symmetric() {
    let x = random(4, &[20, 3], DType::Float64);
    let d = ml::pairwise_distances(&x).unwrap();
    assert!(d.allclose(&d.t(), 0.0, 0.0).unwrap());
    assert!((0..20).all(|i| d.get(&[i, i]).unwrap().as_f64() == 0.0));
}

#[test]
fn mse_refuses_a_column_against_a_vector() {
    let y = random(1, &[4], DType::Float64);
    let col = y.reshape(&[4, 1]).unwrap();
    for e in [
        ml::mse(&col, &y).unwrap_err(),
        ml::mae_loop(&col, &y).unwrap_err(),
        ml::rmse(&y, &col).unwrap_err(),
    ] {
        assert!(e.numpy_message().contains("(4, 1)") && e.numpy_message().contains("(4,)"));
        assert!(e.hint().contains("(4, 4)"), "{}", e.hint());
    }
}
