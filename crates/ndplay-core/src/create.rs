//! Array creation: `array` from nested data, `zeros`, `ones`, `full`, `empty`, `*_like`,
//! `eye`, `identity`, `arange`, `linspace`.
//!
//! ```
//! use ndplay_core::{Array, DType, Nested};
//! let a = Array::arange(0.0, 1.0, 0.25, None).unwrap();
//! assert_eq!(a.dtype(), DType::Float64);
//! assert_eq!(a.size(), 4);
//! let n = Nested::List(vec![Nested::Int(1), Nested::Float(2.5)]);
//! let b = Array::from_nested(&n, None).unwrap();
//! assert_eq!((b.dtype(), b.shape()), (DType::Float64, &[2][..]));
//! assert_eq!(Array::eye(2, None, 0, DType::Int64)?.to_vec::<i64>(), vec![1, 0, 0, 1]);
//! assert_eq!(Array::eye(1 << 20, None, 0, DType::Float64).unwrap_err().py_type(), "MemoryError");
//! # Ok::<(), ndplay_core::Error>(())
//! ```

use crate::array::{Array, Order, copy_into};
use crate::dtype::{Casting, DType};
use crate::error::{Error, Result};
use crate::scalar::{PyScalar, Scalar};
use crate::shape::fmt_shape;

/// Nested Python-like data for `np.array(...)`.
#[derive(Clone, Debug)]
pub enum Nested {
    /// `True`/`False`.
    Bool(bool),
    /// An int.
    Int(i64),
    /// An int above int64's range that fits in uint64.
    UInt(u64),
    /// A float.
    Float(f64),
    /// A complex number.
    Complex(f64, f64),
    /// A string.
    Str(String),
    /// A typed scalar (from an existing array).
    Scalar(Scalar),
    /// An existing array nested inside a list.
    Array(Array),
    /// A list or tuple.
    List(Vec<Nested>),
}

impl Array {
    /// `np.array(data, dtype=None)`: infers the shape (refusing ragged data) and the dtype
    /// (bool < int64 < float64 < complex128, a Python int above int64's range counting as
    /// uint64; any string makes `<U`).
    pub fn from_nested(data: &Nested, dtype: Option<DType>) -> Result<Array> {
        let mut shape = Vec::new();
        infer_shape(data, 0, &mut shape)?;
        let mut leaves = Vec::new();
        flatten(data, &mut leaves);
        let size: usize = shape.iter().product();
        if leaves.len() != size {
            return Err(ragged(&shape));
        }
        // Each Python int counts as int64, or uint64 above int64's range, so that
        // `[2**63]` is uint64 but `[1, 2**63]` float64, as in NumPy.
        let inferred = leaves.iter().fold(None::<DType>, |acc, s| {
            let d = match s {
                Leaf::Py(p) => p.default_dtype(),
                Leaf::Typed(s) => s.dtype(),
            };
            Some(match acc {
                None => d,
                Some(a) => match (a, d) {
                    (DType::Str(n), DType::Str(m)) => DType::Str(n.max(m)),
                    (DType::Str(n), o) | (o, DType::Str(n)) => DType::Str(n.max(leaf_str_width(o))),
                    (a, d) => DType::promote(a, d),
                },
            })
        });
        let target = dtype.or(inferred).unwrap_or(DType::Float64);
        if target.is_record() {
            // The Python layer fills records field by field; nested values are not records.
            return Err(Error::records_not_implemented(
                "building records from nested values",
                target,
            ));
        }
        let target = if let DType::Str(0) = target {
            DType::Str(
                leaves
                    .iter()
                    .map(|l| l.to_scalar().to_str().chars().count())
                    .max()
                    .unwrap_or(1)
                    .max(1),
            )
        } else {
            target
        };
        let out = Array::try_zeros(&shape, target)?;
        let offs = out.element_offsets();
        {
            let item = target.itemsize();
            let mut bytes = out.storage().write()?;
            for (o, leaf) in offs.iter().zip(&leaves) {
                if let Leaf::Py(p) = leaf {
                    p.check_fits(target)?;
                }
                let s = leaf.to_scalar();
                if target.is_numeric()
                    && let Scalar::Str(text) = &s
                    && text.trim().parse::<f64>().is_err()
                {
                    return Err(Error::value(
                        format!("could not convert string to float: '{text}'"),
                        format!("'{text}' is not a number, so it cannot be stored as {target}."),
                    ));
                }
                crate::array::write_scalar(&mut bytes[*o..*o + item], target, &s);
            }
        }
        Ok(out)
    }

    /// `np.full(shape, value, dtype=None)`: the dtype defaults to the value's.
    pub fn full(shape: &[usize], value: PyScalar, dtype: Option<DType>) -> Result<Array> {
        let dt = dtype.unwrap_or(value.default_dtype());
        value.check_fits(dt)?;
        let out = Array::try_zeros(shape, dt)?;
        fill_with_py(&out, value)?;
        Ok(out)
    }

