//! # ndplay-console: NumPy-style Python against the ndplay engine
//!
//! A learner pastes a lesson's cell and sees what NumPy would print. The console embeds
//! [RustPython](https://rustpython.github.io) (see CONTRIBUTING.md, "The console
//! interpreter", for why) and installs ndplay as its `numpy`:
//!
//! - [`Session`]: one interpreter with its own namespace and random state. [`Session::run`]
//!   returns an [`Output`]: what was printed, the `repr` of a trailing expression, the
//!   [`ConsoleError`] that ended the run (NumPy's exception type and message, then
//!   ndplay's explanation) and the arrays the code bound to names ([`Tensor`]).
//! - A per-run time limit ([`Session::set_time_limit`]) stops runaway loops.
//! - `numpy` itself is two halves: `_ndplay`, a native module over `ndplay-core`,
//!   `ndplay-linalg`, `ndplay-random` and `ndplay-io`; and Python source (`src/py/`)
//!   that gives it NumPy's signatures, `ndarray`, the scalar types, `np.linalg` and
//!   `np.random`. Python-level loops stay interpreted, so a learner who times a loop
//!   against its vectorised form sees the real difference.
//!
//! ```
//! let mut s = ndplay_console::Session::new()?;
//! let out = s.run("import numpy as np\nx = np.array([1.0, 2.0, 3.0])\nprint(x @ x, x.dtype)");
//! assert_eq!(out.stdout, "14.0 float64\n");
//! let out = s.run("np.linalg.inv(np.zeros((2, 2)))");
//! assert_eq!(out.error.unwrap().summary(), "numpy.linalg.LinAlgError: Singular matrix");
//! # Ok::<(), ndplay_console::Error>(())
//! ```
#![deny(missing_docs)]

mod files;
mod native;
mod report;
mod session;
mod sink;

pub use files::FileError;
pub use ndplay_core::diagnostics::Level;
pub use session::{
    ConsoleDiagnostic, ConsoleError, Error, ErrorKind, Output, RunOptions, Session, Tensor,
};
