//! The reading rules: from one sentence's tokens to claims.
//!
//! [`read_sentence`] reads by stage, each stage a module with a few named
//! functions, so a new pattern goes into the one stage where it belongs:
//! `quantity` (the figures and the noun each counts) → `metric` (what a
//! figure counts: "10 accords" are agreements, "13 settlements" localities,
//! the verbs of its clause say liberated or joined) → `breakdown` (which
//! places a figure is about, which figures are parts of another: "4 in
//! Aleppo, 2 in Idlib" is one claim per place beside its total) → `window`
//! (the cues nearest to a figure decide over which period it counts) →
//! `facts` (what a sentence states without a count). `why` keeps the words
//! that decided each claim, as its reasons. The words every stage reads are
//! the lexicon's roles, from the language profiles (`lang/*.toml`).

use crate::date::{DateMention, find_dates};
use crate::lexicon::{self as lx, Noun, any, mentions};
use crate::number::{parse_digits, parse_words};
use crate::places::{PlaceMention, find_places};
use crate::token::{Token, TokenKind};
use jiff::ToSpan;
use jiff::civil::Date;
use truce_model::{Claim, Lang, Metric, Place, PlaceKind, Reason, ReasonRole, Span, Window};

mod breakdown;
mod facts;
mod metric;
mod quantity;
mod why;
mod window;

use breakdown::*;
use facts::*;
use metric::*;
use quantity::*;
use why::*;
use window::*;

/// What the rules know about the document while reading one sentence.
pub struct Context<'a> {
    pub text: &'a str,
    pub lang: Lang,
    /// The report day (or the first of its month) that relative dates resolve against.
    pub anchor: Option<Date>,
    /// The metric of the last counted claim, for "the number came to 97".
    pub last_metric: Option<Metric>,
    /// The window of the last counted claim, for "au cours de cette période".
    pub last_window: Option<Window>,
    /// Whether the text so far has spoken of a truce: then attacks it
    /// counts are violations of it.
    pub truce_topic: bool,
}

/// A number in the sentence and what it counts.
#[derive(Debug, Clone)]
struct Quantity {
    first: usize,
    end: usize,
    value: f64,
    approximate: bool,
    noun: Option<Noun>,
    /// One past the noun's last token, or `end` without a noun.
    noun_end: usize,
    in_brackets: bool,
    /// A zero the reporter states of its own count: "Турция нарушений не
    /// зафиксировала" (Turkey registered no violations).
    stated_zero: bool,
}

/// A claim being built, with the token position that anchors it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub claim: Claim,
    pub approximate: bool,
    /// Breakdown items point at their total's index in the sentence's drafts.
    pub part_of: Option<usize>,
}

