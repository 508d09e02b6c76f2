//! Element types and byte orders, and their NumPy spellings.
//!
//! [`ElemType`] is what one element of a tensor is (NumPy's dtype without the byte
//! order); [`ByteOrder`] is how its bytes are laid out. Together they round-trip
//! NumPy's *typestr*, the `descr` string an `.npy` header carries:
//!
//! ```
//! use ndplay_io::{ByteOrder, ElemType};
//!
//! let (elem, order) = ElemType::from_typestr(">i4")?;
//! assert_eq!((elem, order), (ElemType::I32, ByteOrder::Big));
//! assert_eq!(elem.numpy_name(), "int32");
//! assert_eq!(elem.typestr(order), ">i4");
//!
//! let (text, order) = ElemType::from_typestr("<U5")?;
//! assert_eq!(text.itemsize(), 20); // UCS4: four bytes per character
//! assert_eq!(text.numpy_name(), "<U5");
//! assert_eq!(text.typestr(order), "<U5");
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::fmt;

use crate::error::IoError;

/// The type of one element, independent of byte order.
///
/// These are the engine's dtypes (NumPy's `bool`, `int8`..`uint64`, `float16`..`float64`,
/// `complex64`, `complex128`, fixed-width unicode `<U n`) plus [`ElemType::BF16`], which
/// safetensors files carry but NumPy has no dtype for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ElemType {
    /// `bool`: one byte, 0 or 1.
    Bool,
    /// `int8`.
    I8,
    /// `int16`.
    I16,
    /// `int32`.
    I32,
    /// `int64`.
    I64,
    /// `uint8`.
    U8,
    /// `uint16`.
    U16,
    /// `uint32`.
    U32,
    /// `uint64`.
    U64,
    /// `float16` (IEEE 754 half precision).
    F16,
    /// `bfloat16` (the top half of a `float32`); not a NumPy dtype.
    BF16,
    /// `float32`.
    F32,
    /// `float64`.
    F64,
    /// `complex64`: two `float32`, real part first.
    C64,
    /// `complex128`: two `float64`, real part first.
    C128,
    /// Fixed-width unicode string of this many characters (`<U n`), stored as UCS4:
    /// four bytes per character, padded with NUL characters.
    Unicode(usize),
}

/// How the bytes of a multi-byte element are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Least significant byte first (`<` in a typestr; x86 and ARM's order).
    Little,
    /// Most significant byte first (`>` in a typestr).
    Big,
    /// Single-byte elements (`|` in a typestr), whose order cannot matter.
    NotApplicable,
}

impl ByteOrder {
    /// The byte order of the machine this code runs on.
    pub const NATIVE: ByteOrder = if cfg!(target_endian = "big") {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    };

    /// The typestr prefix character: `<`, `>` or `|`.
    pub fn typestr_char(self) -> char {
        match self {
            ByteOrder::Little => '<',
            ByteOrder::Big => '>',
            ByteOrder::NotApplicable => '|',
        }
    }
}

impl ElemType {
    /// The fixed-size element types, in the order NumPy lists them (no `Unicode`).
    pub const FIXED: [ElemType; 15] = [
        ElemType::Bool,
        ElemType::I8,
        ElemType::I16,
        ElemType::I32,
        ElemType::I64,
        ElemType::U8,
        ElemType::U16,
        ElemType::U32,
        ElemType::U64,
        ElemType::F16,
        ElemType::BF16,
        ElemType::F32,
        ElemType::F64,
        ElemType::C64,
        ElemType::C128,
    ];

    /// Bytes per element. For `Unicode(n)` this is `4 * n`, saturating at `usize::MAX`
    /// (readers refuse such widths long before that).
    pub fn itemsize(self) -> usize {
        match self {
            ElemType::Bool | ElemType::I8 | ElemType::U8 => 1,
            ElemType::I16 | ElemType::U16 | ElemType::F16 | ElemType::BF16 => 2,
            ElemType::I32 | ElemType::U32 | ElemType::F32 => 4,
            ElemType::I64 | ElemType::U64 | ElemType::F64 | ElemType::C64 => 8,
            ElemType::C128 => 16,
            ElemType::Unicode(n) => n.saturating_mul(4),
        }
    }

    /// The size of the unit that byte order applies to: the element itself, except
    /// complex numbers (each of the two parts is swapped on its own) and unicode
    /// strings (each 4-byte character is).
    pub fn swap_unit(self) -> usize {
        match self {
            ElemType::C64 => 4,
            ElemType::C128 => 8,
            ElemType::Unicode(_) => 4,
            other => other.itemsize(),
        }
    }

