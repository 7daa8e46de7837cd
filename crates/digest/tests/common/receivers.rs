//! Loopback receivers written for the tests: a minimal SMTP server and a
//! minimal HTTP server, each on 127.0.0.1 with a port the system picks,
//! each recording exactly the bytes it was sent and answering failures
//! for the first N deliveries when asked to.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What an SMTP session delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent, dot-unstuffed, without the `<CRLF>.<CRLF>` that ends it.
    pub data: Vec<u8>,
    /// Every command line the client sent (AUTH lines included).
    pub commands: Vec<String>,
}

pub struct SmtpReceiver {
    pub port: u16,
    pub accepted: Arc<Mutex<Vec<Mail>>>,
    /// Sessions that reached MAIL FROM, accepted or not.
    pub sessions: Arc<Mutex<Vec<Vec<String>>>>,
}

impl SmtpReceiver {
    /// Answers 451 to the first `fail_first` messages' DATA, then accepts.
    /// Never offers STARTTLS.
    pub fn start(fail_first: usize) -> SmtpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let sessions = Arc::new(Mutex::new(Vec::new()));
        let (acc, ses) = (Arc::clone(&accepted), Arc::clone(&sessions));
        std::thread::spawn(move || {
            let mut failures_left = fail_first;
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let (mail, commands) = smtp_session(stream, &mut failures_left);
                ses.lock().unwrap().push(commands);
                if let Some(m) = mail {
                    acc.lock().unwrap().push(m);
                }
            }
        });
        SmtpReceiver { port, accepted, sessions }
    }
}

fn smtp_session(stream: TcpStream, failures_left: &mut usize) -> (Option<Mail>, Vec<String>) {
    let mut out = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    let mut commands = Vec::new();
    let mut from = String::new();
    let mut to = Vec::new();
    let mut delivered = None;
    let _ = out.write_all(b"220 receiver.test ESMTP\r\n");
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let cmd = line.trim_end().to_owned();
        commands.push(cmd.clone());
        let upper = cmd.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-receiver.test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = cmd[10..].to_owned();
            b"250 ok\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(cmd[8..].to_owned());
            b"250 ok\r\n"
        } else if upper == "DATA" {
            let _ = out.write_all(b"354 go on\r\n");
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if reader.read_until(b'\n', &mut l).unwrap_or(0) == 0 {
                    break;
                }
                if l == b".\r\n" {
                    // The CRLF before the dot ends the terminator, not the message.
                    if data.ends_with(b"\r\n") {
                        data.truncate(data.len() - 2);
                    }
                    break;
                }
                // Dot-unstuffing (RFC 5321 4.5.2).
                if l.starts_with(b"..") {
                    l.remove(0);
                }
                data.extend_from_slice(&l);
            }
            if *failures_left > 0 {
                *failures_left -= 1;
                b"451 try again later\r\n"
            } else {
                delivered = Some(Mail { from: from.clone(), to: to.clone(), data, commands: Vec::new() });
                b"250 queued\r\n"
            }
        } else if upper == "QUIT" {
            let _ = out.write_all(b"221 bye\r\n");
            break;
        } else if upper == "RSET" || upper == "NOOP" {
            b"250 ok\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if out.write_all(reply).is_err() {
            break;
        }
    }
    if let Some(m) = delivered.as_mut() {
        m.commands = commands.clone();
    }
    (delivered, commands)
}

/// One HTTP request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The status the receiver answered.
    pub status: u16,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub struct HttpReceiver {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl HttpReceiver {
    /// Answers `fail_status` to the first `fail_first` requests, then 200
    /// with Telegram's `{"ok":true,…}`.
    pub fn start(fail_first: usize, fail_status: u16, fail_body: &str) -> HttpReceiver {
        HttpReceiver::start_slow(fail_first, fail_status, fail_body, Duration::ZERO)
    }

    /// [`HttpReceiver::start`], taking `delay` over each answer, as a busy
    /// bot API does: senders racing each other then interleave.
    pub fn start_slow(fail_first: usize, fail_status: u16, fail_body: &str, delay: Duration) -> HttpReceiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let req = Arc::clone(&requests);
        let fail_body = fail_body.to_owned();
        std::thread::spawn(move || {
            let mut failures_left = fail_first;
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                std::thread::sleep(delay);
                let (status, body) = if failures_left > 0 {
                    failures_left -= 1;
                    (fail_status, fail_body.clone())
                } else {
                    (200, "{\"ok\":true,\"result\":{}}".to_owned())
                };
                if let Some(r) = http_exchange(stream, status, &body) {
                    req.lock().unwrap().push(r);
                }
            }
        });
        HttpReceiver { port, requests }
    }

    pub fn accepted(&self) -> Vec<Request> {
        self.requests.lock().unwrap().iter().filter(|r| r.status == 200).cloned().collect()
    }
}

fn http_exchange(stream: TcpStream, status: u16, body: &str) -> Option<Request> {
    let mut out = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    let mut parts = first.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut l = String::new();
        reader.read_line(&mut l).ok()?;
        let l = l.trim_end();
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':')?;
        headers.push((k.trim().to_owned(), v.trim().to_owned()));
    }
    let len: usize = headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut bytes = vec![0; len];
    reader.read_exact(&mut bytes).ok()?;
    let reason = if status == 200 { "OK" } else { "Error" };
    let _ = write!(out, "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
    let _ = out.flush();
    Some(Request { method, path, headers, body: bytes, status })
}