/// The claims one sentence states, and the places it names when reading it
/// needed them (so that [`localities`] need not find them again).
pub fn read_sentence(ctx: &mut Context<'_>, tokens: &[Token<'_>], span: Span) -> (Vec<Draft>, Option<Vec<PlaceMention>>) {
    let dates = find_dates(tokens, ctx.anchor);
    let quantities = find_quantities(tokens, ctx.lang, &dates);
    ctx.truce_topic |= mentions(tokens, &lx::CEASEFIRE);
    // Most sentences of a bulletin state nothing countable: without a figure
    // or a word that states a fact, there is nothing to read.
    if quantities.is_empty() && !states_a_fact(tokens) {
        return (Vec::new(), None);
    }
    let places = find_places(tokens, ctx.text);
    // Evidence is the whole sentence: the smallest span a reader can check a
    // figure against without losing its subject or its period.
    let evidence = ctx.text[span.start..span.end].to_owned();

    let mut drafts: Vec<Draft> = Vec::new();
    let mut consumed = vec![false; quantities.len()];

    // Pass 1: counted figures with a metric.
    let mut mains: Vec<(usize, Metric)> = Vec::new();
    // Where the noun that decided each quantity's metric ends.
    let mut decided_by: Vec<Option<usize>> = vec![None; quantities.len()];
    for (qi, q) in quantities.iter().enumerate() {
        if q.in_brackets && qi > 0 && same_kind(quantities[qi - 1].noun, q.noun) && matches!(q.noun, Some(Noun::Area(_) | Noun::Mass(_))) {
            consumed[qi] = true; // "9.1 km² (3.5 square miles)": a conversion.
            continue;
        }
        if let Some((metric, noun_end)) = metric_of(ctx, tokens, &quantities, qi) {
            mains.push((qi, metric));
            decided_by[qi] = noun_end;
        }
    }
    // "348 families, or 1,620 people": the second restates the first.
    let mut restated = Vec::new();
    for w in mains.windows(2) {
        let (a, b) = (&quantities[w[0].0], &quantities[w[1].0]);
        if w[0].1 == w[1].1
            && b.first >= a.noun_end
            && b.first - a.noun_end <= 3
            && tokens[a.noun_end..b.first].iter().any(|t| any(&["or", "soit", "ou"], &t.norm))
        {
            restated.push(w[0].0);
        }
    }
    mains.retain(|(qi, _)| !restated.contains(qi));

    // Pass 2: breakdown items belong to the nearest earlier main figure.
    // Each is (its quantity, its total's quantity, its place).
    let mut items: Vec<(usize, usize, PlaceMention)> = Vec::new();
    for (qi, q) in quantities.iter().enumerate() {
        let as_main = mains.iter().find(|(m, _)| *m == qi);
        if consumed[qi] || as_main.is_some_and(|&(_, metric)| !is_breakdown_shaped(tokens, q, &places, metric == Metric::RefugeesReturned)) {
            continue;
        }
        // "the Latakia (4 violations) and Idlib (2 violations) provinces":
        // a bracketed count is a sibling, never a total of the next.
        let Some(mi) = mains.iter().rposition(|(m, _)| *m < qi && !quantities[*m].in_brackets) else { continue };
        let total_qi = mains[mi].0;
        let main_noun = quantities[total_qi].noun;
        if q.noun.is_some() && !same_kind(q.noun, main_noun) {
            continue;
        }
        // A part that names its own noun ("cinq cas dans…") is a part only
        // where the text introduces parts; otherwise it is a new figure.
        // The parts of "sept attaques : deux à Idleb, trois à Lattaquié et
        // une attaque à Hama" are introduced once, after their total.
        let root = items.iter().find(|(p, _, _)| *p == total_qi).map_or(total_qi, |(_, t, _)| *t);
        let introduced = tokens[quantities[root].end..q.first]
            .iter()
            .any(|t| any(&["dont", "including", "notamment", "respectivement", "respectively", "soit", ":", "(", "which", "among"], &t.norm));
        // "…, из Иордании — 611 человек": a place and a dash write a part.
        let written_as_part = q.first > 1 && opens_part(&tokens[q.first - 1]) && places.iter().any(|m| m.end == q.first - 1);
        if q.noun.is_some() && !q.in_brackets && !introduced && !written_as_part {
            continue;
        }
        if let Some(place) = breakdown_place(tokens, q, &places, mains[mi].1 == Metric::RefugeesReturned) {
            // "deux dans celles de Lattaquié et Damas": one figure for each.
            let mut last_end = place.end;
            items.push((qi, total_qi, place));
            let start_after = last_end;
            for next in places.iter().filter(|m| m.first >= start_after) {
                // Mentions may overlap ("Kinsabba and Rabia,in Latakia
                // province"): one that starts inside the last is no next.
                if next.first < last_end {
                    continue;
                }
                let between = &tokens[last_end..next.first];
                if between.is_empty() || !between.iter().all(|t| any(&["et", "and", ",", "de", "d'"], &t.norm)) {
                    break;
                }
                last_end = next.end;
                items.push((qi, total_qi, next.clone()));
            }
        }
    }
    let item_quantities: Vec<usize> = items.iter().map(|(q, _, _)| *q).collect();
    // "709 returned: 212 from Lebanon, and 497 from Jordan": the nearest
    // figure before 497 is the part 212; its total is 709's.
    for k in 0..items.len() {
        let mut total = items[k].1;
        while let Some(parent) = items.iter().find(|(q, _, _)| *q == total).map(|(_, t, _)| *t) {
            if parent == total {
                break;
            }
            total = parent;
        }
        items[k].1 = total;
    }
    mains.retain(|(qi, _)| !item_quantities.contains(qi));

    // Window cues attach to the nearest main figure.
    let windows = windows_for(ctx, tokens, &quantities, &mains, &dates);

    for (k, &(qi, metric)) in mains.iter().enumerate() {
        let q = &quantities[qi];
        let has_items = items.iter().any(|(_, total, _)| *total == qi);
        let region_end = mains.get(k + 1).map_or(tokens.len(), |(n, _)| quantities[*n].first);
        let region_start = if k == 0 { 0 } else { quantities[mains[k - 1].0].end };
        let claim_places = if has_items {
            // "5 in Aleppo, 3 in Latakia, 2 in Idlib": a first figure with a
            // place of its own that its followers do not add up to is their
            // sibling, not their total.
            let mut parts: Vec<usize> = items.iter().filter(|(_, t, _)| *t == qi).map(|(p, _, _)| *p).collect();
            parts.dedup();
            let sum: f64 = parts.iter().map(|&p| quantities[p].value).sum();
            let first_part = parts.iter().map(|&p| quantities[p].first).min().unwrap_or(q.end);
            if sum != q.value {
                // "Из Ливана вернулись 204 человека, из Иордании — 611": its
                // own place may stand before it; the parts' are theirs.
                let free = |m: &&PlaceMention| !items.iter().any(|(_, _, p)| p.first == m.first) && (!m.foreign || metric == Metric::RefugeesReturned);
                let after: Vec<Place> = places.iter().filter(free).filter(|m| m.first >= q.end && m.end <= first_part).map(to_place).collect();
                if after.is_empty() {
                    places.iter().filter(free).filter(|m| m.first >= region_start && m.end <= q.first).map(to_place).collect()
                } else {
                    after
                }
            } else {
                Vec::new()
            }
        } else if let Some(place) = q.in_brackets.then(|| breakdown_place(tokens, q, &places, false)).flatten() {
            // "in the Aleppo (1 violation) and Idlib (1 violation)
            // provinces": a bracketed count is its place's.
            vec![as_province(to_place(&place))]
        } else {
            // Places that parts of a breakdown took are theirs: "five
            // settlements in Damascus [3] and Homs [2], bringing the total
            // to 1,243" says nothing of where the 1,243 are.
            let taken = |m: &PlaceMention| items.iter().any(|(_, _, p)| p.first == m.first);
            places_in(&places, q.first, region_end, region_start, metric, taken)
        };
        let claim_places = if metric == Metric::CeasefireViolations {
            claim_places.into_iter().map(|p| if p.kind.is_none() && p.province.is_some() { as_province(p) } else { p }).collect()
        } else {
            claim_places
        };
        let value = if metric.has_value() { Some(round(in_unit(q))) } else { None };
        let (window, window_cue) = windows[k];
        let actor = crate::actor::actor_tokens(tokens, region_start, q.first);
        let mut why = Why::new(ctx.text, tokens);
        why.add(ReasonRole::Value, q.first, q.end);
        if let Some(end) = decided_by[qi] {
            why.add(ReasonRole::Metric, end - 1, end);
        }
        if let Some(at) = deciding_word(tokens, metric, region_start, region_end, decided_by[qi]) {
            why.add(ReasonRole::Metric, at, at + 1);
        }
        if let Some((a, b)) = window_cue {
            why.add(ReasonRole::Window, a, b);
        }
        if let Some((a, b)) = actor {
            why.add(ReasonRole::Actor, a, b);
        }
        why.places(&claim_places, &places);
        drafts.push(Draft {
            claim: Claim {
                metric,
                value,
                window,
                actor: actor.map(|(a, b)| ctx.text[tokens[a].start..tokens[b - 1].end].to_owned()),
                places: claim_places,
                evidence: evidence.clone(),
                span: Some(span),
                reasons: why.done(),
            },
            approximate: q.approximate,
            part_of: None,
        });
        ctx.last_metric = Some(metric);
        ctx.last_window = Some(window);
    }
    for (qi, total_qi, place) in items {
        let Some(mi) = mains.iter().position(|(m, _)| *m == total_qi) else { continue };
        let total = &drafts[mi];
        let q = &quantities[qi];
        let written_as_part = q.first > 0 && opens_part(&tokens[q.first - 1]);
        let place_out = if bare_governorate_name(&place) && (written_as_part || total.claim.metric == Metric::CeasefireViolations) {
            as_province(to_place(&place))
        } else {
            to_place(&place)
        };
        // A part is read as its total was, and is a part because of where
        // its figure stands beside its place.
        let mut why = Why::new(ctx.text, tokens);
        why.add(ReasonRole::Value, q.first, q.end);
        why.add(ReasonRole::Breakdown, q.first.min(place.first), q.end.max(place.end));
        why.add(ReasonRole::Place, place.first, place.end);
        why.inherit(&total.claim.reasons, &[ReasonRole::Metric, ReasonRole::Window, ReasonRole::Actor]);
        let claim = Claim {
            metric: total.claim.metric,
            value: Some(round(in_unit(&quantities[qi]))),
            window: total.claim.window,
            actor: total.claim.actor.clone(),
            places: vec![place_out],
            evidence: evidence.clone(),
            span: Some(span),
            reasons: why.done(),
        };
        drafts.push(Draft { claim, approximate: false, part_of: Some(mi) });
    }

    drafts.extend(stated_facts(ctx, tokens, &places, &dates, &quantities, span));
    (drafts, Some(places))
}

