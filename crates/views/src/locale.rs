//! Words and numbers in French and English: digit grouping, dates,
//! governorate names and the sentences of the daily bulletin. Written for
//! the project, in the manner of the communiqués truce reads.

use serde::Serialize;
use truce_model::{Date, Governorate, Metric};

/// The language a view is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl std::str::FromStr for Language {
    type Err = crate::ViewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "en" | "english" => Ok(Language::En),
            "fr" | "french" | "français" => Ok(Language::Fr),
            _ => Err(crate::ViewError::Invalid(format!("unknown language {s:?} (expected fr or en)"))),
        }
    }
}

/// French groups thousands with a narrow no-break space (U+202F), as the
/// Imprimerie nationale does; it never breaks a number across lines.
pub const NARROW_NBSP: char = '\u{202F}';

/// A number as a reader of `lang` writes it: "1 357,2" / "1,357.2".
/// Whole numbers print without decimals; others with at most two.
pub fn number(value: f64, lang: Language) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let mut whole = abs.trunc() as u64;
    let mut cents = ((abs - abs.trunc()) * 100.0).round() as u64;
    if cents >= 100 {
        whole += 1;
        cents -= 100;
    }
    let digits = whole.to_string();
    let (group, decimal) = match lang {
        Language::En => (',', '.'),
        Language::Fr => (NARROW_NBSP, ','),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(ch);
    }
    if cents > 0 {
        out.push(decimal);
        if cents.is_multiple_of(10) {
            out.push_str(&(cents / 10).to_string());
        } else {
            out.push_str(&format!("{cents:02}"));
        }
    }
    out
}

/// A signed change: "+10" / "−3" (with a true minus sign).
pub fn change(delta: f64, lang: Language) -> String {
    if delta < 0.0 { format!("\u{2212}{}", number(-delta, lang)) } else { format!("+{}", number(delta, lang)) }
}

const MONTHS_EN: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const MONTHS_FR: [&str; 12] = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

/// "17 March 2024" / "17 mars 2024" ("1er mars 2024").
pub fn date(d: Date, lang: Language) -> String {
    let m = usize::try_from(d.month() - 1).unwrap_or(0).min(11);
    match lang {
        Language::En => format!("{} {} {}", d.day(), MONTHS_EN[m], d.year()),
        Language::Fr if d.day() == 1 => format!("1er {} {}", MONTHS_FR[m], d.year()),
        Language::Fr => format!("{} {} {}", d.day(), MONTHS_FR[m], d.year()),
    }
}

pub fn governorate(g: Governorate, lang: Language) -> &'static str {
    match lang {
        Language::En => g.name_en(),
        Language::Fr => g.name_fr(),
    }
}

/// The unit written after a value, with its leading space.
fn unit(metric: Metric, lang: Language) -> &'static str {
    match (metric, lang) {
        (Metric::TerritoryKm2, Language::Fr) => "\u{a0}km²",
        (Metric::TerritoryKm2, Language::En) => " km²",
        (Metric::HumanitarianAidTonnes, _) => "\u{a0}t",
        _ => "",
    }
}

/// A value with its unit: "1 357,2 km²".
pub fn quantity(value: f64, metric: Metric, lang: Language) -> String {
    format!("{}{}", number(value, lang), unit(metric, lang))
}

/// The short name of a metric, for tables and series.
pub fn metric_label(metric: Metric, lang: Language) -> &'static str {
    match (metric, lang) {
        (Metric::TerritoryKm2, Language::En) => "Territory regained (km²)",
        (Metric::TerritoryKm2, Language::Fr) => "Territoire repris (km²)",
        (Metric::LocalitiesLiberated, Language::En) => "Localities liberated",
        (Metric::LocalitiesLiberated, Language::Fr) => "Localités libérées",
        (Metric::CeasefireAgreements, Language::En) => "Ceasefire agreements",
        (Metric::CeasefireAgreements, Language::Fr) => "Accords de cessez-le-feu",
        (Metric::LocalitiesJoinedCeasefire, Language::En) => "Localities that joined the ceasefire",
        (Metric::LocalitiesJoinedCeasefire, Language::Fr) => "Localités ayant rejoint la trêve",
        (Metric::ArmedGroupsJoinedCeasefire, Language::En) => "Armed groups keeping the ceasefire",
        (Metric::ArmedGroupsJoinedCeasefire, Language::Fr) => "Groupes armés respectant la trêve",
        (Metric::CeasefireViolations, Language::En) => "Ceasefire violations",
        (Metric::CeasefireViolations, Language::Fr) => "Violations du cessez-le-feu",
        (Metric::HumanitarianActions, Language::En) => "Humanitarian actions",
        (Metric::HumanitarianActions, Language::Fr) => "Actions humanitaires",
        (Metric::HumanitarianAidTonnes, Language::En) => "Humanitarian aid (tonnes)",
        (Metric::HumanitarianAidTonnes, Language::Fr) => "Aide humanitaire (tonnes)",
        (Metric::RefugeesReturned, Language::En) => "Refugees and displaced persons returned",
        (Metric::RefugeesReturned, Language::Fr) => "Réfugiés et déplacés rentrés",
        (Metric::NegotiationsOngoing, Language::En) => "Negotiations under way",
        (Metric::NegotiationsOngoing, Language::Fr) => "Négociations en cours",
        (Metric::CeasefireInForce, Language::En) => "Ceasefire in force",
        (Metric::CeasefireInForce, Language::Fr) => "Entrée en vigueur de la trêve",
    }
}

