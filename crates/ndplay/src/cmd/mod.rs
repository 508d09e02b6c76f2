//! One module per subcommand; each exposes its `clap` arguments and a `run` function.

pub mod bench;
pub mod inspect;
pub mod repl;
pub mod run;
pub mod serve;
