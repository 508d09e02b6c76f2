//! The web console's worker processes (`ndplay console-worker`, one per tab), with the
//! real binary: a tab stuck in a loop or blowing up its memory does not stall other tabs
//! or grow the server; code stuck past the deadline is killed and the tab restarts; a
//! worker that dies is reported and replaced; workers die with their tab and with the
//! server; arrays keep sharing memory with `arr` across runs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, header};
use ndplay::server::console::ConsoleSettings;
use ndplay::server::{AppState, Config, app};
use serde_json::{Value, json};
use tower::ServiceExt;

const NDPLAY: &str = env!("CARGO_BIN_EXE_ndplay");

fn state(timeout: Duration, grace: Duration) -> AppState {
    AppState::new(Config {
        console: ConsoleSettings {
            timeout,
            grace,
            worker_exe: NDPLAY.into(),
            worker_memory_mb: 1024,
            ..ConsoleSettings::default()
        },
        ..Config::default()
    })
}

async fn call(router: &Router, tab: &str, uri: &str, body: Value) -> (u16, Value) {
    let req = Request::post(uri)
        .header(header::HOST, "127.0.0.1:8501")
        .header("x-ndplay-session", tab)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let res = router.clone().oneshot(req).await.expect("router answers");
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    (status, serde_json::from_slice(&bytes).expect("JSON"))
}

async fn run(router: &Router, tab: &str, code: &str) -> Value {
    let (status, v) = call(router, tab, "/api/console", json!({ "code": code })).await;
    assert_eq!(status, 200, "{code}: {v}");
    v
}

async fn tensor(router: &Router, tab: &str) -> Value {
    let req = Request::get("/api/tensor")
        .header("x-ndplay-session", tab)
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.expect("router answers");
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .expect("body");
    serde_json::from_slice(&bytes).expect("JSON")
}

fn worker_pid(state: &AppState, tab: &str) -> u32 {
    let session = state.sessions.get_or_create(tab).expect("session");
    let pid = session.lock().unwrap().console.pid();
    pid.expect("the tab has a worker")
}

/// Whether a process exists and is not a zombie. A killed process's main thread shows
/// as a zombie while its other threads are still exiting, and it cannot be reaped until
/// they are gone: it counts as alive until then.
fn alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    let zombie = stat
        .rsplit_once(')')
        .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
    let threads = std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, |d| d.count());
    !zombie || threads > 1
}

fn wait_gone(pid: u32, within: Duration) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if !alive(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    !alive(pid)
}

