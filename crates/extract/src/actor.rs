//! Who did what a figure counts: "les troupes gouvernementales syriennes",
//! "the Turkish side", "Russian observers". Taken as written from the words
//! before the figure, so that the Russian and the Turkish side's counts of
//! the same day stay apart.

use crate::lexicon::{Words, any};
use crate::token::{Token, TokenKind};

/// Nouns that head an actor's name.
pub static HEADS: Words = Words::role("actor_heads");

/// Words that may stand around the head inside the actor's name.
pub static MODIFIERS: Words = Words::role("actor_modifiers");

/// The parties whose monitors count apart: "the Russian side registered
/// 12 … the Turkish side 15" are two facts, whatever their figures.
static SIDES: [(&Words, Side); 2] = [(&RUSSIAN_SIDE, Side::Russian), (&TURKISH_SIDE, Side::Turkish)];
static RUSSIAN_SIDE: Words = Words::role("russian_side");
static TURKISH_SIDE: Words = Words::role("turkish_side");

/// A party to a monitoring commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Russian,
    Turkish,
}

/// The side an actor's name speaks for, if it names exactly one.
pub fn side(actor: &str) -> Option<Side> {
    let tokens = crate::token::tokenize(actor, 0, actor.len());
    let mut found = None;
    for t in &tokens {
        for (words, side) in &SIDES {
            if any(*words, &t.norm) {
                if found.is_some_and(|f| f != *side) {
                    return None;
                }
                found = Some(*side);
            }
        }
    }
    found
}

/// The actor named before `before` (exclusive) and after `from`: the last
/// head noun with its determiners and adjectives, as the tokens `[start,
/// end)` that write it.
pub fn actor_tokens(tokens: &[Token<'_>], from: usize, before: usize) -> Option<(usize, usize)> {
    let head = (from..before).rev().find(|&i| tokens[i].kind == TokenKind::Word && any(&HEADS, &tokens[i].norm))?;
    let mut start = head;
    while start > from && any(&MODIFIERS, &tokens[start - 1].norm) {
        start -= 1;
    }
    // "de la partie russe": the preposition belongs to the sentence.
    while start < head && any(&["des", "du", "de", "of"], &tokens[start].norm) {
        start += 1;
    }
    let mut end = head + 1;
    while end < before && any(&MODIFIERS, &tokens[end].norm) && !any(&["des", "du", "de", "of", "la", "le", "les", "l'", "the"], &tokens[end].norm) {
        end += 1;
    }
    // A lone article or a generic noun ("the part") says nothing.
    let named = tokens[start..end].iter().any(|t| !any(&["la", "le", "les", "l'", "the"], &t.norm)) && end - start >= 2;
    named.then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn actor(s: &str) -> Option<String> {
        let t = tokenize(s, 0, s.len());
        actor_tokens(&t, 0, t.len()).map(|(a, b)| s[t[a].start..t[b - 1].end].to_owned())
    }

    #[test]
    fn actors_as_written() {
        assert_eq!(actor("les troupes gouvernementales syriennes ont repris").as_deref(), Some("les troupes gouvernementales syriennes"));
        assert_eq!(actor("The Turkish side has documented").as_deref(), Some("The Turkish side"));
        assert_eq!(actor("Selon la partie russe de la commission, ").as_deref(), Some("la partie russe"));
        assert_eq!(actor("Russian observers registered").as_deref(), Some("Russian observers"));
        assert_eq!(actor("In the past day, ").as_deref(), None);
    }

    #[test]
    fn sides_of_a_commission() {
        assert_eq!(side("The Turkish side"), Some(Side::Turkish));
        assert_eq!(side("la partie russe"), Some(Side::Russian));
        assert_eq!(side("Российская сторона"), Some(Side::Russian));
        assert_eq!(side("Syrian troops"), None);
        assert_eq!(side("the Russian-Turkish commission"), None);
    }
}
