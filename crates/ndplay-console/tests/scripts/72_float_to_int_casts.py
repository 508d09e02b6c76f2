# Float-to-integer casts: the values NumPy writes for in-range, negative and fractional
# inputs, and its "invalid value encountered in cast" for NaN, infinities and values
# beyond the C conversion it uses (int32 for targets of at most 32 bits but uint32,
# int64 for int64/uint32, and up to 2**64 for uint64). One element per cast, so NumPy's
# scalar conversion decides (its SIMD loops write other garbage for invalid values).
import warnings
import numpy as np
values = [-297.0, -1.5, -0.5, 0.5, 1.9e19, 2e19, 3e9, -3e9, 1e10, np.nan, np.inf, -np.inf,
          255.7, 256.0, -129.0, 70000.0, -40000.0, 2.0**63, 2.0**64, -2.0**63, -1e19,
          2.0**31, -2.0**31, -2.0**31 - 1, 2.0**31 - 0.5, 65535.9, 1e-300]
for src in [np.float64, np.float32]:
    for dt in [np.uint64, np.uint32, np.uint16, np.uint8, np.int64, np.int32, np.int16, np.int8, np.bool_]:
        warned = []
        for v in values:
            x = np.array([v], dtype=src)
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter('always')
                r = x.astype(dt)
            ok = np.isfinite(x[0]) and -2.0**63 <= x[0] < 2.0**64 and (dt in (np.uint64, np.int64, np.uint32, np.bool_) or -2.0**31 <= x[0] < 2.0**31)
            warned.append('W' if w else '.')
            if ok:
                print(src.__name__, dt.__name__, repr(v), '->', r.tolist())
        print(src.__name__, dt.__name__, 'warned:', ''.join(warned))
for code in ['np.array([1.5, np.nan]).astype(np.int64)', 'np.array([[np.inf], [2.0]]).astype(np.int8)',
             'np.array([3e9, 1.0], dtype=np.float32).astype(np.int16)', 'np.array([1.5, 2.5]).astype(np.int32)',
             'np.array([np.nan]).astype(np.float32)', 'np.array([np.nan]).astype(bool)', 'np.array([7.9]).astype(np.uint8)',
             'np.arange(6.0).reshape(2, 3)[:, ::2].astype(np.int16)']:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        r = eval(code)
    print(code, '->', r.tolist(), [(x.category.__name__, str(x.message)) for x in w])
# Writing a float array into an integer array casts the same way.
for dt, src in [(np.int16, [1.5, np.nan, 3e9]), (np.int64, [1.5, 2.5, 1e300]), (np.uint64, [-1.0, 1e19]), (np.uint8, [300.0, -1.0])]:
    x = np.zeros(len(src), dtype=dt)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        x[:] = np.array(src)
    print(dt.__name__, x.tolist(), [str(m.message) for m in w])
with np.errstate(invalid='raise'):
    try:
        np.array([np.inf]).astype(np.int64)
    except FloatingPointError as err:
        print('raised', err)
with np.errstate(invalid='ignore'):
    print(np.array([np.inf, 1.0]).astype(np.int32)[1])
