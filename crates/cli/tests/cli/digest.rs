//! `truce digest`, `truce deliver` and `truce serve --schedule` through the
//! real binary, delivering to an HTTP receiver this test runs on loopback,
//! on an SQLite ledger and (when a server answers) a PostgreSQL one.
//! The ledger is the sample month with pinned recorded times (each day's
//! bulletins at 17:00 UTC that day), written through the library so the
//! editions' windows are known.

use assert_cmd::cargo::CommandCargoExt;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use truce_ledger::{ContentHash, LedgerStore, NewDocument, SqliteLedger, Stamp};

const TOKEN: &str = "987654:cli-secret-Token";

fn truce(db: impl AsRef<OsStr>) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_DELIVERY_CONFIG");
    c
}

fn sample_ledger(path: &Path, last_day: &str) {
    fill_sample(&mut SqliteLedger::open(path).unwrap(), last_day);
}

/// The sample month up to `last_day`, in file order with pinned times, so
/// two ledgers filled alike hold the same claims under the same ids.
fn fill_sample(ledger: &mut dyn LedgerStore, last_day: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
    files.sort();
    for f in files {
        let day = f.file_name().unwrap().to_string_lossy()[..10].to_owned();
        if day.as_str() > last_day {
            continue;
        }
        let bytes = std::fs::read(&f).unwrap();
        let opts = truce_extract::Options { id: day.clone(), date: None, lang: None };
        let (text, extraction) = truce_extract::read(&bytes, &opts, Some(truce_places::Gazetteer::bundled())).unwrap();
        let key = f.display().to_string();
        let doc = NewDocument { source_key: &key, source_path: Some(&key), hash: ContentHash::of(&bytes), text: &text };
        ledger.ingest(&doc, &extraction, &Stamp::at("extract", format!("{day}T17:00:00Z").parse().unwrap())).unwrap();
    }
}

/// An HTTP receiver: answers 500 to the first `fail_first` requests, then
/// 200; keeps (path, body, status) of each.
struct Receiver {
    port: u16,
    got: Arc<Mutex<Vec<(String, String, u16)>>>,
}

impl Receiver {
    fn start(fail_first: usize) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let g = Arc::clone(&got);
        std::thread::spawn(move || {
            let mut fails = fail_first;
            for s in listener.incoming() {
                let Ok(s) = s else { break };
                let status = if fails > 0 {
                    fails -= 1;
                    500
                } else {
                    200
                };
                if let Some((path, body)) = exchange(s, status) {
                    g.lock().unwrap().push((path, body, status));
                }
            }
        });
        Receiver { port, got }
    }

    fn wait_for(&self, n: usize) -> Vec<(String, String, u16)> {
        let start = Instant::now();
        while self.got.lock().unwrap().len() < n && start.elapsed() < Duration::from_secs(60) {
            std::thread::sleep(Duration::from_millis(100));
        }
        self.got.lock().unwrap().clone()
    }
}

fn exchange(s: TcpStream, status: u16) -> Option<(String, String)> {
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut out = s.try_clone().ok()?;
    let mut r = BufReader::new(s);
    let mut first = String::new();
    r.read_line(&mut first).ok()?;
    let path = first.split_whitespace().nth(1)?.to_owned();
    let mut len = 0;
    loop {
        let mut l = String::new();
        r.read_line(&mut l).ok()?;
        if l.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    let answer = if status == 200 { "{\"ok\":true}" } else { "{\"ok\":false,\"description\":\"busy\"}" };
    let _ = write!(out, "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}", answer.len());
    Some((path, String::from_utf8(body).ok()?))
}

fn write_config(dir: &Path, port: u16, extra: &str) -> PathBuf {
    let p = dir.join("delivery.toml");
    std::fs::write(
        &p,
        format!(
            "[delivery]\nattempts = 1\n{extra}\n[[webhook]]\nname = \"tg\"\nurl = \"http://127.0.0.1:{port}/bot{{token}}/sendMessage\"\nchat_ids = [\"42\"]\nlang = \"fr\"\ntoken_env = \"TRUCE_TEST_BOT_TOKEN\"\n"
        ),
    )
    .unwrap();
    p
}

/// `truce deliver` of the evening edition of 17 March 2024 on `db`:
/// whether it succeeded, and its standard error. Whatever happens, the
/// bot token never shows in the output.
fn deliver_evening(db: impl AsRef<OsStr>, cfg: &Path) -> (bool, String) {
    let out =
        truce(db).args(["deliver", "--edition", "evening", "--date", "2024-03-17", "--config"]).arg(cfg).env("TRUCE_TEST_BOT_TOKEN", TOKEN).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains(TOKEN) && !all.contains("cli-secret"), "{all}");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn digest_prints_an_edition_in_each_format() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("l.db");
    sample_ledger(&db, "2024-03-17");
    let run = |args: &[&str]| {
        let out = truce(&db).arg("digest").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["--edition", "evening", "--date", "2024-03-17"]);
    assert!(text.starts_with("truce · Evening edition, 17 March 2024\nNew since 17 March 2024, 07:00 UTC: 13 figures from 2 documents"), "{text}");
    let html = run(&["--edition", "evening", "--date", "2024-03-17", "--lang", "fr", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">") && html.contains("Édition du soir, 17 mars 2024"), "{html}");
    let md = run(&["--edition", "morning", "--date", "2024-03-18", "--format", "markdown", "--province", "SY02"]);
    assert_eq!(md, "## truce · Morning edition, 18 March 2024 — Aleppo\n\nNothing new since 17 March 2024, 19:00 UTC.\n");
    let bad = truce(&db).args(["digest", "--edition", "noon", "--date", "2024-03-17"]).output().unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected morning or evening"));
}

