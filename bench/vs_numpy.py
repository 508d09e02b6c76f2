#!/usr/bin/env python3
"""Side-by-side benchmark: the same named workloads in NumPy and in ndplay, same machine.

Usage (from the repository root):

    pip install numpy
    cargo build --release
    python3 bench/vs_numpy.py                 # all workloads, a table
    python3 bench/vs_numpy.py --ndplay-cmd target/release/examples/kernels
                                              # without the ndplay binary (see --help)
    python3 bench/vs_numpy.py --repeats 21    # more repeats
    python3 bench/vs_numpy.py --only matmul   # workloads whose name contains "matmul"
    python3 bench/vs_numpy.py --markdown      # the table as Markdown (for the README)

ndplay's figures come from `target/release/ndplay bench kernels --json`, which generates
the inputs from a fixed seed before timing and does one warm-up run, exactly as this
script does for NumPy. Ratios are ndplay median / NumPy median (below 1: ndplay faster).
"""
import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time

import numpy as np

TARGETS = {
    "mean_axis0_10000x512_f64": 0.7,
    "mean_axis1_10000x512_f64": 0.7,
    "six_signals_10000x512_f64": 0.15,
    "standardize_100000x64_f64": 0.35,
    "softmax_4096x1000_f32": 0.4,
    "sum_500MB_f64": 0.8,
    "matmul_1024_f64": 1.0,
    "matmul_1024_f32": 0.7,
    "linear_4096x512_to_256_f64": 1.0,
    "distmat_2000x64_f64": 1.0,
    "eigh_512_f64": 1.2,
    "eig_512_f64": 1.2,
    "inv_512_f64": 1.2,
    "det_512_f64": 1.2,
    "norm2_512_f64": 1.2,
    "inspect_1GB_npy_f32": 0.15,
}


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"median_s": times[len(times) // 2], "min_s": times[0], "max_s": times[-1], "repeats": repeats}


def numpy_workloads(tmpdir):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((10000, 512))
    x_std = rng.standard_normal((100000, 64))
    logits = rng.standard_normal((4096, 1000)).astype(np.float32)
    big = rng.standard_normal(500_000_000 // 8)
    m64 = rng.standard_normal((1024, 1024))
    m32 = m64.astype(np.float32)
    xl = rng.standard_normal((4096, 512))
    wl = rng.standard_normal((256, 512))
    bl = rng.standard_normal(256)
    xd = rng.standard_normal((2000, 64))
    s = rng.standard_normal((512, 512))
    sym = (s + s.T) / 2

    def six_signals():
        _ = a.shape
        _ = a.dtype
        np.isnan(a).sum()
        np.isinf(a).sum()
        a.min(axis=0)
        a.max(axis=0)
        _ = a.nbytes
        _ = a.flags["C_CONTIGUOUS"]

    def standardize():
        mu = x_std.mean(axis=0)
        sd = x_std.std(axis=0)
        sd = np.where(sd > 0, sd, 1.0)
        return (x_std - mu) / sd

    def softmax():
        z = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def distmat():
        sq = (xd * xd).sum(axis=1)
        d2 = sq[:, None] + sq[None, :] - 2.0 * (xd @ xd.T)
        np.maximum(d2, 0.0, out=d2)
        np.fill_diagonal(d2, 0.0)
        return np.sqrt(d2)

    npy = os.path.join(tmpdir, "inspect_1GB_f32.npy")
    if not os.path.exists(npy):
        np.save(npy, rng.standard_normal(1_000_000_000 // 4, dtype=np.float32))

    def inspect_npy():
        arr = np.load(npy, mmap_mode="r")
        _ = arr.shape
        _ = arr.dtype
        np.isnan(arr).sum()
        np.isinf(arr).sum()
        arr.min()
        arr.max()
        _ = arr.nbytes
        _ = arr.flags["C_CONTIGUOUS"]

    return {
        "mean_axis0_10000x512_f64": lambda: a.mean(axis=0),
        "mean_axis1_10000x512_f64": lambda: a.mean(axis=1),
        "six_signals_10000x512_f64": six_signals,
        "standardize_100000x64_f64": standardize,
        "softmax_4096x1000_f32": softmax,
        "sum_500MB_f64": lambda: big.sum(),
        "matmul_1024_f64": lambda: m64 @ m64,
        "matmul_1024_f32": lambda: m32 @ m32,
        "linear_4096x512_to_256_f64": lambda: xl @ wl.T + bl,
        "distmat_2000x64_f64": distmat,
        "eigh_512_f64": lambda: np.linalg.eigh(sym),
        "eig_512_f64": lambda: np.linalg.eig(sym),
        "inv_512_f64": lambda: np.linalg.inv(sym),
        "det_512_f64": lambda: np.linalg.det(sym),
        "norm2_512_f64": lambda: np.linalg.norm(sym, 2),
        "inspect_1GB_npy_f32": inspect_npy,
    }, npy


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=11)
    ap.add_argument("--only", default="")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--ndplay", default=os.path.join("target", "release", "ndplay"))
    ap.add_argument(
        "--ndplay-cmd",
        default=None,
        help="command printing the workloads' JSON instead of `NDPLAY bench kernels`, e.g. "
        "target/release/examples/kernels (cargo build --release -p ndplay-bench --example kernels; "
        "no RustPython build needed)",
    )
    args = ap.parse_args()
    tmpdir = os.path.join(tempfile.gettempdir(), "ndplay_bench")
    os.makedirs(tmpdir, exist_ok=True)
    workloads, npy = numpy_workloads(tmpdir)
    names = [n for n in workloads if args.only in n]
    base = shlex.split(args.ndplay_cmd) if args.ndplay_cmd else [args.ndplay, "bench", "kernels"]
    cmd = base + ["--json", "--repeats", str(args.repeats), "--npy", npy]
    if args.only:
        cmd += ["--only", args.only]
    ours = {w["name"]: w for w in json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)["workloads"]}
    rows = []
    for name in names:
        theirs = timed(workloads[name], args.repeats)
        mine = ours.get(name)
        ratio = mine["median_s"] / theirs["median_s"] if mine else float("nan")
        target = TARGETS[name]
        verdict = "-" if not mine else ("met" if ratio <= target else f"missed by {ratio / target:.2f}x")
        rows.append((name, theirs["median_s"] * 1e3, mine["median_s"] * 1e3 if mine else float("nan"), ratio, target, verdict))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}"
    if args.markdown:
        print(f"Measured on {machine}, {args.repeats} repeats, medians.\n")
        print("| workload | NumPy ms | ndplay ms | ndplay/NumPy | target | |")
        print("|---|---:|---:|---:|---:|---|")
        for r in rows:
            print(f"| `{r[0]}` | {r[1]:.2f} | {r[2]:.2f} | {r[3]:.2f} | ≤ {r[4]} | {r[5]} |")
    else:
        print(f"# {machine}, {args.repeats} repeats, medians")
        print(f"{'workload':<30} {'NumPy ms':>10} {'ndplay ms':>10} {'ratio':>7} {'target':>7}  verdict")
        for r in rows:
            print(f"{r[0]:<30} {r[1]:>10.2f} {r[2]:>10.2f} {r[3]:>7.2f} {r[4]:>7}  {r[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
