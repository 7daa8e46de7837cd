//! Web pages to plain text: tags dropped, entities decoded, scripts and
//! styles ignored, block elements turned into line breaks so that paragraphs
//! stay paragraphs.
//!
//! A single forward scan with no tree: nesting depth costs nothing, so a
//! hostile page with a million nested `<div>`s is as cheap as a flat one.

/// Whether text is an HTML page rather than a bulletin that mentions a tag.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start().as_bytes();
    let head = &head[..head.len().min(2048)];
    let starts = |p: &str| head.len() >= p.len() && head[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    let contains = |p: &str| head.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p.as_bytes()));
    if !head.contains(&b'<') {
        return false;
    }
    starts("<!doctype html") || starts("<html") || contains("<body") || (starts("<") && (contains("<p>") || contains("<div")))
}

/// Elements whose content is never reader-visible text.
const SKIPPED: [&str; 6] = ["script", "style", "noscript", "template", "svg", "head"];

/// Elements after which a reader sees a new line.
const BLOCKS: [&str; 22] = [
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "figcaption",
    "title",
    "nav",
];

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        let starts_tag = rest[1..].chars().next().is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'));
        if !starts_tag {
            // "a < b" is text, not a tag.
            push_text(&mut out, "<");
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // An unclosed `<` is text, as browsers show it.
            push_text(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name = tag_name(tag);
        let closing = tag.starts_with('/');
        if !closing && SKIPPED.contains(&name.as_str()) && !tag.ends_with('/') {
            let close = format!("</{name}");
            rest = find_ascii_case_insensitive(rest, &close).map_or("", |i| rest[i..].find('>').map_or("", |j| &rest[i + j + 1..]));
            continue;
        }
        if BLOCKS.contains(&name.as_str()) && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
    }
    push_text(&mut out, rest);
    tidy_lines(&out)
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase()
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    haystack.as_bytes().windows(n).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Appends a run of text between tags, decoding entities. Source newlines
/// inside a paragraph are layout, not meaning, so they become spaces.
fn push_text(out: &mut String, raw: &str) {
    if raw.is_empty() {
        return;
    }
    let decoded = html_escape::decode_html_entities(raw);
    for c in decoded.chars() {
        out.push(if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c });
    }
}

/// Collapses runs of spaces and drops blank lines left by the markup.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut last_space = true;
        let start = out.len();
        for c in line.chars() {
            let space = c == ' ';
            if !(space && last_space) {
                out.push(c);
            }
            last_space = space;
        }
        while out.len() > start && out.ends_with(' ') {
            out.pop();
        }
        if out.len() > start {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_markup_keeps_paragraphs() {
        let page = "<!DOCTYPE html><html><head><title>x</title><style>p{color:red}</style></head>\
            <body><nav>Home</nav><p>Over the past 24&nbsp;hours, <b>nine</b> violations.</p>\
            <script>var a = '<p>not text</p>';</script><p>Alep &amp; Hama &eacute;t&#233; &#8217;</p></body></html>";
        let text = to_text(page);
        assert_eq!(text, "Home\nOver the past 24\u{a0}hours, nine violations.\nAlep & Hama été \u{2019}\n");
    }

    #[test]
    fn survives_deep_nesting_and_broken_tags() {
        let deep = "<div>".repeat(100_000) + "deep text" + &"</div>".repeat(100_000);
        assert_eq!(to_text(&deep).trim(), "deep text");
        assert_eq!(to_text("<p>a < b <script>never closed").trim(), "a < b");
        assert_eq!(to_text("<!-- unclosed comment").trim(), "");
    }
}
