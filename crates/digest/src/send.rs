//! The two ways out: an e-mail over SMTP and a JSON POST to a webhook.
//!
//! Every error message is built here and passed through [`redact`] with
//! the channel's secret, because the libraries' own messages may quote what
//! they were given (a URL holding a bot token, a server's reply).

use crate::config::{Secret, Security, SmtpChannel, WebhookChannel, is_loopback};
use crate::edition::Edition;
use jiff::Timestamp;
use lettre::message::{Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::Tls;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// A delivery that did not go through, with a message free of secrets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// Replaces every occurrence of the secret (as is and percent-encoded, as
/// a URL would carry it) with `***`.
pub fn redact(message: &str, secret: Option<&Secret>) -> String {
    let Some(s) = secret.map(Secret::expose).filter(|s| !s.is_empty()) else {
        return message.to_owned();
    };
    let encoded: String =
        s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    message.replace(s, "***").replace(&encoded, "***").replace(&encoded.to_lowercase(), "***")
}

/// What an e-mail carries: the digest as plain text and as HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailBody {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// A short stable hash (FNV-1a) for message ids: the same edition to the
/// same recipient always has the same id, so a mail system that sees it
/// twice can tell.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// The message for one recipient. Deterministic: its `Date` is the
/// edition's cut and its boundary and `Message-ID` come from the edition,
/// so a retry sends the same bytes.
pub fn email_message(ch: &SmtpChannel, to: &str, edition: Edition, cut: Timestamp, body: &EmailBody) -> Result<Message, SendError> {
    let bad = |what: &str, e: &dyn std::fmt::Display| SendError(format!("{what}: {e}"));
    let from: Mailbox = ch.from.parse().map_err(|e| bad(&format!("from address {:?}", ch.from), &e))?;
    let to_box: Mailbox = to.parse().map_err(|e| bad(&format!("recipient {to:?}"), &e))?;
    let domain = from.email.domain().to_owned();
    let id = format!("<{}.{}.{:016x}@{domain}>", edition.date, edition.kind, fnv(&format!("{}\n{to}", ch.name)));
    let boundary = format!("truce-{}-{}-{:08x}", edition.date, edition.kind, fnv(&body.text) as u32);
    Message::builder()
        .from(from)
        .to(to_box)
        .subject(body.subject.clone())
        .message_id(Some(id))
        .date(std::time::SystemTime::from(cut))
        .multipart(
            MultiPart::alternative()
                .boundary(boundary)
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(body.text.clone()))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(body.html.clone())),
        )
        .map_err(|e| bad("building the message", &e))
}

/// Sends `message` over the channel's SMTP server. With `starttls` the
/// upgrade must succeed before anything else is said: a server that does
/// not offer it never sees the password or the message.
pub fn send_email(ch: &SmtpChannel, password: Option<&Secret>, message: &Message, timeout: Duration) -> Result<(), SendError> {
    let fail = |what: &str, e: &dyn std::fmt::Display| SendError(redact(&format!("{what}: {e}"), password));
    let builder = match ch.security {
        Security::Starttls => SmtpTransport::starttls_relay(&ch.host).map_err(|e| fail(&format!("smtp {}", ch.host), &e))?,
        Security::Tls => SmtpTransport::relay(&ch.host).map_err(|e| fail(&format!("smtp {}", ch.host), &e))?,
        // Checked when the configuration was read; checked again here since
        // a channel can be built in code.
        Security::None if is_loopback(&ch.host) => SmtpTransport::builder_dangerous(&ch.host).tls(Tls::None),
        Security::None => return Err(SendError(format!("smtp {}: plain SMTP is allowed only to this machine", ch.host))),
    };
    let mut builder = builder.port(ch.port).timeout(Some(timeout)).hello_name(ClientId::Domain("truce.invalid".into()));
    if let (Some(user), Some(pw)) = (&ch.username, password) {
        builder = builder.credentials(Credentials::new(user.clone(), pw.expose().to_owned()));
    }
    let transport = builder.build();
    transport.send(message).map(|_| ()).map_err(|e| fail(&format!("smtp {}:{}", ch.host, ch.port), &e))
}

/// The body of a Telegram Bot API `sendMessage` call: plain text (no
/// `parse_mode`, so nothing in a place name is read as markup), links not
/// previewed. Telegram refuses texts over 4096 characters; a digest is far
/// shorter, but the cut is made here rather than by a refusal.
pub fn telegram_body(chat_id: &str, text: &str) -> String {
    const LIMIT: usize = 4096;
    let text: String = if text.chars().count() > LIMIT { text.chars().take(LIMIT - 1).chain(std::iter::once('…')).collect() } else { text.to_owned() };
    // A numeric chat id is sent as a number, a channel name (@name) as a string.
    let chat: serde_json::Value = chat_id.parse::<i64>().map(serde_json::Value::from).unwrap_or_else(|_| serde_json::Value::from(chat_id));
    serde_json::json!({ "chat_id": chat, "text": text, "disable_web_page_preview": true }).to_string()
}

/// POSTs `body` (JSON) to the channel's URL, with `{token}` filled in.
/// Success is a 2xx answer; redirects are not followed (the token would go
/// with them).
pub fn send_webhook(ch: &WebhookChannel, token: Option<&Secret>, body: &str, timeout: Duration) -> Result<(), SendError> {
    let url = match token {
        Some(t) => ch.url.replace("{token}", t.expose()),
        None => ch.url.clone(),
    };
    let loopback = ch.url.starts_with("http://");
    let mut config = ureq::Agent::config_builder().timeout_global(Some(timeout)).http_status_as_error(false).max_redirects(0);
    if loopback {
        // A proxy from the environment must not see traffic meant for this machine.
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let fail = |m: String| SendError(redact(&format!("webhook {:?}: {m}", ch.name), token));
    let mut response = agent.post(&url).content_type("application/json").send(body.as_bytes()).map_err(|e| fail(e.to_string()))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(());
    }
    // Telegram explains a refusal in `description`; keep a short piece of it.
    let text = response.body_mut().with_config().limit(4096).read_to_string().unwrap_or_default();
    let detail = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("description").and_then(|d| d.as_str()).map(str::to_owned))
        .unwrap_or_default();
    let detail: String = detail.chars().take(200).collect();
    Err(fail(if detail.is_empty() { format!("HTTP {status}") } else { format!("HTTP {status}: {detail}") }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_raw_and_percent_encoded() {
        let s = Secret::new("123:ab/c");
        assert_eq!(redact("https://h/bot123:ab/c/x", Some(&s)), "https://h/bot***/x");
        assert_eq!(redact("https://h/bot123%3Aab%2Fc/x", Some(&s)), "https://h/bot***/x");
        assert_eq!(redact("nothing", None), "nothing");
    }

    #[test]
    fn telegram_bodies_have_the_send_message_shape() {
        let v: serde_json::Value = serde_json::from_str(&telegram_body("-100123", "a \"b\"\nc")).unwrap();
        assert_eq!(v["chat_id"], serde_json::json!(-100123));
        assert_eq!(v["text"], "a \"b\"\nc");
        let v: serde_json::Value = serde_json::from_str(&telegram_body("@truce", &"x".repeat(5000))).unwrap();
        assert_eq!(v["chat_id"], "@truce");
        assert_eq!(v["text"].as_str().unwrap().chars().count(), 4096);
    }
}
