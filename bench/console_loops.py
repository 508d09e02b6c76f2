#!/usr/bin/env python3
"""Side-by-side loop benchmark: the lesson's plain Python loops over arrays, run under
`ndplay run` and under CPython with real NumPy, same machine, same scripts.

Usage (from the repository root):

    pip install numpy
    cargo build --release
    python3 bench/console_loops.py                    # all loops, a table
    python3 bench/console_loops.py --runs 5           # each script 5 times per interpreter (default 3)
    python3 bench/console_loops.py --repeats 11       # more timed repeats inside each run
    python3 bench/console_loops.py --only dot         # only scripts whose file name contains "dot"
    python3 bench/console_loops.py --markdown         # the table as Markdown (for the README)
    python3 bench/console_loops.py --json             # everything, every repeat, as JSON
    python3 bench/console_loops.py --ndplay PATH      # another ndplay binary

The loops are the ones learners time as "loop vs vectorised" (bench/loops/*.py):
a 100,000-element dot product, a 40x40 triple-loop matmul, and 300x300 pairwise
distances over X of shape (300, 16). Each script builds its data from
np.random.default_rng(0), runs its loop once as a warm-up, then times it REPEATS times
with time.perf_counter() and prints one JSON line: so interpreter start-up and imports
are not measured. This driver runs each script under both interpreters (alternating,
`--runs` times each), pools the per-repeat times, and prints the medians and
ratio = ndplay median / NumPy median against the target ratio <= 1.5.

Exit status: 0 when every script ran on both sides and both computed the same checksum,
whether or not targets were met (a missed target is a result, not a failure); 1 when
something really failed: the ndplay binary or python is missing, a script raised or
timed out or printed no result line, or the two sides' checksums disagree (the loop
computed a different answer); 2 for bad arguments.
"""
import argparse
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LOOPS_DIR = os.path.join(HERE, "loops")
TARGET = 1.5
# The loop scripts, in table order; each one's JSON line names its loop.
SCRIPTS = ["dot.py", "matmul.py", "distances.py"]
CHECK_RTOL = 1e-9


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def resolve_ndplay(path):
    """The ndplay binary as an absolute path, or None. A relative path is tried against
    the working directory, then the repository root; a bare name is looked up on PATH."""
    candidates = [path]
    if not os.path.isabs(path):
        candidates.append(os.path.join(ROOT, path))
    for c in candidates:
        if os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    if os.sep not in path:
        return shutil.which(path)
    return None


def script_copy(script, repeats, tmpdir):
    """The script to run: the committed one, or a copy with `REPEATS = N` replaced."""
    if repeats is None:
        return script
    with open(script, encoding="utf-8") as f:
        src = f.read()
    new, count = re.subn(r"(?m)^REPEATS = \d+$", f"REPEATS = {repeats}", src)
    if count != 1:
        raise SystemExit(f"error: {script} has no single `REPEATS = N` line to override")
    out = os.path.join(tmpdir, os.path.basename(script))
    with open(out, "w", encoding="utf-8") as f:
        f.write(new)
    return out


