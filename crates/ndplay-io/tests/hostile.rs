//! Hostile and broken files: each is refused with a specific error whose message says
//! what was found and what to do. (`alloc_bound.rs` checks that none of these allocates
//! more than a little memory on the way.)

mod common;

use common::{crc32, deflate, fixture, npy_file, safetensors_file, temp_path, zip_single};
use ndplay_io::ReadOptions;
use ndplay_io::npz;
use ndplay_io::{
    ElemType, Format, IoError, RawTensor, npy, parse_csv_bytes, parse_npy_bytes, parse_npz_bytes,
    parse_safetensors_bytes, read_path,
};

const F8_2X3: &str = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";

fn real_npy() -> Vec<u8> {
    std::fs::read(fixture("npy/f8_le_c.npy")).unwrap()
}

/// Asserts the message has every fragment.
fn says(err: &IoError, fragments: &[&str]) {
    let msg = err.to_string();
    for f in fragments {
        assert!(msg.contains(f), "message lacks {f:?}: {msg}");
    }
}

// ---------------------------------------------------------------- .npy

#[test]
fn npy_bad_magic() {
    let err = parse_npy_bytes(b"NOTNUMPY and more").unwrap_err();
    assert!(
        matches!(&err, IoError::NotNpy { found } if found == b"NOTNUMPY"),
        "{err}"
    );
    says(&err, &["not an .npy file", "\\x93NUMPY", "b'NOTNUMPY'"]);
    let err = parse_npy_bytes(b"").unwrap_err();
    assert!(matches!(err, IoError::NotNpy { .. }), "{err}");
    let err = parse_npy_bytes(b"PK\x03\x04").unwrap_err();
    says(&err, &["starts with PK"]);
}

#[test]
fn npy_truncated_header() {
    let err = parse_npy_bytes(b"\x93NUM").unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TruncatedHeader {
                format: Format::Npy,
                needed: 10,
                available: 4
            }
        ),
        "{err}"
    );
    let file = real_npy();
    let err = parse_npy_bytes(&file[..40]).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TruncatedHeader {
                needed: 128,
                available: 40,
                ..
            }
        ),
        "{err}"
    );
    says(&err, &["needs 128 bytes but only 40", "truncated"]);
}

#[test]
fn npy_truncated_data() {
    let file = real_npy();
    let err = parse_npy_bytes(&file[..file.len() - 1]).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TruncatedData {
                expected: 48,
                available: 47,
                ..
            }
        ),
        "{err}"
    );
    says(
        &err,
        &["shape (2, 3) of float64 = 48 data bytes", "only 47 bytes"],
    );
    // The same through a real file and the path reader.
    let path = temp_path("truncated.npy");
    std::fs::write(&path, &file[..file.len() - 5]).unwrap();
    let err = npy::read_path(&path).unwrap_err();
    assert!(
        matches!(
            err.innermost(),
            IoError::TruncatedData { available: 43, .. }
        ),
        "{err}"
    );
    says(&err, &["truncated.npy"]);
}

