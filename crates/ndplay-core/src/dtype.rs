//! Data types: the fifteen element types of the engine, their NumPy names, and NumPy 2's
//! rules for promotion (NEP 50) and casting.
//!
//! ```
//! use ndplay_core::{DType, Casting};
//! assert_eq!(DType::Float32.name(), "float32");
//! assert_eq!(DType::Str(5).to_string(), "<U5");
//! assert_eq!(DType::promote(DType::UInt8, DType::Int8), DType::Int16);
//! assert_eq!(DType::promote(DType::Int64, DType::Float32), DType::Float64);
//! assert!(DType::Int8.can_cast_to(DType::Float16, Casting::Safe));
//! assert!(!DType::Float64.can_cast_to(DType::Int64, Casting::SameKind));
//! ```

use std::fmt;

/// An element type. `Str(n)` is NumPy's fixed-width unicode `<Un`: `n` UCS-4 code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// `bool`, one byte.
    Bool,
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `int64`, NumPy's default integer on 64-bit Linux.
    Int64,
    /// `uint8`.
    UInt8,
    /// `uint16`.
    UInt16,
    /// `uint32`.
    UInt32,
    /// `uint64`.
    UInt64,
    /// `float16` (IEEE half).
    Float16,
    /// `float32`.
    Float32,
    /// `float64`, NumPy's default float.
    Float64,
    /// `complex64`: two `float32`.
    Complex64,
    /// `complex128`: two `float64`.
    Complex128,
    /// `<Un`: fixed-width unicode of `n` characters, 4 bytes each.
    Str(usize),
    /// A structured dtype: named fields at byte offsets ([`crate::record`]).
    Record(crate::record::RecordId),
    /// `object` (`'O'`): each element is a reference to a Python object, held as an
    /// 8-byte handle that only the Python binding can resolve ([`crate::objects`]).
    /// The engine moves handles (views, copies, take, concatenate) and refuses
    /// everything that would need the objects themselves.
    Object,
}

/// The broad family of a dtype, NumPy's `dtype.kind` character.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `'b'`
    Bool,
    /// `'u'`
    UInt,
    /// `'i'`
    Int,
    /// `'f'`
    Float,
    /// `'c'`
    Complex,
    /// `'U'`
    Str,
    /// `'V'`: structured records.
    Void,
    /// `'O'`: Python objects.
    Object,
}

/// NumPy's casting levels (`casting=` keyword), from strictest to loosest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Casting {
    /// Only identical types.
    No,
    /// Identical types (byte order aside).
    Equiv,
    /// Only casts that preserve every value.
    Safe,
    /// Safe casts, or casts within a kind (`float64` to `float32`).
    SameKind,
    /// Anything.
    Unsafe,
}

impl Casting {
    /// NumPy's spelling: `'no'`, `'equiv'`, `'safe'`, `'same_kind'`, `'unsafe'`.
    pub fn name(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }
}

/// Every numeric dtype, in NumPy's type-number order.
pub const NUMERIC_DTYPES: [DType; 14] = [
    DType::Bool,
    DType::Int8,
    DType::UInt8,
    DType::Int16,
    DType::UInt16,
    DType::Int32,
    DType::UInt32,
    DType::Int64,
    DType::UInt64,
    DType::Float16,
    DType::Float32,
    DType::Float64,
    DType::Complex64,
    DType::Complex128,
];

