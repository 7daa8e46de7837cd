//! `truce deliver`: the edition to every recipient of every channel, once.
//!
//! For each channel, the edition asked for and any earlier edition whose
//! delivery failed (within [`crate::config::Retry::catch_up`] editions) are
//! composed for the channel's language and governorate, then sent to each
//! recipient not yet served, with a few tries in the run; the log records
//! what went and what failed, so the next run sends only what is missing.

use crate::DigestError;
use crate::compose::{Audience, Digest, compose};
use crate::config::{Config, Secret, SecretSource};
use crate::edition::Edition;
use crate::log::DeliveryLog;
use crate::render::{self, Format};
use crate::send::{self, EmailBody, SendError};
use jiff::Timestamp;
use std::collections::HashMap;
use std::time::Duration;
use truce_ledger_pg::LedgerTarget;

/// What became of one recipient's delivery of one edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent {
        attempts: u32,
    },
    /// Sent by an earlier run, or being sent by another run now.
    Skipped,
    /// Nothing new in the edition for this channel, and `send_empty` is off.
    Empty,
    /// Still failing after this run's tries; the next run tries again.
    Failed {
        attempts: u32,
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub channel: String,
    pub recipient: String,
    pub edition: Edition,
    pub delivery: Delivery,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (ch, to, e) = (&self.channel, &self.recipient, self.edition);
        match &self.delivery {
            Delivery::Sent { attempts: 1 } => write!(f, "{e} to {to} via {ch}: sent"),
            Delivery::Sent { attempts } => write!(f, "{e} to {to} via {ch}: sent (after {attempts} tries)"),
            Delivery::Skipped => write!(f, "{e} to {to} via {ch}: already sent"),
            Delivery::Empty => write!(f, "{e} to {to} via {ch}: nothing new, not sent"),
            Delivery::Failed { attempts: 0, error } => write!(f, "{e} to {to} via {ch}: not sent, will retry on the next run: {error}"),
            Delivery::Failed { attempts, error } => write!(f, "{e} to {to} via {ch}: failed after {attempts} tries, will retry on the next run: {error}"),
        }
    }
}

/// Channels are handled alike: the recipients, the audience, the secret,
/// and how one message is sent.
struct Channel<'a> {
    name: &'a str,
    recipients: &'a [String],
    audience: Audience,
    secret: Option<&'a SecretSource>,
    kind: Kind<'a>,
}

