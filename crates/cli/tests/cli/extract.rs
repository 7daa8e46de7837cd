//! End-to-end tests of `truce extract`: the real binary on the project's own
//! example bulletins, its output formats and overrides, and how it treats bad
//! input (named errors, other files still read, exit codes, broken pipes).

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn truce() -> Command {
    Command::cargo_bin("truce").expect("the truce binary builds")
}

/// The repository's examples/, wherever cargo runs the test from.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn example(rel: &str) -> String {
    examples().join(rel).to_string_lossy().into_owned()
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = truce().args(args).output().expect("truce runs");
    Run { code: out.status.code(), stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout))
}

/// The first claim with this metric and window kind, so tests survive claims
/// being added or reordered.
fn claim<'a>(x: &'a Value, metric: &str, window: &str) -> &'a Value {
    x["claims"]
        .as_array()
        .expect("claims is a list")
        .iter()
        .find(|c| c["metric"] == metric && c["window"]["kind"] == window)
        .unwrap_or_else(|| panic!("no {metric} claim with a {window} window in {x:#}"))
}

fn all_places(x: &Value) -> Vec<&Value> {
    x["claims"].as_array().expect("claims").iter().flat_map(|c| c["places"].as_array().expect("places")).collect()
}

#[test]
fn french_bulletin_as_json() {
    let r = run(&["extract", &example("bulletin.fr.txt")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    assert_eq!(x["doc"]["id"], "bulletin.fr");
    assert_eq!(x["doc"]["published"], "2024-03-04");
    assert_eq!(x["doc"]["lang"], "fr");

    let day = claim(&x, "territory_km2", "day");
    assert_eq!(day["value"].as_f64(), Some(20.2));
    let total = claim(&x, "territory_km2", "total");
    assert_eq!(total["value"].as_f64(), Some(2900.9));
    assert_eq!(total["window"]["since"], "2024-01-01");

    let agreements = claim(&x, "ceasefire_agreements", "day");
    assert_eq!(agreements["value"].as_f64(), Some(3.0));
    let text = std::fs::read_to_string(example("bulletin.fr.txt")).expect("read example");
    let evidence = agreements["evidence"].as_str().expect("evidence");
    assert!(evidence.starts_with("3 accords de trêve") && text.contains(evidence), "{evidence}");

    // Linking is on by default: places carry gazetteer ids and coordinates.
    let blate = all_places(&x).into_iter().find(|p| p["name"] == "Blate").expect("Blate is a place");
    assert_eq!(blate["province"], "SY07");
    assert!(blate["id"].as_str().is_some_and(|id| id.starts_with("wof:")), "{blate}");
    assert!(blate["lat"].is_f64() && blate["lon"].is_f64(), "{blate}");
    let idlib = all_places(&x).into_iter().find(|p| p["name"] == "Idlib").expect("Idlib is a place");
    assert_eq!(idlib["id"], "SY07");
}

#[test]
fn english_bulletin_as_json() {
    let r = run(&["extract", &example("bulletin.en.txt")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    assert_eq!(x["doc"]["lang"], "en");
    assert_eq!(x["doc"]["published"], "2024-03-04");
    let returned = claim(&x, "refugees_returned", "total");
    assert_eq!(returned["value"].as_f64(), Some(17086.0));
    assert_eq!(returned["window"]["since"], "2024-01-01");
}

#[test]
fn table_format_shows_claims_and_evidence() {
    let r = run(&["extract", &example("bulletin.fr.txt"), "--format", "table"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let first = r.stdout.lines().next().expect("a heading line");
    assert!(first.contains("bulletin.fr.txt") && first.contains("2024-03-04") && first.contains("fr"), "{first}");
    assert!(first.contains("claims"), "{first}");
    let row = r.stdout.lines().find(|l| l.contains("territory_km2") && l.contains("20.2")).expect("a territory row");
    assert!(row.contains("day"), "{row}");
    assert!(r.stdout.contains("total since 2024-01-01"), "{}", r.stdout);
    assert!(r.stdout.contains("“L'armée a reconquis 20,2 km2"), "{}", r.stdout);
    assert!(serde_json::from_str::<Value>(&r.stdout).is_err(), "a table is not JSON");
}

/// The table gives each claim that has reasons one `why:` line after its
/// evidence, its reasons in order, and none to a claim without. (Checked
/// against the JSON of the same run, so it holds whichever reasons the
/// reader gives.)
#[test]
fn table_format_shows_each_claims_reasons_on_one_line() {
    for file in ["bulletin.fr.txt", "bulletins"] {
        let x = run(&["extract", &example(file), "--jsonl"]);
        assert_eq!(x.code, Some(0), "{}", x.stderr);
        let mut want = Vec::new();
        for line in x.stdout.lines() {
            let doc: Value = serde_json::from_str(line).expect("JSON line");
            for c in doc["claims"].as_array().expect("claims") {
                let Some(reasons) = c["reasons"].as_array() else {
                    continue;
                };
                let cues: Vec<String> =
                    reasons.iter().map(|r| format!("{} «{}»", r["role"].as_str().expect("role"), r["cue"].as_str().expect("cue"))).collect();
                // One line: the table turns line breaks in a cue into spaces.
                want.push(format!("      why: {}", cues.join(", ").replace(['\n', '\r', '\t'], " ")));
            }
        }
        let t = run(&["extract", &example(file), "--format", "table"]);
        assert_eq!(t.code, Some(0), "{}", t.stderr);
        let lines: Vec<&str> = t.stdout.lines().collect();
        let got: Vec<&str> = lines.iter().copied().filter(|l| l.starts_with("      why: ")).collect();
        assert_eq!(got, want, "{file}");
        for (i, l) in lines.iter().enumerate() {
            if l.starts_with("      why: ") {
                assert!(lines[i - 1].starts_with("      “"), "why follows the evidence: {}", lines[i - 1]);
            }
        }
    }
}

#[test]
fn jsonl_over_the_example_month_is_one_object_per_document() {
    let r = run(&["extract", &example("bulletins"), "--jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 62, "31 days in two languages");
    let mut ids = Vec::new();
    for line in &lines {
        let x: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line ({e}): {line}"));
        assert!(x["claims"].is_array(), "{line}");
        ids.push(x["doc"]["id"].as_str().expect("id").to_owned());
    }
    // Walked in a stable (sorted) order, ids are file stems.
    assert_eq!(ids.first().map(String::as_str), Some("2024-03-01.en"));
    assert_eq!(ids.last().map(String::as_str), Some("2024-03-31.fr"));
}

#[test]
fn many_files_without_jsonl_are_one_json_list() {
    let r = run(&["extract", &example("bulletin.fr.txt"), &example("bulletin.en.txt")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let list = json(&r);
    let list = list.as_array().expect("a JSON list");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1]["doc"]["id"], "bulletin.en");
}

#[test]
fn dash_reads_stdin() {
    let text = std::fs::read(example("bulletin.en.txt")).expect("read example");
    let out = truce().args(["extract", "-"]).write_stdin(text).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let x: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(x["doc"]["id"], "stdin");
    assert_eq!(x["doc"]["published"], "2024-03-04");
    assert_eq!(claim(&x, "territory_km2", "day")["value"].as_f64(), Some(20.2));
}

#[test]
fn date_and_lang_override_the_text() {
    let r = run(&["extract", &example("bulletin.en.txt"), "--date", "2020-01-02", "--lang", "fr"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    assert_eq!(x["doc"]["published"], "2020-01-02");
    assert_eq!(x["doc"]["lang"], "fr");
    // Relative windows follow the overriding day: "since the beginning of
    // the year" is now 2020's.
    assert_eq!(claim(&x, "territory_km2", "total")["window"]["since"], "2020-01-01");

    let r = run(&["extract", &example("bulletin.fr.txt"), "--date", "2019-07"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(json(&r)["doc"]["published"], "2019-07");

    let r = run(&["extract", &example("bulletin.fr.txt"), "--date", "yesterday"]);
    assert_ne!(r.code, Some(0));
    assert!(r.stderr.contains("yesterday"), "{}", r.stderr);
}

#[test]
fn no_link_leaves_places_without_ids() {
    let r = run(&["extract", &example("bulletin.fr.txt"), "--no-link"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    let places = all_places(&x);
    assert!(places.iter().any(|p| p["name"] == "Blate"), "{x:#}");
    for p in places {
        assert!(p.get("id").is_none_or(Value::is_null), "linked despite --no-link: {p}");
        assert!(p.get("lat").is_none_or(Value::is_null), "{p}");
    }
}

#[test]
fn html_page_is_decoded() {
    let r = run(&["extract", &example("html/2024-03-15.en.html")]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    assert_eq!(x["doc"]["id"], "2024-03-15.en");
    assert_eq!(x["doc"]["published"], "2024-03-15");
    assert_eq!(x["doc"]["lang"], "en");
    assert!(!x["claims"].as_array().expect("claims").is_empty());
    for c in x["claims"].as_array().expect("claims") {
        let evidence = c["evidence"].as_str().expect("evidence");
        assert!(!evidence.contains('<') && !evidence.contains("&amp;"), "markup in evidence: {evidence}");
    }
}

#[test]
fn windows_1252_file_is_decoded() {
    let path = example("latin1/2024-03-15.fr.txt");
    let bytes = std::fs::read(&path).expect("read example");
    assert!(std::str::from_utf8(&bytes).is_err(), "the fixture should not be UTF-8");
    let r = run(&["extract", &path]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let x = json(&r);
    assert_eq!(x["doc"]["lang"], "fr");
    assert_eq!(x["doc"]["published"], "2024-03-15");
    let territory = claim(&x, "territory_km2", "day");
    assert!(territory["evidence"].as_str().expect("evidence").contains("km²"), "{territory}");
    assert!(!r.stdout.contains('\u{FFFD}'), "replacement characters in output");
}

/// Writes a mix of good and bad inputs into a fresh directory.
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(example("bulletin.fr.txt"), dir.path().join("a-good.txt")).expect("copy");
    std::fs::copy(example("bulletin.en.txt"), dir.path().join("z-good.txt")).expect("copy");
    std::fs::write(dir.path().join("empty.txt"), b"").expect("write");
    std::fs::write(dir.path().join("binary.txt"), b"PK\x03\x04\x00\x00\x08\x00 not a bulletin \x00\x00").expect("write");
    std::fs::write(dir.path().join("blank.txt"), b" \n\t\n  ").expect("write");
    // Not a bulletin by its extension: a directory walk skips it.
    std::fs::write(dir.path().join("notes.bin"), b"\x00\x01\x02").expect("write");
    dir
}

#[test]
fn an_empty_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let r = run(&["extract", &empty.to_string_lossy()]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains(&*empty.to_string_lossy()) && r.stderr.contains("empty"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn a_binary_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let binary = dir.path().join("photo.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").expect("write");
    let r = run(&["extract", &binary.to_string_lossy()]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains(&*binary.to_string_lossy()), "{}", r.stderr);
    assert!(r.stderr.contains("binary") && r.stderr.contains("NUL"), "{}", r.stderr);
    assert!(r.stdout.trim().is_empty(), "{}", r.stdout);
}

#[test]
fn a_missing_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("no-such-bulletin.txt");
    let r = run(&["extract", &missing.to_string_lossy(), &example("bulletin.fr.txt"), "--jsonl"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no-such-bulletin.txt") && r.stderr.contains("cannot read"), "{}", r.stderr);
    // The good file after it is still read.
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("\"bulletin.fr\""));
}

#[test]
fn a_mixed_directory_reads_the_good_and_names_each_bad_file() {
    let dir = mixed_dir();
    let r = run(&["extract", &dir.path().to_string_lossy(), "--jsonl"]);
    assert_eq!(r.code, Some(1), "one bad file makes the run fail");
    let ids: Vec<String> =
        r.stdout.lines().map(|l| serde_json::from_str::<Value>(l).expect("JSON line")["doc"]["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(ids, ["a-good", "z-good"], "the good files, in order, despite the bad ones between them");
    let error_line = |name: &str| {
        r.stderr
            .lines()
            .find(|l| l.starts_with("error:") && l.contains(name))
            .unwrap_or_else(|| panic!("no error line naming {name}:\n{}", r.stderr))
            .to_owned()
    };
    assert!(error_line("empty.txt").contains("empty"));
    assert!(error_line("binary.txt").contains("binary"));
    assert!(error_line("blank.txt").contains("white space"));
    assert!(!r.stderr.contains("notes.bin"), "non-bulletin files are not walked: {}", r.stderr);
    assert!(r.stderr.contains("3 of 5 inputs could not be read"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);

    // The same holds for the table and the pretty JSON list.
    let r = run(&["extract", &dir.path().to_string_lossy(), "--format", "table"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.contains("a-good.txt") && r.stdout.contains("z-good.txt"), "{}", r.stdout);
    let r = run(&["extract", &dir.path().to_string_lossy()]);
    assert_eq!(r.code, Some(1));
    assert_eq!(json(&r).as_array().map(Vec::len), Some(2), "{}", r.stdout);
}

#[test]
fn exit_code_is_zero_when_every_file_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["one.txt", "two.TXT", "three.html"] {
        std::fs::copy(example("bulletin.en.txt"), dir.path().join(name)).expect("copy");
    }
    let r = run(&["extract", &dir.path().to_string_lossy(), "--jsonl"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 3);
    assert!(!r.stderr.contains("error"), "{}", r.stderr);
}

/// Spawns `truce extract` over several copies of the month, reads one line
/// and closes the pipe, then returns how the binary ended and its stderr.
fn close_pipe_after_one_line(format_args: &[&str]) -> (std::process::ExitStatus, String, String) {
    // Four copies of the month make the output far larger than a pipe's
    // buffer, so the binary meets the closed pipe while still writing.
    let month = example("bulletins");
    let stderr_file = tempfile::NamedTempFile::new().expect("temp file");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("truce"))
        .args(["extract", "--no-link"])
        .args(format_args)
        .args([&month, &month, &month, &month])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        // A file, not a pipe, so stderr never blocks the child while we wait.
        .stderr(Stdio::from(stderr_file.reopen().expect("reopen")))
        .spawn()
        .expect("truce starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("one line");
    // The reader, the pipe's only read end, is dropped here.
    let status = child.wait().expect("truce exits");
    let stderr = std::fs::read_to_string(stderr_file.path()).expect("stderr");
    (status, first, stderr)
}

#[test]
fn a_closed_pipe_after_a_table_is_success_without_a_panic() {
    let (status, first, stderr) = close_pipe_after_one_line(&["--format", "table"]);
    assert!(first.contains("2024-03-01.en.txt"), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "a closed pipe is reported as an error: {stderr}");
    assert!(status.success(), "a closed pipe counts as success, like ripgrep: {status:?} {stderr}");
}

#[test]
fn a_closed_pipe_after_jsonl_is_success_without_a_panic() {
    let (status, first, stderr) = close_pipe_after_one_line(&["--jsonl"]);
    assert!(serde_json::from_str::<Value>(&first).is_ok(), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "a closed pipe is reported as an error: {stderr}");
    assert!(status.success(), "a closed pipe counts as success, like ripgrep: {status:?} {stderr}");
}

#[test]
fn a_closed_pipe_after_jsonl_never_panics() {
    // The part of the jsonl case that holds today: whatever the exit code,
    // no panic message and no hang.
    let (_, first, stderr) = close_pipe_after_one_line(&["--jsonl"]);
    assert!(serde_json::from_str::<Value>(&first).is_ok(), "{first}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
