"""Writes `scripts/numpy_api.json`: NumPy's public callables and their signatures, which
`scripts/gen_coverage.py` (run under ndplay, where there is no NumPy) compares with
ndplay's module to write `docs/numpy-coverage.md`.

Run with a Python whose `numpy` is real NumPy, from the repository root:

    python scripts/gen_numpy_api.py

Sections: the `numpy` namespace's callables (functions, ufuncs, classes), `numpy.linalg`,
`numpy.random` (the module's functions), and the methods of `numpy.random.Generator`,
`numpy.ndarray` and `numpy.ufunc`.
"""
import inspect
import json
import os
import sys
import types

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numpy_api.json")


def kind(obj):
    if isinstance(obj, np.ufunc):
        return "ufunc"
    if isinstance(obj, type):
        if issubclass(obj, np.generic):
            return "scalar type"
        if issubclass(obj, BaseException):
            return "exception"
        return "class"
    return "function"


def params(obj):
    """`[[name, kind, default or None], ...]`, or None when NumPy gives no signature."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [[p.name, p.kind.name,
             None if p.default is inspect.Parameter.empty else repr(p.default)]
            for p in sig.parameters.values()]


def public(holder, members_of_class=False):
    out = []
    for name in sorted(dir(holder)):
        if name.startswith("_"):
            continue
        obj = getattr(holder, name, None)
        if obj is None or isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        k = "method" if members_of_class else kind(obj)
        out.append({"name": name, "kind": k, "params": params(obj)})
    return out


def main():
    api = {
        "generated_by": "scripts/gen_numpy_api.py",
        "numpy_version": np.__version__,
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "sections": [
            {"prefix": "numpy", "members": public(np)},
            {"prefix": "numpy.linalg", "members": public(np.linalg)},
            {"prefix": "numpy.random", "members": public(np.random)},
            {"prefix": "numpy.random.Generator",
             "members": public(np.random.Generator, True)},
            {"prefix": "numpy.ndarray", "members": public(np.ndarray, True)},
            {"prefix": "numpy.ufunc", "members": public(np.ufunc, True)},
        ],
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(api, f, indent=1)
        f.write("\n")
    print("%s: %d callables" % (OUT, sum(len(s["members"]) for s in api["sections"])))


if __name__ == "__main__":
    main()
