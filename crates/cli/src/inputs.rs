//! Which documents a command reads: files, directories walked recursively
//! for bulletins, or `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One document to read, named for messages and output ids.
#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// How messages name the input.
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The document id: the file name without its extension.
    pub fn id(&self) -> String {
        match self {
            Input::Stdin => "stdin".to_owned(),
            Input::File(p) => {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                name.strip_suffix(".html").or_else(|| name.strip_suffix(".htm")).or_else(|| name.strip_suffix(".txt")).unwrap_or(&name).to_owned()
            }
        }
    }

    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf)?;
                Ok(buf)
            }
            Input::File(p) => std::fs::read(p),
        }
    }
}

/// Whether a file in a walked directory is a bulletin.
fn is_bulletin(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref(), Some("txt" | "html" | "htm"))
}

/// Expands arguments into inputs, in a stable order. A path that does not
/// exist is kept as a file so that reading it reports the error by name.
/// Directory walks follow links and detect loops.
pub fn collect(args: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for path in args {
        if path.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = path.clone();
        if path.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&path)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_bulletin(e.path()))
                .map(|e| e.into_path())
                .collect();
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else {
            out.push(Input::File(path));
        }
    }
    out
}
