//! `.csv`: delimiters, headers, NaN spellings, quoting, `np.savetxt` output, and the
//! errors that name row and column.

mod common;

use common::{assert_content, fixture, section, shape_of, temp_path};
use ndplay_io::csv::{self, CsvWriteOptions};
use ndplay_io::{ByteOrder, ElemType, Format, IoError, RawTensor, read_path};

#[test]
fn every_fixture_reads_as_python_float_would() {
    let entries = section("csv");
    assert!(entries.len() >= 7);
    for e in &entries {
        let rel = e["file"].as_str().unwrap();
        let table = csv::read_path(fixture(rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
        assert_eq!(table.tensor.elem, ElemType::F64);
        assert_eq!(table.tensor.shape, shape_of(e), "{rel}");
        let delim = e["delimiter"].as_str().unwrap().as_bytes()[0];
        assert_eq!(table.delimiter, delim, "{rel}");
        let cols: Option<Vec<String>> = e["columns"]
            .as_array()
            .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect());
        assert_eq!(table.columns, cols, "{rel}");
        assert_content(e, table.tensor.data.as_bytes(), rel);
        let file = read_path(fixture(rel)).unwrap();
        assert_eq!(file.format, Format::Csv);
        assert_eq!(file.columns, table.columns);
    }
}

#[test]
fn errors_name_row_column_and_text() {
    for e in &section("csv_errors") {
        let rel = e["file"].as_str().unwrap();
        let err = csv::read_path(fixture(rel)).unwrap_err();
        let row = e["row"].as_u64().unwrap() as usize;
        match (e["kind"].as_str().unwrap(), err.innermost()) {
            (
                "bad_cell",
                IoError::CsvBadCell {
                    row: r,
                    column,
                    column_name,
                    text,
                },
            ) => {
                assert_eq!(*r, row);
                assert_eq!(*column as u64, e["column"].as_u64().unwrap());
                assert_eq!(column_name.as_deref(), e["column_name"].as_str());
                assert_eq!(text, e["text"].as_str().unwrap());
                let msg = err.to_string();
                assert!(
                    msg.contains("row 3, column 2 (\"b\"): \"abc\" is not a number"),
                    "{msg}"
                );
            }
            (
                "ragged",
                IoError::CsvRaggedRow {
                    row: r,
                    found,
                    expected,
                    first_row,
                },
            ) => {
                assert_eq!(*r, row);
                assert_eq!(*found as u64, e["found"].as_u64().unwrap());
                assert_eq!(*expected as u64, e["expected"].as_u64().unwrap());
                assert_eq!(*first_row, 1);
                assert!(
                    err.to_string()
                        .contains("row 3 has 2 cells but row 1 has 3"),
                    "{err}"
                );
            }
            (kind, other) => panic!("{rel}: expected {kind}, got {other:?}"),
        }
    }
}

#[test]
fn write_then_read_round_trips() {
    let values = [1.0, -2.5, f64::NAN, f64::INFINITY, 1e-7, 1e300, 0.1, -0.0];
    let data: Vec<u8> = values.iter().flat_map(|x| x.to_le_bytes()).collect();
    let t = RawTensor::from_vec(ElemType::F64, vec![4, 2], data).unwrap();
    for delimiter in [b',', b';', b'\t'] {
        let options = CsvWriteOptions {
            delimiter,
            columns: Some(vec!["first".into(), "sec,ond".into()]),
        };
        let path = temp_path(&format!("rt_{delimiter}.csv"));
        csv::write(&path, &t, &options).unwrap();
        let back = csv::read_path(&path).unwrap();
        assert_eq!(back.columns, options.columns);
        assert_eq!(back.delimiter, delimiter);
        let got = back.values();
        for (a, b) in got.iter().zip(&values) {
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{a} vs {b}"
            );
        }
        std::fs::remove_file(&path).ok();
    }
}

