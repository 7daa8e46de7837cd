//! Facts stated without a count: negotiations continuing, the truce coming
//! into force, agreements with named localities, violations without a
//! number, localities taken by name.

use super::*;

/// Facts stated without a count: negotiations continuing, the ceasefire
/// coming into force, violations registered without a number.
pub(super) fn stated_facts(ctx: &Context<'_>, tokens: &[Token<'_>], places: &[PlaceMention], dates: &[DateMention], qs: &[Quantity], span: Span) -> Vec<Draft> {
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
    let first_of = |words: &lx::Words| tokens.iter().position(|t| any(words, &t.norm));
    let at = |i: Option<usize>| i.map_or((0, 0), |i| (i, i + 1));
    let governorates = |from: usize| -> Vec<Place> { places.iter().filter(|m| m.first >= from && !m.foreign).map(to_place).collect() };
    if let Some(i) = tokens.iter().position(|t| any(&lx::NEGOTIATION, &t.norm))
        && mentions(tokens, &lx::CONTINUING)
        && !mentions(tokens, &lx::INTERNATIONAL_TALKS)
    {
        let where_ = governorates(i);
        if !where_.is_empty() {
            let (c, c_end) = at(tokens.iter().position(|t| any(&lx::CONTINUING, &t.norm)));
            out.push(make(Metric::NegotiationsOngoing, None, Window::Day, where_, &[(ReasonRole::Metric, i, i + 1), (ReasonRole::Metric, c, c_end)]));
        }
    }
    if let Some(i) = tokens.iter().position(|t| any(&lx::IN_FORCE, &t.norm))
        && mentions(tokens, &lx::CEASEFIRE)
        && (mentions(tokens, &lx::IN_FORCE_NOUNS)
            || mentions(tokens, &lx::IN_FORCE_VERBS)
            // "ceasefire was established", "the truce that started on":
            // only of the truce itself, named just before.
            || mentions(&tokens[i.saturating_sub(5)..i], &lx::CEASEFIRE) && mentions(&tokens[i..i + 1], &lx::TRUCE_START_VERBS))
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
        && let Some(i) = tokens.iter().position(|t| any(&lx::AGREEMENT_PLURALS, &t.norm))
        && mentions(&tokens[i.saturating_sub(4)..(i + 5).min(tokens.len())], &lx::SIGNING_VERBS)
        && !mentions(tokens, &lx::NOT_YET)
    {
        let localities: Vec<Place> = places.iter().filter(|m| m.first > i && m.kind == Some(PlaceKind::Locality)).map(to_place).collect();
        if !localities.is_empty() {
            let (v, v_end) = at(first_of(&lx::SIGNING_VERBS));
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
        let singular = |m: &PlaceMention| {
            m.kind == Some(PlaceKind::Locality) && (1..=3).any(|k| m.first >= k && any(&lx::SINGULAR_LOCALITY_NOUNS, &tokens[m.first - k].norm))
        };
        // The object of the verb, and what "and" adds to it: "entre la
        // localité de Nassib et cette base" is a landmark, not a taking.
        let mut taken: Vec<Place> = Vec::new();
        // Each taken locality's words count one: "la ville de Zakat".
        let mut counted: Vec<(ReasonRole, usize, usize)> = Vec::new();
        let mut last_end = verb + 1;
        for m in places.iter().filter(|m| m.first > verb && singular(m)) {
            let between = &tokens[last_end..m.first];
            let joined = if taken.is_empty() {
                between.len() <= 4 && between.iter().all(|t| any(&lx::OBJECT_LEAD, &t.norm) || any(&lx::SINGULAR_LOCALITY_NOUNS, &t.norm))
            } else {
                between.len() <= 5
                    && between.iter().any(|t| any(&lx::AND_WORDS, &t.norm))
                    && between.iter().all(|t| any(&lx::OBJECT_LEAD, &t.norm) || any(&lx::AND_WORDS, &t.norm) || any(&lx::SINGULAR_LOCALITY_NOUNS, &t.norm))
            };
            if !joined {
                break;
            }
            taken.push(to_place(m));
            let noun = (last_end..m.first).find(|&k| any(&lx::SINGULAR_LOCALITY_NOUNS, &tokens[k].norm)).unwrap_or(m.first);
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
    let shelling_verb = |n: &str| any(&lx::SHELLING_VERBS, n);
    if qs.iter().all(|q| q.noun != Some(Noun::Violation))
        && let Some(i) = tokens.iter().position(|t| any(&lx::VIOLATION_WORDS, &t.norm) || shelling_verb(&t.norm))
        && !tokens[i.saturating_sub(3)..i].iter().any(|t| any(&lx::NEGATION, &t.norm) || any(&lx::PROPORTION, &t.norm))
        && (shelling_verb(&tokens[i].norm) || {
            // "recorded ceasefire violations", "plusieurs violations ont été enregistrées"
            let near = &tokens[i.saturating_sub(6)..(i + 6).min(tokens.len())];
            mentions(near, &lx::REGISTERING)
                && (i == 0
                    || any(&lx::VAGUE_QUANTITY, &tokens[i - 1].norm)
                    || any(&lx::REGISTERING, &tokens[i - 1].norm)
                    || tokens[i.saturating_sub(3)..i].iter().any(|t| any(&lx::VIOLATION_LEADS, &t.norm)))
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
