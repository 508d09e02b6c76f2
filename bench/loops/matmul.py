# Lesson loop 2 of 3: a 40x40 matrix product written as a triple Python loop.
#
# Run by bench/console_loops.py under `ndplay run` and under CPython + NumPy. The loop is
# timed here, inside the interpreter, so process start-up is not measured. The last line
# is one JSON object: the per-repeat times in seconds (a warm-up run is not among them)
# and a checksum the driver compares between the two interpreters.
import time

import numpy as np

REPEATS = 15
n = 40
rng = np.random.default_rng(0)
A = rng.standard_normal((n, n))
B = rng.standard_normal((n, n))


def loop():
    C = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            acc = 0.0
            for k in range(n):
                acc += A[i, k] * B[k, j]
            C[i, j] = acc
    return C


times = []
check = float(np.sum(loop()))  # warm-up
for _ in range(REPEATS):
    t0 = time.perf_counter()
    C = loop()
    times.append(time.perf_counter() - t0)
    check = float(np.sum(C))
print(
    '{"loop": "matmul_40x40_f64", "numpy": "%s", "repeats": %d, "times_s": [%s], "check": %r}'
    % (np.__version__, REPEATS, ", ".join(repr(t) for t in times), check)
)
