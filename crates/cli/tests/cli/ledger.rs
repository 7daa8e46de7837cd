//! End-to-end tests of the ledger commands (`ingest`, `record`, `correct`,
//! `review`, `search`, `claims`, `documents`), including the kill -9 test of
//! issue 4, checked through the ledger API.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use truce_ledger::{ClaimFilter, ClaimId, LedgerStore, Page, ReviewState, SqliteLedger};

fn truce(db: &Path) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

/// Bulletins written for these tests (the project's own text).
const BULLETIN_EN: &str = "Daily bulletin of the reconciliation centre, 5 March 2017.\n\
Over the past 24 hours, 3 ceasefire violations were registered in Aleppo province.\n\
Agreements on joining the ceasefire were signed with the village of Maarest el-Khan.\n";
const BULLETIN_FR: &str = "Bulletin quotidien du 6 mars 2017.\n\
Au cours des dernières 24 heures, 2 violations de la trêve ont été enregistrées.\n\
La localité de Kafr Zita a rejoint la trêve.\n";

fn summary(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("JSON summary")
}

/// `truce claims CLAIM-ID` shows the words that decided the claim on one
/// `why:` line, and none for a claim without reasons; `--json` carries them.
#[test]
fn claims_shows_one_claims_reasons() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    // The ledger's own sample: two of its claims have reasons, one has none.
    let (text, ex) = truce_ledger::story::sample("b1", jiff::civil::date(2017, 3, 2), "");
    let mut l = SqliteLedger::open(&db).expect("open");
    let doc = truce_ledger::NewDocument { source_key: "b1.txt", source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
    l.ingest(&doc, &ex, &truce_ledger::Stamp::now("extract")).expect("ingest");
    let claims = l.claims(&ClaimFilter::default()).expect("claims");
    drop(l);
    let of = |m: &str| claims.iter().find(|c| c.claim.metric.as_str() == m).expect("claim").id.to_string();

    let (o, _) = run(truce(&db).args(["claims", &of("ceasefire_violations")]), true);
    let why: Vec<&str> = o.lines().filter(|l| l.starts_with("  why:")).collect();
    assert_eq!(why, ["  why:          value «5», metric «violations», place «Maarrat al-Numan»"], "{o}");
    let (o, _) = run(truce(&db).args(["claims", &of("territory_km2")]), true);
    assert!(o.contains("  why:          metric «square kilometres», metric «liberated», window «since 1 January 2017»\n"), "{o}");
    let (o, _) = run(truce(&db).args(["claims", &of("ceasefire_agreements")]), true);
    assert!(!o.contains("why:"), "no reasons, no line: {o}");

    let out = truce(&db).args(["claims", &of("ceasefire_violations"), "--json"]).assert().success().get_output().stdout.clone();
    let detail: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(detail["reasons"][1], serde_json::json!({ "role": "metric", "cue": "violations", "span": { "start": 60, "end": 70 } }));
}

/// `truce ingest --json PATH` into `db`, which must succeed: its summary.
fn ingest_json(db: &Path, path: &Path) -> serde_json::Value {
    summary(&truce(db).args(["ingest", "--json"]).arg(path).assert().success().get_output().stdout)
}

fn write(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn ingest_stores_once_and_versions_edits() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let dir = tmp.path().join("in");
    write(&dir, "a.txt", BULLETIN_EN.as_bytes());
    write(&dir, "sub/b.html", format!("<html><body><p>{BULLETIN_FR}</p></body></html>").as_bytes());
    write(&dir, "notes.md", b"not a bulletin, skipped by extension");

    let s = ingest_json(&db, &dir);
    assert_eq!((s["files"].as_u64(), s["documents"].as_u64(), s["duplicates"].as_u64()), (Some(2), Some(2), Some(0)));

    let s = ingest_json(&db, &dir);
    assert_eq!((s["documents"].as_u64(), s["duplicates"].as_u64()), (Some(0), Some(2)), "same bytes: skipped");

    write(&dir, "a.txt", format!("{BULLETIN_EN}Edited later.\n").as_bytes());
    let s = ingest_json(&db, &dir);
    assert_eq!((s["documents"].as_u64(), s["new_versions"].as_u64(), s["duplicates"].as_u64()), (Some(1), Some(1), Some(1)));

    let l = SqliteLedger::open(&db).expect("open");
    let docs = l.documents(Page::default()).expect("documents");
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].version, 2);
    assert_eq!(docs[0].doc.id, "a", "the document is named by its file stem");
    // The text line summary names the ledger too.
    let (o, _) = run(truce(&db).arg("ingest").arg(&dir), true);
    assert!(o.contains("2 duplicate(s) skipped"), "{o}");
}

