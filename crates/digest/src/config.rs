//! The delivery configuration file (TOML): the schedule and the channels.
//!
//! Secrets never live in this file nor on the command line (where `ps` and
//! shell history would show them): a channel names an environment variable
//! (`password_env`, `token_env`) or a file only its owner can read
//! (`password_file`, `token_file`). A `password` or `token` written in the
//! file itself is refused.
//!
//! ```toml
//! [schedule]
//! timezone = "Asia/Damascus"
//! morning = "07:00"
//! evening = "19:00"
//!
//! [[smtp]]
//! name = "press"
//! host = "smtp.example.org"
//! port = 587
//! security = "starttls"
//! from = "truce <bulletins@example.org>"
//! to = ["desk@example.org", "editor@example.org"]
//! lang = "fr"
//! username = "bulletins"
//! password_env = "TRUCE_SMTP_PASSWORD"
//!
//! [[webhook]]
//! name = "telegram"
//! url = "https://api.telegram.org/bot{token}/sendMessage"
//! chat_ids = ["-1001234567890"]
//! token_file = "/etc/truce/bot-token"
//! ```

use crate::DigestError;
use crate::edition::{Schedule, parse_time};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use truce_model::Governorate;
use truce_views::Language;

/// A secret read from the environment or a file. It has no `Display`, and
/// its `Debug` shows nothing of it, so it cannot slip into a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A secret made in code, for tests and for callers that hold one already.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Where a secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    Env(String),
    File(PathBuf),
}

impl SecretSource {
    /// Reads the secret. A file must be readable by its owner only (mode
    /// 0600 or stricter): a world-readable password file is refused rather
    /// than used.
    pub fn read(&self) -> Result<Secret, DigestError> {
        let value = match self {
            SecretSource::Env(var) => {
                std::env::var(var).map_err(|_| DigestError::Invalid(format!("the environment variable {var} is not set (or not UTF-8)")))?
            }
            SecretSource::File(path) => {
                check_private(path)?;
                std::fs::read_to_string(path).map_err(|e| DigestError::Invalid(format!("{}: cannot read the secret: {e}", path.display())))?
            }
        };
        let value = value.trim_end_matches(['\n', '\r']).to_owned();
        if value.is_empty() {
            return Err(DigestError::Invalid(format!("{}: the secret is empty", self.describe())));
        }
        Ok(Secret(value))
    }

    fn describe(&self) -> String {
        match self {
            SecretSource::Env(v) => format!("environment variable {v}"),
            SecretSource::File(p) => p.display().to_string(),
        }
    }
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), DigestError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| DigestError::Invalid(format!("{}: cannot read the secret: {e}", path.display())))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(DigestError::Invalid(format!(
            "{}: a secret file must be readable by its owner only (mode {mode:04o}; run chmod 600 on it)",
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), DigestError> {
    Ok(())
}

/// How an SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS, which must succeed (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on this machine (loopback).
    None,
}

/// An SMTP channel: one message per recipient, so each is logged apart.
#[derive(Debug, Clone, PartialEq)]
pub struct SmtpChannel {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: String,
    pub to: Vec<String>,
    pub audience: crate::Audience,
    pub username: Option<String>,
    pub password: Option<SecretSource>,
}

/// A webhook channel: a JSON POST in the Telegram Bot API's sendMessage
/// shape, `{"chat_id": …, "text": …}`, one per chat.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookChannel {
    pub name: String,
    /// May hold `{token}`, replaced by the secret when sending (Telegram puts
    /// the bot token in the path); the URL is never logged once filled.
    pub url: String,
    pub chat_ids: Vec<String>,
    pub audience: crate::Audience,
    pub token: Option<SecretSource>,
}

/// Retries within one run; what still fails is tried again on the next run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Attempts per recipient per run (at least 1).
    pub attempts: u32,
    /// The wait after the first failure, doubled after each further one.
    pub delay: Duration,
    /// How many editions back a failed delivery is still retried.
    pub catch_up: u32,
    /// Per connection and per request.
    pub timeout: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry { attempts: 3, delay: Duration::from_secs(2), catch_up: 4, timeout: Duration::from_secs(30) }
    }
}

