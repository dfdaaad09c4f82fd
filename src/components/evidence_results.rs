//! The evidence tab of the journal's search: the files themselves, each found
//! by its own transaction date, amount and partner or, where it has none, its
//! entry's (`kura_core::reports::search_evidence`), with a link to its entry
//! and a download. Files are only downloaded here, whatever their kind, so no
//! page or message a file holds is ever rendered.

use kura_core::ids::RecordId;
use kura_core::locale::{format_bytes, format_date, format_money};
use kura_core::reports::{search_evidence, EvidenceRow, EvidenceSearch};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::app::{use_open_book, OpenBook};
use crate::components::{use_toasts, Column, DataTable, Toasts};
use crate::i18n::{store_error, use_i18n, I18n};
use crate::platform;
use crate::routes::BookScreen;

/// Downloads a kept file's bytes under its name.
fn download(open: OpenBook, i18n: I18n, toasts: Toasts, id: RecordId, name: String) {
    spawn_local(async move {
        let locale = i18n.locale.get_untracked();
        match open.read_attachment(id).await {
            Ok(Some(blob)) => platform::download_blob(&name, &blob),
            Ok(None) => toasts.error(crate::i18n::messages(locale).att_missing.to_string()),
            Err(error) => toasts.error(store_error(&error, locale)),
        }
    });
}

/// The files `query` finds, by date.
#[component]
pub fn EvidenceResults(query: Signal<EvidenceSearch>) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let t = move || i18n.t();
    let rows = Signal::derive(move || query.with(|q| open.book.with(|b| search_evidence(b, q))));
    let currency = Signal::derive(move || open.book.with(|b| b.currency()));
    let own = move |own: bool| {
        (!own).then(
            || view! { " " <span class="kura-muted">{move || i18n.t().att_from_entry}</span> },
        )
    };
    let columns = vec![
        Column::text(
            move || t().att_key_date.to_string(),
            move |r: &EvidenceRow| {
                let (date, mine) = (r.date, r.own_date);
                view! { {move || format_date(date, i18n.locale())} {own(mine)} }
            },
        )
        .sortable_by_key(|r: &EvidenceRow| r.date),
        Column::text(
            move || t().ev_file.to_string(),
            move |r: &EvidenceRow| {
                let (id, name) = (r.attachment_id, r.file_name.clone());
                let facts = format!("{} · {}", r.media_type.label(), format_bytes(r.size));
                let label = name.clone();
                let removed = r.removed.then(|| {
                    view! { " " <span class="kura-badge kura-badge--muted" data-testid="evidence-removed">{move || i18n.t().ev_removed}</span> }
                });
                view! {
                    <span data-testid="evidence-file-name">{label}</span>
                    {removed}
                    <br />
                    <span class="kura-muted">{facts}</span>
                    " "
                    <button type="button" class="kura-button" data-testid="evidence-download"
                        on:click=move |_| download(open, i18n, toasts, id, name.clone())>
                        {move || i18n.t().att_download}
                    </button>
                }
            },
        )
        .sortable_by(|a: &EvidenceRow, b: &EvidenceRow| a.file_name.cmp(&b.file_name)),
        Column::text(
            move || t().att_key_partner.to_string(),
            move |r: &EvidenceRow| {
                let (partner, mine) = (r.partner.clone().unwrap_or_default(), r.own_partner);
                view! { {partner} {own(mine)} }
            },
        ),
        Column::numeric(
            move || t().att_key_amount.to_string(),
            move |r: &EvidenceRow| {
                let (amount, mine) = (r.amount, r.own_amount);
                view! { {own(mine)} " " {move || format_money(amount, currency.get(), i18n.locale())} }
            },
        )
        .sortable_by_key(|r: &EvidenceRow| r.amount),
        Column::text(
            move || t().ev_entry.to_string(),
            move |r: &EvidenceRow| {
                let href = BookScreen::Entry(r.entry_id).path(open.id);
                let description = open.book.with_untracked(|b| {
                    b.entry(r.entry_id)
                        .map(|e| e.description().to_string())
                        .unwrap_or_default()
                });
                view! {
                    <a href=href data-testid="evidence-entry" title=move || i18n.t().ev_open_entry>
                        {description}
                    </a>
                }
            },
        ),
    ];
    let activate = Callback::new(move |r: EvidenceRow| {
        navigate(
            &BookScreen::Entry(r.entry_id).path(open.id),
            NavigateOptions::default(),
        );
    });
    view! {
        <p class="kura-muted" role="status" data-testid="evidence-count">
            {move || rows.with(|r| if r.is_empty() { t().ev_none.to_string() } else { (t().ev_count)(r.len()) })}
        </p>
        <DataTable
            rows
            columns
            row_key=|r: &EvidenceRow| r.attachment_id.to_string()
            row_test_id="evidence-row"
            on_activate=activate
            label=Signal::derive(move || t().search_tab_evidence.to_string())
        />
    }
}
