//! End-to-end tests of the view commands (`report`, `series`, `status`,
//! `audit`, `export`) on the sample month ingested by the real binary.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn truce(db: &Path) -> Command {
    let mut c = Command::cargo_bin("truce").expect("the truce binary");
    c.arg("--db").arg(db).env_remove("TRUCE_DB").env_remove("TRUCE_USER");
    c
}

fn bulletins() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/bulletins")
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.assert().success().get_output().stdout.clone()).expect("UTF-8 output")
}

#[test]
fn views_of_the_sample_month() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let db = tmp.path().join("ledger.db");
    truce(&db).arg("ingest").arg(bulletins()).assert().success();

    // The bulletin, in French with French digit grouping, and in JSON with claim ids.
    let fr = stdout(truce(&db).args(["report", "--date", "2024-03-17", "--lang", "fr"]));
    assert!(fr.starts_with("Bulletin quotidien du 17 mars 2024"), "{fr}");
    assert!(fr.contains("1\u{202F}219"), "{fr}");
    let en = stdout(truce(&db).args(["report", "--date", "2024-03-17"]));
    assert!(en.contains("1,219") && en.contains('†'), "{en}");
    let json: serde_json::Value = serde_json::from_str(&stdout(truce(&db).args(["report", "--date", "2024-03-26", "--format", "json"]))).expect("JSON");
    let aid = json["metrics"].as_array().expect("metrics").iter().find(|m| m["metric"] == "humanitarian_aid_tonnes").expect("aid");
    assert_eq!(aid["day"]["readings"].as_array().map(Vec::len), Some(2), "FR 7.4 and EN 4.7 both shown");
    assert!(aid["day"]["readings"][0]["claims"][0].as_i64().is_some());
    let md = stdout(truce(&db).args(["report", "--date", "2024-03-17", "--format", "markdown"]));
    assert!(md.starts_with("# Daily bulletin"), "{md}");

    // Nothing was recorded before the first evening: as known then, the day is empty.
    let early = stdout(truce(&db).args(["report", "--date", "2024-03-17", "--as-known-at", "2000-01-01"]));
    assert!(early.contains("Nothing was reported"), "{early}");

    // The audit names the planted inconsistencies.
    let audit: serde_json::Value =
        serde_json::from_str(&stdout(truce(&db).args(["audit", "--from", "2024-03-01", "--to", "2024-03-31", "--format", "json"]))).expect("JSON");
    let kinds: Vec<&str> = audit.as_array().expect("findings").iter().filter_map(|f| f["kind"].as_str()).collect();
    for kind in
        ["running_total_mismatch", "total_decreased", "count_differs_from_named", "headline_contradicts_body", "versions_disagree", "locality_joined_twice"]
    {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    truce(&db).args(["audit", "--from", "2024-03-01", "--to", "2024-03-31", "--fail-on-error"]).assert().failure();

    // A series with its chart.
    let svg = tmp.path().join("joined.svg");
    let csv = stdout(truce(&db).args(["series", "localities_joined_ceasefire", "--from", "2024-03-01", "--to", "2024-03-31", "--plot"]).arg(&svg));
    assert_eq!(csv.lines().count(), 32, "{csv}");
    assert!(std::fs::read_to_string(&svg).expect("svg written").starts_with("<svg"));
    let sweida = stdout(truce(&db).args(["series", "ceasefire_violations", "--province", "Soueïda", "--from", "2024-03-17", "--to", "2024-03-17"]));
    assert!(sweida.lines().nth(1).is_some_and(|l| l.starts_with("2024-03-17,ceasefire_violations,6,")), "{sweida}");

    // Status and exports.
    let status = stdout(truce(&db).args(["status", "--date", "2024-03-31"]));
    assert!(status.contains("joined 2024-03-"), "{status}");
    let geo: serde_json::Value = serde_json::from_str(&stdout(truce(&db).args(["export", "--format", "geojson", "--to", "2024-03-31"]))).expect("GeoJSON");
    assert_eq!(geo["type"], "FeatureCollection");
    let rows = stdout(truce(&db).args(["export", "--format", "csv", "--metric", "ceasefire_violations", "--from", "2024-03-29", "--to", "2024-03-29"]));
    assert!(rows.starts_with("event_date,time_precision,admin1,admin2,location,latitude,longitude"), "{rows}");
    assert!(rows.lines().count() > 2);
    let jsonl = stdout(truce(&db).args(["export", "--format", "jsonl", "--province", "SY13"]));
    assert!(jsonl.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok()));
}
