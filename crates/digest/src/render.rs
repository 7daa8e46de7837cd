//! A digest as text (SMS-like, for messaging apps), Markdown and HTML (for
//! e-mail). Short enough for a phone screen: at most [`MAX_ITEMS`] figures
//! and [`MAX_FINDINGS`] findings are written out, then how many more there
//! are and the command that lists them all.

use crate::compose::{Digest, Item, PlaceName};
use truce_model::Window;
use truce_views::Language;
use truce_views::locale;

/// Figures written out in one digest; more would not fit a phone screen.
pub const MAX_ITEMS: usize = 12;
/// Audit findings written out in one digest.
pub const MAX_FINDINGS: usize = 5;
/// Places named on one line before "+N".
const MAX_PLACES: usize = 4;

/// Output formats of a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

impl std::str::FromStr for Format {
    type Err = crate::DigestError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "markdown" | "md" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            _ => Err(crate::DigestError::Invalid(format!("unknown format {s:?} (expected text, markdown or html)"))),
        }
    }
}

pub fn render(d: &Digest, format: Format) -> String {
    match format {
        Format::Text => text(d),
        Format::Markdown => markdown(d),
        Format::Html => html(d),
    }
}

/// The edition's title: "Evening edition, 31 March 2024" (with the
/// governorate for a governorate's digest).
pub fn title(d: &Digest) -> String {
    let day = locale::date(d.edition.date, d.lang);
    let mut t = match (d.lang, d.edition.kind) {
        (Language::En, crate::EditionKind::Morning) => format!("Morning edition, {day}"),
        (Language::En, crate::EditionKind::Evening) => format!("Evening edition, {day}"),
        (Language::Fr, crate::EditionKind::Morning) => format!("Édition du matin, {day}"),
        (Language::Fr, crate::EditionKind::Evening) => format!("Édition du soir, {day}"),
    };
    if let Some(g) = d.province {
        t.push_str(" — ");
        t.push_str(locale::governorate(g, d.lang));
    }
    t
}

/// The structure shared by the three formats, as plain strings.
struct Parts {
    title: String,
    summary: String,
    /// (day heading, lines)
    days: Vec<(String, Vec<String>)>,
    more_items: usize,
    findings_heading: &'static str,
    findings: Vec<String>,
    more_findings: usize,
    notes: Vec<String>,
}