/// Warnings come with the file they concern, for the documents this run
/// stored; a long list is cut in the text summary but never in JSON.
#[test]
fn ingest_lists_warnings_by_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let dir = tmp.path().join("in");
    write(&dir, "dated.txt", BULLETIN_EN.as_bytes());
    // No date header, no dateline: extraction warns that it has no report day.
    for i in 0..25 {
        write(&dir, &format!("undated-{i:02}.txt"), format!("Over the past 24 hours, {i} ceasefire violations were registered.\n").as_bytes());
    }
    let (o, _) = run(truce(&db).arg("ingest").arg(&dir), true);
    assert!(o.contains("25 warning(s)"), "{o}");
    let listed: Vec<&str> = o.lines().filter(|l| l.starts_with("  warning: ")).collect();
    assert_eq!(listed.len(), 20, "{o}");
    assert!(listed.iter().all(|l| l.contains("undated-") && l.contains("no report day")), "{o}");
    assert!(!o.contains("dated.txt: "), "a clean file raises no warning: {o}");
    assert!(o.contains("… and 5 more warning(s)"), "{o}");

    // A duplicate's warnings were reported when it was stored.
    let (o, _) = run(truce(&db).arg("ingest").arg(&dir), true);
    assert!(o.contains("26 duplicate(s) skipped, 0 warning(s)"), "{o}");

    let db2 = tmp.path().join("other.db");
    let warnings = ingest_json(&db2, &dir)["warnings"].as_array().expect("warnings listed").clone();
    assert_eq!(warnings.len(), 25);
    assert!(warnings.iter().all(|w| w["file"].as_str().is_some_and(|f| f.contains("undated-")) && w["warning"].is_string()));
}

/// Runs `cmd`, checks its exit status, and returns (stdout, stderr).
fn run(cmd: &mut Command, ok: bool) -> (String, String) {
    let out = cmd.output().expect("run truce");
    let (o, e) = (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert_eq!(out.status.success(), ok, "status {:?}\nstdout: {o}\nstderr: {e}", out.status);
    (o, e)
}

#[test]
fn a_bad_file_is_named_and_costs_nothing_else() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let dir = tmp.path().join("in");
    write(&dir, "1-good.txt", BULLETIN_EN.as_bytes());
    write(&dir, "2-empty.txt", b"");
    write(&dir, "3-good.txt", BULLETIN_FR.as_bytes());
    let missing = tmp.path().join("missing.txt");
    let out = truce(&db).args(["ingest", "--json"]).arg(&dir).arg(&missing).assert().failure().get_output().clone();
    let s = summary(&out.stdout);
    assert_eq!(s["documents"].as_u64(), Some(2), "both good files stored");
    let errors = s["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2);
    let all = serde_json::to_string(errors).expect("json");
    assert!(all.contains("2-empty.txt") && all.contains("empty"), "{all}");
    assert!(all.contains("missing.txt"), "{all}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2-empty.txt"), "{stderr}");
}

#[test]
fn ingest_reads_standard_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    truce(&db).args(["ingest", "--json", "--stdin-name", "phoned-in", "--date", "2017-03-05", "-"]).write_stdin(BULLETIN_EN).assert().success();
    let l = SqliteLedger::open(&db).expect("open");
    let docs = l.documents(Page::default()).expect("documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc.id, "phoned-in");
}

