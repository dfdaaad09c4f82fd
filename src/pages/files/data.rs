//! `/books/<id>/data` (Settings → Data): the book's backups (`components::backup`),
//! its history check, how much the browser stores and whether it promised to
//! keep it, what this browser lacks, and the book's facts.

use kura_core::locale::format_bytes;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::use_open_book;
use crate::components::{BackupCard, FilesTab, FilesTabs, HistoryCard, LastCheck, WebKitEviction};
use crate::i18n::{use_i18n, I18n};
use crate::platform::{self, Persistence, Reduced};

#[component]
pub fn DataPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_open_book();
    provide_context(LastCheck(RwSignal::new(None)));
    // `None` while the browser has not answered yet.
    let estimate = RwSignal::new(None::<Option<(u64, u64)>>);
    let persisted = RwSignal::new(None::<Persistence>);
    spawn_local(async move {
        estimate.set(Some(platform::storage_estimate().await));
        persisted.set(Some(platform::storage_persistence().await));
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
    let device = open.device().to_string();

    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Backup />
            <h1>{move || t().data_title}</h1>
            <BackupCard />
            <HistoryCard />
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
                        Some(Persistence::Granted) => t().persist_granted,
                        Some(Persistence::Refused) => t().persist_denied,
                        Some(Persistence::Unknown) => t().storage_unknown,
                    }}
                </p>
                <Show when=move || persisted.get() == Some(Persistence::Refused)>
                    <p class="kura-muted">{move || t().persist_explain}</p>
                    <button type="button" class="kura-button" on:click=ask_again>
                        {move || t().persist_ask_again}
                    </button>
                </Show>
            </section>
            <BrowserCard />
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

/// What this browser lacks of the APIs Kura can use, each with what the user
/// gets instead, and, in WebKit, its rule of seven days.
#[component]
fn BrowserCard() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || i18n.t();
    let reduced = platform::reduced_features();
    let complete = reduced.is_empty();
    let items = reduced
        .into_iter()
        .map(|feature| {
            let text = move || reduced_text(feature, i18n);
            view! { <li data-feature=feature.key()>{text}</li> }
        })
        .collect_view();
    view! {
        <section class="kura-card" data-testid="browser-card">
            <h2>{move || t().browser_heading}</h2>
            <WebKitEviction />
            {if complete {
                view! { <p data-testid="browser-complete">{move || t().browser_complete}</p> }
                    .into_any()
            } else {
                view! {
                    <p>{move || t().browser_reduced_intro}</p>
                    <ul class="kura-browser__reduced" data-testid="reduced-features">{items}</ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// What the user gets without `feature`.
fn reduced_text(feature: Reduced, i18n: I18n) -> &'static str {
    let t = i18n.t();
    match feature {
        Reduced::StorageManager => t.reduced_storage,
        Reduced::BackupFolder => t.reduced_backup_folder,
        Reduced::WebLocks => t.reduced_locks,
        Reduced::TabChannel => t.reduced_tabs,
        Reduced::Offline => t.reduced_offline,
    }
}
