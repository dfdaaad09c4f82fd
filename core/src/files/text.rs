//! Bytes to text and back, for the CSV files people exchange.
//!
//! Japanese banks and accounting programs still write Shift_JIS (strictly, its
//! Windows form CP932, which encoding_rs calls `Shift_JIS`); spreadsheets write
//! UTF-8, with or without a byte-order mark. [`decode_text`] tells them apart the
//! only reliable way: valid UTF-8 is UTF-8 (a Shift_JIS file of Japanese text is
//! almost never valid UTF-8), otherwise the bytes must decode as Shift_JIS without
//! a single error, or the file is refused as not text.

use encoding_rs::SHIFT_JIS;

use super::{Problem, ProblemKind};

/// The largest text file an import reads: far more than any statement or journal
/// a small business exports, small enough that 50 MB of garbage is refused at once.
pub const MAX_TEXT_BYTES: usize = 20 * 1024 * 1024;

/// How a text file was (or is to be) encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 with a byte-order mark: what Kura writes for spreadsheets.
    Utf8Bom,
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// Shift_JIS (CP932): most Japanese banks, Yayoi.
    ShiftJis,
}

/// A file's text and the encoding it was found in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    pub text: String,
    pub encoding: TextEncoding,
}

/// Decodes a text file, refusing one that is empty, too large, or neither UTF-8
/// nor Shift_JIS (a picture, a ZIP, random bytes).
pub fn decode_text(bytes: &[u8]) -> Result<DecodedText, Problem> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(Problem::file(ProblemKind::TooLarge {
            limit: MAX_TEXT_BYTES,
        }));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, TextEncoding::Utf8Bom);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::file(ProblemKind::Empty));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes, TextEncoding::Utf8);
    }
    let (text, had_errors) = SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors || has_control_bytes(&text) {
        return Err(Problem::file(ProblemKind::NotText));
    }
    Ok(DecodedText {
        text: text.into_owned(),
        encoding: TextEncoding::ShiftJis,
    })
}

fn utf8(bytes: &[u8], encoding: TextEncoding) -> Result<DecodedText, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|_| Problem::file(ProblemKind::NotText))?;
    if text.trim().is_empty() {
        return Err(Problem::file(ProblemKind::Empty));
    }
    if has_control_bytes(text) {
        return Err(Problem::file(ProblemKind::NotText));
    }
    Ok(DecodedText {
        text: text.to_string(),
        encoding,
    })
}

/// Control characters other than tab and line ends: binary data that happens to
/// decode (a ZIP of ASCII names, a NUL-padded file) is not a text file.
fn has_control_bytes(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Checks a cell of an imported file for characters a reader cannot see. Every
/// import reads its cells through this (by way of
/// [`super::table::read_table`]), names included: partners, items, accounts
/// named in a journal, bank statement descriptions. What it decides:
///
/// - **Control characters**: a file holding any but tab and line ends is not
///   text and is refused whole ([`decode_text`]). Tabs and line breaks inside a
///   quoted cell are kept (an address or a note may run over lines); a cell's
///   outer ones are trimmed.
/// - **Direction controls** (U+202A–U+202E, U+2066–U+2069, and the marks
///   U+200E, U+200F, U+061C) are refused with their line and column
///   ([`ProblemKind::DirectionControl`]): they change the order in which text
///   is shown, so a name can read as something it is not ("Trojan Source"),
///   and a CSV cell of a business's data has no use for them.
/// - **Zero-width characters** (U+200B, U+2060, U+FEFF inside text, and
///   U+200C, U+200D except between two visible non-ASCII characters, where they
///   join emoji and some scripts' letters) are refused likewise
///   ([`ProblemKind::InvisibleCharacter`]): two names that differ only by them
///   look the same, so a partner could be added twice or a bank line miss its
///   match.
/// - **Markup** (`<b>`, `<script>`) is kept as the literal text it is: every
///   screen puts text in text nodes (escaped), the page's CSP runs no inline
///   script, and a name like `A<B商事` is a name.
pub fn check_visible(text: &str) -> Result<(), ProblemKind> {
    let mut previous = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_direction_control(c) {
            return Err(ProblemKind::DirectionControl { character: c });
        }
        if is_zero_width(c) {
            let joiner = matches!(c, '\u{200c}' | '\u{200d}');
            if !(joiner && joinable(previous) && joinable(chars.peek().copied())) {
                return Err(ProblemKind::InvisibleCharacter { character: c });
            }
        }
        previous = Some(c);
    }
    Ok(())
}

