//! A claim written by hand, field by field: what `truce record`, `truce
//! correct` and the API's `POST /api/claims` take. One set of rules for
//! filling the gaps, so a correction made on the command line and one made
//! through the dashboard store the same claim.

use crate::{LedgerError, NewClaim, Result, StoredClaim};
use truce_model::{Claim, Metric, Place, ReportDay, Window};

/// The fields a person gives. For a correction, every field left out is the
/// corrected claim's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimDraft {
    pub metric: Option<Metric>,
    pub value: Option<f64>,
    pub window: Option<Window>,
    pub actor: Option<String>,
    /// `None` keeps the corrected claim's places, as they were linked;
    /// given places replace them all and are linked by `resolve`'s `link`.
    pub places: Option<Vec<Place>>,
    /// The words the claim rests on. Left out, a correction keeps the old
    /// evidence and its span in the document; a new claim takes the note.
    pub evidence: Option<String>,
    pub reporter: Option<String>,
    pub valid: Option<ReportDay>,
    pub note: Option<String>,
}

impl ClaimDraft {
    /// The claim to store: the draft alone (`base` None, recording) or the
    /// draft over the claim it corrects. When the draft names places,
    /// `link` is given the claim to link them to the gazetteer, as
    /// extraction links its own (the ledger itself knows no gazetteer);
    /// places kept from the corrected claim are linked already.
    ///
    /// The valid day is the rule most easily got wrong. Given, it is used.
    /// Otherwise a dated window (`Window::Date`) gives its own day (the
    /// ledger takes it from the window), and anything else keeps the
    /// corrected claim's day: a correction that changes the window from
    /// "24 hours" to "running total" still speaks for the same day. A new
    /// claim must say its day one way or the other; a correction of an
    /// undated claim may stay undated.
    pub fn resolve(self, base: Option<&StoredClaim>, link: &mut dyn FnMut(&mut Claim)) -> Result<NewClaim> {
        let invalid = |what: &str| LedgerError::Invalid(what.to_owned());
        let metric = self.metric.or(base.map(|b| b.claim.metric)).ok_or_else(|| invalid("a claim needs a metric"))?;
        let window = self.window.or(base.map(|b| b.claim.window)).unwrap_or(Window::Day);
        let valid = self.valid.or_else(|| match window {
            Window::Date { .. } => None,
            Window::Day | Window::Total { .. } => base.and_then(|b| b.valid),
        });
        if base.is_none() && valid.is_none() && !matches!(window, Window::Date { .. }) {
            return Err(invalid("say which day the figure speaks for: a valid day (YYYY-MM-DD), or a dated window with its date"));
        }
        // A span points into the document's text; words typed by hand do not.
        let span = if self.evidence.is_none() { base.and_then(|b| b.claim.span) } else { None };
        let evidence =
            self.evidence.or_else(|| base.map(|b| b.claim.evidence.clone())).or_else(|| self.note.clone()).unwrap_or_else(|| "recorded by hand".to_owned());
        let names_places = self.places.is_some();
        let mut claim = Claim {
            metric,
            value: self.value.or_else(|| base.and_then(|b| b.claim.value)),
            window,
            actor: self.actor.or_else(|| base.and_then(|b| b.claim.actor.clone())),
            places: self.places.or_else(|| base.map(|b| b.claim.places.clone())).unwrap_or_default(),
            evidence,
            span,
            // Reasons say why the reader read the document's words so; a
            // claim a person wrote or corrected was not read that way, so it
            // keeps none of the corrected claim's.
            reasons: Vec::new(),
        };
        if names_places {
            link(&mut claim);
        }
        crate::validate_claim(&claim)?;
        Ok(NewClaim { claim, reporter: self.reporter.or_else(|| base.and_then(|b| b.reporter.clone())), valid, note: self.note })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClaimId, ReviewState};
    use truce_model::{Date, Governorate, Span};

    fn day(s: &str) -> ReportDay {
        s.parse().expect("day")
    }

