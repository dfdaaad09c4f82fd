//! The notice every screen of a book shows while the book holds records
//! beyond Kura's limits (`kura_core::money::limits`), written by an earlier
//! version: what each record is, what is beyond its limit, how it is repaired,
//! and a link to where that is done. The book keeps such records out of every
//! report (`Book::out_of_range`), so the screens work; this says why a record
//! is missing from them and lets the user repair it. A stock move not made by
//! a document has no page of its own: it is reversed from here.

use kura_core::book::{Book, OutOfRange, Record};
use kura_core::ids::RecordId;
use kura_core::inventory::reverse_move;
use kura_core::ledger::EntryStatus;
use kura_core::locale::{format_date, Locale};
use kura_core::trade::DocumentStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::use_toasts;
use crate::app::{OpenBook, WriteError};
use crate::i18n::{inventory_error, limit_error, store_error, use_i18n, Messages};
use crate::platform;
use crate::routes::BookScreen;

/// The notice for `book`, as the shell mounts it on every screen of a book.
pub fn out_of_range_notice(book: OpenBook) -> impl IntoView {
    view! { <OutOfRangeNotice book /> }
}

/// Where a record is repaired.
#[derive(Clone, Debug, PartialEq)]
enum Repair {
    /// On the screen at this path.
    At(String),
    /// A stock move not made by a document: reversed from the notice.
    ReverseMove,
    /// Nowhere to go (a payment that settles nothing).
    Nowhere,
}

/// One record as the notice lists it.
#[derive(Clone, Debug, PartialEq)]
struct Listed {
    record: OutOfRange,
    /// What the record is: its date and description, its number, its code.
    label: String,
    repair: Repair,
    /// A draft entry or document (deleted, not reversed).
    draft: bool,
}

#[component]
fn OutOfRangeNotice(book: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let listed = Memo::new(move |_| {
        let locale = i18n.locale();
        book.book.with(|b| {
            b.out_of_range()
                .into_iter()
                .map(|record| listed(b, book.id, record, locale, i18n.t()))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let rows = listed.get();
        (!rows.is_empty()).then(|| {
            let t = i18n.t();
            let items = rows
                .into_iter()
                .map(|row| view! { <NoticeRow row book /> })
                .collect_view();
            view! {
                <section class="kura-limits-notice" role="status" aria-labelledby="limits-notice-title"
                    data-testid="out-of-range-notice">
                    <h2 id="limits-notice-title">{t.lim_notice_title}</h2>
                    <p>{t.lim_notice_intro}</p>
                    <ul class="kura-limits-notice__list">{items}</ul>
                </section>
            }
        })
    }
}

#[component]
fn NoticeRow(row: Listed, book: OpenBook) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let locale = i18n.locale();
    let Listed {
        record,
        label,
        repair,
        draft,
    } = row;
    let kind = (t.lim_record_kind)(record.key.kind);
    let name = format!("{kind} {label}");
    let link = match &repair {
        Repair::At(href) => {
            view! { <a href=href.clone() data-testid="out-of-range-link">{name}</a> }.into_any()
        }
        Repair::ReverseMove | Repair::Nowhere => view! { <span>{name}</span> }.into_any(),
    };
    let reverse =
        (repair == Repair::ReverseMove).then(|| view! { <ReverseMove book id=record.key.id /> });
    view! {
        <li data-testid="out-of-range-record" data-record=record.key.id.to_string()>
            {link}
            <span class="kura-limits-notice__what">{limit_error(&record.error, locale)}</span>
            <span class="kura-muted">{(t.lim_repair_hint)(record.key.kind, draft)}</span>
            {reverse}
        </li>
    }
}

/// Reverses a stock move beyond the limits (`kura_core::inventory::reverse_move`).
#[component]
fn ReverseMove(book: OpenBook, id: RecordId) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let reverse = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            let result = book
                .write(|b, ctx| reverse_move(b, id, &mut platform::new_id, ctx))
                .await;
            busy.set(false);
            match result {
                Ok(()) => toasts.success(i18n.t().lim_move_reversed.to_string()),
                Err(WriteError::Invalid(e)) => toasts.error(inventory_error(&e, locale)),
                Err(WriteError::Store(e)) => toasts.error(store_error(&e, locale)),
            }
        });
    };
    view! {
        <button type="button" class="kura-button" data-testid="out-of-range-reverse-move"
            disabled=move || busy.get() on:click=reverse>
            {move || i18n.t().lim_reverse_move}
        </button>
    }
}

/// What the notice says of one record, and where it links.
fn listed(
    book: &Book,
    book_id: RecordId,
    record: OutOfRange,
    locale: Locale,
    t: &Messages,
) -> Listed {
    let base = BookScreen::Home.path(book_id);
    let id = record.key.id;
    let at = |path: String| Repair::At(format!("{base}/{path}"));
    let (label, repair, draft) = match book.record(&record.key) {
        Some(Record::JournalEntry(e)) => (
            format!("{} {}", format_date(e.date(), locale), e.description()),
            at(format!("journal/{id}")),
            e.status() == EntryStatus::Draft,
        ),
        Some(Record::Document(d)) => (
            format!(
                "{} {}",
                (t.doc_kind_name)(d.kind),
                d.number.clone().unwrap_or_else(|| t.doc_draft.to_string())
            ),
            at(format!("documents/{id}")),
            d.status == DocumentStatus::Draft,
        ),
        Some(Record::Payment(p)) => (
            format_date(p.date, locale),
            // A payment has no page of its own: its documents show it.
            p.allocations
                .first()
                .map_or(Repair::Nowhere, |a| at(format!("documents/{}", a.document))),
            false,
        ),
        Some(Record::Item(i)) => (
            format!("{} {}", i.code, i.name),
            at(format!("items/{id}/edit")),
            false,
        ),
        Some(Record::StockMove(m)) => (
            format_date(m.date, locale),
            m.document
                .map_or(Repair::ReverseMove, |d| at(format!("documents/{d}"))),
            false,
        ),
        Some(Record::Stocktake(s)) => (
            format_date(s.date, locale),
            at(format!("stocktakes/{id}")),
            false,
        ),
        _ => (String::new(), at("closing".to_string()), false),
    };
    Listed {
        record,
        label,
        repair,
        draft,
    }
}
