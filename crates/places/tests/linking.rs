//! Linking behaviour on a small project-written gazetteer
//! (tests/fixtures/mini_localities.tsv) and on the bundled one.

use truce_model::{Claim, Governorate, Metric, Place, PlaceKind, Severity, Window};
use truce_places::{Gazetteer, GazetteerError, TsvProblem};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini_localities.tsv");

fn mini() -> Gazetteer {
    match Gazetteer::from_localities_tsv(FIXTURE) {
        Ok(g) => g,
        Err(e) => panic!("fixture does not load: {e}"),
    }
}

fn link(g: &Gazetteer, name: &str, province: Option<Governorate>, kind: Option<PlaceKind>) -> Place {
    let mut place = Place::mention(name, province);
    place.kind = kind;
    g.link(&mut place);
    place
}

#[test]
fn transliteration_variants_link_to_one_place() {
    let g = mini();
    for (name, province, id) in [
        ("Maarest Al-Khan", Some(Governorate::Aleppo), "wof:1"),
        ("Mu`arrasat al-Khan", None, "wof:1"),
        ("Modiara", Some(Governorate::Damascus), "wof:3"),
        ("Chinchar", Some(Governorate::Homs), "wof:7"),
        ("مُدَيْرَا", None, "wof:3"),
        ("معرسة الخان", None, "wof:1"),
        ("Алеппо", None, "wof:6"),
        ("Zeïzoune", Some(Governorate::Daraa), "wof:4"),
    ] {
        let place = link(&g, name, province, None);
        assert_eq!(place.id.as_deref(), Some(id), "{name}: {place:?}");
        assert!(place.score.is_some_and(|s| s > 0.8 && s <= 1.0), "{name}: {place:?}");
        assert!(place.lat.is_some() && place.lon.is_some() && place.district.is_some());
    }
}

#[test]
fn the_province_constrains_and_damascus_covers_its_countryside() {
    let g = mini();
    assert_eq!(link(&g, "Zayzoune", Some(Governorate::Daraa), None).id.as_deref(), Some("wof:4"));
    assert_eq!(link(&g, "Zayzoune", Some(Governorate::Hama), None).id.as_deref(), Some("wof:5"));
    // Mudayra is in Rural Damascus; bulletins say "province de Damas".
    assert_eq!(link(&g, "Modiara", Some(Governorate::Damascus), None).id.as_deref(), Some("wof:3"));
    // Shinshar is in Homs, far from Daraa: not a match there.
    assert_eq!(link(&g, "Chinchar", Some(Governorate::Daraa), None).id, None);
}

#[test]
fn ambiguity_is_reported_not_guessed() {
    let g = mini();
    let mut place = Place::mention("Zayzoune", None);
    let diagnostic = g.link(&mut place);
    assert_eq!(place.id, None);
    let ids: Vec<&str> = place.candidates.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "{place:?}");
    assert!(ids.contains(&"wof:4") && ids.contains(&"wof:5"));
    let diagnostic = diagnostic.expect("a warning");
    assert_eq!(diagnostic.severity, Severity::Warning);
    assert!(diagnostic.message.contains("ambiguous"));
}

#[test]
fn duplicate_records_of_one_town_are_not_ambiguous() {
    let g = mini();
    let place = link(&g, "Jaramana", Some(Governorate::RuralDamascus), None);
    assert_eq!(place.id.as_deref(), Some("wof:8"), "{place:?}");
    assert!(place.candidates.is_empty());
}

#[test]
fn governorate_names_resolve_to_admin_units_when_called_provinces() {
    let g = mini();
    let gov = Some(PlaceKind::Governorate);
    assert_eq!(link(&g, "Alep", Some(Governorate::Aleppo), gov).id.as_deref(), Some("SY02"));
    assert_eq!(link(&g, "Хама", Some(Governorate::Hama), gov).id.as_deref(), Some("SY05"));
    assert_eq!(link(&g, "Damas", Some(Governorate::Damascus), gov).id.as_deref(), Some("SY01"));
    // A plain "à Alep" is the city.
    assert_eq!(link(&g, "Alep", Some(Governorate::Aleppo), None).id.as_deref(), Some("wof:6"));
    // The words themselves can say so.
    assert_eq!(link(&g, "province d'Alep", None, None).id.as_deref(), Some("SY02"));
    // The countryside of Damascus city is Rural Damascus.
    assert_eq!(link(&g, "banlieue de Damas", None, None).id.as_deref(), Some("SY03"));
    assert_eq!(link(&g, "Rif Dimashq", None, None).id.as_deref(), Some("SY03"));
    assert_eq!(link(&g, "Ghouta orientale", None, None).id.as_deref(), Some("SY03"));
    let district = link(&g, "Jableh", Some(Governorate::Lattakia), Some(PlaceKind::District));
    assert_eq!(district.id.as_deref(), Some("SY0602"));
    assert_eq!(district.district.as_deref(), Some("SY0602"));
}

