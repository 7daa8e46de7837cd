//! The Atom feed of the editions (RFC 4287), per language and per
//! governorate.
//!
//! Ids are tag URIs (RFC 4151) built from the edition, the language and the
//! governorate only, never from the host the feed was fetched from: a
//! reader that moves the server does not see every entry again. An entry's
//! `updated` is its edition's cut, since a closed edition never changes.

use crate::DigestError;
use crate::compose::{Audience, Digest, compose};
use crate::edition::{Edition, Schedule};
use crate::render::{html_fragment, title, xml_escape};
use jiff::Timestamp;
use truce_ledger::LedgerStore;
use truce_views::Language;

/// The tag URI authority and date of every truce id.
const TAG: &str = "tag:truce.invalid,2024:";

/// Entries a feed holds: two weeks of editions that had something to say.
pub const FEED_ENTRIES: usize = 28;

fn lang_code(lang: Language) -> &'static str {
    match lang {
        Language::En => "en",
        Language::Fr => "fr",
    }
}

/// The feed's id: one per language and governorate.
pub fn feed_id(audience: Audience) -> String {
    match audience.province {
        Some(g) => format!("{TAG}bulletin/{}/{}", lang_code(audience.lang), g.pcode()),
        None => format!("{TAG}bulletin/{}", lang_code(audience.lang)),
    }
}

/// An entry's id: the feed's id and the edition.
pub fn entry_id(audience: Audience, edition: Edition) -> String {
    format!("{}/{}", feed_id(audience), edition.key())
}

/// Recorded times asked of the ledger per edition still wanted: an
/// edition's documents each have their own time, so a page of one time per
/// edition would often end inside the first busy edition and cost another
/// query; a few per edition usually finds the feed in one or two. (An
/// edition's other times are skipped whatever the page, see below.)
const TIMES_PER_EDITION: usize = 4;

/// The editions closed by `now` in which the ledger learnt something,
/// newest first, at most `limit` of them, found from recorded times rather
/// than by composing edition after edition back in time: the documents'
/// (claims are recorded with their document) and those of the claims
/// recorded apart from a document (by hand, corrections), found through
/// indexes, so the claims table is never scanned.
///
/// The times are read back from the latest closed edition's cut a page at a
/// time. Once a time names an edition, the rest of that edition's window is
/// of no use, so the next page starts at the cut before it (inclusive
/// bounds, no microsecond arithmetic): every page finds at least one new
/// edition, so a feed costs at most `limit` + 1 queries however many
/// documents an edition holds, and reads about as many times as it needs
/// however long the history is.
pub fn editions_with_news(ledger: &dyn LedgerStore, schedule: &Schedule, now: Timestamp, limit: usize) -> Result<Vec<Edition>, DigestError> {
    editions_from_times(&mut |until, n| Ok(ledger.recorded_times(until, n)?), schedule, now, limit)
}

/// [`editions_with_news`] over any source of recorded times: `times(until,
/// n)` gives the latest `n` distinct times at or before `until`, newest
/// first, as [`LedgerStore::recorded_times`] does. Apart from the ledger so
/// that what the paging costs in queries can be counted.
fn editions_from_times(
    times: &mut dyn FnMut(Timestamp, usize) -> Result<Vec<Timestamp>, DigestError>,
    schedule: &Schedule,
    now: Timestamp,
    limit: usize,
) -> Result<Vec<Edition>, DigestError> {
    let mut found: Vec<Edition> = Vec::new();
    let mut until = schedule.cut(schedule.latest_closed(now)?)?;
    while found.len() < limit {
        let page = (limit - found.len()).saturating_mul(TIMES_PER_EDITION);
        let times = times(until, page)?;
        let complete = times.len() < page;
        for t in times {
            let e = schedule.edition_of(t)?;
            // Newest first, so an edition's times are together.
            if found.last() != Some(&e) {
                found.push(e);
                if found.len() == limit {
                    return Ok(found);
                }
            }
        }
        let Some(oldest) = found.last() else { break };
        // The window of `oldest` is (cut of the one before, its cut].
        match oldest.previous() {
            Some(before) if !complete => until = schedule.cut(before)?,
            _ => break,
        }
    }
    Ok(found)
}

/// Where the feed lives, for its links.
#[derive(Debug, Clone)]
pub struct FeedLinks {
    /// The feed's own URL (`rel="self"`), as the reader fetched it.
    pub self_url: String,
    /// The site's root, for `rel="alternate"` and entry links (no trailing slash).
    pub base_url: String,
}

