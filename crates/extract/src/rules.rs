//! The reading rules: from one sentence's tokens to claims.
//!
//! The noun a number counts decides the metric ("10 accords" are
//! agreements, "13 settlements" are localities); the verbs of its clause
//! decide what happened to them (liberated or joined); window cues nearest
//! to the number decide over which period it counts. A breakdown ("4 in
//! Aleppo, 2 in Idlib") becomes one claim per place beside its total.

use crate::date::{DateMention, find_dates};
use crate::lexicon::{self as lx, Noun, any, mentions};
use crate::number::{parse_digits, parse_words};
use crate::places::{PlaceMention, find_places};
use crate::token::{Token, TokenKind};
use jiff::ToSpan;
use jiff::civil::Date;
use truce_model::{Claim, Lang, Metric, Place, PlaceKind, Reason, ReasonRole, Span, Window};

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

/// The reasons of one claim being read: token ranges of the sentence,
/// kept as the exact substrings of the text they cover, with their spans.
struct Why<'a, 'b> {
    text: &'a str,
    tokens: &'b [Token<'a>],
    reasons: Vec<Reason>,
}

impl<'a, 'b> Why<'a, 'b> {
    fn new(text: &'a str, tokens: &'b [Token<'a>]) -> Self {
        Why { text, tokens, reasons: Vec::new() }
    }

    /// Tokens `[first, end)` decided `role`. Empty or out-of-range ranges
    /// are skipped: a reason must point at words.
    fn add(&mut self, role: ReasonRole, first: usize, end: usize) {
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
    fn places(&mut self, claim_places: &[Place], mentions: &[PlaceMention]) {
        for p in claim_places {
            if let Some(m) = mentions.iter().find(|m| m.name == p.name) {
                self.add(ReasonRole::Place, m.first, m.end);
            }
        }
    }

    /// The reasons of `roles` another claim of the sentence was read by.
    fn inherit(&mut self, reasons: &[Reason], roles: &[ReasonRole]) {
        for r in reasons.iter().filter(|r| roles.contains(&r.role)) {
            if !self.reasons.iter().any(|o| o.role == r.role && o.span == r.span) {
                self.reasons.push(r.clone());
            }
        }
    }

    fn done(self) -> Vec<Reason> {
        self.reasons
    }
}

/// The word of `[from, to)` that decided what happened to what a figure
/// counts, beside its noun: "libérées" for liberated localities, "joined"
/// for localities that joined, "returned" for refugees, "aid" for tonnes.
fn deciding_word(tokens: &[Token<'_>], metric: Metric, from: usize, to: usize, noun_end: Option<usize>) -> Option<usize> {
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

/// Nouns that name one locality: "la ville de Zakat", "the village of
/// Qabtan al-Jabal".
static SINGULAR_LOCALITY_NOUNS: lx::Words = lx::Words::role("singular_locality_nouns");

/// What may stand between a verb and the locality it takes: "ont repris
/// le village de", "captured the town of".
static OBJECT_LEAD: lx::Words = lx::Words::role("object_lead");

/// Whether a sentence without figures may still state a fact that
/// [`stated_facts`] reads: negotiations, the truce coming into force,
/// violations or agreements without a count.
fn states_a_fact(tokens: &[Token<'_>]) -> bool {
    tokens.iter().any(|t| {
        any(&lx::NEGOTIATION, &t.norm)
            || any(&lx::IN_FORCE, &t.norm)
            // ("la ville de Zakat" taken: see `stated_facts`.)
            || any(&SINGULAR_LOCALITY_NOUNS, &t.norm)
            || any(&["violations", "violation", "pilonne", "pilonnes", "pilonnee", "pilonnees", "shelled", "bombarde", "bombardes", "agreements", "accords"], &t.norm)
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

/// Places a claim is about: those after its number up to the next figure;
/// where there are none, those before it in its clause.
/// `taken` says which mentions belong to something else (a breakdown's
/// parts), and are never this figure's.
fn places_in(places: &[PlaceMention], from: usize, to: usize, before: usize, metric: Metric, taken: impl Fn(&PlaceMention) -> bool) -> Vec<Place> {
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

/// Numbers of the sentence, with the noun each one counts.
fn find_quantities(tokens: &[Token<'_>], lang: Lang, dates: &[DateMention]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let in_date = |i: usize| dates.iter().any(|d| d.first <= i && i < d.end);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if in_date(i) {
            i += 1;
            continue;
        }
        let (value, end, article) = if t.kind == TokenKind::Digits {
            let Some(v) = parse_digits(t.text, lang) else {
                i += 1;
                continue;
            };
            match crate::number::scale_after(&tokens[i + 1..]) {
                Some((factor, n)) => (v * factor, i + 1 + n, false),
                None => (v, i + 1, false),
            }
        } else if let Some((v, n)) = parse_words(&tokens[i..], lang) {
            let article = matches!(t.norm.as_ref(), "un" | "une") && n == 1;
            (v, i + n, article)
        } else if negated_count(tokens, i) {
            // Zero, written nowhere: the quantity starts at the noun.
            (0.0, i, false)
        } else if let Some(v) = implicit_count(tokens, i) {
            (v, i + 1, true)
        } else if t.norm == "centaine" {
            (100.0, i + 1, false)
        } else {
            i += 1;
            continue;
        };
        // Percentages, times of day, ordinals and years are not counts,
        // nor a ratio: "снизилось в четыре раза" (fell fourfold).
        let next = tokens.get(end);
        let ratio = i > 0 && tokens[i - 1].norm == "in" && next.is_some_and(|n| matches!(n.norm.as_ref(), "раза" | "times"));
        if ratio {
            i = end;
            continue;
        }
        if next.is_some_and(|n| {
            n.is_punct("%")
                || n.is_punct(":") && tokens.get(end + 1).is_some_and(|d| d.kind == TokenKind::Digits)
                || (any(
                    &[
                        "%", "percent", "h", "heures", "hours", "er", "st", "nd", "rd", "th", "e", "eme", "ans", "years", "jours", "days", "mois", "months",
                        "km",
                    ],
                    &n.norm,
                ) || any(&["pour", "per"], &n.norm) && tokens.get(end + 1).is_some_and(|c| c.norm == "cent"))
                    && !noun_follows_unit(tokens, end)
        }) {
            i = end;
            continue;
        }
        let (noun, noun_end) = noun_after(tokens, end);
        // An article counts only the noun right after it ("une localité"),
        // or one part of a breakdown ("une à Lattaquié"). "An agreement" is
        // the deal itself or the paper a locality signed: the locality is
        // what is counted.
        let breakdown_part = tokens.get(end).is_some_and(|n| any(&["a", "dans", "in", "at"], &n.norm));
        // "il s'agissait d'une attaque du hameau de Kbana" describes an
        // event already counted; "une attaque à Hama" is a part.
        let described_attack = tokens.get(noun_end.saturating_sub(1)).is_some_and(|t| any(&lx::ATTACKS, &t.norm))
            && !tokens.get(noun_end).is_some_and(|n| any(&["a", "dans", "in", "at"], &n.norm));
        if article && (noun.is_none() && !breakdown_part || noun == Some(Noun::Agreement) || described_attack) {
            i = end;
            continue;
        }
        let approximate = i > 0 && tokens[i.saturating_sub(3)..i].iter().any(|p| any(&lx::APPROXIMATE, &p.norm)) || t.norm == "centaine";
        let in_brackets = i > 0 && (tokens[i - 1].is_punct("(") || tokens[i - 1].is_punct("["));
        let stated_zero = value == 0.0 && end == i;
        out.push(Quantity { first: i, end, value, approximate, noun, noun_end, in_brackets, stated_zero });
        i = end.max(i + 1);
    }
    out
}

/// "Турция нарушений не зафиксировала", "соглашения … не подписывались":
/// Russian states a zero count by negating the verb after the noun, with
/// no numeral at all. The noun must be a counted one and the verb one of
/// registering or signing, in the same clause.
fn negated_count(tokens: &[Token<'_>], i: usize) -> bool {
    let t = &tokens[i];
    let counted = any(&lx::VIOLATIONS, &t.norm) || any(&lx::AGREEMENTS, &t.norm) || any(&lx::CASES, &t.norm);
    if !counted || !crate::token::is_cyrillic_word(&crate::token::fold(t.text)) {
        return false;
    }
    // "семь случаев нарушения": a noun counted by a numeral before it.
    let counted_before = tokens[i.saturating_sub(2)..i].iter().any(|t| t.kind == TokenKind::Digits || parse_words(std::slice::from_ref(t), Lang::Ru).is_some());
    if counted_before {
        return false;
    }
    // "обстрелов со стороны формирований, подконтрольных Анкаре, не
    // зарегистрировано": commas may stand between the noun and its verb.
    let clause =
        tokens[i + 1..(i + 14).min(tokens.len())].iter().take_while(|t| (t.kind != TokenKind::Punct || t.is_punct(",")) && t.kind != TokenKind::Digits);
    // The verb must be this noun's: another counted noun before it has
    // a verb of its own ("…нарушения огня, Турция нарушений не зафиксировала").
    let words: Vec<&Token<'_>> = clause.take_while(|t| !(any(&lx::VIOLATIONS, &t.norm) || any(&lx::AGREEMENTS, &t.norm) || any(&lx::CASES, &t.norm))).collect();
    words.windows(2).any(|w| w[0].norm == "not" && (any(&lx::REGISTERING, &w[1].norm) || w[1].norm == "signed"))
}

/// "km" after a number is a distance unless "carrés"/"square" follows.
fn noun_follows_unit(tokens: &[Token<'_>], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| any(&lx::AREA_KM, &t.norm)) && tokens.get(at + 1).is_some_and(|t| any(&lx::SQUARE, &t.norm))
}

/// "another armed group", "une autre localité", "no violations": a count
/// without a numeral.
fn implicit_count(tokens: &[Token<'_>], i: usize) -> Option<f64> {
    let t = &tokens[i];
    let next = tokens.get(i + 1).map(|n| n.norm.as_ref());
    match t.norm.as_ref() {
        "another" => Some(1.0),
        // English articles only: "à" folds to "a" too.
        "a" | "an" if matches!(t.text, "a" | "an" | "A" | "An") => Some(1.0),
        "no" | "aucun" | "aucune" => Some(0.0),
        // "157 in Donetsk region and none in Luhansk region"
        "none" => Some(0.0),
        "un" | "une" if next == Some("autre") => Some(1.0),
        // "has not carried out any humanitarian actions"
        "any" if tokens[i.saturating_sub(4)..i].iter().any(|t| any(&["not", "n't", "never"], &t.norm)) => Some(0.0),
        _ => None,
    }
}

/// The noun a number counts, skipping modifiers ("10 nouveaux accords",
/// "two more settlements", "27 square kilometers").
fn noun_after(tokens: &[Token<'_>], at: usize) -> (Option<Noun>, usize) {
    let mut j = at;
    let limit = (at + 6).min(tokens.len());
    while j < limit {
        let t = &tokens[j];
        let n = &t.norm;
        let next = tokens.get(j + 1).map(|t| &t.norm);
        let next_in = |words: &lx::Words| next.is_some_and(|next| any(words, next));
        if t.kind != TokenKind::Word {
            // "3,792. square kilometers": a stray full stop inside the phrase.
            let stray_stop = t.is_punct(".") && j == at && tokens.get(j + 1).is_some_and(|n| n.kind == TokenKind::Word && !n.is_capitalised());
            if t.is_punct("-") || stray_stop {
                j += 1;
                continue;
            }
            return (None, at);
        }
        if any(&lx::AREA_QUALIFIED, n) {
            return (Some(Noun::Area(1.0)), j + 1);
        }
        if any(&lx::AREA_KM, n) && next_in(&lx::SQUARE) {
            return (Some(Noun::Area(1.0)), j + 2);
        }
        if any(&lx::SQUARE, n) {
            if next_in(&lx::AREA_KM) {
                return (Some(Noun::Area(1.0)), j + 2);
            }
            if next_in(&lx::SQUARE_MILES) {
                return (Some(Noun::Area(2.589_988)), j + 2);
            }
        }
        if any(&lx::TONNES, n) {
            return (Some(Noun::Mass(1.0)), j + 1);
        }
        if any(&lx::KILOS, n) {
            return (Some(Noun::Mass(0.001)), j + 1);
        }
        if any(&lx::AGREEMENTS, n) {
            return (Some(Noun::Agreement), j + 1);
        }
        if any(&lx::LOCALITIES, n) {
            return (Some(Noun::Locality), j + 1);
        }
        if any(&lx::AREAS, n) && j > at && any(&lx::AREA_ADJECTIVES, &tokens[j - 1].norm) {
            return (Some(Noun::Locality), j + 1);
        }
        if any(&lx::ARMED_GROUPS, n) {
            return (Some(Noun::ArmedGroup), j + 1);
        }
        if any(&lx::VIOLATIONS, n) {
            return (Some(Noun::Violation), j + 1);
        }
        if any(&lx::CASES, n) || any(&lx::ATTACKS, n) {
            return (Some(Noun::Violation), j + 1);
        }
        if any(&lx::HUMANITARIAN_NOUNS, n) {
            let near = at.saturating_sub(8)..(j + 9).min(tokens.len());
            let humanitarian = tokens[near].iter().any(|t| any(&lx::HUMANITARIAN, &t.norm));
            return if humanitarian { (Some(Noun::HumanitarianAction), j + 1) } else { (None, at) };
        }
        if any(&lx::PEOPLE_SUBSETS, n) {
            return (Some(Noun::PeopleSubset), j + 1);
        }
        if any(&lx::PEOPLE, n) {
            return (Some(Noun::People), j + 1);
        }
        if any(&lx::MODIFIERS, n) || any(&lx::AREA_ADJECTIVES, n) {
            j += 1;
            continue;
        }
        return (None, at);
    }
    (None, at)
}

/// Where the clause of a quantity starts and ends: at the neighbouring
/// quantities' nouns, so that verbs of one figure do not colour the next.
fn clause(tokens: &[Token<'_>], qs: &[Quantity], qi: usize) -> (usize, usize) {
    let start = if qi == 0 { 0 } else { qs[qi - 1].noun_end.min(qs[qi].first) };
    let end = qs.get(qi + 1).map_or(tokens.len(), |n| n.first.max(qs[qi].noun_end));
    (start, end)
}

/// The subject of "… s'élève à 41" / "… has reached 1,446": the noun after
/// "nombre"/"number"/"total" earlier in the clause.
fn subject_noun(tokens: &[Token<'_>], from: usize, to: usize) -> Option<(Noun, usize)> {
    for i in (from..to).rev() {
        if any(&["nombre", "number", "total", "totalite", "count", "masse", "weight", "poids", "mass"], &tokens[i].norm) {
            // "the number of these groups", "le nombre des localités qui…"
            let found = (i + 1..(i + 5).min(to).max(i + 2)).find_map(|j| match noun_after(tokens, j) {
                (Some(noun), end) => Some((noun, end)),
                (None, _) => None,
            });
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// "sur les cas de violation, sept…", "of the violations, five…", "из них":
/// a counted noun after a partitive word shortly before the figure.
fn partitive_noun(tokens: &[Token<'_>], from: usize, before: usize) -> Option<(Noun, usize)> {
    let from = from.max(before.saturating_sub(10));
    let at = (from..before).find(|&i| any(&lx::PARTITIVES, &tokens[i].norm))?;
    (at + 1..(at + 5).min(before)).find_map(|j| match noun_after(tokens, j) {
        (Some(noun), end) => Some((noun, end)),
        (None, _) => None,
    })
}

/// "… portant à quinze le nombre de localités", "bringing to 360 the
/// number of settlements": the counted noun after the figure.
fn subject_after(tokens: &[Token<'_>], end: usize) -> Option<(Noun, usize)> {
    let article = tokens.get(end).is_some_and(|t| any(&["le", "la", "the", "les"], &t.norm));
    let counted = tokens.get(end + 1).is_some_and(|t| any(&["nombre", "number", "total"], &t.norm));
    if !(article && counted) {
        return None;
    }
    (end + 2..(end + 6).min(tokens.len())).find_map(|j| match noun_after(tokens, j) {
        (Some(noun), noun_end) => Some((noun, noun_end)),
        (None, _) => None,
    })
}

/// Whether the words right before a number introduce a total ("a atteint",
/// "s'élève à", "has reached", "increased to").
fn total_verb_before(tokens: &[Token<'_>], first: usize) -> bool {
    total_verb_at(tokens, first).is_some()
}

/// Where the verb that introduces a total before `first` stands.
fn total_verb_at(tokens: &[Token<'_>], first: usize) -> Option<usize> {
    const BETWEEN: &[&str] = &[
        "to",
        "at",
        "a",
        "de",
        "des",
        "d'",
        "of",
        "la",
        "le",
        "barre",
        "cap",
        "mark",
        "plus",
        "over",
        "more",
        "than",
        "nearly",
        "almost",
        "some",
        "quelque",
        "environ",
        "about",
        "actuellement",
        "desormais",
        "now",
        "already",
        "deja",
        "toujours",
        "still",
        "currently",
        "s'",
        "se",
        "est",
        "has",
        "have",
        "had",
        "is",
        "was",
        ",",
        "un",
        "peu",
        "unchanged",
        "inchange",
        "meme",
        "same",
        "since",
        "then",
    ];
    let mut k = first;
    while k > 0 && first - k < 6 {
        k -= 1;
        let n = &tokens[k].norm;
        if any(&lx::TOTAL_VERBS, n) {
            return Some(k);
        }
        if !any(BETWEEN, n) {
            return None;
        }
    }
    None
}

/// The metric of quantity `qi`, if it counts one, and where the noun that
/// decided it ends (the noun is the token before), for the claim's reasons.
fn metric_of(ctx: &Context<'_>, tokens: &[Token<'_>], qs: &[Quantity], qi: usize) -> Option<(Metric, Option<usize>)> {
    let q = &qs[qi];
    let (start, end) = clause(tokens, qs, qi);
    let clause_tokens = &tokens[start..end];
    let sentence_has = |words: &lx::Words| mentions(tokens, words);
    // "has reached 1, 341": a bare number that a comma joins to another
    // is one of a list (or a number split by a typo), not a count of its own.
    if q.noun.is_none() && tokens.get(q.end).is_some_and(|t| t.is_punct(",")) && tokens.get(q.end + 1).is_some_and(|t| t.kind == TokenKind::Digits) {
        return None;
    }
    let mut noun = q.noun;
    // Where the counted noun ends, if it follows the figure.
    let mut noun_end = q.noun_end;
    // Where the noun that decided ends, wherever it stands.
    let mut decided_by = q.noun.map(|_| q.noun_end);
    let mut take = |found: Option<(Noun, usize)>, noun: &mut Option<Noun>| {
        if let Some((n, end)) = found {
            *noun = Some(n);
            decided_by = Some(end);
        }
    };
    if noun.is_none() && !q.in_brackets {
        let lead_in = &tokens[start..q.first];
        if total_verb_before(tokens, q.first) || lead_in.iter().any(|t| any(&["nombre", "number", "total"], &t.norm)) {
            // "portant à quinze le nombre de localités reconquises": the
            // subject may follow the figure.
            take(subject_noun(tokens, start, q.first), &mut noun);
            if noun.is_none()
                && let Some((after, end)) = subject_after(tokens, q.end)
            {
                noun_end = end;
                take(Some((after, end)), &mut noun);
            }
            // "One more armed group declared …, bringing their number to
            // 213": the number of what the sentence counted just before,
            // else of what the sentence before counted ("the number came
            // to 97"); the word "number" says so.
            let total_word = (start..q.first).rev().find(|&i| any(&["nombre", "number", "total"], &tokens[i].norm));
            if noun.is_none() && total_word.is_some() {
                let counted = qs[..qi].iter().rev().find_map(|p| p.noun.map(|n| (n, p.noun_end)));
                take(counted, &mut noun);
            }
            // ("Au total, 284 centres de santé…" is no number of anything
            // counted before.)
            let number_word = (start..q.first).rev().find(|&i| any(&["nombre", "number"], &tokens[i].norm));
            if noun.is_none()
                && let Some(at) = number_word
            {
                return ctx.last_metric.filter(|m| m.has_value()).map(|m| (m, Some(at + 1)));
            }
        }
        // "sur les cas de violation de la trêve, sept ont eu lieu à Alep",
        // "of these violations, five were in Hama": the noun of a share
        // stands before it.
        if noun.is_none() {
            take(partitive_noun(tokens, start, q.first), &mut noun);
        }
        // "с 773 в сентябре до 197 в октябре", "from 773 to 197": the
        // second figure of a range counts what the first did.
        if noun.is_none() && qi > 0 {
            let previous = &qs[qi - 1];
            let between = &tokens[previous.end..q.first];
            let ranged = between.len() <= 4
                && mentions(between, &["to", "a", "до"])
                && previous.first > 0
                && any(&["since", "from", "de"], &tokens[previous.first - 1].norm);
            if ranged {
                take(previous.noun.map(|n| (n, previous.noun_end)).or_else(|| subject_noun(tokens, 0, previous.first)), &mut noun);
            }
        }
        // "861 refugees returned …; 16,348 have come back since January 1":
        // a second figure whose noun is left out counts what the first did,
        // when a clause break parts them and a verb follows it.
        if noun.is_none() && qi > 0 {
            let previous = &qs[qi - 1];
            let just_before = &tokens[q.first.saturating_sub(2).max(previous.end)..q.first];
            let clause_break = just_before.iter().any(|t| t.is_punct(";") || t.is_punct(",") || any(&["and", "et", "while", "alors"], &t.norm));
            // An auxiliary, not a noun: "3 000 portions" counts portions.
            let verb_follows = tokens
                .get(q.end)
                .is_some_and(|t| any(&["have", "has", "had", "were", "was", "are", "is", "ont", "sont", "avaient", "etaient", "se", "s'"], &t.norm));
            if clause_break && verb_follows && !matches!(previous.noun, Some(Noun::PeopleSubset)) {
                take(previous.noun.map(|n| (n, previous.noun_end)), &mut noun);
            }
        }
    }
    let noun = noun?;
    // Negotiations count who is talking, not who joined.
    if let Some(n) = tokens[..q.first].iter().rposition(|t| any(&lx::NEGOTIATION, &t.norm))
        && n >= start
        && mentions(&tokens[n..q.first], &lx::CONTINUING)
    {
        return None;
    }
    let not_yet = clause_tokens.iter().any(|t| any(&lx::NOT_YET, &t.norm));
    let metric = match noun {
        Noun::Area(_) => {
            if clause_tokens.iter().any(|t| any(&["controle", "controls", "occupe", "occupies", "holds"], &t.norm))
                && clause_tokens.iter().any(|t| any(&["actuellement", "currently", "still", "encore", "now"], &t.norm))
            {
                return None;
            }
            Metric::TerritoryKm2
        }
        Noun::Mass(_) => {
            if !sentence_has(&lx::AID_CONTEXT) || not_yet {
                return None;
            }
            Metric::HumanitarianAidTonnes
        }
        Noun::Agreement => {
            if not_yet {
                return None;
            }
            // "agreements with representatives of 13 settlements": the
            // settlements are what is counted; handled by their own number.
            Metric::CeasefireAgreements
        }
        Noun::Locality => {
            // What happened to the localities is said around their noun
            // ("le total des localités libérées … s'élève à 32").
            let near = &tokens[start..(noun_end.max(q.end) + 4).min(end.max(noun_end).max(q.end)).min(tokens.len())];
            if mentions(near, &lx::LIBERATION) && !mentions(near, &["adhere*", "rejoin*", "joined", "treve", "reconcil*"]) {
                Metric::LocalitiesLiberated
            } else if sentence_has(&lx::JOINING) {
                if not_yet {
                    return None;
                }
                Metric::LocalitiesJoinedCeasefire
            } else {
                return None;
            }
        }
        Noun::ArmedGroup => {
            let joined_words = [
                "adhere*",
                "rejoint",
                "joined",
                "declar*",
                "commitment",
                "committed",
                "uphold*",
                "agreed",
                "agreeing",
                "agree",
                "accord*",
                "agreement*",
                "respect*",
                "aligne*",
                "attache*",
                "stop",
                "cesse",
                "deal*",
                "keep*",
                "maint*",
                "observ*",
            ];
            // "As a result, the number of these groups increased to 140":
            // the joining was said in the sentence before.
            let continues = ctx.last_metric == Some(Metric::ArmedGroupsJoinedCeasefire) && total_verb_before(tokens, q.first);
            if !continues && (!sentence_has(&lx::JOINING) || !mentions(tokens, &joined_words)) {
                return None;
            }
            if not_yet && mentions(clause_tokens, &["rejoindre", "join", "joining", "adherer"]) {
                return None;
            }
            Metric::ArmedGroupsJoinedCeasefire
        }
        Noun::Violation => {
            let noun = tokens.get(q.noun_end.saturating_sub(1));
            let is_cases = noun.is_some_and(|t| any(&lx::CASES, &t.norm));
            if is_cases && !sentence_has(&lx::VIOLATION_CONTEXT) {
                return None;
            }
            let is_attacks = noun.is_some_and(|t| any(&lx::ATTACKS, &t.norm));
            if is_attacks && !(ctx.truce_topic || sentence_has(&lx::VIOLATION_CONTEXT)) {
                return None;
            }
            Metric::CeasefireViolations
        }
        Noun::HumanitarianAction => {
            if not_yet {
                return None;
            }
            Metric::HumanitarianActions
        }
        Noun::People => {
            let refugees = tokens.get(q.noun_end.saturating_sub(1)).is_some_and(|t| any(&lx::REFUGEES, &t.norm));
            let returned = mentions(clause_tokens, &lx::RETURNING) || (refugees && mentions(clause_tokens, &lx::LEAVING));
            if !returned || not_yet {
                return None;
            }
            Metric::RefugeesReturned
        }
        Noun::PeopleSubset => return None,
    };
    // "No major violations had been seen" by a third party, "cannot confirm
    // any": a zero is a claim only when the text states it as a count.
    // The reporter's own zero ("the Mission recorded no ceasefire
    // violations", "has not registered any") is a count.
    // (Observers who "said no major violations had been seen" are not
    // registering a count: the noun "observers" is no verb of it.)
    let registered = clause_tokens.iter().any(|t| any(&lx::REGISTERING, &t.norm) && !any(&["observers", "observateurs", "observer", "observateur"], &t.norm));
    if q.value == 0.0 && !q.stated_zero && !registered && !matches!(noun, Noun::ArmedGroup | Noun::Locality | Noun::Agreement | Noun::HumanitarianAction) {
        return None;
    }
    Some((metric, decided_by))
}

/// "de la province d'Alep", "d'Homs", "of Aleppo province": a Syrian
/// place that an "of" at `at` opens, with nothing but the words of a
/// province between.
fn of_place(tokens: &[Token<'_>], at: usize, places: &[PlaceMention]) -> Option<PlaceMention> {
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
fn opens_part(t: &Token<'_>) -> bool {
    t.is_punct("(") || t.is_punct("[") || t.is_punct("–") || t.is_punct("—") || t.is_punct("-")
}

/// A number placed as one part of a breakdown: "Latakia (5)", "Idlib – 4",
/// "quatre dans la province d'Alep", "six à Alep".
fn is_breakdown_shaped(tokens: &[Token<'_>], q: &Quantity, places: &[PlaceMention], foreign_ok: bool) -> bool {
    breakdown_place(tokens, q, places, foreign_ok).is_some()
        && (q.in_brackets || q.noun.is_none() || foreign_ok || tokens.get(q.noun_end).is_some_and(|t| any(&["in", "a", "dans", "at"], &t.norm)))
}

fn breakdown_place(tokens: &[Token<'_>], q: &Quantity, places: &[PlaceMention], foreign_ok: bool) -> Option<PlaceMention> {
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

#[derive(Debug, Clone, Copy, PartialEq)]
enum Cue {
    Day,
    /// A running total word or verb.
    Total,
    /// "depuis le 1er janvier", "since July 2018".
    Since(Date),
    /// "en deux jours": a closed period of N days ending on the report day.
    Days(i64),
    /// "le 7 janvier", "On September 18": a dated event; `true` where a
    /// weekday names it ("a repris mercredi").
    On(Date, bool),
    /// "la semaine dernière", "last month": a closed period.
    Period,
    /// "au cours des dernières 48 heures": whole days in hours.
    Hours(i64),
    /// "during this period": the window of the figure before.
    Same(Window),
    /// "mercredi", "on Sunday": a day named by its weekday alone.
    OnWeekday(Date),
    /// "in the previous reporting period": the day before the report's,
    /// for every figure of the sentence.
    PreviousDay(Date),
}

/// For each token, where the innermost bracket holding it opens.
fn bracket_groups(tokens: &[Token<'_>]) -> Vec<Option<usize>> {
    let mut open: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        if t.is_punct(")") || t.is_punct("]") {
            open.pop();
        }
        out.push(open.last().copied());
        if t.is_punct("(") || t.is_punct("[") {
            open.push(i);
        }
    }
    out
}

/// "MOSCOW, August 8 (Xinhua) --", "МОСКВА, 22 июл — РИА Новости": the
/// date an agency stamps on its story, which dates no figure.
fn is_dateline(tokens: &[Token<'_>], d: &DateMention) -> bool {
    let city = tokens.first().is_some_and(|t| t.kind == TokenKind::Word && t.text.chars().count() >= 3 && !t.text.chars().any(char::is_lowercase));
    let stamped = tokens.get(d.end).is_some_and(|t| t.is_punct("(") || t.is_punct("—") || t.is_punct("–") || t.is_punct("-") || t.is_punct("/"));
    city && d.first <= 3 && stamped
}

/// "en deux jours", "au cours des deux derniers jours", "over the past two
/// days": a closed period of N days (2 to 31) named at token `i`.
fn days_counted(tokens: &[Token<'_>], i: usize, lang: Lang) -> Option<i64> {
    if i == 0 || !matches!(tokens[i].norm.as_ref(), "jours" | "days") {
        return None;
    }
    let k = if matches!(tokens[i - 1].norm.as_ref(), "derniers" | "last" | "past") { i.saturating_sub(2) } else { i - 1 };
    let t = &tokens[k];
    let count = if t.kind == TokenKind::Digits { t.text.parse::<i64>().ok() } else { parse_words(std::slice::from_ref(t), lang).map(|(v, _)| v as i64) };
    count.filter(|d| (2..=31).contains(d))
}

/// One window per main figure, from the cues nearest to it.
fn windows_for(
    ctx: &Context<'_>,
    tokens: &[Token<'_>],
    qs: &[Quantity],
    mains: &[(usize, Metric)],
    dates: &[DateMention],
) -> Vec<(Window, Option<(usize, usize)>)> {
    // Each cue with the tokens it was read from, `[start, end)`.
    let mut cues: Vec<(usize, usize, Cue)> = Vec::new();
    if mains.is_empty() {
        return Vec::new();
    }
    let n = |i: usize| tokens.get(i).map(|t| t.norm.as_ref()).unwrap_or("");
    for i in 0..tokens.len() {
        let w = n(i);
        let prev = if i > 0 { n(i - 1) } else { "" };
        let digits_before = i > 0 && (tokens[i - 1].text == "24" || matches!(prev, "vingt-quatre" | "twenty-four"));
        // ("la journée précédente" is the day before, not the report's.)
        let of_the_day_before = any(&["precedente", "precedent", "previous"], n(i + 1));
        if (matches!(w, "heures" | "hours" | "hrs" | "h") && digits_before && !of_the_day_before)
            || (matches!(w, "journee" | "today" | "aujourd'hui" | "overnight" | "24-hour" | "daily" | "quotidien" | "quotidienne") && !of_the_day_before)
            || (matches!(w, "day" | "jour") && any(&["past", "last", "one", "a", "per", "un", "par", "dernier", "the", "that"], prev))
            || (w == "nuit" && any(&["la", "cette"], prev))
        {
            cues.push((if digits_before { i - 1 } else { i }, i + 1, Cue::Day));
        }
        if any(&lx::TOTAL_WORDS, &tokens[i].norm) {
            cues.push((i, i + 1, Cue::Total));
        }
        if matches!(w, "semaines" | "weeks") && i > 0 && (tokens[i - 1].kind == TokenKind::Digits || parse_words(&tokens[i - 1..i], ctx.lang).is_some()) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "la semaine dernière", "last month", "au cours du dernier mois"
        let closed_period_word = matches!(w, "semaine" | "week" | "mois" | "month" | "year" | "annee" | "an");
        let last = |x: &str| matches!(x, "dernier" | "derniere" | "last" | "past" | "previous");
        if closed_period_word && (last(prev) || last(n(i + 1))) {
            cues.push((i, i + 1, Cue::Period));
        }
        if let Some(d) = days_counted(tokens, i, ctx.lang) {
            cues.push((i, i + 1, Cue::Days(d)));
        }
        // "au cours des dernières 48 heures": whole days ending on the
        // report day; "in the last 36 hours", a closed period of its own.
        if matches!(w, "heures" | "hours" | "hrs")
            && i > 0
            && tokens[i - 1].kind == TokenKind::Digits
            && let Ok(h) = tokens[i - 1].text.parse::<i64>()
            && h != 24
            && (2..=24 * 31).contains(&h)
        {
            cues.push((i - 1, i + 1, if h % 24 == 0 { Cue::Hours(h) } else { Cue::Period }));
        }
        // "in the previous reporting period", "в отчете за предыдущий день":
        // the day before the report's.
        // French puts the adjective after its noun: "la journée précédente".
        if any(&["previous", "precedent", "precedente", "preceding"], w)
            && (any(&["day", "jour", "period", "periode", "journee", "reporting"], n(i + 1)) || any(&["jour", "periode", "journee"], prev))
            && let Some(anchor) = ctx.anchor
            && let Ok(d) = anchor.checked_sub(1.days())
        {
            cues.push((i, i + 1, Cue::PreviousDay(d)));
        }
        // "1,186 million … au cours de cette période", "за тот же период":
        // the period of the figure before.
        if matches!(w, "periode" | "period")
            && (any(&["cette", "this", "same", "meme", "that"], prev) || i > 1 && any(&["same", "meme", "that"], n(i - 2)))
            && let Some(window) = ctx.last_window
        {
            cues.push((i, i + 1, Cue::Same(window)));
        }
        // "с момента начала боевых действий", "since the start of the
        // operation": since a moment the text does not date.
        if any(&["since", "depuis"], w) && (i + 1..(i + 4).min(tokens.len())).any(|k| any(&["beginning", "debut", "start", "moment", "lancement"], n(k))) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "Total number of humanitarian actions is 1,692 with a total
        // weight of … 2,330 tons", "le nombre total": the number of a flow
        // called total is its running total, for every figure it leads.
        if any(&["total", "totale", "overall"], w) && (any(&["number", "nombre"], n(i + 1)) || any(&["number", "nombre"], prev)) {
            cues.push((i, i + 1, Cue::Period));
        }
        // "in the reporting period": a monitoring mission's day.
        if w == "reporting" && n(i + 1) == "period" && !any(&["previous", "preceding"], prev) {
            cues.push((i, i + 1, Cue::Day));
        }
        // "so far this year", "depuis le début de l'année", "cette année"
        if matches!(w, "year" | "annee")
            && any(&["this", "cette", "l'", "beginning"], prev)
            && let Some(anchor) = ctx.anchor
            && let Ok(d) = Date::new(anchor.year(), 1, 1)
        {
            cues.push((i, i + 1, Cue::Since(d)));
        }
        // "depuis le début de 2017", "since the beginning of 2017", "in 2017"
        if matches!(w, "debut" | "beginning" | "start")
            && let Some(y) = tokens[i + 1..(i + 4).min(tokens.len())]
                .iter()
                .find(|t| t.kind == TokenKind::Digits && t.text.len() == 4)
                .and_then(|t| t.text.parse::<i16>().ok())
            && let Ok(d) = Date::new(y, 1, 1)
        {
            cues.push((i, i + 1, Cue::Since(d)));
        }
    }
    for d in dates {
        if is_dateline(tokens, d) {
            continue;
        }
        // "since 6 March", "depuis sa réouverture le 15 octobre 2018",
        // "since the beginning of the truce in February 27": "since" opens
        // the phrase the date ends, with no clause break between.
        // ("С 00.01 6 марта": a time of day may stand between.)
        let opener = (d.first.saturating_sub(7)..d.first)
            .rev()
            .take_while(|&k| tokens[k].kind != TokenKind::Punct)
            .find(|&k| any(&["depuis", "since"], &tokens[k].norm));
        // "the ceasefire that started on Saturday, February 27": the date
        // of the truce itself, not of the figures beside it.
        let of_the_truce =
            d.first >= 1 && tokens[d.first.saturating_sub(3)..d.first].iter().any(|t| any(&lx::IN_FORCE, &t.norm)) && mentions(tokens, &lx::CEASEFIRE);
        if of_the_truce && opener.is_none() {
            continue;
        }
        if let Some(k) = opener {
            // "since Saturday" in a daily report is the last day.
            let weekday_only = crate::date::weekday(&tokens[d.first].norm).is_some() && d.end - d.first <= 2 && d.first - k <= 3;
            cues.push((d.first, d.end, if weekday_only { Cue::Day } else { Cue::Since(d.date) }));
        } else if d.is_period() {
            // "773 in September", "in 2017": a closed month or year.
            cues.push((d.first, d.end, Cue::Since(d.date)));
        } else {
            let weekday_only = d.weekday && !tokens[d.first..d.end].iter().any(|t| t.kind == TokenKind::Digits);
            cues.push((d.first, d.end, if weekday_only { Cue::OnWeekday(d.date) } else { Cue::On(d.date, d.weekday) }));
        }
    }

    // "вернулись 204 человека (всего 243 женщины и 416 детей)": a cue
    // inside brackets speaks of the figures inside them only.
    let group = bracket_groups(tokens);
    let mut per_main: Vec<Vec<(usize, usize, Cue)>> = vec![Vec::new(); mains.len()];
    for (pos, cue_end, cue) in cues {
        // A semicolon parts clauses whose periods are their own: "the
        // ceasefire was established since 6 March; over the past 24 hours,
        // 8 violations".
        let apart = |q: &Quantity| {
            let (a, b) = if pos < q.first { (pos, q.first) } else { (q.end.min(pos), pos) };
            tokens[a..b].iter().any(|t| t.is_punct(";"))
        };
        let reachable = |q: &Quantity| (group[pos].is_none() || group[pos] == group[q.first]) && !apart(q);
        let nearest = mains.iter().enumerate().filter(|(_, (qi, _))| reachable(&qs[*qi])).min_by_key(|(_, (qi, _))| {
            let q = &qs[*qi];
            // "1841 actions, the total weight … 2807 tonnes": past a comma,
            // a cue belongs to the figure ahead of it.
            let past_comma = pos >= q.end && tokens[q.end..pos].iter().any(|t| t.is_punct(","));
            if pos < q.first { q.first - pos } else { pos.saturating_sub(q.noun_end.max(q.end) - 1) + if past_comma { tokens.len() } else { 0 } }
        });
        if let Some((k, &(qi, _))) = nearest {
            // A weekday after the figure dates the report ("the bulletin
            // informed on Saturday"), not the event; a weekday alone after
            // it ("said in a document Sunday") dates nothing.
            let cue = match cue {
                Cue::On(d, true) if pos > qs[qi].first => Some(Cue::On(d, false)),
                Cue::OnWeekday(_) if pos > qs[qi].first => None,
                Cue::OnWeekday(d) => Some(Cue::On(d, true)),
                other => Some(other),
            };
            per_main[k].extend(cue.map(|c| (pos, cue_end, c)));
        }
    }
    // A figure with no cue of its own shares the sentence's period: "a perdu
    // 5 800 km² au cours du dernier mois, avec la libération de 142 villes".
    let shared: Vec<(usize, usize, Cue)> = per_main
        .iter()
        .flatten()
        .filter(|(_, _, c)| matches!(c, Cue::Period | Cue::Day | Cue::Days(_) | Cue::Hours(_) | Cue::PreviousDay(_)))
        .copied()
        .collect();
    for cues in per_main.iter_mut() {
        if cues.is_empty() {
            cues.extend(shared.iter().copied());
        } else if cues.iter().all(|(_, _, c)| *c == Cue::Total) {
            // "… is 1,815, with a total weight of 2,964 tons": its own
            // "total" says no period; the sentence's does.
            cues.extend(shared.iter().copied().filter(|(_, _, c)| *c == Cue::Period));
        }
    }
    mains.iter().zip(per_main).map(|(&(qi, metric), cues)| window_from(ctx, metric, tokens, &qs[qi], &cues)).collect()
}

/// The window of one figure from the cues assigned to it, and the tokens
/// `[start, end)` that decided it, for the claim's reasons.
fn window_from(ctx: &Context<'_>, metric: Metric, tokens: &[Token<'_>], q: &Quantity, cues: &[(usize, usize, Cue)]) -> (Window, Option<(usize, usize)>) {
    let find = |f: &dyn Fn(&Cue) -> bool| cues.iter().find(|(_, _, c)| f(c)).map(|&(a, b, c)| (c, (a, b)));
    let since = find(&|c| matches!(c, Cue::Since(_)));
    let days = find(&|c| matches!(c, Cue::Days(_)));
    let hours = find(&|c| matches!(c, Cue::Hours(_)));
    let same = find(&|c| matches!(c, Cue::Same(_)));
    let on = cues.iter().find_map(|&(a, b, c)| match c {
        Cue::On(d, by_weekday) => Some((d, by_weekday, (a, b))),
        Cue::PreviousDay(d) => Some((d, false, (a, b))),
        _ => None,
    });
    let day = find(&|c| *c == Cue::Day);
    let total_word = find(&|c| *c == Cue::Total);
    let period = find(&|c| *c == Cue::Period);
    // The verb at `i` decided: one token.
    let verb = |i: Option<usize>| i.map(|i| (i, i + 1));
    // Flows (aid, returns, actions, violations) are summed per day: "a total
    // of 6.8 tonnes" in a daily report is that day's sum, not a running
    // total; only "already"/"so far" make a flow cumulative.
    let flow = matches!(metric, Metric::HumanitarianAidTonnes | Metric::HumanitarianActions | Metric::RefugeesReturned | Metric::CeasefireViolations);
    if let Some((Cue::Days(d), at)) = days {
        return (Window::Total { since: ctx.anchor.and_then(|a| a.checked_sub(d.days()).ok()) }, Some(at));
    }
    if let Some((Cue::Same(window), at)) = same {
        return (window, Some(at));
    }
    if let Some((Cue::Hours(h), at)) = hours {
        return (Window::Total { since: ctx.anchor.and_then(|a| a.checked_sub((h / 24 - 1).days()).ok()) }, Some(at));
    }
    if let Some((Cue::Since(since), at)) = since {
        return (Window::Total { since: Some(since) }, Some(at));
    }
    // A weekday dates an event even on the report day: "ont repris
    // mercredi deux localités" is that Wednesday's, not a 24-hour count.
    if let Some((date, by_weekday, at)) = on
        && day.is_none()
        && (Some(date) != ctx.anchor || by_weekday)
    {
        return (Window::Date { date }, Some(at));
    }
    // "the number … has not changed — 153", "58 groupes restent
    // attachés": a stock said to stay is a running total, over the day or not.
    let lead = q.first.saturating_sub(12)..q.first;
    if !flow && let Some(i) = lead.clone().rev().find(|&i| any(&lx::STOCK_VERBS, &tokens[i].norm)) {
        return (Window::Total { since: None }, verb(Some(i)));
    }
    // "La superficie libérée en 24 heures atteint 13,3 km²": the verb of a
    // total, but the period of a day; a day it is unless the text also
    // says total or number.
    if !flow && total_verb_before(tokens, q.first) && (total_word.is_some() || day.is_none()) {
        return (Window::Total { since: None }, verb(total_verb_at(tokens, q.first)));
    }
    // "58 groupes armés … restent attachés au cessez-le-feu": a stock said
    // to remain is a running total.
    let remains =
        (q.noun_end..(q.noun_end + 12).min(tokens.len())).find(|&i| any(&["restent", "reste", "remain", "remains", "remained", "demeurent"], &tokens[i].norm));
    if !flow && day.is_none() && remains.is_some() {
        return (Window::Total { since: None }, verb(remains));
    }
    // Refugees "whose total reached N", with no day in sight, are counted
    // over the whole operation.
    if metric == Metric::RefugeesReturned && day.is_none() && total_word.is_some() && total_verb_before(tokens, q.first) {
        return (Window::Total { since: None }, total_word.map(|(_, at)| at));
    }
    if let Some((_, at)) = day {
        return (Window::Day, Some(at));
    }
    if let Some((_, at)) = period {
        return (Window::Total { since: None }, Some(at));
    }
    if let Some((_, at)) = total_word
        && (!flow || mentions_already(tokens))
    {
        return (Window::Total { since: None }, Some(at));
    }
    (Window::Day, None)
}

fn mentions_already(tokens: &[Token<'_>]) -> bool {
    mentions(tokens, &["deja", "already", "jusqu'ici", "so-far", "cumul*"])
}

/// Facts stated without a count: negotiations continuing, the ceasefire
/// coming into force, violations registered without a number.
fn stated_facts(ctx: &Context<'_>, tokens: &[Token<'_>], places: &[PlaceMention], dates: &[DateMention], qs: &[Quantity], span: Span) -> Vec<Draft> {
    let mut out = Vec::new();
    let evidence = ctx.text[span.start..span.end].to_owned();
    // Each fact with the words that state it: `(role, first, end)` tokens.
    let make = |metric, value, window, claim_places: Vec<Place>, cues: &[(ReasonRole, usize, usize)]| {
        let mut why = Why::new(ctx.text, tokens);
        for &(role, first, end) in cues {
            why.add(role, first, end);
        }
        why.places(&claim_places, places);
        Draft {
            claim: Claim { metric, value, window, actor: None, places: claim_places, evidence: evidence.clone(), span: Some(span), reasons: why.done() },
            approximate: false,
            part_of: None,
        }
    };
    let first_of = |words: &[&str]| tokens.iter().position(|t| any(words, &t.norm));
    let at = |i: Option<usize>| i.map_or((0, 0), |i| (i, i + 1));
    let governorates = |from: usize| -> Vec<Place> { places.iter().filter(|m| m.first >= from && !m.foreign).map(to_place).collect() };
    if let Some(i) = tokens.iter().position(|t| any(&lx::NEGOTIATION, &t.norm))
        && mentions(tokens, &lx::CONTINUING)
        && !mentions(tokens, &["internationales", "international", "astana", "geneve", "geneva"])
    {
        let where_ = governorates(i);
        if !where_.is_empty() {
            let (c, c_end) = at(tokens.iter().position(|t| any(&lx::CONTINUING, &t.norm)));
            out.push(make(Metric::NegotiationsOngoing, None, Window::Day, where_, &[(ReasonRole::Metric, i, i + 1), (ReasonRole::Metric, c, c_end)]));
        }
    }
    if let Some(i) = tokens.iter().position(|t| any(&lx::IN_FORCE, &t.norm))
        && mentions(tokens, &lx::CEASEFIRE)
        && (mentions(tokens, &["vigueur", "force", "effect"])
            || mentions(tokens, &["introduced", "instaure*"])
            // "ceasefire was established", "the truce that started on":
            // only of the truce itself, named just before.
            || mentions(&tokens[i.saturating_sub(5)..i], &lx::CEASEFIRE) && mentions(&tokens[i..i + 1], &["started", "began", "established", "etabli*", "commence*", "debute*"]))
    {
        // The date nearest the "in force" words.
        let date = dates.iter().min_by_key(|d| d.first.abs_diff(i));
        if let Some(d) = date {
            let (c, c_end) = at(tokens.iter().position(|t| any(&lx::CEASEFIRE, &t.norm)));
            let cues = [(ReasonRole::Metric, i, i + 1), (ReasonRole::Metric, c, c_end), (ReasonRole::Window, d.first, d.end)];
            out.push(make(Metric::CeasefireInForce, None, Window::Date { date: d.date }, Vec::new(), &cues));
        }
    }
    // "signed ceasefire agreements with the settlements of Izra and Shaqra":
    // agreements with named localities but no count.
    if qs.iter().all(|q| !matches!(q.noun, Some(Noun::Agreement | Noun::Locality | Noun::ArmedGroup)))
        && let Some(i) = tokens.iter().position(|t| any(&["agreements", "accords"], &t.norm))
        && mentions(&tokens[i.saturating_sub(4)..(i + 5).min(tokens.len())], &["signed", "signe", "signes", "conclu", "conclus", "concluded"])
        && !mentions(tokens, &lx::NOT_YET)
    {
        let localities: Vec<Place> = places.iter().filter(|m| m.first > i && m.kind == Some(PlaceKind::Locality)).map(to_place).collect();
        if !localities.is_empty() {
            let (v, v_end) = at(first_of(&["signed", "signe", "signes", "conclu", "conclus", "concluded"]));
            out.push(make(Metric::CeasefireAgreements, None, Window::Day, localities, &[(ReasonRole::Metric, i, i + 1), (ReasonRole::Metric, v, v_end)]));
        }
    }
    // "Mercredi, elles ont capturé la ville de Zakat et le village
    // d'Arbaeen": localities taken, each named after a singular noun ("la
    // ville de", "the town of"), count one each, as "une localité" does.
    if qs.is_empty()
        && let Some(verb) = tokens.iter().position(|t| any(&lx::LIBERATION, &t.norm))
        && !mentions(tokens, &lx::NOT_YET)
    {
        let singular =
            |m: &PlaceMention| m.kind == Some(PlaceKind::Locality) && (1..=3).any(|k| m.first >= k && any(&SINGULAR_LOCALITY_NOUNS, &tokens[m.first - k].norm));
        // The object of the verb, and what "and" adds to it: "entre la
        // localité de Nassib et cette base" is a landmark, not a taking.
        let mut taken: Vec<Place> = Vec::new();
        // Each taken locality's words count one: "la ville de Zakat".
        let mut counted: Vec<(ReasonRole, usize, usize)> = Vec::new();
        let mut last_end = verb + 1;
        for m in places.iter().filter(|m| m.first > verb && singular(m)) {
            let between = &tokens[last_end..m.first];
            let joined = if taken.is_empty() {
                between.len() <= 4 && between.iter().all(|t| any(&OBJECT_LEAD, &t.norm) || any(&SINGULAR_LOCALITY_NOUNS, &t.norm))
            } else {
                between.len() <= 5
                    && between.iter().any(|t| any(&["et", "and", ","], &t.norm))
                    && between.iter().all(|t| any(&OBJECT_LEAD, &t.norm) || any(&["et", "and", ","], &t.norm) || any(&SINGULAR_LOCALITY_NOUNS, &t.norm))
            };
            if !joined {
                break;
            }
            taken.push(to_place(m));
            let noun = (last_end..m.first).find(|&k| any(&SINGULAR_LOCALITY_NOUNS, &tokens[k].norm)).unwrap_or(m.first);
            counted.push((ReasonRole::Value, noun, m.end));
            last_end = m.end;
        }
        if !taken.is_empty() {
            let date = dates.iter().find(|d| d.first < verb && !is_dateline(tokens, d) && !d.is_period());
            let window = date.map_or(Window::Day, |d| Window::Date { date: d.date });
            let (d, d_end) = date.map_or((0, 0), |d| (d.first, d.end));
            let value = taken.len() as f64;
            counted.extend([(ReasonRole::Metric, verb, verb + 1), (ReasonRole::Window, d, d_end)]);
            out.push(make(Metric::LocalitiesLiberated, Some(value), window, taken, &counted));
        }
    }
    // "plusieurs violations ont été enregistrées dans la province d'Idlib":
    // registered violations with no count.
    let shelling_verb = |n: &str| any(&["pilonne", "pilonnes", "pilonnee", "pilonnees", "shelled", "bombarde", "bombardes"], n);
    if qs.iter().all(|q| q.noun != Some(Noun::Violation))
        && let Some(i) = tokens.iter().position(|t| any(&["violations", "violation"], &t.norm) || shelling_verb(&t.norm))
        && !tokens[i.saturating_sub(3)..i].iter().any(|t| any(&lx::NEGATION, &t.norm) || any(&lx::PROPORTION, &t.norm))
        && (shelling_verb(&tokens[i].norm) || {
            // "recorded ceasefire violations", "plusieurs violations ont été enregistrées"
            let near = &tokens[i.saturating_sub(6)..(i + 6).min(tokens.len())];
            mentions(near, &lx::REGISTERING)
                && (i == 0
                    || any(&lx::VAGUE_QUANTITY, &tokens[i - 1].norm)
                    || any(&lx::REGISTERING, &tokens[i - 1].norm)
                    || tokens[i.saturating_sub(3)..i].iter().any(|t| any(&["cas", "cases", "ceasefire", "cessez-le-feu"], &t.norm)))
        })
    {
        let where_ = governorates(i);
        // "Au cours des deux derniers jours, quelques violations…"
        let days = (0..tokens.len()).find_map(|k| days_counted(tokens, k, ctx.lang).map(|n| (k, n)));
        let window = days.map_or(Window::Day, |(_, n)| Window::Total { since: ctx.anchor.and_then(|a| a.checked_sub(n.days()).ok()) });
        let (d, d_end) = at(days.map(|(k, _)| k));
        out.push(make(Metric::CeasefireViolations, None, window, where_, &[(ReasonRole::Metric, i, i + 1), (ReasonRole::Window, d, d_end)]));
    }
    out
}