/// `truce digest` and `truce deliver` given a PostgreSQL URL: the same
/// bytes as from the same history in an SQLite file, and each delivery
/// once. Skipped without a server, except in CI.
#[test]
fn digest_and_deliver_work_on_postgres() {
    let Some(url) = truce_ledger_pg::testing::server_url("digest_on_postgres") else { return };
    let mut scratch = truce_ledger_pg::testing::Scratch::new(&url, "digest_cli");
    let pg = scratch.database();
    fill_sample(&mut truce_ledger_pg::PgLedger::open(&pg).unwrap(), "2024-03-17");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("l.db");
    sample_ledger(&db, "2024-03-17");
    let digest = |db: &OsStr, args: &[&str]| {
        let out = truce(db).arg("digest").args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    for args in [
        &["--edition", "evening", "--date", "2024-03-17"][..],
        &["--edition", "evening", "--date", "2024-03-16", "--lang", "fr", "--format", "html"],
        &["--edition", "evening", "--date", "2024-03-17", "--format", "markdown", "--province", "SY02"],
    ] {
        let (from_file, from_pg) = (digest(db.as_os_str(), args), digest(OsStr::new(&pg), args));
        assert_eq!(from_pg, from_file, "{args:?}");
        assert!(from_pg.contains("2024") && !from_pg.contains("Nothing new"), "{from_pg}");
    }

    let rx = Receiver::start(0);
    let cfg = write_config(tmp.path(), rx.port, "");
    let deliver = || deliver_evening(&pg, &cfg);
    let (ok, err) = deliver();
    assert!(ok && err.contains("evening 2024-03-17 to 42 via tg: sent"), "{err}");
    let (ok, err) = deliver();
    assert!(ok && err.contains("already sent"), "{err}");
    assert_eq!(rx.wait_for(1).len(), 1);
    let log = truce_digest::log::DeliveryLog::open(&truce_ledger_pg::LedgerTarget::parse(&pg)).unwrap().entries().unwrap();
    let log: Vec<_> = log.iter().map(|e| (e.recipient.as_str(), e.edition.as_str(), e.state.as_str(), e.attempts)).collect();
    assert_eq!(log, vec![("42", "2024-03-17/evening", "sent", 1)], "the log is in the PostgreSQL database");

    // A database that does not answer is named, without its password.
    let out = truce("postgres://truce:sekrit-pw@127.0.0.1:1/ledger").args(["digest", "--edition", "evening", "--date", "2024-03-17"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("postgres://truce@127.0.0.1:1/ledger") && !err.contains("sekrit"), "{err}");
}

#[test]
fn deliver_sends_once_retries_failures_and_never_shows_the_token() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("l.db");
    sample_ledger(&db, "2024-03-17");
    let rx = Receiver::start(1);
    let cfg = write_config(tmp.path(), rx.port, "");
    let deliver = || deliver_evening(&db, &cfg);
    let (ok, err) = deliver();
    assert!(!ok, "a failed delivery exits non-zero");
    assert!(err.contains("evening 2024-03-17 to 42 via tg: failed after 1 tries, will retry on the next run: webhook \"tg\": HTTP 500: busy"), "{err}");
    let (ok, err) = deliver();
    assert!(ok && err.contains("evening 2024-03-17 to 42 via tg: sent"), "{err}");
    let (ok, err) = deliver();
    assert!(ok && err.contains("already sent"), "{err}");
    let got = rx.wait_for(2);
    assert_eq!(got.len(), 2, "one refused, one accepted, nothing after");
    assert_eq!(got[1].0, format!("/bot{TOKEN}/sendMessage"));
    let v: serde_json::Value = serde_json::from_str(&got[1].1).unwrap();
    assert_eq!(v["chat_id"], 42);
    assert!(v["text"].as_str().unwrap().starts_with("truce · Édition du soir, 17 mars 2024\n"));
    // The token cannot be given on the command line at all.
    for flag in ["--token", "--password"] {
        let out = truce(&db).args(["deliver", flag, "x"]).output().unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument"));
    }
    // Without the variable the channel fails with the reason, naming the variable only.
    let out = truce(&db).args(["deliver", "--edition", "evening", "--date", "2024-03-16", "--config"]).arg(&cfg).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("TRUCE_TEST_BOT_TOKEN is not set"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Kills the server even when an assertion fails.
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// Starts `truce serve --schedule` on `db`: the server (killed on drop),
/// its address, and its standard error, where the scheduler reports each
/// delivery.
fn serve_with_schedule(db: impl AsRef<OsStr>, cfg: &Path) -> (Server, String, BufReader<std::process::ChildStderr>) {
    let mut server = Server(
        truce(db)
            .args(["serve", "--addr", "127.0.0.1:0", "--schedule", "--config"])
            .arg(cfg)
            .env("TRUCE_TEST_BOT_TOKEN", TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on http://").unwrap_or_else(|| panic!("{line:?}")).to_owned();
    let stderr = BufReader::new(server.0.stderr.take().unwrap());
    (server, addr, stderr)
}

/// The scheduler's first report of a delivery on a server's standard error.
fn first_delivery_report(stderr: &mut BufReader<std::process::ChildStderr>) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("the server ended before its scheduler reported");
        }
        if line.starts_with("deliver: ") {
            return line.trim_end().to_owned();
        }
    }
}

#[test]
fn serve_schedule_delivers_and_serves_the_feeds() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("l.db");
    sample_ledger(&db, "2024-03-05");
    let rx = Receiver::start(0);
    // The latest closed edition (today's) has nothing new; sending empty
    // editions makes the scheduler's first run visible at once.
    let cfg = write_config(tmp.path(), rx.port, "send_empty = true");
    let (server, addr, _stderr) = serve_with_schedule(&db, &cfg);

    let got = rx.wait_for(1);
    assert_eq!(got.len(), 1, "the scheduler delivered the latest edition on start");
    let v: serde_json::Value = serde_json::from_str(&got[0].1).unwrap();
    assert!(v["text"].as_str().unwrap().contains("Rien de nouveau depuis le"), "{v}");

    let (status, head, body) = get(&addr, "/feeds/bulletin.atom?lang=fr");
    assert_eq!(status, 200, "{body}");
    assert!(head.contains("content-type: application/atom+xml"), "{head}");
    assert!(body.contains("<id>tag:truce.invalid,2024:bulletin/fr/2024-03-05/evening</id>"), "{body}");
    assert!(body.contains(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"http://{addr}/feeds/bulletin.atom?lang=fr\"/>")), "{body}");
    let (status, _, body) = get(&addr, "/feeds/SY02/bulletin.atom");
    assert_eq!(status, 200);
    assert!(body.contains("<id>tag:truce.invalid,2024:bulletin/en/SY02</id>"), "{body}");
    let (status, _, body) = get(&addr, "/feeds/bulletin.atom?province=Atlantis");
    assert_eq!(status, 400, "{body}");
    drop(server);
}

