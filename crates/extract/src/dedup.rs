//! One fact, one claim. A lead that paraphrases the quoted figure ("20
//! kilomètres carrés" then "20,5 km2"), a headline that restates the body,
//! the same figure said twice in two forms: keep one claim, the most precise.
//! A headline that contradicts the body is kept, for the audit to flag.

use crate::actor::Side;
use crate::rules::Draft;
use rustc_hash::FxHashSet;
use truce_model::{Claim, Governorate, Metric};

/// A draft with where it was read.
pub struct Read {
    pub draft: Draft,
    pub sentence: usize,
    pub headline: bool,
}

/// Metrics that bulletins use interchangeably for one event: "two agreements
/// signed with two localities" is one fact, whichever noun carries it.
fn joining_family(m: Metric) -> bool {
    matches!(m, Metric::CeasefireAgreements | Metric::LocalitiesJoinedCeasefire | Metric::ArmedGroupsJoinedCeasefire)
}

/// How two figures relate when they may state one fact.
fn same_figure(a: &Read, b: &Read) -> Option<Precision> {
    let (x, y) = (a.draft.claim.value?, b.draft.claim.value?);
    if x == y {
        return Some(Precision::Equal);
    }
    let rounded = |p: f64, q: f64| p.fract() == 0.0 && (q.floor() == p || q.round() == p);
    let close = (x - y).abs() <= 0.15 * x.abs().max(y.abs());
    if !close {
        return None;
    }
    if a.draft.approximate || rounded(x, y) {
        Some(Precision::SecondBetter)
    } else if b.draft.approximate || rounded(y, x) {
        Some(Precision::FirstBetter)
    } else {
        None
    }
}

enum Precision {
    Equal,
    FirstBetter,
    SecondBetter,
}

/// How many sentences apart two statements of one fact may stand. A lead
/// and its quote, a headline and its body are close; the limit keeps a huge
/// document linear to read instead of comparing every claim with every other.
const RESTATEMENT_REACH: usize = 60;

/// The provinces of a claim's places, when every place has one ("5 in
/// Aleppo province"); `None` when one has none or there is no place.
fn provinces(c: &Claim) -> Option<impl Iterator<Item = Governorate> + Clone + '_> {
    let all = !c.places.is_empty() && c.places.iter().all(|p| p.province.is_some());
    all.then(|| c.places.iter().filter_map(|p| p.province))
}

/// Compares each read with the reads of the next [`RESTATEMENT_REACH`]
/// sentences only, and no comparison walks the other reads: reading stays
/// linear in the number of reads as long as a sentence holds a bounded
/// number of them.
pub fn dedup(reads: Vec<Read>) -> Vec<Draft> {
    // Whether a sentence has breakdown parts, asked of every pair that
    // matches: a walk over all reads each time made a document of repeated
    // bulletins quadratic.
    let with_parts: FxHashSet<usize> = reads.iter().filter(|r| r.draft.part_of.is_some()).map(|r| r.sentence).collect();
    // The side a read's actor speaks for, tokenised the first time a pair
    // asks rather than for each of the reads within reach.
    let mut sides: Vec<Option<Option<Side>>> = vec![None; reads.len()];
    let actor_side = |k: usize| crate::actor::side(reads[k].draft.claim.actor.as_deref()?);
    let mut side = |k: usize| *sides[k].get_or_insert_with(|| actor_side(k));
    let mut keep = vec![true; reads.len()];
    let mut inherited: Vec<(usize, usize)> = Vec::new();
    for i in 0..reads.len() {
        for j in i + 1..reads.len() {
            if reads[j].sentence > reads[i].sentence + RESTATEMENT_REACH {
                break;
            }
            // A read once dropped stays dropped: nothing left to compare.
            if !keep[i] {
                break;
            }
            if !keep[j] {
                continue;
            }
            let (a, b) = (&reads[i], &reads[j]);
            if a.sentence == b.sentence || a.draft.part_of.is_some() || b.draft.part_of.is_some() {
                continue;
            }
            let (ca, cb) = (&a.draft.claim, &b.draft.claim);
            // A headline or a rounded lead ("over 1,300") restates the body
            // whatever window its wording suggests; otherwise the windows
            // must agree.
            let loose = a.headline || b.headline || a.draft.approximate || b.draft.approximate;
            if ca.window.kind() != cb.window.kind() && !loose {
                continue;
            }
            // "5 in Aleppo province" and, later, "5 in Latakia province"
            // are two facts; a city and its surroundings may be one.
            let elsewhere = match (provinces(ca), provinces(cb)) {
                (Some(mut x), Some(y)) => !x.any(|g| y.clone().any(|h| g.same_as(h))),
                _ => false,
            };
            if elsewhere && ca.metric.has_value() {
                continue;
            }
            // "The Russian side registered four…", then "The Turkish side
            // registered four…": two sides' counts are two facts, however
            // alike their figures.
            if let (Some(x), Some(y)) = (side(i), side(j))
                && x != y
            {
                continue;
            }
            let same_metric = ca.metric == cb.metric;
            let related = same_metric || (joining_family(ca.metric) && joining_family(cb.metric));
            if !related {
                continue;
            }
            match (ca.metric, same_figure(a, b)) {
                (Metric::NegotiationsOngoing | Metric::CeasefireInForce, _) if same_metric => {
                    let overlap = ca.places.is_empty() && cb.places.is_empty() && ca.window == cb.window
                        || ca.places.iter().any(|p| cb.places.iter().any(|q| p.name == q.name));
                    if overlap {
                        // Keep the fuller list.
                        if cb.places.len() > ca.places.len() { keep[i] = false } else { keep[j] = false }
                    }
                }
                (_, Some(precision)) => {
                    let drop_first = match precision {
                        Precision::SecondBetter => true,
                        Precision::FirstBetter => false,
                        // An exact repeat: the body beats a headline, then the
                        // statement naming more places, then the first.
                        Precision::Equal => (a.headline && !b.headline) || (a.headline == b.headline && cb.places.len() > ca.places.len()),
                    };
                    // Across metrics only an exact repeat is one fact: "two
                    // agreements" and "three localities" are two.
                    if !same_metric && !matches!(precision, Precision::Equal) {
                        continue;
                    }
                    let (dropped, kept) = if drop_first { (i, j) } else { (j, i) };
                    keep[dropped] = false;
                    // "two tonnes to the residents of Al-Shahrahiyah", then
                    // "2,150 kilos": the precise figure keeps the place the
                    // rounded one named, unless it is a total over parts.
                    if reads[kept].draft.claim.places.is_empty() && !with_parts.contains(&reads[kept].sentence) && !reads[dropped].headline {
                        inherited.push((kept, dropped));
                    }
                }
                _ => {}
            }
        }
    }
    let mut reads = reads;
    for (kept, dropped) in inherited {
        if reads[kept].draft.claim.places.is_empty() {
            let places = reads[dropped].draft.claim.places.clone();
            reads[kept].draft.claim.places = places;
        }
    }
    reads.into_iter().zip(keep).filter(|(_, k)| *k).map(|(r, _)| r.draft).collect()
}
