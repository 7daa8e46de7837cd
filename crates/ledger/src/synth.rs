//! A generator of large, plausible, deterministic ledgers for benchmarks
//! (issue 4's ingest rate; issues 5 and 7's "10M claims over 5 years").
//!
//! Documents are English daily bulletins of made-up reporting centres with
//! real governorates and place names; each claim's evidence is a sentence of
//! its document with the right span, daily figures add up into running
//! totals, each claim has the reasons a reader would give (the words of its
//! window, value, metric and place, at their spans), and documents are stamped as recorded the evening of their day so
//! `as_known_at` queries have history to look at. No randomness crate: a
//! splitmix64 keeps the output identical on every machine for one seed.

use crate::{ContentHash, LedgerStore, NewDocument, Result, Stamp};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use truce_model::{Claim, Document, Extraction, Governorate, Lang, Metric, Place, Reason, ReasonRole, ReportDay, Span, Window};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthSpec {
    /// Claims in all (the last document may bring a few more).
    pub claims: u64,
    pub years: u32,
    pub seed: u64,
    /// Claims per document, about.
    pub claims_per_doc: u32,
    /// The first day.
    pub start: Date,
}

impl SynthSpec {
    pub fn new(claims: u64, years: u32, seed: u64) -> Self {
        SynthSpec { claims, years, seed, claims_per_doc: 24, start: jiff::civil::date(2016, 1, 1) }
    }
}

/// One generated document: its bytes, text and what extraction would read.
#[derive(Debug, Clone)]
pub struct SynthDoc {
    pub source_key: String,
    pub text: String,
    pub extraction: Extraction,
    /// Evening of the report day: when it is "recorded".
    pub recorded_at: jiff::Timestamp,
}

impl SynthDoc {
    /// The document as the ledger takes it.
    pub fn new_document(&self) -> NewDocument<'_> {
        NewDocument { source_key: &self.source_key, source_path: None, hash: ContentHash::of(self.text.as_bytes()), text: &self.text }
    }
}

const REPORTERS: [&str; 3] = ["Centre for Reconciliation of Opposing Sides", "Joint Monitoring Mission", "Northern Ceasefire Observatory"];

/// Real Syrian places with their governorates.
const PLACES: [(&str, Governorate); 24] = [
    ("Maarrat al-Numan", Governorate::Idleb),
    ("Saraqib", Governorate::Idleb),
    ("Jisr al-Shughur", Governorate::Idleb),
    ("Ariha", Governorate::Idleb),
    ("Al-Bab", Governorate::Aleppo),
    ("Manbij", Governorate::Aleppo),
    ("Azaz", Governorate::Aleppo),
    ("Tal Rifaat", Governorate::Aleppo),
    ("Douma", Governorate::RuralDamascus),
    ("Harasta", Governorate::RuralDamascus),
    ("Zabadani", Governorate::RuralDamascus),
    ("Madaya", Governorate::RuralDamascus),
    ("Jobar", Governorate::Damascus),
    ("Rastan", Governorate::Homs),
    ("Talbiseh", Governorate::Homs),
    ("Al-Qusayr", Governorate::Homs),
    ("Kafr Zita", Governorate::Hama),
    ("Latamneh", Governorate::Hama),
    ("Suran", Governorate::Hama),
    ("Busra al-Harir", Governorate::Daraa),
    ("Nawa", Governorate::Daraa),
    ("Inkhil", Governorate::Daraa),
    ("Salma", Governorate::Lattakia),
    ("Khan Arnabah", Governorate::Quneitra),
];

/// Each metric's words, and the cue among them that decides the metric.
const DAILY: [(Metric, &str, &str); 6] = [
    (Metric::CeasefireViolations, "ceasefire violations were registered", "violations"),
    (Metric::LocalitiesJoinedCeasefire, "settlements joined the ceasefire", "settlements"),
    (Metric::CeasefireAgreements, "agreements on joining the ceasefire were signed", "agreements"),
    (Metric::HumanitarianActions, "humanitarian actions were carried out", "humanitarian actions"),
    (Metric::HumanitarianAidTonnes, "tonnes of humanitarian aid were delivered", "tonnes"),
    (Metric::RefugeesReturned, "refugees returned to their homes", "refugees"),
];

