//! `RandomState(seed)` / `np.random.seed(seed)` streams against real NumPy, bit for
//! bit: MT19937 legacy seeding (integer and array), the polar method with its cached
//! value, masked-rejection `randint` for every dtype, shuffles, choice, and
//! `get_state`/`set_state` round trips with a cached gaussian.

mod common;

use common::{check, enc_f64, enc_i64, enc_int_array, head_len};
use ndplay_random::{LegacyState, RandomState, legacy};
use serde_json::Value;

fn mt_state_matches(what: &str, rs: &RandomState, want: &Value) {
    let st = rs.get_state();
    assert_eq!(
        u64::from(st.state.pos),
        want["pos"].as_u64().unwrap(),
        "{what}: MT19937 pos"
    );
    let digest = common::fnv1a(st.state.key.iter().flat_map(|k| k.to_le_bytes()));
    assert_eq!(
        digest,
        want["key_digest"].as_str().unwrap(),
        "{what}: MT19937 key"
    );
    assert_eq!(
        u64::from(st.has_gauss),
        want["has_gauss"].as_u64().unwrap(),
        "{what}: has_gauss"
    );
    assert_eq!(
        st.gauss.to_bits(),
        common::f64_hex(&want["gauss"]).to_bits(),
        "{what}: cached gauss"
    );
}

fn run(rs: &mut RandomState, call: &Value, head: usize) -> Option<common::Encoded> {
    let size = || common::shape(&call["size"]);
    Some(match call["op"].as_str().unwrap() {
        "rand" => enc_f64(&rs.rand(&size()).unwrap(), head),
        "random_sample" => enc_f64(&rs.random_sample(&size()).unwrap(), head),
        "randn" => enc_f64(&rs.randn(&size()).unwrap(), head),
        "standard_normal" => enc_f64(&rs.standard_normal(&size()).unwrap(), head),
        "normal" => enc_f64(
            &rs.normal(
                common::f64_hex(&call["loc"]),
                common::f64_hex(&call["scale"]),
                &size(),
            )
            .unwrap(),
            head,
        ),
        "uniform" => enc_f64(
            &rs.uniform(
                common::f64_hex(&call["low"]),
                common::f64_hex(&call["high"]),
                &size(),
            )
            .unwrap(),
            head,
        ),
        "randint" => {
            let out = rs
                .randint(
                    common::int_str(&call["low"]),
                    common::int_str(&call["high"]),
                    &size(),
                    common::dtype(&call["dtype"]),
                )
                .unwrap();
            enc_int_array(&out, head)
        }
        "permutation" => enc_i64(
            &rs.permutation(call["n"].as_u64().unwrap() as usize)
                .unwrap(),
            head,
        ),
        "shuffle" => {
            let mut x: Vec<i64> = (0..call["n"].as_i64().unwrap()).collect();
            rs.shuffle(&mut x);
            enc_i64(&x, head)
        }
        "shuffle2d" => {
            let (rows, cols) = (
                call["rows"].as_u64().unwrap() as usize,
                call["cols"].as_u64().unwrap() as usize,
            );
            let mut x: Vec<i64> = (0..(rows * cols) as i64).collect();
            let swaps = rs.shuffle_swaps(rows);
            common::apply_swaps(&mut x, cols, &swaps);
            enc_i64(&x, head)
        }
        "permutation2d" => {
            let (rows, cols) = (
                call["rows"].as_u64().unwrap() as usize,
                call["cols"].as_u64().unwrap() as usize,
            );
            let x: Vec<i64> = (0..(rows * cols) as i64).collect();
            let idx = rs.permutation(rows).unwrap();
            enc_i64(&common::take_rows(&x, cols, &idx), head)
        }
        "choice" => {
            let p = common::probs(&call["p"]);
            let out = rs
                .choice(
                    call["a"].as_u64().unwrap() as usize,
                    &size(),
                    call["replace"].as_bool().unwrap(),
                    p.as_deref(),
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
                &rs.choice_from(&values, &size(), call["replace"].as_bool().unwrap(), None)
                    .unwrap(),
                head,
            )
        }
        "get_state" => {
            let want = LegacyState::from_json(call["json"].as_str().unwrap()).unwrap();
            let got = rs.get_state();
            assert_eq!(got, want, "get_state equals NumPy's dict");
            assert_eq!(got.gauss.to_bits(), want.gauss.to_bits());
            let back = LegacyState::from_json(&got.to_json()).unwrap();
            assert_eq!(
                back.gauss.to_bits(),
                got.gauss.to_bits(),
                "gauss survives our JSON"
            );
            assert_eq!(back, got);
            return None;
        }
        "set_state" => {
            rs.set_state(&LegacyState::from_json(call["json"].as_str().unwrap()).unwrap())
                .unwrap();
            return None;
        }
        op => panic!("unknown fixture op {op}"),
    })
}

#[test]
fn legacy_scripts_match_numpy() {
    let fx = common::load("legacy.json");
    let head = head_len(&fx);
    let mut n = 0;
    for script in fx["scripts"].as_array().unwrap() {
        let seed = common::seed(&script["seed"]);
        let mut rs = RandomState::new(seed.clone()).unwrap();
        for (i, c) in script["calls"].as_array().unwrap().iter().enumerate() {
            let what = format!("seed {seed:?} call #{i} {}", c["call"]);
            if let Some(got) = run(&mut rs, &c["call"], head) {
                check(&what, &got, &c["out"]);
            }
            mt_state_matches(&what, &rs, &c["state_after"]);
            n += 1;
        }
    }
    assert!(n > 300, "expected hundreds of fixture calls, ran {n}");
}

#[test]
fn global_seed_matches_numpy() {
    let fx = common::load("legacy.json");
    let g = &fx["global"];
    let head = head_len(&fx);
    legacy::seed(g["seed"].as_u64().unwrap()).unwrap();
    let mut rs = legacy::global();
    check(
        "np.random.rand(100)",
        &enc_f64(&rs.rand(&[100]).unwrap(), head),
        &g["rand"],
    );
    check(
        "np.random.randn(101)",
        &enc_f64(&rs.randn(&[101]).unwrap(), head),
        &g["randn"],
    );
    check(
        "np.random.randint(0, 50, 100)",
        &enc_i64(&rs.randint_i64(0, 50, &[100]).unwrap(), head),
        &g["randint"],
    );
}
