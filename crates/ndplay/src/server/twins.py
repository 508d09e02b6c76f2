# The Loop-vs-fast panel's timing harness (see twins.rs). It runs in a namespace of its
# own in the tab's console worker, with `arr` bound to the tab's current tensor, and
# ends with `print(MARK + json)`. The code it times is exactly the code the panel
# shows: the setup (with the number of rows or columns it settled on), the loop and the
# fast call, each compiled once and run by `exec` in this namespace.
import json as _json
import time as _time

import numpy as np


def _ndplay_twins(spec):
    g = globals()
    clock = _time.perf_counter
    loop = compile(spec["loop"], "<loop>", "exec")
    fast = compile(spec["fast"], "<fast>", "exec")

    def setup(m):
        src = spec["setup"] if m >= spec["full"] else spec["setup_cut"].replace("{m}", str(m))
        exec(compile(src, "<setup>", "exec"), g)
        return src

    def timed(code):
        t0 = clock()
        exec(code, g)
        return clock() - t0

    # How much of the cut axis fits the loop's budget: time the loop on a few rows (or
    # columns), double while it is quick, then extrapolate by the loop's growth (linear
    # or quadratic in that axis).
    limit = min(spec["full"], spec["cap"])
    target = spec["loop_budget_s"]
    m = min(limit, spec["start"])
    while True:
        setup(m)
        t = timed(loop)
        if m >= limit:
            break
        if t >= target / 4:
            grow = (target / t) ** (1.0 / spec["power"]) if t > 0 else 2.0
            m = min(limit, max(m, int(m * grow)))
            break
        m = min(limit, m * 2)

    src = setup(m)
    loop_times = []
    spent = 0.0
    while not loop_times or (spent < target and len(loop_times) < spec["max_loop_runs"]):
        t = timed(loop)
        loop_times.append(t)
        spent += t
    fast_times = []
    spent = 0.0
    while len(fast_times) < spec["min_fast_runs"] or (
            spent < spec["fast_budget_s"] and len(fast_times) < spec["max_fast_runs"]):
        t = timed(fast)
        fast_times.append(t)
        spent += t

    slow = np.asarray(g[spec["loop_result"]], dtype=np.float64)
    quick = np.asarray(g[spec["fast_result"]], dtype=np.float64)
    report = {
        "setup": src,
        "used": m,
        "input_shape": list(g["X"].shape),
        "loop_s": loop_times,
        "fast_s": fast_times,
        "result_shape": list(quick.shape),
        "result_repr": repr(g[spec["fast_result"]]),
        "clock_resolution_s": _time.get_clock_info("perf_counter").resolution,
    }
    report.update(_compare(slow, quick, spec["rtol"], spec["atol"]))
    return report


def _compare(slow, quick, rtol, atol):
    """Largest |loop - fast| where both are finite, and the places where only one is
    NaN or infinite (or both infinite with different signs)."""
    if slow.shape != quick.shape:
        return {"agree": False, "max_abs_diff": None, "nonfinite_mismatches": 0,
                "shape_mismatch": [list(slow.shape), list(quick.shape)]}
    finite = np.isfinite(slow) & np.isfinite(quick)
    same = (slow == quick) | (np.isnan(slow) & np.isnan(quick))
    mismatches = int((~finite & ~same).sum())
    a = np.where(finite, slow, 0.0)
    b = np.where(finite, quick, 0.0)
    diff = np.abs(a - b)
    worst = float(diff.max()) if diff.size else 0.0
    within = bool((diff <= atol + rtol * np.abs(b)).all())
    return {"agree": within and mismatches == 0, "max_abs_diff": worst,
            "nonfinite_mismatches": mismatches, "shape_mismatch": None}


def _ndplay_twins_main(text):
    g = globals()
    try:
        print(_ndplay_twins_mark + _json.dumps(_ndplay_twins(_json.loads(text))))
    finally:
        # Nothing of the run stays behind: the next run starts clean, and the results
        # (up to the size of arr) do not hold the worker's memory.
        for name in [k for k in g if not k.startswith("__")]:
            del g[name]
