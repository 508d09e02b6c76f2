//! The inspector against NumPy: every file under `fixtures/data` (written by
//! `fixtures/gen_inspect_fixtures.py` with NumPy and the `safetensors` package) is
//! inspected, and layout, counts, finite statistics, the magnitude histogram, per-axis
//! statistics, slices and per-channel histograms are compared with what NumPy computed
//! (`fixtures/expected.json`).

use std::path::PathBuf;

use ndplay_inspect::axis::values_f64;
use ndplay_inspect::report::{Options, Report};
use ndplay_inspect::{
    channel_histograms, compute_axis_stats, extract_slice, inspect_file, to_array,
};
use serde_json::Value as J;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn expected() -> J {
    let text = std::fs::read_to_string(fixtures().join("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("valid JSON")
}

/// Relative tolerance for means and standard deviations: NumPy sums pairwise, the fused
/// pass by blocks and Chan's merge, so the last bits may differ.
const STAT_RTOL: f64 = 1e-12;
/// Relative tolerance for anything computed from complex64 moduli: NumPy's SIMD `np.abs`
/// and libm's `hypotf` may round |z| one float32 ulp apart.
const C64_RTOL: f64 = 2.5e-7;

/// The tolerance for a tensor of this dtype.
fn rtol(dtype: &J) -> f64 {
    if dtype == "complex64" {
        C64_RTOL
    } else {
        STAT_RTOL
    }
}

fn close_tol(got: f64, want: f64, rtol: f64, what: &str) {
    if want.is_nan() || want.is_infinite() {
        assert!(
            got == want || (got.is_nan() && want.is_nan()),
            "{what}: got {got}, NumPy gives {want}"
        );
        return;
    }
    let tol = rtol * (1.0 + want.abs());
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, NumPy gives {want}"
    );
}

/// Exact, except for complex64 moduli (see [`C64_RTOL`]).
fn same_vec(got: &[f64], want: &[f64], rtol: f64, what: &str) {
    if rtol == STAT_RTOL {
        return exact_vec(got, want, what);
    }
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        close_tol(*g, *w, rtol, &format!("{what}[{i}]"));
    }
}

/// A float from the fixtures: null is NaN, "inf"/"-inf" are the infinities.
fn f(v: &J) -> f64 {
    match v.as_str() {
        Some("inf") => f64::INFINITY,
        Some("-inf") => f64::NEG_INFINITY,
        _ => v.as_f64().unwrap_or(f64::NAN),
    }
}

fn fvec(v: &J) -> Vec<f64> {
    v.as_array().expect("array").iter().map(f).collect()
}

fn uvec(v: &J) -> Vec<u64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_u64().expect("count"))
        .collect()
}

fn exact_vec(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(
            g == w || (g.is_nan() && w.is_nan()),
            "{what}[{i}]: got {g}, NumPy gives {w}"
        );
    }
}