impl DType {
    /// Bytes per element (`dtype.itemsize`).
    pub fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => 1,
            DType::Int16 | DType::UInt16 | DType::Float16 => 2,
            DType::Int32 | DType::UInt32 | DType::Float32 => 4,
            DType::Int64 | DType::UInt64 | DType::Float64 | DType::Complex64 => 8,
            DType::Object => 8,
            DType::Complex128 => 16,
            DType::Str(n) => 4 * n,
            DType::Record(id) => id.layout().itemsize,
        }
    }

    /// Required alignment in bytes (`dtype.alignment`): complex types align like their parts.
    pub fn alignment(self) -> usize {
        match self {
            DType::Complex64 => 4,
            DType::Complex128 => 8,
            DType::Str(_) => 4,
            // NumPy's structured dtypes are packed unless made with align=True.
            DType::Record(_) => 1,
            other => other.itemsize(),
        }
    }

    /// NumPy's `dtype.kind`.
    pub fn kind(self) -> Kind {
        match self {
            DType::Bool => Kind::Bool,
            DType::Int8 | DType::Int16 | DType::Int32 | DType::Int64 => Kind::Int,
            DType::UInt8 | DType::UInt16 | DType::UInt32 | DType::UInt64 => Kind::UInt,
            DType::Float16 | DType::Float32 | DType::Float64 => Kind::Float,
            DType::Complex64 | DType::Complex128 => Kind::Complex,
            DType::Str(_) => Kind::Str,
            DType::Record(_) => Kind::Void,
            DType::Object => Kind::Object,
        }
    }

    /// The name NumPy prints in `dtype=` suffixes and `dtype.name` (`"float32"`, `"<U5"`).
    pub fn name(self) -> String {
        match self {
            DType::Str(n) => format!("<U{n}"),
            DType::Record(id) => DType::record_descr(id),
            other => other.static_name().to_string(),
        }
    }

    /// The name of a numeric dtype, or `"str"` for strings.
    pub fn static_name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::Int8 => "int8",
            DType::Int16 => "int16",
            DType::Int32 => "int32",
            DType::Int64 => "int64",
            DType::UInt8 => "uint8",
            DType::UInt16 => "uint16",
            DType::UInt32 => "uint32",
            DType::UInt64 => "uint64",
            DType::Float16 => "float16",
            DType::Float32 => "float32",
            DType::Float64 => "float64",
            DType::Complex64 => "complex64",
            DType::Complex128 => "complex128",
            DType::Str(_) => "str",
            DType::Record(_) => "void",
            DType::Object => "object",
        }
    }

    /// NumPy's `dtype.str`, the array-protocol type string (`'<f8'`, `'|b1'`, `'<U5'`).
    pub fn typestr(self) -> String {
        let code = match self.kind() {
            Kind::Bool => 'b',
            Kind::Int => 'i',
            Kind::UInt => 'u',
            Kind::Float => 'f',
            Kind::Complex => 'c',
            Kind::Str => 'U',
            Kind::Void => 'V',
            Kind::Object => 'O',
        };
        let order = if self.itemsize() == 1 { '|' } else { '<' };
        match self {
            DType::Str(n) => format!("<U{n}"),
            DType::Record(_) => format!("|V{}", self.itemsize()),
            DType::Object => "|O".to_string(),
            _ => format!("{order}{code}{}", self.itemsize()),
        }
    }

    /// `repr(dtype)`: `dtype('float32')`, `dtype('<U5')`.
    pub fn repr(self) -> String {
        match self {
            DType::Record(_) => format!("dtype({})", self.name()),
            DType::Object => "dtype('O')".to_string(),
            _ => format!("dtype('{}')", self.name()),
        }
    }

    /// Parses a NumPy dtype name or type string: `"float32"`, `"f4"`, `"<f4"`, `"int"`,
    /// `"float"`, `"complex"`, `"bool"`, `"U5"`, `"<U5"`, `"str"` (as `<U0`).
    pub fn parse(text: &str) -> Option<DType> {
        let t = text.trim();
        let named = match t {
            "bool" | "bool_" | "?" | "b1" | "|b1" => Some(DType::Bool),
            "int8" | "i1" | "|i1" | "byte" => Some(DType::Int8),
            "int16" | "i2" | "<i2" | "short" => Some(DType::Int16),
            "int32" | "i4" | "<i4" | "intc" => Some(DType::Int32),
            "int64" | "i8" | "<i8" | "int" | "int_" | "intp" | "long" => Some(DType::Int64),
            "uint8" | "u1" | "|u1" | "ubyte" => Some(DType::UInt8),
            "uint16" | "u2" | "<u2" | "ushort" => Some(DType::UInt16),
            "uint32" | "u4" | "<u4" | "uintc" => Some(DType::UInt32),
            "uint64" | "u8" | "<u8" | "uint" | "uintp" | "ulong" => Some(DType::UInt64),
            "float16" | "f2" | "<f2" | "half" | "e" => Some(DType::Float16),
            "float32" | "f4" | "<f4" | "single" | "f" => Some(DType::Float32),
            "float64" | "f8" | "<f8" | "float" | "double" | "d" => Some(DType::Float64),
            "complex64" | "c8" | "<c8" | "csingle" | "F" => Some(DType::Complex64),
            "complex128" | "c16" | "<c16" | "complex" | "cdouble" | "D" => Some(DType::Complex128),
            "str" | "str_" | "U" | "<U" => Some(DType::Str(0)),
            "object" | "object_" | "O" | "|O" | "O8" => Some(DType::Object),
            _ => None,
        };
        if named.is_some() {
            return named;
        }
        let rest = t
            .strip_prefix('<')
            .or_else(|| t.strip_prefix('='))
            .unwrap_or(t);
        let digits = rest.strip_prefix('U')?;
        digits.parse().ok().map(DType::Str)
    }

    /// True for bool, integer, float and complex dtypes.
    pub fn is_numeric(self) -> bool {
        !matches!(self, DType::Str(_) | DType::Record(_) | DType::Object)
    }

    /// True for structured (record) dtypes.
    pub fn is_record(self) -> bool {
        matches!(self, DType::Record(_))
    }

    /// True for `object`.
    pub fn is_object(self) -> bool {
        matches!(self, DType::Object)
    }

    /// True for the dtypes whose elements the engine only moves as bytes, never reads as
    /// values: structured records and Python objects.
    pub fn is_opaque(self) -> bool {
        matches!(self, DType::Record(_) | DType::Object)
    }

    /// True for signed and unsigned integers (not bool).
    pub fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Int | Kind::UInt)
    }

    /// True for float16/32/64.
    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }

    /// True for complex64/128.
    pub fn is_complex(self) -> bool {
        self.kind() == Kind::Complex
    }

    /// True for floats and complex numbers, the inexact types.
    pub fn is_inexact(self) -> bool {
        matches!(self.kind(), Kind::Float | Kind::Complex)
    }

    /// For complex dtypes, the dtype of the real and imaginary parts; otherwise `self`.
    pub fn real_dtype(self) -> DType {
        match self {
            DType::Complex64 => DType::Float32,
            DType::Complex128 => DType::Float64,
            other => other,
        }
    }

    /// The float type an integer must become for a math function such as `sqrt`: the
    /// smallest float that holds it safely (NumPy's loop selection: `int8` gives `float16`).
    pub fn float_for_math(self) -> DType {
        match self {
            DType::Bool | DType::Int8 | DType::UInt8 => DType::Float16,
            DType::Int16 | DType::UInt16 => DType::Float32,
            DType::Str(_) | DType::Record(_) | DType::Object => DType::Float64,
            d if d.is_inexact() => d,
            _ => DType::Float64,
        }
    }

    /// The accumulator dtype of `sum`/`prod`/`cumsum`: small integers and bool widen to the
    /// platform integer (`int64`, or `uint64` for unsigned); everything else is kept.
    pub fn sum_dtype(self) -> DType {
        match self.kind() {
            Kind::Bool | Kind::Int => DType::Int64,
            Kind::UInt => DType::UInt64,
            _ => self,
        }
    }

    fn int_bits(self) -> u32 {
        (self.itemsize() * 8) as u32
    }

    /// NumPy's `np.promote_types(a, b)` / `np.result_type` of two arrays.
    ///
    /// Strings only promote with strings (to the wider one); asking for a string with a
    /// number yields `None` from [`DType::try_promote`] and is an error in the operations.
    pub fn promote(a: DType, b: DType) -> DType {
        Self::try_promote(a, b).unwrap_or(DType::Float64)
    }

    /// Like [`DType::promote`], but `None` when no common type exists (string with number).
    pub fn try_promote(a: DType, b: DType) -> Option<DType> {
        use Kind::*;
        if a == b {
            return Some(a);
        }
        let (ka, kb) = (a.kind(), b.kind());
        match (ka, kb) {
            (Str, Str) => {
                let (DType::Str(n), DType::Str(m)) = (a, b) else {
                    unreachable!()
                };
                Some(DType::Str(n.max(m)))
            }
            (Void, _) | (_, Void) => None,
            // NumPy: anything meets Python objects as objects.
            (Object, _) | (_, Object) => Some(DType::Object),
            (Str, _) | (_, Str) => None,
            (Bool, _) => Some(b),
            (_, Bool) => Some(a),
            _ => {
                // Order so that `lo` has the lower kind.
                let (lo, hi) = if ka <= kb { (a, b) } else { (b, a) };
                Some(match (lo.kind(), hi.kind()) {
                    (Int, Int) | (UInt, UInt) | (Float, Float) | (Complex, Complex) => {
                        if lo.itemsize() >= hi.itemsize() {
                            lo
                        } else {
                            hi
                        }
                    }
                    (UInt, Int) => {
                        if hi.int_bits() > lo.int_bits() {
                            hi
                        } else {
                            match lo.int_bits() {
                                8 => DType::Int16,
                                16 => DType::Int32,
                                32 => DType::Int64,
                                _ => DType::Float64,
                            }
                        }
                    }
                    (UInt | Int, Float) => {
                        let need = Self::float_holding(lo);
                        if need.itemsize() >= hi.itemsize() {
                            need
                        } else {
                            hi
                        }
                    }
                    (UInt | Int, Complex) => {
                        let need = Self::complex_of(Self::float_holding(lo));
                        if need.itemsize() >= hi.itemsize() {
                            need
                        } else {
                            hi
                        }
                    }
                    (Float, Complex) => {
                        let need = Self::complex_of(lo);
                        if need.itemsize() >= hi.itemsize() {
                            need
                        } else {
                            hi
                        }
                    }
                    _ => unreachable!("kinds are ordered"),
                })
            }
        }
    }

    /// The smallest float that NumPy considers able to hold an integer type.
    fn float_holding(int: DType) -> DType {
        match int.int_bits() {
            8 => DType::Float16,
            16 => DType::Float32,
            _ => DType::Float64,
        }
    }

    fn complex_of(float: DType) -> DType {
        match float {
            DType::Float16 | DType::Float32 => DType::Complex64,
            _ => DType::Complex128,
        }
    }

    /// `np.can_cast(self, to, casting)`.
    pub fn can_cast_to(self, to: DType, casting: Casting) -> bool {
        use Kind::*;
        if casting == Casting::Unsafe || self == to {
            return true;
        }
        if casting <= Casting::Equiv {
            return false;
        }
        let safe = match (self.kind(), to.kind()) {
            (Str, Str) => {
                let (DType::Str(n), DType::Str(m)) = (self, to) else {
                    unreachable!()
                };
                m >= n
            }
            (_, Object) => true,
            (Str, _) | (Void, _) | (_, Void) | (Object, _) => false,
            // Numbers to strings are safe when the string is wide enough; NumPy's widths.
            (_, Str) => {
                let DType::Str(m) = to else { unreachable!() };
                m >= self.str_width()
            }
            _ => Self::try_promote(self, to) == Some(to),
        };
        if safe || casting == Casting::Safe {
            return safe;
        }
        // same_kind: kinds ordered b < u < i < f < c.
        let rank = |k: Kind| match k {
            Bool => 0,
            UInt => 1,
            Int => 2,
            Float => 3,
            Complex => 4,
            Str => 5,
            Void => 6,
            Object => 7,
        };
        match (self.kind(), to.kind()) {
            (Str, Str) => true,
            (Str, _) | (_, Str) | (Void, _) | (_, Void) | (Object, _) => false,
            (a, b) => rank(a) <= rank(b),
        }
    }

    /// Characters NumPy needs to print any value of a numeric type (for casts to `<U`).
    fn str_width(self) -> usize {
        match self {
            DType::Bool => 5,
            DType::Int8 => 4,
            DType::UInt8 => 3,
            DType::Int16 => 6,
            DType::UInt16 => 5,
            DType::Int32 => 11,
            DType::UInt32 => 10,
            DType::Int64 => 21,
            DType::UInt64 => 20,
            DType::Float16 => 12,
            DType::Float32 => 16,
            DType::Float64 => 32,
            DType::Complex64 => 48,
            DType::Complex128 => 64,
            DType::Str(n) => n,
            DType::Record(_) | DType::Object => 0,
        }
    }
}

