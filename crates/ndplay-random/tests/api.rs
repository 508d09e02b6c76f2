//! Public API behaviour that the fixtures do not spell out: seed conversions,
//! shapes, typed outputs, generic shuffles, state round trips through JSON.

use ndplay_random::{
    FloatArray, FloatDType, Generator, IntArray, IntDType, LegacyState, Pcg64, Pcg64State,
    RandomState, Seed, default_rng,
};

#[test]
fn seed_conversions_agree() {
    let a = default_rng(vec![1u64, 2, 3]).unwrap();
    let b = default_rng([1u32, 2, 3]).unwrap();
    let c = default_rng(&[1i64, 2, 3][..]).unwrap();
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(default_rng(5u8).unwrap(), default_rng(5i128).unwrap());
    assert_eq!(
        default_rng(Seed::BigInt(vec![5, 0, 0])).unwrap(),
        default_rng(5u64).unwrap()
    );
    assert_ne!(
        default_rng(Seed::OsEntropy).unwrap(),
        default_rng(Seed::OsEntropy).unwrap()
    );
}

#[test]
fn size_is_a_shape() {
    let mut a = default_rng(3u64).unwrap();
    let mut b = default_rng(3u64).unwrap();
    assert_eq!(a.random(&[2, 3]).unwrap(), b.random(&[6]).unwrap());
    assert_eq!(a.random(&[]).unwrap().len(), 1, "size=None draws one value");
    b.random(&[1]).unwrap();
    assert!(a.standard_normal(&[4, 0, 2]).unwrap().is_empty());
    assert_eq!(a, b);
}

#[test]
fn typed_outputs() {
    let mut rng = default_rng(9u64).unwrap();
    for d in IntDType::ALL {
        let out = rng.integers(0, 2, &[5], d, false).unwrap();
        assert_eq!(out.dtype(), d);
        assert_eq!(out.len(), 5);
        assert!(out.to_i128().iter().all(|&v| v == 0 || v == 1));
    }
    assert!(
        matches!(rng.random_as(&[2], FloatDType::F32).unwrap(), FloatArray::F32(v) if v.len() == 2)
    );
    assert!(matches!(
        rng.standard_exponential_as(&[2], FloatDType::F64).unwrap(),
        FloatArray::F64(_)
    ));
    assert_eq!(
        rng.integers(-3, -3, &[4], IntDType::I8, true).unwrap(),
        IntArray::I8(vec![-3; 4])
    );
}

#[test]
fn shuffle_works_on_any_type_and_matches_permutation() {
    let mut a = default_rng(11u64).unwrap();
    let mut b = a.clone();
    let mut words = vec!["a", "b", "c", "d", "e", "f"];
    a.shuffle(&mut words);
    let perm = b.permutation(6).unwrap();
    let letters = ["a", "b", "c", "d", "e", "f"];
    let via_perm: Vec<&str> = perm.iter().map(|&i| letters[i as usize]).collect();
    assert_eq!(words, via_perm);
    let picked = a.choice_from(&letters, &[10], true, None).unwrap();
    assert!(picked.iter().all(|w| letters.contains(w)));
    let distinct = a.choice_from(&letters, &[6], false, None).unwrap();
    let mut sorted = distinct.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, letters);
}

#[test]
fn pcg_state_json_has_numpys_shape() {
    let rng = default_rng(0u64).unwrap();
    let json = rng.state().to_json();
    assert_eq!(
        json,
        r#"{"bit_generator":"PCG64","state":{"state":35399562948360463058890781895381311971,"inc":87136372517582989555478159403783844777},"has_uint32":0,"uinteger":0}"#
    );
    let mut other = Generator::new(Pcg64::new(1u64).unwrap());
    other
        .set_state(&Pcg64State::from_json(&json).unwrap())
        .unwrap();
    assert_eq!(other, rng);
}

#[test]
fn legacy_state_round_trip_keeps_the_cached_gaussian() {
    let mut rs = RandomState::new(5u32).unwrap();
    rs.randn(&[1]).unwrap();
    let saved = rs.get_state();
    assert_eq!(saved.has_gauss, 1);
    let expected = rs.randn(&[5]).unwrap();
    let mut other = RandomState::new(0u32).unwrap();
    other
        .set_state(&LegacyState::from_json(&saved.to_json()).unwrap())
        .unwrap();
    assert_eq!(other.randn(&[5]).unwrap(), expected);
    // A bare MT19937 state (no gauss fields) is accepted, as NumPy's set_state does.
    let bare = serde_json::json!({"bit_generator": "MT19937", "state": saved.state}).to_string();
    other
        .set_state(&LegacyState::from_json(&bare).unwrap())
        .unwrap();
    assert_eq!(other.get_state().has_gauss, 0);
}
