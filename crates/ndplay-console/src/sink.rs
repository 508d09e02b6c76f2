//! Where a running session's `print` goes, and how long it may still run.
//!
//! The interpreter calls back into [`write`] and [`time_left`] from `_ndplay`; both read
//! the state the running [`Session`](crate::Session) installed on this thread for the
//! duration of one run (a guard restores the previous state, so sessions may nest).

use std::cell::RefCell;
use std::io::Write;
use std::time::Instant;

/// The destination of printed text.
pub(crate) enum Sink {
    /// Collected into a string (the web console, tests).
    Capture(String),
    /// Written through as it is printed (`ndplay run`, the REPL).
    Stream(Box<dyn Write>),
}

struct State {
    sink: Sink,
    deadline: Option<Instant>,
}

thread_local! {
    static CURRENT: RefCell<Vec<State>> = const { RefCell::new(Vec::new()) };
}

/// Installs a sink (and deadline) for the current thread until dropped.
pub(crate) struct Installed(());

impl Installed {
    /// Starts routing output to `sink`.
    pub(crate) fn new(sink: Sink, deadline: Option<Instant>) -> Installed {
        CURRENT.with(|c| c.borrow_mut().push(State { sink, deadline }));
        Installed(())
    }

    /// Stops routing and returns what was captured (empty for a stream).
    pub(crate) fn finish(self) -> String {
        let state = CURRENT.with(|c| c.borrow_mut().pop());
        std::mem::forget(self);
        match state.map(|s| s.sink) {
            Some(Sink::Capture(text)) => text,
            Some(Sink::Stream(mut w)) => {
                let _ = w.flush();
                String::new()
            }
            None => String::new(),
        }
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().pop());
    }
}

/// Appends printed text to the running session's sink (dropped when none is installed).
pub(crate) fn write(text: &str) {
    CURRENT.with(|c| {
        if let Some(state) = c.borrow_mut().last_mut() {
            match &mut state.sink {
                Sink::Capture(s) => s.push_str(text),
                Sink::Stream(w) => {
                    let _ = w.write_all(text.as_bytes());
                    if text.contains('\n') {
                        let _ = w.flush();
                    }
                }
            }
        }
    });
}

/// Text the code wrote to `sys.stderr`: the process's stderr when the running session
/// streams (after flushing what it printed, so the two keep their order on a terminal),
/// captured with the printed output otherwise.
pub(crate) fn write_err(text: &str) {
    let streamed = CURRENT.with(|c| match c.borrow_mut().last_mut() {
        Some(State {
            sink: Sink::Stream(w),
            ..
        }) => {
            let _ = w.flush();
            true
        }
        _ => false,
    });
    if streamed {
        eprint!("{text}");
    } else {
        write(text);
    }
}

/// Writes a rendered diagnostic to stderr when the running session streams its output;
/// a captured run keeps diagnostics in its [`Output`](crate::Output) instead.
pub(crate) fn write_diagnostic(text: &str) {
    let streaming = CURRENT.with(|c| {
        c.borrow()
            .last()
            .is_some_and(|s| matches!(s.sink, Sink::Stream(_)))
    });
    if streaming {
        // Flush printed output first so the warning lands under the lines before it.
        CURRENT.with(|c| {
            if let Some(State {
                sink: Sink::Stream(w),
                ..
            }) = c.borrow_mut().last_mut()
            {
                let _ = w.flush();
            }
        });
        eprintln!("{text}");
    }
}

/// Seconds before the running session's deadline, if it has one.
pub(crate) fn time_left() -> Option<f64> {
    CURRENT.with(|c| {
        c.borrow()
            .last()
            .and_then(|s| s.deadline)
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    })
}
