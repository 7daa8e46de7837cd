//! Data-driven tests of the reading rules: a short bulletin in, its claims
//! in a compact form out. Each case is a reading convention of
//! spec/claims.md or a regression, written for the project.

use truce_extract::{Options, extract};

/// One line per claim: `metric value window [place@province, …]`.
fn read(text: &str) -> Vec<String> {
    let x = extract(text, &Options::default());
    x.claims
        .iter()
        .map(|c| {
            let value = c.value.map_or("-".to_owned(), |v| v.to_string());
            let window = match c.window {
                truce_model::Window::Day => "day".to_owned(),
                truce_model::Window::Total { since: None } => "total".to_owned(),
                truce_model::Window::Total { since: Some(d) } => format!("total/{d}"),
                truce_model::Window::Date { date } => format!("date/{date}"),
            };
            let places: Vec<String> = c.places.iter().map(|p| format!("{}@{}", p.name, p.province.map_or("-", |g| g.pcode()))).collect();
            format!("{} {value} {window} [{}]", c.metric, places.join(", "))
        })
        .collect()
}

fn check(text: &str, expected: &[&str]) {
    let got = read(text);
    assert_eq!(got, expected, "\n{text}\n");
}

#[test]
fn french_lead_and_quote_state_one_fact() {
    check(
        "date 2017-02\nLes forces ont pris le contrôle de 20 kilomètres carrés en un jour.\n\
         « Au cours de ces dernières 24 heures, les troupes ont repris le contrôle de 20,5 km2. Au total, 1 357,2 km2 ont été libérés depuis le 1er janvier 2017. »",
        &["territory_km2 20.5 day []", "territory_km2 1357.2 total/2017-01-01 []"],
    );
}

#[test]
fn agreements_carry_their_localities_and_provinces() {
    check(
        "date 2017-02-05\nEn une seule journée, 10 nouveaux accords ont été conclus avec les localités de Mayir et de Maarest Al-Khan dans la province d'Alep et avec Jarba dans la province de Damas.",
        &["ceasefire_agreements 10 day [Mayir@SY02, Maarest Al-Khan@SY02, Alep@SY02, Jarba@SY01, Damas@SY01]"],
    );
}

#[test]
fn a_breakdown_is_a_total_and_one_claim_per_place() {
    check(
        "date 2019-02-23\nMonitors registered 9 violations: 4 in Damascus, 4 in Latakia, 1 in Aleppo.",
        &[
            "ceasefire_violations 9 day []",
            "ceasefire_violations 4 day [Damascus@SY01]",
            "ceasefire_violations 4 day [Latakia@SY06]",
            "ceasefire_violations 1 day [Aleppo@SY02]",
        ],
    );
}

#[test]
fn two_breakdowns_in_one_sentence_keep_their_own_totals() {
    check(
        "date 2024-03-02\nMonitors recorded 5 violations (3 in Idlib, 2 in Hama) and the Cell held 8 humanitarian actions (6 in Homs, 2 in Aleppo).",
        &[
            "ceasefire_violations 5 day []",
            "humanitarian_actions 8 day []",
            "ceasefire_violations 3 day [Idlib@SY07]",
            "ceasefire_violations 2 day [Hama@SY05]",
            "humanitarian_actions 6 day [Homs@SY04]",
            "humanitarian_actions 2 day [Aleppo@SY02]",
        ],
    );
}

#[test]
fn refugees_by_country_of_departure() {
    check(
        "date 2018-12-20\nOver the past day, 709 people returned: 212 people (63 women and 108 children) left Lebanon via Jaydet-Yabus, and 497 people (149 women) came from Jordan.",
        &["refugees_returned 709 day []", "refugees_returned 212 day [Lebanon@-]", "refugees_returned 497 day [Jordan@-]"],
    );
}

#[test]
fn relative_dates_and_running_totals() {
    check(
        "date 2017-02-01\nDepuis l'entrée en vigueur du cessez-le-feu le 30 décembre dernier, le calme revient. Le nombre de localités qui ont adhéré au processus de réconciliation se chiffre à 1 140.",
        &["ceasefire_in_force - date/2016-12-30 []", "localities_joined_ceasefire 1140 total []"],
    );
}

#[test]
fn number_words_articles_and_zero() {
    check(
        "date 2017-03-12\nNo new armed formations have joined the ceasefire over the past 24 hours. Twelve settlements joined the truce.",
        &["armed_groups_joined_ceasefire 0 day []", "localities_joined_ceasefire 12 day []"],
    );
    check(
        "date 2016-05-16\nAu cours des dernières 24 heures, un accord pour la réconciliation a été conclu avec les représentants d'une localité de la province de Deraa.",
        &["localities_joined_ceasefire 1 day [Deraa@SY12]"],
    );
}

#[test]
fn intentions_and_evacuations_are_not_claims() {
    check(
        "date 2017-09-19\n18 autres groupes armés sont prêts à rejoindre ce processus. More than 20,000 people left the Ghouta through the corridor. A draft agreement with three settlements is expected to be signed.",
        &[],
    );
}

