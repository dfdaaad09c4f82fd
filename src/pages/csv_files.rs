//! `/books/<id>/csv`: CSV import (with header mapping) and export of journal entries, partners and items.

use leptos::prelude::*;

use super::files_nav::{FilesTab, FilesTabs};

#[component]
pub fn CsvFilesPage() -> impl IntoView {
    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Csv />
            {todo!("helper interchange") as ()}
        </div>
    }
}
