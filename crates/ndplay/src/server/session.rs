//! Per-tab sessions: each browser tab keeps its own tensors.
//!
//! The page makes a random id once per tab (kept in `sessionStorage`, so a reload keeps
//! it and a new tab gets a new one) and sends it with every API call in the
//! [`SESSION_HEADER`] header. The [`SessionStore`] maps ids to [`Session`]s: the current
//! tensor, the uploaded file's tensors and the view being explored. Nothing one session
//! does can reach another: every request works on its own session's arrays, and new
//! tensors are always fresh allocations.
//!
//! The store is bounded three ways, so a server left running does not grow without
//! limit: sessions idle longer than the time-to-live are dropped, at most
//! `max_sessions` live at once (the least recently used one goes first), and when the
//! sessions' tensors together exceed the memory budget the least recently used other
//! sessions are dropped. A dropped session simply starts again from the defaults.
//!
//! ```
//! use std::time::Duration;
//! use ndplay::server::session::{SessionLimits, SessionStore};
//!
//! let store = SessionStore::new(SessionLimits { max_sessions: 2, ttl: Duration::from_secs(60), max_total_bytes: 1 << 30 });
//! let a = store.get_or_create("tab-aaaaaaaa").unwrap();
//! store.get_or_create("tab-bbbbbbbb").unwrap();
//! store.get_or_create("tab-cccccccc").unwrap(); // evicts tab-aaaaaaaa, the least recently used
//! assert_eq!(store.len(), 2);
//! assert!(!store.contains("tab-aaaaaaaa"));
//! # drop(a);
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ndplay_core::Array;
use ndplay_io::RawTensor;

use super::AppState;
use super::console::{ProducedTensor, TabConsole};
use super::error::AppError;
use super::tensor::{Current, TensorRequest};

/// The request header that carries the tab's session id.
pub const SESSION_HEADER: &str = "x-ndplay-session";

/// How many sessions live at once, for how long, in how much memory.
#[derive(Clone, Copy, Debug)]
pub struct SessionLimits {
    /// Sessions alive at once; the least recently used goes when a new one comes.
    pub max_sessions: usize,
    /// A session unused for this long is dropped.
    pub ttl: Duration,
    /// Bytes all sessions' tensors may hold together before other sessions are dropped.
    pub max_total_bytes: usize,
}

impl Default for SessionLimits {
    fn default() -> SessionLimits {
        SessionLimits {
            max_sessions: 64,
            ttl: Duration::from_secs(60 * 60),
            max_total_bytes: 2 << 30,
        }
    }
}

/// An uploaded file whose tensors the tab can choose between.
#[derive(Debug)]
pub struct Upload {
    /// The file name the browser sent (shown, never opened).
    pub file_name: String,
    /// `npy`, `npz`, `safetensors` or `csv`.
    pub format: &'static str,
    /// Column names of a CSV with a header row.
    pub columns: Option<Vec<String>>,
    /// For a CSV, how `np.loadtxt` reads the same array (the code the page shows).
    pub csv_load: Option<ndplay_io::csv::CsvLoad>,
    /// The file's tensors as parsed from the uploaded bytes.
    pub tensors: Vec<RawTensor>,
    /// Which one is current.
    pub selected: usize,
    /// What the reader skipped and the user should know (`.npz` members that are not
    /// arrays), one sentence each.
    pub warnings: Vec<String>,
}

/// A view of the current tensor being explored in the Views panel.
#[derive(Debug)]
pub struct ViewState {
    /// The NumPy expression that made it (`arr.T.reshape(-1)`).
    pub expr: String,
    /// The view (or, when a reshape had to copy, the copy).
    pub array: Array,
    /// For a reshape: whether it had to copy.
    pub copied: Option<bool>,
    /// What happened when it was made, in a sentence.
    pub note: String,
}

/// One tab's state.
#[derive(Debug)]
pub struct Session {
    /// The tensor every panel works on.
    pub current: Current,
    /// The last upload, if any.
    pub upload: Option<Upload>,
    /// The view in the Views panel, if any.
    pub view: Option<ViewState>,
    /// The tab's console: its worker process, started on the first run.
    pub console: TabConsole,
    /// The arrays the console's last run bound to names (what "show" can pick; their
    /// data stays in the worker until then).
    pub console_tensors: Vec<ProducedTensor>,
}

impl Session {
    /// A session on the default example tensor.
    pub fn new() -> Result<Session, AppError> {
        Ok(Session {
            current: Current::generate(&TensorRequest::default(), usize::MAX)?,
            upload: None,
            view: None,
            console: TabConsole::default(),
            console_tensors: Vec::new(),
        })
    }

    /// Bytes this session holds (tensors, view copies and upload bytes; the console's
    /// arrays live in its worker process).
    pub fn bytes(&self) -> usize {
        let upload = self
            .upload
            .as_ref()
            .map_or(0, |u| u.tensors.iter().map(|t| t.data.len()).sum::<usize>());
        let view = self.view.as_ref().map_or(0, |v| {
            if Arc::ptr_eq(v.array.storage(), self.current.array.storage()) {
                0
            } else {
                v.array.nbytes()
            }
        });
        self.current.array.nbytes() + upload + view
    }
}