impl fmt::Display for DType {
    /// `str(dtype)`: the name (`float32`, `<U5`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A Python scalar operand in a mixed expression: NEP 50 treats it as *weak*, so it adopts
/// the array's dtype where the value's kind allows (`float32_array * 2.0` stays float32).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeakKind {
    /// A Python `bool`.
    Bool,
    /// A Python `int`.
    Int,
    /// A Python `float`.
    Float,
    /// A Python `complex`.
    Complex,
}

impl DType {
    /// The result dtype of an array of `self` with a weak Python scalar (NEP 50).
    pub fn promote_weak(self, weak: WeakKind) -> DType {
        match (self.kind(), weak) {
            (_, WeakKind::Bool) => self,
            (Kind::Bool, WeakKind::Int) => DType::Int64,
            (Kind::Int | Kind::UInt | Kind::Float | Kind::Complex, WeakKind::Int) => self,
            (Kind::Bool | Kind::Int | Kind::UInt, WeakKind::Float) => DType::Float64,
            (Kind::Float | Kind::Complex, WeakKind::Float) => self,
            (Kind::Bool | Kind::Int | Kind::UInt, WeakKind::Complex) => DType::Complex128,
            (Kind::Float, WeakKind::Complex) => Self::complex_of(self),
            (Kind::Complex, WeakKind::Complex) => self,
            (Kind::Str, WeakKind::Int) => self,
            (Kind::Str, _) | (Kind::Void, _) | (Kind::Object, _) => self,
        }
    }

