"""ndplay: NumPy's semantics in Rust, in your Python process.

``ndplay.inspect(x)`` checks an array before it reaches a model: the six
production-readiness signals (shape, dtype, NaN/Inf, value range, memory,
contiguity), NaN/Inf counts, finite min/max/mean/std, zeros and a magnitude
histogram, from one fused pass over the data on every core, with the GIL
released and without copying the data::

    >>> import numpy as np, ndplay
    >>> x = np.array([[0.5, -1.0], [2.0, np.nan]], dtype=np.float32)
    >>> r = ndplay.inspect(x)
    >>> r
    float32[2, 2] n=4 (16 B) x∈[-1, 2] μ=0.5 σ=1.22474 █|█ █ NaN×1 C ✗ fail: nan_inf
    >>> r.nan_count, r.signals["nan_inf"].status
    (1, 'fail')

``ndplay.inspect_files(*paths)`` does the same for ``.npy``, ``.npz``,
``.safetensors`` and ``.csv`` files (memory-mapped, as ``ndplay inspect``);
``ndplay.dask.inspect`` runs the pass on Dask's workers for arrays and shards
past one machine. ``ndplay.numpy`` is ndplay's own NumPy (the console's), a
separate module that never replaces a real NumPy.
"""

import sys as _sys

from ndplay import _native
from ndplay._native import AxisStats, Report, Signal, inspect, inspect_files

__version__ = _native.__version__

#: ndplay's NumPy: the engine's ``numpy`` module, importable as ``ndplay.numpy``.
numpy = _native.numpy
_sys.modules["ndplay.numpy"] = numpy
_sys.modules["ndplay.numpy.linalg"] = numpy.linalg
_sys.modules["ndplay.numpy.random"] = numpy.random

__all__ = ["inspect", "inspect_files", "Report", "Signal", "AxisStats", "numpy", "dask"]


def __getattr__(name):
    # `ndplay.dask` imports Dask only when it is used.
    if name == "dask":
        import importlib

        return importlib.import_module("ndplay.dask")
    raise AttributeError("module 'ndplay' has no attribute %r" % name)
