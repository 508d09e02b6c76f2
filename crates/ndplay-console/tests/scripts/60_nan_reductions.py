# The nan* reductions: NaNs left out, all-NaN slices (0 for a sum, 1 for a product, NaN
# otherwise), integer arrays (no NaN), float32, keepdims, where=, initial=, ddof.
import warnings

import numpy as np

warnings.simplefilter("ignore")  # the RuntimeWarnings go to stderr, which is not compared


def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, str(e).splitlines()[0])


a = np.array([[1, np.nan], [3, 4]])
all_nan = np.array([[np.nan, np.nan], [1.0, 2.0]])
for f in [np.nansum, np.nanprod, np.nanmean, np.nanvar, np.nanstd, np.nanmax, np.nanmin]:
    name = f.__name__
    show(f"{name}", lambda: f(a))
    show(f"{name} axis 0", lambda: f(a, axis=0))
    show(f"{name} axis 1 keepdims", lambda: f(a, axis=1, keepdims=True))
    show(f"{name} all-NaN row", lambda: f(all_nan, axis=1))
    show(f"{name} ints", lambda: f(np.array([1, 2, 3])))
    show(f"{name} float32", lambda: f(a.astype(np.float32)))
    show(f"{name} empty", lambda: f(np.zeros((0, 2)), axis=0))
show("nansum where", lambda: np.nansum(a, where=[[True, False], [False, True]]))
show("nanmean where", lambda: np.nanmean(a, where=[[True, True], [False, True]]))
show("nanvar ddof", lambda: np.nanvar(a, ddof=1))
show("nanstd correction", lambda: np.nanstd(a, axis=0, correction=1))
show("nansum initial", lambda: np.nansum(a, initial=10))
show("nanmax ints initial", lambda: np.nanmax(np.array([1, 5]), initial=9))
show("nansum of nothing", lambda: np.nansum([]))
show("nanmean of NaN", lambda: np.nanmean(np.array([np.nan])))
show("nanmax with -inf", lambda: np.nanmax(np.array([np.nan, -np.inf])))
show("nanmin inf", lambda: np.nanmin(np.array([np.inf, np.nan])))
