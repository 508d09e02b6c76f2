"""The NumPy names ndplay's `numpy` module implements, introspected from the module
itself. Run under ndplay's console (`target/debug/ndplay run ndplay_names.py`) it prints
them as JSON; `gen_docexamples.py` runs it that way, `scripts/gen_coverage.py` loads it.

Names are NumPy's qualified ones: `numpy.sum`, `numpy.linalg.norm`,
`numpy.random.Generator.normal`, `numpy.ndarray.sum`.
"""
import json


def _public(obj):
    return sorted(n for n in dir(obj) if not n.startswith("_"))


def implemented():
    """`{qualified name: object}` for every public callable of ndplay's numpy, its
    `linalg` and `random` modules, the methods of `random.Generator`, `ndarray` and
    `ufunc` (`numpy.ufunc.reduce`...)."""
    import numpy as np
    found = {}
    for prefix, holder in (("numpy", np), ("numpy.linalg", np.linalg),
                           ("numpy.random", np.random)):
        for name in _public(holder):
            obj = getattr(holder, name)
            if callable(obj) and type(obj).__name__ != "module":
                found[prefix + "." + name] = obj
    for prefix, cls in (("numpy.ndarray", np.ndarray),
                        ("numpy.random.Generator", np.random.Generator),
                        ("numpy.ufunc", np.ufunc)):
        for name in _public(cls):
            obj = getattr(cls, name)
            if callable(obj):
                found[prefix + "." + name] = obj
    return found


if __name__ == "__main__":
    print(json.dumps(sorted(implemented())))
