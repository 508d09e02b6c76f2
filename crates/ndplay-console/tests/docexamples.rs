//! Replays NumPy's own docstring examples through ndplay's console and compares what it
//! prints with what CPython + NumPy printed, by doctest's rules.
//!
//! The examples and NumPy's outputs are in `tests/docexamples/docexamples.json`, written
//! by `tests/docexamples/gen_docexamples.py` (one group per docstring of a function or
//! method ndplay implements; skipped examples carry their reason). Both sides run the
//! examples through the same runner, `tests/docexamples/doctest_driver.py`: one fresh
//! namespace per docstring, each example compiled in doctest's "single" mode.
//!
//! The comparison is doctest's default `OutputChecker` (ported below): exact text, with
//! whitespace-only lines counting as blank (the `<BLANKLINE>` convention), `True`/`1`
//! and `False`/`0` accepted, and an example's own `+ELLIPSIS`, `+NORMALIZE_WHITESPACE`
//! and `+IGNORE_EXCEPTION_DETAIL` directives; an exception is compared by its last
//! `format_exception_only` line (type and message). Known differences are listed in
//! `tests/docexamples/known_mismatches.tsv`; the test fails on a mismatch not listed, on
//! a listed one that now matches, and on a listed one whose output changed.
//! `NDPLAY_BLESS_DOCEXAMPLES=1` rewrites the list.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ndplay_console::{Level, RunOptions, Session};
use serde::Deserialize;

const MARK: &str = "@@docex@@ ";
const BLESS_VAR: &str = "NDPLAY_BLESS_DOCEXAMPLES";

#[derive(Deserialize)]
struct Fixture {
    numpy_version: String,
    groups: Vec<Group>,
    no_examples: Vec<NoExamples>,
    not_in_numpy: Vec<String>,
}

#[derive(Deserialize)]
struct Group {
    id: String,
    aliases: Vec<String>,
    examples: Vec<Example>,
}

#[derive(Deserialize)]
struct NoExamples {
    name: String,
}

#[derive(Deserialize)]
struct Example {
    i: usize,
    options: Vec<String>,
    skip: Option<String>,
    out: Option<String>,
    exc: Option<String>,
}

/// What one side printed for an example: its output, or the exception that ended it.
#[derive(Deserialize, Clone, Debug, Default)]
struct Outcome {
    i: usize,
    out: String,
    exc: Option<String>,
}

/// The doctest option flags an example switched on with a directive.
#[derive(Clone, Copy, Default)]
struct Flags {
    ellipsis: bool,
    normalize_whitespace: bool,
    ignore_exception_detail: bool,
    dont_accept_true_for_1: bool,
    dont_accept_blankline: bool,
}

impl Flags {
    fn from_options(options: &[String]) -> Flags {
        let on = |name: &str| options.iter().any(|o| o == &format!("+{name}"));
        Flags {
            ellipsis: on("ELLIPSIS"),
            normalize_whitespace: on("NORMALIZE_WHITESPACE"),
            ignore_exception_detail: on("IGNORE_EXCEPTION_DETAIL"),
            dont_accept_true_for_1: on("DONT_ACCEPT_TRUE_FOR_1"),
            dont_accept_blankline: on("DONT_ACCEPT_BLANKLINE"),
        }
    }
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/docexamples")
}

/// Whitespace-only lines become empty: what doctest does to the output it got, and what
/// `<BLANKLINE>` in a docstring stands for on the expected side.
fn blank_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| if l.trim().is_empty() { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n")
}

