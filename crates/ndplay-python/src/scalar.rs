//! NumPy's scalar types: `np.float64(2.5)`, `np.int64(3)`, `np.True_`...
//!
//! NumPy's hierarchy, as Rust classes: `generic` holds the value (an engine
//! [`Scalar`]); `number`, `integer`, `signedinteger`, `unsignedinteger`, `inexact`,
//! `floating` and `complexfloating` are the abstract levels `isinstance` and
//! `np.issubdtype` test; the concrete types (`float64`, `int8`, `bool`...) are leaves.
//! Their operators are `generic`'s (see [`crate::ops`]): a NumPy scalar is strongly
//! typed, a Python number weakly (NEP 50), and `repr` is NumPy 2's (`np.float64(2.5)`).
//!
//! Differences from NumPy: `np.float64` and `np.complex128` are not subclasses of Python's
//! `float` and `complex` (they convert with `float(x)`, `complex(x)`, and take part in
//! arithmetic with them; `isinstance(x, float)` is false). Where the subclassing shows
//! in a result it is imitated: a Python complex on the left of `+ - * / **` with an
//! `np.float64` gives a Python complex, as Python's complex computes it. As in NumPy,
//! `np.float32([1, 2])` (a sequence) builds an array: the types' constructor slot is
//! wrapped for it (`sequences_make_arrays`).
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let x = ndplay_python::scalar::new_scalar(py, ndplay_core::Scalar::Float32(0.1))?;
//! assert_eq!(x.bind(py).repr()?.to_string(), "np.float32(0.1)");
//! # Ok(()) }
//! ```

use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use ndplay_core::{Array, Casting, DType, Scalar};
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pyclass_init::PyClassInitializer;
use pyo3::type_object::PyTypeInfo;
use pyo3::types::PyType;

use crate::convert::{dtype_arg, result, scalar_to_py, to_array};
use crate::errors::OrRaise;
use crate::ops;

/// `numpy.generic`: the base of every NumPy scalar type, holding the value.
#[pyclass(name = "generic", module = "numpy", subclass, frozen)]
pub struct Generic {
    v: Scalar,
}

impl Generic {
    /// The scalar's value.
    pub fn value(&self) -> &Scalar {
        &self.v
    }
}

macro_rules! abstract_level {
    ($rust:ident, $name:literal, $parent:ty) => {
        #[doc = concat!("`numpy.", $name, "`: an abstract level of the scalar hierarchy.")]
        #[pyclass(name = $name, module = "numpy", extends = $parent, subclass, frozen)]
        pub struct $rust;
    };
}

abstract_level!(Number, "number", Generic);
abstract_level!(Integer, "integer", Number);
abstract_level!(SignedInteger, "signedinteger", Integer);
abstract_level!(UnsignedInteger, "unsignedinteger", Integer);
abstract_level!(Inexact, "inexact", Number);
abstract_level!(Floating, "floating", Inexact);
abstract_level!(ComplexFloating, "complexfloating", Inexact);

/// The value a scalar type's constructor makes from its argument.
fn construct(dt: DType, value: Option<&Bound<'_, PyAny>>) -> PyResult<Scalar> {
    let py_name = dt.name();
    let Some(value) = value else {
        return Ok(Scalar::from_f64(dt, 0.0));
    };
    // A Python int must fit the type, as in NumPy 2: `np.int8(300)` is an
    // OverflowError, never a wrapped value.
    if let Some(p) = crate::convert::py_scalar(value)? {
        p.check_fits(dt).py(value.py())?;
    }
    let a = to_array(value, None)?;
    if a.ndim() != 0 {
        return Err(crate::errors::unsupported(format!(
            "numpy.{py_name}() of a sequence (which NumPy turns into an array); use \
             np.asarray(x, dtype=np.{py_name})"
        )));
    }
    let cast = a.astype(dt, Casting::Unsafe).py(value.py())?;
    cast.item().py(value.py())
}

macro_rules! concrete {
    ($rust:ident, $name:literal, $dt:expr, $parent:ty, [$($level:expr),*]) => {
        #[doc = concat!("`numpy.", $name, "`.")]
        #[pyclass(name = $name, module = "numpy", extends = $parent, frozen)]
        pub struct $rust;

        #[pymethods]
        impl $rust {
            #[new]
            #[pyo3(signature = (value = None))]
            fn py_new(value: Option<&Bound<'_, PyAny>>) -> PyResult<PyClassInitializer<Self>> {
                let v = construct($dt, value)?;
                Ok(PyClassInitializer::from(Generic { v })$(.add_subclass($level))*.add_subclass($rust))
            }
        }

        impl $rust {
            fn make(py: Python<'_>, v: Scalar) -> PyResult<Py<PyAny>> {
                let init = PyClassInitializer::from(Generic { v })$(.add_subclass($level))*.add_subclass($rust);
                Ok(Py::new(py, init)?.into_any())
            }
        }
    };
}