#[test]
fn npy_header_claims_more_data_than_the_file_holds() {
    // 2^60 one-byte elements: a valid size, but the file has 16 bytes of data.
    let file = npy_file(
        1,
        "{'descr': '|u1', 'fortran_order': False, 'shape': (1152921504606846976,), }",
        &[0; 16],
    );
    let err = parse_npy_bytes(&file).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TruncatedData {
                expected: 1152921504606846976,
                available: 16,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn npy_shape_overflow() {
    // Products past 2^64, byte counts past isize::MAX, and single axes past isize::MAX
    // (which NumPy's signed sizes cannot hold either), even with no elements.
    for shape in [
        "(1099511627776, 1099511627776, 1099511627776)",
        "(9223372036854775807,)",
        "(1152921504606846976,)",
        "(18446744073709551615, 0)",
        "(0, 9223372036854775808)",
    ] {
        let dict = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
        let err = parse_npy_bytes(&npy_file(1, &dict, &[])).unwrap_err();
        assert!(
            matches!(err, IoError::ShapeOverflow { itemsize: 8, .. }),
            "{shape}: {err}"
        );
        says(&err, &["larger than any array can be", "before allocating"]);
    }
    // Larger than u64: refused by the header parser.
    let dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }";
    let err = parse_npy_bytes(&npy_file(1, dict, &[])).unwrap_err();
    assert!(matches!(err, IoError::BadHeader { .. }), "{err}");
}

#[test]
fn npy_unsupported_version_and_huge_header() {
    let mut file = real_npy();
    file[6] = 4;
    let err = parse_npy_bytes(&file).unwrap_err();
    assert!(
        matches!(err, IoError::UnsupportedNpyVersion { major: 4, minor: 0 }),
        "{err}"
    );
    says(&err, &["4.0", "1.0, 2.0 and 3.0"]);

    let mut file = b"\x93NUMPY\x02\x00".to_vec();
    file.extend_from_slice(&u32::MAX.to_le_bytes());
    file.extend_from_slice(b"{}");
    let err = parse_npy_bytes(&file).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::HeaderTooLarge {
                declared: 4294967295,
                limit: 10000,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn npy_bad_header_dicts() {
    let cases = [
        ("[1, 2]", "it is a list, not a dict"),
        ("{'descr': '<f8', 'shape': (2,), }", "exactly the keys"),
        (
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
            "unexpected key \"extra\"",
        ),
        (
            "{'descr': '<f8', 'fortran_order': 1, 'shape': (2,), }",
            "'fortran_order' is an integer",
        ),
        (
            "{'descr': '<f8', 'fortran_order': False, 'shape': [2], }",
            "'shape' is a list",
        ),
        (
            "{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }",
            "negative dimension",
        ),
        (
            "{'descr': '<f8', 'fortran_order': False, 'shape': ('2',), }",
            "holds a string",
        ),
        (
            "{'descr': 8, 'fortran_order': False, 'shape': (2,), }",
            "'descr' is an integer",
        ),
        ("__import__('os').system('echo pwned')", "unexpected text"),
        (
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)",
            "expected ',' or '}'",
        ),
        (
            "{'descr': '<f8' 'fortran_order': False}",
            "expected ',' or '}' in the dict at byte 16",
        ),
        ("{'descr' '<f8'}", "expected ':' after a dict key"),
    ];
    for (dict, reason) in cases {
        let err = parse_npy_bytes(&npy_file(1, dict, &[0; 16])).unwrap_err();
        assert!(matches!(err, IoError::BadHeader { .. }), "{dict}: {err}");
        says(&err, &[reason, "is malformed", "re-save with np.save"]);
    }
    let deep = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': {}3{}, }}",
        "(".repeat(500),
        ")".repeat(500)
    );
    let err = parse_npy_bytes(&npy_file(2, &deep, &[])).unwrap_err();
    says(&err, &["nested more than"]);
    // Version 3 headers must be UTF-8.
    let mut file = npy_file(
        3,
        "{'descr': '<U1', 'fortran_order': False, 'shape': (), }",
        &[0; 4],
    );
    file[20] = 0xff;
    let err = parse_npy_bytes(&file).unwrap_err();
    says(&err, &["must be UTF-8"]);
}

#[test]
fn npy_object_structured_and_exotic_dtypes() {
    let err = parse_npy_bytes(&npy_file(
        1,
        "{'descr': '|O', 'fortran_order': False, 'shape': (3,), }",
        &[0; 24],
    ))
    .unwrap_err();
    assert!(
        matches!(&err, IoError::ObjectArray { descr } if descr == "|O"),
        "{err}"
    );
    says(
        &err,
        &[
            "need pickle",
            "np.load(allow_pickle=False)",
            "re-save with a numeric dtype",
        ],
    );

    let structured =
        "{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }";
    let err = parse_npy_bytes(&npy_file(1, structured, &[0; 24])).unwrap_err();
    assert!(matches!(err, IoError::UnsupportedDtype { .. }), "{err}");
    says(&err, &["structured", "save each field"]);

    for (descr, hint) in [
        ("<M8[ns]", "datetime64"),
        ("|S3", "byte strings"),
        ("<f16", "longdouble"),
        ("<q9", "not a NumPy typestr"),
    ] {
        let dict = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': (), }}");
        let err = parse_npy_bytes(&npy_file(1, &dict, &[0; 16])).unwrap_err();
        assert!(
            matches!(err, IoError::UnsupportedDtype { .. }),
            "{descr}: {err}"
        );
        says(&err, &[hint]);
    }
}

#[test]
fn npy_too_many_dims() {
    let shape = format!("({})", vec!["1"; 65].join(", "));
    let dict = format!("{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
    let err = parse_npy_bytes(&npy_file(1, &dict, &[0; 8])).unwrap_err();
    assert!(
        matches!(err, IoError::TooManyDims { ndim: 65, max: 64 }),
        "{err}"
    );
}

#[test]
fn npy_accepts_what_numpy_accepts() {
    // Python 2 long literals, key order, trailing data (ignored as np.load ignores it).
    let file = npy_file(
        1,
        "{'shape': (2L,), 'fortran_order': False, 'descr': '<i2'}",
        &[1, 0, 2, 0, 9, 9],
    );
    let t = parse_npy_bytes(&file).unwrap();
    assert_eq!(t.shape, [2]);
    assert_eq!(t.data.as_bytes(), &[1, 0, 2, 0]);
    assert_eq!(t.elem, ElemType::I16);
}

// ---------------------------------------------------------------- .npz

fn npy_member(dict: &str, data: &[u8]) -> Vec<u8> {
    npy_file(1, dict, data)
}

#[test]
fn npz_zip_bomb_header_promises_terabytes() {
    // The .npy header says 2^40 float64s (8 TiB), and the zip directory agrees: refused by
    // the limit, before a byte of data is inflated.
    let content = npy_member(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }",
        &[0; 64],
    );
    let promised = 128 + 8 * (1u64 << 40);
    let z = zip_single(
        "bomb.npy",
        8,
        0,
        &deflate(&content),
        crc32(&content),
        promised,
    );
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(&err, IoError::InflateBudget { declared, members: 1, limit } if *declared == promised && *limit == 4 << 30),
        "{err}"
    );
    says(&err, &["nothing was inflated", "max_inflated_bytes"]);
}

