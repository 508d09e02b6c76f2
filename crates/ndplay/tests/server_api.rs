//! The playground's HTTP API through the router, without a socket
//! (`tower::ServiceExt::oneshot`), plus one real round trip on `127.0.0.1:0`.
//! Every endpoint is covered, with its 4xx answers: engine errors carry NumPy's message
//! and ndplay's hint, uploads over the limit get a 413, and tabs never see each other's
//! tensors.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::IntoResponse;
use ndplay::server::session::SessionLimits;
use ndplay::server::{AppError, AppState, Config, app};
use ndplay_io::{ElemType, RawTensor};
use serde_json::{Value, json};
use tower::ServiceExt;

const TAB: &str = "test-tab-0001";
const OTHER: &str = "test-tab-0002";

/// The defaults, with the console's worker processes run from the built binary (the
/// default, the running executable, is this test harness).
fn config() -> Config {
    let mut config = Config::default();
    config.console.worker_exe = env!("CARGO_BIN_EXE_ndplay").into();
    config
}

fn router() -> Router {
    app(AppState::new(config()))
}

async fn send(router: &Router, req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let res = router.clone().oneshot(req).await.expect("router answers");
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, body.to_vec())
}

async fn call(
    router: &Router,
    method: &str,
    uri: &str,
    tab: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    // Browsers always send Host; the console answers loopback hosts only.
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, "127.0.0.1:8501");
    if let Some(t) = tab {
        req = req.header("x-ndplay-session", t);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap();
    let (status, bytes) = send(router, req).await;
    let value = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{method} {uri}: not JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, value)
}

async fn get(router: &Router, uri: &str) -> (StatusCode, Value) {
    call(router, "GET", uri, Some(TAB), None).await
}

async fn post(router: &Router, uri: &str, body: Value) -> (StatusCode, Value) {
    call(router, "POST", uri, Some(TAB), Some(body)).await
}

fn multipart(field: &str, file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "ndplayTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload_as(
    router: &Router,
    tab: &str,
    field: &str,
    file_name: &str,
    bytes: &[u8],
) -> (StatusCode, Value) {
    let (ct, body) = multipart(field, file_name, bytes);
    let req = Request::post("/api/upload")
        .header("x-ndplay-session", tab)
        .header(header::CONTENT_TYPE, ct)
        .body(Body::from(body))
        .unwrap();
    let (status, bytes) = send(router, req).await;
    (status, serde_json::from_slice(&bytes).expect("JSON"))
}

async fn upload(router: &Router, file_name: &str, bytes: &[u8]) -> (StatusCode, Value) {
    upload_as(router, TAB, "file", file_name, bytes).await
}

fn f64_tensor(shape: &[usize], values: &[f64]) -> RawTensor {
    let bytes = values.iter().flat_map(|x| x.to_le_bytes()).collect();
    RawTensor::from_vec(ElemType::F64, shape.to_vec(), bytes).unwrap()
}

fn signal<'a>(tensor: &'a Value, name: &str) -> &'a str {
    tensor["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap()["status"]
        .as_str()
        .unwrap()
}

/// `uri` asked with `Accept-Encoding: encoding`: the answer's headers and body.
async fn fetch_encoded(r: &Router, uri: &str, encoding: &str) -> (header::HeaderMap, Vec<u8>) {
    let req = Request::get(uri)
        .header(header::ACCEPT_ENCODING, encoding)
        .body(Body::empty())
        .unwrap();
    let res = r.clone().oneshot(req).await.expect("router answers");
    assert_eq!(res.status(), 200, "{uri}");
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (headers, body.to_vec())
}

#[tokio::test]
async fn plotly_is_compressed_when_asked_and_cached() {
    use std::io::Read;
    let r = router();
    let uri = "/assets/vendor/plotly.min.js";
    let (plain_headers, plain) = fetch_encoded(&r, uri, "identity").await;
    assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
    assert!(plain.len() > 4_000_000, "{} bytes", plain.len());
    let (headers, gz) = fetch_encoded(&r, uri, "gzip").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(
        gz.len() < plain.len() / 2,
        "{} bytes gzipped of {}",
        gz.len(),
        plain.len()
    );
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut inflated)
        .expect("valid gzip");
    assert!(inflated == plain, "gzip inflates to Plotly");
    let cache = headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(
        cache.starts_with("public, max-age="),
        "Plotly is cached: {cache}"
    );
    assert!(
        headers[header::VARY]
            .to_str()
            .unwrap()
            .contains("accept-encoding")
    );

    let (headers, br) = fetch_encoded(&r, uri, "gzip, deflate, br, zstd").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert!(br.len() < plain.len() / 2, "{} bytes as brotli", br.len());
    // The page's own scripts change with the binary: compressed, but revalidated.
    let (headers, _) = fetch_encoded(&r, "/assets/app.js", "gzip").await;
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn the_page_and_its_assets_are_embedded() {
    let r = router();
    let (status, body) = send(&r, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("/assets/vendor/plotly.min.js"));
    assert!(html.contains("/assets/app.js"));
    for (uri, needle) in [
        ("/assets/app.js", "x-ndplay-session"),
        ("/assets/app.css", "body"),
        (
            "/assets/vendor/plotly.min.js",
            "Licensed under the MIT license",
        ),
    ] {
        let (status, body) = send(&r, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, 200, "{uri}");
        assert!(
            String::from_utf8_lossy(&body).contains(needle),
            "{uri} lacks {needle}"
        );
    }
    for uri in [
        "/assets/nope.js",
        "/assets/vendor/other.js",
        "/assets/..%2F..%2FCargo.toml",
        "/etc/passwd",
    ] {
        let (status, _) = send(&r, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, 404, "{uri}");
    }
}

