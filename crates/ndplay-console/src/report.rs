//! Loud failure modes in the console: the engine's diagnostics, placed on the line of
//! the learner's code that caused them.
//!
//! The session runs its code with [`ndplay_core::diagnostics`] at the session's level
//! (`warn` by default). Every engine call in `_ndplay` passes its result through
//! [`note`], which takes what the call collected, finds the innermost frame of the
//! learner's code (skipping ndplay's own `numpy` frames) and the source range of the
//! instruction it is executing — the sub-expression, `y[:, None] - yhat[None, :]` — and
//! hands both to the runner's `_diagnostic` hook, which renders it under the line
//! TensorSensor-style, each operand labelled with its shape and dtype.
//!
//! Composite functions of the Python half (`np.median`, `np.average`...) use engine
//! operations deliberately; they run inside [`quiet`], so only what the learner wrote is
//! reported.
//!
//! ```
//! let mut s = ndplay_console::Session::new()?;
//! let out = s.run("import numpy as np\ny = np.arange(3.0)\nerr = y[:, None] - y[None, :]");
//! let d = &out.diagnostics[0];
//! assert_eq!((d.kind.as_str(), d.line, d.col, d.end_col), ("outer_broadcast", Some(3), Some(6), Some(29)));
//! assert!(d.text.contains("y[:, None]: (3, 1) float64"), "{}", d.text);
//! # Ok::<(), ndplay_console::Error>(())
//! ```

use std::cell::Cell;

use rustpython_vm::VirtualMachine;

thread_local! {
    /// How many composite functions of the Python half are running on this thread.
    static QUIET: Cell<usize> = const { Cell::new(0) };
}

/// Enters (`true`) or leaves (`false`) a composite function whose internal engine
/// operations are not the learner's.
pub(crate) fn quiet(enter: bool) {
    QUIET.with(|q| {
        let depth = q.get();
        q.set(if enter {
            depth + 1
        } else {
            depth.saturating_sub(1)
        });
    });
}

/// Where in the learner's code the running engine call was made.
struct Place {
    filename: String,
    line: usize,
    col: usize,
    end_line: usize,
    end_col: usize,
}

/// The innermost frame outside ndplay's own modules, and the source range of the
/// instruction it is executing.
fn user_place(vm: &VirtualMachine) -> Option<Place> {
    let mut frame = vm.current_frame();
    while let Some(f) = frame {
        let path = f.code.source_path().as_str();
        if !path.starts_with("<ndplay") {
            let index = (f.lasti() as usize).checked_sub(1)?;
            let (start, end) = f.code.locations.get(index)?;
            return Some(Place {
                filename: path.to_string(),
                line: start.line.get(),
                col: start.character_offset.to_zero_indexed(),
                end_line: end.line.get(),
                end_col: end.character_offset.to_zero_indexed(),
            });
        }
        frame = f.f_back(vm);
    }
    None
}

/// Takes the diagnostics the last engine call collected and reports them to the runner,
/// placed in the learner's code. Cheap when diagnostics are off or nothing was found.
pub(crate) fn note(vm: &VirtualMachine) {
    if !ndplay_core::diagnostics::enabled() {
        return;
    }
    let found = ndplay_core::diagnostics::take();
    if found.is_empty() || QUIET.with(Cell::get) > 0 {
        return;
    }
    let place = user_place(vm);
    let Ok(hook) = crate::native::loaded_module(vm, "_ndplay_console")
        .and_then(|m| m.get_attr("_diagnostic", vm))
    else {
        return;
    };
    for d in found {
        let operands: Vec<_> = d
            .operands
            .iter()
            .map(|(shape, dtype)| {
                let dims: Vec<_> = shape.iter().map(|&n| vm.ctx.new_int(n).into()).collect();
                vm.new_tuple((vm.ctx.new_tuple(dims), dtype.to_string()))
                    .into()
            })
            .collect();
        let (filename, line, col, end_line, end_col) = match &place {
            Some(p) => (
                vm.ctx.new_str(p.filename.as_str()).into(),
                vm.ctx.new_int(p.line).into(),
                vm.ctx.new_int(p.col).into(),
                vm.ctx.new_int(p.end_line).into(),
                vm.ctx.new_int(p.end_col).into(),
            ),
            None => (
                vm.ctx.none(),
                vm.ctx.none(),
                vm.ctx.none(),
                vm.ctx.none(),
                vm.ctx.none(),
            ),
        };
        let args = vec![
            vm.ctx.new_str(d.kind.name()).into(),
            vm.ctx.new_str(d.op.as_str()).into(),
            vm.ctx.new_list(operands).into(),
            vm.ctx.new_str(d.message.as_str()).into(),
            vm.ctx.new_str(d.fix.as_str()).into(),
            filename,
            line,
            col,
            end_line,
            end_col,
        ];
        // A failing hook must not turn a correct result into an error: the diagnostic
        // is advice, the result is NumPy's.
        let _ = hook.call(args, vm);
    }
}