/// A sentence written piece by piece, noting each cue with its role where
/// it lands, as the reader notes the words that decided a claim.
#[derive(Default)]
struct Sentence {
    text: String,
    reasons: Vec<Reason>,
}

impl Sentence {
    fn words(mut self, s: &str) -> Self {
        self.text.push_str(s);
        self
    }

    fn cue(mut self, role: ReasonRole, s: &str) -> Self {
        let start = self.text.len();
        self.text.push_str(s);
        self.reasons.push(Reason::new(role, s, Span::new(start, self.text.len())));
        self
    }

    /// `words` with its metric cue noted.
    fn metric(self, words: &str, cue: &str) -> Self {
        let at = words.find(cue).unwrap_or(0);
        let end = (at + cue.len()).min(words.len());
        self.words(&words[..at]).cue(ReasonRole::Metric, &words[at..end]).words(&words[end..])
    }
}

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// The documents of `spec`, generated lazily in day order.
pub fn documents(spec: SynthSpec) -> impl Iterator<Item = SynthDoc> {
    let days = (u64::from(spec.years.max(1)) * 365).max(1);
    let per_doc = u64::from(spec.claims_per_doc.max(1));
    let n_docs = spec.claims.div_ceil(per_doc).max(1);
    let mut rng = Rng(spec.seed);
    let mut totals = [[0f64; DAILY.len()]; REPORTERS.len()];
    let mut made_claims = 0u64;
    (0..n_docs).map_while(move |k| {
        if made_claims >= spec.claims && k > 0 {
            return None;
        }
        // Spread documents evenly over the days, in order.
        let day_index = k * days / n_docs;
        let date = spec.start.checked_add(jiff::Span::new().days(day_index as i64)).ok()?;
        let reporter = (k % REPORTERS.len() as u64) as usize;
        let want = per_doc.min(spec.claims.saturating_sub(made_claims)).max(1);
        let doc = one_document(&mut rng, &mut totals[reporter], reporter, date, k, want);
        made_claims += doc.extraction.claims.len() as u64;
        Some(doc)
    })
}

fn one_document(rng: &mut Rng, totals: &mut [f64; DAILY.len()], reporter: usize, date: Date, k: u64, want: u64) -> SynthDoc {
    let mut text =
        format!("{} — daily bulletin of {date} (no. {k}).\nOver the past 24 hours the ceasefire regime was largely observed.\n", REPORTERS[reporter]);
    let mut claims = Vec::with_capacity(want as usize);
    let mut push = |text: &mut String, sentence: Sentence, claim: Claim| {
        let start = text.len();
        text.push_str(&sentence.text);
        let end = text.len();
        text.push('\n');
        let reasons = sentence.reasons.into_iter().map(|r| Reason { span: Span::new(start + r.span.start, start + r.span.end), ..r }).collect();
        claims.push(Claim { evidence: sentence.text, span: Some(Span::new(start, end)), reasons, ..claim });
    };
    let mut i = 0u64;
    while i < want {
        let m = (rng.below(DAILY.len() as u64)) as usize;
        let (metric, words, cue) = DAILY[m];
        let value = match metric {
            Metric::HumanitarianAidTonnes => (rng.below(400) as f64) / 10.0,
            Metric::RefugeesReturned => rng.below(900) as f64,
            _ => rng.below(12) as f64,
        };
        let (name, gov) = PLACES[rng.below(PLACES.len() as u64) as usize];
        let place = Place { name: name.to_owned(), province: Some(gov), ..Place::default() };
        let sentence = Sentence::default()
            .cue(ReasonRole::Window, "In the last 24 hours")
            .words(" ")
            .cue(ReasonRole::Value, &value.to_string())
            .words(" ")
            .metric(words, cue)
            .words(" in ")
            .cue(ReasonRole::Place, name)
            .words(&format!(" ({}).", gov.name_en()));
        push(
            &mut text,
            sentence,
            Claim {
                metric,
                value: Some(value),
                window: Window::Day,
                actor: None,
                places: vec![place],
                evidence: String::new(),
                span: None,
                reasons: Vec::new(),
            },
        );
        totals[m] += value;
        i += 1;
        // Every fourth claim, a running total of the same metric.
        if i < want && i.is_multiple_of(4) {
            let total = (totals[m] * 10.0).round() / 10.0;
            let sentence = Sentence::default()
                .cue(ReasonRole::Window, "In all")
                .words(", ")
                .cue(ReasonRole::Value, &total.to_string())
                .words(" ")
                .metric(words, cue)
                .words(" ")
                .cue(ReasonRole::Window, "since the ceasefire began")
                .words(".");
            push(
                &mut text,
                sentence,
                Claim {
                    metric,
                    value: Some(total),
                    window: Window::Total { since: None },
                    actor: None,
                    places: Vec::new(),
                    evidence: String::new(),
                    span: None,
                    reasons: Vec::new(),
                },
            );
            i += 1;
        }
    }
    let recorded_at = date.at(18, 0, 0, 0).to_zoned(TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let name = format!("synth-{reporter}-{date}-{k}");
    SynthDoc {
        source_key: name.clone(),
        text,
        extraction: Extraction {
            doc: Document { id: name, lang: Some(Lang::En), published: Some(ReportDay::Day(date)), reporter: Some(REPORTERS[reporter].to_owned()) },
            claims,
            boilerplate: Vec::new(),
            warnings: Vec::new(),
        },
        recorded_at,
    }
}

/// What [`fill`] stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filled {
    pub documents: u64,
    pub claims: u64,
}

