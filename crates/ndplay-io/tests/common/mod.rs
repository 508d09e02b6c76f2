//! Shared helpers for the integration tests: the fixture manifest written by
//! `tests/fixtures/gen_io_fixtures.py`, and expected-content checks.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// The fixtures directory.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The path of a fixture named relative to the fixtures directory.
pub fn fixture(rel: &str) -> PathBuf {
    fixtures().join(rel)
}

/// The parsed `manifest.json`.
pub fn manifest() -> Value {
    let text = std::fs::read_to_string(fixture("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest is JSON")
}

/// The entries of one manifest section.
pub fn section(name: &str) -> Vec<Value> {
    manifest()[name].as_array().cloned().unwrap_or_default()
}

pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

pub fn fnv1a64(data: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Asserts that `bytes` are the C-order little-endian content the manifest entry records.
pub fn assert_content(entry: &Value, bytes: &[u8], what: &str) {
    if let Some(h) = entry["c_le_hex"].as_str() {
        assert_eq!(
            bytes,
            hex(h).as_slice(),
            "{what}: content differs from NumPy's"
        );
    } else {
        let len = entry["c_le_len"].as_u64().expect("c_le_len");
        assert_eq!(bytes.len() as u64, len, "{what}: length");
        let want = u64::from_str_radix(entry["c_le_fnv1a64"].as_str().expect("hash"), 16).unwrap();
        assert_eq!(
            fnv1a64(bytes),
            want,
            "{what}: content hash differs from NumPy's"
        );
    }
}

pub fn shape_of(entry: &Value) -> Vec<usize> {
    entry["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dim") as usize)
        .collect()
}

/// A fresh path in the temp directory, unique to this process and test.
pub fn temp_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ndplay-io-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// An `.npy` file with the given version, header dict text and data, laid out as NumPy
/// lays it out (but with whatever header the test wants).
pub fn npy_file(major: u8, dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = b"\x93NUMPY".to_vec();
    out.extend_from_slice(&[major, 0]);
    let prefix = if major == 1 { 10 } else { 12 };
    let hlen = dict.len() + 1;
    let pad = 64 - (prefix + hlen) % 64;
    if major == 1 {
        out.extend_from_slice(&((hlen + pad) as u16).to_le_bytes());
    } else {
        out.extend_from_slice(&((hlen + pad) as u32).to_le_bytes());
    }
    out.extend_from_slice(dict.as_bytes());
    out.extend(std::iter::repeat_n(b' ', pad));
    out.push(b'\n');
    out.extend_from_slice(data);
    out
}

/// Raw deflate, as zip members use it.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn crc32(data: &[u8]) -> u32 {
    let mut c = flate2::Crc::new();
    c.update(data);
    c.sum()
}

/// A one-member zip whose directory says whatever the test wants: `declared_size` is
/// the uncompressed size (zip64 when it does not fit 32 bits).
pub fn zip_single(
    name: &str,
    method: u16,
    flags: u16,
    payload: &[u8],
    crc: u32,
    declared_size: u64,
) -> Vec<u8> {
    let zip64 = declared_size >= u32::MAX as u64;
    let usize32 = if zip64 {
        u32::MAX
    } else {
        declared_size as u32
    };
    let mut z = Vec::new();
    z.extend_from_slice(b"PK\x03\x04");
    z.extend_from_slice(&45u16.to_le_bytes());
    z.extend_from_slice(&flags.to_le_bytes());
    z.extend_from_slice(&method.to_le_bytes());
    z.extend_from_slice(&[0, 0, 0x21, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    z.extend_from_slice(&usize32.to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z.extend_from_slice(name.as_bytes());
    z.extend_from_slice(payload);
    let cd = z.len();
    z.extend_from_slice(b"PK\x01\x02");
    z.extend_from_slice(&45u16.to_le_bytes());
    z.extend_from_slice(&45u16.to_le_bytes());
    z.extend_from_slice(&flags.to_le_bytes());
    z.extend_from_slice(&method.to_le_bytes());
    z.extend_from_slice(&[0, 0, 0x21, 0]);
    z.extend_from_slice(&crc.to_le_bytes());
    z.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    z.extend_from_slice(&usize32.to_le_bytes());
    z.extend_from_slice(&(name.len() as u16).to_le_bytes());
    z.extend_from_slice(&(if zip64 { 12u16 } else { 0 }).to_le_bytes());
    z.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
    z.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    z.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    z.extend_from_slice(name.as_bytes());
    if zip64 {
        z.extend_from_slice(&1u16.to_le_bytes());
        z.extend_from_slice(&8u16.to_le_bytes());
        z.extend_from_slice(&declared_size.to_le_bytes());
    }
    let cd_size = z.len() - cd;
    z.extend_from_slice(b"PK\x05\x06");
    z.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    z.extend_from_slice(&(cd_size as u32).to_le_bytes());
    z.extend_from_slice(&(cd as u32).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

/// The overlapping-members zip bomb: one deflated member `content`, and `copies`
/// central directory entries (`0000.npy`, `0001.npy`, ...) that all point at it.
pub fn zip_overlapping(copies: usize, content: &[u8]) -> Vec<u8> {
    let size = content.len() as u64;
    let one = zip_single("0000.npy", 8, 0, &deflate(content), crc32(content), size);
    let eocd = one.len() - 22;
    let cd = u32::from_le_bytes(one[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
    let mut z = one[..cd].to_vec();
    for i in 0..copies {
        let entry = z.len();
        z.extend_from_slice(&one[cd..eocd]);
        z[entry + 46..entry + 54].copy_from_slice(format!("{i:04}.npy").as_bytes());
    }
    let cd_size = z.len() - cd;
    z.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    z.extend_from_slice(&(copies as u16).to_le_bytes());
    z.extend_from_slice(&(copies as u16).to_le_bytes());
    z.extend_from_slice(&(cd_size as u32).to_le_bytes());
    z.extend_from_slice(&(cd as u32).to_le_bytes());
    z.extend_from_slice(&0u16.to_le_bytes());
    z
}

/// A safetensors file from a header JSON text and data bytes.
pub fn safetensors_file(header: &str, data: &[u8]) -> Vec<u8> {
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(data);
    out
}
