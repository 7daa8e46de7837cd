//! The view commands: `report`, `series`, `status`, `audit` and `export`.
//! Thin glue: arguments in, a view from truce-views, its renderer out. The
//! figures, marks and findings are computed in truce-views.

use anyhow::Context;
use clap::{Args, ValueEnum};
use jiff::Timestamp;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use truce_model::{Date, Governorate, Metric};
use truce_views::{Language, ViewQuery};

use super::ledger::DbArgs;

/// Options every view takes: whose figures, and as recorded when.
#[derive(Args, Debug, Clone, Default)]
pub struct ViewArgs {
    /// Only claims of this reporter (as stored, exact).
    #[arg(long)]
    pub reporter: Option<String>,
    /// Show the ledger as it was recorded at this time (RFC 3339, e.g.
    /// 2024-04-01T09:00:00Z; a bare date means the end of that day, UTC):
    /// claims, corrections and reviews recorded later are left out.
    #[arg(long, value_name = "TIME", value_parser = parse_known_at)]
    pub as_known_at: Option<Timestamp>,
}

impl ViewArgs {
    fn query(&self) -> ViewQuery {
        ViewQuery { reporter: self.reporter.clone(), as_known_at: self.as_known_at }
    }
}

fn parse_known_at(s: &str) -> Result<Timestamp, String> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let d: Date = s.parse().map_err(|_| format!("{s:?} is neither a time (2024-04-01T09:00:00Z) nor a date (2024-04-01)"))?;
    let next = d.tomorrow().map_err(|e| e.to_string())?;
    let start = next.to_zoned(jiff::tz::TimeZone::UTC).map_err(|e| e.to_string())?.timestamp();
    start.checked_sub(jiff::SignedDuration::from_micros(1)).map_err(|e| e.to_string())
}

fn parse_lang(s: &str) -> Result<Language, String> {
    s.parse().map_err(|e: truce_views::ViewError| e.to_string())
}

/// A governorate by p-code (SY02) or by its English or French name.
fn parse_governorate(s: &str) -> Result<Governorate, String> {
    Governorate::from_name_or_pcode(s).map_err(|e| e.to_string())
}

/// Writes `text` to standard output.
fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

// ---------------------------------------------------------------- report

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

