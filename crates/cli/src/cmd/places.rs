//! `truce places`: look names up in the gazetteer, for a person checking a
//! spelling before or after extraction.

use crate::reading::GazetteerArgs;
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use truce_model::{Governorate, Place, PlaceKind};
use truce_places::{Gazetteer, Match};

#[derive(clap::Args, Debug)]
pub struct PlacesArgs {
    #[command(subcommand)]
    pub command: PlacesCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum PlacesCommand {
    /// List the gazetteer entries closest to NAME, best first, with scores.
    Search(SearchArgs),
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The name as written (any script: Latin, Arabic, Cyrillic).
    pub name: String,
    /// Only places in this governorate: a p-code (SY02) or a name (Aleppo,
    /// Alep, Damas). Damascus also covers Rural Damascus.
    #[arg(long, short)]
    pub province: Option<String>,
    /// How many candidates to list.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub gazetteer: GazetteerArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

pub fn run(args: PlacesArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        PlacesCommand::Search(search) => run_search(search),
    }
}

fn run_search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let gazetteer = args.gazetteer.load()?;
    let province = match &args.province {
        Some(p) => Some(parse_province(gazetteer, p)?),
        None => None,
    };
    let found = gazetteer.search(&args.name, province, args.limit);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &found)?;
            writeln!(out)?;
        }
        Format::Table => write_table(&mut out, &found)?,
    }
    out.flush()?;
    if found.is_empty() {
        eprintln!("no gazetteer entry is close to {:?}", args.name);
        // As grep: nothing found is exit code 1, not an error.
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A p-code, or a governorate's name in any spelling the gazetteer knows.
fn parse_province(gazetteer: &Gazetteer, text: &str) -> anyhow::Result<Governorate> {
    if let Ok(g) = text.parse::<Governorate>() {
        return Ok(g);
    }
    let mut place = Place::mention(text, None);
    place.kind = Some(PlaceKind::Governorate);
    gazetteer.link(&mut place);
    place
        .id
        .as_deref()
        .and_then(|id| id.parse::<Governorate>().ok())
        .with_context(|| format!("--province {text:?} is not a governorate (expected SY01…SY14 or a name such as Aleppo)"))
}

fn write_table(out: &mut impl Write, found: &[Match]) -> std::io::Result<()> {
    writeln!(out, "score\tid\tkind\tcanonical\tgovernorate\tdistrict\tlat\tlon\tmatched")?;
    for m in found {
        writeln!(
            out,
            "{:.3}\t{}\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}",
            m.score,
            m.id,
            m.kind.as_str(),
            m.canonical,
            m.governorate.map_or("-", |g| g.pcode()),
            m.district.as_deref().unwrap_or("-"),
            m.lat,
            m.lon,
            m.matched_name
        )?;
    }
    Ok(())
}
