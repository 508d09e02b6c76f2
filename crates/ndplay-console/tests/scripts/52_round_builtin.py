# Built-in round(): Python floats round the exact binary value (ties to even);
# NumPy float64 scalars scale, round half to even, and scale back, and stay np.float64.
import numpy as np

print(round(16.055, 2), round(2.675, 2), round(0.5), round(1.5), round(2.5), round(-0.5))
print(type(round(0.5)).__name__, type(round(16.055, 2)).__name__)
r = round(np.float64(16.055), 2)
print(r, type(r))
print(round(np.float64(2.675), 2), round(np.float64(2.5)), type(round(np.float64(2.5))).__name__)
print(round(np.float32(16.055), 2), type(round(np.float32(16.055), 2)).__name__)
print(np.round(2.675, 2), np.round(np.array([0.5, 1.5, 2.5, -0.5])), np.round(16.055, 2))
print(round(16.055, 2) == round(np.float64(16.055), 2))
