//! The words rules look for, in folded form (see [`crate::token::fold`]).
//!
//! A trailing `*` makes an entry a prefix ("liber*" matches "liberees",
//! "liberated"). Entries are grouped by the role they play, not by language:
//! bulletins mix both, and a French quote in an English article is common.

use crate::token::{Norm, Token, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;
use truce_model::Governorate;

/// A list of cue words. The lists named in [`CLASSIFIED`] are looked up
/// once per token, when it is read (see [`classify`]), and asking whether a
/// token is in one is then a bit test; any other list is indexed on first
/// use: a hash probe plus a few prefixes beats scanning fifty words.
pub struct Words {
    entries: &'static [&'static str],
    index: OnceLock<WordIndex>,
    /// This list's bit in [`Norm`]'s cue mask, set when the classifier is
    /// built; unset for a list missing from [`CLASSIFIED`].
    bit: OnceLock<u8>,
}

struct WordIndex {
    exact: FxHashSet<&'static str>,
    prefixes: Vec<&'static str>,
    /// The first `head_len` bytes of every prefix: most words share none,
    /// and are turned away without trying each prefix.
    heads: FxHashSet<&'static str>,
    head_len: usize,
    /// For each first byte, which word lengths the exact entries have
    /// (bit `min(len, 31)`), and whether any prefix starts with it: most
    /// words are turned away by two array reads, before any hashing.
    lengths_by_first: [u32; 256],
    prefix_first: [bool; 256],
}

impl Words {
    pub const fn new(entries: &'static [&'static str]) -> Self {
        Words { entries, index: OnceLock::new(), bit: OnceLock::new() }
    }

    fn index(&self) -> &WordIndex {
        self.index.get_or_init(|| {
            let prefixes: Vec<&'static str> = self.entries.iter().filter_map(|e| e.strip_suffix('*')).collect();
            let head_len = prefixes.iter().map(|p| p.len()).min().unwrap_or(0);
            let exact: FxHashSet<&'static str> = self.entries.iter().copied().filter(|e| !e.ends_with('*')).collect();
            let mut lengths_by_first = [0u32; 256];
            for e in &exact {
                if let Some(&b) = e.as_bytes().first() {
                    lengths_by_first[b as usize] |= 1 << e.len().min(31);
                }
            }
            let mut prefix_first = [false; 256];
            for p in &prefixes {
                if let Some(&b) = p.as_bytes().first() {
                    prefix_first[b as usize] = true;
                }
            }
            WordIndex {
                exact,
                heads: prefixes.iter().filter_map(|p| p.get(..head_len)).collect(),
                prefixes,
                head_len,
                lengths_by_first,
                prefix_first,
            }
        })
    }

    /// This list's bit in the cue mask, if it is one of [`CLASSIFIED`].
    fn bit(&self) -> Option<u8> {
        classifier();
        self.bit.get().copied()
    }
}

/// Something that can say whether a folded word is one of its entries.
pub trait Lookup {
    fn has(&self, norm: &str) -> bool;
    /// The same question about a token's word, which may already know the
    /// answer.
    fn has_word(&self, word: &Norm<'_>) -> bool {
        self.has(word)
    }
}

impl Lookup for Words {
    fn has(&self, norm: &str) -> bool {
        let index = self.index();
        let Some(&first) = norm.as_bytes().first() else { return false };
        let maybe_exact = index.lengths_by_first[first as usize] & (1 << norm.len().min(31)) != 0;
        if maybe_exact && index.exact.contains(norm) {
            return true;
        }
        if !index.prefix_first[first as usize] {
            return false;
        }
        !index.prefixes.is_empty()
            && norm.get(..index.head_len).is_some_and(|head| index.heads.contains(head))
            && index.prefixes.iter().any(|p| norm.starts_with(p))
    }

    fn has_word(&self, word: &Norm<'_>) -> bool {
        match self.bit() {
            Some(bit) => word.cues & (1 << bit) != 0,
            None => self.has(word),
        }
    }
}

impl Lookup for [&str] {
    fn has(&self, norm: &str) -> bool {
        // Short lists written inline in the rules, asked at most tokens:
        // length and first byte turn nearly every entry away before a
        // full comparison.
        let n = norm.as_bytes();
        self.iter().any(|e| {
            let e = e.as_bytes();
            match e.split_last() {
                Some((b'*', prefix)) => n.starts_with(prefix),
                _ => e.len() == n.len() && e.first() == n.first() && e == n,
            }
        })
    }
}

impl<const N: usize> Lookup for [&str; N] {
    fn has(&self, norm: &str) -> bool {
        self.as_slice().has(norm)
    }
}

/// A word as the rules hold it: a token's classified [`Norm`] or a plain
/// folded `str`.
pub trait Word {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool;
}

impl Word for str {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool {
        entries.has(self)
    }
}

impl Word for Norm<'_> {
    fn is_in<W: Lookup + ?Sized>(&self, entries: &W) -> bool {
        entries.has_word(self)
    }
}

pub fn any<W: Lookup + ?Sized, N: Word + ?Sized>(entries: &W, norm: &N) -> bool {
    norm.is_in(entries)
}

/// Whether any token in `tokens` matches any entry.
pub fn mentions<W: Lookup + ?Sized>(tokens: &[Token<'_>], entries: &W) -> bool {
    tokens.iter().any(|t| entries.has_word(&t.norm))
}

/// What a number counts: the noun after it decides the metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Noun {
    /// Area; the factor converts to km².
    Area(f64),
    /// Mass; the factor converts to tonnes.
    Mass(f64),
    Agreement,
    Locality,
    ArmedGroup,
    Violation,
    HumanitarianAction,
    People,
    /// Women, children, minors: parts of a count of people, never a count.
    PeopleSubset,
}

/// Words between a part of a breakdown and its place: "12 of which were
/// in…", "three others in…", "sept ont eu lieu dans…".
pub static PART_FILLERS: Words = Words::new(&[
    "of", "which", "were", "was", "took", "place", "occurred", "others", "autres", "ont", "eu", "lieu",
    "se", "sont", "produits", "produites", "d'entre", "elles", "eux", "them",
]);

