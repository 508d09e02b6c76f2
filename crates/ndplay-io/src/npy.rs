//! `.npy`: one array, as `np.save` writes and `np.load` reads it (format versions 1.0,
//! 2.0 and 3.0).
//!
//! A file is the magic `\x93NUMPY`, a version, a header length, a Python-dict header
//! (`{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }`) padded so the data
//! starts on a 64-byte boundary, then the raw element bytes. [`read_path`] maps the file
//! and returns the data in place; [`parse_header`] validates everything (magic, version,
//! header syntax and keys, dtype, dimension count, element-count overflow, data length
//! against the real length) before anything is allocated. [`write()`] produces the same
//! bytes `np.save` does for the same array.
//!
//! ```
//! use ndplay_io::{npy, ElemType, RawTensor};
//!
//! let data: Vec<u8> = [1.5f64, -2.0, 0.25].iter().flat_map(|x| x.to_le_bytes()).collect();
//! let t = RawTensor::from_vec(ElemType::F64, vec![3], data)?;
//! let path = std::env::temp_dir().join("ndplay_io_npy_doc.npy");
//! npy::write(&path, &t)?;
//!
//! let back = npy::read_path(&path)?;
//! assert_eq!(back.shape, [3]);
//! assert_eq!(back.typestr(), "<f8");
//! assert_eq!(back.data, t.data);
//! assert!(back.data.is_mapped());
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::Format;
use crate::elem::{ByteOrder, ElemType};
use crate::error::IoError;
use crate::pyliteral::{self, Value};
use crate::tensor::{RawTensor, TensorBytes, data_len};

/// The six bytes every `.npy` file starts with.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// The longest header dict accepted, in bytes: NumPy's own `np.load` default
/// (`max_header_size=10000`), which it applies for the same safety reason.
pub const MAX_HEADER_LEN: usize = 10_000;

/// The most dimensions an array may have (NumPy 2's `NPY_MAXDIMS`).
pub const MAX_DIMS: usize = 64;

/// Data (and so the whole header block) is aligned to this many bytes, as NumPy does.
const ARRAY_ALIGN: usize = 64;

/// Room left after the shape for it to grow in place, as NumPy 2 leaves it.
const GROWTH_AXIS_MAX_DIGITS: usize = 21;

/// An `.npy` format version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NpyVersion {
    /// 1.0: 2-byte header length, latin-1 header.
    V1,
    /// 2.0: 4-byte header length, latin-1 header.
    V2,
    /// 3.0: 4-byte header length, UTF-8 header.
    V3,
}

impl NpyVersion {
    /// `(major, minor)` as stored in the file.
    pub fn numbers(self) -> (u8, u8) {
        match self {
            NpyVersion::V1 => (1, 0),
            NpyVersion::V2 => (2, 0),
            NpyVersion::V3 => (3, 0),
        }
    }

    fn length_field_size(self) -> usize {
        match self {
            NpyVersion::V1 => 2,
            NpyVersion::V2 | NpyVersion::V3 => 4,
        }
    }
}

/// What an `.npy` header says, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NpyHeader {
    /// The format version.
    pub version: NpyVersion,
    /// Element type.
    pub elem: ElemType,
    /// Byte order of the data.
    pub byte_order: ByteOrder,
    /// Shape (empty for 0-D).
    pub shape: Vec<usize>,
    /// Whether the data is in Fortran order.
    pub fortran_order: bool,
    /// Offset of the first data byte from the start of the file.
    pub data_offset: usize,
    /// Number of data bytes the shape and dtype need (overflow-checked).
    pub data_len: usize,
}

