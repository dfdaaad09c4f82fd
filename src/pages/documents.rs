//! Work in progress (sales and purchasing): filled in by its owner.

use leptos::prelude::*;

#[component]
pub fn DocumentsPage() -> impl IntoView {
    view! { <p>"DocumentsPage"</p> }
}