/// Words that take a share of things counted before: "sur les cas de
/// violation, sept…", "of these violations, five…".
pub static PARTITIVES: Words = Words::new(&["sur", "parmi", "of", "among", "amongst", "from"]);

/// Words that may stand between "of" and the province it opens: "de la
/// province d'Alep", "of the province of Homs".
pub static PROVINCE_LEAD: Words = Words::new(&["la", "le", "the", "province", "gouvernorat", "governorate", "de", "d'", "of", "du"]);

/// Words that may stand between a number and the noun it counts.
pub static MODIFIERS: Words = Words::new(&[
    "nouveaux", "nouvelles", "nouveau", "nouvelle", "new", "more", "other", "autres", "additional",
    "supplementaires", "further", "local", "locaux", "locales", "key", "cles", "ceasefire",
    "truce", "cessez-le-feu", "reconciliation", "de", "d'", "of", "des", "du", "populated",
    "inhabited", "settled", "colonized", "occupied", "syrian", "syriennes", "syriens", "syriques",
    "illegal", "militant", "moderate", "opposition", "armed", "small", "large", "binding",
    "contraignants", "humanitarian", "humanitaires", "humanitaire", "internally", "metric",
    "separate", "distinct", "differentes", "differents", "main", "principales", "major",
    "field", "rebel", "rebelles", "cases", "signed", "such", "all", "militia", "gunmen",
    "accession", "joining", "autre", "another", "others", "d'adhesion", "adhesion", "peace", "paix", "reported", "registered",
]);

pub static AREA_QUALIFIED: Words = Words::new(&["km2", "kilometres-carres", "sq"]);
pub static AREA_KM: Words = Words::new(&["km", "kilometres", "kilometers", "kilometre", "kilometer"]);
pub static SQUARE: Words = Words::new(&["carres", "carre", "square"]);
pub static SQUARE_MILES: Words = Words::new(&["miles", "mile"]);
pub static TONNES: Words = Words::new(&["tonnes", "tonne", "tons", "ton", "t"]);
pub static KILOS: Words = Words::new(&["kilos", "kilo", "kg", "kilogrammes", "kilograms"]);
pub static AGREEMENTS: Words = Words::new(&["accord", "accords", "agreement", "agreements", "deal", "deals", "armistices"]);
pub static LOCALITIES: Words = Words::new(&[
    "localite", "localites", "village", "villages", "agglomeration", "agglomerations", "commune",
    "communes", "settlement", "settlements", "locality", "localities", "locations", "towns",
    "villes", "hameaux", "hamlets", "communities", "municipalities",
]);
/// Nouns that count places only after "populated", "inhabited" and the like.
pub static AREAS: Words = Words::new(&["areas", "area", "zones", "points"]);
pub static AREA_ADJECTIVES: Words = Words::new(&["populated", "inhabited", "settled", "colonized", "occupied", "peuplees", "habitees"]);
pub static ARMED_GROUPS: Words = Words::new(&[
    "groupe", "groupes", "group", "groups", "unit", "units", "unites", "formation", "formations",
    "detachment", "detachments", "detachements", "faction", "factions", "commanders",
    "commandants", "commander", "commandant", "militias", "brigades", "battalions", "bataillons",
]);
pub static VIOLATIONS: Words = Words::new(&[
    "violation", "violations", "infractions", "infraction", "breaches", "breach", "tirs",
    "shellings", "shelling", "pilonnages", "bombardements", "provocations",
]);
/// Nouns that count violations only where the sentence speaks of them.
pub static CASES: Words = Words::new(&["cas", "cases", "facts", "faits", "incidents", "times", "fois"]);
pub static VIOLATION_CONTEXT: Words = Words::new(&[
    "violation*", "viol", "viols", "viole*", "violated", "shelling*", "firing", "fire", "tirs",
    "pilonn*", "bombard*", "breach*", "infraction*", "feu", "shell*", "fired",
]);
/// Attacks count as violations where the text is about a truce: "sept
/// attaques dans la zone de désescalade", "14 harassments and attacks"
/// during a pause.
pub static ATTACKS: Words = Words::new(&["attaques", "attaque", "attacks", "attack", "harassments", "assauts"]);
pub static HUMANITARIAN_NOUNS: Words = Words::new(&[
    "actions", "action", "operations", "operation", "events", "event", "evenements", "convois",
    "convoys", "convoi", "convoy", "distributions", "deliveries", "livraisons", "interventions",
]);
pub static HUMANITARIAN: Words = Words::new(&["humanitaire*", "humanitarian"]);
pub static PEOPLE: Words = Words::new(&[
    "refugies", "refugees", "refugee", "refugie", "people", "personnes", "persons", "syrians",
    "syriens", "civilians", "civils", "residents", "habitants", "displaced", "deplaces",
    "families", "familles", "individus", "individuals", "returnees",
]);
pub static REFUGEES: Words = Words::new(&["refugies", "refugees", "refugee", "refugie", "deplaces", "displaced", "returnees"]);
pub static PEOPLE_SUBSETS: Words = Words::new(&["women", "children", "minors", "femmes", "enfants", "mineurs", "men", "hommes"]);

/// Verbs that introduce a running total directly before its number.
pub static TOTAL_VERBS: Words = Words::new(&[
    "atteint", "atteindre", "eleve", "elevait", "chiffre", "chiffrant", "chiffrait", "porte",
    "portant", "augmente", "passe", "reached", "reaches", "increased", "risen", "rose", "grown",
    "remained", "remains", "reste", "restant", "restent", "stands", "stood", "came", "bringing",
    "brings", "totals", "totalled", "totaled", "amounts", "depasse", "exceeded", "surpassed",
    "stayed", "unchanged", "inchange", "situe", "augmente",
]);
/// Verbs that say a count stayed as it was: what stays is a stock, a
/// running total, even in a 24-hour report.
pub static STOCK_VERBS: Words = Words::new(&["unchanged", "inchange", "changed", "remained", "stayed", "remains", "demeure", "reste"]);

