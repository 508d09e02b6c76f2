//! Helpers shared by the console's integration tests.

/// Runs `f` on a thread with room for the debug interpreter's deep recursion.
pub fn with_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("thread spawns")
        .join()
        .expect("no panic");
}
