//! `/books/<id>/bank`: bank and card statements: import, map columns, confirm proposed entries, rules.

use leptos::prelude::*;

use super::files_nav::{FilesTab, FilesTabs};

#[component]
pub fn BankImportPage() -> impl IntoView {
    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Bank />
            {todo!("helper bank") as ()}
        </div>
    }
}