/// Words that make a figure a running total wherever they stand near it.
pub static TOTAL_WORDS: Words = Words::new(&[
    "total", "totale", "overall", "ensemble", "altogether", "jusqu'ici", "cumul*", "deja",
    "already", "so-far", "toujours", "desormais", "now", "nombre", "number",
]);
pub static LIBERATION: Words = Words::new(&[
    "liber*", "nettoy*", "freed", "freeing", "affranch*", "reconqu*", "recaptur*", "captur*",
    "retaken", "retook", "regained", "regagne", "repris", "reprendre", "pris", "taken", "seized", "empare*",
    "controle", "control", "cleared", "perdu", "lost", "liberation", "delivres", "gained",
]);
pub static JOINING: Words = Words::new(&[
    "adhere*", "adhesion*", "rejoin*", "joined", "join*", "accept*", "treve", "cessez-le-feu",
    "ceasefire", "truce", "reconcil*", "signataire*", "signed", "signe*", "sign", "accord*",
    "agreement*", "cessation", "respect*", "armistice", "aligne*", "committed", "commitment",
    "uphold*", "observ*", "paix", "peace", "deal*", "neutralis*", "agreed", "agreeing",
]);
pub static RETURNING: Words = Words::new(&[
    "return*", "rentre*", "retour*", "retourn*", "regagn*", "rapatri*", "back", "homeland", "reinstall*",
]);
/// Leaving a country is returning for refugees (never for evacuees).
pub static LEAVING: Words = Words::new(&["left", "quitte", "quitter", "leaving"]);
pub static AID_CONTEXT: Words = Words::new(&[
    "aide", "aid", "humanitaire*", "humanitarian", "cargo", "fret", "nourriture", "food",
    "pain", "bread", "denrees", "produits", "vivres", "livr*", "deliver*", "achemin*", "convoi*",
    "convoy*", "remis", "fourni*", "articles", "supplies", "flour", "farine", "medicaments",
    "goods", "volume", "poids", "weight", "masse",
]);
/// Intentions, readiness and drafts: "ready to join" is not joining.
pub static NOT_YET: Words = Words::new(&[
    "prets", "prete", "pret", "ready", "intend*", "draft*", "elabore", "projet", "expected",
    "plan", "plans", "planned", "planning", "planifie*", "envisag*", "pourraient", "could", "would", "may", "might", "prepar*", "veulent",
    "want*", "wish*", "souhait*",
]);
pub static NEGOTIATION: Words = Words::new(&["negociation*", "negotiation*", "talks", "pourparlers", "consultations", "discussions"]);
pub static CONTINUING: Words = Words::new(&[
    "poursuiv*", "poursuit", "continu*", "ongoing", "proceed*", "prolong*", "cours", "held",
    "conducted", "menees", "underway", "way", "still",
]);
pub static IN_FORCE: Words = Words::new(&["vigueur", "force", "effect", "introduced", "instaure*", "entered", "began", "commence*", "started", "established", "etabli*"]);
pub static CEASEFIRE: Words = Words::new(&["cessez-le-feu", "ceasefire", "treve", "truce", "cessation", "regime", "armistice", "memorandum", "desescalade", "de-escalation"]);
pub static REGISTERING: Words = Words::new(&[
    "enregistr*", "registered", "recorded", "record*", "documented", "constat*", "fix*", "observ*",
    "releve*", "revele*", "signale*", "reported", "noted", "detected", "identif*", "informed",
]);
pub static VAGUE_QUANTITY: Words = Words::new(&["plusieurs", "quelques", "several", "some", "individuels", "multiple", "numerous", "nombreuses", "more", "fewer", "des"]);
/// Words that pick out a share of things already counted ("the majority
/// of violations were recorded near…"): such a sentence says where, not how
/// many, so it states no new fact.
pub static PROPORTION: Words = Words::new(&["majority", "most", "bulk", "majorite", "plupart", "essentiel", "moitie", "half"]);
pub static NEGATION: Words = Words::new(&["no", "aucun", "aucune", "not", "ne", "n'", "pas", "none", "neither", "ni", "without", "sans", "any", "cannot"]);
pub static APPROXIMATE: Words = Words::new(&[
    "plus", "over", "more", "almost", "nearly", "pres", "quelque", "about", "some", "around",
    "environ", "barre", "depasse", "upwards", "approximately", "roughly", "pratiquement", "presque", "than",
]);
pub static PROVINCE_WORDS: Words = Words::new(&["province", "provinces", "gouvernorat", "gouvernorats", "governorate", "governorates", "muhafazah", "mohafaza"]);
pub static LOCALITY_CUES: Words = Words::new(&[
    "localite", "localites", "village", "villages", "agglomeration", "agglomerations", "commune",
    "communes", "settlement", "settlements", "locality", "localities", "hameau", "ville", "town",
    "city", "quartier", "quartiers", "neighbourhood", "neighborhood", "neighbourhoods",
    "neighborhoods", "bourg", "cite", "district", "hamlet", "villes", "towns", "cities",
    // Border posts are named places too: "via les postes-frontières de
    // Zamrani, Jdaydet Yabous et Daboussiyé".
    "postes-frontieres", "poste-frontiere", "crossings", "crossing", "checkpoints", "checkpoint",
]);
/// Connectors inside a list of names.
pub static LIST_JOINERS: Words = Words::new(&[",", "et", "and", "de", "d'", "du", "as", "ainsi", "que", "well", "or", "ou", "the", "of", "la", "le", "l'", "les"]);
/// Capitalised words that never begin a place name.
pub static NOT_PLACES: Words = Words::new(&[
    "le", "la", "les", "l'", "un", "une", "the", "a", "an", "en", "dans", "in", "au", "aux",
    "syrie", "syria", "syrian", "syrienne", "russie", "russia", "russian", "russe", "centre",
    "center", "daech", "daesh", "isis", "isil", "ei", "etat", "state", "onu", "un", "nations",
    "moscou", "moscow", "turkish", "turkey", "turquie", "ministere", "ministry", "defense",
    "defence", "ces", "cette", "selon", "according", "over", "within", "during", "since",
    "depuis", "lors", "au", "total", "ainsi", "by", "on", "at", "with", "avec", "and", "et",
    "front", "nosra", "nusra", "al-nosra", "al-nusra", "tass", "sputnik", "province", "provinces",
    "gouvernorat", "governorate", "reconciliation", "commission", "joint", "arabe", "arab",
    "republique", "republic", "armee", "army", "forces", "police", "general", "ahrar", "fatah",
    "hayat", "tahrir", "sham", "cham", "islamic", "islamique", "de", "des", "du", "d'", "of",
    "for", "pour", "par", "sur", "from", "to", "mr", "m", "lt", "gen", "colonel", "major",
    "this", "that", "these", "ce", "il", "elle", "ils", "they", "it", "we", "nous", "i", "our",
]);
/// The parts of a region: "le sud de", "north of".
pub static COMPASS: Words = Words::new(&[
    "nord", "sud", "est", "ouest", "nord-ouest", "nord-est", "sud-ouest", "sud-est", "north", "south", "east", "west",
    "north-west", "north-east", "south-west", "south-east", "northwest", "northeast", "southwest", "southeast", "centre", "center",
]);
/// "northern Hama", "southern Idlib".
pub static COMPASS_ADJECTIVES: Words = Words::new(&[
    "northern", "southern", "eastern", "western", "north-western", "north-eastern", "south-western", "south-eastern",
    "northwestern", "northeastern", "southwestern", "southeastern", "central", "rural",
]);

