//! End-to-end test of `truce serve` and `truce token`: the real
//! binary on 127.0.0.1 with a port it picks itself, spoken to over plain
//! HTTP/1.1 from the standard library (no client dependency), then stopped.
//! On PostgreSQL, two servers share one database as behind a load balancer
//! (skipped without a server, except in CI).

use assert_cmd::assert::OutputAssertExt;
use assert_cmd::cargo::CommandCargoExt;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn truce(db: impl AsRef<OsStr>) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

fn bulletins() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

/// Kills the server even when an assertion fails.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `truce serve` on a port of its choosing; returns it and its address.
fn serve(db: impl AsRef<OsStr>) -> (Server, String) {
    let child = truce(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start truce serve");
    let mut server = Server(child);
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().expect("stdout")).read_line(&mut line).expect("the address line");
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    (server, addr)
}

/// `truce token create`'s token, printed alone on stdout.
fn create_token(db: impl AsRef<OsStr>, role: &str, name: &str) -> String {
    let out = truce(db).args(["token", "create", "--role", role, "--name", name]).output().expect("token create");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let token = String::from_utf8(out.stdout).expect("UTF-8").trim().to_owned();
    assert!(token.starts_with("truce_"), "{token}");
    token
}

/// One request; returns the status code and the body.
fn http(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect to the server");
    s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_the_api_and_the_dashboard_on_loopback() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    truce(&db).arg("ingest").arg(bulletins()).assert().success();
    let token = create_token(&db, "editor", "amal");
    let stored = std::fs::read(&db).expect("the ledger file");
    assert!(!stored.windows(token.len()).any(|w| w == token.as_bytes()), "only the token's hash is stored");

    let (server, addr) = serve(&db);
    let (s, claims) = http(&addr, "GET", "/api/claims?limit=5", None, "");
    assert_eq!(s, 200, "{claims}");
    assert!(claims.contains("\"claims\""), "{claims}");
    let (s, page) = http(&addr, "GET", "/", None, "");
    assert_eq!(s, 200);
    assert!(page.contains("<svg") || page.contains("Overview"), "{page}");
    let (s, _) = http(&addr, "GET", "/openapi.json", None, "");
    assert_eq!(s, 200);

    let body = r#"{"metric":"ceasefire_violations","value":2,"valid":"2024-03-17","evidence":"field report"}"#;
    assert_eq!(http(&addr, "POST", "/api/claims", None, body).0, 401);
    let (s, c) = http(&addr, "POST", "/api/claims", Some(&token), body);
    assert_eq!(s, 201, "{c}");
    assert!(c.contains("\"recorded_by\":\"amal\""), "{c}");
    let (s, e) = http(&addr, "POST", "/api/claims", Some(&token), "{oops");
    assert_eq!(s, 400, "{e}");
    drop(server);
}

/// `truce token list` on `db`: one JSON value per token.
fn list_tokens(db: impl AsRef<OsStr>) -> Vec<serde_json::Value> {
    let out = truce(db).args(["token", "list", "--json"]).output().expect("token list");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8").lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

/// The id `truce token list` shows for the token named `name`.
fn token_id(db: impl AsRef<OsStr>, name: &str) -> i64 {
    let tokens = list_tokens(db);
    let found = tokens.iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no {name:?} in {tokens:?}"));
    found["id"].as_i64().expect("an id")
}

/// Tokens are listed without their secret, and one revoked with
/// `truce token revoke` is refused by the server already running, on the
/// same request that worked just before. Revoking it again, or a token
/// that does not exist, fails, saying which ledger and which token.
#[test]
fn a_token_revoked_with_the_cli_is_refused_by_the_running_server() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let amal = create_token(&db, "editor", "amal");
    let other = create_token(&db, "editor", "amal");
    let (server, addr) = serve(&db);
    let body = r#"{"metric":"ceasefire_violations","value":2,"valid":"2024-03-17","evidence":"field report"}"#;
    let (s, c) = http(&addr, "POST", "/api/claims", Some(&amal), body);
    assert_eq!(s, 201, "{c}");

    let text = truce(&db).args(["token", "list"]).output().expect("token list");
    let text = String::from_utf8(text.stdout).expect("UTF-8");
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.lines().all(|l| l.contains("\tamal\teditor\tcreated ") && l.ends_with("\tlive")), "{text}");
    let tokens = list_tokens(&db);
    let listed = serde_json::to_string(&tokens).expect("JSON");
    assert!(!listed.contains(&amal) && !listed.contains(&other) && !listed.contains("hash"), "no secret in the list: {listed}");
    assert_eq!(tokens[0]["role"], "editor");
    assert_eq!(tokens[0]["revoked_at"], serde_json::Value::Null);
    let id = tokens[0]["id"].as_i64().expect("an id");

    // Who revokes comes from TRUCE_USER, as for the other commands.
    let out = truce(&db).args(["token", "revoke", &id.to_string()]).env("TRUCE_USER", "lead").output().expect("revoke");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked "), "{out:?}");
    let (s, e) = http(&addr, "POST", "/api/claims", Some(&amal), body);
    assert_eq!(s, 401, "the running server refuses the revoked token at once: {e}");
    let (s, c) = http(&addr, "POST", "/api/claims", Some(&other), body);
    assert_eq!(s, 201, "the other token of the same name still works: {c}");
    drop(server);

    let after = list_tokens(&db);
    assert_eq!(after.len(), 2, "the revoked token's row is kept");
    assert_eq!(after[0]["revoked_by"], "lead");
    assert!(after[0]["revoked_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{after:?}");
    assert_eq!(after[1]["revoked_at"], serde_json::Value::Null);
    let text = String::from_utf8(truce(&db).args(["token", "list"]).output().expect("list").stdout).expect("UTF-8");
    assert!(text.lines().next().is_some_and(|l| l.contains("\trevoked ") && l.ends_with(" by lead")), "{text}");

    let place = db.display().to_string();
    let again = truce(&db).args(["token", "revoke", &id.to_string(), "--by", "desk"]).output().expect("revoke again");
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success(), "revoking twice fails");
    assert!(err.contains(&place) && err.contains(&format!("token {id} (\"amal\") was already revoked")) && err.contains("by lead"), "{err}");
    let unknown = truce(&db).args(["token", "revoke", "999", "--by", "desk"]).output().expect("revoke unknown");
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success());
    assert!(err.contains(&place) && err.contains("no token 999"), "{err}");
    assert_eq!(list_tokens(&db), after, "failed revocations change nothing");
    let nobody = truce(&db).args(["token", "revoke", &token_id(&db, "amal").to_string()]).output().expect("revoke without --by");
    assert!(!nobody.status.success(), "who revokes must be said (--by or TRUCE_USER)");
}