/// The whole file. The default has the default schedule and no channel.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub schedule: Schedule,
    pub retry: Retry,
    /// Send an edition that has nothing new ("Nothing new since …").
    pub send_empty: bool,
    pub smtp: Vec<SmtpChannel>,
    pub webhooks: Vec<WebhookChannel>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    schedule: RawSchedule,
    #[serde(default)]
    delivery: RawDelivery,
    #[serde(default)]
    smtp: Vec<RawSmtp>,
    #[serde(default)]
    webhook: Vec<RawWebhook>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    timezone: Option<String>,
    morning: Option<String>,
    evening: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDelivery {
    attempts: Option<u32>,
    retry_delay_ms: Option<u64>,
    catch_up_editions: Option<u32>,
    timeout_secs: Option<u64>,
    send_empty: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSmtp {
    name: String,
    host: String,
    port: Option<u16>,
    #[serde(default)]
    security: Security,
    from: String,
    to: Vec<String>,
    lang: Option<String>,
    province: Option<String>,
    username: Option<String>,
    password_env: Option<String>,
    password_file: Option<PathBuf>,
    /// Only to refuse it with a useful message.
    password: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebhook {
    name: String,
    url: String,
    chat_ids: Vec<String>,
    lang: Option<String>,
    province: Option<String>,
    token_env: Option<String>,
    token_file: Option<PathBuf>,
    /// Only to refuse it with a useful message.
    token: Option<toml::Value>,
}

impl Config {
    /// Reads and checks the file at `path`; errors name the file.
    pub fn load(path: &Path) -> Result<Config, DigestError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| DigestError::Config { path: path.display().to_string(), message: format!("cannot read it: {e}") })?;
        Config::parse(&text, path)
    }

    /// Parses the file's text; `path` names it in errors and anchors
    /// relative secret-file paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, DigestError> {
        let bad = |message: String| DigestError::Config { path: path.display().to_string(), message };
        // toml's message names the line and column and shows the line; a
        // secret written inline is refused below before anything echoes it.
        let raw: RawFile = toml::from_str(text).map_err(|e| bad(redact_toml_error(&e, text)))?;
        let base = path.parent().unwrap_or(Path::new("."));
        let tz = match raw.schedule.timezone.as_deref() {
            None | Some("UTC") | Some("utc") => jiff::tz::TimeZone::UTC,
            Some(name) => jiff::tz::TimeZone::get(name).map_err(|e| bad(format!("schedule.timezone {name:?}: {e}")))?,
        };
        let defaults = Schedule::default();
        let morning = raw.schedule.morning.as_deref().map(parse_time).transpose().map_err(|e| bad(format!("schedule.morning: {e}")))?;
        let evening = raw.schedule.evening.as_deref().map(parse_time).transpose().map_err(|e| bad(format!("schedule.evening: {e}")))?;
        let schedule =
            Schedule::new(morning.unwrap_or(defaults.morning), evening.unwrap_or(defaults.evening), tz).map_err(|e| bad(format!("schedule: {e}")))?;
        let d = Retry::default();
        let retry = Retry {
            attempts: raw.delivery.attempts.unwrap_or(d.attempts).max(1),
            delay: raw.delivery.retry_delay_ms.map(Duration::from_millis).unwrap_or(d.delay),
            catch_up: raw.delivery.catch_up_editions.unwrap_or(d.catch_up),
            timeout: raw.delivery.timeout_secs.map(Duration::from_secs).unwrap_or(d.timeout),
        };
        let mut names = std::collections::BTreeSet::new();
        let mut check_name = |kind: &str, name: &str| -> Result<(), DigestError> {
            if name.trim().is_empty() || name.chars().any(char::is_control) {
                return Err(bad(format!("a {kind} channel needs a name (printable, not empty)")));
            }
            if !names.insert(name.to_owned()) {
                return Err(bad(format!("two channels are named {name:?}: the delivery log tells them apart by name")));
            }
            Ok(())
        };
        let mut smtp = Vec::new();
        for s in raw.smtp {
            check_name("smtp", &s.name)?;
            let ctx = |m: String| bad(format!("smtp channel {:?}: {m}", s.name));
            if s.password.is_some() {
                return Err(ctx(
                    "a password is not written in this file: name an environment variable (password_env) or a file only you can read (password_file)".into(),
                ));
            }
            if s.to.is_empty() {
                return Err(ctx("`to` lists no recipient".into()));
            }
            for a in s.to.iter().chain(std::iter::once(&s.from)) {
                a.parse::<lettre::message::Mailbox>().map_err(|e| ctx(format!("{a:?} is not an e-mail address: {e}")))?;
            }
            if s.security == Security::None && !is_loopback(&s.host) {
                return Err(ctx(format!("security = \"none\" is allowed only for a relay on this machine, not {:?}: use starttls or tls", s.host)));
            }
            let password = secret_source(s.password_env, s.password_file, base).map_err(|m| ctx(format!("password: {m}")))?;
            if password.is_some() != s.username.is_some() {
                return Err(ctx("username and password go together (give both or neither)".into()));
            }
            let port = s.port.unwrap_or(match s.security {
                Security::Starttls => 587,
                Security::Tls => 465,
                Security::None => 25,
            });
            smtp.push(SmtpChannel {
                audience: audience(s.lang.as_deref(), s.province.as_deref()).map_err(ctx)?,
                name: s.name,
                host: s.host,
                port,
                security: s.security,
                from: s.from,
                to: s.to,
                username: s.username,
                password,
            });
        }
        let mut webhooks = Vec::new();
        for w in raw.webhook {
            check_name("webhook", &w.name)?;
            let ctx = |m: String| bad(format!("webhook channel {:?}: {m}", w.name));
            if w.token.is_some() {
                return Err(ctx(
                    "a token is not written in this file: name an environment variable (token_env) or a file only you can read (token_file)".into()
                ));
            }
            if !(w.url.starts_with("https://") || (w.url.starts_with("http://") && url_host_is_loopback(&w.url))) {
                return Err(ctx("the url must be https:// (plain http:// only to this machine)".into()));
            }
            if w.chat_ids.is_empty() {
                return Err(ctx("`chat_ids` lists no chat".into()));
            }
            let token = secret_source(w.token_env, w.token_file, base).map_err(|m| ctx(format!("token: {m}")))?;
            if w.url.contains("{token}") && token.is_none() {
                return Err(ctx("the url holds {token} but no token_env or token_file is given".into()));
            }
            webhooks.push(WebhookChannel {
                audience: audience(w.lang.as_deref(), w.province.as_deref()).map_err(ctx)?,
                name: w.name,
                url: w.url,
                chat_ids: w.chat_ids,
                token,
            });
        }
        Ok(Config { schedule, retry, send_empty: raw.delivery.send_empty.unwrap_or(false), smtp, webhooks })
    }
}

