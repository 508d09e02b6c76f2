#!/usr/bin/env python3
"""The Python package's inspector, side by side with what ML engineers use today.

Usage (from the repository root, in a virtual environment with the package installed):

    pip install maturin numpy lovely-numpy "dask[array,distributed]"
    pip install ./crates/ndplay-python            # or: maturin build --release, pip install the wheel
    cargo build --release -p ndplay               # the CLI, for the Dask comparison
    python bench/python_inspect.py                # both parts, a table
    python bench/python_inspect.py --markdown     # the table as Markdown (for the README)
    python bench/python_inspect.py --json         # every timing as JSON
    python bench/python_inspect.py --only memory  # or --only dask
    python bench/python_inspect.py --gb 0.25 --shard-mb 32   # a smaller, quicker run

Two parts, each timed as the median of --repeats runs after one warm-up:

1. **In memory** (`memory`): one float32 array of --gb GB (default 1) from
   np.random.default_rng(0), with a few NaN/Inf. Timed: `ndplay.inspect(x)`;
   lovely-numpy's `lo(x)` rendered to text (it computes when printed); and NumPy one call
   per signal (NaN, +Inf, -Inf and zero counts, finite min, max, mean, std, the magnitude
   histogram: what a careful user writes). Target: ndplay <= 0.15x lovely-numpy.
2. **Dask** (`dask`): 8 shards of --shard-mb MB (default 256) float32 `.npy` files in a
   temporary folder (read once first, so both sides start from the page cache). Timed:
   `ndplay.dask.inspect(paths, client=client)` on a LocalCluster of 2 worker processes
   (1 thread each; the pass itself uses every core), against the single-process
   `ndplay inspect --merge --json` of the same files. Target: Dask <= 1.5x the CLI.

Exit status: 0 when everything ran (a missed target is a result, not a failure); 1 when
something failed (a missing package or binary, reports that disagree).
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MEMORY_TARGET = 0.15
DASK_TARGET = 1.5


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def numpy_per_signal(x):
    """The six signals' numbers with NumPy, one call per fact."""
    import numpy as np

    nan = int(np.isnan(x).sum())
    posinf = int(np.isposinf(x).sum())
    neginf = int(np.isneginf(x).sum())
    finite = x[np.isfinite(x)]
    zeros = int((finite == 0).sum())
    lo, hi = finite.min(), finite.max()
    mean, std = finite.mean(dtype=np.float64), finite.std(dtype=np.float64)
    _, ex = np.frexp(np.abs(finite[finite != 0]))
    hist = np.bincount(np.clip(ex, -32, 33) + 32)
    return nan, posinf, neginf, zeros, lo, hi, mean, std, hist


