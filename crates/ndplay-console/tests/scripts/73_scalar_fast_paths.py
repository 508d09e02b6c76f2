# The element loop's fast paths: np.float64's + - * / against every kind of operand,
# one-element reads a[i] / A[i, j] and their errors, and many short-lived scalars
# under the garbage collector and threads (ndplay answers these through direct slots
# and a free list of float64 objects; every case must print what NumPy prints).
import gc
import threading

import numpy as np

a = np.arange(6.0)
A = a.reshape(2, 3)
x = a[2]
others = [np.float64(0.5), 1.5, 3, True, -7, 2**53, 2**53 + 1, 1 + 2j,
          np.float32(1.5), np.int64(4), np.int8(-3), np.uint64(5), np.bool_(True),
          np.complex128(1 - 1j), np.array(2.5), np.array([1.0, 2.0]), np.array([1, 2]),
          np.float64(-0.0), np.float64(np.inf), np.float64(np.nan)]
for y in others:
    for name, f in [("+", lambda p, q: p + q), ("-", lambda p, q: p - q),
                    ("*", lambda p, q: p * q), ("/", lambda p, q: p / q),
                    ("**", lambda p, q: p ** q)]:
        with np.errstate(all="ignore"):
            print(repr(x), name, repr(y), "=", repr(f(x, y)), "|", repr(f(y, x)))

with np.errstate(all="raise"):
    for p, q in [(x, 0.0), (np.float64(0.0), 0.0), (np.float64(1e308), 10.0),
                 (np.float64(1e-308), 1e-10), (np.float64(-1e308), np.float64(1e308)),
                 (np.float64(-8.0), 1 / 3), (np.float64(10.0), 400.0), (np.float64(0.5), 2000),
                 (np.float64(0.0), -1.0), (np.float64(2.0), -1080), (np.float64(1.5), 2)]:
        for name, f in [("*", lambda p, q: p * q), ("/", lambda p, q: p / q),
                        ("-", lambda p, q: p - q), ("**", lambda p, q: p ** q)]:
            try:
                print(name, repr(f(p, q)))
            except FloatingPointError as e:
                print(name, "FloatingPointError:", e)

s = 0.0
for i in range(6):
    s += a[i] * a[5 - i]
print(repr(s), type(s).__name__)
t = x
t += 1
t *= 2.0
t -= np.float64(0.25)
t /= 2
print(repr(t))

print(repr(a[0]), repr(a[-1]), repr(A[1, 2]), repr(A[-1, -3]), repr(A[1]), repr(A[(0, 1)]))
print(repr(a[np.int64(3)]), repr(A[np.int64(1), 0]), repr(A[1, np.int8(-1)]))
print(repr(np.arange(4)[2]), repr(np.arange(4, dtype=np.uint8)[3]), repr(np.array([1 + 2j])[0]))
print(repr(np.array(["ab", "c"])[1]), repr(np.array([True, False])[1]), repr(np.float32([1.5])[0]))
print(repr(np.array(7.0)[()]), repr(A[1, 1:]), repr(A[0, ...]), repr(A[:, 0]))
for key in [6, -7, (0, 3), (2, 0), (0, -4), (0, 0, 0)]:
    try:
        print(repr((a if isinstance(key, int) else A)[key]))
    except IndexError as e:
        print("IndexError:", e)
try:
    A[1.0, 0]
except IndexError as e:
    print("IndexError:", e)

keep = []
for r in range(60):
    xs = [a[i % 6] * 2.0 + 1 for i in range(500)]
    if r % 7 == 0:
        keep.append(xs)
    if r % 13 == 0:
        gc.collect()
print(sum(float(v) for xs in keep for v in xs), len(keep))


def work(out):
    acc = 0.0
    for i in range(3000):
        acc += a[i % 6] * a[(i * 7) % 6] - a[i % 5] / 2.0
    out.append(repr(acc))


out = []
threads = [threading.Thread(target=work, args=(out,)) for _ in range(3)]
for th in threads:
    th.start()
for th in threads:
    th.join()
print(sorted(out))
gc.collect()
print(repr(np.float64(3.0) * 2), repr(np.float64("2.5") - 1))
