//! The general reading rules of the recent extract commits (4db45bc per-side
//! counts … a284a51 "total number"), each pinned by at least two sentences
//! written for the project: fresh bulletin-style wording, real Syrian
//! places, invented figures. No rule here rests on one real document, and a
//! change that breaks a rule fails the test named after it.
//!
//! Each case is a short bulletin (a `date` header line, then the text) and
//! the claims it must give, one line per claim, in any order:
//! `metric value window [name@province, …]`, where `value` is `-` for
//! none, `window` is `day`, `total`, `total/SINCE` or `date/DAY`, and a
//! place the reader calls a governorate is written `name@SY07:gov`.
//!
//! Cases the reader does not yet read as its rule says are kept, in tests
//! marked `#[ignore]` whose reason says what the reader gives instead; run
//! them with `cargo test -p truce-extract --test patterns -- --ignored`.

use truce_extract::{Options, extract};
use truce_model::{PlaceKind, Window};

/// The claims of `text`, one line each, sorted.
fn read(text: &str) -> Vec<String> {
    let x = extract(text, &Options::default());
    let mut out: Vec<String> = x
        .claims
        .iter()
        .map(|c| {
            let value = c.value.map_or("-".to_owned(), |v| v.to_string());
            let window = match c.window {
                Window::Day => "day".to_owned(),
                Window::Total { since: None } => "total".to_owned(),
                Window::Total { since: Some(d) } => format!("total/{d}"),
                Window::Date { date } => format!("date/{date}"),
            };
            let places: Vec<String> = c
                .places
                .iter()
                .map(|p| {
                    let kind = if p.kind == Some(PlaceKind::Governorate) { ":gov" } else { "" };
                    format!("{}@{}{kind}", p.name, p.province.map_or("-", |g| g.pcode()))
                })
                .collect();
            format!("{} {value} {window} [{}]", c.metric, places.join(", "))
        })
        .collect();
    out.sort();
    out
}