/// What another country's first-level regions are called: "Donetsk region".
/// Syria's are provinces, and have their own names (see [`governorate_at`]).
pub static FOREIGN_REGION_WORDS: Words = Words::new(&["region", "oblast", "область", "области"]);

/// Countries refugees come back from, as bulletins write them.
pub static COUNTRIES: Words = Words::new(&["liban", "lebanon", "jordanie", "jordan", "turquie", "turkey", "irak", "iraq"]);

/// Russian cue words and the cue each stands for, folded (lower case, "ё"
/// as "е", "й" as "и"). Russian inflects every noun, adjective and verb, so
/// most entries are stems (`*`): "нарушени*" covers нарушения, нарушений,
/// нарушениями. A Russian word is given the cue it means as its folded form
/// (see [`crate::token`]), so one set of rules reads all three languages:
/// "семь случаев нарушения" reads as "семь cases violations". Only words
/// rules look at are listed; names and other words keep their own form.
/// The longest matching entry wins ("боевик*" before "боев*").
const RUSSIAN_CUES: &[(&str, &str)] = &[
    // What a figure counts.
    ("населенн*", "populated"),
    // "населенных пунктов" are populated places: "пункт" alone (a
    // checkpoint, "пункт пропуска") names a place too.
    ("пункт*", "settlements"),
    ("поселени*", "settlements"),
    ("поселок", "settlements"),
    ("поселка", "settlements"),
    ("поселков", "settlements"),
    ("деревн*", "villages"),
    ("деревен*", "villages"),
    ("село", "villages"),
    ("сел", "villages"),
    ("селе", "villages"),
    ("селах", "villages"),
    ("город", "towns"),
    ("города", "towns"),
    ("городе", "towns"),
    ("городов", "towns"),
    ("городах", "towns"),
    ("городам", "towns"),
    ("квартал*", "neighbourhood"),
    ("раион", "district"),
    ("раиона", "district"),
    ("раионе", "district"),
    ("раионах", "district"),
    ("раионов", "district"),
    ("соглашени*", "agreements"),
    ("договоренност*", "agreements"),
    ("нарушени*", "violations"),
    ("нарушил*", "violated"),
    ("нарушал*", "violated"),
    ("нарушен*", "violated"),
    ("раз", "times"),
    ("атак*", "attacks"),
    ("нападени*", "attacks"),
    ("введен*", "introduced"),
    ("установлен*", "established"),
    ("обстрел*", "shellings"),
    ("стрельб*", "firing"),
    ("огн*", "fire"),
    ("случа*", "cases"),
    ("формировани*", "formations"),
    ("бандформировани*", "formations"),
    ("нвф", "formations"),
    ("отряд*", "detachments"),
    ("групп*", "groups"),
    ("командир*", "commanders"),
    ("полев*", "field"),
    ("вооруженн*", "armed"),
    ("боевик*", "militants"),
    ("гуманитарн*", "humanitarian"),
    ("акци*", "actions"),
    ("операци*", "operations"),
    ("тонн*", "tonnes"),
    ("т", "t"),
    ("килограмм*", "kg"),
    ("кг", "kg"),
    ("груз*", "cargo"),
    ("продовольств*", "food"),
    ("продукт*", "food"),
    ("хлеб*", "bread"),
    ("мук*", "flour"),
    ("медикамент*", "medicaments"),
    ("лекарств*", "medicaments"),
    ("доставл*", "delivered"),
    ("доставк*", "deliveries"),
    ("вес", "weight"),
    ("веса", "weight"),
    ("весом", "weight"),
    ("беженц*", "refugees"),
    ("беженец", "refugee"),
    ("переселенц*", "displaced"),
    ("вынужденн*", "internally"),
    ("человек", "people"),
    ("человека", "people"),
    ("сириец", "syrians"),
    ("сирииц*", "syrians"),
    ("жител*", "residents"),
    ("семе*", "families"),
    ("семьи", "families"),
    ("семья", "families"),
    ("женщин*", "women"),
    ("дет*", "children"),
    ("квадратн*", "square"),
    ("кв", "square"),
    ("километр*", "kilometers"),
    ("км", "km"),
    ("км2", "km2"),
    // What happened to it.
    ("освобо*", "liberated"),
    ("очищен*", "cleared"),
    ("очистил*", "cleared"),
    ("отвоева*", "recaptured"),
    ("присоедин*", "joined"),
    ("подпис*", "signed"),
    ("заявивш*", "declared"),
    ("заявил*", "declared"),
    ("приверженн*", "commitment"),
    ("соблюд*", "observe"),
    ("перемири*", "truce"),
    ("примирени*", "reconciliation"),
    ("тишин*", "truce"),
    ("прекращени*", "cessation"),
    ("режим*", "regime"),
    ("деэскалаци*", "de-escalation"),
    ("вернул*", "returned"),
    ("возвратил*", "returned"),
    ("возвращ*", "returned"),
    ("возврат*", "returned"),
    ("вернут*", "return"),
    ("родин*", "homeland"),
    ("переговор*", "negotiations"),
    ("продолж*", "continue"),
    ("вступил*", "entered"),
    ("вступает", "entered"),
    ("силу", "force"),
    ("зафиксирова*", "registered"),
    ("зарегистрирова*", "registered"),
    ("выявлен*", "detected"),
    ("готов*", "ready"),
    ("намерен*", "intend"),
    ("планиру*", "planned"),
    ("проект*", "draft"),
    ("могут", "could"),
    ("контрол*", "control"),
    // Totals and periods.
    ("сутк*", "24-hour"),
    ("суток", "24-hour"),
    ("ежедневн*", "daily"),
    ("сегодня", "today"),
    ("всего", "so-far"),
    ("уже", "already"),
    ("общ*", "total"),
    ("количеств*", "number"),
    ("числ*", "number"),
    ("достиг*", "reached"),
    ("составил*", "amounts"),
    ("составля*", "amounts"),
    ("увеличил*", "increased"),
    ("возрос*", "increased"),
    ("остал*", "remained"),
    ("остается", "remains"),
    ("остаются", "remains"),
    ("изменил*", "unchanged"),
    ("начал*", "beginning"),
    ("начиная", "since"),
    ("год", "year"),
    ("года", "year"),
    ("году", "year"),
    ("недел*", "week"),
    ("месяц*", "month"),
    ("за", "past"),
    ("день", "day"),
    ("дня", "days"),
    ("днеи", "days"),
    ("обеща*", "intend"),
    ("прошедш*", "past"),
    ("предыдущ*", "previous"),
    ("часов", "hours"),
    ("часа", "hours"),
    ("последн*", "last"),
    ("минувш*", "past"),
    ("прошл*", "last"),
    ("текущ*", "this"),
    ("этого", "this"),
    ("этот", "this"),
    ("тот", "that"),
    ("период", "period"),
    ("этом", "this"),
    // Little words the rules read.
    ("в", "in"),
    ("во", "in"),
    ("из", "from"),
    ("и", "and"),
    ("с", "since"),
    ("со", "with"),
    ("до", "to"),
    ("к", "to"),
    ("не", "not"),
    ("около", "about"),
    ("более", "more"),
    ("свыше", "over"),
    ("почти", "almost"),
    ("порядка", "about"),
    ("примерно", "approximately"),
    ("несколько", "several"),
    ("ряд", "several"),
    ("провинци*", "province"),
    ("провинциях", "provinces"),
    ("провинциям", "provinces"),
    ("провинциями", "provinces"),
    ("мухафаз*", "province"),
    ("сирия", "syria"),
    ("сирии", "syria"),
    ("сирию", "syria"),
    ("россия", "russia"),
    ("россии", "russia"),
    ("россииск*", "russian"),
    ("сторон*", "side"),
    ("турецк*", "turkish"),
    ("турция", "turkey"),
    ("турции", "turkey"),
    ("ливан*", "lebanon"),
    ("иордани*", "jordan"),
    ("ирак*", "iraq"),
];

