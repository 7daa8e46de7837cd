//! Stage 2: what a figure counts (its metric), from its noun, or from the
//! noun a total, a share or a range names, and the words of its clause.

use super::*;

/// Where the clause of a quantity starts and ends: at the neighbouring
/// quantities' nouns, so that verbs of one figure do not colour the next.
pub(super) fn clause(tokens: &[Token<'_>], qs: &[Quantity], qi: usize) -> (usize, usize) {
    let start = if qi == 0 { 0 } else { qs[qi - 1].noun_end.min(qs[qi].first) };
    let end = qs.get(qi + 1).map_or(tokens.len(), |n| n.first.max(qs[qi].noun_end));
    (start, end)
}

/// The subject of "… s'élève à 41" / "… has reached 1,446": the noun after
/// "nombre"/"number"/"total" earlier in the clause.
pub(super) fn subject_noun(tokens: &[Token<'_>], from: usize, to: usize) -> Option<(Noun, usize)> {
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
pub(super) fn partitive_noun(tokens: &[Token<'_>], from: usize, before: usize) -> Option<(Noun, usize)> {
    let from = from.max(before.saturating_sub(10));
    let at = (from..before).find(|&i| any(&lx::PARTITIVES, &tokens[i].norm))?;
    (at + 1..(at + 5).min(before)).find_map(|j| match noun_after(tokens, j) {
        (Some(noun), end) => Some((noun, end)),
        (None, _) => None,
    })
}

/// "… portant à quinze le nombre de localités", "bringing to 360 the
/// number of settlements": the counted noun after the figure.
pub(super) fn subject_after(tokens: &[Token<'_>], end: usize) -> Option<(Noun, usize)> {
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
pub(super) fn total_verb_before(tokens: &[Token<'_>], first: usize) -> bool {
    total_verb_at(tokens, first).is_some()
}

/// Where the verb that introduces a total before `first` stands.
pub(super) fn total_verb_at(tokens: &[Token<'_>], first: usize) -> Option<usize> {
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
pub(super) fn metric_of(ctx: &Context<'_>, tokens: &[Token<'_>], qs: &[Quantity], qi: usize) -> Option<(Metric, Option<usize>)> {
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