concrete!(Bool, "bool", DType::Bool, Generic, []);
concrete!(
    Int8,
    "int8",
    DType::Int8,
    SignedInteger,
    [Number, Integer, SignedInteger]
);
concrete!(
    Int16,
    "int16",
    DType::Int16,
    SignedInteger,
    [Number, Integer, SignedInteger]
);
concrete!(
    Int32,
    "int32",
    DType::Int32,
    SignedInteger,
    [Number, Integer, SignedInteger]
);
concrete!(
    Int64,
    "int64",
    DType::Int64,
    SignedInteger,
    [Number, Integer, SignedInteger]
);
concrete!(
    UInt8,
    "uint8",
    DType::UInt8,
    UnsignedInteger,
    [Number, Integer, UnsignedInteger]
);
concrete!(
    UInt16,
    "uint16",
    DType::UInt16,
    UnsignedInteger,
    [Number, Integer, UnsignedInteger]
);
concrete!(
    UInt32,
    "uint32",
    DType::UInt32,
    UnsignedInteger,
    [Number, Integer, UnsignedInteger]
);
concrete!(
    UInt64,
    "uint64",
    DType::UInt64,
    UnsignedInteger,
    [Number, Integer, UnsignedInteger]
);
concrete!(
    Float16,
    "float16",
    DType::Float16,
    Floating,
    [Number, Inexact, Floating]
);
concrete!(
    Float32,
    "float32",
    DType::Float32,
    Floating,
    [Number, Inexact, Floating]
);
concrete!(
    Float64,
    "float64",
    DType::Float64,
    Floating,
    [Number, Inexact, Floating]
);
concrete!(
    Complex64,
    "complex64",
    DType::Complex64,
    ComplexFloating,
    [Number, Inexact, ComplexFloating]
);
concrete!(
    Complex128,
    "complex128",
    DType::Complex128,
    ComplexFloating,
    [Number, Inexact, ComplexFloating]
);
concrete!(Str, "str_", DType::Str(0), Generic, []);

/// A NumPy scalar object of the value's type.
pub fn new_scalar(py: Python<'_>, v: Scalar) -> PyResult<Py<PyAny>> {
    match v.dtype() {
        DType::Bool => Bool::make(py, v),
        DType::Int8 => Int8::make(py, v),
        DType::Int16 => Int16::make(py, v),
        DType::Int32 => Int32::make(py, v),
        DType::Int64 => Int64::make(py, v),
        DType::UInt8 => UInt8::make(py, v),
        DType::UInt16 => UInt16::make(py, v),
        DType::UInt32 => UInt32::make(py, v),
        DType::UInt64 => UInt64::make(py, v),
        DType::Float16 => Float16::make(py, v),
        DType::Float32 => Float32::make(py, v),
        DType::Float64 => Float64::make(py, v),
        DType::Complex64 => Complex64::make(py, v),
        DType::Complex128 => Complex128::make(py, v),
        DType::Str(_) => Str::make(py, v),
        DType::Record(_) => unreachable!("a Scalar is never a record"),
        DType::Object => unreachable!("a Scalar is never a Python object"),
    }
}

/// `np.float64`'s type object, cached as a pointer for the exact-type test of the
/// scalar loops' fast paths (looking the type object up costs more than the test).
static FLOAT64_TYPE: std::sync::atomic::AtomicPtr<pyo3::ffi::PyTypeObject> =
    std::sync::atomic::AtomicPtr::new(std::ptr::null_mut());

/// The value of an exact `np.float64` (not a subclass, not another scalar type).
#[allow(unsafe_code)]
pub fn exact_f64(obj: &Bound<'_, PyAny>) -> Option<f64> {
    use std::sync::atomic::Ordering;
    let mut t = FLOAT64_TYPE.load(Ordering::Relaxed);
    if t.is_null() {
        // The type object lives as long as the interpreter (a static PyO3 type).
        t = Float64::type_object(obj.py()).as_type_ptr();
        FLOAT64_TYPE.store(t, Ordering::Relaxed);
    }
    if obj.get_type_ptr() != t {
        return None;
    }
    // SAFETY: the object's exact type is np.float64, a subclass of `generic`, so its
    // layout holds a `Generic`.
    let g = unsafe { obj.cast_unchecked::<Generic>() };
    match g.get().value() {
        Scalar::Float64(v) => Some(*v),
        _ => None,
    }
}