#[tokio::test]
async fn health_and_examples_need_no_session() {
    let r = router();
    let (status, v) = call(&r, "GET", "/api/health", None, None).await;
    assert_eq!((status, &v["ok"]), (StatusCode::OK, &json!(true)));
    let (status, v) = call(&r, "GET", "/api/examples", None, None).await;
    assert_eq!(status, 200);
    let shapes: Vec<&Value> = v["examples"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["shape"])
        .collect();
    assert_eq!(
        shapes,
        [
            &json!([]),
            &json!([128]),
            &json!([32, 128]),
            &json!([32, 28, 28]),
            &json!([32, 28, 28, 3])
        ]
    );
    assert_eq!(
        v["examples"][4]["axes"],
        json!(["batch", "height", "width", "channels"])
    );
    assert_eq!(v["max_upload_mb"], 256);
}

#[tokio::test]
async fn session_header_is_required_and_checked() {
    let r = router();
    let (status, v) = call(&r, "GET", "/api/tensor", None, None).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["kind"], "request");
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("X-Ndplay-Session")
    );
    for bad in ["short", "has space in it", "bad/slash/char"] {
        let (status, _) = call(&r, "GET", "/api/tensor", Some(bad), None).await;
        assert_eq!(status, 400, "{bad:?}");
    }
}

#[tokio::test]
async fn a_new_tab_starts_on_the_2d_example() {
    let r = router();
    let (status, v) = get(&r, "/api/tensor").await;
    assert_eq!(status, 200);
    let t = &v["tensor"];
    assert_eq!(t["shape"], json!([32, 128]));
    assert_eq!(t["dtype"], "float64");
    assert_eq!(t["strides"], json!([1024, 8]));
    assert_eq!(t["axes"][0]["meaning"], "batch");
    assert_eq!(t["axes"][1]["stride_elements"], 1);
    assert_eq!(t["signals"].as_array().unwrap().len(), 6);
    assert_eq!(t["status"], "ok");
    assert_eq!(t["flags"]["c_contiguous"], true);
    assert_eq!(t["nbytes"], 32 * 128 * 8);
    assert!(
        t["expr"]
            .as_str()
            .unwrap()
            .starts_with("np.random.default_rng(0).standard_normal((32, 128))")
    );
    assert!(v["upload"].is_null());
}

#[tokio::test]
async fn every_rank_and_source_makes_its_tensor() {
    let r = router();
    for (shape, strides) in [
        (json!([]), json!([])),
        (json!([128]), json!([8])),
        (json!([32, 128]), json!([1024, 8])),
        (json!([32, 28, 28]), json!([6272, 224, 8])),
        (json!([32, 28, 28, 3]), json!([18816, 672, 24, 8])),
    ] {
        let (status, v) = post(&r, "/api/tensor", json!({"shape": shape})).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["tensor"]["shape"], shape);
        assert_eq!(v["tensor"]["strides"], strides);
    }
    let (_, v) = post(
        &r,
        "/api/tensor",
        json!({"shape": [3, 4], "source": "arange", "dtype": "int32"}),
    )
    .await;
    assert_eq!(v["tensor"]["dtype"], "int32");
    assert_eq!(v["tensor"]["strides"], json!([16, 4]));
    assert!(v["tensor"]["repr"].as_str().unwrap().contains("11]]"));
    let (_, v) = post(
        &r,
        "/api/tensor",
        json!({"shape": [100], "source": "integers", "low": 5, "high": 7, "dtype": "uint8"}),
    )
    .await;
    assert_eq!(v["tensor"]["finite_min"], 5.0);
    assert_eq!(v["tensor"]["finite_max"], 6.0);
}

#[tokio::test]
async fn injected_nan_and_inf_fire_the_signal() {
    let r = router();
    let (status, v) = post(
        &r,
        "/api/tensor",
        json!({"shape": [32, 28, 28], "nan": 3, "inf": 2, "dtype": "float32"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["tensor"]["nan_count"], 3);
    assert_eq!(v["tensor"]["inf_count"], 2);
    assert_eq!(signal(&v["tensor"], "nan_inf"), "fail");
    assert_eq!(v["tensor"]["status"], "fail");
}

#[tokio::test]
async fn bad_tensor_requests_are_4xx_with_explanations() {
    let r = router();
    let (status, v) = post(&r, "/api/tensor", json!({"shape": [100000, 100000]})).await;
    assert_eq!(status, 413);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(100000, 100000)")
    );
    let (status, _) = post(&r, "/api/tensor", json!({"shape": [u64::MAX, u64::MAX]})).await;
    assert_eq!(status, 413);
    let (status, _) = post(
        &r,
        "/api/tensor",
        json!({"shape": [1, 1, 1, 1, 1, 1, 1, 1, 1]}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, v) = post(&r, "/api/tensor", json!({"shape": [-3]})).await;
    assert_eq!(status, 400);
    assert_eq!(v["error"]["kind"], "request");
    let (status, _) = post(&r, "/api/tensor", json!({"shape": [3], "colour": "red"})).await;
    assert_eq!(status, 400);
    let (status, v) = post(&r, "/api/tensor", json!({"dtype": "float99"})).await;
    assert_eq!(status, 422);
    assert_eq!(v["error"]["type"], "TypeError");
    let (status, v) = post(&r, "/api/tensor", json!({"dtype": "int64", "nan": 1})).await;
    assert_eq!(status, 422);
    assert_eq!(v["error"]["type"], "ValueError");
    assert_eq!(v["error"]["message"], "cannot convert float NaN to integer");
    let (status, v) = post(
        &r,
        "/api/tensor",
        json!({"source": "integers", "low": 5, "high": 5}),
    )
    .await;
    assert_eq!(status, 422, "{v}");
    // Malformed JSON, and JSON without the content type.
    let req = Request::post("/api/tensor")
        .header("x-ndplay-session", TAB)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"shape\": [3,"))
        .unwrap();
    let (status, body) = send(&r, req).await;
    assert_eq!(status, 400);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["error"]["kind"], "request");
    let req = Request::post("/api/tensor")
        .header("x-ndplay-session", TAB)
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&r, req).await.0, 400);
    // The tab still has its tensor after all that.
    let (status, v) = get(&r, "/api/tensor").await;
    assert_eq!(
        (status, &v["tensor"]["shape"]),
        (StatusCode::OK, &json!([32, 128]))
    );
}

