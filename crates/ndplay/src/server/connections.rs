//! The accept loop: every connection is bounded in time and in number, so idle or
//! half-sent connections cannot pile up until the server stops answering.
//!
//! - A request's headers must arrive within [`Limits::headers`] (hyper's header read
//!   timeout: a "slowloris" client that sends one header line a minute is dropped).
//! - A connection on which nothing moves for [`Limits::idle`] is closed, whether it is
//!   an idle keep-alive connection, a body sent halfway, or a client that stopped
//!   reading its answer. The idle limit is longer than the longest request the server
//!   works on (a console run's deadline), so no answer is cut short.
//! - At most [`Limits::connections`] are open at once; past that the server stops
//!   accepting (the kernel's backlog holds newcomers) until one closes, rather than
//!   running out of file descriptors. At startup the process raises its own
//!   open-file limit to the hard limit, so the cap is what binds.
//!
//! On shutdown it stops accepting and gives the requests in flight time to finish.
//!
//! ```
//! use std::time::Duration;
//! use ndplay::server::connections::Limits;
//!
//! let limits = Limits::for_console_deadline(Duration::from_secs(7));
//! assert!(limits.idle > Duration::from_secs(7) && limits.connections >= 256);
//! ```

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

/// How long and how many connections the server keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Time for a request's headers to arrive.
    pub headers: Duration,
    /// Time a connection may go without a byte moving either way.
    pub idle: Duration,
    /// Connections open at once.
    pub connections: usize,
    /// Time the requests in flight get to finish after a shutdown signal.
    pub drain: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            headers: Duration::from_secs(10),
            idle: Duration::from_secs(60),
            connections: 512,
            drain: Duration::from_secs(10),
        }
    }
}

impl Limits {
    /// The defaults, with the idle limit past `deadline`, the longest a request may take
    /// (a console run's time limit plus its grace).
    pub fn for_console_deadline(deadline: Duration) -> Limits {
        let default = Limits::default();
        Limits {
            idle: default.idle.max(deadline + Duration::from_secs(30)),
            ..default
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then lets
/// the requests in flight finish (for at most [`Limits::drain`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    raise_open_file_limit();
    let slots = Arc::new(Semaphore::new(limits.connections));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.headers);
    let service = TowerToHyperService::new(router);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(e) => {
                // Out of file descriptors or a connection reset before accept: wait a
                // moment instead of spinning, as axum's own loop does.
                eprintln!("ndplay serve: accepting a connection failed: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let mut timed = TimeoutStream::new(stream);
        timed.set_read_timeout(Some(limits.idle));
        timed.set_write_timeout(Some(limits.idle));
        let connection = http.serve_connection(TokioIo::new(Box::pin(timed)), service.clone());
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that vanished or timed out is routine, not worth a log line.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    // An error here means the drain took too long: the process exits regardless.
    let _ = tokio::time::timeout(limits.drain, graceful.shutdown()).await;
    Ok(())
}

/// Raises this process's soft limit on open files to its hard limit (commonly 1024 to
/// 524288), so [`Limits::connections`] and the console workers' pipes fit under it.
#[allow(unsafe_code)] // two libc calls; no safe wrapper in the dependencies
fn raise_open_file_limit() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit/setrlimit read or write only the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0
                && limit.rlim_cur < limit.rlim_max
            {
                limit.rlim_cur = limit.rlim_max;
                libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
        }
    }
}
