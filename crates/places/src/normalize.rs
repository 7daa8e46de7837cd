//! Name normalisation: turns any spelling of a Syrian place name (French,
//! English, German transliteration, Arabic script, Cyrillic) into keys that
//! compare equal when the spellings sound alike.
//!
//! Two keys are made per name:
//! - the *key*: spelling noise removed (case, accents, hyphens, ayn and hamza
//!   marks, the article, doubled letters, a trailing -a/-ah/-e/-eh) and
//!   transliteration digraphs folded (ou→u, dj→j, ch/sh→one letter, kh→h,
//!   gh→g, q→k …). Equal keys are an exact match.
//! - the *skeleton*: the key's consonants only. Transliterations disagree
//!   mostly about vowels (Mudayra / Modiara, Mu`arrasat / Maarest), so the
//!   fuzzy index is built on skeletons and the ranking uses both.
//!
//! Arabic-script names get keys in Arabic script (never transliterated):
//! the gazetteer has Arabic for 93% of rows, so comparing Arabic with Arabic
//! is both simpler and more precise than guessing vowels.

use unicode_normalization::char::is_combining_mark;

/// The keys of one name, ready for lookup.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameKey {
    /// Normalised tokens, articles removed; their concatenation is `key`.
    pub tokens: Vec<String>,
    /// The exact-match key (tokens joined without separator, so "Seid-Naya"
    /// and "Saydnaya" meet).
    pub key: String,
    /// Consonant skeleton of `key`, for fuzzy candidate generation.
    pub skeleton: String,
}

impl NameKey {
    /// Whether nothing matchable was left (empty or punctuation-only names).
    pub fn is_empty(&self) -> bool {
        self.key.is_empty()
    }

    /// The keys of the name made of `tokens[from..]`: used to drop a leading
    /// generic word ("`Ayn", "Tall", "Kafr") or a qualifier ("banlieue de").
    pub fn from_tokens(tokens: Vec<String>) -> NameKey {
        // The ending is stripped from the whole key, not from each word, so
        // that "Seid-Naya" and "Saydnaya" end alike.
        let key = strip_ending(tokens.concat(), 3);
        let mut skeleton = String::with_capacity(key.len());
        if let Some((last, rest)) = tokens.split_last() {
            for t in rest {
                push_token_skeleton(t, &mut skeleton);
            }
            let kept = last.get(..stripped_len(last, 1)).unwrap_or(last);
            push_token_skeleton(kept, &mut skeleton);
        }
        NameKey { tokens, key, skeleton }
    }
}

/// Normalise a name into its matching keys. Never fails: any input gives
/// some key, possibly empty.
pub fn normalize(name: &str) -> NameKey {
    let (text, bounds) = split_tokens(name);
    let raw_tokens: Vec<&str> = bounds.iter().map(|&(a, b)| text.get(a..b).unwrap_or("")).collect();
    let mut tokens: Vec<String> = Vec::with_capacity(raw_tokens.len());
    let keep_articles = raw_tokens.len() <= 1;
    for raw in &raw_tokens {
        if !keep_articles && is_article(raw) {
            continue;
        }
        let token = if is_arabic_token(raw) { arabic_token(raw) } else { latin_token(raw) };
        if !token.is_empty() {
            tokens.push(token);
        }
    }
    // A name made only of articles ("El") still deserves a key.
    if tokens.is_empty() {
        for raw in &raw_tokens {
            let t = if is_arabic_token(raw) { arabic_token(raw) } else { latin_token(raw) };
            if !t.is_empty() {
                tokens.push(t);
            }
        }
    }
    NameKey::from_tokens(tokens)
}

/// Normalise one word on its own (used to build the word lists: articles,
/// generic words, qualifiers), so that lists and names fold the same way.
pub fn normalize_word(word: &str) -> String {
    normalize(word).tokens.concat()
}