/// The cue a folded Russian word stands for, if it is one rules read.
pub fn russian_cue(norm: &str) -> Option<&'static str> {
    struct Table {
        exact: FxHashMap<&'static str, &'static str>,
        /// Longest first, so that the most specific stem wins.
        stems: Vec<(&'static str, &'static str)>,
    }
    static TABLE: OnceLock<Table> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut stems: Vec<(&'static str, &'static str)> =
            RUSSIAN_CUES.iter().filter_map(|&(w, cue)| w.strip_suffix('*').map(|s| (s, cue))).collect();
        stems.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        let exact = RUSSIAN_CUES.iter().filter(|(w, _)| !w.ends_with('*')).copied().collect();
        Table { exact, stems }
    });
    if let Some(cue) = table.exact.get(norm) {
        return Some(cue);
    }
    table.stems.iter().find(|(stem, _)| norm.starts_with(stem)).map(|&(_, cue)| cue)
}

/// The lists every token is classified against when it is read, one bit
/// each in [`Norm`]'s cue mask (at most 64). A list left out still works,
/// through its own index.
static CLASSIFIED: [&Words; CLASSIFIED_LISTS] = [
    &MODIFIERS, &AREA_QUALIFIED, &AREA_KM, &SQUARE, &SQUARE_MILES, &TONNES, &KILOS, &AGREEMENTS,
    &LOCALITIES, &AREAS, &AREA_ADJECTIVES, &ARMED_GROUPS, &VIOLATIONS, &CASES, &VIOLATION_CONTEXT,
    &HUMANITARIAN_NOUNS, &HUMANITARIAN, &PEOPLE, &REFUGEES, &PEOPLE_SUBSETS, &TOTAL_VERBS,
    &TOTAL_WORDS, &LIBERATION, &JOINING, &RETURNING, &LEAVING, &AID_CONTEXT, &NOT_YET, &NEGOTIATION,
    &CONTINUING, &IN_FORCE, &CEASEFIRE, &REGISTERING, &VAGUE_QUANTITY, &NEGATION, &APPROXIMATE,
    &PROVINCE_WORDS, &LOCALITY_CUES, &LIST_JOINERS, &NOT_PLACES, &COUNTRIES, &crate::actor::HEADS,
    &crate::actor::MODIFIERS, &crate::places::BEFORE_PROVINCE_WORD, &crate::places::AFTER_PROVINCE_WORD,
    &crate::places::KEEP_PROVINCE_LIST, &PROPORTION,
];

const CLASSIFIED_LISTS: usize = 47;
const _: () = assert!(CLASSIFIED_LISTS <= 64, "a token's cue mask has 64 bits: leave further lists to their own index");

/// All classified lists merged: each word and each prefix maps to the mask
/// of the lists holding it, so one token costs one exact probe plus one
/// probe per prefix length that its first two bytes allow, and most words
/// are turned away by the length masks before any hashing.
struct Classifier {
    exact: FxHashMap<&'static str, u64>,
    prefixes: FxHashMap<&'static str, u64>,
    /// By [`pair_slot`] of a word's first two bytes: the lengths of the
    /// exact words (bit `min(len, 31)`) and of the prefixes (bit `len`)
    /// starting with those bytes, or with bytes sharing their slot.
    exact_lengths: Box<[u32; PAIR_SLOTS]>,
    prefix_lengths: Box<[u32; PAIR_SLOTS]>,
}

