"""Runs docstring examples the way `doctest` runs them, identically under CPython +
NumPy (`gen_docexamples.py` records NumPy's output) and under ndplay's console
(`tests/docexamples.rs` replays the examples and compares).

What doctest does, and this does the same: one namespace per docstring (here holding
`np`, as NumPy's own doctest configuration pre-binds it), examples executed in order,
each compiled in "single" mode so an expression statement prints its `repr` through
`sys.displayhook`, `sys.stdout` captured per example with a newline appended to output
that lacks one, and an exception recorded as the last line of
`traceback.format_exception_only` (what doctest compares with a `Traceback` example).
The run happens in a fresh temporary directory (some examples write files) and NumPy's
default print options are restored afterwards (some examples change them). The legacy
global random state is seeded (0 for the recorded output) at the start of each
docstring, so an example whose printed result does not depend on the random numbers
(a shape, `np.allclose(a, Q @ R)`) but whose computation does is reproducible; examples
whose output changes with the seed are skipped by the generator.
"""
import builtins
import io
import json
import os
import shutil
import sys
import tempfile
import traceback

MARK = "@@docex@@ "

PRINT_DEFAULTS = dict(edgeitems=3, infstr="inf", linewidth=75, nanstr="nan", precision=8,
                      suppress=False, threshold=1000, formatter=None, sign="-",
                      floatmode="maxprec", legacy=False)


def run_one(source, globs, name):
    """`{"out": printed text, "exc": exception line or None}` for one example."""
    out = io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, io.StringIO()
    exc = None
    try:
        exec(compile(source, name, "single", 0, True), globs)
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        if type(e).__name__ == "TimeLimitExceeded":  # ndplay's console time limit
            raise
        exc = traceback.format_exception_only(type(e), e)[-1]
    finally:
        sys.stdout, sys.stderr = saved
    text = out.getvalue()
    if text and not text.endswith("\n"):
        text += "\n"
    return {"out": text, "exc": exc}


def run_group(sources, emit=None, peaks=None, seed=0):
    """Runs `sources` in order in one fresh namespace, the legacy random state seeded
    with `seed`; returns their results and, with `emit`, hands each to it as soon as it
    is known; with `peaks` (a list), appends each example's peak of memory allocated
    (bytes, `tracemalloc`, which counts NumPy's array data) to it."""
    import tracemalloc
    import numpy as np
    np.random.seed(seed)
    globs = {"np": np, "__name__": "__main__", "__builtins__": builtins}
    cwd = os.getcwd()
    tmp = tempfile.mkdtemp(prefix="docex-")
    os.chdir(tmp)
    results = []
    try:
        for i, src in enumerate(sources):
            if peaks is not None:
                tracemalloc.start()
            r = run_one(src, globs, "<doctest %d>" % i)
            if peaks is not None:
                peaks.append(tracemalloc.get_traced_memory()[1])
                tracemalloc.stop()
            results.append(r)
            if emit is not None:
                emit(i, r)
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)
        np.set_printoptions(**PRINT_DEFAULTS)
    return results


_FIXTURE = {}


def replay(path, group_id):
    """ndplay's side: runs the examples of one group of the fixture at `path` that the
    generator ran, and prints one `MARK {"i": index, "out": ..., "exc": ...}` line per
    example."""
    if path not in _FIXTURE:
        with open(path, encoding="utf-8") as f:
            _FIXTURE[path] = {g["id"]: g for g in json.load(f)["groups"]}
    group = _FIXTURE[path][group_id]
    # Skipped examples the generator ran still run here (later ones use their names and
    # their random draws); the test compares only the examples not skipped.
    todo = [e for e in group["examples"] if e["run"]]
    real = sys.stdout

    def emit(i, r):
        real.write(MARK + json.dumps(dict(i=todo[i]["i"], **r)) + "\n")

    run_group([e["source"] for e in todo], emit)
