//! The `digest` and `deliver` commands: thin glue over truce-digest, which
//! composes the morning and evening editions and delivers them.

use super::ledger::DbArgs;
use anyhow::Context;
use clap::Args;
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use truce_digest::config::Config;
use truce_digest::deliver::{Delivery, deliver};
use truce_digest::{Audience, Edition, EditionKind, Format};
use truce_model::Governorate;
use truce_views::Language;

/// The delivery configuration used when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "truce-delivery.toml";

/// Where the channels and the schedule are configured.
#[derive(Args, Debug, Clone)]
pub struct ConfigArgs {
    /// The delivery configuration (TOML: schedule and channels). Secrets are
    /// never given here nor on the command line: the file names environment
    /// variables or owner-only files holding them.
    #[arg(long, env = "TRUCE_DELIVERY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl ConfigArgs {
    /// The configuration; without `--config`, `truce-delivery.toml` if it
    /// exists, else the defaults (editions at 07:00 and 19:00 UTC, no channel).
    pub fn load(&self) -> anyhow::Result<Config> {
        match &self.config {
            Some(path) => Ok(Config::load(path)?),
            None if Path::new(DEFAULT_CONFIG).exists() => Ok(Config::load(Path::new(DEFAULT_CONFIG))?),
            None => Ok(Config::default()),
        }
    }
}

/// Print the digest of one edition: what is new since the edition before.
#[derive(Args, Debug)]
pub struct DigestArgs {
    /// morning or evening.
    #[arg(long, value_parser = parse_kind)]
    pub edition: EditionKind,
    /// The edition's day (YYYY-MM-DD).
    #[arg(long)]
    pub date: Date,
    /// fr or en.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Language,
    /// text, markdown or html.
    #[arg(long, default_value = "text", value_parser = parse_format)]
    pub format: Format,
    /// Only what concerns this governorate (p-code such as SY02, or name).
    #[arg(long, value_parser = parse_governorate)]
    pub province: Option<Governorate>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

fn parse_kind(s: &str) -> Result<EditionKind, String> {
    s.parse().map_err(|e: truce_digest::DigestError| e.to_string())
}

fn parse_lang(s: &str) -> Result<Language, String> {
    s.parse().map_err(|e: truce_views::ViewError| e.to_string())
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse().map_err(|e: truce_digest::DigestError| e.to_string())
}

fn parse_governorate(s: &str) -> Result<Governorate, String> {
    Governorate::from_name_or_pcode(s).map_err(|e| e.to_string())
}

pub fn run_digest(args: DigestArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let config = args.config.load()?;
    let ledger = db.open()?;
    let edition = Edition::new(args.date, args.edition);
    let cut = config.schedule.cut(edition)?;
    if cut > jiff::Timestamp::now() {
        eprintln!("note: the {edition} edition closes at {cut}; this is what it holds so far");
    }
    let digest = truce_digest::compose(&*ledger, &config.schedule, edition, Audience { lang: args.lang, province: args.province })
        .with_context(|| format!("composing the {edition} edition"))?;
    let mut out = std::io::stdout().lock();
    out.write_all(truce_digest::render::render(&digest, args.format).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Send the latest closed edition to every channel of the configuration.
#[derive(Args, Debug)]
pub struct DeliverArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Send this edition instead of the latest closed one (with --date).
    #[arg(long, value_parser = parse_kind, requires = "date")]
    pub edition: Option<EditionKind>,
    /// The day of --edition.
    #[arg(long, requires = "edition")]
    pub date: Option<Date>,
}

/// Exit status 1 when a delivery is still failing (it is retried by the
/// next run), so that a scheduler notices.
pub fn run_deliver(args: DeliverArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.config.config {
        Some(_) => args.config.load()?,
        None if Path::new(DEFAULT_CONFIG).exists() => args.config.load()?,
        None => anyhow::bail!("no delivery configuration: give --config FILE (or TRUCE_DELIVERY_CONFIG, or put {DEFAULT_CONFIG} here)"),
    };
    if config.smtp.is_empty() && config.webhooks.is_empty() {
        anyhow::bail!("the delivery configuration has no channel ([[smtp]] or [[webhook]])");
    }
    let now = jiff::Timestamp::now();
    let edition = match (args.edition, args.date) {
        (Some(kind), Some(date)) => Edition::new(date, kind),
        _ => config.schedule.latest_closed(now)?,
    };
    let outcomes = deliver(&db.target(), &config, edition, now, &std::thread::sleep)?;
    let mut failed = false;
    for o in &outcomes {
        failed |= matches!(o.delivery, Delivery::Failed { .. });
        eprintln!("{o}");
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// For `truce serve`: gives the feeds the configured schedule and, with
/// `--schedule`, delivers each edition from a thread of its own as it
/// closes (failures are retried every 10 minutes). Outcomes go to stderr.
/// On a PostgreSQL ledger every server may run it: the delivery log lets
/// one of them send each message.
pub fn start_schedule(args: &ConfigArgs, schedule: bool, db: &DbArgs) -> anyhow::Result<()> {
    let config = args.load()?;
    truce_server::feeds::set_schedule(config.schedule.clone());
    if !schedule {
        return Ok(());
    }
    if config.smtp.is_empty() && config.webhooks.is_empty() {
        anyhow::bail!("--schedule: the delivery configuration has no channel ([[smtp]] or [[webhook]]); give --config FILE");
    }
    let target = db.target();
    // The ledger and the log are created (or found wanting) before serving:
    // a bad URL or a newer schema stops the command here rather than in
    // the thread's log, and the first run does not race the server's own
    // opening of the ledger.
    drop(target.open()?);
    drop(truce_digest::log::DeliveryLog::open(&target)?);
    std::thread::Builder::new().name("deliver".into()).spawn(move || {
        let stop = std::sync::atomic::AtomicBool::new(false);
        truce_digest::deliver::run_schedule(&target, &config, std::time::Duration::from_secs(600), &stop, &mut |result| match result {
            Ok(outcomes) => outcomes.iter().for_each(|o| eprintln!("deliver: {o}")),
            Err(e) => eprintln!("deliver: error: {e}"),
        });
    })?;
    Ok(())
}
