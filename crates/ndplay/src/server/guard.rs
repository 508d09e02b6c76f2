//! One check in front of every endpoint: whom this server answers.
//!
//! - **`Host`.** A page that rebinds its own DNS name to `127.0.0.1` can make the
//!   browser send requests to this server, but the browser still says the page's name in
//!   `Host`. So a request is answered only when `Host` is `localhost` or an IP address
//!   (`127.0.0.1:8501`, `[::1]`, or the LAN address a `--host 0.0.0.0` server is reached
//!   on), which no other site's page can send. A request without `Host` (HTTP/1.0) came
//!   on a socket this server chose to listen on and is answered.
//! - **`Origin`.** A request that can change state (every method but `GET`, `HEAD` and
//!   `OPTIONS`) from a browser page is answered only when the page is this server's own:
//!   its `Origin` names the same host and port as `Host`. Another site's form or `fetch`
//!   cannot upload, reset or run code in a tab.
//!
//! The console keeps a stricter rule of its own on top (loopback only, unless
//! `--remote-console`: see [`super::console::loopback_host`]).
//!
//! ```
//! use ndplay::server::guard::{host_allowed, same_origin};
//!
//! assert!(host_allowed("127.0.0.1:8501") && host_allowed("[::1]") && host_allowed("localhost"));
//! assert!(host_allowed("192.168.1.20:8501"));
//! assert!(!host_allowed("attacker.example:8501"));
//! assert!(same_origin("http://127.0.0.1:8501", "127.0.0.1:8501"));
//! assert!(!same_origin("https://attacker.example", "127.0.0.1:8501"));
//! ```

use std::net::IpAddr;

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::AppError;

/// Whether a `Host` header may reach this server: `localhost` or an IP address, with
/// any port. Names other than `localhost` are refused, since any site can point its own
/// name at this machine.
pub fn host_allowed(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inside, port)) if port.is_empty() || port.starts_with(':') => inside,
            _ => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<IpAddr>().is_ok()
}

/// Whether an `Origin` header (`http://host[:port]`) names the same host and port as
/// the request's `Host`: the page that sent it was served by this server (which speaks
/// plain HTTP, so an `https` origin is another site).
pub fn same_origin(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    if scheme != "http" {
        return false;
    }
    let default_port = ":80";
    let with_port = |a: &str| {
        let has_port = if a.starts_with('[') {
            a.contains("]:")
        } else {
            a.contains(':')
        };
        if has_port {
            a.to_ascii_lowercase()
        } else {
            format!("{}{default_port}", a.to_ascii_lowercase())
        }
    };
    with_port(authority) == with_port(host)
}

/// The refusal for a request's headers, or `None` when the request may be answered.
pub fn refusal(method: &Method, headers: &HeaderMap) -> Option<AppError> {
    let host = headers.get(header::HOST).map(|h| h.to_str().unwrap_or(""));
    if let Some(host) = host
        && !host_allowed(host)
    {
        return Some(AppError::forbidden(
            format!(
                "this playground answers requests for localhost or an IP address, and this \
                 one came for host {host:?}: a page on another name could be a DNS-rebinding \
                 attack"
            ),
            "Open the playground at http://127.0.0.1:<port>/ (or at this machine's IP \
             address when it listens beyond loopback).",
        ));
    }
    let safe = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    let origin = headers
        .get(header::ORIGIN)
        .map(|o| o.to_str().unwrap_or(""));
    if let (false, Some(origin)) = (safe, origin)
        && !host.is_some_and(|host| same_origin(origin, host))
    {
        return Some(AppError::forbidden(
            format!(
                "a {method} from the page at {origin:?} was refused: only the playground's \
                 own page (origin http://{}) may change its state",
                host.unwrap_or("<this server>")
            ),
            "Use the playground's own page; other sites cannot upload, reset or run code \
             here.",
        ));
    }
    None
}

/// The middleware: answers a refused request with its 403, passes the rest on.
pub async fn check(request: Request, next: Next) -> Response {
    match refusal(request.method(), request.headers()) {
        Some(refused) => refused.into_response(),
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "localhost",
            "LOCALHOST:8501",
            "127.0.0.1",
            "127.0.0.1:8501",
            "[::1]",
            "[::1]:8501",
            "10.0.0.2:8501",
            "[fe80::1]:80",
        ] {
            assert!(host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8501",
            "127.0.0.1.nip.io:8501",
            "localhost.evil.example",
            "[::1]evil",
            "",
        ] {
            assert!(!host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn origins() {
        assert!(same_origin("http://localhost:8501", "localhost:8501"));
        assert!(same_origin("http://LocalHost:8501", "localhost:8501"));
        assert!(same_origin("http://127.0.0.1", "127.0.0.1:80"));
        assert!(same_origin("http://[::1]:8501", "[::1]:8501"));
        assert!(!same_origin("http://127.0.0.1:9999", "127.0.0.1:8501"));
        assert!(!same_origin("null", "127.0.0.1:8501"));
        assert!(!same_origin("https://127.0.0.1:8501", "127.0.0.1:8501"));
        assert!(!same_origin("http://evil.example:8501", "127.0.0.1:8501"));
    }

    #[test]
    fn only_writes_need_the_same_origin() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, "127.0.0.1:8501".parse().unwrap());
        headers.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(refusal(&Method::GET, &headers).is_none());
        let refused = refusal(&Method::POST, &headers).expect("refused");
        assert_eq!(refused.status(), 403);
        assert!(refused.body().message.contains("evil.example"), "{refused}");
        headers.insert(header::ORIGIN, "http://127.0.0.1:8501".parse().unwrap());
        assert!(refusal(&Method::POST, &headers).is_none());
        headers.insert(header::HOST, "rebound.example:8501".parse().unwrap());
        assert_eq!(
            refusal(&Method::GET, &headers).map(|e| e.status().as_u16()),
            Some(403)
        );
        assert!(
            refusal(&Method::GET, &HeaderMap::new()).is_none(),
            "HTTP/1.0"
        );
    }
}
