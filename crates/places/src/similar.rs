//! Jaro-Winkler and Levenshtein without allocation, on bytes when both
//! strings are ASCII (most keys) and on chars otherwise, giving the very
//! same numbers as `strsim` (same arithmetic in the same order: the tests
//! compare them bit for bit) — linking scores must not move when only the
//! speed changes. Plus the cheap upper bounds the candidate scan uses to
//! skip names that cannot reach the floor.

/// Longest string handled on the stack; longer ones go to `strsim`.
const MAX: usize = 64;

/// A string split for comparison: its bytes when ASCII, else its chars.
// The char buffer lives on the stack on purpose: a heap `Vec` per
// comparison is what this module exists to avoid.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Letters<'a> {
    Ascii(&'a [u8]),
    Chars { buf: [char; MAX], len: usize },
    Long,
}

impl<'a> Letters<'a> {
    pub(crate) fn of(s: &'a str) -> Letters<'a> {
        if s.is_ascii() {
            if s.len() <= MAX { Letters::Ascii(s.as_bytes()) } else { Letters::Long }
        } else {
            let mut buf = ['\0'; MAX];
            let mut len = 0;
            for c in s.chars() {
                let Some(slot) = buf.get_mut(len) else { return Letters::Long };
                *slot = c;
                len += 1;
            }
            Letters::Chars { buf, len }
        }
    }
}

/// `strsim::jaro_winkler(a, b)`.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    match (Letters::of(a), Letters::of(b)) {
        (Letters::Ascii(x), Letters::Ascii(y)) => jaro_winkler_of(x, y),
        (Letters::Long, _) | (_, Letters::Long) => strsim::jaro_winkler(a, b),
        (x, y) => with_chars(&x, &y, jaro_winkler_of),
    }
}

/// `strsim::normalized_levenshtein(a, b)`.
pub(crate) fn normalized_levenshtein(a: &str, b: &str) -> f64 {
    match (Letters::of(a), Letters::of(b)) {
        (Letters::Ascii(x), Letters::Ascii(y)) => normalized_levenshtein_of(x, y),
        (Letters::Long, _) | (_, Letters::Long) => strsim::normalized_levenshtein(a, b),
        (x, y) => with_chars(&x, &y, normalized_levenshtein_of),
    }
}

fn with_chars(a: &Letters<'_>, b: &Letters<'_>, f: fn(&[char], &[char]) -> f64) -> f64 {
    let mut abuf = ['\0'; MAX];
    let mut bbuf = ['\0'; MAX];
    f(as_chars(a, &mut abuf), as_chars(b, &mut bbuf))
}

fn as_chars<'b>(l: &'b Letters<'_>, spare: &'b mut [char; MAX]) -> &'b [char] {
    match l {
        Letters::Ascii(bytes) => {
            for (slot, &b) in spare.iter_mut().zip(bytes.iter()) {
                *slot = char::from(b);
            }
            spare.get(..bytes.len()).unwrap_or(&[])
        }
        Letters::Chars { buf, len } => buf.get(..*len).unwrap_or(&[]),
        Letters::Long => &[],
    }
}

/// `strsim::generic_jaro`, on slices of at most `MAX` letters.
fn jaro_of<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    if a_len == 0 && b_len == 0 {
        return 1.0;
    } else if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
    let mut a_flags: u64 = 0;
    let mut b_flags: u64 = 0;
    let mut matches = 0_usize;
    for (i, a_elem) in a.iter().enumerate() {
        let lo = i.saturating_sub(search_range);
        let hi = b_len.min(i + search_range + 1);
        for j in lo..hi {
            if b_flags & (1 << j) == 0 && b.get(j).is_some_and(|b_elem| a_elem == b_elem) {
                a_flags |= 1 << i;
                b_flags |= 1 << j;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0_usize;
    let mut j = 0;
    for (i, a_elem) in a.iter().enumerate() {
        if a_flags & (1 << i) == 0 {
            continue;
        }
        while j < b_len && b_flags & (1 << j) == 0 {
            j += 1;
        }
        if b.get(j).is_some_and(|b_elem| a_elem != b_elem) {
            transpositions += 1;
        }
        j += 1;
    }
    transpositions /= 2;
    ((matches as f64 / a_len as f64) + (matches as f64 / b_len as f64) + ((matches - transpositions) as f64 / matches as f64)) / 3.0
}

fn jaro_winkler_of<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    let sim = jaro_of(a, b);
    if sim > 0.7 {
        let prefix_length = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix_length as f64 * (1.0 - sim)
    } else {
        sim
    }
}

fn levenshtein_of<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    let b_len = b.len();
    let mut cache = [0_usize; MAX];
    for (j, slot) in cache.iter_mut().enumerate().take(b_len) {
        *slot = j + 1;
    }
    let mut result = b_len;
    for (i, a_elem) in a.iter().enumerate() {
        result = i + 1;
        let mut distance_b = i;
        for (b_elem, slot) in b.iter().zip(cache.iter_mut()) {
            let cost = usize::from(a_elem != b_elem);
            let distance_a = distance_b + cost;
            distance_b = *slot;
            result = (result + 1).min(distance_a.min(distance_b + 1));
            *slot = result;
        }
    }
    result
}

