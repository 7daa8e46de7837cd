//! What every view is asked with: the point in recorded time to look from
//! and the reporter to keep, turned into the ledger's own filter.

use jiff::Timestamp;
use truce_ledger::ClaimFilter;
use truce_model::{Date, Metric};

/// The options every view shares.
///
/// `as_known_at` is handed to the ledger, which leaves out claims,
/// corrections and reviews recorded later: views never re-implement
/// bitemporal logic, so a rerun with the same time gives the same output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewQuery {
    pub reporter: Option<String>,
    pub as_known_at: Option<Timestamp>,
}

impl ViewQuery {
    /// The ledger filter for claims of `metric` (any when `None`) valid in
    /// `[from, to]`. Only the newest version of each document counts: an
    /// edited bulletin replaces its earlier text rather than adding to it.
    pub fn filter(&self, metric: Option<Metric>, from: Option<Date>, to: Option<Date>) -> ClaimFilter {
        ClaimFilter {
            metric,
            reporter: self.reporter.clone(),
            valid_from: from,
            valid_to: to,
            as_known_at: self.as_known_at,
            latest_versions_only: true,
            ..ClaimFilter::default()
        }
    }
}

/// `day` moved by `days` (negative for earlier), or `None` past the
/// calendar's ends: views stop there rather than panic.
pub fn shift(day: Date, days: i64) -> Option<Date> {
    day.checked_add(jiff::Span::new().days(days)).ok()
}
