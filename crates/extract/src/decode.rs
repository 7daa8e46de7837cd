//! Bytes to text: the character encoding and, for web pages, the markup.
//!
//! Bulletins arrive as UTF-8 files, as Windows-1252 files saved by older
//! office software, and as saved web pages. Everything downstream works on
//! one decoded `String`, and evidence spans are offsets into it.

use crate::html;

/// Why bytes could not be read as a bulletin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file holds no text, only white space")]
    Blank,
    #[error("the file looks binary ({0}), not like a text or HTML bulletin")]
    Binary(&'static str),
}

/// Turns a file's bytes into text: UTF-8 (with or without a byte-order
/// mark), else Windows-1252, which also covers Latin-1. HTML pages lose their
/// tags, scripts and styles and have their entities decoded.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some(reason) = binary_reason(bytes) {
        return Err(DecodeError::Binary(reason));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        // Windows-1252 maps every byte, so this never fails; a UTF-8 file
        // with one stray byte is better read whole as 1252 than cut.
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    };
    let text = if html::looks_like_html(&text) { html::to_text(&text) } else { text };
    if text.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    Ok(text)
}

/// Binary files are refused rather than read as mojibake: a NUL byte never
/// occurs in a text bulletin, and neither do many control characters.
fn binary_reason(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Some("it contains NUL bytes");
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    (controls * 20 > head.len()).then_some("it is mostly control characters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        assert_eq!(decode("Alep é".as_bytes()).unwrap(), "Alep é");
        assert_eq!(decode(b"\xEF\xBB\xBFDamas").unwrap(), "Damas");
    }

    #[test]
    fn windows_1252_is_read_when_not_utf8() {
        // "Lattaquié – 1 222" in Windows-1252: é = E9, en dash = 96.
        let bytes = b"Lattaqui\xE9 \x96 1 222";
        assert_eq!(decode(bytes).unwrap(), "Lattaquié – 1 222");
    }

    #[test]
    fn refuses_empty_blank_and_binary() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t "), Err(DecodeError::Blank));
        assert!(matches!(decode(b"PK\x03\x04\x00\x00"), Err(DecodeError::Binary(_))));
        assert!(matches!(decode(&[1u8, 2, 3, 4, 5, 6, 7, 8]), Err(DecodeError::Binary(_))));
    }
}