fn normalized_levenshtein_of<T: PartialEq>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    1.0 - (levenshtein_of(a, b) as f64) / (a.len().max(b.len()) as f64)
}

/// An upper bound of `normalized_levenshtein` for strings of `a` and `b`
/// letters: at least the length difference must be inserted.
pub(crate) fn levenshtein_bound(a: usize, b: usize) -> f64 {
    if a == 0 && b == 0 {
        return 1.0;
    }
    1.0 - (a.abs_diff(b) as f64) / (a.max(b) as f64)
}

/// An upper bound of `jaro_winkler` for strings of `a` and `b` letters
/// sharing a prefix of `prefix` letters: as if every letter of the shorter
/// one matched, untransposed.
pub(crate) fn jaro_winkler_bound(a: usize, b: usize, prefix: usize) -> f64 {
    jaro_winkler_bound_with(a, b, a.min(b), prefix)
}

/// [`jaro_winkler_bound`] when at most `matches` letters can match (Jaro
/// pairs equal letters, each used once, so the letters the two strings
/// have in common bound it).
pub(crate) fn jaro_winkler_bound_with(a: usize, b: usize, matches: usize, prefix: usize) -> f64 {
    if a == 0 || b == 0 {
        return 1.0;
    }
    if matches == 0 {
        return 0.0;
    }
    let m = matches.min(a).min(b) as f64;
    let jaro = (m / a as f64 + m / b as f64 + 1.0) / 3.0;
    jaro + 0.1 * prefix.min(4) as f64 * (1.0 - jaro)
}

/// Letter counts of an ASCII string, for [`common_letters`].
pub(crate) fn letter_counts(s: &str) -> Option<[u8; 128]> {
    if !s.is_ascii() {
        return None;
    }
    let mut counts = [0_u8; 128];
    for &b in s.as_bytes() {
        let slot = &mut counts[usize::from(b & 127)];
        *slot = slot.saturating_add(1);
    }
    Some(counts)
}

/// How many letters of `s` (ASCII) can be paired with letters counted in
/// `counts`, each used once.
pub(crate) fn common_letters(counts: &[u8; 128], s: &str) -> usize {
    let mut left = *counts;
    let mut common = 0;
    for &b in s.as_bytes() {
        let slot = &mut left[usize::from(b & 127)];
        if *slot > 0 {
            *slot -= 1;
            common += 1;
        }
    }
    common
}

/// How many of the first four letters two strings share.
pub(crate) fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().take(4).zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: &str, b: &str) {
        assert_eq!(jaro_winkler(a, b).to_bits(), strsim::jaro_winkler(a, b).to_bits(), "jw {a:?} {b:?}");
        assert_eq!(normalized_levenshtein(a, b).to_bits(), strsim::normalized_levenshtein(a, b).to_bits(), "lev {a:?} {b:?}");
        let (la, lb) = (a.chars().count(), b.chars().count());
        assert!(jaro_winkler(a, b) <= jaro_winkler_bound(la, lb, common_prefix(a, b)) + 1e-12, "{a:?} {b:?}");
        assert!(normalized_levenshtein(a, b) <= levenshtein_bound(la, lb) + 1e-12, "{a:?} {b:?}");
        if let (Some(counts), true) = (letter_counts(a), b.is_ascii()) {
            let m = common_letters(&counts, b);
            let bound = jaro_winkler_bound_with(la, lb, m, common_prefix(a, b));
            assert!(jaro_winkler(a, b) <= bound + 1e-12, "{a:?} {b:?} {m}");
        }
    }

    #[test]
    fn matches_strsim_on_examples() {
        for (a, b) in [
            ("", ""),
            ("a", ""),
            ("", "abc"),
            ("martha", "marhta"),
            ("dixon", "dicksonx"),
            ("telabyad", "tlabyd"),
            ("kbana", "kaban"),
            ("صيدنايا", "صيدنا"),
            ("latakia", "لاذقيه"),
            ("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop", "abc"),
        ] {
            same(a, b);
            same(b, a);
        }
    }

    proptest! {
        #[test]
        fn matches_strsim(a in "[abdklmnrsty]{0,12}", b in "[abdklmnrsty]{0,12}") {
            same(&a, &b);
        }

        #[test]
        fn matches_strsim_unicode(a in "[aبسيé]{0,9}", b in "[aبسيé]{0,70}") {
            same(&a, &b);
        }
    }
}