#[tokio::test]
async fn simulate_error_explains_the_bad_reshape_and_reset_restores() {
    let r = router();
    post(&r, "/api/tensor", json!({"shape": [5]})).await;
    let (status, v) = post(&r, "/api/simulate-error", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(v["code"], "np.arange(13).reshape(3, 4)");
    assert_eq!(v["error"]["type"], "ValueError");
    assert_eq!(
        v["error"]["message"],
        "cannot reshape array of size 13 into shape (3,4)"
    );
    assert!(!v["error"]["hint"].as_str().unwrap().is_empty());
    assert!(v["text"].as_str().unwrap().contains("13 elements"));
    let (status, v) = post(&r, "/api/reset", json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(v["tensor"]["shape"], json!([32, 128]));
}

#[tokio::test]
async fn heatmap_slices_and_channel_histograms_of_a_4d_batch() {
    let r = router();
    post(&r, "/api/tensor", json!({"shape": [32, 28, 28, 3]})).await;
    let (status, a) = get(&r, "/api/slice?rows=1&cols=2&fixed=0,0").await;
    assert_eq!(status, 200);
    assert_eq!(a["expr"], "arr[0, :, :, 0]");
    assert_eq!(a["shape"], json!([28, 28]));
    assert_eq!(a["z"].as_array().unwrap().len(), 28);
    assert_eq!(a["histograms"].as_array().unwrap().len(), 3);
    assert_eq!(a["y_label"], "axis 1 (height)");
    let (_, b) = get(&r, "/api/slice?rows=1&cols=2&fixed=5,2").await;
    assert_eq!(b["expr"], "arr[5, :, :, 2]");
    assert_ne!(a["z"], b["z"]);
    assert_ne!(a["histograms"], b["histograms"]);
    let (_, c) = get(&r, "/api/slice?rows=0&cols=3&fixed=4,7").await;
    assert_eq!(c["expr"], "arr[:, 4, 7, :]");
    assert!(c["histograms"].is_null());
    let (status, v) = get(&r, "/api/slice?rows=1&cols=2&fixed=32,0").await;
    assert_eq!(status, 422);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("out of range")
    );
    let (status, _) = get(&r, "/api/slice?rows=1&cols=1&fixed=0,0").await;
    assert_eq!(status, 422);
    let (status, _) = get(&r, "/api/slice?rows=one").await;
    assert_eq!(status, 400);
    // 0-D and 1-D tensors are shown whole.
    post(&r, "/api/tensor", json!({"shape": []})).await;
    let (_, v) = get(&r, "/api/slice").await;
    assert_eq!(v["shape"], json!([1, 1]));
    post(&r, "/api/tensor", json!({"shape": [128]})).await;
    let (_, v) = get(&r, "/api/slice").await;
    assert_eq!(v["z"][0].as_array().unwrap().len(), 128);
}

#[tokio::test]
async fn the_pixel_under_the_crosshair_in_every_channel() {
    let r = router();
    // arange in uint16: arr[b, h, w, c] = ((28 b + h) 28 + w) 3 + c, printed as integers.
    let req = json!({"shape": [32, 28, 28, 3], "dtype": "uint16", "source": "arange"});
    assert_eq!(post(&r, "/api/tensor", req).await.0, 200);
    let (status, p) = get(&r, "/api/pixel?index=3,14,9,:").await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(p["expr"], "arr[3, 14, 9, :]");
    assert_eq!(p["dtype"], "uint16");
    assert_eq!(p["axis"], 3);
    assert_eq!(p["meaning"], "channels");
    assert_eq!(p["values"], json!(["8259", "8260", "8261"]));
    // The same cells as the heatmap of each channel shows under the crosshair.
    for c in 0..3 {
        let (_, s) = get(&r, &format!("/api/slice?rows=1&cols=2&fixed=3,{c}")).await;
        assert_eq!(s["z"][14][9], json!(8259.0 + f64::from(c)));
    }
    let (_, one) = get(&r, "/api/pixel?index=3,14,9,-1").await;
    assert_eq!(
        (&one["expr"], &one["values"]),
        (&json!("arr[3, 14, 9, 2]"), &json!(["8261"]))
    );
    // An index for another array (a page's late request after Reset) does not fit: 422.
    let (status, v) = get(&r, "/api/pixel?index=0,0").await;
    assert_eq!(status, 422);
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("one integer per axis")
    );
    let (status, _) = get(&r, "/api/pixel?index=0,28,0,:").await;
    assert_eq!(status, 422);
    let (status, _) = get(&r, "/api/pixel?index=0,:,0,:").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn axis_stats_reduce_the_chosen_axis() {
    let r = router();
    let (status, v) = get(&r, "/api/axis-stats?axis=0").await;
    assert_eq!(status, 200);
    assert_eq!(v["shape"], json!([128]));
    assert_eq!(v["meaning"], "batch");
    assert_eq!(v["mean"].as_array().unwrap().len(), 128);
    let (_, v) = get(&r, "/api/axis-stats?axis=-1").await;
    assert_eq!(v["axis"], 1);
    assert_eq!(v["shape"], json!([32]));
    let (status, v) = get(&r, "/api/axis-stats?axis=2").await;
    assert_eq!(status, 422);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("(32, 128)")
    );
    let (status, _) = get(&r, "/api/axis-stats").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn uploads_of_csv_npy_npz_and_safetensors() {
    let r = router();
    let (status, v) = upload(&r, "scores.csv", b"a,b,c\n1,2,3\n4,5,6\n").await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["shape"], json!([2, 3]));
    assert_eq!(v["upload"]["format"], "csv");
    assert_eq!(v["upload"]["columns"], json!(["a", "b", "c"]));
    assert_eq!(v["tensor"]["flags"]["writeable"], true);

    let t = f64_tensor(&[2, 2], &[1.0, f64::NAN, 3.0, 4.0]);
    let npy = ndplay_io::npy::to_bytes(&t).unwrap();
    let (status, v) = upload(&r, "x.npy", &npy).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["nan_count"], 1);
    assert_eq!(signal(&v["tensor"], "nan_inf"), "fail");

    let w = f64_tensor(&[3], &[1.0, 2.0, 3.0]);
    let b = f64_tensor(&[2, 2, 2, 1], &[0.0; 8]);
    let npz = ndplay_io::npz::write_to(Vec::new(), &[("w", &w), ("images", &b)], true).unwrap();
    let (status, v) = upload(&r, "two.npz", &npz).await;
    assert_eq!(status, 200, "{v}");
    let names: Vec<&Value> = v["upload"]["tensors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["name"])
        .collect();
    assert_eq!(names, [&json!("w"), &json!("images")]);
    assert_eq!(v["tensor"]["shape"], json!([3]));
    let (status, v) = post(&r, "/api/upload/select", json!({"index": 1})).await;
    assert_eq!(status, 200);
    assert_eq!(v["tensor"]["shape"], json!([2, 2, 2, 1]));
    assert_eq!(v["upload"]["selected"], 1);
    let (status, _) = post(&r, "/api/upload/select", json!({"index": 2})).await;
    assert_eq!(status, 404);

    let header = br#"{"weight":{"dtype":"F64","shape":[2,3],"data_offsets":[0,48]}}"#;
    let mut st = (header.len() as u64).to_le_bytes().to_vec();
    st.extend_from_slice(header);
    st.extend((0..6).flat_map(|i| f64::from(i).to_le_bytes()));
    let (status, v) = upload(&r, "m.safetensors", &st).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["shape"], json!([2, 3]));
    assert_eq!(v["tensor"]["origin"]["name"], "weight");
    assert_eq!(v["tensor"]["finite_max"], 5.0);
}

