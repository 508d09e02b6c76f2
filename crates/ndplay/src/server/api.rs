//! The JSON API behind the page, one handler per endpoint. Every stateful endpoint
//! takes the tab's [`TabSession`] (header `X-Ndplay-Session`) and does its engine work
//! on a blocking thread through [`TabSession::run`]. The README's "The playground's API"
//! section lists the endpoints with their bodies.
//!
//! Two endpoints are demonstrations, and answer 200 with the error they caught as their
//! result: `POST /api/simulate-error` (the seed's bad reshape) and `POST /api/broadcast`
//! (an incompatible pair of shapes is an answer, not a failure). Everything else answers
//! an engine refusal with a 4xx ([`AppError`]).
//!
//! ```
//! use ndplay::server::api::Examples;
//! let ex = Examples::new(&ndplay::server::Config::default());
//! assert_eq!(ex.examples[4].shape, [32, 28, 28, 3]);
//! ```

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use std::sync::Arc;

use axum::http::{HeaderMap, header};

use super::broadcast::{Explanation, explain};
use super::console::{self, ConsoleRequest, ConsoleRun};
use super::error::{AppError, ErrorBody, multipart_error};
use super::failures::{self, FailureCase};
use super::heatmap::{
    AxisRequest, AxisStatsData, PixelData, PixelRequest, SliceData, SliceRequest, axis_stats,
    pixel, slice,
};
use super::session::{Session, TabSession, ViewState};
use super::tensor::{Current, EXAMPLES, TensorInfo, TensorRequest, axis_meaning, describe};
use super::twins::{self, Primitive, TwinRun};
use super::upload::{UploadInfo, parse_upload, select};
use super::views::{ViewInfo, ViewOp, WriteInfo, apply, write};
use super::{AppState, Config};

/// `axum::Json` whose rejections are [`AppError`]s (a JSON body, not plain text).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let Json(v) = Json::<T>::from_request(req, state)
            .await
            .map_err(|e: JsonRejection| AppError::from(e))?;
        Ok(ApiJson(v))
    }
}

/// One example tensor of the rank selector.
#[derive(Clone, Debug, Serialize)]
pub struct Example {
    /// Its rank.
    pub rank: usize,
    /// Its shape.
    pub shape: Vec<usize>,
    /// What it holds (the seed's table).
    pub meaning: &'static str,
    /// What each axis means.
    pub axes: Vec<String>,
}

/// `GET /api/examples`: the rank selector's defaults and the server's limits.
#[derive(Clone, Debug, Serialize)]
pub struct Examples {
    /// The five example tensors, 0-D to 4-D.
    pub examples: Vec<Example>,
    /// Dtypes the sidebar offers.
    pub dtypes: Vec<&'static str>,
    /// The default request (what Reset restores).
    pub default: TensorRequest,
    /// Most elements of a generated tensor.
    pub max_elements: usize,
    /// Upload limit in MB.
    pub max_upload_mb: u64,
    /// The package version.
    pub version: &'static str,
}

