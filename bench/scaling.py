#!/usr/bin/env python3
"""Thread scaling: each ndplay workload on 1 thread and on N, in one run.

Usage (from the repository root; needs only Python, not NumPy):

    cargo build --release
    python3 bench/scaling.py                  # 1 thread against every CPU
    python3 bench/scaling.py --threads 1,2    # chosen pool sizes
    python3 bench/scaling.py --only mean      # workloads whose name contains "mean"
    python3 bench/scaling.py --markdown

Each pool size is a separate `ndplay bench kernels --json` process with
`RAYON_NUM_THREADS` set (the binary pins one rayon worker per allowed CPU and honours
that variable; faer's and gemm's parallel kernels use the same pool). The speed-up of a
pool of N threads is the 1-thread median over the N-thread median; a memory-bound pass
that splits well comes near N, until the memory bandwidth runs out.
"""
import argparse
import json
import os
import subprocess
import sys


def run(cmd, threads, repeats, only, npy):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    args = cmd + ["--json", "--repeats", str(repeats)]
    if only:
        args += ["--only", only]
    if npy:
        args += ["--npy", npy]
    out = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    return {w["name"]: w["median_s"] for w in json.loads(out)["workloads"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ndplay-cmd", default="target/release/ndplay bench kernels",
                   help="the command that prints the workloads' JSON (default: %(default)s)")
    p.add_argument("--threads", default=f"1,{os.cpu_count()}", help="pool sizes, comma-separated (default: %(default)s)")
    p.add_argument("--repeats", type=int, default=11)
    p.add_argument("--only", default=None)
    p.add_argument("--npy", default=None, help="the 1 GB float32 .npy for inspect_1GB_npy_f32")
    p.add_argument("--markdown", action="store_true")
    args = p.parse_args()
    cmd = args.ndplay_cmd.split()
    sizes = [int(t) for t in args.threads.split(",")]
    if not sizes or min(sizes) < 1:
        sys.exit("error: --threads takes positive pool sizes, e.g. 1,2")
    medians = {t: run(cmd, t, args.repeats, args.only, args.npy) for t in sizes}
    base = sizes[0]
    names = list(medians[base])
    head = ["workload"] + [f"{t} thr ms" for t in sizes] + [f"speed-up {t}/{base}" for t in sizes[1:]]
    rows = []
    for n in names:
        ms = [medians[t][n] * 1e3 for t in sizes]
        ups = [medians[base][n] / medians[t][n] for t in sizes[1:]]
        rows.append([f"`{n}`" if args.markdown else n] + [f"{m:.2f}" for m in ms] + [f"{u:.2f}x" for u in ups])
    print(f"# {os.cpu_count()} CPUs, {args.repeats} repeats, medians; pool sizes {sizes}")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" + "---:|" * (len(head) - 1))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        print(f"{head[0]:<32}" + "".join(f"{h:>16}" for h in head[1:]))
        for r in rows:
            print(f"{r[0]:<32}" + "".join(f"{c:>16}" for c in r[1:]))


if __name__ == "__main__":
    main()