#[tokio::test]
async fn uploads_never_open_the_name_they_carry() {
    let r = router();
    let (status, v) = upload(&r, "/etc/passwd.csv", b"7,8\n").await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["shape"], json!([1, 2]));
    assert_eq!(v["tensor"]["finite_max"], 8.0);
    assert_eq!(v["upload"]["file"], "/etc/passwd.csv");
}

#[tokio::test]
async fn bad_uploads_are_4xx() {
    let r = router();
    let (status, v) = upload(&r, "notes.bin", b"hello").await;
    assert_eq!(status, 400);
    assert!(v["error"]["hint"].as_str().unwrap().contains(".npy"));
    let mut npy = ndplay_io::npy::to_bytes(&f64_tensor(&[4], &[1.0; 4])).unwrap();
    npy.truncate(npy.len() - 5);
    let (status, v) = upload(&r, "cut.npy", &npy).await;
    assert_eq!(status, 422);
    assert_eq!(v["error"]["kind"], "upload");
    // An empty CSV is an empty tensor, as np.loadtxt gives: loud in the shape signal.
    let (status, v) = upload(&r, "empty.csv", b"").await;
    assert_eq!(status, 200);
    assert_eq!(signal(&v["tensor"], "shape"), "warn");
    let (status, v) = upload_as(&r, TAB, "data", "x.csv", b"1,2\n").await;
    assert_eq!(status, 400);
    assert!(v["error"]["message"].as_str().unwrap().contains("file"));
    let req = Request::post("/api/upload")
        .header("x-ndplay-session", TAB)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("1,2"))
        .unwrap();
    assert_eq!(send(&r, req).await.0, 400);
}

