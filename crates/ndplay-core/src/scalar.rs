//! Scalars: one element of any dtype (what `a[0, 0]` or `a.sum()` returns), and the Python
//! scalars that NEP 50 treats as weakly typed operands.
//!
//! ```
//! use ndplay_core::{Scalar, DType};
//! let s = Scalar::from_f64(DType::Float32, 0.1);
//! assert_eq!(s.dtype(), DType::Float32);
//! assert_eq!(s.repr(), "np.float32(0.1)");
//! assert_eq!(Scalar::Int64(3).repr(), "np.int64(3)");
//! assert_eq!(Scalar::Bool(true).repr(), "np.True_");
//! ```

use half::f16;

use crate::dtype::{DType, WeakKind};
use crate::element::{C64, C128, Element, Wide};

/// One element of a typed array.
#[derive(Clone, Debug, PartialEq)]
#[allow(missing_docs)]
pub enum Scalar {
    Bool(bool),
    Int8(i8),
    Int16(i16),
    Int32(i32),
    Int64(i64),
    UInt8(u8),
    UInt16(u16),
    UInt32(u32),
    UInt64(u64),
    Float16(f16),
    Float32(f32),
    Float64(f64),
    Complex64(C64),
    Complex128(C128),
    /// A `np.str_` (trailing NULs stripped, as NumPy does).
    Str(String),
}

/// A Python scalar operand (`2`, `0.5`, `True`, `1j`): weakly typed under NEP 50.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PyScalar {
    /// `True` / `False`.
    Bool(bool),
    /// A Python int in int64's range.
    Int(i64),
    /// A Python int above int64's range that fits in uint64 (`2**63`, hash constants
    /// such as `0xcbf29ce484222325`): NumPy stores it in uint64 and refuses it for the
    /// signed dtypes. Ints beyond uint64 are refused where they are converted.
    UInt(u64),
    /// A Python float.
    Float(f64),
    /// A Python complex.
    Complex(f64, f64),
}

impl PyScalar {
    /// NumPy 2 refuses to store a Python int that does not fit in an integer dtype
    /// (`np.array(300, dtype=np.int8)`, `np.int8(1) + 300`) with `OverflowError`, where
    /// NumPy 1 wrapped it silently. Other scalars and dtypes always pass.
    ///
    /// ```
    /// use ndplay_core::{DType, PyScalar};
    /// assert!(PyScalar::Int(127).check_fits(DType::Int8).is_ok());
    /// let err = PyScalar::Int(300).check_fits(DType::Int8).unwrap_err();
    /// assert_eq!(err.numpy_message(), "Python integer 300 out of bounds for int8");
    /// ```
    ///
    /// # Errors
    /// `OverflowError` naming the value and the dtype.
    pub fn check_fits(self, dtype: DType) -> crate::error::Result<()> {
        if let PyScalar::UInt(v) = self {
            return match dtype {
                // NumPy converts through a C long for the signed dtypes, and says so.
                DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64 => {
                    Err(crate::error::Error::Invalid {
                        py_type: "OverflowError",
                        message: "Python int too large to convert to C long".into(),
                        hint: format!(
                            "{v} is above int64's largest value (2**63 - 1). Store it as \
                             np.uint64, or as a float if exactness does not matter."
                        ),
                    })
                }
                DType::UInt8 | DType::UInt16 | DType::UInt32 => Err(out_of_bounds(v, dtype)),
                _ => Ok(()),
            };
        }
        let PyScalar::Int(v) = self else {
            return Ok(());
        };
        let fits = match dtype {
            DType::Int8 => i8::try_from(v).is_ok(),
            DType::Int16 => i16::try_from(v).is_ok(),
            DType::Int32 => i32::try_from(v).is_ok(),
            DType::UInt8 => u8::try_from(v).is_ok(),
            DType::UInt16 => u16::try_from(v).is_ok(),
            DType::UInt32 => u32::try_from(v).is_ok(),
            DType::UInt64 => v >= 0,
            _ => true,
        };
        if fits {
            return Ok(());
        }
        Err(out_of_bounds(v, dtype))
    }

    /// The dtype NumPy gives this value alone (`np.array(x)`, `np.add(x, y)` of two
    /// Python scalars): bool, int64 (uint64 above int64's range), float64, complex128.
    pub fn default_dtype(self) -> DType {
        match self {
            PyScalar::UInt(_) => DType::UInt64,
            p => DType::of_weak(p.weak_kind()),
        }
    }

