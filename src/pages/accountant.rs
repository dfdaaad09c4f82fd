//! `/books/<id>/accountant`: the Yayoi and Money Forward journal exports, with the account-name mapping.

use leptos::prelude::*;

use super::files_nav::{FilesTab, FilesTabs};

#[component]
pub fn AccountantPage() -> impl IntoView {
    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Accountant />
            {todo!("helper accountant") as ()}
        </div>
    }
}