#[test]
fn unknown_names_get_an_info_diagnostic() {
    let g = mini();
    let mut place = Place::mention("Stanytsia Luhanska", None);
    let d = g.link(&mut place).expect("a diagnostic");
    assert_eq!(d.severity, Severity::Info);
    assert_eq!(place.id, None);
    assert!(place.candidates.is_empty());
}

#[test]
fn link_claims_links_every_place() {
    let g = mini();
    let mut claims = vec![Claim {
        metric: Metric::CeasefireAgreements,
        value: Some(2.0),
        window: Window::Day,
        actor: None,
        places: vec![Place::mention("Maarest Al-Khan", Some(Governorate::Aleppo)), Place::mention("Zayzoune", None)],
        evidence: "x".into(),
        span: Some(truce_model::Span::new(0, 1)),
        reasons: Vec::new(),
    }];
    let diagnostics = g.link_claims(&mut claims);
    assert_eq!(claims[0].places[0].id.as_deref(), Some("wof:1"));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].span, Some(truce_model::Span::new(0, 1)));
}

#[test]
fn link_claims_links_a_repeated_name_alike_and_warns_each_time() {
    let g = mini();
    let claim = |span: usize| Claim {
        metric: Metric::CeasefireAgreements,
        value: Some(1.0),
        window: Window::Day,
        actor: None,
        places: vec![
            Place::mention("Maarest Al-Khan", Some(Governorate::Aleppo)),
            Place::mention("Zayzoune", None),
            Place::mention("Maarest Al-Khan", Some(Governorate::Daraa)),
        ],
        evidence: "x".into(),
        span: Some(truce_model::Span::new(span, span + 1)),
        reasons: Vec::new(),
    };
    let mut claims = vec![claim(0), claim(5)];
    let diagnostics = g.link_claims(&mut claims);
    for c in &claims {
        for p in &c.places {
            let mut alone = Place::mention(p.name.clone(), p.province);
            g.link(&mut alone);
            assert_eq!(*p, alone, "a repeated name links as it does alone");
        }
    }
    assert_eq!(claims[1].places[0].id.as_deref(), Some("wof:1"));
    // Zayzoune is ambiguous and Maarest Al-Khan is not in Daraa: two
    // diagnostics per claim, each with its own claim's span.
    let spans: Vec<_> = diagnostics.iter().map(|d| d.span).collect();
    assert_eq!(spans.len(), 4, "{diagnostics:?}");
    assert_eq!(spans.iter().filter(|s| **s == Some(truce_model::Span::new(5, 6))).count(), 2);
}

#[test]
fn search_lists_candidates_best_first() {
    let g = mini();
    let found = g.search("Zayzoun", None, 10);
    assert!(found.len() >= 2);
    assert!(found.windows(2).all(|w| w[0].score >= w[1].score));
    let in_hama = g.search("Zayzoun", Some(Governorate::Hama), 10);
    assert!(in_hama.iter().all(|m| m.governorate == Some(Governorate::Hama)), "{in_hama:?}");
    assert!(g.search("Zayzoun", None, 0).is_empty());
}

#[test]
fn lookup_by_id_and_admin_units() {
    let g = mini();
    assert_eq!(g.get("wof:3").map(|e| e.name.as_str()), Some("Mudayra"));
    assert_eq!(g.get("SY0204").map(|e| e.governorate), Some(Some(Governorate::Aleppo)));
    assert_eq!(g.admin_units().filter(|e| e.kind == truce_places::EntryKind::Governorate).count(), 14);
    assert!(Gazetteer::boundaries_adm1().contains("ADM1_PCODE"));
    assert!(Gazetteer::boundaries_adm2().contains("ADM2_PCODE"));
    assert!(truce_places::ATTRIBUTION.contains("Who's On First"));
}

fn load(text: &str) -> Result<Gazetteer, GazetteerError> {
    Gazetteer::from_localities_reader(text.as_bytes(), "test.tsv")
}

fn problem(result: Result<Gazetteer, GazetteerError>) -> (usize, TsvProblem) {
    match result {
        Err(GazetteerError::Malformed { origin, line, problem }) => {
            assert_eq!(origin, "test.tsv");
            (line, problem)
        }
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("a malformed file loaded"),
    }
}

