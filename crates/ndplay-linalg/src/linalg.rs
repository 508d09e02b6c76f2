//! `numpy.linalg` over faer: [`norm`], [`det`], [`slogdet`], [`inv`], [`solve`], [`eig`],
//! [`eigvals`], [`eigh`], [`eigvalsh`], [`svd`], [`pinv`], [`matrix_rank`], [`cholesky`],
//! [`qr`].
//!
//! Every function accepts a stack of matrices `(..., M, N)` and applies to each, as NumPy
//! does. Dtypes follow `numpy.linalg`: bool and integers compute in float64, float32 and
//! complex64 results stay float32/complex64 (computed in double precision, then rounded),
//! float16 is refused ("array type float16 is unsupported in linalg"). float64 and
//! complex128 operands are read in place through faer views, strided and transposed
//! views included.
//!
//! Where NumPy's answer is not unique (eigenvector signs and phases, the signs of Q's
//! columns and R's rows), faer's may differ from LAPACK's; the defining properties
//! (`A v = λ v`, `Q R = A`, orthonormality) hold, and the unique parts (eigenvalues,
//! singular values, determinants, inverses, solutions) match.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::linalg;
//! let a = Array::from_vec(vec![4.0, 2.0, 2.0, 3.0], &[2, 2]).unwrap();
//! assert!((linalg::det(&a).unwrap().item().unwrap().as_f64() - 8.0).abs() < 1e-12);
//! let w = linalg::eigvalsh(&a).unwrap().to_vec::<f64>();
//! assert!((w[0] + w[1] - 7.0).abs() < 1e-12);
//! let singular = Array::from_vec(vec![1.0, 2.0, 2.0, 4.0], &[2, 2]).unwrap();
//! let err = linalg::inv(&singular).unwrap_err();
//! assert_eq!((err.py_type(), err.numpy_message().as_str()), ("LinAlgError", "Singular matrix"));
//! ```

use faer::linalg::solvers::Solve;
use faer::{Mat, MatRef, Side};
use ndplay_core::element::{C64, C128};
use ndplay_core::shape::{fmt_shape, normalize_axis};
use ndplay_core::{Array, Casting, DType, Error, Result};

use crate::decomp;
use crate::product::batch_offsets;
use crate::raw::{Field, typed, with_views};

/// The two types every decomposition runs in: `f64` for real input, `C128` for complex.
pub trait Scalar: Field + faer::traits::ComplexField<Real = f64> {
    /// As a complex number.
    fn to_c(self) -> C128;
    /// The real part.
    fn re(self) -> f64;
    /// `|x|`.
    fn modulus(self) -> f64;
    /// From a real number.
    fn from_re(x: f64) -> Self;
    /// Divided by a real number, part by part (`z / |z|` as NumPy computes it).
    fn div_re(self, r: f64) -> Self;
    /// The general eigen-decomposition of `m`: eigenvalues, and with `vectors` the right
    /// eigenvectors as columns (see [`decomp::eigen_real`], [`decomp::eigen_complex`]).
    ///
    /// # Errors
    /// faer's `EvdError` when the iteration does not converge.
    fn eigen(
        m: MatRef<'_, Self>,
        vectors: bool,
    ) -> std::result::Result<decomp::Eigen, faer::linalg::evd::EvdError>;
    /// `(sign of the row permutation, U's diagonal)` of `m`'s LU factorisation (see
    /// [`decomp::lu_diagonal`]).
    fn lu_diagonal(m: MatRef<'_, Self>) -> (f64, Vec<Self>) {
        decomp::lu_diagonal(m)
    }
}

impl Scalar for f64 {
    fn to_c(self) -> C128 {
        C128::new(self, 0.0)
    }
    fn re(self) -> f64 {
        self
    }
    fn modulus(self) -> f64 {
        self.abs()
    }
    fn from_re(x: f64) -> Self {
        x
    }
    fn div_re(self, r: f64) -> Self {
        self / r
    }
    fn eigen(
        m: MatRef<'_, f64>,
        vectors: bool,
    ) -> std::result::Result<decomp::Eigen, faer::linalg::evd::EvdError> {
        decomp::eigen_real(m, vectors)
    }
    fn lu_diagonal(m: MatRef<'_, f64>) -> (f64, Vec<f64>) {
        if m.nrows() <= decomp::SMALL_LU {
            decomp::lu_diagonal_small(m)
        } else {
            decomp::lu_diagonal(m)
        }
    }
}

impl Scalar for C128 {
    fn to_c(self) -> C128 {
        self
    }
    fn re(self) -> f64 {
        self.re
    }
    fn modulus(self) -> f64 {
        self.norm()
    }
    fn from_re(x: f64) -> Self {
        C128::new(x, 0.0)
    }
    fn div_re(self, r: f64) -> Self {
        C128::new(self.re / r, self.im / r)
    }
    fn eigen(
        m: MatRef<'_, C128>,
        vectors: bool,
    ) -> std::result::Result<decomp::Eigen, faer::linalg::evd::EvdError> {
        decomp::eigen_complex(m, vectors)
    }
}

