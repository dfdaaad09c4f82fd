//! The rescue mode: what the crash screen's "Save a backup" reloads into
//! (`/?rescue=<book id>`). It opens the book and offers only its backup: no
//! routes, no shell, no screens, so a book whose data breaks a screen can
//! still be saved whole.

use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::OpenBook;
use crate::components::{back_up_now, backup_error};
use crate::i18n::{store_error, I18n};
use crate::platform;
use crate::routes::{self, BookScreen};

/// The whole page in rescue mode.
#[component]
pub fn RescueApp(book_id: RecordId) -> impl IntoView {
    let locale = RwSignal::new(platform::preferred_locale());
    Effect::new(move || platform::apply_locale(locale.get()));
    let i18n = I18n { locale };
    provide_context(i18n);
    let t = move || i18n.t();
    let opened = RwSignal::new(None::<Result<OpenBook, StoreError>>);
    spawn_local(
        async move { opened.set(Some(OpenBook::open(book_id).await.map(|(open, _)| open))) },
    );
    let progress = RwSignal::new(None::<(usize, usize)>);
    // `Some(Ok)` once a backup is saved, `Some(Err(message))` if it failed.
    let outcome = RwSignal::new(None::<Result<(), String>>);
    let back_up = move |_| {
        let Some(Ok(open)) = opened.get_untracked() else {
            return;
        };
        outcome.set(None);
        progress.set(Some((0, 1)));
        spawn_local(async move {
            let saved = back_up_now(open, "", progress).await;
            progress.set(None);
            let locale = locale.get_untracked();
            outcome.set(Some(saved.map(drop).map_err(|e| backup_error(&e, locale))));
        });
    };
    let book = move |open: OpenBook| {
        let name = open
            .book
            .with(|b| b.settings().map(|s| s.name.clone()).unwrap_or_default());
        view! {
            <dl class="kura-facts">
                <dt>{move || t().rescue_book}</dt>
                <dd data-testid="rescue-book-name">{name}</dd>
            </dl>
            <button type="button" class="kura-button kura-button--primary" data-testid="rescue-backup"
                on:click=back_up disabled=move || progress.get().is_some()>
                {move || t().backup_now}
            </button>
            {move || match outcome.get() {
                None if progress.get().is_some() => {
                    view! { <p role="status">{t().backup_writing}</p> }.into_any()
                }
                None => ().into_any(),
                Some(Ok(())) => {
                    view! { <p role="status" data-testid="rescue-saved">{t().backup_saved}</p> }.into_any()
                }
                Some(Err(message)) => {
                    view! { <p class="kura-error" role="alert">{message}</p> }.into_any()
                }
            }}
        }
    };
    view! {
        <main class="kura-page kura-rescue" data-testid="rescue">
            <h1>{move || t().rescue_title}</h1>
            <p>{move || t().rescue_intro}</p>
            <section class="kura-card">
                {move || match opened.get() {
                    None => view! { <p class="kura-muted" aria-busy="true">{t().loading}</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <p class="kura-error" role="alert" data-testid="store-error">
                            {move || store_error(&error, locale.get())}
                        </p>
                    }
                    .into_any(),
                    Some(Ok(open)) => book(open).into_any(),
                }}
            </section>
            <p class="kura-rescue__links">
                <a href=BookScreen::Home.path(book_id)>{move || t().rescue_open_book}</a>
                <a href=routes::BOOK_LIST>{move || t().back_to_books}</a>
            </p>
        </main>
    }
}
