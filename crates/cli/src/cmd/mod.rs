//! One module per command family.

pub mod about;
pub mod digest;
pub mod extract;
pub mod ledger;
pub mod migrate;
pub mod places;
pub mod serve;
pub mod views;
pub mod worker;

/// A claim's reasons on one line, `metric «accords», window «au total»`:
/// what `extract --format table` and `claims CLAIM-ID` print after `why:`.
/// `None` for a claim without reasons. A cue's line breaks and other
/// control characters become spaces, so a claim stays one line.
pub fn why(claim: &truce_model::Claim) -> Option<String> {
    if claim.reasons.is_empty() {
        return None;
    }
    let reasons: Vec<String> = claim
        .reasons
        .iter()
        .map(|r| {
            let cue: String = r.cue.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
            format!("{} «{cue}»", r.role)
        })
        .collect();
    Some(reasons.join(", "))
}

#[cfg(test)]
mod tests {
    use truce_model::{Claim, Metric, Reason, ReasonRole, Span, Window};

    #[test]
    fn why_is_one_line_of_roles_and_cues() {
        let mut c = Claim {
            metric: Metric::CeasefireAgreements,
            value: Some(10.0),
            window: Window::Total { since: None },
            actor: None,
            places: vec![],
            evidence: "10 accords au total".into(),
            span: None,
            reasons: vec![],
        };
        assert_eq!(super::why(&c), None);
        c.reasons = vec![
            Reason::new(ReasonRole::Metric, "accords", Span::new(3, 10)),
            Reason::new(ReasonRole::Window, "au total", Span::new(11, 19)),
            Reason::new(ReasonRole::Place, "Kafr\nZita\t", Span::new(0, 0)),
        ];
        assert_eq!(super::why(&c).as_deref(), Some("metric «accords», window «au total», place «Kafr Zita »"));
    }
}
