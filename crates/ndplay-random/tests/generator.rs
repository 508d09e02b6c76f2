//! `default_rng(seed)` streams against real NumPy, bit for bit: every method, several
//! seeds, shapes and dtypes, state after each call, save/restore round trips, and
//! long ziggurat streams that go through the slow paths.

mod common;

use common::{check, enc_f32, enc_f64, enc_i64, enc_int_array, head_len};
use ndplay_random::{FloatDType, Generator, Pcg64State, default_rng};
use serde_json::Value;

fn pcg_state_matches(what: &str, rng: &Generator, want: &Value) {
    let st = rng.state();
    let state: u128 = want["state"].as_str().unwrap().parse().unwrap();
    let inc: u128 = want["inc"].as_str().unwrap().parse().unwrap();
    assert_eq!(st.state.state, state, "{what}: PCG64 state after the call");
    assert_eq!(st.state.inc, inc, "{what}: PCG64 inc");
    assert_eq!(
        u64::from(st.has_uint32),
        want["has_uint32"].as_u64().unwrap(),
        "{what}: has_uint32"
    );
    assert_eq!(
        u64::from(st.uinteger),
        want["uinteger"].as_u64().unwrap(),
        "{what}: uinteger"
    );
}

fn float_dtype(v: &Value) -> FloatDType {
    match v.as_str().unwrap() {
        "float32" => FloatDType::F32,
        _ => FloatDType::F64,
    }
}

