//! Delivery to real receivers on loopback: an SMTP server and an HTTP
//! server written for the tests, which record the bytes they were sent.
//! Every test runs on an SQLite ledger and, when a server answers, on a
//! PostgreSQL one; the delivery log lives beside either.

mod common;

use common::receivers::{HttpReceiver, SmtpReceiver};
use common::{SampleLedgers, ts};
use jiff::civil::date;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use truce_digest::config::Config;
use truce_digest::deliver::{Delivery, Outcome, deliver};
use truce_digest::log::DeliveryLog;
use truce_digest::render::{self, Format};
use truce_digest::send::{EmailBody, email_message, telegram_body};
use truce_digest::{Audience, Edition, EditionKind, Schedule, compose};

const EVENING_17: &str = "2024-03-17/evening";

fn evening_17() -> Edition {
    Edition::new(date(2024, 3, 17), EditionKind::Evening)
}

fn no_sleep(_: Duration) {}

fn config(dir: &Path, toml: &str) -> Config {
    let path = dir.join("delivery.toml");
    std::fs::write(&path, toml).unwrap();
    Config::load(&path).unwrap()
}

/// A secret in a file only its owner may read, beside the configuration.
fn secret_file(dir: &Path, name: &str, value: &str) {
    let p = dir.join(name);
    std::fs::write(&p, format!("{value}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

fn sent_count(outcomes: &[truce_digest::deliver::Outcome]) -> usize {
    outcomes.iter().filter(|o| matches!(o.delivery, Delivery::Sent { .. })).count()
}

#[test]
fn email_reaches_each_recipient_byte_for_byte_and_only_once() {
    let ledgers = SampleLedgers::new("email_reaches_each_recipient_byte_for_byte_and_only_once", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let smtp = SmtpReceiver::start(0);
        let cfg = config(
            dir.path(),
            &format!(
                "[[smtp]]\nname = \"desk\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\nfrom = \"truce <bulletins@truce.test>\"\nto = [\"a@desk.test\", \"b@desk.test\"]\nlang = \"fr\"\n",
                smtp.port
            ),
        );
        let now = ts("2024-03-17T19:05:00Z");
        let outcomes = deliver(db, &cfg, evening_17(), now, &no_sleep).unwrap();
        assert_eq!(sent_count(&outcomes), 2, "{outcomes:?}");
        let mails = smtp.accepted.lock().unwrap().clone();
        assert_eq!(mails.len(), 2);

        // What the receiver holds is exactly the message built from the digest.
        let ledger = db.open().unwrap();
        let digest = compose(&*ledger, &Schedule::default(), evening_17(), Audience { lang: truce_views::Language::Fr, province: None }).unwrap();
        let body = EmailBody {
            subject: format!("truce · {}", render::title(&digest)),
            text: render::render(&digest, Format::Text),
            html: render::render(&digest, Format::Html),
        };
        for (mail, to) in mails.iter().zip(["a@desk.test", "b@desk.test"]) {
            assert_eq!(mail.from, "<bulletins@truce.test>");
            assert_eq!(mail.to, vec![format!("<{to}>")]);
            let expected = email_message(&cfg.smtp[0], to, evening_17(), ts("2024-03-17T19:00:00Z"), &body).unwrap().formatted();
            assert_eq!(String::from_utf8_lossy(&mail.data), String::from_utf8_lossy(&expected));
            assert_eq!(mail.data, expected, "byte for byte");
            let head = String::from_utf8_lossy(&mail.data);
            assert!(head.contains("Date: Sun, 17 Mar 2024 19:00:00 +0000\r\n"), "{head}");
            assert!(head.contains("Content-Type: multipart/alternative;"), "{head}");
        }
        // No AUTH over a plain connection: none was configured.
        assert!(mails[0].commands.iter().all(|c| !c.to_ascii_uppercase().starts_with("AUTH")));

        // The next run finds both sent and sends nothing.
        let again = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:30:00Z"), &no_sleep).unwrap();
        assert!(again.iter().all(|o| o.delivery == Delivery::Skipped), "{again:?}");
        assert_eq!(smtp.accepted.lock().unwrap().len(), 2);
    }
}

#[test]
fn starttls_is_required_when_asked_and_nothing_is_sent_without_it() {
    let ledgers = SampleLedgers::new("starttls_is_required_when_asked_and_nothing_is_sent_without_it", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let smtp = SmtpReceiver::start(0);
        secret_file(dir.path(), "pw", "pw-0f9e8d7c6b5a");
        let cfg = config(
            dir.path(),
            &format!(
                "[delivery]\nattempts = 1\n[[smtp]]\nname = \"desk\"\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"starttls\"\nfrom = \"b@truce.test\"\nto = [\"a@desk.test\"]\nusername = \"u\"\npassword_file = \"pw\"\n",
                smtp.port
            ),
        );
        let outcomes = deliver(db, &cfg, evening_17(), ts("2024-03-18T00:00:00Z"), &no_sleep).unwrap();
        let Delivery::Failed { error, .. } = &outcomes[0].delivery else { panic!("{outcomes:?}") };
        assert!(!error.contains("pw-0f9e8d7c6b5a"));
        // The receiver offers no STARTTLS: the client stopped after EHLO.
        std::thread::sleep(Duration::from_millis(200));
        let sessions = smtp.sessions.lock().unwrap().clone();
        assert!(!sessions.is_empty());
        for s in &sessions {
            assert!(s.iter().all(|c| !c.starts_with("MAIL") && !c.starts_with("AUTH")), "{s:?}");
        }
        assert!(smtp.accepted.lock().unwrap().is_empty());
    }
}

const TOKEN: &str = "123456:AAH-secret_token";

fn webhook_config(dir: &Path, port: u16, attempts: u32) -> Config {
    webhook_config_for(dir, port, attempts, &["-1001234".to_owned()])
}

fn webhook_config_for(dir: &Path, port: u16, attempts: u32, chat_ids: &[String]) -> Config {
    secret_file(dir, "bot-token", TOKEN);
    let chat_ids = serde_json::to_string(chat_ids).unwrap();
    config(
        dir,
        &format!(
            "[delivery]\nattempts = {attempts}\nretry_delay_ms = 1\n[[webhook]]\nname = \"tg\"\nurl = \"http://127.0.0.1:{port}/bot{{token}}/sendMessage\"\nchat_ids = {chat_ids}\ntoken_file = \"bot-token\"\n"
        ),
    )
}

#[test]
fn the_webhook_gets_the_telegram_send_message_body_byte_for_byte() {
    let ledgers = SampleLedgers::new("the_webhook_gets_the_telegram_send_message_body_byte_for_byte", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let http = HttpReceiver::start(0, 500, "");
        let cfg = webhook_config(dir.path(), http.port, 1);
        let outcomes = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:00:00Z"), &no_sleep).unwrap();
        assert_eq!(outcomes.len(), 1);
        assert_eq!(outcomes[0].delivery, Delivery::Sent { attempts: 1 });
        let got = http.accepted();
        assert_eq!(got.len(), 1);
        let r = &got[0];
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, format!("/bot{TOKEN}/sendMessage"), "the token goes where Telegram expects it");
        assert_eq!(r.header("content-type"), Some("application/json"));
        let ledger = db.open().unwrap();
        let digest = compose(&*ledger, &Schedule::default(), evening_17(), Audience::default()).unwrap();
        let expected = telegram_body("-1001234", &render::text(&digest));
        assert_eq!(r.body, expected.as_bytes());
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["chat_id"], serde_json::json!(-1001234));
        assert!(v["text"].as_str().unwrap().starts_with("truce · Evening edition, 17 March 2024\n"));
    }
}

#[test]
fn a_receiver_that_fails_twice_gets_the_edition_exactly_once_across_runs() {
    let ledgers = SampleLedgers::new("a_receiver_that_fails_twice_gets_the_edition_exactly_once_across_runs", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let http = HttpReceiver::start(2, 502, "");
        let cfg = webhook_config(dir.path(), http.port, 1);
        let mut results = Vec::new();
        for minute in 1..=4 {
            let now = ts(&format!("2024-03-17T19:{minute:02}:00Z"));
            let outcomes = deliver(db, &cfg, evening_17(), now, &no_sleep).unwrap();
            results.push(outcomes[0].delivery.clone());
        }
        assert!(matches!(&results[0], Delivery::Failed { attempts: 1, error } if error.contains("HTTP 502")), "{results:?}");
        assert!(matches!(&results[1], Delivery::Failed { attempts: 1, .. }), "{results:?}");
        assert_eq!(results[2], Delivery::Sent { attempts: 1 });
        assert_eq!(results[3], Delivery::Skipped);
        let all = http.requests.lock().unwrap().clone();
        assert_eq!(all.len(), 3, "two refused, one accepted, none after");
        assert_eq!(http.accepted().len(), 1);
        assert!(all.windows(2).all(|w| w[0].body == w[1].body), "every try carries the same text");
        let log = DeliveryLog::open(db).unwrap().entries().unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].edition.as_str(), log[0].state.as_str(), log[0].attempts), (EVENING_17, "sent", 3));
        assert_eq!(log[0].sent_at, Some(ts("2024-03-17T19:03:00Z")), "the run that succeeded");
    }
}

