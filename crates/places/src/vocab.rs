//! Word lists that change how a name is read: admin words ("province",
//! "district"), qualifiers ("banlieue de", "north of"), city words and the
//! generic words that begin many village names ("`Ayn", "Tall", "Kafr").
//!
//! The lists are written as people spell them and normalised with the same
//! function as names, so "Gouvernorat", "gouvernorat" and "GOUVERNORAT"
//! all hit, and a new spelling needs only a new word here.

use crate::normalize::normalize_word;
use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// Words that say a name is a governorate.
const GOVERNORATE_WORDS: &[&str] = &[
    "province",
    "provinces",
    "gouvernorat",
    "gouvernorats",
    "governorate",
    "governorates",
    "governate",
    "muhafazat",
    "muhafaza",
    "mohafazat",
    "mohafaza",
    "muhafazah",
    "wilayat",
    "мухафаза",
    "мухафазы",
    "провинция",
    "провинции",
    "провинцию",
    "провинциях",
    "провинций",
    "провинцией",
    "محافظة",
    "محافظه",
];

/// Words that say a name is a district or sub-district.
const DISTRICT_WORDS: &[&str] = &[
    "district",
    "districts",
    "subdistrict",
    "sub",
    "sous",
    "mintaqat",
    "mintaqa",
    "mantiqa",
    "markaz",
    "nahiya",
    "nahiyah",
    "nahia",
    "منطقة",
    "منطقه",
    "مركز",
    "ناحية",
    "ناحيه",
];

/// Words that place something around a city or in part of a province
/// ("banlieue de Damas", "northern Hama", "sud-est Damas"): the mention is
/// then about the governorate, and around Damascus city that is Rural
/// Damascus.
const OUTSKIRTS_WORDS: &[&str] = &[
    "banlieue",
    "banlieues",
    "suburb",
    "suburbs",
    "outskirts",
    "countryside",
    "environs",
    "alentours",
    "peripherie",
    "campagne",
    "rif",
    "reef",
    "area",
    "region",
    "zone",
    "пригород",
    "пригороды",
    "пригородах",
    "окрестности",
    "окрестностях",
    "ريف",
    "nord",
    "sud",
    "est",
    "ouest",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "orientale",
    "occidentale",
    "oriental",
    "occidental",
    "septentrional",
    "meridional",
    "север",
    "юг",
    "восток",
    "запад",
    "северо",
    "юго",
    "восточная",
    "западная",
    "северная",
    "южная",
];

/// Words that say a name is a town or city, not its province.
const CITY_WORDS: &[&str] = &["ville", "city", "town", "village", "localite", "город", "города", "مدينة", "بلدة", "قرية"];

/// Words that begin many village names; a name is also indexed without
/// them, because bulletins drop them ("el-Guinnam" for "`Ayn Ghannam").
const GENERIC_WORDS: &[&str] = &[
    "ayn",
    "ain",
    "ein",
    "tall",
    "tell",
    "tal",
    "tel",
    "til",
    "kafr",
    "kfar",
    "kafar",
    "kafer",
    "dayr",
    "deir",
    "dair",
    "umm",
    "um",
    "oum",
    "abu",
    "abou",
    "bayt",
    "beit",
    "bait",
    "khirbat",
    "khirbet",
    "kherbet",
    "khirbit",
    "kharbat",
    "mazraat",
    "mazraa",
    "mazrat",
    "jabal",
    "jebel",
    "djebel",
    "wadi",
    "ouadi",
    "bir",
    "ras",
    "qasr",
    "manshiyat",
    "mansheya",
    "manshiyah",
    "manchiyet",
    "qaryat",
    "harat",
    "hay",
    "мансият",
    "маншият",
    "тель",
    "кафр",
    "айн",
    "дейр",
    "умм",
    "عين",
    "تل",
    "كفر",
    "دير",
    "ام",
    "ابو",
    "بيت",
    "خربة",
    "مزرعة",
    "جبل",
    "وادي",
    "بير",
    "راس",
    "قصر",
    "منشية",
];

pub(crate) struct Vocab {
    pub governorate: FxHashSet<String>,
    pub district: FxHashSet<String>,
    pub outskirts: FxHashSet<String>,
    pub city: FxHashSet<String>,
    pub generic: FxHashSet<String>,
}

fn set(words: &[&str]) -> FxHashSet<String> {
    words.iter().map(|w| normalize_word(w)).filter(|w| !w.is_empty()).collect()
}

pub(crate) fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| Vocab {
        governorate: set(GOVERNORATE_WORDS),
        district: set(DISTRICT_WORDS),
        outskirts: set(OUTSKIRTS_WORDS),
        city: set(CITY_WORDS),
        generic: set(GENERIC_WORDS),
    })
}
