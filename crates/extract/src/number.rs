//! Numbers as bulletins write them: grouped digits in French and English
//! conventions, and number words in both languages.

use crate::token::{Token, TokenKind, is_group_space};
use truce_model::Lang;

/// The value of a digit token. French writes "1 357,2" and "2.022", English
/// "1,357.2" and "6.2"; a separator followed by exactly three digits groups
/// thousands, any other one is the decimal mark.
pub fn parse_digits(text: &str, lang: Lang) -> Option<f64> {
    // Most figures are plain digits ("24", "2017"): exact as an integer below
    // 2^53, which fifteen digits always are.
    if (1..=15).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')) as f64);
    }
    let cleaned: String = text.chars().filter(|&c| !is_group_space(c)).collect();
    let seps: Vec<(usize, char)> = cleaned.char_indices().filter(|(_, c)| *c == ',' || *c == '.').collect();
    let mut digits = String::with_capacity(cleaned.len());
    for (i, c) in cleaned.char_indices() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let group_len = cleaned[i + 1..].chars().take_while(char::is_ascii_digit).count();
        let is_last = seps.last().is_some_and(|&(j, _)| j == i);
        let grouping = if !is_last {
            true
        } else if group_len != 3 {
            false
        } else {
            match (c, lang) {
                // A mix ("3,086.5"): the last separator is the decimal mark.
                _ if seps.len() > 1 && seps[0].1 != c => false,
                // Russian writes decimals as French does: "2807,86", "1,5".
                (',', Lang::Fr | Lang::Ru) | ('.', Lang::En) => seps.len() > 1,
                _ => true,
            }
        };
        if !grouping {
            digits.push('.');
        }
    }
    digits.parse().ok()
}

/// A number written in words, and how many tokens it spans.
pub fn parse_words(tokens: &[Token<'_>], lang: Lang) -> Option<(f64, usize)> {
    // Asked at every word of a sentence: a plain word that names no number
    // starts none.
    let first = tokens.first()?;
    if first.kind != TokenKind::Word || !first.norm.contains('-') && word_value(&first.norm, lang).is_none() {
        return None;
    }
    let mut total = 0.0;
    let mut current = 0.0;
    let mut used = 0;
    let mut seen = false;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.kind != TokenKind::Word {
            break;
        }
        let mut parts_ok = true;
        let mut any = false;
        if lang == Lang::Fr
            && let Some(v) = french_compound(&t.norm)
        {
            current += v;
            seen = true;
            i += 1;
            used = i;
            continue;
        }
        for part in t.norm.split('-') {
            match word_value(part, lang) {
                Some(WordValue::Unit(v)) => {
                    current += v;
                    any = true;
                }
                // "thousands of Syrians", "des centaines": vague, not a number.
                Some(WordValue::Hundred | WordValue::Thousand | WordValue::Million) if !seen && current == 0.0 && total == 0.0 && part_is_plural(part) => {
                    parts_ok = false;
                    break;
                }
                Some(WordValue::Hundred) => {
                    current = if current == 0.0 { 100.0 } else { current * 100.0 };
                    any = true;
                }
                Some(WordValue::Thousand) => {
                    total += if current == 0.0 { 1000.0 } else { current * 1000.0 };
                    current = 0.0;
                    any = true;
                }
                Some(WordValue::Million) => {
                    total += if current == 0.0 { 1e6 } else { current * 1e6 };
                    current = 0.0;
                    any = true;
                }
                Some(WordValue::Joiner) if seen => {}
                _ => {
                    parts_ok = false;
                    break;
                }
            }
        }
        if !parts_ok || !any {
            // "vingt et un", "one hundred and five": a joiner continues a number.
            let joiner = matches!(t.norm.as_ref(), "et" | "and") && seen;
            if joiner && i + 1 < tokens.len() && parse_words(&tokens[i + 1..i + 2], lang).is_some() {
                i += 1;
                continue;
            }
            break;
        }
        seen = true;
        i += 1;
        used = i;
    }
    seen.then_some((total + current, used))
}