/// The sentence for a day's figure; `{v}` stands for the value as written
/// (with its marks), `one` picks the singular form.
pub fn day_sentence(metric: Metric, lang: Language, v: &str, one: bool) -> String {
    let s = match (metric, lang, one) {
        (Metric::TerritoryKm2, Language::En, _) => "{v} of territory were regained in the last 24 hours.",
        (Metric::TerritoryKm2, Language::Fr, _) => "{v} de territoire ont été repris au cours des dernières 24 heures.",
        (Metric::LocalitiesLiberated, Language::En, true) => "{v} locality was liberated in the last 24 hours.",
        (Metric::LocalitiesLiberated, Language::En, false) => "{v} localities were liberated in the last 24 hours.",
        (Metric::LocalitiesLiberated, Language::Fr, true) => "{v} localité a été libérée au cours des dernières 24 heures.",
        (Metric::LocalitiesLiberated, Language::Fr, false) => "{v} localités ont été libérées au cours des dernières 24 heures.",
        (Metric::CeasefireAgreements, Language::En, true) => "{v} agreement on joining the ceasefire was signed in the last 24 hours.",
        (Metric::CeasefireAgreements, Language::En, false) => "{v} agreements on joining the ceasefire were signed in the last 24 hours.",
        (Metric::CeasefireAgreements, Language::Fr, true) => "{v} accord d'adhésion au cessez-le-feu a été signé au cours des dernières 24 heures.",
        (Metric::CeasefireAgreements, Language::Fr, false) => "{v} accords d'adhésion au cessez-le-feu ont été signés au cours des dernières 24 heures.",
        (Metric::LocalitiesJoinedCeasefire, Language::En, true) => "{v} locality joined the ceasefire in the last 24 hours.",
        (Metric::LocalitiesJoinedCeasefire, Language::En, false) => "{v} localities joined the ceasefire in the last 24 hours.",
        (Metric::LocalitiesJoinedCeasefire, Language::Fr, true) => "{v} localité a rejoint la trêve au cours des dernières 24 heures.",
        (Metric::LocalitiesJoinedCeasefire, Language::Fr, false) => "{v} localités ont rejoint la trêve au cours des dernières 24 heures.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::En, true) => "{v} armed group declared that it keeps the ceasefire.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::En, false) => "{v} armed groups declared that they keep the ceasefire.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::Fr, true) => "{v} groupe armé a déclaré respecter le cessez-le-feu.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::Fr, false) => "{v} groupes armés ont déclaré respecter le cessez-le-feu.",
        (Metric::CeasefireViolations, Language::En, true) => "{v} ceasefire violation was registered in the last 24 hours.",
        (Metric::CeasefireViolations, Language::En, false) => "{v} ceasefire violations were registered in the last 24 hours.",
        (Metric::CeasefireViolations, Language::Fr, true) => "{v} violation du cessez-le-feu a été enregistrée au cours des dernières 24 heures.",
        (Metric::CeasefireViolations, Language::Fr, false) => "{v} violations du cessez-le-feu ont été enregistrées au cours des dernières 24 heures.",
        (Metric::HumanitarianActions, Language::En, true) => "{v} humanitarian action was carried out.",
        (Metric::HumanitarianActions, Language::En, false) => "{v} humanitarian actions were carried out.",
        (Metric::HumanitarianActions, Language::Fr, true) => "{v} action humanitaire a été menée.",
        (Metric::HumanitarianActions, Language::Fr, false) => "{v} actions humanitaires ont été menées.",
        (Metric::HumanitarianAidTonnes, Language::En, _) => "{v} of humanitarian aid were delivered.",
        (Metric::HumanitarianAidTonnes, Language::Fr, _) => "{v} d'aide humanitaire ont été distribuées.",
        (Metric::RefugeesReturned, Language::En, true) => "{v} refugee or displaced person returned home.",
        (Metric::RefugeesReturned, Language::En, false) => "{v} refugees and displaced persons returned home.",
        (Metric::RefugeesReturned, Language::Fr, true) => "{v} réfugié ou déplacé a regagné son foyer.",
        (Metric::RefugeesReturned, Language::Fr, false) => "{v} réfugiés et déplacés ont regagné leurs foyers.",
        (Metric::NegotiationsOngoing | Metric::CeasefireInForce, _, _) => "",
    };
    s.replace("{v}", v)
}