/// Parses and validates the header at the start of `bytes`, which needs to hold only
/// the header (the data is not looked at).
///
/// Errors: [`IoError::NotNpy`], [`IoError::UnsupportedNpyVersion`],
/// [`IoError::TruncatedHeader`], [`IoError::HeaderTooLarge`], [`IoError::BadHeader`],
/// [`IoError::ObjectArray`], [`IoError::UnsupportedDtype`], [`IoError::TooManyDims`],
/// [`IoError::ShapeOverflow`].
pub fn parse_header(bytes: &[u8]) -> Result<NpyHeader, IoError> {
    let head = &bytes[..bytes.len().min(MAGIC.len())];
    if head != &MAGIC[..head.len()] || bytes.is_empty() {
        return Err(IoError::NotNpy {
            found: bytes[..bytes.len().min(8)].to_vec(),
        });
    }
    let truncated = |needed: usize| IoError::TruncatedHeader {
        format: Format::Npy,
        needed: needed as u64,
        available: bytes.len() as u64,
    };
    if bytes.len() < 8 {
        return Err(truncated(10));
    }
    let version = match (bytes[6], bytes[7]) {
        (1, 0) => NpyVersion::V1,
        (2, 0) => NpyVersion::V2,
        (3, 0) => NpyVersion::V3,
        (major, minor) => return Err(IoError::UnsupportedNpyVersion { major, minor }),
    };
    let prefix = 8 + version.length_field_size();
    if bytes.len() < prefix {
        return Err(truncated(prefix));
    }
    let header_len = match version {
        NpyVersion::V1 => u16::from_le_bytes([bytes[8], bytes[9]]) as u64,
        _ => u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as u64,
    };
    if header_len > MAX_HEADER_LEN as u64 {
        return Err(IoError::HeaderTooLarge {
            format: Format::Npy,
            declared: header_len,
            limit: MAX_HEADER_LEN as u64,
        });
    }
    let header_len = header_len as usize; // <= MAX_HEADER_LEN
    let data_offset = prefix + header_len;
    if bytes.len() < data_offset {
        return Err(truncated(data_offset));
    }
    let raw = &bytes[prefix..data_offset];
    let text: String = match version {
        // latin-1: every byte is the code point of the same value.
        NpyVersion::V1 | NpyVersion::V2 => raw.iter().map(|&b| b as char).collect(),
        NpyVersion::V3 => match std::str::from_utf8(raw) {
            Ok(s) => s.to_string(),
            Err(e) => {
                return Err(bad_header(
                    &String::from_utf8_lossy(raw),
                    format!(
                        "a version 3.0 header must be UTF-8, but byte {} is not",
                        e.valid_up_to()
                    ),
                ));
            }
        },
    };
    let (elem, byte_order, shape, fortran_order) = interpret_dict(&text)?;
    let shape64: Vec<u64> = shape.iter().map(|&d| d as u64).collect();
    let data_len = data_len(&shape64, elem.itemsize())? as usize; // fits: checked there
    Ok(NpyHeader {
        version,
        elem,
        byte_order,
        shape,
        fortran_order,
        data_offset,
        data_len,
    })
}

fn bad_header(text: &str, reason: impl Into<String>) -> IoError {
    let mut header: String = text.chars().take(200).collect();
    if header.len() < text.len() {
        header.push('…');
    }
    IoError::BadHeader {
        header,
        reason: reason.into(),
    }
}

fn interpret_dict(text: &str) -> Result<(ElemType, ByteOrder, Vec<usize>, bool), IoError> {
    let value = pyliteral::parse(text).map_err(|reason| bad_header(text, reason))?;
    let Value::Dict(items) = value else {
        return Err(bad_header(
            text,
            format!("it is {}, not a dict", value.kind()),
        ));
    };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    for (k, v) in items {
        match &k {
            Value::Str(s) if s == "descr" => descr = Some(v),
            Value::Str(s) if s == "fortran_order" => fortran = Some(v),
            Value::Str(s) if s == "shape" => shape = Some(v),
            Value::Str(s) => return Err(bad_header(text, format!("unexpected key {s:?}"))),
            other => {
                return Err(bad_header(
                    text,
                    format!("a key is {}, not a string", other.kind()),
                ));
            }
        }
    }
    let (Some(descr), Some(fortran), Some(shape)) = (descr, fortran, shape) else {
        return Err(bad_header(
            text,
            "it must have exactly the keys 'descr', 'fortran_order' and 'shape'",
        ));
    };
    let fortran_order = match fortran {
        Value::Bool(b) => b,
        other => {
            return Err(bad_header(
                text,
                format!("'fortran_order' is {}, not True or False", other.kind()),
            ));
        }
    };
    let Value::Tuple(dims) = shape else {
        return Err(bad_header(
            text,
            format!("'shape' is {}, not a tuple of integers", shape.kind()),
        ));
    };
    if dims.len() > MAX_DIMS {
        return Err(IoError::TooManyDims {
            ndim: dims.len(),
            max: MAX_DIMS,
        });
    }
    let mut shape64 = Vec::with_capacity(dims.len());
    for d in dims {
        match d {
            Value::Int(n) => shape64.push(n),
            Value::NegInt => {
                return Err(bad_header(text, "'shape' has a negative dimension"));
            }
            other => {
                return Err(bad_header(
                    text,
                    format!("'shape' holds {}, not only integers", other.kind()),
                ));
            }
        }
    }
    let (elem, byte_order) = match descr {
        Value::Str(s) => ElemType::from_typestr(&s)?,
        Value::List(_) | Value::Tuple(_) => {
            return Err(IoError::UnsupportedDtype {
                descr: text.chars().take(200).collect(),
                reason: "structured (record) dtypes have no ndplay equivalent; save each \
                         field as its own array (np.savez(f, **{n: arr[n] for n in \
                         arr.dtype.names}))",
            });
        }
        other => {
            return Err(bad_header(
                text,
                format!("'descr' is {}, not a dtype string", other.kind()),
            ));
        }
    };
    // Overflow and address-space checks happen here, before any use of the shape.
    data_len(&shape64, elem.itemsize())?;
    let shape = shape64.iter().map(|&d| d as usize).collect();
    Ok((elem, byte_order, shape, fortran_order))
}

