//! Shared helpers for the fixture tests: loading, seeds, encoding and comparison.
#![allow(dead_code)]

use ndplay_random::{IntArray, IntDType, Seed};
use serde_json::Value;

pub fn load(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

/// FNV-1a 64 over bytes, the fixture digest.
pub fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What a fixture records about one output: kind, count, first values, digest.
#[derive(Debug, PartialEq, Eq)]
pub struct Encoded {
    pub kind: String,
    pub n: usize,
    pub head: Vec<String>,
    pub digest: String,
}

pub fn head_len(fixture: &Value) -> usize {
    fixture["head"].as_u64().unwrap_or(24) as usize
}

pub fn enc_f64(v: &[f64], head: usize) -> Encoded {
    Encoded {
        kind: "f64".into(),
        n: v.len(),
        head: v
            .iter()
            .take(head)
            .map(|x| format!("{:016x}", x.to_bits()))
            .collect(),
        digest: fnv1a(v.iter().flat_map(|x| x.to_bits().to_le_bytes())),
    }
}

pub fn enc_f32(v: &[f32], head: usize) -> Encoded {
    Encoded {
        kind: "f32".into(),
        n: v.len(),
        head: v
            .iter()
            .take(head)
            .map(|x| format!("{:08x}", x.to_bits()))
            .collect(),
        digest: fnv1a(v.iter().flat_map(|x| x.to_bits().to_le_bytes())),
    }
}

fn enc_ints<T: Copy + ToString>(
    kind: &str,
    v: &[T],
    head: usize,
    bytes: impl Fn(T) -> Vec<u8>,
) -> Encoded {
    Encoded {
        kind: kind.into(),
        n: v.len(),
        head: v.iter().take(head).map(|x| x.to_string()).collect(),
        digest: fnv1a(v.iter().flat_map(|&x| bytes(x))),
    }
}

pub fn enc_i64(v: &[i64], head: usize) -> Encoded {
    enc_ints("int64", v, head, |x| x.to_le_bytes().to_vec())
}

pub fn enc_int_array(a: &IntArray, head: usize) -> Encoded {
    match a {
        IntArray::Bool(v) => {
            let as_u8: Vec<u8> = v.iter().map(|&b| u8::from(b)).collect();
            enc_ints("bool", &as_u8, head, |x| vec![x])
        }
        IntArray::I8(v) => enc_ints("int8", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::I16(v) => enc_ints("int16", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::I32(v) => enc_ints("int32", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::I64(v) => enc_ints("int64", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::U8(v) => enc_ints("uint8", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::U16(v) => enc_ints("uint16", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::U32(v) => enc_ints("uint32", v, head, |x| x.to_le_bytes().to_vec()),
        IntArray::U64(v) => enc_ints("uint64", v, head, |x| x.to_le_bytes().to_vec()),
    }
}

pub fn expected(out: &Value) -> Encoded {
    Encoded {
        kind: out["kind"].as_str().unwrap().to_owned(),
        n: out["n"].as_u64().unwrap() as usize,
        head: out["head"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect(),
        digest: out["digest"].as_str().unwrap().to_owned(),
    }
}

/// Compare bit for bit; on mismatch say where.
pub fn check(what: &str, got: &Encoded, want: &Value) {
    let want = expected(want);
    assert_eq!(got.kind, want.kind, "{what}: dtype");
    assert_eq!(got.n, want.n, "{what}: element count");
    if let Some(i) = got.head.iter().zip(&want.head).position(|(a, b)| a != b) {
        panic!(
            "{what}: first mismatch at element {i}: got {} want {}",
            got.head[i], want.head[i]
        );
    }
    assert_eq!(
        got.digest,
        want.digest,
        "{what}: values agree on the first {} but differ later",
        want.head.len()
    );
}

/// Decimal string to little-endian u32 words.
pub fn decimal_to_words(s: &str) -> Vec<u32> {
    let mut words: Vec<u32> = vec![0];
    for ch in s.bytes() {
        let mut carry = u64::from(ch - b'0');
        for w in &mut words {
            let v = u64::from(*w) * 10 + carry;
            *w = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            words.push(carry as u32);
        }
    }
    words
}

fn int_seed(s: &str) -> Seed {
    match s.parse::<u128>() {
        Ok(v) => Seed::UInt(v),
        Err(_) => Seed::BigInt(decimal_to_words(s)),
    }
}

pub fn seed(v: &Value) -> Seed {
    if let Some(s) = v.get("int") {
        return int_seed(s.as_str().unwrap());
    }
    let items = v["seq"].as_array().unwrap();
    Seed::Sequence(
        items
            .iter()
            .map(|s| int_seed(s.as_str().unwrap()))
            .collect(),
    )
}

pub fn shape(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect()
}

pub fn f64_hex(v: &Value) -> f64 {
    f64::from_bits(u64::from_str_radix(v.as_str().unwrap(), 16).unwrap())
}

pub fn int_str(v: &Value) -> i128 {
    v.as_str().unwrap().parse().unwrap()
}

pub fn dtype(v: &Value) -> IntDType {
    IntDType::from_name(v.as_str().unwrap()).unwrap()
}

pub fn probs(v: &Value) -> Option<Vec<f64>> {
    v.as_array().map(|a| a.iter().map(f64_hex).collect())
}

/// Apply an axis-0 swap sequence to a row-major (rows x cols) array.
pub fn apply_swaps(data: &mut [i64], cols: usize, swaps: &[(usize, usize)]) {
    for &(i, j) in swaps {
        if i != j {
            for c in 0..cols {
                data.swap(i * cols + c, j * cols + c);
            }
        }
    }
}

/// Take rows of a row-major (rows x cols) array.
pub fn take_rows(data: &[i64], cols: usize, idx: &[i64]) -> Vec<i64> {
    idx.iter()
        .flat_map(|&r| {
            data[r as usize * cols..(r as usize + 1) * cols]
                .iter()
                .copied()
        })
        .collect()
}