/// The sentence for a running total; `since` is already formatted.
pub fn total_sentence(metric: Metric, lang: Language, v: &str, since: Option<&str>) -> String {
    let s = match (metric, lang) {
        (Metric::TerritoryKm2, Language::En) => "In all, {v} of territory have been regained{since}.",
        (Metric::TerritoryKm2, Language::Fr) => "Au total, {v} de territoire ont été repris{since}.",
        (Metric::LocalitiesLiberated, Language::En) => "In all, {v} localities have been liberated{since}.",
        (Metric::LocalitiesLiberated, Language::Fr) => "Au total, {v} localités ont été libérées{since}.",
        (Metric::CeasefireAgreements, Language::En) => "In all, {v} agreements on joining the ceasefire have been signed{since}.",
        (Metric::CeasefireAgreements, Language::Fr) => "Au total, {v} accords d'adhésion au cessez-le-feu ont été signés{since}.",
        (Metric::LocalitiesJoinedCeasefire, Language::En) => "In all, {v} localities have joined the ceasefire{since}.",
        (Metric::LocalitiesJoinedCeasefire, Language::Fr) => "Au total, {v} localités ont rejoint la trêve{since}.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::En) => "In all, {v} armed groups have declared that they keep the ceasefire{since}.",
        (Metric::ArmedGroupsJoinedCeasefire, Language::Fr) => "Au total, {v} groupes armés ont déclaré respecter le cessez-le-feu{since}.",
        (Metric::CeasefireViolations, Language::En) => "In all, {v} ceasefire violations have been registered{since}.",
        (Metric::CeasefireViolations, Language::Fr) => "Au total, {v} violations du cessez-le-feu ont été enregistrées{since}.",
        (Metric::HumanitarianActions, Language::En) => "In all, {v} humanitarian actions have been carried out{since}.",
        (Metric::HumanitarianActions, Language::Fr) => "Au total, {v} actions humanitaires ont été menées{since}.",
        (Metric::HumanitarianAidTonnes, Language::En) => "In all, {v} of humanitarian aid have been delivered{since}.",
        (Metric::HumanitarianAidTonnes, Language::Fr) => "Au total, {v} d'aide humanitaire ont été distribuées{since}.",
        (Metric::RefugeesReturned, Language::En) => "In all, {v} refugees and displaced persons have returned home{since}.",
        (Metric::RefugeesReturned, Language::Fr) => "Au total, {v} réfugiés et déplacés ont regagné leurs foyers{since}.",
        (Metric::NegotiationsOngoing | Metric::CeasefireInForce, _) => "",
    };
    s.replace("{v}", v).replace("{since}", since.unwrap_or(""))
}

/// " since 1 January 2024" / " depuis le 1er janvier 2024".
pub fn since_phrase(d: Date, lang: Language) -> String {
    match lang {
        Language::En => format!(" since {}", date(d, lang)),
        Language::Fr => format!(" depuis le {}", date(d, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_each_locale() {
        assert_eq!(number(1357.2, Language::Fr), "1\u{202F}357,2");
        assert_eq!(number(1357.2, Language::En), "1,357.2");
        assert_eq!(number(1_234_567.0, Language::En), "1,234,567");
        assert_eq!(number(12.0, Language::Fr), "12");
        assert_eq!(number(0.05, Language::En), "0.05");
        assert_eq!(number(2.999, Language::En), "3");
        assert_eq!(number(-1200.5, Language::En), "-1,200.5");
        assert_eq!(quantity(1357.2, Metric::TerritoryKm2, Language::Fr), "1\u{202F}357,2\u{a0}km²");
        assert_eq!(change(-3.0, Language::En), "\u{2212}3");
        assert_eq!(number(f64::NAN, Language::En), "NaN");
    }

    #[test]
    fn dates_in_both_languages() {
        let d = jiff::civil::date(2024, 3, 1);
        assert_eq!(date(d, Language::Fr), "1er mars 2024");
        assert_eq!(date(d, Language::En), "1 March 2024");
    }

    #[test]
    fn every_counted_metric_has_sentences() {
        for m in Metric::ALL.into_iter().filter(|m| m.has_value()) {
            for lang in [Language::En, Language::Fr] {
                assert!(day_sentence(m, lang, "2", false).contains('2'), "{m} {lang:?}");
                assert!(total_sentence(m, lang, "2", None).contains('2'), "{m} {lang:?}");
            }
        }
    }
}