/// How an input dtype is computed and returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Plan {
    complex: bool,
    /// The dtype of results of the input's kind (`float32` for `float32` input).
    out: DType,
}

impl Plan {
    fn real_out(self) -> DType {
        self.out.real_dtype()
    }
    fn complex_out(self) -> DType {
        if self.out == DType::Float32 || self.out == DType::Complex64 {
            DType::Complex64
        } else {
            DType::Complex128
        }
    }
    fn eps(self) -> f64 {
        if self.real_out() == DType::Float32 {
            f32::EPSILON as f64
        } else {
            f64::EPSILON
        }
    }
}

fn plan(a: &Array) -> Result<Plan> {
    match a.dtype() {
        DType::Float16 | DType::Str(_) | DType::Record(_) => Err(Error::type_error(
            format!("array type {} is unsupported in linalg", a.dtype()),
            "numpy.linalg computes in float32/float64 and complex64/complex128; convert with .astype(np.float32) or .astype(np.float64).",
        )),
        DType::Float32 => Ok(Plan {
            complex: false,
            out: DType::Float32,
        }),
        DType::Complex64 => Ok(Plan {
            complex: true,
            out: DType::Complex64,
        }),
        DType::Complex128 => Ok(Plan {
            complex: true,
            out: DType::Complex128,
        }),
        _ => Ok(Plan {
            complex: false,
            out: DType::Float64,
        }),
    }
}

/// `a` as a stack of matrices: `(batch shape, rows, cols)`.
fn stack(a: &Array) -> Result<(Vec<usize>, usize, usize)> {
    if a.ndim() < 2 {
        return Err(Error::linalg(
            format!(
                "{}-dimensional array given. Array must be at least two-dimensional",
                a.ndim()
            ),
            "numpy.linalg works on matrices (..., M, N); make a vector a matrix with a[None, :] or a[:, None].",
        ));
    }
    let nd = a.ndim();
    Ok((
        a.shape()[..nd - 2].to_vec(),
        a.shape()[nd - 2],
        a.shape()[nd - 1],
    ))
}

fn square(a: &Array) -> Result<(Vec<usize>, usize)> {
    let (batch, m, n) = stack(a)?;
    if m != n {
        return Err(Error::linalg(
            "Last 2 dimensions of the array must be square",
            format!(
                "This operation needs square matrices, but the last two axes of {} are {m} × {n}.",
                fmt_shape(a.shape())
            ),
        ));
    }
    Ok((batch, n))
}

/// Calls `f` with a faer view of every matrix of the stack `a` (as `T`), in C order of
/// the batch, collecting the results.
fn each_matrix<T: Scalar, R>(
    a: &Array,
    mut f: impl FnMut(MatRef<'_, T>) -> Result<R>,
) -> Result<Vec<R>> {
    let (batch, _, _) = stack(a)?;
    let a = typed::<T>(a)?;
    with_views::<T, _>(&[&a], |v| {
        let nd = v[0].shape.len();
        batch_offsets(&v[0].shape, &v[0].strides, &batch)
            .into_iter()
            .map(|off| f(v[0].mat(off, Some(nd - 2), Some(nd - 1))))
            .collect()
    })
}

/// Row-major elements of a faer matrix.
fn elements<T: Copy>(m: MatRef<'_, T>) -> Vec<T> {
    let mut out = Vec::with_capacity(m.nrows() * m.ncols());
    for i in 0..m.nrows() {
        for j in 0..m.ncols() {
            out.push(m[(i, j)]);
        }
    }
    out
}

/// Builds an array of `shape` from values in the compute type, cast to `dtype`.
fn build<T: Field>(values: Vec<T>, shape: &[usize], dtype: DType) -> Result<Array> {
    let a = Array::from_vec(values, shape)?;
    if a.dtype() == dtype {
        Ok(a)
    } else {
        a.astype(dtype, Casting::Unsafe)
    }
}

fn with_tail(batch: &[usize], tail: &[usize]) -> Vec<usize> {
    batch.iter().chain(tail).copied().collect()
}

/// Runs `$body` with `$T` the compute type of plan `$p`.
macro_rules! dispatch {
    ($p:expr, $T:ident => $body:expr) => {
        if $p.complex {
            type $T = C128;
            $body
        } else {
            type $T = f64;
            $body
        }
    };
}

fn singular() -> Error {
    Error::linalg(
        "Singular matrix",
        "The matrix has no inverse: its LU factorisation has an exact zero pivot, so some row is a combination of others. \
         Use pinv for a least-squares pseudo-inverse, or check the data for duplicated or all-zero rows and columns.",
    )
}

/// `np.linalg.det(a)`: `(..., M, M) -> (...)`, from an LU factorisation (as LAPACK's
/// `getrf`): the pivots' product times the permutation's sign.
///
/// # Errors
/// Fewer than 2 axes, non-square matrices, float16 or string dtypes.
pub fn det(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, _) = square(a)?;
    dispatch!(p, T => {
        // NumPy's det is sign · exp(log|det|), from slogdet's parts (so det of
        // [[1, 2], [3, 4]] is -2.0000000000000004, as NumPy prints it).
        let dets = each_matrix::<T, _>(a, |m| {
            let (sign, log) = sign_and_log::<T>(m);
            Ok(sign * T::from_re(log.exp()))
        })?;
        build(dets, &batch, p.out)
    })
}

