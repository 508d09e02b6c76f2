"""ndplay.dask.inspect: chunks and shards reduced on Dask's workers give the report one
machine gives for the whole data (counts, extremes, histogram exactly; mean and std to
1e-12 relative), on the local scheduler and on a real dask.distributed cluster."""

import dask.array as da
import numpy as np
import pytest
from dask.distributed import Client, LocalCluster, get_task_stream

import ndplay
import ndplay.dask
from conftest import assert_matches_numpy, close

EXACT = ("shape", "dtype", "typestr", "itemsize", "strides", "c_contiguous", "f_contiguous",
         "nbytes", "size", "nan_count", "posinf_count", "neginf_count", "finite_count",
         "zero_count", "finite_min", "finite_max", "histogram", "signals", "status", "name")


def assert_same_report(got, want):
    """Two reports of the same data: equal, but for float rounding of mean/std and the
    shard count."""
    g, w = got.to_dict(), want.to_dict()
    assert g.keys() == w.keys()
    for key in EXACT:
        if key == "signals":
            # The value_range detail prints mean-free facts; all signals must agree.
            assert [(s["name"], s["status"]) for s in g[key]] == \
                [(s["name"], s["status"]) for s in w[key]]
        else:
            assert g[key] == w[key], (key, g[key], w[key])
    assert close(g["mean"], w["mean"], 1e-12, 1e-300), (g["mean"], w["mean"])
    assert close(g["std"], w["std"], 1e-12, 1e-300), (g["std"], w["std"])


def hostile(shape, chunks, seed=7, dtype=np.float64):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * 3).astype(dtype)
    flat = x.reshape(-1)
    idx = rng.permutation(flat.size)
    flat[idx[:11]] = np.nan
    flat[idx[11:14]] = np.inf
    flat[idx[14:16]] = -np.inf
    flat[idx[16:40]] = 0
    return x, da.from_array(x, chunks=chunks)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.float16])
def test_dask_array_on_the_local_scheduler_equals_one_machine(dtype):
    x, dx = hostile((1000, 64), (128, 24), dtype=dtype)
    r = ndplay.dask.inspect(dx, name="features")
    assert isinstance(r, ndplay.Report)
    assert r.shards == dx.npartitions
    assert_same_report(r, ndplay.inspect(x, name="features"))
    assert_matches_numpy(r, x)
    assert r.format == "dask"


def test_dask_array_of_ints_and_odd_chunks_and_lazy_graphs():
    rng = np.random.default_rng(3)
    x = rng.integers(-(2**60), 2**60, size=(77, 5, 3), dtype=np.int64)
    dx = da.from_array(x, chunks=(10, 2, 3))
    assert_same_report(ndplay.dask.inspect(dx), ndplay.inspect(x))
    # A graph that is never materialised on the client: chunks are made on the workers.
    y = da.random.default_rng(0).standard_normal((4000, 50), chunks=(500, 50)) * 2 + 1
    r = ndplay.dask.inspect(y)
    assert r.shape == (4000, 50) and r.finite_count == 200_000
    assert_same_report(r, ndplay.inspect(y.compute()))


def test_dask_refusals():
    with pytest.raises(TypeError, match="dask.array.Array or a list of file paths"):
        ndplay.dask.inspect(42)
    with pytest.raises(ValueError, match="no files"):
        ndplay.dask.inspect([])
    x = da.from_array(np.arange(10.0), chunks=3)
    unknown = x[x > 3]  # chunk sizes unknown until computed
    with pytest.raises(ValueError, match="compute_chunk_sizes"):
        ndplay.dask.inspect(unknown)
    assert ndplay.dask.inspect(unknown.compute_chunk_sizes()).size == 6
    with pytest.raises(NotImplementedError, match="Dask"):
        ndplay.dask.inspect(x).axis_stats(0)


def write_shards(tmp_path, n=8, rows=250, cols=16):
    rng = np.random.default_rng(11)
    parts, paths = [], []
    for i in range(n):
        p = (rng.standard_normal((rows + i, cols)) * (i + 1)).astype(np.float32)
        p[i, i % cols] = np.nan
        p[-1, 0] = np.inf if i % 2 else 0.0
        path = tmp_path / ("shard-%d.npy" % i)
        np.save(path, p)
        parts.append(p)
        paths.append(str(path))
    whole = np.concatenate(parts)
    np.save(tmp_path / "whole.npy", whole)
    return paths, whole


def test_shards_on_the_local_scheduler(tmp_path):
    paths, whole = write_shards(tmp_path)
    reports = ndplay.dask.inspect(paths)
    assert len(reports) == 1
    assert reports[0].shards == 8
    merged = ndplay.inspect_files(*paths, merge=True)[0]
    # The tree reduction merges the shards in order, as the one-process merge does.
    assert reports[0].to_dict() == merged.to_dict()
    assert_same_report(reports[0], ndplay.inspect_files(tmp_path / "whole.npy")[0])
    assert_matches_numpy(reports[0], whole)


def test_a_two_worker_local_cluster_inspects_8_shards_as_one_machine(tmp_path):
    paths, whole = write_shards(tmp_path)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        with get_task_stream(client) as stream:
            reports = ndplay.dask.inspect(paths, client=client)
        # Both worker processes read shards.
        workers = set(client.scheduler_info()["workers"])
        ran_on = {t["worker"] for t in stream.data if "file_state" in str(t["key"])}
        assert len(workers) == 2 and ran_on == workers, (ran_on, workers)
        # The active client is Dask's default scheduler too.
        again = ndplay.dask.inspect(paths)
        x, dx = hostile((600, 40), (100, 20))
        on_cluster = ndplay.dask.inspect(dx, client=client)
    (r,) = reports
    assert r.shape == whole.shape and r.shards == 8
    assert_same_report(r, ndplay.inspect_files(tmp_path / "whole.npy")[0])
    assert_matches_numpy(r, whole)
    assert again[0].to_dict() == r.to_dict()
    assert_same_report(on_cluster, ndplay.inspect(x))
