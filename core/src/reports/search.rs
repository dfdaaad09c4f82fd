//! Searching entries by date range, amount range, partner and text, the criteria
//! combined: what the electronic bookkeeping law (電子帳簿保存法) requires.

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
    /// Part of the partner's name (case-insensitive).
    pub partner: Option<String>,
    /// Part of the description, the partner or any line memo (case-insensitive).
    pub text: Option<String>,
}

fn needle(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
}

/// Whether `haystack` contains the (lower-cased) needle, ignoring case.
fn contains(haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        return haystack
            .as_bytes()
            .windows(needle.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    }
    haystack.to_lowercase().contains(needle)
}

/// The ids of the entries matching every given criterion, in date order.
/// Drafts are included (the journal screen lists them, marked).
pub fn search_entries(book: &Book, query: &EntrySearch) -> Vec<RecordId> {
    let from = query.from.unwrap_or(NaiveDate::MIN);
    let to = query.to.unwrap_or(NaiveDate::MAX);
    let partner = needle(&query.partner);
    let text = needle(&query.text);
    let matches = |entry: &JournalEntry| -> bool {
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
                || entry.lines().iter().any(|l| contains(&l.memo, text));
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
