//! faer's decompositions called with the thread split chosen per matrix, not faer's
//! process-wide setting.
//!
//! faer's convenience methods (`m.self_adjoint_eigen()`, `m.eigen()`,
//! `m.partial_piv_lu().inverse()`, `m.singular_values()`) all read one process-wide
//! [`faer::Par`]; these wrappers call the same faer routines with a split of their own. Splitting a 512×512
//! decomposition over threads costs more than it saves: on a 2-core Xeon (AVX-512)
//! `eigh` takes 16.9 ms on one thread against 21.5 ms on two, `inv` 6.9 against 8.0,
//! the singular values 26 against 61, `eig` 87 against 128; at 128×128 two threads are
//! 2–3× slower still. From 1024×1024 on, two threads win (`eigh` 110 against 128 ms,
//! `inv` 40 against 46). So [`par_for`] runs a decomposition of an `n×n` matrix on one
//! thread below [`PARALLEL_DIM`] and on the whole pool above; the split is faer's own
//! (it divides the work by the pool's size), so many cores are used where they pay.
//! The self-adjoint eigen-decomposition is split by parts: from [`EVD_PARALLEL_DIM`] its
//! divide-and-conquer and back-transformation use the pool while its tridiagonal
//! reduction stays on one thread (`eigh` of a random symmetric 512×512: 28.4 → 22.7 ms
//! in `bench/vs_numpy.py`, NumPy 23.1 ms).
//!
//! ```
//! use faer::Mat;
//! use ndplay_linalg::decomp;
//! let a = Mat::<f64>::from_fn(2, 2, |i, j| if i == j { 2.0 } else { 1.0 });
//! let w = decomp::self_adjoint_eigenvalues(a.as_ref()).unwrap();
//! assert!((w[0] - 1.0).abs() < 1e-12 && (w[1] - 3.0).abs() < 1e-12);
//! let inv = decomp::inverse(a.as_ref()).unwrap();
//! assert!((inv[(0, 0)] - 2.0 / 3.0).abs() < 1e-12);
//! ```

use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{self, ComputeEigenvectors, EvdError};
use faer::linalg::lu::partial_pivoting::{factor, inverse as lu_inverse};
use faer::linalg::svd::{self, ComputeSvdVectors, SvdError};
use faer::{Mat, MatMut, MatRef, Par};

use ndplay_core::element::C128;

use crate::linalg::Scalar;

/// Square matrices from this size on are decomposed on every thread of the pool; smaller
/// ones on the calling thread (measured crossover, see the module docs).
pub const PARALLEL_DIM: usize = 1024;

/// Self-adjoint eigen-decompositions from this size on run their divide-and-conquer and
/// back-transformation on the pool, while the tridiagonal reduction waits for
/// [`PARALLEL_DIM`] (at 256×256 one thread still won: 5.9 against 7.2 ms).
pub const EVD_PARALLEL_DIM: usize = 512;

/// The thread split for decomposing an `n×n` matrix.
pub fn par_for(n: usize) -> Par {
    if n >= PARALLEL_DIM {
        faer::get_global_parallelism()
    } else {
        Par::Seq
    }
}

/// The eigenvalues (ascending) and eigenvectors (columns) of the self-adjoint matrix
/// whose lower triangle is `m`'s.
///
/// # Errors
/// faer's [`EvdError`] when the iteration does not converge (NaN or inf entries).
pub fn self_adjoint_eigen<T: Scalar>(m: MatRef<'_, T>) -> Result<(Vec<f64>, Mat<T>), EvdError> {
    let n = m.nrows();
    let mut u = Mat::<T>::zeros(n, n);
    let w = self_adjoint_evd(m, Some(u.as_mut()))?;
    Ok((w, u))
}

/// The eigenvalues (ascending) of the self-adjoint matrix whose lower triangle is `m`'s.
///
/// # Errors
/// As [`self_adjoint_eigen`].
pub fn self_adjoint_eigenvalues<T: Scalar>(m: MatRef<'_, T>) -> Result<Vec<f64>, EvdError> {
    self_adjoint_evd(m, None)
}