#[test]
fn retries_within_a_run_send_once_and_the_next_run_sends_nothing() {
    let ledgers = SampleLedgers::new("retries_within_a_run_send_once_and_the_next_run_sends_nothing", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let http = HttpReceiver::start(2, 503, "");
        let cfg = webhook_config(dir.path(), http.port, 3);
        let waits = std::cell::RefCell::new(Vec::new());
        let sleep = |d: Duration| waits.borrow_mut().push(d);
        let first = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:00:00Z"), &sleep).unwrap();
        assert_eq!(first[0].delivery, Delivery::Sent { attempts: 3 });
        assert_eq!(*waits.borrow(), vec![Duration::from_millis(1), Duration::from_millis(2)]);
        let second = deliver(db, &cfg, evening_17(), ts("2024-03-17T20:00:00Z"), &no_sleep).unwrap();
        assert_eq!(second[0].delivery, Delivery::Skipped);
        assert_eq!(http.accepted().len(), 1);
        assert_eq!(http.requests.lock().unwrap().len(), 3);
    }
}

#[test]
fn a_failed_edition_is_retried_with_the_next_one() {
    let ledgers = SampleLedgers::new("a_failed_edition_is_retried_with_the_next_one", "2024-03-18");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let http = HttpReceiver::start(1, 500, "");
        let cfg = webhook_config(dir.path(), http.port, 1);
        let first = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:00:00Z"), &no_sleep).unwrap();
        assert!(matches!(first[0].delivery, Delivery::Failed { .. }));
        // The next morning has nothing new (not sent); the evening 17 is retried.
        let morning = Edition::new(date(2024, 3, 18), EditionKind::Morning);
        let next = deliver(db, &cfg, morning, ts("2024-03-18T07:00:00Z"), &no_sleep).unwrap();
        let by_edition: Vec<(String, Delivery)> = next.iter().map(|o| (o.edition.key(), o.delivery.clone())).collect();
        assert_eq!(by_edition, vec![(EVENING_17.to_owned(), Delivery::Sent { attempts: 1 }), ("2024-03-18/morning".to_owned(), Delivery::Empty)]);
        // An edition still open is refused.
        let open = Edition::new(date(2024, 3, 18), EditionKind::Evening);
        let err = deliver(db, &cfg, open, ts("2024-03-18T12:00:00Z"), &no_sleep).unwrap_err().to_string();
        assert!(err.contains("closes at 2024-03-18T19:00:00Z"), "{err}");
    }
}

