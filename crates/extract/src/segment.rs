//! A document's layout: the header line, paragraphs, sentences, which of
//! them are headlines and which are boilerplate (captions, teasers, adverts).

use crate::token::fold;
use memchr::memmem;
use std::sync::LazyLock;
use truce_model::Span;

/// One sentence of the body, as a span of the document text.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub span: Span,
    /// A title or standfirst above the body: its figures are kept only where
    /// the body does not state them (see `dedup`).
    pub headline: bool,
}

#[derive(Debug, Default)]
pub struct Layout {
    /// Where the body starts: after a `date …` header line, if any.
    pub body_start: usize,
    /// The value of the `date` header, as written.
    pub header_date: Option<String>,
    /// The value of a `reporter` header, as written.
    pub header_reporter: Option<String>,
    pub sentences: Vec<Sentence>,
    pub boilerplate: Vec<Span>,
}

/// Reads the header lines, then splits the rest into paragraphs (lines) and
/// sentences, setting boilerplate aside.
pub fn layout(text: &str) -> Layout {
    let mut out = Layout::default();
    let mut pos = 0;
    // Header lines: "date 2017-02-05" (possibly followed by text on the same
    // line, as in some exported archives) and "reporter Name".
    loop {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        let lead = rest.len() - trimmed.len();
        let Some((key, after)) = header_key(trimmed) else { break };
        let value_start = pos + lead + key.len() + (trimmed[key.len()..].len() - after.len());
        let line_end = text[value_start..].find('\n').map_or(text.len(), |i| value_start + i);
        let value_line = &text[value_start..line_end];
        if key == "date" {
            let value = value_line.split_whitespace().next().unwrap_or("");
            out.header_date = Some(value.to_owned());
            let after_value = value_start + value_line.find(value).unwrap_or(0) + value.len();
            // Text that continues on the header line is body.
            pos = if text[after_value..line_end].trim().is_empty() { line_end } else { after_value };
        } else {
            out.header_reporter = Some(value_line.trim().to_owned());
            pos = line_end;
        }
    }
    out.body_start = pos;

    let mut seen_body_paragraph = false;
    let mut line_start = pos;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let span = Span::new(line_start + lead, line_start + lead + trimmed.len());
            if is_boilerplate(trimmed, seen_body_paragraph) {
                out.boilerplate.push(span);
            } else {
                let headline = !seen_body_paragraph && is_headline(trimmed);
                for s in split_sentences(text, span).into_iter().flat_map(|s| cap_length(text, s)) {
                    out.sentences.push(Sentence { span: s, headline });
                }
                seen_body_paragraph |= !headline;
            }
        }
        line_start = line_end + 1;
    }
    out
}

fn header_key(line: &str) -> Option<(&'static str, &str)> {
    for key in ["date", "reporter"] {
        if let Some(rest) = line.strip_prefix(key)
            && rest.starts_with([' ', '\t', ':'])
        {
            let rest = rest.trim_start_matches([' ', '\t', ':']);
            if key == "date" && !rest.starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            return Some((key, rest));
        }
    }
    None
}

/// A title: short, no closing punctuation. Only lines above the first body
/// paragraph can be one.
fn is_headline(line: &str) -> bool {
    line.chars().count() < 200 && !line.ends_with(['.', '!', '?', '»', '"', '”', ':', ';', ','])
}