fn self_adjoint_evd<T: Scalar>(
    m: MatRef<'_, T>,
    u: Option<MatMut<'_, T>>,
) -> Result<Vec<f64>, EvdError> {
    let n = m.nrows();
    // The tridiagonal reduction (matrix-vector products, bound by memory) splits badly
    // below PARALLEL_DIM, but from EVD_PARALLEL_DIM on the divide-and-conquer and the
    // back-transformation gain from the pool: 512x512 on a 2-core Xeon took 27.0 ms on
    // one thread and 24.2 ms with only those two parts on two (31-call medians).
    let mut params: evd::SelfAdjointEvdParams = faer::Auto::<T>::auto();
    let par = if n >= PARALLEL_DIM {
        par_for(n)
    } else if n >= EVD_PARALLEL_DIM {
        params.tridiag.par_threshold = usize::MAX;
        faer::get_global_parallelism()
    } else {
        Par::Seq
    };
    let compute = if u.is_some() {
        ComputeEigenvectors::Yes
    } else {
        ComputeEigenvectors::No
    };
    let mut s = Diag::<T>::zeros(n);
    let mut mem = MemBuffer::new(evd::self_adjoint_evd_scratch::<T>(
        n,
        compute,
        par,
        params.into(),
    ));
    evd::self_adjoint_evd(
        m,
        s.as_mut(),
        u,
        par,
        MemStack::new(&mut mem),
        params.into(),
    )?;
    Ok(s.column_vector().iter().map(|x| x.re()).collect())
}

/// The singular values of `m`, descending.
///
/// # Errors
/// faer's [`SvdError`] when the iteration does not converge.
pub fn singular_values<T: Scalar>(m: MatRef<'_, T>) -> Result<Vec<f64>, SvdError> {
    let (rows, cols) = (m.nrows(), m.ncols());
    let par = par_for(rows.max(cols));
    let mut s = Diag::<T>::zeros(rows.min(cols));
    let mut mem = MemBuffer::new(svd::svd_scratch::<T>(
        rows,
        cols,
        ComputeSvdVectors::No,
        ComputeSvdVectors::No,
        par,
        Default::default(),
    ));
    svd::svd(
        m,
        s.as_mut(),
        None,
        None,
        par,
        MemStack::new(&mut mem),
        Default::default(),
    )?;
    Ok(s.column_vector().iter().map(|x| x.re()).collect())
}

/// LU with partial pivoting of the square `m`, in a fresh column-major matrix:
/// `(LU, forward permutation, inverse permutation, number of row swaps)`.
fn lu<T: Scalar>(m: MatRef<'_, T>) -> (Mat<T>, Vec<usize>, Vec<usize>, usize) {
    let mut lu = m.to_owned();
    let n = lu.nrows();
    let par = par_for(n);
    let (mut fwd, mut inv) = (vec![0usize; n], vec![0usize; n]);
    let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, T>(
        n,
        n,
        par,
        Default::default(),
    ));
    let (info, _) = factor::lu_in_place(
        lu.as_mut(),
        &mut fwd,
        &mut inv,
        par,
        MemStack::new(&mut mem),
        Default::default(),
    );
    (lu, fwd, inv, info.transposition_count)
}

/// `(sign of the row permutation, U's diagonal)` of `m`'s LU factorisation: the
/// determinant is their product.
pub fn lu_diagonal<T: Scalar>(m: MatRef<'_, T>) -> (f64, Vec<T>) {
    // det(A) = det(Aᵀ), and a C-ordered A is a column-major Aᵀ: factoring Aᵀ makes the
    // copy a straight memcpy (a 512×512 det took 1.3× NumPy's time with faer's
    // `partial_piv_lu`, which also builds separate L and U matrices).
    let (lu, _, _, swaps) = lu(m.transpose());
    let sign = if swaps.is_multiple_of(2) { 1.0 } else { -1.0 };
    (sign, (0..lu.nrows()).map(|i| lu[(i, i)]).collect())
}

/// Matrices up to this size are factored by [`lu_diagonal_small`].
pub const SMALL_LU: usize = 32;

