//! `/books/<id>/settings`: the open book's settings.

use kura_core::book::update_settings;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{use_open_book, WriteError};
use crate::components::{use_toasts, SettingsForm, SettingsMode};
use crate::i18n::{store_error, use_i18n};
use crate::routes::BookScreen;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = use_open_book();
    let error = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let settings = Memo::new(move |_| open.book.with(|b| b.settings().cloned()));

    let on_submit = Callback::new(move |input: kura_core::book::SettingsInput| {
        // The header's switch is this browser's choice; the book's language only
        // takes over the UI when the user changes it here.
        let stored_locale = settings.get_untracked().map(|s| s.locale);
        let new_locale = (stored_locale != Some(input.locale)).then_some(input.locale);
        busy.set(true);
        spawn_local(async move {
            match open
                .write(|book, ctx| update_settings(book, input, ctx))
                .await
            {
                Ok(()) => {
                    error.set(None);
                    if let Some(locale) = new_locale {
                        i18n.locale.set(locale);
                    }
                    toasts.success(i18n.t().saved.to_string());
                }
                Err(WriteError::Invalid(invalid)) => error.set(Some(invalid)),
                Err(WriteError::Store(failure)) => {
                    toasts.error(store_error(&failure, i18n.locale.get_untracked()))
                }
            }
            busy.set(false);
        });
    });

    view! {
        <div class="kura-page">
            <section class="kura-card">
                <h1>{move || i18n.t().settings_title}</h1>
                // Rebuilt when the settings change (in this tab or another), so the
                // form never saves values older than what is stored.
                {move || {
                    settings
                        .get()
                        .map(|s| {
                            view! {
                                <SettingsForm initial=s.to_input() mode=SettingsMode::Edit error busy on_submit />
                            }
                        })
                }}
            </section>
            <p><a href=BookScreen::Profile.path(open.id) data-testid="profile-link">{move || i18n.t().bp_settings_link}</a></p>
        </div>
    }
}