fn parts(d: &Digest) -> Parts {
    let lang = d.lang;
    let since = d.since.to_zoned(jiff::tz::TimeZone::UTC);
    let since_s = format!("{}, {} UTC", locale::date(since.date(), lang), since.strftime("%H:%M"));
    let n = d.items.len();
    let f = d.findings.len();
    let summary = if d.is_empty() {
        match lang {
            Language::En => format!("Nothing new since {since_s}."),
            Language::Fr => format!("Rien de nouveau depuis le {since_s}."),
        }
    } else {
        match lang {
            Language::En => {
                format!("New since {since_s}: {n} figure{} from {} document{}, {f} audit finding{}.", plural(n), d.documents, plural(d.documents), plural(f))
            }
            Language::Fr => format!(
                "Nouveau depuis le {since_s}\u{a0}: {n} chiffre{} tiré{} de {} document{}, {f} constat{} d'audit.",
                plural(n),
                plural(n),
                d.documents,
                plural(d.documents),
                plural(f)
            ),
        }
    };
    let mut days: Vec<(String, Vec<String>)> = Vec::new();
    let mut unreviewed = false;
    for item in d.items.iter().take(MAX_ITEMS) {
        let heading = match item.day {
            Some(day) => locale::date(day, lang),
            None => match lang {
                Language::En => "Undated".to_owned(),
                Language::Fr => "Sans date".to_owned(),
            },
        };
        unreviewed |= item.unreviewed;
        let line = item_line(item, lang);
        match days.last_mut() {
            Some((h, lines)) if *h == heading => lines.push(line),
            _ => days.push((heading, vec![line])),
        }
    }
    let findings = d
        .findings
        .iter()
        .take(MAX_FINDINGS)
        .map(|f| match f.day {
            Some(day) => format!("{}{}{}", locale::date(day, lang), if lang == Language::Fr { "\u{a0}: " } else { ": " }, f.message_in(lang)),
            None => f.message_in(lang),
        })
        .collect();
    let mut notes = Vec::new();
    if unreviewed {
        notes.push(match lang {
            Language::En => "† Read automatically from the bulletins; not yet reviewed by a person.".to_owned(),
            Language::Fr => "† Chiffre lu automatiquement dans les bulletins, pas encore vérifié.".to_owned(),
        });
    }
    Parts {
        title: format!("truce · {}", title(d)),
        summary,
        days,
        more_items: n.saturating_sub(MAX_ITEMS),
        findings_heading: match lang {
            Language::En => "Audit",
            Language::Fr => "Audit",
        },
        findings,
        more_findings: f.saturating_sub(MAX_FINDINGS),
        notes,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "Ceasefire agreements: 10 in 24 h† — Zurzur (Aleppo), Zimrin (Daraa) +2".
fn item_line(item: &Item, lang: Language) -> String {
    let label = locale::metric_label(item.metric, lang);
    let colon = if lang == Language::Fr { "\u{a0}: " } else { ": " };
    let mut s = format!("{label}{colon}");
    if let Some(v) = item.value {
        s.push_str(&locale::quantity(v, item.metric, lang));
        s.push(' ');
    }
    s.push_str(&match (item.window, lang) {
        (Window::Day, Language::En) => "in 24 h".to_owned(),
        (Window::Day, Language::Fr) => "en 24 h".to_owned(),
        (Window::Total { since }, Language::En) => format!("in all{}", since.map(|d| locale::since_phrase(d, lang)).unwrap_or_default()),
        (Window::Total { since }, Language::Fr) => format!("au total{}", since.map(|d| locale::since_phrase(d, lang)).unwrap_or_default()),
        (Window::Date { date }, Language::En) => format!("on {}", locale::date(date, lang)),
        (Window::Date { date }, Language::Fr) => format!("le {}", locale::date(date, lang)),
    });
    if item.unreviewed {
        s.push('†');
    }
    if !item.places.is_empty() {
        s.push_str(" — ");
        s.push_str(&places(&item.places, lang));
    }
    s
}

fn places(ps: &[PlaceName], lang: Language) -> String {
    let mut names: Vec<String> = ps
        .iter()
        .take(MAX_PLACES)
        .map(|p| match p.governorate {
            Some(g) if p.admin => locale::governorate(g, lang).to_owned(),
            Some(g) => format!("{} ({})", p.name, locale::governorate(g, lang)),
            None => p.name.clone(),
        })
        .collect();
    if ps.len() > MAX_PLACES {
        names.push(format!("+{}", ps.len() - MAX_PLACES));
    }
    names.join(", ")
}

/// "… and 3 more figures (truce claims)."; `what` is given in the plural
/// and loses its final "s" for one.
fn more_line(n: usize, lang: Language, what_en: &str, what_fr: &str, cmd: &str) -> String {
    let one = |w: &str| if n == 1 { w.trim_end_matches('s').to_owned() } else { w.to_owned() };
    match lang {
        Language::En => format!("… and {n} more {} ({cmd}).", one(what_en)),
        Language::Fr if n == 1 => format!("… et 1 autre {} ({cmd}).", one(what_fr)),
        Language::Fr => format!("… et {n} autres {what_fr} ({cmd})."),
    }
}

/// Plain text, for SMS-like channels: no markup at all.
pub fn text(d: &Digest) -> String {
    let p = parts(d);
    let mut out = format!("{}\n{}\n", p.title, p.summary);
    for (h, lines) in &p.days {
        out.push_str(&format!("\n{h}\n"));
        for l in lines {
            out.push_str(&format!("- {l}\n"));
        }
    }
    if p.more_items > 0 {
        out.push_str(&more_line(p.more_items, d.lang, "figures", "chiffres", "truce claims"));
        out.push('\n');
    }
    if !p.findings.is_empty() {
        out.push_str(&format!("\n{}\n", p.findings_heading));
        for l in &p.findings {
            out.push_str(&format!("- {l}\n"));
        }
        if p.more_findings > 0 {
            out.push_str(&more_line(p.more_findings, d.lang, "findings", "constats", "truce audit"));
            out.push('\n');
        }
    }
    if !p.notes.is_empty() {
        out.push('\n');
        for n in &p.notes {
            out.push_str(n);
            out.push('\n');
        }
    }
    out
}

/// Characters Markdown would read as markup, escaped so that a place name
/// or an evidence text cannot format (or link) anything.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+' | '!' | '|' | '~') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Markdown, for channels that render it.
pub fn markdown(d: &Digest) -> String {
    let p = parts(d);
    let mut out = format!("## {}\n\n{}\n", md_escape(&p.title), md_escape(&p.summary));
    for (h, lines) in &p.days {
        out.push_str(&format!("\n### {}\n\n", md_escape(h)));
        for l in lines {
            out.push_str(&format!("- {}\n", md_escape(l)));
        }
    }
    if p.more_items > 0 {
        out.push_str(&format!("\n{}\n", md_escape(&more_line(p.more_items, d.lang, "figures", "chiffres", "truce claims"))));
    }
    if !p.findings.is_empty() {
        out.push_str(&format!("\n### {}\n\n", p.findings_heading));
        for l in &p.findings {
            out.push_str(&format!("- {}\n", md_escape(l)));
        }
        if p.more_findings > 0 {
            out.push_str(&format!("\n{}\n", md_escape(&more_line(p.more_findings, d.lang, "findings", "constats", "truce audit"))));
        }
    }
    for n in &p.notes {
        out.push_str(&format!("\n{}\n", md_escape(n)));
    }
    out
}

/// `&`, `<`, `>`, `"` and `'` as character references: text from the
/// ledger never becomes markup in HTML or XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The digest's body as an HTML fragment (no `<html>`): what e-mail and the
/// Atom entries carry.
pub fn html_fragment(d: &Digest) -> String {
    let p = parts(d);
    let mut out = format!("<p>{}</p>\n", xml_escape(&p.summary));
    for (h, lines) in &p.days {
        out.push_str(&format!("<h3>{}</h3>\n<ul>\n", xml_escape(h)));
        for l in lines {
            out.push_str(&format!("<li>{}</li>\n", xml_escape(l)));
        }
        out.push_str("</ul>\n");
    }
    if p.more_items > 0 {
        out.push_str(&format!("<p>{}</p>\n", xml_escape(&more_line(p.more_items, d.lang, "figures", "chiffres", "truce claims"))));
    }
    if !p.findings.is_empty() {
        out.push_str(&format!("<h3>{}</h3>\n<ul>\n", p.findings_heading));
        for l in &p.findings {
            out.push_str(&format!("<li>{}</li>\n", xml_escape(l)));
        }
        out.push_str("</ul>\n");
        if p.more_findings > 0 {
            out.push_str(&format!("<p>{}</p>\n", xml_escape(&more_line(p.more_findings, d.lang, "findings", "constats", "truce audit"))));
        }
    }
    for n in &p.notes {
        out.push_str(&format!("<p><small>{}</small></p>\n", xml_escape(n)));
    }
    out
}

/// A whole HTML document, narrow-screen friendly, with no external assets.
pub fn html(d: &Digest) -> String {
    let lang = match d.lang {
        Language::En => "en",
        Language::Fr => "fr",
    };
    let title = xml_escape(&format!("truce · {}", title(d)));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body style=\"font-family: sans-serif; max-width: 36em; margin: auto; padding: 0.5em\">\n<h2>{title}</h2>\n{}</body>\n</html>\n",
        html_fragment(d)
    )
}