/// Lower-cases, strips accents and marks, transliterates Cyrillic, folds
/// Arabic letter variants, and splits into words. French elision ("d'Alep",
/// "l'Oronte") is a word break; other apostrophes are ayn/hamza marks and
/// vanish ("Rif`at" = "Rifat").
///
/// The words are returned as byte ranges of one string: loading folds some
/// 50k names, and one allocation per name beats one per word.
fn split_tokens(name: &str) -> (String, Vec<(usize, usize)>) {
    let mut tokens = Vec::new();
    let mut text = String::with_capacity(name.len());
    // `current` is text[start..], the word being read.
    let mut start = 0;
    // Each character is decomposed on its own (NFD without the canonical
    // reordering, which only ever moves combining marks, and those are
    // dropped here anyway); ASCII needs no decomposition.
    let mut letters = Vec::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii() {
            letters.push(c);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| letters.push(d));
        }
    }
    for c in letters {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '\'' | '`' | '´' | 'ʿ' | 'ʾ' | '‘' | '’' | 'ʼ' | 'ʻ' | '′' | 'ʽ' | 'ˈ' => {
                // "d'" / "l'" at a word start is French elision, not a mark.
                let current = text.get(start..).unwrap_or("");
                if current == "d" || current == "l" {
                    text.truncate(start);
                }
            }
            'ъ' | 'Ъ' | 'ь' | 'Ь' | 'ـ' | 'ء' => {}
            c if c.is_ascii_alphanumeric() => text.push(c.to_ascii_lowercase()),
            // The basic Arabic letters are all alphanumeric: no table search.
            '\u{0621}'..='\u{064A}' => push_folded(c, &mut text),
            c if !c.is_ascii() && c.is_alphanumeric() => push_folded(c, &mut text),
            _ => {
                if text.len() > start {
                    tokens.push((start, text.len()));
                    start = text.len();
                }
            }
        }
    }
    if text.len() > start {
        tokens.push((start, text.len()));
    }
    (text, tokens)
}

/// Appends the folded form of one letter: ASCII for Latin and Cyrillic,
/// a canonical letter for Arabic, the lower-case letter otherwise.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if let Some(s) = cyrillic_to_latin(c) {
        out.push_str(s);
        return;
    }
    if let Some(a) = fold_arabic(c) {
        if let Some(a) = a {
            out.push(a);
        }
        return;
    }
    let s = match c {
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        'ə' | 'Ə' => "a",
        'þ' | 'Þ' => "th",
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push_str(s);
}

/// Russian-style transliteration of Cyrillic, the way Russian bulletins
/// render Arabic names (х = kh, дж = dzh, ъ marks an ayn and vanishes).
fn cyrillic_to_latin(c: char) -> Option<&'static str> {
    // Case mapping stays within the Cyrillic blocks: anything else (most
    // often Arabic) is not Cyrillic, without a case-table search.
    if !('\u{0400}'..='\u{052F}').contains(&c) {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        'ґ' => "g",
        'ў' => "w",
        'ј' => "y",
        'џ' => "dzh",
        'ђ' => "dj",
        'ћ' => "ch",
        'љ' => "lj",
        'њ' => "nj",
        'қ' => "k",
        'ғ' => "gh",
        'ҳ' | 'һ' => "h",
        'ә' => "a",
        'ө' => "o",
        'ү' | 'ұ' => "u",
        'ң' => "n",
        _ => return None,
    })
}

/// Folds Arabic-script letter variants to one letter: alef forms (أ إ آ ٱ)
/// to ا, ta marbuta ة to ه, alef maqsura ى and Persian ی to ي, Persian ک to
/// ك. `Some(None)` drops the character (tatweel, hamza); `None` means "not
/// Arabic". Diacritics never reach here: NFD makes them combining marks.
fn fold_arabic(c: char) -> Option<Option<char>> {
    if !('\u{0600}'..='\u{06FF}').contains(&c) && !('\u{0750}'..='\u{077F}').contains(&c) {
        return None;
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ا' => Some('ا'),
        'ة' | 'ۀ' | 'ە' | 'ہ' | 'ه' => Some('ه'),
        'ى' | 'ی' | 'ئ' | 'ي' | 'ې' => Some('ي'),
        'ؤ' | 'و' => Some('و'),
        'ک' | 'ك' => Some('ك'),
        'گ' => Some('ك'),
        'ـ' | 'ء' => None,
        '\u{0660}'..='\u{0669}' => char::from_digit(u32::from(c) - 0x0660, 10),
        // The basic Arabic letters, all alphabetic, without the table search.
        '\u{0621}'..='\u{064A}' => Some(c),
        c if c.is_alphabetic() => Some(c),
        _ => None,
    })
}

