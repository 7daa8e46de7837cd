//! The daily bulletin as text, Markdown and JSON. Pure functions of a
//! [`DailyReport`]: every figure carries its marks (†: rests only on
//! unreviewed automatic reading; ‡n: sources disagree, see note n).

use crate::figure::Figure;
use crate::locale::{self, Language};
use crate::report::{DailyReport, GovernorateLocalities, MetricLine};
use truce_model::Metric;

/// Footnotes collected while writing, printed at the end.
#[derive(Default)]
struct Notes {
    unreviewed: bool,
    disagreements: Vec<String>,
}

impl Notes {
    /// A figure's value with its marks.
    fn value(&mut self, f: &Figure, lang: Language) -> String {
        let mut parts: Vec<String> = f.readings.iter().map(|r| locale::quantity(r.value, f.metric, lang)).collect();
        if parts.is_empty() {
            parts.push("?".into());
        }
        let mut out = match lang {
            Language::En => parts.join(" or "),
            Language::Fr => parts.join(" ou "),
        };
        if f.unreviewed() {
            self.unreviewed = true;
            out.push('†');
        }
        if f.disagrees() {
            let n = self.disagreements.len() + 1;
            out.push_str(&format!("‡{n}"));
            let detail: Vec<String> = f
                .readings
                .iter()
                .map(|r| {
                    let ids: Vec<String> = r.claims.iter().map(|c| format!("#{c}")).collect();
                    format!("{} ({})", locale::quantity(r.value, f.metric, lang), ids.join(", "))
                })
                .collect();
            let what = locale::metric_label(f.metric, lang);
            self.disagreements.push(match lang {
                Language::En => format!("‡{n} Sources disagree on {what}: {}.", detail.join("; ")),
                Language::Fr => format!("‡{n} Les sources divergent ({what}) : {}.", detail.join(" ; ")),
            });
        }
        out
    }

