# np.bincount, np.isin (equality after promotion, NaN in no set, -0.0 == 0.0, exact past
# 2**53), np.intersect1d, np.union1d, np.setdiff1d: NumPy prints.
import numpy as np
import warnings
warnings.simplefilter("ignore")  # bincount of floats warns (stderr, not compared)
def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, str(e).splitlines()[0])
for e in ['np.bincount([0,1,-1])','np.bincount([[0,1]])','np.bincount(3)','np.bincount([0.5, 2.7])','np.bincount([], minlength=3)','np.bincount([0,2], weights=[0.5, 1], minlength=4)','np.bincount(np.array([1,2], dtype=np.uint8))','np.bincount([1], minlength=-1)','np.bincount([0,1], weights=[1,2,3])','np.bincount(np.array([True, False]))','np.bincount([0,1], weights=np.array([1,2],dtype=np.int32))','np.bincount(np.arange(5))','np.bincount(np.array([0, 1, 1, 3, 2, 1, 7, 23]))',
 'np.isin([1,2,3],[2,2.0])','np.isin(np.array([[1,2],[3,4]]),[4,1], invert=True)','np.isin([np.nan],[np.nan])','np.isin(5, [5])','np.isin(["a","b"], ["b"])','np.isin(["a"], [1])','np.isin([1,2], [2], kind="table")','np.isin([1.5], [2], kind="table")','np.isin([0.0], [-0.0])','np.isin(np.array([2**53+1]), np.array([2**53]))',
 'np.intersect1d([1,1,2],[1], assume_unique=True)','np.intersect1d([3,1],[1,3], assume_unique=True)','np.union1d([-1,0,1],[-2,0,2.5])','np.union1d([[1,2],[3,4]], [0])','np.setdiff1d([1,2,3,2,4,1],[3,4,5,6])','np.setdiff1d([5,1,5,2],[1], assume_unique=True)','np.setdiff1d(np.array([1.0, np.nan]), [np.nan])']:
    show(e, lambda: eval(e))
