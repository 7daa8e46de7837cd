//! The period a figure counts over.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Over which period a claim's value counts.
///
/// Serialised as in `spec/claims.md`: `{"kind":"day"}`,
/// `{"kind":"total","since":"2017-01-01"}`, `{"kind":"date","date":"2016-12-30"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Window {
    /// The 24 hours ending on the report day.
    Day,
    /// A running total as of the report day, counted from `since` when the
    /// text says so.
    Total {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        since: Option<Date>,
    },
    /// A single dated event.
    Date { date: Date },
}

impl Window {
    pub const fn kind(&self) -> &'static str {
        match self {
            Window::Day => "day",
            Window::Total { .. } => "total",
            Window::Date { .. } => "date",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn serde_form_is_the_spec_form() {
        let cases = [
            (Window::Day, r#"{"kind":"day"}"#),
            (Window::Total { since: None }, r#"{"kind":"total"}"#),
            (Window::Total { since: Some(date(2017, 1, 1)) }, r#"{"kind":"total","since":"2017-01-01"}"#),
            (Window::Date { date: date(2016, 12, 30) }, r#"{"kind":"date","date":"2016-12-30"}"#),
        ];
        for (w, json) in cases {
            assert_eq!(serde_json::to_string(&w).unwrap(), json);
            assert_eq!(serde_json::from_str::<Window>(json).unwrap(), w);
        }
    }
}
