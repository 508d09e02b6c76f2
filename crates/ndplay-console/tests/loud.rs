//! Never silently wrong: a NumPy parameter or function ndplay does not implement raises,
//! naming it, instead of being accepted and ignored.

use ndplay_console::Session;

/// `(code, exception type, text the message must contain)`.
const CASES: &[(&str, &str, &str)] = &[
    (
        "np.mean(a, out=np.zeros((), np.float32))",
        "NotImplementedError",
        "mean into an out array of dtype float32",
    ),
    (
        "a.var(out=np.zeros((), np.float32))",
        "NotImplementedError",
        "var into an out array of dtype float32",
    ),
    (
        "np.add.resolve_dtypes((None, None, None))",
        "AttributeError",
        "ndplay does not implement numpy.ufunc.resolve_dtypes yet",
    ),
    (
        "np.exp(a, casting='unsafe')",
        "NotImplementedError",
        "'casting' parameter of numpy.exp",
    ),
    (
        "np.add(a, a, signature='dd->d')",
        "NotImplementedError",
        "'signature' parameter of numpy.add",
    ),
    (
        "np.argmax(a, out=a)",
        "NotImplementedError",
        "'out' parameter of numpy.argmax",
    ),
    (
        "np.unique(a, equal_nan=False)",
        "NotImplementedError",
        "'equal_nan' parameter of numpy.unique",
    ),
    (
        "np.quantile(a, 0.5, weights=a)",
        "NotImplementedError",
        "'weights' parameter of numpy.quantile",
    ),
    (
        "np.set_printoptions(legacy='1.13')",
        "NotImplementedError",
        "'legacy' parameter of numpy.set_printoptions",
    ),
    (
        "np.percentile(a, 50, method='nearest')",
        "NotImplementedError",
        "'method' parameter of numpy.percentile",
    ),
    (
        "np.errstate(divide='call')",
        "NotImplementedError",
        "error mode 'call' of numpy.seterr",
    ),
    (
        "np.linalg.qr(np.eye(2), mode='complete')",
        "NotImplementedError",
        "'mode' parameter of numpy.linalg.qr",
    ),
    (
        "np.random.default_rng(0).choice(np.eye(2), shuffle=False)",
        "NotImplementedError",
        "'shuffle' parameter of numpy.random.Generator.choice",
    ),
    (
        "np.random.default_rng(0).choice(np.eye(2), axis=1)",
        "NotImplementedError",
        "'axis' parameter",
    ),
    (
        "np.pad(a, 3, 'reflect', reflect_type='odd')",
        "NotImplementedError",
        "'reflect_type' parameter of numpy.pad",
    ),
    (
        "np.save('/nonexistent/objects.npy', np.array([1, None]))",
        "NotImplementedError",
        "saving object arrays",
    ),
    (
        "np.round(np.array([2.567], dtype=object), 1)",
        "NotImplementedError",
        "np.round on object arrays",
    ),
    (
        "np.floor(np.array([2.5], dtype=object))",
        "NotImplementedError",
        "np.floor on object arrays",
    ),
    (
        "np.save('/nonexistent/records.npy', np.zeros(2, 'f8,f8'))",
        "NotImplementedError",
        "saving structured arrays",
    ),
    (
        "np.unique(np.zeros(2, 'f8,f8'))",
        "NotImplementedError",
        "sort on structured arrays",
    ),
    (
        "np.dtype([('x', 'f8', (2,))])",
        "NotImplementedError",
        "sub-array fields",
    ),
    (
        "np.zeros(2, 'f8,f8').argmax()",
        "NotImplementedError",
        "argmax on structured arrays",
    ),
    (
        "np.nextafter(a, a)",
        "AttributeError",
        "ndplay does not implement numpy.nextafter yet",
    ),
    (
        "np.lib.stride_tricks.as_strided(a, shape=(4,), strides=(8,))",
        "ValueError",
        "as_strided: shape [4] with strides [8] reaches bytes 0..32",
    ),
    (
        "np.nanpercentile(a, 50)",
        "AttributeError",
        "ndplay does not implement numpy.nanpercentile yet",
    ),
    (
        "np.add(a, a, bogus=1)",
        "TypeError",
        "unexpected keyword argument 'bogus'",
    ),
    (
        "a.astype('float128')",
        "NotImplementedError",
        "the dtype 'float128'",
    ),
    (
        "np.zeros(2, dtype='datetime64[s]')",
        "NotImplementedError",
        "the dtype 'datetime64[s]'",
    ),
    (
        "np.zeros(2, dtype='nonsense')",
        "TypeError",
        "data type 'nonsense' not understood",
    ),
    (
        "a.var(mean=a.mean())",
        "NotImplementedError",
        "'mean' parameter of numpy.var",
    ),
    (
        "np.std(a, mean=1.0)",
        "NotImplementedError",
        "'mean' parameter of numpy.std",
    ),
];