/// Lines a reader skips: photo credits and captions, "read also" teasers,
/// subscription adverts, page furniture. Judged on the whole line, because
/// these never share a line with reporting.
fn is_boilerplate(line: &str, after_body_started: bool) -> bool {
    let f = fold(line);
    let f = f.trim_start_matches(['(', '[', ' ', '*']);
    const STARTS: [&str; 12] = [
        "©",
        "(c) ",
        "lire aussi",
        "a lire aussi",
        "read also",
        "read more",
        "see also",
        "voir aussi",
        "related:",
        "loading",
        "this report is for the media",
        "sputnik |",
    ];
    const CONTAINS: [&str; 12] = [
        "photo afp",
        "photo reuters",
        "photo ap ",
        "suivez sputnik",
        "follow sputnik",
        "sur telegram",
        "on telegram",
        "abonnez-vous",
        "subscribe to our",
        "go to the mediabank",
        "pour recevoir les actualites",
        "newsletter sputnik",
    ];
    const ENDS: [&str; 5] = ["- sputnik international", "- sputnik france", "- sputnik afrique", ">>>", "»>>"];
    // Every line is asked: searchers built once, not once per line.
    static CONTAINED: LazyLock<Vec<memmem::Finder<'static>>> = LazyLock::new(|| CONTAINS.iter().map(memmem::Finder::new).collect());
    let contains_any = CONTAINED.iter().any(|p| p.find(f.as_bytes()).is_some());
    if STARTS.iter().any(|p| f.starts_with(p)) || contains_any || ENDS.iter().any(|p| f.ends_with(p)) {
        return true;
    }
    let is_image_name = !f.contains(' ') && [".jpg", ".jpeg", ".png", ".gif", ".webp"].iter().any(|e| f.ends_with(e));
    let is_timestamp = f.len() < 40 && f.contains(" gmt");
    // A title-case line in the middle of the body is a teaser for another
    // article ("Now 35 Syrian Armed Groups Agree to Ceasefire").
    let is_teaser = after_body_started && is_headline(line) && is_title_case(line);
    is_image_name || is_timestamp || is_teaser
}

fn is_title_case(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().filter(|w| w.chars().count() > 3).collect();
    if words.len() < 3 {
        return false;
    }
    let capital = words.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    capital * 10 >= words.len() * 7
}

/// The longest sentence the rules read in one piece. Real sentences are
/// far shorter; the cap keeps a hostile one-line file linear to read, since
/// some rules compare every figure of a sentence with every other.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Cuts an over-long sentence at spaces into pieces of at most
/// [`MAX_SENTENCE_BYTES`].
fn cap_length(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE_BYTES {
        let mut cut = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let piece = &text[start..cut];
        let at = piece.rfind(' ').filter(|&i| i > 0).map_or(cut, |i| start + i);
        out.push(Span::new(start, at));
        start = at;
        while start < span.end && text[start..].starts_with(' ') {
            start += 1;
        }
    }
    if start < span.end {
        out.push(Span::new(start, span.end));
    }
    out
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: [&str; 29] = [
    "m", "mm", "mr", "mrs", "dr", "st", "lt", "gen", "col", "no", "n°", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "etc", "u.s", "p", "env", "approx",
    "adm", "maj", "capt", "sgt", "prof", "vs",
];

/// Splits a paragraph at sentence-final punctuation followed by a space and
/// a capital, a digit or an opening quote.
fn split_sentences(text: &str, para: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let s = &text[para.start..para.end];
    let char_at = |at: usize| s[at..].chars().next();
    let skip_spaces = |mut at: usize| {
        while let Some(w) = char_at(at)
            && w.is_whitespace()
        {
            at += w.len_utf8();
        }
        at
    };
    let mut start = 0;
    // Positions are byte offsets into the paragraph: stops are found among
    // its bytes ('…' is E2 80 A6), and the few characters after a stop are
    // decoded where needed.
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let c = match b {
            b'.' => '.',
            b'!' => '!',
            b'?' => '?',
            0xe2 if bytes[i + 1..].starts_with(&[0x80, 0xa6]) => '…',
            _ => continue,
        };
        // Skip closing quotes right after the stop.
        let mut m = i + c.len_utf8();
        while let Some(q) = char_at(m)
            && matches!(q, '"' | '”' | '»' | '\'' | ')')
        {
            m += q.len_utf8();
        }
        if !char_at(m).is_some_and(char::is_whitespace) {
            // "in the zone No. 1.The number of…": a stop glued to the next
            // sentence by a lost space. A digit before and a capitalised
            // word of lower-case letters after cannot be a decimal, an
            // abbreviation or a web address.
            if c == '.' && glued_stop(s, i) {
                out.push(Span::new(para.start + start, para.start + i + 1));
                start = i + 1;
            }
            continue;
        }
        let mut n = skip_spaces(m);
        // French spacing puts the closing guillemet after a space: "cas. »".
        if let Some(g) = char_at(n)
            && matches!(g, '»' | '”')
        {
            m = n + g.len_utf8();
            n = skip_spaces(m);
            if n == m && n < s.len() {
                continue;
            }
        }
        let Some(next) = char_at(n) else { continue };
        if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '«' | '“' | '(' | '[')) {
            continue;
        }
        if c == '.' {
            let word: String = s[..i].chars().rev().take_while(|c| c.is_alphanumeric() || *c == '.').collect();
            let word: String = word.chars().rev().collect::<String>().to_lowercase();
            let single_capital = word.chars().count() == 1 && s[..i].ends_with(char::is_uppercase);
            if ABBREVIATIONS.contains(&word.as_str()) || single_capital {
                continue;
            }
        }
        out.push(Span::new(para.start + start, para.start + m));
        start = n;
    }
    if start < s.len() {
        out.push(Span::new(para.start + start, para.end));
    }
    out
}

