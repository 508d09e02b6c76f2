"""Writes `docexamples.json`: NumPy's own docstring examples for every function and
method ndplay's `numpy` implements, with what CPython + real NumPy prints for each.
`tests/docexamples.rs` replays them through ndplay's console and compares.

Run from the repository root, with the debug binary built (`cargo build -p ndplay`) and a
Python whose `numpy` is real NumPy:

    python crates/ndplay-console/tests/docexamples/gen_docexamples.py

1. The implemented names come from ndplay itself: `ndplay run ndplay_names.py`
   (`--ndplay PATH` picks the binary; default `target/debug/ndplay`).
2. Each name's NumPy docstring is parsed with `doctest.DocTestParser`; a docstring shared
   by several names (aliases) is one group, named after the first.
3. Every group runs in one fresh namespace holding `np`, examples in order, through
   `doctest_driver.py` (the same runner the Rust test uses under ndplay).
4. Examples are skipped, with the reason recorded, when they cannot be compared.
   Not run at all: a `+SKIP` directive, another library, a benchmark (a loop of 100 or
   more iterations, `timeit`, or 16 MB or more allocated by NumPy; ndplay's debug build
   would take seconds), or a name only such an example binds. Run (later examples use their names and random draws) but not
   compared: output from uninitialised memory (`np.empty`, found from the text) or object
   ids, output that is not the same in runs seeded differently (random numbers, timings),
   or an exception NumPy raises where its docstring shows output. An example that uses
   random numbers but always prints the same (a shape, `np.allclose(a, Q @ R)`) is
   compared.
"""
import argparse
import doctest
import json
import os
import re
import subprocess
import sys

import numpy

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import doctest_driver  # noqa: E402

OTHER_LIBS = re.compile(
    r"\b(matplotlib|mpl_toolkits|plt|scipy|pandas|pd|dask|cupy|torch|jax|tensorflow|"
    r"numba|PIL|sympy|xarray|array_api_strict|hypothesis|ctypes|cffi|numpy\.distutils|"
    r"f2py)\b")
EMPTY = re.compile(r"\b(empty|empty_like)\s*\(|np\.ndarray\s*\((?![^)]*buffer)")
UNSEEDED_GEN = re.compile(r"\b(default_rng|RandomState|PCG64|MT19937|Philox|SFC64)\s*\(\s*\)")
LEGACY_CALL = re.compile(r"\bnp\.random\.(\w+)\s*\(")
SEEDING = {"seed", "default_rng", "RandomState", "Generator", "PCG64", "MT19937", "Philox",
           "SFC64", "SeedSequence", "get_state", "set_state", "BitGenerator"}
ASSIGNED = re.compile(r"^\s*([A-Za-z_][\w\s,()\[\]]*?)\s*(?<![=!<>+\-*/%&|^@])=(?!=)", re.M)


# Runs of each group under NumPy, the legacy random state seeded 0, 1, 2...: an example
# whose output is not the same in all of them (random numbers, timings) is not compared;
# the output recorded is run 0's, the seed the Rust test replays with.
RUNS = 4
# An example for which NumPy allocates this much (bytes, at its peak) is a benchmark-sized
# workload; ndplay's debug build would take seconds on it.
BIG = 16 << 20


def resolve(qualname):
    obj = numpy
    for part in qualname.split(".")[1:]:
        obj = getattr(obj, part)
    return obj


def option_names(options):
    by_flag = {v: k for k, v in doctest.OPTIONFLAGS_BY_NAME.items()}
    return sorted(("+" if on else "-") + by_flag[f] for f, on in options.items())


def static_skips(examples):
    """`(reason to skip or None, run it, uses unseeded random numbers)` per example, from
    its text alone. Names assigned from `np.empty` or from unseeded random numbers are
    followed through later assignments."""
    from_empty, from_random = set(), set()
    seeded_legacy = False
    out = []
    for ex in examples:
        src = ex.source
        words = set(re.findall(r"[A-Za-z_]\w*", src))
        if ex.options.get(doctest.SKIP):
            out.append(("doctest directive +SKIP", False, False))
            continue
        m = OTHER_LIBS.search(src)
        if m:
            out.append(("needs another library (%s)" % m.group(1), False, False))
            continue
        if re.search(r"\bnp\.random\.seed\s*\(", src):
            seeded_legacy = True
        empty = bool(EMPTY.search(src)) or bool(words & from_empty)
        rand = bool(UNSEEDED_GEN.search(src)) or bool(words & from_random) or any(
            f not in SEEDING and not seeded_legacy for f in LEGACY_CALL.findall(src))
        assigned = {n for m in ASSIGNED.findall(src) for n in re.findall(r"[A-Za-z_]\w*", m)}
        if empty:
            from_empty |= assigned
        if rand:
            from_random |= assigned
        reason = None
        if ex.want.strip() and (empty or re.search(r"uninitiali[sz]ed", ex.want, re.I)):
            reason = "prints uninitialised memory (np.empty)"
        elif ex.want.strip() and re.search(r"\bid\s*\(", src):
            reason = "prints object identities (id())"
        out.append((reason, True, rand))
    return out