#[test]
fn unimplemented_parameters_and_functions_raise_naming_them() {
    let mut s = Session::new().expect("session");
    let setup = s.run("import numpy as np\na = np.array([1.0, 2.0, 3.0])");
    assert!(setup.is_ok(), "{:?}", setup.error);
    for &(code, py_type, text) in CASES {
        let out = s.run(code);
        let err = out
            .error
            .unwrap_or_else(|| panic!("{code} ran without an error: {:?}", out.result_repr));
        assert_eq!(err.py_type, py_type, "{code}: {}", err.message);
        assert!(err.message.contains(text), "{code}: {}", err.message);
    }
    // Nothing was changed by the refused calls.
    let out = s.run("a");
    assert_eq!(out.result_repr.as_deref(), Some("array([1., 2., 3.])"));
}

#[test]
fn defaults_given_explicitly_are_accepted() {
    let mut s = Session::new().expect("session");
    let code = "import numpy as np\na = np.array([1.0, 2.0])\n\
                (np.sum(a, out=None, keepdims=False), np.add(a, a, out=None, where=True, casting='same_kind'),\n\
                 np.set_printoptions(precision=8, suppress=False), a.max(keepdims=False))";
    let out = s.run(code);
    assert!(out.is_ok(), "{:?}", out.error);
    assert_eq!(
        out.result_repr.as_deref(),
        Some("(np.float64(3.0), array([2., 4.]), None, np.float64(2.0))")
    );
}

#[test]
fn an_allocation_beyond_memory_is_numpys_memory_error() {
    let mut s = Session::new().expect("session");
    let out = s.run("import numpy as np\nnp.ones((100000, 100000, 1000))");
    let err = out.error.expect("MemoryError");
    assert_eq!(err.py_type, "MemoryError");
    assert_eq!(
        err.message,
        "Unable to allocate 72.8 TiB for an array with shape (100000, 100000, 1000) and data type float64"
    );
    // The session lives on.
    assert_eq!(
        s.run("np.zeros(2)").result_repr.as_deref(),
        Some("array([0., 0.])")
    );
}

/// Every way console code can ask for memory by a number it chose: the size is checked
/// before anything is allocated, so each ends in `MemoryError` and the session lives on
/// (they used to abort the process, or surface as a Rust panic).
#[test]
fn every_input_sized_allocation_is_checked_first() {
    let mut s = Session::new().expect("session");
    let setup = s.run("import numpy as np\nbig = np.broadcast_to(np.ones(1), (10**12,))");
    assert!(setup.is_ok(), "{:?}", setup.error);
    for code in [
        "np.linspace(0, 1, 10**12)",
        "np.arange(0, 1e15)",
        "np.arange(10**15)",
        "np.eye(10**6)",
        "np.identity(10**6)",
        "np.zeros((10**6, 10**6))",
        "np.full((10**7, 10**7), 1.0)",
        "np.empty((10**6, 10**6))",
        "np.random.default_rng(0).random(10**13)",
        "np.random.default_rng(0).integers(0, 5, 10**13)",
        "np.random.default_rng(0).integers([0, 1], 5, size=(10**7, 10**6, 2))",
        "np.random.default_rng(0).normal(size=(10**6, 10**6))",
        "np.random.default_rng(0).permutation(10**12)",
        "np.random.default_rng(0).choice(10**12, 10**12)",
        "np.random.rand(10**13)",
        "np.random.permutation(10**12)",
        "np.tile(np.ones(10), 10**12)",
        "np.repeat(np.ones(10), 10**12)",
        "np.outer(np.ones(10**6), np.ones(10**6))",
        "np.add.outer(np.ones(10**6), np.ones(10**6))",
        "big.copy()",
        "big + 1",
        "big.astype(np.float32)",
        "np.sort(big)",
        "np.argsort(big)",
        "np.unique(big)",
        "np.cumsum(big)",
        "np.array(big)",
        "np.ascontiguousarray(np.broadcast_to(np.ones(1), (10**6, 10**6)))",
        "np.concatenate([big, big])",
        "np.stack([big, big])",
        "np.nonzero(big)",
        "np.where(big > 0)",
        "big[big > 0]",
        "np.einsum('i,j->ij', np.ones(10**6), np.ones(10**6))",
        "np.diag(np.ones(10**7))",
    ] {
        let out = s.run(code);
        let err = out
            .error
            .unwrap_or_else(|| panic!("{code} ran without an error: {:?}", out.result_repr));
        assert_eq!(err.py_type, "MemoryError", "{code}: {}", err.message);
    }
    assert_eq!(
        s.run("np.arange(3)").result_repr.as_deref(),
        Some("array([0, 1, 2])")
    );
}