#[tokio::test]
async fn uploads_over_the_limit_get_a_clear_413() {
    let r = app(AppState::new(Config {
        max_upload_mb: 1,
        ..config()
    }));
    let big = vec![b'1'; 1_200_000];
    let (status, v) = upload(&r, "big.csv", &big).await;
    assert_eq!(status, 413);
    assert_eq!(v["error"]["kind"], "too_large");
    assert!(v["error"]["message"].as_str().unwrap().contains("1 MB"));
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("--max-upload-mb")
    );
    // Just under the limit is fine.
    let mut ok = "1,2\n".repeat(200_000).into_bytes();
    ok.truncate(800_000);
    let (status, v) = upload(&r, "ok.csv", &ok).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn views_share_memory_until_a_reshape_copies() {
    let r = router();
    post(
        &r,
        "/api/tensor",
        json!({"shape": [3, 4], "source": "arange", "dtype": "float64"}),
    )
    .await;
    let (status, _) = post(&r, "/api/view/write", json!({"index": "0", "value": 1.0})).await;
    assert_eq!(status, 404);
    let (status, t) = post(&r, "/api/view", json!({"op": "transpose"})).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["expr"], "arr.T");
    assert_eq!(t["strides"], json!([8, 32]));
    assert_eq!(t["shares_memory"], true);
    assert_eq!(t["flags"]["c_contiguous"], false);
    let (_, w) = post(&r, "/api/view/write", json!({"index": "1, 2", "value": 99})).await;
    assert_eq!(w["original_changed"], true);
    assert_eq!(w["changes"][0]["index"], json!([2, 1]));
    let (_, c) = post(
        &r,
        "/api/view",
        json!({"op": "reshape", "arg": "-1", "chain": true}),
    )
    .await;
    assert_eq!(c["expr"], "arr.T.reshape(-1)");
    assert_eq!(c["copied"], true);
    assert_eq!(c["shares_memory"], false);
    let (_, w) = post(&r, "/api/view/write", json!({"index": "0", "value": -5})).await;
    assert_eq!(w["original_changed"], false);
    let (_, s) = post(&r, "/api/view", json!({"op": "slice", "arg": "::2, 1:"})).await;
    assert_eq!(s["shape"], json!([2, 3]));
    assert_eq!(s["strides"], json!([64, 8]));
    let (_, rv) = post(&r, "/api/view", json!({"op": "reshape", "arg": "(2, 6)"})).await;
    assert_eq!(rv["copied"], false);
    assert_eq!(rv["shares_memory"], true);
    let (status, e) = post(&r, "/api/view", json!({"op": "reshape", "arg": "(5, 5)"})).await;
    assert_eq!(status, 422);
    assert_eq!(e["error"]["type"], "ValueError");
    assert_eq!(
        e["error"]["message"],
        "cannot reshape array of size 12 into shape (5,5)"
    );
    let (status, e) = post(&r, "/api/view", json!({"op": "slice", "arg": "7"})).await;
    assert_eq!(status, 422);
    assert_eq!(e["error"]["type"], "IndexError");
    let (status, _) = post(&r, "/api/view", json!({"op": "transpose", "arg": "0, 0"})).await;
    assert_eq!(status, 422);
    let (status, _) = post(&r, "/api/view", json!({"op": "explode"})).await;
    assert_eq!(status, 400);
    let (status, _) = post(&r, "/api/view", json!({"op": "slice", "arg": "1:x"})).await;
    assert_eq!(status, 400);
    let (status, v) = call(&r, "DELETE", "/api/view", Some(TAB), None).await;
    assert_eq!((status, &v["ok"]), (StatusCode::OK, &json!(true)));
    let (status, _) = post(&r, "/api/view/write", json!({"index": "0", "value": 1.0})).await;
    assert_eq!(status, 404);
    // arr kept the one write that reached it.
    let (_, v) = get(&r, "/api/tensor").await;
    assert_eq!(v["tensor"]["finite_max"], 99.0);
}