/// A line of this process's `/proc/self/status`, in KiB (`VmRSS`, `RssAnon`).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_tab_and_a_memory_bomb_do_not_stall_other_tabs_or_grow_the_server() {
    let state = state(Duration::from_secs(3), Duration::from_secs(2));
    let r = app(state.clone());
    let (looping, bomb, quick) = ("tab-loop-0001", "tab-bomb-0001", "tab-quick-001");
    for tab in [looping, bomb, quick] {
        let v = run(&r, tab, "kept = 41").await;
        assert_eq!(v["error"], Value::Null, "{v}");
    }
    assert_eq!(state.consoles.live(), 3);
    let before = (status_kib("VmRSS"), status_kib("RssAnon"));

    let spin = tokio::spawn({
        let r = r.clone();
        async move {
            let started = Instant::now();
            let v = run(&r, looping, "while True:\n    pass").await;
            (v, started.elapsed())
        }
    });
    let blow = tokio::spawn({
        let r = r.clone();
        async move {
            run(
                &r,
                bomb,
                "hog = []\nwhile True:\n    hog.append(bytearray(200_000_000))",
            )
            .await
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let v = run(&r, quick, "kept + 1").await;
    let quick_took = started.elapsed();
    assert_eq!(v["result"], "42", "{v}");
    assert!(
        quick_took < Duration::from_secs(2),
        "another tab's 1 + 1 took {quick_took:?} while one tab looped and one ate memory"
    );

    let (v, spun) = spin.await.unwrap();
    assert_eq!(v["error"]["kind"], "timeout", "{v}");
    assert!(
        spun < Duration::from_secs(5),
        "the loop stopped after {spun:?}"
    );
    assert!(
        quick_took < spun,
        "the quick tab answered before the loop ended"
    );
    // The worker interrupted its own loop: the tab's variables survive.
    let v = run(&r, looping, "kept + 1").await;
    assert_eq!(v["result"], "42", "{v}");

    let v = blow.await.unwrap();
    let error = &v["error"];
    assert!(
        error["py_type"] == "MemoryError" || error["kind"] == "crashed",
        "the bomb ends in MemoryError or in its own worker's death: {v}"
    );
    let v = run(&r, bomb, "hog = None\n1 + 1").await;
    assert_eq!(v["result"], "2", "the bomb's tab works again: {v}");

    let rss = status_kib("VmRSS").saturating_sub(before.0);
    let anon = status_kib("RssAnon").saturating_sub(before.1);
    eprintln!("the server's resident memory grew by {rss} KiB ({anon} KiB anonymous)");
    assert!(
        rss < 64 << 10,
        "the server's resident memory grew by {rss} KiB ({anon} KiB anonymous)"
    );
}

#[tokio::test]
async fn code_stuck_past_the_deadline_is_killed_and_the_tab_restarts() {
    let state = state(Duration::from_secs(1), Duration::from_secs(1));
    let r = app(state.clone());
    let tab = "tab-stuck-001";
    run(&r, tab, "x = 5").await;
    let old = worker_pid(&state, tab);
    let started = Instant::now();
    // A sleep never returns to the bytecode loop, so only the server's deadline ends it.
    let v = run(&r, tab, "import time\ntime.sleep(60)").await;
    let took = started.elapsed();
    assert_eq!(v["error"]["kind"], "timeout", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("restarted") && message.contains("variables are lost"),
        "{message}"
    );
    assert!(
        (Duration::from_secs(2)..Duration::from_secs(8)).contains(&took),
        "killed after {took:?}"
    );
    assert!(!alive(old), "the stuck worker was killed and reaped");
    assert_eq!(state.consoles.live(), 0);
    let v = run(&r, tab, "x").await;
    assert_eq!(v["error"]["py_type"], "NameError", "a fresh console: {v}");
    assert_ne!(worker_pid(&state, tab), old);
    let v = run(&r, tab, "x = 6\nx + 1").await;
    assert_eq!(v["result"], "7", "{v}");
}

#[tokio::test]
async fn a_worker_that_dies_is_reported_and_replaced() {
    let state = state(Duration::from_secs(5), Duration::from_secs(2));
    let r = app(state.clone());
    let tab = "tab-crash-001";
    run(&r, tab, "x = 1").await;
    // The guard rails keep `import os` to os.path, but they are not a sandbox.
    let v = run(&r, tab, "import sys\nsys.modules['os']._exit(7)").await;
    assert_eq!(v["error"]["kind"], "crashed", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("exit status 7") && message.contains("variables are lost"),
        "{message}"
    );
    assert_eq!(state.consoles.live(), 0);
    let v = run(&r, tab, "x = 2\nx * 21").await;
    assert_eq!(v["result"], "42", "a fresh console runs: {v}");

    // Killed while idle (as the out-of-memory killer would): the next run starts a fresh
    // console and says why the variables are gone.
    let pid = worker_pid(&state, tab);
    let killed = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(wait_gone(pid, Duration::from_secs(5)));
    let v = run(&r, tab, "x").await;
    assert_eq!(v["error"]["py_type"], "NameError", "{v}");
    let note = v["note"].as_str().unwrap_or_default();
    assert!(note.contains("SIGKILL") && note.contains("fresh"), "{v}");
    let v = run(&r, tab, "1 + 1").await;
    assert_eq!(v["result"], "2");
    assert_eq!(v["note"], Value::Null);
}

#[tokio::test]
async fn views_keep_sharing_memory_with_arr_across_runs() {
    let state = state(Duration::from_secs(5), Duration::from_secs(2));
    let r = app(state.clone());
    let tab = "tab-views-001";
    let (status, _) = call(
        &r,
        tab,
        "/api/tensor",
        json!({"shape": [3, 4], "dtype": "float64", "source": "arange"}),
    )
    .await;
    assert_eq!(status, 200);
    let v = run(&r, tab, "top = arr[:2]").await;
    assert_eq!(v["current_changed"], false, "{v}");
    assert_eq!(v["tensors"][0]["shares_memory_with_arr"], true);
    // A later run writes through the earlier run's view.
    let v = run(&r, tab, "top[0, 0] = -7").await;
    assert_eq!(v["current_changed"], true, "{v}");
    let t = tensor(&r, tab).await;
    assert!(
        t["tensor"]["repr"]
            .as_str()
            .unwrap()
            .starts_with("array([[-7.,"),
        "{t}"
    );
    // A rebound arr is the current tensor, and views of it write into it.
    let v = run(&r, tab, "arr = arr.T").await;
    assert_eq!(v["current_changed"], true);
    let v = run(&r, tab, "col = arr[:, 0]\ncol[1] = 99\narr.shape").await;
    assert_eq!(v["result"], "(4, 3)", "{v}");
    assert_eq!(v["current_changed"], true);
    let t = tensor(&r, tab).await;
    assert_eq!(t["tensor"]["shape"], json!([4, 3]));
    assert!(t["tensor"]["repr"].as_str().unwrap().contains("99."), "{t}");
    // Showing an array makes it the current tensor; then it is what arr is bound to.
    let v = run(&r, tab, "import numpy as np\nm = np.ones((2, 2))").await;
    assert_eq!(v["error"], Value::Null, "{v}");
    let (status, v) = call(&r, tab, "/api/console/show", json!({"name": "m"})).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["tensor"]["shape"], json!([2, 2]));
    let v = run(&r, tab, "arr[0, 0] = 5\nm[0, 0]").await;
    assert_eq!(v["result"], "np.float64(5.0)", "arr is m's memory: {v}");
    // Resetting the tab ends its worker.
    let pid = worker_pid(&state, tab);
    let (status, _) = call(&r, tab, "/api/reset", json!({})).await;
    assert_eq!(status, 200);
    assert!(
        wait_gone(pid, Duration::from_secs(5)),
        "reset kills the worker"
    );
    assert_eq!(state.consoles.live(), 0);
}

/// Children of `parent` running the console worker.
fn workers_of(parent: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if ppid == Some(parent) && String::from_utf8_lossy(&cmdline).contains("console-worker") {
            out.push(pid);
        }
    }
    out
}