def benchmark(src, peak):
    """Why an example is a benchmark, not a check (None if it is not): a loop of many
    iterations, `timeit`, or a large workload, judged by the memory NumPy allocates (which
    `tracemalloc` counts exactly, unlike time, which varies with the machine's load)."""
    loop = re.search(r"\bfor\s+\w+\s+in\s+range\((\d+)\)", src)
    if loop and int(loop.group(1)) >= 100:
        return "a benchmark loop (%s iterations)" % loop.group(1)
    if re.search(r"\btimeit\b", src):
        return "times NumPy (timeit)"
    if peak >= BIG:
        return "benchmark-sized (NumPy allocates %d MB or more)" % (BIG >> 20)
    return None


def names_bound(src):
    """Names an example binds (assignments, imports, loop variables), from its text."""
    bound = {n for m in ASSIGNED.findall(src) for n in re.findall(r"[A-Za-z_]\w*", m)}
    bound |= set(re.findall(r"\bimport\s+[\w.]+\s+as\s+(\w+)", src))
    for names in re.findall(r"\bfrom\s+[\w.]+\s+import\s+([\w\s,]+)", src):
        bound |= {n for n in re.findall(r"\w+", names) if n != "as"}
    bound |= set(re.findall(r"^\s*import\s+(\w+)\s*$", src, re.M))
    bound |= set(re.findall(r"\bfor\s+(\w+)\s+in\b", src))
    return bound


def skip_dependents(examples):
    """Marks not to run the examples that use a name only a not-run example binds;
    True if it marked any."""
    gone, changed = set(), False
    for e in examples:
        bound = names_bound(e["source"])
        if not e["run"]:
            gone |= bound
        elif set(re.findall(r"[A-Za-z_]\w*", e["source"])) & gone:
            e["run"], changed = False, True
            e["skip"] = e["skip"] or "uses a name bound by a skipped example"
            gone |= bound
        else:
            gone -= bound
    return changed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ndplay", default="target/debug/ndplay")
    ap.add_argument("--out", default=os.path.join(HERE, "docexamples.json"))
    args = ap.parse_args()
    names = json.loads(subprocess.run(
        [args.ndplay, "run", os.path.join(HERE, "ndplay_names.py")],
        check=True, capture_output=True, text=True).stdout)

    groups, by_doc, not_in_numpy, no_examples = [], {}, [], []
    parser = doctest.DocTestParser()
    for name in names:
        try:
            obj = resolve(name)
        except AttributeError:
            not_in_numpy.append(name)
            continue
        doc = getattr(obj, "__doc__", None) or ""
        if doc in by_doc:
            by_doc[doc]["aliases"].append(name)
            continue
        try:
            examples = parser.get_examples(doc, name)
        except ValueError as e:
            no_examples.append({"name": name, "why": "doctest cannot parse it: %s" % e})
            continue
        if not examples:
            no_examples.append({"name": name, "why": "no examples in NumPy's docstring"})
            continue
        group = {"id": name, "aliases": [], "examples": []}
        by_doc[doc] = group
        for i, (ex, (reason, run, rand)) in enumerate(zip(examples, static_skips(examples))):
            group["examples"].append({
                "i": i, "line": ex.lineno + 1, "source": ex.source, "want": ex.want,
                "options": option_names(ex.options), "skip": reason, "run": run,
                "random": rand})
        groups.append(group)

    for group in groups:
        while True:
            todo = [e for e in group["examples"] if e["run"]]
            peaks = []
            runs = [doctest_driver.run_group([e["source"] for e in todo], seed=k,
                                             peaks=peaks if k == 0 else None)
                    for k in range(RUNS)]
            changed = False
            for e, peak in zip(todo, peaks):
                why = benchmark(e["source"], peak)
                if e["skip"] is None and why is not None:
                    e["skip"] = why + ": too slow for the debug-build test"
                    e["run"], changed = False, True
            changed |= skip_dependents(group["examples"])
            if not changed:
                break
        for e, *results in zip(todo, *runs):
            a = results[0]
            e["out"], e["exc"] = a["out"], a["exc"]
            random = e.pop("random")
            if e["skip"] is not None:
                continue
            if any(r != a for r in results):
                e["skip"] = ("random numbers without a seed" if random else
                             "output differs between runs under NumPy")
            elif a["exc"] is not None and "Traceback (most recent call last)" not in e["want"]:
                e["skip"] = "raises under NumPy %s where its docstring shows output: %s" % (
                    numpy.__version__, a["exc"].strip())
        for e in group["examples"]:
            e.pop("random", None)
            if e["skip"] is not None:  # recorded only where compared: it may vary
                e["out"] = e["exc"] = None

    n = sum(len(g["examples"]) for g in groups)
    compared = sum(e["skip"] is None for g in groups for e in g["examples"])
    fixture = {
        "generated_by": "crates/ndplay-console/tests/docexamples/gen_docexamples.py",
        "numpy_version": numpy.__version__,
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "examples": n,
        "compared": compared,
        "no_examples": no_examples,
        "not_in_numpy": not_in_numpy,
        "groups": sorted(groups, key=lambda g: g["id"]),
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(fixture, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d groups, %d examples, %d compared, %d skipped -> %s" % (
        len(groups), n, compared, n - compared, args.out))


if __name__ == "__main__":
    main()