fn is_arabic_token(token: &str) -> bool {
    token.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The Arabic article is written joined; Latin articles are separate words
/// (after hyphens became word breaks).
fn is_article(raw: &str) -> bool {
    matches!(
        raw,
        "al" | "el"
            | "il"
            | "ul"
            | "as"
            | "ash"
            | "ach"
            | "ad"
            | "ar"
            | "at"
            | "az"
            | "an"
            | "es"
            | "esh"
            | "ech"
            | "ed"
            | "er"
            | "et"
            | "ez"
            | "en"
            | "ath"
            | "adh"
            | "eth"
            | "edh"
            | "l"
            | "d"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "of"
            | "the"
    )
}

/// One Arabic-script word: article dropped, trailing ta marbuta / ha
/// dropped (spelt either way).
fn arabic_token(raw: &str) -> String {
    let mut s: &str = raw;
    if s.chars().count() > 3
        && let Some(rest) = s.strip_prefix("ال")
    {
        s = rest;
    }
    let mut out: String = s.to_string();
    if out.chars().count() > 2 && out.ends_with('ه') {
        out.pop();
    }
    out
}

/// One Latin (or transliterated Cyrillic) word: the article glued by sun
/// letter assimilation ("Assuwayda"), digraphs folded, doubled letters
/// collapsed, and the feminine / adjectival ending dropped.
fn latin_token(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut start = 0;
    // "Ass-", "Att-", "Add-", "Arr-", "Azz-", "Ann-": the article glued to a
    // sun letter. Both sides of a comparison are treated alike, so a real
    // name beginning this way only loses two letters on both sides.
    if bytes.len() >= 5 && matches!(bytes[0], b'a' | b'e') && matches!(bytes[1], b't' | b'd' | b'r' | b'z' | b's' | b'n') && bytes[1] == bytes[2] {
        start = 2;
    }
    fold_digraphs(raw.get(start..).unwrap_or(raw))
}

const fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Folds the spelling conventions of French, English and German
/// transliteration onto one: sh/ch/sch → `S`, dj/j/zh/dzh → `j`, kh → h,
/// gh → g, q/ck/c → k (c before e/i → s), ph → f, th → t, dh → d, ou/oo/o → u,
/// ee → i, ei/ey/ai → ay, v → w, x → ks. Non-ASCII letters pass through.
fn fold_digraphs(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(b.len());
    // Doubled letters are collapsed as they are written out.
    fn push(out: &mut String, piece: &str) {
        for c in piece.chars() {
            if !out.ends_with(c) {
                out.push(c);
            }
        }
    }
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !c.is_ascii() {
            // Copy the whole (multi-byte) character untouched.
            let ch = s.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            push(&mut out, ch.encode_utf8(&mut [0; 4]));
            i += ch.len_utf8().max(1);
            continue;
        }
        let (emit, used): (&str, usize) = match (c, at(i + 1), at(i + 2), at(i + 3)) {
            (b'd', b's', b'c', b'h') => ("j", 4),
            (b't', b's', b'c', b'h') => ("S", 4),
            (b'd', b'z', b'h', _) => ("j", 3),
            (b's', b'c', b'h', _) => ("S", 3),
            (b't', b'c', b'h', _) => ("S", 3),
            (b's', b'h', _, _) | (b'c', b'h', _, _) => ("S", 2),
            (b'z', b'h', _, _) | (b'd', b'j', _, _) => ("j", 2),
            (b'k', b'h', _, _) => ("h", 2),
            (b'g', b'h', _, _) => ("g", 2),
            (b'g', b'u', b'e' | b'i', _) => ("g", 2),
            (b'p', b'h', _, _) => ("f", 2),
            (b't', b'h', _, _) => ("t", 2),
            (b'd', b'h', _, _) => ("d", 2),
            (b'c', b'k', _, _) => ("k", 2),
            (b'c', b'e' | b'i' | b'y', _, _) => ("s", 1),
            (b'c', _, _, _) | (b'q', _, _, _) => ("k", 1),
            (b'o', b'u', _, _) | (b'o', b'o', _, _) => ("u", 2),
            (b'e', b'e', _, _) => ("i", 2),
            (b'e' | b'a', b'i' | b'y', _, _) => ("ay", 2),
            (b'i', b'y', n, _) if is_vowel(n) => ("i", 2),
            (b'a', b'u', _, _) => ("aw", 2),
            (b'o', _, _, _) => ("u", 1),
            (b'v', _, _, _) => ("w", 1),
            (b'x', _, _, _) => ("ks", 1),
            _ => {
                push(&mut out, (c as char).encode_utf8(&mut [0; 4]));
                i += 1;
                continue;
            }
        };
        push(&mut out, emit);
        i += used;
    }
    out
}

/// Drops the ending that transliterations add or omit at will: one final
/// h after a vowel (-ah, -eh), then one final vowel (-a, -e, -é). Only one:
/// the nisba ending -iya stays distinct from a bare name (Halisiyah is not
/// Hlisa), and "iy" before a vowel was already folded to "i".
fn strip_ending(mut s: String, keep: usize) -> String {
    let len = stripped_len(&s, keep);
    s.truncate(len);
    s
}