#[test]
fn workers_end_when_the_server_dies() {
    let mut server = Command::new(NDPLAY)
        .args(["serve", "--port", "0", "--timeout", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ndplay serve starts");
    let mut first = String::new();
    let mut stdout = server.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    while !first.ends_with('\n') && stdout.read(&mut byte).unwrap() == 1 {
        first.push(byte[0] as char);
    }
    let port: u16 = first
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));
    // A run that keeps its worker busy (so only the parent watch can end it) ...
    let body = json!({"code": "import time\ntime.sleep(50)"}).to_string();
    let request = format!(
        "POST /api/console HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Ndplay-Session: \
         tab-proc-0001\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let until = Instant::now() + Duration::from_secs(30);
    let worker = loop {
        if let Some(&pid) = workers_of(server.id()).first() {
            break pid;
        }
        assert!(Instant::now() < until, "no worker started");
        std::thread::sleep(Duration::from_millis(100));
    };
    // ... outlives no server: kill it without a chance to clean up.
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        wait_gone(worker, Duration::from_secs(5)),
        "the worker {worker} outlived its server"
    );
}

/// What a tab's code can reach once the worker is confined (Landlock): the escapes the
/// guard rails cannot stop (`sys.modules`, `_io`, `posix`) still find the filesystem
/// closed, programs unrunnable and TCP refused, while imports of the standard library
/// keep working.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worker_is_confined_beyond_the_guard_rails() {
    let state = state(Duration::from_secs(10), Duration::from_secs(2));
    let router = app(state.clone());
    let marker = std::env::temp_dir().join(format!("ndplay-confined-{}", std::process::id()));
    let _ = std::fs::remove_file(&marker);
    let cases = [
        (
            "sys.modules['builtins'].open('/etc/hostname').read()".to_string(),
            "PermissionError",
        ),
        (
            "sys.modules['_io'].FileIO('/etc/passwd')".to_string(),
            "PermissionError",
        ),
        (
            format!(
                "sys.modules['builtins'].open({:?}, 'w')",
                marker.display().to_string()
            ),
            "PermissionError",
        ),
        (
            "sys.modules['posix'].listdir('/root')".to_string(),
            "PermissionError",
        ),
        (
            "sys.modules['posix'].execv('/bin/sh', ['sh', '-c', 'true'])".to_string(),
            "PermissionError",
        ),
        (
            "s = sys.modules['_frozen_importlib']._gcd_import('_socket').socket()\n\
             s.connect(('127.0.0.1', 8501))"
                .to_string(),
            "PermissionError",
        ),
    ];
    assert!(run(&router, "jail-tab-1", "import sys").await["error"].is_null());
    for (code, py_type) in &cases {
        let v = run(&router, "jail-tab-1", code).await;
        assert_eq!(v["error"]["py_type"], *py_type, "{code}: {v}");
    }
    assert!(
        !marker.exists(),
        "the confined worker created {}",
        marker.display()
    );
    // The system-call filter: no new processes, no UDP or raw sockets; threads still run.
    for code in [
        "sys.modules['posix'].fork()",
        "s = sys.modules['_frozen_importlib']._gcd_import('_socket')\n\
         s.socket(s.AF_INET, s.SOCK_DGRAM)",
    ] {
        let v = run(&router, "jail-tab-1", code).await;
        assert_eq!(v["error"]["py_type"], "PermissionError", "{code}: {v}");
    }
    let v = run(
        &router,
        "jail-tab-1",
        "import numpy as np\nt = sys.modules['threading'].Thread(target=lambda: None)\n\
         t.start(); t.join()\nnp.ones(3_000_000).sum()",
    )
    .await;
    assert_eq!(v["result"], "np.float64(3000000.0)", "{v}");
    // The standard library still imports, lazily, after confinement.
    let v = run(
        &router,
        "jail-tab-1",
        "import json, decimal\njson.dumps([decimal.Decimal('1.5').as_integer_ratio()])",
    )
    .await;
    assert_eq!(v["result"], "'[[3, 2]]'", "{v}");
}

