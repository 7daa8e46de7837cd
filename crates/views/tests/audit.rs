//! The audit finds every inconsistency planted in the sample month
//! (examples/bulletins/README.md), read with the real extraction and, for a
//! stable snapshot, from the gold claims.

mod support;

use support::{Claims, day, sample_ledger};
use truce_model::Metric;
use truce_views::audit::{Finding, FindingKind, audit, audit_text};
use truce_views::{Language, ViewQuery};

fn has(findings: &[Finding], kind: FindingKind, d: &str, metric: Option<Metric>, evidence: &str) -> bool {
    findings
        .iter()
        .any(|f| f.kind == kind && f.day == Some(day(d)) && (metric.is_none() || f.metric == metric) && f.claims.iter().any(|c| c.evidence.contains(evidence)))
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

/// Every finding of the month said in French, as a French digest quotes
/// it: the bulletin's metric labels, French numbers and dates, and not one
/// English message left (the English stays the `message` field).
#[test]
fn findings_are_said_in_french_too() {
    let l = sample_ledger(Claims::Gold);
    let findings = audit(&l, day("2024-03-01"), day("2024-03-31"), &ViewQuery::default()).expect("audit");
    let mut kinds = std::collections::BTreeSet::new();
    let mut french = String::new();
    for f in &findings {
        let fr = f.message_in(Language::Fr);
        assert_eq!(f.message_in(Language::En), f.message);
        assert_ne!(fr, f.message, "{:?} has no French", f.kind);
        for english in [
            "is not the total",
            "goes down",
            "stated since",
            "localities named",
            "sources disagree",
            "one document states",
            "breakdown by place",
            "gazetteer",
            "may be any of",
            "joins the ceasefire",
            " on 2024-",
        ] {
            assert!(!fr.contains(english), "{fr}");
        }
        kinds.insert(f.kind);
        french.push_str(&format!("{} {}: {fr}\n", f.day.map(|d| d.to_string()).unwrap_or_default(), f.kind.as_str()));
    }
    assert!(kinds.len() >= 7, "the month exercises most kinds: {kinds:?}");
    assert!(french.contains("Kafr Zaytah rejoint la trêve le 22 mars 2024, alors qu'elle l'avait rejointe le 5 mars 2024"), "{french}");
    insta::assert_snapshot!("audit_gold_month_fr", french);
}

/// A locality that joined long before the audited month (January, more than
/// 31 days back): each of its joins in the month is one finding citing that
/// first join, whether the first is months back or in the month itself. A
/// rejected earlier join, and one not yet recorded at `as_known_at`, do not
/// count.
#[test]
fn a_locality_joining_again_months_later_cites_its_first_join() {
    use truce_ledger::{LedgerStore, NewClaim, ReviewState, Stamp};
    let mut l = sample_ledger(Claims::Gold);
    let zita = l
        .claims(&ViewQuery::default().filter(None, Some(day("2024-03-05")), Some(day("2024-03-05"))))
        .expect("claims")
        .into_iter()
        .find(|c| truce_ledger::joins_localities(&c.claim) && c.claim.evidence.contains("Kafr Zita"))
        .expect("the 5 March join of Kafr Zita");
    let earlier =
        |d: &str| NewClaim { claim: zita.claim.clone(), reporter: Some("field report".into()), valid: Some(truce_model::ReportDay::Day(day(d))), note: None };
    let at = |s: &str| -> jiff::Timestamp { s.parse().expect("ts") };
    // 10 January, rejected; 20 January, recorded on 1 March; 2 February, recorded on 10 March.
    let rejected = l.record(&earlier("2024-01-10"), &Stamp::at("tester", at("2024-02-01T09:00:00Z"))).expect("record");
    l.review(rejected, ReviewState::Rejected, None, &Stamp::at("tester", at("2024-02-02T09:00:00Z"))).expect("review");
    let first = l.record(&earlier("2024-01-20"), &Stamp::at("tester", at("2024-03-01T09:00:00Z"))).expect("record");
    l.record(&earlier("2024-02-02"), &Stamp::at("tester", at("2024-03-10T09:00:00Z"))).expect("record");

    let joined = |q: &ViewQuery| -> Vec<Finding> {
        let all = audit(&l, day("2024-03-01"), day("2024-03-31"), q).expect("audit");
        let generic = truce_views::audit::audit_generic(&l, day("2024-03-01"), day("2024-03-31"), q).expect("audit");
        assert_eq!(all, generic, "{q:?}");
        all.into_iter().filter(|f| f.kind == FindingKind::LocalityJoinedTwice && f.message.contains("Kafr Zaytah")).collect()
    };
    let now = joined(&ViewQuery::default());
    assert_eq!(now.iter().map(|f| f.day).collect::<Vec<_>>(), vec![Some(day("2024-03-05")), Some(day("2024-03-22"))]);
    for f in &now {
        assert!(f.message.ends_with("having first joined on 2024-01-20"), "{}", f.message);
        assert!(f.claims.iter().any(|c| c.id == first), "{f:#?}");
        assert!(!f.claims.iter().any(|c| c.id == rejected), "{f:#?}");
    }
    insta::assert_snapshot!("audit_joined_long_before", audit_text(&now));

    // As known on 5 March: the January join was recorded (1 March), the
    // 2 February one not yet; on 25 February neither, so the month's own
    // first join (5 March) is the one cited on the 22nd.
    let mid = joined(&ViewQuery { as_known_at: Some(at("2024-03-05T20:00:00Z")), ..ViewQuery::default() });
    assert_eq!(mid.iter().map(|f| f.day).collect::<Vec<_>>(), vec![Some(day("2024-03-05"))]);
    let early = joined(&ViewQuery { as_known_at: Some(at("2024-02-25T00:00:00Z")), ..ViewQuery::default() });
    assert!(early.is_empty(), "nothing of March was known yet: {early:#?}");
    let late = joined(&ViewQuery { as_known_at: Some(at("2024-03-25T00:00:00Z")), ..ViewQuery::default() });
    assert_eq!(late.len(), 2);
    // With the bulletins' reporter only, the field reports are left out.
    let reporter = zita.reporter.clone().expect("reporter");
    let theirs = joined(&ViewQuery { reporter: Some(reporter), ..ViewQuery::default() });
    assert_eq!(theirs.len(), 1);
    assert!(theirs[0].message.ends_with("having first joined on 2024-03-05"), "{}", theirs[0].message);
}
