//! Which NumPy call each method reproduces (docs only).
//!
//! `size` is always a shape slice: NumPy's `size=None` is `&[]` (one value),
//! `size=5` is `&[5]`, `size=(2, 3)` is `&[2, 3]`.
//!
//! | NumPy | ndplay-random |
//! |---|---|
//! | `np.random.default_rng(seed)` | [`crate::default_rng`]`(seed)` |
//! | `np.random.default_rng()` | `default_rng(Seed::OsEntropy)` |
//! | `np.random.default_rng([1, 2, 3])` | `default_rng(vec![1u64, 2, 3])` |
//! | `np.random.SeedSequence(s).generate_state(n)` | [`crate::SeedSequence::generate_state_u32`] |
//! | `rng.bit_generator.random_raw(n)` | `rng.bit_generator_mut().random_raw(n)` |
//! | `rng.bit_generator.state` / `= st` | [`crate::Generator::state`] / [`crate::Generator::set_state`] |
//! | `rng.random(size)` | [`crate::Generator::random`] |
//! | `rng.random(size, dtype=np.float32)` | [`crate::Generator::random_f32`] |
//! | `rng.standard_normal(size[, dtype])` | [`crate::Generator::standard_normal`], `_f32`, `_as` |
//! | `rng.normal(loc, scale, size)` | [`crate::Generator::normal`] |
//! | `rng.uniform(low, high, size)` | [`crate::Generator::uniform`] |
//! | `rng.integers(low, high, size, dtype, endpoint)` | [`crate::Generator::integers`] |
//! | `rng.integers(n)` | `rng.integers(0, n, &[], IntDType::I64, false)` |
//! | `rng.choice(n, size, replace, p)` | [`crate::Generator::choice`] (indices) |
//! | `rng.choice(arr, size, replace, p)` | [`crate::Generator::choice_from`] |
//! | `rng.choice(..., shuffle=False)` | [`crate::Generator::choice_with`] |
//! | `rng.permutation(n)` / `rng.permutation(arr)` | [`crate::Generator::permutation`] (take along axis 0) |
//! | `rng.shuffle(x)` | [`crate::Generator::shuffle`] (1-d), [`crate::Generator::shuffle_swaps`] (n-d) |
//! | `rng.standard_exponential(size[, dtype])` | [`crate::Generator::standard_exponential`], `_f32`, `_as` |
//! | `rng.exponential(scale, size)` | [`crate::Generator::exponential`] |
//! | `np.random.seed(s)` | [`crate::legacy::seed`] |
//! | `np.random.rand(...)` etc. | [`crate::legacy::global`]`().rand(...)` |
//! | `np.random.RandomState(s)` | [`crate::RandomState::new`] |
//! | `rs.rand(d0, d1)` / `rs.random_sample(size)` | [`crate::RandomState::rand`] / [`crate::RandomState::random_sample`] |
//! | `rs.randn(d0, d1)` / `rs.standard_normal(size)` | [`crate::RandomState::randn`] / [`crate::RandomState::standard_normal`] |
//! | `rs.randint(low, high, size, dtype)` | [`crate::RandomState::randint`] |
//! | `rs.normal`, `rs.uniform` | [`crate::RandomState::normal`], [`crate::RandomState::uniform`] |
//! | `rs.permutation`, `rs.shuffle` | [`crate::RandomState::permutation`], [`crate::RandomState::shuffle`], [`crate::RandomState::shuffle_swaps`] |
//! | `rs.choice(a, size, replace, p)` | [`crate::RandomState::choice`], [`crate::RandomState::choice_from`] |
//! | `rs.get_state(legacy=False)` / `rs.set_state(st)` | [`crate::RandomState::get_state`] / [`crate::RandomState::set_state`] |
//!
//! ```
//! use ndplay_random::{default_rng, IntDType};
//! // rng.integers(5) with NumPy's defaults:
//! let mut rng = default_rng(1u64).unwrap();
//! let v = rng.integers(0, 5, &[], IntDType::I64, false).unwrap();
//! assert_eq!(v.len(), 1);
//! ```
