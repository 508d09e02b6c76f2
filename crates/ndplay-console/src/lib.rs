//! # ndplay-console: NumPy-style Python against the ndplay engine
//!
//! A learner pastes a lesson's cell and sees what NumPy would print. The console embeds
//! CPython (through PyO3; see CONTRIBUTING.md, "The console interpreter", for why) and
//! installs ndplay's native module ([`ndplay_python`]) as its `numpy`:
//!
//! - [`Session`]: one interpreter with its own namespace and random state. [`Session::run`]
//!   returns an [`Output`]: what was printed, the `repr` of a trailing expression, the
//!   [`ConsoleError`] that ended the run (NumPy's exception type and message, then
//!   ndplay's explanation) and the arrays the code bound to names ([`Tensor`]).
//! - A per-run time limit ([`Session::set_time_limit`]) stops runaway loops.
//! - `numpy` is written once, in Rust ([`ndplay_python`]); the runner (`src/py/console.py`)
//!   executes code, echoes values, formats tracebacks and places the engine's
//!   diagnostics under the line that caused them, reading CPython's frames. Python loops
//!   run at CPython's speed, so "loop versus vectorised" timings are the real ones.
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

mod session;
mod sink;

pub use ndplay_core::diagnostics::Level;
pub use session::{
    ConsoleDiagnostic, ConsoleError, Error, ErrorKind, Output, RunOptions, Session, Tensor,
    python_read_paths,
};
