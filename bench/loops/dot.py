# Lesson loop 1 of 3: a dot product written as a Python loop over two float64 arrays.
#
# Run by bench/console_loops.py under `ndplay run` and under CPython + NumPy. The loop is
# timed here, inside the interpreter, so process start-up is not measured. The last line
# is one JSON object: the per-repeat times in seconds (a warm-up run is not among them)
# and a checksum the driver compares between the two interpreters.
import time

import numpy as np

REPEATS = 15
n = 100_000
rng = np.random.default_rng(0)
a = rng.standard_normal(n)
b = rng.standard_normal(n)


def loop():
    s = 0.0
    for i in range(n):
        s += a[i] * b[i]
    return s


times = []
check = float(loop())  # warm-up
for _ in range(REPEATS):
    t0 = time.perf_counter()
    s = loop()
    times.append(time.perf_counter() - t0)
    check = float(s)
print(
    '{"loop": "dot_100000_f64", "numpy": "%s", "repeats": %d, "times_s": [%s], "check": %r}'
    % (np.__version__, REPEATS, ", ".join(repr(t) for t in times), check)
)
