"""ndplay.inspect on real NumPy arrays: every fact equals NumPy's own computation, on
random and hostile arrays, in every memory layout, and the JSON equals the CLI's."""

import array
import json
import re
import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest

import ndplay
from conftest import assert_matches_numpy, cli_json

RNG = np.random.default_rng(20261204)


def normal(shape, dtype=np.float64, scale=1.0):
    return (RNG.standard_normal(shape) * scale).astype(dtype)


def with_specials(a, nan=3, posinf=2, neginf=1, zeros=4):
    a = a.copy()
    flat = a.reshape(-1)
    idx = RNG.permutation(flat.size)
    k = 0
    for value, n in ((np.nan, nan), (np.inf, posinf), (-np.inf, neginf), (0, zeros)):
        flat[idx[k:k + n]] = value
        k += n
    return a


INT_DTYPES = [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32, np.int64, np.uint64]


def random_ints(dtype, shape):
    info = np.iinfo(dtype)
    return RNG.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


CASES = {
    "float32 normal": normal((1000, 37), np.float32),
    "float64 normal": normal((513, 29)),
    "float16 normal": normal((300, 7), np.float16),
    "float32 with NaN/Inf/zeros": with_specials(normal((64, 33), np.float32)),
    "float64 with NaN/Inf/zeros": with_specials(normal((9, 11, 13))),
    "float16 with NaN/Inf": with_specials(normal((50, 3), np.float16)),
    "all NaN": np.full((4, 5), np.nan),
    "all +Inf float32": np.full(17, np.inf, np.float32),
    "constant": np.full((3, 3), 7.25),
    # (Squares stay finite: NumPy's std of 1e300 overflows to inf, ndplay's to null.)
    "huge and tiny magnitudes": np.array([1e150, -1e-300, 5e-324, -5e-324, 3.4e38, 1e-45]),
    "float32 subnormals": np.array([1e-45, -1e-44, 1e-40, 0.0, -0.0], np.float32),
    "unnormalised": normal((100, 4), scale=1e6),
    "bool": RNG.random((33, 3)) < 0.3,
    "complex64": (normal((20, 5)) + 1j * normal((20, 5))).astype(np.complex64),
    "complex128 with NaN": np.array([1 + 2j, np.nan + 0j, 3 - 4j, 0j, complex(np.inf, 1)]),
    "empty (0, 5)": np.zeros((0, 5), np.float32),
    "empty (3, 0, 2) int": np.zeros((3, 0, 2), np.int64),
    "0-d float": np.array(2.5),
    "0-d nan float32": np.array(np.nan, np.float32),
    "int64 beyond 2**53": np.array([2**62 + 1, -(2**62) - 3, 5, 2**53 + 1], np.int64),
    "uint64 max": np.array([2**64 - 1, 0, 2**63], np.uint64),
    "one element": np.array([42.0]),
    "odd size 1001 float32": normal(1001, np.float32),
    "large float32 (3, 200_000)": with_specials(normal((3, 200_000), np.float32), 10, 5, 5, 7),
}
for dt in INT_DTYPES:
    CASES["random %s" % np.dtype(dt).name] = random_ints(dt, (257, 3))


@pytest.mark.parametrize("case", sorted(CASES))
def test_report_equals_numpy(case):
    x = CASES[case]
    assert_matches_numpy(ndplay.inspect(x), x)


def layouts(base):
    """Views of `base` in the layouts NumPy makes every day."""
    yield "C", base
    yield "transposed (F)", base.T
    yield "every other row", base[::2]
    yield "every third column", base[:, ::3]
    yield "reversed rows", base[::-1]
    yield "reversed both", base[::-1, ::-1]
    yield "strided both", base[1::3, 2::5]
    yield "Fortran copy", np.asfortranarray(base)
    yield "broadcast (zero strides)", np.broadcast_to(base[:1], (4,) + base.shape[1:])
    yield "one column", base[:, 3]
    yield "byte-swapped", base.astype(base.dtype.newbyteorder(">"))
    yield "byte-swapped strided", base.astype(base.dtype.newbyteorder(">"))[::2, ::-3]


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16, np.int16, np.uint32,
                                   np.int64, np.complex64, np.bool_])
def test_every_layout_equals_numpy(dtype):
    base = with_specials(normal((40, 30)), 2, 1, 1, 3) if np.dtype(dtype).kind == "f" else None
    if base is None:
        if np.dtype(dtype).kind == "c":
            base = normal((40, 30)) + 1j * normal((40, 30))
        elif np.dtype(dtype).kind == "b":
            base = RNG.random((40, 30)) < 0.5
        else:
            base = RNG.integers(-100, 100, (40, 30))
            if np.dtype(dtype).kind == "u":
                base = np.abs(base)
    base = base.astype(dtype)
    for label, view in layouts(base):
        r = ndplay.inspect(view)
        try:
            assert_matches_numpy(r, view)
        except AssertionError as e:
            raise AssertionError("%s %s: %s" % (np.dtype(dtype).name, label, e)) from e