/// The daily bulletin for one day.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    pub date: Date,
    /// The language of the bulletin (fr, en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Language,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run_report(args: ReportArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let report = truce_views::report::daily_report(&*ledger, args.date, &args.view.query())?;
    let text = match args.format {
        ReportFormat::Text => truce_views::render::report_text(&report, args.lang),
        ReportFormat::Markdown => truce_views::render::report_markdown(&report, args.lang),
        ReportFormat::Json => truce_views::render::report_json(&report)?,
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- series

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SeriesFormat {
    Csv,
    Json,
}

/// Daily values and running totals of one metric.
#[derive(Args, Debug)]
pub struct SeriesArgs {
    /// The metric (e.g. ceasefire_violations, localities_joined_ceasefire).
    pub metric: Metric,
    /// A governorate: p-code (SY02) or name (Aleppo, Alep).
    #[arg(long, value_parser = parse_governorate, conflicts_with = "district")]
    pub province: Option<Governorate>,
    /// A district p-code (SY0200).
    #[arg(long)]
    pub district: Option<String>,
    #[arg(long)]
    pub from: Option<Date>,
    #[arg(long)]
    pub to: Option<Date>,
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SeriesFormat,
    /// Also draw the series as an SVG chart into this file.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// The language of the chart's labels (fr, en).
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Language,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run_series(args: SeriesArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    use truce_views::series::Scope;
    let ledger = db.open()?;
    let scope = match (args.province, args.district) {
        (Some(g), _) => Scope::Governorate(g),
        (None, Some(d)) => Scope::District(d),
        (None, None) => Scope::Country,
    };
    let series = truce_views::series::series(&*ledger, args.metric, &scope, args.from, args.to, &args.view.query())?;
    if let Some(path) = &args.plot {
        std::fs::write(path, truce_views::svg::series_svg(&series, args.lang)).with_context(|| format!("writing the chart {}", path.display()))?;
    }
    match args.format {
        SeriesFormat::Csv => {
            let mut out = std::io::stdout().lock();
            truce_views::series::series_csv(&series, &mut out)?;
        }
        SeriesFormat::Json => print(&(serde_json::to_string_pretty(&series)? + "\n"))?,
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- status

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Geojson,
}

/// Locality status as of a day: joined, liberated, under negotiation.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The day (YYYY-MM-DD); default: the latest day in the ledger.
    #[arg(long)]
    pub date: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatusFormat,
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    pub lang: Language,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run_status(args: StatusArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let Some(date) = args.date.or(ledger.latest_day()?) else {
        anyhow::bail!("the ledger holds no dated claims; give --date");
    };
    let view = truce_views::status::status(&*ledger, date, &args.view.query())?;
    match args.format {
        StatusFormat::Text => print(&truce_views::status::status_text(&view, args.lang))?,
        StatusFormat::Json => print(&(serde_json::to_string_pretty(&view)? + "\n"))?,
        StatusFormat::Geojson => {
            truce_views::export::status_geojson(&view, std::io::stdout().lock())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------- audit

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
}

/// What does not add up: totals, counts, places, disagreeing sources.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// First day (default: 30 days before --to).
    #[arg(long)]
    pub from: Option<Date>,
    /// Last day (default: the latest day in the ledger).
    #[arg(long)]
    pub to: Option<Date>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: AuditFormat,
    /// Exit with status 1 when any finding is an error.
    #[arg(long)]
    pub fail_on_error: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run_audit(args: AuditArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let Some(to) = args.to.or(ledger.latest_day()?) else {
        print("0 findings: the ledger holds no dated claims\n")?;
        return Ok(ExitCode::SUCCESS);
    };
    let from = args.from.or_else(|| truce_views::shift(to, -30)).unwrap_or(to);
    let findings = truce_views::audit::audit(&*ledger, from, to, &args.view.query())?;
    match args.format {
        AuditFormat::Text => print(&truce_views::audit::audit_text(&findings))?,
        AuditFormat::Json => print(&(serde_json::to_string_pretty(&findings)? + "\n"))?,
    }
    let errors = findings.iter().any(|f| f.severity == truce_model::Severity::Error);
    Ok(if args.fail_on_error && errors { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

// ---------------------------------------------------------------- export

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    /// One row per claim, ACLED-like columns.
    Csv,
    /// One JSON object per claim per line.
    Jsonl,
    /// Localities with their status as of --to (or the latest day).
    Geojson,
}

/// Streams claims out of the ledger, or localities as GeoJSON.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ExportFormat,
    #[arg(long)]
    pub from: Option<Date>,
    #[arg(long)]
    pub to: Option<Date>,
    #[arg(long)]
    pub metric: Option<Metric>,
    /// Governorates (p-code or name); repeat for several.
    #[arg(long, value_parser = parse_governorate)]
    pub province: Vec<Governorate>,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub view: ViewArgs,
}

pub fn run_export(args: ExportArgs, db: &DbArgs) -> anyhow::Result<ExitCode> {
    let ledger = db.open()?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let mut filter = args.view.query().filter(args.metric, args.from, args.to);
    // Damascus and its countryside are one when claims are compared.
    filter.provinces = Governorate::ALL.into_iter().filter(|g| args.province.iter().any(|p| p.same_as(*g))).collect();
    match args.format {
        ExportFormat::Csv => {
            truce_views::export::export_csv(&*ledger, &filter, out)?;
        }
        ExportFormat::Jsonl => {
            truce_views::export::export_jsonl(&*ledger, &filter, out)?;
        }
        ExportFormat::Geojson => {
            let Some(date) = args.to.or(ledger.latest_day()?) else {
                anyhow::bail!("the ledger holds no dated claims; give --to");
            };
            let view = truce_views::status::status(&*ledger, date, &args.view.query())?;
            truce_views::export::status_geojson(&view, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
