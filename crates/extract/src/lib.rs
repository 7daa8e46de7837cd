//! Text in, claims out: `truce-extract` reads a bulletin (French, English
//! or Russian) into the claims of `spec/claims.md`.
//!
//! Architecture invariant: this crate does no IO. Callers hand it bytes or
//! text and get values back, so it can be tested, fuzzed and benchmarked in
//! isolation, and the CLI, the ledger and the server read text the same way.
//!
//! The pipeline is [`segment`] (header, paragraphs, sentences, boilerplate)
//! → [`token`] → per sentence: [`number`], [`date`], [`places`] → [`rules`]
//! → [`dedup`]. Reading never fails: what it cannot make sense of becomes a
//! warning, so one odd sentence never costs the rest of the bulletin.

mod actor;
mod date;
mod decode;
mod dedup;
mod header;
mod html;
mod lexicon;
mod number;
mod places;
mod rules;
mod segment;
mod token;

pub use decode::{DecodeError, decode};

use truce_model::{Diagnostic, Document, Extraction, Lang, ReportDay, Span};

/// What the caller knows better than the text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's id in the output (usually the file stem).
    pub id: String,
    /// Overrides the report day found in the text.
    pub date: Option<ReportDay>,
    /// Overrides the detected language.
    pub lang: Option<Lang>,
}

/// Decodes a file's bytes, reads the bulletin and links its places: the one
/// way every door (the command line, the HTTP API) turns a bulletin into
/// claims, so a text reads the same whichever way it came in. Only bytes
/// that are not text are an error; `gazetteer: None` leaves places as
/// written.
pub fn read(bytes: &[u8], options: &Options, gazetteer: Option<&truce_places::Gazetteer>) -> Result<(String, Extraction), DecodeError> {
    let text = decode(bytes)?;
    let mut extraction = extract(&text, options);
    if let Some(gazetteer) = gazetteer {
        let diagnostics = gazetteer.link_claims(&mut extraction.claims);
        extraction.warnings.extend(diagnostics.into_iter().filter(|d| d.severity >= truce_model::Severity::Warning));
    }
    Ok((text, extraction))
}

/// Reads one bulletin. Never fails: what it cannot read becomes a warning.
pub fn extract(text: &str, options: &Options) -> Extraction {
    let layout = segment::layout(text);
    let published = options.date.or_else(|| header::report_day(text, &layout));
    let body = &text[layout.body_start..];
    let lang = options.lang.or_else(|| header::detect_lang(body));
    let mut warnings = Vec::new();
    if published.is_none() {
        warnings
            .push(Diagnostic::warning("no report day: no `date` header and no dateline with a year; relative dates are left unresolved (use --date)", None));
    }
    let mut reads = Vec::new();
    let mut ctx = rules::Context {
        text,
        lang: lang.unwrap_or(Lang::En),
        anchor: published.map(ReportDay::anchor),
        last_metric: None,
        last_window: None,
        truce_topic: false,
    };
    let mut tokens = Vec::new();
    for (index, sentence) in layout.sentences.iter().enumerate() {
        tokens.clear();
        token::tokenize_into(&mut tokens, text, sentence.span.start, sentence.span.end);
        warn_unreadable(&tokens, ctx.lang, &mut warnings);
        let (drafts, places) = rules::read_sentence(&mut ctx, &tokens, sentence.span);
        let follows_a_figure = reads.last().is_some_and(|r: &dedup::Read| r.sentence + ELABORATION_REACH >= index);
        // "… seven violations in Damascus province. Militants shelled Douma
        // and Harasta in Damascus province": shelling said without a count
        // after a count of violations tells where they happened.
        let uncounted_shelling =
            !drafts.is_empty() && drafts.iter().all(|d| d.claim.metric == truce_model::Metric::CeasefireViolations && d.claim.value.is_none());
        let drafts = if uncounted_shelling && counts_violations_of(&reads, index, &drafts) { Vec::new() } else { drafts };
        if drafts.is_empty() && !sentence.headline && follows_a_figure {
            let speaks_of = |m: truce_model::Metric| rules::speaks_of(&tokens, m);
            attach_elaboration(&mut reads, index, rules::localities(&ctx, &tokens, places), speaks_of);
        }
        for draft in drafts {
            reads.push(dedup::Read { draft, sentence: index, headline: sentence.headline });
        }
    }
    let mut claims: Vec<_> = dedup::dedup(reads).into_iter().map(|d| d.claim).collect();
    share_provinces(&mut claims);
    Extraction {
        doc: Document { id: options.id.clone(), lang, published, reporter: header::reporter(text, &layout) },
        claims,
        boilerplate: layout.boilerplate.iter().map(|s| text[s.start..s.end].to_owned()).collect(),
        warnings,
    }
}