/// Two `serve --schedule` processes behind one PostgreSQL database, as
/// behind a load balancer: the recipient gets the edition once, from
/// whichever claimed it first, the other reports it already sent, and both
/// serve the same feed. Skipped without a server, except in CI.
#[test]
fn two_scheduled_servers_on_postgres_deliver_once() {
    let Some(url) = truce_ledger_pg::testing::server_url("serve_schedule_on_postgres") else { return };
    let mut scratch = truce_ledger_pg::testing::Scratch::new(&url, "schedule_cli");
    let pg = scratch.database();
    fill_sample(&mut truce_ledger_pg::PgLedger::open(&pg).unwrap(), "2024-03-05");
    let tmp = tempfile::tempdir().unwrap();
    let rx = Receiver::start(0);
    let cfg = write_config(tmp.path(), rx.port, "send_empty = true");
    let (a, addr_a, mut err_a) = serve_with_schedule(&pg, &cfg);
    let (b, addr_b, mut err_b) = serve_with_schedule(&pg, &cfg);

    let mut reports = [first_delivery_report(&mut err_a), first_delivery_report(&mut err_b)];
    reports.sort();
    assert!(reports[0].ends_with("via tg: already sent") && reports[1].ends_with("via tg: sent"), "{reports:?}");
    let got = rx.wait_for(1);
    assert_eq!(got.len(), 1, "one edition, one message: {got:?}");
    let log = truce_digest::log::DeliveryLog::open(&truce_ledger_pg::LedgerTarget::parse(&pg)).unwrap().entries().unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].state.as_str(), log[0].attempts), ("sent", 1));

    let feed = |addr: &str| {
        let (status, _, body) = get(addr, "/feeds/bulletin.atom?lang=fr");
        assert_eq!(status, 200, "{body}");
        body.replace(addr, "ADDR")
    };
    let from_a = feed(&addr_a);
    assert!(from_a.contains("<id>tag:truce.invalid,2024:bulletin/fr/2024-03-05/evening</id>"), "{from_a}");
    assert_eq!(from_a, feed(&addr_b));
    drop((a, b));
}
