//! `/books/<id>/data` (Settings → Data): how much the browser stores, whether it
//! promised to keep it, and when the book was last backed up.

use kura_core::locale::format_bytes;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::files_nav::{FilesTab, FilesTabs};
use crate::app::use_open_book;
use crate::i18n::use_i18n;
use crate::platform;

#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    // `None` while the browser has not answered yet.
    let estimate = RwSignal::new(None::<Option<(u64, u64)>>);
    let persisted = RwSignal::new(None::<bool>);
    spawn_local(async move {
        estimate.set(Some(platform::storage_estimate().await));
        persisted.set(Some(platform::is_storage_persisted().await));
    });
    let ask_again = move |_| {
        spawn_local(async move {
            persisted.set(Some(platform::request_persistent_storage().await));
        });
    };
    let t = move || i18n.t();
    let size = move |pick: fn((u64, u64)) -> u64| {
        move || match estimate.get() {
            None => t().loading.to_string(),
            Some(None) => t().storage_unknown.to_string(),
            Some(Some(figures)) => format_bytes(pick(figures)),
        }
    };
    let device = platform::device_id().to_string();

    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Backup />
            <h1>{move || t().data_title}</h1>
            <section class="kura-card">
                <h2>{move || t().storage_heading}</h2>
                <dl class="kura-facts">
                    <dt>{move || t().storage_used}</dt>
                    <dd class="kura-num" data-testid="storage-used">{size(|(used, _)| used)}</dd>
                    <dt>{move || t().storage_available}</dt>
                    <dd class="kura-num" data-testid="storage-available">
                        {size(|(used, quota)| quota.saturating_sub(used))}
                    </dd>
                </dl>
            </section>
            <section class="kura-card">
                <h2>{move || t().persist_heading}</h2>
                <p data-testid="persist-status">
                    {move || match persisted.get() {
                        None => t().loading,
                        Some(true) => t().persist_granted,
                        Some(false) => t().persist_denied,
                    }}
                </p>
                <Show when=move || persisted.get() == Some(false)>
                    <p class="kura-muted">{move || t().persist_explain}</p>
                    <button type="button" class="kura-button" on:click=ask_again>
                        {move || t().persist_ask_again}
                    </button>
                </Show>
            </section>
            <section class="kura-card">
                <h2>{move || t().backup_heading}</h2>
                <dl class="kura-facts">
                    <dt>{move || t().last_backup}</dt>
                    <dd data-testid="last-backup">{move || t().no_backup_yet}</dd>
                </dl>
            </section>
            <section class="kura-card">
                <h2>{move || t().book_facts_heading}</h2>
                <dl class="kura-facts">
                    <dt>{move || t().change_sets_stored}</dt>
                    <dd class="kura-num">{move || open.book.with(|b| b.change_set_count())}</dd>
                    <dt>{move || t().device_id}</dt>
                    <dd class="kura-code">{device}</dd>
                </dl>
            </section>
        </div>
    }
}
