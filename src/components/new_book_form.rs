//! The create-book form, on the book list and on its own page.

use crate::app::library;
use crate::components::{use_toasts, SettingsForm, SettingsMode};
use crate::i18n::{store_error, use_i18n};
use kura_core::book::{create_book, SettingsInput};
use kura_core::sync::{chain, HlcClock};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::platform;
use crate::routes::BookScreen;

/// The create-book form. On success the book exists in IndexedDB with its
/// settings, the browser was asked for persistent storage, and the app shows
/// the new book.
#[component]
pub fn NewBookForm() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let initial = SettingsInput {
        locale: i18n.locale.get_untracked(),
        ..SettingsInput::default()
    };
    let on_submit = Callback::new(move |input: SettingsInput| {
        let chosen_locale = input.locale;
        let book_id = platform::new_id();
        let mut clock = HlcClock::new(platform::device_id());
        let mut first = match create_book(
            input,
            book_id,
            &mut platform::new_id,
            platform::write_ctx(&mut clock),
        ) {
            Ok(set) => set,
            Err(invalid) => return error.set(Some(invalid)),
        };
        // The first set of the device's history chain (later ones link in
        // `OpenBook::write`).
        chain::link(&mut first, None);
        error.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match library::create(book_id, &first).await {
                Ok(_) => {
                    // Asked without waiting: Firefox answers by asking the user,
                    // and an unanswered prompt never settles. The answer is shown,
                    // with what it means, on Settings → Data.
                    spawn_local(async {
                        platform::request_persistent_storage().await;
                    });
                    i18n.locale.set(chosen_locale);
                    navigate(&BookScreen::Settings.path(book_id), Default::default());
                }
                Err(failure) => {
                    toasts.error(store_error(&failure, i18n.locale.get_untracked()));
                    busy.set(false);
                }
            }
        });
    });
    view! {
        <section class="kura-card">
            <h1>{move || i18n.t().create_title}</h1>
            <p class="kura-muted">{move || i18n.t().create_intro}</p>
            <SettingsForm initial mode=SettingsMode::Create error busy on_submit />
        </section>
    }
}