def test_three_d_transposes_are_read_in_place_and_equal_numpy():
    base = with_specials(normal((6, 7, 8), np.float32))
    for axes in [(0, 1, 2), (1, 0, 2), (2, 0, 1), (2, 1, 0), (0, 2, 1)]:
        v = base.transpose(axes)
        assert_matches_numpy(ndplay.inspect(v), v)


def test_buffer_protocol_objects_other_than_numpy():
    x = normal((5, 4))
    m = memoryview(x)
    r = ndplay.inspect(m)
    assert_matches_numpy(r, x)
    assert ndplay.inspect(memoryview(x)[::2]).size == 3 * 4
    r = ndplay.inspect(array.array("d", [1.0, 2.0, float("nan")]))
    assert (r.dtype, r.nan_count, r.max) == ("float64", 1, 2.0)
    r = ndplay.inspect(bytes([0, 1, 255]))
    assert (r.dtype, r.min, r.max, r.zero_count) == ("uint8", 0, 255, 1)
    r = ndplay.inspect(bytearray(b"\x00\x00"))
    assert r.zero_count == 2


class TensorLike:
    """A CPU tensor of another library: no buffer protocol, only __array__."""

    def __init__(self, a):
        self._a = a

    def __array__(self, dtype=None, copy=None):
        return self._a


def test_objects_with_array_interface_are_read_through_it():
    x = with_specials(normal((20, 3), np.float32))
    assert_matches_numpy(ndplay.inspect(TensorLike(x)), x)
    # Zero-copy: the report reads the tensor's own memory, not a snapshot.
    t = TensorLike(x)
    r = ndplay.inspect(t)
    x[0, 0] = 1e30
    assert r.axis_stats(0).max[0] == pytest.approx(1e30, rel=1e-6)
    assert ndplay.inspect(t).max == pytest.approx(1e30, rel=1e-6)


def test_ndplay_numpy_arrays_are_inspected_too():
    nnp = ndplay.numpy
    a = nnp.arange(12.0).reshape(3, 4).T
    r = ndplay.inspect(a)
    ref = np.arange(12.0).reshape(3, 4).T
    assert_matches_numpy(r, ref)


def test_refusals_name_the_dtype_and_the_fix():
    with pytest.raises(TypeError, match=r"dtype is datetime64\[s\].*astype"):
        ndplay.inspect(np.array(["2024-01-01"], dtype="datetime64[s]"))
    with pytest.raises(TypeError, match="object array"):
        ndplay.inspect(np.array([1, "a"], dtype=object))
    with pytest.raises(TypeError, match="np.asarray"):
        ndplay.inspect([1.0, 2.0])
    with pytest.raises(TypeError, match="bytes"):
        ndplay.inspect(np.array([b"ab"], dtype="S2"))
    with pytest.raises(TypeError, match="long double"):
        ndplay.inspect(np.zeros(3, np.longdouble))
    with pytest.raises(TypeError, match="x\\['name'\\]"):
        ndplay.inspect(np.zeros(3, dtype=[("a", "f4"), ("b", "i4")]))
    with pytest.raises(ValueError, match="max_mb"):
        ndplay.inspect(np.zeros(3), max_mb=-1)
    with pytest.raises(TypeError):
        ndplay.inspect(np.zeros(3), "positional name is keyword-only")


def test_unicode_text_is_counted_and_fails_dtype():
    x = np.array(["a", "bc", ""])
    r = ndplay.inspect(x)
    assert (r.dtype, r.size, r.typestr) == ("<U2", 3, "<U2")
    assert r.signals["dtype"].status == "fail"
    assert r.mean is None


def test_signals_batch_and_memory_budget():
    x = normal((32, 8), np.float32)
    r = ndplay.inspect(x, batch=32, max_mb=1)
    assert r.status == "ok" and r.ok
    assert list(r.signals) == ["shape", "dtype", "nan_inf", "value_range", "memory", "contiguity"]
    assert ndplay.inspect(x, batch=16).signals["shape"].status == "fail"
    assert ndplay.inspect(x, max_mb=0.0001).signals["memory"].status == "fail"
    assert ndplay.inspect(x.T).signals["contiguity"].status == "warn"
    assert ndplay.inspect(x * 1e6).signals["value_range"].status == "warn"
    bad = with_specials(x)
    r = ndplay.inspect(bad)
    assert r.status == "fail" and not r.ok
    assert "NaN" in r.signals["nan_inf"].detail