/// Run one fixture call; returns the output encoding (None for state-only calls).
fn run(rng: &mut Generator, call: &Value, head: usize) -> Option<common::Encoded> {
    let size = || common::shape(&call["size"]);
    let floats = |a: ndplay_random::FloatArray| match a {
        ndplay_random::FloatArray::F64(v) => enc_f64(&v, head),
        ndplay_random::FloatArray::F32(v) => enc_f32(&v, head),
    };
    Some(match call["op"].as_str().unwrap() {
        "random_raw" => {
            let raw = rng
                .bit_generator_mut()
                .random_raw(call["n"].as_u64().unwrap() as usize);
            let e = enc_i64(&raw.iter().map(|&x| x as i64).collect::<Vec<_>>(), head);
            // NumPy's random_raw is uint64; re-encode the head unsigned.
            common::Encoded {
                kind: "uint64".into(),
                head: raw.iter().take(head).map(u64::to_string).collect(),
                ..e
            }
        }
        "random" => floats(rng.random_as(&size(), float_dtype(&call["dtype"])).unwrap()),
        "standard_normal" => floats(
            rng.standard_normal_as(&size(), float_dtype(&call["dtype"]))
                .unwrap(),
        ),
        "standard_exponential" => floats(
            rng.standard_exponential_as(&size(), float_dtype(&call["dtype"]))
                .unwrap(),
        ),
        "normal" => enc_f64(
            &rng.normal(
                common::f64_hex(&call["loc"]),
                common::f64_hex(&call["scale"]),
                &size(),
            )
            .unwrap(),
            head,
        ),
        "uniform" => enc_f64(
            &rng.uniform(
                common::f64_hex(&call["low"]),
                common::f64_hex(&call["high"]),
                &size(),
            )
            .unwrap(),
            head,
        ),
        "exponential" => enc_f64(
            &rng.exponential(common::f64_hex(&call["scale"]), &size())
                .unwrap(),
            head,
        ),
        "integers" => {
            let out = rng
                .integers(
                    common::int_str(&call["low"]),
                    common::int_str(&call["high"]),
                    &size(),
                    common::dtype(&call["dtype"]),
                    call["endpoint"].as_bool().unwrap(),
                )
                .unwrap();
            enc_int_array(&out, head)
        }
        "choice" => {
            let p = common::probs(&call["p"]);
            let out = rng
                .choice_with(
                    call["a"].as_u64().unwrap() as usize,
                    &size(),
                    call["replace"].as_bool().unwrap(),
                    p.as_deref(),
                    call["shuffle"].as_bool().unwrap(),
                )
                .unwrap();
            enc_i64(&out, head)
        }
        "choice_from" => {
            let values: Vec<i64> = call["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_i64().unwrap())
                .collect();
            enc_i64(
                &rng.choice_from(&values, &size(), call["replace"].as_bool().unwrap(), None)
                    .unwrap(),
                head,
            )
        }
        "permutation" => enc_i64(
            &rng.permutation(call["n"].as_u64().unwrap() as usize)
                .unwrap(),
            head,
        ),
        "shuffle" => {
            let mut x: Vec<i64> = (0..call["n"].as_i64().unwrap()).collect();
            rng.shuffle(&mut x);
            enc_i64(&x, head)
        }
        "shuffle2d" => {
            let (rows, cols) = (
                call["rows"].as_u64().unwrap() as usize,
                call["cols"].as_u64().unwrap() as usize,
            );
            let mut x: Vec<i64> = (0..(rows * cols) as i64).collect();
            let swaps = rng.shuffle_swaps(rows);
            common::apply_swaps(&mut x, cols, &swaps);
            enc_i64(&x, head)
        }
        "permutation2d" => {
            let (rows, cols) = (
                call["rows"].as_u64().unwrap() as usize,
                call["cols"].as_u64().unwrap() as usize,
            );
            let x: Vec<i64> = (0..(rows * cols) as i64).collect();
            let idx = rng.permutation(rows).unwrap();
            enc_i64(&common::take_rows(&x, cols, &idx), head)
        }
        "get_state" => {
            let want = Pcg64State::from_json(call["json"].as_str().unwrap()).unwrap();
            assert_eq!(rng.state(), want, "get_state equals NumPy's dict");
            // Our JSON parses back to the same state.
            assert_eq!(Pcg64State::from_json(&rng.state().to_json()).unwrap(), want);
            return None;
        }
        "set_state" => {
            let st = Pcg64State::from_json(call["json"].as_str().unwrap()).unwrap();
            rng.set_state(&st).unwrap();
            return None;
        }
        "advance" => {
            rng.bit_generator_mut()
                .advance(common::int_str(&call["delta"]) as u128);
            return None;
        }
        op => panic!("unknown fixture op {op}"),
    })
}

fn replay(scripts: &Value, head: usize) -> usize {
    let mut n = 0;
    for script in scripts.as_array().unwrap() {
        let seed = common::seed(&script["seed"]);
        let mut rng = default_rng(seed.clone()).unwrap();
        for (i, c) in script["calls"].as_array().unwrap().iter().enumerate() {
            let what = format!("seed {seed:?} call #{i} {}", c["call"]);
            if let Some(got) = run(&mut rng, &c["call"], head) {
                check(&what, &got, &c["out"]);
            }
            pcg_state_matches(&what, &rng, &c["state_after"]);
            n += 1;
        }
    }
    n
}

#[test]
fn generator_scripts_match_numpy() {
    let fx = common::load("generator.json");
    let n = replay(&fx["scripts"], head_len(&fx));
    assert!(n > 500, "expected hundreds of fixture calls, ran {n}");
}

#[test]
fn long_ziggurat_streams_match_numpy() {
    let fx = common::load("generator.json");
    replay(&fx["long"], head_len(&fx));
}

/// The long streams are known (from NumPy's own draw counts) to go through the
/// ziggurat's wedge and tail paths, for both samplers and both precisions.
#[test]
fn fixtures_cover_ziggurat_slow_paths() {
    let fx = common::load("generator.json");
    for cov in fx["coverage"].as_array().unwrap() {
        for (name, paths) in cov["paths"].as_object().unwrap() {
            assert!(
                paths["slow"].as_u64().unwrap() > 50,
                "{name}: wedge path not covered"
            );
            assert!(
                paths["tail"].as_u64().unwrap() > 0,
                "{name}: tail not covered"
            );
        }
    }
}

/// Integer cases where NumPy consumed more raw draws than values: Lemire rejections.
#[test]
fn fixtures_cover_integer_rejections() {
    let fx = common::load("generator.json");
    let mut rejected = std::collections::BTreeSet::new();
    for script in fx["scripts"].as_array().unwrap() {
        for c in script["calls"].as_array().unwrap() {
            let (Some(halves), "integers") = (c.get("halves"), c["call"]["op"].as_str().unwrap())
            else {
                continue;
            };
            let n = c["out"]["n"].as_u64().unwrap();
            let dtype = c["call"]["dtype"].as_str().unwrap();
            let per_value = match dtype {
                "int64" | "uint64" => {
                    let span =
                        common::int_str(&c["call"]["high"]) - common::int_str(&c["call"]["low"]);
                    if span > (1 << 32) { 2 } else { 1 }
                }
                "int32" | "uint32" => 1,
                _ => 0, // buffered: several values per draw
            };
            if per_value > 0 && halves.as_u64().unwrap() > per_value * n {
                rejected.insert(dtype.to_owned());
            }
        }
    }
    for d in ["int32", "uint32", "int64", "uint64"] {
        assert!(
            rejected.contains(d),
            "no rejection covered for {d}: {rejected:?}"
        );
    }
}