    /// `np.ones(shape, dtype)`.
    pub fn ones(shape: &[usize], dtype: DType) -> Result<Array> {
        Array::full(shape, PyScalar::Int(1), Some(dtype))
    }

    /// `np.empty(shape, dtype)`: ndplay zero-fills, so "empty" arrays are deterministic.
    pub fn empty(shape: &[usize], dtype: DType) -> Result<Array> {
        Array::try_zeros(shape, dtype)
    }

    /// `np.zeros_like(a, dtype=None)` (keeps `a`'s memory order, as NumPy's `order='K'`).
    pub fn zeros_like(a: &Array, dtype: Option<DType>) -> Result<Array> {
        a.alloc_like(dtype.unwrap_or(a.dtype()), Order::K)
    }

    /// `np.ones_like(a, dtype=None)`.
    pub fn ones_like(a: &Array, dtype: Option<DType>) -> Result<Array> {
        Array::full_like(a, PyScalar::Int(1), dtype)
    }

    /// `np.full_like(a, value, dtype=None)`.
    pub fn full_like(a: &Array, value: PyScalar, dtype: Option<DType>) -> Result<Array> {
        let dt = dtype.unwrap_or(a.dtype());
        let out = a.alloc_like(dt, Order::K)?;
        fill_with_py(&out, value)?;
        Ok(out)
    }

    /// `np.eye(n, m=None, k=0, dtype)`.
    ///
    /// # Errors
    /// `MemoryError` when `n × m` elements do not fit in memory (`np.eye(10**6)` asks for
    /// 8 TB), before anything is allocated.
    pub fn eye(n: usize, m: Option<usize>, k: isize, dtype: DType) -> Result<Array> {
        let m = m.unwrap_or(n);
        if dtype.is_opaque() {
            return Err(Error::records_not_implemented("np.eye", dtype));
        }
        let out = Array::try_zeros(&[n, m], dtype)?;
        let one = Scalar::from_wide(dtype, crate::element::Wide::I(1));
        for i in 0..n {
            let j = i as isize + k;
            if j >= 0 && (j as usize) < m {
                out.set(&[i, j as usize], one.clone())?;
            }
        }
        Ok(out)
    }

    /// `np.identity(n, dtype)`.
    ///
    /// # Errors
    /// As [`Array::eye`].
    pub fn identity(n: usize, dtype: DType) -> Result<Array> {
        Array::eye(n, None, 0, dtype)
    }

    /// `np.arange(start, stop, step)` for floats: float64 values `start + i * delta`,
    /// where NumPy's `delta` is `(start + step) - start`.
    pub fn arange_f64(start: f64, stop: f64, step: f64) -> Array {
        Array::arange(start, stop, step, Some(DType::Float64)).expect("finite float arguments")
    }

    /// `np.arange(start, stop, step, dtype=None)`. Integral arguments give int64 unless a
    /// dtype is given.
    pub fn arange(start: f64, stop: f64, step: f64, dtype: Option<DType>) -> Result<Array> {
        if step == 0.0 {
            return Err(Error::Invalid {
                py_type: "ZeroDivisionError",
                message: "division by zero".into(),
                hint: "arange needs a non-zero step.".into(),
            });
        }
        if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
            return Err(Error::value(
                "arange: cannot compute length",
                "start, stop and step must be finite numbers.",
            ));
        }
        let len = ((stop - start) / step).ceil().max(0.0) as usize;
        let integral = start.fract() == 0.0 && step.fract() == 0.0 && stop.fract() == 0.0;
        let dt = dtype.unwrap_or(if integral {
            DType::Int64
        } else {
            DType::Float64
        });
        if dt.is_integer() || dt == DType::Bool {
            let (s, st) = (start as i64, step as i64);
            let mut v: Vec<i64> = Array::buffer_for(&[len], DType::Int64)?;
            v.extend((0..len as i64).map(|i| s + i * st));
            let a = Array::from_vec(v, &[len])?;
            return if dt == DType::Int64 {
                Ok(a)
            } else {
                a.astype(dt, Casting::Unsafe)
            };
        }
        let delta = (start + step) - start;
        let mut v: Vec<f64> = Array::buffer_for(&[len], DType::Float64)?;
        v.extend((0..len).map(|i| {
            if i == 0 {
                start
            } else {
                start + i as f64 * delta
            }
        }));
        let a = Array::from_vec(v, &[len])?;
        if dt == DType::Float64 {
            Ok(a)
        } else {
            a.astype(dt, Casting::Unsafe)
        }
    }

    /// `np.linspace(start, stop, num, endpoint=True)` as float64.
    ///
    /// # Errors
    /// `MemoryError` when `num` points do not fit in memory.
    pub fn linspace(start: f64, stop: f64, num: usize, endpoint: bool) -> Result<Array> {
        let div = if endpoint { num.saturating_sub(1) } else { num };
        let delta = stop - start;
        let step = if div > 0 {
            delta / div as f64
        } else {
            f64::NAN
        };
        let mut v: Vec<f64> = Array::buffer_for(&[num], DType::Float64)?;
        v.extend((0..num).map(|i| {
            let i = i as f64;
            if div > 0 && step == 0.0 {
                (i / div as f64) * delta + start
            } else if div > 0 {
                i * step + start
            } else {
                i * delta + start
            }
        }));
        if endpoint && num > 1 {
            v[num - 1] = stop;
        }
        let out = Array::from_vec(v, &[num])?;
        // NumPy scales its arange in place when num > 1, returning a view of it; with one
        // or zero points it computes a fresh array. Mirror the flags.
        if num > 1 {
            out.reshape(&[num as isize])
        } else {
            Ok(out)
        }
    }

    /// `np.copyto(dst, src)`: writes `src` (broadcast, cast with `same_kind`) into `self`.
    pub fn copy_from(&self, src: &Array) -> Result<()> {
        if !src.dtype().can_cast_to(self.dtype(), Casting::SameKind) {
            return Err(Error::type_error(
                format!(
                    "Cannot cast array data from {} to {} according to the rule 'same_kind'",
                    src.dtype().repr(),
                    self.dtype().repr()
                ),
                "Cast the source explicitly with .astype(...) first.",
            ));
        }
        copy_into(self, src)
    }
}

