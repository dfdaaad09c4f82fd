//! Creating a book: the form, the database, the persistence request.

use leptos::prelude::*;

use crate::app::Shell;
use crate::components::NewBookForm;

/// `/new`: a new book, whatever books exist already.
#[component]
pub fn NewBookPage() -> impl IntoView {
    view! {
        <Shell>
            <div class="kura-page">
                <NewBookForm />
            </div>
        </Shell>
    }
}
