//! `ndplay inspect` end to end: the built binary on the inspector's NumPy fixture files,
//! checking the table, the JSON contract, exit codes 0/1/2, hostile files, globs, views,
//! and that shards inspected apart and combined give the single run's report.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ndplay_io::{ElemType, RawTensor};
use serde_json::Value as J;

/// Runs the binary with `args`; stdout is a pipe, so there is never colour.
fn ndplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ndplay"))
        .arg("inspect")
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run ndplay")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../ndplay-inspect/tests/fixtures/data")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// A fresh directory for one test.
fn temp_dir(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ndplay_cli_inspect_{}_{test}", std::process::id()));
    std::fs::remove_dir_all(&d).ok();
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn json(o: &Output) -> J {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}

/// Asserts a line of the table has the signal with this status and text.
fn table_says(out: &str, signal: &str, status: &str, text: &str) {
    let found = out.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with(signal)
            && l[signal.len()..].trim_start().starts_with(status)
            && l.contains(text)
    });
    assert!(found, "no `{signal} {status} ...{text}...` line in:\n{out}");
}

#[test]
fn clean_file_is_all_ok_and_exits_0() {
    let o = ndplay(&[&fixture("f64_large.npy")]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}{}", stderr(&o));
    table_says(&out, "shape", "ok", "rank 2, shape (60, 7)");
    table_says(&out, "dtype", "ok", "float64");
    table_says(&out, "nan_inf", "ok", "no NaN or Inf");
    table_says(&out, "memory", "ok", "3360 bytes");
    table_says(&out, "contiguity", "ok", "C-contiguous, strides (56, 8)");
    assert!(out.contains("histogram"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when piped: {out:?}");
    assert!(
        out.contains("1 tensor in 1 file: 1 ok, 0 warn, 0 fail"),
        "{out}"
    );
}

#[test]
fn nan_and_inf_fail_and_exit_1() {
    let o = ndplay(&[&fixture("f32_c.npy")]);
    let out = stdout(&o);
    assert_eq!(code(&o), 1, "{out}");
    table_says(
        &out,
        "nan_inf",
        "fail",
        "6 NaN, 1 +Inf, 1 -Inf in 60 values",
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn json_follows_the_contract() {
    let o = ndplay(&[
        "--json",
        &fixture("mixed.npz"),
        &fixture("f32_f.npy"),
        &fixture("strings.npy"),
    ]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let doc = json(&o);
    let files = doc["files"].as_array().expect("files");
    assert_eq!(files.len(), 3);
    let tensor_keys = [
        "name",
        "shape",
        "dtype",
        "itemsize",
        "strides",
        "c_contiguous",
        "f_contiguous",
        "nbytes",
        "size",
        "nan_count",
        "posinf_count",
        "neginf_count",
        "finite_min",
        "finite_max",
        "mean",
        "std",
        "signals",
    ];
    for f in files {
        assert!(f["path"].is_string() && f["format"].is_string(), "{f}");
        for t in f["tensors"].as_array().expect("tensors") {
            for k in tensor_keys {
                assert!(t.get(k).is_some(), "tensor lacks {k}: {t}");
            }
            let names: Vec<&str> = t["signals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["name"].as_str().unwrap())
                .collect();
            assert_eq!(names, ndplay_inspect::report::SIGNAL_NAMES);
            for s in t["signals"].as_array().unwrap() {
                assert!(
                    ["ok", "warn", "fail"].contains(&s["status"].as_str().unwrap()),
                    "{s}"
                );
                assert!(!s["detail"].as_str().unwrap().is_empty());
            }
        }
    }
    let npz = &files[0];
    assert_eq!(npz["format"], "npz");
    let x = &npz["tensors"][0];
    assert_eq!(
        (x["name"].as_str(), x["dtype"].as_str()),
        (Some("x"), Some("float64"))
    );
    assert_eq!(x["strides"], serde_json::json!([32, 8]));
    assert_eq!(
        (
            x["finite_min"].as_f64(),
            x["finite_max"].as_f64(),
            x["mean"].as_f64()
        ),
        (Some(0.0), Some(11.0), Some(5.5))
    );
    // float64 beside float32 in one file: the silent upcast is called out.
    assert_eq!(x["signals"][1]["status"], "warn", "{x}");
    assert!(
        x["signals"][1]["detail"]
            .as_str()
            .unwrap()
            .contains("upcasts to float64")
    );
    let y = &npz["tensors"][1];
    assert_eq!(
        (y["finite_min"].as_i64(), y["finite_max"].as_i64()),
        (Some(0), Some(2)),
        "integers stay integers"
    );

    let f = &files[1]["tensors"][0];
    assert!(f["name"].is_null(), "a single .npy has no tensor name");
    assert_eq!(f["strides"], serde_json::json!([4, 16, 80]));
    assert_eq!(
        (f["c_contiguous"].as_bool(), f["f_contiguous"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(f["signals"][5]["status"], "warn");
    assert_eq!(
        (
            f["nan_count"].as_u64(),
            f["posinf_count"].as_u64(),
            f["neginf_count"].as_u64()
        ),
        (Some(6), Some(1), Some(1))
    );

    let s = &files[2]["tensors"][0];
    assert_eq!(s["dtype"], "<U3");
    assert!(
        s["mean"].is_null() && s["std"].is_null() && s["finite_min"].is_null(),
        "no statistics for text: {s}"
    );
    assert_eq!(s["signals"][1]["status"], "fail");
    assert_eq!(doc["errors"], serde_json::json!([]));
}

#[test]
fn statistics_are_null_without_finite_values() {
    let o = ndplay(&["--json", &fixture("all_nan.npy")]);
    assert_eq!(code(&o), 1);
    let t = &json(&o)["files"][0]["tensors"][0];
    for k in ["finite_min", "finite_max", "mean", "std"] {
        assert!(t[k].is_null(), "{k} should be null: {t}");
    }
    assert_eq!(t["nan_count"], 4);
}

#[test]
fn csv_becomes_float64_c_order() {
    let o = ndplay(&["--json", &fixture("table.csv")]);
    let t = &json(&o)["files"][0]["tensors"][0];
    assert_eq!(json(&o)["files"][0]["format"], "csv");
    assert_eq!(
        (t["dtype"].as_str(), t["c_contiguous"].as_bool()),
        (Some("float64"), Some(true))
    );
    assert_eq!(t["strides"], serde_json::json!([24, 8]));
}

#[test]
fn batch_size_is_checked() {
    let o = ndplay(&["--batch", "60", &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    table_says(&stdout(&o), "shape", "ok", "axis 0 = 60 matches --batch");
    let o = ndplay(&["--batch", "7", &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 1);
    table_says(
        &stdout(&o),
        "shape",
        "fail",
        "axis 0 is 60 but --batch expects 7",
    );
    assert!(
        stdout(&o).contains("np.moveaxis(arr, 1, 0)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn memory_budget_is_checked() {
    let o = ndplay(&["--max-mb", "0.001", &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 1);
    table_says(&stdout(&o), "memory", "fail", "over budget");
    let o = ndplay(&["--max-mb", "nan", &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 2, "a bad budget is a usage error");
    assert!(stderr(&o).contains("not a size in MB"), "{}", stderr(&o));
}

#[test]
fn unreadable_input_exits_2_and_others_are_still_reported() {
    let missing = "/nonexistent/dir/missing.npy";
    let o = ndplay(&[missing, &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains(missing) && err.contains("No such file"),
        "{err}"
    );
    assert!(stdout(&o).contains("f64_large.npy"), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 input unreadable"), "{}", stdout(&o));
    let o = ndplay(&["--json", missing, &fixture("f64_large.npy")]);
    assert_eq!(code(&o), 2);
    let doc = json(&o);
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    assert_eq!(doc["errors"][0]["path"], missing);
}

/// Regression: hostile files are refused with a message naming the file and the cause,
/// exit 2, and never panic.
#[test]
fn hostile_files_exit_2_with_a_clear_message() {
    let dir = temp_dir("hostile");
    let header = |dict: &str| {
        let mut h = dict.to_string();
        while !(10 + h.len() + 1).is_multiple_of(64) {
            h.push(' ');
        }
        h.push('\n');
        let mut v = b"\x93NUMPY\x01\x00".to_vec();
        v.extend_from_slice(&(h.len() as u16).to_le_bytes());
        v.extend_from_slice(h.as_bytes());
        v
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.npy",
            {
                let mut v = header("{'descr': '<f8', 'fortran_order': False, 'shape': (1000,), }");
                v.extend_from_slice(&[0u8; 80]);
                v
            },
            "truncated",
        ),
        (
            "huge_shape.npy",
            header(
                "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }",
            ),
            "larger than any array",
        ),
        (
            "pickle.npy",
            header("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"),
            "pickle",
        ),
        (
            "garbage.npy",
            b"\x93NUMPY\x01\x00\xff\xff{not a dict".to_vec(),
            ".npy",
        ),
        (
            "bomb.npz",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec(),
            ".npz",
        ),
        (
            "bad.safetensors",
            b"\xff\xff\xff\xff\x00\x00\x00\x00{".to_vec(),
            "header",
        ),
        ("bad.csv", b"a,b\n1,2\n3,oops\n".to_vec(), "row 3, column 2"),
    ];
    for (name, bytes, cause) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let p = path.display().to_string();
        for extra in [
            &[][..],
            &["--json"][..],
            &["--slice", ":,:", "--axis-stats", "0"][..],
        ] {
            let mut args: Vec<&str> = extra.to_vec();
            args.push(&p);
            let o = ndplay(&args);
            let err = stderr(&o);
            assert_eq!(code(&o), 2, "{name}: {err}{}", stdout(&o));
            assert!(
                err.contains(&p),
                "{name}: the message names the file: {err}"
            );
            assert!(
                err.contains(cause),
                "{name}: the message gives the cause {cause:?}: {err}"
            );
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn globs_are_expanded() {
    let pattern = fixture("f32_*.npy");
    let o = ndplay(&["--json", &pattern]);
    let doc = json(&o);
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths.iter().all(|p| {
        Path::new(p)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("f32_")
    }));
    let o = ndplay(&[&fixture("nothing_*.npy")]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no file matches"), "{}", stderr(&o));
}

#[test]
fn slice_and_channel_histograms_of_a_batch() {
    let o = ndplay(&["--slice", "0,:,:,2", &fixture("u8_images.npy")]);
    let out = stdout(&o);
    assert_eq!(code(&o), 0, "{out}");
    assert!(out.contains("[0,:,:,2] -> shape (4, 5)"), "{out}");
    assert!(out.contains("per-channel histograms"), "{out}");
    for c in 0..3 {
        assert!(out.contains(&format!("channel {c}")), "{out}");
    }
    let o = ndplay(&["--json", "--slice", "-1,:,:,0", &fixture("u8_images.npy")]);
    let v = &json(&o)["views"][0]["slice"]["Ok"];
    assert_eq!(v["shape"], serde_json::json!([4, 5]));
    assert_eq!(v["values"].as_array().unwrap().len(), 20);
    assert_eq!(v["channel_histograms"].as_array().unwrap().len(), 3);
    let o = ndplay(&["--slice", "0,:,1", &fixture("u8_images.npy")]);
    assert_eq!(code(&o), 2, "a slice needs two ':'");
    assert!(stderr(&o).contains("needs exactly 2"), "{}", stderr(&o));
    let o = ndplay(&["--slice", "9,:,:,0", &fixture("u8_images.npy")]);
    assert!(
        stdout(&o).contains("skipped: index 9 is out of range for axis 0 of length 3"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn axis_stats_per_column() {
    let o = ndplay(&["--axis-stats", "0", &fixture("table.csv")]);
    let out = stdout(&o);
    assert!(out.contains("reduced over axis 0 -> shape (3,)"), "{out}");
    // Column a: finite values 1.5, -3, 2.25 (inf left out).
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("(0)"))
        .expect("row (0)");
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells[1], "0.25", "{row}");
    assert_eq!((cells[3], cells[4], cells[5]), ("-3", "2.25", "0"), "{row}");
    let o = ndplay(&["--axis-stats", "-3", &fixture("table.csv")]);
    assert!(
        stdout(&o).contains("skipped: axis -3 is out of range"),
        "{}",
        stdout(&o)
    );
}

fn write_npy(path: &Path, rows: usize, cols: usize, values: &[f32]) {
    let bytes = values.iter().flat_map(|x| x.to_le_bytes()).collect();
    let t = RawTensor::from_vec(ElemType::F32, vec![rows, cols], bytes).unwrap();
    ndplay_io::npy::write(path, &t).unwrap();
}

/// Drops what legitimately differs between one run and a merge of shards (the path, the
/// shard count) and rounds nothing: every count, extreme and histogram bin must agree.
fn comparable(doc: &J) -> Vec<J> {
    let mut tensors = doc["files"][0]["tensors"].as_array().unwrap().clone();
    for t in &mut tensors {
        t.as_object_mut().unwrap().remove("shards");
    }
    tensors
}

fn assert_same_report(single: &J, merged: &J) {
    let (a, b) = (comparable(single), comparable(merged));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for (k, v) in x.as_object().unwrap() {
            if k == "mean" || k == "std" {
                let (p, q) = (v.as_f64().unwrap(), y[k].as_f64().unwrap());
                assert!((p - q).abs() <= 1e-12 * (1.0 + p.abs()), "{k}: {p} vs {q}");
            } else if k == "signals" {
                for (s, t) in v.as_array().unwrap().iter().zip(y[k].as_array().unwrap()) {
                    assert_eq!((&s["name"], &s["status"]), (&t["name"], &t["status"]));
                    if s["name"] != "value_range" {
                        assert_eq!(s["detail"], t["detail"]);
                    }
                }
            } else {
                assert_eq!(v, &y[k], "{k}");
            }
        }
    }
}

#[test]
fn shards_inspected_apart_and_combined_match_one_run() {
    let dir = temp_dir("shards");
    let (rows, cols) = (100, 6);
    let values: Vec<f32> = (0..rows * cols)
        .map(|i| match i {
            17 => f32::NAN,
            250 => f32::INFINITY,
            401 => 0.0,
            _ => ((i * 7919) % 1009) as f32 * 0.013 - 6.5,
        })
        .collect();
    let whole = dir.join("whole.npy");
    write_npy(&whole, rows, cols, &values);
    let mut partials = Vec::new();
    let mut shard_paths = Vec::new();
    for (k, (lo, hi)) in [(0, 37), (37, 70), (70, 100)].into_iter().enumerate() {
        let shard = dir.join(format!("shard{k}.npy"));
        write_npy(&shard, hi - lo, cols, &values[lo * cols..hi * cols]);
        let o = ndplay(&["--partial", &shard.display().to_string()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let p = dir.join(format!("part{k}.json"));
        std::fs::write(&p, &o.stdout).unwrap();
        partials.push(p.display().to_string());
        shard_paths.push(shard.display().to_string());
    }
    let single = ndplay(&["--json", &whole.display().to_string()]);
    let mut args = vec!["--combine", "--json"];
    args.extend(partials.iter().map(String::as_str));
    let combined = ndplay(&args);
    assert_eq!(code(&single), 1, "the NaN and Inf fail");
    assert_eq!(code(&combined), code(&single));
    let (single, combined) = (json(&single), json(&combined));
    assert_same_report(&single, &combined);
    assert_eq!(
        combined["files"][0]["tensors"][0]["shape"],
        serde_json::json!([100, 6])
    );
    assert_eq!(combined["files"][0]["tensors"][0]["shards"], 3);
    assert_eq!(
        combined["files"][0]["shards"],
        serde_json::json!(shard_paths)
    );

    let mut args = vec!["--merge", "--json"];
    args.extend(shard_paths.iter().map(String::as_str));
    let merged = json(&ndplay(&args));
    assert_same_report(&single, &merged);

    // The table of a combine reads like any other.
    let mut args = vec!["--combine"];
    args.extend(partials.iter().map(String::as_str));
    let table = stdout(&ndplay(&args));
    assert!(
        table.contains("merge of 3 shards") && table.contains("3 shards"),
        "{table}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn shards_that_do_not_fit_are_refused() {
    let dir = temp_dir("misfit");
    let a = dir.join("a.npy");
    let b = dir.join("b.npy");
    write_npy(&a, 2, 3, &[0.0; 6]);
    write_npy(&b, 3, 2, &[0.0; 6]);
    let o = ndplay(&[
        "--merge",
        &a.display().to_string(),
        &b.display().to_string(),
    ]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("(3, 2)") && err.contains("(2, 3)") && err.contains("b.npy"),
        "{err}"
    );
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"ndplay_partial": 1, "summary": {"path": "x", "format": "npy", "tensors": [{"name": null}]}}"#).unwrap();
    let o = ndplay(&["--combine", &bad.display().to_string()]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("not a valid ndplay partial state"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Runs `ndplay inspect args`, failing the test if it has not ended within 20 s (a FIFO
/// opened for reading would block forever).
fn ndplay_within_deadline(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ndplay"))
        .arg("inspect")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run ndplay");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("ndplay inspect {args:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

/// Regression (issue 19): a FIFO blocked `inspect` forever; /dev/urandom read as an empty
/// table. Anything but a regular file is refused, by kind, before it is opened: exit 2.
#[test]
fn non_regular_files_are_refused_before_opening() {
    let dir = temp_dir("non_regular");
    let fifo = dir.join("pipe.npy");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", fifo.display());
    let fifo = fifo.display().to_string();
    let folder = dir.display().to_string();
    for (path, kind) in [
        (fifo.as_str(), "a FIFO (named pipe)"),
        ("/dev/urandom", "a character device"),
        ("/dev/zero", "a character device"),
        (folder.as_str(), "a directory"),
    ] {
        let o = ndplay_within_deadline(&[path, &fixture("f64_large.npy")]);
        assert_eq!(code(&o), 2, "{path}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("{path}: this is {kind}, not a regular file")),
            "{err}"
        );
        assert!(stdout(&o).contains("f64_large.npy"), "{}", stdout(&o));
    }
}

/// Regression (issue 19): 2 GB of NUL bytes as `.csv` was an empty table (exit 0) after
/// 8-14 s and 3.8 GB. It is refused as binary from its first bytes, at once. The file is
/// sparse: it takes no disk space.
#[test]
fn binary_csv_is_refused_at_once() {
    let dir = temp_dir("binary_csv");
    let path = dir.join("zeros.csv");
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(2 << 30))
        .expect("sparse file");
    let start = std::time::Instant::now();
    let o = ndplay(&[path.to_str().unwrap()]);
    let took = start.elapsed();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("zeros.csv: this is not a text file: byte 0 is NUL"),
        "{}",
        stderr(&o)
    );
    assert!(took.as_secs() < 5, "took {took:?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `.npz` members that are not arrays are named in a warning on stderr and, with
/// `--json`, in the document's `warnings`; the arrays are still reported.
#[test]
fn skipped_npz_members_are_warned_about() {
    let npz = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../ndplay-io/tests/fixtures/npz/with_extra_member.npz");
    let npz = npz.to_str().unwrap();
    let o = ndplay(&[npz]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: ")
            && stderr(&o).contains("member \"README.txt\" was skipped"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("tensor \"x\""), "{}", stdout(&o));
    let doc = json(&ndplay(&["--json", npz]));
    assert_eq!(doc["warnings"][0]["path"], npz);
    let w = doc["warnings"][0]["warning"].as_str().unwrap();
    assert!(w.contains("\"README.txt\" was skipped"), "{w}");
    // Files without warnings keep the document as it was: no `warnings` key.
    let clean = json(&ndplay(&["--json", &fixture("f64_large.npy")]));
    assert!(clean.get("warnings").is_none(), "{clean}");
}

/// Writes an `.npz` of `n` one-byte members (deflated when `compressed`).
fn write_npz(path: &Path, n: usize, len: usize, compressed: bool) {
    let t = RawTensor::from_vec(ElemType::U8, vec![len], vec![0; len]).unwrap();
    let names: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
    let members: Vec<(&str, &RawTensor)> = names.iter().map(|s| (s.as_str(), &t)).collect();
    ndplay_io::npz::write(path, &members, compressed).unwrap();
}

/// Tensor counts and inflation are bounded before the work, and the error names the file,
/// what was found, the limit and the flag (with a value) that raises it.
#[test]
fn tensor_count_and_inflation_are_bounded_with_flags_to_raise_them() {
    let dir = temp_dir("budgets");
    let many = dir.join("many.npz");
    write_npz(&many, 5, 1, false);
    let many = many.to_str().unwrap();
    let o = ndplay(&["--max-tensors", "4", many]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    for part in [
        many,
        "lists 5 members, over the limit of 4",
        "pass --max-tensors 5",
    ] {
        assert!(err.contains(part), "{part:?} in {err}");
    }
    assert_eq!(code(&ndplay(&["--max-tensors", "5", many])), 0);

    let st = dir.join("many.safetensors");
    let entries: Vec<String> = (0..4)
        .map(|i| format!(r#""t{i}":{{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#))
        .collect();
    let header = format!("{{{}}}", entries.join(","));
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    std::fs::write(&st, bytes).unwrap();
    let st = st.to_str().unwrap();
    let o = ndplay(&["--max-tensors", "3", st]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("lists 4 tensors, over the limit of 3")
            && stderr(&o).contains("pass --max-tensors 4"),
        "{}",
        stderr(&o)
    );
    assert_eq!(code(&ndplay(&["--max-tensors", "4", st])), 0);

    // 2 × 1,000,000 zeros deflate to a few kB and declare 2,000,256 bytes inflated.
    let big = dir.join("zeros.npz");
    write_npz(&big, 2, 1_000_000, true);
    let big = big.to_str().unwrap();
    let o = ndplay(&["--max-inflate-mb", "1", big]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    for part in [
        big,
        "2 deflated members declare 2000256 bytes",
        "limit of 1000000 bytes",
        "pass --max-inflate-mb 3",
    ] {
        assert!(err.contains(part), "{part:?} in {err}");
    }
    assert_eq!(code(&ndplay(&["--max-inflate-mb", "3", big])), 0);
    std::fs::remove_dir_all(&dir).ok();
}

/// Regression (issue 19): `ndplay inspect X.npz | head -1` panicked (exit 101, "failed
/// printing to stdout"). A reader that closes the pipe ends the output quietly, with the
/// report's own exit status (0 here). The report is over 64 KiB, more than a pipe
/// buffers, so the write meets the closed pipe whatever the timing.
#[test]
fn closed_stdout_ends_quietly() {
    let dir = temp_dir("epipe");
    let npz = dir.join("wide.npz");
    write_npz(&npz, 600, 1, false);
    let mut child = Command::new(env!("CARGO_BIN_EXE_ndplay"))
        .args(["inspect", npz.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run ndplay");
    drop(child.stdout.take()); // the reader goes away, as `head` does
    let o = child.wait_with_output().expect("output");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    // Its output would indeed overflow a pipe buffer.
    assert!(ndplay(&[npz.to_str().unwrap()]).stdout.len() > 1 << 16);
    std::fs::remove_dir_all(&dir).ok();
}

/// Regression (issue 19): a failed write to stdout (here a full disk) is an error with
/// exit 1, never lost output with exit 0.
#[test]
fn write_error_on_stdout_exits_1() {
    for extra in [&[][..], &["--json"][..], &["--partial"][..]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let o = Command::new(env!("CARGO_BIN_EXE_ndplay"))
            .arg("inspect")
            .args(extra)
            .arg(fixture("f64_large.npy"))
            .stdout(full)
            .output()
            .expect("run ndplay");
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("could not write the output to standard output: No space left"),
            "{extra:?}: {}",
            stderr(&o)
        );
    }
}

/// Regression (issue 19): `--axis-stats` on a 128-byte `.npy` of shape (0, 10**12)
/// aborted with exit 134 allocating 8 TB. It is NumPy's MemoryError now, named on stderr
/// and in the view, with exit 2 (the request could not be answered); the six signals are
/// still reported.
#[test]
fn axis_stats_too_large_for_memory_is_a_memory_error() {
    let dir = temp_dir("axis_oom");
    for (shape, axis, bytes) in [
        (vec![0, 1_000_000_000_000], "0", "43.7 TiB"),
        (vec![100_000, 0, 100_000, 3], "1", "1.31 TiB"),
    ] {
        let path = dir.join("empty.npy");
        let t = RawTensor::from_vec(ElemType::F64, shape.clone(), Vec::new()).unwrap();
        ndplay_io::npy::write(&path, &t).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 128);
        let path = path.to_str().unwrap();
        for json_flag in [None, Some("--json")] {
            let mut args = vec!["--axis-stats", axis, path];
            args.extend(json_flag);
            let o = ndplay(&args);
            assert_eq!(o.status.code(), Some(2), "{shape:?}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains(&format!("MemoryError: Unable to allocate {bytes}")),
                "{shape:?}: {err}"
            );
            if json_flag.is_some() {
                let view = &json(&o)["views"][0]["axis_stats"]["Err"];
                assert!(
                    view.as_str().unwrap().starts_with("MemoryError: "),
                    "{view}"
                );
            } else {
                assert!(stdout(&o).contains("failed: MemoryError"), "{}", stdout(&o));
                assert!(stdout(&o).contains("tensor <array>"), "{}", stdout(&o));
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
