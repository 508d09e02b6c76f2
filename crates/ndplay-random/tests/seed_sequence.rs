//! SeedSequence against NumPy: pools and generated words for integer, big-integer,
//! sequence and spawn-key seeds.

mod common;

use ndplay_random::SeedSequence;

#[test]
fn seed_sequence_matches_numpy() {
    let fx = common::load("seedseq.json");
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 14);
    for case in cases {
        let seed = common::seed(&case["seed"]);
        let ss = match case.get("spawn_key") {
            Some(k) => {
                let key: Vec<u64> = k
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap())
                    .collect();
                SeedSequence::with_spawn_key(seed.clone(), &key).unwrap()
            }
            None => SeedSequence::new(seed.clone()).unwrap(),
        };
        let pool: Vec<u32> = case["pool"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(ss.pool().to_vec(), pool, "pool for {seed:?}");
        let u32s: Vec<u32> = case["state_u32"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        assert_eq!(
            ss.generate_state_u32(u32s.len()),
            u32s,
            "generate_state u32 for {seed:?}"
        );
        let u64s: Vec<u64> = case["state_u64"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().parse().unwrap())
            .collect();
        assert_eq!(
            ss.generate_state_u64(u64s.len()),
            u64s,
            "generate_state u64 for {seed:?}"
        );
    }
}