fn part_is_plural(part: &str) -> bool {
    matches!(part, "hundreds" | "thousands" | "millions" | "cents" | "milliers" | "centaines" | "сотни" | "тысячи" | "миллионы")
}

/// Russian number words in every case the bulletins use them ("пять",
/// "пяти", "семь случаев", "одна гуманитарная акция"), folded.
fn russian_word_value(w: &str) -> Option<WordValue> {
    use WordValue::*;
    // Units and teens by stem: the case ending follows the stem.
    const UNITS: [(&str, f64); 20] = [
        ("одиннадцат", 11.0),
        ("двенадцат", 12.0),
        ("тринадцат", 13.0),
        ("четырнадцат", 14.0),
        ("пятнадцат", 15.0),
        ("шестнадцат", 16.0),
        ("семнадцат", 17.0),
        ("восемнадцат", 18.0),
        ("девятнадцат", 19.0),
        ("двадцат", 20.0),
        ("тридцат", 30.0),
        ("пятьдесят", 50.0),
        ("пятидесят", 50.0),
        ("шестьдесят", 60.0),
        ("шестидесят", 60.0),
        ("семьдесят", 70.0),
        ("семидесят", 70.0),
        ("восемьдесят", 80.0),
        ("восьмидесят", 80.0),
        ("девяност", 90.0),
    ];
    if let Some(&(_, v)) = UNITS.iter().find(|(stem, _)| w.starts_with(stem)) {
        return Some(Unit(v));
    }
    let v = match w {
        "ноль" | "нуль" => 0.0,
        "один" | "одна" | "одно" | "одного" | "однои" | "одну" | "одним" | "одном" | "одному" => 1.0,
        "два" | "две" | "двух" | "двум" | "двумя" => 2.0,
        "три" | "трех" | "трем" | "тремя" => 3.0,
        "четыре" | "четырех" | "четырем" | "четырьмя" => 4.0,
        "пять" | "пяти" | "пятью" => 5.0,
        "шесть" | "шести" | "шестью" => 6.0,
        "семь" | "семи" => 7.0,
        "восемь" | "восьми" | "восемью" => 8.0,
        "девять" | "девяти" | "девятью" => 9.0,
        "десять" | "десяти" | "десятью" => 10.0,
        "сорок" | "сорока" => 40.0,
        "сто" | "ста" => 100.0,
        "двести" | "двухсот" => 200.0,
        "триста" | "трехсот" => 300.0,
        "четыреста" | "четырехсот" => 400.0,
        "пятьсот" | "пятисот" => 500.0,
        "шестьсот" | "шестисот" => 600.0,
        "семьсот" | "семисот" => 700.0,
        "восемьсот" | "восьмисот" => 800.0,
        "девятьсот" | "девятисот" => 900.0,
        "тысяча" | "тысячи" | "тысяч" | "тысячу" | "тыс" => return Some(Thousand),
        "миллион" | "миллиона" | "миллионов" | "млн" => return Some(Million),
        _ => return None,
    };
    Some(Unit(v))
}