/// The scalar type of a dtype (`dtype('float64').type`).
pub fn type_of_dtype(py: Python<'_>, dt: DType) -> PyResult<Bound<'_, PyType>> {
    Ok(match dt {
        DType::Bool => Bool::type_object(py),
        DType::Int8 => Int8::type_object(py),
        DType::Int16 => Int16::type_object(py),
        DType::Int32 => Int32::type_object(py),
        DType::Int64 => Int64::type_object(py),
        DType::UInt8 => UInt8::type_object(py),
        DType::UInt16 => UInt16::type_object(py),
        DType::UInt32 => UInt32::type_object(py),
        DType::UInt64 => UInt64::type_object(py),
        DType::Float16 => Float16::type_object(py),
        DType::Float32 => Float32::type_object(py),
        DType::Float64 => Float64::type_object(py),
        DType::Complex64 => Complex64::type_object(py),
        DType::Complex128 => Complex128::type_object(py),
        DType::Str(_) => Str::type_object(py),
        DType::Record(_) => crate::records::PyVoid::type_object(py),
        DType::Object => crate::numpy_module(py)?
            .getattr("object_")?
            .cast_into::<PyType>()?,
    })
}

/// The dtype a concrete scalar type stands for (`np.float32` → float32).
pub fn dtype_of_type(t: &Bound<'_, PyType>) -> Option<DType> {
    let py = t.py();
    ndplay_core::dtype::NUMERIC_DTYPES
        .into_iter()
        .chain([DType::Str(0), DType::Object])
        .find(|&d| type_of_dtype(py, d).is_ok_and(|ty| ty.is(t)))
}

/// The concrete types' own constructors (PyO3's `tp_new`), by type object, kept when
/// [`sequences_make_arrays`] puts [`scalar_or_array_new`] in their place.
static SCALAR_NEW: std::sync::Mutex<Vec<(usize, pyo3::ffi::newfunc)>> =
    std::sync::Mutex::new(Vec::new());

/// Makes `t(sequence)` build an array of `t`'s dtype, as NumPy's scalar types do
/// (`np.uint32([1, 2])` is `array([1, 2], dtype=uint32)`). A `#[new]` can only return
/// an instance of its class, so the type's constructor slot is wrapped instead.
#[allow(unsafe_code)]
fn sequences_make_arrays(t: &Bound<'_, PyType>) -> PyResult<()> {
    let tp = t.as_type_ptr();
    let mut saved = SCALAR_NEW
        .lock()
        .map_err(|_| PyValueError::new_err("scalar constructors poisoned"))?;
    if saved.iter().any(|&(k, _)| k == tp as usize) {
        return Ok(()); // already wrapped (the module is built once per interpreter)
    }
    // SAFETY: `tp` is a live heap type object created by PyO3 (not the limited API), and
    // the interpreter is attached; the slot is written before any instance is made
    // through it, and PyType_Modified drops cached lookups.
    unsafe {
        let Some(own) = (*tp).tp_new else {
            return Ok(());
        };
        saved.push((tp as usize, own));
        (*tp).tp_new = Some(scalar_or_array_new);
        pyo3::ffi::PyType_Modified(tp);
    }
    Ok(())
}

/// Direct number slots for `np.float64`'s `+ - * /`.
///
/// Lesson 002's loops (`s += a[i] * b[i]`) are mostly float64 scalar arithmetic, and
/// PyO3's generated slot costs more than the arithmetic: it enters a trampoline, tries
/// the left operand as the receiver of `__add__` (building and dropping an error when
/// it is a Python float), then tries `__radd__`. These slots answer the float64 case
/// first ([`crate::ops::fast_f64`], the same IEEE result and the same fall-back to the
/// engine for results that may carry a floating-point error) and hand everything else
/// to PyO3's slot, saved at install time. Measured: `x * y` of two `np.float64`
/// 56 -> 43 ns above the loop's own cost (NumPy 2.4: 28 ns).
#[allow(unsafe_code)]
mod float64_slots {
    use super::*;
    use crate::slots::{BinaryFunc, SavedSlot};
    use pyo3::ffi;
    use std::sync::atomic::{AtomicPtr, Ordering};

    /// PyO3's slots, in the order of [`OPS`].
    static PYO3_SLOTS: [SavedSlot; 4] = [const { SavedSlot::new() }; 4];
    const OPS: [BinaryOp; 4] = [
        BinaryOp::Add,
        BinaryOp::Subtract,
        BinaryOp::Multiply,
        BinaryOp::TrueDivide,
    ];

    /// Puts the four slots in `float64`'s number methods.
    pub(super) fn install(t: &Bound<'_, PyType>) {
        let tp = t.as_type_ptr();
        // SAFETY: `tp` is a live heap type object created by PyO3 (not the limited API)
        // with number methods of its own, and the interpreter is attached; the slots are
        // swapped before the module is handed to any code, and PyType_Modified drops
        // cached lookups.
        unsafe {
            let nm = (*tp).tp_as_number;
            if nm.is_null() {
                return;
            }
            let ours: [BinaryFunc; 4] = [add, subtract, multiply, true_divide];
            let fields = [
                &mut (*nm).nb_add,
                &mut (*nm).nb_subtract,
                &mut (*nm).nb_multiply,
                &mut (*nm).nb_true_divide,
            ];
            for (k, field) in fields.into_iter().enumerate() {
                PYO3_SLOTS[k].swap_in(field, ours[k]);
            }
            install_freelist(tp);
            ffi::PyType_Modified(tp);
        }
    }

    /// Freed `np.float64` objects kept for reuse, as CPython keeps freed floats: every
    /// scalar operation in a loop makes one and drops one, and going through the
    /// allocator and the collector's bookkeeping each time costs more than the
    /// arithmetic. At most [`FREE_MAX`] blocks, shared by all threads; like CPython's
    /// own float free list it is guarded by the GIL, not by a lock of its own.
    const FREE_MAX: usize = 64;
    struct FreeList {
        blocks: std::cell::UnsafeCell<[usize; FREE_MAX]>,
        len: std::cell::Cell<usize>,
    }
    // SAFETY: the list is only touched from `alloc` and `free`, the type's tp_alloc and
    // tp_free, which CPython calls with the GIL held: one thread at a time.
    unsafe impl Sync for FreeList {}
    static FREE: FreeList = FreeList {
        blocks: std::cell::UnsafeCell::new([0; FREE_MAX]),
        len: std::cell::Cell::new(0),
    };
    /// The type the list serves (`float64`), and its own `tp_free` (the collector's
    /// `PyObject_GC_Del`) for blocks the list has no room for.
    static FREE_TYPE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(std::ptr::null_mut());
    static TYPE_FREE: AtomicPtr<std::ffi::c_void> = AtomicPtr::new(std::ptr::null_mut());

    /// Puts [`alloc`] and [`free`] in `float64`'s `tp_alloc` and `tp_free`.
    ///
    /// # Safety
    ///
    /// As for [`install`]'s slots; `float64` is final (not subclassable), so every
    /// block these slots see has the type's basic size.
    unsafe fn install_freelist(tp: *mut ffi::PyTypeObject) {
        // SAFETY: see the function's contract.
        unsafe {
            let Some(own_free) = (*tp).tp_free else {
                return;
            };
            if own_free as *const () == free as *const () || (*tp).tp_itemsize != 0 {
                return;
            }
            TYPE_FREE.store(own_free as *mut std::ffi::c_void, Ordering::Release);
            FREE_TYPE.store(tp, Ordering::Release);
            (*tp).tp_alloc = Some(alloc);
            (*tp).tp_free = Some(free);
        }
    }

    /// `tp_alloc`: a block from the list, made a fresh tracked object exactly as
    /// `PyType_GenericAlloc` would (zeroed, type and first reference set, tracked by
    /// the collector), else `PyType_GenericAlloc` itself.
    unsafe extern "C" fn alloc(
        tp: *mut ffi::PyTypeObject,
        nitems: ffi::Py_ssize_t,
    ) -> *mut ffi::PyObject {
        let n = FREE.len.get();
        if n == 0 || nitems != 0 || tp != FREE_TYPE.load(Ordering::Relaxed) {
            // SAFETY: the default allocation, as without this slot.
            return unsafe { ffi::PyType_GenericAlloc(tp, nitems) };
        }
        // SAFETY: CPython calls tp_alloc holding the GIL (see `FreeList`). A listed
        // block was an object of this very type (same basic size), freed by `free`
        // after PyO3's dealloc untracked it and dropped its contents; nothing refers
        // to it any more.
        unsafe {
            let obj = (*FREE.blocks.get())[n - 1] as *mut ffi::PyObject;
            FREE.len.set(n - 1);
            std::ptr::write_bytes(obj.cast::<u8>(), 0, (*tp).tp_basicsize as usize);
            ffi::PyObject_Init(obj, tp);
            ffi::PyObject_GC_Track(obj.cast());
            obj
        }
    }

    /// `tp_free`: keeps the block when the list has room, else frees it.
    unsafe extern "C" fn free(block: *mut std::ffi::c_void) {
        let n = FREE.len.get();
        if n < FREE_MAX {
            // SAFETY: CPython calls tp_free holding the GIL (see `FreeList`).
            unsafe { (*FREE.blocks.get())[n] = block as usize };
            FREE.len.set(n + 1);
        } else {
            // SAFETY: as the type's own tp_free would be called.
            unsafe { release(block) };
        }
    }

    /// Frees a block through the type's own `tp_free`.
    unsafe fn release(block: *mut std::ffi::c_void) {
        let own = TYPE_FREE.load(Ordering::Acquire);
        // SAFETY: `own` was the type's tp_free (a `freefunc`), saved at install.
        unsafe {
            if own.is_null() {
                ffi::PyObject_GC_Del(block);
            } else {
                let own: ffi::freefunc = std::mem::transmute(own);
                own(block);
            }
        }
    }

    macro_rules! slot {
        ($name:ident, $k:literal) => {
            unsafe extern "C" fn $name(
                x: *mut ffi::PyObject,
                y: *mut ffi::PyObject,
            ) -> *mut ffi::PyObject {
                // SAFETY: CPython calls this number slot with its two operands.
                unsafe {
                    PYO3_SLOTS[$k].answer("float64 arithmetic", x, y, |py, x, y| {
                        crate::ops::fast_f64(py, OPS[$k], x, y)
                    })
                }
            }
        };
    }
    slot!(add, 0);
    slot!(subtract, 1);
    slot!(multiply, 2);
    slot!(true_divide, 3);
}

/// `tp_new` of the concrete scalar types: one positional argument that is an array or
/// a (nested) sequence gives `np.array(value, dtype=t)`; anything else goes to the
/// type's own constructor.
#[allow(unsafe_code)]
unsafe extern "C" fn scalar_or_array_new(
    subtype: *mut pyo3::ffi::PyTypeObject,
    args: *mut pyo3::ffi::PyObject,
    kwds: *mut pyo3::ffi::PyObject,
) -> *mut pyo3::ffi::PyObject {
    // SAFETY: CPython calls tp_new with the interpreter attached.
    let py = unsafe { Python::assume_attached() };
    let own = SCALAR_NEW.lock().ok().and_then(|saved| {
        saved
            .iter()
            .find(|&&(k, _)| k == subtype as usize)
            .map(|&(_, f)| f)
    });
    let Some(own) = own else {
        PyTypeError::new_err("numpy scalar type without its constructor").restore(py);
        return std::ptr::null_mut();
    };
    let array_of = || -> PyResult<Option<Py<PyAny>>> {
        if !kwds.is_null() || args.is_null() {
            return Ok(None);
        }
        // SAFETY: `args` is the call's argument tuple, borrowed for the call.
        let args = unsafe { Bound::from_borrowed_ptr(py, args) };
        let args = args.cast::<pyo3::types::PyTuple>()?;
        if args.len() != 1 {
            return Ok(None);
        }
        let value = args.get_item(0)?;
        let is_sequence = value.is_instance_of::<pyo3::types::PyList>()
            || value.is_instance_of::<pyo3::types::PyTuple>()
            || value
                .cast::<crate::array::PyNdarray>()
                .is_ok_and(|a| a.try_borrow().is_ok_and(|a| a.a.ndim() > 0));
        if !is_sequence {
            return Ok(None);
        }
        // SAFETY: `subtype` is the type being called, alive for the call.
        let t = unsafe { Bound::from_borrowed_ptr(py, subtype.cast::<pyo3::ffi::PyObject>()) };
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("dtype", t)?;
        let np = crate::numpy_module(py)?;
        Ok(Some(
            np.getattr("array")?.call((value,), Some(&kwargs))?.unbind(),
        ))
    };
    match array_of() {
        Ok(Some(a)) => a.into_ptr(),
        // SAFETY: the type's own constructor, called as CPython would have called it.
        Ok(None) => unsafe { own(subtype, args, kwds) },
        Err(e) => {
            e.restore(py);
            std::ptr::null_mut()
        }
    }
}

/// Adds the scalar types (and NumPy's aliases for them) to a module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Generic>()?;
    m.add_class::<Number>()?;
    m.add_class::<Integer>()?;
    m.add_class::<SignedInteger>()?;
    m.add_class::<UnsignedInteger>()?;
    m.add_class::<Inexact>()?;
    m.add_class::<Floating>()?;
    m.add_class::<ComplexFloating>()?;
    let py = m.py();
    let aliases: [(&str, Bound<'_, PyType>); 31] = [
        ("bool", Bool::type_object(py)),
        ("bool_", Bool::type_object(py)),
        ("int8", Int8::type_object(py)),
        ("byte", Int8::type_object(py)),
        ("int16", Int16::type_object(py)),
        ("short", Int16::type_object(py)),
        ("int32", Int32::type_object(py)),
        ("intc", Int32::type_object(py)),
        ("int64", Int64::type_object(py)),
        ("int_", Int64::type_object(py)),
        ("intp", Int64::type_object(py)),
        ("long", Int64::type_object(py)),
        ("uint8", UInt8::type_object(py)),
        ("ubyte", UInt8::type_object(py)),
        ("uint16", UInt16::type_object(py)),
        ("ushort", UInt16::type_object(py)),
        ("uint32", UInt32::type_object(py)),
        ("uintc", UInt32::type_object(py)),
        ("uint64", UInt64::type_object(py)),
        ("uint", UInt64::type_object(py)),
        ("uintp", UInt64::type_object(py)),
        ("float16", Float16::type_object(py)),
        ("half", Float16::type_object(py)),
        ("float32", Float32::type_object(py)),
        ("single", Float32::type_object(py)),
        ("float64", Float64::type_object(py)),
        ("double", Float64::type_object(py)),
        ("complex64", Complex64::type_object(py)),
        ("csingle", Complex64::type_object(py)),
        ("complex128", Complex128::type_object(py)),
        ("cdouble", Complex128::type_object(py)),
    ];
    for (name, t) in aliases {
        m.add(name, t)?;
    }
    m.add("str_", Str::type_object(py))?;
    for dt in ndplay_core::dtype::NUMERIC_DTYPES {
        sequences_make_arrays(&type_of_dtype(py, dt)?)?;
    }
    float64_slots::install(&Float64::type_object(py));
    m.add("True_", new_scalar(py, Scalar::Bool(true))?)?;
    m.add("False_", new_scalar(py, Scalar::Bool(false))?)?;
    Ok(())
}

/// The Python `complex` method for `op`, where `complex op float` is Python arithmetic.
fn python_complex_dunder(op: BinaryOp) -> Option<&'static str> {
    Some(match op {
        BinaryOp::Add => "__add__",
        BinaryOp::Subtract => "__sub__",
        BinaryOp::Multiply => "__mul__",
        BinaryOp::TrueDivide => "__truediv__",
        BinaryOp::Power => "__pow__",
        _ => return None,
    })
}

