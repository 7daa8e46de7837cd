//! Runs one view repeatedly on an existing ledger, for a profiler:
//! `cargo run --release -p truce-views --example profile -- LEDGER.db audit|report|series|export [N]`.

use truce_ledger::{LedgerStore, SqliteLedger};
use truce_model::{Governorate, Metric};
use truce_views::ViewQuery;
use truce_views::series::Scope;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: profile LEDGER.db VIEW [N]")?;
    let view = args.next().ok_or("usage: profile LEDGER.db VIEW [N]")?;
    let n: u32 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(3);
    let l = SqliteLedger::open(&path)?;
    if let Ok(kib) = std::env::var("PROFILE_CACHE_KIB") {
        // Diagnostic only: a page cache of another size than the ledger's.
        l.connection().pragma_update(None, "cache_size", -kib.parse::<i64>()?)?;
    }
    if let Ok(bytes) = std::env::var("PROFILE_MMAP") {
        // Diagnostic only: memory-mapped reads instead of the page cache.
        l.connection().pragma_update(None, "mmap_size", bytes.parse::<i64>()?)?;
    }
    let q = ViewQuery::default();
    let d = jiff::civil::date;
    for _ in 0..n {
        let t = std::time::Instant::now();
        let what = match view.as_str() {
            "audit" => format!("{} findings", truce_views::audit::audit_sql(&l, d(2018, 6, 1), d(2018, 6, 30), &q)?.len()),
            "audit-api" => format!("{} findings", truce_views::audit::audit_generic(&l, d(2018, 6, 1), d(2018, 6, 30), &q)?.len()),
            "report" => format!("{} metrics", truce_views::report::daily_report_sql(&l, d(2018, 6, 15), &q)?.metrics.len()),
            "series" => {
                let s = truce_views::series::series_sql(
                    &l,
                    Metric::CeasefireViolations,
                    &Scope::Governorate(Governorate::Aleppo),
                    Some(d(2018, 6, 1)),
                    Some(d(2018, 6, 30)),
                    &q,
                )?;
                format!("{} points", s.points.len())
            }
            "export" => {
                let f = q.filter(None, Some(d(2018, 1, 1)), Some(d(2018, 3, 31)));
                format!("{} rows", truce_views::export::export_csv_sql(&l, &f, std::io::sink())?)
            }
            "count" => format!("{} claims", l.count_claims(&q.filter(None, Some(d(2018, 6, 1)), Some(d(2018, 6, 30))))?),
            v => return Err(format!("unknown view {v}").into()),
        };
        eprintln!("{view}: {what} in {:.1?}", t.elapsed());
    }
    Ok(())
}