const PAIR_SLOTS: usize = 1024;

/// A slot for a word's first two bytes (the second is 0 in a one-byte
/// word): exact for lower-case ASCII letters, shared by other bytes, which
/// only makes the length masks let more through.
fn pair_slot(word: &[u8]) -> usize {
    let first = word.first().map_or(0, |&b| b as usize & 31);
    let second = word.get(1).map_or(0, |&b| b as usize & 31);
    first << 5 | second
}

fn classifier() -> &'static Classifier {
    static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
    CLASSIFIER.get_or_init(|| {
        let mut c = Classifier {
            exact: FxHashMap::default(),
            prefixes: FxHashMap::default(),
            exact_lengths: Box::new([0; PAIR_SLOTS]),
            prefix_lengths: Box::new([0; PAIR_SLOTS]),
        };
        for (bit, words) in CLASSIFIED.iter().enumerate() {
            // A prefix shorter than two bytes or too long for the length
            // mask: that list keeps to its own index.
            if words.entries.iter().any(|e| e.strip_suffix('*').is_some_and(|p| p.len() < 2 || p.len() >= 32)) {
                continue;
            }
            let _ = words.bit.set(bit as u8);
            for &entry in words.entries {
                if entry.is_empty() {
                    continue;
                }
                match entry.strip_suffix('*') {
                    Some(prefix) => {
                        *c.prefixes.entry(prefix).or_default() |= 1 << bit;
                        c.prefix_lengths[pair_slot(prefix.as_bytes())] |= 1 << prefix.len();
                    }
                    None => {
                        *c.exact.entry(entry).or_default() |= 1 << bit;
                        c.exact_lengths[pair_slot(entry.as_bytes())] |= 1 << entry.len().min(31);
                    }
                }
            }
        }
        c
    })
}

/// What the lexicon knows of a folded word: the mask of the classified
/// lists holding it, whether a governorate name may start with it, and
/// whether it is a bare Arabic article.
pub fn classify(norm: &str) -> (u64, bool, bool) {
    if norm.is_empty() {
        return (0, false, false);
    }
    let c = classifier();
    let slot = pair_slot(norm.as_bytes());
    let mut cues = 0;
    if c.exact_lengths[slot] & (1 << norm.len().min(31)) != 0
        && let Some(mask) = c.exact.get(norm)
    {
        cues |= mask;
    }
    let mut lengths = c.prefix_lengths[slot] & if norm.len() >= 31 { u32::MAX } else { (2u32 << norm.len()) - 1 };
    while lengths != 0 {
        let len = lengths.trailing_zeros() as usize;
        lengths &= lengths - 1;
        if let Some(mask) = norm.get(..len).and_then(|head| c.prefixes.get(head)) {
            cues |= mask;
        }
    }
    let table = governorate_table();
    let first_word = first_word(norm);
    let opens_governorate = (table.first_word_lengths[pair_slot(first_word.as_bytes())] & (1 << first_word.len().min(31)) != 0
        && table.first_words.contains(first_word))
        || opens_declined_russian_name(table, first_word);
    (cues, opens_governorate, is_article(norm))
}

/// Names of governorates as bulletins write them, folded, hyphens as
/// spaces, without a leading article.
const GOVERNORATE_NAMES: &[(&str, Governorate)] = &[
    ("damas", Governorate::Damascus),
    ("damascus", Governorate::Damascus),
    ("dimashq", Governorate::Damascus),
    ("alep", Governorate::Aleppo),
    ("aleppo", Governorate::Aleppo),
    ("halab", Governorate::Aleppo),
    ("rif dimachq", Governorate::RuralDamascus),
    ("rif dimashq", Governorate::RuralDamascus),
    ("rif damas", Governorate::RuralDamascus),
    ("rif de damas", Governorate::RuralDamascus),
    ("rural damascus", Governorate::RuralDamascus),
    ("banlieue de damas", Governorate::RuralDamascus),
    ("damascus countryside", Governorate::RuralDamascus),
    ("reef damascus", Governorate::RuralDamascus),
    ("homs", Governorate::Homs),
    ("hims", Governorate::Homs),
    ("hama", Governorate::Hama),
    ("hamah", Governorate::Hama),
    ("lattaquie", Governorate::Lattakia),
    ("latakia", Governorate::Lattakia),
    ("lattakia", Governorate::Lattakia),
    ("latakiya", Governorate::Lattakia),
    ("lattaquieh", Governorate::Lattakia),
    ("idlib", Governorate::Idleb),
    ("idleb", Governorate::Idleb),
    ("hassake", Governorate::AlHasakeh),
    ("hassakeh", Governorate::AlHasakeh),
    ("hasakeh", Governorate::AlHasakeh),
    ("hasakah", Governorate::AlHasakeh),
    ("hasaka", Governorate::AlHasakeh),
    ("hassaka", Governorate::AlHasakeh),
    ("deir ez zor", Governorate::DeirEzZor),
    ("deir ezzor", Governorate::DeirEzZor),
    ("deir ez zour", Governorate::DeirEzZor),
    ("deir el zor", Governorate::DeirEzZor),
    ("deir al zor", Governorate::DeirEzZor),
    ("deir ezzour", Governorate::DeirEzZor),
    ("dayr az zawr", Governorate::DeirEzZor),
    ("deir zor", Governorate::DeirEzZor),
    ("tartous", Governorate::Tartous),
    ("tartus", Governorate::Tartous),
    ("tartouss", Governorate::Tartous),
    ("raqqa", Governorate::ArRaqqa),
    ("raqa", Governorate::ArRaqqa),
    ("rakka", Governorate::ArRaqqa),
    ("raqqah", Governorate::ArRaqqa),
    ("deraa", Governorate::Daraa),
    ("daraa", Governorate::Daraa),
    ("dar'a", Governorate::Daraa),
    ("dera", Governorate::Daraa),
    ("soueida", Governorate::AsSweida),
    ("souweida", Governorate::AsSweida),
    ("sweida", Governorate::AsSweida),
    ("suwayda", Governorate::AsSweida),
    ("suweida", Governorate::AsSweida),
    ("suwaida", Governorate::AsSweida),
    ("soueida", Governorate::AsSweida),
    ("quneitra", Governorate::Quneitra),
    ("kuneitra", Governorate::Quneitra),
    ("qouneitra", Governorate::Quneitra),
    ("kouneitra", Governorate::Quneitra),
    ("qunaytirah", Governorate::Quneitra),
    ("quneytra", Governorate::Quneitra),
    // Eastern Ghouta, the farmland around Damascus, is in Rural Damascus.
    ("ghouta orientale", Governorate::RuralDamascus),
    ("eastern ghouta", Governorate::RuralDamascus),
    ("ghouta", Governorate::RuralDamascus),
    ("гута", Governorate::RuralDamascus),
    // Russian, folded ("й" as "и"); inflected forms ("в Латакии", "в
    // Идлибе") are found through their stems, see `russian_stem`.
    ("дамаск", Governorate::Damascus),
    ("алеппо", Governorate::Aleppo),
    ("халеб", Governorate::Aleppo),
    ("риф дамаск", Governorate::RuralDamascus),
    ("хомс", Governorate::Homs),
    ("хама", Governorate::Hama),
    ("латакия", Governorate::Lattakia),
    ("идлиб", Governorate::Idleb),
    ("хасеке", Governorate::AlHasakeh),
    ("хасака", Governorate::AlHasakeh),
    ("деир эз зор", Governorate::DeirEzZor),
    ("деир ез зор", Governorate::DeirEzZor),
    ("деир эззор", Governorate::DeirEzZor),
    ("тартус", Governorate::Tartous),
    ("ракка", Governorate::ArRaqqa),
    ("деръа", Governorate::Daraa),
    ("дераа", Governorate::Daraa),
    ("сувеида", Governorate::AsSweida),
    ("кунеитра", Governorate::Quneitra),
];