#[test]
fn secrets_never_reach_errors_or_the_log() {
    let ledgers = SampleLedgers::new("secrets_never_reach_errors_or_the_log", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        // A receiver that echoes the token in its refusal.
        let http = HttpReceiver::start(1, 401, &format!("{{\"ok\":false,\"description\":\"Unauthorized: bad token {TOKEN}\"}}"));
        let cfg = webhook_config(dir.path(), http.port, 1);
        let out = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:00:00Z"), &no_sleep).unwrap();
        let Delivery::Failed { error, .. } = &out[0].delivery else { panic!("{out:?}") };
        assert!(error.contains("HTTP 401: Unauthorized: bad token ***"), "{error}");
        // Nobody listening: whatever the client says, the token is not in it.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir2 = tempfile::tempdir().unwrap();
        let cfg2 = webhook_config(dir2.path(), closed, 1);
        let cfg2 = Config { send_empty: true, ..cfg2 };
        let out2 = deliver(db, &cfg2, Edition::new(date(2024, 3, 17), EditionKind::Morning), ts("2024-03-17T19:00:00Z"), &no_sleep).unwrap();
        let Delivery::Failed { error: error2, .. } = &out2[0].delivery else { panic!("{out2:?}") };
        for text in [error.as_str(), error2.as_str(), &format!("{out:?}{out2:?}"), &format!("{cfg:?}")] {
            assert!(!text.contains(TOKEN) && !text.contains("AAH-secret"), "{text}");
        }
        for e in DeliveryLog::open(db).unwrap().entries().unwrap() {
            assert!(!format!("{e:?}").contains("AAH-secret"), "{e:?}");
        }
    }
}