/// slogdet of one matrix: LAPACK's rule, a zero pivot gives `(0, -inf)`.
fn sign_and_log<T: Scalar>(m: MatRef<'_, T>) -> (T, f64) {
    let (sign, diag) = T::lu_diagonal(m);
    if diag.iter().any(|d| d.modulus() == 0.0) {
        return (T::from_re(0.0), f64::NEG_INFINITY);
    }
    let mut s = T::from_re(sign);
    let mut log = 0.0;
    for d in diag {
        let r = d.modulus();
        s *= d.div_re(r);
        log += r.ln();
    }
    (s, log)
}

/// The result of [`slogdet`]: `det = sign · exp(logabsdet)`.
#[derive(Clone, Debug)]
pub struct Slogdet {
    /// ±1 (or a unit complex number), 0 for a singular matrix; shape `(...)`.
    pub sign: Array,
    /// `log|det|`, `-inf` for a singular matrix; real dtype, shape `(...)`.
    pub logabsdet: Array,
}

/// `np.linalg.slogdet(a)`: the sign and the log of the absolute determinant, which
/// neither overflows nor underflows for large matrices.
///
/// # Errors
/// As [`det`].
pub fn slogdet(a: &Array) -> Result<Slogdet> {
    let p = plan(a)?;
    let (batch, _) = square(a)?;
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |m| Ok(sign_and_log::<T>(m)))?;
        let (signs, logs): (Vec<T>, Vec<f64>) = parts.into_iter().unzip();
        Ok(Slogdet { sign: build(signs, &batch, p.out)?, logabsdet: build(logs, &batch, p.real_out())? })
    })
}

/// `np.linalg.inv(a)`: `(..., M, M) -> (..., M, M)`.
///
/// # Errors
/// As [`det`]; `LinAlgError: Singular matrix` when a pivot is exactly zero.
pub fn inv(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |m| {
            let inverse = decomp::inverse(m).ok_or_else(singular)?;
            Ok(elements(inverse.as_ref()))
        })?;
        build(parts.concat(), &with_tail(&batch, &[n, n]), p.out)
    })
}

/// `np.linalg.solve(a, b)`: `x` with `a @ x = b`. Shapes: `a (..., M, M)` with
/// `b (M,)` (one right-hand side, result `(..., M)`) or `b (..., M, K)` (result
/// `(..., M, K)`); batch axes broadcast.
///
/// # Errors
/// As [`inv`]; `b` whose length does not match `M` (NumPy's gufunc message).
pub fn solve(a: &Array, b: &Array) -> Result<Array> {
    let p = plan(a)?;
    let pb = plan(b)?;
    let p = Plan {
        complex: p.complex || pb.complex,
        out: DType::promote(p.out, pb.out),
    };
    let (batch_a, n) = square(a)?;
    let vector = b.ndim() == 1;
    let (sig, name) = if vector {
        ("(m,m),(m)->(m)", "solve1")
    } else {
        ("(m,m),(m,n)->(m,n)", "solve")
    };
    let bm = if vector {
        b.shape().first().copied().unwrap_or(0)
    } else if b.ndim() >= 2 {
        b.shape()[b.ndim() - 2]
    } else {
        0
    };
    if b.ndim() == 0 || bm != n {
        return Err(Error::value(
            format!(
                "{name}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature {sig} (size {bm} is different from {n})"
            ),
            format!(
                "a is {} so b needs {n} rows: shape ({n},) for one right-hand side or (..., {n}, K) for K of them.",
                fmt_shape(a.shape())
            ),
        ));
    }
    let b2 = if vector {
        b.reshape(&[n as isize, 1])?
    } else {
        b.clone()
    };
    let k = b2.shape()[b2.ndim() - 1];
    let batch_b = &b2.shape()[..b2.ndim() - 2];
    let batch = ndplay_core::shape::broadcast_shapes("solve", &[&batch_a, batch_b])?;
    let a_full = a.broadcast_to(&with_tail(&batch, &[n, n]))?;
    let b_full = b2.broadcast_to(&with_tail(&batch, &[n, k]))?;
    dispatch!(p, T => {
        let lus = each_matrix::<T, _>(&a_full, |m| {
            let lu = m.partial_piv_lu();
            if (0..n).any(|i| lu.U()[(i, i)].modulus() == 0.0) {
                return Err(singular());
            }
            Ok(lu)
        })?;
        let mut lus = lus.into_iter();
        let parts = each_matrix::<T, _>(&b_full, |rhs| {
            let lu = lus.next().ok_or_else(singular)?;
            Ok(elements(lu.solve(rhs).as_ref()))
        })?;
        let shape = if vector { with_tail(&batch, &[n]) } else { with_tail(&batch, &[n, k]) };
        build(parts.concat(), &shape, p.out)
    })
}

