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
        if query.min_amount.is_some() || query.max_amount.is_some() {
            let total = entry.total();
            if query.min_amount.is_some_and(|min| total < min)
                || query.max_amount.is_some_and(|max| total > max)
            {
                return false;
            }
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
