//! The frame around every screen: a header with the open book and the language
//! switch, the navigation, and the main area. Areas appear in the navigation
//! only when they work.

use kura_core::locale::Locale;
use leptos::prelude::*;
use leptos_router::components::A;

use super::OpenBook;
use crate::i18n::use_i18n;

#[component]
pub fn Shell(
    /// The book open in this tab, if any: its name goes in the header and its
    /// screens in the navigation.
    #[prop(optional)]
    book: Option<OpenBook>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let book_name =
        move || book.and_then(|b| b.book.with(|book| book.settings().map(|s| s.name.clone())));
    view! {
        <a class="kura-skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <div class="kura-shell">
            <header class="kura-header">
                <a class="kura-header__brand" href="/">{move || i18n.t().app_name}</a>
                <span class="kura-header__book" data-testid="open-book-name">{book_name}</span>
                <LanguageSwitch />
            </header>
            <nav class="kura-nav" aria-label=move || i18n.t().nav_label>
                <A href="/" exact=true attr:data-testid="nav-books">{move || i18n.t().nav_books}</A>
                {book.map(|b| view! {
                    <A href=format!("/books/{}/dashboard", b.id) attr:data-testid="nav-dashboard">
                        {move || i18n.t().nav_dashboard}
                    </A>
                    <A href=format!("/books/{}/journal", b.id) attr:data-testid="nav-journal">
                        {move || i18n.t().nav_journal}
                    </A>
                    <A href=format!("/books/{}/accounts", b.id) attr:data-testid="nav-accounts">
                        {move || i18n.t().nav_accounts}
                    </A>
                    <A href=format!("/books/{}/reports", b.id) attr:data-testid="nav-reports">
                        {move || i18n.t().nav_reports}
                    </A>
                    <A href=format!("/books/{}/settings", b.id) attr:data-testid="nav-settings">
                        {move || i18n.t().nav_settings}
                    </A>
                    <A href=format!("/books/{}/data", b.id) attr:data-testid="nav-data">
                        {move || i18n.t().nav_data}
                    </A>
                })}
            </nav>
            <main class="kura-main" id="main" tabindex="-1">{children()}</main>
        </div>
    }
}

/// Switches the UI language; the choice is remembered in this browser.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="kura-header__language">
            <span class="kura-visually-hidden">{move || i18n.t().language}</span>
            <select
                data-testid="language-switch"
                prop:value=move || i18n.locale().tag()
                on:change=move |ev| {
                    if let Ok(locale) = event_target_value(&ev).parse::<Locale>() {
                        i18n.locale.set(locale);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.tag()>{l.native_name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