/// Fills `store` with the documents of `spec`, each recorded "by extract" on
/// its own evening. `progress` is called after each document.
pub fn fill(store: &mut dyn LedgerStore, spec: SynthSpec, progress: &mut dyn FnMut(Filled)) -> Result<Filled> {
    let mut done = Filled::default();
    for d in documents(spec) {
        let stamp = Stamp::at("extract", d.recorded_at);
        if let crate::IngestOutcome::Stored { claims, .. } = store.ingest(&d.new_document(), &d.extraction, &stamp)? {
            done.documents += 1;
            done.claims += claims as u64;
        }
        progress(done);
    }
    Ok(done)
}

/// The ledger a benchmark reads, by the convention every bench follows:
/// `TRUCE_BENCH_DB` names an existing one (a file such as the 10M-claim
/// ledger of docs/benchmarks.md, or a `postgres://` URL where the bench
/// takes one), used as it is; otherwise a fresh SQLite file of
/// `TRUCE_BENCH_CLAIMS` claims (default `default_claims`) over 5 years is
/// filled in `dir`, which the caller keeps alive. Returns what `--db`
/// would take.
pub fn bench_ledger(dir: &std::path::Path, default_claims: u64) -> Result<String> {
    if let Ok(db) = std::env::var("TRUCE_BENCH_DB") {
        eprintln!("existing ledger: {db}");
        return Ok(db);
    }
    let claims = std::env::var("TRUCE_BENCH_CLAIMS").ok().and_then(|s| s.parse().ok()).unwrap_or(default_claims);
    let path = dir.join("bench.db");
    let t = std::time::Instant::now();
    let filled = fill(&mut crate::SqliteLedger::open(&path)?, SynthSpec::new(claims, 5, 1), &mut |_| {})?;
    eprintln!("synthetic ledger: {} claims in {} documents, built in {:.1?}", filled.claims, filled.documents, t.elapsed());
    Ok(path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_spans_point_at_evidence() {
        let spec = SynthSpec::new(500, 1, 7);
        let a: Vec<SynthDoc> = documents(spec).collect();
        let b: Vec<SynthDoc> = documents(spec).collect();
        assert_eq!(a.len(), b.len());
        let n: usize = a.iter().map(|d| d.extraction.claims.len()).sum();
        assert!((500..530).contains(&n), "{n}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.text, y.text);
            for c in &x.extraction.claims {
                let s = c.span.unwrap();
                assert_eq!(&x.text[s.start..s.end], c.evidence);
                assert!(c.reasons.len() >= 3, "{c:?}");
                for r in &c.reasons {
                    assert_eq!(&x.text[r.span.start..r.span.end], r.cue);
                    assert!(r.within_evidence(c).is_some(), "{r:?}");
                }
            }
            assert_eq!(x.extraction.claims, y.extraction.claims);
        }
        // Days are in order and within the year.
        let first = a.first().unwrap().extraction.doc.published.unwrap().anchor();
        let last = a.last().unwrap().extraction.doc.published.unwrap().anchor();
        assert!(first <= last && last < jiff::civil::date(2017, 1, 1));
    }
}
