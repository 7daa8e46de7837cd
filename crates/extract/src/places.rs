//! Place mentions in a sentence: governorates ("dans les provinces d'Alep et
//! de Homs"), localities in lists ("avec les localités de Mayir et de
//! Maarest Al-Khan dans la province d'Alep") and countries refugees come from.
//!
//! Only names the text marks as places are taken: after a word such as
//! "localités"/"settlements", before a province, or as a governorate name.
//! A capitalised word alone is not a place.

use crate::lexicon::{self, Words, any};
use crate::token::{Token, TokenKind};
use truce_model::{Governorate, PlaceKind};

#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    pub first: usize,
    pub end: usize,
    pub name: String,
    pub province: Option<Governorate>,
    pub kind: Option<PlaceKind>,
    /// A country outside Syria (refugees' origin).
    pub foreign: bool,
}

fn is_name_token(t: &Token<'_>) -> bool {
    if t.kind == TokenKind::Digits {
        return false;
    }
    if t.kind != TokenKind::Word {
        return false;
    }
    if t.is_capitalised() {
        return !any(&lexicon::NOT_PLACES, &t.norm) || t.norm.contains('-');
    }
    // Lower-case Arabic articles glued to a name: "al-Tahta", "el-Guinnam".
    [
        "al-", "el-", "ez-", "ad-", "as-", "ash-", "ar-", "an-", "at-", "az-", "ed-", "es-", "et-", "abu-", "umm-", "ben-", "bani-", "deir-", "tell-", "tal-",
        "kafr-", "ain-",
    ]
    .iter()
    .any(|p| t.norm.starts_with(p))
        && t.norm.len() > 3
}

/// Tokens that may sit inside a multi-word name: "Wadi al-Kalé", "Tell el Abyad".
fn is_inner_name_token(t: &Token<'_>) -> bool {
    is_name_token(t) || matches!(t.norm.as_ref(), "al" | "el" | "ez" | "as" | "ad" | "ar" | "bin" | "ibn" | "abu" | "umm")
}

// Lists asked at nearly every token of a sentence, so they are classified
// with the lexicon's (see `lexicon::CLASSIFIED`).

/// Words between a name and the province word after it: "de la province
/// de P", "in the province of P", "province syrienne de P".
pub static BEFORE_PROVINCE_WORD: Words = Words::role("before_province_word");
/// Words between a province word and its name.
pub static AFTER_PROVINCE_WORD: Words = Words::role("after_province_word");
/// Lower-case words that leave a list of governorates open.
pub static KEEP_PROVINCE_LIST: Words = Words::role("keep_province_list");