/// Whether the full stop at byte `i` of `s` ends a sentence though no space
/// follows it: a digit before, and after it a capitalised word ("1.The",
/// "n° 2.Le"). A capital alone ("1.B") may be a heading number.
fn glued_stop(s: &str, i: usize) -> bool {
    let before_digit = s[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit());
    let mut after = s[i + 1..].chars();
    before_digit && after.next().is_some_and(char::is_uppercase) && after.next().is_some_and(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        layout(text).sentences.iter().map(|s| &text[s.span.start..s.span.end]).collect()
    }

    #[test]
    fn header_on_its_own_line_or_with_text() {
        let l = layout("date 2017-02-05\nBody here.");
        assert_eq!(l.header_date.as_deref(), Some("2017-02-05"));
        let text = " date 2017-02 Les forces ont pris 20 km2.";
        let l = layout(text);
        assert_eq!(l.header_date.as_deref(), Some("2017-02"));
        assert_eq!(sentences(text), ["Les forces ont pris 20 km2."]);
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let text = "Le général M. Kouralenko a parlé. « Neuf cas. » Puis 3,2 tonnes ont été livrées. Over 24 hours the U.S. side said so.";
        assert_eq!(
            sentences(text),
            ["Le général M. Kouralenko a parlé.", "« Neuf cas. »", "Puis 3,2 tonnes ont été livrées.", "Over 24 hours the U.S. side said so."]
        );
    }

    #[test]
    fn a_stop_glued_to_the_next_sentence_still_ends_it() {
        let text = "One was signed in zone No. 1.The number reached 234. It was 1.5 km2 at www.Site.org today.";
        assert_eq!(sentences(text), ["One was signed in zone No. 1.", "The number reached 234.", "It was 1.5 km2 at www.Site.org today."]);
    }

    #[test]
    fn over_long_sentences_are_cut_at_spaces() {
        let text = "word ".repeat(3000);
        let l = layout(&text);
        assert!(l.sentences.len() >= 3);
        for s in &l.sentences {
            assert!(s.span.len() <= MAX_SENTENCE_BYTES);
            assert!(!text[s.span.start..s.span.end].starts_with(' '));
        }
    }

    #[test]
    fn boilerplate_and_headlines() {
        let text = "Nine Violations In Past 24 Hours\n© Agency / Photographer caption\nBody sentence one.\nRead also: Something Else Happened\nSuivez Sputnik sur Telegram pour tout savoir.\nThree More Villages Join The Truce Today\n";
        let l = layout(text);
        let bp: Vec<&str> = l.boilerplate.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(bp.len(), 4, "{bp:?}");
        assert!(l.sentences[0].headline);
        assert!(!l.sentences[1].headline);
    }
}
