//! Reading one long document costs time in proportion to its length. An
//! archive exported as a single file is a bulletin after a bulletin, each
//! restating figures the one before gave; a step that compares every claim
//! with every other (or walks every claim for each pair it compares) makes
//! a 20 MB file take minutes instead of a second.
//!
//! The check is a ratio of CPU times, not a count, because the cost it
//! guards against is the work nobody thought to count: four times the text
//! must not cost much more than four times the time. A quadratic step costs
//! sixteen times; the bound (eight) leaves room for a noisy machine, and
//! each size takes the fastest of a few runs, since noise only adds time.

use std::time::{Duration, Instant};
use truce_extract::{Options, extract};

/// A bulletin written for this test: a figure per sentence and the same
/// figures in every copy, so that every copy restates the last one within
/// reach of the deduplication.
const BULLETIN: &str = "\
Quiet night on most front lines; two violations logged

HOMS, 2 May 2024. Bulletin No. 17 of the Northern Truce Observation Desk.

Over the past 24 hours, 2 violations were recorded in the province of Latakia.

During the day, agreements were signed with 4 localities in the province of Hama, raising the number of localities that joined the ceasefire to 1,517. Five more armed groups declared they would respect the truce, for a total of 241.

In the last day, 14.6 square kilometres were freed, and 3,210.4 square kilometres since 1 January. The Desk delivered 6 humanitarian aid packages in Homs (4) and Daraa (2), 3.4 tonnes in all.

Some 1,200 displaced persons came home over the day; 19,442 have returned since 1 January.

Talks continue with commanders in Idlib and Aleppo provinces.
";

/// The same, with a sentence that names localities but no figure right
/// after a figure: the elaboration step gives them to that figure.
const BULLETIN_WITH_ELABORATION: &str = "\
Over the past 24 hours, 2 violations were recorded in the province of Latakia. Militants fired mortars at the villages of Kinsabba and Rabia, in Latakia province.

In the last day, 14.6 square kilometres were freed, and 3,210.4 square kilometres since 1 January.
";

fn document(bulletin: &str, copies: usize) -> String {
    let mut text = String::from("date 2024-05-02\nreporter Northern Truce Observation Desk\n");
    for _ in 0..copies {
        text.push_str(bulletin);
        text.push('\n');
    }
    text
}

/// CPU time of this thread (Linux), which other processes on the machine
/// do not inflate as they do the wall clock; the wall clock elsewhere.
fn cost(text: &str) -> (Duration, usize) {
    fn cpu_ns() -> Option<u64> {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        stat.split_whitespace().next()?.parse().ok()
    }
    let (cpu, wall) = (cpu_ns(), Instant::now());
    let claims = extract(text, &Options::default()).claims.len();
    let spent = match (cpu, cpu_ns()) {
        (Some(a), Some(b)) => Duration::from_nanos(b - a),
        _ => wall.elapsed(),
    };
    (spent, claims)
}

/// Reads `copies` and four times `copies` of the bulletin, and fails if the
/// longer text costs more than eight times the shorter.
fn assert_linear(bulletin: &str, copies: usize) {
    let (small, large) = (document(bulletin, copies), document(bulletin, 4 * copies));
    let (base, small_claims) = (0..3).map(|_| cost(&small)).min().expect("three runs");
    let mut best = Duration::MAX;
    let mut large_claims = 0;
    for _ in 0..3 {
        let (spent, claims) = cost(&large);
        (best, large_claims) = (best.min(spent), claims);
        if best <= base * 8 {
            break;
        }
    }
    assert!(small_claims > 100 && large_claims > 3 * small_claims, "{small_claims} then {large_claims} claims");
    let ratio = best.as_secs_f64() / base.as_secs_f64();
    eprintln!("{} bytes: {base:?}; four times: {best:?} ({ratio:.1} times)", small.len());
    assert!(best <= base * 8, "four times the text cost {ratio:.1} times as much: more than linear");
}

#[test]
fn a_long_document_reads_in_linear_time() {
    assert_linear(BULLETIN, 2000);
}

/// A sentence that says where an earlier figure happened looks for it
/// among the last few sentences' reads only (`attach_elaboration`), so a
/// long document of such sentences reads in linear time too.
#[test]
fn a_long_document_with_elaborations_reads_in_linear_time() {
    assert_linear(BULLETIN_WITH_ELABORATION, 3000);
}
