//! `ndplay repl`: an interactive NumPy console with line editing and history
//! (`~/.ndplay_history`). Typed code runs in one session, so variables persist; a
//! trailing expression's value is echoed as Python's REPL does. Errors print and the
//! prompt comes back; `exit()`, `quit()` or Ctrl-D leave.

use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use ndplay_console::{RunOptions, Session};
use rustyline::DefaultEditor;
use rustyline::error::ReadlineError;

/// Arguments of `ndplay repl`.
#[derive(Args, Debug)]
pub struct ReplArgs {
    /// Stop any one input after this many seconds (a runaway loop returns to the prompt).
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
    /// How loud the diagnostics of silent NumPy bugs are: off, warn (the default: a
    /// warning on stderr under the line that caused it) or strict (an error).
    #[arg(long, default_value = "warn", value_parser = super::parse_level)]
    pub diagnostics: ndplay_console::Level,
    /// Cap the bytes arrays may hold at once, in MB (10^6 bytes): an array past it is
    /// NumPy's MemoryError, as on a machine with that much memory. Unlimited by default.
    #[arg(long, value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_memory_mb: Option<u64>,
}

/// Whether `buffer` still needs lines: an open bracket, a trailing backslash, or a
/// block (`def`, `for`, `if`...) not yet closed by an empty line.
pub fn needs_more(buffer: &str, last_line: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut prev = '\0';
    for c in buffer.chars() {
        match quote {
            Some(q) => {
                if c == q && prev != '\\' {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '#' => {}
                _ => {}
            },
        }
        prev = c;
    }
    if depth > 0 || buffer.trim_end().ends_with('\\') {
        return true;
    }
    let first = buffer.lines().next().unwrap_or("");
    let is_block = first.trim_end().ends_with(':');
    is_block && !last_line.trim().is_empty()
}

/// Runs the prompt until `exit()` or end of input.
pub fn run(args: &ReplArgs) -> anyhow::Result<ExitCode> {
    let limit = super::run::timeout(args.timeout)?;
    super::run::memory_budget(args.max_memory_mb);
    let mut session = Session::new().context("starting the console")?;
    session.set_time_limit(limit);
    session.set_diagnostics(args.diagnostics);
    let mut editor = DefaultEditor::new().context("starting the line editor")?;
    let history =
        std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".ndplay_history"));
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!(
        "ndplay NumPy console: `import numpy as np` runs on the ndplay engine. exit() leaves."
    );
    let options = RunOptions {
        filename: "<stdin>".to_string(),
        echo_result: true,
    };
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { ">>> " } else { "... " };
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                println!("KeyboardInterrupt");
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e).context("reading input"),
        };
        if buffer.is_empty() && matches!(line.trim(), "exit()" | "quit()" | "exit" | "quit") {
            break;
        }
        if !buffer.is_empty() {
            buffer.push('\n');
        }
        buffer.push_str(&line);
        if needs_more(&buffer, &line) {
            continue;
        }
        let code = std::mem::take(&mut buffer);
        if code.trim().is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(code.as_str());
        let out = session.run_with(&code, &options, Some(Box::new(std::io::stdout())));
        if let Some(r) = &out.result_repr {
            println!("{r}");
        }
        if let Some(err) = &out.error {
            eprintln!("{}", err.render());
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::needs_more;

    #[test]
    fn open_brackets_and_blocks_continue() {
        assert!(needs_more("x = (1,", "x = (1,"));
        assert!(needs_more("for i in range(3):", "for i in range(3):"));
        assert!(needs_more(
            "for i in range(3):\n    print(i)",
            "    print(i)"
        ));
        assert!(!needs_more("for i in range(3):\n    print(i)\n", ""));
        assert!(!needs_more("print('(')", "print('(')"));
        assert!(!needs_more("a = [1, 2]", "a = [1, 2]"));
    }
}