    /// The NEP 50 weak kind.
    pub fn weak_kind(self) -> WeakKind {
        match self {
            PyScalar::Bool(_) => WeakKind::Bool,
            PyScalar::Int(_) | PyScalar::UInt(_) => WeakKind::Int,
            PyScalar::Float(_) => WeakKind::Float,
            PyScalar::Complex(..) => WeakKind::Complex,
        }
    }

    /// Widened value.
    pub fn to_wide(self) -> Wide {
        match self {
            PyScalar::Bool(b) => Wide::Bool(b),
            PyScalar::Int(v) => Wide::I(v),
            PyScalar::UInt(v) => Wide::U(v),
            PyScalar::Float(v) => Wide::F(v),
            PyScalar::Complex(re, im) => Wide::C(C128::new(re, im)),
        }
    }
}

/// NumPy 2's `OverflowError` for a Python int that does not fit an integer dtype.
fn out_of_bounds(v: impl std::fmt::Display, dtype: DType) -> crate::error::Error {
    crate::error::Error::Invalid {
        py_type: "OverflowError",
        message: format!("Python integer {v} out of bounds for {dtype}"),
        hint: format!(
            "NumPy 2 keeps the dtype {dtype} for Python ints (NEP 50) and refuses one that \
             does not fit instead of wrapping it. Use a wider dtype (np.int64) or a value in range."
        ),
    }
}

impl From<f64> for PyScalar {
    fn from(v: f64) -> Self {
        PyScalar::Float(v)
    }
}
impl From<i64> for PyScalar {
    fn from(v: i64) -> Self {
        PyScalar::Int(v)
    }
}
impl From<i32> for PyScalar {
    fn from(v: i32) -> Self {
        PyScalar::Int(v as i64)
    }
}
impl From<bool> for PyScalar {
    fn from(v: bool) -> Self {
        PyScalar::Bool(v)
    }
}

impl Scalar {
    /// The scalar's dtype.
    pub fn dtype(&self) -> DType {
        match self {
            Scalar::Bool(_) => DType::Bool,
            Scalar::Int8(_) => DType::Int8,
            Scalar::Int16(_) => DType::Int16,
            Scalar::Int32(_) => DType::Int32,
            Scalar::Int64(_) => DType::Int64,
            Scalar::UInt8(_) => DType::UInt8,
            Scalar::UInt16(_) => DType::UInt16,
            Scalar::UInt32(_) => DType::UInt32,
            Scalar::UInt64(_) => DType::UInt64,
            Scalar::Float16(_) => DType::Float16,
            Scalar::Float32(_) => DType::Float32,
            Scalar::Float64(_) => DType::Float64,
            Scalar::Complex64(_) => DType::Complex64,
            Scalar::Complex128(_) => DType::Complex128,
            Scalar::Str(s) => DType::Str(s.chars().count().max(1)),
        }
    }

    /// Builds a scalar of a numeric dtype from a widened value, with C cast semantics.
    pub fn from_wide(dtype: DType, w: Wide) -> Scalar {
        match dtype {
            DType::Bool => Scalar::Bool(bool::from_wide(w)),
            DType::Int8 => Scalar::Int8(i8::from_wide(w)),
            DType::Int16 => Scalar::Int16(i16::from_wide(w)),
            DType::Int32 => Scalar::Int32(i32::from_wide(w)),
            DType::Int64 => Scalar::Int64(i64::from_wide(w)),
            DType::UInt8 => Scalar::UInt8(u8::from_wide(w)),
            DType::UInt16 => Scalar::UInt16(u16::from_wide(w)),
            DType::UInt32 => Scalar::UInt32(u32::from_wide(w)),
            DType::UInt64 => Scalar::UInt64(u64::from_wide(w)),
            DType::Float16 => Scalar::Float16(f16::from_wide(w)),
            DType::Float32 => Scalar::Float32(f32::from_wide(w)),
            DType::Float64 => Scalar::Float64(f64::from_wide(w)),
            DType::Complex64 => Scalar::Complex64(C64::from_wide(w)),
            DType::Complex128 => Scalar::Complex128(C128::from_wide(w)),
            DType::Str(_) => Scalar::Str(format_wide(w)),
            DType::Record(_) => {
                unreachable!("structured dtypes are assigned field by field, never from one value")
            }
            DType::Object => {
                unreachable!("object elements are handles the Python binding writes, never values")
            }
        }
    }