/// The feed of `digests` (newest first), as an Atom document.
pub fn feed(digests: &[Digest], audience: Audience, links: &FeedLinks) -> String {
    let lang = lang_code(audience.lang);
    let feed_title = match (audience.lang, audience.province) {
        (Language::En, None) => "truce: morning and evening editions".to_owned(),
        (Language::Fr, None) => "truce : éditions du matin et du soir".to_owned(),
        (Language::En, Some(g)) => format!("truce: morning and evening editions — {}", truce_views::locale::governorate(g, audience.lang)),
        (Language::Fr, Some(g)) => format!("truce : éditions du matin et du soir — {}", truce_views::locale::governorate(g, audience.lang)),
    };
    // An empty feed is still valid: its `updated` is the start of the epoch
    // rather than "now", so fetching it twice gives the same bytes.
    let updated = digests.iter().map(|d| d.until).max().unwrap_or(Timestamp::UNIX_EPOCH);
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n"));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&feed_id(audience))));
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&feed_title)));
    out.push_str(&format!("  <updated>{}</updated>\n", rfc3339(updated)));
    out.push_str("  <author><name>truce</name></author>\n");
    out.push_str("  <generator>truce</generator>\n");
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", xml_escape(&links.self_url)));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}/\"/>\n", xml_escape(&links.base_url)));
    for d in digests {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&entry_id(audience, d.edition))));
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&title(d))));
        out.push_str(&format!("    <updated>{}</updated>\n", rfc3339(d.until)));
        out.push_str(&format!("    <published>{}</published>\n", rfc3339(d.until)));
        let day = d.items.first().and_then(|i| i.day).unwrap_or(d.edition.date);
        out.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&format!("{}/?date={day}", links.base_url))));
        out.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_escape(&html_fragment(d))));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// RFC 3339 in UTC with a `Z`, to the second: the form RFC 4287 asks for.
