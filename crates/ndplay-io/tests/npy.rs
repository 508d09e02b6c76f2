//! `.npy` against NumPy: every fixture reads back as NumPy describes it, and the writer
//! reproduces NumPy's bytes exactly.

mod common;

use common::{assert_content, fixture, section, shape_of, temp_path};
use ndplay_io::npy::{self, NpyVersion};
use ndplay_io::{ByteOrder, ElemType, Format, IoError, RawTensor, read_path};

fn version(entry: &serde_json::Value) -> NpyVersion {
    match entry["version"][0].as_u64() {
        Some(1) => NpyVersion::V1,
        Some(2) => NpyVersion::V2,
        Some(3) => NpyVersion::V3,
        v => panic!("unexpected version {v:?}"),
    }
}

#[test]
fn every_numpy_fixture_reads_as_numpy_describes_it() {
    let entries = section("npy");
    assert!(entries.len() >= 70, "only {} npy fixtures", entries.len());
    for e in &entries {
        let rel = e["file"].as_str().unwrap();
        let t = npy::read_path(fixture(rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
        let descr = e["descr"].as_str().unwrap();
        assert_eq!(t.typestr(), descr, "{rel}");
        assert_eq!(t.shape, shape_of(e), "{rel}");
        assert_eq!(
            t.fortran_order,
            e["fortran_order"].as_bool().unwrap(),
            "{rel}"
        );
        assert!(
            t.data.is_mapped() || t.data.is_empty(),
            "{rel}: data should be read in place"
        );
        if !descr.starts_with('>') {
            assert_eq!(
                t.elem.numpy_name(),
                e["numpy_name"].as_str().unwrap(),
                "{rel}"
            );
        }
        assert_content(e, &t.to_c_order_le_bytes().unwrap(), rel);
        let header = npy::parse_header(&std::fs::read(fixture(rel)).unwrap()).unwrap();
        assert_eq!(header.version, version(e), "{rel}");

        // The same through the format-dispatching reader and from memory.
        let file = read_path(fixture(rel)).unwrap();
        assert_eq!(file.format, Format::Npy);
        assert_eq!(file.tensors, vec![t.clone()], "{rel}");
        let bytes = std::fs::read(fixture(rel)).unwrap();
        assert_eq!(npy::read_bytes(&bytes).unwrap(), t, "{rel}");
    }
}

#[test]
fn writer_output_is_byte_identical_to_numpy() {
    for e in &section("npy") {
        let rel = e["file"].as_str().unwrap();
        let original = std::fs::read(fixture(rel)).unwrap();
        let t = npy::read_path(fixture(rel)).unwrap();
        let mut ours = npy::header_bytes(&t, Some(version(e))).unwrap();
        ours.extend_from_slice(t.data.as_bytes());
        assert_eq!(
            String::from_utf8_lossy(&ours[..ours.len() - t.data.len()]),
            String::from_utf8_lossy(&original[..original.len() - t.data.len()]),
            "{rel}: header differs from NumPy's"
        );
        assert_eq!(ours, original, "{rel}");
        if version(e) == NpyVersion::V1 {
            // np.save picks 1.0 for these, and so do we.
            assert_eq!(npy::to_bytes(&t).unwrap(), original, "{rel}");
        }
    }
}

#[test]
fn write_then_read_round_trips_every_fixture() {
    for e in &section("npy") {
        let rel = e["file"].as_str().unwrap();
        let t = npy::read_path(fixture(rel)).unwrap();
        let path = temp_path(&rel.replace('/', "_"));
        npy::write(&path, &t).unwrap();
        let back = npy::read_path(&path).unwrap();
        assert_eq!(back, t, "{rel}");
        std::fs::remove_file(&path).ok();
    }
}

#[test]
fn pickled_object_array_is_refused_like_allow_pickle_false() {
    let err = npy::read_path(fixture("npy/object_pickle.npy")).unwrap_err();
    assert!(
        matches!(err.innermost(), IoError::ObjectArray { descr } if descr == "|O"),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("object_pickle.npy"), "{msg}");
    assert!(msg.contains("np.load(allow_pickle=False)"), "{msg}");
    assert!(msg.contains("re-save with a numeric dtype"), "{msg}");
}

#[test]
fn writes_big_endian_fortran_and_unicode_as_numpy_would() {
    // [[1, 2, 3], [4, 5, 6]] as >i4 in Fortran order: NumPy's header for this array.
    let data: Vec<u8> = [1i32, 4, 2, 5, 3, 6]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    let t = RawTensor::new(ElemType::I32, ByteOrder::Big, vec![2, 3], true, data.into()).unwrap();
    let bytes = npy::to_bytes(&t).unwrap();
    let header = String::from_utf8_lossy(&bytes[10..128]);
    assert!(header.starts_with("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }"));
    // 58 characters of dict, 20 spaces of growth room (21 less the digits of the last
    // axis, which grows in Fortran order), padding to 128 bytes.
    assert!(header.ends_with(&format!("}}{}\n", " ".repeat(128 - 10 - 58 - 1))));
    assert_eq!(bytes.len(), 128 + 24);

    let t = RawTensor::from_vec(
        ElemType::Unicode(2),
        vec![1],
        "hi".chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect(),
    )
    .unwrap();
    let back = npy::read_bytes(&npy::to_bytes(&t).unwrap()).unwrap();
    assert_eq!(back.typestr(), "<U2");
    assert_eq!(back, t);
}

#[test]
fn writer_refuses_inconsistent_tensors_before_creating_files() {
    let t = RawTensor {
        name: None,
        elem: ElemType::F64,
        byte_order: ByteOrder::Little,
        shape: vec![2],
        fortran_order: false,
        data: vec![0u8; 7].into(),
    };
    let path = temp_path("never_created.npy");
    let err = npy::write(&path, &t).unwrap_err();
    assert!(
        matches!(
            err.innermost(),
            IoError::DataLengthMismatch {
                expected: Some(16),
                actual: 7,
                ..
            }
        ),
        "{err}"
    );
    assert!(!path.exists());
}
