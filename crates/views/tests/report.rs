//! The daily bulletin on the sample month (gold claims, linked places):
//! text in French and English, Markdown and JSON, snapshotted; the
//! French/English disagreement of 26 March is shown, not resolved.

mod support;

use support::{Claims, day, sample_ledger};
use truce_ledger::{LedgerStore, ReviewState, Stamp};
use truce_views::render::{report_json, report_markdown, report_text};
use truce_views::report::daily_report;
use truce_views::{Language, ViewQuery};

#[test]
fn bulletin_of_17_march_in_both_languages_and_formats() {
    let l = sample_ledger(Claims::Gold);
    let r = daily_report(&l, day("2024-03-17"), &ViewQuery::default()).expect("report");
    insta::assert_snapshot!("report_17_en", report_text(&r, Language::En));
    insta::assert_snapshot!("report_17_fr", report_text(&r, Language::Fr));
    insta::assert_snapshot!("report_17_markdown_en", report_markdown(&r, Language::En));
    insta::assert_snapshot!("report_17_json", report_json(&r).expect("json"));
}

#[test]
fn disagreeing_versions_show_both_values() {
    let l = sample_ledger(Claims::Gold);
    let r = daily_report(&l, day("2024-03-26"), &ViewQuery::default()).expect("report");
    let aid = r.metrics.iter().find(|m| m.metric == truce_model::Metric::HumanitarianAidTonnes).expect("aid line");
    let values: Vec<f64> = aid.day.as_ref().expect("day figure").readings.iter().map(|r| r.value).collect();
    assert_eq!(values, vec![4.7, 7.4]);
    let text = report_text(&r, Language::Fr);
    assert!(text.contains("4,7\u{a0}t ou 7,4\u{a0}t†‡1"), "{text}");
    insta::assert_snapshot!("report_26_fr", text);
}

#[test]
fn reviews_change_the_marks_and_rejected_claims_are_never_shown() {
    let mut l = sample_ledger(Claims::Gold);
    let d = day("2024-03-26");
    let before = daily_report(&l, d, &ViewQuery::default()).expect("report");
    let aid = before.metrics.iter().find(|m| m.metric == truce_model::Metric::HumanitarianAidTonnes).expect("aid");
    let readings = &aid.day.as_ref().expect("day").readings;
    // Reject the French 7.4, confirm the English 4.7.
    let wrong = readings.iter().find(|r| r.value == 7.4).expect("7.4").claims.clone();
    let right = readings.iter().find(|r| r.value == 4.7).expect("4.7").claims.clone();
    let later: jiff::Timestamp = "2024-04-02T09:00:00Z".parse().expect("ts");
    for id in &wrong {
        l.review(*id, ReviewState::Rejected, Some("misprint"), &Stamp::at("analyst", later)).expect("review");
    }
    for id in &right {
        l.review(*id, ReviewState::Confirmed, None, &Stamp::at("analyst", later)).expect("review");
    }
    let after = daily_report(&l, d, &ViewQuery::default()).expect("report");
    let text = report_text(&after, Language::En);
    assert!(text.contains("4.7\u{a0}t of humanitarian aid"), "confirmed: no dagger\n{text}");
    assert!(!text.contains("7.4\u{a0}t"), "rejected value shown\n{text}");
    assert!(text.contains(&format!("#{}", wrong[0])), "rejected claim listed as set aside\n{text}");

    // As known before the review, the disagreement is back.
    let q = ViewQuery { as_known_at: Some("2024-04-01T00:00:00Z".parse().expect("ts")), ..ViewQuery::default() };
    let then = daily_report(&l, d, &q).expect("report");
    assert_eq!(then.metrics, before.metrics);
    assert!(report_text(&then, Language::En).contains("As recorded in the ledger at 2024-04-01T00:00:00Z."));
}

#[test]
fn a_day_without_bulletins_says_so() {
    let l = sample_ledger(Claims::Gold);
    let r = daily_report(&l, day("2023-01-01"), &ViewQuery::default()).expect("report");
    assert!(r.metrics.is_empty());
    assert!(report_text(&r, Language::En).contains("Nothing was reported"));
}
