# np.set_printoptions in full: floatmode (fixed, unique, maxprec, maxprec_equal) with
# precision, sign ('+', ' '), nanstr/infstr, legacy ('1.21', '1.25', '2.1', '2.2'), its
# errors, np.printoptions: NumPy prints.
import numpy as np
vals = [np.array([1.5, 2.25, -0.125]), np.array([1.5, 2.25]), np.array([0.1234567891234, 1.0]), np.array([1e-5, 2.5e3]), np.array([np.nan, np.inf, -np.inf, 1.0]),
        np.array([1.0, 2.0]), np.array([0., 1/3]), np.array([1e10, 1]), np.array([np.nan, 1.5]), np.array(2.5), np.array(-2.5), np.array([1+2j, -3.5-1j]),
        np.float32([0.1, 1/3]), np.array([np.inf]), np.array([1e-5, np.nan]), np.array([[1.5, np.nan], [-np.inf, 2]]), np.float16([1000., 2.]), np.float32([1e7, 1.]), np.array([3.0]),
        np.float64(3.0), np.float64(-0.5), np.float32(0.1), np.int64(3), np.True_, np.complex128(1+2j), np.float64(np.nan), np.float64(np.inf), np.float64(1e20), np.uint8(7), np.str_('a'), np.arange(2000.)]
def run(**kw):
    np.set_printoptions(**kw)
    print(kw)
    for v in vals:
        print(repr(v)); print(str(v))
    np.set_printoptions(**{k: None for k in kw}) if False else np.set_printoptions(precision=8, floatmode='maxprec', sign='-', nanstr='nan', infstr='inf', legacy=False, suppress=False)
run(floatmode='fixed')
run(floatmode='unique')
run(floatmode='maxprec_equal')
run(floatmode='fixed', precision=3)
run(floatmode='maxprec_equal', precision=3)
run(floatmode='unique', precision=2)
run(sign='+')
run(sign=' ')
run(nanstr='NaN', infstr='Inf')
run(nanstr='missing', infstr='∞', sign='+')
run(legacy='1.25')
run(legacy='2.1')
run(legacy='2.2')
run(legacy='1.21')
run(floatmode='fixed', suppress=True, precision=2)
print(np.get_printoptions())
for bad in [dict(floatmode='x'), dict(sign='x'), dict(precision=1.5), dict(threshold=float('nan')), dict(threshold='5')]:
    try:
        np.set_printoptions(**bad); print(bad, np.get_printoptions()['legacy'])
    except Exception as e:
        print(bad, type(e).__name__, e)
with np.printoptions(floatmode='fixed', precision=2, sign='+', nanstr='NA'):
    print(np.array([1.0, np.nan, -2.5]), np.get_printoptions()['floatmode'], np.get_printoptions()['sign'])
print(np.array([1.0, np.nan, -2.5]), np.get_printoptions()['floatmode'], np.get_printoptions()['legacy'])
np.set_printoptions(legacy='1.25')
print(np.get_printoptions()['legacy'], repr(np.float32(2.5)), repr(np.str_('x')), repr(np.False_), [np.int8(3), np.float64(0.5)])
np.set_printoptions(legacy=False)
print(repr(np.float32(2.5)))