/// A thread left spinning after its run returns is out of the watchdog's reach; the
/// processor-time limit the worker arms for each run stops it, and the next run says the
/// console restarted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thread_left_spinning_is_stopped_by_the_cpu_limit() {
    let state = state(Duration::from_secs(1), Duration::from_secs(2));
    let router = app(state.clone());
    let v = run(
        &router,
        "cpu-tab-1",
        "import sys\nthreading = sys.modules['threading']\n\
         def spin():\n    while True:\n        pass\n\
         threading.Thread(target=spin, daemon=True).start()\n'started'",
    )
    .await;
    assert_eq!(v["result"], "'started'", "{v}");
    let pid = worker_pid(&state, "cpu-tab-1");
    // One run's worth: 1 s on every core plus 3 s of slack, a few seconds of wall time.
    assert!(
        wait_gone(pid, Duration::from_secs(20)),
        "the spinning worker {pid} was not stopped"
    );
    let v = run(&router, "cpu-tab-1", "1 + 1").await;
    assert_eq!(v["result"], "2", "{v}");
    let notice = v.to_string();
    assert!(
        notice.contains("SIGXCPU") || notice.contains("processor-time"),
        "the restart is explained: {v}"
    );
    assert_ne!(worker_pid(&state, "cpu-tab-1"), pid);
}

