# Z.flags.writeable = False: every write path raises, and views inherit the lock.
import numpy as np

Z = np.arange(4.0)
Z.flags.writeable = False
print(Z.flags.writeable, Z[1:].flags.writeable, Z.copy().flags.writeable)
try:
    Z[0] = 1
except Exception as e:
    print(type(e).__name__, e)
try:
    Z[1:][0] = 5
except Exception as e:
    print(type(e).__name__, e)
try:
    Z += 1
except Exception as e:
    print(type(e).__name__, e)
try:
    np.add(Z, 1, out=Z)
except Exception as e:
    print(type(e).__name__, e)
try:
    Z.fill(0)
except Exception as e:
    print(type(e).__name__, e)
try:
    Z[1:].flags.writeable = True
except Exception as e:
    print(type(e).__name__, e)
print(Z, Z + 1)
Z.flags.writeable = True
Z[0] = 9
print(Z)