/// Eigenvalues and eigenvectors: `eigenvectors[..., :, i]` belongs to `eigenvalues[..., i]`.
#[derive(Clone, Debug)]
pub struct Eig {
    /// Shape `(..., M)`.
    pub eigenvalues: Array,
    /// Shape `(..., M, M)`, unit-norm columns.
    pub eigenvectors: Array,
}

fn evd_error(_: faer::linalg::evd::EvdError) -> Error {
    Error::linalg(
        "Eigenvalues did not converge",
        "The iteration did not converge; check the matrix for NaN or inf entries.",
    )
}

fn svd_error(_: faer::linalg::svd::SvdError) -> Error {
    Error::linalg(
        "SVD did not converge",
        "The iteration did not converge; check the matrix for NaN or inf entries.",
    )
}

/// Unit-norm columns, each rotated so its largest entry is real (LAPACK's `geev` rule).
fn normalize_columns(v: MatRef<'_, C128>) -> Vec<C128> {
    let (n, m) = (v.nrows(), v.ncols());
    let mut out = elements(v);
    for j in 0..m {
        let norm = (0..n)
            .map(|i| out[i * m + j].norm_sqr())
            .sum::<f64>()
            .sqrt();
        let big = (0..n)
            .max_by(|&x, &y| out[x * m + j].norm().total_cmp(&out[y * m + j].norm()))
            .unwrap_or(0);
        let pivot = out.get(big * m + j).copied().unwrap_or_default();
        let phase = if pivot.norm() == 0.0 || pivot.im == 0.0 {
            C128::new(1.0, 0.0)
        } else {
            pivot.conj() / pivot.norm()
        };
        let scale = if norm == 0.0 { 1.0 } else { 1.0 / norm };
        for i in 0..n {
            out[i * m + j] = out[i * m + j] * phase * scale;
        }
    }
    out
}

/// The general eigen-decomposition of every matrix, as complex values and vectors.
fn eig_complex(a: &Array, p: Plan, vectors: bool) -> Result<(Vec<C128>, Vec<C128>)> {
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |m| {
            if m.nrows() == 0 {
                return Ok((Vec::new(), Vec::new()));
            }
            let e = T::eigen(m, vectors).map_err(evd_error)?;
            let v = e.vectors.map_or_else(Vec::new, |u| normalize_columns(u.as_ref()));
            Ok((e.values, v))
        })?;
        let (w, v): (Vec<Vec<C128>>, Vec<Vec<C128>>) = parts.into_iter().unzip();
        Ok((w.concat(), v.concat()))
    })
}

/// Real arrays when the input is real and every eigenvalue is exactly real (NumPy's rule),
/// complex ones otherwise.
fn eig_arrays(
    w: Vec<C128>,
    v: Option<Vec<C128>>,
    p: Plan,
    batch: &[usize],
    n: usize,
) -> Result<(Array, Option<Array>)> {
    let real = !p.complex && w.iter().all(|z| z.im == 0.0);
    let (ws, vs) = (with_tail(batch, &[n]), with_tail(batch, &[n, n]));
    if real {
        let re = |x: Vec<C128>| x.into_iter().map(|z| z.re).collect::<Vec<f64>>();
        Ok((
            build(re(w), &ws, p.real_out())?,
            v.map(|v| build(re(v), &vs, p.real_out())).transpose()?,
        ))
    } else {
        Ok((
            build(w, &ws, p.complex_out())?,
            v.map(|v| build(v, &vs, p.complex_out())).transpose()?,
        ))
    }
}

/// `np.linalg.eig(a)`: `(..., M, M) -> eigenvalues (..., M), eigenvectors (..., M, M)`.
/// For real input the results are real when every eigenvalue is real, complex otherwise;
/// each eigenvector has unit norm. Their order and signs may differ from LAPACK's.
///
/// # Errors
/// As [`det`]; no convergence.
pub fn eig(a: &Array) -> Result<Eig> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    let (w, v) = eig_complex(a, p, true)?;
    let (eigenvalues, eigenvectors) = eig_arrays(w, Some(v), p, &batch, n)?;
    Ok(Eig {
        eigenvalues,
        eigenvectors: eigenvectors
            .ok_or_else(|| evd_error(faer::linalg::evd::EvdError::NoConvergence))?,
    })
}

/// `np.linalg.eigvals(a)`: the eigenvalues of [`eig`], `(..., M)`.
///
/// # Errors
/// As [`eig`].
pub fn eigvals(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    let (w, _) = eig_complex(a, p, false)?;
    Ok(eig_arrays(w, None, p, &batch, n)?.0)
}

