//! Reading the gazetteer's tab-separated files into entries, with errors
//! that name the file, the line and the problem.
//!
//! Columns are found by their header name, not their position, so a
//! mission's own file may order them freely or add columns of its own; only
//! `id`, `name`, `lat` and `lon` are required.

use crate::{Entry, EntryKind};
use std::path::PathBuf;
use truce_model::Governorate;

/// Why a gazetteer file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    /// The file could not be opened or read.
    #[error("cannot read gazetteer {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but one of its lines does not fit the format.
    #[error("{origin}, line {line}: {problem}")]
    Malformed { origin: String, line: usize, problem: TsvProblem },
}

/// What is wrong with a line of a gazetteer file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TsvProblem {
    #[error("the file is empty (expected a header line)")]
    Empty,
    #[error("the header has no {0:?} column")]
    MissingColumn(&'static str),
    #[error("expected {expected} tab-separated fields, found {found}")]
    FieldCount { expected: usize, found: usize },
    #[error("column {column:?}: {value:?} is not a number")]
    NotANumber { column: &'static str, value: String },
    #[error("column {column:?}: {value} is outside {min}..={max}")]
    OutOfRange { column: &'static str, value: f64, min: f64, max: f64 },
    #[error("column {0:?} is empty")]
    EmptyField(&'static str),
    #[error("id {0:?} already appeared on line {1}")]
    DuplicateId(String, usize),
    #[error("the text is not valid UTF-8")]
    NotUtf8,
    #[error("{0:?} is not a p-code of the admin units")]
    UnknownPcode(String),
}

/// Where a table came from, for error messages.
pub(crate) struct Table<'a> {
    origin: &'a str,
    header: Vec<&'a str>,
    lines: Vec<(usize, &'a str)>,
}

impl<'a> Table<'a> {
    pub(crate) fn parse(origin: &'a str, text: &'a str) -> Result<Self, GazetteerError> {
        let malformed = |line, problem| GazetteerError::Malformed { origin: origin.to_owned(), line, problem };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)));
        let header = loop {
            match lines.next() {
                Some((_, l)) if l.trim().is_empty() => continue,
                Some((_, l)) => break l.split('\t').map(str::trim).collect::<Vec<_>>(),
                None => return Err(malformed(1, TsvProblem::Empty)),
            }
        };
        let lines = lines.filter(|(_, l)| !l.trim().is_empty()).collect();
        Ok(Table { origin, header, lines })
    }

    fn column(&self, name: &'static str) -> Result<usize, GazetteerError> {
        self.optional_column(name).ok_or_else(|| GazetteerError::Malformed {
            origin: self.origin.to_owned(),
            line: 1,
            problem: TsvProblem::MissingColumn(name),
        })
    }

    fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == name)
    }

    /// Each data line split into fields, checked to have the header's width.
    fn rows(&self) -> impl Iterator<Item = Result<Row<'_>, GazetteerError>> + '_ {
        self.lines.iter().map(move |&(line, text)| {
            let fields: Vec<&str> = text.split('\t').collect();
            if fields.len() != self.header.len() {
                return Err(GazetteerError::Malformed {
                    origin: self.origin.to_owned(),
                    line,
                    problem: TsvProblem::FieldCount { expected: self.header.len(), found: fields.len() },
                });
            }
            Ok(Row { origin: self.origin, line, fields })
        })
    }
}

struct Row<'a> {
    origin: &'a str,
    line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    fn get(&self, column: Option<usize>) -> &'a str {
        column.and_then(|c| self.fields.get(c)).map_or("", |s| s.trim())
    }

    fn error(&self, problem: TsvProblem) -> GazetteerError {
        GazetteerError::Malformed { origin: self.origin.to_owned(), line: self.line, problem }
    }

    fn required(&self, column: usize, name: &'static str) -> Result<&'a str, GazetteerError> {
        let v = self.get(Some(column));
        if v.is_empty() { Err(self.error(TsvProblem::EmptyField(name))) } else { Ok(v) }
    }

    fn coordinate(&self, column: usize, name: &'static str, limit: f64) -> Result<f64, GazetteerError> {
        let raw = self.required(column, name)?;
        let value: f64 = raw.parse().map_err(|_| self.error(TsvProblem::NotANumber { column: name, value: raw.to_owned() }))?;
        if !(-limit..=limit).contains(&value) {
            return Err(self.error(TsvProblem::OutOfRange { column: name, value, min: -limit, max: limit }));
        }
        Ok(value)
    }
}

fn split_names(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}

