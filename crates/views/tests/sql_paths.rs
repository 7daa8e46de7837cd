//! The SQL paths of the views give exactly what the API paths give, on the
//! sample month, for every scope, with a reporter and as known at a time.

mod support;

use support::{Claims, day, sample_ledger};
use truce_ledger::{LedgerStore, Stamp};
use truce_model::{Governorate, Metric};
use truce_views::ViewQuery;
use truce_views::series::{Scope, series_generic, series_sql};

fn queries(l: &truce_ledger::SqliteLedger) -> Vec<ViewQuery> {
    let reporters: Vec<String> = {
        let mut r: Vec<String> = l.claims(&ViewQuery::default().filter(None, None, None)).expect("claims").into_iter().filter_map(|c| c.reporter).collect();
        r.sort();
        r.dedup();
        r
    };
    let mut qs = vec![
        ViewQuery::default(),
        ViewQuery { as_known_at: Some("2024-03-15T12:00:00Z".parse().expect("ts")), ..ViewQuery::default() },
        ViewQuery { as_known_at: Some("2024-03-25T12:00:00Z".parse().expect("ts")), ..ViewQuery::default() },
    ];
    qs.extend(reporters.into_iter().map(|r| ViewQuery { reporter: Some(r), ..ViewQuery::default() }));
    qs
}

/// The sample ledger with some reviews, so review states matter.
fn reviewed_ledger() -> truce_ledger::SqliteLedger {
    let mut l = sample_ledger(Claims::Gold);
    let claims = l.claims(&ViewQuery::default().filter(None, None, None)).expect("claims");
    let at: jiff::Timestamp = "2024-03-10T12:00:00Z".parse().expect("ts");
    for (i, c) in claims.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
        let state = [truce_ledger::ReviewState::Confirmed, truce_ledger::ReviewState::Disputed, truce_ledger::ReviewState::Rejected][i % 3];
        l.review(c.id, state, None, &Stamp::at("tester", at)).expect("review");
    }
    // A second version of two bulletins, recorded later with other values:
    // the first version's claims leave the views from then on.
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(support::bulletins_dir())
        .expect("bulletins")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for path in files.iter().skip(4).step_by(9).take(2) {
        let name = path.file_stem().and_then(|s| s.to_str()).expect("name").to_owned();
        let text = String::from_utf8(std::fs::read(path).expect("read")).expect("utf8") + "\nCorrected edition.\n";
        let gold = support::bulletins_dir().join("expected").join(format!("{name}.json"));
        let mut ex: truce_model::Extraction = serde_json::from_slice(&std::fs::read(gold).expect("gold")).expect("gold JSON");
        for c in &mut ex.claims {
            c.value = c.value.map(|v| v + 2.0);
            // Reasons, for the exports: a cue the evidence holds (its first
            // word) and one it does not. (The gold claims have no spans.)
            if let Some(at) = text.find(&c.evidence) {
                let span = truce_model::Span::new(at, at + c.evidence.len());
                c.span = Some(span);
                let word = c.evidence.split(' ').next().unwrap_or_default().to_owned();
                let first = truce_model::Span::new(span.start, span.start + word.len());
                c.reasons = vec![
                    truce_model::Reason::new(truce_model::ReasonRole::Metric, word, first),
                    truce_model::Reason::new(truce_model::ReasonRole::Window, "elsewhere", truce_model::Span::new(0, 9)),
                ];
            }
        }
        truce_places::Gazetteer::bundled().link_claims(&mut ex.claims);
        let doc = truce_ledger::NewDocument { source_key: &name, source_path: None, hash: truce_ledger::ContentHash::of(text.as_bytes()), text: &text };
        let at: jiff::Timestamp = "2024-03-18T09:00:00Z".parse().expect("ts");
        l.ingest(&doc, &ex, &Stamp::at("extract", at)).expect("second version");
    }
    // Joins of the month's localities long before it (January, more than
    // 31 days back) and just before it: the audit's "joined twice" looks at
    // the whole history. One is rejected later, one recorded only on the
    // 20th (so not known at the 15th), one repeats a January join later.
    let joins: Vec<&truce_ledger::StoredClaim> =
        claims.iter().filter(|c| truce_ledger::joins_localities(&c.claim) && c.claim.places.iter().any(|p| truce_ledger::locality_key(p).is_some())).collect();
    assert!(joins.len() >= 6, "the sample month has joins: {}", joins.len());
    for (i, c) in joins.iter().take(6).enumerate() {
        let valid = match i {
            4 => jiff::civil::date(2024, 2, 20),
            5 => jiff::civil::date(2024, 1, 25),
            _ => jiff::civil::date(2024, 1, 5 + i as i8),
        };
        let recorded: jiff::Timestamp = if i == 2 { "2024-03-20T08:00:00Z" } else { "2024-02-21T08:00:00Z" }.parse().expect("ts");
        let new = truce_ledger::NewClaim {
            claim: c.claim.clone(),
            reporter: c.reporter.clone(),
            valid: Some(truce_model::ReportDay::Day(valid)),
            note: Some("an earlier join".into()),
        };
        let id = l.record(&new, &Stamp::at("tester", recorded)).expect("record");
        if i == 1 {
            l.review(id, truce_ledger::ReviewState::Rejected, None, &Stamp::at("tester", "2024-03-12T08:00:00Z".parse().expect("ts"))).expect("reject");
        }
    }
    // Corrections recorded mid-month: superseded claims leave the views.
    let at: jiff::Timestamp = "2024-03-20T12:00:00Z".parse().expect("ts");
    for c in claims.iter().filter(|c| c.claim.value.is_some()).skip(3).step_by(11) {
        let mut claim = c.claim.clone();
        claim.value = claim.value.map(|v| v + 1.0);
        let new = truce_ledger::NewClaim { claim, reporter: c.reporter.clone(), valid: c.valid, note: Some("test".into()) };
        l.correct(c.id, &new, &Stamp::at("tester", at)).expect("correct");
    }
    l
}

