//! `.safetensors`: an 8-byte little-endian header length, a JSON header mapping each
//! tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (plus an optional
//! `"__metadata__"` map of strings), then the data buffer. All tensors are C order,
//! little-endian.
//!
//! Every tensor is returned, memory-mapped in place when read from a path. The header
//! length is checked against the file before the header is read, the number of tensors it
//! lists against [`ReadOptions::max_tensors`] while it is parsed (each entry is parsed
//! and kept only while under the limit, so a header of 600,000 tiny entries costs no
//! more than one of 10,000), and each tensor's
//! offsets against the data buffer, its shape (overflow-checked) and its neighbours:
//! out-of-range, reversed, overlapping, or wrongly sized ranges, and bytes no tensor
//! covers, are refused as the reference `safetensors` implementation refuses them.
//!
//! ```
//! use ndplay_io::{safetensors, ElemType};
//!
//! // One F32 tensor of shape (2,), built by hand.
//! let header = br#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
//! let mut file = (header.len() as u64).to_le_bytes().to_vec();
//! file.extend_from_slice(header);
//! file.extend_from_slice(&1.0f32.to_le_bytes());
//! file.extend_from_slice(&2.0f32.to_le_bytes());
//!
//! let st = safetensors::read_bytes(&file)?;
//! let w = &st.tensors[0];
//! assert_eq!((w.name.as_deref(), w.elem, w.shape.as_slice()), (Some("w"), ElemType::F32, &[2][..]));
//! # Ok::<(), ndplay_io::IoError>(())
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::ReadOptions;
use crate::elem::{ByteOrder, ElemType};
use crate::error::IoError;
use crate::tensor::{RawTensor, TensorBytes, data_len};

/// Headers longer than this are refused (the reference implementation's limit).
pub const MAX_HEADER_LEN: u64 = 100_000_000;

/// The tensors and metadata of a `.safetensors` file.
#[derive(Clone, Debug, PartialEq)]
pub struct Safetensors {
    /// Every tensor, sorted by name (as the Python `safe_open(...).keys()` lists them).
    pub tensors: Vec<RawTensor>,
    /// The `__metadata__` map (empty if absent).
    pub metadata: BTreeMap<String, String>,
}

/// The element type of a safetensors dtype name, if this crate reads it.
pub fn elem_from_dtype(dtype: &str) -> Option<ElemType> {
    Some(match dtype {
        "BOOL" => ElemType::Bool,
        "U8" => ElemType::U8,
        "I8" => ElemType::I8,
        "U16" => ElemType::U16,
        "I16" => ElemType::I16,
        "U32" => ElemType::U32,
        "I32" => ElemType::I32,
        "U64" => ElemType::U64,
        "I64" => ElemType::I64,
        "F16" => ElemType::F16,
        "BF16" => ElemType::BF16,
        "F32" => ElemType::F32,
        "F64" => ElemType::F64,
        "C64" => ElemType::C64,
        _ => return None,
    })
}

struct Entry {
    name: String,
    dtype: String,
    elem: ElemType,
    shape: Vec<u64>,
    begin: u64,
    end: u64,
}

fn bad_entry(name: &str, reason: impl Into<String>) -> IoError {
    IoError::SafetensorsBadEntry {
        name: name.to_string(),
        reason: reason.into(),
    }
}

fn parse_entry(name: &str, v: &Value) -> Result<Entry, IoError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad_entry(name, "it is not a JSON object"))?;
    let dtype = obj
        .get("dtype")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_entry(name, "\"dtype\" is missing or not a string"))?;
    let elem = elem_from_dtype(dtype).ok_or_else(|| IoError::SafetensorsUnsupportedDtype {
        name: name.to_string(),
        dtype: dtype.to_string(),
    })?;
    let shape_v = obj
        .get("shape")
        .and_then(Value::as_array)
        .ok_or_else(|| bad_entry(name, "\"shape\" is missing or not a list"))?;
    if shape_v.len() > crate::npy::MAX_DIMS {
        return Err(IoError::TooManyDims {
            ndim: shape_v.len(),
            max: crate::npy::MAX_DIMS,
        });
    }
    let shape = shape_v
        .iter()
        .map(|d| d.as_u64())
        .collect::<Option<Vec<u64>>>()
        .ok_or_else(|| bad_entry(name, "\"shape\" must hold non-negative integers"))?;
    let offsets = obj
        .get("data_offsets")
        .and_then(Value::as_array)
        .filter(|a| a.len() == 2)
        .and_then(|a| Some((a[0].as_u64()?, a[1].as_u64()?)))
        .ok_or_else(|| {
            bad_entry(
                name,
                "\"data_offsets\" must be two non-negative integers [begin, end]",
            )
        })?;
    Ok(Entry {
        name: name.to_string(),
        dtype: dtype.to_string(),
        elem,
        shape,
        begin: offsets.0,
        end: offsets.1,
    })
}

/// The header's top-level object, parsed entry by entry and refused once it lists more
/// than `max_tensors` tensors (`__metadata__` is not one); the rest is then only counted,
/// without keeping anything, so the error can say how many there are.
struct BoundedHeader {
    max_tensors: usize,
    over: std::cell::Cell<Option<u64>>,
}

impl<'de> DeserializeSeed<'de> for &BoundedHeader {
    type Value = Map<String, Value>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &BoundedHeader {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        let mut tensors = 0u64;
        while let Some(name) = map.next_key::<String>()? {
            tensors += u64::from(name != "__metadata__");
            if tensors > self.max_tensors as u64 {
                map.next_value::<de::IgnoredAny>()?;
                while let Some(name) = map.next_key::<String>()? {
                    tensors += u64::from(name != "__metadata__");
                    map.next_value::<de::IgnoredAny>()?;
                }
                self.over.set(Some(tensors));
                return Err(de::Error::custom("too many tensors"));
            }
            out.insert(name, map.next_value()?);
        }
        Ok(out)
    }
}