/// The byte length of `s` once [`strip_ending`] has dropped its ending.
fn stripped_len(s: &str, keep: usize) -> usize {
    let b = s.as_bytes();
    let mut len = b.len();
    if len > keep && len >= 3 && b[len - 1] == b'h' && is_vowel(b[len - 2]) {
        len -= 1;
    }
    // Only ASCII letters are dropped, so `len` stays a char boundary.
    if len > 0 && is_vowel(b[len - 1]) && s.get(..len).is_some_and(|t| t.chars().count() > keep) {
        len -= 1;
    }
    len
}

/// The consonant skeleton of one normalised token: vowels and the glides
/// w/y dropped (Suwaymirah = Souaïmré = Suemra), except at the start of a
/// word where they are consonants (Wadi, Yabrud); g folded into k because
/// Hauran speech says g for q (Garfa = Qarfa). Arabic tokens drop their long
/// vowels ا و ي the same way.
pub fn token_skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_token_skeleton(token, &mut out);
    out
}

/// [`token_skeleton`], appended to `out`.
fn push_token_skeleton(token: &str, out: &mut String) {
    for (i, c) in token.chars().enumerate() {
        match c {
            'a' | 'e' | 'i' | 'o' | 'u' => {}
            'w' | 'y' if i > 0 => {}
            'ا' | 'و' | 'ي' if i > 0 => {}
            'g' => out.push('k'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        normalize(s).key
    }
    fn skel(s: &str) -> String {
        normalize(s).skeleton
    }

    #[test]
    fn french_and_english_spellings_share_a_key() {
        assert_eq!(key("Djisrein"), key("Jisrayn"));
        assert_eq!(skel("Ain Terma"), skel("`Ayn Tarma"));
        assert_eq!(key("Chinchar"), key("Shinshar"));
        assert_eq!(key("Seid-Naya"), key("Saydnaya"));
        assert_eq!(key("Hamah"), key("Hama"));
        assert_eq!(key("Aleppo"), key("Alep"));
        assert_eq!(skel("Tell Rifaat"), skel("Tall Rif`at"));
        assert_eq!(key("Kbana"), "kban");
        assert_eq!(key("Kabanah"), "kaban");
    }

    #[test]
    fn the_article_and_ayn_marks_do_not_matter() {
        assert_eq!(key("Al Jarba"), key("Jarba"));
        assert_eq!(key("al-Suemra"), key("Suemra"));
        assert_eq!(key("Ram Al-Inz"), key("Ram al ʿInz"));
        assert_eq!(key("Gouvernorat d'Alep"), key("gouvernorat Alep"));
        // A lone article is still a name.
        assert!(!normalize("El").is_empty());
    }

    #[test]
    fn skeletons_forgive_vowels() {
        assert_eq!(skel("Maarest Al-Khan"), skel("Mu`arrasat al Khan"));
        assert_eq!(skel("Modiara"), skel("Mudayra"));
        assert_eq!(skel("Nahshebba"), skel("Nahshabba"));
        assert_eq!(skel("Sandjeka"), skel("Sanjaqah"));
        assert_eq!(skel("al-Suemra"), skel("As Suwaymirah"));
        assert_eq!(skel("Garfah"), skel("Qarfa"));
        assert_eq!(skel("Kubeibat-Abu-El-Khod"), skel("Qubaybat Abu al Huda"));
    }

    #[test]
    fn cyrillic_is_transliterated() {
        assert_eq!(key("Хама"), key("Hama"));
        assert_eq!(key("Хомс"), key("Homs"));
        assert_eq!(key("Эль-Кунейтра"), key("Quneitra"));
        assert_eq!(skel("Латакии"), skel("Латакия"));
        assert_eq!(key("Идлибе"), key("Idlib"));
        assert_eq!(key("Алеппо"), key("Aleppo"));
        assert_eq!(key("El-Джизе"), key("Al Jizah"));
        assert_eq!(skel("Деръа"), skel("Daraa"));
    }

    #[test]
    fn arabic_diacritics_alef_and_ta_marbuta_fold() {
        assert_eq!(key("مَعْرَسَةُ الخَانِ"), key("معرسة الخان"));
        assert_eq!(key("إدلب"), key("ادلب"));
        assert_eq!(key("الجيزة"), key("جيزه"));
        assert_eq!(key("حماة"), key("حماه"));
        assert_eq!(key("مصطفى"), key("مصطفي"));
    }

    #[test]
    fn odd_input_gives_some_key() {
        for s in ["", " ", "-", "'", "ʿ", "🙂", "ß", "𐌳𐌰𐌼", "a", "\u{0301}", "d'", "ال"] {
            let _ = normalize(s);
        }
    }
}
