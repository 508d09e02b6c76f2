//! # ndplay: the playground's server, as a library
//!
//! The `ndplay` binary is a thin command line over the library crates; this library part
//! holds what the binary serves, so tests can drive it without a process:
//!
//! - [`server`]: the web playground (`ndplay serve`): an axum [`Router`](axum::Router)
//!   built by [`server::app`], its JSON API, per-tab sessions and the embedded page.
//!
//! ```
//! use ndplay::server::{AppState, Config, app};
//! let router = app(AppState::new(Config::default()));
//! # let _ = router;
//! ```
#![deny(missing_docs)]

pub mod server;
