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