#[test]
fn record_correct_review_and_list() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let (o, _) = run(
        truce(&db).args(["record", "--metric", "refugees_returned", "--value", "120", "--place", "Douma@SY03"]).args([
            "--reporter",
            "Field team",
            "--by",
            "Amal",
            "--note",
            "phone call",
            "--valid-day",
            "2017-03-04",
        ]),
        true,
    );
    assert!(o.contains("recorded claim 1"), "{o}");
    // Who is required: a claim always keeps who recorded it.
    truce(&db).args(["record", "--metric", "refugees_returned", "--value", "1", "--valid-day", "2017-03-04"]).assert().failure();
    // A bad metric is refused with the list of good ones.
    let (_, e) = run(truce(&db).args(["record", "--metric", "refugees", "--by", "x", "--valid-day", "2017-03-04"]), false);
    assert!(e.contains("refugees_returned"), "{e}");
    truce(&db).args(["correct", "1", "--value", "210", "--by", "Basel", "--note", "typo"]).assert().success();
    let (_, e) = run(truce(&db).args(["correct", "1", "--value", "211", "--by", "Basel"]), false);
    assert!(e.contains("already corrected"), "{e}");
    truce(&db).args(["review", "2", "--state", "confirmed", "--by", "Dana"]).assert().success();
    let (_, e) = run(truce(&db).args(["review", "99", "--state", "confirmed", "--by", "Dana"]), false);
    assert!(e.contains("no claim 99"), "{e}");

    let l = SqliteLedger::open(&db).expect("open");
    let old = l.claim(ClaimId(1)).expect("claim").expect("old claim stays");
    let new = l.claim(ClaimId(2)).expect("claim").expect("correction");
    assert_eq!(old.superseded_by, Some(ClaimId(2)));
    assert_eq!(new.supersedes, Some(ClaimId(1)));
    assert_eq!(new.claim.value, Some(210.0));
    assert_eq!(new.claim.places, old.claim.places, "fields left out are copied");
    assert_eq!(new.reporter.as_deref(), Some("Field team"));
    assert_eq!((new.recorded_by.as_str(), new.review), ("Basel", ReviewState::Confirmed));
    assert_eq!(l.review_history(ClaimId(2)).expect("history")[0].by, "Dana");
    assert_eq!(l.count_claims(&ClaimFilter::default()).expect("count"), 1);

    let out = truce(&db).args(["claims", "--json", "--all"]).assert().success().get_output().stdout.clone();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 2);
    // Before the correction existed, only the first figure was known.
    let out = truce(&db).args(["claims", "--json", "--as-known-at", "2000-01-01"]).assert().success().get_output().stdout.clone();
    assert!(out.is_empty());
}

/// `truce claims ID` shows one claim as a reader checks it: its places
/// (hand-named ones linked to the gazetteer), source, corrections and every
/// review with who and when.
#[test]
fn one_claim_in_full_with_its_corrections_and_reviews() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let dir = tmp.path().join("in");
    write(&dir, "en.txt", BULLETIN_EN.as_bytes());
    truce(&db).arg("ingest").arg(&dir).assert().success();
    let l = SqliteLedger::open(&db).expect("open");
    let from_text = l.claims(&ClaimFilter::default()).expect("claims").into_iter().find(|c| c.claim.value == Some(3.0)).expect("the 3 violations");
    drop(l);
    let id = from_text.id.to_string();
    truce(&db).args(["review", &id, "--state", "disputed", "--by", "Dana", "--note", "second source says 2"]).assert().success();
    truce(&db).args(["correct", &id, "--value", "2", "--by", "Basel"]).assert().success();
    let (o, _) = run(truce(&db).args(["claims", &id]), true);
    assert!(o.starts_with(&format!("claim {id}: ceasefire_violations 3 over 24 hours, valid 2017-03-05")), "{o}");
    assert!(o.contains("source:       document 1 en v1, bytes "), "{o}");
    assert!(o.contains("evidence:     Over the past 24 hours, 3 ceasefire violations were registered in Aleppo province."), "{o}");
    assert!(o.contains("corrected by: claim "), "{o}");
    assert!(o.contains("review:       disputed"), "{o}");
    assert!(o.contains(" disputed by Dana: second source says 2"), "{o}");

    let out = truce(&db).args(["claims", &id, "--json"]).assert().success().get_output().stdout.clone();
    let detail: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(detail["id"].as_i64(), Some(from_text.id.0));
    assert_eq!(detail["history"][0]["by"], "Dana");
    assert_eq!(detail["history"][0]["state"], "disputed");

    // A hand-recorded claim's places are linked as extraction links them.
    truce(&db)
        .args(["record", "--metric", "refugees_returned", "--value", "40", "--valid-day", "2017-03-05", "--by", "Amal"])
        .args(["--place", "Douma@SY03", "--place", "Nowhere-on-no-map@SY03"])
        .assert()
        .success();
    let l = SqliteLedger::open(&db).expect("open");
    let hand = l.claims(&ClaimFilter { metric: Some("refugees_returned".parse().expect("metric")), ..ClaimFilter::default() }).expect("claims");
    let places = &hand[0].claim.places;
    assert!(places[0].id.as_deref().is_some_and(|i| i.starts_with("wof:")), "{places:?}");
    assert_eq!(places[0].district.as_deref(), Some("SY0302"));
    assert_eq!(places[1].id, None, "an unknown name stays unlinked");
    let (o, _) = run(truce(&db).args(["claims", &hand[0].id.to_string()]), true);
    assert!(o.contains("source:       recorded by hand") && o.contains("[not linked to the gazetteer]"), "{o}");

    let (_, e) = run(truce(&db).args(["claims", "999"]), false);
    assert!(e.contains("no claim 999") && e.contains("ledger.db"), "{e}");
    let (_, e) = run(truce(&db).args(["claims", &id, "--metric", "territory_km2"]), false);
    assert!(e.contains("cannot be used with"), "filters do not apply to one claim: {e}");
}