fn bin(
    slf: &Bound<'_, Generic>,
    other: &Bound<'_, PyAny>,
    op: BinaryOp,
    reflected: bool,
) -> PyResult<Py<PyAny>> {
    let py = slf.py();
    if reflected
        && let Scalar::Float64(v) = slf.get().v
        && other.is_exact_instance_of::<pyo3::types::PyComplex>()
        && let Some(dunder) = python_complex_dunder(op)
    {
        // NumPy's float64 is a subclass of Python's float, so Python's complex answers
        // `(1+2j) * np.float64(2.0)` itself, with a Python complex: do as it does.
        return Ok(other
            .call_method1(dunder, (pyo3::types::PyFloat::new(py, v),))?
            .unbind());
    }
    if reflected {
        ops::binary(py, op, other, slf.as_any())
    } else {
        ops::binary(py, op, slf.as_any(), other)
    }
}

#[pymethods]
impl Generic {
    fn __repr__(&self) -> String {
        self.v.repr()
    }

    fn __str__(&self) -> String {
        self.v.to_str()
    }

    fn __format__(slf: &Bound<'_, Self>, spec: &str) -> PyResult<String> {
        if spec.is_empty() {
            return Ok(slf.get().v.to_str());
        }
        let item = scalar_to_py(slf.py(), &slf.get().v)?;
        item.call_method1("__format__", (spec,))?.extract()
    }