#[test]
fn square_miles_become_square_kilometres_and_conversions_are_dropped() {
    check(
        "date 2017-03-05\nGovernment troops have taken over nearly 9 square miles of land. Within the last 24 hours, the troops liberated 19.8 square kilometers [12.3 square miles].",
        &["territory_km2 23.31 day []", "territory_km2 19.8 day []"],
    );
}

#[test]
fn a_second_figure_with_its_noun_left_out_counts_what_the_first_did() {
    check(
        "date 2024-03-03\n861 refugees returned to their homes over the past 24 hours; 16,348 have come back since January 1.",
        &["refugees_returned 861 day []", "refugees_returned 16348 total/2024-01-01 []"],
    );
    // A noun after the second figure is its own: portions are not tonnes.
    check("date 2017-02-06\nLes civils ont reçu 3,2 tonnes de pain, 3 000 portions de repas chaud.", &["humanitarian_aid_tonnes 3.2 day []"]);
}

#[test]
fn a_list_of_localities_goes_on_after_each_province() {
    check(
        "date 2024-03-01\nDeux accords ont été signés avec les localités de Bfatmoun dans la province d'Idleb et Nobl dans la province d'Alep.",
        &["ceasefire_agreements 2 day [Bfatmoun@SY07, Idleb@SY07, Nobl@SY02, Alep@SY02]"],
    );
}

#[test]
fn a_total_verb_over_a_day_is_the_day() {
    check("date 2024-03-31\nLa superficie libérée en 24 heures atteint 13,3 km².", &["territory_km2 13.3 day []"]);
    check("date 2017-02-05\nLe nombre de localités libérées s'élève à 32.", &["localities_liberated 32 total []"]);
}

#[test]
fn a_province_in_brackets_after_a_name_is_its_province() {
    check(
        "date 2024-03-01\nIn the last 24 hours the truce was extended through 2 agreements, signed by Bfatmun (Idleb) and Nubl (Aleppo).",
        &["ceasefire_agreements 2 day [Bfatmun@SY07, Idleb@SY07, Nubl@SY02, Aleppo@SY02]"],
    );
}

#[test]
fn where_most_violations_happened_is_not_a_new_report_of_violations() {
    check(
        "date 2024-03-05\nThe cell recorded ceasefire violations near Daraa.\nThe majority of ceasefire violations were recorded in areas north of the town.",
        &["ceasefire_violations - day [Daraa@SY12]"],
    );
    check(
        "date 2024-03-05\nDes violations du cessez-le-feu ont été enregistrées dans la province d'Idleb. La plupart des violations ont été enregistrées près de Saraqeb.",
        &["ceasefire_violations - day [Idleb@SY07]"],
    );
}

#[test]
fn russian_counts_in_every_case_with_their_provinces() {
    check(
        "date 2021-04-10\nЗа сутки подписаны два соглашения о примирении с населёнными пунктами Тасиль и Нахта в провинции Деръа. \
         Общее количество населённых пунктов, присоединившихся к перемирию, увеличилось до 2 731.",
        &["ceasefire_agreements 2 day [Тасиль@SY12, Нахта@SY12, Деръа@SY12]", "localities_joined_ceasefire 2731 total []"],
    );
    check(
        "date 2021-04-10\nЗа последние сутки зафиксировано девять нарушений режима прекращения огня: в провинции Идлиб – шесть, в провинции Латакия – три.",
        &["ceasefire_violations 9 day []", "ceasefire_violations 6 day [Идлиб@SY07]", "ceasefire_violations 3 day [Латакия@SY06]"],
    );
}

#[test]
fn russian_sibling_figures_each_keep_their_province() {
    // "4 in Aleppo, 2 in Hama": the first is not a total of the second.
    check(
        "date 2021-04-10\n4 нарушения зафиксировано в провинции Алеппо, 2 – в Хаме.",
        &["ceasefire_violations 4 day [Алеппо@SY02]", "ceasefire_violations 2 day [Хаме@SY05]"],
    );
}

#[test]
fn a_russian_zero_is_a_negated_verb_after_the_noun() {
    check("date 2021-04-10\nЗа сутки турецкая сторона нарушений не зафиксировала.", &["ceasefire_violations 0 day []"]);
    check("date 2021-04-10\nЗа прошедшие сутки соглашения о прекращении огня не подписывались.", &["ceasefire_agreements 0 day []"]);
    // Not registered, but "not to be allowed": no zero.
    check("date 2021-04-10\nНарушений режима прекращения огня допускать не следует.", &[] as &[&str]);
}

#[test]
fn russian_thousands_and_the_start_of_the_year() {
    check("date 2021-04-10\nС начала года на родину вернулись 3,4 тыс. беженцев.", &["refugees_returned 3400 total/2021-01-01 []"]);
    check(
        "date 2021-04-10\nВ ходе операции армия освободила 17 населённых пунктов и 240 квадратных километров территории за неделю.",
        &["localities_liberated 17 total []", "territory_km2 240 total []"],
    );
}