/// doctest's `_ellipsis_match`: `...` in `want` matches any text.
fn ellipsis_match(want: &str, got: &str) -> bool {
    if !want.contains("...") {
        return want == got;
    }
    let pieces: Vec<&str> = want.split("...").collect();
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !got.starts_with(first) || !got.ends_with(last) || first.len() + last.len() > got.len() {
        return false;
    }
    let mut rest = &got[first.len()..got.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

/// doctest's `OutputChecker.check_output`.
fn check_output(want: &str, got: &str, flags: Flags) -> bool {
    if got == want {
        return true;
    }
    if !flags.dont_accept_true_for_1
        && matches!((got, want), ("True\n", "1\n") | ("False\n", "0\n"))
    {
        return true;
    }
    let (want, got) = if flags.dont_accept_blankline {
        (want.to_string(), got.to_string())
    } else {
        (blank_lines(want), blank_lines(got))
    };
    if got == want {
        return true;
    }
    if flags.normalize_whitespace {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if norm(&got) == norm(&want) {
            return true;
        }
    }
    flags.ellipsis && ellipsis_match(&want, &got)
}

/// doctest's `_strip_exception_details`: the exception's type name without its module.
fn strip_exception_details(msg: &str) -> &str {
    let end = msg.find('\n').unwrap_or(msg.len());
    let end = msg[..end].find(':').unwrap_or(end);
    let start = msg[..end].rfind('.').map_or(0, |i| i + 1);
    &msg[start..end]
}

/// True when ndplay's outcome passes as NumPy's under doctest's rules.
fn matches(numpy: &Outcome, ndplay: &Outcome, flags: Flags) -> bool {
    match (&numpy.exc, &ndplay.exc) {
        (None, None) => check_output(&numpy.out, &ndplay.out, flags),
        (Some(want), Some(got)) => {
            check_output(want, got, flags)
                || (flags.ignore_exception_detail
                    && check_output(
                        strip_exception_details(want),
                        strip_exception_details(got),
                        flags,
                    ))
        }
        _ => false,
    }
}

/// The first line an outcome shows, for the list: the exception line or the first
/// printed line, hexadecimal addresses masked, at most 120 characters.
fn first_line(o: Option<&Outcome>) -> String {
    let Some(o) = o else {
        return "(no result: the group stopped)".to_string();
    };
    let text = o.exc.as_deref().unwrap_or(&o.out);
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return "(no output)".to_string();
    }
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '0' && chars.peek() == Some(&'x') {
            chars.next();
            out.push_str("0x…");
            while chars.peek().is_some_and(char::is_ascii_hexdigit) {
                chars.next();
            }
        } else {
            out.push(if c == '\t' { ' ' } else { c });
        }
    }
    out.chars().take(120).collect()
}

/// The numbers in a text, identifiers (`float64`) left out.
fn numbers(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let word = &s[start..i];
            if matches!(word, "nan" | "inf") {
                out.push(word.to_string());
            }
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || b[i] == b'.'
                    || ((b[i] == b'e' || b[i] == b'E')
                        && b.get(i + 1)
                            .is_some_and(|d| d.is_ascii_digit() || *d == b'-' || *d == b'+'))
                    || ((b[i] == b'-' || b[i] == b'+') && matches!(b[i - 1], b'e' | b'E')))
            {
                i += 1;
            }
            let neg = start > 0 && b[start - 1] == b'-';
            let v: f64 = s[start..i].parse().unwrap_or(f64::NAN);
            out.push(format!("{}{v:e}", if neg { "-" } else { "" }));
        } else {
            i += 1;
        }
    }
    out
}

/// A short cause for a mismatch, from the two outcomes.
fn cause(numpy: &Outcome, ndplay: Option<&Outcome>, earlier_mismatch: bool) -> &'static str {
    let Some(nd) = ndplay else {
        return "no-result";
    };
    match (&numpy.exc, &nd.exc) {
        (_, Some(e)) if e.contains("NotImplementedError") || e.contains("does not implement") => {
            "not-implemented"
        }
        (_, Some(e)) if earlier_mismatch && e.starts_with("NameError") => "cascade",
        (None, Some(_)) => "ndplay-raises",
        (Some(_), None) => "no-error",
        (Some(a), Some(b)) => {
            if strip_exception_details(a) == strip_exception_details(b) {
                "error-message"
            } else {
                "error-type"
            }
        }
        (None, None) => {
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            if norm(&numpy.out) == norm(&nd.out) {
                "whitespace"
            } else if numbers(&numpy.out) == numbers(&nd.out) {
                "repr"
            } else if earlier_mismatch {
                "value-after-mismatch"
            } else {
                "value"
            }
        }
    }
}

/// One mismatch, as a row of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    ndplay: String,
    numpy: String,
    cause: String,
}

const HEADER: &str = "# Docstring examples where ndplay's output differs from NumPy's (doctest's rules).\n\
# Written by `NDPLAY_BLESS_DOCEXAMPLES=1 cargo test -p ndplay-console --test docexamples`;\n\
# the test fails when this list is not exactly true. Causes: not-implemented, ndplay-raises,\n\
# no-error, error-message, error-type, whitespace, repr (same numbers, other text),\n\
# value (other numbers), value-after-mismatch, cascade, no-result; a cause set by hand is kept.\n\
id\tndplay\tnumpy\tcause\n";

/// A list key: `(group, example index)`, so rows sort in example order.
type Key = (String, usize);

fn key_of(id: &str) -> Option<Key> {
    let (group, i) = id.rsplit_once(':')?;
    Some((group.to_string(), i.parse().ok()?))
}