    fn write(&self, out: &mut String, report: &DailyReport, lang: Language) {
        let mut lines = Vec::new();
        if self.unreviewed {
            lines.push(match lang {
                Language::En => "† Read automatically from the bulletins; not yet reviewed by a person.".to_owned(),
                Language::Fr => "† Chiffre lu automatiquement dans les bulletins, pas encore vérifié.".to_owned(),
            });
        }
        lines.extend(self.disagreements.iter().cloned());
        if !report.set_aside.is_empty() {
            let ids: Vec<String> = report.set_aside.iter().map(|c| format!("#{c}")).collect();
            lines.push(match lang {
                Language::En => format!("Claims disputed or rejected on review, not shown as fact: {}.", ids.join(", ")),
                Language::Fr => format!("Déclarations contestées ou rejetées, non présentées comme des faits : {}.", ids.join(", ")),
            });
        }
        if !lines.is_empty() {
            out.push('\n');
            for l in lines {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
}

fn title(report: &DailyReport, lang: Language) -> String {
    let mut t = match lang {
        Language::En => format!("Daily bulletin for {}", locale::date(report.date, lang)),
        Language::Fr => format!("Bulletin quotidien du {}", locale::date(report.date, lang)),
    };
    if let Some(r) = &report.reporter {
        t.push_str(&format!(" — {r}"));
    }
    t
}

fn known_at(report: &DailyReport, lang: Language) -> Option<String> {
    report.as_known_at.map(|t| match lang {
        Language::En => format!("As recorded in the ledger at {t}."),
        Language::Fr => format!("Selon le registre tel qu'il était le {t}."),
    })
}

fn day_line(line: &MetricLine, notes: &mut Notes, lang: Language) -> Option<String> {
    let f = line.day.as_ref()?;
    let v = notes.value(f, lang);
    let mut s = locale::day_sentence(line.metric, lang, &v, f.value() == Some(1.0));
    if let Some(prev) = line.previous_day.as_ref().and_then(Figure::value) {
        s.pop();
        s.push_str(&match lang {
            Language::En => format!(" (day before: {}).", locale::quantity(prev, line.metric, lang)),
            Language::Fr => format!(" (la veille\u{a0}: {}).", locale::quantity(prev, line.metric, lang)),
        });
    }
    Some(s)
}

fn total_line(line: &MetricLine, report: &DailyReport, notes: &mut Notes, lang: Language) -> Option<String> {
    let f = line.total.as_ref()?;
    let v = notes.value(f, lang);
    let since = f.since.map(|d| locale::since_phrase(d, lang));
    let mut s = locale::total_sentence(line.metric, lang, &v, since.as_deref());
    let mut extra = Vec::new();
    if f.day != report.date {
        extra.push(match lang {
            Language::En => format!("latest stated, {}", locale::date(f.day, lang)),
            Language::Fr => format!("dernier chiffre publié, {}", locale::date(f.day, lang)),
        });
    }
    if let (Some(change), Some(prev)) = (line.total_change, &line.previous_total) {
        extra.push(match lang {
            Language::En => format!("{} on {}", locale::change(change, lang), locale::date(prev.day, lang)),
            Language::Fr => format!("{} par rapport au {}", locale::change(change, lang), locale::date(prev.day, lang)),
        });
    }
    if !extra.is_empty() {
        s.pop();
        s.push_str(&format!(" ({}).", extra.join("; ")));
    }
    Some(s)
}

fn gov_name(g: Option<truce_model::Governorate>, lang: Language) -> String {
    match (g, lang) {
        (Some(g), _) => locale::governorate(g, lang).to_owned(),
        (None, Language::En) => "Province not given".to_owned(),
        (None, Language::Fr) => "Province non précisée".to_owned(),
    }
}

fn localities(group: &GovernorateLocalities, notes: &mut Notes) -> String {
    let names: Vec<&str> = group.localities.iter().map(|l| l.name.as_str()).collect();
    let mut s = names.join(", ");
    if names.is_empty() {
        s.push('—');
    }
    if group.unreviewed && !names.is_empty() {
        notes.unreviewed = true;
        s.push('†');
    }
    s
}

fn join_governorates(groups: &[GovernorateLocalities], lang: Language) -> String {
    let names: Vec<String> = groups.iter().map(|g| gov_name(g.governorate, lang)).collect();
    match (names.split_last(), lang) {
        (None, _) => String::new(),
        (Some((last, [])), _) => last.clone(),
        (Some((last, rest)), Language::En) => format!("{} and {last}", rest.join(", ")),
        (Some((last, rest)), Language::Fr) => format!("{} et {last}", rest.join(", ")),
    }
}

/// French "de" before a name, elided before a vowel ("d'Alep", "d'Idleb";
/// "de Homs": the h of these names is not elided, as the bulletins write it).
fn fr_de(name: &str) -> String {
    let first = name.chars().next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
    if matches!(first.as_str(), "a" | "e" | "i" | "o" | "u" | "y" | "à" | "â" | "é" | "è" | "ê" | "î" | "ï" | "ô" | "û") {
        format!("d'{name}")
    } else {
        format!("de {name}")
    }
}

/// The bulletin as plain text.
pub fn report_text(report: &DailyReport, lang: Language) -> String {
    let mut notes = Notes::default();
    let mut out = String::new();
    let t = title(report, lang);
    out.push_str(&t);
    out.push('\n');
    out.push_str(&"=".repeat(t.chars().count()));
    out.push('\n');
    if let Some(k) = known_at(report, lang) {
        out.push_str(&k);
        out.push('\n');
    }
    let days: Vec<String> = report.metrics.iter().filter_map(|l| day_line(l, &mut notes, lang)).collect();
    let totals: Vec<String> = report.metrics.iter().filter_map(|l| total_line(l, report, &mut notes, lang)).collect();
    let (h_day, h_total, h_agr, h_vio, h_neg, none) = match lang {
        Language::En => (
            "In the last 24 hours",
            "Running totals",
            "Agreements by governorate",
            "Violations by governorate",
            "Negotiations",
            "Nothing was reported for this day.",
        ),
        Language::Fr => (
            "Au cours des dernières 24 heures",
            "Totaux cumulés",
            "Accords par province",
            "Violations par province",
            "Négociations",
            "Aucun chiffre n'a été publié pour ce jour.",
        ),
    };
    if days.is_empty() && totals.is_empty() {
        out.push('\n');
        out.push_str(none);
        out.push('\n');
    }
    for (heading, lines) in [(h_day, &days), (h_total, &totals)] {
        if !lines.is_empty() {
            out.push_str(&format!("\n{heading}\n"));
            for l in lines {
                out.push_str(&format!("- {l}\n"));
            }
        }
    }
    if !report.agreements.is_empty() {
        out.push_str(&format!("\n{h_agr}\n"));
        for g in &report.agreements {
            let names = localities(g, &mut notes);
            out.push_str(&format!("- {}{}{names}\n", gov_name(g.governorate, lang), colon(lang)));
        }
    }
    if !report.violations.is_empty() {
        out.push_str(&format!("\n{h_vio}\n"));
        for g in &report.violations {
            let v = notes.value(&g.figure, lang);
            out.push_str(&format!("- {}{}{v}\n", gov_name(g.governorate, lang), colon(lang)));
        }
    }
    if !report.negotiations.is_empty() {
        out.push_str(&format!("\n{h_neg}\n"));
        let mut s = match lang {
            Language::En => format!("Negotiations on joining the ceasefire continue in {}", join_governorates(&report.negotiations, lang)),
            Language::Fr => format!(
                "Les négociations sur l'adhésion au cessez-le-feu se poursuivent dans {} {}",
                if report.negotiations.len() == 1 { "la province" } else { "les provinces" },
                fr_de(&join_governorates(&report.negotiations, lang))
            ),
        };
        if report.negotiations.iter().all(|g| g.unreviewed) {
            notes.unreviewed = true;
            s.push('†');
        }
        out.push_str(&format!("- {s}.\n"));
    }
    notes.write(&mut out, report, lang);
    out
}

fn colon(lang: Language) -> &'static str {
    match lang {
        Language::En => ": ",
        Language::Fr => "\u{a0}: ",
    }
}

/// The bulletin as Markdown: the same sentences, and a table of figures with
/// the claim ids behind each.
pub fn report_markdown(report: &DailyReport, lang: Language) -> String {
    let mut notes = Notes::default();
    let mut out = format!("# {}\n", title(report, lang));
    if let Some(k) = known_at(report, lang) {
        out.push_str(&format!("\n_{k}_\n"));
    }
    let (h_fig, c_metric, c_day, c_total, c_claims) = match lang {
        Language::En => ("Figures", "Metric", "Last 24 hours", "Running total", "Claims"),
        Language::Fr => ("Chiffres", "Indicateur", "Dernières 24 heures", "Total cumulé", "Déclarations"),
    };
    if !report.metrics.is_empty() {
        out.push_str(&format!("\n## {h_fig}\n\n| {c_metric} | {c_day} | {c_total} | {c_claims} |\n|---|---:|---:|---|\n"));
        for line in &report.metrics {
            let day = line.day.as_ref().map(|f| notes.value(f, lang)).unwrap_or_default();
            let total = line.total.as_ref().map(|f| notes.value(f, lang)).unwrap_or_default();
            let mut ids: Vec<String> = line.day.iter().chain(line.total.iter()).flat_map(|f| f.claim_ids()).map(|c| format!("#{c}")).collect();
            ids.dedup();
            out.push_str(&format!("| {} | {day} | {total} | {} |\n", locale::metric_label(line.metric, lang), ids.join(" ")));
        }
    }
    // The prose, without its own notes (the table's notes are the same figures).
    let text = report_text(report, lang);
    let body: Vec<&str> = text.lines().skip(2).collect();
    let mut in_notes = false;
    for l in body {
        if l.starts_with('†') || l.starts_with('‡') || l.starts_with("Claims disputed") || l.starts_with("Déclarations contestées") {
            in_notes = true;
        }
        if in_notes {
            continue;
        }
        if !l.is_empty() && !l.starts_with("- ") && !l.starts_with("As recorded") && !l.starts_with("Selon le registre") {
            out.push_str(&format!("## {l}\n"));
        } else if !l.starts_with("As recorded") && !l.starts_with("Selon le registre") {
            out.push_str(l);
            out.push('\n');
        }
    }
    notes.write(&mut out, report, lang);
    out
}

/// The bulletin as pretty JSON: the report's own data, claim ids per figure.
pub fn report_json(report: &DailyReport) -> crate::Result<String> {
    Ok(serde_json::to_string_pretty(report)? + "\n")
}

/// The metrics a bulletin speaks of, for renderers that list them.
pub fn metrics_of(report: &DailyReport) -> Vec<Metric> {
    report.metrics.iter().map(|l| l.metric).collect()
}

#[cfg(test)]
mod tests {
    use super::fr_de;

    #[test]
    fn french_de_is_elided_before_a_vowel() {
        assert_eq!(fr_de("Alep"), "d'Alep");
        assert_eq!(fr_de("Idleb, Deraa et Homs"), "d'Idleb, Deraa et Homs");
        assert_eq!(fr_de("Homs"), "de Homs");
        assert_eq!(fr_de("Rif Dimachq"), "de Rif Dimachq");
        assert_eq!(fr_de("Échelle"), "d'Échelle");
    }
}