#[test]
fn npz_zip_bomb_directory_disagrees_with_header() {
    let content = npy_member(F8_2X3, &[0; 48]);
    // Within the inflation budget, so the member's own header is what refuses it.
    let z = zip_single("a.npy", 8, 0, &deflate(&content), crc32(&content), 1 << 30);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::MemberSizeMismatch {
                zip_declared: 1073741824,
                npy_promised: 176,
                ..
            }
        ),
        "{err}"
    );
    says(&err, &["zip bombs"]);
}

#[test]
fn npz_zip_bomb_stream_expands_past_its_promise() {
    // Header and directory promise 48 bytes of data; the deflate stream holds 16 MiB.
    let mut content = npy_member(F8_2X3, &[]);
    let promised = content.len() as u64 + 48;
    content.resize(content.len() + (16 << 20), 0);
    let z = zip_single("a.npy", 8, 0, &deflate(&content), crc32(&content), promised);
    assert!(
        z.len() < 64 << 10,
        "the bomb itself is small: {} bytes",
        z.len()
    );
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(err, IoError::MemberOverflow { promised: 176, .. }),
        "{err}"
    );
}

#[test]
fn npz_zip_bomb_members_share_one_stream() {
    // 200 directory entries point at one 1 MB deflated member: a 16 KB file that would
    // inflate to 200 MB, each entry within the limit (found while writing the npz fuzz
    // target's memory bound). Refused as Python's zipfile refuses it ("Overlapped
    // entries").
    let content = npy_member(
        "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000,), }",
        &[0; 1_000_000],
    );
    let z = common::zip_overlapping(200, &content);
    assert!(z.len() < 16 << 10, "the bomb is small: {} bytes", z.len());
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(&err, IoError::BadZip { member: Some(m), .. } if m == "0001.npy"),
        "{err}"
    );
    says(&err, &["0001.npy", "overlap", "\"0000.npy\"", "zip bomb"]);
    // A member whose data runs into the next member's local header is refused too.
    let t = RawTensor::from_vec(ElemType::U8, vec![8], vec![7; 8]).unwrap();
    let mut z = npz::to_bytes(&[("a", &t), ("b", &t)], false).unwrap();
    let a_size = 30 + 5 + 136; // local header, "a.npy", .npy header and data
    let cd = z.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    for at in [cd + 20, cd + 24] {
        z[at..at + 4].copy_from_slice(&((a_size - 30 - 5 + 1) as u32).to_le_bytes());
    }
    let err = parse_npz_bytes(&z).unwrap_err();
    says(&err, &["b.npy", "overlap", "\"a.npy\""]);
}

