//! Searching entries by date range, amount range, partner and text, the criteria
//! combined: what the electronic bookkeeping law (電子帳簿保存法) requires.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::Book;
use crate::ids::RecordId;
use crate::ledger::JournalEntry;

/// What to search for. Every criterion given must hold (AND); an empty search
/// finds every entry.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EntrySearch {
    /// First day, included.
    pub from: Option<NaiveDate>,
    /// Last day, included.
    pub to: Option<NaiveDate>,
    /// Smallest entry total (the debit side), included.
    pub min_amount: Option<Decimal>,
    /// Largest entry total, included.
    pub max_amount: Option<Decimal>,
    /// Part of the partner's name (ignoring case and full/half width).
    pub partner: Option<String>,
    /// Part of the description, the partner, any line memo or the name of an
    /// attached file (ignoring case and full/half width).
    pub text: Option<String>,
    /// Only entries with at least one attachment (evidence) kept.
    #[serde(default)]
    pub with_attachments: bool,
}

/// A character as search compares it: full-width ASCII (ＡＢＣ１２３) as its
/// half-width form, the ideographic space as a space, then lower-cased (one
/// character to one, so no allocation is needed).
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Text as partner search compares it: [`fold`]ed, with kana folded too, so a
/// name typed in hiragana, katakana or the half-width kana bank transfers use
/// (ﾔﾏﾀﾞ) reads the same: all kana become full-width katakana, small kana
/// large (bank names have none: ｷﾖｳ for キョウ), and a separate voicing mark
/// joins the kana before it (ﾀﾞ is ダ).
pub(crate) fn fold_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(|c| fold_kana(fold(c))) {
        let voiced = match c {
            '\u{3099}' | '\u{309B}' => out.chars().last().and_then(|p| voice(p, 1)),
            '\u{309A}' | '\u{309C}' => out.chars().last().and_then(|p| voice(p, 2)),
            _ => None,
        };
        if let Some(v) = voiced {
            out.pop();
            out.push(v);
        } else {
            out.push(c);
        }
    }
    out
}

/// Half-width katakana U+FF61..=U+FF9F in full width, in code point order.
const HALF_WIDTH_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

/// A kana as full-width, large katakana.
fn fold_kana(c: char) -> char {
    let c = match c {
        '\u{FF61}'..='\u{FF9F}' => HALF_WIDTH_KANA
            .chars()
            .nth(c as usize - 0xFF61)
            .unwrap_or(c),
        'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    };
    match c {
        'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' => {
            char::from_u32(c as u32 + 1).unwrap_or(c)
        }
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        _ => c,
    }
}

/// The katakana `c` with a voicing mark: `step` 1 for ゛ (カ → ガ), 2 for ゜
/// (ハ → パ); `None` if it takes no such mark.
fn voice(c: char, step: u32) -> Option<char> {
    let code = c as u32;
    match (c, step) {
        ('ウ', 1) => Some('ヴ'),
        ('カ'..='チ', 1) if (code - 0x30AB).is_multiple_of(2) => char::from_u32(code + 1),
        ('ツ' | 'テ' | 'ト', 1) => char::from_u32(code + 1),
        ('ハ'..='ホ', _) if (code - 0x30CF).is_multiple_of(3) => char::from_u32(code + step),
        _ => None,
    }
}

/// The needle, folded, or `None` if blank.
pub(super) fn needle(text: &Option<String>) -> Option<Vec<char>> {
    let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    Some(text.chars().map(fold).collect())
}

/// Whether `haystack` contains the folded needle, comparing folded characters.
pub(super) fn contains(haystack: &str, needle: &[char]) -> bool {
    let Some(&first) = needle.first() else {
        return true;
    };
    for (at, c) in haystack.char_indices() {
        if fold(c) != first {
            continue;
        }
        let mut tail = haystack[at..].chars().skip(1);
        if needle[1..]
            .iter()
            .all(|n| tail.next().is_some_and(|c| fold(c) == *n))
        {
            return true;
        }
    }
    false
}

/// Whether `value` is within the range, both ends included; an end not given
/// does not limit it. The entry and evidence searches compare dates and
/// amounts by it.
pub(super) fn in_range<T: PartialOrd>(value: T, min: Option<T>, max: Option<T>) -> bool {
    min.is_none_or(|min| value >= min) && max.is_none_or(|max| value <= max)
}

/// The ids of the entries matching every given criterion, in date order.
/// Drafts are included (the journal screen lists them, marked).
pub fn search_entries(book: &Book, query: &EntrySearch) -> Vec<RecordId> {
    let from = query.from.unwrap_or(NaiveDate::MIN);
    let to = query.to.unwrap_or(NaiveDate::MAX);
    let partner = needle(&query.partner);
    let text = needle(&query.text);
    // Built once per search, and only when a criterion looks at attachments.
    let attachments = if text.is_some() || query.with_attachments {
        book.kept_attachments_by_entry()
    } else {
        HashMap::new()
    };
    let matches = |entry: &JournalEntry| -> bool {
        let attached = attachments.get(&entry.id()).map_or(&[][..], Vec::as_slice);
        if query.with_attachments && attached.is_empty() {
            return false;
        }
        if (query.min_amount.is_some() || query.max_amount.is_some())
            && !in_range(entry.total(), query.min_amount, query.max_amount)
        {
            return false;
        }
        if let Some(partner) = &partner {
            if !entry.partner().is_some_and(|p| contains(p, partner)) {
                return false;
            }
        }
        if let Some(text) = &text {
            let found = contains(entry.description(), text)
                || entry.partner().is_some_and(|p| contains(p, text))
                || entry.lines().iter().any(|l| contains(&l.memo, text))
                || attached.iter().any(|a| contains(&a.file_name, text));
            if !found {
                return false;
            }
        }
        true
    };
    book.entries_between(from, to)
        .filter(|e| matches(e))
        .map(JournalEntry::id)
        .collect()
}