enum Leaf {
    Py(PyScalar),
    Typed(Scalar),
}

impl Leaf {
    fn to_scalar(&self) -> Scalar {
        match self {
            Leaf::Py(p) => Scalar::from_wide(p.default_dtype(), p.to_wide()),
            Leaf::Typed(s) => s.clone(),
        }
    }
}

fn leaf_str_width(d: DType) -> usize {
    match d {
        DType::Bool => 5,
        d if d.is_integer() => 21,
        _ => 32,
    }
}

fn ragged(shape: &[usize]) -> Error {
    Error::value(
        format!(
            "setting an array element with a sequence. The requested array has an inhomogeneous shape after {} dimensions. The detected shape was {} + inhomogeneous part.",
            shape.len(),
            fmt_shape(shape)
        ),
        "Every nested list at the same depth must have the same length; pad the short rows or keep them as separate arrays.",
    )
}

fn infer_shape(data: &Nested, depth: usize, shape: &mut Vec<usize>) -> Result<()> {
    let here: Option<Vec<usize>> = match data {
        Nested::List(items) => Some(vec![items.len()]),
        Nested::Array(a) => Some(a.shape().to_vec()),
        _ => None,
    };
    match data {
        Nested::List(items) => {
            if shape.len() == depth {
                shape.push(items.len());
            } else if shape.len() < depth || shape[depth] != items.len() {
                let prefix = shape[..depth.min(shape.len())].to_vec();
                return Err(ragged(&prefix));
            }
            for it in items {
                infer_shape(it, depth + 1, shape)?;
            }
            if items.is_empty() {
                return Ok(());
            }
            Ok(())
        }
        Nested::Array(a) => {
            let s = here.unwrap_or_default();
            for (k, &d) in s.iter().enumerate() {
                if shape.len() == depth + k {
                    shape.push(d);
                } else if shape[depth + k] != d {
                    return Err(ragged(&shape[..depth + k]));
                }
            }
            let _ = a;
            Ok(())
        }
        _ => {
            if shape.len() > depth {
                return Err(ragged(&shape[..depth]));
            }
            Ok(())
        }
    }
}

fn flatten(data: &Nested, out: &mut Vec<Leaf>) {
    match data {
        Nested::Bool(b) => out.push(Leaf::Py(PyScalar::Bool(*b))),
        Nested::Int(i) => out.push(Leaf::Py(PyScalar::Int(*i))),
        Nested::UInt(u) => out.push(Leaf::Py(PyScalar::UInt(*u))),
        Nested::Float(f) => out.push(Leaf::Py(PyScalar::Float(*f))),
        Nested::Complex(r, i) => out.push(Leaf::Py(PyScalar::Complex(*r, *i))),
        Nested::Str(s) => out.push(Leaf::Typed(Scalar::Str(s.clone()))),
        Nested::Scalar(s) => out.push(Leaf::Typed(s.clone())),
        Nested::Array(a) => out.extend(a.to_scalars().into_iter().map(Leaf::Typed)),
        Nested::List(items) => items.iter().for_each(|i| flatten(i, out)),
    }
}

/// Fills `out` with a Python scalar cast to its dtype; a structured array gets the value in
/// every field, as NumPy's `np.ones(n, dtype=[...])` does.
fn fill_with_py(out: &Array, value: PyScalar) -> Result<()> {
    if out.dtype().is_object() {
        return Err(Error::records_not_implemented(
            "filling with a number",
            out.dtype(),
        ));
    }
    if out.dtype().is_record() {
        return crate::array::copy_into(out, &Array::from_py(value));
    }
    out.fill(&Scalar::from_wide(out.dtype(), value.to_wide()))
}