/// `np.linalg.eigh(a)` (`UPLO='L'`): the eigen-decomposition of a symmetric (Hermitian)
/// matrix from its lower triangle. Eigenvalues real and ascending, `(..., M)`;
/// eigenvectors orthonormal columns, `(..., M, M)`, signs possibly unlike LAPACK's.
///
/// # Errors
/// As [`det`]; no convergence.
pub fn eigh(a: &Array) -> Result<Eig> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |m| {
            if n == 0 {
                return Ok((Vec::new(), Vec::new()));
            }
            let (w, u) = decomp::self_adjoint_eigen(m).map_err(evd_error)?;
            Ok((w, elements(u.as_ref())))
        })?;
        let (w, v): (Vec<Vec<f64>>, Vec<Vec<T>>) = parts.into_iter().unzip();
        Ok(Eig { eigenvalues: build(w.concat(), &with_tail(&batch, &[n]), p.real_out())?, eigenvectors: build(v.concat(), &with_tail(&batch, &[n, n]), p.out)? })
    })
}

/// `np.linalg.eigvalsh(a)`: the ascending eigenvalues of [`eigh`], `(..., M)`.
///
/// # Errors
/// As [`eigh`].
pub fn eigvalsh(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    dispatch!(p, T => {
        let w = each_matrix::<T, _>(a, |m| if n == 0 { Ok(Vec::new()) } else { decomp::self_adjoint_eigenvalues(m).map_err(evd_error) })?;
        build(w.concat(), &with_tail(&batch, &[n]), p.real_out())
    })
}

/// The result of [`svd`]: `a = u @ (s[..., None] * vh)` (reduced) or with `u`, `vh`
/// square (full).
#[derive(Clone, Debug)]
pub struct Svd {
    /// Left singular vectors: `(..., M, M)` full or `(..., M, K)` reduced, `K = min(M, N)`.
    pub u: Array,
    /// Singular values, descending, real dtype, `(..., K)`.
    pub s: Array,
    /// Right singular vectors, conjugate-transposed: `(..., N, N)` full or `(..., K, N)`.
    pub vh: Array,
}

/// `np.linalg.svd(a, full_matrices)`. Singular values match LAPACK; the vectors are
/// unique only up to a sign (phase) per pair, which may differ.
///
/// # Errors
/// Fewer than 2 axes, unsupported dtypes, no convergence.
pub fn svd(a: &Array, full_matrices: bool) -> Result<Svd> {
    let p = plan(a)?;
    let (batch, m, n) = stack(a)?;
    let k = m.min(n);
    let (ur, vr) = if full_matrices { (m, n) } else { (k, k) };
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |x| {
            if k == 0 {
                let eye = |d: usize| elements(Mat::<T>::identity(d, d).as_ref());
                return Ok(if full_matrices { (eye(m), Vec::new(), eye(n)) } else { (Vec::new(), Vec::new(), Vec::new()) });
            }
            let d = if full_matrices { x.svd() } else { x.thin_svd() }.map_err(svd_error)?;
            let s: Vec<f64> = (0..k).map(|i| d.S().column_vector()[i].re()).collect();
            Ok((elements(d.U()), s, elements(d.V().adjoint().to_owned().as_ref())))
        })?;
        let (mut us, mut ss, mut vs) = (Vec::new(), Vec::new(), Vec::new());
        for (u, s, v) in parts {
            us.extend(u);
            ss.extend(s);
            vs.extend(v);
        }
        Ok(Svd {
            u: build(us, &with_tail(&batch, &[m, ur]), p.out)?,
            s: build(ss, &with_tail(&batch, &[k]), p.real_out())?,
            vh: build(vs, &with_tail(&batch, &[vr, n]), p.out)?,
        })
    })
}

/// Singular values of every matrix, descending (`svd(a, compute_uv=False)`).
///
/// For an exactly Hermitian (real: symmetric) matrix they are the moduli of its
/// eigenvalues, which the self-adjoint solver finds in about half the time of an SVD
/// (tridiagonal instead of bidiagonal reduction) and as accurately; `norm(a, 2)` of a
/// symmetric 512×512 matrix takes ~40% of the time it took. The check is O(n²) and stops
/// at the first asymmetric pair.
fn singular_values(a: &Array, p: Plan) -> Result<Vec<Vec<f64>>> {
    dispatch!(p, T => each_matrix::<T, _>(a, |m| {
        if m.nrows() == 0 || m.ncols() == 0 {
            Ok(Vec::new())
        } else if is_hermitian(m) {
            let mut s: Vec<f64> = decomp::self_adjoint_eigenvalues(m)
                .map_err(evd_error)?
                .into_iter()
                .map(f64::abs)
                .collect();
            s.sort_by(|x, y| y.total_cmp(x));
            Ok(s)
        } else {
            decomp::singular_values(m).map_err(svd_error)
        }
    }))
}

/// Whether `m` is square and equal to its conjugate transpose, exactly (NaN never is).
fn is_hermitian<T: Scalar>(m: MatRef<'_, T>) -> bool {
    let n = m.nrows();
    n == m.ncols() && (0..n).all(|j| (0..=j).all(|i| m[(i, j)].to_c() == m[(j, i)].to_c().conj()))
}

