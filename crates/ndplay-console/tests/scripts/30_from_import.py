from numpy import array, zeros, float32, newaxis, linalg
from numpy.linalg import norm, LinAlgError
from numpy.random import default_rng
import numpy.linalg as la
import numpy

a = array([[1.0, 2.0], [3.0, 4.0]])
print(zeros(2, dtype=float32), a[:, newaxis].shape)
print(norm(a), f"{la.det(a):.6f}", linalg.inv(a).shape)
print(default_rng(1).integers(0, 5, 3))
print(numpy.pi, numpy.e, numpy.inf, numpy.nan)
print(isinstance(a, numpy.ndarray), numpy.ndarray.__name__)
try:
    la.inv(zeros((2, 2)))
except LinAlgError as e:
    print(type(e).__module__, e)