def test_to_dict_is_the_cli_json_for_the_same_data(tmp_path, ndplay_cli):
    for i, x in enumerate([with_specials(normal((100, 7), np.float32)),
                           random_ints(np.int64, (9, 2)),
                           normal((4, 5)).T,
                           np.zeros((0, 3), np.float16),
                           (normal(6) + 1j).astype(np.complex64),
                           normal((3, 4)).astype(">f8")]):
        path = tmp_path / ("x%d.npy" % i)
        np.save(path, x)
        cli = cli_json(ndplay_cli, path)["files"][0]["tensors"][0]
        mine = ndplay.inspect(x).to_dict()
        assert mine.keys() == cli.keys()
        # np.save writes a transposed array's data in Fortran order, and np.load gives an
        # empty array other strides than np.zeros did: layout facts differ by design.
        same_layout = x.flags.c_contiguous and x.size > 0
        for key in cli:
            if not same_layout and key in ("strides", "c_contiguous", "f_contiguous"):
                continue
            if not same_layout and key == "signals":
                assert [s for s in mine[key] if s["name"] != "contiguity"] == \
                    [s for s in cli[key] if s["name"] != "contiguity"]
                continue
            assert mine[key] == cli[key], (i, key, mine[key], cli[key])
        files = ndplay.inspect_files(path)
        assert [r.to_dict() for r in files] == [cli]
        assert json.loads(files[0].to_json()) == cli


