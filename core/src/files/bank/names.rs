//! Transfer names made comparable. A bank writes the payer of a transfer in
//! half-width katakana without small letters or long marks, after a word such as
//! フリコミ and with the company type abbreviated (`ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ`); a partner's
//! reading is typed in hiragana or katakana (`やまだしょうじ`). Both sides are
//! brought to one form before comparing.

/// The comparable form of a name or statement description: full-width katakana
/// (hiragana and half-width katakana converted, voiced marks joined), small kana
/// made large, long marks, spaces and punctuation dropped, ASCII lower case, and
/// the transfer words and company types removed.
pub fn normalize_name(text: &str) -> String {
    let mut kana = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = full_width(c);
        let voiced = match chars.peek().copied() {
            Some('ﾞ' | '゛' | '\u{3099}') => voice(c, 1),
            Some('ﾟ' | '゜' | '\u{309A}') => voice(c, 2),
            _ => None,
        };
        if let Some(v) = voiced {
            chars.next();
            kana.push(v);
        } else {
            kana.push(large(katakana(c)));
        }
    }
    let mut text = kana;
    for word in NOISE {
        text = text.replace(word, "");
    }
    text.chars()
        .filter(|c| c.is_alphanumeric() && !matches!(c, 'ー'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words that say how money moved or what kind of company sent it, not who.
/// Longest first, so `カブシキガイシヤ` goes before its parts. Matched after the
/// conversion to large full-width katakana.
const NOISE: [&str; 20] = [
    "カブシキガイシヤ",
    "ユウゲンガイシヤ",
    "ゴウドウガイシヤ",
    "株式会社",
    "有限会社",
    "合同会社",
    "フリコミ",
    "振込",
    "(カ)",
    "(ユ)",
    "(ド)",
    "(カ",
    "カ)",
    "(ユ",
    "ユ)",
    "(株)",
    "(有)",
    "(同)",
    "㈱",
    "㈲",
];

/// Half-width katakana and full-width ASCII to their full-width / ASCII forms.
fn full_width(c: char) -> char {
    const HALF: &str = "｡｢｣､･ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
    const FULL: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FF61}'..='\u{FF9D}' => HALF
            .chars()
            .position(|h| h == c)
            .and_then(|i| FULL.chars().nth(i))
            .unwrap_or(c),
        _ => c,
    }
}

/// A katakana with its voiced (`step` 1: ガ) or semi-voiced (`step` 2: パ) mark,
/// if it has one.
fn voice(c: char, step: u32) -> Option<char> {
    let c = katakana(c);
    let voiceable = match step {
        1 => "カキクケコサシスセソタチツテトハヒフヘホ".contains(c),
        _ => "ハヒフヘホ".contains(c),
    };
    if c == 'ウ' && step == 1 {
        return Some('ヴ');
    }
    voiceable.then(|| char::from_u32(c as u32 + step)).flatten()
}

/// Hiragana to katakana.
fn katakana(c: char) -> char {
    match c {
        'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Small kana to large: banks cannot print small letters (ショウジ is シヨウジ).
fn large(c: char) -> char {
    const SMALL: &str = "ァィゥェォッャュョヮヵヶ";
    const LARGE: &str = "アイウエオツヤユヨワカケ";
    SMALL
        .chars()
        .position(|s| s == c)
        .and_then(|i| LARGE.chars().nth(i))
        .unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_name_meets_the_partner_reading() {
        let statement = normalize_name("ﾌﾘｺﾐ ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ");
        assert_eq!(statement, "ヤマダシヨウジ");
        assert_eq!(normalize_name("やまだしょうじ"), statement);
        assert_eq!(normalize_name("ヤマダ ショウジ"), statement);
        assert_eq!(
            normalize_name("ｶ)ﾀﾅｶｺｳﾑﾃﾝ"),
            normalize_name("たなかこうむてん")
        );
        assert_eq!(normalize_name("ﾊﾟｰｸ ｺｰﾎﾟ"), "パクコポ");
    }

    #[test]
    fn names_in_kanji_and_latin_letters_keep_their_letters() {
        assert_eq!(normalize_name("山田商事株式会社"), "山田商事");
        assert_eq!(normalize_name("㈱山田商事"), "山田商事");
        assert_eq!(normalize_name("ＡＢＣ Trading"), "abctrading");
        assert_eq!(normalize_name("振込 ＮＴＴ"), "ntt");
    }
}
