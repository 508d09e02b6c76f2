//! `.npz` against NumPy: `np.savez` (stored) and `np.savez_compressed` (deflated)
//! archives read back as NumPy describes them; our archives round-trip.

mod common;

use common::{assert_content, crc32, fixture, section, shape_of, temp_path, zip_single};
use ndplay_io::ReadOptions;
use ndplay_io::npz;
use ndplay_io::{ElemType, Format, IoError, RawTensor, read_path};

#[test]
fn every_numpy_archive_reads_as_numpy_describes_it() {
    let entries = section("npz");
    assert!(entries.len() >= 3);
    for e in &entries {
        let rel = e["file"].as_str().unwrap();
        let compressed = e["compressed"].as_bool().unwrap();
        let tensors = npz::read_path(fixture(rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
        let members = e["members"].as_array().unwrap();
        assert_eq!(tensors.len(), members.len(), "{rel}");
        for m in members {
            let name = m["name"].as_str().unwrap();
            let what = format!("{rel}:{name}");
            let t = tensors
                .iter()
                .find(|t| t.name.as_deref() == Some(name))
                .unwrap_or_else(|| panic!("{what} missing"));
            assert_eq!(t.typestr(), m["descr"].as_str().unwrap(), "{what}");
            assert_eq!(t.shape, shape_of(m), "{what}");
            assert_eq!(
                t.fortran_order,
                m["fortran_order"].as_bool().unwrap(),
                "{what}"
            );
            assert_content(m, &t.to_c_order_le_bytes().unwrap(), &what);
            if !compressed && !t.data.is_empty() {
                assert!(
                    t.data.is_mapped(),
                    "{what}: stored members are read in place"
                );
            }
        }
        let file = read_path(fixture(rel)).unwrap();
        assert_eq!(file.format, Format::Npz);
        assert_eq!(file.tensors, tensors);
        let in_memory = ndplay_io::parse_npz_bytes(&std::fs::read(fixture(rel)).unwrap()).unwrap();
        assert_eq!(in_memory, tensors);
    }
}

#[test]
fn our_archives_round_trip_stored_and_deflated() {
    for e in &section("npz") {
        let rel = e["file"].as_str().unwrap();
        let tensors = npz::read_path(fixture(rel)).unwrap();
        let members: Vec<(&str, &RawTensor)> = tensors
            .iter()
            .map(|t| (t.name.as_deref().unwrap(), t))
            .collect();
        for compressed in [false, true] {
            let path = temp_path(&format!("rt_{compressed}_{}", rel.replace('/', "_")));
            npz::write(&path, &members, compressed).unwrap();
            let back = npz::read_path_with(
                &path,
                &ReadOptions {
                    verify_stored_crc: true,
                    ..ReadOptions::default()
                },
            )
            .unwrap();
            assert_eq!(back, tensors, "{rel} compressed={compressed}");
            std::fs::remove_file(&path).ok();
        }
    }
}

#[test]
fn the_same_arrays_give_the_same_bytes() {
    let t = RawTensor::from_vec(ElemType::U8, vec![3], vec![1, 2, 3]).unwrap();
    for compressed in [false, true] {
        let a = npz::to_bytes(&[("x", &t)], compressed).unwrap();
        let b = npz::to_bytes(&[("x", &t)], compressed).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn object_member_is_refused_and_named() {
    let err = npz::read_path(fixture("npz/object_member.npz")).unwrap_err();
    assert!(
        matches!(err.innermost(), IoError::ObjectArray { .. }),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("object_member.npz"), "{msg}");
    assert!(msg.contains("\"obj.npy\""), "{msg}");
}

#[test]
fn non_npy_members_are_skipped_like_numpy_returns_them_as_bytes() {
    let tensors = npz::read_path(fixture("npz/with_extra_member.npz")).unwrap();
    assert_eq!(tensors.len(), 1);
    assert_eq!(tensors[0].name.as_deref(), Some("x"));
}

#[test]
fn skipped_members_are_named_for_a_warning() {
    // Deflated (the fixture) and stored: each skipped member is named, with its first bytes.
    let file = ndplay_io::read_path(fixture("npz/with_extra_member.npz")).unwrap();
    assert_eq!(file.tensors.len(), 1);
    assert_eq!(file.skipped.len(), 1);
    assert_eq!(file.skipped[0].name, "README.txt");
    assert_eq!(file.skipped[0].head, b"not an a");
    let text = file.skipped[0].to_string();
    assert!(text.contains("\"README.txt\" was skipped"), "{text}");
    assert!(text.contains("b'not an a'"), "{text}");

    let t = RawTensor::from_vec(ElemType::U8, vec![2], vec![1, 2]).unwrap();
    let header = ndplay_io::npy::header_bytes(&t, None).unwrap();
    let mut npy = header.clone();
    npy.extend_from_slice(&[1, 2]);
    for (name, content, skipped) in [
        ("notes.txt", &b"hello"[..], true),
        ("empty.npy", &b""[..], true),
        ("data.bin", &npy[..], false), // .npy data under another name: an array, as np.load reads it
    ] {
        let z = zip_single(name, 0, 0, content, crc32(content), content.len() as u64);
        let archive =
            npz::read_archive(ndplay_io::TensorBytes::from_vec(z), &ReadOptions::default())
                .unwrap();
        let names: Vec<&str> = archive.skipped.iter().map(|s| s.name.as_str()).collect();
        if skipped {
            assert_eq!((archive.tensors.len(), names), (0, vec![name]), "{name}");
        } else {
            assert_eq!(archive.tensors[0].name.as_deref(), Some(name), "{name}");
            assert!(names.is_empty(), "{name}");
        }
    }
}

#[test]
fn member_count_is_bounded_before_reading_members() {
    let t = RawTensor::from_vec(ElemType::U8, vec![1], vec![7]).unwrap();
    let names: Vec<String> = (0..5).map(|i| format!("t{i}")).collect();
    let members: Vec<(&str, &RawTensor)> = names.iter().map(|n| (n.as_str(), &t)).collect();
    let bytes = npz::to_bytes(&members, true).unwrap();
    let four = ReadOptions {
        max_tensors: 4,
        ..ReadOptions::default()
    };
    let err = npz::read_bytes(&bytes, &four).unwrap_err();
    assert!(
        matches!(
            err,
            IoError::TooManyTensors {
                found: 5,
                limit: 4,
                ..
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("lists 5 members, over the limit of 4"),
        "{err}"
    );
    let five = ReadOptions {
        max_tensors: 5,
        ..ReadOptions::default()
    };
    assert_eq!(npz::read_bytes(&bytes, &five).unwrap().len(), 5);
}

#[test]
fn writer_refuses_bad_names_and_bf16() {
    let t = RawTensor::from_vec(ElemType::U8, vec![1], vec![1]).unwrap();
    for (members, what) in [
        (vec![("", &t)], "empty"),
        (vec![("a", &t), ("a", &t)], "duplicate"),
        (vec![("a\0b", &t)], "nul"),
    ] {
        let err = npz::to_bytes(&members, false).unwrap_err();
        assert!(
            matches!(err, IoError::BadMemberName { .. }),
            "{what}: {err}"
        );
    }
    let bf = RawTensor::from_vec(ElemType::BF16, vec![1], vec![0, 0]).unwrap();
    let path = temp_path("bf16_never.npz");
    let err = npz::write(&path, &[("w", &bf)], true).unwrap_err();
    assert!(
        matches!(err.innermost(), IoError::Unwritable { .. }),
        "{err}"
    );
    assert!(!path.exists());
}