#[test]
fn npz_inflation_limit_counts_all_members_before_inflating() {
    let t = RawTensor::from_vec(ElemType::U8, vec![6000], vec![0; 6000]).unwrap();
    let bytes = npz::to_bytes(&[("a", &t), ("b", &t)], true).unwrap();
    let options = ReadOptions {
        max_inflated_bytes: 10_000,
        ..ReadOptions::default()
    };
    let err = npz::read_bytes(&bytes, &options).unwrap_err();
    assert!(
        matches!(
            &err,
            IoError::InflateBudget {
                declared: 12_256,
                members: 2,
                limit: 10_000
            }
        ),
        "{err}"
    );
    says(
        &err,
        &["2 deflated members declare 12256 bytes", "limit of 10000"],
    );
    // Exactly the budget is allowed.
    let exact = ReadOptions {
        max_inflated_bytes: 12_256,
        ..ReadOptions::default()
    };
    assert_eq!(npz::read_bytes(&bytes, &exact).unwrap().len(), 2);
    // Stored members are mapped, not inflated: the limit does not apply.
    let stored = npz::to_bytes(&[("a", &t), ("b", &t)], false).unwrap();
    assert_eq!(npz::read_bytes(&stored, &options).unwrap().len(), 2);
}

#[test]
fn npz_broken_containers() {
    let good = std::fs::read(fixture("npz/stored.npz")).unwrap();
    // Truncated anywhere: a clear error, never a panic.
    for cut in [0, 3, 30, good.len() / 2, good.len() - 30, good.len() - 1] {
        let err = parse_npz_bytes(&good[..cut]).unwrap_err();
        assert!(
            matches!(
                err.innermost(),
                IoError::BadZip { .. } | IoError::TruncatedData { .. }
            ),
            "cut {cut}: {err}"
        );
    }
    let err = parse_npz_bytes(b"just text").unwrap_err();
    says(&err, &["no end-of-central-directory record"]);

    // Directory offset beyond the end record.
    let mut bad = good.clone();
    let eocd = bad.len() - 22;
    bad[eocd + 16..eocd + 20].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = parse_npz_bytes(&bad).unwrap_err();
    says(&err, &["central directory claims bytes"]);

    // An entry count the directory cannot hold.
    let mut bad = good.clone();
    bad[eocd + 10..eocd + 12].copy_from_slice(&u16::MAX.to_le_bytes());
    let err = parse_npz_bytes(&bad).unwrap_err();
    says(&err, &["claims 65535 entries"]);
}

