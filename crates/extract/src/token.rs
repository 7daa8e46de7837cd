//! Words, numbers and punctuation with their byte offsets, and the folded
//! form every rule matches on.
//!
//! Rules never look at raw text: they compare folded tokens (lower case, no
//! accents, one apostrophe), so "Lattaquié", "LATTAQUIE" and "lattaquie" are
//! one word to them while evidence offsets still point into the original.
//! A Russian cue word folds further, to the cue it means ("нарушений" to
//! "violations", see [`crate::lexicon::russian_cue`]), so that the rules
//! read Russian without a second set of them.

use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// Digits, possibly grouped ("1 357,2", "1,446", "3.792"); see [`crate::number`].
    Digits,
    Punct,
}

#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub kind: TokenKind,
    /// The token as written.
    pub text: &'a str,
    /// Lower case, accents removed, apostrophes unified; digits as written;
    /// with what the lexicon knows of it.
    pub norm: Norm<'a>,
    /// Byte offsets into the document text.
    pub start: usize,
    pub end: usize,
}

/// A folded word and its classification, made once when the token is read:
/// the rules ask of every token which cue lists hold it, many times over,
/// and a bit test answers where a hash probe per question did before.
#[derive(Debug, Clone)]
pub struct Norm<'a> {
    folded: Cow<'a, str>,
    /// The registered cue lists holding this word, one bit each (see
    /// [`crate::lexicon::Words`]).
    pub(crate) cues: u64,
    /// Whether a governorate name can start with this word.
    pub(crate) opens_governorate: bool,
    /// A bare Arabic article ("al", "el"), which a governorate name may follow.
    pub(crate) article: bool,
}

impl<'a> Norm<'a> {
    pub fn new(folded: Cow<'a, str>) -> Self {
        let (cues, opens_governorate, article) = crate::lexicon::classify(&folded);
        Norm { folded, cues, opens_governorate, article }
    }
}

impl std::ops::Deref for Norm<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.folded
    }
}

impl AsRef<str> for Norm<'_> {
    fn as_ref(&self) -> &str {
        &self.folded
    }
}

impl PartialEq<&str> for Norm<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.folded == **other
    }
}

impl std::fmt::Display for Norm<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.folded)
    }
}

impl Token<'_> {
    pub fn is(&self, word: &str) -> bool {
        self.norm == word
    }
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == TokenKind::Punct && self.text == p
    }
    /// Starts with an upper-case letter: a candidate for a proper name.
    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Space characters that French typography puts inside numbers and before