    fn __hash__(slf: &Bound<'_, Self>) -> PyResult<isize> {
        scalar_to_py(slf.py(), &slf.get().v)?.hash()
    }

    fn __bool__(&self) -> bool {
        self.v.is_truthy()
    }

    fn __float__(slf: &Bound<'_, Self>) -> PyResult<f64> {
        match &slf.get().v {
            Scalar::Complex64(_) | Scalar::Complex128(_) => Err(PyTypeError::new_err(
                "float() argument must be a string or a real number, not 'complex'",
            )),
            Scalar::Str(s) => s.trim().parse::<f64>().map_err(|_| {
                PyValueError::new_err(format!("could not convert string to float: '{s}'"))
            }),
            v => Ok(v.as_f64()),
        }
    }

    fn __int__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let item = scalar_to_py(slf.py(), &slf.get().v)?;
        Ok(slf
            .py()
            .get_type::<pyo3::types::PyInt>()
            .call1((item,))?
            .unbind())
    }

    fn __complex__(slf: &Bound<'_, Self>) -> PyResult<num_complex::Complex64> {
        Ok(match &slf.get().v {
            Scalar::Complex64(c) => num_complex::Complex64::new(f64::from(c.re), f64::from(c.im)),
            Scalar::Complex128(c) => num_complex::Complex64::new(c.re, c.im),
            v => num_complex::Complex64::new(v.as_f64(), 0.0),
        })
    }

    fn __index__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let v = &slf.get().v;
        if v.dtype().is_integer() {
            return Ok(scalar_to_py(slf.py(), v)?.unbind());
        }
        Err(PyTypeError::new_err(format!(
            "'numpy.{}' object cannot be interpreted as an integer",
            v.dtype().name()
        )))
    }

    #[pyo3(signature = (ndigits = None))]
    fn __round__(slf: &Bound<'_, Self>, ndigits: Option<i32>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = Array::from_scalar(&slf.get().v);
        match ndigits {
            // round(np.float64(x)) is a Python int, as for a float.
            None => {
                let r = a.round(0).py(py)?;
                let item = scalar_to_py(py, &r.item().py(py)?)?;
                Ok(py.get_type::<pyo3::types::PyInt>().call1((item,))?.unbind())
            }
            Some(d) => result(py, a.round(d).py(py)?),
        }
    }

    fn __richcmp__(
        slf: &Bound<'_, Self>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        ops::richcmp(slf.py(), slf.as_any(), other, op)
    }

    fn __add__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Add, false)
    }
    fn __radd__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Add, true)
    }
    fn __sub__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Subtract, false)
    }
    fn __rsub__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Subtract, true)
    }
    fn __mul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Multiply, false)
    }
    fn __rmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Multiply, true)
    }
    fn __truediv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::TrueDivide, false)
    }
    fn __rtruediv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::TrueDivide, true)
    }
    fn __floordiv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::FloorDivide, false)
    }
    fn __rfloordiv__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::FloorDivide, true)
    }
    fn __mod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Remainder, false)
    }
    fn __rmod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::Remainder, true)
    }
    fn __and__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseAnd, false)
    }
    fn __rand__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseAnd, true)
    }
    fn __or__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseOr, false)
    }
    fn __ror__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseOr, true)
    }
    fn __xor__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseXor, false)
    }
    fn __rxor__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::BitwiseXor, true)
    }
    fn __lshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::LeftShift, false)
    }
    fn __rlshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::LeftShift, true)
    }
    fn __rshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::RightShift, false)
    }
    fn __rrshift__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        bin(slf, o, BinaryOp::RightShift, true)
    }

    fn __pow__(
        slf: &Bound<'_, Self>,
        o: &Bound<'_, PyAny>,
        modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return Err(crate::errors::unsupported(
                "pow() with a modulus".to_string(),
            ));
        }
        bin(slf, o, BinaryOp::Power, false)
    }

    fn __rpow__(
        slf: &Bound<'_, Self>,
        o: &Bound<'_, PyAny>,
        modulo: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if modulo.is_some_and(|m| !m.is_none()) {
            return Err(crate::errors::unsupported(
                "pow() with a modulus".to_string(),
            ));
        }
        bin(slf, o, BinaryOp::Power, true)
    }

    fn __divmod__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        Ok((
            bin(slf, o, BinaryOp::FloorDivide, false)?,
            bin(slf, o, BinaryOp::Remainder, false)?,
        ))
    }

    fn __matmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        ops::matmul(slf.py(), slf.as_any(), o)
    }
    fn __rmatmul__(slf: &Bound<'_, Self>, o: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        ops::matmul(slf.py(), o, slf.as_any())
    }

    fn __neg__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::scalar_unary(slf.py(), UnaryOp::Negative, slf.as_any())
    }
    fn __pos__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Positive, slf.as_any())
    }
    fn __abs__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::scalar_unary(slf.py(), UnaryOp::Absolute, slf.as_any())
    }
    fn __invert__(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        ops::unary(slf.py(), UnaryOp::Invert, slf.as_any())
    }

    /// The value as a Python scalar.
    #[pyo3(signature = (*args))]
    fn item(slf: &Bound<'_, Self>, args: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<Py<PyAny>> {
        if !args.is_empty() {
            return Err(crate::errors::unsupported(
                "numpy scalar .item() with arguments".to_string(),
            ));
        }
        Ok(scalar_to_py(slf.py(), &slf.get().v)?.unbind())
    }

    /// The value as a Python scalar (a 0-d `tolist`).
    fn tolist(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Ok(scalar_to_py(slf.py(), &slf.get().v)?.unbind())
    }

    #[getter]
    fn dtype(&self) -> crate::dtype::PyDType {
        crate::dtype::PyDType { dt: self.v.dtype() }
    }

    #[getter]
    fn shape<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyTuple> {
        pyo3::types::PyTuple::empty(py)
    }

    #[getter]
    fn ndim(&self) -> usize {
        0
    }

    #[getter]
    fn size(&self) -> usize {
        1
    }

    #[getter]
    fn itemsize(&self) -> usize {
        self.v.dtype().itemsize()
    }

    #[getter]
    fn nbytes(&self) -> usize {
        self.v.dtype().itemsize()
    }

    #[getter]
    fn strides<'py>(&self, py: Python<'py>) -> Bound<'py, pyo3::types::PyTuple> {
        pyo3::types::PyTuple::empty(py)
    }

    #[getter(T)]
    fn transpose_attr(slf: &Bound<'_, Self>) -> Py<Self> {
        slf.clone().unbind()
    }

    #[getter]
    fn base(&self) -> Option<Py<PyAny>> {
        None
    }

    #[getter]
    fn real(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match &slf.get().v {
            Scalar::Complex64(c) => new_scalar(py, Scalar::Float32(c.re)),
            Scalar::Complex128(c) => new_scalar(py, Scalar::Float64(c.re)),
            _ => Ok(slf.clone().into_any().unbind()),
        }
    }

    #[getter]
    fn imag(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match &slf.get().v {
            Scalar::Complex64(c) => new_scalar(py, Scalar::Float32(c.im)),
            Scalar::Complex128(c) => new_scalar(py, Scalar::Float64(c.im)),
            v => new_scalar(py, Scalar::from_f64(v.dtype(), 0.0)),
        }
    }

    /// A copy cast to another dtype.
    #[pyo3(signature = (dtype, order = "K", casting = "unsafe", subok = true, copy = true))]
    fn astype(
        slf: &Bound<'_, Self>,
        dtype: &Bound<'_, PyAny>,
        order: &str,
        casting: &str,
        subok: bool,
        copy: bool,
    ) -> PyResult<Py<PyAny>> {
        let _ = (order, subok, copy); // a scalar has one element and no memory to share
        let py = slf.py();
        let d = dtype_arg(Some(dtype))?.unwrap_or(DType::Float64);
        let casting = crate::array::casting_arg(casting)?;
        let a = Array::from_scalar(&slf.get().v).astype(d, casting).py(py)?;
        result(py, a)
    }

    /// `x.is_integer()` for floating scalars.
    fn is_integer(&self) -> PyResult<bool> {
        match &self.v {
            v if v.dtype().is_float() => Ok(v.as_f64().fract() == 0.0),
            v if v.dtype().is_integer() => Ok(true),
            v => Err(PyTypeError::new_err(format!(
                "'numpy.{}' object has no attribute 'is_integer'",
                v.dtype().name()
            ))),
        }
    }

    fn conjugate(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        match &slf.get().v {
            Scalar::Complex64(c) => new_scalar(py, Scalar::Complex64(c.conj())),
            Scalar::Complex128(c) => new_scalar(py, Scalar::Complex128(c.conj())),
            _ => Ok(slf.clone().into_any().unbind()),
        }
    }

    fn conj(slf: &Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        Self::conjugate(slf)
    }

    fn __getitem__(slf: &Bound<'_, Self>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let a = crate::array::PyNdarray::new(Array::from_scalar(&slf.get().v));
        crate::array::getitem(py, &a.a, key, None)
    }

    fn __copy__(slf: &Bound<'_, Self>) -> Py<Self> {
        slf.clone().unbind()
    }

    fn __deepcopy__(slf: &Bound<'_, Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf.clone().unbind()
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<(Py<PyAny>, (Py<PyAny>,))> {
        let py = slf.py();
        let ty = type_of_dtype(py, slf.get().v.dtype())?;
        Ok((
            ty.into_any().unbind(),
            (scalar_to_py(py, &slf.get().v)?.unbind(),),
        ))
    }

    /// Every `ndarray` method a scalar lacks (`x.sum()`, `x.std()`, `x.clip(0, 1)`,
    /// `x.reshape(1)`...) is its 0-d array's, as in NumPy; a 0-d result is a scalar again.
    /// Called only when normal lookup fails; dunder names are never forwarded (Python
    /// looks special methods up on the type, and `hasattr(x, '__len__')` must stay false).
    fn __getattr__(slf: &Bound<'_, Self>, name: &str) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let kind = slf.get_type().name()?;
        let missing = || {
            pyo3::exceptions::PyAttributeError::new_err(format!(
                "'numpy.{kind}' object has no attribute '{name}'"
            ))
        };
        if name.starts_with("__") {
            return Err(missing());
        }
        let a = Py::new(
            py,
            crate::array::PyNdarray::new(Array::from_scalar(&slf.get().v)),
        )?;
        let attr = a.bind(py).getattr(name)?;
        if !attr.is_callable() {
            return Ok(attr.unbind());
        }
        Ok(Py::new(
            py,
            ScalarMethod {
                method: attr.unbind(),
                name: name.to_string(),
            },
        )?
        .into_any())
    }
}

/// A scalar's forwarded `ndarray` method: calls it on the 0-d array and turns a 0-d
/// array result back into a scalar.
#[pyclass(name = "scalar_method", module = "numpy", frozen)]
pub struct ScalarMethod {
    method: Py<PyAny>,
    name: String,
}

#[pymethods]
impl ScalarMethod {
    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, pyo3::types::PyTuple>,
        kwargs: Option<&Bound<'_, pyo3::types::PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let r = self.method.bind(py).call(args, kwargs)?;
        // A 0-d array result becomes a scalar again (`reshape` keeps what it made).
        if self.name != "reshape"
            && r.cast::<crate::array::PyNdarray>().is_ok()
            && let Some(arr) = crate::convert::array_of(&r)
            && arr.ndim() == 0
        {
            return result(py, arr);
        }
        Ok(r.unbind())
    }

    fn __repr__(&self) -> String {
        format!("<built-in method {} of numpy scalar>", self.name)
    }
}
