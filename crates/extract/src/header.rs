//! Facts about the whole document: its report day, language and reporter.

use crate::date::find_dates;
use crate::segment::Layout;
use crate::token::{fold, tokenize};
use truce_model::{Lang, ReportDay};

/// The report day: the `date` header, else a dateline near the top
/// ("MOSCOW, February 5, 2017", "Moscou, 5 février 2017", "Tuesday, April
/// 26, 2016"). Only dates with a year count: a yearless dateline cannot be
/// placed without guessing.
pub fn report_day(text: &str, layout: &Layout) -> Option<ReportDay> {
    if let Some(day) = layout.header_date.as_deref().and_then(|d| d.parse().ok()) {
        return Some(day);
    }
    let mut fallback = None;
    for s in layout.sentences.iter().take(4) {
        let head_end = (s.span.start + 120).min(s.span.end);
        let head_end = (head_end..=s.span.end).find(|&i| text.is_char_boundary(i)).unwrap_or(s.span.end);
        let tokens = tokenize(text, s.span.start, head_end);
        // A dateline opens its paragraph: a place or weekday, a comma, the date.
        let dates = find_dates(&tokens, None);
        let opens_line = |d: &&crate::date::DateMention| d.first == 0 || (d.first <= 3 && tokens[d.first - 1].is_punct(","));
        if let Some(d) = dates.iter().find(|d| opens_line(d) && !d.is_period()) {
            return Some(ReportDay::Day(d.date));
        }
        // "Situation report No. 79, issued … on March 15, 2024": a date in
        // the lead that is not the start of a period or of the truce.
        let about_the_past = crate::lexicon::mentions(&tokens, &["since", "depuis", "vigueur", "force", "effect", "introduced"]);
        if fallback.is_none() && !about_the_past {
            fallback = dates.iter().find(|d| !d.is_period()).map(|d| ReportDay::Day(d.date));
        }
    }
    fallback
}

/// French, English or Russian, by script and by counting function words.
/// The first few thousand characters decide: bulletins do not change
/// language half-way, and reading the whole of a long file would cost more
/// than the rest of the pipeline.
pub fn detect_lang(text: &str) -> Option<Lang> {
    let end = (0..=text.len().min(3000)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let sample = &text[..end];
    let (mut letters, mut cyrillic, mut fr, mut en) = (0usize, 0usize, 0usize, 0usize);
    // Function words are short and ASCII: each is compared as one number,
    // its lower-cased bytes, without folding.
    let mut count_word = |w: &[u8]| {
        if w.is_ascii() {
            let key = word_key(w);
            fr += FRENCH_FUNCTION_WORDS.contains(&key) as usize;
            en += ENGLISH_FUNCTION_WORDS.contains(&key) as usize;
        }
    };
    // One pass over the sample: letters are counted and words cut at every
    // non-letter; ASCII bytes, nearly all of a French or English text, are
    // judged without decoding a char.
    let bytes = sample.as_bytes();
    let mut word_start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            letters += 1;
            if word_start.is_none() {
                word_start = Some(i);
            }
            i += 1;
            continue;
        }
        let (alphabetic, len) = if b.is_ascii() {
            (false, 1)
        } else {
            let c = sample[i..].chars().next().unwrap_or('\u{fffd}');
            // Latin-1 and Latin Extended-A letters, French's accents, are
            // letters without a table lookup.
            let latin_letter = ('\u{c0}'..='\u{17f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}';
            (latin_letter || c.is_alphabetic(), c.len_utf8())
        };
        if alphabetic {
            letters += 1;
            cyrillic += (b == 0xd0 || b == 0xd1 || b == 0xd2 || b == 0xd3) as usize;
            word_start.get_or_insert(i);
        } else if let Some(start) = word_start.take()
            && (2..=4).contains(&(i - start))
        {
            count_word(&bytes[start..i]);
        }
        i += len;
    }
    if let Some(start) = word_start
        && (2..=4).contains(&(bytes.len() - start))
    {
        count_word(&bytes[start..]);
    }
    if letters > 0 && cyrillic * 3 > letters {
        return Some(Lang::Ru);
    }
    match (fr, en) {
        (0, 0) => None,
        (f, e) if f >= e => Some(Lang::Fr),
        _ => Some(Lang::En),
    }
}

/// A word of two to four ASCII letters as one number, lower-cased.
const fn word_key(w: &[u8]) -> u32 {
    let mut key = 0u32;
    let mut i = 0;
    while i < w.len() && i < 4 {
        key |= ((w[i] | 0x20) as u32) << (8 * i);
        i += 1;
    }
    key
}