#[test]
fn serve_refuses_an_address_it_cannot_bind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let out = truce(&db).args(["serve", "--addr", "not-an-address"]).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen on not-an-address"));
}

/// Two `truce serve` on one PostgreSQL database, as behind a load balancer:
/// a token from `truce token create` works on both, and a claim recorded
/// through one is in the other's (cached) claims page and report at once.
#[test]
fn two_serve_processes_share_a_postgres_ledger() {
    use truce_ledger_pg::testing::{Scratch, server_url};
    let Some(url) = server_url("two_serve_processes_share_a_postgres_ledger") else { return };
    let mut scratch = Scratch::new(&url, "serve");
    let db = scratch.database();
    truce(&db).arg("ingest").arg(bulletins()).assert().success();
    let token = create_token(&db, "editor", "amal");
    let ((one, a), (two, b)) = (serve(&db), serve(&db));

    let violations = "/api/claims?metric=ceasefire_violations&from=2024-03-17&to=2024-03-17";
    let (s, before) = http(&b, "GET", violations, None, "");
    assert_eq!(s, 200, "{before}");
    assert!(!before.contains("field report 7"), "{before}");
    let (s, report0) = http(&b, "GET", "/api/report/2024-03-17", None, "");
    assert_eq!(s, 200, "{report0}");
    assert!(!report0.contains("\"value\":777"), "{report0}");

    let body = r#"{"metric":"ceasefire_violations","value":777,"valid":"2024-03-17","evidence":"field report 7"}"#;
    let (s, c) = http(&a, "POST", "/api/claims", Some(&token), body);
    assert_eq!(s, 201, "{c}");
    assert!(c.contains("\"recorded_by\":\"amal\""), "{c}");
    let (s, after) = http(&b, "GET", violations, None, "");
    assert_eq!(s, 200, "{after}");
    assert!(after.contains("field report 7"), "the other server sees the claim at once: {after}");
    let (_, report1) = http(&b, "GET", "/api/report/2024-03-17", None, "");
    assert!(report1.contains("\"value\":777"), "and its report counts it: {report1}");
    // The token works on the second server too.
    let (s, r) = http(&b, "POST", &format!("/api/claims/{}/review", claim_id(&c)), Some(&token), r#"{"state":"confirmed"}"#);
    assert_eq!(s, 200, "{r}");
    let (_, confirmed) = http(&a, "GET", violations, None, "");
    assert!(confirmed.contains("\"review\":\"confirmed\""), "{confirmed}");
    // Revoked through the CLI, the token is refused by both servers at once.
    let out = truce(&db).args(["token", "revoke", &token_id(&db, "amal").to_string(), "--by", "lead"]).output().expect("revoke");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for addr in [&a, &b] {
        let (s, e) = http(addr, "POST", "/api/claims", Some(&token), body);
        assert_eq!(s, 401, "{addr}: {e}");
    }
    assert_eq!(list_tokens(&db)[0]["revoked_by"], "lead");
    drop((one, two));
}

/// The `"id"` of a claim answered as JSON.
fn claim_id(json: &str) -> i64 {
    let v: serde_json::Value = serde_json::from_str(json).expect("JSON");
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {json}"))
}
