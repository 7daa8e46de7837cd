//! Splitting stored text into sentences for the search index and its hits.

use crate::{DocId, Result, SearchHit, SentenceHit, StoredDocument};

/// The sentences of `text` as byte ranges: split after `.`, `!`, `?` or `;`
/// followed by white space, and at line breaks. Crude on purpose: it only
/// decides what a search hit shows, and must agree between indexing and
/// display, which it does by being the one function both use.
pub fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            let end_here = b == b'\n' || (matches!(b, b'.' | b'!' | b'?' | b';') && (i >= bytes.len() || bytes[i].is_ascii_whitespace()));
            if end_here {
                let s = trim_range(text, start, i);
                start = i;
                if let Some(r) = s {
                    return Some(r);
                }
            }
        }
        if start < bytes.len() {
            let s = trim_range(text, start, bytes.len());
            start = bytes.len();
            return s;
        }
        None
    })
}

/// The range without surrounding white space; `None` when nothing is left.
fn trim_range(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let s = text.get(start..end)?;
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    let (a, b) = (start + lead, end - trail);
    (a < b).then_some((a, b))
}

/// The hits of a search from its matched sentences, given as (document,
/// byte where the sentence starts), newest document first: at most `limit`
/// documents, each with its sentences in text order, cut again from the
/// stored text with [`sentences`]. Every backend returns matches this way,
/// so they all show the same hits in the same order.
///
/// Newest first rather than by a relevance score: bulletins say the same
/// things in the same words day after day, so a score mostly ranks
/// sentence lengths, and each backend scores differently. And the index
/// can then stop at the `limit`-th document instead of scoring every
/// sentence that holds a common word (6 s for "hours" at 10M claims).
/// Because a document's matches come together, reading stops at the first
/// match of the document after the last one kept.
pub fn search_hits(
    matches: impl IntoIterator<Item = Result<(i64, usize)>>,
    limit: usize,
    mut document: impl FnMut(DocId) -> Result<Option<StoredDocument>>,
) -> Result<Vec<SearchHit>> {
    let mut order: Vec<(i64, Vec<usize>)> = Vec::new();
    for m in matches {
        let (doc, start) = m?;
        if let Some((_, starts)) = order.last_mut().filter(|(last, _)| *last == doc) {
            starts.push(start);
        } else if order.len() < limit {
            order.push((doc, vec![start]));
        } else {
            break;
        }
    }
    let mut hits = Vec::new();
    for (doc, mut starts) in order {
        let Some(d) = document(DocId(doc))? else { continue };
        starts.sort_unstable();
        let sentences = starts
            .into_iter()
            .filter_map(|s| {
                let rest = d.text.get(s..)?;
                let (a, b) = sentences(rest).next()?;
                Some(SentenceHit { text: rest[a..b].to_owned(), start: s + a, end: s + b })
            })
            .collect();
        hits.push(SearchHit { document: d.info, sentences });
    }
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_stops_and_lines_not_decimals() {
        let t = "Le 5 mars. 1,5 tonnes livrées; 2.5 km2!\nTitre\n\n  fin";
        let got: Vec<&str> = sentences(t).map(|(a, b)| &t[a..b]).collect();
        assert_eq!(got, ["Le 5 mars.", "1,5 tonnes livrées;", "2.5 km2!", "Titre", "fin"]);
    }

    #[test]
    fn empty_and_blank_give_nothing() {
        assert_eq!(sentences("").count(), 0);
        assert_eq!(sentences(" \n\t ").count(), 0);
    }
}

/// One word of a search query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWord {
    pub text: String,
    /// Written with a trailing `*`: matches every word that starts with it,
    /// so `Maar*` finds Maarest, Maaret and Maarat, the spellings one name
    /// takes across bulletins.
    pub prefix: bool,
}

/// A prefix shorter than this is searched as a whole word: `a*` would match
/// most of the index and rank it all.
pub const MIN_PREFIX_CHARS: usize = 3;

/// The words of a search query, the one reading both backends share. Only
/// letters and digits make words and only a `*` right after a word means
/// anything, so no other character can reach a backend's query syntax.
pub fn search_words(query: &str) -> Vec<SearchWord> {
    let mut words = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek().filter(|(_, c)| c.is_alphanumeric()) {
            end = i + c.len_utf8();
            chars.next();
        }
        let text = &query[start..end];
        let starred = chars.peek().is_some_and(|&(_, c)| c == '*');
        words.push(SearchWord { text: text.to_owned(), prefix: starred && text.chars().count() >= MIN_PREFIX_CHARS });
    }
    words
}

#[cfg(test)]
mod search_word_tests {
    use super::*;

    fn w(text: &str, prefix: bool) -> SearchWord {
        SearchWord { text: text.into(), prefix }
    }

    #[test]
    fn words_stars_and_nothing_else() {
        assert_eq!(search_words("Maar* el-Khan"), vec![w("Maar", true), w("el", false), w("Khan", false)]);
        assert_eq!(search_words("trêve* \"x AND y("), vec![w("trêve", true), w("x", false), w("AND", false), w("y", false)]);
        assert_eq!(search_words("ab* *abc a * b"), vec![w("ab", false), w("abc", false), w("a", false), w("b", false)]);
        assert_eq!(search_words("Маар*"), vec![w("Маар", true)]);
        assert!(search_words(" - * \" ").is_empty());
    }
}
