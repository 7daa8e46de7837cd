//! End-to-end test of the dashboard in a real headless Chromium, driven
//! through chromedriver by the W3C WebDriver protocol spoken directly over
//! loopback HTTP (std and serde_json only, no client crate).
//!
//! The sample bulletins are ingested into a temporary ledger, an editor
//! token is created, `truce serve` starts on 127.0.0.1:0, and the browser:
//! opens the overview, moves the map's date, opens a claim's evidence in its
//! document, signs in as the editor, pastes a bulletin, previews it, saves
//! it and sees it counted. A screenshot of every step is written to
//! `target/browser-artifacts/` (beside the test binary's target directory).
//!
//! Nothing but 127.0.0.1 is spoken to: the server binds loopback,
//! chromedriver listens on loopback, and Chromium is started with its
//! background services off, every host name but 127.0.0.1 unresolvable and
//! a dead loopback proxy for anything that is not loopback.
//!
//! Without chromium and chromedriver the test prints a note and passes,
//! unless the environment variable `CI` is set (CI installs them): then it
//! fails. `TRUCE_CHROMEDRIVER` and `TRUCE_CHROMIUM` name other binaries.

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The whole test must finish within this; every wait below is bounded by it.
const BUDGET: Duration = Duration::from_secs(240);
/// One WebDriver command (a page load included) may take at most this.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// A laptop screen.
const WINDOW: &str = "--window-size=1366,900";
/// A bulletin written for this test: a day after the sample month, places in
/// the gazetteer, a day's figure by province.
const BULLETIN: &str = "date 2024-04-01
reporter Browser test desk
Situation report written for the browser test on April 1, 2024.

Over the past 24 hours, 2 agreements on joining the ceasefire were signed with Kafr Nabl and Maarrat Misrin in Idlib province. The number of settlements that have joined the ceasefire has reached 1,214.

The ceasefire was violated 3 times in the past 24 hours (2 in Idlib and 1 in Hama).
";

fn truce(db: &Path) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

fn bulletins() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

/// `target/browser-artifacts`, found from the test binary
/// (`target/debug/deps/cli-…`), so `CARGO_TARGET_DIR` is respected.
fn artifacts() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe.ancestors().nth(3).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"));
    let dir = target.join("browser-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/browser-artifacts");
    dir
}

/// A program from an environment variable or the PATH.
fn find(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(var).map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|d| names.iter().map(move |n| d.join(n))).find(|p| p.is_file())
}

/// Whether a WebDriver error says the element belonged to a page that has
/// since been replaced (see `Browser::text_of`).
fn replaced_under_us(e: &Value) -> bool {
    let error = e["error"].as_str().unwrap_or_default();
    let message = e["message"].as_str().unwrap_or_default();
    matches!(error, "stale element reference" | "no such element") || message.contains("does not belong to the document")
}

/// A child process killed (with its whole process group, so a browser that
/// chromedriver started goes too) when the guard is dropped, also when an
/// assertion fails.
struct Guard {
    child: Child,
    group: bool,
}

impl Guard {
    fn spawn(mut cmd: Command, group: bool) -> Guard {
        if group {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {:?}: {e}", cmd.get_program()));
        Guard { child, group }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.group {
            // The group's id is the child's id (process_group(0) above).
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).stderr(Stdio::null()).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free on loopback a moment ago (for chromedriver, which needs one).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free loopback port").port()
}

/// One HTTP/1.1 request to a loopback address; the status and the body.
fn http(addr: &str, method: &str, path: &str, body: Option<&Value>, timeout: Duration) -> std::io::Result<(u16, Vec<u8>)> {
    assert!(addr.starts_with("127.0.0.1:"), "only loopback is spoken to, not {addr}");
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(timeout))?;
    s.set_write_timeout(Some(timeout))?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes())?;
    // Read by Content-Length: chromedriver may keep the connection open
    // whatever `Connection: close` says.
    let mut r = BufReader::new(s);
    let mut status_line = String::new();
    r.read_line(&mut status_line)?;
    let status = status_line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (mut length, mut chunked) = (None, false);
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        let h = h.to_ascii_lowercase();
        if let Some(v) = h.strip_prefix("content-length:") {
            length = v.trim().parse::<usize>().ok();
        }
        chunked |= h.starts_with("transfer-encoding:") && h.contains("chunked");
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            r.read_exact(&mut body)?;
        }
        None if chunked => loop {
            let mut size = String::new();
            r.read_line(&mut size)?;
            let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            let at = body.len();
            body.resize(at + n + 2, 0);
            r.read_exact(&mut body[at..])?;
            body.truncate(at + n);
        },
        None => {
            r.read_to_end(&mut body)?;
        }
    }
    Ok((status, body))
}

