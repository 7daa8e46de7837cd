//! Dates as bulletins write them, resolved against the report day.
//!
//! "le 30 décembre dernier" in a February 2017 report is 2016-12-30;
//! "on Saturday" in a Sunday report is the day before. A date without a year
//! is the latest such day on or before the report day.

use crate::token::{Token, TokenKind};
use jiff::ToSpan;
use jiff::civil::Date;

/// A date found in a sentence, with the tokens it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    pub first: usize,
    /// One past the last token.
    pub end: usize,
    /// The day written, or the first day of the month or year written.
    pub date: Date,
    pub precision: Precision,
    /// Whether a weekday names the day ("mercredi", "on Saturday"): news
    /// stories date events that way, daily bulletins seldom do.
    pub weekday: bool,
}

/// How much of a date the text wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Day,
    /// "since July 2018", "в сентябре".
    Month,
    /// "in 2017", "в 2017 году".
    Year,
}

impl DateMention {
    /// Whether the text names a whole month or year rather than a day.
    pub fn is_period(&self) -> bool {
        self.precision != Precision::Day
    }
}

/// Month and weekday names are in the language profiles (`lang/*.toml`).
pub use crate::lexicon::{month_number, weekday};

fn small_int(t: &Token<'_>, max: u16) -> Option<u16> {
    if t.kind != TokenKind::Digits || t.text.len() > 4 {
        return None;
    }
    t.text.parse::<u16>().ok().filter(|&n| n >= 1 && n <= max)
}

fn year(t: Option<&Token<'_>>) -> Option<i16> {
    let t = t?;
    (t.kind == TokenKind::Digits && t.text.len() == 4).then(|| t.text.parse::<i16>().ok()).flatten().filter(|y| (1900..=2200).contains(y))
}

/// The latest `month`/`day` on or before `anchor`.
fn latest(month: i8, day: i8, anchor: Date) -> Option<Date> {
    let this_year = Date::new(anchor.year(), month, day).ok()?;
    if this_year <= anchor { Some(this_year) } else { Date::new(anchor.year() - 1, month, day).ok() }
}

/// Finds every date in `tokens`, resolving missing years and weekdays
/// against `anchor`.
pub fn find_dates(tokens: &[Token<'_>], anchor: Option<Date>) -> Vec<DateMention> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if let Some(m) = date_at(tokens, i, anchor) {
            i = m.end;
            found.push(m);
        } else {
            i += 1;
        }
    }
    found
}

fn ordinal_suffix(t: Option<&Token<'_>>) -> bool {
    t.is_some_and(|t| matches!(t.norm.as_ref(), "er" | "st" | "nd" | "rd" | "th"))
}