#[test]
fn npz_member_level_refusals() {
    let content = npy_member(F8_2X3, &[0; 48]);
    let n = content.len() as u64;
    let z = zip_single("a.npy", 12, 0, &content, crc32(&content), n);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(err, IoError::UnsupportedCompression { method: 12, .. }),
        "{err}"
    );
    says(&err, &["np.savez_compressed"]);

    let z = zip_single("a.npy", 0, 1, &content, crc32(&content), n);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(matches!(err, IoError::EncryptedMember { .. }), "{err}");

    let z = zip_single("a.npy", 8, 0, &deflate(&content), crc32(&content) ^ 1, n);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(matches!(err, IoError::CrcMismatch { .. }), "{err}");

    let z = zip_single("a.npy", 0, 0, &content, crc32(&content) ^ 1, n);
    assert!(
        parse_npz_bytes(&z).is_ok(),
        "stored CRC is not checked by default"
    );
    let strict = ReadOptions {
        verify_stored_crc: true,
        ..ReadOptions::default()
    };
    let err = npz::read_bytes(&z, &strict).unwrap_err();
    assert!(matches!(err, IoError::CrcMismatch { .. }), "{err}");

    // A stored member whose .npy header claims more than the member holds.
    let short = npy_member(F8_2X3, &[0; 40]);
    let z = zip_single("short.npy", 0, 0, &short, crc32(&short), short.len() as u64);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(&err, IoError::InMember { member, .. } if member == "short.npy"),
        "{err}"
    );
    assert!(
        matches!(
            err.innermost(),
            IoError::TruncatedData {
                expected: 48,
                available: 40,
                ..
            }
        ),
        "{err}"
    );

    // A deflate stream that ends early.
    let z = zip_single("cut.npy", 8, 0, &deflate(&short), crc32(&short), n);
    let err = parse_npz_bytes(&z).unwrap_err();
    assert!(
        matches!(
            err.innermost(),
            IoError::TruncatedData {
                format: Format::Npz,
                ..
            }
        ),
        "{err}"
    );

    // Garbage instead of deflate data.
    let z = zip_single("junk.npy", 8, 0, &[0xff; 64], 0, n);
    let err = parse_npz_bytes(&z).unwrap_err();
    says(&err, &["deflate stream is corrupt"]);
}

// ---------------------------------------------------------------- .safetensors

const ST_OK: &str = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;

#[test]
fn safetensors_absurd_header_length() {
    let mut file = u64::MAX.to_le_bytes().to_vec();
    file.extend_from_slice(b"{}");
    let err = parse_safetensors_bytes(&file).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::SafetensorsHeaderTooLarge {
                declared: u64::MAX,
                available: 2,
                ..
            }
        ),
        "{err}"
    );
    let mut file = 1000u64.to_le_bytes().to_vec();
    file.extend_from_slice(b"{}");
    let err = parse_safetensors_bytes(&file).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::SafetensorsHeaderTooLarge { declared: 1000, .. }
        ),
        "{err}"
    );
    says(&err, &["truncated"]);
    let err = parse_safetensors_bytes(b"\x01\x00").unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TruncatedHeader {
                format: Format::Safetensors,
                needed: 8,
                available: 2
            }
        ),
        "{err}"
    );
}

#[test]
fn safetensors_offsets_out_of_range_reversed_overlapping_holes() {
    let err = parse_safetensors_bytes(&safetensors_file(
        r#"{"a":{"dtype":"F32","shape":[250],"data_offsets":[0,1000]}}"#,
        &[0; 8],
    ))
    .unwrap_err();
    assert!(
        matches!(
            err,
            IoError::SafetensorsOffsets {
                begin: 0,
                end: 1000,
                data_len: 8,
                ..
            }
        ),
        "{err}"
    );
    says(&err, &["runs past the end"]);

    let err = parse_safetensors_bytes(&safetensors_file(
        r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,
        &[0; 8],
    ))
    .unwrap_err();
    assert!(
        matches!(err, IoError::SafetensorsOffsets { reason, .. } if reason.contains("begin is after end")),
        "{err}"
    );

    let overlapping = r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#;
    let err = parse_safetensors_bytes(&safetensors_file(overlapping, &[0; 12])).unwrap_err();
    assert!(
        matches!(&err, IoError::SafetensorsOverlap { first, second, first_end: 8, second_begin: 4 } if first == "a" && second == "b"),
        "{err}"
    );

    let hole = r#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#;
    let err = parse_safetensors_bytes(&safetensors_file(hole, &[0; 12])).unwrap_err();
    assert!(
        matches!(err, IoError::SafetensorsHole { start: 4, end: 8 }),
        "{err}"
    );
    let err = parse_safetensors_bytes(&safetensors_file(ST_OK, &[0; 9])).unwrap_err();
    assert!(
        matches!(err, IoError::SafetensorsHole { start: 8, end: 9 }),
        "{err}"
    );
}