/// Validates `bytes` as a whole `.npy` file and returns its tensor, sharing the bytes
/// (no copy). Bytes after the data are ignored, as `np.load` ignores them.
pub fn read_shared(bytes: TensorBytes) -> Result<RawTensor, IoError> {
    let h = parse_header(bytes.as_bytes())?;
    let available = bytes.len() - h.data_offset; // parse_header checked data_offset <= len
    if available < h.data_len {
        return Err(IoError::TruncatedData {
            format: Format::Npy,
            shape: h.shape.iter().map(|&d| d as u64).collect(),
            dtype: h.elem.numpy_name(),
            expected: h.data_len as u64,
            available: available as u64,
        });
    }
    let data = bytes
        .slice(h.data_offset..h.data_offset + h.data_len)
        .ok_or_else(|| IoError::BadHeader {
            header: String::new(),
            reason: "data range out of bounds".into(),
        })?;
    Ok(RawTensor {
        name: None,
        elem: h.elem,
        byte_order: h.byte_order,
        shape: h.shape,
        fortran_order: h.fortran_order,
        data,
    })
}

/// Reads an `.npy` file held in memory. The header is validated against `bytes.len()`
/// first; then only the data bytes are copied. This is the fuzzing entry point.
pub fn read_bytes(bytes: &[u8]) -> Result<RawTensor, IoError> {
    let h = parse_header(bytes)?;
    let end = h.data_offset + h.data_len;
    if bytes.len() < end {
        return Err(IoError::TruncatedData {
            format: Format::Npy,
            shape: h.shape.iter().map(|&d| d as u64).collect(),
            dtype: h.elem.numpy_name(),
            expected: h.data_len as u64,
            available: (bytes.len() - h.data_offset) as u64,
        });
    }
    Ok(RawTensor {
        name: None,
        elem: h.elem,
        byte_order: h.byte_order,
        shape: h.shape,
        fortran_order: h.fortran_order,
        data: TensorBytes::from_vec(bytes[h.data_offset..end].to_vec()),
    })
}

/// Reads the `.npy` file at `path`, memory-mapped: the returned data points into the
/// mapping. Errors are wrapped in [`IoError::InFile`].
pub fn read_path(path: impl AsRef<Path>) -> Result<RawTensor, IoError> {
    let path = path.as_ref();
    crate::mmap::map_path(path)
        .and_then(read_shared)
        .map_err(|e| e.in_file(path))
}

/// The header block (magic, version, length, padded dict) `np.save` writes for this
/// tensor, in the version NumPy would choose (`None`: 1.0, or 2.0 if the header does
/// not fit 1.0's 16-bit length) or the given one.
pub fn header_bytes(tensor: &RawTensor, version: Option<NpyVersion>) -> Result<Vec<u8>, IoError> {
    tensor.check()?;
    if tensor.elem == ElemType::BF16 {
        return Err(IoError::Unwritable {
            format: Format::Npy,
            dtype: tensor.elem.numpy_name(),
            reason: "bfloat16 is not a NumPy dtype; convert it to float32 first (exact)",
        });
    }
    if tensor.shape.len() > MAX_DIMS {
        return Err(IoError::TooManyDims {
            ndim: tensor.shape.len(),
            max: MAX_DIMS,
        });
    }
    let descr = tensor.elem.typestr(tensor.byte_order);
    // NumPy writes fortran_order True only for arrays that are F- but not C-contiguous;
    // one with at most one axis longer than 1, or no elements, is both.
    let fortran = tensor.fortran_order
        && tensor.element_count() != Some(0)
        && tensor.shape.iter().filter(|&&d| d != 1).count() > 1;
    let shape = crate::error::show_shape(&tensor.shape);
    let mut dict = format!(
        "{{'descr': '{descr}', 'fortran_order': {}, 'shape': {shape}, }}",
        if fortran { "True" } else { "False" }
    );
    if !tensor.shape.is_empty() {
        let growth_axis = if fortran { tensor.shape.len() - 1 } else { 0 };
        let digits = tensor.shape[growth_axis].to_string().len();
        dict.extend(std::iter::repeat_n(
            ' ',
            GROWTH_AXIS_MAX_DIGITS.saturating_sub(digits),
        ));
    }
    match version {
        Some(v) => wrap_header(&dict, v).ok_or(IoError::Unwritable {
            format: Format::Npy,
            dtype: tensor.elem.numpy_name(),
            reason: "the header is too long for format 1.0's 16-bit length; use 2.0",
        }),
        None => Ok(wrap_header(&dict, NpyVersion::V1)
            .or_else(|| wrap_header(&dict, NpyVersion::V2))
            .unwrap_or_default()),
    }
}