/// toml's error message quotes the offending line; if a secret sat on it
/// (`password = "…"` mistyped), the quote would carry it into the logs, so
/// only the message's first line (what and where) is kept.
fn redact_toml_error(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim_end();
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            format!("line {}: {msg}", before.matches('\n').count() + 1)
        }
        None => msg.to_owned(),
    }
}

fn secret_source(env: Option<String>, file: Option<PathBuf>, base: &Path) -> Result<Option<SecretSource>, String> {
    match (env, file) {
        (Some(_), Some(_)) => Err("give an environment variable or a file, not both".into()),
        (Some(v), None) if v.is_empty() => Err("the environment variable's name is empty".into()),
        (Some(v), None) => Ok(Some(SecretSource::Env(v))),
        (None, Some(p)) => Ok(Some(SecretSource::File(if p.is_absolute() { p } else { base.join(p) }))),
        (None, None) => Ok(None),
    }
}

fn audience(lang: Option<&str>, province: Option<&str>) -> Result<crate::Audience, String> {
    let lang = match lang {
        Some(l) => l.parse::<Language>().map_err(|e| e.to_string())?,
        None => Language::En,
    };
    let province = province.map(Governorate::from_name_or_pcode).transpose().map_err(|e| e.to_string())?;
    Ok(crate::Audience { lang, province })
}

