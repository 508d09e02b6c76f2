import numpy as np

x = np.array([1.0, 2.0, 3.0])
x += 1
print(x)
x *= 2
print(x)
x -= np.array([1.0, 1.0, 1.0])
print(x)
x /= 4
print(x)
x **= 2
print(x)
i = np.array([1, 2, 3])
i += 2
print(i, i.dtype)
try:
    i += 0.5
except Exception as e:
    print(type(e).__name__, e)
print(i)
total = 0
for v in i:
    total += v
print(total, repr(total))
count = 0
count += 1
print(count)
