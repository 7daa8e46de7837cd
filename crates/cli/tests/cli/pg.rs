//! The `truce` binary against PostgreSQL: views that read the same as on
//! SQLite, `migrate-db`, and workers draining the queue, one of them killed
//! with SIGKILL mid-way. Skipped without a server, except in CI.

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};
use truce_ledger::{LedgerStore, Page};
use truce_ledger_pg::PgLedger;
use truce_ledger_pg::testing::{Scratch, server_url};

fn truce(db: &str) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

fn stdout(c: &mut Command) -> String {
    let out = c.assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

fn examples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Asserts two outputs equal line for line, showing the first difference
/// only (outputs run to hundreds of kilobytes). Times of recording differ
/// between two ingests and are left out of the comparison.
fn same(a: &str, b: &str, what: &[&str]) {
    let (la, lb): (Vec<String>, Vec<String>) = (a.lines().map(unrecorded).collect(), b.lines().map(unrecorded).collect());
    for (i, (x, y)) in la.iter().zip(&lb).enumerate() {
        assert_eq!(x, y, "{what:?}: line {} differs", i + 1);
    }
    assert_eq!(la.len(), lb.len(), "{what:?}: line counts");
}

/// `line` without the values of its `"recorded_at":"…"` fields (JSON) or
/// its timestamp fields (CSV).
fn unrecorded(line: &str) -> String {
    let is_time = |f: &str| f.len() >= 20 && f.as_bytes().get(10) == Some(&b'T') && f.ends_with('Z');
    let line = &line.split(',').map(|f| if is_time(f) { "" } else { f }).collect::<Vec<_>>().join(",");
    const KEY: &str = "\"recorded_at\":\"";
    let mut parts = line.split(KEY);
    let mut out = parts.next().unwrap_or_default().to_owned();
    for p in parts {
        out.push_str(KEY);
        out.push_str(p.split_once('"').map(|(_, rest)| rest).unwrap_or_default());
    }
    out
}

/// The same bulletins ingested into SQLite and PostgreSQL read the same in
/// every view: the generic view code on PostgreSQL gives what the SQL fast
/// paths give on SQLite, claim ids included.
#[test]
fn views_read_the_same_on_postgres_as_on_sqlite() {
    let Some(url) = server_url("views_on_postgres") else { return };
    let mut scratch = Scratch::new(&url, "views");
    let pg = scratch.database();
    let tmp = tempfile::tempdir().expect("tempdir");
    let lite = tmp.path().join("l.db").display().to_string();
    for db in [&lite, &pg] {
        stdout(truce(db).arg("ingest").arg(examples()));
    }
    let views: &[&[&str]] = &[
        &["claims"],
        &["documents"],
        &["report", "--date", "2024-03-01", "--format", "json"],
        &["report", "--date", "2024-03-02", "--lang", "fr"],
        &["series", "ceasefire_violations", "--format", "json"],
        &["series", "localities_joined_ceasefire", "--province", "Idlib"],
        &["status", "--format", "json"],
        &["audit", "--format", "json"],
        &["export", "--format", "csv"],
        &["export", "--format", "jsonl"],
        &["export", "--format", "geojson"],
    ];
    for args in views {
        let (a, b) = (stdout(truce(&lite).args(*args)), stdout(truce(&pg).args(*args)));
        assert!(a.len() > 40, "{args:?} says something: {a}");
        same(&a, &b.replace(&pg, &lite), args);
    }
    // Search stems per document language: "trêve" finds the French bulletins.
    // Hits come newest first, so which French bulletins lead depends on the
    // sample month; any of them, with the accented word, shows the stemming.
    let hits = stdout(truce(&pg).args(["search", "treve"]));
    let french = hits.lines().filter(|l| l.starts_with("document ") && l.split(' ').nth(2).is_some_and(|d| d.ends_with(".fr"))).count();
    assert!(french > 0 && hits.contains("trêve"), "{hits}");
}

#[test]
fn migrate_db_copies_a_ledger_that_then_reads_the_same() {
    let Some(url) = server_url("migrate_db") else { return };
    let mut scratch = Scratch::new(&url, "migratedb");
    let pg = scratch.database();
    let tmp = tempfile::tempdir().expect("tempdir");
    let lite = tmp.path().join("l.db").display().to_string();
    stdout(truce(&lite).arg("ingest").arg(examples()));
    stdout(truce(&lite).args(["review", "3", "--state", "disputed", "--by", "Amal", "--note", "two sources differ"]));
    // What other crates keep beside the ledger: a token, and a delivery log
    // with one edition sent and one failed.
    let token = stdout(truce(&lite).args(["token", "create", "--role", "editor", "--name", "Amal"])).trim().to_owned();
    // And a revoked one, which must stay refused on the copy.
    let gone = stdout(truce(&lite).args(["token", "create", "--role", "admin", "--name", "Bo"])).trim().to_owned();
    stdout(truce(&lite).args(["token", "revoke", "2", "--by", "lead"]));
    let lite_target = truce_ledger_pg::LedgerTarget::parse(&lite);
    let mut log = truce_digest::log::DeliveryLog::open(&lite_target).expect("log");
    let at: jiff::Timestamp = "2024-03-02T07:00:00Z".parse().expect("time");
    for (edition, outcome) in [("2024-03-02/morning", Ok(())), ("2024-03-02/evening", Err("refused"))] {
        assert!(log.claim("desk", "desk@example.org", edition, at).expect("claim"));
        log.finish("desk", "desk@example.org", edition, 1, outcome, at).expect("finish");
    }
    let out = stdout(Command::cargo_bin("truce").expect("bin").args(["migrate-db", "--from", &format!("sqlite:{lite}"), "--to", &pg]));
    assert!(out.contains("2 token(s) and 2 delivery record(s)"), "{out}");
    let pg_target = truce_ledger_pg::LedgerTarget::parse(&pg);
    let mut tokens = truce_server::tokens::TokenTable::open(&pg_target).expect("tokens");
    let who = tokens.lookup(&token).expect("lookup");
    assert_eq!(who.map(|i| (i.name, i.role)), Some(("Amal".to_owned(), truce_server::Role::Editor)), "the token works on the copy");
    assert_eq!(tokens.lookup(&gone).expect("lookup"), None, "the revoked token stays refused on the copy");
    let listed = stdout(truce(&pg).args(["token", "list", "--json"]));
    assert_eq!(listed, stdout(truce(&lite).args(["token", "list", "--json"])), "the same tokens, revocation and all");
    assert!(listed.contains("\"revoked_by\":\"lead\""), "{listed}");
    assert_eq!(
        truce_digest::log::DeliveryLog::open(&pg_target).expect("log").entries().expect("entries"),
        log.entries().expect("entries"),
        "the delivery log came along"
    );
    // Every stored document is copied, however many the sample month holds.
    let stored = stdout(truce(&lite).arg("documents")).lines().count();
    assert!(out.starts_with(&format!("copied {stored} document(s)")), "{out}");
    for args in [&["claims", "--json"][..], &["documents"], &["report", "--date", "2024-03-01"]] {
        same(&stdout(truce(&lite).args(args)), &stdout(truce(&pg).args(args)).replace(&pg, &lite), args);
    }
    // Not twice: the target now holds a ledger.
    let err = Command::cargo_bin("truce").expect("bin").args(["migrate-db", "--from", &lite, "--to", &pg]).assert().failure().get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&err).contains("empty ledger only"));
}