#[tokio::test]
async fn broadcasting_explains_both_outcomes() {
    let r = router();
    let (status, v) = post(
        &r,
        "/api/broadcast",
        json!({"a": "(8, 1, 6, 1)", "b": "(7, 1, 5)"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v["result"], json!([8, 7, 6, 5]));
    assert_eq!(v["columns"][0]["b"], Value::Null);
    let (status, v) = post(
        &r,
        "/api/broadcast",
        json!({"a": "(32, 128)", "b": "(32,)"}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(v["result"].is_null());
    assert_eq!(v["columns"][1]["clash"], true);
    assert_eq!(v["error"]["type"], "ValueError");
    assert!(v["error"]["hint"].as_str().unwrap().len() > 10);
    let (status, _) = post(&r, "/api/broadcast", json!({"a": "(3, x)", "b": "()"})).await;
    assert_eq!(status, 400);
    let (status, _) = call(
        &r,
        "POST",
        "/api/broadcast",
        None,
        Some(json!({"a": "3", "b": "3"})),
    )
    .await;
    assert_eq!(status, 200, "broadcasting needs no session");
}

#[tokio::test]
async fn loop_vs_fast_times_the_python_it_shows_in_the_tabs_console() {
    let r = router();
    post(&r, "/api/tensor", json!({"shape": [16, 4, 4, 3]})).await;
    for op in ["column_means", "matmul", "distances", "standardize"] {
        let (status, v) = post(&r, "/api/twins", json!({"op": op})).await;
        assert_eq!(status, 200, "{op}: {v}");
        assert_eq!(v["primitive"], op);
        assert!(v["timed_in"].as_str().unwrap().starts_with("Python"), "{v}");
        let setup = v["setup"].as_str().unwrap();
        let loop_code = v["loop_code"].as_str().unwrap();
        assert!(
            loop_code.contains(" in range("),
            "{op}: a Python loop: {loop_code}"
        );
        assert!(!v["fast_code"].as_str().unwrap().contains(" for "), "{v}");
        // The setup that ran says how many rows X has.
        let rows = setup
            .split("X = arr.reshape(16, -1)[:")
            .nth(1)
            .map_or(16, |rest| rest.split(']').next().unwrap().parse().unwrap());
        assert_eq!(v["input_shape"], json!([rows, 48]), "{op}: {setup}");
        assert!(setup.ends_with("\nn, d = X.shape"), "{setup}");
        assert!(v["loop"]["runs"].as_u64().unwrap() >= 1);
        assert!(v["fast"]["runs"].as_u64().unwrap() >= 5);
        for side in ["loop", "fast"] {
            let (best, median) = (
                v[side]["best_ms"].as_f64().unwrap(),
                v[side]["median_ms"].as_f64().unwrap(),
            );
            assert!(best > 0.0 && best <= median, "{op} {side}: {v}");
        }
        assert_eq!(v["agree"], true, "{op}: {v}");
        assert!(v["max_abs_diff"].as_f64().unwrap() <= 1e-9, "{v}");
        assert_eq!(v["rtol"], 1e-9);
        // A ratio, and the reason it means nothing when it does not.
        assert!(v["speedup"].as_f64().unwrap() > 0.0);
        assert!(
            v["too_small"].is_null() || v["too_small"].as_str().unwrap().starts_with("Too small")
        );
    }
}

#[tokio::test]
async fn loop_vs_fast_runs_the_lessons_column_means_on_every_row() {
    let r = router();
    let (status, v) = post(&r, "/api/tensor", json!({"shape": [10000, 512]})).await;
    assert_eq!(
        status, 200,
        "the lesson's embedding matrix is a tensor: {v}"
    );
    let (status, v) = post(&r, "/api/twins", json!({"op": "column_means"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["setup"], "X = arr\nn, d = X.shape");
    assert_eq!(
        v["loop_code"],
        "col_means_loop = [X[:, j].mean() for j in range(d)]"
    );
    assert_eq!(v["fast_code"], "col_means_vec = X.mean(axis=0)");
    assert_eq!(v["input_shape"], json!([10000, 512]));
    assert_eq!(v["result_shape"], json!([512]));
    assert!(v["cut"].is_null(), "{v}");
    assert_eq!(v["agree"], true, "{v}");
    // The quadratic loops take the first rows, and say so.
    let (status, v) = post(&r, "/api/twins", json!({"op": "matmul"})).await;
    assert_eq!(status, 200, "{v}");
    let rows = v["input_shape"][0].as_u64().unwrap();
    assert!(rows < 10000, "{v}");
    assert!(
        v["setup"]
            .as_str()
            .unwrap()
            .contains(&format!("X = arr[:{rows}]\n")),
        "{v}"
    );
    assert!(
        v["cut"]
            .as_str()
            .unwrap()
            .starts_with(&format!("the first {rows} of 10000 rows")),
        "{v}"
    );
}

#[tokio::test]
async fn loop_vs_fast_calls_a_tiny_tensor_too_small() {
    let r = router();
    post(&r, "/api/tensor", json!({"shape": [2, 3]})).await;
    let (status, v) = post(&r, "/api/twins", json!({"op": "column_means"})).await;
    assert_eq!(status, 200, "{v}");
    let why = v["too_small"].as_str().expect("too small");
    assert!(
        why.contains("(2, 3)") && why.contains("(10000, 512)"),
        "{why}"
    );
    assert_eq!(v["agree"], true);
}

#[tokio::test]
async fn loop_vs_fast_leaves_the_consoles_variables_alone() {
    let r = router();
    let (_, v) = post(
        &r,
        "/api/console",
        json!({"code": "import numpy as np\nX = 'mine'\nn = 41\ntop = arr[:2]"}),
    )
    .await;
    assert!(v["error"].is_null(), "{v}");
    let (status, v) = post(&r, "/api/twins", json!({"op": "standardize"})).await;
    assert_eq!(status, 200, "{v}");
    let (_, v) = post(
        &r,
        "/api/console",
        json!({"code": "print(X, n + 1, np.shares_memory(top, arr))"}),
    )
    .await;
    assert_eq!(v["stdout"], "mine 42 True\n", "{v}");
}

#[tokio::test]
async fn loop_vs_fast_refusals_say_what_and_how() {
    let r = router();
    let (status, v) = post(&r, "/api/twins", json!({"op": "fft"})).await;
    assert_eq!(status, 400, "{v}");
    post(&r, "/api/tensor", json!({"shape": [0, 3]})).await;
    let (status, v) = post(&r, "/api/twins", json!({"op": "column_means"})).await;
    assert_eq!(status, 422, "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("(0, 3)") && message.contains("nothing to loop over"),
        "{v}"
    );
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("(10000, 512)")
    );
    // Text data, made in the console.
    let (_, v) = post(
        &r,
        "/api/console",
        json!({"code": "import numpy as np\narr = np.array(['a', 'b'])"}),
    )
    .await;
    assert_eq!(v["current_changed"], true, "{v}");
    let (status, v) = post(&r, "/api/twins", json!({"op": "matmul"})).await;
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["error"]["type"], "TypeError");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("dtype <U1"),
        "{v}"
    );
    // Off with the console, and only for pages on this machine.
    let mut off = config();
    off.console.enabled = false;
    let off = app(AppState::new(off));
    let (status, v) = post(&off, "/api/twins", json!({"op": "matmul"})).await;
    assert_eq!(status, 503, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("console is off"),
        "{v}"
    );
    let req = Request::post("/api/twins")
        .header(header::HOST, "10.0.0.2:8501")
        .header("x-ndplay-session", TAB)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"op": "matmul"}).to_string()))
        .unwrap();
    let (status, body) = send(&r, req).await;
    assert_eq!(status, 503);
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("localhost only") && body.contains("10.0.0.2"),
        "{body}"
    );
}

#[tokio::test]
async fn tabs_never_see_each_others_tensors() {
    let r = router();
    post(
        &r,
        "/api/tensor",
        json!({"shape": [32, 28, 28, 3], "nan": 4}),
    )
    .await;
    upload(&r, "a.csv", b"1,2\n3,4\n").await;
    post(&r, "/api/view", json!({"op": "transpose"})).await;
    post(
        &r,
        "/api/view/write",
        json!({"index": "0, 0", "value": 1e9}),
    )
    .await;
    let (_, mine) = get(&r, "/api/tensor").await;
    assert_eq!(mine["tensor"]["shape"], json!([2, 2]));
    assert_eq!(mine["tensor"]["finite_max"], 1e9);

    let (status, theirs) = call(&r, "GET", "/api/tensor", Some(OTHER), None).await;
    assert_eq!(status, 200);
    assert_eq!(theirs["tensor"]["shape"], json!([32, 128]));
    assert_eq!(theirs["tensor"]["nan_count"], 0);
    assert!(theirs["upload"].is_null());
    let (status, _) = call(
        &r,
        "POST",
        "/api/view/write",
        Some(OTHER),
        Some(json!({"index": "0, 0", "value": 1})),
    )
    .await;
    assert_eq!(status, 404, "the other tab has no view");
    call(&r, "POST", "/api/reset", Some(OTHER), Some(json!({}))).await;
    let (_, mine) = get(&r, "/api/tensor").await;
    assert_eq!(mine["tensor"]["shape"], json!([2, 2]));
}