/// Standard base64 (screenshots arrive so).
fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = s.bytes().filter_map(val).collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for q in sextets.chunks(4) {
        let n = q.iter().enumerate().fold(0u32, |acc, (i, &v)| acc | (u32::from(v) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..q.len()]);
    }
    out
}

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A WebDriver session on a local chromedriver. Dropping it ends the
/// session (closing the browser) before the chromedriver guard is dropped.
struct Browser {
    driver: String,
    session: String,
    start: Instant,
    shots: PathBuf,
    step: usize,
}

impl Browser {
    fn left(&self) -> Duration {
        BUDGET.checked_sub(self.start.elapsed()).unwrap_or_else(|| panic!("the browser test ran over its {BUDGET:?} budget"))
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body).unwrap_or_else(|(status, v)| panic!("WebDriver {method} {path} answered {status}: {v}"))
    }

    /// A WebDriver command whose refusal the caller handles: its status and
    /// error value.
    fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, (u16, Value)> {
        let timeout = COMMAND_TIMEOUT.min(self.left());
        let url = format!("/session/{}{path}", self.session);
        let (status, raw) = http(&self.driver, method, &url, body.as_ref(), timeout).unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let v: Value = serde_json::from_slice(&raw).unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}: {}", String::from_utf8_lossy(&raw)));
        if status == 200 { Ok(v["value"].clone()) } else { Err((status, v["value"].clone())) }
    }

    /// The text of the first element matching `css`. A page that is still
    /// loading replaces its elements under our feet: then the element is
    /// found again, within the wait budget. ChromeDriver names that race
    /// "stale element reference", or, when the old document is already
    /// gone, "no such element" or an unknown error whose message says the
    /// node "does not belong to the document".
    fn text_of(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20).min(self.left());
        loop {
            let el = self.find(css);
            match self.try_cmd("GET", &format!("/element/{el}/text"), None) {
                Ok(v) => return v.as_str().unwrap_or_default().to_owned(),
                Err((_, e)) if replaced_under_us(&e) && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err((status, e)) => panic!("WebDriver text of {css:?} answered {status}: {e}"),
            }
        }
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "/url", None).as_str().unwrap_or_default().to_owned()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.cmd("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        v.as_array().into_iter().flatten().filter_map(|e| e[ELEMENT].as_str().map(str::to_owned)).collect()
    }

    /// The first element matching `css`, waiting (boundedly) for it.
    fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20).min(self.left());
        loop {
            if let Some(e) = self.find_all(css).into_iter().next() {
                return e;
            }
            if Instant::now() > deadline {
                self.shot("missing-element");
                panic!("no element {css:?} on {}", self.url());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn text(&self, el: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/text"), None).as_str().unwrap_or_default().to_owned()
    }

    fn attr(&self, el: &str, name: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/attribute/{name}"), None).as_str().unwrap_or_default().to_owned()
    }

    /// A DOM property (what the user sees), not the markup's attribute.
    fn prop(&self, el: &str, name: &str) -> String {
        self.cmd("GET", &format!("/element/{el}/property/{name}"), None).as_str().unwrap_or_default().to_owned()
    }

    fn click(&self, el: &str) {
        self.cmd("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    fn type_in(&self, el: &str, text: &str) {
        self.cmd("POST", &format!("/element/{el}/value"), Some(json!({ "text": text })));
    }

    fn script(&self, script: &str, args: Value) -> Value {
        self.cmd("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    fn body_text(&self) -> String {
        self.text_of("body")
    }

    /// Waits (boundedly) until `ok` holds for the page's visible text.
    fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20).min(self.left());
        loop {
            let t = self.body_text();
            if ok(&t) {
                return t;
            }
            if Instant::now() > deadline {
                self.shot("failed-wait");
                panic!("waited for {what} on {}; the page reads:\n{t}", self.url());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// A PNG of the viewport, numbered in step order.
    fn shot(&self, name: &str) -> PathBuf {
        let png = base64(self.cmd("GET", "/screenshot", None).as_str().expect("a screenshot"));
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a screenshot is a PNG");
        let path = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&path, png).expect("write a screenshot");
        path
    }

    fn snap(&mut self, name: &str) -> PathBuf {
        self.step += 1;
        let p = self.shot(name);
        eprintln!("screenshot: {}", p.display());
        p
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes the browser; the chromedriver guard kills what remains.
        let _ = http(&self.driver, "DELETE", &format!("/session/{}", self.session), None, Duration::from_secs(10));
    }
}

/// The first number following `label` in `text` ("joined (12)" → 12).
fn number_after(text: &str, label: &str) -> Option<u64> {
    let rest = &text[text.find(label)? + label.len()..];
    let digits: String = rest.chars().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit() || *c == ',').filter(|c| *c != ',').collect();
    digits.parse().ok()
}

/// "62 documents, 1,234 claims in the ledger." → (62, 1234).
fn ledger_counts(text: &str) -> (u64, u64) {
    let line = text.lines().find(|l| l.contains("claims in the ledger")).unwrap_or_else(|| panic!("no ledger counts on the overview:\n{text}"));
    let docs = line.split(" documents").next().and_then(|n| n.trim().replace(',', "").parse().ok()).expect("a documents count");
    let claims = number_after(line, "documents, ").expect("a claims count");
    (docs, claims)
}

#[test]
fn dashboard_in_headless_chromium() {
    let start = Instant::now();
    let driver_bin = find("TRUCE_CHROMEDRIVER", &["chromedriver"]);
    let chromium_bin = find("TRUCE_CHROMIUM", &["chromium", "chromium-browser", "google-chrome"]);
    let (Some(driver_bin), Some(chromium_bin)) = (driver_bin, chromium_bin) else {
        let msg = "the browser test needs chromium and chromedriver (Debian: apt-get install chromium chromium-driver)";
        if std::env::var_os("CI").is_some() {
            panic!("{msg}; CI is set, so they must be installed (.ci/run installs them)");
        }
        eprintln!("note: skipping the browser test: {msg}");
        return;
    };

    // The ledger, an editor and the server.
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    truce(&db).arg("ingest").arg(bulletins()).assert().success();
    let out = truce(&db).args(["token", "create", "--role", "editor", "--name", "browser-editor"]).output().expect("token create");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).expect("UTF-8").trim().to_owned();

    let mut serve = truce(&db);
    serve.args(["serve", "--addr", "127.0.0.1:0"]).env("RUST_LOG", "warn").stdout(Stdio::piped()).stderr(Stdio::inherit());
    let mut server = Guard::spawn(serve, false);
    let mut line = String::new();
    BufReader::new(server.child.stdout.take().expect("stdout")).read_line(&mut line).expect("the address line");
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let site = format!("http://{addr}");

    // chromedriver on loopback, and a browser session.
    let port = free_port();
    let driver_addr = format!("127.0.0.1:{port}");
    let mut dcmd = Command::new(&driver_bin);
    dcmd.arg(format!("--port={port}"))
        .arg("--allowed-ips=127.0.0.1")
        .arg(format!("--log-path={}", tmp.path().join("chromedriver.log").display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _driver = Guard::spawn(dcmd, true);
    let ready_by = Instant::now() + Duration::from_secs(30);
    loop {
        match http(&driver_addr, "GET", "/status", None, Duration::from_secs(5)) {
            Ok((200, _)) => break,
            _ if Instant::now() > ready_by => panic!("chromedriver did not answer on {driver_addr} within 30 s"),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    let profile = tmp.path().join("chromium-profile");
    let args = vec![
        "--headless".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-quic".into(),
        "--no-first-run".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        format!("--user-data-dir={}", profile.display()),
        // Nothing but loopback: other host names do not resolve, and any
        // connection that is not to loopback goes to a dead loopback proxy.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1".into(),
        "--proxy-server=http://127.0.0.1:9".into(),
        "--disable-extensions".into(),
        "--disable-default-apps".into(),
        "--disable-domain-reliability".into(),
        "--disable-client-side-phishing-detection".into(),
        "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication".into(),
        "--no-default-browser-check".into(),
        "--no-pings".into(),
        "--disable-crash-reporter".into(),
        "--disable-breakpad".into(),
        "--disable-dev-shm-usage".into(),
        "--lang=en-US".into(),
        WINDOW.into(),
    ];
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "pageLoadStrategy": "normal",
        "timeouts": { "pageLoad": 30_000, "script": 10_000, "implicit": 0 },
        "goog:chromeOptions": { "binary": chromium_bin, "args": args }
    } } });
    let (status, raw) = http(&driver_addr, "POST", "/session", Some(&caps), COMMAND_TIMEOUT).expect("new WebDriver session");
    let v: Value = serde_json::from_slice(&raw).expect("session JSON");
    assert_eq!(status, 200, "chromedriver refused the session: {v}");
    let session = v["value"]["sessionId"].as_str().expect("a session id").to_owned();
    let mut b = Browser { driver: driver_addr, session, start, shots: artifacts(), step: 0 };

    // 1. The overview: the day's figures, the ledger counts, the charts.
    b.goto(&format!("{site}/"));
    let overview = b.wait_for("the overview", |t| t.contains("Overview of 2024-03-31"));
    let figures = b.find_all("div.figure");
    assert!(!figures.is_empty(), "no figures on the overview:\n{overview}");
    let first = b.text(&figures[0]);
    assert!(first.chars().any(|c| c.is_ascii_digit()), "a figure without a value: {first:?}");
    assert!(overview.contains("running total"), "{overview}");
    assert!(!b.find_all("div.charts svg").is_empty(), "no chart on the overview");
    let (docs_before, claims_before) = ledger_counts(&overview);
    assert!(docs_before >= 60 && claims_before > docs_before, "{docs_before} documents, {claims_before} claims");
    b.snap("overview");

    // 2. The map, then another day chosen with its date control.
    b.goto(&format!("{site}/map"));
    b.wait_for("the map", |t| t.contains("Map on 2024-03-31"));
    let legend = b.text_of(".legend");
    let joined_late = number_after(&legend, "joined (").expect("the joined count in the legend");
    let dots_late = b.find_all("circle.loc").len();
    assert!(joined_late > 0 && dots_late > 0, "an empty map at the end of the month: {legend}");
    b.snap("map-2024-03-31");
    let date = b.find("form.datebar input[type=date]");
    // The value is set as a date input holds it (typing depends on the
    // browser's locale); then the form is sent with its own button.
    b.script("arguments[0].value = arguments[1];", json!([{ ELEMENT: date }, "2024-03-05"]));
    assert_eq!(b.prop(&date, "value"), "2024-03-05");
    b.click(&b.find("form.datebar button[type=submit]"));
    b.wait_for("the map of 5 March", |t| t.contains("Map on 2024-03-05"));
    assert!(b.url().contains("date=2024-03-05"), "{}", b.url());
    let legend = b.text_of(".legend");
    let joined_early = number_after(&legend, "joined (").expect("the joined count in the legend");
    let dots_early = b.find_all("circle.loc").len();
    assert!(joined_early < joined_late, "moving back from 31 to 5 March should lower the joined count ({joined_early} vs {joined_late})");
    assert!(dots_early < dots_late, "fewer localities are drawn on 5 March ({dots_early} vs {dots_late})");
    b.snap("map-2024-03-05");

    // 3. A claim's evidence, highlighted in its document.
    b.goto(&format!("{site}/claims"));
    b.wait_for("the claims table", |t| t.contains("Evidence"));
    b.snap("claims");
    let link = b.find("td.evidence a[href*='/documents/']");
    let href = b.attr(&link, "href");
    let shown = b.text(&link);
    b.click(&link);
    b.wait_for("the document", |t| t.contains("Claims read from it"));
    assert!(b.url().contains("/documents/") && b.url().contains("claim="), "{} (from {href})", b.url());
    let mark = b.find("pre.doc mark#evidence");
    let marked = b.text(&mark);
    assert!(!marked.is_empty(), "an empty highlight");
    let prefix: String = shown.trim().chars().take(60).collect();
    assert!(marked.starts_with(&prefix), "the highlight {marked:?} is not the claim's evidence {shown:?}");
    b.snap("evidence");

    // 4. Sign in as the editor, paste a bulletin, preview, save.
    b.goto(&format!("{site}/submit"));
    b.wait_for("the sign-in prompt", |t| t.contains("needs an editor"));
    b.goto(&format!("{site}/login"));
    b.type_in(&b.find("input[name=token]"), &token);
    b.snap("sign-in");
    b.click(&b.find("form[action='/login'] button[type=submit]"));
    b.wait_for("the signed-in overview", |t| t.contains("browser-editor") && t.contains("Overview of"));
    b.goto(&format!("{site}/submit"));
    let text = b.find("textarea[name=text]");
    b.type_in(&text, BULLETIN);
    b.type_in(&b.find("input[name=name]"), "browser-test-2024-04-01");
    b.snap("submit-form");
    b.click(&b.find("button[value=preview]"));
    let preview = b.wait_for("the preview", |t| t.contains("Nothing is stored until you save"));
    assert!(preview.contains("report day 2024-04-01"), "{preview}");
    assert!(preview.contains("Kafr Nabl"), "{preview}");
    let n: u64 = preview.split(" claims read").next().and_then(|h| h.split_whitespace().last()).and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(n >= 3, "the preview reads {n} claims:\n{preview}");
    b.snap("preview");
    b.click(&b.find("button[value=save]"));
    let saved = b.wait_for("the saved bulletin", |t| t.contains("Stored as document"));
    assert!(saved.contains("attributed to browser-editor"), "{saved}");
    b.snap("saved");

    // 5. It is counted: one more document, more claims, and its day has figures.
    b.goto(&format!("{site}/"));
    let overview = b.wait_for("the overview", |t| t.contains("Overview of 2024-04-01"));
    let (docs_after, claims_after) = ledger_counts(&overview);
    assert_eq!(docs_after, docs_before + 1, "the submitted bulletin is one more document");
    assert!(claims_after >= claims_before + 3, "{claims_before} → {claims_after} claims");
    assert!(overview.contains("Ceasefire violations") || overview.to_lowercase().contains("violations"), "{overview}");
    b.snap("overview-after");
    b.goto(&format!("{site}/claims?from=2024-04-01&to=2024-04-01"));
    let claims = b.wait_for("the new claims", |t| t.contains("Kafr Nabl"));
    assert!(claims.contains("Browser test desk"), "{claims}");
    b.snap("claims-after");

    eprintln!("browser test: {} screenshots in {} after {:.1?}", b.step, b.shots.display(), start.elapsed());
    drop(b);
    drop(server);
}