/// `np.linalg.svd(a, compute_uv=False)`: singular values, descending, `(..., K)`.
///
/// # Errors
/// As [`svd`].
pub fn svdvals(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, m, n) = stack(a)?;
    build(
        singular_values(a, p)?.concat(),
        &with_tail(&batch, &[m.min(n)]),
        p.real_out(),
    )
}

/// `np.linalg.pinv(a)` with NumPy's default `rcond=1e-15`: `V diag(1/s) U^H`, singular
/// values at or below `rcond · max(s)` treated as zero. `(..., M, N) -> (..., N, M)`.
///
/// # Errors
/// As [`svd`].
pub fn pinv(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, m, n) = stack(a)?;
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |x| {
            let mut out = Mat::<T>::zeros(n, m);
            if m == 0 || n == 0 {
                return Ok(elements(out.as_ref()));
            }
            let d = x.thin_svd().map_err(svd_error)?;
            let s: Vec<f64> = (0..m.min(n)).map(|i| d.S().column_vector()[i].re()).collect();
            let cutoff = 1e-15 * s.iter().copied().fold(0.0, f64::max);
            let (u, v) = (d.U(), d.V());
            for (l, &sl) in s.iter().enumerate() {
                if sl > cutoff {
                    let inv = T::from_re(1.0 / sl);
                    for i in 0..n {
                        let vi = v[(i, l)] * inv;
                        for j in 0..m {
                            out[(i, j)] += vi * faer::traits::ComplexField::conj_impl(&u[(j, l)]);
                        }
                    }
                }
            }
            Ok(elements(out.as_ref()))
        })?;
        build(parts.concat(), &with_tail(&batch, &[n, m]), p.out)
    })
}

/// `np.linalg.matrix_rank(a)`: the number of singular values above
/// `max(s) · max(M, N) · ε` (ε of the input's precision). 0-D and 1-D input: 1 unless all
/// zero. Result int64, shape `(...)`.
///
/// # Errors
/// Unsupported dtypes, no convergence.
pub fn matrix_rank(a: &Array) -> Result<Array> {
    if a.ndim() < 2 {
        let nonzero = a.ne_scalar(0)?.any(None, false)?.item()?.is_truthy();
        return Array::from_vec(vec![nonzero as i64], &[]);
    }
    let p = plan(a)?;
    let (batch, m, n) = stack(a)?;
    let ranks = singular_values(a, p)?
        .into_iter()
        .map(|s| {
            let tol = s.iter().copied().fold(0.0, f64::max) * m.max(n) as f64 * p.eps();
            s.iter().filter(|&&x| x > tol).count() as i64
        })
        .collect();
    Array::from_vec(ranks, &batch)
}

/// `np.linalg.cholesky(a)`: lower-triangular `L` with `L @ L^H = a`, from `a`'s lower
/// triangle. `(..., M, M) -> (..., M, M)`.
///
/// # Errors
/// As [`det`]; `LinAlgError: Matrix is not positive definite`.
pub fn cholesky(a: &Array) -> Result<Array> {
    let p = plan(a)?;
    let (batch, n) = square(a)?;
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |m| {
            let llt = m.llt(Side::Lower).map_err(|_| Error::linalg(
                "Matrix is not positive definite",
                "Cholesky needs a symmetric (Hermitian) positive-definite matrix: every eigenvalue > 0. \
                 Covariance matrices of collinear features are only semi-definite; add a small multiple of the identity.",
            ))?;
            let l = llt.L();
            let mut out = elements(l);
            for i in 0..n {
                for j in i + 1..n {
                    out[i * n + j] = T::from_re(0.0);
                }
            }
            Ok(out)
        })?;
        build(parts.concat(), &with_tail(&batch, &[n, n]), p.out)
    })
}

/// The result of [`qr`] in NumPy's default `'reduced'` mode.
#[derive(Clone, Debug)]
pub struct Qr {
    /// Orthonormal columns, `(..., M, K)`, `K = min(M, N)`.
    pub q: Array,
    /// Upper triangular, `(..., K, N)`.
    pub r: Array,
}

/// `np.linalg.qr(a)` (`mode='reduced'`): `a = q @ r`. Householder QR; the signs of `q`'s
/// columns and `r`'s rows may differ from LAPACK's.
///
/// # Errors
/// Fewer than 2 axes, unsupported dtypes.
pub fn qr(a: &Array) -> Result<Qr> {
    let p = plan(a)?;
    let (batch, m, n) = stack(a)?;
    let k = m.min(n);
    dispatch!(p, T => {
        let parts = each_matrix::<T, _>(a, |x| {
            if k == 0 {
                return Ok((vec![T::from_re(0.0); m * k], vec![T::from_re(0.0); k * n]));
            }
            let d = x.qr();
            let r = d.thin_R();
            let mut rv = elements(r);
            for i in 0..k {
                for j in 0..i.min(n) {
                    rv[i * n + j] = T::from_re(0.0);
                }
            }
            Ok((elements(d.compute_thin_Q().as_ref()), rv))
        })?;
        let (q, r): (Vec<Vec<T>>, Vec<Vec<T>>) = parts.into_iter().unzip();
        Ok(Qr { q: build(q.concat(), &with_tail(&batch, &[m, k]), p.out)?, r: build(r.concat(), &with_tail(&batch, &[k, n]), p.out)? })
    })
}

