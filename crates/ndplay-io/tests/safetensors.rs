//! `.safetensors` against the `safetensors` package: every dtype, metadata, BF16.

mod common;

use common::{assert_content, fixture, hex, section, shape_of};
use ndplay_io::{ByteOrder, ElemType, Format, read_path, safetensors};

#[test]
fn every_fixture_reads_as_safetensors_describes_it() {
    let entries = section("safetensors");
    assert!(entries.len() >= 2);
    let mut dtypes_seen = std::collections::BTreeSet::new();
    for e in &entries {
        let rel = e["file"].as_str().unwrap();
        let st = safetensors::read_path(fixture(rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
        let want = e["tensors"].as_array().unwrap();
        let names: Vec<&str> = want.iter().map(|m| m["name"].as_str().unwrap()).collect();
        let got: Vec<&str> = st
            .tensors
            .iter()
            .map(|t| t.name.as_deref().unwrap())
            .collect();
        assert_eq!(got, names, "{rel}: tensors sorted by name");
        for (m, t) in want.iter().zip(&st.tensors) {
            let what = format!("{rel}:{}", m["name"]);
            let dtype = m["dtype"].as_str().unwrap();
            dtypes_seen.insert(dtype.to_string());
            assert_eq!(Some(t.elem), safetensors::elem_from_dtype(dtype), "{what}");
            assert_eq!(t.shape, shape_of(m), "{what}");
            assert!(!t.fortran_order);
            assert_eq!(t.byte_order, t.elem.effective_order(ByteOrder::Little));
            assert!(t.data.is_mapped() || t.data.is_empty(), "{what}");
            assert_content(m, t.data.as_bytes(), &what);
            if let Some(f32_hex) = m["as_f32_hex"].as_str() {
                let widened: Vec<u8> = t
                    .data
                    .as_bytes()
                    .chunks_exact(2)
                    .flat_map(|c| {
                        half::bf16::from_le_bytes([c[0], c[1]])
                            .to_f32()
                            .to_le_bytes()
                    })
                    .collect();
                assert_eq!(widened, hex(f32_hex), "{what}: bf16 values");
            }
        }
        let meta = e["metadata"].as_object().unwrap();
        assert_eq!(st.metadata.len(), meta.len(), "{rel}");
        for (k, v) in meta {
            assert_eq!(st.metadata.get(k).map(String::as_str), v.as_str(), "{rel}");
        }
        let file = read_path(fixture(rel)).unwrap();
        assert_eq!(file.format, Format::Safetensors);
        assert_eq!(file.tensors, st.tensors);
        assert_eq!(file.metadata, st.metadata);
        assert_eq!(
            ndplay_io::parse_safetensors_bytes(&std::fs::read(fixture(rel)).unwrap()).unwrap(),
            st
        );
    }
    let all: Vec<&str> = vec![
        "BF16", "BOOL", "F16", "F32", "F64", "I16", "I32", "I64", "I8", "U16", "U32", "U64", "U8",
    ];
    assert_eq!(
        dtypes_seen.iter().map(String::as_str).collect::<Vec<_>>(),
        all
    );
}

#[test]
fn bf16_is_its_own_element_type() {
    let st = safetensors::read_path(fixture("safetensors/bf16.safetensors")).unwrap();
    assert_eq!(st.tensors[0].elem, ElemType::BF16);
    assert_eq!(st.tensors[0].elem.numpy_name(), "bfloat16");
}

/// A header listing `n` empty U8 tensors (plus metadata, which is not a tensor).
fn many_empty_tensors(n: usize) -> Vec<u8> {
    let entries: Vec<String> = (0..n)
        .map(|i| format!(r#""t{i}":{{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#))
        .collect();
    let header = format!(r#"{{"__metadata__":{{"a":"b"}},{}}}"#, entries.join(","));
    common::safetensors_file(&header, &[])
}

#[test]
fn tensor_count_is_bounded_while_the_header_is_parsed() {
    let file = many_empty_tensors(6);
    let five = ndplay_io::ReadOptions {
        max_tensors: 5,
        ..Default::default()
    };
    let err = safetensors::read_shared_with(ndplay_io::TensorBytes::from_vec(file.clone()), &five)
        .unwrap_err();
    assert!(
        matches!(
            err,
            ndplay_io::IoError::TooManyTensors {
                found: 6,
                limit: 5,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("lists 6 tensors, over the limit of 5"),
        "{err}"
    );
    let six = ndplay_io::ReadOptions {
        max_tensors: 6,
        ..Default::default()
    };
    let st = safetensors::read_shared_with(ndplay_io::TensorBytes::from_vec(file), &six).unwrap();
    assert_eq!((st.tensors.len(), st.metadata.len()), (6, 1));
}

#[test]
fn default_tensor_limit_refuses_many_empty_tensors_quickly() {
    // 60,000 entries (the issue's file had 600,000): refused by the default limit of
    // 10,000 without building the tensor list.
    let file = many_empty_tensors(60_000);
    let start = std::time::Instant::now();
    let err = safetensors::read_bytes(&file).unwrap_err();
    assert!(
        matches!(
            err,
            ndplay_io::IoError::TooManyTensors {
                found: 60_000,
                limit: 10_000,
                ..
            }
        ),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
}
