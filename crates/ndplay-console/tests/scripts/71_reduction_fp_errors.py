# Reductions report floating-point errors as NumPy's add.reduce/multiply.reduce do:
# "overflow encountered in reduce" / "accumulate" / "reduceat", inf - inf as invalid,
# nothing for NaNs passed along or for minimum/maximum: NumPy prints.
import warnings
import numpy as np
for e in ['np.sum([1e308, 1e308])', 'np.prod([1e200, 1e200])', 'np.mean([1e308, 1e308])', 'np.sum([np.inf, -np.inf])', 'np.sum([np.nan, 1.])', 'np.cumsum([1e308, 1e308])', 'np.cumprod([1e200, 1e200])', 'np.max([np.nan, 1.])', 'np.sum(np.float32([3e38, 3e38]))', 'np.sum(np.ones((2,2))*1e308, axis=0)', 'np.add.reduce([1e308, 1e308])', 'np.nansum([1e308, 1e308])', 'np.sum([1e-308, 1e-308])', 'np.prod([1e-200, 1e-200])', 'np.average([1e308, 1e308])', 'np.array([1e308, 1e308]).sum()', 'np.sum(np.array([1e308]*100000))', 'np.subtract.reduce([1e308, -1e308])','np.subtract.accumulate([1e308, -1e308])','np.add.reduceat([1e308, 1e308], [0])', 'np.sum(np.array([1e308]*300000).reshape(3, -1), axis=1)', 'np.sum(np.array([[1e308]*2]*200000), axis=0)', 'np.sum([1, 2**62, 2**62])', 'np.prod(np.arange(1, 30))', 'np.min([np.nan, 1.])', 'np.sum([np.nan, np.inf])', 'np.add.accumulate([1e308, 1e308])', 'np.sum([1e308, 1e308], where=[True, True])', 'np.sum([1e308, 1e308], initial=0.0)']:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        r = eval(e)
    print(e, '->', r, [(x.category.__name__, str(x.message)) for x in w])
with np.errstate(over='raise'):
    try:
        np.sum([1e308, 1e308])
    except FloatingPointError as err:
        print('raised', err)