#[tokio::test]
async fn sessions_are_bounded() {
    let r = app(AppState::new(Config {
        sessions: SessionLimits {
            max_sessions: 2,
            ..SessionLimits::default()
        },
        ..config()
    }));
    let make = |tab: &'static str| {
        let r = r.clone();
        async move {
            call(
                &r,
                "POST",
                "/api/tensor",
                Some(tab),
                Some(json!({"shape": [7]})),
            )
            .await
        }
    };
    make("bounded-tab-1").await;
    make("bounded-tab-2").await;
    make("bounded-tab-3").await;
    let (_, v) = call(&r, "GET", "/api/tensor", Some("bounded-tab-1"), None).await;
    assert_eq!(
        v["tensor"]["shape"],
        json!([32, 128]),
        "the least recently used tab starts over"
    );
    let (_, v) = call(&r, "GET", "/api/tensor", Some("bounded-tab-3"), None).await;
    assert_eq!(v["tensor"]["shape"], json!([7]));
}

#[tokio::test]
async fn unknown_endpoints_and_methods() {
    let r = router();
    let (status, v) = get(&r, "/api/nothing-here").await;
    assert_eq!(status, 404);
    assert_eq!(v["error"]["kind"], "not_found");
    let req = Request::delete("/api/tensor")
        .header("x-ndplay-session", TAB)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&r, req).await.0, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn internal_faults_hide_their_details() {
    let res = AppError::Internal("secret detail at src/x.rs:12".into()).into_response();
    assert_eq!(res.status(), 500);
    let body = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert!(!text.contains("secret"));
    assert!(text.contains("internal server error"));
}

#[tokio::test]
async fn other_names_and_other_sites_pages_are_refused() {
    let r = router();
    // A DNS-rebinding page: the browser sends its own name as Host, on every endpoint.
    for (method, uri) in [("GET", "/"), ("GET", "/api/tensor"), ("POST", "/api/reset")] {
        let req = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "rebind.attacker.example:8501")
            .header("x-ndplay-session", TAB)
            .body(Body::empty())
            .unwrap();
        let (status, body) = send(&r, req).await;
        assert_eq!(status, 403, "{method} {uri}");
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["kind"], "forbidden");
        assert!(
            v["error"]["message"]
                .as_str()
                .unwrap()
                .contains("rebind.attacker.example"),
            "{v}"
        );
    }
    // Another site's page posting to the real address: refused; our own page: answered.
    for (origin, expected) in [
        ("https://attacker.example", 403),
        ("null", 403),
        ("http://127.0.0.1:8501", 200),
    ] {
        let req = Request::post("/api/tensor")
            .header(header::HOST, "127.0.0.1:8501")
            .header(header::ORIGIN, origin)
            .header("x-ndplay-session", TAB)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(r#"{"shape": [2, 2], "source": "arange"}"#))
            .unwrap();
        assert_eq!(send(&r, req).await.0, expected, "Origin {origin}");
    }
    // An IP address (a LAN server's, too) and localhost are answered.
    for host in ["localhost:8501", "[::1]:8501", "192.168.1.20:8501"] {
        let req = Request::get("/api/examples")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&r, req).await.0, 200, "Host {host}");
    }
}

