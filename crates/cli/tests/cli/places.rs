//! End-to-end tests of `truce places`.

use assert_cmd::Command;

fn truce() -> Command {
    Command::cargo_bin("truce").expect("the truce binary builds")
}

fn stdout_of(args: &[&str]) -> (bool, String) {
    let output = truce().args(args).output().expect("truce runs");
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn search_finds_a_misspelt_village_in_its_province() {
    let (ok, out) = stdout_of(&["places", "search", "Maarest Al-Khan", "--province", "SY02"]);
    assert!(ok, "{out}");
    let first = out.lines().nth(1).unwrap_or_default();
    assert!(first.contains("wof:1276430671") && first.contains("Mu`arrasat al Khan"), "{out}");
}

#[test]
fn search_accepts_a_province_name_and_prints_json() {
    let (ok, out) = stdout_of(&["places", "search", "Modiara", "--province", "Damas", "--format", "json", "--limit", "3"]);
    assert!(ok, "{out}");
    let found: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let list = found.as_array().expect("a list");
    assert!(!list.is_empty() && list.len() <= 3);
    assert_eq!(list[0]["canonical"], "Mudayra");
    assert_eq!(list[0]["governorate"], "SY03");
}

#[test]
fn search_reads_arabic_and_cyrillic() {
    let (ok, out) = stdout_of(&["places", "search", "Латакия", "--format", "json"]);
    assert!(ok);
    assert!(out.contains("SY06") || out.contains("Latakia"), "{out}");
    let (ok, out) = stdout_of(&["places", "search", "معرسة الخان"]);
    assert!(ok);
    assert!(out.contains("wof:1276430671"), "{out}");
}

#[test]
fn nothing_found_exits_1() {
    let output = truce().args(["places", "search", "Xqzwvv Kjjjj"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_bad_province_or_gazetteer_is_an_error() {
    let output = truce().args(["places", "search", "Hama", "--province", "Atlantis"]).output().expect("runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Atlantis"));
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "id\tname\tlat\tlon\nx:1\tA\tnorth\t36\n").expect("write");
    let output = truce().args(["places", "search", "A", "--gazetteer"]).arg(&bad).output().expect("runs");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("bad.tsv") && err.contains("line 2"), "{err}");
}

#[test]
fn a_mission_gazetteer_replaces_the_bundled_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let own = dir.path().join("own.tsv");
    std::fs::write(&own, "id\tname\tlat\tlon\tadm1_pcode\nm:1\tKafr Shams\t33.1\t36.1\tSY12\n").expect("write");
    let (ok, out) = stdout_of(&["places", "search", "Kafar Chams", "--gazetteer", own.to_str().unwrap_or_default()]);
    assert!(ok, "{out}");
    assert!(out.contains("m:1"), "{out}");
}