#[test]
fn search_shows_documents_and_sentences() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let dir = tmp.path().join("in");
    write(&dir, "en.txt", BULLETIN_EN.as_bytes());
    write(&dir, "fr.txt", BULLETIN_FR.as_bytes());
    truce(&db).arg("ingest").arg(&dir).assert().success();
    let (o, _) = run(truce(&db).args(["search", "Maarest"]), true);
    assert!(o.contains("Agreements on joining the ceasefire were signed with the village of Maarest el-Khan."), "{o}");
    assert!(!o.contains("fr.txt"), "{o}");
    let (o, _) = run(truce(&db).args(["search", "treve"]), true);
    assert!(o.contains("fr.txt"), "{o}");
    truce(&db).args(["search", "Palmyra"]).assert().failure();
}

#[test]
fn a_ledger_from_a_newer_truce_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let l = SqliteLedger::open(&db).expect("create");
    l.connection().pragma_update(None, "user_version", 999).expect("bump");
    drop(l);
    let (_, e) = run(truce(&db).args(["claims"]), false);
    assert!(e.contains("newer truce") && e.contains("ledger.db"), "{e}");
}

/// Issue 4: kill -9 in the middle of a large ingest leaves every committed
/// document whole and no half document; running it again completes it
/// without duplicates.
#[test]
fn issue_4_kill_9_mid_ingest_leaves_whole_documents_and_rerun_completes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let spec = truce_ledger::synth::SynthSpec { claims_per_doc: 40, ..truce_ledger::synth::SynthSpec::new(160_000, 2, 4) };
    let mut files = Vec::new();
    for (i, d) in truce_ledger::synth::documents(spec).enumerate() {
        files.push(write(&corpus, &format!("{i:05}.txt"), d.text.as_bytes()));
    }
    let total = files.len() as u64;
    assert!(total >= 3000, "{total}");

    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
        .arg("--db")
        .arg(&db)
        .arg("ingest")
        .arg(&corpus)
        .env_remove("TRUCE_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn truce ingest");
    // Wait until some documents are committed, then kill -9 (SIGKILL).
    let start = Instant::now();
    let mut stored_before_kill = 0;
    loop {
        assert!(start.elapsed() < Duration::from_secs(120), "ingest stored nothing in 2 minutes");
        if let Some(status) = child.try_wait().expect("try_wait") {
            panic!("ingest finished ({status}) before it could be killed; make the corpus larger");
        }
        // Opening creates a missing file: wait for the ingest to create it.
        let opened = if db.exists() { SqliteLedger::open(&db).ok() } else { None };
        if let Some(l) = opened {
            stored_before_kill = l.stats().map(|s| s.documents).unwrap_or(0);
        }
        if stored_before_kill >= 50 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");

    let l = SqliteLedger::open(&db).expect("open after the kill");
    l.check_integrity().expect("integrity after the kill");
    let docs = l.documents(Page { limit: u64::MAX / 4, offset: 0 }).expect("documents");
    assert!((docs.len() as u64) < total, "killed mid-way: {} of {total} stored", docs.len());
    assert!(docs.len() >= 50);
    let mut claims_seen = 0u64;
    for d in &docs {
        let path = d.source_path.as_deref().expect("source path");
        let bytes = std::fs::read(path).expect("read source");
        let text = truce_extract::decode(&bytes).expect("decode");
        let want = truce_extract::extract(&text, &truce_extract::Options { id: d.doc.id.clone(), ..Default::default() });
        let have = l.claim_ids_of(d.id).expect("claims of document");
        assert_eq!(have.len(), want.claims.len(), "document {} is whole", d.doc.id);
        assert_eq!(d.claim_count as usize, want.claims.len());
        claims_seen += have.len() as u64;
    }
    assert_eq!(l.stats().expect("stats").claims, claims_seen, "no claim without its whole document");
    drop(l);

    let s = ingest_json(&db, &corpus);
    assert_eq!(s["documents"].as_u64().unwrap_or(0) + s["duplicates"].as_u64().unwrap_or(0), total);
    assert_eq!(s["duplicates"].as_u64(), Some(docs.len() as u64), "what was stored is skipped, not stored twice");
    let l = SqliteLedger::open(&db).expect("open");
    l.check_integrity().expect("integrity");
    assert_eq!(l.stats().expect("stats").documents, total, "complete, no duplicates");
}