enum Kind<'a> {
    Smtp(&'a crate::config::SmtpChannel),
    Webhook(&'a crate::config::WebhookChannel),
}

/// Waits between tries; tests pass one that does not sleep.
pub type Sleep<'a> = &'a dyn Fn(Duration);

/// Delivers `edition` (and earlier failed editions) on every channel of
/// `config`, from the ledger at `db` (an SQLite file or a PostgreSQL
/// database), recording what went in the delivery log beside it. Refuses
/// an edition that has not closed at `now`: its content is not final yet.
///
/// Opens its own connections on each call, so that a long-lived scheduler
/// survives a database restart between runs, and so that any number of
/// deliverers (threads, processes, machines) may run at once: the log's
/// claims keep each send to one of them.
pub fn deliver(db: &LedgerTarget, config: &Config, edition: Edition, now: Timestamp, sleep: Sleep<'_>) -> Result<Vec<Outcome>, DigestError> {
    let cut = config.schedule.cut(edition)?;
    if cut > now {
        return Err(DigestError::Invalid(format!("the {edition} edition closes at {cut}; it cannot be sent before")));
    }
    let ledger = db.open()?;
    let mut log = DeliveryLog::open(db)?;
    let mut digests: HashMap<(Edition, Audience), Digest> = HashMap::new();
    let mut outcomes = Vec::new();
    let retry = config.retry;

    let channels =
        config.smtp.iter().map(|c| Channel { name: &c.name, recipients: &c.to, audience: c.audience, secret: c.password.as_ref(), kind: Kind::Smtp(c) }).chain(
            config.webhooks.iter().map(|c| Channel {
                name: &c.name,
                recipients: &c.chat_ids,
                audience: c.audience,
                secret: c.token.as_ref(),
                kind: Kind::Webhook(c),
            }),
        );

    for Channel { name, recipients, audience, secret: secret_source, kind } in channels {
        let editions = editions_to_send(&mut log, name, edition, retry.catch_up)?;
        // Read once per channel; a missing secret fails this channel's
        // deliveries (logged, retried next run), not the whole run.
        let secret: Result<Option<Secret>, String> = secret_source.map(SecretSource::read).transpose().map_err(|e| e.to_string());
        for e in editions {
            let digest = match digests.get(&(e, audience)) {
                Some(d) => d,
                None => {
                    let d = compose(&*ledger, &config.schedule, e, audience)?;
                    digests.entry((e, audience)).or_insert(d)
                }
            };
            let key = e.key();
            for to in recipients {
                let out = |delivery| Outcome { channel: name.to_owned(), recipient: to.clone(), edition: e, delivery };
                if digest.is_empty() && !config.send_empty {
                    outcomes.push(out(Delivery::Empty));
                    continue;
                }
                if !log.claim(name, to, &key, now)? {
                    outcomes.push(out(Delivery::Skipped));
                    continue;
                }
                let (attempts, result) = match &secret {
                    Err(msg) => (0, Err(SendError(msg.clone()))),
                    Ok(secret) => {
                        let edition_cut = config.schedule.cut(e)?;
                        let once = || -> Result<(), SendError> {
                            match &kind {
                                Kind::Smtp(c) => {
                                    let body = EmailBody {
                                        subject: format!("truce · {}", render::title(digest)),
                                        text: render::render(digest, Format::Text),
                                        html: render::render(digest, Format::Html),
                                    };
                                    let msg = send::email_message(c, to, e, edition_cut, &body)?;
                                    send::send_email(c, secret.as_ref(), &msg, retry.timeout)
                                }
                                Kind::Webhook(c) => {
                                    let body = send::telegram_body(to, &render::render(digest, Format::Text));
                                    send::send_webhook(c, secret.as_ref(), &body, retry.timeout)
                                }
                            }
                        };
                        with_retries(retry.attempts, retry.delay, sleep, once)
                    }
                };
                match result {
                    Ok(()) => {
                        log.finish(name, to, &key, attempts, Ok(()), now)?;
                        outcomes.push(out(Delivery::Sent { attempts }));
                    }
                    Err(SendError(error)) => {
                        log.finish(name, to, &key, attempts, Err(&error), now)?;
                        outcomes.push(out(Delivery::Failed { attempts, error }));
                    }
                }
            }
        }
    }
    Ok(outcomes)
}

/// The editions a run sends on one channel: earlier editions whose
/// delivery failed, no more than `catch_up` editions back, oldest first,
/// then `edition` itself.
fn editions_to_send(log: &mut DeliveryLog, channel: &str, edition: Edition, catch_up: u32) -> Result<Vec<Edition>, DigestError> {
    let mut oldest = edition;
    for _ in 0..catch_up {
        oldest = oldest.previous().unwrap_or(oldest);
    }
    let mut out: Vec<Edition> =
        log.unsent_editions(channel)?.iter().filter_map(|k| Edition::from_key(k).ok()).filter(|e| *e >= oldest && *e < edition).collect();
    out.sort();
    out.push(edition);
    Ok(out)
}

/// Tries `f` up to `attempts` times, waiting `delay`, then twice as long
/// after each further failure. Returns the tries made and the last result.
pub fn with_retries(attempts: u32, delay: Duration, sleep: Sleep<'_>, mut f: impl FnMut() -> Result<(), SendError>) -> (u32, Result<(), SendError>) {
    let mut wait = delay;
    let mut tries = 0;
    loop {
        tries += 1;
        match f() {
            Ok(()) => return (tries, Ok(())),
            Err(e) if tries >= attempts.max(1) => return (tries, Err(e)),
            Err(_) => {
                sleep(wait);
                wait = wait.saturating_mul(2);
            }
        }
    }
}

/// `truce serve --schedule`: delivers each edition when it closes, and
/// retries failures every `retry_every` until they go through, until
/// `stop` is set. Each run's outcomes (or error) go to `report`.
///
/// Several processes may run it against one PostgreSQL ledger (servers
/// behind a load balancer, each with `--schedule`): each recipient still
/// gets each edition once, from whichever process claims it first; the
/// others report it as already sent.
pub fn run_schedule(
    db: &LedgerTarget,
    config: &Config,
    retry_every: Duration,
    stop: &std::sync::atomic::AtomicBool,
    report: &mut dyn FnMut(Result<Vec<Outcome>, DigestError>),
) {
    use std::sync::atomic::Ordering;
    while !stop.load(Ordering::Relaxed) {
        let now = Timestamp::now();
        let mut failed = false;
        match config.schedule.latest_closed(now) {
            Ok(edition) => {
                let result = deliver(db, config, edition, now, &std::thread::sleep);
                failed = match &result {
                    Ok(outcomes) => outcomes.iter().any(|o| matches!(o.delivery, Delivery::Failed { .. })),
                    Err(_) => true,
                };
                report(result);
            }
            Err(e) => report(Err(e)),
        }
        // Sleep until the next edition closes (or the next retry), waking
        // every second to notice `stop`.
        let next_cut = config
            .schedule
            .latest_closed(now)
            .ok()
            .and_then(|e| e.next())
            .and_then(|e| config.schedule.cut(e).ok())
            .unwrap_or(now + jiff::SignedDuration::from_hours(12));
        let mut wake = next_cut;
        if failed {
            wake = wake.min(now + jiff::SignedDuration::try_from(retry_every).unwrap_or(jiff::SignedDuration::from_mins(15)));
        }
        while !stop.load(Ordering::Relaxed) && Timestamp::now() < wake {
            std::thread::sleep(Duration::from_millis(500));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_stop_at_the_first_success_and_wait_longer_each_time() {
        let waits = std::cell::RefCell::new(Vec::new());
        let sleep = |d: Duration| waits.borrow_mut().push(d);
        let mut n = 0;
        let (tries, r) = with_retries(5, Duration::from_millis(10), &sleep, || {
            n += 1;
            if n < 3 { Err(SendError("no".into())) } else { Ok(()) }
        });
        assert_eq!((tries, r), (3, Ok(())));
        assert_eq!(*waits.borrow(), vec![Duration::from_millis(10), Duration::from_millis(20)]);
        let (tries, r) = with_retries(2, Duration::ZERO, &sleep, || Err(SendError("down".into())));
        assert_eq!((tries, r), (2, Err(SendError("down".into()))));
    }
}
