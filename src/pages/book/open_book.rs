//! `/books/<id>/…`: opens the book once, then shows its screens inside the shell.

use kura_core::ids::RecordId;
use kura_core::store::StoreError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use crate::app::{OpenBook, Shell};
use crate::components::SetAsideParts;
use crate::i18n::{store_error, use_i18n};
use crate::routes::{self, BookScreen};

/// Where opening the book stands.
#[derive(Clone)]
enum Opening {
    Loading,
    Ready(OpenBook, SetAsideParts),
    Failed(StoreError),
}

/// Loads the book named in the path into memory (once), provides it to the
/// screens below, and shows why if it cannot be opened.
#[component]
pub fn BookPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let state = RwSignal::new(Opening::Loading);
    // Only the book's id, not a child route's params (a report, an entry): a
    // change of those must not load the book again.
    let id = Memo::new(move |_| params.with(|p| p.get("id")));
    Effect::new(move || {
        let id = id.get();
        state.set(Opening::Loading);
        let Some(book_id) = id.and_then(|text| text.parse::<RecordId>().ok()) else {
            return state.set(Opening::Failed(StoreError::NotFound));
        };
        spawn_local(async move {
            let opened = match OpenBook::open(book_id).await {
                Ok((open, set_aside)) => Opening::Ready(open, SetAsideParts(set_aside.into())),
                Err(error) => Opening::Failed(error),
            };
            state.set(opened);
        });
    });
    move || match state.get() {
        Opening::Loading => view! {
            <Shell>
                <p class="kura-page kura-muted" aria-busy="true">{move || i18n.t().loading}</p>
            </Shell>
        }
        .into_any(),
        Opening::Ready(open, set_aside) => {
            provide_context(open);
            provide_context(set_aside);
            view! {
                <Shell book=open>
                    <Outlet />
                </Shell>
            }
            .into_any()
        }
        Opening::Failed(error) => view! {
            <Shell>
                <div class="kura-page">
                    <p class="kura-error" role="alert" data-testid="store-error">
                        {move || store_error(&error, i18n.locale())}
                    </p>
                    <p>
                        <a href=routes::BOOK_LIST>{move || i18n.t().back_to_books}</a>
                    </p>
                </div>
            </Shell>
        }
        .into_any(),
    }
}

/// `/books/<id>`: the book's first screen, its dashboard.
#[component]
pub fn BookHome() -> impl IntoView {
    let book = crate::app::use_open_book();
    let navigate = use_navigate();
    Effect::new(move || {
        navigate(
            &BookScreen::Dashboard.path(book.id),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        );
    });
}