def write_safetensors(path, tensors):
    """A .safetensors file written by hand: 8-byte header length, JSON header, data."""
    header, blobs, offset = {}, [], 0
    for name, a in tensors.items():
        a = np.ascontiguousarray(a)
        code = {"float32": "F32", "int64": "I64", "float16": "F16"}[a.dtype.name]
        header[name] = {"dtype": code, "shape": list(a.shape),
                        "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + b"".join(blobs))


def test_inspect_files_reads_every_format_as_the_cli(tmp_path, ndplay_cli):
    a = with_specials(normal((10, 4), np.float32))
    b = random_ints(np.int64, (3, 3))
    np.save(tmp_path / "a.npy", a)
    np.savez(tmp_path / "ab.npz", a=a, b=b)
    write_safetensors(tmp_path / "w.safetensors", {"w": a, "h": normal(5, np.float16)})
    (tmp_path / "t.csv").write_text("x,y\n1,2\n3,nan\n5,6\n")
    paths = [tmp_path / n for n in ("a.npy", "ab.npz", "w.safetensors", "t.csv")]
    reports = ndplay.inspect_files(*paths)
    cli = cli_json(ndplay_cli, *paths)
    assert [r.to_dict() for r in reports] == [t for f in cli["files"] for t in f["tensors"]]
    assert [(r.format, r.name) for r in reports] == [
        ("npy", None), ("npz", "a"), ("npz", "b"), ("safetensors", "h"),
        ("safetensors", "w"), ("csv", None)]
    assert_matches_numpy(reports[0], a)
    assert_matches_numpy(reports[2], b)
    # merge=True: the files are shards of one dataset, as `ndplay inspect --merge`.
    np.save(tmp_path / "a2.npy", a[:3])
    merged = ndplay.inspect_files(tmp_path / "a.npy", tmp_path / "a2.npy", merge=True)
    assert len(merged) == 1 and merged[0].shape == (13, 4) and merged[0].shards == 2
    cli = cli_json(ndplay_cli, "--merge", tmp_path / "a.npy", tmp_path / "a2.npy")
    assert merged[0].to_dict() == cli["files"][0]["tensors"][0]


def test_file_errors_are_python_exceptions(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.npy"):
        ndplay.inspect_files(tmp_path / "missing.npy")
    (tmp_path / "bad.npy").write_bytes(b"\x93NUMPY\x01\x00garbage")
    with pytest.raises(ValueError, match="bad.npy"):
        ndplay.inspect_files(tmp_path / "bad.npy")
    np.save(tmp_path / "a.npy", np.zeros((2, 3)))
    np.save(tmp_path / "b.npy", np.zeros((2, 4)))
    with pytest.raises(ValueError, match="differ after axis 0"):
        ndplay.inspect_files(tmp_path / "a.npy", tmp_path / "b.npy", merge=True)


def finite_nan(a):
    return np.where(np.isfinite(a), a, np.nan)


@pytest.mark.parametrize("axis", [0, 1, -1, 2, -3])
def test_axis_stats_equal_numpy(axis):
    x = with_specials(normal((6, 5, 4), np.float32), 4, 2, 2, 3)
    x[:, 1, :] = np.nan  # a lane with no finite values gives NaN
    s = ndplay.inspect(x[:, ::-1]).axis_stats(axis)
    v = finite_nan(x[:, ::-1].astype(np.float64))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN lanes
        want = {
            "mean": np.nanmean(v, axis=axis), "std": np.nanstd(v, axis=axis),
            "min": np.nanmin(v, axis=axis), "max": np.nanmax(v, axis=axis)}
    assert s.shape == want["mean"].shape
    assert s.axis == axis % 3
    for key, w in want.items():
        got = getattr(s, key)
        assert isinstance(got, np.ndarray) and got.dtype == np.float64
        np.testing.assert_allclose(got, w, rtol=1e-12, err_msg=key)
    np.testing.assert_array_equal(s.nan_count, np.isnan(x[:, ::-1]).sum(axis=axis))
    assert s.to_dict()["axis"] == axis % 3


def test_axis_stats_of_files_and_errors(tmp_path):
    x = normal((7, 3))
    np.save(tmp_path / "x.npy", x)
    s = ndplay.inspect_files(tmp_path / "x.npy")[0].axis_stats(0)
    np.testing.assert_allclose(s.mean, x.mean(axis=0), rtol=1e-12)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        ndplay.inspect(x).axis_stats(2)
    # An empty tensor with a huge axis: NumPy's MemoryError, never an abort.
    with pytest.raises(MemoryError, match="Unable to allocate"):
        ndplay.inspect(np.zeros((0, 10**12), np.float32)).axis_stats(0)


def test_repr_is_one_lovely_line_and_html_is_escaped():
    x = with_specials(normal((100, 3), np.float32), 1, 1, 0, 0)
    line = repr(ndplay.inspect(x, name="batch<1>"))
    assert "\n" not in line
    assert re.match(r"batch<1>: float32\[100, 3\] n=300 \(1\.20 kB\) x∈\[-?[\d.]+, [\d.]+\] "
                    r"μ=\S+ σ=\S+ [▁▂▃▄▅▆▇█ ]+\|[▁▂▃▄▅▆▇█ ]+ NaN×1 \+Inf×1 C ✗ fail: nan_inf$",
                    line), line
    assert repr(ndplay.inspect(normal((4, 4)).T)).endswith("F ⚠ warn: contiguity")
    assert repr(ndplay.inspect(np.zeros((0, 2)))).startswith("float64[0, 2] n=0 (0 B) empty")
    html = ndplay.inspect(x, name="<script>alert(1)</script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<tr>") == 6 and "<svg" in html
    assert "tensor" in str(ndplay.inspect(x)) and "nan_inf" in str(ndplay.inspect(x))


def test_the_pass_releases_the_gil():
    x = normal((64, 1 << 20), np.float32)  # 256 MB: the pass takes tens of ms
    counter = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            counter[0] += 1

    t = threading.Thread(target=spin)
    t.start()
    try:
        while counter[0] == 0:
            pass
        before = counter[0]
        ndplay.inspect(x)
        during = counter[0] - before
    finally:
        stop.set()
        t.join()
    # With the GIL held for the whole pass the other thread could not count at all.
    assert during > 1000, during


def test_ndplay_numpy_lives_beside_real_numpy():
    import ndplay.numpy as nnp
    from ndplay.numpy import linalg

    assert sys.modules["numpy"] is np
    assert nnp is ndplay.numpy and nnp is not np
    a = nnp.array([[3.0, 4.0]])
    assert repr(a.sum()) == "np.float64(7.0)"
    assert float(linalg.norm(a)) == 5.0
    assert a.__array_namespace__() is nnp
    assert repr(nnp.linalg.svd(nnp.eye(2))).startswith("SVDResult(")


def test_import_without_numpy_installed():
    code = r"""
import sys
sys.modules['numpy'] = None  # `import numpy` now fails, as when it is not installed
import ndplay
r = ndplay.inspect(memoryview(bytes([3, 0, 7])))
assert (r.min, r.max, r.zero_count) == (0, 7, 1), repr(r)
s = ndplay.inspect(ndplay.numpy.arange(6.0).reshape(2, 3)).axis_stats(0)
assert type(s.mean).__name__ == 'ndarray' and s.mean.tolist() == [1.5, 2.5, 3.5], s.mean
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_the_package_docstrings_run():
    import doctest

    import ndplay.dask

    for module in (ndplay, ndplay.dask):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, (module.__name__, result)