/// Reads a localities table (`syr_localities.tsv` columns).
pub(crate) fn localities(origin: &str, text: &str) -> Result<Vec<Entry>, GazetteerError> {
    let table = Table::parse(origin, text)?;
    let id = table.column("id")?;
    let name = table.column("name")?;
    let lat = table.column("lat")?;
    let lon = table.column("lon")?;
    let opt = |n: &str| table.optional_column(n);
    let (name_ar, name_en, name_fr, name_ru, alt_names) = (opt("name_ar"), opt("name_en"), opt("name_fr"), opt("name_ru"), opt("alt_names"));
    let (feature_code, population, adm1, adm2, geonames, current) =
        (opt("feature_code"), opt("population"), opt("adm1_pcode"), opt("adm2_pcode"), opt("geonames_id"), opt("is_current"));
    let mut seen = rustc_hash::FxHashMap::default();
    let mut entries = Vec::with_capacity(table.lines.len());
    for row in table.rows() {
        let row = row?;
        let entry_id = row.required(id, "id")?;
        if let Some(first) = seen.insert(entry_id, row.line) {
            return Err(row.error(TsvProblem::DuplicateId(entry_id.to_owned(), first)));
        }
        let canonical = row.required(name, "name")?;
        let mut names = vec![canonical];
        for column in [name_ar, name_en, name_fr, name_ru] {
            let n = row.get(column);
            if !n.is_empty() {
                names.push(n);
            }
        }
        names.extend(split_names(row.get(alt_names)).filter(|n| matchable_script(n)));
        let names = dedup_keep_order(names);
        let adm2_pcode = row.get(adm2);
        entries.push(Entry {
            id: entry_id.to_owned(),
            name: canonical.to_owned(),
            name_ar: row.get(name_ar).to_owned(),
            kind: EntryKind::Locality,
            governorate: row.get(adm1).parse::<Governorate>().ok(),
            district: (!adm2_pcode.is_empty()).then(|| adm2_pcode.to_owned()),
            lat: row.coordinate(lat, "lat", 90.0)?,
            lon: row.coordinate(lon, "lon", 180.0)?,
            feature_code: row.get(feature_code).to_owned(),
            population: row.get(population).parse().unwrap_or(0),
            has_geonames: !row.get(geonames).is_empty(),
            is_current: row.get(current) == "1",
            names,
        });
    }
    Ok(entries)
}

/// Reads the admin units table (`syr_admin_units.tsv` columns).
pub(crate) fn admin_units(origin: &str, text: &str) -> Result<Vec<Entry>, GazetteerError> {
    let table = Table::parse(origin, text)?;
    let level = table.column("level")?;
    let pcode = table.column("pcode")?;
    let parent = table.optional_column("parent_pcode");
    let name_en = table.column("name_en")?;
    let lat = table.column("lat")?;
    let lon = table.column("lon")?;
    let opt = |n: &str| table.optional_column(n);
    let (name_ar, name_fr, name_ru, aliases) = (opt("name_ar"), opt("name_fr"), opt("name_ru"), opt("aliases"));
    let mut entries = Vec::new();
    for row in table.rows() {
        let row = row?;
        let code = row.required(pcode, "pcode")?;
        let kind = match row.get(Some(level)) {
            "1" => EntryKind::Governorate,
            "2" => EntryKind::District,
            "3" => EntryKind::SubDistrict,
            other => {
                return Err(row.error(TsvProblem::NotANumber { column: "level", value: other.to_owned() }));
            }
        };
        let canonical = row.required(name_en, "name_en")?;
        let mut names = vec![canonical];
        for column in [name_ar, name_fr, name_ru] {
            let n = row.get(column);
            if !n.is_empty() {
                names.push(n);
            }
        }
        names.extend(split_names(row.get(aliases)));
        let names = dedup_keep_order(names);
        let governorate = code.get(..4).and_then(|g| g.parse::<Governorate>().ok());
        let district = match kind {
            EntryKind::Governorate => None,
            EntryKind::District => Some(code.to_owned()),
            _ => Some(row.get(parent).to_owned()).filter(|p| !p.is_empty()),
        };
        entries.push(Entry {
            id: code.to_owned(),
            name: canonical.to_owned(),
            name_ar: row.get(name_ar).to_owned(),
            kind,
            governorate,
            district,
            lat: row.coordinate(lat, "lat", 90.0)?,
            lon: row.coordinate(lon, "lon", 180.0)?,
            feature_code: String::new(),
            population: 0,
            has_geonames: true,
            is_current: true,
            names,
        });
    }
    Ok(entries)
}

/// Reads the project's table of well-known regions that are not admin
/// units ("Ghouta orientale", "Qalamoun"): each resolves to its governorate.
pub(crate) fn regions(origin: &str, text: &str, admin: &[Entry]) -> Result<Vec<Entry>, GazetteerError> {
    let table = Table::parse(origin, text)?;
    let pcode = table.column("pcode")?;
    let names = table.column("names")?;
    let mut entries = Vec::new();
    for row in table.rows() {
        let row = row?;
        let code = row.required(pcode, "pcode")?;
        let Some(unit) = admin.iter().find(|e| e.id == code) else {
            return Err(row.error(TsvProblem::UnknownPcode(code.to_owned())));
        };
        entries.push(Entry { kind: EntryKind::Region, names: split_names(row.get(Some(names))).map(str::to_owned).collect(), ..unit.clone() });
    }
    Ok(entries)
}

/// Names in scripts nobody writes Syrian bulletins in (Greek, Hebrew,
/// Indic, CJK …) are not indexed: they cost memory and load time and could
/// only ever match themselves.
fn matchable_script(name: &str) -> bool {
    // The cheap range tests first: `is_alphabetic` is a table search.
    name.chars().all(|c| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{0400}'..='\u{04FF}').contains(&c)
            || ('\u{0600}'..='\u{06FF}').contains(&c)
            || !c.is_alphabetic()
    })
}

fn dedup_keep_order(names: Vec<&str>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(names.len());
    for n in names {
        if !kept.iter().any(|k| k == n) {
            kept.push(n.to_owned());
        }
    }
    kept
}

/// Decodes file bytes, naming the first line that is not UTF-8.
pub(crate) fn decode<'a>(origin: &str, bytes: &'a [u8]) -> Result<&'a str, GazetteerError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes.get(..e.valid_up_to()).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count()) + 1;
        GazetteerError::Malformed { origin: origin.to_owned(), line, problem: TsvProblem::NotUtf8 }
    })
}

/// The path as an error origin.
pub(crate) fn origin_of(path: &std::path::Path) -> String {
    path.display().to_string()
}
