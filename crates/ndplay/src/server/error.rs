//! [`AppError`]: every way a request can fail, and the JSON answer each one gets.
//!
//! | failure | status | body carries |
//! |---|---|---|
//! | the engine refuses an operation ([`ndplay_core::Error`]) | 422 | NumPy's exception type and message, ndplay's hint |
//! | the inspector refuses (axis, slice, dtype) or an upload does not parse | 422 | the explanation |
//! | a malformed request (bad JSON, missing session header, a shape that does not parse) | 400 | what was wrong and how to write it |
//! | something that is not there (no upload, an unknown tensor name, an unknown route) | 404 | what exists |
//! | an upload over `--max-upload-mb`, a tensor over the element cap | 413 | the limit and how to stay under it |
//! | a `Host` that is neither this machine nor an IP address, a write from another site's page | 403 | what was refused and the address that works |
//! | an internal fault (a worker that died) | 500 | nothing internal: the details go to the server's stderr |
//!
//! Every body is `{"error": {"status", "kind", "type", "message", "hint"}}`; `type` is
//! NumPy's exception type for engine errors (`"ValueError"`) and `null` otherwise.
//!
//! ```
//! use axum::response::IntoResponse;
//! use ndplay::server::AppError;
//! use ndplay_core::Array;
//!
//! let err = Array::arange_f64(0.0, 13.0, 1.0).reshape(&[3, 4]).unwrap_err();
//! let response = AppError::from(err).into_response();
//! assert_eq!(response.status(), 422);
//! ```

use axum::Json;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ndplay_inspect::InspectError;
use ndplay_io::IoError;
use serde::Serialize;

/// A failed request; see the module docs for the status each variant gets.
#[derive(Debug)]
pub enum AppError {
    /// The array engine refused an operation.
    Engine(ndplay_core::Error),
    /// The inspector refused (an axis out of range, a slice that does not fit, text data).
    Inspect(InspectError),
    /// An uploaded file that does not parse as the format it claims.
    Read {
        /// The file name the browser gave (only ever shown, never opened).
        file: String,
        /// Why it does not parse.
        source: IoError,
    },
    /// A refusal the engine would make, phrased as NumPy phrases it (422).
    Refused {
        /// NumPy's exception type.
        py_type: &'static str,
        /// NumPy's message.
        message: String,
        /// What to do instead.
        hint: String,
    },
    /// A malformed request (400).
    BadRequest {
        /// What was wrong.
        message: String,
        /// How to write it.
        hint: String,
    },
    /// Something the request names does not exist (404).
    NotFound {
        /// What was asked for.
        message: String,
        /// What exists.
        hint: String,
    },
    /// A body or tensor over a limit (413).
    TooLarge {
        /// What was too large, by how much.
        message: String,
        /// The limit and how to stay under it.
        hint: String,
    },
    /// A service that cannot take the request now (503): the console is off or busy.
    Unavailable {
        /// What is unavailable.
        message: String,
        /// When or how it becomes available.
        hint: String,
    },
    /// A request this server does not answer for its origin (403): a `Host` that is
    /// not this machine or an IP address, or a write from another site's page.
    Forbidden {
        /// What was refused, and why.
        message: String,
        /// How to reach the playground so that it answers.
        hint: String,
    },
    /// An internal fault; the text is logged, never sent.
    Internal(String),
}