/// Whether a sentence without figures may still state a fact that
/// [`stated_facts`] reads: negotiations, the truce coming into force,
/// violations or agreements without a count.
fn states_a_fact(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        any(&lx::NEGOTIATION, &t.norm)
            || any(&lx::IN_FORCE, &t.norm)
            // ("la ville de Zakat" taken: see `stated_facts`.)
            || any(&lx::SINGULAR_LOCALITY_NOUNS, &t.norm)
            || any(&lx::VIOLATION_WORDS, &t.norm)
            || any(&lx::SHELLING_VERBS, &t.norm)
            || any(&lx::AGREEMENT_PLURALS, &t.norm)
    })
}

/// The localities a sentence names, with the province it gives them;
/// `found` is its places if [`read_sentence`] already found them.
pub fn localities(ctx: &Context<'_>, tokens: &[Token<'_>], found: Option<Vec<PlaceMention>>) -> Vec<Place> {
    let places = found.unwrap_or_else(|| find_places(tokens, ctx.text));
    places.iter().filter(|m| m.kind == Some(PlaceKind::Locality)).map(to_place).collect()
}

/// Whether a sentence's words speak of what `metric` counts: "militants
/// shelled Douma and Harasta" speaks of violations, "aid was delivered to
/// Douma" of aid.
pub fn speaks_of(tokens: &[Token<'_>], metric: Metric) -> bool {
    match metric {
        Metric::CeasefireViolations => mentions(tokens, &lx::VIOLATION_CONTEXT) || mentions(tokens, &lx::ATTACKS),
        Metric::HumanitarianActions | Metric::HumanitarianAidTonnes => mentions(tokens, &lx::AID_CONTEXT),
        Metric::LocalitiesLiberated | Metric::TerritoryKm2 => mentions(tokens, &lx::LIBERATION),
        Metric::RefugeesReturned => mentions(tokens, &lx::RETURNING),
        Metric::CeasefireAgreements | Metric::LocalitiesJoinedCeasefire | Metric::ArmedGroupsJoinedCeasefire => mentions(tokens, &lx::JOINING),
        Metric::NegotiationsOngoing => mentions(tokens, &lx::NEGOTIATION),
        Metric::CeasefireInForce => mentions(tokens, &lx::CEASEFIRE),
    }
}

/// Whether two nouns count the same kind of thing, whatever their unit.
fn same_kind(a: Option<Noun>, b: Option<Noun>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => std::mem::discriminant(&a) == std::mem::discriminant(&b),
        _ => false,
    }
}

/// The value in the metric's unit: square miles and kilograms converted.
fn in_unit(q: &Quantity) -> f64 {
    match q.noun {
        Some(Noun::Area(f) | Noun::Mass(f)) => q.value * f,
        _ => q.value,
    }
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

fn to_place(m: &PlaceMention) -> Place {
    Place { kind: m.kind, ..Place::mention(m.name.clone(), m.province) }
}

/// Whether a mention is a bare governorate name ("Alep", "Latakia"), which
/// may mean the city or the province.
fn bare_governorate_name(m: &PlaceMention) -> bool {
    m.kind.is_none() && m.province.is_some() && !m.foreign
}

/// Violations are counted by province, and so are the parts of a breakdown
/// written "Latakia (5)" or "Idlib – 4": there a bare governorate name is
/// the province, not its capital ("six à Alep" stays the city).
fn as_province(mut place: Place) -> Place {
    place.kind = Some(truce_model::PlaceKind::Governorate);
    place
}