const FRENCH_FUNCTION_WORDS: [u32; 16] = [
    word_key(b"le"),
    word_key(b"la"),
    word_key(b"les"),
    word_key(b"des"),
    word_key(b"du"),
    word_key(b"et"),
    word_key(b"dans"),
    word_key(b"une"),
    word_key(b"est"),
    word_key(b"ont"),
    word_key(b"pour"),
    word_key(b"au"),
    word_key(b"aux"),
    word_key(b"qui"),
    word_key(b"sur"),
    word_key(b"par"),
];
const ENGLISH_FUNCTION_WORDS: [u32; 16] = [
    word_key(b"the"),
    word_key(b"of"),
    word_key(b"and"),
    word_key(b"in"),
    word_key(b"to"),
    word_key(b"has"),
    word_key(b"have"),
    word_key(b"was"),
    word_key(b"were"),
    word_key(b"with"),
    word_key(b"over"),
    word_key(b"by"),
    word_key(b"on"),
    word_key(b"for"),
    word_key(b"that"),
    word_key(b"is"),
];

/// The body whose figures the document reports, from a `reporter` header or
/// from how the text names it.
pub fn reporter(text: &str, layout: &Layout) -> Option<String> {
    if let Some(r) = &layout.header_reporter {
        return Some(r.clone());
    }
    // Bulletins name their source in the lead or the first quote.
    let end = (0..=text.len().min(6000)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let folded = fold(&text[..end]);
    const KNOWN: [(&[&str], &str); 4] = [
        (
            &[
                "center for the reception",
                "centre for the reception",
                "refugee center",
                "centre pour l'accueil",
                "centre russe pour l'accueil",
                "reception, allocation",
                "размещению беженцев",
            ],
            "Russian Centre for the Reception, Allocation and Accommodation of Refugees",
        ),
        (
            &[
                "reconciliation cent",
                "centre russe pour la reconciliation",
                "centre pour la reconciliation",
                "centre de la reconciliation",
                "center for reconciliation",
                "centre for reconciliation",
                "center for the reconciliation",
                "centre russe de reconciliation",
                "center on syrian reconciliation",
                "center for syrian reconciliation",
                "центр по примирению",
                "центра по примирению",
                "центром по примирению",
            ],
            "Russian Centre for Reconciliation of Opposing Sides in Syria",
        ),
        (&["etat-major", "general staff", "генштаб", "генерального штаба"], "Russian General Staff"),
        (
            &[
                "ministere russe de la defense",
                "russian defense ministry",
                "russian defence ministry",
                "russian ministry of defen",
                "defense ministry",
                "ministry of defense",
                "минобороны",
                "министерства обороны",
                "министерство обороны",
            ],
            "Russian Ministry of Defence",
        ),
    ];
    KNOWN.iter().find(|(cues, _)| cues.iter().any(|c| folded.contains(c))).map(|(_, name)| (*name).to_owned()).or_else(|| named_body(&text[..end]))
}

/// A monitoring body named in the lead, as written: "the Joint Ceasefire
/// Monitoring Cell (JCMC)", "La Cellule conjointe de surveillance du
/// cessez-le-feu a diffusé…". Its head noun says it is an institution;
/// English names run on in capitals, French ones in lower case up to the
/// verb, so the name ends at the first word of neither kind.
fn named_body(lead: &str) -> Option<String> {
    const HEADS: [&str; 10] = ["Cell", "Cellule", "Centre", "Center", "Mission", "Commission", "Committee", "Comité", "Office", "Bureau"];
    let words: Vec<(usize, &str)> = lead.split_whitespace().map(|w| (w.as_ptr() as usize - lead.as_ptr() as usize, w)).take(120).collect();
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_owned();
    let heads = words.iter().enumerate().filter(|(_, (_, w))| HEADS.contains(&bare(w).as_str()) && bare(w) == *w).map(|(i, _)| i);
    heads.into_iter().find_map(|head| name_around(lead, &words, head))
}

/// The name whose head noun is `words[head]`, if the words around it make one.
fn name_around(lead: &str, words: &[(usize, &str)], head: usize) -> Option<String> {
    const FRENCH_LINKS: [&str; 12] =
        ["conjointe", "conjoint", "de", "du", "des", "la", "le", "pour", "surveillance", "cessez-le-feu", "mixte", "internationale"];
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_owned();
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // Capitalised words before the head belong to an English name.
    let mut first = head;
    let article = |w: &str| matches!(w, "La" | "Le" | "Les" | "The" | "A" | "Un" | "Une");
    let same_line = |a: usize| !lead[words[a].0 + words[a].1.len()..words[a + 1].0].contains('\n');
    while first > 0
        && capital(words[first - 1].1)
        && !article(words[first - 1].1)
        && bare(words[first - 1].1) == words[first - 1].1
        && first + 6 > head
        && same_line(first - 1)
    {
        first -= 1;
    }
    let mut last = head;
    if first == head {
        // A French name: lower-case links after the head ("Cellule conjointe de surveillance du cessez-le-feu").
        while last + 1 < words.len() && FRENCH_LINKS.contains(&bare(words[last + 1].1).to_lowercase().as_str()) && last < head + 8 {
            last += 1;
            if bare(words[last].1) != words[last].1 {
                break;
            }
        }
        while last > head && matches!(bare(words[last].1).to_lowercase().as_str(), "de" | "du" | "des" | "la" | "le" | "pour") {
            last -= 1;
        }
    }
    if first == head && last == head {
        return None;
    }
    let start = words[first].0;
    let end = words[last].0 + words[last].1.len();
    Some(lead[start..end].trim_end_matches(|c: char| !c.is_alphanumeric()).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::layout;

    #[test]
    fn report_day_from_header_or_dateline() {
        let t = "date 2017-02\nText.";
        assert_eq!(report_day(t, &layout(t)), Some(ReportDay::Month { year: 2017, month: 2 }));
        let t = "MOSCOW, February 5, 2017 (TASS) - Nine violations were registered.";
        assert_eq!(report_day(t, &layout(t)), Some(ReportDay::Day(jiff::civil::date(2017, 2, 5))));
        let t = "Moscou, 5 février 2017. Neuf violations.";
        assert_eq!(report_day(t, &layout(t)), Some(ReportDay::Day(jiff::civil::date(2017, 2, 5))));
        let t = "Москва. 1 сентября 2016. Уже 530 населенных пунктов присоединились к процессу примирения.";
        assert_eq!(report_day(t, &layout(t)), Some(ReportDay::Day(jiff::civil::date(2016, 9, 1))));
        let t = "Nothing dated here. Since 30 December 2016 the truce holds.";
        assert_eq!(report_day(t, &layout(t)), None);
    }

    #[test]
    fn a_monitoring_body_named_in_the_lead() {
        let t = "DAMASCUS, March 2, 2024. Daily bulletin No. 66 of the Joint Ceasefire Monitoring Cell (JCMC).";
        assert_eq!(reporter(t, &layout(t)).as_deref(), Some("Joint Ceasefire Monitoring Cell"));
        let t = "La Cellule conjointe de surveillance du cessez-le-feu a diffusé le 5 mars 2024 son bulletin.";
        assert_eq!(reporter(t, &layout(t)).as_deref(), Some("Cellule conjointe de surveillance du cessez-le-feu"));
        let t = "Nine violations were registered in the cell of the prison.";
        assert_eq!(reporter(t, &layout(t)), None);
        let t = "МОСКВА, 5 авг. Количество населенных пунктов увеличилось до 353, сообщается в бюллетене российского Центра по примирению враждующих сторон.";
        assert_eq!(reporter(t, &layout(t)).as_deref(), Some("Russian Centre for Reconciliation of Opposing Sides in Syria"));
        let t = "За сутки зафиксировано 20 нарушений, сообщает Минобороны РФ.";
        assert_eq!(reporter(t, &layout(t)).as_deref(), Some("Russian Ministry of Defence"));
    }

    #[test]
    fn language_by_function_words() {
        assert_eq!(detect_lang("Les troupes ont repris le contrôle de la ville"), Some(Lang::Fr));
        assert_eq!(detect_lang("The troops have regained control of the town"), Some(Lang::En));
        assert_eq!(detect_lang("В Сирии за сутки зафиксировано 20 нарушений"), Some(Lang::Ru));
        assert_eq!(detect_lang("1234 5678"), None);
    }
}

#[cfg(test)]
mod lead_tests {
    use super::*;
    use crate::segment::layout;

    #[test]
    fn report_day_from_a_dated_lead() {
        let t = "Situation report No. 79, issued by the Cell on March 15, 2024.\nEleven breaches.";
        assert_eq!(report_day(t, &layout(t)), Some(ReportDay::Day(jiff::civil::date(2024, 3, 15))));
    }
}
