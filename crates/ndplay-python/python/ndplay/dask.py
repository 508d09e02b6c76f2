"""Inspection past one machine, on Dask.

``inspect(obj)`` takes a ``dask.array.Array`` or a list of tensor files (shards of
one dataset: ``.npy``, ``.npz``, ``.safetensors``, ``.csv``). Each chunk or shard is
reduced on Dask's workers, by ndplay's fused pass, to the mergeable partial state
that ``ndplay inspect --partial`` writes (a small JSON document: counts, extremes,
mean and M2, the 133-bin histogram); the states are merged in Dask's tree
reduction (``dask.bag.Bag.reduction``), and only they travel between workers.
The result equals inspecting the whole data on one machine: counts, min, max and
histogram exactly, mean and std to about 1e-12 relative.

It runs on whatever scheduler Dask would use (the local threads, or the
``dask.distributed`` client that is active), or on ``client`` when given, so
Dask's own progress tools (``dask.diagnostics.ProgressBar``, the dashboard,
``distributed.progress``) show it.

    >>> import dask.array as da, ndplay.dask
    >>> x = da.random.default_rng(0).standard_normal((100_000, 64), chunks=(10_000, 64))
    >>> ndplay.dask.inspect(x).shape
    (100000, 64)
"""

import dask
import dask.bag as _bag

from ndplay import _native

__all__ = ["inspect"]


def _chunk_state(chunk):
    # One partition of the bag: the state of one chunk, flattened to 1-D so the
    # chunks of an n-d grid concatenate.
    return [_native._partial_of_array(chunk)]


def _file_state(path):
    return [_native._partial_of_files([path])]


def _merge(states):
    return _native._combine_partials(list(states))


def _as_paths(obj):
    import os

    if isinstance(obj, (str, os.PathLike)):
        return [os.fspath(obj)]
    try:
        paths = [os.fspath(p) for p in obj]
    except TypeError:
        return None
    return paths


def inspect(obj, *, client=None, name=None, batch=None, max_mb=4000.0, split_every=8):
    """Inspect a Dask array, or files as shards of one dataset, on Dask's workers.

    Parameters
    ----------
    obj : dask.array.Array or list of paths
        For a Dask array, each chunk is inspected where it is computed. For paths, each
        file is read (memory-mapped) by the worker that runs its task; tensors with the
        same name (or the unnamed tensor of ``.npy``/``.csv`` shards) are concatenated
        along axis 0, as ``ndplay inspect --merge`` does.
    client : dask.distributed.Client, optional
        Run on this client. Default: Dask's current scheduler.
    name : str, optional
        The tensor's name in the report (Dask arrays).
    batch, max_mb
        As for ``ndplay.inspect``: the expected length of axis 0, the memory budget per
        tensor in MB.
    split_every : int
        Fan-in of the tree reduction.

    Returns
    -------
    Report
        For a Dask array: one report, equal to ``ndplay.inspect(obj.compute())`` (the
        strides and flags are those of the computed C-order array; ``shards`` counts
        the chunks).
    list of Report
        For paths: one report per tensor, equal to
        ``ndplay.inspect_files(*paths, merge=True)``.
    """
    import dask.array as da

    if isinstance(obj, da.Array):
        if any(isinstance(c, float) for dims in obj.chunks for c in dims):
            raise ValueError(
                "ndplay.dask.inspect needs the Dask array's chunk sizes; compute them first "
                "(x.compute_chunk_sizes())"
            )
        parts = [dask.delayed(_chunk_state)(c) for c in obj.to_delayed().ravel()]
        states = _bag.from_delayed(parts)
        total = states.reduction(_merge, _merge, split_every=split_every)
        state = _compute(total, client)
        return _native._reports_of_partial(
            state, shape=list(obj.shape), name=name, batch=batch, max_mb=max_mb
        )[0]
    if name is not None:
        raise TypeError("name= names a Dask array's tensor; files name their own tensors")
    paths = _as_paths(obj)
    if paths is None:
        raise TypeError(
            "ndplay.dask.inspect takes a dask.array.Array or a list of file paths, not %s"
            % type(obj).__name__
        )
    if not paths:
        raise ValueError("ndplay.dask.inspect got no files to inspect")
    parts = [dask.delayed(_file_state)(p) for p in paths]
    states = _bag.from_delayed(parts)
    total = states.reduction(_merge, _merge, split_every=split_every)
    state = _compute(total, client)
    return _native._reports_of_partial(state, batch=batch, max_mb=max_mb)


def _compute(item, client):
    if client is not None:
        return client.compute(item).result()
    # A bag computes in processes by default, which would ship every chunk between
    # processes; the pass releases the GIL, so threads are the right local default. A
    # scheduler the user chose (or an active distributed client) wins.
    return item.compute(scheduler=dask.config.get("scheduler", None) or "threads")
