//! Floating-point errors of the element-wise ufuncs and of the sum and product
//! reductions (`sum`, `prod`, `cumsum`, `cumprod`), as NumPy detects them: from the
//! CPU's sticky exception flags (divide by zero, overflow, underflow, invalid), cleared
//! before a kernel and read after it. The kernels' worker threads hand their flags back
//! to the calling thread (see [`crate::iter::for_each_run`]). Integer
//! division by zero, which never reaches the CPU (the kernels return 0, as NumPy does),
//! is flagged by the ufunc as NumPy flags it.
//!
//! What a caller does with the errors (NumPy's `np.seterr`: ignore, warn, raise, print)
//! is not decided here: [`binary`](crate::ufunc::binary) and [`unary`](crate::ufunc::unary)
//! record them per thread, and [`take`] hands them over.
//!
//! The flags are read on x86-64 (MXCSR); elsewhere [`SUPPORTED`] is false and nothing is
//! ever recorded, so a caller can refuse to promise checks it cannot make.
//!
//! ```
//! use ndplay_core::{Array, fpstatus};
//! use ndplay_core::ufunc::{BinaryOp, binary};
//! let x = Array::from_f64s(&[1.0, 0.0]);
//! let zero = Array::from_f64s(&[0.0, 0.0]);
//! fpstatus::take(); // forget anything recorded before
//! binary(BinaryOp::TrueDivide, (&x).into(), (&zero).into()).unwrap();
//! let found = fpstatus::take();
//! if fpstatus::SUPPORTED {
//!     assert!(found.divide && found.invalid); // 1/0 and 0/0
//!     assert!(!found.over);
//! }
//! assert!(fpstatus::take().is_empty()); // taken once
//! ```
#![allow(unsafe_code)]

use std::cell::Cell;

/// Whether this target's flags are read (x86-64 only).
pub const SUPPORTED: bool = cfg!(target_arch = "x86_64");

/// The floating-point errors an operation raised, in NumPy's four kinds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FpErrors {
    /// Division by zero (`1/0`, `log(0)`).
    pub divide: bool,
    /// A finite result too large for the dtype (`exp(1000)`).
    pub over: bool,
    /// A result too small for a normal number (`1e-300 * 1e-300`).
    pub under: bool,
    /// No meaningful result (`0/0`, `sqrt(-1)`, `inf - inf`).
    pub invalid: bool,
}

impl FpErrors {
    /// No error at all.
    pub fn is_empty(self) -> bool {
        !(self.divide || self.over || self.under || self.invalid)
    }

    /// Both sets together.
    pub fn union(self, o: FpErrors) -> FpErrors {
        FpErrors {
            divide: self.divide || o.divide,
            over: self.over || o.over,
            under: self.under || o.under,
            invalid: self.invalid || o.invalid,
        }
    }

    fn from_bits(b: u32) -> FpErrors {
        FpErrors {
            divide: b & ZE != 0,
            over: b & OE != 0,
            under: b & UE != 0,
            invalid: b & IE != 0,
        }
    }
}

// MXCSR's sticky exception flags NumPy reports: invalid, divide by zero, overflow,
// underflow. The denormal-operand and precision flags are left alone: precision is set
// by nearly every operation, and clearing it would cost a register write per ufunc.
const IE: u32 = 1;
const ZE: u32 = 1 << 2;
const OE: u32 = 1 << 3;
const UE: u32 = 1 << 4;
const ALL_FLAGS: u32 = IE | ZE | OE | UE;

#[cfg(target_arch = "x86_64")]
fn read_csr() -> u32 {
    let mut csr: u32 = 0;
    // SAFETY: stmxcsr stores the 32-bit MXCSR register to the given address, a local.
    unsafe {
        std::arch::asm!("stmxcsr [{}]", in(reg) &mut csr, options(nostack, preserves_flags));
    }
    csr
}