impl AppError {
    /// A 400 with a message and a hint.
    pub fn bad_request(message: impl Into<String>, hint: impl Into<String>) -> AppError {
        AppError::BadRequest {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A 404 with a message and a hint.
    pub fn not_found(message: impl Into<String>, hint: impl Into<String>) -> AppError {
        AppError::NotFound {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A 413 with a message and a hint.
    pub fn too_large(message: impl Into<String>, hint: impl Into<String>) -> AppError {
        AppError::TooLarge {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A 503 with a message and a hint.
    pub fn unavailable(message: impl Into<String>, hint: impl Into<String>) -> AppError {
        AppError::Unavailable {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// A 403 with a message and a hint.
    pub fn forbidden(message: impl Into<String>, hint: impl Into<String>) -> AppError {
        AppError::Forbidden {
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Engine(_)
            | AppError::Inspect(_)
            | AppError::Read { .. }
            | AppError::Refused { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            AppError::NotFound { .. } => StatusCode::NOT_FOUND,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Forbidden { .. } => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The body's `error` object (also used by the demonstration endpoints, which answer
    /// 200 with the error they caught).
    pub fn body(&self) -> ErrorBody {
        let status = self.status().as_u16();
        let (kind, py_type, message, hint) = match self {
            AppError::Engine(e) => ("engine", Some(e.py_type()), e.numpy_message(), e.hint()),
            AppError::Inspect(InspectError::Engine { op, source, .. }) => (
                "engine",
                Some(source.py_type()),
                format!("{op}: {}", source.numpy_message()),
                source.hint(),
            ),
            AppError::Inspect(e) => ("inspect", None, e.to_string(), String::new()),
            AppError::Read { file, source } => (
                "upload",
                None,
                format!("{file}: {source}"),
                "Upload a .npy, .npz, .safetensors or .csv file (the format is recognised by \
                 its first bytes, else by the file name's extension)."
                    .to_string(),
            ),
            AppError::Refused {
                py_type,
                message,
                hint,
            } => ("engine", Some(*py_type), message.clone(), hint.clone()),
            AppError::BadRequest { message, hint } => {
                ("request", None, message.clone(), hint.clone())
            }
            AppError::NotFound { message, hint } => {
                ("not_found", None, message.clone(), hint.clone())
            }
            AppError::TooLarge { message, hint } => {
                ("too_large", None, message.clone(), hint.clone())
            }
            AppError::Unavailable { message, hint } => {
                ("unavailable", None, message.clone(), hint.clone())
            }
            AppError::Forbidden { message, hint } => {
                ("forbidden", None, message.clone(), hint.clone())
            }
            AppError::Internal(_) => (
                "internal",
                None,
                "internal server error".to_string(),
                "This is a bug in ndplay, not in your request; the server's log has the details."
                    .to_string(),
            ),
        };
        ErrorBody {
            status,
            kind,
            py_type,
            message,
            hint,
        }
    }
}

/// The `error` object of a failed request.
#[derive(Clone, Debug, Serialize)]
pub struct ErrorBody {
    /// The HTTP status.
    pub status: u16,
    /// `engine`, `inspect`, `upload`, `request`, `not_found`, `too_large`, `forbidden`,
    /// `unavailable` or `internal`.
    pub kind: &'static str,
    /// NumPy's exception type, for engine errors.
    #[serde(rename = "type")]
    pub py_type: Option<&'static str>,
    /// What failed (NumPy's own message for engine errors).
    pub message: String,
    /// Why, and what would fix it.
    pub hint: String,
}

#[derive(Serialize)]
struct Envelope {
    error: ErrorBody,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(detail) = &self {
            eprintln!("ndplay serve: internal error: {detail}");
        }
        (self.status(), Json(Envelope { error: self.body() })).into_response()
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.body();
        write!(f, "{} ({}): {}", b.kind, b.status, b.message)
    }
}

impl std::error::Error for AppError {}

impl From<ndplay_core::Error> for AppError {
    fn from(e: ndplay_core::Error) -> AppError {
        AppError::Engine(e)
    }
}

impl From<InspectError> for AppError {
    fn from(e: InspectError) -> AppError {
        AppError::Inspect(e)
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> AppError {
        AppError::bad_request(
            r.body_text(),
            "Send a JSON object with Content-Type: application/json; the README's API \
             section lists each endpoint's fields.",
        )
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> AppError {
        AppError::bad_request(
            r.body_text(),
            "Check the query string against the README's API section.",
        )
    }
}

impl From<MultipartRejection> for AppError {
    fn from(r: MultipartRejection) -> AppError {
        AppError::bad_request(
            r.body_text(),
            "Upload with Content-Type: multipart/form-data and the file in a field named `file`.",
        )
    }
}

/// A multipart error in the middle of reading an upload; over the body limit it is a 413.
pub fn multipart_error(e: MultipartError, limit_bytes: usize) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::too_large(
            format!(
                "the upload is larger than the server's limit of {} MB",
                limit_bytes / 1_000_000
            ),
            "Upload a smaller file (a slice of the data, or one member of the archive), or \
             restart the server with a larger --max-upload-mb.",
        )
    } else {
        AppError::bad_request(
            e.body_text(),
            "Upload with Content-Type: multipart/form-data and the file in a field named `file`.",
        )
    }
}
