# Python ints at the edges of NumPy's integer dtypes (NEP 50): ints above int64's range
# are uint64 when they fit (hash constants, 2**63), refused for the signed dtypes, and a
# scalar type's constructor refuses an int it cannot hold instead of wrapping it.
import numpy as np

cases = [
    "np.uint64(0xcbf29ce484222325)",
    "np.uint64(2**64 - 1)",
    "np.uint64(0xcbf29ce484222325) * np.uint64(0x100000001b3)",
    "np.array([2**63, 2**64 - 1], dtype=np.uint64)",
    "np.array([2**63])",
    "np.array([1, 2**63])",
    "np.array([-1, 2**63])",
    "np.array([2**63, 1.5])",
    "np.array([True, 2**63])",
    "np.array(2**63)",
    "np.array([2**63], dtype=np.float32)",
    "np.array([2**63], dtype=bool)",
    "np.array([2**63], dtype=np.int64)",
    "np.array([2**63], dtype=np.uint32)",
    "np.array([2**63], dtype=np.int8)",
    "np.uint64(5) * 0x100000001b3",
    "np.array([1, 2], dtype=np.uint64) + 2**63",
    "np.array([1, 2], dtype=np.uint64) | 2**63",
    "np.array([1.5]) + 2**63",
    "np.float64(1.5) * 2**63",
    "np.float32(1.5) * 2**63",
    "np.array([1]) + 2**63",
    "np.int64(1) + 2**63",
    "np.uint32(1) + 2**63",
    "np.array([1], dtype=np.int8) + 2**63",
    "np.array([True]) + 2**63",
    "np.full(2, 2**63, dtype=np.uint64)",
    "np.full(2, 2**63)",
    "np.arange(3, dtype=np.uint64) * (2**63 + 1)",
    "np.uint64(2**64 - 1) == 2**64 - 1",
    "np.array([3], dtype=np.uint64) < 2**63",
    "np.array([3.0]) < 2**63",
    "np.int8(300)",
    "np.int8(-129)",
    "np.int8(-128)",
    "np.uint8(-1)",
    "np.uint8(255)",
    "np.uint16(70000)",
    "np.int16(2**15)",
    "np.int32(2**31 - 1)",
    "np.int32(-2**31 - 1)",
    "np.uint32(2**32)",
    "np.int64(2**63)",
    "np.int64(-2**63)",
    "np.uint64(-1)",
    "np.int8(3.7)",
    "np.uint8(True)",
    "np.float16(2**63)",
    "np.array(300, dtype=np.int8)",
    "np.full(2, 300, dtype=np.int8)",
]
for c in cases:
    try:
        print(c, "->", repr(eval(c)))
    except Exception as e:
        print(c, "->", type(e).__name__ + ":", e)
