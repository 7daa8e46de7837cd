//! `truce extract`: bulletins in, claims out, as JSON or as a table.

use crate::inputs::{self, Input};
use crate::reading::{ReadArgs, Reader};
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use truce_model::Extraction;

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub input: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// One JSON object per line, one line per document.
    #[arg(long)]
    pub jsonl: bool,
    /// Leave places as written: no gazetteer ids, coordinates or p-codes.
    #[arg(long)]
    pub no_link: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Table,
}

pub fn run(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let inputs = inputs::collect(&args.input.paths);
    let reader = args.input.reader(!args.no_link)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut done: Vec<Extraction> = Vec::new();
    let many = inputs.len() > 1;
    for input in &inputs {
        match read_one(input, &reader) {
            Ok(extraction) => {
                for w in &extraction.warnings {
                    eprintln!("warning: {}: {}", input.display(), w.message);
                }
                match (args.format, args.jsonl) {
                    (Format::Table, _) => write_table(&mut out, input, &extraction)?,
                    (Format::Json, true) => {
                        serde_json::to_writer(&mut out, &extraction)?;
                        writeln!(out)?;
                    }
                    (Format::Json, false) if !many => {
                        serde_json::to_writer_pretty(&mut out, &extraction)?;
                        writeln!(out)?;
                    }
                    (Format::Json, false) => done.push(extraction),
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("error: {}: {err:#}", input.display());
            }
        }
    }
    if !done.is_empty() {
        serde_json::to_writer_pretty(&mut out, &done)?;
        writeln!(out)?;
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("{failed} of {} inputs could not be read", inputs.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn read_one(input: &Input, reader: &Reader) -> anyhow::Result<Extraction> {
    let bytes = input.read().context("cannot read")?;
    Ok(reader.read(&bytes, input.id())?.1)
}

fn write_table(out: &mut impl Write, input: &Input, x: &Extraction) -> anyhow::Result<()> {
    let day = x.doc.published.map_or("undated".to_owned(), |d| d.to_string());
    let lang = x.doc.lang.map_or("?", |l| l.as_str());
    writeln!(out, "{} — {} — {} — {} claims", input.display(), day, lang, x.claims.len())?;
    for c in &x.claims {
        let value = c.value.map_or("—".to_owned(), |v| v.to_string());
        let window = match c.window {
            truce_model::Window::Day => "day".to_owned(),
            truce_model::Window::Total { since: Some(s) } => format!("total since {s}"),
            truce_model::Window::Total { since: None } => "total".to_owned(),
            truce_model::Window::Date { date } => format!("on {date}"),
        };
        let places: Vec<String> = c
            .places
            .iter()
            .map(|p| match (&p.province, &p.canonical) {
                (_, Some(canon)) if canon != &p.name => format!("{} (= {canon})", p.name),
                (Some(g), _) => format!("{} [{g}]", p.name),
                _ => p.name.clone(),
            })
            .collect();
        writeln!(out, "  {:<30} {:>10}  {:<20} {}", c.metric.as_str(), value, window, places.join(", "))?;
        writeln!(out, "      “{}”", c.evidence)?;
        if let Some(why) = super::why(c) {
            writeln!(out, "      why: {why}")?;
        }
    }
    writeln!(out)?;
    Ok(())
}