/// The `ord` argument of [`norm`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NormOrd {
    /// A number: `1`, `2`, `f64::INFINITY`, `f64::NEG_INFINITY`, `0`, `-1`, `-2`, or any
    /// `p` for vectors.
    P(f64),
    /// `'fro'`: the Frobenius norm (matrices).
    Fro,
    /// `'nuc'`: the nuclear norm, the sum of singular values (matrices).
    Nuc,
}

impl std::fmt::Display for NormOrd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NormOrd::P(p) => write!(f, "{p}"),
            NormOrd::Fro => f.write_str("fro"),
            NormOrd::Nuc => f.write_str("nuc"),
        }
    }
}

/// `|x|²` element-wise, in `x`'s real dtype (`(x.conj() * x).real`).
fn abs2(x: &Array) -> Result<Array> {
    match x.dtype() {
        DType::Complex64 => Array::from_vec(
            x.to_vec::<C64>()
                .into_iter()
                .map(|z| z.norm_sqr())
                .collect::<Vec<f32>>(),
            x.shape(),
        ),
        DType::Complex128 => Array::from_vec(
            x.to_vec::<C128>()
                .into_iter()
                .map(|z| z.norm_sqr())
                .collect::<Vec<f64>>(),
            x.shape(),
        ),
        _ => x.mul(x),
    }
}

/// `np.linalg.norm(x, ord, axis, keepdims)`.
///
/// - `axis=None`, `ord=None`: the 2-norm of the flattened array (0-D result).
/// - one axis (or a 1-D `x`): vector norms `ord` ∈ {2 (default), 1, ∞, −∞, 0 (count of
///   non-zeros), any p}.
/// - two axes (or a 2-D `x`): matrix norms `ord` ∈ {`'fro'` (default), `'nuc'`, 1 (max
///   column sum), −1, 2 (largest singular value), −2, ∞ (max row sum), −∞}.
///
/// Integer input computes in float64; float32 stays float32; complex gives its real type.
///
/// # Errors
/// NumPy's: "Invalid norm order 'fro' for vectors", "Invalid norm order for matrices.",
/// "Improper number of dimensions to norm.", "Duplicate axes given.", axes out of range.
pub fn norm(
    x: &Array,
    ord: Option<NormOrd>,
    axis: Option<&[isize]>,
    keepdims: bool,
) -> Result<Array> {
    crate::product::check_numeric("norm", &[x])?;
    let x = if x.dtype().is_inexact() {
        x.clone()
    } else {
        x.astype(DType::Float64, Casting::Unsafe)?
    };
    let nd = x.ndim();
    if axis.is_none() {
        let flat = match ord {
            None => true,
            Some(NormOrd::Fro) => nd == 2,
            Some(NormOrd::P(p)) => p == 2.0 && nd == 1,
            _ => false,
        };
        if flat {
            let r = abs2(&x)?.sum(None, false)?.sqrt()?;
            return if keepdims {
                r.reshape(&vec![1; nd])
            } else {
                Ok(r)
            };
        }
    }
    let axes: Vec<usize> = match axis {
        Some(ax) => ax
            .iter()
            .map(|&a| normalize_axis("norm", a, nd))
            .collect::<Result<_>>()?,
        None if nd <= 2 => (0..nd).collect(),
        None => return Err(improper()),
    };
    match axes.as_slice() {
        [a] => vector_norm(&x, ord, *a, keepdims),
        [r, c] if r == c => Err(Error::value(
            "Duplicate axes given.",
            "A matrix norm needs two different axes: rows and columns.",
        )),
        [r, c] => matrix_norm(&x, ord, *r, *c, keepdims),
        _ => Err(improper()),
    }
}

fn improper() -> Error {
    Error::value(
        "Improper number of dimensions to norm.",
        "Give axis as one axis (vector norms) or two axes (matrix norms).",
    )
}

fn vector_norm(x: &Array, ord: Option<NormOrd>, axis: usize, keepdims: bool) -> Result<Array> {
    let ax = [axis as isize];
    let ax = Some(&ax[..]);
    match ord {
        None => abs2(x)?.sum(ax, keepdims)?.sqrt(),
        Some(NormOrd::P(p)) if p == f64::INFINITY => x.abs()?.max(ax, keepdims),
        Some(NormOrd::P(p)) if p == f64::NEG_INFINITY => x.abs()?.min(ax, keepdims),
        Some(NormOrd::P(0.0)) => x
            .ne_scalar(0)?
            .astype(x.dtype().real_dtype(), Casting::Unsafe)?
            .sum(ax, keepdims),
        Some(NormOrd::P(1.0)) => x.abs()?.sum(ax, keepdims),
        Some(NormOrd::P(2.0)) => abs2(x)?.sum(ax, keepdims)?.sqrt(),
        Some(NormOrd::P(p)) => x
            .abs()?
            .pow_scalar(p)?
            .sum(ax, keepdims)?
            .pow_scalar(1.0 / p),
        Some(o) => Err(Error::value(
            format!("Invalid norm order '{o}' for vectors"),
            "'fro' and 'nuc' are matrix norms; pass two axes, or use ord=2.",
        )),
    }
}