/// Two deliverers on one ledger at once, each with its own connections as
/// two `truce deliver` processes (or two servers with `--schedule`) have:
/// each recipient gets the edition once, whether its delivery failed
/// before (both deliverers retry it) or is new.
#[test]
fn racing_deliverers_send_each_recipient_the_edition_once() {
    let ledgers = SampleLedgers::new("racing_deliverers", "2024-03-17");
    for db in ledgers.targets() {
        let dir = tempfile::tempdir().unwrap();
        let chats: Vec<String> = (0..12).map(|i| format!("-100{i}")).collect();
        // The first send to each recipient is refused; every answer takes a
        // little while, so the two deliverers' claims interleave.
        let http = HttpReceiver::start_slow(chats.len(), 502, "", Duration::from_millis(5));
        let cfg = webhook_config_for(dir.path(), http.port, 1, &chats);
        let evening_16 = Edition::new(date(2024, 3, 16), EditionKind::Evening);
        let race = |edition: Edition, now: &str| -> Vec<Outcome> {
            let barrier = std::sync::Barrier::new(2);
            std::thread::scope(|s| {
                let runs: Vec<_> = (0..2)
                    .map(|_| {
                        s.spawn(|| {
                            barrier.wait();
                            deliver(db, &cfg, edition, ts(now), &no_sleep).unwrap()
                        })
                    })
                    .collect();
                runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
            })
        };
        let tally = |outcomes: &[Outcome]| {
            let mut t = BTreeMap::new();
            for o in outcomes {
                let kind = match o.delivery {
                    Delivery::Sent { .. } => "sent",
                    Delivery::Skipped => "skipped",
                    Delivery::Failed { .. } => "failed",
                    Delivery::Empty => "empty",
                };
                *t.entry(kind).or_insert(0) += 1;
            }
            t
        };
        let accepted_by_chat = || -> BTreeMap<String, usize> {
            let mut n = BTreeMap::new();
            for r in http.accepted() {
                *n.entry(serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["chat_id"].to_string()).or_insert(0) += 1;
            }
            n
        };
        let each = |times: usize| chats.iter().map(|c| (c.clone(), times)).collect::<BTreeMap<_, _>>();

        // One run alone: every send fails.
        let first = deliver(db, &cfg, evening_17(), ts("2024-03-17T19:01:00Z"), &no_sleep).unwrap();
        assert_eq!(tally(&first), BTreeMap::from([("failed", 12)]));
        // Two runs retry them at once: each recipient once.
        let retried = race(evening_17(), "2024-03-17T19:02:00Z");
        assert_eq!(tally(&retried), BTreeMap::from([("sent", 12), ("skipped", 12)]), "{} {retried:#?}", db.describe());
        assert_eq!(accepted_by_chat(), each(1), "{}", db.describe());
        // Two runs send an edition never sent before: each recipient once.
        let fresh = race(evening_16, "2024-03-17T19:03:00Z");
        assert_eq!(tally(&fresh), BTreeMap::from([("sent", 12), ("skipped", 12)]), "{} {fresh:#?}", db.describe());
        assert_eq!(accepted_by_chat(), each(2), "{}", db.describe());
        // And a later run finds nothing left to send.
        let later = deliver(db, &cfg, evening_17(), ts("2024-03-17T20:00:00Z"), &no_sleep).unwrap();
        assert_eq!(tally(&later), BTreeMap::from([("skipped", 12)]));
        assert_eq!(http.requests.lock().unwrap().len(), 36);
        let log = DeliveryLog::open(db).unwrap().entries().unwrap();
        let attempts: Vec<(&str, i64)> = log.iter().filter(|e| e.state == "sent").map(|e| (e.edition.as_str(), e.attempts)).collect();
        assert_eq!(attempts, [vec![("2024-03-16/evening", 1); 12], vec![(EVENING_17, 2); 12]].concat(), "{log:#?}");
    }
}
