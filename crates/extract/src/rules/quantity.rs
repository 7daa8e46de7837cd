//! Stage 1 of reading a sentence: its figures and the noun each counts
//! ("10 accords", "trois à Lattaquié", "no violations", "нарушений не
//! зафиксировала").

use super::*;

/// Numbers of the sentence, with the noun each one counts.
pub(super) fn find_quantities(tokens: &[Token<'_>], lang: Lang, dates: &[DateMention]) -> Vec<Quantity> {
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
pub(super) fn negated_count(tokens: &[Token<'_>], i: usize) -> bool {
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
pub(super) fn noun_follows_unit(tokens: &[Token<'_>], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| any(&lx::AREA_KM, &t.norm)) && tokens.get(at + 1).is_some_and(|t| any(&lx::SQUARE, &t.norm))
}

/// "another armed group", "une autre localité", "no violations": a count
/// without a numeral.
pub(super) fn implicit_count(tokens: &[Token<'_>], i: usize) -> Option<f64> {
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
pub(super) fn noun_after(tokens: &[Token<'_>], at: usize) -> (Option<Noun>, usize) {
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