const ARTICLES: &[&str] = &["al ", "el ", "as ", "ar ", "es ", "ad ", "ash ", "эль ", "аль ", "эс ", "ас ", "эр ", "ар ", "эд ", "ад ", "эш ", "аш "];
const ARTICLE_WORDS: &[&str] = &["al", "el", "as", "ar", "es", "ad", "ash", "эль", "аль", "эс", "ас", "эр", "ар", "эд", "ад", "эш", "аш"];

/// A Russian name without its case ending and final vowels: "латакии",
/// "латакию" and "латакия" are all "латаки", "идлибе" is "идлиб". Names
/// are keyed the same way, so a declined governorate name finds its entry.
fn russian_stem(key: &str) -> &str {
    const ENDINGS: [&str; 12] = ["ами", "ями", "ом", "ем", "еи", "ои", "ию", "ии", "ия", "ье", "ья", "ью"];
    let mut stem = key;
    if let Some(s) = ENDINGS.iter().find_map(|e| stem.strip_suffix(e)) {
        stem = s;
    }
    stem.trim_end_matches(['а', 'я', 'о', 'е', 'и', 'у', 'ю', 'ы', 'ь'])
}

fn is_article(word: &str) -> bool {
    // Two or three letters (Cyrillic ones take two bytes each): a length
    // test spares most words the list.
    (2..=6).contains(&word.len()) && ARTICLE_WORDS.contains(&word)
}

/// Whether a word may open a declined Russian governorate name
/// ("Латакии"): the first-word index holds only the names' nominative forms.
fn opens_declined_russian_name(table: &GovernorateTable, word: &str) -> bool {
    if !crate::token::is_cyrillic_word(word) {
        return false;
    }
    let stem = russian_stem(word);
    stem.len() >= 6 && table.russian_stems.keys().any(|s| s.starts_with(stem))
}

/// The governorate names keyed for lookup, and the first words they can
/// start with: almost every token fails the first-word test with one hash
/// probe, which keeps place finding cheap on long texts.
struct GovernorateTable {
    names: FxHashMap<&'static str, Governorate>,
    /// Russian names by their stem (see `russian_stem`).
    russian_stems: FxHashMap<&'static str, Governorate>,
    first_words: FxHashSet<&'static str>,
    /// Bytes a name's first word can start with, checked before hashing.
    /// By [`pair_slot`] of their first two bytes, the lengths of the first
    /// words (bit `min(len, 31)`): most words are turned away before hashing.
    first_word_lengths: [u32; PAIR_SLOTS],
}

fn governorate_table() -> &'static GovernorateTable {
    static TABLE: OnceLock<GovernorateTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let first_words: FxHashSet<&'static str> = GOVERNORATE_NAMES.iter().filter_map(|(n, _)| n.split(' ').next()).collect();
        let mut first_word_lengths = [0; PAIR_SLOTS];
        for w in &first_words {
            first_word_lengths[pair_slot(w.as_bytes())] |= 1 << w.len().min(31);
        }
        let russian_stems = GOVERNORATE_NAMES
            .iter()
            .filter(|(n, _)| crate::token::is_cyrillic_word(n))
            .map(|&(n, g)| (russian_stem(n), g))
            .collect();
        GovernorateTable { names: GOVERNORATE_NAMES.iter().copied().collect(), russian_stems, first_words, first_word_lengths }
    })
}

/// The first word of a folded token, past a glued article ("al-quneitra").
fn first_word(norm: &str) -> &str {
    let Some(hyphen) = norm.bytes().position(|b| b == b'-') else { return norm };
    let (first, rest) = (&norm[..hyphen], &norm[hyphen + 1..]);
    if is_article(first) {
        rest.bytes().position(|b| b == b'-').map_or(rest, |h| &rest[..h])
    } else {
        first
    }
}