/// [`lu_diagonal`] in the order of operations of OpenBLAS's unblocked LU (`getf2`),
/// which NumPy's det and slogdet call for small matrices, so that their last digits
/// agree (`det([[1, 2], [3, 4]])` is -2.0000000000000004 in NumPy): column by column,
/// each entry less a fused multiply-add dot product of the factors found so far, the
/// first largest pivot, and the column below it scaled by the pivot's reciprocal.
/// Checked bit for bit against NumPy 2.4 (OpenBLAS) on random matrices: identical up
/// to 5×5; beyond, OpenBLAS's kernels block their sums and the last digit can differ.
pub fn lu_diagonal_small(m: MatRef<'_, f64>) -> (f64, Vec<f64>) {
    let n = m.nrows();
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| m[(i, j)]).collect())
        .collect();
    let mut sign = 1.0;
    let dot = |a: &[Vec<f64>], i: usize, j: usize, len: usize| {
        (0..len).fold(0.0f64, |s, k| a[i][k].mul_add(a[k][j], s))
    };
    for j in 0..n {
        for i in 1..j {
            a[i][j] -= dot(&a, i, j, i);
        }
        for i in j..n {
            a[i][j] -= dot(&a, i, j, j);
        }
        let mut p = j;
        for i in j + 1..n {
            if a[i][j].abs() > a[p][j].abs() {
                p = i;
            }
        }
        if p != j {
            a.swap(p, j);
            sign = -sign;
        }
        let pivot = a[j][j];
        if pivot != 0.0 {
            let r = 1.0 / pivot;
            for row in a.iter_mut().skip(j + 1) {
                if pivot.abs() >= f64::MIN_POSITIVE {
                    row[j] *= r;
                } else {
                    row[j] /= pivot;
                }
            }
        }
    }
    (sign, (0..n).map(|i| a[i][i]).collect())
}

/// `m`'s inverse, or `None` when an LU pivot is exactly zero (LAPACK's `getrf` rule for
/// "Singular matrix").
pub fn inverse<T: Scalar>(m: MatRef<'_, T>) -> Option<Mat<T>> {
    // inv(A) = inv(Aᵀ)ᵀ, and Aᵀ is the cheap copy of a C-ordered A (as in lu_diagonal).
    let (lu, fwd, inv, _) = lu(m.transpose());
    let n = lu.nrows();
    if (0..n).any(|i| lu[(i, i)].modulus() == 0.0) {
        return None;
    }
    let par = par_for(n);
    let perm = faer::perm::PermRef::new_checked(&fwd, &inv, n);
    let mut out = Mat::<T>::zeros(n, n);
    let mut mem = MemBuffer::new(lu_inverse::inverse_scratch::<usize, T>(n, par));
    // L is the unit lower triangle of `lu` and U its upper triangle: faer's inverse reads
    // only those parts of each argument.
    lu_inverse::inverse(
        out.as_mut(),
        lu.as_ref(),
        lu.as_ref(),
        perm,
        par,
        MemStack::new(&mut mem),
    );
    Some(out.transpose().to_owned())
}

/// A general (not necessarily self-adjoint) eigen-decomposition.
#[derive(Clone, Debug)]
pub struct Eigen {
    /// The eigenvalues, in faer's order.
    pub values: Vec<C128>,
    /// The right eigenvectors as columns, when asked for (faer's scaling).
    pub vectors: Option<Mat<C128>>,
}

fn evd_scratch_for<T: faer::traits::ComplexField>(n: usize, vectors: bool, par: Par) -> MemBuffer {
    let right = if vectors {
        ComputeEigenvectors::Yes
    } else {
        ComputeEigenvectors::No
    };
    MemBuffer::new(evd::evd_scratch::<T>(
        n,
        ComputeEigenvectors::No,
        right,
        par,
        Default::default(),
    ))
}

