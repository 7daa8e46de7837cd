//! How a claim's reasons are kept in the `reasons` column of the claims
//! table, the same on every backend (so `migrate-db` copies the column as
//! it is): a JSON array with one array per reason, `[role, start, end]`,
//! and the cue as a fourth element only when the claim's evidence does not
//! hold it at that span. NULL (`None`) when the claim has no reasons.
//!
//! A reader's cues are words of the evidence, and the evidence is in the
//! same row, so writing them again would only cost bytes: in their serde
//! form (`{"role":…,"cue":…,"span":{…}}`) the reasons tripled the size of a
//! claim row, and the pages each commit writes grew with it (ingest fell by
//! about an eighth against the schema-4 baseline; docs/benchmarks.md).
//! Offsets are the document's, as in the claim's own span, so the column
//! reads beside `span_start` and `span_end`.

use std::fmt::Write;
use truce_model::{Claim, Reason, ReasonRole, Span};

/// The column's value for `claim`: `None` when it has no reasons.
pub fn encode(claim: &Claim) -> Option<String> {
    if claim.reasons.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(2 + claim.reasons.len() * 20);
    out.push('[');
    for (i, r) in claim.reasons.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Role names are plain lowercase words: no escaping needed.
        let _ = write!(out, "[\"{}\",{},{}", r.role.as_str(), r.span.start, r.span.end);
        if r.within_evidence(claim).is_none() {
            out.push(',');
            out.push_str(&serde_json::to_string(&r.cue).unwrap_or_else(|_| "\"\"".into()));
        }
        out.push(']');
    }
    out.push(']');
    Some(out)
}

/// One stored reason: with its cue, or without when the evidence holds it.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Stored {
    Short(ReasonRole, usize, usize),
    Long(ReasonRole, usize, usize, String),
}

/// The reasons of a claim whose `evidence` and `span` were read from the
/// same row as `column`. An error says what is wrong with the column.
pub fn decode(column: &str, evidence: &str, span: Option<Span>) -> Result<Vec<Reason>, String> {
    let stored: Vec<Stored> = serde_json::from_str(column).map_err(|e| format!("reasons: {e}"))?;
    stored
        .into_iter()
        .map(|s| match s {
            Stored::Long(role, start, end, cue) => Ok(Reason::new(role, cue, Span::new(start, end))),
            Stored::Short(role, start, end) => {
                let cue = span
                    .and_then(|outer| evidence.get(start.checked_sub(outer.start)?..end.checked_sub(outer.start)?))
                    .ok_or_else(|| format!("reasons: {role} at {start}..{end} is not in the evidence"))?;
                Ok(Reason::new(role, cue, Span::new(start, end)))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_model::{Metric, Window};

    fn claim(reasons: Vec<Reason>) -> Claim {
        Claim {
            metric: Metric::CeasefireAgreements,
            value: Some(10.0),
            window: Window::Total { since: None },
            actor: None,
            places: vec![],
            evidence: "10 accords « au total »".into(),
            span: Some(Span::new(100, 125)),
            reasons,
        }
    }

    fn back(c: &Claim) -> Vec<Reason> {
        let column = encode(c).expect("reasons");
        decode(&column, &c.evidence, c.span).expect("decode")
    }

    #[test]
    fn cues_of_the_evidence_are_kept_by_their_span_alone() {
        let c = claim(vec![
            Reason::new(ReasonRole::Value, "10", Span::new(100, 102)),
            Reason::new(ReasonRole::Metric, "accords", Span::new(103, 110)),
            Reason::new(ReasonRole::Window, "au total", Span::new(114, 122)),
        ]);
        assert_eq!(encode(&c).as_deref(), Some(r#"[["value",100,102],["metric",103,110],["window",114,122]]"#));
        assert_eq!(back(&c), c.reasons);
    }

    #[test]
    fn other_cues_are_kept_whole() {
        let hostile = "</mark>\"«x»\\\n\u{0}";
        let c = claim(vec![
            // Text that differs from the evidence there, outside it, not on
            // a character boundary, empty, reversed.
            Reason::new(ReasonRole::Actor, hostile, Span::new(103, 110)),
            Reason::new(ReasonRole::Place, "Alep", Span::new(5, 9)),
            Reason::new(ReasonRole::Window, "«", Span::new(111, 112)),
            Reason::new(ReasonRole::Breakdown, "", Span::new(104, 104)),
            Reason::new(ReasonRole::Value, "x", Span::new(110, 100)),
        ]);
        let column = encode(&c).expect("reasons");
        assert!(column.contains("\"Alep\""), "{column}");
        assert_eq!(back(&c), c.reasons);
        // Without a span on the claim, every cue is kept whole.
        let loose = Claim { span: None, ..claim(vec![Reason::new(ReasonRole::Value, "10", Span::new(0, 2))]) };
        assert_eq!(encode(&loose).as_deref(), Some(r#"[["value",0,2,"10"]]"#));
        assert_eq!(back(&loose), loose.reasons);
    }

    #[test]
    fn none_is_no_column_and_bad_columns_are_errors() {
        assert_eq!(encode(&claim(vec![])), None);
        assert_eq!(decode("[]", "x", None), Ok(vec![]));
        for bad in ["", "{}", "[[\"why\",0,1]]", "[[\"value\",0]]", "[[\"value\",0,50]]", "[[\"value\",0,1]]"] {
            assert!(decode(bad, "10 accords", Some(Span::new(100, 110))).is_err(), "{bad}");
        }
    }
}