fn date_at(tokens: &[Token<'_>], i: usize, anchor: Option<Date>) -> Option<DateMention> {
    let t = &tokens[i];
    // Asked at every token: a date starts with a number or a word.
    if t.kind == TokenKind::Punct {
        return None;
    }
    // "30 décembre [2016]", "1er janvier", "30 December 2016", "18th of July"
    if let Some(day) = small_int(t, 31) {
        let mut j = i + 1;
        if ordinal_suffix(tokens.get(j)) {
            j += 1;
        }
        if tokens.get(j).is_some_and(|t| t.is("of")) {
            j += 1;
        }
        let month = tokens.get(j).and_then(|t| month_number(&t.norm))?;
        // "mai" is also a French noun only in odd contexts; "may" is an English
        // modal: a bare "may" needs a day before it, which it has here.
        let y = year(tokens.get(j + 1));
        let end = if y.is_some() { j + 2 } else { j + 1 };
        let date = match y {
            Some(y) => Date::new(y, month, day as i8).ok()?,
            None => latest(month, day as i8, anchor?)?,
        };
        return Some(DateMention { first: i, end, date, precision: Precision::Day, weekday: false });
    }
    if let Some(month) = month_number(&t.norm) {
        if t.norm == "may" && !t.is_capitalised() {
            return None;
        }
        // "December 30, 2016", "January 1st", "July 2018", "Feb. 27"
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.is_punct(".")) && tokens.get(j + 1).is_some_and(|t| small_int(t, 31).is_some()) {
            j += 1;
        }
        if let Some(day) = tokens.get(j).and_then(|t| small_int(t, 31)) {
            j += 1;
            if ordinal_suffix(tokens.get(j)) {
                j += 1;
            }
            let mut k = j;
            if tokens.get(k).is_some_and(|t| t.is_punct(",")) {
                k += 1;
            }
            let (date, end) = match year(tokens.get(k)) {
                Some(y) => (Date::new(y, month, day as i8).ok()?, k + 1),
                None => (latest(month, day as i8, anchor?)?, j),
            };
            return Some(DateMention { first: i, end, date, precision: Precision::Day, weekday: false });
        }
        if let Some(y) = year(tokens.get(j)) {
            let date = Date::new(y, month, 1).ok()?;
            return Some(DateMention { first: i, end: j + 1, date, precision: Precision::Month, weekday: false });
        }
        // "в сентябре", "in September", "au mois de septembre": the latest
        // such month, a closed period. A bare month name needs its
        // preposition: "mars" and "may" are other words too.
        if i > 0 && tokens[i - 1].kind == TokenKind::Word && matches!(tokens[i - 1].norm.as_ref(), "in" | "en" | "de" | "during" | "durant" | "pendant") {
            let anchor = anchor?;
            let this_year = Date::new(anchor.year(), month, 1).ok()?;
            let date = if this_year <= anchor { this_year } else { Date::new(anchor.year() - 1, month, 1).ok()? };
            return Some(DateMention { first: i, end: j, date, precision: Precision::Month, weekday: false });
        }
        return None;
    }
    if let Some(wd) = weekday(&t.norm) {
        // "mardi 13 septembre": the explicit date wins.
        // "Saturday, February 27" too.
        let next = if tokens.get(i + 1).is_some_and(|t| t.is_punct(",")) { i + 2 } else { i + 1 };
        if let Some(m) = tokens.get(next).and_then(|_| date_at(tokens, next, anchor)) {
            return Some(DateMention { first: i, weekday: true, ..m });
        }
        let anchor = anchor?;
        let back = (anchor.weekday().to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7);
        let date = anchor.checked_sub((back as i64).days()).ok()?;
        let mut end = i + 1;
        if tokens.get(end).is_some_and(|t| t.is("dernier")) {
            end += 1;
        }
        return Some(DateMention { first: i, end, date, precision: Precision::Day, weekday: true });
    }
    // "in 2017", "en 2017", "в 2017 году": a year named as a period.
    if let Some(y) = year(Some(t))
        && i > 0
        && matches!(tokens[i - 1].norm.as_ref(), "in" | "en" | "during" | "durant" | "pendant")
    {
        let mut end = i + 1;
        if tokens.get(end).is_some_and(|t| t.norm == "year") {
            end += 1;
        }
        return Some(DateMention { first: i, end, date: Date::new(y, 1, 1).ok()?, precision: Precision::Year, weekday: false });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;
    use jiff::civil::date;

    fn first(s: &str, anchor: Date) -> Option<Date> {
        let t = tokenize(s, 0, s.len());
        find_dates(&t, Some(anchor)).first().map(|m| m.date)
    }

    #[test]
    fn absolute_and_yearless_dates() {
        let feb = date(2017, 2, 1);
        assert_eq!(first("le 30 décembre dernier", feb), Some(date(2016, 12, 30)));
        assert_eq!(first("depuis le 1er janvier 2017", feb), Some(date(2017, 1, 1)));
        assert_eq!(first("since January 1, 2017", feb), Some(date(2017, 1, 1)));
        assert_eq!(first("on December 30, 2016,", feb), Some(date(2016, 12, 30)));
        assert_eq!(first("on 30 December 2016", feb), Some(date(2016, 12, 30)));
        assert_eq!(first("since July 2018", date(2018, 12, 20)), Some(date(2018, 7, 1)));
        assert_eq!(first("since July 18", date(2018, 12, 29)), Some(date(2018, 7, 18)));
        assert_eq!(first("February 29", date(2017, 3, 1)), None);
        assert_eq!(first("you may go", feb), None);
        assert_eq!(first("came into force on Feb. 27", date(2016, 8, 8)), Some(date(2016, 2, 27)));
    }

    #[test]
    fn months_and_years_named_as_periods() {
        let t = "с 773 в сентябре до 197 в октябре";
        let found = find_dates(&tokenize(t, 0, t.len()), Some(date(2018, 10, 31)));
        assert_eq!(
            found.iter().map(|d| (d.date, d.precision)).collect::<Vec<_>>(),
            [(date(2018, 9, 1), Precision::Month), (date(2018, 10, 1), Precision::Month)]
        );
        assert_eq!(first("in November, 773 violations", date(2019, 2, 1)), Some(date(2018, 11, 1)));
        let t = "вернулись в 2017 году";
        let found = find_dates(&tokenize(t, 0, t.len()), Some(date(2017, 5, 24)));
        assert_eq!(found[0].precision, Precision::Year);
        assert_eq!(found[0].date, date(2017, 1, 1));
        // A month name alone is not a date: "mars" is also a planet.
        assert_eq!(first("les mars de la ville", date(2017, 5, 24)), None);
        assert_eq!(first("2017 violations", date(2017, 5, 24)), None);
    }

    #[test]
    fn russian_months_in_the_genitive_and_abbreviated() {
        let feb = date(2017, 2, 10);
        assert_eq!(first("5 февраля 2017", feb), Some(date(2017, 2, 5)));
        assert_eq!(first("вступил в силу в полночь 27 февраля", date(2016, 3, 7)), Some(date(2016, 2, 27)));
        assert_eq!(first("МОСКВА, 22 июл — РИА Новости", date(2018, 7, 22)), Some(date(2018, 7, 22)));
        assert_eq!(first("с 30 декабря 2016 года", feb), Some(date(2016, 12, 30)));
        assert_eq!(first("опубликованном в четверг", date(2018, 12, 27)), Some(date(2018, 12, 27)));
        assert_eq!(first("пять нарушений", feb), None);
    }

    #[test]
    fn weekdays_are_the_latest_such_day() {
        // 2016-03-04 was a Friday, 2017-03-05 a Sunday.
        assert_eq!(first("depuis samedi dernier", date(2016, 3, 4)), Some(date(2016, 2, 27)));
        assert_eq!(first("On Saturday, the number", date(2017, 3, 5)), Some(date(2017, 3, 4)));
        assert_eq!(first("mardi 13 septembre", date(2016, 9, 14)), Some(date(2016, 9, 13)));
    }
}
