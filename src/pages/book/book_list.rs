//! `/`: the books in this browser. Open, rename, delete; or create the first one.

use kura_core::book::rename_book;
use kura_core::locale::format_datetime;
use kura_core::store::StoreError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::library::{delete_book, list_books, BookListing};
use crate::app::{write_closed_book, Shell, WriteError};
use crate::components::{
    use_toasts, Column, DataTable, DemoBookButton, Dialog, DialogActions, FormField, NewBookForm,
};
use crate::i18n::{settings_error, store_error, use_i18n};
use crate::routes::{self, BookScreen};

#[component]
pub fn BookListPage() -> impl IntoView {
    let i18n = use_i18n();
    // `None` until the list has been read.
    let books = RwSignal::new(None::<Result<Vec<BookListing>, StoreError>>);
    let reload = move || {
        spawn_local(async move {
            books.set(Some(list_books().await));
        })
    };
    reload();
    let renaming = RwSignal::new(None::<BookListing>);
    let deleting = RwSignal::new(None::<BookListing>);

    let content = move || match books.get() {
        None => view! { <p class="kura-muted">{move || i18n.t().loading}</p> }.into_any(),
        Some(Err(error)) => view! {
            <p class="kura-error" role="alert" data-testid="store-error">
                {move || store_error(&error, i18n.locale())}
            </p>
        }
        .into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <p class="kura-muted">{move || i18n.t().no_books}</p>
            <section class="kura-card kura-demo-offer">
                <p>{move || i18n.t().demo_intro}</p>
                <DemoBookButton primary=true />
            </section>
            <NewBookForm />
        }
        .into_any(),
        Some(Ok(list)) => view! { <BookTable books=list renaming deleting /> }.into_any(),
    };

    view! {
        <Shell>
            <div class="kura-page">
                <div class="kura-page__head">
                    <h1>{move || i18n.t().books_title}</h1>
                    <Show when=move || matches!(books.get(), Some(Ok(list)) if !list.is_empty())>
                        <div class="kura-row-actions">
                            <DemoBookButton />
                            <a class="kura-button kura-button--primary" href=routes::NEW_BOOK>
                                {move || i18n.t().new_book}
                            </a>
                        </div>
                    </Show>
                </div>
                <p class="kura-muted">{move || i18n.t().books_intro}</p>
                {content}
                <crate::components::RestoreBackup />
            </div>
            <RenameDialog target=renaming on_done=Callback::new(move |_| reload()) />
            <DeleteDialog target=deleting on_done=Callback::new(move |_| reload()) />
        </Shell>
    }
}

/// The table of books, with a rename and a delete button per row.
#[component]
fn BookTable(
    books: Vec<BookListing>,
    renaming: RwSignal<Option<BookListing>>,
    deleting: RwSignal<Option<BookListing>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let columns = vec![
        Column::text(
            move || i18n.t().book_name_column.to_string(),
            |b: &BookListing| {
                view! { <a href=BookScreen::Home.path(b.book_id)>{b.name.clone()}</a> }.into_any()
            },
        )
        .sortable_by(|a: &BookListing, b: &BookListing| a.name.cmp(&b.name)),
        Column::text(
            move || i18n.t().book_created_column.to_string(),
            move |b: &BookListing| created_text(b, i18n.locale()).into_any(),
        )
        .sortable_by(|a: &BookListing, b: &BookListing| a.created_ms.total_cmp(&b.created_ms)),
        Column::text(
            move || i18n.t().actions_column.to_string(),
            move |b: &BookListing| {
                let (for_rename, for_delete) = (b.clone(), b.clone());
                view! {
                    <div class="kura-row-actions">
                        <button type="button" class="kura-button" data-testid="rename-book"
                            on:click=move |_| renaming.set(Some(for_rename.clone()))>
                            {move || i18n.t().rename}
                        </button>
                        <button type="button" class="kura-button kura-button--danger" data-testid="delete-book"
                            on:click=move |_| deleting.set(Some(for_delete.clone()))>
                            {move || i18n.t().delete}
                        </button>
                    </div>
                }
                .into_any()
            },
        ),
    ];
    view! {
        <DataTable
            rows=Signal::stored(books)
            columns
            row_key=|b: &BookListing| b.book_id.to_string()
            row_test_id="book-row"
            label=Signal::derive(move || i18n.t().books_title.to_string())
        />
    }
}

fn created_text(book: &BookListing, locale: kura_core::locale::Locale) -> String {
    chrono::DateTime::from_timestamp_millis(book.created_ms as i64)
        .map(|at| format_datetime(at.with_timezone(&chrono::Local).naive_local(), locale))
        .unwrap_or_default()
}

/// Asks for a new name and renames the book through its change log.
#[component]
fn RenameDialog(target: RwSignal<Option<BookListing>>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    Effect::new(move || {
        if let Some(book) = target.get() {
            name.set(book.name.clone());
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            target.set(None);
        }
    });
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(book) = target.get_untracked() else {
            return;
        };
        let new_name = name.get_untracked();
        spawn_local(async move {
            let locale = i18n.locale.get_untracked();
            match write_closed_book(book.book_id, |b, ctx| rename_book(b, &new_name, ctx)).await {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().renamed.to_string());
                    on_done.run(());
                }
                Err(WriteError::Invalid(invalid)) => {
                    error.set(Some(settings_error(&invalid, locale)))
                }
                Err(WriteError::Store(failure)) => error.set(Some(store_error(&failure, locale))),
            }
        });
    };
    view! {
        <Dialog open title=Signal::derive(move || i18n.t().rename_title.to_string())>
            <form class="kura-form" on:submit=confirm novalidate>
                <FormField label=Signal::derive(move || i18n.t().new_name.to_string()) id="rename-input" error=error>
                    <input id="rename-input" type="text" data-testid="rename-input" bind:value=name />
                </FormField>
                <DialogActions open label=Signal::derive(move || i18n.t().rename) test_id="confirm-rename" />
            </form>
        </Dialog>
    }
}

/// Deletes a book after its name has been typed: the data is gone for good.
#[component]
fn DeleteDialog(target: RwSignal<Option<BookListing>>, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let typed = RwSignal::new(String::new());
    Effect::new(move || {
        if target.get().is_some() {
            typed.set(String::new());
            open.set(true);
        }
    });
    Effect::new(move || {
        if !open.get() {
            target.set(None);
        }
    });
    let book_name = move || target.get().map(|b| b.name).unwrap_or_default();
    let matches = move || {
        let name = book_name();
        !name.is_empty() && typed.get().trim() == name
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(book) = target.get_untracked() else {
            return;
        };
        if !matches() {
            return;
        }
        spawn_local(async move {
            match delete_book(book.book_id).await {
                Ok(()) => {
                    open.set(false);
                    toasts.success(i18n.t().deleted.to_string());
                    on_done.run(());
                }
                Err(failure) => toasts.error(store_error(&failure, i18n.locale.get_untracked())),
            }
        });
    };
    view! {
        <Dialog open title=Signal::derive(move || i18n.t().delete_title.to_string())>
            <form class="kura-form" on:submit=confirm novalidate>
                <p>{move || (i18n.t().delete_warning)(&book_name())}</p>
                <FormField
                    label=Signal::derive(move || i18n.t().type_name_to_confirm.to_string())
                    id="confirm-name"
                >
                    <input id="confirm-name" type="text" data-testid="confirm-name" autocomplete="off" bind:value=typed />
                </FormField>
                <DialogActions open label=Signal::derive(move || i18n.t().delete) test_id="confirm-delete" danger=true disabled=Signal::derive(move || !matches()) />
            </form>
        </Dialog>
    }
}