/// Two workers drain a queue; one is killed with SIGKILL mid-way. Its
/// document in flight is neither lost nor half stored, and nothing is
/// stored twice: every job ends done, with exactly one whole document each.
#[test]
fn a_worker_killed_mid_queue_loses_nothing_and_stores_nothing_twice() {
    let Some(url) = server_url("worker_kill") else { return };
    let mut scratch = Scratch::new(&url, "workerkill");
    let pg = scratch.database();
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let spec = truce_ledger::synth::SynthSpec { claims_per_doc: 40, ..truce_ledger::synth::SynthSpec::new(60_000, 1, 8) };
    let mut total = 0u64;
    for (i, d) in truce_ledger::synth::documents(spec).enumerate() {
        std::fs::write(corpus.join(format!("{i:05}.txt")), d.text.as_bytes()).expect("write");
        total += 1;
    }
    let out = stdout(truce(&pg).args(["ingest", "--queue"]).arg(&corpus));
    assert!(out.starts_with(&format!("{total} job(s) queued")), "{out}");

    let spawn = |name: &str| {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
            .args(["--db", &pg, "worker", "--name", name])
            .env_remove("TRUCE_DB")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn truce worker")
    };
    let mut victim = spawn("victim");
    let mut other = spawn("other");
    let l = PgLedger::open(&pg).expect("open");
    let start = Instant::now();
    loop {
        assert!(start.elapsed() < Duration::from_secs(120), "workers stored nothing in 2 minutes");
        if let Some(status) = victim.try_wait().expect("try_wait") {
            panic!("the worker finished ({status}) before it could be killed; make the corpus larger");
        }
        if l.queue_counts().expect("counts").done >= 60 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    victim.kill().expect("kill -9");
    victim.wait().expect("reap");
    let done_at_kill = l.queue_counts().expect("counts").done;
    assert!(done_at_kill < total, "killed mid-way");
    assert!(other.wait().expect("other worker").success());
    // The killed worker's job was queued again; a worker started now (or
    // the other one, had it still been running) finishes it.
    stdout(truce(&pg).arg("worker"));

    let c = l.queue_counts().expect("counts");
    assert_eq!((c.queued, c.done, c.failed), (0, total, 0));
    let docs = l.documents(Page { limit: 100_000, offset: 0 }).expect("documents");
    assert_eq!(docs.len() as u64, total, "every file stored exactly once");
    let mut claims = 0u64;
    for d in &docs {
        let have = l.claim_ids_of(d.id).expect("claims of document");
        assert_eq!(have.len() as u32, d.claim_count, "document {} whole", d.doc.id);
        assert!(d.claim_count > 0);
        claims += have.len() as u64;
    }
    assert_eq!(l.stats().expect("stats").claims, claims, "no claim without its whole document");
    let mut c2 = PgLedger::open(&pg).expect("open");
    let workers: Vec<String> =
        c2.client().query("SELECT DISTINCT worker FROM ingest_jobs ORDER BY 1", &[]).expect("workers").iter().map(|r| r.get(0)).collect();
    assert!(workers.contains(&"victim".to_owned()) && workers.contains(&"other".to_owned()), "{workers:?}");
    let orphans: i64 = c2
        .client()
        .query_one("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM ingest_jobs j WHERE j.document_id = d.id)", &[])
        .expect("orphans")
        .get(0);
    assert_eq!(orphans, 0, "every document is its job's");
}
