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
            let end_here = b == b'\n'
                || (matches!(b, b'.' | b'!' | b'?' | b';') && (i >= bytes.len() || bytes[i].is_ascii_whitespace()));
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

/// The hits of a search from its matched sentences, best first, each given
/// as (document, byte where the sentence starts): documents in the order of
/// their best sentence, at most `limit` of them, each with its sentences in
/// text order, cut again from the stored text with [`sentences`]. Every
/// backend's index returns matches this way, so they all show hits alike.
pub fn search_hits(
    matches: impl IntoIterator<Item = (i64, usize)>,
    limit: usize,
    mut document: impl FnMut(DocId) -> Result<Option<StoredDocument>>,
) -> Result<Vec<SearchHit>> {
    let mut order: Vec<(i64, Vec<usize>)> = Vec::new();
    for (doc, start) in matches {
        if let Some(i) = order.iter().position(|(d, _)| *d == doc) {
            order[i].1.push(start);
        } else if order.len() < limit {
            order.push((doc, vec![start]));
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