struct Entry {
    session: Arc<Mutex<Session>>,
    last_used: Instant,
    bytes: usize,
}

/// All live sessions; see the module docs.
pub struct SessionStore {
    limits: SessionLimits,
    entries: Mutex<HashMap<String, Entry>>,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionStore")
            .field("limits", &self.limits)
            .field("sessions", &self.len())
            .finish()
    }
}

/// Locks a mutex; a poisoned one (a request that panicked while holding it) still holds
/// consistent data here, since every update replaces whole values.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether `id` looks like an id the page makes: 8 to 64 characters of `[A-Za-z0-9_-]`.
pub fn valid_id(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl SessionStore {
    /// An empty store with these limits.
    pub fn new(limits: SessionLimits) -> SessionStore {
        SessionStore {
            limits,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> SessionLimits {
        self.limits
    }

    /// Live sessions.
    pub fn len(&self) -> usize {
        lock(&self.entries).len()
    }

    /// Whether no session is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a session with this id is live.
    pub fn contains(&self, id: &str) -> bool {
        lock(&self.entries).contains_key(id)
    }

    /// The session with this id, made on the defaults if it is new (or was dropped).
    pub fn get_or_create(&self, id: &str) -> Result<Arc<Mutex<Session>>, AppError> {
        let now = Instant::now();
        let mut entries = lock(&self.entries);
        let ttl = self.limits.ttl;
        entries.retain(|_, e| now.duration_since(e.last_used) < ttl);
        if let Some(e) = entries.get_mut(id) {
            e.last_used = now;
            return Ok(Arc::clone(&e.session));
        }
        while entries.len() >= self.limits.max_sessions.max(1) {
            let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            entries.remove(&oldest);
        }
        let session = Session::new()?;
        let bytes = session.bytes();
        let session = Arc::new(Mutex::new(session));
        entries.insert(
            id.to_string(),
            Entry {
                session: Arc::clone(&session),
                last_used: now,
                bytes,
            },
        );
        Ok(session)
    }

    /// Records how many bytes session `id` now holds and, if all sessions together are
    /// over the budget, drops the least recently used others until they fit.
    pub fn account(&self, id: &str, bytes: usize) {
        let mut entries = lock(&self.entries);
        if let Some(e) = entries.get_mut(id) {
            e.bytes = bytes;
        }
        loop {
            let total: usize = entries.values().map(|e| e.bytes).sum();
            if total <= self.limits.max_total_bytes {
                break;
            }
            let Some(victim) = entries
                .iter()
                .filter(|(k, _)| k.as_str() != id)
                .min_by_key(|(_, e)| e.last_used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            entries.remove(&victim);
        }
    }
}

/// The calling tab's session, taken from the [`SESSION_HEADER`] header.
#[derive(Clone)]
pub struct TabSession {
    /// The id the tab sent.
    pub id: String,
    /// Its session.
    pub session: Arc<Mutex<Session>>,
    store: Arc<SessionStore>,
}

impl TabSession {
    /// Runs `f` on the session on a blocking thread (engine work can take a while on big
    /// tensors), then records the session's new size with the store.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Session) -> Result<T, AppError> + Send + 'static,
    {
        let session = Arc::clone(&self.session);
        let (out, bytes) = tokio::task::spawn_blocking(move || {
            let mut s = lock(&session);
            let out = f(&mut s);
            (out, s.bytes())
        })
        .await
        .map_err(|e| AppError::Internal(format!("session worker failed: {e}")))?;
        self.store.account(&self.id, bytes);
        out
    }
}

impl TabSession {
    /// Records the session's current size with the store (after work done outside
    /// [`TabSession::run`], such as a console run).
    pub fn account(&self) {
        let bytes = lock(&self.session).bytes();
        self.store.account(&self.id, bytes);
    }
}

impl FromRequestParts<AppState> for TabSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let hint = "The page sends a random per-tab id in the X-Ndplay-Session header; API \
                    clients send any 8 to 64 characters of [A-Za-z0-9_-], the same id on \
                    every call.";
        let id = parts
            .headers
            .get(SESSION_HEADER)
            .ok_or_else(|| AppError::bad_request("missing the X-Ndplay-Session header", hint))?
            .to_str()
            .map_err(|_| AppError::bad_request("the X-Ndplay-Session header is not text", hint))?
            .to_string();
        if !valid_id(&id) {
            return Err(AppError::bad_request(
                format!("X-Ndplay-Session {id:?} is not a valid session id"),
                hint,
            ));
        }
        let store = Arc::clone(&state.sessions);
        let session = store.get_or_create(&id)?;
        Ok(TabSession { id, session, store })
    }
}
