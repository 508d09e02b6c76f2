//! The accept loop's limits on a real loopback socket: connections that sit idle, stop
//! halfway through their headers or their body, or outnumber the cap are closed or held
//! back, and the server keeps answering everyone else.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use ndplay::server::connections::{Limits, serve};
use ndplay::server::{AppState, Config, app};

const SHORT: Limits = Limits {
    headers: Duration::from_secs(1),
    idle: Duration::from_secs(2),
    connections: 4,
    drain: Duration::from_secs(1),
};

/// Starts the playground on `127.0.0.1:0` with `limits`; returns its address and the
/// sender that stops it.
async fn start(limits: Limits) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let mut config = Config::default();
    config.console.enabled = false;
    tokio::spawn(serve(listener, app(AppState::new(config)), limits, async {
        stopped.await.ok();
    }));
    (addr, stop)
}

/// Seconds until the server closes `stream` (reads return 0 or fail), up to `within`.
fn closed_after(mut stream: TcpStream, within: Duration) -> Option<Duration> {
    let start = Instant::now();
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return Some(start.elapsed()),
            Ok(_) => continue, // a 408 or 400 answer before the close is fine
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
                return Some(start.elapsed());
            }
            Err(_) => return None,
        }
    }
}

fn health(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_half_sent_connections_are_closed() {
    let (addr, stop) = start(SHORT).await;
    tokio::task::spawn_blocking(move || {
        // Silent after connecting.
        let silent = TcpStream::connect(addr).unwrap();
        // Half of a request line and headers (a slowloris client).
        let mut half_head = TcpStream::connect(addr).unwrap();
        half_head
            .write_all(b"POST /api/tensor HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .unwrap();
        // Whole headers, then 10 of the 1000 body bytes they announce.
        let mut half_body = TcpStream::connect(addr).unwrap();
        half_body
            .write_all(
                b"POST /api/tensor HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Ndplay-Session: t-0001\r\n\
                  Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"shape\":",
            )
            .unwrap();
        // A finished request on a kept-alive connection, then nothing.
        let mut kept = TcpStream::connect(addr).unwrap();
        kept.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .unwrap();
        for (name, stream) in [
            ("silent", silent),
            ("half-sent headers", half_head),
            ("half-sent body", half_body),
            ("idle keep-alive", kept),
        ] {
            let after = closed_after(stream, Duration::from_secs(10))
                .unwrap_or_else(|| panic!("the {name} connection was still open after 10 s"));
            assert!(
                after < Duration::from_secs(5),
                "{name}: closed after {after:?}"
            );
        }
        assert!(health(addr).starts_with("HTTP/1.1 200"));
    })
    .await
    .unwrap();
    stop.send(()).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_past_the_cap_wait_for_a_free_place() {
    let (addr, stop) = start(SHORT).await;
    tokio::task::spawn_blocking(move || {
        // Fill every place with silent connections...
        let hogs: Vec<TcpStream> = (0..SHORT.connections)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        // ... a newcomer is held in the backlog, not refused, and answered as soon as
        // the idle ones are dropped.
        let start = Instant::now();
        let answer = health(addr);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(
            start.elapsed() >= Duration::from_millis(500),
            "answered past the cap after {:?}",
            start.elapsed()
        );
        drop(hogs);
    })
    .await
    .unwrap();
    stop.send(()).unwrap();
}
