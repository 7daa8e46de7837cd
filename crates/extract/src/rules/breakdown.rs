//! Stage 3: places and breakdowns: which places a figure is about, and
//! which figures are parts of another ("4 in Aleppo", "Latakia (5)").

use super::*;

/// Places a claim is about: those after its number up to the next figure;
/// where there are none, those before it in its clause.
/// `taken` says which mentions belong to something else (a breakdown's
/// parts), and are never this figure's.
pub(super) fn places_in(places: &[PlaceMention], from: usize, to: usize, before: usize, metric: Metric, taken: impl Fn(&PlaceMention) -> bool) -> Vec<Place> {
    let keep = |m: &&PlaceMention| (!m.foreign || metric == Metric::RefugeesReturned) && !taken(m);
    let earlier: Vec<&PlaceMention> = places.iter().filter(|m| m.first >= before && m.first < from).filter(keep).collect();
    let after: Vec<&PlaceMention> = places.iter().filter(|m| m.first >= from && m.first < to).filter(keep).collect();
    // A locality named as the subject ("Les résidents de la localité X …
    // ont reçu 2 tonnes") is where the figure happened, whatever follows.
    let subject_localities = earlier.iter().copied().filter(|m| m.kind == Some(truce_model::PlaceKind::Locality));
    let chosen: Vec<&PlaceMention> = if !after.is_empty() {
        subject_localities.chain(after).collect()
    } else if !earlier.is_empty() {
        earlier
    } else {
        // "Dans le cadre de deux actions, 1,8 tonne … dans le quartier de
        // Sakhour-3": the place named later in the sentence.
        places.iter().filter(|m| m.first >= to).filter(keep).collect()
    };
    chosen.into_iter().map(to_place).collect()
}

/// "de la province d'Alep", "d'Homs", "of Aleppo province": a Syrian
/// place that an "of" at `at` opens, with nothing but the words of a
/// province between.
pub(super) fn of_place(tokens: &[Token<'_>], at: usize, places: &[PlaceMention]) -> Option<PlaceMention> {
    if !tokens.get(at).is_some_and(|t| any(&["de", "d'", "of"], &t.norm)) {
        return None;
    }
    places
        .iter()
        .filter(|m| !m.foreign && m.first > at && m.first <= at + 4)
        .find(|m| tokens[at + 1..m.first].iter().all(|t| any(&lx::PROVINCE_LEAD, &t.norm)))
        .cloned()
}

/// The mark between a place and its part of a breakdown: "Latakia (5)",
/// "Homs [2]", "Idlib – 4".
pub(super) fn opens_part(t: &Token<'_>) -> bool {
    t.is_punct("(") || t.is_punct("[") || t.is_punct("–") || t.is_punct("—") || t.is_punct("-")
}

/// A number placed as one part of a breakdown: "Latakia (5)", "Idlib – 4",
/// "quatre dans la province d'Alep", "six à Alep".
pub(super) fn is_breakdown_shaped(tokens: &[Token<'_>], q: &Quantity, places: &[PlaceMention], foreign_ok: bool) -> bool {
    breakdown_place(tokens, q, places, foreign_ok).is_some()
        && (q.in_brackets || q.noun.is_none() || foreign_ok || tokens.get(q.noun_end).is_some_and(|t| any(&["in", "a", "dans", "at"], &t.norm)))
}

pub(super) fn breakdown_place(tokens: &[Token<'_>], q: &Quantity, places: &[PlaceMention], foreign_ok: bool) -> Option<PlaceMention> {
    let usable = |m: &&PlaceMention| !m.foreign || foreign_ok;
    // "Latakia (5)" and "Idlib – 4", "Alep – 25"
    if q.first > 0 {
        let mut k = q.first;
        if opens_part(&tokens[k - 1]) || tokens[k - 1].is_punct(":") {
            k -= 1;
            if let Some(m) = places.iter().filter(usable).find(|m| m.end == k) {
                return Some(m.clone());
            }
        }
    }
    // "quatre dans la province d'Alep", "six à Alep", "seven in Damascus",
    // "37,979 — from Jordan", "212 people (…) left Lebanon"
    // "67 habitants de la province d'Alep et 44 d'Homs", "23 of Homs":
    // "of" a place only where the place follows at once.
    if let Some(m) = of_place(tokens, q.noun_end, places) {
        return Some(m);
    }
    // "12 of which were in Ras al-Ain", "sept ont eu lieu dans la ville
    // d'Alep": the words of a part's clause before its place.
    let mut after = q.noun_end;
    while after < (q.noun_end + 4).min(tokens.len()) && any(&lx::PART_FILLERS, &tokens[after].norm) {
        after += 1;
    }
    let window_end = (after + 7).min(tokens.len());
    let preposition =
        tokens.get(after).is_some_and(|t| any(&["a", "dans", "in", "at", "en", "from", "vers", "—", "–", "-"], &t.norm) || t.is_punct("—") || t.is_punct("–"));
    if preposition {
        return places.iter().filter(usable).find(|m| m.first > after && m.first < window_end).cloned();
    }
    if let Some(m) = of_place(tokens, after, places) {
        return Some(m);
    }
    if foreign_ok {
        // Up to the next figure or comma, skipping "(63 women and 108 children)".
        let mut depth = 0usize;
        let mut stop = tokens.len();
        for (k, t) in tokens.iter().enumerate().skip(after) {
            if t.is_punct("(") || t.is_punct("[") {
                depth += 1;
            } else if t.is_punct(")") || t.is_punct("]") {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && (t.kind == TokenKind::Digits || t.is_punct(",") || t.is_punct(";")) {
                stop = k;
                break;
            }
        }
        return places.iter().find(|m| m.foreign && m.first >= after && m.first < stop).cloned();
    }
    None
}