    /// Whether the element's bytes have an order (`false` for one-byte types).
    pub fn has_byte_order(self) -> bool {
        self.swap_unit() > 1
    }

    /// The name NumPy prints for the dtype (`str(arr.dtype)`): `"float32"`, `"bool"`,
    /// `"complex128"`, `"<U5"`; `"bfloat16"` for [`ElemType::BF16`].
    pub fn numpy_name(self) -> String {
        match self {
            ElemType::Bool => "bool".into(),
            ElemType::I8 => "int8".into(),
            ElemType::I16 => "int16".into(),
            ElemType::I32 => "int32".into(),
            ElemType::I64 => "int64".into(),
            ElemType::U8 => "uint8".into(),
            ElemType::U16 => "uint16".into(),
            ElemType::U32 => "uint32".into(),
            ElemType::U64 => "uint64".into(),
            ElemType::F16 => "float16".into(),
            ElemType::BF16 => "bfloat16".into(),
            ElemType::F32 => "float32".into(),
            ElemType::F64 => "float64".into(),
            ElemType::C64 => "complex64".into(),
            ElemType::C128 => "complex128".into(),
            ElemType::Unicode(n) => format!("<U{n}"),
        }
    }

    /// NumPy's typestr for this element in the given byte order (`arr.dtype.str`):
    /// `"<f8"`, `">i4"`, `"|b1"`, `"<U5"`. One-byte types always get `|`; a multi-byte
    /// type given [`ByteOrder::NotApplicable`] gets the native order. BF16, which has no
    /// NumPy typestr, is spelled `"<bf16"`/`">bf16"`.
    pub fn typestr(self, order: ByteOrder) -> String {
        let order = self.effective_order(order);
        let c = order.typestr_char();
        match self {
            ElemType::Bool => format!("{c}b1"),
            ElemType::I8 | ElemType::I16 | ElemType::I32 | ElemType::I64 => {
                format!("{c}i{}", self.itemsize())
            }
            ElemType::U8 | ElemType::U16 | ElemType::U32 | ElemType::U64 => {
                format!("{c}u{}", self.itemsize())
            }
            ElemType::F16 | ElemType::F32 | ElemType::F64 => format!("{c}f{}", self.itemsize()),
            ElemType::BF16 => format!("{c}bf16"),
            ElemType::C64 | ElemType::C128 => format!("{c}c{}", self.itemsize()),
            ElemType::Unicode(n) => format!("{c}U{n}"),
        }
    }

    /// The byte order a tensor of this type really has: `NotApplicable` for one-byte
    /// types, and `order` (or the native order in place of `NotApplicable`) otherwise.
    pub fn effective_order(self, order: ByteOrder) -> ByteOrder {
        if !self.has_byte_order() {
            ByteOrder::NotApplicable
        } else if order == ByteOrder::NotApplicable {
            ByteOrder::NATIVE
        } else {
            order
        }
    }

