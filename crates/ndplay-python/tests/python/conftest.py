"""Shared helpers: NumPy's own computation of everything a report states.

The reference is written with NumPy calls one signal at a time (the way a user would
check by hand), so a report that differs from NumPy fails here.
"""

import os
import pathlib
import subprocess
import json

import numpy as np
import pytest

REPO = pathlib.Path(__file__).resolve().parents[4]

# The histogram's layout (ndplay_inspect::stats): for finite non-zero x with
# 2**e <= |x| < 2**(e+1), e in -32..=31 has a bin per sign; smaller magnitudes share an
# underflow bin, 2**32 and up an overflow bin; zeros the middle bin.
EXP_MIN, EXP_MAX = -32, 31
SIDE_BINS = EXP_MAX - EXP_MIN + 1 + 2
ZERO_BIN = SIDE_BINS


def as_values(x):
    """The values the inspector reads: complex as np.abs(z) (in the precision of its
    parts, as NumPy computes it), bool as 0/1, in float64 (ints stay exact separately)."""
    a = np.asarray(x)
    if a.dtype.kind == "c":
        # |z| correctly rounded in the precision of the parts: np.hypot. (np.abs of a
        # complex64 array takes a SIMD path that is one ulp off for about a third of
        # values; ndplay's modulus is glibc's hypotf, correctly rounded.) NaN when either
        # part is NaN, as np.isnan(z) counts it.
        m = np.hypot(a.real, a.imag)
        m[np.isnan(a.real) | np.isnan(a.imag)] = np.nan
        return m.astype(np.float64)
    return a.astype(np.float64)


def histogram_bins(values):
    """{bin: count} of the finite values, computed with NumPy."""
    v = values[np.isfinite(values)]
    out = {}
    zeros = int(np.count_nonzero(v == 0))
    if zeros:
        out[ZERO_BIN] = zeros
    nz = v[v != 0]
    _, ex = np.frexp(np.abs(nz))  # |x| = m * 2**ex with m in [0.5, 1)
    e = ex.astype(np.int64) - 1
    k = np.clip(e, EXP_MIN - 1, EXP_MAX + 1) - (EXP_MIN - 1)
    bins = np.where(nz < 0, SIDE_BINS - 1 - k, SIDE_BINS + 1 + k)
    for b, c in zip(*np.unique(bins, return_counts=True)):
        out[int(b)] = int(c)
    return out


def numpy_report(x):
    """What NumPy says, one call per fact."""
    a = np.asarray(x)
    v = as_values(a).ravel()
    finite = np.isfinite(v)
    fv = v[finite]
    ref = {
        "shape": list(a.shape),
        "dtype": a.dtype.name,
        "typestr": a.dtype.str,
        "itemsize": a.dtype.itemsize,
        "strides": list(a.strides),
        "c_contiguous": bool(a.flags.c_contiguous),
        "f_contiguous": bool(a.flags.f_contiguous),
        "nbytes": int(a.nbytes),
        "size": int(a.size),
        "nan_count": int(np.isnan(v).sum()),
        "posinf_count": int(np.isposinf(v).sum()),
        "neginf_count": int(np.isneginf(v).sum()),
        "finite_count": int(finite.sum()),
        "zero_count": int((v == 0).sum()),
        "histogram": histogram_bins(v),
    }
    if fv.size:
        if a.dtype.kind in "iu":
            ref["finite_min"], ref["finite_max"] = int(a.min()), int(a.max())
        elif a.dtype.kind == "b":
            ref["finite_min"], ref["finite_max"] = int(a.min()), int(a.max())
        else:
            ref["finite_min"], ref["finite_max"] = float(fv.min()), float(fv.max())
        if a.dtype.kind in "iu":
            # float64 of int64 extremes rounds; the mean of exact ints in longdouble.
            exact = a.ravel().astype(np.longdouble)
            ref["mean"] = float(exact.mean())
            ref["std"] = float(np.sqrt(((exact - exact.mean()) ** 2).mean()))
        else:
            ref["mean"] = float(fv.mean())
            ref["std"] = float(fv.std())
    else:
        ref["finite_min"] = ref["finite_max"] = ref["mean"] = ref["std"] = None
    return ref


def close(got, want, rtol=1e-12, atol=0.0):
    if want is None or got is None:
        return got is None and want is None
    return abs(got - want) <= atol + rtol * abs(want)


def assert_matches_numpy(report, x, rtol=1e-12):
    """Every fact of `report` (an ndplay Report) equals NumPy's."""
    ref = numpy_report(x)
    d = report.to_dict()
    for key in ("shape", "dtype", "typestr", "itemsize", "strides", "c_contiguous",
                "f_contiguous", "nbytes", "size", "nan_count", "posinf_count",
                "neginf_count", "finite_count", "zero_count", "finite_min", "finite_max"):
        assert d[key] == ref[key], (key, d[key], ref[key])
    got_hist = {b["bin"]: b["count"] for b in d["histogram"]}
    assert got_hist == ref["histogram"]
    # The std of near-constant data is the difference of nearly equal numbers in any
    # summation order: compare it with an absolute tolerance at the data's scale.
    scale = max(abs(ref["finite_min"] or 0), abs(ref["finite_max"] or 0), 1e-300)
    assert close(d["mean"], ref["mean"], rtol, atol=1e-15 * scale), (d["mean"], ref["mean"])
    assert close(d["std"], ref["std"], rtol, atol=1e-13 * scale), (d["std"], ref["std"])


@pytest.fixture(scope="session")
def ndplay_cli():
    """The `ndplay` binary, for comparing with the CLI's JSON (scripts/test.sh sets
    NDPLAY_BIN; a developer's build in target/ is found too)."""
    candidates = [os.environ.get("NDPLAY_BIN", "")]
    candidates += [str(REPO / "target" / p / "ndplay") for p in ("debug", "release")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    pytest.fail(
        "these tests compare with the ndplay CLI: build it (cargo build -p ndplay) or set "
        "NDPLAY_BIN to the binary"
    )


def cli_json(cli, *args):
    out = subprocess.run([cli, "inspect", "--json", "--no-progress", *map(str, args)],
                         capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)