/// "370 тысяч", "1,5 тыс.", "2.5 million": a word after digits that
/// scales them. Returns the factor and how many tokens it spans (the
/// abbreviation's full stop included).
pub fn scale_after(tokens: &[Token<'_>]) -> Option<(f64, usize)> {
    let t = tokens.first().filter(|t| t.kind == TokenKind::Word)?;
    let factor = match t.norm.as_ref() {
        "тысяча" | "тысячи" | "тысяч" | "тыс" | "thousand" | "mille" => 1e3,
        "миллион" | "миллиона" | "миллионов" | "млн" | "million" | "millions" => 1e6,
        _ => return None,
    };
    let stop = matches!(t.norm.as_ref(), "тыс" | "млн") && tokens.get(1).is_some_and(|n| n.is_punct("."));
    Some((factor, 1 + stop as usize))
}

enum WordValue {
    Unit(f64),
    Hundred,
    Thousand,
    Million,
    Joiner,
}

fn word_value(w: &str, lang: Lang) -> Option<WordValue> {
    use WordValue::*;
    let v = match lang {
        Lang::Fr => match w {
            "zero" => 0.0,
            "un" | "une" => 1.0,
            "deux" => 2.0,
            "trois" => 3.0,
            "quatre" => 4.0,
            "cinq" => 5.0,
            "six" => 6.0,
            "sept" => 7.0,
            "huit" => 8.0,
            "neuf" => 9.0,
            "dix" => 10.0,
            "onze" => 11.0,
            "douze" => 12.0,
            "treize" => 13.0,
            "quatorze" => 14.0,
            "quinze" => 15.0,
            "seize" => 16.0,
            "vingt" | "vingts" => 20.0,
            "trente" => 30.0,
            "quarante" => 40.0,
            "cinquante" => 50.0,
            "soixante" => 60.0,
            "septante" => 70.0,
            "huitante" | "octante" => 80.0,
            "nonante" => 90.0,
            "cent" | "cents" => return Some(Hundred),
            "mille" => return Some(Thousand),
            "million" | "millions" => return Some(Million),
            "et" => return Some(Joiner),
            _ => return None,
        },
        Lang::Ru => return russian_word_value(w),
        Lang::En => match w {
            "zero" => 0.0,
            "one" => 1.0,
            "two" => 2.0,
            "three" => 3.0,
            "four" => 4.0,
            "five" => 5.0,
            "six" => 6.0,
            "seven" => 7.0,
            "eight" => 8.0,
            "nine" => 9.0,
            "ten" => 10.0,
            "eleven" => 11.0,
            "twelve" => 12.0,
            "thirteen" => 13.0,
            "fourteen" => 14.0,
            "fifteen" => 15.0,
            "sixteen" => 16.0,
            "seventeen" => 17.0,
            "eighteen" => 18.0,
            "nineteen" => 19.0,
            "twenty" => 20.0,
            "thirty" => 30.0,
            "forty" => 40.0,
            "fifty" => 50.0,
            "sixty" => 60.0,
            "seventy" => 70.0,
            "eighty" => 80.0,
            "ninety" => 90.0,
            "hundred" | "hundreds" => return Some(Hundred),
            "thousand" | "thousands" => return Some(Thousand),
            "million" | "millions" => return Some(Million),
            "and" => return Some(Joiner),
            _ => return None,
        },
    };
    Some(Unit(v))
}

/// French "quatre-vingt-dix" and "soixante-dix" are products and sums, not
/// plain sums; fix the value of one hyphenated token.
pub fn french_compound(norm: &str) -> Option<f64> {
    // Asked of every word of a French sentence: most hold no "vingt".
    if !norm.contains("vingt") {
        return None;
    }
    let parts: Vec<&str> = norm.split('-').filter(|p| *p != "et").collect();
    if !parts.iter().any(|p| p.starts_with("vingt")) || parts.len() < 2 {
        return None;
    }
    let mut value = 0.0;
    let mut i = 0;
    while i < parts.len() {
        if parts[i] == "quatre" && parts.get(i + 1).is_some_and(|p| p.starts_with("vingt")) {
            value += 80.0;
            i += 2;
            continue;
        }
        match word_value(parts[i], Lang::Fr) {
            Some(WordValue::Unit(v)) => value += v,
            _ => return None,
        }
        i += 1;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn digits_in_both_conventions() {
        let cases = [
            ("1 357,2", Lang::Fr, 1357.2),
            ("1\u{a0}222", Lang::Fr, 1222.0),
            ("20,5", Lang::Fr, 20.5),
            ("2.022", Lang::Fr, 2022.0),
            ("5.800", Lang::Fr, 5800.0),
            ("3,2", Lang::Fr, 3.2),
            ("20.6", Lang::Fr, 20.6),
            ("1,357.2", Lang::En, 1357.2),
            ("1,446", Lang::En, 1446.0),
            ("6.2", Lang::En, 6.2),
            ("3,086.5", Lang::En, 3086.5),
            ("1, 341", Lang::En, 1341.0),
            ("1.234.567", Lang::En, 1234567.0),
            ("1,5", Lang::En, 1.5),
            ("3.792", Lang::En, 3.792),
        ];
        for (text, lang, want) in cases {
            assert_eq!(parse_digits(text, lang), Some(want), "{text}");
        }
    }

    fn words(s: &str, lang: Lang) -> Option<(f64, usize)> {
        let t = tokenize(s, 0, s.len());
        parse_words(&t, lang)
    }

    #[test]
    fn number_words() {
        assert_eq!(words("dix accords", Lang::Fr), Some((10.0, 1)));
        assert_eq!(words("vingt et un villages", Lang::Fr), Some((21.0, 3)));
        assert_eq!(words("deux cents personnes", Lang::Fr), Some((200.0, 2)));
        assert_eq!(words("twelve settlements", Lang::En), Some((12.0, 1)));
        assert_eq!(words("two hundred people", Lang::En), Some((200.0, 2)));
        assert_eq!(words("twenty-one units", Lang::En), Some((21.0, 1)));
        assert_eq!(words("one hundred and five", Lang::En), Some((105.0, 4)));
        assert_eq!(words("and five", Lang::En), None);
        assert_eq!(words("quatre-vingt-deux", Lang::Fr), Some((82.0, 1)));
        assert_eq!(words("settlements", Lang::En), None);
        assert_eq!(french_compound("quatre-vingt-dix"), Some(90.0));
        assert_eq!(words("soixante-dix", Lang::Fr), Some((70.0, 1)));
    }

    #[test]
    fn russian_numbers_in_every_case() {
        assert_eq!(words("семь случаев", Lang::Ru), Some((7.0, 1)));
        assert_eq!(words("командирами пяти отрядов", Lang::Ru), None);
        assert_eq!(words("пяти отрядов", Lang::Ru), Some((5.0, 1)));
        assert_eq!(words("одна гуманитарная акция", Lang::Ru), Some((1.0, 1)));
        assert_eq!(words("двадцать три", Lang::Ru), Some((23.0, 2)));
        assert_eq!(words("двести сорок семь", Lang::Ru), Some((247.0, 3)));
        assert_eq!(words("одиннадцати", Lang::Ru), Some((11.0, 1)));
        assert_eq!(words("две тысячи", Lang::Ru), Some((2000.0, 2)));
        // "тысячи беженцев" alone is "thousands of refugees": no number.
        assert_eq!(words("тысячи беженцев", Lang::Ru), None);
        // Russian writes the decimal mark as a comma, like French.
        assert_eq!(parse_digits("2807,86", Lang::Ru), Some(2807.86));
        assert_eq!(parse_digits("1 841", Lang::Ru), Some(1841.0));
        assert_eq!(parse_digits("1,5", Lang::Ru), Some(1.5));
    }

    #[test]
    fn a_word_after_digits_scales_them() {
        let t = tokenize("тыс. беженцев", 0, "тыс. беженцев".len());
        assert_eq!(scale_after(&t), Some((1000.0, 2)));
        let t = tokenize("тысяч человек", 0, "тысяч человек".len());
        assert_eq!(scale_after(&t), Some((1000.0, 1)));
        let t = tokenize("million people", 0, 14);
        assert_eq!(scale_after(&t), Some((1e6, 1)));
        let t = tokenize("беженцев", 0, "беженцев".len());
        assert_eq!(scale_after(&t), None);
    }
}