fn rfc3339(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Editions already composed, kept across feed requests: an edition is
/// what the ledger knew at its cut, and every write to a ledger is stamped
/// with the time it is made, so a closed edition never changes and its
/// digest can be kept for the life of the process. Keyed by ledger file too,
/// so one process serving several ledgers (tests do) keeps them apart.
#[derive(Debug, Default)]
pub struct EditionCache {
    map: std::sync::Mutex<std::collections::HashMap<(String, Edition, Audience), std::sync::Arc<Digest>>>,
}

/// Editions kept at most; past that the cache starts again (a feed needs
/// [`FEED_ENTRIES`] per audience, so this holds dozens of audiences).
const CACHE_LIMIT: usize = 4096;

impl EditionCache {
    fn get_or_compose(&self, ledger: &dyn LedgerStore, schedule: &Schedule, e: Edition, audience: Audience) -> Result<std::sync::Arc<Digest>, DigestError> {
        let key = (ledger.location().to_owned(), e, audience);
        let lock = || self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(d) = lock().get(&key) {
            return Ok(std::sync::Arc::clone(d));
        }
        let d = std::sync::Arc::new(compose(ledger, schedule, e, audience)?);
        let mut map = lock();
        if map.len() >= CACHE_LIMIT {
            map.clear();
        }
        map.insert(key, std::sync::Arc::clone(&d));
        Ok(d)
    }
}

/// The feed as served: the latest [`FEED_ENTRIES`] editions with news for
/// `audience`, closed by `now`, composed once each and then taken from
/// `cache`.
pub fn feed_from_ledger_cached(
    ledger: &dyn LedgerStore,
    schedule: &Schedule,
    audience: Audience,
    now: Timestamp,
    links: &FeedLinks,
    cache: &EditionCache,
) -> Result<String, DigestError> {
    // A governorate's feed skips editions with nothing for it, so it looks
    // further back among the editions with news.
    let candidates = if audience.province.is_some() { FEED_ENTRIES * 4 } else { FEED_ENTRIES };
    let mut digests = Vec::new();
    for e in editions_with_news(ledger, schedule, now, candidates)? {
        let d = cache.get_or_compose(ledger, schedule, e, audience)?;
        if !d.is_empty() {
            digests.push(d);
            if digests.len() >= FEED_ENTRIES {
                break;
            }
        }
    }
    let digests: Vec<Digest> = digests.iter().map(|d| Digest::clone(d)).collect();
    Ok(feed(&digests, audience, links))
}

/// [`feed_from_ledger_cached`] with a cache of its own, for one-off feeds.
pub fn feed_from_ledger(ledger: &dyn LedgerStore, schedule: &Schedule, audience: Audience, now: Timestamp, links: &FeedLinks) -> Result<String, DigestError> {
    feed_from_ledger_cached(ledger, schedule, audience, now, links, &EditionCache::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::EditionKind;
    use jiff::SignedDuration;
    use std::collections::BTreeSet;

    fn at(s: &str) -> Timestamp {
        s.parse().expect("a timestamp")
    }

    /// A ledger's recorded times as [`LedgerStore::recorded_times`] gives
    /// them, counting the queries.
    struct Times {
        all: BTreeSet<Timestamp>,
        queries: usize,
    }

    impl Times {
        fn new(all: impl IntoIterator<Item = Timestamp>) -> Times {
            Times { all: all.into_iter().collect(), queries: 0 }
        }

        fn editions(&mut self, schedule: &Schedule, now: Timestamp, limit: usize) -> Vec<Edition> {
            let all = &self.all;
            let queries = &mut self.queries;
            editions_from_times(
                &mut |until, n| {
                    *queries += 1;
                    Ok(all.range(..=until).rev().take(n).copied().collect())
                },
                schedule,
                now,
                limit,
            )
            .expect("editions")
        }

        /// What the feed found before paging: every time up to `now`, each
        /// edition closed by then, newest first.
        fn every_edition(&self, schedule: &Schedule, now: Timestamp, limit: usize) -> Vec<Edition> {
            let closed = schedule.latest_closed(now).expect("closed");
            let all: BTreeSet<Edition> =
                self.all.iter().filter(|t| **t <= now).map(|t| schedule.edition_of(*t).expect("edition")).filter(|e| *e <= closed).collect();
            all.into_iter().rev().take(limit).collect()
        }
    }

    /// Editions empty, with one time, or with many more than a page; times
    /// on a cut, a microsecond either side of it, and in the edition still
    /// open: for every limit, the editions found are those of all the
    /// times, newest first.
    #[test]
    fn paging_finds_the_editions_of_all_times() {
        let schedule = Schedule::default();
        let us = SignedDuration::from_micros;
        let mut all = Vec::new();
        let mut e = Edition::new(jiff::civil::date(2024, 3, 1), EditionKind::Morning);
        for k in 0..80usize {
            let (since, cut) = schedule.window(e).expect("window");
            let n = [0, 1, 7, 0, 13, 2, 0, 0, 150, 1, 3][k % 11];
            for i in 0..n {
                all.push(match i {
                    0 => cut,
                    1 => since + us(1),
                    2 => cut - us(1),
                    i => cut - SignedDuration::from_secs(i as i64 * 60) - us(i as i64),
                });
            }
            e = e.next().expect("next");
        }
        let mut times = Times::new(all);
        let with_news = times.every_edition(&schedule, Timestamp::MAX, usize::MAX).len();
        assert!(with_news > 40, "{with_news}");
        // On a cut, a microsecond after one, in the middle of an edition.
        for now in ["2024-03-30T19:00:00Z", "2024-03-30T19:00:00.000001Z", "2024-03-31T12:00:00Z", "2024-04-20T00:00:00Z"] {
            let now = at(now);
            for limit in (0..=with_news + 2).chain([112]) {
                times.queries = 0;
                let found = times.editions(&schedule, now, limit);
                assert_eq!(found, times.every_edition(&schedule, now, limit), "limit {limit} at {now}");
                assert!(times.queries <= limit + 1, "{} queries for {limit} editions at {now}", times.queries);
            }
        }
    }

    /// An edition of a thousand documents, each recorded at its own time,
    /// costs one query, not one per document or per page.
    #[test]
    fn a_busy_edition_costs_one_query() {
        let schedule = Schedule::default();
        let busy = at("2024-03-05T19:00:00Z");
        let mut all: Vec<Timestamp> = (0..1000).map(|i| busy - SignedDuration::from_secs(i * 30)).collect();
        all.push(at("2024-03-01T10:00:00Z"));
        let mut times = Times::new(all);
        let found = times.editions(&schedule, at("2024-03-06T00:00:00Z"), 2);
        let evening = |d| Edition::new(jiff::civil::date(2024, 3, d), EditionKind::Evening);
        assert_eq!(found, vec![evening(5), evening(1)]);
        assert_eq!(times.queries, 2, "the busy edition's page, then the one before it");
        times.queries = 0;
        assert_eq!(times.editions(&schedule, at("2024-03-06T00:00:00Z"), 1), vec![evening(5)]);
        assert_eq!(times.queries, 1);
    }
}
