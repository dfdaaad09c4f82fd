//! The versions of a record, newest first, each with when and on which device it was written.

use crate::app::use_open_book;
use crate::i18n::use_i18n;
use kura_core::book::{Book, Record, RecordKey};
use kura_core::locale::{format_datetime, Locale};
use leptos::prelude::*;

/// The history list of an entry's page and of a document's page, kept up to
/// date with the book and the language.
pub fn version_list<R: 'static>(
    key: RecordKey,
    pick: for<'a> fn(&'a Record) -> Option<&'a R>,
    describe: for<'a> fn(Option<&'a R>, Option<&'a R>, Locale, &'a Book) -> String,
) -> impl Fn() -> Vec<AnyView> + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    let open = use_open_book();
    move || {
        let locale = i18n.locale();
        open.book
            .with(|book| version_items(book, &key, locale, pick, describe))
    }
}

/// A record's versions, newest first, each as when it was made and what it
/// changed (`describe` compares it with the version before).
fn version_items<'a, R: 'a>(
    book: &'a Book,
    key: &RecordKey,
    locale: Locale,
    pick: impl Fn(&'a Record) -> Option<&'a R>,
    describe: impl Fn(Option<&'a R>, Option<&'a R>, Locale, &'a Book) -> String,
) -> Vec<AnyView> {
    let mut previous: Option<&R> = None;
    let mut out = Vec::new();
    for version in book.history(key) {
        let at = chrono::DateTime::from_timestamp_millis(version.stamp.0.wall_ms as i64)
            .map(|at| format_datetime(at.with_timezone(&chrono::Local).naive_local(), locale))
            .unwrap_or_default();
        let current = version.record.as_deref().and_then(&pick);
        let what = describe(previous, current, locale, book);
        out.push(
            view! {
                <li data-testid="history-item">
                    <time class="kura-history__time">{at}</time>
                    " "
                    <span>{what}</span>
                </li>
            }
            .into_any(),
        );
        previous = current;
    }
    out.reverse();
    out
}
