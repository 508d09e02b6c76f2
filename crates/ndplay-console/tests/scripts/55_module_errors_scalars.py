# NumPy's errors (type and message) and scalar behaviour, from the module.
import numpy as np


def show(f):
    try:
        r = f()
        print("ok", repr(r))
    except Exception as e:
        print(type(e).__name__, e)


a = np.arange(6.0).reshape(2, 3)
show(lambda: a + np.ones(4))
show(lambda: a.reshape(4, 2))
show(lambda: a[2])
show(lambda: a[0, 5])
show(lambda: a[1.5])
show(lambda: a.sum(axis=2))
show(lambda: np.linalg.inv(np.zeros((2, 2))))
show(lambda: np.linalg.det(np.ones((2, 3))))
show(lambda: a @ np.ones((2, 2)))
show(lambda: np.concatenate([a, np.ones((2, 2))]))
show(lambda: np.arange(13).reshape(3, 4))
show(lambda: bool(a))
show(lambda: float(a))
show(lambda: len(np.float64(1)))
show(lambda: np.zeros(-1))
show(lambda: np.int64(5) // 0)
show(lambda: np.random.default_rng(0).integers(5, 1))
show(lambda: np.random.default_rng(0).choice(3, 5, replace=False))
show(lambda: np.split(np.arange(5), 2))
show(lambda: np.squeeze(np.zeros((2, 1)), axis=0))
show(lambda: np.arange(3)[[True, False]])
x = np.float64(2.5)
print(repr(x), str(x), x.dtype, x.shape, x.ndim, x.item(), type(x.item()).__name__, float(x), int(x))
print(repr(np.int32(7) * 2), repr(np.float32(0.1) * 3), repr(np.bool_(True) + np.bool_(True)), repr(-np.int8(-128)))
print(repr(np.float64(1) / 0), repr(np.float64(-1) / 0), repr(np.float64(0) / 0), np.isnan(np.float64("nan")))
print(f"{x:.3f}", "%.2f" % x, round(x), round(x, 1), abs(np.float64(-3)), x ** 2, 2 ** x, divmod(np.float64(7), 2))
print(x == 2.5, x < 3, np.float64(3) in [3.0], hash(np.float64(2.0)) == hash(2.0), {np.int64(1): "a"}[1])
print(repr(np.array(3.0)), repr(np.array(3.0)[()]), np.array([1, 2])[1].dtype, type(np.array([1, 2]).tolist()[0]).__name__)
i = np.arange(10)
print(i[2:8:2], i[::-1][:3], i[-3:], i[[1, 3]], i[i % 3 == 0], i[np.array([True] * 5 + [False] * 5)])
m = np.arange(12).reshape(3, 4)
print(m[1], m[:, 2], m[1:, ::2], m[[0, 2], [1, 3]], m[[0, 2]][:, [1, 3]], m[..., 0], m[None].shape, m[:, None, :].shape)
m[0] = 0
m[1, 1:3] = [7, 7]
m[m > 10] = -1
m[:, 0] += 100
print(m)
v = m[1:, 1:]
v *= 2
print(m, v.base is m)
f = np.zeros(4)
f[1:3] = 2.5
f += np.arange(4)
f /= 2
print(f, f.dtype)
rng = np.random.default_rng(42)
print(rng.random(3), rng.normal(size=2), rng.integers(0, 10, size=5), rng.choice([10, 20, 30], 2), rng.permutation(5))
np.random.seed(0)
print(np.random.rand(2), np.random.randn(2), np.random.randint(0, 5, 3), np.random.choice(5, 3, replace=False))
rs = np.random.RandomState(1)
print(rs.uniform(size=2), rs.normal(1.0, 2.0, 2))
q = np.array([[4.0, 1.0], [2.0, 3.0]])
print(round(np.linalg.det(q), 12), np.linalg.inv(q), np.linalg.solve(q, [1.0, 2.0]), np.linalg.norm(q), np.linalg.norm([3.0, 4.0]))
w, vecs = np.linalg.eigh(np.array([[2.0, 1.0], [1.0, 2.0]]))
print(w, np.abs(vecs), np.linalg.matrix_rank(q), np.linalg.svd(q, compute_uv=False))
print(np.array([1e-10, 1, 1e10]), np.array([0.1, 0.25]), np.array([1.5, np.nan, np.inf]), np.array(["a", "bc"]))
print(repr(np.array([1, 2], dtype=np.int8)), repr(np.array([], dtype=float)), repr(np.zeros((0, 2))), np.arange(2000))