/// NumPy's `_wrap_header`: prefix, dict, spaces and a newline, padded so the total is
/// a multiple of 64 (always adding at least the newline). `None` if it does not fit.
fn wrap_header(dict: &str, version: NpyVersion) -> Option<Vec<u8>> {
    let prefix = MAGIC.len() + 2 + version.length_field_size();
    let hlen = dict.len() + 1;
    let padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
    let total = hlen + padlen;
    let mut out = Vec::with_capacity(prefix + total);
    out.extend_from_slice(MAGIC);
    let (major, minor) = version.numbers();
    out.extend_from_slice(&[major, minor]);
    match version {
        NpyVersion::V1 => out.extend_from_slice(&u16::try_from(total).ok()?.to_le_bytes()),
        _ => out.extend_from_slice(&u32::try_from(total).ok()?.to_le_bytes()),
    }
    out.extend_from_slice(dict.as_bytes());
    out.extend(std::iter::repeat_n(b' ', padlen));
    out.push(b'\n');
    Some(out)
}

/// Writes the tensor as `.npy` to `w` (header then the data bytes as they are).
pub fn write_to<W: Write>(
    mut w: W,
    tensor: &RawTensor,
    version: Option<NpyVersion>,
) -> Result<(), IoError> {
    let header = header_bytes(tensor, version)?;
    w.write_all(&header)
        .and_then(|()| w.write_all(tensor.data.as_bytes()))
        .and_then(|()| w.flush())
        .map_err(|e| IoError::os("write the .npy data", e))
}

/// The whole `.npy` file for the tensor, in memory.
pub fn to_bytes(tensor: &RawTensor) -> Result<Vec<u8>, IoError> {
    let mut out = header_bytes(tensor, None)?;
    out.extend_from_slice(tensor.data.as_bytes());
    Ok(out)
}

/// Writes the tensor to `path` as `np.save` would: byte-identical for the same array.
pub fn write(path: impl AsRef<Path>, tensor: &RawTensor) -> Result<(), IoError> {
    write_with_version(path, tensor, None)
}

/// [`write()`] with an explicit format version (`None`: NumPy's choice).
pub fn write_with_version(
    path: impl AsRef<Path>,
    tensor: &RawTensor,
    version: Option<NpyVersion>,
) -> Result<(), IoError> {
    let path = path.as_ref();
    let run = || {
        // Validate before creating the file, so a refused tensor leaves nothing behind.
        header_bytes(tensor, version)?;
        let file = File::create(path).map_err(|e| IoError::os("create the file", e))?;
        write_to(BufWriter::new(file), tensor, version)
    };
    run().map_err(|e| e.in_file(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f64s(xs: &[f64]) -> Vec<u8> {
        xs.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn header_matches_numpy_layout() {
        let t = RawTensor::from_vec(ElemType::F64, vec![3], f64s(&[1.0, 2.0, 3.0])).unwrap();
        let h = header_bytes(&t, None).unwrap();
        assert_eq!(h.len(), 128);
        let text = std::str::from_utf8(&h[10..]).unwrap();
        assert!(text.starts_with("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"));
        assert!(text.ends_with(" \n"));
        assert_eq!(u16::from_le_bytes([h[8], h[9]]) as usize, h.len() - 10);
    }

    #[test]
    fn round_trip_in_memory() {
        let t = RawTensor::from_vec(ElemType::F64, vec![], f64s(&[7.0])).unwrap();
        let bytes = to_bytes(&t).unwrap();
        let back = read_bytes(&bytes).unwrap();
        assert_eq!(back, t);
        let shared = read_shared(TensorBytes::from_vec(bytes)).unwrap();
        assert_eq!(shared, t);
    }

    #[test]
    fn v2_and_v3_headers() {
        let t = RawTensor::from_vec(ElemType::U8, vec![2, 2], vec![1, 2, 3, 4]).unwrap();
        for v in [NpyVersion::V2, NpyVersion::V3] {
            let mut bytes = header_bytes(&t, Some(v)).unwrap();
            assert_eq!(bytes.len() % 64, 0);
            bytes.extend_from_slice(t.data.as_bytes());
            let h = parse_header(&bytes).unwrap();
            assert_eq!(h.version, v);
            assert_eq!(read_bytes(&bytes).unwrap(), t);
        }
    }

    #[test]
    fn bf16_is_not_writable() {
        let t = RawTensor::from_vec(ElemType::BF16, vec![1], vec![0, 0]).unwrap();
        assert!(matches!(to_bytes(&t), Err(IoError::Unwritable { .. })));
    }
}