impl Examples {
    /// The examples under `config`.
    pub fn new(config: &Config) -> Examples {
        Examples {
            examples: EXAMPLES
                .iter()
                .map(|(shape, meaning)| Example {
                    rank: shape.len(),
                    shape: shape.to_vec(),
                    meaning,
                    axes: (0..shape.len())
                        .map(|k| axis_meaning(shape.len(), k))
                        .collect(),
                })
                .collect(),
            dtypes: vec![
                "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8", "bool",
            ],
            default: TensorRequest::default(),
            max_elements: config.max_elements,
            max_upload_mb: config.max_upload_mb,
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

/// `GET /api/examples`.
pub async fn examples(State(state): State<AppState>) -> Json<Examples> {
    Json(Examples::new(&state.config))
}

/// Refuses console requests whose `Host` is not loopback, unless `--remote-console`.
fn console_host(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    if state.config.console.remote || console::loopback_host(host) {
        return Ok(());
    }
    Err(AppError::unavailable(
        format!(
            "the console (and Loop vs fast, which times Python in it) answers pages on \
             localhost only, and this request came for host {}",
            host.unwrap_or("(none)")
        ),
        "Open the playground at http://127.0.0.1:<port>/ (or start it with \
         --remote-console to run code for other machines, which then run Python on yours).",
    ))
}

/// `POST /api/console`: runs Python in the tab's console, `arr` bound to the current
/// tensor.
pub async fn console_run(
    State(state): State<AppState>,
    headers: HeaderMap,
    tab: TabSession,
    ApiJson(req): ApiJson<ConsoleRequest>,
) -> Result<Json<ConsoleRun>, AppError> {
    console_host(&state, &headers)?;
    let out = console::run(
        Arc::clone(&tab.session),
        &state.config.console,
        &state.consoles,
        req.code,
        state.config.max_elements,
    )
    .await?;
    tab.account();
    Ok(Json(out))
}

/// `POST /api/console/show`'s body.
#[derive(Clone, Debug, Deserialize)]
pub struct ShowRequest {
    /// A name the console's last run bound to an array.
    pub name: String,
}

/// `POST /api/console/show`: makes an array from the console's last run the current
/// tensor.
pub async fn console_show(
    State(state): State<AppState>,
    headers: HeaderMap,
    tab: TabSession,
    ApiJson(req): ApiJson<ShowRequest>,
) -> Result<Json<TensorState>, AppError> {
    console_host(&state, &headers)?;
    console::show(
        Arc::clone(&tab.session),
        &state.config.console,
        req.name,
        state.config.max_elements,
    )
    .await?;
    tab.run(|s| state_of(s)).await.map(Json)
}

/// `GET /api/failure-modes`: the failure-modes page's catalogue.
pub async fn failure_modes() -> Json<Vec<FailureCase>> {
    Json(failures::cases())
}

/// `GET /api/health`.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"ok": true, "version": env!("CARGO_PKG_VERSION")}))
}

/// The current tensor and the upload it came from, if any.
#[derive(Clone, Debug, Serialize)]
pub struct TensorState {
    /// The main panel's facts.
    pub tensor: TensorInfo,
    /// The upload, if any.
    pub upload: Option<UploadInfo>,
}

fn state_of(s: &Session) -> Result<TensorState, AppError> {
    Ok(TensorState {
        tensor: describe(&s.current)?,
        upload: s.upload.as_ref().map(UploadInfo::of),
    })
}

/// `GET /api/tensor`.
pub async fn get_tensor(tab: TabSession) -> Result<Json<TensorState>, AppError> {
    tab.run(|s| state_of(s)).await.map(Json)
}

/// `POST /api/tensor`: make a tensor from the sidebar's request.
pub async fn make_tensor(
    State(state): State<AppState>,
    tab: TabSession,
    ApiJson(req): ApiJson<TensorRequest>,
) -> Result<Json<TensorState>, AppError> {
    let max = state.config.max_elements;
    tab.run(move |s| {
        s.current = Current::generate(&req, max)?;
        s.view = None;
        state_of(s)
    })
    .await
    .map(Json)
}

/// `POST /api/reset`: back to the default tensor, no upload, no view.
pub async fn reset(tab: TabSession) -> Result<Json<TensorState>, AppError> {
    tab.run(|s| {
        *s = Session::new()?;
        state_of(s)
    })
    .await
    .map(Json)
}

/// `POST /api/simulate-error`'s answer: the error the seed's bad reshape raises.
#[derive(Clone, Debug, Serialize)]
pub struct Simulated {
    /// The code that was run.
    pub code: &'static str,
    /// The error it raised.
    pub error: ErrorBody,
    /// The engine's full explanation, as `ndplay` prints it.
    pub text: String,
}

/// `POST /api/simulate-error`: runs `np.arange(13).reshape(3, 4)`.
pub async fn simulate_error() -> Result<Json<Simulated>, AppError> {
    let a = ndplay_core::Array::arange(0.0, 13.0, 1.0, None)?;
    match a.reshape(&[3, 4]) {
        Ok(_) => Err(AppError::Internal(
            "reshaping 13 elements into (3, 4) succeeded".into(),
        )),
        Err(e) => Ok(Json(Simulated {
            code: "np.arange(13).reshape(3, 4)",
            text: e.to_string(),
            error: AppError::from(e).body(),
        })),
    }
}

/// `POST /api/upload`: multipart, the file in field `file`.
pub async fn upload(
    State(state): State<AppState>,
    tab: TabSession,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Json<TensorState>, AppError> {
    let mut multipart = multipart?;
    let limit = state.config.max_upload_bytes();
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| multipart_error(e, limit))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(|e| multipart_error(e, limit))?;
            file = Some((name, bytes));
        }
    }
    let (name, bytes) = file.ok_or_else(|| {
        AppError::bad_request(
            "the upload has no field named `file`",
            "Send the file as multipart/form-data in a field named `file`.",
        )
    })?;
    if bytes.len() > limit {
        return Err(multipart_error_too_large(limit));
    }
    // What an archive may inflate to: four times the upload limit, and never more than
    // all sessions together may hold. Uploads take turns, so only one inflates at a time.
    let inflate_cap = (limit as u64)
        .saturating_mul(4)
        .min(state.sessions.limits().max_total_bytes as u64);
    let _turn = state
        .uploads
        .acquire()
        .await
        .map_err(|_| AppError::Internal("the upload queue closed".into()))?;
    tab.run(move |s| {
        let up = parse_upload(&name, bytes.to_vec(), inflate_cap)?;
        s.current = select(&up, 0)?;
        s.upload = Some(up);
        s.view = None;
        state_of(s)
    })
    .await
    .map(Json)
}

