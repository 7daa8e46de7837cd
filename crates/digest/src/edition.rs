//! Editions and the schedule that places them in time.
//!
//! An edition covers what the ledger learnt between the previous edition's
//! cut and its own: the evening edition of a day follows its morning
//! edition, and the morning edition follows the evening of the day before.
//! Because the windows are computed from the schedule alone, an edition's
//! content is fixed once its cut has passed: rerunning it later gives the
//! same digest, and a delivery retried the next day sends the same text.

use crate::DigestError;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use std::fmt;
use std::str::FromStr;

/// Morning or evening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionKind {
    Morning,
    Evening,
}

impl EditionKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            EditionKind::Morning => "morning",
            EditionKind::Evening => "evening",
        }
    }
}

impl fmt::Display for EditionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EditionKind {
    type Err = DigestError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "morning" => Ok(EditionKind::Morning),
            "evening" => Ok(EditionKind::Evening),
            _ => Err(DigestError::Invalid(format!("unknown edition {s:?} (expected morning or evening)"))),
        }
    }
}

/// One edition: a day and morning or evening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edition {
    pub date: Date,
    pub kind: EditionKind,
}

impl Edition {
    pub const fn new(date: Date, kind: EditionKind) -> Self {
        Edition { date, kind }
    }

    /// The edition before this one (`None` before the calendar's start).
    pub fn previous(self) -> Option<Edition> {
        match self.kind {
            EditionKind::Evening => Some(Edition::new(self.date, EditionKind::Morning)),
            EditionKind::Morning => self.date.yesterday().ok().map(|d| Edition::new(d, EditionKind::Evening)),
        }
    }

    /// The edition after this one.
    pub fn next(self) -> Option<Edition> {
        match self.kind {
            EditionKind::Morning => Some(Edition::new(self.date, EditionKind::Evening)),
            EditionKind::Evening => self.date.tomorrow().ok().map(|d| Edition::new(d, EditionKind::Morning)),
        }
    }

    /// `2024-03-31/evening`: the edition's name in the delivery log, feed
    /// ids and message ids. Never changes for a given edition.
    pub fn key(self) -> String {
        format!("{}/{}", self.date, self.kind)
    }

    /// The edition named by [`Edition::key`].
    pub fn from_key(key: &str) -> Result<Edition, DigestError> {
        let bad = || DigestError::Invalid(format!("{key:?} is not an edition (expected e.g. 2024-03-31/evening)"));
        let (date, kind) = key.split_once('/').ok_or_else(bad)?;
        Ok(Edition::new(date.parse().map_err(|_| bad())?, kind.parse().map_err(|_| bad())?))
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.date)
    }
}

/// When the editions close, in one time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub morning: Time,
    pub evening: Time,
    pub tz: TimeZone,
}

impl Default for Schedule {
    /// 07:00 and 19:00 UTC.
    fn default() -> Self {
        Schedule { morning: Time::constant(7, 0, 0, 0), evening: Time::constant(19, 0, 0, 0), tz: TimeZone::UTC }
    }
}

impl Schedule {
    /// Checks the morning comes before the evening: otherwise the windows
    /// would overlap or leave a gap.
    pub fn new(morning: Time, evening: Time, tz: TimeZone) -> Result<Schedule, DigestError> {
        if morning >= evening {
            return Err(DigestError::Invalid(format!("the morning edition ({morning}) must close before the evening edition ({evening})")));
        }
        Ok(Schedule { morning, evening, tz })
    }

    /// The moment `edition` closes: what was recorded up to it (inclusive)
    /// is in it or in an earlier edition.
    pub fn cut(&self, edition: Edition) -> Result<Timestamp, DigestError> {
        let time = match edition.kind {
            EditionKind::Morning => self.morning,
            EditionKind::Evening => self.evening,
        };
        edition.date.to_datetime(time).to_zoned(self.tz.clone()).map(|z| z.timestamp()).map_err(|e| DigestError::Invalid(format!("edition {edition}: {e}")))
    }

