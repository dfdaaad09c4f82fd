//! Lower-case hexadecimal, the text form of every digest Kura writes (a book
//! file's checksums and chain, an attachment's SHA-256, a change set's link).

/// `bytes` as lower-case hex, two digits a byte.
pub fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// The bytes `text` spells in hex (either case), or `None` when it is not an
/// even number of hex digits. Nothing else is taken: no sign, no spaces.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let digit = |d: u8| char::from(d).to_digit(16).map(|d| d as u8);
    digits
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_what_is_not_hex() {
        assert_eq!(encode(&[0x00, 0xab, 0x7f]), "00ab7f");
        assert_eq!(decode("00ab7f"), Some(vec![0x00, 0xab, 0x7f]));
        assert_eq!(decode("00AB7F"), Some(vec![0x00, 0xab, 0x7f]));
        assert_eq!(decode(""), Some(vec![]));
        for bad in ["0", "+f", "0g", " 0", "é0", "0x"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}
