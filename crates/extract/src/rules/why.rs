//! Why a claim was read that way: the token ranges that decided it, kept as
//! exact substrings of the text with their byte spans (`reasons`).

use super::*;

/// The reasons of one claim being read: token ranges of the sentence,
/// kept as the exact substrings of the text they cover, with their spans.
pub(super) struct Why<'a, 'b> {
    text: &'a str,
    tokens: &'b [Token<'a>],
    reasons: Vec<Reason>,
}

impl<'a, 'b> Why<'a, 'b> {
    pub(super) fn new(text: &'a str, tokens: &'b [Token<'a>]) -> Self {
        Why { text, tokens, reasons: Vec::new() }
    }

    /// Tokens `[first, end)` decided `role`. Empty or out-of-range ranges
    /// are skipped: a reason must point at words.
    pub(super) fn add(&mut self, role: ReasonRole, first: usize, end: usize) {
        if first >= end || end > self.tokens.len() {
            return;
        }
        let span = Span::new(self.tokens[first].start, self.tokens[end - 1].end);
        let Some(cue) = self.text.get(span.start..span.end) else { return };
        if !self.reasons.iter().any(|r| r.role == role && r.span == span) {
            self.reasons.push(Reason::new(role, cue, span));
        }
    }

    /// Each place of the claim, at the mention it was read from.
    pub(super) fn places(&mut self, claim_places: &[Place], mentions: &[PlaceMention]) {
        for p in claim_places {
            if let Some(m) = mentions.iter().find(|m| m.name == p.name) {
                self.add(ReasonRole::Place, m.first, m.end);
            }
        }
    }

    /// The reasons of `roles` another claim of the sentence was read by.
    pub(super) fn inherit(&mut self, reasons: &[Reason], roles: &[ReasonRole]) {
        for r in reasons.iter().filter(|r| roles.contains(&r.role)) {
            if !self.reasons.iter().any(|o| o.role == r.role && o.span == r.span) {
                self.reasons.push(r.clone());
            }
        }
    }

    pub(super) fn done(self) -> Vec<Reason> {
        self.reasons
    }
}

/// The word of `[from, to)` that decided what happened to what a figure
/// counts, beside its noun: "libérées" for liberated localities, "joined"
/// for localities that joined, "returned" for refugees, "aid" for tonnes.
pub(super) fn deciding_word(tokens: &[Token<'_>], metric: Metric, from: usize, to: usize, noun_end: Option<usize>) -> Option<usize> {
    let words: &lx::Words = match metric {
        Metric::LocalitiesLiberated | Metric::TerritoryKm2 => &lx::LIBERATION,
        Metric::LocalitiesJoinedCeasefire | Metric::ArmedGroupsJoinedCeasefire => &lx::JOINING,
        Metric::RefugeesReturned => &lx::RETURNING,
        Metric::HumanitarianAidTonnes => &lx::AID_CONTEXT,
        _ => return None,
    };
    let noun = noun_end.map(|e| e - 1);
    let near = |range: std::ops::Range<usize>| range.into_iter().find(|&i| Some(i) != noun && any(words, &tokens[i].norm));
    near(from.min(tokens.len())..to.min(tokens.len())).or_else(|| near(0..tokens.len()))
}