/// Where a province anchor ("dans la province de Homs", "(Daraa province)",
/// "in the al-Suwayda province") starts, ends and which it is.
fn province_anchor(tokens: &[Token<'_>], governorates: &Governorates, i: usize) -> Option<(usize, Governorate)> {
    let mut j = i;
    // "de la province de P", "in the province of P", "province syrienne de P"
    while j < tokens.len() && any(&BEFORE_PROVINCE_WORD, &tokens[j].norm) {
        j += 1;
    }
    if j < tokens.len() && any(&lexicon::PROVINCE_WORDS, &tokens[j].norm) {
        j += 1;
        while j < tokens.len() && any(&AFTER_PROVINCE_WORD, &tokens[j].norm) {
            j += 1;
        }
        let (g, len) = governorates.at(j)?;
        return Some((j + len, g));
    }
    // "the Daraa province", "(Daraa province)"
    if let Some((g, len)) = governorates.at(j)
        && tokens.get(j + len).is_some_and(|t| any(&lexicon::PROVINCE_WORDS, &t.norm))
    {
        return Some((j + len + 1, g));
    }
    None
}

/// The governorate name starting at each token of a sentence, looked up
/// once: place finding asks it of most positions several times over.
struct Governorates(Vec<Option<(Governorate, usize)>>);

impl Governorates {
    fn new(tokens: &[Token<'_>]) -> Self {
        Governorates((0..tokens.len()).map(|i| lexicon::governorate_at(tokens, i)).collect())
    }

    fn at(&self, i: usize) -> Option<(Governorate, usize)> {
        self.0.get(i).copied().flatten()
    }
}

/// "le sud d'Idleb", "north of Hama", "southern Idlib": a part of a
/// region, which a governorate's name then stands for, not its capital.
fn part_of_region(tokens: &[Token<'_>], i: usize) -> bool {
    let before = |k: usize| i.checked_sub(k).map(|k| &tokens[k]);
    before(1).is_some_and(|t| any(&lexicon::COMPASS_ADJECTIVES, &t.norm))
        || before(1).is_some_and(|t| any(&["de", "d'", "of"], &t.norm)) && before(2).is_some_and(|t| any(&lexicon::COMPASS, &t.norm))
}

/// All place mentions in a sentence's tokens, in order.
pub fn find_places(tokens: &[Token<'_>], text: &str) -> Vec<PlaceMention> {
    let governorates = Governorates::new(tokens);
    let mut out: Vec<PlaceMention> = Vec::new();
    let name = |a: usize, b: usize| {
        let last = b.saturating_sub(1).max(a);
        text[tokens[a].start..tokens[last].end].to_owned()
    };
    let mut i = 0;
    // Pending localities waiting for a province that follows them.
    let mut pending: Vec<usize> = Vec::new();
    // Whether a list of names is open: after a locality cue or inside a
    // province list.
    let mut locality_list = false;
    let mut province_list = false;
    while i < tokens.len() {
        let t = &tokens[i];
        // A province word opens a list of governorates: "dans les provinces
        // d'Alep, de Damas et de Homs".
        if any(&lexicon::PROVINCE_WORDS, &t.norm) {
            province_list = true;
            locality_list = false;
            i += 1;
            continue;
        }
        if let Some((g, len)) = governorates.at(i)
            && (is_name_token(t) || t.is_capitalised() || t.norm.starts_with("al-") || len > 1)
        {
            let followed_by_province_word = tokens.get(i + len).is_some_and(|n| any(&lexicon::PROVINCE_WORDS, &n.norm));
            let kind = (province_list || followed_by_province_word || part_of_region(tokens, i)).then_some(PlaceKind::Governorate);
            // A governorate after pending localities is their province.
            if kind.is_some() {
                for &p in &pending {
                    let m: &mut PlaceMention = &mut out[p];
                    m.province.get_or_insert(g);
                }
                pending.clear();
            }
            // "signed by Kafr Zita (Hama) and Quqfin (Idlib)": a governorate
            // in brackets right after a name is that locality's province.
            let bracketed = i >= 2 && tokens[i - 1].is_punct("(") && tokens.get(i + len).is_some_and(|t| t.is_punct(")"));
            if bracketed && is_inner_name_token(&tokens[i - 2]) && !out.iter().any(|m| m.end == i - 1) {
                let mut first = i - 2;
                while first > 0 && is_inner_name_token(&tokens[first - 1]) {
                    first -= 1;
                }
                if is_name_token(&tokens[first]) {
                    out.push(PlaceMention { first, end: i - 1, name: name(first, i - 1), province: Some(g), kind: Some(PlaceKind::Locality), foreign: false });
                }
            }
            out.push(PlaceMention { first: i, end: i + len, name: name(i, i + len), province: Some(g), kind, foreign: false });
            // "X, Y and Z provinces": the word after the list makes all of
            // them governorates.
            if followed_by_province_word {
                let mut next_first = i;
                for m in out.iter_mut().rev().skip(1) {
                    if m.kind.is_none() && m.province.is_some() && m.end + 3 >= next_first {
                        m.kind = Some(PlaceKind::Governorate);
                        next_first = m.first;
                    } else {
                        break;
                    }
                }
            }
            i += len;
            continue;
        }
        if any(&lexicon::COUNTRIES, &t.norm) {
            // A country as written: its name in the text's language.
            if t.is_capitalised() {
                out.push(PlaceMention { first: i, end: i + 1, name: t.text.to_owned(), province: None, kind: Some(PlaceKind::Country), foreign: true });
            }
            i += 1;
            continue;
        }
        // "in Donetsk region", "Luhansk oblast": a region elsewhere than
        // Syria, named with the word the text gives it.
        if tokens.get(i + 1).is_some_and(|n| any(&lexicon::FOREIGN_REGION_WORDS, &n.norm)) && t.norm.len() >= 3 && is_name_token(t) {
            out.push(PlaceMention { first: i, end: i + 2, name: name(i, i + 2), province: None, kind: None, foreign: false });
            i += 2;
            continue;
        }
        if any(&lexicon::LOCALITY_CUES, &t.norm) {
            locality_list = true;
            province_list = false;
            i += 1;
            continue;
        }
        if locality_list && is_name_token(t) {
            let mut j = i + 1;
            while j < tokens.len() && is_inner_name_token(&tokens[j]) && governorates.at(j).is_none() {
                j += 1;
            }
            pending.push(out.len());
            out.push(PlaceMention { first: i, end: j, name: name(i, j), province: None, kind: Some(PlaceKind::Locality), foreign: false });
            i = j;
            continue;
        }
        if let Some((end, g)) = province_anchor(tokens, &governorates, i) {
            if pending.is_empty() {
                // "which control Kafar, Shams and Gabagib (Daraa province)":
                // names listed right before a province are its localities.
                let mut k = i;
                let mut runs = Vec::new();
                while k > 0 {
                    let prev = &tokens[k - 1];
                    if is_inner_name_token(prev) && !out.iter().any(|m| m.first < k && k <= m.end) {
                        let run_end = k;
                        while k > 0 && is_inner_name_token(&tokens[k - 1]) {
                            k -= 1;
                        }
                        if is_name_token(&tokens[k]) {
                            runs.push((k, run_end));
                        }
                    } else if any(&[",", "et", "and", "de", "d'"], &prev.norm) {
                        k -= 1;
                    } else {
                        break;
                    }
                }
                // A run at the very start of the sentence is more likely a
                // subject than a place; only lists of two or more are taken.
                // "avec Blate (province d'Idlib), Kafer Nboudé (province de
                // Hama)": a name after another bracketed province goes on
                // the same list.
                let after_bracketed_province = |at: usize| {
                    at >= 2
                        && any(&[",", "et", "and"], &tokens[at - 1].norm)
                        && tokens[at - 2].is_punct(")")
                        && out.iter().any(|m| m.kind == Some(PlaceKind::Governorate) && m.end + 1 == at - 1)
                };
                let after_preposition = runs.len() == 1
                    && runs[0].0 > 0
                    && (any(&["of", "de", "d'", "with", "avec", "by", "par"], &tokens[runs[0].0 - 1].norm) || after_bracketed_province(runs[0].0));
                if runs.len() >= 2 || after_preposition {
                    for (a, b) in runs.into_iter().rev() {
                        pending.push(out.len());
                        out.push(PlaceMention { first: a, end: b, name: name(a, b), province: None, kind: Some(PlaceKind::Locality), foreign: false });
                    }
                }
            }
            for &p in &pending {
                out[p].province.get_or_insert(g);
            }
            pending.clear();
            // The anchor's governorate name ends at `end`, or one token
            // earlier when a province word closes it ("Daraa province").
            let name_end = if any(&lexicon::PROVINCE_WORDS, &tokens[end - 1].norm) { end - 1 } else { end };
            let gstart = (i..name_end).rev().find(|&k| governorates.at(k).is_some_and(|(_, l)| k + l == name_end)).unwrap_or(name_end.saturating_sub(1));
            out.push(PlaceMention {
                first: gstart,
                end: name_end,
                name: name(gstart, name_end),
                province: Some(g),
                kind: Some(PlaceKind::Governorate),
                foreign: false,
            });
            // "avec Bfatmoun dans la province d'Idleb et Nobl dans la province
            // d'Alep": a list of localities goes on after each province.
            locality_list = locality_list && tokens.get(end).is_some_and(|t| any(&["et", "and", ","], &t.norm));
            // "in the provinces of Aleppo, Damascus and Homs": a plural
            // keeps the list of governorates open.
            province_list = tokens[i..end].iter().any(|t| any(&["provinces", "gouvernorats", "governorates"], &t.norm));
            i = end;
            continue;
        }
        // Names in a list continue it; anything else closes it.
        let joiner = any(&lexicon::LIST_JOINERS, &t.norm) || t.is_punct("(") || t.is_punct(")");
        if !joiner {
            locality_list = false;
            if t.kind == TokenKind::Word && !t.is_capitalised() && !any(&KEEP_PROVINCE_LIST, &t.norm) {
                province_list = false;
            }
        }
        i += 1;
    }
    out.sort_by_key(|m| m.first);
    // A locality with no province of its own takes the governorate the
    // sentence names nearest to it, after it first ("le quartier de
    // Sakhour-3, à Alep"), else before it.
    let named: Vec<(usize, Governorate)> = out.iter().filter(|m| m.kind != Some(PlaceKind::Locality)).filter_map(|m| Some((m.first, m.province?))).collect();
    for m in out.iter_mut().filter(|m| m.kind == Some(PlaceKind::Locality) && m.province.is_none()) {
        let after = named.iter().find(|(at, _)| *at >= m.end && *at - m.end <= 20);
        let before = named.iter().rev().find(|(at, _)| *at < m.first);
        m.province = after.or(before).map(|(_, g)| *g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn places(s: &str) -> Vec<(String, Option<&'static str>, Option<PlaceKind>)> {
        let t = tokenize(s, 0, s.len());
        find_places(&t, s).into_iter().map(|m| (m.name, m.province.map(|g| g.pcode()), m.kind)).collect()
    }

    #[test]
    fn localities_take_the_province_that_follows_them() {
        let got = places("avec les localités de Mayir et de Maarest Al-Khan dans la province d'Alep, avec Modiara et Jarba dans la province de Damas");
        let want = [
            ("Mayir", Some("SY02"), Some(PlaceKind::Locality)),
            ("Maarest Al-Khan", Some("SY02"), Some(PlaceKind::Locality)),
            ("Alep", Some("SY02"), Some(PlaceKind::Governorate)),
            ("Modiara", Some("SY01"), Some(PlaceKind::Locality)),
            ("Jarba", Some("SY01"), Some(PlaceKind::Locality)),
            ("Damas", Some("SY01"), Some(PlaceKind::Governorate)),
        ];
        let want: Vec<_> = want.iter().map(|(n, p, k)| (n.to_string(), *p, *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn province_lists_in_both_languages() {
        let got = places("dans les provinces d'Alep, de Damas, de Hama et de Quneitra");
        assert_eq!(got.len(), 4);
        assert!(got.iter().all(|(_, _, k)| *k == Some(PlaceKind::Governorate)));
        let got = places("in the Aleppo, Damascus, Homs, Hama, and al-Quneitra provinces");
        assert_eq!(got.len(), 5, "{got:?}");
        assert!(got.iter().all(|(_, _, k)| *k == Some(PlaceKind::Governorate)), "{got:?}");
        let got = places("which control Kafar, Shams and Gabagib (Daraa province)");
        assert!(got.iter().any(|(n, p, _)| n == "Daraa" && *p == Some("SY12")));
        assert!(got.iter().any(|(n, p, _)| n == "Gabagib" && *p == Some("SY12")), "{got:?}");
        assert!(got.iter().any(|(n, p, _)| n == "Kafar" && *p == Some("SY12")), "{got:?}");
    }
}
