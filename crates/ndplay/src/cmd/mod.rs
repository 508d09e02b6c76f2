//! One module per subcommand; each exposes its `clap` arguments and a `run` function.

pub mod bench;
pub mod inspect;
pub mod repl;
pub mod run;
pub mod serve;
pub mod worker;

/// Parses `--diagnostics off|warn|strict`.
pub fn parse_level(text: &str) -> Result<ndplay_console::Level, String> {
    ndplay_console::Level::parse(text).ok_or_else(|| {
        format!("unknown diagnostics level {text:?}: use off, warn (the default) or strict")
    })
}