/// The hostile console corpus: escapes, bombs and exits, each run in one tab while
/// another tab keeps answering. Nothing outside the worker is read or written, the
/// server's memory stays flat, and every attempt ends in an error (or the console's
/// restart), never in the server's death.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hostile_console_corpus_leaves_the_server_and_other_tabs_unharmed() {
    let state = state(Duration::from_secs(2), Duration::from_secs(2));
    let router = app(state.clone());
    let dir = std::env::temp_dir().join(format!("ndplay-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = dir.join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-7f3a").unwrap();
    let dropped = dir.join("dropped.txt");
    let (secret_s, dropped_s) = (secret.display().to_string(), dropped.display().to_string());
    let corpus: Vec<(&str, String)> = vec![
        ("builtins open", format!("print(open({secret_s:?}).read())")),
        (
            "__import__ os",
            format!("print(__import__('os').popen('cat {secret_s}').read())"),
        ),
        (
            "os.system writes",
            format!("__import__('os').system('echo x > {dropped_s}')"),
        ),
        (
            "sys.modules builtins",
            format!("import sys\nprint(sys.modules['builtins'].open({secret_s:?}).read())"),
        ),
        (
            "_io FileIO write",
            format!("import sys\nsys.modules['_io'].FileIO({dropped_s:?}, 'w').write(b'x')"),
        ),
        (
            "posix open",
            format!(
                "import sys\np = sys.modules['posix']\nfd = p.open({dropped_s:?}, p.O_WRONLY | p.O_CREAT)\np.write(fd, b'x')"
            ),
        ),
        (
            "subclasses walk",
            format!(
                "w = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == '_wrap_close'][0]\n\
                 w.__init__.__globals__['system']('cat {secret_s} > {dropped_s}')"
            ),
        ),
        (
            "ctypes system",
            format!("import ctypes\nctypes.CDLL(None).system(b'cat {secret_s} > {dropped_s}')"),
        ),
        (
            "fork bomb",
            "import os\nwhile True:\n    os.fork()".to_string(),
        ),
        (
            "socket out",
            "import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=1)".to_string(),
        ),
        ("memory bomb", "x = [0] * 10**10".to_string()),
        ("numpy memory bomb", "import numpy as np\nnp.ones((50000, 50000))".to_string()),
        (
            "recursion bomb",
            "def f(n):\n    return f(n + 1)\nf(0)".to_string(),
        ),
        ("output bomb", "print('x' * 50_000_000)".to_string()),
        ("cpu bomb", "sum(range(10**12))".to_string()),
        (
            "timeout caught",
            "while True:\n    try:\n        sum(range(10**11))\n    except BaseException:\n        pass"
                .to_string(),
        ),
        ("os._exit", "import os\nos._exit(7)".to_string()),
        (
            "kill the server",
            "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)".to_string(),
        ),
    ];
    assert!(run(&router, "bystander-1", "x = 41").await["error"].is_null());
    let rss_before = status_kib("VmRSS");
    for (name, code) in &corpus {
        let (status, v) = call(
            &router,
            "attacker-1",
            "/api/console",
            json!({ "code": code }),
        )
        .await;
        let text = v.to_string();
        assert!(
            !text.contains("TOP-SECRET-7f3a"),
            "{name}: the secret leaked: {text}"
        );
        assert!(!dropped.exists(), "{name}: a file was written outside");
        // Either an error in the run, or (os._exit) the console's end, reported; a
        // shell that cannot start answers with its failure status (127 << 8 or -1).
        let returns_status = ["os.system writes", "subclasses walk", "ctypes system"];
        if status == 200 && *name != "output bomb" && !returns_status.contains(name) {
            assert!(!v["error"].is_null(), "{name}: no error: {text}");
        }
        if returns_status.contains(name) && v["error"].is_null() {
            assert_ne!(v["result"], "0", "{name}: the shell ran: {text}");
        }
        let b = run(&router, "bystander-1", "x += 1\nx").await;
        assert!(
            b["error"].is_null(),
            "after {name}: the bystander failed: {b}"
        );
    }
    let b = run(&router, "bystander-1", "x").await;
    assert_eq!(b["result"], (41 + corpus.len()).to_string(), "{b}");
    let rss_after = status_kib("VmRSS");
    assert!(
        rss_after < rss_before + 200 * 1024,
        "server RSS grew from {rss_before} to {rss_after} KiB"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_server_says_what_the_sandbox_enforces() {
    let mut server = Command::new(NDPLAY)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ndplay serve starts");
    let mut stdout = server.stdout.take().unwrap();
    let mut text = String::new();
    let mut byte = [0u8; 1];
    while !text.contains("Ctrl-C") && stdout.read(&mut byte).unwrap() == 1 {
        text.push(byte[0] as char);
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        text.starts_with("ndplay playground listening on http://127.0.0.1:"),
        "{text}"
    );
    assert!(
        text.contains("console sandbox: Landlock ABI") && text.contains("seccomp ("),
        "{text}"
    );
    assert!(
        text.contains("2048 MiB of memory, 1800 s of processor time"),
        "{text}"
    );
    assert!(!text.contains("warning"), "{text}");
}
