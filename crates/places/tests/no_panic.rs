//! Property: no string, however odd, makes normalising, searching or
//! linking panic.

use proptest::prelude::*;
use std::sync::OnceLock;
use truce_model::{Governorate, Place, PlaceKind};
use truce_places::Gazetteer;

fn mini() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini_localities.tsv");
        Gazetteer::from_localities_tsv(path).unwrap_or_else(|e| panic!("fixture: {e}"))
    })
}

fn kinds() -> impl Strategy<Value = Option<PlaceKind>> {
    prop_oneof![Just(None), Just(Some(PlaceKind::Governorate)), Just(Some(PlaceKind::District)), Just(Some(PlaceKind::Locality))]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_is_safe(
        name in prop_oneof![any::<String>(), "[a-zA-Z'` -]{0,30}", "[\u{0600}-\u{06FF} ]{0,20}", "[\u{0400}-\u{04FF} -]{0,20}"],
        province in proptest::option::of(0usize..14),
        kind in kinds(),
        limit in 0usize..20,
    ) {
        let province = province.map(|i| Governorate::ALL[i]);
        let _ = truce_places::normalize::normalize(&name);
        let found = mini().search(&name, province, limit);
        prop_assert!(found.len() <= limit);
        prop_assert!(found.iter().all(|m| (0.0..=1.0).contains(&m.score)));
        let mut place = Place::mention(name, province);
        place.kind = kind;
        let _ = mini().link(&mut place);
        prop_assert!(place.score.is_none_or(|s| (0.0..=1.0).contains(&s)));
        prop_assert!(place.id.is_none() || place.candidates.is_empty());
    }

    #[test]
    fn any_file_is_an_error_or_a_gazetteer(text in any::<Vec<u8>>()) {
        let _ = Gazetteer::from_localities_reader(text.as_slice(), "fuzz.tsv");
    }

    #[test]
    fn any_tsv_shaped_text_is_safe(lines in proptest::collection::vec("[a-z0-9.:|\t -]{0,40}", 0..8)) {
        let text = format!("id\tname\tlat\tlon\talt_names\n{}", lines.join("\n"));
        let _ = Gazetteer::from_localities_reader(text.as_bytes(), "fuzz.tsv");
    }
}
