//! The one test helper every twin and product test shares: seeded random arrays, the
//! sizes around SIMD block edges, the same values under different memory layouts
//! (transposed, negative strides, strided, empty), and a named tolerance per dtype.
#![allow(dead_code)]

use ndplay_core::{Array, DType, IndexItem, Order, SliceArg};

/// Lengths that straddle SIMD and blocking edges, plus the degenerate ones.
pub const EDGE_SIZES: [usize; 11] = [0, 1, 2, 15, 16, 17, 31, 33, 127, 128, 129];

/// A relative and absolute tolerance: `|a − e| ≤ atol + rtol·|e|`.
#[derive(Clone, Copy, Debug)]
pub struct Tol {
    /// Relative part.
    pub rtol: f64,
    /// Absolute part.
    pub atol: f64,
}

/// float64 kernels that sum in a different order than the loop.
pub const TOL_F64: Tol = Tol {
    rtol: 1e-12,
    atol: 1e-12,
};
/// float32 kernels compared with a float64 loop.
pub const TOL_F32: Tol = Tol {
    rtol: 2e-5,
    atol: 2e-5,
};
/// float16 results.
pub const TOL_F16: Tol = Tol {
    rtol: 2e-2,
    atol: 2e-2,
};
/// Integer arithmetic is exact.
pub const TOL_EXACT: Tol = Tol {
    rtol: 0.0,
    atol: 0.0,
};

/// The tolerance for results computed in `dtype`.
pub fn tol_for(dtype: DType) -> Tol {
    match dtype {
        DType::Float64 | DType::Complex128 => TOL_F64,
        DType::Float32 | DType::Complex64 => TOL_F32,
        DType::Float16 => TOL_F16,
        _ => TOL_EXACT,
    }
}

impl Tol {
    /// The same tolerance with the absolute part scaled (for sums of `k` terms, say).
    pub fn scaled(self, by: f64) -> Tol {
        Tol {
            rtol: self.rtol * by,
            atol: self.atol * by,
        }
    }
}

/// Seeded standard-normal float64 values of `shape`, cast to `dtype`. Integer dtypes get
/// small integers so products stay exact.
pub fn random(seed: u64, shape: &[usize], dtype: DType) -> Array {
    let n: usize = shape.iter().product();
    let mut rng = ndplay_random::default_rng(seed).expect("valid seed");
    let v = rng.standard_normal(&[n]).expect("size fits");
    let v: Vec<f64> = if dtype.is_integer() {
        v.iter().map(|x| (x * 3.0).round()).collect()
    } else {
        v
    };
    Array::from_vec(v, shape)
        .unwrap()
        .astype(dtype, ndplay_core::Casting::Unsafe)
        .unwrap()
}

/// Seeded random shape of `ndim` axes with lengths drawn from [`EDGE_SIZES`] (capped).
pub fn random_shape(seed: u64, ndim: usize, cap: usize) -> Vec<usize> {
    let mut rng = ndplay_random::default_rng(seed).expect("valid seed");
    (0..ndim)
        .map(|_| {
            let i = rng.integers_i64(0, EDGE_SIZES.len() as i64, &[1]).unwrap()[0] as usize;
            EDGE_SIZES[i].min(cap)
        })
        .collect()
}

fn flip_all(ndim: usize) -> Vec<IndexItem> {
    (0..ndim)
        .map(|_| IndexItem::Slice(SliceArg::new(None, None, -1)))
        .collect()
}

/// The values of `a` seen through a view with negative strides on every axis.
pub fn reversed_view(a: &Array) -> Array {
    let items = flip_all(a.ndim());
    let flipped = a.index(&items).unwrap().copy(Order::C).unwrap();
    flipped.index(&items).unwrap()
}

/// The values of `a` seen through every other element of a larger buffer.
pub fn strided_view(a: &Array) -> Array {
    let big: Vec<usize> = a.shape().iter().map(|d| 2 * d + 1).collect();
    let buf = Array::zeros(&big, a.dtype());
    let items: Vec<IndexItem> = a
        .shape()
        .iter()
        .map(|&d| IndexItem::Slice(SliceArg::new(Some(1), Some(1 + 2 * d as isize), 2)))
        .collect();
    let v = buf.index(&items).unwrap();
    v.assign(a).unwrap();
    v
}

/// The same logical values in four memory layouts: C order, F order (the transpose of a
/// C array), negative strides, and a strided view.
pub fn layouts(a: &Array) -> Vec<(&'static str, Array)> {
    vec![
        ("C", a.clone()),
        ("F/transposed", a.copy(Order::F).unwrap()),
        ("negative strides", reversed_view(a)),
        ("strided", strided_view(a)),
    ]
}

/// Asserts element-wise closeness of two arrays' values (as f64), with shapes equal.
pub fn assert_close(what: &str, actual: &Array, expected: &Array, tol: Tol) {
    assert_eq!(actual.shape(), expected.shape(), "{what}: shapes differ");
    assert_close_vec(
        what,
        &actual.to_vec::<f64>(),
        &expected.to_vec::<f64>(),
        tol,
    );
}

/// Asserts element-wise closeness of two slices.
pub fn assert_close_vec(what: &str, actual: &[f64], expected: &[f64], tol: Tol) {
    assert_eq!(actual.len(), expected.len(), "{what}: lengths differ");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        let ok =
            (a.is_nan() && e.is_nan()) || a == e || (a - e).abs() <= tol.atol + tol.rtol * e.abs();
        assert!(
            ok,
            "{what}: element {i}: got {a}, expected {e} (tol {tol:?})"
        );
    }
}

/// Asserts closeness of two scalars.
pub fn assert_close_f64(what: &str, actual: f64, expected: f64, tol: Tol) {
    assert_close_vec(what, &[actual], &[expected], tol);
}