#[cfg(target_arch = "x86_64")]
fn write_csr(csr: u32) {
    // SAFETY: ldmxcsr loads MXCSR from a local; only flag bits are ever changed (the
    // value comes from `read_csr`), so rounding and exception masks stay as they were.
    unsafe {
        std::arch::asm!("ldmxcsr [{}]", in(reg) &csr, options(nostack, preserves_flags));
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn read_csr() -> u32 {
    0
}

#[cfg(not(target_arch = "x86_64"))]
fn write_csr(_: u32) {}

/// The flags raised on this thread since the last [`clear_flags`], as raw bits.
pub(crate) fn flags() -> u32 {
    read_csr() & ALL_FLAGS
}

/// Clears this thread's flags, returning the ones that were set.
pub(crate) fn clear_flags() -> u32 {
    let csr = read_csr();
    if csr & ALL_FLAGS != 0 {
        write_csr(csr & !ALL_FLAGS);
    }
    csr & ALL_FLAGS
}

/// Sets `bits` among this thread's flags (a worker thread's flags, handed back).
pub(crate) fn raise_flags(bits: u32) {
    let csr = read_csr();
    if bits & !csr & ALL_FLAGS != 0 {
        write_csr(csr | (bits & ALL_FLAGS));
    }
}

/// Runs `f` with this thread's flags cleared, and returns what it raised; the flags set
/// before are set again afterwards (nothing is lost for an outer watcher).
pub(crate) fn watch<T>(f: impl FnOnce() -> T) -> (T, u32) {
    let before = clear_flags();
    let out = f();
    let raised = flags();
    raise_flags(before);
    (out, raised)
}

thread_local! {
    static RECORDED: Cell<FpErrors> = const { Cell::new(FpErrors { divide: false, over: false, under: false, invalid: false }) };
}

/// Adds `raw` flag bits (and any `extra` errors) to this thread's record.
pub(crate) fn record(raw: u32, extra: FpErrors) {
    let e = FpErrors::from_bits(raw).union(extra);
    if !e.is_empty() {
        RECORDED.with(|r| r.set(r.get().union(e)));
    }
}

/// The errors the ufuncs and reductions recorded on this thread since the last `take`,
/// and forgets them.
pub fn take() -> FpErrors {
    RECORDED.with(|r| r.replace(FpErrors::default()))
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use crate::Array;
    use crate::ufunc::{BinaryOp, UnaryOp, binary, unary};

    fn errors_of(f: impl FnOnce()) -> FpErrors {
        take();
        f();
        take()
    }

    #[test]
    fn each_kind_is_told_apart() {
        let x = Array::from_f64s(&[1.0, 0.0, 1e308, 1e-300]);
        let d = errors_of(|| {
            binary(
                BinaryOp::TrueDivide,
                (&x).into(),
                (&Array::from_f64s(&[0.0; 4])).into(),
            )
            .unwrap();
        });
        assert!(d.divide && d.invalid && !d.over);
        let o = errors_of(|| {
            binary(BinaryOp::Multiply, (&x).into(), (&x).into()).unwrap();
        });
        assert!(o.over && o.under && !o.divide && !o.invalid);
        let i = errors_of(|| {
            unary(UnaryOp::Sqrt, &Array::from_f64s(&[-1.0])).unwrap();
        });
        assert_eq!(
            i,
            FpErrors {
                invalid: true,
                ..FpErrors::default()
            }
        );
    }

    #[test]
    fn workers_hand_their_flags_back() {
        // Large enough for the parallel kernels: the one 1/0 sits in a worker's piece.
        let n = 4 * crate::iter::PARALLEL_MIN_ELEMENTS;
        let mut v = vec![1.0; n];
        v[n - 3] = 0.0;
        let x = Array::from_f64s(&vec![1.0; n]);
        let y = Array::from_f64s(&v);
        let e = errors_of(|| {
            binary(BinaryOp::TrueDivide, (&x).into(), (&y).into()).unwrap();
        });
        assert_eq!(
            e,
            FpErrors {
                divide: true,
                ..FpErrors::default()
            }
        );
    }

    #[test]
    fn sums_and_products_report_from_every_worker() {
        let over = FpErrors {
            over: true,
            ..FpErrors::default()
        };
        // One long run (split pairwise over the pool) and many rows (split by rows),
        // each with its overflow in the last piece; a running sum; a product.
        let n = 4 * crate::iter::PARALLEL_MIN_ELEMENTS;
        let mut v = vec![1.0; n];
        v[n - 2] = 1e308;
        v[n - 1] = 1e308;
        let long = Array::from_f64s(&v);
        assert_eq!(errors_of(|| drop(long.sum(None, false).unwrap())), over);
        let rows = long.reshape(&[-1, 2]).unwrap();
        assert_eq!(
            errors_of(|| drop(rows.sum(Some(&[1]), false).unwrap())),
            over
        );
        let two = Array::from_f64s(&[1e308, 1e308]);
        assert_eq!(errors_of(|| drop(two.cumsum(None).unwrap())), over);
        assert_eq!(errors_of(|| drop(two.prod(None, false).unwrap())), over);
        // inf - inf is invalid; NaNs passed along and maximum report nothing.
        let e = errors_of(|| {
            drop(Array::from_f64s(&[f64::INFINITY, f64::NEG_INFINITY]).sum(None, false))
        });
        assert!(e.invalid && !e.over, "{e:?}");
        let nan = Array::from_f64s(&[f64::NAN, 1.0]);
        let e = errors_of(|| {
            drop(nan.sum(None, false).unwrap());
            drop(nan.max(None, false).unwrap());
        });
        assert!(e.is_empty(), "{e:?}");
    }

    #[test]
    fn nans_passed_along_are_not_invalid() {
        let x = Array::from_f64s(&[f64::NAN, 3.0]);
        for op in [BinaryOp::FloorDivide, BinaryOp::Remainder, BinaryOp::Add] {
            let e = errors_of(|| {
                binary(op, (&x).into(), (&Array::from_f64s(&[2.0])).into()).unwrap();
            });
            assert!(e.is_empty(), "{op:?}: {e:?}");
        }
        // Comparisons and maximum never report (NumPy's loops clear the flags).
        let e = errors_of(|| {
            binary(BinaryOp::Less, (&x).into(), (&x).into()).unwrap();
            binary(BinaryOp::Maximum, (&x).into(), (&x).into()).unwrap();
        });
        assert!(e.is_empty());
    }

    #[test]
    fn integer_division_is_flagged_by_hand() {
        let x = Array::from_vec(vec![i8::MIN, 5], &[2]).unwrap();
        let by_zero = Array::from_vec(vec![1i8, 0], &[2]).unwrap();
        let by_minus_one = Array::from_vec(vec![-1i8, 1], &[2]).unwrap();
        let e = errors_of(|| {
            binary(BinaryOp::FloorDivide, (&x).into(), (&by_zero).into()).unwrap();
        });
        assert_eq!(
            e,
            FpErrors {
                divide: true,
                ..FpErrors::default()
            }
        );
        let e = errors_of(|| {
            binary(BinaryOp::FloorDivide, (&x).into(), (&by_minus_one).into()).unwrap();
        });
        assert_eq!(
            e,
            FpErrors {
                over: true,
                ..FpErrors::default()
            }
        );
        // Integer add never reports (NumPy's arrays wrap silently).
        let e = errors_of(|| {
            binary(BinaryOp::Add, (&x).into(), (&x).into()).unwrap();
        });
        assert!(e.is_empty());
    }
}