fn multipart_error_too_large(limit: usize) -> AppError {
    AppError::too_large(
        format!(
            "the upload is larger than the server's limit of {} MB",
            limit / 1_000_000
        ),
        "Upload a smaller file, or restart the server with a larger --max-upload-mb.",
    )
}

/// `POST /api/upload/select` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectRequest {
    /// The tensor's position in the uploaded file.
    pub index: usize,
}

/// `POST /api/upload/select`: choose another tensor of the uploaded file.
pub async fn select_tensor(
    tab: TabSession,
    ApiJson(req): ApiJson<SelectRequest>,
) -> Result<Json<TensorState>, AppError> {
    tab.run(move |s| {
        let up = s.upload.as_mut().ok_or_else(|| {
            AppError::not_found(
                "this tab has no uploaded file",
                "Upload a file first (POST /api/upload).",
            )
        })?;
        let current = select(up, req.index)?;
        up.selected = req.index;
        s.current = current;
        s.view = None;
        state_of(s)
    })
    .await
    .map(Json)
}

/// `GET /api/slice?rows=&cols=&fixed=`: the heatmap's data.
pub async fn get_slice(
    tab: TabSession,
    query: Result<Query<SliceRequest>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<SliceData>, AppError> {
    let Query(req) = query?;
    tab.run(move |s| slice(&s.current.array, &req, &|k| s.current.axis_meaning(k)))
        .await
        .map(Json)
}

/// `GET /api/axis-stats?axis=`.
pub async fn get_axis_stats(
    tab: TabSession,
    query: Result<Query<AxisRequest>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<AxisStatsData>, AppError> {
    let Query(req) = query?;
    tab.run(move |s| axis_stats(&s.current.array, req.axis, &|k| s.current.axis_meaning(k)))
        .await
        .map(Json)
}

/// `GET /api/pixel?index=`: what lies under the heatmap's crosshair.
pub async fn get_pixel(
    tab: TabSession,
    query: Result<Query<PixelRequest>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PixelData>, AppError> {
    let Query(req) = query?;
    tab.run(move |s| pixel(&s.current.array, &req, &|k| s.current.axis_meaning(k)))
        .await
        .map(Json)
}

/// `POST /api/view` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ViewRequest {
    /// The operation.
    pub op: ViewOp,
    /// Its argument: a shape, an axis list or an index expression.
    #[serde(default)]
    pub arg: String,
    /// Apply it to the last view (`true`) or to arr (`false`, the default).
    #[serde(default)]
    pub chain: bool,
}

/// `POST /api/view`: reshape, transpose, slice or copy arr (or the last view).
pub async fn make_view(
    tab: TabSession,
    ApiJson(req): ApiJson<ViewRequest>,
) -> Result<Json<ViewInfo>, AppError> {
    tab.run(move |s| {
        let original = &s.current.array;
        let (input, expr) = match (&s.view, req.chain) {
            (Some(v), true) => (&v.array, v.expr.as_str()),
            _ => (original, "arr"),
        };
        let applied = apply(original, input, expr, req.op, &req.arg)?;
        s.view = Some(applied.state);
        Ok(applied.info)
    })
    .await
    .map(Json)
}

/// `DELETE /api/view`.
pub async fn clear_view(tab: TabSession) -> Result<Json<serde_json::Value>, AppError> {
    tab.run(|s| {
        s.view = None;
        Ok(serde_json::json!({"ok": true}))
    })
    .await
    .map(Json)
}

/// `POST /api/view/write` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteRequest {
    /// One integer per axis of the view, comma-separated.
    pub index: String,
    /// The value to write (cast to the view's dtype).
    pub value: f64,
}

/// `POST /api/view/write`: `view[index] = value`, and what it did to arr.
pub async fn write_view(
    tab: TabSession,
    ApiJson(req): ApiJson<WriteRequest>,
) -> Result<Json<WriteInfo>, AppError> {
    tab.run(move |s| {
        let view: &ViewState = s.view.as_ref().ok_or_else(|| {
            AppError::not_found(
                "there is no view to write through",
                "Make one first: reshape, transpose or slice arr.",
            )
        })?;
        write(&s.current.array, view, &req.index, req.value)
    })
    .await
    .map(Json)
}

/// `POST /api/broadcast` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BroadcastRequest {
    /// The first shape, `(8, 1, 6, 1)`.
    pub a: String,
    /// The second shape.
    pub b: String,
}

