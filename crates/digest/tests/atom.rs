//! The Atom feed, parsed back with an XML parser and checked against the
//! rules of RFC 4287 that feed readers rely on: one id, title and updated
//! per feed and entry, ids that are stable IRIs, RFC 3339 times, self and
//! alternate links, and text from the ledger that stays text.

mod common;

use common::{sample_ledger, ts};
use quick_xml::events::Event;
use std::collections::BTreeSet;
use truce_digest::atom::{EditionCache, FeedLinks, feed_from_ledger, feed_from_ledger_cached};
use truce_digest::{Audience, Schedule};
use truce_ledger::{LedgerStore, NewClaim, Stamp};
use truce_model::{Claim, Governorate, Metric, Place, ReportDay, Window};
use truce_views::Language;

/// A parsed XML element: enough of a DOM for the checks.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<El>,
}

impl El {
    fn all(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &El {
        let v = self.all(name);
        assert_eq!(v.len(), 1, "<{}> must have exactly one <{name}>", self.name);
        v[0]
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Parses `xml` strictly: mismatched tags, undefined entities and bad
/// attribute escapes fail the test.
fn parse(xml: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => match r.decode().unwrap().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("undefined entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text.push_str(&c);
            }
            Event::CData(_) => panic!("no CDATA expected"),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> El {
    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("well-formed attribute");
            (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), a.unescape_value().expect("escaped attribute").into_owned())
        })
        .collect();
    El { name, attrs, ..El::default() }
}

fn links(base: &str, query: &str) -> FeedLinks {
    FeedLinks { self_url: format!("{base}/feeds/bulletin.atom{query}"), base_url: base.to_owned() }
}

fn rfc3339(s: &str) -> jiff::Timestamp {
    assert!(s.ends_with('Z') && s.contains('T'), "{s:?} is not RFC 3339 in UTC");
    s.parse().unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

#[test]
fn the_feed_is_valid_atom_with_stable_ids() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-20");
    let evil = "</content><script>alert('x')</script> & ]]> \u{1}";
    ledger
        .record(
            &NewClaim {
                claim: Claim {
                    metric: Metric::CeasefireViolations,
                    value: Some(3.0),
                    window: Window::Day,
                    actor: None,
                    places: vec![Place::mention(evil, None)],
                    evidence: "x".into(),
                    span: None,
                    reasons: Vec::new(),
                },
                reporter: Some("Field".into()),
                valid: Some(ReportDay::Day(jiff::civil::date(2024, 3, 20))),
                note: None,
            },
            &Stamp::at("amal", ts("2024-03-20T18:00:00Z")),
        )
        .unwrap();
    let now = ts("2024-03-21T12:00:00Z");
    let audience = Audience::default();
    let xml = feed_from_ledger(&ledger, &Schedule::default(), audience, now, &links("http://a.example", "?lang=en&x=<>")).unwrap();
    let feed = parse(&xml);
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.attr("xml:lang"), Some("en"));
    let feed_id = &feed.one("id").text;
    assert_eq!(feed_id, "tag:truce.invalid,2024:bulletin/en");
    assert!(!feed.one("title").text.is_empty());
    let updated = rfc3339(&feed.one("updated").text);
    assert!(!feed.one("author").one("name").text.is_empty(), "a feed needs an author when entries have none");
    let rels: Vec<(&str, &str)> = feed.all("link").iter().map(|l| (l.attr("rel").unwrap(), l.attr("href").unwrap())).collect();
    assert!(rels.contains(&("self", "http://a.example/feeds/bulletin.atom?lang=en&x=<>")), "{rels:?}");
    assert!(rels.contains(&("alternate", "http://a.example/")), "{rels:?}");

    let entries = feed.all("entry");
    // 1 to 20 March, one evening edition each; the 21st's morning had nothing new.
    assert_eq!(entries.len(), 20);
    let mut ids = BTreeSet::new();
    let mut previous: Option<jiff::Timestamp> = None;
    for e in &entries {
        let id = &e.one("id").text;
        assert!(id.starts_with(&format!("{feed_id}/2024-03-")) && id.ends_with("/evening"), "{id}");
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        assert!(!e.one("title").text.is_empty());
        let u = rfc3339(&e.one("updated").text);
        assert!(u <= updated, "an entry newer than its feed");
        assert!(previous.is_none_or(|p| u < p), "newest first");
        previous = Some(u);
        assert_eq!(e.one("updated").text[11..], *"19:00:00Z", "an entry is updated at its edition's cut");
        let alt = e.one("link");
        assert_eq!(alt.attr("rel"), Some("alternate"));
        assert!(alt.attr("href").unwrap().starts_with("http://a.example/?date=2024-03-"));
        assert_eq!(e.one("content").attr("type"), Some("html"));
    }
    assert_eq!(updated, ts("2024-03-20T19:00:00Z"));
    // The hostile place stays text: once XML-unescaped, the content is HTML
    // in which it is still escaped, and no element came out of it.
    let newest = &entries[0].one("content").text;
    assert!(newest.contains("&lt;/content&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; ]]&gt; \u{FFFD}"), "{newest}");
    assert!(entries[0].children.iter().all(|c| c.name != "script"));

    // Ids do not depend on where the feed was fetched from, nor on when.
    let again = parse(&feed_from_ledger(&ledger, &Schedule::default(), audience, ts("2024-03-25T00:00:00Z"), &links("https://b.example", "")).unwrap());
    let ids_again: BTreeSet<String> = again.all("entry").iter().map(|e| e.one("id").text.clone()).collect();
    assert_eq!(ids_again, ids);
    assert_eq!(again.one("updated").text, feed.one("updated").text);

    // The server's cache of closed editions gives the same bytes, first
    // and second time.
    let cache = EditionCache::default();
    let l = links("http://a.example", "?lang=en&x=<>");
    for _ in 0..2 {
        assert_eq!(feed_from_ledger_cached(&ledger, &Schedule::default(), audience, now, &l, &cache).unwrap(), xml);
    }
}

#[test]
fn feeds_per_language_and_governorate() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = sample_ledger(&dir.path().join("l.db"), "2024-03-10");
    let now = ts("2024-03-11T00:00:00Z");
    let sweida = Governorate::from_name_or_pcode("SY13").unwrap();
    let audience = Audience { lang: Language::Fr, province: Some(sweida) };
    let feed = parse(&feed_from_ledger(&ledger, &Schedule::default(), audience, now, &links("http://h", "?lang=fr&province=SY13")).unwrap());
    assert_eq!(feed.attr("xml:lang"), Some("fr"));
    assert_eq!(feed.one("id").text, "tag:truce.invalid,2024:bulletin/fr/SY13");
    let entries = feed.all("entry");
    assert!(!entries.is_empty() && entries.len() < 10, "only the editions with news from As-Sweida: {}", entries.len());
    for e in entries {
        assert!(e.one("id").text.starts_with("tag:truce.invalid,2024:bulletin/fr/SY13/2024-03-"));
        assert!(e.one("title").text.starts_with("Édition du soir, ") && e.one("title").text.ends_with(" — Soueïda"), "{}", e.one("title").text);
        assert!(e.one("content").text.contains("Soueïda"));
    }
    // Nothing closed yet: an empty feed is still a valid feed.
    let empty = parse(&feed_from_ledger(&ledger, &Schedule::default(), Audience::default(), ts("2024-03-01T00:00:00Z"), &links("http://h", "")).unwrap());
    assert!(empty.all("entry").is_empty());
    rfc3339(&empty.one("updated").text);
}