#[test]
fn every_fixture_matches_numpy() {
    let exp = expected();
    let mut checked = (0usize, 0usize, 0usize, 0usize, 0usize);
    for file in exp["files"].as_array().expect("files") {
        let rel = file["path"].as_str().expect("path");
        let path = fixtures().join("data").join(rel);
        let (summary, raw) = inspect_file(&path, &|_| {}).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let report = Report::build(&[summary], &Options::default());
        let json = serde_json::to_value(&report).expect("report serialises");
        let got_file = &json["files"][0];
        assert_eq!(got_file["format"], file["format"], "{rel}");
        let want_tensors = file["tensors"].as_array().expect("tensors");
        let got_tensors = got_file["tensors"].as_array().expect("tensors");
        assert_eq!(got_tensors.len(), want_tensors.len(), "{rel}: tensor count");
        for ((want, got), raw_t) in want_tensors.iter().zip(got_tensors).zip(&raw.tensors) {
            let what = format!("{rel}:{}", want["name"]);
            for key in [
                "name",
                "dtype",
                "shape",
                "strides",
                "c_contiguous",
                "f_contiguous",
                "nbytes",
                "size",
            ] {
                assert_eq!(got[key], want[key], "{what}: {key}");
            }
            let signals: Vec<&str> = got["signals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap())
                .collect();
            assert_eq!(signals, ndplay_inspect::report::SIGNAL_NAMES);
            checked.0 += 1;
            if want["numeric"] == J::Bool(false) {
                assert!(
                    got["mean"].is_null() && got["finite_min"].is_null(),
                    "{what}"
                );
                assert_eq!(got["nan_count"], 0);
                continue;
            }
            for key in [
                "nan_count",
                "posinf_count",
                "neginf_count",
                "finite_count",
                "zero_count",
            ] {
                assert_eq!(got[key], want[key], "{what}: {key}");
            }
            let tol = rtol(&want["dtype"]);
            for key in ["finite_min", "finite_max"] {
                if want[key].is_i64() || want[key].is_u64() {
                    assert_eq!(got[key], want[key], "{what}: {key} (exact integer)");
                } else if tol == STAT_RTOL {
                    assert_eq!(got[key].as_f64(), want[key].as_f64(), "{what}: {key}");
                } else {
                    close_tol(f(&got[key]), f(&want[key]), tol, &format!("{what}: {key}"));
                }
            }
            for key in ["mean", "std"] {
                assert_eq!(
                    got[key].is_null(),
                    want[key].is_null(),
                    "{what}: {key} null"
                );
                if !want[key].is_null() {
                    close_tol(f(&got[key]), f(&want[key]), tol, &format!("{what}: {key}"));
                }
            }
            let mut hist = vec![0u64; ndplay_inspect::stats::HIST_BINS];
            for b in got["histogram"].as_array().unwrap() {
                hist[b["bin"].as_u64().unwrap() as usize] = b["count"].as_u64().unwrap();
            }
            assert_eq!(
                hist,
                uvec(&want["histogram"]),
                "{what}: magnitude histogram"
            );
            checked.1 += 1;

            let array = to_array(raw_t).unwrap_or_else(|e| panic!("{what}: {e}"));
            for ax in want["axis_stats"].as_array().unwrap() {
                let axis = ax["axis"].as_i64().unwrap() as isize;
                let s = compute_axis_stats(&array, axis).unwrap();
                let w = format!("{what} axis {axis}");
                assert_eq!(
                    serde_json::to_value(&s.shape).unwrap(),
                    ax["shape"],
                    "{w}: shape"
                );
                assert_eq!(s.nan_count, uvec(&ax["nan_count"]), "{w}: nan_count");
                same_vec(&s.min, &fvec(&ax["min"]), tol, &format!("{w}: min"));
                same_vec(&s.max, &fvec(&ax["max"]), tol, &format!("{w}: max"));
                for (k, (g, want)) in s.mean.iter().zip(fvec(&ax["mean"])).enumerate() {
                    close_tol(*g, want, tol, &format!("{w}: mean[{k}]"));
                }
                for (k, (g, want)) in s.std.iter().zip(fvec(&ax["std"])).enumerate() {
                    close_tol(*g, want, tol, &format!("{w}: std[{k}]"));
                }
                checked.2 += 1;
            }
            for sl in want["slices"].as_array().unwrap() {
                let axes = sl["axes"].as_array().unwrap();
                let axes = (
                    axes[0].as_u64().unwrap() as usize,
                    axes[1].as_u64().unwrap() as usize,
                );
                let fixed: Vec<usize> = sl["fixed"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as usize)
                    .collect();
                let s = extract_slice(&array, axes, &fixed).unwrap();
                let w = format!("{what} slice {axes:?} {fixed:?}");
                assert_eq!(serde_json::to_value(s.shape()).unwrap(), sl["shape"], "{w}");
                same_vec(&values_f64(&s).unwrap(), &fvec(&sl["values"]), tol, &w);
                checked.3 += 1;
            }
            if let Some(hs) = want.get("channel_histograms") {
                for h in hs.as_array().unwrap() {
                    let b = h["b"].as_u64().unwrap() as usize;
                    let bins = h["bins"].as_u64().unwrap() as usize;
                    let got = channel_histograms(&array, b, bins).unwrap();
                    let want_ch = h["channels"].as_array().unwrap();
                    assert_eq!(got.len(), want_ch.len(), "{what}: channels");
                    for (g, w) in got.iter().zip(want_ch) {
                        let wname = format!("{what} b={b} bins={bins} channel {}", g.channel);
                        assert_eq!(g.counts, uvec(&w["counts"]), "{wname}: counts");
                        exact_vec(&g.edges, &fvec(&w["edges"]), &format!("{wname}: edges"));
                        checked.4 += 1;
                    }
                }
            }
        }
    }
    println!(
        "checked {} tensors ({} numeric), {} axis reductions, {} slices, {} channel histograms",
        checked.0, checked.1, checked.2, checked.3, checked.4
    );
    assert!(
        checked.0 >= 30 && checked.2 >= 40 && checked.3 >= 15 && checked.4 >= 20,
        "{checked:?}"
    );
}

#[test]
fn zero_copy_for_native_npy_and_copies_for_big_endian() {
    let data = fixtures().join("data");
    let (_, file) = inspect_file(&data.join("f32_c.npy"), &|_| {}).unwrap();
    let t = &file.tensors[0];
    assert!(t.data.is_mapped());
    let a = to_array(t).unwrap();
    assert_eq!(
        a.storage().address(),
        t.data.as_bytes().as_ptr() as usize,
        "a view of the mapping"
    );
    let (_, file) = inspect_file(&data.join("f64_be.npy"), &|_| {}).unwrap();
    let t = &file.tensors[0];
    let a = to_array(t).unwrap();
    assert_ne!(
        a.storage().address(),
        t.data.as_bytes().as_ptr() as usize,
        "a swapped copy"
    );
    assert_eq!(a.dtype(), ndplay_core::DType::Float64);
}
