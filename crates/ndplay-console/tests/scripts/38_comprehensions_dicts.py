import numpy as np

shapes = {name: np.zeros(s).shape for name, s in [("vec", 3), ("mat", (2, 2)), ("cube", (2, 2, 2))]}
print(shapes)
ranks = [np.zeros(shape).ndim for shape in shapes.values()]
print(ranks)
nested = [[i * j for j in range(3)] for i in range(3)]
print(np.array(nested))
stats = {}
for k, v in {"a": [1, 2, 3], "b": [4, 5]}.items():
    arr = np.array(v)
    stats[k] = (arr.mean(), arr.size)
print(stats)
print({k: round(float(m), 2) for k, (m, n) in stats.items()})
gen = sum(x * x for x in range(5))
print(gen)
print(sorted(shapes, key=lambda n: len(shapes[n])))
print([f"{name}:{len(s)}" for name, s in shapes.items()])
print(set([1, 2, 2, 3]), tuple(np.arange(3).shape), list(range(10))[2:8:3])