fn read_list(path: &Path) -> BTreeMap<Key, Row> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t") && !l.is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let key = key_of(f[0]).filter(|_| f.len() == 4)?;
            Some((
                key,
                Row {
                    ndplay: f[1].to_string(),
                    numpy: f[2].to_string(),
                    cause: f[3].to_string(),
                },
            ))
        })
        .collect()
}

fn write_list(path: &Path, rows: &BTreeMap<Key, Row>) {
    let mut text = HEADER.to_string();
    for ((group, i), r) in rows {
        let _ = writeln!(text, "{group}:{i}\t{}\t{}\t{}", r.ndplay, r.numpy, r.cause);
    }
    std::fs::write(path, text).expect("known_mismatches.tsv is writable");
}

/// Runs every group's examples through one console session; ndplay's outcomes by
/// `(group, example index)`.
fn replay(fixture_path: &Path, fixture: &Fixture) -> BTreeMap<(String, usize), Outcome> {
    let driver = std::fs::read_to_string(dir().join("doctest_driver.py")).expect("driver");
    let mut session = Session::new().expect("session starts");
    session.set_diagnostics(Level::Off);
    session.set_time_limit(Some(Duration::from_secs(20)));
    let options = RunOptions {
        filename: "doctest_driver.py".to_string(),
        echo_result: false,
    };
    let out = session.run_with(&driver, &options, None);
    assert!(out.is_ok(), "the driver loads: {:?}", out.error);
    let path = fixture_path.to_str().expect("UTF-8 path");
    let mut got = BTreeMap::new();
    for group in &fixture.groups {
        let code = format!(
            "replay({}, {})",
            serde_json::to_string(path).expect("string"),
            serde_json::to_string(&group.id).expect("string")
        );
        let out = session.run_with(&code, &options, None);
        for line in out.stdout.lines() {
            if let Some(json) = line.strip_prefix(MARK) {
                let o: Outcome = serde_json::from_str(json).expect("the driver prints JSON");
                got.insert((group.id.clone(), o.i), o);
            }
        }
    }
    got
}

fn compare() {
    let started = Instant::now();
    let fixture_path = dir().join("docexamples.json");
    let fixture = load_fixture();
    assert!(
        fixture.groups.len() >= 50,
        "the fixture holds {} docstrings",
        fixture.groups.len()
    );
    let got = replay(&fixture_path, &fixture);

    let (mut compared, mut matched, mut skipped) = (0usize, 0usize, 0usize);
    let mut now = BTreeMap::new();
    let mut compared_keys = std::collections::BTreeSet::new();
    for group in &fixture.groups {
        let mut earlier_mismatch = false;
        for ex in &group.examples {
            if ex.skip.is_some() {
                skipped += 1;
                continue;
            }
            compared += 1;
            compared_keys.insert((group.id.clone(), ex.i));
            let numpy = Outcome {
                i: ex.i,
                out: ex.out.clone().unwrap_or_default(),
                exc: ex.exc.clone(),
            };
            let nd = got.get(&(group.id.clone(), ex.i));
            if nd.is_some_and(|nd| matches(&numpy, nd, Flags::from_options(&ex.options))) {
                matched += 1;
                continue;
            }
            now.insert(
                (group.id.clone(), ex.i),
                Row {
                    ndplay: first_line(nd),
                    numpy: first_line(Some(&numpy)),
                    cause: cause(&numpy, nd, earlier_mismatch).to_string(),
                },
            );
            earlier_mismatch = true;
        }
    }
    assert!(compared > 0, "no example was compared");
    println!(
        "docexamples: {matched} of {compared} examples match NumPy {} ({:.1}%); {skipped} skipped; \
         {} docstrings; {:.1} s",
        fixture.numpy_version,
        100.0 * matched as f64 / compared as f64,
        fixture.groups.len(),
        started.elapsed().as_secs_f64()
    );

    let list_path = dir().join("known_mismatches.tsv");
    let listed = read_list(&list_path);
    if std::env::var(BLESS_VAR).is_ok_and(|v| v == "1") {
        let rows = now
            .into_iter()
            .map(|(id, mut r)| {
                if let Some(old) = listed.get(&id) {
                    r.cause.clone_from(&old.cause);
                }
                (id, r)
            })
            .collect();
        write_list(&list_path, &rows);
        return;
    }
    let mut problems = Vec::new();
    for (key, r) in &now {
        let id = format!("{}:{}", key.0, key.1);
        match listed.get(key) {
            None => problems.push(format!(
                "NEW mismatch {id} ({}):\n    ndplay: {}\n    numpy:  {}",
                r.cause, r.ndplay, r.numpy
            )),
            Some(old) if old.ndplay != r.ndplay || old.numpy != r.numpy => problems.push(format!(
                "CHANGED {id}: listed ndplay output {:?}, now {:?}",
                old.ndplay, r.ndplay
            )),
            Some(_) => {}
        }
    }
    for key @ (group, i) in listed.keys().filter(|k| !now.contains_key(*k)) {
        problems.push(if compared_keys.contains(key) {
            format!("NOW MATCHES {group}:{i}: it must leave the list")
        } else {
            format!("NOT COMPARED any more {group}:{i} (skipped or gone): it must leave the list")
        });
    }
    assert!(
        problems.is_empty(),
        "{} differences from tests/docexamples/known_mismatches.tsv:\n{}\n\
         If they are expected, rewrite the list: {BLESS_VAR}=1 cargo test -p ndplay-console \
         --test docexamples",
        problems.len(),
        problems.join("\n")
    );
}

