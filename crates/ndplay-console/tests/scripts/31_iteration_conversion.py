import numpy as np

m = np.arange(6).reshape(2, 3)
for row in m:
    print(row, row.sum())
for v in np.array([1.5, 2.5]):
    print(v, repr(v))
print(list(np.arange(3)), len(m), len(m[0]))
print(m.tolist(), np.array([1.5]).tolist(), type(m.tolist()[0][0]).__name__)
print(np.arange(3).item(1), np.array([[7]]).item(), type(np.array(2.5).item()).__name__)
print(float(np.array(2.5)), int(np.array(7)))
try:
    float(np.array([2.5]))
except TypeError as e:
    print("TypeError:", e)
print(3 in np.arange(5), 9 in np.arange(5))
print(sorted(np.array([3, 1, 2])), max(np.array([3, 1, 2])), sum(np.arange(4)))
try:
    if np.arange(3) > 0:
        pass
except ValueError as e:
    print("ValueError:", e)
print(bool(np.array([0])), bool(np.array([3])))
print([x * 2 for x in np.arange(3)])
print(dict(zip(["a", "b"], np.arange(2))))
print(np.array([np.float64(1.0), 2, 3]))
print(np.array([np.arange(2), np.arange(2)]).shape)
print(np.array(range(4)), np.array((1, 2)))
