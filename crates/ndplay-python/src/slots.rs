//! Direct CPython slots in front of PyO3's, for the few operations a Python loop runs
//! once per iteration.
//!
//! PyO3 generates each type slot (`nb_add`, `mp_subscript`...) as a trampoline around
//! the `#[pymethods]` function; for `a[i]` or `x * y` in a loop that wrapper costs more
//! than the work. A `SavedSlot` puts a hand-written slot in the type object in front
//! of PyO3's and keeps PyO3's: the fast slot answers the common case and hands anything
//! else (other operand types, out-of-bounds indices, every error path) to PyO3's, so
//! behaviour and messages stay those of the `#[pymethods]` code. Users:
//! `scalar::float64_slots` (`np.float64`'s `+ - * /`) and `array::element_read_slot`
//! (`a[i]`, `A[i, j]`).
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let a = np.getattr("arange")?.call1((3.0,))?;
//! // Answered by the direct slot; `a[5]` would take PyO3's path and its IndexError.
//! assert_eq!(a.get_item(1)?.mul(2.5)?.repr()?.to_string(), "np.float64(2.5)");
//! # Ok(()) }
//! ```
#![allow(unsafe_code)]

use std::ffi::c_void;
use std::sync::atomic::{AtomicPtr, Ordering};

use pyo3::ffi;
use pyo3::prelude::*;

/// The C signature of a binary slot (`nb_add`, `mp_subscript`).
pub(crate) type BinaryFunc =
    unsafe extern "C" fn(*mut ffi::PyObject, *mut ffi::PyObject) -> *mut ffi::PyObject;

/// PyO3's slot, kept when a direct one replaced it in the type object.
pub(crate) struct SavedSlot(AtomicPtr<c_void>);

impl SavedSlot {
    pub(crate) const fn new() -> SavedSlot {
        SavedSlot(AtomicPtr::new(std::ptr::null_mut()))
    }

    /// Puts `ours` in `field`, keeping what was there. A field already holding `ours`
    /// (the module built a second time: the type objects are per process) is left alone.
    ///
    /// # Safety
    ///
    /// `field` is a slot of a live heap type object created by PyO3, the interpreter is
    /// attached, and no instance has been handed to Python code yet; the caller then
    /// calls `PyType_Modified` on the type.
    pub(crate) unsafe fn swap_in(&self, field: &mut Option<BinaryFunc>, ours: BinaryFunc) {
        let Some(theirs) = *field else { return };
        if theirs as usize == ours as usize {
            return;
        }
        self.0.store(theirs as *mut c_void, Ordering::Release);
        *field = Some(ours);
    }

    /// The body of a direct slot: `fast`'s answer when it has one, else PyO3's slot.
    /// A panic in `fast` becomes a `SystemError` naming `what`, never an abort.
    ///
    /// # Safety
    ///
    /// Called from a slot CPython invoked, with the slot's two operands.
    pub(crate) unsafe fn answer(
        &self,
        what: &str,
        x: *mut ffi::PyObject,
        y: *mut ffi::PyObject,
        fast: impl FnOnce(
            Python<'_>,
            &Bound<'_, PyAny>,
            &Bound<'_, PyAny>,
        ) -> Option<PyResult<Py<PyAny>>>,
    ) -> *mut ffi::PyObject {
        // SAFETY: CPython calls slots with the interpreter attached.
        let py = unsafe { Python::assume_attached() };
        let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // SAFETY: the operands are live and borrowed for the call; the borrows end
            // with it.
            let (xb, yb) = unsafe { (Borrowed::from_ptr(py, x), Borrowed::from_ptr(py, y)) };
            fast(py, &xb, &yb)
        }));
        let error = match answered {
            Ok(Some(Ok(r))) => return r.into_ptr(),
            Ok(Some(Err(e))) => e,
            Ok(None) => {
                let saved = self.0.load(Ordering::Acquire);
                if !saved.is_null() {
                    // SAFETY: `saved` was read from a binary slot of a type object (see
                    // `swap_in`) and has its signature; PyO3's code is never unloaded.
                    let theirs: BinaryFunc = unsafe { std::mem::transmute(saved) };
                    return unsafe { theirs(x, y) };
                }
                pyo3::exceptions::PySystemError::new_err(format!("ndplay: {what}: no slot"))
            }
            Err(_) => pyo3::exceptions::PySystemError::new_err(format!("ndplay: panic in {what}")),
        };
        error.restore(py);
        std::ptr::null_mut()
    }
}
