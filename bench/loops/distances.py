# Lesson loop 3 of 3: 300x300 pairwise Euclidean distances, one NumPy expression per pair.
#
# Run by bench/console_loops.py under `ndplay run` and under CPython + NumPy. The loop is
# timed here, inside the interpreter, so process start-up is not measured. The last line
# is one JSON object: the per-repeat times in seconds (a warm-up run is not among them)
# and a checksum the driver compares between the two interpreters.
import time

import numpy as np

REPEATS = 5
m = 300
rng = np.random.default_rng(0)
X = rng.standard_normal((m, 16))


def loop():
    D = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            D[i, j] = np.sqrt(np.sum((X[i] - X[j]) ** 2))
    return D


times = []
check = float(np.sum(loop()))  # warm-up
for _ in range(REPEATS):
    t0 = time.perf_counter()
    D = loop()
    times.append(time.perf_counter() - t0)
    check = float(np.sum(D))
print(
    '{"loop": "distances_300x16_f64", "numpy": "%s", "repeats": %d, "times_s": [%s], "check": %r}'
    % (np.__version__, REPEATS, ", ".join(repr(t) for t in times), check)
)
