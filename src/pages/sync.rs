//! `/books/<id>/sync`: device sync: export changes for another device, import changes, review what a merge overwrote.

use leptos::prelude::*;

use super::files_nav::{FilesTab, FilesTabs};

#[component]
pub fn SyncPage() -> impl IntoView {
    view! {
        <div class="kura-page">
            <FilesTabs current=FilesTab::Sync />
            {todo!("helper sync") as ()}
        </div>
    }
}
