//! A document and what extraction read from it.

use crate::{Claim, Diagnostic};
use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The language a bulletin is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
    Ru,
}

impl Lang {
    pub const fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (expected fr, en or ru)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "fr" | "fra" | "french" | "français" => Ok(Lang::Fr),
            "en" | "eng" | "english" => Ok(Lang::En),
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            _ => Err(UnknownLang(s.to_owned())),
        }
    }
}

/// The day a report speaks for. Some sources give only the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportDay {
    Day(Date),
    Month { year: i16, month: i8 },
}

impl ReportDay {
    /// The day to resolve relative dates against: the day itself, or the
    /// first of the month where only the month is known.
    pub fn anchor(self) -> Date {
        match self {
            ReportDay::Day(d) => d,
            ReportDay::Month { year, month } => Date::new(year, month, 1).unwrap_or(Date::constant(1970, 1, 1)),
        }
    }

    /// The exact day, when the report gives one.
    pub fn day(self) -> Option<Date> {
        match self {
            ReportDay::Day(d) => Some(d),
            ReportDay::Month { .. } => None,
        }
    }
}

impl fmt::Display for ReportDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportDay::Day(d) => write!(f, "{d}"),
            ReportDay::Month { year, month } => write!(f, "{year:04}-{month:02}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a report day {0:?} (expected YYYY-MM-DD or YYYY-MM)")]
pub struct BadReportDay(pub String);

impl FromStr for ReportDay {
    type Err = BadReportDay;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadReportDay(s.to_owned());
        let s = s.trim();
        if s.len() == 10 {
            return s.parse::<Date>().map(ReportDay::Day).map_err(|_| bad());
        }
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        Date::new(year, month, 1).map_err(|_| bad())?;
        Ok(ReportDay::Month { year, month })
    }
}

impl Serialize for ReportDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReportDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Who published a document and for which day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// A name for the document: its file stem, or what the caller chose.
    pub id: String,
    pub lang: Option<Lang>,
    pub published: Option<ReportDay>,
    /// The body whose figures the document reports.
    pub reporter: Option<String>,
}

/// Everything extraction read from one document: the spec's JSON object,
/// plus the warnings a person may want to check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub doc: Document,
    pub claims: Vec<Claim>,
    /// Text spans judged not to belong to the report (captions, adverts).
    pub boilerplate: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_days_parse_and_print() {
        let d: ReportDay = "2017-02-05".parse().unwrap();
        assert_eq!(d.to_string(), "2017-02-05");
        let m: ReportDay = "2017-02".parse().unwrap();
        assert_eq!(m, ReportDay::Month { year: 2017, month: 2 });
        assert_eq!(m.to_string(), "2017-02");
        assert_eq!(m.anchor(), jiff::civil::date(2017, 2, 1));
        for bad in ["2017", "2017-13", "2017-02-30", "17-02", "", "2017-2"] {
            assert!(bad.parse::<ReportDay>().is_err(), "{bad}");
        }
    }
}