/// One real HTTP/1.1 exchange over a socket, without a client library.
async fn http(addr: std::net::SocketAddr, request: &str) -> String {
    use std::io::{Read, Write};
    let request = request.to_string();
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(30)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut out = Vec::new();
        stream.read_to_end(&mut out).unwrap();
        String::from_utf8_lossy(&out).into_owned()
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_real_round_trip_on_a_loopback_socket() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(ndplay::server::serve(
        listener,
        AppState::new(config()),
        async {
            stopped.await.ok();
        },
    ));
    let page = http(
        addr,
        "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("text/html"));
    let body = r#"{"shape": [2, 3], "source": "arange"}"#;
    let made = http(
        addr,
        &format!(
            "POST /api/tensor HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
             X-Ndplay-Session: socket-tab-1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(made.starts_with("HTTP/1.1 200"), "{made}");
    assert!(made.contains(r#""shape":[2,3]"#));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

// ---------------------------------------------------------------- the console panel

#[tokio::test]
async fn the_console_runs_against_the_current_tensor_and_explains() {
    let r = router();
    post(
        &r,
        "/api/tensor",
        json!({"shape": [4, 3], "dtype": "float64", "source": "arange"}),
    )
    .await;
    let (status, v) = post(
        &r,
        "/api/console",
        json!({"code": "import numpy as np\nprint(arr.shape)\nc = arr - arr.mean(axis=1, keepdims=True)\nrow = arr[0]\narr.sum()"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["stdout"], "(4, 3)\n");
    assert_eq!(v["result"], "np.float64(66.0)");
    assert_eq!(v["error"], Value::Null);
    assert_eq!(v["diagnostics"][0]["kind"], "axis_statistic");
    assert_eq!(v["diagnostics"][0]["line"], 3);
    assert_eq!(
        v["diagnostics"][0]["segment"],
        "arr - arr.mean(axis=1, keepdims=True)"
    );
    let tensors = v["tensors"].as_array().unwrap();
    assert_eq!(tensors.len(), 2);
    assert_eq!(tensors[1]["name"], "row");
    assert_eq!(tensors[1]["shares_memory_with_arr"], true);
    assert_eq!(v["current_changed"], false);
    // Variables persist between runs; showing one makes it the current tensor.
    let (_, v) = post(&r, "/api/console", json!({"code": "row.shape"})).await;
    assert_eq!(v["result"], "(3,)");
    let (status, v) = post(&r, "/api/console/show", json!({"name": "row"})).await;
    assert_eq!(status, 404, "only arrays of the last run can be shown: {v}");
    post(&r, "/api/console", json!({"code": "top = arr[:2]"})).await;
    let (status, v) = post(&r, "/api/console/show", json!({"name": "top"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["shape"], json!([2, 3]));
    assert_eq!(v["tensor"]["origin"]["kind"], "console");
}

#[tokio::test]
async fn console_writes_reach_the_tensor_and_rebinding_arr_replaces_it() {
    let r = router();
    post(
        &r,
        "/api/tensor",
        json!({"shape": [2, 2], "dtype": "float64", "source": "arange"}),
    )
    .await;
    let (_, v) = post(&r, "/api/console", json!({"code": "arr[0, 0] = 42"})).await;
    assert_eq!(v["error"], Value::Null, "{v}");
    let (_, t) = get(&r, "/api/tensor").await;
    assert!(t["tensor"]["repr"].as_str().unwrap().contains("42."), "{t}");
    let (_, v) = post(&r, "/api/console", json!({"code": "arr = arr.T * 2"})).await;
    assert_eq!(v["current_changed"], true);
    let (_, t) = get(&r, "/api/tensor").await;
    assert_eq!(t["tensor"]["origin"]["kind"], "console");
    assert!(t["tensor"]["repr"].as_str().unwrap().contains("84."), "{t}");
}

#[tokio::test]
async fn console_errors_timeouts_and_guard_rails() {
    let r = app(AppState::new(Config {
        console: ndplay::server::console::ConsoleSettings {
            timeout: std::time::Duration::from_millis(500),
            ..config().console
        },
        ..config()
    }));
    let (status, v) = post(
        &r,
        "/api/console",
        json!({"code": "import numpy as np\nnp.ones(3) + np.ones(4)"}),
    )
    .await;
    assert_eq!(status, 200, "a Python error is an answer: {v}");
    assert_eq!(v["error"]["py_type"], "ValueError");
    assert!(v["error"]["hint"].as_str().unwrap().contains("(3,)"), "{v}");
    let (_, v) = post(
        &r,
        "/api/console",
        json!({"code": "for i in range(3)\n    pass"}),
    )
    .await;
    assert_eq!(v["error"]["kind"], "syntax");
    let (_, v) = post(&r, "/api/console", json!({"code": "while True:\n    pass"})).await;
    assert_eq!(v["error"]["kind"], "timeout", "{v}");
    let (_, v) = post(
        &r,
        "/api/console",
        json!({"code": "open('/etc/hostname').read()"}),
    )
    .await;
    assert_eq!(v["error"]["py_type"], "PermissionError", "{v}");
    let (status, v) = post(
        &r,
        "/api/console",
        json!({"code": "x = 1\n".repeat(20_000)}),
    )
    .await;
    assert_eq!(status, 413, "{v}");
    let (_, v) = post(&r, "/api/console", json!({"code": "print('still alive')"})).await;
    assert_eq!(v["stdout"], "still alive\n");
}

#[tokio::test]
async fn the_console_answers_loopback_pages_only() {
    let r = router();
    // A LAN address passes the server's Host check (no DNS rebinding through an IP),
    // but the console runs code for this machine's pages only.
    let req = Request::post("/api/console")
        .header(header::HOST, "10.0.0.2:8501")
        .header("x-ndplay-session", TAB)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(json!({"code": "1"}).to_string()))
        .unwrap();
    let (status, bytes) = send(&r, req).await;
    assert_eq!(status, 503);
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("localhost only"),
        "{v}"
    );
    let off = app(AppState::new(Config {
        console: ndplay::server::console::ConsoleSettings {
            enabled: false,
            ..config().console
        },
        ..config()
    }));
    let (status, _) = post(&off, "/api/console", json!({"code": "1"})).await;
    assert_eq!(status, 503);
}

#[tokio::test]
async fn the_failure_modes_catalogue_and_page_are_served() {
    let r = router();
    let (status, v) = get(&r, "/api/failure-modes").await;
    assert_eq!(status, 200);
    assert!(v.as_array().unwrap().len() >= 9);
    let (status, body) = send(
        &r,
        Request::get("/failure-modes").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("Failure modes NumPy lets through"));
    let (status, _) = send(
        &r,
        Request::get("/assets/ndplay.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn axis_names_are_not_guessed_for_arrays_the_console_made() {
    // Issue 20, item 6: after `arr = arr.T` the badge said "axis 0: batch (128)".
    let r = router();
    let (status, v) = post(&r, "/api/tensor", json!({"shape": [128, 64]})).await;
    assert_eq!(status, 200, "{v}");
    let (_, v) = get(&r, "/api/tensor").await;
    assert_eq!(v["tensor"]["axes"][0]["meaning"], "batch", "{v}");
    let (status, v) = post(&r, "/api/console", json!({"code": "arr = arr.T"})).await;
    assert_eq!(status, 200, "{v}");
    let (_, v) = get(&r, "/api/tensor").await;
    assert_eq!(v["tensor"]["shape"], json!([64, 128]), "{v}");
    assert_eq!(v["tensor"]["axes"][0]["meaning"], "axis 0", "{v}");
    assert_eq!(v["tensor"]["axes"][1]["meaning"], "axis 1", "{v}");
    let (_, v) = get(&r, "/api/axis-stats?axis=1").await;
    assert_eq!(v["meaning"], "axis 1", "{v}");
}
