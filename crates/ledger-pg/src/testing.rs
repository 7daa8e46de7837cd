//! Test support: finding a PostgreSQL server and making throwaway
//! databases on it. Used by this crate's tests and the CLI's.

use postgres::{Client, NoTls};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

/// Where the tests look when `TRUCE_TEST_PG_URL` is not set: the cluster
/// that `scripts/pg-test-server` starts.
pub const DEFAULT_TEST_URL: &str = "postgres://truce@127.0.0.1:54329/postgres";

/// The server to test against, or `None` (after saying so on stderr) when
/// none answers. Under CI (`CI` set) a missing server is first started with
/// `scripts/pg-test-server` (which installs PostgreSQL when needed), and if
/// that fails too it is a failure, not a skip: the PostgreSQL story must run
/// there.
pub fn server_url(test: &str) -> Option<String> {
    static FOUND: OnceLock<Result<String, String>> = OnceLock::new();
    match FOUND.get_or_init(discover) {
        Ok(url) => Some(url.clone()),
        Err(e) if std::env::var_os("CI").is_some() || std::env::var_os("TRUCE_TEST_PG_URL").is_some() => {
            panic!("{test}: {e}")
        }
        Err(_) => {
            eprintln!("{test}: skipped: no PostgreSQL server (set TRUCE_TEST_PG_URL or run scripts/pg-test-server)");
            None
        }
    }
}

fn discover() -> Result<String, String> {
    let answers = |url: &str| Client::connect(url, NoTls).map(|_| url.to_owned()).map_err(|e| format!("no PostgreSQL at {url}: {e}"));
    if let Some(url) = std::env::var("TRUCE_TEST_PG_URL").ok().filter(|u| !u.is_empty()) {
        return answers(&url);
    }
    let first = answers(DEFAULT_TEST_URL);
    if first.is_ok() || std::env::var_os("CI").is_none() {
        return first;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/pg-test-server");
    let out = std::process::Command::new(script).arg("start").stderr(std::process::Stdio::inherit()).output().map_err(|e| format!("running {script}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{script} failed ({})", out.status));
    }
    answers(String::from_utf8_lossy(&out.stdout).trim())
}

/// `url` with its database name replaced by `name`.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_end = base[scheme_end..].find('/').map(|i| i + scheme_end).unwrap_or(base.len());
    format!("{}/{name}{query}", &base[..host_end])
}

/// Empty databases made for one test, dropped when this is dropped.
pub struct Scratch {
    admin: String,
    prefix: String,
    made: Vec<String>,
}

static RUN: AtomicU32 = AtomicU32::new(0);

impl Scratch {
    /// `admin` is a URL whose user may create databases.
    pub fn new(admin: &str, test: &str) -> Self {
        let n = RUN.fetch_add(1, Ordering::Relaxed);
        let tag: String = test.chars().filter(|c| c.is_ascii_alphanumeric()).take(20).collect::<String>().to_lowercase();
        Scratch { admin: admin.to_owned(), prefix: format!("truce_t_{}_{n}_{tag}", std::process::id()), made: Vec::new() }
    }

    /// The URL of a new, empty database.
    pub fn database(&mut self) -> String {
        let name = format!("{}_{}", self.prefix, self.made.len());
        let mut c = Client::connect(&self.admin, NoTls).expect("admin connection");
        c.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
        self.made.push(name.clone());
        with_database(&self.admin, &name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut c) = Client::connect(&self.admin, NoTls) {
            for name in &self.made {
                let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn database_names_replace_the_path() {
        assert_eq!(super::with_database("postgres://u@h:1/postgres", "x"), "postgres://u@h:1/x");
        assert_eq!(super::with_database("postgres://u@h:1/postgres?sslmode=disable", "x"), "postgres://u@h:1/x?sslmode=disable");
        assert_eq!(super::with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