def memory_part(args, rows):
    import numpy as np
    import ndplay

    try:
        from lovely_numpy import lo
    except ImportError:
        sys.exit("error: this benchmark compares with lovely-numpy: pip install lovely-numpy")
    n = int(args.gb * 1e9) // 4
    x = np.random.default_rng(0).standard_normal(n, dtype=np.float32)
    x[:: max(n // 7, 1)] = np.nan
    x[1] = np.inf
    r = ndplay.inspect(x)
    ref = numpy_per_signal(x)
    if (r.nan_count, r.posinf_count, r.neginf_count) != ref[:3]:
        sys.exit("error: ndplay's counts %s differ from NumPy's %s" % (
            (r.nan_count, r.posinf_count, r.neginf_count), ref[:3]))
    sides = {
        "ndplay.inspect(x)": lambda: ndplay.inspect(x),
        "lovely-numpy lo(x)": lambda: str(lo(x)),
        "NumPy, one call per signal": lambda: numpy_per_signal(x),
    }
    times = {k: timed(f, args.repeats) for k, f in sides.items()}
    base = statistics.median(times["lovely-numpy lo(x)"])
    for k, t in times.items():
        m = statistics.median(t)
        rows.append({
            "part": "memory", "what": k, "median_s": m, "times_s": t,
            "ratio": m / base, "vs": "lovely-numpy",
            "target": MEMORY_TARGET if k.startswith("ndplay") else None,
            "size": "%.2f GB float32" % (x.nbytes / 1e9),
        })


def dask_part(args, rows):
    import numpy as np
    import ndplay
    import ndplay.dask
    from dask.distributed import Client, LocalCluster

    cli = args.ndplay or os.path.join(ROOT, "target", "release", "ndplay")
    if not os.access(cli, os.X_OK):
        sys.exit("error: the Dask comparison runs the CLI: cargo build --release -p ndplay "
                 "(or --ndplay PATH)")
    folder = tempfile.mkdtemp(prefix="ndplay-dask-bench-")
    try:
        n = int(args.shard_mb * 1e6) // 4
        rng = np.random.default_rng(1)
        paths = []
        for i in range(8):
            p = os.path.join(folder, "shard-%d.npy" % i)
            shard = rng.standard_normal(n, dtype=np.float32).reshape(-1, 256)
            np.save(p, shard)
            paths.append(p)
            del shard
        for p in paths:  # into the page cache, for both sides alike
            with open(p, "rb") as f:
                while f.read(1 << 24):
                    pass

        def run_cli():
            out = subprocess.run([cli, "inspect", "--merge", "--json", "--no-progress", *paths],
                                 capture_output=True, text=True)
            if out.returncode not in (0, 1):
                sys.exit("error: ndplay inspect failed: " + out.stderr)
            return json.loads(out.stdout)

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            on_dask = ndplay.dask.inspect(paths, client=client)[0].to_dict()
            one = run_cli()["files"][0]["tensors"][0]
            for key in ("size", "nan_count", "finite_min", "finite_max", "histogram"):
                if on_dask[key] != one[key]:
                    sys.exit("error: Dask's report differs from the CLI's in %s" % key)
            t_dask = timed(lambda: ndplay.dask.inspect(paths, client=client), args.repeats)
            t_cli = timed(run_cli, args.repeats)
        base = statistics.median(t_cli)
        size = "8 x %.0f MB float32" % (n * 4 / 1e6)
        rows.append({"part": "dask", "what": "ndplay inspect --merge (one process)",
                     "median_s": base, "times_s": t_cli, "ratio": 1.0, "vs": "the CLI",
                     "target": None, "size": size})
        m = statistics.median(t_dask)
        rows.append({"part": "dask", "what": "ndplay.dask.inspect, LocalCluster(2 workers)",
                     "median_s": m, "times_s": t_dask, "ratio": m / base, "vs": "the CLI",
                     "target": DASK_TARGET, "size": size})
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=["memory", "dask"])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--gb", type=float, default=1.0, help="in-memory array size (GB)")
    ap.add_argument("--shard-mb", type=float, default=256.0, help="size of each of 8 shards")
    ap.add_argument("--ndplay", help="the ndplay binary (default target/release/ndplay)")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if args.repeats < 1 or args.gb <= 0 or args.shard_mb <= 0:
        ap.error("--repeats, --gb and --shard-mb must be positive")
    rows = []
    if args.only in (None, "memory"):
        memory_part(args, rows)
    if args.only in (None, "dask"):
        dask_part(args, rows)
    machine = "%s, %d CPUs, Python %s" % (cpu_name(), os.cpu_count(), platform.python_version())
    if args.json:
        print(json.dumps({"machine": machine, "rows": rows}, indent=2))
        return
    met = lambda r: "" if r["target"] is None else (
        "met" if r["ratio"] <= r["target"] else "MISSED")
    if args.markdown:
        print("Measured on %s.\n" % machine)
        print("| part | data | what | median | ratio | target |")
        print("|---|---|---|---:|---:|---|")
        for r in rows:
            target = "" if r["target"] is None else "<= %.2fx %s (%s)" % (
                r["target"], r["vs"], met(r))
            print("| %s | %s | %s | %.1f ms | %.3f | %s |" % (
                r["part"], r["size"], r["what"], r["median_s"] * 1e3, r["ratio"], target))
        return
    print(machine)
    for r in rows:
        target = "" if r["target"] is None else "target <= %.2f: %s" % (r["target"], met(r))
        print("%-7s %-22s %-46s %9.1f ms  x%.3f vs %s  %s" % (
            r["part"], r["size"], r["what"], r["median_s"] * 1e3, r["ratio"], r["vs"], target))


if __name__ == "__main__":
    main()