    /// The dtype NumPy gives a Python scalar on its own (`np.array(3)` is int64).
    pub fn of_weak(weak: WeakKind) -> DType {
        match weak {
            WeakKind::Bool => DType::Bool,
            WeakKind::Int => DType::Int64,
            WeakKind::Float => DType::Float64,
            WeakKind::Complex => DType::Complex128,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_table_spot_checks() {
        use DType::*;
        assert_eq!(DType::promote(UInt64, Int64), Float64);
        assert_eq!(DType::promote(UInt32, Int8), Int64);
        assert_eq!(DType::promote(Int16, Float16), Float32);
        assert_eq!(DType::promote(Int8, Float16), Float16);
        assert_eq!(DType::promote(Float64, Complex64), Complex128);
        assert_eq!(DType::promote(Float16, Complex64), Complex64);
        assert_eq!(DType::promote(Int32, Complex64), Complex128);
        assert_eq!(DType::promote(Bool, UInt8), UInt8);
        assert_eq!(DType::try_promote(Str(3), Int8), None);
    }

    #[test]
    fn casting_levels() {
        use DType::*;
        assert!(Int64.can_cast_to(Float64, Casting::Safe));
        assert!(!Int64.can_cast_to(Float32, Casting::Safe));
        assert!(Float64.can_cast_to(Float32, Casting::SameKind));
        assert!(UInt64.can_cast_to(Int8, Casting::SameKind));
        assert!(!Int64.can_cast_to(UInt8, Casting::SameKind));
        assert!(!Float64.can_cast_to(Int64, Casting::SameKind));
    }

    #[test]
    fn names_and_typestrs() {
        assert_eq!(DType::Complex128.typestr(), "<c16");
        assert_eq!(DType::Bool.typestr(), "|b1");
        assert_eq!(DType::parse("<U7"), Some(DType::Str(7)));
        assert_eq!(DType::parse("float"), Some(DType::Float64));
        assert_eq!(DType::Str(3).repr(), "dtype('<U3')");
    }
}
