//! A series drawn as a self-contained SVG: bars for the daily values, a
//! line for the running total (stated where stated, else cumulative), two
//! labelled axes. No script, no external font or stylesheet: it opens
//! offline, as field missions need.

use crate::locale::{self, Language};
use crate::series::Series;
use std::fmt::Write;

const W: f64 = 800.0;
const H: f64 = 400.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 70.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 50.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The series as an SVG document.
pub fn series_svg(s: &Series, lang: Language) -> String {
    let n = s.points.len().max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let totals: Vec<f64> = s.points.iter().map(|p| p.stated_total.unwrap_or(p.cumulative)).collect();
    let max_daily = s.points.iter().filter_map(|p| p.daily).fold(0.0_f64, f64::max).max(1.0);
    let max_total = totals.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n;
    let mut out = String::new();
    let _ = write!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#);
    let title = format!("{} — {}", locale::metric_label(s.metric, lang), scope_label(s, lang));
    let _ = write!(out, r#"<title>{}</title><rect width="{W}" height="{H}" fill="white"/>"#, esc(&title));
    let _ = write!(out, r#"<text x="{}" y="22" text-anchor="middle" font-size="15">{}</text>"#, W / 2.0, esc(&title));
    // Axes.
    let (x0, y0, x1, y1) = (LEFT, TOP + plot_h, LEFT + plot_w, TOP);
    let _ = write!(
        out,
        r##"<g stroke="#333" stroke-width="1"><line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/><line x1="{x1}" y1="{y0}" x2="{x1}" y2="{y1}"/></g>"##
    );
    for k in 0..=4 {
        let f = k as f64 / 4.0;
        let y = y0 - plot_h * f;
        let _ = write!(out, r##"<line x1="{x0}" y1="{y}" x2="{x1}" y2="{y}" stroke="#ddd"/>"##);
        let _ =
            write!(out, r##"<text x="{}" y="{}" text-anchor="end" fill="#4a78b5">{}</text>"##, x0 - 6.0, y + 4.0, esc(&locale::number(max_daily * f, lang)));
        let _ = write!(out, r##"<text x="{}" y="{}" fill="#c0392b">{}</text>"##, x1 + 6.0, y + 4.0, esc(&locale::number(max_total * f, lang)));
    }
    let (daily_label, total_label) = match lang {
        Language::En => ("daily", "running total"),
        Language::Fr => ("par jour", "total cumulé"),
    };
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" fill="#4a78b5" text-anchor="middle" transform="rotate(-90 16 {})">{daily_label}</text>"##,
        16,
        TOP + plot_h / 2.0,
        TOP + plot_h / 2.0
    );
    let _ = write!(
        out,
        r##"<text x="{}" y="{}" fill="#c0392b" text-anchor="middle" transform="rotate(90 {} {})">{total_label}</text>"##,
        W - 16.0,
        TOP + plot_h / 2.0,
        W - 16.0,
        TOP + plot_h / 2.0
    );
    // Date labels: first, middle, last.
    if let (Some(first), Some(last)) = (s.points.first(), s.points.last()) {
        let mid = &s.points[s.points.len() / 2];
        for (i, p, anchor) in [(0, first, "start"), (s.points.len() / 2, mid, "middle"), (s.points.len() - 1, last, "end")] {
            let _ = write!(out, r#"<text x="{}" y="{}" text-anchor="{anchor}">{}</text>"#, x(i), y0 + 20.0, p.date);
        }
    }
    // Bars.
    let bar_w = (plot_w / n * 0.8).max(0.5);
    let _ = write!(out, r##"<g fill="#4a78b5">"##);
    for (i, p) in s.points.iter().enumerate() {
        if let Some(v) = p.daily {
            let h = plot_h * (v.max(0.0) / max_daily);
            let _ = write!(
                out,
                r#"<rect x="{:.2}" y="{:.2}" width="{bar_w:.2}" height="{h:.2}"><title>{} {}</title></rect>"#,
                x(i) - bar_w / 2.0,
                y0 - h,
                p.date,
                esc(&locale::number(v, lang))
            );
        }
    }
    out.push_str("</g>");
    // Running-total line.
    let pts: Vec<String> = totals.iter().enumerate().map(|(i, t)| format!("{:.2},{:.2}", x(i), y0 - plot_h * (t.max(0.0) / max_total))).collect();
    if !pts.is_empty() {
        let _ = write!(out, r##"<polyline fill="none" stroke="#c0392b" stroke-width="2" points="{}"/>"##, pts.join(" "));
    }
    out.push_str("</svg>\n");
    out
}

fn scope_label(s: &Series, lang: Language) -> String {
    match (&s.scope, lang) {
        (crate::series::Scope::Country, Language::En) => "Syria".into(),
        (crate::series::Scope::Country, Language::Fr) => "Syrie".into(),
        (crate::series::Scope::Governorate(g), _) => locale::governorate(*g, lang).into(),
        (crate::series::Scope::District(d), _) => d.clone(),
    }
}