/// The eigen-decomposition of a real matrix. Complex eigenvalues come in conjugate pairs
/// `a ± bi`; faer (as LAPACK's `dgeev`) stores such a pair's eigenvectors as two real
/// columns `x, y`, and the pair's vectors are `x + iy` and `x − iy`.
///
/// # Errors
/// faer's [`EvdError`] when the iteration does not converge.
pub fn eigen_real(m: MatRef<'_, f64>, vectors: bool) -> Result<Eigen, EvdError> {
    let n = m.nrows();
    let par = par_for(n);
    let (mut re, mut im) = (Diag::<f64>::zeros(n), Diag::<f64>::zeros(n));
    let mut u = vectors.then(|| Mat::<f64>::zeros(n, n));
    let mut mem = evd_scratch_for::<f64>(n, vectors, par);
    evd::evd_real(
        m,
        re.as_mut(),
        im.as_mut(),
        None,
        u.as_mut().map(|u| u.as_mut()),
        par,
        MemStack::new(&mut mem),
        Default::default(),
    )?;
    let (re, im) = (re.column_vector(), im.column_vector());
    let values = (0..n).map(|j| C128::new(re[j], im[j])).collect();
    let vectors = u.map(|u| {
        let mut out = Mat::<C128>::zeros(n, n);
        let mut j = 0;
        while j < n {
            if im[j] == 0.0 || j + 1 == n {
                for i in 0..n {
                    out[(i, j)] = C128::new(u[(i, j)], 0.0);
                }
                j += 1;
            } else {
                for i in 0..n {
                    out[(i, j)] = C128::new(u[(i, j)], u[(i, j + 1)]);
                    out[(i, j + 1)] = C128::new(u[(i, j)], -u[(i, j + 1)]);
                }
                j += 2;
            }
        }
        out
    });
    Ok(Eigen { values, vectors })
}

/// The eigen-decomposition of a complex matrix.
///
/// # Errors
/// faer's [`EvdError`] when the iteration does not converge.
pub fn eigen_complex(m: MatRef<'_, C128>, vectors: bool) -> Result<Eigen, EvdError> {
    let n = m.nrows();
    let par = par_for(n);
    let mut s = Diag::<C128>::zeros(n);
    let mut u = vectors.then(|| Mat::<C128>::zeros(n, n));
    let mut mem = evd_scratch_for::<C128>(n, vectors, par);
    evd::evd_cplx(
        m,
        s.as_mut(),
        None,
        u.as_mut().map(|u| u.as_mut()),
        par,
        MemStack::new(&mut mem),
        Default::default(),
    )?;
    Ok(Eigen {
        values: s.column_vector().iter().copied().collect(),
        vectors: u,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `max |A v − λ v|` over the columns, for a real `a` and complex pairs.
    fn residual(a: &Mat<f64>, e: &Eigen) -> f64 {
        let u = e.vectors.as_ref().unwrap();
        let n = a.nrows();
        let mut worst = 0.0f64;
        for (j, &lambda) in e.values.iter().enumerate() {
            for i in 0..n {
                let av: C128 = (0..n).map(|p| u[(p, j)] * a[(i, p)]).sum();
                worst = worst.max((av - lambda * u[(i, j)]).norm());
            }
        }
        worst
    }

    #[test]
    fn real_eigenvectors_of_conjugate_pairs_satisfy_a_v_equals_lambda_v() {
        // A rotation block (eigenvalues 1 ± 2i), a real eigenvalue 3, and a 5×5 mix.
        let small = Mat::<f64>::from_fn(3, 3, |i, j| {
            [[1.0, -2.0, 0.0], [2.0, 1.0, 0.0], [0.0, 0.0, 3.0]][i][j]
        });
        let mixed = Mat::<f64>::from_fn(5, 5, |i, j| {
            (((i * 7 + j * 3) % 5) as f64 - 2.0) * if i < j { 1.5 } else { -0.7 }
        });
        for a in [small, mixed] {
            let e = eigen_real(a.as_ref(), true).unwrap();
            assert!(
                e.values.iter().any(|z| z.im != 0.0),
                "the test wants complex pairs"
            );
            assert!(residual(&a, &e) < 1e-12, "{:?}", e.values);
            let values_only = eigen_real(a.as_ref(), false).unwrap();
            assert_eq!(values_only.values, e.values);
            assert!(values_only.vectors.is_none());
        }
    }

    #[test]
    fn the_split_is_sequential_below_the_measured_crossover() {
        assert_eq!(par_for(PARALLEL_DIM - 1), Par::Seq);
        assert_eq!(par_for(PARALLEL_DIM), faer::get_global_parallelism());
    }
}