/// `POST /api/broadcast`: align two shapes; an incompatible pair is explained, with 200.
pub async fn broadcast(
    ApiJson(req): ApiJson<BroadcastRequest>,
) -> Result<Json<Explanation>, AppError> {
    explain(&req.a, &req.b).map(Json)
}

/// `POST /api/twins` body.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwinsRequest {
    /// `column_means`, `matmul`, `distances` or `standardize`.
    pub op: Primitive,
}

/// `POST /api/twins`: the Python loop and the vectorised call, timed in the tab's
/// console process on the current data. It runs Python, so it answers where the console
/// does.
pub async fn twins(
    State(state): State<AppState>,
    headers: HeaderMap,
    tab: TabSession,
    ApiJson(req): ApiJson<TwinsRequest>,
) -> Result<Json<TwinRun>, AppError> {
    console_host(&state, &headers)?;
    twins::run(
        Arc::clone(&tab.session),
        &state.config.console,
        &state.consoles,
        req.op,
    )
    .await
    .map(Json)
}

/// Any other `/api/...` path.
pub async fn not_found() -> AppError {
    AppError::not_found(
        "no such API endpoint",
        "The README's API section lists the endpoints: /api/tensor, /api/slice, \
         /api/axis-stats, /api/upload, /api/view, /api/broadcast, /api/twins, ...",
    )
}