/// `localhost`, `127.x.x.x` or `::1`.
pub fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn url_host_is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or("");
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => authority,
    };
    is_loopback(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config, DigestError> {
        Config::parse(s, Path::new("/etc/truce/delivery.toml"))
    }

    #[test]
    fn a_full_file_is_read() {
        let c = parse(
            r#"
            [schedule]
            morning = "06:30"
            evening = "18:00"
            [delivery]
            attempts = 2
            retry_delay_ms = 10
            [[smtp]]
            name = "press"
            host = "smtp.example.org"
            from = "truce <b@example.org>"
            to = ["a@example.org"]
            lang = "fr"
            province = "SY02"
            username = "b"
            password_env = "TRUCE_TEST_PW"
            [[webhook]]
            name = "tg"
            url = "https://api.telegram.org/bot{token}/sendMessage"
            chat_ids = ["-100"]
            token_file = "bot-token"
            "#,
        )
        .unwrap();
        assert_eq!(c.smtp[0].port, 587);
        assert_eq!(c.smtp[0].audience.lang, Language::Fr);
        assert_eq!(c.smtp[0].audience.province, Some(Governorate::from_name_or_pcode("SY02").unwrap()));
        assert_eq!(c.webhooks[0].token, Some(SecretSource::File(PathBuf::from("/etc/truce/bot-token"))));
        assert_eq!(c.retry.attempts, 2);
        assert_eq!(c.schedule.morning, jiff::civil::time(6, 30, 0, 0));
    }

    #[test]
    fn an_inline_secret_is_refused_without_being_echoed() {
        let err =
            parse("[[webhook]]\nname = \"tg\"\nurl = \"https://x.example/bot\"\nchat_ids = [\"1\"]\ntoken = \"123:SECRETSECRET\"\n").unwrap_err().to_string();
        assert!(err.contains("token_env"), "{err}");
        assert!(!err.contains("SECRETSECRET"), "{err}");
        // A typo near a secret: the quoted line must not reach the message.
        let err = parse("[[smtp]]\nname = \"p\"\npassword_env = \"X\"\nbogus = \"hunter2hunter2\"\n").unwrap_err().to_string();
        assert!(err.starts_with("/etc/truce/delivery.toml: "), "{err}");
        assert!(!err.contains("hunter2hunter2"), "{err}");
    }

    #[test]
    fn unsafe_or_incomplete_channels_are_refused_with_the_reason() {
        let smtp =
            |extra: &str| parse(&format!("[[smtp]]\nname = \"p\"\nhost = \"mail.example.org\"\nfrom = \"a@example.org\"\nto = [\"b@example.org\"]\n{extra}"));
        assert!(smtp("security = \"none\"").unwrap_err().to_string().contains("only for a relay on this machine"));
        assert!(smtp("username = \"u\"").unwrap_err().to_string().contains("go together"));
        assert!(smtp("password_env = \"A\"\npassword_file = \"f\"\nusername = \"u\"").unwrap_err().to_string().contains("not both"));
        let hook = |url: &str| parse(&format!("[[webhook]]\nname = \"w\"\nurl = \"{url}\"\nchat_ids = [\"1\"]\n"));
        assert!(hook("http://example.org/hook").is_err());
        assert!(hook("http://127.0.0.1:9/hook").is_ok());
        assert!(hook("https://example.org/bot{token}/sendMessage").unwrap_err().to_string().contains("{token}"));
        let two = parse(
            "[[webhook]]\nname = \"w\"\nurl = \"https://a.example\"\nchat_ids = [\"1\"]\n[[webhook]]\nname = \"w\"\nurl = \"https://a.example\"\nchat_ids = [\"1\"]\n",
        );
        assert!(two.unwrap_err().to_string().contains("two channels"));
        assert!(parse("[schedule]\nmorning = \"20:00\"\nevening = \"08:00\"\n").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("token");
        std::fs::write(&p, "abc:def\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = SecretSource::File(p.clone()).read().unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(SecretSource::File(p).read().unwrap().expose(), "abc:def");
        assert_eq!(format!("{:?}", Secret("abc".into())), "Secret(***)");
    }
}