#[test]
fn safetensors_bad_entries() {
    let err = parse_safetensors_bytes(&safetensors_file(
        r#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
        &[0; 8],
    ))
    .unwrap_err();
    assert!(
        matches!(
            err,
            IoError::SafetensorsSizeMismatch {
                expected: 12,
                actual: 8,
                ..
            }
        ),
        "{err}"
    );
    says(&err, &["shape (3,) of F32 = 12 bytes"]);

    let err = parse_safetensors_bytes(&safetensors_file(
        r#"{"a":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,8]}}"#,
        &[0; 8],
    ))
    .unwrap_err();
    assert!(matches!(err, IoError::ShapeOverflow { .. }), "{err}");

    let err = parse_safetensors_bytes(&safetensors_file(
        r#"{"a":{"dtype":"F8_E4M3","shape":[8],"data_offsets":[0,8]}}"#,
        &[0; 8],
    ))
    .unwrap_err();
    assert!(
        matches!(&err, IoError::SafetensorsUnsupportedDtype { dtype, .. } if dtype == "F8_E4M3"),
        "{err}"
    );

    for (header, fragment) in [
        (
            r#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#,
            "\"dtype\" is missing",
        ),
        (
            r#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
            "non-negative integers",
        ),
        (
            r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
            "two non-negative integers",
        ),
        (r#"{"a":[1,2]}"#, "not a JSON object"),
    ] {
        let err = parse_safetensors_bytes(&safetensors_file(header, &[0; 8])).unwrap_err();
        assert!(
            matches!(err, IoError::SafetensorsBadEntry { .. }),
            "{header}: {err}"
        );
        says(&err, &[fragment]);
    }
    for (header, fragment) in [
        ("not json", "does not start with '{'"),
        (r#"{"a":"#, "invalid JSON"),
        (r#"{"__metadata__":{"k":1}}"#, "is not a string"),
    ] {
        let err = parse_safetensors_bytes(&safetensors_file(header, &[])).unwrap_err();
        assert!(
            matches!(err, IoError::SafetensorsBadHeader { .. }),
            "{header}: {err}"
        );
        says(&err, &[fragment]);
    }
}

// ---------------------------------------------------------------- .csv and dispatch

#[test]
fn csv_not_utf8_and_unterminated_quotes() {
    let err = parse_csv_bytes(b"1,2\n3,\xff\n").unwrap_err();
    assert!(matches!(err, IoError::CsvNotUtf8 { offset: 6 }), "{err}");
    let err = parse_csv_bytes(b"a,b\n1,\"2\n3,4\n").unwrap_err();
    assert!(
        matches!(err, IoError::CsvUnterminatedQuote { row: 2 }),
        "{err}"
    );
}

#[test]
fn unknown_and_missing_files() {
    let path = temp_path("mystery.bin");
    std::fs::write(&path, b"\x00\x01\x02 not a tensor").unwrap();
    let err = read_path(&path).unwrap_err();
    assert!(
        matches!(err.innermost(), IoError::UnknownFormat { .. }),
        "{err}"
    );
    says(&err, &["mystery.bin", "rename the file"]);

    let err = read_path(temp_path("does-not-exist.npy")).unwrap_err();
    assert!(matches!(err.innermost(), IoError::Os { .. }), "{err}");
    says(&err, &["does-not-exist.npy", "could not open the file"]);

    // A mis-named file is read by its signature.
    let path = temp_path("actually_npy.csv");
    std::fs::write(&path, real_npy()).unwrap();
    assert_eq!(read_path(&path).unwrap().format, Format::Npy);
}