#[test]
fn malformed_files_name_the_line_and_the_problem() {
    assert_eq!(problem(load("")), (1, TsvProblem::Empty));
    assert_eq!(problem(load("id\tname\tlat\n")), (1, TsvProblem::MissingColumn("lon")));
    assert_eq!(problem(load("id\tname\tlat\tlon\nwof:1\tA\t33.1\t36.1\nwof:2\tB\t33.1\n")), (3, TsvProblem::FieldCount { expected: 4, found: 3 }));
    assert_eq!(problem(load("id\tname\tlat\tlon\nwof:1\tA\tnorth\t36.1\n")), (2, TsvProblem::NotANumber { column: "lat", value: "north".into() }));
    assert!(matches!(problem(load("id\tname\tlat\tlon\nwof:1\tA\t95\t36.1\n")), (2, TsvProblem::OutOfRange { .. })));
    assert_eq!(problem(load("id\tname\tlat\tlon\n\tA\t33\t36\n")), (2, TsvProblem::EmptyField("id")));
    assert_eq!(problem(load("id\tname\tlat\tlon\nwof:1\tA\t33\t36\nwof:1\tB\t33\t36\n")), (3, TsvProblem::DuplicateId("wof:1".into(), 2)));
    let bytes: &[u8] = b"id\tname\tlat\tlon\nwof:1\t\xff\t33\t36\n";
    match Gazetteer::from_localities_reader(bytes, "test.tsv") {
        Err(GazetteerError::Malformed { line: 2, problem: TsvProblem::NotUtf8, .. }) => {}
        other => panic!("{other:?}"),
    }
    let message = problem(load("id\tname\tlat\tlon\nwof:1\tA\tx\t36\n")).1.to_string();
    assert!(message.contains("lat"), "{message}");
    match Gazetteer::from_localities_tsv("/nonexistent/places.tsv") {
        Err(e @ GazetteerError::Io { .. }) => assert!(e.to_string().contains("/nonexistent/places.tsv")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_minimal_file_of_four_columns_loads() {
    let g = load("id\tname\tlat\tlon\nx:1\tKafr Shams\t33.1\t36.1\n").expect("loads");
    assert_eq!(g.locality_count(), 1);
    assert_eq!(link(&g, "Kafr Chams", None, None).id.as_deref(), Some("x:1"));
}

#[test]
fn bundled_gazetteer_loads_and_links_known_variants() {
    let g = Gazetteer::bundled();
    assert_eq!(g.locality_count(), 10_575);
    assert_eq!(g.admin_units().count(), 348);
    let maarest = link(g, "Maarest Al-Khan", Some(Governorate::Aleppo), None);
    assert_eq!(maarest.canonical.as_deref(), Some("Mu`arrasat al Khan"));
    let modiara = link(g, "Modiara", Some(Governorate::Damascus), None);
    assert_eq!(modiara.canonical.as_deref(), Some("Mudayra"));
    let ram = link(g, "Ram Al-Inz", Some(Governorate::Homs), None);
    assert_eq!(ram.canonical.as_deref(), Some("Ram al `Anz"));
}

fn claim_naming(places: &[(&str, Governorate)]) -> Claim {
    Claim {
        metric: Metric::CeasefireAgreements,
        value: Some(places.len() as f64),
        window: Window::Day,
        actor: None,
        places: places.iter().map(|&(name, g)| Place { kind: Some(PlaceKind::Locality), ..Place::mention(name, Some(g)) }).collect(),
        evidence: "x".into(),
        span: None,
        reasons: Vec::new(),
    }
}

#[test]
fn localities_named_together_are_linked_near_each_other() {
    let g = Gazetteer::bundled();
    // Alone, "el-Guinnam" is closest in spelling to Ghunaymiyah, 50 km
    // north; named with Wadi al-Kalé it is `Ayn Ghannam, 2 km away.
    let alone = link(g, "el-Guinnam", Some(Governorate::Lattakia), Some(PlaceKind::Locality));
    assert_eq!(alone.canonical.as_deref(), Some("Ghunaymiyah"));
    let mut claims = vec![claim_naming(&[("Wadi al-Kalé", Governorate::Lattakia), ("el-Guinnam", Governorate::Lattakia)])];
    g.link_claims(&mut claims);
    assert_eq!(claims[0].places[1].canonical.as_deref(), Some("`Ayn Ghannam"), "{:?}", claims[0].places[1]);
    // "Jabab" alone is Jibab or Khabab: ambiguous. Beside Mutbin, Jibab.
    let alone = link(g, "Jabab", Some(Governorate::Daraa), Some(PlaceKind::Locality));
    assert!(alone.id.is_none() && alone.candidates.len() >= 2, "{alone:?}");
    let mut claims = vec![claim_naming(&[("Jabab", Governorate::Daraa), ("Mutbin", Governorate::Daraa)])];
    g.link_claims(&mut claims);
    assert_eq!(claims[0].places[0].canonical.as_deref(), Some("Jibab"), "{:?}", claims[0].places[0]);
}

#[test]
fn a_neighbour_near_both_candidates_settles_nothing() {
    let g = Gazetteer::bundled();
    // Both Kafr Antun candidates lie within reach of one of these
    // villages: the mention stays ambiguous rather than guessed.
    let mut claims = vec![claim_naming(&[("Tell Rifaat", Governorate::Aleppo), ("Kafr Antun", Governorate::Aleppo), ("Wahshia", Governorate::Aleppo)])];
    g.link_claims(&mut claims);
    let kafr = &claims[0].places[1];
    assert!(kafr.id.is_none() && kafr.candidates.len() >= 2, "{kafr:?}");
}