    /// The recorded-time window of `edition`: after the previous edition's
    /// cut, up to and including its own.
    pub fn window(&self, edition: Edition) -> Result<(Timestamp, Timestamp), DigestError> {
        let until = self.cut(edition)?;
        let since = match edition.previous() {
            Some(p) => self.cut(p)?,
            None => Timestamp::MIN,
        };
        Ok((since, until))
    }

    /// The latest edition closed at `now`: the one `truce deliver` sends.
    pub fn latest_closed(&self, now: Timestamp) -> Result<Edition, DigestError> {
        let local: Zoned = now.to_zoned(self.tz.clone());
        let mut e = Edition::new(local.date(), EditionKind::Evening);
        // At most three steps back: this evening, this morning, yesterday evening.
        for _ in 0..3 {
            if self.cut(e)? <= now {
                return Ok(e);
            }
            e = e.previous().ok_or_else(|| DigestError::Invalid("no edition before the start of the calendar".into()))?;
        }
        Err(DigestError::Invalid(format!("no closed edition found before {now}")))
    }

    /// The edition whose window holds `t` (the first to close at or after it).
    pub fn edition_of(&self, t: Timestamp) -> Result<Edition, DigestError> {
        let closed = self.latest_closed(t)?;
        if self.cut(closed)? == t {
            return Ok(closed);
        }
        closed.next().ok_or_else(|| DigestError::Invalid(format!("no edition after {t}")))
    }
}

/// "07:00" or "07:00:00".
pub fn parse_time(s: &str) -> Result<Time, DigestError> {
    s.trim().parse::<Time>().map_err(|_| DigestError::Invalid(format!("{s:?} is not a time of day (expected HH:MM, e.g. 07:00)")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn windows_follow_each_other_without_gap_or_overlap() {
        let s = Schedule::default();
        let m = Edition::new(date(2024, 3, 31), EditionKind::Morning);
        let (since, until) = s.window(m).unwrap();
        assert_eq!(since, ts("2024-03-30T19:00:00Z"));
        assert_eq!(until, ts("2024-03-31T07:00:00Z"));
        let (since2, _) = s.window(m.next().unwrap()).unwrap();
        assert_eq!(since2, until);
        assert_eq!(m.next().unwrap().next().unwrap().previous().unwrap().previous().unwrap(), m);
    }

    #[test]
    fn the_latest_closed_edition_and_the_edition_of_a_moment() {
        let s = Schedule::new(Time::constant(6, 30, 0, 0), Time::constant(18, 0, 0, 0), TimeZone::fixed(jiff::tz::offset(3))).unwrap();
        // 05:00 local on the 31st: yesterday evening is the latest.
        assert_eq!(s.latest_closed(ts("2024-03-31T02:00:00Z")).unwrap(), Edition::new(date(2024, 3, 30), EditionKind::Evening));
        // 06:30 local exactly: the morning has closed.
        assert_eq!(s.latest_closed(ts("2024-03-31T03:30:00Z")).unwrap(), Edition::new(date(2024, 3, 31), EditionKind::Morning));
        assert_eq!(s.edition_of(ts("2024-03-31T03:30:00Z")).unwrap(), Edition::new(date(2024, 3, 31), EditionKind::Morning));
        assert_eq!(s.edition_of(ts("2024-03-31T03:30:01Z")).unwrap(), Edition::new(date(2024, 3, 31), EditionKind::Evening));
        assert_eq!(s.latest_closed(ts("2024-03-31T22:00:00Z")).unwrap(), Edition::new(date(2024, 3, 31), EditionKind::Evening));
    }

    #[test]
    fn a_morning_after_the_evening_is_refused() {
        assert!(Schedule::new(Time::constant(20, 0, 0, 0), Time::constant(8, 0, 0, 0), TimeZone::UTC).is_err());
        assert_eq!("Evening".parse::<EditionKind>().unwrap(), EditionKind::Evening);
        assert!("noon".parse::<EditionKind>().is_err());
    }
}
