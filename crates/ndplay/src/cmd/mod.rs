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

/// Writes a command's output to standard output in one go and gives the exit status:
/// `code` when it was written, or when the reader has closed the pipe (`| head -1`: it
/// wants no more, which is not an error, as for any Unix tool); 1, with a message, when
/// the write failed otherwise (a full disk), so output is never lost silently. SIGPIPE
/// stays ignored (Rust's default): the same binary runs the server.
pub fn write_stdout(command: &str, text: &str, code: u8) -> std::process::ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("ndplay {command}: could not write the output to standard output: {e}");
            std::process::ExitCode::from(1)
        }
        _ => std::process::ExitCode::from(code),
    }
}