/// Validates the file with the default [`ReadOptions`] and returns its tensors sharing
/// `bytes` (no copy).
pub fn read_shared(bytes: TensorBytes) -> Result<Safetensors, IoError> {
    read_shared_with(bytes, &ReadOptions::default())
}

/// [`read_shared`] with explicit limits.
pub fn read_shared_with(bytes: TensorBytes, options: &ReadOptions) -> Result<Safetensors, IoError> {
    let all = bytes.as_bytes();
    if all.len() < 8 {
        return Err(IoError::TruncatedHeader {
            format: crate::Format::Safetensors,
            needed: 8,
            available: all.len() as u64,
        });
    }
    let mut n = [0u8; 8];
    n.copy_from_slice(&all[..8]);
    let header_len = u64::from_le_bytes(n);
    let available = (all.len() - 8) as u64;
    if header_len > available || header_len > MAX_HEADER_LEN {
        return Err(IoError::SafetensorsHeaderTooLarge {
            declared: header_len,
            available,
            limit: MAX_HEADER_LEN,
        });
    }
    let data_start = 8 + header_len as usize;
    let header = &all[8..data_start];
    let bad = |reason: String| IoError::SafetensorsBadHeader { reason };
    if header.first() != Some(&b'{') {
        return Err(bad("it does not start with '{'".into()));
    }
    let seed = BoundedHeader {
        max_tensors: options.max_tensors,
        over: std::cell::Cell::new(None),
    };
    let mut de = serde_json::Deserializer::from_slice(header);
    let map = seed
        .deserialize(&mut de)
        .and_then(|map| de.end().map(|()| map))
        .map_err(|e| match seed.over.get() {
            Some(found) => IoError::TooManyTensors {
                format: crate::Format::Safetensors,
                found,
                limit: options.max_tensors,
            },
            None => bad(format!("invalid JSON ({e})")),
        })?;
    let mut metadata = BTreeMap::new();
    let mut entries = Vec::with_capacity(map.len());
    for (name, v) in &map {
        if name == "__metadata__" {
            let m = v
                .as_object()
                .ok_or_else(|| bad("\"__metadata__\" is not an object".into()))?;
            for (k, v) in m {
                let s = v.as_str().ok_or_else(|| {
                    bad(format!("\"__metadata__\" value for {k:?} is not a string"))
                })?;
                metadata.insert(k.clone(), s.to_string());
            }
            continue;
        }
        entries.push(parse_entry(name, v)?);
    }

    let data_len_total = (all.len() - data_start) as u64;
    for e in &entries {
        let out = |reason| IoError::SafetensorsOffsets {
            name: e.name.clone(),
            begin: e.begin,
            end: e.end,
            data_len: data_len_total,
            reason,
        };
        if e.begin > e.end {
            return Err(out("begin is after end"));
        }
        if e.end > data_len_total {
            return Err(out("the range runs past the end of the data"));
        }
        let expected = data_len(&e.shape, e.elem.itemsize())?;
        if expected != e.end - e.begin {
            return Err(IoError::SafetensorsSizeMismatch {
                name: e.name.clone(),
                dtype: e.dtype.clone(),
                shape: e.shape.clone(),
                expected,
                actual: e.end - e.begin,
            });
        }
    }
    // Coverage: sorted by offset, each tensor starts where the previous ended.
    let mut order: Vec<&Entry> = entries.iter().collect();
    order.sort_by_key(|e| (e.begin, e.end));
    let mut covered = 0u64;
    let mut prev: Option<&Entry> = None;
    for e in &order {
        if e.begin < covered {
            let p = prev.map(|p| (p.name.clone(), p.end)).unwrap_or_default();
            return Err(IoError::SafetensorsOverlap {
                first: p.0,
                first_end: p.1,
                second: e.name.clone(),
                second_begin: e.begin,
            });
        }
        if e.begin > covered {
            return Err(IoError::SafetensorsHole {
                start: covered,
                end: e.begin,
            });
        }
        covered = e.end;
        prev = Some(e);
    }
    if covered != data_len_total {
        return Err(IoError::SafetensorsHole {
            start: covered,
            end: data_len_total,
        });
    }

    let mut tensors = Vec::with_capacity(entries.len());
    for e in entries {
        // Offsets were checked against the data length above.
        let range = data_start + e.begin as usize..data_start + e.end as usize;
        let data = bytes
            .slice(range)
            .ok_or_else(|| bad("internal range error".into()))?;
        tensors.push(RawTensor {
            name: Some(e.name),
            elem: e.elem,
            byte_order: e.elem.effective_order(ByteOrder::Little),
            shape: e.shape.iter().map(|&d| d as usize).collect(),
            fortran_order: false,
            data,
        });
    }
    tensors.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Safetensors { tensors, metadata })
}

/// Reads a file held in memory (copied once into shared bytes). This is the fuzzing
/// entry point.
pub fn read_bytes(bytes: &[u8]) -> Result<Safetensors, IoError> {
    read_shared(TensorBytes::from_vec(bytes.to_vec()))
}

/// Reads the `.safetensors` file at `path`, memory-mapped.
pub fn read_path(path: impl AsRef<Path>) -> Result<Safetensors, IoError> {
    let path = path.as_ref();
    crate::mmap::map_path(path)
        .and_then(read_shared)
        .map_err(|e| e.in_file(path))
}