    fn stored() -> StoredClaim {
        StoredClaim {
            id: ClaimId(7),
            claim: Claim {
                metric: Metric::CeasefireViolations,
                value: Some(4.0),
                window: Window::Day,
                actor: Some("armed groups".into()),
                places: vec![Place::mention("Quneitra", Some(Governorate::Quneitra))],
                evidence: "4 violations in Quneitra".into(),
                span: Some(Span { start: 10, end: 34 }),
                reasons: Vec::new(),
            },
            document: None,
            reporter: Some("Cell".into()),
            valid: Some(day("2024-03-01")),
            recorded_at: jiff::Timestamp::UNIX_EPOCH,
            recorded_by: "extract".into(),
            supersedes: None,
            superseded_by: None,
            review: ReviewState::Unreviewed,
            note: None,
        }
    }

    #[test]
    fn a_correction_keeps_what_it_does_not_change() {
        let old = stored();
        let draft = ClaimDraft { value: Some(6.0), note: Some("recount".into()), ..Default::default() };
        let new = draft.resolve(Some(&old), &mut |_| panic!("kept places are linked already")).unwrap();
        assert_eq!(new.claim.value, Some(6.0));
        assert_eq!((new.claim.metric, new.claim.window), (old.claim.metric, old.claim.window));
        assert_eq!(new.claim.places, old.claim.places);
        assert_eq!((new.claim.evidence.as_str(), new.claim.span), (old.claim.evidence.as_str(), old.claim.span));
        assert_eq!((new.reporter, new.valid, new.note.as_deref()), (old.reporter.clone(), old.valid, Some("recount")));
    }

    #[test]
    fn new_evidence_drops_the_span_and_new_places_replace_the_old() {
        let old = stored();
        let draft = ClaimDraft { evidence: Some("phoned in".into()), places: Some(vec![Place::mention("Khan Arnabah", None)]), ..Default::default() };
        let mut linked = 0;
        let new = draft.resolve(Some(&old), &mut |c| linked += c.places.len()).unwrap();
        assert_eq!(linked, 1, "given places are linked");
        assert_eq!((new.claim.evidence.as_str(), new.claim.span), ("phoned in", None));
        assert_eq!(new.claim.places.len(), 1);
        assert_eq!(new.claim.places[0].name, "Khan Arnabah");
    }

    #[test]
    fn the_valid_day_is_kept_unless_a_dated_window_gives_its_own() {
        let old = stored();
        let total = ClaimDraft { window: Some(Window::Total { since: None }), ..Default::default() };
        assert_eq!(total.resolve(Some(&old), &mut |_| {}).unwrap().valid, old.valid);
        let date = Date::new(2024, 2, 28).unwrap();
        let dated = ClaimDraft { window: Some(Window::Date { date }), ..Default::default() };
        assert_eq!(dated.resolve(Some(&old), &mut |_| {}).unwrap().valid, None, "the ledger takes the day from the window");
        let given = ClaimDraft { valid: Some(day("2024-03-02")), ..Default::default() };
        assert_eq!(given.resolve(Some(&old), &mut |_| {}).unwrap().valid, Some(day("2024-03-02")));
        let undated = StoredClaim { valid: None, ..stored() };
        assert_eq!(ClaimDraft::default().resolve(Some(&undated), &mut |_| {}).unwrap().valid, None);
    }

    #[test]
    fn a_new_claim_needs_a_metric_a_day_and_a_finite_value() {
        let ok = ClaimDraft { metric: Some(Metric::RefugeesReturned), value: Some(40.0), valid: Some(day("2024-03-05")), ..Default::default() };
        let new = ok.clone().resolve(None, &mut |_| {}).unwrap();
        assert_eq!((new.claim.window, new.claim.evidence.as_str()), (Window::Day, "recorded by hand"));
        let noted = ClaimDraft { note: Some("phone call".into()), ..ok.clone() }.resolve(None, &mut |_| {}).unwrap();
        assert_eq!(noted.claim.evidence, "phone call");
        for bad in [
            ClaimDraft { metric: None, ..ok.clone() },
            ClaimDraft { valid: None, ..ok.clone() },
            ClaimDraft { value: Some(f64::INFINITY), ..ok.clone() },
            ClaimDraft { places: Some(vec![Place::mention("  ", None)]), ..ok.clone() },
        ] {
            assert!(matches!(bad.clone().resolve(None, &mut |_| {}), Err(LedgerError::Invalid(_))), "{bad:?}");
        }
        let dated = ClaimDraft { valid: None, window: Some(Window::Date { date: Date::new(2024, 3, 5).unwrap() }), ..ok };
        assert!(dated.resolve(None, &mut |_| {}).is_ok());
    }
}