/// Every case reads as expected; all failures are reported together.
fn check(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let mut want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        want.sort();
        let got = read(text);
        if got != want {
            failures.push(format!("{text}\n  expected: {want:#?}\n  got:      {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases read otherwise:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

const NONE: &[&str] = &[];

// ---------------------------------------------------------------------------
// Per-side counts (4db45bc)

#[test]
fn counts_of_two_sides_stay_two_claims_however_alike() {
    check(&[
        (
            "date 2019-03-14\nOver the past 24 hours, the Russian side registered 5 ceasefire violations in the Idlib de-escalation zone. The Turkish side registered 5 violations.",
            &["ceasefire_violations 5 day [Idlib@SY07:gov]", "ceasefire_violations 5 day []"],
        ),
        (
            "date 2019-06-02\nOver the past day, the Russian side registered 3 ceasefire violations. The Turkish side registered 3 ceasefire violations.",
            &["ceasefire_violations 3 day []", "ceasefire_violations 3 day []"],
        ),
        (
            "date 2019-06-02\nAu cours de la journée, la partie russe a enregistré 7 violations du cessez-le-feu. La partie turque a enregistré 7 violations.",
            &["ceasefire_violations 7 day []", "ceasefire_violations 7 day []"],
        ),
        (
            "date 2021-04-10\nЗа сутки российская сторона зарегистрировала 6 нарушений режима прекращения огня. Турецкая сторона зарегистрировала 6 нарушений.",
            &["ceasefire_violations 6 day []", "ceasefire_violations 6 day []"],
        ),
    ]);
}

// ---------------------------------------------------------------------------
// Breakdown parts written in brackets or with filler words (4db45bc)

#[test]
fn a_part_in_square_brackets_after_its_place_is_that_place_s() {
    check(&[
        (
            "date 2019-05-20\nOver the past day, five ceasefire violations were registered in Damascus [3] and Homs [2].",
            &["ceasefire_violations 5 day []", "ceasefire_violations 3 day [Damascus@SY01:gov]", "ceasefire_violations 2 day [Homs@SY04:gov]"],
        ),
        (
            "date 2019-05-20\nOver the past day, seven ceasefire violations were registered in Aleppo [4] and Latakia [3].",
            &["ceasefire_violations 7 day []", "ceasefire_violations 4 day [Aleppo@SY02:gov]", "ceasefire_violations 3 day [Latakia@SY06:gov]"],
        ),
    ]);
}

#[test]
fn parts_worded_of_which_were_in_or_others_in_keep_their_place() {
    check(&[
        (
            "date 2019-05-20\nThe Russian side recorded 14 ceasefire violations, 12 of which were in Idlib province, one in Latakia province and one in Hama province.",
            &[
                "ceasefire_violations 14 day []",
                "ceasefire_violations 12 day [Idlib@SY07:gov]",
                "ceasefire_violations 1 day [Latakia@SY06:gov]",
                "ceasefire_violations 1 day [Hama@SY05:gov]",
            ],
        ),
        (
            "date 2019-05-20\nOver the past 24 hours, the Turkish side registered 10 ceasefire violations, 8 of which were in Aleppo province and 2 in Idlib province.",
            &["ceasefire_violations 10 day []", "ceasefire_violations 8 day [Aleppo@SY02:gov]", "ceasefire_violations 2 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-05-20\nMonitors registered nine violations of the truce: six in Aleppo province and three others in Hama province.",
            &["ceasefire_violations 9 day []", "ceasefire_violations 6 day [Aleppo@SY02:gov]", "ceasefire_violations 3 day [Hama@SY05:gov]"],
        ),
        (
            "date 2019-05-20\nOver the past 24 hours, eleven violations were registered: seven in Latakia province and four others in Idlib province.",
            &["ceasefire_violations 11 day []", "ceasefire_violations 7 day [Latakia@SY06:gov]", "ceasefire_violations 4 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-05-20\nAu cours de la journée, neuf violations ont été enregistrées, dont sept ont eu lieu dans la province d'Alep et deux dans la province de Hama.",
            &["ceasefire_violations 9 day []", "ceasefire_violations 7 day [Alep@SY02:gov]", "ceasefire_violations 2 day [Hama@SY05:gov]"],
        ),
    ]);
}

#[test]
fn a_part_of_a_place_named_right_after_it_is_that_place_s() {
    check(&[
        (
            "date 2018-09-11\nAu cours des dernières 24 heures, 81 réfugiés sont rentrés, dont 58 d'Alep et 23 d'Homs.",
            &["refugees_returned 81 day []", "refugees_returned 58 day [Alep@SY02]", "refugees_returned 23 day [Homs@SY04]"],
        ),
        (
            "date 2018-09-11\nAu cours des dernières 24 heures, 81 réfugiés sont rentrés, dont 58 habitants d'Alep et 23 d'Homs.",
            &["refugees_returned 81 day []", "refugees_returned 58 day [Alep@SY02]", "refugees_returned 23 day [Homs@SY04]"],
        ),
    ]);
}

#[test]
fn a_part_of_a_province_named_after_its_noun_is_that_province_s() {
    check(&[
        (
            "date 2018-09-11\nAu cours des dernières 24 heures, 81 réfugiés sont rentrés, dont 58 habitants de la province d'Alep et 23 d'Homs.",
            &["refugees_returned 81 day []", "refugees_returned 58 day [Alep@SY02:gov]", "refugees_returned 23 day [Homs@SY04]"],
        ),
        (
            "date 2018-09-11\nAu cours de la journée, 52 personnes sont rentrées chez elles : 30 habitants de la province de Hama et 22 de Lattaquié.",
            &["refugees_returned 52 day []", "refugees_returned 30 day [Hama@SY05:gov]", "refugees_returned 22 day [Lattaquié@SY06]"],
        ),
        (
            "date 2018-09-11\nAu cours des dernières 24 heures, 81 réfugiés sont rentrés : 58 de la province d'Alep et 23 d'Homs.",
            &["refugees_returned 81 day []", "refugees_returned 58 day [Alep@SY02:gov]", "refugees_returned 23 day [Homs@SY04]"],
        ),
        (
            "date 2018-09-11\nOver the past day, 81 refugees returned home, including 58 residents of Aleppo province and 23 of Homs.",
            &["refugees_returned 81 day []", "refugees_returned 58 day [Aleppo@SY02:gov]", "refugees_returned 23 day [Homs@SY04]"],
        ),
    ]);
}

// ---------------------------------------------------------------------------
// The reporter's own zero (4db45bc)

#[test]
fn a_zero_the_reporter_registered_is_a_count() {
    check(&[
        (
            "date 2020-01-15\nOver the past 24 hours, the Mission recorded no ceasefire violations in the Aleppo governorate.",
            &["ceasefire_violations 0 day [Aleppo@SY02:gov]"],
        ),
        (
            "date 2020-01-15\nThe Mission recorded no ceasefire violations in Deir ez-Zor governorate during the reporting period.",
            &["ceasefire_violations 0 day [Deir ez-Zor@SY09:gov]"],
        ),
        ("date 2020-01-15\nThe Turkish side has not registered any violations over the past day.", &["ceasefire_violations 0 day []"]),
        (
            "date 2020-01-15\nAu cours des dernières 24 heures, la partie russe n'a enregistré aucune violation du cessez-le-feu.",
            &["ceasefire_violations 0 day []"],
        ),
        // Commas between the noun and its negated verb.
        (
            "date 2021-04-10\nЗа сутки обстрелов со стороны вооружённых формирований, подконтрольных Турции, не зарегистрировано.",
            &["ceasefire_violations 0 day []"],
        ),
        (
            "date 2021-04-10\nЗа прошедшие сутки в зоне деэскалации Идлиб обстрелов, по данным российской стороны, не зарегистрировано.",
            &["ceasefire_violations 0 day [Идлиб@SY07:gov]"],
        ),
    ]);
}

#[test]
fn a_zero_someone_else_did_not_see_is_no_claim() {
    check(&[
        ("date 2020-01-15\nA UN spokesman said no major violations had been seen around Saraqib.", NONE),
        ("date 2020-01-15\nWitnesses said that no major violations had been seen in Khan Sheikhoun since the morning.", NONE),
        ("date 2020-01-15\nAccording to a UN official, no serious breaches have been seen around Saraqib this week.", NONE),
    ]);
}

// ---------------------------------------------------------------------------
// A full stop glued to the next sentence (4db45bc)

#[test]
fn a_stop_glued_to_the_next_sentence_ends_it() {
    // Unsplit, the second figure would share the first one's period.
    check(&[
        (
            "date 2019-02-08\nOver the past 48 hours, 3 agreements were signed in zone No. 2.The Turkish side registered 5 violations.",
            &["ceasefire_agreements 3 total/2019-02-07 []", "ceasefire_violations 5 day []"],
        ),
        (
            "date 2019-02-08\nIn the previous reporting period, 2 agreements were signed in zone No. 3.The Russian side registered 4 violations.",
            &["ceasefire_agreements 2 date/2019-02-07 []", "ceasefire_violations 4 day []"],
        ),
        (
            "date 2019-02-08\nAu cours des dernières 48 heures, 3 accords ont été signés dans la zone n° 2.Les militaires russes ont mené 4 actions humanitaires.",
            &["ceasefire_agreements 3 total/2019-02-07 []", "humanitarian_actions 4 day []"],
        ),
    ]);
}

#[test]
fn a_stop_glued_to_a_two_letter_word_ends_the_sentence() {
    check(&[
        (
            "date 2019-02-08\nAu cours des dernières 48 heures, 3 accords ont été signés dans la zone n° 1.La partie russe a enregistré 6 violations.",
            &["ceasefire_agreements 3 total/2019-02-07 []", "ceasefire_violations 6 day []"],
        ),
        (
            "date 2019-02-08\nAu cours des dernières 48 heures, deux accords ont été signés dans la zone n° 2.Le Centre a mené 5 actions humanitaires.",
            &["ceasefire_agreements 2 total/2019-02-07 []", "humanitarian_actions 5 day []"],
        ),
        (
            "date 2019-02-08\nOver the past 48 hours, 4 agreements were signed in zone No. 3.An armed group declared its adherence to the ceasefire.",
            &["ceasefire_agreements 4 total/2019-02-07 []", "armed_groups_joined_ceasefire 1 day []"],
        ),
    ]);
}

// ---------------------------------------------------------------------------
// Windows (d036374, 817cea7, f684439, a284a51)

#[test]
fn a_month_named_as_a_period_is_a_total_since_its_first_day() {
    check(&[
        (
            "date 2018-10-31\nIn September, 612 ceasefire violations were registered in the Idlib zone.",
            &["ceasefire_violations 612 total/2018-09-01 [Idlib@SY07:gov]"],
        ),
        ("date 2018-10-31\nВ сентябре зарегистрировано 540 нарушений режима прекращения огня.", &["ceasefire_violations 540 total/2018-09-01 []"]),
        ("date 2018-10-31\nEn septembre, 430 réfugiés sont rentrés de Jordanie.", &["refugees_returned 430 total/2018-09-01 [Jordanie@-]"]),
        // The latest such month: November before a February report is last year's.
        (
            "date 2019-02-01\nIn November, 388 ceasefire violations were registered in the Idlib de-escalation zone.",
            &["ceasefire_violations 388 total/2018-11-01 [Idlib@SY07:gov]"],
        ),
        (
            "date 2018-02-10\nIn January, 37 humanitarian actions were carried out in Homs province.",
            &["humanitarian_actions 37 total/2018-01-01 [Homs@SY04:gov]"],
        ),
    ]);
}

#[test]
fn a_year_named_as_a_period_is_a_total_since_the_first_of_january() {
    check(&[
        ("date 2017-05-24\nВ 2017 году на родину вернулись 2 300 беженцев.", &["refugees_returned 2300 total/2017-01-01 []"]),
        ("date 2017-05-24\nIn 2017, 118 humanitarian actions were carried out.", &["humanitarian_actions 118 total/2017-01-01 []"]),
        ("date 2017-05-24\nEn 2017, 56 localités ont rejoint le processus de réconciliation.", &["localities_joined_ceasefire 56 total/2017-01-01 []"]),
    ]);
}

#[test]
fn whole_days_in_hours_end_on_the_report_day_and_other_hours_are_a_period() {
    check(&[
        (
            "date 2019-04-12\nOver the past 48 hours, 9 ceasefire violations were registered in Latakia province.",
            &["ceasefire_violations 9 total/2019-04-11 [Latakia@SY06:gov]"],
        ),
        ("date 2019-04-12\nЗа последние 48 часов зарегистрировано 11 нарушений режима прекращения огня.", &["ceasefire_violations 11 total/2019-04-11 []"]),
        (
            "date 2019-04-12\nAu cours des dernières 72 heures, 14 violations du cessez-le-feu ont été enregistrées.",
            &["ceasefire_violations 14 total/2019-04-10 []"],
        ),
        // Not whole days: a closed period, no since.
        ("date 2019-04-12\nIn the last 36 hours, 6 ceasefire violations were registered in Hama province.", &["ceasefire_violations 6 total [Hama@SY05:gov]"]),
        ("date 2019-04-12\nAu cours des dernières 36 heures, 5 violations du cessez-le-feu ont été enregistrées.", &["ceasefire_violations 5 total []"]),
    ]);
}

#[test]
fn the_previous_day_dates_every_figure_of_its_sentence() {
    check(&[
        (
            "date 2019-04-12\nIn the previous reporting period, the Turkish side registered 3 ceasefire violations and 2 humanitarian actions were carried out.",
            &["ceasefire_violations 3 date/2019-04-11 []", "humanitarian_actions 2 date/2019-04-11 []"],
        ),
        (
            "date 2019-04-12\nЗа предыдущий день зарегистрировано 4 нарушения режима прекращения огня и проведено 2 гуманитарные акции.",
            &["ceasefire_violations 4 date/2019-04-11 []", "humanitarian_actions 2 date/2019-04-11 []"],
        ),
        (
            "date 2019-04-12\nDuring the previous day, 8 violations of the ceasefire were registered in Idlib province and 46 refugees returned from Lebanon.",
            &["ceasefire_violations 8 date/2019-04-11 [Idlib@SY07:gov]", "refugees_returned 46 date/2019-04-11 [Lebanon@-]"],
        ),
    ]);
}

#[test]
fn the_previous_day_in_french_dates_every_figure_of_its_sentence() {
    check(&[
        (
            "date 2019-04-12\nAu cours de la journée précédente, 6 violations du cessez-le-feu ont été enregistrées et 2 actions humanitaires ont été menées.",
            &["ceasefire_violations 6 date/2019-04-11 []", "humanitarian_actions 2 date/2019-04-11 []"],
        ),
        (
            "date 2019-04-12\nAu cours de la période précédente, la partie russe a enregistré 4 violations du cessez-le-feu.",
            &["ceasefire_violations 4 date/2019-04-11 []"],
        ),
    ]);
}

#[test]
fn since_a_reopening_on_a_date_is_a_total_since_that_date() {
    check(&[
        (
            "date 2019-01-20\nSince its reopening on 20 October 2018, 11,906 refugees have returned through the Nasib crossing.",
            &["refugees_returned 11906 total/2018-10-20 []"],
        ),
        (
            "date 2019-01-20\nSince the checkpoint was reopened on 2 December 2018, 4,115 displaced people have returned.",
            &["refugees_returned 4115 total/2018-12-02 []"],
        ),
        (
            "date 2019-01-20\nDepuis sa réouverture le 3 novembre 2018, 8 760 réfugiés sont rentrés par le point de passage de Jaydet Yabous.",
            &["refugees_returned 8760 total/2018-11-03 []"],
        ),
    ]);
}

#[test]
fn a_weekday_before_the_figure_dates_the_event_even_on_the_report_day() {
    check(&[
        // 2019-05-08 is a Wednesday: the report day itself.
        (
            "date 2019-05-08\nLes forces gouvernementales ont repris mercredi deux localités au sud d'Idleb.",
            &["localities_liberated 2 date/2019-05-08 [Idleb@SY07:gov]"],
        ),
        (
            "date 2019-05-08\nGovernment forces on Wednesday recaptured three villages north of Hama.",
            &["localities_liberated 3 date/2019-05-08 [Hama@SY05:gov]"],
        ),
        // Earlier in the week.
        ("date 2019-05-10\nL'armée a libéré lundi quatre villages dans la province de Hama.", &["localities_liberated 4 date/2019-05-06 [Hama@SY05:gov]"]),
        ("date 2019-05-10\nGovernment forces on Tuesday recaptured three villages north of Hama.", &["localities_liberated 3 date/2019-05-07 [Hama@SY05:gov]"]),
    ]);
}

#[test]
fn a_weekday_after_the_figure_dates_the_report_not_the_event() {
    check(&[
        // 2019-05-11 is a Saturday.
        (
            "date 2019-05-11\nRussian monitors registered 7 ceasefire violations in Latakia province, the ministry said on Saturday.",
            &["ceasefire_violations 7 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2019-05-11\nCinq violations du cessez-le-feu ont été enregistrées dans la province d'Alep, a indiqué samedi le ministère.",
            &["ceasefire_violations 5 day [Alep@SY02:gov]"],
        ),
    ]);
}

#[test]
fn an_agency_dateline_dates_nothing() {
    // The bulletin speaks for 7 August; the agency stamps its story the
    // next morning. Read as a date, "August 8" would fall a year back.
    check(&[
        (
            "date 2019-08-07\nMOSCOW, August 8 (Xinhua) -- Russian monitors registered 4 ceasefire violations in Aleppo province, the ministry said.",
            &["ceasefire_violations 4 day [Aleppo@SY02:gov]"],
        ),
        ("date 2019-08-07\nDAMASCUS, Aug. 8 (Xinhua) -- Syrian troops liberated 3 villages in Hama province.", &["localities_liberated 3 day [Hama@SY05:gov]"]),
        (
            "date 2019-08-07\nBEIRUT, August 8 (Reuters) - Syrian troops recaptured 2 villages in Idlib province.",
            &["localities_liberated 2 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-08-07\nDAMAS, 8 août (Xinhua) -- Les militaires russes ont mené 3 actions humanitaires dans la province de Homs.",
            &["humanitarian_actions 3 day [Homs@SY04:gov]"],
        ),
    ]);
}

#[test]
fn a_stock_said_to_stay_is_a_total_even_in_a_daily_report() {
    check(&[
        (
            "date 2019-03-01\nOver the past day, the number of settlements that joined the reconciliation process remained at 1,446.",
            &["localities_joined_ceasefire 1446 total []"],
        ),
        (
            "date 2019-03-01\nOver the past 24 hours, the count of armed formations that declared their commitment to the truce remained at 208.",
            &["armed_groups_joined_ceasefire 208 total []"],
        ),
        (
            "date 2019-03-01\nOver the past day, 3 settlements joined the truce, and the number of armed groups that declared adherence to the ceasefire remained at 214.",
            &["localities_joined_ceasefire 3 day []", "armed_groups_joined_ceasefire 214 total []"],
        ),
        (
            "date 2019-03-01\nAu cours de la journée, le nombre de groupes armés ayant adhéré à la trêve est resté inchangé à 97.",
            &["armed_groups_joined_ceasefire 97 total []"],
        ),
        (
            "date 2019-03-01\nЗа сутки количество населённых пунктов, присоединившихся к перемирию, не изменилось — 2 512.",
            &["localities_joined_ceasefire 2512 total []"],
        ),
        (
            "date 2019-03-01\nЗа сутки число вооружённых формирований, заявивших о присоединении к перемирию, не изменилось — 161.",
            &["armed_groups_joined_ceasefire 161 total []"],
        ),
    ]);
}

#[test]
fn a_stock_that_has_not_changed_is_a_total_even_in_a_daily_report() {
    check(&[
        (
            "date 2019-03-01\nOver the past 24 hours, the number of armed groups that have joined the ceasefire has not changed — 153.",
            &["armed_groups_joined_ceasefire 153 total []"],
        ),
        (
            "date 2019-03-01\nOver the past day, the number of settlements that joined the truce has not changed — 2,718.",
            &["localities_joined_ceasefire 2718 total []"],
        ),
    ]);
}

#[test]
fn a_total_number_makes_every_flow_it_leads_a_running_total() {
    check(&[
        (
            "date 2019-03-01\nTotal number of humanitarian actions is 1,692 with a total weight of humanitarian aid of 2,330 tons.",
            &["humanitarian_actions 1692 total []", "humanitarian_aid_tonnes 2330 total []"],
        ),
        (
            "date 2019-03-01\nOver the past 24 hours, 4 humanitarian actions were carried out. The total number of humanitarian actions is 1,815 with a total weight of 2,964 tons.",
            &["humanitarian_actions 4 day []", "humanitarian_actions 1815 total []", "humanitarian_aid_tonnes 2964 total []"],
        ),
        (
            "date 2019-03-01\nThe total number of humanitarian actions carried out stands at 2,015 with a total weight of food and medicine of 3,104 tons.",
            &["humanitarian_actions 2015 total []", "humanitarian_aid_tonnes 3104 total []"],
        ),
    ]);
}

#[test]
fn a_total_number_makes_every_flow_it_leads_a_running_total_past_a_comma_and_in_french() {
    check(&[
        (
            "date 2019-03-01\nThe total number of humanitarian actions is 1,815, with a total weight of 2,964 tons.",
            &["humanitarian_actions 1815 total []", "humanitarian_aid_tonnes 2964 total []"],
        ),
        (
            "date 2019-03-01\nLe nombre total d'actions humanitaires s'élève à 1 207 avec un poids total de 1 840 tonnes.",
            &["humanitarian_actions 1207 total []", "humanitarian_aid_tonnes 1840 total []"],
        ),
        (
            "date 2019-03-01\nLe nombre total d'actions humanitaires menées est de 1 207, avec un poids total de 1 840 tonnes.",
            &["humanitarian_actions 1207 total []", "humanitarian_aid_tonnes 1840 total []"],
        ),
    ]);
}

#[test]
fn this_period_takes_the_window_of_the_figure_before() {
    check(&[
        (
            "date 2019-03-01\nDepuis le 1er janvier, 1,204 million de réfugiés sont rentrés. Au cours de cette période, 517 actions humanitaires ont été menées.",
            &["refugees_returned 1204000 total/2019-01-01 []", "humanitarian_actions 517 total/2019-01-01 []"],
        ),
        (
            "date 2018-12-31\nIn 2018, 3,412 refugees returned from Lebanon. During this period, 86 humanitarian actions were carried out.",
            &["refugees_returned 3412 total/2018-01-01 [Lebanon@-]", "humanitarian_actions 86 total/2018-01-01 []"],
        ),
        (
            "date 2018-12-31\nOver the past 48 hours, 212 refugees returned from Jordan. During the same period, 5 humanitarian actions were carried out.",
            &["refugees_returned 212 total/2018-12-30 [Jordan@-]", "humanitarian_actions 5 total/2018-12-30 []"],
        ),
        (
            "date 2018-12-31\nС 1 декабря вернулись 1 240 беженцев. За тот же период проведено 27 гуманитарных акций.",
            &["refugees_returned 1240 total/2018-12-01 []", "humanitarian_actions 27 total/2018-12-01 []"],
        ),
    ]);
}

#[test]
fn since_the_start_of_the_fighting_is_a_total_for_flows_too() {
    check(&[
        (
            "date 2019-03-01\nSince the start of the fighting, 317 ceasefire violations have been registered in Idlib province.",
            &["ceasefire_violations 317 total [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-03-01\nSince the beginning of the fighting, 317 humanitarian actions were carried out in Aleppo province.",
            &["humanitarian_actions 317 total [Aleppo@SY02:gov]"],
        ),
        (
            "date 2019-03-01\nDepuis le début des combats, 26 actions humanitaires ont été menées dans la province de Homs.",
            &["humanitarian_actions 26 total [Homs@SY04:gov]"],
        ),
        ("date 2019-03-01\nС начала боевых действий вернулись 3 250 беженцев.", &["refugees_returned 3250 total []"]),
    ]);
}

// ---------------------------------------------------------------------------
// Metrics (817cea7, f684439)

#[test]
fn attacks_in_a_text_about_a_truce_are_violations() {
    check(&[
        (
            "date 2019-05-10\nLa trêve est fragile : sept attaques dans la zone de désescalade d'Idleb ont été recensées au cours des dernières 24 heures.",
            &["ceasefire_violations 7 day [Idleb@SY07:gov]"],
        ),
        (
            "date 2019-05-10\nLe régime de cessez-le-feu est globalement respecté. Au cours de la journée, sept attaques ont été recensées dans la zone de désescalade d'Idleb.",
            &["ceasefire_violations 7 day [Idleb@SY07:gov]"],
        ),
        (
            "date 2019-05-10\nThe ceasefire regime is observed in the Eastern Ghouta. During the humanitarian pause, 14 harassments and attacks were registered around Douma.",
            &["ceasefire_violations 14 day []"],
        ),
        (
            "date 2019-05-10\nThe truce held overnight. Militants carried out 6 attacks on army positions in Latakia province.",
            &["ceasefire_violations 6 day [Latakia@SY06:gov]"],
        ),
        // No truce in the text: attacks are not its violations.
        ("date 2019-05-10\nThe army repelled 6 attacks on its positions near Palmyra.", NONE),
    ]);
}

#[test]
fn an_attack_described_after_its_count_is_not_a_new_count() {
    check(&[
        (
            "date 2019-05-10\nNeuf violations du cessez-le-feu ont été enregistrées dans la province de Lattaquié. Selon le ministère, il s'agissait d'une attaque du hameau de Kinsabba, dans la province de Lattaquié.",
            &["ceasefire_violations 9 day [Lattaquié@SY06:gov, Kinsabba@SY06]"],
        ),
        (
            "date 2019-05-10\nEleven ceasefire violations were registered in Aleppo province. According to the centre, it was an attack on the village of Anadan in Aleppo province.",
            &["ceasefire_violations 11 day [Aleppo@SY02:gov, Anadan@SY02]"],
        ),
    ]);
}

#[test]
fn shelled_n_times_and_violated_n_times_count_violations() {
    check(&[
        (
            "date 2019-05-10\nOver the past 24 hours, militants shelled the village of Jurin in Hama province 23 times.",
            &["ceasefire_violations 23 day [Jurin@SY05, Hama@SY05:gov]"],
        ),
        (
            "date 2019-05-10\nMilitants shelled the town of Kafr Nabl in Idlib province 14 times over the past 24 hours.",
            &["ceasefire_violations 14 day [Kafr Nabl@SY07, Idlib@SY07:gov]"],
        ),
        ("date 2021-04-10\nЗа сутки режим прекращения огня был нарушен восемь раз в провинции Латакия.", &["ceasefire_violations 8 day [Латакия@SY06:gov]"]),
        ("date 2021-04-10\nЗа прошедшие сутки режим прекращения огня нарушен пять раз.", &["ceasefire_violations 5 day []"]),
    ]);
}

#[test]
fn humanitarian_interventions_are_humanitarian_actions() {
    check(&[
        (
            "date 2019-05-10\nAu cours des dernières 24 heures, 12 interventions humanitaires ont été menées dans la province de Deir ez-Zor.",
            &["humanitarian_actions 12 day [Deir ez-Zor@SY09:gov]"],
        ),
        (
            "date 2019-05-10\nLes militaires russes ont effectué 3 interventions humanitaires dans la province d'Alep.",
            &["humanitarian_actions 3 day [Alep@SY02:gov]"],
        ),
    ]);
}

#[test]
fn captured_villages_are_liberated() {
    check(&[
        ("date 2019-05-10\nLes forces gouvernementales ont capturé deux villages dans la province de Hama.", &["localities_liberated 2 day [Hama@SY05:gov]"]),
        (
            "date 2019-05-10\nAu cours de la journée, l'armée a capturé trois localités au nord de Lattaquié.",
            &["localities_liberated 3 day [Lattaquié@SY06:gov]"],
        ),
    ]);
}

#[test]
fn localities_taken_by_name_count_one_each() {
    check(&[
        (
            "date 2019-05-10\nMercredi, les troupes ont repris la ville de Kafr Nabudah et le village de Qalaat al-Madiq, dans la province de Hama.",
            &["localities_liberated 2 date/2019-05-08 [Kafr Nabudah@SY05, Qalaat al-Madiq@SY05]"],
        ),
        ("date 2019-05-10\nThe army recaptured the town of Khan Shaykhun in Idlib province.", &["localities_liberated 1 day [Khan Shaykhun@SY07]"]),
        // A landmark is not a taking.
        ("date 2019-05-10\nElle a repris les collines situées entre la localité de Tall Shihab et la frontière.", &[]),
    ]);
}

#[test]
fn a_figure_bringing_to_n_the_number_of_localities_counts_them() {
    check(&[
        (
            "date 2019-05-10\nAu cours de la journée, l'armée a progressé dans le sud d'Idleb, portant à quinze le nombre de localités reconquises depuis le début de l'offensive.",
            &["localities_liberated 15 total [Idleb@SY07:gov]"],
        ),
        (
            "date 2019-05-10\nGovernment troops advanced north of Hama, bringing to nine the number of settlements liberated since the start of the operation.",
            &["localities_liberated 9 total [Hama@SY05:gov]"],
        ),
    ]);
}

#[test]
fn a_range_gives_both_figures_the_noun_and_a_ratio_is_no_count() {
    check(&[
        (
            "date 2018-10-31\nЧисло нарушений режима прекращения огня сократилось с 681 в сентябре до 172 в октябре.",
            &["ceasefire_violations 681 total/2018-09-01 []", "ceasefire_violations 172 total/2018-10-01 []"],
        ),
        (
            "date 2018-10-31\nКоличество обстрелов снизилось в четыре раза: с 540 в сентябре до 135 в октябре.",
            &["ceasefire_violations 540 total/2018-09-01 []", "ceasefire_violations 135 total/2018-10-01 []"],
        ),
        ("date 2018-10-31\nЧисло нарушений перемирия в зоне деэскалации Идлиб за месяц сократилось в три раза.", NONE),
    ]);
}

// ---------------------------------------------------------------------------
// Places (e103164, f684439, a284a51)

#[test]
fn a_part_of_a_region_names_its_governorate() {
    check(&[
        (
            "date 2019-05-10\nAu cours des dernières 24 heures, l'armée a libéré trois localités dans le sud d'Idleb.",
            &["localities_liberated 3 day [Idleb@SY07:gov]"],
        ),
        ("date 2019-05-10\nOver the past day, government forces liberated 4 settlements north of Hama.", &["localities_liberated 4 day [Hama@SY05:gov]"]),
        ("date 2019-05-10\nGovernment forces liberated two villages in southern Idlib.", &["localities_liberated 2 day [Idlib@SY07:gov]"]),
        (
            "date 2019-05-10\nAu cours de la journée, l'armée a libéré trois localités au nord de Lattaquié.",
            &["localities_liberated 3 day [Lattaquié@SY06:gov]"],
        ),
    ]);
}

#[test]
fn localities_a_sentence_or_two_after_a_count_join_the_count_of_their_province() {
    check(&[
        (
            "date 2019-05-10\nOver the past 24 hours, seven ceasefire violations were registered in Damascus province and three in Latakia province. Armed groups opened fire on Douma and Harasta in Damascus province.",
            &["ceasefire_violations 7 day [Damascus@SY01:gov, Douma@SY01, Harasta@SY01]", "ceasefire_violations 3 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2019-05-10\nOver the past 24 hours, seven ceasefire violations were registered in Aleppo province and three in Latakia province. The ministry said the situation was tense. The settlements of Anadan and Hayan in Aleppo province came under fire.",
            &["ceasefire_violations 7 day [Aleppo@SY02:gov, Anadan@SY02, Hayan@SY02]", "ceasefire_violations 3 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2019-05-10\nAu cours des dernières 24 heures, huit violations ont été enregistrées dans la province d'Alep et deux dans la province de Lattaquié. La situation reste tendue. Les groupes armés ont ouvert le feu sur Anadan et Hayan, dans la province d'Alep.",
            &["ceasefire_violations 8 day [Alep@SY02:gov, Anadan@SY02, Hayan@SY02]", "ceasefire_violations 2 day [Lattaquié@SY06:gov]"],
        ),
        (
            "date 2019-05-10\nAu cours des dernières 24 heures, huit violations ont été enregistrées dans la province de Hama et deux dans la province de Lattaquié. Des tirs ont visé Kafr Zita et Latamneh, dans la province de Hama.",
            &["ceasefire_violations 8 day [Hama@SY05:gov, Kafr Zita@SY05, Latamneh@SY05]", "ceasefire_violations 2 day [Lattaquié@SY06:gov]"],
        ),
    ]);
}

#[test]
fn shelled_localities_a_sentence_after_a_count_join_the_count_of_their_province() {
    check(&[
        (
            "date 2019-05-10\nOver the past 24 hours, seven ceasefire violations were registered in Damascus province and three in Latakia province. Militants shelled Douma and Harasta in Damascus province.",
            &["ceasefire_violations 7 day [Damascus@SY01:gov, Douma@SY01, Harasta@SY01]", "ceasefire_violations 3 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2019-05-10\nAu cours des dernières 24 heures, huit violations ont été enregistrées dans la province de Hama et deux dans la province de Lattaquié. Les terroristes ont pilonné Kafr Zita et Latamneh, dans la province de Hama.",
            &["ceasefire_violations 8 day [Hama@SY05:gov, Kafr Zita@SY05, Latamneh@SY05]", "ceasefire_violations 2 day [Lattaquié@SY06:gov]"],
        ),
        (
            "date 2019-05-10\nOver the past 24 hours, seven ceasefire violations were registered in Aleppo province and three in Latakia province. Armed groups fired on Anadan and Hayan in Aleppo province.",
            &["ceasefire_violations 7 day [Aleppo@SY02:gov, Anadan@SY02, Hayan@SY02]", "ceasefire_violations 3 day [Latakia@SY06:gov]"],
        ),
    ]);
}

#[test]
fn a_bracketed_count_after_a_province_is_that_province_s() {
    check(&[
        (
            "date 2019-05-10\nOver the past 24 hours, ceasefire violations were registered in the Aleppo (1 violation) and Idlib (1 violation) provinces.",
            &["ceasefire_violations 1 day [Aleppo@SY02:gov]", "ceasefire_violations 1 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-05-10\nThe Russian side registered violations in the Latakia (4 violations) and Idlib (2 violations) provinces over the past day.",
            &["ceasefire_violations 4 day [Latakia@SY06:gov]", "ceasefire_violations 2 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2019-05-10\nCeasefire violations were registered in the Hama (3 violations) and Latakia (2 violations) provinces.",
            &["ceasefire_violations 3 day [Hama@SY05:gov]", "ceasefire_violations 2 day [Latakia@SY06:gov]"],
        ),
    ]);
}

#[test]
fn a_running_total_after_a_breakdown_carries_no_places() {
    check(&[
        (
            "date 2019-05-10\nOver the past day, five settlements joined the reconciliation process in Damascus [3] and Homs [2], bringing the total number of settlements that joined to 1,243.",
            &[
                "localities_joined_ceasefire 5 day []",
                "localities_joined_ceasefire 3 day [Damascus@SY01:gov]",
                "localities_joined_ceasefire 2 day [Homs@SY04:gov]",
                "localities_joined_ceasefire 1243 total []",
            ],
        ),
        (
            "date 2019-05-10\nOver the past day, six ceasefire agreements were signed with settlements in Hama (4) and Aleppo (2) provinces, bringing the number of reconciled settlements to 1,618.",
            &[
                "ceasefire_agreements 6 day []",
                "ceasefire_agreements 4 day [Hama@SY05:gov]",
                "ceasefire_agreements 2 day [Aleppo@SY02:gov]",
                "localities_joined_ceasefire 1618 total []",
            ],
        ),
        (
            "date 2019-05-10\nAu cours de la journée, quatre localités ont rejoint la trêve dans les provinces de Hama (3) et d'Alep (1) ; le nombre total de localités réconciliées s'élève à 2 341.",
            &[
                "localities_joined_ceasefire 4 day []",
                "localities_joined_ceasefire 3 day [Hama@SY05:gov]",
                "localities_joined_ceasefire 1 day [Alep@SY02:gov]",
                "localities_joined_ceasefire 2341 total []",
            ],
        ),
    ]);
}

#[test]
fn a_running_total_without_its_noun_after_a_breakdown_is_read_and_carries_no_places() {
    check(&[
        (
            "date 2019-05-10\nOver the past day, five settlements joined the reconciliation process in Aleppo [3] and Hama [2], bringing the total to 1,377.",
            &[
                "localities_joined_ceasefire 5 day []",
                "localities_joined_ceasefire 3 day [Aleppo@SY02:gov]",
                "localities_joined_ceasefire 2 day [Hama@SY05:gov]",
                "localities_joined_ceasefire 1377 total []",
            ],
        ),
        (
            "date 2019-05-10\nAu cours de la journée, quatre localités ont rejoint la trêve dans les provinces de Hama (3) et d'Alep (1), ce qui porte leur nombre total à 2 341.",
            &[
                "localities_joined_ceasefire 4 day []",
                "localities_joined_ceasefire 3 day [Hama@SY05:gov]",
                "localities_joined_ceasefire 1 day [Alep@SY02:gov]",
                "localities_joined_ceasefire 2341 total []",
            ],
        ),
    ]);
}

// ---------------------------------------------------------------------------
// The truce coming into force (817cea7, f684439)

#[test]
fn a_truce_established_or_started_on_a_date_is_in_force_from_it_and_dates_no_figure() {
    check(&[
        (
            "date 2020-03-10\nThe ceasefire was established in the Idlib de-escalation zone since 6 March 2020. Over the past 24 hours, 8 violations were registered.",
            &["ceasefire_in_force - date/2020-03-06 []", "ceasefire_violations 8 day []"],
        ),
        ("date 2020-03-10\nВ зоне деэскалации Идлиб режим прекращения огня установлен с 6 марта 2020 года.", &["ceasefire_in_force - date/2020-03-06 []"]),
        (
            "date 2020-03-10\nThe ceasefire that was established on 6 March 2020 was violated 9 times in Idlib province.",
            &["ceasefire_in_force - date/2020-03-06 []", "ceasefire_violations 9 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2020-03-10\nLe cessez-le-feu établi le 6 mars 2020 a été violé 5 fois dans la province d'Idleb.",
            &["ceasefire_in_force - date/2020-03-06 []", "ceasefire_violations 5 day [Idleb@SY07:gov]"],
        ),
        (
            "date 2020-03-10\nРежим прекращения огня, установленный 6 марта 2020 года, был нарушен семь раз в провинции Идлиб.",
            &["ceasefire_in_force - date/2020-03-06 []", "ceasefire_violations 7 day [Идлиб@SY07:gov]"],
        ),
        (
            "date 2016-03-07\nThe truce that started on February 27 was violated 4 times in Latakia province.",
            &["ceasefire_in_force - date/2016-02-27 []", "ceasefire_violations 4 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2016-03-07\nThe truce that started on Saturday February 27 has been violated 12 times over the past 24 hours.",
            &["ceasefire_in_force - date/2016-02-27 []", "ceasefire_violations 12 day []"],
        ),
    ]);
}

#[test]
fn a_truce_started_on_a_weekday_comma_date_or_since_a_date_dates_no_figure() {
    check(&[
        (
            "date 2016-03-07\nThe truce that started on Saturday, February 27, has been violated 12 times over the past 24 hours.",
            &["ceasefire_in_force - date/2016-02-27 []", "ceasefire_violations 12 day []"],
        ),
        (
            "date 2016-03-08\nThe ceasefire regime that started on Saturday, February 27, was violated 9 times in Latakia province.",
            &["ceasefire_in_force - date/2016-02-27 []", "ceasefire_violations 9 day [Latakia@SY06:gov]"],
        ),
        (
            "date 2020-03-10\nThe ceasefire was established in the Idlib de-escalation zone since 6 March 2020; over the past 24 hours, 8 violations were registered.",
            &["ceasefire_in_force - date/2020-03-06 []", "ceasefire_violations 8 day [Idlib@SY07:gov]"],
        ),
        (
            "date 2016-03-07\nLa trêve qui a commencé le 27 février a été violée 6 fois dans la province de Hama.",
            &["ceasefire_in_force - date/2016-02-27 []", "ceasefire_violations 6 day [Hama@SY05:gov]"],
        ),
    ]);
}