/// Whether a recent sentence counted violations in a province that the
/// localities of `drafts` lie in.
fn counts_violations_of(reads: &[dedup::Read], sentence: usize, drafts: &[rules::Draft]) -> bool {
    let provinces: Vec<truce_model::Governorate> =
        drafts.iter().flat_map(|d| &d.claim.places).filter(|p| p.kind == Some(truce_model::PlaceKind::Locality)).filter_map(|p| p.province).collect();
    reads.iter().rev().take_while(|r| r.sentence + ELABORATION_REACH >= sentence).any(|r| {
        r.draft.claim.metric == truce_model::Metric::CeasefireViolations
            && r.draft.claim.value.is_some()
            && r.draft.claim.places.iter().any(|p| p.province.is_some_and(|g| provinces.iter().any(|h| h.same_as(g))))
    })
}

/// How many sentences back a sentence naming localities may tell where an
/// earlier figure happened.
const ELABORATION_REACH: usize = 3;

/// "Nine violations were registered. He said it was an attack on the
/// hamlet of Kbana, in Latakia province": a sentence with no figure that
/// names localities right after one whose figure names none tells where it
/// happened. Totals with a breakdown keep no places, as everywhere.
///
/// "Seven violations in Damascus province and four in Latakia province. …
/// Militants shelled Douma, Harasta and Arbin in Damascus province": a
/// locality whose province a recent figure names belongs to that figure,
/// a sentence or two later.
fn attach_elaboration(reads: &mut [dedup::Read], sentence: usize, localities: Vec<truce_model::Place>, speaks_of: impl Fn(truce_model::Metric) -> bool) {
    if localities.is_empty() || sentence == 0 {
        return;
    }
    let recent = |r: &dedup::Read| r.sentence < sentence && r.sentence + ELABORATION_REACH >= sentence;
    // Reads come in sentence order: the recent ones are the last few, so
    // the search starts there instead of walking every read of the document.
    let first_recent = reads.partition_point(|r| r.sentence + ELABORATION_REACH < sentence);
    let mut rest = Vec::new();
    for place in localities {
        let Some(province) = place.province else {
            rest.push(place);
            continue;
        };
        let target = (first_recent..reads.len()).rev().find(|&i| {
            let c = &reads[i].draft.claim;
            recent(&reads[i])
                && c.metric.has_value()
                && speaks_of(c.metric)
                && c.places.iter().any(|p| p.kind != Some(truce_model::PlaceKind::Locality) && p.province.is_some_and(|g| g.same_as(province)))
        });
        match target {
            Some(i) => reads[i].draft.claim.places.push(place),
            None => rest.push(place),
        }
    }
    let localities = rest;
    if localities.is_empty() {
        return;
    }
    let first_previous = reads.partition_point(|r| r.sentence < sentence - 1);
    let previous: Vec<usize> = (first_previous..reads.len()).filter(|&i| reads[i].sentence == sentence - 1).collect();
    let has_parts = previous.iter().any(|&i| reads[i].draft.part_of.is_some());
    let target = previous.iter().rev().copied().find(|&i| {
        let c = &reads[i].draft.claim;
        c.metric.has_value() && c.places.iter().all(|p| p.kind != Some(truce_model::PlaceKind::Locality)) && !(has_parts && reads[i].draft.part_of.is_none())
    });
    if let Some(i) = target {
        reads[i].draft.claim.places.extend(localities);
    }
}

/// A locality named twice, once with its province ("Chinchar (province de
/// Homs)") and once without ("le village de Chinchar"), is one place.
fn share_provinces(claims: &mut [truce_model::Claim]) {
    let mut known: std::collections::HashMap<String, truce_model::Governorate> = std::collections::HashMap::new();
    for p in claims.iter().flat_map(|c| &c.places) {
        if let Some(g) = p.province {
            known.entry(token::fold(&p.name).into_owned()).or_insert(g);
        }
    }
    for p in claims.iter_mut().flat_map(|c| &mut c.places) {
        if p.province.is_none() {
            p.province = known.get(token::fold(&p.name).as_ref()).copied();
        }
    }
}

/// Digits that parse as no number ("1.2.3,4,5") and provinces the reader
/// does not know are worth a person's look.
fn warn_unreadable(tokens: &[token::Token<'_>], lang: Lang, warnings: &mut Vec<Diagnostic>) {
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == token::TokenKind::Digits && number::parse_digits(t.text, lang).is_none() {
            warnings.push(Diagnostic::warning(format!("unreadable number {:?}", t.text), Some(Span::new(t.start, t.end))));
        }
        let province_word = lexicon::any(&lexicon::PROVINCE_WORDS, &t.norm) && t.norm.as_ref() != "provinces";
        if province_word {
            let mut j = i + 1;
            while j < tokens.len() && lexicon::any(&["de", "d'", "of", "the", "du"], &tokens[j].norm) {
                j += 1;
            }
            if j > i + 1
                && let Some(next) = tokens.get(j)
                && next.is_capitalised()
                && lexicon::governorate_at(tokens, j).is_none()
                && !lexicon::any(&lexicon::NOT_PLACES, &next.norm)
            {
                warnings.push(Diagnostic::warning(format!("unknown province {:?}", next.text), Some(Span::new(next.start, next.end))));
            }
        }
    }
}