#[test]
fn writes_ints_bools_halves_and_fortran_big_endian() {
    let t = RawTensor::new(
        ElemType::I16,
        ByteOrder::Big,
        vec![2, 2],
        true,
        [1i16, -3, 2, 4]
            .iter()
            .flat_map(|x| x.to_be_bytes())
            .collect::<Vec<u8>>()
            .into(),
    )
    .unwrap();
    assert_eq!(
        csv::to_string(&t, &CsvWriteOptions::default()).unwrap(),
        "1,2\n-3,4\n"
    );
    let b = RawTensor::from_vec(ElemType::Bool, vec![3], vec![1, 0, 1]).unwrap();
    assert_eq!(
        csv::to_string(&b, &CsvWriteOptions::default()).unwrap(),
        "1\n0\n1\n"
    );
    let h = RawTensor::from_vec(
        ElemType::F16,
        vec![1, 2],
        [half::f16::from_f32(0.1), half::f16::from_f32(-2.0)]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect(),
    )
    .unwrap();
    assert_eq!(
        csv::to_string(&h, &CsvWriteOptions::default()).unwrap(),
        "0.1,-2.0\n"
    );
}

#[test]
fn refuses_what_csv_cannot_hold() {
    let scalar = RawTensor::from_vec(ElemType::F64, vec![], vec![0; 8]).unwrap();
    let cube = RawTensor::from_vec(ElemType::U8, vec![1, 1, 1], vec![0]).unwrap();
    let complex = RawTensor::from_vec(ElemType::C64, vec![1], vec![0; 8]).unwrap();
    for t in [scalar, cube, complex] {
        let err = csv::to_string(&t, &CsvWriteOptions::default()).unwrap_err();
        assert!(
            matches!(
                err,
                IoError::Unwritable {
                    format: Format::Csv,
                    ..
                }
            ),
            "{err}"
        );
    }
}

#[test]
fn binary_input_is_not_text_not_an_empty_table() {
    for (bytes, offset) in [
        (vec![0u8; 1 << 20], 0),
        (b"a,b\n1,2\0\n".to_vec(), 7),
        (
            "x\n1\n"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect(),
            1,
        ), // UTF-16
    ] {
        let err = csv::read_bytes(&bytes).unwrap_err();
        assert!(
            matches!(err, IoError::CsvNotText { offset: o } if o == offset),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            text.contains(&format!("not a text file: byte {offset} is NUL")),
            "{text}"
        );
    }
    // Past the sniffed block a NUL is still refused, as the cell it sits in.
    let mut late = "1\n".repeat(csv::TEXT_SNIFF_BYTES).into_bytes();
    late.extend_from_slice(b"2\0\n");
    assert!(matches!(
        csv::read_bytes(&late),
        Err(IoError::CsvBadCell { .. })
    ));
}

#[test]
fn a_path_that_is_not_a_regular_file_is_refused_before_opening() {
    for path in ["/dev/zero", "/dev/urandom", "/"] {
        let err = read_path(path).unwrap_err();
        assert!(
            matches!(err.innermost(), IoError::NotRegularFile { .. }),
            "{path}: {err}"
        );
    }
}

/// The `np.loadtxt` code the playground shows for a CSV reproduces ndplay's array in
/// real NumPy: `fixtures/gen_csv_loadtxt.py` ran each case's code in NumPy and recorded
/// the array (header rows, `;` and tab files, missing values, NA, quotes, `# a,b`
/// headers, comments, one row or column, `1_000`, infinities, spaces, CRLF).
#[test]
fn the_loadtxt_code_shown_for_a_csv_gives_the_same_array_in_numpy() {
    let text = std::fs::read_to_string(fixture("csv_loadtxt/cases.json")).expect("cases");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let cases = doc["cases"].as_array().expect("cases");
    assert!(cases.len() >= 16);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let table =
            csv::read_str(case["text"].as_str().unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            table.load.numpy_code("f.csv"),
            case["code"].as_str().unwrap(),
            "{name}"
        );
        assert_eq!(table.tensor.shape, shape_of(case), "{name}");
        let numpy: Vec<f64> = case["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| match v.as_str() {
                Some("nan") => f64::NAN,
                Some("inf") => f64::INFINITY,
                Some("-inf") => f64::NEG_INFINITY,
                _ => v.as_f64().unwrap(),
            })
            .collect();
        let ours = table.values();
        assert_eq!(ours.len(), numpy.len(), "{name}");
        for (a, b) in ours.iter().zip(&numpy) {
            assert!(
                a == b || (a.is_nan() && b.is_nan()),
                "{name}: {ours:?} vs NumPy {numpy:?}"
            );
        }
    }
}