/// A character a zero-width joiner may stand beside: visible and not ASCII.
fn joinable(c: Option<char>) -> bool {
    c.is_some_and(|c| !c.is_ascii() && !c.is_whitespace() && !is_zero_width(c))
}

fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Encodes text for a file. Shift_JIS cannot hold every character (emoji, some
/// rare kanji): the first one that does not fit is reported with its line, and
/// nothing is written, instead of a silent `?`.
pub fn encode_text(text: &str, encoding: TextEncoding) -> Result<Vec<u8>, Problem> {
    match encoding {
        TextEncoding::Utf8 => Ok(text.as_bytes().to_vec()),
        TextEncoding::Utf8Bom => {
            let mut bytes = b"\xEF\xBB\xBF".to_vec();
            bytes.extend_from_slice(text.trim_start_matches('\u{feff}').as_bytes());
            Ok(bytes)
        }
        TextEncoding::ShiftJis => encode_shift_jis(text.trim_start_matches('\u{feff}')),
    }
}

/// Whether Shift_JIS (CP932) can hold `c`.
fn fits_shift_jis(c: char) -> bool {
    !SHIFT_JIS.encode(c.encode_utf8(&mut [0; 4])).2
}

/// `text` with every character Shift_JIS cannot hold replaced by
/// `replacement`, and the characters replaced, in order: for text the user
/// cannot change any more (a posted entry's description), where refusing the
/// file would leave no way out.
pub fn fit_shift_jis(text: &str, replacement: char) -> (String, Vec<char>) {
    let mut replaced = Vec::new();
    let fitted = text
        .chars()
        .map(|c| {
            if fits_shift_jis(c) {
                c
            } else {
                replaced.push(c);
                replacement
            }
        })
        .collect();
    (fitted, replaced)
}

fn encode_shift_jis(text: &str) -> Result<Vec<u8>, Problem> {
    let (bytes, _, had_errors) = SHIFT_JIS.encode(text);
    if !had_errors {
        return Ok(bytes.into_owned());
    }
    for (number, line) in text.split('\n').enumerate() {
        if let Some(character) = line.chars().find(|&c| !fits_shift_jis(c)) {
            return Err(Problem::line(
                number + 1,
                ProblemKind::NotInShiftJis { character },
            ));
        }
    }
    unreachable!("encoding_rs reported an unmappable character that no line holds")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let with = decode_text("\u{feff}日付,金額\r\n".as_bytes()).unwrap();
        assert_eq!(with.encoding, TextEncoding::Utf8Bom);
        assert_eq!(with.text, "日付,金額\r\n");
        let without = decode_text("日付,金額\r\n".as_bytes()).unwrap();
        assert_eq!(without.encoding, TextEncoding::Utf8);
    }

    #[test]
    fn shift_jis_is_recognised() {
        let bytes = encode_text("ﾌﾘｺﾐ ﾔﾏﾀﾞ ﾀﾛｳ,10000\r\n", TextEncoding::ShiftJis).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode_text(&bytes).unwrap();
        assert_eq!(decoded.encoding, TextEncoding::ShiftJis);
        assert_eq!(decoded.text, "ﾌﾘｺﾐ ﾔﾏﾀﾞ ﾀﾛｳ,10000\r\n");
    }

    #[test]
    fn garbage_empty_and_huge_files_are_refused() {
        let garbage: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        assert_eq!(
            decode_text(&garbage).unwrap_err().kind,
            ProblemKind::NotText
        );
        assert_eq!(decode_text(b"").unwrap_err().kind, ProblemKind::Empty);
        assert_eq!(
            decode_text(b"\xEF\xBB\xBF \r\n").unwrap_err().kind,
            ProblemKind::Empty
        );
        assert_eq!(
            decode_text(b"PK\x03\x04\x00\x00").unwrap_err().kind,
            ProblemKind::NotText
        );
        let huge = vec![b'a'; MAX_TEXT_BYTES + 1];
        assert!(matches!(
            decode_text(&huge).unwrap_err().kind,
            ProblemKind::TooLarge { .. }
        ));
    }

    #[test]
    fn a_character_shift_jis_cannot_hold_is_reported_by_line() {
        let problem = encode_text("a\r\nb😀\r\n", TextEncoding::ShiftJis).unwrap_err();
        assert_eq!(problem.line, Some(2));
        assert_eq!(problem.kind, ProblemKind::NotInShiftJis { character: '😀' });
    }
}