def run_once(cmd, timeout):
    """Runs one interpreter on one script; returns (result dict, None) or (None, why)."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout:g} s: {shlex.join(cmd)}"
    except OSError as e:
        return None, f"could not start {shlex.join(cmd)}: {e}"
    tail = "\n".join(proc.stderr.strip().splitlines()[-8:])
    if proc.returncode != 0:
        return None, f"exit status {proc.returncode}: {shlex.join(cmd)}\n{tail}"
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if not lines:
        return None, f"no result line on stdout: {shlex.join(cmd)}\n{proc.stdout[-500:]}\n{tail}"
    try:
        res = json.loads(lines[-1])
        times = [float(t) for t in res["times_s"]]
        check = float(res["check"])
    except (ValueError, KeyError, TypeError) as e:
        return None, f"unreadable result line ({e}): {lines[-1][:300]}"
    if not times:
        return None, f"no timings in result line: {lines[-1][:300]}"
    res["times_s"] = times
    res["check"] = check
    return res, None


def summary(results):
    times = [t for r in results for t in r["times_s"]]
    return {
        "median_s": median(times),
        "min_s": min(times),
        "max_s": max(times),
        "samples": len(times),
        "times_s": times,
        "check": results[-1]["check"],
        "checks_agree_across_runs": len({r["check"] for r in results}) == 1,
    }


def same_check(a, b):
    return math.isclose(a, b, rel_tol=CHECK_RTOL, abs_tol=1e-12)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ndplay", default=os.path.join("target", "release", "ndplay"),
                    help="the ndplay binary (default: target/release/ndplay)")
    ap.add_argument("--ndplay-args", default="",
                    help="extra arguments for `ndplay run`, e.g. \"--diagnostics off\"")
    ap.add_argument("--python", default=sys.executable,
                    help="the CPython with real NumPy (default: the one running this script)")
    ap.add_argument("--runs", type=int, default=3,
                    help="how many times each script runs per interpreter (times are pooled)")
    ap.add_argument("--repeats", type=int, default=None,
                    help="timed repeats inside each run (default: each script's REPEATS)")
    ap.add_argument("--only", default="", help="only scripts whose file name contains this")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per script run")
    out = ap.add_mutually_exclusive_group()
    out.add_argument("--markdown", action="store_true", help="the table as Markdown")
    out.add_argument("--json", action="store_true", help="all results as JSON")
    args = ap.parse_args()
    if args.runs < 1 or (args.repeats is not None and args.repeats < 1):
        ap.error("--runs and --repeats must be at least 1")

    ndplay = resolve_ndplay(args.ndplay)
    if ndplay is None:
        print(f"error: no ndplay binary at {args.ndplay!r}; build it with `cargo build --release` "
              "or pass --ndplay PATH", file=sys.stderr)
        return 1
    python = args.python if os.sep in args.python else shutil.which(args.python)
    if not python or not os.path.isfile(python):
        print(f"error: no python at {args.python!r}", file=sys.stderr)
        return 1
    scripts = [s for s in SCRIPTS if args.only in s]
    if not scripts:
        print(f"error: no loop script matches --only {args.only!r} (have {', '.join(SCRIPTS)})", file=sys.stderr)
        return 2

    sides = {
        "numpy": lambda path: [python, path],
        "ndplay": lambda path: [ndplay, "run", *shlex.split(args.ndplay_args), path],
    }
    rows, failures = [], []
    numpy_version = ndplay_numpy_version = None
    with tempfile.TemporaryDirectory(prefix="ndplay_loops_") as tmpdir:
        for script in scripts:
            path = script_copy(os.path.join(LOOPS_DIR, script), args.repeats, tmpdir)
            got = {"numpy": [], "ndplay": []}
            errors = []
            for run in range(args.runs):
                # Alternate the sides, and which goes first, so drift hits both alike.
                order = ["numpy", "ndplay"] if run % 2 == 0 else ["ndplay", "numpy"]
                for side in order:
                    cmd = sides[side]
                    if any(e.startswith(side) for e in errors):
                        continue
                    res, why = run_once(cmd(path), args.timeout)
                    if res is None:
                        errors.append(f"{side}: {script}: {why}")
                    else:
                        got[side].append(res)
            failures.extend(errors)
            name = next((r["loop"] for side in got for r in got[side] if "loop" in r), script[:-3])
            row = {"loop": name, "script": f"bench/loops/{script}", "target_ratio": TARGET}
            for side in ("numpy", "ndplay"):
                row[side] = summary(got[side]) if got[side] else None
            if got["numpy"]:
                numpy_version = got["numpy"][-1].get("numpy", numpy_version)
            if got["ndplay"]:
                ndplay_numpy_version = got["ndplay"][-1].get("numpy", ndplay_numpy_version)
            if row["numpy"] and row["ndplay"]:
                row["ratio"] = row["ndplay"]["median_s"] / row["numpy"]["median_s"]
                row["met"] = row["ratio"] <= TARGET
                row["checks_match"] = same_check(row["numpy"]["check"], row["ndplay"]["check"])
                if not row["checks_match"]:
                    failures.append(
                        f"{name}: the two sides computed different results: NumPy checksum "
                        f"{row['numpy']['check']!r}, ndplay checksum {row['ndplay']['check']!r}"
                    )
                for side in ("numpy", "ndplay"):
                    if not row[side]["checks_agree_across_runs"]:
                        failures.append(f"{name}: {side}'s checksum changed between runs")
            else:
                row["ratio"], row["met"], row["checks_match"] = None, None, None
            rows.append(row)

    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"NumPy {numpy_version or '?'}")
    counts = sorted({r[s]["samples"] for r in rows for s in ("numpy", "ndplay") if r[s]})
    samples = "-".join(str(c) for c in (counts[:1] + counts[-1:] if len(counts) > 1 else counts)) or "0"
    if args.json:
        print(json.dumps({
            "machine": machine,
            "python": python,
            "ndplay": ndplay,
            "ndplay_args": args.ndplay_args,
            "ndplay_reports_numpy_version": ndplay_numpy_version,
            "runs": args.runs,
            "target_ratio": TARGET,
            "loops": rows,
            "failures": failures,
        }, indent=2))
    else:
        def ms(s):
            return f"{s['median_s'] * 1e3:.2f}" if s else "failed"

        def verdict(r):
            if r["ratio"] is None:
                return "-"
            v = "met" if r["met"] else f"missed by {r['ratio'] / TARGET:.2f}x"
            return v if r["checks_match"] else v + ", RESULTS DIFFER"

        def ratio(r):
            return f"{r['ratio']:.2f}" if r["ratio"] is not None else "-"

        head = f"{machine}; {args.runs} run(s) per interpreter, {samples} timed repeats per loop, medians"
        if args.markdown:
            print(f"Measured on {head}.\n")
            print("| loop | NumPy ms | ndplay ms | ndplay/NumPy | target | |")
            print("|---|---:|---:|---:|---:|---|")
            for r in rows:
                print(f"| `{r['loop']}` | {ms(r['numpy'])} | {ms(r['ndplay'])} | {ratio(r)} | ≤ {TARGET} | {verdict(r)} |")
        else:
            print(f"# {head}")
            print(f"{'loop':<24} {'NumPy ms':>10} {'ndplay ms':>10} {'ratio':>7} {'target':>7}  verdict")
            for r in rows:
                print(f"{r['loop']:<24} {ms(r['numpy']):>10} {ms(r['ndplay']):>10} {ratio(r):>7} "
                      f"{'≤ ' + str(TARGET):>7}  {verdict(r)}")
    for f in failures:
        print(f"FAILED: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