/// A governorate name starting at `tokens[i]`, and how many tokens it spans.
pub fn governorate_at(tokens: &[Token<'_>], i: usize) -> Option<(Governorate, usize)> {
    let t = tokens.get(i)?;
    if t.kind != TokenKind::Word {
        return None;
    }
    // "la banlieue sud-est de Damas", "the suburbs of Damascus": Rural Damascus.
    if matches!(t.norm.as_ref(), "banlieue" | "suburbs" | "outskirts" | "environs") {
        let mut near = tokens[i + 1..(i + 4).min(tokens.len())].iter();
        if let Some(k) = near.position(|n| matches!(n.norm.as_ref(), "damas" | "damascus")) {
            return Some((Governorate::RuralDamascus, k + 2));
        }
    }
    // Whether the first word (past a bare article) can open a name,
    // declined Russian names included, was settled when the tokens were read.
    let opens = if t.norm.article { tokens.get(i + 1).is_some_and(|n| n.norm.opens_governorate) } else { t.norm.opens_governorate };
    if !opens {
        return None;
    }
    let table = governorate_table();
    // The key of the longest span (up to three tokens, hyphens as spaces)
    // is built once: the shorter spans' keys are its prefixes.
    let mut key = String::with_capacity(48);
    let mut ends = [0usize; 3];
    let span = &tokens[i..(i + 3).min(tokens.len())];
    for (k, t) in span.iter().enumerate() {
        if !key.is_empty() {
            key.push(' ');
        }
        let mut parts = t.norm.split('-');
        key.push_str(parts.next().unwrap_or(""));
        for part in parts {
            key.push(' ');
            key.push_str(part);
        }
        ends[k] = key.len();
    }
    for len in (1..=span.len()).rev() {
        let mut k = &key[..ends[len - 1]];
        for a in ARTICLES {
            if let Some(rest) = k.strip_prefix(a) {
                k = rest;
            }
        }
        if let Some(g) = table.names.get(k) {
            return Some((*g, len));
        }
        // "в Латакии", "в Идлибе": a declined Russian name. Only a word
        // that had an ending to lose is tried ("Хам" is not "Хама"), and
        // not a stem too short to tell names apart.
        if crate::token::is_cyrillic_word(k) {
            let stem = russian_stem(k);
            if stem.chars().count() >= 3
                && stem.len() < k.len()
                && let Some(g) = table.russian_stems.get(stem)
            {
                return Some((*g, len));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn a_token_classified_once_answers_as_each_list_would() {
        // Every entry of every list, the words its prefixes match, near
        // misses, and words of other lists: the bit answer must be the
        // list's own answer for each of them, in every list.
        let mut words: Vec<String> = Vec::new();
        for list in CLASSIFIED {
            for e in list.entries {
                let stem = e.trim_end_matches('*');
                words.extend([stem.to_owned(), format!("{stem}s"), format!("{stem}ees"), stem[..stem.len() - 1].to_owned()]);
            }
        }
        words.extend(["", "x", "alep", "a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"].map(String::from));
        // Each list has its bit: the answers below come from the mask.
        assert!(CLASSIFIED.iter().all(|list| list.bit().is_some()));
        for w in &words {
            let norm = Norm::new(std::borrow::Cow::Borrowed(w));
            for list in CLASSIFIED {
                assert_eq!(any(list, &norm), list.has(w), "{w:?} in {:?}", &list.entries[..list.entries.len().min(3)]);
            }
        }
    }

    #[test]
    fn governorate_names_with_articles_and_hyphens() {
        for (text, want, len) in [
            ("Deir ez-Zor", Governorate::DeirEzZor, 2),
            ("al-Quneitra", Governorate::Quneitra, 1),
            ("Lattaquié", Governorate::Lattakia, 1),
            ("banlieue de Damas", Governorate::RuralDamascus, 3),
            ("Dar'a", Governorate::Daraa, 1),
        ] {
            let t = tokenize(text, 0, text.len());
            assert_eq!(governorate_at(&t, 0), Some((want, len)), "{text}");
        }
        let t = tokenize("Mayir", 0, 5);
        assert_eq!(governorate_at(&t, 0), None);
    }

    #[test]
    fn russian_governorate_names_in_every_case() {
        for (text, want, len) in [
            ("Латакия", Governorate::Lattakia, 1),
            ("Латакии", Governorate::Lattakia, 1),
            ("Идлибе", Governorate::Idleb, 1),
            ("Дамаска", Governorate::Damascus, 1),
            ("Эль-Кунейтра", Governorate::Quneitra, 1),
            ("Эс-Сувейда", Governorate::AsSweida, 1),
            ("Риф-Дамаск", Governorate::RuralDamascus, 1),
            ("Дейр-эз-Зор", Governorate::DeirEzZor, 1),
            ("Хаме", Governorate::Hama, 1),
        ] {
            let t = tokenize(text, 0, text.len());
            assert_eq!(governorate_at(&t, 0), Some((want, len)), "{text}");
        }
        // A stem too short to tell names apart is not guessed at.
        let t = tokenize("Хам", 0, "Хам".len());
        assert_eq!(governorate_at(&t, 0), None);
        let t = tokenize("Хомутово", 0, "Хомутово".len());
        assert_eq!(governorate_at(&t, 0), None);
    }

    #[test]
    fn russian_cue_words_read_as_the_cues_they_mean() {
        for (word, cue) in [
            ("нарушений", "violations"),
            ("нарушения", "violations"),
            ("населенных", "populated"),
            ("пунктов", "settlements"),
            ("соглашения", "agreements"),
            ("присоединившихся", "joined"),
            ("переговоры", "negotiations"),
            ("обстрелов", "shellings"),
            ("боевиков", "militants"),
            ("суток", "24-hour"),
            ("провинциях", "provinces"),
            ("провинции", "province"),
        ] {
            assert_eq!(russian_cue(word), Some(cue), "{word}");
        }
        assert_eq!(russian_cue("алеппо"), None);
        // Entries are written folded, as tokens are.
        for (w, _) in RUSSIAN_CUES {
            assert_eq!(crate::token::fold(w), *w, "{w} is not folded");
        }
        let s = "Зафиксировано семь нарушений";
        let norms: Vec<String> = tokenize(s, 0, s.len()).iter().map(|t| t.norm.to_string()).collect();
        assert_eq!(norms, ["registered", "семь", "violations"]);
    }
}