/// punctuation: no-break, narrow no-break and thin spaces.
pub fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`' | '\u{00b4}')
}

/// Elided French articles and prepositions ("d'", "l'", "qu'") are split off
/// their word so that "d'Alep" reads as "de Alep".
fn is_elision(prefix: &str) -> bool {
    let lower = if prefix.bytes().all(|b| b.is_ascii_lowercase()) { Cow::Borrowed(prefix) } else { Cow::Owned(prefix.to_lowercase()) };
    matches!(lower.as_ref(), "d" | "l" | "qu" | "s" | "n" | "j" | "c" | "m" | "t" | "jusqu" | "lorsqu" | "puisqu")
}

/// Splits `text[range]` into tokens whose offsets are relative to `text`.
pub fn tokenize(text: &str, start: usize, end: usize) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    tokenize_into(&mut tokens, text, start, end);
    tokens
}

/// [`tokenize`] into a buffer the caller clears and reuses from sentence to
/// sentence, instead of growing a new one each time.
pub fn tokenize_into<'a>(tokens: &mut Vec<Token<'a>>, text: &'a str, start: usize, end: usize) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        // ASCII, nearly all of a French or English text, needs no decoding.
        let c = if bytes[i].is_ascii() {
            bytes[i] as char
        } else {
            match text[i..end].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let len = c.len_utf8();
        if c.is_whitespace() {
            i += len;
        } else if c.is_ascii_digit() {
            let j = scan_digits(text, i, end);
            tokens.push(make(text, TokenKind::Digits, i, j));
            i = j;
        } else if c.is_alphanumeric() {
            let mut j = i + len;
            while j < end {
                if bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                    continue;
                }
                let Some(d) = text[j..end].chars().next() else { break };
                if d.is_alphanumeric() {
                    j += d.len_utf8();
                } else if (d == '-' || is_apostrophe(d)) && next_is_alnum(text, j + d.len_utf8(), end) {
                    if is_apostrophe(d) && is_elision(&text[i..j]) {
                        j += d.len_utf8();
                        break;
                    }
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            tokens.push(make(text, TokenKind::Word, i, j));
            i = j;
        } else {
            // Runs of dots ("…", "...") are one token; everything else is one char.
            let mut j = i + len;
            if c == '.' {
                while j < end && bytes[j] == b'.' {
                    j += 1;
                }
            }
            tokens.push(make(text, TokenKind::Punct, i, j));
            i = j;
        }
    }
}

fn next_is_alnum(text: &str, at: usize, end: usize) -> bool {
    at < end && text[at..end].chars().next().is_some_and(char::is_alphanumeric)
}

/// Digits with the separators a grouped or decimal number may contain:
/// "1 357,2", "1,446", "2.022", "3,086.5". A comma and a space part two
/// numbers ("5, 341"): that is how lists are written, whatever one text's
/// typo looked like.
fn scan_digits(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let digits_from = |k: usize| {
        let mut m = k;
        while m < end && bytes[m].is_ascii_digit() {
            m += 1;
        }
        m - k
    };
    let mut j = start + digits_from(start);
    let first_group = j - start <= 3;
    loop {
        if j >= end {
            break;
        }
        let rest = &text[j..end];
        let Some(sep) = rest.chars().next() else { break };
        let after_sep = j + sep.len_utf8();
        if (sep == ',' || sep == '.') && after_sep < end && bytes[after_sep].is_ascii_digit() {
            j = after_sep + digits_from(after_sep);
            continue;
        }
        // A grouping space is only taken before exactly three digits, so
        // "in 2017 12 villages" stays two numbers.
        if first_group && is_group_space(sep) {
            let k = after_sep;
            let n = digits_from(k);
            let next = k + n;
            let followed_by_digit_group = next < end && matches!(bytes[next], b',' | b'.') && next + 1 < end && bytes[next + 1].is_ascii_digit();
            if n == 3 && (next >= end || !bytes[next].is_ascii_alphanumeric() || followed_by_digit_group) {
                j = next;
                continue;
            }
        }
        break;
    }
    j
}

fn make(text: &str, kind: TokenKind, start: usize, end: usize) -> Token<'_> {
    let raw = &text[start..end];
    let mut norm = fold(raw);
    // A Russian cue word reads as the cue it means ("нарушений" as
    // "violations"): the rules are written once, for every language.
    if kind == TokenKind::Word
        && is_cyrillic_word(&norm)
        && let Some(cue) = crate::lexicon::russian_cue(&norm)
    {
        norm = Cow::Borrowed(cue);
    }
    Token { kind, text: raw, norm: Norm::new(norm), start, end }
}

/// Whether a folded word is written in Cyrillic (judged on its first letter).
pub fn is_cyrillic_word(norm: &str) -> bool {
    // U+0400..=U+04FF are exactly the characters whose UTF-8 lead byte is
    // 0xD0..=0xD3: one byte test, asked of every word.
    norm.as_bytes().first().is_some_and(|b| (0xD0..=0xD3).contains(b))
}

/// Lower case without accents, with one apostrophe and `²` as `2`. Borrows
/// when the text is already ASCII without capitals, which most words and
/// all ASCII punctuation are.
pub fn fold(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // Runs of ASCII are copied and lowered at once; the characters between
    // them are folded one by one.
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        if ascii > 0 {
            let from = out.len();
            out.push_str(&rest[..ascii]);
            out[from..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        let Some(c) = rest.chars().next() else { break };
        rest = &rest[c.len_utf8()..];
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c if is_apostrophe(c) => out.push('\''),
            '²' => out.push('2'),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            c => unicode_normalization::char::decompose_canonical(c, |d| {
                if !unicode_normalization::char::is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(s: &str) -> Vec<String> {
        tokenize(s, 0, s.len()).iter().map(|t| t.norm.to_string()).collect()
    }

    #[test]
    fn words_elisions_and_hyphens() {
        assert_eq!(norms("l'adhésion d'Alep"), ["l'", "adhesion", "d'", "alep"]);
        assert_eq!(norms("cessez-le-feu, Deir ez-Zor"), ["cessez-le-feu", ",", "deir", "ez-zor"]);
        assert_eq!(norms("Russia’s km²"), ["russia's", "km2"]);
    }

    #[test]
    fn grouped_numbers_stay_one_token() {
        assert_eq!(norms("1 357,2 km2"), ["1 357,2", "km2"]);
        assert_eq!(norms("1\u{a0}222 localités"), ["1\u{a0}222", "localites"]);
        assert_eq!(norms("reached 1, 341,\""), ["reached", "1", ",", "341", ",", "\""]);
        assert_eq!(norms("3,086.5 and 2.022"), ["3,086.5", "and", "2.022"]);
        assert_eq!(norms("in 2017 12 villages"), ["in", "2017", "12", "villages"]);
        assert_eq!(norms("Latakia (5), 3"), ["latakia", "(", "5", ")", ",", "3"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let s = "à Alep";
        let t = tokenize(s, 0, s.len());
        assert_eq!(&s[t[1].start..t[1].end], "Alep");
    }
}