    /// A scalar of `dtype` holding `v` (cast as C casts).
    pub fn from_f64(dtype: DType, v: f64) -> Scalar {
        Scalar::from_wide(dtype, Wide::F(v))
    }

    /// Widened value; strings parse as floats where they can (else NaN).
    pub fn to_wide(&self) -> Wide {
        match self {
            Scalar::Bool(v) => Wide::Bool(*v),
            Scalar::Int8(v) => v.to_wide(),
            Scalar::Int16(v) => v.to_wide(),
            Scalar::Int32(v) => v.to_wide(),
            Scalar::Int64(v) => v.to_wide(),
            Scalar::UInt8(v) => v.to_wide(),
            Scalar::UInt16(v) => v.to_wide(),
            Scalar::UInt32(v) => v.to_wide(),
            Scalar::UInt64(v) => v.to_wide(),
            Scalar::Float16(v) => v.to_wide(),
            Scalar::Float32(v) => v.to_wide(),
            Scalar::Float64(v) => v.to_wide(),
            Scalar::Complex64(v) => v.to_wide(),
            Scalar::Complex128(v) => v.to_wide(),
            Scalar::Str(s) => Wide::F(s.trim().parse().unwrap_or(f64::NAN)),
        }
    }

    /// The value as `f64` (complex: real part).
    pub fn as_f64(&self) -> f64 {
        self.to_wide().as_f64()
    }

    /// Python truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            Scalar::Str(s) => !s.is_empty(),
            other => other.to_wide().is_nonzero(),
        }
    }

    /// `repr()` as NumPy 2 prints scalars: `np.float64(3.5)`, `np.int8(-1)`, `np.True_`,
    /// `np.str_('ab')`.
    pub fn repr(&self) -> String {
        if crate::print::options().legacy_at_most(125) {
            // NumPy 1.25's reprs: the value alone (`np.set_printoptions(legacy='1.25')`).
            return match self {
                Scalar::Str(s) => crate::print::py_str_repr(s),
                other => other.to_str(),
            };
        }
        match self {
            Scalar::Bool(true) => "np.True_".into(),
            Scalar::Bool(false) => "np.False_".into(),
            Scalar::Str(s) => format!("np.str_({})", crate::print::py_str_repr(s)),
            Scalar::Complex64(_) | Scalar::Complex128(_) => {
                let s = self.to_str();
                let inner = s
                    .strip_prefix('(')
                    .and_then(|t| t.strip_suffix(')'))
                    .unwrap_or(&s);
                format!("np.{}({inner})", self.dtype().static_name())
            }
            other => format!("np.{}({})", other.dtype().static_name(), other.to_str()),
        }
    }

    /// `str()`: `3.5`, `-1`, `True`, `ab`, `(1+2j)`.
    pub fn to_str(&self) -> String {
        use crate::print::{complex_scalar_str, float_scalar_str};
        match self {
            Scalar::Bool(b) => if *b { "True" } else { "False" }.into(),
            Scalar::Int8(v) => v.to_string(),
            Scalar::Int16(v) => v.to_string(),
            Scalar::Int32(v) => v.to_string(),
            Scalar::Int64(v) => v.to_string(),
            Scalar::UInt8(v) => v.to_string(),
            Scalar::UInt16(v) => v.to_string(),
            Scalar::UInt32(v) => v.to_string(),
            Scalar::UInt64(v) => v.to_string(),
            Scalar::Float16(v) => float_scalar_str(v.to_f64(), DType::Float16),
            Scalar::Float32(v) => float_scalar_str(*v as f64, DType::Float32),
            Scalar::Float64(v) => float_scalar_str(*v, DType::Float64),
            Scalar::Complex64(c) => complex_scalar_str(c.re as f64, c.im as f64, DType::Float32),
            Scalar::Complex128(c) => complex_scalar_str(c.re, c.im, DType::Float64),
            Scalar::Str(s) => s.clone(),
        }
    }
}

fn format_wide(w: Wide) -> String {
    match w {
        Wide::Bool(b) => if b { "True" } else { "False" }.into(),
        Wide::I(v) => v.to_string(),
        Wide::U(v) => v.to_string(),
        Wide::F(v) => crate::print::float_scalar_str(v, DType::Float64),
        Wide::C(c) => crate::print::complex_scalar_str(c.re, c.im, DType::Float64),
    }
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_str())
    }
}
