//! The frame around every screen: a header with the open book and the language
//! switch, the navigation, and the main area. Areas appear in the navigation
//! only when they work.

use kura_core::locale::Locale;
use kura_core::trade::TradeSide;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use super::OpenBook;
use crate::components::SetAsideNotice;
use crate::i18n::{use_i18n, Messages};
use crate::routes::{self, BookScreen};

/// The text of a navigation link, in the current language.
type AreaLabel = fn(&Messages) -> &'static str;

/// The areas of an open book in the navigation, in order: the screen each
/// opens, the link's test id, and its text. An area is listed here once it
/// works.
const BOOK_AREAS: [(BookScreen, &str, AreaLabel); 12] = [
    (BookScreen::Dashboard, "nav-dashboard", |t| t.nav_dashboard),
    (BookScreen::Documents(TradeSide::Sales), "nav-sales", |t| {
        t.nav_sales
    }),
    (
        BookScreen::Documents(TradeSide::Purchase),
        "nav-purchases",
        |t| t.nav_purchases,
    ),
    (BookScreen::Items, "nav-inventory", |t| t.nav_inventory),
    (BookScreen::Receivables, "nav-receivables", |t| {
        t.nav_receivables
    }),
    (BookScreen::Partners, "nav-partners", |t| t.nav_partners),
    (BookScreen::Journal, "nav-journal", |t| t.nav_journal),
    (BookScreen::Accounts, "nav-accounts", |t| t.nav_accounts),
    (BookScreen::Reports, "nav-reports", |t| t.nav_reports),
    (BookScreen::Closing, "nav-closing", |t| t.nav_closing),
    (BookScreen::Settings, "nav-settings", |t| t.nav_settings),
    (BookScreen::Data, "nav-data", |t| t.nav_data),
];

/// Whether the screen at `under` (the path after `/books/<id>/`) belongs to
/// the area at `path`: its own screens, and for the inventory area the other
/// inventory screens too (stock, stocktakes, the inventory settings), for the
/// data area every files screen (sync, bank, CSV, the accountant's formats,
/// e-bookkeeping).
fn in_area(path: &str, under: &str) -> bool {
    let within = |p: &str| under == p || under.starts_with(&format!("{p}/"));
    match path {
        "items" => ["items", "stock", "stocktakes", "inventory"]
            .into_iter()
            .any(within),
        "data" => ["data", "sync", "bank", "csv", "accountant", "e-bookkeeping"]
            .into_iter()
            .any(within),
        _ => within(path),
    }
}

#[component]
pub fn Shell(
    /// The book open in this tab, if any: its name goes in the header and its
    /// screens in the navigation.
    #[prop(optional)]
    book: Option<OpenBook>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let book_name =
        move || book.and_then(|b| b.book.with(|book| book.settings().map(|s| s.name.clone())));
    // On a phone the navigation folds away behind a menu button (the button is
    // hidden on wider screens, where the navigation is always shown); going to
    // another screen folds it again.
    let menu_open = RwSignal::new(false);
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    view! {
        <a class="kura-skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <div class="kura-shell">
            <header class="kura-header">
                <button
                    type="button"
                    class="kura-header__menu"
                    data-testid="nav-menu"
                    aria-controls="kura-nav"
                    aria-expanded=move || if menu_open.get() { "true" } else { "false" }
                    on:click=move |_| menu_open.update(|open| *open = !*open)
                >
                    {move || i18n.t().nav_menu}
                </button>
                <a class="kura-header__brand" href=routes::BOOK_LIST>{move || i18n.t().app_name}</a>
                <span class="kura-header__book" data-testid="open-book-name">{book_name}</span>
                <LanguageSwitch />
            </header>
            <nav
                id="kura-nav"
                class=move || if menu_open.get() { "kura-nav kura-nav--open" } else { "kura-nav" }
                aria-label=move || i18n.t().nav_label
            >
                <A href=routes::BOOK_LIST exact=true attr:data-testid="nav-books">{move || i18n.t().nav_books}</A>
                {book.map(|b| {
                    BOOK_AREAS
                        .iter()
                        .map(|&(path, test_id, label)| {
                            let href = path.path(b.id);
                            let prefix = format!("{}/", BookScreen::Home.path(b.id));
                            let area = href.strip_prefix(&prefix).unwrap_or_default().to_string();
                            let current = move || {
                                let here = location.pathname.get();
                                here.strip_prefix(&prefix).is_some_and(|under| in_area(&area, under))
                            };
                            view! {
                                <a href=href data-testid=test_id
                                    aria-current=move || current().then_some("page")>
                                    {move || label(i18n.t())}
                                </a>
                            }
                        })
                        .collect_view()
                })}
            </nav>
            <main class="kura-main" id="main" tabindex="-1">
                <SetAsideNotice />
                {book.map(crate::components::out_of_range_notice)}
                {children()}
            </main>
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