fn load_fixture() -> Fixture {
    serde_json::from_str(
        &std::fs::read_to_string(dir().join("docexamples.json"))
            .expect("docexamples.json is readable"),
    )
    .expect("docexamples.json parses")
}

/// Every name ndplay implements now (`ndplay_names.py`) has its place in the fixture:
/// a new function must bring NumPy's examples with it.
fn covers_every_name() {
    let fixture = load_fixture();
    let mut known: std::collections::BTreeSet<&str> = fixture
        .groups
        .iter()
        .flat_map(|g| std::iter::once(&g.id).chain(&g.aliases))
        .map(String::as_str)
        .collect();
    known.extend(fixture.no_examples.iter().map(|n| n.name.as_str()));
    known.extend(fixture.not_in_numpy.iter().map(String::as_str));
    let script = std::fs::read_to_string(dir().join("ndplay_names.py")).expect("script");
    let mut session = Session::new().expect("session starts");
    let options = RunOptions {
        filename: "ndplay_names.py".to_string(),
        echo_result: false,
    };
    let out = session.run_with(&script, &options, None);
    assert!(out.is_ok(), "ndplay_names.py failed: {:?}", out.error);
    let names: Vec<String> = serde_json::from_str(&out.stdout).expect("a JSON list");
    let new: Vec<&String> = names
        .iter()
        .filter(|n| !known.contains(n.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "ndplay implements names docexamples.json does not know: {new:?}.\nRegenerate it \
         from the repository root (a Python with NumPy; then bless the list):\n    \
         cargo build -p ndplay && python \
         crates/ndplay-console/tests/docexamples/gen_docexamples.py"
    );
}

#[test]
fn fixture_covers_every_implemented_name() {
    common::with_stack(covers_every_name);
}

#[test]
fn docstring_examples_match_numpy() {
    common::with_stack(compare);
}

#[test]
fn checker_follows_doctest() {
    let none = Flags::default();
    assert!(check_output("1\n", "True\n", none));
    assert!(!check_output("2\n", "True\n", none));
    assert!(check_output("a\n\nb\n", "a\n   \nb\n", none));
    assert!(!check_output("[1, 2]\n", "[1,  2]\n", none));
    let ws = Flags {
        normalize_whitespace: true,
        ..none
    };
    assert!(check_output("[1, 2]\n", "[1,\n 2]\n", ws));
    let el = Flags {
        ellipsis: true,
        ..none
    };
    assert!(check_output(
        "array([1, ..., 9])\n",
        "array([1, 2, 3, 9])\n",
        el
    ));
    assert!(!check_output("array([1, ..., 9])\n", "array([2, 9])\n", el));
    assert!(!ellipsis_match("ab...ba", "aba"));
    assert_eq!(
        strip_exception_details("numpy.exceptions.AxisError: axis 2 is out of bounds\n"),
        "AxisError"
    );
    let numpy = Outcome {
        exc: Some("ValueError: bad\n".into()),
        ..Outcome::default()
    };
    let other = Outcome {
        exc: Some("ValueError: other\n".into()),
        ..Outcome::default()
    };
    assert!(!matches(&numpy, &other, none));
    let ied = Flags {
        ignore_exception_detail: true,
        ..none
    };
    assert!(matches(&numpy, &other, ied));
    assert_eq!(numbers("np.float64(1.0)"), numbers("1."));
    assert_ne!(numbers("array([1, 2])"), numbers("array([1, 3])"));
}
