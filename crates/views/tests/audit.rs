//! The audit finds every inconsistency planted in the sample month
//! (examples/bulletins/README.md), read with the real extraction and, for a
//! stable snapshot, from the gold claims.

mod support;

use support::{Claims, day, sample_ledger};
use truce_model::Metric;
use truce_views::ViewQuery;
use truce_views::audit::{Finding, FindingKind, audit, audit_text};

fn has(findings: &[Finding], kind: FindingKind, d: &str, metric: Option<Metric>, evidence: &str) -> bool {
    findings.iter().any(|f| {
        f.kind == kind
            && f.day == Some(day(d))
            && (metric.is_none() || f.metric == metric)
            && f.claims.iter().any(|c| c.evidence.contains(evidence))
    })
}

fn assert_planted(findings: &[Finding]) {
    use FindingKind::*;
    use Metric::*;
    let planted: [(FindingKind, &str, Option<Metric>, &str); 9] = [
        (RunningTotalMismatch, "2024-03-08", Some(LocalitiesJoinedCeasefire), "200"),
        (RunningTotalMismatch, "2024-03-09", Some(LocalitiesJoinedCeasefire), "198"),
        (TotalDecreased, "2024-03-09", Some(LocalitiesJoinedCeasefire), "198"),
        (RunningTotalMismatch, "2024-03-13", Some(TerritoryKm2), "942"),
        (TotalDecreased, "2024-03-13", Some(TerritoryKm2), "942"),
        (RunningTotalMismatch, "2024-03-14", Some(TerritoryKm2), "047"),
        (CountDiffersFromNamed, "2024-03-17", Some(CeasefireAgreements), "10"),
        (HeadlineContradictsBody, "2024-03-20", Some(CeasefireViolations), ""),
        (VersionsDisagree, "2024-03-26", Some(HumanitarianAidTonnes), ""),
    ];
    let mut missing = Vec::new();
    for (kind, d, metric, evidence) in planted {
        if !has(findings, kind, d, metric, evidence) {
            missing.push(format!("{kind:?} {d} {metric:?}"));
        }
    }
    // 03-29: 12 violations, breakdown 6 + 3 + 2.
    if !has(findings, FindingKind::BreakdownDoesNotAddUp, "2024-03-29", Some(CeasefireViolations), "") {
        missing.push("BreakdownDoesNotAddUp 2024-03-29".into());
    }
    let kafr_zita = findings.iter().any(|f| {
        f.kind == FindingKind::LocalityJoinedTwice
            && f.day == Some(day("2024-03-22"))
            && f.claims.iter().any(|c| c.day == Some(day("2024-03-05")) && c.evidence.contains("Zita"))
            && f.claims.iter().any(|c| c.day == Some(day("2024-03-22")) && c.evidence.contains("Zita"))
    });
    if !kafr_zita {
        missing.push("LocalityJoinedTwice Kafr Zita".into());
    }
    assert!(missing.is_empty(), "planted inconsistencies not found: {missing:#?}\n{}", audit_text(findings));
}

#[test]
fn audit_finds_every_planted_inconsistency_in_the_extracted_month() {
    let l = sample_ledger(Claims::Extracted);
    let findings = audit(&l, day("2024-03-01"), day("2024-03-31"), &ViewQuery::default()).expect("audit");
    assert_planted(&findings);
}

#[test]
fn audit_finds_every_planted_inconsistency_in_the_gold_month() {
    let l = sample_ledger(Claims::Gold);
    let findings = audit(&l, day("2024-03-01"), day("2024-03-31"), &ViewQuery::default()).expect("audit");
    assert_planted(&findings);
    // The gold month has no inconsistency of these kinds beyond the planted ones.
    let unplanted: Vec<&Finding> = findings
        .iter()
        .filter(|f| matches!(f.kind, FindingKind::ReportersDisagree | FindingKind::VersionsDisagree))
        .filter(|f| f.day != Some(day("2024-03-26")))
        .collect();
    assert!(unplanted.is_empty(), "{unplanted:#?}");
    insta::assert_snapshot!("audit_gold_month", audit_text(&findings));
}
