//! Ingest with 1, 2, 4… concurrent writers into one PostgreSQL, against
//! SQLite's single writer, then the views' daily report and series on both:
//!
//! `cargo run --release -p truce-ledger-pg --example bench -- ADMIN_URL CLAIMS YEARS WORKERS...`
//!
//! `ADMIN_URL` must be allowed to create databases: each worker count gets a
//! fresh one (`truce_bench_wN`, dropped first if it exists). Documents come
//! from the synth generator (24 claims each), are generated before the clock
//! starts, and are dealt round-robin to the writers, each with its own
//! connection and one transaction per document, as `truce worker`s would
//! store them (without reading text: this measures the ledger).

use std::time::Instant;
use truce_ledger::synth::{SynthDoc, SynthSpec, documents};
use truce_ledger::{LedgerStore, SqliteLedger, Stamp};
use truce_ledger_pg::PgLedger;
use truce_ledger_pg::testing::with_database;
use truce_model::{Governorate, Metric};
use truce_views::ViewQuery;
use truce_views::series::Scope;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: bench ADMIN_URL CLAIMS YEARS WORKERS...";
    let admin = args.next().ok_or(usage)?;
    let claims: u64 = args.next().ok_or(usage)?.parse()?;
    let years: u32 = args.next().ok_or(usage)?.parse()?;
    let workers: Vec<usize> = args.map(|a| a.parse()).collect::<Result<_, _>>()?;
    let docs: Vec<SynthDoc> = documents(SynthSpec::new(claims, years, 1)).collect();
    let total: usize = docs.iter().map(|d| d.extraction.claims.len()).sum();
    eprintln!("{} documents, {total} claims over {years} year(s)", docs.len());

    // SQLite: one writer, the CLI's settings.
    let dir = tempfile::tempdir()?;
    let mut lite = SqliteLedger::open(dir.path().join("bench.db"))?;
    let t = Instant::now();
    for d in &docs {
        lite.ingest(&d.new_document(), &d.extraction, &Stamp::at("extract", d.recorded_at))?;
    }
    lite.index_pending()?;
    let s = t.elapsed().as_secs_f64();
    println!("sqlite, 1 writer: {total} claims in {s:.1} s = {:.0} claims/s (search index included)", total as f64 / s);

    let mut last_url = None;
    let mut last_name: Option<String> = None;
    for &n in &workers {
        let name = format!("truce_bench_w{n}");
        let mut c = postgres::Client::connect(&admin, postgres::NoTls)?;
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
        c.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let url = with_database(&admin, &name);
        drop(PgLedger::open(&url)?);
        let t = Instant::now();
        std::thread::scope(|sc| -> Result<(), String> {
            let hs: Vec<_> = (0..n)
                .map(|w| {
                    let (url, docs) = (&url, &docs);
                    sc.spawn(move || -> Result<(), String> {
                        let mut l = PgLedger::open(url).map_err(|e| e.to_string())?;
                        for d in docs.iter().skip(w).step_by(n) {
                            l.ingest(&d.new_document(), &d.extraction, &Stamp::at("extract", d.recorded_at)).map_err(|e| e.to_string())?;
                        }
                        Ok(())
                    })
                })
                .collect();
            for h in hs {
                h.join().map_err(|_| "writer panicked".to_owned())??;
            }
            Ok(())
        })?;
        let s = t.elapsed().as_secs_f64();
        println!("postgres, {n} writer(s): {total} claims in {s:.1} s = {:.0} claims/s (search index included)", total as f64 / s);
        // Only the last database is kept for the views: at 10M claims each
        // one is several gigabytes.
        if let Some(previous) = last_name.replace(name) {
            c.batch_execute(&format!("DROP DATABASE IF EXISTS {previous} WITH (FORCE)"))?;
        }
        last_url = Some(url);
    }

    // Views on the last PostgreSQL ledger beside the SQLite one (same data).
    let Some(url) = last_url else { return Ok(()) };
    let pg = PgLedger::open(&url)?;
    let q = ViewQuery::default();
    let day = docs[docs.len() / 2].recorded_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let month_from = day.first_of_month();
    let time = |what: &str, f: &mut dyn FnMut() -> Result<String, Box<dyn std::error::Error>>| -> Result<(), Box<dyn std::error::Error>> {
        let mut best = f64::MAX;
        let mut out = String::new();
        for _ in 0..3 {
            let t = Instant::now();
            out = f()?;
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{what}: {out}, best of 3: {:.1} ms", best * 1000.0);
        Ok(())
    };
    let aleppo = Scope::Governorate(Governorate::Aleppo);
    time("daily report, sqlite (SQL path)", &mut || Ok(format!("{} metrics", truce_views::report::daily_report_sql(&lite, day, &q)?.metrics.len())))?;
    time("daily report, sqlite (generic path)", &mut || Ok(format!("{} metrics", truce_views::report::daily_report_generic(&lite, day, &q)?.metrics.len())))?;
    time("daily report, postgres (generic path)", &mut || Ok(format!("{} metrics", truce_views::report::daily_report_generic(&pg, day, &q)?.metrics.len())))?;
    time("Aleppo series one month, sqlite (SQL path)", &mut || {
        Ok(format!("{} points", truce_views::series::series_sql(&lite, Metric::CeasefireViolations, &aleppo, Some(month_from), Some(day), &q)?.points.len()))
    })?;
    time("Aleppo series one month, sqlite (generic path)", &mut || {
        Ok(format!(
            "{} points",
            truce_views::series::series_generic(&lite, Metric::CeasefireViolations, &aleppo, Some(month_from), Some(day), &q)?.points.len()
        ))
    })?;
    time("Aleppo series one month, postgres (generic path)", &mut || {
        Ok(format!("{} points", truce_views::series::series_generic(&pg, Metric::CeasefireViolations, &aleppo, Some(month_from), Some(day), &q)?.points.len()))
    })?;
    let year_from = day.checked_sub(jiff::Span::new().days(365))?;
    for (what, ledger) in [("sqlite (generic path)", &lite as &dyn LedgerStore), ("postgres (generic path)", &pg)] {
        time(&format!("Aleppo series one year, {what}"), &mut || {
            Ok(format!(
                "{} points",
                truce_views::series::series_generic(ledger, Metric::CeasefireViolations, &aleppo, Some(year_from), Some(day), &q)?.points.len()
            ))
        })?;
    }
    time("Aleppo series one year, sqlite (SQL path)", &mut || {
        Ok(format!("{} points", truce_views::series::series_sql(&lite, Metric::CeasefireViolations, &aleppo, Some(year_from), Some(day), &q)?.points.len()))
    })?;
    Ok(())
}
