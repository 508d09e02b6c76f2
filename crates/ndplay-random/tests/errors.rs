//! Bad arguments give the `RandomError` variant NumPy's ValueError corresponds to,
//! with NumPy's wording first, and never panic.

use ndplay_random::{
    IntDType, LegacyState, Pcg64State, RandomError, RandomState, Seed, default_rng,
};

fn msg<T: std::fmt::Debug>(r: Result<T, RandomError>) -> (RandomError, String) {
    let e = r.unwrap_err();
    let s = e.to_string();
    (e, s)
}

#[test]
fn integer_bounds() {
    let mut rng = default_rng(0u64).unwrap();
    let cases: [(i128, i128, IntDType, bool, &str); 6] = [
        (5, 5, IntDType::I64, false, "low >= high"),
        (0, 0, IntDType::I64, false, "high <= 0"),
        (3, 2, IntDType::I64, true, "low > high"),
        (0, -1, IntDType::I64, true, "high < 0"),
        (-1, 5, IntDType::U8, false, "low is out of bounds for uint8"),
        (
            0,
            257,
            IntDType::U8,
            false,
            "high is out of bounds for uint8",
        ),
    ];
    for (low, high, dtype, endpoint, want) in cases {
        let (_, s) = msg(rng.integers(low, high, &[3], dtype, endpoint));
        assert!(s.starts_with(want), "{s:?} should start with {want:?}");
        assert!(s.contains("Generator.integers"), "{s}");
    }
    // The full range is fine, one past it is not.
    assert!(rng.integers(-128, 128, &[3], IntDType::I8, false).is_ok());
    assert!(rng.integers(0, 1 << 64, &[3], IntDType::U64, false).is_ok());
    assert!(matches!(
        rng.integers(0, (1 << 64) + 1, &[3], IntDType::U64, false),
        Err(RandomError::HighOutOfBounds { .. })
    ));
    // Like NumPy, an empty size returns before the bounds are checked.
    assert!(
        rng.integers(5, 5, &[0], IntDType::I64, false)
            .unwrap()
            .is_empty()
    );
    let mut rs = RandomState::new(0u32).unwrap();
    assert!(
        msg(rs.randint(5, 5, &[2], IntDType::I32))
            .1
            .starts_with("low >= high")
    );
}

#[test]
fn float_parameters() {
    let mut rng = default_rng(0u64).unwrap();
    assert!(msg(rng.normal(0.0, -1.0, &[2])).1.starts_with("scale < 0"));
    assert!(
        msg(rng.exponential(-0.0, &[2])).1.starts_with("scale < 0"),
        "-0.0 is negative, as in NumPy"
    );
    assert!(
        rng.normal(0.0, f64::NAN, &[2]).is_ok(),
        "NaN passes NumPy's check"
    );
    assert!(
        msg(rng.uniform(1.0, 0.0, &[2]))
            .1
            .starts_with("high - low < 0")
    );
    assert!(
        msg(rng.uniform(-1e308, 1e308, &[2]))
            .1
            .starts_with("high - low range exceeds valid bounds")
    );
    let mut rs = RandomState::new(0u32).unwrap();
    assert!(
        rs.uniform(1.0, 0.0, &[2]).is_ok(),
        "legacy uniform allows high < low"
    );
    assert!(matches!(
        rs.uniform(0.0, f64::INFINITY, &[2]),
        Err(RandomError::RangeOverflow { .. })
    ));
    assert!(msg(rs.normal(0.0, -2.0, &[2])).1.starts_with("scale < 0"));
}

#[test]
fn choice_arguments() {
    let mut rng = default_rng(0u64).unwrap();
    let checks: Vec<(Result<Vec<i64>, RandomError>, &str)> = vec![
        (
            rng.choice(3, &[5], false, None),
            "Cannot take a larger sample than population when replace is False",
        ),
        (
            rng.choice(3, &[2], true, Some(&[0.5, 0.6, 0.1])),
            "Probabilities do not sum to 1",
        ),
        (
            rng.choice(0, &[3], true, None),
            "a must be a positive integer unless no samples are taken",
        ),
        (
            rng.choice(3, &[2], true, Some(&[0.5, f64::NAN, 0.5])),
            "Probabilities contain NaN",
        ),
        (
            rng.choice(3, &[2], true, Some(&[1.5, -0.5, 0.0])),
            "Probabilities are not non-negative",
        ),
        (
            rng.choice(3, &[2], true, Some(&[1.0, 0.0])),
            "a and p must have same size",
        ),
        (
            rng.choice(3, &[2], false, Some(&[1.0, 0.0, 0.0])),
            "Fewer non-zero entries in p than size",
        ),
    ];
    for (r, want) in checks {
        let (_, s) = msg(r);
        assert!(s.starts_with(want), "{s:?} should start with {want:?}");
    }
    assert!(rng.choice(0, &[0], true, None).unwrap().is_empty());
    assert!(matches!(
        rng.random(&[usize::MAX, 2]),
        Err(RandomError::SizeOverflow { .. })
    ));
}

#[test]
fn seeds() {
    assert!(
        msg(default_rng(-1i64))
            .1
            .starts_with("expected non-negative integer")
    );
    assert!(matches!(
        default_rng(Seed::Sequence(vec![Seed::from(vec![1u8])])),
        Err(RandomError::NestedSeed { .. })
    ));
    assert!(
        msg(RandomState::new(1u64 << 32))
            .1
            .starts_with("Seed must be between 0 and 2**32 - 1")
    );
    assert!(
        msg(RandomState::new(Seed::Sequence(vec![])))
            .1
            .starts_with("Seed must be non-empty")
    );
    assert!(
        msg(RandomState::new(vec![1i64, -1]))
            .1
            .starts_with("Seed must be between 0 and 2**32 - 1")
    );
}

#[test]
fn states() {
    let mut rng = default_rng(0u64).unwrap();
    let mut st = rng.state();
    st.bit_generator = "MT19937".into();
    assert!(
        msg(rng.set_state(&st))
            .1
            .contains("state must be for a PCG64 PRNG")
    );
    assert!(matches!(
        Pcg64State::from_json("{\"bit_generator\": 1}"),
        Err(RandomError::StateJson(_))
    ));
    let mut rs = RandomState::new(0u32).unwrap();
    let mut ls = rs.get_state();
    ls.state.key.pop();
    assert!(msg(rs.set_state(&ls)).1.contains("key must have 624 words"));
    let mut ls = rs.get_state();
    ls.state.pos = 625;
    assert!(rs.set_state(&ls).is_err());
    assert!(LegacyState::from_json("not json").is_err());
}
