//! The screen for a path that is no route.

use leptos::prelude::*;

use crate::app::Shell;
use crate::i18n::use_i18n;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Shell>
            <div class="kura-page">
                <h1>{move || i18n.t().not_found}</h1>
                <p>
                    <a href=routes::BOOK_LIST>{move || i18n.t().back_to_books}</a>
                </p>
            </div>
        </Shell>
    }
}
