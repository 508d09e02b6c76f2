# apply_along_axis, fromfunction, polyval, resize, ix_, lexsort, interp: NumPy prints.
import numpy as np
def t(f):
    try: r = f(); print(repr(r))
    except Exception as e: print(type(e).__name__, str(e).splitlines()[0] if str(e) else '')
def my_func(a): return (a[0] + a[-1]) * 0.5
b = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
t(lambda: np.apply_along_axis(my_func, 0, b)); t(lambda: np.apply_along_axis(my_func, 1, b)); t(lambda: np.apply_along_axis(sorted, 1, np.array([[8, 1, 7], [4, 3, 9], [5, 2, 6]]))); t(lambda: np.apply_along_axis(np.diag, -1, b)); t(lambda: np.apply_along_axis(np.sum, 0, np.zeros((0, 3)))); t(lambda: np.apply_along_axis(np.sum, 1, np.zeros((0, 3)))); t(lambda: np.apply_along_axis(lambda v: v * 2, 0, np.arange(3)))
t(lambda: np.fromfunction(lambda i, j: i, (2, 2), dtype=float)); t(lambda: np.fromfunction(lambda i, j: i == j, (3, 3), dtype=int)); t(lambda: np.fromfunction(lambda i, j: i + j, (3, 3), dtype=int))
t(lambda: np.polyval([3, 0, 1], 5)); t(lambda: np.polyval([3, 0, 1], [5, 1.5])); t(lambda: np.polyval([1, -2], np.array([[1, 2], [3, 4]]))); t(lambda: np.polyval([], 3)); t(lambda: np.polyval([2.5], [1, 2]))
a = np.array([[0, 1], [2, 3]])
t(lambda: np.resize(a, (2, 3))); t(lambda: np.resize(a, (1, 4))); t(lambda: np.resize(a, (2, 4))); t(lambda: np.resize(a, 7)); t(lambda: np.resize([], (2, 2))); t(lambda: np.resize(a, (-1, 2)))
a = np.arange(10).reshape(2, 5)
t(lambda: np.ix_([0, 1], [2, 4])); t(lambda: a[np.ix_([0, 1], [2, 4])]); t(lambda: np.ix_([True, True], [2, 4])); t(lambda: np.ix_([True, True], [False, False, True, False, True])); t(lambda: np.ix_([], [1])); t(lambda: np.ix_([[1]]))
surnames = ('Hertz', 'Galilei', 'Hertz'); first_names = ('Heinrich', 'Galileo', 'Gustav')
t(lambda: np.lexsort((first_names, surnames))); t(lambda: np.lexsort(([1, 5, 1, 4, 3, 4, 4], [9, 4, 0, 4, 0, 2, 1]))); t(lambda: np.lexsort(np.array([[2, 1, 2], [1, 1, 0]]))); t(lambda: np.lexsort((np.array([[3, 1], [2, 2]]), np.array([[1, 1], [0, 1]])), axis=0)); t(lambda: np.lexsort(([1, 2], [1, 2, 3]))); t(lambda: np.lexsort([]))
xp = [1, 2, 3]; fp = [3, 2, 0]
t(lambda: np.interp(2.5, xp, fp)); t(lambda: np.interp([0, 1, 1.5, 2.72, 3.14], xp, fp)); t(lambda: np.interp(3.14, xp, fp, right=-99.0)); t(lambda: np.interp([-1, 0.5, 7, np.nan], [0, 1, 2], [0, 10, 20])); t(lambda: np.interp([1, 2], [1, 1, 2], [1, 5, 3])); t(lambda: np.interp(1.5, [1], [7])); t(lambda: np.interp(1.5, [], [])); t(lambda: np.interp([0.5, 1.5], [0, 1, 2], [np.inf, 1, -np.inf])); t(lambda: np.interp(2, [0, 1, 2], [0, 1, 2], left=5)); t(lambda: np.interp(np.linspace(0, 1, 7), [0, 0.5, 1], [1, 0.25, 3]))
t(lambda: np.interp(0.3, [0, 1], [1j, 2])); t(lambda: np.interp([0.5, 1.5, 3], [0, 1, 2], [1 + 1j, 2, 3j], left=5j, right=-1))
x = [-180, -170, -185, 185, -10, -5, 0, 365]; xp = [190, -190, 350, -350]; fp = [5, 10, 3, 4]
t(lambda: np.interp(x, xp, fp, period=360)); t(lambda: np.interp(1, [0, 1], [2, 3], period=0)); t(lambda: np.interp([0.5, 7.25], [0, 1, 2], [1, 2, 0], period=-3))
