//! Loud failure modes from Python: the engine's diagnostics handed to a hook that places
//! them in the caller's code.
//!
//! Every engine call of the module passes its result through
//! [`OrRaise::py`](crate::errors::OrRaise), which calls [`report`]: it takes what the
//! call diagnosed ([`ndplay_core::diagnostics::take`]) and, unless a composite function
//! is running ([`quietly`]), calls the hook installed with [`set_hook`] once per finding
//! as `hook(kind, op, operands, message, fix)`, `operands` a list of `(shape, dtype)`.
//! The console's hook reads the caller's frame (line, column range of the instruction
//! being executed) and renders the warning under the line. Without a hook (or with
//! diagnostics `off`, the library default) nothing happens.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) {
//! // Internal steps of a composite function are not the caller's bugs:
//! let n = ndplay_python::diagnostics::quietly(|| 1 + 1);
//! assert_eq!(n, 2);
//! # }
//! ```

use std::cell::Cell;
use std::sync::Mutex;

use pyo3::prelude::*;

static HOOK: Mutex<Option<Py<PyAny>>> = Mutex::new(None);

thread_local! {
    /// How many composite functions are running on this thread.
    static QUIET: Cell<usize> = const { Cell::new(0) };
}

/// Installs (or, with `None`, removes) the process-wide diagnostics hook.
pub fn set_hook(hook: Option<Py<PyAny>>) {
    if let Ok(mut h) = HOOK.lock() {
        *h = hook;
    }
}

/// Runs `f` with reporting off: what its engine calls diagnose is dropped. For functions
/// built from several engine operations (`np.median`, `np.diag`), whose internal steps
/// are deliberate.
pub fn quietly<T>(f: impl FnOnce() -> T) -> T {
    QUIET.with(|q| q.set(q.get() + 1));
    let out = f();
    QUIET.with(|q| q.set(q.get().saturating_sub(1)));
    if QUIET.with(Cell::get) == 0 {
        drop(ndplay_core::diagnostics::take());
    }
    out
}

/// Reports what the last engine calls diagnosed to the hook. Cheap when diagnostics
/// are off or nothing was found.
pub fn report(py: Python<'_>) {
    if !ndplay_core::diagnostics::enabled() || QUIET.with(Cell::get) > 0 {
        return;
    }
    let found = ndplay_core::diagnostics::take();
    if found.is_empty() {
        return;
    }
    let Some(hook) = HOOK
        .lock()
        .ok()
        .and_then(|h| h.as_ref().map(|h| h.clone_ref(py)))
    else {
        return;
    };
    for d in found {
        let operands: Vec<(Vec<usize>, String)> = d
            .operands
            .iter()
            .map(|(shape, dtype)| (shape.clone(), dtype.to_string()))
            .collect();
        let Ok(ops) = operands.into_pyobject(py) else {
            continue;
        };
        let args = (
            d.kind.name(),
            d.op.as_str(),
            ops,
            d.message.as_str(),
            d.fix.as_str(),
        );
        // A failing hook must not turn a correct result into an error: the diagnostic
        // is advice, the result is NumPy's.
        if let Err(e) = hook.call1(py, args) {
            e.write_unraisable(py, None);
        }
    }
}