fn matrix_norm(
    x: &Array,
    ord: Option<NormOrd>,
    row: usize,
    col: usize,
    keepdims: bool,
) -> Result<Array> {
    let sum_then = |sum_axis: usize, other: usize, take_max: bool| -> Result<Array> {
        let other = if other > sum_axis { other - 1 } else { other };
        let s = x.abs()?.sum(Some(&[sum_axis as isize]), false)?;
        if take_max {
            s.max(Some(&[other as isize]), false)
        } else {
            s.min(Some(&[other as isize]), false)
        }
    };
    let r = match ord {
        None | Some(NormOrd::Fro) => abs2(x)?
            .sum(Some(&[row as isize, col as isize]), false)?
            .sqrt()?,
        Some(NormOrd::P(1.0)) => sum_then(row, col, true)?,
        Some(NormOrd::P(-1.0)) => sum_then(row, col, false)?,
        Some(NormOrd::P(p)) if p == f64::INFINITY => sum_then(col, row, true)?,
        Some(NormOrd::P(p)) if p == f64::NEG_INFINITY => sum_then(col, row, false)?,
        Some(o @ (NormOrd::Nuc | NormOrd::P(_))) => {
            let pick = match o {
                NormOrd::P(2.0) => |s: &[f64]| s.first().copied().unwrap_or(0.0),
                NormOrd::P(-2.0) => |s: &[f64]| s.last().copied().unwrap_or(0.0),
                NormOrd::Nuc => |s: &[f64]| s.iter().sum(),
                _ => {
                    return Err(Error::value(
                        "Invalid norm order for matrices.",
                        "Matrix norms take 'fro', 'nuc', 1, -1, 2, -2, inf or -inf.",
                    ));
                }
            };
            let rest: Vec<isize> = (0..x.ndim())
                .filter(|&a| a != row && a != col)
                .map(|a| a as isize)
                .collect();
            let perm: Vec<isize> = rest
                .iter()
                .copied()
                .chain([row as isize, col as isize])
                .collect();
            let moved = x.permute(&perm)?;
            let p = plan(&moved)?;
            let vals: Vec<f64> = singular_values(&moved, p)?
                .iter()
                .map(|s| pick(s))
                .collect();
            let shape: Vec<usize> = rest.iter().map(|&a| x.shape()[a as usize]).collect();
            build(vals, &shape, p.real_out())?
        }
    };
    if keepdims {
        let mut shape: Vec<isize> = x.shape().iter().map(|&d| d as isize).collect();
        shape[row] = 1;
        shape[col] = 1;
        r.reshape(&shape)
    } else {
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndplay_core::{IndexItem, SliceArg};

    /// The rows in reverse order (a copy, so that it is a plain non-symmetric matrix).
    fn rows_reversed(a: &Array) -> Array {
        a.index(&[IndexItem::Slice(SliceArg::new(None, None, -1))])
            .unwrap()
            .copy(ndplay_core::Order::C)
            .unwrap()
    }

    /// Symmetric input takes the eigenvalue path; a row permutation of it (same singular
    /// values, not symmetric) takes the SVD path. Both must agree, with negative
    /// eigenvalues, and for a complex Hermitian matrix.
    #[test]
    fn hermitian_singular_values_match_the_svd() {
        let n = 37;
        let v: Vec<f64> = (0..n * n)
            .map(|k| (((k * 7919) % 211) as f64 - 105.0) / 17.0)
            .collect();
        let s = Array::from_vec(v, &[n, n]).unwrap();
        let sym = s.add(&s.t()).unwrap();
        let flipped = rows_reversed(&sym);
        let want = svdvals(&flipped).unwrap().to_vec::<f64>();
        let got = svdvals(&sym).unwrap().to_vec::<f64>();
        for (g, w) in got.iter().zip(&want) {
            assert!((g - w).abs() <= 1e-12 * want[0], "{g} vs {w}");
        }
        let two = norm(&sym, Some(NormOrd::P(2.0)), None, false).unwrap();
        assert!((two.to_vec::<f64>()[0] - want[0]).abs() <= 1e-12 * want[0]);

        let h = Array::from_vec(
            vec![
                C128::new(2.0, 0.0),
                C128::new(1.0, -3.0),
                C128::new(1.0, 3.0),
                C128::new(-5.0, 0.0),
            ],
            &[2, 2],
        )
        .unwrap();
        let hv = svdvals(&h).unwrap().to_vec::<f64>();
        let swapped = svdvals(&rows_reversed(&h)).unwrap().to_vec::<f64>();
        for (g, w) in hv.iter().zip(&swapped) {
            assert!((g - w).abs() <= 1e-12 * swapped[0], "{g} vs {w}");
        }
    }
}
