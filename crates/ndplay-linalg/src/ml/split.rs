//! Seeded train/validation split by permutation, twins.
//!
//! `idx = np.random.default_rng(seed).permutation(N)`; the first
//! `n_val = ceil(val_fraction · N)` indices are the validation rows and the rest the
//! training rows (scikit-learn's rounding for its test split). The permutation is
//! NumPy's exact one, so the same seed selects the same rows as the Python lesson.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::ml::split::*;
//! let (train, val) = split_indices(10, 0.2, 0).unwrap();
//! assert_eq!(val.len(), 2);
//! assert_eq!(train.len(), 8);
//! let x = Array::arange_f64(0.0, 20.0, 1.0).reshape(&[10, 2]).unwrap();
//! let (xt, xv) = train_val_split(&x, 0.2, 0).unwrap();
//! assert_eq!((xt.shape(), xv.shape()), (&[8, 2][..], &[2, 2][..]));
//! assert_eq!(xv.to_vec::<f64>()[0], 2.0 * val[0] as f64);
//! ```

use ndplay_core::{Array, Error, IndexItem, Result};

/// Training and validation row indices for `n` rows: `(train, val)`.
///
/// # Errors
/// `val_fraction` outside `[0, 1]`.
pub fn split_indices(n: usize, val_fraction: f64, seed: u64) -> Result<(Vec<usize>, Vec<usize>)> {
    if !(0.0..=1.0).contains(&val_fraction) {
        return Err(Error::value(
            format!("val_fraction must be within [0, 1], got {val_fraction}"),
            "It is the share of rows held out for validation, e.g. 0.2.",
        ));
    }
    let mut rng = ndplay_random::default_rng(seed)
        .map_err(|e| Error::value(e.to_string(), "Use a non-negative integer seed."))?;
    let perm = rng
        .permutation(n)
        .map_err(|e| Error::value(e.to_string(), "Split fewer rows at once."))?;
    let n_val = ((val_fraction * n as f64).ceil() as usize).min(n);
    let idx: Vec<usize> = perm.into_iter().map(|i| i as usize).collect();
    Ok((idx[n_val..].to_vec(), idx[..n_val].to_vec()))
}

fn rows_of(x: &Array) -> Result<usize> {
    if x.ndim() == 0 {
        return Err(Error::value(
            "train_val_split: X is 0-D",
            "Rows are taken along axis 0; pass an array with at least one axis.",
        ));
    }
    Ok(x.shape()[0])
}

/// The split with loops: each selected row copied element by element into new arrays.
/// Shapes: `X (N, ...) -> (X_train (N − n_val, ...), X_val (n_val, ...))`, X's dtype.
///
/// # Errors
/// As [`split_indices`]; a 0-D `X`.
pub fn train_val_split_loop(x: &Array, val_fraction: f64, seed: u64) -> Result<(Array, Array)> {
    let n = rows_of(x)?;
    let (train, val) = split_indices(n, val_fraction, seed)?;
    let row: usize = x.shape()[1..].iter().product();
    let all = x.to_scalars();
    let gather = |idx: &[usize]| -> Result<Array> {
        let mut shape = x.shape().to_vec();
        shape[0] = idx.len();
        let out = Array::try_zeros(&shape, x.dtype())?;
        let flat = out.reshape(&[-1])?;
        for (r, &i) in idx.iter().enumerate() {
            for k in 0..row {
                flat.set(&[r * row + k], all[i * row + k].clone())?;
            }
        }
        Ok(out)
    };
    Ok((gather(&train)?, gather(&val)?))
}

/// The split NumPy-style: `X[idx[n_val:]]`, `X[idx[:n_val]]` by advanced indexing.
///
/// # Errors
/// As [`train_val_split_loop`].
pub fn train_val_split(x: &Array, val_fraction: f64, seed: u64) -> Result<(Array, Array)> {
    let n = rows_of(x)?;
    let (train, val) = split_indices(n, val_fraction, seed)?;
    let take = |idx: Vec<usize>| -> Result<Array> {
        let len = idx.len();
        let idx = Array::from_vec(
            idx.into_iter().map(|i| i as i64).collect::<Vec<_>>(),
            &[len],
        )?;
        x.index(&[IndexItem::Array(idx)])
    };
    Ok((take(train)?, take(val)?))
}
