//! Series (CSV snapshot, SVG shape), locality status and the streaming
//! exports on the sample month (gold claims).

mod support;

use support::{Claims, day, sample_ledger};
use truce_model::{Governorate, Metric};
use truce_views::export::{export_csv, export_jsonl, status_geojson};
use truce_views::series::{Scope, series, series_csv};
use truce_views::status::status;
use truce_views::svg::series_svg;
use truce_views::{Language, ViewQuery};

#[test]
fn joined_localities_series_for_the_month() {
    let l = sample_ledger(Claims::Gold);
    let s = series(&l, Metric::LocalitiesJoinedCeasefire, &Scope::Country, Some(day("2024-03-01")), Some(day("2024-03-31")), &ViewQuery::default())
        .expect("series");
    assert_eq!(s.points.len(), 31);
    assert_eq!(s.points.last().and_then(|p| p.stated_total), Some(1247.0));
    let mut csv = Vec::new();
    series_csv(&s, &mut csv).expect("csv");
    insta::assert_snapshot!("series_joined_csv", String::from_utf8(csv).expect("utf8"));
    let svg = series_svg(&s, Language::En);
    assert!(svg.starts_with("<svg") && svg.contains("<polyline") && svg.contains("2024-03-31"));
    assert!(!svg.contains("<script"));
}

#[test]
fn violations_series_of_one_governorate_sums_its_breakdown() {
    let l = sample_ledger(Claims::Gold);
    let s = series(
        &l,
        Metric::CeasefireViolations,
        &Scope::Governorate(Governorate::AsSweida),
        Some(day("2024-03-17")),
        Some(day("2024-03-17")),
        &ViewQuery::default(),
    )
    .expect("series");
    assert_eq!(s.points.len(), 1);
    assert_eq!(s.points[0].daily, Some(6.0));
}

#[test]
fn status_lists_kafr_zita_joining_twice() {
    let l = sample_ledger(Claims::Gold);
    let v = status(&l, day("2024-03-31"), &ViewQuery::default()).expect("status");
    let kz = v.localities.iter().find(|x| x.name.contains("Zaytah") || x.name.contains("Zita")).expect("Kafr Zita");
    assert_eq!(kz.joined.as_ref().map(|e| e.date), Some(day("2024-03-05")));
    assert_eq!(kz.joined_again.iter().map(|e| e.date).collect::<Vec<_>>(), vec![day("2024-03-22")]);
    assert_eq!(kz.status(), "joined");
    let early = status(&l, day("2024-03-04"), &ViewQuery::default()).expect("status");
    assert!(!early.localities.iter().any(|x| x.key == kz.key), "not yet joined on 4 March");
    let mut geo = Vec::new();
    let n = status_geojson(&v, &mut geo).expect("geojson");
    let g: serde_json::Value = serde_json::from_slice(&geo).expect("valid JSON");
    assert_eq!(g["features"].as_array().map(Vec::len), Some(n as usize));
    assert!(n > 20);
}

#[test]
fn exports_write_one_row_per_claim() {
    let l = sample_ledger(Claims::Gold);
    let filter = ViewQuery::default().filter(Some(Metric::CeasefireViolations), Some(day("2024-03-29")), Some(day("2024-03-29")));
    let mut csv = Vec::new();
    let rows = export_csv(&l, &filter, &mut csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf8");
    assert_eq!(text.lines().count() as u64, rows + 1);
    assert!(text.starts_with(
        "event_date,time_precision,admin1,admin2,location,latitude,longitude,geo_precision,metric,value,window,actor,reporter,source,evidence,recorded_at"
    ));
    let mut jsonl = Vec::new();
    assert_eq!(export_jsonl(&l, &filter, &mut jsonl).expect("jsonl"), rows);
    for line in String::from_utf8(jsonl).expect("utf8").lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        assert_eq!(v["metric"], "ceasefire_violations");
    }
}