    /// Parses a NumPy typestr such as `"<f8"`, `">i4"`, `"|b1"`, `"<U5"`, `"|u1"`,
    /// `"<c16"`, `"=f4"` (native) or `"f4"` (no prefix: native).
    ///
    /// Object dtypes (`"|O"`) are refused with [`IoError::ObjectArray`], because NumPy
    /// stores them with pickle; other valid NumPy dtypes the engine lacks (bytes `S`,
    /// void `V`, datetimes, `longdouble`) with [`IoError::UnsupportedDtype`].
    pub fn from_typestr(descr: &str) -> Result<(ElemType, ByteOrder), IoError> {
        let unsupported = |reason: &'static str| IoError::UnsupportedDtype {
            descr: descr.to_string(),
            reason,
        };
        let (order, rest) = match descr.as_bytes().first() {
            Some(b'<') => (ByteOrder::Little, &descr[1..]),
            Some(b'>') => (ByteOrder::Big, &descr[1..]),
            Some(b'|') => (ByteOrder::NotApplicable, &descr[1..]),
            Some(b'=') => (ByteOrder::NATIVE, &descr[1..]),
            _ => (ByteOrder::NATIVE, descr),
        };
        let Some(kind) = rest.chars().next() else {
            return Err(unsupported(
                "it is empty; a typestr looks like '<f8' or '|b1'",
            ));
        };
        let size = &rest[kind.len_utf8()..];
        let elem = match (kind, size) {
            ('O', _) => {
                return Err(IoError::ObjectArray {
                    descr: descr.to_string(),
                });
            }
            ('b', "1") | ('?', "") | ('?', "1") => ElemType::Bool,
            ('i', "1") => ElemType::I8,
            ('i', "2") => ElemType::I16,
            ('i', "4") => ElemType::I32,
            ('i', "8") => ElemType::I64,
            ('u', "1") => ElemType::U8,
            ('u', "2") => ElemType::U16,
            ('u', "4") => ElemType::U32,
            ('u', "8") => ElemType::U64,
            ('f', "2") => ElemType::F16,
            ('f', "4") => ElemType::F32,
            ('f', "8") => ElemType::F64,
            ('c', "8") => ElemType::C64,
            ('c', "16") => ElemType::C128,
            ('U', digits) => {
                let chars = if digits.is_empty() {
                    0
                } else if digits.bytes().all(|b| b.is_ascii_digit()) {
                    digits
                        .parse::<usize>()
                        .ok()
                        .filter(|n| n.checked_mul(4).is_some_and(|b| b <= i32::MAX as usize))
                        .ok_or_else(|| {
                            unsupported("its width is larger than NumPy allows for a string")
                        })?
                } else {
                    return Err(unsupported(
                        "the width after 'U' must be a decimal number of characters",
                    ));
                };
                ElemType::Unicode(chars)
            }
            ('f', "16") | ('f', "12") | ('g', _) | ('c', "32") | ('c', "24") | ('G', _) => {
                return Err(unsupported(
                    "extended precision (np.longdouble) has no portable layout; \
                     convert with arr.astype(np.float64) before saving",
                ));
            }
            ('S', _) | ('a', _) => {
                return Err(unsupported(
                    "byte strings have no ndplay dtype; convert with arr.astype(str) \
                     (fixed-width unicode) before saving",
                ));
            }
            ('V', _) => {
                return Err(unsupported(
                    "void (raw record) dtypes have no ndplay equivalent; save each field \
                     as its own array",
                ));
            }
            ('M', _) | ('m', _) => {
                return Err(unsupported(
                    "datetime64/timedelta64 have no ndplay dtype; convert with \
                     arr.astype(np.int64) before saving",
                ));
            }
            _ => {
                return Err(unsupported(
                    "it is not a NumPy typestr ndplay knows: expected a byte order \
                     (<, >, |, =) then one of b1, i1/i2/i4/i8, u1/u2/u4/u8, f2/f4/f8, \
                     c8/c16, U<n>",
                ));
            }
        };
        let order = elem.effective_order(order);
        Ok((elem, order))
    }
}

impl fmt::Display for ElemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.numpy_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typestr_round_trip_for_every_fixed_numpy_type() {
        for elem in ElemType::FIXED {
            if elem == ElemType::BF16 {
                continue;
            }
            for order in [ByteOrder::Little, ByteOrder::Big] {
                let s = elem.typestr(order);
                let (back, back_order) = ElemType::from_typestr(&s).unwrap();
                assert_eq!(back, elem, "{s}");
                assert_eq!(back_order, elem.effective_order(order), "{s}");
            }
        }
    }

    #[test]
    fn one_byte_types_have_no_order() {
        assert_eq!(
            ElemType::from_typestr("<b1").unwrap(),
            (ElemType::Bool, ByteOrder::NotApplicable)
        );
        assert_eq!(ElemType::U8.typestr(ByteOrder::Big), "|u1");
        assert_eq!(ElemType::I8.typestr(ByteOrder::Little), "|i1");
    }

    #[test]
    fn native_and_bare_typestrs() {
        assert_eq!(
            ElemType::from_typestr("=f4").unwrap(),
            (ElemType::F32, ByteOrder::NATIVE)
        );
        assert_eq!(
            ElemType::from_typestr("f8").unwrap(),
            (ElemType::F64, ByteOrder::NATIVE)
        );
        assert_eq!(
            ElemType::from_typestr("|U3").unwrap(),
            (ElemType::Unicode(3), ByteOrder::NATIVE)
        );
    }

    #[test]
    fn unicode_names_and_sizes() {
        let (u, o) = ElemType::from_typestr(">U7").unwrap();
        assert_eq!(u, ElemType::Unicode(7));
        assert_eq!(o, ByteOrder::Big);
        assert_eq!(u.itemsize(), 28);
        assert_eq!(u.typestr(o), ">U7");
        assert_eq!(u.numpy_name(), "<U7");
    }

    #[test]
    fn refusals_name_the_reason() {
        assert!(matches!(
            ElemType::from_typestr("|O"),
            Err(IoError::ObjectArray { .. })
        ));
        for bad in [
            "<f16",
            "|S5",
            "|V8",
            "<M8[ns]",
            "<x4",
            "",
            "<",
            "<U1x",
            "<U99999999999999",
        ] {
            assert!(
                matches!(
                    ElemType::from_typestr(bad),
                    Err(IoError::UnsupportedDtype { .. })
                ),
                "{bad}"
            );
        }
    }
}