#[test]
fn series_sql_equals_series() {
    let l = reviewed_ledger();
    let mut scopes = vec![Scope::Country];
    scopes.extend(Governorate::ALL.into_iter().map(Scope::Governorate));
    let districts: Vec<String> = {
        let mut d: Vec<String> = l
            .claims(&ViewQuery::default().filter(None, None, None))
            .expect("claims")
            .into_iter()
            .flat_map(|c| c.claim.places.into_iter().filter_map(|p| p.district))
            .collect();
        d.sort();
        d.dedup();
        d
    };
    assert!(!districts.is_empty());
    scopes.extend(districts.into_iter().map(Scope::District));
    let ranges = [
        (None, None),
        (Some(day("2024-03-01")), Some(day("2024-03-31"))),
        (Some(day("2024-03-10")), Some(day("2024-03-20"))),
        (Some(day("2024-03-20")), None),
        (None, Some(day("2024-03-05"))),
        (Some(day("2024-03-20")), Some(day("2024-03-10"))),
    ];
    let mut points = 0;
    for q in queries(&l) {
        for metric in Metric::ALL {
            for scope in &scopes {
                for (from, to) in ranges {
                    let a = series_generic(&l, metric, scope, from, to, &q).expect("series");
                    let b = series_sql(&l, metric, scope, from, to, &q).expect("series_sql");
                    assert_eq!(a, b, "{metric} {scope:?} {from:?}..{to:?} {q:?}");
                    points += a.points.iter().filter(|p| !p.claims.is_empty()).count();
                }
            }
        }
    }
    assert!(points > 100, "the comparison saw figures: {points}");
}

#[test]
fn audit_sql_equals_audit() {
    let l = reviewed_ledger();
    let ranges = [("2024-03-01", "2024-03-31"), ("2024-03-09", "2024-03-14"), ("2024-03-20", "2024-03-26"), ("2024-03-31", "2024-04-30")];
    let (mut seen, mut long_ago) = (0, 0);
    for q in queries(&l) {
        for (from, to) in ranges {
            let a = truce_views::audit::audit_generic(&l, day(from), day(to), &q).expect("audit");
            let b = truce_views::audit::audit_sql(&l, day(from), day(to), &q).expect("audit_sql");
            assert_eq!(a, b, "{from}..{to} {q:?}");
            seen += a.len();
            long_ago += a
                .iter()
                .filter(|f| f.kind == truce_views::audit::FindingKind::LocalityJoinedTwice)
                .filter(|f| f.claims.iter().any(|c| c.day.is_some_and(|d| d < day("2024-02-01"))))
                .count();
        }
    }
    assert!(seen > 50, "the comparison saw findings: {seen}");
    assert!(long_ago > 5, "the comparison saw repeat joins more than 31 days apart: {long_ago}");
}

#[test]
fn daily_report_sql_equals_daily_report() {
    let l = reviewed_ledger();
    let mut n = 0;
    for q in queries(&l) {
        for d in 1..=31 {
            let date = jiff::civil::date(2024, 3, d);
            let a = truce_views::report::daily_report_generic(&l, date, &q).expect("report");
            let b = truce_views::report::daily_report_sql(&l, date, &q).expect("report_sql");
            assert_eq!(a, b, "{date} {q:?}");
            n += a.metrics.len() + a.agreements.len() + a.violations.len();
        }
    }
    assert!(n > 100, "the comparison saw figures: {n}");
}

#[test]
fn exports_sql_equal_exports() {
    use truce_views::export::{export_csv_generic, export_csv_sql, export_jsonl_generic, export_jsonl_sql};
    let l = reviewed_ledger();
    let mut filters = Vec::new();
    for q in queries(&l) {
        filters.push(q.filter(None, None, None));
        filters.push(q.filter(Some(Metric::CeasefireViolations), Some(day("2024-03-10")), Some(day("2024-03-29"))));
        filters.push(q.filter(None, Some(day("2024-03-17")), None));
        let mut f = q.filter(None, None, Some(day("2024-03-20")));
        f.provinces = vec![Governorate::Aleppo, Governorate::Homs];
        filters.push(f);
        let mut f = q.filter(None, None, None);
        f.include_superseded = true;
        f.latest_versions_only = false;
        filters.push(f);
    }
    let mut rows = 0;
    for f in &filters {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let n = export_csv_generic(&l, f, &mut a).expect("csv");
        assert_eq!(export_csv_sql(&l, f, &mut b).expect("csv sql"), n);
        assert!(a == b, "CSV differs for {f:?}");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        assert_eq!(export_jsonl_generic(&l, f, &mut a).expect("jsonl"), n);
        assert_eq!(export_jsonl_sql(&l, f, &mut b).expect("jsonl sql"), n);
        assert!(a == b, "JSON Lines differ for {f:?}");
        if f.include_superseded && f.as_known_at.is_none() && f.reporter.is_none() {
            let lines = String::from_utf8(a).expect("utf8");
            assert!(lines.lines().any(|l| l.contains("\"reasons\":[{\"role\":\"metric\"")), "JSON Lines carry reasons");
        }
        rows += n;
    }
    assert!(rows > 1000, "the comparison saw rows: {rows}");
}
